"""Roles: what a person is (a title in an organisation), and what happened to them in it.

A report says who people are in a handful of ways: "President X", "the Kazakh president, X", "X, analyst and
political activist, ...", "X is among the founders of Y". It says what happened to them with a verb or a noun
of change ("X was appointed head of Y", "the arrest of the head of Y, X", "the dismissal of X and Z from the role
of deputy heads of Y"). `roles()` reads each sentence in four steps:

1. the people it names (`persons()`: the model's, plus first names and coordinated names it missed);
2. the title phrases in it (`Title`: "the number one of the National Security Committee (KNB)"), each tied to
   the person it stands next to, or whose predicate it is;
3. the changes: a trigger (patterns/roles.yml `change_verbs`, `change_nouns`) tied to the people it acts on,
   with the post it names ("as head", "from the role of deputy head"), else the title the person carries in
   the sentence, else the post of the people the appointment replaces ("In their place, ...");
4. the titles no change used become plain roles (change None).

One record per (person, title, organisation, change) in a report: the same plain role said twice is kept once,
at its first sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from spacy.tokens import Span, Token

from .. import patterns
from ..records import Role, record_id
from .context import Context
from .dates import MONTHS, WEEKDAYS
from .names import Mention, canonical
from .places import gazetteer
from .statements import speaker_of_subject

__all__ = ["Person", "Title", "date_of", "known_posts", "persons", "roles", "unique"]

_DETERMINERS = {"the", "a", "an", "his", "her", "its", "their"}
_CLOSERS = {",", ".", ";", ":", ")", "–", "—", "-"}
_PRONOUNS = {"their": "plural", "his": "single", "her": "single"}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_LEADING_LOWER = re.compile(r"^(?:[a-z][\w-]*\s+)+(?=[A-Z])")
_HEDGES = {"could", "might", "may", "should", "would", "not", "never", "n't"}


@dataclass(frozen=True)
class Person:
    """A person named in the text: token span [start, end) of the analysed Doc and the name we keep."""

    start: int
    end: int
    name: str


@dataclass(frozen=True)
class Title:
    """A title phrase: token span [start, end), its head token, the title and organisation it names."""

    start: int
    end: int
    head: int
    title: str
    organization: str | None = None
    #: "former executive of ...": a role held before, not now.
    former: bool = False
    #: The phrase as written, without its article and "former": "executive of the Presidential Security Service".
    phrase: str = ""


# -- the lexicon ---------------------------------------------------------------------------------------------


@cache
def _lexicon() -> dict[str, Any]:
    return patterns.load("roles")  # type: ignore[no-any-return]


@cache
def _words(key: str) -> frozenset[str]:
    return frozenset(_lexicon()[key])


@cache
def _role_titles() -> frozenset[str]:
    return (_words("titles") | _words("role_titles")) - _words("not_roles")


@cache
def _triggers(key: str) -> dict[str, str]:
    """Trigger lemma -> change, for `change_verbs` or `change_nouns`."""
    return {lemma: change for change, lemmas in _lexicon()[key].items() for lemma in lemmas}


@cache
def _phrases() -> dict[tuple[str, ...], str]:
    return {tuple(words.split()): title for words, title in _lexicon()["title_phrases"].items()}


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _is_demonym(token: Token) -> bool:
    if not token.is_alpha or not token.text[:1].isupper():
        return False
    try:
        return gazetteer().country_of_adjective(token.text) is not None
    except Exception:  # the gazetteer is an aid here, never a reason to fail
        return False


def _country_level(name: str) -> bool | None:
    """True for a country, False for another place the gazetteer knows, None for what it does not know."""
    try:
        place = gazetteer().lookup(name)
    except Exception:
        return None
    return None if place is None else place.level == "country"


# -- 1. people -----------------------------------------------------------------------------------------------


def _bare_name(token: Token) -> bool:
    """A word that can be part of a personal name: capitalised, alphabetic, and no title or nationality."""
    return (
        token.pos_ == "PROPN"
        and token.is_alpha
        and token.text[:1].isupper()
        and not token.is_upper
        and token.lower_ not in _role_titles()
        and token.lower_ not in _words("title_modifiers")
        and token.lower_ not in MONTHS
        and token.lower_ not in WEEKDAYS
        and token.ent_type_ not in ("DATE", "TIME")
        and not _is_demonym(token)
    )


def persons(ctx: Context) -> list[Person]:
    """Every person named in `ctx`, in text order: the model's people, with the first names and the coordinated
    names it missed ("the dismissal of Marat Osipov and Daulet Ergozhin" gives two people)."""
    doc = ctx.doc
    found: dict[int, Person] = {}
    for mention in ctx.names.mentions:
        if mention.type != "person":
            continue
        start, end, name = mention.start, mention.end, mention.name
        # a title or a date the model took into the name: "President Tokayev", "On Wednesday Samat Abish"
        while end - start > 1 and (doc[start].lower_ in _role_titles() or not _bare_name(doc[start])):
            first, _, rest = name.partition(" ")
            if rest and first.lower() == doc[start].lower_:  # a name the model glued to a symbol has no space
                name = rest
            start += 1
        if doc[end - 1].lower_ in _role_titles():
            continue  # a title the model took for a name: "Chief Operating Officer"
        # a first name the model left out: "Aliya Serikova" tagged as "Serikova"
        while (
            start > 0
            and _bare_name(doc[start - 1])
            and doc[start - 1].dep_ == "compound"
            and start <= doc[start - 1].head.i < end
            and _unnamed(ctx, doc[start - 1])
        ):
            start -= 1
            if not name.startswith(doc[start].text):
                name = f"{doc[start].text} {name}"
        found[start] = Person(start, end, name)
    taken = {i for p in found.values() for i in range(p.start, p.end)}
    for person in _named_by_context(ctx, taken):
        found[person.start] = person
    grown = True
    while grown:
        grown = False
        for person in list(found.values()):
            for other in _coordinated(ctx, person):
                if other.start not in found and not any(p.start <= other.start < p.end for p in found.values()):
                    found[other.start] = other
                    grown = True
    return _fullest(sorted(found.values(), key=lambda p: p.start))


def _unnamed(ctx: Context, token: Token) -> bool:
    """True for a word no name claims, or that only the model's one-word organisation or group claims
    ("Marat" tagged as a nationality)."""
    mention = ctx.names.at(token)
    return mention is None or (mention.type in ("org", "group") and mention.end - mention.start == 1)


@cache
def _anaphors() -> frozenset[str]:
    return frozenset(patterns.load("aliases")["anaphors"])


@cache
def _organisation_words() -> frozenset[str]:
    return _words("organisation_nouns") | _words("organisation_words") | _anaphors()


def _named_by_context(ctx: Context, taken: set[int]) -> Iterator[Person]:
    """Names the model did not take for people ("Ermek Dosov" tagged as an organisation, "Marat Ospanov" not
    tagged at all), known for people by what the sentence does with them: a change of role happens to them, or
    a title stands beside them."""
    doc = ctx.doc
    index = 0
    while index < len(doc):
        end = index
        while end < len(doc) and end - index < 4 and end not in taken and _name_word(doc[end]):
            end += 1
        if end == index:
            index += 1
            continue
        span = doc[index:end]
        mentions = [ctx.names.at(t) for t in span]
        if (
            2 <= len(span) <= 3
            and not (end < len(doc) and doc[end].pos_ == "PROPN")
            and all(m is None or (m.type in ("org", "group") and index <= m.start and m.end <= end) for m in mentions)
            and canonical(span.text) == span.text
            and _country_level(span.text) is None
            and (_undergoes_change(span.root) or _titled(span))
        ):
            yield Person(index, end, span.text)
        index = end


def _name_word(token: Token) -> bool:
    return _bare_name(token) and token.lower_ not in _organisation_words()


def _undergoes_change(token: Token) -> bool:
    """True for the one a change happens to: "the dismissal of X", "X was chosen as", "police detained X"."""
    governor = token.head
    if token.dep_ == "conj":
        return _undergoes_change(governor)
    if token.dep_ in ("nsubjpass", "dobj", "npadvmod"):
        return _change_of(governor) is not None and governor.pos_ == "VERB"
    if token.dep_ == "nsubj":
        return _change_of(governor) is not None and _trigger_lemma(governor) in _words("subject_changes")
    if token.dep_ == "pobj" and governor.lower_ == "of":
        return governor.head.pos_ == "NOUN" and _change_of(governor.head) is not None
    return False


def _titled(span: Span) -> bool:
    """True for a name with a title beside it: "X, former executive of ...", "President X"."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in _role_titles():
        return True
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    for token in doc[span.end + 1 : span.end + 5]:
        if token.lower_ in _role_titles() and token.pos_ in ("NOUN", "PROPN"):
            return token.dep_ not in ("nsubj", "nsubjpass")  # not "X, an official said"
        if not (token.lower_ in _DETERMINERS or token.pos_ in ("ADJ", "NOUN") or token.text == "-"):
            return False
    return False


