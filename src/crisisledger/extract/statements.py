"""Statements: direct quotes and reported speech, each with its speaker, cue verb and stance.

Attribution follows news conventions: the reporting verb is in the quote's sentence ("...", the ministry
said) or in a short sentence right after it; a quote with no attribution continues the last speaker of the
same section, as an interview does.

Reported speech is what a reporting verb reports without quote marks: its clause ("X said (that) ...",
"..., X told reporters."), the sentence around it when it stands aside ("..., the engineer said, ..."), or the
sentence around "according to X". Real news puts most of what people say this way, so a ledger that kept
only quotes would lose most of its sources. The speaker stays a named body or person wherever the report
names one: a spokesman speaks for his body, "the group" for the group named before (docs/statements.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Span, Token

from .. import patterns
from ..records import Statement, record_id
from .context import Context, Quote
from .names import Mention, canonical, noun_phrase, title_words

_NEGATIONS = {"not", "n't", "never", "no"}
_DENIAL_PHRASES = ("do not confirm", "does not confirm", "did not confirm", "not true", "is false",
                   "are false", "is untrue", "no such", "fake", "not confirmed", "technical error",
                   "was incorrect", "is incorrect", "was wrong", "is wrong", "was inaccurate", "is inaccurate",
                   "was erroneous", "a mistake", "an error")  # fmt: skip
_RELATIVE_PRONOUNS = {"who", "which", "that"}
_DEFINITE = {"the", "this", "that"}
#: Finite verb tags: a comma-separated piece of a sentence with one of these is a clause, not a description.
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_DESCRIPTIONS = "crisisledger.statements.descriptions"
_MODIFIERS = ("compound", "amod", "nmod")


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    verb: Token | None


@cache
def _lexicon() -> dict:
    return patterns.load("attribution")


@cache
def _words(key: str) -> frozenset[str]:
    return frozenset(_lexicon()[key])


@cache
def reporting_verbs() -> frozenset[str]:
    return frozenset(_lexicon()["reporting_verbs"])


@cache
def document_nouns() -> frozenset[str]:
    return frozenset(_lexicon()["document_nouns"])


@cache
def _canonical_bodies() -> dict[str, str]:
    """Canonical names of patterns/aliases.yml, by their lowercase form."""
    return {name.lower(): name for name in patterns.load("aliases")["organisations"]}


@cache
def _anaphors() -> frozenset[str]:
    return frozenset(patterns.load("aliases")["anaphors"])


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


# --- who speaks ---------------------------------------------------------------------------------------------


def speaker_of_subject(ctx: Context, subject: Token, verb: Token | None = None) -> str | None:
    """The speaker named by a reporting verb's subject; "a note from the ministry" speaks for the ministry
    (the parser may hang "from the ministry" on the verb)."""
    if subject.lemma_.lower() in document_nouns() and ctx.names.at(subject) is None:
        # "the latest UN figures", "the ministry's statement", "a note from the ministry"
        for child in subject.children:
            named = ctx.names.at(child) if child.dep_ in ("compound", "nmod", "amod") else None
            if named is not None and named.type in ("org", "person", "group") and named.name.lower() not in _PLATFORMS:
                return named.name  # not "a city Telegram channel": a platform is where, not who
        owners = list(subject.children) + ([c for c in verb.rights if c.i > subject.i] if verb is not None else [])
        for child in owners:
            if child.dep_ == "poss":
                return ctx.names.name_of(child)
            if child.dep_ == "prep" and child.lower_ in ("from", "of", "by"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return ctx.names.name_of(objects[0])
        return _document_before(ctx, subject)
    if subject.lower_ in _RELATIVE_PRONOUNS and verb is not None and verb.dep_ == "relcl":
        # "according to police, who said officers arrived": the relative pronoun is the noun it follows
        return speaker_of_subject(ctx, verb.head)
    if subject.lower_ in _words("quantifier_subjects") and not any(c.lower_ == "of" for c in subject.children):
        return None  # "several said": how many, not who
    mention = ctx.names.at(subject)
    if mention is not None and _country(mention):
        return mention.name  # "China reported 200 new cases", "the United Kingdom, reporting 37,542 deaths"
    if mention is None and subject.pos_ == "NOUN":
        spoken = (
            _named_in_apposition(ctx, subject)
            or _voice_of(ctx, subject)
            or _described(ctx, subject)
            or _known_body(ctx, subject)
        )
        if spoken:
            return spoken
    return ctx.names.name_of(subject) or _counted_person(subject)


def _known_body(ctx: Context, noun: Token) -> str | None:
    """ "the interior ministry" written in lower case, which the model does not take for a name: a body of
    patterns/aliases.yml by its words, not the last ministry named ("the ministry" alone is that)."""
    if noun.lower_ not in _anaphors() or not any(c.dep_ in _MODIFIERS for c in noun.lefts):
        return None
    phrase = noun_phrase(noun)
    name = canonical(phrase.text) if phrase is not None else ""
    return _canonical_bodies().get(name.lower())


def _counted_person(noun: Token) -> str | None:
    """ "one survivor said", "two witnesses told": people counted by what they are still speak (a count of
    things or of the dead does not: names.py keeps a noun with a number from speaking)."""
    if not any(c.dep_ == "nummod" for c in noun.children):
        return None
    if {noun.lower_, noun.lemma_.lower()} & (_words("person_nouns") | title_words() | {"witness", "witnesses"}):
        phrase = noun_phrase(noun)
        return canonical(phrase.text) if phrase is not None else None
    return None


def _document_before(ctx: Context, noun: Token) -> str | None:
    """ "The White House released a statement... The statement also said": a definite document noun with no
    owner of its own is the last document of its kind whose owner the report gave."""
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children):
        return None
    lemma = noun.lemma_.lower()
    for earlier in list(ctx.doc[max(noun.i - 500, 0) : noun.i])[::-1]:
        if earlier.lemma_.lower() != lemma or earlier.pos_ != "NOUN":
            continue
        for child in earlier.children:
            named = ctx.names.at(child)
            if child.dep_ in ("compound", "nmod", "poss") and named is not None and named.type in ("org", "person"):
                return named.name
            if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and ctx.names.name_of(objects[0]):
                    return ctx.names.name_of(objects[0])
        if earlier.dep_ == "dobj" and earlier.head.lemma_.lower() in _words("issuing_verbs"):
            subject = next((c for c in earlier.head.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lemma_.lower() not in document_nouns():
                return speaker_of_subject(ctx, subject, earlier.head)
    return None


def _named_in_apposition(ctx: Context, noun: Token) -> str | None:
    """ "the monitoring group NetBlocks", "the agency, Interfax,": the name beside a description is who speaks."""
    for child in noun.children:
        if child.dep_ == "appos" or (child.dep_ in ("compound", "flat") and child.i > noun.i):
            named = ctx.names.at(child)
            if named is not None and named.type in ("person", "org", "group"):
                return named.name
    for token in noun.subtree:
        # "the governor of Ohio, Mike DeWine,": the parser hangs the name on "Ohio"
        if token.dep_ == "appos" and token.i > noun.i and token.doc[token.left_edge.i - 1].text == ",":
            named = ctx.names.at(token)
            if named is not None and named.type == "person":
                return named.name
    return None


def _is_voice(noun: Token) -> bool:
    if noun.lemma_.lower() in _words("voices") or noun.lower_ in _words("voices"):
        return True
    return any(c.lower_ == "press" and f"press {noun.lower_}" in _words("voices") for c in noun.lefts)


def _voice_of(ctx: Context, noun: Token) -> str | None:
    """The body an unnamed spokesperson speaks for: "a spokesman for the transport ministry", "an interior
    ministry spokeswoman", "the ministry's press service". Not the last spokesperson named: a voice is known
    by its body, and another body's spokesman may have been named before."""
    if not _is_voice(noun):
        return None
    for child in noun.children:
        named = ctx.names.at(child)
        if named is not None and named.type == "person" and (child.dep_ in ("appos", "flat") or child.i > noun.i):
            return None  # "spokeswoman Asel Artakshinova": the person speaks
    for child in noun.children:
        if child.dep_ == "poss":
            return ctx.names.name_of(child) or _body(ctx, child)
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "from", "with"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _body(ctx, objects[0])
    modifiers = [c for c in noun.lefts if c.dep_ in _MODIFIERS and c.pos_ in ("NOUN", "PROPN") and c.lower_ != "press"]
    if modifiers:
        start = min(c.left_edge.i for c in modifiers)
        return _body_of_words(ctx, ctx.doc[start : max(c.i for c in modifiers) + 1])
    return None


