"""The `crisisledger` command: a thin Typer shell over the library."""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import export as exporting
from .config import Settings, load_settings
from .errors import CrisisLedgerError
from .ingest.batch import Outcome
from .ingest.batch import ingest as ingest_sources
from .ingest.snapshots import history as source_history
from .ingest.sources import AS_KINDS
from .ingest.text import Metadata
from .reconcile import Claim, Reconciliation, reconcile
from .records import Figure, Role, StatusChange
from .store import Store
from .watch import Round, Watcher, describe, format_every, parse_every

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="markdown",
    help="Keep a sourced ledger of crisis reports: figures as claims, who claims them, citing whom, "
    "as of when, and what was denied or withdrawn.\n\n"
    "Example: `crisisledger ingest reports/ && crisisledger ledger`",
)
out = Console(highlight=False, soft_wrap=False)
if not out.is_terminal and "COLUMNS" not in os.environ:
    out.width = 160  # piped into a file or a pager: room for the ledger's columns
err = Console(stderr=True, highlight=False, soft_wrap=True)

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
    """One line on stderr, "label: message", with the message printed as it is (no markup)."""
    err.print(Text.assemble((f"{label}:", _LABEL_STYLES.get(label, "")), " ", message or ""))


def _settings(db: str | None) -> Settings:
    return load_settings(db=db)


def _open(settings: Settings) -> Store:
    try:
        return Store.open(settings.db)
    except CrisisLedgerError as exc:
        say("error", str(exc))
        raise typer.Exit(2) from None


def _parse_date(value: str | None, option: str = "--published") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{option}' must be a date YYYY-MM-DD (got {value!r})") from None


@app.command(
    epilog="Examples:\n\n"
    "  crisisledger ingest examples/\n\n"
    "  crisisledger ingest report.txt --outlet AGI --published 2022-01-10\n\n"
    "  cat report.txt | crisisledger ingest - --title 'Almaty report'\n\n"
    "  crisisledger ingest https://example.org/news/storm-toll.html\n\n"
    "  crisisledger ingest exports/ChatExport_2023-03-15/ reading-list.urls feed.atom\n\n"
    "  crisisledger ingest --allow-private http://127.0.0.1:8080/feed.xml",
)
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH|URL...",
            help="Files (text, HTML, RSS/Atom, Telegram result.json, lists of URLs), directories, URLs, or - for "
            "stdin.",
        ),
    ],
    as_kind: AsKindOption = None,
    allow_private: AllowPrivateOption = False,
    outlet: Annotated[str | None, typer.Option(help="Outlet, when the file's header does not name it.")] = None,
    published: Annotated[str | None, typer.Option(help="Report date YYYY-MM-DD, when the header lacks it.")] = None,
    url: Annotated[str | None, typer.Option(help="Address of the report, when the header lacks it.")] = None,
    title: Annotated[str | None, typer.Option(help="Title, when the header lacks it.")] = None,
    db: DbOption = None,
) -> None:
    """Read reports, pages, feeds and Telegram exports, extract their figures and statements, and store them.

    A source that cannot be read is reported in one line and the others are still stored; the exit code is
    1 when any failed. Re-ingesting the same content stores nothing new. Every read of a source is kept as
    a snapshot (`crisisledger history`): an edited source is stored as a new version and its changed figures
    are marked revised; a removed one (HTTP 404/410, or a post missing from a later export) has its figures
    withdrawn."""
    if as_kind is not None and as_kind not in AS_KINDS:
        raise typer.BadParameter(f"'--as' must be one of {', '.join(AS_KINDS)} (got {as_kind!r})")
    settings = _settings(db)
    defaults = Metadata(title=title, outlet=outlet, url=url, published=_parse_date(published))
    tally = {"stored": 0, "unchanged": 0, "failed": 0, "note": 0, "removed": 0, "figures": 0, "statements": 0}
    revised = 0
    with _open(settings) as store, _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        outcomes = ingest_sources(
            paths,
            store,
            settings,
            defaults=defaults,
            stdin=sys.stdin.buffer,
            on_sources=lambda total: progress.update(task, total=total, visible=total > 1),
            as_kind=as_kind,
            allow_private=allow_private,
        )
        for outcome in outcomes:
            tally[outcome.status] += 1
            revised += _report(outcome)
            if outcome.extraction is not None:
                tally["figures"] += len(outcome.extraction.figures)
                tally["statements"] += len(outcome.extraction.statements)
            progress.advance(task)
    changed = "".join(
        f"; {count} {what}" for count, what in ((revised, "figure(s) revised"), (tally["removed"], "removed")) if count
    )
    err.print(
        f"stored {tally['stored']} document(s) with {tally['figures']} figure(s) and {tally['statements']} "
        f"statement(s); {tally['unchanged']} already stored; {tally['failed']} failed{changed}"
    )
    if tally["failed"]:
        raise typer.Exit(1)


