"""The attribute ruler's matches, found with array comparisons instead of spaCy's ``Matcher``.

spaCy's ``attribute_ruler`` (in the English models, after the parser) sets POS, MORPH and LEMMA
from 179 token patterns: a tag map (``{"TAG": "NN"}`` -> POS, MORPH), word exceptions
(``{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}``) and a few two-token ones ("gon na"). Its
``Matcher`` tries every pattern at every token: 17 ms of an average dev page's 132 ms parse (13 %),
as much as the parser itself. Every pattern the models use is a fixed run of tokens, each a
conjunction of tests on TAG, LOWER, DEP or IS_SPACE (a value, ``IN``, ``NOT_IN``, ``REGEX``). Such
a pattern matches where all its tests hold, which ``numpy`` checks over the Doc's attribute arrays
for all tokens at once, each distinct test once: 2.5 ms. A pattern needing a value the Doc does not
hold (a tag, a word) is skipped first, and a Doc of fewer than ``SHORT_DOC`` tokens (a title, a
re-read line) goes to the Matcher, faster there.

``RulerMatches.of(ruler)`` compiles a ruler's patterns, or returns ``None`` when a pattern uses
anything else (an operator, another attribute or predicate), and the ruler keeps its ``Matcher``.
Its ``__call__`` returns what ``AttributeRuler.match`` returns: (rule index, rule key, start, end)
for each distinct match, sorted. ``pipeline.nlp.build_nlp`` puts it in the ruler's place, and the
ruler sets the attributes from those matches as before; rules added to the ruler or cleared after
that go back to the Matcher. ``tests/unit/test_ruler_index.py`` checks the matches equal the
``Matcher``'s on text written to hit every pattern and on random Docs under a ruler of every test
kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

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


class Test(NamedTuple):
    """One compiled test of a token pattern."""

    description: tuple[str, str]  # (attribute, repr of the value): each distinct test is checked once per Doc
    column: int
    check: TokenTest
    needs: frozenset[int] | None  # values of which one must be in the column for it to hold anywhere


class Pattern(NamedTuple):
    """A pattern: per token, its tests; and what the Doc must hold for it to match anywhere."""

    tokens: list[list[Test]]
    needs: list[tuple[int, frozenset[int]]]


SHORT_DOC = 20
"""Below this many tokens spaCy's Matcher is the faster (a title, a re-read line): it runs there."""


class _Unsupported(ValueError):
    """A pattern this module cannot check with arrays."""


@dataclass(frozen=True)
class _Equals:
    value: int

    def __call__(self, col: Column, doc: Doc) -> Mask:
        found: Mask = col == self.value
        return found


@dataclass(frozen=True)
class _In:
    values: npt.NDArray[np.uint64]
    negated: bool

    def __call__(self, col: Column, doc: Doc) -> Mask:
        found: Mask = np.isin(col, self.values)
        return ~found if self.negated else found


@dataclass(frozen=True)
class _Search:
    regex: re.Pattern[str]

    def __call__(self, col: Column, doc: Doc) -> Mask:
        values, inverse = np.unique(col, return_inverse=True)  # each distinct string searched once
        found = [self.regex.search(doc.vocab.strings[value]) is not None for value in values.tolist()]
        return np.array(found, dtype=bool)[inverse.reshape(col.shape)]


def _test(attr: str, value: Any) -> TokenTest:
    """The check of one attribute of a token pattern, over the column of that attribute (picklable)."""
    if attr == "IS_SPACE":
        if not isinstance(value, bool):
            raise _Unsupported(attr)
        return _Equals(int(value))
    if isinstance(value, str):
        return _Equals(get_string_id(value))
    if not isinstance(value, dict) or len(value) != 1:
        raise _Unsupported(attr)
    ((predicate, arg),) = value.items()
    if predicate in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
        return _In(np.array([get_string_id(v) for v in arg], dtype=np.uint64), negated=predicate == "NOT_IN")
    if predicate == "REGEX" and isinstance(arg, str):
        return _Search(re.compile(arg))
    msg = f"{attr}: {predicate}"
    raise _Unsupported(msg)


