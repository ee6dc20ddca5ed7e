"""The views of the store: ledger, figures, incidents, timeline, actors, events, quotes, show."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ..errors import CrisisLedgerError
from ..reconcile import Claim, Reconciliation, reconcile
from ..records import Figure, Role, StatusChange
from .common import DbOption, _iso, _open, _parse_date, _settings, app, format_value, out, say


def _status(figure: Figure, changes: list[StatusChange]) -> Text:
    """The figure's status now: the latest change any report gives it (by date, a withdrawal last on its
    day, as the ledger orders them), else the status its own report gave it."""
    ordered = sorted(changes, key=lambda c: (c.date or date.min, c.status == "withdrawn"))
    latest = ordered[-1] if ordered else None
    status = latest.status if latest is not None else figure.status
    style = {"withdrawn": "red", "denied": "red", "disputed": "yellow"}.get(status, "green")
    text = Text(status, style=style)
    if latest is not None:
        details = ", ".join(x for x in (f"by {latest.by}" if latest.by else "", _iso(latest.date)) if x)
        if details:
            text.append(f" ({details})", style="dim")
    return text


@app.command(epilog="Examples:\n\n  crisisledger figures\n\n  crisisledger figures --kind killed --db team.db")
def figures(
    kind: Annotated[str | None, typer.Option(help="Only figures of this kind (killed, detained...).")] = None,
    db: DbOption = None,
) -> None:
    """Show every figure of every report as a claim: value, as of, place, claimant <- cited source, status."""
    with _open(_settings(db)) as store:
        documents = {d.id: d for d in store.documents()}
        changes: dict[str, list[StatusChange]] = {}
        for change in store.status_changes():
            changes.setdefault(change.figure_id, []).append(change)
        found = [f for f in store.figures() if kind is None or f.kind == kind]
    table = Table(title=f"Figures ({len(found)})", show_lines=False, expand=False)
    for column in ("kind", "value", "as of", "place"):
        table.add_column(column, no_wrap=True)
    for column in ("claimant ← cited", "status", "document"):
        table.add_column(column, overflow="fold")
    for figure in found:
        document = documents.get(figure.document_id)
        claimant = figure.claimant or (f"({document.outlet})" if document and document.outlet else "(report)")
        if figure.cited_source:
            claimant += f" ← {figure.cited_source}"
        kind_text = figure.kind + (f" ({figure.population})" if figure.population else "")
        table.add_row(
            Text(kind_text),
            format_value(figure),
            _iso(figure.as_of),
            Text(figure.place.name if figure.place else ""),
            Text(claimant),
            _status(figure, changes.get(figure.id, [])),
            figure.document_id[:8],
        )
    out.print(table)


AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="What reports published by the end of this day (YYYY-MM-DD) said.")
]


def _reconciled(db: str | None, as_of: str | None) -> Reconciliation:
    day = _parse_date(as_of, "--as-of")
    with _open(_settings(db)) as store:
        return reconcile(store, as_of=day)


def _claim_text(claim: Claim) -> Text:
    text = Text(f"{format_value(claim.figure)} ")
    text.append(claim.claimant, style="bold" if claim.official else "")
    if claim.figure.as_of:
        text.append(f" ({_iso(claim.figure.as_of)})", style="dim")
    return text


@app.command(
    epilog="Examples:\n\n  crisisledger ledger\n\n  crisisledger ledger --claims --kind killed\n\n"
    "  crisisledger ledger --as-of 2022-01-10"
)
def ledger(
    kind: Annotated[str | None, typer.Option(help="Only lines of this kind (killed, detained...).")] = None,
    claims: Annotated[bool, typer.Option("--claims", help="List each line's claims under it.")] = False,
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """The reconciled ledger: one line per measured quantity (kind, place, who was counted), with the range
    of the claims that stand and who is behind each bound, the latest official claim, the latest claim of
    every claimant, and what is contested (denied, withdrawn, disputed, contradicted). Official claimants
    are in bold."""
    lines = [line for line in _reconciled(db, as_of).lines if kind is None or line.kind == kind]
    title = f"Ledger ({len(lines)} lines)" + (f" as known on {as_of}" if as_of else "")
    table = Table(title=title, show_lines=True)
    for column in ("what", "where", "range", "latest official", "latest by claimant", "contested"):
        table.add_column(column, overflow="fold")
    for line in lines:
        what = line.kind + (f" ({line.population})" if line.population else "")
        if line.period:
            what += f" on {_iso(line.period)}"
        bounds = Text()
        if line.range_min is not None and line.range_max is not None:
            bounds.append("from ")
            bounds.append_text(_claim_text(line.range_min))
            bounds.append("\nto ")
            bounds.append_text(_claim_text(line.range_max))
        latest = Text("\n").join(_claim_text(c) + Text(f" [{c.status}]" if not c.standing else "") for c in line.latest)
        contested = Text("\n").join(
            Text(f"{c.reason}" + (f" by {c.by}" if c.by else "") + (f" {_iso(c.date)}" if c.date else ""), style="red")
            for c in line.contested
        )
        table.add_row(
            Text(what),
            Text(line.place.name if line.place else "?"),
            bounds,
            _claim_text(line.latest_official) if line.latest_official else Text(""),
            latest,
            contested,
        )
        if claims:
            for claim in line.claims:
                table.add_row(
                    Text(""),
                    Text(""),
                    _claim_text(claim),
                    Text(f"reported {_iso(claim.reported)}", style="dim"),
                    Text(claim.status, style="red" if not claim.standing else "green"),
                    Text(claim.document.id[:8], style="dim"),
                )
    out.print(table)


@app.command(epilog="Examples:\n\n  crisisledger incidents\n\n  crisisledger incidents --as-of 2022-01-10")
def incidents(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """Events seen by several reports, grouped into incidents, with how many independent sources saw each
    (republications of one wire story, and one outlet's reports, count once)."""
    found = _reconciled(db, as_of).incidents
    table = Table(title=f"Incidents ({len(found)})")
    for column in ("type", "from", "to", "place", "reports", "independent sources"):
        table.add_column(column, overflow="fold")
    for incident in found:
        table.add_row(
            incident.type,
            _iso(incident.date_start),
            _iso(incident.date_end),
            Text(incident.place.name if incident.place else ""),
            str(len(incident.document_ids)),
            str(incident.independent_sources),
        )
    out.print(table)


@app.command(epilog="Examples:\n\n  crisisledger timeline\n\n  crisisledger timeline --as-of 2022-01-20")
def timeline(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """Incidents and claims of figures, by the date they hold for."""
    entries = _reconciled(db, as_of).timeline()
    table = Table(title=f"Timeline ({len(entries)})")
    for column in ("date", "what", ""):
        table.add_column(column, overflow="fold")
    for entry in entries:
        table.add_row(_iso(entry.date), entry.what, Text(entry.text))
    out.print(table)


@app.command(epilog="Examples:\n\n  crisisledger actors\n\n  crisisledger actors --type person")
def actors(
    type: Annotated[str | None, typer.Option("--type", help="Only person, organization, country or group.")] = None,
    db: DbOption = None,
) -> None:
    """Show the people, organisations, countries and groups the reports name, with their roles."""
    with _open(_settings(db)) as store:
        found = [a for a in store.actors() if type is None or a.type == type]
        roles: dict[str, list[str]] = {}
        for role in store.roles():
            roles.setdefault(role.actor_id, []).append(_role_text(role))
    table = Table(title=f"Actors ({len(found)})")
    for column in ("name", "type", "country", "aliases", "roles", "document"):
        table.add_column(column, overflow="fold")
    for actor in found:
        table.add_row(
            Text(actor.name),
            actor.type,
            actor.country or "",
            Text(", ".join(actor.aliases)),
            Text("; ".join(roles.get(actor.id, []))),
            actor.document_id[:8],
        )
    out.print(table)


def _role_text(role: Role) -> str:
    text = " ".join(x for x in (role.title, f"of {role.organization}" if role.organization else None) if x)
    if role.change:
        text = f"{role.change}" + (f" as {text}" if text else "")
        if role.reason:
            text += f" ({role.reason})"
    return text


@app.command(epilog="Examples:\n\n  crisisledger events\n\n  crisisledger events --type internet_shutdown")
def events(
    type: Annotated[str | None, typer.Option("--type", help="Only events of this type (see docs/events.md).")] = None,
    db: DbOption = None,
) -> None:
    """Show events: type, dates, place, actors, linked figures, and whether they happened or are expected."""
    with _open(_settings(db)) as store:
        found = [e for e in store.events() if type is None or e.type == type]
    table = Table(title=f"Events ({len(found)})")
    for column in ("type", "from", "to", "place", "actors", "details", "modality", "document"):
        table.add_column(column, overflow="fold")
    for event in found:
        kind = event.type + (f" / {event.subtype}" if event.subtype else "")
        details = [f"{k}: {v}" for k, v in event.details]
        if event.duration_days:
            details.insert(0, f"{event.duration_days} days")
        if event.figure_ids:
            details.append(f"{len(event.figure_ids)} figure(s)")
        table.add_row(
            kind,
            _iso(event.date_start),
            _iso(event.date_end),
            Text(event.place.name if event.place else ""),
            Text(", ".join(event.actors)),
            Text("; ".join(details)),
            event.modality,
            event.document_id[:8],
        )
    out.print(table)


@app.command(epilog="Examples:\n\n  crisisledger quotes\n\n  crisisledger quotes --speaker Tokayev --stance denies")
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Only statements whose speaker contains this.")] = None,
    stance: Annotated[str | None, typer.Option(help="Only asserts, denies, accuses, warns, promises...")] = None,
    db: DbOption = None,
) -> None:
    """Show statements: who said what, directly or reported, with its stance."""
    with _open(_settings(db)) as store:
        found = [
            s
            for s in store.statements()
            if (speaker is None or speaker.lower() in (s.speaker or "").lower())
            and (stance is None or s.stance == stance)
        ]
    table = Table(title=f"Statements ({len(found)})")
    for column in ("speaker", "stance", "kind", "text", "document"):
        table.add_column(column, overflow="fold")
    for statement in found:
        table.add_row(
            Text(statement.speaker or "(unattributed)"),
            statement.stance,
            "quote" if statement.direct else "reported",
            Text(statement.text),
            statement.document_id[:8],
        )
    out.print(table)


@app.command(epilog="Example:\n\n  crisisledger show 95742a9c")
def show(
    document_id: Annotated[str, typer.Argument(metavar="DOC_ID", help="A document id or a unique prefix of it.")],
    db: DbOption = None,
) -> None:
    """Print a report with its extractions marked: figures in bold yellow, statements underlined."""
    with _open(_settings(db)) as store:
        try:
            document = store.document(document_id)
        except CrisisLedgerError as exc:
            say("error", str(exc))
            raise typer.Exit(2) from None
        if document is None:
            say("error", f"no document with id {document_id!r}; `crisisledger ledger` lists them")
            raise typer.Exit(2)
        extraction = store.extraction(document.id)
    out.print(Text(document.title or "(untitled)", style="bold"))
    published = _iso(document.published) or "undated"
    out.print(Text(f"id {document.id} · {document.outlet or 'unknown outlet'} · {published}"))
    if document.url:
        out.print(Text(document.url))
    out.print()
    text = Text(document.text)
    for statement in extraction.statements:
        text.stylize("underline cyan", statement.evidence.start, statement.evidence.end)
    for figure in extraction.figures:
        text.stylize("bold yellow", figure.evidence.start, figure.evidence.end)
    out.print(text)
    out.print()
    for index, figure in enumerate(extraction.figures, 1):
        claimant = figure.claimant or "(report)"
        cited = f" citing {figure.cited_source}" if figure.cited_source else ""
        line = Text(f"F{index} ", style="bold")
        line.append(
            f"{figure.kind} {format_value(figure)} as of {_iso(figure.as_of) or '?'} in "
            f"{figure.place.name if figure.place else '?'} · {claimant}{cited} · {figure.status} "
        )
        line.append(f"[{figure.evidence.start}:{figure.evidence.end}]", style="dim")
        out.print(line)
    for index, statement in enumerate(extraction.statements, 1):
        kind = "quote" if statement.direct else "reported"
        line = Text(f"S{index} ", style="bold")
        line.append(f"{statement.speaker or '(unattributed)'} {statement.stance} ({kind}): {statement.text} ")
        line.append(f"[{statement.evidence.start}:{statement.evidence.end}]", style="dim")
        out.print(line)
    for problem in extraction.problems:
        out.print(Text(f"problem: {problem}", style="yellow"))
