"""Date and time expressions, resolved against the report's own date (the anchor).

A report says "on Tuesday", "the last week", "since 2019"; a ledger needs days. Each expression becomes a
`Timex`: its TIMEX3 type and value, and the days it covers (`begin` .. `end_date`), counted from the anchor.

`_read()` tries, in this order, and the first reading wins:

1. fixed references ("now", "the past": PRESENT_REF, PAST_REF, FUTURE_REF) and frequencies ("weekly": SET)
2. clock times and parts of the day ("16:00 UTC", "this morning"): TIME, on the day the rest of the words name
3. deictic days ("today", "yesterday")
4. the `@_rule` patterns, in the order they are defined below: calendar days, months, seasons, quarters,
   years, decades, weekdays, periods relative to the anchor ("last week", "three days ago"), durations
5. ranges of two readings ("January 4-8", "between 2019 and 2021"), valued as ISO 8601 intervals
6. dateparser, cached, for absolute forms the rules do not know

Numeric dates ("25/03", "25.03.2023", "7/8/07") are read with the day first unless the report is American, which
the report itself tells (`day_first`): its own unambiguous numeric dates, a US dateline, or the United States as
the country it names most. A dateline ("KABUL, 5 March") dates the report: it is never after the report's date,
and with no date given for the report it stands in as the anchor.

`dates()` reads the DATE and TIME entities of a parsed report (dropping mis-tags with no date word in them,
such as "between 10 and 15 thousand"), plus what a token Matcher finds that the small model misses ("since
2019", "on Sunday", "last night"), each widened over a "since" or "until" before it.

Without an anchor only absolute dates resolve; a relative one keeps `value=None`: a wrong day is worse
than none. dateparser is slow: it is never asked about what the rules read, and its answers are cached.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from math import ceil
from typing import Any, TypeVar

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

__all__ = ["Timex", "dates", "day_first", "resolve"]


_FIRST_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september")
#: Month names and the abbreviations reports use ("Jan. 4" arrives here as "jan 4").
MONTHS = {name: i for i, name in enumerate(_FIRST_MONTHS, 1)}
MONTHS |= {"october": 10, "november": 11, "december": 12}
MONTHS |= {name[:3]: i for name, i in list(MONTHS.items())} | {"sept": 9}
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Weekday names, Monday = 0 as in `date.weekday()`.
WEEKDAYS = {name: i for i, name in enumerate(_WEEKDAY_NAMES)}
WEEKDAYS |= {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5}
_ONE_TO_TEN = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
#: Number words, enough for durations ("five day", "twenty-five years", "a couple of weeks").
NUMBER_WORDS: dict[str, float] = {word: i for i, word in enumerate(_ONE_TO_TEN, 1)}
NUMBER_WORDS |= {"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16}
NUMBER_WORDS |= {"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40}
NUMBER_WORDS |= {"fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
NUMBER_WORDS |= {"a": 1, "an": 1, "single": 1, "couple": 2, "dozen": 12, "half": 0.5}
#: Words for a vague number of units ("several years" -> "PXY").
VAGUE_NUMBERS = {"several", "few", "many", "some", "numerous", "number"}
#: Unit -> (TIMEX3 letter, clock unit?, letters per unit, days per letter): "decade" -> ("Y", False, 10, 365).
UNITS = {
    "second": ("S", True, 1, 1 / 86400),
    "minute": ("M", True, 1, 1 / 1440),
    "hour": ("H", True, 1, 1 / 24),
    "day": ("D", False, 1, 1),
    "night": ("D", False, 1, 1),
    "week": ("W", False, 1, 7),
    "fortnight": ("W", False, 2, 7),
    "month": ("M", False, 1, 30),
    "quarter": ("Q", False, 1, 91),
    "year": ("Y", False, 1, 365),
    "decade": ("Y", False, 10, 365),
    "century": ("Y", False, 100, 365),
}
#: Parts of the day, as TIMEX3 writes them after the "T" ("this morning" -> "2022-01-10TMO").
PART_OF_DAY = dict.fromkeys(["morning", "dawn", "daybreak"], "MO") | {"afternoon": "AF", "evening": "EV"}
PART_OF_DAY |= dict.fromkeys(["night", "tonight", "overnight"], "NI") | {"dusk": "EV", "midnight": "24:00"}
PART_OF_DAY |= {"noon": "12:00", "midday": "12:00"}
#: Seasons -> (TIMEX3 code, first month); a winter is counted from the December of its year.
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9)}
SEASONS |= {"winter": ("WI", 12)}
#: Words that point at the present, past or future without naming a day.
REFERENCES = dict.fromkeys(["now", "right now", "currently", "current", "present", "nowadays"], "PRESENT_REF")
REFERENCES |= dict.fromkeys(["these days", "moment", "time being"], "PRESENT_REF")
REFERENCES |= dict.fromkeys(["past", "recently", "recent", "formerly", "previously"], "PAST_REF")
REFERENCES |= dict.fromkeys(["future", "near future", "soon", "very soon", "later", "long run"], "FUTURE_REF")
REFERENCES |= dict.fromkeys(["long term", "near term", "short term", "medium term"], "FUTURE_REF")
#: Frequencies (TIMEX3 SET).
SET_WORDS = dict.fromkeys(["annual", "annually", "yearly"], "P1Y") | {"monthly": "P1M", "weekly": "P1W"}
SET_WORDS |= {"daily": "P1D", "nightly": "P1D", "hourly": "PT1H", "quarterly": "P1Q"}


@dataclass(frozen=True)
class Timex:
    """A date or time expression and what it refers to, TIMEX3-style."""

    text: str
    start: int  # character offsets into the text given; the caller maps them back to `Document.text`
    end: int
    type: str  # "DATE", "TIME", "DURATION" or "SET"
    value: str | None  # "2022-01-04", "2022-W01", "P5D", "2022-01-10TMO", "PRESENT_REF"...; None if unknown
    begin: date | None  # first day covered; None if unknown
    end_date: date | None  # last day covered; None if unknown or open-ended ("since 2019")
    duration_days: int | None = None  # for durations: "a five day blackout" -> 5
    future: bool = False  # refers to a time after the anchor


@dataclass(frozen=True)
class _Reading:
    """What the rules make of an expression, before it is tied to a span."""

    type: str
    value: str | None
    begin: date | None = None
    end: date | None = None
    days: int | None = None
    future: bool | None = None  # None: in the future when it begins after the anchor


def resolve(text: str, anchor: date | None, day_first: bool = True) -> Timex | None:
    """Resolve one expression ("Tuesday 11 January", "the last week") against the report's date.

    A day and month in figures ("25/03") is read day first unless `day_first` is False; asked about by name, a
    slashed pair is taken for a date, a dotted one ("3.5") only after "on", "since"... ("on 25.03")."""
    reading = _read(text, anchor, None, day_first, bare="/" in text)
    return None if reading is None else _timex(text, 0, len(text), reading, anchor)


def dates(doc: Doc, anchor: date | None, day_first: bool | None = None) -> Iterator[Timex]:
    """Yield every date or time expression of a parsed report, resolved against the report's date.

    `day_first` says how numeric dates are written; None lets the report tell (`day_first()`), which is only
    worked out when a numeric date could be read both ways. With no `anchor`, a dateline with a full date
    ("KABUL, 5 March 2023") stands in for it."""
    spans = _timex_spans(doc)
    line = _dateline(doc, spans)
    if anchor is None and line is not None:
        found = _read(line.text, None, None)
        if found is not None and found.begin is not None and found.begin == found.end and found.type == "DATE":
            anchor = found.begin
    order = _Order(doc, day_first)
    for span in spans:
        for piece, reading in _readings(span, anchor, order):
            if _is_share(piece):
                continue
            if reading.type == "DURATION" and _is_rate(piece):
                reading = _Reading("SET", reading.value)  # "$40 billion a year": a rate, not a length of time
            if span is line:
                reading = _as_dateline(reading, piece.text, anchor)
            yield _timex(piece.text, piece.start_char, piece.end_char, reading, anchor)


class _Order:
    """How a report writes numeric dates, worked out once and only when a date could be read both ways."""

    def __init__(self, doc: Doc, given: bool | None):
        self.doc, self.given = doc, given

    def day_first(self, text: str) -> bool:
        if self.given is None and _AMBIGUOUS.search(text):
            self.given = day_first(self.doc)
        return True if self.given is None else self.given


def _readings(span: Span, anchor: date | None, order: _Order) -> Iterator[tuple[Span, _Reading]]:
    """The span's reading; failing that, its comma-separated pieces' ("November 11, three days later")."""
    bare = _after_numeric_prefix(span)
    if reading := _read(span.text, anchor, _tense(span), order.day_first(span.text), bare):
        yield span, reading
        return
    pieces, start = [], span.start
    for token in span:
        if token.text == ",":
            pieces.append(span.doc[start : token.i])
            start = token.i + 1
    if pieces:
        for piece in [*pieces, span.doc[start : span.end]]:
            if len(piece) and (reading := _read(piece.text, anchor, _tense(piece), order.day_first(piece.text))):
                yield piece, reading


def _timex(text: str, start: int, end: int, reading: _Reading, anchor: date | None) -> Timex:
    future = _is_future(reading, anchor)
    return Timex(text, start, end, reading.type, reading.value, reading.begin, reading.end, reading.days, future)


def _is_future(reading: _Reading, anchor: date | None) -> bool:
    if reading.future is not None:
        return reading.future
    return anchor is not None and reading.begin is not None and reading.begin > anchor


# --- finding the expressions in a Doc -----------------------------------------------------------------------

_MONTH_TOKEN = {"TEXT": {"IN": [name.title() for name in MONTHS] + [f"{name.title()}." for name in MONTHS]}}
# Token shapes rather than regexes: the matcher looks at every token of every report.
_DAY_TOKEN = {"SHAPE": {"IN": ["d", "dd", "dxx", "ddxx"]}}
_AM_PM = ["am", "pm", "a.m.", "p.m."]
_ZONE = {"LOWER": {"IN": ["utc", "gmt"]}, "OP": "?"}
#: Clock times as one token: "21:14", "09:14PM", "9.30pm".
_CLOCK_SHAPES = ["d:dd", "dd:dd", "d:ddxx", "dd:ddxx", "d:ddXX", "dd:ddXX", "d.ddxx", "dd.ddxx", "d.ddXX", "dd.ddXX"]
_CLOCK_AFTER_DATE: list[dict[str, Any]] = [
    {"TEXT": {"IN": [",", "at", "-"]}, "OP": "?"},
    {"SHAPE": {"IN": [*_CLOCK_SHAPES, "dd.dd", "d.dd"]}},  # after a date, "21.14" is a time too
    {"LOWER": {"IN": _AM_PM}, "OP": "?"},
    _ZONE,
]
#: Days and months in figures with a year ("25.03.2023", "7/8/07", "2023/03/25"): dates wherever they stand.
_NUMERIC_SHAPES = [
    f"{day}{sep}{month}{sep}{year}"
    for sep in "/.-"
    for day in ("d", "dd")
    for month in ("d", "dd")
    for year in ("dd", "dddd")
    if sep != "-" or year == "dddd"
] + ["dddd/dd/dd", "dddd/d/d", "dddd/d/dd", "dddd/dd/d"]
#: ...and without one ("25/03", "25.03"), dates only after one of these words: "24/7" and "3.14" are not.
_NUMERIC_PREFIXES = ["on", "since", "until", "till", "from", "before", "after", "by"]
_BARE_SHAPES = ["d/d", "d/dd", "dd/d", "dd/dd", "d.dd", "dd.dd"]
#: What the small model often leaves untagged; where an entity overlaps a match, the longer span wins.
_MATCHER_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "BOUNDED_YEAR": [[{"LOWER": {"IN": ["since", "until", "till", "from"]}}, {"SHAPE": "dddd"}]],
    "DEICTIC": [
        [{"LOWER": {"IN": ["yesterday", "today", "tonight", "tomorrow"]}}],
        [{"LOWER": {"IN": ["last", "this"]}}, {"LOWER": {"IN": list(PART_OF_DAY)}}],
    ],
    "WEEKDAY": [
        [
            {"LOWER": {"IN": ["next", "last", "this", "coming"]}, "OP": "?"},
            {"LOWER": {"IN": _WEEKDAY_NAMES}},
            {"LOWER": {"IN": list(PART_OF_DAY)}, "OP": "?"},
        ]
    ],
    "AGO": [[{"LIKE_NUM": True}, {"LEMMA": {"IN": list(UNITS)}}, {"LOWER": "ago"}]],
    "CALENDAR_DAY": [
        [_MONTH_TOKEN, _DAY_TOKEN, {"SHAPE": "dddd", "OP": "?"}],
        [_MONTH_TOKEN, _DAY_TOKEN, {"TEXT": ","}, {"SHAPE": "dddd"}],
        [_DAY_TOKEN, _MONTH_TOKEN, {"SHAPE": "dddd", "OP": "?"}],
    ],
    "CLOCK": [
        [{"SHAPE": {"IN": _CLOCK_SHAPES}}, {"LOWER": {"IN": _AM_PM}, "OP": "?"}, _ZONE],
        [{"SHAPE": {"IN": ["d", "dd", "d.dd", "dd.dd"]}}, {"LOWER": {"IN": _AM_PM}}, _ZONE],
        [{"SHAPE": "dddd"}, {"LOWER": {"IN": ["utc", "gmt"]}}],  # "0800 UTC"
    ],
    "REFERENCE": [
        [{"LOWER": {"IN": ["now", "currently", "recently", "recent", "nowadays"]}}],  # not "soon": "as soon as"
        [{"LOWER": "very"}, {"LOWER": "soon"}],
        [{"LOWER": "these"}, {"LOWER": "days"}],
        [{"LOWER": "the"}, {"LOWER": {"IN": ["past", "future"]}}],
        [{"LOWER": "the"}, {"LOWER": {"IN": ["long", "near", "short", "medium"]}}, {"LOWER": "term"}],
        [{"LOWER": "the"}, {"LOWER": "time"}, {"LOWER": "being"}],
    ],
    "SEASON": [
        [
            {"LOWER": {"IN": ["in", "this", "last", "next", "early", "late", "during"]}},
            {"LOWER": "the", "OP": "?"},
            {"LOWER": {"IN": ["spring", "summer", "autumn", "winter"]}},
        ]
    ],
    "RATE": [[{"LOWER": {"IN": ["a", "an", "per"]}}, {"LOWER": {"IN": ["year", "month", "week", "day", "hour"]}}]],
    "NUMERIC_DATE": [[{"SHAPE": {"IN": _NUMERIC_SHAPES}}]],
    # the preposition is matched, then left out of the span: "on 25/03" is "25/03"
    "BARE_NUMERIC_DATE": [[{"LOWER": {"IN": _NUMERIC_PREFIXES}}, {"SHAPE": {"IN": _BARE_SHAPES}}]],
    # "12 Mar 2023 09:14PM", "March 12, 2023, 9:14 p.m.", "25.03.2023 21:14": one time on one day
    "DATE_TIME": [
        [_DAY_TOKEN, _MONTH_TOKEN, {"SHAPE": "dddd", "OP": "?"}, *_CLOCK_AFTER_DATE],
        [_MONTH_TOKEN, _DAY_TOKEN, {"TEXT": ",", "OP": "?"}, {"SHAPE": "dddd", "OP": "?"}, *_CLOCK_AFTER_DATE],
        [{"SHAPE": {"IN": _NUMERIC_SHAPES}}, *_CLOCK_AFTER_DATE],
    ],
    "YEAR_RANGE": [
        [
            {"LOWER": {"IN": ["from", "between"]}},
            {"SHAPE": "dddd"},
            {"LOWER": {"IN": ["to", "and", "until", "through", "-"]}},
            {"SHAPE": "dddd"},
        ]
    ],
}
#: Words before a date that say it opens or closes a period; the span is widened over them.
_BOUND_WORDS = {"since", "until", "till", "from"}
_RELATIVE_WORDS = {"this", "last", "next", "past", "coming", "previous"}
_ANCHORABLE = {*UNITS, *WEEKDAYS, *MONTHS, "weekend"}
#: An entity without one of these is a mis-tag ("between 10 and 15 thousand").
_DATE_WORD = re.compile(
    r"\b(?:"
    + "|".join([*MONTHS, *WEEKDAYS, *UNITS, *PART_OF_DAY, *REFERENCES, *SET_WORDS, *SEASONS])
    + r"|centuries|[12]\d{3}|\d0s|\d{1,2}:\d\d|[ap]\.?m|today|yesterday|tomorrow|weekend|q[1-4]|utc|gmt"
    + r"|\d{1,2}[/.]\d{1,2}|\d{1,2}[.:]\d\d[ap]m)s?\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)
def _matcher(vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab)
    for label, patterns in _MATCHER_PATTERNS.items():
        matcher.add(label, patterns)
    return matcher


def _timex_spans(doc: Doc) -> list[Span]:
    """DATE and TIME entities that hold a date word, plus the matcher's finds, widened over "since"."""
    found = [_without_count(ent) for ent in doc.ents if ent.label_ in ("DATE", "TIME")]
    rate, bare = doc.vocab.strings["RATE"], doc.vocab.strings["BARE_NUMERIC_DATE"]
    for label, start, end in _matcher(doc.vocab)(doc):
        if label == bare:
            if _not_a_decimal(doc, end):
                found.append(doc[start + 1 : end])
        elif label != rate or doc[start].lower_ == "per" or _is_rate(doc[start:end]):
            found.append(doc[start:end])  # "a year" only after an amount: "$40 million a year"
    spans = []
    for span in filter_spans([span for span in found if len(span)]):
        for line in _lines(span):
            start, end = line.start, line.end
            if start > 0 and doc[start - 1].lower_ in _BOUND_WORDS:
                start -= 1  # "since 2019" is open-ended; the word says so
            elif start > 0 and doc[start - 1].lower_ in _RELATIVE_WORDS and line[0].lower_ in _ANCHORABLE:
                start -= 2 if start > 1 and doc[start - 2].lower_ == "the" else 1  # the model may tag "year" alone
            if end < len(doc) and doc[end].lower_ in ("utc", "gmt"):
                end += 1
            if _DATE_WORD.search(line.text):
                spans.append(doc[start:end])
    return filter_spans(spans)


