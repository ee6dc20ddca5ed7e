"""Reconciliation across reports, on small multi-report cases built by hand (no model needed)."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisledger.reconcile import build_incidents, build_lines, independent_sources, link_entities, officials_of
from crisisledger.records import Actor, Document, Event, Evidence, Figure, Place, Role, StatusChange, record_id

KZ = Place("Kazakhstan", "KZ", 48.0, 68.0, 1522867, "country")
ALMATY = Place("Almaty", "KZ", 43.25, 76.91, 1526384, "city")


def report(text: str, day: date, outlet: str = "Wire") -> Document:
    return Document.from_text(text, published=day, outlet=outlet)


def figure(document: Document, value: int | None, kind: str = "killed", claimant: str | None = "Ministry",
           place: Place | None = KZ, as_of: date | None = None, **fields) -> Figure:  # fmt: skip
    start = document.text.find(str(value)) if value is not None else 0
    evidence = Evidence.of(document, max(start, 0), max(start, 0) + 3)
    return Figure(
        id=record_id("fig", document.id, kind, value, claimant),
        document_id=document.id,
        kind=kind,
        min=fields.pop("min", value),
        max=fields.pop("max", value),
        evidence=evidence,
        as_of=as_of or document.published,
        place=place,
        claimant=claimant,
        **fields,
    )


def change(fig: Figure, document: Document, status: str, by: str) -> StatusChange:
    return StatusChange(fig.id, status, Evidence.of(document, 0, 5), document.published, by)


def lines_of(documents, figures, changes=(), **options):
    return build_lines(documents, figures, changes, **options)


def test_a_rising_cumulative_toll_is_a_series_not_a_contradiction():
    reports = [report(f"{n} detained", date(2022, 1, d)) for n, d in ((3811, 7), (4404, 8), (7939, 10), (9900, 11))]
    figures = [figure(r, int(r.text.split()[0]), kind="detained") for r in reports]
    (line,) = lines_of(reports, figures)
    assert [c.figure.min for c in line.series] == [3811, 4404, 7939, 9900]
    assert line.contested == ()
    assert (line.range_min.figure.min, line.range_max.figure.max) == (9900, 9900)
    assert line.latest_official.figure.min == 9900


def test_two_claimants_on_one_day_with_counts_that_cannot_both_hold_contradict():
    a = report("230 killed, the prosecutor said", date(2022, 3, 14))
    b = report("238 killed, the ombudswoman said", date(2022, 3, 14), outlet="Other")
    figures = [figure(a, 230, claimant="Prosecutor General"), figure(b, 238, claimant="Ombudswoman")]
    (line,) = lines_of([a, b], figures)
    reasons = {(c.reason, c.by) for c in line.contested}
    assert reasons == {("contradicted", "Ombudswoman"), ("contradicted", "Prosecutor General")}
    assert (line.range_min.figure.min, line.range_max.figure.min) == (230, 238)


def test_approximate_agreement_is_no_contradiction():
    a = report("7939 detained", date(2022, 1, 10))
    b = report("about 8000 detained", date(2022, 1, 10), outlet="Other")
    figures = [
        figure(a, 7939, kind="detained", claimant="Interior Ministry"),
        figure(b, 8000, kind="detained", claimant="President", approximate=True),
    ]
    (line,) = lines_of([a, b], figures)
    assert line.contested == ()


def test_a_part_is_not_the_whole():
    a = report("164 killed nationwide, 103 in Almaty", date(2022, 1, 9))
    figures = [figure(a, 164), figure(a, 103, place=ALMATY)]
    lines = lines_of([a], figures)
    assert sorted((line.place.name, line.range_max.figure.min) for line in lines) == [
        ("Almaty", 103),
        ("Kazakhstan", 164),
    ]
    assert all(line.contested == () for line in lines)


def test_a_part_of_a_count_in_the_same_line_neither_bounds_nor_contradicts_it():
    a = report("225 bodies; of those 175 died in hospital", date(2022, 1, 15))
    whole = figure(a, 225, claimant="Prosecutor")
    part = figure(a, 175, claimant="Health Ministry", part_of=whole.id)
    (line,) = lines_of([a], [whole, part])
    assert line.contested == ()
    assert (line.range_min.figure.min, line.range_max.figure.min) == (225, 225)


def test_a_denial_of_one_claimants_figure_leaves_the_others_standing():
    a = report("Activists: 50 killed; police: 12 killed", date(2022, 1, 6))
    b = report("Police deny the activists' toll", date(2022, 1, 7), outlet="Other")
    activists, police = figure(a, 50, claimant="Activists"), figure(a, 12, claimant="Police")
    (line,) = lines_of([a, b], [activists, police], [change(activists, b, "denied", "Police")])
    status = {c.claimant: c.status for c in line.claims}
    assert status == {"Activists": "denied", "Police": "asserted"}
    assert [(c.reason, c.by) for c in line.contested] == [("denied", "Police")]
    assert line.range_min.figure.min == line.range_max.figure.min == 12


def test_a_later_report_withdrawing_a_claim_withdraws_it_everywhere():
    a = report("164 killed, citing the Health Ministry", date(2022, 1, 9), outlet="HQ channel")
    b = report("The 164 post was deleted", date(2022, 1, 10), outlet="Daily")
    first = figure(a, 164, claimant="Health Ministry")
    retold = figure(b, 164, claimant="HQ channel", cited_source="Health Ministry")
    (line,) = lines_of([a, b], [first, retold], [change(retold, b, "withdrawn", "HQ channel")])
    assert {c.status for c in line.claims} == {"withdrawn"}
    assert [c.reason for c in line.contested] == ["withdrawn"]
    assert line.range_min is None


def test_as_of_keeps_what_was_published_by_then():
    reports = [report(f"{n} detained", date(2022, 1, d)) for n, d in ((4404, 8), (7939, 10), (9900, 11))]
    figures = [figure(r, int(r.text.split()[0]), kind="detained") for r in reports]
    known = {
        day: lines_of(reports, figures, as_of=date(2022, 1, day))[0].latest_official.figure.min for day in (8, 10, 20)
    }
    assert known == {8: 4404, 10: 7939, 20: 9900}
    assert lines_of(reports, figures, as_of=date(2022, 1, 7)) == []


def test_populations_and_crowds_get_their_own_lines():
    a = report("18 officers and 26 others killed; 1000 or 10000 marched", date(2022, 1, 8))
    figures = [
        figure(a, 18, population="law-enforcement officers"),
        figure(a, 26),
        figure(a, 1000, kind="participants", claimant="Police", as_of=date(2022, 1, 2)),
        figure(a, 10000, kind="participants", claimant="Organisers", as_of=date(2022, 1, 2)),
        figure(a, 5000, kind="participants", claimant="Reporters", as_of=date(2022, 1, 4)),
    ]
    lines = {(line.kind, line.population, line.period): line for line in lines_of([a], figures)}
    assert set(lines) == {
        ("killed", "security forces", None),
        ("killed", None, None),
        ("participants", None, date(2022, 1, 2)),
        ("participants", None, date(2022, 1, 4)),
    }
    assert {c.reason for c in lines[("participants", None, date(2022, 1, 2))].contested} == {"contradicted"}


WIRE = (
    "Police in Almaty detained more than 200 people overnight after crowds set fire to vehicles near the "
    "mayor's office, the city police department said on Wednesday, as protests over fuel prices spread."
)


def event(document: Document, type_: str = "arrest", place: Place | None = ALMATY, day: date = date(2022, 1, 5),
          actors: tuple[str, ...] = ()) -> Event:  # fmt: skip
    return Event(
        id=record_id("ev", document.id, type_, day),
        document_id=document.id,
        type=type_,
        evidence=Evidence.of(document, 0, 10),
        date_start=day,
        date_end=day,
        place=place,
        actors=actors,
    )


def test_the_same_wire_story_republished_counts_once():
    wire = report(WIRE, date(2022, 1, 5), outlet="Steppe Wire")
    copy = report(WIRE + " (Republished with permission.)", date(2022, 1, 5), outlet="Nur Daily")
    own = report("Our reporter saw police take away dozens of people near the square in Almaty.",
                 date(2022, 1, 5), outlet="Capital Monitor")  # fmt: skip
    (incident,) = build_incidents([event(wire), event(copy), event(own, place=KZ)], [wire, copy, own])
    assert len(incident.document_ids) == 3
    assert incident.independent_sources == 2
    assert incident.place.name == "Almaty"


def test_events_of_other_types_places_dates_or_actors_are_other_incidents():
    a = report("a", date(2022, 1, 5))
    b = report("b", date(2022, 1, 5), outlet="B")
    events = [
        event(a, actors=("Karim Masimov",)),
        event(b, actors=("Samat Abish",)),
        event(a, type_="curfew"),
        event(b, day=date(2022, 1, 20)),
        event(b, place=Place("Aktau", "KZ", 43.6, 51.2, 610612, "city")),
    ]
    assert len(build_incidents(events, [a, b])) == 5


@pytest.mark.parametrize(("same", "expected"), [(True, 1), (False, 2)])
def test_independent_sources(same, expected):
    a = report(WIRE, date(2022, 1, 5), outlet="A")
    b = report(WIRE if same else "A different story about the curfew in Aktau and the queues at shops.",
               date(2022, 1, 5), outlet="B")  # fmt: skip
    assert independent_sources([a, b]) == expected


def actor(document: Document, name: str, type_: str = "person", country: str | None = None) -> Actor:
    return Actor(record_id("act", document.id, name), document.id, name, type_, Evidence.of(document, 0, 1),
                 country=country)  # fmt: skip


def test_entities_across_reports():
    a, b, c = report("a", date(2022, 1, 5)), report("b", date(2022, 1, 6)), report("c", date(2022, 1, 7))
    actors = [
        actor(a, "Kassym-Jomart Tokayev", country="KZ"),
        actor(b, "Kassym-Jomart Tokayev"),
        actor(c, "Tokayev", country="KZ"),
        actor(a, "Ministry of Internal Affairs", "organization"),
        actor(c, "Ministry of Internal Affairs", "organization"),
    ]
    entities = {e.name: e for e in link_entities(actors)}
    assert set(entities) == {"Kassym-Jomart Tokayev", "Ministry of Internal Affairs"}
    assert len(entities["Kassym-Jomart Tokayev"].document_ids) == 3


def test_a_shared_surname_alone_never_merges_two_people():
    a, b = report("a", date(2022, 1, 5)), report("b", date(2022, 1, 6))
    actors = [actor(a, "Nursultan Nazarbayev", country="KZ"), actor(b, "Nazarbayev")]
    assert len(link_entities(actors)) == 2
    roles = [
        Role("r1", a.id, actors[0].id, actors[0].name, Evidence.of(a, 0, 1), title="chairman"),
        Role("r2", b.id, actors[1].id, actors[1].name, Evidence.of(b, 0, 1), title="chairman"),
    ]
    assert len(link_entities(actors, roles)) == 1


# Issue 9: reconciliation bugs -------------------------------------------------------------------------------


def revision(old: Figure, new: Figure, on: date, by: str = "valley.example") -> StatusChange:
    """What `ingest.snapshots.record` writes for an edited source: the old figure revised by the new one's words."""
    return StatusChange(old.id, "revised", new.evidence, on, by)


