"""The language seam: one `Profile` per language (its spaCy pipeline, pattern files, number and date words), a
registry of them, and `detect()` to tell a report's language. See docs/language.md.

Importing this package is cheap: models, lexicons and the language detector load on first use."""

from __future__ import annotations

from .detect import detect
from .profile import DEFAULT, PROFILES, DateWords, Profile, profile

__all__ = ["DEFAULT", "PROFILES", "DateWords", "Profile", "detect", "profile"]