def _coordinated(ctx: Context, person: Person) -> Iterator[Person]:
    """Names next to a person's that the model missed: "X and Daulet Ergozhin", "Daulet Ergozhin and X"."""
    doc = ctx.doc

    def free(index: int) -> bool:
        return 0 <= index < len(doc) and _bare_name(doc[index]) and ctx.names.at(doc[index]) is None

    if person.end < len(doc) and doc[person.end].lower_ in ("and", ","):
        start = end = person.end + 1
        while free(end) and end - start < 3:
            end += 1
        last = doc[end - 1]
        if (
            end - start >= 2
            and not (end < len(doc) and doc[end].pos_ == "PROPN")
            and (last.dep_ in ("conj", "appos") or person.start <= last.head.i < person.end)
        ):
            yield Person(start, end, doc[start:end].text)
    if person.start >= 3 and doc[person.start - 1].lower_ == "and":
        start = end = person.start - 1
        while free(start - 1) and end - start < 3:
            start -= 1
        head = doc[person.end - 1]
        if end - start >= 2 and doc[start - 1].pos_ != "PROPN" and start <= head.head.i < end:
            yield Person(start, end, doc[start:end].text)


def _fullest(people: list[Person]) -> list[Person]:
    """A lone surname takes the fullest name with that surname: "Serikova" -> "Aliya Serikova"."""
    full = {p.name.split()[-1]: p.name for p in people if " " in p.name}
    return [replace(p, name=full.get(p.name, p.name)) if " " not in p.name else p for p in people]


# -- 2. titles -----------------------------------------------------------------------------------------------


@cache
def _phrase_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Title phrases by their first word: a token is checked only against the phrases it can start."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, title in _phrases().items():
        index.setdefault(words[0], []).append((words, title))
    return index


def _phrases_from(word: str) -> list[tuple[tuple[str, ...], str]]:
    return _phrase_index().get(word, [])


