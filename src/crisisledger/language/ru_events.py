"""Events in Russian: what happened, is going on, is scheduled or might happen, as `extract.events` finds them
in English, with the words of `patterns/ru/events.yml` read by lemma.

The types are the English ones, and what a type takes besides its words (the kinds of figures that join it,
whether it is a lasting state, its default subtype, the types it yields to, the detail its end gives) is read
from the English `patterns/events.yml`, so a Russian post and an English wire story of one protest give the same
event and meet in reconciliation. Each sentence is read in five steps:

1. triggers that pass their guards (`with`, `unless`, `modified_by`, `plural`, `pos`, the type's `unless` and
   `not_by`); of two on the same words the longer wins, then the one with `modified_by`, then the one that
   starts first, then the one written first in events.yml (one fixed order, never a set's); one event per type
   per sentence, and a type that yields to another found there gives way;
2. modality: a trigger negated ("не", "нет", "без" before it or its verb, "нет" over it) is no event; a
   possibility, a call or a threat ("может", "возможно", "призвал к") is hypothetical; the future (the verb's
   Tense=Fut, "будет", "планируется", "намерены", "назначен на", a future date) is scheduled; the present is
   ongoing, and so is a lasting state (a curfew) told by a short participle ("введён") or with no verb;
3. what the type needs: the people an arrest, dismissal or appointment is about (an arrest of a crowd is an
   arrest wave, `strategic_developments` / `arrests`), the goods a shortage lacks, who sent the troops;
4. the date from the sentence's time expressions (the nearest to the trigger; "с 5 января" opens a period,
   "до" closes one), else the report's date for what is told in the present; the place resolved nearest to the
   trigger (a city rather than its own country), else the report's country; the actors, the names `ru_names`
   finds in the sentence, in the nominative;
5. figures of the sentence join the event whose type takes their kind (as `extract.events` links them), the
   subtype comes from the trigger or a cue word of the sentence, and sentences that tell one happening again
   become one event (`extract.events.merged`).

Why a reader of its own rather than the English one with Russian words: the English rules lean on English word
order and ClearNLP's labels ("has been imposed", "will", "n't"); Russian tells tense and negation with its
morphology and particles, and slovnet's UD tree hangs phrases differently. docs/language.md, section 11.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from typing import Any

from spacy.tokens import Span, Token

from ..extract.context import Context
from ..extract.dates import Timex
from ..extract.events import Draft, event_types, link_figures, merged, nearest_place
from ..extract.names import canonical
from ..records import Actor, Event, Figure, record_id
from . import ru_lexicon as lexicon
from . import ru_names
from .profile import profile

__all__ = ["events", "is_patient", "name_of", "name_table", "patient_heads"]

Located = list[tuple[Figure, list[Span]]]

_WINDOW = 6  # how near, in words, a `with` or `unless` word must stand to its trigger
_LEVELS = {"city": 0, "region": 1, "country": 2}
#: Relations through which a word's clause is its head's: what governs a trigger in its own clause.
#: Not "nmod": a trigger that qualifies another noun ("на месте беспорядков") is not what that noun's verb wants.
_INSIDE_CLAUSE = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl", "xcomp"})
#: Relations that join the parts of one name, or a name to the role it stands beside ("журналиста Марата").
_SAME_PERSON = frozenset({"appos", "conj", "flat", "flat:name", "flat:foreign"})
#: Dependents of a verb that carry its mood or modality ("может", "возможно", "будет").
_MOOD_DEPS = frozenset({"aux", "aux:pass", "advmod", "parataxis", "discourse", "mark", "cop"})
#: The future forms of "быть": every form of the verb shares its lemma, so the future is told by the word.
_FUTURE_AUX = frozenset({"будет", "будут", "буду", "будем", "будете", "будешь"})
_ENTITY_TYPES = {"PERSON": "person", "ORG": "organization"}

_listed = partial(lexicon.listed, "events")


@cache
def _ru() -> dict[str, Any]:
    return profile("ru").lexicon("events")  # type: ignore[no-any-return]


@dataclass(frozen=True, eq=False)
class Entry:
    """One trigger of the Russian lexicon: its phrases (lemmas), its guards and its place in the file."""

    type: str
    phrases: tuple[str, ...]
    spec: dict[str, Any]
    rank: int

    def has(self, key: str) -> tuple[str, ...]:
        return tuple(self.spec.get(key) or ())

    @property
    def negative(self) -> bool:
        """Whether its words hold a negation ("интернет не работать"): then its negation is the event."""
        return any(word in _listed("negations") for phrase in self.phrases for word in phrase.split())


@cache
def _entries() -> tuple[Entry, ...]:
    """Every trigger of the Russian lexicon, ranked by where it is written (the type's `unless` and `not_by`
    merged into each of its entries)."""
    found: list[Entry] = []
    for name, spec in _ru()["types"].items():
        for item in spec["triggers"]:
            merged_spec = item | {"unless": [*item.get("unless", ()), *spec.get("unless", ())]}
            merged_spec |= {"not_by": spec.get("not_by")}
            found.append(Entry(name, tuple(item["words"]), merged_spec, len(found)))
    return tuple(found)


def events(ctx: Context, located: Located, named: Sequence[Actor] | None = None) -> list[Event]:
    """Every event the body of a Russian report tells of, one per type per sentence, in text order; sentences
    that tell one happening again are one event. `named` are the report's actors (`ru_names.actors`), found
    again if not given."""
    if named is None:
        named = ru_names.actors(ctx.doc, ctx.evidence, ctx.document.id)
    names = name_table(named)
    drafts: list[Draft[Entry]] = []
    for sentence in ctx.doc.sents:
        found = _read(ctx, sentence, names)
        told = {key for draft in found for key in _told(draft)}
        drafts += [d for d in found if not told & set(d.spec.get("yields_to", ()))]
    link_figures(drafts, located)
    made = [_event(ctx, draft) for draft in drafts if draft.figure_ids or not draft.optional]
    # A header's title tells again what the body tells in full: left out before the retellings merge, since
    # a merged event is told by its earliest mention and the reader keeps the body's events only.
    return merged([event for event in made if event.evidence.start >= ctx.document.body_start])


def _told(draft: Draft[Entry]) -> set[str]:
    """Its type, and its type with the subtype its triggers give, for `yields_to`."""
    subtypes = {draft.subtype, *(entry.spec.get("subtype") for entry, _ in draft.triggers)}
    return {draft.type, *(f"{draft.type}/{subtype}" for subtype in subtypes if subtype)}


def _read(ctx: Context, sentence: Span, names: dict[str, str]) -> list[Draft[Entry]]:
    drafts: dict[str, Draft[Entry]] = {}
    for entry, span in _triggers(sentence):  # 1. triggers
        modality = _modality(ctx, entry, span)  # 2. modality
        if modality is None:
            continue
        draft = drafts.setdefault(entry.type, Draft(entry.type, sentence))
        draft.modality = draft.modality if draft.triggers else modality  # the first trigger sets it
        draft.triggers.append((entry, span))
    kept = []
    told_by = _sources(sentence) if drafts else set()
    for draft in drafts.values():
        draft.actors = _names_in(sentence, names, told_by)
        draft.details += [tuple(e.spec["detail"]) for e, _ in draft.triggers if "detail" in e.spec]  # type: ignore[misc]
        needs = _NEEDS.get(draft.type)  # 3. what the type needs
        if needs is not None and not needs(ctx, draft, names):
            continue
        _when(ctx, draft)  # 4. when and where
        if draft.type != "foreign_deployment":
            draft.place = nearest_place(ctx, draft)
        kept.append(draft)
    return kept


# --- 1. triggers --------------------------------------------------------------------------------------------


@cache
def _by_first_word() -> dict[str, tuple[Entry, ...]]:
    """The entries by every dictionary form of the first word of one of their phrases, in the file's order:
    a word is tried only against the entries that can start with it (every word of a report is read)."""
    index: dict[str, dict[Entry, None]] = {}
    for entry in _entries():
        for phrase in entry.phrases:
            for form in sorted(lexicon.forms(phrase.split()[0])):
                index.setdefault(form, {})[entry] = None
    return {form: tuple(sorted(entries, key=lambda e: e.rank)) for form, entries in index.items()}


def _candidates(token: Token) -> tuple[Entry, ...]:
    index = _by_first_word()
    found = index.get(lexicon.lemma(token), ()) + index.get(lexicon.normal(token.text), ())
    return tuple(sorted(dict.fromkeys(found), key=lambda e: e.rank))


def _triggers(sentence: Span) -> list[tuple[Entry, Span]]:
    """The lexicon's triggers in a sentence that pass their guards; of two on the same words the weightier wins
    (the longer, then one with `modified_by`), then the one that starts first, then the one written first."""
    doc, found = sentence.doc, []
    for i in range(sentence.start, sentence.end):
        if doc[i].pos_ == "PROPN" or doc[i].ent_type_:
            continue  # a name is never a trigger ("Протест" as a party's name)
        for entry in _candidates(doc[i]):
            end = lexicon.phrase_at(doc, i, entry.phrases)
            if end is None or end > sentence.end:
                continue
            span = doc[i:end]
            if (not entry.has("pos") or doc[i].pos_ in entry.has("pos")) and _guarded(entry, span, sentence):
                found.append((entry, span))
    kept: list[tuple[Entry, Span]] = []
    taken: set[int] = set()
    for entry, span in sorted(
        found, key=lambda f: (-len(f[1]) - 2 * bool(f[0].has("modified_by")), f[1].start, f[0].rank)
    ):
        if not taken.intersection(range(span.start, span.end)):
            kept.append((entry, span))
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda f: (f[1].start, f[0].rank))


def _near(span: Span, sentence: Span) -> list[Token]:
    """The words within six of the trigger in its sentence, not the trigger's own."""
    doc = sentence.doc
    return [
        t
        for t in doc[max(span.start - _WINDOW, sentence.start) : min(span.end + _WINDOW, sentence.end)]
        if t not in span
    ]


