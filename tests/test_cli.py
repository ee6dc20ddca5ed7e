"""The command line: ingest with bad input in the batch, re-ingest, ledger, show, export, help."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from crisisledger.cli import app
from crisisledger.store import Store

pytestmark = pytest.mark.model

GOOD = (
    "title: Curfew in Aktau\noutlet: Test Wire\ndate: 2022-01-06\n\n"
    "Police in Aktau detained 120 people overnight, the regional police department said.\n"
)
OTHER = (
    "title: Shymkent rally\ndate: 2022-01-05\n\n"
    "About 3,000 people rallied in Shymkent on Wednesday, according to local reporters.\n"
)


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def batch(tmp_path):
    """Two good reports and every kind of bad input, side by side."""
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "other.md").write_text(OTHER, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "latin1.txt").write_bytes(
        "date: 2022-01-07\n\nLe caf\u00e9 \u00e0 Almaty: 40 people were detained near the caf\u00e9, "
        "police said.\n".encode("latin-1")
    )
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.write(b"Protesters gathered in the square. " * (20 * 1024 * 1024 // 35 + 1))
    return tmp_path


def test_bad_input_in_a_batch_loses_nothing(runner, batch, db):
    paths = [str(batch / name) for name in ("good.txt", "empty.txt", "binary.txt", "latin1.txt", "huge.txt")]
    paths += [str(batch / "missing.txt"), str(batch / "other.md")]
    result = runner.invoke(app, ["ingest", *paths, "--db", db])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4, result.stderr  # empty, binary, huge, missing: one line each
    for name in ("empty.txt", "binary.txt", "huge.txt", "missing.txt"):
        assert sum(name in line for line in errors) == 1, (name, errors)
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "latin1.txt: not UTF-8; read as cp1252" in notes[0]
    with Store.open(db) as store:
        titles = sorted(d.title or "" for d in store.documents())
        assert titles == ["", "Curfew in Aktau", "Shymkent rally"]
        sources = {d.source.rsplit("/", 1)[-1] for d in store.documents()}
        assert sources == {"good.txt", "other.md", "latin1.txt"}
        latin = next(d for d in store.documents() if d.source.endswith("latin1.txt"))
        assert "caf\u00e9 \u00e0 Almaty" in latin.text
        assert len(store.problems()) == 4
        # nothing partial: every stored figure belongs to a stored document
        ids = {d.id for d in store.documents()}
        assert {f.document_id for f in store.figures()} <= ids


def test_reingesting_the_same_content_adds_nothing(runner, batch, db):
    first = runner.invoke(app, ["ingest", str(batch / "good.txt"), "--db", db])
    assert first.exit_code == 0, first.stderr
    with Store.open(db) as store:
        before = store.counts()
    again = runner.invoke(app, ["ingest", str(batch / "good.txt"), "--db", db])
    assert again.exit_code == 0
    assert "already stored" in again.stderr
    with Store.open(db) as store:
        assert store.counts() == before


def test_stdin_with_flags(runner, db):
    text = "Some 500 people marched in Atyrau on Monday, organisers said.\n"
    result = runner.invoke(
        app,
        ["ingest", "-", "--outlet", "Flag Wire", "--published", "2022-01-10", "--title", "Atyrau", "--db", db],
        input=text,
    )
    assert result.exit_code == 0, result.stderr
    with Store.open(db) as store:
        (document,) = store.documents()
        assert (document.outlet, document.title, document.published.isoformat()) == (
            "Flag Wire",
            "Atyrau",
            "2022-01-10",
        )
        (figure,) = store.figures()
        assert (figure.kind, figure.min, figure.approximate) == ("participants", 500, True)


def test_ledger_show_and_exports(runner, batch, tmp_path, monkeypatch, db):
    monkeypatch.setenv("CRISISLEDGER_DB", db)  # the environment names the store when --db is absent
    assert runner.invoke(app, ["ingest", str(batch / "good.txt"), str(batch / "other.md")]).exit_code == 0

    ledger = runner.invoke(app, ["ledger"], env={"COLUMNS": "200"})
    assert ledger.exit_code == 0
    assert "detained" in ledger.stdout and "120" in ledger.stdout and "~3,000" in ledger.stdout

    data = json.loads(runner.invoke(app, ["export", "--format", "json"]).stdout)
    assert data["schema"] == "crisisledger/1"
    assert {f["kind"] for f in data["figures"]} == {"detained", "participants"}
    document_id = data["documents"][0]["id"]

    shown = runner.invoke(app, ["show", document_id[:6]])
    assert shown.exit_code == 0
    assert "F1" in shown.stdout

    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["export", "--format", "csv"]).stdout)))
    assert {row["kind"] for row in rows} == {"detained", "participants"}
    assert all(row["evidence_text"] for row in rows)

    out = tmp_path / "statements.csv"
    result = runner.invoke(app, ["export", "--format", "csv", "--table", "documents", "--output", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("id,title,outlet,url,published")


def test_unknown_document_and_bad_options_are_one_line_errors(runner, db):
    shown = runner.invoke(app, ["show", "ffffffff", "--db", db])
    assert shown.exit_code == 2 and len(shown.stderr.strip().splitlines()) == 1
    bad = runner.invoke(app, ["export", "--format", "xml", "--db", db])
    assert bad.exit_code == 2


def test_actor_event_and_quote_views(runner, tmp_path, db):
    report = tmp_path / "r.txt"
    report.write_text(
        "date: 2022-01-06\n\nPresident Kassym-Jomart Tokayev dismissed Karim Masimov on Wednesday. "
        '"We will restore order", Tokayev said in Almaty.\n',
        encoding="utf-8",
    )
    assert runner.invoke(app, ["ingest", str(report), "--db", db]).exit_code == 0
    actors = runner.invoke(app, ["actors", "--db", db, "--type", "person"], env={"COLUMNS": "200"})
    assert actors.exit_code == 0 and "Kassym-Jomart Tokayev" in actors.stdout and "Karim Masimov" in actors.stdout
    quotes = runner.invoke(app, ["quotes", "--db", db, "--speaker", "tokayev"], env={"COLUMNS": "200"})
    assert quotes.exit_code == 0 and "We will restore order" in quotes.stdout
    events = runner.invoke(app, ["events", "--db", db], env={"COLUMNS": "200"})
    assert events.exit_code == 0 and "Events" in events.stdout


@pytest.mark.parametrize("command", ["ingest", "ledger", "show", "export", "actors", "events", "quotes"])
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "crisisledger " + command in result.stdout


def test_an_empty_directory_is_one_failure_and_a_readme_is_no_report(runner, tmp_path, db):
    (tmp_path / "empty").mkdir()
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "README.md").write_text("# Reports\n\nThese are 3 reports about 40 people detained.\n")
    (reports / "good.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty"), str(reports), "--db", db])
    assert result.exit_code == 1
    assert sum(line.startswith("error:") for line in result.stderr.splitlines()) == 1
    with Store.open(db) as store:
        assert [d.title for d in store.documents()] == ["Curfew in Aktau"]
