"""Telling sources apart and reading any of them: files by content and extension, directories, standard
input, URLs served by a local server, lists of URLs, and `as_kind` overriding the guess."""

from __future__ import annotations

import hashlib
import io
import shutil
from datetime import UTC
from pathlib import Path

import pytest
from fixtures.sources.server import LocalServer, Reply

from crisisledger.errors import InputError, TooLarge
from crisisledger.ingest.fetch import AddressRefused
from crisisledger.ingest.sources import detect, expand_sources, read_any, read_one
from crisisledger.ingest.text import Metadata

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def server():
    with LocalServer() as running:
        for name in ("storm-toll.html", "ferry.html"):
            running.routes[f"/pages/{name}"] = Reply((FIXTURES / "pages" / name).read_bytes(), headers=HTML)
        running.routes["/feed.atom"] = Reply(
            (FIXTURES / "atom_summaries.xml").read_bytes(), headers={"Content-Type": "application/atom+xml"}
        )
        running.routes["/news"] = Reply((FIXTURES / "news_page.html").read_bytes(), headers=HTML, etag='"n1"')
        yield running


# detect ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "data", "kind"),
    [
        ("https://example.org/a", None, "url"),
        ("http://example.org/feed.xml", b"<rss>", "url"),
        ("ftp://example.org/x", None, "url"),  # refused later, by fetch, with a reason
        ("page.txt", b"<!DOCTYPE html>\n<html><body>x</body></html>", "html"),
        ("x", b"\xef\xbb\xbf  <html lang='en'><p>x</p></html>", "html"),
        ("x", b"<!-- saved page --><HTML><BODY>x", "html"),
        ("x", b'<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0"><channel/></rss>', "feed"),
        (
            "x",
            b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><feed xmlns="http://www.w3.org/2005/Atom">',
            "feed",
        ),
        ("x", b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "feed"),
        ("x", b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd"><rss>', "feed"),
        ("x", b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]><rss>', "feed"),
        ("x", '<?xml version="1.0" encoding="utf-16"?><feed>'.encode("utf-16"), "feed"),
        ("x", b'{\n "name": "Chan",\n "type": "public_channel",\n "id": 1,\n "messages": [', "telegram"),
        ("data.json", b'{"rows": []}', "telegram"),  # by extension: reading it says it is no export
        ("x", b"# pages\nhttps://a.example/1\n\nhttp://b.example/2\n", "urls"),
        ("x", b"title: Curfew\n\nThe curfew was extended.", "text"),
        ("report.md", b"# Curfew\n\nSee https://a.example/1 for more.", "text"),
        ("page.html", b"", "html"),
        ("page.htm", None, "html"),
        ("feed.rss", None, "feed"),
        ("feed.atom", None, "feed"),
        ("list.urls", None, "urls"),
        ("notes", None, "text"),
        ("-", None, "text"),
    ],
)
def test_detect(item, data, kind):
    assert detect(item, data) == kind


def test_detect_directories(tmp_path):
    assert detect(str(tmp_path)) == "directory"
    shutil.copy(FIXTURES / "telegram" / "result.json", tmp_path / "result.json")
    assert detect(str(tmp_path)) == "telegram"


# Files ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "count"),
    [
        ("news_page.html", "html", 1),
        ("cp1251_page.html", "html", 1),
        ("rss_full.xml", "feed", 2),
        ("telegram/result.json", "telegram", 3),
        ("telegram", "telegram", 3),
    ],
)
def test_read_one_reads_each_kind_of_file(name, kind, count):
    reading = read_one(str(FIXTURES / name))
    assert reading.kind == kind and len(reading.documents) == count
    assert reading.seen_at.tzinfo is UTC and reading.fetch is None
    assert reading.content_hash == hashlib.sha256(reading.content or b"").hexdigest()


def test_a_reading_carries_what_a_snapshot_needs():
    page = read_one(str(FIXTURES / "news_page.html"))
    assert page.page is not None and page.page.author == "Mara Okonjo"
    feed = read_one(str(FIXTURES / "rss_full.xml"))
    assert feed.feed is not None and [e.id for e in feed.feed.entries][0] == "vc-2023-0314-landslide"
    export = read_one(str(FIXTURES / "telegram"))
    assert export.export is not None and export.export.exported_at is not None


def test_as_kind_overrides_the_guess(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_bytes((FIXTURES / "news_page.html").read_bytes())
    assert read_one(str(path)).kind == "html"
    as_text = read_one(str(path), as_kind="text")
    assert as_text.kind == "text" and "<article>" in as_text.documents[0].text
    with pytest.raises(InputError, match="cannot read as 'pdf'; choose one of text, html, feed, telegram, urls"):
        read_one(str(path), as_kind="pdf")


def test_standard_input_is_read_by_its_content():
    stdin = io.BytesIO((FIXTURES / "telegram" / "result.json").read_bytes())
    documents = read_any("-", stdin=stdin)
    assert len(documents) == 3 and documents[0].source == "-#2"


def test_defaults_reach_the_reader():
    documents = read_any(str(FIXTURES / "malformed.html"), defaults=Metadata(outlet="Given outlet"))
    assert documents[0].outlet == "Given outlet"


def test_a_large_file_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 2_000_000)
    with pytest.raises(TooLarge):
        read_one(str(path))


