"""How many claimants of the Russian gold `ru_names.claimant` names as the gold does, from the head of the words
that name them in the text.

    PYTHONPATH=src .venv/bin/python bench/ru_names.py [--corpus ../shared/data/wikinews-ru-crises] [-v]

For each gold figure of `wikinews-ru-crises` whose claimant is not the outlet ("Викиновости"), the claimant's
name (without its bracketed role) is looked for in the report: the nearest run of tokens, before the figure's
`quote_hint` or in its sentence, whose words begin as the gold's words do (the text declines them: "Эда
Гонзалеса" for "Эд Гонзалес"). `claimant()` of that run's head is compared with the gold, with its role and
without (the evaluation compares names without roles). This measures the naming, not who is found as claimant:
that is the figure extractor's part. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
#: The shared data beside the checkout, or beside the folder of worktrees.
CANDIDATES = [
    HERE.parent / "shared" / "data" / "wikinews-ru-crises",
    HERE.parents[1] / "shared" / "data" / "wikinews-ru-crises",
]


def _stem(word: str) -> str:
    word = word.lower().replace("ё", "е")
    return word[: max(2, min(len(word) - 1, 5))] if len(word) > 2 else word


def _without_role(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def _words(text: str) -> list[str]:
    return re.findall(r"[\w-]+", text)


def _find(doc, name: str, before: int):  # type: ignore[no-untyped-def]
    """The run of tokens nearest before character `before` (or after it, failing that) matching the name's words."""
    wanted = [_stem(w) for w in _words(name)]
    words = [t for t in doc if _words(t.text)]
    runs = []
    for i in range(len(words) - len(wanted) + 1):
        run = words[i : i + len(wanted)]
        if all(t.text.lower().replace("ё", "е").startswith(w) for t, w in zip(run, wanted, strict=True)):
            runs.append(run)
    if not runs:
        return None
    earlier = [r for r in runs if r[0].idx <= before]
    return earlier[-1] if earlier else runs[0]


def _head(run):  # type: ignore[no-untyped-def]
    inside = {t.i for t in run}
    return next((t for t in run if t.head.i not in inside or t.head.i == t.i), run[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=next((c for c in CANDIDATES if c.is_dir()), CANDIDATES[0]))
    parser.add_argument("-v", "--verbose", action="store_true", help="print every claimant, not only misses")
    args = parser.parse_args()

    from crisisledger.evaluation.scoring import same_name
    from crisisledger.language import russian
    from crisisledger.language.ru_names import claimant

    nlp = russian.load()
    total = found = exact = named = 0
    for path in sorted((args.corpus / "texts").glob("*.json")):
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        body = text.partition("\n\n")[2]
        doc = None
        for figure in json.loads(path.read_text(encoding="utf-8"))["figures"]:
            gold = figure.get("claimant")
            if not gold or gold == "Викиновости":
                continue
            total += 1
            doc = doc or nlp(body)
            hint = body.find(figure.get("quote_hint") or "")
            run = _find(doc, _without_role(gold), hint if hint >= 0 else len(body))
            if run is None:
                print(f"{path.name[:3]} not in the text: {gold!r}")
                continue
            found += 1
            got = claimant(_head(run))
            exact += got == gold
            named += same_name(_without_role(gold), _without_role(got))
            if args.verbose or got != gold:
                print(f"{path.name[:3]} {'ok ' if got == gold else 'BAD'} gold {gold!r} got {got!r}")
    print(
        f"{total} claimants other than the outlet; {found} found in their text; {exact} named exactly as the gold "
        f"(role too), {named} with the same name (role left out, as the evaluation compares)"
    )


if __name__ == "__main__":
    main()
