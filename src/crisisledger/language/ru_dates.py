"""Russian date and time expressions, resolved against the report's date as the English ones are.

`dates(doc, anchor)` yields the English `extract.dates.Timex` for a Doc parsed by the Russian pipeline, with the
English conventions (docs/dates.md): TIMEX3 values, the days covered, "в понедельник" the last Monday on or before
the report's date (the next one after a future verb), "вчера" the day before, "10 января" the year that puts it
nearest the report. Each Russian phrase is read into the words the English rules take ("10 января 2022 года" ->
day 10, month "january", year 2022) and handed to those rules (`extract.dates`), so the two languages cannot
drift apart in how a day is chosen.

Russian declines: a month, weekday or unit is recognised by its form or its dictionary form (the Doc's `lemma_`,
from pymorphy3), against the profile's date words (`patterns/ru/dates.yml`). The Russian NER tags no dates, so the
expressions are found here by walking the tokens, longest reading first:

| text | type | value (report of Monday 2022-01-10) |
| --- | --- | --- |
| `10 января`, `10 января 2022 года`, `05.01.2022` | DATE | 2022-01-10, 2022-01-05 |
| `в январе`, `в январе 2022 года`; `2022 года`, `в 2022 году` | DATE | 2022-01; 2022 |
| `5-6 января`, `с 4 по 6 января`, `с 4 января по 2 февраля` | DATE | 2022-01-05/2022-01-06 |
| `с 4 января`, `с конца декабря` (since: open end), `до 6 января` (until: open start) | DATE | 2022-01-04 |
| `в понедельник`, `в прошлую среду`, `в следующую пятницу` | DATE | the weekday's day |
| `в понедельник, 10 января`, `во вторник 4 января` (the weekday names the date) | DATE | 2022-01-10, 2022-01-04 |
| `сегодня`, `вчера`, `позавчера`, `накануне` (alone: the day before) | DATE | 2022-01-10, 2022-01-09 |
| `вчера вечером`, `сегодня утром`; `в ночь на 5 января` (the night before the 5th) | TIME | 2022-01-09TEV |
| `на прошлой неделе`, `в этом месяце`, `в прошлом году` | DATE | 2022-W01, 2022-01, 2021 |
| `в течение трёх дней`, `за сутки`, `три недели` after `в течение`/`за`/`на` | DURATION | P3D, P1D |
| `за последние три дня` | DURATION | P3D, from 2022-01-07 to the anchor |
| `три дня назад`, `через два дня` | DATE | 2022-01-07 |

"накануне" followed by a genitive ("накануне выборов") is the eve of that event, not of the report: its value
is None, as the English "that day". A bare number with a unit ("5 лет") is no date: an age or a term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from spacy.tokens import Doc, Token

from ..extract import dates as en
from ..extract.dates import Timex
from .profile import profile
from .ru_numbers import normal

__all__ = ["dates"]

_ENGLISH_MONTHS = en._MONTH_NAMES
_ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Day tokens: "5", "05"; a day range as one token ("5-6", "5–6").
_DAY = re.compile(r"^(\d{1,2})$")
_DAY_RANGE = re.compile(r"^(\d{1,2})[-–—](\d{1,2})$")
_YEAR = re.compile(r"^(1\d{3}|2\d{3})$")
#: Numeric dates as razdel tokenizes them, a comma or full stop sometimes glued on ("05.01.2022,").
_NUMERIC = re.compile(r"^(\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}))(?=[,.;:)]*$)|^(\d{4}-\d\d-\d\d)(?=[,.;:)]*$)")
#: Forms of "год" after a year, and its abbreviation ("2022 г.").
_YEAR_WORDS = {"год", "года", "году", "годом", "г"}
_DASHES = {"-", "–", "—"}
#: Prepositions left out of the span ("в понедельник" is "понедельник", as "on Monday" is "Monday").
_PREPOSITIONS = {"в", "во", "на"}
#: Words before a length of time that make it a duration ("в течение трёх дней", "за сутки").
_DURATION_WORDS = {"за", "на"}
#: Parts of a period between a bound and its date ("с конца марта"), by lemma: the English "since the end of".
_PART_OF_PERIOD = {"конец", "начало", "середина"}


def dates(doc: Doc, anchor: date | None) -> Iterator[Timex]:
    """Yield every date or time expression of a report parsed by the Russian pipeline, resolved against the
    report's date. Without an `anchor` only absolute dates resolve; relative ones keep `value=None`."""
    i = 0
    while i < len(doc):
        found = _at(doc, i, anchor)
        if found is None:
            i += 1
            continue
        start, end, end_char, reading = found
        first = doc[start]
        text = doc.text[first.idx : end_char]
        yield en._timex(text, first.idx, end_char, reading, anchor)
        i = end


