"""Kafka offsets, read honestly: each partition's high-water mark and the worker group's committed offset.

The high-water mark is taken from a *fetch response*, never from ListOffsets: tansu answers
ListOffsets("latest") wrongly (first offset of the last batch + 1, a tansu defect listed in the README), which would
make lag look smaller than it is. A fetch response carries the true high-water mark on any Kafka,
so this works the same against Apache Kafka.

The committed offsets are read by a group member that never joins: ``assign()`` + ``committed()``
sends OffsetFetch without rebalancing the workers, and the reader never commits. (aiokafka's admin
``list_consumer_group_offsets`` cannot parse tansu's OffsetFetch response.)

Two users: :func:`agents.admin.consumer_lag` reads once and closes; the dashboard's sampler keeps
one reader for the web server's lifetime and reads every ~1.5 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from aiokafka import AIOKafkaConsumer, TopicPartition

from agents.settings import Settings

__all__ = ["OffsetReader", "PartitionLag"]

REOPEN_AFTER = 10.0  # s: while a topic has no partitions yet, the reader reconnects at most this often


@dataclass(frozen=True)
class PartitionLag:
    """Consumer progress on one partition."""

    topic: str
    partition: int
    committed: int
    high_water: int

    @property
    def lag(self) -> int:
        """Messages not yet processed by the group."""
        return max(self.high_water - self.committed, 0)


class OffsetReader:
    """Reads the high-water mark and the worker group's committed offset of each partition of ``topics``.

    One consumer, opened by the first read and kept until :meth:`close`, or until a read fails (the
    next read opens a new one). It is a member of the worker group (``settings.app_id``) that never
    joins (``assign``, not ``subscribe``) and never commits. Its partitions stay paused between
    reads; a read seeks each partition to the last known high-water mark (or the committed offset,
    if later), so the fetch usually carries no records, only the fresh mark.

    Topics that do not exist yet have no partitions and are left out of a read. While some are
    missing, the consumer is reopened (which refreshes the metadata) at most every
    ``REOPEN_AFTER`` s, until all exist.

    Args:
        settings: the Kafka bootstrap servers and the worker group id (``app_id``).
        topics: the topics to read, in the order a read lists them.
        timeout: seconds one read may take, connecting included.
        client_id: the consumer's client id, as the broker logs it.
    """

    def __init__(
        self,
        settings: Settings,
        topics: Sequence[str],
        *,
        timeout: float = 5.0,
        client_id: str = "newsflow-offsets",
    ) -> None:
        self.settings = settings
        self.topics = tuple(topics)
        self.timeout = timeout
        self.client_id = client_id
        self._consumer: AIOKafkaConsumer | None = None
        self._partitions: list[TopicPartition] = []
        self._high_water: dict[TopicPartition, int] = {}
        self._opened_at = -math.inf

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def read(self) -> list[PartitionLag]:
        """Every partition's committed offset and high-water mark now: topics in order, partitions sorted.

        A partition the group never committed on counts as committed at 0.

        Raises:
            TimeoutError: the broker did not answer within ``timeout`` s (the consumer is closed).
        """
        try:
            return await asyncio.wait_for(self._read(), self.timeout)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        """Stop the consumer (the next read opens a new one)."""
        consumer, self._consumer = self._consumer, None
        self._partitions, self._high_water = [], {}
        if consumer is not None:
            with contextlib.suppress(Exception):
                await consumer.stop()

    async def _open(self) -> AIOKafkaConsumer:
        if self._consumer is not None:
            if len({tp.topic for tp in self._partitions}) == len(self.topics):
                return self._consumer
            # Topics appear when the worker first starts; metadata is refreshed by reconnecting.
            if time.monotonic() - self._opened_at < REOPEN_AFTER:
                return self._consumer
            await self.close()
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.kafka_servers,
            group_id=self.settings.app_id,
            client_id=self.client_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=10,
            max_partition_fetch_bytes=1,  # we want the high-water mark, not the records
            fetch_max_bytes=1,
            request_timeout_ms=int(self.timeout * 1000),
        )
        self._opened_at = time.monotonic()
        try:
            await consumer.start()
        except BaseException:
            await consumer.stop()
            raise
        self._consumer = consumer
        self._partitions = [
            TopicPartition(t, p) for t in self.topics for p in sorted(consumer.partitions_for_topic(t) or ())
        ]
        consumer.assign(self._partitions)
        consumer.pause(*self._partitions)  # before any await: no fetch until a read asks
        return consumer

    async def _read(self) -> list[PartitionLag]:
        consumer = await self._open()
        tps = list(self._partitions)
        commits = await asyncio.gather(*(consumer.committed(tp) for tp in tps))
        committed = {tp: c or 0 for tp, c in zip(tps, commits, strict=True)}
        polled = {tp: consumer.last_poll_timestamp(tp) for tp in tps}
        for tp in tps:
            consumer.seek(tp, max(self._high_water.get(tp, 0), committed[tp]))
        consumer.resume(*tps)
        try:
            # Until every partition has had a fresh fetch response: each carries its high-water mark.
            while any(consumer.last_poll_timestamp(tp) == polled[tp] for tp in tps):
                await consumer.getmany(*tps, timeout_ms=50, max_records=100)
        finally:
            consumer.pause(*tps)
        offsets = []
        for tp in tps:
            high_water = consumer.highwater(tp) or 0
            self._high_water[tp] = high_water
            offsets.append(PartitionLag(tp.topic, tp.partition, committed[tp], high_water))
        return offsets
