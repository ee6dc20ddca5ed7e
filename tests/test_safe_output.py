"""Safe output (issue 12, items 3 and 4): text from a source never reaches a terminal as escape sequences or
control characters, never reaches Rich as markup, and never reaches a spreadsheet as a formula, in every
command and every format. The store here is filled with hostile strings through the records, in every field
a command prints (titles, outlets, URLs, file names, claimants, places, speakers, actors, reviewers...)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime

import pytest
from typer.testing import CliRunner

from crisisledger import review
from crisisledger.cli import app
from crisisledger.cli.common import clean, tsv_cell
from crisisledger.export import CSV_TABLES, to_csv
from crisisledger.records import (
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Place,
    PlaceMention,
    Role,
    Statement,
    StatusChange,
    TimeExpression,
    record_id,
)
from crisisledger.safe import inert
from crisisledger.store import Snapshot, Store

#: Strings a source could hold to reach a terminal, Rich or a spreadsheet, by name. Each one is put at the
#: start of every field of one report, so that a formula is where a spreadsheet looks for it.
HOSTILE = {
    "csi": "\x1b[2J\x1b[31mcleared",
    "osc8": "\x1b]8;;https://evil.example/\x07click me\x1b]8;;\x07",
    "c1_csi": "\x9b2Jeight-bit",
    "bell_backspace": "ring\x07\x08\x08\x08gone",
    "bidi": "\u202etxt.exe",
    "markup": "[red]x[/red] [link=https://evil.example]here[/link]",
    "stray_tag": "[/bold] closing nothing",
    "hyperlink": '=HYPERLINK("https://evil.example","open")',
    "plus": "+1+1",
    "minus": "-2+3",
    "at": "@SUM(A1:A9)",
    "tab": "\t=1+1",
    "carriage_return": "\r=1+1",
    "negative": "-5",
}
#: What may not reach a terminal: C0 controls but tab and line feed, DEL, C1 controls, bidi overrides.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: A cell a spreadsheet would run; a plain negative number is no formula.
FORMULA = re.compile(r"[=+\-@\t\r]")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
AT = datetime(2025, 5, 6, 7, 8, tzinfo=UTC)
PUBLISHED = date(2025, 5, 5)


def hostile_report(index: int, name: str, bad: str) -> tuple[Extraction, Snapshot]:
    """A made-up report whose every source-given field starts with `bad`, and the sighting of its file."""
    text = f"{bad} said 7 people died in {bad} on Monday, report {index} ({name})."
    document = Document.from_text(text, title=bad, outlet=bad, url=bad, published=PUBLISHED, source=bad)
    whole = Evidence.of(document, 0, len(text))
    words = Evidence.of(document, 0, len(bad))  # the hostile words themselves, first in the evidence
    place = Place(bad, "ZZ", 1.5, 2.5, None, "city")
    figure = Figure(record_id("fig", document.id, 0), document.id, "killed", 7, 7, words, as_of=PUBLISHED,
                    place=place, claimant=bad, cited_source=bad, population=bad)  # fmt: skip
    change = StatusChange(figure.id, "disputed", whole, PUBLISHED, bad)
    statement = Statement(record_id("st", document.id, 0), document.id, bad, words, speaker=bad, stance="warns")
    actor = Actor(record_id("act", document.id, 0), document.id, bad, "person", words, aliases=(bad,), country=bad)
    role = Role(record_id("role", document.id, 0), document.id, actor.id, bad, words, title=bad, organization=bad,
                change="appointed", reason=bad, previous_role=bad, date=PUBLISHED, announced_by=bad,
                replaces=(bad,))  # fmt: skip
    event = Event(record_id("ev", document.id, 0), document.id, "protests", words, subtype=bad,
                  date_start=PUBLISHED, date_end=PUBLISHED, place=place, actors=(bad, bad + " too"),
                  figure_ids=(figure.id,), details=(("item", bad),))  # fmt: skip
    mention = PlaceMention(document.id, words, place, admin1=bad)
    when = TimeExpression(document.id, words, "DATE", bad)
    extraction = Extraction(document, (figure,), (change,), (statement,), (bad,), (actor,), (role,), (event,),
                            (mention,), (when,))  # fmt: skip
    sighting = Snapshot(source=bad, kind="file", change="new", seen_at=AT, content_hash=document.id,
                        document_id=document.id)  # fmt: skip
    return extraction, sighting


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory, store_at):
    """A store of one hostile report per hostile string, each reviewed by a hostile reviewer (on each database)."""
    with store_at(tmp_path_factory.mktemp("hostile"), "hostile") as where:
        with Store.open(where) as store:
            for index, (name, bad) in enumerate(HOSTILE.items()):
                extraction, sighting = hostile_report(index, name, bad)
                store.add(extraction, snapshots=[sighting])
                decision = review.decide(extraction.figures[0], by=bad, verify=True, note=bad, at=AT)
                review.save(store, decision)
            document_ids = [d.id for d in store.documents()]
        yield where, document_ids


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "400"})


def views(document_ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Every view of the store, by name: its command and options, and its arguments (a document, a source,
    given after "--": a source may start with "-")."""
    commands: dict[str, tuple[list[str], list[str]]] = {
        name: ([name], []) for name in ("figures", "incidents", "timeline", "actors", "events", "quotes", "reviews")
    }
    commands["ledger"] = (["ledger", "--claims"], [])
    commands["history"] = (["history"], [])
    commands["show"] = (["show"], [document_ids[0]])
    commands.update({f"history of {name}": (["history"], [bad]) for name, bad in HOSTILE.items() if bad.strip()})
    return commands


