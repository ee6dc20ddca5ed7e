"""Ingest on a Dask cluster: `--scheduler` and `--workers` store exactly what one process stores, report
what fails as one process does, and resume. One LocalCluster of two processes serves the module; every
wait that could hang is bounded (`bounded`: a stuck test dumps its tracebacks and ends the run)."""

from __future__ import annotations

import faulthandler
import json
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crisisledger.cli import app
from crisisledger.errors import ConfigError, EmptyInput
from crisisledger.ingest import distributed
from crisisledger.ingest.fetch import SourceGone

# Written for these tests: a made-up river flood, told by several outlets over a week.
REPORTS = {
    "01-wire.txt": "title: River bursts its banks in Dunmore\noutlet: Valley Wire\ndate: 2024-04-02\n\n"
    "At least 12 people died when the Arden river flooded the town of Dunmore overnight, the mayor said.\n",
    "02-radio.txt": "title: Dunmore flood toll rises\noutlet: Radio Arden\ndate: 2024-04-03\n\n"
    "The death toll from the Dunmore flood rose to 19 on Wednesday, according to the regional health office.\n"
    "Rescuers said 40 people were still missing.\n",
    "03-ministry.txt": "title: Ministry statement\noutlet: Interior Ministry\ndate: 2024-04-03\n\n"
    "The ministry said 2,300 residents had been evacuated from Dunmore and two nearby villages.\n",
    "04-denial.txt": "title: Mayor disputes toll\noutlet: Dunmore Courier\ndate: 2024-04-04\n\n"
    "The mayor denied reports that 40 people were missing, saying that only 15 remained unaccounted for.\n",
    "05-aid.txt": "title: Aid arrives\noutlet: Valley Wire\ndate: 2024-04-05\n\n"
    "Volunteers handed out food to about 800 families in Dunmore on Friday, organisers said.\n",
    "06-rally.txt": "title: Residents protest\noutlet: Radio Arden\ndate: 2024-04-06\n\n"
    "Some 500 people rallied outside the town hall in Dunmore demanding compensation, police said.\n",
    "07-detained.txt": "title: Arrests after protest\noutlet: Dunmore Courier\ndate: 2024-04-07\n\n"
    "Police detained 14 protesters after the rally turned violent, a police spokesman said.\n",
    "08-toll.txt": "title: Final toll\noutlet: Interior Ministry\ndate: 2024-04-08\n\n"
    "The ministry said the flood had killed 23 people and injured 61.\n",
    "09-copy.txt": "title: River bursts its banks in Dunmore\noutlet: Valley Wire\ndate: 2024-04-02\n\n"
    "At least 12 people died when the Arden river flooded the town of Dunmore overnight, the mayor said.\n",
}
ENV = {"CRISISLEDGER_BATCH_SIZE": "3"}  # several batches, as a large ingest has


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """End the run with every thread's traceback if the block takes longer than `seconds`."""
    faulthandler.dump_traceback_later(seconds, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two worker processes, for the whole module."""
    with bounded(180):
        cluster = distributed.local_cluster(2)
    try:
        yield cluster.scheduler_address
    finally:
        with bounded(60):
            cluster.close()


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """The reports, a copy of one (stored once), an empty file (fails), a Latin-1 one (a note), a README."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "10-empty.txt").write_bytes(b"")
    (folder / "11-latin1.txt").write_bytes(
        "date: 2024-04-09\n\nLe caf\u00e9 of Dunmore fed 70 people, its owner said.\n".encode("latin-1")
    )
    (folder / "README.md").write_text("Reports written for the Dask tests.\n", encoding="utf-8")
    return folder


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributed, "READ_CHUNK", 3)


def exported(db: str) -> dict:
    result = CliRunner().invoke(app, ["export", "--db", db])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ingest(*args: str) -> tuple[int, str]:
    with bounded(300):
        result = CliRunner().invoke(app, ["ingest", *args], env=ENV)
    return result.exit_code, result.stderr


@pytest.mark.model
def test_scheduler_stores_what_one_process_stores(reports, scheduler, small_chunks, db, tmp_path):
    alone = ingest(str(reports), "--db", str(tmp_path / "alone.db"))
    spread = ingest(str(reports), "--db", db, "--scheduler", scheduler)
    assert alone[0] == spread[0] == 1  # the empty file failed, reported in one line as by one process
    assert spread[1] == alone[1]
    assert "error: " in spread[1] and "note: " in spread[1] and "already stored as" in spread[1]
    assert exported(db) == exported(str(tmp_path / "alone.db"))
    assert len(exported(db)["documents"]) == len(REPORTS)  # the copy once, and the Latin-1 report


@pytest.mark.model
def test_a_rerun_resumes_and_analyses_only_what_is_not_stored(reports, scheduler, small_chunks, tmp_path, monkeypatch):
    store = str(tmp_path / "ledger.db")
    names = sorted(REPORTS)[:4]
    assert ingest(*(str(reports / name) for name in names), "--db", store)[0] == 0  # as if stopped midway
    analysed: list[str] = []
    analyses = distributed.DaskRunner.analyses

    def counted(self, documents, settings):
        def seen():
            for document in documents:
                analysed.append(document.id)
                yield document

        return analyses(self, seen(), settings)

    monkeypatch.setattr(distributed.DaskRunner, "analyses", counted)
    code, said = ingest(str(reports), "--db", store, "--scheduler", scheduler)
    assert code == 1 and said.count("already stored as") == len(names) + 1  # and the copy
    assert len(analysed) == len(REPORTS) - len(names) - 1 + 1  # not the stored nor the copy; the Latin-1 one
    assert len(exported(store)["documents"]) == len(REPORTS)


