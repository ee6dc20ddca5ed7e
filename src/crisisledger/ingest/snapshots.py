"""Versions of sources: every read of a source is a snapshot, and comparing it with the last one tells what
changed in the ledger.

    Reading ──sightings()──> Sighting per source read (the page, the feed, the export)
                             and per document inside it (a feed's entries, an export's messages)
    Sighting ──record()────> Snapshot "new" | "unchanged" | "edited" (figures revised) | "restored"
    gone ────record_removal()> Snapshot "removed" + a notice document + a `withdrawn` change per figure

Decisions, and why:

- A source's key is what is read again next time: a URL as given (not where it redirected: that may
  change), a file's absolute path, `telegram:<channel id>/<message id>` for a post (an export is a file,
  but a post is the thing that is edited or deleted), `<feed>#<entry id>` (or the page it links to) for an
  entry. Standard input has no key: two reports piped in one after the other are not versions of anything.
- Nothing is overwritten. Documents are keyed by their text, so an edited page is a new document beside
  the old one, and every snapshot points at the version it saw.
- Edited: a figure of the previous version is "revised" when the new version has a figure of the same kind,
  claimant, population and place (where both name one) with another value. Figures whose value is in both
  versions pair first, so a new, separate count is not mistaken for a revision. The change is written with
  the new document (its evidence is the new figure's sentence), pointing at the old figure, dated when the
  source says it changed (a post's edit date) or else when it was seen, by the source.
- Removed: HTTP 404/410 for a URL that had a version, or a post missing from a later export of the same
  channel whose messages span the post's date (an export of the last week says nothing of older posts).
  Every figure of the last version is `withdrawn`, dated when the removal was first seen (for an export:
  its date), by the source (the channel, or the site's host). A status change needs evidence in a stored
  document, and a deletion leaves no words behind, so crisisledger writes a short notice of its own (outlet:
  the source; date: the day the removal was seen; its text says what was missing from what and names the
  removed version's document) and stores the withdrawals with it. `show` on the notice tells the story;
  the removed version's own text stays stored.
- Feed entries that drop out of a feed are not removals: feeds keep only their latest entries.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..records import Document, Evidence, Extraction, Figure, StatusChange
from ..store import Snapshot, Store

if TYPE_CHECKING:  # `crisisledger history` reads snapshots without the readers (httpx, trafilatura)
    from .sources import Reading
    from .telegram import TelegramExport

__all__ = [
    "Change",
    "Removal",
    "Sighting",
    "Version",
    "channel_prefix",
    "history",
    "message_key",
    "missing_messages",
    "page_removal",
    "record",
    "record_removal",
    "revisions",
    "sightings",
    "source_key",
]

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Sighting:
    """One version of one source as read, before the store says what changed."""

    source: str  # the key (see the module docstring)
    kind: str  # html, text, feed, telegram, urls for a source read; message, entry, page for one inside it
    seen_at: datetime
    by: str  # who changes it: the channel, the site's host, the file's outlet or name
    document: Document | None = None
    content_hash: str | None = None
    not_modified: bool = False  # HTTP 304
    http_status: int | None = None
    exported_at: datetime | None = None
    posted_at: datetime | None = None
    #: When the source says this version came about (a post's edit date); changes are dated by it.
    changed_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    via: str | None = None  # the feed or export it was read from


@dataclass(frozen=True)
class Change:
    """What the store made of a sighting or a removal."""

    snapshot: Snapshot
    revised: tuple[tuple[Figure, Figure], ...] = ()  # (old, new)
    withdrawn: tuple[Figure, ...] = ()
    notice: Document | None = None  # the removal notice crisisledger wrote
    stored: bool = False  # whether a new document was written

    @property
    def change(self) -> str:
        return self.snapshot.change


# Keys ------------------------------------------------------------------------------------------------------


def source_key(item: str) -> str | None:
    """The key of an item as given on the command line: a URL as it is, a file's absolute path; None for "-"."""
    if item == "-":
        return None
    if _SCHEME.match(item):
        return item
    return os.path.abspath(item)


def _channel(export: TelegramExport) -> str:
    if export.channel_id is not None:
        return str(export.channel_id)
    return export.channel_username or export.channel_name


def message_key(export: TelegramExport, message_id: int) -> str:
    return f"{channel_prefix(export)}{message_id}"