def test_an_edited_source_makes_the_new_value_the_latest_and_drops_the_old_from_the_range():
    old = report("The flood killed 120 people and injured 340, the Interior Ministry said.", date(2023, 4, 2))
    new = report("The flood killed 135 people and injured 410, the Interior Ministry said.", date(2023, 4, 2))
    killed_old, killed_new = figure(old, 120), figure(new, 135)
    injured_old, injured_new = figure(old, 340, kind="injured"), figure(new, 410, kind="injured")
    changes = [revision(killed_old, killed_new, date(2023, 4, 3)), revision(injured_old, injured_new, date(2023, 4, 3))]
    # the store lists documents by date, then id: the new version may well come first
    lines = {ln.kind: ln for ln in lines_of([new, old], [killed_new, injured_new, killed_old, injured_old], changes)}
    for kind, was, now in (("killed", 120, 135), ("injured", 340, 410)):
        line = lines[kind]
        assert [c.figure.min for c in line.claims] == [was, now]
        assert [(c.figure.min, c.status) for c in line.latest] == [(now, "asserted")]
        assert (line.range_min.figure.min, line.range_max.figure.min) == (now, now)
        assert line.latest_official.figure.min == now
        revised = line.claims[0]
        assert revised.status == "revised" and not revised.standing
        assert revised.replaced_by == (killed_new if kind == "killed" else injured_new).id
        assert line.contested == ()