_Found = tuple[int, int, int, Any]  # first token, token after, end character, the English `_Reading`


def _at(doc: Doc, i: int, anchor: date | None) -> _Found | None:
    """The longest expression starting at token i, if any."""
    for reader in (_bounded, _night, _duration, _relative, _ago, _point, _weekday, _deictic):
        found = reader(doc, i, anchor)
        if found is not None:
            return found
    return None


# --- words --------------------------------------------------------------------------------------------------


@cache
def _words() -> dict[str, Any]:
    return profile("ru").lexicon("dates")  # type: ignore[no-any-return]


def _key(token: Token) -> str:
    return normal(token.text).rstrip(".")


def _lookup(token: Token, table: str) -> Any:
    """The token's entry in a table of the date words, by its form, then by its dictionary form."""
    words = _words()[table]
    found = words.get(_key(token))
    return found if found is not None else words.get(normal(token.lemma_))


def _month_of(token: Token) -> int | None:
    return _lookup(token, "months")  # type: ignore[no-any-return]


def _unit_of(token: Token) -> str | None:
    return _lookup(token, "units")  # type: ignore[no-any-return]


def _number_of(token: Token) -> float | None:
    """A count of units in figures or words ("3", "трёх", "двое"); None otherwise."""
    if token.text.isdigit():
        return float(token.text)
    words = profile("ru").number_words()
    value = words.get(_key(token), words.get(normal(token.lemma_)))
    return None if value is None else float(value)


def _end(doc: Doc, j: int) -> int:
    """The character after token j-1, without a comma or full stop razdel glued to a number ("05.01.2022,")."""
    text = doc[j - 1].text
    text = text.rstrip(",;:).") if text[:1].isdigit() else text.rstrip(",;:)")
    return doc[j - 1].idx + len(text)


def _tense(doc: Doc, i: int) -> str | None:
    """'future' when the verb the expression hangs on is future ("состоится в пятницу", "будут в пятницу")."""
    token = doc[i]
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX"):
            future = "Fut" in token.morph.get("Tense", []) or any(
                c.lemma_ == "быть" and "Fut" in c.morph.get("Tense", []) for c in token.children
            )
            return "future" if future else None
        if token.head is token:
            break
        token = token.head
    return None


# --- calendar dates -----------------------------------------------------------------------------------------


def _year_at(doc: Doc, j: int) -> tuple[int, int] | None:
    """A year at token j ("2022", "2022 года", "2022 г."): the token after it and the year."""
    if j >= len(doc) or not _YEAR.match(doc[j].text):
        return None
    end = j + 1
    if end < len(doc) and _key(doc[end]) in _YEAR_WORDS:
        end += 1
        if doc[end - 1].text == "г" and end < len(doc) and doc[end].text == ".":
            end += 1
    return end, int(doc[j].text)


def _day_month(doc: Doc, i: int, anchor: date | None, tense: str | None) -> tuple[int, Any, Any] | None:
    """ "10 января [2022 года]" or "5-6 января [2022 года]" at token i: the token after it and its first and
    last day's readings (the same for one day)."""
    if i + 1 >= len(doc):
        return None
    day, ranged = _DAY.match(doc[i].text), _DAY_RANGE.match(doc[i].text)
    j = i + 1
    days: tuple[int, ...] | None = None
    if day:
        days = (int(day.group(1)),)
        if j + 2 < len(doc) and doc[j].text in _DASHES and _DAY.match(doc[j + 1].text):
            days, j = (days[0], int(doc[j + 1].text)), j + 2  # "5 – 6 января"
    elif ranged:
        days = (int(ranged.group(1)), int(ranged.group(2)))
    if days is None or j >= len(doc) or (month := _month_of(doc[j])) is None:
        return None
    j = _after_abbreviation(doc, j)
    year = _year_at(doc, j)
    if year is not None:
        j = year[0]
    readings = [_calendar(d, month, year[1] if year else None, anchor, tense) for d in days]
    if any(r is None for r in readings):
        return None
    return j, readings[0], readings[-1]


