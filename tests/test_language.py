"""The language seam (issue 13): profiles, detection, the Russian spaCy pipeline and Russian numbers.

Every example text here is written for these tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crisisledger
from crisisledger.errors import ConfigError
from crisisledger.language import DEFAULT, PROFILES, detect, profile
from crisisledger.language.detect import identify
from crisisledger.language.ru_numbers import read

SRC = Path(crisisledger.__file__).resolve().parents[1]

# --- profiles -------------------------------------------------------------------------------------------------


def test_profiles_by_code():
    assert profile("en").name == "English"
    assert profile("ru").name == "Russian"
    assert profile(" RU ") is PROFILES["ru"]
    assert DEFAULT == "en"


@pytest.mark.parametrize("code", ["de", "", "russian", "e"])
def test_unknown_language_is_one_clear_error(code):
    with pytest.raises(ConfigError) as error:
        profile(code)
    message = str(error.value)
    assert "\n" not in message
    assert repr(code) in message and "en, ru" in message


def test_english_date_words_are_those_the_date_reader_uses():
    from crisisledger.extract.dates import _DEICTIC, MONTHS, WEEKDAYS

    words = profile("en").date_words()
    assert words.months == MONTHS
    assert words.weekdays == WEEKDAYS
    assert words.deictic == _DEICTIC


def test_russian_date_words_in_their_case_forms():
    words = profile("ru").date_words()
    assert words.months["января"] == 1 and words.months["январе"] == 1 and words.months["декабря"] == 12
    assert words.weekdays["понедельник"] == 0 and words.weekdays["среду"] == 2 and words.weekdays["пятницу"] == 4
    assert words.deictic["вчера"] == -1 and words.deictic["накануне"] == -1 and words.deictic["сегодня"] == 0


def test_number_words_per_language():
    assert profile("en").number_words()["thousand"] == 1000
    russian = profile("ru").number_words()
    assert russian["двести"] == 200 and russian["тысяча"] == 1000 and russian["двое"] == 2


def test_importing_the_seam_loads_no_model_library(tmp_path):
    found = tmp_path / "modules.json"
    code = (
        "import json, sys\n"
        "from crisisledger.language import detect, profile\n"
        "assert detect('Короткий текст') == 'ru' and profile('ru').code == 'ru'\n"
        f"json.dump(sorted(sys.modules), open({str(found)!r}, 'w'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(found.read_text()))
    assert not {"numpy", "spacy", "py3langid", "pymorphy3", "slovnet", "yaml"} & modules


# --- detection ------------------------------------------------------------------------------------------------

RUSSIAN = "Вечером в пятницу спасатели нашли под завалами ещё троих жителей посёлка, сообщил глава района."
ENGLISH = "On Friday evening rescuers found three more villagers under the rubble, the district head said."


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "en"),  # no letters: the default
        ("12 345 — 17:30", "en"),
        ("Пожар", "ru"),  # short: the script decides
        ("Fire", "en"),
        (RUSSIAN, "ru"),
        (ENGLISH, "en"),
        # mixed: what most of the letters are
        (f"Глава района сообщил агентству Reuters и BBC: «{RUSSIAN}»", "ru"),
        (f"The district head told Interfax: «Спасатели нашли троих». {ENGLISH}", "en"),
        ("Abc Где", "en"),  # as many letters of each script: the default
        # a language we have no profile for is read with the profile of its script
        ("Рятувальники знайшли ще трьох мешканців селища під завалами, повідомив голова району.", "ru"),
        ("Les secouristes ont retrouvé trois habitants sous les décombres vendredi soir.", "en"),
    ],
)
def test_detect(text, code):
    assert detect(text) == code
    assert detect(text) == code  # the same answer every time


def test_identify_names_a_language_we_do_not_read():
    assert identify("Рятувальники знайшли ще трьох мешканців селища під завалами, повідомив голова району.") == "uk"
    assert identify(ENGLISH) == "en"
    assert identify("  42 ") == "und"


# --- Russian numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase", "low", "high", "approximate", "vague"),
    [
        # digits, with the noun in its case forms
        ("При обрушении моста погиб 1 человек", "1", 1, 1, False, False),
        ("В давке пострадали 57 человек", "57", 57, 57, False, False),
        ("Число жертв достигло 312 человек", "312", 312, 312, False, False),
        ("Судьба 45-ти пассажиров неизвестна", "45-ти", 45, 45, False, False),
        ("Поиски 18-х горняков продолжаются", "18-х", 18, 18, False, False),
        # thousands grouped with a space or a no-break space, or a comma before three digits
        ("На площадь вышли 2 400 человек", "2 400", 2400, 2400, False, False),
        ("На площадь вышли 2\u00a0400 человек", "2\u00a0400", 2400, 2400, False, False),
        ("Эвакуированы 12,500 жителей", "12,500", 12500, 12500, False, False),
        # numerals in words, in any case
        ("Погибли семь горняков", "семь", 7, 7, False, False),
        ("Спасены жизни семерых детей", "семерых", 7, 7, False, False),
        ("Задержали одного водителя", "одного", 1, 1, False, False),
        ("Ранены двое прохожих", "двое", 2, 2, False, False),
        ("Среди погибших нет обоих пилотов", "обоих", 2, 2, False, False),
        ("Пропали без вести одиннадцать рыбаков", "одиннадцать", 11, 11, False, False),
        ("Судьба тридцати двух туристов неизвестна", "тридцати двух", 32, 32, False, False),
        ("Арестованы сто сорок два участника", "сто сорок два", 142, 142, False, False),
        ("Жертвами стали двести шестьдесят человек", "двести шестьдесят", 260, 260, False, False),
        ("Около двухсот пятидесяти человек ранены", "Около двухсот пятидесяти", 250, 250, True, False),
        ("Без крова остались девятьсот семей", "девятьсот", 900, 900, False, False),
        ("Эвакуированы двадцать пять тысяч жителей", "двадцать пять тысяч", 25000, 25000, False, False),
        ("Эвакуированы три тысячи четыреста жителей", "три тысячи четыреста", 3400, 3400, False, False),
        ("Митинг собрал полторы тысячи человек", "полторы тысячи", 1500, 1500, False, False),
        ("Город покинули два миллиона жителей", "два миллиона", 2000000, 2000000, False, False),
        ("Помощь получили тысяча семей", "тысяча", 1000, 1000, False, False),
        ("Речь идёт о пятистах задержанных", "пятистах", 500, 500, False, False),
        # digits with a word multiplier, the decimal mark a comma
        ("Из зоны вывезли 15 тыс. человек", "15 тыс", 15000, 15000, False, False),
        ("На улицы вышли 2,5 тысячи человек", "2,5 тысячи", 2500, 2500, False, False),
        ("Беженцами стали 3 млн человек", "3 млн", 3000000, 3000000, False, False),
        ("Беженцами стали 1,2 млн человек", "1,2 млн", 1200000, 1200000, False, False),
        # ranges
        ("Ранены от 10 до 15 человек", "от 10 до 15", 10, 15, False, False),
        ("На акцию пришли от 10 до 15 тысяч человек", "от 10 до 15 тысяч", 10000, 15000, False, False),
        ("Задержаны 10-15 активистов", "10-15", 10, 15, False, False),
        ("Задержаны 10–15 тысяч активистов", "10–15 тысяч", 10000, 15000, False, False),
        ("Погибли 40 — 50 шахтёров", "40 — 50", 40, 50, False, False),
        ("Погибли порядка восьми или десяти человек", "порядка восьми или десяти", 8, 10, True, False),
        ("Пострадали между 20 и 30 пассажирами", "между 20 и 30", 20, 30, False, False),
        ("Беженцами стали 1,5-2 млн человек", "1,5-2 млн", 1500000, 2000000, False, False),
        # bounds and hedges
        ("Погибли не менее 20 человек", "не менее 20", 20, None, False, False),
        ("Погибли по меньшей мере 9 человек", "по меньшей мере 9", 9, None, False, False),
        ("Задержаны более 100 человек", "более 100", 100, None, False, False),
        ("Задержаны более чем 100 человек", "более чем 100", 100, None, False, False),
        ("Ранены свыше трёхсот человек", "свыше трёхсот", 300, None, False, False),
        ("Число жертв превысило 70", "превысило 70", 70, None, False, False),
        ("Ранены как минимум шестеро", "как минимум шестеро", 6, None, False, False),
        ("Погибли до 50 человек", "до 50", None, 50, False, False),
        ("Погибли не более 50 человек", "не более 50", None, 50, False, False),
        ("Пострадали менее тридцати человек", "менее тридцати", None, 30, False, False),
        ("Задержаны около восьми тысяч человек", "около восьми тысяч", 8000, 8000, True, False),
        ("Задержаны около тысячи человек", "около тысячи", 1000, 1000, True, False),
        ("Погибли примерно 60 человек", "примерно 60", 60, 60, True, False),
        ("Погибли почти 200 человек", "почти 200", 200, 200, True, False),
        ("Ранены 100 с лишним человек", "100 с лишним", 100, None, False, False),
        ("Ранены 30 и более человек", "30 и более", 30, None, False, False),
        ("Погибли 40 или около того", "40 или около того", 40, 40, True, False),
        # vague words: the floors of dozens, hundreds, thousands, several
        ("Десятки человек ранены", "Десятки", 12, None, False, True),
        ("Сотни жителей эвакуированы", "Сотни", 100, None, False, True),
        ("Тысячи людей вышли на улицы", "Тысячи", 1000, None, False, True),
        ("Погибли десятки тысяч", "десятки тысяч", 10000, None, False, True),
        ("Пострадали сотни тысяч человек", "сотни тысяч", 100000, None, False, True),
        ("Задержаны несколько человек", "несколько", 3, None, False, True),
        ("Ранены нескольких полицейских", "нескольких", 3, None, False, True),
        ("Собрались несколько десятков человек", "несколько десятков", 30, None, False, True),
        ("Собрались несколько сотен человек", "несколько сотен", 300, None, False, True),
        ("Собрались несколько сот человек", "несколько сот", 300, None, False, True),
        ("Собрались несколько тысяч человек", "несколько тысяч", 3000, None, False, True),
        ("Пострадали многие тысячи людей", "многие тысячи", 2000, None, False, True),
        ("Ранено небольшое число военных", "небольшое число", 2, None, False, True),
        # none
        ("Никто не пострадал", "Никто", 0, 0, False, False),
        ("Ни один человек не погиб", "Ни один", 0, 0, False, False),
    ],
)
def test_russian_numbers(text, phrase, low, high, approximate, vague):
    found = read(text)
    assert found, f"no quantity in {text!r}"
    words, quantity = found[0]
    assert (words, quantity.min, quantity.max, quantity.approximate, quantity.vague) == (
        phrase,
        low,
        high,
        approximate,
        vague,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Взрыв произошёл 12 января",  # a date
        "Это случилось в 2011 году",  # a year
        "Протесты идут с 1991",
        "Митинг начался в 10:30",  # a clock time
        "Ущерб составил 300 тысяч рублей",  # money
        "Цены выросли на 5 %",  # a percentage
        "Пожар охватил 40 гектаров",  # a measure
        "Пробка растянулась на 12 км",
        "Он провёл в тюрьме 5 лет",  # a duration
        "Сгорел дом № 7",  # a label
        "Возбуждено дело по статье 295",
        "Стрельба длилась несколько часов",  # a duration
        "Погибла женщина в возрасте 56 лет",  # an age
        "Толчки силой 6,5 балла",  # a magnitude
        "В среднем 2,4 погибших",  # a decimal is not a count of people
        "Полиция стала задерживать прохожих",  # no number: "стала" is not "сталь" nor a numeral
        "Был пятый день протестов",  # an ordinal
        "Это 5-й случай",
        "Протесты начались ещё в 90-х",  # a decade
    ],
)
def test_what_is_not_a_count_of_people(text):
    assert read(text) == []


def test_two_figures_in_one_sentence():
    found = read("Погибли 12 человек, ещё около сорока ранены, десятки пропали без вести")
    assert [(words, q.min, q.max, q.approximate, q.vague) for words, q in found] == [
        ("12", 12, 12, False, False),
        ("около сорока", 40, 40, True, False),
        ("десятки", 12, None, False, True),
    ]


def test_span_and_head_are_token_indices():
    [(words, quantity)] = read("Вчера задержаны от 10 до 15 тысяч человек")
    assert words == "от 10 до 15 тысяч"
    assert (quantity.start, quantity.end, quantity.head) == (2, 7, 6)


# --- the Russian pipeline -------------------------------------------------------------------------------------

REPORT = (
    "  В понедельник в Москве полиция задержала около восьми тысяч человек.\n\n"
    "Министр Иван Петров заявил, что 164 человека погибли на берегу Чёрного моря.  Сотни  раненых доставлены "
    "в больницы Санкт-Петербурга\n\n"
    "Сводка без точки в конце\n"
    "На месте работают 1\u00a0200 спасателей "
)


@pytest.fixture(scope="module")
def russian():
    return profile("ru").load()


@pytest.mark.model
def test_russian_doc_keeps_the_text_exactly(russian):
    doc = russian(REPORT)
    assert doc.text == REPORT
    for token in doc:
        assert REPORT[token.idx : token.idx + len(token.text)] == token.text
    assert [t.text for t in doc if t.is_space] == ["  ", "\n\n", " ", " ", "\n\n", "\n", "\u00a0"]


@pytest.mark.model
def test_russian_sentences_are_trees(russian):
    doc = russian(REPORT)
    sentences = list(doc.sents)
    assert [s.text.strip()[:12] for s in sentences] == [
        "В понедельни",
        "Министр Иван",
        "Сотни  ранен",
        "Сводка без т",
    ]
    for sentence in sentences:
        roots = [t for t in sentence if t.head.i == t.i]
        assert len(roots) == 1 and roots[0].dep_ == "ROOT"
        assert all(sentence.start <= t.head.i < sentence.end for t in sentence)
    assert doc[6].text == "задержала" and doc[6].dep_ == "ROOT"
    assert doc[5].head.i == 6 and doc[5].dep_ == "nsubj"


@pytest.mark.model
def test_russian_tags_lemmas_and_entities(russian):
    doc = russian(REPORT)
    by_text = {t.text: t for t in doc}
    assert by_text["задержала"].pos_ == "VERB" and by_text["задержала"].lemma_ == "задержать"
    assert by_text["Москве"].lemma_ == "Москва" and by_text["Москве"].morph.get("Case") == ["Loc"]
    assert by_text["Санкт-Петербурга"].lemma_ == "Санкт-Петербург"
    assert by_text["восьми"].lemma_ == "восемь"
    assert all(t.pos_ == "SPACE" for t in doc if t.is_space)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Москве", "GPE"),
        ("Иван Петров", "PERSON"),
        ("Чёрного моря", "LOC"),
        ("Санкт-Петербурга", "GPE"),
    ]


@pytest.mark.model
def test_russian_natural_features_are_loc_and_towns_gpe(russian):
    doc = russian("Паром затонул в устье реки Урал, в сорока километрах от Атырау, у берегов Каспийского моря.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Урал", "LOC"), ("Атырау", "GPE"), ("Каспийского моря", "LOC")]


@pytest.mark.model
def test_russian_lemma_follows_the_part_of_speech(russian):
    doc = russian("Полицейские стали разгонять толпу. Ограждение сделано из стали.")
    stali = [t for t in doc if t.text == "стали"]
    assert [(t.pos_, t.lemma_) for t in stali] == [("VERB", "стать"), ("NOUN", "сталь")]


@pytest.mark.model
def test_russian_pipe_with_tuples_gives_what_one_doc_gives(russian):
    texts = [
        ("Вчера в Казани задержали 40 человек.", 1),
        ("", 2),
        ("   \n\n ", 3),
        (REPORT, 4),
        ("Пожар.", 5),
    ]
    piped = list(russian.pipe(texts, as_tuples=True, batch_size=2))
    assert [context for _, context in piped] == [1, 2, 3, 4, 5]
    for (doc, _), (text, _) in zip(piped, texts, strict=True):
        alone = russian(text)
        assert doc.text == text
        assert [(t.pos_, t.lemma_, t.dep_, t.head.i, str(t.morph)) for t in doc] == [
            (t.pos_, t.lemma_, t.dep_, t.head.i, str(t.morph)) for t in alone
        ]
        assert [(e.start, e.end, e.label_) for e in doc.ents] == [(e.start, e.end, e.label_) for e in alone.ents]


@pytest.mark.model
def test_russian_quantities_in_a_doc(russian):
    doc = russian(REPORT)
    found = [(doc[q.start : q.end].text, q.min, q.max, q.approximate, q.vague) for q in profile("ru").quantities(doc)]
    assert found == [
        ("около восьми тысяч", 8000, 8000, True, False),
        ("164", 164, 164, False, False),
        ("Сотни", 100, None, False, True),
        ("1\u00a0200", 1200, 1200, False, False),
    ]


def test_tree_mends_a_parse_into_one_tree():
    from crisisledger.language.russian import tree

    # two roots: the second hangs on the first
    assert tree([0, 1, 0, 3], ["root", "obj", "root", "punct"]) == ([0, 1, 1, 3], ["ROOT", "obj", "parataxis", "punct"])
    # a cycle (2 -> 3 -> 2) is cut at the root
    heads, rels = tree([0, 3, 2, 1], ["root", "nmod", "amod", "punct"])
    assert heads[0] == 0 and rels[0] == "ROOT"
    for i in range(1, 4):  # every token reaches the root
        j, steps = i, 0
        while heads[j] != 0 and steps < 5:
            j, steps = heads[j] - 1, steps + 1
        assert heads[j] == 0
    # no root at all, a head out of range, a token its own head: the first token becomes the root
    assert tree([2, 9, 3], ["nsubj", "obj", "punct"]) == ([0, 1, 1], ["ROOT", "obj", "punct"])
    # a token its own head, labelled root: it is the root
    assert tree([1, 1], ["root", "punct"]) == ([0, 1], ["ROOT", "punct"])


def test_missing_russian_models_are_one_clear_error(monkeypatch):
    import importlib.util

    from crisisledger.errors import ModelError
    from crisisledger.language import russian

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError) as error:
        russian._data.__wrapped__()
    assert "\n" not in str(error.value) and "pip install natasha==1.6.0" in str(error.value)


def test_blas_runs_on_one_thread_within_the_block_and_is_restored():
    from crisisledger.language.russian import _one_blas_thread, _openblas_threads

    setter = _openblas_threads()
    if setter is None:
        pytest.skip("numpy is not linked with OpenBLAS here")
    before = setter(3)
    try:
        with _one_blas_thread():
            assert setter(1) == 1
        assert setter(3) == 3
    finally:
        setter(before)


@pytest.mark.model
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet="абвгдЖЗ Qz.,!?:;\n\t\r\u00a0\u200b\u3000—-–«»()1234567890", max_size=80))
def test_russian_docs_keep_any_text_and_every_sentence_is_a_tree(russian, text):
    doc = russian(text)
    assert doc.text == text
    for sentence in doc.sents:
        assert len([t for t in sentence if t.head.i == t.i]) == 1
        assert all(sentence.start <= t.head.i < sentence.end for t in sentence)


def test_a_profile_reads_a_lexicon_once_with_the_extractors_that_read_it_directly():
    from crisisledger import patterns

    assert profile("en").lexicon("figures") is patterns.load("figures")
    assert profile("ru").lexicon("quantities") is patterns.load("quantities", "crisisledger.patterns.ru")
