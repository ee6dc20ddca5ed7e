"""Issue 5, acceptance: sources as they really arrive, through the command line.

a. pages and feeds from a local server: each reader, conditional requests, an edited page (revised), a
   removed page (withdrawn), redirects and the address guard;
b. a Telegram channel that deletes a death toll: the later export withdraws it, dated by that export, and the
   first version's text is still shown;
c. hostile input, each refused in one line with nothing stored lost.

Every page, feed and export here was written for these tests. No test touches the internet: the local server
answers on 127.0.0.1 (with --allow-private), and made-up public hosts are answered by httpx.MockTransport.
"""

from __future__ import annotations

import json
import socket
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest
from fixtures.sources.server import LocalServer, Reply
from typer.testing import CliRunner

from crisisledger.cli import app
from crisisledger.ingest import fetch as fetch_module
from crisisledger.store import Store

pytestmark = pytest.mark.model

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
HTML = {"Content-Type": "text/html; charset=utf-8"}
RSS = {"Content-Type": "application/rss+xml"}
PUBLIC_IP = "93.184.215.14"


def page(title: str, body: str, published: str = "2023-04-02T08:00:00Z") -> bytes:
    paragraphs = "\n".join(f"    <p>{p}</p>" for p in body.split("\n\n"))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} - Riverside Courier</title>
  <meta property="og:site_name" content="Riverside Courier">
  <meta property="article:published_time" content="{published}">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/floods">Floods</a> <a href="/contact">Contact</a></nav>
  <article>
    <h1>{title}</h1>
{paragraphs}
  </article>
  <footer>Riverside Courier. All rights reserved. Advertising. Privacy.</footer>
</body>
</html>
""".encode()


CLOSING = (
    "Rescue teams worked through the night along the river, and the regional road to the valley remained "
    "closed to traffic on Sunday evening while engineers inspected the bridges.\n\n"
    "Schools in the valley will stay closed until the water recedes, the education office said."
)
FLOOD_V1 = page(
    "Flood toll rises to 12",
    "At least 12 people were killed when the river burst its banks in Lowmoor on Saturday, the regional "
    "emergency service said on Sunday.\n\n" + CLOSING,
)
FLOOD_V2 = page(
    "Flood toll rises to 15",
    "At least 15 people were killed when the river burst its banks in Lowmoor on Saturday, the regional "
    "emergency service said on Sunday.\n\n" + CLOSING,
)
QUAKE = page(
    "Tremor damages homes in Hollin",
    "Police in Hollin detained 30 people for looting after the tremor on Monday, the city police "
    "department said.\n\nEngineers checked the old town's churches and found cracks in two of them, the "
    "city council said, and the market square was fenced off as a precaution.\n\nThe council asked "
    "residents to report damage to their homes through its website or at the town hall.",
    published="2023-04-03T09:00:00Z",
)
FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Valley Wire</title>
  <link>http://valley-wire.example/</link>
  <description>News from the valley</description>
  <item>
    <title>Shelters fill up in Lowmoor</title>
    <link>http://valley-wire.example/shelters</link>
    <guid>valley-wire-shelters</guid>
    <pubDate>Mon, 03 Apr 2023 10:00:00 GMT</pubDate>
    <content:encoded><![CDATA[<p>About 400 people were evacuated from the low streets of Lowmoor overnight,
    the town council said on Monday. The sports hall and the two schools on Mill Road now serve as shelters,
    and volunteers are handing out blankets and hot meals to the families who left their homes.</p>]]>
    </content:encoded>
  </item>
  <item>
    <title>Tremor damages homes in Hollin</title>
    <link>{quake}</link>
    <guid>valley-wire-tremor</guid>
    <pubDate>Mon, 03 Apr 2023 12:00:00 GMT</pubDate>
    <description>A tremor damaged homes in Hollin.</description>
  </item>
</channel>
</rss>
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def server():
    with LocalServer() as running:
        running.routes["/floods/lowmoor"] = Reply(FLOOD_V1, headers=HTML, etag='"v1"')
        running.routes["/quake"] = Reply(QUAKE, headers=HTML)
        running.routes["/feed.rss"] = Reply(
            FEED.replace(b"{quake}", running.url("/quake").encode()), headers=RSS, etag='"f1"'
        )
        running.routes["/old-address"] = Reply(status=301, headers={"Location": "/floods/lowmoor"})
        yield running


def run(runner: CliRunner, *args: str, db: str, columns: int = 240):
    return runner.invoke(app, [*args, "--db", db], env={"COLUMNS": str(columns)})


def ingest(runner: CliRunner, *items: str, db: str, local: bool = True):
    return run(runner, "ingest", *items, *(["--allow-private"] if local else []), db=db)


def figures_of(store: Store, kind: str) -> dict[int | None, str]:
    """Each figure's value and its status now (the latest change, else its own)."""
    changes: dict[str, list] = {}
    for change in store.status_changes():
        changes.setdefault(change.figure_id, []).append(change)
    return {
        f.min: (sorted(changes[f.id], key=lambda c: c.date)[-1].status if f.id in changes else f.status)
        for f in store.figures()
        if f.kind == kind
    }


