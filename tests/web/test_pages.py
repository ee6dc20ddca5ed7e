"""The HTML pages (crisisledger.web.pages) over the hand-made store of conftest.py: each page and its key
content, filters and `as of`, the htmx fragment, marks in a report's text, version diffs, the review form and
its token, login, escaping of hostile reports, and the rules every page keeps (no inline style or script, no
event handler attributes, one <h1>, a <title>, labelled controls, well-nested marks and links)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from crisisledger import review
from crisisledger.records import Document, Extraction
from crisisledger.store import Snapshot, Store
from crisisledger.web.app import TOKEN_COOKIE, Settings, create_app
from crisisledger.web.pages import Span, marked, word_diff

from .conftest import (
    DENIAL,
    DETAINED_B,
    DOC_A,
    DOC_B,
    DOC_C,
    GOVERNOR,
    INJURED_A,
    KILLED_A,
    KILLED_C,
    TEXT_A,
    TOKEN,
    XSS,
    make_figure,
)

IMG = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = f"ALMATY, March 7 - {XSS} Police said 9 people were detained. {IMG} A witness saw it."
HOSTILE = Document.from_text(
    HOSTILE_TEXT, title=f"Hostile {XSS} {IMG}", outlet=f"Outlet {IMG}", published=DOC_C.published, source="/h.txt"
)
DETAINED_H = make_figure(HOSTILE, "9 people were detained", kind="detained", min=9, max=9, claimant=f"police {IMG}")


class Page(HTMLParser):
    """What the checks need of a page: tags in order, attributes, nesting problems, <h1> and <title> text."""

    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "path", "circle", "line", "polygon", "rect"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.attributes: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.h1 = 0
        self.title = ""
        self._in: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.append((tag, dict(attrs)))
        if tag == "a" and "a" in self.stack:
            self.problems.append("a link inside a link")
        if tag == "h1":
            self.h1 += 1
        if tag in ("script", "title") and not self.stack.count("svg"):
            self._in = tag
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script" and data.strip():
            self.scripts.append(data)
        if self._in == "title":
            self.title += data


def check_page(html: str, *, fragment: bool = False) -> Page:
    """The rules of every page: nothing the Content-Security-Policy forbids, well nested, one <h1>, a title,
    every form control labelled."""
    page = Page(html)
    assert not re.search(r"<[a-z][^>]*\sstyle\s*=", html, re.IGNORECASE), "an inline style attribute"
    assert not page.scripts, f"an inline script: {page.scripts[:1]}"
    for tag, attrs in page.attributes:
        handlers = [name for name in attrs if name.startswith("on") or name == "style"]
        assert not handlers, f"<{tag}> has {handlers}"
        if tag == "script":
            assert (attrs.get("src") or "").split("//testserver")[-1].startswith("/static/"), attrs
    assert not page.problems, page.problems[:5]
    if not fragment:
        assert page.h1 == 1, f"{page.h1} <h1>"
        assert page.title.strip().endswith("crisisledger")
    labelled = {attrs.get("for") for tag, attrs in page.attributes if tag == "label"}
    for tag, attrs in page.attributes:
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "radio"):
            assert attrs.get("id") in labelled, f"an unlabelled <{tag}> {attrs}"
    return page


def table_of(html: str) -> str:
    """The ledger's table (the page also lists every place in the filter's suggestions)."""
    found = re.search(r'<div id="ledger-table".*', html, re.DOTALL)
    assert found is not None
    return found.group(0)


def line_id(client: TestClient, kind: str, place: str | None = None) -> str:
    lines = client.app.state.ledger.lines(kind=kind, place=place)  # type: ignore[attr-defined]
    assert len(lines) == 1
    return str(lines[0].id)


@pytest.fixture
def hostile(web_store: str) -> None:
    with Store.open(web_store) as store:
        store.add(Extraction(document=HOSTILE, figures=(DETAINED_H,)))


# The ledger -----------------------------------------------------------------------------------------------


def test_the_ledger_shows_a_row_per_line_with_range_claimants_official_and_contested(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = check_page(response.text)
    assert page.title.startswith("Ledger")
    table = table_of(response.text)
    assert table.count('href="/lines/') == 4  # killed and injured in Kharkiv, detained in Kyiv, missing
    assert "Kharkiv (UA)" in table and "Kyiv (UA)" in table
    # the range of killed in Kharkiv is 15 per the governor (12 was denied); each bound links to its figure
    assert f'href="/figures/{KILLED_C.id}">the regional governor</a>' in table
    # injured: from 7 (the Ministry of Health, official) to ~40 (the governor)
    assert re.search(r"from <strong>7</strong> <a [^>]+>Ministry of Health</a>", table)
    assert re.search(r"to <strong>~40</strong>", table)
    # contested in words, with who and when
    assert "✗ denied</span> by Ministry of Defence on 2022-03-05" in table
    assert '<svg class="spark"' in table and "<title>" in table
    assert response.headers["vary"] == "HX-Request"


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("?kind=detained", ["Kyiv (UA)", "30"], ["Kharkiv (UA)", "denied"]),
        ("?place=kyiv", ["detained"], ["Kharkiv (UA)"]),
        ("?place=UA&kind=injured", ["injured", "Kharkiv (UA)"], ["Kyiv (UA)", "killed"]),
        # as known on March 4th: only report A; 12 stands, no denial yet, no detentions in Kyiv
        ("?as_of=2022-03-04", ["12", "as known on 2022-03-04", "nothing contested"], ["Kyiv", "denied", "15"]),
    ],
)
def test_filters_and_as_of_change_what_the_ledger_shows(client, query, present, absent) -> None:
    response = client.get("/" + query)
    assert response.status_code == 200
    table = table_of(response.text)
    for words in present:
        assert words in table, words
    for words in absent:
        assert words not in table, words


def test_as_of_keeps_the_day_in_the_line_links_and_the_form(client) -> None:
    html = client.get("/?as_of=2022-03-04").text
    assert re.search(r'href="/lines/line-[0-9a-f]+\?as_of=2022-03-04"', html)
    assert 'name="as_of" type="date" value="2022-03-04"' in html
    assert "<title>Ledger as of 2022-03-04 · crisisledger</title>" in html


def test_the_filter_form_works_with_and_without_htmx(client) -> None:
    html = client.get("/").text
    form = re.search(r'<form class="filters"[^>]*>', html)
    assert form is not None
    for attribute in ('action="/"', 'method="get"', 'hx-get="/"', 'hx-target="#ledger-table"', 'hx-push-url="true"'):
        assert attribute in form.group(0)
    assert '<label for="f-kind">' in html and '<label for="f-place">' in html and '<label for="f-as-of">' in html


def test_the_htmx_request_gets_only_the_table_fragment(client) -> None:
    response = client.get("/?kind=detained", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and "<h1" not in response.text and "<form" not in response.text
    assert '<table class="ledger">' in response.text and "Kyiv (UA)" in response.text
    check_page(response.text, fragment=True)
    # restoring a page from htmx's history needs the whole page
    restored = client.get("/?kind=detained", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restored.text


@pytest.mark.parametrize("query", ["?as_of=yesterday", "?as_of=2022-13-01", "?kind=deaths"])
def test_bad_filters_are_a_422_page(client, query) -> None:
    response = client.get("/" + query)
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]
    check_page(response.text)


def test_an_empty_store_says_how_to_ingest(db: str) -> None:
    with TestClient(create_app(Settings(db=db))) as client:
        response = client.get("/")
        documents = client.get("/documents")
    assert response.status_code == 200 and "The ledger is empty" in response.text
    assert "crisisledger ingest" in response.text
    check_page(response.text)
    assert documents.status_code == 200 and "crisisledger ingest" in documents.text


# A line ---------------------------------------------------------------------------------------------------


def test_the_line_page_charts_every_claim_and_lists_them_with_their_history(client) -> None:
    line = line_id(client, "killed", "Kharkiv")
    response = client.get(f"/lines/{line}")
    assert response.status_code == 200
    html = response.text
    check_page(html)
    assert '<svg class="line-chart"' in html
    # one <title> per claim, saying who, what, when and the status; the denied one drawn hollow and struck
    assert "<title>the regional governor: ≥12 killed, as of 2022-03-03; denied</title>" in html
    assert "<title>the regional governor: 15 killed, as of 2022-03-06; asserted</title>" in html
    assert html.count('class="point fallen"') == 1 and 'class="strike"' in html
    assert 'the regional governor <span class="muted">(circle, 2 claims; denied (1))</span>' in html
    # the claims table: each claim links to its words in its report and to its figure page
    assert f'href="/documents/{DOC_A.id}#fig-{KILLED_A.id}"' in html
    assert f'href="/figures/{KILLED_A.id}"' in html and f'href="/figures/{KILLED_C.id}"' in html
    # the status history: the change, its date, who, and the words behind it
    assert "on 2022-03-05 by Ministry of Defence: <q>The Ministry of Defence denied the toll</q>" in html


def test_the_line_as_known_on_a_day(client) -> None:
    line = line_id(client, "killed", "Kharkiv")
    html = client.get(f"/lines/{line}?as_of=2022-03-04").text
    assert "As known on 2022-03-04" in html
    assert "; denied</title>" not in html and "15 killed" not in html and "≥12 killed" in html
    assert client.get(f"/lines/{line_id(client, 'detained')}?as_of=2022-03-04").status_code == 404


def test_an_unknown_line_is_a_404_page(client) -> None:
    response = client.get("/lines/line-0000000000")
    assert response.status_code == 404 and "no ledger line" in response.text
    check_page(response.text)


# A claim and its review -----------------------------------------------------------------------------------


def test_the_figure_page_shows_fields_history_words_and_the_review_form(client) -> None:
    response = client.get(f"/figures/{KILLED_A.id}")
    assert response.status_code == 200
    html = response.text
    check_page(html)
    assert "<h1>killed <strong>≥12</strong>" in html
    assert "<dt>status now</dt><dd>denied</dd>" in html
    assert "<dt>claimant</dt><dd>the regional governor</dd>" in html
    assert f'<mark id="words" data-kind="figure" data-id="{KILLED_A.id}">At least 12 people were killed</mark>' in html
    assert "and about 40 injured in shelling" in html  # the words around it
    assert "by Ministry of Defence: <q>The Ministry of Defence denied the toll</q>" in html
    assert f'action="/figures/{KILLED_A.id}/review"' in html and f'hx-post="/figures/{KILLED_A.id}/review"' in html
    assert 'name="token" type="password"' in html
    assert "No one has reviewed this figure yet." in html


def test_an_unknown_figure_is_a_404_page(client) -> None:
    assert client.get("/figures/fig-nothing").status_code == 404
    assert client.post("/figures/fig-nothing/review", data={"by": "ana", "action": "verify"}).status_code == 404


def stored_reviews(web_store: str) -> list[review.Review]:
    with Store.open(web_store) as store:
        return review.load(store)


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_a_review_without_the_token_is_refused_and_nothing_is_stored(client, web_store, token) -> None:
    data = {"by": "ana", "action": "reject", "note": "not a toll"}
    if token:
        data["token"] = token
    response = client.post(f"/figures/{KILLED_C.id}/review", data=data, follow_redirects=False)
    assert response.status_code == 401
    assert ("The token is wrong" if token else "A review needs the server&#39;s token") in response.text
    assert "Nothing was stored." in response.text
    check_page(response.text)
    assert 'value="ana"' in response.text and 'value="not a toll"' in response.text  # the form keeps what was typed
    assert TOKEN_COOKIE not in response.headers.get("set-cookie", "")
    assert stored_reviews(web_store) == []


def test_a_review_with_the_token_is_stored_sets_the_cookie_and_shows_in_the_ledger(client, web_store) -> None:
    before = table_of(client.get("/").text)
    assert f'href="/figures/{KILLED_C.id}"' in before
    data = {"by": "ana", "action": "reject", "note": "a duplicate", "token": TOKEN}
    response = client.post(f"/figures/{KILLED_C.id}/review", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/figures/{KILLED_C.id}#reviews"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{TOKEN_COOKIE}={TOKEN}") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    [stored] = stored_reviews(web_store)
    assert (stored.figure_id, stored.action, stored.by, stored.note) == (KILLED_C.id, "reject", "ana", "a duplicate")
    page = client.get(f"/figures/{KILLED_C.id}").text
    assert "<dt>review</dt><dd>rejected</dd>" in page
    assert re.search(r'<td data-label="Who">ana</td><td data-label="Decision">rejected</td>', page)
    assert 'name="token"' not in page  # the cookie carries the token now
    # the rejected 15 leaves the ledger: the killed line is back to the governor's (denied) 12 alone
    after = table_of(client.get("/").text)
    assert f'href="/figures/{KILLED_C.id}"' not in after
    # the next review needs no token in the form
    again = client.post(
        f"/figures/{INJURED_A.id}/review", data={"by": "ben", "action": "verify"}, follow_redirects=False
    )
    assert again.status_code == 303 and len(stored_reviews(web_store)) == 2


def test_a_correction_sets_a_field_and_a_bad_value_is_refused(client, web_store, auth) -> None:
    bad = {"by": "ana", "action": "correct", "field": "min", "value": "many"}
    refused = client.post(f"/figures/{DETAINED_B.id}/review", data=bad, headers=auth, follow_redirects=False)
    assert refused.status_code == 422 and "min=&#39;many&#39; is not valid" in refused.text
    assert stored_reviews(web_store) == []
    good = {"by": "ana", "action": "correct", "field": "value", "value": "32", "note": "ministry's count"}
    response = client.post(f"/figures/{DETAINED_B.id}/review", data=good, headers=auth, follow_redirects=False)
    assert response.status_code == 303
    assert [(r.field, r.old, r.new) for r in stored_reviews(web_store)] == [("min", 30, 32), ("max", 30, 32)]
    assert "<h1>detained <strong>32</strong>" in client.get(f"/figures/{DETAINED_B.id}").text
    assert "32" in table_of(client.get("/?kind=detained").text)


def test_a_review_without_a_name_or_action_says_what_is_missing(client, web_store, auth) -> None:
    nameless = client.post(f"/figures/{KILLED_A.id}/review", data={"action": "verify"}, headers=auth)
    assert nameless.status_code == 422 and "say who reviews with your name" in nameless.text
    unknown = client.post(f"/figures/{KILLED_A.id}/review", data={"by": "ana", "action": "burn"}, headers=auth)
    assert unknown.status_code == 422 and "choose an action" in unknown.text
    assert stored_reviews(web_store) == []


def test_the_htmx_review_gets_the_review_section_back(client, web_store) -> None:
    headers = {"HX-Request": "true"}
    data = {"by": "ana", "action": "verify", "token": TOKEN}
    response = client.post(f"/figures/{KILLED_A.id}/review", data=data, headers=headers)
    assert response.status_code == 200
    assert "<html" not in response.text and "Stored: verified by ana." in response.text
    # the figure's fields, swapped out of band, show the decision too
    assert '<dl class="fields" id="figure-fields" hx-swap-oob="true">' in response.text
    assert "<dt>review</dt><dd>verified</dd>" in response.text
    assert 'name="token"' not in response.text and TOKEN_COOKIE in response.headers["set-cookie"]
    check_page(response.text, fragment=True)
    client.cookies.clear()
    refused = client.post(f"/figures/{KILLED_A.id}/review", data={"by": "ben", "action": "verify"}, headers=headers)
    assert refused.status_code == 200 and "A review needs the server&#39;s token" in refused.text
    assert len(stored_reviews(web_store)) == 1


def test_a_server_without_a_token_takes_no_reviews(web_store) -> None:
    with TestClient(create_app(Settings(db=web_store))) as client:
        page = client.get(f"/figures/{KILLED_A.id}").text
        response = client.post(f"/figures/{KILLED_A.id}/review", data={"by": "ana", "action": "verify", "token": "x"})
    assert "This server takes no reviews" in page and '<form class="review"' not in page
    assert response.status_code == 401 and stored_reviews(web_store) == []


# Reports --------------------------------------------------------------------------------------------------


def test_the_report_marks_every_extraction_and_links_it(client) -> None:
    response = client.get(f"/documents/{DOC_A.id}")
    assert response.status_code == 200
    html = response.text
    check_page(html)
    assert "<h1>Shelling in Kharkiv</h1>" in html
    assert '<a href="https://example.org/a" rel="noopener noreferrer nofollow"' in html
    figure = f'<mark id="fig-{KILLED_A.id}" data-kind="figure" data-id="{KILLED_A.id}"><a href="/figures/{KILLED_A.id}"'
    assert figure in html
    assert re.search(re.escape(figure) + r"[^>]*>At least 12 people were killed</a></mark>", html)
    assert f'<mark id="fig-{INJURED_A.id}" data-kind="figure"' in html
    assert f'data-kind="actor" data-id="{GOVERNOR.id}"><a href="/actors/{GOVERNOR.id}"' in html
    for kind, words in [("place", "KHARKIV"), ("time", "Wednesday"), ("statement", "We will rebuild,")]:
        assert re.search(rf'data-kind="{kind}" data-id="[^"]+"><a href="#rec-[^"]+" title="[^"]+">{words}</a>', html)
    # the event's words that no figure wins stay marked as the event's, split around the figures
    assert re.search(r'data-kind="event" data-id="ev-[^"]+"><a [^>]+> and </a>', html)
    assert re.search(r'data-kind="event" data-id="ev-[^"]+"><a [^>]+> in shelling</a>', html)
    # the list of records, with the anchors the marks link to
    assert re.search(r'<li id="rec-place-\d+-\d+"><span class="kind">place</span> Kharkiv \(UA\), Kharkiv Oblast', html)
    # the versions of its source
    assert "— new" in html and "— unchanged" in html


def test_the_report_by_id_prefix_and_unknown(client) -> None:
    assert client.get(f"/documents/{DOC_B.id[:6]}").status_code == 200
    assert client.get("/documents/ffffffffffff").status_code == 404


def test_a_status_change_from_another_report_is_marked_in_that_report(client) -> None:
    html = client.get(f"/documents/{DOC_B.id}").text
    assert f'<mark id="fig-{DETAINED_B.id}" data-kind="figure"' in html
    assert 'data-kind="statement"' in html and DENIAL.by in html


def test_an_edited_source_shows_what_changed_between_versions(client, web_store) -> None:
    edited_text = TEXT_A.replace("At least 12 people", "At least 14 people").replace("Dozens are missing.", "")
    edited = replace(Document.from_text(edited_text), **{k: getattr(DOC_A, k) for k in ("title", "outlet", "source")})
    with Store.open(web_store) as store:
        change = Snapshot(
            source=DOC_A.source or "", kind="text", change="edited", seen_at=datetime(2022, 3, 5, tzinfo=UTC),
            document_id=edited.id,
        )  # fmt: skip
        store.add(Extraction(document=edited), snapshots=(change,))
    html = client.get(f"/documents/{edited.id}").text
    check_page(html)
    assert "— edited" in html and '<span class="tag">this version</span>' in html
    assert '<del><span class="visually-hidden">[removed: </span>12</del>' in html.replace(
        '<span class="visually-hidden">]</span>', ""
    )
    assert '<ins><span class="visually-hidden">[added: </span>14' in html
    assert "Dozens are missing." in html.split('class="diff"')[1]  # removed, shown struck
    # the older version's page links to the newer one
    assert f'href="/documents/{edited.id}"' in client.get(f"/documents/{DOC_A.id}").text


def test_the_reports_list_is_newest_first_and_paged(client) -> None:
    response = client.get("/documents")
    assert response.status_code == 200
    html = response.text
    check_page(html)
    assert (
        html.index(f"/documents/{DOC_C.id}")
        < html.index(f"/documents/{DOC_B.id}")
        < html.index(f"/documents/{DOC_A.id}")
    )
    assert "3 reports, newest first" in html
    assert client.get("/documents?page=0").status_code == 422
    assert client.get("/documents?page=9").status_code == 404


def test_hostile_markup_in_a_report_is_shown_as_text(client, hostile) -> None:
    pages = [
        "/",
        "/documents",
        f"/documents/{HOSTILE.id}",
        f"/documents/{DOC_C.id}",
        f"/figures/{DETAINED_H.id}",
        f"/figures/{KILLED_C.id}",
        f"/lines/{line_id(client, 'killed', 'Kharkiv')}",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        for raw in (XSS, IMG, "<b>Herald</b>"):
            assert raw not in response.text, (path, raw)
        check_page(response.text)
    html = client.get(f"/documents/{HOSTILE.id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    escaped_img = IMG.replace("<", "&lt;").replace(">", "&gt;")
    assert f"<title>Hostile &lt;script&gt;alert(1)&lt;/script&gt; {escaped_img}" in html
    assert f'<mark id="fig-{DETAINED_H.id}" data-kind="figure"' in html


# Every page -----------------------------------------------------------------------------------------------


def test_every_page_keeps_the_rules(client, hostile) -> None:
    client.post(f"/figures/{KILLED_A.id}/review", data={"by": "a<b>", "action": "verify", "token": TOKEN})
    paths = [
        "/",
        "/?kind=killed&place=Kharkiv&as_of=2022-03-05",
        "/documents",
        "/login",
        "/lines/nothing",
        *(f"/lines/{line.id}" for line in client.app.state.ledger.lines()),
        *(f"/figures/{f.id}" for f in (KILLED_A, INJURED_A, DETAINED_B, KILLED_C, DETAINED_H)),
        *(f"/documents/{d.id}" for d in (DOC_A, DOC_B, DOC_C, HOSTILE)),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        check_page(response.text)
        assert 'aria-current="page"' in response.text or path in ("/login", "/lines/nothing"), path


# Logging in -----------------------------------------------------------------------------------------------


def test_login_sets_the_cookie_and_opens_a_server_off_loopback(web_store) -> None:
    settings = Settings(db=web_store, host="0.0.0.0", token=TOKEN)
    with TestClient(create_app(settings)) as client:
        redirected = client.get("/", follow_redirects=False)
        assert redirected.status_code == 303 and redirected.headers["location"] == "/login"
        form = client.get("/login")
        assert form.status_code == 200 and 'name="token" type="password"' in form.text
        check_page(form.text)
        wrong = client.post("/login", data={"token": "nope"}, follow_redirects=False)
        assert wrong.status_code == 401 and "That is not the server&#39;s token." in wrong.text
        right = client.post("/login", data={"token": TOKEN}, follow_redirects=False)
        assert right.status_code == 303 and right.headers["location"] == "/"
        assert "HttpOnly" in right.headers["set-cookie"]
        assert client.get("/").status_code == 200


# The pieces -----------------------------------------------------------------------------------------------


def span(start: int, end: int, kind: str, name: str) -> Span:
    return Span(start, end, kind, name, f"a-{name}", f"/{name}", name)


def test_marks_never_cross_figures_win_and_each_span_keeps_one_anchor() -> None:
    text = "0123456789abcdefghij"
    spans = [
        span(0, 20, "statement", "s"),
        span(5, 12, "event", "e"),
        span(8, 15, "figure", "f"),
        span(8, 15, "figure", "g"),  # the same words as f
        span(14, 18, "actor", "a"),  # crosses f's end
    ]
    pieces, given = marked(text, spans)
    assert "".join(p.text for p in pieces) == text
    winners = [(p.text, p.marks[-1]["id"] if p.marks else None) for p in pieces]
    assert winners == [("01234", "s"), ("567", "e"), ("89abcde", "f"), ("fgh", "a"), ("ij", "s")]
    figure = pieces[2]
    assert [m["id"] for m in figure.marks] == ["g", "f"]  # both figures' marks, the winner innermost
    assert [t["href"] for t in figure.tags] == ["/f", "/g"]
    anchors = [m["anchor"] for p in pieces for m in p.marks if m["anchor"]]
    assert sorted(anchors) == ["a-a", "a-e", "a-f", "a-g", "a-s"] and given == set(anchors)


def test_marks_start_after_the_header() -> None:
    pieces, _ = marked("title: x\n\nbody 12 dead", [span(2, 4, "time", "t"), span(10, 17, "figure", "f")], start=10)
    assert [(p.text, bool(p.marks)) for p in pieces] == [("body 12", True), (" dead", False)]


def test_word_diff_keeps_changes_and_cuts_long_unchanged_stretches() -> None:
    old = " ".join(f"w{i}" for i in range(60)) + " 12 killed"
    new = " ".join(f"w{i}" for i in range(60)) + " 14 killed"
    pieces = word_diff(old, new, context=3)
    assert ("delete", "12") in pieces and ("insert", "14") in pieces
    assert ("gap", "…") in pieces
    assert "w0" not in "".join(text for _, text in pieces)
