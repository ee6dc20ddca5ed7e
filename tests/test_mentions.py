"""Place mentions and time expressions: found once by the Context, kept as records, exported as `places` and
`time_expressions` (issue 8). Every text here is written for these tests."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from crisisledger.cli import app
from crisisledger.export import CSV_COLUMNS, CSV_TABLES, to_csv, to_json
from crisisledger.extract.mentions import place_mentions, time_expressions
from crisisledger.extract.places import gazetteer
from crisisledger.ingest.text import read_text
from crisisledger.pipeline import analyse
from crisisledger.records import Document, Evidence, Extraction, Place, PlaceMention, TimeExpression

FLOOD = (
    "title: Flood waters reach Aktau\noutlet: Test Wire\ndate: 2023-04-12\n\n"
    "Flood water reached Aktau on Tuesday morning, and rescuers moved 300 residents to shelters in the "
    "Mangystau region, officials in Astana said. The evacuation took three days.\n\n"
    "Officials in Aktau brief reporters weekly, and a spokesman in Geneva said last week that Kazakhstan had "
    "asked for pumps.\n"
)


def flood() -> Document:
    return read_text(FLOOD.encode("utf-8"), source="flood.txt")


# -- the gazetteer's admin1, without the model ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Aktau", "Mangystau Region"),  # tied through the region's capital in places.yml
        ("Los Angeles", "California"),  # the same code in GeoNames and ISO 3166-2
        ("Mangystau", "Mangystau Region"),  # a region lies in itself
        ("Kazakhstan", None),  # a country lies in no region
        ("Almaty", None),  # a city that is a region of its own: no tie is known, so none is guessed
    ],
)
def test_admin1_is_the_region_the_gazetteer_can_tie_a_place_to(name: str, admin1: str | None) -> None:
    place = gazetteer().lookup(name)
    assert place is not None
    assert gazetteer().admin1(place) == admin1


def test_admin1_of_a_place_the_gazetteer_never_made_is_none() -> None:
    assert gazetteer().admin1(Place("Nowhere", "KZ", 1.0, 2.0, 1, "city")) is None
    assert gazetteer().admin1(Place("Nowhere")) is None


# -- export shapes, without the model ------------------------------------------------------------------------


def mentioned() -> Extraction:
    document = Document.from_text("date: 2023-04-12\n\nRescuers reached Aktau on Tuesday.", body_start=18)
    at = document.text.index
    aktau = Place("Aktau", "KZ", 43.66105, 51.17392, 610612, "city")
    return Extraction(
        document,
        places=(PlaceMention(document.id, Evidence.of(document, at("Aktau"), at(" on")), aktau, "Mangystau Region"),),
        time_expressions=(
            TimeExpression(document.id, Evidence.of(document, at("Tuesday"), at(".")), "DATE", "2023-04-11"),
        ),
    )


def test_places_and_time_expressions_export_flat_with_their_spans() -> None:
    extraction = mentioned()
    data = to_json(
        [extraction.document], [], [], [], places=extraction.places, time_expressions=extraction.time_expressions
    )
    document_id = extraction.document.id
    assert data["places"] == [
        {
            "document_id": document_id,
            "start": 35,
            "end": 40,
            "text": "Aktau",
            "name": "Aktau",
            "country_code": "KZ",
            "admin1": "Mangystau Region",
            "lat": 43.66105,
            "lon": 51.17392,
            "geonames_id": 610612,
        }
    ]
    assert data["time_expressions"] == [
        {"document_id": document_id, "start": 44, "end": 51, "text": "Tuesday", "type": "DATE", "value": "2023-04-11"}
    ]
    assert extraction.document.text[35:40] == "Aktau" and extraction.document.text[44:51] == "Tuesday"


def test_nothing_already_exported_changes() -> None:
    data = to_json([], [], [], [])
    assert list(data) == [
        "schema",
        "documents",
        "figures",
        "status_changes",
        "statements",
        "actors",
        "roles",
        "events",
        "places",
        "time_expressions",
        "reviews",  # added after them (docs/export.md)
    ]
    assert data["places"] == data["time_expressions"] == data["reviews"] == []
    assert CSV_TABLES[:7] == ("figures", "status_changes", "statements", "documents", "actors", "roles", "events")


def test_places_and_time_expressions_are_csv_tables() -> None:
    extraction = mentioned()
    data = to_json([], [], [], [], places=extraction.places, time_expressions=extraction.time_expressions)
    places = list(csv.DictReader(io.StringIO(to_csv(data["places"], CSV_COLUMNS["places"]))))
    assert places == [
        {
            "document_id": extraction.document.id,
            "start": "35",
            "end": "40",
            "text": "Aktau",
            "name": "Aktau",
            "country_code": "KZ",
            "admin1": "Mangystau Region",
            "lat": "43.66105",
            "lon": "51.17392",
            "geonames_id": "610612",
        }
    ]
    times = to_csv(data["time_expressions"], CSV_COLUMNS["time_expressions"])
    assert times.splitlines() == [
        "document_id,start,end,text,type,value",
        f"{extraction.document.id},44,51,Tuesday,DATE,2023-04-11",
    ]


# -- with the model ------------------------------------------------------------------------------------------


@pytest.mark.model
def test_every_resolved_place_is_kept_with_its_span_in_the_original_text(nlp) -> None:
    document = flood()
    extraction = next(analyse([document], nlp=nlp))
    found = [(m.evidence.text, m.place.name, m.place.country_code, m.admin1) for m in extraction.places]
    assert found == [
        ("Aktau", "Aktau", "KZ", "Mangystau Region"),  # the title's: a headline is read too
        ("Aktau", "Aktau", "KZ", "Mangystau Region"),
        ("Mangystau region", "Mangystau Region", "KZ", "Mangystau Region"),
        ("Astana", "Astana", "KZ", None),
        ("Aktau", "Aktau", "KZ", "Mangystau Region"),
        ("Geneva", "Geneva", "CH", "Genève"),
        ("Kazakhstan", "Kazakhstan", "KZ", None),
    ]
    for mention in extraction.places:
        assert mention.document_id == document.id == mention.evidence.document_id
        assert document.text[mention.evidence.start : mention.evidence.end] == mention.evidence.text
        # the header's other lines are metadata, not places; its title is read
        assert mention.evidence.start >= document.text.index("Flood waters")
    # Geneva and Astana carry no figure: places are every resolved name, not only those figures use.
    figure_places = {f.place.name for f in extraction.figures if f.place}
    assert {"Geneva", "Astana"} - figure_places == {"Geneva", "Astana"}


@pytest.mark.model
def test_every_time_expression_is_kept_with_its_timex3_type_and_value(nlp) -> None:
    extraction = next(analyse([flood()], nlp=nlp))
    found = [(t.evidence.text, t.type, t.value) for t in extraction.time_expressions]
    assert found == [
        ("Tuesday morning", "TIME", "2023-04-11TMO"),
        ("three days", "DURATION", "P3D"),
        ("weekly", "SET", "P1W"),
        ("last week", "DATE", "2023-W14"),
    ]
    text = extraction.document.text
    assert all(text[t.evidence.start : t.evidence.end] == t.evidence.text for t in extraction.time_expressions)


@pytest.mark.model
def test_the_records_are_what_the_context_found_not_a_second_reading(context_of) -> None:
    ctx = context_of("The curfew in Aktau starts at 9:00 pm on Friday and lasts 48 hours.", published=date(2023, 4, 12))
    expressions = time_expressions(ctx)
    assert [(t.type, t.value) for t in expressions] == [(x.type, x.value) for x in ctx.timexes]
    assert [(t.evidence.start, t.evidence.end) for t in expressions] == [(x.start, x.end) for x in ctx.timexes]
    assert [(t.type, t.value) for t in expressions] == [
        ("TIME", "2023-04-12T21:00"),
        ("DATE", "2023-04-07"),
        ("DURATION", "PT48H"),
    ]
    assert [m.place for m in place_mentions(ctx)] == [place for _, place in ctx.places]


@pytest.mark.model
def test_a_relative_date_in_an_undated_report_keeps_no_value(analyse_text) -> None:
    extraction = analyse_text(
        "Since 2019 the river at Atyrau has flooded twice. Last week it rose again.", published=None
    )
    assert [(t.evidence.text, t.type, t.value) for t in extraction.time_expressions] == [
        ("Since 2019", "DATE", "2019"),
        ("Last week", "DATE", None),
    ]


@pytest.mark.model
def test_spans_point_into_the_text_as_read_when_repair_changed_it(nlp) -> None:
    # Mojibake before the names: the repaired text is shorter than the original, the spans are not.
    text = (
        "date: 2023-04-12\n\n"
        "The cafÃ© owners said the storm hit Aktau on Tuesday; the Ã©cole in Atyrau shut for two days.\n"
    )
    document = read_text(text.encode("utf-8"), source="storm.txt")
    extraction = next(analyse([document], nlp=nlp))
    assert [(m.evidence.start, m.evidence.text) for m in extraction.places] == [
        (text.index("Aktau"), "Aktau"),
        (text.index("Atyrau"), "Atyrau"),
    ]
    assert [(t.evidence.start, t.evidence.text) for t in extraction.time_expressions] == [
        (text.index("Tuesday"), "Tuesday"),
        (text.index("two days"), "two days"),
    ]


@pytest.mark.model
def test_the_same_report_gives_the_same_records_in_text_order(nlp) -> None:
    first, second = (next(analyse([flood()], nlp=nlp)) for _ in range(2))
    assert (first.places, first.time_expressions) == (second.places, second.time_expressions)
    for records in (first.places, first.time_expressions):
        spans = [(r.evidence.start, r.evidence.end) for r in records]
        assert spans == sorted(set(spans))


@pytest.mark.model
def test_export_through_the_cli_lists_places_and_time_expressions(tmp_path, db) -> None:
    runner = CliRunner()
    (tmp_path / "flood.txt").write_text(FLOOD, encoding="utf-8")
    (tmp_path / "undated.txt").write_text("Workers in Atyrau struck for two days.\n", encoding="utf-8")
    assert (
        runner.invoke(app, ["ingest", str(tmp_path / "flood.txt"), str(tmp_path / "undated.txt"), "--db", db]).exit_code
        == 0
    )

    data = json.loads(runner.invoke(app, ["export", "--format", "json", "--db", db]).stdout)
    assert {"documents", "figures", "status_changes", "statements", "actors", "roles", "events"} <= data.keys()
    texts = {d["id"]: d for d in data["documents"]}
    dated, undated = (d["id"] for d in data["documents"])  # by publication date, the undated last
    assert texts[dated]["published"] == "2023-04-12" and texts[undated]["published"] is None
    assert [(p["document_id"], p["text"], p["admin1"]) for p in data["places"]] == [
        (dated, "Aktau", "Mangystau Region"),  # the title's
        (dated, "Aktau", "Mangystau Region"),
        (dated, "Mangystau region", "Mangystau Region"),
        (dated, "Astana", None),
        (dated, "Aktau", "Mangystau Region"),
        (dated, "Geneva", "Genève"),
        (dated, "Kazakhstan", None),
        (undated, "Atyrau", "Atyrau Region"),
    ]
    assert [(t["document_id"], t["text"], t["type"], t["value"]) for t in data["time_expressions"]] == [
        (dated, "Tuesday morning", "TIME", "2023-04-11TMO"),
        (dated, "three days", "DURATION", "P3D"),
        (dated, "weekly", "SET", "P1W"),
        (dated, "last week", "DATE", "2023-W14"),
        (undated, "two days", "DURATION", "P2D"),
    ]
    sources = {dated: FLOOD, undated: "Workers in Atyrau struck for two days.\n"}
    for row in [*data["places"], *data["time_expressions"]]:
        assert sources[row["document_id"]][row["start"] : row["end"]] == row["text"]

    places = runner.invoke(app, ["export", "--format", "csv", "--table", "places", "--db", db])
    assert places.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(places.stdout)))
    assert list(rows[0]) == CSV_COLUMNS["places"] and len(rows) == 8
    times = runner.invoke(app, ["export", "--format", "csv", "--table", "time_expressions", "--db", db])
    assert times.stdout.splitlines()[0] == "document_id,start,end,text,type,value"
    assert len(times.stdout.splitlines()) == 6
