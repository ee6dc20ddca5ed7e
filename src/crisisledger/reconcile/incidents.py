"""Incidents: one happening seen by many reports, and how many independent sources saw it.

Two events are the same incident when they have the same type, compatible places (the same place, or a
place within the other's country), dates that overlap (a day of slack for reports dated by their
publication), and, when both name actors, at least one actor in common. Reports that republish the same
wire story (nearly the same words) count as one source, and so do reports of one outlet.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from ..records import Document, Event, Place

_SLACK = timedelta(days=1)
#: Two reports whose 5-word shingles have at least this Jaccard similarity are one story republished.
_REPUBLISHED = Fraction(3, 5)  # exact: the filters below must never cut a pair that reaches it
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


#: A document's shingles by its id, made once per reconciliation (`build_incidents`), not once per pair.
Shingles = dict[str, set[tuple[str, ...]]]


def _shingles_of(document: Document, kept: Shingles) -> set[tuple[str, ...]]:
    found = kept.get(document.id)
    if found is None:
        found = kept[document.id] = _shingles(document.text[document.body_start :])
    return found


def _republished(a: Document, b: Document, kept: Shingles | None = None) -> bool:
    """Nearly the same words: the same wire story in two outlets (Jaccard of 5-word shingles >= 0.6)."""
    kept = {} if kept is None else kept
    sa, sb = _shingles_of(a, kept), _shingles_of(b, kept)
    if not sa or not sb:
        return False
    small, large = sorted((len(sa), len(sb)))
    if small < _REPUBLISHED * large:  # the Jaccard of two sets is at most the smaller over the larger
        return False
    shared = len(sa & sb)
    return shared * _REPUBLISHED.denominator >= (len(sa) + len(sb) - shared) * _REPUBLISHED.numerator


def independent_sources(documents: list[Document], shingles: Shingles | None = None) -> int:
    """How many independent sources the documents are: republications and one outlet's reports count once.

    One outlet's reports are joined first; then only documents not yet joined are compared for
    republication, each document's shingles made once (`shingles` keeps them across calls)."""
    kept = {} if shingles is None else shingles
    parent = list(range(len(documents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of_outlet: dict[str, int] = {}
    for i, document in enumerate(documents):
        if document.outlet is not None:
            parent[find(i)] = find(first_of_outlet.setdefault(document.outlet, i))
    for i, j in _may_be_republished([_shingles_of(d, kept) for d in documents]):
        if find(i) != find(j) and _republished(documents[i], documents[j], kept):
            parent[find(i)] = find(j)
    return len({find(i) for i in range(len(documents))})


def _may_be_republished(sets: list[set[tuple[str, ...]]]) -> list[tuple[int, int]]:
    """The pairs of documents whose shingles can reach the Jaccard threshold, in order (i < j): prefix
    filtering, exact for Jaccard. With the shingles of every document in one order (rarest first), two
    sets of Jaccard >= t share one of the first |s| - ceil(t |s|) + 1 shingles of each; pairs sharing none
    are never compared. (Our own code: the similarity-join libraries we found are approximate, MinHash.)"""
    frequency: dict[tuple[str, ...], int] = {}
    for shingles in sets:
        for shingle in shingles:
            frequency[shingle] = frequency.get(shingle, 0) + 1
    by_prefix: dict[tuple[str, ...], list[int]] = {}
    pairs: set[tuple[int, int]] = set()
    for j, shingles in enumerate(sets):
        if not shingles:
            continue
        ordered = sorted(shingles, key=lambda s: (frequency[s], s))
        size = len(ordered)
        for shingle in ordered[: size - math.ceil(_REPUBLISHED * size) + 1]:
            for i in by_prefix.get(shingle, ()):
                pairs.add((i, j))
            by_prefix.setdefault(shingle, []).append(j)
    return sorted(pairs)


#: An event whose dates span more days than this is looked up by scanning, not by day.
_LONG = 60


class _Seen:
    """The events of one type and modality grouped so far, found by the days they span: an event can only be
    the same incident as one whose dates meet its own (one day of slack), or, when undated, an undated one."""

    def __init__(self) -> None:
        self.by_day: dict[date, list[int]] = {}
        self.long: list[int] = []
        self.dated: list[int] = []
        self.undated: list[int] = []

    def add(self, n: int, span: tuple[date, date] | None) -> None:
        if span is None:
            self.undated.append(n)
            return
        self.dated.append(n)
        days = (span[1] - span[0]).days
        if days > _LONG or days < 0:
            self.long.append(n)
            return
        for offset in range(days + 1):
            self.by_day.setdefault(span[0] + timedelta(days=offset), []).append(n)

    def near(self, span: tuple[date, date] | None) -> set[int]:
        if span is None:
            return set(self.undated)
        low, high = span[0] - _SLACK, span[1] + _SLACK
        days = (high - low).days
        if days > _LONG + 2 or days < 0:
            return set(self.dated)
        found = set(self.long)
        for offset in range(days + 1):
            found.update(self.by_day.get(low + timedelta(days=offset), ()))
        return found


def build_incidents(
    events: Iterable[Event], documents: Iterable[Document], shingles: Shingles | None = None
) -> list[Incident]:
    """Group events into incidents (single-linkage within each type), oldest first.

    Each event is compared only with the events of its type and modality whose dates meet its own (`_Seen`):
    the same groups, in the same order, as comparing it with every event of its type (a test pins that), in
    about n log n for events spread over time instead of n squared."""
    by_id = {d.id: d for d in documents}
    ordered = sorted((e for e in events if e.document_id in by_id), key=lambda e: (e.date_start or date.min, e.id))
    groups: dict[int, list[int]] = {}  # surviving groups by creation number: the order they are given in
    group_of: list[int] = []
    seen: dict[tuple[str, str], _Seen] = {}
    made = 0
    for n, event in enumerate(ordered):
        span = _span(event)
        kin = seen.setdefault((event.type, event.modality), _Seen())
        # one match is enough to join a group: its other events need not be compared
        matched: set[int] = set()
        for m in sorted(kin.near(span)):
            if group_of[m] not in matched and same_incident(event, ordered[m]):
                matched.add(group_of[m])
        joined = sorted(matched)
        kin.add(n, span)
        if not joined:
            group_of.append(made)
            groups[made] = [n]
            made += 1
            continue
        first, *rest = joined
        group_of.append(first)
        groups[first].append(n)
        for other in rest:  # the event bridges groups: they are one incident
            for m in groups[other]:
                group_of[m] = first
            groups[first].extend(groups.pop(other))
    kept = {} if shingles is None else shingles
    return [_incident([ordered[m] for m in members], by_id, kept) for members in groups.values()]


def _incident(group: list[Event], documents: dict[str, Document], shingles: Shingles) -> Incident:
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
        independent_sources=independent_sources([documents[d] for d in document_ids], shingles),
    )
