"""Incidents: one happening seen by many reports, and how many independent sources saw it.

Two events are the same incident when they have the same type, compatible places (the same place, or a
place within the other's country), dates that overlap (a day of slack for reports dated by their
publication), and, when both name actors, at least one actor in common. Reports that republish the same
wire story (nearly the same words) count as one source, and so do reports of one outlet.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from ..records import Document, Event, Place
from .lines import collection_paused

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


#: The words of a shingle: a report's text is compared as its runs of this many words.
_SHINGLE = 5


class _Shingled:
    """Each report's shingles (its runs of _SHINGLE words; a text too short for one is one shingle of all its
    words), made once per reconciliation, as numbers ranked rarest first. The numbers stand for the shingles
    one for one, so every size, overlap and Jaccard is that of the shingles themselves; one order for all
    reports is what prefix filtering needs (any order is exact; rarest first makes the fewest candidate
    pairs). `ordered` holds each report's numbers, ascending, in 4 bytes each (views of one array);
    `signatures` folds them into _BITS bits.

    Made in numpy: words are numbered as they first appear, a shingle is its words' numbers packed into a few
    64-bit keys (`_packed`), and sorting the keys numbers the distinct shingles. Neither the shingles' words
    nor a set of Python ints per report is kept: at 3,840 reports of 600 words those were most of the memory
    a JSON export held (docs/performance.md)."""

    def __init__(self, documents: Iterable[Document]) -> None:
        documents = list(documents)
        self.ordered: dict[str, Any] = {}  # document id -> numpy.ndarray (numpy is imported only when needed)
        self.signatures: dict[str, bytes] = {}
        if not documents:
            return  # no words to compare (no incident of two outlets): numpy need not be loaded
        import numpy  # only here: the commands that need no incidents need none of it

        vocabulary: dict[str, int] = {}
        flat = array("i")  # every report's word numbers, one report after the other, 4 bytes each
        lengths = []
        for document in documents:
            words = _WORD.findall(document.text[document.body_start :].lower())
            for word in dict.fromkeys(words):  # each new word numbered from 1, as it first appears
                vocabulary.setdefault(word, len(vocabulary) + 1)
            flat.extend(map(vocabulary.__getitem__, words))
            # a text too short for one shingle is padded with 0, which no word is: one shingle of its words
            flat.extend([0] * (_SHINGLE - len(words)))
            lengths.append(max(len(words), _SHINGLE))
        bits = max(len(vocabulary).bit_length(), 1)  # what the largest number takes
        del vocabulary
        numbers = numpy.frombuffer(flat, dtype=numpy.intc) if flat else numpy.zeros(0, dtype=numpy.intc)
        # a shingle starts at every word of a report but its last _SHINGLE - 1
        ends = numpy.cumsum(numpy.array(lengths, dtype=numpy.int64))
        starts = numpy.ones(max(len(numbers) - _SHINGLE + 1, 0), dtype=bool)
        for back in range(1, _SHINGLE):
            starts[ends[ends - back < len(starts)] - back] = False
        keys = _packed(numbers, starts, bits)
        del numbers, flat, starts, ends
        shingle = _numbered(keys)  # each report's shingles in turn, as numbers
        del keys
        count = int(shingle.max(initial=-1)) + 1
        # each report's distinct shingles: (report, shingle) pairs, as one int64 each, sorted, once each
        pairs = numpy.repeat(
            numpy.arange(len(documents), dtype=numpy.int64), numpy.array(lengths, dtype=numpy.int64) - _SHINGLE + 1
        )
        pairs *= count
        pairs += shingle
        del shingle
        pairs.sort()  # numpy.unique would hash them: slower
        pairs = pairs[numpy.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
        report, shingle = numpy.divmod(pairs, max(count, 1))
        del pairs
        # rarest first; among shingles as frequent, by their number (the order of their words' numbers)
        rank = numpy.empty(count, dtype=numpy.int64)
        rank[numpy.lexsort((numpy.arange(count), numpy.bincount(shingle, minlength=count)))] = numpy.arange(count)
        ranked = rank[shingle]
        del rank, shingle
        ranked += report * count
        ranked.sort()  # by report, then rank
        report, ranked = numpy.divmod(ranked, max(count, 1))
        ranked = ranked.astype(numpy.uint32)
        sizes = numpy.bincount(report, minlength=len(documents))
        ends = numpy.cumsum(sizes)
        bounds = zip((ends - sizes).tolist(), ends.tolist(), strict=True)
        self.ordered = {d.id: ranked[first:end] for d, (first, end) in zip(documents, bounds, strict=True)}
        folded = numpy.zeros((len(documents), _BITS // 64), dtype=numpy.uint64)
        numpy.bitwise_or.at(
            folded, (report, ranked % _BITS // 64), numpy.uint64(1) << (ranked % 64).astype(numpy.uint64)
        )
        self.signatures = {d.id: folded[n].tobytes() for n, d in enumerate(documents)}


def _packed(numbers, starts, bits: int) -> list:
    """The runs of _SHINGLE numbers (each below 2 ** `bits`) that begin where `starts` is true, each packed
    into as few int64 keys as hold it, most significant first: runs compare as their keys do, and equal runs
    have equal keys. Column by column, in place: no copy of every run's numbers is made."""
    import numpy

    per = max(1, 63 // bits)  # numbers per key
    keys = []
    for first in range(0, _SHINGLE, per):
        key = numpy.zeros(int(starts.sum()), dtype=numpy.int64)
        for column in range(first, min(first + per, _SHINGLE)):
            key <<= bits
            key |= numbers[column : column + len(starts)][starts]
        keys.append(key)
    return keys


def _numbered(keys: list):
    """Each row's number among the distinct rows (those whose keys are all equal), in the order of the keys."""
    import numpy

    order = numpy.lexsort(keys[::-1])  # lexsort sorts by its last key first
    new = numpy.zeros(len(order), dtype=bool)
    new[:1] = True
    for key in keys:
        ranked = key[order]
        new[1:] |= ranked[1:] != ranked[:-1]
    numbers = numpy.cumsum(new, dtype=numpy.int64)
    del new
    numbers -= 1
    number = numpy.empty(len(order), dtype=numpy.int64)
    number[order] = numbers
    return number


#: How many pairs compared one by one cost as much as one shingle looked up by prefix filtering.
_PAIRS_PER_LOOKUP = 4
#: The width of a report's signature: each shingle sets bit (its number mod _BITS).
_BITS = 512
# the threshold t as integers, for the inner loops below: t = _TN / _TD
_TN, _TD = _REPUBLISHED.numerator, _REPUBLISHED.denominator


def _ceil(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _similar(a: frozenset[int], b: frozenset[int]) -> bool:
    """Nearly the same words: the same wire story in two outlets (Jaccard of 5-word shingles >= 0.6)."""
    shared = len(a & b)
    return shared * _TD >= (len(a) + len(b) - shared) * _TN


def _outlets(documents: list[Document]) -> int:
    """How many sources the documents are before any words are compared: one per outlet, one per report
    of no known outlet."""
    return len({d.outlet for d in documents if d.outlet is not None}) + sum(d.outlet is None for d in documents)


def independent_sources(documents: list[Document], shingled: _Shingled | None = None) -> int:
    """How many independent sources the documents are: republications and one outlet's reports count once.

    One outlet's reports are joined first; then only pairs of reports that can reach the Jaccard threshold
    and are not joined yet have their shingles intersected, and the count stops falling at one source. The
    pairs that can reach it are those whose signatures allow it (`_by_signature`), or, in large sets,
    those prefix filtering finds (`_candidates`): both exact.
    `shingled` keeps the shingles of a whole reconciliation; without it they are made for these documents."""
    sources = _outlets(documents)
    if sources <= 1:
        return sources  # nothing left to join: no words to compare
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
    shingled = _Shingled(documents) if shingled is None else shingled
    ordered = [shingled.ordered[d.id] for d in documents]
    sizes = [len(numbers) for numbers in ordered]
    pairs = len(documents) * (len(documents) - 1) // 2
    lookups = sum(size - _ceil(_TN * size, _TD) + 1 for size in sizes)
    # every pair (by signature, in numpy) while that is cheaper than prefix filtering (measured on
    # bench/reconcile.py); prefix filtering for the largest incidents, where it looks at far fewer pairs
    if pairs <= _PAIRS_PER_LOOKUP * lookups:
        candidates = _by_signature([shingled.signatures[d.id] for d in documents], sizes)
    else:
        candidates = _candidates([numbers.tolist() for numbers in ordered])
    sets: dict[int, frozenset[int]] = {}  # the shingles of the reports compared so far, for this incident only

    def shingles(x: int) -> frozenset[int]:
        if x not in sets:
            sets[x] = frozenset(ordered[x].tolist())
        return sets[x]

    for x, y in candidates:
        if find(x) != find(y) and _similar(shingles(x), shingles(y)):
            parent[find(x)] = find(y)
            sources -= 1
            if sources == 1:
                return 1  # all one source: nothing left to join
    return sources


def _by_signature(signatures: list[bytes], sizes: list[int]) -> Iterator[tuple[int, int]]:
    """The pairs of reports whose signatures allow Jaccard >= t: each bit in which two signatures differ is
    a shingle in one report and not in the other, so two signatures that differ in more bits than
    |a ^ b| <= (1 - t) / (1 + t) (|a| + |b|) allows belong to two reports that are not one story. Exact."""
    import numpy  # only here: the rest of reconciliation, and the commands that use it, need none of it

    if len(signatures) < 2:
        return
    bits = numpy.frombuffer(b"".join(signatures), dtype=numpy.uint64).reshape(len(signatures), -1)
    most = numpy.array(sizes, dtype=numpy.int64) * (_TD - _TN)
    # a block of reports against all at once (a numpy call per report was most of the time), in blocks of
    # about _BLOCK pairs so that an incident of thousands of reports never holds all its pairs at once
    reports = len(signatures)
    rows = max(1, _BLOCK // max(reports, 1))
    for first in range(0, reports - 1, rows):
        block = bits[first : first + rows]
        differ = numpy.bitwise_count(block[:, None, :] ^ bits[None, :, :]).sum(axis=2, dtype=numpy.int64)
        allowed = differ * (_TD + _TN) <= most[first : first + rows, None] + most[None, :]
        allowed &= numpy.arange(reports)[None, :] > numpy.arange(first, first + len(block))[:, None]  # y > x
        xs, ys = numpy.nonzero(allowed)  # x by x, then y by y: the order of comparing pair by pair
        yield from zip((xs + first).tolist(), ys.tolist(), strict=True)


#: How many pairs of signatures `_by_signature` compares in one numpy call.
_BLOCK = 1 << 16


def _candidates(ordered: list[list[int]]) -> Iterator[tuple[int, int]]:
    """The pairs of reports whose shingles can reach the Jaccard threshold t, by prefix filtering with the
    size and positional filters (Xiao et al., "Efficient similarity joins for near duplicate detection",
    2008: All-Pairs and PPJoin), exact for Jaccard. Reports are taken smallest first; two sets of Jaccard
    >= t share one of the first |x| - ceil(t |x|) + 1 shingles of the larger and one of the first
    |y| - ceil(2t / (1 + t) |y|) + 1 of the smaller; a pair whose first shared shingles leave too few after
    them on either side to reach an overlap of t / (1 + t) (|x| + |y|) is dropped. (Our own code: the
    similarity-join libraries we found are approximate, MinHash.)"""
    index: dict[int, list[tuple[int, int]]] = {}  # shingle -> (report, position) in the smaller reports' prefixes
    for x in sorted(range(len(ordered)), key=lambda i: (len(ordered[i]), i)):
        numbers, size = ordered[x], len(ordered[x])
        if not size:
            continue
        found: dict[int, int] = {}  # candidate -> shingles shared so far, -1 once it cannot reach the overlap
        for i in range(size - _ceil(_TN * size, _TD) + 1):
            for y, j in index.get(numbers[i], ()):
                shared = found.get(y, 0)
                if shared < 0:
                    continue
                other = len(ordered[y])
                if other * _TD < size * _TN:  # Jaccard <= smaller / larger
                    found[y] = -1
                # an overlap of t / (1 + t) of both sizes is needed; at most the rest of either can still be shared
                elif shared + min(size - i, other - j) >= _ceil(_TN * (size + other), _TN + _TD):
                    found[y] = shared + 1
                else:
                    found[y] = -1
        yield from ((x, y) for y, shared in found.items() if shared > 0)
        for j in range(size - _ceil(2 * _TN * size, _TN + _TD) + 1):
            index.setdefault(numbers[j], []).append((x, j))


#: An event whose dates span more days than this is looked up by scanning, not by day.
_LONG = 60
#: A block key that every event has: asked for by an event that any place (or any actors) would agree with.
_ANY: tuple = ("any",)


def _offers(event: Event) -> list[tuple]:
    """The blocks an event is kept in: (place key, actor key) for each key of its place and of its actors."""
    place = event.place
    if place is None:
        places = [_ANY, ("none",)]
    else:
        places = [_ANY, ("name", place.name.lower())]
        if place.geonames_id is not None:
            places.append(("id", place.geonames_id))
        if place.country_code is not None:
            places.append(("in", place.country_code))
            if place.level == "country":
                places.append(("country", place.country_code))
    actors = [_ANY, *(("actor", a) for a in dict.fromkeys(event.actors))] if event.actors else [_ANY, ("alone",)]
    return [(p, a) for p in places for a in actors]


def _asks(event: Event) -> list[tuple]:
    """The blocks that hold every event `same_incident` could accept with this one, read off its rules: a
    place agrees with no place, the same name, the same GeoNames id, and across a country and a place of
    that country (either way round); actors agree with no actors or a shared actor; no place or no actors
    agree with anything."""
    place = event.place
    if place is None:
        places = [_ANY]
    else:
        places = [("none",), ("name", place.name.lower())]
        if place.geonames_id is not None:
            places.append(("id", place.geonames_id))
        if place.country_code is not None:
            places.append(("country", place.country_code))  # a country the place lies in
            if place.level == "country":
                places.append(("in", place.country_code))  # a place within this country
    actors = [("alone",), *(("actor", a) for a in dict.fromkeys(event.actors))] if event.actors else [_ANY]
    return [(p, a) for p in places for a in actors]


class _Run:
    """The dated events of one block, in the order they were added, which is by first day: the events whose
    days meet a span are a range of them, found by bisection, that reaches back `widest` days (the most
    days any of them spans past its first)."""

    __slots__ = ("events", "firsts", "lasts", "widest")

    def __init__(self) -> None:
        # 4 bytes an event each: at 3,840 reports a list per block and day held 16 MiB (docs/performance.md)
        self.events, self.firsts, self.lasts = array("i"), array("i"), array("i")
        self.widest = 0

    def add(self, n: int, first: int, last: int) -> None:
        self.events.append(n)
        self.firsts.append(first)
        self.lasts.append(last)
        self.widest = max(self.widest, last - first)

    def meeting(self, low: int, high: int) -> Iterator[int]:
        """The events whose days meet low..high (ordinals)."""
        start = bisect_left(self.firsts, low - self.widest)
        for i in range(start, bisect_right(self.firsts, high)):
            if self.lasts[i] >= low:
                yield self.events[i]


class _Seen:
    """The events of one type and modality grouped so far, found by the days they span and by block (place
    and actors, `_offers` and `_asks`): an event can only be the same incident as one whose dates meet its
    own (one day of slack), or, when undated, an undated one, and whose place and actors agree with its own."""

    def __init__(self) -> None:
        self.runs: dict[tuple, _Run] = {}  # block -> its dated events of at most _LONG days, by first day
        self.long: dict[tuple, list[int]] = {}  # block -> events looked up by scanning
        self.dated: list[int] = []
        self.undated: dict[tuple, list[int]] = {}

    def add(self, n: int, span: tuple[date, date] | None, offers: list[tuple]) -> None:
        if span is None:
            for key in offers:
                self.undated.setdefault(key, []).append(n)
            return
        self.dated.append(n)
        first, last = span[0].toordinal(), span[1].toordinal()
        for key in offers:
            run = self.runs.get(key) or self.runs.setdefault(key, _Run())
            # events come by start date, but one dated only by its end comes first: scanned, as a long one
            if last - first > _LONG or last < first or (run.firsts and first < run.firsts[-1]):
                self.long.setdefault(key, []).append(n)
            else:
                run.add(n, first, last)

    def near(self, span: tuple[date, date] | None, asks: list[tuple]) -> set[int]:
        if span is None:
            return set().union(*(self.undated.get(key, ()) for key in asks))
        low, high = (span[0] - _SLACK).toordinal(), (span[1] + _SLACK).toordinal()
        if high - low > _LONG + 2 or high < low:
            return set(self.dated)
        found: set[int] = set()
        for key in asks:
            if key in self.long:
                found.update(self.long[key])
            run = self.runs.get(key)
            if run is not None:
                found.update(run.meeting(low, high))
        return found


#: Reads reports with their texts: those with these ids, in this order.
Texts = Callable[[list[str]], Iterable[Document]]

#: Reports shingled at a time: incidents are made a batch of about this many reports' words at a time
#: (a batch of 256 reports of 600 words takes about 15 MiB while it is shingled).
_SHINGLED_AT_ONCE = 256


def build_incidents(
    events: Iterable[Event], documents: Iterable[Document], texts: Texts | None = None
) -> list[Incident]:
    """Group events into incidents (single-linkage within each type), oldest first.

    Each event is compared only with the events of its type and modality whose dates meet its own and whose
    place and actors could agree with its own (`_Seen`): the same groups, in the same order, as comparing it
    with every event of its type (a test pins that), in about n log n for events spread over time and
    places instead of n squared.

    Reports' words are compared within an incident only. `documents` may be read without their texts when
    `texts` reads them: then they are read and shingled a batch of incidents at a time, never all at once (at
    3,840 reports that was most of what a JSON export held); else the documents hold their texts, and all
    are shingled at once."""
    with collection_paused():
        return _build_incidents(events, documents, texts)


def _build_incidents(events: Iterable[Event], documents: Iterable[Document], texts: Texts | None) -> list[Incident]:
    by_id = {d.id: d for d in documents}
    ordered = sorted((e for e in events if e.document_id in by_id), key=lambda e: (e.date_start or date.min, e.id))
    # grouped apart: the look-ups of grouping (more than the events themselves) are gone before any report
    # is shingled
    told = [[ordered[m] for m in members] for members in _grouped(ordered)]
    reports = [[by_id[d] for d in dict.fromkeys(e.document_id for e in group)] for group in told]
    # reports whose texts are at hand are shingled all at once (each once: fastest); those read from the
    # store a batch of incidents at a time (some several times: least memory)
    read = texts if texts is not None else (lambda ids: (by_id[i] for i in ids))
    batches = _batches(reports) if texts is not None else [list(range(len(reports)))]
    found: list[Incident] = []
    for batch in batches:
        # words are compared only within incidents that more than one outlet reported; each report shingled
        # once per batch (any order of shingles is exact, `_Shingled`: one batch's order is as good as all's)
        compared = [d.id for n in batch if _outlets(reports[n]) > 1 for d in reports[n]]
        shingled = _Shingled(read(list(dict.fromkeys(compared))))
        found.extend(_incident(told[n], reports[n], shingled) for n in batch)
    return found


def _grouped(ordered: list[Event]) -> list[list[int]]:
    """The events (their numbers in `ordered`) grouped into incidents, groups in the order they were made."""
    groups: dict[int, list[int]] = {}  # surviving groups by creation number: the order they are given in
    group_of: list[int] = []
    seen: dict[tuple[str, str], _Seen] = {}
    blocks: dict[tuple[Place | None, tuple[str, ...]], tuple[list[tuple], list[tuple]]] = {}
    made = 0
    for n, event in enumerate(ordered):
        span = _span(event)
        kin = seen.setdefault((event.type, event.modality), _Seen())
        where = (event.place, event.actors)  # many events share a place and actors: their blocks are made once
        asks, offers = blocks.get(where) or blocks.setdefault(where, (_asks(event), _offers(event)))
        # one match is enough to join a group: its other events need not be compared
        matched: set[int] = set()
        for m in sorted(kin.near(span, asks)):
            if group_of[m] not in matched and same_incident(event, ordered[m]):
                matched.add(group_of[m])
        joined = sorted(matched)
        kin.add(n, span, offers)
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
    return list(groups.values())


def _batches(reports: list[list[Document]]) -> Iterator[list[int]]:
    """The incidents (their numbers) in order, in batches of about `_SHINGLED_AT_ONCE` distinct reports: a
    report is in several incidents of about one date (one per type of event it tells), and incidents come
    in the order of their first date, so most of a report's incidents fall in one batch and it is shingled
    about once."""
    batch: list[int] = []
    seen: set[str] = set()
    for n, documents in enumerate(reports):
        batch.append(n)
        seen.update(d.id for d in documents)
        if len(seen) >= _SHINGLED_AT_ONCE:
            yield batch
            batch, seen = [], set()
    if batch:
        yield batch


def _incident(group: list[Event], documents: list[Document], shingled: _Shingled) -> Incident:
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
        document_ids=tuple(d.id for d in documents),
        independent_sources=independent_sources(documents, shingled),
    )
