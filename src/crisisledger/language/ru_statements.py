"""Statements in Russian: who said what, as `extract.statements` finds them in English.

- A direct quotation is a passage in quotation marks («...», „...“: the repair writes them all as '"', and
  `Context.quotes` pairs them) of four words or more whose speaker a reporting verb beside it names: right after
  it ("«...», — заявил глава МВД") or before it with a colon ("Глава МВД заявил: «...»"). A name in guillemets
  («Талибан», «Терминал 21») has no reporting verb beside it.
- Reported speech is the clause a reporting verb governs ("МВД сообщило, что задержаны 15 человек"), said by the
  verb's subject, or by the body named after "в" ("в ведомстве уточнили, что ...").
- The stance is the cue's (`ru_lexicon.stance_of`: "опроверг" denies, "не подтвердил" denies, "обвинил"
  accuses), else "asserts".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..extract.context import Context
from ..records import Statement, record_id
from . import ru_lexicon as lexicon

__all__ = ["Quotation", "quotation_at", "quotations", "statements"]

#: The fewest words a quotation has: fewer is a name or a term in guillemets.
_UTTERANCE = 4


@dataclass(frozen=True)
class Quotation:
    """A quoted passage: char offsets of its words in the analysed text, and the reporting verb that introduces
    it (None when no verb stands beside it)."""

    start: int
    end: int
    verb: Token | None


def quotations(ctx: Context) -> list[Quotation]:
    """Every quoted passage of the report, in text order, with the reporting verb beside it (found once per
    report: figures and statements both read them)."""
    if "quotations" not in ctx.memo:
        ctx.memo["quotations"] = _quotations(ctx)
    return ctx.memo["quotations"]  # type: ignore[no-any-return]


def _quotations(ctx: Context) -> list[Quotation]:
    # the marks are one character each side of the quoted words
    return [Quotation(q.start, q.end, _verb_beside(ctx, q.start - 1, q.end + 1)) for q in ctx.quotes]


def quotation_at(ctx: Context, char: int) -> Quotation | None:
    """The quotation that holds char `char` of the analysed text, if any."""
    return next((q for q in quotations(ctx) if q.start <= char < q.end), None)


def _verb_beside(ctx: Context, opening: int, closing: int) -> Token | None:
    """The reporting verb right after the closing mark (past commas and dashes) or just before the opening one,
    after a colon."""
    doc = ctx.doc
    after = doc.char_span(closing - 1, closing, alignment_mode="expand")
    if after is not None:
        i = after.end
        while i < len(doc) and (doc[i].is_punct or doc[i].is_space) and i - after.end < 4:
            i += 1
        if i < len(doc) and lexicon.is_reporting_verb(doc[i]):
            return doc[i]
    before = doc.char_span(opening, opening + 1, alignment_mode="expand")
    if before is not None and before.start >= 1 and doc[before.start - 1].text == ":":
        for token in reversed(doc[max(0, before.start - 6) : before.start - 1]):
            if lexicon.is_reporting_verb(token):
                return token
    return None


def _stance(verb: Token) -> str:
    from .ru_status import denies

    return "denies" if denies(verb) else lexicon.stance_of(verb) or "asserts"


def _said_by(verb: Token) -> str | None:
    from . import ru_figures, ru_names

    subject = ru_figures.speaker_of(verb)
    return ru_names.claimant(ru_figures.antecedent(subject), role=False) if subject is not None else None


def _direct(ctx: Context) -> Iterator[Statement]:
    for quotation in quotations(ctx):
        text = ctx.text[quotation.start : quotation.end].strip()
        if quotation.verb is None or len(text.split()) < _UTTERANCE:
            continue
        statement_id = record_id("st", ctx.document.id, quotation.start, quotation.end)
        ctx.spans[statement_id] = (quotation.start, quotation.end)
        yield Statement(
            id=statement_id,
            document_id=ctx.document.id,
            text=text,
            evidence=ctx.evidence(quotation.start, quotation.end),
            speaker=_said_by(quotation.verb),
            direct=True,
            stance=_stance(quotation.verb),
            cue=lexicon.lemma(quotation.verb),
        )


def _reported(ctx: Context, quoted: list[tuple[int, int]]) -> Iterator[Statement]:
    """The clause each reporting verb governs (its `ccomp`), outside quotations, with the verb's speaker."""
    for verb in ctx.doc:
        if not lexicon.is_reporting_verb(verb) or any(s <= verb.idx < e for s, e in quoted):
            continue
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if clause is None:
            continue
        words = ctx.doc[clause.left_edge.i : clause.right_edge.i + 1]
        words = _without_marks(words)
        if len(words) < 2 or any(s <= words.start_char < e for s, e in quoted):
            continue
        start, end = words.start_char, words.end_char
        statement_id = record_id("st", ctx.document.id, start, end, "r")
        ctx.spans[statement_id] = (start, end)
        yield Statement(
            id=statement_id,
            document_id=ctx.document.id,
            text=words.text,
            evidence=ctx.sentence_evidence(verb.sent),
            speaker=_said_by(verb),
            direct=False,
            stance=_stance(verb),
            cue=lexicon.lemma(verb),
        )


def _without_marks(words: Span) -> Span:
    """The clause without the conjunction and punctuation at its edges ("что", commas)."""
    start, end = words.start, words.end
    doc = words.doc
    while start < end and (doc[start].is_punct or doc[start].lower_ in ("что", "чтобы", "будто")):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]


def statements(ctx: Context) -> list[Statement]:
    """Every statement of a Russian report, in text order: direct quotations, then what else was reported."""
    direct = list(_direct(ctx))
    quoted = [(q.start, q.end) for q in quotations(ctx)]
    said = direct + list(_reported(ctx, quoted))
    return sorted(said, key=lambda s: (s.evidence.start, s.evidence.end, s.id))
