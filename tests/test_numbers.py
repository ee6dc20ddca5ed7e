import pytest
import spacy

from crisisledger.extract.numbers import quantities


@pytest.fixture(scope="module")
def tokenizer():
    return spacy.blank("en")


def first(tokenizer, text):
    found = list(quantities(tokenizer(text)))
    assert found, f"no quantity in {text!r}"
    q = found[0]
    return q.min, q.max, q.approximate, q.vague


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7,989 people", (7989, 7989, False, False)),
        ("7989 people", (7989, 7989, False, False)),
        ("8 thousand arrests", (8000, 8000, False, False)),
        ("8k marchers", (8000, 8000, False, False)),
        ("1.5 million people", (1500000, 1500000, False, False)),
        ("two hundred people", (200, 200, False, False)),
        ("Two hundred and fifty protesters", (250, 250, False, False)),
        ("twenty-five people", (25, 25, False, False)),
        ("a dozen police", (12, 12, False, False)),
        ("a hundred people", (100, 100, False, False)),
        ("between 10 and 15 thousand people", (10000, 15000, False, False)),
        ("10 to 15 thousand people", (10000, 15000, False, False)),
        ("10-15,000 people", (10000, 15000, False, False)),
        ("from 200 to 300 people", (200, 300, False, False)),
        ("about 8,000 people", (8000, 8000, True, False)),
        ("nearly 10,000 people", (10000, 10000, True, False)),
        ("some 50,000 people", (50000, 50000, True, False)),
        ("more than 1,300 injured", (1300, None, False, False)),
        ("at least 16 officers", (16, None, False, False)),
        ("over 150 killed", (150, None, False, False)),
        ("up to 50 people", (None, 50, False, False)),
        ("fewer than 20 people", (None, 20, False, False)),
        ("5,000 or more people", (5000, None, False, False)),
        ("300 or so people", (300, 300, True, False)),
        ("dozens of deaths", (12, None, False, True)),
        ("hundreds of people", (100, None, False, True)),
        ("scores of protesters", (20, None, False, True)),
        ("thousands of people", (1000, None, False, True)),
        ("tens of thousands of people", (10000, None, False, True)),
        ("hundreds of thousands of people", (100000, None, False, True)),
        ("several thousand residents", (3000, None, False, True)),
        ("a few hundred students", (200, None, False, True)),
    ],
)
def test_reads_numbers(tokenizer, text, expected):
    assert first(tokenizer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "he had received 200 dollars",
        "it costs $5 now",
        "prices rose 40 percent",
        "since 2019",
        "in 2022.",
        "each car can refuel with 20 liters",
        "the number one of the committee",
        "at 10:30 in the morning",
        "Steve Jobs dies aged 56",
        "a 56-year-old man",
    ],
)
def test_skips_what_is_not_a_count(tokenizer, text):
    assert list(quantities(tokenizer(text))) == []
