"""Every wait is bounded: a FIFO among the inputs, a server that trickles its headers or stalls its redirects,
a PostgreSQL address that accepts connections and never answers. Each test has its own bound, well under the
time the old code would have waited (forever, or until the stand-in server gave up)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler

import pytest
from fixtures.sources.server import LocalServer, Reply
from typer.testing import CliRunner

from crisisledger.cli import app
from crisisledger.errors import InputError, StoreError
from crisisledger.ingest.fetch import FetchError, fetch
from crisisledger.ingest.sources import expand_sources, read_one
from crisisledger.store import Store
from crisisledger.store import store as store_module

PAGE = b"<!DOCTYPE html><html><body><p>Forty people were rescued from the flooded valley on Monday.</p></body></html>"
REPORT = "Rescuers said 12 people were missing after the landslide near the river on Tuesday.\n"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")


# FIFOs ----------------------------------------------------------------------------------------------------


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Fail unless the block ends within `seconds`. A FIFO that is opened blocks the test's own thread, so
    the watchdog opens the FIFO's other end when time is up: the old code is freed, and the test fails."""
    started = time.monotonic()
    yield
    assert time.monotonic() - started < seconds


@contextmanager
def unblocking(fifo: str, after: float) -> Iterator[None]:
    """Open `fifo` for writing (and close it) every `after` seconds, so that a reader stuck on it is let go."""
    stop = threading.Event()

    def release() -> None:
        while not stop.wait(after):
            with suppress(OSError):  # ENXIO when no reader is waiting
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@needs_fifo
def test_a_fifo_given_as_a_path_is_refused_at_once(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with unblocking(str(fifo), after=3), bounded(2), pytest.raises(InputError) as raised:
        read_one(str(fifo))
    message = str(raised.value)
    assert "named pipe (FIFO)" in message and "skipped" in message and "\n" not in message


@needs_fifo
def test_the_library_reader_of_one_path_refuses_a_fifo_at_once(tmp_path):
    # ingest.text.read_path is the reader the evaluation and library callers use, beside read_one
    from crisisledger.ingest.text import read_path

    fifo = tmp_path / "notes.txt"
    os.mkfifo(fifo)
    with unblocking(str(fifo), after=3), bounded(2), pytest.raises(InputError) as raised:
        read_path(fifo)
    assert "named pipe (FIFO)" in str(raised.value) and "\n" not in str(raised.value)


@needs_fifo
def test_a_fifo_inside_a_folder_is_skipped_with_one_line_and_the_other_files_are_read(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    (folder / "c.txt").write_text(REPORT.replace("12", "14"), encoding="utf-8")
    os.mkfifo(folder / "feed.xml")  # sniffed, not only opened
    items = expand_sources([str(folder)])
    assert items == [str(folder / name) for name in ("a.txt", "b.txt", "c.txt", "feed.xml")]
    read, refused = [], []
    with unblocking(str(folder / "b.txt"), after=3), unblocking(str(folder / "feed.xml"), after=3), bounded(2):
        for item in items:
            try:
                read.append(read_one(item).documents[0].text)
            except InputError as error:
                refused.append(str(error))
    assert read == [REPORT, REPORT.replace("12", "14")]
    assert [line.split(":")[0] for line in refused] == [str(folder / "b.txt"), str(folder / "feed.xml")]
    assert all("named pipe" in line and "\n" not in line for line in refused)


@needs_fifo
def test_a_fifo_named_result_json_does_not_hold_up_telling_a_folder_apart(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    os.mkfifo(export / "result.json")
    (tmp_path / "note.txt").write_text(REPORT, encoding="utf-8")
    with unblocking(str(export / "result.json"), after=3), bounded(2):
        items = expand_sources([str(tmp_path)])
        assert items == [str(export / "result.json"), str(tmp_path / "note.txt")]
        with pytest.raises(InputError, match="named pipe"):
            read_one(items[0])


@needs_fifo
def test_ingest_of_a_folder_with_a_fifo_stores_the_rest_and_says_one_line(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    db = tmp_path / "ledger.db"
    with unblocking(str(folder / "pipe.txt"), after=20), bounded(60):
        result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "pipe.txt" in errors[0] and "named pipe" in errors[0]
    assert "stored 1 document(s)" in result.stderr


# Fetching ------------------------------------------------------------------------------------------------


class Trickler:
    """A raw HTTP server on 127.0.0.1 that answers every request with its status line and headers one byte
    every `every` seconds, never finishing (until the test ends, or `give_up` seconds passed)."""

    def __init__(self, every: float = 0.5, give_up: float = 12.0) -> None:
        self.every = every
        self.give_up = give_up
        self.stop = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Trickler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self.listener.close()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._trickle, args=(connection,), daemon=True).start()

    def _trickle(self, connection: socket.socket) -> None:
        headers = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + b"X-Padding: " + b"a" * 10_000
        ends = time.monotonic() + self.give_up  # so that a fetch without a deadline fails the test, not hangs
        with connection:
            connection.recv(65536)
            for byte in headers:
                if self.stop.wait(self.every) or time.monotonic() > ends:
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return


def test_a_server_trickling_its_headers_is_cut_off_at_the_fetch_deadline():
    # timeout 1 s: each byte (every 0.5 s) comes well within the read timeout; the whole fetch may take 4 s.
    with Trickler(every=0.5) as server:
        started = time.monotonic()
        with pytest.raises(FetchError) as raised:
            fetch(server.url("/slow"), allow_private=True, timeout=1.0)
        elapsed = time.monotonic() - started
    assert elapsed < 5.5
    assert "more than 4 s" in str(raised.value)


def test_reading_a_url_uses_a_client_bounded_by_the_deadline():
    with Trickler(every=0.5) as server:
        started = time.monotonic()
        with pytest.raises(InputError):
            read_one(server.url("/page"), allow_private=True, timeout=1.0)
        assert time.monotonic() - started < 5.5


def test_the_deadline_covers_every_hop_of_a_redirect_chain():
    """Each hop answers within the read timeout; together they take longer than the fetch may."""
    with LocalServer() as server:

        def hop(number: int):
            def answer(handler: BaseHTTPRequestHandler) -> None:
                time.sleep(0.7)
                handler.send_response(302)
                handler.send_header("Location", f"/hop{number + 1}")
                handler.send_header("Content-Length", "0")
                handler.end_headers()

            return answer

        for number in range(5):
            server.routes[f"/hop{number}"] = hop(number)
        server.routes["/hop5"] = Reply(PAGE, headers={"Content-Type": "text/html"})
        started = time.monotonic()
        with pytest.raises(FetchError) as raised:
            fetch(server.url("/hop0"), allow_private=True, timeout=0.8, max_redirects=5)
        elapsed = time.monotonic() - started
    assert elapsed < 3.2 + 1.0
    assert "more than 3.2 s" in str(raised.value)


def test_a_name_server_that_never_answers_is_cut_off_at_the_fetch_deadline(monkeypatch):
    from crisisledger.ingest import fetch as fetch_module

    released = threading.Event()
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "stalled.example":
            released.wait(15)  # a resolver that does not answer (let go when the test ends)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", getaddrinfo)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as raised:
            fetch("http://stalled.example/page", timeout=0.5)
    finally:
        released.set()
    assert time.monotonic() - started < 3.5
    assert "stalled.example" in str(raised.value) and "in time" in str(raised.value)


def test_a_fast_server_is_read_as_before():
    with LocalServer() as server:
        server.routes["/page"] = Reply(PAGE, headers={"Content-Type": "text/html"})
        assert fetch(server.url("/page"), allow_private=True, timeout=1.0).content == PAGE


# The store -----------------------------------------------------------------------------------------------


class SilentListener:
    """A TCP listener on 127.0.0.1 that accepts every connection and never says a word."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> SilentListener:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        for connection in self.accepted:
            connection.close()
        self.listener.close()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.accepted.append(connection)


@pytest.fixture
def silent_store(monkeypatch):
    pytest.importorskip("psycopg")
    monkeypatch.setattr(store_module, "CONNECT_TIMEOUT", 2)
    with SilentListener() as listener:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{listener.port}/test"


def test_a_postgresql_store_that_never_answers_fails_to_open_in_bounded_time(silent_store):
    started = time.monotonic()
    with pytest.raises(StoreError) as raised:
        Store.open(silent_store)
    assert time.monotonic() - started < 8
    message = str(raised.value)
    assert "\n" not in message and "127.0.0.1" in message and "did not answer within 2 s" in message


@pytest.mark.parametrize("command", [["ledger"], ["figures"], ["history"], ["ingest", "-"]])
def test_every_command_fails_in_bounded_time_with_one_line_on_a_silent_store(silent_store, command):
    started = time.monotonic()
    result = CliRunner().invoke(app, [*command, "--db", silent_store], input=REPORT)
    assert time.monotonic() - started < 8
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "did not answer" in lines[0]


def test_a_connect_timeout_in_the_url_is_kept():
    url, _ = store_module._url_of("postgresql+psycopg://desk@db.example/ledger?connect_timeout=30")
    assert url.query["connect_timeout"] == "30"
    url, where = store_module._url_of("postgresql://desk@db.example/ledger")
    assert url.query["connect_timeout"] == str(store_module.CONNECT_TIMEOUT)
    assert url.query["keepalives_idle"] == "30" and where == "postgresql://desk@db.example/ledger"
