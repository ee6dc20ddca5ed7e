"""Quotes and reported speech, with speakers and stances (sentences written for the tests)."""

import pytest

pytestmark = pytest.mark.model


def said(extraction):
    return [(s.speaker, s.stance, s.direct, s.text) for s in extraction.statements]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"The city is calm again", the mayor of Almaty said.',
            [("mayor of Almaty", "asserts", True, "The city is calm again")],
        ),
        (
            '"We do not confirm this information", the Health Ministry said.',
            [("Ministry of Health", "denies", True, "We do not confirm this information")],
        ),
        (
            '"We will never shoot peaceful demonstrators", assured President Kassym-Jomart Tokayev.',
            [("Kassym-Jomart Tokayev", "promises", True, "We will never shoot peaceful demonstrators")],
        ),
        (
            '"Twenty detainees were released on Friday", reads a statement from the Interior Ministry.',
            [("Ministry of Internal Affairs", "asserts", True, "Twenty detainees were released on Friday")],
        ),
    ],
)
def test_direct_quotes(analyse_text, text, expected):
    assert said(analyse_text(text)) == expected


def test_curly_and_mismatched_quote_marks_still_pair(analyse_text):
    text = "\u201cThe banks do not work and there is no cash \u201c, the analyst Aigerim Nurova said."
    assert said(analyse_text(text)) == [
        ("Aigerim Nurova", "asserts", True, "The banks do not work and there is no cash")
    ]


def test_an_interview_continues_the_last_speaker(analyse_text):
    extraction = analyse_text(
        'Aigerim Nurova, an analyst, spoke from Almaty. "The army has closed the roads into the city", she said.\n\n'
        '"Nobody may leave without a permit and the shops are empty", Nurova continues. '
        '"People are afraid to go outside after dark in the city."'
    )
    speakers = [s.speaker for s in extraction.statements if s.direct]
    assert speakers == ["Aigerim Nurova"] * 3


def test_pronoun_and_title_speakers_resolve(analyse_text):
    extraction = analyse_text(
        "President Kassym-Jomart Tokayev addressed the nation on Friday. "
        "The president said that the operation would end soon. He warned that looters would be punished."
    )
    assert [(s.speaker, s.stance) for s in extraction.statements] == [
        ("Kassym-Jomart Tokayev", "asserts"),
        ("Kassym-Jomart Tokayev", "warns"),
    ]


def test_scare_quotes_in_the_reports_voice_are_not_statements(analyse_text):
    extraction = analyse_text('The authorities blamed unspecified "terrorists" for the violence in Almaty.')
    assert extraction.statements == ()


def test_reported_denial(analyse_text):
    extraction = analyse_text("The Health Ministry denied that 164 people were killed in Almaty.")
    assert said(extraction) == [("Ministry of Health", "denies", False, "that 164 people were killed in Almaty")]


def test_a_quote_before_its_speaker_is_named_takes_the_speaker_named_next(analyse_text):
    extraction = analyse_text(
        'Life in Aktau "has stopped, nobody goes out after dark".\n\n'
        "Speaking by phone is Aigerim Nurova, a teacher in the city.\n\n"
        '"The shops are closed and the roads are blocked", she said.'
    )
    assert [s.speaker for s in extraction.statements if s.direct] == ["Aigerim Nurova", "Aigerim Nurova"]
