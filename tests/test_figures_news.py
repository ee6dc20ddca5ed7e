"""Figure rules for the wording of real news (issue 8), each on sentences written for the test.

The classes come from errors seen on news written by others: wire copy, broadcasters, NGO releases. No
sentence here is taken from a source; the places and people are made up or used only as names.
"""

from __future__ import annotations

from datetime import date

import pytest
from test_figures import summary

pytestmark = pytest.mark.model


def figures_of(extraction) -> list[dict]:
    return sorted((summary(f) for f in extraction.figures), key=lambda s: (s["kind"], s["min"] or -1, s["max"] or -1))


def values(extraction) -> list[tuple]:
    return sorted((f.kind, f.min, f.max) for f in extraction.figures)


# Who claims it ------------------------------------------------------------------------------------------


def test_an_unattributed_figure_is_the_outlets_claim(analyse_text):
    extraction = analyse_text("Nine people died when a ferry capsized off Port Lumen.", outlet="Harbour Herald")
    assert [f["claimant"] for f in figures_of(extraction)] == ["Harbour Herald"]


def test_without_an_outlet_an_unattributed_figure_has_no_claimant(analyse_text):
    extraction = analyse_text("Nine people died when a ferry capsized off Port Lumen.")
    assert [f["claimant"] for f in figures_of(extraction)] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "The storm reportedly killed eleven people in the valley.",
        "Eleven people were reported killed in the valley on Friday.",
        "Reports said eleven people were killed in the valley.",
        "By one report, eleven people were killed in the valley.",
    ],
)
def test_hearsay_is_the_outlets_claim_citing_reports(analyse_text, text):
    (found,) = figures_of(analyse_text(text, outlet="Valley Courier"))
    assert (found["kind"], found["min"], found["claimant"]) == ("killed", 11, "Valley Courier")
    assert found["cited_source"] in ("reports", "one report")


def test_a_named_reporter_is_no_hearsay(analyse_text):
    (found,) = figures_of(analyse_text("Eleven people were killed, the Red Crescent reported.", outlet="Courier"))
    assert found["claimant"] == "Red Crescent" and found["cited_source"] is None


# How sure -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "approximate"),
    [
        ("About 40 people were injured in the blast.", True),
        ("At least 40 people were injured in the blast.", False),
        ("Dozens of people were injured in the blast.", False),
    ],
)
def test_only_a_hedged_number_is_approximate(analyse_text, text, approximate):
    (found,) = figures_of(analyse_text(text, published=date(2023, 5, 2)))
    assert found["approximate"] is approximate


# Counts written without a numeral -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No injuries or deaths were reported after the tremor.", [("injured", 0, 0), ("killed", 0, 0)]),
        ("No passengers were hurt when the train left the rails.", [("injured", 0, 0)]),
        ("Not a single villager's life was lost in the flood.", [("killed", 0, 0)]),
        ("Nobody was injured in the fire at the depot.", [("injured", 0, 0)]),
        ("A man was shot dead outside a bakery in Port Lumen.", [("killed", 1, 1)]),
        ("A two-year-old girl is among the dead.", [("killed", 1, 1)]),
        ("A bystander was also hurt by falling glass.", [("injured", 1, 1)]),
        ("A 30-year-old man was arrested at the scene.", [("detained", 1, 1)]),
        ("The landslide buried four miners and a truck driver.", []),
        ("The blast killed six engineers and a security guard.", [("killed", 1, 1), ("killed", 6, 6)]),
    ],
)
def test_counts_without_a_numeral(analyse_text, text, expected):
    assert values(analyse_text(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ana Ruiz, a nurse, was killed in the shelling.",
        "A spokesman said the road would reopen.",
        "When a soldier kills a civilian, the court must hear the case.",
        "A number of reporters were also hurt.",
    ],
)
def test_a_named_or_general_person_is_no_count(analyse_text, text):
    assert [v for v in values(analyse_text(text)) if v[1] == 1] == []


# Who is counted -----------------------------------------------------------------------------------------


def test_whoever_a_casualty_verb_befalls_is_counted(analyse_text):
    assert values(analyse_text("The avalanche killed nine skiers near the pass.")) == [("killed", 9, 9)]


def test_the_doers_of_a_killing_are_not_its_toll(analyse_text):
    assert values(analyse_text("Three gunmen killed twelve villagers in Tsaro.")) == [("killed", 12, 12)]