def _body(ctx: Context, token: Token) -> str | None:
    """The body a noun phrase names ("the Red Cross", "the transport ministry", "the ministry")."""
    named = ctx.names.at(token)
    if named is not None:
        return named.name
    phrase = noun_phrase(token)
    return _body_of_words(ctx, phrase) if phrase is not None else None


def _body_of_words(ctx: Context, words: Span) -> str | None:
    """A body by the words a report uses for it: a name among them, a name of patterns/aliases.yml ("the
    interior ministry"), a bare anaphor ("the ministry": the last one named), or the words themselves, as a
    name ("Ministry of Transport", "city police")."""
    for token in list(words)[::-1]:
        named = ctx.names.at(token)
        if named is not None and named.type in ("org", "group", "person", "place"):
            return named.name
    text = " ".join(t.text for t in words if t.lower_ not in ("a", "an", "the"))
    if not text or not any(c.isalpha() for c in text):
        return None
    name = canonical(text)
    lowered = name.lower()
    if lowered in _canonical_bodies():
        return _canonical_bodies()[lowered]
    if lowered in _anaphors():
        found = ctx.names.before(words.start, lambda m: m.type == "org" and lowered in m.name.lower())
        return found.name if found else name
    for mention in ctx.names.mentions:
        if mention.start < words.start and mention.name.lower() == lowered:
            return mention.name
    if lowered.startswith("ministry of "):
        return "Ministry of " + name[len("ministry of ") :].title()
    return name