def test_an_edited_source_exports_the_old_figure_as_revised():
    from crisisledger.export import to_json

    old = report("The flood killed 120 people, the Interior Ministry said.", date(2023, 4, 2))
    new = report("The flood killed 135 people, the Interior Ministry said.", date(2023, 4, 2))
    killed_old, killed_new = figure(old, 120), figure(new, 135)
    changes = [revision(killed_old, killed_new, date(2023, 4, 3))]
    data = to_json([new, old], [killed_new, killed_old], changes, [])
    assert {f["min"]: f["status"] for f in data["figures"]} == {120: "revised", 135: "asserted"}


def test_a_contradiction_repeated_by_many_reports_is_contested_once():
    reports = [report(f"230 killed, the prosecutor said ({n})", date(2022, 3, 14), outlet=f"A{n}") for n in range(2)]
    reports += [report(f"238 killed, the ombudswoman said ({n})", date(2022, 3, 14), outlet=f"B{n}") for n in range(4)]
    figures = [figure(r, 230, claimant="Prosecutor General", as_of=date(2022, 3, 14)) for r in reports[:2]]
    figures += [figure(r, 238, claimant="Ombudswoman", as_of=date(2022, 3, 14)) for r in reports[2:]]
    (line,) = lines_of(reports, figures)
    assert sorted((c.reason, c.by) for c in line.contested) == [
        ("contradicted", "Ombudswoman"),
        ("contradicted", "Prosecutor General"),
    ]


