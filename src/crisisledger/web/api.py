"""The REST API under /api/v1 (docs/api.md): the export's JSON, read and reviewed over HTTP.

Every record has the field names `crisisledger export` writes (one contract for both). Reads answer through
`app.cached_json` (an ETag, and 304 when the client has it); writes need the server's token. Lists come in
pages: `limit` (1..500) and an opaque `cursor`, with the `next` page's address in every page.

Only the ledger, its lines, incidents and actors need the whole reconciliation (cached per state of the
store by `service.Ledger`); figures, documents, events and statements are read from the store a page at a
time, so a store of a million figures answers as fast as a small one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from .. import queries
from .. import review as reviewing
from ..export import (
    actor_json,
    document_json,
    entity_json,
    event_json,
    figure_json,
    incident_json,
    ledger_line_json,
    place_mention_json,
    role_json,
    statement_json,
    status_change_json,
    time_expression_json,
)
from ..language import PROFILES
from ..reconcile import Entity
from ..records import FIGURE_KINDS, STANCES, STATUSES, Document, Figure, StatusChange
from ..store import Store, paging
from ..store import schema as tables
from ..store.store import _actor, _event, _role, _statement, _status_change
from .app import ApiError, cached_json, ledger_of, require_token, store_of
from .service import place_matches

router = APIRouter()

T = TypeVar("T")

#: The most records one page (or one bounded list) holds.
MAX_LIMIT = 500
DEFAULT_LIMIT = 50
#: Cursors are signed so that a changed one is refused rather than misread (integrity, not secrecy).
_CURSOR_KEY = b"crisisledger cursor v1"
_MAC_SIZE = 8

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"How many records a page holds (1..{MAX_LIMIT}).")]
Cursor = Annotated[
    str | None,
    Query(description="The opaque cursor of the page to read, from the previous page's `next`; none for the first."),
]
AsOf = Annotated[date | None, Query(description="The ledger as it was known at the end of this day (YYYY-MM-DD).")]
PlaceFilter = Annotated[str | None, Query(description="A place's name or its country code, any case.")]
#: The languages a document can be stored in: those crisisledger reads (`language.detect` answers only these).
LANGUAGES = sorted(PROFILES)
LanguageFilter = Annotated[
    str | None, Query(description="The language the report is written in: one of " + ", ".join(LANGUAGES) + ".")
]


# Errors and plumbing ---------------------------------------------------------------------------------------


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorShape(BaseModel):
    """The one error shape of every answer that is not a success."""

    error: ErrorBody


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        400: "A bad cursor or an ambiguous id prefix.",
        401: "No token, or the wrong one.",
        404: "No such record.",
        422: "A parameter or body that is not valid.",
    }
    return {status: {"model": ErrorShape, "description": descriptions[status]} for status in statuses}


def _answers(model: type[BaseModel] | None, *statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented answers of an endpoint: its success's shape (when it has a model) and its errors."""
    found = _errors(*statuses)
    if model is not None:
        found[200] = {"model": model, "description": "The records asked for."}
    return found


# The shapes of the answers, for the OpenAPI document: the export's field names (docs/export.md) ------------------

Record = dict[str, Any]


class EvidenceOut(BaseModel):
    start: int
    end: int
    text: str


class PlaceOut(BaseModel):
    name: str
    country_code: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None


class FigureOut(BaseModel):
    """A figure as people decided it (`review`), with its status now."""

    id: str
    document_id: str
    kind: str
    min: int | None
    max: int | None
    approximate: bool
    vague: bool
    as_of: date | None
    place: PlaceOut | None
    claimant: str | None
    cited_source: str | None
    status: str
    population: str | None
    part_of: str | None
    evidence: EvidenceOut
    review: str | None