class _Sentence:
    """What one sentence holds: its people, its title phrases, and which titles stand for which people."""

    def __init__(
        self, ctx: Context, sentence: Span, people: list[Person], organisations: set[str], surnames: dict[str, str]
    ):
        self.ctx, self.sentence, self.people = ctx, sentence, people
        self.organisations, self.surnames = organisations, surnames
        self.person_at = {i: p for p in people for i in range(p.start, p.end)}
        self.titles = list(self._titles())
        self.title_at = {t.head: t for t in self.titles}
        self.held: dict[Person, list[Title]] = {}
        self.holder: dict[Title, list[Person]] = {}
        self._attach()

    # title phrases

    def _titles(self) -> Iterator[Title]:
        covered = -1
        for token in self.sentence:
            if token.i <= covered:
                continue
            if self._in_name(token.i):
                continue
            found = self._title_at(token.i)
            if found is not None:
                covered = found.head
                yield found

    def _in_name(self, index: int) -> bool:
        mention = self.ctx.names.at(self.ctx.doc[index])
        return mention is not None and mention.type in ("org", "place", "group") and mention.end - mention.start > 1

    def _title_at(self, first: int) -> Title | None:
        doc, sentence = self.ctx.doc, self.sentence
        # the head: a phrase of several words ("number one") or one title word
        for words, phrase_title in _phrases_from(doc[first].lower_):
            if tuple(t.lower_ for t in doc[first : first + len(words)]) == words:
                head, title = first + len(words) - 1, phrase_title
                break
        else:
            token = doc[first]
            if token.pos_ not in ("NOUN", "PROPN") or _lemma(token) not in _role_titles():
                return None
            head, title = first, _lemma(token)
            if token.lower_ in _role_titles() and token.tag_ not in ("NNS", "NNPS"):
                title = token.lower_  # a singular title as written: the lemmatiser can mangle rare words
        modifiers: list[str] = []
        former, organization, start = False, None, first
        index = first - 1
        # leftwards over modifiers, an organisation, nationality adjectives and the article
        while index >= sentence.start:
            token = doc[index]
            lower = token.lower_
            if lower == "-" and index - 1 >= sentence.start and not token.whitespace_:
                prefix = doc[index - 1].lower_
                if prefix in _words("former_markers"):
                    former = True
                else:
                    title = f"{prefix}-{title}"  # "co-founder", "vice-president"
                index -= 2
                continue
            if lower in _words("former_markers") and (token.pos_ == "ADJ" or token.dep_ == "amod"):
                former = True
            elif _is_demonym(token):
                pass  # "the Kazakh president": the country belongs to the actor, not to the role
            elif lower in ("'s", "’s"):
                pass
            elif (mention := self.ctx.names.at(token)) is not None and mention.type in ("org", "place"):
                single = mention.end - mention.start == 1 and not token.is_upper
                if single and index == first - 1 and title.split()[-1] in _words("portfolio_titles"):
                    modifiers.insert(0, lower)  # "Defence Minister"
                else:
                    organization = self._organisation_of(mention)
                    index = mention.start
            elif token.pos_ == "NOUN" and token.is_lower and _lemma(token) in _words("organisation_nouns"):
                pass  # "the company CEO", "the party leader": the kind of organisation, not part of the title
            elif lower in _words("title_modifiers") or (
                token.pos_ == "NOUN" and token.is_lower and token.is_alpha and token.dep_ == "compound"
            ):
                modifiers.insert(0, lower)
            elif (
                index == first - 1
                and title in _words("portfolio_titles")
                and token.is_alpha
                and token.pos_ in ("PROPN", "NOUN", "ADJ")
            ):
                modifiers.insert(0, lower)  # "Interior Minister", "foreign minister", "finance minister"
            elif token.pos_ == "ADJ":
                pass  # "the new head", "the powerful chief": nothing the title keeps
            elif lower in _DETERMINERS:
                if lower == "its" and organization is None:
                    organization = self._named_organisation(token)  # "its former chairman"
                start = index
                break
            else:
                break
            start = index
            index -= 1
        title = " ".join([*modifiers, title])
        # rightwards over "of the National Security Committee (KNB)"
        end = head + 1
        if organization is None and end < sentence.end and doc[end].lower_ in ("of", "at", "for", "in"):
            named = self.organisation_after(end + 1, named_only=True)
            after = named or self.organisation_after(end + 1, named_only=doc[end].lower_ == "in")
            if after is not None:
                organization, end = after
            # "head of criminal prosecution at the Prosecutor General's Office": the named organisation wins,
            # and what the person heads in it is part of the title
            unit = named is None and doc[head + 1].lower_ == "of"
            if unit and after is not None and end < sentence.end and doc[end].lower_ in ("of", "at", "in"):
                inside = self.organisation_after(end + 1, named_only=True, places=False)
                if inside is not None and inside[0] is not None:
                    title = f"{title} {doc[head + 1 : end].text}"
                    organization, end = inside
        # "a surgeon at a city hospital in Almaty": where the organisation is belongs to the phrase, not the title
        if end + 1 < sentence.end and doc[end].lower_ == "in" and organization is not None:
            place = self.ctx.names.at(doc[end + 1])
            if place is not None and place.type == "place" and place.start == end + 1:
                end = place.end
        # "among the founders of X", "one of the founders of X": a title shared with others
        if doc[head].tag_ in ("NNS", "NNPS") and start > sentence.start:
            before = doc[start - 1].lower_
            if before == "among" or (before == "of" and start >= 2 and doc[start - 2].lower_ == "one"):
                title = _lexicon()["shared_titles"].get(title, title)
        phrase_start = start
        while phrase_start < head and (
            doc[phrase_start].lower_ in _DETERMINERS | _words("former_markers") | {"-"}
            or _is_demonym(doc[phrase_start])
        ):
            phrase_start += 1
        phrase = doc[phrase_start:end].text
        return Title(start, end, head, title, organization, former, phrase)

    def _organisation_of(self, mention: Mention) -> str | None:
        # a country belongs to the actor ("the president of Kazakhstan"); a city's mayor is of that city
        level = _country_level(mention.name)
        if mention.type == "place":
            return mention.name if level is False else None
        # "the unregistered Democratic Party": the model's span may start with a description
        return None if level else _LEADING_LOWER.sub("", mention.name)

    def organisation_after(
        self, index: int, named_only: bool = False, places: bool = True
    ) -> tuple[str | None, int] | None:
        """The organisation named from token `index` on, and where its name ends: a name (or, with `places`, a
        place), else (unless `named_only`) a description."""
        doc, sentence = self.ctx.doc, self.sentence
        begin = index
        while index < sentence.end and doc[index].lower_ in _DETERMINERS:
            index += 1
        for position in range(begin, min(index + 1, sentence.end)):
            mention = self.ctx.names.at(doc[position])
            if mention is not None and mention.type in ("org", "place") and mention.start >= begin:
                if not places and (mention.type == "place" or _country_level(mention.name) is not None):
                    return None
                end = mention.end
                if end + 2 < sentence.end and doc[end].text == "(" and doc[end + 2].text == ")":
                    end += 3  # "(KNB)"
                return self._organisation_of(mention), end
        if named_only:
            return None
        # a description: "internal intelligence", "the civil rights movement Oyan, Qazaqstan"
        words: list[str] = []
        end = index
        while end < sentence.end and len(words) < 5:
            token = doc[end]
            if _is_demonym(token):
                end += 1
                continue
            if not (token.is_alpha and token.is_lower and token.pos_ in ("NOUN", "ADJ")):
                break
            if token.pos_ == "ADJ" and end + 1 < sentence.end and not doc[end + 1].is_lower:
                break
            words.append(token.lower_)
            end += 1
        if not words:
            return None
        if _lemma(doc[end - 1]) in _words("organisation_nouns") and end < sentence.end and _bare_proper(doc[end]):
            name_end = end + 1
            while name_end < sentence.end and _bare_proper(doc[name_end]):
                name_end += 1
            # "Oyan, Qazaqstan": a comma inside the name, when the parser joins the parts
            if (
                name_end + 1 < sentence.end
                and doc[name_end].text == ","
                and _bare_proper(doc[name_end + 1])
                and doc[name_end + 1].dep_ in ("conj", "appos")
                and end <= doc[name_end + 1].head.i < name_end
            ):
                name_end += 2
            return canonical(doc[end:name_end].text), name_end
        if doc[end - 1].pos_ != "NOUN":
            return None
        if len(words) == 1 and index > begin and words[0] in _anaphors():
            named = self._named_organisation(doc[end - 1])  # "of the committee": the committee named before
            if named is not None:
                return named, end
        return self._described(" ".join(words)), end

    def _named_organisation(self, token: Token) -> str | None:
        name = self.ctx.names.name_of(token)
        return name if name in self.organisations else None

    def _described(self, description: str) -> str:
        """A description stands for an organisation the report names: "internal intelligence" for the
        National Security Committee."""
        for name, descriptions in _lexicon()["described_as"].items():
            if name in self.organisations and any(
                description == d or description.endswith(" " + d) for d in descriptions
            ):
                return str(name)
        return description

    # who holds which title

    def _attach(self) -> None:
        doc, sentence = self.ctx.doc, self.sentence
        by_end = {p.end: p for p in self.people}
        by_start = {p.start: p for p in self.people}
        after_name: dict[int, Person] = {}  # title end -> its person, for "X, analyst and political activist"
        for title in self.titles:
            # "X, former executive of the Presidential Security Service, ..."
            before = doc[title.start - 1].lower_ if title.start > sentence.start else ""
            person = by_end.get(title.start - 1) if before == "," else None
            if person is None and before == "and":
                person = after_name.get(title.start - 1)
            # "..., a Romanian official said": the title is the subject of what follows, not an apposition
            if person is not None and self._closes(title.end) and doc[title.head].dep_ not in ("nsubj", "nsubjpass"):
                self._hold(person, title)
                after_name[title.end] = person
                continue
            # "President X", "opposition leader X", "the Kazakh president, X"
            if title.end in by_start:
                self._hold(by_start[title.end], title)
                continue
            if title.end + 1 < sentence.end and doc[title.end].text == "," and title.end + 1 in by_start:
                self._hold(by_start[title.end + 1], title)
                continue
            # "X is the head of Y", "X is among the founders of Y"
            subject = self._subject_of_predicate(doc[title.head])
            if subject is not None:
                self._hold(subject, title)

    def _closes(self, index: int) -> bool:
        doc = self.ctx.doc
        if index >= self.sentence.end:
            return True
        token = doc[index]
        if token.text in _CLOSERS or token.pos_ in ("VERB", "AUX"):
            return True
        return token.lower_ == "and" and any(t.start == index + 1 for t in self.titles)

    def _subject_of_predicate(self, head: Token) -> Person | None:
        governor = head.head
        if head.dep_ == "pobj" and governor.lower_ == "among":
            governor = governor.head
        elif head.dep_ == "pobj" and governor.lower_ == "of" and governor.head.lower_ == "one":
            head, governor = governor.head, governor.head.head
        elif head.dep_ != "attr":
            return None
        if governor.lemma_ not in ("be", "remain"):
            return None
        for child in governor.children:
            if child.dep_ == "nsubj" and child.i in self.person_at:
                return self.person_at[child.i]
        return None

    def _hold(self, person: Person, title: Title) -> None:
        self.held.setdefault(person, []).append(title)
        self.holder.setdefault(title, []).append(person)

    # who a token stands for

    def people_of(self, token: Token) -> list[Person]:
        """The people a noun phrase names, through coordination, apposition and titles: "the number one of
        the KNB, Karim Masimov" names Karim Masimov."""
        found: list[Person] = []
        for member in (token, *token.conjuncts):
            if member.i in self.person_at:
                found.append(self.person_at[member.i])
                continue
            if member.pos_ == "PROPN" and member.text in self.surnames:
                found.append(Person(member.i, member.i + 1, self.surnames[member.text]))  # a surname the model missed
                continue
            title = self.title_at.get(member.i)
            if title is not None and title in self.holder:
                found.extend(self.holder[title])
                continue
            for child in member.children:
                if child.dep_ in ("appos", "poss") and child.i in self.person_at:
                    found.append(self.person_at[child.i])
                # "the government of Prime Minister X resigned": the change is the prime minister's
                elif child.dep_ == "prep" and child.lower_ == "of" and _lemma(member) in _words("collective_nouns"):
                    found.extend(p for c in child.children if c.dep_ == "pobj" for p in self.people_of(c))
        # names the parser did not tie to each other: "X and Y" where Y is a missed name
        for person in list(found):
            for other in self.people:
                if other not in found and other.start == person.end + 1 and self.ctx.doc[person.end].lower_ == "and":
                    found.append(other)
        return list(dict.fromkeys(found))

    def people_after(self, index: int) -> list[Person]:
        """The people named from token `index` on, before any verb: the surface reading when the parse fails
        ("the arrest of the number one of the KNB, Karim Masimov")."""
        doc = self.ctx.doc
        for position in range(index, min(index + 15, self.sentence.end)):
            token = doc[position]
            if token.pos_ in ("VERB", "AUX") or _lemma(token) in _triggers("change_nouns"):
                return []
            if position in self.person_at:
                return self.people_of(token)
            title = self.title_at.get(position)
            if title is not None and title in self.holder:
                return self.holder[title]
        return []


