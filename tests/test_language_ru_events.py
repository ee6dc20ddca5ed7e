"""Events in Russian reports (`language/ru_events.py`), through the whole pipeline: the Russian reader finds
the English types in Russian words, with their modality, date, place, actors and figures, and a Russian report
meets an English one of the same protest in reconciliation. Every sentence here is written for the test."""

from __future__ import annotations

from datetime import date

import pytest
from written_reports import read_report

from crisisledger.pipeline import analyse
from crisisledger.reconcile import build_incidents
from crisisledger.records import Document, Extraction

pytestmark = pytest.mark.model


def _read(body: str, day: date = date(2022, 1, 10), title: str = "Сводка событий") -> Extraction:
    return read_report(body, title=title, day=day)


def _types(body: str, day: date = date(2022, 1, 10)) -> list[tuple[str, str | None]]:
    return [(e.type, e.subtype) for e in _read(body, day).events]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("В Уральске прошла акция протеста против закрытия завода.", ("protests", "peaceful_protest")),
        ("Шахтёры бастовали вторую неделю.", ("protests", "peaceful_protest")),
        (
            "Митингующих на площади разогнали слезоточивым газом.",
            ("protests", "protest_with_intervention"),
        ),
        ("В Актау вспыхнули массовые беспорядки.", ("riots", "violent_demonstration")),
        ("В селе произошёл погром.", ("riots", "mob_violence")),
        ("Ночью между военными и боевиками произошла перестрелка.", ("battles", "armed_clash")),
        ("Город подвергся обстрелу.", ("explosions_remote_violence", "shelling_artillery_missile_attack")),
        ("Неизвестные разграбили магазины в центре.", ("strategic_developments", "looting_property_destruction")),
        ("Стороны договорились о перемирии.", ("strategic_developments", "agreement")),
        (
            "Боевики похитили двух журналистов.",
            ("violence_against_civilians", "abduction_forced_disappearance"),
        ),
        ("Наводнение затопило три посёлка.", ("disaster", "flood")),
        ("Вчера в регионе произошло землетрясение.", ("disaster", "earthquake")),
        ("В области действует чрезвычайное положение.", ("state_of_emergency", None)),
        ("В стране отключили интернет.", ("internet_shutdown", None)),
        ("На въездах в город выставлены блокпосты.", ("movement_restriction", None)),
        ("В городе возник дефицит бензина.", ("shortage", None)),
        ("Полиция задержала Марата Осипова.", ("arrest", None)),
        ("Полиция задержала сотни протестующих.", ("strategic_developments", "arrests")),
        ("Глава региона Арман Беков подал в отставку.", ("dismissal", "resigned")),
        ("Президент уволил министра обороны.", ("dismissal", "dismissed")),
        ("Президент освободил Карима Масимова от должности.", ("dismissal", "dismissed")),
        ("Новым министром назначен Ержан Садыков.", ("appointment", None)),
    ],
)
def test_a_trigger_gives_its_type_and_subtype(body, expected):
    assert expected in _types(body)


def test_foreign_troops_are_a_deployment_with_their_sender_own_troops_are_not():
    (event,) = _read("В Казахстан прибыли миротворцы ОДКБ.").events
    assert (event.type, event.place.name) == ("foreign_deployment", "Kazakhstan")
    assert event.actors == ("Collective Security Treaty Organization",)
    (sent,) = _read("Россия направила в Казахстан десантников.").events
    assert (sent.type, sent.actors, sent.place.name) == ("foreign_deployment", ("Russia",), "Kazakhstan")
    assert _read("Казахстанские войска вошли в Алматы.").events == ()


def test_a_shortage_counts_each_good_and_needs_one():
    (event,) = _read("В городе возник дефицит бензина.").events
    assert ("item", "fuel") in event.details
    assert _read("В городе возник дефицит кадров.").events == ()


@pytest.mark.parametrize(
    ("plain", "guarded"),
    [
        # showing something is no demonstration
        ("Демонстрация студентов прошла в Москве.", "Демонстрация нового смартфона прошла в Москве."),
        # a gas explosion in a flat is an accident
        ("В центре города прогремел взрыв.", "В жилом доме произошёл взрыв газа."),
        # "беспорядок" in the singular is a mess
        ("На улицах начались беспорядки.", "В квартире царил беспорядок."),
        # a note of protest is a diplomatic act
        ("В городе прошёл протест водителей.", "Посольство заявило протест в связи с задержанием."),
        # property frozen is no arrest
        ("Суд арестовал Марата Осипова.", "Суд наложил арест на имущество компании."),
        # a mourning gathering is no protest
        ("В Жанаозене прошёл митинг нефтяников.", "В Жанаозене прошёл траурный митинг."),
        # "в первую очередь" is "first of all", not a queue
        ("Очереди за хлебом растянулись на квартал.", "В первую очередь хлеб получат пенсионеры."),
        # a face, not a mine
        ("Грузовик подорвался на мине.", "Он сделал хорошую мину при плохой игре."),
        # a warrant is no arrest yet
        ("Полиция арестовала Марата Осипова.", "Суд выдал ордер на арест Марата Осипова."),
        # who tells of a soldier's death sent no troops
        ("В Казахстан прибыли миротворцы ОДКБ.", "Гибель военнослужащего подтвердила пресс-служба ОДКБ."),
    ],
)
def test_a_guard_cancels_a_word_in_its_everyday_sense(plain, guarded):
    assert _read(plain).events != ()
    assert _read(guarded).events == ()


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        ("В городе были массовые беспорядки.", "Массовых беспорядков в городе не было."),
        ("Полиция задержала Марата Осипова.", "Полиция не задерживала Марата Осипова."),
        ("В Алматы прошёл митинг.", "В Алматы митинг не прошёл."),
    ],
)
def test_a_negated_trigger_is_no_event(plain, negated):
    assert _read(plain).events != ()
    assert _read(negated).events == ()


