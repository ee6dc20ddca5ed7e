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
        # the role after the name, set off by commas
        (
            "По словам Игоря Кобзева, губернатора Иркутской области, пострадали 14 человек.",
            "Игоря",
            "Игорь Кобзев (губернатор Иркутской области)",
        ),
        ("Об этом рассказал Марат Ахметов, житель Алматы.", "Марат", "Марат Ахметов (житель Алматы)"),
        # a woman with a role noun of the masculine
        ("Об этом заявила министр здравоохранения Ажар Гиният.", "министр", "Ажар Гиният (министр здравоохранения)"),
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


# --- bodies known in English --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("russian_name", "english"),
    [
        ("МВД Казахстана", "Ministry of Internal Affairs"),
        ("Министерство внутренних дел", "Ministry of Internal Affairs"),
        ("Министерства внутренних дел Республики Казахстан", "Ministry of Internal Affairs"),  # any case form
        ("казахстанское МВД", "Ministry of Internal Affairs"),
        ("Минздрав РФ", "Ministry of Health"),
        ("КНБ", "National Security Committee"),
        ("Генпрокуратура Казахстана", "Prosecutor General's Office"),
        ("Генеральная прокуратура", "Prosecutor General's Office"),
        ("Эд Гонзалес (шериф округа Харрис)", None),
        ("Министерство культуры", None),  # not in the table: no guess
        ("Ministry of Internal Affairs", None),  # already English
    ],
)
def test_english_name_of_a_russian_body(russian_name, english):
    assert ru_names.english_name(russian_name) == english


def test_every_body_of_the_english_alias_table_has_its_russian_names():
    from crisisledger import patterns

    english = set(patterns.load("aliases")["organisations"])
    russian_table = russian_aliases()
    assert english <= set(russian_table)


def russian_aliases():
    from crisisledger.language.profile import profile

    return profile("ru").lexicon("aliases")["organisations"]


def test_equivalents_are_the_english_name_and_the_romanisation():
    assert ru_names.equivalents("МВД Казахстана") == ("Ministry of Internal Affairs", "MVD Kazakhstana")
    assert ru_names.equivalents("Касым-Жомарт Токаев (президент Казахстана)") == ("Kasym-Zhomart Tokayev",)
    assert ru_names.equivalents("врачи") == ()  # a common noun phrase: no Latin name to meet
    assert ru_names.equivalents("Reuters") == ()


def test_a_russian_claim_and_its_english_report_are_one_claim():
    """ "МВД Казахстана" in a Russian report and the "Ministry of Internal Affairs" in an English one give the
    same count: when the English report's post is withdrawn, the Russian report of it is withdrawn too; the
    health ministry's same number, a claim of another body, stands."""
    from datetime import date

    from crisisledger.reconcile import build_lines
    from crisisledger.records import Document, Evidence, Figure, Place, StatusChange, record_id

    kz = Place("Kazakhstan", "KZ", 48.0, 68.0, 1522867, "country")

    def figure(document: Document, claimant: str) -> Figure:
        return Figure(
            id=record_id("fig", document.id, claimant),
            document_id=document.id,
            kind="killed",
            min=164,
            max=164,
            evidence=Evidence.of(document, 0, 3),
            as_of=date(2022, 1, 9),
            place=kz,
            claimant=claimant,
        )

    russian_report = Document.from_text(
        "По данным МВД Казахстана, погибли 164 человека.", published=date(2022, 1, 9), outlet="A"
    )
    health = Document.from_text("Минздрав Казахстана сообщил о 164 погибших.", published=date(2022, 1, 9), outlet="B")
    english = Document.from_text("164 died, the Kazakh Interior Ministry said.", published=date(2022, 1, 9), outlet="C")
    deleted = Document.from_text("The interior ministry's post was deleted.", published=date(2022, 1, 10), outlet="D")
    figures = [figure(russian_report, "МВД Казахстана"), figure(health, "Минздрав Казахстана")]
    figures.append(figure(english, "Ministry of Internal Affairs"))
    withdrawn = StatusChange(figures[2].id, "withdrawn", Evidence.of(deleted, 0, 5), date(2022, 1, 10), "D")
    (line,) = build_lines([russian_report, health, english, deleted], figures, [withdrawn])
    status = {c.figure.claimant: c.status for c in line.claims}
    assert status == {
        "МВД Казахстана": "withdrawn",
        "Ministry of Internal Affairs": "withdrawn",
        "Минздрав Казахстана": "asserted",
    }


