"""The export contract (docs/export.md): JSON with schema "crisisledger/1", and CSV tables.

Keys and fields are only ever added, never renamed or removed. Dates are ISO strings or null.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from .records import Document, Evidence, Figure, Place, Statement, StatusChange

SCHEMA = "crisisledger/1"
CSV_TABLES = ("figures", "status_changes", "statements", "documents")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {"start": evidence.start, "end": evidence.end, "text": evidence.text}


def _place(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "country_code": place.country_code,
        "lat": place.lat,
        "lon": place.lon,
        "geonames_id": place.geonames_id,
    }


def document_json(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": _iso(document.published),
    }


def figure_json(figure: Figure) -> dict[str, Any]:
    return {
        "id": figure.id,
        "document_id": figure.document_id,
        "kind": figure.kind,
        "min": figure.min,
        "max": figure.max,
        "approximate": figure.approximate,
        "vague": figure.vague,
        "as_of": _iso(figure.as_of),
        "place": _place(figure.place),
        "claimant": figure.claimant,
        "cited_source": figure.cited_source,
        "status": figure.status,
        "population": figure.population,
        "evidence": _evidence(figure.evidence),
    }


def status_change_json(change: StatusChange) -> dict[str, Any]:
    return {
        "figure_id": change.figure_id,
        "status": change.status,
        "date": _iso(change.date),
        "by": change.by,
        "evidence": _evidence(change.evidence),
    }


def statement_json(statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.id,
        "document_id": statement.document_id,
        "speaker": statement.speaker,
        "text": statement.text,
        "direct": statement.direct,
        "stance": statement.stance,
        "cue": statement.cue,
        "evidence": _evidence(statement.evidence),
    }


def to_json(
    documents: Iterable[Document],
    figures: Iterable[Figure],
    status_changes: Iterable[StatusChange],
    statements: Iterable[Statement],
) -> dict[str, Any]:
    """The whole ledger as one JSON-ready dict."""
    return {
        "schema": SCHEMA,
        "documents": [document_json(d) for d in documents],
        "figures": [figure_json(f) for f in figures],
        "status_changes": [status_change_json(c) for c in status_changes],
        "statements": [statement_json(s) for s in statements],
    }


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}_"))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def to_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    """Rows of one export table as CSV, nested objects flattened (place_name, evidence_start...)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(_flatten(row))
    return out.getvalue()


#: CSV columns per table; a figure without a place has empty place_* cells.
CSV_COLUMNS = {
    "figures": [
        "id", "document_id", "kind", "min", "max", "approximate", "vague", "as_of", "place_name",
        "place_country_code", "place_lat", "place_lon", "place_geonames_id", "claimant", "cited_source",
        "status", "population", "evidence_start", "evidence_end", "evidence_text",
    ],
    "status_changes": ["figure_id", "status", "date", "by", "evidence_start", "evidence_end", "evidence_text"],
    "statements": [
        "id", "document_id", "speaker", "text", "direct", "stance", "cue", "evidence_start", "evidence_end",
        "evidence_text",
    ],
    "documents": ["id", "title", "outlet", "url", "published"],
}  # fmt: skip