def channel_prefix(export: TelegramExport) -> str:
    """What the keys of a channel's posts start with: `telegram:<channel id>/`."""
    return f"telegram:{_channel(export)}/"


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Sightings -------------------------------------------------------------------------------------------------


def sightings(reading: Reading, key: str) -> list[Sighting]:
    """The sightings of one reading: the source read (carrying its document when it holds one), then one per
    document when it holds many: a feed's entries, an export's posts, the pages of a list of URLs."""
    fetched = reading.fetch
    documents = reading.documents
    single = reading.kind in ("text", "html") and len(documents) == 1
    first = documents[0] if documents else None
    if reading.export is not None:
        by = reading.export.channel_name
    elif fetched is not None:
        by = _host(fetched.final_url)
    else:
        by = (first.outlet if single and first is not None else None) or os.path.basename(key) or key
    source = Sighting(
        source=key,
        kind=reading.kind,
        seen_at=reading.seen_at,
        by=by,
        document=first if single else None,
        content_hash=reading.content_hash,
        not_modified=reading.not_modified,
        http_status=fetched.status if fetched is not None else None,
        exported_at=reading.export.exported_at if reading.export is not None else None,
        etag=fetched.etag if fetched is not None else None,
        last_modified=fetched.last_modified if fetched is not None else None,
    )
    found = [source]
    if single or reading.not_modified:
        return found
    if reading.export is not None:
        export = reading.export
        by_id = {document.id: document for document in documents}
        for message in export.messages:
            document = by_id.get(message.document_id or "")
            if document is None:
                continue
            found.append(
                Sighting(
                    source=message_key(export, message.id),
                    kind="message",
                    seen_at=reading.seen_at,
                    by=export.channel_name,
                    document=document,
                    content_hash=_text_hash(document.text),
                    exported_at=export.exported_at,
                    posted_at=message.date,
                    changed_at=message.edit_date or export.exported_at,
                    via=key,
                )
            )
        return found
    kind = "entry" if reading.kind == "feed" else "page"
    for document in documents:
        found.append(
            Sighting(
                source=document.source or f"{key}#{document.id}",
                kind=kind,
                seen_at=reading.seen_at,
                by=document.outlet or by,
                document=document,
                content_hash=_text_hash(document.text),
                via=key,
            )
        )
    return found


# Recording -------------------------------------------------------------------------------------------------


def record(store: Store, sighting: Sighting, extraction: Extraction | None = None) -> Change:
    """Record a sighting: compare it with the source's last snapshot, and store the snapshot with the new
    document (its `extraction`, when it was analysed) and the `revised` changes an edit brings."""
    history = store.snapshots(sighting.source)
    latest = history[-1] if history else None
    version = _last_version(history)
    snapshot = Snapshot(
        source=sighting.source,
        kind=sighting.kind,
        change="new",
        seen_at=sighting.seen_at,
        content_hash=sighting.content_hash,
        document_id=sighting.document.id if sighting.document is not None else None,
        http_status=sighting.http_status,
        exported_at=sighting.exported_at,
        posted_at=sighting.posted_at,
        etag=sighting.etag,
        last_modified=sighting.last_modified,
        via=sighting.via,
    )
    if sighting.not_modified:
        # 304: the version is the one seen last; keep its validators for the next conditional request.
        previous = version or latest
        snapshot = replace(
            snapshot,
            change="unchanged",
            content_hash=previous.content_hash if previous else None,
            document_id=previous.document_id if previous else None,
            etag=sighting.etag or (previous.etag if previous else None),
            last_modified=sighting.last_modified or (previous.last_modified if previous else None),
        )
    elif latest is not None:
        snapshot = replace(snapshot, change=_change(sighting, latest, version))
    revised: list[tuple[Figure, Figure]] = []
    if extraction is not None and snapshot.change in ("edited", "restored") and version is not None:
        if version.document_id is not None and version.document_id != snapshot.document_id:
            revised = revisions(store.figures(version.document_id), extraction.figures)
    if extraction is None:
        return Change(store.add_snapshot(snapshot))
    date = (sighting.changed_at or sighting.seen_at).date()
    changes = tuple(StatusChange(old.id, "revised", new.evidence, date=date, by=sighting.by) for old, new in revised)
    extraction = replace(extraction, status_changes=extraction.status_changes + changes)
    stored = store.add(extraction, snapshots=[snapshot])
    return Change(store.latest_snapshot(sighting.source) or snapshot, revised=tuple(revised), stored=stored)