def _described(ctx: Context, noun: Token) -> str | None:
    """A definite description that refers back to a name given earlier: "the group" after Human Rights Watch,
    "the rights organisation" after "Amnesty International, a rights organisation", "the army colonel" after
    Colonel Ivan Petrov. The last body or person described with (or named by) the same noun, preferring one
    that the other words of the description fit too."""
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children):
        return None
    if any(c.pos_ == "PROPN" and c.dep_ in ("compound", "amod", "nmod") for c in noun.children):
        return None  # "the Red Cross group" names itself
    head = {noun.lower_, noun.lemma_.lower()}
    if head & _words("body_nouns"):
        types: tuple[str, ...] = ("org", "group")
    elif head & (_words("person_nouns") | title_words()):
        types = ("person",)
    else:
        return None
    modifiers = {w for c in noun.lefts if c.dep_ in _MODIFIERS for w in (c.lower_, c.lemma_.lower())}
    described = [d for d in _descriptions(ctx) if d[0] < noun.i and d[2] in types and head & d[3]]
    fitting = [d for d in described if modifiers <= d[3]]
    if fitting or described:
        return max(fitting or described)[1]
    if head & _words("any_body_nouns"):
        found = ctx.names.before(noun.i, lambda m: m.type in ("org", "group") and m.name.lower() not in _anaphors())
        return found.name if found else None
    return None


def _descriptions(ctx: Context) -> list[tuple[int, str, str, frozenset[str]]]:
    """Each person and body named in the report, with the words it is named and described by: its name, its
    titles, and the words of a description beside it ("Amnesty International, a London-based rights
    organisation", "the rights group Amnesty International", "Amnesty International is a charity")."""
    cached = ctx.doc.user_data.get(_DESCRIPTIONS)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found = []
    doc = ctx.doc
    for mention in ctx.names.mentions:
        if mention.type not in ("person", "org", "group"):
            continue
        root = doc[mention.start : mention.end].root
        words = {w.lower() for w in mention.name.split()} | set(mention.titles)
        beside = list(doc[root.left_edge.i : mention.start])
        for child in root.children:
            if child.dep_ == "appos" and not _is_mention_of(ctx, child, mention):
                beside += list(child.subtree)[:8]
        if root.dep_ == "appos":
            beside += [root.head, *(c for c in root.head.lefts if c.dep_ in ("amod", "compound", "nmod"))]
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            beside += [t for c in root.head.children if c.dep_ == "attr" for t in list(c.subtree)[:8]]
        words |= {w for t in beside if t.pos_ in ("NOUN", "ADJ", "PROPN") for w in (t.lower_, t.lemma_.lower())}
        found.append((mention.start, mention.name, mention.type, frozenset(words)))
    ctx.doc.user_data[_DESCRIPTIONS] = found
    return found


def _is_mention_of(ctx: Context, token: Token, mention: Mention) -> bool:
    named = ctx.names.at(token)
    return named is not None and named.name == mention.name


# --- the subject of a reporting verb ------------------------------------------------------------------------


