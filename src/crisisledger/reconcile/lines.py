"""Ledger lines: every claim about one measured quantity, across reports, reconciled.

1. a line is what figures measure: their kind, their place, the population they count (everyone, or only
   security forces...), and for counts of one moment (crowd sizes) the date they hold for;
2. the same claim told by several reports (the same value, by compatible claimants) shares one status, the
   latest any report gives it: a toll that a later report says was withdrawn is withdrawn;
3. a line shows the latest claim of each claimant; the range of the claims that stand, with the claim behind
   each bound, where a cumulative count superseded by a later, larger one drops out; the latest official
   claim; what is contested (denied, withdrawn, disputed, or contradicted: two claimants giving counts that
   cannot both be true for the same date); and the series of claims over time.
See docs/reconcile.md.
"""

from __future__ import annotations

import gc
import hashlib
import re
import threading
from collections.abc import Collection, Iterable, Iterator, Set
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache

from .. import patterns
from ..language.ru_names import english_name, equivalents, official_title
from ..records import Document, Figure, Place, Role, StatusChange

_DAY = date.min
#: A claim withdrawn, denied or revised (replaced by an edited source's new value) no longer stands.
_NOT_STANDING = ("withdrawn", "denied", "revised")
_CONTESTING = ("denied", "withdrawn", "disputed")
_TOKEN = re.compile(r"[^\W_]+(?:'s)?")
#: Where a body publishes, not who it is ("Interior Ministry press service", "... Telegram channel").
_PLATFORM = {"press", "service", "telegram", "channel", "account", "website", "site", "page", "feed"}


@dataclass(frozen=True)
class Claim:
    """One figure as a claim in the ledger: who stands behind it, when it was reported, its status now."""

    figure: Figure
    document: Document
    claimant: str
    official: bool
    status: str
    changes: tuple[StatusChange, ...] = ()
    #: For a revised claim (an edited source): the figure of the new version that replaced it.
    replaced_by: str | None = None
    #: Others who cited, posted or repeated this claim (the claimant is who made it).
    relayed_by: tuple[str, ...] = ()

    @property
    def reported(self) -> date | None:
        return self.document.published

    @property
    def standing(self) -> bool:
        return self.status not in _NOT_STANDING

    @property
    def low(self) -> float:
        """The smallest value the claim allows."""
        value = self.figure.min if self.figure.min is not None else 0
        if self.figure.approximate and self.figure.min is not None and self.figure.min == self.figure.max:
            return value * (1 - _tolerance())
        return value

    @property
    def high(self) -> float:
        """The largest value the claim allows (infinite when open)."""
        if self.figure.max is None:
            return float("inf")
        if self.figure.approximate and self.figure.min == self.figure.max:
            return self.figure.max * (1 + _tolerance())
        return self.figure.max


@dataclass(frozen=True)
class Contest:
    """Why a claim is contested: denied, withdrawn, disputed (with who and when), or contradicted by another."""

    figure_id: str
    reason: str
    by: str | None = None
    date: date | None = None
    other_figure_id: str | None = None


@dataclass(frozen=True)
class LedgerLine:
    id: str
    kind: str
    place: Place | None
    population: str | None
    period: date | None
    claims: tuple[Claim, ...]  # oldest first (as of, then reported)
    latest: tuple[Claim, ...]  # the latest claim of each claimant
    range_min: Claim | None
    range_max: Claim | None
    latest_official: Claim | None
    contested: tuple[Contest, ...]

    @property
    def series(self) -> tuple[Claim, ...]:
        """The standing claims over time, each once: a republished report repeats a claim, it adds none."""
        seen: set[tuple] = set()
        kept = []
        for claim in self.claims:
            key = (claim.claimant.lower(), claim.figure.min, claim.figure.max, claim.figure.as_of)
            if claim.standing and key not in seen:
                seen.add(key)
                kept.append(claim)
        return tuple(kept)


