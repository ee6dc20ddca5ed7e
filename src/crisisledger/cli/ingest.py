"""Reading sources: ingest, history (their snapshots), watch (polling them)."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from ..errors import CrisisLedgerError
from ..ingest import AS_KINDS
from .common import (
    FORMATS,
    AllowPrivateOption,
    AsKindOption,
    Column,
    DbOption,
    FormatOption,
    _moment,
    _open,
    _open_existing,
    _parse_date,
    _progress,
    _settings,
    app,
    cell,
    choose,
    clean,
    emit,
    err,
    format_value,
    out,
    say,
)

# Reading sources needs the pipeline (spaCy), httpx, trafilatura and feedparser: each command imports them
# when it runs, so that the other commands and --help start without them.
if TYPE_CHECKING:
    from ..ingest.batch import Outcome
    from ..store import Snapshot
    from ..watch import Round


@app.command(
    epilog="Examples:\n\n"
    "  crisisledger ingest examples/\n\n"
    "  crisisledger ingest report.txt --outlet AGI --published 2022-01-10\n\n"
    "  cat report.txt | crisisledger ingest - --title 'Almaty report'\n\n"
    "  crisisledger ingest https://example.org/news/storm-toll.html\n\n"
    "  crisisledger ingest exports/ChatExport_2023-03-15/ reading-list.urls feed.atom\n\n"
    "  crisisledger ingest --allow-private http://127.0.0.1:8080/feed.xml\n\n"
    "  crisisledger ingest archive/ --workers 2\n\n"
    "  crisisledger ingest archive/ --scheduler tcp://10.0.0.5:8786 --db postgresql+psycopg://desk@10.0.0.2/ledger",
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
    outlet: Annotated[str | None, typer.Option(help="Outlet; replaces what the source says.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Report date YYYY-MM-DD; replaces what the source says.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Address of the report; replaces what the source says.")] = None,
    title: Annotated[
        str | None, typer.Option(help="Title; replaces the header's title and the one guessed from the text.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Read and analyse on a local Dask cluster of this many processes; this one stores. See docs/scale.md.",
        ),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Read and analyse on the workers of a running Dask cluster (tcp://host:8786); this process stores.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Read reports, pages, feeds and Telegram exports, extract their figures and statements, and store them.

    A source that cannot be read is reported in one line and the others are still stored; the exit code is
    1 when any failed. Re-ingesting the same content stores nothing new. Every read of a source is kept as
    a snapshot (`crisisledger history`): an edited source is stored as a new version and its changed figures
    are marked revised; a removed one (HTTP 404/410, or a post missing from a later export) has its figures
    withdrawn. With --workers or --scheduler, sources are read and analysed on Dask workers and stored here,
    in the order given, the same records as without; Ctrl-C stops, and the same command resumes."""
    from ..ingest.batch import ingest as ingest_sources
    from ..ingest.text import Metadata

    choose("--as", as_kind, AS_KINDS)
    if workers is not None and scheduler is not None:
        say("error", "give --workers (a cluster on this machine) or --scheduler (a running one), not both.")
        raise typer.Exit(2)
    settings = _settings(db)
    defaults = Metadata(title=title, outlet=outlet, url=url, published=_parse_date(published))
    tally = {"stored": 0, "unchanged": 0, "failed": 0, "note": 0, "removed": 0, "figures": 0, "statements": 0}
    revised = 0
    with ExitStack() as stack:
        pressed = stack.enter_context(_ctrl_c())
        store = stack.enter_context(_open(settings))
        runner = None
        if workers is not None or scheduler is not None:
            from ..ingest.distributed import connect  # dask only when asked for: it takes a second to import

            try:
                runner = stack.enter_context(connect(workers, scheduler, settings=settings))
            except CrisisLedgerError as exc:
                say("error", str(exc))
                raise typer.Exit(2) from None
        progress = stack.enter_context(_progress())
        task = progress.add_task("ingesting", total=None)
        outcomes = ingest_sources(
            paths,
            store,
            settings,
            defaults=defaults,
            overrides=defaults,
            stdin=sys.stdin.buffer,
            on_sources=lambda total: progress.update(task, total=total, visible=total > 1),
            as_kind=as_kind,
            allow_private=allow_private,
            runner=runner,
        )
        stopped = False
        try:
            for outcome in outcomes:
                tally[outcome.status] += 1
                revised += _report(outcome)
                if outcome.extraction is not None:
                    tally["figures"] += len(outcome.extraction.figures)
                    tally["statements"] += len(outcome.extraction.statements)
                progress.advance(task)
                pressed.check()
        except KeyboardInterrupt:
            # each document is written in its own transaction: what is stored is whole, and skipped next time
            stopped = True
            outcomes.close()  # work still out on workers is cancelled before the cluster closes
    changed = "".join(
        f"; {count} {what}" for count, what in ((revised, "figure(s) revised"), (tally["removed"], "removed")) if count
    )
    err.print(
        f"stored {tally['stored']} document(s) with {tally['figures']} figure(s) and {tally['statements']} "
        f"statement(s); {tally['unchanged']} already stored; {tally['failed']} failed{changed}"
    )
    if stopped:
        err.print("stopped by Ctrl-C; run the same command to resume (what is stored is skipped).")
        raise typer.Exit(130)
    if tally["failed"]:
        raise typer.Exit(1)


