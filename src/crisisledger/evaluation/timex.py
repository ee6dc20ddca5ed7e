"""The detailed time-expression report on MEANTIME: what `dates()` finds and how it values it.

Run: python -m crisisledger.evaluation.timex [--errors]

Prints span-only and span-plus-value precision, recall and F1, and recall by TIMEX3 type; `--errors` lists
each miss and extra first. How articles are read and finds are judged is in `meantime`. Not a gate: a
report (the gate's rows `meantime/timex` and `meantime/timex.span` are the same numbers).
"""

from __future__ import annotations

import sys

from .. import nlp as loader
from .meantime import articles, contexts, found_timexes, score_timexes
from .paths import MEANTIME


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    errors: list[str] | None = [] if "--errors" in argv else None
    items = articles(MEANTIME)
    found = [(article, found_timexes(ctx)) for article, ctx in zip(items, contexts(items, loader.load()), strict=True)]
    timex, span, gold_by_type, right_by_type = score_timexes(found, errors)
    for line in errors or ():
        print(line)
    lines: list[tuple[str, float | int]] = [("articles", len(items)), ("gold", timex.gold), ("found", timex.found)]
    lines += [("span_precision", span.precision), ("span_recall", span.recall), ("span_f1", span.f1)]
    lines += [("precision", timex.precision), ("recall", timex.recall), ("f1", timex.f1)]
    lines += [(f"recall_{kind}", right_by_type[kind] / gold_by_type[kind]) for kind in sorted(gold_by_type)]
    for name, value in lines:
        print(f"{name:15} {value:.3f}" if isinstance(value, float) else f"{name:15} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