def _without_count(span: Span) -> Span:
    """An entity without the count the model glued to it: "12 March 40 [people]", "9:14 PM 300 [people]"."""
    doc, end = span.doc, span.end
    last = doc[end - 1]
    if end - span.start >= 2 and last.like_num and last.shape_ != "dddd":
        before = doc[end - 2]
        after_time = before.lower_ in _AM_PM or before.lower_ in ("utc", "gmt")
        month = before.text.title().rstrip(".") in _MONTH_TOKEN["TEXT"]["IN"]
        if after_time or (month and end - span.start >= 3 and doc[end - 3].like_num):
            return doc[span.start : end - 1]
    return span


def _not_a_decimal(doc: Doc, end: int) -> bool:
    """ "on 25.03" is a day; "on 3.14 percent" is not."""
    after = doc[end].lower_ if end < len(doc) else ""
    return after not in ("%", "percent", "per", "points", "point", "million", "billion", "thousand", "times")


def _after_numeric_prefix(span: Span) -> bool:
    start = span.start
    return start > 0 and span.doc[start - 1].lower_ in _NUMERIC_PREFIXES or span[0].lower_ in _NUMERIC_PREFIXES


def _dateline(doc: Doc, spans: list[Span]) -> Span | None:
    """The date of a dateline: a place, a comma and a date at the top of the report, on a line or in a
    sentence of their own ("KABUL, 5 March", "BEIRUT, March 5, 2023 (AFP) -", "Houston, Texas, 5 March")."""
    for span in spans:
        if span.start > 40:
            break
        start = span.start
        while start > 0 and not doc[start - 1].is_space and "\n" not in doc[start - 1].text:
            start -= 1
        before = [t for t in doc[start : span.start]]
        if len(before) < 2 or before[-1].text != ",":
            continue
        if not all(t.text in (",", "(", ")") or (t.is_alpha and t.text[:1].isupper()) for t in before):
            continue
        if _dateline_ends(doc, span.end):
            return span
    return None


