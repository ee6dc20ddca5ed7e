"""Who is named in a report, under one canonical name each, and what "the ministry" or "he" refers back to.

spaCy's small model finds most organisations and people but splits or mislabels ministries ("the (ministry
of the Interior" comes out as two ORGs), so ministries are also found with a pattern, and every name goes
through the alias table in patterns/aliases.yml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from .. import patterns

_ARTICLES = ("the ", "a ", "an ")
#: Who speaks for an organisation without a name of their own: the organisation is the claimant.
_VOICES = ("spokesman", "spokeswoman", "spokesperson", "press service", "press office", "press secretary")
#: A ministry named in the text ("the Kazakh Ministry of Health", "Interior Ministry"). Its words are joined by
#: spaces on one line: a name never runs across a line break, as a one-word headline would into the body.
_GAP = r"[ \t\u00a0]+"
_MINISTRY = re.compile(
    rf"\b(?:the{_GAP})?(?:(?P<adj>[A-Z][a-z]+){_GAP})?(?:"
    rf"\(?[Mm]inistry\)?{_GAP}(?:of|for){_GAP}(?:the{_GAP})?(?P<of>[A-Z][\w'-]*(?:{_GAP}(?:and{_GAP})?[A-Z][\w'-]*)*)"
    rf"|(?P<pre>[A-Z][\w-]*(?:{_GAP}[A-Z][\w-]*)*){_GAP}\(?[Mm]inistry\)?)"
)
_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_ORG_PRONOUNS = {"it", "its"}
_GENERIC_HEADS = {"source", "sources", "official", "officials", "authority", "authorities", "media"}


@dataclass(frozen=True)
class Mention:
    """A name in the text: token span [start, end) of the analysed Doc, its canonical name and type."""

    start: int
    end: int
    name: str
    type: str  # "org", "person", "place", "group"
    titles: tuple[str, ...] = ()


@cache
def _aliases() -> dict[str, str]:
    table = patterns.load("aliases")["organisations"]
    return {alias.lower(): canonical for canonical, aliases in table.items() for alias in [canonical, *aliases]}


@cache
def _anaphors() -> frozenset[str]:
    return frozenset(patterns.load("aliases")["anaphors"])


def _is_demonym(word: str) -> bool:
    from .places import gazetteer

    try:
        return gazetteer().country_of_adjective(word) is not None
    except Exception:  # the gazetteer is an aid here, never a reason to fail
        return False


def canonical(text: str) -> str:
    """The name we keep for an organisation or person: articles, brackets and nationality adjectives
    dropped, known aliases mapped ("the Kazakh Health Ministry" -> "Ministry of Health")."""
    name = re.sub(r"[()\[\]]", "", text).strip(" ,.;:\"'")
    name = re.sub(r"\s+", " ", name)
    name = re.sub(r"'s$|’s$", "", name)
    lowered = name.lower()
    for article in _ARTICLES:
        if lowered.startswith(article):
            name = name[len(article) :]
            lowered = name.lower()
    aliases = _aliases()
    if lowered in aliases:
        return aliases[lowered]
    # "the Interior Ministry's press service", "an interior ministry spokesman": a voice of the ministry
    for suffix in _VOICES:
        if lowered.endswith(" " + suffix):
            body = canonical(name[: -len(suffix) - 1])
            if body in aliases.values() or body.startswith("Ministry of"):
                return body
    words = name.split(" ")
    # "Kazakh Ministry of Health": the nationality belongs to the actor, not to its name.
    if len(words) > 1 and _is_demonym(words[0]):
        rest = " ".join(words[1:])
        if rest.lower() in aliases:
            return aliases[rest.lower()]
        if "ministry" in rest.lower():
            name, lowered, words = rest, rest.lower(), words[1:]
    # "Interior Ministry" -> "Ministry of Interior"
    if len(words) > 1 and words[-1].lower() == "ministry":
        swapped = f"Ministry of {' '.join(words[:-1])}"
        return aliases.get(swapped.lower(), swapped)
    if lowered.startswith("ministry of") or lowered.startswith("ministry for"):
        return aliases.get(lowered, "Ministry" + name[len("ministry") :])
    return name


def _bare_anaphor(name: str) -> bool:
    return name.lower() in _anaphors()


def is_generic(name: str | None) -> bool:
    """True for a kind of source rather than a named one ("official sources", "the authorities")."""
    if not name:
        return True
    words = name.lower().split()
    return bool(words) and words[-1] in _GENERIC_HEADS and not any(w[:1].isupper() for w in name.split())


def mentions(doc: Doc) -> list[Mention]:
    """Every organisation, person and group named in `doc`, in text order, with canonical names."""
    found: list[Mention] = []
    taken: set[int] = set()
    for match in _MINISTRY.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        name = canonical(match.group(0))
        if span is None or _bare_anaphor(name):
            continue
        found.append(Mention(span.start, span.end, name, "org"))
        taken.update(range(span.start, span.end))
    for entity in doc.ents:
        if entity.label_ not in ("ORG", "PERSON", "NORP", "GPE") or taken.intersection(range(entity.start, entity.end)):
            continue
        if _bare_anaphor(canonical(entity.text)):
            continue  # "The ministry": a reference back, resolved by NameIndex.name_of
        kind = {"ORG": "org", "PERSON": "person", "NORP": "group", "GPE": "place"}[entity.label_]
        if kind == "org" and _looks_like_person(entity):
            kind = "person"
        elif kind == "org" and _is_place_name(entity.text):
            kind = "place"  # the small model tags cities as organisations ("Almaty lives in terror")
        start, end, doc = entity.start, entity.end, entity.doc
        if kind == "person":
            while start < end - 1 and doc[start].lower_ in title_words() | _RANKS:
                start += 1  # "Chief Superintendent Ana Ruiz" is Ana Ruiz; the title is her role
            while (
                end < len(doc)
                and doc[end].pos_ == "PROPN"
                and doc[end].ent_type_ in ("", "PERSON")
                and doc[end - 1].dep_ == "compound"
                and doc[end - 1].head.i >= end
            ):
                end += 1  # the model can leave the surname out: "[Superintendent Ana] Ruiz"
        found.append(Mention(start, end, canonical(doc[start:end].text), kind, _titles(entity)))
    found.sort(key=lambda m: m.start)
    return _fullest_names(found)


#: Nouns for what a source publishes, which speak for the source named before them.
_WORDS_OF_A_SOURCE = frozenset(
    {
        "data",
        "datum",
        "figure",
        "figures",
        "tally",
        "count",
        "estimate",
        "estimates",
        "statistic",
        "statistics",
        "report",
        "survey",
        "records",
        "record",
        "numbers",
    }
)

#: Ranks and honorifics the model may take into a person's name ("Superintendent", "Lt.", "Dr.").
_RANKS = frozenset(
    {
        "superintendent",
        "inspector",
        "sergeant",
        "sgt",
        "sgt.",
        "captain",
        "capt.",
        "lieutenant",
        "lt.",
        "major",
        "maj.",
        "brigadier",
        "constable",
        "detective",
        "sheriff",
        "mayor",
        "dr",
        "dr.",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "sir",
        "dame",
        "lord",
        "gen.",
        "col.",
        "chief",
        "deputy",
        "senior",
        "police",
        "army",
        "commissioner",
        "marshal",
        "admiral",
        "corporal",
        "private",
    }
)


def _is_place_name(text: str) -> bool:
    from .places import gazetteer

    # the gazetteer matches names exactly (alternate names too: "Derna" is Darnah); a dateline writes "DERNA"
    for form in (text, text.title()) if text.isupper() else (text,):
        place = gazetteer().lookup(form)
        if place is not None and place.level in ("city", "country"):
            return True
    return False


def _looks_like_person(entity: Span) -> bool:
    # The small model tags hyphenated personal names ("Kassym-Jomart Tokayev") as organisations.
    words = [t for t in entity if t.is_alpha or t.text == "-"]
    text = entity.text
    return (
        "-" in text
        and len(entity) <= 5
        and all(t.text == "-" or t.shape_.startswith("X") for t in words)
        and not any(t.lower_ in _anaphors() for t in entity)
    )


@cache
def title_words() -> frozenset[str]:
    """Titles that name what a person is (patterns/roles.yml)."""
    return frozenset(patterns.load("roles")["titles"])


def _titles(entity: Span) -> tuple[str, ...]:
    """Titles that stand next to a person's name: "President X", "the president, X", "X, analyst and ..."."""
    if entity.label_ not in ("PERSON", "ORG"):
        return ()
    doc, words = entity.doc, title_words()
    titles = [t.lower_ for t in doc[max(entity.start - 3, 0) : entity.end] if t.lower_ in words]
    if entity.start >= 2 and doc[entity.start - 1].text == "," and doc[entity.start - 2].lower_ in words:
        titles.append(doc[entity.start - 2].lower_)
    # an apposition after the name: "X, analyst and political activist, ..."
    if entity.end + 1 < len(doc) and doc[entity.end].text == "," and doc[entity.end + 1].pos_ in ("NOUN", "ADJ", "DET"):
        for token in doc[entity.end + 1 : min(entity.end + 8, len(doc))]:
            if token.text in (",", ".", ";", "(") or token.pos_ in ("VERB", "AUX"):
                break
            if token.lower_ in words:
                titles.append(token.lower_)
    return tuple(dict.fromkeys(titles))


