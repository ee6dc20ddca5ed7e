"""Figures in Russian: every count of people in a report parsed by the Russian pipeline, as English figures are
(`extract.figures`), read with Russian word order and case.

The steps, for each number phrase `ru_numbers.quantities` finds:
1. what it counts: the word after the number (past adjectives: "14 мирных жителей") is either a kind word
   itself ("20 раненых", "восьми тысяч задержанных") or a people noun ("человек", "полицейских") whose kind is
   told by the words of its clause ("погибли 14 человек", "ранения получили 20 человек", "были задержаны");
   a number with no noun after it takes the kind of its clause when it is the clause's subject ("ещё 20
   получили ранения"). A count of things ("150 домов") or of people with no kind word is no figure;
2. as of when, and where: as for English (`extract.figures`): a full date in the sentence, else the report's
   date; the nearest place named in the sentence, else the report's country;
3. who claims it: "по данным X", "по словам X", "как сообщили в X" before or after it in its sentence; the
   subject of a reporting verb whose clause holds it ("МВД сообщило, что...", "..., сообщил глава полиции"); "со
   ссылкой на Y" gives the cited source; "сообщается" and kin make it the outlet's claim, citing those words;
4. one count with no number: a kind verb whose subject is one person named by a noun ("погиб полицейский");
5. mentions of the same claim in one report become one figure (`extract.figures.merge`).

Why a reader of its own rather than `extract.figures` with a table of labels: the English rules lean on English
word order ("of" phrases, "according to") and on ClearNLP's labels; Russian tells the same things with cases and
freer order, and slovnet's parse of a number phrase is often loose ("около восьми тысяч человек" hangs on the
verb), so these rules read the clause around the number as much as its tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import cache, partial

from spacy.tokens import Span, Token

from ..extract.context import Context
from ..extract.figures import Mention, merge, told_by_the_body
from ..extract.numbers import Quantity
from ..records import Figure, Place, record_id
from . import ru_lexicon as lexicon
from .profile import profile
from .ru_status import denies, speaker

__all__ = ["antecedent", "figures", "speaker_of"]

#: The word lists of patterns/ru/figures.yml and attribution.yml, by key.
_listed = partial(lexicon.listed, "figures")
_said = partial(lexicon.listed, "attribution")

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: Tokens that end a clause for the words that tell a count's kind: a count's kind word is in its own clause.
_CLAUSE_MARKS = frozenset({",", ";", ":", "(", ")", "—", "–", "«", "»", '"'})
#: Conjunctions that open a clause of their own ("..., а 20 ранены", "..., но никто не пострадал").
_CLAUSE_WORDS = frozenset({"а", "но", "однако", "что", "который", "когда", "где", "если", "хотя", "чтобы"})
#: How far from the number a kind word of its clause may be, in tokens.
_REACH = 8
#: Possessives between a number and what it counts ("двое его сыновей").
_POSSESSIVES = frozenset({"его", "ее", "её", "их", "своих", "наших", "ваших", "моих"})


@cache
def _people() -> tuple[str, ...]:
    table = profile("ru").lexicon("figures")["people"]
    return tuple(sorted({lexicon.normal(word) for word in (*table["generic"], *table["specific"])}))


def _is_people(token: Token) -> bool:
    """A word that names people: a people noun of the lexicon, a kind word used as a noun ("погибших", "20
    раненых"), or any animate noun (Russian marks animacy: "израильтян", "принцев", "боевиков" are people
    without a list of nationalities or groups; animals are in `not_people`)."""
    if lexicon.matches(token, _people()):
        return True
    if token.pos_ == "NOUN" and "Anim" in token.morph.get("Animacy", []):
        return True
    return lexicon.kind_of(token) is not None and (token.pos_ != "VERB" or _full_participle(token))


def _full_participle(token: Token) -> bool:
    """A participle in its full (declined) form, which can stand as a noun ("трое убитых"); a short one
    ("ранены") is a predicate."""
    return "Part" in token.morph.get("VerbForm", []) and "Short" not in token.morph.get("Variant", [])


def _counted(doc, quantity: Quantity) -> Token | None:
    """The word a number counts: the first noun (or noun-like adjective, "раненых") after it, past adjectives
    that agree with it ("14 мирных жителей"); None when a verb, a preposition or a mark comes first."""
    for token in doc[quantity.end : min(quantity.end + 4, len(doc))]:
        if token.pos_ in ("NOUN", "PROPN"):
            return token
        if token.pos_ == "ADJ":
            if lexicon.kind_of(token) and not _agrees_with_next_noun(token):
                return token  # "20 раненых": the adjective is the noun
            continue
        if token.pos_ in ("DET", "PRON") and token.lower_ in _POSSESSIVES:
            continue  # "двое его сыновей"
        if token.pos_ == "VERB" and _full_participle(token):
            if _agrees_with_next_noun(token):
                continue  # "300 выданных ордеров": a participle before the noun it describes
            if lexicon.kind_of(token):
                return token  # "восьми тысяч задержанных": a participle counted as a noun
        return None
    return None


def _agrees_with_next_noun(token: Token) -> bool:
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is not None and following.pos_ == "NOUN"


def _clause(doc, quantity: Quantity) -> tuple[int, int]:
    """Token bounds of the clause holding the number: between the nearest clause marks around it."""
    sentence = doc[quantity.start].sent
    start = quantity.start
    while start > sentence.start and not _ends_clause(doc[start - 1]):
        start -= 1
    end = quantity.end
    while end < sentence.end and not _ends_clause(doc[end]):
        end += 1
    return start, end


def _ends_clause(token: Token) -> bool:
    return token.text in _CLAUSE_MARKS or token.lower_ in _CLAUSE_WORDS


def _kind_in_clause(doc, quantity: Quantity, clause: tuple[int, int], noun: Token | None) -> str | None:
    """The kind the words of the number's clause tell, nearest to the number first: a phrase ("получили
    ранения", "смертельно ранил") before the word it starts with or holds. Of kind words joined by "или"/"и"
    ("погибли или пропали без вести") the first tells it, as the gold reads such mixtures. A noun of a kind
    ("гибель", "аресты") tells it only next to the count or when the count hangs on it: "жители принесли трупы"
    counts no dead."""
    start, end = clause
    skip = set(range(quantity.start, quantity.end)) | ({noun.i} if noun is not None else set())
    candidates = sorted(
        (i for i in range(start, end) if i not in skip and abs(i - quantity.head) <= _REACH),
        key=lambda i: (abs(i - quantity.head), i),
    )
    for i in candidates:
        found = _kind_at(doc, i, start, quantity, noun)
        if found is not None:
            kind, first = found
            return _first_of_mixture(doc, first, start, quantity, noun) or kind
    return None


def _kind_at(doc, i: int, start: int, quantity: Quantity, noun: Token | None) -> tuple[str, int] | None:
    """The kind told at token i (by a phrase that holds it, the longest first, else the word), and where it
    starts."""
    for first in range(i - 3, i + 1):
        if first >= start:
            phrase = lexicon.kind_phrase_at(doc, first)
            if phrase is not None and phrase[1] > i:
                return phrase[0], first
    token = doc[i]
    kind = lexicon.kind_of(token)
    if kind is None or _negated(token) and quantity.min != 0:
        return None  # "никто не пострадал" is a count of none
    if token.pos_ in ("VERB", "AUX", "ADJ"):
        return kind, i
    if kind == "participants":
        return None  # a gathering's noun ("митинг") says what happened, not who was counted
    counted = noun if noun is not None else doc[quantity.head]
    near = min(abs(i - quantity.start), abs(i - (quantity.end - 1))) <= 2
    if near or counted.head.i == i or token.head.i == counted.i or _siblings(token, counted):
        return kind, i
    return None


def _siblings(noun: Token, counted: Token) -> bool:
    """ "травмы получили 14 человек": the kind noun is the object of the verb whose subject is the count."""
    return noun.head.i == counted.head.i and noun.head.pos_ == "VERB" and noun.dep_ == "obj"


def _first_of_mixture(doc, first: int, start: int, quantity: Quantity, noun: Token | None) -> str | None:
    """The kind of a kind word just before "или"/"и" that comes before the one found at `first`."""
    if first - 2 >= start and doc[first - 1].lower_ in ("или", "и"):
        found = _kind_at(doc, first - 2, start, quantity, noun)
        if found is not None:
            return found[0]
    return None


def _negated(token: Token) -> bool:
    """ "не скончалась": a negated kind word tells no kind for a count beside it (but a count of none,
    "никто не пострадал", is told by one)."""
    return token.i > 0 and token.doc[token.i - 1].lower_ == "не"


def _after_part_cue(doc, quantity: Quantity) -> bool:
    """ "в том числе пять полицейских", "шесть из них": the number is a part of a count just given."""
    before = max(quantity.start - 4, doc[quantity.start].sent.start)
    if any(lexicon.phrase_at(doc, i, _listed("part_cues")) == quantity.start for i in range(before, quantity.start)):
        return True
    return lexicon.phrase_at(doc, quantity.end, _listed("part_cues")) is not None


def _a_legal_definition(doc, quantity: Quantity) -> bool:
    """A count inside the name of an offence ("статья 238 ..., повлекшее смерть двух и более лиц"): the
    law's wording, not people counted. Told by a sentence that cites an article of a code."""
    sentence = doc[quantity.start].sent
    return sum(1 for token in sentence if lexicon.matches(token, _listed("legal_words"))) >= 2


