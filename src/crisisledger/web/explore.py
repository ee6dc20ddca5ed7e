"""The exploring pages (issue 10): timeline, map, actors, incidents and search. Rendered on the server, each
linkable with its filters in the query string; the map's SVG is drawn here too (crisisledger.web.geo)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ..reconcile import Claim, Incident, LedgerLine, Reconciliation
from ..records import FIGURE_KINDS, Place
from ..store import Store, paging
from ..store.schema import documents
from . import geo
from .app import ledger_of, store_of
from .pages import render
from .service import place_matches

router = APIRouter(include_in_schema=False)


# Query parameters ------------------------------------------------------------------------------------------


def _text(value: str | None) -> str:
    return (value or "").strip()


def _day(value: str | None, name: str) -> date | None:
    """A date parameter: empty (a form's blank field) is none; anything but YYYY-MM-DD is a 422 page."""
    value = _text(value)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}: '{value}' is not a date as YYYY-MM-DD") from None


@dataclass(frozen=True)
class DocumentHead:
    id: str
    title: str | None
    outlet: str | None
    published: date | None

    @property
    def label(self) -> str:
        return self.title or self.outlet or self.id


def document_heads(store: Store) -> dict[str, DocumentHead]:
    """Every report's title, outlet and date, without its text."""
    query = sa.select(documents.c.id, documents.c.title, documents.c.outlet, documents.c.published)
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(documents.c.id)).all()
    return {row.id: DocumentHead(row.id, row.title, row.outlet, row.published) for row in rows}


def _place_name(place: Place | None) -> str:
    return place.name if place is not None else ""


# Timeline --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    date: date
    what: str  # "incident" or "claim"
    kind: str  # the incident's type or the claim's kind
    text: str
    href: str
    ref: str
    status: str | None = None


def timeline_entries(
    reconciliation: Reconciliation, *, kind: str = "", since: date | None = None, until: date | None = None
) -> list[Entry]:
    """The reconciliation's timeline, filtered: `kind` is "incident", "claim", a figure kind or an event type."""
    incidents = {i.id: i for i in reconciliation.incidents}
    claims: dict[str, tuple[LedgerLine, Claim]] = {}
    for line in reconciliation.lines:
        for claim in line.claims:
            claims.setdefault(claim.figure.id, (line, claim))
    entries = []
    for entry in reconciliation.timeline():
        if since and entry.date < since or until and entry.date > until:
            continue
        if entry.what == "incident":
            incident = incidents[entry.ref]
            item = Entry(entry.date, "incident", incident.type, entry.text, f"/incidents#{incident.id}", incident.id)
        else:
            line, claim = claims[entry.ref]
            item = Entry(entry.date, "claim", line.kind, entry.text, f"/figures/{entry.ref}", entry.ref, claim.status)
        if kind and kind not in (item.what, item.kind):
            continue
        entries.append(item)
    return entries


def timeline_kinds(reconciliation: Reconciliation) -> list[str]:
    found = {line.kind for line in reconciliation.lines} | {i.type for i in reconciliation.incidents}
    return sorted(found, key=lambda k: (k not in FIGURE_KINDS, k))