def _subject(ctx: Context, verb: Token) -> Token | None:
    """Who does the reporting verb: its subject, the agent of a passive, or the subject placed after the verb
    ("reads a note from the ministry", "assured Tokayev")."""
    # The parser can give a verb two subjects ("42 were killed and 300 wounded, a committee said"):
    # the nearest one that is not a number speaks.
    aside = _parenthetical(verb)
    if aside is not None:
        return aside[0]
    # The subject of a passive is who is spoken of: "Rittenhouse is accused of killing two" names no speaker.
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "NUM" and not passive]
    if subjects:
        return min(subjects, key=lambda c: abs(verb.i - c.i))
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    if passive:
        return None
    inverted = _inverted(verb)
    if inverted is not None:
        return inverted
    if verb.lemma_.lower() not in _words("addressee_verbs"):  # "told Reuters": Reuters listens
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
    if _participle(verb):
        # "with the next country, the United Kingdom, reporting...": the name just before speaks; "officials
        # told state media, adding that...": else the participle shares the subject of its verb
        named = _named_piece_before(ctx, verb)
        if named is not None:
            return named
        shared = [c for c in verb.head.children if c.dep_ == "nsubj" and c.pos_ != "NUM"]
        if shared and ctx.quote_at(shared[0].idx) is None:
            return shared[0]
    return _subject_before(ctx, verb)


def _parenthetical(verb: Token) -> tuple[Token, Token] | None:
    """ "Water supplies, the engineer Ivan Sokolov said, would last": the parser may take the first words for
    the subject and the speaker for their apposition. The speaker, and the words it interrupts."""
    if verb.lemma_.lower() not in _words("aside_verbs"):
        return None
    for subject in (c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i):
        for apposition in (c for c in subject.children if c.dep_ == "appos"):
            if apposition.right_edge.i == verb.i - 1 and verb.doc[apposition.left_edge.i - 1].text == ",":
                return apposition, subject
    return None


def _inverted(verb: Token) -> Token | None:
    """ "The bomb was placed in a market, stated the minister, and...", "..., reported officials": a verb of
    saying after a comma with its subject behind it, which the parser takes for an object."""
    if verb.lemma_.lower() not in _words("aside_verbs") or verb.lemma_.lower() in _words("addressee_verbs"):
        return None
    if verb.tag_ not in _FINITE or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    hangs_on_clause = verb.dep_ in ("conj", "parataxis", "ccomp", "advcl") and verb.head.i < verb.i
    says_clause_before = any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
    if not (hangs_on_clause and not any(c.dep_ == "ccomp" for c in verb.children)) and not says_clause_before:
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "npadvmod") and c.pos_ in ("NOUN", "PROPN")]
    return objects[0] if objects else None


def _participle(verb: Token) -> bool:
    """ "..., adding that", "..., saying": a reporting participle that hangs on the clause before it."""
    return verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX")


def _named_piece_before(ctx: Context, verb: Token) -> Token | None:
    """The name that stands alone between two commas right before the verb (", the United Kingdom, reporting")."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    end = verb.i - 1
    start = end
    while start > verb.sent.start and doc[start - 1].text not in (",", ";", ":", '"') and end - start < 8:
        start -= 1
    words = [t for t in doc[start:end] if t.pos_ != "DET"]
    named = [ctx.names.at(t) for t in words]
    if words and all(m is not None and m == named[0] for m in named) and named[0] is not None:
        if named[0].type in ("person", "org", "group") or _country(named[0]):
            return words[-1]
    return None


def _country(mention: Mention) -> bool:
    from .places import gazetteer

    return mention.type == "place" and gazetteer().country(mention.name) is not None


def _subject_before(ctx: Context, verb: Token) -> Token | None:
    """A subject the parser lost, from the comma-separated pieces before the verb.

    "..., Serik Shalabayev, head of criminal prosecution at the Prosecutor General's Office, told reporters":
    a piece that starts with a name is the speaker, and a description right after it ("head of ...") is
    only about them. A description alone ("..., a spokeswoman for the council, told reporters") speaks for
    itself. A piece with a finite verb is what was said, and the search stops there."""
    doc = verb.doc
    pieces: list[list[Token]] = []
    piece: list[Token] = []
    i = verb.i - 1
    while i >= verb.sent.start and len(pieces) < 3:
        token = doc[i]
        if token.text in (";", ":", '"') or ctx.quote_at(token.idx) is not None:
            break
        if token.text == ",":
            pieces.append(piece[::-1])
            piece = []
        else:
            piece.append(token)
        i -= 1
    if piece and len(pieces) < 3:
        pieces.append(piece[::-1])
    if verb.tag_ not in _FINITE or verb.dep_ in ("acl", "relcl", "advcl", "amod"):
        pieces = pieces[:1]  # "X, accused of treason": a participle's subject is not looked for further back
    description: Token | None = None
    for index, words in enumerate(pieces):
        words = [t for t in words if not t.is_punct]
        if not words:
            continue
        titled = len(words) > 1 and (words[0].pos_ == "DET" or words[0].lower_ in title_words())
        first = words[1] if titled else words[0]
        named = ctx.names.at(first) or ctx.names.at(words[0])
        if named is not None and named.type in ("person", "org") and len(words) <= 10:
            return doc[named.end - 1] if doc[named.end - 1] in words else first
        if any(t.tag_ in _FINITE for t in words):
            if index == 0:  # the old way: the first name of the clause that ends at the verb
                for token in words[-12:]:
                    mention = ctx.names.at(token)
                    if mention is not None and mention.type in ("person", "org"):
                        return token
            break
        if description is None:
            description = next((t for t in words if t.head.i == t.i or not words[0].i <= t.head.i <= words[-1].i), None)
    if description is not None and description.pos_ in ("NOUN", "PROPN"):
        return description
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
        if inside is not None and not _governs(verb, inside) and (_participle(verb) or _subordinate(verb)):
            # "the KGB arrested 33 people, claiming they were spies", "two died... after his lawyers posted
            # bond": a verb in a clause of its own does not speak for the count in the main one
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


def _subordinate(verb: Token) -> bool:
    """Whether the verb heads an adverbial clause of time or cause ("after his lawyers posted bond")."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" for c in verb.children)


