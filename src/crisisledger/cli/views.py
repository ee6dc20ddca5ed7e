"""The views of the store: ledger, figures, incidents, timeline, actors, events, quotes, show.

Each view prints a table (`--format table`), TSV with a header row (`tsv`) or the export's JSON records
(`json`), through `common.emit`. The ledger's table is built in `_ledger_rows`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from .. import export as exporting
from .. import patterns, review
from ..errors import CrisisLedgerError
from ..language import PROFILES
from ..records import FIGURE_KINDS, STANCES, STATUSES, Document, Figure, Role, StatusChange
from ..safe import json_text
from .common import (
    FORMATS,
    Column,
    DbOption,
    FormatOption,
    PlaceOption,
    SinceOption,
    UntilOption,
    _iso,
    _open_existing,
    _parse_date,
    app,
    cell,
    choose,
    clean,
    contains,
    emit,
    fail,
    format_value,
    out,
    within,
)

if TYPE_CHECKING:  # reconciliation and the store are imported by the commands that use them (start-up)
    from ..reconcile import Claim, Contest, LedgerLine, Reconciliation
    from ..store import Store

ACTOR_TYPES = ("person", "organization", "country", "group")
#: The languages a report can be stored in (`language.detect` answers only these).
LANGUAGES = sorted(PROFILES)

KindOption = Annotated[str | None, typer.Option("--kind", help="Only this kind: " + ", ".join(FIGURE_KINDS) + ".")]
ClaimantOption = Annotated[
    str | None, typer.Option("--claimant", help="Only where a claimant (or the source it cites) contains this.")
]
StatusOption = Annotated[str | None, typer.Option("--status", help="Only this status: " + ", ".join(STATUSES) + ".")]
OfficialOption = Annotated[
    bool, typer.Option("--official", help="Only official claims: a state body, or a person in an official role.")
]
LanguageOption = Annotated[
    str | None,
    typer.Option("--language", help="Only figures of reports written in this language: " + ", ".join(LANGUAGES) + "."),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="What reports published by the end of this day (YYYY-MM-DD) said.")
]


def _event_types() -> list[str]:
    return list(patterns.load("events")["types"])


def _dates(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    return _parse_date(since, "--since"), _parse_date(until, "--until")


def _current(figure: Figure, changes: list[StatusChange]) -> tuple[str, StatusChange | None]:
    """The figure's status now: the latest change any report gives it (by date, a withdrawal last on its
    day, as the ledger orders them), else the status its own report gave it."""
    ordered = sorted(changes, key=lambda c: (c.date or date.min, c.status == "withdrawn"))
    latest = ordered[-1] if ordered else None
    return (latest.status if latest is not None else figure.status), latest


def _status(figure: Figure, changes: list[StatusChange]) -> Text:
    status, latest = _current(figure, changes)
    style = {"withdrawn": "red", "denied": "red", "disputed": "yellow"}.get(status, "green")
    text = Text(status, style=style)
    if latest is not None:
        details = ", ".join(x for x in (f"by {clean(latest.by)}" if latest.by else "", _iso(latest.date)) if x)
        if details:
            text.append(f" ({details})", style="dim")
    if figure.review is not None:
        text.append(f" [{figure.review}]", style="red" if figure.review == "rejected" else "cyan")
    return text


def _place_name(record: Any) -> str | None:
    return record.place.name if record.place is not None else None


@app.command(
    epilog="Examples:\n\n  crisisledger figures\n\n  crisisledger figures --kind killed --db team.db\n\n"
    "  crisisledger figures --place Almaty --since 2022-01-05 --until 2022-01-10 --official\n\n"
    "  crisisledger figures --status withdrawn --format tsv > withdrawn.tsv\n\n"
    "  crisisledger figures --language ru"
)
def figures(
    kind: KindOption = None,
    place: PlaceOption = None,
    claimant: ClaimantOption = None,
    status: StatusOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    official: OfficialOption = False,
    language: LanguageOption = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Show every figure of every report as a claim: value, as of, place, claimant <- cited source, status.
    --since and --until read the figure's as-of date, or its report's date when it has none."""
    choose("--kind", kind, FIGURE_KINDS)
    choose("--status", status, STATUSES)
    choose("--language", language, LANGUAGES)
    choose("--format", format, FORMATS)
    first, last = _dates(since, until)
    with _open_existing(db) as store, store.reading():  # one snapshot for the whole view
        documents = {d.id: d for d in store.documents(text=False)}  # where a figure was reported, not its words
        changes: dict[str, list[StatusChange]] = {}
        for change in store.status_changes():
            changes.setdefault(change.figure_id, []).append(change)
        officials = _official_figures(store) if official else None
        found = []
        for figure in review.each_figure_of(store, list(documents.values()), texts=False):  # as people decided
            document = documents.get(figure.document_id)
            who = _claimant(figure, document)
            day = figure.as_of or (document.published if document else None)
            if (
                (kind is None or figure.kind == kind)
                and contains(place, _place_name(figure))
                and contains(claimant, who)
                and (status is None or _current(figure, changes.get(figure.id, []))[0] == status)
                and within(day, first, last)
                and (officials is None or figure.id in officials)
                and (language is None or (document is not None and document.language == language))
            ):
                found.append((figure, who))
    columns = [Column("kind", True), Column("value", True), Column("as of", True), Column("place")]
    columns += [Column("claimant ← cited"), Column("status"), Column("document", True)]
    rows = [
        (
            cell(figure.kind + (f" ({figure.population})" if figure.population else "")),
            format_value(figure),
            _iso(figure.as_of),
            cell(_place_name(figure)),
            cell(who),
            _status(figure, changes.get(figure.id, [])),
            figure.document_id[:8],
        )
        for figure, who in found
    ]
    emit(format, f"Figures ({len(found)})", columns, rows, (exporting.figure_json(f) for f, _ in found))


