"""Quality ring: a speaker's stance toward the object of an action they judge, end to end.

Passages written for this test (not from ``eval/quote_stance``). In each the target is the object
of an action that is good or bad for it; read as the sentence's sentiment toward the target's own
mention, most come out the other way round (the victim of sanctions reads as portrayed badly). The
measured figures over many such passages are in ``bench/quote_stance_eval.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from pipeline.nlp import build_nlp
from pipeline.offline import enrich_offline
from pipeline.stages import StageContext
from pipeline.stance import load_stance_model
from schemas.articles import QuoteStance

# passage, target, gold stance of the speaker (Olga Lind) toward the target, the event's effect
PASSAGES = [
    ('"The new sanctions on Peru are exactly what was needed," Senator Olga Lind said on Monday.', "Peru", "negative", "bad_for"),
    ('"Cutting funding to Oxfam was a disgrace," said Olga Lind, a former minister.', "Oxfam", "positive", "bad_for"),
    ('Olga Lind said the arrest of Daniel Ortiz was "an outrage and an attack on a free press."', "Daniel Ortiz", "positive", "bad_for"),
    ('"Removing Daniel Ortiz from the board was a terrible mistake," said Olga Lind, a shareholder.', "Daniel Ortiz", "positive", "bad_for"),
    ('"Military aid to Peru will save thousands of lives," said Olga Lind, the defence minister.', "Peru", "positive", "good_for"),
    ('"Any loan to Acme Corp would be money thrown away," said Olga Lind, a fund manager.', "Acme Corp", "negative", "good_for"),
]  # fmt: skip


@pytest.fixture(scope="module")
def ctx() -> StageContext:
    return StageContext(now=datetime(2026, 12, 5, tzinfo=UTC), nlp=build_nlp(), stance=load_stance_model())


def quote_stance(ctx: StageContext, text: str, target: str) -> QuoteStance:
    (result,) = enrich_offline([orjson.dumps({"url": f"https://probe.example/{abs(hash(text))}", "text": text})], ctx)
    assert result.article is not None, result.dead_letter
    found = [s for s in result.article.stance.quotes if s.speaker == "Olga Lind" and s.target == target]
    assert found, [(s.speaker, s.target) for s in result.article.stance.quotes]
    return found[0]


@pytest.mark.parametrize(("text", "target", "gold", "effect"), PASSAGES, ids=[p[0][:40] for p in PASSAGES])
def test_stance_toward_the_object_of_a_judged_action(
    ctx: StageContext, text: str, target: str, gold: str, effect: str
) -> None:
    """The quote stance has the gold label and names the action it was read through."""
    stance = quote_stance(ctx, text, target)
    assert (stance.label, stance.event_effect) == (gold, effect), stance
    assert stance.event is not None and target in stance.event
