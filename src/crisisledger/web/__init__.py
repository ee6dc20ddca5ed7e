"""The web app and the REST API (docs/web.md): FastAPI, pages rendered on the server with Jinja2 and htmx.

app.py       the application factory: settings, security headers, the token, one error shape, ETags
service.py   what the API and the pages read: cached reconciliations, filters, lookups
api.py       the REST API under /api/v1 (JSON field names are the export's: one contract serves both)
pages.py     the HTML pages; templates/ and static/ (every asset vendored: no request leaves the machine)
"""

from __future__ import annotations

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
