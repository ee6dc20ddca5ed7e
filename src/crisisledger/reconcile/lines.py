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

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from .. import patterns
from ..records import Document, Figure, Place, Role, StatusChange

_DAY = date.min


@dataclass(frozen=True)
class Claim:
    """One figure as a claim in the ledger: who stands behind it, when it was reported, its status now."""

    figure: Figure
    document: Document
    claimant: str
    official: bool
    status: str
    changes: tuple[StatusChange, ...] = ()

    @property
    def reported(self) -> date | None:
        return self.document.published

    @property
    def standing(self) -> bool:
        return self.status not in ("withdrawn", "denied")

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
    """True for a state body or one of its officers: by the claimant's words ("Interior Ministry"), or a
    person whose role in some report is official (`officials`: "Serik Shalabayev" of the Prosecutor's Office)."""
    if not claimant:
        return False
    if claimant in officials:
        return True
    words = set(claimant.lower().replace("'s", " 's").split()) | {claimant.lower()}
    return bool(words & set(_config()["official_words"]))


def _official_by_context(figure: Figure) -> bool:
    """ "Serik Shalabayev of the Prosecutor General's Office told reporters": an officer of a state body."""
    if not figure.claimant:
        return False
    text = figure.evidence.text
    at = text.find(figure.claimant)
    if at < 0:
        return False
    after = text[at + len(figure.claimant) :].lstrip(" ,").split()[:6]
    return bool(after) and after[0].lower() in ("of", "from", "at") and is_official(" ".join(after[1:]))


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
    names_a = {n for n in (a.claimant, fa.cited_source, a.document.outlet) if n}
    names_b = {n for n in (b.claimant, fb.cited_source, b.document.outlet) if n}
    return bool({n.lower() for n in names_a} & {n.lower() for n in names_b}) or _echo(names_a, names_b)


def _echo(a: set, b: set) -> bool:
    """Loose name agreement: "operational headquarters" and "Kazakhstan Operational Headquarters"."""
    for x in a:
        for y in b:
            wx, wy = set(x.lower().split()), set(y.lower().split())
            if len(wx & wy) >= 2 or (wx and wx <= wy) or (wy and wy <= wx):
                return True
    return False


def _status_over_reports(group: list[Claim]) -> tuple[str, tuple[StatusChange, ...]]:
    """The latest status any report gives a claim, and every change, oldest first."""
    changes = sorted(
        (change for claim in group for change in claim.changes),
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
) -> list[LedgerLine]:
    """Reconcile figures into ledger lines; with `as_of`, only what reports published by then said.
    `officials` names people whose claims are official (see `officials_of`)."""
    by_id = {d.id: d for d in documents if as_of is None or (d.published is not None and d.published <= as_of)}
    changes: dict[str, list[StatusChange]] = {}
    for change in status_changes:
        if change.evidence.document_id in by_id and (as_of is None or change.date is None or change.date <= as_of):
            changes.setdefault(change.figure_id, []).append(change)
    grouped: dict[tuple, list[Claim]] = {}
    for figure in figures:
        document = by_id.get(figure.document_id)
        if document is None:
            continue
        claimant = figure.claimant or document.outlet or "(unattributed report)"
        claim = Claim(
            figure,
            document,
            claimant,
            is_official(claimant, officials) or _official_by_context(figure),
            "asserted",
            tuple(changes.get(figure.id, ())),
        )
        grouped.setdefault(line_key(figure), []).append(claim)
    shared = {key: _with_shared_status(claims) for key, claims in grouped.items()}
    # a part of a withdrawn or denied count goes with it ("164 dead, 103 of them in Almaty", then deleted)
    status = {c.figure.id: c for claims in shared.values() for c in claims}
    for key, claims in shared.items():
        shared[key] = [_with_whole_status(c, status) for c in claims]
    return [_line(key, claims) for key, claims in sorted(shared.items(), key=lambda item: _sort_key(item[0]))]


def _with_whole_status(claim: Claim, status: dict[str, Claim]) -> Claim:
    whole = status.get(claim.figure.part_of or "")
    if whole is None or whole.standing or not claim.standing:
        return claim
    return Claim(claim.figure, claim.document, claim.claimant, claim.official, whole.status, whole.changes)


def _sort_key(key: tuple) -> tuple:
    kind, place, population, period = key
    return (kind, str(place), population or "", period or _DAY)


def _line(key: tuple, claims: list[Claim]) -> LedgerLine:
    kind, _, population, period = key
    claims.sort(key=lambda c: (c.figure.as_of or _DAY, c.reported or _DAY, c.figure.evidence.start))
    latest = _latest_per_claimant(claims)
    # a part of another count ("of those, 175 died in hospital") neither bounds the whole nor contradicts it
    standing = [c for c in latest if c.standing and c.figure.part_of is None]
    frontier = _frontier(standing) if kind in _config()["cumulative"] else standing
    range_min = min(frontier, key=lambda c: (c.low, c.figure.as_of or _DAY), default=None)
    range_max = max(
        frontier, key=lambda c: (c.high if c.high != float("inf") else c.low, c.figure.as_of or _DAY), default=None
    )
    officials = [c for c in claims if c.official and c.standing and c.figure.part_of is None]
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
        contested=tuple(_contests(claims)),
    )


def _with_shared_status(claims: list[Claim]) -> list[Claim]:
    """Give every report of the same claim the status the latest report gives it."""
    groups: list[list[Claim]] = []
    for claim in claims:
        for group in groups:
            if any(_same_claim(claim, other) for other in group):
                group.append(claim)
                break
        else:
            groups.append([claim])
    result: list[Claim] = []
    for group in groups:
        status, changes = _status_over_reports(group)
        result.extend(Claim(c.figure, c.document, c.claimant, c.official, status, changes) for c in group)
    return result


def _latest_per_claimant(claims: list[Claim]) -> list[Claim]:
    latest: dict[str, Claim] = {}
    for claim in claims:  # oldest first: a later claim replaces an earlier one
        if claim.figure.part_of is None:  # "292 of them still held" is not the claimant's count
            latest[claim.claimant.lower()] = claim
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


def _contests(claims: list[Claim]) -> list[Contest]:
    found = []
    seen = set()
    for claim in claims:
        if claim.status not in ("denied", "withdrawn", "disputed") or claim.figure.part_of is not None:
            continue  # a part withdrawn with its whole is contested where the whole is
        last = claim.changes[-1] if claim.changes else None
        key = (claim.figure.min, claim.figure.max, claim.status, last.by if last else None)
        if key in seen:
            continue  # the same claim told by several reports is contested once
        seen.add(key)
        found.append(Contest(claim.figure.id, claim.status, last.by if last else None, last.date if last else None))
    # Contradictions: two claimants, the same date, counts that cannot both be true.
    standing = [c for c in claims if c.standing and c.figure.part_of is None]
    for i, a in enumerate(standing):
        for b in standing[i + 1 :]:
            if a.claimant.lower() == b.claimant.lower() or a.figure.as_of is None or a.figure.as_of != b.figure.as_of:
                continue
            if a.high < b.low or b.high < a.low:
                found.append(Contest(a.figure.id, "contradicted", b.claimant, a.figure.as_of, b.figure.id))
                found.append(Contest(b.figure.id, "contradicted", a.claimant, b.figure.as_of, a.figure.id))
    return found