def test_a_negation_inside_a_trigger_is_the_event():
    (event,) = _read("В Алматы третий день не работает интернет.").events
    assert (event.type, event.modality) == ("internet_shutdown", "ongoing")


@pytest.mark.parametrize(
    "body",
    [
        "На следующей неделе в Алматы пройдёт митинг.",  # Tense=Fut
        "Активисты планируют провести акцию протеста в Астане.",
        "Митинг оппозиции назначен на 15 января.",
        "В Казахстане будет введён комендантский час.",
    ],
)
def test_the_future_is_scheduled(body):
    assert [e.modality for e in _read(body).events] == ["scheduled"]


@pytest.mark.parametrize(
    "body",
    [
        "В Алматы может начаться акция протеста.",
        "Возможно, в городе введут комендантский час.",
        "Оппозиция призвала к протестам.",
    ],
)
def test_a_possibility_or_a_call_is_hypothetical(body):
    assert [e.modality for e in _read(body).events] == ["hypothetical"]


def test_a_curfew_stated_in_the_present_is_ongoing_from_its_start():
    (event,) = _read("С 5 января в Алматы действует комендантский час.").events
    assert (event.type, event.modality) == ("curfew", "ongoing")
    assert (event.date_start, event.date_end) == (date(2022, 1, 5), None)
    (imposed,) = _read("В Алматы введён комендантский час.").events
    assert (imposed.modality, imposed.date_start, imposed.date_end) == ("ongoing", date(2022, 1, 10), None)


def test_a_curfew_lifted_ends_on_its_day():
    (event,) = _read("Комендантский час в Алматы отменён 19 января.", day=date(2022, 1, 20)).events
    assert (event.type, event.modality, event.date_end) == ("curfew", "occurred", date(2022, 1, 19))
    assert ("lifted", "2022-01-19") in event.details


def test_date_place_and_actors_come_from_the_sentence():
    (event,) = _read("5 января в Алматы полиция задержала активиста Марата Осипова.").events
    assert (event.type, event.date_start, event.date_end) == ("arrest", date(2022, 1, 5), date(2022, 1, 5))
    assert event.place.name == "Almaty"
    assert event.actors == ("Марат Осипов",)
    assert ("person", "Марат Осипов") in event.details


def test_a_figure_of_the_sentence_joins_the_event_that_takes_its_kind():
    found = _read("Взрыв прогремел у здания администрации, погибли пять человек.")
    (killed,) = [f for f in found.figures if f.kind == "killed"]
    (event,) = found.events
    assert (event.type, event.figure_ids) == ("explosions_remote_violence", (killed.id,))


def test_one_event_per_type_per_sentence_and_the_word_written_first_wins():
    assert _types("Митинг и шествие прошли в Алматы.") == [("protests", "peaceful_protest")]
    # "захватили" is both a riot (by a crowd) and a seizure: the riot, written first, takes the word
    assert [t for t, _ in _types("Протестующие захватили здание акимата.")] == ["riots"]


def test_two_sentences_telling_one_protest_are_one_event():
    found = _read("Тысячи человек вышли на площадь в Алматы 5 января. Митинг на площади продолжался до вечера.")
    (event,) = found.events
    assert (event.type, event.date_start, event.place.name) == ("protests", date(2022, 1, 5), "Almaty")


def test_an_english_and_a_russian_report_of_one_protest_are_one_incident(nlp):
    english = Document.from_text(
        "Thousands of people protested in Almaty on January 5 against the rise in fuel prices.",
        published=date(2022, 1, 6),
        outlet="Steppe Wire",
    )
    (read_english,) = analyse([english], nlp=nlp)
    russian = _read("5 января в Алматы тысячи человек вышли на митинг против роста цен на топливо.", date(2022, 1, 6))
    found = [*read_english.events, *russian.events]
    assert sorted(e.type for e in found) == ["protests", "protests"]
    (incident,) = build_incidents(found, [english, russian.document])
    assert set(incident.document_ids) == {english.id, russian.document.id}
    assert incident.place.name == "Almaty"


def test_who_only_tells_of_an_event_takes_no_part_in_it():
    (event,) = _read("По данным МВД Казахстана, в Алматы задержан Марат Осипов.").events
    assert event.actors == ("Марат Осипов",)


def test_a_title_retold_by_the_body_gives_the_bodys_event():
    # told alike, the two would merge into the title's, which the reader then leaves out as a header's
    found = _read("В Жанаозене прошёл митинг нефтяников.", title="В Жанаозене прошёл митинг нефтяников")
    (event,) = found.events
    assert event.type == "protests"
    assert event.evidence.start >= found.document.body_start


def test_an_arrest_is_of_the_person_its_verb_takes_not_of_one_named_inside_its_phrase():
    (event,) = _read("Полиция задержала сторонников Марата Осипова.").events
    assert (event.type, event.subtype) == ("strategic_developments", "arrests")
    assert ("person", "Марат Осипов") not in event.details


def test_an_intention_is_scheduled():
    (event,) = _read("Президент заявил о намерении уволить Марата Осипова.").events
    assert (event.type, event.modality) == ("dismissal", "scheduled")
