"""Ingest many sources into a store: read, skip what is stored, analyse in batches, write one by one.

A source that cannot be read, or a document that cannot be stored, is an outcome like any other: it is
reported and recorded as a problem, and the batch goes on. Each document is written in one transaction,
with the snapshot of the source it came from (see `ingest.snapshots`).

Reading runs ahead of writing (documents are analysed in batches), but what changed is decided when a
source is written, in the order the sources were given: a later export of a channel, ingested in the same
run as an earlier one, is compared with the earlier one.

Where sources are read and documents analysed is a `Runner`: in this process (`InProcess`, the default),
or on the workers of a Dask cluster (`ingest.distributed`). Either way, what is stored is decided and
written here, by one writer, in order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any, BinaryIO, Protocol

import httpx

from ..config import Settings
from ..errors import CrisisLedgerError, InputError, TooLarge
from ..pipeline import analyse, refusal
from ..records import Document, Extraction
from ..store import Store
from .fetch import SourceGone
from .snapshots import (
    Change,
    Removal,
    Sighting,
    missing_messages,
    page_removal,
    record,
    record_removal,
    sightings,
    source_key,
)
from .sources import Reading, detect, expand_sources, read_one
from .telegram import TelegramExport
from .text import Metadata


@dataclass(frozen=True)
class Outcome:
    """What became of one source or document: "stored", "unchanged" (already stored, or not modified),
    "removed" (gone: its figures withdrawn) or "failed", and why; a "note" tells something worth knowing
    on the way (a file read in a legacy encoding). `change` is what the snapshot recorded, when one was."""

    source: str
    status: str
    document_id: str | None = None
    message: str | None = None
    extraction: Extraction | None = None
    change: Change | None = None
    error: InputError | None = None


#: What reads one item: `sources.read_one`, or a wrapper of it (the watch command retries).
Reader = Callable[..., Reading]


@dataclass(frozen=True)
class ReadJob:
    """How every source of one ingest is read: what a worker elsewhere needs to read them as this process
    would (the HTTP client and standard input stay here)."""

    as_kind: str | None = None
    defaults: Metadata = Metadata()
    max_bytes: int = 2_000_000
    allow_private: bool = False

    def arguments(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


#: One source to read: the item, and the options of its read (a URL's ETag and Last-Modified).
Request = tuple[str, dict[str, str | None]]


class Runner(Protocol):
    """Where sources are read and documents analysed. Both yield one result per input, in the order of
    their input, and may run ahead of what was taken from them; nothing they do touches the store."""

    def readings(
        self, requests: Iterable[Request], job: ReadJob, local: Callable[[Request], Reading]
    ) -> Iterator[Reading | InputError]:
        """Each request's Reading, or the InputError that reading it raised. `local` reads one request in
        this process (with the HTTP client, standard input and the `read` seam given to `ingest`)."""
        ...

    def analyses(self, documents: Iterable[Document], settings: Settings) -> Iterator[Extraction]:
        """Each document's Extraction (`pipeline.analyse`)."""
        ...


class InProcess:
    """Read and analyse here, one source after the other, documents parsed in batches."""

    def readings(
        self, requests: Iterable[Request], job: ReadJob, local: Callable[[Request], Reading]
    ) -> Iterator[Reading | InputError]:
        return (read_or_error(local, request) for request in requests)

    def analyses(self, documents: Iterable[Document], settings: Settings) -> Iterator[Extraction]:
        return analyse(documents, settings)


def read_or_error(local: Callable[[Request], Reading], request: Request) -> Reading | InputError:
    """The Reading of one request read here, or the InputError reading it raised (a runner's result)."""
    try:
        return local(request)
    except InputError as exc:
        return exc


