"""The reconciled views on the command line: ledger (with --claims and --as-of), incidents, timeline."""

import json

import pytest
from typer.testing import CliRunner

from crisisledger.cli import app

pytestmark = pytest.mark.model

BODY = "Police in Almaty detained {} people, the Interior Ministry said.\n"
REPORTS = {
    "a.txt": "date: 2022-01-08\noutlet: Wire A\n\n" + BODY.format("4,404"),
    "b.txt": "date: 2022-01-10\noutlet: Wire B\n\n" + BODY.format("7,939"),
}


@pytest.fixture
def db(db, tmp_path):
    """The store of the conftest's `db` fixture (on each database), with both reports ingested."""
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", db])
    assert result.exit_code == 0, result.stderr
    return db


def run(*args):
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ledger_lines_claims_and_as_of(db):
    assert "7,939" in run("ledger", "--db", db)
    with_claims = run("ledger", "--claims", "--db", db)
    assert "4,404" in with_claims and "reported 2022-01-08" in with_claims
    earlier = run("ledger", "--as-of", "2022-01-09", "--db", db)
    assert "4,404" in earlier and "7,939" not in earlier


def test_incidents_timeline_and_export(db):
    assert "Incidents" in run("incidents", "--db", db)
    timeline = run("timeline", "--db", db)
    assert "2022-01-08" in timeline and "2022-01-10" in timeline
    data = json.loads(run("export", "--db", db))
    (line,) = [ln for ln in data["ledger_lines"] if ln["kind"] == "detained"]
    assert line["range"]["max"] == 7939 and [s["min"] for s in line["series"]] == [4404, 7939]
    assert "incidents" in data and "entities" in data


def test_a_bad_as_of_is_a_clear_error(db):
    result = CliRunner().invoke(app, ["ledger", "--as-of", "yesterday", "--db", db])
    assert result.exit_code == 2 and "'--as-of' must be a date" in result.output


def test_a_range_of_one_claim_is_that_claim_and_every_line_has_a_claim(db):
    shown = run("ledger", "--db", db)
    assert "7,939" in shown and "from 7,939" not in shown and "to 7,939" not in shown
    assert all(line["latest"] for line in json.loads(run("ledger", "--format", "json", "--db", db)))
