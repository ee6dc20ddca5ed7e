"""Russian names in the nominative (language/ru_names.py): the phrase a word heads, its nominative, and the
claimant a report names, on sentences of our own parsed by the real Russian pipeline."""

from __future__ import annotations

import pytest

from crisisledger.language import ru_names, russian

#: A sentence several tests read: a role, a place and a man's name, all in the genitive.
SHERIFF = "По словам шерифа округа Харрис Эда Гонзалеса, погибли восемь человек."


@pytest.fixture(scope="module")
def nlp():
    return russian.load()


def _token(nlp, sentence: str, word: str):
    """The first token of the sentence written `word`."""
    doc = nlp(sentence)
    return next(t for t in doc if t.text == word)


# --- phrase -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "head", "expected"),
    [
        # a genitive chain with its adjectives
        (
            "По данным Министерства внутренних дел Казахстана, задержаны 20 человек.",
            "Министерства",
            "Министерства внутренних дел Казахстана",
        ),
        # a role with a person's name in apposition
        (
            SHERIFF,
            "шерифа",
            "шерифа округа Харрис Эда Гонзалеса",
        ),
        # a quoted name
        (
            "Журналисты телеканала «Хабар» насчитали около тысячи участников.",
            "Журналисты",
            "Журналисты телеканала «Хабар»",
        ),
        # names joined by "и" are one phrase
        ("По данным Интерфакса и РБК, пострадали 5 человек.", "Интерфакса", "Интерфакса и РБК"),
        # not the relative clause after the comma
        ("По сведениям жителей пригорода, которые видели пожар, погибли трое.", "жителей", "жителей пригорода"),
        # not a prepositional phrase that is no part of a name
        ("Сотрудник полиции из Алматы рассказал о задержаниях.", "Сотрудник", "Сотрудник полиции"),
        # not a bracketed aside
        (
            "Губернатор Алексей Петров (Alexei Petrov) сообщил о пяти погибших.",
            "Губернатор",
            "Губернатор Алексей Петров",
        ),
    ],
)
def test_phrase_is_the_name_a_word_heads(nlp, sentence, head, expected):
    assert ru_names.phrase(_token(nlp, sentence, head)).text == expected


def test_phrase_is_a_span_of_the_doc(nlp):
    token = _token(nlp, "Об этом сообщили представители украинской полиции.", "представители")
    span = ru_names.phrase(token)
    assert span.doc is token.doc
    assert span.start <= token.i < span.end


# --- nominative ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "head", "expected"),
    [
        # the head in the nominative, its genitive dependents kept
        ("По данным Министерства внутренних дел, задержаны 20 человек.", "Министерства", "Министерство внутренних дел"),
        # an indeclinable abbreviation and its genitive
        ("Как сообщили в МВД Казахстана, задержаны 10 человек.", "МВД", "МВД Казахстана"),
        # a plural stays plural; the adjective of the dependent keeps its case
        (
            "Заявление сделали от имени представителей украинской полиции.",
            "представителей",
            "представители украинской полиции",
        ),
        # an adjective agreeing with a plural head
        ("Заявление афганских властей опровергли.", "властей", "афганские власти"),
        # dative: the role and the man's name, which pymorphy3 knows only as a woman's ("Эда")
        ("Звонок шерифу Эду Гонзалесу поступил утром.", "шерифу", "шериф Эд Гонзалес"),
        # a surname whose genitive is a woman's nominative ("Аксёнова")
        ("Заявление Сергея Аксёнова опубликовано вечером.", "Сергея", "Сергей Аксёнов"),
        # a woman's name and surname
        ("По информации Ирины Петровой, погибли двое.", "Ирины", "Ирина Петрова"),
        # a hyphenated name keeps its capitals
        ("По словам аль-Моджеба, семеро отпущены.", "аль-Моджеба", "аль-Моджеб"),
        # a quoted name in the nominative, quotes kept
        ("Бойцы «Талибана» отступили.", "Талибана", "«Талибан»"),
        # a capital that only starts the sentence goes; a name's stays
        ("Представители украинской полиции сообщили о взрыве.", "Представители", "представители украинской полиции"),
        ("Министерство здравоохранения сообщило о трёх погибших.", "Министерство", "Министерство здравоохранения"),
    ],
)
def test_nominative(nlp, sentence, head, expected):
    assert ru_names.nominative(ru_names.phrase(_token(nlp, sentence, head))) == expected


def test_nominative_writes_e_where_the_text_does_not_write_yo(nlp):
    # pymorphy3's dictionary writes "Аксёнов"; a text that writes "Аксенова" gets "Аксенов"
    token = _token(nlp, "Заявление Сергея Аксенова опубликовано вечером.", "Сергея")
    assert ru_names.nominative(ru_names.phrase(token)) == "Сергей Аксенов"


# --- claimant -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        # the role before the name, from any word of the phrase
        (
            SHERIFF,
            "шерифа",
            "Эд Гонзалес (шериф округа Харрис)",
        ),
        (
            SHERIFF,
            "Эда",
            "Эд Гонзалес (шериф округа Харрис)",
        ),
        (
            SHERIFF,
            "Гонзалеса",
            "Эд Гонзалес (шериф округа Харрис)",
        ),
        # a woman, in the genitive
        (
            "По словам министра здравоохранения Алии Ержановой, в больницы доставлены 40 человек.",
            "министра",
            "Алия Ержанова (министр здравоохранения)",
        ),
        # in the nominative, at the start of a sentence: the role loses the sentence's capital
        ("Глава Республики Крым Сергей Аксёнов объявил траур.", "Глава", "Сергей Аксёнов (глава Республики Крым)"),
        # a name without a role
        ("По словам Алексея Андреева, пострадали двое.", "Алексея", "Алексей Андреев"),
        # a person in another case is not the role's name: his son speaks
        ("Сын Ивана Петрова сообщил о гибели отца.", "Сын", "сын Ивана Петрова"),
        # bodies and groups: the phrase in the nominative
        ("Как сообщили в МВД Казахстана, задержаны 10 человек.", "МВД", "МВД Казахстана"),
        ("Заявление афганских властей опровергли.", "властей", "афганские власти"),
        ("Издания Tolo и Pajhwok сообщают о жертвах.", "Издания", "издания Tolo и Pajhwok"),
    ],
)
def test_claimant(nlp, sentence, word, expected):
    assert ru_names.claimant(_token(nlp, sentence, word)) == expected


def test_claimant_without_its_role(nlp):
    token = _token(nlp, "Губернатор Алексей Петров (Alexei Petrov) сообщил о пяти погибших.", "Губернатор")
    assert ru_names.claimant(token) == "Алексей Петров (губернатор)"
    assert ru_names.claimant(token, role=False) == "Алексей Петров"