def _dateline_ends(doc: Doc, i: int) -> bool:
    """Whether a dateline's date is followed only by an agency in brackets, then a dash, a full stop or the
    end of its line ("KABUL, 5 March (Reuters) - Protesters...")."""
    inside = False
    while i < len(doc):
        token = doc[i]
        if token.is_space or "\n" in token.text or token.text in ("-", "–", "—", ":", "."):
            return True
        if token.text == "(":
            inside = True
        elif token.text == ")":
            inside = False
        elif not inside:
            return False
        i += 1
    return True


def _as_dateline(reading: _Reading, text: str, anchor: date | None) -> _Reading:
    """A dateline dates the report: a day written without a year is the last one on or before the report's
    date (a day later at most, for time zones), not a day months after it."""
    if anchor is None or reading.begin is None or reading.begin != reading.end or re.search(r"\b\d{4}\b", text):
        return reading
    day = reading.begin
    if day <= anchor + timedelta(days=1):
        return reading
    try:
        earlier = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return reading
    value = earlier.isoformat() + (reading.value or "")[10:]
    return replace(reading, value=value, begin=earlier, end=earlier)


def day_first(doc: Doc) -> bool:
    """Whether a report writes numeric dates day first ("25/03/2023"), as most of the world does, or month
    first, as the United States does. The report tells, in this order:

    1. its own numeric dates that can be read one way only: "25/03" is day first, "03/25" month first;
    2. its dateline: a place in the United States ("HOUSTON, Texas -", "WASHINGTON (AP) -") is month first;
    3. the places it names: month first when the United States is the country named most;
    4. otherwise day first."""
    for token in doc:
        match = _NUMERIC_PAIR.match(token.text)
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second >= 1:
                return True
            if second > 12 >= first >= 1:
                return False
    votes = _country_votes(doc)
    if votes.get("dateline") == "US":
        return False
    counted = votes["counts"]
    if counted and max(counted, key=lambda code: (counted[code], code == "US")) == "US":
        return False
    return True


