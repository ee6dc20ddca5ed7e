"""Roles in Russian reports (`language/ru_roles.py`), through the whole pipeline: titles a person is named with,
changes in a role, and a Russian minister who gives a toll as an official claimant on the ledger. Every
sentence here is written for the test."""

from __future__ import annotations

from datetime import date

import pytest
from written_reports import read_report

from crisisledger.reconcile import build_lines, officials_of
from crisisledger.records import Extraction, record_id

pytestmark = pytest.mark.model


def _read(body: str, title: str = "Кадровые новости") -> Extraction:
    return read_report(body, title=title)


def _roles(body: str, title: str = "Кадровые новости") -> list[tuple]:
    return [(r.actor, r.title, r.organization, r.change) for r in _read(body, title).roles]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the title before the name, its country in the genitive the organisation
        (
            "Президент Казахстана Касым-Жомарт Токаев провёл заседание совбеза.",
            ("Касым-Жомарт Токаев", "президент", "Казахстан", None),
        ),
        # the name first, the title after a comma
        (
            "Вчера Касым-Жомарт Токаев, президент Казахстана, обратился к народу.",
            ("Касым-Жомарт Токаев", "президент", "Казахстан", None),
        ),
        # a minister's domain in the genitive is part of the title, and names the ministry
        (
            "Министр внутренних дел Ерлан Тургумбаев провёл брифинг.",
            ("Ерлан Тургумбаев", "министр внутренних дел", "Министерство внутренних дел", None),
        ),
        # a body in the genitive is the organisation, named as ru_names names it
        (
            "Представитель МВД Салтанат Азирбек ответила журналистам.",
            ("Салтанат Азирбек", "представитель", "МВД", None),
        ),
        # the title in the nominative, with the adjective that belongs to it
        (
            "Журналисты задали вопрос генеральному прокурору Берику Асылову.",
            ("Берик Асылов", "генеральный прокурор", None, None),
        ),
    ],
)
def test_a_title_beside_a_name_is_a_plain_role(body, expected):
    assert expected in _roles(body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Новым премьер-министром назначен Алихан Смаилов.", ("Алихан Смаилов", "премьер-министр", None, "appointed")),
        ("Ержан Садыков назначен на должность акима Алматы.", ("Ержан Садыков", "аким", "Алматы", "appointed")),
        (
            "Касым-Жомарт Токаев освободил Карима Масимова от должности главы КНБ.",
            ("Карим Масимов", "глава", "КНБ", "dismissed"),
        ),
        ("Карим Масимов снят с поста главы КНБ.", ("Карим Масимов", "глава", "КНБ", "dismissed")),
        (
            "Заместитель министра обороны Иван Петров уволен.",
            ("Иван Петров", "заместитель министра обороны", None, "dismissed"),
        ),
        ("Глава региона Арман Беков подал в отставку.", ("Арман Беков", "глава региона", None, "resigned")),
        ("Сообщается, что Арман Беков ушёл в отставку.", ("Арман Беков", None, None, "resigned")),
        ("Полиция задержала Марата Осипова.", ("Марат Осипов", None, None, "arrested")),
        ("Задержание Марата Осипова подтвердили в полиции.", ("Марат Осипов", None, None, "arrested")),
        ("Арест главы КНБ Карима Масимова санкционировал суд.", ("Карим Масимов", "глава", "КНБ", "arrested")),
        ("Прокуратура предъявила обвинение Марату Осипову.", ("Марат Осипов", None, None, "charged")),
        ("Марата Осипова обвинили в организации беспорядков.", ("Марат Осипов", None, None, "charged")),
    ],
)
def test_a_change_in_a_role_of_whom_it_acts_on(body, expected):
    assert expected in _roles(body)


def test_the_post_of_a_change_is_not_also_a_plain_role_and_the_speaker_is_no_patient():
    # the arrest takes the title the person carries; the minister who tells of arrests is not arrested
    assert _roles("Глава КНБ Карим Масимов был задержан.") == [("Карим Масимов", "глава", "КНБ", "arrested")]
    assert _roles("Министр внутренних дел Ерлан Тургумбаев заявил о задержаниях.") == [
        ("Ерлан Тургумбаев", "министр внутренних дел", "Министерство внутренних дел", None)
    ]


