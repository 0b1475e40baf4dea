"""How personal names are written: the parts of a name that identify a person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = ["GENERATIONS", "name_core", "surname"]

GENERATIONS: Final = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
"""Generational suffixes after a surname ("Patrick Carlineo Jr."), lower case: no part of the surname."""


def name_core(words: Sequence[str]) -> Sequence[str]:
    """A name's words without a generational suffix: "Patrick Carlineo Jr." -> "Patrick Carlineo"."""
    k = len(words)
    while k > 1 and words[k - 1].lower().rstrip(",") in GENERATIONS:
        k -= 1
    return words[:k]


def surname(words: Sequence[str]) -> str:
    """A person's surname as written: the last word before any generational suffix."""
    return name_core(words)[-1]
