"""One evaluation run: every data set scored with one loaded model.

1. `seed`: the seed report (../shared/seed) against tests/gold/seed.json;
2. `reports`: our own short reports (tests/gold/reports/*.txt) against the gold .json beside each;
3. `meantime`: time expressions and named entities of the 120 MEANTIME articles (see `meantime`);
4. `wikinews`: figures of 48 real Wikinews crisis articles, gold by a person in the conventions we are
   judged by (see `wikinews`);
5. `wikinews-ru`: figures of 25 real Russian Wikinews crisis articles, gold in the same conventions.

Reports go through `pipeline.analyse`, exactly as `crisisledger ingest` reads them; MEANTIME articles through
the same repair, parse and `Context`. Rows of one data set are summed over its reports (micro-averaged).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from spacy.language import Language

from ..extract.entities import NAME as PATTERNS_PIPE
from ..pipeline import analyse
from . import meantime, wikinews
from .floors import Results
from .gold import GoldError, Report, read_all
from .paths import GOLD, SHARED
from .scoring import KINDS, Kind, Scores, add, found_records, score

DATA_SETS = ("seed", "reports", "meantime", "wikinews", "wikinews-ru")
__all__ = ["DATA_SETS", "PATTERNS_PIPE", "evaluate", "score_reports", "without_patterns"]


def evaluate(
    nlp: Language,
    *,
    gold: Path = GOLD,
    shared: Path = SHARED,
    data_sets: Sequence[str] = DATA_SETS,
    errors: dict[str, list[str]] | None = None,
) -> Results:
    """The rows of each data set; misses, extras and wrong fields go to `errors[data set]` when given."""
    results: Results = {}
    for data_set in data_sets:
        wrong: list[str] | None = None if errors is None else errors.setdefault(data_set, [])
        if data_set == "seed":
            results[data_set] = score_reports(read_all([gold / "seed.json"], _root(gold)), nlp, wrong)
        elif data_set == "reports":
            paths = sorted((gold / "reports").glob("*.json"))
            if not paths:
                raise GoldError(f"no gold reports in {gold / 'reports'}; they are part of the repository.")
            results[data_set] = score_reports(read_all(paths, _root(gold)), nlp, wrong)
        elif data_set == "meantime":
            corpus = shared / "data" / "meantime" / "intra-doc_annotation"
            if not any(corpus.glob("*/*.xml")):
                raise GoldError(f"MEANTIME is not at {corpus}; it is read from ../shared, beside the repository.")
            results[data_set] = meantime.evaluate(corpus, nlp, wrong)
        elif data_set == "wikinews":
            folder = shared / "data" / "wikinews-crises" / "texts"
            results[data_set] = score_reports(wikinews.read_reports(folder), nlp, wrong, (wikinews.WIKINEWS_FIGURES,))
        elif data_set == "wikinews-ru":
            folder = shared / "data" / "wikinews-ru-crises" / "texts"
            kinds = (wikinews.WIKINEWS_RU_FIGURES,)
            results[data_set] = score_reports(wikinews.read_reports(folder), nlp, wrong, kinds)
        else:
            raise ValueError(f"'data_set' must be one of {DATA_SETS} (got {data_set!r})")
    return results


def score_reports(
    reports: list[Report], nlp: Language, errors: list[str] | None = None, kinds: Sequence[Kind] = KINDS
) -> Scores:
    """Every kind's rows over the reports, summed."""
    rows: Scores = {}
    extractions = analyse([report.document for report in reports], nlp=nlp)
    for report, extraction in zip(reports, extractions, strict=True):
        wrong: list[str] | None = None if errors is None else []
        for kind in kinds:
            add(rows, score(report.gold[kind.name], found_records(extraction, kind), kind, wrong))
        if errors is not None and wrong:
            errors.extend(f"{report.name}: {line}" for line in wrong)
        if errors is not None:
            errors.extend(f"{report.name}: PROBLEM {problem}" for problem in extraction.problems)
    return {name: rows[name] for name in sorted(rows, key=_row_order)}


def _row_order(name: str) -> tuple[int, int]:
    kind_name, _, field = name.partition(".")
    for index, kind in enumerate(KINDS):
        if kind.name == kind_name:
            return index, kind.fields.index(field) + 1 if field else 0
    return len(KINDS), 0


def _root(gold: Path) -> Path:
    """The repository root, which gold `source` paths are relative to: the folder above tests/gold."""
    return gold.resolve().parents[1]


@contextmanager
def without_patterns(nlp: Language) -> Iterator[bool]:
    """`nlp` with the entity patterns component ("crisisledger_entities", extract/entities.py) switched off,
    to measure what it adds; yields whether there was one to switch off."""
    if PATTERNS_PIPE not in nlp.pipe_names:
        yield False
        return
    with nlp.select_pipes(disable=[PATTERNS_PIPE]):
        yield True