def _official_figures(store: Store) -> set[str]:
    """The ids of the figures that reconciliation counts as official claims."""
    from ..reconcile import each_ledger_line  # only for --official: reading figures does not reconcile

    # line by line: only the ids are kept, never every line at once
    return {c.figure.id for line in each_ledger_line(store) for c in line.claims if c.official}


def _claimant(figure: Figure, document: Document | None) -> str:
    claimant = figure.claimant or (f"({document.outlet})" if document and document.outlet else "(report)")
    if figure.cited_source:
        claimant += f" ← {figure.cited_source}"
    return claimant


def _reconciled(db: str | None, as_of: str | None) -> Reconciliation:
    from ..reconcile import reconcile

    day = _parse_date(as_of, "--as-of")
    with _open_existing(db) as store:
        return reconcile(store, as_of=day)


def _claim_text(claim: Claim) -> Text:
    text = Text(f"{format_value(claim.figure)} ")
    text.append(clean(claim.claimant), style="bold" if claim.official else "")
    if claim.figure.as_of:
        text.append(f" ({_iso(claim.figure.as_of)})", style="dim")
    return text


@app.command(
    epilog="Examples:\n\n  crisisledger ledger\n\n  crisisledger ledger --claims --kind killed\n\n"
    "  crisisledger ledger --as-of 2022-01-10\n\n"
    "  crisisledger ledger --place Almaty --claimant ministry --official --format json"
)
def ledger(
    kind: KindOption = None,
    claims: Annotated[bool, typer.Option("--claims", help="List each line's claims under it.")] = False,
    as_of: AsOfOption = None,
    place: PlaceOption = None,
    claimant: ClaimantOption = None,
    status: Annotated[
        str | None, typer.Option("--status", help="Only lines with a claim of this status: " + ", ".join(STATUSES))
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    official: Annotated[bool, typer.Option("--official", help="Only lines with an official claim.")] = False,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """The reconciled ledger: one line per measured quantity (kind, place, who was counted), with the range
    of the claims that stand and who is behind each bound, the latest official claim, the latest claim of
    every claimant, and what is contested (denied, withdrawn, disputed, contradicted). Official claimants
    are in bold. --claimant, --status, --since and --until keep the lines with a claim that matches."""
    choose("--kind", kind, FIGURE_KINDS)
    choose("--status", status, STATUSES)
    choose("--format", format, FORMATS)
    first, last = _dates(since, until)

    def matches(line: LedgerLine) -> bool:
        return (
            (kind is None or line.kind == kind)
            and contains(place, _place_name(line))
            and any(contains(claimant, c.claimant, c.figure.cited_source) for c in line.claims)
            and (status is None or any(c.status == status for c in line.claims))
            and any(within(c.figure.as_of or c.reported, first, last) for c in line.claims)
            and (not official or line.latest_official is not None)
        )

    # the lines alone (no report's text, no events), one at a time: each is printed, or made the rows of the
    # table, and dropped (docs/performance.md)
    from ..reconcile import each_ledger_line

    day = _parse_date(as_of, "--as-of")
    columns = [Column("what"), Column("where"), Column("range"), Column("latest official")]
    columns += [Column("latest by claimant"), Column("contested")]
    with _open_existing(db) as store:
        lines = (line for line in each_ledger_line(store, as_of=day) if matches(line))
        if format != "table":  # neither JSON nor TSV has a title: each line is written as it is made
            emit(format, "", columns, _ledger_rows(lines, claims), map(exporting.ledger_line_json, lines), lines=True)
            return
        count = 0  # the table's title counts the lines, which are dropped once their rows are made

        def counted() -> Iterator[LedgerLine]:
            nonlocal count
            for line in lines:
                count += 1
                yield line

        rows = list(_ledger_rows(counted(), claims))
    title = f"Ledger ({count} lines)" + (f" as known on {as_of}" if as_of else "")
    emit(format, title, columns, rows, (), lines=True)


def _contested_text(contests: Iterable[Contest]) -> Text:
    """What is contested, a line each, in red: printed as `Text("\n").join(Text(reason, style="red"), ...)`
    prints, the same characters in the same colours, but one string with one span. Rich styles each line of a
    cell apart (a span over several lines is cut at each line break, and the break is never drawn), so one
    red span over all the lines colours each line's words as a span of its own would. A busy line has
    thousands of contests, and the table keeps every row until it is printed: a Text, a string and a span per
    contest held about 15 MiB at 3,840 reports (docs/performance.md)."""
    from rich.control import strip_control_codes  # what Text() does to each string it is given
    from rich.text import Span

    plain = "\n".join(
        strip_control_codes(
            f"{c.reason}" + (f" by {clean(c.by)}" if c.by else "") + (f" {_iso(c.date)}" if c.date else "")
        )
        for c in contests
    )
    return Text(plain, spans=[Span(0, len(plain), "red")] if plain else [])


def _ledger_rows(lines: Iterable[LedgerLine], claims: bool) -> Iterator[tuple[Text, ...]]:
    """The ledger table: a row per line (and, with --claims, a row per claim under it), made as the lines
    come."""
    for line in lines:
        what = line.kind + (f" ({line.population})" if line.population else "")
        if line.period:
            what += f" on {_iso(line.period)}"
        bounds = Text()
        if line.range_min is not None and line.range_min is line.range_max:
            bounds.append_text(_claim_text(line.range_min))  # one claim is no range
        elif line.range_min is not None and line.range_max is not None:
            bounds.append("from ")
            bounds.append_text(_claim_text(line.range_min))
            bounds.append("\nto ")
            bounds.append_text(_claim_text(line.range_max))
        latest = Text("\n").join(_claim_text(c) + Text(f" [{c.status}]" if not c.standing else "") for c in line.latest)
        yield (
            cell(what),
            cell(line.place.name if line.place else "?"),
            bounds,
            _claim_text(line.latest_official) if line.latest_official else Text(""),
            latest,
            _contested_text(line.contested),
        )
        if claims:
            for claim in line.claims:
                yield (
                    Text(""),
                    Text(""),
                    _claim_text(claim),
                    Text(f"reported {_iso(claim.reported)}", style="dim"),
                    Text(claim.status, style="red" if not claim.standing else "green"),
                    Text(claim.document.id[:8], style="dim"),
                )


@app.command(
    epilog="Examples:\n\n  crisisledger incidents\n\n  crisisledger incidents --as-of 2022-01-10\n\n"
    "  crisisledger incidents --place Almaty --since 2022-01-05 --format tsv"
)
def incidents(
    as_of: AsOfOption = None,
    type: Annotated[str | None, typer.Option("--type", help="Only incidents of this type (docs/events.md).")] = None,
    place: PlaceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Events seen by several reports, grouped into incidents, with how many independent sources saw each
    (republications of one wire story, and one outlet's reports, count once)."""
    choose("--type", type, _event_types())
    choose("--format", format, FORMATS)
    first, last = _dates(since, until)
    found = [
        i
        for i in _reconciled(db, as_of).incidents
        if (type is None or i.type == type)
        and contains(place, _place_name(i))
        and within(i.date_start or i.date_end, first, last)
    ]
    columns = [Column("type", True), Column("from", True), Column("to", True), Column("place")]
    columns += [Column("reports", True), Column("independent sources", True)]
    rows = [
        (
            i.type,
            _iso(i.date_start),
            _iso(i.date_end),
            cell(_place_name(i)),
            str(len(i.document_ids)),
            str(i.independent_sources),
        )
        for i in found
    ]
    emit(format, f"Incidents ({len(found)})", columns, rows, (exporting.incident_json(i) for i in found))


@app.command(
    epilog="Examples:\n\n  crisisledger timeline\n\n  crisisledger timeline --as-of 2022-01-20\n\n"
    "  crisisledger timeline --since 2022-01-05 --until 2022-01-12 --format json"
)
def timeline(
    as_of: AsOfOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Incidents and claims of figures, by the date they hold for."""
    choose("--format", format, FORMATS)
    first, last = _dates(since, until)
    entries = [e for e in _reconciled(db, as_of).timeline() if within(e.date, first, last)]
    columns = [Column("date", True), Column("what", True), Column("text")]
    rows = [(_iso(e.date), e.what, cell(e.text)) for e in entries]
    records = ({"date": _iso(e.date), "what": e.what, "text": e.text, "id": e.ref} for e in entries)
    emit(format, f"Timeline ({len(entries)})", columns, rows, records)


@app.command(
    epilog="Examples:\n\n  crisisledger actors\n\n  crisisledger actors --type person\n\n"
    "  crisisledger actors --format tsv > actors.tsv"
)
def actors(
    type: Annotated[str | None, typer.Option("--type", help="Only " + ", ".join(ACTOR_TYPES) + ".")] = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Show the people, organisations, countries and groups the reports name, with their roles."""
    choose("--type", type, ACTOR_TYPES)
    choose("--format", format, FORMATS)
    with _open_existing(db) as store, store.reading():  # one snapshot for the whole view
        found = [a for a in store.actors() if type is None or a.type == type]
        roles: dict[str, list[str]] = {}
        for role in store.roles():
            roles.setdefault(role.actor_id, []).append(_role_text(role))
    columns = [Column("name"), Column("type", True), Column("country"), Column("aliases"), Column("roles")]
    columns.append(Column("document", True))
    rows = [
        (
            cell(actor.name),
            actor.type,
            cell(actor.country),
            cell(", ".join(actor.aliases)),
            cell("; ".join(roles.get(actor.id, []))),
            actor.document_id[:8],
        )
        for actor in found
    ]
    emit(format, f"Actors ({len(found)})", columns, rows, (exporting.actor_json(a) for a in found))


def _role_text(role: Role) -> str:
    text = " ".join(x for x in (role.title, f"of {role.organization}" if role.organization else None) if x)
    if role.change:
        text = f"{role.change}" + (f" as {text}" if text else "")
        if role.reason:
            text += f" ({role.reason})"
    return text


@app.command(
    epilog="Examples:\n\n  crisisledger events\n\n  crisisledger events --type internet_shutdown\n\n"
    "  crisisledger events --place Almaty --since 2022-01-05 --format json"
)
def events(
    type: Annotated[str | None, typer.Option("--type", help="Only events of this type (see docs/events.md).")] = None,
    place: PlaceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Show events: type, dates, place, actors, linked figures, and whether they happened or are expected."""
    choose("--type", type, _event_types())
    choose("--format", format, FORMATS)
    first, last = _dates(since, until)
    with _open_existing(db) as store, store.reading():  # one snapshot for the whole view
        found = [
            e
            for e in store.events()
            if (type is None or e.type == type)
            and contains(place, _place_name(e))
            and within(e.date_start or e.date_end, first, last)
        ]
    columns = [Column("type"), Column("from", True), Column("to", True), Column("place"), Column("actors")]
    columns += [Column("details"), Column("modality", True), Column("document", True)]
    rows = []
    for event in found:
        details = [f"{k}: {v}" for k, v in event.details]
        if event.duration_days:
            details.insert(0, f"{event.duration_days} days")
        if event.figure_ids:
            details.append(f"{len(event.figure_ids)} figure(s)")
        rows.append(
            (
                cell(event.type + (f" / {event.subtype}" if event.subtype else "")),
                _iso(event.date_start),
                _iso(event.date_end),
                cell(_place_name(event)),
                cell(", ".join(event.actors)),
                cell("; ".join(details)),
                event.modality,
                event.document_id[:8],
            )
        )
    emit(format, f"Events ({len(found)})", columns, rows, (exporting.event_json(e) for e in found))


@app.command(
    epilog="Examples:\n\n  crisisledger quotes\n\n  crisisledger quotes --speaker Tokayev --stance denies\n\n"
    "  crisisledger quotes --stance warns --format tsv"
)
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Only statements whose speaker contains this.")] = None,
    stance: Annotated[str | None, typer.Option(help="Only this stance: " + ", ".join(STANCES) + ".")] = None,
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Show statements: who said what, directly or reported, with its stance."""
    choose("--stance", stance, STANCES)
    choose("--format", format, FORMATS)
    with _open_existing(db) as store, store.reading():  # one snapshot for the whole view
        found = [
            s for s in store.statements() if contains(speaker, s.speaker) and (stance is None or s.stance == stance)
        ]
    columns = [Column("speaker"), Column("stance", True), Column("kind", True), Column("text")]
    columns.append(Column("document", True))
    rows = [
        (
            cell(statement.speaker or "(unattributed)"),
            statement.stance,
            "quote" if statement.direct else "reported",
            cell(statement.text),
            statement.document_id[:8],
        )
        for statement in found
    ]
    emit(format, f"Statements ({len(found)})", columns, rows, (exporting.statement_json(s) for s in found))


def _document(store: Store, prefix: str) -> Document:
    """The document whose id is `prefix` or starts with it; one error line when none or several do."""
    wanted = prefix.strip().lower()
    if not wanted:
        raise fail("give a document id, or the start of one")
    if len(wanted) >= 4:  # the store looks a prefix of 4 or more up itself; it only says how many are alike
        try:
            found = store.document(wanted)
        except CrisisLedgerError:
            found = None
        else:
            if found is None:
                raise fail(f"no document with id {prefix!r}; `crisisledger figures` lists them (column document)")
            return found
    candidates = sorted(d.id for d in store.each_document(text=False) if d.id.startswith(wanted))
    if not candidates:
        raise fail(f"no document with id {prefix!r}; `crisisledger figures` lists them (column document)")
    if len(candidates) > 1:
        shown = ", ".join(candidates[:8]) + (f" and {len(candidates) - 8} more" if len(candidates) > 8 else "")
        raise fail(f"the id prefix {prefix!r} is ambiguous: {len(candidates)} documents match ({shown})")
    found = store.document(candidates[0])
    assert found is not None
    return found


@app.command(
    epilog="Examples (after `make run`, which ingests the bundled examples):\n\n"
    "  crisisledger show 1e5a6198\n\n"
    "  crisisledger show 1e5a --format json\n\n"
    "Any unique start of an id will do; `crisisledger figures` lists each figure's document."
)
def show(
    document_id: Annotated[str, typer.Argument(metavar="DOC_ID", help="A document id or a unique prefix of it.")],
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Print a report with its extractions marked: figures in bold yellow, statements underlined."""
    choose("--format", format, FORMATS)
    with _open_existing(db) as store, store.reading():  # one snapshot for the whole view
        document = _document(store, document_id)
        extraction = store.extraction(document.id)
    if format != "table":
        columns = [Column("record", True), Column("id", True), Column("what"), Column("start", True)]
        columns += [Column("end", True), Column("text")]
        rows = [
            (f"F{i}", f.id, f"{f.kind} {format_value(f)}", str(f.evidence.start), str(f.evidence.end), f.evidence.text)
            for i, f in enumerate(extraction.figures, 1)
        ] + [
            (f"S{i}", s.id, f"{s.speaker or '(unattributed)'} {s.stance}", str(s.evidence.start), str(s.evidence.end),
             s.text)
            for i, s in enumerate(extraction.statements, 1)
        ]  # fmt: skip
        record = {
            **exporting.document_json(document),
            "text": document.text,
            "figures": [exporting.figure_json(f) for f in extraction.figures],
            "statements": [exporting.statement_json(s) for s in extraction.statements],
        }
        if format == "json":
            out.file.write(json_text(record) + "\n")
        else:
            emit(format, "", columns, rows, [])
        return
    out.print(Text(clean(document.title) or "(untitled)", style="bold"))
    published = _iso(document.published) or "undated"
    out.print(Text(f"id {document.id} · {clean(document.outlet) or 'unknown outlet'} · {published}"))
    if document.url:
        out.print(Text(clean(document.url)))
    out.print()
    text = Text(document.text)
    for statement in extraction.statements:
        text.stylize("underline cyan", statement.evidence.start, statement.evidence.end)
    for figure in extraction.figures:
        text.stylize("bold yellow", figure.evidence.start, figure.evidence.end)
    out.print(_cleaned(text))
    out.print()
    for index, figure in enumerate(extraction.figures, 1):
        claimant = figure.claimant or "(report)"
        cited = f" citing {figure.cited_source}" if figure.cited_source else ""
        line = Text(f"F{index} ", style="bold")
        line.append(
            clean(
                f"{figure.kind} {format_value(figure)} as of {_iso(figure.as_of) or '?'} in "
                f"{figure.place.name if figure.place else '?'} · {claimant}{cited} · {figure.status} "
            )
        )
        line.append(f"[{figure.evidence.start}:{figure.evidence.end}]", style="dim")
        out.print(line)
    for index, statement in enumerate(extraction.statements, 1):
        kind = "quote" if statement.direct else "reported"
        line = Text(f"S{index} ", style="bold")
        line.append(clean(f"{statement.speaker or '(unattributed)'} {statement.stance} ({kind}): {statement.text} "))
        line.append(f"[{statement.evidence.start}:{statement.evidence.end}]", style="dim")
        out.print(line)
    for problem in extraction.problems:
        out.print(Text(f"problem: {clean(problem)}", style="yellow"))


def _cleaned(text: Text) -> Text:
    """The report's text with its marks, each character that is not safe to print replaced by a space (so
    that every mark keeps its offsets)."""
    plain = text.plain
    safe = "".join(ch if ch in "\n\t" or clean(ch) == ch else " " for ch in plain)
    if safe == plain:
        return text
    replaced = Text(safe)
    for span in text.spans:
        replaced.stylize(span.style, span.start, span.end)
    return replaced