def test_one_claim_posted_and_repeated_is_one_row_under_the_claimant_who_made_it():
    post = report("The Ministry of Health says 164 people died", date(2022, 1, 9), outlet="HQ Telegram")
    wire = report("164 killed, the operational headquarters said, citing the Ministry of Health", date(2022, 1, 9))
    daily = report("The Kazakhstan Operational Headquarters reported 164 dead", date(2022, 1, 10), outlet="Daily")
    figures = [
        figure(post, 164, claimant="Ministry of Health"),
        figure(wire, 164, claimant="operational headquarters", cited_source="Ministry of Health"),
        figure(daily, 164, claimant="Kazakhstan Operational Headquarters", as_of=date(2022, 1, 9)),
    ]
    (line,) = lines_of([post, wire, daily], figures)
    (latest,) = line.latest
    assert latest.claimant == "Ministry of Health"
    assert set(latest.relayed_by) >= {"operational headquarters", "Kazakhstan Operational Headquarters"}
    assert len(line.series) == 1


def test_a_surname_is_the_person_named_in_full_in_the_same_or_another_report():
    a = report("Prosecutor General Berik Asylov said 230 were killed.", date(2022, 3, 14))
    b = report("Asylov said 232 were killed.", date(2022, 5, 31), outlet="Other")
    c = report("Asylov said 19 officers were among them.", date(2022, 5, 31), outlet="Third")
    figures = [
        figure(a, 230, claimant="Berik Asylov"),
        figure(b, 232, claimant="Asylov"),
        figure(c, 19, claimant="Asylov", population="officers"),
    ]
    people = [(a.id, "Berik Asylov")]
    lines = {ln.population: ln for ln in lines_of([a, b, c], figures, people=people)}
    assert [(x.claimant, x.figure.min) for x in lines[None].latest] == [("Berik Asylov", 232)]
    assert {x.claimant for x in lines["security forces"].claims} == {"Berik Asylov"}


