"""The Russian lexicons (patterns/ru/figures.yml, attribution.yml) and their reader by lemma (ru_lexicon.py)."""

from __future__ import annotations

import pytest

from crisisledger.language import profile, russian
from crisisledger.language import ru_lexicon as lex


@pytest.fixture(scope="module")
def nlp():
    return russian.load()


def _token(doc, text):
    return next(t for t in doc if t.text == text)


def test_keys_mirror_the_english_files():
    for name in ("figures", "attribution"):
        english, russian_ = profile("en").lexicon(name), profile("ru").lexicon(name)
        assert set(english) <= set(russian_), f"{name}.yml: keys missing in Russian"
    en_kinds, ru_kinds = profile("en").lexicon("figures")["kinds"], profile("ru").lexicon("figures")["kinds"]
    assert list(ru_kinds) == list(en_kinds)
    for kind, words in ru_kinds.items():
        assert set(words) == set(en_kinds[kind]), kind
    assert list(profile("ru").lexicon("figures")["population_classes"]) == list(
        profile("en").lexicon("figures")["population_classes"]
    )


@pytest.mark.parametrize(
    ("sentence", "word", "kind"),
    [
        ("При пожаре на складе погибли четыре охранника.", "погибли", "killed"),
        ("Среди погибших трое детей.", "погибших", "killed"),
        ("Бандиты убили двоих фермеров.", "убили", "killed"),
        ("Гибель шести рыбаков подтвердили спасатели.", "Гибель", "killed"),
        ("В давке ранены семнадцать болельщиков.", "ранены", "injured"),
        ("Врачи осмотрели раненых.", "раненых", "injured"),
        ("Девять человек госпитализировали с отравлением.", "госпитализировали", "injured"),
        ("Пострадали двенадцать пассажиров.", "Пострадали", "injured"),
        ("Полиция задержала сорок студентов.", "задержала", "detained"),
        ("Двоих активистов арестовали в субботу.", "арестовали", "detained"),
        ("Судьба задержанных неизвестна.", "задержанных", "detained"),
        ("Из деревни эвакуировали триста жителей.", "эвакуировали", "evacuated"),
        ("Сотни демонстрантов прошли по проспекту.", "демонстрантов", "participants"),
        ("Участники шествия несли флаги.", "Участники", "participants"),
        ("Протестующие перекрыли мост.", "Протестующие", "participants"),
        ("В лагере живут восемь тысяч беженцев.", "беженцев", "displaced"),
        ("Выявлено сто новых случаев заражения.", "случаев", "affected"),
    ],
)
def test_kind_of_a_word_in_any_form(nlp, sentence, word, kind):
    assert lex.kind_of(_token(nlp(sentence), word)) == kind


def test_words_of_no_kind(nlp):
    doc = nlp("Мэр открыл новый мост через реку.")
    assert [lex.kind_of(t) for t in doc if not t.is_punct] == [None] * 6


@pytest.mark.parametrize(
    ("sentence", "first", "kind", "phrase"),
    [
        ("Трое рыбаков пропали без вести.", "пропали", "missing", "пропали без вести"),
        ("Ещё двое пропавших без вести найдены.", "пропавших", "missing", "пропавших без вести"),
        ("Семеро получили ранения при взрыве.", "получили", "injured", "получили ранения"),
        ("Тысячи людей вышли на улицы столицы.", "вышли", "participants", "вышли на улицы"),
        ("Пятеро взяты в заложники.", "в", "detained", "в заложники"),
    ],
)
def test_kind_phrases_in_any_form(nlp, sentence, first, kind, phrase):
    doc = nlp(sentence)
    start = _token(doc, first).i
    found_kind, end = lex.kind_phrase_at(doc, start)
    assert (found_kind, doc[start:end].text) == (kind, phrase)


