"""The Store: round trips, atomic adds, migrations and lookups, on SQLite and (when configured) PostgreSQL.

Set CRISISLEDGER_TEST_PG to a SQLAlchemy URL (postgresql+psycopg://postgres@127.0.0.1:5432/test) to run every
`store`/`db` test against PostgreSQL too (tests/conftest.py); each such test gets a schema of its own, dropped
afterwards. The tests of a SQLite path or URL that cannot be opened are SQLite's alone.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from old_store import engine_for, write_as_an_old_store
from sqlalchemy.engine import Connection

from crisisledger.errors import StoreError
from crisisledger.records import (
    FIGURE_KINDS,
    STANCES,
    STATUSES,
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
from crisisledger.store import MIGRATIONS, Snapshot, Store, migrations, paging, schema

# -- fixtures ------------------------------------------------------------------------------------------------


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with Store.open(db) as opened:
        yield opened


# -- records, built by hand ----------------------------------------------------------------------------------

REPORT = (
    "KHARKIV, March 3 (Reuters) - At least 12 people were killed and about 40 injured in shelling, "
    'the regional governor said. "We will rebuild," he said. The ministry denied the figure. '
    "Dozens are missing, according to rescuers."
)


def span(document: Document, words: str) -> Evidence:
    start = document.text.index(words)
    return Evidence.of(document, start, start + len(words))


def figure(document: Document, words: str, kind: str = "killed", **fields: object) -> Figure:
    evidence = span(document, words)
    defaults: dict[str, object] = {"min": None, "max": None}
    return Figure(
        id=record_id("fig", document.id, evidence.start, evidence.end),
        document_id=document.id,
        kind=kind,
        evidence=evidence,
        **{**defaults, **fields},  # type: ignore[arg-type]
    )


def statement(document: Document, words: str, **fields: object) -> Statement:
    evidence = span(document, words)
    return Statement(
        id=record_id("st", document.id, evidence.start, evidence.end),
        document_id=document.id,
        text=words,
        evidence=evidence,
        **fields,  # type: ignore[arg-type]
    )


def report(text: str = REPORT, **metadata: object) -> Extraction:
    """An extraction with figures (placed, partly placed, unplaced), status changes, statements, problems."""
    metadata = {
        "title": "Shelling in Kharkiv",
        "outlet": "Reuters",
        "published": date(2022, 3, 3),
        **metadata,
    }
    document = Document.from_text(text, url="https://example.org/a", source="a.txt", body_start=9, **metadata)
    killed = figure(
        document,
        "At least 12 people were killed",
        min=12,
        approximate=True,
        as_of=date(2022, 3, 3),
        place=Place("Kharkiv", "UA", 49.98081, 36.25272, 706483, "city"),
        claimant="the regional governor",
    )
    injured = figure(
        document,
        "about 40 injured",
        kind="injured",
        min=40,
        max=40,
        approximate=True,
        place=Place("Kharkiv Oblast"),
        claimant="the regional governor",
        population="civilians",
    )
    missing = figure(document, "Dozens are missing", kind="missing", vague=True, cited_source="rescuers")
    return Extraction(
        document=document,
        figures=(killed, injured, missing),
        status_changes=(
            StatusChange(killed.id, "denied", span(document, "The ministry denied the figure"), by="ministry"),
            StatusChange(missing.id, "disputed", span(document, "Dozens"), date=date(2022, 3, 4)),
        ),
        statements=(
            statement(document, "We will rebuild,", speaker="the regional governor", cue="said"),
            statement(document, "The ministry denied the figure", direct=False, stance="denies", cue="denied"),
        ),
        problems=("no date for 'Dozens are missing'", "ambiguous place: Kharkiv"),
    )


def with_actors_roles_events(extraction: Extraction) -> Extraction:
    """The same report with an actor, a role and an event, each of every shape the store keeps."""
    document = extraction.document
    governor = Actor(
        id=record_id("act", document.id, "Oleh Synehubov"),
        document_id=document.id,
        name="Oleh Synehubov",
        type="person",
        evidence=span(document, "the regional governor"),
        aliases=("the regional governor", "Synehubov"),
        country="UA",
    )
    role = Role(
        id=record_id("role", document.id, governor.name),
        document_id=document.id,
        actor_id=governor.id,
        actor=governor.name,
        evidence=span(document, "the regional governor said"),
        title="governor",
        organization="Kharkiv regional administration",
        change="appointed",
        reason="a reshuffle",
        previous_role="mayor",
        date=date(2022, 3, 1),
        announced_by="the president",
        replaces=("Someone Else",),
    )
    shelling = Event(
        id=record_id("ev", document.id, "shelling"),
        document_id=document.id,
        type="explosions_remote_violence",
        evidence=span(document, "At least 12 people were killed and about 40 injured in shelling"),
        subtype="shelling_artillery_missile_attack",
        date_start=date(2022, 3, 2),
        date_end=date(2022, 3, 3),
        place=Place("Kharkiv", "UA", 49.98081, 36.25272, 706483, "city"),
        actors=("Russia",),
        figure_ids=tuple(f.id for f in extraction.figures[:2]),
        modality="occurred",
        duration_days=2,
        details=(("weapon", "artillery"), ("target", "a market")),
    )
    unplaced = Event(
        id=record_id("ev", document.id, "speech"),
        document_id=document.id,
        type="speech",
        evidence=span(document, "We will rebuild"),
        modality="scheduled",
    )
    statements = (replace(extraction.statements[1], figure_id=extraction.figures[0].id, about="the governor"),)
    return replace(
        extraction,
        statements=(extraction.statements[0], *statements),
        actors=(governor,),
        roles=(role,),
        events=(shelling, unplaced),
    )


def test_actors_roles_events_survive_a_round_trip(store: Store) -> None:
    extraction = with_actors_roles_events(report())
    assert store.add(extraction) is True
    assert store.extraction(extraction.document.id) == extraction
    assert store.actors() == list(extraction.actors)
    assert store.roles(extraction.document.id) == list(extraction.roles)
    assert store.events() == list(extraction.events)
    assert store.counts()["events"] == 2


def with_places_and_times(extraction: Extraction) -> Extraction:
    """The same report with its place mentions (a city whose region is unknown, a region without coordinates)
    and time expressions (one valued, one the reader could not value)."""
    document = extraction.document
    kharkiv = Place("Kharkiv", "UA", 49.98081, 36.25272, 706483, "city")
    oblast = Place("Kharkiv Oblast", "UA", level="region")
    mentions = (
        PlaceMention(document.id, span(document, "KHARKIV"), kharkiv, None),
        PlaceMention(document.id, span(document, "regional"), oblast, "Kharkiv Oblast"),
    )
    times = (
        TimeExpression(document.id, span(document, "March 3"), "DATE", "2022-03-03"),
        TimeExpression(document.id, span(document, "Dozens"), "DURATION", None),
    )
    return replace(extraction, places=mentions, time_expressions=times)


def test_places_and_time_expressions_survive_a_round_trip(store: Store) -> None:
    extraction = with_places_and_times(with_actors_roles_events(report()))
    document_id = extraction.document.id
    assert store.add(extraction) is True

    assert store.extraction(document_id) == extraction
    assert store.places() == list(extraction.places)
    assert store.places(document_id) == list(extraction.places)
    assert store.places("nope") == []
    assert store.time_expressions(document_id) == list(extraction.time_expressions)
    assert store.places()[0].admin1 is None and store.places()[1].place.lat is None
    assert store.time_expressions()[1].value is None
    assert (store.counts()["places"], store.counts()["time_expressions"]) == (2, 2)


def test_places_and_time_expressions_come_back_by_document_then_span(store: Store) -> None:
    later = with_places_and_times(report(REPORT + " Later.", published=date(2022, 3, 10)))
    earlier = with_places_and_times(report())
    # Given out of text order, as an extractor might: reads sort them, `extraction()` keeps them as given.
    shuffled = replace(earlier, places=earlier.places[::-1], time_expressions=earlier.time_expressions[::-1])
    for extraction in (later, shuffled):
        assert store.add(extraction)

    assert store.places() == [*earlier.places, *later.places]
    assert store.time_expressions() == [*earlier.time_expressions, *later.time_expressions]
    assert store.extraction(earlier.document.id) == shuffled


@pytest.mark.parametrize(
    "change",
    [
        lambda e: replace(e, places=(replace(e.places[0], document_id="other"),)),
        lambda e: replace(e, time_expressions=(replace(e.time_expressions[0], document_id="other"),)),
    ],
)
def test_a_mention_of_another_document_stores_nothing(store: Store, change: Callable[[Extraction], Extraction]) -> None:
    with pytest.raises(StoreError, match="belongs to document other"):
        store.add(change(with_places_and_times(report())))
    assert set(store.counts().values()) == {0}


def test_a_store_from_before_places_gets_them_and_keeps_its_documents(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    version = SHIPPED.index("m0005_places_time_expressions")
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:version])
    Store.open(db).close()
    old = report()
    write_as_an_old_store(db, old)
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)

    new = with_places_and_times(report(REPORT + " Later."))
    with Store.open(db) as store:
        assert "m0005_places_time_expressions" in [m.name for m in store.migrations()]
        assert store.add(new) is True
        assert store.extraction(old.document.id) == old
        assert store.extraction(new.document.id) == new


# -- round trips ---------------------------------------------------------------------------------------------


def test_extraction_survives_a_round_trip(store: Store) -> None:
    extraction = report()
    document = extraction.document

    assert store.add(extraction) is True

    assert store.extraction(document.id) == extraction
    assert store.documents() == [document]
    assert store.document(document.id) == document
    assert store.has_document(document.id)
    assert store.figures() == list(extraction.figures)
    assert store.figures(document.id) == list(extraction.figures)
    assert [f.place for f in store.figures()] == [f.place for f in extraction.figures]
    assert store.figures()[2].place is None
    assert store.status_changes() == sorted(extraction.status_changes, key=lambda c: c.evidence.start)
    assert store.status_changes(figure_id=extraction.figures[0].id) == [extraction.status_changes[0]]
    assert store.status_changes(document_id=document.id, figure_id="nope") == []
    assert store.statements(document.id) == list(extraction.statements)
    assert [(p.message, p.document_id, p.source) for p in store.problems()] == [
        (message, document.id, "a.txt") for message in extraction.problems
    ]
    assert store.counts() == {
        "documents": 1,
        "figures": 3,
        "status_changes": 2,
        "statements": 2,
        "problems": 2,
        "actors": 0,
        "roles": 0,
        "events": 0,
        "places": 0,
        "time_expressions": 0,
    }


def test_records_come_back_in_reading_order(store: Store) -> None:
    undated = report(REPORT + " Undated.", published=None)
    later = report(REPORT + " Later.", published=date(2022, 3, 10))
    earlier = report()
    # The extraction gives its figures out of text order; reads sort them, `extraction()` keeps them as given.
    shuffled = replace(earlier, figures=earlier.figures[::-1])
    for extraction in (undated, later, shuffled):
        assert store.add(extraction)

    assert store.documents() == [earlier.document, later.document, undated.document]
    assert store.figures() == [*earlier.figures, *later.figures, *undated.figures]
    assert store.extraction(earlier.document.id) == shuffled


def test_adding_a_stored_document_again_writes_nothing(store: Store) -> None:
    extraction = report()
    assert store.add(extraction) is True
    before = store.counts()

    assert store.add(replace(extraction, problems=("another problem",))) is False

    assert store.counts() == before
    assert store.extraction(extraction.document.id) == extraction


def _same_figure_twice(extraction: Extraction) -> Extraction:
    return replace(extraction, figures=(*extraction.figures, extraction.figures[1]))


def _same_statement_twice(extraction: Extraction) -> Extraction:
    return replace(extraction, statements=(*extraction.statements, extraction.statements[0]))


def _status_change_of_an_unknown_figure(extraction: Extraction) -> Extraction:
    change = replace(extraction.status_changes[0], figure_id="fig-unknown")
    return replace(extraction, status_changes=(*extraction.status_changes, change))


def _count_too_large_for_bigint(extraction: Extraction) -> Extraction:
    return replace(extraction, figures=(*extraction.figures, replace(extraction.figures[0], id="f", min=2**63)))


@pytest.mark.parametrize(
    "break_it",
    [
        _same_figure_twice,
        _same_statement_twice,
        _status_change_of_an_unknown_figure,  # also proves foreign keys are enforced on SQLite
        _count_too_large_for_bigint,
    ],
)
def test_a_failed_add_leaves_nothing_behind(store: Store, break_it: Callable[[Extraction], Extraction]) -> None:
    broken = break_it(report())

    with pytest.raises(StoreError, match="was not stored") as raised:
        store.add(broken)

    assert "\n" not in str(raised.value)
    assert not store.has_document(broken.document.id)
    assert set(store.counts().values()) == {0}
    # The store is still usable, and the same document can be stored once it is sound.
    assert store.add(report()) is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: replace(e, figures=(replace(e.figures[0], document_id="other"),)), "belongs to document"),
        (lambda e: replace(e, statements=(replace(e.statements[0], speaker="a\x00b"),)), "NUL character"),
        (lambda e: replace(e, problems=("lone \ud800 surrogate",)), "lone surrogate"),
    ],
)
def test_unstorable_records_are_refused_alike_on_every_database(
    store: Store, change: Callable[[Extraction], Extraction], message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        store.add(change(report()))
    assert set(store.counts().values()) == {0}


def test_problems_are_kept_with_or_without_a_document(store: Store) -> None:
    extraction = report()
    store.add(replace(extraction, problems=()))

    first = store.add_problem("feed.xml", "not a feed")
    second = store.add_problem("a.txt", "no date", document_id=extraction.document.id)

    assert store.problems() == [first, second]
    assert first.document_id is None and second.document_id == extraction.document.id
    assert first.created_at.tzinfo == UTC
    assert store.extraction(extraction.document.id).problems == ("no date",)
    with pytest.raises(StoreError, match="problem was not stored"):
        store.add_problem("b.txt", "about a document never stored", document_id="0000000000000000")


# -- lookups -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("abcd1234", "abcd1234"),  # a whole id
        ("abcd1", "abcd1234"),  # a unique prefix
        ("abc", None),  # too short to be a prefix, and no such id
        ("ab", "ab"),  # a whole id shorter than a prefix may be
        ("abcd9", None),
        ("ab%d", None),  # LIKE wildcards are taken literally
        ("abc_", None),
    ],
)
def test_a_document_is_found_by_its_id_or_a_unique_prefix(store: Store, asked: str, found: str | None) -> None:
    for id_ in ("abcd1234", "abcd2345", "ab"):
        store.add(Extraction(Document(id=id_, text=f"text of {id_}")))

    document = store.document(asked)

    assert (document.id if document else None) == found


def test_an_ambiguous_prefix_says_how_many_match(store: Store) -> None:
    for id_ in ("abcd1234", "abcd2345", "abcd3456"):
        store.add(Extraction(Document(id=id_, text=f"text of {id_}")))

    with pytest.raises(StoreError, match="3 documents match"):
        store.document("abcd")


def test_extraction_of_an_unknown_document_is_an_error(store: Store) -> None:
    with pytest.raises(StoreError, match="No document with id"):
        store.extraction("0000000000000000")


# -- migrations ----------------------------------------------------------------------------------------------


#: The number a migration added now would take.
NEXT = len(MIGRATIONS) + 1
SHIPPED = [fn.__name__ for fn in MIGRATIONS]


def _numbered(fn, what: str):
    fn.__name__ = f"m{NEXT:04d}_{what}"
    return fn


def _notes(conn: Connection) -> None:
    conn.execute(sa.text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))


def _broken(conn: Connection) -> None:
    conn.execute(sa.text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
    conn.execute(sa.text("INSERT INTO no_such_table VALUES (1)"))


m_next_notes = _numbered(_notes, "notes")
m_next_broken = _numbered(_broken, "broken")


def test_migrations_are_recorded_once_and_not_rerun(db: str) -> None:
    with Store.open(db) as store:
        first = store.migrations()
    with Store.open(db) as store:
        again = store.migrations()

    assert [(m.version, m.name) for m in first] == list(enumerate(SHIPPED, 1))
    assert SHIPPED[0] == "m0001_initial"
    assert again == first
    assert first[0].applied_at.tzinfo == UTC


def test_a_new_migration_runs_once_on_an_existing_store(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db) as store:
        store.add(report())
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, m_next_notes])

    with Store.open(db) as store:
        applied = store.migrations()
    with Store.open(db) as store:
        assert store.migrations() == applied
        assert store.counts()["figures"] == 3

    assert [m.name for m in applied] == [*SHIPPED, m_next_notes.__name__]


def test_a_failed_migration_is_rolled_back(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db).close()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, m_next_broken])

    with pytest.raises(StoreError, match=f"Migration {m_next_broken.__name__} failed .* rolled back"):
        Store.open(db)

    engine = engine_for(db)
    try:
        # The CREATE TABLE before the failure is undone too: DDL is transactional on both databases.
        assert "notes" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    with Store.open(db) as store:
        assert [m.version for m in store.migrations()] == list(range(1, NEXT))


def test_a_store_from_a_newer_crisisledger_is_refused(db: str) -> None:
    Store.open(db).close()
    engine = engine_for(db)
    with engine.begin() as conn:
        conn.execute(
            schema.schema_migrations.insert().values(version=99, name="m0099_future", applied_at=datetime.now(UTC))
        )
    engine.dispose()

    with pytest.raises(StoreError, match="schema version 99, newer than"):
        Store.open(db)


def test_the_version_rises_with_each_write_that_commits_and_only_then(store: Store) -> None:
    from crisisledger import review

    start = store.version()
    assert store.add(report()) and store.version() == start + 1
    assert not store.add(report()) and store.version() == start + 2  # nothing new, but a write committed
    store.documents(), store.figures(), store.counts()
    assert store.version() == start + 2  # reads leave it
    store.add_problem("x.txt", "unreadable")
    assert store.version() == start + 3
    figure = store.figures()[0]
    review.save(store, review.decide(figure, by="ana", verify=True))
    assert store.version() == start + 4
    broken = report(REPORT + " Updated.")
    bad = replace(broken, figures=(*broken.figures, broken.figures[0]))  # the same id twice: refused whole
    with pytest.raises(StoreError):
        store.add(bad)
    assert store.version() == start + 4


def test_schema_module_matches_what_the_migrations_built(db: str) -> None:
    Store.open(db).close()
    assert_built_as_declared(db)


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS)), ids=lambda v: SHIPPED[v - 1])
def test_a_store_of_every_earlier_version_is_migrated_and_keeps_its_records(
    db: str, monkeypatch: pytest.MonkeyPatch, version: int
) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:version])
    Store.open(db).close()
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    old = report()
    write_as_an_old_store(db, old)

    with Store.open(db) as store:
        assert [m.name for m in store.migrations()] == SHIPPED
        assert store.extraction(old.document.id) == old
        assert [h.document_id for h in paging.search(store, "kharkiv")] == [old.document.id]  # indexed as it came
        assert store.add(with_places_and_times(report(REPORT + " Later.")))
        store.add_snapshot(Snapshot("a.txt", "text", "new", datetime(2022, 3, 3, tzinfo=UTC)))
        before = store.version()
        assert store.add(with_actors_roles_events(report(REPORT + " Even later.")))
        assert store.version() == before + 1
    assert_built_as_declared(db)


def assert_built_as_declared(db: str) -> None:
    """The tables, columns, indexes and foreign keys of the store at `db` are those schema.py declares."""
    engine = engine_for(db)
    inspector = sa.inspect(engine)
    dialect = engine.dialect.name
    search_indexes = schema.SEARCH_INDEXES[dialect]
    try:
        # full-text search lives in objects a Table cannot describe (FTS5's tables); schema.py names them
        assert set(inspector.get_table_names()) == set(schema.metadata.tables) | set(schema.SEARCH_TABLES[dialect])
        for table in schema.metadata.tables.values():
            search_columns = schema.SEARCH_COLUMNS[dialect].get(table.name, ())
            built = {
                c["name"]: c["nullable"] for c in inspector.get_columns(table.name) if c["name"] not in search_columns
            }
            assert built == {c.name: c.nullable for c in table.columns}, table.name
            with warnings.catch_warnings():  # SQLite's reflection skips an index on an expression, and says so
                warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
                reflected = inspector.get_indexes(table.name)
            declared = {i.name: _index_columns([_column_name(c) for c in i.expressions]) for i in table.indexes}
            on_expressions = {name for name, columns in declared.items() if None in columns}
            indexes = {
                i["name"]: _index_columns(i["column_names"])
                for i in reflected
                if i["name"] not in search_indexes.get(table.name, ()) and i["name"] not in on_expressions
            }
            assert indexes == {k: v for k, v in declared.items() if k not in on_expressions}, table.name
            assert on_expressions <= _index_names(engine), table.name
            foreign = {
                (tuple(k["constrained_columns"]), k["referred_table"], k["options"].get("ondelete"))
                for k in inspector.get_foreign_keys(table.name)
            }
            expected = {((k.parent.name,), k.column.table.name, k.ondelete) for k in table.foreign_keys}
            assert foreign == expected, table.name
    finally:
        engine.dispose()


def _index_names(engine: sa.Engine) -> set[str]:
    """Every index's name, as the database lists them (expression indexes included)."""
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'index'"
        if engine.dialect.name == "sqlite"
        else "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    )
    with engine.connect() as conn:
        return set(conn.exec_driver_sql(query).scalars())


