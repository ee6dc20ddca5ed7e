"""The structures that make reconciliation fast stand exactly for what they replace: the numbered shingles of
`_Shingled` for the shingles of a text, the contradictions found in arrays for those of comparing every pair,
and pausing the garbage collector leaves it as it was."""

import gc
import re
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisledger.reconcile import incidents, lines
from crisisledger.records import Document, Evidence, Figure, Place

_WORDS = ["storm", "surge", "port", "harbour", "flooded", "Storm", "the", "the", "3", "x_y"]


def _reference_shingles(text: str) -> set[tuple[str, ...]]:
    """A text's runs of 5 words, lowercased; a text too short for one is one shingle of all its words."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < 5:
        return {tuple(words)}
    return set(zip(words, words[1:], words[2:], words[3:], words[4:], strict=False))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=14), max_size=8), st.integers(0, 3))
def test_numbered_shingles_stand_one_for_one_for_the_shingles(texts, header):
    """Sizes and overlaps of every pair of reports are those of their shingles (texts of no word, of fewer
    than 5 words, and of repeated words among them); each report's numbers ascend, and its signature has
    the bits of its numbers mod 512 and no other."""
    documents = [
        Document(
            id=f"doc-{n}",
            text="Headline here. " * header + " ".join(words),
            body_start=len("Headline here. ") * header,
        )
        for n, words in enumerate(texts)
    ]
    shingled = incidents._Shingled(documents)
    expected = [_reference_shingles(" ".join(words)) for words in texts]
    found = [shingled.ordered[d.id].tolist() for d in documents]
    for n, numbers in enumerate(found):
        assert numbers == sorted(set(numbers))
        assert len(numbers) == len(expected[n])
        folded = int.from_bytes(shingled.signatures[documents[n].id], "little")
        assert folded == sum(1 << bit for bit in {x % incidents._BITS for x in numbers})
        for m in range(len(found)):
            assert len(set(numbers) & set(found[m])) == len(expected[n] & expected[m])


def test_a_report_of_no_words_is_one_story_with_another():
    """Two reports without words share their one (empty) shingle, as the shingles of a text say."""
    documents = [Document(id="a", text="", outlet="Daily"), Document(id="b", text="...", outlet="Herald")]
    assert incidents.independent_sources(documents) == 1


def test_packed_keys_order_rows_as_their_numbers_do():
    import numpy

    # four runs of 5 numbers: at 0 and 5 (one report), at 10 and 12 (another, of 7 numbers)
    numbers = numpy.array([3, 0, 1, 2, 2, 0, 3, 3, 3, 3, 3, 0, 1, 2, 2, 2], dtype=numpy.int32)
    starts = numpy.zeros(len(numbers) - 4, dtype=bool)
    starts[[0, 5, 10, 11]] = True
    for bits in (2, 20, 40):  # all in one key, two keys, one number per key
        keys = incidents._packed(numbers, starts, bits)
        assert len(keys) == -(-5 // (63 // bits))
        assert incidents._numbered(keys).tolist() == [2, 1, 2, 0]


KZ = Place("Kazakhstan", "KZ", 48.0, 68.0, 1522867, "country")
_CLAIMANTS = ["Ministry of Health", "ministry of health", "Police", "Red Crescent", "Reuters"]


def _claims(specs) -> list[lines.Claim]:
    made = []
    for n, (low, width, who, day, approximate) in enumerate(specs):
        document = Document.from_text(f"Report {n}.", published=date(2023, 3, 1), outlet="Wire")
        high = None if width is None else low + width
        figure = Figure(
            id=f"fig-{n:03d}",
            document_id=document.id,
            kind="killed",
            min=low,
            max=high,
            evidence=Evidence.of(document, 0, 6),
            approximate=approximate,
            as_of=None if day is None else date(2023, 3, 1) + timedelta(days=day),
            place=KZ,
            claimant=_CLAIMANTS[who],
        )
        made.append(lines.Claim(figure, document, _CLAIMANTS[who], False, "asserted"))
    return made


def _contradicted_by_every_pair(standing):
    """Every pair (i, j), i < j, of claims of one day by two claimants whose counts cannot both hold, the first
    pair of each pair of what they say (claimant, min, max) kept."""
    said = [(c.claimant.lower(), c.figure.min, c.figure.max) for c in standing]
    seen, found = set(), []
    for i, a in enumerate(standing):
        for j in range(i + 1, len(standing)):
            b = standing[j]
            if a.figure.as_of is None or a.figure.as_of != b.figure.as_of or said[i][0] == said[j][0]:
                continue
            if a.high < b.low or b.high < a.low:
                pair = frozenset((said[i], said[j]))
                if pair not in seen:
                    seen.add(pair)
                    found.append((i, j))
    return found


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0, 9, 10, 11, 12, 100, 2**60 + 1, 2**60]),  # large ints must not round as floats
            st.sampled_from([None, 0, 1, 5]),
            st.integers(0, len(_CLAIMANTS) - 1),
            st.one_of(st.none(), st.integers(0, 2)),
            st.booleans(),
        ),
        max_size=30,
    )
)
def test_contradictions_by_day_are_those_of_every_pair(specs):
    """Claims compared only with the later claims of their day give the contradictions of comparing every
    pair, in the same order, once per pair of what they say."""
    standing = _claims(specs)
    assert lines._contradicted(standing) == _contradicted_by_every_pair(standing)


def test_contradictions_of_counts_beyond_a_float_are_told_apart():
    """2**60 and 2**60 + 1 are one float; as counts they cannot both be exact, and contradict."""
    standing = _claims([(2**60, 0, 0, 0, False), (2**60 + 1, 0, 2, 0, False)] + [(10, 0, 3, 1, False)] * 40)
    assert lines._contradicted(standing)[:1] == [(0, 1)]


def test_pausing_the_collector_restores_it_after_nested_pauses():
    assert gc.isenabled()
    with lines.collection_paused():
        assert not gc.isenabled()
        with lines.collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer reconciliation still runs
    assert gc.isenabled()
    gc.disable()
    try:
        with lines.collection_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sets(st.integers(0, 2000), max_size=40), st.integers(0, 3)), max_size=14),
    st.sampled_from([1, 7, 1 << 16]),
)
def test_signature_pairs_in_blocks_are_every_pair_the_bound_allows(reports, block):
    """Blocks of any size give the pairs that comparing each pair's signatures gives, in the same order."""
    signatures, sizes = [], []
    for numbers, extra in reports:
        signatures.append(sum(1 << (n % incidents._BITS) for n in numbers).to_bytes(incidents._BITS // 8, "little"))
        sizes.append(len(numbers) + extra)  # a size is at least the bits set; more changes the bound
    expected = []
    for x in range(len(reports)):
        for y in range(x + 1, len(reports)):
            differ = (int.from_bytes(signatures[x], "little") ^ int.from_bytes(signatures[y], "little")).bit_count()
            if differ * (incidents._TD + incidents._TN) <= (sizes[x] + sizes[y]) * (incidents._TD - incidents._TN):
                expected.append((x, y))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(incidents, "_BLOCK", block)
        assert list(incidents._by_signature(signatures, sizes)) == expected


def test_claims_given_a_shared_status_keep_every_field_of_claim():
    """_with_shared_status makes each Claim anew, naming its fields: a field added to Claim must be named there."""
    import inspect
    from dataclasses import fields

    source = inspect.getsource(lines._with_shared_status)
    assert all(f"{field.name}=" in source for field in fields(lines.Claim))


def test_incidents_that_compare_no_words_load_no_numpy():
    """A store whose incidents each come from one outlet compares no words: numpy is not imported for it."""
    import subprocess
    import sys

    code = """
import sys
from datetime import date
from crisisledger.reconcile import build_incidents
from crisisledger.records import Document, Event, Evidence
docs = [Document.from_text(f"Storm surge {n} in the port.", published=date(2024, 5, 3), outlet="Coastal Post")
        for n in range(3)]
events = [Event(id=f"ev-{n}", document_id=d.id, type="flood", evidence=Evidence.of(d, 0, 5),
                date_start=date(2024, 5, 3)) for n, d in enumerate(docs)]
found = build_incidents(events, docs)
assert [i.independent_sources for i in found] == [1], found
print("numpy" in sys.modules)
"""
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"
