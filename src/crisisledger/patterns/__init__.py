"""Lexicons kept as data (YAML), loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

#: libyaml's loader where PyYAML was built with it: the same data, about ten times faster than the pure-Python
#: one (0.5 s of every command that reads the lexicons).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load(name: str) -> Any:
    """The parsed contents of `patterns/<name>.yml`."""
    with resources.files(__package__).joinpath(f"{name}.yml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=LOADER)
