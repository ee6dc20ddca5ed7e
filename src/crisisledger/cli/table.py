"""A cheaper writer for the tables the views print: the same characters as rich's `Console.print(table)`.

Why: rich lays out every cell of a table through its generic machinery (a `Padding` around each cell,
`render_lines`, `Segment` lists split, cropped, padded and re-shaped per cell), which for the ledger of a big
store is most of the command's time, although nearly every line of a cell already fits its column. This
writer does the layout as plain strings: a line that fits is padded to its column; a line that does not is
wrapped by rich's own `Text.wrap`, with the options rich's table renders a cell with (rich wraps a cell line
by line, so this is rich's result by construction); a cell that is not a plain `Text` is laid out by rich
whole; the title, the header and its rule are rich's own lines.

It writes only for a console that writes no styles (no colour system: a pipe, a file, `NO_COLOR` aside):
then rich writes a segment's text and nothing else, so the same characters are the same output. With
colour, rich writes each segment's style as escape codes around that segment, and the output would be
equal only if every segment's boundaries and styles were too; that is not what this writer reproduces, so a
console with colour, and any table of a shape this writer does not know, is printed by rich
(`write_table` returns False and the caller prints it). tests/test_cli_table.py checks the equality on
random tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from rich._wrap import divide_line  # what `Text.wrap` breaks a line with (see `_wrapped`)
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderableType
from rich.padding import Padding
from rich.segment import Segment, Segments
from rich.table import Column, Table
from rich.text import Text

#: Lines of a table written at a time (a few hundred: never the whole table held as one string).
LINES_AT_ONCE = 256


def print_options(console: Console) -> ConsoleOptions:
    """The options `Console.print` renders with when given no options of its own."""
    return console.options.update(justify=None, overflow=None, height=None, no_wrap=None, markup=None, highlight=None)


def rich_lines(console: Console, renderable: Table, options: ConsoleOptions) -> Iterable[list[Segment]]:
    """The lines rich prints for `renderable`, cut to the console's width as `Console.print` cuts them; each
    line's list is rich's own and reused for the next line (copy what you keep)."""
    return Segment.split_and_crop_lines(
        console.render(renderable, options), console.width, pad=False, include_new_lines=False
    )


def _plain(line: Sequence[Segment]) -> str:
    return "".join(segment.text for segment in line)


def writable(console: Console, table: Table) -> list[int] | None:
    """The widths rich gives the table's columns (cell widths, padding included) when this writer prints the
    table exactly as rich would; None when it does not (colour; a shape of table it does not know; columns
    wider than the console, which rich would narrow)."""
    if console.color_system is not None or console.is_jupyter or console.soft_wrap:
        return None  # a soft-wrapping console prints with other options (no cropping, the title not wrapped)
    if (
        table.box is None
        or not table.show_header
        or table.show_footer
        or not table.show_edge
        or table.leading
        or table.caption
        or table.width is not None
        or table.min_width is not None
        or table.expand
        or table.collapse_padding
        or table.pad_edge
        or table.padding != (0, 1, 0, 1)
        or table.row_styles
        or any(row.end_section or row.style for row in table.rows)
        or not table.columns
    ):
        return None
    widths = []
    last = len(table.columns) - 1
    for index, column in enumerate(table.columns):
        if (
            column.width is None
            or column.width < 1
            or column.justify != "left"
            or column.vertical != "top"
            or column.overflow != "fold"
            or column.ratio is not None
            or column.min_width is not None
            or column.max_width is not None
        ):
            return None
        widths.append(column.width + 2 - (index == 0) - (index == last))  # no padding at the edges
    # rich's `_extra_width`: an edge each side and a divider between columns
    if sum(widths) + 2 + len(widths) - 1 > print_options(console).max_width:
        return None  # rich would narrow the columns
    return widths


def write_table(console: Console, table: Table) -> bool:
    """Print `table` on `console` as `console.print(table)` would, a few hundred lines at a time; False
    (nothing written) when this writer cannot promise rich's characters (`writable`), for the caller to
    print the table with rich."""
    widths = writable(console, table)
    if widths is None:
        return False
    batch: list[str] = []
    for line in _lines(console, table, widths):
        batch.append(line)
        if len(batch) == LINES_AT_ONCE:
            _write(console, batch)
            batch = []
    if batch:
        _write(console, batch)
    return True


def _write(console: Console, lines: list[str]) -> None:
    # one segment without a style: rich writes its text as it is (the lines are cut to the width already)
    console.print(Segments([Segment("\n".join(lines) + "\n")]), crop=False)


def _lines(console: Console, table: Table, widths: list[int]) -> Iterator[str]:
    """The table's lines, without their line breaks."""
    options = print_options(console)
    # the title, the top edge, the header and its rule: rich's own lines for the table without its rows
    # (rows are rendered one by one, so the lines before the first row never depend on them), less the
    # bottom edge that ends a table
    head = _without_rows(table)
    lines = [_plain(line) for line in rich_lines(console, head, options)]
    yield from lines[:-1]
    bottom = lines[-1]

    box = table.box
    assert box is not None  # `writable` checked
    box = box.substitute(options, safe=table.safe_box if table.safe_box is not None else console.safe_box)
    columns = table.columns
    last_column = len(columns) - 1
    # rich's `_get_cells` with padding (0, 1) and `pad_edge=False`: a space each side of a cell, but for the
    # table's edges
    pads = [(0 if index == 0 else 1, 0 if index == last_column else 1) for index in range(len(columns))]
    separator = box.get_row(widths, "row", edge=True) if table.show_lines else None
    cells = [column._cells for column in columns]
    count = table.row_count
    for index in range(count):
        last = index == count - 1
        left, right, divider = (
            (box.foot_left, box.foot_right, box.foot_vertical)
            if last
            else (box.mid_left, box.mid_right, box.mid_vertical)
        )
        blocks = [
            _cell(console, options, column, cells[number][index], widths[number], pads[number])
            for number, column in enumerate(columns)
        ]
        height = max(len(block) for block in blocks)
        for block, width in zip(blocks, widths, strict=True):
            block.extend([" " * width] * (height - len(block)))  # a shorter cell: blank lines below it
        for line in zip(*blocks, strict=True):
            yield left + divider.join(line) + right
        if separator is not None and not last:
            yield separator
    yield bottom