def _after_abbreviation(doc: Doc, j: int) -> int:
    """The token after the month at j, and after the full stop of an abbreviation ("7 дек. 2021", "7 дек. в");
    not after a full stop that ends the sentence ("в мае. Потом")."""
    if j + 2 >= len(doc) or len(doc[j].text) > 4 or doc[j + 1].text != ".":
        return j + 1
    after = doc[j + 2].text[:1]
    return j + 2 if after.isdigit() or after.islower() else j + 1


def _calendar(day: int, month: int, year: int | None, anchor: date | None, tense: str | None) -> Any:
    groups = {"month": _ENGLISH_MONTHS[month - 1], "day": str(day), "year": None, "weekday": None}
    if year is not None:
        groups["year"] = str(year)
    try:
        return en._calendar_day(groups, anchor, tense)
    except ValueError:  # 31 февраля
        return None


def _point(doc: Doc, i: int, anchor: date | None) -> _Found | None:
    """One calendar date or a range of days of one month: "10 января", "5-6 января 2022 года", "05.01.2022",
    "январь 2022", "в январе", "2022 года"."""
    start = i + 1 if _key(doc[i]) in _PREPOSITIONS and i + 1 < len(doc) else i
    if not doc[start].text[:1].isdigit() and _month_of(doc[start]) is None:
        return None  # a date starts with a number or a month (`_date_at`): the tense need not be read
    tense = _tense(doc, start)
    found = _date_at(doc, start, anchor, tense)
    if found is None:
        return None
    j, first, last = found
    reading = first if first is last else _range(first, last)
    return None if reading is None else (start, j, _end(doc, j), reading)


def _date_at(doc: Doc, i: int, anchor: date | None, tense: str | None) -> tuple[int, Any, Any] | None:
    """A date at token i: the token after it and its first and last readings."""
    if found := _day_month(doc, i, anchor, tense):
        return found
    if numeric := _NUMERIC.match(doc[i].text):
        reading = en._read_numeric(numeric.group(0), anchor, True, False) if numeric.group(1) else None
        reading = reading or en._read_rules(numeric.group(0), anchor, tense)
        return None if reading is None else (i + 1, reading, reading)
    if (month := _month_of(doc[i])) is not None and not doc[i].text[:1].isdigit():
        j = _after_abbreviation(doc, i)
        year = _year_at(doc, j)
        groups = {"rel": None, "month": _ENGLISH_MONTHS[month - 1], "year": str(year[1]) if year else None}
        reading = en._month(groups, anchor, tense)
        return None if reading is None else ((year[0] if year else j), reading, reading)
    year = _year_at(doc, i)
    if year is not None and year[0] > i + 1:  # "2022 года", not a bare 2022 (a count as often as a year)
        reading = en._year_alone({"year": str(year[1])}, anchor, tense)
        return year[0], reading, reading
    return None


def _range(first: Any, last: Any) -> Any:
    """Two dates as one ISO 8601 interval, as the English "January 4-8"; None if they run backwards."""
    if not (first.value and last.value) or first.begin and last.end and first.begin > last.end:
        return None
    return en._Reading("DATE", f"{first.value}/{last.value}", first.begin, last.end)


def _bounded(doc: Doc, i: int, anchor: date | None) -> _Found | None:
    """ "с 4 по 6 января", "с 4 января по 2 февраля" (a range); "с 4 января" (since), "до 6 января" (until)."""
    word = _key(doc[i])
    if word not in ("с", "со", "до") or i + 1 >= len(doc):
        return None
    tense = _tense(doc, i + 1)
    if word != "до" and _DAY.match(doc[i + 1].text) and i + 3 < len(doc) and _key(doc[i + 2]) == "по":
        # "с 4 по 6 января": the first day takes the month (and year) of the second
        second = _date_at(doc, i + 3, anchor, tense)
        if second is not None and second[1].begin is not None and second[1] is second[2]:
            end, last, _ = second
            day = int(doc[i + 1].text)
            first = _calendar(day, last.begin.month, last.begin.year, anchor, tense) if last.begin else None
            if first is not None and (reading := _range(first, last)):
                return i, end, _end(doc, end), reading
    start = i + 1
    if normal(doc[start].lemma_) in _PART_OF_PERIOD and start + 1 < len(doc):
        start += 1  # "с конца марта", "до середины января": the bound is what counts, as in English
    found = _date_at(doc, start, anchor, tense)
    if found is None:
        return None
    j, first, last = found
    if word != "до" and j + 1 < len(doc) and _key(doc[j]) == "по":
        second = _date_at(doc, j + 1, anchor, tense)
        if second is not None and (reading := _range(first, second[2])):
            return i, second[0], _end(doc, second[0]), reading
    if word == "до":
        reading = replace(last, begin=None, future=en._is_future(last, anchor))
    else:
        reading = replace(first, end=None)
    return i, j, _end(doc, j), reading


