"""Throughput of `crisisledger ingest` against bare spaCy `nlp.pipe` on the same texts, side by side.

    .venv/bin/python bench/ingest.py [--rounds 3] [--copies 2]                     # in process
    .venv/bin/python bench/ingest.py --whole --documents 60 [--rounds 3]           # whole process
    .venv/bin/python bench/ingest.py --whole --documents 1000 --processes 2 --rounds 1

The texts are the 120 MEANTIME news articles in ../shared/data/meantime (when present), the seed report and
the bundled examples, each written to a file with a date header, repeated as often as needed (each copy
differs by a line, so nothing is skipped as already stored); `--documents` keeps the first N.

In process (the default): "ours" is the whole ingest as the command runs it (read, repair, parse, extract,
store in a fresh SQLite file); "bare" is `nlp.pipe` over the same bodies with a freshly loaded pipeline and
nothing else. Both run in this process after the model is loaded, alternating, and the best round counts.

Whole process (`--whole`): "ours" is `crisisledger ingest DIR --db fresh.db` in a subprocess, start-up
included; "bare" is a subprocess that imports spaCy, loads the model, reads the same files and runs
`nlp.pipe` over their bodies in one process. Alternating, best round of each; the peak RSS of each process
(its own, from `os.wait4`; with `--processes 2`, the parent's) is printed beside it, and the CPU seconds it
and its workers used (on a shared machine, the steadier measure of work done).

The ratio ours/bare is the figure in docs/performance.md. A benchmark, not a test: it prints numbers and never
fails on them.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

#: The bare baseline as a process: import spaCy, load the model, read the files, parse their bodies.
BARE = """
import sys
from pathlib import Path
import spacy
model, batch_size, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
nlp = spacy.load(model)
texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
bodies = [t.split("\\n\\n", 1)[1] if t.startswith("date: ") else t for t in texts]  # as the files were written
print(sum(len(doc) for doc in nlp.pipe(bodies, batch_size=batch_size)))
"""

#: The command as a user runs it (the console script's body), with this interpreter and import path.
OURS = "import sys; from crisisledger.cli import main; sys.argv[0] = 'crisisledger'; sys.exit(main())"


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


def corpus(copies: int, documents: int | None = None) -> list[tuple[str, str]]:
    texts = meantime_texts()
    seed = SHARED / "seed" / "000_95742a9c64edf293.txt"
    if seed.exists():
        texts.append(("2022-01-10", seed.read_text(encoding="utf-8").split("\n", 1)[1]))
    for path in sorted((ROOT / "examples").rglob("*.*")):
        if path.name.lower().startswith("readme"):
            continue
        body = path.read_text(encoding="utf-8").split("\n\n", 1)[-1]
        texts.append(("", body))
    if documents is not None:
        copies = -(-documents // len(texts))
    # every text ends with its own line, so that the store skips none as already stored (the examples hold a
    # republished story, and the corpus is repeated)
    every = [(day, f"{text}\n\nCopy {n} of text {i}.") for n in range(copies) for i, (day, text) in enumerate(texts)]
    return every[:documents] if documents is not None else every


def write_files(texts: list[tuple[str, str]], folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index, (day, text) in enumerate(texts):
        path = folder / f"report-{index:05d}.txt"
        path.write_text((f"date: {day}\n\n" if day else "") + text, encoding="utf-8")
        files.append(str(path))
    return files


def run_ours(files: list[str], workdir: Path, round_: int, processes: int | None) -> float:
    from crisisledger.config import load_settings
    from crisisledger.ingest.batch import ingest
    from crisisledger.store import Store

    overrides = {"processes": processes} if processes is not None else {}
    settings = load_settings(db=str(workdir / f"ours-{round_}.db"), **overrides)
    started = time.perf_counter()
    with Store.open(settings.db) as store:
        outcomes = list(ingest(files, store, settings))
    elapsed = time.perf_counter() - started
    failed = [o for o in outcomes if o.status != "stored"]
    if failed:
        raise SystemExit(f"ingest did not store {len(failed)} file(s): {failed[0].message}")
    return elapsed


def run_bare(nlp, bodies: list[str], batch_size: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(bodies, batch_size=batch_size))
    return time.perf_counter() - started, tokens


def run_process(command: list[str], env: dict[str, str]) -> tuple[float, int, float, str]:
    """Seconds, own peak RSS (KiB, from `os.wait4`), CPU seconds (its own and its workers') and standard
    output of one process run to its end."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{command[:3]} failed ({process.returncode}): {err.read()[-2000:]}")
        return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, out.read()


