"""Property tests: the pipeline never raises on arbitrary text, every span stays inside the text, and what
it extracts survives a round trip through the store."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisledger.pipeline import analyse
from crisisledger.records import Document
from crisisledger.store import Store

pytestmark = pytest.mark.model

# Text that looks a little like a report: words, numbers, quote marks, names, blank lines.
PIECES = st.sampled_from(
    [
        "people", "were", "killed", "detained", "in", "Almaty", "the", "ministry", "said", "according", "to",
        "about", "8,000", "164", "dozens", "of", "between", "10", "and", "15", "thousand", "“", "”", "\"", "‘",
        ",", ".", "\n\n", "January", "4", "Tuesday", "denied", "removed", "citing", "Police", "He", "she",
        "thespeech", "200", "dollars", "since", "2019", "(", ")", "Kazakhstan", "at", "least", "up",
    ]
)  # fmt: skip
REPORTS = st.one_of(
    st.lists(PIECES, max_size=60).map(" ".join),
    st.text(max_size=300),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=REPORTS, body_start=st.integers(0, 20))
def test_analysis_never_raises_and_spans_stay_inside(nlp, text, body_start):
    if not text.strip():
        text = "nothing"
    document = Document.from_text(text, published=date(2022, 1, 10), body_start=min(body_start, len(text)))
    (extraction,) = analyse([document], nlp=nlp)
    assert extraction.problems == ()
    for record in (*extraction.figures, *extraction.statements, *extraction.status_changes):
        evidence = record.evidence
        assert 0 <= evidence.start <= evidence.end <= len(text)
        assert evidence.text == text[evidence.start : evidence.end]
    figure_ids = {f.id for f in extraction.figures}
    assert {c.figure_id for c in extraction.status_changes} <= figure_ids


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(PIECES, min_size=5, max_size=60).map(" ".join))
def test_extractions_survive_the_store(nlp, new_db, text):
    (extraction,) = analyse([Document.from_text(text, published=date(2022, 1, 10))], nlp=nlp)
    with Store.open(new_db("prop")) as store:
        assert store.add(extraction)
        assert store.extraction(extraction.document.id) == extraction
