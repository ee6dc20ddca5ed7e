"""The quality gate's scorer, on records built by hand: no model is loaded here."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from crisisledger.evaluation import __main__ as cli
from crisisledger.evaluation import floors, gold, meantime
from crisisledger.evaluation.scoring import (
    ACTORS,
    EVENTS,
    FIGURES,
    ROLES,
    STATEMENTS,
    Accuracy,
    Count,
    Gold,
    add,
    agree,
    match,
    same_name,
    score,
    text_overlap,
)
from crisisledger.records import Actor, Event, Evidence, Figure, Place, Role, Statement

EVIDENCE = Evidence("doc", 0, 0, "")


def figure(kind="killed", low=164, high=164, **fields) -> Figure:
    return Figure(
        id=f"f{kind}{low}{high}", document_id="doc", kind=kind, min=low, max=high, evidence=EVIDENCE, **fields
    )


def statement(text: str, speaker: str | None) -> Statement:
    return Statement(id=text, document_id="doc", text=text, evidence=EVIDENCE, speaker=speaker)


def role(actor: str, change: str | None, title: str | None, **fields) -> Role:
    return Role(
        id=actor,
        document_id="doc",
        actor_id=actor,
        actor=actor,
        evidence=EVIDENCE,
        change=change,
        title=title,
        **fields,
    )


def event(type: str, date_start: date | None = None, **fields) -> Event:
    return Event(id=type, document_id="doc", type=type, evidence=EVIDENCE, date_start=date_start, **fields)


def actor(name: str, type: str, aliases: tuple[str, ...] = ()) -> Actor:
    return Actor(id=name, document_id="doc", name=name, type=type, evidence=EVIDENCE, aliases=aliases)


# Scores -------------------------------------------------------------------------------------------------


def test_count_scores():
    count = Count(gold=4, found=5, right_found=3, right_gold=2)
    assert (count.precision, count.recall) == (0.6, 0.5)
    assert count.f1 == pytest.approx(2 * 0.6 * 0.5 / 1.1)


def test_nothing_found_scores_zero_so_a_floor_can_only_rise():
    assert Count(gold=9).metrics() == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert Accuracy().accuracy == 0.0


def test_rows_add_up_across_reports():
    total = add({}, {"figures": Count(1, 2, 1, 1), "figures.place": Accuracy(1, 1)})
    add(total, {"figures": Count(2, 1, 1, 1), "figures.place": Accuracy(0, 1)})
    assert total == {"figures": Count(3, 3, 2, 2), "figures.place": Accuracy(1, 2)}


# Agreement ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "got", "agrees"),
    [
        ("Almaty", "almaty", True),
        ("the president", "President", True),
        (["head", "chairman"], "Chairman", True),
        (["deputy head", None], None, True),
        ("head", "deputy head", False),
        (None, None, True),
        (None, "Almaty", False),
        (True, True, True),
        ("2022-01-10", "2022-01-11", False),
    ],
)
def test_agree(expected, got, agrees):
    assert agree(expected, got) is agrees


@pytest.mark.parametrize(
    ("expected", "got", "agrees"),
    [
        ("Kassym-Jomart Tokayev", "Tokayev", True),
        ("Tokayev", "Kassym-Jomart Tokayev", True),
        ("Ministry of Health", "Kazakh Ministry of Health", True),
        ("Ministry of Health", "Ministry of Internal Affairs", False),
        ("Masimov", "Karim Masimov-Ivanov", False),
        (["AFP", "AFP journalists"], "AFP journalists", True),
        (None, None, True),
        ("Tokayev", None, False),
    ],
)
def test_same_name(expected, got, agrees):
    assert same_name(expected, got) is agrees


def test_text_overlap_is_a_share_of_the_longer_text():
    assert text_overlap("We will never shoot", "we will never shoot.") == 1.0
    assert text_overlap("coup attempt", "they call it a coup attempt today") == pytest.approx(2 / 7)
    assert text_overlap("", "anything") == 0.0


# Matching -----------------------------------------------------------------------------------------------


def test_figures_match_on_kind_and_bounds_then_fields_are_scored():
    gold_records = [
        Gold({"kind": "killed", "min": 164, "max": 164, "claimant": "Operational Headquarters", "place": "Kazakhstan"}),
        Gold({"kind": "detained", "min": 8000, "max": 8000, "claimant": None}),
    ]
    found = [
        figure(claimant="Kazakhstan Operational Headquarters", place=Place("Almaty")),
        figure("detained", 7989, 7989),
    ]
    rows = score(gold_records, found, FIGURES)
    assert rows["figures"] == Count(gold=2, found=2, right_found=1, right_gold=1)
    assert rows["figures.claimant"] == Accuracy(1, 1)
    assert rows["figures.place"] == Accuracy(0, 1)
    assert "figures.status" not in rows  # no gold record gives it


def test_matching_is_one_to_one_and_prefers_the_closest_candidate():
    gold_records = [Gold({"kind": "killed", "min": 12, "max": None, "as_of": "2022-01-10"})]
    far, near = figure(low=12, high=None), figure(low=12, high=None, as_of=date(2022, 1, 10))
    assert match(gold_records, [far, near], FIGURES) == [(gold_records[0], near)]
    rows = score(gold_records * 2, [near], FIGURES)
    assert rows["figures"] == Count(gold=2, found=1, right_found=1, right_gold=1)


def test_an_optional_gold_record_is_neither_missed_nor_a_false_find():
    gold_records = [Gold({"speaker": "Alzhanov", "text": "closed in terror"}, optional=True)]
    assert score(gold_records, [], STATEMENTS)["statements"] == Count(0, 0, 0, 0)
    found = [statement("closed in terror", "Dimash Alzhanov")]
    assert score(gold_records, found, STATEMENTS)["statements"] == Count(0, 0, 0, 0)
    found = [statement("something else entirely", "Dimash Alzhanov")]
    assert score(gold_records, found, STATEMENTS)["statements"] == Count(0, 1, 0, 0)


def test_required_gold_records_choose_before_optional_ones():
    optional = Gold({"type": ["riots", "protests"], "date_start": None}, optional=True)
    required = Gold({"type": "protests", "date_start": None})
    rows = score([optional, required], [event("protests")], EVENTS)
    assert rows["events"] == Count(gold=1, found=1, right_found=1, right_gold=1)


@pytest.mark.parametrize(
    ("speaker", "text", "matches"),
    [
        ("Tokayev", "We will never shoot peaceful demonstrators", True),
        ("Tokayev", "We will never shoot peaceful demonstrators, he said again and again", True),
        ("Tokayev", "We will never shoot", True),  # 4 of the longer text's 6 tokens
        ("Tokayev", "We will", False),  # 2 of 6
        ("Alzhanov", "We will never shoot peaceful demonstrators", False),
        (None, "We will never shoot peaceful demonstrators", False),
    ],
)
def test_statements_match_on_speaker_and_half_the_tokens(speaker, text, matches):
    gold_records = [Gold({"speaker": "Kassym-Jomart Tokayev", "text": "We will never shoot peaceful demonstrators"})]
    assert bool(match(gold_records, [statement(text, speaker)], STATEMENTS)) is matches


def test_a_statement_text_may_have_alternatives():
    gold_records = [Gold({"speaker": "Ministry of Health", "text": ["that figure", "it never released such data"]})]
    assert match(gold_records, [statement("that figure", "Ministry of Health")], STATEMENTS)


@pytest.mark.parametrize(
    ("found", "matches"),
    [
        (role("Karim Masimov", "arrested", "head", reason="high treason"), True),
        (role("Masimov", "arrested", "Chairman"), True),
        (role("Karim Masimov", "dismissed", "head"), False),
        (role("Karim Masimov", "arrested", None), False),
        (role("Marat Osipov", "arrested", "head"), False),
    ],
)
def test_roles_match_on_surname_change_and_title(found, matches):
    gold_records = [
        Gold({"actor": "Karim Masimov", "change": "arrested", "title": ["head", "chairman"], "reason": "high treason"})
    ]
    assert bool(match(gold_records, [found], ROLES)) is matches


def test_role_fields_are_scored_on_matched_pairs():
    gold_records = [Gold({"actor": "Masimov", "change": "arrested", "title": "head", "organization": "KNB"})]
    rows = score(
        gold_records, [role("Karim Masimov", "arrested", "head", organization="National Security Committee")], ROLES
    )
    assert rows["roles.organization"] == Accuracy(0, 1)


@pytest.mark.parametrize(
    ("gold_date", "found_date", "matches"),
    [
        (None, date(2022, 1, 4), True),
        ("2022-01-04", date(2022, 1, 4), True),
        ("2022-01-04", date(2022, 1, 5), False),
        ("2022-01-04", None, False),
    ],
)
def test_events_match_on_type_and_the_gold_date(gold_date, found_date, matches):
    gold_records = [Gold({"type": "protests", "date_start": gold_date})]
    assert bool(match(gold_records, [event("protests", found_date)], EVENTS)) is matches
    assert not match(gold_records, [event("riots", found_date)], EVENTS)


def test_an_event_told_again_in_another_sentence_is_neither_right_nor_wrong():
    gold_records = [
        Gold({"type": "curfew", "date_start": None}),
        Gold({"type": "protests", "date_start": "2022-01-04"}),
    ]
    found = [event("curfew"), event("curfew"), event("protests", date(2022, 1, 5)), event("riots")]
    assert score(gold_records, found, EVENTS)["events"] == Count(gold=2, found=3, right_found=1, right_gold=1)
    assert score(gold_records, found, replace(EVENTS, repeats=False))["events"].found == 4


def test_event_fields_compare_places_by_name():
    gold_records = [
        Gold({"type": "curfew", "date_start": None, "place": "Almaty", "modality": ["ongoing", "occurred"]})
    ]
    rows = score(gold_records, [event("curfew", place=Place("Almaty", "KZ"), modality="ongoing")], EVENTS)
    assert rows["events.place"] == Accuracy(1, 1) and rows["events.modality"] == Accuracy(1, 1)


def test_actors_match_on_type_and_any_name():
    gold_records = [Gold({"name": "National Security Committee", "type": "organization", "aliases": ["KNB"]})]
    assert match(gold_records, [actor("KNB", "organization")], ACTORS)
    assert match(gold_records, [actor("the committee", "organization", ("KNB",))], ACTORS)
    assert not match(gold_records, [actor("KNB", "person")], ACTORS)


def test_errors_name_misses_extras_and_wrong_fields():
    errors: list[str] = []
    gold_records = [
        Gold({"kind": "killed", "min": 164, "max": 164, "status": "withdrawn"}, where="seed.json figures[2]")
    ]
    score(
        gold_records + [Gold({"kind": "injured", "min": 5, "max": 5})],
        [figure(), figure("detained", 1, 1)],
        FIGURES,
        errors,
    )
    assert errors[0].startswith("MISS  figures: kind='injured'")
    assert errors[1] == "EXTRA figures: kind='detained', min=1, max=1"
    assert errors[2] == "FIELD figures.status: 'withdrawn' != 'asserted'  (seed.json figures[2])"


# Floors -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("score_", "floor"), [(0.8333, 0.83), (0.29, 0.29), (1.0, 1.0), (0.0, 0.0), (0.999, 0.99)])
def test_floors_round_down_to_two_decimals(score_, floor):
    assert floors.rounded_down(score_) == floor


def test_floors_only_move_up():
    results = {"seed": {"figures": Count(4, 4, 3, 3), "figures.claimant": Accuracy(1, 3)}}
    old = {"seed": {"figures": {"precision": 0.9, "recall": 0.5}}}
    new = floors.raised(results, old)
    assert new["seed"]["figures"] == {"precision": 0.9, "recall": 0.75, "f1": 0.75}
    assert new["seed"]["figures.claimant"] == {"accuracy": 0.33}
    assert old["seed"]["figures"] == {"precision": 0.9, "recall": 0.5}  # not changed in place


def test_shortfalls_name_the_score_and_its_floor():
    results = {"seed": {"figures": Count(4, 4, 3, 3)}}
    limits = {"seed": {"figures": {"recall": 0.8, "f1": 0.7}, "roles": {"f1": 0.5}}, "meantime": {"timex": {"f1": 0.8}}}
    below = floors.shortfalls(results, limits)
    assert [str(s) for s in below] == [
        "seed/figures/recall: 0.7500 is below its floor of 0.80",
        "seed/roles/f1: has a floor of 0.50 but was not scored (a row renamed or removed?)",
    ]


def test_floors_file_round_trip(tmp_path):
    path = tmp_path / "floors.json"
    assert floors.load(path) == {}
    floors.save(path, {"seed": {"figures": {"f1": 1.0}}})
    assert floors.load(path) == {"seed": {"figures": {"f1": 1.0}}}


# Gold files ---------------------------------------------------------------------------------------------

REPORT = 'date: 2022-01-10\n\nThe ministry said 5 people died. "We regret it," said Aida Bek.\n'


def write_gold(tmp_path: Path, **changes) -> Path:
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    data = {"figures": [], "statements": [], "roles": [], "events": [], "actors": []} | changes
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_gold_file_reads_its_report_and_spans(tmp_path):
    start = REPORT.index("We regret")
    spans = [{"speaker": "Aida Bek", "span": [start, start + 12], "note": "a regret"}]
    report = gold.read_gold(write_gold(tmp_path, statements=spans), root=tmp_path)
    assert report.document.published == date(2022, 1, 10)
    (record,) = report.gold["statements"]
    assert record.fields == {"speaker": "Aida Bek", "text": "We regret it"}
    assert record.where == "r.json statements[0]"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"figures": [{"kind": "killed", "min": 5, "max": 5, "claimnat": None}]}, "unknown field 'claimnat'"),
        ({"figures": [{"kind": "killed", "min": 5}]}, "'max' is missing"),
        ({"roles": [["Bek"]]}, "must be an object"),
        ({"statements": [{"speaker": None, "span": [0, 999]}]}, "'span' must lie inside"),
        ({"events": [{"type": "curfew", "date_start": None, "optional": "yes"}]}, "'optional' must be true or false"),
        ({"document_id": "0000000000000000"}, "was written for document 0000000000000000"),
    ],
)
def test_a_bad_gold_file_says_what_is_wrong(tmp_path, changes, message):
    with pytest.raises(gold.GoldError, match=message):
        gold.read_gold(write_gold(tmp_path, **changes), root=tmp_path)


def test_a_gold_file_must_list_every_kind(tmp_path):
    path = write_gold(tmp_path)
    path.write_text(json.dumps({"figures": []}), encoding="utf-8")
    with pytest.raises(gold.GoldError, match="'statements' is missing; write \\[\\] when the report has none"):
        gold.read_gold(path, root=tmp_path)


def test_the_repository_gold_files_are_well_formed():
    from crisisledger.evaluation.paths import GOLD

    for path in sorted(GOLD.glob("reports/*.json")):
        report = gold.read_gold(path)
        assert report.document.published is not None, f"{path.name}: its report needs a 'date:' header"
        assert "written for" in report.document.text, f"{path.name}: its report must say it was written for the tests"


# MEANTIME -----------------------------------------------------------------------------------------------

CAT = """<?xml version="1.0" ?>
<Document doc_id="1" doc_name="1_Test" lang="en">
<token number="0" sentence="0" t_id="1">Boeing</token>
<token number="1" sentence="0" t_id="2">wins</token>
<token number="2" sentence="1" t_id="3">March</token>
<token number="3" sentence="1" t_id="4">1</token>
<token number="4" sentence="2" t_id="5">Paul</token>
<token number="5" sentence="2" t_id="6">Nesbit</token>
<token number="6" sentence="2" t_id="7">said</token>
<token number="7" sentence="2" t_id="8">in</token>
<token number="8" sentence="2" t_id="9">Chicago</token>
<token number="9" sentence="2" t_id="10">today</token>
<token number="10" sentence="2" t_id="11">.</token>
<token number="11" sentence="6" t_id="12">Boeing</token>
<token number="12" sentence="6" t_id="13">rose</token>
<token number="13" sentence="6" t_id="14">.</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="5"/><token_anchor t_id="6"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NAM"><token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="PRO"><token_anchor t_id="7"/></ENTITY_MENTION>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="10" type="DATE" value="2008-03-01">
<token_anchor t_id="3"/><token_anchor t_id="4"/></TIMEX3>
<TIMEX3 functionInDocument="NONE" m_id="11" type="DATE" value="2008-03-01"><token_anchor t_id="10"/></TIMEX3>
<ENTITY ent_type="ORG" m_id="20"/>
<ENTITY ent_type="PER" m_id="21"/>
<ENTITY ent_type="LOC" m_id="22"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><target m_id="20"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="2"/><source m_id="4"/><target m_id="21"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="3"/><target m_id="22"/></REFERS_TO>
</Relations>
</Document>
"""


@pytest.fixture
def article(tmp_path) -> meantime.Article:
    path = tmp_path / "1_Test.xml"
    path.write_text(CAT, encoding="utf-8")
    return meantime.read_article(path)


def test_a_meantime_article_is_rebuilt_from_its_tokens(article):
    # a line break after a headline or a dateline (no full stop), a space after a sentence
    assert article.text == "Boeing wins\nMarch 1\nPaul Nesbit said in Chicago today. Boeing rose."
    assert article.anchor == date(2008, 3, 1)
    assert article.annotated_end == article.text.index("Boeing rose")
    assert [(m.text, m.type) for m in article.mentions] == [
        ("Boeing", "ORG"),
        ("Paul Nesbit", "PER"),
        ("Chicago", "LOC"),
    ]
    assert [(t.text, t.value) for t in article.timexes] == [("March 1", "2008-03-01"), ("today", "2008-03-01")]


def find(article: meantime.Article, text: str, kind: str, value: str | None = None, nth: int = 0) -> meantime.Find:
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(text, start + 1)
    return meantime.Find(start, start + len(text), kind, text, value)


def test_names_are_right_when_they_overlap_a_gold_name_of_their_type(article):
    finds = [
        find(article, "Nesbit", "PER"),  # overlaps "Paul Nesbit": right
        find(article, "Chicago", "ORG"),  # the wrong type
        find(article, "Boeing", "ORG"),
        find(article, "Boeing", "ORG", nth=1),  # after the annotated sentences: not counted
    ]
    rows = meantime.score_names([(article, finds)])
    assert rows["entities.PER"] == Count(gold=1, found=1, right_found=1, right_gold=1)
    assert rows["entities.ORG"] == Count(gold=1, found=2, right_found=1, right_gold=1)
    assert rows["entities.LOC"] == Count(gold=1, found=0, right_found=0, right_gold=0)
    assert rows["entities"] == Count(gold=3, found=3, right_found=2, right_gold=2)


def test_time_expressions_need_the_exact_value(article):
    finds = [find(article, "March 1", "DATE", "2008-03-01"), find(article, "today", "DATE", "2008-03-02")]
    timex, span, gold_by_type, right_by_type = meantime.score_timexes([(article, finds)])
    assert timex == Count(gold=2, found=2, right_found=1, right_gold=1)
    assert span == Count(gold=2, found=2, right_found=2, right_gold=2)
    assert (gold_by_type["DATE"], right_by_type["DATE"]) == (2, 1)


# The command line ---------------------------------------------------------------------------------------


@pytest.fixture
def fake_run(monkeypatch):
    """The command line with a stand-in evaluation: no model, no corpora."""
    results = {"seed": {"figures": Count(4, 4, 3, 3), "figures.claimant": Accuracy(2, 3)}}
    monkeypatch.setattr(cli.loader, "load", lambda model: None)
    monkeypatch.setattr(cli, "evaluate", lambda nlp, **options: results)
    return results


def test_the_gate_fails_below_a_floor_and_names_it(fake_run, tmp_path, capsys):
    path = tmp_path / "floors.json"
    floors.save(path, {"seed": {"figures": {"recall": 0.8}, "figures.claimant": {"accuracy": 0.5}}})
    assert cli.main(["--floors", str(path)]) == 1
    out = capsys.readouterr().out
    assert "seed/figures/recall: 0.7500 is below its floor of 0.80" in out
    assert "0.750 (0.80)!" in out and "0.667 (0.50)" in out


def test_update_floors_raises_and_never_lowers(fake_run, tmp_path, capsys):
    path = tmp_path / "floors.json"
    floors.save(path, {"seed": {"figures": {"recall": 0.8}}})
    assert cli.main(["--floors", str(path), "--update-floors"]) == 1  # still below the floor it kept
    assert floors.load(path)["seed"] == {
        "figures": {"precision": 0.75, "recall": 0.8, "f1": 0.75},
        "figures.claimant": {"accuracy": 0.66},
    }
    floors.save(path, {})
    assert cli.main(["--floors", str(path), "--update-floors"]) == 0


def test_json_output(fake_run, tmp_path, capsys):
    assert cli.main(["--floors", str(tmp_path / "none.json"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scores"]["seed"]["figures"] == {
        "precision": 0.75,
        "recall": 0.75,
        "f1": 0.75,
        "gold": 4,
        "found": 4,
        "matched": 3,
    }
    assert data["below_floor"] == []


def test_without_patterns_switches_the_pipe_off_and_back_on():
    import spacy

    from crisisledger.evaluation import PATTERNS_PIPE, without_patterns

    nlp = spacy.blank("en")
    nlp.add_pipe(PATTERNS_PIPE)
    with without_patterns(nlp) as disabled:
        assert disabled and PATTERNS_PIPE not in nlp.pipe_names
    assert PATTERNS_PIPE in nlp.pipe_names
    with without_patterns(spacy.blank("en")) as disabled:
        assert not disabled
