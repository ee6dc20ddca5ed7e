"""Reconciliation that streams against reconciliation in memory, on both backends: ledger lines made a batch
at a time from the store (`each_ledger_line`), incidents that read reports' texts a batch at a time, and the
JSON export built from them, are what `reconcile` gives from every record read at once.

The store is made up here: reports over several days from several outlets, tolls that rise and contradict
each other on the same day, crowd counts of one day, parts of counts on other lines, withdrawals, denials
and disputes, an edited source, people named by surname, an officer of a ministry, reviews (a correction that
moves a figure to another line, a rejection, a figure added by hand), and a wire story republished word
for word by two outlets.
"""

from __future__ import annotations

import io
import json
import random
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from crisisledger import review
from crisisledger.cli.views import _contested_text
from crisisledger.export import StoreExport, ledger_line_json, to_json, write_json
from crisisledger.reconcile import Contest, build_incidents, each_ledger_line, ledger_lines, reconcile, reconciled
from crisisledger.records import (
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Place,
    Role,
    StatusChange,
    record_id,
)
from crisisledger.store import Store

streamed = sys.modules["crisisledger.reconcile.streamed"]  # the package's `reconcile` hides its modules
incidents = sys.modules["crisisledger.reconcile.incidents"]
store_module = sys.modules["crisisledger.store.store"]

HARBOUR = Place("Port Ellery", "ZZ", 1.5, 2.5, 70001, "city")
INLAND = Place("Marrow Hills", "ZZ", None, None, None, "region")
COUNTRY = Place("Zedland", "ZZ", 1.0, 2.0, 70000, "country")
OUTLETS = ["Ellery Post", "Hills Radio", "Zed Wire", None]
CLAIMANTS = ["the Health Office", "Harbour Watch", "Lena Marsh", "Marsh", "Tomas Reed of the Interior Ministry", None]
WORDS = [
    "boats",
    "reached",
    "the",
    "flooded",
    "quarter",
    "where",
    "families",
    "waited",
    "on",
    "roofs",
    "while",
    "the",
    "water",
    "kept",
    "rising",
]
FIRST_DAY = date(2025, 5, 1)
AT = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def _report(n: int, rng: random.Random) -> Extraction:
    """One made-up report: a few figures, perhaps a status change, a person, a role and an event."""
    day = FIRST_DAY + timedelta(days=rng.randrange(6))
    body = " ".join(rng.choice(WORDS) for _ in range(60))
    text = f"Report {n} from the coast. {body}."
    document = Document.from_text(text, outlet=rng.choice(OUTLETS), published=day, title=f"report {n}")

    def evidence() -> Evidence:
        start = rng.randrange(0, 200)
        return Evidence.of(document, start, start + 25)

    figures: list[Figure] = []
    for i in range(rng.randint(2, 5)):
        kind = rng.choice(["killed", "killed", "injured", "participants"])
        low = 10 * (day - FIRST_DAY).days + rng.choice([5, 5, 8, 40])
        figures.append(
            Figure(
                id=record_id("fig", document.id, i),
                document_id=document.id,
                kind=kind,
                min=low,
                max=low if rng.random() < 0.8 else low + 10,
                evidence=evidence(),
                approximate=rng.random() < 0.2,
                as_of=day - timedelta(days=rng.randrange(2)),
                place=rng.choice([HARBOUR, HARBOUR, INLAND, COUNTRY]),
                claimant=rng.choice(CLAIMANTS),
                cited_source=rng.choice([None, None, None, "Harbour Watch"]),
                population=rng.choice([None, None, "police officers"]),
                part_of=figures[0].id if figures and rng.random() < 0.25 else None,
            )
        )
    changes = tuple(
        StatusChange(f.id, rng.choice(["withdrawn", "denied", "disputed"]), evidence(), day, rng.choice(CLAIMANTS))
        for f in figures
        if rng.random() < 0.2
    )
    person = Actor(record_id("act", document.id, 0), document.id, "Lena Marsh", "person", evidence(), country="ZZ")
    role = Role(record_id("role", document.id, 0), document.id, person.id, person.name, evidence(), title="governor")
    event = Event(
        id=record_id("ev", document.id, 0),
        document_id=document.id,
        type=rng.choice(["flood", "evacuation"]),
        evidence=evidence(),
        date_start=day - timedelta(days=rng.randrange(2)),
        date_end=day,
        place=rng.choice([HARBOUR, COUNTRY]),
        actors=(rng.choice(["Lena Marsh", "Harbour Watch"]),),
    )
    return Extraction(document, tuple(figures), changes, (), (), (person,), (role,), (event,))


