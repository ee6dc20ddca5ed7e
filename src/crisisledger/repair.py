"""Text repair before language analysis, with a map from the repaired text back to the original.

Reports reach us mis-decoded (mojibake), with machine-translated quotation marks and words glued together.
spaCy reads much better after a repair, but every record must point into the text exactly as it was read
(see `records.Evidence`). So each repair step only yields edits, and the edits of all steps are composed
into one sparse map: `Repaired.to_original()` turns a span of the repaired text into a span of the original.

The map is a sorted list of *segments* `(start, end, original_start, original_end)`: regions where the two
texts differ. Between segments the texts are equal and only shifted, so one bisect finds any offset; the map
stays small however long the text is (inputs can be 2 MB).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import ftfy

from .patterns import INDEX_FORMAT, read_index

__all__ = ["Repaired", "repair"]

#: A change to a text: replace text[start:end] by the string.
Edit = tuple[int, int, str]
#: A region where two texts differ: (start, end) in the newer text, (start, end) in the older one.
Segment = tuple[int, int, int, int]


@dataclass(frozen=True)
class Repaired:
    """The repaired text spaCy will see, and the way back to the original."""

    text: str
    original: str = field(repr=False)
    segments: tuple[Segment, ...] = field(default=(), repr=False)
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(segment[0] for segment in self.segments))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The [start, end) span of the original text that `text[start:end]` was repaired from.

        A span that starts or ends inside a changed region widens to cover all of it; text deleted at the
        edges of the span (a space dropped after a quote) stays outside it.
        """
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start), len(self.text))
        original_start, original_end = self._map_start(start), self._map_end(end)
        return original_start, max(original_start, original_end)

    def _map_start(self, position: int) -> int:
        i = bisect_right(self._starts, position) - 1  # the last segment starting at or before position
        if i < 0:
            return position
        start, end, original_start, original_end = self.segments[i]
        return original_start if position < end else position - end + original_end

    def _map_end(self, position: int) -> int:
        i = bisect_left(self._starts, position) - 1  # the last segment starting before position
        if i < 0:
            return position
        start, end, original_start, original_end = self.segments[i]
        return original_end if position <= end else position - end + original_end


def repair(text: str) -> Repaired:
    """Repair `text` for language analysis: encoding glitches, quotation marks, words glued together."""
    current = text
    segments: list[Segment] = []  # from `current` back to `text`
    for step in STEPS:
        edits = step(current)
        if edits:
            current, upper = _apply(current, edits)
            segments = _compose(upper, segments)
    return Repaired(text=current, original=text, segments=tuple(segments))


# 1. Encoding glitches ------------------------------------------------------------------------------------

# Quotes are left curled: step 2 decides about them with the paragraph in view, which ftfy cannot.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)
#: Lines longer than this go to ftfy in pieces cut at spaces, to keep each alignment small.
_PIECE = 4_000
#: Above this many characters, a changed stretch is one edit: SequenceMatcher is quadratic.
_MAX_ALIGN = 2_000
_TOKEN = re.compile(r"\s+|\S+")


def fix_encoding(text: str) -> list[Edit]:
    """Mojibake, HTML entities, ligatures, control characters... as ftfy fixes them, line by line."""
    edits: list[Edit] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        for start, piece in _pieces(line):
            fixed = ftfy.fix_text(piece, config=_FTFY_CONFIG)
            if fixed != piece:
                edits.extend((offset + start + i, offset + start + j, new) for i, j, new in _align(piece, fixed))
        offset += len(line)
    return edits


