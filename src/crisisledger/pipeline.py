"""Document -> Extraction: repair the text, parse it with spaCy (batched), run the extractors.

1. the body of each report (after its metadata header) is repaired, keeping a map back to the original;
2. spaCy parses the repaired texts in batches (`nlp.pipe`), with the title of a report's header (a
   headline may state a count the body does not give);
3. statements come first, since a quote's speaker can be the claimant of a figure inside it;
4. figures, then the status changes that attach to them, then each figure's current status;
5. actors, the roles people hold or lose, and events;
6. every place and time expression the steps above read from, as found once for them (`extract.mentions`).
A failure in step 3 or 4 is recorded as a problem of that document, which is still stored.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import chain, islice
from typing import TYPE_CHECKING

from spacy.language import Language

from . import nlp as nlp_loader
from .config import Settings, load_settings
from .errors import ModelError
from .extract.actors import actors, with_role_holders
from .extract.context import Context
from .extract.events import events
from .extract.figures import figures, the_reports_own
from .extract.mentions import place_mentions, time_expressions
from .extract.roles import roles
from .extract.statements import statements
from .extract.status import current_status, status_changes
from .records import Document, Extraction, Statement
from .repair import Repaired, repair

if TYPE_CHECKING:  # imported where workers start: an ingest of a few reports needs none
    from concurrent.futures import Future

#: Documents parsed inside one `nlp.memory_zone()`: when a zone ends spaCy frees the strings and lexemes its
#: documents added, so memory stays flat however many documents an ingest reads (docs/performance.md).
ZONE_DOCUMENTS = 512

#: Fewer documents than this are analysed in this process alone: below it, starting worker processes and
#: waiting for the slower one costs more than the second core gives (measured in docs/performance.md).
MIN_PARALLEL = 32

#: A report analysed before workers are forked, so that they inherit what the extractors load on first use:
#: a figure, a place, a date and a town (the towns' index loads apart).
WARM_UP = "title: Warm-up\ndate: 2024-01-01\n\nPolice in Almaty said 12 people were detained in Chippewa Falls.\n"

#: Batches handed to each worker ahead of the one whose records are awaited: enough that no worker waits
#: for this process, few enough that what waits to be stored stays small.
AHEAD = 2


def analyse(
    documents: Iterable[Document], settings: Settings | None = None, nlp: Language | None = None
) -> Iterator[Extraction]:
    """Yield one Extraction per document, in order, parsing them in batches (`Settings.batch_size`), with
    `Settings.processes` worker processes when there are enough documents to pay for them."""
    settings = settings or load_settings()
    nlp = nlp or nlp_loader.load(settings.model)
    remaining = iter(documents)
    # Only as many documents are read ahead as tell whether workers pay: reading a whole zone of sources
    # first would keep the workers waiting for it.
    ahead = min(ZONE_DOCUMENTS, max(MIN_PARALLEL, settings.batch_size * settings.parsers()))
    chunk = list(islice(remaining, ahead))
    processes = min(settings.parsers(), -(-len(chunk) // settings.batch_size))
    if processes > 1 and len(chunk) >= MIN_PARALLEL:
        yield from _analyse_in_workers(chain(chunk, remaining), nlp, settings, processes)
        return
    chunk += islice(remaining, ZONE_DOCUMENTS - len(chunk))
    while chunk:
        yield from _analyse_zone(chunk, nlp, settings.batch_size)
        chunk = list(islice(remaining, ZONE_DOCUMENTS))


def _analyse_zone(documents: list[Document], nlp: Language, batch_size: int) -> Iterator[Extraction]:
    """Parse and extract `documents` in one memory zone: no Doc outlives it, only the records made from it.
    Texts are repaired here as the parse asks for them."""
    prepared = (_prepared(document) for document in documents)
    with nlp.memory_zone():
        for doc, (document, start, fixed) in nlp.pipe(
            ((fixed.text, (document, start, fixed)) for document, start, fixed in prepared),
            as_tuples=True,
            batch_size=batch_size,
        ):
            yield extract(Context(document, doc, fixed, offset=start))


def _analyse_in_workers(
    documents: Iterable[Document], nlp: Language, settings: Settings, processes: int
) -> Iterator[Extraction]:
    """Each document's Extraction, made by `processes` worker processes that each repair, parse and extract
    whole batches (`_analyse_batch`) and send back plain records; this process only hands batches out and
    takes the records back in order. (spaCy's own `nlp.pipe(n_process=N)` sends every parsed Doc back to be
    extracted here, which left this process doing a third of the work on one core: measured in
    docs/performance.md.) The batches are those one process parses, zone by zone, so the parse is the same."""
    global _worker_nlp
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Forked workers share the loaded model (and whatever the extractors have loaded) with this process; where
    # fork is missing (macOS, Windows) each worker loads the model itself (`_start_worker`).
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":  # what loads on first use (the gazetteer, lexicons) loads once, not in every worker
        list(_analyse_zone([Document.from_text(WARM_UP)], nlp, 1))
    _worker_nlp = nlp
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(settings.model,),
    )
    waiting: deque[Future[list[Extraction]]] = deque()
    try:
        for batch in _batches(documents, settings.batch_size):
            waiting.append(pool.submit(_analyse_batch, batch, settings.batch_size))
            while len(waiting) > AHEAD * processes:
                yield from _taken(waiting.popleft())
        while waiting:
            yield from _taken(waiting.popleft())
    finally:
        _worker_nlp = None
        pool.shutdown(wait=True, cancel_futures=True)


#: The model a worker process parses with: this process's own, when the worker is a fork of it.
_worker_nlp: Language | None = None


def _start_worker(model: str) -> None:
    global _worker_nlp
    if _worker_nlp is None:  # a spawned worker: nothing inherited
        _worker_nlp = nlp_loader.load(model)
    # What a forked worker inherited (the model, the gazetteer) is set aside from the garbage collector, which
    # would otherwise visit each object and so copy its page from the parent (Python's advice for forked
    # workers; measured: about 5% fewer page faults in the workers, no change in time to speak of).
    gc.freeze()


def _batches(documents: Iterable[Document], batch_size: int) -> Iterator[list[Document]]:
    """The batches `_analyse_zone` would parse: `batch_size` documents at a time, restarting at each zone of
    `ZONE_DOCUMENTS` (spaCy's scores could differ, in the last digits, with another batch's company)."""
    remaining = iter(documents)
    while zone := list(islice(remaining, ZONE_DOCUMENTS)):
        for start in range(0, len(zone), batch_size):
            yield zone[start : start + batch_size]


def _analyse_batch(documents: list[Document], batch_size: int) -> list[Extraction]:
    """In a worker process: the Extractions of one batch, parsed in a memory zone of its own."""
    assert _worker_nlp is not None  # set by `_start_worker`
    return list(_analyse_zone(documents, _worker_nlp, batch_size))


def _taken(future: Future[list[Extraction]]) -> list[Extraction]:
    """A batch's records, or a ModelError that says a worker died (killed for memory, most likely)."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        raise ModelError(
            "a worker process that parses reports ended abruptly (out of memory?); "
            "run again with fewer processes (CRISISLEDGER_PROCESSES=1)"
        ) from None