@router.get("/timeline", response_class=HTMLResponse)
def timeline(
    request: Request,
    as_of: str | None = None,
    kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    day = _day(as_of, "as_of")
    since_day, until_day = _day(since, "since"), _day(until, "until")
    reconciliation = ledger_of(request).reconciliation(day)
    entries = timeline_entries(reconciliation, kind=_text(kind), since=since_day, until=until_day)
    days: dict[date, list[Entry]] = {}
    for entry in entries:
        days.setdefault(entry.date, []).append(entry)
    return render(
        request,
        "explore_timeline.html",
        section="timeline",
        days=sorted(days.items()),
        count=len(entries),
        kinds=timeline_kinds(reconciliation),
        filters={"as_of": _text(as_of), "kind": _text(kind), "since": _text(since), "until": _text(until)},
    )


# Map -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapPoint:
    what: str  # "line" or "incident"
    id: str
    href: str
    label: str
    place: str
    lat: float
    lon: float
    value: int | None
    x: float = 0.0
    y: float = 0.0
    size: float = 0.0  # the radius of a line's circle, the half side of an incident's square (map units)


def line_value(line: LedgerLine) -> int | None:
    """What a line's point is sized by: the top of its range."""
    claim = line.range_max
    if claim is None:
        return None
    return claim.figure.max if claim.figure.max is not None else claim.figure.min


def _located(place: Place | None) -> bool:
    return place is not None and geo.finite(place.lat) and geo.finite(place.lon)


def map_points(reconciliation: Reconciliation, *, kind: str = "", as_of: str = "") -> list[MapPoint]:
    points = []
    suffix = f"?as_of={as_of}" if as_of else ""
    for line in reconciliation.lines:
        if kind and line.kind != kind or not _located(line.place):
            continue
        assert line.place is not None and line.place.lat is not None and line.place.lon is not None
        value = line_value(line)
        who = f" ({line.population})" if line.population else ""
        shown = f"{value:,}" if value is not None else "?"
        label = f"{line.kind}{who} in {line.place.name}: up to {shown}"
        points.append(
            MapPoint(
                "line",
                line.id,
                f"/lines/{line.id}{suffix}",
                label,
                line.place.name,
                line.place.lat,
                line.place.lon,
                value,
            )
        )
    if not kind:
        for incident in reconciliation.incidents:
            if not _located(incident.place):
                continue
            place = incident.place
            assert place is not None and place.lat is not None and place.lon is not None
            when = f" on {incident.date_start.isoformat()}" if incident.date_start else ""
            label = f"{incident.type} in {place.name}{when} ({incident.independent_sources} source(s))"
            href = f"/incidents{suffix}#{incident.id}"
            points.append(MapPoint("incident", incident.id, href, label, place.name, place.lat, place.lon, None))
    return points


def placed(points: list[MapPoint]) -> tuple[list[MapPoint], tuple[float, float, float, float]]:
    """The points projected, sized (square root of value over the largest, so areas follow values) within the
    view box that shows them all; drawn largest first so a small point is never hidden under a big one."""
    box = geo.view_box([geo.project(p.lon, p.lat) for p in points])
    unit = box[2] / 1000  # a thousandth of the shown width: about one pixel on a wide screen
    top = max((p.value for p in points if p.value), default=0)
    done = []
    for point in points:
        x, y = geo.project(point.lon, point.lat)
        if point.what == "line":
            share = math.sqrt(point.value / top) if top and point.value else 0.0
            size = unit * (5 + 20 * share)
        else:
            size = unit * 6
        done.append(MapPoint(**{**point.__dict__, "x": round(x, 2), "y": round(y, 2), "size": round(size, 2)}))
    done.sort(key=lambda p: (-p.size, p.what, p.id))
    return done, box


@router.get("/map", response_class=HTMLResponse)
def world_map(request: Request, as_of: str | None = None, kind: str | None = None) -> HTMLResponse:
    day = _day(as_of, "as_of")
    reconciliation = ledger_of(request).reconciliation(day)
    points, box = placed(map_points(reconciliation, kind=_text(kind), as_of=_text(as_of)))
    listed = sorted(points, key=lambda p: (p.what, p.place, p.label, p.id))
    unlocated = sum(1 for line in reconciliation.lines if (not kind or line.kind == kind) and not _located(line.place))
    return render(
        request,
        "explore_map.html",
        section="map",
        points=points,
        listed=listed,
        unlocated=unlocated,
        outlines=geo.visible(box),
        view_box=" ".join(geo._num(v) for v in box),
        kinds=sorted({line.kind for line in reconciliation.lines}),
        filters={"as_of": _text(as_of), "kind": _text(kind)},
    )


# Actors ----------------------------------------------------------------------------------------------------


def _names(*names: str | None) -> set[str]:
    return {n.strip().casefold() for n in names if n and n.strip()}


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, q: str | None = None, type: str | None = None) -> HTMLResponse:
    query, wanted_type = _text(q), _text(type)
    needle = query.casefold()
    entities = ledger_of(request).reconciliation().entities
    found = [
        e
        for e in entities
        if (not needle or any(needle in n.casefold() for n in (e.name, *e.aliases)))
        and (not wanted_type or e.type == wanted_type)
    ]
    found.sort(key=lambda e: (-len(e.document_ids), e.name.casefold(), e.id))
    return render(
        request,
        "explore_actors.html",
        section="actors",
        entities=found,
        total=len(entities),
        types=sorted({e.type for e in entities}),
        filters={"q": query, "type": wanted_type},
    )


