"""The terminal views for daily work: formats, widths, validated filters, missing stores, id prefixes,
metadata options. The reports here are written for these tests."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crisisledger.cli import app
from crisisledger.cli.common import clean, say, tsv_cell
from crisisledger.records import content_id
from crisisledger.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

HARBOUR = (
    "title: Floods in Mombasa\noutlet: Lagoon Courier\ndate: 2023-03-14\n\n"
    "Floods killed 12 people in Mombasa on Tuesday, the Interior Ministry said. "
    "Rescuers evacuated 2,400 residents of Mombasa on Tuesday, the city council said.\n"
)
LATER = (
    "title: Mombasa toll rises\noutlet: Delta Daily\ndate: 2023-03-17\n\n"
    "The Interior Ministry said on Friday that 19 people were killed in Mombasa. "
    "Local volunteers said on Friday that 300 people were injured in Mombasa.\n"
)
# A source that tries to reach the terminal and the spreadsheet: an escape sequence and a formula.
HOSTILE = (
    "title: Market fire\ndate: 2023-04-02\n\n"
    "Firefighters said 7 people were injured in the market fire. \x1b[2J\x1b[31mALERT\x1b[0m "
    '"=HYPERLINK(1)\tclick" the caretaker said.\n'
)

VIEWS = ["ledger", "figures", "incidents", "timeline", "actors", "events", "quotes", "history"]


def invoke(*args, columns=None, **kwargs):
    env = {"COLUMNS": None if columns is None else str(columns)}
    return CliRunner().invoke(app, [str(a) for a in args], env=env, **kwargs)


@pytest.fixture(scope="module")
def views_db(tmp_path_factory, store_at):
    """The three reports, ingested once for the module's read-only tests (on each database)."""
    folder = tmp_path_factory.mktemp("views")
    for name, text in (("harbour.txt", HARBOUR), ("later.txt", LATER), ("hostile.txt", HOSTILE)):
        (folder / name).write_text(text, encoding="utf-8")
    with store_at(folder, "ledger") as where:
        result = invoke("ingest", folder / "harbour.txt", folder / "later.txt", folder / "hostile.txt", "--db", where)
        assert result.exit_code == 0, result.stderr
        yield where


# A store that does not exist -------------------------------------------------------------------------------
# SQLite only: a missing store is a file that is not there (a PostgreSQL database is created by its server).


@pytest.mark.parametrize("command", [*VIEWS, "show abcd", "export"])
def test_a_read_command_on_a_missing_store_says_so_and_creates_nothing(command, tmp_path):
    path = tmp_path / "nowhere.db"
    result = invoke(*command.split(), "--db", path)
    assert result.exit_code != 0
    assert result.stderr.count("\n") == 1 and "no store at" in result.stderr and str(path) in result.stderr
    assert not path.exists()


def test_the_environment_store_is_checked_too(tmp_path, monkeypatch):
    monkeypatch.setenv("CRISISLEDGER_DB", str(tmp_path / "elsewhere.db"))
    result = invoke("figures")
    assert result.exit_code != 0 and "no store at" in result.stderr
    assert not (tmp_path / "elsewhere.db").exists()


# Validated filters ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "listed"),
    [
        (["figures", "--kind", "deaths"], "killed"),
        (["ledger", "--kind", "deaths"], "displaced"),
        (["quotes", "--stance", "deny"], "denies"),
        (["figures", "--status", "rejected"], "withdrawn"),
        (["ledger", "--status", "false"], "disputed"),
        (["actors", "--type", "people"], "organization"),
        (["events", "--type", "riot"], "riots"),
        (["incidents", "--type", "riot"], "protests"),
        (["figures", "--format", "xls"], "tsv"),
        (["export", "--format", "xml"], "csv"),
        (["figures", "--since", "last week"], "YYYY-MM-DD"),
        (["ledger", "--until", "2023-13-01"], "YYYY-MM-DD"),
    ],
)
def test_a_bad_filter_value_is_one_line_listing_the_valid_ones(args, listed, tmp_path):
    result = invoke(*args, "--db", tmp_path / "any.db")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error:"), result.stderr
    assert listed in result.stderr
    assert result.stdout == ""


# Formats --------------------------------------------------------------------------------------------------


