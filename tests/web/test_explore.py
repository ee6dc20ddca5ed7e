"""The exploring pages (timeline, map, actors, incidents, search) over the hand-made store of tests/web/conftest.py,
and the TopoJSON decoder behind the map."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from crisisledger.records import Actor, Document, Evidence, Extraction, Statement, record_id
from crisisledger.store import Store
from crisisledger.web import geo

from .conftest import DETAINED_B, DOC_A, DOC_B, INJURED_A, KILLED_A, KILLED_C, MISSING_A, XSS

PAGES = ("/timeline", "/map", "/actors", "/incidents", "/search", "/search?q=killed")


# The TopoJSON decoder --------------------------------------------------------------------------------------

TINY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
    "arcs": [
        [[0, 0], [2, 0], [0, 4]],  # (10,20) -> (11,20) -> (11,21)
        [[0, 0], [0, 4]],  # (10,20) -> (10,21)
        [[2, 4], [-2, 0]],  # (11,21) -> (10,21)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 2, -2]], "id": "1", "properties": {"name": "Square"}},
                {
                    "type": "MultiPolygon",
                    "arcs": [[[0, 2, -2]], [[1, -3, -1]]],
                    "id": "2",
                    "properties": {"name": "Two"},
                },
                {"type": "Point", "coordinates": [0, 0]},
            ],
        }
    },
}


def test_arcs_are_delta_decoded_and_transformed() -> None:
    arcs = geo.decode_arcs(TINY)
    assert arcs[0] == [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0)]
    assert arcs[1] == [(10.0, 20.0), (10.0, 21.0)]
    assert arcs[2] == [(11.0, 21.0), (10.0, 21.0)]


def test_a_negative_index_is_the_arc_reversed_and_shared_points_are_not_repeated() -> None:
    countries = geo.decode_countries(TINY)
    assert [c.name for c in countries] == ["Square", "Two"]  # the Point is no outline
    ring = countries[0].polygons[0][0]
    assert ring == [(10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0)]
    assert len(countries[1].polygons) == 2
    assert countries[1].polygons[1][0] == [(10.0, 20.0), (10.0, 21.0), (11.0, 21.0), (11.0, 20.0), (10.0, 20.0)]


def test_the_vendored_atlas_decodes_to_every_country_with_finite_coordinates() -> None:
    countries = geo.decode_countries(json.loads(geo.ATLAS.read_text(encoding="utf-8")))
    assert 170 <= len(countries) <= 180
    names = {c.name for c in countries}
    assert {"Kazakhstan", "Ukraine", "Fiji", "Antarctica"} <= names
    for country in countries:
        for polygon in country.polygons:
            for ring in polygon:
                assert ring[0] == ring[-1]  # rings close
                assert all(math.isfinite(x) and -180.5 <= x <= 180.5 and -90 <= y <= 90 for x, y in ring)
    outlines = geo.outlines()
    assert len(outlines) == len(countries)
    assert all(re.fullmatch(r"(M[0-9. ]+Z)+", o.d) for o in outlines)  # 1 decimal at most, no exponent
    assert not any(re.search(r"\.\d\d", o.d) for o in outlines)


def test_the_view_box_fits_the_points_with_a_margin_or_shows_the_world() -> None:
    assert geo.view_box([]) == (0.0, 0.0, geo.WIDTH, geo.HEIGHT)
    kharkiv, kyiv = geo.project(36.25, 49.98), geo.project(30.52, 50.45)
    x, y, width, height = geo.view_box([kharkiv, kyiv])
    for px, py in (kharkiv, kyiv):
        assert x + 5 < px < x + width - 5 and y + 5 < py < y + height - 5
    assert width < geo.WIDTH / 4 and width == pytest.approx(2 * height, abs=0.2)
    assert [o.name for o in geo.visible((x, y, width, height))].count("Ukraine") == 1
    assert "Brazil" not in {o.name for o in geo.visible((x, y, width, height))}


# Every page ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_with_one_heading_no_inline_style_or_script(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200, page.text
    html = page.text
    assert html.count("<h1") == 1
    assert not re.search(r"\sstyle\s*=", html, re.IGNORECASE)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html, re.IGNORECASE)
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE)
    assert "explore.css" in html
    assert XSS not in html
    for control in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', html):  # every control has a label
        assert f'for="{control}"' in html
    assert len(re.findall(r'\bid="q"', html)) == 1  # the header's search field keeps its id to itself


def test_a_bad_date_is_a_422_page_and_a_blank_one_is_no_filter(client: TestClient) -> None:
    assert client.get("/timeline?as_of=yesterday").status_code == 422
    assert client.get("/map?as_of=2022-13-01").status_code == 422
    assert client.get("/timeline?as_of=&since=&until=&kind=").text == client.get("/timeline").text


def test_the_explore_stylesheet_is_served(client: TestClient) -> None:
    assert client.get("/static/explore.css").status_code == 200


# Timeline --------------------------------------------------------------------------------------------------


def test_the_timeline_groups_incidents_and_claims_by_day_with_links(client: TestClient) -> None:
    html = client.get("/timeline").text
    days = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', html)
    assert days == sorted(days) and len(days) == len(set(days))
    assert {"2022-03-02", "2022-03-03", "2022-03-05", "2022-03-06"} <= set(days)
    assert f'href="/figures/{KILLED_A.id}"' in html and f'href="/figures/{DETAINED_B.id}"' in html
    incident_links = re.findall(r'href="/incidents#(inc-[0-9a-f]+)"', html)
    assert len(incident_links) == 2  # the shelling in Kharkiv, the arrests in Kyiv
    # the shelling (2 March) comes before the claims of 3 March
    assert html.index("explosions_remote_violence") < html.index(KILLED_A.id)


def test_timeline_filters_change_what_is_shown(client: TestClient) -> None:
    detained = client.get("/timeline?kind=detained").text
    assert DETAINED_B.id in detained and KILLED_A.id not in detained and "/incidents#" not in detained
    incidents = client.get("/timeline?kind=incident").text
    assert "/incidents#" in incidents and "/figures/" not in incidents
    window = client.get("/timeline?since=2022-03-04&until=2022-03-05").text
    assert DETAINED_B.id in window and KILLED_A.id not in window and KILLED_C.id not in window
    early = client.get("/timeline?as_of=2022-03-03").text
    assert KILLED_A.id in early and DETAINED_B.id not in early and "as known on 2022-03-03" in early


# Map -------------------------------------------------------------------------------------------------------


def _points(html: str) -> list[str]:
    svg = html[html.index("<svg") : html.index("</svg>")]
    return re.findall(r'<a href="([^"]+)" class="point point-(?:line|incident)">', svg)


def test_the_map_has_a_point_per_located_line_and_incident_and_a_table(client: TestClient) -> None:
    html = client.get("/map").text
    points = _points(html)
    lines = [p for p in points if p.startswith("/lines/")]
    incidents = [p for p in points if p.startswith("/incidents")]
    # killed and injured in Kharkiv, detained in Kyiv; the missing have no place
    assert len(lines) == 3 and len(incidents) == 2
    assert "<circle" in html and "<rect x=" in html and "<title>" in html
    assert html.count("<path d=") < 177  # zoomed to Ukraine: far countries are left out
    table = html[html.index('<table class="points-table">') :]
    for href in points:
        assert f'href="{href}"' in table
    assert "Kharkiv" in table and "Kyiv" in table
    assert "1 ledger line without coordinates is not on the map" in html
    assert MISSING_A.id not in html


def test_map_points_are_sized_by_value_and_filtered_by_kind(client: TestClient) -> None:
    html = client.get("/map").text
    radii = {float(r) for r in re.findall(r'<circle cx="[^"]+" cy="[^"]+" r="([^"]+)"', html)}
    assert len(radii) == 3  # 40 injured, 30 detained, 15 killed: three sizes
    detained = client.get("/map?kind=detained").text
    assert len(_points(detained)) == 1 and "/incidents" not in "".join(_points(detained))
    box = [float(v) for v in re.search(r'viewBox="([^"]+)"', detained).group(1).split()]  # type: ignore[union-attr]
    x, y = geo.project(30.5238, 50.45466)
    assert box[0] < x < box[0] + box[2] and box[1] < y < box[1] + box[3]


def test_a_map_without_points_shows_the_world(client: TestClient) -> None:
    html = client.get("/map?kind=participants").text
    assert 'viewBox="0 0 720 360"' in html and html.count("<path d=") == 177 and "No points." in html


# Actors ----------------------------------------------------------------------------------------------------


def _entity_ids(html: str) -> list[str]:
    return re.findall(r'href="/actors/(ent-[0-9a-f]+)"', html)


def test_actors_are_listed_and_searchable(client: TestClient) -> None:
    html = client.get("/actors").text
    assert "Oleh Synehubov" in html and "Ministry of Defence" in html and len(_entity_ids(html)) == 2
    found = client.get("/actors?q=synehubov").text
    assert "Oleh Synehubov" in found and "Ministry of Defence" not in found
    by_alias = client.get("/actors?q=regional+governor").text
    assert len(_entity_ids(by_alias)) == 1
    organisations = client.get("/actors?type=organization").text
    assert "Ministry of Defence" in organisations and "Oleh Synehubov" not in organisations
    assert 'value="synehubov"' in found  # the filter is kept in the form


def test_an_actor_page_has_roles_statements_and_claims(client: TestClient) -> None:
    governor = _entity_ids(client.get("/actors?q=synehubov").text)[0]
    html = client.get(f"/actors/{governor}").text
    assert "<h1>Oleh Synehubov</h1>" in html
    assert "governor, Kharkiv regional administration" in html and "2022-03-01" in html
    assert "We will rebuild," in html and f'href="/documents/{DOC_A.id}"' in html
    for figure in (KILLED_A, INJURED_A, KILLED_C):  # claimed by "the regional governor", an alias
        assert f'href="/figures/{figure.id}"' in html
    assert DETAINED_B.id not in html
    assert html.index(KILLED_A.id) < html.index(KILLED_C.id)
    ministry = _entity_ids(client.get("/actors?q=defence").text)[0]
    denial = client.get(f"/actors/{ministry}").text
    assert "denied the toll of 12 dead" in denial and "No role is recorded." in denial


def test_an_unknown_actor_is_404(client: TestClient) -> None:
    assert client.get("/actors/ent-0000000000").status_code == 404


# Incidents -------------------------------------------------------------------------------------------------


def test_incidents_have_anchors_sources_reports_and_events(client: TestClient) -> None:
    html = client.get("/incidents").text
    rows = re.findall(r'<tr id="(inc-[0-9a-f]+)">', html)
    assert len(rows) == 2
    assert f'href="/documents/{DOC_A.id}"' in html and f'href="/documents/{DOC_B.id}"' in html
    assert "Shelling in Kharkiv" in html and "shelling_artillery_missile_attack" in html
    assert "30 people were detained in Kyiv after a protest" in html
    body = html.split("<tbody>")[1]
    assert body.index("explosions_remote_violence") < body.index(">arrests<")  # oldest first


def test_incident_filters_change_what_is_shown(client: TestClient) -> None:
    arrests = client.get("/incidents?type=arrests").text
    assert len(re.findall(r'<tr id="inc-', arrests)) == 1 and "Kyiv after a protest" in arrests
    kharkiv = client.get("/incidents?place=kharkiv").text
    assert len(re.findall(r'<tr id="inc-', kharkiv)) == 1 and "shelling" in kharkiv
    by_country = client.get("/incidents?place=UA").text
    assert len(re.findall(r'<tr id="inc-', by_country)) == 2
    early = client.get("/incidents?as_of=2022-03-04").text
    assert len(re.findall(r'<tr id="inc-', early)) == 1 and "arrests" not in early.split("<tbody>")[1]


# Search ----------------------------------------------------------------------------------------------------


def test_search_marks_the_match_and_escapes_the_report(client: TestClient) -> None:
    html = client.get("/search?q=detained").text
    assert f'href="/documents/{DOC_B.id}"' in html and "<mark>detained</mark>" in html
    hostile = client.get("/search?q=alert").text
    assert "&lt;script&gt;" in hostile and XSS not in hostile and "Toll rises" in hostile
    assert "Harbour &lt;b&gt;Herald&lt;/b&gt;" in hostile


def test_an_empty_search_is_the_form_only(client: TestClient) -> None:
    html = client.get("/search?q=").text
    assert 'id="search-q"' in html and "<mark>" not in html and 'class="hits"' not in html


# Names from reports are text -------------------------------------------------------------------------------

HOSTILE_TEXT = f"Mr {XSS} Brown said the protest was peaceful."
HOSTILE = Document.from_text(HOSTILE_TEXT, title="Statement", outlet="Wire", published=date(2022, 3, 7))


@pytest.fixture
def hostile_client(web_store: str) -> Iterator[TestClient]:
    from crisisledger.web.app import Settings, create_app

    name = f"{XSS} Brown"
    start = HOSTILE_TEXT.index(XSS)
    evidence = Evidence.of(HOSTILE, start, start + len(name))
    actor = Actor(record_id("act", HOSTILE.id, name), HOSTILE.id, name, "person", evidence)
    said = Statement(
        id=record_id("st", HOSTILE.id, "said"),
        document_id=HOSTILE.id,
        text="the protest was peaceful",
        evidence=Evidence.of(HOSTILE, HOSTILE_TEXT.index("the protest"), len(HOSTILE_TEXT) - 1),
        speaker=name,
        direct=False,
    )
    with Store.open(web_store) as store:
        store.add(Extraction(document=HOSTILE, actors=(actor,), statements=(said,)))
    with TestClient(create_app(Settings(db=web_store))) as test_client:
        yield test_client


def test_a_name_with_markup_renders_as_text(hostile_client: TestClient) -> None:
    listing = hostile_client.get("/actors").text
    assert XSS not in listing and "&lt;script&gt;alert(1)&lt;/script&gt; Brown" in listing
    entity = _entity_ids(hostile_client.get("/actors?q=brown").text)[0]
    page = hostile_client.get(f"/actors/{entity}").text
    assert XSS not in page and "<h1>&lt;script&gt;alert(1)&lt;/script&gt; Brown</h1>" in page
    assert "the protest was peaceful" in page
    assert XSS not in hostile_client.get("/search?q=brown").text