def _night(doc: Doc, i: int, anchor: date | None) -> _Found | None:
    """ "в ночь на 5 января", "в ночь на субботу": the night before that day, from the evening before it to it."""
    start = i + 1 if _key(doc[i]) in _PREPOSITIONS else i
    if start + 2 >= len(doc) or _key(doc[start]) != "ночь" or _key(doc[start + 1]) != "на":
        return None
    found = _date_at(doc, start + 2, anchor, None) or _weekday_at(doc, start + 2, anchor, None)
    if found is None:
        return None
    j, reading, last = found
    if reading is not last or reading.begin is None or reading.begin != reading.end:
        return None
    evening = reading.begin - timedelta(days=1)
    return start, j, _end(doc, j), en._Reading("TIME", f"{evening.isoformat()}TNI", evening, reading.begin)


# --- weekdays and days counted from the report --------------------------------------------------------------


def _weekday_at(doc: Doc, i: int, anchor: date | None, tense: str | None) -> tuple[int, Any, Any] | None:
    """ "понедельник", "прошлую среду", "следующую пятницу" at token i."""
    rel = None
    if i < len(doc) and (word := _lookup(doc[i], "relative")) in ("last", "next", "this"):
        rel, i = word, i + 1
    if i >= len(doc) or len(_key(doc[i])) <= 2 or (weekday := _lookup(doc[i], "weekdays")) is None:
        return None  # an abbreviation alone is no weekday: "ВС" are the armed forces, "ср." is "compare"
    reading = en._weekday({"rel": rel, "weekday": _ENGLISH_WEEKDAYS[weekday]}, anchor, tense)
    return None if reading is None else (i + 1, reading, reading)


def _weekday(doc: Doc, i: int, anchor: date | None) -> _Found | None:
    start = i + 1 if _key(doc[i]) in _PREPOSITIONS else i
    if start >= len(doc):
        return None
    if _lookup(doc[start], "weekdays") is None and _lookup(doc[start], "relative") is None:
        return None  # no weekday starts here (`_weekday_at`): the tense need not be read
    tense = _tense(doc, start)
    found = _weekday_at(doc, start, anchor, tense)
    if found is None:
        return None
    j, reading, _ = found
    # "в понедельник, 10 января", "во вторник 4 января": the weekday names the date that follows it, one
    # expression with the date's value, as the English "Tuesday, January 4" (the weekday alone would be the
    # last such day before the report, which may be another week)
    after = j + 1 if j < len(doc) and doc[j].text == "," else j
    if after < len(doc) and doc[after].text[:1].isdigit() and (dated := _day_month(doc, after, anchor, tense)):
        end, first, last = dated
        whole = first if first is last else _range(first, last)
        if whole is not None:
            return start, end, _end(doc, end), whole
    return _with_part_of_day(doc, start, j, reading)


def _deictic(doc: Doc, i: int, anchor: date | None) -> _Found | None:
    """ "сегодня", "вчера", "позавчера", "накануне" (alone), with a part of the day before or after them."""
    part = _part_of_day(doc[i])
    start = i + 1 if part and i + 1 < len(doc) else i
    offset = _words()["deictic"].get(_key(doc[start]))
    if offset is None:
        return None
    if _key(doc[start]) == "накануне" and _eve_of_event(doc, start):
        return start, start + 1, _end(doc, start + 1), en._Reading("DATE", None)
    if anchor is None:
        reading = en._Reading("DATE", None, future=offset > 0)
    else:
        day = anchor + timedelta(days=offset)
        reading = en._Reading("DATE", day.isoformat(), day, day)
    if part:
        return i, start + 1, _end(doc, start + 1), _at_part(reading, part)
    return _with_part_of_day(doc, start, start + 1, reading)


def _eve_of_event(doc: Doc, i: int) -> bool:
    """ "накануне выборов": a noun in the genitive follows, whose eve it is."""
    after = doc[i + 1] if i + 1 < len(doc) else None
    if after is not None and after.pos_ == "ADJ" and i + 2 < len(doc):
        after = doc[i + 2]  # "накануне президентских выборов"
    return after is not None and after.pos_ in ("NOUN", "PROPN") and "Gen" in after.morph.get("Case", [])