class DocumentOut(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: date | None
    language: str | None = Field(description="The ISO 639-1 code of the language it is written in (en, ru).")


class StatusChangeOut(BaseModel):
    figure_id: str
    status: str
    date: date | None
    by: str | None
    evidence: EvidenceOut


class ReviewOut(BaseModel):
    id: str
    figure_id: str
    document_id: str
    action: str
    field: str | None
    old: Any
    new: Any
    by: str
    at: str
    note: str | None


class Page(BaseModel):
    next: str | None = Field(description="The next page's address (same filters, its cursor); null on the last page.")


class LedgerPage(Page):
    ledger_lines: list[Record]


class FiguresPage(Page):
    figures: list[FigureOut]


class DocumentsPage(Page):
    documents: list[DocumentOut]


class EventsPage(Page):
    events: list[Record]


class EntitiesPage(Page):
    entities: list[Record]


class StatementsPage(Page):
    statements: list[Record]


class IncidentsPage(Page):
    incidents: list[Record]


class SnippetPiece(BaseModel):
    text: str
    match: bool = Field(description="Whether this piece is a word of the query.")


class SearchHitOut(BaseModel):
    document_id: str
    title: str | None
    outlet: str | None
    published: date | None
    snippet: list[SnippetPiece]


class SearchPage(Page):
    hits: list[SearchHitOut]


class FigureAnswer(BaseModel):
    figure: FigureOut
    status_changes: list[StatusChangeOut]
    reviews: list[ReviewOut]
    document: DocumentOut


class DocumentWithText(DocumentOut):
    source: str | None
    body_start: int
    text: str = Field(description="The text as read; every span is a pair of character offsets into it.")


class VersionOut(BaseModel):
    id: int
    seen_at: str
    change: str
    summary: str
    document_id: str | None
    this: bool = Field(description="Whether this version is the document asked for.")
    revised: int
    withdrawn: int
    changes: list[StatusChangeOut] = Field(description="The figures of the version before it revised or withdrew.")
    http_status: int | None
    content_hash: str | None


class DocumentAnswer(BaseModel):
    document: DocumentWithText
    versions: list[VersionOut]
    figures: list[FigureOut]
    status_changes: list[StatusChangeOut]
    statements: list[Record]
    actors: list[Record]
    roles: list[Record]
    events: list[Record]
    places: list[Record]
    time_expressions: list[Record]
    reviews: list[ReviewOut]


class ActorAnswer(BaseModel):
    entity: Record
    actors: list[Record]
    roles: list[Record]
    statements: list[Record]
    figures: list[FigureOut]


class ReviewAnswer(BaseModel):
    reviews: list[ReviewOut]
    figure: FigureOut


def _one_of(name: str, value: str | None, allowed: Sequence[str]) -> str | None:
    if value is not None and value not in allowed:
        raise ApiError(422, f"{name}={value!r} is not valid: {name} is one of {', '.join(allowed)}.")
    return value


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# Pages -----------------------------------------------------------------------------------------------------


class Pager:
    """One list endpoint's paging: the filters a cursor is bound to, the cursor read, the next page's address."""

    def __init__(self, request: Request, filters: Mapping[str, object], limit: int, cursor: str | None) -> None:
        self.request = request
        self.filters = {name: _text(value) for name, value in filters.items() if value is not None}
        self.limit = limit
        self.key = hashlib.sha256(
            json.dumps([request.url.path, sorted(self.filters.items())]).encode("utf-8")
        ).hexdigest()[:16]
        self.after = _read_cursor(cursor, self.key) if cursor else None

    def next(self, after: str | None) -> str | None:
        """The address of the page after the record `after` (None: this page is the last)."""
        if after is None:
            return None
        params = {**self.filters, "limit": str(self.limit), "cursor": _make_cursor(after, self.key)}
        return f"{self.request.url.path}?{urlencode(params)}"


def _make_cursor(after: str, key: str) -> str:
    payload = json.dumps([after, key], separators=(",", ":")).encode("utf-8")
    mac = hmac.new(_CURSOR_KEY, payload, hashlib.blake2b).digest()[:_MAC_SIZE]
    return base64.urlsafe_b64encode(mac + payload).rstrip(b"=").decode("ascii")


def _read_cursor(cursor: str, key: str) -> str:
    refused = ApiError(400, "the cursor is not one this server gave: follow a page's 'next' link as it is.")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError):
        raise refused from None
    mac, payload = raw[:_MAC_SIZE], raw[_MAC_SIZE:]
    if not hmac.compare_digest(mac, hmac.new(_CURSOR_KEY, payload, hashlib.blake2b).digest()[:_MAC_SIZE]):
        raise refused
    try:
        after, bound_to = json.loads(payload)
    except (ValueError, TypeError):
        raise refused from None
    if not isinstance(after, str) or bound_to != key:
        raise ApiError(400, "the cursor belongs to other filters: a cursor only reads on the list it came from.")
    return after