def _last_version(history: Sequence[Snapshot]) -> Snapshot | None:
    """The last snapshot that saw a version with a document (not a removal notice)."""
    return next((s for s in reversed(history) if s.change != "removed" and s.document_id is not None), None)


def _change(sighting: Sighting, latest: Snapshot, version: Snapshot | None) -> str:
    if latest.change == "removed":
        return "restored"
    if sighting.document is None:  # a feed or an export as a whole: its bytes tell
        return "unchanged" if sighting.content_hash == latest.content_hash else "edited"
    if version is not None and version.document_id == sighting.document.id:
        return "unchanged"  # the bytes may differ (a page's sidebar), the report does not
    return "edited"


def revisions(old: Iterable[Figure], new: Iterable[Figure]) -> list[tuple[Figure, Figure]]:
    """Pairs (old figure, new figure) of the same count with another value (see the module docstring)."""
    unmatched_old = list(old)
    unmatched_new = list(new)
    for figure in list(unmatched_old):  # the same value in both versions: not revised
        same = next((f for f in unmatched_new if _counterpart(figure, f) and _value(f) == _value(figure)), None)
        if same is not None:
            unmatched_old.remove(figure)
            unmatched_new.remove(same)
    pairs: list[tuple[Figure, Figure]] = []
    for figure in unmatched_old:
        other = next((f for f in unmatched_new if _counterpart(figure, f)), None)
        if other is not None:
            unmatched_new.remove(other)
            pairs.append((figure, other))
    return pairs


def _value(figure: Figure) -> tuple[int | None, int | None]:
    return figure.min, figure.max


def _counterpart(a: Figure, b: Figure) -> bool:
    """Whether two figures of two versions count the same thing for the same claimant."""
    if a.kind != b.kind or a.population != b.population or (a.part_of is None) != (b.part_of is None):
        return False
    if (a.claimant or "").casefold() != (b.claimant or "").casefold():
        return False
    return a.place is None or b.place is None or a.place.name.casefold() == b.place.name.casefold()


# History ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """A snapshot as `crisisledger history` shows it: with what it changed in the ledger."""

    snapshot: Snapshot
    revised: int = 0  # figures of the previous version this one revised
    withdrawn: int = 0  # figures a removal withdrew

    @property
    def summary(self) -> str:
        change = self.snapshot.change
        if change == "edited" and self.revised:
            return f"edited ({self.revised} figure(s) revised)"
        if change == "removed":
            return f"removed ({self.withdrawn} figure(s) withdrawn)"
        return change


def history(store: Store, source: str) -> list[Version]:
    """The versions of a source, oldest first, and those of what was read through it (an export's posts, a
    feed's entries). `source` is a key, a path (made absolute) or the start of keys (`telegram:<channel>/`)."""
    key = source if store.snapshots(source) else source_key(source) or source
    found = store.snapshots(key) + store.snapshots(via=key)
    if not found:
        found = [s for prefixed in store.sources(prefix=source) for s in store.snapshots(prefixed)]
    changes: dict[str, list[StatusChange]] = {}
    for document_id in {s.document_id for s in found if s.change in ("edited", "removed", "restored")}:
        if document_id is not None:
            changes[document_id] = store.status_changes(document_id=document_id)
    versions = []
    for snapshot in sorted(found, key=lambda s: s.id):
        own = changes.get(snapshot.document_id or "", [])
        versions.append(
            Version(
                snapshot,
                revised=sum(c.status == "revised" for c in own),
                withdrawn=sum(c.status == "withdrawn" for c in own),
            )
        )
    return versions


# Removals --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Removal:
    """A source found gone: what is said of it in the notice, and what its snapshot records."""

    source: str
    kind: str
    seen_at: datetime  # when crisisledger saw it gone
    by: str
    what: str  # "Message 3 of the Telegram channel X, posted on 2023-03-14,"
    why: str  # "is missing from the export of 2023-03-16, which covers 2023-03-13 to 2023-03-16."
    url: str | None = None
    http_status: int | None = None
    exported_at: datetime | None = None
    posted_at: datetime | None = None
    via: str | None = None
    #: The date the withdrawals take: when the source was first seen without it (an export's date), else seen_at.
    removed_at: datetime | None = None

    @property
    def dated(self) -> datetime:
        return self.removed_at or self.seen_at


