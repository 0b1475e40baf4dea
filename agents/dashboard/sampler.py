"""The dashboard's view of Kafka: per-topic totals of high-water marks, committed offsets and lag."""

from __future__ import annotations

from agents.dashboard.view import TopicSample, topic_totals
from agents.offsets import OffsetReader
from agents.settings import Settings

__all__ = ["KafkaSampler"]


class KafkaSampler:
    """Reads every pipeline topic's high-water marks and the worker group's committed offsets, cheaply.

    One :class:`~agents.offsets.OffsetReader` for the server's lifetime: one consumer that never
    joins the group, never commits, and whose partitions stay paused between samples.
    """

    def __init__(self, settings: Settings, *, timeout: float = 5.0) -> None:
        self.settings = settings
        self.topics = settings.topics.all()
        self.timeout = timeout
        self.reader = OffsetReader(settings, self.topics, timeout=timeout, client_id="newsflow-dashboard")

    async def close(self) -> None:
        """Stop the consumer (a new one is opened by the next sample)."""
        await self.reader.close()

    async def sample(self) -> dict[str, TopicSample]:
        """Read every pipeline topic's totals now (topics not created yet are left out).

        Raises:
            TimeoutError: the broker did not answer within ``timeout`` s (the consumer is reopened).
        """
        return topic_totals(await self.reader.read())
