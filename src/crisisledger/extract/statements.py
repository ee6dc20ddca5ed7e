"""Statements: direct quotes and reported speech, each with its speaker, cue verb and stance.

Attribution follows news conventions: the reporting verb is in the quote's sentence ("...", the ministry
said) or in a short sentence right after it; a quote with no attribution continues the last speaker of the
same section, as an interview does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Span, Token

from .. import patterns
from ..records import Statement, record_id
from .context import Context, Quote
from .names import is_generic

_NEGATIONS = {"not", "n't", "never", "no"}
_DENIAL_PHRASES = ("do not confirm", "does not confirm", "did not confirm", "not true", "is false",
                   "are false", "is untrue", "no such", "fake", "not confirmed", "technical error",
                   "was incorrect", "is incorrect", "was wrong", "is wrong", "was inaccurate", "is inaccurate",
                   "was erroneous", "a mistake", "an error")  # fmt: skip


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    verb: Token | None


@cache
def _lexicon() -> dict:
    return patterns.load("attribution")


@cache
def reporting_verbs() -> frozenset[str]:
    return frozenset(_lexicon()["reporting_verbs"])


@cache
def document_nouns() -> frozenset[str]:
    return frozenset(_lexicon()["document_nouns"])


def negated(verb: Token) -> bool:
    return any(child.dep_ == "neg" or child.lower_ in _NEGATIONS for child in verb.children)


def stance_of(verb: Token | None, text: str = "") -> str:
    """What a statement does, from its cue verb and, for denials, from its own words."""
    lowered = text.lower()
    if any(phrase in lowered for phrase in _DENIAL_PHRASES):
        return "denies"
    if verb is None:
        return "asserts"
    lemma = verb.lemma_.lower()
    if lemma == "confirm" and negated(verb):
        return "denies"
    for stance, lemmas in _lexicon()["stances"].items():
        if lemma in lemmas:
            return stance
    return "asserts"


def speaker_of_subject(ctx: Context, subject: Token, verb: Token | None = None) -> str | None:
    """The speaker named by a reporting verb's subject; "a note from the ministry" speaks for the ministry
    (the parser may hang "from the ministry" on the verb)."""
    if subject.lemma_.lower() in document_nouns() and ctx.names.at(subject) is None:
        # "the latest UN figures", "the ministry's statement", "a note from the ministry"
        for child in subject.children:
            named = ctx.names.at(child) if child.dep_ in ("compound", "nmod", "amod") else None
            if named is not None and named.type in ("org", "person", "group"):
                return named.name
        owners = list(subject.children) + ([c for c in verb.rights if c.i > subject.i] if verb is not None else [])
        for child in owners:
            if child.dep_ == "poss":
                return ctx.names.name_of(child)
            if child.dep_ == "prep" and child.lower_ in ("from", "of", "by"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return ctx.names.name_of(objects[0])
        return None
    return ctx.names.name_of(subject)


def _subject(ctx: Context, verb: Token) -> Token | None:
    """Who does the reporting verb: its subject, the agent of a passive, or the subject placed after the verb
    ("reads a note from the ministry", "assured Tokayev")."""
    # The parser can give a verb two subjects ("42 were killed and 300 wounded, a committee said"):
    # the nearest one that is not a number speaks.
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "NUM"]
    if subjects:
        return min(subjects, key=lambda c: abs(verb.i - c.i))
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "oprd") and (
            child.lemma_.lower() in document_nouns() or ctx.names.at(child) is not None
        ):
            return child
    if verb.dep_ == "conj" and verb.head.i < verb.i and ctx.quote_at(verb.head.idx) is None:
        # "the Red Crescent put the toll at 2,300, but later said...": coordinated verbs share the subject
        shared = [c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ != "NUM"]  # an agent, not a patient
        if shared and ctx.quote_at(shared[0].idx) is None:
            return shared[0]
    # The parser lost the subject ("..., Serik Shalabayev of the Prosecutor's Office told reporters"):
    # take the first name of the clause that ends at the verb.
    start = verb.i
    while start > verb.sent.start and verb.doc[start - 1].text not in (",", ";", ":", '"') and verb.i - start < 12:
        start -= 1
    for token in verb.doc[start : verb.i]:
        mention = ctx.names.at(token)
        if mention is not None and mention.type in ("person", "org"):
            return token
    return None


def attribution(ctx: Context, sentence: Span, inside: int | None = None, claims: bool = False) -> Attribution:
    """Who the sentence says is speaking: the subject of a reporting verb outside its quotes.

    `inside`, a token index, prefers the reporting verb that governs that token. With `claims`, verbs of
    denial are passed over: who denies a figure is not who claims it."""
    candidates: list[Token] = []
    if inside is not None:
        token = sentence.doc[inside]
        while token.head.i != token.i:
            token = token.head
            if token.lemma_.lower() in reporting_verbs() and token.pos_ in ("VERB", "AUX"):
                candidates.append(token)
    candidates += [
        t
        for t in sentence
        if t.lemma_.lower() in reporting_verbs() and t.pos_ == "VERB" and ctx.quote_at(t.idx) is None
    ]
    for verb in candidates:
        if claims and stance_of(verb) in ("denies",):
            continue
        subject = _subject(ctx, verb)
        if subject is None or (inside is not None and subject.left_edge.i <= inside <= subject.right_edge.i):
            continue
        speaker = speaker_of_subject(ctx, subject, verb)
        if speaker is None and subject.lower_ in ("he", "she"):
            # MT inversion: "He denounced the Kazakh president, X." names the speaker as the object.
            person = next((m for m in map(ctx.names.at, sentence) if m and m.type == "person"), None)
            speaker = person.name if person else None
        if speaker:
            return Attribution(speaker, verb)
    return Attribution(None, candidates[0] if candidates else None)


def _attribution_sentence(ctx: Context, sentence: Span) -> Attribution | None:
    """A short sentence with no quote right after a quote, naming who spoke ("He said, the minister")."""
    if sentence.end >= len(ctx.doc):
        return None
    following = ctx.doc[sentence.end].sent
    if len(following) > 15 or any(ctx.quote_at(t.idx) for t in following) or '"' in following.text:
        return None
    found = attribution(ctx, following)
    return found if found.speaker else None


def statements(ctx: Context) -> list[Statement]:
    """Every direct quote and every reported statement of `ctx`, in text order."""
    found: list[Statement] = []
    last_speaker: dict[int, tuple[str, int]] = {}  # section -> (speaker, paragraph) of its last quote
    for quote in ctx.quotes:
        statement = _direct(ctx, quote, last_speaker)
        if statement is not None:
            found.append(statement)
    found = _introduced_later(ctx, found)
    found.extend(_reported(ctx))
    found.sort(key=lambda s: s.evidence.start)
    return found


def _introduced_later(ctx: Context, quotes: list[Statement]) -> list[Statement]:
    """A report may quote an interviewee before it names them ("Almaty 'is a closed city'... Talking about
    life there is X, an analyst..."): a quote with no speaker and none before it in its section takes the
    speaker of the next attributed quote of the section, when that comes within two paragraphs."""
    result = list(quotes)
    for i, statement in enumerate(quotes):
        start = ctx.spans[statement.id][0]
        if statement.speaker is not None or ctx.in_headline(start) or len(statement.text.split()) < 4:
            continue
        section, paragraph = ctx.section_of(start), ctx.paragraph_of(start)
        before = [q for q in result[:i] if q.speaker and ctx.section_of(ctx.spans[q.id][0]) == section]
        if before:
            continue
        for later in quotes[i + 1 :]:
            at = ctx.spans[later.id][0]
            if ctx.section_of(at) != section or ctx.paragraph_of(at) - paragraph > 2:
                break
            if later.speaker is not None:
                result[i] = replace(statement, speaker=later.speaker)
                break
    return result


def _direct(ctx: Context, quote: Quote, last_speaker: dict[int, tuple[str, int]]) -> Statement | None:
    text = ctx.text[quote.start : quote.end].strip()
    if not text:
        return None
    sentence = ctx.sentence_at(quote.start)
    section = ctx.section_of(quote.start)
    found = attribution(ctx, sentence) if sentence is not None else Attribution(None, None)
    if found.speaker is None and sentence is not None:
        found = _attribution_sentence(ctx, sentence) or found
    speaker = found.speaker
    utterance = len(text.split()) >= 4
    if speaker is None and utterance and not ctx.in_headline(quote.start):
        # an interview goes on: a quote with no attribution continues the speaker of the quote before it,
        # in the same or the next paragraph of the same section
        previous = last_speaker.get(section)
        if previous is not None and quote.paragraph - previous[1] <= 1:
            speaker = previous[0]
    if speaker is None and not utterance:
        return None  # scare quotes in the report's own voice
    if speaker and not ctx.in_headline(quote.start):
        last_speaker[section] = (speaker, quote.paragraph)
    statement_id = record_id("st", ctx.document.id, quote.start, quote.end)
    ctx.spans[statement_id] = (quote.start, quote.end)
    return Statement(
        id=statement_id,
        document_id=ctx.document.id,
        text=text,
        evidence=ctx.evidence(quote.start, quote.end),
        speaker=speaker,
        direct=True,
        stance=stance_of(found.verb, text),
        cue=found.verb.lemma_.lower() if found.verb is not None else None,
    )


def _said_of(verb: Token, obj: Token) -> Span:
    """The object of a verb of saying and what the verb says of it, short of a coordinated clause:
    "called [the figure a technical error] and removed the post"."""
    ends = [c.right_edge.i for c in verb.rights if c.dep_ not in ("conj", "cc", "punct")]
    return verb.doc[obj.left_edge.i : max([obj.right_edge.i, *ends]) + 1]


def _reported(ctx: Context) -> list[Statement]:
    """Reported speech: a reporting or stance verb with a named subject and a clause or object."""
    found = []
    for sentence in ctx.doc.sents:
        if ctx.in_headline(sentence.start_char):
            continue
        for verb in sentence:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in reporting_verbs():
                continue
            if ctx.quote_at(verb.idx) is not None:
                continue
            # "X said that ..." and the trailing attribution of news copy: "..., X told reporters."
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            stance = stance_of(verb)
            if clause is None:
                # "denied the report", "called the figure a technical error": the object is what is said of
                obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                said_of = _said_of(verb, obj) if obj is not None else None
                stance = stance_of(verb, said_of.text) if said_of is not None else stance
                if stance in ("denies", "confirms", "accuses"):
                    clause = obj
            if clause is None and stance == "denies" and verb.dep_ == "relcl":
                # "a figure the government rejects": the denied thing is the noun the clause is about
                clause = verb.head
            if clause is None or ctx.quote_at(clause.idx) is not None:
                continue
            subject = _subject(ctx, verb)
            if subject is None:
                continue
            speaker = speaker_of_subject(ctx, subject, verb)
            if speaker is None or is_generic(speaker) and stance == "asserts":
                continue
            span = ctx.doc[clause.left_edge.i : clause.right_edge.i + 1]
            if clause.dep_ == "dobj":
                span = _said_of(verb, clause)
            elif clause is verb.head:
                span = ctx.doc[clause.left_edge.i : verb.right_edge.i + 1]
            stance = stance_of(verb, span.text)  # "said that figure was incorrect" denies
            if '"' in span.text and span.text.count('"') >= 2 and len(span.text.replace('"', "").split()) < 4:
                continue
            statement_id = record_id("st", ctx.document.id, span.start_char, span.end_char, "r")
            ctx.spans[statement_id] = (span.start_char, span.end_char)
            found.append(
                Statement(
                    id=statement_id,
                    document_id=ctx.document.id,
                    text=span.text.strip(),
                    evidence=ctx.sentence_evidence(sentence),
                    speaker=speaker,
                    direct=False,
                    stance=stance,
                    cue=verb.lemma_.lower(),
                )
            )
    return found
