"""The HTML pages (docs/web.md): rendered on the server with Jinja2 (autoescaped), htmx for partial updates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")  # autoescape is on for .html templates
router = APIRouter()


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def render(request: Request, template: str, *, code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=code)


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", code=status, status=status, message=message)