def _needs(value: Any) -> frozenset[int] | None:
    """The values a test accepts, when it accepts a known few (a value, ``IN``, a boolean)."""
    if isinstance(value, bool):
        return frozenset({int(value)})
    if isinstance(value, str):
        return frozenset({get_string_id(value)})
    if isinstance(value, dict) and list(value) == ["IN"]:
        return frozenset(get_string_id(v) for v in value["IN"])
    return None


def _token_tests(spec: dict[str, Any]) -> list[Test]:
    if not spec or any(attr not in _COLUMNS for attr in spec):
        msg = f"token pattern {spec}"
        raise _Unsupported(msg)
    return [
        Test((attr, repr(value)), _COLUMNS[attr], _test(attr, value), _needs(value)) for attr, value in spec.items()
    ]


def _pattern(specs: list[dict[str, Any]]) -> Pattern:
    if not specs:
        msg = "an empty pattern"
        raise _Unsupported(msg)
    tokens = [_token_tests(spec) for spec in specs]
    return Pattern(tokens, [(t.column, t.needs) for tests in tokens for t in tests if t.needs is not None])


class RulerMatches:
    """A drop-in for ``AttributeRuler.match`` over compiled patterns (``of``)."""

    def __init__(self, ruler: AttributeRuler | Any, rules: Sequence[tuple[int, int, list[Pattern]]]) -> None:
        self._ruler = ruler
        self._rules = rules  # (rule index, rule key, its patterns)
        self._compiled = (ruler.matcher, len(ruler.attrs))  # what the rules were compiled from

    def _matcher(self, doc: Doc) -> list[Match]:
        """The ruler's own ``AttributeRuler.match``: spaCy's Matcher."""
        matches: list[Match] = type(self._ruler).match(self._ruler, doc)
        return matches

    @classmethod
    def of(cls, ruler: AttributeRuler | Any) -> RulerMatches | None:
        """The ruler's patterns compiled, or ``None`` when one of them is not a plain run of token tests."""
        rules = []
        try:
            rule: dict[str, Any]
            for index, rule in enumerate(ruler.patterns):
                patterns = [_pattern(specs) for specs in rule["patterns"]]
                rules.append((index, ruler.vocab.strings.add(str(index)), patterns))
        except _Unsupported:
            return None
        return cls(ruler, rules)

    def __call__(self, doc: Doc) -> list[Match]:
        """Every distinct (rule index, rule key, start, end) that a pattern of a rule matches, sorted."""
        if len(doc) < SHORT_DOC or (self._ruler.matcher, len(self._ruler.attrs)) != self._compiled:
            return self._matcher(doc)  # a short Doc, or rules added or cleared since they were compiled
        return self.arrays(doc)

    def arrays(self, doc: Doc) -> list[Match]:
        """The matches found with the arrays, whatever the Doc's length."""
        n = len(doc)
        if n == 0:
            return []
        table = np.asarray(doc.to_array(_ATTRS), dtype=np.uint64).reshape(n, len(_ATTRS))
        present = [set(table[:, column].tolist()) for column in range(len(_ATTRS))]
        matches: list[Match] = []
        masks: dict[tuple[str, str], Mask] = {}  # one check per distinct test
        for index, key, patterns in self._rules:  # in index order: the order of the sorted matches
            spans: set[tuple[int, int]] = set()
            for pattern in patterns:
                length = len(pattern.tokens)
                if length > n or any(present[column].isdisjoint(values) for column, values in pattern.needs):
                    continue  # a value it needs is nowhere in the Doc (most rules, in a short Doc)
                hit: Mask | None = None
                for offset, tests in enumerate(pattern.tokens):
                    for test in tests:
                        mask = masks.get(test.description)
                        if mask is None:
                            mask = masks[test.description] = test.check(table[:, test.column], doc)
                        window = mask[offset : n - length + 1 + offset]
                        hit = window if hit is None else hit & window
                if hit is not None:
                    spans.update((start, start + length) for start in np.flatnonzero(hit).tolist())
            matches.extend((index, key, start, end) for start, end in sorted(spans))
        return matches
