"""Long reports never crash a batch (issue 12): a report longer than spaCy parses at once is read in parts,
every record pointing at the right words of the whole text; one longer than `Settings.max_chars` is refused
in one line; an error in analysing one report is that report's problem. Each kind of source is tried beside
a normal report in one call, by the command line and by the watch loop.

spaCy's limit is lowered for most tests (`short_spacy`), so that a report of some thousand characters goes
the way a 1.5 MB one would, in a second or two; one test reads a report longer than the real limit."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import httpx
import pytest
from spacy.language import Language
from typer.testing import CliRunner

from crisisledger import nlp as loader
from crisisledger import pipeline
from crisisledger import watch as watch_module
from crisisledger.cli import app
from crisisledger.config import load_settings
from crisisledger.ingest.batch import Outcome
from crisisledger.pipeline import analyse
from crisisledger.records import Document, Extraction
from crisisledger.store import Store
from crisisledger.watch import Watcher

pytestmark = pytest.mark.model

TOWNS = ("Aktau", "Taraz", "Oral", "Atyrau", "Kostanay", "Pavlodar", "Semey", "Turkistan")
#: spaCy's limit in most tests: a report longer than this is "long".
SHORT_LIMIT = 6_000

NORMAL = (
    "title: Landslide near Kentau\ndate: 2022-03-02\n\n"
    "A landslide near Kentau killed 11 people on Tuesday, the emergencies ministry said.\n"
)


def counts(paragraphs: int = 150, first: int = 2_000) -> dict[int, str]:
    """The count each paragraph of a long report gives, and the town it gives it for."""
    return {first + 13 * i: TOWNS[i % len(TOWNS)] for i in range(paragraphs)}


def long_body(told: dict[int, str]) -> str:
    """Paragraphs, each with a count and a town of its own (about 100 characters each)."""
    return "\n\n".join(
        f"In {town}, {count:,} people were evacuated on Monday after the river rose, the district office said."
        for count, town in told.items()
    )


def long_text(told: dict[int, str]) -> str:
    return f"title: Floods along the river\ndate: 2022-03-07\n\n{long_body(told)}\n"


@pytest.fixture
def short_spacy(monkeypatch):
    """The pipeline the commands load, with a limit of `SHORT_LIMIT` characters: spaCy refuses a longer text,
    as it refuses one of more than 1,000,000 characters."""
    used = loader.load(load_settings().model)
    monkeypatch.setattr(used, "max_length", SHORT_LIMIT)
    return used


def assert_read_whole(extraction: Extraction, told: dict[int, str]) -> None:
    """Every count of the long report was found, and every record points at its own words in the text."""
    text = extraction.document.text
    assert len(text) > SHORT_LIMIT
    assert extraction.problems == ()
    for figure in extraction.figures:
        assert f"{figure.min:,} people" in figure.evidence.text, figure
        assert f"In {told[figure.min]}," in figure.evidence.text, figure
    assert sorted(f.min for f in extraction.figures) == sorted(told)
    evidenced = [
        *extraction.figures,
        *extraction.statements,
        *extraction.events,
        *extraction.roles,
        *extraction.places,
        *extraction.time_expressions,
    ]
    for record in evidenced:
        evidence = record.evidence
        assert 0 <= evidence.start <= evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.text
    assert {p.evidence.text for p in extraction.places} <= set(TOWNS) | {"Kentau"}
    assert len(extraction.places) >= len(told) // 2  # the towns of every part, not only of the first
    assert {t.evidence.text for t in extraction.time_expressions} == {"Monday"}
    for kind in (extraction.figures, extraction.statements, extraction.actors, extraction.events, extraction.roles):
        ids = [record.id for record in kind]
        assert len(ids) == len(set(ids))


def stored(db: str) -> dict[str, Extraction]:
    """Every stored document's Extraction, by the last part of its source."""
    with Store.open(db) as store:
        return {
            (d.source or "").rsplit("/", 1)[-1]: store.extraction(d.id)  # type: ignore[misc]
            for d in store.documents()
        }


def ingest(*arguments: str, db: str, **options) -> object:
    return CliRunner().invoke(app, ["ingest", *arguments, "--db", db], **options)


# Each kind of long report beside a normal one, in one call -------------------------------------------------


