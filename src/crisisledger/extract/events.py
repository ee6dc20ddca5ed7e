"""Events: what happened, is going on, is scheduled or might happen; when, where, and who took part.

The words are data (patterns/events.yml, whose header explains each key). `events()` reads each sentence:
1. triggers that pass their guards; of two on the same words the more specific wins ("violent protests"),
   then the one written first in events.yml (one fixed order: never that of a set);
2. modality: negated is no event; "could", "called for": hypothetical; "will", "is due to", a future date:
   scheduled; the present (and the perfect, for a lasting condition such as a curfew): ongoing;
3. one event per type per sentence, its triggers read together;
4. what the type needs: the people an arrest, dismissal or appointment is about (an arrest of a crowd is an
   arrest wave), the goods a shortage lacks, who sent the troops, the claim exposed and who exposed it;
5. date, duration, place, actors; then figures join the event they suit, and cues give the subtype.
docs/events.md has the taxonomy and the decisions behind it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from itertools import count
from typing import Any, Generic, Protocol, TypeVar

from spacy.tokens import Span, Token

from .. import patterns
from ..records import Event, Figure, Place, record_id
from .context import Context
from .dates import Timex
from .names import canonical
from .places import gazetteer

__all__ = ["Draft", "Trigger", "event_types", "events", "link_figures", "merged", "nearest_place"]

_WINDOW = 6  # how near, in words, a `with` word must stand to its trigger
_NEGATIONS = frozenset({"not", "n't", "never", "no", "without", "nor"})
_NOT_TRIGGERS = frozenset({"DATE", "TIME", "PERSON", "MONEY", "PERCENT", "ORDINAL", "CARDINAL", "QUANTITY"})
_CLAUSE_EDGES = frozenset({"ccomp", "relcl", "advcl", "parataxis", "csubj", "acl"})
_DELAYS = frozenset({"after", "before", "within", "in", "following", "later", "ago", "since", "until"})
_MODALS = frozenset({"may", "might", "could", "should"})
_LEVELS = {"city": 0, "region": 1, "country": 2}
_PRONOUNS = frozenset({"he", "she", "him", "her"})


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[\w']+|-", phrase.lower()))


def _forms(token: Token) -> set[str]:
    return set(_ordered_forms(token))


def _ordered_forms(token: Token) -> tuple[str, ...]:
    """The word as written, its lemma, the word without a plural s: in this order, wherever order decides."""
    return (token.lower_, token.lemma_.lower(), token.lower_.removesuffix("s"))


class Trigger(Protocol):
    """A trigger of either language's lexicon, as a `Draft` holds it: its event type and its entry's keys."""

    @property
    def type(self) -> str: ...

    @property
    def spec(self) -> dict[str, Any]: ...


T = TypeVar("T", bound=Trigger)


@dataclass(frozen=True, eq=False)
class Entry:
    """One trigger of the lexicon and its guards."""

    type: str
    words: tuple[str, ...]
    spec: dict[str, Any]  # its keys in events.yml: pos, with, unless, modified_by, subtype, detail...
    rank: int  # its place in events.yml: of two triggers on the same words, the one written first wins

    def has(self, key: str) -> frozenset[str]:
        return frozenset(self.spec.get(key) or ())


@dataclass
class Draft(Generic[T]):
    """An event being read: its triggers in one sentence, and what the steps find. The Russian reader's drafts
    are these too (`Draft[language.ru_events.Entry]`): the same fields, the same type keys."""

    type: str
    sentence: Span
    triggers: list[tuple[T, Span]] = field(default_factory=list)
    modality: str = "occurred"
    subtype: str | None = None
    actors: list[str] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)
    figure_ids: list[str] = field(default_factory=list)
    figure_kinds: set[str] = field(default_factory=set)  # of every figure stated in its sentence
    place: Place | None = None
    start: date | None = None
    end: date | None = None
    duration: int | None = None
    first: Span | None = None  # an earlier sentence its evidence starts at
    optional: bool = False  # kept only when a figure joins it

    @property
    def spec(self) -> dict[str, Any]:
        return event_types()[self.triggers[0][0].type]


@cache
def event_types() -> dict[str, dict[str, Any]]:
    """The types of patterns/events.yml, for either language's reader: what each takes besides its words."""
    return patterns.load("events")["types"]


