"""Reading HTML pages: the main text without boilerplate, what the page says about itself, character sets,
and broken or hostile pages refused with one-line reasons. Every page here was written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisledger.errors import BinaryInput, EmptyInput, EncodingError, InputError, TooLarge
from crisisledger.ingest.html import document_with_header, fragment_text, read_html, read_page
from crisisledger.ingest.text import Metadata, parse_header

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"


def page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# The news page ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def news():
    return read_page(page("news_page.html"), source="news_page.html")


@pytest.mark.parametrize(
    "kept",
    [
        "At least 41 people have died in the floods",
        "the Ministry of Emergency Situations said on Tuesday",
        '"The water is receding, but many roads remain closed',
        "Schools in the province will stay closed until Friday.",
    ],
)
def test_the_article_is_kept(news, kept):
    assert kept in news.document.text[news.document.body_start :]


@pytest.mark.parametrize(
    "dropped",
    [
        "Subscribe today",  # navigation
        "We use cookies",  # cookie banner
        "Ten recipes for a rainy weekend",  # sidebar
        "Reader1234",  # reader comments
        "All rights reserved",  # footer
        "window.analytics",  # script
        "color: red",  # style
    ],
)
def test_boilerplate_is_dropped(news, dropped):
    assert dropped not in news.document.text


def test_the_page_metadata_is_read(news):
    document, meta = news.document, news.meta
    assert document.title == meta.title == "Death toll in Eastport floods rises to 41, ministry says"
    assert document.outlet == meta.outlet == "Harbour Herald"
    assert meta.author == "Mara Okonjo"
    assert document.published == meta.published == date(2023, 3, 14)
    assert meta.modified == date(2023, 3, 15)
    assert document.url == meta.canonical_url == "https://harbour-herald.example/world/eastport-floods-toll"
    assert document.source == "news_page.html"


def test_the_header_reads_back_like_a_text_files(news):
    document = news.document
    header, body_start = parse_header(document.text)
    assert body_start == document.body_start
    assert header == {
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": document.published,
    }
    assert document.text[body_start:].startswith("At least 41 people")


def test_paragraphs_are_separated_by_blank_lines(news):
    body = news.document.text[news.document.body_start :]
    assert body.count("\n\n") == 4 and "\n\n\n" not in body


def test_the_address_read_from_wins_over_the_canonical_one():
    document = read_html(page("news_page.html"), source="x", url="https://mirror.example/floods")
    assert document.url == "https://mirror.example/floods"


def test_defaults_fill_only_what_the_page_leaves_out():
    defaults = Metadata(title="Given title", outlet="Given outlet", published=date(2020, 1, 1))
    news = read_html(page("news_page.html"), source="x", defaults=defaults)
    assert (news.title, news.outlet, news.published) == (
        "Death toll in Eastport floods rises to 41, ministry says",
        "Harbour Herald",
        date(2023, 3, 14),
    )
    broken = read_html(page("malformed.html"), source="x", defaults=defaults)
    assert (broken.title, broken.outlet, broken.published) == ("Broken page", "Given outlet", date(2020, 1, 1))


def test_the_outlet_falls_back_to_the_host_name():
    document = read_html(page("malformed.html"), source="x", url="https://lower-ferrow-news.example/water")
    assert document.outlet == "lower-ferrow-news.example"


# Character sets -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding", "words"),
    [
        ("cp1251_page.html", "cp1251", ["Число погибших в результате паводка", "эвакуированы около 900 жителей"]),
        ("latin1_page.html", "cp1252", ["Un incendie s'est déclaré vendredi soir", "près de la moitié du bâtiment"]),
    ],
)
def test_pages_in_legacy_encodings_are_decoded_by_their_meta_charset(name, encoding, words):
    result = read_page(page(name), source=name)
    assert result.document.encoding == result.meta.encoding == encoding
    for word in words:
        assert word in result.document.text


def test_the_http_charset_wins_over_the_page():
    data = page("cp1251_page.html").replace(b"charset=windows-1251", b"charset=utf-8")
    document = read_html(data, source="x", content_type="text/html; charset=windows-1251")
    assert "Число погибших" in document.text and document.encoding == "cp1251"


def test_a_page_without_a_declaration_is_read_as_utf8_or_guessed():
    data = page("latin1_page.html").replace(
        b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', b""
    )
    document = read_html(data, source="x")
    assert "déclaré" in document.text


def test_a_page_that_is_utf8_despite_its_declaration_is_read_as_utf8():
    data = (
        page("news_page.html")
        .replace(b'charset="utf-8"', b'charset="iso-8859-1"')
        .replace(b"At least 41", "At least 41 — über".encode())
    )
    assert "At least 41 — über" in read_html(data, source="x").text


def test_a_utf16_page_with_a_byte_order_mark_is_decoded():
    data = page("news_page.html").decode("utf-8").replace('<meta charset="utf-8">', "").encode("utf-16")
    assert "At least 41 people" in read_html(data, source="x").text


def test_bytes_invalid_in_the_declared_encoding_are_refused_with_the_reason():
    data = page("cp1251_page.html").replace(b"charset=windows-1251", b"charset=utf-8")
    with pytest.raises(
        EncodingError, match=r"declares utf-8 \(in its <meta charset>\) but byte 0x\w\w at offset"
    ) as caught:
        read_html(data, source="page.html")
    assert str(caught.value).startswith("page.html: ") and "\n" not in str(caught.value)


def test_utf16_without_its_mark_is_refused_as_binary():
    data = "<html><head><meta charset='utf-8'></head><body><p>Weiß</p></body></html>".encode("utf-16-le")
    with pytest.raises(BinaryInput, match="NUL bytes"):
        read_html(data, source="x")


# Broken and hostile pages ---------------------------------------------------------------------------------


def test_malformed_html_gives_what_is_there():
    document = read_html(page("malformed.html"), source="malformed.html")
    body = document.text[document.body_start :]
    assert "told to boil water" in body
    assert "Bottled water is being handed out" in body


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", EmptyInput, "nothing to read"),
        (b"   \n ", EmptyInput, "nothing to read"),
        (b"<html><body><nav></nav><img src='/logo.png'><div> </div></body></html>", InputError, "no main text found"),
        (b"<html><script>var x = 1;</script></html>", InputError, "no main text found"),
        (b"<" * 5000, InputError, "no main text found"),
        (b"<div>" * 50_000 + b"deep", InputError, "no main text found"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInput, "NUL bytes"),
    ],
)
def test_pages_without_text_are_refused_with_a_reason(data, error, reason):
    with pytest.raises(error, match=reason) as caught:
        read_html(data, source="page.html")
    assert str(caught.value).startswith("page.html: ") and "\n" not in str(caught.value)


def test_a_page_over_the_limit_is_refused():
    with pytest.raises(TooLarge, match="limit of 1,000 bytes"):
        read_html(page("news_page.html"), source="x", max_bytes=1000)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(lambda t: f"<html><body><p>{t}</p></body></html>"))
def test_any_input_gives_a_document_or_an_input_error(data):
    try:
        document = read_html(data, source="x")
    except InputError:
        return
    assert 0 <= document.body_start <= len(document.text)


# Building documents ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One\n two</p>\n<p>Three<br>four <b>bold</b></p>", "One two\n\nThree\n\nfour bold"),
        ("<p>A &amp; B</p><script>alert(1)</script><style>p{}</style>", "A & B"),
        ("plain text\nwrapped\n\nsecond paragraph", "plain text wrapped\n\nsecond paragraph"),
        ("<ul><li>first</li><li>second</li></ul>", "first\n\nsecond"),
        ("", ""),
        ("<<<", "<<<"),
    ],
)
def test_fragment_text(fragment, text):
    assert fragment_text(fragment) == text


@pytest.mark.parametrize("title", ['"We have lost everything"', "'Quoted'", '"Half quoted', "Plain: with a colon"])
def test_titles_read_back_as_written(title):
    document = document_with_header("Body.", source="x", title=title)
    assert parse_header(document.text)[0] == {"title": title} and document.title == title


def test_a_body_that_looks_like_a_header_stays_in_the_body():
    document = document_with_header(
        "source: Ministry of Health\nurl: none\n\n14 people were killed.", source="x", title="Line one\nline two"
    )
    assert document.title == "Line one line two"
    header, body_start = parse_header(document.text)
    assert header == {"title": "Line one line two"}
    assert body_start == document.body_start
    assert document.text[body_start:].startswith("source: Ministry of Health")
