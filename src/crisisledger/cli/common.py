"""What every command shares: the app, the consoles, the common options, opening the store, formatting."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..config import Settings, load_settings
from ..errors import CrisisLedgerError
from ..export import write_json_list
from ..records import Figure
from ..safe import clean, inert

if TYPE_CHECKING:
    from rich.progress import Progress  # with rich.live: only the commands that show progress import them

    from ..store import Store  # SQLAlchemy: imported when a command opens the store, not for --help

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="markdown",
    help="Keep a sourced ledger of crisis reports: figures as claims, who claims them, citing whom, "
    "as of when, and what was denied or withdrawn.\n\n"
    "Example: `crisisledger ingest reports/ && crisisledger ledger`",
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _width() -> int:
    """$COLUMNS when set; 160 when piped into a file or a pager (room for the ledger's columns); else the
    terminal's width."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not out.is_terminal:
        return 160
    return shutil.get_terminal_size().columns


@app.callback()
def _start() -> None:
    out.width = _width()  # read at each run, not at import: one process may run several commands


AsKindOption = Annotated[
    str | None, typer.Option("--as", help="Read every input as this kind: text, html, feed, telegram or urls.")
]
AllowPrivateOption = Annotated[
    bool, typer.Option("--allow-private", help="Allow URLs on loopback and private networks (your own local feeds).")
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or SQLAlchemy URL. [default: $CRISISLEDGER_DB or ./crisisledger.db]"),
]


_LABEL_STYLES = {"error": "red", "warning": "yellow"}


def say(label: str, message: str | None) -> None:
    """One line on stderr, "label: message", with the message printed as it is (no markup), cleaned of escape
    sequences, control characters and line breaks (a message may quote a source)."""
    err.print(Text.assemble((f"{label}:", _LABEL_STYLES.get(label, "")), " ", clean(message)))


FORMATS = ("table", "tsv", "json")
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="table (to read), tsv (a header row, then a row per record: for spreadsheets and pipes) or json "
        "(the records as `export` gives them).",
    ),
]
PlaceOption = Annotated[str | None, typer.Option("--place", help="Only where the place's name contains this.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="Only from this day on (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Only up to this day (YYYY-MM-DD).")]


def fail(message: str) -> typer.Exit:
    """Say one error line; the Exit (code 2, a usage error) for the caller to raise."""
    say("error", message)
    return typer.Exit(2)


def choose(option: str, value: str | None, valid: Iterable[str]) -> str | None:
    """`value` if it is one of `valid` (or None); else one error line that lists the valid values."""
    if value is None:
        return None
    values = list(dict.fromkeys(valid))
    if value not in values:
        raise fail(f"'{option}' must be one of {', '.join(values)} (got {value!r})")
    return value


def contains(needle: str | None, *haystacks: str | None) -> bool:
    """True without a needle, or when one of the haystacks contains it (case-insensitive)."""
    if needle is None:
        return True
    return any(needle.casefold() in (h or "").casefold() for h in haystacks)


def within(day: date | None, since: date | None, until: date | None) -> bool:
    """True without bounds; an undated record is outside any bound."""
    if since is None and until is None:
        return True
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


def _settings(db: str | None) -> Settings:
    return load_settings(db=db)


def _open(settings: Settings, *, read_only: bool = False) -> Store:
    """The store, for writing (checked writable before anything is read), or for reading only."""
    from ..store import Store

    try:
        return Store.open(settings.db, read_only=read_only)
    except CrisisLedgerError as exc:
        say("error", str(exc))
        raise typer.Exit(2) from None


def _open_existing(db: str | None, *, read_only: bool = True) -> Store:
    """The store for a command that works on what is stored: a SQLite file that does not exist is one error
    line, never a new empty store (a URL is opened as it is). A command that only reads reads a store that
    cannot be written all the same; one that writes (`read_only=False`) is told at once that it cannot."""
    settings = _settings(db)
    if "://" not in settings.db and settings.db != ":memory:" and not Path(settings.db).expanduser().exists():
        raise fail(f"no store at {settings.db}; `crisisledger ingest` creates it, or name another with --db")
    return _open(settings, read_only=read_only)


def _parse_date(value: str | None, option: str = "--published") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"'{option}' must be a date YYYY-MM-DD (got {value!r})") from None


def cell(text: str | None, style: str = "") -> Text:
    """A table cell from source text, cleaned."""
    return Text(clean(text), style=style)


def tsv_cell(value: object) -> str:
    """One TSV cell: cleaned, tabs and line breaks as spaces (a cell's lines joined by " | "), and a cell
    that a spreadsheet would read as a formula quoted with a leading apostrophe (`safe.inert`), spaces before
    its "=" included (a tab a source began it with is a space by now)."""
    text = value.plain if isinstance(value, Text) else "" if value is None else str(value)
    text = " | ".join(clean(line) for line in text.split("\n") if line.strip())
    start = text.lstrip(" ")
    return "'" + text if inert(start) != start else text


@dataclass(frozen=True)
class Column:
    """A column of a view. A `token` column holds dates, numbers, ids or single words: it never wraps; the
    others wrap at word boundaries (a word longer than the column is folded)."""

    name: str
    token: bool = False


def emit(
    format: str,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Text | str]],
    records: Iterable[dict[str, Any]],
    *,
    lines: bool = False,
) -> None:
    """Print a view as a table, as TSV (header row first), or as JSON (the export's records); each is written
    as it is made, never held whole (a view of a big store runs to many megabytes)."""
    if format == "json":
        write_json_list(out.file, records)
        out.file.write("\n")
        return
    if format == "tsv":
        out.file.write("\t".join(c.name for c in columns) + "\n")
        for row in rows:
            out.file.write("\t".join(tsv_cell(value) for value in row) + "\n")
        return
    cells = [[_safe(value) for value in row] for row in rows]
    widths = _widths(columns, cells, out.width)
    if widths is None:  # too narrow for a table: each record as a block of "column  value" lines
        _blocks(title, columns, cells)
        return
    # the title as Text: a str would be read as Rich markup, and a title may quote a source (`history`)
    table = Table(title=Text(title), show_lines=lines, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    for column, width in zip(columns, widths, strict=True):
        table.add_column(column.name, width=width, no_wrap=column.token, overflow="fold")
    for row in cells:
        table.add_row(*row)
    print_streamed(table)


#: Lines of a table written at a time by `print_streamed`.
_LINES_AT_ONCE = 256


def print_streamed(table: Table) -> None:
    """`out.print(table)`, the same characters, written a few hundred lines at a time as rich renders them:
    rich's own print renders a whole table into segments, then into one string, before it writes any of it,
    which for the ledger of a big store is hundreds of megabytes. A table with the widths of its columns set
    (as `emit` sets them) renders row by row.

    On a console without colour (a pipe, a file) `table.write_table` writes it, the same characters at a
    fraction of the cost of rich's layout; with colour, rich lays it out (the writer does not reproduce the
    styles' escape codes, see its module)."""
    from rich.segment import Segment, Segments

    from .table import write_table

    if write_table(out, table):
        return

    # the options Console.print renders with, when given no options of its own
    options = out.options.update(justify=None, overflow=None, height=None, no_wrap=None, markup=None, highlight=None)
    batch: list[Segment] = []
    lines = 0
    for line in Segment.split_and_crop_lines(out.render(table, options), out.width, pad=False):
        batch.extend(line)  # copied: the line's list is reused for the next one
        lines += 1
        if lines == _LINES_AT_ONCE:
            out.print(Segments(batch), crop=False)  # already cut to lines that fit: printed as they are
            batch, lines = [], 0
    if batch:
        out.print(Segments(batch), crop=False)


_MAX_WORD = 24  # a longer word (a URL) may be folded rather than widen its column


def _widths(columns: Sequence[Column], cells: list[list[Text]], width: int) -> list[int] | None:
    """Column widths that fit `width` without breaking a token (a token column's values, a text column's
    words); None when no such widths exist. Columns grow towards their longest line in proportion to need."""
    overhead = 3 * len(columns) - 1  # SIMPLE_HEAD: an edge each side, a space between columns, padding 1
    lows, highs = [], []
    for index, column in enumerate(columns):
        lines = [line for row in cells for line in row[index].plain.split("\n")]
        longest = max((cell_len(line) for line in lines), default=0)
        heading = max((cell_len(word) for word in column.name.split()), default=0)
        if column.token:  # its heading does not wrap either
            low = max(longest, cell_len(column.name))
        else:
            words = max((cell_len(word) for line in lines for word in line.split()), default=0)
            low = max(min(words, _MAX_WORD), heading, 1)
        lows.append(low)
        highs.append(max(low, longest, cell_len(column.name)))
    spare = width - overhead - sum(lows)
    if spare < 0:
        return None
    needs = [high - low for low, high in zip(lows, highs, strict=True)]
    if sum(needs) <= spare:
        return highs
    return [low + need * spare // sum(needs) for low, need in zip(lows, needs, strict=True)]


def _blocks(title: str, columns: Sequence[Column], cells: list[list[Text]]) -> None:
    if title:
        out.print(Text(title, style="italic"))
    label = max((cell_len(c.name) for c in columns), default=0)
    for row in cells:
        out.print()
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="dim", width=label)
        grid.add_column(overflow="fold")
        for column, value in zip(columns, row, strict=True):
            if value.plain:
                grid.add_row(column.name, value)
        out.print(grid)


def _safe(value: Text | str) -> Text:
    if isinstance(value, Text):
        if clean(value.plain, keep_lines=True) == value.plain:
            return value
        return Text(clean(value.plain, keep_lines=True), style=value.style)
    return Text(clean(value, keep_lines=True))


def _moment(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") + (" UTC" if value.tzinfo is not None else "")


def _progress() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def format_value(figure: Figure) -> str:
    """ "7,989", "~8,000", "10,000–15,000", "≥12 (vague)", "≥1,300", "≤50"."""
    low, high = figure.min, figure.max
    if low is not None and high is not None:
        text = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        return f"~{text}" if figure.approximate and low == high else text
    if low is not None:
        return f"≥{low:,}" + (" (vague)" if figure.vague else "")
    if high is not None:
        return f"≤{high:,}"
    return "?"


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""
