"""Glued words are split without wordsegment's model unless a word may be glued (`repair._may_be_glued`)."""

from __future__ import annotations

import pytest

from crisisledger import repair


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """wordsegment's model cannot be loaded: what still works did not need it."""

    def refuse() -> None:
        raise AssertionError("wordsegment's model was loaded")

    repair._split.cache_clear()
    monkeypatch.setattr(repair, "_wordsegment", refuse)
    yield
    repair._split.cache_clear()


@pytest.mark.parametrize(
    "text",
    [
        "Their forces attacked the depot today, another official said.",
        "Rescuers worked through the night; thousands were without power.",
        "The ministry confirmed the figures on Thursday morning.",
    ],
)
def test_ordinary_words_need_no_model(no_model, text: str) -> None:
    assert repair.repair(text).text == text


@pytest.mark.parametrize(("word", "parts"), [("ofthe", ("of", "the")), ("intothe", ("into", "the"))])
def test_glued_articles_need_no_model(no_model, word: str, parts: tuple[str, ...]) -> None:
    assert repair._split(word) == parts


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("thespeech", ("the", "speech")),
        ("byincrease", ("by", "increase")),
        ("inthecity", ("in", "the", "city")),
        ("ministryof", ("ministry", "of")),
    ],
)
def test_glued_words_may_be_glued_and_are_split(word: str, parts: tuple[str, ...]) -> None:
    assert repair._may_be_glued(word)
    assert repair._split(word) == parts


@pytest.mark.parametrize("word", ["their", "thereby", "koszhanov", "behave", "attack"])
def test_words_that_are_not_split(word: str) -> None:
    assert repair._split(word) is None