def _bare_proper(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and token.pos_ == "PROPN"


# -- 3. changes ----------------------------------------------------------------------------------------------


@dataclass
class _Change:
    person: Person
    change: str
    trigger: Token
    title: Title | None = None
    reason: str | None = None
    announced_by: str | None = None
    replaces: tuple[str, ...] = ()
    replaces_pronoun: str | None = None


def _change_of(token: Token) -> str | None:
    lemma = _lemma(token)
    if token.pos_ == "VERB" or token.tag_ == "VBN":
        return _triggers("change_verbs").get(_trigger_lemma(token))  # "step down", "take over"
    if token.pos_ == "NOUN":
        return _triggers("change_nouns").get(lemma)
    return None


def _trigger_lemma(token: Token) -> str:
    """The lemma a trigger is listed under: with its particle for "step down", "take over"."""
    lemma = _lemma(token)
    for particle in _children(token, "prt", "advmod"):
        if f"{lemma} {particle.lower_}" in _triggers("change_verbs"):
            return f"{lemma} {particle.lower_}"
    return lemma


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _objects(prep: Token) -> list[Token]:
    return _children(prep, "pobj", "pcomp")


def _changes(ctx: Context, here: _Sentence) -> Iterator[_Change]:
    for trigger in here.sentence:
        change = _change_of(trigger)
        if change is None:
            continue
        lemma = _trigger_lemma(trigger)
        if trigger.pos_ == "NOUN":
            people = [p for c in _children(trigger, "poss") for p in here.people_of(c)]
            for prep in _children(trigger, "prep"):
                if prep.lower_ == "of":
                    people += [p for o in _objects(prep) for p in here.people_of(o)]
            if not people and trigger.i + 1 < here.sentence.end and trigger.nbor().lower_ == "of":
                people = here.people_after(trigger.i + 2)
            passive = True
        else:
            if _hypothetical(trigger):
                continue
            people, passive = _verb_people(here, trigger)
        if lemma in _words("passive_only") and not passive:
            continue  # "X accused Y of ...": a statement by X
        people = list(dict.fromkeys(people))
        if not people:
            continue
        title, post_named = _post(here, trigger)
        replaces, pronoun = _replacement(here, trigger) if change == "appointed" else ((), None)
        if lemma in _words("needs_role") and not (title or post_named or replaces or pronoun):
            continue
        reason = _reason(trigger)
        announced_by = _announcer(ctx, trigger, change, passive, {p.name for p in people})
        for person in people:
            why = reason or _reason_beside(here, person)
            yield _Change(person, change, trigger, title, why, announced_by, replaces, pronoun)


def _verb_people(here: _Sentence, verb: Token) -> tuple[list[Person], bool]:
    """The people a change verb acts on, and whether they undergo it (passive, participle) or not."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return here.people_of(verb.head), True  # "X, accused of high treason"
    governor = _governor(verb)
    passive = bool(_children(verb, "nsubjpass", "auxpass")) or (
        governor is not verb and verb.tag_ == "VBN" and bool(_children(governor, "nsubjpass"))
    )
    undergoes = _trigger_lemma(verb) in _words("subject_changes")  # "X resigned", "X took over as"
    if verb.dep_ == "relcl" and (passive or undergoes):
        return here.people_of(verb.head), passive  # "X, who was arrested on Monday"
    if passive:
        targets = _children(governor, "nsubjpass")
    elif undergoes:
        targets = _children(governor, "nsubj")
    else:
        targets = _children(verb, "dobj", "npadvmod")
    people = [p for t in targets for p in here.people_of(t)]
    if not people and not passive and not undergoes:
        # "police detained opposition leader X": the name right after the verb, or after its title
        following = verb.i + 1
        if following in here.person_at or any(t.start == following for t in here.titles):
            people = here.people_after(following)
    return people, passive or undergoes


def _governor(verb: Token) -> Token:
    """The verb whose subject `verb` shares: "was detained and charged", "has chosen to step down"."""
    while (
        not _children(verb, "nsubj", "nsubjpass")
        and verb.dep_ in ("xcomp", "conj")
        and verb.head.pos_ in ("VERB", "AUX")
    ):
        verb = verb.head
    return verb


def _hypothetical(verb: Token) -> bool:
    """A change that did not happen, or may not: "was not arrested", "could appoint", "is expected to be
    elected"."""
    for token in (verb, _governor(verb)):
        if any(child.dep_ == "neg" or child.lower_ in _HEDGES for child in token.children):
            return True
    while verb.dep_ in ("xcomp", "ccomp") and verb.head.pos_ == "VERB":
        verb = verb.head
        if _lemma(verb) in _words("hedging_verbs"):
            return True
    return False


def _post(here: _Sentence, trigger: Token) -> tuple[Title | None, bool]:
    """The post a change names, and whether it names one at all ("removed from office" names no title)."""
    named = False
    preps = _children(trigger, "prep")
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "nsubjpass"):
        # the parser may hang the post on the verb: "announced the dismissal of X from the role of ..."
        preps += [c for c in _children(trigger.head, "prep") if c.i > trigger.i and c.lower_ in ("from", "as")]
    for prep in preps:
        for obj in _objects(prep):
            if prep.lower_ in ("as", "to") and (found := _title_of(here, obj)) is not None:
                return found, True
            if _lemma(obj) in _words("post_nouns"):
                named = True
                # "from the role of deputy heads of the KNB", "of his duties as deputy minister"
                for inner in _children(obj, "prep"):
                    if inner.lower_ in ("of", "as"):
                        for title_token in _objects(inner):
                            if (found := _title_of(here, title_token)) is not None:
                                return found, True
    for child in trigger.children:
        if child.dep_ in ("oprd", "attr", "xcomp", "ccomp", "dobj") and (found := _title_of(here, child)) is not None:
            if child.dep_ != "dobj" or trigger.pos_ == "VERB" and not here.people_of(child):
                return found, True
        # "appointed to head the KNB"
        if child.dep_ in ("xcomp", "advcl") and _lemma(child) in ("head", "lead"):
            for obj in _children(child, "dobj"):
                after = here.organisation_after(obj.left_edge.i)
                if after is not None:
                    return Title(child.i, after[1], child.i, "head", after[0], phrase=f"head of {after[0]}"), True
    return None, named


