"""Russian names and noun phrases in the nominative: who a Russian report says claims a figure, named as a
ledger names it ("по словам шерифа округа Харрис Эда Гонзалеса" -> "Эд Гонзалес (шериф округа Харрис)").

A Russian name declines with the sentence around it: "МВД", "Министерства внутренних дел", "шерифу Эду
Гонзалесу". The ledger keeps one form, the nominative, as the text names it otherwise (words and capitals
as written). Three steps, each on a Doc of the Russian pipeline (`language.russian`):

- `phrase(token)`: the name or noun phrase a token heads, read from the UD tree: its adjectives before it,
  its genitive chain ("Министерства внутренних дел Казахстана"), names in apposition ("шерифа округа Харрис
  Эда Гонзалеса"), quoted names («Талибана»); not a prepositional phrase outside a name, a participle or
  relative clause, a number or a bracketed aside.
- `nominative(span)`: the phrase with its head, and the words that agree with the head (its adjectives and
  participles, the parts of a person's name, names in apposition or joined by "и"), put in the nominative
  by pymorphy3, number kept ("афганских властей" -> "афганские власти"); the other words keep their case
  ("Министерства внутренних дел" -> "Министерство внутренних дел").
- `claimant(token)`: a person named with a role is "Name (role)", the gold convention of
  `wikinews-ru-crises`; anything else is the nominative of its phrase.

Which parse of a word to inflect is chosen by the pipeline's own reading of it (slovnet's case, number and
gender), since pymorphy3 alone cannot tell "Аксёнова" (his, genitive) from "Аксёнова" (she, nominative).
Names pymorphy3 does not know as men's names ("Эда" is only a woman's name to it) are declined by their
endings, from the case and gender the pipeline gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from spacy.tokens import Span, Token

__all__ = ["claimant", "nominative", "phrase"]

#: Dependents that belong to a name or noun phrase (UD labels, as the Russian pipeline gives them).
_PHRASE_DEPS = {"amod", "nmod", "appos", "flat", "flat:name", "flat:foreign", "compound", "conj", "cc", "punct"}
#: Dependents that agree with their head when they share its case: declined with it.
_AGREEING_DEPS = {"amod", "appos", "flat", "flat:name", "flat:foreign", "conj"}
#: Quotation marks that may enclose a name («Талибан», "Хамас").
_QUOTES = {"«", "»", '"', "„", "“", "”"}
#: slovnet's cases as pymorphy3's grammemes.
_CASES = {
    "Nom": {"nomn"},
    "Gen": {"gent", "gen1", "gen2"},
    "Dat": {"datv"},
    "Acc": {"accs"},
    "Ins": {"ablt"},
    "Loc": {"loct", "loc1", "loc2"},
    "Voc": {"voct"},
    "Par": {"gen2"},
}
_NUMBERS = {"Sing": "sing", "Plur": "plur"}
_GENDERS = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
#: Endings of a man's name or surname in an oblique case, and what replaces them in the nominative, for
#: names pymorphy3 does not decline as a man's ("Эда" -> "Эд", "Гонзалесу" -> "Гонзалес"); longest first.
_MASCULINE_ENDINGS = {
    "Gen": (("ея", "ей"), ("ия", "ий"), ("я", "ь"), ("а", "")),
    "Acc": (("ея", "ей"), ("ия", "ий"), ("я", "ь"), ("а", "")),
    "Dat": (("ею", "ей"), ("ию", "ий"), ("ю", "ь"), ("у", "")),
    "Ins": (("еем", "ей"), ("ием", "ий"), ("ем", "ь"), ("ом", "")),
    "Loc": (("ее", "ей"), ("ии", "ий"), ("е", "")),
}


# --- the phrase ---------------------------------------------------------------------------------------------


def phrase(token: Token) -> Span:
    """The name or noun phrase headed by the token, as a span of its Doc (contiguous: the run of the phrase's
    words around the token)."""
    words = {token.i}
    _gather(token, token, words)
    start = end = token.i
    while start - 1 in words:
        start -= 1
    while end + 1 in words:
        end += 1
    return _trimmed(token.doc[start : end + 1], token)


def _gather(head: Token, root: Token, words: set[int]) -> None:
    for child in head.children:
        if _belongs(child, head, root):
            words.add(child.i)
            _gather(child, root, words)


def _belongs(child: Token, head: Token, root: Token) -> bool:
    """Whether a dependent is part of the phrase its head is in."""
    dep = child.dep_
    if dep not in _PHRASE_DEPS or _in_brackets(child):
        return False
    if dep == "punct":
        return child.text in _QUOTES  # «Талибана»; commas end the phrase
    if dep == "amod":
        # "афганских властей"; a participle after its noun starts a clause ("власти, задержавшие ...")
        return child.i < head.i or not list(child.children)
    if dep == "cc":
        # UD hangs "и" on the second conjunct ("Интерфакса и РБК"): it belongs when that conjunct does
        return head.dep_ == "conj" and head.i != root.i
    if dep == "conj":
        # names joined by "и" are one claimant ("Интерфакс и РБК", "издания Tolo и Pajhwok"); common nouns
        # joined are two ("врачи и полиция")
        return _is_name(child) and (_is_name(head) or head.i != root.i)
    if dep == "nmod" and _has_preposition(child):
        return _same_entity(child, head)  # "из Казахстана" is not part of a name, "Департамент полиции по ..." is
    return child.pos_ in ("NOUN", "PROPN", "ADJ", "X", "NUM") or dep.startswith("flat")


def _is_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or bool(token.ent_type_) or _is_latin(token.text)


def _has_preposition(token: Token) -> bool:
    return any(c.dep_ == "case" and c.i < token.i for c in token.children)


def _same_entity(a: Token, b: Token) -> bool:
    return bool(a.ent_type_) and a.ent_type_ == b.ent_type_ and _entity_start(a) == _entity_start(b)


def _entity_start(token: Token) -> int:
    i = token.i
    while i > 0 and token.doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _in_brackets(token: Token) -> bool:
    """Whether the token is inside round brackets opened in its sentence ("Абдулла Хсрат (Abdullah Hsrat)")."""
    depth = 0
    for t in token.doc[token.sent.start : token.i]:
        depth += (t.text == "(") - (t.text == ")")
    return depth > 0 or token.text in ("(", ")")


def _trimmed(span: Span, token: Token) -> Span:
    """The span without quotes left unbalanced at its edges (a name's closing quote hung on the next word)."""
    start, end = span.start, span.end
    while start < token.i and span.doc[start].text in _QUOTES and not _closes_within(span.doc, start, end):
        start += 1
    while end - 1 > token.i and span.doc[end - 1].text in _QUOTES and not _opens_within(span.doc, start, end - 1):
        end -= 1
    return span.doc[start:end]


def _closes_within(doc: Any, start: int, end: int) -> bool:
    return any(doc[i].text in _QUOTES for i in range(start + 1, end))


def _opens_within(doc: Any, start: int, end: int) -> bool:
    return any(doc[i].text in _QUOTES for i in range(start, end))


# --- the nominative -----------------------------------------------------------------------------------------


def nominative(span: Span) -> str:
    """The phrase with its head and the words agreeing with it in the nominative, the rest as written."""
    return _nominative(list(span), span.root)


def _nominative(tokens: Sequence[Token], head: Token) -> str:
    inside = {t.i for t in tokens}
    agreeing = _agreeing(head, inside)
    parts = []
    for n, token in enumerate(tokens):
        text = _to_nominative(token, head) if token.i in agreeing else token.text
        if n == 0 and _capital_of_sentence(token):
            text = text[:1].lower() + text[1:]  # "Представители полиции сообщили" -> "представители полиции"
        space = token.whitespace_ if n + 1 < len(tokens) and tokens[n + 1].i == token.i + 1 else " "
        parts.append(text + space)
    return "".join(parts).strip()


def _agreeing(head: Token, inside: set[int]) -> set[int]:
    """The head and, through the tree, every word in the phrase that agrees with it in case."""
    found = {head.i}
    stack = [head]
    while stack:
        word = stack.pop()
        for child in word.children:
            if child.i in inside and child.dep_ in _AGREEING_DEPS and _agrees(child, word):
                found.add(child.i)
                stack.append(child)
    return found


def _agrees(child: Token, head: Token) -> bool:
    """Same case as its head (an unknown case agrees: foreign and indeclinable words are left as they are)."""
    mine, theirs = child.morph.get("Case", []), head.morph.get("Case", [])
    return not mine or not theirs or mine == theirs


def _to_nominative(token: Token, head: Token) -> str:
    """One word in the nominative, capitals (and "е" for "ё") as the text writes it."""
    text = token.text
    case = _feature(token, "Case")
    if token.i == head.i and token.dep_ in ("nsubj", "nsubj:pass") and not _counted(token):
        case = "Nom"  # a subject is in the nominative whatever the tagger says ("Издания Tolo сообщают")
    if not any(c.isalpha() for c in text) or _is_latin(text) or case in (None, "Nom"):
        return text
    word = _inflected(text.lower(), token.pos_, case, _feature(token, "Number"), _gender(token, head))
    if word is None:
        word = _masculine_name(text.lower(), case) if _is_mans_name(token) else None
    return text if word is None else _as_written(word, text)


def _counted(token: Token) -> bool:
    """ "пять человек": a noun after a number is in the genitive, even as a subject."""
    return any(c.dep_.startswith("nummod") for c in token.children)


def _capital_of_sentence(token: Token) -> bool:
    """Whether the word has a capital only because it starts its sentence: not a name (no entity, and
    pymorphy3 reads it as a known common word), not an abbreviation."""
    text = token.text
    if not token.is_sent_start or not text[:1].isupper() or token.ent_type_ or (len(text) > 1 and text.isupper()):
        return False
    from .ru_numbers import _analyzer  # pymorphy3, opened once

    parses = _analyzer().parse(text.lower())
    proper = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr")
    return bool(parses) and parses[0].is_known and not any(g in parses[0].tag for g in proper)


def _feature(token: Token, name: str) -> str | None:
    values = token.morph.get(name, [])
    return values[0] if values else None


def _gender(token: Token, head: Token) -> str | None:
    return _feature(token, "Gender") or _feature(head, "Gender")


def _is_latin(text: str) -> bool:
    return any("a" <= c.lower() <= "z" for c in text) and not any("\u0400" <= c <= "\u04ff" for c in text)


@lru_cache(maxsize=16384)
def _inflected(word: str, pos: str, case: str, number: str | None, gender: str | None) -> str | None:
    """pymorphy3's nominative of the parse that fits the pipeline's reading; None when no parse fits."""
    from .ru_numbers import _analyzer  # pymorphy3, opened once

    parse = _fitting(_analyzer().parse(word), pos, case, number, gender)
    if parse is None:
        return None
    if "nomn" in parse.tag:
        return word
    wanted = {"nomn"}
    if parse.tag.number == "plur" and parse.tag.POS in ("ADJF", "PRTF"):
        wanted.add("plur")
    form = parse.inflect(wanted)
    return None if form is None else str(form.word)


def _fitting(parses: Iterable[Any], pos: str, case: str, number: str | None, gender: str | None) -> Any:
    """The parse whose part of speech, case, number and gender are the pipeline's; gender and number may be
    missing from either side, the case may not."""
    kinds = {"ADJ": ("ADJF", "PRTF"), "VERB": ("PRTF",), "DET": ("ADJF", "NPRO")}.get(pos, ("NOUN",))
    cases = _CASES.get(case, set())
    best = None
    for parse in parses:
        tag = parse.tag
        if tag.POS not in kinds or tag.case not in cases:
            continue
        if number and tag.number and tag.number != _NUMBERS.get(number) and "Sgtm" not in tag and "Pltm" not in tag:
            continue
        if gender and tag.gender and tag.number != "plur" and tag.gender != _GENDERS.get(gender):
            continue
        if best is None or _rank(parse, pos) > _rank(best, pos):
            best = parse
    return best


def _rank(parse: Any, pos: str) -> tuple[bool, float]:
    """A proper noun's parse as a name or surname before a common noun's; then pymorphy3's score."""
    return (pos == "PROPN" and any(g in parse.tag for g in ("Name", "Surn", "Patr", "Geox", "Orgn")), parse.score)


def _is_mans_name(token: Token) -> bool:
    return (token.pos_ == "PROPN" or token.ent_type_ == "PERSON") and _feature(token, "Gender") == "Masc"


def _masculine_name(word: str, case: str) -> str | None:
    """A man's name or surname put back in the nominative by its ending ("эда" -> "эд", "гонзалесу" ->
    "гонзалес", "игоря" -> "игорь"): for names pymorphy3 knows only as a woman's, or not at all."""
    for ending, nominative_ending in _MASCULINE_ENDINGS.get(case, ()):
        if word.endswith(ending) and len(word) > len(ending) + 1:
            return word[: len(word) - len(ending)] + nominative_ending
    return None


def _as_written(word: str, written: str) -> str:
    """The inflected word with the written word's capitals, letter by letter ("аль-моджеб" after
    "аль-Моджеба" -> "аль-Моджеб"), all capitals kept, and "е" where the text does not write "ё"."""
    if "ё" not in written.lower():
        word = word.replace("ё", "е")
    if len(written) > 1 and written.isupper():
        return word.upper()
    return "".join(c.upper() if i < len(written) and written[i].isupper() else c for i, c in enumerate(word))


# --- the claimant -------------------------------------------------------------------------------------------


def claimant(token: Token, role: bool = True) -> str:
    """The claimant named by the phrase the token is in: "Эд Гонзалес (шериф округа Харрис)" for a person
    named with a role (the gold's convention; "Эд Гонзалес" with `role=False`, as English claimants are
    stored), else the phrase in the nominative ("МВД Казахстана", "афганские власти")."""
    head = _role_of(token)
    span = phrase(head)
    person = _person_in(span, head)
    if person is None:
        return nominative(span)
    name_tokens = [t for t in span if t.i in person]
    role_tokens = [t for t in span if t.i not in person and t.text not in _QUOTES and t.pos_ != "PUNCT"]
    name = _nominative(name_tokens, _root_of(name_tokens))
    if not role_tokens or not role:
        return name
    return f"{name} ({_nominative(role_tokens, _root_of(role_tokens))})"


def _role_of(token: Token) -> Token:
    """The head of a name's phrase: the role noun a person's name stands in apposition to ("шерифа ... Эда
    Гонзалеса" for "Эда" or "Гонзалеса"), the first part of a name for its other parts."""
    while token.dep_ in ("flat", "flat:name", "flat:foreign") and token.head.i != token.i:
        token = token.head
    if token.dep_ == "appos" and token.head.pos_ == "NOUN" and _agrees(token, token.head):
        return token.head
    return token


def _person_in(span: Span, head: Token) -> set[int] | None:
    """The tokens of the person's name the phrase is about: the head itself, or a name in apposition to it in
    the same case ("судья ... Марк Хенри"); not a person in another case ("сын Ивана Петрова")."""
    for entity in span.doc.ents:  # the doc's: an entity may run on past the phrase ("Хсрат (Hsrat)")
        if entity.label_ != "PERSON" or entity.end <= span.start or entity.start >= span.end:
            continue
        root = entity.root
        tokens = {t.i for t in entity} | {c.i for t in entity for c in t.children if c.dep_ == "flat:name"}
        if root.i == head.i or (root.head.i == head.i and root.dep_ in ("appos", "flat", "flat:name", "nmod")):
            if _agrees(root, head) or root.i == head.i:
                return {i for i in tokens if span.start <= i < span.end}
    return None


def _root_of(tokens: Sequence[Token]) -> Token:
    """The token of a set whose head is outside it (the first such)."""
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])