def test_a_flight_from_home_is_not_a_deed(analyse_text):
    assert values(analyse_text("Some 2,000 families have fled their homes in Norvale.")) == [("displaced", 2000, 2000)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The outbreak has infected 312 people in the district.", [("affected", 312, 312)]),
        ("Officials confirmed 1,050 new cases of cholera on Monday.", [("affected", 1050, 1050)]),
        ("Health workers recorded 77 infections at the camp.", [("affected", 77, 77)]),
        ("There were 58 passengers on board the ferry.", [("affected", 58, 58)]),
        ("Rescuers say 12 people are still under the rubble.", [("missing", 12, 12)]),
        ("Fishermen rescued 300 migrants whose boat had sunk.", [("displaced", 300, 300)]),
        ("The flood left 4,000 people homeless.", [("displaced", 4000, 4000)]),
        ("The fund was set up for the 1.5 million Europeans displaced by the war.", [("displaced", 1500000, 1500000)]),
    ],
)
def test_kinds_of_real_news(analyse_text, text, expected):
    assert values(analyse_text(text)) == expected


# Numbers that count no one, and bounds written late ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The region has 14 refugees for each doctor.",
        "Roads there see 12.4 deaths per 100,000 people a year.",
        "One out of every thousand children who catch the disease dies.",
        "Veterans of World War Two laid wreaths.",
    ],
)
def test_rates_and_names_are_not_counts(analyse_text, text):
    assert analyse_text(text).figures == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Forty people or more were injured in the stampede.", ("injured", 40, None)),
        ("The death toll exceeded 100 by the evening.", ("killed", 100, None)),
        ("Confirmed infections surpassed 2,000 in the province.", ("affected", 2000, None)),
        ("By one account, well over 60 people died.", ("killed", 60, None)),
    ],
)
def test_bounds_after_the_number(analyse_text, text, expected):
    assert values(analyse_text(text)) == [expected]


# Claimants are named ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The virus has killed 41 people in the province, the data show.",
        "Violence left 19 people dead in the capital.",
        "Estimates put the number of displaced at 7,000.",
        "The death toll rose to 23, the figures show.",
    ],
)
def test_a_noun_of_the_sentence_is_no_claimant(analyse_text, text):
    extraction = analyse_text(text, outlet="Delta Daily")
    assert [f.claimant for f in extraction.figures] == ["Delta Daily"]


# As of when, and where ----------------------------------------------------------------------------------


def test_a_toll_is_dated_by_its_event_named_earlier_in_the_paragraph(analyse_text):
    text = "A coach overturned near Pinecliff on Thursday. It carried 30 people. The crash killed six of them."
    (found,) = [f for f in figures_of(analyse_text(text, published=date(2023, 3, 4))) if f["kind"] == "killed"]
    assert found["as_of"] == date(2023, 3, 2)


def test_a_later_paragraph_is_dated_by_the_day_the_report_opened_with(analyse_text):
    text = "A fire broke out at a market in Lowtown on Tuesday.\n\nNine people were hurt, the fire service said."
    (found,) = figures_of(analyse_text(text, published=date(2023, 3, 4)))
    assert found["as_of"] == date(2023, 2, 28)


def test_a_period_opened_with_since_dates_no_event(analyse_text):
    text = "A curfew has held since March 1.\n\nPolice said 400 people had been detained for breaking it."
    (found,) = figures_of(analyse_text(text, published=date(2023, 3, 4)))
    assert found["as_of"] == date(2023, 3, 4)


def test_a_count_with_no_place_of_its_own_is_of_the_reports_scene(analyse_text):
    text = "Gunmen attacked a church in Kano on Sunday.\n\nAt least 14 worshippers were killed, police said."
    (found,) = figures_of(analyse_text(text, published=date(2023, 3, 6)))
    assert found["place"] == "Kano"


def test_a_global_tally_is_worldwide(analyse_text):
    (found,) = figures_of(analyse_text("The virus has infected more than 90,000 people worldwide."))
    assert found["place"] == "worldwide"


def test_a_place_opening_the_sentence_is_every_counts(analyse_text):
    extraction = analyse_text("In Mombasa, 12 officers were killed and 40 people were injured in the riots.")
    assert {f["min"]: f["place"] for f in figures_of(extraction)} == {12: "Mombasa", 40: "Mombasa"}


