"""The attribute ruler's matches, found with array comparisons instead of spaCy's ``Matcher``.

spaCy's ``attribute_ruler`` (in the English models, after the parser) sets POS, MORPH and LEMMA
from 179 token patterns: a tag map (``{"TAG": "NN"}`` -> POS, MORPH), word exceptions
(``{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}``) and a few two-token ones ("gon na"). Its
``Matcher`` tries every pattern at every token: 17 ms of an average dev page's 132 ms parse (13 %),
as much as the parser itself. Every pattern the models use is a fixed run of tokens, each a
conjunction of tests on TAG, LOWER, DEP or IS_SPACE (a value, ``IN``, ``NOT_IN``, ``REGEX``). Such
a pattern matches where all its tests hold, which ``numpy`` checks over the Doc's attribute arrays
for all tokens at once: ~1 ms.

``RulerMatches.of(ruler)`` compiles a ruler's patterns, or returns ``None`` when a pattern uses
anything else (an operator, another attribute or predicate), and the ruler keeps its ``Matcher``.
Its ``__call__`` returns what ``AttributeRuler.match`` returns: (rule index, rule key, start, end)
for each distinct match, sorted. ``pipeline.nlp.build_nlp`` puts it in the ruler's place, and the
ruler sets the attributes from those matches as before. ``tests/unit/test_ruler_index.py`` checks
the matches equal the ``Matcher``'s on text written to hit every pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.strings import get_string_id

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

__all__ = ["RulerMatches"]

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
"""The token attributes patterns may test, as columns of ``Doc.to_array``."""
_ATTRS = [TAG, LOWER, DEP, IS_SPACE]

Match = tuple[int, int, int, int]
Column = npt.NDArray[np.uint64]
Mask = npt.NDArray[np.bool_]
TokenTest = Callable[[Column, "Doc"], Mask]
Test = tuple[tuple[Any, ...], int, TokenTest]
"""A compiled test: its description (equal tests, equal descriptions), its column, its check."""


class _Unsupported(ValueError):
    """A pattern this module cannot check with arrays."""


def _test(attr: str, value: Any) -> TokenTest:
    """The check of one attribute of a token pattern, over the column of that attribute."""
    if attr == "IS_SPACE":
        if not isinstance(value, bool):
            raise _Unsupported(attr)
        return lambda col, _doc: col == int(value)
    if isinstance(value, str):
        wanted = get_string_id(value)
        return lambda col, _doc: col == wanted
    if not isinstance(value, dict) or len(value) != 1:
        raise _Unsupported(attr)
    ((predicate, arg),) = value.items()
    if predicate in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
        ids = np.array([get_string_id(v) for v in arg], dtype=np.uint64)
        if predicate == "IN":
            return lambda col, _doc: np.isin(col, ids)
        return lambda col, _doc: ~np.isin(col, ids)
    if predicate == "REGEX" and isinstance(arg, str):
        regex = re.compile(arg)
        known: dict[int, bool] = {}  # string id -> found; strings are few and their ids stable

        def search(col: Column, doc: Doc) -> Mask:
            values, inverse = np.unique(col, return_inverse=True)
            found = []
            for value in values.tolist():
                if (hit := known.get(value)) is None:
                    hit = known[value] = regex.search(doc.vocab.strings[value]) is not None
                found.append(hit)
            return np.array(found, dtype=bool)[inverse.reshape(col.shape)]

        return search
    msg = f"{attr}: {predicate}"
    raise _Unsupported(msg)


def _describe(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _describe(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(value)
    return (type(value).__name__, value)


def _token_tests(spec: dict[str, Any]) -> list[Test]:
    if not spec or any(attr not in _COLUMNS for attr in spec):
        msg = f"token pattern {spec}"
        raise _Unsupported(msg)
    return [((attr, _describe(value)), _COLUMNS[attr], _test(attr, value)) for attr, value in spec.items()]


class RulerMatches:
    """A drop-in for ``AttributeRuler.match`` over compiled patterns (``of``)."""

    def __init__(self, rules: Sequence[tuple[int, int, list[list[list[Test]]]]]) -> None:
        # (rule index, rule key, its patterns: per token, its tests)
        self._rules = rules

    @classmethod
    def of(cls, ruler: AttributeRuler | Any) -> RulerMatches | None:
        """The ruler's patterns compiled, or ``None`` when one of them is not a plain run of token tests."""
        rules = []
        try:
            rule: dict[str, Any]
            for index, rule in enumerate(ruler.patterns):
                patterns = [[_token_tests(spec) for spec in pattern] for pattern in rule["patterns"]]
                if any(not pattern for pattern in patterns):
                    msg = "an empty pattern"
                    raise _Unsupported(msg)
                rules.append((index, ruler.vocab.strings.add(str(index)), patterns))
        except _Unsupported:
            return None
        return cls(rules)

    def __call__(self, doc: Doc) -> list[Match]:
        """Every distinct (rule index, rule key, start, end) that a pattern of a rule matches, sorted."""
        n = len(doc)
        if n == 0:
            return []
        table = np.asarray(doc.to_array(_ATTRS), dtype=np.uint64).reshape(n, len(_ATTRS))
        matches: list[Match] = []
        masks: dict[tuple[Any, ...], Mask] = {}  # one check per distinct test
        for index, key, patterns in self._rules:  # in index order: the order of the sorted matches
            spans: set[tuple[int, int]] = set()
            for pattern in patterns:
                length = len(pattern)
                if length > n:
                    continue
                hit: Mask | None = None
                for offset, tests in enumerate(pattern):
                    for description, column, test in tests:
                        mask = masks.get(description)
                        if mask is None:
                            mask = masks[description] = test(table[:, column], doc)
                        window = mask[offset : n - length + 1 + offset]
                        hit = window if hit is None else hit & window
                if hit is not None:
                    spans.update((start, start + length) for start in np.flatnonzero(hit).tolist())
            matches.extend((index, key, start, end) for start, end in sorted(spans))
        return matches