def _one_of_a_named(doc, quantity: Quantity) -> bool:
    """ "одного из богатейших людей мира Аль-Валида ...": one person singled out and named is no count."""
    if quantity.min != 1 or quantity.end >= len(doc) or doc[quantity.end].lower_ != "из":
        return False
    clause_end = _clause(doc, quantity)[1]
    return any(entity.label_ == "PERSON" and quantity.end < entity.start < clause_end + 1 for entity in doc.ents)


def kind_and_population(
    doc, quantity: Quantity, previous: str | None = None
) -> tuple[str, str | None, Token | None] | None:
    """What the number counts: its kind, the population it narrows to, and the counted word; None when it
    counts no people or no kind word tells what happened to them. `previous` is the kind of the count given
    just before in the sentence, which a part of it takes ("погибли 20 человек, в том числе пять детей")."""
    if _a_legal_definition(doc, quantity) or _one_of_a_named(doc, quantity):
        return None
    noun = _counted(doc, quantity)
    if noun is not None and (lexicon.matches(noun, _listed("not_people")) or not _is_people(noun)):
        return None
    clause = _clause(doc, quantity)
    own = lexicon.kind_of(noun) if noun is not None else None
    part = _after_part_cue(doc, quantity)
    kind: str | None
    if own is not None and noun is not None and noun.pos_ == "NOUN" and lexicon.matches(noun, _people()):
        # "задержали 200 демонстрантов", "погибли 300 мигрантов": a noun of people with a kind of its own
        # (protesters, migrants) says who they are; what happened to them, told by the clause, is the kind
        kind = _kind_in_clause(doc, quantity, clause, noun) or own
    else:
        kind = own or _kind_in_clause(doc, quantity, clause, noun) or (previous if part else None)
    if kind is None:
        kind = _count_named_before(doc, quantity)
    if kind is None and noun is not None and _aboard_around(doc, clause):
        kind = "affected"
    if kind is None:
        return None
    if noun is None and not (part or _subject_like(doc, quantity, clause)):
        return None
    return kind, _population(noun) if noun is not None else None, noun


