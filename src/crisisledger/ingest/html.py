"""HTML pages into `Document`s: the main text without boilerplate, and what the page says about itself.

The text of a page's `Document` is a small header followed by the main text, paragraphs separated by blank
lines, so that offsets and `body_start` work as they do for text files (docs/ingest.md):

    title: Death toll rises to 41, ministry says
    outlet: Harbour Herald
    url: https://harbour-herald.example/world/floods
    date: 2023-03-14

    At least 41 people have died...

`ingest.text.parse_header` reads the header back. What has no `Document` field (the author, the modification
date, the canonical address) is in `PageMeta`, returned with the document by `read_page`.

The reading, step by step (`read_page`):

1. refuse what is too large or not text (NUL bytes);
2. decode: byte-order mark, then UTF-8 if the bytes are valid UTF-8 (a legacy encoding seldom is by chance,
   and sites that moved to UTF-8 often keep an old `<meta charset>`), then the charset the server sent, then
   the page's own `<meta charset>` or XML declaration, then a guess (charset_normalizer); anything else is
   refused with the reason;
3. extract the main text with trafilatura, favouring precision: reader comments are left out (they are not
   the report); tables are kept, since tolls by region are often tables inside the article;
4. dates with htmldate: the original publication date first, then the latest date the page gives as its
   modification date; the search stays in the page's metadata and date elements (`extensive_search` off),
   because dates in the article's text are the dates of events, not of the page.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

import htmldate
import lxml.html
import trafilatura
from lxml import etree

from ..errors import BinaryInput, EmptyInput, EncodingError, InputError, TooLarge
from ..records import Document, content_id
from .files import printable
from .text import Metadata

__all__ = [
    "MAX_BYTES",
    "Page",
    "PageMeta",
    "decode_html",
    "document_with_header",
    "fragment_text",
    "read_html",
    "read_page",
]

#: Pages are larger than the reports in them: markup, scripts and styles often make up most of a page.
MAX_BYTES = 5_000_000

#: What a page may declare its encoding with, within its first bytes (the HTML standard looks at 1024;
#: pages with long scripts in their head declare it later, so we look further).
_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
#: Labels that browsers read differently from Python (the WHATWG Encoding standard): a page that says
#: latin-1 is decoded as windows-1252, and one that says UTF-16 without a byte-order mark is ASCII-compatible.
_LABELS = dict.fromkeys(("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"), "cp1252") | (
    dict.fromkeys(("utf-16", "utf-16le", "utf-16be"), "utf-8")
)


@dataclass(frozen=True)
class PageMeta:
    """What a page says about itself besides its text; the fields a `Document` has no room for."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    modified: date | None = None
    #: The address the page gives as its own (`<link rel="canonical">`), which may differ from where it was read.
    canonical_url: str | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Page:
    document: Document
    meta: PageMeta


def read_html(
    data: bytes | str,
    *,
    source: str,
    url: str | None = None,
    defaults: Metadata = Metadata(),
    max_bytes: int = MAX_BYTES,
    content_type: str | None = None,
) -> Document:
    """The `Document` of an HTML page; see `read_page`."""
    return read_page(
        data, source=source, url=url, defaults=defaults, max_bytes=max_bytes, content_type=content_type
    ).document


def read_page(
    data: bytes | str,
    *,
    source: str,
    url: str | None = None,
    defaults: Metadata = Metadata(),
    max_bytes: int = MAX_BYTES,
    content_type: str | None = None,
) -> Page:
    """The `Document` of an HTML page and what the page says about itself.

    `url` is where the page was read from (it wins over the page's canonical address); `content_type` is the
    HTTP header, whose charset wins over the page's own. What the page says wins over `defaults`, which fill
    the gaps; an outlet falls back to the host name of the address.
    """
    name = printable(source)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        raise TooLarge(
            f"{name}: larger than the limit of {max_bytes:,} bytes ({len(raw):,} bytes); raise the limit"
            " (CRISISLEDGER_MAX_BYTES) if the page is genuine."
        )
    if not raw.strip():
        raise EmptyInput(f"{name}: nothing to read (empty page); check the file or address.")
    # 1-2. Bytes to text.
    if isinstance(data, str):
        html, encoding = data, "utf-8"
    else:
        html, encoding = decode_html(data, name, content_type=content_type)
    # 3. The main text.
    extracted = _extract(html, url)
    body = _paragraphs(extracted.text if extracted is not None else None)
    if extracted is None or not body:
        raise InputError(
            f"{name}: no main text found (the page holds no article text trafilatura can tell from navigation"
            " and boilerplate); check that the address is an article, or save its text and ingest that."
        )
    # 4. Dates: the original one from the extraction, the latest one as the modification date.
    published = _iso_date(extracted.date)
    modified = _modified_date(html, url)
    canonical = extracted.url if _is_http(extracted.url) else None
    address = url or canonical or defaults.url
    meta = PageMeta(
        title=_one_line(extracted.title),
        outlet=_one_line(extracted.sitename),
        author=_one_line(extracted.author),
        published=published,
        modified=modified if modified is not None and modified != published else None,
        canonical_url=canonical,
        encoding=encoding,
    )
    document = document_with_header(
        body,
        source=source,
        title=meta.title or defaults.title,
        outlet=meta.outlet or defaults.outlet or _host(address),
        url=address,
        published=published or defaults.published,
        encoding=encoding,
    )
    return Page(document, meta)


