"""Figure rules for the wording of real news (issue 8), each on sentences written for the test.

The classes come from errors seen on news written by others: wire copy, broadcasters, NGO releases. No
sentence here is taken from a source; the places and people are made up or used only as names.
"""

from __future__ import annotations

from datetime import date

import pytest
from test_figures import summary

pytestmark = pytest.mark.model


def figures_of(extraction) -> list[dict]:
    return sorted((summary(f) for f in extraction.figures), key=lambda s: (s["kind"], s["min"] or -1, s["max"] or -1))


def values(extraction) -> list[tuple]:
    return sorted((f.kind, f.min, f.max) for f in extraction.figures)


# Who claims it ------------------------------------------------------------------------------------------


def test_an_unattributed_figure_is_the_outlets_claim(analyse_text):
    extraction = analyse_text("Nine people died when a ferry capsized off Port Lumen.", outlet="Harbour Herald")
    assert [f["claimant"] for f in figures_of(extraction)] == ["Harbour Herald"]


def test_without_an_outlet_an_unattributed_figure_has_no_claimant(analyse_text):
    extraction = analyse_text("Nine people died when a ferry capsized off Port Lumen.")
    assert [f["claimant"] for f in figures_of(extraction)] == [None]


@pytest.mark.parametrize(
    "text",
    [
        "The storm reportedly killed eleven people in the valley.",
        "Eleven people were reported killed in the valley on Friday.",
        "Reports said eleven people were killed in the valley.",
        "By one report, eleven people were killed in the valley.",
    ],
)
def test_hearsay_is_the_outlets_claim_citing_reports(analyse_text, text):
    (found,) = figures_of(analyse_text(text, outlet="Valley Courier"))
    assert (found["kind"], found["min"], found["claimant"]) == ("killed", 11, "Valley Courier")
    assert found["cited_source"] in ("reports", "one report")


def test_a_named_reporter_is_no_hearsay(analyse_text):
    (found,) = figures_of(analyse_text("Eleven people were killed, the Red Crescent reported.", outlet="Courier"))
    assert found["claimant"] == "Red Crescent" and found["cited_source"] is None


# How sure -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "approximate"),
    [
        ("About 40 people were injured in the blast.", True),
        ("At least 40 people were injured in the blast.", False),
        ("Dozens of people were injured in the blast.", False),
    ],
)
def test_only_a_hedged_number_is_approximate(analyse_text, text, approximate):
    (found,) = figures_of(analyse_text(text, published=date(2023, 5, 2)))
    assert found["approximate"] is approximate