def _fullest_names(found: list[Mention]) -> list[Mention]:
    """Give each person and organisation the fullest form of its name in the report: "Tokayev" ->
    "Kassym-Jomart Tokayev", "the Operational Headquarters" -> "the Kazakhstan Operational Headquarters"."""
    result = []
    for mention in found:
        if mention.type in ("person", "org"):
            words = mention.name.split()
            # a person by their surname; an organisation by the last two words or more of its name
            if mention.type == "person" or len(words) >= 2:
                longer = [
                    m.name
                    for m in found
                    if m.type == mention.type
                    and len(m.name.split()) > len(words)
                    and m.name.split()[-len(words) :] == words
                ]
                if longer:
                    mention = Mention(mention.start, mention.end, max(longer, key=len), mention.type, mention.titles)
        result.append(mention)
    return result


class NameIndex:
    """Looks up who a token names, and what an anaphor ("the ministry", "he", "the analyst") refers to."""

    def __init__(self, doc: Doc, found: Iterable[Mention] | None = None):
        self.doc = doc
        self.mentions = list(mentions(doc) if found is None else found)
        self._starts = [m.start for m in self.mentions]
        self._titles: dict[str, set[str]] = {}
        self._surnames: dict[str, str] = {}
        for mention in self.mentions:
            self._titles.setdefault(mention.name, set()).update(mention.titles)
            if mention.type == "person" and " " in mention.name:
                self._surnames.setdefault(mention.name.split()[-1], mention.name)

    def at(self, token: Token) -> Mention | None:
        # mentions are sorted by start and barely overlap: the last one starting at or before the token, or
        # the one before it, holds it if any does
        index = bisect_right(self._starts, token.i) - 1
        for mention in self.mentions[max(index - 2, 0) : index + 1][::-1]:
            if mention.start <= token.i < mention.end:
                return mention
        return None

    def before(self, position: int, accept) -> Mention | None:
        """The last mention starting before token `position` that `accept` allows."""
        index = bisect_right(self._starts, position - 1) - 1
        while index >= 0:
            mention = self.mentions[index]
            if accept(mention):
                return mention
            index -= 1
        return None

    def name_of(self, token: Token) -> str | None:
        """The canonical name of what the noun phrase headed by `token` names, following anaphors."""
        lower = token.lower_
        if lower in _PERSON_PRONOUNS:
            found = self.before(token.i, lambda m: m.type == "person")
            return found.name if found else None
        if lower in _ORG_PRONOUNS:
            found = self.before(token.i, lambda m: m.type == "org")
            return found.name if found else None
        if lower in ("they", "we", "i", "which", "that", "who", "this", "there"):
            return None
        mention = self.at(token)
        if mention is not None and mention.type != "place":
            if mention.type != "person" and token.text in self._surnames:
                return self._surnames[token.text]  # the model tags a lone surname as anything
            return mention.name
        if token.pos_ == "PROPN" and token.text in self._surnames:
            return self._surnames[token.text]
        # "the analyst Aigerim Nurova", "spokeswoman Asel Artakshinova": the person the title names
        for child in token.children:
            if child.dep_ in ("appos", "compound", "flat") or child.i > token.i:
                named = self.at(child)
                if named is not None and named.type == "person":
                    return named.name
        # "the ministry", "the committee": the last organisation of that kind named before.
        if lower in _anaphors() and not _has_proper_modifier(token):
            found = self.before(token.i, lambda m: m.type == "org" and lower in m.name.lower())
            if found:
                return found.name
        # "the president", "the analyst": the last person given that title.
        if token.pos_ == "NOUN" and not _has_proper_modifier(token):
            found = self.before(token.i, lambda m: m.type == "person" and lower in self._titles.get(m.name, ()))
            if found:
                return found.name
        if not _can_speak(token):
            # "estimates by the organisers", "data from the archive": the words speak for who made them
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                    for pobj in (c for c in child.children if c.dep_ == "pobj"):
                        return self.name_of(pobj)
            return None  # "the data show", "violence left", "estimates put": a noun of the sentence names no one
        owners = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < token.i]
        if owners and token.lemma_.lower() in _WORDS_OF_A_SOURCE | {token.lower_}.intersection(_WORDS_OF_A_SOURCE):
            # "Johns Hopkins University data", "UN figures": the figures speak for who made them
            first = min(t.i for t in owners[0].subtree if t.pos_ == "PROPN")
            return canonical(token.doc[first : token.i].text)
        phrase = noun_phrase(token)
        name = canonical(phrase.text) if phrase is not None else None
        # "a ministry spokeswoman said": the voice of the last ministry named
        voice = next((v for v in _VOICES if name and name.lower().endswith(" " + v)), None)
        if name and voice:
            head = name[: -len(voice) - 1].split()[-1].lower()
            if head in _anaphors():
                found = self.before(token.i, lambda m: m.type == "org" and head in m.name.lower())
                if found:
                    return found.name
        return name if name and any(c.isalpha() for c in name) else None  # "⚡️" heads a post, it names no one


