"""A Russian report's records, read from its Context: the Russian profile's `reader`.

What is read: figures (`ru_figures`), with each figure's status (`ru_status`: denials, withdrawals, disputes,
revisions); who said what (`ru_statements`: quotations in guillemets and reported speech); the people and
bodies the report names (`ru_names.actors`: Russian names in the nominative with their Latin aliases); the
events it tells of (`ru_events`: the English types from Russian words, with their figures and actors), those of
the body only, as English keeps them; every place and time expression the readers used (`extract.mentions`,
through `extract.report.assembled`, shared with English); the roles of the people it names and the changes
in them (`ru_roles`: "министр здравоохранения Алексей Цой", "освобождён от должности главы КНБ"), of the body
only too (docs/language.md, section 12).
"""

from __future__ import annotations

from ..extract.context import Context
from ..extract.report import assembled
from ..records import Extraction
from . import ru_events, ru_figures, ru_names, ru_roles, ru_statements, ru_status

__all__ = ["read"]


def read(ctx: Context) -> Extraction:
    """Every record of one parsed Russian report."""
    said = ru_statements.statements(ctx)
    located = ru_figures.figures(ctx)
    named = ru_names.actors(ctx.doc, ctx.evidence, ctx.document.id)
    changes = ru_status.status_changes(ctx, located)
    happened = ru_events.events(ctx, located, named)  # the body's only (ru_events)
    held = ru_roles.roles(ctx, named)  # the body's only, as well
    # a header's title is read for the counts it alone states; what it says, the body says again in full
    body = ctx.document.body_start
    said = [s for s in said if s.evidence.start >= body]
    return assembled(
        ctx, [figure for figure, _ in located], changes, statements=said, actors=named, roles=held, events=happened
    )
