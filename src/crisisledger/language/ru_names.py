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

The same names make the report's actors (`actors`: one per person and body, in the nominative, with the
BGN/PCGN romanisation and, for a body patterns/ru/aliases.yml knows, its English canonical name as aliases),
and let a Russian claimant meet an English one (`english_name`, `equivalents`: "МВД Казахстана" is the
"Ministry of Internal Affairs"; reconcile/lines.py reads them). docs/language.md, section 9.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from ..records import Actor, Evidence, Place, record_id
from .translit import to_latin

if TYPE_CHECKING:  # spaCy only for the annotations: reconcile imports `equivalents` without parsing anything
    from spacy.tokens import Doc, Span, Token

__all__ = ["actors", "claimant", "english_name", "equivalents", "nominative", "phrase"]

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
    doc = token.doc
    start = end = token.i
    while start - 1 in words or _set_off(doc, start - 1, words):
        start -= 1
    while end + 1 in words or _set_off(doc, end + 1, words):
        end += 1
    return _trimmed(doc[start : end + 1], token)


def _set_off(doc: Doc, i: int, words: set[int]) -> bool:
    """Whether token i is a comma or dash before a word of the phrase in apposition ("Игоря Кобзева,
    губернатора Иркутской области"): it belongs inside the phrase's span."""
    return (
        0 <= i < len(doc) - 1
        and doc[i].text in (",", "—", "–")
        and i - 1 in words
        and i + 1 in words
        and doc[i + 1].dep_ == "appos"
    )


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
            # the parts of a name are declined each by its own case ("Фетхуллу Гюлена": the tagger may read
            # the accusative of the first name and the genitive of the surname)
            if child.i in inside and child.dep_ in _AGREEING_DEPS and (_agrees(child, word) or _name_part(child)):
                found.add(child.i)
                stack.append(child)
    return found


def _name_part(token: Token) -> bool:
    return token.dep_ in ("flat", "flat:name") and token.ent_type_ == "PERSON"


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
    return not token.ent_type_ and _capital_for_the_sentence(token)


def _capital_for_the_sentence(token: Token) -> bool:
    """Whether the word starts its sentence and is, in lower case, a common word pymorphy3 knows."""
    text = token.text
    if not token.is_sent_start or not text[:1].isupper() or (len(text) > 1 and text.isupper()):
        return False
    from .ru_numbers import parses as morph  # pymorphy3's readings, shared and cached

    parses = morph(text.lower())
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
    from .ru_numbers import parses as morph  # pymorphy3's readings, shared and cached

    parses = morph(word)
    parse = _fitting(parses, pos, case, number, gender)
    if parse is None and pos == "PROPN":
        # the tagger may give a woman's surname a man's gender ("Белецкой"): a name or surname of the right
        # case, of either gender
        names = [p for p in parses if any(g in p.tag for g in ("Name", "Surn", "Patr"))]
        parse = _fitting(names, pos, case, number, None)
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


# --- bodies known in English --------------------------------------------------------------------------------


def english_name(name: str) -> str | None:
    """The English canonical name of the body a Russian name stands for, by patterns/ru/aliases.yml
    ("МВД Казахстана", "Министерства внутренних дел", "казахстанское МВД" -> "Ministry of Internal Affairs"),
    its country and a bracketed role left out; None for a name the table does not know."""
    return _english_name(_without_role(name))


def official_title(name: str) -> str | None:
    """The English word for the state office a Russian title or name heads with, by patterns/ru/aliases.yml
    `titles` ("министр здравоохранения" -> "Minister", "президент Казахстана" -> "President"); None otherwise. A
    Russian title's head is its first word, an English one's its last: so Russian titles are read here, for
    `reconcile.lines.is_official`, never as an entity's name."""
    words = _lemmas(_without_role(name)) if _is_cyrillic(name) else ()
    table = _title_table()
    for size in (2, 1):
        if len(words) >= size and (found := table.get(" ".join(words[:size]))) is not None:
            return found
    return None


@cache
def _title_table() -> dict[str, str]:
    return {" ".join(_lemmas(title)): english for english, titles in _aliases()["titles"].items() for title in titles}