@cache
def _index() -> dict[str, list[Entry]]:
    """Triggers by their first word, each ranked by where it is written in events.yml."""
    index: dict[str, list[Entry]] = {}
    ranks = count()
    for name, spec in event_types().items():
        for item in spec["triggers"]:
            merged = item | {"unless": [*item.get("unless", ()), *spec.get("unless", ())], "not_by": spec.get("not_by")}
            for phrase in item["words"]:
                index.setdefault(_words(phrase)[0], []).append(Entry(name, _words(phrase), merged, next(ranks)))
    return index


@cache
def _table(key: str) -> frozenset[str]:
    return frozenset(word.lower() for word in patterns.load("events")[key])


def events(ctx: Context, located: list[tuple[Figure, list[Span]]]) -> list[Event]:
    """Every event the body of the report tells of, one per type per sentence, in text order."""
    drafts: list[Draft[Entry]] = []
    previous = None
    for sentence in ctx.doc.sents:
        found = _read(ctx, sentence, previous)
        told = {key for draft in found for key in _told(draft)}
        drafts += [d for d in found if not told & set(d.spec.get("yields_to", ()))]
        previous = sentence
    link_figures(drafts, located)
    made = [_event(ctx, draft) for draft in drafts if draft.figure_ids or not draft.optional]
    # A header's title tells again what the body tells in full (extract.report): its events are left out before
    # the retellings merge, since a merged event is told by its earliest mention, which would be the title's
    return merged([event for event in made if event.evidence.start >= ctx.document.body_start])


def _told(draft: Draft[Entry]) -> set[str]:
    """What a draft tells, for `yields_to`: its type, and its type with each subtype it or its triggers give
    ("strategic_developments/disrupted_weapons_use")."""
    subtypes = {draft.subtype, *(entry.spec.get("subtype") for entry, _ in draft.triggers)}
    return {draft.type, *(f"{draft.type}/{subtype}" for subtype in subtypes if subtype)}


def merged(found: list[Event]) -> list[Event]:
    """One event per happening in a report: sentences that tell the same happening again (the same type,
    compatible places, dates that overlap or are not given) become one event, told by its most detailed
    mention, with the actors, figures and details of all."""
    groups: list[list[Event]] = []
    for event in (one for told in found for one in _per_item(told)):
        for group in groups:
            if all(_retold(event, other) for other in group):
                group.append(event)
                break
        else:
            groups.append([event])
    return [_combined(group) for group in groups]


def _per_item(event: Event) -> list[Event]:
    """A shortage of fuel and bread is two shortages: one event per item, each told with its own details."""
    items = [value for key, value in event.details if key == "item"]
    if event.type != "shortage" or len(items) < 2:
        return [event]
    others = tuple(d for d in event.details if d[0] != "item")
    return [
        replace(event, id=record_id("ev", event.document_id, event.id, item), details=(("item", item), *others))
        for item in items
    ]


def _retold(a: Event, b: Event) -> bool:
    from ..reconcile.incidents import places_agree

    if (a.type, a.subtype) != (b.type, b.subtype) and not (a.type == b.type and None in (a.subtype, b.subtype)):
        return False
    if {a.modality, b.modality} - {"occurred", "ongoing"} and a.modality != b.modality:
        return False
    if not places_agree(a.place, b.place):
        return False
    if a.actors and b.actors and not set(a.actors) & set(b.actors):
        return False
    if a.type in _ONE_PER_PERSON and a.actors != b.actors:
        return False
    if a.type == "shortage" and not set(a.details) & set(b.details):
        return False  # a shortage of bread and one of fuel are two shortages
    start_a, end_a = a.date_start, a.date_end or a.date_start
    start_b, end_b = b.date_start, b.date_end or b.date_start
    if start_a and start_b and end_a and end_b:
        return start_a <= end_b and start_b <= end_a
    return True


#: Types whose every event is about its own people: two arrests of two people are two events.
_ONE_PER_PERSON = {"arrest", "dismissal", "appointment"}


def _combined(group: list[Event]) -> Event:
    if len(group) == 1:
        return group[0]

    def detail(event: Event) -> tuple:
        return (
            event.date_start is not None,
            len(event.details),
            event.duration_days is not None,
            -event.evidence.start,
        )

    best = max(group, key=detail)
    places = [e.place for e in group if e.place is not None]
    place = min(places, key=lambda p: {"city": 0, "region": 1}.get(p.level or "", 2), default=None)
    starts = [e.date_start for e in group if e.date_start]
    ends = [e.date_end for e in group if e.date_end]
    return replace(
        best,
        place=place,
        subtype=best.subtype or next((e.subtype for e in group if e.subtype), None),
        date_start=min(starts) if starts else None,
        date_end=max(ends) if ends else None,
        actors=tuple(dict.fromkeys(a for e in group for a in e.actors)),
        figure_ids=tuple(dict.fromkeys(f for e in group for f in e.figure_ids)),
        details=tuple(dict.fromkeys(d for e in group for d in e.details)),
        duration_days=best.duration_days or next((e.duration_days for e in group if e.duration_days), None),
        modality="occurred" if any(e.modality == "occurred" for e in group) else best.modality,
    )


