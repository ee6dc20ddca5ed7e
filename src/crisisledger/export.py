"""The export contract (docs/export.md): JSON with schema "crisisledger/1", and CSV tables.

Keys and fields are only ever added, never renamed or removed. Dates are ISO strings or null.

`to_json` builds the whole export as one dict from records at hand. A store is exported by `write_json` and
`write_csv` over `StoreExport`: in one snapshot of the store, each table written as it is read, and the
reconciled keys made as they are written, so memory holds the documents (without their texts) and status
changes, and one reconciled key's working set at a time, never a whole table or the output itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any, TextIO

from .records import (
    Actor,
    Document,
    Event,
    Evidence,
    Figure,
    Place,
    PlaceMention,
    Role,
    Statement,
    StatusChange,
    TimeExpression,
)
from .review import review_json
from .safe import csv_cell, json_text

if TYPE_CHECKING:  # only in annotations; at run time the views import this module without them (start-up)
    from .reconcile import Entity, Incident, LedgerLine, Reconciliation
    from .review import Review
    from .store import Store
    from .store.paging import DocumentRow

SCHEMA = "crisisledger/1"
CSV_TABLES = (
    "figures", "status_changes", "statements", "documents", "actors", "roles", "events", "places", "time_expressions",
    "reviews", "ledger", "incidents",
)  # fmt: skip
#: The export key a CSV table is read from, where the two names differ.
CSV_KEYS = {"ledger": "ledger_lines"}


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


def document_json(document: Document | DocumentRow) -> dict[str, Any]:
    """A document without its text (a list's row, `DocumentRow`, has everything this needs)."""
    return {
        "id": document.id,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": _iso(document.published),
        "language": document.language,
    }


def figure_json(figure: Figure, status: str | None = None) -> dict[str, Any]:
    """A figure; `status` is its status now (the latest change any report gives it), else its own."""
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
        "status": status or figure.status,
        "population": figure.population,
        "part_of": figure.part_of,
        "evidence": _evidence(figure.evidence),
        "review": figure.review,
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
        "figure_id": statement.figure_id,
        "about": statement.about,
        "evidence": _evidence(statement.evidence),
    }


def actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "document_id": actor.document_id,
        "name": actor.name,
        "type": actor.type,
        "aliases": list(actor.aliases),
        "country": actor.country,
        "evidence": _evidence(actor.evidence),
    }


def role_json(role: Role) -> dict[str, Any]:
    return {
        "id": role.id,
        "actor_id": role.actor_id,
        "actor": role.actor,
        "title": role.title,
        "organization": role.organization,
        "change": role.change,
        "reason": role.reason,
        "previous_role": role.previous_role,
        "date": _iso(role.date),
        "announced_by": role.announced_by,
        "replaces": list(role.replaces),
        "document_id": role.document_id,
        "evidence": _evidence(role.evidence),
    }


def _details(pairs: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """Details as an object: a key given once holds its value, a key given more than once a list of them
    ("measure": ["checkpoints", "exit_ban"])."""
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return {key: values[0] if len(values) == 1 else values for key, values in grouped.items()}


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "document_id": event.document_id,
        "type": event.type,
        "subtype": event.subtype,
        "date_start": _iso(event.date_start),
        "date_end": _iso(event.date_end),
        "place": _place(event.place),
        "actors": list(event.actors),
        "figure_ids": list(event.figure_ids),
        "modality": event.modality,
        "duration_days": event.duration_days,
        "details": _details(event.details),
        "evidence": _evidence(event.evidence),
    }


def place_mention_json(mention: PlaceMention) -> dict[str, Any]:
    """Flat, unlike a figure's place: a mention is its span and its place, nothing else to nest them under."""
    place = mention.place
    return {
        "document_id": mention.document_id,
        "start": mention.evidence.start,
        "end": mention.evidence.end,
        "text": mention.evidence.text,
        "name": place.name,
        "country_code": place.country_code,
        "admin1": mention.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "geonames_id": place.geonames_id,
    }


