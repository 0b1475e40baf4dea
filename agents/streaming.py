"""The streaming glue around the runner: one batch of messages in, outputs and dead letters out.

The faust agents (``agents.app``) and the in-memory harness (``agents.testing``) both drive stages and
sinks through these two classes, so they share one error policy (``pipeline.runner``) and one retry
policy (:func:`retry_transient`). The transport is a ``publish(topic, key, value)`` coroutine that
queues a message and returns its :data:`Delivery`.

Retry policy: a ``TransientError`` (PostgreSQL unreachable or restarting, a message the broker did not
take now) is retried with exponential backoff from 0.2 s to 10 s, for as long as it lasts; meanwhile
the batch is not acknowledged, so a worker stopped during an outage leaves it to be redelivered.

Delivery: a driver returns from a batch only once the broker has every message it sent for it, so
the batch is acknowledged after its outputs are on their topics, never before. A result the broker
refuses twice becomes a dead letter; a dead letter it refuses goes again without its payload, and one
it refuses even so is sent again until it takes it. A driver that raises leaves its batch to the
caller: the faust agents (``agents.app``) then end the worker before faust can acknowledge it.

Metrics (optional, :class:`agents.metrics.Metrics`): each driver counts, under its stage's or
sink's name, the messages it takes, those that go on (published, or stored), the dead letters it
makes by reason, and each batch's handling time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol, TypeVar

from agents.metrics import Metrics
from pipeline.codec import Received
from pipeline.deadletters import make_dead_letter, reason_for, without_payload
from pipeline.errors import BrokerUnavailable, PermanentError, ResultTooLarge, TransientError
from pipeline.ingest import RECORD_OVERHEAD_BYTES
from pipeline.runner import Message, Outcome, dead_outcome, run_stage
from pipeline.stages import StageContext
from pipeline.topology import DEAD_LETTER_TOPIC, SinkSpec, Stage, Topic
from schemas.deadletter import DeadLetter

__all__ = [
    "GROUP_BYTES",
    "LANE_DEPTH",
    "Delivery",
    "LongLane",
    "Publish",
    "Sink",
    "SinkDriver",
    "StageDriver",
    "check_fits",
    "confirm",
    "deliver",
    "publish_dead_letter",
    "retry_transient",
    "settled",
    "size_groups",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

Delivery = Awaitable[object]
"""A queued message's fate: resolves once the broker has it; raises ``ResultTooLarge`` when the broker
refuses it for its size, another ``PermanentError`` when it refuses the record for another reason, and
``TransientError`` when it did not take it now (then the message is sent again)."""

Publish = Callable[[Topic, bytes | None, bytes], Awaitable[Delivery]]
"""Queue ``value`` with ``key`` for a pipeline topic and return its delivery."""


def settled(error: BaseException | None = None, result: object = None) -> asyncio.Future[object]:
    """A delivery decided already: done with ``result``, or refused with ``error`` (needs a running loop)."""
    delivery: asyncio.Future[object] = asyncio.get_running_loop().create_future()
    if error is None:
        delivery.set_result(result)
    else:
        delivery.set_exception(error)
    return delivery


async def retry_transient(write: Callable[[], Awaitable[T]], what: str) -> T:
    """Run ``write`` until it does not raise ``TransientError`` (backoff 0.2 s doubling to 10 s)."""
    delay = 0.2
    while True:
        try:
            return await write()
        except TransientError as exc:
            logger.warning("unavailable, retrying what=%s retry_in=%.1fs error=%s", what, delay, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)


async def deliver(publish: Publish, topic: Topic, key: bytes | None, value: bytes) -> None:
    """Send a message and wait until the broker has it, sending it again while the broker cannot take it."""

    async def once() -> None:
        await (await publish(topic, key, value))

    await retry_transient(once, f"publish to {topic.key}")


async def confirm(delivery: Delivery, publish: Publish, topic: Topic, key: bytes | None, value: bytes) -> None:
    """Wait for a queued message's ``delivery``, sending the message again until the broker has it.

    A message the broker did not take now is sent again for as long as that lasts; one it refused is
    sent once more, since a refusal for size can be of the batch the message shared with others, and
    a second refusal is raised (the broker's ``PermanentError``).
    """
    try:
        await delivery
    except TransientError as exc:
        logger.warning("the broker did not take a message, sending it again topic=%s error=%s", topic.key, exc)
        await deliver(publish, topic, key, value)
    except PermanentError as exc:
        logger.warning("the broker refused a message, sending it once more topic=%s error=%s", topic.key, exc)
        await deliver(publish, topic, key, value)


async def publish_dead_letter(
    publish: Publish, key: bytes | None, letter: DeadLetter, queued: Delivery | None = None
) -> None:
    """Send ``letter`` to the dead-letter topic and wait for the broker; one it refuses goes without its payload.

    ``queued`` is the delivery of the letter already queued (as is), if it was. The letter without its
    payload still names its source and origin offsets, so the input can be replayed from the topic.
    """
    value = letter.model_dump_json().encode()
    try:
        if queued is None:
            await deliver(publish, DEAD_LETTER_TOPIC, key, value)
        else:
            await confirm(queued, publish, DEAD_LETTER_TOPIC, key, value)
    except PermanentError as exc:  # e.g. over the topic's message size limit
        logger.error(
            "dead letter refused by the broker, sending it without its payload stage=%s topic=%s partition=%s "
            "offset=%s error=%r",
            letter.stage, letter.source_topic, letter.source_partition, letter.source_offset, exc,
        )  # fmt: skip
        reduced = without_payload(letter).model_dump_json().encode()

        async def once() -> None:
            try:
                await (await publish(DEAD_LETTER_TOPIC, key, reduced))
            except PermanentError as again:  # nowhere left to put it: wait, the batch unacknowledged
                msg = f"the broker refuses even the dead letter without its payload: {again}"
                raise BrokerUnavailable(msg) from again

        await retry_transient(once, f"publish to {DEAD_LETTER_TOPIC.key}")


def log_dead_letter(letter: DeadLetter, exc_info: BaseException | None = None) -> None:
    """One log line per dead letter: info for bad input, error (with the trace) for a bug of ours."""
    if letter.reason != "processing_error":
        logger.info(
            "dead-lettered stage=%s topic=%s partition=%s offset=%s reason=%s",
            letter.stage, letter.source_topic, letter.source_partition, letter.source_offset, letter.reason,
        )  # fmt: skip
    else:
        logger.error(
            "dead-lettered after an internal error stage=%s topic=%s partition=%s offset=%s error=%s: %s",
            letter.stage, letter.source_topic, letter.source_partition, letter.source_offset,
            letter.error_type, letter.message, exc_info=exc_info,
        )  # fmt: skip


def check_fits(stage: str, topic: Topic, key: bytes | None, value: bytes, limit: int) -> None:
    """Raise ``ResultTooLarge`` when ``key`` and ``value`` do not fit one message of at most ``limit`` bytes."""
    size = len(value) + len(key or b"")
    if size + RECORD_OVERHEAD_BYTES > limit:
        msg = (
            f"{stage}'s result for this article is {size:,} bytes, over the {limit:,}-byte message limit "
            f"(NEWSFLOW_MAX_MESSAGE_BYTES) of the {topic.key} topic: the article has too much text or too many "
            "entity mentions to carry on; send it in parts, or raise NEWSFLOW_MAX_MESSAGE_BYTES and the "
            "broker's message.max.bytes"
        )
        raise ResultTooLarge(msg)


GROUP_BYTES = 256 * 1024
"""A stage with batched work runs a batch in groups of consecutive messages of at most this many bytes
(a message over it is a group alone), so the short articles before a long one are sent on without
waiting for its parse: a 1 MB body takes tens of seconds on one core."""


def size_groups(messages: Sequence[Message], limit: int) -> list[list[Message]]:
    """Cut ``messages`` into runs of consecutive messages whose values total at most ``limit`` bytes.

    A message over ``limit`` is a run of its own; order is kept, and no run is empty.
    """
    groups: list[list[Message]] = []
    size = 0
    for message in messages:
        n = len(message.value or b"")
        if not groups or size + n > limit:
            groups.append([])
            size = 0
        groups[-1].append(message)
        size += n
    return groups


class StageDriver:
    """Runs one stage over each batch off the event loop and publishes what comes out."""

    def __init__(
        self,
        stage: Stage[Any, Any],
        context: Callable[[], StageContext],
        publish: Publish,
        *,
        metrics: Metrics | None = None,
        group_bytes: int = GROUP_BYTES,
    ) -> None:
        self.stage = stage
        self.context = context
        self.publish = publish
        self.metrics = metrics
        self.group_bytes = group_bytes
        if metrics is not None:
            metrics.prepare_stage(stage.name)

    async def handle(self, messages: Sequence[Message]) -> list[Outcome]:
        """Process one batch; every message ends on the stage's target topic or the dead-letter topic.

        A stage with batched work (``prepare``) runs the batch in groups of consecutive messages up to
        ``group_bytes`` (``size_groups``: a long article is a group alone) and sends each group's
        results on when the group is done; any other stage runs its messages one at a time and sends
        each result on as soon as it is ready. Either way a short article does not wait for a long one
        after it in the batch, and this returns (so the batch is acknowledged) only once the broker has
        every message sent for it.
        """
        if not messages:
            return []
        started = time.perf_counter()
        if self.metrics is not None:
            self.metrics.taken(self.stage.name, len(messages))
        ctx = self.context()
        groups = size_groups(messages, self.group_bytes) if self.stage.prepare is not None else [[m] for m in messages]
        queued = []
        for group in groups:
            for outcome in await asyncio.to_thread(run_stage, self.stage, group, ctx):
                queued.append(await self._queue(outcome, ctx))
        outcomes = [await self._settle(outcome, delivery, ctx) for outcome, delivery in queued]
        if self.metrics is not None:
            self.metrics.handled(self.stage.name, time.perf_counter() - started)
        return outcomes

    async def _queue(self, outcome: Outcome, ctx: StageContext) -> tuple[Outcome, Delivery]:
        """Queue a result for the stage's target topic, or its dead letter for the dead-letter topic.

        A result over ``ctx.max_message_bytes`` is not sent: it becomes a ``body_too_large`` dead letter
        (``ResultTooLarge``).
        """
        if outcome.dead_letter is None:
            value = outcome.value
            assert value is not None  # noqa: S101 - an outcome has a value or a dead letter
            try:
                check_fits(self.stage.name, self.stage.target, outcome.key, value, ctx.max_message_bytes)
            except ResultTooLarge as exc:
                outcome = self._dead(outcome, exc, ctx)
            else:
                return outcome, await self.publish(self.stage.target, outcome.key, value)
        assert outcome.dead_letter is not None  # noqa: S101
        log_dead_letter(outcome.dead_letter)
        return outcome, await self.publish(
            DEAD_LETTER_TOPIC, outcome.key, outcome.dead_letter.model_dump_json().encode()
        )

    async def _settle(self, outcome: Outcome, delivery: Delivery, ctx: StageContext) -> Outcome:
        """Wait until the broker has a queued message; a result it refuses twice becomes a dead letter instead."""
        if outcome.dead_letter is not None:
            await publish_dead_letter(self.publish, outcome.key, outcome.dead_letter, delivery)
        else:
            assert outcome.value is not None  # noqa: S101
            try:
                await confirm(delivery, self.publish, self.stage.target, outcome.key, outcome.value)
            except PermanentError as exc:  # e.g. over a smaller message size limit set on the topic
                outcome = self._dead(outcome, exc, ctx)
                assert outcome.dead_letter is not None  # noqa: S101
                log_dead_letter(outcome.dead_letter)
                await publish_dead_letter(self.publish, outcome.key, outcome.dead_letter)
        if self.metrics is not None:
            if outcome.dead_letter is None:
                self.metrics.passed(self.stage.name)
            else:
                self.metrics.letter(outcome.dead_letter)
        return outcome

    def _dead(self, outcome: Outcome, exc: Exception, ctx: StageContext) -> Outcome:
        """The dead-letter outcome of a result that cannot go on."""
        article_id = outcome.key.decode("utf-8", "replace") if outcome.key else None
        return dead_outcome(self.stage, outcome.message, exc, ctx, article_id=article_id, origin=outcome.origin)


LANE_DEPTH = 4
"""Messages that may wait in a long lane before its ``put`` waits for room (each holds its value)."""


class LongLane:
    """A stage's long articles, run one at a time beside its batches, so the short ones never wait for them.

    The NLP stages take about 50 ms per KB of article text between them on one core (the parse 30,
    stance 20; measured with the 91 dev pages): a 1.8 MB text keeps a worker busy for minutes. The
    faust agent (``agents.app``) offers each message of a batch to ``claims``: a message whose text
    is over ``limit`` bytes (its codec's ``text_bytes``) is the lane's, and so is any later message
    with the key of one in the lane, so that an article's versions keep their order. The agent
    handles the rest of the batch at once, then hands the lane its messages (``put``). The lane's
    task (``run``) handles them one at a time, in order, through ``handle`` (the stage's driver: the
    same outcomes, dead letters and delivery as in a batch), then calls each one's ``done``: the
    agent acknowledges the message there, and the worker's consumer commits no offset past a
    message not yet acknowledged (``agents.app``: plain faust-streaming would). A worker that stops
    meanwhile leaves the lane's messages, and those after them, to be redelivered; none is lost.

    The lane and the batches run in threads of one process and share its core: while a long article
    is processed, short ones take longer instead of waiting for it. At most ``depth`` messages wait
    in the lane; beyond that ``put`` waits for room.
    """

    def __init__(
        self,
        handle: Callable[[Sequence[Message]], Awaitable[object]],
        text_bytes: Callable[[bytes], int] | None,
        limit: int,
        *,
        depth: int = LANE_DEPTH,
        on_claim: Callable[[], None] | None = None,
    ) -> None:
        self.handle = handle
        self.text_bytes = text_bytes
        self.limit = limit
        self.on_claim = on_claim
        self._queue: asyncio.Queue[tuple[Message, Callable[[], object]]] = asyncio.Queue(depth)
        self._keys: Counter[bytes] = Counter()

    @property
    def active(self) -> bool:
        """Whether any message can be long: the stage's codec measures text, and a limit is set."""
        return self.text_bytes is not None and self.limit > 0

    def claims(self, message: Message) -> bool:
        """Tell whether ``message`` is the lane's; from then on it counts as in the lane (see ``put``)."""
        value, measure = message.value or b"", self.text_bytes
        # A value never holds less than its text: only one over the limit is read for its text.
        long = measure is not None and 0 < self.limit < len(value) and measure(value) > self.limit
        if not long and (message.key is None or message.key not in self._keys):
            return False
        if message.key is not None:
            self._keys[message.key] += 1
        if self.on_claim is not None:
            self.on_claim()
        return True

    async def put(self, message: Message, done: Callable[[], object]) -> None:
        """Queue a claimed message; ``done`` is called once its outcome is on a topic. Waits while the lane is full."""
        await self._queue.put((message, done))

    async def run(self) -> None:
        """Handle the queued messages one at a time, for as long as the task runs."""
        while True:
            message, done = await self._queue.get()
            await self.handle([message])
            done()
            if message.key is not None:
                self._keys[message.key] -= 1
                if not self._keys[message.key]:
                    del self._keys[message.key]


class Sink(Protocol[T]):
    """Where a sink topic's records are stored. One class per store; ``agents.sinks`` has ours.

    ``write`` stores a batch in one go (raising ``TransientError`` when the store is away, anything
    else when it refuses the batch). ``refused`` decides what becomes of one record the store refuses
    on its own, and ``undecodable`` of a message that is not a record at all: neither may lose it.
    """

    async def write(self, rows: Sequence[T]) -> None: ...

    async def refused(self, message: Message, row: T, exc: Exception) -> None: ...

    async def undecodable(self, message: Message, letter: DeadLetter) -> None: ...


class SinkDriver:
    """Stores each batch: decode, write, retry while the store is away, isolate refused rows.

    For metrics, a row the store refuses counts as a dead letter of the sink (reason from its
    error), except on the sink of the dead-letter topic, which stores it in a reduced form instead
    (it counts as stored). ``on_stored`` (optional) sees each batch of rows once they are stored.
    """

    def __init__(
        self,
        spec: SinkSpec,
        sink: Sink[Any],
        context: Callable[[], StageContext],
        *,
        metrics: Metrics | None = None,
        on_stored: Callable[[Sequence[Any]], None] | None = None,
    ) -> None:
        self.spec = spec
        self.sink = sink
        self.context = context
        self.metrics = metrics
        self.on_stored = on_stored
        if metrics is not None:
            metrics.prepare_stage(spec.name)

    def _stored(self, rows: Sequence[Any]) -> None:
        if self.metrics is not None:
            self.metrics.passed(self.spec.name, len(rows))
        if self.on_stored is not None:
            self.on_stored(rows)

    def _refused(self, exc: Exception) -> None:
        if self.metrics is None:
            return
        if self.spec.source == DEAD_LETTER_TOPIC:
            self.metrics.passed(self.spec.name)
        else:
            self.metrics.dead_lettered(self.spec.name, reason_for(exc))

    async def handle(self, messages: Sequence[Message]) -> None:
        """Store one batch; return only when every message is stored, refused-and-kept, or dead-lettered."""
        started = time.perf_counter()
        if self.metrics is not None and messages:
            self.metrics.taken(self.spec.name, len(messages))
        await self._handle(messages)
        if self.metrics is not None and messages:
            self.metrics.handled(self.spec.name, time.perf_counter() - started)

    async def _handle(self, messages: Sequence[Message]) -> None:
        rows: list[tuple[Message, Any]] = []
        ctx = self.context()
        for message in messages:
            try:
                rows.append((message, self.spec.source.codec.decode(Received(message.value, message.timestamp), ctx)))
            except Exception as exc:  # noqa: BLE001 - kept as a dead letter, never lost
                letter = make_dead_letter(
                    exc,
                    stage=self.spec.name,
                    payload=message.value or b"",
                    failed_at=ctx.now,
                    max_payload_bytes=ctx.max_dead_letter_payload_bytes,
                    article_id=message.key.decode("utf-8", "replace") if message.key else None,
                    source_topic=message.topic,
                    source_partition=message.partition,
                    source_offset=message.offset,
                    source_key=message.key,
                )
                log_dead_letter(letter)
                await self.sink.undecodable(message, letter)
                if self.metrics is not None:
                    self.metrics.letter(letter)
        if not rows:
            return
        try:
            await retry_transient(lambda: self.sink.write([row for _, row in rows]), self.spec.name)
        except Exception:  # noqa: BLE001 - the store refused the batch: find the rows it refuses
            for message, row in rows:
                try:
                    await retry_transient(lambda row=row: self.sink.write([row]), self.spec.name)
                except Exception as exc:  # noqa: BLE001
                    await self.sink.refused(message, row, exc)
                    self._refused(exc)
                else:
                    self._stored([row])
        else:
            self._stored([row for _, row in rows])