def _read(ctx: Context, sentence: Span, previous: Span | None) -> list[Draft[Entry]]:
    drafts: dict[str, Draft[Entry]] = {}
    for entry, span in _triggers(sentence):  # 1. triggers
        draft = drafts.setdefault(entry.type, Draft(entry.type, sentence))
        future = any(timex.future for timex, _, _ in _bound(ctx, sentence, [span]))
        modality = _modality(entry, span, future)  # 2. modality
        if modality is not None:  # 3. read together: the first trigger sets the modality
            draft.modality = draft.modality if draft.triggers else modality
            draft.triggers.append((entry, span))
    kept = []
    for draft in (d for d in drafts.values() if d.triggers):
        actors = [_actor(ctx, t) for _, span in draft.triggers for t in _participants(span)]
        draft.actors = [name for name in dict.fromkeys(actors) if name]
        draft.details += [tuple(e.spec["detail"]) for e, _ in draft.triggers if "detail" in e.spec]  # type: ignore[misc]
        needs = draft.spec.get("needs")  # 4. what the type needs
        if needs is not None and not _NEEDS[needs](ctx, draft, previous):
            continue
        _when(ctx, draft, _bound(ctx, sentence, [span for _, span in draft.triggers]))  # 5. when and where
        if needs != "sender":
            draft.place = nearest_place(ctx, draft)
        kept.append(draft)
    return kept


# --- 1. triggers --------------------------------------------------------------------------------------------


def _triggers(sentence: Span) -> list[tuple[Entry, Span]]:
    """The lexicon's triggers in a sentence that pass their guards. Of two on the same words the weightier
    wins (the longer, then one with `modified_by`), then the one that starts first, then the one written first
    in events.yml: one fixed order, never that of a set."""
    doc, found = sentence.doc, []
    for token in sentence:
        if token.ent_type_ in _NOT_TRIGGERS or (token.pos_ == "PROPN" and token.i > sentence.start):
            continue
        for entry in dict.fromkeys(e for form in _ordered_forms(token) for e in _index().get(form, ())):
            span = doc[token.i : min(token.i + len(entry.words), sentence.end)]
            if len(span) == len(entry.words) and all(w in _forms(t) for w, t in zip(entry.words, span, strict=True)):
                if (not entry.has("pos") or token.pos_ in entry.has("pos")) and _guarded(entry, span, sentence):
                    found.append((entry, span))
    kept: list[tuple[Entry, Span]] = []
    taken: set[int] = set()
    for entry, span in sorted(
        found, key=lambda f: (-len(f[0].words) - 2 * bool(f[0].has("modified_by")), f[1].start, f[0].rank)
    ):
        if not taken.intersection(range(span.start, span.end)):
            kept.append((entry, span))
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda f: f[1].start)


def _guarded(entry: Entry, span: Span, sentence: Span) -> bool:
    """`with`: a word within six words or in the trigger's clause; `unless`: a word in the phrase around it
    (its head and their dependents, through a preposition, with their conjuncts: "a rally in oil prices", "a
    formal protest", "clashes between police and militants"); `against`, `not_against`: whom it is done to."""
    root = span.root
    window = sentence.doc[max(span.start - _WINDOW, sentence.start) : min(span.end + _WINDOW, sentence.end)]
    near = [*window, *(t for t in sentence if _clause_root(t) == _clause_root(root))]
    if entry.has("with") and not entry.has("with") & {f for t in near if t not in span for f in _forms(t)}:
        return False
    head = root.head.head if root.head.dep_ == "prep" else root.head
    around = [head, *head.children, *root.head.children]
    around += [g for t in span for c in t.children for g in (c, *(c.children if c.dep_ == "prep" else ()))]
    around += [c for t in around if t.dep_ == "pobj" for c in t.children if c.dep_ == "conj"]
    if entry.has("unless") & {f for t in around if t not in span for f in _forms(t)}:
        return False
    objects = {c.dep_ for c in root.children} & {"dobj", "ccomp", "nsubjpass", "xcomp"}
    if entry.spec.get("intransitive") and (objects or root.tag_ == "VBN" or root.dep_ in ("acl", "amod")):
        return False  # "Apple demonstrated the phone": showing, not demonstrating
    states = [
        c for c in root.children if c.dep_ == "nsubj" and (c.lemma_ in entry.has("not_by") or c.ent_type_ == "GPE")
    ]
    if entry.has("not_by") and root.pos_ == "VERB" and states:
        return False  # "the Kyrgyz authorities officially protested": a diplomatic note, not a rally
    targets = {f for t in _targets(root) for f in _forms(t)}
    if (entry.has("against") and not entry.has("against") & targets) or entry.has("not_against") & targets:
        return False  # "militants killed three soldiers": a battle, not violence against civilians
    return not entry.has("modified_by") or any(entry.has("modified_by") & _forms(c) for t in span for c in t.children)