def _guarded(entry: Entry, span: Span, sentence: Span) -> bool:
    near = _near(span, sentence)
    if entry.has("with") and not _any_of(near, entry.has("with")):
        return False
    if entry.has("unless") and _any_of(near, entry.has("unless")):
        return False
    root = span.root
    if entry.spec.get("finite") and set(root.morph.get("VerbForm", [])) & {"Part", "Conv"}:
        return False  # "протестующие": people, told as protesting only with a guard (the next entry)
    if entry.spec.get("plural") and "Plur" not in root.morph.get("Number", []):
        return False  # "беспорядок в квартире" is a mess
    if entry.has("modified_by"):
        qualifiers = [c for c in root.children if c.dep_ in ("amod", "acl")]
        if not any(lexicon.matches(c, entry.has("modified_by")) for c in qualifiers):
            return False
    verb = _clause_verb(root)
    if entry.has("not_by") and root.pos_ == "VERB" and verb is not None:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if any(lexicon.matches(s, entry.has("not_by")) for s in subjects):
            return False  # "МИД протестует": a note, not a demonstration
    return True


def _any_of(tokens: Sequence[Token], words: Sequence[str]) -> bool:
    """Whether one of the tokens is one of the words, or starts one of their phrases."""
    single = tuple(w for w in words if " " not in w)
    phrases = tuple(w for w in words if " " in w)
    return any(lexicon.matches(t, single) for t in tokens) or bool(
        phrases and any(lexicon.phrase_at(t.doc, t.i, phrases) for t in tokens)
    )