def time_expression_json(expression: TimeExpression) -> dict[str, Any]:
    return {
        "document_id": expression.document_id,
        "start": expression.evidence.start,
        "end": expression.evidence.end,
        "text": expression.evidence.text,
        "type": expression.type,
        "value": expression.value,
    }


def _bound(claim, upper: bool) -> int | None:
    if claim is None:
        return None
    figure = claim.figure
    if upper:
        return figure.max if figure.max is not None else figure.min
    return figure.min if figure.min is not None else figure.max


def ledger_line_json(line: LedgerLine) -> dict[str, Any]:
    return {
        "id": line.id,
        "kind": line.kind,
        "place": _place(line.place),
        "population": line.population,
        "period": _iso(line.period),
        "range": {
            "min": _bound(line.range_min, upper=False),
            "max": _bound(line.range_max, upper=True),
            "min_claim_id": line.range_min.figure.id if line.range_min else None,
            "max_claim_id": line.range_max.figure.id if line.range_max else None,
        },
        "latest": [
            {
                "claimant": c.claimant,
                "figure_id": c.figure.id,
                "as_of": _iso(c.figure.as_of),
                "status": c.status,
                "relayed_by": list(c.relayed_by),
            }
            for c in line.latest
        ],
        "latest_official": line.latest_official.figure.id if line.latest_official else None,
        "contested": [
            {
                "figure_id": c.figure_id,
                "reason": c.reason,
                "by": c.by,
                "date": _iso(c.date),
                "other_figure_id": c.other_figure_id,
            }
            for c in line.contested
        ],
        "series": [
            {
                "as_of": _iso(c.figure.as_of),
                "reported": _iso(c.reported),
                "min": c.figure.min,
                "max": c.figure.max,
                "claimant": c.claimant,
                "official": c.official,
                "status": c.status,
                "figure_id": c.figure.id,
                "replaced_by": c.replaced_by,
                "relayed_by": list(c.relayed_by),
            }
            for c in line.claims
        ],
    }


def incident_json(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "type": incident.type,
        "place": _place(incident.place),
        "date_start": _iso(incident.date_start),
        "date_end": _iso(incident.date_end),
        "event_ids": [e.id for e in incident.events],
        "document_ids": list(incident.document_ids),
        "independent_sources": incident.independent_sources,
    }


def entity_json(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "country": entity.country,
        "actor_ids": list(entity.actor_ids),
        "document_ids": list(entity.document_ids),
    }


def to_json(
    documents: Iterable[Document],
    figures: Iterable[Figure],
    status_changes: Iterable[StatusChange],
    statements: Iterable[Statement],
    actors: Iterable[Actor] = (),
    roles: Iterable[Role] = (),
    events: Iterable[Event] = (),
    reconciliation: Reconciliation | None = None,
    places: Iterable[PlaceMention] = (),
    time_expressions: Iterable[TimeExpression] = (),
    reviews: Iterable[Review] = (),
) -> dict[str, Any]:
    """The whole ledger as one JSON-ready dict; records are exported in the order given (the store's reading
    order: by document, then position in the text)."""
    status_changes = list(status_changes)
    now = _statuses_now(status_changes)
    reconciled = {}
    if reconciliation is not None:
        reconciled = {
            "ledger_lines": [ledger_line_json(line) for line in reconciliation.lines],
            "incidents": [incident_json(incident) for incident in reconciliation.incidents],
            "entities": [entity_json(entity) for entity in reconciliation.entities],
        }
    return {
        "schema": SCHEMA,
        "documents": [document_json(d) for d in documents],
        "figures": [figure_json(f, now.get(f.id)) for f in figures],
        "status_changes": [status_change_json(c) for c in status_changes],
        "statements": [statement_json(s) for s in statements],
        "actors": [actor_json(a) for a in actors],
        "roles": [role_json(r) for r in roles],
        "events": [event_json(e) for e in events],
        "places": [place_mention_json(p) for p in places],
        "time_expressions": [time_expression_json(t) for t in time_expressions],
        **reconciled,
        "reviews": [review_json(r) for r in reviews],
    }


