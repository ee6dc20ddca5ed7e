"""Quantities in a parsed report: "7,989", "about 8,000", "between 10 and 15 thousand", "dozens of".

We read numbers ourselves rather than with a number-words library: reports mix digits and words in one
phrase ("8 thousand", "1.5 million"), share a multiplier across a range ("10 and 15 thousand" is
10,000-15,000) and hedge with modifiers that set bounds, none of which the libraries we tried model.
The rules are documented in docs/figures.md; the word lists live in patterns/quantities.yml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from .. import patterns
from .dates import MONTHS

_DIGITS = re.compile(r"^\d{1,3}(?:[,\u202f\u00a0]\d{3})+$|^\d+(?:\.\d+)?$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mln|bn)$", re.IGNORECASE)
_GROUP_OF_THREE = re.compile(r"^\d{3}$")

# Entity labels whose numbers never count people: measures, and numbers inside names ("World War Two",
# "Interstate 75", "Apollo 11", "Article 5").
_NOT_COUNTS = {"MONEY", "PERCENT", "ORDINAL", "QUANTITY", "TIME", "EVENT", "FAC", "LAW", "PRODUCT", "WORK_OF_ART"}
_DATE_WORDS = {
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "minute",
    "minutes", "decade", "decades", "century", "morning", "evening", "night", "nights", "yesterday",
    "today", "tonight", "weekend", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "am", "pm", "a.m.", "p.m.",
}  # fmt: skip
# Units after a number that make it a measure of something other than people.
_UNIT_WORDS = {
    "%", "percent", "per", "dollar", "dollars", "usd", "euro", "euros", "tenge", "rouble", "roubles",
    "ruble", "rubles", "pound", "pounds", "yuan", "som", "km", "kilometre", "kilometres", "kilometer",
    "kilometers", "mile", "miles", "metre", "metres", "meter", "meters", "litre", "litres", "liter",
    "liters", "ton", "tons", "tonne", "tonnes", "kg", "kilograms", "barrels", "hectares", "times",
    "degrees", "bn", "years-old",
} | _DATE_WORDS  # fmt: skip
_CURRENCY_SIGNS = {"$", "€", "£", "₸", "₽", "¥", "us$", "usd", "eur"}
_RANGE_WORDS = {"to", "-", "–", "—", "or"}
# "several thousand" is at least three thousand; "a few hundred" at least two hundred.
_SOME = {"several": 3, "few": 2, "many": 2}
# The same words before a plural noun, with no unit: "several guards" is at least three people, "a few
# residents" and "multiple people" at least two (the conventions of the news we are measured on).
_SOME_ALONE = {"several": 3, "multiple": 2, "few": 2}


def _plural_noun_follows(doc: Doc, i: int) -> bool:
    if i + 1 >= len(doc) or (doc[i].lower_ == "few" and (i == 0 or doc[i - 1].lower_ != "a")):
        return False  # "few were hurt" says almost none
    if _word_kind(doc[i + 1]) is not None:
        return False  # "several thousand", "several tens of thousands": read with the number
    nxt = doc[i + 1]
    for token in doc[i + 1 : i + 4]:
        if token.tag_ in ("NNS", "NNPS"):
            return True
        if not (token.pos_ == "ADJ" or token.dep_ in ("amod", "compound")):
            break
    return nxt.lower_ == "of" and i + 2 < len(doc) and doc[i + 2].lower_ in ("them", "those", "the")


@dataclass(frozen=True)
class Quantity:
    """A number phrase: token span [start, end) including its modifier; `head` is the last number token."""

    start: int
    end: int
    head: int
    min: int | None
    max: int | None
    approximate: bool = False
    vague: bool = False


@cache
def _lexicon() -> dict:
    return patterns.load("quantities")


@cache
def _modifiers() -> list[tuple[tuple[str, ...], str]]:
    """(words, effect) pairs, longest first, so "more than" wins over "more"."""
    phrases = [
        (tuple(str(phrase).lower().split()), effect)
        for effect, words in _lexicon()["modifiers"].items()
        for phrase in words
    ]
    return sorted(phrases, key=lambda item: -len(item[0]))


def _word_kind(token: Token) -> str | None:
    """'digit', 'unit', 'mult', 'vague' or None: the part a token can play in a number phrase."""
    lower = token.lower_
    if _DIGITS.match(lower) or _SUFFIXED.match(lower):
        return "digit"
    lexicon = _lexicon()
    if lower in lexicon["units"]:
        return "unit"
    if lower in lexicon["multipliers"] and len(lower) > 2:
        return "mult"
    if lower in lexicon["vague"]:
        return "vague"
    return None


def _digit_value(text: str) -> float:
    suffixed = _SUFFIXED.match(text)
    if suffixed:
        return float(suffixed.group(1)) * _lexicon()["multipliers"][suffixed.group(2).lower()]
    return float(re.sub(r"[,\u202f\u00a0]", "", text))


def _exact_value(words: list[Token]) -> float:
    """A lone number as written, before rounding to a whole count: "1.5" of "1.5 and 2 million"."""
    if len(words) == 1 and _DIGITS.match(words[0].lower_):
        return _digit_value(words[0].lower_)
    return float(_value(words) or 0)


def _value(words: list[Token]) -> int | None:
    """The value of a run of number tokens ("8 thousand", "two hundred and fifty", "1.5 million")."""
    lexicon = _lexicon()
    total, current, seen = 0.0, 0.0, False
    for token in words:
        lower = token.lower_
        kind = _word_kind(token)
        if kind == "digit":
            # "8 000": a group of three digits continues the number before it.
            if seen and _GROUP_OF_THREE.match(lower) and current and current < 1000:
                current = current * 1000 + float(lower)
            else:
                current += _digit_value(lower)
            seen = True
        elif kind == "unit":
            value = lexicon["units"][lower]
            current = (current or 1) * 12 if lower == "dozen" else current + value
            seen = True
        elif kind == "mult" or (lower in ("m", "k", "bn", "mln") and seen):
            multiplier = lexicon["multipliers"]["million" if lower == "m" else lower]
            current = current or 1
            if multiplier >= 1000:
                total += current * multiplier
                current = 0
            else:
                current *= multiplier
            seen = True
    if not seen:
        return None
    return int(round(total + current))


def _in_excluded_entity(token: Token) -> bool:
    if token.ent_type_ not in _NOT_COUNTS and token.ent_type_ != "DATE":
        return False
    # the entity around the token, walked by its IOB tags (scanning doc.ents per token is quadratic)
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if _glued_to_a_date(doc, start, token):
        return False
    if token.ent_type_ == "QUANTITY" and not any(t.lower_ in _UNIT_WORDS for t in doc[start:end]):
        return False  # the model calls "between 1.5 and 2 million" a quantity; with no unit it may count people
    if token.ent_type_ in _NOT_COUNTS:
        return True
    return any(t.lower_ in _DATE_WORDS for t in doc[start:end])


def _glued_to_a_date(doc: Doc, start: int, token: Token) -> bool:
    """ "on 12 March 40 people were detained", "at 9:14 PM 300 people": the model takes a count that follows
    a complete date or clock time into it. A number right after "<day> <month>" or after "am"/"pm" is a
    count of its own."""
    if token.i - start < 2 or not token.like_num:
        return False
    before = doc[token.i - 1].lower_
    if before in ("am", "pm", "a.m.", "p.m."):
        return True
    return before in MONTHS and doc[token.i - 2].like_num


def _looks_like_year(token: Token) -> bool:
    return bool(re.fullmatch(r"(1[89]|20)\d\d", token.text))


def _run(doc: Doc, i: int) -> int:
    """The end (exclusive) of the run of number tokens starting at i."""
    j = i
    while j < len(doc):
        kind = _word_kind(doc[j])
        if kind in ("digit", "unit", "mult"):
            j += 1
            continue
        if _glued_multiplier(doc, j):
            j += 1  # "7m people": the tokenizer split the suffix off
            continue
        # "two hundred and fifty", "twenty-five": glue words inside a number written in words.
        if (
            doc[j].lower_ in ("and", "-")
            and j > i
            and j + 1 < len(doc)
            and _word_kind(doc[j - 1]) in ("unit", "mult")
            and _word_kind(doc[j + 1]) == "unit"
        ):
            j += 1
            continue
        # "a hundred", "a dozen" only at the start.
        break
    return j


def _glued_multiplier(doc: Doc, j: int) -> bool:
    """ "7m", "12k", "3bn" written as one word that the tokenizer split after the digits."""
    if j == 0 or doc[j].lower_ not in ("m", "k", "bn", "mln"):
        return False
    before = doc[j - 1]
    return _DIGITS.match(before.lower_) is not None and before.idx + len(before.text) == doc[j].idx


def _has_multiplier(tokens: list[Token]) -> int | None:
    for token in tokens:
        if _word_kind(token) == "mult":
            return int(_lexicon()["multipliers"][token.lower_])
    return None


@cache
def _modifiers_ending_with() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Modifier phrases by their last word, longest first: a number is checked only against those that can
    end right before it."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, effect in _modifiers():
        index.setdefault(words[-1], []).append((words, effect))
    return index


def _modifier_before(doc: Doc, start: int) -> tuple[int, str | None]:
    """The start of a hedging phrase just before `start`, and its effect."""
    if start == 0:
        return start, None
    for words, effect in _modifiers_ending_with().get(doc[start - 1].lower_, ()):
        n = len(words)
        if start - n < 0:
            continue
        if tuple(t.lower_ for t in doc[start - n : start]) == words:
            return start - n, effect
    return start, None


def quantities(doc: Doc) -> Iterator[Quantity]:
    """Yield every number phrase in `doc` that could count people (money, dates and measures excluded)."""
    i = 0
    n = len(doc)
    while i < n:
        token = doc[i]
        kind = _word_kind(token)
        if (kind is None and token.lower_ not in _SOME_ALONE) or _in_excluded_entity(token):
            i += 1
            continue
        if kind is None and token.lower_ in _SOME_ALONE and _plural_noun_follows(doc, i):
            # "several guards", "multiple people", "a few residents": vague, a few of one
            start = i - 1 if token.lower_ == "few" and i > 0 and doc[i - 1].lower_ == "a" else i
            yield Quantity(start, i + 1, i, _SOME_ALONE[token.lower_], None, vague=True)
            i += 1
            continue
        if kind == "vague":
            quantity = _vague(doc, i)
            if quantity is not None:
                yield quantity
                i = quantity.end
            else:
                i += 1
            continue
        # "a hundred people", "a dozen protesters"
        start = i - 1 if i > 0 and doc[i - 1].lower_ == "a" and kind in ("mult", "unit") else i
        end = _run(doc, i)
        words = list(doc[i:end])
        low = _value(words)
        if low == 1 and len(words) == 1 and i > 0 and doc[i - 1].lower_ == "no" and words[0].lower_ == "one":
            # "No one was killed": a count of none
            yield Quantity(start=i - 1, end=end, head=i, min=0, max=0)
            i = end
            continue
        if low is None or not _counts(doc, start, end, words):
            i = max(end, i + 1)
            continue
        high = low
        range_end = end
        # A range: "10 to 15 thousand", "10-15,000", "between 10 and 15 thousand", "from 200 to 300".
        joiner = doc[end].lower_ if end < n else ""
        opener = doc[start - 1].lower_ if start > 0 else ""
        if end + 1 < n and (joiner in _RANGE_WORDS or (joiner == "and" and opener == "between")):
            if _word_kind(doc[end + 1]) in ("digit", "unit", "mult"):
                second_end = _run(doc, end + 1)
                second = list(doc[end + 1 : second_end])
                upper = _value(second)
                if upper is not None:
                    multiplier = _has_multiplier(second)
                    exact = _exact_value(words)
                    if multiplier and not _has_multiplier(words) and exact * multiplier <= upper:
                        low = int(
                            round(exact * multiplier)
                        )  # a shared multiplier: "10 and 15 thousand", "1.5 and 2 million"
                    elif low < 1000 <= upper and upper % 1000 == 0 and low * 1000 <= upper:
                        low *= 1000  # "10-15,000" is written for 10,000-15,000
                    if upper >= low:
                        high, range_end = upper, second_end
        if opener in ("between", "from") and high != low:
            start -= 1
        if all(_word_kind(t) == "mult" for t in words) and start > 0 and doc[start - 1].lower_ in _SOME:
            # "several thousand", "a few hundred": vague, with a floor of a few of the unit.
            floor = _SOME[doc[start - 1].lower_] * low
            some_start = start - 2 if doc[start - 1].lower_ == "few" and start > 1 else start - 1
            yield Quantity(some_start, end, end - 1, floor, None, vague=True)
            i = end
            continue
        mod_start, effect = _modifier_before(doc, start)
        minimum: int | None = low
        maximum: int | None = high
        # Only a hedge on the number itself ("about 300") makes it approximate; a bound ("at least 300",
        # "up to 300") is exact about what it says, and vague words are `vague`, not approximate.
        approximate = effect == "approx"
        if effect == "min":
            maximum = None
        elif effect == "max":
            minimum = None
        # "8,000 or more", "300 or so", "5,000-plus"
        tail = [t.lower_ for t in doc[range_end : range_end + 2]]
        if tail[:2] == ["or", "more"] or tail[:1] == ["plus"]:
            maximum = None
            range_end += 2 if tail[0] == "or" else 1
        elif tail[:2] == ["or", "so"]:
            approximate = True
            range_end += 2
        yield Quantity(
            start=mod_start,
            end=range_end,
            head=range_end - 1 if high != low else end - 1,
            min=minimum,
            max=maximum,
            approximate=approximate,
        )
        i = range_end


def _counts(doc: Doc, start: int, end: int, words: list[Token]) -> bool:
    """False for numbers that measure something other than people (money, dates, units, ordinals)."""
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    if before in _CURRENCY_SIGNS or after in _UNIT_WORDS:
        return False
    if end < len(doc) and doc[end].text == ":" and end + 1 < len(doc) and doc[end + 1].like_num:
        return False  # a clock time, "10:30"
    if len(words) == 1 and _looks_like_year(words[0]):
        # "since 2019", "in 2022.": a year, not a count; "2022 protesters" still counts.
        if before in ("in", "since", "of", "until", "by", "from", "early", "late") or not after.isalpha():
            return False
    if len(words) == 1 and before in ("no.", "number", "#"):
        return False
    if before in ("per", "every") or (before == "each" and start > 1 and doc[start - 2].lower_ == "for"):
        return False  # a rate: "18 deaths per 100,000 people", "one out of every thousand"
    ranged = after in ("and", "to", "-", "–", "or") and end + 1 < len(doc) and doc[end + 1].like_num
    if any("." in t.text for t in words if _DIGITS.match(t.lower_)) and _has_multiplier(words) is None and not ranged:
        return False  # "18.9 deaths per year": people are counted in whole numbers ("1.5 to 2 million" are)
    if len(words) == 1 and _looks_like_year(words[0]) and words[0].ent_type_ == "DATE":
        return False  # "2018 saw 750 road deaths": a year the model knows as a date
    if start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() and words[0].is_title:
        return False  # a number in a name: "World War Two", "Apollo Eleven"
    if before in ("aged", "age", "ages"):
        return False  # an age, "dies aged 56"
    if after == "-" and end + 1 < len(doc) and doc[end + 1].lower_ in _DATE_WORDS:
        return False  # "a 56-year-old", "a five-day blackout"
    return True


def _vague(doc: Doc, i: int) -> Quantity | None:
    """ "dozens of", "hundreds of", "tens of thousands of", "several thousand"."""
    lexicon = _lexicon()
    token = doc[i]
    floor = int(lexicon["vague"][token.lower_])
    end = i + 1
    # "tens of thousands", "hundreds of thousands"
    if token.lower_ == "tens" and end + 1 < len(doc) and doc[end].lower_ == "of":
        nxt = doc[end + 1].lower_
        if nxt in lexicon["vague"]:
            floor = 10 * int(lexicon["vague"][nxt])
            end += 2
    elif end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in lexicon["vague"]:
        floor = floor * int(lexicon["vague"][doc[end + 1].lower_])
        end += 2
    start = i
    if i > 0 and doc[i - 1].lower_ in ("several", "many"):
        start = i - 1
        floor *= _SOME[doc[i - 1].lower_]  # "several tens of thousands" is at least 30,000
    return Quantity(start=start, end=end, head=end - 1, min=floor, max=None, vague=True)
