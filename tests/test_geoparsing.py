"""Place names in a parsed report (`places.geoparse`, read through `Context.places`): the frames that make a
name a place whatever the model tagged, wire styles, the report's country and what is not a place.
Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from crisisledger.extract.places import gazetteer

pytestmark = pytest.mark.model


def found(ctx) -> list[tuple[str, str, str | None, str | None]]:
    return [(span.text, place.name, place.country_code, place.level) for span, place in ctx.places]


# -- names the model tags otherwise, in a locative frame -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # tagged as a person; a town of 14,000 in the report's country
            "Rescuers in Chippewa Falls searched the river overnight after the dam in Wisconsin gave way.",
            ("Chippewa Falls", "Chippewa Falls", "US", "city"),
        ),
        (  # "near X", tagged as a person; GeoNames' Maydanshakhr, named as the report names it
            "The convoy was ambushed near Maidan Shahr on Sunday, Afghan officials said.",
            ("Maidan Shahr", "Maidan Shahr", "AF", "city"),
        ),
        (
            "The blast struck the town of Maidan Shahr shortly after dawn, Afghan police said.",
            ("Maidan Shahr", "Maidan Shahr", "AF", "city"),
        ),
        ("A Kabul-based analyst said the attack had been planned for weeks.", ("Kabul", "Kabul", "AF", "city")),
        (  # "in X" tagged as an organisation
            "Two people died in Hyderabad after a roof collapsed in heavy rain, Pakistani officials said.",
            ("Hyderabad", "Hyderabad", "PK", "city"),
        ),
        (
            "Police in Khowst province reported two more arrests on Monday.",
            ("Khowst province", "Khōst", "AF", "region"),
        ),
        (  # no region is called Kandahar district: the city
            "Fighting spread from Helmand province to Kandahar district overnight.",
            ("Kandahar", "Kandahār", "AF", "city"),
        ),
        (  # the last item of a list shares its frame although the model tagged nothing
            "Protests spread to Kabul, Kandahar and Herat on Friday.",
            ("Herat", "Herāt", "AF", "city"),
        ),
    ],
)
def test_a_name_in_a_locative_frame_is_a_place(context_of, text, expected) -> None:
    assert expected in found(context_of(text))


# -- wire and coder styles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KABUL, Jan 5 (Reuters) - A car bomb killed four people on Tuesday.", ("KABUL", "Kabul", "AF", "city")),
        ("WASHINGTON - The Senate passed the relief bill late on Friday.", ("WASHINGTON", "Washington", "US", "city")),
        ("BAGHDAD — Two mortar rounds landed near the airport before dawn.", ("BAGHDAD", "Baghdad", "IQ", "city")),
        (
            "SPRINGFIELD, Ill. (AP) - Storms damaged dozens of homes overnight.",
            ("SPRINGFIELD, Ill.", "Springfield", "US", "city"),
        ),
        (
            "A meteor exploded over Chelyabinsk, Russia, and shattered windows across the city.",
            ("Chelyabinsk, Russia", "Chelyabinsk", "RU", "city"),
        ),
        (
            "Residents of Jalalabad (Nangarhar, Afghanistan) were moved to shelters.",
            ("Jalalabad (Nangarhar, Afghanistan)", "Jalālābād", "AF", "city"),
        ),
        (
            "A shooting at a warehouse in Newark, N.J., left two people dead.",
            ("Newark, N.J.", "Newark", "US", "city"),
        ),
        (
            "Crews in Olympia, Wash., cleared fallen trees from the highway.",
            ("Olympia, Wash.", "Olympia", "US", "city"),
        ),
        (
            "The fire near Paradise, Calif., destroyed more than 500 homes.",
            ("Paradise, Calif.", "Paradise", "US", "city"),
        ),
    ],
)
def test_wire_and_coder_styles(context_of, text, expected) -> None:
    assert found(context_of(text)) == [expected]


def test_a_town_and_its_state_are_one_place_and_a_list_is_not(context_of) -> None:
    ctx = context_of(
        "Protesters gathered in Dayton, Ohio and in Kenosha, Wisconsin, while others met in Kabul, Kandahar and Herat."
    )
    assert [(text, name) for text, name, _, _ in found(ctx)] == [
        ("Dayton, Ohio", "Dayton"),
        ("Kenosha, Wisconsin", "Kenosha"),
        ("Kabul", "Kabul"),
        ("Kandahar", "Kandahār"),
        ("Herat", "Herāt"),
    ]


def test_a_dateline_names_the_report_country(context_of) -> None:
    # Moscow, Idaho would win nothing here anyway; the dateline decides Tripoli
    ctx = context_of("TRIPOLI, Lebanon (AP) — Clashes in Tripoli left three dead, the army said.")
    assert ctx.focus_country.country_code == "LB"
    assert {place.country_code for _, place in ctx.places} == {"LB"}


# -- the report's country decides homonyms -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        (
            "Heavy rain flooded streets in Valencia on Monday, where the Venezuelan opposition had called a march "
            "against the government in Caracas.",
            "Valencia",
            "VE",
        ),
        (
            "Storms flooded the old town of Valencia, and Spanish emergency services moved 300 people to safety.",
            "Valencia",
            "ES",
        ),
        (
            "Students marched through Cordoba and Rosario to protest cuts, the Argentine education ministry said.",
            "Cordoba",
            "AR",
        ),
        ("Students marched through Cordoba to protest cuts, Spanish police said.", "Cordoba", "ES"),
        (  # India's Hyderabad is five times bigger; the report is about Pakistan
            "Two people died in Hyderabad after a roof collapsed in heavy rain, officials in Sindh said.",
            "Hyderabad",
            "PK",
        ),
    ],
)
def test_a_homonym_is_the_one_in_the_report_country(context_of, text, name, code) -> None:
    ctx = context_of(text)
    assert [place.country_code for span, place in ctx.places if span.text == name] == [code]


def test_a_title_names_the_report_country(context_of) -> None:
    ctx = context_of(
        "Rescuers in Hyderabad pulled 12 people from the water on Monday.", title="Floods kill dozens in Pakistan"
    )
    assert ctx.focus_country.country_code == "PK"
    assert [place.country_code for _, place in ctx.places] == ["PK"]


def test_a_country_as_a_modifier_does_not_make_the_report_about_it(context_of) -> None:
    ctx = context_of(
        "U.S. officials said U.S. troops and U.S. contractors were safe. The bomb exploded in a market in "
        "Jalalabad. The U.S. embassy condemned it."
    )
    assert ctx.focus_country.country_code == "AF"


# -- regions and US states -------------------------------------------------------------------------------


def test_indian_states_and_canadian_provinces_are_regions_with_a_centre(context_of) -> None:
    ctx = context_of("Authorities in Kerala and Ontario reported new cases of the virus.")
    assert [(name, code, level) for _, name, code, level in found(ctx)] == [
        ("Kerala", "IN", "region"),
        ("Ontario", "CA", "region"),
    ]
    assert all(place.lat is not None for _, place in ctx.places)


def test_us_state_names(context_of) -> None:
    ctx = context_of("Tornadoes touched down in Ohio and Indiana on Wednesday.")
    assert found(ctx) == [("Ohio", "Ohio", "US", "region"), ("Indiana", "Indiana", "US", "region")]
    assert all(place.geonames_id is not None for _, place in ctx.places)


# -- what is not a place -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Six U.S. citizens were among those detained in Manama on Sunday.", ["Manama"]),
        ("Israeli soldiers fired tear gas at protesters in Hebron.", ["Hebron"]),
        ("U.S.-backed forces entered Raqqa on Tuesday.", ["Raqqa"]),
        (  # capitalised words that are also towns in Poland, England, Czechia
            "Protesters marched to Parliament and gathered outside Police headquarters in Warsaw.",
            ["Warsaw"],
        ),
        (  # a person named before: not Henderson, Nevada
            "Fritz Henderson, the chief executive, spoke in Detroit. Henderson said the plan would take 60 days.",
            ["Detroit"],
        ),
        (  # the hospital, not the Kansas town of Saint Francis
            "Injured workers were flown to Saint Francis Hospital in Hartford, Connecticut. A surgeon at Saint "
            "Francis said three were in critical condition.",
            ["Hartford, Connecticut"],
        ),
        (  # the agency, not Hamm; "Xinhua" the agency, not the town
            "A statement from Hamas was carried by Xinhua late on Monday.",
            [],
        ),
    ],
)
def test_what_is_not_a_place(context_of, text, expected) -> None:
    assert [span.text for span, _ in context_of(text).places] == expected


def test_every_span_is_a_place_the_gazetteer_knows(context_of) -> None:
    ctx = context_of(
        "KABUL, Jan 5 (Reuters) - Officials in Jalalabad, Kandahar and Herat said roads to Pakistan were shut."
    )
    assert ctx.places
    for span, place in ctx.places:
        assert gazetteer().lookup(span.text, focus_country="AF") is not None
        assert place.country_code is not None
