"""Event rules, each on sentences written for the test, and the seed report's events (with the spaCy model);
the lexicon's shape without it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisledger import patterns
from crisisledger.extract.events import events
from crisisledger.extract.figures import figures
from crisisledger.extract.statements import statements

ACLED = {
    "protests": {"peaceful_protest", "protest_with_intervention", "excessive_force_against_protesters"},
    "riots": {"violent_demonstration", "mob_violence"},
    "violence_against_civilians": {"sexual_violence", "attack", "abduction_forced_disappearance"},
    "battles": {"armed_clash", "government_regains_territory", "non_state_actor_overtakes_territory"},
    "explosions_remote_violence": {
        "chemical_weapon",
        "air_drone_strike",
        "suicide_bomb",
        "shelling_artillery_missile_attack",
        "remote_explosive_landmine_ied",
        "grenade",
    },
    "strategic_developments": {
        "agreement",
        "arrests",
        "change_to_group_activity",
        "disrupted_weapons_use",
        "headquarters_or_base_established",
        "looting_property_destruction",
        "non_violent_transfer_of_territory",
        "other",
    },
}
OURS = {
    "disaster",
    "curfew", "state_of_emergency", "internet_shutdown", "movement_restriction", "shortage", "foreign_deployment",
    "arrest", "dismissal", "appointment", "speech", "disinformation",
}  # fmt: skip


# --- the lexicon, without the model ---------------------------------------------------------------------------


def test_every_type_is_acleds_or_ours():
    assert set(patterns.load("events")["types"]) == set(ACLED) | OURS


@pytest.mark.parametrize("name", sorted(set(ACLED) & set(patterns.load("events")["types"])))
def test_acled_subtypes_are_acleds(name):
    spec = patterns.load("events")["types"][name]
    named = {t["subtype"] for t in spec["triggers"] if "subtype" in t} | set(spec.get("subtypes", {}))
    named |= {spec["default"]} if spec.get("default") else set()
    assert named <= ACLED[name] | {"arrests"}


def test_types_are_written_in_the_order_they_win():
    # of two triggers on the same words, the one written first in events.yml wins (docs/events.md)
    order = list(patterns.load("events")["types"])
    ranked = ["violence_against_civilians", "riots", "battles", "strategic_developments", "explosions_remote_violence"]
    assert sorted(ranked, key=order.index) == ranked


@pytest.mark.parametrize("name", sorted(patterns.load("events")["types"]))
def test_every_trigger_has_words(name):
    spec = patterns.load("events")["types"][name]
    assert spec["triggers"] and all(
        t["words"] and all(isinstance(w, str) for w in t["words"]) for t in spec["triggers"]
    )
    known = {
        "words",
        "pos",
        "with",
        "unless",
        "modified_by",
        "subtype",
        "detail",
        "intransitive",
        "against",
        "not_against",
    }
    assert all(set(t) <= known for t in spec["triggers"])


# --- the rules, on sentences written for the test -----------------------------------------------------------


@pytest.fixture(scope="module")
def read(context_of):
    def run(text: str, published: date = date(2022, 1, 10)):
        ctx = context_of(text, published=published)
        located = figures(ctx, statements(ctx))
        kinds = {figure.id: figure.kind for figure, _ in located}
        return [(event, [kinds[i] for i in event.figure_ids]) for event in events(ctx, located)]

    return run


def summary(event, linked):
    return {
        "type": event.type,
        "subtype": event.subtype,
        "modality": event.modality,
        "date_start": event.date_start,
        "date_end": event.date_end,
        "duration_days": event.duration_days,
        "place": event.place.name if event.place else None,
        "actors": event.actors,
        "figures": linked,
        "details": event.details,
    }


CASES = [
    # protests
    (
        "Protesters gathered peacefully in Bishkek on Sunday.",
        {"type": "protests", "subtype": "peaceful_protest", "date_start": date(2022, 1, 9), "place": "Bishkek"},
    ),
    (
        "Police used tear gas to disperse the rally in Almaty.",
        {"type": "protests", "subtype": "protest_with_intervention", "place": "Almaty", "actors": ("Police",)},
    ),
    (
        "Security forces opened fire on protesters in Zhanaozen on Wednesday, killing 12 people.",
        {"type": "protests", "subtype": "excessive_force_against_protesters", "figures": ["killed"]},
    ),
    (
        "Thousands of workers marched through Aktau on Tuesday to demand lower fuel prices.",
        {
            "type": "protests",
            "subtype": "peaceful_protest",
            "date_start": date(2022, 1, 4),
            "figures": ["participants"],
        },
    ),
    # riots
    (
        "Riots broke out in Taldykorgan on Wednesday evening.",
        {"type": "riots", "subtype": "violent_demonstration", "date_start": date(2022, 1, 5), "place": "Taldykorgan"},
    ),
    (
        "Violent protests left 18 people dead in Almaty.",
        {"type": "riots", "subtype": "violent_demonstration", "figures": ["killed"], "place": "Almaty"},
    ),
    ("A mob beat two journalists outside the court in Shymkent.", {"type": "riots", "subtype": "mob_violence"}),
    (
        "Hundreds of young men rioted in the port after the verdict.",
        {"type": "riots", "subtype": "violent_demonstration"},
    ),
    (
        "Protesters threw stones at police outside the parliament.",
        {"type": "riots", "subtype": "violent_demonstration", "actors": ("Protesters",)},
    ),
    (
        "Herders and farmers fought each other with machetes and clubs in the market town.",
        {"type": "riots", "subtype": "mob_violence"},
    ),
    ("A mob lynched a man accused of stealing a goat.", {"type": "riots", "subtype": "mob_violence"}),
    # violence against civilians
    (
        "Gunmen kidnapped three aid workers near the border on Monday.",
        {
            "type": "violence_against_civilians",
            "subtype": "abduction_forced_disappearance",
            "actors": ("Gunmen", "aid workers"),
        },
    ),
    (
        "Militants attacked civilians in a village market, killing 20 people.",
        {"type": "violence_against_civilians", "subtype": "attack", "figures": ["killed"]},
    ),
    (
        "A schoolteacher was shot dead inside his house by armed individuals in the village of Marrow Creek.",
        {"type": "violence_against_civilians", "subtype": "attack"},
    ),
    (
        "Gunmen abducted five villagers from a farm on Sunday.",
        {"type": "violence_against_civilians", "subtype": "abduction_forced_disappearance", "actors": ("Gunmen",)},
    ),
    (
        "Soldiers lynched a herder accused of helping the rebels.",
        {"type": "violence_against_civilians", "subtype": "attack", "actors": ("Soldiers",)},
    ),
    ("The militants executed two hostages in the desert.", {"type": "violence_against_civilians", "subtype": "attack"}),
    (
        "Two people were killed when gunmen opened fire on a minibus.",
        {"type": "violence_against_civilians", "subtype": "attack", "figures": ["killed"]},
    ),
    # battles
    (
        "Government troops clashed with rebels near the town on Saturday.",
        {"type": "battles", "subtype": "armed_clash", "date_start": date(2022, 1, 8)},
    ),
    ("The army recaptured the airport from militants.", {"type": "battles", "subtype": "government_regains_territory"}),
    ("Rebels seized the town of Kidal.", {"type": "battles", "subtype": "non_state_actor_overtakes_territory"}),
    (
        "Army units clashed with fighters of the Northern Liberation Front outside Korvan on Thursday.",
        {"type": "battles", "subtype": "armed_clash", "date_start": date(2022, 1, 6)},
    ),
    ("Police clashed with militants in the old quarter.", {"type": "battles", "subtype": "armed_clash"}),
    (
        "Soldiers repelled an attack by insurgents on an army post near the river crossing.",
        {"type": "battles", "subtype": "armed_clash", "actors": ("Soldiers",)},
    ),
    (
        "Militia members fired small arms at the positions of the border guards overnight.",
        {"type": "battles", "subtype": "armed_clash"},
    ),
    (
        "Rebels ambushed a military convoy on the mountain road, killing six soldiers.",
        {"type": "battles", "subtype": "armed_clash", "figures": ["killed"]},
    ),
    ("Militants killed three soldiers at a checkpoint.", {"type": "battles", "subtype": "armed_clash"}),
    # explosions and remote violence
    (
        "An air strike hit a hospital in the city.",
        {"type": "explosions_remote_violence", "subtype": "air_drone_strike"},
    ),
    (
        "Shelling killed four civilians in the eastern district.",
        {"type": "explosions_remote_violence", "subtype": "shelling_artillery_missile_attack", "figures": ["killed"]},
    ),
    (
        "A roadside bomb exploded near a police convoy.",
        {"type": "explosions_remote_violence", "subtype": "remote_explosive_landmine_ied"},
    ),
    # strategic developments
    (
        "Looters ransacked shops in central Almaty overnight.",
        {"type": "strategic_developments", "subtype": "looting_property_destruction", "place": "Almaty"},
    ),
    (
        "The two sides agreed a ceasefire on Sunday.",
        {"type": "strategic_developments", "subtype": "agreement", "date_start": date(2022, 1, 9)},
    ),
    (
        "More than 200 protesters were detained in Almaty.",
        {"type": "strategic_developments", "subtype": "arrests", "figures": ["detained"], "place": "Almaty"},
    ),
    (
        "Police arrested the leader of the separatist movement in the capital.",
        {"type": "strategic_developments", "subtype": "arrests", "actors": ("Police",)},
    ),
    (
        "Security forces captured a senior rebel commander near the lake.",
        {"type": "strategic_developments", "subtype": "arrests"},
    ),
    (
        "The government and the rebels signed a peace agreement in the capital on Friday.",
        {"type": "strategic_developments", "subtype": "agreement", "date_start": date(2022, 1, 7)},
    ),
    ("The warring factions signed a ceasefire on Monday.", {"type": "strategic_developments", "subtype": "agreement"}),
    (
        "Army engineers defused an explosive device planted under a bridge.",
        {"type": "strategic_developments", "subtype": "disrupted_weapons_use"},
    ),
    (
        "An improvised bomb detonated while two men were assembling it in a garage, killing both.",
        {"type": "strategic_developments", "subtype": "disrupted_weapons_use"},
    ),
    # curfew: a lifted curfew is still a curfew event, with the day it ended
    (
        "Authorities imposed a curfew in Almaty on Wednesday.",
        {"type": "curfew", "modality": "occurred", "date_start": date(2022, 1, 5), "place": "Almaty"},
    ),
    (
        "A curfew remains in force in Almaty.",
        {"type": "curfew", "modality": "ongoing", "date_start": date(2022, 1, 10), "date_end": None},
    ),
    (
        "The curfew was lifted on Saturday.",
        {"type": "curfew", "date_start": None, "date_end": date(2022, 1, 8), "details": (("lifted", "2022-01-08"),)},
    ),
    # state of emergency
    (
        "The president declared a state of emergency in Mangystau on January 4.",
        {"type": "state_of_emergency", "date_start": date(2022, 1, 4), "place": "Mangystau Region"},
    ),
    ("Martial law was declared in the capital.", {"type": "state_of_emergency", "subtype": "martial_law"}),
    # internet shutdown
    (
        "Internet access was restored on Monday after a three-day shutdown.",
        {
            "type": "internet_shutdown",
            "modality": "occurred",
            "duration_days": 3,
            "date_start": date(2022, 1, 7),
            "date_end": date(2022, 1, 10),
            "details": (("restored", "2022-01-10"),),
        },
    ),
    (
        "The internet has been cut for five days.",
        {"type": "internet_shutdown", "modality": "ongoing", "duration_days": 5, "date_start": date(2022, 1, 5)},
    ),
    (
        "The authorities cut off the internet across Kazakhstan on January 5.",
        {"type": "internet_shutdown", "date_start": date(2022, 1, 5), "place": "Kazakhstan", "details": ()},
    ),
    # movement restrictions
    (
        "Police set up checkpoints on all roads out of Almaty.",
        {"type": "movement_restriction", "place": "Almaty", "details": (("measure", "checkpoints"),)},
    ),
    (
        "Residents are forbidden to leave the city without a permit.",
        {"type": "movement_restriction", "modality": "ongoing", "details": (("measure", "exit_ban"),)},
    ),
    (
        "The government closed the border with Kyrgyzstan.",
        {"type": "movement_restriction", "details": (("measure", "border_closure"),)},
    ),
    # shortages: one event per item
    ("Fuel ran out at petrol stations across the region.", {"type": "shortage", "details": (("item", "fuel"),)}),
    ("People queued for hours as ATMs ran out of cash.", {"type": "shortage", "details": (("item", "cash"),)}),
    (
        "Banks and ATMs don't work in the city.",
        {"type": "shortage", "modality": "ongoing", "details": (("item", "cash"),)},
    ),
    # foreign deployments
    (
        "Russia sent 3,000 troops.",
        {"type": "foreign_deployment", "actors": ("Russia",), "details": (("troops", "3000"),), "place": None},
    ),
    (
        "Russian paratroopers landed in Almaty on Friday.",
        {"type": "foreign_deployment", "actors": ("Russia",), "place": "Almaty", "date_start": date(2022, 1, 7)},
    ),
    # arrests of people named; dismissals; appointments
    (
        "Police arrested the opposition leader Zhanbolat Mamay on Friday.",
        {"type": "arrest", "actors": ("Zhanbolat Mamay", "Police"), "date_start": date(2022, 1, 7)},
    ),
    (
        "The former intelligence chief Karim Masimov was detained on suspicion of treason.",
        {"type": "arrest", "actors": ("Karim Masimov",), "details": (("person", "Karim Masimov"),)},
    ),
    (
        "The president dismissed the prime minister Askar Mamin on Wednesday.",
        {"type": "dismissal", "subtype": "dismissed", "actors": ("Askar Mamin", "president")},
    ),
    ("The government resigned on Wednesday.", {"type": "dismissal", "subtype": "resigned", "actors": ("government",)}),
    (
        "The president could appoint a new cabinet next week.",
        {"type": "appointment", "modality": "hypothetical", "date_start": date(2022, 1, 17)},
    ),
    # speeches
    (
        "The president is due to address the nation on Friday.",
        {"type": "speech", "modality": "scheduled", "date_start": date(2022, 1, 14), "actors": ("president",)},
    ),
    (
        "Tokayev addressed the nation in a televised speech on Friday.",
        {"type": "speech", "modality": "occurred", "date_start": date(2022, 1, 7), "actors": ("Tokayev",)},
    ),
    # disinformation
    (
        "State television aired a video in which a man confessed to joining armed groups. "
        "His relatives said the footage was staged and that he is a jazz pianist.",
        {"type": "disinformation", "details": (("exposed_by", "His relatives"), ("claimed_by", "State television"))},
    ),
    (
        "Independent fact-checkers debunked the ministry's claim that foreign fighters had crossed the border.",
        {
            "type": "disinformation",
            "details": (("exposed_by", "Independent fact-checkers"), ("claimed_by", "ministry")),
        },
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_rule(read, text, expected):
    found = [summary(e, linked) for e, linked in read(text) if e.type == expected["type"]]
    assert len(found) == 1, found
    assert {key: found[0][key] for key in expected} == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The state of emergency was lifted in Nur-Sultan on January 19.",
            date(2022, 1, 20),
            {"type": "state_of_emergency", "date_end": date(2022, 1, 19), "details": (("lifted", "2022-01-19"),)},
        ),
        (
            "The CSTO began withdrawing its peacekeepers on January 13.",
            date(2022, 1, 14),
            {
                "type": "foreign_deployment",
                "actors": ("Collective Security Treaty Organization",),
                "details": (("withdrawn", "2022-01-13"),),
            },
        ),
        (
            "Alikhan Smailov was appointed prime minister on January 11.",
            date(2022, 1, 12),
            {"type": "appointment", "modality": "occurred", "actors": ("Alikhan Smailov",)},
        ),
        (
            "The curfew will be lifted on Friday.",
            date(2022, 1, 10),
            {"type": "curfew", "modality": "scheduled", "date_end": date(2022, 1, 14)},
        ),
    ],
)
def test_rule_on_another_day(read, text, published, expected):
    found = [summary(e, linked) for e, linked in read(text, published) if e.type == expected["type"]]
    assert len(found) == 1, found
    assert {key: found[0][key] for key in expected} == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Shares of the company rallied on Tuesday after the earnings report.", "protests"),
        ("Oil prices staged a rally on Tuesday.", "protests"),
        ("Apple demonstrated the new phone at the event.", "protests"),
        ("The Kyrgyz authorities officially protested to the embassy.", "protests"),
        ('"We will never shoot peaceful demonstrators," the president said.', "protests"),
        ("The board faced unrest among shareholders.", "riots"),
        ("The two firms are locked in a legal battle over the patent.", "battles"),
        ("Police fired stun grenades at the crowd.", "explosions_remote_violence"),
        ("Shelling killed four civilians in the eastern district.", "violence_against_civilians"),
        ("Power was cut across the city after the storm.", "internet_shutdown"),
        ("The shortage of skilled engineers worries the industry.", "shortage"),
        ("Kazakh soldiers patrolled the streets of Almaty.", "foreign_deployment"),
        ("The ministry dismissed the reports as false.", "dismissal"),
        ("The company will address the problem next year.", "speech"),
        ("Police identified the driver by his fingerprints.", "disinformation"),
        ("There is no curfew in Almaty.", "curfew"),
        ("The activist faces the threat of arrest.", "strategic_developments"),
        ("Protesters stormed the mayor's office in Almaty and set it on fire.", "protests"),
        ("The video was broadcast on state television.", "disinformation"),
        # the order between rules on the same words, and what yields to what
        ("Protesters threw stones at police outside the parliament.", "protests"),
        ("Gunmen abducted five villagers from a farm on Sunday.", "battles"),
        ("Militants killed three soldiers at a checkpoint.", "violence_against_civilians"),
        ("Militants killed three soldiers at a checkpoint.", "movement_restriction"),
        ("Soldiers lynched a herder accused of helping the rebels.", "riots"),
        ("A mob lynched a man accused of stealing a goat.", "violence_against_civilians"),
        ("Protesters clashed with soldiers outside the governor's office.", "battles"),
        ("Clashes between police and militants left four dead.", "riots"),
        ("The rebel leader was killed in an air strike.", "battles"),
        ("Army engineers defused an explosive device planted under a bridge.", "explosions_remote_violence"),
        ("An improvised bomb detonated while two men were assembling it in a garage.", "explosions_remote_violence"),
        ("Rebels captured the town of Mabrek on Sunday.", "strategic_developments"),
        # words of the new rules in other senses
        ("The manager was fired from his position after the loss.", "battles"),
        ("The company executed its plan.", "violence_against_civilians"),
        ("Shares fell after the company signed a deal with investors.", "strategic_developments"),
        ("A gas cylinder exploded while workers were handling it at a restaurant.", "strategic_developments"),
        ("Two men fought in a bar downtown.", "riots"),
    ],
)
def test_no_event(read, text, absent):
    assert [e.type for e, _ in read(text) if e.type == absent] == []


@pytest.mark.model
def test_demanded_resignation_is_hypothetical(read):
    found = {e.type: e for e, _ in read("Protesters demanded the resignation of the government.")}
    assert found["dismissal"].modality == "hypothetical"
    assert found["protests"].modality == "occurred"


@pytest.mark.model
def test_a_storming_is_a_riot_and_the_fire_a_destruction(read):
    found = {e.type: e for e, _ in read("Protesters stormed the mayor's office in Almaty and set it on fire.")}
    assert set(found) == {"riots", "strategic_developments"}
    assert found["strategic_developments"].subtype == "looting_property_destruction"


@pytest.mark.model
def test_a_week_of_unrest_is_its_duration_not_the_arrests(read):
    found = {e.type: e for e, _ in read("About 8,000 people were arrested after a week of unrest.")}
    assert found["riots"].duration_days == 7
    assert found["strategic_developments"].duration_days is None


@pytest.mark.model
def test_one_event_per_type_per_sentence(read):
    text = "Bakytbek Koszhanov was appointed, while Ermek Sagimbayev was chosen as the head of intelligence."
    found = [e for e, _ in read(text) if e.type == "appointment"]
    assert len(found) == 1
    assert found[0].actors[:2] == ("Bakytbek Koszhanov", "Ermek Sagimbayev")


@pytest.mark.model
def test_two_strategic_developments_of_one_sentence_have_their_own_ids(read):
    found = [e for e, _ in read("Looters ransacked shops and police detained dozens of people in Almaty.")]
    assert sorted(e.subtype for e in found if e.type == "strategic_developments") == [
        "arrests",
        "looting_property_destruction",
    ]
    assert len({e.id for e in found}) == len(found)


@pytest.mark.model
def test_evidence_is_the_sentence_in_the_original_text(read):
    text = "Meanwhile the city was quiet. Authorities imposed a curfew in Almaty on Wednesday."
    [(event, _)] = read(text)
    assert event.evidence.text == "Authorities imposed a curfew in Almaty on Wednesday."
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text


# Text that looks a little like a report of unrest: trigger words, guards, dates, names, quotes.
PIECES = st.sampled_from(
    [
        "protesters", "gathered", "curfew", "was", "lifted", "internet", "restored", "after", "a", "five", "day",
        "blackout", "shortage", "of", "bread", "fuel", "troops", "CSTO", "Russia", "sent", "arrested", "Karim",
        "Masimov", "dismissed", "appointed", "will", "speak", "could", "not", "never", "on", "Tuesday", "since",
        "January", "4", "when", "in", "Almaty", "state", "emergency", "checkpoints", "video", "recognized", "by",
        "his", "family", "\"", ",", ".", "\n\n", "the", "police", "tear", "gas", "1,000", "killed", "people",
    ]
)  # fmt: skip


@pytest.mark.model
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.lists(PIECES, max_size=50).map(" ".join), st.text(max_size=200)))
def test_events_never_raise_and_evidence_stays_inside(context_of, text):
    text = text if text.strip() else "nothing"
    ctx = context_of(text)
    for event in events(ctx, figures(ctx, statements(ctx))):
        assert 0 <= event.evidence.start <= event.evidence.end <= len(text)
        assert event.evidence.text == text[event.evidence.start : event.evidence.end]
        assert event.modality in ("occurred", "ongoing", "scheduled", "hypothetical")
        assert event.date_start is None or event.date_end is None or event.date_start <= event.date_end


# --- the seed report --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_events(context_of, seed_path):
    text = seed_path.read_text(encoding="utf-8")[17:]  # after the " date 2022-01-10 " header
    ctx = context_of(text, published=date(2022, 1, 10))
    located = figures(ctx, statements(ctx))
    kinds = {figure.id: (figure.kind, figure.min) for figure, _ in located}
    return [(event, [kinds[i] for i in event.figure_ids]) for event in events(ctx, located)]


def seed_find(seed_events, type_, words):
    found = [(e, linked) for e, linked in seed_events if e.type == type_ and words in e.evidence.text]
    assert found, f"no {type_} event in a sentence with {words!r}"
    return found[0]


@pytest.mark.model
def test_seed_week_of_unrest(seed_events):
    # "a week of violent unrest" and "the riots occurred in the last week" tell one happening: one event
    (riots,) = [(e, linked) for e, linked in seed_events if e.type == "riots"]
    event, linked = riots
    assert (event.subtype, event.duration_days, event.place.name) == ("violent_demonstration", 7, "Kazakhstan")
    assert (event.date_start, event.date_end) == (date(2022, 1, 3), date(2022, 1, 10))
    assert sorted(linked) == [("killed", 12), ("killed", 164)]
    (wave,) = [(e, linked) for e, linked in seed_events if e.type == "strategic_developments"]
    assert wave[0].subtype == "arrests" and ("detained", 8000) in wave[1]


@pytest.mark.model
def test_seed_demonstration_of_january_4(seed_events):
    protest, linked = seed_find(seed_events, "protests", "Since January 4")
    assert protest.subtype == "protest_with_intervention"
    assert (protest.date_start, protest.place.name, linked) == (date(2022, 1, 4), "Almaty", [("participants", 10000)])


@pytest.mark.model
def test_seed_purges(seed_events):
    arrest, _ = seed_find(seed_events, "arrest", "Karim Masimov")
    assert arrest.actors[0] == "Karim Masimov"
    dismissal, _ = seed_find(seed_events, "dismissal", "Osipov")
    assert dismissal.actors[:2] == ("Marat Osipov", "Daulet Ergozhin")
    appointment, _ = seed_find(seed_events, "appointment", "In their place")
    assert appointment.actors == ("Bakytbek Koszhanov", "Askar Amerkhanov", "Ermek Sagimbayev")
    hypothetical, _ = seed_find(seed_events, "appointment", "could appoint")
    assert hypothetical.modality == "hypothetical"


@pytest.mark.model
def test_seed_speech_scheduled(seed_events):
    speech, _ = seed_find(seed_events, "speech", "Tuesday 11 January")
    assert (speech.modality, speech.date_start, speech.actors) == (
        "scheduled", date(2022, 1, 11), ("Kassym-Jomart Tokayev",),
    )  # fmt: skip


@pytest.mark.model
def test_seed_internet_shutdown(seed_events):
    shutdown, _ = seed_find(seed_events, "internet_shutdown", "five day blackout")
    assert (shutdown.place.name, shutdown.modality, shutdown.duration_days) == ("Almaty", "occurred", 5)
    assert shutdown.details == (("restored", "2022-01-10"),)
    assert (shutdown.date_start, shutdown.date_end) == (date(2022, 1, 5), date(2022, 1, 10))


@pytest.mark.model
def test_seed_conditions_in_almaty(seed_events):
    types = {e.type for e, _ in seed_events}
    assert {"curfew", "state_of_emergency"} <= types
    items = {value for e, _ in seed_events if e.type == "shortage" for key, value in e.details if key == "item"}
    assert items == {"bread", "fuel", "cash"}
    restriction, _ = seed_find(seed_events, "movement_restriction", "checkpoints")
    assert {("measure", "checkpoints"), ("measure", "exit_ban")} <= set(restriction.details)
    assert (restriction.place.name, restriction.modality) == ("Almaty", "ongoing")


@pytest.mark.model
def test_seed_csto_deployment(seed_events):
    deployment, _ = seed_find(seed_events, "foreign_deployment", "CSTO")
    assert deployment.actors == ("Collective Security Treaty Organization",)
    assert (deployment.place.name, deployment.modality) == ("Kazakhstan", "ongoing")


@pytest.mark.model
def test_seed_state_tv_video_exposed(seed_events):
    claim, _ = seed_find(seed_events, "disinformation", "recognized by his family")
    assert ("exposed_by", "his family") in claim.details
    assert claim.evidence.text.startswith("State channels broadcast the video")


@pytest.mark.model
def test_seed_ids_are_unique(seed_events):
    assert len({e.id for e, _ in seed_events}) == len(seed_events)


@pytest.mark.model
def test_seed_has_no_diplomatic_protest_and_no_negated_shooting(seed_events):
    texts = [e.evidence.text for e, _ in seed_events if e.type == "protests"]
    assert not any("officially protested" in t or "never shoot" in t for t in texts)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("Floods swept through Derna after two dams burst, killing thousands.", "flood"),
        ("The earthquake in southern Turkey killed more than 40,000 people.", "earthquake"),
        ("The cyclone left 500 people dead in Malawi.", "storm"),
    ],
)
def test_disasters(context_of, text, subtype):
    from crisisledger.extract.events import events
    from crisisledger.extract.figures import figures
    from crisisledger.extract.statements import statements

    ctx = context_of(text)
    found = [e for e in events(ctx, figures(ctx, statements(ctx))) if e.type == "disaster"]
    assert [e.subtype for e in found] == [subtype]


@pytest.mark.model
@pytest.mark.parametrize("text", ["A flood of refugees crossed the border.", "He won the election by a landslide."])
def test_words_that_only_look_like_disasters(context_of, text):
    from crisisledger.extract.events import events
    from crisisledger.extract.figures import figures
    from crisisledger.extract.statements import statements

    ctx = context_of(text)
    assert [e for e in events(ctx, figures(ctx, statements(ctx))) if e.type == "disaster"] == []


@pytest.mark.model
def test_a_curfews_hours_do_not_date_it(context_of):
    from crisisledger.extract.events import events
    from crisisledger.extract.figures import figures
    from crisisledger.extract.statements import statements

    ctx = context_of(
        "A curfew from 11 pm to 7 am has been in force in Almaty since January 5.", published=date(2022, 1, 10)
    )
    (curfew,) = [e for e in events(ctx, figures(ctx, statements(ctx))) if e.type == "curfew"]
    assert curfew.date_start == date(2022, 1, 5)


@pytest.mark.model
def test_a_shortage_of_two_things_is_two_shortages(read):
    found = [summary(e, linked) for e, linked in read("There is a severe shortage of bread and fuel in Taraz.")]
    shortages = sorted((f["details"], f["modality"], f["place"]) for f in found if f["type"] == "shortage")
    assert shortages == [((("item", "bread"),), "ongoing", "Taraz"), ((("item", "fuel"),), "ongoing", "Taraz")]


@pytest.mark.model
def test_a_sentences_only_day_dates_its_event(read):
    found = [
        summary(e, linked)
        for e, linked in read("Clashes between police and protesters in Tbilisi left dozens injured on Tuesday.")
    ]
    riots = [f for f in found if f["type"] == "riots"]
    assert [r["date_start"] for r in riots] == [date(2022, 1, 4)]


def test_a_body_retelling_its_headline_keeps_its_event(analyse_text):
    """A header's title is read only for the counts it alone states; when the body tells the same happening again,
    the event is the body's (merged, an event is told by its earliest mention: the headline's, which is not kept)."""
    from crisisledger.ingest.text import parse_header

    text = (
        "title: Hundreds protest in Shymkent\ndate: 2022-01-06\n\n"
        "Hundreds of people protested in Shymkent over prices.\n"
    )
    header, body_start = parse_header(text)
    found = analyse_text(text, published=header["published"], title=header["title"], body_start=body_start)
    assert [(e.type, e.evidence.start >= body_start) for e in found.events] == [("protests", True)]
