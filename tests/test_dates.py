"""Date resolution: rules on strings written for the test; `dates()` on Docs parsed by the model."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from crisisledger.extract.dates import MONTHS, PART_OF_DAY, UNITS, WEEKDAYS, Timex, dates, resolve

MON_10_JAN_2022 = date(2022, 1, 10)  # the seed report's date, a Monday
THU_15_JUN_2023 = date(2023, 6, 15)
SAT_30_MAR_2019 = date(2019, 3, 30)
THU_30_DEC_2021 = date(2021, 12, 30)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


@pytest.mark.parametrize(
    ("text", "anchor", "type_", "value", "begin", "end"),
    [
        # month and day without a year: the year nearest the report
        ("January 4", MON_10_JAN_2022, "DATE", "2022-01-04", "2022-01-04", "2022-01-04"),
        ("4 January", MON_10_JAN_2022, "DATE", "2022-01-04", "2022-01-04", "2022-01-04"),
        ("Jan. 4", MON_10_JAN_2022, "DATE", "2022-01-04", "2022-01-04", "2022-01-04"),
        ("the 4th of January", MON_10_JAN_2022, "DATE", "2022-01-04", "2022-01-04", "2022-01-04"),
        ("December 28", MON_10_JAN_2022, "DATE", "2021-12-28", "2021-12-28", "2021-12-28"),
        ("December 28", THU_15_JUN_2023, "DATE", "2022-12-28", "2022-12-28", "2022-12-28"),  # 169 days back
        ("October 2", THU_15_JUN_2023, "DATE", "2023-10-02", "2023-10-02", "2023-10-02"),  # 109 days ahead
        ("Feb 2", THU_15_JUN_2023, "DATE", "2023-02-02", "2023-02-02", "2023-02-02"),
        ("March 3rd, 2018", THU_15_JUN_2023, "DATE", "2018-03-03", "2018-03-03", "2018-03-03"),
        ("2022-01-10", THU_15_JUN_2023, "DATE", "2022-01-10", "2022-01-10", "2022-01-10"),
        # deictic days and parts of the day
        ("today", THU_15_JUN_2023, "DATE", "2023-06-15", "2023-06-15", "2023-06-15"),
        ("yesterday", THU_15_JUN_2023, "DATE", "2023-06-14", "2023-06-14", "2023-06-14"),
        ("yesterday", date(2023, 3, 1), "DATE", "2023-02-28", "2023-02-28", "2023-02-28"),
        ("tomorrow", THU_15_JUN_2023, "DATE", "2023-06-16", "2023-06-16", "2023-06-16"),
        ("This morning", MON_10_JAN_2022, "TIME", "2022-01-10TMO", "2022-01-10", "2022-01-10"),
        ("this afternoon", SAT_30_MAR_2019, "TIME", "2019-03-30TAF", "2019-03-30", "2019-03-30"),
        ("tonight", SAT_30_MAR_2019, "TIME", "2019-03-30TNI", "2019-03-30", "2019-03-30"),
        ("last night", SAT_30_MAR_2019, "TIME", "2019-03-29TNI", "2019-03-29", "2019-03-29"),
        ("yesterday evening", SAT_30_MAR_2019, "TIME", "2019-03-29TEV", "2019-03-29", "2019-03-29"),
        ("at 16:00 GMT", SAT_30_MAR_2019, "TIME", "2019-03-30T16:00Z", "2019-03-30", "2019-03-30"),
        ("9:45 p.m. on Friday", SAT_30_MAR_2019, "TIME", "2019-03-29T21:45", "2019-03-29", "2019-03-29"),
        # weekdays alone: the latest on or before the report, unless "next"
        ("on Tuesday", MON_10_JAN_2022, "DATE", "2022-01-04", "2022-01-04", "2022-01-04"),
        ("Sunday", MON_10_JAN_2022, "DATE", "2022-01-09", "2022-01-09", "2022-01-09"),
        ("on Thursday", THU_15_JUN_2023, "DATE", "2023-06-15", "2023-06-15", "2023-06-15"),
        ("Friday", THU_15_JUN_2023, "DATE", "2023-06-09", "2023-06-09", "2023-06-09"),
        ("next Friday", THU_15_JUN_2023, "DATE", "2023-06-16", "2023-06-16", "2023-06-16"),
        ("this coming Monday", THU_15_JUN_2023, "DATE", "2023-06-19", "2023-06-19", "2023-06-19"),
        ("last Thursday", THU_15_JUN_2023, "DATE", "2023-06-08", "2023-06-08", "2023-06-08"),
        ("Monday morning", SAT_30_MAR_2019, "TIME", "2019-03-25TMO", "2019-03-25", "2019-03-25"),
        # weeks, months and years around the report
        ("the last week", MON_10_JAN_2022, "DATE", "2022-W01", "2022-01-03", "2022-01-10"),
        ("last week", THU_15_JUN_2023, "DATE", "2023-W23", "2023-06-08", "2023-06-15"),
        ("the past week", SAT_30_MAR_2019, "DATE", "2019-W12", "2019-03-23", "2019-03-30"),
        ("this week", THU_15_JUN_2023, "DATE", "2023-W24", "2023-06-12", "2023-06-18"),
        ("next week", THU_15_JUN_2023, "DATE", "2023-W25", "2023-06-19", "2023-06-25"),
        ("last weekend", THU_15_JUN_2023, "DATE", "2023-W23-WE", "2023-06-10", "2023-06-11"),
        ("last month", MON_10_JAN_2022, "DATE", "2021-12", "2021-12-01", "2021-12-31"),
        ("the past month", THU_15_JUN_2023, "DATE", "2023-05", "2023-05-15", "2023-06-15"),
        ("this month", SAT_30_MAR_2019, "DATE", "2019-03", "2019-03-01", "2019-03-31"),
        ("last year", MON_10_JAN_2022, "DATE", "2021", "2021-01-01", "2021-12-31"),
        ("last year's", SAT_30_MAR_2019, "DATE", "2018", "2018-01-01", "2018-12-31"),
        ("the past year", THU_15_JUN_2023, "DATE", "2022", "2022-06-15", "2023-06-15"),
        ("the end of the year", THU_15_JUN_2023, "DATE", "2023", "2023-01-01", "2023-12-31"),
        ("three days ago", THU_15_JUN_2023, "DATE", "2023-06-12", "2023-06-12", "2023-06-12"),
        ("two years ago", THU_15_JUN_2023, "DATE", "2021", "2021-01-01", "2021-12-31"),
        ("the past two weeks", THU_15_JUN_2023, "DURATION", "P2W", "2023-06-01", "2023-06-15"),
        ("the next five days", THU_15_JUN_2023, "DURATION", "P5D", "2023-06-15", "2023-06-20"),
        ("in the past 24 hours", THU_15_JUN_2023, "DURATION", "PT24H", "2023-06-14", "2023-06-15"),
        # months, seasons, quarters: nearest, the past preferred
        ("in August", MON_10_JAN_2022, "DATE", "2021-08", "2021-08-01", "2021-08-31"),
        ("in August", THU_15_JUN_2023, "DATE", "2023-08", "2023-08-01", "2023-08-31"),
        ("in June", MON_10_JAN_2022, "DATE", "2021-06", "2021-06-01", "2021-06-30"),
        ("this August", MON_10_JAN_2022, "DATE", "2022-08", "2022-08-01", "2022-08-31"),
        ("last March", SAT_30_MAR_2019, "DATE", "2018-03", "2018-03-01", "2018-03-31"),
        ("January 2022", THU_15_JUN_2023, "DATE", "2022-01", "2022-01-01", "2022-01-31"),
        ("mid-January", MON_10_JAN_2022, "DATE", "2022-01", "2022-01-01", "2022-01-31"),
        ("September of this year", SAT_30_MAR_2019, "DATE", "2019-09", "2019-09-01", "2019-09-30"),
        ("last summer", MON_10_JAN_2022, "DATE", "2021-SU", "2021-06-01", "2021-08-31"),
        ("the fourth quarter", MON_10_JAN_2022, "DATE", "2021-Q4", "2021-10-01", "2021-12-31"),
        ("the third quarter of 2020", MON_10_JAN_2022, "DATE", "2020-Q3", "2020-07-01", "2020-09-30"),
        ("Q1 2023", THU_15_JUN_2023, "DATE", "2023-Q1", "2023-01-01", "2023-03-31"),
        ("the first half of 2020", THU_15_JUN_2023, "DATE", "2020-H1", "2020-01-01", "2020-06-30"),
        # years, decades, centuries
        ("2019", MON_10_JAN_2022, "DATE", "2019", "2019-01-01", "2019-12-31"),
        ("late 2006", MON_10_JAN_2022, "DATE", "2006", "2006-01-01", "2006-12-31"),
        ("the 1990s", MON_10_JAN_2022, "DATE", "199", "1990-01-01", "1999-12-31"),
        ("the '80s", MON_10_JAN_2022, "DATE", "198", "1980-01-01", "1989-12-31"),
        ("the 20th century", MON_10_JAN_2022, "DATE", "19", "1900-01-01", "1999-12-31"),
        # bounds: "since" leaves the end open, "until" the start
        ("since 2019", MON_10_JAN_2022, "DATE", "2019", "2019-01-01", None),
        ("Since January 4", MON_10_JAN_2022, "DATE", "2022-01-04", "2022-01-04", None),
        ("until March", MON_10_JAN_2022, "DATE", "2022-03", None, "2022-03-31"),
        ("until Friday", THU_15_JUN_2023, "DATE", "2023-06-16", None, "2023-06-16"),  # nearest, either way
        # ranges, as ISO 8601 intervals
        ("January 4-8", MON_10_JAN_2022, "DATE", "2022-01-04/2022-01-08", "2022-01-04", "2022-01-08"),
        ("3 to 7 June", THU_15_JUN_2023, "DATE", "2023-06-03/2023-06-07", "2023-06-03", "2023-06-07"),
        ("between 2014 and 2016", THU_15_JUN_2023, "DATE", "2014/2016", "2014-01-01", "2016-12-31"),
        # references without a day
        ("now", THU_15_JUN_2023, "DATE", "PRESENT_REF", "2023-06-15", "2023-06-15"),
        ("the past", THU_15_JUN_2023, "DATE", "PAST_REF", None, None),
        ("in the near term", THU_15_JUN_2023, "DATE", "FUTURE_REF", None, None),
        # days and months in figures: the day first unless the report is American (test_numeric_dates)
        ("10/01/2022", THU_15_JUN_2023, "DATE", "2022-01-10", "2022-01-10", "2022-01-10"),
        ("14.03.2020", THU_15_JUN_2023, "DATE", "2020-03-14", "2020-03-14", "2020-03-14"),
        # a weekday in a report of that weekday is that very day
        ("Monday", MON_10_JAN_2022, "DATE", "2022-01-10", "2022-01-10", "2022-01-10"),
        ("on Monday morning", MON_10_JAN_2022, "TIME", "2022-01-10TMO", "2022-01-10", "2022-01-10"),
    ],
)
def test_resolve(text: str, anchor: date, type_: str, value: str, begin: str | None, end: str | None) -> None:
    timex = resolve(text, anchor)
    assert timex is not None
    assert (timex.type, timex.value, timex.begin, timex.end_date) == (type_, value, _day(begin), _day(end))
    assert (timex.text, timex.start, timex.end) == (text, 0, len(text))


@pytest.mark.parametrize(
    ("text", "day_first", "value"),
    [
        ("25/03", True, "2022-03-25"),
        ("25/03", False, "2022-03-25"),  # 25 cannot be a month: one reading only
        ("03/04", True, "2022-04-03"),
        ("03/04", False, "2022-03-04"),
        ("01/01", True, "2022-01-01"),
        ("on 25.03", True, "2022-03-25"),  # dotted, a date only after a preposition ("3.5" is a number)
        ("25.03.2023", True, "2023-03-25"),
        ("25-03-2023", True, "2023-03-25"),
        ("7/8/07", False, "2007-07-08"),
        ("7/8/07", True, "2007-08-07"),
        ("2023/03/25", False, "2023-03-25"),  # the year first: always year, month, day
        ("12 Mar 2023 09:14PM", True, "2023-03-12T21:14"),
        ("25.03.2023 21:14", True, "2023-03-25T21:14"),
        ("12 Mar 2023 21.14 GMT", True, "2023-03-12T21:14Z"),
    ],
)
def test_numeric_dates(text: str, day_first: bool, value: str) -> None:
    timex = resolve(text, MON_10_JAN_2022, day_first=day_first)
    assert timex is not None
    assert timex.value == value


@pytest.mark.parametrize("text", ["3.5", "25-03", "12.5", "2-1"])
def test_numbers_that_are_no_dates(text: str) -> None:
    timex = resolve(text, MON_10_JAN_2022)
    assert timex is None or timex.value is None


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # the year in which the day falls on the weekday named, nearest the report
        ("Tuesday 11 January", MON_10_JAN_2022, "2022-01-11"),
        ("Monday 3 January", THU_30_DEC_2021, "2022-01-03"),  # across the year's end
        ("Friday, December 31", date(2022, 1, 3), "2021-12-31"),  # back across it
        ("Sunday 9 January", date(2022, 3, 1), "2022-01-09"),
        ("Wednesday, 15 March", THU_15_JUN_2023, "2023-03-15"),
        ("Thursday 16 March", THU_15_JUN_2023, "2023-03-16"),
        (
            "Tuesday 15 March",
            THU_15_JUN_2023,
            "2022-03-15",
        ),  # 15 March 2023 was a Wednesday; 2022's a Tuesday
        ("Saturday June 1", SAT_30_MAR_2019, "2019-06-01"),
        # no candidate year matches: keep the nearest date, do not invent
        ("Sunday 11 January", MON_10_JAN_2022, "2022-01-11"),
        # a written year wins over the weekday
        ("Monday 11 January 2022", THU_15_JUN_2023, "2022-01-11"),
    ],
)
def test_weekday_picks_the_year(text: str, anchor: date, expected: str) -> None:
    timex = resolve(text, anchor)
    assert timex is not None
    assert timex.value == expected
    assert timex.begin == timex.end_date == date.fromisoformat(expected)
    assert timex.future == (timex.begin > anchor)


@pytest.mark.parametrize(
    ("text", "value", "days"),
    [
        ("a week", "P1W", 7),
        ("five day", "P5D", 5),
        ("five-day", "P5D", 5),
        ("2 days", "P2D", 2),
        ("two weeks", "P2W", 14),
        ("48 hours", "PT48H", 2),
        ("12 hours", "PT12H", None),
        ("thirty minutes", "PT30M", None),
        ("eleven months", "P11M", 330),
        ("twenty-five years", "P25Y", 9125),
        ("a decade", "P10Y", 3650),
        ("two and a half years", "P2.5Y", 912),
        ("a couple of weeks", "P2W", 14),
        ("six straight days", "P6D", 6),
        ("the past five trading days", "P5D", 5),
        ("several years", "PXY", None),
        ("a few days", "PXD", None),
        ("decades", "PXY", None),
    ],
)
def test_durations(text: str, value: str, days: int | None) -> None:
    timex = resolve(text, THU_15_JUN_2023)
    assert timex is not None
    assert (timex.type, timex.value, timex.duration_days) == ("DURATION", value, days)


@pytest.mark.parametrize(("text", "value"), [("weekly", "P1W"), ("annually", "P1Y"), ("every two weeks", "P2W")])
def test_sets(text: str, value: str) -> None:
    timex = resolve(text, THU_15_JUN_2023)
    assert timex is not None
    assert (timex.type, timex.value) == ("SET", value)


@pytest.mark.parametrize(
    ("text", "anchor", "future"),
    [
        ("Tuesday 11 January", MON_10_JAN_2022, True),
        ("January 4", MON_10_JAN_2022, False),
        ("next week", THU_15_JUN_2023, True),
        ("this week", THU_15_JUN_2023, False),
        ("next Friday", THU_15_JUN_2023, True),
        ("the coming weeks", THU_15_JUN_2023, True),
        ("the future", THU_15_JUN_2023, True),
        ("the coming weeks", None, True),
        ("yesterday", THU_15_JUN_2023, False),
        ("until Friday", THU_15_JUN_2023, True),
        ("since Friday", THU_15_JUN_2023, False),
    ],
)
def test_future(text: str, anchor: date | None, future: bool) -> None:
    timex = resolve(text, anchor)
    assert timex is not None
    assert timex.future is future


@pytest.mark.parametrize(
    ("text", "type_", "value"),
    [
        # absolute: resolved as without an anchor
        ("4 January 2022", "DATE", "2022-01-04"),
        ("2019", "DATE", "2019"),
        ("since 2019", "DATE", "2019"),
        ("the 1990s", "DATE", "199"),
        ("2022-01-10", "DATE", "2022-01-10"),
        # durations do not need the report's date
        ("five day", "DURATION", "P5D"),
        # a month and day without a year: the year is unknown, and said so
        ("January 4", "DATE", "XXXX-01-04"),
        ("in August", "DATE", "XXXX-08"),
        # relative: no value, never a guess
        ("yesterday", "DATE", None),
        ("on Tuesday", "DATE", None),
        ("the last week", "DATE", None),
        ("last year", "DATE", None),
        ("This morning", "TIME", None),
        ("three days ago", "DATE", None),
        ("Tuesday 11 January", "DATE", "XXXX-01-11"),
    ],
)
def test_without_anchor(text: str, type_: str, value: str | None) -> None:
    timex = resolve(text, None)
    assert timex is not None
    assert (timex.type, timex.value) == (type_, value)
    if value is None or value.startswith("X"):
        assert timex.begin is None


@pytest.mark.parametrize(
    "text",
    ["", "between 10 and 15 thousand", "the ministry", "164 people", "thousands", "3.5", "the same day"],
)
def test_no_date(text: str) -> None:
    timex = resolve(text, MON_10_JAN_2022)
    assert timex is None or timex.value is None


def test_dateparser_is_not_called_for_rule_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    from crisisledger.extract import dates as module

    def refuse(words: str, anchor: date | None) -> None:
        raise AssertionError(f"dateparser called for {words!r}")

    monkeypatch.setattr(module, "_dateparser", refuse)
    for text in [
        "Tuesday 11 January",
        "January 4",
        "since 2019",
        "the last week",
        "five day",
        "Jan. 4, 2021",
        "25.03.2023",
        "7/8/07",
        "12 Mar 2023 09:14PM",
    ]:
        assert resolve(text, MON_10_JAN_2022) is not None


# No deadline: the first example to reach dateparser imports it, which takes longer than a whole run of rules.
_WORDS = [
    *MONTHS,
    *WEEKDAYS,
    *UNITS,
    *PART_OF_DAY,
    "ago",
    "last",
    "next",
    "the",
    "since",
    "of",
    "and",
    "to",
    "-",
]
_WORDS += [
    "0",
    "1",
    "29",
    "31",
    "99",
    "2019",
    "9999",
    "0001",
    "12:61",
    "23:59",
    "a.m.",
    "'9",
    "s",
    "th",
    ",",
    "/",
]


@settings(max_examples=300, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=60), anchor=st.none() | st.dates())
def test_resolve_never_raises_on_any_text(text: str, anchor: date | None) -> None:
    timex = resolve(text, anchor)
    assert timex is None or isinstance(timex, Timex)


@settings(max_examples=500, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(_WORDS), max_size=6), anchor=st.none() | st.dates())
def test_resolve_never_raises_on_date_words(words: list[str], anchor: date | None) -> None:
    timex = resolve(" ".join(words), anchor)
    if timex is not None and timex.begin is not None and timex.end_date is not None:
        assert timex.begin <= timex.end_date


# --- dates() over parsed Docs; `nlp` is conftest.py's session fixture: the model, loaded once ---------------


def _found(nlp: Language, text: str, anchor: date | None) -> dict[str, Timex]:
    return {timex.text: timex for timex in dates(nlp(text), anchor)}


@pytest.mark.model
def test_seed_report(nlp: Language, seed_path: Path) -> None:
    first_line, body = seed_path.read_text(encoding="utf-8").split("\n", 1)
    assert " date 2022-01-10" in first_line
    doc = nlp(body)
    found = list(dates(doc, MON_10_JAN_2022))
    by_text = {timex.text: timex for timex in found}
    for timex in found:
        assert body[timex.start : timex.end] == timex.text
    since_4_january = by_text["Since January 4"]  # widened over "Since": the period is open
    assert (since_4_january.value, since_4_january.begin, since_4_january.end_date) == (
        "2022-01-04",
        date(2022, 1, 4),
        None,
    )
    assert by_text["January 10"].value == "2022-01-10"
    assert by_text["Tuesday 11 January"].value == "2022-01-11"
    assert by_text["Tuesday 11 January"].future
    assert by_text["This morning"].begin == MON_10_JAN_2022
    assert by_text["the last week"].end_date == MON_10_JAN_2022
    assert by_text["the last week"].begin == date(2022, 1, 3)
    five_days = by_text["five day"]
    assert (five_days.type, five_days.value, five_days.duration_days) == ("DURATION", "P5D", 5)
    since_2019 = by_text["since 2019"]
    assert (since_2019.value, since_2019.begin, since_2019.end_date) == ("2019", date(2019, 1, 1), None)
    assert not any("thousand" in timex.text for timex in found)  # "between 10 and 15 thousand" is people


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "anchor", "expression", "value"),
    [
        ("Shops have stayed shut since 2019 in the old town.", MON_10_JAN_2022, "since 2019", "2019"),
        ("Police detained two organisers on Sunday.", MON_10_JAN_2022, "Sunday", "2022-01-09"),
        ("Shelling resumed yesterday near the bridge.", THU_15_JUN_2023, "yesterday", "2023-06-14"),
        ("Sirens sounded across the port last night.", THU_15_JUN_2023, "last night", "2023-06-14TNI"),
        ("The council will vote on Friday on the curfew.", THU_15_JUN_2023, "Friday", "2023-06-16"),
        ("The count was revised on 3 June after a recount.", THU_15_JUN_2023, "3 June", "2023-06-03"),
        (
            "Aid convoys arrived at 14:30 GMT at the crossing.",
            THU_15_JUN_2023,
            "14:30 GMT",
            "2023-06-15T14:30Z",
        ),
        ("The dam has leaked for two weeks.", THU_15_JUN_2023, "two weeks", "P2W"),
    ],
)
def test_dates_in_docs(nlp: Language, text: str, anchor: date, expression: str, value: str) -> None:
    found = _found(nlp, text, anchor)
    assert expression in found, f"{expression!r} not among {sorted(found)}"
    assert found[expression].value == value
    assert text[found[expression].start : found[expression].end] == expression


@pytest.mark.model
def test_a_rate_is_a_set(nlp: Language) -> None:
    found = _found(nlp, "The fund pays out $40 million a year to families.", THU_15_JUN_2023)
    assert [(t.type, t.value) for t in found.values()] == [("SET", "P1Y")]


@pytest.mark.model
def test_headline_and_dateline_are_separate(nlp: Language) -> None:
    text = "Floods close schools in 2023\nJune 15, 2023\nRain fell for three days."
    found = _found(nlp, text, THU_15_JUN_2023)
    assert found["June 15, 2023"].value == "2023-06-15"
    assert all("\n" not in expression for expression in found)


@pytest.mark.model
@settings(max_examples=25, database=None, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120), anchor=st.none() | st.dates())
def test_dates_spans_stay_inside_the_text(nlp: Language, text: str, anchor: date | None) -> None:
    for timex in dates(nlp(text), anchor):
        assert 0 <= timex.start <= timex.end <= len(text)
        assert text[timex.start : timex.end] == timex.text


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The blast happened on 25/03 near the port.", "25/03", "2022-03-25"),
        ("On 01/01 the curfew began in the old town.", "01/01", "2022-01-01"),
        ("The decree of 25.03.2023 ends the curfew.", "25.03.2023", "2023-03-25"),
        # day first: a report on Kabul, and a report whose own "25/12" says so
        ("The road to Kabul closed on 03/04, police said.", "03/04", "2022-04-03"),
        # month first: a report on the United States
        ("The road closed on 03/04 in Houston, Texas, police in Dallas said.", "03/04", "2022-03-04"),
        ("WASHINGTON (AP) - The road closed on 03/04, officials said.", "03/04", "2022-03-04"),
        ("The road closed on 03/04 in Houston. It opened again on 12/25.", "03/04", "2022-03-04"),
        ("The road closed on 03/04 in Houston. It opened again on 25/12.", "03/04", "2022-04-03"),
    ],
)
def test_numeric_dates_in_docs(nlp: Language, text: str, expression: str, value: str) -> None:
    found = _found(nlp, text, MON_10_JAN_2022)
    assert expression in found, f"{expression!r} not among {sorted(found)}"
    assert found[expression].value == value


@pytest.mark.model
@pytest.mark.parametrize("text", ["The index rose on 3.14 percent of the days.", "The shops are open 24/7 now."])
def test_numbers_in_docs_are_no_dates(nlp: Language, text: str) -> None:
    assert not any("/" in t.text or "." in t.text for t in dates(nlp(text), MON_10_JAN_2022))


@pytest.mark.model
def test_the_american_rule_is_the_reports_own(nlp: Language) -> None:
    from crisisledger.extract.dates import day_first

    assert day_first(nlp("Police in Kabul closed the road."))
    assert not day_first(nlp("HOUSTON, Texas - Police closed the road."))
    assert not day_first(nlp("Police in Houston and Dallas closed the roads to Austin, Texas."))
    assert day_first(nlp("Police in Houston closed the road on 25/12."))  # its own dates say so
    assert not day_first(nlp("Police in Kabul closed the road on 12/25."))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "anchor", "expression", "value"),
    [
        # a dateline on its own line or as its own sentence dates the report: never months after it
        ("KABUL, 5 March\n\nProtesters returned to the streets.", MON_10_JAN_2022, "5 March", "2021-03-05"),
        ("KABUL, 5 March. Protesters returned to the streets.", date(2023, 3, 6), "5 March", "2023-03-05"),
        ("KABUL, 10 January (Reuters) - Protesters returned.", MON_10_JAN_2022, "10 January", "2022-01-10"),
        # with no date for the report, a full dateline stands in for it
        ("KABUL, Monday 6 March 2023\n\nProtesters marched on Monday.", None, "Monday", "2023-03-06"),
        ("KABUL, 6 March 2023\n\nProtesters marched yesterday.", None, "yesterday", "2023-03-05"),
    ],
)
def test_datelines(nlp: Language, text: str, anchor: date | None, expression: str, value: str) -> None:
    found = _found(nlp, text, anchor)
    assert expression in found, f"{expression!r} not among {sorted(found)}"
    assert found[expression].value == value


@pytest.mark.model
def test_a_weekday_in_a_report_of_that_weekday_is_that_day(nlp: Language) -> None:
    found = _found(nlp, "Police detained 30 people on Monday after the march.", MON_10_JAN_2022)
    assert found["Monday"].value == "2022-01-10"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Updated 12 Mar 2023 09:14PM", "12 Mar 2023 09:14PM", "2023-03-12T21:14"),
        ("12.03.2023 21:14 Police detained 30 people.", "12.03.2023 21:14", "2023-03-12T21:14"),
        # the model glues the count to the date or time; the expression ends where the date does
        ("By 9.30pm on 12 March 40 people had been detained.", "12 March", "2022-03-12"),
        ("12 Mar 2023 9:14 PM 300 people marched in the capital.", "12 Mar 2023 9:14 PM", "2023-03-12T21:14"),
    ],
)
def test_dates_with_times(nlp: Language, text: str, expression: str, value: str) -> None:
    found = _found(nlp, text, MON_10_JAN_2022)
    assert expression in found, f"{expression!r} not among {sorted(found)}"
    assert found[expression].value == value


@pytest.mark.model
def test_times_and_dates_are_no_counts_of_people(analyse_text) -> None:
    extraction = analyse_text(
        "Updated 12 Mar 2023 09:14PM\n\nPosted at 21:14, 12.03.2023. Police detained 30 people on 12/03.",
        published=date(2023, 3, 12),
    )
    assert [(f.kind, f.min, f.max) for f in extraction.figures] == [("detained", 30, 30)]
