"""The smaller input faults: a store that cannot be written (said at open, before anything is read), read
commands on a store in a read-only folder, a folder that cannot be listed, credentials in a URL, a feed
entry's page refused by the address guard, the limits' messages, and an export's size checked first."""

from __future__ import annotations

import os
import shutil
import subprocess
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from fixtures.sources.server import LocalServer, Reply
from typer.testing import CliRunner

from crisisledger.cli import app
from crisisledger.errors import InputError, StoreError, TooLarge
from crisisledger.ingest.fetch import fetch, without_credentials
from crisisledger.ingest.sources import expand_sources, read_one
from crisisledger.ingest.telegram import MAX_EXPORT_BYTES
from crisisledger.records import Document, Extraction
from crisisledger.store import MIGRATIONS, Store, migrations

REPORT = "Rescuers said 12 people were missing after the landslide near the river on Tuesday.\n"
PAGE = b"<!DOCTYPE html><html><body><p>Forty people were rescued from the flooded valley on Monday.</p></body></html>"


@contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """`path` (a file or a folder) that this process cannot write: its write bits off for a user; for root,
    whom permissions do not stop, the immutable attribute (chattr +i), which they do not pass either."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], check=False).returncode:
        pytest.skip("running as root, and the immutable attribute cannot be set here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def make_store(path: Path) -> str:
    """A SQLite store holding one document; the id of the document."""
    document = Document.from_text(REPORT, title="Landslide near the river", source="landslide.txt")
    with Store.open(str(path)) as store:
        store.add(Extraction(document))
    return document.id


def no_analysis(*args, **kwargs):
    raise AssertionError("a document was analysed although the store cannot be written")


def one_error(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    return lines[0]


# A store that cannot be written ---------------------------------------------------------------------------


def test_ingest_into_a_read_only_store_fails_at_open_before_reading_anything(tmp_path, monkeypatch):
    db = tmp_path / "ledger.db"
    make_store(db)
    (tmp_path / "new.txt").write_text(REPORT.replace("12", "15"), encoding="utf-8")
    monkeypatch.setattr("crisisledger.ingest.batch.analyse", no_analysis)
    with unwritable(db):
        result = CliRunner().invoke(app, ["ingest", str(tmp_path / "new.txt"), "--db", str(db)])
    assert result.exit_code == 2, result.output
    line = one_error(result)
    assert "cannot be written" in line and "readonly database" in line and "check their permissions" in line


@pytest.mark.parametrize(
    "command",
    [["reanalyse"], ["review", "0000", "--verify", "--by", "ana"]],
    ids=["reanalyse", "review"],
)
def test_commands_that_write_to_a_stored_ledger_fail_at_open_on_a_read_only_store(tmp_path, monkeypatch, command):
    db = tmp_path / "ledger.db"
    make_store(db)
    monkeypatch.setattr("crisisledger.ingest.batch.analyse", no_analysis)
    monkeypatch.setattr("crisisledger.ingest.reanalyse.analyse", no_analysis)
    with unwritable(db):
        result = CliRunner().invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 2, result.output
    assert "cannot be written" in one_error(result)


def test_a_postgresql_store_that_cannot_be_written_is_said_at_open_and_still_read(db, backend):
    if backend != "postgres":
        pytest.skip("PostgreSQL's read-only transactions; SQLite's read-only files are tested above")
    Store.open(db).close()
    options = sa.make_url(db).query["options"] + " -cdefault_transaction_read_only=on"
    read_only = sa.make_url(db).update_query_dict({"options": options}).render_as_string(hide_password=False)
    with pytest.raises(StoreError) as raised:
        Store.open(read_only)
    assert "cannot be written" in str(raised.value) and "read-only transaction" in str(raised.value)
    with Store.open(read_only, read_only=True) as store:
        assert store.documents() == []


def test_a_store_opened_for_writing_in_a_read_only_folder_says_the_folder(tmp_path):
    folder = tmp_path / "shelf"
    folder.mkdir()
    make_store(folder / "ledger.db")
    with unwritable(folder), pytest.raises(StoreError) as raised:
        Store.open(str(folder / "ledger.db"))
    assert "its folder" in str(raised.value) and str(folder) in str(raised.value)


def test_read_commands_work_on_a_store_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "shelf"
    folder.mkdir()
    db = folder / "ledger.db"
    document_id = make_store(db)
    before = db.read_bytes()
    with unwritable(folder):
        for command in (["figures"], ["history"], ["ledger"], ["show", document_id[:8]]):
            result = CliRunner().invoke(app, [*command, "--db", str(db)])
            assert result.exit_code == 0, (command, result.output)
        shown = CliRunner().invoke(app, ["show", document_id[:8], "--db", str(db)])
    assert "landslide" in shown.stdout
    assert db.read_bytes() == before
    assert sorted(os.listdir(folder)) == ["ledger.db"]
    with unwritable(db):  # the file alone read-only: read as usual (the check for writing is not made)
        assert CliRunner().invoke(app, ["figures", "--db", str(db)]).exit_code == 0


def _old_store(path: Path, monkeypatch) -> None:
    """A store made by a crisisledger that knew every migration but the last."""
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:-1])
    Store.open(str(path)).close()
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)


def test_a_read_command_says_when_a_read_only_store_needs_a_migration(tmp_path, monkeypatch):
    db = tmp_path / "ledger.db"
    _old_store(db, monkeypatch)
    with unwritable(db):
        result = CliRunner().invoke(app, ["figures", "--db", str(db)])
    assert result.exit_code == 2
    line = one_error(result)
    assert "needs 1 migration(s)" in line and "crisisledger ingest" in line


def test_a_read_command_still_migrates_an_old_store_it_can_write(tmp_path, monkeypatch):
    db = tmp_path / "ledger.db"
    _old_store(db, monkeypatch)
    result = CliRunner().invoke(app, ["figures", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store.open(str(db), read_only=True) as store:
        assert len(store.migrations()) == len(MIGRATIONS)


# A folder that cannot be listed ---------------------------------------------------------------------------


@contextmanager
def unlistable(folder: Path, monkeypatch) -> Iterator[None]:
    """A folder this process cannot list: its permissions off for a user; for root, whom they do not stop,
    os.scandir refuses it as the kernel would refuse a user."""
    if os.geteuid() != 0:
        folder.chmod(0)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(folder))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    yield


def test_a_subfolder_that_cannot_be_listed_is_said_and_the_others_are_read(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(REPORT.replace("12", "13"), encoding="utf-8")
    (tmp_path / "z.txt").write_text(REPORT.replace("12", "14"), encoding="utf-8")
    with unlistable(locked, monkeypatch):
        items = expand_sources([str(tmp_path)])
        assert items == [str(tmp_path / "a.txt"), str(locked), str(tmp_path / "z.txt")]
        with pytest.raises(InputError) as raised:
            read_one(str(locked))
    assert "cannot be listed" in str(raised.value) and str(locked) in str(raised.value)
    assert "\n" not in str(raised.value)


# Credentials in a URL -------------------------------------------------------------------------------------


def test_credentials_are_dropped_from_urls_and_nothing_else_changes():
    assert without_credentials("https://desk:s3cret@news.example/a?b=1#c") == "https://news.example/a?b=1#c"
    assert without_credentials("http://token@news.example:8080/feed") == "http://news.example:8080/feed"
    for plain in ("https://news.example/a?", "https://news.example/@handle", "http://[::1/"):
        assert without_credentials(plain) == plain


def test_urls_given_or_listed_lose_their_credentials(tmp_path):
    listing = tmp_path / "reading.urls"
    listing.write_text("https://desk:s3cret@news.example/one\nhttps://news.example/two\n", encoding="utf-8")
    given = expand_sources(["https://desk:s3cret@news.example/page", str(listing)])
    assert given == ["https://news.example/page", "https://news.example/one", "https://news.example/two"]


def test_a_fetch_sends_no_credentials_and_records_none():
    with LocalServer() as server:
        server.routes["/page"] = Reply(PAGE, headers={"Content-Type": "text/html"})
        url = server.url("/page").replace("http://", "http://desk:s3cret@")
        result = fetch(url, allow_private=True)
        reading = read_one(url, allow_private=True)
        headers = [headers for path, headers in server.requests]
    assert not any("Authorization" in h for h in headers)
    assert "s3cret" not in result.url + result.final_url
    assert all("s3cret" not in (d.source or "") + (d.url or "") for d in reading.documents)
    assert "s3cret" not in reading.source


def test_ingest_of_a_url_with_credentials_stores_and_prints_none(tmp_path):
    db = tmp_path / "ledger.db"
    with LocalServer() as server:
        server.routes["/page"] = Reply(PAGE, headers={"Content-Type": "text/html"})
        url = server.url("/page").replace("http://", "http://desk:s3cret@")
        result = CliRunner().invoke(app, ["ingest", url, "--allow-private", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output
    with Store.open(str(db)) as store:
        assert [s.source for s in store.snapshots()] == [server.url("/page")]
        assert all("s3cret" not in (d.url or "") + (d.source or "") for d in store.documents())


# The address guard on a feed entry's page -----------------------------------------------------------------

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Valley desk</title><link>https://news.example/</link>
<item><title>Flood update</title><link>http://127.0.0.1:9/flood</link><guid>flood-1</guid>
<description>Forty people were rescued on Monday.</description></item>
</channel></rss>
"""


