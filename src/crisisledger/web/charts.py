"""Server-side SVG charts: the geometry of a line's claims over time, drawn by Jinja templates.

Nothing here writes markup: each chart is a plain structure of numbers and words (`LineChart`, `Sparkline`)
that `templates/partials/chart_line.html` and `partials/sparkline.html` turn into inline SVG, so every
claimant's name and status is escaped by the template engine like any other text.

A claim is a point at (its as-of date, or its report's date when it has none; its value); a range is a
vertical bar from its low to its high bound, an open bound ("more than 200") an arrow upwards. Each claimant
has a colour and a marker shape of its own (readable without colour); claims that no longer stand
(denied, withdrawn, revised) are drawn hollow and struck through, and say so in their <title>.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..reconcile import Claim

#: Okabe-Ito: colours told apart by people with any common colour-vision deficiency.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#7f6a00")
SHAPES = ("circle", "square", "diamond", "triangle")
#: Statuses of claims that no longer stand, drawn hollow and struck.
FALLEN = ("denied", "withdrawn", "revised")


@dataclass(frozen=True)
class Mark:
    """One claim drawn: its centre, its bar (when a range or open), its series, and what it says."""

    x: float
    y: float
    y_low: float
    y_high: float
    bar: bool
    open_top: bool
    colour: str
    shape: str
    hollow: bool
    title: str
    figure_id: str
    #: The marker's outline as an SVG polygon's points (squares, diamonds, triangles).
    points: str = ""


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class LegendEntry:
    name: str
    colour: str
    shape: str
    count: int
    fallen: tuple[str, ...]  # "withdrawn (1)", ...
    points: str = ""  # the shape at the legend's own position


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    marks: tuple[Mark, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    legend: tuple[LegendEntry, ...]
    description: str


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    path: str
    dots: tuple[tuple[float, float, bool], ...]  # x, y, hollow
    description: str


def day_of(claim: Claim) -> date | None:
    """Where a claim sits in time: its as-of date, or its report's date when it has none."""
    return claim.figure.as_of or claim.reported


def value_text(low: int | None, high: int | None, approximate: bool = False, vague: bool = False) -> str:
    """ "7,989", "~8,000", "10,000–15,000", "≥12 (vague)", "≥1,300", "≤50" (as the terminal ledger writes)."""
    if low is not None and high is not None:
        text = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        return f"~{text}" if approximate and low == high else text
    if low is not None:
        return f"≥{low:,}" + (" (vague)" if vague else "")
    if high is not None:
        return f"≤{high:,}"
    return "?"


def claim_value(claim: Claim) -> str:
    f = claim.figure
    return value_text(f.min, f.max, f.approximate, f.vague)


def _bounds(claim: Claim) -> tuple[float, float, bool]:
    """(low, high, open): an open-ended claim is drawn from its floor upwards."""
    low, high = claim.figure.min, claim.figure.max
    if low is None and high is None:
        return 0.0, 0.0, False
    if low is None:
        return 0.0, float(high or 0), False
    if high is None:
        return float(low), float(low), True
    return float(low), float(high), False


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round steps from 0 to at least `top`: 0, 50, 100, 150..."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def shape_points(shape: str, x: float, y: float, r: float) -> str:
    if shape == "square":
        corners = [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
    elif shape == "diamond":
        r *= 1.3
        corners = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    elif shape == "triangle":
        r *= 1.25
        corners = [(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)]
    else:
        return ""
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in corners)


def _tick_dates(first: date, last: date, count: int = 5) -> list[date]:
    days = (last - first).days
    if days <= 0:
        return [first]
    step = max(1, math.ceil(days / (count - 1)))
    ticks = [first + timedelta(days=i) for i in range(0, days + 1, step)]
    if ticks[-1] != last and (last - ticks[-1]).days * 2 >= step:
        ticks.append(last)
    return ticks