def _page_of(items: Sequence[T], id_of: Callable[[T], str], pager: Pager) -> tuple[list[T], str | None]:
    """A page of a list held in memory (in its fixed order), after the cursor's record."""
    start = 0
    if pager.after is not None:
        ids = [id_of(item) for item in items]
        if pager.after not in ids:
            raise ApiError(400, "the cursor's record is no longer in this list (the store changed): start again.")
        start = ids.index(pager.after) + 1
    chunk = list(items[start : start + pager.limit])
    more = start + pager.limit < len(items)
    return chunk, id_of(chunk[-1]) if more and chunk else None


def _rows_page(
    store: Store, table: sa.Table, conditions: Sequence[Any], pager: Pager
) -> tuple[list[sa.Row[Any]], str | None]:
    """A page of a table's rows by id (an index walk: as fast on the millionth row as on the first)."""
    query = sa.select(table).where(*conditions).order_by(table.c.id).limit(pager.limit + 1)
    if pager.after is not None:
        query = query.where(table.c.id > pager.after)
    with store.engine.connect() as conn:
        rows = list(conn.execute(query))
    more = len(rows) > pager.limit
    rows = rows[: pager.limit]
    return rows, rows[-1].id if more and rows else None


def _rows(store: Store, query: sa.Select[Any]) -> list[sa.Row[Any]]:
    with store.engine.connect() as conn:
        return list(conn.execute(query))


def _place_is(table: sa.Table, place: str) -> Any:
    wanted = place.strip().casefold()
    return sa.or_(sa.func.lower(table.c.place_name) == wanted, sa.func.lower(table.c.place_country_code) == wanted)


# Figures, one at a time ------------------------------------------------------------------------------------


def _changes_of(store: Store, figure_ids: Sequence[str]) -> list[StatusChange]:
    """The status changes of these figures, from whichever report gives them, in reading order."""
    if not figure_ids:
        return []
    query = (
        sa.select(tables.status_changes)
        .join_from(tables.status_changes, tables.documents)
        .where(tables.status_changes.c.figure_id.in_(list(figure_ids)))
        .order_by(
            tables.documents.c.published.asc().nulls_last(),
            tables.documents.c.id,
            tables.status_changes.c.evidence_start,
            tables.status_changes.c.id,
        )
    )
    return [_status_change(row) for row in _rows(store, query)]


def _document_figures(store: Store, document: Document) -> tuple[list[Figure], list[reviewing.Review]]:
    """A document's figures as people decided (added ones included, rejected ones marked), and its reviews."""
    found = reviewing.load(store, document_id=document.id)
    return reviewing.reviewed(store.figures(document.id), found, {document.id: document}), found


def _reviews_of(figure: Figure, figures: Sequence[Figure], found: Sequence[reviewing.Review]) -> list[reviewing.Review]:
    """The reviews about one figure: by its id, or by its words when the review's figure is gone (a re-read)."""
    ids = {f.id for f in figures}
    same_words = [
        f for f in figures if (f.evidence.start, f.evidence.end) == (figure.evidence.start, figure.evidence.end)
    ]
    return [
        r
        for r in found
        if r.figure_id == figure.id
        or (
            r.action != "add"
            and r.figure_id not in ids
            and len(same_words) == 1
            and (r.start, r.end) == (figure.evidence.start, figure.evidence.end)
        )
    ]


class FigureFacts:
    """One figure as people decided, with its status now, its status changes, its reviews and its report."""

    def __init__(self, store: Store, figure_id: str) -> None:
        found = queries.figure(store, figure_id)
        document = store.document(found[0].document_id) if found is not None else None
        if found is None or document is None:
            raise ApiError(404, f"no figure {figure_id!r} in the store.")
        self.figure, self.status = found
        self.document = document
        self.changes = _changes_of(store, [self.figure.id])
        figures, reviews = _document_figures(store, document)
        self.reviews = _reviews_of(self.figure, figures, reviews)

    def json(self) -> dict[str, Any]:
        return figure_json(self.figure, self.status)


