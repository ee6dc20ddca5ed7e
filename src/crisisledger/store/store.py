"""The Store: the one place crisisledger keeps state, on SQLite (a file) or PostgreSQL (a URL).

Every write goes through `Store.add`, `Store.add_problem` or `Store.add_snapshot`, each one transaction.
Reads rebuild the frozen records of `records.py` exactly as they were written, so
`store.extraction(id) == extraction`.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar, cast
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, Row
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from ..errors import StoreError
from ..language import detect
from ..records import (
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
)
from . import migrations
from .migrations import AppliedMigration, first_line, transaction
from .schema import (
    RECORD_TABLES,
    actors,
    bytewise,
    documents,
    events,
    figures,
    places,
    problems,
    roles,
    statements,
    status_changes,
    store_state,
    time_expressions,
)
from .schema import snapshots as snapshot_table

#: The shortest id prefix `Store.document` looks up; shorter strings must be a whole id.
MIN_PREFIX = 4

#: Documents in reading order: by publication date (undated last), then id.
_DOCUMENT_ORDER = (documents.c.published.asc().nulls_last(), documents.c.id)

#: Rows fetched at a time by the streaming reads (`Store.each_*`): a server-side cursor on PostgreSQL, so
#: neither the client nor the driver ever holds a whole table.
_STREAM_ROWS = 1000
#: Ids looked up in one query by `Store.figures_with_ids` (below any database's limit on bound parameters).
_IDS_AT_ONCE = 500


@dataclass(frozen=True)
class Problem:
    """A problem met while reading a source; stored and shown, never silently dropped."""

    id: int
    message: str
    created_at: datetime  # in UTC
    source: str | None = None  # the path or address being read
    document_id: str | None = None  # None when the source never became a document


@dataclass(frozen=True)
class Snapshot:
    """One fetch or import of one source: when it was seen, what it held, and what changed since the last one.

    `change` is "new" (first seen), "unchanged" (same content, or HTTP 304), "edited" (a new version),
    "removed" (gone: HTTP 404/410, or missing from a later export that covers it) or "restored" (back after
    a removal). `document_id` is the version's document; for a removal, the notice crisisledger wrote.
    """

    source: str
    kind: str
    change: str
    seen_at: datetime  # in UTC
    content_hash: str | None = None
    document_id: str | None = None
    http_status: int | None = None
    exported_at: datetime | None = None
    posted_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    via: str | None = None
    id: int = 0  # given by the store


#: What `Snapshot.change` can be.
CHANGES = ("new", "unchanged", "edited", "removed", "restored")

T = TypeVar("T")


class Store:
    """A ledger database. Open one with `Store.open(db)`; close it, or use it in a `with` block."""

    def __init__(self, engine: Engine, where: str) -> None:
        self._live_engine: Engine | None = engine
        #: The store's location, safe to print: a path or a URL with any password hidden.
        self.where = where
        self._kept: dict[Hashable, tuple[int, Any]] = {}
        self._kept_lock = threading.Lock()
        #: The connection of this thread's `reading()` block, which every read in the block goes through.
        self._pinned = threading.local()

    # -- opening and closing ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, db: str, *, read_only: bool = False) -> Store:
        """Open the store at `db`: for writing (the default), or with `read_only` for commands that read.

        `db` is a path to a SQLite file (its folder must exist) or a SQLAlchemy URL: `sqlite:///ledger.db`,
        `postgresql+psycopg://user@host/dbname` (`postgresql://` means the same). A PostgreSQL server gets
        `CONNECT_TIMEOUT` seconds to answer, unless the URL sets `connect_timeout` itself.

        For writing, pending migrations run and the store is checked to be writable: a read-only file, folder
        or database is one StoreError now, not a failure at the first write after every source was read.
        `read_only` writes nothing: migrations run only when some are pending (and then need write access, or
        a StoreError says so); a SQLite store in a folder that cannot be written is read as it is on disk.
        """
        url, where = _url_of(db)
        if read_only:
            url = _read_only_sqlite(url)
        try:
            engine = sa.create_engine(url)
        except ImportError as error:
            raise StoreError(
                f"Cannot open the store at {where}: its database driver is not installed ({error}); "
                "for PostgreSQL, install crisisledger[postgres]."
            ) from error
        except (ArgumentError, NoSuchModuleError) as error:
            raise StoreError(f"Cannot open the store at {where}: {first_line(error)}") from error
        if url.get_backend_name() == "sqlite":
            _configure_sqlite(engine)
        try:
            _prepare(engine, where, read_only=read_only)
        except StoreError:
            engine.dispose()
            raise
        except SQLAlchemyError as error:
            engine.dispose()
            raise StoreError(_cannot_open(url, where, error)) from error
        return cls(engine, where)

    def close(self) -> None:
        """Close every connection; the store cannot be used afterwards. Closing twice is harmless."""
        if self._live_engine is not None:
            self._live_engine.dispose()
            self._live_engine = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.where}{' (closed)' if self._live_engine is None else ''}>"

    @property
    def _engine(self) -> Engine:
        if self._live_engine is None:
            raise StoreError(f"The store at {self.where} is closed; open it again with Store.open().")
        return self._live_engine

    @property
    def engine(self) -> Engine:
        """The live engine, for the modules that keep a table of their own here (crisisledger.review)."""
        return self._engine

    # -- writing ---------------------------------------------------------------------------------------------

    def add(self, extraction: Extraction, *, snapshots: Sequence[Snapshot] = ()) -> bool:
        """Store a document and all its records in one transaction; False if the document was already stored.

        `snapshots` (the sightings the document comes with) are written in the same transaction, also when
        the document was already stored. Either everything is written or nothing is: any failure rolls the
        whole document back and raises StoreError.
        """
        document = extraction.document
        rows = _rows_of(extraction)
        snapshot_rows = [_snapshot_row(snapshot) for snapshot in snapshots]
        for row in snapshot_rows:
            _refuse_unstorable_text(f"Document {document.id} was not stored: a snapshot", row)
        try:
            with transaction(self._engine) as conn:
                # Inserting first (not looking first) takes the write lock at once and settles a race
                # between two writers of the same document: the second one inserts nothing.
                insert = _insert_unless_present(conn, documents)
                inserted = conn.execute(insert.values(rows["documents"][0]).returning(documents.c.id)).first()
                if inserted is not None:
                    for table in RECORD_TABLES[1:]:
                        if rows[table.name]:
                            conn.execute(table.insert(), rows[table.name])
                if snapshot_rows:
                    conn.execute(snapshot_table.insert(), snapshot_rows)
                if inserted is None:
                    return False
        except (SQLAlchemyError, OverflowError) as error:
            raise StoreError(
                f"Document {document.id} was not stored (nothing of it was written): {first_line(error)}"
            ) from error
        return True

    def replace_records(self, extraction: Extraction) -> None:
        """Put a fresh reading of a stored document in place of its old records, in one transaction: the
        document, its snapshots and its reviews stay; every record read from it is replaced (reanalyse)."""
        document = extraction.document
        rows = _rows_of(extraction)
        try:
            with transaction(self._engine) as conn:
                stored = conn.execute(sa.select(documents.c.id).where(documents.c.id == document.id)).first()
                if stored is None:
                    raise StoreError(f"Document {document.id} is not in the store; ingest it first.")
                # the problems met reading a source (an encoding, a failed fetch) are the source's: they stay
                tables = [t for t in RECORD_TABLES[1:] if t is not problems]
                for table in reversed(tables):
                    conn.execute(table.delete().where(table.c.document_id == document.id))
                for table in tables:
                    if rows[table.name]:
                        conn.execute(table.insert(), rows[table.name])
        except (SQLAlchemyError, OverflowError) as error:
            raise StoreError(
                f"Document {document.id} was not read again (its old records are kept): {first_line(error)}"
            ) from error

    def add_problem(self, source: str | None, message: str, document_id: str | None = None) -> Problem:
        """Record a problem met with a source (and its document, when it became one)."""
        problem = Problem(id=0, message=message, source=source, document_id=document_id, created_at=_now())
        row = {
            "source": source,
            "message": message,
            "document_id": document_id,
            "created_at": problem.created_at,
        }
        _refuse_unstorable_text("The problem was not stored: it", row)
        try:
            with transaction(self._engine) as conn:
                id_ = conn.execute(problems.insert().values(row).returning(problems.c.id)).scalar_one()
        except SQLAlchemyError as error:
            raise StoreError(f"The problem was not stored: {first_line(error)}") from error
        return replace(problem, id=id_)

    def add_snapshot(self, snapshot: Snapshot) -> Snapshot:
        """Record one sighting of a source (with no document of its own to store), in one transaction."""
        row = _snapshot_row(snapshot)
        _refuse_unstorable_text("The snapshot was not stored: it", row)
        try:
            with transaction(self._engine) as conn:
                id_ = conn.execute(snapshot_table.insert().values(row).returning(snapshot_table.c.id)).scalar_one()
        except SQLAlchemyError as error:
            raise StoreError(f"The snapshot of {snapshot.source} was not stored: {first_line(error)}") from error
        return replace(snapshot, id=id_)

    # -- reading ---------------------------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One snapshot for every read inside the block: they all see the store as it was when the block's
        first read ran, whatever is written meanwhile (one read transaction: REPEATABLE READ on PostgreSQL,
        one transaction in WAL mode on SQLite). A reader that reads in parts (`export`) gets parts that
        agree. Blocks nest (the outermost one's snapshot holds); each thread has its own."""
        if getattr(self._pinned, "conn", None) is not None:
            yield
            return
        with self._connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with conn.begin():
                self._pinned.conn = conn
                try:
                    yield
                finally:
                    self._pinned.conn = None

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A connection for reading (the `reading()` block's, inside one); the database's errors come out as
        StoreError. For the modules that keep a table of their own here (crisisledger.review)."""
        with self._connect() as conn:
            yield conn

    def snapshots(self, source: str | None = None, *, via: str | None = None) -> list[Snapshot]:
        """Every snapshot (of one source, and/or read through one feed or export), oldest first."""
        query = sa.select(snapshot_table).order_by(snapshot_table.c.id)
        if source is not None:
            query = query.where(snapshot_table.c.source == source)
        if via is not None:
            query = query.where(snapshot_table.c.via == via)
        return [_snapshot(row) for row in self._rows(query)]

    def latest_snapshot(self, source: str) -> Snapshot | None:
        """The last snapshot of a source, or None if it was never read."""
        query = (
            sa.select(snapshot_table)
            .where(snapshot_table.c.source == source)
            .order_by(snapshot_table.c.id.desc())
            .limit(1)
        )
        rows = self._rows(query)
        return _snapshot(rows[0]) if rows else None

    def latest_snapshots(self, prefix: str | None = None) -> list[Snapshot]:
        """The last snapshot of every source (whose key starts with `prefix`), by source."""
        last = sa.select(sa.func.max(snapshot_table.c.id)).group_by(snapshot_table.c.source)
        if prefix is not None:
            last = last.where(snapshot_table.c.source.startswith(prefix, autoescape=True))
        query = (
            sa.select(snapshot_table)
            .where(snapshot_table.c.id.in_(last.scalar_subquery()))
            .order_by(bytewise(snapshot_table.c.source))
        )
        return [_snapshot(row) for row in self._rows(query)]

    def sources(self, prefix: str | None = None) -> list[str]:
        """Every source ever read (whose key starts with `prefix`), sorted."""
        source = snapshot_table.c.source
        # GROUP BY, not DISTINCT: PostgreSQL refuses DISTINCT with an ORDER BY on another expression
        query = sa.select(source).group_by(source).order_by(bytewise(source))
        if prefix is not None:
            query = query.where(snapshot_table.c.source.startswith(prefix, autoescape=True))
        with self._connect() as conn:
            return list(conn.scalars(query))

    def has_document(self, document_id: str) -> bool:
        """Whether a document with exactly this id is stored."""
        query = sa.select(sa.func.count()).select_from(documents).where(documents.c.id == document_id)
        return bool(self._scalar(query))

    def documents(self, *, text: bool = True) -> list[Document]:
        """Every document, by publication date (undated last), then id. With `text=False` each document's
        text is left empty (""): what a reader needs that shows where a claim was reported, not its words,
        without reading every report's text."""
        return list(self.each_document(text=text))

    def each_document(self, *, text: bool = True) -> Iterator[Document]:
        """`documents()` read as they are used, a few rows at a time."""
        columns = documents.c if text else [c for c in documents.c if c.name != "text"]
        query = sa.select(*columns).order_by(*_DOCUMENT_ORDER)
        shared = _Shared()
        return (_document(row, text, shared) for row in self._stream(query))

    def document(self, id_or_prefix: str) -> Document | None:
        """The document with this id, or with an id starting with it (at least 4 characters); None if none.

        Raises StoreError when a prefix matches more than one document.
        """
        with self._connect() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == id_or_prefix)).first()
            if row is not None or len(id_or_prefix) < MIN_PREFIX:
                return None if row is None else _document(row)
            starts = documents.c.id.startswith(id_or_prefix, autoescape=True)
            found = conn.execute(sa.select(documents).where(starts).limit(2)).all()
            if len(found) > 1:
                count = conn.scalar(sa.select(sa.func.count()).select_from(documents).where(starts))
                raise StoreError(
                    f"The id prefix {id_or_prefix!r} is ambiguous: {count} documents match; "
                    "give more characters of the id."
                )
        return _document(found[0]) if found else None

    def figures(self, document_id: str | None = None) -> list[Figure]:
        """Every figure (or one document's), by document in reading order, then position in the text."""
        return list(self.each_figure(document_id))

    def each_figure(self, document_id: str | None = None) -> Iterator[Figure]:
        """`figures()` read as they are used, a few rows at a time."""
        query = (
            sa.select(figures)
            .join_from(figures, documents)
            .order_by(*_DOCUMENT_ORDER, figures.c.evidence_start, figures.c.position)
        )
        if document_id is not None:
            query = query.where(figures.c.document_id == document_id)
        shared = _Shared()
        return (_figure(row, shared) for row in self._stream(query))

    def documents_with_ids(self, ids: Iterable[str]) -> list[Document]:
        """The documents with these ids, texts and all, in the order of `ids` (an id not stored is left out),
        read a few hundred at a time: incidents read the reports whose words they compare a batch at a time
        (`reconcile.incidents`), not every report's text at once."""
        wanted = list(dict.fromkeys(ids))
        shared = _Shared()
        found: dict[str, Document] = {}
        for first in range(0, len(wanted), _IDS_AT_ONCE):
            query = sa.select(documents).where(documents.c.id.in_(wanted[first : first + _IDS_AT_ONCE]))
            found.update((row.id, _document(row, True, shared)) for row in self._rows(query))
        return [found[i] for i in wanted if i in found]

    def figures_with_ids(self, ids: Iterable[str]) -> list[Figure]:
        """The stored figures with these ids (any order; an id not stored is left out), read a few hundred
        ids at a time: reconciliation that streams reads one ledger line's figures back by id
        (`reconcile.streamed`)."""
        wanted = list(dict.fromkeys(ids))
        shared = _Shared()
        found: list[Figure] = []
        for first in range(0, len(wanted), _IDS_AT_ONCE):
            query = sa.select(figures).where(figures.c.id.in_(wanted[first : first + _IDS_AT_ONCE]))
            found.extend(_figure(row, shared) for row in self._rows(query))
        return found

    def status_changes(self, figure_id: str | None = None, document_id: str | None = None) -> list[StatusChange]:
        """Every status change (of one figure, and/or reported by one document), in reading order."""
        return list(self.each_status_change(figure_id, document_id))

    def each_status_change(
        self, figure_id: str | None = None, document_id: str | None = None
    ) -> Iterator[StatusChange]:
        """`status_changes()` read as they are used, a few rows at a time."""
        query = (
            sa.select(status_changes)
            .join_from(status_changes, documents)
            .order_by(*_DOCUMENT_ORDER, status_changes.c.evidence_start, status_changes.c.id)
        )
        if figure_id is not None:
            query = query.where(status_changes.c.figure_id == figure_id)
        if document_id is not None:
            query = query.where(status_changes.c.document_id == document_id)
        shared = _Shared()
        return (_status_change(row, shared) for row in self._stream(query))

    def statements(self, document_id: str | None = None) -> list[Statement]:
        """Every statement (or one document's), in reading order."""
        return list(self.each_statement(document_id))

    def each_statement(self, document_id: str | None = None) -> Iterator[Statement]:
        """`statements()` read as they are used, a few rows at a time."""
        query = (
            sa.select(statements)
            .join_from(statements, documents)
            .order_by(*_DOCUMENT_ORDER, statements.c.evidence_start, statements.c.position)
        )
        if document_id is not None:
            query = query.where(statements.c.document_id == document_id)
        return (_statement(row) for row in self._stream(query))

    def actors(self, document_id: str | None = None) -> list[Actor]:
        """Every actor (or one document's), in reading order."""
        return list(self.each_actor(document_id))

    def each_actor(self, document_id: str | None = None) -> Iterator[Actor]:
        """`actors()` read as they are used, a few rows at a time."""
        shared = _Shared()
        return (_actor(row, shared) for row in self._records(actors, document_id))

    def people(self) -> list[tuple[str, str]]:
        """(document id, name) of every actor that is a person, in reading order: what the ledger needs of the
        actors (a surname read as the person named in full), without reading whole actors."""
        query = (
            sa.select(actors.c.document_id, actors.c.name)
            .join_from(actors, documents)
            .where(actors.c.type == "person")
            .order_by(*_DOCUMENT_ORDER, actors.c.evidence_start, actors.c.position)
        )
        shared = _Shared()
        return [(shared(row.document_id), shared(row.name)) for row in self._stream(query)]

    def roles(self, document_id: str | None = None) -> list[Role]:
        """Every role (or one document's), in reading order."""
        return list(self.each_role(document_id))

    def each_role(self, document_id: str | None = None) -> Iterator[Role]:
        """`roles()` read as they are used, a few rows at a time."""
        shared = _Shared()
        return (_role(row, shared) for row in self._records(roles, document_id))

    def events(self, document_id: str | None = None) -> list[Event]:
        """Every event (or one document's), in reading order."""
        return list(self.each_event(document_id))

    def each_event(self, document_id: str | None = None) -> Iterator[Event]:
        """`events()` read as they are used, a few rows at a time."""
        shared = _Shared()
        return (_event(row, shared) for row in self._records(events, document_id))

    def places(self, document_id: str | None = None) -> list[PlaceMention]:
        """Every place mention (or one document's), in reading order."""
        return list(self.each_place(document_id))

    def each_place(self, document_id: str | None = None) -> Iterator[PlaceMention]:
        """`places()` read as they are used, a few rows at a time."""
        return (_place_mention(row) for row in self._records(places, document_id))

    def time_expressions(self, document_id: str | None = None) -> list[TimeExpression]:
        """Every time expression (or one document's), in reading order."""
        return list(self.each_time_expression(document_id))

    def each_time_expression(self, document_id: str | None = None) -> Iterator[TimeExpression]:
        """`time_expressions()` read as they are used, a few rows at a time."""
        return (_time_expression(row) for row in self._records(time_expressions, document_id))

    def _records(self, table: sa.Table, document_id: str | None) -> Iterator[Row[Any]]:
        query = (
            sa.select(table)
            .join_from(table, documents)
            .order_by(*_DOCUMENT_ORDER, table.c.evidence_start, table.c.position)
        )
        if document_id is not None:
            query = query.where(table.c.document_id == document_id)
        return self._stream(query)

    def problems(self) -> list[Problem]:
        """Every problem, oldest first."""
        return [_problem(row) for row in self._rows(sa.select(problems).order_by(problems.c.id))]

    def extraction(self, document_id: str) -> Extraction:
        """The document with this id and everything read from it, in the order `add` was given them."""
        with self._connect() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == document_id)).first()
            if row is None:
                raise StoreError(f"No document with id {document_id!r} in the store at {self.where}.")

            def of(table: sa.Table, order: sa.Column[Any]) -> list[Row[Any]]:
                query = sa.select(table).where(table.c.document_id == document_id).order_by(order)
                return list(conn.execute(query))

            return Extraction(
                document=_document(row),
                figures=tuple(_figure(r) for r in of(figures, figures.c.position)),
                status_changes=tuple(_status_change(r) for r in of(status_changes, status_changes.c.id)),
                statements=tuple(_statement(r) for r in of(statements, statements.c.position)),
                problems=tuple(r.message for r in of(problems, problems.c.id)),
                actors=tuple(_actor(r) for r in of(actors, actors.c.position)),
                roles=tuple(_role(r) for r in of(roles, roles.c.position)),
                events=tuple(_event(r) for r in of(events, events.c.position)),
                places=tuple(_place_mention(r) for r in of(places, places.c.position)),
                time_expressions=tuple(_time_expression(r) for r in of(time_expressions, time_expressions.c.position)),
            )

    def version(self) -> int:
        """A number the store raises with every write that commits (a document, a re-reading, a snapshot, a
        problem, a review): equal versions mean nothing changed in between."""
        return int(self._scalar(sa.select(store_state.c.version).where(store_state.c.id == 1)) or 0)

    def kept(self, key: Hashable, compute: Callable[[], T]) -> T:
        """What `compute()` gives, computed once per version of the store: readers keep here what they read
        from all of it (every status now, the reviewed figures) and get it again until a write commits.
        Answers of older versions are dropped when a newer one is kept."""
        version = self.version()
        with self._kept_lock:
            found = self._kept.get(key)
        if found is not None and found[0] == version:
            return cast(T, found[1])
        value = compute()
        with self._kept_lock:
            self._kept = {k: v for k, v in self._kept.items() if v[0] == version}
            self._kept[key] = (version, value)
        return value

    def counts(self) -> dict[str, int]:
        """How many rows each table holds."""
        with self._connect() as conn:
            return {
                table.name: conn.scalar(sa.select(sa.func.count()).select_from(table)) or 0 for table in RECORD_TABLES
            }

    def migrations(self) -> list[AppliedMigration]:
        """The migrations this store has run, oldest first."""
        with self._connect() as conn:
            return migrations.applied(conn)

    # -- plumbing --------------------------------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection for reading (the `reading()` block's, inside one); the database's errors come out as
        StoreError."""
        pinned: Connection | None = getattr(self._pinned, "conn", None)
        engine = self._engine
        try:
            if pinned is not None:
                yield pinned
                return
            with engine.connect() as conn:
                yield conn
        except SQLAlchemyError as error:
            raise StoreError(f"Cannot read the store at {self.where}: {first_line(error)}") from error

    def _stream(self, query: sa.Select[Any]) -> Iterator[Row[Any]]:
        """The rows of `query`, fetched a few at a time as they are used (a server-side cursor on PostgreSQL);
        outside a `reading()` block the connection is held until the last row is read."""
        with self._connect() as conn:
            for rows in conn.execute(query.execution_options(yield_per=_STREAM_ROWS)).partitions():
                yield from rows  # a partition at a time: a row at a time costs a fetch call per row

    def _rows(self, query: sa.Select[Any]) -> list[Row[Any]]:
        with self._connect() as conn:
            return list(conn.execute(query))

    def _scalar(self, query: sa.Select[Any]) -> Any:
        with self._connect() as conn:
            return conn.scalar(query)


# -- opening -------------------------------------------------------------------------------------------------

#: Seconds a PostgreSQL server has to accept a connection and answer its start (libpq's `connect_timeout`;
#: a server that accepts and never answers would otherwise hold every command forever).
CONNECT_TIMEOUT = 10
#: libpq's TCP keepalives: a server that vanishes mid-query (a dropped network, a host gone) is noticed after
#: about a minute of silence instead of the system's default two hours. A URL that sets any of them keeps its own.
_KEEPALIVES = {"keepalives": "1", "keepalives_idle": "30", "keepalives_interval": "10", "keepalives_count": "3"}


def _prepare(engine: Engine, where: str, *, read_only: bool) -> None:
    """Migrate the store as far as this crisisledger knows, and (for writing) check that it can be written."""
    if not read_only:
        migrations.migrate(engine, where)
        try:
            migrations.check_writable(engine)
        except SQLAlchemyError as error:
            raise StoreError(_cannot_write(engine.url, where, error)) from error
        return
    needed = migrations.pending(engine, where)
    if not needed:
        return
    try:
        migrations.migrate(engine, where)
    except (StoreError, SQLAlchemyError) as error:
        cause = error.__cause__ if isinstance(error, StoreError) and error.__cause__ is not None else error
        raise StoreError(
            f"The store at {where} needs {len(needed)} migration(s) before this crisisledger can read it, and"
            f" migrating it failed ({first_line(cause)}); open it once where it can be written (any"
            " `crisisledger ingest`), or read it with the crisisledger that wrote it."
        ) from error


def _cannot_open(url: URL, where: str, error: SQLAlchemyError) -> str:
    """Why a store could not be opened, in one line, with what to do about it."""
    reason = first_line(error)
    if url.get_backend_name() == "postgresql" and "timeout expired" in reason.lower():  # libpq's and psycopg's words
        waited = url.query.get("connect_timeout", CONNECT_TIMEOUT)
        return (
            f"Cannot open the store at {where}: the server did not answer within {waited} s ({reason}); check that"
            " it is up and reachable, or wait longer with ?connect_timeout=SECONDS in the URL."
        )
    squashed = reason.replace(" ", "").lower()
    if _sqlite_path(url) is not None and ("readonly" in squashed or "unabletoopen" in squashed):
        return _cannot_write(url, where, error)
    return f"Cannot open the store at {where}: {reason}"


def _cannot_write(url: URL, where: str, error: SQLAlchemyError) -> str:
    """Why a store opened for writing cannot be written, in one line, said before any source is read."""
    path = _sqlite_path(url)
    if path is None:
        advice = "check that the database and its user may write (not a read-only replica or role)"
    else:
        advice = (
            f"SQLite writes the file and, for its journal, its folder {str(path.parent)!r}: check their permissions"
        )
    return f"The store at {where} cannot be written ({first_line(error)}); {advice}, or name another store with --db."


def _sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite store named by a path (not in memory, not a file: URI), else None."""
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _read_only_sqlite(url: URL) -> URL:
    """For reading: a SQLite store in a folder this process cannot write, opened immutable and read-only.

    In WAL mode even a reader needs the -shm file beside the store, which cannot be created in such a folder,
    so a normal open fails. Immutable mode reads the file as it is, without locks: right for a store on
    read-only media or shared read-only, wrong only while someone who can write the folder writes the store
    (a read could then see a write half done). A store with a -wal file beside it is opened normally: the -wal
    may hold committed writes, and SQLite reads it when its -shm is there too.
    """
    path = _sqlite_path(url)
    if path is None or not path.is_file() or os.access(path.parent, os.W_OK):
        return url
    if Path(f"{path}-wal").exists():
        return url
    # SQLAlchemy hands the query's other keys to SQLite as the URI's own (mode, immutable)
    return URL.create(
        "sqlite",
        database=f"file:{quote(str(path.resolve()))}",
        query={"uri": "true", "mode": "ro", "immutable": "1"},
    )


