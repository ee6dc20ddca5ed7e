"""What every extractor of one report needs: the parsed text, the way back to the original, the report's
date and country, the names in it, its quotations and its headlines."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from spacy.tokens import Doc, Span

from ..language.profile import DEFAULT, Profile, profile
from ..records import Document, Evidence, Place
from ..repair import Repaired
from .dates import Timex
from .names import NameIndex
from .numbers import Quantity
from .places import Geoparse

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Quote:
    """A quoted passage: char offsets of its content in the analysed text, and its paragraph."""

    start: int
    end: int
    paragraph: int


@dataclass
class Context:
    document: Document
    doc: Doc
    repaired: Repaired
    #: Where the analysed text starts in `document.text` (the header before it is metadata).
    offset: int = 0
    problems: list[str] = field(default_factory=list)
    #: Record id -> char span in the analysed text, for records whose evidence is not their sentence.
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Statement id -> id of the figure it denies or disputes.
    targets: dict[str, str] = field(default_factory=dict)
    #: The report's language as the extractors see it: its number and date readers, its places, its rules.
    profile: Profile = field(default_factory=lambda: profile(DEFAULT))
    #: What a language's reader finds once per report and reads from several steps (the Russian quotations).
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def anchor(self) -> date | None:
        return self.document.published

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for chars [start, end) of the analysed text, pointing into the original text."""
        original_start, original_end = self.repaired.to_original(start, end)
        return Evidence.of(self.document, original_start + self.offset, original_end + self.offset)

    def sentence_evidence(self, sentence: Span) -> Evidence:
        text = sentence.text
        start = sentence.start_char + (len(text) - len(text.lstrip()))
        end = sentence.start_char + len(text.rstrip())
        return self.evidence(start, end)

    @cached_property
    def text(self) -> str:
        """The analysed text (spaCy rebuilds `Doc.text` on every access, so it is kept once here)."""
        return self.repaired.text

    @cached_property
    def quantities(self) -> list[Quantity]:
        """Every number phrase of the text, found once (figures and events both read them)."""
        return list(self.profile.quantities(self.doc))

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex(self.doc)

    @cached_property
    def timexes(self) -> list[Timex]:
        try:
            return list(self.profile.timexes(self.doc, self.anchor))
        except Exception as exc:  # a date we cannot read is a problem to record, not a lost report
            self.problems.append(f"date resolution failed: {exc.__class__.__name__}: {exc}")
            return []

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Char spans of the paragraphs of the analysed text."""
        spans, start = [], 0
        for match in _PARAGRAPH_BREAK.finditer(self.text):
            spans.append((start, match.start()))
            start = match.end()
        spans.append((start, len(self.text)))
        return [(s, e) for s, e in spans if self.text[s:e].strip()]

    @cached_property
    def _paragraph_ends(self) -> list[int]:
        return [end for _, end in self.paragraphs]

    def paragraph_of(self, char: int) -> int:
        return min(bisect_right(self._paragraph_ends, char), len(self.paragraphs) - 1)

    @cached_property
    def headlines(self) -> set[int]:
        """Paragraphs that are headlines: one short line with no closing full stop."""
        result = set()
        for index, (start, end) in enumerate(self.paragraphs):
            text = self.text[start:end].strip()
            closing = text.rstrip("\"' ")
            if "\n" not in text and len(text.split()) <= 25 and not closing.endswith((".", "!", "?", ":")):
                result.add(index)
        return result

    def in_headline(self, char: int) -> bool:
        return self.paragraph_of(char) in self.headlines

    def section_of(self, char: int) -> int:
        """Sections start at each headline; quotes do not carry their speaker across one."""
        paragraph = self.paragraph_of(char)
        return sum(1 for h in self.headlines if h <= paragraph)

    @cached_property
    def quotes(self) -> list[Quote]:
        """Double-quoted passages, paired in order within each paragraph (the text is already repaired)."""
        found = []
        for index, (start, end) in enumerate(self.paragraphs):
            marks = [m.start() for m in re.finditer('"', self.text[start:end])]
            for opening, closing in zip(marks[0::2], marks[1::2], strict=False):
                found.append(Quote(start + opening + 1, start + closing, index))
        return found

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [quote.start for quote in self.quotes]

    def quote_at(self, char: int) -> Quote | None:
        index = bisect_right(self._quote_starts, char) - 1
        if index >= 0 and char < self.quotes[index].end:
            return self.quotes[index]
        return None

    def sentence_at(self, char: int) -> Span | None:
        """The sentence holding char `char` of the analysed text."""
        span = self.doc.char_span(char, min(char + 1, len(self.text)), alignment_mode="expand")
        return span.sent if span is not None and len(span) else None

    @cached_property
    def places(self) -> list[tuple[Span, Place]]:
        """Every place named in the text that the gazetteer knows, in text order (`places.geoparse`)."""
        return self._geoparse.places

    @cached_property
    def focus_country(self) -> Place | None:
        """The country the report is about: the one its places, title and datelines point to most."""
        return self._geoparse.focus

    @cached_property
    def _geoparse(self) -> Geoparse:
        return self.profile.geoparse(
            self.doc, title=self.document.title, paragraphs=self.paragraphs, headlines=self.headlines
        )
