"""How well `dates()` finds and values the TIMEX3 expressions of MEANTIME (English, 120 news articles).

Run: .venv/bin/python tests/meantime_timex.py [--errors]

Each CAT XML file holds the tokens of one article and TIMEX3 markables over them; the one marked
functionInDocument="CREATION_TIME" gives the article's date, our anchor. The text is rebuilt from the tokens
(spaces between them, none before punctuation), parsed with the model and read by `dates()`.

A found expression is right when it overlaps a gold TIMEX3 and has exactly its value. Precision counts right
finds among all finds; recall counts gold expressions with a right find among all gold expressions (those with
tokens in the text; markables without tokens are implicit and skipped). MEANTIME annotates only the headline,
the dateline and the first sentences (numbers 0 to 5), so finds after those are not counted.
Not a gate: a report.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "meantime" / "intra-doc_annotation"

LAST_ANNOTATED_SENTENCE = 5
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
class Article:
    name: str
    text: str
    anchor: date | None
    timexes: tuple[GoldTimex, ...]
    annotated_end: int  # annotation stops here: finds after it are neither right nor wrong


def read_article(path: Path) -> Article:
    """Rebuild an article's text from its tokens and map each TIMEX3 onto character offsets."""
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
    anchor, dateline, timexes = None, None, []
    for markable in root.iter("TIMEX3"):
        ids = [a.get("t_id", "") for a in markable.iter("token_anchor")]
        value = markable.get("value", "")
        if markable.get("functionInDocument") == "CREATION_TIME":
            anchor = _iso_date(value)
        if not ids:
            continue
        start, end = min(offsets[i][0] for i in ids), max(offsets[i][1] for i in ids)
        timexes.append(GoldTimex(start, end, markable.get("type", ""), value, text[start:end]))
        if dateline is None and min(sentences[i] for i in ids) <= 1:
            dateline = _iso_date(value)
    anchor = anchor or dateline  # two articles lack a CREATION_TIME; their dateline stands in
    timexes.sort(key=lambda t: t.start)
    return Article(root.get("doc_name", path.stem), text, anchor, tuple(timexes), annotated_end or len(text))


def _iso_date(value: str) -> date | None:
    """A gold value as a date: "2009-02-03", or "03-02-2009" as one article writes it."""
    if match := re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", value):
        value = f"{match.group(3)}-{match.group(2)}-{match.group(1)}"
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def evaluate(paths: list[Path], show_errors: bool = False) -> dict[str, float]:
    """Scores over the articles: span-only and span-plus-value precision, recall and F1, and recall by type."""
    from crisisledger.extract.dates import dates
    from crisisledger.nlp import load

    nlp = load()
    articles = [read_article(path) for path in paths]
    found = right_found = spans_found = spans_gold = 0
    gold, right_gold = Counter[str](), Counter[str]()
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        predictions = [p for p in dates(doc, article.anchor) if p.start < article.annotated_end]
        found += len(predictions)
        for p in predictions:
            touched = [g for g in article.timexes if _overlap(p.start, p.end, g.start, g.end)]
            spans_found += bool(touched)
            right_found += any(p.value == g.value for g in touched)
            if show_errors and not touched:
                print(f"EXTRA {article.anchor}  {p.text!r} {p.type} {p.value}")
        for g in article.timexes:
            matches = [p for p in predictions if _overlap(p.start, p.end, g.start, g.end)]
            gold[g.type] += 1
            spans_gold += bool(matches)
            right_gold[g.type] += any(p.value == g.value for p in matches)
            if show_errors and not any(p.value == g.value for p in matches):
                got = ", ".join(f"{p.text!r}={p.value}" for p in matches) or "nothing"
                print(f"MISS  {article.anchor}  {g.text!r} {g.type} {g.value}  got {got}")
    total, right = gold.total(), right_gold.total()
    scores: dict[str, float] = {"articles": len(articles), "gold": total, "found": found}
    scores |= {"span_precision": spans_found / found, "span_recall": spans_gold / total}
    scores["span_f1"] = _f1(scores["span_precision"], scores["span_recall"])
    scores |= {"precision": right_found / found, "recall": right / total}
    scores["f1"] = _f1(scores["precision"], scores["recall"])
    scores |= {f"recall_{kind}": right_gold[kind] / gold[kind] for kind in sorted(gold)}
    return scores


def _overlap(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


if __name__ == "__main__":
    scores = evaluate(sorted(CORPUS.glob("*/*.xml")), show_errors="--errors" in sys.argv)
    for name, score in scores.items():
        print(f"{name:15} {score:.3f}" if isinstance(score, float) else f"{name:15} {score}")
