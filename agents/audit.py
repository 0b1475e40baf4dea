"""`newsflow audit`: every raw-topic message the workers have committed has a stored outcome.

The accounting invariant (README, "Nothing lost") says that a worker commits an input only once its
outcome is on its way: the cleaned article on the next topic, or its dead letter. This checks the end
of that way on the running system, from outside the workers: it reads the raw topic's messages below
the worker group's committed offset of each partition and looks each one up in ``input_outcomes``,
which the sinks write in the transaction that stores an article version or a dead letter
(``agents.sink_postgres``). A message is

* *accounted* when an outcome is recorded at its position with its timestamp (a position whose
  recorded timestamp differs held an earlier message: a restarted memory broker starts at offset 0);
* *pending* when it has none yet but is still on its way: a message of a later topic that the group
  has not committed stands for it (its ``origin``). The raw topic is committed as soon as the cleaned
  article is on the clean topic, long before its row is stored when the NLP stages have a backlog;
* *missing* otherwise: an input lost. ``--replay`` sends each missing message to the raw topic again,
  key and value as they are, and records its old position as ``replayed``; the copy gets its own
  outcome.

The later topics are read in pipeline order after the raw one, and the outcomes looked up again after
them, so a message that moves on while the audit reads is seen on one topic or the other, or stored.
No clock is involved: producers set the raw messages' timestamps, and a backlog has no fixed length.
Each partition is audited from its first retained message when the ledger began on an empty database
(``input_ledger``, migration 010), else (an upgrade: what came before the ledger has no outcome to
find) from its first message with a recorded outcome; or only its last ``--last N``.

:func:`account` and :func:`settle` are the rules, without I/O; :func:`audit` reads the broker and
PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

from agents.admin import consumer_lag
from agents.settings import Settings
from agents.sink_postgres import Outcome, record_outcomes
from pipeline.codec import origin_in
from pipeline.topology import RAW_TOPIC

__all__ = ["PartitionAudit", "RawMessage", "account", "audit", "settle"]

SHOWN = 20  # missing messages listed per partition in the report (all are counted, and replayed)
STALL_S = 30  # empty 1 s fetches in a row, below the end of a read, before it gives up
REPLAY_CHUNK = 100  # messages re-sent at once


@dataclass(frozen=True, slots=True)
class RawMessage:
    """Where one raw-topic message is, and its broker timestamp."""

    partition: int
    offset: int
    timestamp_ms: int


@dataclass
class PartitionAudit:
    """What the audit found on one partition of the raw topic."""

    partition: int
    committed: int  # the worker group's committed offset: messages below it are checked
    start: int | None = None  # the first offset audited (None: nothing to audit)
    checked: int = 0
    accounted: Counter[str] = field(default_factory=Counter)  # outcome -> messages
    pending: int = 0
    missing: list[RawMessage] = field(default_factory=list)
    unaccounted: list[RawMessage] = field(default_factory=list)  # before the second look (``settle``)
    replayed: int = 0
    replay_failed: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The partition's report as plain data: counts, and the first ``SHOWN`` missing offsets."""
        return {
            "partition": self.partition,
            "committed": self.committed,
            "start": self.start,
            "checked": self.checked,
            "accounted": dict(self.accounted),
            "pending": self.pending,
            "missing": len(self.missing),
            "missing_offsets": [m.offset for m in self.missing[:SHOWN]],
            "replayed": self.replayed,
            "replay_failed": self.replay_failed,
        }


def _matches(recorded: tuple[int | None, str] | None, message: RawMessage) -> bool:
    """An outcome recorded for this message: at its position, with its timestamp (or none recorded)."""
    return recorded is not None and recorded[0] in (None, message.timestamp_ms)


def account(
    report: PartitionAudit, messages: Iterable[RawMessage], outcomes: Mapping[int, tuple[int | None, str]]
) -> None:
    """Count ``messages`` with a recorded outcome; keep the others as unaccounted for :func:`settle`.

    ``outcomes`` maps an offset to the recorded (timestamp_ms, outcome). An outcome recorded without
    a timestamp matches whatever message is at its position.

    >>> r = PartitionAudit(0, committed=3)
    >>> account(r, [RawMessage(0, o, 1_000 * o) for o in range(3)], {0: (0, "article"), 1: (999, "article")})
    >>> dict(r.accounted), [m.offset for m in r.unaccounted]
    ({'article': 1}, [1, 2])
    """
    for message in messages:
        report.checked += 1
        recorded = outcomes.get(message.offset)
        if _matches(recorded, message):
            report.accounted[recorded[1]] += 1  # type: ignore[index]
        else:
            report.unaccounted.append(message)


def settle(report: PartitionAudit, outcomes: Mapping[int, tuple[int | None, str]], in_flight: Collection[int]) -> None:
    """Sort the unaccounted messages by a second look: stored since, still on their way, or missing.

    ``outcomes`` are the outcomes recorded for them now; ``in_flight`` the offsets of this partition's
    messages that an uncommitted message of a later topic stands for.

    >>> r = PartitionAudit(0, committed=3, unaccounted=[RawMessage(0, o, 5) for o in range(3)])
    >>> settle(r, {0: (5, "dead_letter")}, in_flight={1})
    >>> dict(r.accounted), r.pending, [m.offset for m in r.missing]
    ({'dead_letter': 1}, 1, [2])
    """
    for message in report.unaccounted:
        recorded = outcomes.get(message.offset)
        if _matches(recorded, message):
            report.accounted[recorded[1]] += 1  # type: ignore[index]
        elif message.offset in in_flight:
            report.pending += 1
        else:
            report.missing.append(message)
    report.unaccounted = []