def test_between_two_places_a_count_takes_the_one_after_it(analyse_text):
    text = "The ministry reported 60 deaths, among them 41 in Mombasa and 19 in Nairobi."
    places = {f["min"]: f["place"] for f in figures_of(analyse_text(text))}
    assert places[41] == "Mombasa" and places[19] == "Nairobi"


def test_where_it_was_said_is_not_where_it_happened(analyse_text):
    text = "Floods hit Tamale on Monday.\n\nThe minister told reporters in Accra that 30 people had died."
    (found,) = figures_of(analyse_text(text, published=date(2023, 3, 8)))
    assert found["place"] == "Tamale"


def test_a_report_opening_on_a_breakdown_has_no_one_scene(analyse_text):
    text = (
        "The ministry said 60 people died, among them 41 in Mombasa.\n\n"
        "The interior minister said 700 people had been detained."
    )
    detained = [f for f in figures_of(analyse_text(text)) if f["kind"] == "detained"]
    assert [f["place"] for f in detained] == ["Kenya"]


# More of what is counted, and how ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The toll has risen from six to fifteen.", [("killed", 6, 6), ("killed", 15, 15)]),
        ("Divers found more bodies, raising the death toll from 9 to 22.", [("killed", 9, 9), ("killed", 22, 22)]),
        ("Police detained from 200 to 300 people overnight.", [("detained", 200, 300)]),
        ("Between 2.5 and 3 million people marched in Lyon.", [("participants", 2500000, 3000000)]),
        ("Several guards were wounded in the blast.", [("injured", 3, None)]),
        ("A few residents were hurt by debris.", [("injured", 2, None)]),
        ("The storm killed three and scores more were injured.", [("injured", 20, None), ("killed", 3, 3)]),
        ("The fever has infected tens of thousands.", [("affected", 10000, None)]),
        ("Officials said 48 cholera related deaths had been recorded.", [("killed", 48, 48)]),
        ("A total of 27 are confirmed dead.", [("killed", 27, 27)]),
        ("Three of the deceased were visitors.", [("killed", 3, 3)]),
        ("Of the 52 passengers, 30 were students.", [("affected", 52, 52)]),
        ("Coastguards rescued 400 asylum seekers off the island.", [("displaced", 400, 400)]),
        ("The ministry said 2.1 million or more rallied across the country.", [("participants", 2100000, None)]),
        ("Several thousand supporters turned out in the rain.", [("participants", 3000, None)]),
    ],
)
def test_what_real_news_counts(analyse_text, text, expected):
    assert values(analyse_text(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Had the bridge fallen at rush hour, the toll would have been more than a thousand.",
        "Few were hurt.",
    ],
)
def test_what_did_not_happen_counts_no_one(analyse_text, text):
    assert values(analyse_text(text)) == []


def test_who_the_counted_were_is_no_count_of_its_own(analyse_text):
    text = "By Tuesday 18 bodies had been recovered, ten women and eight men, the sheriff said."
    assert values(analyse_text(text)) == [("killed", 18, 18)]


def test_a_count_named_again_with_the_is_the_same_count(analyse_text):
    text = "The blast killed five engineers. The bodies of the five engineers were flown home on Monday."
    assert values(analyse_text(text)) == [("killed", 5, 5)]


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Estimates by the organisers put the crowd at 40,000 people.", "organisers"),
        ("According to data from the Harbour Institute, 31 people died in the storm.", "Harbour Institute"),
        ("Harbour Institute data showed 31 people died in the storm.", "Harbour Institute"),
        ("Chief Superintendent Nadia Okafor said 31 people died in the storm.", "Nadia Okafor"),
    ],
)
def test_a_claimant_is_who_made_the_words(analyse_text, text, claimant):
    assert [f.claimant for f in analyse_text(text, outlet="Delta Daily").figures] == [claimant]


