"""Shared fixtures: the spaCy model (loaded once), a helper that runs the whole pipeline on a text, the
paths of the shared corpora, and where a test's stores live (on SQLite, and on PostgreSQL when configured)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from crisisledger.records import Document, Extraction

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_95742a9c64edf293.txt"


@pytest.fixture(scope="session")
def nlp():
    from crisisledger import nlp as loader

    return loader.load()


@pytest.fixture(scope="session")
def analyse_text(nlp):
    """Run the whole pipeline on a text written for a test and return its Extraction."""
    from crisisledger.pipeline import analyse

    def run(text: str, published: date | None = date(2022, 1, 10), **metadata) -> Extraction:
        document = Document.from_text(text, published=published, **metadata)
        return next(analyse([document], nlp=nlp))

    return run


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"the seed report is not at {SEED}")
    return SEED


@pytest.fixture(scope="session")
def context_of(nlp):
    """The analysis Context of a text written for a test (repaired and parsed), for extractor tests."""
    from crisisledger.extract.context import Context
    from crisisledger.repair import repair

    def build(text: str, published: date | None = date(2022, 1, 10), **metadata) -> Context:
        document = Document.from_text(text, published=published, **metadata)
        fixed = repair(text[document.body_start :])
        return Context(document, nlp(fixed.text), fixed, offset=document.body_start)

    return build


PG_URL = os.environ.get("CRISISLEDGER_TEST_PG")

#: The databases a store can live in. A test that touches a store asks for `db` (a fresh store's location),
#: `new_db` (as many as it needs) or `store_at` (for a store a module shares), and so runs on each of these.
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=[pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="CRISISLEDGER_TEST_PG is not set")],
    ),
]


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Where the stores of this test live: "sqlite" or "postgres"."""
    return request.param


@contextmanager
def store_location(backend: str, folder: Path, name: str = "ledger") -> Iterator[str]:
    """Where a fresh, empty store lives while the block runs: a SQLite file `name`.db in `folder`, or a
    PostgreSQL schema of its own (a URL whose search path names it), dropped afterwards."""
    if backend == "sqlite":
        yield str(folder / f"{name}.db")
        return
    assert PG_URL is not None
    schema = f"test_{name}_{uuid.uuid4().hex[:12]}".lower()
    admin = sa.create_engine(PG_URL, poolclass=sa.pool.NullPool)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        # a throwaway schema needs no durable commits: not waiting for the disk makes each migration cheaper
        options = f"-csearch_path={schema} -csynchronous_commit=off"
        url = sa.make_url(PG_URL).update_query_dict({"options": options})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            # a connection a test left open would make DROP wait forever: fail instead, and say which test
            conn.exec_driver_sql("SET LOCAL lock_timeout = '20s'")
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def db(backend: str, tmp_path: Path) -> Iterator[str]:
    """Where a fresh store lives: a SQLite file, or a PostgreSQL schema of this test's own."""
    with store_location(backend, tmp_path) as where:
        yield where


@pytest.fixture
def new_db(backend: str, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Make the location of another fresh store, named `name` (for a test that needs more than one)."""
    with ExitStack() as stack:
        yield lambda name: stack.enter_context(store_location(backend, tmp_path, name))


@pytest.fixture(scope="session")
def store_at(backend: str) -> Callable[[Path, str], AbstractContextManager[str]]:
    """`store_location` on this test's backend, for a fixture wider than a test (a store a module shares)."""
    return lambda folder, name: store_location(backend, folder, name)