@pytest.mark.parametrize(
    ("negated", "said"),
    [
        ("Марат Осипов не был задержан.", "Марат Осипов был задержан."),
        ("Марат Осипов может быть уволен.", "Марат Осипов был уволен."),
        ("Арман Беков не подавал в отставку.", "Арман Беков подал в отставку."),
    ],
)
def test_a_negated_or_supposed_change_is_no_change(negated, said):
    assert [r.change for r in _read(said).roles] != []
    assert [r for r in _read(negated).roles if r.change] == []


def test_a_name_that_may_not_be_a_person_gets_no_role():
    # the NER takes the title and the city into the name: which words are the person is unsure
    assert _roles("Аким Алматы Бакытжан Сагинтаев подал в отставку.") == []
    assert _roles("Бакытжан Сагинтаев, аким Алматы, подал в отставку.") == [
        ("Бакытжан Сагинтаев", "аким", "Алматы", "resigned")
    ]


def test_the_date_reason_and_who_made_the_change():
    (arrest,) = _read("Глава КНБ Карим Масимов был задержан 8 января по обвинению в госизмене.").roles
    assert (arrest.change, arrest.date, arrest.reason) == ("arrested", date(2022, 1, 8), "госизмена")
    (dismissal,) = _read("Касым-Жомарт Токаев освободил Карима Масимова от должности главы КНБ.").roles
    assert dismissal.announced_by == "Касым-Жомарт Токаев"


def test_one_record_per_person_title_and_change_with_english_ids():
    extraction = _read(
        "Министр здравоохранения Алексей Цой посетил больницу. "
        "Позднее министр здравоохранения Алексей Цой провёл брифинг."
    )
    (role,) = extraction.roles
    assert (role.actor, role.title, role.change) == ("Алексей Цой", "министр здравоохранения", None)
    assert role.evidence.text.startswith("Министр здравоохранения")  # the first mention kept
    (actor,) = [a for a in extraction.actors if a.name == "Алексей Цой"]
    assert role.actor_id == actor.id
    assert role.id == record_id("role", role.document_id, role.actor, role.title, role.change, role.evidence.start)


def test_a_title_in_the_header_gives_no_role():
    header = "Министр здравоохранения Алексей Цой посетил Алматы"
    assert _roles("Больница приняла пострадавших.", title=header) == []
    assert _roles(header + ".") == [("Алексей Цой", "министр здравоохранения", "Министерство здравоохранения", None)]


def test_a_minister_who_gives_a_toll_is_an_official_claimant():
    extraction = _read("Министр здравоохранения Алексей Цой сообщил о 10 погибших.")
    (figure,) = extraction.figures
    assert (figure.claimant, figure.min) == ("Алексей Цой", 10)
    officials = officials_of(extraction.roles)
    assert officials == {"Алексей Цой"}
    (line,) = build_lines([extraction.document], [figure], [], officials=officials)
    assert line.claims[0].official is True
    (unnamed,) = build_lines([extraction.document], [figure], [])  # without the role, a name is no official
    assert unnamed.claims[0].official is False


@pytest.mark.parametrize(
    ("body", "person"),
    [
        ("Президент Казахстана Касым-Жомарт Токаев сообщил о 164 погибших.", "Касым-Жомарт Токаев"),
        ("Мурат Айтенов, аким Шымкента, сообщил о 12 пострадавших.", "Мурат Айтенов"),
    ],
)
def test_a_head_of_state_or_a_city_who_gives_a_toll_is_an_official_claimant(body, person):
    """Titles of state offices that name no body the alias table knows ("президент", "аким") are official by
    their own words (patterns/ru/aliases.yml `titles`)."""
    extraction = _read(body)
    assert officials_of(extraction.roles) == {person}
    (figure,) = extraction.figures
    (line,) = build_lines([extraction.document], [figure], [], officials=officials_of(extraction.roles))
    assert line.claims[0].official is True


@pytest.mark.parametrize(
    ("title", "official"),
    [
        ("президент Казахстана", True),
        ("министру здравоохранения", True),
        ("генеральный прокурор", True),
        ("аким Алматы", True),
        ("глава компании", False),
        ("директор школы", False),
        ("президент", True),
        ("Токаев", False),
    ],
)
def test_a_russian_title_is_official_by_its_first_words(title, official):
    from crisisledger.reconcile.lines import is_official

    assert is_official(title) is official


def test_a_surname_starting_its_sentence_holds_the_title_after_it():
    """A lone surname starting the sentence is a name (ru_names), and the title after its comma is its role."""
    assert _roles("Токаев, президент Казахстана, прибыл в Алматы.") == [("Токаев", "президент", "Казахстан", None)]
