"""Document -> Extraction: repair the text, parse it with spaCy (batched), run the extractors.

1. the body of each report (after its metadata header) is repaired, keeping a map back to the original;
2. spaCy parses the repaired texts in batches (`nlp.pipe`), with the title of a report's header (a
   headline may state a count the body does not give);
3. statements come first, since a quote's speaker can be the claimant of a figure inside it;
4. figures, then the status changes that attach to them, then each figure's current status;
5. actors, the roles people hold or lose, and events;
6. every place and time expression the steps above read from, as found once for them (`extract.mentions`).
A failure in step 3 or 4 is recorded as a problem of that document, which is still stored; so is a failure
to repair or parse it: the other documents of its batch are parsed again without it (`_analyse_zone`).

A report longer than `PART_CHARS` (or half of spaCy's `nlp.max_length`) is read in parts cut at paragraph
breaks, each parsed and extracted as a text of its own whose records point into the whole report (`_parts`,
`_merged`); one longer than `Settings.max_chars` is not analysed at all (`refusal`).

With `Settings.processes` above one and enough documents, worker processes each repair, parse and extract whole
batches and send back plain records (`_analyse_in_workers`), the same batches one process would parse.
"""

from __future__ import annotations

import gc
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import fields, replace
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, NamedTuple

from spacy.language import Language

from . import language
from . import nlp as nlp_loader
from .config import Settings, load_settings
from .errors import ModelError, described
from .extract.context import Context
from .records import Actor, Document, Extraction, record_id
from .repair import Repaired, repair

if TYPE_CHECKING:  # imported where workers start: an ingest of a few reports needs none
    from concurrent.futures import Future

#: Documents parsed inside one `nlp.memory_zone()`: when a zone ends spaCy frees the strings and lexemes its
#: documents added, so memory stays flat however many documents an ingest reads (docs/performance.md).
ZONE_DOCUMENTS = 512

#: Fewer documents than this are analysed in this process alone: below it, starting worker processes and
#: waiting for the slower one costs more than the second core gives (measured in docs/performance.md).
MIN_PARALLEL = 32

#: Reports whose analysed text is longer than this are parsed in parts of at most this many characters, cut
#: at paragraph breaks (else at the end of a sentence, else at a space). spaCy refuses a text longer than
#: `nlp.max_length` (1,000,000 characters), and both its parse and the merging of a report's claims
#: (`extract.figures.merge`) take more than linear time in the length of one text: 500,000 characters of
#: news in one piece took 37 s of CPU to parse and 11 s to extract, in parts of this size 30 s for both.
PART_CHARS = 100_000

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
    remaining = map(with_language, documents)
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
        yield from _analyse_runs(chunk, nlp, settings.batch_size, settings.max_chars)
        chunk = list(islice(remaining, ZONE_DOCUMENTS))


def with_language(document: Document) -> Document:
    """`document` with the language it is written in: the one it came with, else the one its text tells
    (`language.detect`). A language crisisledger has no profile for is a ConfigError naming those it reads."""
    if document.language is not None:
        return replace(document, language=language.profile(document.language).code)
    return replace(document, language=language.detect(document.text))


class _Models(dict[str, Language]):
    """The spaCy pipeline of each language, by code, loaded on first use: the default language's is the model
    the settings name (given), the others their profile's (`Profile.load`, once per process)."""

    def __init__(self, default: Language) -> None:
        super().__init__({language.DEFAULT: default})

    def __missing__(self, code: str) -> Language:
        self[code] = loaded = language.profile(code).load()
        return loaded


def _analyse_runs(documents: list[Document], nlp: Language, batch_size: int, max_chars: int) -> Iterator[Extraction]:
    """The Extractions of `documents`, in order: each run of reports of a usual length and one language
    parsed in batches by that language's pipeline, a long report alone, and a report too long to analyse
    refused (`_runs`)."""
    size = _part_size(nlp)
    models = _Models(nlp)
    for run in _runs(documents, max_chars, size):
        if isinstance(run, Extraction):
            yield run
            continue
        code = run[0].language or language.DEFAULT
        # a long report alone, its parts parsed one at a time: spaCy's memory grows with the text of a batch,
        # and 16 parts at once took 4.6 GB where one at a time takes 0.6 GB (1.5 MB of text)
        batch = 1 if len(run[0].text) > size else batch_size
        yield from _analyse_zone(run, models[code], batch, language.profile(code))


def _runs(documents: list[Document], max_chars: int, size: int) -> Iterator[list[Document] | Extraction]:
    """`documents` in order: runs of those to analyse, one language to a run, each report read in parts
    (longer than `size`) in a run of its own, and the Extraction of each report too long to analyse
    (`refusal`)."""
    run: list[Document] = []
    for document in documents:
        refused = refusal(document, max_chars)
        if refused is None and len(document.text) <= size:
            if run and run[-1].language != document.language:
                yield run
                run = []
            run.append(document)
            continue
        if run:
            yield run
            run = []
        yield Extraction(document, problems=(refused,)) if refused is not None else [document]
    if run:
        yield run