def _wire(outlet: str, day: date) -> Extraction:
    """The same wire story in one outlet: 23 dead in Port Ellery, with its event."""
    text = "Wire: " + " ".join(WORDS * 4) + ". The Health Office said 23 people died in Port Ellery."
    document = Document.from_text(text, outlet=outlet, published=day, title="wire")
    at = text.index("23")
    figure = Figure(
        id=record_id("fig", document.id, 0),
        document_id=document.id,
        kind="killed",
        min=23,
        max=23,
        evidence=Evidence.of(document, at, at + 15),
        as_of=day,
        place=HARBOUR,
        claimant="the Health Office",
    )
    event = Event(record_id("ev", document.id, 0), document.id, "flood", Evidence.of(document, 0, 4),
                  date_start=day, date_end=day, place=HARBOUR, actors=("Lena Marsh",))  # fmt: skip
    return Extraction(document, (figure,), (), (), (), (), (), (event,))


def _edited(old: Extraction, day: date) -> Extraction:
    """A later version of a report whose toll changed: the old figure is revised, its words are the new one's."""
    document = Document.from_text(old.document.text.replace("coast", "coast!"), outlet=old.document.outlet,
                                  published=day, title="edited")  # fmt: skip
    was = old.figures[0]
    figure = Figure(record_id("fig", document.id, 0), document.id, was.kind, was.min + 1, was.max and was.max + 1,
                    Evidence.of(document, was.evidence.start, was.evidence.end), as_of=day, place=was.place,
                    claimant=was.claimant, population=was.population)  # fmt: skip
    revised = StatusChange(was.id, "revised", figure.evidence, day, None)
    return Extraction(document, (figure,), (revised,))


def _whole_and_part(day: date) -> tuple[Extraction, Extraction]:
    """A national toll and the part of it in Port Ellery (on a line of its own, printed before the whole's),
    then a report that withdraws the toll."""
    text = "The Health Office said 30 people died across Zedland, 12 of them in Port Ellery."
    document = Document.from_text(text, outlet="Zed Wire", published=day, title="toll")
    whole = Figure(record_id("fig", document.id, 0), document.id, "killed", 30, 30, Evidence.of(document, 23, 47),
                   as_of=day, place=COUNTRY, claimant="the Health Office")  # fmt: skip
    part = Figure(record_id("fig", document.id, 1), document.id, "killed", 12, 12, Evidence.of(document, 49, 80),
                  as_of=day, place=HARBOUR, claimant="the Health Office", part_of=whole.id)  # fmt: skip
    later = Document.from_text("The Health Office withdrew its toll.", outlet="Ellery Post",
                               published=day + timedelta(days=1), title="withdrawn")  # fmt: skip
    withdrawn = StatusChange(whole.id, "withdrawn", Evidence.of(later, 0, 35), later.published, "the Health Office")
    return Extraction(document, (whole, part)), Extraction(later, (), (withdrawn,))


