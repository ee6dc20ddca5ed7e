"""Lexicons kept as data (YAML), loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """The parsed contents of `patterns/<name>.yml`."""
    import yaml  # on first use: the CLI imports this package before any command needs a lexicon

    with resources.files(__package__).joinpath(f"{name}.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
