"""Figure rules, each on a sentence written for the test (the whole pipeline, with the spaCy model)."""

from datetime import date

import pytest

pytestmark = pytest.mark.model


def summary(figure):
    return {
        "kind": figure.kind,
        "min": figure.min,
        "max": figure.max,
        "approximate": figure.approximate,
        "vague": figure.vague,
        "as_of": figure.as_of,
        "place": figure.place.name if figure.place else None,
        "claimant": figure.claimant,
        "cited_source": figure.cited_source,
        "status": figure.status,
        "population": figure.population,
    }


def only_figure(extraction):
    assert len(extraction.figures) == 1, [summary(f) for f in extraction.figures]
    return summary(extraction.figures[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Two hundred protesters gathered in Almaty on Sunday, police said.",
            {"kind": "participants", "min": 200, "max": 200, "place": "Almaty", "claimant": "police"},
        ),
        (
            "Organisers said between 3 and 4 thousand people joined the march in Bishkek.",
            {"kind": "participants", "min": 3000, "max": 4000, "place": "Bishkek", "claimant": "Organisers"},
        ),
        (
            "Protests continued in Kazakhstan. Nearly 2,000 people were detained across the country, "
            "the Interior Ministry said.",
            {
                "kind": "detained",
                "min": 2000,
                "approximate": True,
                "place": "Kazakhstan",
                "claimant": "Ministry of Internal Affairs",
            },
        ),
        (
            "Dozens of people were injured in clashes in Aktau.",
            {"kind": "injured", "min": 12, "max": None, "vague": True, "place": "Aktau", "claimant": None},
        ),
        (
            "The channel reported, citing the Health Ministry, that 40 people had died in Shymkent.",
            {"kind": "killed", "min": 40, "cited_source": "Ministry of Health", "place": "Shymkent"},
        ),
        (
            "According to the regional governor, 12 people were killed in the blast in Kharkiv.",
            {"kind": "killed", "min": 12, "claimant": "regional governor", "place": "Kharkiv"},
        ),
        (
            "At least 18 police officers were killed in Almaty, the Interior Ministry said.",
            {
                "kind": "killed",
                "min": 18,
                "max": None,
                "population": "security forces",
                "claimant": "Ministry of Internal Affairs",
            },
        ),
        (
            "Asel Artakshinova spoke to reporters in Almaty. She said 67 people remained in intensive care.",
            {"kind": "injured", "min": 67, "claimant": "Asel Artakshinova"},
        ),
        (
            "Police said thatmore than 300 people were detained in Almaty.",
            {"kind": "detained", "min": 300, "max": None, "approximate": False, "claimant": "Police"},
        ),
        (
            "As of January 8, 4,404 people had been detained in Kazakhstan, the ministry's press service said.",
            {"kind": "detained", "min": 4404, "as_of": date(2022, 1, 8)},
        ),
        (
            "Up to 50 families were evacuated from the flooded district of Atyrau.",
            {"kind": "evacuated", "min": None, "max": 50, "approximate": False, "population": "families"},
        ),
        (
            "The ministry put the number of detainees at 1,200 in Minsk.",
            {"kind": "detained", "min": 1200, "claimant": "ministry"},
        ),
        (
            "Tens of thousands of people took to the streets of Tbilisi on Thursday.",
            {"kind": "participants", "min": 10000, "max": None, "vague": True, "place": "Tbilisi"},
        ),
        (
            "Israeli strikes killed 27 Palestinians in Gaza overnight, the health ministry in the territory said.",
            {"kind": "killed", "min": 27, "population": None, "claimant": "Ministry of Health"},
        ),
        (
            "Three journalists remain missing after the attack in Kabul, the Committee to Protect Journalists said.",
            {"kind": "missing", "min": 3, "population": "journalists", "claimant": "Committee to Protect Journalists"},
        ),
        (
            "The floods have affected more than 33 million people across Pakistan, the government said.",
            {"kind": "affected", "min": 33000000, "max": None, "place": "Pakistan", "claimant": "government"},
        ),
        (
            "Some 1.2 million people have fled their homes in Sudan, according to the UN refugee agency.",
            {"kind": "displaced", "min": 1200000, "approximate": True, "claimant": "UN refugee agency"},
        ),
        (
            "No one was killed in the attack on the police station in Aktau.",
            {"kind": "killed", "min": 0, "max": 0},
        ),
        (
            "The number of people arrested rose to 350 on Sunday in Tehran, police said.",
            {"kind": "detained", "min": 350, "claimant": "police"},
        ),
        (
            "At least three people died when the building collapsed in Izmir.",
            {"kind": "killed", "min": 3, "max": None, "approximate": False},
        ),
        (
            "According to the latest UN figures, more than 10 million people have fled their homes in Sudan.",
            {"kind": "displaced", "min": 10000000, "claimant": "UN"},
        ),
        (
            "The Red Cross said it had registered 1,500 people as missing in Derna.",
            {"kind": "missing", "min": 1500, "claimant": "Red Cross"},
        ),
    ],
)
def test_figure_rules(analyse_text, text, expected):
    found = only_figure(analyse_text(text))
    assert {key: found[key] for key in expected} == expected


