"""Kafka administration: create the topics, and measure consumer lag honestly.

Lag = high-water mark − committed offset, both read by :class:`agents.offsets.OffsetReader`: the
high-water mark from a *fetch response*, not from ListOffsets, which tansu answers wrongly
(a tansu defect listed in the README).
"""

from __future__ import annotations

import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from agents.offsets import OffsetReader, PartitionLag
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


async def consumer_lag(
    settings: Settings, topics: list[str] | None = None, *, timeout: float = 5.0
) -> list[PartitionLag]:
    """Lag of the worker group on ``topics`` (default: every pipeline topic), one entry per partition.

    Raises:
        TimeoutError: the broker did not answer within ``timeout`` s.
    """
    topics = topics or list(settings.topics.all())
    async with OffsetReader(settings, topics, timeout=timeout, client_id="newsflow-lag") as reader:
        return await reader.read()