class _CtrlC:
    """Whether Ctrl-C was pressed, kept as well as raised (`_ctrl_c`)."""

    def __init__(self) -> None:
        self.pressed = False

    def check(self) -> None:
        """Raise the KeyboardInterrupt that Ctrl-C raised, should it have been lost on its way."""
        if self.pressed:
            raise KeyboardInterrupt


@contextmanager
def _ctrl_c() -> Iterator[_CtrlC]:
    """Ctrl-C noted as it is raised. A KeyboardInterrupt raised while a finalizer runs (a Dask future's
    `__del__`, say) is not raised at all: Python prints it as "Exception ignored" and goes on, and the ingest
    ran to its end. Noted here, it stops the ingest after the document being stored (`_CtrlC.check`), and
    nothing is printed for it."""
    noted = _CtrlC()
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield noted
        return

    def pressed(signum: int, frame: object) -> None:
        noted.pressed = True
        raise KeyboardInterrupt

    def unraisable(raised: Any) -> None:
        if not (noted.pressed and isinstance(raised.exc_value, KeyboardInterrupt)):
            hook(raised)

    previous, hook = signal.signal(signal.SIGINT, pressed), sys.unraisablehook
    sys.unraisablehook = unraisable
    try:
        yield noted
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.unraisablehook = hook


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
    format: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Show the versions of a source: when each was seen, its HTTP status or export date, its content hash,
    its document, and what changed (new, unchanged, edited with figures revised, removed with figures
    withdrawn). For an export or a feed, its posts or entries are listed too."""
    choose("--format", format, FORMATS)
    with _open_existing(db) as store, store.reading():  # one snapshot for the whole view
        if source is None:
            latest = store.latest_snapshots()
            counts = {key: len(store.snapshots(key)) for key in (s.source for s in latest)}
            columns = [Column("source"), Column("kind", True), Column("versions", True), Column("last seen")]
            columns += [Column("last change", True), Column("document", True)]
            rows = [
                (
                    cell(snapshot.source),
                    snapshot.kind,
                    str(counts[snapshot.source]),
                    _moment(snapshot.seen_at),
                    snapshot.change,
                    (snapshot.document_id or "")[:8],
                )
                for snapshot in latest
            ]
            records = ({**_snapshot_json(s), "versions": counts[s.source]} for s in latest)
            emit(format, f"Sources ({len(latest)})", columns, rows, records)
            return
        from ..ingest.snapshots import history as source_history

        versions = source_history(store, source)
    if not versions:
        say("error", f"no snapshots of {source!r}; `crisisledger history` lists the sources read so far")
        raise typer.Exit(2)
    several = len({v.snapshot.source for v in versions}) > 1
    columns = [Column("seen"), *((Column("source"),) if several else ()), Column("change"), Column("status")]
    columns += [Column("hash", True), Column("document", True)]
    rows = []
    for version in versions:
        snapshot = version.snapshot
        status = []
        if snapshot.http_status is not None:
            status.append(f"HTTP {snapshot.http_status}")
        if snapshot.exported_at is not None:
            status.append(f"export of {_moment(snapshot.exported_at)}")
        style = {"removed": "red", "edited": "yellow", "new": "green"}.get(snapshot.change, "")
        rows.append(
            (
                _moment(snapshot.seen_at),
                *((cell(snapshot.source),) if several else ()),
                Text(version.summary, style=style),
                ", ".join(status),
                (snapshot.content_hash or "")[:12],
                (snapshot.document_id or "")[:8],
            )
        )
    records = (
        {**_snapshot_json(v.snapshot), "summary": v.summary, "revised": v.revised, "withdrawn": v.withdrawn}
        for v in versions
    )
    emit(format, f"History of {clean(source)} ({len(versions)} snapshot(s))", columns, rows, records)


def _snapshot_json(snapshot: Snapshot) -> dict[str, Any]:
    moment = lambda value: value.isoformat() if value is not None else None  # noqa: E731
    return {
        "source": snapshot.source,
        "kind": snapshot.kind,
        "change": snapshot.change,
        "seen_at": moment(snapshot.seen_at),
        "content_hash": snapshot.content_hash,
        "document_id": snapshot.document_id,
        "http_status": snapshot.http_status,
        "exported_at": moment(snapshot.exported_at),
        "posted_at": moment(snapshot.posted_at),
    }


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
    from ..watch import Watcher, describe, format_every, parse_every

    choose("--as", as_kind, AS_KINDS)
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
                    out.print(Text.assemble((f"{label}:", _CHANGE_STYLES.get(label, "")), " ", clean(line)))
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


_CHANGE_STYLES = {"new": "green", "revised": "yellow", "withdrawn": "red", "note": "cyan"}
