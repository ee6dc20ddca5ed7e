"""Cyrillic place names (language/ru_places.py) resolve to the English gazetteer's own places; the BGN/PCGN
romanisation (language/translit.py); the shipped Russian gazetteer index is what its builder makes."""

from __future__ import annotations

import pytest

from crisisledger.extract.places import gazetteer
from crisisledger.language import ru_places, russian
from crisisledger.language.translit import to_latin
from crisisledger.patterns import read_index


@pytest.fixture(scope="module")
def nlp():
    return russian.load()


def _place_named(nlp, sentence: str, name: str):
    doc = nlp(sentence)
    (entity,) = [e for e in doc.ents if e.text == name]
    return ru_places.resolve(list(entity))


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Жанаозен", "Zhanaozen"),
        ("Алматы", "Almaty"),
        ("Харьков", "Kharkov"),
        ("Нур-Султан", "Nur-Sultan"),
        ("Щучинск", "Shchuchinsk"),
        ("Ельцин", "Yeltsin"),
        ("Подъячев", "Podyachev"),
        ("Орёл", "Oryol"),
        ("Мариуполь", "Mariupol"),
        ("ТАСС", "TASS"),
        ("Reuters и ТАСС", "Reuters i TASS"),
    ],
)
def test_bgn_pcgn_romanisation(cyrillic, latin):
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("sentence", "name", "latin"),
    [
        ("Колонна въехала в Алматы ночью.", "Алматы", "Almaty"),
        ("Митинг прошёл в Харькове в субботу.", "Харькове", "Kharkiv"),
        ("Делегация прилетела в Нур-Султане утром.", "Нур-Султане", "Astana"),
        ("В Москве задержаны сорок человек.", "Москве", "Moscow"),
        ("Рабочие Жанаозена объявили забастовку.", "Жанаозена", "Zhanaozen"),
        ("Посол Египта вручил ноту.", "Египта", "Egypt"),
        ("Выборы в России назначены на март.", "России", "Russia"),
        ("Власти Казахстана ввели режим.", "Казахстана", "Kazakhstan"),
    ],
)
def test_a_cyrillic_name_in_any_case_is_the_place_its_latin_name_is(nlp, sentence, name, latin):
    found = _place_named(nlp, sentence, name)
    assert found is not None and found == gazetteer().lookup(latin)


@pytest.mark.parametrize(
    ("sentence", "name", "country"),
    [
        ("Обстрел Запорожской области продолжился.", "Запорожской области", "UA"),
        ("Нефтяники Мангистауской области бастуют.", "Мангистауской области", "KZ"),  # a word not in pymorphy3
    ],
)
def test_a_declined_region_is_found_by_its_words_lemmas(nlp, sentence, name, country):
    found = _place_named(nlp, sentence, name)
    assert found is not None and (found.level, found.country_code) == ("region", country)


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Дороги Алматинской области закрыты.", "KZ-19"),
        ("Шахтёры Карагандинской области вышли на смену.", "KZ-35"),
        ("Посевы Гомельской области погибли от засухи.", "BY-HO"),
        ("Жители Ошской области получили помощь.", "KG-O"),
        ("Хлопок Ферганской области убран.", "UZ-FA"),
    ],
)
def test_a_region_no_translation_names_in_russian_is_found_by_its_alias(nlp, sentence, code):
    """Regions pycountry gives no Russian name (patterns/ru/places.yml, region_aliases): the same region the
    English gazetteer has for the ISO code, in any case."""
    doc = nlp(sentence)
    words = sentence.split()
    (at,) = [i for i, word in enumerate(words) if word.startswith("области")]
    found = ru_places.resolve([t for t in doc if t.text in words[at - 1 : at + 1]])
    assert found is not None and (found.level, found.country_code) == ("region", code[:2])
    assert found == ru_places.resolve(_alias_of(code))


def _alias_of(code: str) -> str:
    from crisisledger.language.profile import profile

    return next(name for name, c in profile("ru").lexicon("places")["region_aliases"].items() if c == code)


def test_every_region_alias_is_a_region_of_its_country():
    from crisisledger.language.profile import profile

    aliases = profile("ru").lexicon("places")["region_aliases"]
    assert len(aliases) >= 40
    for name, code in aliases.items():
        found = ru_places.resolve(name)
        assert found is not None and found.level == "region" and found.country_code == code[:2], name


@pytest.mark.parametrize(
    ("sentence", "name", "latin"),
    [
        ("Паводок в Новосибирской области усилился.", "Новосибирской области", "Novosibirskaya oblast"),
        ("Губернатор Краснодарского края ввёл режим ЧС.", "Краснодарского края", "Krasnodarskiy kray"),
    ],
)
def test_a_region_iso_names_in_latin_only_is_found_in_the_nominative_romanised(nlp, sentence, name, latin):
    found = _place_named(nlp, sentence, name)
    assert found is not None and found.level == "region" and found == gazetteer().lookup(latin)


def test_a_name_geonames_has_only_in_latin_letters_is_romanised():
    assert ru_places.key("Обручево") not in ru_places._index()
    assert ru_places.resolve("Обручево") == gazetteer().lookup("Obruchevo")


@pytest.mark.parametrize("words", ["Старый город", "Верный", "Азия"])
def test_common_words_and_parts_of_the_world_are_no_city(words):
    # GeoNames lists them as other names of Barcelona's old town, of Almaty, of a town in the Philippines
    assert [level for level, _ in ru_places._index().get(ru_places.key(words), [])] == []


def test_a_town_named_as_a_surname_is_kept(nlp):
    found = _place_named(nlp, "Беспорядки в Фергюсоне продолжились.", "Фергюсоне")
    assert found is not None and (found.name, found.country_code) == ("Ferguson", "US")


def test_unknown_names_resolve_to_nothing():
    assert ru_places.resolve("Щиргзмлк") is None


def test_the_shipped_russian_gazetteer_is_what_the_libraries_give():
    assert read_index(ru_places.INDEX) == ru_places.collect()
