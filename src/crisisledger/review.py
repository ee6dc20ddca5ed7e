"""Human review: machines read, people decide (docs/review.md).

A reviewer verifies a figure, rejects it (a false find), corrects any of its fields, or adds a figure the
machine missed, from a span of the report's words. Each decision is a `Review` of its own, one per field it
changes: who, when, what, the value before and after, and a note. Reviews never overwrite the machine's
record; what people see is the machine's figure with its reviews applied (`reviewed`).

A review names its figure by id and by the words it came from (the figure's evidence span), so that after
the rules are upgraded and a report is read again (`crisisledger reanalyse`), a figure re-extracted from the
same words keeps its review. A review whose figure is no longer found is kept and reported (`orphans`).

The store keeps reviews in their own table (migration 0006); `save`, `load` read and write it in one
transaction each. This module is the one place the CLI, the API and reconciliation apply reviews from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from .errors import CrisisLedgerError
from .records import FIGURE_KINDS, STATUSES, Document, Evidence, Figure, Place, record_id

if TYPE_CHECKING:
    from .store import Store

# SQLAlchemy and the store's tables are imported by `save` and `load`, which use them: the CLI reads FIELDS
# for --help, and the export's JSON shapes need `review_json`, neither of which touches the store.

#: What a reviewer can do to a figure.
ACTIONS = ("verify", "reject", "correct", "add")
#: What a figure says once reviewed, by the last review that decides it.
OUTCOMES = {"verify": "verified", "reject": "rejected", "correct": "corrected", "add": "added"}


class ReviewError(CrisisLedgerError):
    """A review that cannot be made: an unknown figure or field, a value of the wrong kind. Nothing is stored."""


@dataclass(frozen=True)
class Review:
    """One decision about one figure; a correction of several fields is one `Review` per field."""

    id: str
    figure_id: str
    document_id: str
    action: str
    by: str
    at: datetime
    #: The span of the figure's words in its document (its evidence), which a re-read figure is matched by.
    start: int
    end: int
    field: str | None = None
    old: Any = None
    new: Any = None
    note: str | None = None
    #: The order of the fields one decision changed.
    position: int = 0


# Fields --------------------------------------------------------------------------------------------------


def _bound(text: str) -> int | None:
    if text.lower() in ("", "none", "null", "open"):
        return None
    if not text.replace(",", "").isdigit():
        raise ValueError("a whole number of people (e.g. 12), or 'none' for an open bound")
    return int(text.replace(",", ""))


def _flag(text: str) -> bool:
    if text.lower() in ("true", "yes", "1"):
        return True
    if text.lower() in ("false", "no", "0"):
        return False
    raise ValueError("true or false")


def _one_of(values: Sequence[str]) -> Any:
    def parse(text: str) -> str:
        if text not in values:
            raise ValueError(f"one of {', '.join(values)}")
        return text

    return parse


def _day(text: str) -> date | None:
    if text.lower() in ("", "none", "null"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("a date as YYYY-MM-DD") from None


def _text(text: str) -> str | None:
    return text.strip() or None


def _place(text: str) -> Place | None:
    from .extract.places import gazetteer

    if not text.strip():
        return None
    return gazetteer().lookup(text.strip()) or Place(name=text.strip())


#: The fields a reviewer may set, with how each value is read from `field=value`.
FIELDS: dict[str, Any] = {
    "kind": _one_of(FIGURE_KINDS),
    "min": _bound,
    "max": _bound,
    "approximate": _flag,
    "vague": _flag,
    "as_of": _day,
    "place": _place,
    "claimant": _text,
    "cited_source": _text,
    "status": _one_of(STATUSES),
    "population": _text,
}


def parse_settings(pairs: Iterable[str]) -> list[tuple[str, Any]]:
    """`["min=12", "claimant=Ministry of Health"]` read and checked; the first bad one raises a one-line error."""
    settings = []
    for pair in pairs:
        name, equals, text = pair.partition("=")
        name = name.strip()
        if not equals:
            raise ReviewError(f"{pair!r} is not FIELD=VALUE; the fields are {', '.join(FIELDS)}.")
        if name == "value":  # both bounds at once: "value=14" is min=14 and max=14
            settings += parse_settings([f"min={text}", f"max={text}"])
            continue
        if name not in FIELDS:
            raise ReviewError(f"unknown field {name!r}; the fields are value, {', '.join(FIELDS)}.")
        try:
            settings.append((name, FIELDS[name](text.strip())))
        except ValueError as exc:
            raise ReviewError(f"{name}={text.strip()!r} is not valid: {name} is {exc}.") from None
    return settings


def _checked(figure: Figure) -> Figure:
    if figure.min is not None and figure.max is not None and figure.min > figure.max:
        raise ReviewError(f"min {figure.min} is above max {figure.max}; set both so that min <= max.")
    if figure.min is None and figure.max is None:
        raise ReviewError("a figure needs a min or a max; set at least one of them.")
    return figure


# Decisions -----------------------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _who(by: str) -> str:
    if not by.strip():
        raise ReviewError("say who reviews with --by NAME; every review is signed.")
    return by.strip()


def _rows(
    figure: Figure, action: str, by: str, note: str | None, at: datetime, changes: Sequence[tuple[str, Any, Any]]
) -> list[Review]:
    stamp = at.isoformat()
    items: list[tuple[str | None, Any, Any]] = list(changes) if changes else [(None, None, None)]
    return [
        Review(
            id=record_id("rev", figure.document_id, figure.id, action, stamp, position),
            figure_id=figure.id,
            document_id=figure.document_id,
            action=action,
            by=by,
            at=at,
            start=figure.evidence.start,
            end=figure.evidence.end,
            field=name,
            old=old,
            new=new,
            note=note,
            position=position,
        )
        for position, (name, old, new) in enumerate(items)
    ]


def decide(
    figure: Figure,
    *,
    by: str,
    verify: bool = False,
    reject: bool = False,
    settings: Sequence[tuple[str, Any]] = (),
    note: str | None = None,
    at: datetime | None = None,
) -> list[Review]:
    """The reviews of one decision about `figure` (already reviewed or not): exactly one of verify, reject or
    field settings."""
    chosen = sum((verify, reject, bool(settings)))
    if chosen != 1:
        raise ReviewError("give exactly one of --verify, --reject or --set FIELD=VALUE (repeatable).")
    who, at = _who(by), at or _now()
    if verify or reject:
        return _rows(figure, "verify" if verify else "reject", who, note, at, ())
    changed = figure
    changes = []
    for name, value in settings:
        old = getattr(changed, name)
        changed = replace(changed, **{name: value})
        changes.append((name, old, value))
    _checked(changed)
    return _rows(figure, "correct", who, note, at, changes)


def added(
    document: Document,
    start: int,
    end: int,
    *,
    by: str,
    settings: Sequence[tuple[str, Any]],
    note: str | None = None,
    at: datetime | None = None,
) -> tuple[Figure, list[Review]]:
    """A figure the machine missed, from the words `document.text[start:end]`, with the fields given."""
    if not 0 <= start < end <= len(document.text):
        raise ReviewError(f"the span {start}:{end} is not inside the report's {len(document.text)} characters.")
    given = dict(settings)
    if "kind" not in given:
        raise ReviewError(f"an added figure needs its kind: --set kind=... (one of {', '.join(FIGURE_KINDS)}).")
    figure = _checked(
        replace(_blank(document, record_id("fig", document.id, "added", start, end), start, end), **given)
    )
    who, at = _who(by), at or _now()
    changes = [(name, None, value) for name, value in settings]
    return figure, _rows(figure, "add", who, note, at, changes)


def _blank(document: Document, figure_id: str, start: int, end: int) -> Figure:
    """A figure a person adds, before its fields are set: the report's own claim, as of its date."""
    return Figure(
        id=figure_id,
        document_id=document.id,
        kind=FIGURE_KINDS[0],
        min=None,
        max=None,
        evidence=Evidence.of(document, start, end),
        claimant=document.outlet,
        as_of=document.published,
        review="added",
    )