def record_removal(store: Store, removal: Removal) -> Change | None:
    """Record that a source is gone: a notice document, a `withdrawn` change for every figure of its last
    version, and a "removed" snapshot, in one transaction. None when the source was never read; a source
    already removed gets an "unchanged" snapshot (still gone)."""
    from .html import document_with_header  # trafilatura: only when a removal is recorded

    history = store.snapshots(removal.source)
    if not history:
        return None
    snapshot = Snapshot(
        source=removal.source,
        kind=removal.kind,
        change="removed",
        seen_at=removal.seen_at,
        http_status=removal.http_status,
        exported_at=removal.exported_at,
        posted_at=removal.posted_at or history[-1].posted_at,
        via=removal.via,
    )
    if history[-1].change == "removed":
        return Change(store.add_snapshot(replace(snapshot, change="unchanged")))
    version = _last_version(history)
    figures = store.figures(version.document_id) if version is not None and version.document_id else []
    kept = f" Its last version is kept as document {version.document_id}." if version and version.document_id else ""
    sentence = f"{removal.what} {removal.why}"
    body = f"{sentence}{kept} This notice was written by crisisledger, which recorded the removal.\n"
    notice = document_with_header(
        body,
        source=removal.source,
        title=f"Removed: {removal.what.rstrip(',')}",
        outlet=removal.by,
        url=removal.url,
        published=removal.dated.date(),
    )
    evidence = Evidence.of(notice, notice.body_start, notice.body_start + len(sentence))
    withdrawn = tuple(
        StatusChange(figure.id, "withdrawn", evidence, date=removal.dated.date(), by=removal.by) for figure in figures
    )
    snapshot = replace(snapshot, document_id=notice.id)
    stored = store.add(Extraction(document=notice, status_changes=withdrawn), snapshots=[snapshot])
    return Change(
        store.latest_snapshot(removal.source) or snapshot, withdrawn=tuple(figures), notice=notice, stored=stored
    )


def page_removal(key: str, url: str, status: int | None, seen_at: datetime) -> Removal:
    """The removal of a page or feed that answers 404 or 410."""
    reason = {404: "404 Not Found", 410: "410 Gone"}.get(status or 0, f"{status}")
    return Removal(
        source=key,
        kind="html",
        seen_at=seen_at,
        by=_host(url),
        what=f"The page {url}",
        why=f"answered {reason} when it was fetched on {seen_at.date().isoformat()}.",
        url=url,
        http_status=status,
    )


def missing_messages(store: Store, export: TelegramExport, via: str, seen_at: datetime) -> list[Removal]:
    """The posts of this channel seen before, not yet removed, missing from `export` though it covers their
    date: one Removal each, dated by the export (`seen_at` is when the export was read)."""
    first, last = export.first_date, export.last_date
    if first is None or last is None:
        return []  # an export with no messages covers nothing
    present = {message.id for message in export.messages}
    removed_at = export.exported_at or last
    removals: list[Removal] = []
    for snapshot in store.latest_snapshots(channel_prefix(export)):
        if snapshot.change == "removed" or snapshot.posted_at is None:
            continue
        message_id = snapshot.source.rsplit("/", 1)[-1]
        if not message_id.isdigit() or int(message_id) in present:
            continue
        if not first <= snapshot.posted_at <= last:
            continue
        link = f"https://t.me/{export.channel_username}/{message_id}" if export.channel_username else None
        removals.append(
            Removal(
                source=snapshot.source,
                kind="message",
                seen_at=seen_at,
                by=export.channel_name,
                what=(
                    f"Message {message_id} of the Telegram channel {export.channel_name}, posted on "
                    f"{snapshot.posted_at.date().isoformat()},"
                ),
                why=(
                    f"is missing from the export of {removed_at.date().isoformat()}, which covers "
                    f"{first.date().isoformat()} to {last.date().isoformat()}."
                ),
                url=link,
                exported_at=export.exported_at,
                posted_at=snapshot.posted_at,
                via=via,
                removed_at=removed_at,
            )
        )
    return removals
