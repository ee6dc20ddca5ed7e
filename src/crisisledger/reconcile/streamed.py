"""Ledger lines that stream: the lines of `build_lines`, the same and in the same order, made one line at a time
from the store, so that memory holds one batch of lines' figures, claims and contests, never the whole
ledger's (docs/performance.md, issue 11).

Two reads of the figures, in one snapshot:
1. every figure as people decided it (`review.each_figure_of`), as it is read: its line's key, and the few
   things a line needs from beyond its own figures (who is an officer of a state body, the kinds of the
   counts that others are parts of, the figures an edited source replaced). A line keeps only its figures'
   ids (and the few figures a person reviewed, which are not stored as they stand);
2. the lines in their order, a batch at a time: the batch's figures read back by id, each line reconciled
   from them exactly as `build_lines` does it, and given out.

A part of a withdrawn or denied count goes with it, and its whole may be on another line: the lines that hold
such wholes (counts others are parts of, on a line where some figure's status changed) are reconciled once
before, for their wholes' statuses.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from .. import review
from ..records import Document, Figure, StatusChange
from ..store import Store
from .lines import (
    Claim,
    LedgerLine,
    _changes_by_figure,
    _Claimer,
    _line,
    _Names,
    _replacements,
    _sort_key,
    _with_shared_status,
    _with_whole_status,
    collection_paused,
    line_key,
    officials_of,
)

#: Figures read back by id at a time: lines are reconciled a batch of about this many figures at a time.
_BATCH = 500

#: Statuses that withdraw a count, and with it its parts (`_with_whole_status`).
_DROPPING = ("withdrawn", "denied")

#: A line's figures in reading order: a stored figure by its id, a figure a person reviewed as it stands.
_Entry = str | Figure


@dataclass
class _Plan:
    """What the first read of the figures keeps: each line's figures (`_Entry`), in reading order, lines in
    the order their first figure was read (`build_lines`'s order before it sorts them)."""

    lines: dict[tuple, list[_Entry]] = field(default_factory=dict)
    #: Each line's figures' counts (min, max, vague), as `lines`, each as its hash (8 bytes, not a tuple):
    #: reports of one claim have one count, so figures of another hash are never one claim with it.
    counts: dict[tuple, array] = field(default_factory=dict)
    #: Each line's counts (their hashes) that some report withdrew or denied: a whole of such a count may be
    #: withdrawn.
    dropped: dict[tuple, set[int]] = field(default_factory=dict)
    #: Figures whose claimant is "Person of Some Body": `_Names` reads officers of state bodies from them.
    named: list[Figure] = field(default_factory=list)
    #: Figures `_replacements` may look at: those an edit revised, and those of the reports an edit is from.
    edited: list[Figure] = field(default_factory=list)
    #: Ids of the counts that other figures are parts of.
    wholes: set[str] = field(default_factory=set)


def each_ledger_line(
    store: Store, as_of: date | None = None, *, documents: list[Document] | None = None
) -> Iterator[LedgerLine]:
    """The lines of `ledger_lines(store, as_of)`, the same and in the same order, each made as it is asked
    for (all read in one snapshot of the store: `documents`, if given, are every document of that snapshot,
    read without their texts, `store.documents(text=False)`, as the claims hold them)."""
    with collection_paused(), store.reading():
        every = store.documents(text=False) if documents is None else documents
        published = {d.id: d for d in every if as_of is None or (d.published is not None and d.published <= as_of)}
        changes, edits = _changes_by_figure(store.each_status_change(), published, as_of)
        officials = officials_of(r for r in store.each_role() if r.document_id in published)  # roles: only these
        people = [(document_id, name) for document_id, name in store.people() if document_id in published]
        plan = _plan(store, every, published, changes, edits)
        del every
        replacements = _replacements(plan.edited, changes)
        older = set(_replacements(plan.edited, edits))
        claimer = _Claimer(published, changes, replacements, _Names(people, plan.named), officials)
        kinds = _kinds(plan)
        keys = sorted(plan.lines, key=_sort_key)  # stable: lines of equal sort keys stay in reading order
        statuses = _whole_statuses(store, plan, keys, changes, claimer)
        for batch in _batches(store, plan, keys):
            for key, figures in batch:
                claims = _with_shared_status([claimer.claim(f) for f in figures], claimer.officers)
                claims = [_with_whole_status(c, statuses) for c in claims]
                yield _line(key, claims, kinds, older)


def _plan(
    store: Store,
    every: list[Document],
    documents: dict[str, Document],
    changes: dict[str, list[StatusChange]],
    edits: dict[str, list[StatusChange]],
) -> _Plan:
    """The first read: every standing figure of a report in `documents`, as `build_lines` is given them
    (`every` document is where a figure a person added may be, as `ledger_lines` reads them)."""
    revised = [c for figure_changes in (*changes.values(), *edits.values()) for c in figure_changes]
    revised = [c for c in revised if c.status == "revised"]
    edited_ids = {c.figure_id for c in revised}
    edited_documents = {c.evidence.document_id for c in revised}
    plan = _Plan()
    for figure in review.each_figure_of(store, every, texts=False):
        if figure.review == "rejected" or figure.document_id not in documents:
            continue  # what `review.standing` and `build_lines` leave out
        # a reviewed figure is kept as people decided it; the store has it as the machine read it
        entry: _Entry = figure if figure.review is not None else figure.id
        key, count = line_key(figure), hash((figure.min, figure.max, figure.vague))
        plan.lines.setdefault(key, []).append(entry)
        plan.counts.setdefault(key, array("q")).append(count)
        if any(c.status in _DROPPING for c in changes.get(figure.id, ())):
            plan.dropped.setdefault(key, set()).add(count)
        if " of " in (figure.claimant or ""):
            plan.named.append(figure)
        if figure.id in edited_ids or figure.document_id in edited_documents:
            plan.edited.append(figure)
        if figure.part_of is not None:
            plan.wholes.add(figure.part_of)
    return plan


def _id(entry: _Entry) -> str:
    return entry if isinstance(entry, str) else entry.id


def _kinds(plan: _Plan) -> dict[str, str]:
    """The kind of each count that others are parts of (all `_line` asks `kinds` about)."""
    return {_id(entry): key[0] for key, entries in plan.lines.items() for entry in entries if _id(entry) in plan.wholes}


def _whole_statuses(
    store: Store, plan: _Plan, keys: list[tuple], changes: dict[str, list[StatusChange]], claimer: _Claimer
) -> dict[str, Claim]:
    """The claims of the wholes that a report can have withdrawn or denied, with the status their lines
    share among reports of one claim (`_with_whole_status` looks nothing else up). Reports of one claim have
    one count, so a whole's status is made from the figures of its line with its count, and only where some
    report withdrew or denied a figure of that count: only those figures are read back."""
    wanted: list[tuple] = []  # (line, count): the figures of the line with that count (hash)
    for key in keys:
        dropped = plan.dropped.get(key, set())
        found = {
            count
            for entry, count in zip(plan.lines[key], plan.counts[key], strict=True)
            if count in dropped and _id(entry) in plan.wholes
        }
        # any order: each count is a group of its own (two counts of one hash are two groups of one read)
        wanted.extend((key, count) for count in sorted(found))
    subset = _Plan(
        lines={
            (key, count): [e for e, c in zip(plan.lines[key], plan.counts[key], strict=True) if c == count]
            for key, count in wanted
        }
    )
    statuses: dict[str, Claim] = {}
    for batch in _batches(store, subset, wanted):
        for _, figures in batch:
            for claim in _with_shared_status([claimer.claim(f) for f in figures], claimer.officers):
                if claim.figure.id in plan.wholes:
                    statuses[claim.figure.id] = claim
    return statuses


def _batches(store: Store, plan: _Plan, keys: list[tuple]) -> Iterator[list[tuple[tuple, list[Figure]]]]:
    """The lines of `keys`, in that order, with their figures read back, about `_BATCH` figures at a time."""
    batch: list[tuple] = []
    size = 0
    for key in keys:
        batch.append(key)
        size += len(plan.lines[key])
        if size >= _BATCH:
            yield _read_back(store, plan, batch)
            batch, size = [], 0
    if batch:
        yield _read_back(store, plan, batch)


def _read_back(store: Store, plan: _Plan, keys: Iterable[tuple]) -> list[tuple[tuple, list[Figure]]]:
    """Each line's figures in reading order: stored figures read back by id, reviewed ones as kept."""
    keys = list(keys)
    stored = {f.id: f for f in store.figures_with_ids(e for key in keys for e in plan.lines[key] if isinstance(e, str))}
    return [(key, [stored[e] if isinstance(e, str) else e for e in plan.lines[key]]) for key in keys]
