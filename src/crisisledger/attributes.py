"""Parts of speech, morphology and lemmas in one pass: what spaCy's `attribute_ruler` and its rule-based
`lemmatizer` set, set the same, for a fraction of their cost.

Why our own code: in `en_core_web_sm` these two components were a quarter of the CPU time of a parse (14% and
11% over the MEANTIME texts, docs/performance.md), not for what they compute but for how. The ruler runs a
token Matcher of 179 patterns and then, for each match (about one a token), makes a Span and sets the
attributes through Python; the lemmatizer makes a Token, a morphology dict and a string per token. What both
compute is a function of a few attributes of a token (its tag, lowercase form, dependency label and whether
it is space; then its text, part of speech and morphology), so one look-up per distinct combination, kept in
a cache, gives the same attributes, and the Doc is written once per column through `Doc.from_array`.

Exact by construction, and compared attribute by attribute with the stock components in
`tests/test_attributes.py`:

- the patterns are read from the loaded ruler. Each token specification becomes a test with the Matcher's
  meaning (equality; IN and NOT_IN, where the empty string stands for an unset attribute; REGEX, searched in
  the attribute's text), over the attributes the patterns of `en_core_web_sm` read (TAG, LOWER, DEP,
  IS_SPACE). A ruler with anything else (an operator, another attribute, an extension) is left in the
  pipeline as it is (`install` says so by returning False);
- every match is found on the attributes as they were before any is set (the ruler matches the whole Doc
  first), and the matches are applied in the ruler's order, by pattern number, so a later pattern wins;
- a lemma comes from the lemmatizer itself (its `lemmatize`, the first time a text, part of speech and
  morphology are seen; the stock component caches by the same three), for a token whose lemma is unset, as
  the stock component does (or every token, when it overwrites).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

NAME = "crisisledger_attributes"

#: The token attributes a pattern may test: their place in the key of a token (`_Attributes._specs_of`).
_READ = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}

#: The attributes a pattern may set, in the order of the columns written back.
_WRITTEN = (POS, MORPH, TAG, DEP)
_COLUMN = {attr: i for i, attr in enumerate(_WRITTEN)}

#: Entries a cache holds before it is emptied: a cache is keyed by words, and a long ingest meets new words
#: for ever; a miss costs a few microseconds.
_CACHE_LIMIT = 1 << 18

Test = Callable[[tuple[str, str, str, bool]], bool]


class Unsupported(ValueError):
    """A ruler pattern this module cannot read with the Matcher's exact meaning."""


def _value_test(position: int, value: Any) -> Callable[[tuple[str, str, str, bool]], bool]:
    """The Matcher's test of one attribute: `position` in a token's (tag, lower, dep, is_space)."""
    if position == _READ["IS_SPACE"]:
        if not isinstance(value, bool):
            raise Unsupported(f"IS_SPACE {value!r}")
        return lambda token: token[position] == value
    if isinstance(value, str):
        return lambda token: token[position] == value
    if isinstance(value, dict) and len(value) == 1:
        ((operator, operand),) = value.items()
        if operator in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
            members = frozenset(operand)
            if operator == "IN":
                return lambda token: token[position] in members
            return lambda token: token[position] not in members
        if operator == "REGEX" and isinstance(operand, str):
            pattern = re.compile(operand)
            return lambda token: pattern.search(str(token[position])) is not None
    raise Unsupported(f"{value!r}")


def _token_test(spec: dict[str, Any]) -> tuple[Test, tuple[int, frozenset[str]] | None]:
    """One token of a pattern: every attribute it names passes. With it, its gate: the attribute (LOWER, else
    TAG) and the values of it the test can pass with, when it names them (equality or IN), so that a token is
    tried only against the tests its own values open, and the few without a gate."""
    tests, gate = [], None
    for key, value in spec.items():
        if key not in _READ:
            raise Unsupported(f"attribute {key!r}")
        tests.append(_value_test(_READ[key], value))
    for key in ("LOWER", "TAG"):
        value = spec.get(key)
        if isinstance(value, dict) and list(value) == ["IN"]:
            value = value["IN"]
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            gate = (_READ[key], frozenset(value))
            break
    return (lambda token: all(test(token) for test in tests)), gate


@dataclass(frozen=True)
class _Pattern:
    """A ruler's pattern group: its number (its place in the ruler: later ones win), its alternatives (each a
    tuple of token-test numbers), the index of the token it sets in a match, and what it sets."""

    number: int
    alternatives: tuple[tuple[int, ...], ...]
    index: int
    attrs: tuple[tuple[int, int], ...]


