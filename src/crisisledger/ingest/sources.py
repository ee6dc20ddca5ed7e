"""Any source into `Document`s: tell what kind of source an item is, and hand it to its reader.

    item ──detect──> "url"        fetch() ──> the kind of what came back (Content-Type, then content)
                     "directory"  expand_sources() ──> its files
                     "text"       ingest.text.read_text
                     "html"       ingest.html.read_page
                     "feed"       ingest.feeds.parse_feed (fetching teaser entries' pages)
                     "telegram"   ingest.telegram.read_telegram_export
                     "urls"       a file listing URLs, one a line, '#' comments: each URL read in turn

Content decides before the extension: a `.txt` file that starts with `<!DOCTYPE html>` is a page, and a
Telegram `result.json` is recognised by its "name" and "messages" keys. `as_kind` overrides both.

`read_one` returns a `Reading`: the documents and what a snapshot of the source needs (the bytes as read and
their hash, when they were seen, the HTTP status and validators, the export's date, the feed's entries).
`read_any` is the short form that returns the documents alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import BinaryIO

import httpx

from ..errors import InputError, TooLarge
from ..records import Document
from . import AS_KINDS
from . import html as html_reader
from .feeds import Feed, parse_feed
from .fetch import FetchResult, ResponseTooLarge, fetch, new_client, without_credentials
from .files import open_regular, printable
from .html import PageMeta, read_page
from .telegram import MAX_EXPORT_BYTES, TelegramExport, read_telegram_export
from .telegram import too_large as telegram_too_large
from .text import MAX_BYTES, Metadata, read_text

__all__ = ["AS_KINDS", "KINDS", "Reading", "detect", "expand_sources", "read_any", "read_one"]

#: What `detect` returns.
KINDS = (*AS_KINDS, "url", "directory")
#: The files a directory contributes (Telegram exports contribute their result.json alone).
SUFFIXES = (
    dict.fromkeys((".txt", ".md", ".markdown"), "text")
    | dict.fromkeys((".html", ".htm", ".xhtml"), "html")
    | dict.fromkeys((".xml", ".rss", ".atom", ".rdf"), "feed")
    | {".urls": "urls", ".json": "telegram"}
)
#: How much of the start of an input is looked at to tell its kind.
_SNIFF = 65_536
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_DOCTYPE = re.compile(r"<!DOCTYPE\s+([^\s>\[]+)[^>\[]*(?:\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<([A-Za-z][\w.:-]*)")
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_HTML_ROOTS = frozenset({"html", "head", "body"})
_URL_LINE = re.compile(r"https?://\S+")
_MEDIA_KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/json": "telegram",
    "text/plain": "text",
}


@dataclass(frozen=True)
class Reading:
    """One read of one source: its documents, and what a snapshot of it needs."""

    source: str  # the item as given: a path, "-", or a URL
    kind: str  # the kind of content read: "text", "html", "feed", "telegram" or "urls"
    documents: tuple[Document, ...]
    seen_at: datetime  # UTC; the response's time for a URL
    content: bytes | None = None  # the bytes as read; None when a URL was not modified
    fetch: FetchResult | None = None  # for a URL: status, final address, ETag, Last-Modified
    page: PageMeta | None = None  # for a page: author, modification date, canonical address
    feed: Feed | None = None  # for a feed: every entry, with its id
    export: TelegramExport | None = None  # for an export: every message, and the export's date
    #: What the reader should be told, one line each: a feed entry whose page was not read (refused by the
    #: address guard, gone, too large...), so that its summary stands for it or it gives no document.
    notes: tuple[str, ...] = ()

    @property
    def content_hash(self) -> str | None:
        return hashlib.sha256(self.content).hexdigest() if self.content is not None else None

    @property
    def not_modified(self) -> bool:
        return self.fetch is not None and self.fetch.not_modified


def detect(item: str, data: bytes | None = None) -> str:
    """The kind of `item`: by scheme (a URL), as a directory, by `data` (its first bytes), by extension."""
    if _SCHEME.match(item):
        return "url"
    if item != "-" and os.path.isdir(item):
        return "telegram" if _is_export_directory(item) else "directory"
    sniffed = _sniff(data) if data else None
    return sniffed or SUFFIXES.get(os.path.splitext(item)[1].lower(), "text")


def read_any(
    item: str,
    *,
    as_kind: str | None = None,
    defaults: Metadata = Metadata(),
    max_bytes: int = MAX_BYTES,
    allow_private: bool = False,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
) -> list[Document]:
    """The documents of one item of any kind; a directory gives those of all its files (the first failure
    stops it: `expand_sources` and `read_one` give one outcome per file)."""
    documents: list[Document] = []
    for each in expand_sources([item], as_kind=as_kind, max_bytes=max_bytes):
        reading = read_one(
            each,
            as_kind=as_kind,
            defaults=defaults,
            max_bytes=max_bytes,
            allow_private=allow_private,
            client=client,
            stdin=stdin,
        )
        documents.extend(reading.documents)
    return documents


def read_one(
    item: str,
    *,
    as_kind: str | None = None,
    defaults: Metadata = Metadata(),
    max_bytes: int = MAX_BYTES,
    allow_private: bool = False,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = 15.0,
) -> Reading:
    """Read one file, "-" (standard input) or URL. `etag` and `last_modified` make a URL's fetch conditional;
    pages and feeds may be as large as `max_bytes` or `html.MAX_BYTES`, whichever is larger (markup is not
    report text), Telegram exports as large as `telegram.MAX_EXPORT_BYTES`."""
    if as_kind is not None and as_kind not in AS_KINDS:
        raise InputError(f"{item}: cannot read as {as_kind!r}; choose one of {', '.join(AS_KINDS)}.")
    with ExitStack() as stack:
        reader = _Reader(defaults, max_bytes, allow_private, client, timeout, stack)
        if _SCHEME.match(item):
            item = without_credentials(item)
            return reader.url(item, kind=as_kind, etag=etag, last_modified=last_modified)
        data, kind = _read_local(item, as_kind, max_bytes, stdin)
        return reader.content(item, kind, data, seen_at=datetime.now(UTC))


def expand_sources(items: Sequence[str], *, as_kind: str | None = None, max_bytes: int = MAX_BYTES) -> list[str]:
    """The items to read one by one: directories become their files (sorted; a Telegram export its
    result.json), and files listing URLs become the URLs. "-", URLs and missing paths stay as they are."""
    expanded: list[str] = []
    for item in items:
        if _SCHEME.match(item):
            expanded.append(without_credentials(item))  # never stored or printed (see fetch.without_credentials)
        elif item == "-":
            expanded.append(item)
        elif os.path.isdir(item):
            if detect(item) == "telegram":
                expanded.append(os.path.join(item, "result.json"))
                continue
            files, unlisted = _source_files(item)
            if not files and not unlisted:
                raise InputError(
                    f"{item}: no readable files in this directory ({', '.join(sorted(SUFFIXES))}, or a Telegram"
                    " export); pass files, or a directory that holds some."
                )
            for each in sorted([*files, *unlisted]):
                # a subfolder that cannot be listed stays an item: reading it says so (`_read_local`)
                expanded.extend(
                    [each] if each in unlisted else expand_sources([each], as_kind=as_kind, max_bytes=max_bytes)
                )
        elif os.path.isfile(item) and (as_kind == "urls" or (as_kind is None and _lists_urls(item))):
            data, _ = _read_local(item, "urls", max_bytes, None)
            expanded.extend(_urls(data, item))
        else:
            expanded.append(item)  # reading it reports any problem
    return expanded


# Reading --------------------------------------------------------------------------------------------------


@dataclass
class _Reader:
    """What every read in one `read_one` call shares: the options, and one HTTP client."""

    defaults: Metadata
    max_bytes: int
    allow_private: bool
    given_client: httpx.Client | None
    timeout: float
    stack: ExitStack
    _client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        """One client for the item and every page it links to, without a proxy (see fetch.fetch); made only
        when something is fetched, since building its TLS context costs more than reading a local file."""
        if self.given_client is not None:
            return self.given_client
        if self._client is None:
            self._client = self.stack.enter_context(new_client(self.timeout))
        return self._client

    @property
    def markup_bytes(self) -> int:
        return max(self.max_bytes, html_reader.MAX_BYTES)

    def fetch(
        self, url: str, etag: str | None = None, last_modified: str | None = None, *, kind: str | None = None
    ) -> FetchResult:
        limit = MAX_EXPORT_BYTES if kind == "telegram" else self.markup_bytes
        try:
            return fetch(
                url,
                client=self.client,
                allow_private=self.allow_private,
                timeout=self.timeout,
                max_bytes=limit,
                etag=etag,
                last_modified=last_modified,
            )
        except ResponseTooLarge as error:
            if kind != "telegram":
                raise
            # an export's limit is not a setting: fetch's advice (CRISISLEDGER_MAX_BYTES) would not help
            raise ResponseTooLarge(_too_large(url, kind, limit), url=error.url, status=error.status) from None

    def url(
        self, url: str, *, kind: str | None = None, etag: str | None = None, last_modified: str | None = None
    ) -> Reading:
        result = self.fetch(url, etag=etag, last_modified=last_modified, kind=kind)
        by_type = _MEDIA_KINDS.get(result.media_type or "", "html")
        if result.content is None:  # 304 Not Modified: nothing new to read
            return Reading(url, kind or by_type, (), seen_at=result.fetched_at, fetch=result)
        if kind is None:
            kind = _sniff(result.content) or by_type
            # What a server sends is read, not followed: a list of URLs that lists itself would never end.
            kind = "text" if kind == "urls" else kind
        reading = self.content(url, kind, result.content, seen_at=result.fetched_at, fetched=result)
        return replace(reading, fetch=result)

    def content(
        self, source: str, kind: str, data: bytes, *, seen_at: datetime, fetched: FetchResult | None = None
    ) -> Reading:
        address = fetched.final_url if fetched is not None else None
        reading = Reading(source, kind, (), seen_at=seen_at, content=data)
        if kind == "text":
            defaults = replace(self.defaults, url=self.defaults.url or address)
            document = read_text(data, source=source, defaults=defaults, max_bytes=self.max_bytes)
            return replace(reading, documents=(document,))
        if kind == "html":
            page = read_page(
                data,
                source=source,
                url=address or self.defaults.url,
                defaults=self.defaults,
                max_bytes=self.markup_bytes,
                content_type=fetched.content_type if fetched is not None else None,
            )
            return replace(reading, documents=(page.document,), page=page.meta)
        if kind == "feed":
            feed = parse_feed(
                data,
                source=source,
                fetch_page=self.fetch,
                url=address,
                defaults=self.defaults,
                max_bytes=self.markup_bytes,
            )
            notes = tuple(f"{source}: {entry.problem}" for entry in feed.entries if entry.problem)
            return replace(reading, documents=tuple(feed.documents), feed=feed, notes=notes)
        if kind == "telegram":
            export = read_telegram_export(data, source=source, defaults=self.defaults)
            return replace(reading, documents=export.documents, export=export)
        if kind == "urls":
            # Each URL by its own content, with only the outlet as a default: one title for all would be wrong.
            listed = replace(self, defaults=Metadata(outlet=self.defaults.outlet))
            readings = [listed.url(url) for url in _urls(data, source)]
            documents = [document for each in readings for document in each.documents]
            notes = tuple(note for each in readings for note in each.notes)
            return replace(reading, documents=tuple(documents), notes=notes)
        raise InputError(f"{source}: cannot read a {kind}; pass a file, a URL or '-'.")


def _read_local(item: str, as_kind: str | None, max_bytes: int, stdin: BinaryIO | None) -> tuple[bytes, str]:
    """The bytes of a file or of standard input, and their kind. Only the start is read before the kind is
    known; a file larger than its kind's limit is refused by its size, before the rest is read."""
    name = printable(item)
    if item != "-" and os.path.isdir(item):
        try:
            with os.scandir(item):
                pass
        except OSError as error:
            raise InputError(
                f"{name}: skipped: this folder cannot be listed ({error.strerror}), so its reports were not read;"
                " check its permissions."
            ) from None
        if (as_kind or detect(item)) != "telegram":
            raise InputError(f"{name}: is a directory; pass the files in it, or expand_sources() it first.")
        item = os.path.join(item, "result.json")
    try:
        with ExitStack() as stack:
            stream = (stdin or sys.stdin.buffer) if item == "-" else stack.enter_context(open_regular(item))
            size = os.fstat(stream.fileno()).st_size if item != "-" else None
            data = stream.read(_SNIFF)  # all that `detect` looks at
            kind = as_kind or detect(item, data)
            limit = _limit(kind, max_bytes)
            if size is not None and size > limit:
                raise TooLarge(_too_large(name, kind, limit, size))
            data += stream.read(max(limit + 1 - len(data), 0))  # one byte past the limit tells a growing file
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path, or pass '-' to read standard input.") from None
    except PermissionError:
        raise InputError(f"{name}: cannot be read (permission denied); check the file's permissions.") from None
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror}); check that it is a readable file.") from None
    if len(data) > limit:  # standard input, or a file that grew since its size was read
        raise TooLarge(_too_large(name, kind, limit))
    return data, kind


