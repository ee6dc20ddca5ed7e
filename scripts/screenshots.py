"""Screenshots of the main pages for docs/images/, from a store of the bundled examples.

    .venv/bin/crisisledger ingest examples/ --db /tmp/shots.db
    .venv/bin/python scripts/screenshots.py /tmp/shots.db

Serves the store on a free loopback port, drives Debian's chromium through Playwright at 1400 px (and the
ledger at 400 px, as on a phone), and writes PNGs into docs/images/.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from crisisledger.web import Settings, create_app

OUT = Path(__file__).resolve().parents[1] / "docs" / "images"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main(db: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(Settings(db=db)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(base + "/")
        page.screenshot(path=OUT / "ledger.png", full_page=False)
        line = page.locator("table.ledger tbody tr", has_text="Kazakhstan (KZ)").get_by_role(
            "link", name="killed", exact=True
        )
        line.first.click()
        page.wait_for_load_state()
        page.screenshot(path=OUT / "line.png", full_page=False)
        report = page.locator("table.claims td[data-label=Report] a").first
        report.click()
        page.wait_for_load_state()
        page.screenshot(path=OUT / "report.png", full_page=False)
        page.goto(base + "/")
        page.locator("table.ledger td[data-label=Range] a").first.click()
        page.wait_for_load_state()
        page.screenshot(path=OUT / "claim.png", full_page=True)
        page.goto(base + "/map")
        page.screenshot(path=OUT / "map.png", full_page=False)
        phone = browser.new_page(viewport={"width": 400, "height": 860})
        phone.goto(base + "/")
        phone.screenshot(path=OUT / "ledger-phone.png", full_page=False)
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main(sys.argv[1])
