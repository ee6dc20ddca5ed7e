"""Latency of the REST API under a bounded load on loopback, at 10,000 and 1,000,000 figures, on SQLite and
PostgreSQL.

    .venv/bin/python bench/api.py [--figures 10000 1000000] [--backends sqlite postgres] [--requests 200]

For each store size and backend, a synthetic store is written (bench/synthetic.py), then `crisisledger serve`
runs in a process of its own, as a user starts it, and one client sends requests one after another (count and
time bounded: `--requests` per endpoint, `--seconds` per endpoint at most). Each endpoint is timed from the
client: p50 and p95 in milliseconds. The baseline, measured side by side in the same run, is a static file
the server sends without touching the store (`/static/app.css`): the ratio p95 / baseline p95 says what an
endpoint costs over the server's own overhead. Goal: p95 < 50 ms for filtered, paginated lists and single
records at 1M figures. PostgreSQL is skipped when $CRISISLEDGER_BENCH_PG (default: the local server) cannot be
reached. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

PG = os.environ.get("CRISISLEDGER_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_schema() -> tuple[str, Callable[[], None]] | None:
    """A PostgreSQL schema of the run's own (dropped afterwards), or None when the server is not there."""
    try:
        admin = sa.create_engine(PG)
        name = f"bench_api_{uuid.uuid4().hex[:10]}"
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    except Exception as error:  # noqa: BLE001 - any failure to reach the server skips the backend
        print(f"postgres: skipped ({str(error).splitlines()[0]})")
        return None

    def drop() -> None:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
        admin.dispose()

    url = sa.make_url(PG).update_query_dict({"options": f"-csearch_path={name}"})
    return url.render_as_string(hide_password=False), drop


class Server:
    """`crisisledger serve` in a process of its own."""

    def __init__(self, db: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CRISISLEDGER_TOKEN": "bench"}
        command = [str(BIN / "crisisledger"), "serve", "--db", db, "--port", str(self.port)]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(self.base + "/static/app.css", timeout=2)
                return
            except httpx.HTTPError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {self.process.stderr.read().decode()}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _timed(client: httpx.Client, paths: list[str], requests: int, seconds: float) -> list[float]:
    """Milliseconds per request, cycling through `paths`; stops at `requests` or after `seconds`."""
    times = []
    started = time.monotonic()
    for n in range(requests):
        path = paths[n % len(paths)]
        t0 = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"GET {path} answered {answer.status_code}: {answer.text[:200]}")
        if time.monotonic() - started > seconds:
            break
    return times


def _p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _endpoints(client: httpx.Client, rng: random.Random) -> dict[str, list[str]]:
    """The paths of each endpoint, with ids and cursors picked from the store through the API itself."""
    figures = client.get("/api/v1/figures?limit=500").json()["figures"]
    second = client.get("/api/v1/figures?limit=50").json()["next"]
    ids = [f["id"] for f in rng.sample(figures, min(50, len(figures)))]
    documents = sorted({f["document_id"] for f in figures})[:50]
    claimants = sorted({f["claimant"] for f in figures if f["claimant"]})[:10]
    places = sorted({f["place"]["name"] for f in figures if f["place"]})[:10]
    return {
        "figures (first page, 50)": ["/api/v1/figures?limit=50"],
        "figures ?kind=": [f"/api/v1/figures?kind={k}&limit=50" for k in ("killed", "detained", "injured")],
        "figures ?place=": [f"/api/v1/figures?place={p}&limit=50" for p in places],
        "figures ?claimant=": [f"/api/v1/figures?claimant={c}&limit=50" for c in claimants],
        "figures ?status=denied": ["/api/v1/figures?status=denied&limit=50"],
        "figures ?kind=&since=&until=": ["/api/v1/figures?kind=killed&since=2022-01-05&until=2022-02-01&limit=50"],
        "figures, next page (cursor)": [second] if second else ["/api/v1/figures?limit=50"],
        "figures/{id}": [f"/api/v1/figures/{i}" for i in ids],
        "documents/{id}": [f"/api/v1/documents/{d}" for d in documents],
        "documents (page)": ["/api/v1/documents?limit=50"],
        "search ?q=": [f"/api/v1/search?q={w}" for w in ("killed", "detained protesters", "ministry")],
    }


def run(db: str, label: str, figures: int, requests: int, seconds: float, ledger_timeout: float) -> list[tuple]:
    server = Server(db)
    rows = []
    try:
        with httpx.Client(base_url=server.base, timeout=120) as client:
            baseline = _timed(client, ["/static/app.css"], requests, seconds)
            base95 = _p(baseline, 0.95)
            rows.append((label, figures, "baseline: /static/app.css", _p(baseline, 0.5), base95, 1.0))
            for name, paths in _endpoints(client, random.Random(0)).items():
                times = _timed(client, paths, requests, seconds)
                rows.append((label, figures, name, _p(times, 0.5), _p(times, 0.95), _p(times, 0.95) / base95))
            # last: the first ledger reconciles every record of the store, then the reconciliation is kept
            t0 = time.perf_counter()
            try:
                client.get("/api/v1/ledger", timeout=ledger_timeout)
            except httpx.TimeoutException:
                rows.append((label, figures, f"ledger, first call: not done in {ledger_timeout:.0f} s", 0, 0, 0.0))
            else:
                first = (time.perf_counter() - t0) * 1000
                times = _timed(client, ["/api/v1/ledger?kind=killed"], max(10, requests // 10), seconds)
                rows.append((label, figures, "ledger (kept reconciliation)", _p(times, 0.5), _p(times, 0.95), 0.0))
                rows.append((label, figures, "ledger, first call (reconciles)", first, first, 0.0))
    finally:
        server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint (at most)")
    parser.add_argument("--seconds", type=float, default=60.0, help="seconds per endpoint (at most)")
    parser.add_argument("--ledger-timeout", type=float, default=300.0, help="seconds the first ledger may take")
    parser.add_argument("--dir", type=Path, help="keep the SQLite stores here and reuse them (default: a temp dir)")
    args = parser.parse_args()
    rows: list[tuple] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for figures in args.figures:
            for backend in args.backends:
                if backend == "sqlite":
                    db, drop = str(folder / f"bench-{figures}.db"), None
                    built = (folder / f"bench-{figures}.db.built").exists()
                else:
                    made = _pg_schema()
                    if made is None:
                        continue
                    (db, drop), built = made, False
                try:
                    if not built:
                        t0 = time.perf_counter()
                        synthetic.build(db, figures)
                        took = time.perf_counter() - t0
                        print(f"{backend} {figures:,} figures: store written in {took:.0f} s", flush=True)
                        if backend == "sqlite":
                            (folder / f"bench-{figures}.db.built").touch()
                    rows += run(db, backend, figures, args.requests, args.seconds, args.ledger_timeout)
                finally:
                    if drop is not None:
                        drop()
    print()
    print("| backend | figures | endpoint | p50 ms | p95 ms | p95 / baseline p95 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for label, figures, name, p50, p95, ratio in rows:
        shown = f"{ratio:.1f}" if ratio else "-"
        print(f"| {label} | {figures:,} | {name} | {p50:.1f} | {p95:.1f} | {shown} |")
    slow = [r for r in rows if r[1] >= 1_000_000 and not r[2].startswith(("ledger", "baseline")) and r[4] >= 50]
    if slow:
        print("\nabove the 50 ms goal at 1M figures: " + ", ".join(f"{r[0]} {r[2]}" for r in slow))


if __name__ == "__main__":
    main()