# --- 2. modality --------------------------------------------------------------------------------------------


def _clause_verb(token: Token) -> Token | None:
    """The verb (or short participle: "введён") whose clause holds the token; a full participle or a gerund
    ("протестующих", "протестуя") takes the verb of the clause it hangs on."""
    for _ in range(8):
        verbal = token.pos_ in ("VERB", "AUX") and not set(token.morph.get("VerbForm", [])) & {"Part", "Conv"}
        if verbal or _short(token) or "Short" in token.morph.get("Variant", []):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _short(token: Token) -> bool:
    """A short participle as a predicate ("введён", "задержаны"): slovnet may tag it ADJ without Variant=Short,
    so an adjective whose lemma is a verb, not qualifying a noun, is one too."""
    if token.pos_ != "ADJ":
        return False
    verbal = token.lemma_.endswith(("ть", "ться", "ти", "тись", "чь", "чься")) and token.dep_ not in ("amod", "acl")
    return verbal or "Short" in token.morph.get("Variant", [])


def _governing(root: Token) -> list[Token]:
    """The trigger's root and the words that govern it in its clause, nearest first, up to its clause's verb
    and the verbs that verb completes ("могут начаться протесты", "призвал выйти на улицы")."""
    chain, token = [root], root
    for _ in range(6):
        # "намерение уволить": an infinitive completing a noun
        infinitive = token.dep_ in ("acl", "nmod") and "Inf" in token.morph.get("VerbForm", [])
        if (token.dep_ not in _INSIDE_CLAUSE and not infinitive) or token.head.i == token.i:
            break
        token = token.head
        chain.append(token)
    return chain


