"""Matching found records to gold ones, and the scores that come of it. No model is needed here.

A found record matches a gold record of its kind when they agree on the kind's key:

| kind | key |
| --- | --- |
| figures | kind, min and max |
| statements | speaker, and at least half of the tokens of the longer text shared with the other |
| roles | the actor's name (a surname is enough), change and title |
| events | type, and date_start when the gold gives one |
| actors | type, and name or an alias (a surname is enough) |

Matching is one to one and greedy: gold records in file order (required ones first) each take the closest
unmatched candidate (the one agreeing on most fields; for statements the one sharing most tokens).

Each kind gives a `Count` row (precision: found records that match; recall: gold records matched) and, for
every field the gold gives, an `Accuracy` row over the matched pairs ("figures.claimant"). A gold value may
be a list of acceptable values; strings compare without case, articles or punctuation. A gold record marked
`"optional": true` is neither missed when nothing matches it nor a false find when something does.

Events are found one per type per sentence (docs/events.md), and merging the sentences that tell one
happening is the reconciler's work, so an unmatched event that would match an already matched gold event
(the curfew told again in a later sentence) is a repeat: neither right nor wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..records import Extraction, Place

#: Share of tokens a found statement must have in common with a gold one (of the longer of the two texts).
MIN_TEXT_OVERLAP = 0.5


# Scores ---------------------------------------------------------------------------------------------------


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class Count:
    """Found and gold records of one kind, and how many of each matched.

    With nothing found precision is 0, not undefined: a kind whose extractor has not landed scores 0, and
    its floor can only rise from there.
    """

    gold: int = 0
    found: int = 0
    right_found: int = 0
    right_gold: int = 0

    def __add__(self, other: Count) -> Count:
        return Count(
            self.gold + other.gold,
            self.found + other.found,
            self.right_found + other.right_found,
            self.right_gold + other.right_gold,
        )

    @property
    def precision(self) -> float:
        return self.right_found / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def metrics(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Accuracy:
    """How many matched pairs agree on one field (0 when nothing matched)."""

    right: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.right + other.right, self.total + other.total)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def metrics(self) -> dict[str, float]:
        return {"accuracy": self.accuracy}


Score = Count | Accuracy
#: The rows of one data set: "figures", "figures.claimant", "entities.PER"... -> score.
Scores = dict[str, Score]


def add(total: Scores, more: Mapping[str, Score]) -> Scores:
    """`total` with the rows of `more` added in (rows of the same name are summed)."""
    for name, score in more.items():
        previous = total.get(name)
        total[name] = score if previous is None else previous + score  # type: ignore[operator]
    return total


# Gold records ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gold:
    """One gold record: its fields as the gold file gives them (dates as ISO strings)."""

    fields: Mapping[str, Any]
    optional: bool = False
    #: Where the record is written ("tests/gold/seed.json figures[2]"), for messages.
    where: str = ""

    def gives(self, name: str) -> bool:
        return name in self.fields

    def get(self, name: str) -> Any:
        return self.fields.get(name)

    def describe(self) -> str:
        return ", ".join(f"{k}={v!r}" for k, v in self.fields.items() if k not in ("note", "span"))


# Agreement ------------------------------------------------------------------------------------------------


def normal(text: str) -> str:
    """A string as compared: no case, no leading article, punctuation and spaces as single spaces, and the
    Russian "ё" as "е" (most Russian text writes it so)."""
    text = re.sub(r"[\W_]+", " ", text.casefold().replace("ё", "е")).strip()
    return re.sub(r"^(?:the|a|an) ", "", text)


def value_of(record: object, name: str) -> Any:
    """A field of a found record as gold files write it: dates in ISO, places by name, tuples as lists."""
    value = getattr(record, name, None)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Place):
        return value.name
    if isinstance(value, tuple):
        return [list(v) if isinstance(v, tuple) else v for v in value]
    return value


def agree(expected: Any, got: Any) -> bool:
    """Whether a found value is the gold one (or one of the gold list of acceptable values)."""
    if isinstance(expected, list) and not isinstance(got, list):
        return any(agree(option, got) for option in expected)
    if isinstance(expected, str) and isinstance(got, str):
        return normal(expected) == normal(got)
    return bool(expected == got)


def same_name(expected: Any, got: Any) -> bool:
    """Names agree when one ends the other: "Tokayev" is "Kassym-Jomart Tokayev", "Ministry of Health" is
    "Kazakh Ministry of Health"."""
    if isinstance(expected, list):
        return any(same_name(option, got) for option in expected)
    if not isinstance(expected, str) or not isinstance(got, str):
        return bool(expected == got)
    a, b = normal(expected), normal(got)
    return bool(a and b) and (a == b or a.endswith(" " + b) or b.endswith(" " + a))


def tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def text_overlap(expected: str, got: str) -> float:
    """Tokens the two texts share, as a share of the longer text's tokens."""
    a, b = tokens(expected), tokens(got)
    if not a or not b:
        return 0.0
    return sum((Counter(a) & Counter(b)).values()) / max(len(a), len(b))


# Kinds ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How the records of one kind are matched and which fields are scored once matched."""

    name: str
    #: The fields that name a record in messages.
    key: tuple[str, ...]
    #: None when a found record cannot match a gold one; otherwise how close they are (higher is closer).
    closeness: Callable[[Gold, Any], float | None]
    #: Fields scored for accuracy on matched pairs, in row order.
    fields: tuple[str, ...] = ()
    #: How a field's values are compared when not with `agree`.
    compare: Mapping[str, Callable[[Any, Any], bool]] = field(default_factory=dict)
    #: Whether a found record that repeats a matched one (the same happening in another sentence) is let be.
    repeats: bool = False

    def agrees(self, gold: Gold, found: object, name: str) -> bool:
        return self.compare.get(name, agree)(gold.get(name), value_of(found, name))

    def describe(self, found: object) -> str:
        return ", ".join(f"{k}={value_of(found, k)!r}" for k in self.key)

    def fields_agreeing(self, gold: Gold, found: object) -> int:
        return sum(self.agrees(gold, found, name) for name in self.fields if gold.gives(name))


