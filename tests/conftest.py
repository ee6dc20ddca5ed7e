"""Shared fixtures: the spaCy model (loaded once), a helper that runs the whole pipeline on a text, and the
paths of the shared corpora."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

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
