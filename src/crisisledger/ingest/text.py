"""Plain text and Markdown reports into `Document`s: decoding, a metadata header, and refusals with reasons.

A report may start with a header (docs/ingest.md): `key: value` lines, a `---` front matter block, or the
date and the headline on one line, as some agencies' feeds write it:

    title: Curfew extended        ---                       date 2022-01-10 Curfew extended in Almaty
    date: 2022-01-10              title: Curfew extended
                                  date: 2022-01-10
                                  ---

`Document.text` keeps every character as decoded, header included, so evidence offsets stay true to the
file; `Document.body_start` tells the analysis where the report itself begins.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from ..errors import BinaryInput, EmptyInput, EncodingError, InputError, TooLarge
from ..records import Document, content_id
from .files import open_regular, printable

__all__ = ["Metadata", "expand", "parse_header", "read_path", "read_source", "read_text"]

MAX_BYTES = 2_000_000
#: The files a directory contributes; any file named explicitly is read whatever its name.
SUFFIXES = (".txt", ".md", ".markdown")
#: The longest first line taken as a title when the header names none.
MAX_TITLE = 200


@dataclass(frozen=True)
class Metadata:
    """What is known of a report besides its text: as `defaults`, it fills gaps in the header; the command line
    passes its options to `ingest.batch.ingest` as `overrides`, which replace what the source says."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None


# The header -----------------------------------------------------------------------------------------------

#: Header keys and the field each fills. `source` names the outlet: the path read is `Document.source`.
HEADER_KEYS = {
    "title": "title",
    "outlet": "outlet",
    "source": "outlet",
    "url": "url",
    "date": "published",
    "published": "published",
}
_KEYS = "|".join(HEADER_KEYS)
_KEY_LINE = re.compile(rf"\s*({_KEYS})[ \t]*:[ \t]*(.*?)\s*", re.IGNORECASE)
_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
#: `date 2022-01-10 Headline...`: the date and the headline on one line, as some agencies' feeds write it.
_BARE_DATE = re.compile(rf"\s*(date|published)[ \t]+({_ISO_DATE})(?=\s|$)[ \t]*", re.IGNORECASE)
#: What front matter may hold besides our keys: other keys, list items, comments, indented values.
_FRONT_MATTER_LINE = re.compile(r"\s*|\s*(?:[\w-]+[ \t]*:|- |#).*|[ \t]+\S.*")
_FENCE = re.compile(r"\s*---\s*")
_FENCE_END = re.compile(r"\s*(?:---|\.\.\.)\s*")
#: A front matter block longer than this is not front matter but a Markdown rule far down the text.
_MAX_FRONT_MATTER_LINES = 100


def parse_header(text: str) -> tuple[dict[str, object], int]:
    """The metadata in the header at the top of `text`, and the offset where the body starts.

    Keys are `title`, `outlet`, `url` (strings) and `published` (a `date`; one not in ISO 8601 is left
    out). Without a header the result is `({}, 0)`.
    """
    lines = list(_lines(text, limit=_MAX_FRONT_MATTER_LINES + 2))
    first = next((i for i, (start, end) in enumerate(lines) if text[start:end].strip()), None)
    if first is None:
        return {}, 0
    start, end = lines[first]
    if _FENCE.fullmatch(text, start, end):
        closing = next((i for i in range(first + 1, len(lines)) if _FENCE_END.fullmatch(text, *lines[i])), None)
        inner = lines[first + 1 : closing]
        # Every line between the fences must read `key: value`, or the first `---` is a Markdown rule.
        if closing is not None and all(_FRONT_MATTER_LINE.fullmatch(text, *line) for line in inner):
            found: dict[str, object] = {}
            for inner_start, inner_end in inner:
                if m := _KEY_LINE.fullmatch(text, inner_start, inner_end):
                    _record(found, m.group(1), m.group(2))
            return found, _skip_blank_lines(text, _line_after(text, lines[closing][1]))
    return _parse_key_lines(text)


def _parse_key_lines(text: str) -> tuple[dict[str, object], int]:
    found: dict[str, object] = {}
    position = 0
    in_header = False
    for start, end in _lines(text):
        if not in_header and not text[start:end].strip():
            continue  # blank lines before the header
        if m := _KEY_LINE.fullmatch(text, start, end):
            _record(found, m.group(1), m.group(2))
        elif m := _BARE_DATE.match(text, start, end):
            _record(found, m.group(1), m.group(2))
            if text[m.end() : end].strip():  # the headline follows on the same line: the title, and the body
                found.setdefault("title", text[m.end() : end].strip())
                return found, m.end()
        else:
            position = start
            break
        in_header = True
        position = _line_after(text, end)
    if not in_header:
        return {}, 0
    return found, _skip_blank_lines(text, position)