def test_a_surname_shared_by_two_people_stays_a_surname():
    a = report("Berik Asylov said 230 were killed; Dana Asylov said 240.", date(2022, 3, 14))
    b = report("Asylov said 232 were killed.", date(2022, 5, 31), outlet="Other")
    figures = [figure(a, 230, claimant="Berik Asylov"), figure(b, 232, claimant="Asylov")]
    (line,) = lines_of([a, b], figures, people=[(a.id, "Berik Asylov"), (a.id, "Dana Asylov")])
    assert {x.claimant for x in line.latest} == {"Berik Asylov", "Asylov"}


def test_a_denial_is_contested_even_when_the_claim_is_withdrawn_too():
    a = report("164 killed, the headquarters said, citing the Ministry of Health", date(2022, 1, 9))
    b = report("The ministry denied it; the headquarters deleted the post", date(2022, 1, 10), outlet="Other")
    toll = figure(a, 164, claimant="Kazakhstan Operational Headquarters", cited_source="Ministry of Health")
    changes = [change(toll, b, "denied", "Ministry of Health"), change(toll, b, "withdrawn", "Operational HQ")]
    (line,) = lines_of([a, b], [toll], changes)
    assert sorted((c.reason, c.by) for c in line.contested) == [
        ("denied", "Ministry of Health"),
        ("withdrawn", "Operational HQ"),
    ]


@pytest.mark.parametrize(
    ("claimant", "outlet", "officials", "official"),
    [
        ("Prosecutor General", "Wire", (), True),
        ("Berik Asylov", "Wire", ("Berik Asylov",), True),  # a person in an official role
        ("Eldos Qilymzhanov of the Prosecutor General's Office", "Wire", (), True),
        ("Ministry of Internal Affairs", "Wire", (), True),
        ("Interior Ministry press service", "Wire", (), True),
        (None, "Parliament Watch", (), False),  # an outlet speaking in its own voice
        ("office's own data", "Wire", (), False),
        ("group of non-governmental organisations", "Wire", (), False),
        ("Berik Asylov", "Wire", (), False),
    ],
)
def test_official_means_a_state_body_or_a_person_in_an_official_role(claimant, outlet, officials, official):
    a = report("Officials gave a toll of 230 on Monday.", date(2022, 3, 14), outlet=outlet)
    (line,) = lines_of([a], [figure(a, 230, claimant=claimant)], officials=officials)
    assert line.claims[0].official is official


def test_a_prosecutor_general_by_role_is_the_latest_official():
    a = report("Prosecutor-General Berik Asylov said 230 were killed.", date(2022, 3, 14))
    b = report("Parliament Watch counted 225 killed.", date(2022, 3, 15), outlet="Parliament Watch")
    figures = [figure(a, 230, claimant="Berik Asylov"), figure(b, 225, claimant=None)]
    roles = [Role("r1", a.id, "act-1", "Berik Asylov", Evidence.of(a, 0, 1), title="prosecutor-general")]
    (line,) = lines_of([a, b], figures, officials=officials_of(roles))
    assert (line.latest_official.claimant, line.latest_official.figure.min) == ("Berik Asylov", 230)


def test_a_line_whose_counts_are_all_parts_of_another_lines_count_has_them_as_its_claims():
    a = report("139 died in Almaty; of those, 86 were assailants", date(2022, 3, 14))
    whole = figure(a, 139, place=ALMATY, claimant="Berik Asylov")
    part = figure(a, 86, place=ALMATY, claimant="Berik Asylov", population="assailants", part_of=whole.id)
    lines = {ln.population: ln for ln in lines_of([a], [whole, part])}
    assailants = lines["assailants"]
    assert [c.figure.min for c in assailants.latest] == [86]
    assert assailants.range_min.figure.min == assailants.range_max.figure.min == 86


