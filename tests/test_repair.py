"""Text repair: each step on small examples written for the test, the map back to the original, the seed."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisledger.repair import Repaired, repair

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_95742a9c64edf293.txt"

_PLAIN = str.maketrans({mark: '"' for mark in "“”„‟«»″"} | {mark: "'" for mark in "‘’‚‛"})


def _comparable(text: str) -> str:
    """What repair keeps of a text once spaces and quote shapes are set aside."""
    return re.sub(r"\s+", "", text.translate(_PLAIN))


def _maps_back(repaired: Repaired, start: int, end: int) -> str:
    original_start, original_end = repaired.to_original(start, end)
    return repaired.original[original_start:original_end]


# 1. Encoding glitches ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CafÃ© in Almaty", "Café in Almaty"),  # UTF-8 read as cp1252
        ("â€œCurfewâ€\x9d until dawn", '"Curfew" until dawn'),  # mojibake quotes, then made plain
        ("the ﬁrst convoy", "the first convoy"),  # ligature
        ("AT&amp;T staff", "AT&T staff"),  # HTML entity
        ("ｔｗｅｌｖｅ people", "twelve people"),  # full-width letters
        ("Cafe\u0301 owners", "Café owners"),  # NFC
        ("a line\r\nthen another", "a line\nthen another"),
    ],
)
def test_fix_encoding(text: str, expected: str) -> None:
    assert repair(text).text == expected


@pytest.mark.parametrize(
    ("text", "word", "original"),
    [
        ("CafÃ© in Almaty", "Café", "CafÃ©"),
        ("CafÃ© in Almaty", "Almaty", "Almaty"),
        ("the ﬁrst convoy", "first", "ﬁrst"),
        ("ok â€œCurfewâ€\x9d until dawn", "Curfew", "Curfew"),
        ("ok â€œCurfewâ€\x9d until dawn", "dawn", "dawn"),
    ],
)
def test_fixed_word_maps_back(text: str, word: str, original: str) -> None:
    repaired = repair(text)
    start = repaired.text.index(word)
    assert _maps_back(repaired, start, start + len(word)) == original


# 2. Quotation marks --------------------------------------------------------------------------------------


@pytest.mark.parametrize("mark", list('“”„‟«»″"'))
def test_double_quote_marks_become_plain(mark: str) -> None:
    assert repair(f"x {mark}y").text == 'x "y'


@pytest.mark.parametrize("mark", list("‘’‚‛"))
def test_single_quote_marks_become_plain(mark: str) -> None:
    assert repair(f"the {mark}purge{mark} went on").text == "the 'purge' went on"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a closing mark written as an opening one, with a space before it
        (
            "“By noon, 40 people were held at the station “, says a statement.",
            '"By noon, 40 people were held at the station", says a statement.',
        ),
        # a quote glued to the word before it, and spaces on the wrong side
        ("They met “ strong resistance ” there.", 'They met "strong resistance" there.'),
        ("the region is facing” pressure from abroad “.", 'the region is facing "pressure from abroad".'),
        ("evidence of “hired gunmen“in the square", 'evidence of "hired gunmen" in the square'),
        # a closing quote followed by an opening one
        ("it was” almost over. “” The crowd moved on“.", 'it was "almost over." "The crowd moved on".'),
        ("as «planned», he said:«no delay»", 'as "planned", he said: "no delay"'),
        # quotes pair within a paragraph, never across a blank line
        ("a “b\n\nc” d", 'a "b\n\nc" d'),
        ("“one “, two\n\n“three “, four", '"one", two\n\n"three", four'),
        # an odd count: the last quote is made plain but its spaces stay
        ("“one “ and “ two", '"one" and " two'),
        # a line break is not a space to delete
        ("“first\n“ second", '"first\n" second'),
    ],
)
def test_quote_spacing(text: str, expected: str) -> None:
    assert repair(text).text == expected


# 3. Words glued together ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thespeech", "the speech"),
        ("byincrease", "by increase"),
        ("hisfamily", "his family"),
        ("wasarrested", "was arrested"),
        ("theirhomes", "their homes"),
        ("withpolice", "with police"),
        ("ofthe", "of the"),
        ("inthecity", "in the city"),
        ("anarmed", "an armed"),
        ("the mayor gave thespeech today", "the mayor gave the speech today"),
    ],
)
def test_glued_words_split(text: str, expected: str) -> None:
    assert repair(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        # real words, even those wordsegment alone would cut ("be have", "be an")
        "nowhere",
        "therapist",
        "together",
        "somewhere",
        "notwithstanding",
        "behave",
        "bean",
        "another",
        "within",
        # names, capitalised or not, and words wordsegment has not seen
        "Koszhanov",
        "Qazaqstan",
        "koszhanov",
        "tokayev",
        "akimat",
        "Thespeech",
        "THESPEECH",
        # digits, addresses
        "thespeech2",
        "https://example.org/thespeech",
        "www.thespeech.example",
        "thespeech@example.org",
        "example.org/byincrease",
        # too short to judge
        "ofa",
    ],
)
def test_not_split(text: str) -> None:
    assert repair(text).text == text


# The map ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "the mayor gave thespeech “ today “, they said.",
        "CafÃ© owners, “ twelve “in all, byincrease of rent",
        "«ok»\n\n“ no “” yes ”",
    ],
)
def test_each_word_maps_back_to_itself(text: str) -> None:
    repaired = repair(text)
    for word in re.finditer(r"\w+", repaired.text):
        original = _maps_back(repaired, *word.span())
        assert original == word.group() or (word.group(), original) == ("Café", "CafÃ©")


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("thespeech", (0, 10), (0, 9)),  # the whole text
        ("thespeech", (0, 3), (0, 3)),  # "the"
        ("thespeech", (0, 4), (0, 3)),  # "the " ends inside the inserted space
        ("thespeech", (3, 4), (3, 3)),  # only the inserted space: empty
        ("thespeech", (4, 10), (3, 9)),  # "speech"
        ("“ a “", (0, 3), (0, 5)),  # '"a"' covers the deleted spaces inside it
        ("“ a “", (1, 2), (2, 3)),  # "a" leaves the deleted spaces out
        ("“ a “", (2, 2), (4, 4)),  # an empty span stays empty, past the deleted space
        ("thespeech", (-5, 99), (0, 9)),  # out of range: clamped
        ("thespeech", (6, 2), (5, 5)),  # end before start: empty, at the start
    ],
)
def test_to_original(text: str, span: tuple[int, int], expected: tuple[int, int]) -> None:
    assert repair(text).to_original(*span) == expected


def test_unchanged_text_maps_to_itself() -> None:
    text = "Nothing to repair here."
    repaired = repair(text)
    assert repaired.text == text
    assert repaired.segments == ()
    assert repaired.to_original(8, 14) == (8, 14)


_PIECES = [
    "the",
    "speech",
    "thespeech",
    "byincrease",
    "police",
    "Almaty",
    "12",
    ",",
    ".",
    " ",
    "  ",
    "\n",
    "\n\n",
    *'“”„«»‘’"',
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.randoms(use_true_random=False))
def test_spans_correspond(pieces: list[str], rng: random.Random) -> None:
    """Any span of the repaired text is the text of the span it maps to, spaces and quote shapes aside."""
    original = "".join(pieces)
    repaired = repair(original)
    for _ in range(20):
        start = rng.randint(0, len(repaired.text))
        end = rng.randint(start, len(repaired.text))
        assert _comparable(repaired.text[start:end]) == _comparable(_maps_back(repaired, start, end))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.randoms(use_true_random=False))
def test_never_raises_and_spans_stay_inside(text: str, rng: random.Random) -> None:
    repaired = repair(text)
    assert repaired.original == text
    for _ in range(20):
        start = rng.randint(-2, len(repaired.text) + 2)
        end = rng.randint(-2, len(repaired.text) + 2)
        original_start, original_end = repaired.to_original(start, end)
        assert 0 <= original_start <= original_end <= len(text)


# The seed -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Repaired:
    if not SEED.exists():
        pytest.skip(f"the seed report is not at {SEED}")
    return repair(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "expected",
    [
        '"As of January 10, 7,989 people are detained by the organs of the (ministry) of the Interior", reads a note',
        "the speech by",
        "by increase",
    ],
)
def test_seed_repaired(seed: Repaired, expected: str) -> None:
    assert expected in seed.text


@pytest.mark.parametrize("unwanted", ["thespeech", "byincrease", "“", "”", '" ,', 'terrorists"in'])
def test_seed_glitches_gone(seed: Repaired, unwanted: str) -> None:
    assert unwanted not in seed.text


def test_seed_words_map_back(seed: Repaired) -> None:
    for word in re.finditer(r"\w+", seed.text):
        assert _maps_back(seed, *word.span()) == word.group()
