"""Russian reports through the whole pipeline: the language is told, the Russian pipeline parses them and the
Russian reader (`language/ru_figures.py`) finds their figures. Every sentence here is written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from crisisledger import language
from crisisledger.errors import ConfigError
from crisisledger.pipeline import analyse, with_language
from crisisledger.records import Document

pytestmark = pytest.mark.model

HEADER = "title: {title}\ndate: 2022-01-10\noutlet: Тестовые вести\n\n"


def _report(body: str, title: str = "Сводка происшествий") -> Document:
    return Document.from_text(
        HEADER.format(title=title) + body,
        title=title,
        outlet="Тестовые вести",
        published=date(2022, 1, 10),
        body_start=len(HEADER.format(title=title)),
    )


def _figures(body: str, title: str = "Сводка происшествий") -> list[tuple]:
    (extraction,) = analyse([_report(body, title)])
    return [(f.kind, f.min, f.max, f.claimant, f.cited_source) for f in extraction.figures]


def _counts(body: str) -> list[tuple]:
    return [found[:3] for found in _figures(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("В результате пожара на складе погибли семь человек.", [("killed", 7, 7)]),
        ("При аварии автобуса пострадали 23 пассажира.", [("injured", 23, 23)]),
        ("Полиция задержала около двух тысяч демонстрантов.", [("detained", 2000, 2000)]),
        ("На площадь вышли десятки тысяч протестующих.", [("participants", 10000, None)]),
        ("Не менее 12 рабочих пропали без вести после обрушения шахты.", [("missing", 12, None)]),
        ("В больницы доставлены 40 раненых.", [("injured", 40, 40)]),
        ("Сообщается о пяти погибших и 18 раненых.", [("killed", 5, 5), ("injured", 18, 18)]),
        # a count with no noun after it takes its clause's kind
        ("Двое погибли на месте, ещё трое получили тяжёлые ранения.", [("killed", 2, 2), ("injured", 3, 3)]),
        # animate nouns are people without a list of nationalities
        ("В столкновениях убиты 11 паломников.", [("killed", 11, 11)]),
        # a part of a count takes its kind
        ("Ранены 30 человек, в том числе шесть полицейских.", [("injured", 30, 30), ("injured", 6, 6)]),
        # of "A или B" the first is the reading
        ("С начала года погибли или пропали без вести около трёхсот мигрантов.", [("killed", 300, 300)]),
        # people aboard are those affected
        ("На борту парома находились 120 человек.", [("affected", 120, 120)]),
    ],
)
def test_counts_and_kinds(body, expected):
    assert _counts(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "В городе сгорели 15 домов и 40 автомобилей.",  # things, not people
        "Суд выдал 200 ордеров на арест.",  # warrants, not arrests
        "Дело возбуждено по статье 109 Уголовного кодекса, предусматривающей наказание за смерть двух и более лиц.",
        "Девушка, которую считали погибшей, не скончалась.",  # a negated kind word
        "На митинг пришли к 12 часам.",  # a time
    ],
)
def test_no_count_of_people(body):
    assert _counts(body) == []


def test_claimants_and_cited_sources():
    found = _figures(
        "По данным МВД Казахстана, в Алматы задержаны 164 человека. "
        "Как сообщили в министерстве здравоохранения, в больницах находятся 57 пострадавших. "
        "По предварительным данным, погибли девять человек. "
        "Сообщается о трёх погибших военнослужащих."
    )
    assert found == [
        ("detained", 164, 164, "МВД Казахстана", None),
        ("injured", 57, 57, "министерство здравоохранения", None),
        ("killed", 9, 9, "Тестовые вести", None),
        ("killed", 3, 3, "Тестовые вести", "сообщается"),
    ]


def test_a_reporting_verb_claims_what_it_governs_not_a_relative_clause():
    found = _figures(
        "Глава полиции Иван Сидоров заявил, что задержаны 45 участников беспорядков. "
        "Прокуратура сообщила об аресте водителя, по вине которого погибли четыре человека."
    )
    assert found == [
        ("detained", 45, 45, "Иван Сидоров", None),
        ("killed", 4, 4, "Тестовые вести", None),
    ]


def test_one_person_named_by_a_noun_is_a_count_of_one():
    assert _counts("Во время перестрелки погиб полицейский.") == [("killed", 1, 1)]
    assert _counts("Полицейский застрелил нападавшего и задержал его сообщника.") == []
    # one joined to a counted subject, and one said to be among the people of a kind
    assert _counts("При обрушении кровли погибли семь рабочих и прораб.") == [("killed", 7, 7), ("killed", 1, 1)]
    assert _counts("Среди раненых есть 19-летний курсант.") == [("injured", 1, 1)]
    # but not one joined to people no number counts, nor one named
    assert _counts("Её мать и сестра погибли во время пожара.") == []
    assert _counts("Погиб журналист Иван Кротов.") == []


def test_a_title_count_the_body_tells_is_not_told_twice():
    found = _counts("В результате взрыва на шахте погибли 12 горняков.")
    assert (
        _counts_with_title("Взрыв на шахте: 12 погибших", "В результате взрыва на шахте погибли 12 горняков.") == found
    )


def _counts_with_title(title: str, body: str) -> list[tuple]:
    return [found[:3] for found in _figures(body, title)]


def test_russian_places_and_dates_reach_the_figure():
    (extraction,) = analyse([_report("9 января в Харькове задержаны 30 человек.")])
    (figure,) = extraction.figures
    assert figure.as_of == date(2022, 1, 9)
    assert figure.place is not None and figure.place.country_code == "UA"
    assert extraction.document.language == "ru"


def test_each_report_is_read_in_its_language_and_order_is_kept():
    english = Document.from_text(
        "title: Test\ndate: 2022-01-10\n\nPolice said 12 people were detained.\n",
        title="Test",
        published=date(2022, 1, 10),
        body_start=34,
    )
    russian = _report("Полиция сообщила, что задержаны 12 человек.")
    found = list(analyse([english, russian, english, russian]))
    assert [e.document.language for e in found] == ["en", "ru", "en", "ru"]
    assert [(f.kind, f.min) for e in found for f in e.figures] == [("detained", 12)] * 4


def test_a_given_language_is_kept_and_an_unknown_one_refused():
    document = Document.from_text("Полиция сообщила о задержаниях.", language="RU")
    assert with_language(document).language == "ru"
    assert with_language(Document.from_text("Полиция сообщила.")).language == "ru"
    assert with_language(Document.from_text("Police said so.")).language == "en"
    with pytest.raises(ConfigError, match="no language profile for 'fr'"):
        with_language(Document.from_text("La police a dit.", language="fr"))


def test_every_profile_names_its_readers():
    for code in language.PROFILES:
        profile = language.profile(code)
        for path in (profile.numbers, profile.dates, profile.geoparse_with, profile.reader, profile.loader):
            module, _, name = path.partition(":")
            assert module and name, f"{code}: {path!r} is not module:function"


def test_actors_keep_their_russian_names_with_a_latin_alias():
    (extraction,) = analyse([_report("Министр внутренних дел Ерлан Тургумбаев заявил, что задержаны 300 человек.")])
    (person,) = [a for a in extraction.actors if a.type == "person"]
    assert person.name == "Ерлан Тургумбаев"
    assert "Yerlan Turgumbayev" in person.aliases or "Erlan Turgumbaev" in person.aliases


def test_a_russian_file_ingested_and_exported_with_its_language(tmp_path, db):
    import json

    from typer.testing import CliRunner

    from crisisledger.cli import app

    report = tmp_path / "svodka.txt"
    report.write_text(
        "title: Беспорядки в Алматы\ndate: 2022-01-06\noutlet: Тестовые вести\n\n"
        "По данным полиции, в Алматы задержаны 120 человек. Ранены 15 полицейских.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(report), "--db", db]).exit_code == 0
    data = json.loads(runner.invoke(app, ["export", "--format", "json", "--db", db]).stdout)
    assert [d["language"] for d in data["documents"]] == ["ru"]
    counts = sorted((f["kind"], f["min"], f["claimant"]) for f in data["figures"])
    assert counts == [("detained", 120, "полиция"), ("injured", 15, "Тестовые вести")]


def _statuses(body: str) -> list[tuple]:
    (extraction,) = analyse([_report(body)])
    by = {c.figure_id: c.by for c in extraction.status_changes}
    return [(f.kind, f.min, f.status, by.get(f.id)) for f in extraction.figures]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a withdrawn post takes the latest count before it, withdrawn by whoever published it
        (
            "Канал «Вести Севера» сообщил о 40 погибших. Позднее запись была удалена.",
            [("killed", 40, "withdrawn", 'Канал "Вести Севера"')],
        ),
        # a denial answers the count before it; its subject is the denier, never the count's claimant
        (
            "Местные СМИ сообщили о гибели 25 человек. В МВД эти данные не подтвердили.",
            [("killed", 25, "denied", "МВД")],
        ),
        (
            "Министерство обороны опровергло сообщения о гибели 30 военнослужащих.",
            [("killed", 30, "denied", "Министерство обороны")],
        ),
        (
            "По данным полиции, задержаны 70 человек. Правозащитники поставили эту цифру под сомнение.",
            [("detained", 70, "disputed", "правозащитники")],
        ),
        # "с 36 до 31" after a verb of change: 36 revised, 31 exactly (not "up to 31")
        (
            "Власти уточнили число погибших: с 36 до 31 человека.",
            [("killed", 36, "revised", "власти"), ("killed", 31, "asserted", None)],
        ),
        ("Число погибших выросло до 45.", [("killed", 45, "asserted", None)]),
    ],
)
def test_denials_withdrawals_disputes_and_revisions(body, expected):
    assert _statuses(body) == expected


def test_a_russian_body_and_its_english_name_are_one_entity_and_official():
    from crisisledger.reconcile.entities import link_entities
    from crisisledger.reconcile.lines import is_official
    from crisisledger.records import Actor, Evidence

    def actor(document: Document, name: str) -> Actor:
        return Actor(f"act-{name}", document.id, name, "organization", Evidence.of(document, 0, 5))

    russian = Document.from_text("МВД Казахстана сообщило о задержаниях.")
    english = Document.from_text("The Interior Ministry reported arrests.")
    entities = link_entities([actor(russian, "МВД Казахстана"), actor(english, "Ministry of Internal Affairs")])
    assert len(entities) == 1 and set(entities[0].document_ids) == {russian.id, english.id}
    assert is_official("МВД Казахстана") and is_official("Минздрав") and not is_official("очевидцы")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the speaker of a quotation claims the counts in it: the verb after it, or before it with a colon
        (
            "«В больницы доставлены 17 человек, двое в тяжёлом состоянии», — заявил министр Асет Ибраев.",
            [("injured", 17, 17, "Асет Ибраев", None), ("injured", 2, 2, "Асет Ибраев", None)],
        ),
        ("Глава полиции Бахыт Сейтов заявил: «Задержаны 56 человек».", [("detained", 56, 56, "Бахыт Сейтов", None)]),
        # guillemets around a name are no quotation
        (
            "Боевики группировки «Правый край» ранили пятерых полицейских.",
            [("injured", 5, 5, "Тестовые вести", None)],
        ),
    ],
)
def test_quotations_in_guillemets(body, expected):
    assert _figures(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "По данным МВД, в Алматы 164 человека погибли.",
            ("killed", 164, 164, "2022-01-10", "Almaty", "МВД", "asserted"),
        ),
        ("В Нур-Султане ранены не менее 20 человек.", ("injured", 20, None, "2022-01-10", "Astana", None, "asserted")),
        (
            "Полиция задержала от 10 до 15 тысяч человек.",
            ("detained", 10000, 15000, "2022-01-10", None, None, "asserted"),
        ),
        ("Накануне сотни жителей были эвакуированы.", ("evacuated", 100, None, "2022-01-09", None, None, "asserted")),
        (
            "В субботу 9 января десятки людей пропали без вести.",
            ("missing", 12, None, "2022-01-09", None, None, "asserted"),
        ),
        ("Полиция не подтверждает данные о 25 арестованных.", ("detained", 25, 25, "2022-01-10", None, None, "denied")),
    ],
)
def test_the_kinds_of_phrase_a_russian_report_uses(body, expected):
    """Each kind of phrase issue 13 names, in a sentence of our own: bounds, kinds, dates against the report's
    (a Monday), Cyrillic places resolved to the places English reports name, claimants, statuses."""
    (extraction,) = analyse([_report(body)])
    (figure,) = extraction.figures
    claimant = None if figure.claimant == "Тестовые вести" else figure.claimant
    place = figure.place.name if figure.place else None
    got = (figure.kind, figure.min, figure.max, str(figure.as_of), place, claimant, figure.status)
    assert got == expected


@pytest.mark.parametrize(
    ("body", "population"),
    [
        ("В перестрелке погибли четверо полицейских.", "security forces"),
        ("При обстреле погибли 12 мирных жителей.", "civilians"),
        ("В столкновениях ранены 30 сотрудников полиции.", "security forces"),
        ("При пожаре погибли 40 человек.", None),
    ],
)
def test_the_population_a_count_narrows_to(body, population):
    (extraction,) = analyse([_report(body)])
    assert [f.population for f in extraction.figures] == [population]


def _said(body: str) -> list[tuple]:
    (extraction,) = analyse([_report(body)])
    return [(s.text, s.speaker, s.direct, s.stance) for s in extraction.statements]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "«Ситуация в городе остаётся напряжённой», — заявил аким Ерлан Омаров.",
            [("Ситуация в городе остаётся напряжённой", "Ерлан Омаров", True, "asserts")],
        ),
        (
            "Прокуратура сообщила, что возбуждены три уголовных дела.",
            [("возбуждены три уголовных дела", "прокуратура", False, "asserts")],
        ),
        (
            "В ведомстве подтвердили, что трасса закрыта.",
            [("трасса закрыта", "ведомство", False, "confirms")],
        ),
        # a name in guillemets is no quotation
        ("Сторонники партии «Новый путь» вышли на площадь.", []),
    ],
)
def test_russian_statements(body, expected):
    assert _said(body) == expected