_NUMERIC_PAIR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-]\d{2,4})?$")
_AMBIGUOUS = re.compile(r"\b(?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|1[0-2])\b")


def _country_votes(doc: Doc) -> dict[str, Any]:
    """The country of the dateline's place, and how often each country is named, by the gazetteer."""
    from .places import gazetteer  # the gazetteer loads its tables once; only needed for an ambiguous date

    counts: dict[str, int] = {}
    dateline = None
    try:
        places = gazetteer()
        for entity in doc.ents:
            if entity.label_ not in ("GPE", "LOC"):
                continue
            place = places.lookup(entity.text)
            if place is not None and place.country_code:
                counts[place.country_code] = counts.get(place.country_code, 0) + 1
        first_line = next((doc[: t.i] for t in doc if "\n" in t.text), doc[:])
        head = re.split(r"[,(\u2013\u2014-]", first_line.text, maxsplit=1)[0].strip()
        if head and head.replace(" ", "").replace(".", "").isalpha() and len(head.split()) <= 4:
            place = places.lookup(head.title() if head.isupper() else head)
            dateline = place.country_code if place is not None else None
    except Exception:  # the gazetteer helps decide; it is never a reason to lose a report's dates
        pass
    return {"counts": counts, "dateline": dateline}


def _lines(span: Span) -> Iterator[Span]:
    """The span cut at line breaks: a headline's last word and the dateline under it are not one date."""
    start = span.start
    for token in span:
        if token.is_space:
            if token.i > start:
                yield span.doc[start : token.i]
            start = token.i + 1
    if span.end > start:
        yield span.doc[start : span.end]


_FUTURE_HEADS = {"set", "due", "schedule", "expect", "plan", "go", "slate"}


def _tense(span: Span) -> str | None:
    """'future' when the verb the expression hangs on is future ("will speak on Tuesday"), else None."""
    token = span.root
    for _ in range(4):  # up through "on" and the like to the verb
        if token.pos_ in ("VERB", "AUX"):
            auxiliaries = {child.lower_ for child in token.children if child.dep_ in ("aux", "auxpass")}
            if auxiliaries & {"will", "'ll", "shall", "wo"}:
                return "future"
            # "is set to begin on Wednesday", "is expected to vote on Friday"
            return "future" if token.dep_ == "xcomp" and token.head.lemma_ in _FUTURE_HEADS else None
        if token.head is token:
            break
        token = token.head
    return None


def _is_share(span: Span) -> bool:
    """True for "a quarter" in "a quarter of the workforce": a share, not a time."""
    doc = span.doc
    return span[-1].lower_ in ("quarter", "half") and span.end < len(doc) and doc[span.end].lower_ == "of"


def _is_rate(span: Span) -> bool:
    """True for "a year" in "$40 billion a year": a frequency (SET), not a duration."""
    if span.start == 0 or span[0].lower_ not in ("a", "an"):
        return False
    before = span.doc[span.start - 1]
    return before.like_num or before.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY", "PERCENT")


# --- reading one expression ---------------------------------------------------------------------------------

_PREFIX = re.compile(
    r"^(since|until|till|til|through|throughout|from|on|in|at|by|during|for|over|within|of|as of|after|"
    r"before|around|about|approximately|roughly|nearly|almost|some|more than|less than|fewer than|at least|"
    r"up to|just|only|exactly|early|late|mid|(?:the )?(?:end|beginning|start|middle|course|rest) of|the|"
    r"earlier|later|every|each|per|a full|full|another|an additional)\s+"
)


def _read(
    text: str, anchor: date | None, tense: str | None, day_first: bool = True, bare: bool = False
) -> _Reading | None:
    """The whole cascade for one expression; see the module docstring for the order. `bare` allows a day and
    month in figures with no year ("25/03"), which only a preposition before them makes a date."""
    normalised = _normalise(text)
    bare = bare or normalised.split(" ", 1)[0] in _NUMERIC_PREFIXES
    words, bound, every = _strip_prefixes(normalised)
    if bound == "until" and tense is None:
        tense = "near"  # "closed until Friday": the coming Friday as readily as the last one
    if not words or not (_DATE_WORD.search(words) or re.search(r"\d", words)):
        return None
    try:
        reading = (
            _read_reference(words, anchor)  # 1.
            or _read_time(words, anchor, day_first)  # 2.
            or _read_deictic(words, anchor)  # 3.
            or _read_numeric(words, anchor, day_first, bare)  # 4., numbers first: "25.03.2023"
            or _read_rules(words, anchor, tense)  # 4.
            or _read_range(words, anchor)  # 5.
            or _read_fallback(words, anchor, day_first)  # 6.
        )
    except (ValueError, OverflowError):
        return None  # day arithmetic off the calendar's edge (year 1 or 9999), or 31 February: no reading
    if reading is None or reading.value and "/" in reading.value:
        return reading  # a range says where it starts and ends
    if every and reading.type == "DURATION":
        return _Reading("SET", reading.value)
    if bound == "since":
        return replace(reading, end=None)
    if bound == "until":
        return replace(reading, begin=None, future=_is_future(reading, anchor))
    return reading


