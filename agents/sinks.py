"""Our two sinks: enriched articles and dead letters, each over a ``store`` coroutine.

Each is an :class:`agents.streaming.Sink`; ``SinkDriver`` gives them batching, retry while the store
is away, and per-row isolation when it refuses a batch. What the sinks add is the policy for a row
the store refuses on its own: an article becomes a dead letter; a dead letter is stored in a reduced
form. Production stores are ``agents.sink_postgres``; tests and the in-memory harness pass
:class:`MemoryTable`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Generic, TypeVar

from agents.streaming import Publish, log_dead_letter, publish_dead_letter, retry_transient
from pipeline.deadletters import make_dead_letter, reduced_dead_letter, without_payload
from pipeline.runner import Message
from schemas.articles import EnrichedArticle
from schemas.deadletter import DeadLetter

__all__ = ["ArticleSink", "DeadLetterSink", "MemoryTable", "Store"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

Store = Callable[[Sequence[T]], Awaitable[object]]
"""Writes a batch of rows in one go (raises ``TransientError`` while the store is away)."""


class ArticleSink:
    """Stores enriched articles; an article the store refuses becomes a ``store_articles`` dead letter."""

    def __init__(
        self, store: Store[EnrichedArticle], publish: Publish, *, now: Callable[[], datetime], max_payload_bytes: int
    ) -> None:
        self.store = store
        self.publish = publish
        self.now = now
        self.max_payload_bytes = max_payload_bytes

    async def write(self, rows: Sequence[EnrichedArticle]) -> None:
        await self.store(rows)

    async def refused(self, message: Message, row: EnrichedArticle, exc: Exception) -> None:
        letter = make_dead_letter(
            exc,
            stage="store_articles",
            payload=message.value or b"",
            failed_at=self.now(),
            max_payload_bytes=self.max_payload_bytes,
            article_id=row.id,
            source_topic=message.topic,
            source_partition=message.partition,
            source_offset=message.offset,
            source_key=message.key,
            origin=row.origin,
        )
        log_dead_letter(letter, exc)
        await publish_dead_letter(self.publish, letter.article_id.encode() if letter.article_id else None, letter)

    async def undecodable(self, message: Message, letter: DeadLetter) -> None:
        await publish_dead_letter(self.publish, letter.article_id.encode() if letter.article_id else None, letter)


class DeadLetterSink:
    """Stores dead letters; one the store refuses is stored again in a reduced form.

    The reduced form has the payload as base64 and the characters the store refuses removed, so a
    dead letter is never only a log line.

    Unreadable messages on the dead-letter topic are stored directly as dead letters of this sink:
    sending them back to the topic would loop.
    """

    def __init__(self, store: Store[DeadLetter]) -> None:
        self.store = store

    async def write(self, rows: Sequence[DeadLetter]) -> None:
        await self.store(rows)

    async def refused(self, message: Message, row: DeadLetter, exc: Exception) -> None:
        logger.warning(
            "dead letter refused, storing a reduced form topic=%s partition=%s offset=%s error=%r",
            message.topic, message.partition, message.offset, exc,
        )  # fmt: skip
        await self._store_reduced(row)

    async def undecodable(self, message: Message, letter: DeadLetter) -> None:
        await self._store_reduced(letter)

    async def _store_reduced(self, letter: DeadLetter) -> None:
        reduced = reduced_dead_letter(letter)
        try:
            await retry_transient(lambda: self.store([reduced]), "store_dead_letters")
        except Exception as exc:  # noqa: BLE001 - the last resort: the letter without its payload
            logger.error(
                "reduced dead letter refused, storing it without its payload topic=%s partition=%s offset=%s error=%r",
                letter.source_topic, letter.source_partition, letter.source_offset, exc,
            )  # fmt: skip
            bare = without_payload(reduced)
            await retry_transient(lambda: self.store([bare]), "store_dead_letters")


class MemoryTable(Generic[T]):
    """An in-memory store: ``rows`` in write order; ``refuse(row)`` true makes it refuse that row."""

    def __init__(self, *, refuse: Callable[[T], bool] = lambda row: False) -> None:
        self.rows: list[T] = []
        self._refuse = refuse

    async def __call__(self, rows: Sequence[T]) -> None:
        refused = [row for row in rows if self._refuse(row)]
        if refused:
            msg = f"store refuses {len(refused)} of {len(rows)} rows"
            raise ValueError(msg)
        self.rows.extend(rows)
