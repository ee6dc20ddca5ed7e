"""Roles in Russian: what a person named in a report is (a title in an organisation), and what happened to them
in it, as `extract.roles` finds them in English, with the words of `patterns/ru/roles.yml` read by lemma.

Each sentence of the body is read in three steps:

1. the people it names: the PERSON names of the pipeline that `ru_names.actors` made a person of (a name the
   reader is unsure is a person gives no role: precision before recall), under the actor's nominative name;
2. the titles they carry: a title noun ("президент", "министра", "глава") in apposition to the name, before it
   ("президент Касым-Жомарт Токаев") or after it with a comma ("Токаев, президент Казахстана"). The title is
   the noun in the nominative with the adjectives that belong to it ("генеральный прокурор") and its genitive
   domain as written ("министр внутренних дел", "заместитель министра обороны"); the organisation is the body
   or country named in the genitive after it ("глава КНБ" -> "КНБ", "президент Казахстана" -> "Казахстан"), as
   `ru_names` names it, else the ministry a minister's domain names when the alias table knows it
   ("министр здравоохранения" -> "Министерство здравоохранения");
3. the changes: a trigger word (`changes`, with the dependent some need: "освободил X от должности") tied to
   the people it acts on, found as `ru_events` finds the people an arrest or a dismissal is about, with the
   post it names ("назначен премьер-министром", "на должность акима Алматы", "от должности главы КНБ"), else
   the title the person carries in the sentence; a trigger negated or only supposed ("не был задержан",
   "может быть уволен") is no change. "по обвинению в госизмене" is the reason of an arrest or a charge.

The titles no change used are plain roles (change None). The records are made, merged and given ids by the
English rules (`extract.roles`: one record per person, title, organisation and change, the first mention kept;
a change that names no post takes the one the report gave the person), so the two languages' roles are alike.
The date of a change is the sentence's day nearest its trigger, else the report's date, as in English.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from spacy.tokens import Span, Token

from ..extract.context import Context
from ..extract.roles import date_of, known_posts, unique
from ..records import Actor, Evidence, Role
from . import ru_lexicon as lexicon
from . import ru_names
from .profile import profile
from .ru_events import is_patient, name_of, name_table, patient_heads

__all__ = ["roles"]

_listed = partial(lexicon.listed, "roles")
#: The relations by which a name and a title noun stand for one person ("министр ... Алексей Цой").
_APPOSITION = frozenset({"appos", "flat", "flat:name"})
#: Dependents of a trigger that carry negation or a supposition ("не был задержан", "может быть уволен").
_MOOD_DEPS = frozenset({"advmod", "aux", "aux:pass", "parataxis", "discourse", "cop"})


@cache
def _changes() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(change, trigger words, words one of its dependents must be), in the file's order."""
    data: dict[str, Any] = profile("ru").lexicon("roles")["changes"]
    return tuple(
        (change, tuple(entry["words"]), tuple(entry.get("with") or ())) for change, entries in data.items()
        for entry in entries
    )  # fmt: skip


@dataclass(frozen=True)
class _Person:
    """A person named in a sentence: the tokens of the name, and the actor's nominative name and id."""

    tokens: frozenset[int]
    root: Token
    name: str
    actor_id: str


@dataclass(frozen=True)
class _Title:
    """A title phrase: its head noun, the title in the nominative, its organisation, whether it was held before."""

    head: int
    title: str
    organization: str | None = None
    former: bool = False


def roles(ctx: Context, named: Sequence[Actor]) -> list[Role]:
    """Every role of a person the body of a Russian report states, and every change to one, in text order.
    `named` are the report's actors (`ru_names.actors`): only their people get roles, under their names."""
    people_by_name = {actor.name: actor for actor in named if actor.type == "person"}
    table = name_table(named)
    found: list[Role] = []
    for sentence in ctx.doc.sents:
        evidence = ctx.sentence_evidence(sentence)
        if evidence.start < ctx.document.body_start:
            continue  # a header's title: the body says it again in full, as English keeps it
        people = list(_people(sentence, table, people_by_name))
        if not people:
            continue
        carried = {person: _carried(person) for person in people}
        # a role of a person named in this sentence (ids are given by `unique`)
        role_of = partial(_role, ctx.document.id, evidence)
        used: set[tuple[_Person, int]] = set()
        for trigger, change in _triggers(sentence):
            post = _post(trigger)
            for person in _patients(trigger, change, people):
                title = post or carried[person]
                if title is not None and title.former and change == "appointed":
                    title = None  # an appointment is to a new post, never to one held before
                if title is not None and title is carried[person]:
                    used.add((person, title.head))
                found.append(
                    role_of(
                        person,
                        title=title.title if title else None,
                        organization=title.organization if title else None,
                        change=change,
                        reason=_reason(trigger) if change in ("arrested", "charged") else None,
                        date=date_of(ctx, sentence, trigger),
                        announced_by=_announcer(trigger, person, table)
                        if change in ("appointed", "dismissed")
                        else None,
                    )
                )
        for person, title in carried.items():
            if title is None or (person, title.head) in used:
                continue
            found.append(
                role_of(
                    person,
                    title=None if title.former else title.title,
                    organization=None if title.former else title.organization,
                    previous_role=_former_phrase(title) if title.former else None,
                )
            )
    return unique(known_posts(found))


