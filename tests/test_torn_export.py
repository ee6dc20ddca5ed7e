"""An export taken while an ingest writes (issue 12, item 5): every export reads one snapshot of the store,
so it never holds a figure, statement, actor, role, event or place of a document it lacks, whatever is
committed while it is written. Bounded: a fixed number of exports, a writer that stops when they are done."""

from __future__ import annotations

import csv
import io
import json
import threading
from dataclasses import replace
from datetime import date, timedelta

from typer.testing import CliRunner

from crisisledger.cli import app
from crisisledger.records import (
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Place,
    PlaceMention,
    Role,
    Statement,
    StatusChange,
    TimeExpression,
    record_id,
)
from crisisledger.store import Store

HILLFORD = Place("Hillford", "ZZ", 3.5, 4.5, 90002, "city")
EXPORTS = 6  # of each kind below: JSON (every table, reconciled) and the CSV of figures
MOST_DOCUMENTS = 400  # the writer's bound, should the exports be slow
WAIT = 60  # seconds: the longest the writer may take to stop once asked


def report(index: int) -> Extraction:
    """The `index`th made-up bulletin from Hillford, with a record of every kind an export holds."""
    day = date(2024, 1, 1) + timedelta(days=index)
    text = f"Bulletin {index}: the Hillford council said {index + 3} people were killed in floods in Hillford."
    document = Document.from_text(text, title=f"Bulletin {index}", outlet="Hillford Herald", published=day)
    said = Evidence.of(document, 0, len(text))
    figure = Figure(record_id("fig", document.id, 0), document.id, "killed", index + 3, index + 3, said,
                    as_of=day, place=HILLFORD, claimant="the Hillford council")  # fmt: skip
    council = Actor(record_id("act", document.id, 0), document.id, "Hillford council", "organization", said)
    return Extraction(
        document,
        figures=(figure,),
        status_changes=(StatusChange(figure.id, "confirmed", said, day, "the Hillford council"),),
        statements=(
            Statement(
                record_id("st", document.id, 0),
                document.id,
                "people were killed",
                said,
                speaker="Hillford council",
                direct=False,
            ),
        ),  # fmt: skip
        actors=(council,),
        roles=(Role(record_id("role", document.id, 0), document.id, council.id, council.name, said, title="council"),),
        events=(
            Event(
                record_id("ev", document.id, 0),
                document.id,
                "riots",
                said,
                date_start=day,
                place=HILLFORD,
                figure_ids=(figure.id,),
            ),
        ),  # fmt: skip
        places=(
            PlaceMention(
                document.id, Evidence.of(document, text.index("Hillford"), text.index("Hillford") + 8), HILLFORD
            ),
        ),  # fmt: skip
        time_expressions=(TimeExpression(document.id, said, "DATE", day.isoformat()),),
    )


def ingesting(where: str, stop: threading.Event, written: list[int]) -> None:
    """What an ingest does to the store, a document (and its records) per transaction, until asked to stop."""
    with Store.open(where) as store:
        for index in range(MOST_DOCUMENTS):
            if stop.is_set():
                return
            store.add(report(index))
            written.append(index)


def torn_json(exported: dict) -> list[str]:
    """What in a JSON export points at a document, or a figure, the export does not hold."""
    documents = {d["id"] for d in exported["documents"]}
    figures = {f["id"] for f in exported["figures"]}
    torn = [
        f"{key} {record.get('id', record['document_id'])}"
        for key in ("figures", "statements", "actors", "roles", "events", "places", "time_expressions")
        for record in exported[key]
        if record["document_id"] not in documents
    ]
    torn += [f"status change of {c['figure_id']}" for c in exported["status_changes"] if c["figure_id"] not in figures]
    torn += [f"incident {i['id']}" for i in exported["incidents"] if not set(i["document_ids"]) <= documents]
    torn += [
        f"ledger line {line['id']}"
        for line in exported["ledger_lines"]
        if not {c["figure_id"] for c in line["series"]} <= figures
    ]
    return torn


def torn_figures_csv(text: str) -> list[str]:
    """The figures of a CSV export whose document was not read with them (its outlet cell is empty)."""
    return [row["id"] for row in csv.DictReader(io.StringIO(text)) if not row["document_outlet"]]


def test_exports_during_an_ingest_each_read_one_snapshot(db):
    Store.open(db).close()  # the store exists before the export's first read
    stop, written = threading.Event(), []
    writer = threading.Thread(target=ingesting, args=(db, stop, written), daemon=True)
    writer.start()
    seen, runner = [], CliRunner()
    try:
        for _ in range(EXPORTS):
            result = runner.invoke(app, ["export", "--format", "json", "--db", db])
            assert result.exit_code == 0, (result.stderr, result.exception)
            exported = json.loads(result.stdout)
            assert torn_json(exported) == []
            seen.append(len(exported["documents"]))
            result = runner.invoke(app, ["export", "--format", "csv", "--table", "figures", "--db", db])
            assert result.exit_code == 0, (result.stderr, result.exception)
            assert torn_figures_csv(result.stdout) == []
    finally:
        stop.set()
        writer.join(WAIT)
    assert not writer.is_alive(), f"the writer did not stop within {WAIT}s"
    # the exports overlapped the writes: each saw more documents than the one before (or the writer was done)
    assert seen[-1] > seen[0] or len(written) == MOST_DOCUMENTS, seen


def ingesting_unattributed(where: str, stop: threading.Event, written: list[int]) -> None:
    """As `ingesting`, with figures no one is said to claim: a view names them by their report's outlet."""
    with Store.open(where) as store:
        for index in range(MOST_DOCUMENTS):
            if stop.is_set():
                return
            bulletin = report(index)
            store.add(replace(bulletin, figures=tuple(replace(f, claimant=None) for f in bulletin.figures)))
            written.append(index)


def test_the_figures_view_during_an_ingest_reads_one_snapshot(db):
    # `figures` reads the reports, the status changes and the figures: read apart, a figure stored between
    # the reads would have no report, and its claimant would show as "(report)" instead of its outlet
    Store.open(db).close()
    stop, written = threading.Event(), []
    writer = threading.Thread(target=ingesting_unattributed, args=(db, stop, written), daemon=True)
    writer.start()
    runner, seen = CliRunner(), []
    try:
        for _ in range(EXPORTS * 2):
            result = runner.invoke(app, ["figures", "--format", "tsv", "--db", db])
            assert result.exit_code == 0, (result.stderr, result.exception)
            rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))
            assert [row["claimant ← cited"] for row in rows if row["claimant ← cited"] != "(Hillford Herald)"] == []
            seen.append(len(rows))
    finally:
        stop.set()
        writer.join(WAIT)
    assert not writer.is_alive(), f"the writer did not stop within {WAIT}s"
    assert seen[-1] > seen[0] or len(written) == MOST_DOCUMENTS, seen