def _part_size(nlp: Language) -> int:
    """The longest text parsed at once: `PART_CHARS`, or half spaCy's limit when that is lower (the repair
    may lengthen a text: a ligature becomes two or three letters)."""
    return min(PART_CHARS, nlp.max_length // 2)


def refusal(document: Document, max_chars: int) -> str | None:
    """Why `document` is too long to analyse, or None: its text is longer than `max_chars` characters."""
    if len(document.text) <= max_chars:
        return None
    return (
        f"{len(document.text):,} characters, more than the limit of {max_chars:,} for one report; not analysed:"
        " split it, or raise the limit (CRISISLEDGER_MAX_CHARS)"
    )


class _Part(NamedTuple):
    """One text handed to spaCy: a part of a report's analysed text, repaired, and where it starts in the
    report's text; `last` marks a report's last part."""

    document: Document
    offset: int
    repaired: Repaired
    last: bool


def _analyse_zone(
    documents: list[Document], nlp: Language, batch_size: int, profile: language.Profile
) -> Iterator[Extraction]:
    """Parse and extract `documents` in one memory zone: no Doc outlives it, only the records made from it.
    Texts are repaired here as the parse asks for them.

    An error in repairing or parsing a text ends `nlp.pipe`, with the documents it had taken: those not yet
    extracted, and the rest, are then analysed one by one (`_alone`), so that only the one at fault is lost
    (stored with the error as its problem)."""
    size = _part_size(nlp)
    remaining = iter(documents)
    pending: deque[Document] = deque()  # handed to the parse, and not yet yielded
    parts: deque[_Part] = deque()  # the parts handed to the parse, in order: spaCy yields their Docs in order
    with nlp.memory_zone():
        try:
            done: list[tuple[int, Extraction]] = []
            texts = _texts(remaining, pending, parts, size)
            for doc in nlp.pipe(texts, batch_size=batch_size):
                part = parts.popleft()
                context = Context(part.document, doc, part.repaired, offset=part.offset, profile=profile)
                done.append((part.offset, extract(context)))
                if part.last:
                    yield _merged(done)
                    pending.popleft()
                    done = []
            return
        except Exception:  # whatever spaCy or the repair raised, `_alone` meets it again in the one report at fault
            pass
        for document in chain(list(pending), remaining):
            yield _alone(document, nlp, size, profile)


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
        list(_analyse_zone([Document.from_text(WARM_UP, language="en")], nlp, 1, language.profile("en")))
    _worker_nlp = nlp
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(settings.model,),
    )
    waiting: deque[Future[list[Extraction]]] = deque()
    try:
        size = _part_size(nlp)
        for batch in _batches(documents, settings.batch_size, settings.max_chars, size):
            waiting.append(pool.submit(_analyse_batch, batch, settings.batch_size, settings.max_chars))
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


def _batches(documents: Iterable[Document], batch_size: int, max_chars: int, size: int) -> Iterator[list[Document]]:
    """The batches one process parses (`_analyse_runs`): `batch_size` documents of a run at a time,
    restarting at each zone of `ZONE_DOCUMENTS` and at each long report, which is a batch of its own, as is a
    report too long to analyse (spaCy's scores could differ, in the last digits, with another batch's
    company)."""
    remaining = iter(documents)
    while zone := list(islice(remaining, ZONE_DOCUMENTS)):
        for run in _runs(zone, max_chars, size):
            if isinstance(run, Extraction):
                yield [run.document]  # refused again in the worker, at no cost
                continue
            for start in range(0, len(run), batch_size):
                yield run[start : start + batch_size]


def _analyse_batch(documents: list[Document], batch_size: int, max_chars: int) -> list[Extraction]:
    """In a worker process: the Extractions of one batch, parsed in a memory zone of its own."""
    assert _worker_nlp is not None  # set by `_start_worker`
    return list(_analyse_runs(documents, _worker_nlp, batch_size, max_chars))


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


def _texts(documents: Iterator[Document], pending: deque[Document], parts: deque[_Part], size: int) -> Iterator[str]:
    """The texts to parse: the parts of each report, in order, noted in `parts` as they are handed over."""
    for document in documents:
        pending.append(document)
        cut = _parts(document, size)
        for index, (offset, fixed) in enumerate(cut):
            parts.append(_Part(document, offset, fixed, index == len(cut) - 1))
            yield fixed.text


def _alone(document: Document, nlp: Language, size: int, profile: language.Profile) -> Extraction:
    """The Extraction of one report parsed by itself; an error in repairing or parsing it is its problem."""
    try:
        return _merged(
            [
                (offset, extract(Context(document, nlp(fixed.text), fixed, offset=offset, profile=profile)))
                for offset, fixed in _parts(document, size)
            ]
        )
    except Exception as exc:  # one report's failure is data about that report, not the end of a batch
        return Extraction(document, problems=(f"analysis failed: {described(exc, limit=300)}",))


