"""review, reviews, reanalyse: people decide what the machine read (docs/review.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import review as reviewing
from ..records import Figure
from .common import (
    FORMATS,
    Column,
    DbOption,
    FormatOption,
    _open_existing,
    app,
    choose,
    emit,
    fail,
    say,
)


def _one_figure(figures: list[Figure], figure_id: str) -> Figure:
    found = [f for f in figures if f.id == figure_id] or [f for f in figures if f.id.startswith(figure_id)]
    if not found:
        raise fail(f"no figure {figure_id!r} in the store; `crisisledger figures --format tsv` lists their ids")
    if len(found) > 1:
        raise fail(f"{figure_id!r} names {len(found)} figures ({', '.join(f.id for f in found[:5])}); give more of it")
    return found[0]


def _span(text: str) -> tuple[int, int]:
    start, colon, end = text.partition(":")
    if not colon or not start.strip().isdigit() or not end.strip().isdigit():
        raise fail(f"'--span' must be START:END, two character offsets into the report (got {text!r})")
    return int(start), int(end)


@app.command(
    epilog="Examples:\n\n  crisisledger review fig-2e008978 --verify --by ana\n\n"
    "  crisisledger review fig-2e008978 --set min=14 --set max=14 --note 'the council's figure' --by ana\n\n"
    "  crisisledger review fig-2e008978 --reject --note 'an age, not a count' --by ben\n\n"
    "  crisisledger review --add f2cd3a40 --span 120:141 --set kind=injured --set min=40 --set max=40 --by ana",
)
def review(
    figure_id: Annotated[str | None, typer.Argument(help="The figure's id (or a unique prefix of it).")] = None,
    verify: Annotated[bool, typer.Option("--verify", help="The machine read it right.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="No figure at all: it leaves the ledger.")] = False,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="FIELD=VALUE, repeatable: " + ", ".join(reviewing.FIELDS) + "."),
    ] = None,
    add: Annotated[str | None, typer.Option("--add", help="Add a figure the machine missed to this document.")] = None,
    span: Annotated[str | None, typer.Option("--span", help="With --add: START:END of the report's words.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why, in a few words.")] = None,
    by: Annotated[str, typer.Option("--by", help="Who decides (required).")] = "",
    db: DbOption = None,
) -> None:
    """Verify, reject or correct a figure, or add one the machine missed; reviews are kept beside the
    machine's records, never over them (docs/review.md)."""
    try:
        settings = reviewing.parse_settings(set_ or [])
        with _open_existing(db, read_only=False) as store:
            if add is not None:
                if figure_id is not None or verify or reject or span is None:
                    raise fail("--add takes a document id, --span START:END and --set kind=... (no figure id)")
                document = store.document(add)
                if document is None:
                    raise fail(f"no document {add!r} in the store")
                start, end = _span(span)
                figure, rows = reviewing.added(document, start, end, by=by, settings=settings, note=note)
            else:
                if figure_id is None:
                    raise fail("give a figure id, or --add DOC_ID --span START:END to add a figure")
                figure = _one_figure(reviewing.figures_of(store), figure_id)
                rows = reviewing.decide(figure, by=by, verify=verify, reject=reject, settings=settings, note=note)
            reviewing.save(store, rows)
    except reviewing.ReviewError as exc:
        raise fail(str(exc)) from None
    outcome = reviewing.OUTCOMES[rows[0].action]
    say("stored", f"{outcome} {figure.id} by {rows[0].by} ({len(rows)} review record(s))")


@app.command(epilog="Examples:\n\n  crisisledger reviews\n\n  crisisledger reviews --by ana --format tsv")
def reviews(
    by: Annotated[str | None, typer.Option("--by", help="Only this reviewer's decisions.")] = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Every review: who decided what about which figure, when, from what value to what, and why; reviews
    whose figure a re-read no longer finds are marked."""
    choose("--format", format, FORMATS)
    with _open_existing(db) as store:
        found = reviewing.load(store, by=by)
        orphans = {r.id for r in reviewing.orphans(store.figures(), found)}
    columns = [
        Column("at", token=True),
        Column("by"),
        Column("action", token=True),
        Column("figure", token=True),
        Column("field", token=True),
        Column("old"),
        Column("new"),
        Column("note"),
    ]
    records = [reviewing.review_json(r) for r in found]
    rows = [
        [
            r.at.strftime("%Y-%m-%d %H:%M"),
            r.by,
            r.action + (" (figure gone)" if r.id in orphans else ""),
            r.figure_id,
            r.field or "",
            "" if record["old"] is None else str(record["old"]),
            "" if record["new"] is None else str(record["new"]),
            r.note or "",
        ]
        for r, record in zip(found, records, strict=True)
    ]
    emit(format, f"Reviews ({len(found)})", columns, rows, records)


@app.command(epilog="Examples:\n\n  crisisledger reanalyse\n\n  crisisledger reanalyse --db team.db")
def reanalyse(db: DbOption = None) -> None:
    """Read every stored report again with the current rules (after an upgrade): each report's records are
    replaced whole, its sources' history and every review are kept; reviews whose figure is no longer found
    are listed."""
    from ..ingest.reanalyse import reanalyse as read_again

    with _open_existing(db, read_only=False) as store:
        result = read_again(store)
    for failure in result.failures:
        say("error", failure)
    say(
        "reanalysed",
        f"{result.documents} document(s): {result.figures_before} figure(s) before, {result.figures_after} now; "
        f"{len(result.orphans)} review(s) no longer find their figure",
    )
    for orphan in result.orphans:
        say("kept", f"review {orphan.id} ({orphan.action} by {orphan.by}) of figure {orphan.figure_id}")
    if result.failures:
        raise typer.Exit(1)