def equivalents(name: str) -> tuple[str, ...]:
    """The Latin names a Russian claimant or actor may go by in English reports: the English canonical name of a
    body the alias table knows, and the BGN/PCGN romanisation of a proper name ("Токаев" -> "Tokayev"). Empty for
    a name in Latin letters, or a Russian common noun phrase ("врачи": no romanisation matches English)."""
    bare = _without_role(name)
    if not _is_cyrillic(bare):
        return ()
    found = [_english_name(bare)]
    if any(word[:1].isupper() for word in bare.split()):
        found.append(to_latin(bare))
    return tuple(dict.fromkeys(n for n in found if n and n != bare))


def _without_role(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name).strip() or name


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


@lru_cache(maxsize=4096)
def _english_name(name: str) -> str | None:
    if not _is_cyrillic(name):
        return None
    table = _alias_table()
    for words in _bodies(_lemmas(name)):
        found = table.get(" ".join(words))
        if found is not None:
            return found
    return None


@cache
def _aliases() -> dict[str, Any]:
    from .profile import profile

    return profile("ru").lexicon("aliases")  # type: ignore[no-any-return]


@cache
def _alias_table() -> dict[str, str]:
    """Each Russian alias, by its words' dictionary forms, to its English canonical name."""
    table: dict[str, str] = {}
    for english, names in _aliases()["organisations"].items():
        for name in names:
            key = " ".join(_lemmas(name))
            if table.setdefault(key, english) != english:
                raise ValueError(f"patterns/ru/aliases.yml: {name!r} is listed under {table[key]!r} and {english!r}")
    return table


def _lemmas(name: str) -> tuple[str, ...]:
    """A name's words by dictionary form, lower case, "ё" as "е", quotes and punctuation left out."""
    return tuple(_lemma(word) for word in re.findall(r"[^\W_]+(?:-[^\W_]+)*", name.lower().replace("ё", "е")))


@lru_cache(maxsize=16384)
def _lemma(word: str) -> str:
    from .ru_numbers import parses as morph  # pymorphy3's readings, shared and cached

    parses = morph(word)
    # a name's words are nouns and adjectives: "дел" is "дело", not the verb "деть"
    fitting = [p for p in parses if p.tag.POS in ("NOUN", "ADJF", "PRTF")] or parses
    return str(fitting[0].normal_form).replace("ё", "е") if fitting else word


