"""Figures: every count of people in a report, as a claim with a kind, bounds, date, place and claimant.

The steps, for each number phrase that `numbers.quantities()` finds:
1. what it counts: the noun it counts and the words that govern it give a kind (killed, detained...);
   a count of things, or of people with no kind word, is no figure;
2. as of when: a full date in the same sentence (not one after "since"), else the report's date;
3. where: the nearest place named in the sentence, "across the country" for the report's country, else
   the report's country;
4. who claims it: "according to X", the subject of a reporting verb, or the speaker of the quote it is in;
   "citing Y" gives the cited source;
5. mentions of the same claim in one report (the headline, the lead, a later paragraph) become one figure,
   kept with the most specific claimant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from spacy.tokens import Span, Token

from .. import patterns
from ..records import Figure, Place, Statement, record_id
from .context import Context
from .names import is_generic, noun_phrase
from .numbers import Quantity
from .places import gazetteer
from .statements import attribution, reporting_verbs, speaker_of_subject

_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "conj", "parataxis", "ROOT", "xcomp", "pcomp", "acl"}
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_SCOPE_WORDS = ("since", "from", "until", "till")
#: A count of people with no kind word of its own; "including 19 officers" takes the kind of its whole.
UNKNOWN = "?"
_PART_CUES = {"including", "includes", "include", "among", "them", "whom", "those"}


@dataclass(frozen=True)
class Mention:
    """One place in the text where a figure is stated, before mentions of the same claim are merged."""

    figure: Figure
    sentence: Span
    in_headline: bool
    rank: int  # how specific the claimant is: 2 named, 1 generic, 0 none


@cache
def _kinds() -> dict[str, dict[str, frozenset[str]]]:
    table = patterns.load("figures")["kinds"]
    return {kind: {part: frozenset(words) for part, words in parts.items()} for kind, parts in table.items()}


@cache
def _people() -> tuple[frozenset[str], frozenset[str]]:
    table = patterns.load("figures")["people"]
    return frozenset(table["generic"]), frozenset(table["specific"])


@cache
def _aboard() -> frozenset[str]:
    return frozenset(patterns.load("figures")["aboard_nouns"])


@cache
def _nationwide() -> tuple[str, ...]:
    return tuple(patterns.load("figures")["nationwide"])


@cache
def _classes() -> dict[str, frozenset[str]]:
    table = patterns.load("figures")["population_classes"]
    return {name: frozenset(words) for name, words in table.items()}


@cache
def _class_words() -> frozenset[str]:
    return frozenset(word for words in _classes().values() for word in words)


@cache
def _who_not_what() -> frozenset[str]:
    return frozenset(patterns.load("figures")["not_a_population"])


def classed(phrase: str | None) -> str | None:
    """Who a count narrows to, as one of the classes conflict data use (security forces, militants,
    children, protesters, civilians) when its words fall in one; no narrowing at all for people told only
    by nationality or sex ("six Mexican nationals", "eleven women"); else the words as written
    ("journalists", "families"), so that reconciliation still keeps them apart."""
    if not phrase:
        return None
    words = phrase.replace("-", " ").split()
    for name, members in _classes().items():
        if phrase in members or any(w in members or w.rstrip("s") in members for w in words):
            return name
    if all(w in _who_not_what() or _is_demonym_word(w) for w in words):
        return None
    return phrase


def _is_demonym_word(word: str) -> bool:
    return gazetteer().country_of_adjective(word) is not None or word in _CONTINENTAL


def _kind_of_word(token: Token, parts: tuple[str, ...]) -> str | None:
    lemma, lower = token.lemma_.lower(), token.lower_
    for kind, words in _kinds().items():
        if kind == "participants":
            continue
        for part in parts:
            if lemma in words[part] or lower in words[part]:
                return kind
    return None


def _is_participation(token: Token, parts: tuple[str, ...]) -> bool:
    words = _kinds()["participants"]
    return any(token.lemma_.lower() in words[p] or token.lower_ in words[p] for p in parts)


def _counted_noun(quantity: Quantity, doc) -> Token | None:
    """The noun a number counts: "7,989 people", "dozens of deaths", "a crowd of 5,000", "164 dead",
    "4,200 of the island's 200,000 residents"."""
    if quantity.end < len(doc) and doc[quantity.end].lower_ == "of":
        objects = [c for c in doc[quantity.end].children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
        if objects and objects[0].i > quantity.end + 2:
            return objects[0]  # a partitive with more words between: "of the nation's roughly 200,000 residents"
    # Right after the number, past modifiers: "16 law-enforcement officers", "8 thousand arrests".
    for token in doc[quantity.end : min(quantity.end + 6, len(doc))]:
        if token.lower_ == "of" and token.i == quantity.end:
            continue
        if token.pos_ == "ADJ" and _kind_of_word(token, ("adjectives",)) and token.dep_ != "amod":
            return token  # "164 dead", "1,300 injured"
        if token.dep_ in ("compound", "amod") or token.pos_ == "ADJ" or token.text in ("-", "–"):
            continue  # "law-enforcement officers", "armed attackers"
        if (
            token.pos_ in ("NOUN", "PROPN")
            and token.i < token.head.i < quantity.end + 6
            and (token.head.pos_ in ("NOUN", "PROPN", "ADJ") or token.head.dep_ in ("amod", "compound"))
        ):
            continue  # "53 measles related deaths": a noun modifying the one counted
        if token.pos_ in ("NOUN", "PROPN"):
            return token
        if token.i == quantity.end and token.lower_ == "of":
            continue
        if token.lower_ in ("the", "those", "these") and doc[token.i - 1].lower_ == "of":
            continue  # "four of the deceased": a part of the people that noun names
        break
    # "a crowd of 5,000": the number is the object of "of" (not "tens of thousands", one number).
    head = doc[quantity.head].head
    if head.lower_ == "of" and head.head.pos_ == "NOUN" and not quantity.start <= head.head.i < quantity.end:
        if head.head.lemma_.lower() in ("total", "number", "maximum", "minimum", "estimate"):
            return None  # "a total of 39 are confirmed dead": the clause says what is counted
        return head.head
    return None


def _is_nationality(noun: Token) -> bool:
    """ "27 Palestinians", "three Kazakhs": people named by their nationality (not by a party: "ten
    Republicans joined forty Democrats" in a vote counts no one in a crisis)."""
    if not (noun.text[:1].isupper() and noun.text.endswith("s")):
        return False
    return gazetteer().country_of_adjective(noun.text) is not None or noun.lower_ in _CONTINENTAL


#: People named by a continent or a region of the world, which no country's demonym covers.
_CONTINENTAL = frozenset({"europeans", "africans", "asians", "americans", "arabs", "latinos", "westerners"})


def _kind_of_count(noun: Token) -> str | None:
    """The kind a noun names, itself ("deaths") or as a count of something ("the number of detainees");
    a bare "the number" or "the figure" counts what the report counted last (UNKNOWN, resolved by the caller)."""
    kind = _kind_of_word(noun, ("nouns",))
    if kind or noun.lemma_.lower() not in _count_nouns():
        return kind
    if not any(c.dep_ == "prep" for c in noun.children) and noun.lemma_.lower() in (
        "number",
        "figure",
        "tally",
        "total",
    ):
        return UNKNOWN
    for child in noun.children:
        if child.dep_ in ("compound", "amod"):
            kind = _kind_of_word(child, ("nouns", "adjectives"))
        elif child.dep_ == "prep" and child.lower_ == "of":
            # "the number of detainees", "the number of people arrested"
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                kind = _kind_of_word(pobj, ("nouns", "adjectives")) or next(
                    (
                        _kind_of_word(g, ("verbs", "adjectives"))
                        for g in pobj.children
                        if g.dep_ in ("acl", "amod", "relcl") and _kind_of_word(g, ("verbs", "adjectives"))
                    ),
                    None,
                )
        if kind:
            return kind
    return None


@cache
def _count_nouns() -> frozenset[str]:
    return frozenset(patterns.load("figures")["count_nouns"])


def _clause_verb(token: Token) -> Token | None:
    """The verb (or predicate adjective) whose clause `token` belongs to."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") or (current.pos_ == "ADJ" and current.dep_ in _CLAUSE_DEPS):
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def kind_and_population(quantity: Quantity, doc) -> tuple[str, str | None] | None:
    """What a number counts, and who when the report narrows it; None when it is not a count of people."""
    generic, specific = _people()
    noun = _counted_noun(quantity, doc)
    anchor = noun if noun is not None else doc[quantity.head]
    population = None
    if noun is not None:
        # "the bodies of 225 people", "the arrest of 30 activists": the noun that governs the count
        if noun.head.lower_ == "of" and noun.head.head.i < noun.i:
            kind = _kind_of_word(noun.head.head, ("nouns",))
            if kind is not None:
                return kind, None
        lemma = noun.lemma_.lower()
        kind = _kind_of_word(noun, ("nouns", "adjectives")) or next(
            (k for c in noun.children if c.dep_ == "compound" and (k := _kind_of_word(c, ("nouns",)))), None
        )  # "asylum seekers", "refugee families"
        if kind is not None:
            return kind, None
        if lemma in specific or noun.lower_ in specific or _is_nationality(noun) or lemma in _class_words():
            phrase = doc[max(quantity.end, noun.left_edge.i) : noun.i + 1]
            population = classed(phrase.text.lower().strip(" -"))
        elif lemma not in generic and noun.lower_ not in generic:
            if not _is_participation(noun, ("nouns",)) and not _victim(noun):
                return None  # a count of things: cars, weapons, dollars
        for child in noun.children:
            if child.dep_ in ("acl", "relcl", "amod") and child.i > noun.i:
                kind = _kind_of_word(child, ("verbs", "adjectives"))
                if kind:
                    return kind, population
    # Elliptic counts, told by the words right after the number: "more than 1,300 injured", "164 dead",
    # "scores more were injured".
    for token in doc[quantity.end : min(quantity.end + 3, len(doc))]:
        kind = _kind_of_word(token, ("adjectives", "verbs"))
        if kind:
            return kind, population
        if token.pos_ != "ADV" and token.lower_ not in (
            "more",
            "others",
            "other",
            "were",
            "was",
            "are",
            "have",
            "had",
            "been",
        ):
            break  # "five seriously injured", "scores more were injured"
    if _more(doc, quantity):
        # "twenty more, including a colleague, were injured": the verb after the aside
        for token in doc[quantity.end : doc[quantity.head].sent.end]:
            if token.like_num or token.text in (";", ":"):
                break
            kind = _kind_of_word(token, ("verbs", "adjectives")) if token.pos_ in ("VERB", "ADJ") else None
            if kind:
                return kind, population
    # The verb of the clause: "were killed", "are detained", "died", "were left homeless".
    verb = _clause_verb(anchor)
    if verb is not None and _agent_of(anchor, verb):
        return None  # "three gunmen killed twelve villagers": the gunmen did the killing
    if verb is not None and verb.lemma_.lower() in ("escape", "survive", "avoid", "cheat", "evade"):
        return None  # "five passengers escaped death": no one died
    if verb is not None:
        kind = _kind_of_word(verb, ("verbs", "adjectives"))
        if kind is None:
            for child in verb.children:
                if child.dep_ in ("acomp", "xcomp", "attr", "oprd") or (child.dep_ == "dobj" and child.i > anchor.i):
                    kind = _kind_of_word(child, ("verbs", "adjectives", "nouns"))
                    if kind:
                        break
        if kind is None:
            # "the death toll rose to 225", "put the number of detainees at 1,200": the number completes a
            # clause about a count of some kind
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.i < anchor.i:
                    kind = _kind_of_count(child)
                    if kind is None and _is_participation(child, ("nouns",)):
                        kind = "participants"  # "estimated the crowd at 100,000"
                    if kind:
                        break
        if kind:
            return kind, population
    # Words in the clause after the count: "were treated in hospital", "remain in custody".
    window = doc[quantity.end : min(quantity.end + 10, anchor.sent.end)].text.lower()
    for kind, parts in _kinds().items():
        if any(phrase in window for phrase in parts.get("phrases", ())):
            return kind, population
    # Coder notes: "Size: around 500", "crowd size = 2,000".
    label = [t.lower_ for t in doc[max(quantity.start - 3, 0) : quantity.start]]
    if "size" in label and any(w in (":", "=", "of") for w in label[label.index("size") :]):
        return "participants", population
    # Crowds: "200 protesters gathered", "the demonstration brought 10,000 people", "3.7 million rallied";
    # "12 rallies" counts gatherings, not people.
    if noun is not None and _is_participation(noun, ("nouns",)):
        if noun.lemma_.lower() in _kinds()["participants"]["events"] and doc[quantity.head].head.i == noun.i:
            return None
        return "participants", population
    if verb is not None and _is_participation(verb, ("verbs",)):
        if noun is not None or doc[quantity.head].dep_ in ("nsubj", "dobj") or anchor.head.i == verb.i:
            return "participants", population
    if noun is not None and noun.lemma_.lower() in _aboard():
        return "affected", population  # "of the 40 passengers, 22 were locals"
    if noun is not None or _is_part(doc, quantity) or _names_a_count(doc, quantity) or _more(doc, quantity):
        return UNKNOWN, population  # people, counted for a reason the words around do not give
    return None


@cache
def _not_people() -> frozenset[str]:
    """Counted nouns that a casualty verb can take and that are not people ("killed 40 cattle")."""
    return frozenset(patterns.load("figures")["not_people"])


def _victim(noun: Token) -> bool:
    """ "killed seven engineers", "four miners were injured", "twelve climbers died": whoever a casualty verb
    befalls is a person, whatever the noun; no list of occupations is ever complete."""
    if noun.lemma_.lower() in _not_people() or noun.pos_ != "NOUN":
        return False
    while noun.dep_ == "conj":
        noun = noun.head
    verb = noun.head
    if noun.dep_ in ("dobj", "nsubjpass"):
        return _kind_of_word(verb, ("verbs",)) in ("killed", "injured", "detained", "evacuated", "missing")
    return noun.dep_ == "nsubj" and verb.lemma_.lower() in ("die", "perish", "drown")


def _agent_of(anchor: Token, verb: Token) -> bool:
    """Whether the counted words are the subject of an active verb that has an object: the doers."""
    subject = anchor
    while subject.dep_ == "conj":
        subject = subject.head
    return (
        subject.dep_ == "nsubj"
        and subject.head.i == verb.i
        and any(c.dep_ == "dobj" and c.lemma_.lower() not in _not_people() for c in verb.children)
        and _kind_of_word(verb, ("verbs",)) in ("killed", "injured", "detained", "evacuated")
        and verb.lemma_.lower() not in ("die", "perish", "drown", "succumb")  # "died" has no object to do it to
    )


def _as_of(ctx: Context, quantity: Quantity, sentence: Span, dated: list[tuple[int, int, date]]) -> date | None:
    """The date a figure holds for: a full date in its sentence, else the report's date."""
    doc = ctx.doc
    number = doc[quantity.head]
    best: tuple[int, date] | None = None
    period_end: date | None = None
    for timex in ctx.timexes:
        if not (sentence.start_char <= timex.start < sentence.end_char):
            continue
        if timex.value is None or timex.future or timex.type == "DURATION":
            continue
        if not _FULL_DATE.match(timex.value):
            # "In the spring, prosecutors had given a toll of 232": a period that ended before the report
            # dates the count by its end
            before = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            opener = doc[before.start - 1].lower_ if before is not None and before.start > 0 else ""
            ended = timex.end_date is not None and ctx.anchor is not None and timex.end_date < ctx.anchor
            # "the January events" names events, it does not date the count
            modifier = before is not None and before.root.dep_ in ("compound", "amod", "nmod", "poss")
            if (
                ended
                and not modifier
                and opener not in _SCOPE_WORDS
                and not timex.text.lower().startswith(_SCOPE_WORDS)
            ):
                period_end = timex.end_date
            continue
        day = date.fromisoformat(timex.value[:10])
        if ctx.anchor is not None and day > ctx.anchor:
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None:
            continue
        # "Since January 4, when 10,000 people gathered": a date that governs the count's clause holds;
        # otherwise "since X" opens a period and the count is as of the report.
        governs = any(t.is_ancestor(number) for t in span)
        preceding = doc[span.start - 1].lower_ if span.start > 0 else ""
        if not governs and (preceding in _SCOPE_WORDS or span[0].lower_ in _SCOPE_WORDS):
            continue
        distance = abs(span.start - quantity.start)
        if best is None or distance < best[0]:
            best = (distance, day)
    return best[1] if best else period_end or _scene_date(ctx, sentence, dated) or ctx.anchor


def _dated_sentences(ctx: Context) -> list[tuple[int, int, date]]:
    """(sentence start char, paragraph, day) of every past day the report names, in text order: the days
    its events happened on."""
    found = []
    for timex in ctx.timexes:
        if timex.value is None or timex.future or timex.type != "DATE" or not _FULL_DATE.match(timex.value):
            continue
        day = date.fromisoformat(timex.value[:10])
        if ctx.anchor is not None and day > ctx.anchor:
            continue
        before = ctx.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        opener = ctx.doc[before.start - 1].lower_ if before is not None and before.start > 0 else ""
        if before is None or opener in _SCOPE_WORDS or timex.text.lower().startswith(_SCOPE_WORDS):
            continue  # "since January 4" opens a period; it dates no event
        found.append((timex.start, ctx.paragraph_of(timex.start), day))
    return found


def _scene_date(ctx: Context, sentence: Span, dated: list[tuple[int, int, date]]) -> date | None:
    """A sentence that names no day tells of the day its paragraph last named ("A bus crashed on Thursday.
    It was carrying 40 people. The crash killed seven."), or else of the day the report opened with: a
    toll is dated by its event, not by the day it was published. `dated` is `_dated_sentences(ctx)`."""
    paragraph = ctx.paragraph_of(sentence.start_char)
    earlier = [d for start, p, d in dated if start < sentence.start_char and p == paragraph]
    if earlier:
        return earlier[-1]
    lead = [d for start, p, d in dated if p == (dated[0][1] if dated else -1) and start < sentence.start_char]
    return lead[0] if lead else None


def _distance(entity: Span, quantity: Quantity) -> float:
    """Tokens between a place and a count; on a tie the place after the count is nearer ("103 in Almaty
    and 21 in Kyzylorda": Kyzylorda is the 21's)."""
    after = abs(entity.start - quantity.end)
    before = abs(entity.end - quantity.start)
    return min(after, before + 0.5)


def _after_in(quantity: Quantity, entity: Span, listed: bool = False) -> bool:
    """ "103 in Almaty", "21 people died in the Kyzylorda region": a place a preposition puts right after a
    count is that count's own. `listed`: only as an item of a list, with no verb between ("103 in Almaty
    and 21 in Kyzylorda"); "42 were killed and 300 wounded in Khartoum" puts both counts there."""
    tokens = list(entity.doc[quantity.end : entity.start])
    between = [t.lower_ for t in tokens]
    if listed and any(t.pos_ in ("VERB", "AUX") for t in tokens):
        return False
    return len(between) <= 4 and any(w in ("in", "at", "from", "near") for w in between) and "," not in between


def _owns(quantity: Quantity, entity: Span) -> bool:
    """A place written right by a count is that count's own: "103 in Almaty", "in Almaty 103"."""
    return 0 <= entity.start - quantity.end <= 2 or 0 <= quantity.start - entity.end <= 1


def _place(
    ctx: Context,
    quantity: Quantity,
    sentence: Span,
    others: list[Quantity],
    whole: Figure | None = None,
    scene: Place | None = None,
) -> Place | None:
    """The most specific place the count refers to, or the report's country. A place a preposition puts
    right after a count is its own, and a place nearer to another count of the sentence is that count's:
    "164 died, among them 103 in Almaty"; in a list the places pair with the counts in order ("21 in A, 10
    in B and 8 in C"). A part of a count with no place of its own is where its whole is ("In Almaty 139
    died. Of those, 86 were assailants"). `scene` is the report's (`_scene`)."""
    lowered = sentence.text.lower()
    local = [
        (e, p)
        for e, p in ctx.places
        if sentence.start <= e.start < sentence.end and not _briefing(e) and not _a_modifier(e, p)
    ]
    rivals = [other for other in others if other != quantity]
    nearest: tuple[float, Place] | None = None
    for entity, place in local:
        if entity.start >= quantity.end and _after_in(quantity, entity):
            return place
        distance = _distance(entity, quantity)
        if _fronted(entity, sentence):
            distance = min(distance, _FRONTED)  # "In Almaty, 12 died and 353 were hurt": both are Almaty's
        elif any(
            (entity.start >= other.end and _after_in(other, entity, listed=True))
            or (_owns(other, entity) and _distance(entity, other) < distance)
            for other in rivals
        ):
            continue
        if nearest is None or distance < nearest[0]:
            nearest = (distance, place)
    if any(phrase in lowered for phrase in _nationwide()):
        return ctx.focus_country  # "in Almaty and other regions", "across the country"
    if nearest is not None:
        if nearest[1].level == "country" and whole is None:
            # "twin attacks in Iraq killed 72" in a report from Baghdad: the scene, within that country
            if scene is not None and scene.country_code == nearest[1].country_code:
                return scene
        return nearest[1]
    if any(phrase in lowered for phrase in _WORLDWIDE):
        return WORLDWIDE
    if whole is not None and whole.place is not None:
        return whole.place
    return _place_just_before(ctx, sentence) or scene or ctx.focus_country


#: Words that put a count everywhere: a global tally of cases, refugees, deaths.
_WORLDWIDE = ("worldwide", "around the world", "across the world", "globally", "world-wide", "in the world")
WORLDWIDE = Place(name="worldwide", level="world")


def _a_modifier(entity: Span, place: Place) -> bool:
    """ "a US-based group", "the US capital city of Washington": a country named to describe something else
    is not where a count is."""
    if place.level != "country":
        return False
    doc = entity.doc
    if entity.end + 1 < len(doc) and doc[entity.end].text == "-" and doc[entity.end + 1].lower_ == "based":
        return True
    return entity.root.dep_ in ("compound", "amod", "nmod") and entity.root.head.pos_ == "NOUN"


def _briefing(entity: Span) -> bool:
    """ "told reporters in Vienna", "said at a briefing in the capital": where something was said is not
    where what it counts happened."""
    head = entity.root.head
    if head.dep_ != "prep" or head.lower_ not in ("in", "at", "from"):
        return False
    governor = head.head
    while governor.dep_ == "pobj" or (governor.pos_ == "NOUN" and governor.lower_ in ("briefing", "conference")):
        governor = governor.head.head if governor.dep_ == "pobj" else governor.head
    if not (governor.pos_ == "VERB" and governor.lemma_.lower() in reporting_verbs()):
        return False
    # "reported 60 deaths, among them 41 in Mombasa": a count between the verb and the place is what the
    # place belongs to, whatever the parser hangs it on
    low, high = sorted((governor.i, entity.start))
    return not any(t.like_num for t in entity.doc[low:high])


def _scene(ctx: Context) -> Place | None:
    """Where the report's events happen: the first city or region its opening paragraph names. A count in a
    sentence that names no place is of that scene, more often than of the whole country ("A bus crashed
    near Baracoa. The crash killed seven.")."""
    lead = next((s for s in ctx.doc.sents if not ctx.in_headline(s.start_char) and s.text.strip()), None)
    if lead is None:
        return None
    first_paragraph = ctx.paragraph_of(lead.start_char)
    scenes: dict[object, Place] = {}
    for entity, place in ctx.places:
        if ctx.paragraph_of(entity.start_char) != first_paragraph or _briefing(entity):
            continue
        if any(entity.start >= q.end and _after_in(q, entity) for q in ctx.quantities):
            continue  # "among them 103 in Almaty": the place of one count, not of the report
        if place.level in ("city", "region"):
            scenes.setdefault(place.geonames_id or place.name, place)
    # a report that opens on several places (a national summary) has no one scene; "in Jolo, Sulu" names a
    # city and its region, and the city is the scene
    cities = [p for p in scenes.values() if p.level == "city"]
    if len(cities) == 1:
        return cities[0]
    return next(iter(scenes.values())) if len(scenes) == 1 else None


#: How near a place that opens its sentence counts as, to every count of the sentence.
_FRONTED = 3


def _fronted(entity: Span, sentence: Span) -> bool:
    """ "In Almaty, ...", "In the city of Aktau, ...": a place that opens the sentence sets the scene of all
    of it."""
    before = [t.lower_ for t in sentence.doc[sentence.start : entity.start]]
    after = entity.end < sentence.end and sentence.doc[entity.end].text == ","
    return bool(before) and before[0] in ("in", "at", "near") and len(before) <= 4 and after


def _place_just_before(ctx: Context, sentence: Span) -> Place | None:
    """ "Protesters gathered in Aktau. There were about 6,000 people on the square": a sentence that names no
    place goes on from the one before it in its paragraph, when that one names a single city or region."""
    if sentence.start == 0:
        return None
    previous = ctx.doc[sentence.start - 1].sent
    if ctx.paragraph_of(previous.start_char) != ctx.paragraph_of(sentence.start_char):
        return None
    named = {p.geonames_id or p.name: p for e, p in ctx.places if previous.start <= e.start < previous.end}
    local = [p for p in named.values() if p.level in ("city", "region")]
    return local[0] if len(local) == 1 and len(named) == 1 else None


def _cited(ctx: Context, sentence: Span) -> str | None:
    """ "citing the Ministry of Health", "quoting police": whom the claimant cites."""
    for token in sentence:
        if token.lemma_.lower() in ("cite", "quote") and token.tag_ == "VBG":
            for child in token.children:
                if child.dep_ in ("dobj", "pobj", "attr"):
                    return ctx.names.name_of(child)
    return None


@cache
def _hearsay() -> frozenset[str]:
    return frozenset(patterns.load("attribution")["hearsay"])


def _is_hearsay(claimant: str) -> bool:
    return claimant.lower().removeprefix("the ").strip() in _hearsay()


def _reportedly(sentence: Span, number: Token, zero: bool) -> bool:
    """ "The crash reportedly killed seven", "sixteen people were reported killed", "by one report", "500
    deaths have been reported": the report passes on what unnamed others say about this count. "No deaths
    were reported" is the report's own finding, and "were reported by the police" names who reported."""
    above = {number.i, *(t.i for t in number.ancestors)}
    for token in sentence:
        if token.lower_ == "reportedly" and token.head.i in above:
            return True
        if token.lemma_ == "report" and token.tag_ == "VBN" and token.i in above:
            children = [c.dep_ for c in token.children]
            if "auxpass" in children and "agent" not in children and not zero:
                return True
        if token.lower_ in ("report", "reports") and (
            (token.i > sentence.start and token.nbor(-1).lower_ in ("one", "some", "unconfirmed", "to"))
            or (token.dep_ == "nsubj" and token.head.i in above and not any(c.pos_ == "PROPN" for c in token.children))
        ):
            return True  # "by one report", "according to reports", "reports said"
    return False


def the_reports_own(figure: Figure, outlet: str | None) -> Figure:
    """A figure no one in the report is said to claim is the report's own claim: its outlet's."""
    return figure if figure.claimant or not outlet else replace(figure, claimant=outlet)


def _according_to(ctx: Context, sentence: Span) -> str | None:
    """ "according to X"; "the information released by X, according to which..." is X."""
    for token in sentence:
        if token.lower_ != "according":
            continue
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if nxt is None or nxt.lower_ != "to":
            continue
        objects = [c for c in nxt.children if c.dep_ == "pobj"] or (
            [token.doc[nxt.i + 1]] if nxt.i + 1 < sentence.end else []
        )
        if not objects:
            continue
        target = objects[0]
        if target.lower_ in ("which", "whom", "whose"):
            agents = [t for t in sentence if t.i < token.i and t.dep_ == "agent"]
            for agent in reversed(agents):
                pobj = [c for c in agent.children if c.dep_ == "pobj"]
                if pobj:
                    phrase = noun_phrase(pobj[0])
                    return ctx.names.name_of(pobj[0]) or (phrase.text if phrase else None)
            continue
        named = speaker_of_subject(ctx, target)
        if named is None and target.lower_ in ("report", "reports"):
            # "according to a report citing the mayor's office": an unnamed report, hearsay unless it cites
            words = [t for t in target.lefts if t.dep_ in ("det", "amod", "nummod")]
            return " ".join(t.text for t in [*words, target])
        return named
    return None


def _reports_from(verb: Token | None) -> str | None:
    """ "reports from locals suggest", "unconfirmed reports say": the words of a reporting verb whose subject
    is unnamed reports, which the report passes on (its outlet claims, citing them)."""
    if verb is None:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ != "reports" or subject.i > verb.i:
        return None  # "the report said" refers back to a report the text named
    sources = [p for c in subject.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    if any(t.lower_ in ("the", "its", "their") for t in subject.lefts) or any(
        s.lemma_.lower() not in _WITNESSES for s in sources
    ):
        return None  # "reports from the Red Cross", "reports from the government" name who reported
    return " ".join(t.text for t in subject.subtree if t.dep_ != "det").lower()


#: People whose unnamed reports a report passes on: "reports from locals", "reports from witnesses".
_WITNESSES = frozenset({"local", "resident", "witness", "eyewitness", "villager", "survivor", "relative", "source"})


def _inverted_aside(ctx: Context, sentence: Span) -> str | None:
    """ "..., with the toll rising to 22, reported officials, with 25 others injured": a reporting verb set
    between commas before its speaker, which the parser may read as an adjective of the speaker."""
    doc = ctx.doc
    for token in sentence:
        if token.i in (sentence.start, sentence.end - 1) or doc[token.i - 1].text != ",":
            continue
        if token.lemma_.lower() not in ("say", "report", "tell", "state", "add") or token.tag_ not in ("VBD", "VBN"):
            continue
        speaker = doc[token.i + 1]
        while speaker.i + 1 < sentence.end and speaker.dep_ in ("compound", "amod", "det"):
            speaker = doc[speaker.i + 1]
        if speaker.pos_ in ("NOUN", "PROPN"):
            name = ctx.names.name_of(speaker)
            if name and name.lower().startswith(token.lower_ + " "):
                name = name[len(token.text) + 1 :]  # the parser's "reported officials" is "officials"
            if name and not _is_hearsay(name):
                return name
    return None


def _quote_speaker(ctx: Context, statements: list[Statement], sentence: Span, char: int) -> str | None:
    """The speaker of the quote a figure is in, or of an utterance its sentence carries; scare quotes
    ("a 'coup attempt'") leave the sentence in the report's own voice."""
    for statement in statements:
        if not (statement.direct and statement.speaker):
            continue
        start, end = ctx.spans[statement.id]
        if start <= char < end:
            return statement.speaker
        if sentence.start_char <= start < sentence.end_char and len(statement.text.split()) >= 4:
            return statement.speaker
    return None


#: Kinds a count written without a numeral ("a man was shot", "no injuries") is kept for.
_UNWRITTEN_KINDS = frozenset({"killed", "injured", "detained", "missing", "affected"})
_NEGATED_NOUNS = frozenset({"injury", "death", "casualty", "fatality", "arrest", "infection", "case", "life"})


def unwritten_counts(doc) -> Iterator[Quantity]:
    """Counts of people stated without a numeral: none ("no injuries or deaths were reported", "no crew were
    hurt", "not a single life was lost", "nobody died") and one ("a man was shot dead", "a six-month-old
    baby is among the dead", "and a police officer"). Whether they count anything is decided as for any
    number, by the words around them; `mentions` keeps only those of a casualty kind."""
    generic, specific = _people()
    people = generic | specific
    for token in doc:
        lower = token.lower_
        if lower == "nobody" or (lower == "none" and token.dep_ in ("nsubj", "nsubjpass")):
            yield Quantity(token.i, token.i + 1, token.i, 0, 0)
        elif lower == "no" and token.dep_ == "det" and token.head.i > token.i:
            noun = token.head
            if noun.lemma_.lower() in _NEGATED_NOUNS | people or noun.lower_ in people:
                yield Quantity(token.i, noun.i, token.i, 0, 0)
                for other in noun.conjuncts:  # "no injuries or deaths"
                    if other.i > noun.i and other.lemma_.lower() in _NEGATED_NOUNS:
                        yield Quantity(other.i - 1, other.i, other.i - 1, 0, 0)
        elif lower == "not" and [t.lower_ for t in doc[token.i + 1 : token.i + 3]] == ["a", "single"]:
            noun = doc[token.i + 2].head
            if noun.i > token.i + 2 and noun.pos_ == "NOUN":
                yield Quantity(token.i, noun.i, token.i + 2, 0, 0)
        elif lower in ("a", "an") and token.dep_ == "det" and token.head.i > token.i:
            if token.i > 0 and doc[token.i - 1].lower_ == "not":
                continue
            noun = token.head
            if (noun.lemma_.lower() in people or noun.lower_ in people or _victim(noun)) and _an_unnamed_one(noun):
                yield Quantity(token.i, noun.i, token.i, 1, 1)


def _an_unnamed_one(noun: Token) -> bool:
    """ "a man was shot", not "X, a journalist," (a named person), "he was a doctor", "a man named X", nor a
    case put in general ("when a fighter kills a soldier")."""
    for above in (noun, *noun.ancestors):
        if above.tag_ in ("VBZ", "VBP", "VB") and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in ("if", "when", "whenever", "unless") for c in above.children
        ):
            return False
    if noun.dep_ in ("appos", "attr", "npadvmod") or noun.head.dep_ == "appos":
        return False
    if any(c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" for c in noun.children):
        return False
    return not any(c.dep_ == "acl" and c.lemma_ in ("name", "call", "identify") for c in noun.children)


def mentions(ctx: Context, statements: list[Statement]) -> Iterator[Mention]:
    doc = ctx.doc
    written = ctx.quantities
    taken = {i for q in written for i in range(q.start, max(q.end, q.start + 1))}
    unwritten = [q for q in unwritten_counts(doc) if q.head not in taken and q.start not in taken]
    found = sorted([*written, *unwritten], key=lambda q: (q.start, q.end))
    numeral_free = {id(q) for q in unwritten}
    by_sentence: dict[int, list[Quantity]] = {}
    for quantity in written:  # a numeral-free "a doctors' committee" is no count to take a place from
        by_sentence.setdefault(doc[quantity.head].sent.start, []).append(quantity)
    last_kind: dict[int, str] = {}
    last_figure: Figure | None = None
    part_of_sentence: dict[int, Figure] = {}  # sentence start -> the whole its listed parts belong to
    stated: set[tuple[str, int | None]] = set()  # (kind, value) of every count stated so far
    scene, dated = _scene(ctx), _dated_sentences(ctx)  # the report's, once for all its counts
    for quantity in _with_changes_split(doc, found):
        counted = kind_and_population(quantity, doc)
        if counted is None:
            continue
        kind, population = counted
        if id(quantity) in numeral_free and kind not in _UNWRITTEN_KINDS:
            continue  # "a resident gathered...": a count of one is kept for casualties only
        sentence = doc[quantity.head].sent
        if (_refers_back(doc, quantity) and (kind, quantity.max) in stated) or _an_age(doc, quantity):
            continue  # "Of the 225 dead, 175 died in hospital": the 225 was stated before
        if _a_rate(doc, quantity) or _counterfactual(doc, quantity) or _a_split(doc, quantity):
            continue
        if _a_denominator(doc, quantity):
            continue  # "4,200 of the island's 200,000 residents": the 200,000 is what the 4,200 are counted from
        if _one_of_a_kind(doc, quantity):
            continue
        if _restated(doc, quantity) and (kind, quantity.max) in stated:
            continue  # "the bodies of the seven employees killed": the seven were counted before
        stated.add((kind, quantity.max))
        quantity = _open_ended_after_noun(doc, quantity)
        opens = _opens_with_part(sentence)
        part = _is_part(doc, quantity) or opens
        # "among them 103 in Almaty, 21 in Kyzylorda and 10 in Zhambyl": every count after the cue is a part
        whole = part_of_sentence.get(sentence.start)
        if whole is not None and not part:
            part = True
        elif part and last_figure is not None:
            part_of_sentence.setdefault(sentence.start, last_figure)
        whole_kind = last_kind.get(sentence.start)
        if part and kind != UNKNOWN and whole_kind and kind != whole_kind and not _names_its_kind(doc, quantity):
            kind = whole_kind  # "killed 62, including, by some reports, 54 children": the part of a toll
        if kind == UNKNOWN:
            # "including 19 police officers", "67 of them": a part of the count before it; "Of those, 86 were
            # assailants" and "the ministry put the number at 3,811": of the count in the sentence before
            previous = last_kind.get(sentence.start)
            more = _more(doc, quantity)  # "The navy saved 200 more": more of the count before
            if previous is None and (opens or more or _names_a_count(doc, quantity)) and last_figure is not None:
                previous = last_figure.kind
            if previous is None or not (part or more or _names_a_count(doc, quantity)):
                continue
            if _described(doc, quantity):
                continue  # "Of the 40 passengers, 22 were Cuban": who they were, not a count of its own
            kind = previous
        if population is None and last_figure is not None and _elliptic(doc, quantity, last_figure, sentence):
            population = last_figure.population  # "8 officers were killed and 317 were injured"
        population = classed(population)
        last_kind[sentence.start] = kind
        said = attribution(ctx, sentence, inside=quantity.head, claims=True)
        claimant = _according_to(ctx, sentence) or said.speaker
        # "reports from locals suggest 33 remain missing": the reports' verb comes before the count it governs
        governs = said.verb is not None and said.verb.i < quantity.start and said.verb.is_ancestor(doc[quantity.head])
        unnamed = _reports_from(said.verb)  # the sentence's words are unnamed reports'
        hearsay = unnamed if governs else None
        if unnamed is not None and claimant == said.speaker:
            claimant = None  # "reports from locals suggest...": the report's own claim, citing those reports
        if claimant is None and unnamed is None:
            claimant = _quote_speaker(ctx, statements, sentence, doc[quantity.head].idx)
        if claimant is None and unnamed is None:
            claimant = _inverted_aside(ctx, sentence)
        cited = _cited(ctx, sentence) or hearsay
        if claimant is not None and _is_hearsay(claimant) and cited is None:
            cited = claimant.lower()  # "Reports said 116 died": the report's own claim, citing reports
            claimant = None  # ("according to a report citing the mayor's office" keeps the report, citing)
        elif claimant is None and cited is None and _reportedly(sentence, doc[quantity.head], quantity.max == 0):
            cited = "reports"
        span = doc[quantity.start : quantity.end]
        figure = Figure(
            id=record_id("fig", ctx.document.id, kind, span.start_char, span.end_char),
            document_id=ctx.document.id,
            kind=kind,
            min=quantity.min,
            max=quantity.max,
            approximate=quantity.approximate,
            vague=quantity.vague,
            as_of=_as_of(ctx, quantity, sentence, dated),
            place=_place(
                ctx, quantity, sentence, by_sentence.get(sentence.start, []), last_figure if part else None, scene
            ),
            claimant=claimant,
            cited_source=cited,
            population=population,
            evidence=ctx.sentence_evidence(sentence),
            part_of=_whole_id(part_of_sentence.get(sentence.start) or last_figure) if part and last_figure else None,
        )
        last_figure = figure
        rank = 0 if claimant is None else 1 if is_generic(claimant) else 2
        yield Mention(figure, sentence, ctx.in_headline(sentence.start_char), rank)


def _whole_id(figure: Figure) -> str:
    """The id of the whole a part belongs to: a part of a part belongs to the first whole."""
    return figure.part_of or figure.id


#: Verbs of a count that changed: "the toll rose from four to eleven", "cut the toll from 36 to 31".
_CHANGE_VERBS = frozenset(
    {
        "rise",
        "increase",
        "climb",
        "jump",
        "grow",
        "go",
        "fall",
        "drop",
        "decrease",
        "cut",
        "lower",
        "raise",
        "revise",
        "reduce",
        "bring",
        "push",
        "swell",
        "soar",
        "update",
    }
)


def _with_changes_split(doc, found: list[Quantity]) -> Iterator[Quantity]:
    """A toll that moved "from four to eleven" is two counts, the earlier and the later, not a range."""
    for quantity in found:
        opener = doc[quantity.start].lower_
        joiner = next((t for t in doc[quantity.start + 1 : quantity.end] if t.lower_ == "to"), None)
        mover = _clause_verb(doc[quantity.head])
        nominal = any(t.lemma_.lower() in _CHANGE_VERBS for t in doc[max(quantity.start - 4, 0) : quantity.start])
        if (
            opener == "from"
            and joiner is not None
            and quantity.min is not None
            and quantity.max is not None
            and ((mover is not None and mover.lemma_.lower() in _CHANGE_VERBS) or nominal)
        ):
            yield Quantity(quantity.start + 1, joiner.i, joiner.i - 1, quantity.min, quantity.min)
            yield Quantity(joiner.i + 1, quantity.end, quantity.end - 1, quantity.max, quantity.max)
        else:
            yield quantity


def _counterfactual(doc, quantity: Quantity) -> bool:
    """ "the toll would have been more than a thousand": what did not happen counts no one."""
    verb = _clause_verb(doc[quantity.head])
    if verb is None:
        return False
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(auxiliaries & {"would", "could", "might"}) and "have" in auxiliaries


def _a_split(doc, quantity: Quantity) -> bool:
    """ "20 bodies were recovered, eleven women and nine men": who a count was, set beside it, is no count of
    its own (sex, age and nationality splits are not)."""
    noun = _counted_noun(quantity, doc)
    if noun is None:
        return False
    while noun.dep_ == "conj":
        noun = noun.head
    return noun.dep_ == "appos" and any(c.like_num for c in noun.head.children)


def _restated(doc, quantity: Quantity) -> bool:
    """ "the seven employees", "all 33 passengers": a definite count, naming people already counted."""
    return quantity.start > 0 and doc[quantity.start - 1].lower_ in ("the", "these", "those")


def _described(doc, quantity: Quantity) -> bool:
    """ "22 were Cuban", "six of them crew members": a part told by what its people are, not by what
    happened to them."""
    verb = _clause_verb(doc[quantity.head])
    if verb is None or verb.lemma_ != "be":
        return doc[quantity.head].dep_ == "appos" or (
            quantity.end + 2 < len(doc)
            and doc[quantity.end].lower_ == "of"
            and doc[quantity.end + 1].lower_ == "them"
            and doc[quantity.end + 2].pos_ == "NOUN"
        )
    return any(c.dep_ in ("attr", "acomp", "prep") for c in verb.children)


def _refers_back(doc, quantity: Quantity) -> bool:
    """ "Of the 225 dead, ...": a count named to say something about a part of it."""
    words = [t.lower_ for t in doc[max(quantity.start - 2, 0) : quantity.start]]
    return words == ["of", "the"] and doc[quantity.start - 2].i == doc[quantity.start - 2].sent.start


def _after_noun(doc, quantity: Quantity) -> int:
    """The index of the first token after the number and the noun it counts."""
    noun = _counted_noun(quantity, doc)
    return noun.i + 1 if noun is not None and noun.i >= quantity.end else quantity.end


def _a_denominator(doc, quantity: Quantity) -> bool:
    """Whether a count is the whole that another number of the sentence is a part of ("4,200 of the
    island's roughly 200,000 residents")."""
    noun = doc[quantity.head].head
    if noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return False
    owner = noun.head.head
    return owner.like_num and owner.i < quantity.start


def _one_of_a_kind(doc, quantity: Quantity) -> bool:
    """ "one of the largest crowds", "one of the highest tolls", "protests, one of which drew...": one thing
    among others, not one person."""
    if quantity.min != 1 or quantity.max != 1 or quantity.end + 1 >= len(doc) or doc[quantity.end].lower_ != "of":
        return False
    after = doc[quantity.end + 1]
    if after.lower_ == "which":
        return True
    following = doc[quantity.end + 2] if quantity.end + 2 < len(doc) else None
    return after.lower_ == "the" and following is not None and following.tag_ in ("JJS", "RBS")


def _a_rate(doc, quantity: Quantity) -> bool:
    """ "17 refugees for each dollar", "3 deaths per 1,000 births": a ratio, not a count."""
    end = _after_noun(doc, quantity)
    after = [t.lower_ for t in doc[end : end + 2]]
    return after[:1] == ["per"] or after[:2] in (["for", "each"], ["for", "every"], ["out", "of"])


def _open_ended_after_noun(doc, quantity: Quantity) -> Quantity:
    """ "sixty people or more": the bound written after the counted noun opens the range upwards."""
    end = _after_noun(doc, quantity)
    after = [t.lower_ for t in doc[end : end + 2]]
    if after == ["or", "more"] and quantity.max is not None and quantity.min == quantity.max:
        return replace(quantity, max=None)
    return quantity


def _an_age(doc, quantity: Quantity) -> bool:
    """ "mostly unemployed and under 30", "the student, 19, died": an age, not a count."""
    first, after = doc[quantity.start], doc[quantity.end] if quantity.end < len(doc) else None
    small = (quantity.max or quantity.min or 0) <= 120
    before = doc[quantity.start - 1] if quantity.start > 0 else None
    if small and before is not None and before.text == "," and after is not None and after.text == ",":
        if quantity.start > 1 and doc[quantity.start - 2].pos_ in ("NOUN", "PROPN"):
            return True  # a number set between commas after a person: their age
    return first.lower_ in ("under", "over") and small and (after is None or after.is_punct)


def _names_a_count(doc, quantity: Quantity) -> bool:
    """ "put the number at 3,811", "the figure rose to 40": the number is the value of a count noun."""
    tokens = doc[max(quantity.start - 6, doc[quantity.start].sent.start) : quantity.start]
    window = {t.lemma_.lower() for t in tokens}
    # "put the number at 3,811", and "police put it at 35,000" after a count of the same kind
    return bool(window & {"number", "figure", "tally", "total", "toll"}) or (
        bool(window & {"put", "estimate", "place", "number"}) and any(t.lower_ == "it" for t in tokens)
    )


def _elliptic(doc, quantity: Quantity, previous: Figure, sentence: Span) -> bool:
    """ "eight officers were killed and 317 were injured": a count with no noun of its own, coordinated with
    the count before it in the same sentence, counts the same people."""
    if previous.population is None or _counted_noun(quantity, doc) is not None:
        return False
    before = [t.lower_ for t in doc[max(quantity.start - 2, sentence.start) : quantity.start]]
    return previous.evidence.start == sentence.start_char or "and" in before


def _opens_with_part(sentence: Span) -> bool:
    """ "Of those, 175 died...", "Among them, ...": the sentence counts a part of what came before."""
    words = [t.lower_ for t in sentence[:3]]
    if words[:2] in (["of", "those"], ["of", "them"], ["of", "these"], ["among", "them"], ["among", "those"]):
        return True
    # "Another 21 people died in Kyzylorda", "A further 10 ...": more parts of the count before
    if words[:1] == ["another"] or words[:2] == ["a", "further"]:
        return True
    # "Of the 225 dead, 175 died in hospital"
    return words[:2] == ["of", "the"] and len(sentence) > 2 and sentence[2].like_num


def _more(doc, quantity: Quantity) -> bool:
    """ "saved 200 more", "twenty more were hurt": a count added to the one before, of its kind."""
    return quantity.end < len(doc) and doc[quantity.end].lower_ == "more" and _counted_noun(quantity, doc) is None


def _names_its_kind(doc, quantity: Quantity) -> bool:
    """Whether a count says its own kind in its noun or right after it ("including 19 injured", "719 of
    them remain in hospital")."""
    noun = _counted_noun(quantity, doc)
    if noun is not None and _kind_of_word(noun, ("nouns", "adjectives")):
        return True
    after = doc[quantity.end : quantity.end + 4]
    return any(_kind_of_word(t, ("verbs", "adjectives")) for t in after) or "hospital" in after.text.lower()


def _is_part(doc, quantity: Quantity) -> bool:
    before = {t.lower_ for t in doc[max(quantity.start - 3, 0) : quantity.start]}
    after = {t.lower_ for t in doc[quantity.end : quantity.end + 2]}
    if bool(before & _PART_CUES) or "of" in after and bool(after & {"them", "whom", "those"}):
        return True
    # "including, according to the ministry, 54 children": the cue, then an aside between commas
    sentence_start = doc[quantity.start].sent.start
    for token in reversed(doc[max(quantity.start - 10, sentence_start) : quantity.start]):
        if token.lower_ == "including":
            return True
        if token.like_num or (token.pos_ == "VERB" and token.lower_ != "according"):
            return False
    return False


def _same_claim(a: Figure, b: Figure) -> bool:
    """Two mentions of one claim: the same count of the same people (a count that does not say who, "12
    fatalities", is the same as "12 militants were killed" beside it), by compatible claimants."""
    if (a.kind, a.min, a.max, a.vague) != (b.kind, b.min, b.max, b.vague):
        return False
    if a.population != b.population and (a.population and b.population or a.part_of or b.part_of):
        return False
    if a.claimant and b.claimant and not (is_generic(a.claimant) or is_generic(b.claimant)):
        if a.claimant != b.claimant:
            return False
    if a.place and b.place and a.place.country_code != b.place.country_code:
        return False
    return True


def merge(found: list[Mention]) -> list[tuple[Figure, list[Span]]]:
    """One figure per claim: mentions of the same count by compatible claimants become one figure,
    told by its most specific mention (a named claimant over a generic one, the body over a headline)."""
    groups: list[list[Mention]] = []
    for mention in found:
        for group in groups:
            if all(_same_claim(mention.figure, other.figure) for other in group):
                group.append(mention)
                break
        else:
            groups.append([mention])
    merged = []
    chosen: dict[str, str] = {}  # id of every mention's figure -> id of the figure its group became
    for group in groups:
        best = max(group, key=lambda m: (m.rank, not m.in_headline, -m.figure.evidence.start))
        figure = best.figure
        cited = figure.cited_source or next((m.figure.cited_source for m in group if m.figure.cited_source), None)
        approximate = figure.approximate if not best.in_headline else any(m.figure.approximate for m in group)
        part_of = figure.part_of or next((m.figure.part_of for m in group if m.figure.part_of), None)
        population = figure.population or next((m.figure.population for m in group if m.figure.population), None)
        chosen.update((m.figure.id, figure.id) for m in group)
        merged.append(
            (
                replace(figure, cited_source=cited, approximate=approximate, part_of=part_of, population=population),
                [m.sentence for m in group],
            )
        )
    return [(replace(f, part_of=chosen.get(f.part_of)) if f.part_of else f, spans) for f, spans in merged]


def figures(ctx: Context, statements: list[Statement]) -> list[tuple[Figure, list[Span]]]:
    """Every figure of the report, each with the sentences that state it."""
    return told_by_the_body(ctx, merge(list(mentions(ctx, statements))))


def _sums_up(title: Figure, value: int, body: Figure) -> bool:
    """Whether a title's count is one the body tells: a vague or hedged title ("Scores killed", "near
    10,000") that a body count of its kind reaches (within a tenth), a lower bound that a body count just
    passes ("more than 20 dead" over 22), or the same number."""
    if body.kind != title.kind:
        return False
    told = max(body.min or 0, body.max or 0)
    if title.vague or title.approximate:
        return told >= value * 0.9
    if title.max is None:  # "more than 20 dead" over a body that counts 22
        return value <= told <= value * 1.5
    return value in (body.min, body.max)


def told_by_the_body(ctx: Context, merged: list[tuple[Figure, list[Span]]]) -> list[tuple[Figure, list[Span]]]:
    """A title sums up what the body tells ("Scores killed in twin attacks" over a body that gives 72 dead):
    a figure only the title states is dropped when the body tells it (`_sums_up`), and kept when it adds a
    count the body does not give ("Over 900 rescued" over a body of 700 and 200)."""
    title_end = ctx.document.body_start
    in_title = [all(ctx.evidence(s.start_char, s.start_char).start < title_end for s in spans) for _, spans in merged]
    if not any(in_title):
        return merged
    body = [figure for (figure, _), title in zip(merged, in_title, strict=True) if not title]
    kept = []
    for (figure, spans), title in zip(merged, in_title, strict=True):
        value = figure.min if figure.min is not None else figure.max
        if title and value is not None and any(_sums_up(figure, value, b) for b in body):
            continue
        kept.append((figure, spans))
    return kept
