"""The language of a document (issue 13), from the record to the store, its migration, the export, the API,
the web pages and `crisisledger figures`: on SQLite and (when configured) PostgreSQL.

The reports are written for these tests; none of them runs spaCy: the store tells the language of a document
that comes without one, as it does for a report the pipeline did not read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from old_store import engine_for, write_as_an_old_store
from typer.testing import CliRunner

from crisisledger import review
from crisisledger.cli import app
from crisisledger.export import CSV_COLUMNS, StoreExport, write_csv, write_json
from crisisledger.records import Document, Evidence, Extraction, Figure, record_id
from crisisledger.store import MIGRATIONS, Store, migrations, paging
from crisisledger.web.app import Settings, create_app

API = "/api/v1"

ENGLISH = (
    "HARBOURTOWN, May 2 - At least 9 people were killed when the storm reached the coast, the mayor said. "
    "Rescuers said 20 more were injured."
)
RUSSIAN = (
    "ГАВАНЬ, 2 мая. По меньшей мере 9 человек погибли, когда шторм дошёл до побережья, сообщил мэр. "
    "По словам спасателей, ещё 20 человек ранены."
)
RUSSIAN_LATER = "ГАВАНЬ, 4 мая. Число погибших при шторме выросло до 11 человек, сообщили в городской администрации."
#: A text with no letters: `detect` says English (the default), so a language given with it must be kept.
NO_LETTERS = "12 / 15 — 2024-05-02"


def report(text: str, words: str, value: int, **metadata: Any) -> Extraction:
    """A report with one figure: `value` killed, read from `words`."""
    document = Document.from_text(text, published=date(2024, 5, 2), **metadata)
    start = text.index(words)
    evidence = Evidence.of(document, start, start + len(words))
    figure = Figure(
        id=record_id("fig", document.id, evidence.start, evidence.end),
        document_id=document.id,
        kind="killed",
        min=value,
        max=value,
        evidence=evidence,
    )
    return Extraction(document=document, figures=(figure,))


EN = report(ENGLISH, "At least 9 people were killed", 9, title="Storm on the coast", outlet="Harbour Herald")
RU = report(RUSSIAN, "9 человек погибли", 9, title="Шторм на побережье", outlet="Гаванские вести")
RU_LATER = report(RUSSIAN_LATER, "11 человек", 11, title="Число погибших выросло")
GIVEN = report(NO_LETTERS, "12", 12, language="ru")


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with Store.open(db) as opened:
        for extraction in (EN, RU, RU_LATER, GIVEN):
            opened.add(extraction)
        yield opened


# -- the record -------------------------------------------------------------------------------------------------


def test_the_language_is_no_part_of_a_documents_identity() -> None:
    unknown = Document.from_text(RUSSIAN)
    known = Document.from_text(RUSSIAN, language="ru")
    assert known.id == unknown.id
    assert known == unknown and hash(known) == hash(unknown)
    assert (known.language, unknown.language) == ("ru", None)


# -- the store --------------------------------------------------------------------------------------------------


def test_a_stored_document_reads_back_with_its_language(store: Store) -> None:
    expected = {EN.document.id: "en", RU.document.id: "ru", RU_LATER.document.id: "ru", GIVEN.document.id: "ru"}
    # told from the text when the document came without one; kept as given when it came with one
    assert {d.id: d.language for d in store.documents()} == expected
    assert {d.id: d.language for d in store.documents(text=False)} == expected
    assert {d.id: d.language for d in store.each_document()} == expected
    assert store.document(RU.document.id[:6]).language == "ru"  # type: ignore[union-attr]
    assert store.extraction(RU.document.id).document.language == "ru"
    assert store.extraction(RU.document.id) == RU  # equal to what was stored, which had no language yet
    assert {r.id: r.language for r in paging.document_rows(store)} == expected
    assert {r.id: r.language for r in paging.newest_documents(store)[0]} == expected


def test_reading_a_report_again_keeps_its_language(store: Store) -> None:
    unknown = replace(RU, document=replace(RU.document, language=None))
    store.replace_records(unknown)
    assert store.document(RU.document.id).language == "ru"  # type: ignore[union-attr]


def test_a_page_of_one_languages_documents(store: Store) -> None:
    russian = sorted([RU.document.id, RU_LATER.document.id, GIVEN.document.id])
    assert [r.id for r in paging.document_rows(store, language="ru")] == russian
    first = paging.document_rows(store, language="ru", limit=2)
    rest = paging.document_rows(store, language="ru", after=first[-1].id, limit=2)
    assert [r.id for r in first + rest] == russian
    assert [r.id for r in paging.document_rows(store, language="en")] == [EN.document.id]
    assert paging.document_rows(store, language="fr") == []
    assert paging.language_counts(store) == {"en": 1, "ru": 3}


@pytest.mark.parametrize("rare", [0.0, 1.01], ids=["walked-by-figure", "found-from-documents"])
def test_figures_of_one_language_are_the_same_whichever_way_they_are_found(
    store: Store, monkeypatch: pytest.MonkeyPatch, rare: float
) -> None:
    # 0 makes every language common (figures walked in id order), above 1 every language rare (found from
    # its documents): both shapes of the query must find the same figures, in the same pages.
    monkeypatch.setattr(paging, "_RARE_LANGUAGE", rare)
    russian = sorted(f.id for e in (RU, RU_LATER, GIVEN) for f in e.figures)
    assert [f.id for f in paging.figure_rows(store, language="ru")] == russian
    first = paging.figure_rows(store, language="ru", limit=2)
    rest = paging.figure_rows(store, language="ru", after=first[-1].id, limit=2)
    assert [f.id for f in first + rest] == russian
    assert [f.id for f in paging.figure_rows(store, language="en", kinds={"killed"})] == [EN.figures[0].id]
    assert paging.figure_rows(store, language="ru", kinds={"injured"}) == []
    assert paging.figure_rows(store, language="fr") == []


# -- the migration ----------------------------------------------------------------------------------------------


def test_the_migration_tells_the_language_of_every_stored_document(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    version = [fn.__name__ for fn in MIGRATIONS].index("m0009_document_language")
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:version])
    Store.open(db).close()
    write_as_an_old_store(db, EN, RU, RU_LATER)
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    monkeypatch.setattr(migrations, "LANGUAGE_BATCH", 2)  # three documents: two batches

    with Store.open(db) as store:
        assert store.migrations()[-1].name == "m0009_document_language"
        assert {d.id: d.language for d in store.documents()} == {
            EN.document.id: "en",
            RU.document.id: "ru",
            RU_LATER.document.id: "ru",
        }
        assert [h.document_id for h in paging.search(store, "побережья")] == [RU.document.id]
    # search still follows a change of a title after the migration (on SQLite its trigger was made anew)
    engine = engine_for(db)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE documents SET title = 'Ураган' WHERE id = :id"), {"id": EN.document.id})
    finally:
        engine.dispose()
    with Store.open(db) as store:
        assert [h.document_id for h in paging.search(store, "ураган")] == [EN.document.id]
        assert paging.search(store, "storm on the coast") == []


# -- the export -------------------------------------------------------------------------------------------------


def test_the_export_gives_each_documents_language(store: Store) -> None:
    out = io.StringIO()
    with store.reading():
        write_json(out, StoreExport(store))
    exported = {d["id"]: d["language"] for d in json.loads(out.getvalue())["documents"]}
    assert exported == {d.id: d.language for d in store.documents()}
    assert exported[RU.document.id] == "ru" and exported[EN.document.id] == "en"

    assert CSV_COLUMNS["documents"][-1] == "language"
    table = io.StringIO()
    with store.reading():
        write_csv(table, StoreExport(store, texts=False).csv_rows("documents"), CSV_COLUMNS["documents"])
    rows = list(csv.DictReader(io.StringIO(table.getvalue())))
    assert {row["id"]: row["language"] for row in rows} == exported


# -- the API and the pages ---------------------------------------------------------------------------------------


@pytest.fixture
def client(store: Store, db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=db, token="t"))) as test_client:
        yield test_client


def get(client: TestClient, path: str, **params: Any) -> Any:
    answer = client.get(API + path, params=params or None)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_api_gives_and_filters_by_language(client: TestClient) -> None:
    every = get(client, "/documents")["documents"]
    assert {d["id"]: d["language"] for d in every}[RU.document.id] == "ru"
    russian = sorted([RU.document.id, RU_LATER.document.id, GIVEN.document.id])
    assert [d["id"] for d in get(client, "/documents", language="ru")["documents"]] == russian
    first = get(client, "/documents", language="ru", limit=2)
    rest = client.get(first["next"]).json()
    assert "language=ru" in first["next"] and rest["next"] is None
    assert [d["id"] for d in first["documents"] + rest["documents"]] == russian
    assert get(client, f"/documents/{RU.document.id}")["document"]["language"] == "ru"

    figures = get(client, "/figures", language="en")["figures"]
    assert [f["id"] for f in figures] == [EN.figures[0].id]
    assert get(client, f"/figures/{EN.figures[0].id}")["document"]["language"] == "en"

    for path in ("/documents", "/figures"):
        refused = client.get(API + path, params={"language": "russian"})
        assert refused.status_code == 422 and "language is one of en, ru" in refused.json()["error"]["message"]


def test_a_reviewed_figure_is_filtered_by_its_reports_language(client: TestClient, store: Store) -> None:
    # a reviewed figure is matched in Python, not in SQL (queries.figure_page): it needs its report's language
    review.save(store, review.decide(RU.figures[0], by="ana", verify=True))
    russian = {f["id"]: f["review"] for f in get(client, "/figures", language="ru")["figures"]}
    assert russian[RU.figures[0].id] == "verified" and len(russian) == 3
    assert [f["id"] for f in get(client, "/figures", language="en")["figures"]] == [EN.figures[0].id]


def test_the_pages_show_the_language(client: TestClient) -> None:
    listed = client.get("/documents").text
    assert '<abbr title="Russian">ru</abbr>' in listed and '<abbr title="English">en</abbr>' in listed
    page = client.get(f"/documents/{RU.document.id}").text
    assert "<dt>Language</dt><dd>Russian (<code>ru</code>)</dd>" in page
    assert '<div class="report-text" lang="ru">' in page


# -- the command line ------------------------------------------------------------------------------------------


def test_crisisledger_figures_keeps_one_language(store: Store, db: str) -> None:
    shown = CliRunner().invoke(app, ["figures", "--language", "ru", "--format", "json", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert sorted(f["id"] for f in json.loads(shown.stdout)) == sorted(
        f.id for e in (RU, RU_LATER, GIVEN) for f in e.figures
    )
    refused = CliRunner().invoke(app, ["figures", "--language", "xx", "--db", db])
    assert refused.exit_code == 2 and "'--language' must be one of en, ru" in refused.output