@pytest.mark.model
def test_json_views_are_the_export_records(views_db):
    exported = json.loads(invoke("export", "--db", views_db).stdout)
    figures = json.loads(invoke("figures", "--format", "json", "--db", views_db).stdout)
    assert figures == exported["figures"]
    assert json.loads(invoke("ledger", "--format", "json", "--db", views_db).stdout) == exported["ledger_lines"]
    assert json.loads(invoke("incidents", "--format", "json", "--db", views_db).stdout) == exported["incidents"]
    assert json.loads(invoke("quotes", "--format", "json", "--db", views_db).stdout) == exported["statements"]
    assert json.loads(invoke("actors", "--format", "json", "--db", views_db).stdout) == exported["actors"]
    assert json.loads(invoke("events", "--format", "json", "--db", views_db).stdout) == exported["events"]
    killed = json.loads(invoke("figures", "--kind", "killed", "--format", "json", "--db", views_db).stdout)
    assert killed == [f for f in exported["figures"] if f["kind"] == "killed"]
    timeline = json.loads(invoke("timeline", "--format", "json", "--db", views_db).stdout)
    assert timeline and {"date", "what", "text", "id"} <= set(timeline[0])
    history = json.loads(invoke("history", "--format", "json", "--db", views_db).stdout)
    assert len(history) == 3 and all(h["change"] == "new" for h in history)
    document = exported["documents"][0]["id"]
    shown = json.loads(invoke("show", document[:6], "--format", "json", "--db", views_db).stdout)
    assert shown["id"] == document and shown["figures"] == [f for f in figures if f["document_id"] == document]


@pytest.mark.model
@pytest.mark.parametrize("command", [*VIEWS, "show"])
def test_tsv_has_a_header_and_one_row_per_record(views_db, command):
    args = [command]
    if command == "show":
        args.append(json.loads(invoke("export", "--db", views_db).stdout)["documents"][0]["id"][:8])
    result = invoke(*args, "--format", "tsv", "--db", views_db)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) >= (1 if command in ("incidents", "events") else 2), result.stdout
    assert all(len(row) == len(rows[0]) for row in rows)
    assert "\x1b" not in result.stdout


@pytest.mark.model
def test_nothing_from_a_source_reaches_the_terminal_or_a_spreadsheet_unescaped(views_db):
    for command in ("quotes", "figures", "ledger", "timeline", "actors"):
        for form in ("table", "tsv", "json"):
            output = invoke(command, "--format", form, "--db", views_db, columns=120).stdout
            assert "\x1b" not in output, (command, form)
    quotes = invoke("quotes", "--format", "tsv", "--db", views_db).stdout
    (formula,) = [line for line in quotes.splitlines() if "HYPERLINK" in line]
    assert "\t'=HYPERLINK(1) click\t" in formula
    documents = json.loads(invoke("export", "--db", views_db).stdout)["documents"]
    document = next(d for d in documents if d["title"] == "Market fire")
    shown = invoke("show", document["id"], "--db", views_db, columns=120).stdout
    assert "\x1b" not in shown and "ALERT" in shown


def test_messages_on_stderr_are_one_clean_line(capsys):
    say("warning", "report.txt: \x1b[2Jtitle\nwith a break")
    assert capsys.readouterr().err == "warning: report.txt: title with a break\n"


def test_cells_are_cleaned_and_formulas_neutralised():
    assert clean("a\x1b]8;;http://x.example\x07link\x1b]8;;\x07 b\x07\u202e") == "alink b"
    assert clean("one\ttwo\nthree") == "one two three"
    assert clean("one\ntwo", keep_lines=True) == "one\ntwo"
    for risky in ("=1+1", "+1", "-1+1", "@SUM(A1)"):
        assert tsv_cell(risky) == "'" + risky
    assert tsv_cell("-1") == "-1"  # a plain negative number is no formula
    assert tsv_cell("a\tb\nc") == "a b | c"
    assert tsv_cell(None) == "" and tsv_cell(12) == "12"


# Widths ---------------------------------------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("columns", [80, 200, None])
@pytest.mark.parametrize("command", VIEWS)
def test_every_view_fits_and_breaks_no_token(views_db, command, columns):
    """At 80 and 200 columns, and piped (160): no line is wider than the terminal, and every date, value
    and document id of the records is printed whole."""
    result = invoke(command, "--db", views_db, columns=columns)
    assert result.exit_code == 0, result.stderr
    width = columns or 160
    assert all(len(line.rstrip()) <= width for line in result.stdout.splitlines()), result.stdout
    records = json.loads(invoke(command, "--format", "json", "--db", views_db).stdout)
    text = json.dumps(records, ensure_ascii=False)
    dated = r'"(?:as_of|date|date_start|date_end|period)": "(\d{4}-\d{2}-\d{2})"'
    for day in set(re.findall(dated, text)):
        assert day in result.stdout, (command, day)
    if command == "figures":
        for figure in records:
            assert f"{figure['min']:,}" in result.stdout and figure["document_id"][:8] in result.stdout
    for word in ("Mombasa", "Internal", "Ministry"):
        if word in text and command in ("ledger", "figures"):
            assert word in result.stdout, (command, word)


@pytest.mark.model
def test_show_reads_at_80_columns(views_db):
    document = json.loads(invoke("export", "--db", views_db).stdout)["documents"][0]["id"]
    result = invoke("show", document[:5], "--db", views_db, columns=80)
    assert result.exit_code == 0
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


# Filters --------------------------------------------------------------------------------------------------


def _kinds_and_values(views_db, *args):
    figures = json.loads(invoke("figures", *args, "--format", "json", "--db", views_db).stdout)
    return sorted((f["kind"], f["min"]) for f in figures)