def _title_of(here: _Sentence, token: Token) -> Title | None:
    title = here.title_at.get(token.i)
    if title is not None:
        return title
    return next((t for t in here.titles if t.start <= token.i < t.end and not here.ctx.names.at(token)), None)


def _reason(holder: Token) -> str | None:
    """Why, from the words a trigger or a participle governs: "charged with organising riots", "accused of high
    treason", "arrested on charges of extremism", "detained for taking part in the riots"."""
    change = _change_of(holder)
    for prep in _children(holder, "prep"):
        for obj in _objects(prep):
            if _lemma(obj) in _words("reason_nouns"):
                inner = [o for p in _children(obj, "prep") if p.lower_ == "of" for o in _objects(p)]
                if inner:
                    return _phrase(inner[0])
            elif prep.lower_ in ("with", "of") and _lemma(holder) in _words("reason_verbs"):
                return _phrase(obj)
            elif prep.lower_ in ("for", "over") and change in ("arrested", "charged"):
                if obj.ent_type_ not in ("DATE", "TIME", "CARDINAL"):
                    return _phrase(obj)
    return None


def _reason_beside(here: _Sentence, person: Person) -> str | None:
    """A reason given beside the name: "X, suspected of organising the riots, was detained"."""
    for token in here.ctx.doc[person.start : person.end]:
        for child in token.children:
            if child.dep_ == "acl" and _lemma(child) in _words("reason_verbs"):
                found = _reason(child)
                if found:
                    return found
    return None