@pytest.mark.model
def test_workers_start_a_local_cluster(reports, tmp_path):
    files = [str(reports / name) for name in sorted(REPORTS)[:3]]
    alone = ingest(*files, "--db", str(tmp_path / "alone.db"))
    spread = ingest(*files, "--db", str(tmp_path / "spread.db"), "--workers", "2")
    assert alone == spread and alone[0] == 0
    assert exported(str(tmp_path / "spread.db")) == exported(str(tmp_path / "alone.db"))


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scheduler", "not an address"], "such as tcp://"),
        (["--scheduler", "http://127.0.0.1:8786"], "such as tcp://"),
        (["--scheduler", "127.0.0.1:99999"], "such as tcp://"),
        (["--scheduler", "tcp://127.0.0.1:9"], "no Dask scheduler answered at tcp://127.0.0.1:9 within 2 s"),
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], "not both"),
    ],
)
def test_a_bad_scheduler_is_one_line(args, message, reports, tmp_path, monkeypatch):
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 2.0)
    code, said = ingest(str(reports / "01-wire.txt"), "--db", str(tmp_path / "ledger.db"), *args)
    assert code == 2 and said.count("\n") == 1 and message in said, said


@pytest.mark.parametrize(
    "given, address",
    [
        ("tcp://10.0.0.5:8786", "tcp://10.0.0.5:8786"),
        ("10.0.0.5:8786", "tcp://10.0.0.5:8786"),
        ("tls://scheduler.example.org:8786", "tls://scheduler.example.org:8786"),
        ("tcp://[::1]:8786", "tcp://[::1]:8786"),
    ],
)
def test_scheduler_address(given, address):
    assert distributed.scheduler_address(given) == address


def test_scheduler_address_refused():
    with pytest.raises(ConfigError, match="got 'tcp://host'"):
        distributed.scheduler_address("tcp://host")


@pytest.mark.parametrize(
    "error",
    [SourceGone("https://example.org/gone: HTTP 410", url="https://example.org/gone", status=410), EmptyInput("x")],
)
def test_a_read_failure_comes_back_whole(error):
    """A 410 withdraws a page's figures only if its status survives the trip from the worker."""
    back = pickle.loads(pickle.dumps(distributed.Unread.of(error))).exception()
    assert type(back) is type(error) and str(back) == str(error)
    assert getattr(back, "status", None) == getattr(error, "status", None)


def test_the_command_line_does_not_import_dask():
    code = "import sys, crisisledger.cli; print('distributed' in sys.modules, 'dask' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert run.stdout.split() == ["False", "False"]


@pytest.mark.model
def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(tmp_path):
    """Ctrl-C, as a terminal sends it (to every process of the command), once a document is stored."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for copy in range(12):  # far more than can be stored between the first one and the signal
        for name, text in list(REPORTS.items())[:8]:
            (folder / f"{copy:02d}-{name}").write_text(f"{text}\nCopy {copy}.\n", encoding="utf-8")
    store = tmp_path / "ledger.db"
    command = [sys.executable, "-c", "from crisisledger.cli import main; main()", "ingest", str(folder)]
    command += ["--db", str(store), "--workers", "1"]
    with bounded(300):
        running = subprocess.Popen(
            command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        try:
            while running.poll() is None and not _stored(store):
                time.sleep(0.2)
            assert running.poll() is None, running.communicate()
            os.killpg(running.pid, signal.SIGINT)
            _, said = running.communicate(timeout=120)
        finally:
            if running.poll() is None:
                os.killpg(running.pid, signal.SIGKILL)
    assert running.returncode == 130, said
    assert "Traceback" not in said and "stopped by Ctrl-C; run the same command to resume" in said, said
    stored = _stored(store)
    assert 0 < stored < 96
    code, again = ingest(str(folder), "--db", str(store))
    assert code == 0 and f"{stored} already stored" in again.splitlines()[-1], again


def _stored(store: Path) -> int:
    if not store.exists():
        return 0
    with closing(sqlite3.connect(store)) as connection:
        try:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:  # not created yet
            return 0


def test_a_ctrl_c_raised_inside_a_finalizer_is_kept_and_nothing_is_printed(monkeypatch):
    """A KeyboardInterrupt raised while a finalizer runs (as a Dask future's `__del__` can be running when
    Ctrl-C comes) is lost by Python: the ingest notes it and stops after the document being stored."""
    from crisisledger.cli.ingest import _ctrl_c

    class Finalized:
        def __del__(self) -> None:
            signal.raise_signal(signal.SIGINT)  # the handler runs here, inside the finalizer

    printed: list[object] = []  # what Python would print as "Exception ignored in ..."
    monkeypatch.setattr(sys, "unraisablehook", printed.append)
    with _ctrl_c() as pressed:
        Finalized()  # dropped at once: its __del__ runs now
        with pytest.raises(KeyboardInterrupt):
            pressed.check()
    assert printed == []
    assert sys.unraisablehook == printed.append
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
