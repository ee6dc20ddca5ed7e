"""The app in a real browser: Playwright driving Debian's chromium against a server on loopback.

The store is the bundled examples read by the whole pipeline, plus one hostile report whose title and text
carry markup. Every page visited must log no console error (a Content-Security-Policy violation is one).
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

CHROMIUM = Path("/usr/bin/chromium")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan-2022"
TOKEN = "browser-test-token"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HOSTILE = (
    "title: Clashes <script>window.hacked = 1</script> in Aktau\n"
    "outlet: <img src=x onerror=alert(1)> Daily\n"
    "date: 2022-01-06\n\n"
    "Police said 12 people were detained in Aktau on Wednesday. <script>window.hacked = 2</script> "
    "A witness wrote <b>bold</b> words and <img src=x onerror=alert(3)> on a forum.\n"
)

if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
    pytest.skip(f"the browser tests need chromium at {CHROMIUM} (make test installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser tests need playwright (in .[dev])")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory, store_at, nlp) -> Iterator[str]:
    """A server on loopback over the examples and the hostile report; its base URL."""
    import uvicorn

    from crisisledger.config import load_settings
    from crisisledger.ingest.batch import ingest
    from crisisledger.store import Store
    from crisisledger.web import Settings, create_app

    folder = tmp_path_factory.mktemp("browser")
    reports = folder / "reports"
    shutil.copytree(EXAMPLES, reports)
    (reports / "2022-01-06-hostile.txt").write_text(HOSTILE, encoding="utf-8")
    with store_at(folder, "ledger") as where:
        settings = load_settings(db=where)
        with Store.open(settings.db) as store:
            outcomes = list(ingest([str(reports)], store, settings))
        assert {o.status for o in outcomes} == {"stored"}
        port = _free_port()
        app = create_app(Settings(db=settings.db, token=TOKEN))
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        running = uvicorn.Server(config)
        thread = threading.Thread(target=running.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not running.started:
            assert time.monotonic() < deadline, "the server did not start within 20 s"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


class Page:
    """A browser page that records console errors, failed requests and requests that leave the machine."""

    def __init__(self, browser, base: str, width: int = 1400) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)

    def _request(self, request) -> None:
        if not request.url.startswith(self.base) and not request.url.startswith("data:"):
            self.outside.append(request.url)

    def go(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status < 400, (path, response and response.status)

    def close(self) -> None:
        self.context.close()
        assert not self.errors, self.errors
        assert not self.outside, self.outside


@pytest.fixture
def page(browser, server) -> Iterator[Page]:
    opened = Page(browser, server)
    yield opened
    opened.close()


def test_every_page_loads_with_no_console_error_and_no_request_off_the_machine(page):
    for path in ("/", "/timeline", "/map", "/incidents", "/actors", "/documents", "/search?q=detained"):
        page.go(path)
        assert page.page.locator("h1").count() == 1, path


def test_on_a_phone_no_page_is_wider_than_the_screen(browser, server):
    phone = Page(browser, server, width=400)
    try:
        for path in ("/", "/timeline", "/map", "/incidents", "/actors", "/documents"):
            phone.go(path)
            width = phone.page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 400, (path, width)
        phone.go("/")
        phone.page.locator("table.ledger a[href^='/lines/']").first.click()
        phone.page.wait_for_url(re.compile(r"/lines/"))
        assert phone.page.evaluate("() => document.documentElement.scrollWidth") <= 400
    finally:
        phone.close()


def test_the_keyboard_reaches_the_ledger_lines(page):
    page.go("/")
    for _ in range(60):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("() => (document.activeElement.getAttribute('href') || '').startsWith('/lines/')"):
            break
    else:
        raise AssertionError("no ledger line reached in 60 presses of Tab")
    page.page.keyboard.press("Enter")
    page.page.wait_for_url(re.compile(r"/lines/"))


def test_the_hostile_report_renders_as_text(page):
    page.go("/search?q=Aktau")
    page.go("/documents")
    link = page.page.get_by_role("link", name=re.compile("Clashes"))
    link.first.click()
    page.page.wait_for_load_state()
    body = page.page.locator("main").inner_text()
    assert "<script>window.hacked = 1</script>" in body
    assert "<img src=x onerror=alert(3)>" in body
    assert page.page.evaluate("() => window.hacked === undefined")
    assert page.page.locator("main img").count() == 0 and page.page.locator("main b").count() == 0


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_from_the_ledger_to_a_line_to_the_report_with_the_claims_words_marked(page):
    page.go("/")
    row = page.page.locator("table.ledger tbody tr", has_text="Kazakhstan (KZ)").filter(
        has=page.page.get_by_role("link", name="killed", exact=True)
    )
    row.first.get_by_role("link", name="killed", exact=True).click()
    page.page.wait_for_url(re.compile(r"/lines/"))
    assert page.page.locator("svg").count() >= 1  # the chart of every claim over time
    claim = page.page.locator("table.claims tbody tr").first
    value = _digits(claim.locator("td[data-label=Value]").inner_text())
    report = claim.locator("td[data-label=Report] a").first
    anchor = (report.get_attribute("href") or "").split("#", 1)[1]
    report.click()
    page.page.wait_for_url(re.compile(r"/documents/"))
    mark = page.page.locator(f"mark#{anchor}")
    assert mark.count() == 1 and mark.get_attribute("data-kind") == "figure"
    assert value and value in _digits(mark.inner_text())


def test_as_of_shows_the_ledger_as_known_that_day(page):
    page.go("/")
    everything = page.page.locator("#ledger-table p.count").inner_text()
    page.page.fill("#f-as-of", "2022-01-05")
    page.page.locator("#f-as-of").dispatch_event("change")
    page.page.wait_for_url(re.compile(r"as_of=2022-01-05"))
    early = page.page.locator("#ledger-table p.count")
    sync_api.expect(early).not_to_have_text(everything)
    page.go("/?as_of=2022-01-05")
    assert page.page.locator("#ledger-table p.count").inner_text() == early.inner_text()


def test_a_review_submitted_from_the_page_appears_in_the_ledger(page):
    """Runs last: it changes the store. Rejecting the only claim of a line takes the line out of the ledger."""
    page.go("/")
    row = page.page.locator("table.ledger tbody tr", has_text="1 claim by 1 claimant").first
    line = row.locator("a[href^='/lines/']").first.get_attribute("href")
    figure = row.locator("td[data-label=Range] a[href^='/figures/']").first.get_attribute("href")
    assert line and figure
    page.go(figure)
    page.page.fill("#r-by", "browser test")
    page.page.check("input[name=action][value=reject]")
    page.page.fill("#r-token", TOKEN)
    page.page.get_by_role("button", name="Store the review").click()
    page.page.locator("#reviews", has_text="browser test").wait_for()
    assert "rejected" in page.page.locator("#reviews").inner_text()
    page.go("/")
    assert page.page.locator(f"a[href='{line}']").count() == 0
    page.go(figure)
    assert page.page.locator("#r-token").count() == 0  # the token is kept in a cookie after the first review
