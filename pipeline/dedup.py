"""Near-duplicate bodies: MinHash signatures of word shingles, banded for locality-sensitive lookup.

A syndicated copy of an article rarely has the same bytes as the original: the copy is cut short
("Read more at …"), gains an editor's note or a dateline, loses a paragraph, or is lightly edited.
``body_hash`` (exact, after normalisation) misses all of these. Here a body becomes the set of its
word 5-grams (``SHINGLE_WORDS``) over the same normalised words ``body_hash`` uses, and that set a
``Fingerprint``: a MinHash signature of ``NUM_PERM`` 32-bit values plus the size of the set. The
share of equal positions in two signatures estimates the Jaccard similarity J of the two sets; with
the sizes, J also gives the containment of the smaller set in the larger (a copy cut to half of the
original has J = 0.5 but containment 1).

To find candidates without comparing a new body with every stored one, the signature is cut into
``BANDS`` bands of ``ROWS`` values and each band hashed to a signed 64-bit key (``band_keys``): two
bodies share at least one key with probability ``1 - (1 - J**ROWS)**BANDS``: 0.995 at J = 0.5,
0.67 at J = 0.3, 0.04 at J = 0.1. Candidates are then confirmed on the fingerprints
(``is_near_duplicate``). ``bench/near_duplicates.py`` measures precision and recall of the whole
decision on syndicated-style copies of real article bodies.

All functions are pure; the PostgreSQL sink stores keys and fingerprints and does the lookup.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "BANDS",
    "MIN_CONTAINMENT",
    "MIN_SHINGLES",
    "MIN_SIMILARITY",
    "MIN_SIMILARITY_CONTAINED",
    "NUM_PERM",
    "ROWS",
    "SHINGLE_WORDS",
    "Fingerprint",
    "band_keys",
    "fingerprint",
    "is_near_duplicate",
]

SHINGLE_WORDS = 5
BANDS = 40
ROWS = 3
NUM_PERM = BANDS * ROWS
# Near-duplicates: J >= MIN_SIMILARITY; or, for a cut copy, J >= MIN_SIMILARITY_CONTAINED with the
# smaller body MIN_CONTAINMENT inside the larger (both bodies of MIN_SHINGLES or more). Chosen on
# bench/near_duplicates.py, where distinct articles ending in one boilerplate footer reach J = 0.29
# (the estimate's standard error there is 0.04) and containment 0.74.
MIN_SIMILARITY = 0.4
MIN_SIMILARITY_CONTAINED = 0.3
MIN_CONTAINMENT = 0.9

_WORD_RE = re.compile(r"\w+")
_MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)
# Bodies with fewer distinct shingles (about 105 words) are near-duplicates of nothing: short
# templated texts (earnings briefs, weather notes) share many of their 5-grams but are not copies
# (two 70-word briefs from one template reach J = 0.40 in the bench). Exact copies still match.
MIN_SHINGLES = 100


# Fixed permutation parameters: stored fingerprints must compare across processes, releases and
# machines, so they come from a hash of their index, not from a random generator whose stream
# a numpy release may change.
def _parameter(kind: str, index: int) -> int:
    digest = hashlib.blake2b(f"newsflow-minhash-{kind}-{index}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") % ((1 << 61) - 2) + 1


_A = np.array([_parameter("a", i) for i in range(NUM_PERM)], dtype=np.uint64)
_B = np.array([_parameter("b", i) for i in range(NUM_PERM)], dtype=np.uint64)


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """A body's MinHash signature (``NUM_PERM`` uint32) and the number of distinct shingles it holds."""

    signature: npt.NDArray[np.uint32]
    shingles: int

    def similarity(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two shingle sets: the share of equal signature positions."""
        return float(np.count_nonzero(self.signature == other.signature)) / NUM_PERM

    def containment(self, other: Fingerprint, similarity: float | None = None) -> float:
        """Estimated share of the smaller shingle set that is in the larger (from J and the set sizes).

        ``similarity``: J of the two, when the caller has it already.
        """
        j = self.similarity(other) if similarity is None else similarity
        smaller = min(self.shingles, other.shingles)
        if smaller == 0:
            return 0.0
        return min(1.0, j * (self.shingles + other.shingles) / ((1 + j) * smaller))

    def to_bytes(self) -> bytes:
        """The signature as ``NUM_PERM * 4`` little-endian bytes (a ``bytea`` column)."""
        return self.signature.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, shingles: int) -> Fingerprint:
        """The inverse of ``to_bytes``, given the stored shingle count."""
        if len(data) != NUM_PERM * 4:
            msg = f"a signature is {NUM_PERM * 4} bytes, got {len(data)}"
            raise ValueError(msg)
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32), shingles)


def _shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    words = _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < SHINGLE_WORDS:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]
    unique = dict.fromkeys(grams)
    return np.fromiter(
        (int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little") for g in unique),
        dtype=np.uint64,
        count=len(unique),
    )


def fingerprint(text: str) -> Fingerprint:
    """The body's fingerprint. A body with no words gets the all-ones signature, which matches nothing.

    >>> a = fingerprint("The minister said the talks would resume in Geneva next week, officials confirmed.")
    >>> b = fingerprint("The minister said the talks would resume in Geneva next week, officials said.")
    >>> a.similarity(a), 0.5 < a.similarity(b) < 1, a.shingles
    (1.0, True, 9)
    """
    hashes = _shingle_hashes(text)
    if hashes.size == 0:
        return Fingerprint(np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32), 0)
    # Universal hashing (a·x + b) mod p, in wrapping uint64 arithmetic as datasketch does; x < 2**32.
    with np.errstate(over="ignore"):
        permuted = (np.outer(_A, hashes) + _B[:, None]) % _MERSENNE & _MAX32
    return Fingerprint(permuted.min(axis=1).astype(np.uint32), int(hashes.size))


def band_keys(fp: Fingerprint) -> list[int]:
    """One signed 64-bit key per band (for a ``bigint`` column); the band number is part of the key.

    An empty body has no keys: it is nobody's near-duplicate.
    """
    if fp.shingles == 0:
        return []
    keys = []
    for band, values in enumerate(fp.signature.reshape(BANDS, ROWS)):
        data = values.astype("<u4").tobytes()
        digest = hashlib.blake2b(data, digest_size=8, person=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def is_near_duplicate(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether two bodies are copies of one article: alike overall, or one a cut of the other.

    Bodies under ``MIN_SHINGLES`` distinct shingles (and empty ones) are nobody's near-duplicate.
    """
    if min(a.shingles, b.shingles) < MIN_SHINGLES:
        return False
    j = a.similarity(b)
    if j >= MIN_SIMILARITY:
        return True
    return j >= MIN_SIMILARITY_CONTAINED and a.containment(b, j) >= MIN_CONTAINMENT