def _record(found: dict[str, object], key: str, value: str) -> None:
    field = HEADER_KEYS[key.lower()]
    value = _unquote(value)
    if not value or field in found:
        return  # an empty value says nothing; the first of two values wins
    if field == "published":
        parsed = _parse_date(value)
        if parsed is not None:
            found[field] = parsed
    else:
        found[field] = value


def _parse_date(value: str) -> date | None:
    if not re.fullmatch(_ISO_DATE, value):
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:  # 2022-02-30
        return None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def guess_title(text: str, body_start: int) -> str | None:
    """The title the body's first line gives, if any.

    A Markdown heading gives one; so does a line of at most `MAX_TITLE` characters with no final period and
    a blank line after it.
    """
    lines = _lines(text, body_start)
    for start, end in lines:
        line = text[start:end].strip()
        if not line:
            continue
        if heading := re.fullmatch(r"#{1,6}\s+(.*?)[\s#]*", line):
            return heading.group(1) or None
        following = next(lines, None)
        if following is None or text[following[0] : following[1]].strip():
            return None
        if len(line) > MAX_TITLE or line.endswith("."):
            return None
        return line
    return None


def _lines(text: str, start: int = 0, limit: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each line from `start`, without its line break."""
    count = 0
    while start < len(text) and (limit is None or count < limit):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield start, end
        start, count = end + 1, count + 1


def _line_after(text: str, end: int) -> int:
    return min(end + 1, len(text))


def _skip_blank_lines(text: str, position: int) -> int:
    for start, end in _lines(text, position):
        if text[start:end].strip():
            return start
    return position


# Bytes to text --------------------------------------------------------------------------------------------

_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP archive (or a .docx/.odt/.epub)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (OLE) document"),
)
# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Control characters that are not line or page breaks; a text has hardly any.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.05
#: Non-ASCII characters a Western European text in cp1252 may hold besides letters.
_LATIN_PUNCTUATION = frozenset("\u00a0“”‘’„‚–—…«»‹›°€£¥¢§©®™·•´¨¸¿¡×÷½¼¾ºª†‡‰")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of `data` and the encoding it was read in."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryInput(f"{name}: not text but a {kind}; extract its text first, or pass a .txt or .md file.")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), name), codec.removesuffix("-sig")
            except UnicodeDecodeError as error:
                raise EncodingError(
                    f"{name}: starts with a {codec} byte-order mark but is not valid {codec}"
                    f" ({error.reason} at byte {error.start}); re-save the file as UTF-8."
                ) from None
    if b"\x00" in data:
        raise BinaryInput(f"{name}: not text (it holds NUL bytes); pass the report as plain text or Markdown.")
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError as error:
        first_bad = error.start
    legacy = _decode_legacy(data)
    if legacy is None:
        raise EncodingError(
            f"{name}: not UTF-8 (byte 0x{data[first_bad]:02x} at offset {first_bad}) and no other encoding"
            " gives readable text; convert it to UTF-8, e.g. with `iconv -f <encoding> -t UTF-8`."
        )
    return _checked(legacy[0], name), legacy[1]


def _checked(text: str, name: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls and controls > _MAX_CONTROL_SHARE * len(text):
        raise BinaryInput(
            f"{name}: not text ({controls} of its {len(text)} characters are control characters);"
            " pass the report as plain text or Markdown."
        )
    return text


def _decode_legacy(data: bytes) -> tuple[str, str] | None:
    """Text from bytes that are not UTF-8 and its encoding, or None when no encoding gives readable text."""
    # cp1252 first: on short Western European texts charset_normalizer picks look-alike code pages
    # (cp1250, cp1258) that turn "così" into "coś". cp1252 is taken only when every non-ASCII character
    # it yields is a letter or common punctuation, which other code pages' texts seldom pass.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d...: C1 controls in Latin-1, so not Western European prose
        text = None
    if text is not None and _looks_like_prose(text) and _looks_western(text):
        return text, "cp1252"
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: installed with requests, but crisisledger does not require it
        return None
    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    return (text, best.encoding) if _looks_like_prose(text) else None


def _looks_like_prose(text: str) -> bool:
    """Two words or more, mostly letters, of a reasonable length, and no control characters."""
    sample = text[:65_536]
    words = sample.split()
    if len(words) < 2 or _CONTROL.search(sample):
        return False
    visible = sum(map(len, words))
    letters = sum(character.isalpha() for character in sample)
    return letters >= 0.6 * visible and visible <= 25 * len(words)


def _looks_western(text: str) -> bool:
    sample = text[:65_536]
    foreign = [c for c in sample if not c.isascii()]
    letters = sum(c.isalpha() for c in sample)
    return len(foreign) <= 0.3 * letters and all(c.isalpha() or c in _LATIN_PUNCTUATION for c in foreign)


# Reading --------------------------------------------------------------------------------------------------


def read_text(data: bytes, *, source: str, defaults: Metadata = Metadata(), max_bytes: int = MAX_BYTES) -> Document:
    """A `Document` from the bytes of a report; `source` names where they came from, in messages too."""
    name = printable(source)
    if len(data) > max_bytes:
        raise _too_large(name, max_bytes, len(data))
    if not data.strip():
        raise EmptyInput(f"{name}: nothing to read (empty or whitespace only); pass a file with a report's text.")
    text, encoding = _decode(data, name)
    if not text.strip():
        raise EmptyInput(f"{name}: nothing to read (whitespace only); pass a file with a report's text.")
    header, body_start = parse_header(text)
    if not text[body_start:].strip():
        raise EmptyInput(f"{name}: nothing to read after the metadata header; put the report below the header.")
    return Document(
        id=content_id(text),
        text=text,
        encoding=encoding,
        title=_str(header.get("title")) or defaults.title or guess_title(text, body_start),
        outlet=_str(header.get("outlet")) or defaults.outlet,
        url=_str(header.get("url")) or defaults.url,
        published=_date(header.get("published")) or defaults.published,
        source=source,
        body_start=body_start,
    )


def read_path(path: Path, *, defaults: Metadata = Metadata(), max_bytes: int = MAX_BYTES) -> Document:
    """A `Document` from a file; its size is checked before anything is read, and only a regular file is
    opened (a named pipe would block `open()` until some writer came)."""
    name = printable(str(path))
    try:
        found = os.stat(path)
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError(path)
        if found.st_size > max_bytes:
            raise _too_large(name, max_bytes, found.st_size)
        with open_regular(str(path)) as stream:
            data = _read_at_most(stream, max_bytes, name)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path, or pass '-' to read standard input.") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory; pass the files in it, or expand() it first.") from None
    except PermissionError:
        raise InputError(f"{name}: cannot be read (permission denied); check the file's permissions.") from None
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror}); check that it is a readable file.") from None
    return read_text(data, source=str(path), defaults=defaults, max_bytes=max_bytes)


def read_source(
    item: str, *, defaults: Metadata = Metadata(), max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None
) -> Document:
    """A `Document` from a path, or from standard input (or `stdin`) when `item` is "-"."""
    if item != "-":
        return read_path(Path(item), defaults=defaults, max_bytes=max_bytes)
    data = _read_at_most(sys.stdin.buffer if stdin is None else stdin, max_bytes, "-")
    return read_text(data, source="-", defaults=defaults, max_bytes=max_bytes)


def expand(paths: Sequence[str]) -> list[str]:
    """The files to read: directories become their report files (recursively, sorted); the rest stays as is.

    "-" (standard input) and paths that do not exist are kept, so that reading them reports the problem.
    """
    files: list[str] = []
    for item in paths:
        if item == "-" or not os.path.isdir(item):
            files.append(item)
            continue
        found = sorted(_report_files(item))
        if not found:
            raise InputError(
                f"{printable(item)}: no .txt, .md or .markdown files in this directory;"
                " pass report files, or a directory that holds some."
            )
        files.extend(found)
    return files


def _report_files(directory: str) -> Iterator[str]:
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git and the like hold no reports
        for file_name in names:
            # a README in a folder of reports describes them; it is not one of them
            if file_name.startswith(".") or file_name.lower().startswith("readme"):
                continue
            if file_name.lower().endswith(SUFFIXES):
                yield os.path.join(root, file_name)


def _read_at_most(stream: BinaryIO, max_bytes: int, name: str) -> bytes:
    """Up to one byte more than the limit: enough to tell a too-large input without holding all of it."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # a file that grew since its size was checked, or a pipe
        raise _too_large(name, max_bytes)
    return data


def _too_large(name: str, max_bytes: int, size: int | None = None) -> TooLarge:
    size_text = f" ({size:,} bytes)" if size is not None else ""
    return TooLarge(
        f"{name}: larger than the limit of {max_bytes:,} bytes{size_text}; split the report,"
        " or raise the limit (CRISISLEDGER_MAX_BYTES)."
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _date(value: object) -> date | None:
    return value if isinstance(value, date) else None
