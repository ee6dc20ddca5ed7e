"""RSS and Atom feeds into `Document`s, one per entry; an entry that holds only a summary is read from its page.

The reading, step by step (`parse_feed`):

1. refuse a feed larger than `max_bytes`;
2. refuse a feed that declares XML entities, before feedparser sees it: an internal entity can expand a few
   hundred bytes into gigabytes ("billion laughs") and an external one can read local files. defusedxml
   parses the bytes with entities forbidden; a feed too broken for it is still refused if it holds an
   `<!ENTITY` declaration. A DOCTYPE alone is allowed (RSS 0.91 feeds carry one);
3. parse with feedparser (which reads broken feeds leniently); bytes that hold no RSS or Atom are refused;
4. each entry becomes a `Document` (`ingest.html.document_with_header`): title, link as url, published date,
   the feed's title as outlet. When the entry has no content element and a short summary, or its content
   is very short, the linked page is fetched through `fetch_page` and read with `read_page`; if that fails
   the summary is kept and `FeedEntry.problem` says why.

`Feed.entries` keeps every entry, with its id (guid), so that a later read of the same feed can tell new,
edited and removed entries apart.
"""

from __future__ import annotations

import calendar
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
import feedparser
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from ..errors import EmptyInput, InputError, TooLarge
from ..records import Document
from .fetch import FetchResult
from .files import printable
from .html import Page, document_with_header, fragment_text, read_page
from .text import Metadata

__all__ = ["MAX_BYTES", "MIN_CONTENT", "SHORT_SUMMARY", "Feed", "FeedEntry", "parse_feed", "read_feed"]

MAX_BYTES = 5_000_000
#: An entry without a content element whose summary is shorter than this is a teaser: its page is read.
SHORT_SUMMARY = 1000
#: Content shorter than this is a teaser too, whatever element it came in.
MIN_CONTENT = 200

_ENTITY_DECLARATION = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

#: What `fetch_page` returns: the page's bytes, or a `FetchResult` (whose charset and final address are used).
PageFetcher = Callable[[str], bytes | FetchResult]


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed, and the document made of it (None when there was nothing to make one of)."""

    id: str | None  # the guid (RSS) or id (Atom); feedparser falls back to the link
    link: str | None
    title: str | None
    published: datetime | None
    updated: datetime | None
    document: Document | None
    #: Why the entry gave no document, or why its page was not used (the summary was kept instead).
    problem: str | None = None
    #: True when the document's text is the linked page's, not the feed's.
    from_page: bool = False


@dataclass(frozen=True)
class Feed:
    title: str | None
    link: str | None
    updated: datetime | None
    entries: tuple[FeedEntry, ...]

    @property
    def documents(self) -> list[Document]:
        return [entry.document for entry in self.entries if entry.document is not None]


def read_feed(
    data: bytes,
    *,
    source: str,
    fetch_page: PageFetcher | None = None,
    url: str | None = None,
    defaults: Metadata = Metadata(),
    max_bytes: int = MAX_BYTES,
) -> list[Document]:
    """The documents of a feed's entries; see `parse_feed`."""
    return parse_feed(
        data, source=source, fetch_page=fetch_page, url=url, defaults=defaults, max_bytes=max_bytes
    ).documents