def test_weekday_names_the_year(analyse_text):
    extraction = analyse_text("On Tuesday 11 January, 500 people rallied in Almaty.", published=date(2022, 1, 12))
    assert only_figure(extraction)["as_of"] == date(2022, 1, 11)


@pytest.mark.parametrize(
    "text",
    [
        "Looters burned 400 cars and stole 116 weapons in Almaty.",
        "The man said he had received 200 dollars to take to the streets.",
        "Almaty restored the internet after a five day blackout.",
        "The movement has been calling for reforms since 2019.",
        "Each car can only refuel with 20 liters.",
    ],
)
def test_counts_of_things_are_not_figures(analyse_text, text):
    assert analyse_text(text).figures == ()


def test_a_part_takes_the_kind_of_its_whole(analyse_text):
    extraction = analyse_text(
        "The bodies of 225 people were delivered to morgues, including 19 police officers, a prosecutor said."
    )
    found = sorted((f.min, f.kind, f.population) for f in extraction.figures)
    assert found == [(19, "killed", "security forces"), (225, "killed", None)]


def test_a_place_near_another_count_is_that_counts(analyse_text):
    extraction = analyse_text("Protests spread across Kazakhstan. In all 164 people died, among them 103 in Almaty.")
    places = {f.min: f.place.name for f in extraction.figures}
    assert places == {164: "Kazakhstan", 103: "Almaty"}


def test_one_claim_mentioned_twice_is_one_figure(analyse_text):
    extraction = analyse_text(
        "Kazakhstan: 164 dead in protests\n\n"
        "The operational headquarters said on Sunday that 164 people were killed in the unrest in Kazakhstan. "
        "Earlier, official sources put the toll at 164."
    )
    assert len(extraction.figures) == 1
    assert extraction.figures[0].claimant == "operational headquarters"


def test_different_claimants_of_one_number_are_two_claims(analyse_text):
    extraction = analyse_text(
        "The Interior Ministry said 20 people were detained in Aktau. The mayor of Aktau said 20 people were detained."
    )
    assert sorted(f.claimant for f in extraction.figures) == ["Ministry of Internal Affairs", "mayor of Aktau"]


def test_two_counts_share_the_place_of_their_clause(analyse_text):
    extraction = analyse_text(
        "At least 42 people have been killed and more than 300 wounded in clashes in Khartoum, "
        "a doctors' committee said on Saturday."
    )
    found = {(f.kind, f.min, f.place.name, f.claimant) for f in extraction.figures}
    assert found == {
        ("killed", 42, "Khartoum", "doctors' committee"),
        ("injured", 300, "Khartoum", "doctors' committee"),
    }


def test_among_the_dead(analyse_text):
    extraction = analyse_text("Two policemen and three civilians were among the dead in Almaty.")
    assert sorted((f.kind, f.min, f.population) for f in extraction.figures) == [
        ("killed", 2, "security forces"),
        ("killed", 3, "civilians"),
    ]


def test_crowd_estimates_that_disagree(analyse_text):
    extraction = analyse_text(
        "Protest organisers in Tbilisi estimated the crowd at 100,000, while police put it at 35,000."
    )
    assert sorted((f.kind, f.min, f.claimant) for f in extraction.figures) == [
        ("participants", 35000, "police"),
        ("participants", 100000, "Protest organisers"),
    ]


def test_others_are_people(analyse_text):
    extraction = analyse_text("Four soldiers were killed and six others wounded in an ambush near Gao, the army said.")
    assert sorted((f.kind, f.min) for f in extraction.figures) == [("injured", 6), ("killed", 4)]


def test_a_sentence_without_a_place_goes_on_from_the_one_before(analyse_text):
    extraction = analyse_text(
        "Protests spread across Kazakhstan on Monday. Young people gathered in Aktau in the evening. "
        "There were about 6,000 people on the square, a resident said."
    )
    (figure,) = extraction.figures
    assert (figure.kind, figure.min, figure.place.name) == ("participants", 6000, "Aktau")


@pytest.mark.parametrize(
    "text",
    [
        "Police detained 300 people in Almaty overnight, an interior ministry spokesman said.",
        "The Interior Ministry said curfews were in force. 300 people were detained, a ministry spokeswoman said.",
    ],
)
def test_a_spokesperson_without_a_name_speaks_for_the_ministry(analyse_text, text):
    (figure,) = analyse_text(text).figures
    assert figure.claimant == "Ministry of Internal Affairs"


@pytest.mark.parametrize("headline", ["Arrests", "Update", "Detentions Rise"])
def test_a_ministry_name_does_not_run_across_a_line(analyse_text, headline):
    # a headline with no full stop stands on its own line; the body's ministry is the claimant, not the two joined
    text = f"{headline}\n\nThe Kazakh Interior Ministry said 3,811 people were detained in Kazakhstan.\n"
    (figure,) = analyse_text(text).figures
    assert figure.claimant == "Ministry of Internal Affairs"