def _normalise(text: str) -> str:
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", s)  # "p.m." -> "pm"
    s = re.sub(r"(?<=\d)([ap]m)\b", r" \1", s)  # "10pm" -> "10 pm"
    s = re.sub(r"\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mon|tues?|wed|thu|thurs|fri|sat)\.", r"\1", s)
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)  # "1,000"
    s = re.sub(r"'s\b|[(),;\"\[\]]|'(?!\d)", " ", s)  # "last year's", "(GMT)", "weeks' time"; keeps "'90s"
    s = re.sub(r"[\u2013\u2014]", "-", s)
    s = re.sub(r"\b([01]\d|2[0-3])([0-5]\d) (utc|gmt|z)\b", r"\1:\2 \3", s)  # "0800 UTC"
    s = re.sub(r"(?<=[a-z])-(?=[a-z0-9])|(?<=\d)-(?=[a-z])", " ", s)  # "five-day", "mid-January", "41-year"
    s = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", s)  # "4th"
    return " ".join(s.split()).strip(" .")


_WHOLE_UNITS = ("the year", "the month", "the week", "the quarter")


def _strip_prefixes(words: str) -> tuple[str, str | None, bool]:
    """Drop prepositions and hedges ("in", "more than", "the end of"); keep what they say about bounds."""
    bound, every = None, False
    while match := _PREFIX.match(words):
        word = match.group(1)
        if word.endswith(" of") and words[match.end() :] in _WHOLE_UNITS:
            words = "this " + words[match.end() + 4 :]  # "the end of the year": this year's
            break
        if word in ("since", "from"):
            bound = "since"
        elif word in ("until", "till", "til", "through", "up to"):
            bound = "until"
        elif word in ("every", "each", "per"):
            every = True
        words = words[match.end() :]
    return words, bound, every


def _read_reference(words: str, anchor: date | None) -> _Reading | None:
    if words in SET_WORDS:
        return _Reading("SET", SET_WORDS[words])
    value = REFERENCES.get(words)
    if value is None:
        return None
    here = anchor if value == "PRESENT_REF" else None
    return _Reading("DATE", value, here, here, future=value == "FUTURE_REF")


_CLOCK = re.compile(
    r"\b(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\b(?: ?(?P<ap>am|pm|o clock))?(?: (?P<tz>utc|gmt|z)\b)?"
    r"(?P<offset> ?[+-] ?\d{1,2}\b)?"
)


def _read_time(words: str, anchor: date | None, day_first: bool = True) -> _Reading | None:
    """A clock time or a part of the day, on the day the rest of the words name (the anchor's if none)."""
    clock = next((m for m in _CLOCK.finditer(words) if _is_clock(m, words)), None)
    if clock:
        hour, minute = int(clock.group("h")), int(clock.group("m") or 0)
        if clock.group("ap") == "pm" and hour < 12:
            hour += 12
        elif clock.group("ap") == "am" and hour == 12:
            hour = 0
        zone = "Z" if clock.group("tz") and not clock.group("offset") else ""
        suffix, rest = f"T{hour:02d}:{minute:02d}{zone}", words[: clock.start()] + words[clock.end() :]
    elif part := re.search(r"\b(" + "|".join(PART_OF_DAY) + r")\b", words):
        suffix, rest = "T" + PART_OF_DAY[part.group(1)], words[: part.start()] + words[part.end() :]
        if part.group(1) == "tonight":
            rest += " today"
        elif part.group(1) == "night" and rest.strip() == "last":
            rest = "yesterday"  # "last night" is the night before the report's day
    else:
        return None
    rest = " ".join(re.sub(r"\b(?:at|on|in|the|this|of|local time|time|early|late)\b", " ", rest).split())
    day = (
        _read_deictic(rest or "today", anchor)
        or _read_numeric(rest, anchor, day_first, False)
        or _read_rules(rest, anchor, None)
    )
    if day is None:
        return None
    if day.begin is None or day.begin != day.end:
        return _Reading("TIME", None)  # a time on a day we cannot name
    return _Reading("TIME", f"{day.begin.isoformat()}{suffix}", day.begin, day.end)


def _is_clock(match: re.Match[str], words: str) -> bool:
    """ "21:14", "9 pm", and "21.14" right after a date or before a zone ("12 mar 2023 21.14 gmt"); not "3.5"."""
    if ":" in match.group(0) or match.group("ap"):
        return True
    dotted = match.group("m") is not None and "." in match.group(0)
    return dotted and (match.group("tz") is not None or _DATE_BEFORE.search(words[: match.start()]) is not None)


_DATE_BEFORE = re.compile(r"(?:\b\d{4}|\d[/.-]\d{1,2}[/.-]\d{2,4}) ,?$")


#: Day words -> days from the anchor.
_DEICTIC = {"today": 0, "yesterday": -1, "day before yesterday": -2, "tomorrow": 1, "day after tomorrow": 2}
#: Days counted from an event, not from the report: "the same day" is as often the day before as the day of.
_ANAPHORIC = {"day", "same day", "that day"}


def _read_deictic(words: str, anchor: date | None) -> _Reading | None:
    if words in _ANAPHORIC:
        return _Reading("DATE", None)
    if words not in _DEICTIC:
        return None
    if anchor is None:
        return _Reading("DATE", None, future=_DEICTIC[words] > 0)
    day = anchor + timedelta(days=_DEICTIC[words])
    return _Reading("DATE", day.isoformat(), day, day)


# --- the rules: each a pattern over the normalised words, and a reader of its groups ------------------------

_Reader = Callable[[dict, date | None, str | None], _Reading | None]
_R = TypeVar("_R", bound=_Reader)
_RULES: list[tuple[re.Pattern[str], _Reader]] = []

#: Words between a number and its unit that change nothing: "five trading days", "six straight days".
_QUALIFIERS = ("trading", "business", "working", "calendar", "consecutive", "straight", "full", "more")
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_WEEKDAY = "(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
_UNIT = (
    r"(?:(?:" + "|".join(_QUALIFIERS) + ") )?"
    r"(?P<unit>" + "|".join(sorted(UNITS, key=len, reverse=True)) + r"|centuries)(?P<plural>s)?"
)
_NUMBER = r"(?P<n>[\d.]+|(?:an? )?[a-z]+(?: [a-z]+)?(?: and a half)?)"
_YEAR = r"(?P<year>\d{4}|(?:this|last|next) year)"
_REL = r"(?:(?P<rel>this|last|next|past|coming|current) )?"


def _rule(*patterns: str) -> Callable[[_R], _R]:
    """Register a reader for words that match one of the patterns in full; rules run in definition order."""

    def register(reader: _R) -> _R:
        _RULES.extend((re.compile(pattern), reader) for pattern in patterns)
        return reader

    return register