# a. pages and feeds from a local server -------------------------------------------------------------------


def test_a_page_is_read_then_unchanged_then_edited_then_removed(runner, server, db):
    url = server.url("/floods/lowmoor")

    first = ingest(runner, url, db=db)
    assert first.exit_code == 0, first.stderr
    with Store.open(db) as store:
        (document,) = store.documents()
        assert (document.title, document.outlet, document.url) == ("Flood toll rises to 12", "Riverside Courier", url)
        assert figures_of(store, "killed") == {12: "asserted"}
        (snapshot,) = store.snapshots(url)
        assert (snapshot.change, snapshot.http_status, snapshot.etag) == ("new", 200, '"v1"')
        assert snapshot.document_id == document.id and len(snapshot.content_hash) == 64

    # Conditional request: the ETag goes back, 304 comes back, a snapshot is kept and nothing else.
    again = ingest(runner, url, db=db)
    assert again.exit_code == 0, again.stderr
    assert "not modified" in again.stderr and "HTTP 304" in again.stderr
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    with Store.open(db) as store:
        assert [s.change for s in store.snapshots(url)] == ["new", "unchanged"]
        assert store.snapshots(url)[-1].http_status == 304
        assert store.counts()["documents"] == 1

    # Edited: the new version is a new document, and the old toll is marked revised.
    server.routes["/floods/lowmoor"] = Reply(FLOOD_V2, headers=HTML, etag='"v2"')
    edited = ingest(runner, url, db=db)
    assert edited.exit_code == 0, edited.stderr
    assert "revised:" in edited.stderr and "12 -> 15" in edited.stderr
    with Store.open(db) as store:
        assert store.counts()["documents"] == 2
        assert figures_of(store, "killed") == {12: "revised", 15: "asserted"}
        # the headline's toll and the article's, each revised by its counterpart in the new version
        revisions = [c for c in store.status_changes() if c.status == "revised"]
        new_document = store.snapshots(url)[-1].document_id
        assert {c.evidence.document_id for c in revisions} == {new_document}
        assert sorted(c.evidence.text[:30] for c in revisions) == [
            "At least 15 people were killed",
            "Flood toll rises to 15",
        ]
        assert {c.by for c in revisions} == {"127.0.0.1"}
        assert [s.change for s in store.snapshots(url)] == ["new", "unchanged", "edited"]

    # Removed: 404, and every figure of the last version is withdrawn, with a notice as its evidence.
    del server.routes["/floods/lowmoor"]
    removed = ingest(runner, url, db=db)
    assert removed.exit_code == 0, removed.stderr
    assert "removed:" in removed.stderr and "404 Not Found" in removed.stderr
    with Store.open(db) as store:
        assert figures_of(store, "killed") == {12: "revised", 15: "withdrawn"}
        latest = store.latest_snapshot(url)
        assert (latest.change, latest.http_status) == ("removed", 404)
        notice = store.document(latest.document_id)
        assert notice.outlet == "127.0.0.1" and "answered 404 Not Found" in notice.text
        # every version's text is still stored
        titles = {d.title for d in store.documents()}
        assert titles == {"Flood toll rises to 12", "Flood toll rises to 15", f"Removed: The page {url}"}

    history = run(runner, "history", url, db=db)
    assert history.exit_code == 0, history.stderr
    for shown in ("new", "unchanged", "edited (2 figure(s) revised)", "removed (2 figure(s) withdrawn)", "HTTP 304"):
        assert shown in history.stdout, shown

    table = run(runner, "figures", db=db)
    assert "withdrawn (by 127.0.0.1" in table.stdout and "revised (by 127.0.0.1" in table.stdout
    ledger = run(runner, "ledger", "--claims", db=db)
    assert "withdrawn by 127.0.0.1" in ledger.stdout

    # Gone again: still gone, nothing new withdrawn.
    still = ingest(runner, url, db=db)
    assert still.exit_code == 0 and "still gone" in still.stderr


