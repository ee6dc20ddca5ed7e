"""The REST API (/api/v1) over a hand-made store: every endpoint and filter, cursor pages, the one error shape,
the token for writes, reviews seen by the reads, ETags, and JSON that stays JSON (on SQLite, and on PostgreSQL
when CRISISLEDGER_TEST_PG is set)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from crisisledger.records import FIGURE_KINDS, STATUSES, Document, Extraction, StatusChange
from crisisledger.store import Snapshot, Store
from crisisledger.web.app import SECURITY_HEADERS, Settings, create_app

from .conftest import (
    DETAINED_B,
    DOC_A,
    DOC_B,
    DOC_C,
    FIGURES,
    GOVERNOR,
    INJURED_A,
    INJURED_C,
    KHARKIV,
    KILLED_A,
    KILLED_C,
    MINISTRY,
    MISSING_A,
    XSS,
    fill,
    make_figure,
    span,
)

API = "/api/v1"


def get(client: TestClient, path: str, **params: Any) -> Any:
    answer = client.get(API + path, params=params or None)
    assert answer.status_code == 200, answer.text
    return answer.json()


def ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]


def figure_ids(client: TestClient, **params: Any) -> list[str]:
    return ids(get(client, "/figures", limit=500, **params)["figures"])


def assert_error(answer: Any, status: int, *words: str) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    for word in words:
        assert word in body["error"]["message"]
    return body["error"]


def killed_in_kharkiv(client: TestClient, **params: Any) -> dict[str, Any]:
    lines = get(client, "/ledger", kind="killed", place="Kharkiv", **params)["ledger_lines"]
    assert len(lines) == 1
    return lines[0]


ALL = sorted(f.id for f in FIGURES)

READS = [
    "/ledger",
    "/figures",
    f"/figures/{KILLED_A.id}",
    "/documents",
    f"/documents/{DOC_A.id}",
    "/events",
    "/actors",
    "/statements",
    "/incidents",
    "/search?q=killed",
]


# Every read ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", READS)
def test_every_read_is_json_with_an_etag_and_the_security_headers(client: TestClient, path: str) -> None:
    answer = client.get(API + path)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["etag"].startswith('"') and answer.headers["cache-control"] == "no-cache"
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value


@pytest.mark.parametrize("path", READS)
def test_an_etag_the_client_has_answers_304(client: TestClient, path: str) -> None:
    first = client.get(API + path)
    again = client.get(API + path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    other = client.get(API + path, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == first.content


def test_a_review_changes_the_etag(client: TestClient, auth: dict[str, str]) -> None:
    before = client.get(f"{API}/figures/{KILLED_C.id}").headers["etag"]
    client.post(f"{API}/figures/{KILLED_C.id}/reviews", json={"by": "ana", "action": "verify"}, headers=auth)
    after = client.get(f"{API}/figures/{KILLED_C.id}", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["etag"] != before


def test_the_openapi_document_lists_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    expected = {
        "/ledger": "get",
        "/ledger/{line_id}": "get",
        "/figures": "get",
        "/figures/{figure_id}": "get",
        "/figures/{figure_id}/reviews": "post",
        "/documents": "get",
        "/documents/{document_id}": "get",
        "/documents/{document_id}/figures": "post",
        "/events": "get",
        "/actors": "get",
        "/actors/{actor_id}": "get",
        "/statements": "get",
        "/incidents": "get",
        "/search": "get",
    }
    for path, method in expected.items():
        operation = paths[API + path][method]
        assert operation["summary"] and operation["tags"], path
    reviews = paths[f"{API}/figures/{{figure_id}}/reviews"]["post"]
    assert "requestBody" in reviews and "201" in reviews["responses"] and "401" in reviews["responses"]
    assert "ErrorShape" in spec["components"]["schemas"]


# The ledger ------------------------------------------------------------------------------------------------


def test_the_ledger_has_one_line_per_kind_and_place(client: TestClient) -> None:
    lines = get(client, "/ledger")["ledger_lines"]
    assert sorted((line["kind"], line["place"]["name"] if line["place"] else None) for line in lines) == [
        ("detained", "Kyiv"),
        ("injured", "Kharkiv"),
        ("killed", "Kharkiv"),
        ("missing", None),
    ]
    assert get(client, "/ledger")["next"] is None
    line = killed_in_kharkiv(client)
    assert {c["figure_id"] for c in line["series"]} == {KILLED_A.id, KILLED_C.id}
    assert {c["figure_id"]: c["status"] for c in line["series"]}[KILLED_A.id] == "denied"
    assert set(line) >= {"id", "kind", "place", "range", "latest", "latest_official", "contested", "series"}


def test_the_ledger_filters_by_kind_place_and_as_of(client: TestClient) -> None:
    assert [line["kind"] for line in get(client, "/ledger", kind="detained")["ledger_lines"]] == ["detained"]
    assert [line["place"]["name"] for line in get(client, "/ledger", place="kyiv")["ledger_lines"]] == ["Kyiv"]
    assert len(get(client, "/ledger", place="UA")["ledger_lines"]) == 3
    assert get(client, "/ledger", place="Lviv")["ledger_lines"] == []
    # as of March 4th: only report A was out; its 12 killed stood, not yet denied
    early = killed_in_kharkiv(client, as_of="2022-03-04")
    assert [(c["figure_id"], c["status"]) for c in early["series"]] == [(KILLED_A.id, "asserted")]
    assert get(client, "/ledger", as_of="2022-03-01")["ledger_lines"] == []


def test_the_ledger_pages(client: TestClient) -> None:
    first = get(client, "/ledger", limit=3)
    assert len(first["ledger_lines"]) == 3 and first["next"]
    rest = client.get(first["next"]).json()
    assert len(rest["ledger_lines"]) == 1 and rest["next"] is None
    assert ids(first["ledger_lines"] + rest["ledger_lines"]) == ids(get(client, "/ledger")["ledger_lines"])


def test_one_ledger_line(client: TestClient) -> None:
    line = killed_in_kharkiv(client)
    assert get(client, f"/ledger/{line['id']}") == line
    early = get(client, f"/ledger/{line['id']}", as_of="2022-03-04")
    assert [c["figure_id"] for c in early["series"]] == [KILLED_A.id]
    assert_error(client.get(f"{API}/ledger/line-nothing"), 404, "line-nothing")
    assert_error(client.get(f"{API}/ledger/{line['id']}", params={"as_of": "2022-03-01"}), 404, "as of 2022-03-01")


@pytest.mark.parametrize(
    ("path", "params", "words"),
    [
        ("/ledger", {"kind": "dead"}, ["kind", *FIGURE_KINDS]),
        ("/ledger", {"as_of": "yesterday"}, ["as_of"]),
        ("/figures", {"kind": "dead"}, ["kind", *FIGURE_KINDS]),
        ("/figures", {"status": "fake"}, ["status", *STATUSES]),
        ("/figures", {"review": "maybe"}, ["review", "unreviewed", "verified", "rejected", "corrected", "added"]),
        ("/figures", {"official": "perhaps"}, ["official"]),
        ("/figures", {"since": "2022-13-01"}, ["since"]),
        ("/figures", {"limit": 501}, ["limit"]),
        ("/figures", {"limit": 0}, ["limit"]),
        ("/documents", {"limit": 501}, ["limit"]),
        ("/events", {"until": "soon"}, ["until"]),
        ("/statements", {"stance": "shouts"}, ["stance", "asserts", "denies"]),
        ("/incidents", {"limit": 501}, ["limit"]),
        ("/actors", {"limit": 501}, ["limit"]),
        ("/search", {}, ["q"]),
    ],
)
def test_a_wrong_parameter_is_422_naming_what_is_allowed(client: TestClient, path, params, words) -> None:
    error = assert_error(client.get(API + path, params=params), 422, *words)
    assert error["code"] == "invalid"


# Figures ---------------------------------------------------------------------------------------------------


def test_figures_are_listed_by_id_with_their_status_now(client: TestClient) -> None:
    page = get(client, "/figures")
    assert ids(page["figures"]) == ALL and page["next"] is None
    by_id = {f["id"]: f for f in page["figures"]}
    assert by_id[KILLED_A.id]["status"] == "denied"  # report B denies it
    assert by_id[KILLED_C.id]["status"] == "asserted"
    assert by_id[KILLED_A.id]["evidence"] == {
        "start": KILLED_A.evidence.start,
        "end": KILLED_A.evidence.end,
        "text": "At least 12 people were killed",
    }
    assert set(by_id[KILLED_A.id]) == {
        "id", "document_id", "kind", "min", "max", "approximate", "vague", "as_of", "place", "claimant",
        "cited_source", "status", "population", "part_of", "evidence", "review",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "killed"}, [KILLED_A, KILLED_C]),
        ({"kind": "injured"}, [INJURED_A, INJURED_C]),
        ({"place": "kharkiv"}, [KILLED_A, INJURED_A, KILLED_C, INJURED_C]),
        ({"place": "ua"}, [KILLED_A, INJURED_A, DETAINED_B, KILLED_C, INJURED_C]),
        ({"place": "Kyiv"}, [DETAINED_B]),
        ({"claimant": "police"}, [DETAINED_B]),
        ({"claimant": "the regional governor"}, [KILLED_A, INJURED_A, KILLED_C]),
        ({"status": "denied"}, [KILLED_A]),
        ({"status": "asserted"}, [INJURED_A, MISSING_A, DETAINED_B, KILLED_C, INJURED_C]),
        ({"official": "false"}, [MISSING_A]),
        ({"official": "true"}, [KILLED_A, INJURED_A, DETAINED_B, KILLED_C, INJURED_C]),
        ({"since": "2022-03-05"}, [DETAINED_B, KILLED_C, INJURED_C]),
        ({"until": "2022-03-03"}, [KILLED_A, INJURED_A, MISSING_A]),
        ({"since": "2022-03-04", "until": "2022-03-05"}, [DETAINED_B]),
        ({"document_id": DOC_A.id}, [KILLED_A, INJURED_A, MISSING_A]),
        ({"review": "unreviewed"}, list(FIGURES)),
        ({"review": "reviewed"}, []),
        ({"kind": "killed", "place": "kharkiv", "status": "asserted"}, [KILLED_C]),
    ],
)
def test_every_figure_filter(client: TestClient, params, expected) -> None:
    assert figure_ids(client, **params) == sorted(f.id for f in expected)


@pytest.mark.parametrize("limit", [1, 2, 4, 6, 7])
def test_pages_walk_every_figure_exactly_once(client: TestClient, limit: int) -> None:
    seen: list[str] = []
    page = get(client, "/figures", limit=limit)
    pages = 1
    while True:
        assert len(page["figures"]) <= limit
        seen += ids(page["figures"])
        if page["next"] is None:
            break
        assert page["next"].startswith(f"{API}/figures?") and f"limit={limit}" in page["next"]
        page = client.get(page["next"]).json()
        pages += 1
    assert seen == ALL
    assert pages == -(-len(ALL) // limit) or (len(ALL) % limit == 0 and pages == len(ALL) // limit)


def test_a_next_link_keeps_the_filters(client: TestClient) -> None:
    page = get(client, "/figures", kind="injured", place="kharkiv", limit=1)
    assert "kind=injured" in page["next"] and "place=kharkiv" in page["next"]
    second = client.get(page["next"]).json()
    assert ids(page["figures"] + second["figures"]) == sorted([INJURED_A.id, INJURED_C.id])
    assert second["next"] is None


def test_a_bad_cursor_is_400(client: TestClient) -> None:
    page = get(client, "/figures", limit=2)
    cursor = page["next"].split("cursor=")[1]
    assert_error(client.get(f"{API}/figures", params={"limit": 2, "cursor": "garbage!"}), 400, "cursor")
    assert_error(client.get(f"{API}/figures", params={"limit": 2, "cursor": "AAAA"}), 400, "cursor")
    tampered = cursor[:-2] + ("A" if cursor[-2] != "A" else "B") + cursor[-1]
    assert_error(client.get(f"{API}/figures", params={"limit": 2, "cursor": tampered}), 400, "cursor")
    # a cursor from other filters, or another list
    assert_error(client.get(f"{API}/figures", params={"kind": "killed", "cursor": cursor}), 400, "other filters")
    assert_error(client.get(f"{API}/documents", params={"cursor": cursor}), 400, "other filters")
    # the limit may change between pages: the cursor is bound to the filters only
    assert client.get(f"{API}/figures", params={"limit": 3, "cursor": cursor}).status_code == 200


def test_one_figure_with_its_words_changes_reviews_and_report(client: TestClient) -> None:
    found = get(client, f"/figures/{KILLED_A.id}")
    assert found["figure"]["id"] == KILLED_A.id and found["figure"]["status"] == "denied"
    assert found["status_changes"] == [
        {
            "figure_id": KILLED_A.id,
            "status": "denied",
            "date": "2022-03-05",
            "by": "Ministry of Defence",
            "evidence": {
                "start": DOC_B.text.index("The Ministry"),
                "end": DOC_B.text.index(" of 12"),
                "text": "The Ministry of Defence denied the toll",
            },
        }
    ]
    assert found["reviews"] == []
    assert found["document"] == {
        "id": DOC_A.id,
        "title": "Shelling in Kharkiv",
        "outlet": "Reuters",
        "url": "https://example.org/a",
        "published": "2022-03-03",
        "language": "en",
    }
    error = assert_error(client.get(f"{API}/figures/fig-nothing"), 404, "fig-nothing")
    assert error["code"] == "not_found"


# Documents -------------------------------------------------------------------------------------------------


def test_documents_are_listed_and_paged_without_their_text(client: TestClient) -> None:
    every = get(client, "/documents")
    assert ids(every["documents"]) == sorted([DOC_A.id, DOC_B.id, DOC_C.id]) and every["next"] is None
    assert set(every["documents"][0]) == {"id", "title", "outlet", "url", "published", "language"}
    first = get(client, "/documents", limit=2)
    rest = client.get(first["next"]).json()
    assert ids(first["documents"] + rest["documents"]) == ids(every["documents"]) and rest["next"] is None


def test_one_document_with_its_text_versions_and_every_record_on_its_span(client: TestClient) -> None:
    found = get(client, f"/documents/{DOC_A.id}")
    assert found["document"]["text"] == DOC_A.text and found["document"]["title"] == "Shelling in Kharkiv"
    assert [(v["change"], v["this"]) for v in found["versions"]] == [("new", True), ("unchanged", True)]
    assert ids(found["figures"]) == [KILLED_A.id, INJURED_A.id, MISSING_A.id]
    assert {f["id"]: f["status"] for f in found["figures"]}[KILLED_A.id] == "denied"
    assert [a["name"] for a in found["actors"]] == ["Oleh Synehubov"]
    assert [r["title"] for r in found["roles"]] == ["governor"]
    assert [s["text"] for s in found["statements"]] == ["We will rebuild,"]
    assert [e["type"] for e in found["events"]] == ["explosions_remote_violence"]
    assert [p["name"] for p in found["places"]] == ["Kharkiv"]
    assert [(t["text"], t["value"]) for t in found["time_expressions"]] == [("Wednesday", "2022-03-02")]
    for key in ("figures", "statements", "actors", "roles", "events"):
        for record in found[key]:
            evidence = record["evidence"]
            assert DOC_A.text[evidence["start"] : evidence["end"]] == evidence["text"], key
    for key in ("places", "time_expressions"):
        for record in found[key]:
            assert DOC_A.text[record["start"] : record["end"]] == record["text"], key
    # the status changes it reports are the later report's own
    later = get(client, f"/documents/{DOC_B.id}")
    assert [(c["figure_id"], c["status"]) for c in later["status_changes"]] == [(KILLED_A.id, "denied")]
    assert later["versions"] == []


def test_a_document_by_a_prefix_of_its_id_or_404(client: TestClient) -> None:
    assert get(client, f"/documents/{DOC_C.id[:8]}")["document"]["id"] == DOC_C.id
    assert_error(client.get(f"{API}/documents/ffffffffffff"), 404, "ffffffffffff")


def test_a_script_in_a_report_comes_back_as_the_same_json_string(client: TestClient) -> None:
    answer = client.get(f"{API}/documents/{DOC_C.id}")
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["x-content-type-options"] == "nosniff"
    body = answer.json()
    assert body["document"]["title"] == f"Toll rises {XSS}"
    assert body["document"]["outlet"] == "Harbour <b>Herald</b>"
    assert XSS in body["document"]["text"] and body["document"]["text"] == DOC_C.text
    assert json.loads(answer.content) == body and XSS.encode() in answer.content
    hits = get(client, "/search", q="hurt")["hits"]
    assert [h["document_id"] for h in hits] == [DOC_C.id] and hits[0]["title"] == f"Toll rises {XSS}"


# Events, actors, statements, incidents, search -------------------------------------------------------------


def test_events_and_their_filters(client: TestClient) -> None:
    every = get(client, "/events")["events"]
    assert sorted(e["type"] for e in every) == ["arrests", "explosions_remote_violence"]
    assert ids(every) == sorted(ids(every))
    assert [e["type"] for e in get(client, "/events", type="arrests")["events"]] == ["arrests"]
    assert [e["place"]["name"] for e in get(client, "/events", place="KYIV")["events"]] == ["Kyiv"]
    assert len(get(client, "/events", place="ua")["events"]) == 2
    assert [e["type"] for e in get(client, "/events", since="2022-03-04")["events"]] == ["arrests"]
    assert [e["type"] for e in get(client, "/events", until="2022-03-02")["events"]] == ["explosions_remote_violence"]
    assert [e["document_id"] for e in get(client, "/events", document_id=DOC_B.id)["events"]] == [DOC_B.id]
    first = get(client, "/events", limit=1)
    assert ids(first["events"] + client.get(first["next"]).json()["events"]) == ids(every)


def test_actors_are_entities_and_one_actor_has_its_roles_words_and_claims(client: TestClient) -> None:
    every = get(client, "/actors")["entities"]
    assert [e["name"] for e in every] == ["Ministry of Defence", "Oleh Synehubov"]
    assert [e["name"] for e in get(client, "/actors", q="SYNEHUBOV")["entities"]] == ["Oleh Synehubov"]
    assert [e["name"] for e in get(client, "/actors", q="regional")["entities"]] == ["Oleh Synehubov"]  # an alias
    assert [e["name"] for e in get(client, "/actors", type="organization")["entities"]] == ["Ministry of Defence"]
    governor = next(e for e in every if e["name"] == "Oleh Synehubov")
    found = get(client, f"/actors/{governor['id']}")
    assert found["entity"] == governor
    assert ids(found["actors"]) == [GOVERNOR.id]
    assert [r["title"] for r in found["roles"]] == ["governor"]
    assert [s["text"] for s in found["statements"]] == ["We will rebuild,"]
    assert ids(found["figures"]) == sorted([KILLED_A.id, INJURED_A.id, KILLED_C.id])
    assert get(client, f"/actors/{MINISTRY.id}")["entity"]["name"] == "Ministry of Defence"  # by an actor's id
    assert_error(client.get(f"{API}/actors/ent-nothing"), 404, "ent-nothing")


def test_statements_and_their_filters(client: TestClient) -> None:
    every = get(client, "/statements")["statements"]
    assert len(every) == 2 and ids(every) == sorted(ids(every))
    assert [s["stance"] for s in get(client, "/statements", speaker="ministry of defence")["statements"]] == ["denies"]
    assert [s["document_id"] for s in get(client, "/statements", document_id=DOC_A.id)["statements"]] == [DOC_A.id]
    assert [s["figure_id"] for s in get(client, "/statements", stance="denies")["statements"]] == [KILLED_A.id]


def test_incidents_and_their_filters(client: TestClient) -> None:
    every = get(client, "/incidents")["incidents"]
    assert sorted(i["type"] for i in every) == ["arrests", "explosions_remote_violence"]
    assert [i["type"] for i in get(client, "/incidents", type="arrests")["incidents"]] == ["arrests"]
    assert [i["place"]["name"] for i in get(client, "/incidents", place="kharkiv")["incidents"]] == ["Kharkiv"]
    assert [i["type"] for i in get(client, "/incidents", as_of="2022-03-04")["incidents"]] == [
        "explosions_remote_violence"
    ]
    first = get(client, "/incidents", limit=1)
    assert ids(first["incidents"] + client.get(first["next"]).json()["incidents"]) == ids(every)


def test_search_finds_words_and_gives_plain_text_snippets(client: TestClient) -> None:
    hits = get(client, "/search", q="killed")["hits"]
    assert sorted(h["document_id"] for h in hits) == sorted([DOC_A.id, DOC_C.id])
    for hit in hits:
        assert set(hit) == {"document_id", "title", "outlet", "published", "snippet"}
        assert any(piece["match"] and piece["text"].lower() == "killed" for piece in hit["snippet"])
        assert all(set(piece) == {"text", "match"} for piece in hit["snippet"])
    assert get(client, "/search", q="nothing-like-this-word")["hits"] == []
    first = get(client, "/search", q="killed", limit=1)
    rest = client.get(first["next"]).json()
    assert [h["document_id"] for h in first["hits"] + rest["hits"]] == [h["document_id"] for h in hits]
    assert rest["next"] is None


# Writes ----------------------------------------------------------------------------------------------------


def review(client: TestClient, figure_id: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return client.post(f"{API}/figures/{figure_id}/reviews", json=body, headers=headers or {})


def test_a_review_needs_the_token(client: TestClient) -> None:
    body = {"by": "ana", "action": "verify"}
    assert_error(review(client, KILLED_C.id, body), 401, "token")
    assert_error(review(client, KILLED_C.id, body, {"Authorization": "Bearer wrong-token"}), 401, "token")
    assert_error(review(client, KILLED_C.id, body, {"Authorization": "Basic dGVzdC10b2tlbg=="}), 401)
    added = client.post(f"{API}/documents/{DOC_B.id}/figures", json={"by": "ana", "start": 0, "end": 4, "set": {}})
    assert_error(added, 401, "token")
    assert get(client, f"/figures/{KILLED_C.id}")["reviews"] == []


def test_a_server_without_a_token_takes_no_reviews(web_store: str) -> None:
    with TestClient(create_app(Settings(db=web_store))) as bare:
        answer = review(bare, KILLED_C.id, {"by": "ana", "action": "verify"}, {"Authorization": "Bearer x"})
        assert_error(answer, 401, "takes no reviews")


def test_a_server_off_loopback_needs_the_token_to_read(web_store: str) -> None:
    with TestClient(create_app(Settings(db=web_store, host="0.0.0.0", token="test-token"))) as remote:
        assert_error(remote.get(f"{API}/figures"), 401, "token")
        assert remote.get(f"{API}/figures", headers={"Authorization": "Bearer test-token"}).status_code == 200


def test_a_rejected_figure_leaves_the_ledger(client: TestClient, auth: dict[str, str]) -> None:
    answer = review(client, KILLED_C.id, {"by": "ana", "action": "reject", "note": "a repeat"}, auth)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert [(r["action"], r["by"], r["note"], r["figure_id"]) for r in body["reviews"]] == [
        ("reject", "ana", "a repeat", KILLED_C.id)
    ]
    assert body["figure"]["review"] == "rejected"
    found = get(client, f"/figures/{KILLED_C.id}")
    assert found["figure"]["review"] == "rejected" and found["reviews"] == body["reviews"]
    assert [c["figure_id"] for c in killed_in_kharkiv(client)["series"]] == [KILLED_A.id]
    assert figure_ids(client, review="rejected") == [KILLED_C.id]
    assert KILLED_C.id not in figure_ids(client, review="unreviewed")
    assert get(client, f"/documents/{DOC_C.id}")["reviews"] == body["reviews"]


def test_a_corrected_value_shows_everywhere(client: TestClient, auth: dict[str, str]) -> None:
    body = {"by": "ben", "action": "correct", "set": {"value": 9, "claimant": "Ministry of Health"}, "note": None}
    answer = review(client, INJURED_C.id, body, auth)
    assert answer.status_code == 201, answer.text
    rows = answer.json()["reviews"]
    assert [(r["field"], r["old"], r["new"]) for r in rows] == [
        ("min", 7, 9),
        ("max", 7, 9),
        ("claimant", "Ministry of Health", "Ministry of Health"),
    ]
    found = get(client, f"/figures/{INJURED_C.id}")["figure"]
    assert (found["min"], found["max"], found["review"]) == (9, 9, "corrected")
    line = get(client, "/ledger", kind="injured", place="Kharkiv")["ledger_lines"][0]
    assert {c["figure_id"]: (c["min"], c["max"]) for c in line["series"]}[INJURED_C.id] == (9, 9)
    assert figure_ids(client, review="corrected") == [INJURED_C.id]
    # a correction of the kind moves the figure to the other kind's list and ledger line
    moved = review(client, INJURED_C.id, {"by": "ben", "action": "correct", "set": {"kind": "killed"}}, auth)
    assert moved.status_code == 201
    assert INJURED_C.id in figure_ids(client, kind="killed")
    assert INJURED_C.id in {c["figure_id"] for c in killed_in_kharkiv(client)["series"]}


def test_a_verified_figure_is_marked(client: TestClient, auth: dict[str, str]) -> None:
    assert review(client, DETAINED_B.id, {"by": "ana", "action": "verify"}, auth).status_code == 201
    assert get(client, f"/figures/{DETAINED_B.id}")["figure"]["review"] == "verified"
    assert figure_ids(client, review="verified") == [DETAINED_B.id]
    assert figure_ids(client, review="reviewed") == [DETAINED_B.id]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"by": "ana", "action": "approve"}, ["action"]),
        ({"by": "ana", "action": "verify", "colour": "red"}, ["colour"]),
        ({"action": "verify"}, ["by"]),
        ({"by": "", "action": "verify"}, ["by"]),
        ({"by": "ana", "action": "correct"}, ["fields to set"]),
        ({"by": "ana", "action": "verify", "set": {"min": 3}}, ["takes no fields"]),
        ({"by": "ana", "action": "correct", "set": {"min": "many"}}, ["min='many' is not valid"]),
        ({"by": "ana", "action": "correct", "set": {"deaths": 3}}, ["unknown field 'deaths'"]),
        ({"by": "ana", "action": "correct", "set": {"kind": "dead"}}, ["kind is one of killed"]),
        ({"by": "ana", "action": "correct", "set": {"min": 20}}, ["min 20 is above max 7"]),
        ({"by": "ana", "action": "correct", "set": {"min": 2.5}}, ["set"]),
        ({"by": "   ", "action": "verify"}, ["every review is signed"]),
    ],
)
def test_a_wrong_review_is_422_and_stores_nothing(client: TestClient, auth: dict[str, str], body, words) -> None:
    assert_error(review(client, INJURED_C.id, body, auth), 422, *words)
    assert get(client, f"/figures/{INJURED_C.id}")["reviews"] == []


def test_a_review_of_no_figure_is_404(client: TestClient, auth: dict[str, str]) -> None:
    assert_error(review(client, "fig-nothing", {"by": "ana", "action": "verify"}, auth), 404, "fig-nothing")


def test_an_added_figure_is_a_figure_like_any_other(client: TestClient, auth: dict[str, str]) -> None:
    start = DOC_B.text.index("12 dead")
    body = {"by": "ana", "start": start, "end": start + len("12 dead"), "set": {"kind": "killed", "value": 12}}
    answer = client.post(f"{API}/documents/{DOC_B.id[:8]}/figures", json=body, headers=auth)
    assert answer.status_code == 201, answer.text
    made = answer.json()["figure"]
    assert (made["kind"], made["min"], made["max"], made["review"]) == ("killed", 12, 12, "added")
    assert made["evidence"]["text"] == "12 dead" and made["document_id"] == DOC_B.id
    assert [r["action"] for r in answer.json()["reviews"]] == ["add", "add", "add"]
    assert get(client, f"/figures/{made['id']}")["figure"] == made
    assert figure_ids(client, review="added") == [made["id"]]
    assert made["id"] in ids(get(client, f"/documents/{DOC_B.id}")["figures"])
    assert made["id"] in figure_ids(client, kind="killed")


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"by": "ana", "start": 0, "end": 4, "set": {"min": 3}}, ["needs its kind"]),
        ({"by": "ana", "start": 0, "end": 10_000, "set": {"kind": "killed", "min": 3}}, ["not inside the report"]),
        ({"by": "ana", "start": 0, "end": 4}, ["set"]),
        ({"by": "ana", "start": -1, "end": 4, "set": {"kind": "killed"}}, ["start"]),
        ({"by": "ana", "start": 0, "end": 4, "set": {"kind": "killed", "min": 1}, "extra": 1}, ["extra"]),
    ],
)
def test_a_wrong_added_figure_is_422(client: TestClient, auth: dict[str, str], body, words) -> None:
    assert_error(client.post(f"{API}/documents/{DOC_B.id}/figures", json=body, headers=auth), 422, *words)
    assert figure_ids(client, review="added") == []


def test_a_figure_added_to_no_document_is_404(client: TestClient, auth: dict[str, str]) -> None:
    body = {"by": "ana", "start": 0, "end": 4, "set": {"kind": "killed", "min": 1}}
    assert_error(client.post(f"{API}/documents/ffffffffffff/figures", json=body, headers=auth), 404, "ffffffffffff")


def test_answers_have_the_shapes_the_openapi_document_gives(client: TestClient, auth: dict[str, str]) -> None:
    from crisisledger.web import api

    governor = next(e for e in get(client, "/actors")["entities"] if e["name"] == "Oleh Synehubov")
    shapes = {
        "/ledger": api.LedgerPage,
        "/figures": api.FiguresPage,
        f"/figures/{KILLED_A.id}": api.FigureAnswer,
        "/documents": api.DocumentsPage,
        f"/documents/{DOC_A.id}": api.DocumentAnswer,
        "/events": api.EventsPage,
        "/actors": api.EntitiesPage,
        f"/actors/{governor['id']}": api.ActorAnswer,
        "/statements": api.StatementsPage,
        "/incidents": api.IncidentsPage,
        "/search?q=killed": api.SearchPage,
    }
    for path, shape in shapes.items():
        shape.model_validate(get(client, path))
    answer = review(client, KILLED_A.id, {"by": "ana", "action": "correct", "set": {"as_of": "2022-03-02"}}, auth)
    api.ReviewAnswer.model_validate(answer.json())
    spec = client.get("/openapi.json").json()
    assert "FiguresPage" in str(spec["paths"][f"{API}/figures"]["get"]["responses"]["200"])


def test_an_edited_source_shows_its_versions_and_what_they_changed(db: str) -> None:
    edited = Document.from_text(
        DOC_A.text.replace("At least 12", "At least 14"), title=DOC_A.title, outlet="Reuters",
        published=date(2022, 3, 4), source=DOC_A.source,
    )  # fmt: skip
    revised = make_figure(
        edited, "At least 14 people were killed", min=14, approximate=True, as_of=date(2022, 3, 4), place=KHARKIV,
        claimant="the regional governor",
    )  # fmt: skip
    change = StatusChange(
        KILLED_A.id, "revised", span(edited, "At least 14 people were killed"), date=date(2022, 3, 4), by="Reuters"
    )
    seen = datetime(2022, 3, 4, 18, 0, tzinfo=UTC)
    with Store.open(db) as store:
        fill(store)
        snapshot = Snapshot(
            source=DOC_A.source or "", kind="text", change="edited", seen_at=seen, document_id=edited.id
        )
        store.add(Extraction(document=edited, figures=(revised,), status_changes=(change,)), snapshots=(snapshot,))
    with TestClient(create_app(Settings(db=db))) as client:
        versions = get(client, f"/documents/{DOC_A.id}")["versions"]
        assert [(v["change"], v["this"], v["revised"]) for v in versions] == [
            ("new", True, 0),
            ("unchanged", True, 0),
            ("edited", False, 1),
        ]
        assert [(c["figure_id"], c["status"], c["evidence"]["text"]) for c in versions[2]["changes"]] == [
            (KILLED_A.id, "revised", "At least 14 people were killed")
        ]
        assert versions[0]["changes"] == [] and versions[2]["document_id"] == edited.id
        assert [v["this"] for v in get(client, f"/documents/{edited.id}")["versions"]] == [False, False, True]