def _phrase(token: Token) -> str:
    """The words of a reason: the phrase `token` heads, stopped at a comma or a relative clause."""
    doc = token.doc
    end = token.right_edge.i + 1
    for index in range(token.i, end):
        if doc[index].text in (",", ";", "(") or doc[index].tag_ in ("WDT", "WP"):
            end = index
            break
    start = token.left_edge.i
    while start < token.i and doc[start].lower_ in _DETERMINERS:
        start += 1
    return doc[start:end].text.strip()


def _announcer(ctx: Context, trigger: Token, change: str, passive: bool, targets: set[str]) -> str | None:
    """Who announced or made the change: the subject of a verb of announcing above the trigger ("The presidency
    announced the dismissal of X"), "according to X", or who appointed or dismissed ("Tokayev dismissed X").
    Never one of the `targets`, the people the change happens to (the parser may make them the subject)."""

    def first_named(candidates: list[Token], verb: Token | None = None) -> str | None:
        for candidate in sorted(candidates, key=lambda c: abs(c.i - (verb or trigger).i)):
            if candidate.lower_ in ("it", "there", "who", "which", "that", "they"):
                continue
            name = speaker_of_subject(ctx, candidate, verb) if verb is not None else ctx.names.name_of(candidate)
            if name and name not in targets:
                return name
        return None

    token = trigger
    for _ in range(4):
        if token is not trigger and token.pos_ == "VERB" and _lemma(token) in _words("announcing_verbs"):
            if _children(token, "nsubjpass"):  # "X's arrest was confirmed by his lawyer"
                speakers = [o for agent in _children(token, "agent") for o in _objects(agent)]
            else:
                speakers = _children(token, "nsubj") or _clause_subject(token)
            found = first_named(speakers, token)
            if found:
                return found
        if token.head.i == token.i:
            break
        token = token.head
    for prep in _children(trigger.sent.root, "prep"):
        if prep.lower_ == "according":
            found = first_named([o for to in _children(prep, "prep") for o in _objects(to)])
            if found:
                return found
    if change in ("appointed", "dismissed") and trigger.pos_ == "VERB":
        if passive:
            return first_named([o for agent in _children(trigger, "agent") for o in _objects(agent)])
        return first_named(_children(trigger, "nsubj"))
    return None


