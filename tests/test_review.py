"""Human review (crisisledger.review): decisions as records of their own, applied over the machine's figures,
kept in the store on SQLite and PostgreSQL, and found again when a report is read anew."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from crisisledger import review
from crisisledger.records import Document, Evidence, Extraction, Figure, record_id
from crisisledger.review import ReviewError
from crisisledger.store import Store

TEXT = "Floods hit Port Lumen on Monday. Officials said 12 people died and 40 were hurt."
DOC = Document.from_text(TEXT, outlet="Harbour Herald", published=date(2023, 4, 12))
SENTENCE = (TEXT.index("Officials"), len(TEXT))
AT = datetime(2023, 4, 13, 9, 0, tzinfo=UTC)


def figure(kind: str = "killed", value: int = 12, at: tuple[int, int] = SENTENCE) -> Figure:
    return Figure(
        id=record_id("fig", DOC.id, kind, value),
        document_id=DOC.id,
        kind=kind,
        min=value,
        max=value,
        evidence=Evidence.of(DOC, *at),
        claimant="officials",
    )


KILLED, HURT = figure(), figure("injured", 40)


# Decisions -----------------------------------------------------------------------------------------------


def test_a_correction_is_one_review_per_field_with_old_and_new() -> None:
    settings = review.parse_settings(["min=14", "max=14", "claimant=Port Lumen city council"])
    rows = review.decide(KILLED, by="ana", settings=settings, note="council figure", at=AT)
    assert [(r.action, r.field, r.old, r.new) for r in rows] == [
        ("correct", "min", 12, 14),
        ("correct", "max", 12, 14),
        ("correct", "claimant", "officials", "Port Lumen city council"),
    ]
    assert {r.by for r in rows} == {"ana"} and {r.note for r in rows} == {"council figure"}
    assert len({r.id for r in rows}) == 3


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["deaths=3"], "unknown field 'deaths'; the fields are value, kind, min, max"),
        (["kind=deaths"], "kind='deaths' is not valid: kind is one of killed, injured"),
        (["min=many"], "min='many' is not valid"),
        (["as_of=yesterday"], "as_of='yesterday' is not valid: as_of is a date as YYYY-MM-DD"),
        (["status=fake"], "status='fake' is not valid: status is one of asserted"),
        (["min"], "'min' is not FIELD=VALUE"),
    ],
)
def test_a_wrong_field_or_value_is_one_clear_line(pairs, message) -> None:
    with pytest.raises(ReviewError) as caught:
        review.parse_settings(pairs)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_decision_is_exactly_one_of_verify_reject_or_set() -> None:
    with pytest.raises(ReviewError, match="exactly one"):
        review.decide(KILLED, by="ana", verify=True, reject=True)
    with pytest.raises(ReviewError, match="exactly one"):
        review.decide(KILLED, by="ana")
    with pytest.raises(ReviewError, match="--by"):
        review.decide(KILLED, by=" ", verify=True)


def test_a_correction_that_breaks_the_bounds_is_refused() -> None:
    with pytest.raises(ReviewError, match="min 20 is above max 12"):
        review.decide(KILLED, by="ana", settings=review.parse_settings(["min=20"]))


# Applying ------------------------------------------------------------------------------------------------


def test_reviews_apply_in_the_order_they_were_made() -> None:
    verified = review.decide(KILLED, by="ana", verify=True, at=AT)
    corrected = review.decide(
        KILLED, by="ben", settings=review.parse_settings(["min=14", "max=14"]), at=AT + timedelta(hours=1)
    )
    rejected = review.decide(HURT, by="ana", reject=True, at=AT)
    figures = review.reviewed([KILLED, HURT], [*corrected, *verified, *rejected])
    assert [(f.kind, f.min, f.review) for f in figures] == [("killed", 14, "corrected"), ("injured", 40, "rejected")]
    assert [f.kind for f in review.standing(figures)] == ["killed"]
    assert (KILLED.min, KILLED.review) == (12, None)  # the machine's record is left as it was


def test_an_added_figure_comes_from_the_words_it_names() -> None:
    start = TEXT.index("40 were hurt")
    settings = review.parse_settings(["kind=injured", "min=40", "max=40"])
    made, rows = review.added(DOC, start, start + len("40 were hurt"), by="ana", settings=settings, at=AT)
    assert (made.kind, made.min, made.claimant, made.evidence.text, made.review) == (
        "injured",
        40,
        "Harbour Herald",
        "40 were hurt",
        "added",
    )
    again = review.reviewed([KILLED], rows, {DOC.id: DOC})
    assert [(f.kind, f.min, f.review, f.evidence.text) for f in again] == [
        ("killed", 12, None, KILLED.evidence.text),
        ("injured", 40, "added", "40 were hurt"),
    ]


def test_an_added_figure_needs_a_kind_and_a_span_in_the_text() -> None:
    with pytest.raises(ReviewError, match="needs its kind"):
        review.added(DOC, 0, 5, by="ana", settings=review.parse_settings(["min=3"]))
    with pytest.raises(ReviewError, match="not inside the report"):
        review.added(DOC, 0, 10_000, by="ana", settings=review.parse_settings(["kind=killed", "min=3"]))


def test_a_re_read_figure_from_the_same_words_keeps_its_review() -> None:
    rows = review.decide(KILLED, by="ana", settings=review.parse_settings(["claimant=city council"]), at=AT)
    reread = replace(KILLED, id="fig-new-rules", kind="killed")  # the upgraded rules name it anew
    [after] = review.reviewed([reread], rows)
    assert (after.claimant, after.review) == ("city council", "corrected")
    assert review.orphans([reread], rows) == []


def test_a_review_whose_figure_is_gone_is_kept_and_reported() -> None:
    rows = review.decide(HURT, by="ana", verify=True, at=AT)
    assert review.reviewed([], rows) == []
    assert review.orphans([], rows) == rows


# The store -----------------------------------------------------------------------------------------------


def test_reviews_round_trip_through_the_store(db) -> None:
    with Store.open(db) as store:
        store.add(Extraction(DOC, figures=(KILLED, HURT)))
        place = review.parse_settings(["place=Port Lumen", "as_of=2023-04-10"])
        first = review.decide(KILLED, by="ana", settings=place, note="council", at=AT)
        second = review.decide(HURT, by="ben", reject=True, at=AT + timedelta(minutes=5))
        review.save(store, first)
        review.save(store, second)
        assert review.load(store) == [*first, *second]
        assert review.load(store, by="ben") == second
        assert [r["field"] for r in map(review.review_json, review.load(store))] == ["place", "as_of", None]


# Reading again -------------------------------------------------------------------------------------------


@pytest.mark.model
def test_reanalyse_replaces_records_and_keeps_reviews(db, nlp) -> None:
    from crisisledger.ingest.reanalyse import reanalyse
    from crisisledger.pipeline import analyse

    with Store.open(db) as store:
        extraction = next(analyse([DOC], nlp=nlp))
        store.add(extraction)
        killed = next(f for f in store.figures() if f.kind == "killed")
        fix = review.parse_settings(["min=14", "max=14"])
        review.save(store, review.decide(killed, by="ana", settings=fix, at=AT))
        # a stale record the old rules made, which no longer stands
        gone = figure("missing", 3)
        review.save(store, review.decide(gone, by="ana", verify=True, at=AT))

        result = reanalyse(store, nlp)

        assert (result.documents, result.failures) == (1, [])
        assert result.figures_before == result.figures_after == len(extraction.figures)
        assert [r.figure_id for r in result.orphans] == [gone.id]  # kept, and reported
        assert len(review.load(store)) == 3  # the correction (min and max) and the verification
        after = review.reviewed(store.figures(), review.load(store))
        assert [(f.kind, f.min, f.review) for f in after if f.kind == "killed"] == [("killed", 14, "corrected")]


def test_replacing_the_records_of_a_document_never_stored_is_refused(db) -> None:
    from crisisledger.errors import StoreError

    with Store.open(db) as store, pytest.raises(StoreError, match="not in the store"):
        store.replace_records(Extraction(DOC, figures=(KILLED,)))


# The command line, end to end ----------------------------------------------------------------------------

REPORT = (
    "title: Storm toll rises in Port Lumen\noutlet: Harbour Herald\ndate: 2023-04-12\n\n"
    "Officials said 12 people died and 40 were hurt in Port Lumen on Monday. "
    "Rescuers said 30 families lost their homes.\n"
)


@pytest.mark.model
def test_review_reviews_reanalyse_and_export_on_the_command_line(tmp_path, db) -> None:
    import json

    from typer.testing import CliRunner

    from crisisledger.cli import app

    def run(*args: str) -> object:
        return CliRunner().invoke(app, [*args, "--db", db])

    source = tmp_path / "storm.txt"
    source.write_text(REPORT, encoding="utf-8")
    assert run("ingest", str(source)).exit_code == 0
    figures = json.loads(run("figures", "--format", "json").stdout)
    killed = next(f for f in figures if f["kind"] == "killed")
    hurt = next(f for f in figures if f["kind"] == "injured")

    bad = run("review", killed["id"], "--set", "deaths=3", "--by", "ana")
    assert bad.exit_code == 2 and "unknown field 'deaths'" in bad.stderr and bad.stderr.count("\n") == 1
    assert json.loads(run("reviews", "--format", "json").stdout) == []  # nothing stored

    assert run("review", killed["id"], "--set", "value=14", "--note", "council", "--by", "ana").exit_code == 0
    assert run("review", hurt["id"], "--reject", "--by", "ben").exit_code == 0
    start = REPORT.index("30 families")
    added = run("review", "--add", killed["document_id"][:8], "--span", f"{start}:{start + 11}",
                "--set", "kind=displaced", "--set", "value=30", "--by", "ana")  # fmt: skip
    assert added.exit_code == 0, added.stderr

    listed = [(f["kind"], f["min"], f["review"]) for f in json.loads(run("figures", "--format", "json").stdout)]
    assert ("killed", 14, "corrected") in listed and ("injured", 40, "rejected") in listed
    assert ("displaced", 30, "added") in listed
    ledger = run("ledger", "--format", "tsv").stdout
    assert "injured" not in ledger and "14" in ledger  # a rejected figure leaves the ledger

    assert run("reanalyse").exit_code == 0
    exported = json.loads(run("export").stdout)
    assert {f["review"] for f in exported["figures"]} >= {"corrected", "rejected"}
    assert [r["by"] for r in exported["reviews"]].count("ana") >= 2
    assert set(exported["reviews"][0]) == {"id", "figure_id", "document_id", "action", "field", "old", "new", "by",
                                           "at", "note"}  # fmt: skip
    assert [r["by"] for r in json.loads(run("reviews", "--by", "ben", "--format", "json").stdout)] == ["ben"]


def test_no_cell_of_a_csv_export_runs_as_a_formula() -> None:
    from crisisledger.export import to_csv

    text = to_csv([{"a": "=HYPERLINK(\"x\")", "b": "+1", "c": "-2 killed", "d": "@sum", "e": "plain", "f": -3}],
                  ["a", "b", "c", "d", "e", "f"])  # fmt: skip
    assert text.splitlines()[1] == '"\'=HYPERLINK(""x"")",\'+1,\'-2 killed,\'@sum,plain,-3'


def test_csv_tables_of_the_ledger_and_incidents_and_figures_with_their_report() -> None:
    import csv
    import io

    from crisisledger.export import CSV_COLUMNS, csv_rows, to_csv, to_json

    data = to_json([DOC], [KILLED], [], [])
    data["ledger_lines"] = [{"id": "line-1", "kind": "killed", "place": None, "range": {"min": 12, "max": 12},
                             "latest": [{"claimant": "officials"}], "contested": [], "series": []}]  # fmt: skip
    data["incidents"] = []
    figures = list(csv.DictReader(io.StringIO(to_csv(csv_rows(data, "figures"), CSV_COLUMNS["figures"]))))
    assert (figures[0]["document_outlet"], figures[0]["document_published"]) == ("Harbour Herald", "2023-04-12")
    ledger = list(csv.DictReader(io.StringIO(to_csv(csv_rows(data, "ledger"), CSV_COLUMNS["ledger"]))))
    assert (ledger[0]["id"], ledger[0]["range_min"], ledger[0]["latest"]) == (
        "line-1",
        "12",
        '[{"claimant": "officials"}]',
    )
    assert to_csv(csv_rows(data, "incidents"), CSV_COLUMNS["incidents"]).startswith("id,type,place_name")