def _read_rules(words: str, anchor: date | None, tense: str | None) -> _Reading | None:
    for pattern, reader in _RULES:
        if (match := pattern.fullmatch(words)) and (reading := reader(match.groupdict(), anchor, tense)):
            return reading
    return None


@_rule(r"(?P<year>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:t\d\d:\d\d(?::\d\d)?z?)?")
def _iso(groups: dict, anchor: date | None, tense: str | None) -> _Reading:
    day = date(int(groups["year"]), int(groups["m"]), int(groups["d"]))
    return _Reading("DATE", day.isoformat(), day, day)


@_rule(
    _WEEKDAY + r"? ?(?:the )?(?P<day>\d{1,2})(?: of)? " + _MONTH + f"(?: {_YEAR})?",
    _WEEKDAY + r"? ?" + _MONTH + r" (?:the )?(?P<day>\d{1,2})" + f"(?: {_YEAR})?",
)
def _calendar_day(groups: dict, anchor: date | None, tense: str | None) -> _Reading | None:
    """A day of a month; without a year, the year that puts it nearest the anchor and matches its weekday."""
    month, day = MONTHS[groups["month"]], int(groups["day"])
    year = _year(groups["year"], anchor)
    if year is not None:
        found = date(year, month, day)  # a weekday that disagrees with a written year is left as written
        return _Reading("DATE", found.isoformat(), found, found)
    if anchor is None:
        return _Reading("DATE", f"XXXX-{month:02d}-{day:02d}") if day <= monthrange(2000, month)[1] else None
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    candidates = [date(y, month, day) for y in years if day <= monthrange(y, month)[1]]
    if groups["weekday"]:
        # "Tuesday 11 January" in a report of 2022-01-10: 2022, the year 11 January is a Tuesday
        weekday = WEEKDAYS[groups["weekday"]]
        candidates = [d for d in candidates if d.weekday() == weekday] or candidates
    if not candidates:
        return None
    found = min(candidates, key=lambda d: abs((d - anchor).days))
    return _Reading("DATE", found.isoformat(), found, found)


@_rule(_REL + _MONTH + f"(?: of)?(?: {_YEAR})?")
def _month(groups: dict, anchor: date | None, tense: str | None) -> _Reading | None:
    month = MONTHS[groups["month"]]
    year = _year(groups["year"], anchor)
    if year is not None:
        return _span_reading(f"{year}-{month:02d}", *_month_range(year, month))
    if anchor is None:
        return _Reading("DATE", f"XXXX-{month:02d}")
    candidates = [(f"{y}-{month:02d}", *_month_range(y, month)) for y in range(anchor.year - 1, anchor.year + 2)]
    return _span_reading(*_pick(candidates, anchor, groups["rel"], tense))


@_rule(_REL + r"(?P<season>spring|summer|autumn|fall|winter)" + f"(?: of)?(?: {_YEAR})?")
def _season(groups: dict, anchor: date | None, tense: str | None) -> _Reading | None:
    code, first_month = SEASONS[groups["season"]]

    def season(y: int) -> tuple[str, date, date]:
        last_year, last_month = _add_months(y, first_month, 2)
        return f"{y}-{code}", date(y, first_month, 1), _month_range(last_year, last_month)[1]

    year = _year(groups["year"], anchor)
    if year is not None:
        return _span_reading(*season(year))
    if anchor is None:
        return _Reading("DATE", f"XXXX-{code}")
    candidates = [season(y) for y in range(anchor.year - 1, anchor.year + 2)]
    return _span_reading(*_pick(candidates, anchor, groups["rel"], tense))