def _targets(root: Token) -> list[Token]:
    """Whom or what a trigger is done to: the object of its verb or the subject of its passive ("militants
    killed three soldiers", "a teacher was shot"), the "on" or "against" complement of its noun ("an attack on
    an army post"); with their conjuncts and the words that qualify them ("army" in "an army patrol")."""
    if root.pos_ in ("VERB", "AUX"):
        found = [c for c in root.children if c.dep_ in ("dobj", "nsubjpass")]
    else:
        preps = [c for c in root.children if c.dep_ == "prep" and c.lower_ in ("on", "against")]
        found = [o for prep in preps for o in prep.children if o.dep_ == "pobj"]
    found += [c for t in found for c in t.children if c.dep_ == "conj"]
    return found + [c for t in found for c in t.children if c.dep_ in ("compound", "amod")]


# --- 2. modality ----------------------------------------------------------------------------------------------


def _clause_verb(token: Token) -> Token | None:
    """The verb of the clause `token` is in (itself if it is one); None in a verbless headline."""
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _clause_root(token: Token) -> Token:
    while token.dep_ not in _CLAUSE_EDGES and token.head.i != token.i:
        token = token.head
    return token


def _auxes(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.tag_ != "TO"]


def _modality(entry: Entry, span: Span, future: bool) -> str | None:
    """occurred, ongoing, scheduled or hypothetical; None when the trigger is negated ("never shoot")."""
    verb = _clause_verb(span.root)
    negations = [c for t in (span.root, verb) if t is not None for c in t.children]
    negated = any(c.dep_ == "neg" or (c.lower_ in _NEGATIONS and c.dep_ in ("det", "advmod")) for c in negations)
    if negated and not _NEGATIONS & set(entry.words):
        return None
    level, via = verb, span.root.head.lower_ if span.root.head.dep_ == "prep" else ""
    while level is not None:  # "could appoint", "is due to address", "called for the resignation of"
        mood = _mood(level, via, span, future)
        if mood is not None:
            return mood
        if level.dep_ not in ("xcomp", "acomp", "conj") or _auxes(level):
            break
        level, via = level.head, ""
    if future:
        return "scheduled"
    tense = _tense(verb)
    lasting = event_types()[entry.type].get("state") and not _ends([(entry, span)])
    return "ongoing" if tense == "present" or (lasting and tense in ("perfect", None)) else "occurred"


def _mood(level: Token, via: str, span: Span, future: bool) -> str | None:
    words = {f for a in _auxes(level) for f in (a.lower_, a.lemma_.lower())}
    if level not in span:
        words |= {level.lemma_.lower(), f"{level.lemma_.lower()} {via}"}
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in level.children):
        return "hypothetical"
    if "would" in words:
        return "scheduled" if future else "hypothetical"
    wants = words & _table("wanting")
    wanter = span.root.dep_.startswith("nsubj") and span.root.head.i == level.i  # "protesters demanded"
    if wants and not (wanter and wants - _MODALS):
        return "hypothetical"
    return "scheduled" if words & _table("planning") else None


def _tense(verb: Token | None) -> str | None:
    """present, perfect or past; None without a verb (a headline, a list after a colon)."""
    for _ in range(3):  # a participle or infinitive takes the tense of the clause it hangs on
        if verb is None or _auxes(verb) or verb.tag_ not in ("VBG", "VBN", "VB") or verb.dep_ == "ROOT":
            break
        verb = _clause_verb(verb.head)
    if verb is None:
        return None
    tags = {verb.tag_} | {a.tag_ for a in _auxes(verb)}
    if any(a.lemma_ == "have" and a.tag_ in ("VBZ", "VBP") for a in _auxes(verb)):
        return "perfect"
    return "present" if tags & {"VBZ", "VBP"} else "past" if "VBD" in tags else None


