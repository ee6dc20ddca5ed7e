"""Reconciliation of many reports, against reading the same records from the store, side by side.

    .venv/bin/python bench/reconcile.py [--reports 1000] [--rounds 3] [--store PATH]

The records are made up, deterministically, at the scale of a busy crisis: each report has a handful of
figures (cumulative tolls that rise over weeks, crowd counts, populations, parts), a status change now and
then, events, actors and a role. They are written to a fresh SQLite store once; then, alternating, the
baseline reads every record back (documents, figures, status changes, events, actors, roles), and
`reconcile(store)` reads them and builds ledger lines, incidents and entities. The ratio is reconcile's time
over the baseline's: what reconciliation costs on top of loading. A benchmark, not a test.

With `--store PATH` the store is kept at PATH (written there once, reused on later runs): two versions of
the code, each run with its own PYTHONPATH, then reconcile the very same store without writing it again.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from crisisledger.reconcile import reconcile
from crisisledger.records import (
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Place,
    Role,
    StatusChange,
    record_id,
)
from crisisledger.store import Store

PLACES = [
    Place("Kazakhstan", "KZ", 48.0, 68.0, 1522867, "country"),
    Place("Almaty", "KZ", 43.25, 76.91, 1526384, "city"),
    Place("Aktau", "KZ", 43.65, 51.16, 610612, "city"),
    Place("Zhanaozen", "KZ", 43.34, 52.86, 607610, "city"),
]
CLAIMANTS = [f"Claimant {n}" for n in range(30)] + ["Ministry of Internal Affairs", "Ministry of Health"]
OUTLETS = [f"Outlet {n}" for n in range(40)]
KINDS = ["killed", "injured", "detained", "participants", "missing"]
EVENTS = ["protests", "riots", "curfew", "internet_shutdown", "arrest", "shortage", "foreign_deployment"]


def report(n: int, rng: random.Random) -> Extraction:
    day = date(2022, 1, 2) + timedelta(days=rng.randrange(60))
    words = " ".join(
        rng.choice(["police", "crowd", "toll", "ministry", "said", "people", "Almaty"]) for _ in range(120)
    )
    document = Document.from_text(f"Report {n}. {words}", published=day, outlet=rng.choice(OUTLETS))

    def evidence() -> Evidence:
        start = rng.randrange(0, 500)
        return Evidence.of(document, start, start + 40)

    figures = []
    for i in range(rng.randint(3, 7)):
        kind = rng.choice(KINDS)
        base = {"killed": 100, "injured": 1000, "detained": 4000, "participants": 5000, "missing": 30}[kind]
        value = base + (day - date(2022, 1, 2)).days * base // 20 + rng.randrange(base // 10 + 1)
        figures.append(
            Figure(
                id=record_id("fig", document.id, i),
                document_id=document.id,
                kind=kind,
                min=value,
                max=value if rng.random() < 0.8 else None,
                evidence=evidence(),
                approximate=rng.random() < 0.3,
                as_of=day - timedelta(days=rng.randrange(2)),
                place=rng.choice(PLACES),
                claimant=rng.choice(CLAIMANTS),
                population=rng.choice([None, None, None, "law-enforcement officers"]),
                part_of=figures[0].id if figures and rng.random() < 0.1 else None,
            )
        )
    changes = [
        StatusChange(f.id, rng.choice(["denied", "withdrawn", "disputed"]), evidence(), day, rng.choice(CLAIMANTS))
        for f in figures
        if rng.random() < 0.08
    ]
    actors = [
        Actor(record_id("act", document.id, name), document.id, name, "organization", evidence())
        for name in rng.sample(CLAIMANTS, 4)
    ]
    roles = [
        Role(record_id("role", document.id, 0), document.id, actors[0].id, actors[0].name, evidence(), title="head")
    ]
    events = [
        Event(
            id=record_id("ev", document.id, i),
            document_id=document.id,
            type=rng.choice(EVENTS),
            evidence=evidence(),
            date_start=day - timedelta(days=rng.randrange(3)),
            date_end=day,
            place=rng.choice(PLACES),
            actors=(rng.choice(CLAIMANTS),),
        )
        for i in range(rng.randint(2, 6))
    ]
    return Extraction(document, tuple(figures), tuple(changes), (), (), tuple(actors), tuple(roles), tuple(events))


def read_everything(store: Store) -> int:
    return sum(
        len(records)
        for records in (
            store.documents(),
            store.figures(),
            store.status_changes(),
            store.events(),
            store.actors(),
            store.roles(),
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store", help="keep the store at this path and reuse it if it is there")
    args = parser.parse_args()
    rng = random.Random(20220105)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.store or Path(tmp) / "bench.db")
        written = path.exists()
        with Store.open(str(path)) as store:
            if not written:
                for n in range(args.reports):
                    store.add(report(n, rng))
            measure(store, args)


def measure(store: Store, args: argparse.Namespace) -> None:
    baseline, reconciling = [], []  # (wall clock, CPU seconds of the process) of each round
    records = lines = incidents = 0
    for _ in range(args.rounds):
        started = time.perf_counter(), time.process_time()
        records = read_everything(store)
        baseline.append((time.perf_counter() - started[0], time.process_time() - started[1]))
        started = time.perf_counter(), time.process_time()
        result = reconcile(store)
        reconciling.append((time.perf_counter() - started[0], time.process_time() - started[1]))
        lines, incidents = len(result.lines), len(result.incidents)
        del result  # not held while the next round reads
    best_base, best_rec = min(baseline), min(reconciling)
    # the CPU seconds are steadier than the wall clock on a shared machine: both, of the best round by wall
    print(f"{args.reports} reports, {records} records -> {lines} ledger lines, {incidents} incidents")
    print(f"read records:  {best_base[0]:6.2f} s  (CPU {best_base[1]:6.2f} s)")
    print(f"reconcile:     {best_rec[0]:6.2f} s  (CPU {best_rec[1]:6.2f} s)")
    print(f"ratio reconcile/read: {best_rec[0] / best_base[0]:.2f}")


if __name__ == "__main__":
    main()
