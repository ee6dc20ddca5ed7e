"""The server reads while another process writes into the same store (SQLite in WAL mode, or PostgreSQL):
no read fails, and what is read is always whole documents."""

from __future__ import annotations

import multiprocessing
import time
from datetime import date

from fastapi.testclient import TestClient

from crisisledger.records import Document, Evidence, Extraction, Figure, record_id
from crisisledger.store import Store
from crisisledger.web import Settings, create_app

REPORTS = 40


def _report(n: int) -> Extraction:
    """A made-up report with two figures: a toll and a number detained in a town of its own."""
    text = f"Officials in Town {n} said {n + 3} people were killed and {n + 20} detained in the clashes."
    document = Document.from_text(text, outlet=f"Paper {n % 4}", published=date(2024, 3, 1 + n % 20))

    def figure(kind: str, value: int) -> Figure:
        at = text.index(str(value))
        return Figure(
            id=record_id("fig", document.id, kind, value),
            document_id=document.id,
            kind=kind,
            min=value,
            max=value,
            evidence=Evidence.of(document, at, at + len(str(value))),
            claimant=f"officials in Town {n}",
        )

    return Extraction(document=document, figures=(figure("killed", n + 3), figure("detained", n + 20)))


def _write(db: str, count: int) -> None:
    with Store.open(db) as store:
        for n in range(count):
            store.add(_report(n))
            time.sleep(0.05)  # a report at a time, as `watch` stores them: the reads fall between and during


def test_reads_answer_while_another_process_writes(db):
    Store.open(db).close()  # migrated before the two processes start
    writer = multiprocessing.get_context("spawn").Process(target=_write, args=(db, REPORTS))
    app = create_app(Settings(db=db, token="t"))
    statuses: list[int] = []
    whole: list[bool] = []
    seen: list[int] = []
    with TestClient(app) as client:
        writer.start()
        try:
            while writer.is_alive() or not statuses:
                for path in ("/api/v1/ledger", "/api/v1/figures?limit=500", "/", "/api/v1/documents"):
                    answer = client.get(path)
                    statuses.append(answer.status_code)
                    if path.startswith("/api/v1/figures"):
                        figures = answer.json()["figures"]
                        seen.append(len(figures))
                        # a document is stored whole or not at all: its two figures come together
                        per_document: dict[str, int] = {}
                        for figure in figures:
                            per_document[figure["document_id"]] = per_document.get(figure["document_id"], 0) + 1
                        whole.append(set(per_document.values()) <= {2})
        finally:
            writer.join(timeout=120)
        assert writer.exitcode == 0
        final = client.get("/api/v1/figures?limit=500").json()["figures"]
    assert set(statuses) == {200}, statuses
    assert all(whole) and len(statuses) >= 4
    assert len(final) == 2 * REPORTS
    assert any(0 < n < 2 * REPORTS for n in seen), seen  # some reads came while the writer was at work
