"""Records across documents -> one ledger: lines of reconciled claims, incidents, linked entities, a timeline.

Three clocks: when something happened (an event's dates, a figure's as-of date), when it was reported (the
document's date), and when it was claimed (the status changes' dates). `as_of` keeps what reports published
by the end of that day said: the ledger as it was known then.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .. import review
from ..records import Actor, Document, Event, Figure, Role, StatusChange
from ..store import Store
from .entities import Entity, link_entities
from .incidents import Incident, Texts, build_incidents, independent_sources
from .lines import Claim, Contest, LedgerLine, build_lines, collection_paused, is_official, officials_of, population_of
from .streamed import each_ledger_line

__all__ = [
    "Claim",
    "Contest",
    "Entity",
    "Incident",
    "LedgerLine",
    "Reconciliation",
    "TimelineEntry",
    "build_incidents",
    "build_lines",
    "each_ledger_line",
    "independent_sources",
    "is_official",
    "ledger_lines",
    "link_entities",
    "officials_of",
    "population_of",
    "reconcile",
    "reconciled",
]


@dataclass(frozen=True)
class TimelineEntry:
    """A dated line of the timeline: an incident, or a claim of a figure."""

    date: date
    what: str  # "incident" or "claim"
    text: str
    ref: str  # the incident or figure id


@dataclass(frozen=True)
class Reconciliation:
    lines: tuple[LedgerLine, ...]
    incidents: tuple[Incident, ...]
    entities: tuple[Entity, ...]

    def timeline(self) -> list[TimelineEntry]:
        entries = []
        for incident in self.incidents:
            if incident.date_start is not None:
                where = f" in {incident.place.name}" if incident.place else ""
                sources = f"{incident.independent_sources} source(s)"
                entries.append(
                    TimelineEntry(incident.date_start, "incident", f"{incident.type}{where} ({sources})", incident.id)
                )
        for line in self.lines:
            for claim in line.claims:
                day = claim.figure.as_of or claim.reported
                if day is None:
                    continue
                value = _value(claim)
                where = f" in {line.place.name}" if line.place else ""
                who = f" ({line.population})" if line.population else ""
                text = f"{line.kind}{who}{where}: {value} per {claim.claimant} [{claim.status}]"
                entries.append(TimelineEntry(day, "claim", text, claim.figure.id))
        return sorted(entries, key=lambda e: (e.date, e.what != "incident", e.text))


def _value(claim: Claim) -> str:
    low, high = claim.figure.min, claim.figure.max
    if low is not None and high is not None:
        return f"{low:,}" if low == high else f"{low:,}-{high:,}"
    if low is not None:
        return f">={low:,}"
    return f"<={high:,}" if high is not None else "?"


def reconcile(store: Store, as_of: date | None = None) -> Reconciliation:
    """Reconcile everything in the store (or what was published by the end of `as_of`), read in one snapshot."""
    with collection_paused():  # reading makes as many objects as reconciling does: see collection_paused
        with store.reading():
            documents = store.documents()
            figures = review.figures_of(store, documents)
            changes, actors, roles, events = store.status_changes(), store.actors(), store.roles(), store.events()
        return reconciled(documents, figures, changes, actors, roles, events, as_of=as_of)


def ledger_lines(store: Store, as_of: date | None = None) -> list[LedgerLine]:
    """The ledger lines of `reconcile(store, as_of)`, read without what only incidents need: no events, and
    no report's text (a line needs where and when a claim was reported, not the report's words). All of them
    at once: `each_ledger_line` gives them one at a time."""
    return list(each_ledger_line(store, as_of))


def reconciled(
    documents: Sequence[Document],
    figures: Iterable[Figure],
    status_changes: Iterable[StatusChange],
    actors: Iterable[Actor],
    roles: Iterable[Role],
    events: Iterable[Event],
    as_of: date | None = None,
    texts: Texts | None = None,
) -> Reconciliation:
    """Reconcile records already read: `figures` as people decided them (`review.figures_of`), the documents
    with their texts (incidents compare reports' words to find republications), or without them when
    `texts` reads them (`build_incidents`)."""
    documents = _published(documents, as_of)
    kept = {d.id for d in documents}
    actors = [a for a in actors if a.document_id in kept]
    roles = [r for r in roles if r.document_id in kept]
    people = [(a.document_id, a.name) for a in actors if a.type == "person"]
    lines = _lines(documents, figures, status_changes, people, roles, as_of)
    incidents = build_incidents([e for e in events if e.document_id in kept], documents, texts)
    entities = link_entities(actors, roles)
    return Reconciliation(tuple(lines), tuple(incidents), tuple(entities))


def _published(documents: Sequence[Document], as_of: date | None) -> list[Document]:
    """The documents published by the end of `as_of` (all of them when it is None)."""
    return [d for d in documents if as_of is None or (d.published is not None and d.published <= as_of)]


def _lines(
    documents: list[Document],
    figures: Iterable[Figure],
    status_changes: Iterable[StatusChange],
    people: Iterable[tuple[str, str]],
    roles: Iterable[Role],
    as_of: date | None,
) -> list[LedgerLine]:
    kept = {d.id for d in documents}
    roles = [r for r in roles if r.document_id in kept]
    people = [(document_id, name) for document_id, name in people if document_id in kept]
    # what people decided about figures holds: corrections apply, rejected figures leave the ledger
    return build_lines(
        documents, review.standing(figures), status_changes, as_of=as_of, officials=officials_of(roles), people=people
    )