def figure_closeness(kind: Kind, gold: Gold, found: Any) -> float | None:
    """How close a found figure is to a gold one, by `kind`'s fields: None unless the kind of count and its
    bounds are the gold's (every figure set is scored so; they differ in how a field agrees)."""
    if (gold.get("kind"), gold.get("min"), gold.get("max")) != (found.kind, found.min, found.max):
        return None
    return kind.fields_agreeing(gold, found)


def _figure(gold: Gold, found: Any) -> float | None:
    return figure_closeness(FIGURES, gold, found)


def _statement(gold: Gold, found: Any) -> float | None:
    if not same_name(gold.get("speaker"), found.speaker):
        return None
    texts = gold.get("text")
    shared = max(text_overlap(text, found.text) for text in (texts if isinstance(texts, list) else [texts or ""]))
    return shared if shared >= MIN_TEXT_OVERLAP else None


def _role(gold: Gold, found: Any) -> float | None:
    if not (
        same_name(gold.get("actor"), found.actor)
        and agree(gold.get("change"), found.change)
        and agree(gold.get("title"), found.title)
    ):
        return None
    return ROLES.fields_agreeing(gold, found)


def _event(gold: Gold, found: Any) -> float | None:
    if not agree(gold.get("type"), found.type):
        return None
    if gold.get("date_start") is not None and not agree(gold.get("date_start"), value_of(found, "date_start")):
        return None
    return EVENTS.fields_agreeing(gold, found)


def _actor(gold: Gold, found: Any) -> float | None:
    if not agree(gold.get("type"), found.type):
        return None
    names = [gold.get("name"), *(gold.get("aliases") or ())]
    if not any(same_name(name, other) for name in names for other in (found.name, *found.aliases)):
        return None
    return 1.0


_NAME_FIELDS = {"claimant": same_name, "cited_source": same_name, "organization": same_name}

FIGURES = Kind(
    "figures",
    ("kind", "min", "max"),
    _figure,
    ("approximate", "vague", "as_of", "place", "claimant", "cited_source", "status", "population"),
    _NAME_FIELDS,
)
STATEMENTS = Kind("statements", ("speaker", "text"), _statement, ("direct", "stance"))
ROLES = Kind("roles", ("actor", "change", "title"), _role, ("organization", "reason", "previous_role"), _NAME_FIELDS)
EVENTS = Kind("events", ("type", "date_start"), _event, ("modality", "place", "duration_days"), repeats=True)
ACTORS = Kind("actors", ("name", "type"), _actor)
#: Every kind scored on the annotated reports, in row order.
KINDS = (FIGURES, STATEMENTS, ROLES, EVENTS, ACTORS)


def found_records(extraction: Extraction, kind: Kind) -> Sequence[Any]:
    return tuple(getattr(extraction, kind.name))


# Matching -------------------------------------------------------------------------------------------------


def match(gold: Sequence[Gold], found: Sequence[Any], kind: Kind) -> list[tuple[Gold, Any]]:
    """Pairs of matching gold and found records, one to one; required gold records choose first."""
    taken: set[int] = set()
    pairs = []
    for record in sorted(gold, key=lambda g: g.optional):
        best, best_closeness = None, 0.0
        for index, candidate in enumerate(found):
            if index in taken:
                continue
            closeness = kind.closeness(record, candidate)
            if closeness is not None and (best is None or closeness > best_closeness):
                best, best_closeness = index, closeness
        if best is not None:
            taken.add(best)
            pairs.append((record, found[best]))
    return pairs


def score(gold: Sequence[Gold], found: Sequence[Any], kind: Kind, errors: list[str] | None = None) -> Scores:
    """The kind's row and one accuracy row per field the gold gives; misses and extras go to `errors`."""
    pairs = match(gold, found, kind)
    required = [g for g in gold if not g.optional]
    matched = [(g, f) for g, f in pairs if not g.optional]
    found_ids = {id(f) for _, f in pairs}
    repeats = [f for f in found if id(f) not in found_ids and kind.repeats and _repeats(f, pairs, kind)]
    counted = len(found) - (len(pairs) - len(matched)) - len(repeats)
    rows: Scores = {kind.name: Count(len(required), counted, len(matched), len(matched))}
    for name in kind.fields:
        if any(g.gives(name) for g in required):
            given = [(g, f) for g, f in matched if g.gives(name)]
            rows[f"{kind.name}.{name}"] = Accuracy(sum(kind.agrees(g, f, name) for g, f in given), len(given))
    if errors is not None:
        gold_ids, let_be = {id(g) for g, _ in pairs}, found_ids | {id(f) for f in repeats}
        errors.extend(f"MISS  {kind.name}: {g.describe()}  ({g.where})" for g in required if id(g) not in gold_ids)
        errors.extend(f"EXTRA {kind.name}: {kind.describe(f)}" for f in found if id(f) not in let_be)
        for g, f in matched:
            wrong = [n for n in kind.fields if g.gives(n) and not kind.agrees(g, f, n)]
            errors.extend(f"FIELD {kind.name}.{n}: {g.get(n)!r} != {value_of(f, n)!r}  ({g.where})" for n in wrong)
    return rows


def _repeats(found: Any, pairs: list[tuple[Gold, Any]], kind: Kind) -> bool:
    return any(kind.closeness(gold, found) is not None for gold, _ in pairs)
