"""Status changes in Russian: a figure denied, withdrawn, disputed or revised, as `extract.status` finds them in
English, with the cues of `patterns/ru/attribution.yml` read by lemma.

Which figure a change is about is chosen as in English (`extract.status.figures_in`, `latest_before`): a count in
the cue's own sentence that someone else claims, else the latest count before it (of the kind the sentence
names, when it names one); a denial prefers a count that cites the denier, since that is whom a denial answers.

- a denial: "опроверг", "отрицает", "не подтвердил", "не соответствует действительности", by the cue's subject
  ("МВД опровергло сообщения о 30 погибших", "В Минздраве эти данные не подтвердили");
- a withdrawal: "публикация удалена", "удалил запись", "отозвал заявление": by the subject that removed it, else
  by whoever claimed the count;
- a dispute: "оспорил", "усомнился", "поставил под сомнение";
- a revision: a revision cue ("уточнили", "пересмотрели") with two counts of one kind in its sentence: the one
  after "с" ("с 36 до 31"), else the earlier, is revised.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from spacy.tokens import Span, Token

from ..extract.context import Context
from ..extract.status import figures_in, in_text_order, latest_before, same_actor
from ..records import Figure, StatusChange
from . import ru_lexicon as lexicon

__all__ = ["denies", "is_denial", "speaker", "status_changes"]

Located = list[tuple[Figure, list[Span]]]
#: The word lists of patterns/ru/attribution.yml, by key.
_words = partial(lexicon.listed, "attribution")


def is_denial(token: Token) -> bool:
    """A word that denies: a denying verb ("опроверг"), a negated confirmation ("не подтвердил"), or the first
    word of a denial phrase ("не соответствует действительности")."""
    return lexicon.stance_of(token) == "denies" or lexicon.is_denial_at(token.doc, token.i) is not None


def denies(verb: Token) -> bool:
    """A verb that denies, itself or through the "не" before it ("опроверг", "не подтвердил"): a reporting verb
    that denies claims nothing (the count it answers is someone else's) and says what it says as a denial."""
    return is_denial(verb) or (verb.i > 0 and is_denial(verb.doc[verb.i - 1]))


def speaker(cue: Token) -> Token | None:
    """Who the cue's clause says did or said it: its subject, else the body it was said in ("в Минздраве ... не
    подтвердили", "в ведомстве уточнили": an indefinite-personal verb whose speaker is named after "в")."""
    verb = cue
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head  # "под сомнение" hangs on "поставили"
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubj:pass") and child.pos_ in ("NOUN", "PROPN"):
            return child
    for child in verb.children:
        if (
            child.dep_ == "obl"
            and child.pos_ in ("NOUN", "PROPN")
            and any(c.lower_ in ("в", "во") for c in child.children)
        ):
            if child.ent_type_ in ("ORG", "PERSON") or any(
                lexicon.matches(child, _words(table)) for table in ("speaking_bodies", "generic_sources")
            ):
                return child
    return None


def _name(token: Token | None) -> str | None:
    from . import ru_names

    return ru_names.claimant(token, role=False) if token is not None else None


def _kind_named(sentence: Span) -> str | None:
    """The kind of count a sentence names ("данные о погибших" -> killed), if any."""
    for token in sentence:
        kind = lexicon.kind_of(token)
        if kind is not None:
            return kind
    return None


def _cues(sentence: Span, test) -> Iterator[Token]:
    return (token for token in sentence if test(token))


def denials(ctx: Context, located: Located) -> list[StatusChange]:
    changes = []
    for sentence in ctx.doc.sents:
        cue = next(_cues(sentence, is_denial), None)
        if cue is None:
            continue
        by = _name(speaker(cue if cue.lower_ != "не" else cue.doc[min(cue.i + 1, len(cue.doc) - 1)]))
        if by is None:
            continue
        targets = [f for f in figures_in(sentence, located) if not same_actor(f.claimant, by)]
        if not targets:
            earlier = [
                f
                for _, f in latest_before(sentence.start_char, located, _kind_named(sentence))
                if not same_actor(f.claimant, by)
            ]
            cited = [f for f in earlier if same_actor(f.cited_source, by)]
            targets = cited[:1] or earlier[:1]
        changes += [StatusChange(f.id, "denied", ctx.sentence_evidence(sentence), ctx.anchor, by) for f in targets]
    return changes


def _withdrawal(token: Token) -> bool:
    return lexicon.withdrawal_at(token.doc, token.i) is not None or (
        token.pos_ == "VERB" and lexicon.matches(token, _words("withdrawal_cues")) and _about_a_post(token)
    )


def _about_a_post(cue: Token) -> bool:
    """ "удалил пост", "запись была удалена": what was removed is a publication."""
    return any(
        child.dep_ in ("obj", "nsubj:pass", "nsubj") and lexicon.matches(child, _words("document_nouns"))
        for child in cue.children
    )


def withdrawals(ctx: Context, located: Located) -> list[StatusChange]:
    changes = []
    for sentence in ctx.doc.sents:
        cue = next(_cues(sentence, _withdrawal), None)
        if cue is None:
            continue
        earlier = [f for _, f in latest_before(sentence.start_char, located, _kind_named(sentence))]
        owned = [f for f in earlier if f.claimant and _named_in(f.claimant, sentence)]
        subject = next(
            (c for c in cue.children if c.dep_ == "nsubj" and not lexicon.matches(c, _words("document_nouns"))),
            None,
        )
        remover = _name(subject)
        for figure in owned[:1] or earlier[:1]:
            evidence = ctx.sentence_evidence(sentence)
            changes.append(StatusChange(figure.id, "withdrawn", evidence, ctx.anchor, remover or figure.claimant))
    return changes


def _named_in(name: str, sentence: Span) -> bool:
    """Whether the sentence names the claimant, in any case: by the lemmas of the name's words."""
    lemmas = {lexicon.lemma(token) for token in sentence}
    words = [lexicon.normal(word) for word in name.split()]
    return all(any(lemma.startswith(word[: max(3, len(word) - 2)]) for lemma in lemmas) for word in words)


def disputes(ctx: Context, located: Located) -> list[StatusChange]:
    changes = []
    for sentence in ctx.doc.sents:
        cue = next(_cues(sentence, _disputes), None)
        if cue is None:
            continue
        by = _name(speaker(cue))
        targets = [f for f in figures_in(sentence, located) if not same_actor(f.claimant, by)]
        if not targets:
            earlier = latest_before(sentence.start_char, located, _kind_named(sentence))
            targets = [f for _, f in earlier[:1] if not same_actor(f.claimant, by)]
        changes += [StatusChange(f.id, "disputed", ctx.sentence_evidence(sentence), ctx.anchor, by) for f in targets]
    return changes


def _disputes(token: Token) -> bool:
    """A dispute cue: a verb of doubt ("оспорил", "усомнился"), or the words of a phrase after its verb, which
    may stand apart from them ("поставили эту цифру под сомнение")."""
    cues = _words("dispute_cues")
    if token.pos_ == "VERB" and lexicon.matches(token, cues):
        return True
    tails = sorted({" ".join(cue.split()[1:]) for cue in cues if len(cue.split()) > 2})
    return lexicon.phrase_at(token.doc, token.i, tails) is not None


def revisions(ctx: Context, located: Located) -> list[StatusChange]:
    """ "Число погибших уточнили: 31 вместо 36", "власти пересмотрели данные с 36 до 31": the earlier count of
    a kind in the sentence (the one after "с", where there is one) is revised by the other."""
    changes = []
    for sentence in ctx.doc.sents:
        if not any(t.pos_ == "VERB" and lexicon.matches(t, _words("revision_cues")) for t in sentence):
            continue
        here = sorted(figures_in(sentence, located), key=lambda f: f.evidence.start)
        starts = _counts_after_from(ctx, sentence)
        for figure in here:
            others = [f for f in here if f.kind == figure.kind and (f.min, f.max) != (figure.min, figure.max)]
            if not others or figure.part_of is not None:
                continue
            first = min(here, key=lambda f: (f.kind != figure.kind, f.evidence.start))
            if (starts and figure.min in starts) or (not starts and figure is first):
                evidence = ctx.sentence_evidence(sentence)
                changes.append(StatusChange(figure.id, "revised", evidence, ctx.anchor, figure.claimant))
    return changes


def _counts_after_from(ctx: Context, sentence: Span) -> set[int]:
    """The values of the counts of the sentence that follow "с" ("с 36 до 31")."""
    return {
        quantity.min
        for quantity in ctx.quantities
        if sentence.start < quantity.start < sentence.end
        and quantity.min is not None
        and ctx.doc[quantity.start - 1].lower_ in ("с", "со")
    }


def status_changes(ctx: Context, located: Located) -> list[StatusChange]:
    """Every status change of a Russian report, one per (figure, status, who), in text order."""
    return in_text_order(
        denials(ctx, located) + withdrawals(ctx, located) + disputes(ctx, located) + revisions(ctx, located)
    )