def _bodies(words: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    """The name, then without the country after it ("мвд казахстан", "минздрав республика казахстан") and a
    nationality adjective before it ("казахстанский мвд"): the alias table, like the English one, names bodies
    without their country."""
    yield words
    end = len(words)
    while end > 1 and _is_country_word(words[end - 1]):
        end -= 1
    start = 1 if end - 1 > 0 and _is_nationality(words[0]) else 0
    if (start, end) != (0, len(words)):
        yield words[start:end]


def _is_country_word(lemma: str) -> bool:
    if lemma in _aliases()["country_words"]:
        return True
    from .ru_numbers import parses as morph  # pymorphy3's readings, shared and cached

    return any("Geox" in p.tag for p in morph(lemma))


def _is_nationality(lemma: str) -> bool:
    """ "казахстанский", "российский": an adjective of a country (pymorphy3 tags no nationality, but these end
    so and the adjectives of bodies' names, "внутренний", "генеральный", "следственный", do not)."""
    return len(lemma) > 4 and lemma.endswith("ский")


# --- actors -------------------------------------------------------------------------------------------------

#: Head words of a description that names an organisation rather than people ("англоязычный сайт талибов").
_ORGANISATION_HEADS = frozenset(
    {
        "министерство", "ведомство", "комитет", "департамент", "управление", "служба", "агентство", "полиция",
        "правительство", "администрация", "прокуратура", "суд", "армия", "партия", "движение", "организация",
        "издание", "сайт", "телеканал", "канал", "газета", "штаб", "совет", "парламент", "власть", "офис",
    }
)  # fmt: skip


@dataclass
class _Found:
    """An actor as it is gathered: its forms in the nominative, in order of first mention."""

    type: str
    first: tuple[int, int]  # characters of its first mention
    forms: dict[str, None] = field(default_factory=dict)  # an ordered set
    latin: dict[str, None] = field(default_factory=dict)  # Latin names the text gives it ("(Abdullah Hsrat)")
    country: str | None = None


def actors(
    doc: Doc,
    evidence: Callable[[int, int], Evidence],
    document_id: str,
    described: Iterable[Token] = (),
) -> list[Actor]:
    """One actor per person and organisation a Russian report names (a Doc of `language.russian`), in order of
    first mention, under its name in the nominative ("Министерство внутренних дел", "Сергей Аксёнов").

    `evidence(start, end)` makes the evidence of characters of the Doc's text (`Context.evidence`);
    `document_id` makes the actors' ids. `described` are the heads of speakers' and claimants' phrases that
    name no entity ("англоязычный сайт талибов"), which are actors too, as in English (plurals of a kind in
    lower case, "врачи", "представители полиции", are not one actor).

    The forms of one actor are joined: a surname with the one full name that ends with it ("аль-Моджеб" with
    "Сауд аль-Моджеб"), an abbreviation with its full name when the alias table gives both one English name
    ("МВД", "Министерство внутренних дел"). The fullest form is the name; the aliases are the other forms, the
    English canonical name, the BGN/PCGN romanisation of the name and any Latin name the text gives in
    brackets. The country is the one the report names after a body ("МВД Казахстана") or a country that acts.
    """
    found: dict[str, _Found] = {}
    for entity in doc.ents:
        kind = _entity_type(entity)
        if kind is None:
            continue
        tokens = [t for t in entity if not _in_brackets(t)]
        if not tokens or _not_an_actor(tokens):
            continue
        name = _nominative(tokens, _root_of(tokens))
        place = _country(tokens) if kind == "country" else None
        country = place.country_code if place else _country_after(entity) if kind == "organization" else None
        if kind == "person":
            country = _country_of_role(entity)
        actor = found.setdefault(_actor_key(name, kind), _Found(kind, (entity.start_char, entity.end_char)))
        actor.forms.setdefault(name, None)
        actor.latin.update(dict.fromkeys([*_latin_in_brackets(entity), *([place.name] if place else [])]))
        actor.country = actor.country or country
    for head in described:
        span = phrase(head)
        name = nominative(span)
        if any(t.ent_type_ for t in span) or _a_kind_of_many(span.root, name):
            continue
        kind = "organization" if _lemma(span.root.text.lower()) in _ORGANISATION_HEADS else "person"
        actor = found.setdefault(_actor_key(name, kind), _Found(kind, (span.start_char, span.end_char)))
        actor.forms.setdefault(name, None)
    return [_actor(actor, evidence, document_id) for actor in sorted(_joined(found).values(), key=lambda a: a.first)]


def _not_an_actor(tokens: Sequence[Token]) -> bool:
    """A kind of source ("СМИ", the media: generic, as "the media" is in English), or one word that the NER
    took for a name for its capital, which it has only for starting the sentence ("Зять", "Потрясен")."""
    if len(tokens) != 1:
        return False
    token = tokens[0]
    if token.ent_type_ == "PERSON" and token.pos_ in ("VERB", "ADJ", "AUX"):
        return True  # "Потрясен этой страшной трагедией": a participle, not a surname
    if _lemma(token.text.lower()) in _aliases()["not_actors"]:
        return True
    return _capital_for_the_sentence(token) and not _surname_at_the_start(token)


def _surname_at_the_start(token: Token) -> bool:
    """ "Токаев, президент Казахстана, ...": a surname the NER found at the start of a sentence, which pymorphy3
    reads first as a rare common word in an oblique case ("токаев" as the genitive plural of "токай"). A common
    word starting a sentence as a name would be its subject, in the nominative ("Зять", "Очевидцы"); so a
    proper noun the NER calls a person whose common reading is in no nominative is kept as a name."""
    if token.ent_type_ != "PERSON" or token.pos_ != "PROPN":
        return False
    from .ru_numbers import parses as morph  # pymorphy3's readings, shared and cached

    known = [p for p in morph(token.text.lower()) if p.is_known]
    return bool(known) and not any(p.tag.case == "nomn" for p in known)


def _entity_type(entity: Span) -> str | None:
    if entity.label_ == "PERSON":
        return "person"
    if entity.label_ == "ORG":
        return "organization"
    if entity.label_ == "GPE" and entity.root.dep_ in ("nsubj", "nsubj:pass"):
        # a country is an actor when it acts ("Россия направила войска"), as in English
        return "country" if _country_code(list(entity)) else None
    return None


def _actor_key(name: str, kind: str) -> str:
    """What makes two forms one actor: the English name of a body the alias table knows, else the name folded."""
    english = _english_name(name) if kind == "organization" else None
    return f"{kind}|{english or name.lower().replace('ё', 'е')}"


def _joined(found: dict[str, _Found]) -> dict[str, _Found]:
    """A person named by one word (a surname) joins the one person named in full whose last word it is."""
    people = [key for key, actor in found.items() if actor.type == "person"]
    for key in people:
        if " " in key or key not in found:
            continue
        fuller = [k for k in people if k in found and " " in k and k.split(" ")[-1] == key.split("|")[1]]
        if len(fuller) == 1:
            actor, target = found[key], found[fuller[0]]
            target.forms.update(actor.forms)
            target.latin.update(actor.latin)
            target.first = min(target.first, actor.first)
            del found[key]
    return found


def _actor(actor: _Found, evidence: Callable[[int, int], Evidence], document_id: str) -> Actor:
    name = max(actor.forms, key=lambda form: len(form.split()))  # the fullest form; the first of equals
    english = _english_name(name) if actor.type == "organization" else None
    others = [form for form in actor.forms if form != name]
    aliases = dict.fromkeys(a for a in (*others, english, *equivalents(name), *actor.latin) if a and a != name)
    return Actor(
        id=record_id("act", document_id, name),
        document_id=document_id,
        name=name,
        type=actor.type,
        evidence=evidence(*actor.first),
        aliases=tuple(aliases),
        country=actor.country,
    )


def _country_after(entity: Span) -> str | None:
    """The country a body's name is followed by in the genitive ("МВД Казахстана", "Минздрав Украины")."""
    doc = entity.doc
    if entity.end >= len(doc):
        return None
    after = doc[entity.end]
    if after.ent_type_ != "GPE" or after.head.i not in range(entity.start, entity.end):
        return None
    end = entity.end + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return _country_code(list(doc[entity.end : end]))


def _country_of_role(entity: Span) -> str | None:
    """The country of a person's role ("Президент Казахстана Касым-Жомарт Токаев"): a country in the genitive
    after the role noun the name stands in apposition to."""
    root = entity.root
    if root.dep_ != "appos" or root.head.pos_ != "NOUN":
        return None
    for child in root.head.children:
        if child.dep_ == "nmod" and child.ent_type_ == "GPE" and child.i < root.i:
            code = _country_code([child])
            if code:
                return code
    return None


def _country_code(tokens: Sequence[Token]) -> str | None:
    place = _country(tokens)
    return place.country_code if place is not None else None


def _country(tokens: Sequence[Token]) -> Place | None:
    """The country a Cyrillic place name is (its English gazetteer place), None for any other place."""
    from .ru_places import resolve

    place = resolve(tokens)
    return place if place is not None and place.level == "country" else None


def _latin_in_brackets(entity: Span) -> list[str]:
    """The Latin name in brackets a name is given ("Абдулла Хсрат (Abdullah Hsrat)"), inside the entity or
    right after it."""
    doc = entity.doc
    start = next((t.i for t in entity if t.text == "("), entity.end if entity.end < len(doc) else None)
    if start is None or doc[start].text != "(":
        return []
    end = next((t.i for t in doc[start + 1 : min(start + 8, len(doc))] if t.text == ")"), None)
    if end is None:
        return []
    text = doc[start + 1 : end].text.strip()
    return [text] if text and _is_latin(text) else []


def _a_kind_of_many(head: Token, name: str) -> bool:
    """ "врачи", "представители полиции": a plural of a kind, in lower case, is no one actor."""
    return "Plur" in head.morph.get("Number", []) and not any(w[:1].isupper() for w in name.split())
