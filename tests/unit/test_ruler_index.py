"""The attribute ruler's matches from arrays (pipeline.ruler_index) equal spaCy's Matcher's."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp import build_nlp
from pipeline.ruler_index import RulerMatches
from tests.helpers import SEED_PATH

# Lines written to hit every kind of pattern of the English model's ruler: the tag map, word
# exceptions (is/'s, are/'re, am/'m, have/'ve, not/n't), two-token ones (gon na, got ta, let 's,
# c'm on, y' all, ai n't), regexes (nothin', y'), dependency tests (objects "it"/"you"/"I",
# auxiliaries, "there is", "do/have" as verbs, determiners as pronouns) and whitespace tokens.
SEED_TEXT = SEED_PATH.read_text(encoding="utf-8")
LINES = [
    "We're gon na win, y'all. Ain't nothin' gonna stop us. Let's go, c'm on!",
    "I told it to you, and you gave it to me. There is a cat and there are two dogs.",
    "She has done it; they have had enough. Did he? He does what he did. That is that.",
    "Got ta go.  \n\n  Y' all come back now , ya hear ? It's not what I'm sayin' , is n't it ?",
    "THE PRESIDENT SAID HE IS GOING TO WIN , AIN'T HE ?",
    "  \n",
    "Which one? This one, whose owner, if not him, is whoever comes first, though unless it rains.",
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def spacy_matches(nlp: Language, doc: Doc) -> list[tuple[int, int, int, int]]:
    """What AttributeRuler.match returns with its Matcher (spaCy's own method, not the instance's)."""
    ruler: Any = nlp.get_pipe("attribute_ruler")
    matches: list[tuple[int, int, int, int]] = type(ruler).match(ruler, doc)
    return matches


def unruled(nlp: Language, texts: list[str]) -> list[Doc]:
    """The texts parsed up to the ruler (the ruler reads tags, words and dependencies)."""
    with nlp.select_pipes(disable=["attribute_ruler", "ner"]):
        return list(nlp.pipe(texts))


def test_the_english_ruler_is_compiled(nlp: Language) -> None:
    """build_nlp gives the English model's attribute ruler the array matcher: all 179 rules compile."""
    ruler: Any = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, RulerMatches)
    assert len(ruler.patterns) == 179


def test_matches_equal_the_matchers(nlp: Language) -> None:
    """On the seed article and the lines above, the same (rule, key, start, end) list as the Matcher's."""
    docs = unruled(nlp, [SEED_TEXT, *LINES, *(line.lower() for line in LINES)])
    fast = RulerMatches.of(nlp.get_pipe("attribute_ruler"))
    assert fast is not None
    rules_hit = set()
    for doc in docs:
        expected = spacy_matches(nlp, doc)
        assert fast.arrays(doc) == expected, doc.text[:80]
        assert fast(doc) == expected, doc.text[:80]  # short ones through the Matcher
        rules_hit.update(rule for rule, _, _, _ in expected)
    # the lines reach the two-token rules and the regex and dependency ones, not only the tag map
    ruler: Any = nlp.get_pipe("attribute_ruler")
    kinds = {
        ("two tokens" if len(ruler.patterns[r]["patterns"][0]) > 1 else "")
        + ("regex" if "REGEX" in str(ruler.patterns[r]) else "")
        + ("dep" if "DEP" in str(ruler.patterns[r]) else "")
        for r in rules_hit
    }
    assert {"two tokens", "regex", "dep", "two tokensregex"} <= kinds


def test_the_parse_sets_the_same_attributes(nlp: Language) -> None:
    """The whole pipeline with the array matcher sets the POS, MORPH and LEMMA the Matcher's ruler sets."""
    plain = build_nlp()
    ruler: Any = plain.get_pipe("attribute_ruler")
    del ruler.match  # back to AttributeRuler.match: spaCy's Matcher
    assert not isinstance(ruler.match, RulerMatches)
    for text in [SEED_TEXT, *LINES]:
        ours, theirs = nlp(text), plain(text)
        assert [(t.pos_, str(t.morph), t.lemma_, t.dep_) for t in ours] == [
            (t.pos_, str(t.morph), t.lemma_, t.dep_) for t in theirs
        ]


def test_an_empty_doc_has_no_matches(nlp: Language) -> None:
    fast = RulerMatches.of(nlp.get_pipe("attribute_ruler"))
    assert fast is not None and fast.arrays(nlp.make_doc("")) == [] and fast(nlp.make_doc("")) == []


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "a", "OP": "+"}],  # an operator
        [{"POS": "NOUN"}],  # an attribute the arrays do not carry
        [{"LOWER": {"FUZZY": "house"}}],  # another predicate
        [{"LENGTH": {">=": 3}}],
    ],
)
def test_other_patterns_keep_the_matcher(pattern: list[dict[str, Any]]) -> None:
    """A ruler with a pattern the arrays cannot check is not compiled: it keeps spaCy's Matcher."""
    nlp = spacy.blank("en")
    ruler: Any = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "the"}]], {"LEMMA": "the"})
    assert RulerMatches.of(ruler) is not None
    ruler.add([pattern], {"LEMMA": "x"})
    assert RulerMatches.of(ruler) is None