def _statuses_now(changes: list[StatusChange]) -> dict[str, str]:
    """Each changed figure's status now: the latest change any report gives it (by date, a withdrawal last on
    its day, as the ledger and `crisisledger figures` order them)."""
    ordered = sorted(changes, key=lambda c: (c.date or date.min, c.status == "withdrawn"))
    return {change.figure_id: change.status for change in ordered}


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and key != "details":
            flat.update(_flatten(value, f"{prefix}{key}_"))
        elif isinstance(value, list | dict):
            flat[f"{prefix}{key}"] = json_text(value, indent=None)  # lists stay one cell (its JSON, escaped)
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def csv_rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """The rows of one CSV table from an export: figures carry their report's outlet, published date and
    URL, so a spreadsheet row stands on its own."""
    rows = data[CSV_KEYS.get(table, table)]
    if table != "figures":
        return list(rows)
    documents = {d["id"]: d for d in data["documents"]}
    return [
        {**row, "document": {k: documents.get(row["document_id"], {}).get(k) for k in ("outlet", "published", "url")}}
        for row in rows
    ]


def to_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    """Rows of one export table as CSV, nested objects flattened (place_name, evidence_start...); no cell
    can run as a spreadsheet formula or holds a control character (`safe.csv_cell`)."""
    out = io.StringIO()
    write_csv(out, rows, columns)
    return out.getvalue()


def write_csv(out: TextIO, rows: Iterable[dict[str, Any]], columns: list[str]) -> None:
    """`to_csv`, written to `out` row by row as the rows come."""
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in _flatten(row).items()})


# -- exporting a store as it is read -------------------------------------------------------------------------

#: The keys of the JSON export after "schema", in the contract's order (`to_json`'s, reconciled keys included).
JSON_KEYS = (
    "documents", "figures", "status_changes", "statements", "actors", "roles", "events", "places",
    "time_expressions", "ledger_lines", "incidents", "entities", "reviews",
)  # fmt: skip