def _limit(kind: str, max_bytes: int) -> int:
    """The most bytes an input of this kind may hold: a report's limit for text and lists of URLs, at least
    `html.MAX_BYTES` for markup (pages, feeds), `telegram.MAX_EXPORT_BYTES` for an export."""
    if kind == "telegram":
        return MAX_EXPORT_BYTES
    if kind in ("html", "feed"):
        return max(max_bytes, html_reader.MAX_BYTES)
    return max_bytes


def _too_large(name: str, kind: str, limit: int, size: int | None = None) -> str:
    """The refusal of an input larger than its kind's limit, with the advice that would let it through."""
    if kind == "telegram":
        return telegram_too_large(name, limit, size)
    found = f" ({size:,} bytes)" if size is not None else ""
    what = {"html": "a page", "feed": "a feed", "urls": "a list of URLs"}.get(kind, "a report")
    return (
        f"{name}: larger than the limit of {limit:,} bytes for {what}{found}; split it, or set"
        f" CRISISLEDGER_MAX_BYTES above {limit:,}."
    )


# Telling kinds apart --------------------------------------------------------------------------------------


def _sniff(data: bytes) -> str | None:
    """The kind the first bytes show, or None when they do not tell."""
    head = _head_text(data)
    stripped = head.lstrip()
    if stripped.startswith("{"):
        found = re.search(r'"messages"\s*:', head) and re.search(r'"name"\s*:', head)
        return "telegram" if found else None
    position = _PROLOG.match(head).end()  # type: ignore[union-attr]  # matches the empty string at least
    if doctype := _DOCTYPE.match(head, position):
        name = doctype.group(1).split(":")[-1].lower()
        if name in _HTML_ROOTS or name in _FEED_ROOTS:
            return "html" if name in _HTML_ROOTS else "feed"
        position = _PROLOG.match(head, doctype.end()).end()  # type: ignore[union-attr]
    if tag := _TAG.match(head, position):
        name = tag.group(1).split(":")[-1].lower()
        if name in _FEED_ROOTS:
            return "feed"
        if name in _HTML_ROOTS:
            return "html"
    if _looks_like_url_list(head):
        return "urls"
    return None


