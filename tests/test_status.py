"""Denials, withdrawals and disputes attach to the figure they are about (sentences written for the tests)."""

from datetime import date

import pytest

pytestmark = pytest.mark.model


def changes_of(extraction):
    by_id = {f.id: f for f in extraction.figures}
    return [(by_id[c.figure_id].min, c.status, c.by) for c in extraction.status_changes]


def test_denial_of_a_figure_in_its_own_sentence(analyse_text):
    extraction = analyse_text(
        "The Health Ministry on Monday denied that 164 people were killed in Almaty, a figure the city "
        "administration had posted on Sunday."
    )
    (figure,) = extraction.figures
    assert figure.claimant == "city administration"
    assert changes_of(extraction) == [(164, "denied", "Ministry of Health")]
    assert figure.status == "denied"


def test_denial_that_refers_back_prefers_the_figure_citing_the_denier(analyse_text):
    extraction = analyse_text(
        "Police said 300 people were detained in Aktau. State television, citing the Health Ministry, "
        "reported that 40 people were killed in Aktau.\n\n"
        '"We do not confirm this information", the Health Ministry said.'
    )
    assert changes_of(extraction) == [(40, "denied", "Ministry of Health")]
    status = {f.min: f.status for f in extraction.figures}
    assert status == {300: "asserted", 40: "denied"}


def test_denial_names_the_kind_it_denies(analyse_text):
    extraction = analyse_text(
        "State television said 30 people were killed in Taraz and 200 were detained. "
        "The Health Ministry denied the death toll."
    )
    assert changes_of(extraction) == [(30, "denied", "Ministry of Health")]


def test_withdrawal_by_the_channel_that_posted_it(analyse_text):
    extraction = analyse_text(
        "The Emergency Committee posted on Telegram that 52 people had been evacuated from Uralsk. "
        "The post was later deleted from the channel of the Emergency Committee."
    )
    assert changes_of(extraction) == [(52, "withdrawn", "Emergency Committee")]
    assert extraction.figures[0].status == "withdrawn"


def test_denial_then_withdrawal_leaves_the_figure_withdrawn(analyse_text):
    extraction = analyse_text(
        "The regional headquarters reported, citing the Health Ministry, that 90 people had died in Taraz. "
        '"We do not confirm this information", the Health Ministry said. '
        "The news with the death toll was removed from the channel of the regional headquarters."
    )
    assert changes_of(extraction) == [
        (90, "denied", "Ministry of Health"),
        (90, "withdrawn", "regional headquarters"),
    ]
    assert extraction.figures[0].status == "withdrawn"


def test_denial_of_one_claimant_leaves_the_other_standing(analyse_text):
    extraction = analyse_text(
        "Activists said 50 people were killed in Zhanaozen. Police said 12 people were detained there. "
        "Police denied the death toll."
    )
    status = {f.min: f.status for f in extraction.figures}
    assert status == {50: "denied", 12: "asserted"}


def test_dispute(analyse_text):
    extraction = analyse_text("Officials said 20 people were killed in Almaty. Rights groups disputed the death toll.")
    assert changes_of(extraction) == [(20, "disputed", "Rights groups")]


def test_no_change_without_a_cue(analyse_text):
    extraction = analyse_text("Officials said 20 people were killed in Almaty. Rights groups confirmed the toll.")
    assert extraction.status_changes == ()
    assert extraction.figures[0].status == "asserted"


def test_a_deleted_post_withdraws_the_figure_it_carried(analyse_text):
    extraction = analyse_text(
        "The city administration posted that 75 people had been evacuated from Uralsk. The post was later deleted."
    )
    assert changes_of(extraction) == [(75, "withdrawn", "city administration")]


def test_removal_of_something_else_is_no_withdrawal(analyse_text):
    extraction = analyse_text("Police said 40 people were detained in Aktau. Workers removed the barricades.")
    assert extraction.status_changes == ()


def test_a_claimant_calling_its_own_figure_an_error_withdraws_it(analyse_text):
    extraction = analyse_text(
        "On Sunday the Ministry of Information reported 164 deaths in Kazakhstan on its Telegram channel. "
        "On Monday the Ministry of Information called the figure a technical error."
    )
    assert changes_of(extraction) == [(164, "withdrawn", "Ministry of Information and Social Development")]


def test_a_figure_revised_in_the_same_sentence(analyse_text):
    extraction = analyse_text(
        "The army said 1,200 people were killed in the attack on Sderot, a figure later revised down to about 1,140."
    )
    assert changes_of(extraction) == [(1200, "revised", "army")]
    assert {f.min: f.status for f in extraction.figures} == {1200: "revised", 1140: "asserted"}


def test_a_claimant_saying_its_own_figure_was_incorrect_withdraws_it(analyse_text):
    extraction = analyse_text(
        "Earlier on Tuesday, the Libyan Red Crescent put the death toll in Derna at 2,300, "
        "but later said that figure was incorrect.",
        published=date(2023, 9, 13),
    )
    assert changes_of(extraction) == [(2300, "withdrawn", "Libyan Red Crescent")]
