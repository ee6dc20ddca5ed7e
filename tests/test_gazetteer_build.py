"""The gazetteer's city and town indexes make a candidate only when a name that needs it is looked up."""

from __future__ import annotations

from crisisledger.extract.places import Gazetteer


def made(index) -> int:  # type: ignore[no-untyped-def]
    return sum(candidate is not None for candidate in index.candidate.made)


def test_candidates_are_made_on_look_up_and_kept() -> None:
    gazetteer = Gazetteer()
    cities = gazetteer._cities
    before = made(cities.by_name)
    assert before < 100  # the curated cities of places.yml and the capitals' regions, not 30,000 cities
    place = gazetteer.lookup("Almaty")
    assert place is not None and place.country_code == "KZ"
    assert made(cities.by_name) > before
    first = cities.by_name["almaty"]
    assert [c.place.name for c in first] == [c.place.name for c in cities.by_name.get("almaty", [])]
    assert all(a is b for a, b in zip(first, cities.by_name["almaty"], strict=True))  # made once
    assert cities.by_id[first[0].place.geonames_id] is first[0]
    assert "almaty" in cities.by_name and "no such place" not in cities.by_name
    assert cities.by_name.get("no such place") is None


def test_towns_are_made_only_when_a_town_is_looked_up() -> None:
    gazetteer = Gazetteer()
    towns = gazetteer._towns
    assert made(towns.by_name) == 0
    assert gazetteer.lookup("Chippewa Falls", focus_country="US") is not None
    assert 0 < made(towns.by_name) < 10
