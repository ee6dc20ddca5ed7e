"""Russian dates (language/ru_dates.py): the English Timex, resolved against the report's date by the English
conventions. The report of every case is dated Monday 10 January 2022."""

from __future__ import annotations

from datetime import date

import pytest

from crisisledger.extract.dates import Timex
from crisisledger.language import russian
from crisisledger.language.ru_dates import dates

ANCHOR = date(2022, 1, 10)  # a Monday
D = date.fromisoformat


@pytest.fixture(scope="module")
def nlp():
    return russian.load()


def _read(nlp, text: str, anchor: date | None = ANCHOR) -> list[Timex]:
    return list(dates(nlp(text), anchor))


# sentence, the expression's text, type, value, first day, last day ("": open)
CASES = [
    ("Колонна вышла из города 3 января.", "3 января", "DATE", "2022-01-03", "2022-01-03", "2022-01-03"),
    (
        "Суд назначен на 14 марта 2021 года.",
        "14 марта 2021 года",
        "DATE",
        "2021-03-14",
        "2021-03-14",
        "2021-03-14",
    ),
    (
        "Акт подписан 7 дек. 2021 г. в столице.",
        "7 дек. 2021 г.",
        "DATE",
        "2021-12-07",
        "2021-12-07",
        "2021-12-07",
    ),
    ("Выборы прошли в 2021 году.", "2021 году", "DATE", "2021", "2021-01-01", "2021-12-31"),
    ("Закон принят осенью 2020 года.", "2020 года", "DATE", "2020", "2020-01-01", "2020-12-31"),
    ("В понедельник пострадавших стало больше.", "понедельник", "DATE", "2022-01-10", "2022-01-10", "2022-01-10"),
    ("Во вторник шёл снег.", "вторник", "DATE", "2022-01-04", "2022-01-04", "2022-01-04"),
    # a weekday naming the date after it is one expression with the date's value: alone, "в среду" would be
    # the Wednesday before the report (5 January), not the 29 December the date names
    ("В среду, 29 декабря, закрыли рынок.", "среду, 29 декабря", "DATE", "2021-12-29", "2021-12-29", "2021-12-29"),
    ("Во вторник 4 января встали заводы.", "вторник 4 января", "DATE", "2022-01-04", "2022-01-04", "2022-01-04"),
    (
        "В пятницу, 7-8 января, шли аресты.",
        "пятницу, 7-8 января",
        "DATE",
        "2022-01-07/2022-01-08",
        "2022-01-07",
        "2022-01-08",
    ),
    ("В субботу 300 человек вышли на площадь.", "субботу", "DATE", "2022-01-08", "2022-01-08", "2022-01-08"),
    ("В прошлую пятницу завод закрылся.", "прошлую пятницу", "DATE", "2022-01-07", "2022-01-07", "2022-01-07"),
    ("Переговоры пройдут в четверг.", "четверг", "DATE", "2022-01-13", "2022-01-13", "2022-01-13"),
    (
        "В ночь на 8 января загорелся склад.",
        "ночь на 8 января",
        "TIME",
        "2022-01-07TNI",
        "2022-01-07",
        "2022-01-08",
    ),
    ("Накануне в городе отключили свет.", "Накануне", "DATE", "2022-01-09", "2022-01-09", "2022-01-09"),
    ("Мост рухнул вчера.", "вчера", "DATE", "2022-01-09", "2022-01-09", "2022-01-09"),
    ("Позавчера перекрыли трассу.", "Позавчера", "DATE", "2022-01-08", "2022-01-08", "2022-01-08"),
    ("Сегодня работают все службы.", "Сегодня", "DATE", "2022-01-10", "2022-01-10", "2022-01-10"),
    ("Вчера вечером завыли сирены.", "Вчера вечером", "TIME", "2022-01-09TEV", "2022-01-09", "2022-01-09"),
    ("На прошлой неделе закрылись школы.", "прошлой неделе", "DATE", "2022-W01", "2022-01-03", "2022-01-10"),
    ("В этом месяце цены выросли.", "этом месяце", "DATE", "2022-01", "2022-01-01", "2022-01-31"),
    ("Урожай в прошлом году был плохим.", "прошлом году", "DATE", "2021", "2021-01-01", "2021-12-31"),
    ("В декабре бастовали шахтёры.", "декабре", "DATE", "2021-12", "2021-12-01", "2021-12-31"),
    ("В феврале 2020 года шли дожди.", "феврале 2020 года", "DATE", "2020-02", "2020-02-01", "2020-02-29"),
    (
        "Забастовка 5-6 января охватила шахты.",
        "5-6 января",
        "DATE",
        "2022-01-05/2022-01-06",
        "2022-01-05",
        "2022-01-06",
    ),
    (
        "Связи не было с 2 по 4 января.",
        "с 2 по 4 января",
        "DATE",
        "2022-01-02/2022-01-04",
        "2022-01-02",
        "2022-01-04",
    ),
    (
        "Учения шли с 28 декабря по 3 января.",
        "с 28 декабря по 3 января",
        "DATE",
        "2021-12-28/2022-01-03",
        "2021-12-28",
        "2022-01-03",
    ),
    ("Приказ от 06.01.2022, номер пять.", "06.01.2022", "DATE", "2022-01-06", "2022-01-06", "2022-01-06"),
    ("Запрет действует с 2018 года.", "с 2018 года", "DATE", "2018", "2018-01-01", ""),
    (
        "Со второй половины дня всё спокойно; с конца ноября бастуют шахтёры.",
        "с конца ноября",
        "DATE",
        "2021-11",
        "2021-11-01",
        "",
    ),
    ("Лагерь открыт до 20 января.", "до 20 января", "DATE", "2022-01-20", "", "2022-01-20"),
    ("Четыре дня назад пропал рыбак.", "Четыре дня назад", "DATE", "2022-01-06", "2022-01-06", "2022-01-06"),
    (
        "За последние две недели задержаны сорок человек.",
        "последние две недели",
        "DURATION",
        "P2W",
        "2021-12-27",
        "2022-01-10",
    ),
]


