"""One profile per language: what the extractors need to know about a language, in one place.

A profile names the spaCy pipeline that parses the language, the package of its pattern files (lexicons as
YAML), its number words and its date words. The extractors receive the profile of a report's language (through
the Context) instead of testing `language == ...` themselves; what differs between languages lives here and
in the pattern files, not in the extractors.

Nothing heavy is imported here: a profile loads its model and lexicons on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError

if TYPE_CHECKING:
    from datetime import date

    from spacy.language import Language
    from spacy.tokens import Doc

    from ..extract.context import Context
    from ..extract.dates import Timex
    from ..extract.numbers import Quantity
    from ..extract.places import Geoparse
    from ..records import Extraction


@dataclass(frozen=True)
class DateWords:
    """The words a date is written with: month and weekday names (lower case, in every form the language
    inflects them to) and day words counted from the report's date ("yesterday": -1)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    deictic: dict[str, int]


@dataclass(frozen=True)
class Profile:
    """A language as the pipeline sees it."""

    #: ISO 639-1 code, as stored on documents and in exports.
    code: str
    #: The language's English name, for messages.
    name: str
    #: The Unicode script its letters are written in ("Latin", "Cyrillic"): how short texts are told apart.
    script: str
    #: The package holding its pattern files (`<package>/<name>.yml`).
    patterns: str
    #: "module:function" that builds its spaCy pipeline, called with the model name the settings give.
    loader: str
    #: "module:function" that yields the `Quantity` phrases of a parsed report (extract/numbers.py's shape).
    numbers: str
    #: "module:function" that yields the `Timex` expressions of a parsed report against its date
    #: (extract/dates.py's shape).
    dates: str
    #: "module:function" that finds the places a parsed report names and its focus country
    #: (extract/places.py's `geoparse`: called with the Doc and `title`, `paragraphs`, `headlines`).
    geoparse_with: str
    #: "module:function" that reads every record of a parsed report from its Context (an `Extraction`). What
    #: walks the parse tree is the language's own: the dependency labels, the word order of attribution and
    #: the case a number governs differ too much to share one set of rules (docs/language.md, section 1).
    reader: str

    def load(self, model: str | None = None) -> Language:
        """The spaCy pipeline for this language, loaded once per process (the loader caches it)."""
        build = _function(self.loader)
        return build(model) if model else build()

    def quantities(self, doc: Doc) -> Iterator[Quantity]:
        """The number phrases of a report parsed by this profile's pipeline that could count people."""
        return _function(self.numbers)(doc)

    def timexes(self, doc: Doc, anchor: date | None) -> Iterator[Timex]:
        """The date and time expressions of a report parsed by this profile's pipeline, resolved against `anchor`."""
        return _function(self.dates)(doc, anchor)

    def geoparse(self, doc: Doc, **layout: Any) -> Geoparse:
        """The places a parsed report names, and the country it is about (`extract.places.Geoparse`)."""
        return _function(self.geoparse_with)(doc, **layout)

    def read(self, ctx: Context) -> Extraction:
        """Every record of one parsed report, read with this language's rules."""
        return _function(self.reader)(ctx)

    def lexicon(self, name: str) -> Any:
        """The parsed contents of this language's `<name>.yml`."""
        return _lexicon(self.patterns, name)

    def number_words(self) -> dict[str, int]:
        """Number words to their values: units ("five") and multipliers ("thousand")."""
        data = self.lexicon("quantities")
        return {**data["units"], **data["multipliers"]}

    def date_words(self) -> DateWords:
        data = self.lexicon("dates")
        return DateWords(months=dict(data["months"]), weekdays=dict(data["weekdays"]), deictic=dict(data["deictic"]))


@cache
def _function(path: str) -> Callable[..., Any]:
    """The function a "module:function" path names, its module imported on first use."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def _lexicon(package: str, name: str) -> Any:
    """`patterns.load`: one reading per file and process, shared with the extractors that read it directly."""
    from .. import patterns

    try:
        return patterns.load(name, package)
    except FileNotFoundError:
        raise ConfigError(f"the pattern file {name}.yml is missing from {package}; reinstall crisisledger") from None


#: Every language crisisledger reads, by code. English is the default: the model `Settings.model` names.
PROFILES: dict[str, Profile] = {
    "en": Profile(
        code="en",
        name="English",
        script="Latin",
        patterns="crisisledger.patterns",
        loader="crisisledger.nlp:load",
        numbers="crisisledger.extract.numbers:quantities",
        dates="crisisledger.extract.dates:dates",
        geoparse_with="crisisledger.extract.places:geoparse",
        reader="crisisledger.extract.report:read",
    ),
    "ru": Profile(
        code="ru",
        name="Russian",
        script="Cyrillic",
        patterns="crisisledger.patterns.ru",
        loader="crisisledger.language.russian:load",
        numbers="crisisledger.language.ru_numbers:quantities",
        dates="crisisledger.language.ru_dates:dates",
        geoparse_with="crisisledger.language.ru_places:geoparse",
        reader="crisisledger.language.ru_report:read",
    ),
}
#: The profile of a report whose language cannot be told (no letters at all).
DEFAULT = "en"


def profile(code: str) -> Profile:
    """The profile of language `code` ("en", "ru"); a ConfigError naming the known ones otherwise."""
    found = PROFILES.get(code.strip().lower()) if isinstance(code, str) else None
    if found is None:
        known = ", ".join(sorted(PROFILES))
        raise ConfigError(f"no language profile for {code!r}; crisisledger reads {known}")
    return found
