"""The first acceptance case: the seed report, ingested and exported through the command line."""

import json

import pytest
from typer.testing import CliRunner

from crisisledger.cli import app

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def exported(seed_path, tmp_path_factory, store_at):
    runner = CliRunner()
    with store_at(tmp_path_factory.mktemp("seed"), "seed") as db:
        result = runner.invoke(app, ["ingest", str(seed_path), "--db", db])
        assert result.exit_code == 0, result.output
        result = runner.invoke(app, ["export", "--format", "json", "--db", db])
        assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def find(data, **wanted):
    found = [f for f in data["figures"] if all(f[k] == v for k, v in wanted.items())]
    assert len(found) == 1, (wanted, [(f["kind"], f["min"], f["max"]) for f in data["figures"]])
    return found[0]


def test_document_metadata_from_the_header(exported):
    (document,) = exported["documents"]
    assert document["published"] == "2022-01-10"
    assert document["title"].startswith("Kazakhstan, 8 thousand arrests and 164 dead")


def test_detained_7989(exported):
    figure = find(exported, kind="detained", min=7989)
    assert figure["max"] == 7989 and not figure["approximate"]
    assert figure["as_of"] == "2022-01-10"
    assert figure["place"]["name"] == "Kazakhstan" and figure["place"]["country_code"] == "KZ"
    assert figure["claimant"] == "Ministry of Internal Affairs"
    assert figure["status"] == "asserted"
    assert "7,989" in figure["evidence"]["text"]


def test_detained_about_8000(exported):
    figure = find(exported, kind="detained", min=8000)
    assert figure["approximate"] and figure["max"] == 8000
    assert figure["place"]["country_code"] == "KZ"


def test_killed_164_denied_then_withdrawn(exported):
    figure = find(exported, kind="killed", min=164)
    assert figure["as_of"] == "2022-01-10"
    assert figure["place"]["name"] == "Kazakhstan"
    assert figure["claimant"] == "Kazakhstan Operational Headquarters"
    assert figure["cited_source"] == "Ministry of Health"
    assert figure["status"] == "withdrawn"
    changes = [(c["status"], c["by"]) for c in exported["status_changes"] if c["figure_id"] == figure["id"]]
    assert ("denied", "Ministry of Health") in changes
    assert changes[-1][0] == "withdrawn"


def test_killed_dozens(exported):
    figure = find(exported, kind="killed", vague=True)
    assert figure["min"] == 12 and figure["max"] is None
    assert figure["place"]["country_code"] == "KZ"


def test_participants_in_almaty(exported):
    figure = find(exported, kind="participants")
    assert (figure["min"], figure["max"]) == (10000, 15000)
    assert figure["as_of"] == "2022-01-04"
    assert figure["place"]["name"] == "Almaty"
    assert figure["place"]["geonames_id"] == 1526384
    assert figure["claimant"] == "Dimash Alzhanov"


def test_no_figure_for_money_durations_or_years(exported):
    values = {(f["min"], f["max"]) for f in exported["figures"]}
    assert not values & {(200, 200), (5, 5), (2019, 2019), (11, 11), (1, 1)}
    assert len(exported["figures"]) == 5


def test_evidence_points_into_the_original_text(exported, seed_path):
    text = seed_path.read_text(encoding="utf-8")
    for record in exported["figures"] + exported["statements"] + exported["status_changes"]:
        evidence = record["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_statements_have_their_speakers(exported):
    speakers = {(s["speaker"], s["stance"]) for s in exported["statements"]}
    assert ("Ministry of Health", "denies") in speakers
    texts = {s["text"]: s["speaker"] for s in exported["statements"]}
    assert texts["We will never shoot peaceful demonstrators"] == "Kassym-Jomart Tokayev"
    assert texts["The military has closed the city"] == "Dimash Alzhanov"
