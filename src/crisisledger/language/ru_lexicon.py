"""The Russian lexicons (patterns/ru/figures.yml, attribution.yml) read by lemma on a Doc of the Russian pipeline.

Russian declines and conjugates: "погибли", "погибших", "погибшие" are one word to a lexicon. The files list
dictionary forms; a token matches an entry when its `lemma_` (lower case, "ё" as "е") is one of the entry's
dictionary forms. An entry's dictionary forms are all pymorphy3 gives it, plus the entry itself, so a file may
write a word in any form ("словам" or "слово") and an ambiguous form ("стали") matches either reading.

Phrases ("пропали без вести", "по данным", "со ссылкой на") are matched word by word the same way, and may have a
pronoun or possessive inside them ("по его словам", "по их данным"), never at their start.

The keys are those of the English files, so the extractors can ask `ctx.profile.lexicon("figures")` in either
language; what English reads in code ("according to") Russian holds as data (`source_phrases`, `denial_phrases`,
`withdrawal_phrases`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from .profile import profile
from .ru_numbers import normal

__all__ = [
    "is_reporting_verb",
    "kind_of",
    "kind_phrase_at",
    "lemma",
    "matches",
    "phrase_at",
    "population_class",
    "source_phrase_at",
    "stance_of",
]

#: Parts of speech a phrase may hold between its words: "по его словам", "по их данным", "получили тяжёлые
#: ранения", "подверглись жестокому насилию".
_INSIDE = {"PRON", "DET", "ADJ"}


def lemma(token: Token) -> str:
    """The token's dictionary form as the lexicons write it."""
    return normal(token.lemma_ or token.text)


@lru_cache(maxsize=16384)
def forms(word: str) -> frozenset[str]:
    """Every dictionary form of a lexicon word, and the word itself (lower case, "ё" as "е")."""
    word = normal(word)
    if not word.replace("-", "").isalpha():
        return frozenset({word})
    from .ru_numbers import parses as morph  # pymorphy3's readings, shared and cached

    return frozenset({word, *(normal(p.normal_form) for p in morph(word))})


def matches(token: Token, entries: Iterable[str]) -> bool:
    """Whether the token is one of the one-word entries, by lemma or by form."""
    return _hit(token, _index(tuple(entries)))


@cache
def _index(entries: tuple[str, ...]) -> frozenset[str]:
    return frozenset(form for entry in entries if " " not in entry for form in forms(entry))


def _hit(token: Token, index: frozenset[str]) -> bool:
    return lemma(token) in index or normal(token.text) in index


def phrase_at(doc: Doc, i: int, phrases: Iterable[str]) -> int | None:
    """The end (token after) of the longest of the phrases that starts at token i; None if none does."""
    index = _phrase_index(phrases if isinstance(phrases, tuple) else tuple(phrases))
    token = doc[i]
    candidates = index.get(lemma(token), ()) + index.get(normal(token.text), ())
    best = None
    for words in candidates:
        end = _phrase_end(doc, i, words)
        if end is not None and (best is None or end > best):
            best = end
    return best


