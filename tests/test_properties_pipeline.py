"""Property tests over the readers and the pipeline (issue 12): any text within the limits, read as a text
file, an HTML page, a feed entry or a Telegram message, gives records whose spans lie inside the text, in
bounded time (a deadline on each example), and no exception escapes but a reader's one-line InputError.

Parts are made small here (`small_parts`), so that most texts are read in several: ids stay unique and every
reference between records (a status change's figure, a figure's whole, an event's figures) resolves."""

from __future__ import annotations

import html
import json
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from crisisledger import pipeline
from crisisledger.config import Settings
from crisisledger.errors import InputError
from crisisledger.ingest.feeds import parse_feed
from crisisledger.ingest.html import read_page
from crisisledger.ingest.telegram import read_telegram_export
from crisisledger.ingest.text import read_text
from crisisledger.records import Document, Extraction

#: Words, numbers, quotes and breaks that make something like a report when strung together.
WORDS = st.sampled_from(
    [
        "Rescuers", "found", "were", "injured", "evacuated", "near", "Taraz", "Oral", "the", "governor",
        "told", "reporters", "officials", "said", "at", "least", "nearly", "some", "2,500", "48", "three",
        "hundred", "people", "died", "denied", "reports", "that", "“", "”", "\"", ",", ".", "\n\n", "\n",
        "on", "Friday", "March", "9", "Red", "Cross", "including", "children", "(", ")", "Kazakhstan",
        "according", "to", "police", "arrested", "minister", "resigned", "floods", "homes",
    ]
)  # fmt: skip
REPORTS = st.one_of(
    st.lists(WORDS, min_size=30, max_size=160).map(" ".join),
    st.text(max_size=600),
    st.text(alphabet=" \n\t.ab1", max_size=600),
)
#: A deadline on each example of the pipeline: a text of these sizes takes well under a second to analyse.
DEADLINE = timedelta(seconds=30)
PART = 120
#: The settings of every example that runs the pipeline (the model and `small_parts` are fixtures of each test).
ANALYSING = {"deadline": DEADLINE, "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}


@pytest.fixture
def small_parts(monkeypatch):
    """Parts of at most `PART` characters: most texts of these tests are read in several."""
    monkeypatch.setattr(pipeline, "PART_CHARS", PART)


ONE_PROCESS = Settings(processes=1)


def analysed(nlp, documents: list[Document]) -> list[Extraction]:
    for document in documents:
        event(f"read in {min(len(pipeline._cuts(document.text, PART)), 3)}+ part(s)")
    extractions = list(pipeline.analyse(documents, ONE_PROCESS, nlp=nlp))
    assert [e.document for e in extractions] == documents
    return extractions


def assert_sound(extraction: Extraction) -> None:
    """The records of one report point into its text, their ids are unique, and their references resolve."""
    text = extraction.document.text
    assert extraction.problems == ()
    evidenced = (
        *extraction.figures,
        *extraction.status_changes,
        *extraction.statements,
        *extraction.actors,
        *extraction.roles,
        *extraction.events,
        *extraction.places,
        *extraction.time_expressions,
    )
    for record in evidenced:
        evidence = record.evidence
        assert 0 <= evidence.start <= evidence.end <= len(text)
        assert evidence.text == text[evidence.start : evidence.end]
        assert evidence.document_id == extraction.document.id
    for kind in (extraction.figures, extraction.statements, extraction.actors, extraction.roles, extraction.events):
        ids = [record.id for record in kind]
        assert len(ids) == len(set(ids))
    figures = {f.id for f in extraction.figures}
    assert {c.figure_id for c in extraction.status_changes} <= figures
    assert {f.part_of for f in extraction.figures if f.part_of} <= figures
    assert {s.figure_id for s in extraction.statements if s.figure_id} <= figures
    assert {i for e in extraction.events for i in e.figure_ids} <= figures


def assert_one_line(error: InputError) -> None:
    message = str(error)
    assert message and "\n" not in message and "Traceback" not in message


# Cutting a text into parts ----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=timedelta(seconds=2))
@given(text=st.text(alphabet=st.sampled_from('ab .!?\n\t"”'), max_size=2_000), size=st.integers(1, 300))
def test_parts_cover_the_text_in_order_none_longer_than_the_size(text, size):
    spans = pipeline._cuts(text, size)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end == start
    for start, end in spans:
        assert 0 < end - start <= size or (start, end) == (0, len(text)) == (0, 0)
    for start, end in spans[:-1]:
        # a cut is made after a space, unless there is none in the window to cut at
        assert text[end - 1].isspace() or (end - start == size and not any(c.isspace() for c in text[start:end]))


@settings(max_examples=100, deadline=timedelta(seconds=2))
@given(paragraphs=st.lists(st.text(alphabet="abc .", min_size=1, max_size=80), min_size=1, max_size=40))
def test_parts_are_cut_at_paragraph_breaks_when_the_paragraphs_fit(paragraphs):
    text = "\n\n".join(p.strip() or "x" for p in paragraphs)
    for _, end in pipeline._cuts(text, 200)[:-1]:
        assert text[end - 2 : end] == "\n\n"


# Readers, then the pipeline --------------------------------------------------------------------------------


@settings(
    max_examples=40,
    deadline=DEADLINE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.one_of(REPORTS.map(lambda t: t.encode("utf-8")), st.binary(max_size=600)))
def test_a_text_file_of_any_bytes_is_read_and_analysed_or_refused_in_one_line(nlp, small_parts, data):
    try:
        document = read_text(data, source="report.txt", max_bytes=4_000)
    except InputError as error:
        assert_one_line(error)
        return
    (extraction,) = analysed(nlp, [document])
    assert_sound(extraction)


@settings(
    max_examples=25,
    deadline=DEADLINE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(paragraphs=st.lists(REPORTS, min_size=1, max_size=6))
def test_any_html_article_is_read_and_analysed_or_refused_in_one_line(nlp, small_parts, paragraphs):
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"<html><head><title>Update</title></head><body><article><h1>Update</h1>{body}</article></body></html>"
    try:
        document = read_page(page.encode("utf-8"), source="page.html").document
    except InputError as error:
        assert_one_line(error)
        return
    (extraction,) = analysed(nlp, [document])
    assert_sound(extraction)


@settings(
    max_examples=20,
    deadline=DEADLINE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(contents=st.lists(REPORTS, min_size=1, max_size=3))
def test_any_feed_entry_is_read_and_analysed_or_refused_in_one_line(nlp, small_parts, contents):
    items = "".join(
        f"<item><title>Entry {index}</title><guid>e{index}</guid><pubDate>Fri, 09 Mar 2018 08:00:00 GMT</pubDate>"
        f"<description>{html.escape(content)}</description></item>"
        for index, content in enumerate(contents)
    )
    feed = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'
    )
    try:
        read = parse_feed(feed.encode("utf-8"), source="feed.xml")
    except InputError as error:
        assert_one_line(error)
        return
    documents = [entry.document for entry in read.entries if entry.document is not None]
    for extraction in analysed(nlp, documents):
        assert_sound(extraction)


@settings(
    max_examples=20,
    deadline=DEADLINE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(REPORTS, min_size=1, max_size=3))
def test_any_telegram_message_is_read_and_analysed_or_refused_in_one_line(nlp, small_parts, texts):
    messages = [
        {"id": i + 1, "type": "message", "date": "2018-03-09T08:00:00", "date_unixtime": "1520582400", "text": text}
        for i, text in enumerate(texts)
    ]
    export = {"name": "Wire", "type": "public_channel", "id": 5, "messages": messages}
    try:
        read = read_telegram_export(json.dumps(export).encode("utf-8"), source="result.json")
    except InputError as error:
        assert_one_line(error)
        return
    for extraction in analysed(nlp, list(read.documents)):
        assert_sound(extraction)


@settings(
    max_examples=15,
    deadline=DEADLINE,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(REPORTS, min_size=2, max_size=5), max_chars=st.integers(0, 800))
def test_a_batch_keeps_its_order_and_refuses_only_what_is_over_the_limit(nlp, small_parts, texts, max_chars):
    documents = [Document.from_text(text or "nothing", published=date(2018, 3, 9)) for text in texts]
    extractions = list(pipeline.analyse(documents, Settings(processes=1, max_chars=max_chars), nlp=nlp))
    assert [e.document for e in extractions] == documents
    for extraction in extractions:
        if len(extraction.document.text) > max_chars:
            assert extraction.figures == extraction.statements == extraction.events == ()
            (problem,) = extraction.problems
            assert f"limit of {max_chars:,}" in problem and "\n" not in problem
        else:
            assert_sound(extraction)


LINES = st.lists(WORDS.filter(lambda word: "\n" not in word), min_size=3, max_size=20).map(" ".join)


@settings(max_examples=15, **ANALYSING)
@given(paragraphs=st.lists(LINES, min_size=1, max_size=4), repeats=st.integers(1, 3))
def test_a_report_read_in_parts_says_what_each_part_says_alone(nlp, small_parts, paragraphs, repeats):
    """Its records are those of each part read as a report of its own, moved to where the part starts (and a
    part that repeats another gives its records again: no id of one part hides a record of another)."""
    text = "\n\n".join(paragraphs * repeats)
    (whole,) = analysed(nlp, [Document.from_text(text, published=date(2018, 3, 9))])
    assert_sound(whole)
    figures, statements, places = [], [], []
    for start, end in pipeline._cuts(text, PART):
        (alone,) = analysed(nlp, [Document.from_text(text[start:end], published=date(2018, 3, 9))])
        figures += [(f.kind, f.min, f.max, f.evidence.start + start, f.evidence.end + start) for f in alone.figures]
        statements += [(s.speaker, s.evidence.start + start, s.evidence.end + start) for s in alone.statements]
        places += [(p.place.name, p.evidence.start + start) for p in alone.places]
    # the same records, in any order: Counter, since a speaker or a bound may be None, which sorts with nothing
    assert Counter((f.kind, f.min, f.max, f.evidence.start, f.evidence.end) for f in whole.figures) == Counter(figures)
    assert Counter((s.speaker, s.evidence.start, s.evidence.end) for s in whole.statements) == Counter(statements)
    assert Counter((p.place.name, p.evidence.start) for p in whole.places) == Counter(places)
