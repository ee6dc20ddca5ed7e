"""The ACLED-compatible export (crisisledger.acled): one row per incident of an ACLED type, with ACLED's
conservative fatality rule; written on records made for the test."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

import pytest

from crisisledger.acled import ACLED_COLUMNS, acled_rows, fatalities
from crisisledger.export import to_csv
from crisisledger.reconcile import Incident
from crisisledger.records import Document, Event, Evidence, Figure, Place

TEXT = "Gunmen attacked a market in Tsaro on Friday, killing at least 12 people; residents said 15 died."
DOC = Document.from_text(TEXT, outlet="Sahel Wire", published=date(2023, 3, 4))
WORDS = Evidence.of(DOC, 0, len(TEXT))
TSARO = Place("Tsaro", "NG", 12.0, 6.0, 1, "city")


def toll(id: str, value: int | None, **fields) -> Figure:
    return Figure(id, DOC.id, "killed", value, value, WORDS, **fields)


LOW, HIGH = toll("fig-low", 12), toll("fig-high", 15)


def incident(*figure_ids: str, type: str = "violence_against_civilians") -> Incident:
    event = Event("ev-1", DOC.id, type, WORDS, subtype="attack", date_start=date(2023, 3, 3), place=TSARO,
                  actors=("gunmen",), figure_ids=figure_ids)  # fmt: skip
    return Incident("inc-0a1b2c", type, TSARO, date(2023, 3, 3), date(2023, 3, 3), (event,), (DOC.id,), 1)


def test_the_lowest_standing_toll_is_the_incidents_fatalities() -> None:
    figures = {f.id: f for f in (LOW, HIGH)}
    assert fatalities(incident("fig-low", "fig-high"), figures) == 12
    assert fatalities(incident("fig-low", "fig-high"), figures, {"fig-low": "withdrawn"}) == 15
    assert fatalities(incident("fig-low", "fig-high"), {**figures, "fig-low": replace(LOW, review="rejected")}) == 15
    assert fatalities(incident(), figures) == 0


def test_a_vague_toll_counts_its_floor_and_an_upper_bound_alone_counts_nothing() -> None:
    dozens = toll("fig-dozens", 12, vague=True)
    up_to = replace(toll("fig-up-to", None), max=30)
    assert fatalities(incident("fig-dozens"), {"fig-dozens": dozens}) == 12
    assert fatalities(incident("fig-up-to"), {"fig-up-to": up_to}) == 0


def test_a_row_in_acleds_columns_and_no_row_for_our_own_types() -> None:
    rows = acled_rows([incident("fig-low"), incident(type="disaster")], [LOW], [DOC])
    assert len(rows) == 1
    parsed = next(csv.DictReader(io.StringIO(to_csv(rows, ACLED_COLUMNS))))
    assert list(parsed) == ACLED_COLUMNS
    assert (parsed["event_date"], parsed["disorder_type"], parsed["event_type"], parsed["sub_event_type"]) == (
        "2023-03-03",
        "Political violence",
        "Violence against civilians",
        "Attack",
    )
    assert (parsed["country"], parsed["location"], parsed["geo_precision"], parsed["fatalities"]) == (
        "Nigeria",
        "Tsaro",
        "1",
        "12",
    )
    assert (parsed["actor1"], parsed["source"], parsed["event_id_cnty"]) == ("gunmen", "Sahel Wire", "NG0a1b2c")
    again = acled_rows([incident("fig-low")], [LOW], [DOC])
    assert again == rows  # the same reports, the same rows (the timestamp is the latest report's day)


@pytest.mark.model
def test_export_format_acled_on_the_command_line(tmp_path, nlp, db) -> None:
    from typer.testing import CliRunner

    from crisisledger.cli import app

    source = tmp_path / "raid.txt"
    source.write_text(
        "title: Gunmen kill villagers in Tsaro\noutlet: Sahel Wire\ndate: 2023-03-04\n\n"
        "Gunmen attacked villagers in Tsaro on Friday and killed 12 people, police said.\n",
        encoding="utf-8",
    )
    assert CliRunner().invoke(app, ["ingest", str(source), "--db", db]).exit_code == 0
    result = CliRunner().invoke(app, ["export", "--format", "acled", "--db", db])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ACLED_COLUMNS
    assert [(r["event_type"], r["fatalities"]) for r in rows] == [("Violence against civilians", "12")]