def _negated(entry: Entry, span: Span) -> bool:
    """ "не было беспорядков", "без интернета", "беспорядков нет", "не задержали": a negation before the
    trigger, on it or on its verb, or "нет" over it."""
    if entry.negative:
        return False
    negations = _listed("negations")
    doc, root = span.doc, span.root
    if span.start > span.sent.start and doc[span.start - 1].lower_ in negations:
        return True
    verb = _clause_verb(root)
    for token in (root, verb):
        if token is None:
            continue
        if any(c.lower_ in ("не", "ни") and c.i < token.i for c in token.children):
            return True
        if token.i > token.sent.start and doc[token.i - 1].lower_ == "не":
            return True
    return root.head.lower_ == "нет" or (verb is not None and verb.lower_ == "нет")


def _cue(tokens: Sequence[Token], words: Sequence[str], skip: Span) -> bool:
    """Whether a word of the chain, or one of its mood dependents, is one of the words (not the trigger's)."""
    for token in tokens:
        for word in (token, *(c for c in token.children if c.dep_ in _MOOD_DEPS)):
            if word not in skip and (
                lexicon.matches(word, [w for w in words if " " not in w])
                or lexicon.phrase_at(word.doc, word.i, [w for w in words if " " in w]) is not None
            ):
                return True
    return False


def _tense(verb: Token | None) -> str | None:
    """future, present, past or perfect (a short participle with no "был": "введён") of a clause's verb;
    None without a verb (a headline)."""
    if verb is None:
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "aux:pass", "cop")]
    if any(a.lower_ in _FUTURE_AUX for a in auxes):
        return "future"
    if any(a.lemma_ == "быть" for a in auxes):
        return "past"
    if _short(verb) or "Short" in verb.morph.get("Variant", []):
        return "perfect"
    tense = verb.morph.get("Tense", [])
    return {"Fut": "future", "Pres": "present", "Past": "past"}.get(tense[0]) if tense else None


def _modality(ctx: Context, entry: Entry, span: Span) -> str | None:
    """occurred, ongoing, scheduled or hypothetical; None when the trigger is negated."""
    if _negated(entry, span):
        return None
    chain = _governing(span.root)
    verb = _clause_verb(span.root)
    if verb is not None and verb not in chain:
        chain.append(verb)
    if _cue(chain, _listed("hypothetical"), span):
        return "hypothetical"
    timex = _nearest_timex(ctx, span)
    tense = _tense(verb)
    if tense == "future" or _cue(chain, _listed("scheduled"), span) or (timex is not None and timex.future):
        return "scheduled"
    if _ended(entry, span):
        return "occurred"
    lasting = bool(event_types()[entry.type].get("state"))
    return "ongoing" if tense == "present" or (lasting and tense in ("perfect", None)) else "occurred"


def _ended(entry: Entry, span: Span) -> bool:
    """ "комендантский час отменён", "интернет восстановили": the sentence tells of the event's end."""
    ending = tuple(_ru()["types"][entry.type].get("ended_by") or ())
    if not ending:
        return False
    if any(lexicon.matches(t, ending) for t in span):
        return True
    return any(lexicon.matches(t, ending) for t in _governing(span.root)[1:])


# --- 3. what each type needs ----------------------------------------------------------------------------------