@pytest.fixture
def filled(db: str):
    """A store of 40 made-up reports, two copies of a wire story, an edited report and three reviews."""
    rng = random.Random(4021)
    reports = [_report(n, rng) for n in range(40)]
    with Store.open(db) as store:
        for extraction in reports:
            store.add(extraction)
        store.add(_wire("Ellery Post", FIRST_DAY + timedelta(days=2)))
        store.add(_wire("Hills Radio", FIRST_DAY + timedelta(days=2)))
        store.add(_wire("Zed Wire", FIRST_DAY + timedelta(days=3)))
        store.add(_edited(reports[3], FIRST_DAY + timedelta(days=6)))
        for extraction in _whole_and_part(FIRST_DAY + timedelta(days=1)):
            store.add(extraction)
        figures = [f for r in reports for f in r.figures]
        review.save(store, review.decide(figures[0], by="ana", settings=[("kind", "injured")], at=AT))
        review.save(store, review.decide(figures[5], by="ben", reject=True, at=AT))
        document = reports[7].document
        _, added = review.added(document, 0, 6, by="ana", settings=[("kind", "killed"), ("min", 31)], at=AT)
        review.save(store, added)
        yield store


def in_memory(store: Store, as_of: date | None = None) -> list:
    """The lines reconciled from every record read at once (documents without their texts, as the ledger
    reads them)."""
    documents = store.documents(text=False)
    figures = review.figures_of(store, documents, texts=False)
    whole = reconciled(documents, figures, store.status_changes(), store.actors(), store.roles(), (), as_of=as_of)
    return list(whole.lines)


def _contested_days(lines) -> int:
    return len({(line.id, c.date) for line in lines for c in line.contested if c.reason == "contradicted"})


@pytest.mark.parametrize("batch", [1, 7, 2000])
@pytest.mark.parametrize("as_of", [None, FIRST_DAY + timedelta(days=3)])
def test_streamed_lines_are_the_lines_in_memory(filled: Store, monkeypatch, batch: int, as_of: date | None) -> None:
    monkeypatch.setattr(streamed, "_BATCH", batch)
    lines = list(each_ledger_line(filled, as_of))
    assert lines == in_memory(filled, as_of)
    assert ledger_lines(filled, as_of) == lines
    # and as `reconcile` gives them, reports' texts and all
    assert list(map(ledger_line_json, lines)) == list(map(ledger_line_json, reconcile(filled, as_of=as_of).lines))
    # what the comparison covers: lines of several kinds and days, contradictions, withdrawals, parts
    assert len({line.kind for line in lines}) >= 3 and len({line.period for line in lines}) >= 3
    assert _contested_days(lines) >= 2
    statuses = {c.status for line in lines for c in line.claims}
    assert {"withdrawn", "denied", "disputed"} <= statuses
    assert any(c.figure.part_of for line in lines for c in line.claims)
    if as_of is None:
        assert any(c.replaced_by for line in lines for c in line.claims)  # the edited report
        assert any(c.figure.review == "added" for line in lines for c in line.claims)


def test_a_part_goes_with_its_withdrawn_whole_on_another_line(filled: Store, monkeypatch) -> None:
    """The whole's status is made before the part's line, whichever line comes first."""
    monkeypatch.setattr(streamed, "_BATCH", 1)
    lines = list(each_ledger_line(filled))
    claims = {c.figure.id: c for line in lines for c in line.claims}
    line_of = {c.figure.id: line.id for line in lines for c in line.claims}
    moved = [
        c
        for c in claims.values()
        if c.figure.part_of in claims
        and line_of[c.figure.part_of] != line_of[c.figure.id]
        and claims[c.figure.part_of].status in ("withdrawn", "denied")
    ]
    assert moved, "the store must hold a part on another line than its withdrawn or denied whole"
    ours = [c for c in moved if c.figure.min == 12 and c.figure.place == HARBOUR]  # `_whole_and_part`'s
    assert ours and all(c.status == "withdrawn" and c.changes == claims[c.figure.part_of].changes for c in ours)
    assert lines == in_memory(filled)


def test_lines_stop_being_read_when_no_more_are_asked_for(filled: Store) -> None:
    lines = each_ledger_line(filled)
    first = next(lines)
    lines.close()  # the snapshot and the paused collector are released
    assert first == in_memory(filled)[0]