def _head_text(data: bytes) -> str:
    """The first bytes as text, well enough to see markup: UTF-16 by its mark, anything else as Latin-1."""
    head = data[:_SNIFF]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace")
    return head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")


def _looks_like_url_list(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines()]
    listed = [line for line in lines if line and not line.startswith("#")]
    return bool(listed) and all(_URL_LINE.fullmatch(line) for line in listed)


def _lists_urls(path: str) -> bool:
    if path.lower().endswith(".urls"):
        return True
    try:
        with open_regular(path) as stream:
            return _sniff(stream.read(_SNIFF)) == "urls"
    except (OSError, InputError):
        return False  # reading it later reports the problem


def _urls(data: bytes, source: str) -> list[str]:
    """The URLs a list names, one a line; blank lines and '#' comments are skipped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{source}: a list of URLs must be UTF-8 ({error.reason} at byte {error.start}).") from None
    urls: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not _SCHEME.match(line) or any(c.isspace() for c in line):
            raise InputError(f"{source}: line {number} is not a URL ({line[:80]!r}); put one URL on each line.")
        urls.append(without_credentials(line))
    if not urls:
        raise InputError(f"{source}: lists no URLs; put one URL on each line ('#' starts a comment).")
    return urls


def _is_export_directory(path: str) -> bool:
    result = os.path.join(path, "result.json")
    try:
        with open_regular(result) as stream:
            return _sniff(stream.read(_SNIFF)) == "telegram"
    except (OSError, InputError):
        return False


def _source_files(directory: str) -> tuple[list[str], list[str]]:
    """The files of `directory` to read, and its subfolders that cannot be listed (said when they are read,
    never skipped without a word)."""
    files: list[str] = []
    unlisted: list[str] = []

    def cannot_list(error: OSError) -> None:
        unlisted.append(os.fspath(error.filename) if error.filename is not None else directory)

    for root, dirs, names in os.walk(directory, onerror=cannot_list):
        if root != directory and _is_export_directory(root):
            files.append(root)  # a Telegram export: its result.json, not its photos and files
            dirs[:] = []
            continue
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git and the like hold no reports
        for name in names:
            suffix = os.path.splitext(name)[1].lower()
            if name.startswith(".") or suffix not in SUFFIXES or (suffix == ".json" and name != "result.json"):
                continue
            files.append(os.path.join(root, name))
    return files, unlisted