def test_a_feed_entry_whose_page_the_guard_refuses_is_said(tmp_path):
    path = tmp_path / "valley.xml"
    path.write_text(FEED, encoding="utf-8")
    reading = read_one(str(path))
    assert len(reading.documents) == 1  # the summary stands for the page
    assert len(reading.notes) == 1
    note = reading.notes[0]
    assert "flood-1" in note and "loopback" in note and "--allow-private" in note and "\n" not in note


def test_ingest_says_the_refused_page_of_a_feed_entry(tmp_path):
    path = tmp_path / "valley.xml"
    path.write_text(FEED, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(tmp_path / "ledger.db")])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "loopback" in notes[0]


# Limits: the right one quoted, a setting that works advised, the size checked first -----------------------


def test_a_text_file_is_refused_at_the_reports_limit_not_the_pages(tmp_path):
    path = tmp_path / "long.txt"
    path.write_bytes(b"The river rose again overnight. " * 200_000)  # 6.4 MB: past both limits
    with pytest.raises(TooLarge) as raised:
        read_one(str(path), max_bytes=2_000_000)
    message = str(raised.value)
    assert "limit of 2,000,000 bytes for a report" in message and "CRISISLEDGER_MAX_BYTES above 2,000,000" in message


def test_a_page_is_refused_with_advice_that_would_let_it_through(tmp_path):
    path = tmp_path / "long.html"
    path.write_bytes(b"<!DOCTYPE html><html><body>" + b"<p>The river rose again.</p>" * 200_000 + b"</body></html>")
    with pytest.raises(TooLarge) as raised:
        read_one(str(path), max_bytes=2_000_000)
    # pages may hold 5,000,000 bytes whatever the setting: raising it to 3,000,000 would change nothing
    assert "CRISISLEDGER_MAX_BYTES above 5,000,000" in str(raised.value)


def _sparse_export(path: Path, size: int) -> None:
    with path.open("wb") as stream:
        stream.write(b'{"name": "Valley desk", "type": "public_channel", "messages": [')
        stream.truncate(size)  # sparse: no disk used for the rest


def test_an_export_larger_than_its_limit_is_refused_by_its_size_before_it_is_read(tmp_path):
    path = tmp_path / "result.json"
    _sparse_export(path, 300_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(TooLarge) as raised:
            read_one(str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000  # the start (to tell its kind), never the whole 300 MB
    message = str(raised.value)
    assert f"limit of {MAX_EXPORT_BYTES:,} bytes for a Telegram export (300,000,000 bytes)" in message
    assert "CRISISLEDGER_MAX_BYTES" not in message  # no setting raises an export's limit


def test_an_export_given_by_its_folder_is_refused_by_its_size_too(tmp_path):
    _sparse_export(tmp_path / "result.json", 300_000_000)
    with pytest.raises(TooLarge) as raised:
        read_one(str(tmp_path), as_kind="telegram")
    assert "CRISISLEDGER_MAX_BYTES" not in str(raised.value)