def _governs(verb: Token, index: int) -> bool:
    return verb.left_edge.i <= index <= verb.right_edge.i and any(t.i == index for t in verb.subtree)


def _attribution_sentence(ctx: Context, sentence: Span) -> Attribution | None:
    """A short sentence with no quote right after a quote, naming who spoke ("He said, the minister")."""
    if sentence.end >= len(ctx.doc):
        return None
    following = ctx.doc[sentence.end].sent
    if len(following) > 15 or any(ctx.quote_at(t.idx) for t in following) or '"' in following.text:
        return None
    found = attribution(ctx, following)
    return found if found.speaker else None


def _according_to_speaker(ctx: Context, sentence: Span) -> str | None:
    """ "'It happened so fast', according to the agency's spokesman": who a quote is according to."""
    for token in sentence:
        phrase = _according_to_phrase(ctx, token)
        if phrase is not None:
            return phrase[1]
    return None


# --- statements ---------------------------------------------------------------------------------------------


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
    found.sort(key=lambda s: (s.evidence.start, ctx.spans[s.id][0]))
    return _they(ctx, found)


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
    if not text or _unspoken(ctx, quote):
        return None
    sentence = ctx.sentence_at(quote.start)
    section = ctx.section_of(quote.start)
    found = attribution(ctx, sentence) if sentence is not None else Attribution(None, None)
    if found.speaker is None and sentence is not None:
        according = _according_to_speaker(ctx, sentence)
        found = Attribution(according, None) if according else _attribution_sentence(ctx, sentence) or found
    introduced = _introduced_by_colon(ctx, quote)
    speaker = found.speaker
    if introduced and (speaker is None or speaker.lower() in introduced.lower()):
        speaker = introduced  # the fuller name the clause before the colon gives
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


#: Platforms a post appears on; they are where words were published, never who said them.
_PLATFORMS = frozenset(
    {"telegram", "twitter", "x", "facebook", "youtube", "instagram", "vk", "vkontakte", "whatsapp", "tiktok", "weibo"}
)


def _introduced_by_colon(ctx: Context, quote: Quote) -> str | None:
    """'The ministry posted an update: "..."', 'an official Twitter account made the following announcement:
    "..."': a quote after a colon is the words of whoever the clause before the colon names as its subject,
    a document speaking for itself when nothing else is named."""
    colon = ctx.doc.char_span(quote.start - 1, quote.start, alignment_mode="expand")
    if colon is None or colon.start < 2:
        return None
    before = ctx.doc[colon.start - 1]
    if before.text != ":":
        before = ctx.doc[colon.start - 2] if ctx.doc[colon.start - 1].text in ('"', "“", "'") else before
    if before.text != ":":
        return None
    root = before.sent.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i > before.i:
        return None
    # "an official government Twitter account": the parser may make "account" stand beside "government"
    document = next((c for c in subject.children if c.dep_ == "appos" and c.lemma_.lower() in document_nouns()), None)
    named = speaker_of_subject(ctx, subject, root)
    if named and named.lower() in _PLATFORMS:
        named = None  # "a city Telegram channel": where it was posted, not who posted it
    if (
        named
        and document is None
        and (any(c.isupper() for c in named) or subject.lemma_.lower() not in document_nouns())
    ):
        return named
    head = document or (subject if subject.lemma_.lower() in document_nouns() else None)
    if head is not None:
        phrase = [t for t in ctx.doc[subject.left_edge.i : head.i + 1] if t.dep_ != "det"]
        return " ".join(t.text for t in phrase) or None
    return named


