"""Quality ring: the seed article's holder → target stance pairs, end to end (what a user sees).

``tests/unit/test_stance.py`` checks the scorer on the gold sentence and a hand-picked target span.
Here the whole pipeline runs on the raw seed and the pair must appear among the article's
speaker → target stances (``stance.speakers``), with the gold label. The gold targets are phrases
("Russian military support to the Assad regime"); each is matched by the canonical entities that
stand for it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from pipeline.nlp import build_nlp
from pipeline.offline import enrich_offline
from pipeline.stages import StageContext
from pipeline.stance import load_stance_model
from schemas.articles import EnrichedArticle
from tests.helpers import SEED_PATH

# holder -> (entity keys that stand for the gold target, gold label)
PAIRS = {
    "Josh Earnest": ({"person:bashar_al_assad"}, "negative"),  # Russian military support to the Assad regime
    "White House": ({"person:bashar_al_assad"}, "negative"),  # calls for a transition in Syria's leadership
    "Vladimir Putin": ({"person:bashar_al_assad", "gpe:syria"}, "positive"),  # Assad / the Syrian government
    "John Kerry": ({"person:bashar_al_assad"}, "negative"),  # Russian military assistance to Assad
    "Sergey Lavrov": ({"gpe:syria"}, "positive"),  # Syria's sovereignty (of the Assad government)
}
# Measured 2026-11-25 with the shipped model. Strict: a fix turns the xfail into a failure.
KNOWN_MISSES = {
    "White House": "no White House -> Assad pair: 'the political leadership' in 'this country' is not linked to Assad",
    "Vladimir Putin": "'The President of Syria' is not linked to Assad; Putin -> Syria comes out neutral",
    "John Kerry": "read through the action 'military assistance to Assad' (good for Assad), but the model reads "
    "'it could further escalate the conflict, lead to greater loss of innocent life…' as positive",
    "Sergey Lavrov": "allegiance to 'Syria's sovereignty' comes out neutral for Syria",
}


@pytest.fixture(scope="module")
def seed() -> EnrichedArticle:
    payload = orjson.dumps({"url": "https://112.international/seed", "text": SEED_PATH.read_text(encoding="utf-8")})
    ctx = StageContext(now=datetime(2026, 11, 25, tzinfo=UTC), nlp=build_nlp(), stance=load_stance_model())
    (result,) = enrich_offline([payload], ctx)
    assert result.article is not None, result.dead_letter
    return result.article


@pytest.mark.parametrize(
    "holder",
    [
        pytest.param(h, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[h])) if h in KNOWN_MISSES else h
        for h in PAIRS
    ],
)
def test_seed_holder_target_stance(seed: EnrichedArticle, holder: str) -> None:
    """The holder's stance toward an entity standing for the gold target has the gold label."""
    keys, label = PAIRS[holder]
    found: list[Any] = [s for s in seed.stance.speakers if s.speaker == holder and s.target_key in keys]
    assert found, (
        f"no {holder} -> {sorted(keys)} pair among {[(s.speaker, s.target_key) for s in seed.stance.speakers]}"
    )
    assert any(s.label == label for s in found), [(s.target_key, s.label, round(s.score, 2)) for s in found]