_pausing = threading.Lock()
_paused = [0, False]  # reconciliations running with the collector paused; whether it ran before the first


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run without Python's cyclic garbage collector, and restore it after (once the last of concurrent or
    nested reconciliations ends). Reconciliation makes hundreds of thousands of objects (claims, contests, the
    records it reads), none of them in reference cycles, and each collection they trigger walks every object
    alive: at 10,000 reports that was half the time of building the lines (bench/reconcile.py)."""
    with _pausing:
        if _paused[0] == 0:
            _paused[1] = gc.isenabled()
            gc.disable()
        _paused[0] += 1
    try:
        yield
    finally:
        with _pausing:
            _paused[0] -= 1
            if _paused[0] == 0 and _paused[1]:
                gc.enable()


@cache
def _config() -> dict:
    return patterns.load("reconcile")


def _tolerance() -> float:
    return float(_config()["approximate_tolerance"])


@cache
def _population_words() -> dict[str, str]:
    return {word: category for category, words in _config()["populations"].items() for word in words}


def population_of(figure: Figure) -> str | None:
    """The population category a figure counts: None for everyone."""
    if not figure.population:
        return None
    words = figure.population.lower().replace("-", " - ").split()
    joined = figure.population.lower()
    for word in [joined, *words]:
        category = _population_words().get(word)
        if category:
            return category
    return joined


def is_official(claimant: str | None, officials: Collection[str] = ()) -> bool:
    """True for a state body or a person in an official role. A body is official by its head word ("Interior
    Ministry", "Ministry of Health", "Prosecutor General's Office", "Operational Headquarters Telegram
    channel"), not by any word it contains ("Parliament Watch", "office's own data" are not); an officer of
    one is official ("Eldos Qilymzhanov of the Prosecutor General's Office"), and so is a person whose role in
    some report is official (`officials`: "Berik Asylov", prosecutor-general)."""
    if not claimant:
        return False
    if claimant in officials:
        return True
    if (english := english_name(claimant) or official_title(claimant)) is not None:
        # a Russian body the alias table knows ("МВД Казахстана"), or a Russian title ("министр здравоохранения")
        return is_official(english, officials)
    name = re.sub(r"\([^)]*\)", " ", claimant).strip()
    if name.lower() in _official_words():
        return True
    head, _, rest = name.partition(" of ")
    if rest and (_head_is_official(head) or (_person_like(head) and is_official(rest))):
        return True
    return _head_is_official(head)


@cache
def _official_words() -> frozenset[str]:
    return frozenset(_config()["official_words"])


def _head_is_official(name: str) -> bool:
    """Whether the head word of a name (its last word, past platforms and a postpositive "general") is a
    state body's or an official's."""
    words = [w.removesuffix("'s") for w in _TOKEN.findall(name.lower())]
    while len(words) > 1 and words[-1] in _PLATFORM:
        words.pop()
    if len(words) > 1 and words[-1] == "general":  # "Prosecutor General", "Attorney General"
        words.pop()
    if not words:
        return False
    if " ".join(words[-2:]) in _official_words():  # "national guard", "security council"
        return True
    if words[-1] in ("source", "sources") and len(words) > 1:  # "official sources", "government sources"
        return words[-2] in _official_words()
    return words[-1] in _official_words()


def _person_like(text: str) -> bool:
    """A name of a person as claimants are written: two to four capitalised words ("Eldos Qilymzhanov")."""
    words = text.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _official_by_context(figure: Figure) -> bool:
    """ "Serik Shalabayev of the Prosecutor General's Office told reporters": an officer of a state body."""
    if not figure.claimant:
        return False
    text = figure.evidence.text
    at = text.find(figure.claimant)
    if at < 0:
        return False
    after = text[at + len(figure.claimant) :].lstrip(" ,").split()[:8]
    if not after or after[0].lower() not in ("of", "from", "at"):
        return False
    words = after[1:]
    if words and words[0].lower() == "the":
        words = words[1:]
    body = []  # the body's name: its capitalised words ("Prosecutor General's Office", not "told reporters")
    for word in words:
        if not word[:1].isupper():
            break
        body.append(word.rstrip(",.;:"))
        if word[-1:] in ",.;:":
            break
    return is_official(" ".join(body))


def officials_of(roles: Iterable[Role]) -> set[str]:
    """People whose title or organisation is official in some report."""
    return {
        role.actor
        for role in roles
        if role.change not in ("arrested", "dismissed", "charged")
        and (is_official(role.title) or is_official(role.organization))
    }


def _place_key(place: Place | None) -> tuple:
    if place is None:
        return ("unknown",)
    if place.level == "country":
        return ("country", place.country_code)
    return (place.level or "place", place.geonames_id or place.name.lower())


def line_key(figure: Figure) -> tuple:
    cumulative = figure.kind in _config()["cumulative"]
    period = None if cumulative else figure.as_of
    return (figure.kind, _place_key(figure.place), population_of(figure), period)


def _same_claim(a: Claim, b: Claim) -> bool:
    """Two reports of one claim: the same count, by the same claimant or one that cites or publishes it."""
    fa, fb = a.figure, b.figure
    if (fa.min, fa.max, fa.vague) != (fb.min, fb.max, fb.vague):
        return False
    return _named_as_one(_claim_names(a), _claim_names(b))


def _claim_names(claim: Claim) -> frozenset[str]:
    """Who a report of a claim names as behind it, lowercased: its claimant, its cited source, its outlet."""
    return frozenset().union(
        *(_known_as(n) for n in (claim.claimant, claim.figure.cited_source, claim.document.outlet) if n)
    )


@lru_cache(maxsize=65536)
def _known_as(name: str) -> frozenset[str]:
    """A name, lowercased, with the Latin names a Russian name goes by in English reports, so that claims of
    one body in both languages meet ("МВД Казахстана" is the "Ministry of Internal Affairs", "Токаев" is
    "Tokayev": `language.ru_names.equivalents`)."""
    return frozenset(n.lower() for n in (name, *equivalents(name)))


def _named_as_one(a: frozenset[str], b: frozenset[str]) -> bool:
    """A name in common, or loose name agreement: "operational headquarters" and "Kazakhstan Operational
    Headquarters"; not "Ministry of Health" and "Ministry of Internal Affairs"."""
    return bool(a & b) or _named_alike(a, b)


def _status_over_reports(group: list[Claim]) -> tuple[str, tuple[StatusChange, ...]]:
    """The latest status any report gives a claim, and every change, oldest first."""
    changes = sorted(
        dict.fromkeys(change for claim in group for change in claim.changes),
        key=lambda c: (c.date or _DAY, c.status == "withdrawn"),
    )
    if not changes:
        return "asserted", ()
    return changes[-1].status, tuple(changes)


def build_lines(
    documents: Iterable[Document],
    figures: Iterable[Figure],
    status_changes: Iterable[StatusChange],
    as_of: date | None = None,
    officials: Collection[str] = (),
    people: Iterable[tuple[str, str]] = (),
) -> list[LedgerLine]:
    """Reconcile figures into ledger lines; with `as_of`, only what reports published by then said.
    `officials` names people whose claims are official (see `officials_of`); `people` gives the people the
    reports name, as (document id, name), so that a surname is read as the person named in full."""
    with collection_paused():
        return _build_lines(documents, figures, status_changes, as_of, officials, people)


def _build_lines(
    documents: Iterable[Document],
    figures: Iterable[Figure],
    status_changes: Iterable[StatusChange],
    as_of: date | None,
    officials: Collection[str],
    people: Iterable[tuple[str, str]],
) -> list[LedgerLine]:
    by_id = {d.id: d for d in documents if as_of is None or (d.published is not None and d.published <= as_of)}
    figures = [f for f in figures if f.document_id in by_id]
    changes, edits = _changes_by_figure(status_changes, by_id, as_of)
    replacements = _replacements(figures, changes)
    older = set(_replacements(figures, edits))  # old versions of a source: before the version that replaced them
    claimer = _Claimer(by_id, changes, replacements, _Names(people, figures), officials)
    officers = claimer.officers
    grouped: dict[tuple, list[Claim]] = {}
    for figure in figures:
        grouped.setdefault(line_key(figure), []).append(claimer.claim(figure))
    shared = {key: _with_shared_status(claims, officers) for key, claims in grouped.items()}
    # a part of a withdrawn or denied count ("164 dead, 103 of them in Almaty", then deleted) goes with it
    status = {c.figure.id: c for claims in shared.values() for c in claims}
    for key, claims in shared.items():
        shared[key] = [_with_whole_status(c, status) for c in claims]
    kinds = {f.id: f.kind for f in figures}
    ordered = sorted(shared.items(), key=lambda item: _sort_key(item[0]))
    return [_line(key, claims, kinds, older) for key, claims in ordered]


def _changes_by_figure(
    status_changes: Iterable[StatusChange], documents: Collection[str], as_of: date | None
) -> tuple[dict[str, list[StatusChange]], dict[str, list[StatusChange]]]:
    """The status changes that reports in `documents` give each figure (those dated by `as_of`), and the
    revisions among them, dated or not: versions of a source known, even if seen after `as_of`."""
    changes: dict[str, list[StatusChange]] = {}
    edits: dict[str, list[StatusChange]] = {}
    for change in status_changes:
        if change.evidence.document_id not in documents:
            continue
        if as_of is None or change.date is None or change.date <= as_of:
            changes.setdefault(change.figure_id, []).append(change)
        if change.status == "revised":
            edits.setdefault(change.figure_id, []).append(change)
    return changes, edits


class _Claimer:
    """Makes each figure a claim: who stands behind it (a surname read as the person, `_Names`), whether that
    is official, its status changes and what replaced it. A claimant is named by many figures: whether it is
    official is judged once."""

    def __init__(
        self,
        documents: dict[str, Document],
        changes: dict[str, list[StatusChange]],
        replacements: dict[str, str],
        names: _Names,
        officials: Collection[str],
    ) -> None:
        self.documents, self.changes, self.replacements, self.names = documents, changes, replacements, names
        self.officers = set(officials) | names.officers
        self._judged: dict[str | None, bool] = {}

    def _official(self, name: str | None) -> bool:
        if name not in self._judged:
            self._judged[name] = is_official(name, self.officers)
        return self._judged[name]

    def claim(self, figure: Figure) -> Claim:
        document = self.documents[figure.document_id]
        claimant = self.names.resolve(figure.claimant, document.id) if figure.claimant else None
        official = (
            self._official(claimant) or self._official(figure.claimant) or _official_by_context(figure)
            if claimant
            else is_official(document.outlet)  # a report in its own voice: official only as a state body's own
        )
        return Claim(
            figure,
            document,
            claimant or document.outlet or "(unattributed report)",
            official,
            "asserted",
            tuple(self.changes.get(figure.id, ())),
            replaced_by=self.replacements.get(figure.id),
        )


def _replacements(figures: list[Figure], changes: dict[str, list[StatusChange]]) -> dict[str, str]:
    """Revised figure -> the figure of the edited version that replaced it: the change's evidence is the new
    figure's words (`ingest.snapshots.record`), so the new figure is the one of that kind at those words."""
    if not any(c.status == "revised" for figure_changes in changes.values() for c in figure_changes):
        return {}  # no edited source: no figure to look up (the look-up table is the cost)
    at: dict[tuple, list[Figure]] = {}
    for figure in figures:
        key = (figure.evidence.document_id, figure.evidence.start, figure.evidence.end, figure.kind)
        at.setdefault(key, []).append(figure)
    old = {f.id: f for f in figures}
    found: dict[str, str] = {}
    for figure_id, figure_changes in changes.items():
        was = old.get(figure_id)
        for change in figure_changes:
            if change.status != "revised" or was is None:
                continue
            evidence = change.evidence
            candidates = at.get((evidence.document_id, evidence.start, evidence.end, was.kind), [])
            same = [f for f in candidates if (f.claimant, f.population) == (was.claimant, was.population)]
            if same or candidates:
                found[figure_id] = (same or candidates)[0].id
    return found


class _Names:
    """Claimants as people: a surname is the person named in full with it in the same report, else the one
    such person in all the reports ("Asylov" is "Berik Asylov"; never when two people share the surname), and
    "Eldos Qilymzhanov of the Prosecutor General's Office" is Eldos Qilymzhanov, an officer of a state body."""

    def __init__(self, people: Iterable[tuple[str, str]], figures: Iterable[Figure]) -> None:
        self.officers: set[str] = set()
        named: list[tuple[str | None, str]] = [(doc, name) for doc, name in people if len(name.split()) > 1]
        for figure in figures:
            person, _, body = (figure.claimant or "").partition(" of ")
            if body and _person_like(person) and len(person.split()) > 1 and is_official(body):
                self.officers.add(person)
                named.append((figure.document_id, person))
        self._in: dict[tuple[str | None, str], set[str]] = {}
        for doc, name in named:
            surname = name.split()[-1]
            self._in.setdefault((doc, surname), set()).add(name)
            self._in.setdefault((None, surname), set()).add(name)

    def resolve(self, claimant: str, document_id: str) -> str:
        person, _, body = claimant.partition(" of ")
        if person in self.officers and body:
            return person
        if " " in claimant or not claimant[:1].isupper():
            return claimant
        for where in (document_id, None):
            full = self._in.get((where, claimant), set())
            if len(full) == 1:
                return next(iter(full))
            if full:
                return claimant  # two people with that surname: it stays a surname
        return claimant


def _with_whole_status(claim: Claim, status: dict[str, Claim]) -> Claim:
    whole = status.get(claim.figure.part_of or "")
    if whole is None or whole.status not in ("withdrawn", "denied") or not claim.standing:
        return claim
    return replace(claim, status=whole.status, changes=whole.changes)


def _sort_key(key: tuple) -> tuple:
    kind, place, population, period = key
    return (kind, str(place), population or "", period or _DAY)


def _parts(claims: list[Claim], kinds: dict[str, str]) -> set[str]:
    """The claims that are parts of another count ("of those, 175 died in hospital"). A part whose whole is a
    count of the same kind on another line (another place, other people: "63 of them assailants") is its
    own line's count; `kinds` gives the kind of every figure."""
    ids = {c.figure.id for c in claims}
    return {
        c.figure.id
        for c in claims
        if c.figure.part_of is not None and (c.figure.part_of in ids or kinds.get(c.figure.part_of) != c.figure.kind)
    }


def _line(key: tuple, claims: list[Claim], kinds: dict[str, str], older: Collection[str] = ()) -> LedgerLine:
    kind, _, population, period = key
    # oldest first; of one moment, the value an edited source replaced comes before its replacement
    claims.sort(
        key=lambda c: (c.figure.as_of or _DAY, c.reported or _DAY, c.figure.id not in older, c.figure.evidence.start)
    )
    parts = _parts(claims, kinds)
    latest = _latest_per_claimant(claims, parts, older)
    # a part of another count ("of those, 175 died in hospital") neither bounds the whole nor contradicts it
    standing = [c for c in latest if c.standing]
    frontier = _frontier(standing) if kind in _config()["cumulative"] else standing
    range_min = min(frontier, key=lambda c: (c.low, c.figure.as_of or _DAY), default=None)
    range_max = max(
        frontier, key=lambda c: (c.high if c.high != float("inf") else c.low, c.figure.as_of or _DAY), default=None
    )
    officials = [c for c in claims if c.official and c.standing and c.figure.id not in parts]
    latest_official = officials[-1] if officials else None
    first = claims[0].figure
    digest = hashlib.sha1(repr(key).encode()).hexdigest()[:10]
    return LedgerLine(
        id=f"line-{digest}",
        kind=kind,
        place=first.place,
        population=population,
        period=period,
        claims=tuple(claims),
        latest=tuple(latest),
        range_min=range_min,
        range_max=range_max,
        latest_official=latest_official,
        contested=tuple(_contests(claims, parts)),
    )


def _with_shared_status(claims: list[Claim], officials: Collection[str] = ()) -> list[Claim]:
    """Give every report of the same claim the status the latest report gives it, and the claimant who made
    it: the one the others cite, else the first to give it; the others are kept as who relayed it."""
    groups: list[list[Claim]] = []
    # _same_claim needs the same count, so a group's reports all have its first one's: a claim is compared
    # only with the groups of its own count, the first of them (in the order they were made) that it joins,
    # by the names of _same_claim, made once per claim rather than once per pair compared
    by_count: dict[tuple, list[tuple[list[Claim], list[frozenset[str]]]]] = {}
    for claim in claims:
        count = (claim.figure.min, claim.figure.max, claim.figure.vague)
        names = _claim_names(claim)
        for group, named in by_count.get(count, ()):
            if any(_named_as_one(names, other) for other in named):
                group.append(claim)
                named.append(names)
                break
        else:
            groups.append([claim])
            by_count.setdefault(count, []).append((groups[-1], [names]))
    result: list[Claim] = []
    for group in groups:
        status, changes = _status_over_reports(group)
        for teller in _tellers(group):
            origin, relayed, official = _origin(teller, officials)
            # `replace(c, claimant=origin, ...)` without its look-up of the fields for each claim: every field of
            # Claim is given (tests/test_reconcile_structures.py keeps this list whole)
            result.extend(
                Claim(
                    figure=c.figure,
                    document=c.document,
                    claimant=origin,
                    official=official,
                    status=status,
                    changes=changes,
                    replaced_by=c.replaced_by,
                    relayed_by=relayed,
                )
                for c in teller
            )
    return result


def _tellers(group: list[Claim]) -> list[list[Claim]]:
    """The reports of one claim, by who stands behind them: claims whose claimants or cited sources name
    one another are one claimant's (a report's outlet alone does not make two claimants one)."""
    found: list[list[Claim]] = []
    for claim in group:
        names = _names(claim)
        joined = [t for t in found if any(names & _names(o) or _named_alike(names, _names(o)) for o in t)]
        merged = [claim]
        for teller in joined:
            merged.extend(teller)
            found.remove(teller)
        found.append(merged)
    return found


_FILLER = {"of", "the", "and", "for", "on", "in", "'s"}


def _named_alike(a: Set[str], b: Set[str]) -> bool:
    """One name's words within the other's ("operational headquarters", "Kazakhstan Operational
    Headquarters"); sharing "ministry of" makes no two ministries one."""
    for x in a:
        wx = _words(x)
        for y in b:
            wy = _words(y)
            if wx and wy and (wx <= wy or wy <= wx):
                return True
    return False


@lru_cache(maxsize=65536)
def _words(name: str) -> frozenset[str]:
    """A name's words but fillers, made once per name rather than once per pair of claims compared."""
    return frozenset(_TOKEN.findall(name)) - _FILLER


def _names(claim: Claim) -> set[str]:
    return set().union(*(_known_as(n) for n in (claim.claimant, claim.figure.cited_source) if n))


def _origin(teller: list[Claim], officials: Collection[str]) -> tuple[str, tuple[str, ...], bool]:
    """Who made a claim that several reports give, who relayed it, and whether the maker is official."""
    cited = [c.figure.cited_source for c in teller if c.figure.cited_source]
    ordered = sorted(teller, key=lambda c: (c.reported or _DAY, c.figure.evidence.start))
    origin = cited[0] if cited else ordered[0].claimant
    relayed = tuple(dict.fromkeys(c.claimant for c in ordered if c.claimant.lower() != origin.lower()))
    own = [c.official for c in teller if c.claimant.lower() == origin.lower()]
    official = any(own) if own else is_official(origin, officials)
    return origin, relayed, official


def _latest_per_claimant(claims: list[Claim], parts: Collection[str] = (), older: Collection[str] = ()) -> list[Claim]:
    latest: dict[str, Claim] = {}
    for claim in claims:  # oldest first: a later claim replaces an earlier one
        if claim.figure.id in parts:  # "292 of them still held" is not the claimant's count
            continue
        key = claim.claimant.lower()
        if (claim.status == "revised" or claim.figure.id in older) and key in latest:
            continue  # an edited source's old value never replaces what the claimant says now
        latest[key] = claim
    return sorted(latest.values(), key=lambda c: (c.figure.as_of or _DAY, c.reported or _DAY))


def _frontier(claims: list[Claim]) -> list[Claim]:
    """Claims of a cumulative count that no later, at-least-as-large claim supersedes ("dozens" on the 10th
    is superseded by 225 on the 15th; 238 in August by nothing)."""
    kept = []
    for claim in claims:
        ceiling = claim.high if claim.high != float("inf") else claim.low
        superseded = any(
            (other.figure.as_of or _DAY) > (claim.figure.as_of or _DAY) and other.low >= ceiling
            for other in claims
            if other is not claim
        )
        if not superseded:
            kept.append(claim)
    return kept or claims


def _contests(claims: list[Claim], parts: Collection[str] = ()) -> list[Contest]:
    """Each claim's denials, withdrawals and disputes, once per claim and reason and who (however many
    reports repeat it), then contradictions, once per pair of claims."""
    found = []
    seen: set[tuple] = set()
    for claim in claims:
        if claim.figure.id in parts:
            continue  # a part withdrawn with its whole is contested where the whole is
        what = (claim.claimant.lower(), claim.figure.min, claim.figure.max)
        latest: dict[tuple[str, str], StatusChange] = {}
        for change in claim.changes:  # oldest first: the latest of each reason and who
            if change.status in _CONTESTING:
                latest[(change.status, (change.by or "").lower())] = change
        for (reason, by), change in latest.items():
            if (what, reason, by) in seen:
                continue  # the same claim told by several reports is contested once
            seen.add((what, reason, by))
            found.append(Contest(claim.figure.id, reason, change.by, change.date))
    # Contradictions: two claimants, the same date, counts that cannot both be true.
    standing = [c for c in claims if c.standing and c.figure.id not in parts]
    for i, j in _contradicted(standing):
        a, b = standing[i], standing[j]
        found.append(Contest(a.figure.id, "contradicted", b.claimant, a.figure.as_of, b.figure.id))
        found.append(Contest(b.figure.id, "contradicted", a.claimant, b.figure.as_of, a.figure.id))
    return found


def _contradicted(standing: list[Claim]) -> list[tuple[int, int]]:
    """The pairs (i, j), i < j, of claims as of the same day, by two claimants, whose counts cannot both be
    true: in the order of i, then j, once per pair of what they say (claimant, min, max), whichever reports
    repeat it. (Comparing the pairs in numpy was tried: no faster at 10,000 reports, once the collector was
    paused, and it would bring numpy to `ledger`.)"""
    # each claim's bounds and claimant once, not once per pair it is in
    lows, highs = [c.low for c in standing], [c.high for c in standing]
    claimants = [c.claimant.lower() for c in standing]
    # what a claim says, numbered: two ints compare faster than two tuples
    number: dict[tuple, int] = {}
    says = [number.setdefault((claimants[i], c.figure.min, c.figure.max), len(number)) for i, c in enumerate(standing)]
    same_day: dict[date, list[int]] = {}  # only claims as of the same day can contradict each other
    at: list[int] = []  # where each claim is in its day's list: the claims after it are the later ones
    for i, claim in enumerate(standing):
        if claim.figure.as_of is not None:
            day = same_day.setdefault(claim.figure.as_of, [])
            at.append(len(day))
            day.append(i)
        else:
            at.append(-1)
    pairs: set[tuple[int, int]] = set()
    found = []
    for i, claim in enumerate(standing):
        if claim.figure.as_of is None:
            continue
        for j in same_day[claim.figure.as_of][at[i] + 1 :]:
            if claimants[i] != claimants[j] and (highs[i] < lows[j] or highs[j] < lows[i]):
                pair = (says[i], says[j]) if says[i] < says[j] else (says[j], says[i])
                if pair not in pairs:
                    pairs.add(pair)
                    found.append((i, j))
    return found
