"""Floors: the lowest score each (data set, row, metric) may have, kept in tests/gold/floors.json.

Floors only move up. `raised()` lifts each floor to the current score rounded down to two decimals, and
adds a floor for each new row; it never lowers one. Lowering a floor is a change to the file by hand, made
in a commit that says why.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from .scoring import Scores

#: data set -> row -> metric -> floor, e.g. floors["seed"]["figures"]["recall"] == 1.0
Floors = dict[str, dict[str, dict[str, float]]]
#: data set -> its rows
Results = dict[str, Scores]


@dataclass(frozen=True)
class Shortfall:
    """A score below its floor, or a floor whose row was not scored at all (`score` None)."""

    data_set: str
    row: str
    metric: str
    floor: float
    score: float | None

    def __str__(self) -> str:
        name = f"{self.data_set}/{self.row}/{self.metric}"
        if self.score is None:
            return f"{name}: has a floor of {self.floor:.2f} but was not scored (a row renamed or removed?)"
        return f"{name}: {self.score:.4f} is below its floor of {self.floor:.2f}"


def rounded_down(score: float) -> float:
    """Two decimals, rounded down: 0.8333 -> 0.83; 0.29 stays 0.29 despite 0.29 * 100 = 28.999..."""
    return math.floor(round(score * 100, 6)) / 100


def load(path: Path) -> Floors:
    if not path.exists():
        return {}
    data: Floors = json.loads(path.read_text(encoding="utf-8"))
    return data


def save(path: Path, floors: Floors) -> None:
    path.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def metrics(results: Results) -> dict[tuple[str, str, str], float]:
    """Every score by (data set, row, metric)."""
    return {
        (data_set, row, metric): value
        for data_set, rows in results.items()
        for row, score in rows.items()
        for metric, value in score.metrics().items()
    }


def shortfalls(results: Results, floors: Floors) -> list[Shortfall]:
    """Every score below its floor, in the floors' order. Data sets not in `results` are not checked."""
    scores = metrics(results)
    found = []
    for data_set, rows in floors.items():
        if data_set not in results:
            continue
        for row, by_metric in rows.items():
            for metric, floor in by_metric.items():
                score = scores.get((data_set, row, metric))
                if score is None or score < floor:
                    found.append(Shortfall(data_set, row, metric, floor, score))
    return found


def raised(results: Results, floors: Floors) -> Floors:
    """Floors lifted to the current scores (rounded down), never lowered; new rows get their score."""
    updated: Floors = {d: {r: dict(m) for r, m in rows.items()} for d, rows in floors.items()}
    for (data_set, row, metric), score in metrics(results).items():
        by_metric = updated.setdefault(data_set, {}).setdefault(row, {})
        by_metric[metric] = max(by_metric.get(metric, 0.0), rounded_down(score))
    return updated
