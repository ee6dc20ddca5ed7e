"""Actors: one per person, organisation, country or group, whatever the report calls them."""

import pytest

pytestmark = pytest.mark.model


def actors_of(extraction):
    return {a.name: a for a in extraction.actors}


def test_seed_actors(analyse_text, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    found = actors_of(analyse_text(text[17:]))
    assert found["Kassym-Jomart Tokayev"].type == "person"
    assert "Tokayev" in found["Kassym-Jomart Tokayev"].aliases
    assert found["Kassym-Jomart Tokayev"].country == "KZ"
    assert "KNB" in found["National Security Committee"].aliases
    assert found["Ministry of Health"].country == "KZ"
    assert "Operational Headquarters" in found["Kazakhstan Operational Headquarters"].aliases
    for person in ("Karim Masimov", "Marat Osipov", "Daulet Ergozhin", "Bakytbek Koszhanov", "Askar Amerkhanov",
                   "Ermek Sagimbayev", "Dimash Alzhanov"):  # fmt: skip
        assert found[person].type == "person", person
    assert found["Oyan, Qazaqstan"].type == "organization"
    assert found["Collective Security Treaty Organization"].country is None  # "Russian-led" is not "Russian"
    assert "Almaty" not in found  # a city the model tags as an organisation is a place, not an actor


@pytest.mark.parametrize(
    ("text", "name", "type", "aliases", "country"),
    [
        (
            "Interior Minister Yerlan Turgumbayev spoke in Almaty. Turgumbayev said the curfew would stay.",
            "Yerlan Turgumbayev", "person", ("Turgumbayev",), None,
        ),
        (
            "The Interior Ministry said 40 people were held. The MVD later raised the count.",
            "Ministry of Internal Affairs", "organization", ("Interior Ministry", "MVD"), None,
        ),
        (
            "The Kyrgyz Foreign Ministry protested to Almaty on Sunday.",
            "Ministry of Foreign Affairs", "organization", ("Kyrgyz Foreign Ministry",), "KG",
        ),
        (
            "Russia sent 3,000 paratroopers to Almaty on Thursday.",
            "Russia", "country", (), "RU",
        ),
        (
            "The president dismissed Samat Abish and Nurlan Kairatov from their posts.",
            "Nurlan Kairatov", "person", (), None,
        ),
    ],
)  # fmt: skip
def test_actor_rules(analyse_text, text, name, type, aliases, country):
    found = actors_of(analyse_text(text))
    assert name in found, sorted(found)
    actor = found[name]
    assert (actor.type, actor.country) == (type, country)
    assert set(aliases) <= set(actor.aliases)


def test_described_speakers_are_actors(analyse_text):
    found = actors_of(analyse_text("Police in Aktau detained 120 people, the regional police department said."))
    assert found["regional police department"].type == "organization"


def test_nationalities_are_not_actors(analyse_text):
    found = actors_of(analyse_text("Kazakh and Russian officials met in Almaty on Friday."))
    assert "Kazakh" not in found and "Russian" not in found
