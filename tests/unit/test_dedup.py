"""Near-duplicate fingerprints: stable across processes, symmetric, and telling copies from other articles."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.dedup import (
    BANDS,
    MIN_SHINGLES,
    MIN_SIMILARITY,
    MIN_SIMILARITY_CONTAINED,
    NUM_PERM,
    Fingerprint,
    band_keys,
    fingerprint,
    is_near_duplicate,
)
from tests.helpers import SEED_PATH

SENTENCE = "The minister said the talks would resume in Geneva next week, officials confirmed."
SEED_BODY = SEED_PATH.read_text(encoding="utf-8")
SEED_PARAGRAPHS = [p for p in SEED_BODY.split("\n") if len(p) > 200]
OTHER = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a decade "
    "of debate over the route. Construction is due to start next spring and to last three years, and "
    "residents of the affected streets will be offered compensation for noise, the mayor's office said."
)


def test_fingerprints_are_stable_across_processes_and_releases() -> None:
    """Stored fingerprints stay comparable: fixed permutations and hashes (no per-process salt)."""
    fp = fingerprint(SENTENCE)
    assert fp.signature[:4].tolist() == [777923814, 576705042, 1507549454, 723689793]
    assert band_keys(fp)[:2] == [7691231983091007821, -6316894254631510499]


def test_normalisation_matches_body_hash() -> None:
    """Case, quote style and spacing do not change the fingerprint."""
    assert fingerprint(SENTENCE.upper().replace(",", " ,")).similarity(fingerprint(SENTENCE)) == 1.0


def test_bytes_round_trip() -> None:
    fp = fingerprint(SEED_BODY)
    back = Fingerprint.from_bytes(fp.to_bytes(), fp.shingles)
    assert np.array_equal(back.signature, fp.signature) and back.shingles == fp.shingles
    with pytest.raises(ValueError, match="bytes"):
        Fingerprint.from_bytes(b"\x00" * 7, 1)


def test_empty_body_has_no_keys_and_matches_nothing() -> None:
    empty = fingerprint("  ... !!! ")
    assert empty.shingles == 0 and band_keys(empty) == []
    assert not is_near_duplicate(empty, fingerprint(SENTENCE))
    assert not is_near_duplicate(empty, fingerprint(""))


def test_keys_are_one_per_band_and_distinct_across_bands() -> None:
    """Equal band values in different bands give different keys (the band number is hashed in)."""
    same = Fingerprint(np.zeros(NUM_PERM, dtype=np.uint32), 10)
    keys = band_keys(same)
    assert len(keys) == BANDS == len(set(keys))


def test_a_cut_copy_is_contained_in_the_original() -> None:
    """The first third of an article: similarity under MIN_SIMILARITY, but wholly contained in it."""
    whole_text = "\n\n".join(SEED_PARAGRAPHS)
    whole, cut = fingerprint(whole_text), fingerprint(" ".join(whole_text.split(" ")[:190]))
    assert MIN_SIMILARITY_CONTAINED <= cut.similarity(whole) < MIN_SIMILARITY
    assert cut.containment(whole) > 0.95
    assert is_near_duplicate(cut, whole)
    assert cut.shingles >= MIN_SHINGLES


def test_short_templated_texts_are_not_near_duplicates() -> None:
    """Two earnings briefs from one template share most words but are different news."""
    template = (
        "{c} reported third-quarter earnings of {e} per share on Tuesday, beating analyst estimates of {m} per "
        "share. Revenue rose {p} percent to {r} billion dollars, the company said in a statement, and it raised "
        "its forecast for the full year. Shares of {c} rose {s} percent in after-hours trading on the news."
    )
    a = fingerprint(template.format(c="Acme", e="$1.12", m="$1.05", p="7", r="$4.2", s="3"))
    b = fingerprint(template.format(c="Acme", e="$1.12", m="$1.05", p="7", r="$4.2", s="4"))
    assert a.similarity(b) > 0.8 and a.shingles < MIN_SHINGLES
    assert not is_near_duplicate(a, b)


def test_a_lightly_edited_framed_copy_is_a_near_duplicate() -> None:
    body = "\n\n".join(SEED_PARAGRAPHS)
    copy = "Editor's note: updated with comments.\n\n" + body.replace("Lavrov", "the minister", 1) + "\n\n(Reuters)"
    assert is_near_duplicate(fingerprint(body), fingerprint(copy))


def test_different_articles_are_not_near_duplicates() -> None:
    assert not is_near_duplicate(fingerprint(SEED_BODY), fingerprint(OTHER))
    assert fingerprint(SEED_BODY).similarity(fingerprint(OTHER)) < 0.1


@given(st.text(min_size=0, max_size=300), st.text(min_size=0, max_size=300))
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    fa, fb = fingerprint(a), fingerprint(b)
    assert 0.0 <= fa.similarity(fb) == fb.similarity(fa) <= 1.0
    assert 0.0 <= fa.containment(fb) == fb.containment(fa) <= 1.0
    assert is_near_duplicate(fa, fb) == is_near_duplicate(fb, fa)
