"""The quality gate: every score at or above its floor in tests/gold/floors.json (docs/quality.md).

One evaluation run (about 15 s: MEANTIME's 120 articles are most of it) feeds one test per floor, so a
failure names the data set, the row and the metric that dropped. Raise floors with
`python -m crisisledger.evaluation --update-floors`; never lower one without saying why in the commit.
"""

from __future__ import annotations

import pytest

from crisisledger.evaluation import evaluate, floors
from crisisledger.evaluation.paths import FLOORS, MEANTIME
from crisisledger.evaluation.run import DATA_SETS

pytestmark = pytest.mark.model

FLOORS_BY_NAME = {
    (data_set, row, metric): floor
    for data_set, rows in floors.load(FLOORS).items()
    for row, by_metric in rows.items()
    for metric, floor in by_metric.items()
}


@pytest.fixture(scope="module")
def scores(nlp, seed_path) -> dict[tuple[str, str, str], float]:
    if not any(MEANTIME.glob("*/*.xml")):
        pytest.skip(f"MEANTIME is not at {MEANTIME}")
    return floors.metrics(evaluate(nlp))


def test_there_are_floors_for_every_data_set():
    assert {data_set for data_set, _, _ in FLOORS_BY_NAME} == set(DATA_SETS)


@pytest.mark.parametrize(("name", "floor"), FLOORS_BY_NAME.items(), ids=["/".join(n) for n in FLOORS_BY_NAME])
def test_score_is_at_or_above_its_floor(scores, name, floor):
    label = "/".join(name)
    assert name in scores, f"{label} has a floor of {floor:.2f} but was not scored (a row renamed or removed?)"
    assert scores[name] >= floor, (
        f"{label}: {scores[name]:.4f} is below its floor of {floor:.2f}; "
        "see `python -m crisisledger.evaluation --errors` for what was missed"
    )


def test_every_score_has_a_floor(scores):
    missing = sorted("/".join(name) for name in scores if name not in FLOORS_BY_NAME)
    assert not missing, f"scores without a floor: {missing}; run `python -m crisisledger.evaluation --update-floors`"
