"""The quality gate: extraction scored against gold data, with floors that only move up.

Run `python -m crisisledger.evaluation` (or `make eval`); docs/quality.md says what is measured and how.

    gold.py      gold files: the records a person found by reading a report
    scoring.py   matching found records to gold ones; Count and Accuracy rows
    meantime.py  the MEANTIME corpus: time expressions and named entities
    wikinews.py  the Wikinews crisis set: real news with gold figures, in its own conventions
    floors.py    tests/gold/floors.json: the lowest score each row may have
    run.py       one run over every data set
    paths.py     where the gold data, the floors and ../shared are
    timex.py     the detailed date report on MEANTIME (python -m crisisledger.evaluation.timex)
    __main__.py  the command line
"""

from .floors import Floors, Results, Shortfall, raised, rounded_down, shortfalls
from .gold import GoldError, Report, read_gold
from .run import DATA_SETS, PATTERNS_PIPE, evaluate, without_patterns
from .scoring import KINDS, Accuracy, Count, Gold, Kind, Score, Scores, match, score

__all__ = [
    "DATA_SETS",
    "KINDS",
    "PATTERNS_PIPE",
    "Accuracy",
    "Count",
    "Floors",
    "Gold",
    "GoldError",
    "Kind",
    "Report",
    "Results",
    "Score",
    "Scores",
    "Shortfall",
    "evaluate",
    "match",
    "raised",
    "read_gold",
    "rounded_down",
    "score",
    "shortfalls",
    "without_patterns",
]