def _clause_subject(verb: Token) -> list[Token]:
    """The noun right before a verb the parser left without a subject: "..., the presidential press service
    said" (the parser makes the service an apposition of the name before it)."""
    index = verb.i - 1
    while index >= verb.sent.start and verb.doc[index].text not in (",", ";", ":", '"'):
        if verb.doc[index].pos_ in ("NOUN", "PROPN"):
            return [verb.doc[index]]
        index -= 1
    return []


def _replacement(here: _Sentence, trigger: Token) -> tuple[tuple[str, ...], str | None]:
    """Whom an appointment replaces: names ("replacing X", "in place of X") or a pronoun ("In their place")."""
    for child in trigger.children:
        if child.dep_ == "prep":
            for obj in _objects(child):
                if _lemma(obj) not in _words("replacement_nouns"):
                    continue
                named = [p.name for prep in _children(obj, "prep") for o in _objects(prep) for p in here.people_of(o)]
                if named:
                    return tuple(named), None
                for owner in _children(obj, "poss"):
                    if owner.lower_ in _PRONOUNS:
                        return (), _PRONOUNS[owner.lower_]
                    named = [p.name for p in here.people_of(owner)]
                    if named:
                        return tuple(named), None
        if child.dep_ in ("advcl", "xcomp", "conj") and _lemma(child) in _words("replacement_verbs"):
            named = [p.name for o in _children(child, "dobj") for p in here.people_of(o)]
            if named:
                return tuple(named), None
    return (), None


# -- dates ---------------------------------------------------------------------------------------------------


def date_of(ctx: Context, sentence: Span, trigger: Token) -> date | None:
    """The day a change happened: the date nearest the trigger in its sentence, else the report's date. A
    date that is not a day ("in 2009", "last week") gives None: a wrong day is worse than none."""
    dated = [
        t
        for t in ctx.timexes
        if sentence.start_char <= t.start < sentence.end_char and t.type in ("DATE", "TIME") and t.value
        and not t.value.endswith("_REF")
    ]  # fmt: skip
    if not dated:
        return ctx.anchor
    nearest = min(dated, key=lambda t: abs(t.start - trigger.idx))
    # one day, or the day an open period starts ("held since January 6"); not a week, a month or a year
    return nearest.begin if nearest.value and _DAY.match(nearest.value) else None


# -- the records ---------------------------------------------------------------------------------------------


def roles(ctx: Context) -> list[Role]:
    """Every role of a person that `ctx` states, and every change to one, in text order."""
    people = persons(ctx)
    organisations = {m.name for m in ctx.names.mentions if m.type == "org"}
    surnames = {p.name.split()[-1]: p.name for p in people if " " in p.name}
    found: list[tuple[int, Role]] = []  # (sentence number, role)
    for number, sentence in enumerate(ctx.doc.sents):
        here_people = [p for p in people if sentence.start <= p.start < sentence.end]
        if not here_people:
            continue
        here = _Sentence(ctx, sentence, here_people, organisations, surnames)
        evidence = ctx.sentence_evidence(sentence)
        used: set[Title] = set()
        changes = _merged_changes(list(_changes(ctx, here)))
        for change in changes:
            title = change.title
            if title is not None:
                used.add(title)
            held = here.held.get(change.person, [])
            previous = next((t for t in held if t.former), None)
            if title is None:
                title = next((t for t in held if not t.former), None)
            if title is None and change.change != "appointed":
                title, previous = previous, None  # "its former chairman, X, was detained": detained as chairman
            used.update(t for t in (title, previous) if t is not None)
            role = Role(
                id="",
                document_id=ctx.document.id,
                actor_id=record_id("act", ctx.document.id, change.person.name),
                actor=change.person.name,
                evidence=evidence,
                title=title.title if title else None,
                organization=title.organization if title else None,
                change=change.change,
                reason=change.reason,
                previous_role=previous.phrase if previous else None,
                date=date_of(ctx, sentence, change.trigger),
                announced_by=change.announced_by,
                replaces=change.replaces,
            )
            if change.replaces_pronoun or change.replaces:
                role = _replacing(role, change, [r for n, r in found if n >= number - 3])
            found.append((number, role))
        for person, titles in here.held.items():
            for title in titles:
                if title in used:
                    continue
                role = Role(
                    id="",
                    document_id=ctx.document.id,
                    actor_id=record_id("act", ctx.document.id, person.name),
                    actor=person.name,
                    evidence=evidence,
                    title=None if title.former else title.title,
                    organization=None if title.former else title.organization,
                    previous_role=title.phrase if title.former else None,
                )
                found.append((number, role))
    found += _successors(ctx, people, found)
    return unique(known_posts(role for _, role in found))