def _unspoken(ctx: Context, quote: Quote) -> bool:
    """Quoted words nobody says: a title ('the film "Quiet Streets"', 'a song called "..."') or a slogan
    ('protesters chanted "Bread and freedom"', 'placards reading "..."'). The words just before the opening
    mark tell, up to three of them."""
    opening = ctx.doc.char_span(quote.start - 1, quote.start, alignment_mode="expand")
    if opening is None or not len(opening):
        return False
    before = [t for t in ctx.doc[max(opening.start - 3, opening.sent.start) : opening.start]]
    if not before:
        return False
    last = before[-1]
    titled = last.lower_ in _words("title_nouns") and last.pos_ in ("NOUN", "PROPN")
    if titled or last.lower_ in _words("naming_words"):
        return True  # right before the mark, with nothing between: 'the film "...', 'called "...'
    if last.lower_ in _words("carrying_words") and any(t.lower_ in _words("title_nouns") for t in before[:-1]):
        return True  # 'banners reading "...'
    if last.lower_ in ("as", "like", "of") and any(t.lower_ in _words("title_nouns") for t in before[:-1]):
        return True  # 'slogans such as "...', 'chants of "...'
    verb = next((t for t in reversed(before) if not t.is_punct), None)
    if verb is None or verb.lemma_.lower() not in _words("slogan_verbs"):
        return False
    if verb.lemma_.lower() in ("chant", "sing", "chorus"):
        return True
    # "shouted" is a crowd's slogan, or a person's words
    subject = _subject(ctx, verb)
    return subject is not None and (subject.lower_ in _words("crowd_nouns") or subject.tag_ == "NNS")


def _said_of(verb: Token, obj: Token) -> Span:
    """The object of a verb of saying and what the verb says of it, short of a coordinated clause:
    "called [the figure a technical error] and removed the post"."""
    ends = [c.right_edge.i for c in verb.rights if c.dep_ not in ("conj", "cc", "punct")]
    return verb.doc[obj.left_edge.i : max([obj.right_edge.i, *ends]) + 1]


def _trimmed(span: Span) -> Span:
    """A span without punctuation, conjunctions or a day name at its edges: "Tuesday the road was closed,"."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].is_punct
        or doc[start].dep_ == "cc"
        or (doc[start].ent_type_, doc[start].dep_) == ("DATE", "npadvmod")
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc") and doc[end - 1].text != '"':
        end -= 1
    return doc[start:end]


def _content(ctx: Context, verb: Token) -> tuple[list[Span], Token | None] | None:
    """What a reporting verb reports, as spans of its sentence, and the token that stands for it.

    "X said (that) A and that B" -> the clauses A and B; "A, X said." -> A (the parser makes A the verb's
    clause); "X claimed to have A" -> to have A; "A, the engineer said, B", "A, stated the minister" and
    "X reported on Thursday, A" (the parser makes the verb hang on A) -> the sentence around the verb."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and ctx.quote_at(c.idx) is None and not _quotes(ctx, c)]
    if not clauses and verb.lemma_.lower() in _words("infinitive_verbs"):
        clauses = [c for c in verb.children if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.lefts)]
    if clauses:
        start = min(c.left_edge.i for c in clauses)
        end = max(c.right_edge.i for c in clauses) + 1
        aside = _parenthetical(verb)
        said = _trimmed(ctx.doc[start:end])
        if aside is not None and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clauses[0].children):
            speaker, words = aside  # the interrupted subject goes back before its clause
            return [_trimmed(ctx.doc[words.left_edge.i : speaker.left_edge.i]), said], clauses[0]
        return [said], clauses[0]
    if _aside(verb):
        head = verb.head
        parts = [ctx.doc[head.left_edge.i : verb.left_edge.i], ctx.doc[verb.right_edge.i + 1 : head.right_edge.i + 1]]
        kept = [_trimmed(part) for part in parts if len(_trimmed(part))]
        return (kept, head) if kept else None
    return None


def _quotes(ctx: Context, verb: Token) -> bool:
    """Whether a verb attributes a quote ('"...," said X; he described...'): the quote is its own statement."""
    return verb.lemma_.lower() in reporting_verbs() and any(
        c.dep_ == "ccomp" and ctx.quote_at(c.idx) is not None for c in verb.children
    )