@_rule(
    _REL + r"(?:(?P<q>first|second|third|fourth|final|[1-4]) )?(?P<unit>quarter|half)"
    r"(?: of)?(?: the year)?" + f"(?: {_YEAR})?",
    r"(?P<q>q[1-4])" + f"(?: {_YEAR})?",
)
def _quarter(groups: dict, anchor: date | None, tense: str | None) -> _Reading | None:
    """Quarters ("the fourth quarter", "Q3 2021") and halves ("the first half of 2020")."""
    per_year = 2 if groups.get("unit") == "half" else 4
    q, rel = groups["q"], groups.get("rel")
    number = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": per_year}.get(q or "")
    number = number or (int(q[-1]) if q else None)
    if number is None and rel is None or number and number > per_year:
        return None  # "the quarter", "the half" alone: which one, the words do not say
    code, months = ("H", 6) if per_year == 2 else ("Q", 3)

    def part(y: int, n: int) -> tuple[str, date, date]:
        return f"{y}-{code}{n}", date(y, months * (n - 1) + 1, 1), _month_range(y, months * n)[1]

    year = _year(groups["year"], anchor)
    if year is not None and number is not None:
        return _span_reading(*part(year, number))
    if anchor is None:
        return _Reading("DATE", f"XXXX-{code}{number}" if number else None)
    if number is None:  # "this quarter", "last quarter"
        step = {"last": -1, "past": -1, "next": 1}.get(rel or "", 0)
        y, n = divmod(anchor.year * per_year + (anchor.month - 1) // months + step, per_year)
        return _span_reading(*part(y, n + 1))
    candidates = [part(y, number) for y in range(anchor.year - 1, anchor.year + 2)]
    return _span_reading(*_pick(candidates, anchor, rel, tense))


@_rule(r"(?:year )?(?P<year>[12]\d{3})")
def _year_alone(groups: dict, anchor: date | None, tense: str | None) -> _Reading:
    year = int(groups["year"])
    return _span_reading(str(year), date(year, 1, 1), date(year, 12, 31))


@_rule(r"(?P<decade>[12]\d{2})0s", r"'?(?P<short>\d)0s")
def _decade(groups: dict, anchor: date | None, tense: str | None) -> _Reading:
    stem = groups.get("decade") or f"19{groups['short']}"  # "the '90s": the last century's
    return _span_reading(stem, date(int(stem) * 10, 1, 1), date(int(stem) * 10 + 9, 12, 31))


@_rule(r"(?P<n>\d{1,2}) century")
def _century(groups: dict, anchor: date | None, tense: str | None) -> _Reading | None:
    n = int(groups["n"])
    if not 1 <= n <= 30:
        return None
    return _span_reading(f"{n - 1:02d}", date(max(1, (n - 1) * 100), 1, 1), date(n * 100 - 1, 12, 31))


@_rule(r"(?:(?P<rel>next|last|this|coming|this coming|past|previous) )?" + _WEEKDAY)
def _weekday(groups: dict, anchor: date | None, tense: str | None) -> _Reading | None:
    """A weekday alone: the latest on or before the anchor, unless "next" or a future verb says otherwise."""
    rel = groups["rel"]
    if anchor is None:
        return _Reading("DATE", None, future=rel in ("next", "coming", "this coming"))
    back = (anchor.weekday() - WEEKDAYS[groups["weekday"]]) % 7
    forward = (WEEKDAYS[groups["weekday"]] - anchor.weekday()) % 7
    if rel in ("next", "coming", "this coming"):
        offset = forward or 7
    elif rel in ("last", "past", "previous"):
        offset = -(back or 7)
    elif rel == "this" or tense == "near":
        offset = forward if forward < back else -back
    else:
        offset = forward if tense == "future" else -back
    day = anchor + timedelta(days=offset)
    return _Reading("DATE", day.isoformat(), day, day)


@_rule(r"(?:(?P<rel>this|last|next|past|coming) )?weekend")
def _weekend(groups: dict, anchor: date | None, tense: str | None) -> _Reading | None:
    if anchor is None:
        return _Reading("DATE", None)
    step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(groups["rel"] or "", 0)
    if not groups["rel"] and anchor.weekday() < 4:
        step = -1  # "over the weekend" in a report of Monday to Thursday: the one just gone
    saturday = anchor + timedelta(days=5 - anchor.weekday() + 7 * step)
    iso = saturday.isocalendar()
    return _span_reading(f"{iso.year}-W{iso.week:02d}-WE", saturday, saturday + timedelta(days=1))


@_rule(r"(?P<rel>this|last|next|past|previous|coming|current|following|recent|upcoming)" + f"(?: {_NUMBER})? {_UNIT}")
def _relative(groups: dict, anchor: date | None, tense: str | None) -> _Reading | None:
    """ "this week", "last month", "the past two weeks", "recent years", "next year"."""
    unit, rel = _unit(groups["unit"]), groups["rel"]
    letter, is_time, scale, days_per = UNITS[unit]
    future = rel in ("next", "coming", "upcoming", "following")
    if groups["n"] is not None or groups["plural"]:
        # a stretch of time that ends (or starts) at the anchor: "the past two weeks", "the coming days"
        n = _number(groups["n"])
        value, days = _duration_value(n, letter, is_time, scale), _days(n, scale, days_per)
        if n is None or anchor is None or rel in ("recent", "following"):
            return _Reading("DURATION", value, days=days, future=future)
        length = timedelta(days=ceil(n * scale * days_per))  # "the past 24 hours": since yesterday
        begin, end = (anchor, anchor + length) if future else (anchor - length, anchor)
        return _Reading("DURATION", value, begin, end, days, future=future)
    if anchor is None or rel in ("following", "recent") or unit in ("day", "night") or is_time:
        return _Reading("DATE", None, future=future)  # "the following week", "the next day": after some event
    step = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1}.get(rel, 1)
    if unit in ("week", "fortnight"):
        if step < 0:  # "the last week": the seven days up to the report, named by the ISO week they start in
            iso = (anchor - timedelta(days=7)).isocalendar()
            return _Reading("DATE", f"{iso.year}-W{iso.week:02d}", anchor - timedelta(days=7), anchor)
        monday = anchor - timedelta(days=anchor.weekday() - 7 * step)
        iso = monday.isocalendar()
        return _span_reading(f"{iso.year}-W{iso.week:02d}", monday, monday + timedelta(days=6))
    if unit == "quarter":
        return _quarter({"q": None, "unit": "quarter", "rel": rel, "year": None}, anchor, tense)
    if unit == "month":
        year, month = _add_months(anchor.year, anchor.month, step)
        if rel == "past":  # "the past month": the month up to the report
            return _Reading("DATE", f"{year}-{month:02d}", _shift_months(anchor, -1), anchor)
        return _span_reading(f"{year}-{month:02d}", *_month_range(year, month))
    # years, decades, centuries: "last year" is the calendar year before the report's
    first = (anchor.year // scale + step) * scale
    value = {1: str(first), 10: str(first // 10), 100: f"{first // 100:02d}"}[scale]
    if rel == "past":  # "the past year": the twelve months up to the report
        return _Reading("DATE", value, _shift_months(anchor, -12 * scale), anchor)
    return _span_reading(value, date(max(first, 1), 1, 1), date(first + scale - 1, 12, 31))


@_rule(f"{_NUMBER} {_UNIT} " + r"(?P<dir>ago|from now|hence|time)")
def _ago(groups: dict, anchor: date | None, tense: str | None) -> _Reading | None:
    """ "three days ago", "two weeks from now": a date as far from the anchor as the words say."""
    n = _number(groups["n"])
    letter, is_time, scale, days_per = UNITS[_unit(groups["unit"])]
    if n is None or is_time:
        return None
    sign = -1 if groups["dir"] == "ago" else 1
    if anchor is None:
        return _Reading("DATE", None, future=sign > 0)
    if letter in ("D", "W"):
        day = anchor + sign * timedelta(days=round(n * scale * days_per))
        return _Reading("DATE", day.isoformat(), day, day)
    if letter in ("M", "Q"):
        year, month = _add_months(anchor.year, anchor.month, sign * round(n * (3 if letter == "Q" else 1)))
        return _span_reading(f"{year}-{month:02d}", *_month_range(year, month))
    year = anchor.year + sign * round(n * scale)
    return _span_reading(str(year), date(year, 1, 1), date(year, 12, 31))


@_rule(
    r"(?:(?P<n>[\d.]+|(?:an? )?[a-z]+(?: [a-z]+)?(?: and a half)?) )??(?:(?P<half>half) (?:an? )?)?"
    + _UNIT
    + r"(?: (?:old|long|running))?"
)
def _duration(groups: dict, anchor: date | None, tense: str | None) -> _Reading | None:
    """ "five day", "two weeks", "48 hours", "several years", "half an hour", "two and a half years"."""
    letter, is_time, scale, days_per = UNITS[_unit(groups["unit"])]
    if groups["half"]:
        n: float | None = 0.5
    elif groups["n"] is None:
        n = None if groups["plural"] else 1  # a bare unit: "the week" is one, "over the years" some
    else:
        n = _number(groups["n"])
        if n is None and _strip_article(groups["n"]) not in VAGUE_NUMBERS:
            return None
    return _Reading("DURATION", _duration_value(n, letter, is_time, scale), days=_days(n, scale, days_per))


# --- ranges and the fallback --------------------------------------------------------------------------------

_RANGE = re.compile(r"(?:between )?(.+?) ?(?:-| to | and | until | till | through )(?:the )?(.+)")
_ABSOLUTE = re.compile(r"\b[12]\d{3}\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")


def _read_range(words: str, anchor: date | None) -> _Reading | None:
    """Two dates joined by "to", "and" or "-", valued as an ISO 8601 interval: "2022-01-04/2022-01-08"."""
    if not (match := _RANGE.fullmatch(words)):
        return None
    left, right = match.groups()
    if re.fullmatch(r"\d{1,2}", right) and (month := re.match(_MONTH + r" \d{1,2}", left)):
        right = f"{month.group('month')} {right}"  # "January 4-8"
    elif re.fullmatch(r"\d{1,2}", left) and (month := re.fullmatch(r"\d{1,2} " + _MONTH + "( \\d{4})?", right)):
        left = f"{left} {month.group('month')}{month.group(2) or ''}"  # "4 to 8 January"
    elif re.fullmatch(r"[12]\d{3}", left) and re.fullmatch(r"\d\d", right):
        right = left[:2] + right  # "2008-09"
    if re.fullmatch(_MONTH + r" \d{1,2}", left) and (year := re.search(r" (\d{4})$", right)):
        left += year.group(0)  # "January 4 to February 2, 2021": the year is written once, for both
    first, last = _read_rules(left, anchor, None), _read_rules(right, anchor, None)
    if not (first and last and first.type == last.type == "DATE" and first.value and last.value):
        return None
    if first.begin and last.end and first.begin > last.end:
        return None
    return _Reading("DATE", f"{first.value}/{last.value}", first.begin, last.end)


_NUMERIC = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?:(?P=sep)(?P<year>\d{4}|\d{2}))?")
_YEAR_FIRST = re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})")
_MONTH_NAMES = [*_FIRST_MONTHS, "october", "november", "december"]