def patient_heads(span: Span) -> list[Token]:
    """Whom an arrest, dismissal or appointment is about: the object of its verb (the subject of a passive,
    of "подал в отставку"), the genitive of its noun ("задержание Осипова"), or the object of the verb its noun
    hangs on ("отправил Масимова в отставку"): the heads of those phrases."""
    root = span.root
    if root.pos_ in ("VERB", "AUX") or _short(root) or "Part" in root.morph.get("VerbForm", []):
        found = [c for c in root.children if c.dep_ in ("obj", "nsubj:pass")]
        if not found and root.dep_ in ("amod", "acl"):
            found = [root.head]  # "задержанных активистов"
        return found or [c for c in root.children if c.dep_ == "nsubj"]
    found = [c for c in root.children if c.dep_ in ("nmod", "appos")]
    head = root.head
    if root.dep_ == "obl" and (head.pos_ == "VERB" or _short(head)):
        found += [c for c in head.children if c.dep_ in ("obj", "nsubj:pass")]
        found = found or [c for c in head.children if c.dep_ == "nsubj"]
    return found


def is_patient(token: Token, heads: list[Token]) -> bool:
    """Whether a word of a name is the patient itself, or stands beside it as one person ("журналиста Марата
    Осипова"), not a name inside its phrase ("советника Эрдогана" is not Erdoğan dismissed)."""
    for _ in range(6):
        if token in heads:
            return True
        if token.dep_ not in _SAME_PERSON or token.head.i == token.i:
            return False
        token = token.head
    return False


def _needs_person(ctx: Context, draft: Draft[Entry], names: dict[str, str]) -> bool:
    """An arrest, dismissal or appointment is of people named, or of an office ("отставка правительства"); an
    arrest of people unnamed is an arrest wave, kept when they are counted or named by a people word."""
    heads = [h for _, span in draft.triggers for h in patient_heads(span)]
    tokens = [t for h in heads for t in h.subtree]
    persons = (t for t in tokens if t.ent_type_ == "PERSON" and is_patient(t, heads))
    people = [p for p in dict.fromkeys(name_of(t, names) for t in persons) if p]
    if people:
        # who it is about, then who did it (the subject of its verb), as English keeps them
        agents = [name_of(t, names) for _, span in draft.triggers for t in _agents(span)]
        draft.actors = people + [a for a in dict.fromkeys(agents) if a and a not in people]
        draft.details += [("person", name) for name in people]
        return True
    if draft.type != "arrest":
        return any(lexicon.matches(t, _listed("offices")) for t in tokens)
    crowd = tuple(w for words in profile("ru").lexicon("figures")["people"].values() for w in words)
    draft.type, draft.subtype = "strategic_developments", "arrests"
    draft.optional = not any(
        t.pos_ == "NUM"
        or (t.pos_ == "NOUN" and "Anim" in t.morph.get("Animacy", []))
        or lexicon.matches(t, crowd + _listed("leaders"))
        for t in tokens
    )
    return True


def _agents(span: Span) -> list[Token]:
    """The words of the subject of the trigger's verb, when it is not the trigger's patient."""
    verb = _clause_verb(span.root)
    if verb is None:
        return []
    return [t for c in verb.children if c.dep_ == "nsubj" and c not in span for t in c.subtree]


def _needs_item(ctx: Context, draft: Draft[Entry], names: dict[str, str]) -> bool:
    """A shortage is of goods named near its trigger ("дефицит бензина", "очереди за хлебом")."""
    found = [value for key, value in draft.details if key == "item"]
    for _, span in draft.triggers:
        near = _near(span, draft.sentence)
        found += [item for item, words in _ru()["items"].items() if _any_of(near, tuple(words))]
    draft.details = [d for d in draft.details if d[0] != "item"] + [("item", i) for i in dict.fromkeys(found)]
    return bool(found)


