"""The application factory: one store, one token, security headers on every answer, one error shape.

Reads are open on loopback; a server bound to any other address needs the token for reads too. Writes (reviews)
always need it: `Authorization: Bearer <token>`, or the HttpOnly, SameSite=Strict cookie the pages set after a
person gives the token once in a form.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import CrisisLedgerError
from ..safe import json_text
from ..store import Store
from .service import Ledger

#: No inline script or style anywhere: every script and stylesheet is a vendored file of this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
TOKEN_COOKIE = "crisisledger_token"
#: The error codes of the one error shape, by HTTP status.
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    500: "internal",
    503: "unavailable",
}


@dataclass(frozen=True)
class Settings:
    """How one server runs: its store, the host it is bound to, and the token writes need (None: no writes)."""

    db: str
    host: str = "127.0.0.1"
    token: str | None = None

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ApiError(Exception):
    """An error the API answers in its one shape: {"error": {"code": ..., "message": ...}}."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or ERROR_CODES.get(status, "error")
        self.message = message


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code or ERROR_CODES.get(status, "error"), "message": message}}


def given_token(request: Request) -> str | None:
    """The token a request carries: the Bearer header first, else the pages' cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(TOKEN_COOKIE)


def token_ok(settings: Settings, given: str | None) -> bool:
    if settings.token is None or given is None:
        return False
    return hmac.compare_digest(settings.token.encode(), given.encode())


def store_of(request: Request) -> Store:
    """The store the application serves."""
    store: Store = request.app.state.store
    return store


def ledger_of(request: Request) -> Ledger:
    """The application's reconciled ledger (kept per version of the store)."""
    ledger: Ledger = request.app.state.ledger
    return ledger


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def require_token(request: Request) -> None:
    """A dependency of every write: the request must carry the server's token."""
    settings = settings_of(request)
    if settings.token is None:
        raise ApiError(401, "this server takes no reviews: start it with CRISISLEDGER_TOKEN or --token-file.")
    if not token_ok(settings, given_token(request)):
        raise ApiError(401, "a review needs the server's token: send 'Authorization: Bearer <token>'.")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def cached(request: Request, body: bytes, media_type: str) -> Response:
    """A read's answer with its ETag: 304 when the client already has it. Cache-Control asks clients to check
    again each time (the ledger changes whenever a report arrives), which the ETag makes cheap."""
    tag = etag_of(body)
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    wanted = request.headers.get("if-none-match", "")
    if tag in {t.strip() for t in wanted.split(",")} or wanted.strip() == "*":
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type=media_type, headers=headers)


def json_body(data: Any) -> bytes:
    return json_text(data, indent=None, separators=(",", ":")).encode("utf-8")  # crisisledger.safe


def cached_json(request: Request, data: Any) -> Response:
    return cached(request, json_body(data), "application/json")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The whole application over `store`, or the store at `settings.db` (opened, and migrated, here); the
    application closes it when it stops."""
    store = store if store is not None else Store.open(settings.db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="crisisledger",
        version="1",
        summary="A sourced ledger of crisis reports: figures as claims whose status changes.",
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json is the contract
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.ledger = Ledger(store)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if not settings.loopback and not _public_path(request) and not token_ok(settings, given_token(request)):
            response: Response = _refused(request)
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> Response:
        return JSONResponse(error_body(error.status, error.message, error.code), status_code=error.status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = str(error.detail) if error.detail else "error"
        if _is_api(request):
            return JSONResponse(error_body(error.status_code, message), status_code=error.status_code)
        from .pages import error_page

        return error_page(request, error.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item.get("loc", ()) if part not in ("query", "path", "body"))
            problems.append(f"{where}: {item.get('msg', 'invalid')}" if where else str(item.get("msg", "invalid")))
        message = "; ".join(problems) or "invalid request"
        if _is_api(request):
            return JSONResponse(error_body(422, message), status_code=422)
        from .pages import error_page

        return error_page(request, 422, message)

    @app.exception_handler(CrisisLedgerError)
    async def refused(request: Request, error: CrisisLedgerError) -> Response:
        return JSONResponse(error_body(400, str(error)), status_code=400)

    from . import api, explore, pages

    app.include_router(api.router, prefix="/api/v1")
    app.include_router(pages.router)
    app.include_router(explore.router)
    pages.mount_static(app)
    return app


def _public_path(request: Request) -> bool:
    """What a server off loopback shows without the token: the login form and its assets."""
    return request.url.path in ("/login",) or request.url.path.startswith("/static/")


def _refused(request: Request) -> Response:
    if _is_api(request):
        return JSONResponse(error_body(401, "this server needs its token: send 'Authorization: Bearer <token>'."), 401)
    from fastapi.responses import RedirectResponse

    return RedirectResponse("/login", status_code=303)


__all__ = [
    "ApiError",
    "HTTPException",
    "Settings",
    "cached",
    "cached_json",
    "create_app",
    "error_body",
    "is_loopback",
    "require_token",
    "token_ok",
]