def _part_of_day(token: Token) -> str | None:
    return _words()["parts_of_day"].get(_key(token))  # type: ignore[no-any-return]


def _with_part_of_day(doc: Doc, start: int, j: int, reading: Any) -> _Found:
    """The day's reading, a TIME if a part of the day follows it ("вчера вечером")."""
    if j < len(doc) and (part := _part_of_day(doc[j])):
        return start, j + 1, _end(doc, j + 1), _at_part(reading, part)
    return start, j, _end(doc, j), reading


def _at_part(reading: Any, part: str) -> Any:
    if reading.begin is None or reading.begin != reading.end:
        return en._Reading("TIME", None)
    return en._Reading("TIME", f"{reading.begin.isoformat()}T{en.PART_OF_DAY[part]}", reading.begin, reading.end)


# --- periods and lengths of time ----------------------------------------------------------------------------


def _count_and_unit(doc: Doc, i: int) -> tuple[int, float | None, str] | None:
    """ "трёх дней", "3 дня", "сутки", "неделю" at token i: the token after, the count (1 for a bare singular
    unit, None for a bare plural) and the English unit."""
    n = _number_of(doc[i]) if i < len(doc) else None
    if n is not None and _YEAR.match(doc[i].text):
        return None  # "за 2021 год" is a year, not 2,021 of them
    j = i + 1 if n is not None else i
    if j >= len(doc) or (unit := _unit_of(doc[j])) is None:
        return None
    if n is None:
        plural = "Plur" in doc[j].morph.get("Number", []) and _key(doc[j]) != "сутки"
        n = None if plural else 1
    return j + 1, n, unit


def _duration(doc: Doc, i: int, anchor: date | None) -> _Found | None:
    """ "в течение трёх дней", "за сутки", "за последние три дня", "на две недели"."""
    word, start = _key(doc[i]), i + 1
    if word == "в" and i + 1 < len(doc) and _key(doc[i + 1]) == "течение":
        start = i + 2
    elif word not in _DURATION_WORDS:
        return None
    if start < len(doc) and _lookup(doc[start], "relative") == "past":
        found = _count_and_unit(doc, start + 1)  # "за последние три дня": the days up to the report
        if found is None:
            return None
        end, n, unit = found
        groups = {"rel": "past", "n": None if n is None else f"{n:g}", "unit": unit, "plural": "s"}
        reading = en._relative(groups, anchor, None)
        return None if reading is None else (start, end, _end(doc, end), reading)
    found = _count_and_unit(doc, start)
    if found is None:
        return None
    end, n, unit = found
    letter, is_time, scale, days_per = en.UNITS[unit]
    reading = en._Reading("DURATION", en._duration_value(n, letter, is_time, scale), days=en._days(n, scale, days_per))
    return start, end, _end(doc, end), reading


def _relative(doc: Doc, i: int, anchor: date | None) -> _Found | None:
    """ "на прошлой неделе", "в этом месяце", "в прошлом году", "в следующем году"."""
    if _key(doc[i]) not in _PREPOSITIONS or i + 2 >= len(doc):
        return None
    rel = _lookup(doc[i + 1], "relative")
    unit = _unit_of(doc[i + 2])
    if rel not in ("last", "this", "next") or unit is None or unit in ("day", "night", "second", "minute", "hour"):
        return None
    reading = en._relative({"rel": rel, "n": None, "unit": unit, "plural": None}, anchor, _tense(doc, i + 1))
    return None if reading is None else (i + 1, i + 3, _end(doc, i + 3), reading)


def _ago(doc: Doc, i: int, anchor: date | None) -> _Found | None:
    """ "три дня назад", "через два дня": a day as far from the report as the words say."""
    after = _key(doc[i]) == "через"
    found = _count_and_unit(doc, i + 1 if after else i)
    if found is None:
        return None
    end, n, unit = found
    if not after and not (end < len(doc) and _key(doc[end]) == "назад"):
        return None
    end += 0 if after else 1
    groups = {"n": None if n is None else f"{n:g}", "unit": unit, "plural": None, "dir": "from now" if after else "ago"}
    reading = en._ago(groups, anchor, None)
    return None if reading is None else (i, end, _end(doc, end), reading)