class StoreExport:
    """The export of a store, read as it is written: use it inside `store.reading()`, so every table is read
    once and all of them in one snapshot.

    The documents (without their texts), status changes and reviews are read once, on first use, and kept.
    Every other table streams from the store to the output: statements, place mentions, time expressions,
    figures, actors, roles, events; the ledger lines are made one at a time as they are written
    (`reconcile.each_ledger_line`); incidents read the events again, and the texts of the reports whose
    words they compare a batch at a time (`reconcile.build_incidents`); entities read the actors and roles
    again. So no two tables are held at once (docs/performance.md). `reconciliation` (all of it at once,
    for the ACLED export) reads and keeps the figures, actors, roles and events, and the keys written after
    it use what it made. `texts=False`: an export that does not reconcile (a CSV of figures); reconciling
    then raises ValueError.
    """

    def __init__(self, store: Store, *, texts: bool = True) -> None:
        self.store = store
        self.texts = texts

    @cached_property
    def documents(self) -> list[Document]:
        """Every document without its text (no key of the export has it; incidents read it where needed)."""
        return self.store.documents(text=False)

    @cached_property
    def reviews(self) -> list[Review]:
        from .review import load as load_reviews

        return load_reviews(self.store)

    @cached_property
    def figures(self) -> list[Figure]:
        """Every figure as people decided, rejected ones marked (`review.figures_of`; the documents are read
        without their texts, so a figure a person added takes its words from its report read then)."""
        from .review import figures_of

        return figures_of(self.store, self.documents, texts=False, reviews=self.reviews)

    def _each_figure(self) -> Iterator[Figure]:
        """The figures, as kept (`figures`) once something read them all, else read as they are written."""
        if "figures" in self.__dict__:
            return iter(self.figures)
        from .review import each_figure_of

        return each_figure_of(self.store, self.documents, texts=False, reviews=self.reviews)

    @cached_property
    def status_changes(self) -> list[StatusChange]:
        return self.store.status_changes()

    @cached_property
    def statuses_now(self) -> dict[str, str]:
        return _statuses_now(self.status_changes)

    @cached_property
    def actors(self) -> list[Actor]:
        return self.store.actors()

    @cached_property
    def roles(self) -> list[Role]:
        return self.store.roles()

    @cached_property
    def events(self) -> list[Event]:
        return self.store.events()

    def _texts(self, ids: list[str]) -> list[Document]:
        """The documents with these ids, with their texts (what incidents compare)."""
        if not self.texts:
            raise ValueError("reconciling needs the documents' texts: make the StoreExport with texts=True")
        return self.store.documents_with_ids(ids)

    @cached_property
    def reconciliation(self) -> Reconciliation:
        """All of the reconciliation at once (lines, incidents, entities), from the figures kept."""
        if not self.texts:
            raise ValueError("reconciling needs the documents' texts: make the StoreExport with texts=True")
        from .reconcile import reconciled

        records = (self.documents, self.figures, self.status_changes, self.actors, self.roles, self.events)
        return reconciled(*records, texts=self._texts)

    def _ledger_lines(self) -> Iterator[LedgerLine]:
        """The ledger lines, each made as it is written (or those of `reconciliation`, once it is made)."""
        if "reconciliation" in self.__dict__:
            return iter(self.reconciliation.lines)
        if not self.texts:  # as `reconciliation` says: the export does not reconcile
            raise ValueError("reconciling needs the documents' texts: make the StoreExport with texts=True")
        from .reconcile import each_ledger_line

        return each_ledger_line(self.store, documents=self.documents)

    def _incidents(self) -> list[Incident]:
        """The incidents of `reconciliation`, made without the ledger lines."""
        if "reconciliation" in self.__dict__:
            return list(self.reconciliation.incidents)
        if not self.texts:
            raise ValueError("reconciling needs the documents' texts: make the StoreExport with texts=True")
        from .reconcile import build_incidents

        return build_incidents(self._kept("events", self.store.each_event), self.documents, self._texts)

    def _entities(self) -> list[Entity]:
        if "reconciliation" in self.__dict__:
            return list(self.reconciliation.entities)
        if not self.texts:
            raise ValueError("reconciling needs the documents' texts: make the StoreExport with texts=True")
        from .reconcile import link_entities

        return link_entities(self._kept("actors", self.store.each_actor), self._kept("roles", self.store.each_role))

    def _kept(self, name: str, read: Callable[[], Iterator[Any]]) -> Iterator[Any]:
        """The records of `name` as kept, once something read them all (`reconciliation`), else as they are
        read: the export's keys hold none of them, and incidents and entities read what they need when they
        are made, so that no two of them are held at once."""
        return iter(self.__dict__[name]) if name in self.__dict__ else read()

    def records(self, key: str) -> Iterator[dict[str, Any]]:
        """The JSON records of one key of the export (`JSON_KEYS`), as `to_json` gives them, made as they are
        written."""
        return self._makers()[key]()

    def _makers(self) -> dict[str, Callable[[], Iterator[dict[str, Any]]]]:
        store = self.store
        return {
            "documents": lambda: map(document_json, self.documents),
            "figures": lambda: (figure_json(f, self.statuses_now.get(f.id)) for f in self._each_figure()),
            "status_changes": lambda: map(status_change_json, self.status_changes),
            "statements": lambda: map(statement_json, store.each_statement()),
            "actors": lambda: map(actor_json, self._kept("actors", store.each_actor)),
            "roles": lambda: map(role_json, self._kept("roles", store.each_role)),
            "events": lambda: map(event_json, self._kept("events", store.each_event)),
            "places": lambda: map(place_mention_json, store.each_place()),
            "time_expressions": lambda: map(time_expression_json, store.each_time_expression()),
            "ledger_lines": lambda: map(ledger_line_json, self._ledger_lines()),
            "incidents": lambda: map(incident_json, self._incidents()),
            "entities": lambda: map(entity_json, self._entities()),
            "reviews": lambda: map(review_json, self.reviews),
        }

    def csv_rows(self, table: str) -> Iterator[dict[str, Any]]:
        """The rows of one CSV table (`CSV_TABLES`), as `csv_rows` gives them from the whole export."""
        rows = self.records(CSV_KEYS.get(table, table))
        if table != "figures":
            return rows
        documents = {d.id: document_json(d) for d in self.documents}
        fields = ("outlet", "published", "url")
        return ({**row, "document": {k: documents.get(row["document_id"], {}).get(k) for k in fields}} for row in rows)


