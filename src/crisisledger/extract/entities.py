"""A spaCy component that mends what the small English model gets wrong about names in crisis reports.

`en_core_web_sm` misses or mislabels names that matter here: hyphenated first names are tagged as
organisations ("Kassym-Jomart Tokayev"), the second of two coordinated names is often missed ("Marat Osipov
and Daulet Ergozhin"), acronyms and movements are split ("the KNB", "the movement Oyan, Qazaqstan"). The
component runs after "ner" and rewrites `doc.ents`:

1. names from the alias tables (patterns/aliases.yml, patterns/actors.yml) become ORG;
2. an ORG that is shaped like a personal name with a hyphenated part becomes PERSON;
3. a capitalised name coordinated with a PERSON ("X and Y", "X, Y and Z") becomes PERSON;
4. a capitalised name after an organisation head noun ("the movement Oyan") becomes ORG;
5. a lone surname of a person named in full elsewhere in the report ("Turgumbayev said") becomes PERSON.

docs/quality.md measures its gain on entity recall (`make eval ARGS=--without-patterns`).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import patterns
from .names import title_words
from .places import gazetteer

NAME = "crisisledger_entities"


@cache
def _names() -> tuple[list[str], list[str]]:
    """(single words matched exactly, longer names matched in any case) to tag as organisations."""
    table = patterns.load("aliases")["organisations"]
    extra = patterns.load("actors")["organisations"]
    names = {*extra, *table, *(alias for aliases in table.values() for alias in aliases)}
    # a lowercase acronym in the alias table ("knb") is written in capitals in reports
    words = {n.upper() if n.islower() and len(n) <= 5 else n for n in names if " " not in n}
    exact = sorted(w for w in words if w[:1].isupper() and w.lower() not in _COMMON)
    phrases = sorted(n for n in names if " " in n)
    return exact, phrases


#: Words too common to tag as an organisation wherever they stand.
_COMMON = {"us", "it", "as", "at", "on", "or", "an", "in", "interior", "senate"}


class EntityFixes:
    def __init__(self, nlp: Language):
        exact, phrases = _names()
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.acronyms.add("ORG", [nlp.make_doc(word) for word in exact])
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases.add("ORG", [nlp.make_doc(phrase) for phrase in phrases])
        self.heads = frozenset(patterns.load("actors")["organisation_heads"])

    def __call__(self, doc: Doc) -> Doc:
        ents = [_relabelled(e) for e in doc.ents]
        matched = [Span(doc, s, e, "ORG") for _, s, e in [*self.acronyms(doc), *self.phrases(doc)]]
        # a longer organisation the model found holds the match: "the Kazakhstan Operational Headquarters"
        found = [m for m in matched if not any(_holds(e, m) for e in ents)]
        ents = [_as_person_if_changed(e) for e in ents]
        found += self._coordinated(doc, ents) + self._after_heads(doc, ents) + self._titled(doc, ents)
        found += self._surnames(doc, ents + [f for f in found if f.label_ == "PERSON"])
        taken = {i for span in found for i in range(span.start, span.end)}
        kept = [e for e in ents if not taken.intersection(range(e.start, e.end))]
        doc.ents = filter_spans(found + kept)
        return doc

    def _coordinated(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "Marat Osipov and Daulet Ergozhin": a name beside a person, joined by "and" or a comma."""
        taken = {i for e in ents for i in range(e.start, e.end)}
        people = [e for e in ents if e.label_ == "PERSON"]
        found = []
        for person in people:
            # after: PERSON and Name Name
            i = person.end
            if i + 2 < len(doc) and doc[i].lower_ in ("and", ","):
                name = _name_at(doc, i + 1, taken)
                if name is not None:
                    found.append(Span(doc, name[0], name[1], "PERSON"))
            # before: Name Name and PERSON
            j = person.start
            if j >= 3 and doc[j - 1].lower_ in ("and", ","):
                end = j - 1
                start = end
                while start > 0 and _capitalised(doc[start - 1]) and start - 1 not in taken and end - start < 3:
                    start -= 1
                if end - start >= 2:
                    found.append(Span(doc, start, end, "PERSON"))
        return found

    def _titled(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "Aliya Nurpeisova, a surgeon at ...", "surgeon Aliya Nurpeisova": a name given a title is a person,
        whatever the model tagged it."""
        titles = title_words()
        found = []
        for start in range(len(doc)):
            if not _capitalised(doc[start]):
                continue
            end = start
            while end < len(doc) and _capitalised(doc[end]) and end - start < 3:
                end += 1
            if end - start < 2 or (start > 0 and _capitalised(doc[start - 1])):
                continue
            after = [t.lower_ for t in doc[end : end + 4]]
            before = doc[start - 1].lower_ if start > 0 else ""
            apposition = after[:1] == [","] and any(word in titles for word in after[1:4])
            if apposition or before in titles:
                span = Span(doc, start, end, "PERSON")
                if not any(e.label_ == "PERSON" and e.start <= start and end <= e.end for e in ents):
                    found.append(span)
        return found

    def _surnames(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "Turgumbayev said": a lone surname of a person the report names in full elsewhere."""
        surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) >= 2}
        if not surnames:
            return []
        taken = {i for e in ents for i in range(e.start, e.end)}
        found = []
        text = doc.text
        for surname in surnames:  # find them in the text: faster than visiting every token
            for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
                span = doc.char_span(match.start(), match.end())
                if span is not None and len(span) == 1 and span.start not in taken and span[0].pos_ == "PROPN":
                    found.append(Span(doc, span.start, span.end, "PERSON"))
        return found

    def _after_heads(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """ "the civil rights movement Oyan, Qazaqstan": a name right after an organisation head noun."""
        found = []
        for token in doc[:-1]:
            if token.lower_ not in self.heads or token.pos_ != "NOUN":
                continue
            start = end = token.i + 1
            while end < len(doc) and (
                _capitalised(doc[end])
                or (doc[end].text == "," and end + 1 < len(doc) and _capitalised(doc[end + 1]) and end > start)
            ):
                end += 1
            if end > start and doc[start].pos_ == "PROPN":
                found.append(Span(doc, start, end, "ORG"))
        return found


def _capitalised(token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and token.pos_ == "PROPN"


def _name_at(doc: Doc, start: int, taken: set[int]) -> tuple[int, int] | None:
    """Two or three capitalised proper nouns from `start` that no entity holds: a personal name."""
    end = start
    while end < len(doc) and _capitalised(doc[end]) and end not in taken and end - start < 3:
        end += 1
    return (start, end) if end - start >= 2 else None


#: Verbs whose passive subject is a person: organisations are not "appointed" or "detained".
_PERSON_CHANGES = {"appoint", "name", "dismiss", "remove", "sack", "fire", "arrest", "detain", "charge", "sentence",
                   "elect", "jail", "release", "relieve", "oust"}  # fmt: skip


def _as_person_if_changed(entity: Span) -> Span:
    """ "Murat Nurtleu was appointed in his place": a two- or three-word name the model tagged as an
    organisation is a person when it is the one appointed, removed or detained."""
    if entity.label_ != "ORG" or not 2 <= len(entity) <= 3 or not all(t.text[:1].isupper() for t in entity):
        return entity
    head = entity.root
    if head.dep_ == "nsubjpass" and head.head.lemma_.lower() in _PERSON_CHANGES:
        return Span(entity.doc, entity.start, entity.end, "PERSON")
    return entity


def _holds(entity: Span, match: Span) -> bool:
    return (
        entity.label_ == "ORG" and entity.start <= match.start and match.end <= entity.end and len(entity) > len(match)
    )


def _relabelled(entity: Span) -> Span:
    """An ORG shaped like a personal name with a hyphenated part ("Kassym-Jomart Tokayev") is a PERSON;
    a nationality adjective tagged as an organisation ("the Kazakh president") is NORP."""
    if entity.label_ == "ORG" and len(entity) == 1 and gazetteer().country_of_adjective(entity.text):
        return Span(entity.doc, entity.start, entity.end, "NORP")
    if entity.label_ != "ORG" or "-" not in entity.text or len(entity) > 5:
        return entity
    words = [t for t in entity if t.text != "-"]
    if all(t.is_alpha and t.text[:1].isupper() and not t.is_upper for t in words) and len(words) >= 3:
        return Span(entity.doc, entity.start, entity.end, "PERSON")
    return entity


@Language.factory(NAME)
def make_entity_fixes(nlp: Language, name: str) -> EntityFixes:
    return EntityFixes(nlp)
