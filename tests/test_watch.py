"""The watch loop: durations, which errors are worth retrying, back-off, rounds on a fake clock, resuming from
the store, and the command (Ctrl-C, --once). Pages are served by httpx.MockTransport or the local server."""

from __future__ import annotations

import httpx
import pytest
from fixtures.sources.server import LocalServer, Reply
from typer.testing import CliRunner

from crisisledger import watch as watch_module
from crisisledger.cli import app
from crisisledger.config import load_settings
from crisisledger.errors import ConfigError
from crisisledger.ingest.batch import Outcome
from crisisledger.ingest.fetch import AddressRefused, FetchError, SourceGone, UnsupportedContent
from crisisledger.store import Store
from crisisledger.watch import Watcher, describe, format_every, is_transient, parse_every

URL = "http://wire.example/harbour"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def page(toll: int) -> bytes:
    return (
        "<!DOCTYPE html><html><head><title>Harbour fire</title>"
        '<meta property="og:site_name" content="Harbour Wire"></head><body><article><h1>Harbour fire</h1>'
        f"<p>A fire in the harbour warehouses of Saltby killed {toll} people on Tuesday night, the fire "
        "brigade said on Wednesday morning.</p><p>The warehouses stored grain and timber, and the blaze "
        "burned for most of the night before crews from three towns brought it under control.</p>"
        "<p>The harbour will stay closed to shipping until the quays have been inspected.</p>"
        "</article></body></html>"
    ).encode()


# Durations and errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900), ("90s", 90), ("1h30m", 5400), ("600", 600), ("2h", 7200), ("1d", 86400), ("0.5m", 30)],
)
def test_parse_every(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "often", "15x", "0s", "m15", "-5m"])
def test_a_bad_duration_is_refused_with_the_form_expected(text):
    with pytest.raises(ConfigError, match="'--every' must be"):
        parse_every(text)


@pytest.mark.parametrize(("seconds", "text"), [(900, "15m"), (5400, "1h30m"), (90, "1m30s"), (0, "0s")])
def test_format_every(seconds, text):
    assert format_every(seconds) == text


def _with_context(error: FetchError, context: BaseException) -> FetchError:
    error.__context__ = context
    return error


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (_with_context(FetchError("x: could not fetch"), httpx.ConnectError("refused")), True),
        (_with_context(FetchError("x: timed out"), httpx.ReadTimeout("slow")), True),
        (_with_context(FetchError("x: host not found"), OSError("no route")), True),
        (FetchError("x: the server answered 503", status=503), True),
        (FetchError("x: the server answered 429", status=429), True),
        (FetchError("x: the server answered 403", status=403), False),
        (FetchError("x: more than 5 redirects"), False),
        (SourceGone("x: 404", status=404), False),
        (_with_context(AddressRefused("x: refused"), OSError()), False),
        (UnsupportedContent("x: image/png", status=200), False),
    ],
)
def test_is_transient(error, transient):
    assert is_transient(error) is transient


# The watcher, on a mock transport -------------------------------------------------------------------------


class Site:
    """A mock site: `pages` maps URLs to bodies (None: gone); `down` requests fail before any answer."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes | None] = {URL: page(9)}
        self.down = 0
        self.requests: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            self.down -= 1
            raise httpx.ConnectError("connection refused", request=request)
        body = self.pages.get(str(request.url))
        if body is None:
            return httpx.Response(404)
        etag = f'"{hash(body) & 0xFFFF:x}"'
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        return httpx.Response(200, headers={**HTML, "ETag": etag}, content=body)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle))


class Clock:
    """A clock that only moves when the watcher sleeps (or a round is said to take time)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def site():
    return Site()


def watcher(store, site, clock, **options) -> Watcher:
    settings = load_settings(db=store.where)
    return Watcher([URL], store, settings, client=site.client(), clock=clock, sleep=clock.sleep, **options)


@pytest.mark.model
def test_rounds_store_then_ask_conditionally_then_see_edits_and_removals(db, site):
    clock = Clock()
    with Store.open(db) as store:
        watching = watcher(store, site, clock, allow_private=True)

        first = watching.poll_once()
        assert [o.status for o in first.outcomes] == ["stored"] and first.figures == 1
        assert [label for o in first.outcomes for label, _ in describe(o)] == ["new"]

        second = watching.poll_once()
        assert [o.status for o in second.outcomes] == ["unchanged"]
        assert site.requests[-1].headers.get("if-none-match")  # conditional, from the last snapshot
        assert [label for o in second.outcomes for label, _ in describe(o)] == []

        site.pages[URL] = page(11)
        third = watching.poll_once()
        assert third.revised == 1
        lines = [line for o in third.outcomes for label, line in describe(o) if label == "revised"]
        assert lines == [f"{URL}: killed (fire brigade) 9 -> 11"]

        site.pages[URL] = None
        fourth = watching.poll_once()
        assert fourth.withdrawn == 1 and [o.status for o in fourth.outcomes] == ["removed"]
        assert [s.change for s in store.snapshots(URL)] == ["new", "unchanged", "edited", "removed"]


