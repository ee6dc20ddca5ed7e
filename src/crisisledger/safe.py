"""Text from a source, made safe for where it is shown (docs/reliability.md, "safe output").

A report, a page, a feed or a file name may hold characters that act rather than show: escape sequences that
clear a terminal or plant a link (ANSI CSI and OSC 8), C0 and C1 control characters, bidirectional overrides
that make text read backwards, and cells a spreadsheet runs as formulas. Every output goes through one of:

- `clean` for a terminal line or cell: escape sequences and controls dropped (the CLI's tables, TSV, messages);
- `json_text` for JSON: the same characters, with the C1 controls and bidi overrides `json` leaves raw
  written as \\u escapes (the value is unchanged for any reader);
- `csv_cell` for a CSV cell: formulas made inert (`inert`) and each control character replaced by U+FFFD,
  one for one, so that a cell's offsets (evidence_start, evidence_end) still point at its words.

Our own code, not a library's: `rich.markup.escape` covers markup only, `csv` only quoting, and no library at
hand does OWASP's formula rule.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), a lone ESC pair, and the 8-bit CSI.
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
#: Characters that act rather than show: C0 controls but tab and line feed, DEL, C1 controls, and the
#: bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: What `json.dumps(..., ensure_ascii=False)` leaves raw of `CONTROLS` (it escapes the C0 controls itself).
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_NUMBER = re.compile(r"-[0-9]+(?:\.[0-9]+)?")  # ASCII digits: what a spreadsheet reads as a number


def clean(text: str | None, *, keep_lines: bool = False) -> str:
    """`text` safe to print: no escape sequences or control characters; tabs (and, unless `keep_lines`, line
    breaks) become spaces."""
    if not text:
        return ""
    text = CONTROLS.sub("", ESCAPES.sub("", text.replace("\r\n", "\n")))
    text = text.replace("\t", " ")
    return text if keep_lines else text.replace("\n", " ")


def inert(value: Any) -> Any:
    """A cell a spreadsheet shows and never runs: text starting with = + - @ (or a tab or a carriage return)
    gets a leading apostrophe, as OWASP advises; a plain negative number ("-5", "-2.5") is left as it is,
    and so is any value that is not text."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not _NEGATIVE_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_cell(value: Any) -> Any:
    """A CSV cell: inert, and each control character replaced by U+FFFD (one character for one: offsets into
    the text stay right; tabs and line breaks, which CSV quotes, stay)."""
    value = inert(value)
    if isinstance(value, str):
        return CONTROLS.sub("\ufffd", value)
    return value


def json_text(value: Any, *, indent: int | None = 2, separators: tuple[str, str] | None = None) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)`, with every C1 control
    and bidi override in a string written as a \\u escape: the same JSON value, nothing that acts on a
    terminal (an answer of the API printed by curl, an export on stdout)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
    if _RAW_IN_JSON.search(text) is None:  # the usual case: no second pass over the text
        return text
    # these characters are never JSON syntax, so each one is inside a string, where \uXXXX means the same
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
