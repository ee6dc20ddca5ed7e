"""The tables of the store as they stand after the newest migration: the shape every query is written against.

This module describes the schema; it never creates it. Tables are created and changed only by the numbered
migrations in `migrations.py`, so a store written by an older crisisledger is brought up to date step by step.
When a migration changes a table, change its `Table` here too; `tests/test_store.py` compares the two.

One schema serves SQLite and PostgreSQL, so only portable types are used: TEXT, INTEGER/BIGINT, DOUBLE,
BOOLEAN, DATE and a timestamp kept in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

metadata = sa.MetaData()


class bytewise(sa.sql.expression.ColumnElement[str]):  # noqa: N801 - used like a SQL function
    """A text column compared character by character (by code point), as SQLite and Python compare strings.

    An ORDER BY a text column follows the database's collation: SQLite's is binary, but a PostgreSQL database
    created in a natural-language locale (en_US.UTF-8, the default on many systems) sorts "alpha" before
    "Zeta" and skips punctuation, so the same store would list its sources in another order on each. Sorting
    by `bytewise(column)` gives one order on both; PostgreSQL says COLLATE "C", SQLite needs nothing.
    """

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]
    type = sa.Text()

    def __init__(self, column: sa.ColumnElement[str]) -> None:
        self.column = column


@compiles(bytewise)
def _bytewise(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(bytewise, "postgresql")
def _bytewise_on_postgresql(element: bytewise, compiler: SQLCompiler, **kw: Any) -> str:
    return f'{compiler.process(element.column, **kw)} COLLATE "C"'


#: An autoincrementing key: BIGINT on PostgreSQL, INTEGER on SQLite (only INTEGER PRIMARY KEY is the rowid).
AutoId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class UtcDateTime(sa.TypeDecorator[datetime]):
    """A moment, written in UTC and read back as an aware `datetime` in UTC on both databases.

    SQLite has no time zones: it keeps the naive UTC time, and the zone is put back on reading.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"'value' must be an aware datetime (got {value!r} that has no time zone)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _evidence() -> list[sa.Column[Any]]:
    """The span of the document's text a record came from (its document is the row's `document_id`)."""
    return [
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_text", sa.Text, nullable=False),
    ]


def _place() -> list[sa.Column[Any]]:
    """A geocoded place; a record has a place exactly when place_name is not null."""
    return [
        sa.Column("place_name", sa.Text),
        sa.Column("place_country_code", sa.Text),
        sa.Column("place_lat", sa.Double),
        sa.Column("place_lon", sa.Double),
        sa.Column("place_geonames_id", sa.BigInteger),
        sa.Column("place_level", sa.Text),
    ]


def _document_fk(*, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(
        "document_id",
        sa.Text,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=nullable,
    )


schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", UtcDateTime, nullable=False),
)

documents = sa.Table(
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
    sa.Column("ingested_at", UtcDateTime, nullable=False),
    # The ISO 639-1 code of its language ("en", "ru"; migration 0009); written with every document.
    sa.Column("language", sa.Text),
    sa.Index("ix_documents_published", "published"),
    sa.Index("ix_documents_language_id", "language", "id"),
)

figures = sa.Table(
    "figures",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _document_fk(),
    # The figure's place in its Extraction, so a document's records read back in the order they were given.
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("min", sa.BigInteger),
    sa.Column("max", sa.BigInteger),
    sa.Column("approximate", sa.Boolean, nullable=False),
    sa.Column("vague", sa.Boolean, nullable=False),
    sa.Column("as_of", sa.Date),
    *_place(),
    sa.Column("claimant", sa.Text),
    sa.Column("cited_source", sa.Text),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("population", sa.Text),
    *_evidence(),
    sa.Column("part_of", sa.Text),
    sa.Index("ix_figures_document_id", "document_id"),
    # One per filter of crisisledger.store.paging, ending with the id so a page is one index range (0007).
    sa.Index("ix_figures_kind_id", "kind", "id"),
    sa.Index("ix_figures_claimant_id", "claimant", "id"),
    # lower(place_name) on SQLite; lower(place_name COLLATE "C") on PostgreSQL, so both fold A-Z only.
    sa.Index("ix_figures_place_id", sa.func.lower(sa.column("place_name")), "id"),
    sa.Index("ix_figures_country_id", "place_country_code", "id"),
    sa.Index("ix_figures_status_id", "status", "id"),
    sa.Index("ix_figures_as_of", "as_of"),
)