def _ends(triggers: list[tuple[Entry, Span]]) -> bool:
    """ "The curfew was lifted", "the internet was restored": the sentence tells of the event's end."""
    for entry, span in triggers:
        ending = {_words(w) for w in event_types()[entry.type].get("ended_by", [None, ()])[1]}
        verb = _clause_verb(span.root)
        if entry.words in ending or (verb is not None and (verb.lemma_.lower(),) in ending):
            return True
    return False


# --- 4. what each type needs ----------------------------------------------------------------------------------


def _patients(span: Span) -> list[Token]:
    """Whom an arrest, dismissal or appointment is about: the object of its verb (the subject of a passive or
    of "resign"), the owner or "of" complement of its noun and a name after it ("the arrest of X, Y")."""
    root = span.root
    if root.pos_ in ("VERB", "AUX"):
        found = [c for c in root.children if c.dep_ in ("dobj", "nsubjpass")]
        return [t for c in found or [c for c in root.children if c.dep_ == "nsubj"] for t in c.subtree]
    found = [t for c in root.children if c.dep_ == "poss" for t in c.subtree]
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
        found += list(prep.subtree)[1:]
        for token in root.doc[prep.right_edge.i + 1 : min(prep.right_edge.i + 6, root.sent.end)]:
            if token.pos_ in ("VERB", "AUX") or token.text in (";", ":"):
                break
            found.append(token)
    return found


def _needs_person(ctx: Context, draft: Draft[Entry], previous: Span | None) -> bool:
    """An arrest, dismissal or appointment is of people named, or of an office ("a new cabinet"); an arrest
    of people unnamed (or counted) is an arrest wave."""
    tokens = [t for _, span in draft.triggers for t in _patients(span)]
    found: list[str | None] = []
    for token in tokens:
        mention = ctx.names.at(token)
        if token.lower_ in _PRONOUNS or (mention is not None and mention.type == "person"):
            found.append(ctx.names.name_of(token) if mention is None else mention.name)
        elif token.pos_ == "PROPN" and token.dep_ in ("conj", "appos") and not token.ent_type_:
            head = ctx.names.at(token.head)  # "Marat Osipov and Daulet Ergozhin": a name the model missed
            found.append(_proper_name(token) if head is not None and head.type == "person" else None)
    people = [p for p in dict.fromkeys(found) if p]
    if people:
        agents = [_actor(ctx, t) for _, s in draft.triggers for t in _participants(s) if t.dep_ in ("nsubj", "pobj")]
        draft.actors = people + [a for a in dict.fromkeys(agents) if a and a not in people]
        draft.details += [("person", name) for name in people]
        return True
    if draft.type != "arrest":
        offices = _table("offices") | frozenset(patterns.load("roles")["titles"])
        return any(t.lemma_.lower() in offices for t in tokens)
    crowd = {w for words in patterns.load("figures")["people"].values() for w in words} | _table("leaders")
    draft.type, draft.subtype = "strategic_developments", "arrests"
    draft.optional = not any(t.lemma_.lower() in crowd or t.pos_ == "NUM" for t in tokens)
    return True


def _needs_item(ctx: Context, draft: Draft[Entry], previous: Span | None) -> bool:
    """A shortage is of goods named near its trigger ("a shortage of fuel", "bread has gone missing")."""
    items = {word: item for item, words in patterns.load("events")["items"].items() for word in words}
    found = [value for key, value in draft.details if key == "item"]
    for _, span in draft.triggers:
        start, end = max(span.start - _WINDOW, draft.sentence.start), min(span.end + _WINDOW, draft.sentence.end)
        found += [items[form] for t in ctx.doc[start:end] for form in _ordered_forms(t) if form in items]
    draft.details = [d for d in draft.details if d[0] != "item"] + [("item", i) for i in dict.fromkeys(found)]
    return bool(found)


def _needs_sender(ctx: Context, draft: Draft[Entry], previous: Span | None) -> bool:
    """Troops are a foreign deployment when an alliance or another country sent them ("CSTO troops", "Russian
    paratroopers", "Russia sent 3,000 troops"); its place is where they are, never the sender."""
    for _, span in draft.triggers:
        verb = _clause_verb(span.root)
        tokens = list(span.root.subtree)
        for head in (verb, verb.head if verb is not None and verb.dep_ == "xcomp" else None):
            tokens += [t for c in (head.children if head else ()) if c.dep_ == "nsubj" for t in c.subtree]
        sender, code = _sender(ctx, tokens)
        own = frozenset(t.i for t in tokens if ctx.names.at(t) is not None)
        others = [e for e, _ in ctx.places if e.start not in own]
        place = nearest_place(ctx, draft, own) if any(e.sent == draft.sentence for e in others) else None
        place = place or (ctx.focus_country if others else None)  # a report naming no other place: unknown
        if sender is None or (code is not None and place is not None and place.country_code == code):
            continue  # nobody sent them, or a country's own troops at home
        draft.place, draft.actors = place, [sender]
        size = next((q for q in ctx.quantities if q.end == span.start and q.min), None)
        draft.details += [("troops", str(size.min))] if size is not None else []
        return True
    return False