def document_with_header(
    body: str,
    *,
    source: str,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: date | datetime | None = None,
    encoding: str = "utf-8",
) -> Document:
    """A `Document` whose text is a `key: value` header, a blank line, and `body`.

    Every reader that builds its text (pages, feed entries, Telegram messages) goes through here, so the
    header reads back with `parse_header` and `body_start` points at the body. The header also makes two
    posts with the same words but different addresses or dates two documents.
    """
    lines = [
        f"{key}: {_quoted(value)}"
        for key, value in (
            ("title", _one_line(title)),
            ("outlet", _one_line(outlet)),
            ("url", _one_line(url)),
            ("date", published.isoformat() if published is not None else None),
        )
        if value
    ]
    header = "\n".join(lines) + "\n\n" if lines else ""
    text = header + body.strip()
    if isinstance(published, datetime):
        published = published.date()
    return Document(
        id=content_id(text),
        text=text,
        title=_one_line(title),
        outlet=_one_line(outlet),
        url=_one_line(url),
        published=published,
        source=source,
        body_start=len(header),
        encoding=encoding,
    )


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one paragraph per block, without markup.

    Line breaks in the markup are only whitespace; paragraphs come from block elements (and, in a fragment
    that is plain text, from blank lines).
    """
    if not fragment.strip():
        return ""
    if "<" not in fragment and "&" not in fragment:
        return _blocks(re.sub(r"\n[ \t]*\n", _BLOCK_END, fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.LxmlError, ValueError):
        return ""
    for element in root.iter("script", "style", "template"):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = _BLOCK_END + (element.tail or "")
    return _blocks(root.text_content())


def _blocks(text: str) -> str:
    parts = (" ".join(part.split()) for part in text.split(_BLOCK_END))
    return "\n\n".join(part for part in parts if part)


#: Elements that end a paragraph, and the mark put after them (a character markup does not hold).
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "table", "ul", "ol")
_BLOCK_END = "\u2029"


# Decoding -------------------------------------------------------------------------------------------------


def decode_html(data: bytes, name: str, *, content_type: str | None = None) -> tuple[str, str]:
    """The text of an HTML page and the encoding it was read in."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_strictly(data[len(bom) :], codec, name, "its byte-order mark"), codec
    if b"\x00" in data:
        raise BinaryInput(f"{name}: not HTML (it holds NUL bytes); pass a web page, or its text as a .txt file.")
    # Bytes that are valid UTF-8 and not all ASCII are UTF-8 whatever the page says: text in a legacy
    # encoding is almost never valid UTF-8 by chance, while sites moved to UTF-8 often keep their old <meta>.
    if not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    declared = _declared(data, content_type)
    if declared is not None:
        codec, where = declared
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError as error:
            bad = error.start
        raise EncodingError(
            f"{name}: declares {codec} ({where}) but byte 0x{data[bad]:02x} at offset {bad} is not valid {codec};"
            " save the page again from a browser, or convert it to UTF-8."
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        bad = error.start
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise EncodingError(
            f"{name}: not UTF-8 (byte 0x{data[bad]:02x} at offset {bad}), declares no charset, and no other"
            " encoding fits; convert it to UTF-8 or add <meta charset=...> to the page."
        )
    return str(best), best.encoding


def _declared(data: bytes, content_type: str | None) -> tuple[str, str] | None:
    """The codec a page declares, and where: the HTTP header wins over the page, as in browsers."""
    candidates: list[tuple[str, str]] = []
    if content_type and (header := _HTTP_CHARSET.search(content_type)):
        candidates.append((header.group(1), "in its Content-Type header"))
    head = data[:_SNIFF_BYTES]
    for pattern, where in ((_XML_ENCODING, "in its XML declaration"), (_META_CHARSET, "in its <meta charset>")):
        if m := pattern.search(head):
            candidates.append((m.group(1).decode("ascii"), where))
    for label, where in candidates:
        codec = _codec(label)
        if codec is not None:
            return codec, where
    return None  # no declaration, or only labels no codec answers to (they say nothing usable)


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_strictly(data: bytes, codec: str, name: str, where: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise EncodingError(
            f"{name}: declares {codec} ({where}) but is not valid {codec} ({error.reason} at byte {error.start});"
            " save the page again as UTF-8."
        ) from None


# Extraction -----------------------------------------------------------------------------------------------


def _extract(html: str, url: str | None) -> trafilatura.settings.Document | None:
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=True,
            date_extraction_params={"original_date": True, "extensive_search": False, "url": url},
        )
    except (etree.LxmlError, ValueError, RecursionError):
        return None  # markup too broken for lxml: the caller says no main text was found
    return result if isinstance(result, trafilatura.settings.Document) else None


def _modified_date(html: str, url: str | None) -> date | None:
    try:
        found = htmldate.find_date(html, original_date=False, extensive_search=False, url=url)
    except (etree.LxmlError, ValueError, RecursionError):
        return None
    return _iso_date(found)


def _paragraphs(text: str | None) -> str:
    """Paragraphs separated by blank lines (as in text files, where the repair step looks for them)."""
    if not text:
        return ""
    # trafilatura puts one paragraph on each line.
    paragraphs = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(p for p in paragraphs if p)


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _one_line(value: str | None) -> str | None:
    """A header value on one line: line breaks inside a title would end the header early."""
    if value is None:
        return None
    return " ".join(value.split()) or None


def _quoted(value: str) -> str:
    """A value as the header must hold it: `parse_header` strips one pair of enclosing quotes, so a title
    that is a quotation ("We have lost everything") gets a second pair to keep its own."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[0] + value + value[0]
    return value


def _is_http(url: str | None) -> bool:
    return bool(url) and urlsplit(url or "").scheme in ("http", "https")


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url and _is_http(url) else None
