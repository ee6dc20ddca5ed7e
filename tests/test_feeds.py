"""Reading RSS and Atom feeds: full-content entries, summary-only entries read from their pages (served by a
local server), and hostile feeds refused before feedparser sees them. Every feed here was written for these
tests."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fixtures.sources.server import LocalServer, Reply
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisledger.errors import InputError, TooLarge
from crisisledger.ingest.feeds import parse_feed, read_feed
from crisisledger.ingest.fetch import fetch
from crisisledger.ingest.text import Metadata, parse_header

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
RSS = (FIXTURES / "rss_full.xml").read_bytes()
ATOM = (FIXTURES / "atom_summaries.xml").read_bytes()
ENTITY_REFUSAL = re.escape("refused: the feed declares entities (a possible entity-expansion attack)")


@pytest.fixture
def server():
    with LocalServer() as running:
        for name in ("storm-toll.html", "ferry.html"):
            running.routes[f"/pages/{name}"] = Reply(
                (FIXTURES / "pages" / name).read_bytes(), headers={"Content-Type": "text/html; charset=utf-8"}
            )
        running.routes["/feed.atom"] = Reply(ATOM, headers={"Content-Type": "application/atom+xml"})
        yield running


# A feed with full content ---------------------------------------------------------------------------------


def test_each_rss_entry_becomes_a_document():
    feed = parse_feed(RSS, source="rss_full.xml")
    assert feed.title == "Valley Courier — Emergencies"
    assert feed.link == "https://valley-courier.example/emergencies"
    assert [entry.id for entry in feed.entries] == ["vc-2023-0314-landslide", "vc-2023-0315-shelters"]
    first = feed.entries[0].document
    assert first is not None
    assert first.title == "Landslide blocks northern highway; 3 dead, 9 injured"
    assert first.outlet == "Valley Courier — Emergencies"
    assert first.url == "https://valley-courier.example/emergencies/landslide-highway"
    assert first.published == date(2023, 3, 14)
    assert first.source == "rss_full.xml#vc-2023-0314-landslide"
    assert feed.entries[0].published == datetime(2023, 3, 14, 6, 45, tzinfo=UTC)
    assert not feed.entries[0].from_page and feed.entries[0].problem is None


def test_the_content_element_is_the_text_without_markup():
    first = read_feed(RSS, source="rss_full.xml")[0]
    body = first.text[first.body_start :]
    assert body.startswith("A landslide closed the northern highway near Kettle Pass early on Tuesday, killing three")
    assert "The injured were taken to the district hospital." in body
    assert "<b>" not in body and "alert(" not in body
    assert "\n\nPolice spokesman Arvid Lund" in body  # paragraphs kept apart, lines inside them joined


def test_the_header_reads_back():
    for document in read_feed(RSS, source="rss_full.xml"):
        header, body_start = parse_header(document.text)
        assert body_start == document.body_start
        assert header == {
            "title": document.title,
            "outlet": document.outlet,
            "url": document.url,
            "published": document.published,
        }


# A feed of summaries --------------------------------------------------------------------------------------


def test_summary_only_entries_are_read_from_their_pages(server):
    feed = parse_feed(
        ATOM,
        source=server.url("/feed.atom"),
        url=server.url("/feed.atom"),
        fetch_page=lambda link: fetch(link, allow_private=True),
    )
    assert [entry.link for entry in feed.entries] == [
        server.url("/pages/storm-toll.html"),
        server.url("/pages/ferry.html"),
    ]
    assert all(entry.from_page and entry.problem is None for entry in feed.entries)
    toll = feed.entries[0].document
    assert toll is not None
    assert "has risen to 12, the Ministry of Health said on Thursday" in toll.text
    assert "Front page" not in toll.text  # the page's navigation
    assert (toll.title, toll.outlet, toll.url) == ("Storm toll rises to 12", "Coastal Monitor", feed.entries[0].link)
    assert toll.source == feed.entries[0].link
    assert [path for path, _ in server.requests] == ["/pages/storm-toll.html", "/pages/ferry.html"]


def test_a_fetcher_may_return_bytes():
    def fetch_page(link: str) -> bytes:
        return (FIXTURES / "pages" / link.rsplit("/", 1)[1]).read_bytes()

    feed = parse_feed(ATOM, source="atom", url="https://coastal-monitor.example/feed.atom", fetch_page=fetch_page)
    assert [entry.from_page for entry in feed.entries] == [True, True]
    assert feed.entries[0].document is not None and "risen to 12" in feed.entries[0].document.text


def test_when_the_page_cannot_be_read_the_summary_stands_in_and_says_why(server):
    feed = parse_feed(
        ATOM, source="atom", url=server.url("/feed.atom"), fetch_page=lambda link: fetch(link)
    )  # no allow_private: the local pages are refused
    entry = feed.entries[1]
    assert entry.document is not None and not entry.from_page
    assert entry.document.text.endswith("Ferries will not sail until Saturday, the port authority said.")
    assert entry.problem is not None and "summary stands for it" in entry.problem and "loopback" in entry.problem


def test_without_a_fetcher_the_summaries_are_the_documents():
    documents = read_feed(ATOM, source="atom")
    assert [d.text[d.body_start :] for d in documents] == [
        "The health ministry raised the storm toll.",
        "Ferries will not sail until Saturday, the port authority said.",
    ]
    assert documents[0].url == "/pages/storm-toll.html"  # no base address given: the link stays relative


def test_an_entry_with_nothing_in_it_is_kept_with_a_problem():
    data = b"""<rss version="2.0"><channel><title>T</title>
    <item><guid isPermaLink="false">empty-1</guid><title>Only a title</title></item>
    </channel></rss>"""
    feed = parse_feed(data, source="x")
    assert feed.documents == []
    assert feed.entries[0].problem == "entry 'empty-1' holds no text, and its page was not read: it has no link"


def test_defaults_name_a_feed_without_a_title():
    data = b"""<rss version="2.0"><channel><item><title>A</title><description>Some text.</description></item>
    </channel></rss>"""
    assert read_feed(data, source="x", defaults=Metadata(outlet="Given outlet"))[0].outlet == "Given outlet"


# Hostile and broken feeds ---------------------------------------------------------------------------------


def test_a_billion_laughs_feed_is_refused():
    with pytest.raises(InputError, match=ENTITY_REFUSAL) as caught:
        read_feed((FIXTURES / "billion_laughs.xml").read_bytes(), source="billion_laughs.xml")
    assert str(caught.value).startswith("billion_laughs.xml: ") and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        # an external entity that would read a local file
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>&x;</title></channel></rss>',
        # a parameter entity
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p "x">]><rss version="2.0"><channel/></rss>',
        # entities in a feed too broken for an XML parser
        b'<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss><channel><title>&b;</title><item>',
        # the same in UTF-16
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY a "a">]><rss><channel><item>'.encode("utf-16"),
    ],
)
def test_entity_declarations_are_refused(data):
    with pytest.raises(InputError, match=ENTITY_REFUSAL):
        read_feed(data, source="x")


def test_a_doctype_without_entities_is_accepted():
    data = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old wire</title><link>https://old.example/</link>
<item><title>Storm</title><link>https://old.example/storm</link><description>Two killed in storm.</description></item>
</channel></rss>"""
    documents = read_feed(data, source="x")
    assert [d.text[d.body_start :] for d in documents] == ["Two killed in storm."]


@pytest.mark.parametrize("data", [b"just some text", b"<html><body><p>a page</p></body></html>", b"{}"])
def test_what_is_not_a_feed_is_refused(data):
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        read_feed(data, source="x")


def test_a_broken_feed_is_read_leniently():
    data = b"""<rss version="2.0"><channel><title>Broken & unescaped</title>
<item><title>Flood</title><description>Water rose <b>fast.</description></item>"""
    documents = read_feed(data, source="x")
    assert documents and "Water rose" in documents[0].text


def test_a_feed_over_the_limit_is_refused():
    with pytest.raises(TooLarge, match="limit of 100 bytes"):
        read_feed(RSS, source="x", max_bytes=100)


@settings(max_examples=40, deadline=None)
@given(
    st.binary(max_size=1000)
    | st.text(max_size=300).map(lambda t: f"<rss><channel><item>{t}</item></channel></rss>".encode())
)
def test_any_input_gives_documents_or_an_input_error(data):
    try:
        documents = read_feed(data, source="x")
    except InputError:
        return
    assert all(0 <= d.body_start <= len(d.text) for d in documents)