def test_a_redirect_is_followed_and_the_source_keeps_the_address_asked_for(runner, server, db):
    result = ingest(runner, server.url("/old-address"), db=db)
    assert result.exit_code == 0, result.stderr
    with Store.open(db) as store:
        (document,) = store.documents()
        assert document.url == server.url("/floods/lowmoor")
        assert store.sources() == [server.url("/old-address")]


def test_a_feed_its_entries_and_the_page_a_teaser_links_to(runner, server, db):
    feed = server.url("/feed.rss")
    result = ingest(runner, feed, db=db)
    assert result.exit_code == 0, result.stderr
    with Store.open(db) as store:
        titles = sorted(d.title for d in store.documents())
        assert titles == ["Shelters fill up in Lowmoor", "Tremor damages homes in Hollin"]
        assert {f.kind for f in store.figures()} == {"evacuated", "detained"}
        assert server.url("/quake") in store.sources()  # the teaser's page, fetched from the same server
        (snapshot,) = store.snapshots(feed)
        assert (snapshot.kind, snapshot.change, snapshot.document_id) == ("feed", "new", None)
        assert {s.via for s in store.snapshots(via=feed)} == {feed}

    again = ingest(runner, feed, db=db)
    assert again.exit_code == 0 and "HTTP 304" in again.stderr
    with Store.open(db) as store:
        assert [s.change for s in store.snapshots(feed)] == ["new", "unchanged"]


def test_text_json_and_lists_of_urls_are_read_from_the_server(runner, server, db, tmp_path):
    server.routes["/report.txt"] = Reply(
        b"title: Curfew in Hollin\n\nPolice in Hollin detained 45 people overnight, the police said.\n",
        headers={"Content-Type": "text/plain; charset=utf-8"},
    )
    server.routes["/export.json"] = Reply(
        (FIXTURES / "telegram" / "result.json").read_bytes(), headers={"Content-Type": "application/json"}
    )
    listing = tmp_path / "reading.urls"
    listing.write_text(f"# to read\n{server.url('/report.txt')}\n{server.url('/export.json')}\n", encoding="utf-8")
    result = ingest(runner, str(listing), db=db)
    assert result.exit_code == 0, result.stderr
    with Store.open(db) as store:
        assert "Curfew in Hollin" in {d.title for d in store.documents()}
        assert {d.outlet for d in store.documents()} >= {"Northgate Emergency Updates"}
        assert any(s.startswith("telegram:1700000001/") for s in store.sources())


def test_the_address_guard_refuses_the_local_server_without_allow_private(runner, server, db):
    result = ingest(runner, server.url("/floods/lowmoor"), db=db, local=False)
    assert result.exit_code == 1
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert "refused" in error and "loopback" in error and "--allow-private" in error
    with Store.open(db) as store:
        assert store.counts()["documents"] == 0 and store.sources() == []


# b. a Telegram channel deletes a death toll ---------------------------------------------------------------


def export(*messages: dict) -> str:
    return json.dumps(
        {"name": "Eastbrook Civil Defence", "type": "public_channel", "id": 1800000002, "messages": list(messages)},
        ensure_ascii=False,
        indent=1,
    )


def post(id: int, when: str, unixtime: int, text: str) -> dict:
    return {
        "id": id,
        "type": "message",
        "date": when,
        "date_unixtime": str(unixtime),
        "from": "Eastbrook Civil Defence",
        "from_id": "channel1800000002",
        "text": text,
        "text_entities": [{"type": "plain", "text": text}],
    }


CREATED = {
    "id": 1,
    "type": "service",
    "date": "2023-05-01T07:00:00",
    "date_unixtime": "1682924400",
    "actor": "Eastbrook Civil Defence",
    "action": "create_channel",
    "title": "Eastbrook Civil Defence",
    "text": "",
    "text_entities": [],
}
EVACUATION = post(2, "2023-05-01T09:00:00", 1682931600, "Evacuation of the river district continues overnight.")
TOLL = post(
    3,
    "2023-05-02T18:30:00",
    1683052200,
    "Dam collapse at Eastbrook\n164 people were killed when the dam gave way, the channel reported, citing the "
    "Health Ministry.",
)
SHELTERS = post(4, "2023-05-03T08:00:00", 1683100800, "Shelters are open at the sports hall on Quay Road.")
LATER = post(5, "2023-05-04T12:00:00", 1683201600, "Drinking water is handed out at the town hall until Friday.")


