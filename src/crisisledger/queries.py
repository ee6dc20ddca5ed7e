"""Figures as people decided them, filtered and paged: what the API and the web pages list and show.

The machine's figures are paged in SQL (`store.paging`); reviews are applied here, exactly, in Python. That
is cheap because reviews are made by people and so are few: every figure a review touches (and every figure
a review added, which lives only in the reviews table) is built with `review.reviewed` and tested with
`FigureQuery.matches`, the same predicate the SQL asks, while SQL pages all the other figures with the
reviewed ones left out. The two are merged by id and cut to the page. So a figure corrected from injured to
killed is listed under kind=killed only, and an added figure is listed like any other.

A rejected figure stays in the default listing, marked `review="rejected"` (a list shows what was decided,
the ledger is what leaves it out, `review.standing`); `review="rejected"` or `"reviewed"` finds those alone,
`"unreviewed"` leaves every reviewed figure out.

"Official" is decided per claimant, by its words and by people's roles (`reconcile.lines.is_official` with
the officials some report names in an official role), exactly as reconciliation decides it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .reconcile.lines import is_official, officials_of
from .records import FIGURE_KINDS, STATUSES, Document, Figure
from .review import load, reviewed
from .store import Store, paging

#: The review filters: whether anyone reviewed a figure, or what the last decision about it was.
REVIEW_FILTERS = ("unreviewed", "reviewed", "verified", "rejected", "corrected", "added")

#: The largest page `figure_page` gives.
MAX_LIMIT = 500


@dataclass(frozen=True)
class FigureQuery:
    """Which figures to list; every field given must hold, None means any.

    `place` is a place name, equal but for the case of A-Z, or a two-letter country code (`paging.figure_rows`);
    `claimant` is exact; `status` is the status now (the latest change any report gives, else its own);
    `since`/`until` bound the as-of date, both days included; `review` is one of `REVIEW_FILTERS`.
    """

    kind: str | None = None
    place: str | None = None
    claimant: str | None = None
    status: str | None = None
    official: bool | None = None
    since: date | None = None
    until: date | None = None
    document_id: str | None = None
    review: str | None = None
    #: The language of the figure's report (an ISO 639-1 code).
    language: str | None = None

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in FIGURE_KINDS:
            raise ValueError(f"'kind' must be one of {', '.join(FIGURE_KINDS)} (got {self.kind!r})")
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"'status' must be one of {', '.join(STATUSES)} (got {self.status!r})")
        if self.review is not None and self.review not in REVIEW_FILTERS:
            raise ValueError(f"'review' must be one of {', '.join(REVIEW_FILTERS)} (got {self.review!r})")

    def matches(self, figure: Figure, status_now: str, official: bool, language: str | None = None) -> bool:
        """Whether a figure (its status now, whether its claimant is official, and its report's language
        given) passes every filter: the same predicate `paging.figure_rows` asks in SQL."""
        place = self.place
        if self.kind is not None and figure.kind != self.kind:
            return False
        if place is not None:
            where = figure.place
            code = paging.country_code_of(place)
            by_name = where is not None and paging.fold(where.name) == paging.fold(place)
            by_code = where is not None and code is not None and where.country_code == code
            if not (by_name or by_code):
                return False
        if self.claimant is not None and figure.claimant != self.claimant:
            return False
        if self.status is not None and status_now != self.status:
            return False
        if self.official is not None and official != self.official:
            return False
        if self.since is not None and (figure.as_of is None or figure.as_of < self.since):
            return False
        if self.until is not None and (figure.as_of is None or figure.as_of > self.until):
            return False
        if self.document_id is not None and figure.document_id != self.document_id:
            return False
        if self.language is not None and language != self.language:
            return False
        return self._review_matches(figure.review)

    def _review_matches(self, outcome: str | None) -> bool:
        if self.review is None:
            return True
        if self.review == "unreviewed":
            return outcome is None
        if self.review == "reviewed":
            return outcome is not None
        return outcome == self.review


def _checked_limit(limit: int) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"'limit' must be a whole number from 1 to {MAX_LIMIT} (got {limit!r})")
    return limit


def reviewed_figures(store: Store) -> dict[str, Figure]:
    """Every figure some review decided (verified, rejected, corrected or added), as decided, by id.

    Kept per store until its version changes: every page of figures needs it, and reading the reviews and
    their figures again costs more than the page itself on a large store."""
    return store.kept("reviewed_figures", lambda: _reviewed_figures(store))


def _reviewed_figures(store: Store) -> dict[str, Figure]:
    reviews = load(store)
    if not reviews:
        return {}
    documents: dict[str, Document] = {}
    for document_id in sorted({r.document_id for r in reviews if r.action == "add"}):
        document = store.document(document_id)
        if document is not None and document.id == document_id:
            documents[document_id] = document
    decided = reviewed(paging.figures_under_review(store), reviews, documents)
    return {figure.id: figure for figure in sorted(decided, key=lambda f: f.id) if figure.review is not None}


@lru_cache(maxsize=65536)
def _claimant_is_official(claimant: str, in_an_official_role: bool) -> bool:
    # is_official reads its officials only as `claimant in officials`, so this pair decides it.
    return is_official(claimant, {claimant} if in_an_official_role else ())


def official_claimants(store: Store, also: Collection[str] = ()) -> set[str]:
    """The claimants of the store's figures (and `also`) that are official, by their words or by a role some
    report gives them. Kept per store until its version changes."""
    extra = frozenset(also)
    return store.kept(("official_claimants", extra), lambda: _official_claimants(store, extra))


def _official_claimants(store: Store, also: frozenset[str]) -> set[str]:
    names = set(paging.distinct_claimants(store)) | also
    officials = officials_of(paging.roles_of(store, names))
    return {name for name in names if _claimant_is_official(name, name in officials)}


def _status_now(figure: Figure, changed: dict[str, str]) -> str:
    return changed.get(figure.id, figure.status)


def figure_page(
    store: Store, query: FigureQuery, *, after: str | None = None, limit: int = 50
) -> tuple[list[tuple[Figure, str]], str | None]:
    """One page of figures as people decided them, by id after `after`, each with its status now; and the
    `after` of the next page, None when this is the last.

    Raises ValueError for a limit outside 1..MAX_LIMIT.
    """
    _checked_limit(limit)
    decided = reviewed_figures(store)
    officials: set[str] = set()
    if query.official is not None:
        officials = official_claimants(store, {f.claimant for f in decided.values() if f.claimant})
    machine: list[Figure] = []
    if query.review in (None, "unreviewed"):
        machine = paging.figure_rows(
            store,
            kinds=None if query.kind is None else (query.kind,),
            place=query.place,
            claimants=_claimants(query, officials),
            exclude_claimants=officials if query.official is False else None,
            status=query.status,
            since=query.since,
            until=query.until,
            document_id=query.document_id,
            language=query.language,
            exclude_ids=decided.keys(),
            after=after,
            limit=limit + 1,
        )
    # reviewed figures past the last machine row of a full page cannot be on this page
    bound = machine[-1].id if len(machine) > limit else None
    candidates = [f for f in decided.values() if (after is None or f.id > after) and (bound is None or f.id <= bound)]
    changed = paging.statuses_now(store, [f.id for f in machine] + [f.id for f in candidates])
    languages = paging.document_languages(store, [f.document_id for f in candidates]) if query.language else {}
    chosen = [
        f
        for f in candidates
        if query.matches(
            f, _status_now(f, changed), f.claimant is not None and f.claimant in officials, languages.get(f.document_id)
        )
    ]
    merged = sorted([*machine, *chosen], key=lambda f: f.id)
    page = [(f, _status_now(f, changed)) for f in merged[:limit]]
    return page, (page[-1][0].id if len(merged) > limit else None)


def _claimants(query: FigureQuery, officials: set[str]) -> set[str] | None:
    """The claimants SQL may list: the one asked for (if it passes the official filter), or the officials."""
    if query.claimant is not None:
        if query.official is True and query.claimant not in officials:
            return set()
        if query.official is False and query.claimant in officials:
            return set()
        return {query.claimant}
    return officials if query.official is True else None


def figure(store: Store, figure_id: str) -> tuple[Figure, str] | None:
    """One figure as people decided it (figures added by review included) with its status now; None if none."""
    found = reviewed_figures(store).get(figure_id) or paging.figure_row(store, figure_id)
    if found is None:
        return None
    return found, _status_now(found, paging.statuses_now(store, [found.id]))