def _read_numeric(words: str, anchor: date | None, day_first: bool, bare: bool) -> _Reading | None:
    """A day and month in figures: "25.03.2023", "7/8/07", "2023/03/25", and with `bare`, "25/03" ("on 25/03").

    Day first unless `day_first` is False (an American report); a reading that cannot be a date gives way
    to the other ("03/25" is 25 March either way). Without a year, the year nearest the report, as for
    "25 March"; a two-digit year is the one of this century unless that is after the report's."""
    if match := _YEAR_FIRST.fullmatch(words):
        found = date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
        return _Reading("DATE", found.isoformat(), found, found)
    match = _NUMERIC.fullmatch(words)
    if match is None or match.group("year") is None and (match.group("sep") == "-" or not bare):
        return None
    a, b = int(match.group("a")), int(match.group("b"))
    orders = [(a, b), (b, a)] if day_first else [(b, a), (a, b)]
    year_text = match.group("year")
    year = None if year_text is None else int(year_text)
    if year is not None and len(year_text) == 2:
        latest = (anchor.year if anchor is not None else 2049) + 1
        year = 2000 + year if 2000 + year <= latest else 1900 + year
    for day, month in orders:
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if year is not None:
            if day > monthrange(year, month)[1]:
                continue
            found = date(year, month, day)
            return _Reading("DATE", found.isoformat(), found, found)
        groups = {"month": _MONTH_NAMES[month - 1], "day": str(day), "year": None, "weekday": None}
        return _calendar_day(groups, anchor, None)
    return None


def _read_fallback(words: str, anchor: date | None, day_first: bool = True) -> _Reading | None:
    """dateparser, for absolute forms the rules do not know; never for relative ones, which it would guess."""
    if not _ABSOLUTE.search(words) or re.search(r"\b(?:ago|last|next|this|past|now)\b", words):
        return None
    found = _dateparser(words, anchor, "DMY" if day_first else "MDY")
    if found is None:
        return None
    day, period = found
    if period == "year":
        return _year_alone({"year": str(day.year)}, anchor, None)
    if period == "month":
        return _span_reading(f"{day.year}-{day.month:02d}", *_month_range(day.year, day.month))
    return _Reading("DATE", day.isoformat(), day, day)


@lru_cache(maxsize=4096)
def _dateparser(words: str, anchor: date | None, order: str = "DMY") -> tuple[date, str] | None:
    from dateparser.date import DateDataParser  # slow to import, and seldom needed

    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    settings["DATE_ORDER"] = order
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(words)
    except Exception:  # dateparser raises many kinds of error on odd input; a fallback must not take us down
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


# --- small helpers ------------------------------------------------------------------------------------------


def _span_reading(value: str, begin: date, end: date) -> _Reading:
    return _Reading("DATE", value, begin, end)


def _pick(
    candidates: list[tuple[str, date, date]], anchor: date, rel: str | None, tense: str | None
) -> tuple[str, date, date]:
    """The occurrence of a month, season or quarter that the words mean, among consecutive years'.

    "last" and "next" take the nearest wholly before or after the anchor; otherwise the nearest, with
    the future counted twice as far: reports mostly look back.
    """
    if rel in ("this", "current"):
        return candidates[1]  # the candidates are last year's, this year's and next year's
    if rel in ("last", "past"):
        return max((c for c in candidates if c[2] < anchor), key=lambda c: c[1], default=candidates[0])
    if rel in ("next", "coming") or tense == "future":
        return min((c for c in candidates if c[1] > anchor), key=lambda c: c[1], default=candidates[-1])

    def distance(candidate: tuple[str, date, date]) -> int:
        _, begin, end = candidate
        if begin <= anchor <= end:
            return 0
        return 2 * (begin - anchor).days if begin > anchor else (anchor - end).days

    return min(candidates, key=distance)


def _year(text: str | None, anchor: date | None) -> int | None:
    if text is None:
        return None
    if text[0].isdigit():
        return int(text)
    return None if anchor is None else anchor.year + {"this": 0, "last": -1, "next": 1}[text.split()[0]]


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + k, 12)
    return y, m + 1


def _shift_months(day: date, k: int) -> date:
    year, month = _add_months(day.year, day.month, k)
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _unit(word: str) -> str:
    return "century" if word == "centuries" else word


def _number(text: str | None) -> float | None:
    """'five' -> 5, 'twenty five' -> 25, '2.5' -> 2.5, 'two and a half' -> 2.5, 'a couple of' -> 2."""
    if text is None:
        return None
    half = 0.5 if text.endswith(" and a half") else 0
    text = _strip_article(text.removesuffix(" and a half"))
    if match := re.fullmatch(r"(\d+(?:\.\d+)?)(?: (?:" + "|".join(_QUALIFIERS) + "))?", text):
        return float(match.group(1)) + half
    total: float = 0
    for word in (word for word in text.split() if word not in _QUALIFIERS):
        if word not in NUMBER_WORDS:
            return None
        total = total * 100 if word == "hundred" and total else total + NUMBER_WORDS[word]
    return total + half if total else None


def _strip_article(text: str) -> str:
    """'a couple of' -> 'couple', 'a few' -> 'few'; a lone 'a' stays (it counts one)."""
    return re.sub(r"^an? (?=\w)", "", text).removesuffix(" of")


def _duration_value(n: float | None, letter: str, is_time: bool, scale: int) -> str:
    return f"P{'T' if is_time else ''}{'X' if n is None else f'{n * scale:g}'}{letter}"


def _days(n: float | None, scale: int, days_per: float) -> int | None:
    """Whole days, for durations of a day or more ("48 hours" -> 2); None when vague or shorter."""
    if n is None or n * scale * days_per < 1:
        return None
    return round(n * scale * days_per)