@dataclass
class _Step:
    """Something to write, in order; a step with a `document` waits for its analysis, and `analysed` writes it."""

    write: Callable[[], list[Outcome]]
    document: Document | None = None
    analysed: Callable[[Extraction], list[Outcome]] | None = None


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    defaults: Metadata = Metadata(),
    overrides: Metadata = Metadata(),
    stdin: BinaryIO | None = None,
    on_sources: Callable[[int], None] | None = None,
    as_kind: str | None = None,
    allow_private: bool = False,
    client: httpx.Client | None = None,
    read: Reader = read_one,
    runner: Runner | None = None,
) -> Generator[Outcome, None, None]:
    """Yield Outcomes for the sources in `paths` (files, directories, URLs, lists of URLs, feeds, Telegram
    exports, "-"), in order. URLs read before are fetched conditionally (the last snapshot's ETag and
    Last-Modified). `read` is the seam the watch command wraps with retries (a runner that reads elsewhere
    uses `read_one` there). `defaults` fill what a source does not say; what `overrides` sets replaces what
    every document read says (the command line's --title, --outlet, --url, --published). `runner` reads and
    analyses: in this process unless another is given (`ingest.distributed.DaskRunner`)."""
    runner = runner or InProcess()
    job = ReadJob(as_kind=as_kind, defaults=defaults, max_bytes=settings.max_bytes, allow_private=allow_private)
    steps: deque[_Step] = deque()
    items: list[str] = []
    for path in paths:
        try:
            expanded = expand_sources([path], as_kind=as_kind, max_bytes=settings.max_bytes)
        except InputError as exc:  # a directory with no reports: said, and the other paths still read
            steps.append(_done(_failed(store, path, exc)))
            continue
        if path != "-" and os.path.isdir(path) and detect(path) == "directory":
            # a README in a folder of reports describes them; it is not one of them
            expanded = [item for item in expanded if not os.path.basename(item).lower().startswith("readme")]
        items.extend(expanded)
    if on_sources is not None:
        on_sources(len(items) + len(steps))
    seen: set[str] = set()

    def requests() -> Iterator[Request]:
        for item in items:
            key = source_key(item)
            # asked when the request is made, which may be ahead of writing: as when reading ran ahead of
            # the analysis in batches
            yield item, _validators(store, key) if key is not None and key == item and "://" in item else {}

    def local(request: Request) -> Reading:
        item, options = request
        return read(item, **job.arguments(), client=client, stdin=stdin, **options)

    def documents() -> Iterator[Document]:
        for item, reading in zip(items, runner.readings(requests(), job, local), strict=True):
            key = source_key(item)
            if isinstance(reading, SourceGone):
                steps.append(_Step(partial(_gone, store, item, key, reading)))
                continue
            if isinstance(reading, InputError):
                steps.append(_done(_failed(store, item, reading)))
                continue
            for note in reading.notes:  # a feed entry's page not read (the address guard, a 404...): said
                steps.append(_done(Outcome(item, "note", message=note)))
            yield from _plan(store, item, key, _overridden(reading, overrides), steps, seen, settings.max_chars)

    for extraction in runner.analyses(documents(), settings):
        while steps:
            step = steps.popleft()
            if step.document is None or step.analysed is None:
                yield from step.write()
                continue
            assert step.document.id == extraction.document.id  # analysis keeps the order of its input
            yield from step.analysed(extraction)
            break
    while steps:
        yield from steps.popleft().write()


def _overridden(reading: Reading, overrides: Metadata) -> Reading:
    """The reading with the metadata that `overrides` sets in each of its documents."""
    given = {f.name: getattr(overrides, f.name) for f in fields(overrides) if getattr(overrides, f.name) is not None}
    if not given:
        return reading
    return replace(reading, documents=tuple(replace(document, **given) for document in reading.documents))


def _validators(store: Store, key: str) -> dict[str, str | None]:
    """The ETag and Last-Modified of a URL's last version, for a conditional request."""
    latest = store.latest_snapshot(key)
    if latest is None or latest.change == "removed":
        return {}
    return {"etag": latest.etag, "last_modified": latest.last_modified}


def _done(outcome: Outcome) -> _Step:
    return _Step(partial(list, [outcome]))  # the outcome alone


def _plan(
    store: Store, item: str, key: str | None, reading: Reading, steps: deque[_Step], seen: set[str], max_chars: int
) -> Iterator[Document]:
    """Queue the writes of one reading, and yield the documents that need analysing (those not longer than
    `max_chars`: a longer one is refused, a problem of its source)."""
    if key is None:  # standard input: no source to keep versions of
        for document in reading.documents:
            if document.id in seen or store.has_document(document.id):
                message = f"{item} is already stored as {document.id}"
                steps.append(_done(Outcome(item, "unchanged", document.id, message)))
                continue
            seen.add(document.id)
            yield from _analysed(store, item, document, steps, partial(_stored, store, None), max_chars)
        return
    for sighting in sightings(reading, key):
        read = sighting.document
        label = item if sighting.source == key else (read.source if read else None) or sighting.source
        if read is None:
            steps.append(_Step(partial(_seen, store, sighting, label)))
        elif read.id in seen or store.has_document(read.id):
            steps.append(_Step(partial(_known, store, sighting, label, label != item)))
        else:
            seen.add(read.id)
            yield from _analysed(store, label, read, steps, partial(_stored, store, sighting), max_chars)
    if reading.export is not None:
        # After the export's posts are written, and before the next source: what it lacks is decided then.
        steps.append(_Step(partial(_missing, store, reading.export, key, reading.seen_at)))