class _Attributes:
    """The component: built from a loaded ruler and lemmatizer (which it keeps, for the lemmas)."""

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule":
            raise Unsupported(f"lemmatizer mode {lemmatizer.mode!r}")
        self._vocab = ruler.vocab
        self._lemmatizer = lemmatizer
        self._overwrite = bool(lemmatizer.overwrite)
        tests: list[Test] = []
        known: dict[str, int] = {}  # one test per distinct token specification
        gated: dict[tuple[int, str], list[int]] = {}  # (tag or lower position, value) -> tests it opens
        ungated: list[int] = []
        patterns: list[_Pattern] = []
        # `ruler.patterns`, `ruler.attrs` and `ruler.indices` are the ruler's groups in the order it numbers them
        groups: list[Any] = ruler.patterns
        for number, (group, attrs, index) in enumerate(zip(groups, ruler.attrs, ruler.indices, strict=True)):
            alternatives = []
            for alternative in group["patterns"]:
                if not alternative:
                    raise Unsupported("an empty pattern")
                numbers = []
                for spec in alternative:
                    text = repr(sorted(spec.items()))
                    if text not in known:
                        known[text] = len(tests)
                        test, gate = _token_test(spec)
                        if gate is None:
                            ungated.append(len(tests))
                        else:
                            for value in sorted(gate[1]):
                                gated.setdefault((gate[0], value), []).append(len(tests))
                        tests.append(test)
                    numbers.append(known[text])
                alternatives.append(tuple(numbers))
            if not set(attrs) <= {*_WRITTEN, LEMMA}:
                raise Unsupported(f"sets {sorted(attrs)}")
            patterns.append(_Pattern(number, tuple(alternatives), index, tuple(attrs.items())))
        self._tests, self._gated, self._ungated = tests, gated, ungated
        single = [p for p in patterns if all(len(a) == 1 for a in p.alternatives)]
        self._single: dict[int, list[_Pattern]] = {}  # test -> the one-token patterns it matches
        for pattern in single:
            for (number,) in pattern.alternatives:
                self._single.setdefault(number, []).append(pattern)
        self._multiple = [p for p in patterns if any(len(a) > 1 for a in p.alternatives)]
        # a position is looked at for a longer pattern only if its token passes one of their first tests
        self._starts = frozenset(a[0] for p in self._multiple for a in p.alternatives)
        self._matches: dict[tuple[int, int, int, int], tuple[frozenset[int], tuple[_Pattern, ...]]] = {}
        self._lemmas: dict[tuple[int, int, int], str] = {}

    def _specs_of(self, key: tuple[int, int, int, int]) -> tuple[frozenset[int], tuple[_Pattern, ...]]:
        """The token tests a token with this (tag, lower, dep, is_space) passes, and the one-token patterns
        that match it, in the ruler's order."""
        found = self._matches.get(key)
        if found is None:
            strings = self._vocab.strings
            token = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
            candidates = {*self._gated.get((0, token[0]), ()), *self._gated.get((1, token[1]), ()), *self._ungated}
            passed = frozenset(i for i in candidates if self._tests[i](token))
            matched = {p.number: p for i in passed for p in self._single.get(i, ())}
            single = tuple(matched[number] for number in sorted(matched))
            if len(self._matches) >= _CACHE_LIMIT:
                self._matches.clear()
            found = self._matches[key] = (passed, single)
        return found

    def _matched(self, keys: numpy.ndarray) -> list[list[_Pattern]]:
        """For each token, the patterns that set it, in the ruler's order."""
        found = [self._specs_of(key) for key in map(tuple, keys.tolist())]
        per_token: list[list[_Pattern]] = [list(single) for _, single in found]
        if self._multiple:
            extra = False
            for start, (passed, _) in enumerate(found):
                if passed.isdisjoint(self._starts):
                    continue
                for pattern in self._multiple:
                    # the Matcher gives one match per (start, end): alternatives of one length are one match
                    sizes = sorted({len(a) for a in pattern.alternatives if self._fits(found, start, a)})
                    for size in sizes:
                        per_token[start + (pattern.index if pattern.index >= 0 else size + pattern.index)].append(
                            pattern
                        )
                        extra = True
            if extra:
                for patterns in per_token:
                    patterns.sort(key=lambda p: p.number)
        return per_token

    @staticmethod
    def _fits(found: Sequence[tuple[frozenset[int], Any]], start: int, alternative: tuple[int, ...]) -> bool:
        if start + len(alternative) > len(found):
            return False
        return all(test in found[start + offset][0] for offset, test in enumerate(alternative))

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        read = doc.to_array([TAG, LOWER, DEP, IS_SPACE, ORTH, POS, MORPH, LEMMA])
        written = read[:, [5, 6, 0, 2]]  # POS, MORPH, TAG, DEP as _WRITTEN orders them (a copy: fancy indexing)
        lemmas = read[:, 7].copy()
        for i, patterns in enumerate(self._matched(read[:, 0:4])):
            for pattern in patterns:
                for attr, value in pattern.attrs:
                    if attr == LEMMA:
                        lemmas[i] = value
                    else:
                        written[i, _COLUMN[attr]] = value
        doc.from_array(list(_WRITTEN), cast(Any, written))  # spaCy's stubs name Ints2d, numpy's are fine
        strings = self._vocab.strings
        orths = read[:, 4].tolist()
        parts = written[:, 0].tolist()
        forms = written[:, 1].tolist()
        for i, lemma in enumerate(lemmas.tolist()):
            if lemma and not self._overwrite:
                continue
            key = (orths[i], parts[i], forms[i])
            text = self._lemmas.get(key)
            if text is None:
                text = self._lemmatizer.lemmatize(doc[i])[0]
                if len(self._lemmas) >= _CACHE_LIMIT:
                    self._lemmas.clear()
                self._lemmas[key] = text
            # the string is added again each time: inside a memory zone it is forgotten when the zone ends
            lemmas[i] = strings.add(text)
        doc.from_array([LEMMA], cast(Any, lemmas.reshape(-1, 1)))
        return doc


@Language.factory(NAME)
def _make(nlp: Language, name: str) -> _Attributes:
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    assert isinstance(ruler, AttributeRuler) and isinstance(lemmatizer, Lemmatizer)  # `install` checked
    return _Attributes(ruler, lemmatizer)


def install(nlp: Language) -> bool:
    """Put the one-pass component in place of `attribute_ruler` and `lemmatizer` when the pipeline has both,
    the lemmatizer right after the ruler, and every pattern can be read exactly; else leave the pipeline as it
    is. True when installed."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names or NAME in names:
        return False
    if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return False
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    if not isinstance(ruler, AttributeRuler) or not isinstance(lemmatizer, Lemmatizer):
        return False
    try:
        nlp.add_pipe(NAME, after="lemmatizer")
    except Unsupported:
        return False
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    return True