def test_a_deleted_post_is_withdrawn_as_of_the_later_export(runner, db, tmp_path):
    first_dir, later_dir = tmp_path / "ChatExport_2023-05-03", tmp_path / "ChatExport_2023-05-04"
    first_dir.mkdir()
    later_dir.mkdir()
    (first_dir / "result.json").write_text(export(CREATED, EVACUATION, TOLL, SHELTERS), encoding="utf-8")
    (later_dir / "result.json").write_text(export(CREATED, EVACUATION, SHELTERS, LATER), encoding="utf-8")

    first = ingest(runner, str(first_dir), db=db, local=False)
    assert first.exit_code == 0, first.stderr
    with Store.open(db) as store:
        (toll,) = [f for f in store.figures() if f.kind == "killed"]
        assert toll.min == 164
        first_document = toll.document_id
        first_text = store.document(first_document).text

    later = ingest(runner, str(later_dir), db=db, local=False)
    assert later.exit_code == 0, later.stderr
    assert "removed:" in later.stderr and "Message 3" in later.stderr and "1 figure(s) withdrawn" in later.stderr

    data = json.loads(run(runner, "export", "--format", "json", db=db).stdout)
    (change,) = [c for c in data["status_changes"] if c["figure_id"] == toll.id]
    assert (change["status"], change["date"], change["by"]) == ("withdrawn", "2023-05-04", "Eastbrook Civil Defence")
    series = [c for line in data["ledger_lines"] for c in line["series"] if c["figure_id"] == toll.id]
    assert [c["status"] for c in series] == ["withdrawn"]
    contested = [c for line in data["ledger_lines"] for c in line["contested"] if c["figure_id"] == toll.id]
    assert [(c["reason"], c["date"]) for c in contested] == [("withdrawn", "2023-05-04")]

    table = run(runner, "figures", db=db)
    assert "withdrawn (by Eastbrook Civil Defence, 2023-05-04)" in table.stdout

    shown = run(runner, "show", first_document, db=db)
    assert shown.exit_code == 0
    assert "164 people were killed when the dam gave way" in shown.stdout
    with Store.open(db) as store:
        assert store.document(first_document).text == first_text
        history = [s.change for s in store.snapshots("telegram:1800000002/3")]
        assert history == ["new", "removed"]
        assert store.latest_snapshot("telegram:1800000002/2").change == "unchanged"

    # An export of the last day alone does not cover post 2: not a removal.
    recent = tmp_path / "recent"
    recent.mkdir()
    (recent / "result.json").write_text(export(LATER), encoding="utf-8")
    assert ingest(runner, str(recent), db=db, local=False).exit_code == 0
    with Store.open(db) as store:
        assert store.latest_snapshot("telegram:1800000002/2").change == "unchanged"
        assert store.latest_snapshot("telegram:1800000002/4").change == "unchanged"


def test_both_exports_in_one_run_are_compared_in_order(runner, db, tmp_path):
    for name, messages in (("a", (EVACUATION, TOLL)), ("b", (EVACUATION, SHELTERS))):
        (tmp_path / name).mkdir()
        (tmp_path / name / "result.json").write_text(export(*messages), encoding="utf-8")
    result = ingest(runner, str(tmp_path / "a"), str(tmp_path / "b"), db=db, local=False)
    assert result.exit_code == 0, result.stderr
    with Store.open(db) as store:
        assert figures_of(store, "killed") == {164: "withdrawn"}


# c. hostile input -----------------------------------------------------------------------------------------


GOOD = "title: Curfew in Aktau\ndate: 2022-01-06\n\nPolice in Aktau detained 120 people overnight, police said.\n"
KEPT = ("documents", "figures", "status_changes", "statements", "actors", "roles", "events")


@pytest.fixture
def stocked(runner, db, tmp_path):
    """A store that already holds a report."""
    report = tmp_path / "good.txt"
    report.write_text(GOOD, encoding="utf-8")
    assert ingest(runner, str(report), db=db, local=False).exit_code == 0
    with Store.open(db) as store:
        return store.counts(), len(store.snapshots())