def _url_of(db: str) -> tuple[URL, str]:
    """The SQLAlchemy URL for `db` (a path or a URL), and how to name it in messages."""
    if "://" not in db:
        url = URL.create("sqlite", database=db)
    else:
        try:
            url = sa.make_url(db)
        except ArgumentError:
            raise StoreError(
                f"Cannot open the store at {db!r}: it is neither a path nor a SQLAlchemy URL "
                "(sqlite:///ledger.db, postgresql+psycopg://user@host/dbname)."
            ) from None
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver crisisledger ships with
    where = db if url.password is None else url.render_as_string(hide_password=True)
    backend = url.get_backend_name()
    if backend == "postgresql":
        given = set(url.query)
        defaults = {"connect_timeout": str(CONNECT_TIMEOUT)} | ({} if given & set(_KEEPALIVES) else _KEEPALIVES)
        url = url.update_query_dict({key: value for key, value in defaults.items() if key not in given})
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(
            f"Cannot open the store at {where}: {backend!r} is not supported; use a SQLite path or URL, "
            "or a postgresql+psycopg:// URL."
        )
    database = url.database or ""
    if backend == "sqlite" and database not in ("", ":memory:") and not database.startswith("file:"):
        path = Path(database).expanduser()
        if path.is_dir():
            raise StoreError(f"Cannot open the store at {where}: it is a folder; give a file name inside it.")
        if not path.parent.is_dir():
            raise StoreError(
                f"Cannot open the store at {where}: the folder {str(path.parent)!r} does not exist; "
                "create it first or choose another path."
            )
    return url, where


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL journal, and SQLAlchemy (not the sqlite3 module) emitting BEGIN.

    Left to itself, sqlite3 begins a transaction only before INSERT/UPDATE/DELETE, so a migration's
    CREATE TABLE would commit on its own; emitting BEGIN ourselves makes DDL transactional too.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers ask for IMMEDIATE: the write lock is taken at BEGIN, where the busy timeout can wait for it.
        mode = conn.get_execution_options().get("crisisledger_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())


# -- records to rows -----------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _insert_unless_present(conn: Connection, table: sa.Table) -> Any:
    """INSERT ... ON CONFLICT (id) DO NOTHING, in the dialect's own words (both spell it the same way)."""
    # The dialect's module is imported here, once a connection has chosen it: a SQLite store never imports
    # the PostgreSQL dialect (a tenth of SQLAlchemy's import), nor the reverse.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing(index_elements=[table.c.id])
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing(index_elements=[table.c.id])


def _snapshot_row(snapshot: Snapshot) -> dict[str, Any]:
    if snapshot.change not in CHANGES:
        raise StoreError(f"'change' must be one of {', '.join(CHANGES)} (got {snapshot.change!r})")
    return {
        "source": snapshot.source,
        "kind": snapshot.kind,
        "change": snapshot.change,
        "seen_at": snapshot.seen_at,
        "content_hash": snapshot.content_hash,
        "document_id": snapshot.document_id,
        "http_status": snapshot.http_status,
        "exported_at": snapshot.exported_at,
        "posted_at": snapshot.posted_at,
        "etag": snapshot.etag,
        "last_modified": snapshot.last_modified,
        "via": snapshot.via,
    }


def _evidence_row(evidence: Evidence) -> dict[str, Any]:
    return {"evidence_start": evidence.start, "evidence_end": evidence.end, "evidence_text": evidence.text}


def _place_row(place: Place | None) -> dict[str, Any]:
    return {
        "place_name": place.name if place else None,
        "place_country_code": place.country_code if place else None,
        "place_lat": place.lat if place else None,
        "place_lon": place.lon if place else None,
        "place_geonames_id": place.geonames_id if place else None,
        "place_level": place.level if place else None,
    }


def _rows_of(extraction: Extraction) -> dict[str, list[dict[str, Any]]]:
    """The rows to write for an extraction, per table; refuses records that name another document."""
    document = extraction.document
    now = _now()

    def owned(what: str, *document_ids: str) -> None:
        for other in document_ids:
            if other != document.id:
                raise StoreError(
                    f"Document {document.id} was not stored: {what} belongs to document {other}, "
                    "not to the document of its extraction."
                )

    rows: dict[str, list[dict[str, Any]]] = {
        "documents": [
            {
                "id": document.id,
                "title": document.title,
                "outlet": document.outlet,
                "url": document.url,
                "published": document.published,
                "text": document.text,
                "source": document.source,
                "body_start": document.body_start,
                "ingested_at": now,
                # a document the pipeline did not read (a test's, an import's) is told here, so none is stored
                # without its language
                "language": document.language or detect(document.text),
            }
        ],
        "figures": [],
        "status_changes": [],
        "statements": [],
        "problems": [],
        "actors": [],
        "roles": [],
        "events": [],
        "places": [],
        "time_expressions": [],
    }
    for position, figure in enumerate(extraction.figures):
        owned(f"figure {figure.id}", figure.document_id, figure.evidence.document_id)
        place = figure.place
        rows["figures"].append(
            {
                "id": figure.id,
                "document_id": figure.document_id,
                "position": position,
                "kind": figure.kind,
                "min": figure.min,
                "max": figure.max,
                "approximate": figure.approximate,
                "vague": figure.vague,
                "as_of": figure.as_of,
                **_place_row(place),
                "claimant": figure.claimant,
                "cited_source": figure.cited_source,
                "status": figure.status,
                "population": figure.population,
                "part_of": figure.part_of,
                **_evidence_row(figure.evidence),
            }
        )
    for change in extraction.status_changes:
        owned(f"the status change of figure {change.figure_id}", change.evidence.document_id)
        rows["status_changes"].append(
            {
                "figure_id": change.figure_id,
                "document_id": change.evidence.document_id,
                "status": change.status,
                "date": change.date,
                "by_actor": change.by,
                **_evidence_row(change.evidence),
            }
        )
    for position, statement in enumerate(extraction.statements):
        owned(f"statement {statement.id}", statement.document_id, statement.evidence.document_id)
        rows["statements"].append(
            {
                "id": statement.id,
                "document_id": statement.document_id,
                "position": position,
                "speaker": statement.speaker,
                "text": statement.text,
                "direct": statement.direct,
                "stance": statement.stance,
                "cue": statement.cue,
                "figure_id": statement.figure_id,
                "about": statement.about,
                **_evidence_row(statement.evidence),
            }
        )
    for position, actor in enumerate(extraction.actors):
        owned(f"actor {actor.id}", actor.document_id, actor.evidence.document_id)
        rows["actors"].append(
            {
                "id": actor.id,
                "document_id": actor.document_id,
                "position": position,
                "name": actor.name,
                "type": actor.type,
                "aliases": json.dumps(list(actor.aliases), ensure_ascii=False),
                "country": actor.country,
                **_evidence_row(actor.evidence),
            }
        )
    for position, role in enumerate(extraction.roles):
        owned(f"role {role.id}", role.document_id, role.evidence.document_id)
        rows["roles"].append(
            {
                "id": role.id,
                "document_id": role.document_id,
                "position": position,
                "actor_id": role.actor_id,
                "actor": role.actor,
                "title": role.title,
                "organization": role.organization,
                "change": role.change,
                "reason": role.reason,
                "previous_role": role.previous_role,
                "date": role.date,
                "announced_by": role.announced_by,
                "replaces": json.dumps(list(role.replaces), ensure_ascii=False),
                **_evidence_row(role.evidence),
            }
        )
    for position, event in enumerate(extraction.events):
        owned(f"event {event.id}", event.document_id, event.evidence.document_id)
        rows["events"].append(
            {
                "id": event.id,
                "document_id": event.document_id,
                "position": position,
                "type": event.type,
                "subtype": event.subtype,
                "date_start": event.date_start,
                "date_end": event.date_end,
                **_place_row(event.place),
                "actors": json.dumps(list(event.actors), ensure_ascii=False),
                "figure_ids": json.dumps(list(event.figure_ids)),
                "modality": event.modality,
                "duration_days": event.duration_days,
                "details": json.dumps([list(pair) for pair in event.details], ensure_ascii=False),
                **_evidence_row(event.evidence),
            }
        )
    for position, mention in enumerate(extraction.places):
        owned("a place mention", mention.document_id, mention.evidence.document_id)
        rows["places"].append(
            {
                "document_id": mention.document_id,
                "position": position,
                **_place_row(mention.place),
                "admin1": mention.admin1,
                **_evidence_row(mention.evidence),
            }
        )
    for position, expression in enumerate(extraction.time_expressions):
        owned("a time expression", expression.document_id, expression.evidence.document_id)
        rows["time_expressions"].append(
            {
                "document_id": expression.document_id,
                "position": position,
                "type": expression.type,
                "value": expression.value,
                **_evidence_row(expression.evidence),
            }
        )
    for message in extraction.problems:
        rows["problems"].append(
            {"document_id": document.id, "source": document.source, "message": message, "created_at": now}
        )
    for table, table_rows in rows.items():
        for row in table_rows:
            _refuse_unstorable_text(f"Document {document.id} was not stored: a row of {table}", row)
    return rows


def _refuse_unstorable_text(what: str, row: Mapping[str, Any]) -> None:
    """Refuse, on every database alike, text PostgreSQL cannot hold: NUL characters and lone surrogates."""
    for column, value in row.items():
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            raise StoreError(f"{what} has a NUL character in {column!r}, which the store cannot hold.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise StoreError(
                f"{what} has a lone surrogate in {column!r}, which is not text the store can hold."
            ) from None


# -- rows to records -----------------------------------------------------------------------------------------


def _evidence(row: Row[Any], shared: _Shared | None = None) -> Evidence:
    document_id = row.document_id if shared is None else shared(row.document_id)
    return Evidence(document_id, row.evidence_start, row.evidence_end, row.evidence_text)


def _document(row: Row[Any], text: bool = True, shared: _Shared | None = None) -> Document:
    """A document from its row; with `text=False`, from a row read without the text column, its text empty."""
    one = shared or _UNSHARED
    return Document(
        id=row.id,
        text=row.text if text else "",
        title=row.title,
        outlet=one(row.outlet),
        url=row.url,
        published=one(row.published),
        source=row.source,
        body_start=row.body_start,
        language=one(row.language),
    )


def _place(row: Row[Any]) -> Place | None:
    if row.place_name is None:
        return None
    return Place(
        name=row.place_name,
        country_code=row.place_country_code,
        lat=row.place_lat,
        lon=row.place_lon,
        geonames_id=row.place_geonames_id,
        level=row.place_level,
    )


class _Shared:
    """One object per distinct value in a whole-table read. The database driver makes a new object for every
    cell, but a store names the same few thousand places, a few kinds, statuses and claimants, and each
    report's id, in millions of rows; equal strings, dates and frozen places are interchangeable, so the
    records of a read share them instead of each holding a copy (`ledger` at 3,840 reports holds 5 of its 10
    MiB of strings less, docs/performance.md)."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}
        self._places: dict[tuple[Any, ...], Place | None] = {}

    def __call__(self, value: T) -> T:
        """`value`, or the equal one met before: for text, dates and None only (a dict would take 1 for True)."""
        return cast(T, self._values.setdefault(value, value))

    def place(self, row: Row[Any]) -> Place | None:
        key = (row.place_name, row.place_country_code, row.place_lat, row.place_lon, row.place_geonames_id,
               row.place_level)  # fmt: skip
        if key not in self._places:
            self._places[key] = _place(row)
        return self._places[key]


class _Unshared(_Shared):
    """Each value as it is: for reads of a few rows, where sharing saves nothing."""

    def __call__(self, value: T) -> T:
        return value

    def place(self, row: Row[Any]) -> Place | None:
        return _place(row)


_UNSHARED = _Unshared()


def _figure(row: Row[Any], shared: _Shared | None = None) -> Figure:
    one = shared or _UNSHARED
    return Figure(
        id=row.id,
        document_id=one(row.document_id),
        kind=one(row.kind),
        min=row.min,
        max=row.max,
        evidence=_evidence(row, one),
        approximate=row.approximate,
        vague=row.vague,
        as_of=one(row.as_of),
        place=one.place(row),
        claimant=one(row.claimant),
        cited_source=one(row.cited_source),
        status=one(row.status),
        population=one(row.population),
        part_of=row.part_of,
    )


def _status_change(row: Row[Any], shared: _Shared | None = None) -> StatusChange:
    one = shared or _UNSHARED
    return StatusChange(
        figure_id=row.figure_id,
        status=one(row.status),
        evidence=_evidence(row, one),
        date=one(row.date),
        by=one(row.by_actor),
    )


def _statement(row: Row[Any]) -> Statement:
    return Statement(
        id=row.id,
        document_id=row.document_id,
        text=row.text,
        evidence=_evidence(row),
        speaker=row.speaker,
        direct=row.direct,
        stance=row.stance,
        cue=row.cue,
        figure_id=row.figure_id,
        about=row.about,
    )


def _actor(row: Row[Any], shared: _Shared | None = None) -> Actor:
    one = shared or _UNSHARED
    return Actor(
        id=row.id,
        document_id=one(row.document_id),
        name=one(row.name),
        type=one(row.type),
        evidence=_evidence(row, one),
        aliases=tuple(map(one, json.loads(row.aliases))),
        country=one(row.country),
    )


def _role(row: Row[Any], shared: _Shared | None = None) -> Role:
    one = shared or _UNSHARED
    return Role(
        id=row.id,
        document_id=one(row.document_id),
        actor_id=row.actor_id,
        actor=one(row.actor),
        evidence=_evidence(row, one),
        title=one(row.title),
        organization=one(row.organization),
        change=one(row.change),
        reason=one(row.reason),
        previous_role=one(row.previous_role),
        date=one(row.date),
        announced_by=one(row.announced_by),
        replaces=tuple(map(one, json.loads(row.replaces))),
    )


def _event(row: Row[Any], shared: _Shared | None = None) -> Event:
    one = shared or _UNSHARED
    return Event(
        id=row.id,
        document_id=one(row.document_id),
        type=one(row.type),
        evidence=_evidence(row, one),
        subtype=one(row.subtype),
        date_start=one(row.date_start),
        date_end=one(row.date_end),
        place=one.place(row),
        actors=tuple(map(one, json.loads(row.actors))),
        figure_ids=tuple(json.loads(row.figure_ids)),
        modality=one(row.modality),
        duration_days=row.duration_days,
        details=tuple((one(key), one(value)) for key, value in json.loads(row.details)),
    )


def _place_mention(row: Row[Any]) -> PlaceMention:
    place = _place(row)
    assert place is not None  # place_name is NOT NULL in this table
    return PlaceMention(document_id=row.document_id, evidence=_evidence(row), place=place, admin1=row.admin1)


def _time_expression(row: Row[Any]) -> TimeExpression:
    return TimeExpression(document_id=row.document_id, evidence=_evidence(row), type=row.type, value=row.value)


def _snapshot(row: Row[Any]) -> Snapshot:
    return Snapshot(
        id=row.id,
        source=row.source,
        kind=row.kind,
        change=row.change,
        seen_at=row.seen_at,
        content_hash=row.content_hash,
        document_id=row.document_id,
        http_status=row.http_status,
        exported_at=row.exported_at,
        posted_at=row.posted_at,
        etag=row.etag,
        last_modified=row.last_modified,
        via=row.via,
    )


def _problem(row: Row[Any]) -> Problem:
    return Problem(
        id=row.id,
        message=row.message,
        source=row.source,
        document_id=row.document_id,
        created_at=row.created_at,
    )
