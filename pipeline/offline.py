"""Run the whole topology in one process, without a broker: ``newsflow enrich`` and benchmarks.

The same stages as the streaming agents, through the same codecs and the same runner
(``pipeline.runner.run_stage``), so the same inputs give the same enriched records and the same
dead letters. Inputs are taken in chunks of ``batch_size``; each chunk goes through every stage
before the next is read, and results come out in input order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from pipeline.runner import Message, run_stage
from pipeline.stages import StageContext
from pipeline.topology import ENRICHED_TOPIC, RAW_TOPIC, STAGES, Stage, Topic, chain_from
from schemas.articles import EnrichedArticle
from schemas.deadletter import DeadLetter

__all__ = ["Result", "enrich_offline"]


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome for input number ``index``: the enriched article, or its dead letter."""

    index: int
    article: EnrichedArticle | None = None
    dead_letter: DeadLetter | None = None


def enrich_offline(
    payloads: Iterable[bytes],
    ctx: StageContext,
    *,
    topic_name: Callable[[Topic], str] = lambda t: t.key,
    stages: Sequence[Stage[Any, Any]] = STAGES,
    batch_size: int = 32,
    now: Callable[[], datetime] | None = None,
    key: Callable[[bytes], bytes | None] = lambda _: None,
) -> Iterator[Result]:
    """Enrich raw-article payloads; yield one ``Result`` per payload, in order.

    Args:
        payloads: raw-topic message values (``raw_article/1`` JSON).
        ctx: the models and limits; its ``now`` stamps every chunk unless ``now`` is given.
        topic_name: names topics in dead letters' ``source_topic`` and ``origin_topic``; every topic
            has one partition, 0, and an input's offset on it is the input's position.
        stages: the topology's stages (tests pass a modified table).
        batch_size: inputs per chunk (spaCy's batch).
        now: called once per chunk for its time (``ctx.now`` stamps every chunk without it).
        key: the message key of a payload, as a feeder would send it (the article id), so a dead
            letter of an input that parses names its article (default: no key).
    """
    chain = chain_from(RAW_TOPIC, stages, until=ENRICHED_TOPIC)
    numbered = enumerate(payloads)
    while chunk := list(itertools.islice(numbered, batch_size)):
        chunk_ctx = replace(ctx, now=now()) if now is not None else ctx
        results: dict[int, Result] = {}
        messages = [
            Message(value, key(value), topic=topic_name(RAW_TOPIC), partition=0, offset=i) for i, value in chunk
        ]
        for stage in chain:
            carried = []
            for outcome in run_stage(stage, messages, chunk_ctx):
                index = outcome.message.offset
                assert index is not None  # noqa: S101 - set from the input position above
                if outcome.dead_letter is not None:
                    results[index] = Result(index, dead_letter=outcome.dead_letter)
                else:
                    carried.append(Message(outcome.value, outcome.key, topic_name(stage.target), 0, index))
            messages = carried
        for message in messages:
            assert message.offset is not None  # noqa: S101
            article = EnrichedArticle.model_validate_json(message.value or b"")
            results[message.offset] = Result(message.offset, article=article)
        yield from (results[i] for i, _ in chunk)
