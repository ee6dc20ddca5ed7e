"""Stores as an older crisisledger left them: records written with only the tables and columns their schema
had, for the tests of migrations (`test_store`, `test_snapshots`, `test_queries`, `test_document_language`).

A store of an older version cannot be written by today's `Store.add`, which writes today's columns; these
helpers write an extraction's rows as that version's store held them.
"""

from __future__ import annotations

import sqlalchemy as sa

from crisisledger.records import Extraction
from crisisledger.store import store as store_module

#: Columns the store fills in itself from what it is given, which a later migration fills in for the rows
#: stored before it (the language of a document, told from its text: migration 0009).
DERIVED = {"documents": {"language"}}


def engine_for(db: str) -> sa.Engine:
    """A plain engine on the same database, to look behind the Store's back."""
    return sa.create_engine(db if "://" in db else f"sqlite:///{db}")


def write_as_an_old_store(db: str, *extractions: Extraction) -> None:
    """Write the extractions' rows into the store at `db`, of an older version, as it held them: the tables and
    columns it had then. Refuses a record that needs a column the store does not have yet."""
    engine = engine_for(db)
    try:
        with engine.begin() as conn:
            inspector = sa.inspect(conn)
            for extraction in extractions:
                for table, rows in store_module._rows_of(extraction).items():
                    if not rows or not inspector.has_table(table):
                        continue
                    columns = {c["name"] for c in inspector.get_columns(table)}
                    kept = [{k: v for k, v in row.items() if k in columns} for row in rows]
                    # an honest old store: nothing of the report needs a column that came later
                    derived = DERIVED.get(table, set())
                    assert [_given(row, derived) for row in rows] == [_given(row, derived) for row in kept], table
                    conn.execute(sa.table(table, *(sa.column(c) for c in kept[0])).insert(), kept)
    finally:
        engine.dispose()


def _given(row: dict[str, object], derived: set[str]) -> dict[str, object]:
    return {k: v for k, v in row.items() if v is not None and k not in derived}
