"""Same input, same output: the whole pipeline, run as a user runs it, gives the same ledger whatever Python's
hash seed (the order of sets and of dicts keyed by strings changes with PYTHONHASHSEED; no result may)."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEEDS = ("1", "2")

# Written for this test: sentences where rules of two types match the same words, so that only a fixed order
# between them decides the event (a crowd and the police clashing; protesters ransacking an office; soldiers
# lynching a man; a bomb going off as it is assembled).
TIES = """title: A night of clashes in Port Selwyn
outlet: Determinism Desk (test)
date: 2023-05-14

Clashes broke out between riot police and young men from the harbour district of Port Selwyn on Saturday night.

Protesters ransacked the offices of the port authority before dawn.

Later, security forces clashed with youths near the fish market.

Soldiers lynched a herder accused of helping the rebels, and police clashed with militants in the old quarter.

A bomb went off while two men were assembling it in a garage near the port.
"""


def command() -> list[str]:
    """The `crisisledger` command installed beside this Python, as a user types it."""
    script = shutil.which("crisisledger", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-c", "from crisisledger.cli import main; main()"]


def run_all(steps: list[list[str]], seeds: tuple[str, ...], cwd: Path, stores: dict[str, str]) -> None:
    """Each step for every seed at once (one process per seed), then the next step; `{seed}` and `{db}` in a
    step's arguments are the seed and the location of its store."""
    env = {k: v for k, v in os.environ.items() if k != "CRISISLEDGER_DB"}
    for step in steps:
        running = {
            seed: subprocess.Popen(
                [*command(), *(arg.format(seed=seed, db=stores[seed]) for arg in step)],
                cwd=cwd,
                env=env | {"PYTHONHASHSEED": seed},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for seed in seeds
        }
        for seed, process in running.items():
            output, _ = process.communicate(timeout=300)
            assert process.returncode == 0, f"PYTHONHASHSEED={seed} {' '.join(step)}:\n{output}"


def test_the_ledger_does_not_depend_on_the_hash_seed(tmp_path, new_db):
    ties = tmp_path / "ties.txt"
    ties.write_text(TIES, encoding="utf-8")
    steps = [
        ["ingest", str(EXAMPLES), str(ties), "--db", "{db}"],
        ["export", "--format", "json", "--db", "{db}", "--output", "{seed}.json"],
    ]
    run_all(steps, SEEDS, tmp_path, {seed: new_db(f"seed{seed}") for seed in SEEDS})
    first, second = ((tmp_path / f"{seed}.json").read_text(encoding="utf-8") for seed in SEEDS)
    assert '"events"' in first
    if first != second:
        diff = difflib.unified_diff(first.splitlines(), second.splitlines(), *(f"seed {s}" for s in SEEDS), n=8)
        pytest.fail("the exports differ:\n" + "\n".join(list(diff)[:80]))