def _pieces(line: str) -> Iterable[tuple[int, str]]:
    start = 0
    while len(line) - start > _PIECE:
        # Cut after a space that follows an ASCII character: mojibake never spans such a space.
        cut = start + _PIECE
        space = line.rfind(" ", start + _PIECE // 2, cut)
        while space > start and not line[space - 1].isascii():
            space = line.rfind(" ", start + _PIECE // 2, space)
        cut = space + 1 if space > start else cut
        yield start, line[start:cut]
        start = cut
    yield start, line[start:]


def _align(old: str, new: str) -> Iterable[Edit]:
    """Edits that turn `old` into `new`: words aligned first, then the characters of the words that differ."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    old_at, new_at = _offsets(old_tokens), _offsets(new_tokens)
    for i1, i2, j1, j2 in _differing_runs(old_tokens, new_tokens):
        start, end = old_at[i1], old_at[i2]
        old_part, new_part = old[start:end], new[new_at[j1] : new_at[j2]]
        if len(old_part) + len(new_part) > _MAX_ALIGN:
            yield start, end, new_part
            continue
        for tag, k1, k2, l1, l2 in SequenceMatcher(None, old_part, new_part, autojunk=False).get_opcodes():
            if tag != "equal":
                yield start + k1, start + k2, new_part[l1:l2]


def _differing_runs(old: list[str], new: list[str], window: int = 8) -> Iterator[tuple[int, int, int, int]]:
    """Runs `old[i1:i2]` that became `new[j1:j2]`, found by walking both lists and resyncing nearby.

    ftfy's changes are local, so the lists agree again within a few words; SequenceMatcher would find the
    same runs but takes quadratic time on long lines of repeated words.
    """
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            i, j = i + 1, j + 1
            continue
        resync = next(
            (
                (i + a, j + total - a)
                for total in range(1, 2 * window + 1)
                for a in range(max(0, total - window), min(total, window) + 1)
                if _agree(old, new, i + a, j + total - a)
            ),
            None,
        )
        if resync is None:
            break
        yield i, resync[0], j, resync[1]
        i, j = resync
    if i < len(old) or j < len(new):
        yield i, len(old), j, len(new)


def _agree(old: list[str], new: list[str], i: int, j: int) -> bool:
    """Both lists go on alike from i and j: two tokens equal, or both at their ends."""
    if i >= len(old) or j >= len(new):
        return i >= len(old) and j >= len(new)
    return old[i] == new[j] and old[i + 1 : i + 2] == new[j + 1 : j + 2]


def _offsets(tokens: list[str]) -> list[int]:
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


# 2. Quotation marks --------------------------------------------------------------------------------------

_QUOTE_MARKS = re.compile("[“”„‟«»″‘’‚‛]")
_PLAIN_QUOTE = {mark: '"' for mark in "“”„‟«»″"} | {mark: "'" for mark in "‘’‚‛"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_INLINE_SPACE = " \t\u00a0"
#: An opening quote glued to one of these gets a space before it: `said:"We` -> `said: "We`.
_GLUE_BEFORE_OPENING = ".,;:!?"


def normalise_quote_marks(text: str) -> list[Edit]:
    """Every double quotation mark becomes `"`, every single one `'`."""
    return [(m.start(), m.end(), _PLAIN_QUOTE[m.group()]) for m in _QUOTE_MARKS.finditer(text)]


def space_quotes(text: str) -> list[Edit]:
    """Pair the `"` of each paragraph in order and put the spaces where a closing or opening quote wants them.

    Machine translation writes a closing mark as an opening one with a space before it (`police “,`), and
    glues quotes to the wrong word (`facing” aggression`); the order of the marks is all that is left to
    go by. A paragraph with an odd number of quotes keeps the spaces around its last, unpaired one.
    """
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    by_paragraph: dict[int, list[int]] = {}
    for m in re.finditer('"', text):
        by_paragraph.setdefault(bisect_right(breaks, m.start()), []).append(m.start())

    deletions: list[tuple[int, int]] = []
    insertions: set[int] = set()
    for quotes in by_paragraph.values():
        closing = set(quotes[1 : len(quotes) - len(quotes) % 2 : 2])
        for opening in quotes[0 : len(quotes) - 1 : 2]:
            after = _skip_inline_space(text, opening + 1)
            if after > opening + 1 and after < len(text) and text[after] not in "\r\n":
                deletions.append((opening + 1, after))
            if opening > 0 and (
                text[opening - 1].isalpha() or text[opening - 1] in _GLUE_BEFORE_OPENING or opening - 1 in closing
            ):
                insertions.add(opening)
        for close in closing:
            before = close
            while before > 0 and text[before - 1] in _INLINE_SPACE:
                before -= 1
            if before < close and before > 0 and text[before - 1] not in "\r\n":
                deletions.append((before, close))
            if close + 1 < len(text) and text[close + 1].isalpha():
                insertions.add(close + 1)
    # The spaces between an opening and a closing quote can be claimed by both: delete them once.
    return [(start, end, "") for start, end in _union(deletions)] + [(at, at, " ") for at in insertions]


def _skip_inline_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in _INLINE_SPACE:
        position += 1
    return position


def _union(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# 3. Words glued together ---------------------------------------------------------------------------------

# wordsegment alone is not enough: it segments *any* string it is given, so it cuts rare words and names it
# has not seen ("koszhanov" -> "kos zha nov") and even real words when two short words score higher
# ("behave" -> "be have", "bean" -> "be an"). Machine translation glues a function word to its neighbour
# ("thespeech", "byincrease"), so a split is taken only when it has that shape and every part is common.

_LOWERCASE_WORD = re.compile(r"\b[a-z]{5,30}\b")
#: Words that lead a glued pair. Not "a", "an", "in", "on", "as": they also begin real words and names.
_LEADING = frozenset(
    {"the", "of", "by", "to", "for", "and", "with", "from", "at", "was", "that", "this", "his", "their", "its"}
)
#: Before "the" in three glued words ("inthecity"), these lead too: "inthe..." begins no real word.
_LEADING_BEFORE_THE = _LEADING | {"in", "on", "as", "is"}
#: Words that end a glued pair. Not "a", "in", "on", "is", "as", "her"...: names end that way ("Ertis").
_TRAILING = frozenset({"the", "of", "for", "and", "with", "from", "that", "this", "their"})
_COMMON = 1e6  # occurrences in wordsegment's corpus of about 1e12 words
#: Web typos common enough to be in wordsegment's vocabulary, yet no English word: "ofthe", "tothe"...
_GLUED_ARTICLE = re.compile(r"(of|in|on|by|to|for|and|with|at|from|as|is|was|that|into)(the)")
#: Whitespace-free chunks that are addresses, where nothing is split.
_ADDRESS = re.compile(r"://|www\.|@|/|\w\.\w")


def split_glued_words(text: str) -> list[Edit]:
    """A space inserted inside each lowercase word that is confidently two (or three) words glued together."""
    edits: list[Edit] = []
    for m in _LOWERCASE_WORD.finditer(text):
        parts = _split(m.group())
        if parts is None or _in_address(text, m.start(), m.end()):
            continue
        at = m.start()
        for part in parts[:-1]:
            at += len(part)
            edits.append((at, at, " "))
    return edits


@lru_cache(maxsize=65_536)
def _split(word: str) -> tuple[str, ...] | None:
    if not _may_be_glued(word):
        return None  # most words: no need to load wordsegment's model (about 0.5 s and 50 MB) to know it
    # a real word is never split; the index holds every word of wordsegment's vocabulary that gets this far
    if word in _glued_index().real_words:
        glued = _GLUED_ARTICLE.fullmatch(word)
        return glued.groups() if glued else None
    wordsegment = _wordsegment()
    unigrams = wordsegment.UNIGRAMS
    parts = tuple(wordsegment.segment(word))
    if "".join(parts) != word:
        return None
    if len(parts) == 2 and parts[0] in _LEADING:
        content = parts[1]
    elif len(parts) == 2 and parts[1] in _TRAILING:
        content = parts[0]
    elif len(parts) == 2 and parts[0] == "an" and parts[1][0] in "aeiou":
        content = parts[1]
    elif len(parts) == 3 and parts[1] == "the" and parts[0] in _LEADING_BEFORE_THE:
        content = parts[2]  # "inthecity"
    else:
        return None
    if content in _LEADING or content in _TRAILING:
        return parts
    shortest = 3 if "the" in parts else 4  # "thewar", but not "tomash" or "atrun"
    if len(content) < shortest or unigrams.get(content, 0) < _COMMON:
        return None
    return parts


@cache
def _wordsegment():  # type: ignore[no-untyped-def]
    import wordsegment

    wordsegment.load()  # about 0.5 s and 50 MB: only when a text has a word that may be glued
    return wordsegment


def _may_be_glued(word: str, common: frozenset[str] | None = None) -> bool:
    """Whether `_split` could split `word`: it has one of the shapes `_split` takes, and the content word it
    would leave is common enough (or a function word). Exact: a word this rejects, `_split` never splits; the
    test is a prefix or suffix and a set lookup, without wordsegment's model."""
    if _GLUED_ARTICLE.fullmatch(word):
        return True
    common = _glued_index().common if common is None else common

    def content(rest: str, the: bool) -> bool:
        if rest in _LEADING or rest in _TRAILING:
            return True
        return len(rest) >= (3 if the or rest == "the" else 4) and rest in common

    for lead in _LEADING_BEFORE_THE | {"an"}:
        if not word.startswith(lead):
            continue
        rest = word[len(lead) :]
        if lead in _LEADING and content(rest, lead == "the"):
            return True
        if lead == "an" and rest[:1] in tuple("aeiou") and content(rest, False):
            return True
        if rest.startswith("the") and content(rest[3:], True):
            return True
    return any(word.endswith(trail) and content(word[: -len(trail)], trail == "the") for trail in _TRAILING)


@dataclass(frozen=True)
class _GluedIndex:
    common: frozenset[str]  # words of wordsegment's vocabulary seen `_COMMON` times or more
    real_words: frozenset[str]  # words of its vocabulary that `_may_be_glued` lets through


#: wordsegment's vocabulary as far as `_may_be_glued` and `_split` need it, shipped with the package (built
#: by scripts/build_gazetteer.py; a test checks it against the installed wordsegment).
GLUED_INDEX = Path(__file__).resolve().parent / "patterns" / "glued_words.json.gz"


@cache
def _glued_index() -> _GluedIndex:
    data = read_index(GLUED_INDEX)
    return _GluedIndex(frozenset(data["common"]), frozenset(data["real_words"]))


def collect_glued_index() -> dict[str, Any]:
    """`GLUED_INDEX`'s content, from the installed wordsegment: the common words (`_COMMON`), then the words of
    its vocabulary that may be glued by shape and common content, which are real words and never split."""
    from importlib import metadata, resources

    counts: dict[str, float] = {}
    with resources.files("wordsegment").joinpath("unigrams.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, _, count = line.partition("\t")
            counts[word] = float(count)
    common = sorted(w for w, count in counts.items() if count >= _COMMON and 3 <= len(w) <= 30 and w.isalpha())
    frozen = frozenset(common)
    real = sorted(w for w in counts if _LOWERCASE_WORD.fullmatch(w) and _may_be_glued(w, frozen))
    return {
        "format": INDEX_FORMAT,
        "sources": {"wordsegment": metadata.version("wordsegment")},
        "common": common,
        "real_words": real,
    }


def _in_address(text: str, start: int, end: int) -> bool:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return _ADDRESS.search(text, start, end) is not None


#: The repair steps, in order; each sees the text as the previous ones left it.
STEPS: Sequence[Callable[[str], list[Edit]]] = (
    fix_encoding,
    normalise_quote_marks,
    space_quotes,
    split_glued_words,
)


# The map ------------------------------------------------------------------------------------------------


def _apply(text: str, edits: Iterable[Edit]) -> tuple[str, list[Segment]]:
    """The edited text, and its segments back to `text`. Edits may touch but not overlap."""
    pieces: list[str] = []
    segments: list[Segment] = []
    position = length = 0
    # Touching edits stay separate segments, so a span can end between a new space and the quote after it.
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        if start < position:
            raise ValueError(f"repair edits overlap at {start} (the previous one ends at {position})")
        if text[start:end] == new:
            continue
        pieces.append(text[position:start])
        length += start - position
        pieces.append(new)
        segments.append((length, length + len(new), start, end))
        length += len(new)
        position = end
    pieces.append(text[position:])
    return "".join(pieces), segments


def _compose(upper: list[Segment], lower: list[Segment]) -> list[Segment]:
    """Segments from text k+1 to text 0, given `upper` (k+1 -> k) and `lower` (k -> 0).

    On the axis of text k, every changed region of either map is an interval; overlapping intervals merge
    into one segment, and the equal runs between them shift by the offsets each map has at that point.
    Intervals that only touch stay apart: a deleted space and the quote before it map back on their own.
    """
    if not lower:
        return upper
    intervals = sorted([(s[2], s[3], 0, s) for s in upper] + [(s[0], s[1], 1, s) for s in lower])
    composed: list[Segment] = []
    upper_shift = lower_shift = 0  # text k minus text k+1, and text 0 minus text k, in the current equal run
    high = -1  # the end of the interval being built, on the axis of text k
    new_start = old_start = 0

    def close() -> None:
        segment = (new_start, high - upper_shift, old_start, high + lower_shift)
        if segment[0] != segment[1] or segment[2] != segment[3]:  # a space inserted, then deleted: no trace
            composed.append(segment)

    for start, end, which, segment in intervals:
        if start >= high:
            if high >= 0:
                close()
            new_start, old_start = start - upper_shift, start + lower_shift
        high = max(high, end)
        if which == 0:
            upper_shift = segment[3] - segment[1]
        else:
            lower_shift = segment[3] - segment[1]
    if high >= 0:
        close()
    return composed