#: Commands that print no store's records, or need the model, or serve: each has its own test below.
ELSEWHERE = {"ingest", "watch", "export", "review", "reanalyse", "serve"}


def test_every_command_is_checked_here():
    """A new command must join `views` or a test of its own here, so that no output path goes unchecked."""
    names = {command.name or command.callback.__name__ for command in app.registered_commands}
    viewed = {command[0] for command, _ in views(["x"]).values()}
    assert names == viewed | ELSEWHERE


def assert_safe(output: str, where: str) -> None:
    found = CONTROLS.search(output)
    if found is not None:
        around = output[max(0, found.start() - 40) : found.end() + 40]
        raise AssertionError(f"{where}: {found.group()!r} reaches the terminal in ...{around!r}...")


def assert_inert(rows: list[list[str]], where: str) -> None:
    for row in rows:
        for value in row:
            if value[:1] and FORMULA.match(value) and not NUMBER.fullmatch(value):
                raise AssertionError(f"{where}: the cell {value!r} would run as a formula")


@pytest.mark.parametrize("form", ["table", "tsv", "json"])
def test_no_view_prints_a_control_character_markup_or_formula(hostile_db, form):
    where, document_ids = hostile_db
    for name, (command, arguments) in views(document_ids).items():
        result = invoke(*command, "--format", form, "--db", where, "--", *arguments)
        assert result.exit_code == 0, (name, result.stderr, result.exception)
        assert result.stdout.strip(), name
        assert_safe(result.stdout + result.stderr, f"{name} --format {form}")
        if form == "tsv":
            rows = list(csv.reader(io.StringIO(result.stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
            assert len({len(row) for row in rows}) == 1, name  # no tab or line break from a source split a row
            assert_inert(rows, f"{name} --format tsv")
        elif form == "json":
            assert json.loads(result.stdout), name


def test_a_table_shows_markup_as_the_words_it_is(hostile_db):
    where, document_ids = hostile_db
    markup = HOSTILE["markup"]
    for args in (["figures"], ["quotes"], ["actors"], ["reviews"], ["history"], ["history", markup]):
        result = invoke(*args, "--db", where)
        assert result.exit_code == 0, (args, result.stderr)
        assert markup in result.stdout, args
    shown = [invoke("show", d, "--db", where).stdout for d in document_ids]
    assert any(markup in text and "[/bold] closing" not in text for text in shown)
    assert any("[/bold] closing nothing" in text for text in shown)


def test_json_keeps_every_hostile_string_escaped_and_whole(hostile_db):
    where, _ = hostile_db
    result = invoke("quotes", "--format", "json", "--db", where)
    assert "\\u009b" in result.stdout and "\\u202e" in result.stdout and "\\u001b" in result.stdout
    assert {s["speaker"] for s in json.loads(result.stdout)} == set(HOSTILE.values())


def test_a_plain_negative_number_stays_a_number(hostile_db):
    where, _ = hostile_db
    rows = list(csv.reader(io.StringIO(invoke("quotes", "--format", "tsv", "--db", where).stdout), delimiter="\t"))
    speakers = {row[0] for row in rows[1:]}
    assert "-5" in speakers and "'-5" not in speakers
    assert {"'-2+3", "'+1+1", "'@SUM(A1:A9)", "' =1+1", '\'=HYPERLINK("https://evil.example","open")'} <= speakers


@pytest.mark.parametrize("args", [["--format", "json"], ["--format", "acled"]] + [
    ["--format", "csv", "--table", table] for table in CSV_TABLES])  # fmt: skip
def test_no_export_prints_a_control_character_or_formula(hostile_db, args):
    where, _ = hostile_db
    result = invoke("export", *args, "--db", where)
    assert result.exit_code == 0, result.stderr
    assert_safe(result.stdout + result.stderr, f"export {' '.join(args)}")
    if args[1] == "json":
        exported = json.loads(result.stdout)
        assert {d["title"] for d in exported["documents"]} == set(HOSTILE.values())  # escaped, not lost
        return
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) > 1, result.stdout
    assert_inert(rows, f"export {' '.join(args)}")


def test_the_statements_csv_keeps_a_negative_number_and_quotes_the_rest(hostile_db):
    where, _ = hostile_db
    exported = invoke("export", "-f", "csv", "--table", "statements", "--db", where).stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    speakers = {row["speaker"] for row in rows}
    assert "-5" in speakers and "'-2+3" in speakers and "'\ufffd=1+1" in speakers


def test_a_list_in_a_csv_cell_is_json_that_keeps_every_character(hostile_db):
    """A list (aliases, actors) is one cell of JSON, escaped as JSON is: read back, it is the list stored."""
    where, _ = hostile_db
    exported = invoke("export", "-f", "csv", "--table", "actors", "--db", where).stdout
    aliases = [json.loads(row["aliases"]) for row in csv.DictReader(io.StringIO(exported))]
    assert sorted(aliases) == sorted([bad] for bad in HOSTILE.values())


def test_export_names_its_file_safely(hostile_db, tmp_path):
    where, _ = hostile_db
    for name in ("[bold red]x.json", "\x1b[2Jcleared\x9b1m.json", "\u202enosj.exe"):
        target = tmp_path / name
        result = invoke("export", "-o", str(target), "--db", where)
        assert result.exit_code == 0, (name, result.stderr, result.exception)
        assert target.exists()
        assert_safe(result.stderr, f"export -o {name!r}")
        assert clean(name) in result.stderr


@pytest.mark.parametrize(
    "args",
    [["show", "\x1b[2J\x9b31m"], ["history", "\x1b]8;;https://evil.example\x07no such source"],
     ["figures", "--kind", "\x1b[2J"], ["review", "\x1b[2J", "--verify", "--by", "ana"]],
)  # fmt: skip
def test_an_error_quoting_what_was_given_is_one_clean_line(hostile_db, args):
    where, _ = hostile_db
    result = invoke(*args, "--db", where)
    assert result.exit_code == 2
    assert result.stderr.startswith("error:") and result.stderr.count("\n") == 1, result.stderr
    assert_safe(result.stdout + result.stderr, " ".join(args))


def test_a_review_by_a_hostile_name_says_so_cleanly(tmp_path):
    extraction, sighting = hostile_report(0, "csi", HOSTILE["csi"])
    where = str(tmp_path / "one.db")
    with Store.open(where) as store:
        store.add(extraction, snapshots=[sighting])
    figure = extraction.figures[0].id
    for by in (HOSTILE["csi"], HOSTILE["markup"], HOSTILE["stray_tag"]):
        result = invoke("review", figure, "--verify", "--by", by, "--note", HOSTILE["osc8"], "--db", where)
        assert result.exit_code == 0, (by, result.stderr, result.exception)
        assert_safe(result.stderr, "review")
    assert HOSTILE["markup"] in result.stderr or "[/bold]" in result.stderr


@pytest.mark.model
def test_ingest_and_watch_lines_are_clean(tmp_path):
    """File names from a directory are a source's words too: every line ingest and watch print about them."""
    folder = tmp_path / "reports"
    folder.mkdir()
    good = "Rescuers said 4 people were killed in the flood on Monday.\n"
    (folder / "\x1b[2J[bold red]x report.txt").write_text(good, encoding="utf-8")
    (folder / "\x9b31m\u202eempty.txt").write_bytes(b"")
    (folder / "\x1b]8;;evil.example\x07link.html").write_text("<html><body></body></html>", encoding="utf-8")
    where = str(tmp_path / "ledger.db")
    ingested = invoke("ingest", str(folder), "--db", where)
    assert ingested.exception is None or isinstance(ingested.exception, SystemExit), ingested.exception
    assert_safe(ingested.stdout + ingested.stderr, "ingest")
    assert "[bold red]x report.txt" in invoke("history", "--db", where).stdout
    (folder / "\x1b[2J[bold red]x report.txt").write_text(good.replace("4", "6"), encoding="utf-8")
    watched = invoke("watch", str(folder), "--once", "--db", where)
    assert watched.exception is None or isinstance(watched.exception, SystemExit), watched.exception
    assert_safe(watched.stdout + watched.stderr, "watch")
    assert "[bold red]x report.txt" in watched.stdout, watched.stdout


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"), ("-5", "-5"), ("-2.5", "-2.5"), ("-", "'-"), ("- 5", "'- 5"), ("-5e3", "'-5e3"),
        ("plain", "plain"), ("", ""), (-3, -3), (None, None), (True, True),
    ],
)  # fmt: skip
def test_inert_quotes_formulas_and_leaves_negative_numbers(value, expected):
    assert inert(value) == expected