async def _read(consumer: AIOKafkaConsumer, tp: TopicPartition, start: int, end: int) -> AsyncIterator[list[Any]]:
    """Batches of the records of ``tp`` from ``start`` (or the first retained after it) up to ``end``, exclusive.

    Raises:
        TimeoutError: the broker sent nothing for ``STALL_S`` seconds while records below ``end`` remain.
    """
    consumer.seek(tp, start)
    empty = 0
    while await consumer.position(tp) < end:
        records = (await consumer.getmany(tp, timeout_ms=1_000, max_records=500)).get(tp, [])
        batch = [r for r in records if r.offset < end]
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
            at = await consumer.position(tp)
            msg = f"{tp.topic} partition {tp.partition}: no message from offset {at} for {STALL_S} s"
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


async def _ledger_start(pool: asyncpg.Pool, topic: str, partition: int) -> int | None:
    """The first offset of ``partition`` with a recorded outcome (None: none yet), after an upgrade."""
    start: int | None = await pool.fetchval(
        'SELECT min("offset") FROM input_outcomes WHERE topic = $1 AND "partition" = $2', topic, partition
    )
    return start


async def _in_flight(settings: Settings, consumer: AIOKafkaConsumer, raw: str) -> dict[int, set[int]]:
    """Raw partition -> offsets that an uncommitted message of a later topic stands for.

    The topics are read one after the other in pipeline order, each from the group's committed offset
    (read just before it) to its end.
    """
    found: dict[int, set[int]] = {}
    for topic in settings.topics.all():
        if topic == raw:
            continue
        for lag in await consumer_lag(settings, [topic]):
            if lag.lag == 0:
                continue
            tp = TopicPartition(topic, lag.partition)
            consumer.assign([tp])
            async for batch in _read(consumer, tp, lag.committed, lag.high_water):
                for record in batch:
                    where = origin_in(record.value)
                    if where is not None and where[0] == raw:
                        found.setdefault(where[1], set()).add(where[2])
    return found


Send = Callable[[str, bytes | None, bytes | None], Awaitable[None]]
"""Sends a message (topic, key, value) and returns once the broker acknowledged it."""


async def audit(
    settings: Settings,
    pool: asyncpg.Pool,
    *,
    last: int = 0,
    send: Send | None = None,
    progress: Callable[[int], None] = lambda checked: None,
) -> list[PartitionAudit]:
    """Audit the raw topic's messages below the worker group's committed offsets, partition by partition.

    Args:
        settings: the broker, the worker group (``app_id``) and the topic names.
        pool: the pipeline's PostgreSQL (with ``input_outcomes``).
        last: check only the last ``last`` messages below each committed offset (0: all since the ledger began).
        send: given, each missing message is sent to the raw topic again and its position recorded as
            ``replayed`` once the broker acknowledged the copy.
        progress: called with the number of messages checked so far.
    """
    raw = settings.topics[RAW_TOPIC]
    reports = [PartitionAudit(lag.partition, committed=lag.committed) for lag in await consumer_lag(settings, [raw])]
    from_the_first = bool(await pool.fetchval("SELECT began_empty FROM input_ledger"))
    for report in reports:
        start = 0 if from_the_first else await _ledger_start(pool, raw, report.partition)
        if start is not None:
            report.start = max(start, report.committed - last) if last > 0 else start
    todo = [r for r in reports if r.start is not None and r.start < r.committed]
    if not todo:
        return reports
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
    try:
        checked = 0
        for report in todo:
            start = report.start or 0  # set for every partition in todo
            tp = TopicPartition(raw, report.partition)
            consumer.assign([tp])
            outcomes = await _recorded(pool, raw, report.partition, start, report.committed)
            async for batch in _read(consumer, tp, start, report.committed):
                account(report, (RawMessage(tp.partition, r.offset, r.timestamp) for r in batch), outcomes)
                checked += len(batch)
                progress(checked)
        if any(r.unaccounted for r in todo):
            in_flight = await _in_flight(settings, consumer, raw)
            for report in todo:
                if report.unaccounted:
                    lo, hi = report.unaccounted[0].offset, report.unaccounted[-1].offset + 1
                    again = await _recorded(pool, raw, report.partition, lo, hi)
                    settle(report, again, in_flight.get(report.partition, set()))
        if send is not None:
            for report in todo:
                if report.missing:
                    await _replay(consumer, pool, raw, report, send)
    finally:
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await consumer.stop()
    return reports


async def _replay(consumer: AIOKafkaConsumer, pool: asyncpg.Pool, raw: str, report: PartitionAudit, send: Send) -> None:
    """Send the partition's missing messages again, read back from the broker, and record those the broker took."""
    tp = TopicPartition(raw, report.partition)
    consumer.assign([tp])
    wanted = {m.offset: m for m in report.missing}
    for chunk_start in range(0, len(report.missing), REPLAY_CHUNK):
        chunk = report.missing[chunk_start : chunk_start + REPLAY_CHUNK]
        found = []
        async for batch in _read(consumer, tp, chunk[0].offset, chunk[-1].offset + 1):
            found += [r for r in batch if r.offset in wanted and r.timestamp == wanted[r.offset].timestamp_ms]
        results = await asyncio.gather(*(send(raw, r.key, r.value) for r in found), return_exceptions=True)
        sent = [r for r, result in zip(found, results, strict=True) if not isinstance(result, BaseException)]
        report.replay_failed += len(chunk) - len(sent)
        report.replayed += len(sent)
        if sent:
            replayed: list[Outcome] = [(raw, r.partition, r.offset, r.timestamp, "replayed", None) for r in sent]
            async with pool.acquire() as conn, conn.transaction():
                await record_outcomes(conn, replayed)