def whole(texts: list[tuple[str, str]], rounds: int, processes: int | None) -> None:
    from crisisledger.config import load_settings

    settings = load_settings()
    env = dict(os.environ)
    if processes is not None:
        env["CRISISLEDGER_PROCESSES"] = str(processes)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        folder = workdir / "reports"
        write_files(texts, folder)
        bare_runs, ours_runs, tokens = [], [], 0
        for round_ in range(rounds):
            bare = [sys.executable, "-c", BARE, settings.model, str(settings.batch_size), str(folder)]
            seconds, peak, cpu, out = run_process(bare, env)
            bare_runs.append((seconds, peak, cpu))
            tokens = int(out.strip().splitlines()[-1])
            ours = [sys.executable, "-c", OURS, "ingest", str(folder), "--db", str(workdir / f"fresh-{round_}.db")]
            ours_runs.append(run_process(ours, env)[:3])
    documents = len(texts)
    best_bare, best_ours = min(bare_runs), min(ours_runs)
    print(f"whole process: {documents} documents, {tokens} tokens, best of {rounds} rounds, processes={processes}")
    print(f"{'':6} {'docs/s':>9} {'tokens/s':>10} {'seconds':>8} {'peak MiB':>9} {'CPU s':>7}")
    for name, (seconds, peak, cpu) in (("bare", best_bare), ("ours", best_ours)):
        rates = f"{documents / seconds:9.1f} {tokens / seconds:10.0f}"
        print(f"{name:6} {rates} {seconds:8.2f} {peak / 1024:9.0f} {cpu:7.2f}")
    print(f"ratio ours/bare: {best_bare[0] / best_ours[0]:.2f}")


def in_process(texts: list[tuple[str, str]], rounds: int, processes: int | None) -> None:
    import spacy

    from crisisledger import nlp as loader
    from crisisledger.config import load_settings

    settings = load_settings()
    loader.load(settings.model)  # ours: loaded once, as the command does before its first document
    bare = spacy.load(settings.model)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        files = write_files(texts, workdir / "reports")
        bodies = [text for _, text in texts]
        ours_times, bare_times, tokens = [], [], 0
        for round_ in range(rounds):
            elapsed, tokens = run_bare(bare, bodies, settings.batch_size)
            bare_times.append(elapsed)
            ours_times.append(run_ours(files, workdir, round_, processes))
    documents = len(texts)
    best_ours, best_bare = min(ours_times), min(bare_times)
    print(f"in process: {documents} documents, {tokens} tokens, best of {rounds} rounds, processes={processes}")
    print(f"{'':6} {'docs/s':>9} {'tokens/s':>10} {'seconds':>8}")
    for name, seconds in (("bare", best_bare), ("ours", best_ours)):
        print(f"{name:6} {documents / seconds:9.1f} {tokens / seconds:10.0f} {seconds:8.2f}")
    print(f"ratio ours/bare: {best_bare / best_ours:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=2, help="how many times the corpus is repeated")
    parser.add_argument("--documents", type=int, help="the first N documents of the repeated corpus")
    parser.add_argument("--whole", action="store_true", help="whole processes, start-up included")
    parser.add_argument("--processes", type=int, help="ours: CRISISLEDGER_PROCESSES (default: the setting)")
    args = parser.parse_args()
    texts = corpus(args.copies, args.documents)
    (whole if args.whole else in_process)(texts, args.rounds, args.processes)


if __name__ == "__main__":
    main()
