"""Prometheus metrics of a worker or the web process, on a registry each process owns.

Nothing is registered at import: :class:`Metrics` is created by whoever owns the process (the
worker's :class:`~agents.runtime.Runtime`, the web application) and passed down. Every sample it
exposes carries a ``worker`` label (``NEWSFLOW_WORKER_NAME``, default ``<hostname>-<pid>``), so
several workers scraped through one address, or reporting to one federation, stay apart.

Stage labels are the names of the topology's rows (``pipeline.topology.STAGES`` and ``SINKS``),
passed in by the drivers; nothing here knows a stage by name. The invariant the counters keep, per
stage and sink: ``in = out + dead letters`` once a batch is handled.

Collectors read state at scrape time instead of counting: :class:`ConsumerLagCollector` (a
worker's assigned partitions' lag, from the high-water mark of the last *fetch response*; never
ListOffsets, which tansu answers wrongly), :class:`GroupLagCollector` (the web process's view of
the whole group's lag, read the same honest way by ``agents.offsets``) and
:class:`StanceCacheCollector` (the stance model's ``CacheInfo``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.registry import Collector

from schemas.deadletter import DeadLetter

__all__ = [
    "CONTENT_TYPE",
    "ConsumerLagCollector",
    "GroupLagCollector",
    "LagSource",
    "Metrics",
    "StanceCacheCollector",
    "default_worker_name",
    "partition_lags",
    "partition_unfinished",
]

logger = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
"""The text exposition format every Prometheus server reads."""

# Batch times: a clean batch takes milliseconds, an NLP batch of 16 articles seconds.
PROCESSING_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
# Scraper fetch to stored row: ~0.1 s per hop when idle, minutes behind a backlog.
END_TO_END_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0)


def default_worker_name() -> str:
    """``<hostname>-<pid>``: unique among the processes of one host, and among containers."""
    return f"{socket.gethostname()}-{os.getpid()}"


class _Labelled(Collector):
    """Every family of ``inner``, each sample with ``labels`` added (a label already set wins).

    The ``*_created`` samples prometheus-client adds to counters and histograms are left out: in the
    text format they are separate gauges that double the series count and no alert reads them.
    """

    def __init__(self, inner: CollectorRegistry, labels: dict[str, str]) -> None:
        self.inner = inner
        self.labels = labels

    def collect(self) -> Iterator[Metric]:
        for family in self.inner.collect():
            created = f"{family.name}_created"
            family.samples = [
                s._replace(labels={**self.labels, **s.labels}) for s in family.samples if s.name != created
            ]
            yield family


class Metrics:
    """The metrics of one process: per-stage counters and histograms, plus process memory and CPU.

    Args:
        worker: the ``worker`` label of every sample.
        process: also expose ``process_*`` (resident memory, CPU seconds, open files; Linux ``/proc``).
    """

    def __init__(self, worker: str, *, process: bool = True) -> None:
        self.worker = worker
        self.registry = CollectorRegistry()
        if process:
            ProcessCollector(registry=self.registry)
        r = self.registry
        self.messages_in = Counter(
            "newsflow_stage_messages_in", "Messages a stage or sink took from its topic.", ["stage"], registry=r
        )
        self.messages_out = Counter(
            "newsflow_stage_messages_out",
            "Messages a stage published to its target topic, or a sink stored.",
            ["stage"],
            registry=r,
        )
        self.dead_letters = Counter(
            "newsflow_dead_letters",
            "Inputs a stage turned into dead letters, by reason.",
            ["stage", "reason"],
            registry=r,
        )
        self.long_lane = Counter(
            "newsflow_long_lane_messages",
            "Messages a stage ran in its long lane: articles over NEWSFLOW_LONG_TEXT_BYTES, and the messages "
            "after one with its key.",
            ["stage"],
            registry=r,
        )
        self.processing = Histogram(
            "newsflow_stage_batch_seconds",
            "Time to handle one batch: decode, process (NLP off the event loop), publish or store.",
            ["stage"],
            buckets=PROCESSING_BUCKETS,
            registry=r,
        )
        self.batch_size = Histogram(
            "newsflow_stage_batch_messages",
            "Messages per handled batch.",
            ["stage"],
            buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256, 512),
            registry=r,
        )
        self.end_to_end = Histogram(
            "newsflow_end_to_end_seconds",
            "From an article's fetched_at (set by its scraper) to its row stored in PostgreSQL. Articles "
            "without fetched_at are not observed.",
            buckets=END_TO_END_BUCKETS,
            registry=r,
        )

    def register(self, collector: Collector) -> None:
        """Add a collector read at scrape time (lag, stance cache)."""
        self.registry.register(collector)

    def expose(self) -> bytes:
        """The exposition text of every metric, each sample labelled with this process's ``worker``."""
        return generate_latest(_Labelled(self.registry, {"worker": self.worker}))

    def prepare_stage(self, stage: str, reasons: Iterable[str] = ()) -> None:
        """Create a stage's series at zero, so a scrape before its first message shows it (rates start at 0)."""
        self.messages_in.labels(stage)
        self.messages_out.labels(stage)
        self.processing.labels(stage)
        self.batch_size.labels(stage)
        for reason in reasons:
            self.dead_letters.labels(stage, reason)

    def taken(self, stage: str, n: int) -> None:
        """``n`` messages of a batch were taken from ``stage``'s topic."""
        self.messages_in.labels(stage).inc(n)
        self.batch_size.labels(stage).observe(n)

    def prepare_lane(self, stage: str) -> None:
        """Create the long-lane series of a stage that has one, at zero."""
        self.long_lane.labels(stage)

    def laned(self, stage: str) -> None:
        """One message of ``stage`` goes to its long lane."""
        self.long_lane.labels(stage).inc()

    def passed(self, stage: str, n: int = 1) -> None:
        """``n`` messages went on: published to the target topic, or stored."""
        self.messages_out.labels(stage).inc(n)

    def dead_lettered(self, stage: str, reason: str) -> None:
        """One input of ``stage`` became a dead letter with ``reason``."""
        self.dead_letters.labels(stage, reason).inc()

    def letter(self, letter: DeadLetter) -> None:
        """Count ``letter`` under its own stage and reason."""
        self.dead_lettered(letter.stage, letter.reason)

    def handled(self, stage: str, seconds: float) -> None:
        """A batch of ``stage`` took ``seconds`` to handle."""
        self.processing.labels(stage).observe(seconds)

    def stored(self, fetched: Iterable[datetime | None], now: datetime) -> None:
        """Articles were stored at ``now``; observe each one's time since ``fetched_at`` (``None``: skipped).

        A ``fetched_at`` in the future (a scraper's clock ahead of ours) counts as 0 s.
        """
        for at in fetched:
            if at is not None:
                self.end_to_end.observe(max((now - at).total_seconds(), 0.0))