@cache
def _phrase_index(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases by every dictionary form of their first word: a token is tried only against the phrases
    that can start with it (the lexicons are read at every token of a report, so this is the hot path)."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(set(phrases)):  # sorted: the same answer whatever order a file lists them in
        words = tuple(phrase.split())
        for form in sorted(forms(words[0])):
            index.setdefault(form, []).append(words)
    return {form: tuple(found) for form, found in index.items()}


def _phrase_end(doc: Doc, i: int, words: Sequence[str]) -> int | None:
    j = i
    for k, word in enumerate(words):
        while k and j < len(doc) and doc[j].pos_ in _INSIDE and not _hit(doc[j], forms(word)):
            j += 1  # "по его словам"
        if j >= len(doc) or not _hit(doc[j], forms(word)):
            return None
        j += 1
    return j


# --- figures.yml --------------------------------------------------------------------------------------------


@cache
def _figures() -> dict[str, Any]:
    return profile("ru").lexicon("figures")  # type: ignore[no-any-return]


@cache
def _attribution() -> dict[str, Any]:
    return profile("ru").lexicon("attribution")  # type: ignore[no-any-return]


@cache
def listed(file: str, key: str) -> tuple[str, ...]:
    """The words listed under `key` in patterns/ru/<file>.yml, as one tuple per process: the form `matches` and
    `phrase_at` index once (a list from the file would be made a tuple again at every token)."""
    return tuple(profile("ru").lexicon(file)[key])


def kind_of(token: Token) -> str | None:
    """The kind of count a noun, verb or adjective tells ("погибли" -> killed, "задержанных" -> detained), in
    the file's order of kinds; None for any other word."""
    for kind, words in _figures()["kinds"].items():
        for part in ("nouns", "verbs", "adjectives"):
            if matches(token, words.get(part) or ()):
                return kind  # type: ignore[no-any-return]
    return None


def kind_phrase_at(doc: Doc, i: int) -> tuple[str, int] | None:
    """The kind a phrase starting at token i tells, and its end ("пропали без вести" -> missing)."""
    for kind, phrases in _kind_phrases():
        end = phrase_at(doc, i, phrases)
        if end is not None:
            return kind, end
    return None


@cache
def _kind_phrases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each kind with its phrases (and its nouns of more than one word), in the file's order of kinds."""
    return tuple(
        (kind, tuple(p for part in ("phrases", "nouns") for p in words.get(part) or () if " " in p))
        for kind, words in _figures()["kinds"].items()
    )


def population_class(token: Token) -> str | None:
    """The class of a counted population ("полицейских" -> security forces), by its English name."""
    for name, words in _figures()["population_classes"].items():
        if matches(token, words):
            return name  # type: ignore[no-any-return]
    return None


# --- attribution.yml ----------------------------------------------------------------------------------------


def is_reporting_verb(token: Token) -> bool:
    """ "заявил", "сообщили", "подтвердила", "сообщается"."""
    return token.pos_ in ("VERB", "AUX") and matches(token, listed("attribution", "reporting_verbs"))


def source_phrase_at(doc: Doc, i: int) -> tuple[str, int] | None:
    """ "по данным X", "по словам X", "согласно X", "как сообщили в X" ("claims": X claims what follows) or
    "со ссылкой на X" ("cites": X is cited), starting at token i: which, and the token where X begins."""
    found = None
    for role, phrases in _source_phrases():
        end = phrase_at(doc, i, phrases)
        if end is not None and (found is None or end > found[1]):
            found = (role, end)
    return found


@cache
def _source_phrases() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((role, tuple(phrases)) for role, phrases in sorted(_attribution()["source_phrases"].items()))


def stance_of(token: Token) -> str | None:
    """The stance a cue word takes (stances in the file's order); a negated "подтвердить" denies."""
    data = _attribution()
    for stance, words in data["stances"].items():
        if matches(token, words):
            if stance == "confirms" and _negated(token):
                return "denies"
            return stance  # type: ignore[no-any-return]
    return None


def _negated(token: Token) -> bool:
    before = token.doc[token.i - 1] if token.i else None
    return (before is not None and before.lower_ == "не") or any(c.lower_ == "не" for c in token.children)


def is_denial_at(doc: Doc, i: int) -> int | None:
    """The end of a denial phrase at token i ("не подтвердил", "не соответствует действительности")."""
    return phrase_at(doc, i, listed("attribution", "denial_phrases"))


def withdrawal_at(doc: Doc, i: int) -> int | None:
    """The end of a withdrawal phrase at token i ("публикация удалена", "удалил запись")."""
    return phrase_at(doc, i, listed("attribution", "withdrawal_phrases"))


def hearsay_at(doc: Doc, i: int) -> int | None:
    """The end of an unnamed report at token i ("сообщается", "по сообщениям СМИ", "по одним данным")."""
    return phrase_at(doc, i, listed("attribution", "hearsay"))
