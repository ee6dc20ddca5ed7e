"""MEANTIME (English, 120 Wikinews articles, CC BY 4.0): time expressions and named entities.

Each CAT XML file holds the tokens of one article and markables over them. Its text is rebuilt from the
tokens (spaces between them, none before punctuation, a line break after a headline or dateline) and read
the way the pipeline reads a report: repaired, parsed, and wrapped in a `Context`.

* **Time expressions.** The TIMEX3 marked functionInDocument="CREATION_TIME" gives the article's date, the
  anchor. A find is right when it overlaps a gold TIMEX3 and has exactly its value (row `timex`); row
  `timex.span` asks for the overlap only. Markables without tokens are implicit and skipped.
* **Named entities.** Gold is every ENTITY_MENTION that is a name (syntactic_type NAM, or PRE.NAM for a name
  used as a modifier: "US" in "US Air Force") and refers (REFERS_TO) to an ENTITY of type PER, ORG or LOC.
  Ours are the names of `ctx.names.mentions` (person -> PER, org -> ORG, place and group -> LOC: MEANTIME
  files nationality words like "German" under the country) and the places of `ctx.places` (LOC). A find is
  right when it overlaps a gold mention of its type; a gold mention is found when a find of its type
  overlaps it (nested gold names, "Mobile, Alabama" and "Alabama", can share one find).

MEANTIME annotates only the headline, the dateline and the first sentences (numbers 0 to 5), so finds after
those are neither right nor wrong. Counting them would mark hundreds of correct finds as wrong.

`python -m crisisledger.evaluation` scores it all; `python -m crisisledger.evaluation.timex [--errors]` gives
the detailed time-expression report (recall by TIMEX3 type, and each miss and extra with `--errors`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from spacy.language import Language

from ..extract.context import Context
from ..records import Document
from ..repair import repair
from .scoring import Count, Scores

LAST_ANNOTATED_SENTENCE = 5
#: Gold entity types we score, and the type each of our mention types stands for.
ENTITY_TYPES = ("PER", "ORG", "LOC")
OUR_TYPES = {"person": "PER", "org": "ORG", "place": "LOC", "group": "LOC"}
#: Syntactic types of a gold mention that is a name.
NAMED = ("NAM", "PRE.NAM")

_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "%", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "$", "#"}


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True)
class GoldMention:
    """A named mention: char span [start, end) of the rebuilt text and its entity type (PER, ORG, LOC)."""

    start: int
    end: int
    type: str
    text: str


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    anchor: date | None
    timexes: tuple[GoldTimex, ...]
    mentions: tuple[GoldMention, ...]
    annotated_end: int  # annotation stops here: finds after it are neither right nor wrong


@dataclass(frozen=True)
class Find:
    """One of ours, as a char span of the rebuilt text: a time expression (type TIMEX3 type, value) or a
    name (type PER, ORG or LOC)."""

    start: int
    end: int
    type: str
    text: str
    value: str | None = None


def articles(corpus: Path) -> list[Article]:
    """Every article of the corpus folder (`intra-doc_annotation`), in a stable order."""
    return [read_article(path) for path in sorted(corpus.glob("*/*.xml"))]


def read_article(path: Path) -> Article:
    """Rebuild an article's text from its tokens and map each TIMEX3 and named mention onto char offsets."""
    root = ET.parse(path).getroot()
    pieces: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    sentences: dict[str, int] = {}
    length, previous, sentence, annotated_end = 0, None, None, None
    for token in root.iter("token"):
        word = token.text or ""
        if previous is not None:
            if token.get("sentence") != sentence and previous not in (".", "!", "?", '"', "''"):
                gap = "\n"  # a headline or a dateline: no full stop, so keep the model from running on
            elif word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER:
                gap = ""
            else:
                gap = " "
            pieces.append(gap)
            length += len(gap)
        if annotated_end is None and int(token.get("sentence", 0)) > LAST_ANNOTATED_SENTENCE:
            annotated_end = length
        offsets[token.get("t_id", "")] = (length, length + len(word))
        sentences[token.get("t_id", "")] = int(token.get("sentence", 0))
        pieces.append(word)
        length += len(word)
        previous, sentence = word, token.get("sentence")
    text = "".join(pieces)

    def span(ids: list[str]) -> tuple[int, int]:
        return min(offsets[i][0] for i in ids), max(offsets[i][1] for i in ids)

    anchor, dateline, timexes = None, None, []
    for markable in root.iter("TIMEX3"):
        ids = _token_ids(markable)
        value = markable.get("value", "")
        if markable.get("functionInDocument") == "CREATION_TIME":
            anchor = _iso_date(value)
        if not ids:
            continue
        start, end = span(ids)
        timexes.append(GoldTimex(start, end, markable.get("type", ""), value, text[start:end]))
        if dateline is None and min(sentences[i] for i in ids) <= 1:
            dateline = _iso_date(value)
    anchor = anchor or dateline  # two articles lack a CREATION_TIME; their dateline stands in
    timexes.sort(key=lambda t: t.start)

    entity_types = {e.get("m_id"): e.get("ent_type") for e in root.iter("ENTITY")}
    refers: dict[str, set[str]] = defaultdict(set)
    for relation in root.iter("REFERS_TO"):
        targets = {entity_types.get(t.get("m_id")) for t in relation.iter("target")}
        for source in relation.iter("source"):
            refers[source.get("m_id", "")].update(t for t in targets if t)
    mentions = []
    for markable in root.iter("ENTITY_MENTION"):
        ids = _token_ids(markable)
        types = refers.get(markable.get("m_id", ""), set()) & set(ENTITY_TYPES)
        if ids and markable.get("syntactic_type") in NAMED and len(types) == 1:
            start, end = span(ids)
            mentions.append(GoldMention(start, end, types.pop(), text[start:end]))
    mentions.sort(key=lambda m: (m.start, m.end))
    name = root.get("doc_name", path.stem)
    return Article(name, text, anchor, tuple(timexes), tuple(mentions), annotated_end or len(text))