def _column_name(expression: object) -> str | None:
    return expression.name if isinstance(expression, sa.Column | sa.ColumnClause) else None


def _index_columns(names: list) -> tuple:
    """An index's columns as names; an expression (lower(place_name)) comes back from the database as None."""
    return tuple(name if isinstance(name, str) else None for name in names)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("add_units", "must look like 'm0001_what_it_does'"),
        (f"m{NEXT + 1:04d}_skips_one", f"must be numbered {NEXT:04d}"),
    ],
)
def test_a_migration_must_be_named_and_numbered(monkeypatch: pytest.MonkeyPatch, name: str, message: str) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", list(MIGRATIONS))

    def fn(conn: Connection) -> None:
        pass

    fn.__name__ = name
    with pytest.raises(ValueError, match=message):
        migrations.migration(fn)


# -- opening and closing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("{tmp}/no/such/folder/ledger.db", "the folder '.*folder' does not exist"),
        ("sqlite:///{tmp}/no/such/folder/ledger.db", "the folder '.*folder' does not exist"),
        ("{tmp}", "it is a folder"),
        ("mysql://user@host/db", "'mysql' is not supported"),
        ("sqlite+nosuchdriver:///x.db", "Cannot open the store"),
    ],
)
def test_a_store_that_cannot_be_opened_says_why_in_one_line(tmp_path: Path, where: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as raised:
        Store.open(where.format(tmp=tmp_path))
    assert "\n" not in str(raised.value)


def test_a_password_never_shows_in_messages() -> None:
    with pytest.raises(StoreError) as raised:
        Store.open("postgresql+psycopg://user:secret@127.0.0.1:1/nowhere")
    assert "secret" not in str(raised.value)
    assert "user:***@127.0.0.1:1" in str(raised.value)


def test_a_closed_store_refuses_to_be_used(db: str) -> None:
    with Store.open(db) as store:
        assert store.counts()["documents"] == 0
    store.close()  # closing twice is harmless

    with pytest.raises(StoreError, match="is closed"):
        store.counts()


def test_a_postgresql_url_without_a_driver_uses_psycopg(db: str) -> None:
    if not db.startswith("postgresql+psycopg://"):
        pytest.skip("a PostgreSQL URL is needed")
    with Store.open(db.replace("postgresql+psycopg://", "postgresql://", 1)) as store:
        assert store.counts()["documents"] == 0


# -- property: any figure survives a round trip --------------------------------------------------------------

texts = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20)
bigints = st.integers(-(2**63), 2**63 - 1)
places = st.builds(
    Place,
    name=texts,
    country_code=st.none() | texts,
    lat=st.none() | st.floats(allow_nan=False),
    lon=st.none() | st.floats(allow_nan=False),
    geonames_id=st.none() | bigints,
    level=st.none() | texts,
)