def test_a_tsv_cell_is_clean_and_inert():
    assert tsv_cell("-5") == "-5" and tsv_cell("-5 people") == "'-5 people" and tsv_cell("\t=1") == "' =1"
    assert tsv_cell("\x1b[2J\x9b1m=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"


def test_a_csv_cell_keeps_its_offsets_but_no_control_character():
    text = to_csv([{"a": "one\x1b[2Jtwo\x9bthree\u202e", "b": "line\nbreak\ttab"}], ["a", "b"])
    assert text == 'a,b\none\ufffd[2Jtwo\ufffdthree\ufffd,"line\nbreak\ttab"\n'


def test_serve_names_its_store_safely(tmp_path, monkeypatch):
    import uvicorn

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: served.append(options))
    where = str(tmp_path / "[bold]\x1b[2Jteam\x9b1m.db")
    Store.open(where).close()
    result = invoke("serve", "--db", where)
    assert result.exit_code == 0 and served, (result.stderr, result.exception)
    assert_safe(result.stderr, "serve")
    assert "/[bold]team.db at" in result.stderr


@pytest.mark.parametrize("path", ["/api/v1/figures", "/api/v1/statements", "/api/v1/documents", "/api/v1/ledger"])
def test_the_api_answers_json_with_nothing_that_acts_on_a_terminal(hostile_db, path):
    """An answer read with curl reaches a terminal too: C1 controls and bidi overrides are \\u escapes."""
    from fastapi.testclient import TestClient

    from crisisledger.web.app import Settings, create_app

    where, _ = hostile_db
    with TestClient(create_app(Settings(db=where))) as client:
        answer = client.get(path, params={"limit": 100})
    assert answer.status_code == 200, answer.text
    assert_safe(answer.text, path)
    assert "\\u009b" in answer.text or "\\u202e" in answer.text
    assert HOSTILE["c1_csi"] in json.dumps(answer.json(), ensure_ascii=False)  # escaped, not lost