def parse_feed(
    data: bytes,
    *,
    source: str,
    fetch_page: PageFetcher | None = None,
    url: str | None = None,
    defaults: Metadata = Metadata(),
    max_bytes: int = MAX_BYTES,
) -> Feed:
    """A feed and its entries. `url` is where the feed was read from: relative links are resolved against it.

    Only `defaults.outlet` applies (to a feed without a title): one title or date for every entry would be wrong.
    """
    name = printable(source)
    # 1. Size.
    if len(data) > max_bytes:
        raise TooLarge(
            f"{name}: larger than the limit of {max_bytes:,} bytes ({len(data):,} bytes); if the feed is genuine,"
            f" set CRISISLEDGER_MAX_BYTES above {max_bytes:,}."
        )
    if not data.strip():
        raise EmptyInput(f"{name}: nothing to read (empty feed); check the file or address.")
    # 2. Entities.
    _refuse_entities(data, name)
    # 3. Parse.
    headers = {"content-location": url, "content-type": "application/xml"} if url else None
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    except Exception as error:  # feedparser's lenient parser has corners that raise (a &#xD800; reference)
        raise InputError(
            f"{name}: the feed could not be parsed ({type(error).__name__}: {_one_line(str(error))})."
        ) from None
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise InputError(
            f"{name}: not an RSS or Atom feed ({_one_line(str(problem or '')) or 'no channel or feed element'});"
            " pass a feed, or --as html"
            " for a page."
        )
    feed = parsed.feed
    title = _one_line(feed.get("title")) or defaults.outlet
    # 4. Entries.
    entries = tuple(_entry(entry, index, source, title, fetch_page) for index, entry in enumerate(parsed.entries))
    return Feed(
        title=title, link=feed.get("link"), updated=_datetime(dict.get(feed, "updated_parsed")), entries=entries
    )


def _refuse_entities(data: bytes, name: str) -> None:
    refusal = (
        f"{name}: refused: the feed declares entities (a possible entity-expansion attack); feeds do not need"
        " them, so this one was not read."
    )
    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden):
        raise InputError(refusal) from None
    except (ParseError, ValueError, LookupError):
        # Broken XML (feedparser may still read it); look for a declaration ourselves, in UTF-16 feeds too.
        view = data.decode("utf-16", "replace").encode("utf-8") if data.startswith(_UTF16_BOMS) else data
        if _ENTITY_DECLARATION.search(view):
            raise InputError(refusal) from None


def _entry(entry: Any, index: int, source: str, outlet: str | None, fetch_page: PageFetcher | None) -> FeedEntry:
    link = entry.get("link") or None
    key = entry.get("id") or link or f"entry-{index + 1}"
    title = _one_line(entry.get("title"))
    # dict.get, not entry.get: feedparser maps a missing `updated` to `published`, with a warning.
    published = _datetime(dict.get(entry, "published_parsed"))
    updated = _datetime(dict.get(entry, "updated_parsed"))
    published = published or updated
    content = max((fragment_text(part.get("value", "")) for part in entry.get("content", [])), key=len, default="")
    summary = fragment_text(entry.get("summary", ""))
    text = content or summary
    teaser = len(content) < MIN_CONTENT if content else len(summary) < SHORT_SUMMARY
    bare = FeedEntry(id=key, link=link, title=title, published=published, updated=updated, document=None)
    page_error: str | None = None
    if teaser and link and fetch_page is not None:
        try:
            page = _read_linked_page(link, fetch_page, title, outlet, published)
        except InputError as error:
            page_error = str(error)
        else:
            return replace(bare, document=page.document, from_page=True)
    if not text:
        why = page_error or ("no page fetcher was given" if link else "it has no link")
        return replace(bare, problem=f"entry {key!r} holds no text, and its page was not read: {why}")
    document = document_with_header(
        text, source=f"{source}#{key}", title=title, outlet=outlet, url=link, published=published
    )
    problem = (
        f"entry {key!r}: its page was not read, so the feed's summary stands for it: {page_error}"
        if page_error
        else None
    )
    return replace(bare, document=document, problem=problem)


def _read_linked_page(
    link: str, fetch_page: PageFetcher, title: str | None, outlet: str | None, published: datetime | None
) -> Page:
    """The entry's page; what the feed says fills what the page leaves out."""
    defaults = Metadata(title=title, outlet=outlet, url=link, published=published.date() if published else None)
    fetched = fetch_page(link)
    if not isinstance(fetched, FetchResult):
        return read_page(fetched, source=link, url=link, defaults=defaults)
    if fetched.content is None:
        raise InputError(f"{link}: the server sent no content (status {fetched.status})")
    return read_page(
        fetched.content, source=link, url=fetched.final_url, defaults=defaults, content_type=fetched.content_type
    )


def _datetime(parsed: time.struct_time | None) -> datetime | None:
    """A feedparser date (a struct_time in UTC) as an aware datetime."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None
