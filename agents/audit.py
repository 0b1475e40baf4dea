"""`newsflow audit`: every raw-topic message the workers have committed has a stored outcome.

The accounting invariant (README, "Nothing lost") says that a worker commits an input only once its
outcome is on its way: the cleaned article on the next topic, or its dead letter. This checks the end
of that way on the running system, from outside the workers: it reads the raw topic's messages below
the worker group's committed offset of each partition and looks each one up in ``input_outcomes``,
which the sinks write in the transaction that stores an article version or a dead letter
(``agents.sink_postgres``). A message is

* *accounted* when an outcome is recorded at its position with its timestamp (a position whose
  recorded timestamp differs held an earlier message: a restarted memory broker starts at offset 0);
* *pending* when it has none yet but was appended less than ``grace`` seconds ago: the raw topic is
  committed as soon as the cleaned article is on the clean topic, seconds (for a long article,
  minutes) before its row is stored;
* *missing* otherwise: an input lost. ``--replay`` sends each missing message to the raw topic again,
  byte for byte, and records its old position as ``replayed``; the copy gets its own outcome.

:func:`account` is the rule, without I/O; :func:`audit` reads the broker and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

from agents.admin import consumer_lag
from agents.settings import Settings
from agents.sink_postgres import Outcome, record_outcomes
from pipeline.topology import RAW_TOPIC

__all__ = ["PartitionAudit", "RawMessage", "account", "audit"]

SHOWN = 20  # missing messages listed per partition in the report (all are counted, and replayed)
STALL_S = 30  # empty 1 s fetches in a row, below the committed offset, before a read gives up


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One raw-topic message, as the audit reads it."""

    partition: int
    offset: int
    timestamp_ms: int
    key: bytes | None
    value: bytes | None


@dataclass
class PartitionAudit:
    """What the audit found on one partition of the raw topic."""

    partition: int
    committed: int  # the worker group's committed offset: messages below it are checked
    first: int | None = None  # the first offset read (None: nothing to read below the committed offset)
    checked: int = 0
    accounted: Counter[str] = field(default_factory=Counter)  # outcome -> messages
    pending: int = 0
    missing: list[RawMessage] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The partition's report as plain data: counts, and the first ``SHOWN`` missing offsets."""
        return {
            "partition": self.partition,
            "committed": self.committed,
            "first": self.first,
            "checked": self.checked,
            "accounted": dict(self.accounted),
            "pending": self.pending,
            "missing": len(self.missing),
            "missing_offsets": [m.offset for m in self.missing[:SHOWN]],
        }


def account(
    report: PartitionAudit,
    messages: Iterable[RawMessage],
    outcomes: Mapping[int, tuple[int | None, str]],
    *,
    now_ms: int,
    grace_ms: int,
) -> None:
    """Sort ``messages`` into accounted, pending and missing by the ``outcomes`` recorded for their offsets.

    ``outcomes`` maps an offset to the recorded (timestamp_ms, outcome). An outcome recorded without
    a timestamp matches whatever message is at its position.

    >>> r = PartitionAudit(0, committed=3)
    >>> msgs = [RawMessage(0, o, 1_000 * o, None, b"{}") for o in range(3)]
    >>> account(r, msgs, {0: (0, "article"), 1: (999, "article")}, now_ms=2_500, grace_ms=1_000)
    >>> dict(r.accounted), r.pending, [m.offset for m in r.missing]
    ({'article': 1}, 1, [1])
    """
    for message in messages:
        report.checked += 1
        recorded = outcomes.get(message.offset)
        if recorded is not None and recorded[0] in (None, message.timestamp_ms):
            report.accounted[recorded[1]] += 1
        elif now_ms - message.timestamp_ms < grace_ms:
            report.pending += 1
        else:
            report.missing.append(message)


async def _read_partition(
    consumer: AIOKafkaConsumer, tp: TopicPartition, start: int, end: int
) -> AsyncIterator[list[RawMessage]]:
    """Batches of the messages of ``tp`` from ``start`` (or the first retained after it) up to ``end``, exclusive.

    Raises:
        TimeoutError: the broker sent nothing for ``STALL_S`` seconds while messages below ``end`` remain.
    """
    consumer.seek(tp, start)
    empty = 0
    while await consumer.position(tp) < end:
        records = (await consumer.getmany(tp, timeout_ms=1_000, max_records=500)).get(tp, [])
        batch = [RawMessage(tp.partition, r.offset, r.timestamp, r.key, r.value) for r in records if r.offset < end]
        if batch:
            empty = 0
            yield batch
            continue
        # Offsets without a message (transaction markers, a compacted or deleted stretch) end the read
        # when the broker has nothing beyond them.
        highwater = consumer.highwater(tp)
        if highwater is not None and highwater <= await consumer.position(tp):
            return
        empty += 1
        if empty >= STALL_S:
            msg = f"{tp.topic} partition {tp.partition}: no message from offset {await consumer.position(tp)} for {STALL_S} s"
            raise TimeoutError(msg)