def endless_redirects(handler: BaseHTTPRequestHandler) -> None:
    hop = int(handler.path.rsplit("/", 1)[-1])
    handler.send_response(302)
    handler.send_header("Location", f"/hop/{hop + 1}")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def hundred_megabytes(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()  # no Content-Length: only counting while streaming stops it
    chunk = b"<p>" + b"x" * 65_533
    try:
        for _ in range(100 * 1024 * 1024 // len(chunk)):
            handler.wfile.write(chunk)
    except OSError:
        pass  # the client hung up, as it should


@pytest.fixture
def public_redirect_to_loopback(monkeypatch, server):
    """http://news.example/story: a public host (as far as the guard can tell) that redirects to 127.0.0.1."""
    real_getaddrinfo, real_client = socket.getaddrinfo, httpx.Client

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC_IP, port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        location = server.url("/floods/lowmoor")
        return httpx.Response(302, headers={"Location": location})

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", getaddrinfo)
    # every client crisisledger makes answers from `handle`, in place of the transport it asks for
    monkeypatch.setattr(httpx, "Client", lambda **kw: real_client(**{**kw, "transport": httpx.MockTransport(handle)}))
    return asked


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("broken-markup", "no main text found"),
        ("nul-bytes", "not HTML (it holds NUL bytes)"),
        ("lying-charset", "declares utf-8 (in its <meta charset>) but byte 0xe9"),
        ("entity-expansion", "the feed declares entities"),
        ("odd-file-names", "names a file outside the export"),
        ("hundred-megabytes", "larger than the limit of 5,000,000 bytes"),
        ("endless-redirects", "more than 5 redirects"),
        ("redirect-to-loopback", "refused: 127.0.0.1 is a loopback address"),
    ],
)
def test_hostile_input_is_refused_in_one_line_and_nothing_stored_is_lost(
    runner, server, db, tmp_path, stocked, request, name, expected
):
    before, snapshots = stocked
    local = True
    if name == "broken-markup":
        item = tmp_path / "broken.html"
        item.write_bytes(b"<!DOCTYPE html><html><body></div></span><table><tr><td></table><p></p><<<")
    elif name == "nul-bytes":
        item = tmp_path / "nul.html"
        item.write_bytes(b"<html><body>\x00\x00<p>Report</p>")
    elif name == "lying-charset":
        item = tmp_path / "lying.html"
        item.write_bytes("<html><meta charset=utf-8><body><p>Caf\xe9 inondations</p>".encode("latin-1"))
    elif name == "entity-expansion":
        item = FIXTURES / "billion_laughs.xml"
    elif name == "odd-file-names":
        item = FIXTURES / "telegram" / "odd_names.json"
    elif name == "hundred-megabytes":
        server.routes["/huge"] = hundred_megabytes
        item = server.url("/huge")
    elif name == "endless-redirects":
        server.routes.update({f"/hop/{n}": endless_redirects for n in range(50)})
        item = server.url("/hop/0")
    else:
        request.getfixturevalue("public_redirect_to_loopback")
        item, local = "http://news.example/story", False

    result = ingest(runner, str(item), db=db, local=local)

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert expected in errors[0], errors[0]
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    with Store.open(db) as store:
        after = store.counts()
        assert {k: after[k] for k in KEPT} == {k: before[k] for k in KEPT}
        assert after["problems"] == before["problems"] + 1  # the refusal itself is recorded
        assert len(store.snapshots()) == snapshots  # a refused read is no version
        assert [d.title for d in store.documents()] == ["Curfew in Aktau"]


def test_a_redirect_to_loopback_asks_the_public_host_only(runner, db, public_redirect_to_loopback, server):
    result = ingest(runner, "http://news.example/story", db=db, local=False)
    assert result.exit_code == 1
    assert public_redirect_to_loopback == [f"http://{PUBLIC_IP}/story"]
    assert not any(path == "/floods/lowmoor" for path, _ in server.requests)


def test_a_lenient_read_of_broken_markup_that_holds_text(runner, db):
    result = ingest(runner, str(FIXTURES / "malformed.html"), db=db, local=False)
    assert result.exit_code == 0, result.stderr
    with Store.open(db) as store:
        (document,) = store.documents()
        assert "boil water" in document.text