def _prepared(document: Document) -> tuple[Document, int, Repaired]:
    start = analysed_start(document)
    return document, start, repair(_with_title(document, start))


def analysed_start(document: Document) -> int:
    """Where the analysis starts: at the title when the report's header gives one ("title: Quake kills
    40"), since a headline can state a figure the body does not; else where the body starts."""
    if not document.title or document.body_start == 0:
        return document.body_start
    at = document.text.find(document.title, 0, document.body_start)
    return at if at >= 0 else document.body_start


def _with_title(document: Document, start: int) -> str:
    """The text analysed: from `start` on, with the header lines after the title blanked to spaces (their
    newlines kept), so that every offset still points into the report as read and the title stands as a
    paragraph of its own."""
    if start == document.body_start:
        return document.text[start:]
    title_end = document.text.find("\n", start, document.body_start)
    if title_end < 0:
        return document.text[start:]
    header = document.text[title_end : document.body_start]
    blank = "".join(c if c == "\n" else " " for c in header)
    if blank.count("\n") < 2:
        blank = "\n\n" + blank[2:] if len(blank) >= 2 else blank
    return document.text[start:title_end] + blank + document.text[document.body_start :]


def extract(ctx: Context) -> Extraction:
    """Every record of one parsed report."""
    try:
        said = statements(ctx)
        located = figures(ctx, said)
        changes = status_changes(ctx, said, located)
        said = _linked(ctx, said)
        found = [f for f, _ in located]
        held = roles(ctx)
        named = with_role_holders(ctx, actors(ctx, said, found), held)
        happened = events(ctx, located)
        # A header's title is read for the counts it alone states (extract.figures); what it says and tells
        # of otherwise, the body says again, in full.
        body = ctx.document.body_start
        said = [s for s in said if s.evidence.start >= body]
        held = [r for r in held if r.evidence.start >= body]
        happened = [e for e in happened if e.evidence.start >= body]
        places, times = place_mentions(ctx), time_expressions(ctx)
    except Exception as exc:  # one report's failure is data about that report, not the end of a batch
        ctx.problems.append(f"extraction failed: {exc.__class__.__name__}: {exc}")
        return Extraction(ctx.document, problems=tuple(ctx.problems))
    by_figure: dict[str, list] = {}
    for change in changes:
        by_figure.setdefault(change.figure_id, []).append(change)
    return Extraction(
        document=ctx.document,
        figures=tuple(
            the_reports_own(replace(f, status=current_status(by_figure.get(f.id, []))), ctx.document.outlet)
            for f in found
        ),
        status_changes=tuple(changes),
        statements=tuple(said),
        problems=tuple(ctx.problems),
        actors=tuple(named),
        roles=tuple(held),
        events=tuple(happened),
        places=tuple(places),
        time_expressions=tuple(times),
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
