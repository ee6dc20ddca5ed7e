"""The HTML pages (docs/web.md)."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response

router = APIRouter()


def mount_static(app: FastAPI) -> None:
    pass


def error_page(request: Request, status: int, message: str) -> Response:
    return HTMLResponse(f"<!doctype html><title>{status}</title><p>{escape(message)}</p>", status_code=status)
