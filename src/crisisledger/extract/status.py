"""Status changes: a figure denied, disputed or withdrawn, attached to the figure it is about.

A denial is a statement with the stance "denies". It is about the figure stated in its own sentence when
there is one ("the ministry has not confirmed the report that 164 people were killed"); otherwise it
refers back ("We do not confirm this information") to the latest figure before it, preferring one that
cites the denier as its source, since that is whom a denial answers.
A withdrawal is a sentence saying a claim was removed, deleted or retracted ("the post with the death toll
was removed from the channel of X"); it attaches to the figure of X (or of the kind it names) stated before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache

from spacy.tokens import Span

from .. import patterns
from ..records import Figure, Statement, StatusChange
from .context import Context
from .figures import _kind_of_word
from .statements import document_nouns


@cache
def _cues(name: str) -> frozenset[str]:
    return frozenset(patterns.load("attribution")[name])


def same_actor(name: str | None, other: str | None) -> bool:
    """True when two names are the same actor: equal, or one's words contained in the other's."""
    if not name or not other:
        return False
    a, b = set(name.lower().split()), set(other.lower().split())
    return a <= b or b <= a


def _named_in(name: str | None, text: str) -> bool:
    """True when `text` names `name`, perhaps shortened: "the Operational Headquarters" names the
    "Kazakhstan Operational Headquarters"."""
    if not name:
        return False
    words = name.split()
    return name.lower() in text.lower() or (len(words) > 2 and " ".join(words[-2:]).lower() in text.lower())


def figures_in(sentence: Span, located: list[tuple[Figure, list[Span]]]) -> list[Figure]:
    return [figure for figure, sentences in located if any(s.start == sentence.start for s in sentences)]


def latest_before(
    position: int, located: list[tuple[Figure, list[Span]]], kind: str | None = None
) -> list[tuple[int, Figure]]:
    """Figures stated before char `position`, latest first, as (position of their last mention, figure);
    in one sentence, a whole before its parts ("164 deaths, among them 103 in Almaty")."""
    found = []
    for figure, sentences in located:
        if kind is not None and figure.kind != kind:
            continue
        before = [s.start_char for s in sentences if s.start_char < position]
        if before:
            found.append((max(before), figure))
    found.sort(key=lambda item: (-item[0], item[1].part_of is not None))
    return found


def _kind_named(sentence: Span) -> str | None:
    """The kind a sentence names: "the death toll" -> killed."""
    for token in sentence:
        kind = _kind_of_word(token, ("nouns",))
        if kind:
            return kind
    return None


def _sentence_of(ctx: Context, statement: Statement) -> Span:
    start, _ = ctx.spans[statement.id]
    return ctx.sentence_at(start)  # type: ignore[return-value]


_RETRACTION_WORDS = ("error", "mistake", "incorrect", "erroneous", "inaccurate", "retract")


def _retracts(sentence: Span) -> bool:
    text = sentence.text.lower()
    return any(word in text for word in _RETRACTION_WORDS)


def denials(
    ctx: Context, statements: Iterable[Statement], located: list[tuple[Figure, list[Span]]]
) -> list[StatusChange]:
    changes = []
    for statement in statements:
        if statement.stance != "denies" or statement.speaker is None:
            continue
        sentence = _sentence_of(ctx, statement)
        status = "denied"
        targets = [f for f in figures_in(sentence, located) if not same_actor(f.claimant, statement.speaker)]
        if not targets and _retracts(sentence):
            # "the ministry called its figure a technical error": a claimant taking back its own figure
            # its own count in the same sentence ("put the toll at 2,300, but later said that figure was
            # incorrect"), else the latest before
            candidates = figures_in(sentence, located) + [f for _, f in latest_before(sentence.start_char, located)]
            own = [f for f in candidates if same_actor(f.claimant, statement.speaker)]
            targets, status = own[:1], "withdrawn"
        if not targets:
            earlier = [
                (pos, f)
                for pos, f in latest_before(sentence.start_char, located, _kind_named(sentence))
                if not same_actor(f.claimant, statement.speaker)
            ]
            cited = [f for _, f in earlier if same_actor(f.cited_source, statement.speaker)]
            targets = cited[:1] or [f for _, f in earlier[:1]]
        for figure in targets:
            ctx.targets.setdefault(statement.id, figure.id)
            changes.append(
                StatusChange(
                    figure_id=figure.id,
                    status=status,
                    evidence=statement.evidence,
                    date=ctx.anchor,
                    by=statement.speaker,
                )
            )
    return changes


def withdrawals(ctx: Context, located: list[tuple[Figure, list[Span]]]) -> list[StatusChange]:
    changes = []
    for sentence in ctx.doc.sents:
        cue = next((t for t in sentence if t.lemma_.lower() in _cues("withdrawal_cues") and t.pos_ == "VERB"), None)
        if cue is None:
            continue
        kind = _kind_named(sentence)
        earlier = latest_before(sentence.start_char, located, kind)
        owned = [f for _, f in earlier if _named_in(f.claimant, sentence.text)]
        # "The post was later deleted": a removed document takes the latest figure stated before it.
        removed = next((c for c in cue.children if c.dep_ in ("nsubjpass", "dobj")), None)
        about_a_post = removed is not None and removed.lemma_.lower() in document_nouns() | {"news", "figure"}
        targets = owned[:1] or ([f for _, f in earlier[:1]] if kind or about_a_post else [])
        # Whoever removes a post withdraws the claim: the named subject of the cue ("X deleted the post"),
        # else the claimant who published it.
        subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        remover = ctx.names.name_of(subject) if subject is not None else None
        for figure in targets:
            changes.append(
                StatusChange(
                    figure_id=figure.id,
                    status="withdrawn",
                    evidence=ctx.sentence_evidence(sentence),
                    date=ctx.anchor,
                    by=remover or figure.claimant,
                )
            )
    return changes


def disputes(ctx: Context, located: list[tuple[Figure, list[Span]]]) -> list[StatusChange]:
    changes = []
    for sentence in ctx.doc.sents:
        cue = next((t for t in sentence if t.lemma_.lower() in _cues("dispute_cues") and t.pos_ == "VERB"), None)
        if cue is None:
            continue
        subject = next((c for c in cue.children if c.dep_ in ("nsubj",)), None)
        by = ctx.names.name_of(subject) if subject is not None else None
        # "disputed that count": the count before, not one the disputer gives in the same sentence
        pointed = any(
            c.dep_ == "dobj" and any(d.lower_ in ("that", "this", "these", "those") for d in c.children)
            for c in cue.children
        )
        targets = [] if pointed else [f for f in figures_in(sentence, located) if not same_actor(f.claimant, by)]
        if not targets:
            earlier = latest_before(sentence.start_char, located, _kind_named(sentence))
            targets = [f for _, f in earlier[:1] if not same_actor(f.claimant, by)]
        for figure in targets:
            changes.append(StatusChange(figure.id, "disputed", ctx.sentence_evidence(sentence), ctx.anchor, by))
    return changes


def _after_from(text: str, figure: Figure) -> bool:
    """Whether the sentence gives the figure's number right after "from" ("from 36", "from 1,200")."""
    if figure.min is None or figure.min != figure.max:
        return False
    number = f"{figure.min:,}" if figure.min >= 10000 else f"(?:{figure.min:,}|{figure.min})"
    return re.search(rf"\bfrom (?:about |around |some )?{number}\b", text) is not None


