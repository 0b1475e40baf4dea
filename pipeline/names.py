"""How personal names are written: the parts of a name that identify a person."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Final

__all__ = ["GENERATIONS", "NAME_MAX_CHARS", "SHORT_FORMS", "name_core", "shortened", "surname"]

NAME_MAX_CHARS: Final = 300
"""The longest span taken for a name (an entity mention, an unnamed speaker's phrase): longer than any
entity's (titles of laws and works run to about 150 characters), so longer is a run the model misread
("A. A. A. …" × 100,000 tagged as one person, whose key then exceeded what PostgreSQL can index)."""

GENERATIONS: Final = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
"""Generational suffixes after a surname ("Patrick Carlineo Jr."), lower case: no part of the surname."""

POST_NOMINALS: Final = frozenset(
    "MP MSP MLA MEP MHK MNA MPP TD QC KC SC JP OBE MBE CBE KBE DBE GBE CH OM FRS PhD DPhil".split()
)
"""Letters after a person's name for an office or an honour (UK, Irish, Commonwealth usage), without dots:
no part of the name ("Aoife Brennan TD", "Eliza Cormack SC"), unlike a generation ("Jr")."""


def name_core(words: Sequence[str]) -> Sequence[str]:
    """A name's words without a generational suffix: "Patrick Carlineo Jr." -> "Patrick Carlineo"."""
    k = len(words)
    while k > 1 and words[k - 1].lower().rstrip(",") in GENERATIONS:
        k -= 1
    return words[:k]


def surname(words: Sequence[str]) -> str:
    """A person's surname as written: the last word before any generational suffix."""
    return name_core(words)[-1]


SHORT_FORMS: Final = MappingProxyType({
    "pat": frozenset({"patrick"}), "mike": frozenset({"michael"}), "mick": frozenset({"michael"}),
    "tom": frozenset({"thomas"}), "rob": frozenset({"robert"}), "bob": frozenset({"robert"}),
    "bill": frozenset({"william"}), "will": frozenset({"william"}), "jim": frozenset({"james"}),
    "joe": frozenset({"joseph"}), "dan": frozenset({"daniel"}), "dave": frozenset({"david"}),
    "chris": frozenset({"christopher"}), "ed": frozenset({"edward"}), "nick": frozenset({"nicholas"}),
    "sam": frozenset({"samuel"}), "ben": frozenset({"benjamin"}), "tony": frozenset({"anthony"}),
    "steve": frozenset({"steven", "stephen"}), "matt": frozenset({"matthew"}), "jeff": frozenset({"jeffrey"}),
    "greg": frozenset({"gregory"}), "tim": frozenset({"timothy"}), "ken": frozenset({"kenneth"}),
    "ron": frozenset({"ronald"}), "don": frozenset({"donald"}), "rick": frozenset({"richard"}),
    "dick": frozenset({"richard"}), "alex": frozenset({"alexander"}), "andy": frozenset({"andrew"}),
    "liz": frozenset({"elizabeth"}), "beth": frozenset({"elizabeth"}), "kate": frozenset({"katherine", "catherine"}),
    "jen": frozenset({"jennifer"}), "sue": frozenset({"susan"}), "deb": frozenset({"deborah"}),
})  # fmt: skip
"""English short forms of first names, each to the full names of the same gender it shortens
("Pat Carlineo" is "Patrick Carlineo"; "Alex" is not "Alexandra": spouses share surnames)."""


def shortened(short: str, full: str) -> bool:
    """Tell whether first name ``short`` is a short form of ``full`` (lower case)."""
    return full in SHORT_FORMS.get(short, frozenset())
