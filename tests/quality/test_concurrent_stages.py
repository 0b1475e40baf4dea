"""The stages give the same results when a worker's long lane runs beside its batches.

A worker runs a long article's stages on one thread while its batches run on another, both with the
same spaCy pipeline and stance model (``agents.streaming.LongLane``). spaCy makes no promise of
thread safety, so this holds the promise we need: every enriched record is byte for byte what one
thread alone makes of it.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import orjson
import pytest

from pipeline.nlp import build_nlp
from pipeline.offline import enrich_offline
from pipeline.stages import StageContext
from pipeline.stance import load_stance_model
from tests.helpers import long_text, seed_paragraphs

pytestmark = pytest.mark.timeout(600)


def _enriched(ctx: StageContext, payloads: list[bytes]) -> list[str]:
    out = []
    for result in enrich_offline(payloads, ctx, batch_size=4):
        assert result.article is not None, result.dead_letter
        out.append(result.article.model_dump_json())
    return out


def test_a_long_article_on_another_thread_changes_no_result() -> None:
    ctx = StageContext(
        now=datetime(2026, 12, 1, tzinfo=UTC), nlp=build_nlp(), stance=load_stance_model(), max_body_bytes=1_000_000
    )
    paragraphs = seed_paragraphs()
    long = [orjson.dumps({"url": "https://example.com/long", "text": long_text(150)})]
    shorts = [
        orjson.dumps({"url": f"https://example.com/{i}", "text": f"{p}\n\n{paragraphs[(i + 1) % len(paragraphs)]}"})
        for i, p in enumerate(paragraphs)
    ]
    alone_long, alone_shorts = _enriched(ctx, long), _enriched(ctx, shorts)

    beside: list[list[str]] = []
    lane = threading.Thread(target=lambda: beside.append(_enriched(ctx, long)))
    lane.start()
    rounds = []
    while lane.is_alive() or not rounds:
        rounds.append(_enriched(ctx, shorts))
    lane.join()
    assert beside == [alone_long]
    assert all(r == alone_shorts for r in rounds)
    assert len(rounds) > 1  # the shorts did run while the long article was being processed
