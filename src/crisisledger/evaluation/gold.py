"""Gold files: the records a person found by reading a report, as JSON.

One file per report, with one list per record kind (an empty list says the report has none):

    {
      "about": "what the report is and who wrote it",
      "source": "../shared/seed/000_95742a9c64edf293.txt",   (default: the .txt beside the .json)
      "document_id": "f2cd3a40003c0271",                      (optional: pins the text the spans point into)
      "figures":    [{"kind": "killed", "min": 164, "max": 164, "claimant": "...", ...}],
      "statements": [{"speaker": "...", "text": "..."} or {"speaker": "...", "span": [start, end]}],
      "roles":      [{"actor": "...", "change": "arrested", "title": "head", ...}],
      "events":     [{"type": "curfew", "date_start": "2022-01-05", ...}],
      "actors":     [{"name": "...", "type": "person", "aliases": [...]}]
    }

`source` is relative to the repository root. A statement may give its text as a character span of the
report instead of the words themselves: the seed belongs to an outlet, so its sentences are never copied
here. A field left out is not scored; a field given as null must be found empty. Any record may carry a
`note` (for the reader) and `"optional": true` (see `scoring`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CrisisLedgerError
from ..ingest.text import read_path
from ..records import Document
from .paths import ROOT
from .scoring import KINDS, Gold

_EXTRA_FIELDS = {"note", "optional"}
_KIND_EXTRAS = {"statements": {"span"}, "actors": {"aliases"}}


class GoldError(CrisisLedgerError):
    """A gold file that cannot be read, or whose report has changed under it."""


@dataclass(frozen=True)
class Report:
    """A report and its gold records, by kind name ("figures", "statements"...)."""

    name: str
    document: Document
    gold: Mapping[str, tuple[Gold, ...]]


def read_gold(path: Path, root: Path = ROOT) -> Report:
    """The report a gold file describes, and its gold records."""
    where = _shown(path, root)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"{where}: cannot be read as JSON ({exc}); fix the file or remove it.") from None
    if not isinstance(data, dict):
        raise GoldError(f"{where}: must hold a JSON object (got {type(data).__name__}).")
    source = root / data["source"] if "source" in data else path.with_suffix(".txt")
    if not source.exists():
        raise GoldError(f"{where}: its report {source} does not exist; put it there or fix 'source'.")
    document = read_path(source)
    pinned = data.get("document_id")
    if pinned is not None and pinned != document.id:
        raise GoldError(
            f"{where}: was written for document {pinned}, but {source} is now document {document.id}; "
            "check the spans in it against the new text, then update 'document_id'."
        )
    gold = {}
    for kind in KINDS:
        if kind.name not in data:
            raise GoldError(f"{where}: '{kind.name}' is missing; write [] when the report has none.")
        allowed = {*kind.key, *kind.fields, *_EXTRA_FIELDS, *_KIND_EXTRAS.get(kind.name, ())}
        records = []
        for index, item in enumerate(data[kind.name]):
            at = f"{where} {kind.name}[{index}]"
            records.append(_record(item, at, allowed, set(kind.key), document))
        gold[kind.name] = tuple(records)
    return Report(path.stem, document, gold)


def _record(item: Any, at: str, allowed: set[str], required: set[str], document: Document) -> Gold:
    if not isinstance(item, dict):
        raise GoldError(f"{at}: must be an object (got {item!r} that is a {type(item).__name__}).")
    fields = dict(item)
    if "span" in fields:
        start, end = fields.pop("span")
        if not 0 <= start < end <= len(document.text):
            raise GoldError(f"{at}: 'span' must lie inside the report's {len(document.text)} chars (got {start, end}).")
        fields["text"] = document.text[start:end]
    unknown = set(fields) - allowed
    if unknown:
        raise GoldError(f"{at}: unknown field {sorted(unknown)[0]!r}; the fields of this kind are {sorted(allowed)}.")
    missing = required - set(fields)
    if missing:
        raise GoldError(f"{at}: {sorted(missing)[0]!r} is missing; give it (null when there is none).")
    optional = fields.pop("optional", False)
    if not isinstance(optional, bool):
        raise GoldError(f"{at}: 'optional' must be true or false (got {optional!r}).")
    fields.pop("note", None)
    return Gold(fields, optional, at)


def read_all(paths: list[Path], root: Path = ROOT) -> list[Report]:
    return [read_gold(path, root) for path in paths]


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)