@cache
def _mute_nouns() -> frozenset[str]:
    return frozenset(patterns.load("attribution")["mute_nouns"])


def _can_speak(token: Token) -> bool:
    """Whether a noun phrase with no name of its own can name who says something. A name in it always can
    ("Reuters", "the Red Cross data"); a count ("3,728 cases"), a casualty word ("the death toll") or a
    thing or happening ("the virus", "violence", "the estimates") never does, whatever the parser hangs
    on a reporting verb; the figure is then the report's own."""
    phrase = noun_phrase(token)
    words = list(phrase) if phrase is not None else [token]
    if token.i == token.sent.start and len(words) == 1 and token.lower_ in _mute_nouns():
        return False  # "Violence continued...": capitalised by the sentence, not a name
    if any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "PERSON", "NORP", "GPE") for t in words):
        return True
    if any(t.like_num for t in words):
        return False
    lemma = token.lemma_.lower()
    return lemma not in _mute_nouns() and token.lower_ not in _mute_nouns()


def _has_proper_modifier(token: Token) -> bool:
    return any(child.pos_ == "PROPN" and child.dep_ in ("compound", "amod") for child in token.children)


def noun_phrase(token: Token) -> Span | None:
    """The noun phrase headed by `token`: its determiners and modifiers, and an "of X" complement."""
    doc = token.doc
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "compound", "amod", "poss", "nmod", "nummod", "quantmod", "punct"):
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            right = max(right, child.right_edge.i)
            break
        if child.dep_ in ("compound", "flat"):
            right = max(right, child.i)
    while left < right and doc[left].is_punct:
        left += 1
    while right > left and doc[right].is_punct:
        right -= 1
    return doc[left : right + 1]