def _needs_sender(ctx: Context, draft: Draft[Entry], names: dict[str, str]) -> bool:
    """Troops are a foreign deployment when an alliance or another country sent them ("миротворцы ОДКБ", "ввод
    российских войск", "Россия направила войска"); its place is where they are, never the sender."""
    for _, span in draft.triggers:
        verb = _clause_verb(span.root)
        tokens = list(span.root.subtree)
        tokens += [t for c in (verb.children if verb is not None else ()) if c.dep_ == "nsubj" for t in c.subtree]
        if span.root.dep_ in ("nmod", "obj") and span.root.head.pos_ == "NOUN":  # "ввод войск ОДКБ"
            tokens += [t for c in span.root.head.children if c.dep_ == "nmod" for t in c.subtree]
        told_by = _sources(draft.sentence)  # "подтвердила пресс-служба НАТО": who tells it sent no one
        sender, code, own = _sender(ctx, [t for t in tokens if t.i not in told_by])
        others = [(e, p) for e, p in ctx.places if e.start not in own]
        place = nearest_place(ctx, draft, own) if any(e.sent == draft.sentence for e, _ in others) else None
        place = place or (ctx.focus_country if others else None)
        if sender is None or (code is not None and place is not None and place.country_code == code):
            continue  # nobody sent them, or a country's own troops at home
        draft.place, draft.actors = place, [sender]
        return True
    return False


def _sender(ctx: Context, tokens: list[Token]) -> tuple[str | None, str | None, frozenset[int]]:
    """An alliance named among the tokens (its English name: it is foreign anywhere), else a country named or
    told by an adjective, with its code; and the tokens that name it."""
    from ..extract.places import gazetteer
    from .ru_places import resolve

    alliances = {lexicon.normal(k): v for k, v in _ru()["alliances"].items()}
    for token in tokens:
        english = alliances.get(lexicon.lemma(token)) or alliances.get(lexicon.normal(token.text))
        if english is not None:
            return canonical(english), None, frozenset({token.i})
    adjectives = {lexicon.normal(k): v for k, v in _ru()["country_adjectives"].items()}
    for token in tokens:
        code = adjectives.get(lexicon.lemma(token)) if token.pos_ == "ADJ" else None
        place = resolve([token]) if code is None and token.ent_type_ == "GPE" else None
        if place is not None and place.level == "country":
            code = place.country_code
        if code is not None:
            country = gazetteer().country(code)
            return getattr(country, "name", token.text), code, frozenset({token.i})
    return None, None, frozenset()


_NEEDS = {
    "arrest": _needs_person,
    "dismissal": _needs_person,
    "appointment": _needs_person,
    "shortage": _needs_item,
    "foreign_deployment": _needs_sender,
}


# --- 4. when, where, who ------------------------------------------------------------------------------------


def _dated(ctx: Context, sentence: Span) -> list[tuple[Timex, Span]]:
    """The dates and times of a sentence that name a day, with their words."""
    found = []
    for timex in ctx.timexes:
        if not sentence.start_char <= timex.start < sentence.end_char or timex.type not in ("DATE", "TIME"):
            continue
        if not (timex.begin or timex.end_date) or (timex.value or "").endswith("_REF"):
            continue
        words = ctx.doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if words is not None and len(words):
            found.append((timex, words))
    return found


def _nearest_timex(ctx: Context, span: Span) -> Timex | None:
    dated = _dated(ctx, span.sent)
    if not dated:
        return None
    return min(dated, key=lambda d: (abs(d[1].start - span.start), d[1].start))[0]


def _when(ctx: Context, draft: Draft[Entry]) -> None:
    """The first and last day: the sentence's date nearest to the trigger ("с 5 января" opens a period, "до 19
    января" closes one); else the report's date for what is told in the present. Of an ending ("отменён 19
    января") it is the last day, and a detail."""
    trigger = draft.triggers[0][1]
    dated = _dated(ctx, draft.sentence)
    start: date | None = None
    end: date | None = None
    if dated:
        timex, words = min(dated, key=lambda d: (abs(d[1].start - trigger.start), d[1].start))
        start, end = timex.begin, timex.end_date
        before = ctx.doc[words.start - 1].lower_ if words.start > draft.sentence.start else ""
        if before in ("с", "со") or timex.text.lower().startswith(("с ", "со ")):
            end = None  # since then
        elif before in ("до", "по") or timex.text.lower().startswith(("до ", "по ")):
            start, end = None, timex.end_date or timex.begin
    elif draft.modality in ("ongoing",) or _tense(_clause_verb(trigger.root)) in ("present", "perfect"):
        if draft.modality not in ("scheduled", "hypothetical"):
            start, end = ctx.anchor, None if draft.modality == "ongoing" else ctx.anchor
    ended_by = draft.spec.get("ended_by")
    if ended_by and any(_ended(entry, span) for entry, span in draft.triggers):
        if end or start:
            draft.details.append((ended_by[0], (end or start).isoformat()))  # type: ignore[union-attr]
        start, end = None, end or start
    draft.start, draft.end = start, end