# --- Collectors read at scrape time -----------------------------------------------------------------


class LagSource(Protocol):
    """What :class:`ConsumerLagCollector` reads: a faust consumer's assignment, marks and commits."""

    def assignment(self) -> Iterable[Any]: ...

    def highwater(self, tp: Any) -> int | None: ...

    def committed(self, tp: Any) -> int | None: ...

    def acknowledged(self, tp: Any) -> int:
        """Messages at or past the committed offset that are done but not committed yet."""
        ...


def partition_lags(source: LagSource) -> list[tuple[str, int, int]]:
    """``(topic, partition, lag)`` of each assigned partition whose high-water mark is known, sorted.

    The high-water mark is the one the last fetch response carried; the committed offset is the next
    offset the group will read (none yet: 0, where ``auto_offset_reset=earliest`` starts). A partition
    not fetched yet since its assignment has no mark and is left out.

    >>> class Fake:
    ...     def assignment(self): return [("t", 1), ("t", 0)]
    ...     def highwater(self, tp): return {("t", 0): 10, ("t", 1): None}[tp]
    ...     def committed(self, tp): return 7
    >>> partition_lags(Fake())
    [('t', 0, 3)]
    """
    lags = []
    for tp in source.assignment():
        high_water = source.highwater(tp)
        if high_water is None:
            continue
        topic, partition = tp
        lags.append((topic, partition, max(high_water - (source.committed(tp) or 0), 0)))
    return sorted(lags)


def partition_unfinished(source: LagSource) -> list[tuple[str, int, int]]:
    """``(topic, partition, unfinished)``: the lag less the messages done but not committed.

    A message in a long lane holds the committed offset while the messages after it are handled and
    acknowledged: the lag counts them, the work left does not.

    >>> class Fake:
    ...     def assignment(self): return [("t", 0)]
    ...     def highwater(self, tp): return 10
    ...     def committed(self, tp): return 4
    ...     def acknowledged(self, tp): return 5
    >>> partition_unfinished(Fake())
    [('t', 0, 1)]
    """
    return [
        (topic, partition, max(lag - source.acknowledged((topic, partition)), 0))
        for topic, partition, lag in partition_lags(source)
    ]