def write_json(out: TextIO, export: StoreExport) -> None:
    """The whole export as JSON, written key by key and record by record: the same characters as
    `json.dumps(to_json(...), ensure_ascii=False, indent=2) + "\n"` over the same records (a test pins it),
    without ever holding them all, except that C1 controls and bidi overrides in strings are \\u escapes
    (`safe.json_text`: the same JSON value)."""
    out.write('{\n  "schema": ' + json_text(SCHEMA))
    for key in JSON_KEYS:
        out.write(",\n  " + json_text(key) + ": ")
        write_json_list(out, export.records(key), depth=1)
    out.write("\n}\n")


def write_json_list(out: IO[str], records: Iterable[Any], *, depth: int = 0) -> None:
    """`safe.json_text(list(records))` as it stands `depth` levels deep in a JSON document (its lines indented
    to match, no line break after it), written record by record as they come, never held whole."""
    inner, written = "\n" + "  " * (depth + 1), False
    for record in records:
        # json_text indents a record from column 0, and strings never hold a raw newline (they are escaped),
        # so every line break in it is indentation, to be moved in by the list's depth
        out.write("," + inner if written else "[" + inner)
        out.write(json_text(record).replace("\n", inner))
        written = True
    out.write("\n" + "  " * depth + "]" if written else "[]")


#: CSV columns per table; a figure without a place has empty place_* cells.
CSV_COLUMNS = {
    "figures": [
        "id", "document_id", "kind", "min", "max", "approximate", "vague", "as_of", "place_name",
        "place_country_code", "place_lat", "place_lon", "place_geonames_id", "claimant", "cited_source",
        "status", "population", "part_of", "evidence_start", "evidence_end", "evidence_text", "review",
        "document_outlet", "document_published", "document_url",
    ],
    "status_changes": ["figure_id", "status", "date", "by", "evidence_start", "evidence_end", "evidence_text"],
    "statements": [
        "id", "document_id", "speaker", "text", "direct", "stance", "cue", "evidence_start", "evidence_end",
        "evidence_text",
    ],
    "documents": ["id", "title", "outlet", "url", "published", "language"],
    "actors": ["id", "document_id", "name", "type", "aliases", "country", "evidence_start", "evidence_end",
               "evidence_text"],
    "roles": ["id", "document_id", "actor_id", "actor", "title", "organization", "change", "reason",
              "previous_role", "date", "announced_by", "replaces", "evidence_start", "evidence_end",
              "evidence_text"],
    "events": ["id", "document_id", "type", "subtype", "date_start", "date_end", "place_name",
               "place_country_code", "place_lat", "place_lon", "place_geonames_id", "actors", "figure_ids",
               "modality", "duration_days", "details", "evidence_start", "evidence_end", "evidence_text"],
    "places": ["document_id", "start", "end", "text", "name", "country_code", "admin1", "lat", "lon", "geonames_id"],
    "time_expressions": ["document_id", "start", "end", "text", "type", "value"],
    "reviews": ["id", "figure_id", "document_id", "action", "field", "old", "new", "by", "at", "note"],
    "ledger": ["id", "kind", "place_name", "place_country_code", "population", "period", "range_min", "range_max",
               "range_min_claim_id", "range_max_claim_id", "latest_official", "latest", "contested", "series"],
    "incidents": ["id", "type", "place_name", "place_country_code", "date_start", "date_end", "independent_sources",
                  "event_ids", "document_ids"],
}  # fmt: skip