# Applying ------------------------------------------------------------------------------------------------


def _targets(figures: Sequence[Figure]) -> tuple[dict[str, Figure], dict[tuple[str, int, int], list[Figure]]]:
    by_id = {f.id: f for f in figures}
    by_words: dict[tuple[str, int, int], list[Figure]] = {}
    for figure in figures:
        by_words.setdefault((figure.document_id, figure.evidence.start, figure.evidence.end), []).append(figure)
    return by_id, by_words


def _target(
    review: Review, by_id: Mapping[str, Figure], by_words: Mapping[tuple[str, int, int], list[Figure]]
) -> str | None:
    """The figure a review is about: by id, or else the one figure read from the same words."""
    if review.figure_id in by_id:
        return review.figure_id
    same = by_words.get((review.document_id, review.start, review.end), [])
    return same[0].id if len(same) == 1 else None


def reviewed(
    figures: Sequence[Figure], reviews: Sequence[Review], documents: Mapping[str, Document] = {}
) -> list[Figure]:
    """The figures as people decided: every review applied in the order it was made; figures added by
    review included (their document must be in `documents`); rejected figures kept, marked "rejected"
    (the ledger leaves them out, `standing`)."""
    by_id, by_words = _targets(figures)
    current = {f.id: f for f in figures}
    order = [f.id for f in figures]
    for review in sorted(reviews, key=lambda r: (r.at, r.figure_id, r.action, r.position)):
        if review.action == "add":
            current, order = _add(review, current, order, documents)
            continue
        target = _target(review, by_id, by_words)
        if target is None:
            continue  # an orphan: see `orphans`
        figure = current[target]
        if review.action == "correct" and review.field is not None:
            figure = replace(figure, **{review.field: review.new})
        current[target] = replace(figure, review=OUTCOMES[review.action])
    return [current[i] for i in order]


