"""Reading every stored report again, after the rules were upgraded, without losing what people decided.

Each stored document is analysed anew by the pipeline exactly as `ingest` reads it, and its records are
replaced in one transaction (`Store.replace_records`): a document is either read again whole or left as it
was. Its snapshots and reviews stay. Reviews attach to the new figures by id or by the figure's words
(crisisledger.review); a review whose figure is no longer found is kept and reported, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.language import Language

from .. import review
from ..errors import CrisisLedgerError
from ..pipeline import analyse
from ..store import Store


@dataclass
class Reanalysis:
    """What reading the store again changed."""

    documents: int = 0
    figures_before: int = 0
    figures_after: int = 0
    #: Reviews that no longer find their figure: kept in the store, listed for a person to look at again.
    orphans: list[review.Review] = field(default_factory=list)
    #: One line per document that could not be read again (its old records are kept).
    failures: list[str] = field(default_factory=list)


def reanalyse(
    store: Store,
    nlp: Language | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    document_ids: Sequence[str] | None = None,
) -> Reanalysis:
    """Read every stored document (or those named) again and replace its records; see the module doc."""
    documents = store.documents()
    if document_ids is not None:
        wanted = set(document_ids)
        documents = [d for d in documents if d.id in wanted]
    result = Reanalysis(figures_before=sum(len(store.figures(d.id)) for d in documents))
    for index, extraction in enumerate(analyse(documents, nlp=nlp)):
        try:
            store.replace_records(extraction)
            result.documents += 1
        except CrisisLedgerError as exc:
            result.failures.append(str(exc))
        if progress is not None:
            progress(index + 1, len(documents))
    figures = [f for d in documents for f in store.figures(d.id)]
    result.figures_after = len(figures)
    read = {d.id for d in documents}
    kept = [r for r in review.load(store) if r.document_id in read]
    result.orphans = review.orphans(figures, kept)
    return result