def _token_ids(markable: ET.Element) -> list[str]:
    return [a.get("t_id", "") for a in markable.iter("token_anchor")]


def _iso_date(value: str) -> date | None:
    """A gold value as a date: "2009-02-03", or "03-02-2009" as one article writes it."""
    if match := re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", value):
        value = f"{match.group(3)}-{match.group(2)}-{match.group(1)}"
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# Reading an article the way the pipeline reads a report ---------------------------------------------------


def contexts(items: list[Article], nlp: Language) -> Iterator[Context]:
    """The analysis Context of each article: repaired, parsed in batches, its date the CREATION_TIME."""
    repaired = [repair(article.text) for article in items]
    for article, fixed, doc in zip(items, repaired, nlp.pipe(r.text for r in repaired), strict=True):
        document = Document.from_text(article.text, published=article.anchor, title=article.name)
        yield Context(document, doc, fixed)


def found_timexes(ctx: Context) -> list[Find]:
    """Our time expressions, as spans of the rebuilt text."""
    finds = []
    for timex in ctx.timexes:
        start, end = ctx.repaired.to_original(timex.start, timex.end)
        finds.append(Find(start, end, timex.type, timex.text, timex.value))
    return finds


def found_names(ctx: Context) -> list[Find]:
    """Our names of people, organisations and places, as spans of the rebuilt text, one per span and type."""
    spans: dict[tuple[int, int, str], str] = {}
    for mention in ctx.names.mentions:
        if mention.type in OUR_TYPES:
            span = ctx.doc[mention.start : mention.end]
            spans.setdefault((span.start_char, span.end_char, OUR_TYPES[mention.type]), span.text)
    for span, _place in ctx.places:
        spans.setdefault((span.start_char, span.end_char, "LOC"), span.text)
    finds = []
    for (start, end, kind), text in spans.items():
        original_start, original_end = ctx.repaired.to_original(start, end)
        finds.append(Find(original_start, original_end, kind, text))
    return sorted(finds, key=lambda f: (f.start, f.end, f.type))