def _role(document_id: str, evidence: Evidence, person: _Person, **fields: Any) -> Role:
    return Role(
        id="", document_id=document_id, actor_id=person.actor_id, actor=person.name, evidence=evidence, **fields
    )


# --- 1. people ----------------------------------------------------------------------------------------------


def _people(sentence: Span, table: dict[str, str], people: dict[str, Actor]) -> Iterator[_Person]:
    """The people the sentence names that the report's actors hold as people; not a name that starts with a
    title (the NER took "Аким Алматы Бакытжан Сагинтаев" for one name: which words are the person is unsure)."""
    for entity in sentence.ents:
        if entity.label_ != "PERSON" or _is_title(entity[0]):
            continue
        name = name_of(entity[0], table)
        actor = people.get(name) if name else None
        if actor is not None:
            yield _Person(frozenset(t.i for t in entity), entity.root, actor.name, actor.id)


# --- 2. titles ----------------------------------------------------------------------------------------------


def _is_title(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and lexicon.matches(token, _listed("titles"))


def _carried(person: _Person) -> _Title | None:
    """The title the person is named with: a title noun the name is in apposition to ("президент ... Токаев"),
    or one in apposition to the name ("Токаев, президент Казахстана")."""
    root = person.root
    if root.dep_ in _APPOSITION and root.head.i not in person.tokens and _is_title(root.head):
        return _title(root.head)
    doc = root.doc
    for child in (c for i in sorted(person.tokens) for c in doc[i].children):  # the parser may hang it on a surname
        if child.i in person.tokens or not _is_title(child):
            continue
        if child.dep_ == "appos" or (child.dep_ == "conj" and _set_off(child, person)):
            return _title(child)
    return None


def _set_off(title: Token, person: _Person) -> bool:
    """ "Бакытжан Сагинтаев, аким Алматы, ...": a title right after the name and a comma, which the parser may
    take for a second conjunct; not one joined by "и" ("Сагинтаев и аким")."""
    doc = title.doc
    return (
        title.i >= 2
        and doc[title.i - 1].text == ","
        and title.i - 2 == max(person.tokens)
        and not any(c.dep_ == "cc" for c in title.children)
    )


def _title(head: Token) -> _Title:
    """The title a title noun heads: the noun in the nominative with its own adjectives, its genitive domain as
    written ("министр внутренних дел", "заместитель министра обороны"); the body or country named after it in
    the genitive is its organisation."""
    words = {head.i}
    former = False
    for child in head.children:
        if child.dep_ == "amod" and child.i < head.i:
            if lexicon.matches(child, _listed("former_markers")):
                former = True
            elif lexicon.matches(child, _listed("title_modifiers")):
                words |= {t.i for t in child.subtree}
    organization = None
    domain = head
    while True:  # the genitive chain: "заместителя министра обороны Казахстана"
        nmod = _genitive(domain)
        if nmod is None:
            break
        if nmod.ent_type_ in ("ORG", "GPE") or nmod.pos_ == "PROPN":
            organization = _body(nmod)
            break
        words |= {t.i for t in nmod.subtree if not t.ent_type_ and t.pos_ not in ("PUNCT", "ADP")}
        domain = nmod
    tokens = [head.doc[i] for i in sorted(words)]
    tokens = tokens[: next((n for n in range(1, len(tokens)) if tokens[n].i != tokens[n - 1].i + 1), len(tokens))]
    title = ru_names._nominative(tokens, head).lower()
    if organization is None and domain is not head:
        organization = _ministry(head, title)
    return _Title(head.i, title, organization, former)


def _genitive(token: Token) -> Token | None:
    """The noun in the genitive, without a preposition, that a noun governs after it ("министр здравоохранения")."""
    for child in token.children:
        if (
            child.dep_ in ("nmod", "appos")
            and child.i > token.i
            and "Gen" in child.morph.get("Case", [])
            and not any(c.dep_ == "case" for c in child.children)
        ):
            return child
    return None


def _body(token: Token) -> str:
    """The organisation or country a genitive names, in the nominative as `ru_names` names it."""
    return ru_names.nominative(ru_names.phrase(token))


def _ministry(head: Token, title: str) -> str | None:
    """ "министр здравоохранения" -> "Министерство здравоохранения", when the alias table knows that ministry."""
    body = profile("ru").lexicon("roles")["ministry_titles"].get(lexicon.lemma(head))
    noun, _, domain = title.partition(" ")
    if body is None or not domain or lexicon.normal(noun) != lexicon.lemma(head):
        return None
    name = f"{body} {domain}"
    return name if ru_names.english_name(name) is not None else None


def _former_phrase(title: _Title) -> str:
    return title.title if title.organization is None else f"{title.title} {title.organization}"


# --- 3. changes ---------------------------------------------------------------------------------------------


def _triggers(sentence: Span) -> Iterator[tuple[Token, str]]:
    """The words of a change in the sentence, each with its change (the first entry of the file it meets), not
    negated or supposed."""
    for token in sentence:
        if token.pos_ not in ("VERB", "NOUN", "AUX") and "Part" not in token.morph.get("VerbForm", []):
            continue
        for change, words, needed in _changes():
            if not lexicon.matches(token, words):
                continue
            if needed and not any(lexicon.matches(c, needed) for c in token.children):
                continue
            if not _negated(token):
                yield token, change
            break


def _negated(trigger: Token) -> bool:
    """ "не был задержан", "не назначен", "может быть уволен", "якобы задержан": no change."""
    doc = trigger.doc
    before = doc[trigger.i - 1] if trigger.i > trigger.sent.start else None
    if before is not None and before.lower_ in _listed("negations"):
        return True
    governing = [trigger] + ([trigger.head] if trigger.dep_ in ("xcomp", "obl", "obj") else [])
    for word in governing:
        for child in word.children:
            if child.dep_ not in _MOOD_DEPS:
                continue
            if child.lower_ in _listed("negations") or lexicon.matches(child, _listed("hedges")):
                return True
        if word is not trigger and lexicon.matches(word, _listed("hedges")):
            return True
    return False


def _patients(trigger: Token, change: str, people: list[_Person]) -> list[_Person]:
    """The people the change acts on: as `ru_events` finds them ("задержан Осипов", "задержание Осипова",
    "освободил Масимова"), and whom a charge is brought against ("предъявила обвинение Осипову"). The subject
    only of a resignation ("Беков подал в отставку"): the subject of "заявил о задержаниях" or of "назначил"
    with no object is who speaks or acts, not whom it happens to."""
    heads = patient_heads(trigger.doc[trigger.i : trigger.i + 1])
    if change != "resigned":
        heads = [h for h in heads if h.dep_ != "nsubj"]
    heads += [c for c in trigger.children if c.dep_ == "iobj"]
    heads += [g for c in trigger.children if c.dep_ == "obj" for g in c.children if g.dep_ in ("iobj", "nmod")]
    if lexicon.matches(trigger, ("обвинить", "обвинять")):
        heads = [h for h in heads if not any(c.dep_ == "case" for c in h.children)]  # not "в госизмене"
    return [p for p in people if any(is_patient(p.root.doc[i], heads) for i in sorted(p.tokens))]


def _post(trigger: Token) -> _Title | None:
    """The post a change names: "назначен премьер-министром", "назначен главой КНБ", "на должность акима",
    "от должности главы КНБ", "с поста главы КНБ"."""
    for child in trigger.children:
        if child.dep_ in ("xcomp", "obl", "nmod") and _is_title(child) and "Ins" in child.morph.get("Case", []):
            return _title(child)
        if child.dep_ in ("obl", "nmod") and lexicon.matches(child, _listed("post_nouns")):
            for inner in child.children:
                if inner.dep_ in ("nmod", "appos") and _is_title(inner):
                    return _title(inner)
    return None


def _reason(trigger: Token) -> str | None:
    """ "задержан по обвинению в госизмене" -> "госизмена": what the charge is of, in the nominative."""
    for child in trigger.children:
        if child.dep_ in ("obl", "nmod", "obj") and lexicon.matches(child, _listed("reason_nouns")):
            for inner in child.children:
                if inner.dep_ == "nmod" and any(c.dep_ == "case" for c in inner.children):
                    return ru_names.nominative(ru_names.phrase(inner))
    if lexicon.matches(trigger, ("обвинить", "обвинять")):  # "обвинили в госизмене"
        for child in trigger.children:
            if child.dep_ == "obl" and any(c.lower_ == "в" for c in child.children):
                return ru_names.nominative(ru_names.phrase(child))
    return None


def _announcer(trigger: Token, person: _Person, table: dict[str, str]) -> str | None:
    """Who appointed or dismissed: the named subject of the trigger's verb ("Токаев освободил Масимова")."""
    for child in trigger.children:
        if child.dep_ == "nsubj" and child.i not in person.tokens:
            name = name_of(child, table)
            if name and name != person.name:
                return name
    return None