class ConsumerLagCollector(Collector):
    """``newsflow_consumer_lag``: messages of each partition this worker is assigned that it has not committed."""

    def __init__(self, source: Callable[[], LagSource | None]) -> None:
        self.source = source

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "newsflow_consumer_lag",
            "High-water mark (from the last fetch response) minus committed offset, per assigned partition.",
            labels=["topic", "partition"],
        )
        unfinished_family = GaugeMetricFamily(
            "newsflow_consumer_unfinished",
            "newsflow_consumer_lag less the messages already done but not committed (behind one in a long lane).",
            labels=["topic", "partition"],
        )
        source = self.source()
        try:
            lags = partition_lags(source) if source is not None else []
            unfinished = partition_unfinished(source) if source is not None else []
        except Exception as exc:  # noqa: BLE001 - mid-rebalance the consumer refuses; the next scrape asks again
            logger.debug("consumer lag not read error=%r", exc)
            lags, unfinished = [], []
        for topic, partition, lag in lags:
            family.add_metric([topic, str(partition)], lag)
        for topic, partition, left in unfinished:
            unfinished_family.add_metric([topic, str(partition)], left)
        yield family
        yield unfinished_family


class PartitionLagLike(Protocol):
    """One partition's lag, as :class:`agents.offsets.PartitionLag` reports it."""

    @property
    def topic(self) -> str: ...

    @property
    def partition(self) -> int: ...

    @property
    def lag(self) -> int: ...


class GroupLagCollector(Collector):
    """``newsflow_group_lag``: the worker group's lag on each partition of the pipeline's topics.

    Read from outside the group (``read`` is :meth:`agents.offsets.OffsetReader.read`: high-water
    marks from fetch responses, committed offsets by OffsetFetch), so it keeps growing when no worker
    runs, unlike each worker's ``newsflow_consumer_lag``. The web process calls :meth:`refresh`
    before each scrape (at most one read per ``ttl`` s); a failed read leaves the gauge without
    samples until the next one succeeds.
    """

    def __init__(
        self,
        read: Callable[[], Awaitable[Sequence[PartitionLagLike]]],
        *,
        ttl: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.read = read
        self.ttl = ttl
        self.clock = clock
        self.reads = 0
        self._lags: list[tuple[str, int, int]] = []
        self._at: float | None = None
        self._lock = asyncio.Lock()

    async def refresh(self) -> None:
        """Read the lag now, unless the last read is under ``ttl`` s old; concurrent scrapes share a read."""
        async with self._lock:
            if self._at is not None and self.clock() - self._at < self.ttl:
                return
            try:
                self._lags = sorted((p.topic, p.partition, p.lag) for p in await self.read())
            except Exception as exc:  # noqa: BLE001 - no broker answer: no samples, and the scrape still succeeds
                logger.debug("group lag not read error=%r", exc)
                self._lags = []
            self.reads += 1
            self._at = self.clock()

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "newsflow_group_lag",
            "The worker group's lag per partition: high-water mark (from a fetch response) minus committed offset.",
            labels=["topic", "partition"],
        )
        for topic, partition, lag in self._lags:
            family.add_metric([topic, str(partition)], lag)
        yield family


class CacheInfoLike(Protocol):
    hits: int
    misses: int
    size: int
    capacity: int


class StanceCacheCollector(Collector):
    """The stance model's score cache: hits, misses, entries and capacity (absent before the model loads)."""

    def __init__(self, info: Callable[[], CacheInfoLike | None]) -> None:
        self.info = info

    def collect(self) -> Iterator[Metric]:
        info = self.info()
        if info is None:
            return
        hits = CounterMetricFamily("newsflow_stance_cache_hits", "Stance scores served from the cache.")
        hits.add_metric([], info.hits)
        misses = CounterMetricFamily("newsflow_stance_cache_misses", "Stance scores computed by the model.")
        misses.add_metric([], info.misses)
        size = GaugeMetricFamily("newsflow_stance_cache_entries", "Scores the cache holds now.")
        size.add_metric([], info.size)
        capacity = GaugeMetricFamily("newsflow_stance_cache_capacity", "Scores the cache can hold (0: off).")
        capacity.add_metric([], info.capacity)
        yield from (hits, misses, size, capacity)
