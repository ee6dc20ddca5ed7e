"""Filtered, keyset-paged figures and full-text search (crisisledger.store.paging, crisisledger.queries), on
SQLite and (with CRISISLEDGER_TEST_PG) PostgreSQL, from records built by hand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from old_store import write_as_an_old_store

from crisisledger import queries, review
from crisisledger.queries import FigureQuery
from crisisledger.records import Document, Evidence, Extraction, Figure, Place, Role, StatusChange, record_id
from crisisledger.store import MIGRATIONS, Store, migrations, paging

KHARKIV = Place("Kharkiv", "UA", level="city")
KYIV = Place("Kyiv", "UA", level="city")
ALMATY = Place("Almaty", "KZ", level="city")
AT = datetime(2022, 3, 10, 9, 0, tzinfo=UTC)


def report(text: str, title: str, published: date, specs: list[dict[str, object]]) -> Extraction:
    """A document and one figure per spec, each read from its own words (`words` in the spec) of the text."""
    document = Document.from_text(text, title=title, outlet="Wire", published=published)
    found = []
    for spec in specs:
        fields = dict(spec)
        words = str(fields.pop("words"))
        start = text.index(words)
        evidence = Evidence.of(document, start, start + len(words))
        fields.setdefault("min", 1)
        fields.setdefault("max", fields["min"])
        found.append(
            Figure(
                id=record_id("fig", document.id, start, start + len(words)),
                document_id=document.id,
                evidence=evidence,
                **fields,  # type: ignore[arg-type]
            )
        )
    return Extraction(document=document, figures=tuple(found))


FIRST = report(
    "Shelling in Kharkiv. 12 people were killed, the governor said. About 40 were injured. "
    "In Kyiv 3 died, according to rescuers. The Ministry of Health counted 5 missing.",
    "Shelling in Kharkiv",
    date(2022, 3, 3),
    [
        {"words": "12 people were killed", "kind": "killed", "min": 12, "place": KHARKIV, "claimant": "the governor",
         "as_of": date(2022, 3, 3)},
        {"words": "About 40 were injured", "kind": "injured", "min": 40, "place": KHARKIV, "as_of": date(2022, 3, 3)},
        {"words": "In Kyiv 3 died", "kind": "killed", "min": 3, "place": KYIV, "claimant": "rescuers",
         "as_of": date(2022, 3, 2)},
        {"words": "counted 5 missing", "kind": "missing", "min": 5, "place": KYIV,
         "claimant": "Ministry of Health", "as_of": date(2022, 3, 3)},
    ],
)  # fmt: skip
SECOND = report(
    "Protest in Almaty. Police detained 200 people, Berik Asylov said. Two were hurt.",
    "Protest in Almaty",
    date(2022, 1, 5),
    [
        {"words": "Police detained 200 people", "kind": "detained", "min": 200, "place": ALMATY,
         "claimant": "Berik Asylov", "as_of": date(2022, 1, 5)},
        {"words": "Two were hurt", "kind": "injured", "min": 2, "place": ALMATY},
    ],
)  # fmt: skip
ASYLOV = Role(
    id=record_id("role", SECOND.document.id, "asylov"),
    document_id=SECOND.document.id,
    actor_id=record_id("actor", SECOND.document.id, "asylov"),
    actor="Berik Asylov",
    evidence=Evidence.of(SECOND.document, 0, 7),
    title="prosecutor-general",
)
SECOND = replace(SECOND, roles=(ASYLOV,))
# A later report in which the governor's toll is denied.
DENIAL_TEXT = "The regional administration denied the toll of 12 killed in Kharkiv."
DENIAL_DOC = Document.from_text(DENIAL_TEXT, title="Toll denied", outlet="Wire", published=date(2022, 3, 5))
DENIAL = Extraction(
    document=DENIAL_DOC,
    status_changes=(
        StatusChange(FIRST.figures[0].id, "denied", Evidence.of(DENIAL_DOC, 0, 40), date(2022, 3, 5), "administration"),
    ),
)
ALL = [*FIRST.figures, *SECOND.figures]
OFFICIAL = ("the governor", "Ministry of Health", "Berik Asylov")


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with Store.open(db) as opened:
        for extraction in (FIRST, SECOND, DENIAL):
            opened.add(extraction)
        yield opened


def ids(page: list[tuple[Figure, str]]) -> list[str]:
    return [f.id for f, _ in page]


EVERY = FigureQuery()


def listed(store: Store, query: FigureQuery = EVERY, limit: int = 500) -> list[tuple[Figure, str]]:
    page, after = queries.figure_page(store, query, limit=limit)
    assert after is None
    return page


def by_id(figures: list[Figure]) -> list[str]:
    return sorted(f.id for f in figures)


# -- filters ---------------------------------------------------------------------------------------------


def test_the_default_listing_is_every_figure_by_id(store: Store) -> None:
    assert ids(listed(store)) == by_id(ALL)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (FigureQuery(kind="killed"), [FIRST.figures[0], FIRST.figures[2]]),
        (FigureQuery(kind="displaced"), []),
        (FigureQuery(place="kharkiv"), FIRST.figures[:2]),
        (FigureQuery(place="KYIV"), FIRST.figures[2:]),
        (FigureQuery(place="ua"), FIRST.figures),
        (FigureQuery(place="Kz"), SECOND.figures),
        (FigureQuery(place="Kharkiv Oblast"), []),
        (FigureQuery(claimant="rescuers"), [FIRST.figures[2]]),
        (FigureQuery(claimant="Rescuers"), []),
        (FigureQuery(since=date(2022, 3, 3)), [FIRST.figures[0], FIRST.figures[1], FIRST.figures[3]]),
        (FigureQuery(until=date(2022, 3, 2)), [FIRST.figures[2], SECOND.figures[0]]),
        (FigureQuery(since=date(2022, 3, 2), until=date(2022, 3, 2)), [FIRST.figures[2]]),
        (FigureQuery(document_id=SECOND.document.id), SECOND.figures),
        (FigureQuery(kind="killed", place="ua", since=date(2022, 3, 3)), [FIRST.figures[0]]),
        (FigureQuery(status="asserted"), [f for f in ALL if f is not FIRST.figures[0]]),
        (FigureQuery(status="denied"), [FIRST.figures[0]]),
        (FigureQuery(status="denied", place="kyiv"), []),
        # "the governor" and "Ministry of Health" by their words, Berik Asylov by his role in the second report
        (FigureQuery(official=True), [FIRST.figures[0], FIRST.figures[3], SECOND.figures[0]]),
        (FigureQuery(official=False), [FIRST.figures[1], FIRST.figures[2], SECOND.figures[1]]),
        (FigureQuery(official=True, claimant="rescuers"), []),
        (FigureQuery(official=False, claimant="rescuers"), [FIRST.figures[2]]),
        (FigureQuery(review="unreviewed"), ALL),
        (FigureQuery(review="reviewed"), []),
    ],
    ids=repr,
)
def test_each_filter_finds_exactly_its_figures(store: Store, query: FigureQuery, expected: list[Figure]) -> None:
    page = listed(store, query)
    assert ids(page) == by_id(expected)
    assert all(query.matches(f, status, f.claimant in OFFICIAL) for f, status in page)


def test_the_status_now_is_the_latest_change_of_any_report(store: Store) -> None:
    statuses = dict((f.id, status) for f, status in listed(store))
    assert statuses[FIRST.figures[0].id] == "denied"
    assert {s for i, s in statuses.items() if i != FIRST.figures[0].id} == {"asserted"}
    assert paging.statuses_now(store, [f.id for f in ALL]) == {FIRST.figures[0].id: "denied"}
    later = Document.from_text("The governor's toll was confirmed on March 7.", published=date(2022, 3, 8))
    confirmed = StatusChange(FIRST.figures[0].id, "confirmed", Evidence.of(later, 0, 5), date(2022, 3, 7))
    store.add(Extraction(later, status_changes=(confirmed,)))
    assert ids(listed(store, FigureQuery(status="confirmed"))) == [FIRST.figures[0].id]
    assert ids(listed(store, FigureQuery(status="denied"))) == []


@pytest.mark.parametrize("listed_up_to", [10_000, 0])
def test_the_status_filter_agrees_whether_it_lists_ids_or_ranks_in_sql(
    store: Store, listed_up_to: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paging, "_LISTED_STATUSES", listed_up_to)
    assert ids(listed(store, FigureQuery(status="denied"))) == [FIRST.figures[0].id]
    assert ids(listed(store, FigureQuery(status="denied"), limit=1)) == [FIRST.figures[0].id]
    assert ids(listed(store, FigureQuery(status="denied", kind="injured"))) == []
    asserted = listed(store, FigureQuery(status="asserted"))
    assert FIRST.figures[0].id not in ids(asserted) and len(asserted) == len(ALL) - 1


def test_listed_statuses_are_read_in_chunks_and_paged_exactly(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "_CHUNK", 1)
    later = Document.from_text("Every toll was confirmed on March 9.", published=date(2022, 3, 10))
    confirmed = tuple(
        StatusChange(f.id, "confirmed", Evidence.of(later, 0, 5), date(2022, 3, 9)) for f in ALL if f.kind != "killed"
    )
    store.add(Extraction(later, status_changes=confirmed))
    expected = sorted(c.figure_id for c in confirmed)
    walked: list[str] = []
    after = None
    while True:
        page, after = queries.figure_page(store, FigureQuery(status="confirmed"), after=after, limit=1)
        walked += ids(page)
        if after is None:
            break
    assert walked == expected and len(expected) >= 2
    injured = sorted(f.id for f in ALL if f.kind == "injured")
    assert ids(listed(store, FigureQuery(status="confirmed", kind="injured"), limit=500)) == injured


def test_a_withdrawal_is_last_on_its_day(store: Store) -> None:
    same_day = Document.from_text("Withdrawn and then confirmed, the same day.", published=date(2022, 3, 6))
    changes = tuple(
        StatusChange(FIRST.figures[1].id, status, Evidence.of(same_day, 0, 9), date(2022, 3, 6))
        for status in ("withdrawn", "confirmed")
    )
    store.add(Extraction(same_day, status_changes=changes))
    assert queries.figure(store, FIRST.figures[1].id) == (FIRST.figures[1], "withdrawn")
    assert ids(listed(store, FigureQuery(status="withdrawn"))) == [FIRST.figures[1].id]


# -- pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
@pytest.mark.parametrize("query", [FigureQuery(), FigureQuery(place="ua"), FigureQuery(status="asserted")], ids=repr)
def test_pages_walk_every_figure_once_in_order(store: Store, limit: int, query: FigureQuery) -> None:
    everything = ids(listed(store, query))
    walked: list[str] = []
    after = None
    for _ in range(len(everything) + 2):
        page, after = queries.figure_page(store, query, after=after, limit=limit)
        assert len(page) <= limit
        walked += ids(page)
        if after is None:
            break
        assert after == walked[-1]
    assert walked == everything


@pytest.mark.parametrize("limit", [0, -1, 501, 2.5, True])
def test_a_limit_out_of_range_is_a_clear_value_error(store: Store, limit: object) -> None:
    with pytest.raises(ValueError, match="'limit' must be a whole number from 1 to 500"):
        queries.figure_page(store, FigureQuery(), limit=limit)  # type: ignore[arg-type]


def test_an_unknown_filter_value_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="'kind' must be one of"):
        FigureQuery(kind="deaths")
    with pytest.raises(ValueError, match="'review' must be one of"):
        FigureQuery(review="maybe")


def test_document_rows_are_paged_by_id_without_text(store: Store) -> None:
    documents = sorted(d.id for d in (FIRST.document, SECOND.document, DENIAL_DOC))
    first = paging.document_rows(store, limit=2)
    rest = paging.document_rows(store, after=first[-1].id, limit=2)
    assert [d.id for d in first + rest] == documents
    assert first[0].title is not None and not hasattr(first[0], "text")


def test_newest_documents_come_first_in_pages_with_the_total(store: Store) -> None:
    every = [FIRST.document, SECOND.document, DENIAL_DOC]
    newest = sorted(every, key=lambda d: (d.published is not None, d.published or date.min, d.id), reverse=True)
    first, total = paging.newest_documents(store, limit=2)
    rest, again = paging.newest_documents(store, limit=2, offset=2)
    assert [d.id for d in first + rest] == [d.id for d in newest] and total == again == 3
    with pytest.raises(ValueError, match="offset"):
        paging.newest_documents(store, offset=-1)


def test_a_document_without_snapshots_has_no_sources(store: Store) -> None:
    assert paging.sources_of(store, FIRST.document.id) == []


# -- reviews ---------------------------------------------------------------------------------------------


def decide(store: Store, figure: Figure, at: datetime = AT, **kwargs: object) -> None:
    review.save(store, review.decide(figure, by="ana", at=at, **kwargs))  # type: ignore[arg-type]


def test_a_corrected_kind_moves_the_figure_to_its_new_kind(store: Store) -> None:
    injured = FIRST.figures[1]
    decide(store, injured, settings=[("kind", "killed")])
    killed = listed(store, FigureQuery(kind="killed"))
    assert ids(killed) == by_id([FIRST.figures[0], injured, FIRST.figures[2]])
    assert next(f for f, _ in killed if f.id == injured.id) == replace(injured, kind="killed", review="corrected")
    assert injured.id not in ids(listed(store, FigureQuery(kind="injured")))
    assert ids(listed(store, FigureQuery(review="corrected"))) == [injured.id]
    assert injured.id not in ids(listed(store, FigureQuery(review="unreviewed")))
    assert queries.figure(store, injured.id) == (replace(injured, kind="killed", review="corrected"), "asserted")


def test_a_rejected_figure_is_listed_marked_and_found_by_its_review(store: Store) -> None:
    rejected = FIRST.figures[2]
    decide(store, rejected, reject=True)
    decide(store, FIRST.figures[3], verify=True)
    everything = listed(store)
    assert ids(everything) == by_id(ALL)
    assert {f.id: f.review for f, _ in everything if f.review} == {
        rejected.id: "rejected",
        FIRST.figures[3].id: "verified",
    }
    assert ids(listed(store, FigureQuery(review="rejected"))) == [rejected.id]
    assert ids(listed(store, FigureQuery(review="reviewed"))) == by_id([rejected, FIRST.figures[3]])
    unreviewed = [f for f in ALL if f not in (rejected, FIRST.figures[3])]
    assert ids(listed(store, FigureQuery(review="unreviewed"))) == by_id(unreviewed)


def test_an_added_figure_is_listed_and_found(store: Store) -> None:
    document = SECOND.document
    start = document.text.index("Two were hurt")
    added, rows = review.added(
        document, start, start + 13, by="ana", settings=[("kind", "injured"), ("min", 2), ("max", 2)], at=AT
    )
    # the machine's figure of the same words is left as it is; the added one is a figure of its own
    review.save(store, rows)
    assert added.id in ids(listed(store))
    assert ids(listed(store, FigureQuery(review="added"))) == [added.id]
    # its as-of date is the report's, its claimant the outlet; it has no place until someone sets one
    assert added.id in ids(listed(store, FigureQuery(kind="injured", since=date(2022, 1, 5), claimant="Wire")))
    assert added.id not in ids(listed(store, FigureQuery(place="almaty")))
    found = queries.figure(store, added.id)
    assert found is not None and found[0].review == "added" and found[0].min == 2
    assert queries.figure(store, "fig-nothing") is None


def test_pages_walk_reviewed_and_machine_figures_together(store: Store) -> None:
    for n, figure in enumerate(ALL[::2]):
        decide(store, figure, at=AT + timedelta(minutes=n), verify=True)
    walked: list[str] = []
    after = None
    while True:
        page, after = queries.figure_page(store, FigureQuery(), after=after, limit=2)
        walked += ids(page)
        if after is None:
            break
    assert walked == by_id(ALL)


def test_a_correction_of_the_claimant_changes_whether_it_is_official(store: Store) -> None:
    decide(store, FIRST.figures[2], settings=[("claimant", "Interior Ministry")])
    assert FIRST.figures[2].id in ids(listed(store, FigureQuery(official=True)))
    assert FIRST.figures[2].id not in ids(listed(store, FigureQuery(official=False)))


# -- search ----------------------------------------------------------------------------------------------


def test_search_finds_documents_by_title_and_text(store: Store) -> None:
    hits = paging.search(store, "kharkiv")
    assert {h.document_id for h in hits} == {FIRST.document.id, DENIAL_DOC.id}
    [hit] = paging.search(store, "Almaty detained")
    assert (hit.document_id, hit.title, hit.outlet, hit.published) == (
        SECOND.document.id,
        "Protest in Almaty",
        "Wire",
        date(2022, 1, 5),
    )
    assert any(matched and text.lower() == "detained" for text, matched in hit.snippet.parts)
    assert "<" not in hit.snippet.text and "\x02" not in hit.snippet.text
    assert paging.search(store, "Almaty Kharkiv") == []
    assert paging.search(store, "nowhere") == []
    assert [h.document_id for h in paging.search(store, "kharkiv", limit=1, offset=1)] == [hits[1].document_id]


HOSTILE = ['"', '""', "AND OR", "*", "NEAR(", "kharkiv NEAR(", "title:x", "'; DROP TABLE documents; --", "(", "-"]


@pytest.mark.parametrize("q", [*HOSTILE, "", "  ", "_", "a\"b'c", "kharkiv*", "^kharkiv", "{title}: x"])
def test_no_search_is_a_syntax_error(store: Store, q: str) -> None:
    assert isinstance(paging.search(store, q), list)
    assert store.counts()["documents"] == 3


def test_search_follows_documents_added_replaced_and_deleted(db: str, store: Store) -> None:
    later = Document.from_text("Floods in Odesa displaced 300 families.", title="Floods", published=date(2022, 4, 1))
    store.add(Extraction(later))
    assert [h.document_id for h in paging.search(store, "odesa")] == [later.id]
    store.replace_records(Extraction(later))  # re-reading keeps the document and what search finds
    assert [h.document_id for h in paging.search(store, "odesa families")] == [later.id]
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE documents SET title = 'Storm' WHERE id = :id"), {"id": later.id})
    assert [h.document_id for h in paging.search(store, "storm")] == [later.id]
    assert paging.search(store, "floods odesa storm") != [] and paging.search(store, "floods displaced families odesa")
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM documents WHERE id = :id"), {"id": later.id})
    assert paging.search(store, "odesa") == []
    assert {h.document_id for h in paging.search(store, "kharkiv")} == {FIRST.document.id, DENIAL_DOC.id}


# -- migration ------------------------------------------------------------------------------------------


def test_a_store_from_before_0007_gets_indexes_and_search_and_keeps_its_data(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = [fn.__name__ for fn in MIGRATIONS].index("m0007_read_indexes_and_search")
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:before])
    Store.open(db).close()
    write_as_an_old_store(db, FIRST, SECOND)
    with Store.open(db) as old:
        decide(old, FIRST.figures[1], settings=[("kind", "killed")])
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    with Store.open(db) as store:
        assert "m0007_read_indexes_and_search" in [m.name for m in store.migrations()]
        assert [h.document_id for h in paging.search(store, "almaty")] == [SECOND.document.id]
        assert ids(listed(store, FigureQuery(kind="killed"))) == by_id(
            [FIRST.figures[0], FIRST.figures[1], FIRST.figures[2]]
        )
        store.add(DENIAL)
        assert {h.document_id for h in paging.search(store, "kharkiv")} == {FIRST.document.id, DENIAL_DOC.id}
        assert store.extraction(FIRST.document.id) == FIRST