def _wrapped(line: str, width: int, no_wrap: bool) -> list[str]:
    """The lines of `Text(line).wrap(console, width, justify="left", overflow="fold", no_wrap=no_wrap)`, each
    cut or padded to `width` cells, for one line of plain text without tabs: rich's own break points
    (`divide_line`, the function `Text.wrap` breaks a line with), each piece then cut or padded to the width
    as `Lines.justify` ("left") and `truncate` do. (`wrap` also drops a piece's trailing whitespace beyond the
    width, `rstrip_end`; cutting the piece to the width drops the same characters, since whitespace is one cell
    wide and lies at its end.) Why not `Text.wrap` itself: it makes a `Text`, a `Lines` and their spans for
    every piece, which was about half of what `ledger` spent laying out a big table (3 of 7 s under cProfile at
    3,840 documents); tests/test_cli_table.py compares the two on random lines."""
    if no_wrap:
        return [set_cell_size(line, width)]
    edges = [0, *divide_line(line, width, fold=True), len(line)]
    return [set_cell_size(line[start:end], width) for start, end in zip(edges, edges[1:], strict=False)]


def _without_rows(table: Table) -> Table:
    """A copy of `table`, its settings and columns, without its rows."""
    head = Table.__new__(Table)
    head.__dict__.update(table.__dict__)
    head.columns = [replace(column, _cells=[]) for column in table.columns]
    head.rows = []
    return head


def _cell(
    console: Console, options: ConsoleOptions, column: Column, value: RenderableType, width: int, pad: tuple[int, int]
) -> list[str]:
    """A cell's lines, each `width` cells wide (padding included), as rich lays them out."""
    left, right = pad
    inner = width - left - right
    if (
        isinstance(value, Text)
        and value.justify is None
        and value.overflow is None
        and value.no_wrap is None
        and value.end == "\n"
        and "\t" not in value.plain
    ):
        # rich wraps each line of a text on its own (`Text.wrap`); a line that fits it leaves as it is (no
        # break is needed, no whitespace lies beyond the width) and pads to the width with spaces; another
        # it wraps (or crops, in a column that does not wrap) into lines of the width; the padding goes round
        lines = []
        for line in value.plain.split("\n"):
            spare = inner - cell_len(line)
            if spare >= 0:
                lines.append(f"{' ' * left}{line}{' ' * (spare + right)}")
                continue
            lines.extend(f"{' ' * left}{part}{' ' * right}" for part in _wrapped(line, inner, bool(column.no_wrap)))
        return lines
    # anything else is rendered by rich, with the options its table renders a cell with
    cell_options = options.update(
        width=width, justify="left", no_wrap=column.no_wrap, overflow="fold", height=None, highlight=column.highlight
    )
    rendered = console.render_lines(Padding(value, (0, right, 0, left)), cell_options)
    return [set_cell_size(_plain(line), width) for line in rendered]
