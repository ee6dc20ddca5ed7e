"""Ingest many sources into a store: read, skip what is stored, analyse in batches, write one by one.

A source that cannot be read, or a document that cannot be stored, is an outcome like any other: it is
reported and recorded as a problem, and the batch goes on. Each document is written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from ..config import Settings
from ..errors import CrisisLedgerError, InputError
from ..pipeline import analyse
from ..records import Document, Extraction
from ..store import Store
from .text import Metadata, expand, read_source


@dataclass(frozen=True)
class Outcome:
    """What became of one source: "stored", "unchanged" (already stored) or "failed", and why; a "note"
    tells something worth knowing on the way (a file read in a legacy encoding)."""

    source: str
    status: str
    document_id: str | None = None
    message: str | None = None
    extraction: Extraction | None = None


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    defaults: Metadata = Metadata(),
    stdin: BinaryIO | None = None,
    on_sources: Callable[[int], None] | None = None,
) -> Iterator[Outcome]:
    """Yield one Outcome per source in `paths` (files, directories, "-"), in order of completion."""
    pending: list[Outcome] = []  # outcomes met while reading, yielded before the next analysis result
    items: list[str] = []
    for path in paths:
        try:
            items.extend(expand([path]))
        except InputError as exc:  # a directory with no reports: said, and the other paths still read
            store.add_problem(path, str(exc))
            pending.append(Outcome(path, "failed", message=str(exc)))
    if on_sources is not None:
        on_sources(len(items) + len(pending))
    seen: set[str] = set()

    def documents() -> Iterator[Document]:
        for item in items:
            try:
                document = read_source(item, defaults=defaults, max_bytes=settings.max_bytes, stdin=stdin)
            except InputError as exc:
                store.add_problem(item, str(exc))
                pending.append(Outcome(item, "failed", message=str(exc)))
                continue
            if document.id in seen or store.has_document(document.id):
                pending.append(Outcome(item, "unchanged", document.id, f"{item} is already stored as {document.id}"))
                continue
            seen.add(document.id)
            if document.encoding not in ("utf-8", "ascii"):
                pending.append(Outcome(item, "note", document.id, f"{item}: not UTF-8; read as {document.encoding}"))
            yield document

    for extraction in analyse(documents(), settings):
        yield from pending
        pending.clear()
        source = extraction.document.source or extraction.document.id
        try:
            store.add(extraction)
        except CrisisLedgerError as exc:
            yield Outcome(source, "failed", extraction.document.id, f"{source}: {exc}")
        else:
            yield Outcome(source, "stored", extraction.document.id, extraction=extraction)
    yield from pending
