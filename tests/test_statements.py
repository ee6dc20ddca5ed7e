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


# --- reported speech without quote marks (issue 8) -----------------------------------------------------------


def reported(extraction):
    return [(s.speaker, s.stance, s.cue, s.text) for s in extraction.statements if not s.direct]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The mayor of Aktau said that the road to the airport was closed.",
            ("mayor of Aktau", "asserts", "say", "that the road to the airport was closed"),
        ),
        (
            "The mayor of Aktau said on Monday the road to the airport was closed.",
            ("mayor of Aktau", "asserts", "say", "the road to the airport was closed"),
        ),
        (
            "The road to the airport was closed, the mayor of Aktau said.",
            ("mayor of Aktau", "asserts", "say", "The road to the airport was closed"),
        ),
        (
            "According to the Red Crescent, the convoy reached the town on Friday.",
            ("Red Crescent", "asserts", "according to", "the convoy reached the town on Friday"),
        ),
        (
            "The convoy reached the town on Friday, according to the Red Crescent.",
            ("Red Crescent", "asserts", "according to", "The convoy reached the town on Friday"),
        ),
        (
            "Water supplies, the engineer Ivan Sokolov said, would last another week.",
            ("Ivan Sokolov", "asserts", "say", "Water supplies would last another week"),
        ),
        (
            "The bridge was closed to traffic, stated Governor Ana Ruiz, and ferries were cancelled.",
            ("Governor Ana Ruiz", "asserts", "state", "The bridge was closed to traffic"),
        ),
        (
            # the parser loses the subject behind its description; the description is not what was said
            "Water supplies will last another week, Ivan Sokolov, head of the city water company, told reporters.",
            ("Ivan Sokolov", "asserts", "tell", "Water supplies will last another week"),
        ),
        (
            "The curfew will be lifted next week, officials have said.",
            ("officials", "asserts", "say", "The curfew will be lifted next week"),
        ),
    ],
)
def test_reported_speech_without_quotes(analyse_text, text, expected):
    assert reported(analyse_text(text)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The governor told local radio that the dam was holding.", ("governor", "asserts", "tell")),
        ("The city council announced that schools would reopen on Monday.", ("city council", "asserts", "announce")),
        ("Governor Ana Ruiz stated that the fires were under control.", ("Governor Ana Ruiz", "asserts", "state")),
        ("The minister added that more troops would be sent to the border.", ("minister", "asserts", "add")),
        ("The rebels claimed they had captured the airport.", ("rebels", "asserts", "claim")),
        ("The World Bank estimated that the damage would take years to repair.", ("World Bank", "asserts", "estimate")),
        ("State television reported that the border crossing was closed.", ("State television", "asserts", "report")),
        ("The health agency warned that hospitals were running out of oxygen.", ("health agency", "warns", "warn")),
        ("The mayor insisted the water was safe to drink.", ("mayor", "asserts", "insist")),
        (
            "Ivan Sokolov was arrested on Monday. He claimed to have bought the rifle from a friend.",
            ("Ivan Sokolov", "asserts", "claim"),
        ),
    ],
)
def test_cues_beyond_say(analyse_text, text, expected):
    assert [found[:3] for found in reported(analyse_text(text))] == [expected]


def test_according_to_with_a_count_of_people_is_a_claim_not_a_statement(analyse_text):
    extraction = analyse_text("At least 40 people were injured, according to the Red Crescent.")
    assert extraction.statements == ()
    assert [(f.kind, f.min, f.claimant) for f in extraction.figures] == [("injured", 40, "Red Crescent")]


def test_a_passive_names_no_speaker(analyse_text):
    assert analyse_text("The road was reported closed.").statements == ()
    # who is accused does not claim the count
    extraction = analyse_text("Ivan Sokolov is accused of killing two people in the city.")
    assert [(f.kind, f.min, f.claimant) for f in extraction.figures] == [("killed", 2, None)]


