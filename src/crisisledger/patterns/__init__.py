"""Lexicons kept as data (YAML), loaded once."""

from __future__ import annotations

import gzip
import io
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

#: The layout of the indexes shipped here (`*.json.gz`, built by scripts/build_gazetteer.py); raised when it
#: changes, so that an old file is never read as a new one.
INDEX_FORMAT = 1


def load(name: str, package: str = __package__) -> Any:
    """The parsed contents of `patterns/<name>.yml`, or of `<name>.yml` in another package of pattern files
    (a language's: `patterns.ru`), read once per process."""
    return _load(package, name)


@cache  # keyed on both, however they were passed: `load(name)` and `load(name, __package__)` are one reading
def _load(package: str, name: str) -> Any:
    with resources.files(package).joinpath(f"{name}.yml").open(encoding="utf-8") as handle:
        return parse_yaml(handle)


def parse_yaml(source: Any) -> Any:
    """A YAML document (text or an open file) read with the safe loader."""
    import yaml  # on first use: the CLI imports this package before any command needs a lexicon

    # libyaml's safe loader reads the same documents as PyYAML's own, about ten times as fast (events.yml: 30 ms
    # instead of 260 ms, which every ingest and the `events` view used to pay); PyYAML's where libyaml is missing.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(source, Loader=loader)


def read_index(path: Path) -> dict[str, Any]:
    """A shipped index (gzip'd JSON) as its builder made it; a ValueError if it is of another format."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        data: dict[str, Any] = json.load(lines)
    if data.get("format") != INDEX_FORMAT:
        raise ValueError(
            f"{path} is an index of format {data.get('format')!r}, but format {INDEX_FORMAT} is read here; "
            "rebuild it with scripts/build_gazetteer.py"
        )
    return data


def index_bytes(data: dict[str, Any]) -> bytes:
    """An index as bytes: sorted keys, no timestamp or file name in the gzip header, so the same data always
    makes the same file."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(text.encode("utf-8"))
    return buffer.getvalue()
