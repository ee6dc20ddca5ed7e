"""Numbered migrations: named functions, each run in its own transaction and recorded in `schema_migrations`.

To change the schema, add a function at the end of this module and change `schema.py` to match::

    @migration
    def m0002_figures_unit(conn: Connection) -> None:
        conn.execute(sa.text("ALTER TABLE figures ADD COLUMN unit TEXT"))

The number in the name is the version; it must follow the last one. A migration receives a connection inside
its own transaction, on SQLite or PostgreSQL, and must work on both. It describes the tables as they were at
its time, never through `schema.py`, which always shows the newest shape. Nothing is ever run twice: a store
opened again applies only the migrations it has not recorded.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..errors import StoreError
from ..language import detect
from ..language.detect import SAMPLE
from .schema import schema_migrations, store_state

Migration = Callable[[Connection], None]

#: Every migration, in order; `@migration` appends to it.
MIGRATIONS: list[Migration] = []

#: The words of a document PostgreSQL searches: its title and text, split by the 'simple' configuration (no
#: stemming, no stop words). Migration 0007 indexes exactly this expression; queries must repeat it verbatim.
# PostgreSQL's text parser takes anything between < and > for a markup tag and leaves it out; a report's words
# are words wherever they stand (a quoted "<script>" too), as SQLite's FTS5 indexes them, so < and > are spaces.
SEARCH_VECTOR_SQL = "to_tsvector('simple', translate(coalesce(title, '') || ' ' || text, '<>', '  '))"

_NAME = re.compile(r"m(\d{4})_\w+")

#: Taken (PostgreSQL advisory lock) while migrating, so two processes opening a new store do not race.
_PG_LOCK_KEY = 0x63726C6D  # "crlm"


@dataclass(frozen=True)
class AppliedMigration:
    """A row of `schema_migrations`: a migration that has run on this store."""

    version: int
    name: str
    applied_at: datetime


def version_of(fn: Migration) -> int:
    """The version of a migration, from its name: `m0003_add_units` is version 3."""
    match = _NAME.fullmatch(getattr(fn, "__name__", ""))
    if match is None:
        raise ValueError(
            f"A migration's name must look like 'm0001_what_it_does' (got {getattr(fn, '__name__', fn)!r})"
        )
    return int(match.group(1))


def migration(fn: Migration) -> Migration:
    """Register `fn` as the next migration; its number must follow the last one registered."""
    expected = len(MIGRATIONS) + 1
    if version_of(fn) != expected:
        raise ValueError(f"Migration {fn.__name__!r} must be numbered {expected:04d}, the next free version")
    MIGRATIONS.append(fn)
    return fn


@migration
def m0001_initial(conn: Connection) -> None:
    """Documents and the records read from them: figures, status changes, statements; and problems."""
    metadata = sa.MetaData()

    def evidence() -> list[sa.Column[object]]:
        return [
            sa.Column("evidence_start", sa.Integer, nullable=False),
            sa.Column("evidence_end", sa.Integer, nullable=False),
            sa.Column("evidence_text", sa.Text, nullable=False),
        ]

    def document_fk(nullable: bool = False) -> sa.Column[object]:
        return sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=nullable)

    auto_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    sa.Table(
        "documents",
        metadata,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("body_start", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_documents_published", "published"),
    )
    sa.Table(
        "figures",
        metadata,
        sa.Column("id", sa.Text, primary_key=True),
        document_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("min", sa.BigInteger),
        sa.Column("max", sa.BigInteger),
        sa.Column("approximate", sa.Boolean, nullable=False),
        sa.Column("vague", sa.Boolean, nullable=False),
        sa.Column("as_of", sa.Date),
        sa.Column("place_name", sa.Text),
        sa.Column("place_country_code", sa.Text),
        sa.Column("place_lat", sa.Double),
        sa.Column("place_lon", sa.Double),
        sa.Column("place_geonames_id", sa.BigInteger),
        sa.Column("place_level", sa.Text),
        sa.Column("claimant", sa.Text),
        sa.Column("cited_source", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("population", sa.Text),
        *evidence(),
        sa.Index("ix_figures_document_id", "document_id"),
        sa.Index("ix_figures_kind", "kind"),
    )
    sa.Table(
        "status_changes",
        metadata,
        sa.Column("id", auto_id, primary_key=True, autoincrement=True),
        sa.Column("figure_id", sa.Text, sa.ForeignKey("figures.id", ondelete="CASCADE"), nullable=False),
        document_fk(),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("by_actor", sa.Text),
        *evidence(),
        sa.Index("ix_status_changes_figure_id", "figure_id"),
        sa.Index("ix_status_changes_document_id", "document_id"),
    )
    sa.Table(
        "statements",
        metadata,
        sa.Column("id", sa.Text, primary_key=True),
        document_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("direct", sa.Boolean, nullable=False),
        sa.Column("stance", sa.Text, nullable=False),
        sa.Column("cue", sa.Text),
        *evidence(),
        sa.Index("ix_statements_document_id", "document_id"),
    )
    sa.Table(
        "problems",
        metadata,
        sa.Column("id", auto_id, primary_key=True, autoincrement=True),
        document_fk(nullable=True),
        sa.Column("source", sa.Text),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Index("ix_problems_document_id", "document_id"),
    )
    metadata.create_all(conn)


@migration
def m0002_actors_roles_events(conn: Connection) -> None:
    """Actors, their roles and role changes, and events; what a statement is about."""
    metadata = sa.MetaData()
    sa.Table("documents", metadata, sa.Column("id", sa.Text, primary_key=True))

    def evidence() -> list[sa.Column[object]]:
        return [
            sa.Column("evidence_start", sa.Integer, nullable=False),
            sa.Column("evidence_end", sa.Integer, nullable=False),
            sa.Column("evidence_text", sa.Text, nullable=False),
        ]

    def document_fk() -> sa.Column[object]:
        return sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)

    sa.Table(
        "actors",
        metadata,
        sa.Column("id", sa.Text, primary_key=True),
        document_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("aliases", sa.Text, nullable=False),  # a JSON list
        sa.Column("country", sa.Text),
        *evidence(),
        sa.Index("ix_actors_document_id", "document_id"),
        sa.Index("ix_actors_name", "name"),
    )
    sa.Table(
        "roles",
        metadata,
        sa.Column("id", sa.Text, primary_key=True),
        document_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("actor_id", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("organization", sa.Text),
        sa.Column("change", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("previous_role", sa.Text),
        sa.Column("date", sa.Date),
        sa.Column("announced_by", sa.Text),
        sa.Column("replaces", sa.Text, nullable=False),  # a JSON list
        *evidence(),
        sa.Index("ix_roles_document_id", "document_id"),
    )
    sa.Table(
        "events",
        metadata,
        sa.Column("id", sa.Text, primary_key=True),
        document_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("subtype", sa.Text),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("place_name", sa.Text),
        sa.Column("place_country_code", sa.Text),
        sa.Column("place_lat", sa.Double),
        sa.Column("place_lon", sa.Double),
        sa.Column("place_geonames_id", sa.BigInteger),
        sa.Column("place_level", sa.Text),
        sa.Column("actors", sa.Text, nullable=False),  # a JSON list
        sa.Column("figure_ids", sa.Text, nullable=False),  # a JSON list
        sa.Column("modality", sa.Text, nullable=False),
        sa.Column("duration_days", sa.Integer),
        sa.Column("details", sa.Text, nullable=False),  # a JSON list of [key, value] pairs
        *evidence(),
        sa.Index("ix_events_document_id", "document_id"),
        sa.Index("ix_events_type", "type"),
    )
    metadata.create_all(conn, tables=[metadata.tables[name] for name in ("actors", "roles", "events")])
    conn.execute(sa.text("ALTER TABLE statements ADD COLUMN figure_id TEXT"))
    conn.execute(sa.text("ALTER TABLE statements ADD COLUMN about TEXT"))


@migration
def m0003_figure_parts(conn: Connection) -> None:
    """A figure can be a part of another of its report ("including 19 police officers")."""
    conn.execute(sa.text("ALTER TABLE figures ADD COLUMN part_of TEXT"))


@migration
def m0004_snapshots(conn: Connection) -> None:
    """Snapshots: every fetch or import of a source (a page, a feed, an export, a message), never overwritten."""
    metadata = sa.MetaData()
    sa.Table("documents", metadata, sa.Column("id", sa.Text, primary_key=True))
    auto_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    sa.Table(
        "snapshots",
        metadata,
        sa.Column("id", auto_id, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("change", sa.Text, nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.Text),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("http_status", sa.Integer),
        sa.Column("exported_at", sa.DateTime(timezone=True)),
        sa.Column("posted_at", sa.DateTime(timezone=True)),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("via", sa.Text),
        sa.Index("ix_snapshots_source", "source"),
        sa.Index("ix_snapshots_document_id", "document_id"),
        sa.Index("ix_snapshots_via", "via"),
    )
    metadata.create_all(conn, tables=[metadata.tables["snapshots"]])


@migration
def m0005_places_time_expressions(conn: Connection) -> None:
    """Every place a report names and every time expression it writes, not only those a figure uses."""
    metadata = sa.MetaData()
    sa.Table("documents", metadata, sa.Column("id", sa.Text, primary_key=True))

    def evidence() -> list[sa.Column[object]]:
        return [
            sa.Column("evidence_start", sa.Integer, nullable=False),
            sa.Column("evidence_end", sa.Integer, nullable=False),
            sa.Column("evidence_text", sa.Text, nullable=False),
        ]

    def document_fk() -> sa.Column[object]:
        return sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)

    sa.Table(
        "places",
        metadata,
        document_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("place_name", sa.Text, nullable=False),
        sa.Column("place_country_code", sa.Text),
        sa.Column("place_lat", sa.Double),
        sa.Column("place_lon", sa.Double),
        sa.Column("place_geonames_id", sa.BigInteger),
        sa.Column("place_level", sa.Text),
        sa.Column("admin1", sa.Text),
        *evidence(),
        sa.PrimaryKeyConstraint("document_id", "position"),
    )
    sa.Table(
        "time_expressions",
        metadata,
        document_fk(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("value", sa.Text),
        *evidence(),
        sa.PrimaryKeyConstraint("document_id", "position"),
    )
    metadata.create_all(conn, tables=[metadata.tables[name] for name in ("places", "time_expressions")])


@migration
def m0006_reviews(conn: Connection) -> None:
    """What people decided about figures: verified, rejected, corrected field by field, or added. A review
    is kept apart from the machine's records, so re-reading a report never loses it."""
    metadata = sa.MetaData()
    sa.Table("documents", metadata, sa.Column("id", sa.Text, primary_key=True))
    sa.Table(
        "reviews",
        metadata,
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("figure_id", sa.Text, nullable=False),
        sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("field", sa.Text),
        sa.Column("old", sa.Text),
        sa.Column("new", sa.Text),
        sa.Column("by", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Index("ix_reviews_figure", "figure_id"),
        sa.Index("ix_reviews_document", "document_id"),
    )
    metadata.create_all(conn, tables=[metadata.tables["reviews"]])


@migration
def m0007_read_indexes_and_search(conn: Connection) -> None:
    """Indexes for filtered, keyset-paged reads of figures (crisisledger.store.paging), and full-text search
    over documents' titles and texts.

    Each figure filter gets an index that leads with the filtered value and ends with the figure's id, so
    one page (`WHERE kind = ? AND id > ? ORDER BY id LIMIT ?`) is one index range, never a sort of every
    match. The place name is indexed folded to lower case the way both databases fold it alike: A-Z only
    (SQLite's own lower(); PostgreSQL's lower() under the "C" collation, whatever the database's locale).

    Search: on SQLite an FTS5 table over documents (external content: the text is not stored twice), kept
    in step by triggers on every insert, delete and update of a document, and filled here from the
    documents already stored. On PostgreSQL a stored generated column of the same words (`SEARCH_VECTOR_SQL`),
    parsed once when a document is written, and a GIN index over it: ranking the matches of a word most reports
    hold reads the stored words instead of parsing every text again (about 1.6 s -> 45 ms at 100,000 reports).
    """
    postgres = conn.dialect.name == "postgresql"
    conn.execute(sa.text("DROP INDEX ix_figures_kind"))  # ix_figures_kind_id below serves every use of it
    place = 'lower(place_name COLLATE "C")' if postgres else "lower(place_name)"
    for name, table, columns in (
        ("ix_figures_kind_id", "figures", "kind, id"),
        ("ix_figures_claimant_id", "figures", "claimant, id"),
        ("ix_figures_place_id", "figures", f"{place}, id"),
        ("ix_figures_country_id", "figures", "place_country_code, id"),
        ("ix_figures_status_id", "figures", "status, id"),
        ("ix_figures_as_of", "figures", "as_of"),
        ("ix_status_changes_status_figure", "status_changes", "status, figure_id"),
        ("ix_roles_actor", "roles", "actor"),
    ):
        conn.execute(sa.text(f"CREATE INDEX {name} ON {table} ({columns})"))
    if postgres:
        generated = f"tsvector GENERATED ALWAYS AS ({SEARCH_VECTOR_SQL}) STORED"
        conn.execute(sa.text(f"ALTER TABLE documents ADD COLUMN search_vector {generated}"))
        conn.execute(sa.text("CREATE INDEX ix_documents_search ON documents USING gin (search_vector)"))
        return
    conn.execute(
        sa.text(
            "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', "
            "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
        )
    )
    # An external-content FTS5 table is told what a row held before it changes ('delete' with the old
    # values), so the triggers hand it old.title and old.text, exactly as they were indexed.
    conn.execute(
        sa.text(
            "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        )
    )
    conn.execute(
        sa.text(
            "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts (documents_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); END"
        )
    )
    conn.execute(
        sa.text(
            "CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN "
            "INSERT INTO documents_fts (documents_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); "
            "INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        )
    )
    conn.execute(sa.text("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')"))


@migration
def m0008_store_version(conn: Connection) -> None:
    """A version the store raises with every write transaction, so that a reader can tell cheaply whether
    anything changed since it last looked (`Store.version`)."""
    metadata = sa.MetaData()
    table = sa.Table(
        "store_state",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    metadata.create_all(conn, tables=[table])
    conn.execute(table.insert().values(id=1, version=0))


#: How many stored documents migration 0009 reads at a time: a batch of their openings is all it holds.
LANGUAGE_BATCH = 500


@migration
def m0009_document_language(conn: Connection) -> None:
    """The language each document is written in (`language`, an ISO 639-1 code): the documents already stored
    get theirs from their texts (`crisisledger.language.detect`), read and written a batch at a time in id
    order, so a store of any size is migrated in bounded memory; then an index lists one language's documents
    by id.

    On SQLite the trigger that keeps search in step with an updated document now fires only when its title or
    its text changes: giving every document its language must not index every text again.
    """
    conn.execute(sa.text("ALTER TABLE documents ADD COLUMN language TEXT"))
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("DROP TRIGGER documents_fts_update"))
        conn.execute(
            sa.text(
                "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
                "INSERT INTO documents_fts (documents_fts, rowid, title, text) "
                "VALUES ('delete', old.rowid, old.title, old.text); "
                "INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
            )
        )
    table = sa.table("documents", sa.column("id", sa.Text), sa.column("text", sa.Text), sa.column("language"))
    # detect() judges a text by its first SAMPLE characters only, so only those are read
    opening = sa.func.substr(table.c.text, 1, SAMPLE).label("opening")
    update = table.update().where(table.c.id == sa.bindparam("key")).values(language=sa.bindparam("code"))
    after: str | None = None
    while True:
        query = sa.select(table.c.id, opening).order_by(table.c.id).limit(LANGUAGE_BATCH)
        if after is not None:
            query = query.where(table.c.id > after)
        batch = conn.execute(query).all()
        if not batch:
            break
        conn.execute(update, [{"key": row.id, "code": detect(row.opening)} for row in batch])
        after = batch[-1].id
    # made after the documents got their languages, so the index is built once, not row by row
    conn.execute(sa.text("CREATE INDEX ix_documents_language_id ON documents (language, id)"))


# New migrations go above this line, numbered after the last one.


#: The engines of stores migrated as far as the store's version (only a test runs an older list of migrations).
_VERSIONED: weakref.WeakSet[Engine] = weakref.WeakSet()


@contextmanager
def transaction(engine: Engine, *, lock: bool = False, touch: bool = True) -> Iterator[Connection]:
    """A write transaction: BEGIN IMMEDIATE on SQLite; with `lock`, also the migration lock on PostgreSQL.

    Unless `touch` is False (the migrations, which run before the version exists), the store's version is
    raised in the same transaction when the body ends without an error: it changes exactly when a write
    commits. On PostgreSQL concurrent writers queue on that one row for the rest of their (short) transaction.
    """
    with engine.connect() as conn:
        conn.execution_options(crisisledger_begin="IMMEDIATE")
        with conn.begin():
            if lock and conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
            yield conn
            if touch and engine in _VERSIONED:
                raised = store_state.c.version + 1
                conn.execute(store_state.update().where(store_state.c.id == 1).values(version=raised))


def applied(conn: Connection) -> list[AppliedMigration]:
    """The migrations recorded in this store, oldest first."""
    rows = conn.execute(sa.select(schema_migrations).order_by(schema_migrations.c.version))
    return [AppliedMigration(row.version, row.name, row.applied_at) for row in rows]


def pending(engine: Engine, where: str) -> list[str]:
    """The names of the migrations this store has not recorded (every one for an empty database), found
    without writing anything; an engine with none pending is marked migrated (see `transaction`).

    `where` names the store in error messages.
    """
    with engine.connect() as conn, conn.begin():
        has_table = sa.inspect(conn).has_table(schema_migrations.name)
        done = {m.version for m in applied(conn)} if has_table else set()
    _refuse_newer(done, where)
    names = [fn.__name__ for fn in MIGRATIONS if version_of(fn) not in done]
    if not names and m0008_store_version in MIGRATIONS:
        _VERSIONED.add(engine)
    return names


def check_writable(engine: Engine) -> None:
    """Raise the database's own error when this store cannot be written: a read-only file or folder, a
    read-only database or user. The probe writes nothing (an UPDATE that matches no row, rolled back), yet
    SQLite and PostgreSQL both refuse it where a real write would be refused."""
    with engine.connect() as conn:
        conn.execution_options(crisisledger_begin="IMMEDIATE")
        with conn.begin() as probe:
            conn.execute(schema_migrations.update().where(schema_migrations.c.version < 0).values(name="probe"))
            probe.rollback()


def migrate(engine: Engine, where: str) -> list[str]:
    """Run the migrations this store has not recorded, each in its own transaction; return their names.

    `where` names the store in error messages.
    """
    with transaction(engine, lock=True, touch=False) as conn:
        schema_migrations.create(conn, checkfirst=True)
        done = {m.version for m in applied(conn)}
    _refuse_newer(done, where)
    ran = []
    for fn in MIGRATIONS:
        version = version_of(fn)
        if version in done:
            continue
        try:
            with transaction(engine, lock=True, touch=False) as conn:
                # Another process may have migrated while we waited for the lock.
                if conn.scalar(sa.select(sa.func.count()).where(schema_migrations.c.version == version)):
                    continue
                fn(conn)
                conn.execute(
                    schema_migrations.insert().values(version=version, name=fn.__name__, applied_at=datetime.now(UTC))
                )
        except sa.exc.SQLAlchemyError as error:
            raise StoreError(
                f"Migration {fn.__name__} failed on the store at {where}, and was rolled back: {first_line(error)}"
            ) from error
        ran.append(fn.__name__)
    # a store migrated as far as m0008 keeps a version that every write raises (`transaction`)
    if m0008_store_version in MIGRATIONS:
        _VERSIONED.add(engine)
    return ran


def _refuse_newer(done: set[int], where: str) -> None:
    newest = len(MIGRATIONS)
    if done and max(done) > newest:
        raise StoreError(
            f"The store at {where} has schema version {max(done)}, newer than this crisisledger knows "
            f"({newest}); upgrade crisisledger to use it."
        )


def first_line(error: BaseException) -> str:
    """The database's own words for what went wrong, on one line, without SQLAlchemy's statement dump."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