def revisions(ctx: Context, located: list[tuple[Figure, list[Span]]]) -> list[StatusChange]:
    """ "1,200 were killed, a figure later revised down to about 1,140": the earlier count of the same kind
    in the sentence is revised by the later one."""
    changes = []
    for sentence in ctx.doc.sents:
        if not any(t.lemma_.lower() in _cues("revision_cues") and t.pos_ == "VERB" for t in sentence):
            continue
        here = sorted(figures_in(sentence, located), key=lambda f: f.evidence.start)
        # "cut the toll to 31, from 36": the count after "from" is the one revised, wherever it stands
        replaced = [f for f in here if _after_from(sentence.text, f)]
        for i, figure in enumerate(here):
            others = here if replaced else here[i + 1 :]
            later = [f for f in others if f.kind == figure.kind and (f.min, f.max) != (figure.min, figure.max)]
            if replaced and figure not in replaced:
                continue
            if later and figure.part_of is None:
                change = StatusChange(
                    figure.id, "revised", ctx.sentence_evidence(sentence), ctx.anchor, figure.claimant
                )
                changes.append(change)
    return changes


def status_changes(
    ctx: Context, statements: list[Statement], located: list[tuple[Figure, list[Span]]]
) -> list[StatusChange]:
    """All status changes of a report, one per (figure, status, who), in text order."""
    found = denials(ctx, statements, located) + withdrawals(ctx, located) + disputes(ctx, located)
    return in_text_order(found + revisions(ctx, located))


def in_text_order(changes: list[StatusChange]) -> list[StatusChange]:
    """Status changes in text order, one per (figure, status, who): the first stands."""
    seen: set[tuple[str, str, str | None]] = set()
    unique = []
    for change in sorted(changes, key=lambda change: change.evidence.start):
        key = (change.figure_id, change.status, change.by)
        if key not in seen:
            seen.add(key)
            unique.append(change)
    return unique


def current_status(changes: list[StatusChange]) -> str:
    """A figure's status: its latest change by date, then by position in the text."""
    if not changes:
        return "asserted"
    latest = max(
        enumerate(changes),
        key=lambda item: (item[1].date or date.min, item[1].evidence.start, item[0]),
    )
    return latest[1].status
