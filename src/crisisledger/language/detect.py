"""Which language a report is written in, offline: the script most of its letters are in, then py3langid.

`detect()` only ever answers a language we have a profile for:

1. a text with no letters gets the default profile (`profile.DEFAULT`);
2. otherwise the script most of its letters (of the first `SAMPLE` characters) are written in picks the
   profiles written in it; a tie between scripts gets the default profile. A mixed text (a Russian report
   quoting English names, an English one quoting a Russian sentence) is what most of its letters are;
3. when several profiles share that script, py3langid, restricted to them, chooses among them (from
   `SHORT` letters on; below that the first of them in alphabetical order).

py3langid is not asked to choose between scripts: its byte n-grams weigh two-byte Cyrillic letters heavily,
and a mostly English text quoting one Russian sentence comes out Russian. `identify()` gives its unrestricted
guess, for saying that a text is in a language we do not read (Ukrainian is read with the Russian profile,
French with the English one). Both depend on the text alone: py3langid is a fixed Naive Bayes model, and ties
go to the code first in alphabetical order.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache
from typing import Any

from .profile import DEFAULT, PROFILES

#: Below this many letters py3langid is not asked: a character n-gram model guesses on a few words.
SHORT = 40
#: The first characters a text is judged by: the opening says the language, and the cost stays bounded.
SAMPLE = 4000


def detect(text: str) -> str:
    """The code of the profile `text` is written in ("en", "ru")."""
    sample = text[:SAMPLE]
    counts = _letters_by_script(sample)
    best = max(counts.values())
    leaders = [script for script, count in counts.items() if count == best]
    if best == 0 or len(leaders) > 1:
        return DEFAULT
    candidates = sorted(code for code, p in PROFILES.items() if p.script == leaders[0])
    if len(candidates) == 1 or best < SHORT:
        return candidates[0]
    scores = dict(_identifier(tuple(candidates)).rank(sample))
    top = max(scores[code] for code in candidates)
    return min(code for code in candidates if scores[code] == top)


def identify(text: str) -> str:
    """py3langid's guess among all the languages it knows (ISO 639-1), or "und" for a text with no letters."""
    sample = text[:SAMPLE]
    if not any(char.isalpha() for char in sample):
        return "und"
    return str(_identifier(()).classify(sample)[0])


def _letters_by_script(text: str) -> dict[str, int]:
    """Letters per script of our profiles ("Latin", "Cyrillic"), told by their Unicode names: each distinct
    character's name is looked up once (a report has a few dozen distinct letters in thousands)."""
    scripts = sorted({p.script for p in PROFILES.values()})
    counts = dict.fromkeys(scripts, 0)
    for char, times in Counter(text).items():
        if char.isalpha():
            name = unicodedata.name(char, "")
            for script in scripts:
                if name.startswith(script.upper()):
                    counts[script] += times
                    break
    return counts


@cache
def _identifier(languages: tuple[str, ...]) -> Any:
    """A py3langid identifier restricted to `languages` (all of its own when empty). Our own, not the module's
    shared one: restricting that would change what anyone else in the process gets from py3langid."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # imports numpy: only when it is needed

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    if languages:
        identifier.set_languages(list(languages))
    return identifier
