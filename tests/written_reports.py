"""Reports written for a test, read through the whole pipeline as an ingest reads them: a header (title, date,
outlet) and a body, the title read only for the counts it alone states."""

from __future__ import annotations

from datetime import date

from crisisledger.pipeline import analyse
from crisisledger.records import Document, Extraction

HEADER = "title: {title}\ndate: {day}\noutlet: {outlet}\n\n"


def read_report(body: str, *, title: str, day: date = date(2022, 1, 10), outlet: str = "Тестовые вести") -> Extraction:
    """The Extraction of one report with this body, its header made from the rest; it must raise no problem."""
    header = HEADER.format(title=title, day=day.isoformat(), outlet=outlet)
    document = Document.from_text(header + body, title=title, outlet=outlet, published=day, body_start=len(header))
    (extraction,) = analyse([document])
    assert extraction.problems == ()
    return extraction