# Scoring --------------------------------------------------------------------------------------------------


def overlap(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


def score_timexes(
    found: Iterable[tuple[Article, list[Find]]], errors: list[str] | None = None
) -> tuple[Count, Count, Counter[str], Counter[str]]:
    """Rows `timex` (overlap and exact value) and `timex.span` (overlap only), and gold and right counts by
    TIMEX3 type. Finds after an article's annotated sentences are left out."""
    timex, span = Count(), Count()
    gold_by_type, right_by_type = Counter[str](), Counter[str]()
    for article, all_finds in found:
        finds = [f for f in all_finds if f.start < article.annotated_end]
        spans_found = right_found = spans_gold = right_gold = 0
        for f in finds:
            touched = [g for g in article.timexes if overlap(f.start, f.end, g.start, g.end)]
            spans_found += bool(touched)
            right_found += any(f.value == g.value for g in touched)
            if errors is not None and not touched:
                errors.append(f"EXTRA {article.anchor}  {f.text!r} {f.type} {f.value}")
        for g in article.timexes:
            matches = [f for f in finds if overlap(f.start, f.end, g.start, g.end)]
            right = any(f.value == g.value for f in matches)
            spans_gold += bool(matches)
            right_gold += right
            gold_by_type[g.type] += 1
            right_by_type[g.type] += right
            if errors is not None and not right:
                got = ", ".join(f"{f.text!r}={f.value}" for f in matches) or "nothing"
                errors.append(f"MISS  {article.anchor}  {g.text!r} {g.type} {g.value}  got {got}")
        gold = len(article.timexes)
        timex += Count(gold, len(finds), right_found, right_gold)
        span += Count(gold, len(finds), spans_found, spans_gold)
    return timex, span, gold_by_type, right_by_type


def score_names(found: Iterable[tuple[Article, list[Find]]], errors: list[str] | None = None) -> Scores:
    """Rows `entities` and `entities.PER`, `.ORG`, `.LOC`: a find is right when it overlaps a gold mention of
    its type, a gold mention found when a find of its type overlaps it."""
    rows = {f"entities.{kind}": Count() for kind in ENTITY_TYPES}
    for article, all_finds in found:
        finds = [f for f in all_finds if f.start < article.annotated_end]
        for kind in ENTITY_TYPES:
            ours = [f for f in finds if f.type == kind]
            gold = [g for g in article.mentions if g.type == kind]
            right_found = [f for f in ours if any(overlap(f.start, f.end, g.start, g.end) for g in gold)]
            right_gold = [g for g in gold if any(overlap(f.start, f.end, g.start, g.end) for f in ours)]
            rows[f"entities.{kind}"] += Count(len(gold), len(ours), len(right_found), len(right_gold))
            if errors is not None:
                errors.extend(f"EXTRA {article.name}  {f.text!r} {kind}" for f in ours if f not in right_found)
                errors.extend(f"MISS  {article.name}  {g.text!r} {kind}" for g in gold if g not in right_gold)
    total = sum((rows[f"entities.{kind}"] for kind in ENTITY_TYPES), Count())
    return {"entities": total, **rows}


def evaluate(corpus: Path, nlp: Language, errors: list[str] | None = None) -> Scores:
    """The MEANTIME rows: timex, timex.span, entities, entities.PER, entities.ORG, entities.LOC."""
    items = articles(corpus)
    timexes, names = [], []
    for article, ctx in zip(items, contexts(items, nlp), strict=True):
        timexes.append((article, found_timexes(ctx)))
        names.append((article, found_names(ctx)))
    timex_errors: list[str] | None = None if errors is None else []
    name_errors: list[str] | None = None if errors is None else []
    timex, span, _, _ = score_timexes(timexes, timex_errors)
    rows: Scores = {"timex": timex, "timex.span": span, **score_names(names, name_errors)}
    if errors is not None:
        errors.extend(f"timex {line}" for line in timex_errors or ())
        errors.extend(f"entities {line}" for line in name_errors or ())
    return rows
