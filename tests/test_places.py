"""The offline gazetteer: names as news writes them -> Place records (no spaCy, no network)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisledger.extract.places import PATTERNS, Gazetteer, gazetteer, name_key
from crisisledger.records import Place

LEVELS = ("country", "region", "city")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


# -- countries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Kazakhstan", "KZ"),
        ("Republic of Kazakhstan", "KZ"),
        ("Kazakhstan's", "KZ"),
        ("Kazakhstan’s", "KZ"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Kyrgyzstan", "KG"),
        ("Kyrgyz Republic", "KG"),
        ("the Netherlands", "NL"),
        ("Republic of Korea", "KR"),  # pycountry: "Korea, Republic of"
        ("Britain", "GB"),
        ("US", "US"),
        ("U.S.", "US"),
        ("Kosovo", "XK"),
    ],
)
def test_lookup_finds_countries(gaz: Gazetteer, name: str, code: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.level == "country" and place.country_code == code


def test_country_place_carries_centre_and_geonames_id(gaz: Gazetteer) -> None:
    assert gaz.lookup("Kazakhstan") == Place("Kazakhstan", "KZ", 48.0, 68.0, 1522867, "country")
    assert gaz.lookup("Russian Federation").name == "Russia"  # the common English name


@pytest.mark.parametrize("code_or_name", ["KZ", "kz", "KAZ", "398", "Kazakhstan", "Republic of Kazakhstan"])
def test_country_by_code_or_name(gaz: Gazetteer, code_or_name: str) -> None:
    assert gaz.country(code_or_name).geonames_id == 1522867


@pytest.mark.parametrize("code_or_name", ["ZZ", "Atlantis", ""])
def test_country_unknown(gaz: Gazetteer, code_or_name: str) -> None:
    assert gaz.country(code_or_name) is None


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Kazakh", "KZ"),
        ("Kazakhstani", "KZ"),
        ("Kazakhs", "KZ"),
        ("Kyrgyz", "KG"),
        ("Russian", "RU"),
        ("Russians", "RU"),
        ("Ukrainian", "UA"),
        ("Chinese", "CN"),  # not Hong Kong or Macau, which countryinfo also calls Chinese
        ("Martian", None),
    ],
)
def test_country_of_adjective(gaz: Gazetteer, word: str, code: str | None) -> None:
    assert gaz.country_of_adjective(word) == code


# -- cities --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "geonames_id"),
    [
        ("Almaty", 1526384),
        ("Alma-Ata", 1526384),  # the Soviet name, from GeoNames' alternate names
        ("Alma Ata", 1526384),
        ("Almaty's", 1526384),
        ("city of Almaty", 1526384),
        ("Almaty city", 1526384),
        ("Astana", 1526273),
        ("Nur-Sultan", 1526273),  # the capital's name from 2019 to 2022
        ("Aktau", 610612),
        ("Zhanaozen", 607610),
        ("Shymkent", 1518980),
        ("Bishkek", 1528675),
        ("Kiev", 703448),
        ("The Hague", 2747373),  # "The" is part of the name here
        ("New York", 5128581),  # places.yml: the city, not the state
        ("Washington", 4140963),  # the city beats the state of the same country
        ("Gaza", 281133),  # a big city beats Mozambique's Gaza province
        ("Paris", 2988507),  # a dictionary word ("paris", a plant), but Paris is big enough
    ],
)
def test_lookup_finds_cities(gaz: Gazetteer, name: str, geonames_id: int) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.level == "city" and place.geonames_id == geonames_id


def test_city_place_carries_coordinates(gaz: Gazetteer) -> None:
    almaty = gaz.lookup("Almaty")
    assert (almaty.name, almaty.country_code) == ("Almaty", "KZ")
    assert (almaty.lat, almaty.lon) == pytest.approx((43.25, 76.91), abs=0.01)


@pytest.mark.parametrize(
    "word",
    ["Police", "March", "Most", "Split", "Nice", "Mobile", "Reading", "Bath", "Of", "Central", "Western"],
)
def test_common_words_are_not_places(gaz: Gazetteer, word: str) -> None:
    assert gaz.lookup(word) is None


@pytest.mark.parametrize("name", ["almaty", "kazakhstan", "us", "Us"])
def test_names_must_be_capitalised(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None


@pytest.mark.parametrize("name", ["Xyzzyville", "", "   ", "'s", "the", "City of", "Islamic State"])
def test_unknown_names(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None


# -- focus country -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "focus", "code", "level"),
    [
        ("Georgia", None, "GE", "country"),  # the country, unless the report is about the US
        ("Georgia", "US", "US", "region"),
        ("Georgia", "United States", "US", "region"),
        ("Georgia", "GE", "GE", "country"),
        ("Georgia", "KZ", "GE", "country"),
        ("Moscow", "US", "RU", "city"),  # Moscow, Idaho is 400 times smaller: still Russia's
        ("Lebanon", "US", "LB", "country"),  # a US town does not outrank a country
        ("Córdoba", None, "AR", "city"),  # the most populous
        ("Cordoba", "ES", "ES", "city"),
        ("Almaty", "KZ", "KZ", "city"),
        ("Almaty", "nowhere", "KZ", "city"),
    ],
)
def test_focus_country(gaz: Gazetteer, name: str, focus: str | None, code: str, level: str) -> None:
    place = gaz.lookup(name, focus_country=focus)
    assert place is not None and (place.country_code, place.level) == (code, level)


# -- regions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("Almaty Region", "Almaty Region"),  # not the city
        ("Almaty region", "Almaty Region"),
        ("Almaty Oblast", "Almaty Region"),
        ("Mangystau", "Mangystau Region"),  # places.yml; pycountry spells it "Mangghystaū oblysy"
        ("Mangistau", "Mangystau Region"),  # also a town of 31,000: news means the region
        ("Mangystau Region", "Mangystau Region"),
        ("Zhambyl", "Zhambyl Region"),
        ("Kyzylorda Region", "Kyzylorda Region"),
        ("Ulytau", "Ulytau Region"),
        ("Donetsk Oblast", "Donetsk Oblast"),
        ("Texas", "Texas"),
        ("Washington State", "Washington"),
        ("Ontario", "Ontario"),  # a Canadian province beats a Californian city of 180,000
    ],
)
def test_lookup_finds_regions(gaz: Gazetteer, name: str, region: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.level == "region" and place.name == region


@pytest.mark.parametrize(("name", "level"), [("Kyzylorda", "city"), ("Kyzylorda Region", "region")])
def test_a_type_word_makes_a_region(gaz: Gazetteer, name: str, level: str) -> None:
    assert gaz.lookup(name).level == level


def test_region_centre_is_the_centroid_of_its_cities(gaz: Gazetteer) -> None:
    mangystau = gaz.lookup("Mangystau")
    # Aktau, Zhanaozen and the town of Mangistau share GeoNames admin1 code 09, tied through the capital.
    assert mangystau.country_code == "KZ" and mangystau.geonames_id is None
    assert (mangystau.lat, mangystau.lon) == pytest.approx((43.56, 51.79), abs=0.01)
    almaty_region = gaz.lookup("Almaty Region")
    assert 42 < almaty_region.lat < 46 and 74 < almaty_region.lon < 81


def test_us_states_carry_their_geonames_id(gaz: Gazetteer) -> None:
    assert gaz.lookup("Georgia", focus_country="US").geonames_id == 4197000


def test_unmapped_regions_have_no_coordinates(gaz: Gazetteer) -> None:
    donetsk = gaz.lookup("Donetsk Oblast")
    assert (donetsk.country_code, donetsk.lat, donetsk.lon, donetsk.geonames_id) == ("UA", None, None, None)


def test_never_alone_words_still_name_regions_with_a_type_word(gaz: Gazetteer) -> None:
    central = gaz.lookup("Central Region", focus_country="GH")
    assert central is not None and (central.country_code, central.level) == ("GH", "region")


# -- "Town, Region": wire and coder styles -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "city", "admin1"),
    [
        ("Newark, N.J.", "Newark", "New Jersey"),  # AP-style state abbreviations
        ("Springfield, Ill.", "Springfield", "Illinois"),  # not Missouri's or Massachusetts' Springfield
        ("Springfield, Mo.", "Springfield", "Missouri"),
        ("SPRINGFIELD, Mass.", "Springfield", "Massachusetts"),  # a dateline in capitals
        ("Olympia, Wash.", "Olympia", "Washington"),
        ("Paradise, Calif.", "Paradise", "California"),
        ("Kansas City, Kan.", "Kansas City", "Kansas"),
        ("Kansas City, Missouri", "Kansas City", "Missouri"),
        ("Portland, Maine", "Portland", "Maine"),
        ("Newark, NJ", "Newark", "New Jersey"),  # postal codes too
        ("Washington, D.C.", "Washington", "District of Columbia"),
        ("Washington DC", "Washington", "District of Columbia"),
        ("Atlanta, Georgia", "Atlanta", "Georgia"),  # the state, although "Georgia" alone is the country
        ("Paris, Texas", "Paris", "Texas"),
        ("Beaver Falls, Pennsylvania", "Beaver Falls", "Pennsylvania"),  # a town of 8,700, found in its state
        ("Karachi, Sindh", "Karachi", "Sindh"),
    ],
)
def test_a_town_within_its_region(gaz: Gazetteer, name: str, city: str, admin1: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and (place.name, place.level, gaz.admin1(place)) == (city, "city", admin1)


@pytest.mark.parametrize(
    ("name", "geonames_id"),
    [
        ("Chelyabinsk, Russia", 1508291),
        ("Paris, France", 2988507),
        ("Jalalabad (Nangarhar, Afghanistan)", 1139715),  # "Town (District, Region)"
        ("Mecca, Saudi Arabia", 104515),
    ],
)
def test_a_place_within_its_country(gaz: Gazetteer, name: str, geonames_id: int) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.geonames_id == geonames_id


def test_an_unknown_town_is_placed_in_the_region_named_after_it(gaz: Gazetteer) -> None:
    assert gaz.lookup("Xyzzyville, Kenya") == gaz.country("KE")
    assert gaz.lookup("Xyzzyville (Ploughshire, Nova Scotia)").name == "Nova Scotia"


@pytest.mark.parametrize("name", ["France, Mexico", "Lahore, Sindh", "Almaty, Mangystau"])
def test_two_places_side_by_side_are_a_list_not_one_place(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None


@pytest.mark.parametrize("name", ["Wash.", "Ill.", "Calif.", "N.J.", "Ind.", "Miss.", "Pa."])
def test_state_abbreviations_alone_are_words(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None
    assert gaz.is_state_abbreviation(name)


# -- regions and small towns --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "focus", "region", "code"),
    [
        ("Kerala", None, "Kerala", "IN"),
        ("Maharashtra", None, "Maharashtra", "IN"),  # pycountry: "Mahārāshtra"
        ("Tamil Nadu", None, "Tamil Nadu", "IN"),
        ("Punjab", "IN", "Punjab", "IN"),
        ("Punjab", "PK", "Punjab", "PK"),
        ("Ontario", None, "Ontario", "CA"),
        ("British Columbia", None, "British Columbia", "CA"),
        ("Quebec", None, "Quebec", "CA"),  # the province; "Quebec City" is the city
        ("Sindh", None, "Sindh", "PK"),
    ],
)
def test_indian_canadian_and_pakistani_regions_have_country_and_centre(
    gaz: Gazetteer, name: str, focus: str | None, region: str, code: str
) -> None:
    place = gaz.lookup(name, focus_country=focus)
    assert place is not None and (place.name, place.country_code, place.level) == (region, code, "region")
    assert place.lat is not None and place.lon is not None  # the centroid of its cities, via its capital


def test_kerala_lies_where_kerala_is(gaz: Gazetteer) -> None:
    kerala = gaz.lookup("Kerala")
    assert 8 < kerala.lat < 13 and 74 < kerala.lon < 78


def test_quebec_city_is_the_city(gaz: Gazetteer) -> None:
    assert gaz.lookup("Quebec City").level == "city"


@pytest.mark.parametrize(
    ("name", "region", "code"),
    [
        ("East Kalimantan", "East Kalimantan", "ID"),  # ISO puts Indonesia's provinces under islands
        ("Aceh", "Aceh", "ID"),
        ("Khowst province", "Khōst", "AF"),  # a province spelled as its capital's other name
        ("Gyeonggi Province", "Gyeonggi-do", "KR"),
    ],
)
def test_regions_without_a_tie_have_country_but_no_centre(gaz: Gazetteer, name: str, region: str, code: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and (place.name, place.country_code, place.level) == (region, code, "region")
    assert place.lat is None and place.geonames_id is None


@pytest.mark.parametrize(("name", "code"), [("Northern Syria", "SY"), ("Eastern Ukraine", "UA")])
def test_a_part_of_a_country_is_in_the_country(gaz: Gazetteer, name: str, code: str) -> None:
    assert gaz.lookup(name) == gaz.country(code)


@pytest.mark.parametrize(("name", "code"), [("Northern Ireland", "GB"), ("North Korea", "KP"), ("South Sudan", "SS")])
def test_a_direction_that_is_part_of_a_name_stays(gaz: Gazetteer, name: str, code: str) -> None:
    place = gaz.lookup(name)
    assert place is not None and place.country_code == code and place.name == name


def test_small_towns_only_in_the_report_country(gaz: Gazetteer) -> None:
    # Chippewa Falls (Wisconsin, 14,000 people) is below the cities15000 threshold.
    assert gaz.lookup("Chippewa Falls") is None
    assert gaz.lookup("Chippewa Falls", focus_country="FR") is None
    town = gaz.lookup("Chippewa Falls", focus_country="US")
    assert town is not None and (town.country_code, town.level, gaz.admin1(town)) == ("US", "city", "Wisconsin")


def test_a_common_word_is_a_town_only_when_the_writer_says_so(gaz: Gazetteer) -> None:
    assert gaz.lookup("Bath", focus_country="GB") is None
    assert gaz.lookup("town of Bath", focus_country="GB").geonames_id == 2656173


@pytest.mark.parametrize("name", ["Hamas", "Google", "Xinhua"])
def test_organisations_with_a_place_name_elsewhere_are_not_places(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name) is None


def test_the_white_house_is_in_washington_not_casablanca(gaz: Gazetteer) -> None:
    assert gaz.lookup("the White House").geonames_id == gaz.lookup("Washington").geonames_id


# -- names as written -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown", "geonames_id"),
    [
        ("Mecca", "Mecca", 104515),  # GeoNames: Makkah
        ("Raqqa", "Raqqa", 172955),  # GeoNames: Ar Raqqah
        ("Alma-Ata", "Alma-Ata", 1526384),
        ("Almaty's", "Almaty", 1526384),
        ("KABUL", "Kabul", 1138958),  # a dateline in capitals keeps GeoNames' name
        ("Cordoba", "Córdoba", 3860259),  # only the accent differs: GeoNames' name
    ],
)
def test_a_city_is_named_as_the_report_names_it(gaz: Gazetteer, name: str, shown: str, geonames_id: int) -> None:
    place = gaz.lookup(name)
    assert (place.name, place.geonames_id) == (shown, geonames_id)


# -- homonyms and the report's country ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "focus", "code"),
    [
        ("Valencia", "VE", "VE"),
        ("Valencia", "ES", "ES"),
        ("Cordoba", "AR", "AR"),
        ("Hyderabad", None, "IN"),  # the bigger one
        ("Hyderabad", "PK", "PK"),
        ("Washington", "GB", "US"),  # a capital: Washington, Tyne and Wear is 13 times smaller
        ("Tripoli", "LB", "LB"),  # Lebanon's Tripoli is a fifth of Libya's capital
        ("Alexandria", "US", "US"),  # no capital: the focus country's wins unless 50 times smaller
    ],
)
def test_homonyms_follow_the_report_country(gaz: Gazetteer, name: str, focus: str | None, code: str) -> None:
    place = gaz.lookup(name, focus_country=focus)
    assert place is not None and place.level == "city" and place.country_code == code


def test_countries_of_a_name(gaz: Gazetteer) -> None:
    assert {"IN", "PK"} <= gaz.countries_of("Hyderabad")
    assert gaz.countries_of("Almaty") == {"KZ"}
    assert gaz.countries_of("Xyzzyville") == set()


# -- the index ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Alma-Ata", "alma ata"),
        ("St. Petersburg", "st petersburg"),
        ("Zhangaözen", "zhangaozen"),
        ("Koło", "kolo"),
    ],
)
def test_name_key_folds_spelling(name: str, key: str) -> None:
    assert name_key(name) == key


def test_gazetteer_is_shared_and_lazy() -> None:
    assert gazetteer() is gazetteer()
    fresh = Gazetteer()
    assert "_cities" not in vars(fresh)  # nothing is read until the first lookup


@settings(deadline=None, max_examples=300)
@given(name=st.text(), focus=st.none() | st.text(max_size=4))
def test_lookup_never_raises(gaz: Gazetteer, name: str, focus: str | None) -> None:
    place = gaz.lookup(name, focus_country=focus)
    assert place is None or place.level in LEVELS
    gaz.country(name)
    gaz.country_of_adjective(name)


@settings(deadline=None)
@given(name=st.from_regex(r"[A-Z][a-z]{2,12}( [A-Z][a-z]{2,12})?( Region| City|'s)?", fullmatch=True))
def test_lookup_never_raises_on_name_like_text(gaz: Gazetteer, name: str) -> None:
    place = gaz.lookup(name)
    assert place is None or place.level in LEVELS


def _curated_regions() -> list[tuple[str, dict]]:
    patterns = yaml.safe_load(PATTERNS.read_text(encoding="utf-8"))
    return sorted(patterns["regions"].items())


@pytest.mark.parametrize(("code", "entry"), _curated_regions())
def test_every_curated_region_is_found_by_its_name(gaz: Gazetteer, code: str, entry: dict) -> None:
    # In a report about its country: India's Punjab and Pakistan's share a name.
    place = gaz.lookup(entry["name"], focus_country=code.split("-")[0])
    assert place is not None and (place.level, place.name) == ("region", entry["name"])
    assert place.country_code == code.split("-")[0]
    # A capital that names no city of the country would silently leave the region without coordinates.
    assert (place.lat is not None) == ("capital" in entry)
