"""The bundled example corpus (examples/kazakhstan-2022), ingested and reconciled: issue-level acceptance."""

from datetime import date
from pathlib import Path

import pytest

from crisisledger.config import load_settings
from crisisledger.ingest.batch import ingest
from crisisledger.reconcile import independent_sources, reconcile
from crisisledger.store import Store

pytestmark = pytest.mark.model

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "kazakhstan-2022"


@pytest.fixture(scope="module")
def store(tmp_path_factory, store_at, nlp):
    with store_at(tmp_path_factory.mktemp("examples"), "examples") as db, Store.open(db) as opened:
        settings = load_settings(db=db)
        outcomes = list(ingest([str(EXAMPLES)], opened, settings))
        assert {o.status for o in outcomes} == {"stored"}
        yield opened


def line(reconciled, kind, country="KZ", population=None):
    found = [
        ln
        for ln in reconciled.lines
        if ln.kind == kind and ln.population == population and ln.place is not None
        and ln.place.level == "country" and ln.place.country_code == country
    ]  # fmt: skip
    assert len(found) == 1, [(ln.kind, ln.place, ln.population) for ln in reconciled.lines]
    return found[0]


def test_the_corpus_is_ours(store):
    files = sorted(EXAMPLES.iterdir())
    assert 10 <= len(files) <= 15
    for path in files:
        assert "paraphrase written for the crisisledger examples" in path.read_text(encoding="utf-8")


def test_people_killed_in_kazakhstan(store):
    killed = line(reconcile(store), "killed")
    assert (killed.latest_official.figure.min, killed.latest_official.claimant) == (238, "Prosecutor General's Office")
    assert killed.range_max.figure.min >= 238
    assert killed.range_min.figure.min >= 230
    withdrawn = [c for c in killed.contested if c.reason == "withdrawn"]
    assert len(withdrawn) == 1
    assert next(c for c in killed.claims if c.figure.id == withdrawn[0].figure_id).figure.min == 164
    assert {c.status for c in killed.claims if c.figure.min == 164} == {"withdrawn"}


def test_people_detained_rise_as_a_series(store):
    detained = line(reconcile(store), "detained")
    series = [c.figure.min for c in detained.series if c.official and c.figure.as_of <= date(2022, 1, 11)]
    assert [n for n in series if n in (3811, 4404, 5135, 7939, 9900)] == [3811, 4404, 5135, 7939, 9900]
    assert detained.latest_official.figure.min in (9900, 766, 1237)
    assert not [c for c in detained.contested if c.reason == "contradicted" and c.date <= date(2022, 1, 11)]


def test_law_enforcement_deaths_are_their_own_line(store):
    security = line(reconcile(store), "killed", population="security forces")
    assert {c.figure.min for c in security.claims} >= {16, 17, 18, 19}
    everyone = line(reconcile(store), "killed")
    assert not {c.figure.id for c in security.claims} & {c.figure.id for c in everyone.claims}


@pytest.mark.parametrize(
    ("day", "killed", "detained"),
    [
        (date(2022, 1, 8), None, 4404),  # no death toll published yet; the 8th's detention count
        (date(2022, 1, 10), 164, 7939),  # the 164 is out, and already withdrawn; 7,939 detained
        (date(2022, 1, 20), 225, 9900),  # the prosecutors' 225; 9,900 detained
    ],
)
def test_what_was_known_when(store, day, killed, detained):
    known = reconcile(store, as_of=day)
    kazakhstan = [ln for ln in known.lines if ln.place and ln.place.level == "country" and ln.population is None]
    killed_line = next((ln for ln in kazakhstan if ln.kind == "killed"), None)
    if killed is None:
        assert killed_line is None or all(c.figure.min != 164 for c in killed_line.claims)
    elif killed == 164:
        assert {c.status for c in killed_line.claims if c.figure.min == 164} == {"withdrawn"}
    else:
        assert killed_line.latest_official.figure.min == killed
    detained_line = next(ln for ln in kazakhstan if ln.kind == "detained")
    assert detained_line.latest_official.figure.min == detained or (
        detained == 7939 and detained_line.latest_official.figure.min == 8000
    )
    assert all(c.document.published <= day for ln in known.lines for c in ln.claims)


def test_the_republished_wire_story_counts_once(store):
    known = reconcile(store)
    republished = {d.id for d in store.documents() if "Caspian Herald" in (d.outlet or "")}
    original = {d.id for d in store.documents() if d.published == date(2022, 1, 8)}
    shared = [i for i in known.incidents if set(i.document_ids) & republished and set(i.document_ids) & original]
    assert shared, [(i.type, i.document_ids) for i in known.incidents]
    documents = {d.id: d for d in store.documents()}
    for incident in shared:
        without_copy = [documents[i] for i in incident.document_ids if i not in republished]
        assert incident.independent_sources == independent_sources(without_copy)
    pair = [documents[i] for i in republished | original]
    assert independent_sources(pair) == 1


RUSSIAN_EXAMPLES = EXAMPLES.parent / "kazakhstan-2022-ru"


@pytest.fixture(scope="module")
def both(tmp_path_factory, store_at, nlp):
    """The English examples and the Russian ones (examples/kazakhstan-2022-ru) in one store."""
    with store_at(tmp_path_factory.mktemp("both"), "both") as db, Store.open(db) as opened:
        outcomes = list(ingest([str(EXAMPLES), str(RUSSIAN_EXAMPLES)], opened, load_settings(db=db)))
        assert {o.status for o in outcomes} == {"stored"}
        yield opened


def test_russian_and_english_claims_meet_on_one_ledger_line(both):
    assert sorted(d.language for d in both.documents() if d.source and "-ru" in d.source) == ["ru", "ru"]
    for path in RUSSIAN_EXAMPLES.iterdir():
        assert "paraphrase written for the crisisledger examples" in path.read_text(encoding="utf-8")
    reconciled = reconcile(both)
    detained, killed = line(reconciled, "detained"), line(reconciled, "killed")
    russian = {
        (c.figure.kind, c.figure.min): c for ln in (detained, killed) for c in ln.claims if c.document.language == "ru"
    }
    # the Interior Ministry's count of detainees, named in Russian, is an official claim on Kazakhstan's line
    assert russian[("detained", 3811)].claimant == "МВД Казахстана" and russian[("detained", 3811)].official
    # the 164 dead the Russian report says were posted, denied and removed is withdrawn there as in English
    assert russian[("killed", 164)].status == "withdrawn"
    assert {c.status for c in killed.claims if c.figure.min == 164} == {"withdrawn"}