@pytest.mark.parametrize("batch", [1, 3, 256])
def test_incidents_that_read_texts_in_batches_are_the_incidents_in_memory(filled: Store, monkeypatch, batch) -> None:
    monkeypatch.setattr(incidents, "_SHINGLED_AT_ONCE", batch)
    events = filled.events()
    found = build_incidents(events, filled.documents(text=False), filled.documents_with_ids)
    assert found == build_incidents(events, filled.documents())
    assert found == list(reconcile(filled).incidents)
    # the wire story told by three outlets: three reports, two sources (two copies of one story)
    wire = [i for i in found if len(i.document_ids) >= 3 and i.independent_sources < len(i.document_ids)]
    assert wire


def test_the_export_built_as_it_streams_is_the_export_in_memory(filled: Store, monkeypatch) -> None:
    monkeypatch.setattr(streamed, "_BATCH", 5)
    monkeypatch.setattr(incidents, "_SHINGLED_AT_ONCE", 4)
    out = io.StringIO()
    with filled.reading():
        write_json(out, StoreExport(filled))
    expected = to_json(
        filled.documents(),
        review.figures_of(filled),
        filled.status_changes(),
        filled.statements(),
        filled.actors(),
        filled.roles(),
        filled.events(),
        reconcile(filled),
        places=filled.places(),
        time_expressions=filled.time_expressions(),
        reviews=review.load(filled),
    )
    assert json.loads(out.getvalue()) == json.loads(json.dumps(expected))
    assert json.loads(out.getvalue())["ledger_lines"] and json.loads(out.getvalue())["incidents"]


def test_the_export_keeps_its_reconciliation_when_one_was_made(filled: Store) -> None:
    """ACLED reads `reconciliation`: the keys written after it are its own lines and incidents."""
    with filled.reading():
        export = StoreExport(filled)
        whole = export.reconciliation
        assert [r["id"] for r in export.records("ledger_lines")] == [line.id for line in whole.lines]
        assert [r["id"] for r in export.records("incidents")] == [i.id for i in whole.incidents]
        # the figures it reconciled, a figure added by hand with its words, as `reconcile` reads them
        assert export.figures == review.figures_of(filled)
        assert any(f.review == "added" and f.evidence.text for f in export.figures)
        assert list(map(ledger_line_json, whole.lines)) == list(map(ledger_line_json, reconcile(filled).lines))


def test_the_store_reads_records_by_id_a_few_at_a_time(filled: Store, monkeypatch) -> None:
    monkeypatch.setattr(store_module, "_IDS_AT_ONCE", 2)
    figures = filled.figures()
    wanted = [figures[4].id, "no-such-figure", figures[1].id, figures[4].id, figures[9].id]
    found = filled.figures_with_ids(wanted)
    assert sorted(f.id for f in found) == sorted({figures[i].id for i in (1, 4, 9)})
    assert all(f == next(g for g in figures if g.id == f.id) for f in found)
    documents = filled.documents()
    ids = [documents[5].id, "no-such-report", documents[0].id, documents[2].id]
    assert filled.documents_with_ids(ids) == [documents[5], documents[0], documents[2]]
    assert filled.figures_with_ids([]) == [] and filled.documents_with_ids([]) == []


def _printed(contested: Text) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=40)
    table = Table("what", "contested", show_lines=True)
    table.add_row("killed", contested)
    table.add_row("injured", Text("none"))
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def test_contests_print_as_a_red_text_each_joined() -> None:
    contests = [
        Contest("fig-1", "contradicted", "Harbour Watch", date(2025, 5, 2), "fig-2"),
        Contest("fig-1", "withdrawn", None, None),
        Contest("fig-2", "denied", "the Health Office of the Coast Region, in a long statement", date(2025, 5, 3)),
    ]
    pieces = [
        "contradicted by Harbour Watch 2025-05-02",
        "withdrawn",
        contests[2].reason + " by " + contests[2].by + " 2025-05-03",
    ]  # type: ignore[operator]
    joined = Text("\n").join(Text(piece, style="red") for piece in pieces)
    made = _contested_text(contests)
    assert made.plain == joined.plain
    assert _printed(made) == _printed(joined)  # colours, line breaks and folding alike
    assert "\x1b[31m" in _printed(made)
    assert _contested_text([]).plain == "" and _printed(_contested_text([])) == _printed(Text("\n").join([]))