def _aside(verb: Token) -> bool:
    """Whether a verb of saying stands aside in the clause it reports (see `_content`)."""
    head = verb.head
    if verb.lemma_.lower() not in _words("aside_verbs") or head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
        return False
    if head.lemma_.lower() in reporting_verbs():
        return False  # "he said he told them": the telling is what was said
    if verb.dep_ == "parataxis" or (head.i < verb.i and _inverted(verb) is not None):
        return True
    # "Al Jazeera reported on Thursday, coverage had risen": the verb before a comma and the clause after it
    after = verb.right_edge.i + 1
    return (
        verb.dep_ == "ccomp"
        and head.i > verb.i
        and after < len(verb.doc)
        and verb.doc[after].text == ","
        and any(c.dep_ == "nsubj" for c in verb.children)
    )


def _reported(ctx: Context) -> list[Statement]:
    """Reported speech: a reporting or stance verb with a named subject and what it says, and "according to X"
    with the sentence it stands in."""
    found: list[Statement] = []
    for sentence in ctx.doc.sents:
        if ctx.in_headline(sentence.start_char):
            continue
        said = _reported_in(ctx, sentence)
        found.extend(said)
        if not said:
            found.extend(_according_to(ctx, sentence))
    return found


def _reported_in(ctx: Context, sentence: Span) -> list[Statement]:
    found = []
    for verb in sentence:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in reporting_verbs():
            continue
        if ctx.quote_at(verb.idx) is not None:
            continue
        if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp") and verb.head.lemma_.lower() in reporting_verbs():
            continue  # "denied the figure, saying...": one statement, told by the verb it hangs on
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            continue  # "evidence to suggest", "declined to say": no one says it
        if verb.lemma_.lower() in _words("belief_verbs") and any(
            a.lemma_.lower() in reporting_verbs() and a.pos_ == "VERB" for a in verb.ancestors
        ):
            continue  # "the committee said they believe...": what the committee said
        if any(c.dep_ == "auxpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children):
            continue  # "was reported", "were not provided": no one is said to speak
        content = _content(ctx, verb)
        stance = stance_of(verb)
        clause = content[1] if content is not None else None
        parts = content[0] if content is not None else []
        if clause is None:
            # "denied the report", "called the figure a technical error": the object is what is said of
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            said_of = _said_of(verb, obj) if obj is not None else None
            stance = stance_of(verb, said_of.text) if said_of is not None else stance
            if stance in ("denies", "confirms", "accuses") and obj is not None and said_of is not None:
                clause, parts = obj, [said_of]
        if clause is None and stance == "denies" and verb.dep_ == "relcl":
            # "a figure the government rejects": the denied thing is the noun the clause is about
            clause, parts = verb.head, [ctx.doc[verb.head.left_edge.i : verb.right_edge.i + 1]]
        if clause is None or ctx.quote_at(clause.idx) is not None:
            continue
        subject = _subject(ctx, verb)
        if subject is None:
            continue
        speaker = speaker_of_subject(ctx, subject, verb)
        if speaker is None and subject.lower_ != "they" or speaker is not None and _is_hearsay(speaker):
            continue  # "they" is resolved once every statement is known (_they)
        parts = _without_speaker(parts, subject)
        if not parts:
            continue
        text = " ".join(part.text.strip() for part in parts)
        stance = stance_of(verb, text)  # "said that figure was incorrect" denies
        if '"' in text and text.count('"') >= 2 and len(text.replace('"', "").split()) < 4:
            continue
        start, end = parts[0].start_char, parts[-1].end_char
        found.append(_statement(ctx, sentence, start, end, text, speaker, stance, verb.lemma_.lower()))
    return [s for s in found if not any(_within(ctx, other, s) for other in found if other is not s)]


def _within(ctx: Context, inner: Statement, outer: Statement) -> bool:
    """ "Znak.com reported, and said that the tenant moved in the day before": one speaker saying the same
    thing twice in a sentence is one statement, the narrower."""
    (start, end), (outer_start, outer_end) = ctx.spans[inner.id], ctx.spans[outer.id]
    narrower = outer_start <= start and end <= outer_end and (start, end) != (outer_start, outer_end)
    return inner.speaker == outer.speaker and narrower


def _they(ctx: Context, found: list[Statement]) -> list[Statement]:
    """ "The Chilean Armed Forces said... They said the 36 people were moved": "they" goes on with the body
    that spoke just before, in the same or the previous paragraph; a person is not "they"."""
    result: list[Statement] = []
    people = {m.name for m in ctx.names.mentions if m.type == "person"}
    for statement in found:
        if statement.speaker is None and not statement.direct:
            start = ctx.spans[statement.id][0]
            previous = next((s for s in reversed(result) if s.speaker), None)
            if previous is None or previous.speaker in people:
                continue
            if ctx.paragraph_of(start) - ctx.paragraph_of(ctx.spans[previous.id][0]) > 1:
                continue
            statement = replace(statement, speaker=previous.speaker)
        result.append(statement)
    return result


def _without_speaker(parts: list[Span], subject: Token) -> list[Span]:
    """What was said, short of who said it: the parser may hang a lost subject on the clause ("..., including
    19 police officers and soldiers, Serik Shalabayev, head of ..., told reporters")."""
    last = parts[-1]
    if not last.start < subject.i < last.end:
        return parts
    cut = _trimmed(last.doc[last.start : subject.left_edge.i])
    return [*parts[:-1], cut] if len(cut) else parts[:-1]


def _statement(
    ctx: Context, sentence: Span, start: int, end: int, text: str, speaker: str | None, stance: str, cue: str
) -> Statement:
    statement_id = record_id("st", ctx.document.id, start, end, "r")
    ctx.spans[statement_id] = (start, end)
    return Statement(
        id=statement_id,
        document_id=ctx.document.id,
        text=text,
        evidence=ctx.sentence_evidence(sentence),
        speaker=speaker,
        direct=False,
        stance=stance,
        cue=cue,
    )


@cache
def _hearsay() -> frozenset[str]:
    return _words("hearsay")


def _is_hearsay(name: str) -> bool:
    """ "reports", "local media reports": no one in particular speaks."""
    return name.lower().removeprefix("the ").strip() in _hearsay()


def _according_to_phrase(ctx: Context, token: Token) -> tuple[Span, str] | None:
    """ "according to X" at `token`: the phrase, with all of X, and who X is."""
    doc = ctx.doc
    if token.lower_ != "according" or token.i + 2 > len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    to = doc[token.i + 1]
    objects = [c for c in to.children if c.dep_ == "pobj"] or ([doc[to.i + 1]] if to.i + 1 < token.sent.end else [])
    if not objects or objects[0].lower_ in ("which", "whom", "whose", "this", "that", "it"):
        return None
    target = objects[0]
    speaker = speaker_of_subject(ctx, target)
    if not speaker or _is_hearsay(speaker):
        return None
    return doc[token.i : max(target.right_edge.i, to.i) + 1], speaker


def _according_to(ctx: Context, sentence: Span) -> list[Statement]:
    """ "According to X, A." and "A, according to X.": A, said by X.

    When A is a count of people, "according to X" gives the claimant of a figure (docs/figures.md) rather than
    something X said: our gold keeps such a sentence as a claim. "about 2,030 soldiers according to X" says
    whose number it is, inside a noun phrase, and is no statement either."""
    for token in sentence:
        if ctx.quote_at(token.idx) is not None:
            continue
        found = _according_to_phrase(ctx, token)
        if found is None:
            continue
        phrase, speaker = found
        if token.head.pos_ in ("NOUN", "PROPN", "NUM") and token.head.i != token.i:
            continue
        doc = ctx.doc
        parts = [_trimmed(doc[sentence.start : phrase.start]), _trimmed(doc[phrase.end : sentence.end])]
        parts = [part for part in parts if len(part)]
        text = " ".join(part.text.strip() for part in parts)
        words = text.replace('"', " ").split()
        quoted = sum(1 for part in parts for t in part if ctx.quote_at(t.idx) is not None)
        if len(words) < 3 or 2 * quoted > sum(len(part) for part in parts):
            continue  # a quote according to X is a direct statement
        if any(_counts_people(ctx, part) for part in parts):
            continue
        return [_statement(ctx, sentence, parts[0].start_char, parts[-1].end_char, text, speaker,
                           stance_of(None, text), "according to")]  # fmt: skip
    return []


def _counts_people(ctx: Context, span: Span) -> bool:
    """Whether the words state a count of people (a figure's words, not a statement's)."""
    from .figures import UNKNOWN, kind_and_population  # figures reads statements: imported when first needed

    for quantity in ctx.quantities:
        if span.start <= quantity.head < span.end:
            counted = kind_and_population(quantity, ctx.doc)
            if counted is not None and counted[0] != UNKNOWN:
                return True
    return False