@pytest.mark.parametrize(
    ("text", "population"),
    [
        ("Eight police officers were killed in the ambush.", "security forces"),
        ("Twelve insurgents were killed in the ambush.", "militants"),
        ("Two small children died in the fire.", "children"),
        ("Thousands of protesters marched on the palace.", "protesters"),
        ("Six Chilean nationals were killed in the crash.", None),
        ("Eleven women were hurt in the crush.", None),
        ("Three journalists were injured in the blast.", "journalists"),
    ],
)
def test_who_a_count_narrows_to(analyse_text, text, population):
    assert [f.population for f in analyse_text(text).figures] == [population]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One of the largest crowds yet gathered near the square.", []),
        ("Two marches were held, one of which drew 5,000 people.", [("participants", 5000, 5000)]),
        ("The country has one of the highest road tolls in the region.", []),
        ("One of them was injured in the face.", [("injured", 1, 1)]),
        ("The rally drew several tens of thousands of people.", [("participants", 30000, None)]),
        ("Twenty were taken to hospital with five seriously injured.", [("injured", 5, 5), ("injured", 20, 20)]),
    ],
)
def test_one_thing_among_others_and_words_between(analyse_text, text, expected):
    assert values(analyse_text(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The student, 19, died in hospital on Friday.",
        "Five passengers escaped death when the coach caught fire.",
        "Organisers held 12 rallies in 30 towns.",
        "The court handed down prison terms for seven activists.",
        "The post went up at 12 Mar 2023 09:14PM.",
    ],
)
def test_ages_escapes_gatherings_and_times_are_no_counts(analyse_text, text):
    assert values(analyse_text(text)) == []


def test_a_party_keeps_its_claim_about_its_enemy(analyse_text):
    (found,) = figures_of(analyse_text("The rebels say they killed 40 troops in the raid."))
    assert (found["claimant"], found["population"]) == ("rebels", "security forces")


def test_the_count_a_correction_replaces_is_revised(analyse_text):
    found = {f["min"]: f["status"] for f in figures_of(analyse_text("Officials cut the toll to 31, from 36."))}
    assert found == {31: "asserted", 36: "revised"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 12 March 40 people were detained in Kano.", [("detained", 40, 40)]),
        ("At 9:14 PM 300 people gathered in the square.", [("participants", 300, 300)]),
        ("The march on 5 January drew 2,000 people.", [("participants", 2000, 2000)]),
    ],
)
def test_a_count_right_after_a_date_is_a_count(analyse_text, text, expected):
    assert values(analyse_text(text, published=date(2023, 3, 20))) == expected


# Coder notes --------------------------------------------------------------------------------------------


def test_a_coded_total_restating_a_count_is_one_figure(analyse_text):
    text = "On 7 March 2023, soldiers clashed with militants near Lorano. 12 militants were killed. Fatalities: 12."
    extraction = analyse_text(text, published=date(2023, 3, 9))
    assert [(f.kind, f.min, f.population) for f in extraction.figures] == [("killed", 12, "militants")]


def test_a_crowd_size_label(analyse_text):
    text = "On 8 March 2023, workers protested in Dhaka over wages. Size: around 500."
    assert values(analyse_text(text, published=date(2023, 3, 9))) == [("participants", 500, 500)]


def test_a_city_and_its_region_in_the_lead_are_one_scene(analyse_text):
    text = "A bomb went off in a church in Jolo, Sulu, on Sunday.\n\nAt least 20 people were killed, police said."
    (found,) = figures_of(analyse_text(text, published=date(2023, 3, 6)))
    assert found["place"] == "Jolo"


def test_a_count_given_for_the_country_of_the_scene_is_the_scenes(analyse_text):
    text = "Two car bombs hit markets in Mosul on Friday.\n\nThe twin attacks in Iraq killed at least 40 people."
    (found,) = figures_of(analyse_text(text, published=date(2023, 3, 6)))
    assert found["place"] == "Mosul"


def test_a_country_describing_something_else_is_not_where_it_happened(analyse_text):
    text = "Police in Manama detained two women from a US-based rights group on Sunday."
    (found,) = figures_of(analyse_text(text, published=date(2023, 3, 6)))
    assert found["place"] == "Manama"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fever has infected over 900 of the town's 20,000 residents.", [("affected", 900, None)]),
        (
            "The storm killed at least 30, including, according to local officials, 12 small children.",
            [("killed", 12, 12), ("killed", 30, None)],
        ),
        ("Estimates of between 1.5 and 2 million people marched in Lyon.", [("participants", 1500000, 2000000)]),
        ("The lorry carried 20 tons of grain.", []),
    ],
)
def test_parts_wholes_and_quantities(analyse_text, text, expected):
    assert values(analyse_text(text)) == expected


