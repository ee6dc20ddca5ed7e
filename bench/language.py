"""The Russian pipeline's speed against the English one's, on real reports of each language.

    PYTHONPATH=src .venv/bin/python bench/language.py [--rounds 3] [--batch-size 16]
    PYTHONPATH=src .venv/bin/python bench/language.py --whole [--rounds 3]

`--whole` measures what a user runs: `crisisledger ingest` of each corpus's reports (headers and all) into a new
store, as a whole process, one process each (CRISISLEDGER_PROCESSES=1, so neither language gets the second
core); a report's cost is the time above an ingest of one short report of its language (start-up, models loaded),
per character. This is the issue's measure: parse, extraction and storage together.

English: en_core_web_sm as `crisisledger.nlp.load` sets it up, on the bodies of ../shared/data/wikinews-crises;
Russian: `crisisledger.language.russian.load()` (razdel, slovnet morphology, syntax and NER, pymorphy3 lemmas) on
the bodies of ../shared/data/wikinews-ru-crises. Each pipeline parses its whole corpus with `nlp.pipe` in one
process, after one warm-up pass (models loaded, the lemma cache filled as it would be after a few reports); the
best of the rounds is printed as characters and tokens per second, and the cost of a Russian character as a
multiple of an English one (issue 13's goal: 1.5 or less). Loading each pipeline is timed once, apart.
The machine is shared: run it alone, and trust the best round more than any single one. A benchmark, not a test.

Measured 2026-12-06 on two cores shared with other work (load average 4-9), best of 3 rounds, runs minutes apart:

    English (en_core_web_sm) 48 docs 107,960 chars 20,543 tokens 5.7-6.7 s 16,000-18,900 chars/s 3,050-3,600 tokens/s
    Russian, as shipped      25 docs  41,643 chars  7,027 tokens 1.4-2.8 s 14,800-30,600 chars/s 2,500-5,160 tokens/s
    cost of a Russian character / an English one: 0.5-1.1 (0.9-2.9 before slovnet ran on one OpenBLAS thread)

docs/language.md, section 5, has the table and what the time goes to.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from spacy.language import Language

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def bodies(corpus: str) -> list[str]:
    """The report bodies of a corpus (the text after the header's blank line)."""
    texts = []
    for path in sorted((SHARED / corpus / "texts").glob("*.txt")):
        header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        texts.append(body)
    return texts


def measure(nlp: Language, texts: list[str], rounds: int, batch_size: int) -> tuple[float, int, int]:
    """(best seconds, characters, tokens) of parsing `texts`."""
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))  # warm-up
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=batch_size):
            pass
        best = min(best, time.perf_counter() - start)
    return best, sum(len(t) for t in texts), tokens


#: One short report per language, for the start-up an ingest pays before its reports.
_SHORT = {
    "wikinews-crises": "title: Short\ndate: 2022-01-05\n\nPolice said 12 people were detained.\n",
    "wikinews-ru-crises": "title: Коротко\ndate: 2022-01-05\n\nПолиция сообщила о задержании 12 человек.\n",
}


#: The `crisisledger` command, run by the interpreter of this benchmark (as bench/ingest.py runs it).
_CLI = "import sys; from crisisledger.cli import main; sys.argv[0] = 'crisisledger'; sys.exit(main())"


def _ingest_seconds(folder: Path, rounds: int) -> float:
    """The best of `rounds` whole-process ingests of the reports in `folder`, each into a new store."""
    import os
    import subprocess
    import sys
    import tempfile

    env = {**os.environ, "CRISISLEDGER_PROCESSES": "1"}
    best = float("inf")
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as scratch:
            command = [sys.executable, "-c", _CLI, "ingest", str(folder), "--db", f"{scratch}/s.db"]
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True)
            best = min(best, time.perf_counter() - start)
    return best


def whole(rounds: int) -> None:
    """Per-character cost of a report in a whole `crisisledger ingest`, each language against one short report
    of its own (the start-up)."""
    import shutil
    import tempfile

    costs = {}
    for corpus in ("wikinews-crises", "wikinews-ru-crises"):
        with tempfile.TemporaryDirectory() as scratch:
            reports, short = Path(scratch) / "reports", Path(scratch) / "short"
            reports.mkdir()
            short.mkdir()
            chars = 0
            for path in sorted((SHARED / corpus / "texts").glob("*.txt")):
                shutil.copy(path, reports / path.name)
                chars += len(path.read_text(encoding="utf-8"))
            (short / "short.txt").write_text(_SHORT[corpus], encoding="utf-8")
            all_s, short_s = _ingest_seconds(reports, rounds), _ingest_seconds(short, rounds)
        costs[corpus] = (all_s - short_s) / chars
        print(
            f"{corpus:20} {chars:8d} chars  ingest {all_s:6.2f} s  start-up {short_s:5.2f} s  "
            f"{1e6 * costs[corpus]:7.1f} us/char above start-up"
        )
    ratio = costs["wikinews-ru-crises"] / costs["wikinews-crises"]
    print(f"cost of a Russian character / an English one, whole ingest: {ratio:.2f} (goal <= 1.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--whole", action="store_true", help="whole-process ingests instead of nlp.pipe")
    args = parser.parse_args()
    if args.whole:
        whole(args.rounds)
        return

    from crisisledger import nlp as english
    from crisisledger.config import Settings
    from crisisledger.language import russian

    rows = []
    for name, loader, corpus in (
        ("English (en_core_web_sm)", lambda: english.load(Settings().model), "wikinews-crises"),
        ("Russian (razdel+slovnet+pymorphy3)", russian.load, "wikinews-ru-crises"),
    ):
        start = time.perf_counter()
        nlp = loader()
        loaded = time.perf_counter() - start
        texts = bodies(corpus)
        seconds, chars, tokens = measure(nlp, texts, args.rounds, args.batch_size)
        rows.append((name, len(texts), chars, tokens, seconds, loaded))
    header = ("docs", "chars", "tokens", "seconds", "chars/s", "tokens/s", "load s")
    widths = (5, 8, 7, 8, 8, 8, 6)
    print(f"{'pipeline':36} " + " ".join(f"{name:>{width}}" for name, width in zip(header, widths, strict=True)))
    for name, docs, chars, tokens, seconds, loaded in rows:
        print(
            f"{name:36} {docs:5d} {chars:8d} {tokens:7d} {seconds:8.2f} {chars / seconds:8.0f} "
            f"{tokens / seconds:8.0f} {loaded:6.1f}"
        )
    (_, _, en_chars, en_tokens, en_s, _), (_, _, ru_chars, ru_tokens, ru_s, _) = rows
    print(f"cost of a Russian character / an English one: {(ru_s / ru_chars) / (en_s / en_chars):.2f} (goal <= 1.5)")
    print(f"cost of a Russian token / an English one: {(ru_s / ru_tokens) / (en_s / en_tokens):.2f}")


if __name__ == "__main__":
    main()
