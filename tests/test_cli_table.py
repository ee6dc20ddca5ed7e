"""The views' table writer (cli/table.py) writes the very characters rich's `Console.print(table)` writes, for
the tables `emit` makes; where it cannot promise that (colour, a table rich would narrow) it writes nothing
and rich prints the table."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from crisisledger.cli import common
from crisisledger.cli.table import LINES_AT_ONCE, write_table

# Words a cell is made of: short and long ones, wide characters (CJK, emoji), markup-like text, runs of
# spaces, line breaks (a cell of several lines), and nothing at all.
WORDS = st.sampled_from(
    [
        "8,000", "dead", "in", "Almaty", "the", "Ministry", "of", "Rescue", "said", "—", "«цитата»", "日本語",
        "の文字です", "🙂", "👍🏽", "[bold]", "[/]", "[red]x", "https://example.org/a/very/long/path/indeed",
        "averyveryverylongwordthatfolds", "", " ", "  ", "\n", "\n\n", "e\u0301",
    ]
)  # fmt: skip
TEXTS = st.lists(WORDS, max_size=14).map(" ".join) | st.lists(WORDS, max_size=6).map("".join)
STYLES = st.sampled_from(["", "bold", "red", "italic dim", "bold red on white"])


@st.composite
def cells(draw: st.DrawFn) -> Text:
    """A cell as the views make them: text with a style, some with spans (a contested claim in red)."""
    text = Text(draw(TEXTS), style=draw(STYLES))
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(text)))
        text.stylize(draw(STYLES), start, draw(st.integers(start, len(text))))
    return text


@st.composite
def tables(draw: st.DrawFn) -> tuple[Table, int]:
    """A table as `emit` makes it, and the width of a console it fits: 1 to 6 columns (tokens and text), of
    the widths `_widths` gives or of any widths."""
    columns = [
        common.Column(
            draw(st.sampled_from(["id", "claim", "as of", "who said", "[bold]x", "場所"])), draw(st.booleans())
        )
        for _ in range(draw(st.integers(1, 6)))
    ]
    rows = [[draw(cells()) for _ in columns] for _ in range(draw(st.integers(0, 6)))]
    overhead = 3 * len(columns) - 1
    widths = None
    if draw(st.booleans()):
        width = draw(st.integers(overhead + 1, 200))
        widths = common._widths(columns, rows, width)
    if widths is None:
        widths = [draw(st.integers(1, 30)) for _ in columns]
        width = max(1, sum(widths) + overhead + draw(st.integers(-3, 20)))
    title = draw(st.sampled_from(["", "Claims (3)", "[bold]Claims[/bold] of «Almaty» 日本", "a " * 40]))
    table = Table(
        title=Text(title), show_lines=draw(st.booleans()), box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left"
    )
    for column, column_width in zip(columns, widths, strict=True):
        table.add_column(column.name, width=column_width, no_wrap=column.token, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table, width


class AsciiFile(io.StringIO):
    """A file that takes only ASCII: rich draws the table's lines with ASCII characters (its ASCII box)."""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "ascii"


def by_rich(table: Table, width: int, *, ascii: bool = False, **colour: object) -> str:
    file = AsciiFile() if ascii else io.StringIO()
    console = Console(file=file, width=width, highlight=False, soft_wrap=False, **colour)  # type: ignore[arg-type]
    console.print(table)
    return file.getvalue()


def by_writer(table: Table, width: int, *, ascii: bool = False) -> str:
    file = AsciiFile() if ascii else io.StringIO()
    assert write_table(Console(file=file, width=width, highlight=False, soft_wrap=False), table)
    return file.getvalue()


@settings(max_examples=400, deadline=None)
@given(tables(), st.booleans())
def test_the_writer_writes_what_rich_prints(example: tuple[Table, int], ascii: bool) -> None:
    table, width = example
    widths = [column.width or 0 for column in table.columns]
    if sum(widths) + 3 * len(widths) - 1 > width:  # rich would narrow the columns: the writer declines
        assert not write_table(Console(file=io.StringIO(), width=width), table)
        return
    assert by_writer(table, width, ascii=ascii) == by_rich(table, width, ascii=ascii)


@pytest.mark.parametrize("color_system", ["standard", "truecolor"])
def test_with_colour_rich_prints_the_table(monkeypatch: pytest.MonkeyPatch, color_system: str) -> None:
    """The writer does not reproduce styles: with colour it declines, and `print_streamed` prints rich's
    characters, escape codes and all."""
    table = named_table(lines=True)
    colour = {"force_terminal": True, "color_system": color_system}
    console = Console(file=io.StringIO(), width=80, highlight=False, soft_wrap=False, **colour)  # type: ignore[arg-type]
    assert not write_table(console, table)
    monkeypatch.setattr(common, "out", console)
    common.print_streamed(table)
    expected = by_rich(table, 80, **colour)
    assert console.file.getvalue() == expected and "\x1b[1m" in expected  # type: ignore[attr-defined]


