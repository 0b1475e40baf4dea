"""Quality ring: the seed article against its hand annotation (tests/data/seed-gold.json)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from spacy.tokens import Doc

from pipeline.entities import tag_entities
from pipeline.nlp import build_nlp
from pipeline.quotes import attribute_quotes
from schemas.articles import Quote
from tests.helpers import SEED_GOLD as GOLD
from tests.helpers import SEED_PATH as SEED


def seed_body() -> str:
    """The clean body of the seed: from "September 3, the White House’s" to "post-Assad Syria."."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index("September 3, the White House")
    end = text.index("post-Assad Syria.") + len("post-Assad Syria.")
    return text[start:end]


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return json.loads(GOLD.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def doc() -> Doc:
    return build_nlp()(seed_body())


@pytest.fixture(scope="module")
def quotes(doc: Doc) -> tuple[Quote, ...]:
    mentions, _ = tag_entities(doc)
    return attribute_quotes(doc, mentions)


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def best_match(quotes: tuple[Quote, ...], text: str, kinds: set[str]) -> Quote | None:
    """The predicted quote sharing most words with ``text`` (at least half of them)."""
    target = words(text)
    scored = [(len(words(q.text) & target) / len(target | words(q.text)), q) for q in quotes if q.kind in kinds]
    scored = [s for s in scored if s[0] >= 0.5]
    return max(scored, key=lambda s: s[0])[1] if scored else None


class TestSeedQuotes:
    def test_every_required_quote_found_with_speaker_and_kind(
        self, gold: dict[str, Any], quotes: tuple[Quote, ...]
    ) -> None:
        """Every non-optional seed quote is found with the gold speaker and kind (scare: no speaker)."""
        for g in gold["quotes"]:
            if g.get("optional"):
                continue
            q = best_match(quotes, g["text"], {g["kind"]})
            assert q is not None, g
            assert (q.speaker.name if q.speaker else None) == g["speaker"], (g, q)
            if "speaker_mention" in g:
                assert q.speaker is not None and q.speaker.mention == g["speaker_mention"], (g, q)

    def test_required_indirect_speech_found(self, gold: dict[str, Any], quotes: tuple[Quote, ...]) -> None:
        """Every non-optional indirect statement is found with the gold speaker."""
        for g in gold["indirect_quotes"]:
            if g.get("optional"):
                continue
            q = best_match(quotes, g["content"], {"indirect"})
            assert q is not None and q.speaker is not None and q.speaker.name == g["speaker"], (g, q)
            if "speaker_mention" in g:
                assert q.speaker.mention == g["speaker_mention"]

    def test_no_extra_attributed_quotes(self, gold: dict[str, Any], quotes: tuple[Quote, ...]) -> None:
        """Every predicted direct or partial quote corresponds to a gold quote."""
        for q in quotes:
            if q.kind in {"direct", "partial"}:
                assert any(words(q.text) & words(g["text"]) for g in gold["quotes"]), q


class TestSeedEntities:
    def test_aliases_resolve(self, gold: dict[str, Any], doc: Doc) -> None:
        """Every seed alias that must resolve maps to its canonical entity."""
        mentions, _ = tag_entities(doc)
        canonical = {}
        for m in mentions:
            canonical.setdefault(m.text, set()).add(m.canonical)
        for alias, name in gold["entities"]["aliases_that_must_resolve"].items():
            assert canonical.get(alias) == {name}, (alias, canonical.get(alias))

    def test_lavrov_is_a_person(self, doc: Doc) -> None:
        """ "Lavrov", tagged ORG by the small model, becomes PERSON "Sergey Lavrov"."""
        mentions, entities = tag_entities(doc)
        assert {(m.label, m.canonical) for m in mentions if m.text == "Lavrov"} == {("PERSON", "Sergey Lavrov")}
        lavrov = next(e for e in entities if e.name == "Sergey Lavrov")
        assert lavrov.mentions == 4 and lavrov.key == "person:sergey_lavrov"

    def test_canonical_people(self, gold: dict[str, Any], doc: Doc) -> None:
        """The body's people are found under their full names (the byline is not in the body)."""
        _, entities = tag_entities(doc)
        people = {e.name for e in entities if e.label == "PERSON"}
        assert {"Josh Earnest", "Vladimir Putin", "John Kerry", "Sergey Lavrov"} <= people
        assert any("Assad" in p for p in people)
