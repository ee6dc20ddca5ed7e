"""Parsing with worker processes, and in memory zones, gives the very records one process gives."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from crisisledger import pipeline
from crisisledger.config import Settings
from crisisledger.errors import ModelError
from crisisledger.records import Document

pytestmark = pytest.mark.model

#: Reports written for this test: figures, statements, a status change, places, a glued word, a title.
REPORTS = [
    "title: Flood toll rises\n\nFloods in northern Bangladesh have killed 14 people, the disaster ministry said "
    "on Tuesday. \u201cThe water is still rising,\u201d said Rahim Uddin, a district official in Sylhet.",
    "Police in Lagos said three protesters were injured on Monday. Organisers denied the figure, saying at "
    "least 20 were hurt when officers fired tear gas.",
    "An earthquake struck eastern Turkey overnight. Officials said 7 people died and 120 were injured; "
    "rescuers were searching thecollapsed buildings in Malatya.",
    "Health officials in Kinshasa reported 52 new cholera cases this week, bringing the total to 410.",
]


def documents(copies: int) -> list[Document]:
    texts = [f"{text}\n\nReport {n}." for n in range(copies) for text in REPORTS]
    return [Document.from_text(text, published=date(2024, 5, 2)) for text in texts]


def records(extractions) -> list:  # type: ignore[no-untyped-def]
    return [replace(e, document=e.document.id) for e in extractions]  # type: ignore[arg-type]


def test_two_processes_give_the_records_of_one(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MIN_PARALLEL", 2)  # a small input, yet parsed by workers
    batch = documents(2)
    one = records(pipeline.analyse(batch, Settings(processes=1, batch_size=2), nlp=nlp))
    two = records(pipeline.analyse(batch, Settings(processes=2, batch_size=2), nlp=nlp))
    assert two == one
    assert sum(len(e.figures) for e in one) >= len(batch)  # the reports were analysed, not only carried through


def test_workers_read_each_report_in_its_language(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Russian reports among English ones: a worker parses each run with its language's pipeline (the Russian
    one loaded in the worker on first use), and the records are those one process makes."""
    monkeypatch.setattr(pipeline, "MIN_PARALLEL", 2)
    russian = [
        "В Бишкеке задержаны 40 участников акции, сообщила полиция.",
        "При пожаре в общежитии погибли трое студентов, ещё 12 получили ожоги.",
    ]
    batch = [
        Document.from_text(f"{text}\n\nReport {n}.", published=date(2024, 5, 2))
        for n in range(2)
        for text in (REPORTS[0], *russian, REPORTS[1])
    ]
    one = records(pipeline.analyse(batch, Settings(processes=1, batch_size=2), nlp=nlp))
    two = records(pipeline.analyse(batch, Settings(processes=2, batch_size=2), nlp=nlp))
    assert two == one
    assert [e.document.language for e in pipeline.analyse(batch[:4], nlp=nlp)] == ["en", "ru", "ru", "en"]
    assert all(e.figures for e in one)


def test_many_memory_zones_give_the_records_of_one(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    batch = documents(2)
    one = records(pipeline.analyse(batch, Settings(processes=1), nlp=nlp))
    monkeypatch.setattr(pipeline, "ZONE_DOCUMENTS", 3)  # zones end inside the input, and a batch spans none
    zoned = records(pipeline.analyse(batch, Settings(processes=1, batch_size=2), nlp=nlp))
    assert zoned == one


@pytest.mark.parametrize(("count", "processes"), [(1, 1), (31, 1), (32, 2), (513, 2)])
def test_workers_start_only_for_enough_documents(monkeypatch: pytest.MonkeyPatch, count, processes) -> None:
    used = []
    monkeypatch.setattr(pipeline, "_analyse_zone", lambda chunk, nlp, batch_size, profile: used.append(1) or iter(()))
    monkeypatch.setattr(pipeline, "_analyse_in_workers", lambda docs, nlp, settings, n: used.append(n) or iter(()))
    nlp = SimpleNamespace(max_length=1_000_000)  # no parse: only what analyse reads before one
    list(pipeline.analyse([Document.from_text("x")] * count, Settings(processes=2), nlp=nlp))  # type: ignore[arg-type]
    assert used == ([1] if processes == 1 else [processes])


def test_workers_parse_the_batches_one_process_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "ZONE_DOCUMENTS", 5)  # zones of 5, batches of 2: 2, 2, 1, 2, 2, 1, 1
    documents = [Document.from_text(f"Report {n}.") for n in range(11)]
    batches = list(pipeline._batches(documents, 2, 1_000, 100))
    assert [len(batch) for batch in batches] == [2, 2, 1, 2, 2, 1, 1]
    assert [d for batch in batches for d in batch] == documents


def test_a_long_or_refused_report_is_a_batch_of_its_own_for_the_workers_too() -> None:
    # the batches one process parses (`_analyse_runs`): runs of usual reports cut at each long one
    short = [Document.from_text(f"Report {n}.") for n in range(5)]
    long, refused = Document.from_text("Long. " * 30), Document.from_text("Too long. " * 200)
    documents = [short[0], short[1], short[2], long, short[3], refused, short[4]]
    batches = list(pipeline._batches(documents, 2, max_chars=1_000, size=100))
    assert batches == [[short[0], short[1]], [short[2]], [long], [short[3]], [refused], [short[4]]]


@pytest.mark.parametrize(("processes", "expected"), [(1, 1), (3, 3)])
def test_processes_as_set(processes: int, expected: int) -> None:
    assert Settings(processes=processes).parsers() == expected


def test_processes_by_default_one_per_usable_cpu() -> None:
    assert Settings().parsers() >= 1


def _dies(documents, batch_size, max_chars):  # type: ignore[no-untyped-def]
    os._exit(1)  # as a worker killed for its memory would


def test_a_worker_that_dies_is_one_clear_error(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MIN_PARALLEL", 2)
    monkeypatch.setattr(pipeline, "_analyse_batch", _dies)
    with pytest.raises(ModelError, match="CRISISLEDGER_PROCESSES=1"):
        list(pipeline.analyse(documents(2), Settings(processes=2, batch_size=2), nlp=nlp))


def test_workers_start_before_a_whole_zone_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    pulled = []

    def sources():  # type: ignore[no-untyped-def]
        for n in range(1000):
            pulled.append(n)
            yield Document.from_text(f"Report {n}.", language="en")

    read_when_started = []

    def workers(docs, nlp, settings, n):  # type: ignore[no-untyped-def]
        read_when_started.append(len(pulled))
        return iter(())

    monkeypatch.setattr(pipeline, "_analyse_in_workers", workers)
    list(pipeline.analyse(sources(), Settings(processes=2, batch_size=16), nlp=object()))  # type: ignore[arg-type]
    assert read_when_started == [32]  # two batches' worth, not the zone of 512


def test_one_process_still_parses_whole_zones(monkeypatch: pytest.MonkeyPatch) -> None:
    zones = []
    monkeypatch.setattr(
        pipeline, "_analyse_zone", lambda chunk, nlp, batch_size, profile: zones.append(len(chunk)) or iter(())
    )
    nlp = SimpleNamespace(max_length=1_000_000)  # no parse: only what analyse reads before one
    list(pipeline.analyse([Document.from_text("x")] * 1000, Settings(processes=1), nlp=nlp))  # type: ignore[arg-type]
    assert zones == [512, 488]
