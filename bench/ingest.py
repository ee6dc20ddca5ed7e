"""Throughput of `crisisledger ingest` against bare spaCy `nlp.pipe` on the same texts, side by side.

    .venv/bin/python bench/ingest.py [--rounds 3] [--copies 2]

The texts are the 120 MEANTIME news articles in ../shared/data/meantime (when present), the seed report and
the bundled examples, each written to a file with a date header. "ours" is the whole ingest as the command
runs it (read, repair, parse, extract, store in a fresh SQLite file); "bare" is `nlp.pipe` over the same
bodies with a freshly loaded pipeline and nothing else. Both run in this process after the model is loaded,
alternating, and the best round of each counts. The ratio ours/bare is the figure in docs/performance.md.
A benchmark, not a test: it prints numbers and never fails on them.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import spacy

from crisisledger import nlp as loader
from crisisledger.config import load_settings
from crisisledger.ingest.batch import ingest
from crisisledger.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def meantime_texts() -> list[tuple[str, str]]:
    """(date, text) of each MEANTIME article, its text rebuilt from its tokens, one sentence a line."""
    corpus = SHARED / "data" / "meantime" / "intra-doc_annotation"
    found = []
    for path in sorted(corpus.glob("*/*.xml")):
        root = ET.parse(path).getroot()
        sentences: dict[str, list[str]] = {}
        for token in root.iter("token"):
            sentences.setdefault(token.get("sentence", "0"), []).append(token.text or "")
        created = next(
            (t.get("value", "")[:10] for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"),
            "",
        )
        text = "\n\n".join(" ".join(words) for words in sentences.values())
        found.append((created if re.fullmatch(r"\d{4}-\d{2}-\d{2}", created) else "", text))
    return found


def corpus(copies: int) -> list[tuple[str, str]]:
    texts = meantime_texts()
    seed = SHARED / "seed" / "000_95742a9c64edf293.txt"
    if seed.exists():
        texts.append(("2022-01-10", seed.read_text(encoding="utf-8").split("\n", 1)[1]))
    for path in sorted((ROOT / "examples").rglob("*.*")):
        if path.name.lower().startswith("readme"):
            continue
        body = path.read_text(encoding="utf-8").split("\n\n", 1)[-1]
        texts.append(("", body))
    # every text ends with its own line, so that the store skips none as already stored (the examples hold a
    # republished story, and the corpus is repeated)
    return [(day, f"{text}\n\nCopy {n} of text {i}.") for n in range(copies) for i, (day, text) in enumerate(texts)]


def run_ours(files: list[str], workdir: Path, round_: int) -> float:
    settings = load_settings(db=str(workdir / f"ours-{round_}.db"))
    started = time.perf_counter()
    with Store.open(settings.db) as store:
        outcomes = list(ingest(files, store, settings))
    elapsed = time.perf_counter() - started
    failed = [o for o in outcomes if o.status != "stored"]
    if failed:
        raise SystemExit(f"ingest did not store {len(failed)} file(s): {failed[0].message}")
    return elapsed


def run_bare(nlp, bodies: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(bodies, batch_size=load_settings().batch_size))
    return time.perf_counter() - started, tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=2, help="how many times the corpus is repeated")
    args = parser.parse_args()

    texts = corpus(args.copies)
    settings = load_settings()
    loader.load(settings.model)  # ours: loaded once, as the command does before its first document
    bare = spacy.load(settings.model)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        files = []
        for index, (day, text) in enumerate(texts):
            path = workdir / f"report-{index:05d}.txt"
            path.write_text((f"date: {day}\n\n" if day else "") + text, encoding="utf-8")
            files.append(str(path))
        bodies = [text for _, text in texts]
        ours_times, bare_times, tokens = [], [], 0
        for round_ in range(args.rounds):
            elapsed, tokens = run_bare(bare, bodies)
            bare_times.append(elapsed)
            ours_times.append(run_ours(files, workdir, round_))
    documents = len(texts)
    best_ours, best_bare = min(ours_times), min(bare_times)
    print(f"{documents} documents, {tokens} tokens, best of {args.rounds} rounds")
    print(f"{'':6} {'docs/s':>9} {'tokens/s':>10} {'seconds':>8}")
    for name, seconds in (("bare", best_bare), ("ours", best_ours)):
        print(f"{name:6} {documents / seconds:9.1f} {tokens / seconds:10.0f} {seconds:8.2f}")
    print(f"ratio ours/bare: {best_bare / best_ours:.2f} (target 0.80 or more)")


if __name__ == "__main__":
    main()
