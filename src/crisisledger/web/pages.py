"""The HTML pages (docs/web.md): rendered on the server with Jinja2 (autoescaped), htmx for partial updates.

Pages built here: the ledger `/`, a line `/lines/{id}`, a claim `/figures/{id}` with its review form, a
report `/documents/{id}` with every extraction marked in its text, the list of reports `/documents`, and
`/login`. Every page takes the API's filters as query parameters (kind, place, as_of), so each view has its
address. No page carries an inline script, style or event handler (the Content-Security-Policy forbids
them): behaviour is htmx attributes only, and charts are SVG drawn on the server (charts.py).

Report text, titles, outlets and names only ever reach the HTML through the template engine's escaping:
highlights and word diffs are built here as lists of plain-text pieces that the templates wrap in marks.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import queries
from .. import review as reviewing
from ..errors import StoreError
from ..language import PROFILES
from ..reconcile import Claim, LedgerLine
from ..records import FIGURE_KINDS, Document, Figure, StatusChange
from ..store import Store, paging
from . import charts
from .app import TOKEN_COOKIE, given_token, ledger_of, settings_of, store_of, token_ok

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")  # autoescape is on for .html templates
templates.env.globals["value_text"] = charts.value_text
router = APIRouter()

#: Reports per page of /documents.
PAGE_SIZE = 50
#: Characters of the report shown around a claim's words on its page.
CONTEXT_CHARS = 300
#: Words of unchanged text kept on each side of a change in a version diff.
DIFF_CONTEXT = 8
#: How a status reads without colour: a symbol and the word.
STATUS_SIGNS = {
    "asserted": "•",
    "confirmed": "✓",
    "disputed": "?",
    "denied": "✗",
    "withdrawn": "⊘",
    "revised": "↻",
    "contradicted": "≠",
}
CONTESTING = ("denied", "withdrawn", "disputed")
REVIEW_ACTIONS = ("verify", "reject", "correct")
REVIEW_FIELDS = ("value", *reviewing.FIELDS)
templates.env.globals["status_sign"] = lambda status: STATUS_SIGNS.get(status, "•")


def language_name(code: str | None) -> str:
    """A document's language as a person reads it: "Russian" for "ru"; a code we have no profile for as it is."""
    if code is None:
        return "not known"
    found = PROFILES.get(code)
    return found.name if found is not None else code


templates.env.globals["language_name"] = language_name


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def render(request: Request, template: str, *, code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=code)


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", code=status, status=status, message=message)


# Reading the request -------------------------------------------------------------------------------------


def _partial(request: Request) -> bool:
    """An htmx request for a fragment (not htmx restoring a page from history, which needs all of it)."""
    return request.headers.get("hx-request") == "true" and request.headers.get("hx-history-restore-request") != "true"


def _day(text: str | None, name: str) -> date | None:
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise HTTPException(422, f"{name}: a date as YYYY-MM-DD (got {text.strip()!r})") from None


def _kind(text: str | None) -> str | None:
    if not text:
        return None
    if text not in FIGURE_KINDS:
        raise HTTPException(422, f"kind: one of {', '.join(FIGURE_KINDS)} (got {text!r})")
    return text