def test_a_long_text_file_is_read_in_parts_beside_a_normal_one(short_spacy, tmp_path, db):
    told = counts()
    (tmp_path / "normal.txt").write_text(NORMAL, encoding="utf-8")
    (tmp_path / "long.txt").write_text(long_text(told), encoding="utf-8")
    result = ingest(str(tmp_path / "normal.txt"), str(tmp_path / "long.txt"), db=db)
    assert result.exit_code == 0, result.stderr
    assert "stored 2 document(s)" in result.stderr and "0 failed" in result.stderr
    documents = stored(db)
    assert [f.min for f in documents["normal.txt"].figures] == [11]
    assert_read_whole(documents["long.txt"], told)


def test_a_long_html_article_is_read_in_parts(short_spacy, tmp_path, db):
    told = counts()
    paragraphs = "".join(f"<p>{p}</p>\n" for p in long_body(told).split("\n\n"))
    (tmp_path / "long.html").write_text(
        "<!DOCTYPE html><html><head><title>Floods along the river</title></head><body><article>"
        f"<h1>Floods along the river</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "normal.txt").write_text(NORMAL, encoding="utf-8")
    result = ingest(str(tmp_path / "long.html"), str(tmp_path / "normal.txt"), db=db)
    assert result.exit_code == 0, result.stderr
    documents = stored(db)
    assert [f.min for f in documents["normal.txt"].figures] == [11]
    assert_read_whole(documents["long.html"], told)


def test_a_long_telegram_message_is_read_in_parts(short_spacy, tmp_path, db):
    told = counts()
    messages = [
        {"id": 1, "type": "message", "date": "2022-03-07T09:00:00", "date_unixtime": "1646643600", "text": text}
        for text in (long_body(told), "A landslide near Kentau killed 11 people on Tuesday, rescuers said.")
    ]
    messages[1] = {**messages[1], "id": 2}
    export = {"name": "River Watch", "type": "public_channel", "id": 77, "messages": messages}
    (tmp_path / "result.json").write_text(json.dumps(export), encoding="utf-8")
    result = ingest(str(tmp_path / "result.json"), db=db)
    assert result.exit_code == 0, result.stderr
    documents = stored(db)
    assert [f.min for f in documents["result.json#2"].figures] == [11]
    assert_read_whole(documents["result.json#1"], told)


def test_a_long_feed_entry_is_read_in_parts(short_spacy, tmp_path, db):
    told = counts()
    paragraphs = "".join(f"<p>{p}</p>" for p in long_body(told).split("\n\n"))
    entries = [
        ("floods", "Floods along the river", paragraphs),
        ("landslide", "Landslide near Kentau", "<p>" + NORMAL.split("\n\n", 1)[1].strip() + "</p>"),
    ]
    items = "".join(
        f"<item><title>{title}</title><guid>{key}</guid><pubDate>Mon, 07 Mar 2022 09:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        for key, title, content in entries
    )
    (tmp_path / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>River Wire</title>'
        f"<link>https://river.example/</link>{items}</channel></rss>",
        encoding="utf-8",
    )
    result = ingest(str(tmp_path / "feed.xml"), db=db)
    assert result.exit_code == 0, result.stderr
    documents = stored(db)
    assert [f.min for f in documents["feed.xml#landslide"].figures] == [11]
    assert_read_whole(documents["feed.xml#floods"], told)


def test_a_long_report_on_stdin_is_read_in_parts(short_spacy, tmp_path, db):
    told = counts()
    (tmp_path / "normal.txt").write_text(NORMAL, encoding="utf-8")
    result = ingest("-", str(tmp_path / "normal.txt"), db=db, input=long_text(told).encode())
    assert result.exit_code == 0, result.stderr
    documents = stored(db)
    assert [f.min for f in documents["normal.txt"].figures] == [11]
    assert_read_whole(documents["-"], told)


def test_the_watch_loop_reads_a_long_page_beside_a_normal_one(short_spacy, db):
    told = counts()
    paragraphs = "".join(f"<p>{p}</p>" for p in long_body(told).split("\n\n"))
    pages = {
        "http://river.example/floods": f"<html><body><article><h1>Floods</h1>{paragraphs}</article></body></html>",
        "http://river.example/landslide": "<html><body><article><h1>Landslide near Kentau</h1><p>"
        + NORMAL.split("\n\n", 1)[1].strip()
        + " Roads to the town stayed closed while rescuers searched the slope for two more people.</p>"
        "</article></body></html>",
    }
    client = httpx.Client(
        transport=httpx.MockTransport(
            lambda request: httpx.Response(
                200, headers={"Content-Type": "text/html; charset=utf-8"}, content=pages[str(request.url)].encode()
            )
        )
    )
    with Store.open(db) as store:
        watcher = Watcher(
            list(pages), store, load_settings(db=db), allow_private=True, client=client, sleep=lambda seconds: None
        )
        rounds: list = []
        assert watcher.run(max_rounds=2, on_round=rounds.append) == 2
    assert [(r.count("stored"), r.count("unchanged"), r.count("failed")) for r in rounds] == [(2, 0, 0), (0, 2, 0)], [
        o.message for r in rounds for o in r.outcomes
    ]
    documents = stored(db)
    assert [f.min for f in documents["landslide"].figures] == [11]
    assert_read_whole(documents["floods"], told)


# Refused: longer than Settings.max_chars ----------------------------------------------------------------


def test_a_report_over_the_limit_is_refused_in_one_line_and_the_others_are_stored(tmp_path, db, monkeypatch):
    (tmp_path / "normal.txt").write_text(NORMAL, encoding="utf-8")
    (tmp_path / "long.txt").write_text(long_text(counts()), encoding="utf-8")
    monkeypatch.setenv("CRISISLEDGER_MAX_CHARS", "5000")
    result = ingest(str(tmp_path / "long.txt"), str(tmp_path / "normal.txt"), db=db)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "long.txt" in errors[0] and "limit of 5,000" in errors[0], result.stderr
    assert "CRISISLEDGER_MAX_CHARS" in errors[0]
    assert "stored 1 document(s)" in result.stderr and "1 failed" in result.stderr
    assert list(stored(db)) == ["normal.txt"]
    with Store.open(db) as store:
        (problem,) = store.problems()
        assert "long.txt" in str(problem)


def test_the_pipeline_refuses_a_report_over_the_limit_without_parsing_it(nlp):
    long = Document.from_text(long_text(counts()))
    normal = Document.from_text("A landslide near Kentau killed 11 people on Tuesday, the emergencies ministry said.")
    settings = load_settings(max_chars=5_000, processes=1)
    refused, read = analyse([long, normal], settings, nlp=nlp)
    assert refused.document == long and refused.figures == ()
    assert len(refused.problems) == 1 and "limit of 5,000" in refused.problems[0]
    assert [f.min for f in read.figures] == [11]


# A report at fault loses only itself ----------------------------------------------------------------------


@Language.component("test_long_reports_breaks_on_a_word")
def _breaks_on_a_word(doc):
    if "Zanzibarian" in doc.text:
        raise RuntimeError("a component broke")
    return doc


@pytest.fixture
def breaking_nlp(nlp):
    """The pipeline with a component that raises on one word: an error inside `nlp.pipe`."""
    nlp.add_pipe("test_long_reports_breaks_on_a_word", last=True)
    try:
        yield nlp
    finally:
        nlp.remove_pipe("test_long_reports_breaks_on_a_word")


def test_an_error_inside_the_parse_loses_only_the_report_at_fault(breaking_nlp):
    texts = [
        "In Taraz, 2,400 people were evacuated on Monday after the river rose, officials said.",
        "A Zanzibarian ferry sank near Oral and 35 people drowned, the coast guard said.",
        "A fire in Semey killed 8 people on Sunday, the fire service said.",
    ]
    documents = [Document.from_text(text, published=date(2022, 3, 7)) for text in texts]
    extractions = list(analyse(documents, load_settings(processes=1), nlp=breaking_nlp))
    assert [e.document for e in extractions] == documents
    assert [[f.min for f in e.figures] for e in extractions] == [[2400], [], [8]]
    assert extractions[0].problems == extractions[2].problems == ()
    (problem,) = extractions[1].problems
    assert problem == "analysis failed: RuntimeError: a component broke"


def test_an_error_in_repairing_one_report_is_its_problem_and_the_batch_goes_on(tmp_path, db, monkeypatch):
    repair = pipeline.repair

    def failing(text: str):
        if "Zanzibarian" in text:
            raise ValueError("cannot repair\nthis text")
        return repair(text)

    monkeypatch.setattr(pipeline, "repair", failing)
    (tmp_path / "a.txt").write_text(NORMAL, encoding="utf-8")
    (tmp_path / "b.txt").write_text("A Zanzibarian ferry sank and 35 people drowned, police said.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(
        "A fire in Semey killed 8 people on Sunday, the fire service said.\n", encoding="utf-8"
    )
    result = ingest(*(str(tmp_path / name) for name in ("a.txt", "b.txt", "c.txt")), db=db)
    assert result.exit_code == 0, result.stderr
    assert "stored 3 document(s)" in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {tmp_path / 'b.txt'}: analysis failed: ValueError: cannot repair this text"]
    documents = stored(db)
    assert [f.min for f in documents["a.txt"].figures] == [11]
    assert [f.min for f in documents["c.txt"].figures] == [8]
    assert documents["b.txt"].figures == ()


# A report longer than spaCy's own limit ---------------------------------------------------------------------


def test_a_report_longer_than_spacys_real_limit_is_read(nlp, tmp_path, db):
    """Over 1,000,000 characters, most of them blank lines between paragraphs (cheap to parse)."""
    assert nlp.max_length == 1_000_000
    told = counts(paragraphs=40)
    gap = "\n\n" + " " * 30_000 + "\n\n"
    body = gap.join(long_body(told).split("\n\n"))
    (tmp_path / "long.txt").write_text(f"Floods along the river\n\n{body}\n", encoding="utf-8")
    (tmp_path / "normal.txt").write_text(NORMAL, encoding="utf-8")
    assert Path(tmp_path / "long.txt").stat().st_size > 1_100_000
    result = ingest(str(tmp_path / "long.txt"), str(tmp_path / "normal.txt"), db=db)
    assert result.exit_code == 0, result.stderr
    documents = stored(db)
    assert [f.min for f in documents["normal.txt"].figures] == [11]
    extraction = documents["long.txt"]
    assert sorted(f.min for f in extraction.figures) == sorted(told)
    for figure in extraction.figures:
        assert f"In {told[figure.min]}, {figure.min:,} people" in figure.evidence.text


def test_an_error_no_source_explains_ends_the_round_and_the_watch_goes_on(db, monkeypatch):
    calls = []

    def ingest_then_break(sources, store, settings, **options):
        calls.append(len(calls) + 1)
        yield Outcome("http://river.example/floods", "unchanged", message="already stored")
        raise RuntimeError(f"broken\nin round {len(calls)}")

    monkeypatch.setattr(watch_module, "ingest", ingest_then_break)
    with Store.open(db) as store:
        watcher = Watcher(["http://river.example/floods"], store, load_settings(db=db), sleep=lambda seconds: None)
        rounds: list = []
        assert watcher.run(max_rounds=2, on_round=rounds.append) == 2
    assert calls == [1, 2]
    assert [(r.count("unchanged"), r.count("failed")) for r in rounds] == [(1, 1), (1, 1)]
    assert [r.outcomes[-1].message for r in rounds] == [
        f"round {n} stopped by an error (RuntimeError: broken in round {n}); what it stored stays, the next round"
        " goes on"
        for n in (1, 2)
    ]


def test_a_long_report_is_parsed_one_part_at_a_time_and_the_others_in_batches(short_spacy, monkeypatch):
    """spaCy's memory grows with the text of a batch: a long report's parts go one at a time."""
    zones = []
    analyse_zone = pipeline._analyse_zone

    def recorded(documents, nlp, batch_size, profile):
        zones.append(([d.text[:9] for d in documents], batch_size))
        return analyse_zone(documents, nlp, batch_size, profile)

    monkeypatch.setattr(pipeline, "_analyse_zone", recorded)
    texts = ["Landslide 11 killed.", long_text(counts(paragraphs=60)), "Storm: 4 people died.", "Fire: 2 dead."]
    documents = [Document.from_text(text) for text in texts]
    extractions = list(analyse(documents, load_settings(processes=1, batch_size=8), nlp=short_spacy))
    assert [e.document for e in extractions] == documents
    assert zones == [(["Landslide"], 8), (["title: Fl"], 1), (["Storm: 4 ", "Fire: 2 d"], 8)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked here only where fork exists")
def test_worker_processes_read_long_reports_and_refuse_as_one_process_does(short_spacy):
    """With two worker processes (enough reports to start them), a long report is still read in parts and one
    over the limit still refused, and every record is what one process makes."""
    shorts = [f"Storm {n}: {n + 2} people died in Hillford." for n in range(pipeline.MIN_PARALLEL)]
    texts = [*shorts[:10], long_text(counts(paragraphs=60)), *shorts[10:20], "x " * 15_000, *shorts[20:]]
    documents = [Document.from_text(text) for text in texts]
    one = list(analyse(documents, load_settings(processes=1, max_chars=20_000), nlp=short_spacy))
    two = list(analyse(documents, load_settings(processes=2, max_chars=20_000), nlp=short_spacy))
    assert two == one
    assert [e.document for e in two] == documents
    assert "not analysed" in two[21].problems[0]  # the report over max_chars
    assert len(two[10].figures) == 60  # the long one, read in parts
