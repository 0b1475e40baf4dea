"""The whole topology in memory, driven like the workers drive it: no broker, no database.

In the spirit of quix-streams' ``sdf.test()`` and bytewax's testing sources and sinks: topics are
lists, each stage and sink runs through the same ``StageDriver`` / ``SinkDriver`` as the faust
agents, in batches, dead-letter routing included, and the sinks store into :class:`MemoryTable`
instances. For unit tests of the topology and for trying a new stage::

    harness = MemoryPipeline(StageContext(now=T0, nlp=nlp, stance=model))
    harness.feed(payloads)
    asyncio.run(harness.run())
    harness.articles.rows, harness.dead_letters.rows
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from agents.sinks import ArticleSink, DeadLetterSink, MemoryTable
from agents.streaming import Delivery, Sink, SinkDriver, StageDriver, settled
from pipeline.errors import ResultTooLarge
from pipeline.runner import Message
from pipeline.stages import StageContext
from pipeline.topology import RAW_TOPIC, SINKS, STAGES, SinkSpec, Stage, Topic, topic_name
from schemas.articles import EnrichedArticle
from schemas.deadletter import DeadLetter

__all__ = ["MemoryPipeline"]


class MemoryPipeline:
    """Topics as lists; stages and sinks consume them in batches until nothing is left to do."""

    def __init__(
        self,
        ctx: StageContext,
        *,
        stages: Sequence[Stage[Any, Any]] = STAGES,
        sinks: Sequence[SinkSpec] = SINKS,
        prefix: str = "memory",
        batch_size: int = 16,
        max_message_bytes: int | None = None,
        articles: MemoryTable[EnrichedArticle] | None = None,
        dead_letters: MemoryTable[DeadLetter] | None = None,
    ) -> None:
        self.ctx = ctx
        self.prefix = prefix
        self.batch_size = batch_size
        self.max_message_bytes = max_message_bytes
        self.topics: dict[str, list[Message]] = defaultdict(list)
        self.articles = articles or MemoryTable()
        self.dead_letters = dead_letters or MemoryTable()
        context = lambda: ctx  # noqa: E731 - the same clock for every batch: runs are reproducible
        self._drivers: list[tuple[str, StageDriver | SinkDriver]] = [
            (s.source.key, StageDriver(s, context, self.publish)) for s in stages
        ]
        for spec in sinks:
            self._drivers.append((spec.source.key, SinkDriver(spec, self._sink(spec), context)))
        self._read = [0] * len(self._drivers)  # the next offset each driver reads on its topic

    def _sink(self, spec: SinkSpec) -> Sink[Any]:
        if spec.name == "store_articles":
            return ArticleSink(
                self.articles,
                self.publish,
                now=lambda: self.ctx.now,
                max_payload_bytes=self.ctx.max_dead_letter_payload_bytes,
            )
        if spec.name == "store_dead_letters":
            return DeadLetterSink(self.dead_letters)
        msg = f"no in-memory store for sink {spec.name!r}"
        raise ValueError(msg)

    async def publish(self, topic: Topic, key: bytes | None, value: bytes) -> Delivery:
        """Append a message to ``topic``, at the next offset; refuse one over ``max_message_bytes``.

        Like a broker, the refusal comes with the delivery, not when the message is queued.
        """
        if self.max_message_bytes is not None and len(value) > self.max_message_bytes:
            msg = f"message of {len(value):,} bytes is over the {self.max_message_bytes:,}-byte limit"
            return settled(ResultTooLarge(msg))
        log = self.topics[topic.key]
        log.append(
            Message(value, key, topic=topic_name(self.prefix, topic), partition=0, offset=len(log), timestamp=0.0)
        )
        return settled(result=len(log) - 1)

    def feed(self, payloads: Iterable[bytes], *, key: bytes | None = None) -> None:
        """Put raw-article payloads on the raw topic, as a scraper would."""
        for payload in payloads:
            log = self.topics[RAW_TOPIC.key]
            log.append(Message(payload, key, topic=topic_name(self.prefix, RAW_TOPIC), partition=0, offset=len(log)))

    async def run(self) -> None:
        """Let every stage and sink consume its topic, batch by batch, until all topics are read."""
        while True:
            progressed = False
            for i, (key, driver) in enumerate(self._drivers):
                log, start = self.topics[key], self._read[i]
                if start >= len(log):
                    continue
                batch = log[start : start + self.batch_size]
                self._read[i] = start + len(batch)
                await driver.handle(batch)
                progressed = True
            if not progressed:
                return