def _sender(ctx: Context, tokens: list[Token]) -> tuple[str | None, str | None]:
    """An alliance named among the tokens (its troops are foreign anywhere), else a country and its code."""
    alliances = {canonical(name) for name in patterns.load("events")["alliances"]}
    for token in tokens:
        name = ctx.names.name_of(token) if token.lower_ in ("its", "their") else None
        name = name or (_proper_name(token) if token.pos_ == "PROPN" else None)
        if name in alliances:
            return name, None
    for token in tokens:
        mention = ctx.names.at(token)
        country = gazetteer().country(mention.name) if mention is not None and mention.type == "place" else None
        code = gazetteer().country_of_adjective(token.text) if token.ent_type_ == "NORP" else None
        code = code or getattr(country, "country_code", None)
        if code is not None:
            return getattr(gazetteer().country(code), "name", token.text), code
    return None, None


def _needs_claim(ctx: Context, draft: Draft[Entry], previous: Span | None) -> bool:
    """A claim (a broadcast, a video, a "confession") in the sentence or the one before, exposed as false by
    whoever recognised it, debunked it or said it was staged."""
    claims = _table("claims")
    claim = next((t for s in (previous, draft.sentence) if s is not None for t in s if _forms(t) & claims), None)
    if claim is None:
        return False
    draft.first = claim.sent if claim.sent != draft.sentence else None
    exposing = {_clause_verb(span.root) for _, span in draft.triggers}
    for _, span in draft.triggers:  # the agent of "recognised by"; the subject of "debunked", "said it was staged"
        current = span.root
        for _ in range(4):
            by = [g for c in current.children if c.dep_ == "agent" or c.lower_ == "by" for g in c.children]
            subjects = [c for c in current.children if c.dep_ == "nsubj" and current.lemma_ != "be"]
            exposer = next((t for t in by + subjects if t.dep_ in ("pobj", "nsubj") and not _forms(t) & claims), None)
            if exposer is not None:
                draft.details.append(("exposed_by", ctx.names.name_of(exposer) or exposer.text))
                break
            current = current.head
    verb = _clause_verb(claim)  # whose claim: "the ministry's claim", "state channels broadcast the video"
    owners = [c for c in claim.children if c.dep_ == "poss"]
    owners += [c for c in verb.children if c.dep_ == "nsubj"] if verb is not None and verb not in exposing else []
    claimant = next((name for o in owners if (name := ctx.names.name_of(o))), None)
    if claimant:
        draft.details.append(("claimed_by", claimant))
        draft.actors = [claimant, *draft.actors]
    return True


_NEEDS = {"person": _needs_person, "item": _needs_item, "sender": _needs_sender, "claim": _needs_claim}


# --- 5. when, where, who ------------------------------------------------------------------------------------


def _bound(ctx: Context, sentence: Span, spans: list[Span]) -> list[tuple[Timex, Span, bool]]:
    """Date expressions in a trigger's clause or governing it ("Since January 4, when..."), and whether they do."""
    found = []
    for timex in (t for t in ctx.timexes if sentence.start_char <= t.start < sentence.end_char):
        words = ctx.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if words is None or not len(words):
            continue
        governs = any(t.is_ancestor(span.root) for t in words for span in spans)
        if governs or any(_clause_root(words.root) == _clause_root(span.root) for span in spans):
            found.append((timex, words, governs))
    return found


def _duration(draft: Draft[Entry], bound: list[tuple[Timex, Span, bool]]) -> int | None:
    """A length of time said of a trigger itself ("a five day blackout", "cut for three days", "a week of
    unrest"), not a delay before it ("arrested after a week of unrest")."""
    for timex, words, _ in bound:
        for _, span in draft.triggers if timex.type == "DURATION" and timex.duration_days else ():
            for low, high in ((words.root, span.root), (span.root, words.root)):
                path = [low]
                while path[-1].i != high.i and path[-1].head.i != path[-1].i and len(path) < 5:
                    path.append(path[-1].head)
                if path[-1].i == high.i and not any(t.lower_ in _DELAYS for t in path[1:-1]):
                    return timex.duration_days
    return None


