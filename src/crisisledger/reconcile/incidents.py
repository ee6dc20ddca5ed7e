"""Incidents: one happening seen by many reports, and how many independent sources saw it.

Two events are the same incident when they have the same type, compatible places (the same place, or a
place within the other's country), dates that overlap (a day of slack for reports dated by their
publication), and, when both name actors, at least one actor in common. Reports that republish the same
wire story (nearly the same words) count as one source, and so do reports of one outlet.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ..records import Document, Event, Place

_SLACK = timedelta(days=1)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Incident:
    id: str
    type: str
    place: Place | None
    date_start: date | None
    date_end: date | None
    events: tuple[Event, ...]
    document_ids: tuple[str, ...]
    independent_sources: int


def places_agree(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None:
        return True
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    if a.name.lower() == b.name.lower():
        return True
    # a country and a place in it
    if a.level == "country" or b.level == "country":
        return a.country_code is not None and a.country_code == b.country_code
    return False


def _span(event: Event) -> tuple[date, date] | None:
    start = event.date_start or event.date_end
    end = event.date_end or event.date_start
    return (start, end) if start and end else None


def _dates_agree(a: Event, b: Event) -> bool:
    span_a, span_b = _span(a), _span(b)
    if span_a is None or span_b is None:
        return span_a is None and span_b is None
    return span_a[0] - _SLACK <= span_b[1] and span_b[0] - _SLACK <= span_a[1]


def same_incident(a: Event, b: Event) -> bool:
    if a.type != b.type or a.modality != b.modality:
        return False
    if not (places_agree(a.place, b.place) and _dates_agree(a, b)):
        return False
    if a.actors and b.actors and not set(a.actors) & set(b.actors):
        return False
    return True


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + 5]) for i in range(max(len(words) - 4, 1))}


def _republished(a: Document, b: Document) -> bool:
    """Nearly the same words: the same wire story in two outlets (Jaccard of 5-word shingles >= 0.6)."""
    sa, sb = _shingles(a.text[a.body_start :]), _shingles(b.text[b.body_start :])
    if not sa or not sb:
        return False
    return len(sa & sb) / len(sa | sb) >= 0.6


def independent_sources(documents: list[Document]) -> int:
    """How many independent sources the documents are: republications and one outlet's reports count once."""
    parent = list(range(len(documents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(documents):
        for j in range(i + 1, len(documents)):
            b = documents[j]
            same_outlet = a.outlet is not None and a.outlet == b.outlet
            if same_outlet or _republished(a, b):
                parent[find(i)] = find(j)
    return len({find(i) for i in range(len(documents))})


def build_incidents(events: Iterable[Event], documents: Iterable[Document]) -> list[Incident]:
    """Group events into incidents (single-linkage within each type), oldest first."""
    by_id = {d.id: d for d in documents}
    events = [e for e in events if e.document_id in by_id]
    groups: list[list[Event]] = []
    by_type: dict[str, list[list[Event]]] = {}
    for event in sorted(events, key=lambda e: (e.date_start or date.min, e.id)):
        candidates = by_type.setdefault(event.type, [])
        joined = [g for g in candidates if any(same_incident(event, other) for other in g)]
        if not joined:
            group = [event]
            candidates.append(group)
            groups.append(group)
            continue
        first, *rest = joined
        first.append(event)
        for other in rest:  # the event bridges groups: they are one incident
            first.extend(other)
            candidates.remove(other)
            groups.remove(other)
    return [_incident(group, by_id) for group in groups]


def _incident(group: list[Event], documents: dict[str, Document]) -> Incident:
    document_ids = tuple(dict.fromkeys(e.document_id for e in group))
    starts = [e.date_start for e in group if e.date_start]
    ends = [day for e in group if (day := e.date_end or e.date_start) is not None]
    places = [e.place for e in group if e.place is not None]
    # the most specific place any report gives
    place = min(places, key=lambda p: {"city": 0, "region": 1}.get(p.level or "", 2), default=None)
    digest = hashlib.sha1("|".join(sorted(e.id for e in group)).encode()).hexdigest()[:10]
    return Incident(
        id=f"inc-{digest}",
        type=group[0].type,
        place=place,
        date_start=min(starts, default=None),
        date_end=max(ends, default=None),
        events=tuple(group),
        document_ids=document_ids,
        independent_sources=independent_sources([documents[d] for d in document_ids]),
    )