@router.get("/actors/{entity_id}", response_class=HTMLResponse)
def actor(request: Request, entity_id: str) -> HTMLResponse:
    store = store_of(request)
    reconciliation = ledger_of(request).reconciliation()
    entity = next((e for e in reconciliation.entities if e.id == entity_id), None)
    if entity is None:
        raise HTTPException(404, f"no actor '{entity_id}'")
    heads = document_heads(store)
    names = _names(entity.name, *entity.aliases)
    members = set(entity.actor_ids)

    def published(document_id: str) -> date:
        head = heads.get(document_id)
        return head.published if head and head.published else date.min

    roles = [r for r in store.roles() if r.actor_id in members]
    roles.sort(key=lambda r: (r.date or published(r.document_id), r.document_id, r.evidence.start, r.id))
    statements = [s for s in store.statements() if s.speaker and s.speaker.strip().casefold() in names]
    statements.sort(key=lambda s: (published(s.document_id), s.document_id, s.evidence.start, s.id))
    claims: list[tuple[LedgerLine, Claim]] = []
    seen: set[str] = set()
    for line in reconciliation.lines:
        for claim in line.claims:
            if claim.figure.id in seen or not _names(claim.claimant, claim.figure.claimant) & names:
                continue
            seen.add(claim.figure.id)
            claims.append((line, claim))
    claims.sort(key=lambda lc: (lc[1].figure.as_of or lc[1].reported or date.min, lc[1].figure.id))
    return render(
        request,
        "explore_actor.html",
        section="actors",
        entity=entity,
        roles=roles,
        statements=statements,
        claims=claims,
        heads=heads,
    )


# Incidents -------------------------------------------------------------------------------------------------


def incidents_of(reconciliation: Reconciliation, *, type: str = "", place: str = "") -> list[Incident]:
    wanted = place.casefold()
    found = [
        i
        for i in reconciliation.incidents
        if (not type or i.type == type) and (not wanted or place_matches(i.place, wanted))
    ]
    return sorted(found, key=lambda i: (i.date_start is None, i.date_start or date.min, i.type, i.id))


@router.get("/incidents", response_class=HTMLResponse)
def incidents(
    request: Request, type: str | None = None, place: str | None = None, as_of: str | None = None
) -> HTMLResponse:
    day = _day(as_of, "as_of")
    reconciliation = ledger_of(request).reconciliation(day)
    found = incidents_of(reconciliation, type=_text(type), place=_text(place))
    places = sorted({i.place.name for i in reconciliation.incidents if i.place is not None}, key=str.casefold)
    return render(
        request,
        "explore_incidents.html",
        section="incidents",
        incidents=found,
        total=len(reconciliation.incidents),
        types=sorted({i.type for i in reconciliation.incidents}),
        places=places,
        heads=document_heads(store_of(request)),
        filters={"type": _text(type), "place": _text(place), "as_of": _text(as_of)},
    )


# Search ----------------------------------------------------------------------------------------------------

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Hit:
    document_id: str
    title: str
    outlet: str | None
    published: date | None
    pieces: tuple[tuple[str, bool], ...]  # the snippet as (text, is the match) pieces, escaped when rendered


def run_search(store: Store, q: str) -> list[Hit]:
    """The store's full-text search (SQLite FTS5, PostgreSQL tsvector: crisisledger.store.paging), best first."""
    return [
        Hit(hit.document_id, hit.title or hit.document_id, hit.outlet, hit.published, hit.snippet.parts)
        for hit in paging.search(store, q, limit=SEARCH_LIMIT)
    ]


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str | None = None) -> HTMLResponse:
    query = _text(q)
    hits = run_search(store_of(request), query) if query else []
    return render(request, "explore_search.html", section="search", q=query, hits=hits, limit=SEARCH_LIMIT)