status_changes = sa.Table(
    "status_changes",
    metadata,
    sa.Column("id", AutoId, primary_key=True, autoincrement=True),
    # The figure may belong to an earlier document: a later report can deny what an earlier one claimed.
    sa.Column("figure_id", sa.Text, sa.ForeignKey("figures.id", ondelete="CASCADE"), nullable=False),
    _document_fk(),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("date", sa.Date),
    # "by" is a reserved word in SQL.
    sa.Column("by_actor", sa.Text),
    *_evidence(),
    sa.Index("ix_status_changes_figure_id", "figure_id"),
    sa.Index("ix_status_changes_document_id", "document_id"),
    # the figures some report changed to a status, for the status filter of crisisledger.store.paging (0007)
    sa.Index("ix_status_changes_status_figure", "status", "figure_id"),
)

statements = sa.Table(
    "statements",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _document_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("speaker", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("direct", sa.Boolean, nullable=False),
    sa.Column("stance", sa.Text, nullable=False),
    sa.Column("cue", sa.Text),
    *_evidence(),
    sa.Column("figure_id", sa.Text),
    sa.Column("about", sa.Text),
    sa.Index("ix_statements_document_id", "document_id"),
)

problems = sa.Table(
    "problems",
    metadata,
    sa.Column("id", AutoId, primary_key=True, autoincrement=True),
    # Null when the problem stopped a source from becoming a document at all.
    _document_fk(nullable=True),
    sa.Column("source", sa.Text),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index("ix_problems_document_id", "document_id"),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _document_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("aliases", sa.Text, nullable=False),  # a JSON list
    sa.Column("country", sa.Text),
    *_evidence(),
    sa.Index("ix_actors_document_id", "document_id"),
    sa.Index("ix_actors_name", "name"),
)

roles = sa.Table(
    "roles",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _document_fk(),
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
    *_evidence(),
    sa.Index("ix_roles_document_id", "document_id"),
    sa.Index("ix_roles_actor", "actor"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    _document_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("subtype", sa.Text),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    *_place(),
    sa.Column("actors", sa.Text, nullable=False),  # a JSON list
    sa.Column("figure_ids", sa.Text, nullable=False),  # a JSON list
    sa.Column("modality", sa.Text, nullable=False),
    sa.Column("duration_days", sa.Integer),
    sa.Column("details", sa.Text, nullable=False),  # a JSON list of [key, value] pairs
    *_evidence(),
    sa.Index("ix_events_document_id", "document_id"),
    sa.Index("ix_events_type", "type"),
)

# Place mentions and time expressions have no id of their own: a row is named by its document and its
# position in the extraction.
places = sa.Table(
    "places",
    metadata,
    _document_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    # The place_* columns of `_place()`, but a mention always has its place: the name is never null.
    sa.Column("place_name", sa.Text, nullable=False),
    sa.Column("place_country_code", sa.Text),
    sa.Column("place_lat", sa.Double),
    sa.Column("place_lon", sa.Double),
    sa.Column("place_geonames_id", sa.BigInteger),
    sa.Column("place_level", sa.Text),
    sa.Column("admin1", sa.Text),
    *_evidence(),
    sa.PrimaryKeyConstraint("document_id", "position"),
)

time_expressions = sa.Table(
    "time_expressions",
    metadata,
    _document_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("value", sa.Text),
    *_evidence(),
    sa.PrimaryKeyConstraint("document_id", "position"),
)

snapshots = sa.Table(
    "snapshots",
    metadata,
    sa.Column("id", AutoId, primary_key=True, autoincrement=True),
    # What was read: a URL as given, an absolute file path, "telegram:<channel>/<message id>", a feed's entry.
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),  # html, feed, telegram, text, urls, message, entry
    # What the store made of it: new, unchanged, edited, removed, restored.
    sa.Column("change", sa.Text, nullable=False),
    sa.Column("seen_at", UtcDateTime, nullable=False),
    sa.Column("content_hash", sa.Text),  # SHA-256 of the bytes (or of a message's or entry's text)
    # The version's document; for a removal, the notice crisisledger wrote. Kept when a document goes.
    sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="SET NULL")),
    sa.Column("http_status", sa.Integer),
    sa.Column("exported_at", UtcDateTime),  # a Telegram export's date
    sa.Column("posted_at", UtcDateTime),  # a message's own date, to tell whether a later export covers it
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("via", sa.Text),  # the feed or export a message or entry was read from
    sa.Index("ix_snapshots_source", "source"),
    sa.Index("ix_snapshots_document_id", "document_id"),
    sa.Index("ix_snapshots_via", "via"),
)

