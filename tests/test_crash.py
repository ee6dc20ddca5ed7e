"""A writer killed with SIGKILL while it stores (issue 12, docs/reliability.md "no partial document"): no
clean-up runs, and still every document in the store has all its records and no record lacks its document;
the store opens and takes the next document as usual, on both databases."""

from __future__ import annotations

import multiprocessing
import time
from datetime import date, timedelta

from crisisledger.records import Document, Evidence, Extraction, Figure, Statement, record_id
from crisisledger.store import Store

#: Records per document: many, so that storing one takes long enough for the kill to land inside it.
FIGURES = 200
MOST_DOCUMENTS = 10_000  # the writer's bound, should it never be killed
STORED_BEFORE_KILL = 3
WAIT = 60  # seconds, for the writer to store its first documents, and to die


def bulletin(index: int) -> Extraction:
    """The `index`th made-up bulletin: FIGURES counts of the killed, each with a statement about it."""
    day = date(2024, 6, 1) + timedelta(days=index % 300)
    lines = [f"Ward {n}: the river authority said {n + 1} people were killed." for n in range(FIGURES)]
    text = f"Bulletin {index} from Marshby.\n" + "\n".join(lines)
    document = Document.from_text(text, title=f"Bulletin {index}", outlet="Marshby Gazette", published=day)
    figures, statements = [], []
    for n, line in enumerate(lines):
        start = text.index(line)
        said = Evidence.of(document, start, start + len(line))
        figure = Figure(record_id("fig", document.id, n), document.id, "killed", n + 1, n + 1, said,
                        as_of=day, claimant="the river authority")  # fmt: skip
        figures.append(figure)
        statements.append(Statement(record_id("st", document.id, n), document.id, line, said,
                                    speaker="river authority", direct=False, figure_id=figure.id))  # fmt: skip
    return Extraction(document, figures=tuple(figures), statements=tuple(statements))


def _write(db: str) -> None:
    """Store bulletins one after another, as an ingest does (a document and its records per transaction)."""
    with Store.open(db) as store:
        for index in range(MOST_DOCUMENTS):
            store.add(bulletin(index))


def test_a_writer_killed_mid_write_leaves_only_whole_documents(db):
    Store.open(db).close()  # migrated before the writer starts
    writer = multiprocessing.get_context("spawn").Process(target=_write, args=(db,))
    writer.start()
    try:
        with Store.open(db) as store:
            deadline = time.monotonic() + WAIT
            while store.counts()["documents"] < STORED_BEFORE_KILL:
                assert writer.is_alive() and time.monotonic() < deadline, "the writer stored nothing"
                time.sleep(0.005)
    finally:
        writer.kill()  # SIGKILL: no exception, no rollback, no close; most likely inside the next document
        writer.join(WAIT)
    assert writer.exitcode == -9

    with Store.open(db) as store:
        documents = [d.id for d in store.documents(text=False)]
        figures: dict[str, int] = {}
        for figure in store.each_figure():
            figures[figure.document_id] = figures.get(figure.document_id, 0) + 1
        statements: dict[str, int] = {}
        for statement in store.each_statement():
            statements[statement.document_id] = statements.get(statement.document_id, 0) + 1
        assert len(documents) >= STORED_BEFORE_KILL
        assert figures == statements == dict.fromkeys(documents, FIGURES)  # each whole, none without its document
        # the store goes on: the document the kill interrupted (if it was) is stored whole now, and one more
        stored = len(documents)
        store.add(bulletin(stored))
        store.add(bulletin(stored + 1))
        assert store.counts()["figures"] == FIGURES * (stored + 2)