def _text(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None


def _query(**params: object) -> str:
    """A query string of the parameters that are set, for links that keep the filters."""
    from urllib.parse import urlencode

    kept = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


# The ledger -----------------------------------------------------------------------------------------------


def _what(line: LedgerLine) -> str:
    what = line.kind + (f" ({line.population})" if line.population else "")
    return what + (f" on {line.period.isoformat()}" if line.period else "")


def _where(line: LedgerLine) -> str:
    if line.place is None:
        return "place unknown"
    return line.place.name + (f" ({line.place.country_code})" if line.place.country_code else "")


def _claim_view(claim: Claim) -> dict[str, Any]:
    return {
        "claim": claim,
        "value": charts.claim_value(claim),
        "claimant": claim.claimant,
        "official": claim.official,
        "status": claim.status,
        "as_of": claim.figure.as_of,
        "href": f"/figures/{claim.figure.id}",
    }


def _contested(line: LedgerLine) -> list[dict[str, Any]]:
    """What is contested on a line, in words: from its contests, and from claims whose status says so."""
    claims = {c.figure.id: c for c in line.claims}
    found: list[dict[str, Any]] = []
    seen = set()
    for contest in line.contested:
        claim = claims.get(contest.figure_id)
        other = claims.get(contest.other_figure_id) if contest.other_figure_id else None
        seen.add((contest.figure_id, contest.reason))
        found.append(
            {
                "reason": contest.reason,
                "sign": STATUS_SIGNS.get(contest.reason, "!"),
                "by": contest.by,
                "date": contest.date,
                "claim": _claim_view(claim) if claim else None,
                "other": _claim_view(other) if other else None,
            }
        )
    for claim in line.claims:
        if claim.status in CONTESTING and (claim.figure.id, claim.status) not in seen:
            seen.add((claim.figure.id, claim.status))
            last = claim.changes[-1] if claim.changes else None
            found.append(
                {
                    "reason": claim.status,
                    "sign": STATUS_SIGNS.get(claim.status, "!"),
                    "by": last.by if last else None,
                    "date": last.date if last else None,
                    "claim": _claim_view(claim),
                    "other": None,
                }
            )
    shown: set[tuple] = set()
    unique = []
    for item in found:  # one contest told by several reports of one claim reads once
        shown_claim = item["claim"]
        key = (
            item["reason"],
            item["by"],
            item["date"],
            shown_claim and (shown_claim["value"], shown_claim["claimant"]),
        )
        if key not in shown:
            shown.add(key)
            unique.append(item)
    return unique


def _line_view(line: LedgerLine, as_of: date | None) -> dict[str, Any]:
    single = line.range_min is not None and line.range_min is line.range_max
    return {
        "line": line,
        "href": f"/lines/{line.id}" + _query(as_of=as_of),
        "what": _what(line),
        "where": _where(line),
        "low": _claim_view(line.range_min) if line.range_min else None,
        "high": _claim_view(line.range_max) if line.range_max and not single else None,
        "official": _claim_view(line.latest_official) if line.latest_official else None,
        "contested": _contested(line),
        "claims": len(line.claims),
        "claimants": len({c.claimant.casefold() for c in line.claims}),
        "spark": charts.sparkline(line.claims),
    }


@router.get("/", response_class=HTMLResponse)
def ledger_page(
    request: Request, kind: str | None = None, place: str | None = None, as_of: str | None = None
) -> Response:
    chosen_kind, chosen_place, day = _kind(kind), _text(place), _day(as_of, "as_of")
    ledger = ledger_of(request)
    lines = ledger.lines(kind=chosen_kind, place=chosen_place, as_of=day)
    everything = ledger.lines(as_of=None)
    context: dict[str, Any] = {
        "section": "ledger",
        "rows": [_line_view(line, day) for line in lines],
        "kinds": FIGURE_KINDS,
        "kind": chosen_kind,
        "place": chosen_place,
        "as_of": day,
        "places": sorted({line.place.name for line in everything if line.place is not None}),
        "empty_store": not everything,
        "filtered": bool(chosen_kind or chosen_place or day),
    }
    response = render(request, "partials/ledger_table.html" if _partial(request) else "ledger.html", **context)
    response.headers["Vary"] = "HX-Request"
    return response


# A line ---------------------------------------------------------------------------------------------------


def _change_view(change: StatusChange) -> dict[str, Any]:
    return {
        "status": change.status,
        "date": change.date,
        "by": change.by,
        "words": change.evidence.text,
        "href": f"/documents/{change.evidence.document_id}",
    }


@router.get("/lines/{line_id}", response_class=HTMLResponse)
def line_page(request: Request, line_id: str, as_of: str | None = None) -> Response:
    day = _day(as_of, "as_of")
    line = ledger_of(request).line(line_id, as_of=day)
    if line is None:
        known = "" if day is None else f" as known on {day.isoformat()}"
        raise HTTPException(404, f"no ledger line {line_id!r}{known}")
    rows = []
    for claim in line.claims:
        view = _claim_view(claim)
        view.update(
            reported=claim.reported,
            document=claim.document,
            document_href=f"/documents/{claim.document.id}#fig-{claim.figure.id}",
            changes=[_change_view(c) for c in claim.changes],
            review=claim.figure.review,
            relayed_by=claim.relayed_by,
            replaced_by=claim.replaced_by,
            cited_source=claim.figure.cited_source,
        )
        rows.append(view)
    return render(
        request,
        "line.html",
        section="ledger",
        view=_line_view(line, day),
        line=line,
        chart=charts.line_chart(line.claims),
        rows=rows,
        latest=[_claim_view(c) for c in line.latest],
        as_of=day,
    )


# A claim --------------------------------------------------------------------------------------------------


def _status_history(store: Store, figure_id: str) -> list[dict[str, Any]]:
    changes = sorted(
        store.status_changes(figure_id=figure_id), key=lambda c: (c.date or date.min, c.status == "withdrawn")
    )
    return [_change_view(c) for c in changes]


def _context(document: Document, figure: Figure) -> dict[str, str]:
    """The figure's words with a few hundred characters of the report around them, cut at word boundaries."""
    text, start, end = document.text, figure.evidence.start, figure.evidence.end
    first = max(document.body_start if document.body_start <= start else 0, start - CONTEXT_CHARS)
    last = min(len(text), end + CONTEXT_CHARS)
    if first > 0:
        space = text.find(" ", first, start)
        first = space + 1 if space >= 0 else first
    if last < len(text):
        space = text.rfind(" ", end, last)
        last = space if space >= 0 else last
    return {
        "before": ("… " if first > 0 else "") + text[first:start],
        "words": text[start:end],
        "after": text[end:last] + (" …" if last < len(text) else ""),
    }


def _review_view(review: reviewing.Review) -> dict[str, Any]:
    record = reviewing.review_json(review)
    return {
        "review": review,
        "outcome": reviewing.OUTCOMES.get(review.action, review.action),
        "old": "" if record["old"] is None else _shown(record["old"]),
        "new": "" if record["new"] is None else _shown(record["new"]),
    }


def _shown(value: Any) -> str:
    if isinstance(value, dict):  # a place
        return str(value.get("name") or value)
    return str(value)


def _found(store: Store, figure_id: str) -> tuple[Figure, str]:
    found = queries.figure(store, figure_id)
    if found is None:
        raise HTTPException(404, f"no figure {figure_id!r} in the store")
    return found


def _review_context(
    request: Request,
    figure: Figure,
    *,
    message: str | None = None,
    stored: str | None = None,
    values: dict[str, str] | None = None,
    token_given: bool = False,
) -> dict[str, Any]:
    store, settings = store_of(request), settings_of(request)
    reviews = [r for r in reviewing.load(store, document_id=figure.document_id) if r.figure_id == figure.id]
    return {
        "figure": figure,
        "reviews": [_review_view(r) for r in reviews],
        "takes_reviews": settings.token is not None,
        "needs_token": not token_given and not token_ok(settings, given_token(request)),
        "message": message,
        "stored": stored,
        "values": values or {},
        "actions": REVIEW_ACTIONS,
        "review_fields": REVIEW_FIELDS,
    }


def _fields(figure: Figure, status: str) -> list[tuple[str, str]]:
    """A figure's fields as people decided them, in words."""
    fields = [
        ("kind", figure.kind),
        ("value", charts.value_text(figure.min, figure.max, figure.approximate, figure.vague)),
        ("who was counted", figure.population or "everyone"),
        ("as of", figure.as_of.isoformat() if figure.as_of else "not said"),
        ("place", figure.place.name if figure.place else "not said"),
        ("claimant", figure.claimant or "the report itself"),
        ("cited source", figure.cited_source or "none"),
        ("status in its report", figure.status),
        ("status now", status),
        ("review", figure.review or "not reviewed"),
    ]
    if figure.part_of:
        fields.append(("part of", figure.part_of))
    return fields


def _figure_page(request: Request, figure_id: str, *, code: int = 200, **review: Any) -> HTMLResponse:
    store = store_of(request)
    figure, status = _found(store, figure_id)
    document = store.document(figure.document_id)
    return render(
        request,
        "figure.html",
        code=code,
        section="ledger",
        status=status,
        document=document,
        fields=_fields(figure, status),
        history=_status_history(store, figure.id),
        context=_context(document, figure) if document is not None else None,
        **_review_context(request, figure, **review),
    )


@router.get("/figures/{figure_id}", response_class=HTMLResponse)
def figure_page(request: Request, figure_id: str) -> Response:
    return _figure_page(request, figure_id)


def _set_token_cookie(response: Response, token: str) -> None:
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")


@router.post("/figures/{figure_id}/review", response_class=HTMLResponse)
async def review_figure(request: Request, figure_id: str) -> Response:
    """A review from the figure's form: the token (carried by the cookie or typed once), then the same calls
    the CLI makes. A normal POST gets a redirect to the figure page (303), or the form again with the reason
    (401 without a good token, 422 for a bad value). An htmx POST gets the review section to swap in; a
    refusal comes back as that section with its message and a 200, since htmx swaps no error answer."""
    store, settings = store_of(request), settings_of(request)
    figure, _ = _found(store, figure_id)
    form = await request.form()
    values = {key: str(form.get(key) or "").strip() for key in ("by", "action", "field", "value", "note")}
    typed = str(form.get("token") or "").strip()
    htmx = _partial(request)

    def refused(code: int, message: str) -> Response:
        if htmx:
            return render(
                request, "partials/review.html", **_review_context(request, figure, message=message, values=values)
            )
        return _figure_page(request, figure.id, code=code, message=message, values=values)

    carried = token_ok(settings, given_token(request))
    if settings.token is None:
        return refused(401, "This server takes no reviews: start it with CRISISLEDGER_TOKEN or --token-file.")
    if not carried and not token_ok(settings, typed or None):
        wrong = "The token is wrong" if typed else "A review needs the server's token"
        return refused(401, f"{wrong}: type the token the server printed when it started. Nothing was stored.")
    try:
        action = values["action"]
        if action not in REVIEW_ACTIONS:
            raise reviewing.ReviewError(f"choose an action: {', '.join(REVIEW_ACTIONS)}.")
        settings_given: list[tuple[str, Any]] = []
        if action == "correct":
            if not values["field"]:
                raise reviewing.ReviewError("a correction needs a field and its new value.")
            settings_given = reviewing.parse_settings([f"{values['field']}={values['value']}"])
        elif values["field"] and values["value"]:
            raise reviewing.ReviewError(f"a field and value go with 'correct', not with '{action}'.")
        rows = reviewing.decide(
            figure,
            by=values["by"],
            verify=action == "verify",
            reject=action == "reject",
            settings=settings_given,
            note=values["note"] or None,
        )
        reviewing.save(store, rows)
    except reviewing.ReviewError as exc:
        message = str(exc).replace("with --by NAME", "with your name")
        message = message.replace("--verify, --reject or --set FIELD=VALUE (repeatable)", "verify, reject or correct")
        return refused(422, message + " Nothing was stored.")
    outcome = reviewing.OUTCOMES[rows[0].action]
    response: Response
    if htmx:
        # the review section, and the figure's fields swapped out of band: they show the decision too
        decided, status = _found(store, figure.id)
        response = render(
            request,
            "partials/review.html",
            fields=_fields(decided, status),
            **_review_context(request, decided, stored=f"Stored: {outcome} by {rows[0].by}.", token_given=True),
        )
    else:
        response = RedirectResponse(f"/figures/{figure.id}#reviews", status_code=303)
    if not carried:
        _set_token_cookie(response, typed)
    return response


# Reports --------------------------------------------------------------------------------------------------

#: Which record wins a stretch of words several records cover: figures first, then the narrower kinds.
RANK = {"figure": 0, "actor": 1, "place": 2, "time": 3, "event": 4, "statement": 5}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    id: str  # the record's id (data-id)
    anchor: str  # the mark's id attribute
    href: str
    label: str


@dataclass
class Piece:
    """A stretch of report text: plain (no marks), or marked by the record that wins it."""

    text: str
    marks: list[dict[str, str | None]] = field(default_factory=list)  # outermost first; the last one wins
    href: str | None = None
    label: str | None = None
    tags: list[dict[str, str]] = field(default_factory=list)  # links after a figure's words


def _spans(store: Store, document: Document, figures: list[Figure]) -> tuple[list[Span], list[dict[str, Any]]]:
    """Every extraction of a report as a span of its text, and the records' list shown under the text."""
    spans: list[Span] = []
    records: list[dict[str, Any]] = []
    for f in figures:
        value = charts.value_text(f.min, f.max, f.approximate, f.vague)
        label = f"figure: {f.kind} {value}" + (f" per {f.claimant}" if f.claimant else "")
        spans.append(Span(f.evidence.start, f.evidence.end, "figure", f.id, f"fig-{f.id}", f"/figures/{f.id}", label))
        records.append({"kind": "figure", "anchor": None, "href": f"/figures/{f.id}", "text": label, "id": f.id,
                        "review": f.review})  # fmt: skip
    for s in store.statements(document.id):
        anchor = f"rec-{s.id}"
        label = f"statement ({s.stance}) by {s.speaker or 'unknown speaker'}"
        spans.append(Span(s.evidence.start, s.evidence.end, "statement", s.id, f"mark-{s.id}", f"#{anchor}", label))
        records.append({"kind": "statement", "anchor": anchor, "href": None, "text": f"{label}: {s.text}", "id": s.id})
    for e in store.events(document.id):
        anchor = f"rec-{e.id}"
        when = e.date_start.isoformat() if e.date_start else "date not said"
        label = f"event: {e.type}" + (f" ({e.subtype})" if e.subtype else "") + f", {when}"
        label += f", {e.place.name}" if e.place else ""
        spans.append(Span(e.evidence.start, e.evidence.end, "event", e.id, f"mark-{e.id}", f"#{anchor}", label))
        records.append({"kind": "event", "anchor": anchor, "href": None, "text": label, "id": e.id})
    for a in store.actors(document.id):
        label = f"actor: {a.name} ({a.type})"
        spans.append(Span(a.evidence.start, a.evidence.end, "actor", a.id, f"mark-{a.id}", f"/actors/{a.id}", label))
        records.append({"kind": "actor", "anchor": None, "href": f"/actors/{a.id}", "text": label, "id": a.id})
    for p in store.places(document.id):
        key = f"place-{p.evidence.start}-{p.evidence.end}"
        label = f"place: {p.place.name}" + (f" ({p.place.country_code})" if p.place.country_code else "")
        label += f", {p.admin1}" if p.admin1 else ""
        spans.append(Span(p.evidence.start, p.evidence.end, "place", key, f"mark-{key}", f"#rec-{key}", label))
        records.append({"kind": "place", "anchor": f"rec-{key}", "href": None, "text": label, "id": key})
    for t in store.time_expressions(document.id):
        key = f"time-{t.evidence.start}-{t.evidence.end}"
        label = f"time: {t.type} {t.value or '(not resolved)'}"
        spans.append(Span(t.evidence.start, t.evidence.end, "time", key, f"mark-{key}", f"#rec-{key}", label))
        records.append({"kind": "time", "anchor": f"rec-{key}", "href": None, "text": f"{label}: {t.evidence.text}",
                        "id": key})  # fmt: skip
    for record in records:  # the list says the kind in a column of its own
        record["text"] = record["text"].removeprefix(record["kind"] + ": ").removeprefix(record["kind"] + " ")
    return spans, records


def marked(text: str, spans: list[Span], start: int = 0) -> tuple[list[Piece], set[str]]:
    """`text[start:]` cut into pieces at every span's edges; each marked piece is won by one record (a figure
    over anything else, else the narrowest), with records of the same kind over the very same words nested
    around it. Marks never cross: a span another wins part of is split, and only its first piece carries its
    id. Returns the pieces and the anchors that made it into them."""
    end = len(text)
    kept = [s for s in spans if s.start < s.end and s.end > start and s.start < end]
    edges = sorted({start, end} | {max(s.start, start) for s in kept} | {min(s.end, end) for s in kept})
    pieces: list[Piece] = []
    given: set[str] = set()
    previous: tuple[str, ...] | None = None
    for a, b in zip(edges, edges[1:], strict=False):
        covering = [s for s in kept if s.start <= a and s.end >= b]
        if not covering:
            pieces.append(Piece(text[a:b]))
            previous = None
            continue
        winner = min(covering, key=lambda s: (RANK[s.kind], s.end - s.start, s.start, s.id))
        group = [winner] + sorted(
            (
                s
                for s in covering
                if s is not winner and s.kind == winner.kind and (s.start, s.end) == (winner.start, winner.end)
            ),
            key=lambda s: s.id,
        )
        key = tuple(s.anchor for s in group)
        if key == previous and pieces:
            pieces[-1].text += text[a:b]
        else:
            marks: list[dict[str, str | None]] = []
            for s in reversed(group):  # the winner innermost
                marks.append({"kind": s.kind, "id": s.id, "anchor": None if s.anchor in given else s.anchor})
                given.add(s.anchor)
            pieces.append(Piece(text[a:b], marks, winner.href, winner.label))
        previous = key
        if winner.kind == "figure" and b == min(winner.end, end):
            pieces[-1].tags = [{"href": s.href, "label": s.label.removeprefix("figure: ")} for s in group]
    return pieces, given


def _versions(store: Store, document: Document) -> list[dict[str, Any]]:
    """The versions of the report's source, oldest first, each with what changed since the one before."""
    snapshots = store.snapshots(document.source) if document.source else []
    if not any(s.document_id == document.id for s in snapshots):
        snapshots = [s for source in paging.sources_of(store, document.id) for s in store.snapshots(source)]
    versions = []
    texts: dict[str, str | None] = {}

    def text_of(document_id: str) -> str | None:
        if document_id not in texts:
            found = store.document(document_id)
            texts[document_id] = found.text if found is not None else None
        return texts[document_id]

    last_id: str | None = None
    for snapshot in snapshots:
        diff = None
        if snapshot.document_id and last_id and snapshot.document_id != last_id:
            old, new = text_of(last_id), text_of(snapshot.document_id)
            if old is not None and new is not None:
                diff = word_diff(old, new)
        versions.append(
            {
                "snapshot": snapshot,
                "this": snapshot.document_id == document.id,
                "href": f"/documents/{snapshot.document_id}" if snapshot.document_id else None,
                "diff": diff,
            }
        )
        if snapshot.document_id:
            last_id = snapshot.document_id
    return versions


def word_diff(old: str, new: str, context: int = DIFF_CONTEXT) -> list[tuple[str, str]]:
    """What changed between two texts, word by word: ("equal" | "delete" | "insert" | "gap", text) pieces,
    unchanged stretches cut to `context` words on each side of a change."""
    a, b = re.findall(r"\s+|\S+", old), re.findall(r"\s+|\S+", new)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = a[i1:i2]
            keep = context * 2  # words and the spaces between them
            head = words[:keep] if index > 0 else []
            tail = words[-keep:] if index < len(opcodes) - 1 else []
            if len(words) <= len(head) + len(tail) + 2:
                pieces.append(("equal", "".join(words)))
            else:
                if head:
                    pieces.append(("equal", "".join(head)))
                pieces.append(("gap", "…"))
                if tail:
                    pieces.append(("equal", "".join(tail)))
            continue
        if op in ("delete", "replace"):
            pieces.append(("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("insert", "".join(b[j1:j2])))
    return pieces


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: str) -> Response:
    store = store_of(request)
    try:
        document = store.document(document_id)
    except StoreError as exc:
        raise HTTPException(400, str(exc)) from None
    if document is None:
        raise HTTPException(404, f"no report {document_id!r} in the store")
    figures = reviewing.reviewed(
        store.figures(document.id), reviewing.load(store, document_id=document.id), {document.id: document}
    )
    spans, records = _spans(store, document, figures)
    start = document.body_start if 0 <= document.body_start <= len(document.text) else 0
    pieces, given = marked(document.text, spans, start)
    # a figure whose words another figure's mark covers entirely keeps its anchor in the list below
    for record in records:
        if record["kind"] == "figure" and f"fig-{record['id']}" not in given:
            record["anchor"] = f"fig-{record['id']}"
    counts: dict[str, int] = {}
    for span in spans:
        counts[span.kind] = counts.get(span.kind, 0) + 1
    return render(
        request,
        "document.html",
        section="documents",
        document=document,
        header=document.text[:start].strip(),
        pieces=pieces,
        records=records,
        counts=counts,
        kinds=list(RANK),
        versions=_versions(store, document),
    )


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, page: int = 1) -> Response:
    if page < 1:
        raise HTTPException(422, "page: a whole number from 1")
    shown, total = paging.newest_documents(store_of(request), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    if page > 1 and not shown:
        raise HTTPException(404, f"no page {page}: there are {total} report(s)")
    return render(
        request,
        "documents.html",
        section="documents",
        documents=shown,
        page=page,
        total=total,
        previous=page - 1 if page > 1 else None,
        next=page + 1 if page * PAGE_SIZE < total else None,
    )


# Logging in -----------------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    return render(request, "login.html", section=None, message=None, takes_token=settings_of(request).token is not None)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    settings = settings_of(request)
    form = await request.form()
    typed = str(form.get("token") or "").strip()
    if not token_ok(settings, typed or None):
        message = "That is not the server's token." if typed else "Type the server's token."
        if settings.token is None:
            message = "This server has no token: start it with CRISISLEDGER_TOKEN or --token-file."
        return render(
            request, "login.html", code=401, section=None, message=message, takes_token=settings.token is not None
        )
    response = RedirectResponse("/", status_code=303)
    _set_token_cookie(response, typed)
    return response