@pytest.mark.parametrize(
    "text",
    [
        'Protesters chanted "Bread and freedom for all of us" outside the parliament.',
        'The festival opened with the film "Quiet Streets of the Old Town" on Friday.',
        "The festival opened with the film 'Quiet Streets of the Old Town' on Friday.",
        'Marchers carried banners reading "We want our jobs back now" through the city.',
        'A song called "Nobody leaves this square tonight" was played at the rally.',
    ],
)
def test_titles_and_slogans_are_no_statements(analyse_text, text):
    assert analyse_text(text).statements == ()


def test_a_title_inside_reported_speech_is_only_part_of_it(analyse_text):
    extraction = analyse_text('The mayor said the documentary "Quiet Streets" had been banned.')
    assert reported(extraction) == [("mayor", "asserts", "say", 'the documentary "Quiet Streets" had been banned')]
    assert [s for s in extraction.statements if s.direct] == []


# --- who speaks: a named body or person -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            # a spokesman speaks for his body, not for the last spokesperson named
            "Anna Petrova, a spokeswoman for the city police, said the square was closed. "
            "A spokesman for the Transport Ministry said trains would run again on Friday.",
            ["Anna Petrova", "Ministry of Transport"],
        ),
        ("An interior ministry spokesman said the roads were open.", ["Ministry of Internal Affairs"]),
        (
            "Human Rights Watch published a report on the crackdown. The group said that the students had been beaten.",
            ["Human Rights Watch"],
        ),
        (
            "Amnesty International, a London-based rights organisation, criticised the arrests. "
            "The rights organisation said the detainees had been beaten.",
            ["Amnesty International"],
        ),
        (
            "Colonel Ivan Petrov commanded the garrison in the north. The army colonel said the rebels had withdrawn.",
            ["Ivan Petrov"],
        ),
        (
            "Anna Li, a senior prosecutor, opened a case on Monday. The senior prosecutor said the suspects would be "
            "charged.",
            ["Anna Li"],
        ),
        (
            # one body under three names
            "The Interior Ministry said the curfew would end. Later the Ministry of Internal Affairs said the roads "
            "were open. The MVD said the checkpoints would stay.",
            ["Ministry of Internal Affairs"] * 3,
        ),
        (
            # a lower-case name of a known body is that body, not the last ministry named
            "The Health Ministry said the hospitals were full. The interior ministry said the roads were open.",
            ["Ministry of Health", "Ministry of Internal Affairs"],
        ),
        (
            "The Emergency Situations Ministry said the dam was holding. The MChS said the water was falling. "
            "The Ministry for Emergency Situations said the roads were open.",
            ["Ministry of Emergency Situations"] * 3,
        ),
        (
            "The Red Crescent said the convoy had arrived. They said the road was open.",
            ["Red Crescent", "Red Crescent"],
        ),
        (
            "The Red Crescent released a statement on Monday. The statement said the convoy had reached the town.",
            ["Red Crescent"],
        ),
        ("One survivor said he left his truck on the bridge.", ["One survivor"]),
    ],
)
def test_speakers_stay_named(analyse_text, text, speakers):
    assert [s.speaker for s in analyse_text(text).statements] == speakers


def test_a_lost_subject_claims_the_figure(analyse_text):
    extraction = analyse_text(
        "Twelve people were killed in the blast, Ivan Sokolov, head of the regional police, told reporters."
    )
    assert [(f.kind, f.min, f.claimant) for f in extraction.figures] == [("killed", 12, "Ivan Sokolov")]
    assert reported(extraction) == [("Ivan Sokolov", "asserts", "tell", "Twelve people were killed in the blast")]


def test_a_quote_after_a_colon_is_the_words_of_the_clause_before_it(analyse_text):
    extraction = analyse_text(
        'On Monday, an official city Telegram channel posted this notice: "Nine people have died in the floods."'
    )
    assert [s.speaker for s in extraction.statements] == ["official city Telegram channel"]
    assert [f.claimant for f in extraction.figures] == ["official city Telegram channel"]