def test_two_ministries_giving_the_same_number_stay_two_claimants():
    a = report("The Ministry of Health says 164 people died", date(2022, 1, 9))
    b = report("The Ministry of Internal Affairs says 164 people died", date(2022, 1, 9), outlet="Other")
    figures = [figure(a, 164, claimant="Ministry of Health"), figure(b, 164, claimant="Ministry of Internal Affairs")]
    (line,) = lines_of([a, b], figures)
    assert {c.claimant for c in line.latest} == {"Ministry of Health", "Ministry of Internal Affairs"}


def test_a_withdrawal_of_one_ministrys_toll_leaves_anothers_same_number_standing():
    a = report("The Ministry of Health says 164 people died", date(2022, 1, 9), outlet="A")
    b = report("The Ministry of Internal Affairs says 164 people died", date(2022, 1, 9), outlet="B")
    c = report("The health ministry's post was deleted", date(2022, 1, 10), outlet="C")
    health, interior = (
        figure(a, 164, claimant="Ministry of Health"),
        figure(b, 164, claimant="Ministry of Internal Affairs"),
    )
    (line,) = lines_of([a, b, c], [health, interior], [change(health, c, "withdrawn", "Ministry of Health")])
    assert {x.claimant: x.status for x in line.claims} == {
        "Ministry of Health": "withdrawn",
        "Ministry of Internal Affairs": "asserted",
    }


def test_as_of_before_a_revision_is_dated_the_new_version_is_still_the_later_claim():
    old = report("The flood killed 120 people, the Interior Ministry said.", date(2023, 4, 2))
    new = report("The flood killed 135 people, the Interior Ministry said.", date(2023, 4, 2))
    killed_old, killed_new = figure(old, 120), figure(new, 135)
    changes = [revision(killed_old, killed_new, date(2023, 4, 3))]
    (line,) = lines_of([new, old], [killed_new, killed_old], changes, as_of=date(2023, 4, 2))
    assert [c.status for c in line.claims] == ["asserted", "asserted"]  # the revision is not known yet
    assert [c.figure.min for c in line.claims] == [120, 135]
    assert [c.figure.min for c in line.latest] == [135]


# Incidents found by day blocks are the incidents every pair would give ------------------------------------


def _incidents_by_every_pair(events, documents):
    """The grouping compared event against every event of its type (as before it was indexed by day): the
    reference the indexed `build_incidents` must equal, group for group and in the same order."""
    from crisisledger.reconcile.incidents import same_incident

    by_id = {d.id: d for d in documents}
    groups, by_type = [], {}
    for e in sorted((e for e in events if e.document_id in by_id), key=lambda e: (e.date_start or date.min, e.id)):
        candidates = by_type.setdefault(e.type, [])
        joined = [g for g in candidates if any(same_incident(e, other) for other in g)]
        if not joined:
            candidates.append([e])
            groups.append(candidates[-1])
            continue
        first, *rest = joined
        first.append(e)
        for other in rest:
            first.extend(other)
            candidates.remove(other)
            groups.remove(other)
    return [[x.id for x in g] for g in groups]


