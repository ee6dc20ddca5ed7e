"""The REST API under /api/v1 (docs/api.md)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