# Every kind of test the arrays check, in the corners spaCy's Matcher defines: unanchored and
# case-insensitive regexes on each attribute, empty values, empty IN / NOT_IN, symbols as values
# ("ROOT", "NN"), a three-token pattern and a rule with overlapping patterns.
SYNTHETIC_RULES: list[list[list[dict[str, Any]]]] = [
    [[{"LOWER": {"REGEX": "(?i)^IS$"}}]],
    [[{"TAG": {"REGEX": "^NN"}}], [{"TAG": "NN"}]],
    [[{"DEP": {"REGEX": "subj"}}, {"DEP": {"NOT_IN": []}}]],
    [[{"LOWER": ""}]],
    [[{"TAG": ""}]],
    [[{"IS_SPACE": False, "TAG": {"IN": []}}]],
    [[{"IS_SPACE": True, "LOWER": "\n"}]],
    [[{"LOWER": {"NOT_IN": []}}, {"LOWER": {"NOT_IN": ["a"]}}, {"LOWER": {"IN": ["a", "b"]}}]],
    [[{"TAG": {"IN": ["NN"]}, "LOWER": {"NOT_IN": ["x", ""]}}], [{"TAG": "NN"}]],
    [[{"TAG": "ROOT"}], [{"DEP": "NN"}], [{"DEP": "ROOT"}]],
    [[{"DEP": {"REGEX": "^$"}}, {"TAG": {"REGEX": "^$"}}]],
    [[{"LOWER": "a"}, {"LOWER": "a"}, {"LOWER": "a"}]],
    [[{"LOWER": "a"}], [{"LOWER": {"IN": ["a"]}}]],
]


def test_random_docs_under_every_kind_of_test() -> None:
    """On 400 random Docs (words, tags and dependencies drawn from the rules' own values, some left unset)."""
    import random

    nlp = spacy.blank("en")
    ruler: Any = nlp.add_pipe("attribute_ruler")
    for i, patterns in enumerate(SYNTHETIC_RULES):
        ruler.add(patterns, {"LEMMA": f"r{i}"})
    fast = RulerMatches.of(ruler)
    assert fast is not None
    words, tags, deps = (
        ["a", "A", "b", "is", "Is", "IS", "x", "\n", " ", "nn", "ROOT"],
        ["", "NN", "NNS", "VB", "ROOT"],
        ["", "nsubj", "nsubjpass", "ROOT", "NN"],
    )
    rng = random.Random(3)
    matched = 0
    for _ in range(400):
        n = rng.randint(1, 40)
        kwargs: dict[str, Any] = {}
        if rng.random() < 0.8:
            kwargs["tags"] = [rng.choice(tags) for _ in range(n)]
        if rng.random() < 0.8:
            kwargs["deps"] = [rng.choice(deps) for _ in range(n)]
            kwargs["heads"] = [rng.randrange(n) for _ in range(n)]
        doc = Doc(nlp.vocab, words=[rng.choice(words) for _ in range(n)], **kwargs)
        expected = type(ruler).match(ruler, doc)
        assert fast.arrays(doc) == expected and fast(doc) == expected
        matched += len(expected)
    assert matched > 10_000


def test_rules_added_after_compiling_still_apply(nlp: Language) -> None:
    """A rule added to the ruler after build_nlp applies in long Docs too (they go back to the Matcher)."""
    local = build_nlp()
    ruler: Any = local.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "zebra"}]], {"LEMMA": "ZEBRA!"})
    doc = local("A zebra walked into the bar, and the barman said that he had never seen a zebra before, honestly.")
    assert len(doc) >= 20 and [t.lemma_ for t in doc if t.lower_ == "zebra"] == ["ZEBRA!", "ZEBRA!"]


def test_a_pipeline_with_the_arrays_pickles(nlp: Language) -> None:
    """The pipeline still pickles (spaCy's multiprocessing sends it to its processes), arrays and all."""
    import pickle

    again = pickle.loads(pickle.dumps(nlp))  # noqa: S301 - our own bytes
    ruler: Any = again.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, RulerMatches)
    text = LINES[1]
    assert [(t.pos_, str(t.morph)) for t in again(text)] == [(t.pos_, str(t.morph)) for t in nlp(text)]
