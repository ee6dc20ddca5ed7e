"""Shared fixtures: the spaCy model (loaded once), a helper that runs the whole pipeline on a text, and the
paths of the shared corpora."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
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


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not PG_URL, reason="CRISISLEDGER_TEST_PG is not set"),
            ],
        ),
    ]
)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh store lives: a SQLite file, or a PostgreSQL schema of this test's own."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
        return
    assert PG_URL is not None
    name = f"test_store_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    try:
        url = sa.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
        admin.dispose()
