"""Lexicons kept as data (YAML), loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """The parsed contents of `patterns/<name>.yml`."""
    with resources.files(__package__).joinpath(f"{name}.yml").open(encoding="utf-8") as handle:
        return parse_yaml(handle)


def parse_yaml(source: Any) -> Any:
    """A YAML document (text or an open file) read with the safe loader."""
    import yaml  # on first use: the CLI imports this package before any command needs a lexicon

    # libyaml's safe loader reads the same documents as PyYAML's own, about ten times as fast (events.yml: 30 ms
    # instead of 260 ms, which every ingest and the `events` view used to pay); PyYAML's where libyaml is missing.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(source, Loader=loader)
