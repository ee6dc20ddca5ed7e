"""Start-up: what a `crisisledger` command costs before it does anything, against importing Typer and Rich.

    PYTHONPATH=src .venv/bin/python bench/startup.py [--rounds 10]

Every timing is a whole process, started as a user starts it (the `crisisledger` script next to this Python,
or `python -c` for the imports), with its output thrown away. The baseline is `python -c "import typer, rich"`:
the floor any Typer and Rich command pays. The read commands run on a small store of synthetic reports
(`bench/synthetic.py`, a hundred figures written straight into the tables, so no model is loaded to make it).
The commands run one after another within a round, rounds repeat, and the best and the median of the rounds
are printed with the ratio of each median to the baseline's median (goal: 3.0 or less for `--help` and a read
command). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/synthetic.py

from synthetic import build  # noqa: E402


def _command() -> list[str]:
    """The `crisisledger` script installed beside this Python, else the same entry point through `-c`."""
    script = Path(sys.executable).parent / "crisisledger"
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "import sys; from crisisledger.cli import main; sys.argv[0] = 'crisisledger'; main()"]


def _run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="times each command runs (default 10)")
    parser.add_argument("--figures", type=int, default=100, help="figures in the small store (default 100)")
    args = parser.parse_args()
    env = {**os.environ, "COLUMNS": "160", "PYTHONWARNINGS": "ignore"}
    cli = _command()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "small.db")
        counts = build(db, args.figures)
        cases = {
            'python -c "import typer, rich"': [sys.executable, "-c", "import typer, rich"],
            "crisisledger --help": [*cli, "--help"],
            "crisisledger figures": [*cli, "figures", "--db", db],
            "crisisledger ledger": [*cli, "ledger", "--db", db],
            'python -c "import crisisledger"': [sys.executable, "-c", "import crisisledger"],
        }
        for argv in cases.values():  # once to warm the file cache and check that each command works
            _run(argv, env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, argv in cases.items():
                times[name].append(_run(argv, env))
    print(f"store: {counts['documents']} documents, {counts['figures']} figures; {args.rounds} rounds; {cli[-1]}")
    base = statistics.median(times['python -c "import typer, rich"'])
    print(f"{'command':<34} {'best':>8} {'median':>8} {'median / baseline':>18}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<34} {min(values):>7.3f}s {median:>7.3f}s {median / base:>18.2f}")


if __name__ == "__main__":
    main()