def _report(outcome: Outcome) -> int:
    """Say what became of one source on stderr; the number of figures it revised."""
    if outcome.status == "failed":
        say("error", outcome.message)
    elif outcome.status in ("note", "unchanged", "removed") and outcome.message:
        say(outcome.status, outcome.message)
    elif outcome.extraction is not None:
        for problem in outcome.extraction.problems:
            say("warning", f"{outcome.source}: {problem}")
    revised = outcome.change.revised if outcome.change is not None else ()
    for old, new in revised:
        who = f" ({old.claimant})" if old.claimant else ""
        say("revised", f"{outcome.source}: {old.kind}{who} {format_value(old)} -> {format_value(new)}")
    return len(revised)


@app.command(
    epilog="Examples:\n\n"
    "  crisisledger history\n\n"
    "  crisisledger history https://example.org/news/storm-toll.html\n\n"
    "  crisisledger history exports/ChatExport_2023-03-15/result.json\n\n"
    "  crisisledger history telegram:1700000001/3",
)
def history(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="SOURCE",
            help="A URL, a file, a key such as telegram:<channel id>/<message id> (or its start); "
            "without it, every source.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Show the versions of a source: when each was seen, its HTTP status or export date, its content hash,
    its document, and what changed (new, unchanged, edited with figures revised, removed with figures
    withdrawn). For an export or a feed, its posts or entries are listed too."""
    with _open(_settings(db)) as store:
        if source is None:
            latest = store.latest_snapshots()
            counts = {key: len(store.snapshots(key)) for key in (s.source for s in latest)}
            table = Table(title=f"Sources ({len(latest)})")
            for column in ("source", "kind", "versions", "last seen", "last change", "document"):
                table.add_column(column, overflow="fold")
            for snapshot in latest:
                table.add_row(
                    Text(snapshot.source),
                    snapshot.kind,
                    str(counts[snapshot.source]),
                    _moment(snapshot.seen_at),
                    snapshot.change,
                    (snapshot.document_id or "")[:8],
                )
            out.print(table)
            return
        versions = source_history(store, source)
    if not versions:
        say("error", f"no snapshots of {source!r}; `crisisledger history` lists the sources read so far")
        raise typer.Exit(2)
    several = len({v.snapshot.source for v in versions}) > 1
    table = Table(title=f"History of {source} ({len(versions)} snapshot(s))")
    columns = ("seen", *(("source",) if several else ()), "change", "status", "hash", "document")
    for column in columns:
        table.add_column(column, overflow="fold")
    for version in versions:
        snapshot = version.snapshot
        status = []
        if snapshot.http_status is not None:
            status.append(f"HTTP {snapshot.http_status}")
        if snapshot.exported_at is not None:
            status.append(f"export of {_moment(snapshot.exported_at)}")
        style = {"removed": "red", "edited": "yellow", "new": "green"}.get(snapshot.change, "")
        table.add_row(
            _moment(snapshot.seen_at),
            *((Text(snapshot.source),) if several else ()),
            Text(version.summary, style=style),
            ", ".join(status),
            (snapshot.content_hash or "")[:12],
            (snapshot.document_id or "")[:8],
        )
    out.print(table)


def _moment(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M") + (" UTC" if value.tzinfo is not None else "")


@app.command(
    epilog="Examples:\n\n"
    "  crisisledger watch https://example.org/feed.atom --every 15m\n\n"
    "  crisisledger watch feeds.urls https://example.org/news/storm-toll.html --every 1h\n\n"
    "  crisisledger watch https://example.org/feed.atom --once",
)
def watch(
    sources: Annotated[
        list[str],
        typer.Argument(metavar="FEED_OR_URL...", help="Feeds, pages, lists of URLs (or files) to poll."),
    ],
    every: Annotated[str, typer.Option("--every", help="How often to poll: 15m, 90s, 1h30m.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and stop.")] = False,
    max_rounds: Annotated[int | None, typer.Option("--max-rounds", min=1, help="Stop after this many polls.")] = None,
    as_kind: AsKindOption = None,
    allow_private: AllowPrivateOption = False,
    db: DbOption = None,
) -> None:
    """Poll feeds and pages, ingest what is new or changed, and print what that changed in the ledger: new
    figures, revised ones (an edited page), withdrawn ones (a removed page).

    Requests are conditional (ETag, Last-Modified), so an unchanged source costs one small answer. Network
    errors are retried with back-off; Ctrl-C stops cleanly, and running the same command again resumes from
    what the store has seen. With --once (or --max-rounds), the exit code is 1 when a source failed in the
    last round."""
    if as_kind is not None and as_kind not in AS_KINDS:
        raise typer.BadParameter(f"'--as' must be one of {', '.join(AS_KINDS)} (got {as_kind!r})")
    try:
        seconds = parse_every(every)
    except CrisisLedgerError as exc:
        raise typer.BadParameter(str(exc)) from None
    rounds = 1 if once else max_rounds
    settings = _settings(db)
    last: list[Round] = []

    def report(done: Round) -> None:
        last[:] = [done]
        for outcome in done.outcomes:
            for label, line in describe(outcome):
                if label == "error":
                    say("error", line)
                else:
                    out.print(Text.assemble((f"{label}:", _CHANGE_STYLES.get(label, "")), " ", line))
        more = rounds is None or done.number < rounds
        out.print(
            f"round {done.number} at {done.started_at:%Y-%m-%d %H:%M:%S} UTC: {done.count('stored')} new "
            f"document(s) with {done.figures} figure(s), {done.revised} revised, {done.withdrawn} withdrawn, "
            f"{done.count('unchanged')} unchanged, {done.count('failed')} failed"
            + (f"; next in {format_every(seconds)}" if more else "")
        )

    def retrying(item: str, error: Exception, attempt: int, delay: float) -> None:
        say("retry", f"{error} (attempt {attempt}; trying again in {format_every(delay)})")

    with _open(settings) as store:
        watcher = Watcher(
            sources,
            store,
            settings,
            every=seconds,
            allow_private=allow_private,
            as_kind=as_kind,
            on_retry=retrying,
        )
        err.print(f"watching {len(sources)} source(s) every {format_every(seconds)}; Ctrl-C to stop")
        try:
            watcher.run(max_rounds=rounds, on_round=report)
        except KeyboardInterrupt:
            err.print(f"stopped watching after {watcher.rounds} round(s); run the same command to resume.")
            return
    if last and last[0].count("failed"):
        raise typer.Exit(1)


_CHANGE_STYLES = {"new": "green", "revised": "yellow", "withdrawn": "red"}


def _progress() -> Progress:
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


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


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


@app.command(
    epilog="Examples:\n\n  crisisledger export --format json > ledger.json\n\n"
    "  crisisledger export --format csv --table statements --output statements.csv",
)
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="json or csv.")] = "json",
    table: Annotated[str, typer.Option(help="For csv: " + ", ".join(exporting.CSV_TABLES) + ".")] = "figures",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    db: DbOption = None,
) -> None:
    """Export the ledger (schema crisisledger/1, see docs/export.md)."""
    if format not in ("json", "csv"):
        raise typer.BadParameter(f"'--format' must be json or csv (got {format!r})")
    if format == "csv" and table not in exporting.CSV_TABLES:
        raise typer.BadParameter(f"'--table' must be one of {', '.join(exporting.CSV_TABLES)} (got {table!r})")
    with _open(_settings(db)) as store:
        data = exporting.to_json(
            store.documents(),
            store.figures(),
            store.status_changes(),
            store.statements(),
            store.actors(),
            store.roles(),
            store.events(),
            reconcile(store),
            places=store.places(),
            time_expressions=store.time_expressions(),
        )
    if format == "json":
        payload = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        payload = exporting.to_csv(data[table], exporting.CSV_COLUMNS[table])
    if output is None:
        sys.stdout.write(payload)
    else:
        output.write_text(payload, encoding="utf-8")
        err.print(f"wrote {output}")


def main() -> None:
    try:
        app()
    except CrisisLedgerError as exc:  # anything the commands did not catch still gets one line
        say("error", str(exc))
        sys.exit(2)
