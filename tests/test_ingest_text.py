"""Reading plain text and Markdown reports: headers, defaults, decoding, and refusals with one-line reasons."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisledger.errors import BinaryInput, EmptyInput, EncodingError, InputError, TooLarge
from crisisledger.ingest import text as ingest
from crisisledger.ingest.text import Metadata, expand, parse_header, read_path, read_source, read_text
from crisisledger.records import content_id

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_95742a9c64edf293.txt"
SEED_TITLE = (
    "Kazakhstan, 8 thousand arrests and 164 dead in protests and purges at the top of the intelligence"
    " services continue"
)


# The header -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "metadata", "body"),
    [
        # key: value lines, keys in any case, values trimmed
        (
            "Title: Curfew extended\nOUTLET: Example Wire\nurl:  https://example.org/a \n\nThe curfew...",
            {"title": "Curfew extended", "outlet": "Example Wire", "url": "https://example.org/a"},
            "The curfew...",
        ),
        (
            "  date: 2022-01-07\n  title: Roads shut\nRoads were shut.",
            {"published": date(2022, 1, 7), "title": "Roads shut"},
            "Roads were",
        ),
        ("\n\nsource: Example Daily\n\nText.", {"outlet": "Example Daily"}, "Text."),
        ("published: 2022-01-07T18:45:00Z\n\nText.", {"published": date(2022, 1, 7)}, "Text."),
        # a date that is not ISO 8601 is left out; the line is still header
        ("date: 7 January 2022\n\nText.", {}, "Text."),
        ("date: 2022-02-30\n\nText.", {}, "Text."),
        # the first of two values wins; an empty value says nothing
        ("title:\ntitle: Second\ntitle: Third\n\nText.", {"title": "Second"}, "Text."),
        # front matter, with quotes, unknown keys and a datetime
        (
            "---\ntitle: 'Bridge closed'\nsource: Example Daily\ndate: 2022-01-12T09:30:00+06:00\n"
            "tags: [x]\n---\n\nBody.",
            {"title": "Bridge closed", "outlet": "Example Daily", "published": date(2022, 1, 12)},
            "Body.",
        ),
        ("---\ntitle: Ends with dots\n...\nBody.", {"title": "Ends with dots"}, "Body."),
        (
            "---\n# a comment\ntitle: With a list\ntags:\n  - unrest\n  - curfew\nnote: >\n  folded\n---\nBody.",
            {"title": "With a list"},
            "Body.",
        ),
        ('title: "Quoted"\n\nBody.', {"title": "Quoted"}, "Body."),
        # the bare form: date, ISO date, and the headline on the same line, which stays in the body
        (
            " date 2022-01-11 Markets reopen\n\nTraders...",
            {"published": date(2022, 1, 11), "title": "Markets reopen"},
            "Markets reopen",
        ),
        ("date 2022-01-11\n\nTraders returned.", {"published": date(2022, 1, 11)}, "Traders returned."),
        (
            "title: Markets\ndate 2022-01-11 Markets reopen\n\nText.",
            {"title": "Markets", "published": date(2022, 1, 11)},
            "Markets reopen",
        ),
    ],
)
def test_parse_header(text: str, metadata: dict[str, object], body: str) -> None:
    found, body_start = parse_header(text)
    assert found == metadata
    assert text[body_start:].startswith(body)


@pytest.mark.parametrize(
    "text",
    [
        "Kazakhstan: protests continue\n\nText.",  # not a header key
        "The date 2022-01-10 was a Monday.",  # "date" not at the start
        "dated 2022-01-10 Text",
        "date 2022-01-10-ish Text",
        "---\nA Markdown rule, then prose.\n---\nMore prose.",  # not front matter
        "---\ntitle: never closed\n\nText.",
        "",
        "   \n\n",
    ],
)
def test_no_header(text: str) -> None:
    assert parse_header(text) == ({}, 0)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Roads reopen in the north\n\nThe roads reopened.", "Roads reopen in the north"),
        ("\n\n# Roads reopen\n\nThe roads reopened.", "Roads reopen"),
        ("## Roads reopen ##\nThe roads reopened.", "Roads reopen"),  # a heading needs no blank line
        ("#hashtag\n\nThe roads reopened.", "#hashtag"),
        ("The roads reopened on Monday.\n\nMore text.", None),  # a sentence, not a headline
        ("Roads reopen\nThe roads reopened.", None),  # no blank line after it
        ("Roads reopen", None),
        ("x" * 201 + "\n\nText.", None),  # too long
    ],
)
def test_title_from_first_line(text: str, title: str | None) -> None:
    assert read_text(text.encode(), source="t.txt").title == title


# Files with headers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "outlet", "url", "published", "body"),
    [
        (
            "key_lines.txt",
            "Curfew extended in the old town",
            "Example Wire",
            "https://example.org/curfew",
            date(2022, 1, 7),
            "Officials said",
        ),
        ("front_matter.md", "Water supply restored", "Example Daily", None, date(2022, 1, 12), "# Water supply"),
        ("bare_date.txt", "Markets reopen after a week of closures", None, None, date(2022, 1, 11), "Markets reopen"),
    ],
)
def test_read_fixture(name: str, title: str, outlet: str | None, url: str | None, published: date, body: str) -> None:
    path = FIXTURES / name
    document = read_path(path)
    assert (document.title, document.outlet, document.url, document.published) == (title, outlet, url, published)
    assert document.text == path.read_text(encoding="utf-8")  # the header stays in the text
    assert document.text[document.body_start :].startswith(body)
    assert document.id == content_id(document.text)
    assert document.source == str(path)


def test_seed_header() -> None:
    if not SEED.exists():
        pytest.skip(f"the seed report is not at {SEED}")
    document = read_path(SEED)
    assert document.published == date(2022, 1, 10)
    assert document.title == SEED_TITLE
    assert document.text == SEED.read_text(encoding="utf-8")
    assert document.text[document.body_start :].startswith("Kazakhstan, 8 thousand arrests")


# Defaults ---------------------------------------------------------------------------------------------------

DEFAULTS = Metadata(
    title="Given title", outlet="Given outlet", url="https://example.org/given", published=date(2022, 1, 1)
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no header: the defaults fill every field, and beat a title guessed from the first line
        ("Roads reopen\n\nThe roads reopened.", DEFAULTS),
        # the header wins where it speaks; the defaults fill the rest
        (
            "title: Header title\ndate: 2022-01-09\n\nText.",
            Metadata("Header title", "Given outlet", "https://example.org/given", date(2022, 1, 9)),
        ),
        (
            "outlet: Header outlet\n\nText.",
            Metadata("Given title", "Header outlet", "https://example.org/given", date(2022, 1, 1)),
        ),
        # a date the header cannot give leaves the default
        ("date: sometime\n\nText.", DEFAULTS),
    ],
)
def test_defaults_fill_gaps(text: str, expected: Metadata) -> None:
    document = read_text(text.encode(), source="t.txt", defaults=DEFAULTS)
    assert Metadata(document.title, document.outlet, document.url, document.published) == expected


# Decoding ---------------------------------------------------------------------------------------------------


def test_latin1_prose() -> None:
    document = read_path(FIXTURES / "latin1.txt")
    assert document.text.startswith("Café in Almaty, 12 people détenus near the square")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("La città è così calma, perché più di 12 negozi sono già chiusi.".encode("latin-1"), "La città è così"),
        ("The \x93city hall\x94 said 12 people \x96 not 20.".encode("latin-1"), "The “city hall” said 12 people – not"),
        ("Zażółć gęślą jaźń, w Ałmaty zatrzymano 12 osób.".encode("cp1250"), "Zażółć gęślą jaźń"),
    ],
)
def test_legacy_encodings(data: bytes, text: str) -> None:
    assert read_text(data, source="t.txt").text.startswith(text)


def test_utf8_bom() -> None:
    document = read_path(FIXTURES / "utf8_bom.txt")
    assert document.text.startswith("title: Bridge closed")  # the mark is not text
    assert document.title == "Bridge closed"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    data = "title: Bridge closed\n\nThe bridge was closed.".encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    document = read_text(data, source="t.txt")
    assert (document.title, document.text[document.body_start :]) == ("Bridge closed", "The bridge was closed.")


# Refusals ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", EmptyInput, "nothing to read"),
        (b" \n\t\r\n ", EmptyInput, "nothing to read"),
        (b"\xef\xbb\xbf", EmptyInput, "nothing to read"),
        (" \n ".encode("utf-16"), EmptyInput, "nothing to read"),
        (b"title: Only a header\n\n", EmptyInput, "after the metadata header"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInput, "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", BinaryInput, "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", BinaryInput, "ZIP archive"),
        (b"\x7fELF\x02\x01\x01\x00", BinaryInput, "ELF executable"),
        (b"some text\x00with a NUL", BinaryInput, "NUL bytes"),
        (b"\x01\x02\x03\x04 ok \x05\x06\x07\x08", BinaryInput, "control characters"),
        (bytes(range(0x80, 0x100)), EncodingError, "not UTF-8"),
        (b"\xe9\xe9\xe9\xe9", EncodingError, "not UTF-8"),
        (b"\xff\xfeA", EncodingError, "byte-order mark"),
        (b"x" * 201, TooLarge, "limit of 200 bytes"),
    ],
)
def test_refused(data: bytes, error: type[InputError], words: str) -> None:
    with pytest.raises(error) as refused:
        read_text(data, source="reports/today.txt", max_bytes=200)
    _assert_one_line(refused.value, "reports/today.txt", words)


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    with pytest.raises(InputError) as refused:
        read_path(missing)
    assert type(refused.value) is InputError
    _assert_one_line(refused.value, str(missing), "no such file")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as refused:
        read_path(tmp_path)
    _assert_one_line(refused.value, str(tmp_path), "is a directory")


def test_directory_without_reports(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n")
    with pytest.raises(InputError) as refused:
        expand([str(tmp_path)])
    _assert_one_line(refused.value, str(tmp_path), "no .txt, .md or .markdown files")


def test_source_with_a_line_break_stays_one_line() -> None:
    with pytest.raises(EmptyInput) as refused:
        read_text(b"", source="odd\nname.txt")
    _assert_one_line(refused.value, repr("odd\nname.txt"), "nothing to read")


def test_large_file_refused_by_size_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(3_000_000)  # sparse: 3 MB on paper, nothing written

    def read_nothing(*args: object) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(ingest, "_read_at_most", read_nothing)
    with pytest.raises(TooLarge) as refused:
        read_path(path)
    _assert_one_line(refused.value, str(path), "3,000,000 bytes")


def _assert_one_line(error: Exception, source: str, words: str) -> None:
    message = str(error)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(f"{source}: ")
    assert words in message
    assert ";" in message  # what happened; what to do


# Sources ----------------------------------------------------------------------------------------------------


def test_stdin() -> None:
    stdin = io.BytesIO(b"title: Piped\n\nRead from a pipe.")
    document = read_source("-", defaults=Metadata(outlet="Given"), max_bytes=100, stdin=stdin)
    assert (document.source, document.title, document.outlet) == ("-", "Piped", "Given")


def test_stdin_too_large() -> None:
    with pytest.raises(TooLarge) as refused:
        read_source("-", defaults=Metadata(), max_bytes=10, stdin=io.BytesIO(b"x" * 50))
    _assert_one_line(refused.value, "-", "limit of 10 bytes")


def test_read_source_path() -> None:
    path = FIXTURES / "key_lines.txt"
    assert read_source(str(path), defaults=Metadata(), max_bytes=10_000).source == str(path)


def test_expand(tmp_path: Path) -> None:
    for name in ["b.md", "a.txt", "sub/c.markdown", "sub/d.TXT", "sub/notes.csv", ".hidden/e.txt", ".f.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Text.")
    listed = tmp_path / "notes.csv"
    listed.write_text("Named explicitly.")
    missing = str(tmp_path / "missing.txt")
    assert expand(["-", str(tmp_path), missing, str(listed)]) == [
        "-",
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.md"),
        str(tmp_path / "sub" / "c.markdown"),
        str(tmp_path / "sub" / "d.TXT"),
        missing,
        str(listed),
    ]


# Any bytes --------------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_read_text_refuses_only_with_input_errors(data: bytes) -> None:
    try:
        document = read_text(data, source="any.txt", max_bytes=300)
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert 0 <= document.body_start < len(document.text)
    assert document.id == content_id(document.text)
