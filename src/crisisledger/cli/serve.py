"""`crisisledger serve`: the web app and the REST API over a store (docs/web.md)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from .common import DbOption, _open_existing, app, clean, err, fail, say

TOKEN_ENV = "CRISISLEDGER_TOKEN"


def _token(token_file: Path | None, generate: bool) -> str | None:
    """The token writes need: from --token-file, else $CRISISLEDGER_TOKEN, else (on loopback) a new one."""
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise fail(f"Cannot read the token file {token_file}: {error.strerror or error}.") from None
        if not token:
            raise fail(f"The token file {token_file} is empty.")
        return token
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    return secrets.token_urlsafe(24) if generate else None


@app.command(
    epilog="Examples:\n\n  crisisledger serve\n\n  crisisledger serve --port 8080 --db team.db\n\n"
    "  CRISISLEDGER_TOKEN=... crisisledger serve --host 0.0.0.0"
)
def serve(
    host: Annotated[str, typer.Option(help="The address to listen on; anything but loopback needs a token.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on.")] = 8000,
    token_file: Annotated[
        Path | None, typer.Option("--token-file", help="A file with the token reviews need (else $CRISISLEDGER_TOKEN).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Serve the ledger as web pages and a REST API (/api/v1, /openapi.json) until Ctrl-C.

    Reads are open on loopback; reviews need the token. On loopback with no token given, a new one is made and
    printed for this run.
    """
    import uvicorn

    from ..web import Settings, create_app
    from ..web.app import is_loopback

    loopback = is_loopback(host)
    token = _token(token_file, generate=loopback)
    if not loopback:
        say("warning", f"serving on {host}, not loopback: every request needs the token.")
        if token is None:
            raise fail(f"Serving on {host} needs a token: set {TOKEN_ENV} or give --token-file.")
    store = _open_existing(db)
    application = create_app(Settings(db=store.where, host=host, token=token), store=store)
    shown = f"[{host}]" if ":" in host else host
    where = clean(application.state.store.where)
    err.print(Text(f"crisisledger: serving {where} at http://{clean(shown)}:{port}/ (Ctrl-C stops)"))
    if token is not None and token_file is None and not os.environ.get(TOKEN_ENV):
        err.print(Text(f"crisisledger: the token for reviews in this run: {token}"))
    uvicorn.run(application, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)
