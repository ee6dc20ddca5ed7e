"""Start-up: what a `crisisledger` command costs before it does anything, against importing Typer and Rich.

    PYTHONPATH=src .venv/bin/python bench/startup.py [--rounds 10] [--figures 30] [--before OLD_SRC]

Every timing is a whole process, started as a user starts it (the `crisisledger` script next to this Python,
or `python -c` for the imports), with its output thrown away and its modules' bytecode cached (in a directory
of the run's own). The baseline is `python -c "import typer, rich"`:
the floor any Typer and Rich command pays. The read commands run on a small store of synthetic reports
(`bench/synthetic.py`, written straight into the tables, so no model is loaded to make it).

Two more rows show what the libraries cost a read command whatever we import: a Typer command with nine
options that does nothing (Typer checks every option's value with a Pydantic TypeAdapter when a command
runs, not for --help), and the same command importing SQLAlchemy. With `--before`, the commands also run on
another copy of the code (say the commit before a change: `git archive <commit> src | tar -x -C /tmp/old`
then `--before /tmp/old/src`), side by side in the same rounds.

The commands run one after another within a round, rounds repeat, and the best and the median of the rounds
are printed, each with its ratio to the baseline's (goal: 3.0 or less for `--help` and a read command). On a
busy machine the best of many rounds is the steadier figure. A benchmark, not a test.
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

# A Typer command shaped like `crisisledger figures` (nine options, one given), doing nothing else.
TYPER_COMMAND = """
import typer
from typing import Annotated
app = typer.Typer()
Text = Annotated[str | None, typer.Option()]
@app.command()
def run(a: Text = None, b: Text = None, c: Text = None, d: Text = None, e: Text = None, f: Text = None,
        g: Text = None, official: bool = False, db: Text = None) -> None:
    {body}
app(["--db", "small.db"])
"""


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
    parser.add_argument("--figures", type=int, default=30, help="figures in the small store (default 30)")
    parser.add_argument("--before", type=Path, help="another copy of src/ to run the same commands on")
    args = parser.parse_args()
    cli = _command()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        # Every process finds its modules compiled, as an installed package has its .pyc files, even where
        # PYTHONDONTWRITEBYTECODE is set: the bytecode goes to a cache of this run's own (the first round
        # below fills it), never into the source tree or the virtualenv.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(COLUMNS="160", PYTHONWARNINGS="ignore", PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"))
        db = str(Path(tmp) / "small.db")
        counts = build(db, args.figures)
        commands = {
            "crisisledger --help": [*cli, "--help"],
            "crisisledger figures": [*cli, "figures", "--db", db],
            "crisisledger ledger": [*cli, "ledger", "--db", db],
            'python -c "import crisisledger"': [python, "-c", "import crisisledger"],
        }
        cases = {
            'python -c "import typer, rich"': ([python, "-c", "import typer, rich"], env),
            "a Typer command, 9 options": ([python, "-c", TYPER_COMMAND.format(body="pass")], env),
            "the same, importing SQLAlchemy": ([python, "-c", TYPER_COMMAND.format(body="import sqlalchemy")], env),
            **{name: (argv, env) for name, argv in commands.items()},
        }
        if args.before is not None:
            old = {**env, "PYTHONPATH": os.pathsep.join(p for p in (str(args.before), env.get("PYTHONPATH")) if p)}
            cases.update({f"before: {name}": (argv, old) for name, argv in commands.items()})
        for argv, case_env in cases.values():  # once to warm the file cache and check that each command works
            _run(argv, case_env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, (argv, case_env) in cases.items():
                times[name].append(_run(argv, case_env))
    print(f"store: {counts['documents']} documents, {counts['figures']} figures; {args.rounds} rounds; {cli[-1]}")
    baseline = times['python -c "import typer, rich"']
    print(f"{'command':<42} {'best':>8} {'median':>8} {'ratio (best)':>13} {'ratio (median)':>15}")
    for name, values in times.items():
        best, median = min(values), statistics.median(values)
        ratios = f"{best / min(baseline):>13.2f} {median / statistics.median(baseline):>15.2f}"
        print(f"{name:<42} {best:>7.3f}s {median:>7.3f}s {ratios}")


if __name__ == "__main__":
    main()