@st.composite
def figures(draw: st.DrawFn) -> Figure:
    """A figure of document "?"; the test gives it a real document and id."""
    start, end = sorted(draw(st.lists(st.integers(0, 2**31 - 1), min_size=2, max_size=2)))
    return Figure(
        id="?",
        document_id="?",
        kind=draw(st.sampled_from(FIGURE_KINDS) | texts),
        min=draw(st.none() | bigints),
        max=draw(st.none() | bigints),
        evidence=Evidence("?", start, end, draw(texts)),
        approximate=draw(st.booleans()),
        vague=draw(st.booleans()),
        as_of=draw(st.none() | st.dates()),
        place=draw(st.none() | places),
        claimant=draw(st.none() | texts),
        cited_source=draw(st.none() | texts),
        status=draw(st.sampled_from(STATUSES)),
        population=draw(st.none() | texts),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=st.lists(figures(), max_size=4), text=texts, stance=st.sampled_from(STANCES))
def test_any_figure_survives_a_round_trip(store: Store, drawn: list[Figure], text: str, stance: str) -> None:
    document = Document(id=uuid.uuid4().hex[:16], text=text)
    placed = tuple(
        replace(
            f,
            id=f"fig-{document.id}-{i}",
            document_id=document.id,
            evidence=replace(f.evidence, document_id=document.id),
        )
        for i, f in enumerate(drawn)
    )
    said = Statement(f"st-{document.id}", document.id, text, Evidence(document.id, 0, len(text), text), stance=stance)
    extraction = Extraction(document, figures=placed, statements=(said,))

    assert store.add(extraction)

    assert store.extraction(document.id) == extraction
    assert store.figures(document.id) == sorted(placed, key=lambda f: f.evidence.start)