_PLACES = [
    None,
    ALMATY,
    KZ,
    Place("Aktau", "KZ", 43.6, 51.2, 610612, "city"),
    Place("almaty", None, None, None, None, "city"),  # the same name, nothing else known
    Place("Alma-Ata", "KZ", 43.25, 76.9, ALMATY.geonames_id, "city"),  # the same GeoNames id, another name
    Place("Kyrgyzstan", "KG", 41.0, 75.0, 1527747, "country"),
    Place("Bishkek", "KG", 42.87, 74.59, 1528675, "city"),
    Place("ALMATY", "KZ", None, None, None, None),  # the same name in other letters, no level
    Place("Kazakhstan", None, None, None, None, "country"),  # a country by name only
    Place("Mangystau", "KZ", 43.5, 52.0, 610358, "region"),
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["arrest", "curfew"]),
            st.sampled_from(["occurred", "scheduled"]),
            st.one_of(st.none(), st.integers(0, 12)),
            st.one_of(st.none(), st.integers(-2, 70)),
            st.sampled_from(range(len(_PLACES))),
            st.sampled_from([(), ("Karim Masimov",), ("Samat Abish",), ("Samat Abish", "Karim Masimov"), ("Police",)]),
            st.integers(0, 2),
        ),
        max_size=25,
    )
)
def test_incidents_by_day_and_place_and_actor_blocks_equal_those_of_every_pair(specs):
    """Events are compared only within blocks of day, place and actors read off `same_incident`: the groups are
    those of comparing every pair."""
    documents = [report(f"Report {n}", date(2022, 1, 5), outlet=f"Outlet {n}") for n in range(3)]
    events = []
    for n, (type_, modality, start, length, place, actors, doc) in enumerate(specs):
        first = None if start is None else date(2022, 1, 1) + timedelta(days=start)
        last = None if length is None or first is None else first + timedelta(days=length)
        if first is None and length is not None and length % 3 == 0:
            last = date(2022, 1, 1) + timedelta(days=length)  # an end with no start
        events.append(
            Event(
                id=f"ev-{n:03d}",
                document_id=documents[doc].id,
                type=type_,
                evidence=Evidence.of(documents[doc], 0, 5),
                date_start=first,
                date_end=last,
                place=_PLACES[place],
                actors=actors,
                modality=modality,
            )
        )
    found = [[e.id for e in incident.events] for incident in build_incidents(events, documents)]
    assert found == _incidents_by_every_pair(events, documents)


# Lines built with their claims grouped by count equal those of comparing every claim ---------------------

_CLAIMANTS = ["Ministry of Health", "Ministry of Internal Affairs", "health ministry", "Police", "Reuters", None]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from([10, 12, 164, None]),
            st.sampled_from(range(len(_CLAIMANTS))),
            st.sampled_from([None, "Ministry of Health", "Police"]),
            st.integers(0, 3),
            st.sampled_from(["Wire", "Daily", "Reuters"]),
            st.booleans(),
        ),
        max_size=14,
    )
)
def test_lines_do_not_depend_on_comparing_only_claims_of_one_count(specs):
    """_with_shared_status compares a claim only with the groups of its own count and _contests only claims of
    one as-of day; the lines are exactly those of comparing every pair (the reference below)."""
    from crisisledger.reconcile import lines as module

    documents, figures, changes = [], [], []
    for n, (value, who, cited, day, outlet, denied) in enumerate(specs):
        document = report(f"Report {n}: {value} people died.", date(2022, 1, 5 + day), outlet=outlet)
        made = figure(document, value, claimant=_CLAIMANTS[who], cited_source=cited, min=value, max=value)
        documents.append(document)
        figures.append(made)
        if denied:
            later = report(f"Denial {n}.", date(2022, 1, 9), outlet="Daily")
            documents.append(later)
            changes.append(change(made, later, "denied", "Ministry of Health"))

    def every_pair(claims, officials=()):
        groups = []
        for claim in claims:
            for group in groups:
                if any(module._same_claim(claim, other) for other in group):
                    group.append(claim)
                    break
            else:
                groups.append([claim])
        result = []
        for group in groups:
            status, history = module._status_over_reports(group)
            for teller in module._tellers(group):
                origin, relayed, official = module._origin(teller, officials)
                for c in teller:
                    result.append(
                        module.replace(
                            c, claimant=origin, official=official, status=status, changes=history, relayed_by=relayed
                        )
                    )
        return result

    found = build_lines(documents, figures, changes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "_with_shared_status", every_pair)
        assert found == build_lines(documents, figures, changes)