@pytest.mark.parametrize(
    ("sentence", "verb"),
    [
        ("Губернатор заявил журналистам о трёх погибших.", "заявил"),
        ("В МЧС сообщили о пожаре.", "сообщили"),
        ("Министр подтвердила эти данные.", "подтвердила"),
        ("Об этом передаёт местное агентство.", "передаёт"),
        ("Сообщается о десяти раненых.", "Сообщается"),
        ("Очевидцы утверждают, что стреляли солдаты.", "утверждают"),
    ],
)
def test_reporting_verbs(nlp, sentence, verb):
    assert lex.is_reporting_verb(_token(nlp(sentence), verb))


def test_not_reporting_verbs(nlp):
    doc = nlp("Колонна прошла через город и остановилась.")
    assert not any(lex.is_reporting_verb(t) for t in doc)


@pytest.mark.parametrize(
    ("sentence", "role", "source"),
    [
        ("По данным Минздрава, погибли восемь человек.", "claims", "Минздрава"),
        ("По его словам, задержаны двадцать человек.", "claims", ","),
        ("По словам мэра, эвакуированы все.", "claims", "мэра"),
        ("По информации полиции, пострадали трое.", "claims", "полиции"),
        ("Согласно отчёту ООН, беженцев стало больше.", "claims", "отчёту"),
        ("Как сообщили в прокуратуре, дело возбуждено.", "claims", "прокуратуре"),
        ("Со ссылкой на источники в полиции агентство пишет о пяти жертвах.", "cites", "источники"),
    ],
)
def test_source_phrases(nlp, sentence, role, source):
    doc = nlp(sentence)
    found_role, end = lex.source_phrase_at(doc, 0)
    assert (found_role, doc[end].text) == (role, source)


def test_no_source_phrase_in_plain_words(nlp):
    doc = nlp("По дороге в город колонна попала под обстрел.")
    assert [lex.source_phrase_at(doc, i) for i in range(len(doc))] == [None] * len(doc)


@pytest.mark.parametrize(
    ("sentence", "cue", "stance"),
    [
        ("Министерство опровергло сообщения о жертвах.", "опровергло", "denies"),
        ("Власти отрицают применение силы.", "отрицают", "denies"),
        ("Пресс-служба не подтвердила эти сведения.", "подтвердила", "denies"),
        ("Пресс-служба подтвердила эти сведения.", "подтвердила", "confirms"),
        ("Оппозиция обвинила полицию в насилии.", "обвинила", "accuses"),
        ("Профсоюз потребовал отставки директора.", "потребовал", "demands"),
    ],
)
def test_stances(nlp, sentence, cue, stance):
    assert lex.stance_of(_token(nlp(sentence), cue)) == stance


def test_denial_withdrawal_and_hearsay_phrases(nlp):
    doc = nlp("Ведомство не подтвердило данные.")
    assert doc[: lex.is_denial_at(doc, 1)].text == "Ведомство не подтвердило"
    doc = nlp("Позже публикация была удалена.")
    assert lex.withdrawal_at(doc, 1) is None  # "была" between them: not the phrase as written
    doc = nlp("Публикация удалена через час.")
    assert doc[: lex.withdrawal_at(doc, 0)].text == "Публикация удалена"
    doc = nlp("Депутат удалил запись в блоге.")
    assert doc[1 : lex.withdrawal_at(doc, 1)].text == "удалил запись"
    doc = nlp("По сообщениям СМИ, погибли трое.")
    assert doc[: lex.hearsay_at(doc, 0)].text == "По сообщениям СМИ"


@pytest.mark.parametrize(
    ("sentence", "word", "population"),
    [
        ("Ранены пятеро полицейских.", "полицейских", "security forces"),
        ("Погибли трое боевиков.", "боевиков", "militants"),
        ("Среди пострадавших четверо детей.", "детей", "children"),
        ("Задержаны сто манифестантов.", "манифестантов", "protesters"),
        ("Погибли двое мужчин.", "мужчин", None),
    ],
)
def test_population_classes_by_lemma(nlp, sentence, word, population):
    assert lex.population_class(_token(nlp(sentence), word)) == population