def _analysed(
    store: Store,
    label: str,
    document: Document,
    steps: deque[_Step],
    write: Callable[[Extraction], list[Outcome]],
    max_chars: int,
) -> Iterator[Document]:
    refused = refusal(document, max_chars)
    if refused is not None:
        # a problem of its source, like one that cannot be read: kept when the writes reach it, in order
        steps.append(_Step(lambda: [_failed(store, label, TooLarge(f"{label}: {refused}"))]))
        return
    if document.encoding not in ("utf-8", "ascii"):
        steps.append(_done(Outcome(label, "note", document.id, f"{label}: not UTF-8; read as {document.encoding}")))
    steps.append(_Step(list, document, write))  # `list`: nothing to write until the analysis is done
    yield document


def _failed(store: Store, item: str, error: InputError) -> Outcome:
    """A source (or a report of it) that could not be read or analysed: its problem is kept in the store, and
    the outcome says it."""
    store.add_problem(item, str(error))
    return Outcome(item, "failed", message=str(error), error=error)


def _stored(store: Store, sighting: Sighting | None, extraction: Extraction) -> list[Outcome]:
    source = extraction.document.source or extraction.document.id
    try:
        if sighting is None:
            stored, change = store.add(extraction), None
        else:
            change = record(store, sighting, extraction)
            stored = change.stored
    except CrisisLedgerError as exc:
        return [Outcome(source, "failed", extraction.document.id, f"{source}: {exc}")]
    if not stored:
        return [Outcome(source, "unchanged", extraction.document.id, f"{source} is already stored", change=change)]
    return [Outcome(source, "stored", extraction.document.id, extraction=extraction, change=change)]


def _known(store: Store, sighting: Sighting, label: str, many: bool) -> list[Outcome]:
    """A document already stored: its snapshot says whether the source changed (back to an old version)."""
    assert sighting.document is not None
    change = record(store, sighting)
    document_id = sighting.document.id
    if change.change == "unchanged" and many:
        message = None  # one post of a re-read export: not worth a line each
    elif change.change in ("unchanged", "new"):
        message = f"{label} is already stored as {document_id}"
    else:
        message = f"{label}: {change.change}, back to a version already stored as {document_id}"
    return [Outcome(label, "unchanged", document_id, message, change=change)]


def _seen(store: Store, sighting: Sighting, label: str) -> list[Outcome]:
    """A source read as a whole (a feed, an export, a page not modified): its snapshot alone."""
    change = record(store, sighting)
    if sighting.not_modified:
        when = f" since {change.snapshot.last_modified}" if change.snapshot.last_modified else ""
        message = f"{label}: not modified{when} (HTTP 304); nothing new to store"
        return [Outcome(label, "unchanged", change.snapshot.document_id, message, change=change)]
    return []


def _gone(store: Store, item: str, key: str | None, exc: SourceGone) -> list[Outcome]:
    """A 404 or 410: a removal when the source had a version, else a failure like any other."""
    removal = page_removal(key, item, exc.status, datetime.now(UTC)) if key is not None else None
    change = record_removal(store, removal) if removal is not None else None
    if removal is None or change is None:
        return [_failed(store, item, exc)]
    if change.change == "unchanged":
        return [Outcome(item, "unchanged", None, f"{item}: still gone (HTTP {exc.status})", change=change)]
    return [_removal_outcome(item, removal, change)]


def _missing(store: Store, export: TelegramExport, key: str, seen_at: datetime) -> list[Outcome]:
    return [_removed(store, removal) for removal in missing_messages(store, export, key, seen_at)]


def _removed(store: Store, removal: Removal) -> Outcome:
    change = record_removal(store, removal)
    assert change is not None  # missing_messages only finds sources with snapshots
    return _removal_outcome(removal.source, removal, change)


def _removal_outcome(label: str, removal: Removal, change: Change) -> Outcome:
    if change.change != "removed":  # already recorded as removed: still gone
        return Outcome(label, "unchanged", None, f"{label}: still removed", change=change)
    message = f"{label}: {removal.what} {removal.why.rstrip('.')}; {len(change.withdrawn)} figure(s) withdrawn"
    return Outcome(label, "removed", change.snapshot.document_id, message, change=change)