def _parts(document: Document, size: int) -> list[tuple[int, Repaired]]:
    """The analysed text of `document`, repaired, in parts of at most `size` characters: (where the part
    starts in `document.text`, the part repaired). A text within `size` is one part, as it always was."""
    start = analysed_start(document)
    text = _with_title(document, start)
    return [(start + begin, repair(text[begin:end])) for begin, end in _cuts(text, size)]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _cuts(text: str, size: int) -> list[tuple[int, int]]:
    """Spans of `text`, in order and covering it, none longer than `size`: each cut after the last paragraph
    break of its window, else after the last end of a sentence, else after the last space, else at `size`.
    A cut in the second half of the window is preferred, so that no part is needlessly short."""
    spans, start = [], 0
    while len(text) - start > size:
        end = start + size
        cut = next(
            (
                found
                for lowest in (start + size // 2, start + 1)
                for pattern in (_PARAGRAPH_BREAK, _SENTENCE_END, _SPACE)
                if (found := _last_end(pattern, text, start, lowest, end)) is not None
            ),
            end,
        )
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


def _last_end(pattern: re.Pattern[str], text: str, start: int, lowest: int, end: int) -> int | None:
    """The end of the last match of `pattern` in text[start:end] that ends at `lowest` or after."""
    last = None
    for match in pattern.finditer(text, start, end):
        if match.end() >= lowest:
            last = match.end()
    return last


def _merged(parts: list[tuple[int, Extraction]]) -> Extraction:
    """One report's Extraction from those of its parts (offset of the part, its Extraction), in order.

    A record's id is made from its words' offsets in the text its extractor read; in a part other than the
    first those are offsets in the part, which another part can repeat: the ids of its figures and statements
    are made again with the part's offset (and every reference to them follows). An actor, whose id is its
    name, is one actor however many parts name it: the first mention stands, with every alias."""
    if len(parts) == 1:
        return parts[0][1]
    document = parts[0][1].document
    merged: dict[str, list[Any]] = {name: [] for name in _RECORDS}
    problems: list[str] = []
    for index, (offset, extraction) in enumerate(parts):
        if index:
            extraction = _renamed(extraction, offset)
        for name in _RECORDS:
            merged[name].extend(getattr(extraction, name))
        problems.extend(p for p in extraction.problems if p not in problems)
    actors: dict[str, Actor] = {}
    for actor in merged.pop("actors"):
        first = actors.get(actor.id)
        if first is None:
            actors[actor.id] = actor
        else:
            aliases = first.aliases + tuple(a for a in actor.aliases if a not in first.aliases)
            actors[actor.id] = replace(first, aliases=aliases, country=first.country or actor.country)
    records = {name: tuple(_first_of_each(found)) for name, found in merged.items()}
    return Extraction(document, problems=tuple(problems), actors=tuple(actors.values()), **records)


#: The records of an Extraction, by field name.
_RECORDS = ("figures", "status_changes", "statements", "actors", "roles", "events", "places", "time_expressions")


def _renamed(extraction: Extraction, offset: int) -> Extraction:
    """`extraction` with new ids for its figures and statements, made with `offset`, and its references to
    them (a figure's `part_of`, a status change's or statement's `figure_id`, an event's `figure_ids`)."""
    document_id = extraction.document.id
    old = [*(f.id for f in extraction.figures), *(s.id for s in extraction.statements)]
    ids = {each: record_id(each.split("-", 1)[0], document_id, each, offset) for each in old}
    records: dict[str, Any] = {
        name: tuple(_with_ids(record, ids) for record in getattr(extraction, name)) for name in _RECORDS
    }
    return replace(extraction, **records)


def _with_ids(record: Any, ids: dict[str, str]) -> Any:
    """`record` with every id it holds (its own, and those it refers to) replaced as `ids` says."""
    changes: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name == "id" or f.name.endswith("_id") or f.name == "part_of":
            if value in ids:
                changes[f.name] = ids[value]
        elif f.name.endswith("_ids"):
            changes[f.name] = tuple(ids.get(v, v) for v in value)
    return replace(record, **changes) if changes else record


def _first_of_each(records: list[Any]) -> Iterator[Any]:
    """Records in order, without a second record of an id already given (no two parts should give one)."""
    seen: set[str] = set()
    for record in records:
        key = getattr(record, "id", None)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        yield record


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
    """Every record of one parsed report, read with the rules of its language (`Profile.read`); a failure is
    recorded as the report's problem, and the report is still stored."""
    try:
        return ctx.profile.read(ctx)
    except Exception as exc:  # one report's failure is data about that report, not the end of a batch
        ctx.problems.append(f"extraction failed: {exc.__class__.__name__}: {exc}")
        return Extraction(ctx.document, problems=tuple(ctx.problems))
