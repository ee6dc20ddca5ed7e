"""The quality gate's command line: score every data set, print the table, fail below a floor.

    python -m crisisledger.evaluation                     # the table; exit 1 if a score is below its floor
    python -m crisisledger.evaluation --update-floors     # raise floors to the current scores (never lower)
    python -m crisisledger.evaluation --json              # the scores, machine-readable
    python -m crisisledger.evaluation --errors            # also each miss, extra and wrong field
    python -m crisisledger.evaluation --without-patterns  # ablation: the 'crisisledger_entities' pipe off

Exit status: 0 when every score is at or above its floor, 1 when one is not, 2 when the evaluation cannot
run (a gold file unreadable, a corpus missing).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from .. import nlp as loader
from ..config import load_settings
from ..errors import CrisisLedgerError
from . import floors as floors_file
from .floors import Floors, Results, Shortfall
from .paths import FLOORS
from .run import DATA_SETS, PATTERNS_PIPE, evaluate, without_patterns
from .scoring import Count


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="python -m crisisledger.evaluation",
        description="Score extraction against gold data (docs/quality.md); exit 1 if a score is below its floor.",
        epilog="example: python -m crisisledger.evaluation --data-set seed --errors",
    )
    parse.add_argument("--update-floors", action="store_true", help="raise floors to the current scores (never lower)")
    parse.add_argument("--json", action="store_true", help="print the scores as JSON instead of a table")
    parse.add_argument("--markdown", action="store_true", help="print the scores as Markdown tables (docs/quality.md)")
    parse.add_argument("--errors", action="store_true", help="also list each miss, extra and wrong field")
    parse.add_argument(
        "--without-patterns",
        action="store_true",
        help=f"ablation: run with the spaCy pipe {PATTERNS_PIPE!r} disabled and show what it adds (no floors)",
    )
    parse.add_argument("--data-set", action="append", choices=DATA_SETS, help="score only this data set (repeatable)")
    parse.add_argument("--floors", type=Path, default=FLOORS, help="the floors file (default: %(default)s)")
    parse.add_argument("--model", default=None, help="the spaCy model (default: the configured one)")
    return parse


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.without_patterns and args.update_floors:
        print("error: --without-patterns measures an ablation; it cannot --update-floors.", file=sys.stderr)
        return 2
    data_sets = args.data_set or list(DATA_SETS)
    try:
        nlp = loader.load(args.model or load_settings().model)
        errors: dict[str, list[str]] | None = {} if args.errors else None

        def run(errors: dict[str, list[str]] | None = None) -> Results:
            return evaluate(nlp, data_sets=data_sets, errors=errors)

        if args.without_patterns:
            with without_patterns(nlp) as disabled:
                ablated = run(errors)
            if not disabled:
                pipes = ", ".join(nlp.pipe_names)
                note = f"the pipeline has no {PATTERNS_PIPE!r} pipe (pipes: {pipes}); there is nothing to switch off."
                print(f"note: {note}", file=sys.stderr)
            print_errors(errors, sys.stderr if args.json else sys.stdout)
            show_ablation(ablated, run() if disabled else ablated, as_json=args.json)
            return 0
        results = run(errors)
        floors = floors_file.load(args.floors)
    except CrisisLedgerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print_errors(errors, sys.stderr if args.json else sys.stdout)
    if args.update_floors:
        floors = floors_file.raised(results, floors)
        floors_file.save(args.floors, floors)
    below = floors_file.shortfalls(results, floors)
    if args.json:
        print(json.dumps(as_json(results, floors, below), indent=2))
    elif args.markdown:
        print(markdown(results, floors))
    else:
        print(table(results, floors, below))
        if args.update_floors:
            print(f"\nfloors raised to the current scores (rounded down) in {args.floors}")
        if below:
            print(f"\n{len(below)} score(s) below their floor:")
            for shortfall in below:
                print(f"  {shortfall}")
        else:
            print("\nevery score is at or above its floor")
    return 1 if below else 0


# Output ---------------------------------------------------------------------------------------------------


def print_errors(errors: dict[str, list[str]] | None, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    for data_set, lines in (errors or {}).items():
        for line in lines:
            print(f"{data_set}/{line}", file=stream)
    if errors:
        print(file=stream)


_HEADER = ("data set", "row", "gold", "found", "matched", "precision", "recall", "F1", "accuracy")


def markdown(results: Results, floors: Floors) -> str:
    """The scores as one Markdown table per data set, each score followed by its floor in brackets."""
    out: list[str] = []
    for data_set, rows in results.items():
        out += [f"**{data_set}**", "", "| row | gold | found | matched | precision | recall | F1 | accuracy |"]
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for row, score in rows.items():
            floor = floors.get(data_set, {}).get(row, {})
            cells = {
                metric: f"{value:.3f}" + (f" ({floor[metric]:.2f})" if metric in floor else "")
                for metric, value in score.metrics().items()
            }
            if isinstance(score, Count):
                out.append(
                    f"| {row} | {score.gold} | {score.found} | {score.right_gold} | {cells['precision']} "
                    f"| {cells['recall']} | {cells['f1']} | |"
                )
            else:
                out.append(f"| {row} | | | {score.total} | | | | {cells['accuracy']} |")
        out.append("")
    return "\n".join(out).rstrip()


def table(results: Results, floors: Floors, below: list[Shortfall] | None = None) -> str:
    """The scores as an aligned plain-text table; each score shows its floor, and `!` when below it."""
    failing = {(s.data_set, s.row, s.metric) for s in below or ()}
    lines: list[tuple[str, ...]] = [_HEADER]
    for data_set, rows in results.items():
        for row, score in rows.items():
            floor = floors.get(data_set, {}).get(row, {})
            cells = {
                metric: f"{value:.3f}"
                + (f" ({floor[metric]:.2f})" if metric in floor else "")
                + ("!" if (data_set, row, metric) in failing else "")
                for metric, value in score.metrics().items()
            }
            if isinstance(score, Count):
                counts = (str(score.gold), str(score.found), str(score.right_gold))
                lines.append((data_set, row, *counts, cells["precision"], cells["recall"], cells["f1"], ""))
            else:
                lines.append((data_set, row, "", "", str(score.total), "", "", "", cells["accuracy"]))
    widths = [max(len(line[i]) for line in lines) for i in range(len(_HEADER))]
    text = [
        "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True)))
        for line in lines
    ]
    text.insert(1, "  ".join("-" * w for w in widths))
    legend = "scores with their floor in brackets; ! marks a score below its floor; matched is gold records matched"
    return "\n".join([*text, "", legend])


def as_json(results: Results, floors: Floors, below: list[Shortfall]) -> dict[str, Any]:
    return {
        "scores": scores_json(results),
        "floors": floors,
        "below_floor": [
            {"data_set": s.data_set, "row": s.row, "metric": s.metric, "score": s.score, "floor": s.floor}
            for s in below
        ],
    }


def scores_json(results: Results) -> dict[str, dict[str, dict[str, float | int]]]:
    out: dict[str, dict[str, dict[str, float | int]]] = {}
    for data_set, rows in results.items():
        for row, score in rows.items():
            counts: dict[str, float | int] = (
                {"gold": score.gold, "found": score.found, "matched": score.right_gold}
                if isinstance(score, Count)
                else {"matched": score.total, "right": score.right}
            )
            out.setdefault(data_set, {})[row] = {**score.metrics(), **counts}
    return out


def show_ablation(without: Results, full: Results, as_json: bool) -> None:
    """Scores without the patterns pipe, and the gain the pipe brings (full run minus ablated run)."""
    if as_json:
        print(json.dumps({"without_patterns": scores_json(without), "with_patterns": scores_json(full)}, indent=2))
        return
    lines: list[tuple[str, ...]] = [("data set", "row", "metric", "without", "with", "gain")]
    for data_set, rows in without.items():
        for row, score in rows.items():
            for metric, value in score.metrics().items():
                with_value = full[data_set][row].metrics()[metric]
                gain = round(with_value - value, 3) + 0.0  # + 0.0 turns -0.0 into 0.0
                lines.append((data_set, row, metric, f"{value:.3f}", f"{with_value:.3f}", f"{gain:+.3f}"))
    widths = [max(len(line[i]) for line in lines) for i in range(6)]
    for line in lines:
        print("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))))


if __name__ == "__main__":
    sys.exit(main())