def _when(ctx: Context, draft: Draft[Entry], bound: list[tuple[Timex, Span, bool]]) -> None:
    """The first and last day: a date bound to the event; else the report's date for what is said in the
    present or present perfect, or in a headline. Of an ending ("restored on Monday") it is the last day.
    A duration of the event counts back from a known end, or forward from a known start."""
    dated = [
        (timex, words, governs)
        for timex, words, governs in bound
        if timex.type in ("DATE", "TIME")
        and (timex.begin or timex.end_date)
        and not (timex.value or "").endswith("_REF")
    ]
    trigger = draft.triggers[0][1]
    verb, ended = _clause_verb(trigger.root), _ends(draft.triggers)
    start: date | None = None
    end: date | None = None
    if not dated:
        # the parser may hang a sentence's only date on another clause ("Clashes ... left dozens injured on
        # Tuesday"): a single day the sentence names, not a future one, dates its event
        days = [
            (timex, words, False)
            for timex in ctx.timexes
            if draft.sentence.start_char <= timex.start < draft.sentence.end_char
            and timex.type == "DATE"
            and timex.begin is not None
            and timex.begin == timex.end_date
            and not timex.future
            and not timex.text.lower().startswith(("since", "until", "till", "from"))
            and (words := ctx.doc.char_span(timex.start, timex.end, alignment_mode="expand")) is not None
        ]
        dated = days if len(days) == 1 and draft.modality not in ("scheduled", "hypothetical") else []
    if dated:
        # a day beats a clock time: "a curfew from 11 pm to 7 am ... since January 5" started on the 5th
        timex, words, governs = min(dated, key=lambda d: (d[0].type != "DATE", abs(d[1].start - trigger.start)))
        start, end = timex.begin, timex.end_date
        opening = timex.text.lower().split()[0]
        if opening == "since":  # "since January 4" opens a period; "since the day when X happened" is X's day
            end = timex.begin if governs else None
        elif opening in ("until", "till"):
            start, end = None, timex.end_date or timex.begin
    elif draft.modality not in ("scheduled", "hypothetical") and (
        ended or _tense(verb) in ("present", "perfect") or (verb is None and ctx.in_headline(trigger.start_char))
    ):
        start, end = ctx.anchor, None if draft.modality == "ongoing" else ctx.anchor
    if ended and draft.spec.get("ended_by"):
        if end or start:
            draft.details.append((draft.spec["ended_by"][0], (end or start).isoformat()))  # type: ignore[union-attr]
        start, end = None, end or start
    duration = draft.duration = _duration(draft, bound)
    if duration and end and not start:
        start = end - timedelta(days=duration)  # "restored today after a five day blackout"
    elif duration and start and not end and draft.modality == "occurred":
        end = start + timedelta(days=duration)
    elif duration and start and start == ctx.anchor and draft.modality == "ongoing":
        start -= timedelta(days=duration)  # "the internet has been cut for five days"
    draft.start, draft.end = start, end


def nearest_place(ctx: Context, draft: Draft[Any], skip: frozenset[int] = frozenset()) -> Place | None:
    """The nearest place named in the sentence (a city rather than its own country), else the report's; for a
    draft of either language's reader."""
    named = [
        (min(abs(entity.start - span.start) for _, span in draft.triggers), place)
        for entity, place in ctx.places
        if draft.sentence.start <= entity.start < draft.sentence.end and entity.start not in skip
    ]
    if not named:
        return ctx.focus_country
    nearest = min(named, key=lambda n: n[0])[1]
    level = _LEVELS.get(nearest.level or "", 3)
    narrower = [
        n for n in named if n[1].country_code == nearest.country_code and _LEVELS.get(n[1].level or "", 3) < level
    ]
    return min(narrower, key=lambda n: n[0])[1] if narrower else nearest


def _proper_name(token: Token) -> str:
    """The proper name ending at `token`: "Daulet Ergozhin", "Collective Security Treaty Organization"."""
    start = token.i
    while start > token.sent.start and token.doc[start - 1].pos_ == "PROPN" and token.doc[start - 1].dep_ == "compound":
        start -= 1
    return canonical(token.doc[start : token.i + 1].text)