def _count_named_before(doc, quantity: Quantity) -> str | None:
    """ "число погибших выросло до 45", "уточнили число погибших: с 36 до 31": a count noun with its kind
    ("число погибших", "количество задержанных") before the number, in its sentence, tells what it counts."""
    sentence = doc[quantity.start].sent
    for i in range(quantity.start - 1, max(sentence.start, quantity.start - 10) - 1, -1):
        if lexicon.matches(doc[i], _listed("count_nouns")) and i + 1 < quantity.start:
            following = doc[i + 1]
            kind = lexicon.kind_of(following)
            if kind is not None:
                return kind
    return None


@cache
def _class_phrases() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each population class with its entries of two words and more ("мирный житель", "сотрудник полиция"), as
    lemmas are compared."""
    table = profile("ru").lexicon("figures")["population_classes"]
    return tuple((name, frozenset(lexicon.normal(w) for w in words if " " in w)) for name, words in table.items())


def _population(noun: Token) -> str | None:
    """The class of the people a count names: by the noun ("полицейских": security forces), by the noun with
    its adjective ("мирных жителей": civilians), or by what it is of ("сотрудников полиции", "стражей
    порядка" through "полиции"; "сотрудница Национальной гвардии")."""
    found = lexicon.population_class(noun)
    if found is not None:
        return found
    words = {lexicon.lemma(noun)}
    for child in noun.children:
        if child.dep_ == "amod":
            words.add(f"{lexicon.lemma(child)} {lexicon.lemma(noun)}")
        if child.dep_ == "nmod":
            words.add(f"{lexicon.lemma(noun)} {lexicon.lemma(child)}")
    for name, phrases in _class_phrases():
        if words & phrases:
            return name
    for child in noun.children:
        if (
            child.dep_ == "nmod"
            and lexicon.matches(noun, _listed("staff_nouns"))
            and (found := lexicon.population_class(child))
        ):
            return found
    return None


def _aboard_around(doc, clause: tuple[int, int]) -> bool:
    return any(lexicon.phrase_at(doc, i, _listed("aboard_phrases")) is not None for i in range(*clause))


def _subject_like(doc, quantity: Quantity, clause: tuple[int, int]) -> bool:
    """A number with no noun after it counts people when it stands as the clause's subject or object ("ещё 20
    получили ранения", "задержали 15"), not as a year, an age or a measure (those `ru_numbers` leaves out)."""
    end = quantity.end
    while end < clause[1] and doc[end].pos_ in ("ADJ", "DET"):
        end += 1  # "несколько других были ранены"
    after = doc[end] if end < len(doc) else None
    if after is not None and after.lower_ == "до" and quantity.start and doc[quantity.start - 1].lower_ in ("с", "со"):
        return True  # "с 36 до 31": the count a change starts from
    if after is not None and lexicon.kind_phrase_at(doc, after.i) is not None:
        return True  # "двое в тяжёлом состоянии": the phrase after the count is what it is
    return after is None or after.pos_ in ("VERB", "AUX", "PUNCT", "CCONJ", "ADV") or end >= clause[1]


def _as_of(ctx: Context, sentence: Span) -> date | None:
    """A full date named in the sentence (the last, as English does with a sentence's dates), else the
    report's date."""
    found = None
    for timex in ctx.timexes:
        if sentence.start_char <= timex.start < sentence.end_char and timex.value and _FULL_DATE.match(timex.value):
            before = ctx.doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if before is not None and before.start > 0 and ctx.doc[before.start - 1].lower_ in ("с", "со"):
                continue  # "с 5 января": since when, not as of when
            found = date.fromisoformat(timex.value[:10])
    return found or ctx.anchor


def _place(ctx: Context, sentence: Span, quantity: Quantity) -> Place | None:
    """The place named in the sentence nearest to the number, else the report's country."""
    named = [(span, place) for span, place in ctx.places if sentence.start <= span.start and span.end <= sentence.end]
    if named:
        return min(named, key=lambda pair: (abs(pair[0].start - quantity.head), pair[0].start))[1]
    return ctx.focus_country


# --- who claims it --------------------------------------------------------------------------------------------


def _claim(ctx: Context, sentence: Span, quantity: Quantity) -> tuple[str | None, str | None, int]:
    """(claimant, cited source, rank) of a count in `sentence`: rank 2 for a named claimant, 1 for an unnamed
    report ("сообщается"), 0 for none (the outlet's own)."""
    from . import ru_names

    doc = ctx.doc
    claimant: str | None = None
    cited: str | None = None
    for i in range(sentence.start, sentence.end):
        found = lexicon.source_phrase_at(doc, i)
        if found is None:
            continue
        role, begins = found
        head = _phrase_head(doc, begins, sentence.end)
        if head is None or "Nom" in head.morph.get("Case", []):
            continue  # "по предварительным данным, погибли люди": no one named, the clause's subject follows
        name = ru_names.claimant(head, role=False)
        if role == "cites":
            cited = cited or name
        elif claimant is None:
            claimant = name
    if claimant is None:
        verb = _reporting_verb(doc, sentence, quantity)
        if verb is not None:
            subject = speaker_of(verb)
            if subject is not None:
                claimant = ru_names.claimant(antecedent(subject), role=False)
            elif lexicon.hearsay_at(doc, verb.i) is not None or verb.lemma_ in ("сообщаться",):
                cited = cited or verb.text.lower()
    if claimant is None:
        speaker = _quote_speaker(ctx, quantity)
        if speaker is not None:
            claimant = ru_names.claimant(speaker, role=False)
    if claimant is None and cited is None:
        for i in range(sentence.start, sentence.end):
            end = lexicon.hearsay_at(doc, i)
            if end is not None:
                cited = doc[i:end].text.lower()
                break
    return claimant, cited, 2 if claimant else 1 if cited else 0


def _quote_speaker(ctx: Context, quantity: Quantity) -> Token | None:
    """The speaker of the «quotation» the number is in (`ru_statements.quotations`): the subject of the
    reporting verb beside it. Guillemets around a name («Талибан») have no verb beside them: no speaker."""
    from .ru_statements import quotation_at

    quotation = quotation_at(ctx, ctx.doc[quantity.start].idx)
    return speaker_of(quotation.verb) if quotation is not None and quotation.verb is not None else None


def antecedent(token: Token) -> Token:
    """The body a bare "ведомство" or "министерство" stands for: the last organisation the report named before
    it ("МВД Казахстана ... В ведомстве уточнили"); the word itself when there is none, or when it is named
    ("министерство здравоохранения")."""
    if not lexicon.matches(token, _said("anaphors")) or any(
        c.dep_ in ("nmod", "amod", "appos") for c in token.children
    ):
        return token
    before = [entity for entity in token.doc.ents if entity.label_ == "ORG" and entity.end <= token.i]
    return before[-1].root if before else token


def speaker_of(verb: Token) -> Token | None:
    """Who a reporting verb says spoke (`ru_status.speaker`), when it names someone: not a pronoun, not a
    count or a happening ("данные", "гибель": `mute_nouns`)."""
    subject = speaker(verb)
    return None if subject is None or lexicon.matches(subject, _said("mute_nouns")) else subject


def _phrase_head(doc, begins: int, end: int) -> Token | None:
    """The first noun or name of the phrase a source phrase names ("по данным [МВД] Казахстана")."""
    for token in doc[begins : min(begins + 4, end)]:
        if token.pos_ in ("NOUN", "PROPN"):
            return token
        if token.pos_ not in ("ADJ", "DET", "ADP", "PUNCT"):
            return None
    return None


def _reporting_verb(doc, sentence: Span, quantity: Quantity) -> Token | None:
    """The reporting verb whose words hold the number: the number's ancestor ("МВД сообщило, что задержаны
    15"), or one standing aside after it ("..., сообщил глава полиции")."""
    number = doc[quantity.head]
    if _in_relative_clause(doc, quantity):
        return None  # "сообщили о задержании подозреваемого ..., в результате которой шесть погибли"
    for ancestor in number.ancestors:
        if lexicon.is_reporting_verb(ancestor) and ancestor.i != number.i and not denies(ancestor):
            if _relative_between(number, ancestor):
                return None  # "сообщили о задержании подозреваемого ..., в результате которой шесть погибли"
            return ancestor
    for token in sentence:
        if (
            token.i > quantity.end
            and lexicon.is_reporting_verb(token)
            and token.dep_ in ("parataxis", "ROOT")
            and not denies(token)
        ):
            if speaker_of(token) is not None:
                return token
    return None


#: Words that open a relative clause: what such a clause says is the outlet's, not the reporting verb's.
_RELATIVE = frozenset({"который", "где", "куда", "откуда", "чей", "что"})


def _in_relative_clause(doc, quantity: Quantity) -> bool:
    """Whether the number is in a relative clause: a relative word ("которой", "где", "в результате чего")
    between it and the comma before it."""
    i = quantity.start - 1
    sentence_start = doc[quantity.start].sent.start
    while i >= sentence_start and doc[i].text != ",":
        if doc[i].lemma_.lower() in _RELATIVE and (doc[i].lemma_.lower() != "что" or doc[i].lower_ == "чего"):
            return True
        i -= 1
    return False


def _relative_between(number: Token, verb: Token) -> bool:
    """Whether the path from the number up to the verb passes a relative clause (acl:relcl) or a clause of a
    noun: what a reporting verb governs is attributed; a toll in a relative clause of its object is not."""
    token = number
    while token.i != verb.i and token.head.i != token.i:
        if token.dep_ in ("acl:relcl", "acl"):
            return True
        token = token.head
    return False


# --- counts with no number --------------------------------------------------------------------------------


def _one_person(doc) -> Iterator[tuple[Token, str]]:
    """One person named by a noun, with no number, of whom a kind word is said: a count of one. The subject of a
    kind verb ("погиб полицейский", "ранен журналист"), one joined to a counted subject ("девять школьников и
    учитель погибли": the nine are counted apart), one said to be among the people of a kind ("среди погибших
    есть сотрудница полиции"). A person introduced by name is no count (the gold's convention)."""
    for token in doc:
        if token.pos_ != "VERB" or (kind := lexicon.kind_of(token)) is None or kind == "participants":
            continue
        if _negated(token):
            continue
        if "Act" in token.morph.get("Voice", []) and any(c.dep_ == "obj" for c in token.children):
            continue  # "полицейский застрелил ...": the subject did it; who was hurt is the object
        for child in token.children:
            if child.dep_ not in ("nsubj", "nsubj:pass"):
                continue
            if "Sing" in token.morph.get("Number", []) and _one_named_by_a_noun(child):
                yield child, kind
            # "девять школьников и учитель погибли": one joined to a counted subject
            if any(c.pos_ == "NUM" for c in child.children):
                yield from (
                    (joined, kind)
                    for joined in child.children
                    if joined.dep_ == "conj" and _one_named_by_a_noun(joined)
                )
    for token in doc:
        if token.lower_ != "среди" or token.i + 1 >= len(doc):
            continue
        kind = lexicon.kind_of(doc[token.i + 1])
        if kind is None or kind == "participants":
            continue
        clause_end = next((t.i for t in doc[token.i + 2 : token.sent.end] if _ends_clause(t)), token.sent.end)
        for noun in doc[token.i + 2 : clause_end]:
            if noun.dep_ in ("nsubj", "nsubj:pass") and _one_named_by_a_noun(noun):
                yield noun, kind
                break


def _one_named_by_a_noun(noun: Token) -> bool:
    """A single person named by a common noun: no number, no name, no determiner ("этот полицейский" refers
    back to one already told)."""
    return (
        noun.pos_ == "NOUN"
        and "Sing" in noun.morph.get("Number", [])
        and _is_people(noun)
        # an age is no number of people ("23-летняя сотрудница", which slovnet may hang as a nummod)
        and not any(c.dep_ in ("appos", "flat:name", "det") or c.pos_ in ("PROPN", "NUM") for c in noun.children)
    )


# --- figures --------------------------------------------------------------------------------------------------


def _to_value(doc, quantity: Quantity) -> Quantity:
    """ "до 45" after a verb of change ("выросло до 45", "уточнили с 36 до 31") is the new count, 45 exactly;
    elsewhere "до 45" is at most 45, as `ru_numbers` reads it."""
    if quantity.min is not None or quantity.max is None or doc[quantity.start].lower_ != "до":
        return quantity
    sentence = doc[quantity.start].sent
    before = doc[max(sentence.start, quantity.start - 6) : quantity.start]
    if any(token.pos_ == "VERB" and lexicon.matches(token, _listed("change_verbs")) for token in before) or (
        quantity.start >= 2 and doc[quantity.start - 2].lower_ in ("с", "со")
    ):
        return replace(quantity, min=quantity.max)
    return quantity


def mentions(ctx: Context) -> Iterator[Mention]:
    doc = ctx.doc
    counted: set[int] = set()
    previous: tuple[int, str] | None = None  # the sentence and kind of the last count read
    for quantity in map(partial(_to_value, doc), ctx.quantities):
        sentence = doc[quantity.start].sent
        last = previous[1] if previous is not None and previous[0] == sentence.start else None
        read = kind_and_population(doc, quantity, last)
        if read is None:
            continue
        kind, population, noun = read
        previous = (sentence.start, kind)
        if noun is not None:
            counted.add(noun.i)
        yield _mention(ctx, sentence, quantity, kind, population, quantity.min, quantity.max)
    for noun, kind in _one_person(doc):
        if noun.i in counted:
            continue
        one = Quantity(noun.i, noun.i + 1, noun.i, 1, 1)
        yield _mention(ctx, noun.sent, one, kind, _population(noun), 1, 1)


def _mention(
    ctx: Context,
    sentence: Span,
    quantity: Quantity,
    kind: str,
    population: str | None,
    low: int | None,
    high: int | None,
) -> Mention:
    doc = ctx.doc
    start, end = doc[quantity.start].idx, doc[quantity.end - 1].idx + len(doc[quantity.end - 1])
    evidence = ctx.sentence_evidence(sentence)
    claimant, cited, rank = _claim(ctx, sentence, quantity)
    figure = Figure(
        id=record_id("fig", ctx.document.id, evidence.start, evidence.end, start, end, kind),
        document_id=ctx.document.id,
        kind=kind,
        min=low,
        max=high,
        evidence=evidence,
        approximate=quantity.approximate,
        vague=quantity.vague,
        as_of=_as_of(ctx, sentence),
        place=_place(ctx, sentence, quantity),
        claimant=claimant,
        cited_source=cited,
        population=population,
    )
    return Mention(figure, sentence, ctx.in_headline(sentence.start_char), rank)


def figures(ctx: Context) -> list[tuple[Figure, list[Span]]]:
    """Every figure of a Russian report, each with the sentences that state it."""
    return told_by_the_body(ctx, merge(list(mentions(ctx))))