_SUCCESSION = re.compile(r"\b(?:replaced|succeeded|followed)\s+by\s+(?:his\s+|her\s+)?(?:deputy\s+)?$", re.IGNORECASE)


def _successors(ctx: Context, people: list[Person], found: list[tuple[int, Role]]) -> list[tuple[int, Role]]:
    """ "X was dismissed and replaced by Y": Y is appointed to the post X left, and replaces X."""
    added: list[tuple[int, Role]] = []
    changed = [(n, r) for n, r in found if r.change in ("dismissed", "resigned", "arrested")]
    if not changed:
        return added
    sentences = {ctx.sentence_evidence(s).start: s for s in ctx.doc.sents}
    for number, role in changed:
        sentence = sentences.get(role.evidence.start)
        if sentence is None:
            continue
        for person in people:
            if not (sentence.start <= person.start < sentence.end) or person.name == role.actor:
                continue
            before = ctx.doc[max(person.start - 5, sentence.start) : person.start].text + " "
            if _SUCCESSION.search(before):
                successor = Role(
                    id="",
                    document_id=ctx.document.id,
                    actor_id=record_id("act", ctx.document.id, person.name),
                    actor=person.name,
                    evidence=role.evidence,
                    title=role.title,
                    organization=role.organization,
                    change="appointed",
                    date=role.date,
                    announced_by=role.announced_by,
                    replaces=(role.actor,),
                )
                added.append((number, successor))
    return added


def _merged_changes(changes: list[_Change]) -> list[_Change]:
    """One change per person and kind in a sentence; a charge beside an arrest gives the arrest its reason."""
    result: dict[tuple[Person, str], _Change] = {}
    for change in changes:
        key = (change.person, change.change)
        if key in result:
            kept = result[key]
            kept.title = kept.title or change.title
            kept.reason = kept.reason or change.reason
            kept.announced_by = kept.announced_by or change.announced_by
            continue
        result[key] = change
    others = {person for person, kind in result if kind != "charged"}
    for (person, kind), change in list(result.items()):
        if kind == "charged" and person in others and change.trigger.dep_ == "acl":
            del result[(person, kind)]  # "X, accused of treason, was arrested": the reason of the arrest
            for (other, _), kept in result.items():
                if other == person:
                    kept.reason = kept.reason or change.reason
    return sorted(result.values(), key=lambda c: (c.trigger.i, c.person.start))


def _replacing(role: Role, change: _Change, earlier: list[Role]) -> Role:
    """Link an appointment to whom it replaces, and take their post when it names none."""
    departed = [r for r in earlier if r.change in ("dismissed", "resigned", "arrested")]
    if change.replaces:
        replaced = [r for r in earlier if r.actor in change.replaces]
    elif departed:
        last = max(r.evidence.start for r in departed)
        replaced = [r for r in departed if r.evidence.start == last]
        if change.replaces_pronoun == "single":
            replaced = replaced[-1:]
    else:
        return role
    names = change.replaces or tuple(dict.fromkeys(r.actor for r in replaced))
    post = next((r for r in replaced if r.title), None)
    if role.title is None and post is not None:
        role = replace(role, title=post.title, organization=post.organization)
    return replace(role, replaces=names)


def known_posts(found: Iterable[Role]) -> Iterator[Role]:
    """A change that names no post concerns the post the report gave the same change before, else the post it
    last gave the person ("Tokayev dismissed Masimov from the post" after "its former chairman, Karim Masimov").
    Not for an appointment: that is to a new post."""
    known: dict[tuple[str, str | None], Role] = {}  # (actor, change) -> the last titled record; (actor, None) too
    for role in found:
        post = known.get((role.actor, role.change)) or known.get((role.actor, None))
        if role.title is None and role.change not in (None, "appointed") and post is not None:
            role = replace(role, title=post.title, organization=post.organization)
        if role.title is not None:
            known[(role.actor, role.change)] = known[(role.actor, None)] = role
        yield role


def unique(found: Iterable[Role]) -> list[Role]:
    """One record per (person, title, organisation, change, previous role); later mentions fill gaps."""
    kept: dict[tuple[str, str | None, str | None, str | None, str | None], Role] = {}
    for role in found:
        key = (role.actor, role.title, role.organization, role.change, role.previous_role)
        if key not in kept:
            kept[key] = role
            continue
        first = kept[key]
        kept[key] = replace(
            first,
            reason=first.reason or role.reason,
            announced_by=first.announced_by or role.announced_by,
            replaces=first.replaces or role.replaces,
        )
    # a change with no title is the same change as one with a title, when the report gives both
    titled = {(r.actor, r.change) for r in kept.values() if r.change and r.title}
    result = []
    for role in kept.values():
        if role.change and role.title is None and (role.actor, role.change) in titled:
            continue
        role_id = record_id("role", role.document_id, role.actor, role.title, role.change, role.evidence.start)
        result.append(replace(role, id=role_id))
    return sorted(result, key=lambda r: r.evidence.start)  # stable: text order within a sentence