def _participants(span: Span) -> list[Token]:
    """Subjects and objects of the trigger's verb (and of those it completes: "is due to address"), the owner
    and "of" or "by" complement of a trigger noun, with their conjuncts and appositions."""
    heads, found = [span.root], []
    verb = _clause_verb(span.root)
    while verb is not None and len(heads) < 5:
        heads.append(verb)
        verb = verb.head if verb.dep_ in ("xcomp", "acomp") and verb.head.i != verb.i else None
    for head in dict.fromkeys(heads):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "compound", "attr"):
                found.append(child)
            elif child.dep_ in ("agent", "prep") and child.lower_ in ("by", "of"):
                found += [c for c in child.children if c.dep_ == "pobj"]
    found += [c for token in found for c in token.subtree if c.dep_ in ("conj", "appos") and c.i != token.i]
    return sorted(set(found), key=lambda t: t.i)


def _actor(ctx: Context, token: Token) -> str | None:
    """A name for who acts: a person or organisation named, or a kind of actor ("the security forces")."""
    mention = ctx.names.at(token)
    if token.lower_ in _PRONOUNS:
        return ctx.names.name_of(token)
    if mention is not None:  # "Almaty lives in terror": a place the model tagged as an organisation
        placelike = mention.type == "place" or (mention.type == "org" and gazetteer().lookup(mention.name))
        return None if placelike else mention.name
    compounds = [c for c in token.lefts if c.dep_ == "compound"]
    if not {" ".join(t.lemma_.lower() for t in [*compounds, token]), token.lemma_.lower()} & _table("actor_nouns"):
        return None
    named = ctx.names.name_of(token)  # "the president": the last person given that title, if any
    return named if any(m.name == named for m in ctx.names.mentions) else " ".join(t.text for t in [*compounds, token])


# --- figures, subtype, the record -------------------------------------------------------------------------------


def link_figures(drafts: Sequence[Draft[Any]], located: list[tuple[Figure, list[Span]]]) -> None:
    """Each figure joins the event of its sentence that it suits best: the detained go to an arrest wave, the
    killed to riots before protests (each type lists the kinds it takes, the most typical first); for drafts of
    either language's reader."""
    by_sentence: dict[int, list[Draft[Any]]] = {}
    for draft in drafts:
        by_sentence.setdefault(draft.sentence.start, []).append(draft)
    for figure, sentences in located:
        for here in (by_sentence.get(sentence.start, []) for sentence in sentences):
            for draft in here:
                draft.figure_kinds.add(figure.kind)
            fits = [d for d in here if figure.kind in d.spec.get("figures", ())]
            if fits:
                min(fits, key=lambda d: d.spec["figures"].index(figure.kind)).figure_ids.append(figure.id)


def _subtype(ctx: Context, draft: Draft[Entry]) -> str | None:
    """The trigger's own subtype, else the first whose cue is in the trigger's clause, in the trigger's
    voice (a quote in the same sentence speaks of something else), else the type's default."""
    given = draft.subtype or next((e.spec["subtype"] for e, _ in draft.triggers if "subtype" in e.spec), None)
    if given is not None:
        return given
    root = draft.triggers[0][1].root
    top = _clause_verb(root) or root.sent.root
    while top.dep_ in ("xcomp", "acomp", "conj") and top.head.i != top.i:  # "used tear gas to disperse"
        top = top.head
    quote = ctx.quote_at(root.idx)
    scope = {t.i for t in top.subtree if ctx.quote_at(t.idx) == quote}
    for subtype, cues in draft.spec.get("subtypes", {}).items():
        for words in map(_words, cues):
            if any(all(i + k in scope and w in _forms(ctx.doc[i + k]) for k, w in enumerate(words)) for i in scope):
                return subtype
    return None if draft.figure_kinds & set(draft.spec.get("default_without", ())) else draft.spec.get("default")


def _event(ctx: Context, draft: Draft[Entry]) -> Event:
    if draft.first is None:
        evidence = ctx.sentence_evidence(draft.sentence)
    else:  # the claim in the sentence before, and its exposure
        lead = len(draft.first.text) - len(draft.first.text.lstrip())
        evidence = ctx.evidence(
            draft.first.start_char + lead, draft.sentence.start_char + len(draft.sentence.text.rstrip())
        )
    return Event(
        # the lexicon's type: an arrest wave and a looting in one sentence are both strategic developments
        id=record_id("ev", ctx.document.id, draft.triggers[0][0].type, evidence.start, evidence.end),
        document_id=ctx.document.id,
        type=draft.type,
        subtype=_subtype(ctx, draft),
        date_start=draft.start,
        date_end=draft.end,
        place=draft.place,
        actors=tuple(draft.actors),
        figure_ids=tuple(dict.fromkeys(draft.figure_ids)),
        modality=draft.modality,
        duration_days=draft.duration,
        details=tuple(dict.fromkeys(draft.details)),
        evidence=evidence,
    )
