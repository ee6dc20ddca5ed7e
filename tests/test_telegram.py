"""Reading Telegram Desktop channel exports: one document per message with text, links when the channel's
username is known, and exports with odd file names refused. The exports here were written for these tests."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisledger.errors import InputError
from crisisledger.ingest.telegram import read_telegram_export
from crisisledger.ingest.text import Metadata, parse_header

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "sources" / "telegram"
RESULT = EXPORTS / "result.json"


def export_of(*messages: dict, **channel: object) -> bytes:
    """A small export written for a test."""
    return json.dumps(
        {"name": "Test Channel", "type": "public_channel", "id": 42, **channel, "messages": list(messages)}
    ).encode()


def message(id: int, text: object = "Some text.", **fields: object) -> dict:
    return {
        "id": id,
        "type": "message",
        "date": "2023-03-14T10:00:00",
        "date_unixtime": "1678788000",
        "text": text,
        **fields,
    }


@pytest.fixture(scope="module")
def export():
    return read_telegram_export(RESULT)


def test_the_channel_is_read(export):
    assert export.channel_name == "Northgate Emergency Updates"
    assert export.channel_username == "northgate_updates"  # inferred from the channel's link to its own post
    assert export.channel_id == 1700000001
    assert export.channel_type == "public_channel"


def test_every_message_is_listed_and_those_with_text_are_documents(export):
    assert [(m.id, m.type, bool(m.text)) for m in export.messages] == [
        (1, "service", False),
        (2, "message", True),
        (3, "message", True),
        (4, "message", False),  # a photo alone
        (5, "message", True),
    ]
    assert [d.source for d in export.documents] == [f"{RESULT}#2", f"{RESULT}#3", f"{RESULT}#5"]
    assert [m.document_id for m in export.messages] == [
        None,
        *(d.id for d in export.documents[:2]),
        None,
        export.documents[2].id,
    ]


def test_the_death_toll_post(export):
    post = export.messages[2]
    assert post.date == datetime(2023, 3, 14, 16, 15, 3, tzinfo=UTC)  # from date_unixtime, not local time
    assert post.edit_date == datetime(2023, 3, 14, 16, 40, tzinfo=UTC)
    assert post.link == "https://t.me/northgate_updates/3"
    assert post.text == (
        "⚡️ Death toll rises to 14\nThe Ministry of Health says 14 people were killed and 63 injured in the collapse"
        " of the market building in Northgate. Rescuers are still searching the rubble. Details"
    )
    document = export.documents[1]
    assert document.text[document.body_start :] == post.text
    assert (document.title, document.outlet, document.url, document.published) == (
        "⚡️ Death toll rises to 14",
        "Northgate Emergency Updates",
        "https://t.me/northgate_updates/3",
        date(2023, 3, 14),
    )
    header, body_start = parse_header(document.text)
    assert body_start == document.body_start
    assert header == {"title": document.title, "outlet": document.outlet, "published": document.published}


def test_the_export_date_is_the_newest_message_or_edit(export):
    assert export.exported_at == datetime(2023, 3, 15, 3, 30, tzinfo=UTC)
    assert export.first_date == datetime(2023, 3, 13, 4, 0, tzinfo=UTC)
    assert export.last_date == export.exported_at


def test_a_later_export_without_the_post(export):
    later = read_telegram_export(EXPORTS / "result_later.json")
    assert 3 not in {m.id for m in later.messages}
    assert later.first_date <= export.messages[2].date <= later.last_date  # it covers the post's date
    assert {d.id for d in later.documents} & {d.id for d in export.documents} == {
        export.documents[0].id,
        export.documents[2].id,
    }  # the posts that stayed are the same documents, though this export does not reveal the username
    assert later.channel_username is None
    assert read_telegram_export(EXPORTS / "result_later.json", username="northgate_updates").documents[0].url == (
        "https://t.me/northgate_updates/2"
    )


def test_text_from_a_list_of_strings_and_entities():
    data = export_of(
        message(7, ["Toll: ", {"type": "bold", "text": "9 dead"}, ", ", {"type": "link", "text": "t.me/x"}])
    )
    assert read_telegram_export(data, source="x").messages[0].text == "Toll: 9 dead, t.me/x"


def test_text_entities_win_over_text():
    data = export_of(
        message(7, "stale", text_entities=[{"type": "plain", "text": "fresh "}, {"type": "hashtag", "text": "#flood"}])
    )
    assert read_telegram_export(data, source="x").messages[0].text == "fresh #flood"


@pytest.mark.parametrize(("given", "link"), [("@Test_Channel", "https://t.me/test_channel/7"), ("bad name!", None)])
def test_a_username_given_makes_links(given, link):
    export = read_telegram_export(export_of(message(7)), source="x", username=given)
    assert export.messages[0].link == link
    assert export.documents[0].url == link


def test_without_a_username_there_are_no_links():
    # A link to another channel's post is no evidence of this channel's name.
    data = export_of(message(7, [{"type": "link", "text": "https://t.me/other_channel/999"}]))
    export = read_telegram_export(data, source="x")
    assert export.channel_username is None and export.messages[0].link is None


def test_dates_without_unixtime_are_read_as_utc():
    data = export_of({"id": 1, "type": "message", "date": "2022-01-09T21:15:03", "text": "Old export."})
    assert read_telegram_export(data, source="x").messages[0].date == datetime(2022, 1, 9, 21, 15, 3, tzinfo=UTC)


def test_a_one_line_post_has_no_title_and_defaults_name_a_nameless_channel():
    data = json.dumps({"messages": [message(1, "Only one line.")]}).encode()
    export = read_telegram_export(data, source="x", defaults=Metadata(outlet="Given channel"))
    assert export.channel_name == export.documents[0].outlet == "Given channel"
    assert export.documents[0].title is None


def test_an_export_is_read_from_its_folder_bytes_or_file():
    by_folder = read_telegram_export(EXPORTS)
    by_bytes = read_telegram_export(RESULT.read_bytes(), source=str(RESULT))
    assert [d.id for d in by_folder.documents] == [d.id for d in by_bytes.documents]


# Odd file names and broken exports ------------------------------------------------------------------------


def test_the_export_with_a_path_traversal_is_refused():
    with pytest.raises(InputError, match=r"refused: message 7 names a file outside the export \(file: '") as caught:
        read_telegram_export(EXPORTS / "odd_names.json")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("key", "name", "reason"),
    [
        ("file", "../../../etc/passwd", "outside the export"),
        ("photo", "photos/../../secret.jpg", "outside the export"),
        ("file", "files\\..\\..\\boot.ini", "outside the export"),
        ("thumbnail", "/etc/shadow", "by an absolute path"),
        ("file", "C:\\Windows\\win.ini", "by an absolute path"),
        ("file_name", "report\x00.pdf", "with control characters"),
        ("photo", "photos/a\nb.jpg", "with control characters"),
        ("file", "files/" + "x" * 300, "with a name too long"),
        ("file", "files/" + "x/" * 600, "with a name too long"),
    ],
)
def test_odd_file_names_are_refused(key, name, reason):
    data = export_of(message(1), message(2, "With a file.", **{key: name}))
    with pytest.raises(InputError, match=f"message 2 names a file {reason}") as caught:
        read_telegram_export(data, source="result.json")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "name",
    [
        "photos/photo_1@09-01-2022_21-15-03.jpg",
        "files/Statement 10.01.pdf",
        "(File not included. Change data exporting settings to download.)",
    ],
)
def test_ordinary_file_names_are_accepted_and_never_opened(name):
    export = read_telegram_export(export_of(message(1, "Caption.", photo=name)), source="x")
    assert export.messages[0].text == "Caption."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "nothing to read"),
        (b"not json", "not valid JSON"),
        (b"[1, 2]", "not a Telegram export"),
        (b'{"name": "x"}', "not a Telegram export"),
        (b'{"about": "", "chats": {"list": []}}', "a whole-account export"),
        (export_of({"type": "message", "text": "no id"}), "has no numeric id"),
        (export_of({"id": 1, "text": "no date"}), "has no readable date"),
        (export_of("a string"), "is not an object"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
)
def test_broken_exports_are_refused_with_a_reason(data, reason):
    with pytest.raises(InputError, match=reason) as caught:
        read_telegram_export(data, source="result.json")
    assert str(caught.value).startswith("result.json: ") and "\n" not in str(caught.value)


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_telegram_export(tmp_path / "result.json")


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "type", "text", "date", "date_unixtime", "photo", "name"]), inner, max_size=5
        )
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_json, max_size=4), _json)
def test_any_export_gives_documents_or_an_input_error(messages, name):
    data = json.dumps({"name": name, "messages": messages}).encode()
    try:
        export = read_telegram_export(data, source="x")
    except InputError:
        return
    assert all(0 <= d.body_start <= len(d.text) for d in export.documents)