_SENTENCES = [
    "Police detained dozens of protesters near the square in Almaty on Wednesday evening.",
    "The ministry said the curfew would last until the end of the week in the city.",
    "Witnesses said shots were fired near the airport and the mayor's office was set on fire.",
    "Internet access was cut across the country, the monitoring group said on Thursday.",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(range(len(_SENTENCES))), min_size=0, max_size=5),
            st.sampled_from([None, "Wire", "Daily", "Herald"]),
        ),
        max_size=9,
    )
)
def test_independent_sources_by_prefix_filtering_equal_those_of_every_pair(specs):
    """Republications are found among the pairs sharing a rare shingle (exact for Jaccard); the count of
    independent sources is the one comparing every pair gives."""
    documents = [
        Document.from_text(f"{' '.join(_SENTENCES[k] for k in chosen)} ({n})", outlet=outlet)
        for n, (chosen, outlet) in enumerate(specs)
    ]
    shingles = [_shingles(d.text) for d in documents]

    def copied(i, j):
        sa, sb = shingles[i], shingles[j]
        return bool(sa and sb) and len(sa & sb) / len(sa | sb) >= 0.6

    assert independent_sources(documents) == _sources_of_every_pair(documents, copied)


def _shingles(text: str) -> set[tuple[str, ...]]:
    """The reference shingles of a text: its runs of 5 words, lowercased; a text too short for one is one
    shingle of all its words."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < 5:
        return {tuple(words)}
    return set(zip(words, words[1:], words[2:], words[3:], words[4:], strict=False))


def _sources_of_every_pair(documents, copied) -> int:
    """The reference count of independent sources: every pair compared, one outlet's reports, and reports
    `copied(i, j)` from one another, joined."""
    parent = list(range(len(documents)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(documents):
        for j in range(i + 1, len(documents)):
            if (a.outlet is not None and a.outlet == documents[j].outlet) or copied(i, j):
                parent[find(i)] = find(j)
    return len({find(i) for i in range(len(documents))})


# Republication candidates: both filters keep every pair of Jaccard >= 0.6 -----------------------------------


def _worded(texts, outlets):
    return [
        Document.from_text(f"{text} ({n})", outlet=outlet)
        for n, (text, outlet) in enumerate(zip(texts, outlets, strict=True))
    ]


_STORY = [f"w{n}" for n in range(40)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),  # where the report's words start in the story
            st.integers(0, 45),  # how many words of the story it keeps
            st.lists(st.tuples(st.integers(0, 60), st.sampled_from(_STORY + ["x", "y"])), max_size=6),  # edits
            st.sampled_from([None, "Wire", "Daily", "Herald"]),
        ),
        max_size=12,
    ),
    st.sampled_from([0, 10**9]),
)
def test_republication_candidates_by_prefix_or_signature_keep_every_similar_pair(specs, pairs_per_lookup):
    """Reports cut from one story with a few words changed: every pair of Jaccard >= 0.6 is a candidate of
    prefix filtering and of the signature filter, and the count of independent sources is the one comparing
    every pair gives, by either way of finding the candidates."""
    from crisisledger.reconcile import incidents as module

    texts = []
    for start, length, edits, _ in specs:
        words = _STORY[start : start + length]
        for at, word in edits:
            if words:
                words[at % len(words)] = word
        texts.append(" ".join(words))
    documents = _worded(texts, [outlet for *_, outlet in specs])
    shingled = module._Shingled(documents)
    sets = [frozenset(shingled.ordered[d.id].tolist()) for d in documents]
    similar = {
        (i, j)
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= 0.6
    }
    by_prefix = {
        tuple(sorted(pair)) for pair in module._candidates([shingled.ordered[d.id].tolist() for d in documents])
    }
    signatures = [shingled.signatures[d.id] for d in documents]
    by_signature = set(module._by_signature(signatures, [len(s) for s in sets])) if documents else set()
    assert similar <= by_prefix
    assert similar <= by_signature
    expected = _sources_of_every_pair(documents, lambda i, j: (i, j) in similar)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "_PAIRS_PER_LOOKUP", pairs_per_lookup)
        assert independent_sources(documents) == expected
