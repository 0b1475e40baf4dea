"""Kafka administration: create the topics, and measure consumer lag honestly.

Lag = high-water mark − committed offset. The high-water mark is taken from a *fetch response*,
not from ListOffsets: tansu answers ListOffsets("latest") wrongly (first offset of the last batch
+ 1, STACK.md defect 1), which would make lag look smaller than it is. A fetch response carries the
true high-water mark on any Kafka, so this works the same against Apache Kafka.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from agents.settings import Settings

__all__ = ["PartitionLag", "consumer_lag", "ensure_topics"]

logger = logging.getLogger(__name__)


async def ensure_topics(settings: Settings) -> list[str]:
    """Create the pipeline's topics that do not exist yet; return the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                name,
                num_partitions=settings.topic_partitions,
                replication_factor=settings.topic_replication,
                topic_configs={"max.message.bytes": str(settings.max_message_bytes)},
            )
            for name in settings.topics.all()
            if name not in existing
        ]
        created = []
        for topic in wanted:  # one by one: an "already exists" race must not hide the others
            try:
                await admin.create_topics([topic])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass
        if created:
            logger.info("created topics=%s partitions=%d", ",".join(created), settings.topic_partitions)
        return created
    finally:
        await admin.close()


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


async def consumer_lag(
    settings: Settings, topics: list[str] | None = None, *, timeout: float = 5.0
) -> list[PartitionLag]:
    """Lag of the worker group on ``topics`` (default: the pipeline's input topics)."""
    names = settings.topics
    topics = topics or [names.raw, names.clean, names.entities, names.quotes, names.enriched, names.dead_letter]
    # A group member that never joins: assign() + committed() reads the group's offsets (OffsetFetch)
    # without rebalancing the workers. (aiokafka's admin list_consumer_group_offsets cannot parse
    # tansu's OffsetFetch response.)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_servers,
        group_id=settings.app_id,
        enable_auto_commit=False,
        fetch_max_wait_ms=10,
        max_partition_fetch_bytes=1,  # we want the high-water mark, not the records
        fetch_max_bytes=1,
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(t, p) for t in topics for p in sorted(consumer.partitions_for_topic(t) or ())]
        consumer.assign(partitions)
        committed = {tp: (await consumer.committed(tp)) or 0 for tp in partitions}
        for tp in partitions:
            consumer.seek(tp, committed[tp])
        deadline = asyncio.get_running_loop().time() + timeout
        while any(consumer.highwater(tp) is None for tp in partitions):
            if asyncio.get_running_loop().time() > deadline:
                break
            await consumer.getmany(timeout_ms=50, max_records=1)
        return [
            PartitionLag(tp.topic, tp.partition, committed.get(tp, 0), consumer.highwater(tp) or 0) for tp in partitions
        ]
    finally:
        with contextlib.suppress(Exception):
            await consumer.stop()