@pytest.mark.parametrize(("text", "expression", "kind", "value", "begin", "end"), CASES)
def test_russian_date_resolves_as_the_english_reader_would(nlp, text, expression, kind, value, begin, end):
    found = _read(nlp, text)
    expected = (expression, kind, value, begin and D(begin), end and D(end))
    assert [(t.text, t.type, t.value, t.begin or "", t.end_date or "") for t in found] == [expected]
    assert text[found[0].start : found[0].end] == expression


@pytest.mark.parametrize(
    ("text", "expression", "value", "days"),
    [
        ("Осада длилась в течение пяти дней.", "пяти дней", "P5D", 5),
        ("За сутки спасатели вывезли сто человек.", "сутки", "P1D", 1),
        ("Его арестовали на две недели.", "две недели", "P2W", 14),
        ("Поиски шли в течение 48 часов.", "48 часов", "PT48H", 2),
    ],
)
def test_lengths_of_time_are_durations(nlp, text, expression, value, days):
    found = _read(nlp, text)
    assert [(t.text, t.type, t.value, t.duration_days) for t in found] == [(expression, "DURATION", value, days)]


def test_eve_of_an_event_is_not_the_day_before_the_report(nlp):
    found = _read(nlp, "Накануне референдума закрыли границу.")
    assert [(t.text, t.value, t.begin) for t in found] == [("Накануне", None, None)]


def test_a_future_verb_moves_a_weekday_forward_and_marks_it(nlp):
    (found,) = _read(nlp, "Митинг состоится в субботу.")
    assert found.value == "2022-01-15" and found.future


def test_without_a_date_for_the_report_only_absolute_dates_resolve(nlp):
    found = _read(nlp, "Вчера и 3 марта 2021 года шли аресты.", anchor=None)
    assert [(t.text, t.value) for t in found] == [("Вчера", None), ("3 марта 2021 года", "2021-03-03")]


@pytest.mark.parametrize(
    "text",
    [
        "Ему 25 лет, срок составил 5 лет.",
        "Командование ВС отчиталось, ср. прошлый доклад.",
        "В 2022 задержали 2022 человека.",
        "Пострадали 30 человек, 5 из них дети.",
    ],
)
def test_ages_terms_and_bare_numbers_are_not_dates(nlp, text):
    assert _read(nlp, text) == []


def test_same_report_same_dates(nlp):
    text = "Вчера вечером, 9 января, и в ночь на 10 января шли столкновения; на прошлой неделе было тихо."
    assert _read(nlp, text) == _read(nlp, text)
