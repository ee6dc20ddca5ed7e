"""The `crisisledger` command: a thin Typer shell over the library, one module per concern."""

from __future__ import annotations

import sys

from ..errors import CrisisLedgerError

# Commands are listed in --help in the order they are registered: sources, views, export, then review.
from . import ingest  # isort: skip
from . import views  # isort: skip
from . import export  # isort: skip
from . import review  # isort: skip
from . import serve  # isort: skip
from .common import app, format_value, say

__all__ = ["app", "main", "format_value", "export", "ingest", "review", "serve", "views"]


def main() -> None:
    try:
        app()
    except CrisisLedgerError as exc:  # anything the commands did not catch still gets one line
        say("error", str(exc))
        sys.exit(2)