def test_a_table_rich_would_narrow_is_left_to_rich() -> None:
    table = named_table(lines=False)
    assert write_table(Console(file=io.StringIO(), width=27), table)
    assert not write_table(Console(file=io.StringIO(), width=26), table)  # its columns take 27


def test_tables_and_consoles_of_other_shapes_are_left_to_rich() -> None:
    """What the writer is not proven on: padded edges, a soft-wrapping console."""
    table = named_table(lines=False)
    table.pad_edge = True
    assert not write_table(Console(file=io.StringIO(), width=80), table)
    assert not write_table(Console(file=io.StringIO(), width=80, soft_wrap=True), named_table(lines=False))


def named_table(*, lines: bool) -> Table:
    """A ledger-like table with the cases by name: a token too long for its column (cropped), a line that
    fits but for its trailing spaces, a word folded across lines, wide characters split at a column's edge,
    blank lines inside a cell, empty cells, markup-like text that is not markup."""
    table = Table(
        title=Text("Ledger [bold]of[/] Almaty"), show_lines=lines, box=box.SIMPLE_HEAD, pad_edge=False,
        title_justify="left",
    )  # fmt: skip
    table.add_column("id", width=4, no_wrap=True, overflow="fold")
    table.add_column("claims", width=10, overflow="fold")
    table.add_column("where", width=5, overflow="fold")
    table.add_row(Text("123456"), Text("fits      "), Text("日本語の文字"))
    table.add_row(Text("1"), Text("fits  but not these spaces   "), Text("a\n\n b"))
    table.add_row(Text(""), Text("averyveryverylongword [red]x", style="bold"), Text(""))
    contested = Text("8,000 dead (denied by the Ministry)")
    contested.stylize("red", 6, 10)
    table.add_row(Text("🙂🙂🙂"), contested, Text("e\u0301e\u0301"))
    return table


@pytest.mark.parametrize("ascii", [False, True])
@pytest.mark.parametrize("lines", [False, True])
@pytest.mark.parametrize("width", [27, 28, 60])
def test_named_examples(lines: bool, width: int, ascii: bool) -> None:
    table = named_table(lines=lines)
    written = by_writer(table, width, ascii=ascii)
    assert written == by_rich(table, width, ascii=ascii)
    assert "Ledger [bold]of[/] Almaty" in written and "1234 " in written and "12345" not in written  # cropped


def test_a_table_without_rows_and_without_a_title() -> None:
    table = Table(title=Text(""), box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    table.add_column("only", width=6, overflow="fold")
    assert by_writer(table, 20) == by_rich(table, 20)


def test_emit_writes_a_long_table_a_few_hundred_lines_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without colour `emit` goes through the writer, the same characters as rich's own print, in pieces."""
    sizes: list[int] = []

    class Writes(io.StringIO):
        def write(self, text: str) -> int:
            sizes.append(len(text))
            return super().write(text)

    def printed(whole: bool) -> str:
        file = Writes()
        monkeypatch.setattr(common, "out", Console(file=file, width=100, highlight=False, soft_wrap=False))
        if whole:
            monkeypatch.setattr(common, "print_streamed", lambda table: common.out.print(table))
        columns = [common.Column("n", True), common.Column("claim"), common.Column("said")]
        rows = [
            (str(n), Text(f"{n * 7:,} dead in Riverton", style="bold"), f"the Ministry of Rescue said so\nat {n}:00")
            for n in range(1500)
        ]
        common.emit("table", "Claims (1500)", columns, rows, [], lines=True)
        return file.getvalue()

    text = printed(whole=False)
    pieces = list(sizes)
    assert text == printed(whole=True)
    assert len(pieces) > 1500 * 3 // LINES_AT_ONCE and max(pieces) < len(text) / 10


@settings(max_examples=400, deadline=None)
@given(line=TEXTS.map(lambda text: text.replace("\n", " ")), width=st.integers(1, 40), no_wrap=st.booleans())
def test_a_line_is_wrapped_as_rich_wraps_it(line: str, width: int, no_wrap: bool) -> None:
    """`_wrapped` (rich's break points, then what `Text.wrap` does to each piece) gives `Text.wrap`'s lines,
    each cut or padded to the width as the table pads them."""
    from rich.cells import set_cell_size

    from crisisledger.cli.table import _wrapped

    console = Console(file=io.StringIO(), width=200)
    wrapped = Text(line).wrap(console, width, justify="left", overflow="fold", no_wrap=no_wrap)
    assert _wrapped(line, width, no_wrap) == [set_cell_size(piece.plain, width) for piece in wrapped]
