"""What every extractor of one report needs: the parsed text, the way back to the original, the report's
date and country, the names in it, its quotations and its headlines."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from spacy.tokens import Doc, Span

from ..records import Document, Evidence, Place
from ..repair import Repaired
from .dates import Timex, dates
from .names import NameIndex
from .numbers import Quantity, quantities
from .places import gazetteer

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LOCATIVE = {
    "in", "through", "across", "near", "at", "from", "into", "around", "outside", "central", "throughout", "on",
    "to", "inside", "towards", "toward",
}  # fmt: skip
_PLACE_NOUNS = {"city", "town", "village", "region", "province", "district", "capital", "port", "area"}


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
        return list(quantities(self.doc))

    @cached_property
    def names(self) -> NameIndex:
        return NameIndex(self.doc)

    @cached_property
    def timexes(self) -> list[Timex]:
        try:
            return list(dates(self.doc, self.anchor))
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
        """Every place named in the text that the gazetteer knows, in text order."""
        found = []
        focus = self._country_votes.most_common(1)
        focus_code = focus[0][0] if focus else None
        for entity in self._place_names:
            place = gazetteer().lookup(entity.text, focus_country=focus_code)
            if place is not None:
                found.append((entity, place))
        return found

    @cached_property
    def _place_names(self) -> list[Span]:
        """Place entities, and names after "in", "through"... that the small model tags as organisations
        ("marched through central Almaty") or misses."""
        names = [e for e in self.doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
        for entity in self.doc.ents:
            # "in Zhanaozen" tagged as a person, "in Almaty" as an organisation: the preposition says place
            if entity.label_ in ("ORG", "PERSON", "NORP") and self._after_locative(entity.start):
                names.append(entity)
        for token in self.doc:
            if (
                token.pos_ == "PROPN"
                and not token.ent_type_
                and token.i > 0
                and self.doc[token.i - 1].lower_ in _LOCATIVE
            ):
                names.append(self.doc[token.i : token.i + 1])
        # "in the Kyzylorda region": the region, not the city of that name
        return sorted((self._as_region(span) for span in names), key=lambda span: span.start)

    def _after_locative(self, start: int) -> bool:
        doc = self.doc
        if start > 0 and doc[start - 1].lower_ in _LOCATIVE:
            return True
        if start > 1 and doc[start - 1].lower_ == "the" and doc[start - 2].lower_ in _LOCATIVE:
            return True
        # "the eastern Libyan city of Derna"
        return start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _PLACE_NOUNS

    def _as_region(self, span: Span) -> Span:
        after = self.doc[span.end] if span.end < len(self.doc) else None
        if after is not None and after.lower_ in ("region", "province", "oblast", "district"):
            return self.doc[span.start : span.end + 1]
        return span

    @cached_property
    def _country_votes(self) -> Counter[str]:
        votes: Counter[str] = Counter()
        for entity in self._place_names:
            if entity.label_ != "FAC":
                place = gazetteer().lookup(entity.text)
                if place is not None and place.country_code:
                    # a headline names what the report is about: its places count double
                    votes[place.country_code] += 2 if self.in_headline(entity.start_char) else 1
        return votes

    @cached_property
    def focus_country(self) -> Place | None:
        """The country the report is about: the one its places point to most often."""
        votes = self._country_votes
        if not votes:
            return None
        code = votes.most_common(1)[0][0]
        return gazetteer().country(code)