async def _recorded(
    pool: asyncpg.Pool, topic: str, partition: int, lo: int, hi: int
) -> dict[int, tuple[int | None, str]]:
    rows = await pool.fetch(
        'SELECT "offset", timestamp_ms, outcome FROM input_outcomes'
        ' WHERE topic = $1 AND "partition" = $2 AND "offset" >= $3 AND "offset" < $4',
        topic, partition, lo, hi,
    )  # fmt: skip
    return {r["offset"]: (r["timestamp_ms"], r["outcome"]) for r in rows}


Send = Callable[[str, bytes | None, bytes | None], Awaitable[None]]
"""Sends a message to a topic and returns once the broker acknowledged it."""


async def audit(
    settings: Settings,
    pool: asyncpg.Pool,
    *,
    now_ms: Callable[[], int],
    grace_ms: int,
    last: int = 0,
    send: Send | None = None,
    progress: Callable[[int], None] = lambda checked: None,
) -> list[PartitionAudit]:
    """Audit the raw topic's messages below the worker group's committed offsets, partition by partition.

    Args:
        settings: the broker, the worker group (``app_id``) and the topic names.
        pool: the pipeline's PostgreSQL.
        now_ms: the clock, in milliseconds since the epoch (for the grace period).
        grace_ms: messages appended more recently than this without an outcome are pending, not missing.
        last: check only the last ``last`` messages below each committed offset (0: all retained).
        send: given, each missing message is sent to the raw topic again and its position recorded as
            ``replayed`` once the broker acknowledged the copy.
        progress: called with the number of messages checked so far.
    """
    topic = settings.topics[RAW_TOPIC]
    lags = await consumer_lag(settings, [topic])
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_servers,
        group_id=None,
        client_id="newsflow-audit",
        enable_auto_commit=False,
        auto_offset_reset="earliest",  # a start before the first retained message reads from that one
        fetch_max_bytes=settings.max_message_bytes,
        max_partition_fetch_bytes=settings.max_message_bytes,
    )
    await consumer.start()
    reports: list[PartitionAudit] = []
    checked = 0
    try:
        consumer.assign([TopicPartition(topic, lag.partition) for lag in lags])
        for lag in lags:
            report = PartitionAudit(lag.partition, committed=lag.committed)
            reports.append(report)
            start = max(lag.committed - last, 0) if last > 0 else 0
            if start >= lag.committed:
                continue
            outcomes = await _recorded(pool, topic, lag.partition, start, lag.committed)
            async for batch in _read_partition(consumer, TopicPartition(topic, lag.partition), start, lag.committed):
                report.first = batch[0].offset if report.first is None else report.first
                account(report, batch, outcomes, now_ms=now_ms(), grace_ms=grace_ms)
                checked += len(batch)
                progress(checked)
            if report.missing:  # an outcome may have been stored since the first look: look again
                again = await _recorded(
                    pool, topic, lag.partition, report.missing[0].offset, report.missing[-1].offset + 1
                )
                late = {m.offset for m in report.missing if again.get(m.offset, (-1, ""))[0] in (None, m.timestamp_ms)}
                for offset in late:
                    report.accounted[again[offset][1]] += 1
                report.missing = [m for m in report.missing if m.offset not in late]
            if send is not None and report.missing:
                await _replay(pool, topic, report.missing, send)
    finally:
        with contextlib.suppress(Exception):
            await consumer.stop()
    return reports


async def _replay(pool: asyncpg.Pool, topic: str, missing: Sequence[RawMessage], send: Send) -> None:
    """Send each missing message again, then record its old position as replayed."""
    await asyncio.gather(*(send(topic, m.key, m.value) for m in missing))
    replayed: list[Outcome] = [(topic, m.partition, m.offset, m.timestamp_ms, "replayed", None) for m in missing]
    async with pool.acquire() as conn, conn.transaction():
        await record_outcomes(conn, replayed)