@pytest.mark.model
def test_figure_filters(views_db):
    assert _kinds_and_values(views_db, "--kind", "killed") == [("killed", 12), ("killed", 19)]
    assert ("evacuated", 2400) in _kinds_and_values(views_db, "--place", "mombasa")
    assert ("injured", 7) not in _kinds_and_values(views_db, "--place", "mombasa")
    assert _kinds_and_values(views_db, "--claimant", "internal affairs") == [("killed", 12), ("killed", 19)]
    assert _kinds_and_values(views_db, "--since", "2023-03-15", "--until", "2023-03-31") == [
        ("injured", 300),
        ("killed", 19),
    ]
    assert _kinds_and_values(views_db, "--until", "2023-03-14") == [("evacuated", 2400), ("killed", 12)]
    assert _kinds_and_values(views_db, "--status", "withdrawn") == []
    official = _kinds_and_values(views_db, "--official")
    assert ("killed", 19) in official and ("injured", 300) not in official


@pytest.mark.model
def test_ledger_filters(views_db):
    def kinds(*args):
        lines = json.loads(invoke("ledger", *args, "--format", "json", "--db", views_db).stdout)
        return sorted(line["kind"] for line in lines)

    assert kinds("--kind", "killed") == ["killed"]
    assert "killed" in kinds("--place", "Mombasa") and kinds("--place", "Atlantis") == []
    assert kinds("--claimant", "internal") == ["killed"]
    assert kinds("--since", "2023-04-01") == ["injured"]
    assert "killed" in kinds("--official") and "injured" not in kinds("--official")
    assert kinds("--status", "asserted") == kinds()
    table = invoke("ledger", "--kind", "killed", "--db", views_db, columns=200).stdout
    assert "19" in table and "evacuated" not in table


# show and ingest's metadata -------------------------------------------------------------------------------


@pytest.mark.model
def test_show_takes_any_unique_prefix_and_names_the_candidates_of_an_ambiguous_one(tmp_path, db):
    texts, seen = [], {}
    for number in range(10, 200):  # two reports whose ids start alike, and others
        text = f"date: 2023-05-0{number % 9 + 1}\n\nOfficials said {number} people were evacuated from Lowmoor.\n"
        first = content_id(text)[0]
        if first in seen and len(texts) >= 2:
            texts.append(text)
            pair = (seen[first], content_id(text))
            break
        seen.setdefault(first, content_id(text))
        if first not in {content_id(t)[0] for t in texts}:
            texts.append(text)
    assert pair[0] != pair[1]
    for index, text in enumerate(texts):
        (tmp_path / f"{index}.txt").write_text(text, encoding="utf-8")
    assert invoke("ingest", *sorted(tmp_path.glob("*.txt")), "--db", db).exit_code == 0
    ambiguous = invoke("show", pair[0][0], "--db", db)
    assert ambiguous.exit_code == 2 and ambiguous.stderr.count("\n") == 1
    assert pair[0] in ambiguous.stderr and pair[1] in ambiguous.stderr and "ambiguous" in ambiguous.stderr
    lone = next(content_id(t) for t in texts if content_id(t)[0] != pair[0][0])
    shown = invoke("show", lone[:1], "--db", db, columns=120)
    assert shown.exit_code == 0 and f"id {lone}" in shown.stdout
    assert invoke("show", lone.upper()[:3], "--db", db).exit_code == 0
    missing = invoke("show", "zzzz", "--db", db)
    assert missing.exit_code == 2 and missing.stderr.count("\n") == 1


@pytest.mark.model
def test_the_help_example_of_show_works_on_the_bundled_examples(db):
    help_text = invoke("show", "--help", columns=120).stdout
    (example,) = re.findall(r"crisisledger show ([0-9a-f]{8})\b", help_text)
    assert invoke("ingest", EXAMPLES, "--db", db).exit_code == 0
    result = invoke("show", example, "--db", db, columns=120)
    assert result.exit_code == 0, result.stderr
    assert "F1" in result.stdout


@pytest.mark.model
def test_metadata_options_override_the_header_and_the_text(tmp_path, db):
    (tmp_path / "headed.txt").write_text(HARBOUR, encoding="utf-8")
    (tmp_path / "bare.txt").write_text("Storm over Eastmere\n\nAbout 90 people were evacuated.\n", encoding="utf-8")
    options = ["--title", "Given title", "--outlet", "Given Outlet", "--published", "2024-02-02"]
    options += ["--url", "https://given.example/report"]
    result = invoke("ingest", tmp_path / "headed.txt", tmp_path / "bare.txt", *options, "--db", db)
    assert result.exit_code == 0, result.stderr
    with Store.open(db) as store:
        documents = store.documents()
    assert len(documents) == 2
    for document in documents:
        assert (document.title, document.outlet, document.url, str(document.published)) == (
            "Given title",
            "Given Outlet",
            "https://given.example/report",
            "2024-02-02",
        )