# Full-text search (migration 0007) is made of objects a `Table` cannot describe, so they are listed here by
# name, per database. SQLite: the FTS5 table documents_fts over documents' title and text (external content:
# it indexes the documents table's own rows by rowid, and holds no copy of the text), the shadow tables FTS5
# keeps its index in, and three triggers that keep it in step with every insert, delete and update of a
# document. PostgreSQL: a stored generated column of documents, search_vector (`migrations.SEARCH_VECTOR_SQL`:
# the words are parsed once, when a document is written, not again for every search that ranks it), and a GIN
# index over it.
SEARCH_TABLES: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "documents_fts",
        "documents_fts_config",
        "documents_fts_data",
        "documents_fts_docsize",
        "documents_fts_idx",
    ),
    "postgresql": (),
}
SEARCH_TRIGGERS: dict[str, tuple[str, ...]] = {
    "sqlite": ("documents_fts_insert", "documents_fts_delete", "documents_fts_update"),
    "postgresql": (),
}
SEARCH_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "sqlite": {},
    "postgresql": {"documents": ("search_vector",)},
}
SEARCH_INDEXES: dict[str, dict[str, tuple[str, ...]]] = {
    "sqlite": {},
    "postgresql": {"documents": ("ix_documents_search",)},
}

#: The tables that hold records, in the order they are written (parents first).
# What people decided about figures (crisisledger.review). Not a record of any extraction: re-reading a report
# replaces its records but keeps its reviews, which attach to figures by the words they came from.
reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("figure_id", sa.Text, nullable=False),
    sa.Column("document_id", sa.Text, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("action", sa.Text, nullable=False),  # verify, reject, correct, add
    sa.Column("field", sa.Text),
    sa.Column("old", sa.Text),  # JSON of the value before the review
    sa.Column("new", sa.Text),  # JSON of the value after it
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("at", UtcDateTime(), nullable=False),
    sa.Column("note", sa.Text),
    # the span of the figure's words in its document, which a re-extracted figure is matched by
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
    # the order of the fields a review changed in one go
    sa.Column("position", sa.Integer, nullable=False),
    sa.Index("ix_reviews_figure", "figure_id"),
    sa.Index("ix_reviews_document", "document_id"),
)

# How many write transactions the store has seen: one row, its version raised by every write
# (migrations.transaction). Readers that keep what they computed (the web app's reconciliations, the figures
# people reviewed) compare it, one primary-key read, to know whether the store changed since.
store_state = sa.Table(
    "store_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("version", sa.BigInteger, nullable=False),
)

RECORD_TABLES = (
    documents,
    figures,
    status_changes,
    statements,
    problems,
    actors,
    roles,
    events,
    places,
    time_expressions,
)
