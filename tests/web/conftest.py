"""Shared web fixtures: a small store built from hand-made records (no spaCy), and a test client over it.

`web_store` is the store's location (a SQLite file, or a PostgreSQL schema when CRISISLEDGER_TEST_PG is set:
it is parametrized on the `db` fixture of tests/conftest.py), holding three reports:

- A (2022-03-03, Reuters): the regional governor says at least 12 were killed in Kharkiv, about 40 injured;
  dozens missing (vague, unplaced); an actor (the governor), his role, a statement, two events, a place
  mention, a time expression; two snapshots of its source ("new", then "unchanged").
- B (2022-03-05, Kyiv Independent): the Ministry of Defence denies A's toll (a status change from a later
  report); police say 30 were detained in Kyiv; the ministry as an actor; its denial as a statement; an
  arrests event.
- C (2022-03-06, a title and text with `<script>alert(1)</script>`): the governor says 15 were killed in
  Kharkiv (the same ledger line as A's 12); an official "Ministry of Health" figure of 7 injured.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

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
from crisisledger.store import Snapshot, Store

TOKEN = "test-token"
KHARKIV = Place("Kharkiv", "UA", 49.98081, 36.25272, 706483, "city")
KYIV = Place("Kyiv", "UA", 50.45466, 30.5238, 703448, "city")
XSS = "<script>alert(1)</script>"

TEXT_A = (
    "KHARKIV, March 3 (Reuters) - At least 12 people were killed and about 40 injured in shelling on "
    'Wednesday, the regional governor said. "We will rebuild," he said. Dozens are missing.'
)
TEXT_B = (
    "KYIV, March 5 - The Ministry of Defence denied the toll of 12 dead in Kharkiv. "
    "Police said 30 people were detained in Kyiv after a protest."
)
TEXT_C = f"KHARKIV, March 6 - {XSS} The governor said 15 people were killed. The Ministry of Health said 7 were hurt."

DOC_A = Document.from_text(
    TEXT_A,
    title="Shelling in Kharkiv",
    outlet="Reuters",
    url="https://example.org/a",
    published=date(2022, 3, 3),
    source="/reports/a.txt",
)
DOC_B = Document.from_text(
    TEXT_B, title="Ministry denies toll", outlet="Kyiv Independent", published=date(2022, 3, 5), source="/reports/b.txt"
)
DOC_C = Document.from_text(
    TEXT_C, title=f"Toll rises {XSS}", outlet="Harbour <b>Herald</b>", published=date(2022, 3, 6)
)


def span(document: Document, words: str) -> Evidence:
    start = document.text.index(words)
    return Evidence.of(document, start, start + len(words))


def make_figure(document: Document, words: str, kind: str = "killed", **fields: object) -> Figure:
    evidence = span(document, words)
    values: dict[str, object] = {"min": None, "max": None, **fields}
    return Figure(
        id=record_id("fig", document.id, evidence.start, evidence.end),
        document_id=document.id,
        kind=kind,
        evidence=evidence,
        **values,  # type: ignore[arg-type]
    )


KILLED_A = make_figure(
    DOC_A, "At least 12 people were killed", min=12, approximate=True, as_of=date(2022, 3, 3), place=KHARKIV,
    claimant="the regional governor",
)  # fmt: skip
INJURED_A = make_figure(
    DOC_A, "about 40 injured", kind="injured", min=40, max=40, approximate=True, as_of=date(2022, 3, 3),
    place=KHARKIV, claimant="the regional governor",
)  # fmt: skip
MISSING_A = make_figure(DOC_A, "Dozens are missing", kind="missing", vague=True, as_of=date(2022, 3, 3))
DETAINED_B = make_figure(
    DOC_B, "30 people were detained", kind="detained", min=30, max=30, as_of=date(2022, 3, 5), place=KYIV,
    claimant="police",
)  # fmt: skip
KILLED_C = make_figure(
    DOC_C, "15 people were killed", min=15, max=15, as_of=date(2022, 3, 6), place=KHARKIV,
    claimant="the regional governor",
)  # fmt: skip
INJURED_C = make_figure(
    DOC_C, "7 were hurt", kind="injured", min=7, max=7, as_of=date(2022, 3, 6), place=KHARKIV,
    claimant="Ministry of Health",
)  # fmt: skip
FIGURES = (KILLED_A, INJURED_A, MISSING_A, DETAINED_B, KILLED_C, INJURED_C)

GOVERNOR = Actor(
    id=record_id("act", DOC_A.id, "Oleh Synehubov"),
    document_id=DOC_A.id,
    name="Oleh Synehubov",
    type="person",
    evidence=span(DOC_A, "the regional governor"),
    aliases=("the regional governor",),
    country="UA",
)
MINISTRY = Actor(
    id=record_id("act", DOC_B.id, "Ministry of Defence"),
    document_id=DOC_B.id,
    name="Ministry of Defence",
    type="organization",
    evidence=span(DOC_B, "The Ministry of Defence"),
    country="UA",
)
DENIAL = StatusChange(
    KILLED_A.id, "denied", span(DOC_B, "The Ministry of Defence denied the toll"), date=date(2022, 3, 5),
    by="Ministry of Defence",
)  # fmt: skip


def extraction_a() -> Extraction:
    role = Role(
        id=record_id("role", DOC_A.id, GOVERNOR.name),
        document_id=DOC_A.id,
        actor_id=GOVERNOR.id,
        actor=GOVERNOR.name,
        evidence=span(DOC_A, "the regional governor said"),
        title="governor",
        organization="Kharkiv regional administration",
        date=date(2022, 3, 1),
    )
    quote = Statement(
        id=record_id("st", DOC_A.id, "rebuild"),
        document_id=DOC_A.id,
        text="We will rebuild,",
        evidence=span(DOC_A, "We will rebuild,"),
        speaker="Oleh Synehubov",
        cue="said",
    )
    shelling = Event(
        id=record_id("ev", DOC_A.id, "shelling"),
        document_id=DOC_A.id,
        type="explosions_remote_violence",
        evidence=span(DOC_A, "At least 12 people were killed and about 40 injured in shelling"),
        subtype="shelling_artillery_missile_attack",
        date_start=date(2022, 3, 2),
        date_end=date(2022, 3, 2),
        place=KHARKIV,
        actors=("Russia",),
        figure_ids=(KILLED_A.id, INJURED_A.id),
    )
    return Extraction(
        document=DOC_A,
        figures=(KILLED_A, INJURED_A, MISSING_A),
        statements=(quote,),
        actors=(GOVERNOR,),
        roles=(role,),
        events=(shelling,),
        places=(PlaceMention(DOC_A.id, span(DOC_A, "KHARKIV"), KHARKIV, admin1="Kharkiv Oblast"),),
        time_expressions=(TimeExpression(DOC_A.id, span(DOC_A, "Wednesday"), "DATE", "2022-03-02"),),
    )


def extraction_b() -> Extraction:
    denial = Statement(
        id=record_id("st", DOC_B.id, "denied"),
        document_id=DOC_B.id,
        text="The Ministry of Defence denied the toll of 12 dead in Kharkiv.",
        evidence=span(DOC_B, "The Ministry of Defence denied the toll of 12 dead in Kharkiv."),
        speaker="Ministry of Defence",
        direct=False,
        stance="denies",
        cue="denied",
        figure_id=KILLED_A.id,
    )
    arrests = Event(
        id=record_id("ev", DOC_B.id, "arrests"),
        document_id=DOC_B.id,
        type="arrests",
        evidence=span(DOC_B, "30 people were detained in Kyiv after a protest"),
        date_start=date(2022, 3, 5),
        date_end=date(2022, 3, 5),
        place=KYIV,
        figure_ids=(DETAINED_B.id,),
    )
    return Extraction(
        document=DOC_B,
        figures=(DETAINED_B,),
        status_changes=(DENIAL,),
        statements=(denial,),
        actors=(MINISTRY,),
        events=(arrests,),
    )


def extraction_c() -> Extraction:
    return Extraction(document=DOC_C, figures=(KILLED_C, INJURED_C))


def fill(store: Store) -> None:
    """The three reports, and the versions of A's source."""
    seen = datetime(2022, 3, 3, 12, 0, tzinfo=UTC)
    first = Snapshot(source=DOC_A.source or "", kind="text", change="new", seen_at=seen, document_id=DOC_A.id)
    again = Snapshot(
        source=DOC_A.source or "", kind="text", change="unchanged", seen_at=datetime(2022, 3, 4, tzinfo=UTC),
        document_id=DOC_A.id,
    )  # fmt: skip
    store.add(extraction_a(), snapshots=(first,))
    store.add_snapshot(again)
    store.add(extraction_b())
    store.add(extraction_c())


@pytest.fixture
def web_store(db: str) -> str:
    """Where the hand-made store lives (a SQLite path or a PostgreSQL URL), filled and closed again."""
    with Store.open(db) as store:
        fill(store)
    return db


@pytest.fixture
def client(web_store: str) -> Iterator[TestClient]:
    """A test client over the whole application on `web_store`, with the token `test-token` for writes."""
    from crisisledger.web.app import Settings, create_app

    with TestClient(create_app(Settings(db=web_store, token=TOKEN))) as test_client:
        yield test_client


@pytest.fixture
def auth() -> dict[str, str]:
    """The header a write needs."""
    return {"Authorization": f"Bearer {TOKEN}"}
