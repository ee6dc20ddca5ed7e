"""Which language a report is written in, offline: the script of its letters, then py3langid.

Only languages we have a profile for are ever answered. A text with no letters gets the default profile; a short
text (fewer than `SHORT` letters, where a character n-gram model guesses) is told by the script most of its
letters are written in; a longer one by py3langid restricted to our languages, which also settles mixed texts
(a Russian report quoting English names, an English one quoting Russian) by what most of the text is. The
answer depends on the text alone: py3langid is a fixed Naive Bayes model, and ties go to the code first in
alphabetical order.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from .profile import DEFAULT, PROFILES

#: Below this many letters the script decides, not the model.
SHORT = 40
#: The first characters a long text is classified by: the opening says the language, and the cost stays bounded.
SAMPLE = 4000


def detect(text: str) -> str:
    """The code of the profile `text` is written in ("en", "ru")."""
    counts = _scripts(text[:SAMPLE])
    letters = sum(counts.values())
    if letters == 0:
        return DEFAULT
    if letters < SHORT:
        return _by_script(counts)
    scores = _identifier().rank(text[:SAMPLE])
    known = [(score, code) for code, score in scores if code in PROFILES]
    if not known:
        return _by_script(counts)
    best = max(score for score, _ in known)
    return min(code for score, code in known if score == best)


def _scripts(text: str) -> dict[str, int]:
    """Letters per script of our profiles ("Latin", "Cyrillic"), by their Unicode names."""
    wanted = sorted({p.script for p in PROFILES.values()})
    counts = dict.fromkeys(wanted, 0)
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        for script in wanted:
            if name.startswith(script.upper()):
                counts[script] += 1
                break
    return counts


def _by_script(counts: dict[str, int]) -> str:
    """The profile whose script has the most letters; the default one on a tie or when none has any."""
    best = max(counts.values())
    if best == 0:
        return DEFAULT
    leaders = [script for script, count in counts.items() if count == best]
    if len(leaders) > 1:
        return DEFAULT
    return min(code for code, p in PROFILES.items() if p.script == leaders[0])


@cache
def _identifier() -> Any:
    # Our own identifier, restricted to our languages, rather than py3langid's module-level one: restricting
    # that one would change what anyone else in the process gets from `py3langid.classify`.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # imports numpy: only when a long text comes

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted(PROFILES))
    return identifier