# The ledger --------------------------------------------------------------------------------------------------


@router.get(
    "/ledger",
    tags=["ledger"],
    summary="The reconciled ledger: one line per count of one kind at one place",
    responses=_answers(LedgerPage, 400, 422),
)
def ledger(
    request: Request,
    kind: Annotated[str | None, Query(description="One of " + ", ".join(FIGURE_KINDS) + ".")] = None,
    place: PlaceFilter = None,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many lines a page holds.")] = MAX_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Lines as `crisisledger ledger` and `export` give them (`ledger_lines`): the range with the claim behind
    each bound, the latest claim of each claimant, what is contested, and the whole series of claims."""
    _one_of("kind", kind, FIGURE_KINDS)
    pager = Pager(request, {"kind": kind, "place": place, "as_of": as_of}, limit, cursor)
    lines = ledger_of(request).lines(kind=kind, place=place, as_of=as_of)
    page, after = _page_of(lines, lambda line: line.id, pager)
    return cached_json(request, {"ledger_lines": [ledger_line_json(line) for line in page], "next": pager.next(after)})


@router.get("/ledger/{line_id}", tags=["ledger"], summary="One line of the ledger", responses=_answers(None, 404, 422))
def ledger_line(request: Request, line_id: str, as_of: AsOf = None) -> Response:
    """The line, as `/ledger` gives it (as it was known at the end of `as_of`, when given)."""
    line = ledger_of(request).line(line_id, as_of=as_of)
    if line is None:
        when = f" as of {as_of.isoformat()}" if as_of else ""
        raise ApiError(404, f"no ledger line {line_id!r}{when}.")
    return cached_json(request, ledger_line_json(line))


# Incidents and actors (from the reconciliation) ------------------------------------------------------------------


@router.get(
    "/incidents",
    tags=["ledger"],
    summary="Incidents: one happening seen by many reports",
    responses=_answers(IncidentsPage, 400, 422),
)
def incidents(
    request: Request,
    type: Annotated[str | None, Query(description="The events' type (e.g. protests, arrests).")] = None,
    place: PlaceFilter = None,
    as_of: AsOf = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Events of many reports joined into incidents, with how many independent sources saw each."""
    pager = Pager(request, {"type": type, "place": place, "as_of": as_of}, limit, cursor)
    wanted = place.strip().casefold() if place else None
    found = [
        incident
        for incident in ledger_of(request).reconciliation(as_of).incidents
        if (type is None or incident.type == type) and (wanted is None or place_matches(incident.place, wanted))
    ]
    page, after = _page_of(found, lambda incident: incident.id, pager)
    return cached_json(request, {"incidents": [incident_json(i) for i in page], "next": pager.next(after)})


def _entities(request: Request) -> list[Entity]:
    return sorted(ledger_of(request).reconciliation().entities, key=lambda e: (e.name.casefold(), e.id))


@router.get(
    "/actors",
    tags=["actors"],
    summary="Actors: the people and bodies reports name, across reports",
    responses=_answers(EntitiesPage, 400, 422),
)
def actors(
    request: Request,
    q: Annotated[str | None, Query(description="Only entities whose name or an alias contains this, any case.")] = None,
    type: Annotated[str | None, Query(description="person, organization, country or group.")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Entities (`entities` in the export): an actor named in many reports is one entity, by name."""
    pager = Pager(request, {"q": q, "type": type}, limit, cursor)
    words = q.strip().casefold() if q else None
    found = [
        entity
        for entity in _entities(request)
        if (type is None or entity.type == type)
        and (not words or any(words in name.casefold() for name in (entity.name, *entity.aliases)))
    ]
    page, after = _page_of(found, lambda entity: entity.id, pager)
    return cached_json(request, {"entities": [entity_json(e) for e in page], "next": pager.next(after)})


@router.get(
    "/actors/{actor_id}",
    tags=["actors"],
    summary="One actor: its roles, statements and claims",
    responses=_answers(ActorAnswer, 404),
)
def actor(
    request: Request, actor_id: Annotated[str, Path(description="An entity id (ent-...) or an actor id (act-...).")]
) -> Response:
    """The entity, its mentions (`actors`), its roles by date, what it said (`statements`, by speaker name) and
    the figures it claims (by claimant name); each list holds at most 500."""
    entity = next((e for e in _entities(request) if e.id == actor_id or actor_id in e.actor_ids), None)
    if entity is None:
        raise ApiError(404, f"no actor {actor_id!r}.")
    store = store_of(request)
    names = sorted({name.casefold() for name in (entity.name, *entity.aliases)})
    exact = sorted({entity.name, *entity.aliases})
    mentions = _rows(
        store, sa.select(tables.actors).where(tables.actors.c.id.in_(entity.actor_ids)).order_by(tables.actors.c.id)
    )
    roles = _rows(
        store,
        sa.select(tables.roles)
        .where(tables.roles.c.actor_id.in_(entity.actor_ids))
        .order_by(tables.roles.c.date.asc().nulls_last(), tables.roles.c.id)
        .limit(MAX_LIMIT),
    )
    said = _rows(
        store,
        sa.select(tables.statements)
        .where(sa.func.lower(tables.statements.c.speaker).in_(names))
        .order_by(tables.statements.c.id)
        .limit(MAX_LIMIT),
    )
    claimed = _claimed(store, exact)
    return cached_json(
        request,
        {
            "entity": entity_json(entity),
            "actors": [actor_json(_actor(row)) for row in mentions],
            "roles": [role_json(_role(row)) for row in roles],
            "statements": [statement_json(_statement(row)) for row in said],
            "figures": claimed,
        },
    )


def _claimed(store: Store, names: Sequence[str]) -> list[dict[str, Any]]:
    """The figures (as people decided) whose claimant is one of these names exactly, at most 500, by id."""
    found: dict[str, tuple[Figure, str]] = {}
    for name in names:
        page, _ = queries.figure_page(store, queries.FigureQuery(claimant=name), limit=MAX_LIMIT)
        found.update((figure.id, (figure, status)) for figure, status in page)
    return [figure_json(*found[i]) for i in sorted(found)[:MAX_LIMIT]]


# Events and statements ---------------------------------------------------------------------------------------


@router.get("/events", tags=["records"], summary="Events reports tell of", responses=_answers(EventsPage, 400, 422))
def events(
    request: Request,
    type: Annotated[str | None, Query(description="The event's type (e.g. protests, arrests).")] = None,
    place: PlaceFilter = None,
    since: Annotated[date | None, Query(description="Events that end on or after this day.")] = None,
    until: Annotated[date | None, Query(description="Events that start on or before this day.")] = None,
    document_id: Annotated[str | None, Query(description="Only this report's events.")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Events as the export gives them, by id. An undated event is left out when `since` or `until` is given."""
    pager = Pager(
        request,
        {"type": type, "place": place, "since": since, "until": until, "document_id": document_id},
        limit,
        cursor,
    )
    table = tables.events
    conditions: list[Any] = []
    if type is not None:
        conditions.append(table.c.type == type)
    if place:
        conditions.append(_place_is(table, place))
    if since is not None:
        conditions.append(sa.func.coalesce(table.c.date_end, table.c.date_start) >= since)
    if until is not None:
        conditions.append(sa.func.coalesce(table.c.date_start, table.c.date_end) <= until)
    if document_id is not None:
        conditions.append(table.c.document_id == document_id)
    rows, after = _rows_page(store_of(request), table, conditions, pager)
    return cached_json(request, {"events": [event_json(_event(row)) for row in rows], "next": pager.next(after)})


@router.get(
    "/statements",
    tags=["records"],
    summary="What people said: quotes and reported speech",
    responses=_answers(StatementsPage, 400, 422),
)
def statements(
    request: Request,
    speaker: Annotated[str | None, Query(description="The speaker's name, any case.")] = None,
    document_id: Annotated[str | None, Query(description="Only this report's statements.")] = None,
    stance: Annotated[str | None, Query(description="One of " + ", ".join(STANCES) + ".")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Statements as the export gives them, by id."""
    _one_of("stance", stance, STANCES)
    pager = Pager(request, {"speaker": speaker, "document_id": document_id, "stance": stance}, limit, cursor)
    table = tables.statements
    conditions: list[Any] = []
    if speaker:
        conditions.append(sa.func.lower(table.c.speaker) == speaker.strip().casefold())
    if document_id is not None:
        conditions.append(table.c.document_id == document_id)
    if stance is not None:
        conditions.append(table.c.stance == stance)
    rows, after = _rows_page(store_of(request), table, conditions, pager)
    return cached_json(
        request, {"statements": [statement_json(_statement(row)) for row in rows], "next": pager.next(after)}
    )


# Documents -----------------------------------------------------------------------------------------------------


@router.get(
    "/documents", tags=["documents"], summary="The reports in the store", responses=_answers(DocumentsPage, 400, 422)
)
def documents(
    request: Request, language: LanguageFilter = None, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    """Documents as the export gives them, without their text (read one for it), by id; with `language`, only
    those written in it."""
    _one_of("language", language, LANGUAGES)
    pager = Pager(request, {"language": language}, limit, cursor)
    rows = paging.document_rows(store_of(request), language=language, after=pager.after, limit=pager.limit + 1)
    more = len(rows) > pager.limit
    rows = rows[: pager.limit]
    found = [document_json(r) for r in rows]
    return cached_json(request, {"documents": found, "next": pager.next(rows[-1].id if more and rows else None)})


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _versions(store: Store, document: Document) -> list[dict[str, Any]]:
    """The versions of the document's source, oldest first, each with what it changed in the ledger: the
    figures of the version before that it revised or withdrew (`changes`, with the new version's words)."""
    if not document.source:
        return []
    from ..ingest.snapshots import history

    versions = [v for v in history(store, document.source) if v.snapshot.source == document.source][-MAX_LIMIT:]
    changes: dict[str, list[dict[str, Any]]] = {}
    for version in versions:
        made = version.snapshot.document_id
        if version.snapshot.change in ("edited", "removed", "restored") and made and made not in changes:
            changes[made] = [
                status_change_json(c)
                for c in store.status_changes(document_id=made)
                if c.status in ("revised", "withdrawn")
            ]
    return [
        {
            "id": version.snapshot.id,
            "seen_at": version.snapshot.seen_at.isoformat(),
            "change": version.snapshot.change,
            "summary": version.summary,
            "document_id": version.snapshot.document_id,
            "this": version.snapshot.document_id == document.id,
            "revised": version.revised,
            "withdrawn": version.withdrawn,
            "changes": changes.get(version.snapshot.document_id or "", [])
            if version.snapshot.change in ("edited", "removed", "restored")
            else [],
            "http_status": version.snapshot.http_status,
            "content_hash": version.snapshot.content_hash,
        }
        for version in versions
    ]


@router.get(
    "/documents/{document_id}",
    tags=["documents"],
    summary="One report: its text, its source's versions and every record read from it",
    responses=_answers(DocumentAnswer, 400, 404),
)
def document(
    request: Request, document_id: Annotated[str, Path(description="The document's id, or a unique prefix of it (4+).")]
) -> Response:
    """The report's text (`document.text`; record spans are offsets into it), the versions of its source, and
    every record with its span: figures (as people decided, status now), status changes it reports, statements,
    actors, roles, events, places, time expressions, and the reviews of its figures."""
    store = store_of(request)
    found = store.document(document_id)
    if found is None:
        raise ApiError(404, f"no document {document_id!r}.")
    figures, reviews = _document_figures(store, found)
    now = paging.statuses_now(store, [f.id for f in figures])
    return cached_json(
        request,
        {
            "document": {
                **document_json(found),
                "source": found.source,
                "body_start": found.body_start,
                "text": found.text,
            },
            "versions": _versions(store, found),
            "figures": [figure_json(f, now.get(f.id)) for f in figures],
            "status_changes": [status_change_json(c) for c in store.status_changes(document_id=found.id)],
            "statements": [statement_json(s) for s in store.statements(found.id)],
            "actors": [actor_json(a) for a in store.actors(found.id)],
            "roles": [role_json(r) for r in store.roles(found.id)],
            "events": [event_json(e) for e in store.events(found.id)],
            "places": [place_mention_json(p) for p in store.places(found.id)],
            "time_expressions": [time_expression_json(t) for t in store.time_expressions(found.id)],
            "reviews": [reviewing.review_json(r) for r in reviews],
        },
    )


# Figures -------------------------------------------------------------------------------------------------------


@router.get(
    "/figures",
    tags=["figures"],
    summary="Figures: every count a report gives, filtered",
    responses=_answers(FiguresPage, 400, 422),
)
def figures(
    request: Request,
    kind: Annotated[str | None, Query(description="One of " + ", ".join(FIGURE_KINDS) + ".")] = None,
    place: Annotated[
        str | None, Query(description="A place's name (any case of A-Z), or a two-letter country code.")
    ] = None,
    claimant: Annotated[str | None, Query(description="Who claims it, exactly as written.")] = None,
    status: Annotated[str | None, Query(description="Its status now: one of " + ", ".join(STATUSES) + ".")] = None,
    official: Annotated[bool | None, Query(description="Only official claims (true), or only others (false).")] = None,
    since: Annotated[date | None, Query(description="As of this day or later.")] = None,
    until: Annotated[date | None, Query(description="As of this day or earlier.")] = None,
    document_id: Annotated[str | None, Query(description="Only this report's figures.")] = None,
    review: Annotated[
        str | None, Query(description="What people decided: one of " + ", ".join(queries.REVIEW_FILTERS) + ".")
    ] = None,
    language: LanguageFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Figures as people decided them (`review`), each with its status now, by id; a rejected figure is listed,
    marked, unless `review` leaves it out."""
    _one_of("kind", kind, FIGURE_KINDS)
    _one_of("status", status, STATUSES)
    _one_of("review", review, queries.REVIEW_FILTERS)
    _one_of("language", language, LANGUAGES)
    filters = {
        "kind": kind, "place": place, "claimant": claimant, "status": status, "official": official,
        "since": since, "until": until, "document_id": document_id, "review": review, "language": language,
    }  # fmt: skip
    pager = Pager(request, filters, limit, cursor)
    query = queries.FigureQuery(**filters)  # type: ignore[arg-type]
    page, after = queries.figure_page(store_of(request), query, after=pager.after, limit=pager.limit)
    return cached_json(request, {"figures": [figure_json(f, status) for f, status in page], "next": pager.next(after)})


@router.get(
    "/figures/{figure_id}",
    tags=["figures"],
    summary="One figure: its words, status changes, reviews and report",
    responses=_answers(FigureAnswer, 404),
)
def figure(request: Request, figure_id: str) -> Response:
    """The figure as people decided it (`review`), with its status now; every status change any report gives it
    (each with the words behind it, `evidence`); its reviews; its report."""
    facts = FigureFacts(store_of(request), figure_id)
    return cached_json(
        request,
        {
            "figure": facts.json(),
            "status_changes": [status_change_json(c) for c in facts.changes],
            "reviews": [reviewing.review_json(r) for r in facts.reviews],
            "document": document_json(facts.document),
        },
    )


# Search ----------------------------------------------------------------------------------------------------------


@router.get(
    "/search", tags=["documents"], summary="Full-text search over the reports", responses=_answers(SearchPage, 400, 422)
)
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words that must all be in a report.")],
    limit: Annotated[int, Query(ge=1, le=100, description="How many hits a page holds (1..100).")] = 20,
    cursor: Cursor = None,
) -> Response:
    """Reports whose title or text holds every word of `q`, best first. A hit's `snippet` is plain text in
    pieces (`text`, and `match`: whether it is a word of the query); never markup."""
    pager = Pager(request, {"q": q}, limit, cursor)
    offset = int(pager.after) if pager.after and pager.after.isdigit() else 0
    hits = paging.search(store_of(request), q, limit=pager.limit + 1, offset=offset)
    more = len(hits) > pager.limit
    hits = hits[: pager.limit]
    found = [
        {
            "document_id": hit.document_id,
            "title": hit.title,
            "outlet": hit.outlet,
            "published": _iso(hit.published),
            "snippet": [{"text": text, "match": matched} for text, matched in hit.snippet.parts],
        }
        for hit in hits
    ]
    return cached_json(request, {"hits": found, "next": pager.next(str(offset + len(hits)) if more else None)})


# Reviews (writes) ------------------------------------------------------------------------------------------------

Value = str | int | bool | None


class ReviewBody(BaseModel):
    """A decision about a figure, as `crisisledger review` takes it."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    by: str = Field(min_length=1, description="Who decides (every review is signed).")
    action: Literal["verify", "reject", "correct"]
    settings: dict[str, Value] = Field(
        default_factory=dict,
        alias="set",
        description='With `correct`: the fields to set, e.g. {"min": 14, "max": 14}; the fields are value, '
        + ", ".join(reviewing.FIELDS)
        + ".",
    )
    note: str | None = Field(default=None, description="Why, in a few words.")


class AddBody(BaseModel):
    """A figure the machine missed, from a span of the report's words."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    by: str = Field(min_length=1, description="Who adds it.")
    start: int = Field(ge=0, description="Where its words start in the document's text (a character offset).")
    end: int = Field(ge=0, description="Where they end.")
    settings: dict[str, Value] = Field(
        alias="set", description='Its fields; `kind` is required, e.g. {"kind": "injured", "value": 40}.'
    )
    note: str | None = None


def settings_of(values: dict[str, Value]) -> list[tuple[str, Any]]:
    """JSON field values read as `review.parse_settings` reads `FIELD=VALUE` (null: an open bound or no value)."""
    pairs = []
    for name, value in values.items():
        if value is None:
            text = "none" if name in ("min", "max", "value", "as_of") else ""
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = str(value)
        pairs.append(f"{name}={text}")
    return reviewing.parse_settings(pairs)


@router.post(
    "/figures/{figure_id}/reviews",
    tags=["reviews"],
    summary="Verify, reject or correct a figure (token required)",
    status_code=201,
    response_model=ReviewAnswer,
    responses=_errors(401, 404, 422),
    dependencies=[Depends(require_token)],
)
def review_figure(request: Request, figure_id: str, body: ReviewBody) -> Response:
    """One decision, stored as `crisisledger review` stores it: a correction is one review per field. Answers
    the stored reviews and the figure as it now reads."""
    store = store_of(request)
    facts = FigureFacts(store, figure_id)
    try:
        settings = settings_of(body.settings)
        if body.action == "correct" and not settings:
            raise reviewing.ReviewError('a correction needs the fields to set: "set": {"min": 14, ...}.')
        if body.action != "correct" and settings:
            raise reviewing.ReviewError(f'{body.action!r} takes no fields to set; use "action": "correct".')
        rows = reviewing.decide(
            facts.figure,
            by=body.by,
            verify=body.action == "verify",
            reject=body.action == "reject",
            settings=settings,
            note=body.note,
        )
    except reviewing.ReviewError as error:
        raise ApiError(422, str(error)) from None
    reviewing.save(store, rows)
    after = FigureFacts(store, facts.figure.id)
    return JSONResponse({"reviews": [reviewing.review_json(r) for r in rows], "figure": after.json()}, status_code=201)


@router.post(
    "/documents/{document_id}/figures",
    tags=["reviews"],
    summary="Add a figure the machine missed (token required)",
    status_code=201,
    response_model=ReviewAnswer,
    responses=_errors(400, 401, 404, 422),
    dependencies=[Depends(require_token)],
)
def add_figure(request: Request, document_id: str, body: AddBody) -> Response:
    """A figure from the words `text[start:end]` of the report, with the fields given (`kind` required), stored
    as `crisisledger review --add` stores it."""
    store = store_of(request)
    found = store.document(document_id)
    if found is None:
        raise ApiError(404, f"no document {document_id!r}.")
    try:
        made, rows = reviewing.added(
            found, body.start, body.end, by=body.by, settings=settings_of(body.settings), note=body.note
        )
    except reviewing.ReviewError as error:
        raise ApiError(422, str(error)) from None
    reviewing.save(store, rows)
    after = FigureFacts(store, made.id)
    return JSONResponse({"reviews": [reviewing.review_json(r) for r in rows], "figure": after.json()}, status_code=201)
