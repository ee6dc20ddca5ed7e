"""Quantities in Russian: "164 человека", "около восьми тысяч", "от 10 до 15 тысяч", "не менее 20", "десятки".

The Russian counterpart of extract/numbers.py, with its conventions (docs/figures.md) and its result, the
`Quantity` (token span, head, min, max, approximate, vague), so that the figure extractor reads either language's
numbers the same way. What differs is the language: numerals decline ("восемь", "восьми", "восьмью"), hundreds
are words of their own ("двести"), the decimal mark is a comma ("2,5 тысячи") and thousands are grouped with
spaces ("1 200"). Case forms are read through pymorphy3's dictionary form, so the lexicon
(patterns/ru/quantities.yml) lists each word once instead of every form. No number-words library reads Russian
case forms, shared multipliers and hedges together, hence our own reader, as for English.

`scan()` reads a list of words (no whitespace); `quantities()` a spaCy Doc; `read()` a string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from ..extract.numbers import Quantity
from .profile import profile

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Quantity", "quantities", "read", "scan"]

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)?$")
#: Digits with the ending of a cardinal's case ("73-х", "10-ти", "7-ми", "3-ём"); ordinal endings ("5-й",
#: "10-го") are not counts.
_CASED_DIGITS = re.compile(r"^(\d+)-(?:х|ти|ми|ех|ух|ем|им|ю|мя|ью)$")
#: "в 90-х": a decade.
_DECADE = re.compile(r"^\d*0-х$")
#: "1,200" or "12,500": a comma before exactly three digits groups thousands (a count has no decimals).
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_DIGIT_RANGE = re.compile(r"^(\d+(?:[.,]\d+)?)[-–—](\d+(?:[.,]\d+)?)$")
#: Multipliers written short: they follow a number, never stand for one alone ("млн" is not "a million").
_SHORT_MULTIPLIERS = {"тыс", "млн", "млрд"}
_GROUP_OF_THREE = re.compile(r"^\d{3}$")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_NUMBER_KINDS = ("digit", "unit", "mult")


@dataclass(frozen=True)
class _Word:
    """What one word can be in a number phrase."""

    kind: str | None  # "digit", "range", "unit", "mult" or None
    value: float = 0
    high: float = 0  # the top of a "10-15" written as one word
    plural: bool = False  # a plural reading of its number word exists ("тысячи", "десятки")
    forms: frozenset[str] = frozenset()  # its dictionary forms
    noun: bool = False  # it can be a plural or genitive noun (or a noun-like adjective, "раненых")


@lru_cache(maxsize=65536)
def normal(word: str) -> str:
    """A word as the lexicon writes it: lower case, "ё" as "е"."""
    return word.lower().replace("ё", "е")


@cache
def _lexicon() -> dict[str, Any]:
    return profile("ru").lexicon("quantities")


@cache
def _analyzer() -> Any:
    import pymorphy3  # on first use: its dictionaries take a fraction of a second to open

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=131072)
def parses(word: str) -> tuple[Any, ...]:
    """pymorphy3's readings of a word, looked up once per process whoever asks: the lemmatizer, the number
    reader, the lexicons, names and places all read the same words (a dictionary lookup costs about 0.4 ms on a
    cold cache, and was most of a Russian report's extraction). pymorphy3 reads a word in lower case."""
    return tuple(_analyzer().parse(word.lower()))


@lru_cache(maxsize=65536)
def _word(text: str) -> _Word:
    """The reading of one word (already `normal`), from its form or its dictionary forms."""
    if _DIGITS.match(text) or _GROUPED.match(text):
        return _Word("digit", _digit_value(text))
    cased = _CASED_DIGITS.match(text)
    if cased:
        return _Word("digit", float(cased.group(1)))
    ranged = _DIGIT_RANGE.match(text)
    if ranged:
        return _Word("range", _digit_value(ranged.group(1)), _digit_value(ranged.group(2)))
    if not text.isalpha():
        return _Word(None, forms=frozenset({text}))
    lexicon = _lexicon()
    readings = parses(text)
    forms = frozenset(normal(p.normal_form) for p in readings) | {text}
    noun = any(
        ("NOUN" in p.tag or "ADJF" in p.tag or "PRTF" in p.tag) and ("plur" in p.tag or "gent" in p.tag)
        for p in readings
    )
    for parse in readings:
        form = normal(parse.normal_form)
        plural = "plur" in parse.tag
        if form in lexicon["units"] and not (form == "один" and plural):  # "одни" is "some", not "one"
            return _Word("unit", float(lexicon["units"][form]), forms=forms, noun=noun)
        if form in lexicon["multipliers"]:
            plural = any("plur" in p.tag for p in readings if normal(p.normal_form) == form)
            return _Word("mult", float(lexicon["multipliers"][form]), plural=plural, forms=forms, noun=noun)
    return _Word(None, forms=forms, noun=noun)


def _digit_value(text: str) -> float:
    if _GROUPED.match(text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def _some(word: _Word, table: str) -> int | None:
    """The floor of a "some" word ("несколько": 3) in the lexicon's `table`, in any of its forms."""
    values = _lexicon()[table]
    for form in sorted(word.forms):
        if form in values:
            return int(values[form])
    return None


def _run(words: Sequence[str], i: int) -> int:
    """The end (exclusive) of the run of number words starting at i."""
    j = i
    if _word(words[i]).kind == "range":
        j += 1  # "10-15 тысяч": only multipliers may follow a range written as one word
        while j < len(words) and _word(words[j]).kind == "mult":
            j += 1
        return j
    while j < len(words) and _word(words[j]).kind in _NUMBER_KINDS:
        j += 1
    return j


def _value(words: Sequence[str]) -> tuple[float, float] | None:
    """The value of a run of number words ("двадцать пять тысяч", "2,5 тысячи", "1 200"), as (low, high): the
    two differ only for a range written as one word ("10-15 тысяч")."""
    total, current, seen = 0.0, 0.0, False
    high: float | None = None
    for text in words:
        word = _word(text)
        if word.kind == "digit":
            # "1 200": a group of three digits continues the number before it.
            if seen and _GROUP_OF_THREE.match(text) and current and current < 1000 and current == int(current):
                current = current * 1000 + word.value
            else:
                current += word.value
            seen = True
        elif word.kind == "range":
            current, high, seen = word.value, word.high, True
        elif word.kind == "unit":
            current += word.value
            seen = True
        elif word.kind == "mult":
            current = current or 1
            if high is not None:
                high *= word.value
            if word.value >= 1000:
                total += current * word.value
                current = 0
            else:
                current *= word.value
            seen = True
    if not seen:
        return None
    low = total + current
    return low, (high if high is not None else low)


def _has_multiplier(words: Sequence[str]) -> float | None:
    for text in words:
        word = _word(text)
        if word.kind == "mult":
            return word.value
    return None


@cache
def _phrases(section: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Phrases of `modifiers` or `tails` by their last (modifiers) or first (tails) word, longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    phrases = [
        (tuple(normal(str(phrase)).split()), effect)
        for effect, listed in _lexicon()[section].items()
        for phrase in listed
    ]
    for words, effect in sorted(phrases, key=lambda item: (-len(item[0]), item[0])):
        key = words[-1] if section == "modifiers" else words[0]
        index.setdefault(key, []).append((words, effect))
    return index


def _modifier_before(words: Sequence[str], start: int) -> tuple[int, str | None]:
    """The start of a hedging phrase just before `start` ("не менее", "около"), and its effect."""
    if start == 0:
        return start, None
    for phrase, effect in _phrases("modifiers").get(words[start - 1], ()):
        n = len(phrase)
        if start - n >= 0 and tuple(words[start - n : start]) == phrase:
            return start - n, effect
    return start, None


def _tail_after(words: Sequence[str], end: int) -> tuple[int, str | None]:
    """The end of a phrase right after a number that opens or hedges it ("и более", "с лишним")."""
    if end >= len(words):
        return end, None
    for phrase, effect in _phrases("tails").get(words[end], ()):
        if tuple(words[end : end + len(phrase)]) == phrase:
            return end + len(phrase), effect
    return end, None


def _plural_noun_follows(words: Sequence[str], i: int) -> bool:
    """ "несколько человек", "нескольких сотрудников", "несколько раненых": a count of people follows."""
    for text in words[i + 1 : i + 4]:
        word = _word(text)
        if word.kind is not None:
            return False  # "несколько тысяч": read with the number
        if word.forms & set(_lexicon()["not_counts"]):
            return False  # "несколько часов", "нескольких лет"
        if word.noun:
            return True
        if not text.isalpha():
            return False
    return False


@cache
def _months() -> frozenset[str]:
    return frozenset(profile("ru").date_words().months)


def _counts(words: Sequence[str], start: int, end: int) -> bool:
    """False for numbers that measure something other than people (money, dates, years, units, ages)."""
    lexicon = _lexicon()
    before = words[start - 1] if start > 0 else ""
    before_two = " ".join(words[start - 2 : start]) if start > 1 else ""
    after = words[end] if end < len(words) else ""
    labels = set(lexicon["not_counts_before"])
    if (before and _word(before).forms & labels) or before_two in labels:
        return False
    if after and (_word(after).forms & set(lexicon["not_counts"]) or after in _months()):
        return False  # "5 лет", "300 рублей", "10 января"
    if before in lexicon["not_counts"] and not before.isalpha():
        return False  # "$ 300", "€ 5"
    if after == ":" and end + 1 < len(words) and _word(words[end + 1]).kind == "digit":
        return False  # a clock time, "10:30"
    if before == ":" and start > 1 and _word(words[start - 2]).kind == "digit":
        return False  # its minutes
    run = words[start:end]
    if len(run) == 1 and _DECADE.match(run[0]) and before in lexicon["year_prepositions"]:
        return False  # "в 90-х", "с 2010-х"
    if len(run) == 1 and _YEAR.match(run[0]):
        # "в 2011", "с 1991 погибли": a year; "до 2000 человек" counts people.
        if before in lexicon["year_prepositions"] and not (after.isalpha() and _word(after).noun):
            return False
        if not after.isalpha():
            return False
    decimal = any(_word(w).kind == "digit" and _word(w).value != int(_word(w).value) for w in run)
    if decimal and _has_multiplier(run) is None:
        ranged = after in lexicon["range_words"] and end + 1 < len(words)
        return ranged and _word(words[end + 1]).kind in _NUMBER_KINDS  # "1,5 - 2 млн"
    return True


def _vague(words: Sequence[str], i: int) -> Quantity:
    """ "десятки", "сотни раненых", "тысячи людей", "десятки тысяч", "сотни тысяч"."""
    word = _word(words[i])
    form = next(f for f in sorted(word.forms) if f in _lexicon()["vague"])
    floor = int(_lexicon()["vague"][form])
    end = i + 1
    if end < len(words) and _word(words[end]).kind == "mult" and _word(words[end]).plural:
        floor = int(word.value * _word(words[end]).value)  # "десятки тысяч" is at least 10 x 1,000
        end += 1
    return Quantity(start=i, end=end, head=end - 1, min=floor, max=None, vague=True)


def _is_vague(words: Sequence[str], i: int) -> bool:
    """A multiplier in a plural form with nothing before it that makes it one: "тысячи людей" is vague, "около
    тысячи" (a genitive singular after a hedge) and "две тысячи" are not."""
    word = _word(words[i])
    if word.kind != "mult" or not word.plural or not (word.forms & set(_lexicon()["vague"])):
        return False
    if i > 0 and _word(words[i - 1]).kind in ("digit", "range", "unit"):
        return False
    return _modifier_before(words, i)[1] is None


def scan(words: Sequence[str]) -> Iterator[Quantity]:
    """Yield every number phrase in `words` (lower case, "ё" as "е", no whitespace) that could count people;
    spans are indices into `words`."""
    lexicon = _lexicon()
    i, n = 0, len(words)
    while i < n:
        text = words[i]
        word = _word(text)
        if text == "никто" or (text == "ни" and i + 1 < n and words[i + 1] in ("один", "одного", "одна", "одной")):
            end = i + 1 if text == "никто" else i + 2
            yield Quantity(start=i, end=end, head=end - 1, min=0, max=0)  # "никто не пострадал"
            i = end
            continue
        if word.kind is None:
            quantity = _some_quantity(words, i)
            if quantity is not None:
                yield quantity
                i = quantity.end
            else:
                i += 1
            continue
        if _is_vague(words, i):
            quantity = _vague(words, i)
            yield quantity
            i = quantity.end
            continue
        quantity = _number(words, i, lexicon)
        if quantity is None:
            i = max(_run(words, i), i + 1)
            continue
        yield quantity
        i = quantity.end


def _some_quantity(words: Sequence[str], i: int) -> Quantity | None:
    """ "несколько тысяч" (3,000), "несколько десятков" (30), "несколько человек" (3), "небольшое число" (2)."""
    word = _word(words[i])
    floor = _some(word, "some")
    end = _run(words, i + 1) if i + 1 < len(words) else i + 1
    run = words[i + 1 : end]
    if floor is not None and run and all(_word(w).kind == "mult" for w in run):
        value = _value(run)
        if value is not None:
            return Quantity(start=i, end=end, head=end - 1, min=int(round(floor * value[0])), max=None, vague=True)
    pair = " ".join(words[i : i + 2])
    if pair in _lexicon()["some_alone"]:
        return Quantity(start=i, end=i + 2, head=i + 1, min=int(_lexicon()["some_alone"][pair]), max=None, vague=True)
    alone = _some(word, "some_alone")
    if alone is not None and _plural_noun_follows(words, i):
        return Quantity(start=i, end=i + 1, head=i, min=alone, max=None, vague=True)
    return None


def _number(words: Sequence[str], i: int, lexicon: dict[str, Any]) -> Quantity | None:
    """The number phrase whose first number word is at i, with its range, hedge and tail; None if it does not
    count people."""
    n = len(words)
    start, end = i, _run(words, i)
    run = words[start:end]
    if run[0] in _SHORT_MULTIPLIERS:
        return None
    value = _value(run)
    if value is None or not _counts(words, start, end):
        return None
    low, high = value
    range_end = end
    joiner = words[end] if end < n else ""
    opener = words[start - 1] if start > 0 else ""
    closes = lexicon["range_openers"].get(opener)
    if high == low and end + 1 < n and (joiner in lexicon["range_words"] or (closes and joiner == closes)):
        if _word(words[end + 1]).kind in _NUMBER_KINDS:
            second_end = _run(words, end + 1)
            second = words[end + 1 : second_end]
            upper = _value(second)
            if upper is not None:
                multiplier = _has_multiplier(second)
                if multiplier and not _has_multiplier(run) and low * multiplier <= upper[0]:
                    low *= multiplier  # a shared multiplier: "от 10 до 15 тысяч", "1,5-2 млн"
                if upper[0] >= low:
                    high, range_end = upper[0], second_end
    if opener in lexicon["range_openers"] and high != low:
        start -= 1
    mod_start, effect = _modifier_before(words, start)
    tail_end, tail = _tail_after(words, range_end)
    minimum: int | None = int(round(low))
    maximum: int | None = int(round(high))
    # As in English: only a hedge on the number makes it approximate; a bound is exact about what it says.
    approximate = effect == "approx" or tail == "approx"
    if effect == "min" or tail == "min":
        maximum = None
    elif effect == "max":
        minimum = None
    head = range_end - 1 if high != low else end - 1
    return Quantity(mod_start, tail_end, head, minimum, maximum, approximate=approximate)


def quantities(doc: Doc) -> Iterator[Quantity]:
    """Every number phrase in a parsed Russian report that could count people; spans are token indices."""
    index = [token.i for token in doc if not token.is_space]
    words = [normal(doc[i].text) for i in index]
    for found in scan(words):
        yield Quantity(
            start=index[found.start],
            end=index[found.end - 1] + 1,
            head=index[found.head],
            min=found.min,
            max=found.max,
            approximate=found.approximate,
            vague=found.vague,
        )


def read(text: str) -> list[tuple[str, Quantity]]:
    """The number phrases of a plain string, each with its text: for checks and tools that have no Doc."""
    import razdel  # the tokenizer of the Russian pipeline, so that a string splits as a parsed report does

    tokens = list(razdel.tokenize(text))
    found = []
    for quantity in scan([normal(t.text) for t in tokens]):
        phrase = text[tokens[quantity.start].start : tokens[quantity.end - 1].stop]
        found.append((phrase, quantity))
    return found