# A header's title ----------------------------------------------------------------------------------------


def _read(text: str):
    from crisisledger.ingest.text import read_text

    return read_text(text.encode("utf-8"), source="report.txt")


@pytest.fixture
def analyse_file(nlp):
    from crisisledger.pipeline import analyse

    return lambda text: next(analyse([_read(text)], nlp=nlp))


def test_a_title_that_adds_a_count_is_read(analyse_file):
    text = (
        "title: Over 900 migrants rescued off the coast\ndate: 2023-05-18\noutlet: Coast Wire\n\n"
        "Fishermen rescued over 700 migrants on Friday. The navy saved 200 more.\n"
    )
    assert values(analyse_file(text)) == [("displaced", 200, 200), ("displaced", 700, None), ("displaced", 900, None)]


def test_a_title_that_sums_up_the_body_adds_nothing(analyse_file):
    text = (
        "title: Scores killed in twin market bombings\ndate: 2023-05-18\noutlet: Coast Wire\n\n"
        "Two bombs killed at least 72 people at markets in Mosul on Friday.\n"
    )
    extraction = analyse_file(text)
    assert values(extraction) == [("killed", 72, None)]
    body = extraction.document.body_start
    assert all(s.evidence.start >= body for s in extraction.statements)
    assert all(e.evidence.start >= body for e in extraction.events)


def test_a_surname_the_model_leaves_out_is_kept(analyse_text):
    text = "According to Chief Superintendent Ana Castillo of the regional police, 14 civilians died."
    assert [f.claimant for f in analyse_text(text).figures] == ["Ana Castillo"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The agency worries about the 4m people living in camps.", [("displaced", 4000000, 4000000)]),
        ("About 12k people marched in the capital.", [("participants", 12000, 12000)]),
        ("A 7m wall fell on the road.", []),
        (
            "Three people died; around ten more, including a nurse, were injured.",
            [("injured", 10, 10), ("killed", 3, 3)],
        ),
    ],
)
def test_glued_multipliers_camps_and_counts_after_an_aside(analyse_text, text, expected):
    assert values(analyse_text(text)) == expected


def test_a_title_bound_the_body_just_passes_adds_nothing(analyse_file):
    text = (
        "title: Gunman opens fire at a mall; more than 20 dead\ndate: 2023-05-18\noutlet: Coast Wire\n\n"
        "A gunman killed 22 people at a mall in Fresno on Saturday.\n"
    )
    assert values(analyse_file(text)) == [("killed", 22, 22)]


def test_a_title_far_below_a_body_count_of_another_matter_is_kept(analyse_file):
    text = (
        "title: Over 900 migrants rescued off the coast\ndate: 2023-05-18\noutlet: Coast Wire\n\n"
        "Fishermen rescued over 700 migrants on Friday. Estimates suggest 8,000 migrants are still at sea.\n"
    )
    assert ("displaced", 900, None) in values(analyse_file(text))


def test_an_unnamed_report_that_cites_someone_is_the_claimant(analyse_text):
    (found,) = figures_of(analyse_text("According to a report citing the mayor's office, 20 people were arrested."))
    assert (found["claimant"], found["cited_source"]) == ("a report", "mayor's office")


def test_a_reporting_verb_set_before_its_speaker_between_commas(analyse_text):
    text = "A gunman opened fire at a market, with the toll rising to 12 on Monday, reported officials, late on Monday."
    assert [f.claimant for f in analyse_text(text).figures] == ["officials"]


def test_unnamed_reports_from_witnesses_are_cited_not_claimants(analyse_text):
    text = "Reports from locals suggest 33 people remain missing in the valley."
    (found,) = figures_of(analyse_text(text, outlet="Valley Courier"))
    assert (found["claimant"], found["cited_source"]) == ("Valley Courier", "reports from locals")


def test_reports_from_a_named_body_name_the_claimant(analyse_text):
    (found,) = figures_of(analyse_text("Reports from the Red Crescent say 40 people died.", outlet="Courier"))
    assert found["claimant"] == "Red Crescent"


def test_a_mute_noun_capitalised_by_its_sentence_is_no_claimant(analyse_text):
    text = "Violence continued into the night after one of the reporters was injured."
    assert [f.claimant for f in analyse_text(text, outlet="Delta Daily").figures] == ["Delta Daily"]
