"""The Wikinews crisis set: real English news with gold figure claims written by a person.

The articles and their gold live in ../shared/data/wikinews-crises/texts (NNN_slug.txt with NNN_slug.json
beside it; never copied into the project). Their conventions (the set's README) differ from our own gold
files in a few ways, and this module reads them as they are, so that the score is the one we are judged by:

- a claimant is written as named, with a role in brackets when the text gives one: "Jane Roe (police
  spokeswoman)"; the name before the brackets is compared, the role is not;
- a figure stated without attribution is the outlet's claim (`Wikinews`);
- `as_of` may be a month or a year ("2018"): a found date agrees when it falls within it;
- `place` is the place as written ("between Baracoa and Guantanamo", "Tondo district of Manila"): a found
  place agrees when its name is one of the words of the written place, or the other way round;
- a figure marked `ambiguous` (careful annotators could disagree whether and how to count it) is optional:
  neither missed when nothing matches it nor a false find when something does.

Each article goes through `pipeline.analyse` exactly as `crisisledger ingest` reads it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..ingest.text import read_path
from .gold import GoldError, Report
from .scoring import FIGURES, Gold, Kind, agree, figure_closeness, normal, same_name

#: The gold fields scored on matched figures (status_by, quote_hint and notes are not).
FIELDS = ("approximate", "vague", "as_of", "place", "claimant", "cited_source", "status", "population")


def _without_role(name: Any) -> Any:
    """ "Jane Roe (police spokeswoman)" -> "Jane Roe"; other values as they are."""
    if isinstance(name, str):
        return re.sub(r"\s*\([^)]*\)", "", name).strip() or name
    return name


def claimant_agrees(expected: Any, got: Any) -> bool:
    return same_name(_without_role(expected), got)


def as_of_agrees(expected: Any, got: Any) -> bool:
    """A gold month or year ("2019-01", "2018") takes any day within it."""
    if isinstance(expected, str) and isinstance(got, str):
        return got == expected or got.startswith(expected + "-")
    return bool(expected == got)


def place_agrees(expected: Any, got: Any) -> bool:
    """The found name is among the written place's words ("Manila" in "Tondo district of Manila"), or the
    written place among the found name's words."""
    if isinstance(expected, str) and isinstance(got, str):
        a, b = normal(expected), normal(got)
        return bool(a and b) and (f" {b} " in f" {a} " or f" {a} " in f" {b} ")
    return bool(expected == got)


WIKINEWS_FIGURES: Kind = Kind(
    FIGURES.name,
    FIGURES.key,
    lambda gold, found: figure_closeness(WIKINEWS_FIGURES, gold, found),
    FIELDS,
    {"claimant": claimant_agrees, "cited_source": claimant_agrees, "as_of": as_of_agrees, "place": place_agrees},
)


def russian_place_agrees(expected: Any, got: Any) -> bool:
    """The Russian set writes a place in Russian, as the text names it ("побережье Туниса"), where a found
    place carries the gazetteer's (Latin) name: they agree when a run of the written place's words, read in
    its dictionary form, resolves to the found place (`language.ru_places.resolve`)."""
    if not (isinstance(expected, str) and isinstance(got, str)):
        return bool(expected == got)
    from ..language.ru_numbers import parses
    from ..language.ru_places import resolve

    words = re.findall(r"[\w-]+", expected)
    lemmas = [_as_written(word, parses(word)[0].normal_form) for word in words]
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            for run in (words[start : start + size], lemmas[start : start + size]):
                place = resolve(" ".join(run))
                if place is not None and place_agrees(place.name, got):
                    return True
    return place_agrees(expected, got)


def _as_written(word: str, lemma: str) -> str:
    """A lemma with the word's capital ("Туниса" -> "Тунис")."""
    return lemma[:1].upper() + lemma[1:] if word[:1].isupper() else lemma


WIKINEWS_RU_FIGURES: Kind = Kind(
    FIGURES.name,
    FIGURES.key,
    lambda gold, found: figure_closeness(WIKINEWS_RU_FIGURES, gold, found),
    FIELDS,
    {
        "claimant": claimant_agrees,
        "cited_source": claimant_agrees,
        "as_of": as_of_agrees,
        "place": russian_place_agrees,
    },
)


def read_reports(folder: Path) -> list[Report]:
    """Every article of the folder with its gold figures, in file order."""
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise GoldError(f"the Wikinews set is not at {folder}; it is read from ../shared, beside the repository.")
    reports = []
    for path in paths:
        text = path.with_suffix(".txt")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            figures = data["figures"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}: cannot be read as Wikinews gold ({exc}).") from None
        document = read_path(text)
        gold = tuple(
            Gold(
                {name: item.get(name) for name in ("kind", "min", "max", *FIELDS)},
                bool(item.get("ambiguous")),
                f"{path.name} figures[{index}] {item.get('quote_hint')!r}",
            )
            for index, item in enumerate(figures)
        )
        reports.append(Report(path.stem, document, {FIGURES.name: gold}))
    return reports


__all__ = ["WIKINEWS_FIGURES", "WIKINEWS_RU_FIGURES", "agree", "read_reports"]
