"""Ingest on a Dask cluster: documents/s with 1 and 2 local workers, and on a cluster of separate processes.

    .venv/bin/python bench/dask.py [--documents 1000] [--processes 4]

The texts are those of bench/ingest.py (the MEANTIME articles, the seed report, the examples), repeated until
there are `--documents` of them, each a file with a date header, each copy different by a line so that
none is skipped as already stored. Each run ingests all of them into a fresh SQLite store, as
`crisisledger ingest --workers N` does, in this order:

- in-process: `ingest` with no cluster (the baseline of one process);
- 1 and 2 workers: a LocalCluster of that many processes (one thread each);
- a cluster of separate processes, as machines would run it: `dask scheduler` and `--processes` times
  `dask worker --nthreads 1`, started as commands, and `ingest` connected to the scheduler's address.

A run is timed from its first source to its last write; starting a cluster and warming its workers up
(the model and the gazetteer loaded, before the first batch; the in-process baseline is warmed up alike)
is timed apart, as "start". Efficiency with n workers is t1 / (n * tn): 1.0
when n workers go n times as fast as one. On a machine with fewer cores than workers, n * tn cannot go
below what the cores allow; the line says so. A benchmark, not a test: it prints numbers, never fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named dask.py: the folder it runs from must not shadow the dask package.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402

import crisisledger  # noqa: E402
from crisisledger.config import load_settings  # noqa: E402
from crisisledger.ingest.batch import ingest  # noqa: E402
from crisisledger.ingest.distributed import DaskRunner, connect, warm_up  # noqa: E402
from crisisledger.store import Store  # noqa: E402


def texts(documents: int) -> list[tuple[str, str]]:
    """bench/ingest.py's corpus, repeated until there are `documents` texts."""
    spec = importlib.util.spec_from_file_location("bench_ingest", HERE / "ingest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    one = len(module.corpus(1))
    return module.corpus(-(-documents // one))[:documents]


def run(files: list[str], db: Path, runner: DaskRunner | None) -> tuple[float, float, float]:
    """Seconds of the run, CPU seconds of this process (the writer, and a LocalCluster's scheduler), and CPU
    seconds of the workers."""
    settings = load_settings(db=str(db))
    workers_before = _workers_cpu(runner)
    started, cpu = time.perf_counter(), time.process_time()
    with Store.open(settings.db) as store:
        outcomes = list(ingest(files, store, settings, runner=runner))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    failed = [o for o in outcomes if o.status != "stored"]
    if failed:
        raise SystemExit(f"ingest did not store {len(failed)} file(s): {failed[0].message}")
    return elapsed, cpu, _workers_cpu(runner) - workers_before


def _workers_cpu(runner: DaskRunner | None) -> float:
    return sum(runner.client.run(time.process_time).values()) if runner is not None else 0.0


@contextmanager
def processes(count: int, workdir: Path) -> Iterator[str]:
    """A scheduler and `count` workers, each a command of its own as on separate machines; the address."""
    source = str(Path(crisisledger.__file__).resolve().parents[1])
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}
    dask = [sys.executable, "-m", "dask"]
    address_file = workdir / "scheduler.json"
    log = open(workdir / "cluster.log", "w")  # noqa: SIM115 - open for as long as the processes run
    started = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
            + ["--scheduler-file", str(address_file)],
            env=env,
            stdout=log,
            stderr=log,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() or not address_file.read_text().strip():
            if time.monotonic() > deadline:
                raise SystemExit(f"the scheduler did not start within 60 s; see {workdir / 'cluster.log'}")
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written whole, then read
        address = json.loads(address_file.read_text())["address"]
        for _ in range(count):
            started.append(
                subprocess.Popen(
                    [*dask, "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard"]
                    + ["--host", "127.0.0.1"],
                    env=env,
                    stdout=log,
                    stderr=log,
                )
            )
        yield address
    finally:
        for process in reversed(started):
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument(
        "--processes", type=int, default=4, help="workers of the cluster of separate processes (0: no such run)"
    )
    parser.add_argument("--no-baseline", action="store_true", help="no in-process run")
    args = parser.parse_args()

    corpus = texts(args.documents)
    settings = load_settings()
    cores = os.cpu_count() or 1
    rows: list[tuple[str, int, float, tuple[float, float, float]]] = []  # name, workers, start, run
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        files = []
        for index, (day, text) in enumerate(corpus):
            path = workdir / f"report-{index:05d}.txt"
            path.write_text((f"date: {day}\n\n" if day else "") + text, encoding="utf-8")
            files.append(str(path))

        started = time.perf_counter()
        warm_up(settings)
        start = time.perf_counter() - started
        if not args.no_baseline:
            rows.append(("in-process", 1, start, run(files, workdir / "alone.db", None)))
        for workers in (1, 2):
            started = time.perf_counter()
            with connect(workers=workers, settings=settings) as runner:
                start = time.perf_counter() - started
                timed = run(files, workdir / f"{workers}.db", runner)
                rows.append((f"LocalCluster, {workers} worker(s)", workers, start, timed))
        if args.processes > 0:
            started = time.perf_counter()
            with processes(args.processes, workdir) as address, connect(scheduler=address, settings=settings) as runner:
                runner.client.wait_for_workers(args.processes, timeout=120)
                start = time.perf_counter() - started
                name = f"dask scheduler + {args.processes} dask worker"
                rows.append((name, args.processes, start, run(files, workdir / "processes.db", runner)))

    one = next(timed[0] for name, workers, _, timed in rows if name.startswith("LocalCluster") and workers == 1)
    print(f"{len(files)} documents on {cores} cores; efficiency = t1 / (n * tn), t1 = LocalCluster with 1 worker")
    columns = ("start s", "seconds", "docs/s", "efficiency", "writer CPU s", "workers CPU s")
    print(f"{'':34} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, (8, 8, 8, 10, 12, 13), strict=True)))
    for name, workers, start, (seconds, cpu, workers_cpu) in rows:
        efficiency = f"{one / (workers * seconds):10.2f}" if not name.startswith("in-") else f"{'':10}"
        note = f"  (at most {min(workers, cores) / workers:.2f} on {cores} cores)" if workers > cores else ""
        print(
            f"{name:34} {start:8.1f} {seconds:8.1f} {len(files) / seconds:8.1f} {efficiency} {cpu:12.1f} "
            f"{workers_cpu:13.1f}{note}"
        )


if __name__ == "__main__":
    main()