def name_table(named: Sequence[Actor]) -> dict[str, str]:
    """Each form of each actor (its nominative forms and aliases) -> its name, folded to lower case."""
    table: dict[str, str] = {}
    for actor in named:
        for form in (actor.name, *actor.aliases):
            table.setdefault(_fold(form), actor.name)
    return table


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def name_of(token: Token, names: dict[str, str]) -> str | None:
    """The actor's name for the entity the token is in, in the nominative (None: no actor, "СМИ")."""
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end and entity.label_ in _ENTITY_TYPES:
            return names.get(_fold(ru_names.nominative(entity))) or names.get(_fold(entity.text))
    return None


def _names_in(sentence: Span, names: dict[str, str], told_by: set[int]) -> list[str]:
    """The people and bodies the sentence names, as the report's actors are named, in text order; not who
    only tells of it (`told_by`, the sentence's `_sources`): a source takes no part."""
    found = [
        name_of(entity[0], names)
        for entity in sentence.ents
        if entity.label_ in _ENTITY_TYPES and not any(t.i in told_by for t in entity)
    ]
    return [name for name in dict.fromkeys(found) if name]


def _sources(sentence: Span) -> set[int]:
    """The tokens of the sentence that name who tells it: the X of "по данным X", "со ссылкой на X", and the
    subject of a reporting verb (or the body after its "в")."""
    doc, found = sentence.doc, set()
    for token in sentence:
        phrase = lexicon.source_phrase_at(doc, token.i)
        if phrase is not None and phrase[1] < sentence.end:
            found |= {t.i for t in ru_names.phrase(doc[phrase[1]])}
        if lexicon.matches(token, lexicon.listed("attribution", "document_nouns")):
            found |= {t.i for c in token.children if c.dep_ == "nmod" for t in c.subtree}  # "в сообщении Reuters"
        if lexicon.is_reporting_verb(token):
            for child in token.children:
                inside = child.dep_ == "obl" and any(c.lower_ in ("в", "во") for c in child.children)
                if child.dep_ == "nsubj" or inside:
                    found |= {t.i for t in child.subtree}
    return found


# --- 5. figures, subtype, the record ---------------------------------------------------------------------------


def _subtype(draft: Draft[Entry]) -> str | None:
    """The draft's own subtype, else its triggers', else the first whose cue is in the sentence, else the
    English type's default (left unsaid when the sentence states a kind `default_without` names)."""
    given = draft.subtype or next((e.spec["subtype"] for e, _ in draft.triggers if "subtype" in e.spec), None)
    if given is not None:
        return given
    sentence = list(draft.sentence)
    for subtype, cues in (_ru()["types"][draft.type].get("subtypes") or {}).items():
        if _any_of(sentence, tuple(cues)):
            return subtype  # type: ignore[no-any-return]
    spec = event_types()[draft.type]
    return None if draft.figure_kinds & set(spec.get("default_without", ())) else spec.get("default")


def _event(ctx: Context, draft: Draft[Entry]) -> Event:
    evidence = ctx.sentence_evidence(draft.sentence)
    return Event(
        # the lexicon's type, as English makes it: an arrest wave and a looting in one sentence keep two ids
        id=record_id("ev", ctx.document.id, draft.triggers[0][0].type, evidence.start, evidence.end),
        document_id=ctx.document.id,
        type=draft.type,
        subtype=_subtype(draft),
        date_start=draft.start,
        date_end=draft.end,
        place=draft.place,
        actors=tuple(draft.actors),
        figure_ids=tuple(dict.fromkeys(draft.figure_ids)),
        modality=draft.modality,
        details=tuple(dict.fromkeys(draft.details)),
        evidence=evidence,
    )
