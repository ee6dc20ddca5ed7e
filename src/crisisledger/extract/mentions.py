"""Every place and time expression of a report, as records: what the figures and events were read from.

Nothing is found here: the places are the ones the Context already resolved (`Context.places`) and the time
expressions the ones the date reader already valued (`Context.timexes`), so the ledger shows exactly what the
extractors saw. Both come sorted by their span in the document, one record per span, so the same report
always gives the same records in the same order.
"""

from __future__ import annotations

from ..records import PlaceMention, TimeExpression
from .context import Context
from .places import gazetteer

__all__ = ["place_mentions", "time_expressions"]


def place_mentions(ctx: Context) -> list[PlaceMention]:
    """Every place name the gazetteer resolved, with the first-level region it lies in when that is known."""
    found: dict[tuple[int, int], PlaceMention] = {}
    for span, place in ctx.places:
        evidence = ctx.evidence(span.start_char, span.end_char)
        mention = PlaceMention(ctx.document.id, evidence, place, gazetteer().admin1(place))
        found.setdefault((evidence.start, evidence.end), mention)  # a span listed twice is kept once, first
    return [found[key] for key in sorted(found)]


def time_expressions(ctx: Context) -> list[TimeExpression]:
    """Every date, time, duration and frequency the date reader found, with its TIMEX3 type and value."""
    found: dict[tuple[int, int], TimeExpression] = {}
    for timex in ctx.timexes:
        evidence = ctx.evidence(timex.start, timex.end)
        expression = TimeExpression(ctx.document.id, evidence, timex.type, timex.value)
        found.setdefault((evidence.start, evidence.end), expression)
    return [found[key] for key in sorted(found)]