def test_a_missing_file_or_a_plain_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_one(str(tmp_path / "missing.html"))
    with pytest.raises(InputError, match="is a directory"):
        read_one(str(tmp_path))


# Directories and lists ------------------------------------------------------------------------------------


@pytest.fixture
def inbox(tmp_path):
    """A directory of sources: a page, a feed, a text report, a Telegram export with a photo, and clutter."""
    shutil.copy(FIXTURES / "news_page.html", tmp_path / "news_page.html")
    shutil.copy(FIXTURES / "rss_full.xml", tmp_path / "rss_full.xml")
    (tmp_path / "report.txt").write_text("title: Curfew\n\nThe curfew was extended to 23:00.\n")
    export = tmp_path / "ChatExport_2023-03-15"
    (export / "photos").mkdir(parents=True)
    shutil.copy(FIXTURES / "telegram" / "result.json", export / "result.json")
    (export / "photos" / "photo_4@14-03-2023_22-00-00.jpg").write_bytes(b"\xff\xd8\xff")
    (export / "photos" / "notes.txt").write_text("not a report: inside the export")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "other.json").write_text("{}")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref")
    return tmp_path


def test_a_directory_expands_to_its_sources(inbox):
    assert expand_sources([str(inbox)]) == [
        str(inbox / "ChatExport_2023-03-15" / "result.json"),
        str(inbox / "news_page.html"),
        str(inbox / "report.txt"),
        str(inbox / "rss_full.xml"),
    ]


def test_read_any_reads_a_whole_directory(inbox):
    documents = read_any(str(inbox))
    assert len(documents) == 3 + 1 + 1 + 2


def test_an_empty_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match="no readable files in this directory"):
        expand_sources([str(tmp_path)])


def test_a_list_of_urls_expands_to_its_urls(tmp_path, server):
    path = tmp_path / "urls.txt"
    path.write_text((FIXTURES / "urls.txt").read_text().replace("{base}", server.base))
    urls = [server.url("/pages/storm-toll.html"), server.url("/pages/ferry.html")]
    assert expand_sources([str(path)]) == urls
    documents = read_any(str(path), allow_private=True)
    assert [d.url for d in documents] == urls


def test_a_list_with_a_line_that_is_no_url_is_refused(tmp_path):
    path = tmp_path / "list.urls"
    path.write_text("https://a.example/1\nnot a url\n")
    with pytest.raises(InputError, match="line 2 is not a URL"):
        expand_sources([str(path)])


# URLs -----------------------------------------------------------------------------------------------------


def test_a_url_is_fetched_and_read_as_a_page(server):
    reading = read_one(server.url("/news"), allow_private=True)
    assert reading.kind == "html" and reading.fetch is not None and reading.fetch.status == 200
    document = reading.documents[0]
    assert document.source == server.url("/news") and document.url == server.url("/news")
    assert document.title == "Death toll in Eastport floods rises to 41, ministry says"
    assert reading.page is not None and reading.page.canonical_url.endswith("/eastport-floods-toll")


def test_an_unchanged_url_gives_no_documents(server):
    first = read_one(server.url("/news"), allow_private=True)
    again = read_one(server.url("/news"), allow_private=True, etag=first.fetch.etag)
    assert again.not_modified and again.documents == () and again.content is None


def test_a_feed_url_reads_its_entries_pages_from_the_same_server(server):
    reading = read_one(server.url("/feed.atom"), allow_private=True)
    assert reading.kind == "feed" and reading.feed is not None
    assert [e.from_page for e in reading.feed.entries] == [True, True]
    assert "risen to 12" in reading.documents[0].text


def test_a_local_url_is_refused_without_allow_private(server):
    with pytest.raises(AddressRefused, match="--allow-private"):
        read_any(server.url("/news"))
    assert server.requests == []


def test_a_list_of_urls_from_a_server_is_text_unless_asked(server):
    server.routes["/list"] = Reply(
        f"{server.url('/list')}\n{server.url('/pages/ferry.html')}\n".encode(), headers={"Content-Type": "text/plain"}
    )
    reading = read_one(server.url("/list"), allow_private=True)  # a list that lists itself is not followed
    assert reading.kind == "text" and [path for path, _ in server.requests] == ["/list"]
    server.routes["/list"] = Reply(server.url("/pages/ferry.html").encode(), headers={"Content-Type": "text/plain"})
    listed = read_one(server.url("/list"), allow_private=True, as_kind="urls")
    assert [d.title for d in listed.documents] == ["Ferry services suspended"]