@pytest.mark.model
def test_network_errors_are_retried_with_doubling_back_off(db, site):
    clock = Clock()
    retried = []
    with Store.open(db) as store:
        watching = watcher(
            store, site, clock, allow_private=True, on_retry=lambda item, error, n, delay: retried.append((n, delay))
        )
        site.down = 2
        done = watching.poll_once()
    assert [o.status for o in done.outcomes] == ["stored"]
    assert clock.slept == [2.0, 4.0] and retried == [(1, 2.0), (2, 4.0)] and done.retries == 2


@pytest.mark.model
def test_retries_are_bounded_and_the_back_off_is_capped(db, site):
    clock = Clock()
    with Store.open(db) as store:
        watching = watcher(store, site, clock, allow_private=True, retries=3, backoff=100, max_backoff=150)
        site.down = 10
        done = watching.poll_once()
        assert [o.status for o in done.outcomes] == ["failed"]
        assert "connection refused" in done.outcomes[0].message
        assert clock.slept == [100, 150, 150]
        assert store.snapshots() == []  # a failed read is no version
        # the next round finds the site back up
        site.down = 0
        assert [o.status for o in watching.poll_once().outcomes] == ["stored"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("source", "allow_private", "expected"),
    [
        ("http://wire.example/forbidden", True, "403 Forbidden"),
        ("http://127.0.0.1/harbour", False, "loopback"),
    ],
)
def test_errors_that_would_fail_again_are_not_retried(db, site, source, allow_private, expected):
    clock = Clock()
    site.handle = lambda request: httpx.Response(403)  # type: ignore[method-assign]
    with Store.open(db) as store:
        watching = watcher(store, site, clock, allow_private=allow_private)
        watching.sources = [source]
        done = watching.poll_once()
    assert [o.status for o in done.outcomes] == ["failed"] and expected in done.outcomes[0].message
    assert clock.slept == []


@pytest.mark.model
def test_run_waits_out_the_rest_of_each_period(db, site):
    clock = Clock()
    seen = []
    with Store.open(db) as store:
        watching = watcher(store, site, clock, allow_private=True, every=900)
        original = watching.poll_once

        def slow_poll():
            clock.now += 60  # each round takes a minute
            return original()

        watching.poll_once = slow_poll
        assert watching.run(max_rounds=3, on_round=seen.append) == 3
    assert [r.number for r in seen] == [1, 2, 3]
    assert clock.slept == [840, 840]  # none after the last round


@pytest.mark.model
def test_ctrl_c_stops_the_loop_and_a_new_watcher_resumes_from_the_store(db, site):
    clock = Clock()

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    with Store.open(db) as store:
        watching = watcher(store, site, clock, allow_private=True)
        watching.sleep = interrupted
        with pytest.raises(KeyboardInterrupt):
            watching.run()
        assert watching.rounds == 1
    with Store.open(db) as store:
        again = watcher(store, site, Clock(), allow_private=True)
        done = again.poll_once()
    assert [o.status for o in done.outcomes] == ["unchanged"]
    assert site.requests[-1].headers.get("if-none-match")


# The command ----------------------------------------------------------------------------------------------


@pytest.mark.model
def test_the_watch_command_once_and_ctrl_c(db, monkeypatch):
    runner = CliRunner()
    with LocalServer() as server:
        server.routes["/harbour"] = Reply(page(9), headers=HTML, etag='"h1"')
        url = server.url("/harbour")

        once = runner.invoke(app, ["watch", url, "--once", "--allow-private", "--db", db], env={"COLUMNS": "200"})
        assert once.exit_code == 0, once.stderr
        assert "new:" in once.stdout and "1 figure(s)" in once.stdout
        assert "round 1 at" in once.stdout and "next in" not in once.stdout

        def interrupted(seconds: float) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(watch_module, "_sleep", interrupted)
        stopped = runner.invoke(app, ["watch", url, "--every", "1s", "--allow-private", "--db", db])
        assert stopped.exit_code == 0, stopped.stderr
        assert "stopped watching after 1 round(s)" in stopped.stderr
        assert "0 new document(s)" in stopped.stdout and "1 unchanged" in stopped.stdout
        assert server.requests[-1][1].get("If-None-Match") == '"h1"'

        del server.routes["/harbour"]
        gone = runner.invoke(app, ["watch", url, "--max-rounds", "1", "--allow-private", "--db", db])
        assert gone.exit_code == 0, gone.stderr
        assert "withdrawn:" in gone.stdout and "1 withdrawn" in gone.stdout


def test_the_watch_command_refuses_a_bad_period(db):
    result = CliRunner().invoke(app, ["watch", "http://wire.example/", "--every", "often", "--db", db])
    assert result.exit_code == 2 and "must be a duration" in result.stderr


def test_the_watch_command_has_help_with_an_example():
    result = CliRunner().invoke(app, ["watch", "--help"])
    assert result.exit_code == 0 and "crisisledger watch" in result.stdout


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome("feed.xml", "note", message="feed.xml: entry 3's page was not read (address refused)"), "note"),
        (Outcome("a.txt", "note", message="a.txt: not UTF-8; read as cp1251"), "note"),
        (Outcome("a.txt", "note"), None),
        (Outcome("a.txt", "unchanged", message="a.txt: already stored"), None),
    ],
)
def test_a_watch_round_says_the_notes_of_its_readings(outcome, expected):
    labels = [label for label, _ in describe(outcome)]
    assert labels == ([expected] if expected else [])