# --- actors -------------------------------------------------------------------------------------------------


def _actors(nlp, text: str, described: tuple[str, ...] = ()):
    from crisisledger.records import Evidence

    doc = nlp(text)
    heads = [t for t in doc if t.text in described]
    return ru_names.actors(doc, lambda start, end: Evidence("doc", start, end, text[start:end]), "doc", heads)


def test_actors_join_a_bodys_names_with_its_english_name_and_country(nlp):
    text = (
        "По данным МВД Казахстана, задержаны 20 человек. Позже Министерство внутренних дел сообщило о раненых. "
        "Президент Казахстана Касым-Жомарт Токаев заявил, что Токаев останется в Астане."
    )
    found = _actors(nlp, text)
    assert [(a.name, a.type, a.country) for a in found] == [
        ("Министерство внутренних дел", "organization", "KZ"),
        ("Касым-Жомарт Токаев", "person", "KZ"),
    ]
    ministry, president = found
    assert ministry.aliases == ("МВД", "Ministry of Internal Affairs", "Ministerstvo vnutrennikh del")
    assert ministry.evidence.text == "МВД"  # its first mention
    assert president.aliases == ("Токаев", "Kasym-Zhomart Tokayev")


def test_actors_in_the_nominative_with_a_latin_name_the_text_gives(nlp):
    text = "По словам представителя провинции Абдуллы Хсрата (Abdullah Hsrat), бойцы «Талибана» отступили."
    found = {a.name: a for a in _actors(nlp, text)}
    assert set(found) == {"Абдулла Хсрат", "Талибан"}
    assert "Abdullah Hsrat" in found["Абдулла Хсрат"].aliases
    assert found["Абдулла Хсрат"].aliases[0] == "Abdulla Khsrat"  # BGN/PCGN
    assert found["Талибан"].type == "organization"


def test_a_country_that_acts_is_an_actor_with_its_english_name(nlp):
    (russia,) = [a for a in _actors(nlp, "Россия направила войска в Алматы.") if a.type == "country"]
    assert (russia.name, russia.country) == ("Россия", "RU")
    assert "Russia" in russia.aliases


def test_described_claimants_are_actors_but_not_plurals_of_a_kind(nlp):
    text = "Англоязычный сайт талибов сообщил о погибших. Врачи сообщили о раненых."
    found = _actors(nlp, text, described=("сайт", "Врачи"))
    assert [(a.name, a.type) for a in found] == [("англоязычный сайт талибов", "organization")]


def test_actors_are_the_same_whatever_the_run(nlp):
    text = "Генпрокуратура Казахстана и КНБ сообщили о задержаниях. Об этом заявил Марат Ахметов."
    assert _actors(nlp, text) == _actors(nlp, text)


def test_a_kind_of_source_and_a_capital_of_the_sentence_are_no_actors(nlp):
    # "СМИ" (the media) is generic; "Зять" is tagged a person for the capital that starts its sentence
    text = "Зять губернатора покинул страну. СМИ сообщили, что полиция задержала блогера Ивана Сидорова."
    assert [a.name for a in _actors(nlp, text)] == ["Иван Сидоров"]


def test_a_surname_starting_its_sentence_is_an_actor_though_it_spells_a_rare_common_word(nlp):
    """ "Токаев" is also the genitive plural of "токай" (a wine) to pymorphy3; starting a sentence as a person's
    name, with no nominative common reading, it is the surname (a common word there would be the subject)."""
    text = "Токаев, президент Казахстана, заявил о новых задержаниях. Зять министра уехал."
    assert [a.name for a in _actors(nlp, text)] == ["Токаев"]


def test_a_womans_name_is_an_actor_in_the_nominative(nlp):
    (driver,) = _actors(nlp, "Штраф выписали на машину Марины Беловой.")
    assert (driver.name, driver.type, driver.aliases) == ("Марина Белова", "person", ("Marina Belova",))
