"""An English report's records, read from its Context: the steps in order (the pipeline's docstring lists them).

1. statements come first, since a quote's speaker can be the claimant of a figure inside it;
2. figures, then the status changes that attach to them, then each figure's current status;
3. actors, the roles people hold or lose, and events;
4. every place and time expression the steps above read from, as found once for them (`mentions`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..records import Actor, Event, Extraction, Figure, Role, Statement, StatusChange
from .actors import actors as named_actors
from .actors import with_role_holders
from .context import Context
from .events import events as found_events
from .figures import figures, the_reports_own
from .mentions import place_mentions, time_expressions
from .roles import roles as held_roles
from .statements import statements as said_statements
from .status import current_status, status_changes

__all__ = ["read"]


def read(ctx: Context) -> Extraction:
    """Every record of one parsed English report."""
    said = said_statements(ctx)
    located = figures(ctx, said)
    changes = status_changes(ctx, said, located)
    said = _linked(ctx, said)
    found = [f for f, _ in located]
    held = held_roles(ctx)
    named = with_role_holders(ctx, named_actors(ctx, said, found), held)
    happened = found_events(ctx, located)
    # A header's title is read for the counts it alone states (extract.figures); what it says and tells
    # of otherwise, the body says again, in full.
    body = ctx.document.body_start
    return assembled(
        ctx,
        found,
        changes,
        statements=[s for s in said if s.evidence.start >= body],
        actors=named,
        roles=[r for r in held if r.evidence.start >= body],
        events=happened,  # the body's only (extract.events)
    )


def assembled(
    ctx: Context,
    found: list[Figure],
    changes: list[StatusChange],
    *,
    statements: Iterable[Statement] = (),
    actors: Iterable[Actor] = (),
    roles: Iterable[Role] = (),
    events: Iterable[Event] = (),
) -> Extraction:
    """A report's Extraction from what its language's reader found, in any language: each figure with the
    status its changes leave it in, the outlet's own when no one else claims it, and every place and time
    expression the readers read from."""
    by_figure: dict[str, list[StatusChange]] = {}
    for change in changes:
        by_figure.setdefault(change.figure_id, []).append(change)
    outlet = ctx.document.outlet
    return Extraction(
        document=ctx.document,
        figures=tuple(
            the_reports_own(replace(f, status=current_status(by_figure.get(f.id, []))), outlet) for f in found
        ),
        status_changes=tuple(changes),
        statements=tuple(statements),
        actors=tuple(actors),
        roles=tuple(roles),
        events=tuple(events),
        places=tuple(place_mentions(ctx)),
        time_expressions=tuple(time_expressions(ctx)),
        problems=tuple(ctx.problems),
    )


def _linked(ctx: Context, said: list[Statement]) -> list[Statement]:
    """Each statement with the figure it denies or disputes, and the actor it is about (a named actor in its
    words other than its speaker)."""
    linked = []
    for statement in said:
        figure_id = ctx.targets.get(statement.id)
        start, end = ctx.spans[statement.id]
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        about = None
        for token in span if span is not None else ():
            mention = ctx.names.at(token)
            if mention is not None and mention.type in ("person", "org") and mention.name != statement.speaker:
                about = mention.name
                break
        linked.append(replace(statement, figure_id=figure_id, about=about))
    return linked
