"""`crisisledger ledger` and `crisisledger export` as whole processes on stores of growing size, side by side.

    .venv/bin/python bench/read.py [--documents 240 3840] [--rounds 3] [--dir DIR] [--before OLD/src]

Stores of made-up reports (`bench/reconcile.py`'s records: figures, status changes, events, actors, roles;
plus statements, place mentions and time expressions, and a body of about 600 words, the length of a news
article) are written once to SQLite files in `--dir` (kept there and reused when they exist), with an empty
store beside them. Then, alternating in rounds (and with `--before`, alternating with
the crisisledger of an older src/ folder), each command runs as a user runs it, in a process of its own
(`ledger --db`, `export --db -o FILE` and `export --format csv --table figures`): wall time, and the peak
resident memory of that one process (`os.wait4` gives each child's own rusage). The best round's time, the
highest round's memory.

The empty store's time is the fixed start-up (imports, opening the store); what a command costs per document
is (time(N) - time(empty)) / N. A benchmark, not a test: it prints numbers and never fails on them.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from crisisledger.records import Document, Evidence, Extraction, PlaceMention, Statement, TimeExpression, record_id
from crisisledger.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reconcile import PLACES, report  # noqa: E402  (the records of bench/reconcile.py)

ROOT = Path(__file__).resolve().parents[1]
FILLER = ["the", "officials", "said", "that", "people", "in", "city", "were", "waiting", "for", "news", "of", "talks"]
CHILD = "import sys; from crisisledger.cli import main; sys.argv[0] = 'crisisledger'; sys.exit(main())"


def _moved(record: Any, document: Document) -> Any:
    """A record of `bench/reconcile.py` moved to the longer document (its spans stay: the text only grew)."""
    changes: dict[str, Any] = {}
    names = {f.name for f in fields(record)}
    if "document_id" in names:
        changes["document_id"] = document.id
    if "evidence" in names:
        changes["evidence"] = Evidence.of(document, record.evidence.start, record.evidence.end)
    return replace(record, **changes)


def article(n: int, rng: random.Random) -> Extraction:
    """One made-up report of about 600 words with every kind of record."""
    short = report(n, rng)
    body = " ".join(rng.choice(FILLER) for _ in range(480))
    document = Document.from_text(
        f"{short.document.text} {body}.", published=short.document.published, outlet=short.document.outlet
    )

    def evidence() -> Evidence:
        start = rng.randrange(0, 3000)
        return Evidence.of(document, start, start + 30)

    statements = tuple(
        Statement(record_id("st", document.id, i), document.id, f"statement {n}.{i}", evidence(), speaker="Claimant 1")
        for i in range(2)
    )
    places = tuple(PlaceMention(document.id, evidence(), rng.choice(PLACES)) for _ in range(3))
    day = short.document.published
    times = tuple(
        TimeExpression(document.id, evidence(), "DATE", (day - timedelta(days=i)).isoformat()) for i in range(2)
    )
    moved = {
        name: tuple(_moved(r, document) for r in getattr(short, name))
        for name in ("figures", "status_changes", "actors", "roles", "events")
    }
    return replace(short, document=document, statements=statements, places=places, time_expressions=times, **moved)


def build(path: Path, documents: int) -> None:
    """A SQLite store of `documents` made-up reports at `path` (written once; kept for later runs)."""
    if path.exists():
        return
    partial = path.with_suffix(".partial")
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    rng = random.Random(20220105)
    with Store.open(str(partial)) as store:
        for n in range(documents):
            store.add(article(n, rng))
    partial.rename(path)


def run(args: list[str], src: Path) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of one `crisisledger` process, the package imported from `src`."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    began = time.perf_counter()
    command = [sys.executable, "-c", CHILD, *args]
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"crisisledger {' '.join(args)} failed ({child.returncode})")
    return took, usage.ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[240, 3840])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "crisisledger-bench-read")
    parser.add_argument(
        "--before",
        type=Path,
        help="also run the crisisledger of this src/ folder (a copy of an older one), alternating",
    )
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    sizes = [0, *args.documents]
    for size in sizes:
        began = time.perf_counter()
        build(args.dir / f"read-{size}.db", size)
        print(f"store of {size} documents ready ({time.perf_counter() - began:.1f} s)", file=sys.stderr)
    out = args.dir / "out"
    commands = {
        "ledger": ["ledger"],
        "export json": ["export", "-o", str(out)],
        "export csv": ["export", "--format", "csv", "--table", "figures", "-o", str(out)],
    }
    sources = {"now": ROOT / "src"} if args.before is None else {"before": args.before, "now": ROOT / "src"}
    load = os.getloadavg()[0]  # what else ran: the numbers of a loaded machine say less
    best: dict[tuple[str, str, int], tuple[float, float]] = {}
    for _ in range(args.rounds):
        for size in sizes:
            for name, command in commands.items():
                for which, src in sources.items():
                    took, rss = run([*command, "--db", str(args.dir / f"read-{size}.db")], src)
                    was = best.get((which, name, size), (float("inf"), 0.0))
                    best[(which, name, size)] = (min(was[0], took), max(was[1], rss))
    print(f"load average (1 min): {load:.2f} before, {os.getloadavg()[0]:.2f} after")
    small, large = min(args.documents), max(args.documents)
    print("| code | command | documents | wall s | peak RSS MiB | per document above start-up, ms |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in commands:
        for which in sources:
            empty = best[(which, name, 0)][0]
            for size in sizes:
                took, rss = best[(which, name, size)]
                per = f"{(took - empty) / size * 1000:.2f}" if size else "-"
                print(f"| {which} | {name} | {size:,} | {took:.2f} | {rss:.0f} | {per} |")
            if small != large:
                per_small = (best[(which, name, small)][0] - empty) / small
                per_large = (best[(which, name, large)][0] - empty) / large
                rss_ratio = best[(which, name, large)][1] / best[(which, name, small)][1]
                print(
                    f"| {which} | {name}: {large:,} / {small:,} | | | x{rss_ratio:.2f} | x{per_large / per_small:.2f} |"
                )


if __name__ == "__main__":
    main()