def _add(
    review: Review, current: dict[str, Figure], order: list[str], documents: Mapping[str, Document]
) -> tuple[dict[str, Figure], list[str]]:
    if review.figure_id not in current:
        document = documents.get(review.document_id)
        if document is None:
            return current, order
        current[review.figure_id] = _blank(document, review.figure_id, review.start, review.end)
        order = [*order, review.figure_id]
    if review.field is not None:
        current[review.figure_id] = replace(current[review.figure_id], **{review.field: review.new})
    return current, order


def standing(figures: Iterable[Figure]) -> list[Figure]:
    """The figures a ledger counts: all but those people rejected."""
    return [f for f in figures if f.review != "rejected"]


def orphans(figures: Sequence[Figure], reviews: Sequence[Review]) -> list[Review]:
    """Reviews whose figure is no longer found (after a re-read that no longer extracts it)."""
    by_id, by_words = _targets(figures)
    return [r for r in reviews if r.action != "add" and _target(r, by_id, by_words) is None]


# The store -----------------------------------------------------------------------------------------------


def _json(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return json.dumps(value.isoformat())
    if isinstance(value, Place):
        return json.dumps({f.name: getattr(value, f.name) for f in fields(value)})
    return json.dumps(value)


def _value(field: str | None, text: str | None) -> Any:
    if text is None:
        return None
    value = json.loads(text)
    if field == "as_of" and isinstance(value, str):
        return date.fromisoformat(value)
    if field == "place" and isinstance(value, dict):
        return Place(**value)
    return value


def save(store: Store, reviews: Sequence[Review]) -> None:
    """Store one decision's reviews together, or none of them."""
    rows = [
        {
            "id": r.id,
            "figure_id": r.figure_id,
            "document_id": r.document_id,
            "action": r.action,
            "field": r.field,
            "old": _json(r.old),
            "new": _json(r.new),
            "by": r.by,
            "at": r.at,
            "note": r.note,
            "evidence_start": r.start,
            "evidence_end": r.end,
            "position": r.position,
        }
        for r in reviews
    ]
    if rows:
        import sqlalchemy as sa

        from .store.migrations import transaction
        from .store.schema import reviews as reviews_table

        with transaction(store.engine) as conn:
            conn.execute(sa.insert(reviews_table), rows)


def load(store: Store, *, by: str | None = None, document_id: str | None = None) -> list[Review]:
    """The stored reviews in the order they were made (of one reviewer, or of one document's figures)."""
    import sqlalchemy as sa

    from .store.schema import reviews as reviews_table

    query = sa.select(reviews_table).order_by(
        reviews_table.c.at, reviews_table.c.figure_id, reviews_table.c.action, reviews_table.c.position
    )
    if by is not None:
        query = query.where(reviews_table.c.by == by)
    if document_id is not None:
        query = query.where(reviews_table.c.document_id == document_id)
    with store.connection() as conn:  # inside `store.reading()`, the reading's snapshot
        rows = conn.execute(query).all()
    return [
        Review(
            id=row.id,
            figure_id=row.figure_id,
            document_id=row.document_id,
            action=row.action,
            by=row.by,
            at=row.at,
            start=row.evidence_start,
            end=row.evidence_end,
            field=row.field,
            old=_value(row.field, row.old),
            new=_value(row.field, row.new),
            note=row.note,
            position=row.position,
        )
        for row in rows
    ]


def figures_of(
    store: Store,
    documents: Sequence[Document] | None = None,
    *,
    texts: bool = True,
    reviews: Sequence[Review] | None = None,
) -> list[Figure]:
    """Every figure of the store as people decided: the machine's figures with all reviews applied, figures
    added by review included, rejected ones marked (the one reading the CLI, the API and reconciliation
    share). `documents` and `reviews` when the caller has read them already; documents read without their
    texts (`texts=False`) are read whole only where a person added a figure, whose words come from its report."""
    return list(each_figure_of(store, documents, texts=texts, reviews=reviews))


def each_figure_of(
    store: Store,
    documents: Sequence[Document] | None = None,
    *,
    texts: bool = True,
    reviews: Sequence[Review] | None = None,
) -> Iterator[Figure]:
    """`figures_of`, made as the machine's figures are read, a few rows at a time: only the figures a review
    can be about (`paging.figures_under_review`: named by a review, or read from a review's words) are read
    ahead and decided (`reviewed` finds the same targets among them as among all figures), then the machine's
    figures stream by with those put in their place, and the added figures follow, as in `reviewed`."""
    from .store.paging import figures_under_review

    reviews = load(store) if reviews is None else reviews
    if not reviews:
        yield from store.each_figure()
        return
    added_to = {r.document_id for r in reviews if r.action == "add"}
    if documents is None:
        by_id = {d.id: d for d in store.each_document(text=False) if d.id in added_to}
        texts = False
    else:
        by_id = {d.id: d for d in documents if d.id in added_to}
    if not texts:  # a figure a person added takes its words from its report
        by_id = {i: store.document(i) or d for i, d in by_id.items()}
    under_review = figures_under_review(store)
    decided = reviewed(under_review, reviews, by_id)
    changed = {f.id: f for f in decided[: len(under_review)]}  # `reviewed` keeps its figures' order, adds after
    for figure in store.each_figure():
        yield changed.get(figure.id, figure)
    yield from decided[len(under_review) :]


def review_json(review: Review) -> dict[str, Any]:
    """A review as `export` writes it (docs/export.md, key "reviews")."""
    return {
        "id": review.id,
        "figure_id": review.figure_id,
        "document_id": review.document_id,
        "action": review.action,
        "field": review.field,
        "old": json.loads(_json(review.old) or "null"),
        "new": json.loads(_json(review.new) or "null"),
        "by": review.by,
        "at": review.at.isoformat(),
        "note": review.note,
    }
