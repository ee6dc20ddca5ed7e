"""Versions of sources: snapshots in the store, what a new read changed (new, unchanged, edited, removed), the
pairing of revised figures, posts missing from a later export, and history. Extractions are built by hand;
the few tests that run the pipeline are marked."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from old_store import write_as_an_old_store
from typer.testing import CliRunner

from crisisledger.cli import app
from crisisledger.config import load_settings
from crisisledger.errors import StoreError
from crisisledger.ingest.batch import ingest
from crisisledger.ingest.snapshots import (
    Sighting,
    history,
    missing_messages,
    page_removal,
    record,
    record_removal,
    revisions,
    sightings,
    source_key,
)
from crisisledger.ingest.sources import read_one
from crisisledger.ingest.telegram import TelegramExport, TelegramMessage
from crisisledger.records import Document, Evidence, Extraction, Figure, Place, record_id
from crisisledger.store import MIGRATIONS, Snapshot, Store, migrations, paging

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
SEEN = datetime(2023, 3, 16, 9, 30, tzinfo=UTC)
URL = "https://coast.example/storm"


@pytest.fixture
def store(db):
    with Store.open(db) as opened:
        yield opened


def report(text: str, **counts: tuple[int, str | None]) -> Extraction:
    """A document and one figure per keyword: kind=(value, claimant), found where the value is written."""
    document = Document.from_text(text, outlet="Coast Monitor", published=date(2023, 3, 16))
    found = []
    for kind, (value, claimant) in counts.items():
        start = text.index(str(value))
        found.append(
            Figure(
                id=record_id("fig", document.id, start),
                document_id=document.id,
                kind=kind,
                min=value,
                max=value,
                evidence=Evidence.of(document, start, start + len(str(value))),
                claimant=claimant,
            )
        )
    return Extraction(document=document, figures=tuple(found))


def sighting(extraction: Extraction | None = None, **fields) -> Sighting:
    document = extraction.document if extraction is not None else None
    values = {
        "source": URL,
        "kind": "html",
        "seen_at": SEEN,
        "by": "coast.example",
        "document": document,
        "content_hash": document.id * 4 if document else None,
        "http_status": 200,
        "etag": '"a"',
    }
    return Sighting(**(values | fields))


def figure(kind="killed", value=12, claimant="ministry", place=None, population=None, at=0) -> Figure:
    document = Document.from_text(f"report {at}")
    return Figure(
        id=f"fig-{at}",
        document_id=document.id,
        kind=kind,
        min=value,
        max=value,
        evidence=Evidence.of(document, 0, 6),
        claimant=claimant,
        place=Place(place) if place else None,
        population=population,
    )


# The store -------------------------------------------------------------------------------------------------


def test_snapshots_round_trip_and_latest_ones(store):
    first = store.add_snapshot(Snapshot("telegram:7/1", "message", "new", SEEN, posted_at=SEEN, via="a.json"))
    store.add_snapshot(Snapshot("telegram:7/2", "message", "new", SEEN, via="a.json"))
    later = store.add_snapshot(Snapshot("telegram:7/1", "message", "unchanged", SEEN + timedelta(days=1)))
    store.add_snapshot(Snapshot("telegram:70/1", "message", "new", SEEN))
    store.add_snapshot(Snapshot("telegram:7_/1", "message", "new", SEEN))

    assert first.id and store.snapshots("telegram:7/1") == [first, later]
    assert store.latest_snapshot("telegram:7/1") == later and store.latest_snapshot("nothing") is None
    assert first.seen_at.tzinfo == UTC and first.posted_at == SEEN
    assert [s.source for s in store.latest_snapshots("telegram:7/")] == ["telegram:7/1", "telegram:7/2"]
    assert store.latest_snapshots("telegram:7/")[0] == later
    assert store.sources("telegram:7_/") == ["telegram:7_/1"]  # "_" is no wildcard
    assert len(store.sources()) == 4
    assert {s.source for s in store.snapshots(via="a.json")} == {"telegram:7/1", "telegram:7/2"}


def test_a_snapshot_with_an_unknown_change_is_refused(store):
    with pytest.raises(StoreError, match="'change' must be one of"):
        store.add_snapshot(Snapshot(URL, "html", "vanished", SEEN))


def test_snapshots_are_written_with_their_document_even_when_it_is_stored(store):
    extraction = report("The storm killed 12 people.", killed=(12, None))
    assert store.add(extraction, snapshots=[Snapshot(URL, "html", "new", SEEN, document_id=extraction.document.id)])
    assert not store.add(extraction, snapshots=[Snapshot(URL, "html", "unchanged", SEEN)])
    assert [s.change for s in store.snapshots(URL)] == ["new", "unchanged"]
    assert store.counts()["figures"] == 1


def test_a_snapshot_that_cannot_be_stored_takes_its_document_with_it(store):
    extraction = report("The storm killed 12 people.", killed=(12, None))
    with pytest.raises(StoreError, match="NUL"):
        store.add(extraction, snapshots=[Snapshot(URL, "html", "new", SEEN, etag="\x00")])
    assert store.counts()["documents"] == 0 and store.snapshots() == []


# Written for this test: keys that a natural-language collation orders otherwise than by code point (case first
# or last, punctuation skipped or weighed).
KEYS = ["https://b.example/x", "Zeta.txt", "/reports/a-b.txt", "alpha.txt", "https://B.example/y", "/reports/ab.txt"]


def test_sources_come_in_one_order_whatever_the_database_collation(store):
    if store.engine.dialect.name == "postgresql":
        # as a store made in a database of a natural-language locale (en_US.UTF-8, a common default) holds it
        with store.engine.begin() as conn:
            conn.exec_driver_sql('ALTER TABLE snapshots ALTER COLUMN source TYPE text COLLATE "und-x-icu"')
    extraction = report("The storm killed 12 people.", killed=(12, None))
    held = [Snapshot(key, "text", "new", SEEN, document_id=extraction.document.id) for key in KEYS[:2]]
    store.add(extraction, snapshots=held)
    for key in KEYS[2:]:
        store.add_snapshot(Snapshot(key, "text", "new", SEEN))

    assert store.sources() == sorted(KEYS)
    assert [s.source for s in store.latest_snapshots()] == sorted(KEYS)
    assert store.sources("https://") == ["https://B.example/y", "https://b.example/x"]
    assert paging.sources_of(store, extraction.document.id) == ["Zeta.txt", "https://b.example/x"]


def test_the_snapshots_migration_keeps_an_older_store(db, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:3])
    Store.open(db).close()
    write_as_an_old_store(db, report("The storm killed 12 people.", killed=(12, None)))
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    with Store.open(db) as store:
        assert "m0004_snapshots" in [m.name for m in store.migrations()]  # and any later ones
        assert store.counts()["figures"] == 1 and store.snapshots() == []


# Revised figures -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "pairs"),
    [
        ([figure(value=12)], [figure(value=14, at=1)], [(12, 14)]),
        ([figure(value=12)], [figure(value=12, at=1)], []),  # same value: not revised
        ([figure(value=12)], [figure(value=12, at=1), figure(value=3, at=2)], []),  # a new, separate count
        ([figure(value=12)], [figure(value=14, claimant="police", at=1)], []),  # another claimant
        ([figure(value=12)], [figure(value=14, claimant="Ministry", at=1)], [(12, 14)]),  # names fold case
        ([figure(value=12)], [figure(kind="injured", value=14, at=1)], []),  # another kind
        ([figure(value=12, place="Saltby")], [figure(value=14, place="Hollin", at=1)], []),  # another place
        ([figure(value=12, place="Saltby")], [figure(value=14, at=1)], [(12, 14)]),  # one names no place
        ([figure(value=12)], [figure(value=14, population="children", at=1)], []),  # other people counted
        (
            [figure(value=12), figure(kind="injured", value=40, at=1)],
            [figure(kind="injured", value=40, at=2), figure(value=15, at=3)],
            [(12, 15)],
        ),
        ([figure(value=12)], [], []),  # a count that disappears is not a revision
    ],
)
def test_revisions_pair_the_same_count_with_another_value(old, new, pairs):
    assert [(a.min, b.min) for a, b in revisions(old, new)] == pairs


# Recording sightings ---------------------------------------------------------------------------------------


def test_a_source_is_new_then_unchanged_then_edited(store):
    first = report("Storm toll rises to 12, the ministry said.", killed=(12, "ministry"))
    change = record(store, sighting(first), first)
    assert (change.change, change.stored, change.revised) == ("new", True, ())

    again = record(store, sighting(first, content_hash="other bytes, same report"))
    assert again.change == "unchanged" and again.snapshot.document_id == first.document.id

    edited = report("Storm toll rises to 14, the ministry said.", killed=(14, "ministry"))
    change = record(store, sighting(edited, changed_at=SEEN + timedelta(days=1)), edited)
    assert change.change == "edited" and [(a.min, b.min) for a, b in change.revised] == [(12, 14)]
    (revision,) = store.status_changes()
    assert revision.figure_id == first.figures[0].id  # the old figure...
    assert revision.evidence.document_id == edited.document.id  # ...revised by the new version's words
    assert (revision.status, revision.date, revision.by) == ("revised", date(2023, 3, 17), "coast.example")
    assert store.document(first.document.id).text == first.document.text  # nothing overwritten


def test_not_modified_keeps_the_last_version_and_its_validators(store):
    first = report("Storm toll rises to 12.", killed=(12, None))
    record(store, sighting(first, last_modified="Thu, 16 Mar 2023 08:00:00 GMT"), first)
    change = record(store, sighting(not_modified=True, http_status=304, etag=None, content_hash=None))
    snapshot = change.snapshot
    assert (snapshot.change, snapshot.http_status, snapshot.document_id) == ("unchanged", 304, first.document.id)
    assert snapshot.content_hash == first.document.id * 4
    assert (snapshot.etag, snapshot.last_modified) == ('"a"', "Thu, 16 Mar 2023 08:00:00 GMT")


def test_a_removal_withdraws_the_last_version_with_a_notice_of_its_own(store):
    first = report("Storm toll rises to 12, and 40 were injured.", killed=(12, None), injured=(40, None))
    record(store, sighting(first), first)
    gone_at = SEEN + timedelta(days=2)
    change = record_removal(store, page_removal(URL, URL, 410, gone_at))
    assert change is not None and change.change == "removed"
    assert {f.min for f in change.withdrawn} == {12, 40}
    notice = store.document(change.snapshot.document_id)
    assert notice.outlet == "coast.example" and notice.published == date(2023, 3, 18)
    assert f"The page {URL} answered 410 Gone" in notice.text and first.document.id in notice.text
    withdrawn = store.status_changes(document_id=notice.id)
    assert {(c.status, c.date, c.by) for c in withdrawn} == {("withdrawn", date(2023, 3, 18), "coast.example")}
    assert all(c.evidence.text.startswith(f"The page {URL}") for c in withdrawn)

    again = record_removal(store, page_removal(URL, URL, 404, gone_at + timedelta(days=1)))
    assert again is not None and again.change == "unchanged" and len(store.status_changes()) == 2
    assert record_removal(store, page_removal("https://never.example/", "https://never.example/", 404, SEEN)) is None

    assert [v.summary for v in history(store, URL)] == ["new", "removed (2 figure(s) withdrawn)", "unchanged"]


# Telegram posts --------------------------------------------------------------------------------------------


def message(id: int, day: int, text: str = "") -> TelegramMessage:
    return TelegramMessage(id=id, date=datetime(2023, 3, day, 12, tzinfo=UTC), edit_date=None, text=text, link=None)


def channel(*messages: TelegramMessage) -> TelegramExport:
    return TelegramExport(
        channel_name="Harbour Updates",
        channel_username="harbour_updates",
        channel_id=42,
        channel_type="public_channel",
        exported_at=max(m.date for m in messages),
        messages=messages,
        documents=(),
    )


def seen_post(store: Store, id: int, day: int, change: str = "new") -> None:
    posted = datetime(2023, 3, day, 12, tzinfo=UTC)
    store.add_snapshot(Snapshot(f"telegram:42/{id}", "message", change, SEEN, posted_at=posted))


def test_posts_missing_from_an_export_that_covers_their_date_are_removals(store):
    for id, day in ((1, 10), (2, 12), (3, 14), (4, 20)):
        seen_post(store, id, day)
    seen_post(store, 5, 13, change="removed")  # already recorded
    later = channel(message(2, 12), message(6, 16))  # covers the 12th to the 16th

    removals = missing_messages(store, later, "later.json", SEEN)
    assert [r.source for r in removals] == ["telegram:42/3"]  # 1 and 4 lie outside; 2 is there; 5 was seen gone
    (removal,) = removals
    assert removal.dated == datetime(2023, 3, 16, 12, tzinfo=UTC) and removal.seen_at == SEEN
    assert removal.url == "https://t.me/harbour_updates/3" and removal.by == "Harbour Updates"
    assert "is missing from the export of 2023-03-16, which covers 2023-03-12 to 2023-03-16" in removal.why


def test_an_export_reads_as_one_sighting_and_one_per_post(tmp_path):
    path = tmp_path / "result.json"
    path.write_bytes((FIXTURES / "telegram" / "result.json").read_bytes())
    reading = read_one(str(path))
    found = sightings(reading, source_key(str(path)))
    assert [(s.source, s.kind, s.document is None) for s in found] == [
        (str(path), "telegram", True),
        ("telegram:1700000001/2", "message", False),
        ("telegram:1700000001/3", "message", False),
        ("telegram:1700000001/5", "message", False),
    ]
    edited = found[2]
    assert edited.changed_at == datetime(2023, 3, 14, 16, 40, tzinfo=UTC)  # the post's edit date
    assert {s.via for s in found[1:]} == {str(path)} and {s.by for s in found} == {"Northgate Emergency Updates"}


def test_source_keys(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert source_key("-") is None
    assert source_key("https://a.example/x?y=1") == "https://a.example/x?y=1"
    assert source_key("reports/a.txt") == str(tmp_path / "reports" / "a.txt")


# Through ingest, with the pipeline -------------------------------------------------------------------------


@pytest.mark.model
def test_an_edited_file_revises_and_standard_input_keeps_no_versions(tmp_path, db):
    settings = load_settings(db=db)
    path = tmp_path / "aktau.txt"
    path.write_text("date: 2022-01-06\n\nPolice in Aktau detained 120 people overnight, police said.\n")
    with Store.open(db) as store:
        assert [o.status for o in ingest([str(path)], store, settings)] == ["stored"]
        path.write_text("date: 2022-01-07\n\nPolice in Aktau detained 150 people overnight, police said.\n")
        (outcome,) = ingest([str(path)], store, settings)
        assert outcome.status == "stored" and outcome.change.change == "edited"
        assert [(a.min, b.min) for a, b in outcome.change.revised] == [(120, 150)]
        stdin = io.BytesIO(b"Some 500 people marched in Atyrau on Monday, organisers said.\n")
        assert [o.status for o in ingest(["-"], store, settings, stdin=stdin)] == ["stored"]
        assert store.sources() == [str(path)]

    shown = CliRunner().invoke(app, ["history", str(path), "--db", db], env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "edited (1 figure(s) revised)" in shown.stdout
    listed = CliRunner().invoke(app, ["history", "--db", db], env={"COLUMNS": "300"})
    assert listed.exit_code == 0 and str(path) in listed.stdout
    missing = CliRunner().invoke(app, ["history", "https://never.example/", "--db", db])
    assert missing.exit_code == 2 and "no snapshots of" in missing.stderr


@pytest.mark.model
def test_an_edited_page_puts_the_new_values_in_the_ledger_figures_and_export(tmp_path, db):
    """Issue 9: the edited version's values are the latest, the old ones revised and out of the range."""
    path = tmp_path / "millbrook.txt"
    header = "title: Flood toll\noutlet: Valley Courier\ndate: 2023-04-02\n\n"
    body = "Floods in Millbrook have killed {} people and injured {}, the Interior Ministry said on Sunday.\n"
    runner = CliRunner()
    path.write_text(header + body.format(120, 340), encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(path), "--db", db]).exit_code == 0
    path.write_text(header + body.format(135, 410), encoding="utf-8")
    edited = runner.invoke(app, ["ingest", str(path), "--db", db])
    assert edited.exit_code == 0 and "2 figure(s) revised" in edited.stderr
    with Store.open(db) as store:
        old, new = sorted(store.documents(), key=lambda d: "120" not in d.text)
        assert old.id > new.id  # the store lists the new version first: order alone must not decide

    data = json.loads(runner.invoke(app, ["export", "--db", db]).stdout)
    assert {f["min"]: f["status"] for f in data["figures"]} == {
        120: "revised",
        340: "revised",
        135: "asserted",
        410: "asserted",
    }
    lines = {line["kind"]: line for line in data["ledger_lines"]}
    for kind, was, now in (("killed", 120, 135), ("injured", 340, 410)):
        line = lines[kind]
        assert (line["range"]["min"], line["range"]["max"]) == (now, now)
        (latest,) = line["latest"]
        by_id = {s["figure_id"]: s for s in line["series"]}
        assert (by_id[latest["figure_id"]]["min"], latest["status"]) == (now, "asserted")
        assert sorted((s["min"], s["status"]) for s in line["series"]) == [(was, "revised"), (now, "asserted")]
        (old_claim,) = [s for s in line["series"] if s["min"] == was]
        assert old_claim["replaced_by"] == latest["figure_id"]

    shown = runner.invoke(app, ["ledger", "--db", db], env={"COLUMNS": "200"}).stdout
    assert "135" in shown and "410" in shown and "120" not in shown and "340" not in shown
    listed = runner.invoke(app, ["figures", "--db", db], env={"COLUMNS": "200"}).stdout
    rows = {value: row for row in listed.splitlines() for value in ("120", "340", "135", "410") if f" {value} " in row}
    assert {value: "revised" in row for value, row in rows.items()} == {
        "120": True,
        "340": True,
        "135": False,
        "410": False,
    }