def line_chart(claims: Sequence[Claim], *, width: int = 760, height: int = 320) -> LineChart | None:
    """Every dated claim of a line over time; None when no claim has a date or a value."""
    drawn = [c for c in claims if day_of(c) is not None and (c.figure.min is not None or c.figure.max is not None)]
    if not drawn:
        return None
    left, right, top, bottom = 64, 44, 16, 40
    days = [d for d in (day_of(c) for c in drawn) if d is not None]
    first, last = min(days), max(days)
    if first == last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).days
    highest = max(max(_bounds(c)[1], _bounds(c)[0] * (1.15 if _bounds(c)[2] else 1)) for c in drawn)
    y_values = nice_ticks(highest * 1.05)
    y_top = y_values[-1] or 1.0
    inner_w, inner_h = width - left - right, height - top - bottom

    def x_of(day: date) -> float:
        return left + 12 + (inner_w - 24) * (day - first).days / span

    def y_of(value: float) -> float:
        return top + inner_h - inner_h * value / y_top

    claimants: dict[str, int] = {}
    for claim in drawn:
        claimants.setdefault(claim.claimant.casefold(), len(claimants))
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    fallen: dict[str, dict[str, int]] = {}
    marks = []
    # claims at the same day and value are nudged apart so that each stays visible
    taken: dict[tuple[float, float], int] = {}
    for claim in drawn:
        key = claim.claimant.casefold()
        index = claimants[key]
        names.setdefault(key, claim.claimant)
        counts[key] = counts.get(key, 0) + 1
        colour, shape = PALETTE[index % len(PALETTE)], SHAPES[(index // len(PALETTE) + index) % len(SHAPES)]
        hollow = claim.status in FALLEN
        if hollow:
            fallen.setdefault(key, {})
            fallen[key][claim.status] = fallen[key].get(claim.status, 0) + 1
        low, high, open_top = _bounds(claim)
        day = day_of(claim)
        assert day is not None
        x = x_of(day)
        centre = high if not open_top else low
        spot = (round(x), round(y_of(centre)))
        nudge = taken.get(spot, 0)
        taken[spot] = nudge + 1
        x += 9 * nudge
        y = y_of(centre)
        title = (
            f"{claim.claimant}: {claim_value(claim)} {claim.figure.kind}, as of {day.isoformat()}"
            + ("" if claim.figure.as_of else " (reported)")
            + f"; {claim.status}"
            + (f"; reviewed: {claim.figure.review}" if claim.figure.review else "")
        )
        bar = open_top or high > low
        marks.append(
            Mark(
                x=round(x, 1),
                y=round(y, 1),
                y_low=round(y_of(low), 1),
                y_high=round(y_of(low * 1.15) if open_top else y_of(high), 1),
                bar=bar,
                open_top=open_top,
                colour=colour,
                shape=shape,
                hollow=hollow,
                title=title,
                figure_id=claim.figure.id,
                points=shape_points(shape, x, y, 5),
            )
        )
    x_ticks = tuple(Tick(round(x_of(d), 1), d.isoformat()) for d in _tick_dates(first, last))
    y_ticks = tuple(Tick(round(y_of(v), 1), f"{v:,.0f}") for v in y_values)
    legend = tuple(
        LegendEntry(
            name=names[key],
            colour=PALETTE[index % len(PALETTE)],
            shape=SHAPES[(index // len(PALETTE) + index) % len(SHAPES)],
            count=counts[key],
            fallen=tuple(f"{status} ({n})" for status, n in sorted(fallen.get(key, {}).items())),
            points=shape_points(SHAPES[(index // len(PALETTE) + index) % len(SHAPES)], 8, 8, 5),
        )
        for key, index in claimants.items()
    )
    description = (
        f"{len(drawn)} claim(s) by {len(claimants)} claimant(s) from {min(days).isoformat()} to {max(days).isoformat()}"
    )
    return LineChart(width, height, left, right, top, bottom, tuple(marks), x_ticks, y_ticks, legend, description)


def sparkline(claims: Sequence[Claim], *, width: int = 120, height: int = 28) -> Sparkline | None:
    """A line's claims over time in a cell: standing claims joined by a line, fallen ones as hollow dots."""
    drawn = [c for c in claims if day_of(c) is not None and (c.figure.min is not None or c.figure.max is not None)]
    if not drawn:
        return None
    days = [d for d in (day_of(c) for c in drawn) if d is not None]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    values = [_bounds(c)[1] if not _bounds(c)[2] else _bounds(c)[0] for c in drawn]
    top = max(values) or 1.0
    pad = 4

    def x_of(day: date) -> float:
        if first == last:
            return width / 2
        return pad + (width - 2 * pad) * (day - first).days / span

    def y_of(value: float) -> float:
        return height - pad - (height - 2 * pad) * value / top

    dots = []
    standing = []
    for claim, value in sorted(zip(drawn, values, strict=True), key=lambda p: (day_of(p[0]) or date.min, p[1])):
        day = day_of(claim)
        assert day is not None
        point = (round(x_of(day), 1), round(y_of(value), 1), claim.status in FALLEN)
        dots.append(point)
        if not point[2]:
            standing.append(point)
    path = " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y, _) in enumerate(standing))
    description = (
        f"{len(drawn)} claim(s) from {first.isoformat()} to {last.isoformat()}, "
        f"highest {value_text(int(top), int(top))}"
    )
    return Sparkline(width, height, path, tuple(dots), description)
