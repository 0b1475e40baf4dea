"""The faust app: one topic per row of ``pipeline.topology.TOPICS``, one agent per stage and sink.

Each agent is glue around ``agents.streaming``: take a batch of events, hand it to the stage's
driver (which runs ``pipeline.runner.run_stage`` off the event loop) or the sink's, send what comes
out. Bad input becomes a dead letter (faust acks a message even when the agent raises, so raising
would lose it).

``create_app(settings)`` builds everything; nothing here reads the environment (``agents.worker``
does, once). The drivers count into the runtime's metrics (``agents.metrics``); the app adds the
lag of its consumer's partitions, read from fetch high-water marks at scrape time.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, cast

import faust
from aiokafka import TopicPartition
from faust.exceptions import ProducerSendError
from faust.transport.drivers import aiokafka as faust_aiokafka

from agents import sink_postgres
from agents.delivery import broker_error, delivered
from agents.metrics import ConsumerLagCollector, LagSource
from agents.runtime import Runtime, utcnow
from agents.settings import Settings
from agents.sinks import ArticleSink, DeadLetterSink
from agents.streaming import Delivery, LongLane, Publish, Sink, SinkDriver, StageDriver, settled
from pipeline.runner import Message
from pipeline.topology import SINKS, STAGES, TOPICS, SinkSpec, Stage, Topic
from schemas.articles import EnrichedArticle

__all__ = ["NewsflowApp", "create_app"]

logger = logging.getLogger(__name__)


# --- faust transport: a configurable fetch wait, and no commit past a message in flight -------------
# faust hard-codes fetch_max_wait_ms=1500 for worker consumers. Brokers (tansu in particular: see the
# README's list of its defects) may hold a fetch for the whole wait even when data is there, so every
# hop would cost up to 1.5 s. We set aiokafka's value before the consumer starts; test_app checks it takes effect.


FETCH_WAIT_CEILING_MS = 1000
"""The longest fetch wait ``AdaptiveFetchWait`` raises a consumer's to."""


class AdaptiveFetchWait:
    """Raises a consumer's fetch wait while fetches come back empty though records wait; lowers it again.

    A broker answers a fetch when it has records or when the wait is over. One whose storage cannot
    read within a short wait (tansu on ``s3://`` with a busy S3 server) answers every such fetch
    empty, and a consumer that asks again at once with the same wait never moves on: an independent
    review saw acknowledged articles wait 15 minutes at the 10 ms wait we set, while a 500 ms fetch got
    them all. After an empty answer for a partition behind its high-water mark the wait doubles, up to
    ``ceiling_ms`` (a warning when it gets there); each answer with records halves it, down to
    ``floor_ms``, so it settles where the broker answers in time.

    Installed in place of the fetcher's ``_proc_fetch_request`` (aiokafka's, pinned): it calls that,
    which returns whether records (or an error) came, and reads the partitions' high-water marks the
    answer carried.
    """

    def __init__(self, fetcher: Any, floor_ms: int, ceiling_ms: int = FETCH_WAIT_CEILING_MS) -> None:
        self.fetcher = fetcher
        self.floor_ms = floor_ms
        self.ceiling_ms = max(ceiling_ms, floor_ms)
        self._process = fetcher._proc_fetch_request  # noqa: SLF001

    async def __call__(self, assignment: Any, node_id: int, request: Any) -> bool:
        came = bool(await self._process(assignment, node_id, request))
        wait = self.fetcher._fetch_max_wait_ms  # noqa: SLF001
        if came:
            self.fetcher._fetch_max_wait_ms = max(self.floor_ms, wait // 2)  # noqa: SLF001
        elif wait < self.ceiling_ms and self._behind(assignment, request):
            raised = min(wait * 2, self.ceiling_ms)
            self.fetcher._fetch_max_wait_ms = raised  # noqa: SLF001
            if raised == self.ceiling_ms:
                logger.warning(
                    "fetches come back empty while records wait: the broker cannot read them within %d ms; "
                    "fetch wait raised to %d ms until records come",
                    wait,
                    raised,
                )
        return came

    @staticmethod
    def _behind(assignment: Any, request: Any) -> bool:
        """Whether a fetched partition has records past the offset asked for (by the answer's high-water mark)."""
        for topic, partitions in request.topics:
            for partition, offset, _ in partitions:
                state = assignment.state_value(TopicPartition(topic, partition))
                if state is not None and state.highwater is not None and state.highwater > offset:
                    return True
        return False


class _TunedConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        consumer._fetch_max_wait_ms = self.app.newsflow_fetch_max_wait_ms  # noqa: SLF001
        start = consumer.start

        async def start_adapting() -> None:
            await start()  # creates the fetcher
            fetcher = consumer._fetcher  # noqa: SLF001
            fetcher._proc_fetch_request = AdaptiveFetchWait(fetcher, consumer._fetch_max_wait_ms)  # noqa: SLF001

        consumer.start = start_adapting
        return consumer


class _TunedConsumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> _TunedConsumerThread:
        return _TunedConsumerThread(self, loop=self.loop, beacon=self.beacon)

    def _new_offset(self, tp: Any) -> int | None:
        """The offset to commit for ``tp``: never past a message read and not yet acknowledged.

        faust-streaming commits the run of acknowledged offsets that follows the committed one, and
        misses a single unacknowledged message at its head (and any, before a partition's first
        commit): its head-gap check is ``min(acked) - committed > 1`` and is skipped while nothing is
        committed (faust-streaming issue #606, open; the fix proposed in its PR #707 is this one). A
        long lane holds exactly such a message while the batches after it are acknowledged, so
        without this it would be committed over and lost with the worker. The acknowledged offsets
        past the first message in flight wait for a later commit.
        """
        in_flight = [m.offset for m in self._unacked_messages if m.tp == tp and not m.acked]
        if not in_flight:
            return cast("int | None", super()._new_offset(tp))
        first = min(in_flight)
        acked = self._acked[tp]
        held = [offset for offset in acked if offset >= first]
        acked[:] = [offset for offset in acked if offset < first]
        try:
            return cast("int | None", super()._new_offset(tp)) if acked else None
        finally:
            acked.extend(held)
            acked.sort()


class _TunedTransport(faust_aiokafka.Transport):
    Consumer = _TunedConsumer


class NewsflowApp(faust.App):
    """A faust app whose Kafka consumers use our fetch wait."""

    def _new_transport(self) -> Any:
        return _TunedTransport(self.conf.broker_consumer, self)


class ConsumerOffsets:
    """A faust consumer's partitions, as :class:`agents.metrics.ConsumerLagCollector` reads them.

    ``highwater`` is aiokafka's mark from the last fetch response (``None`` before one);
    ``committed`` is faust's record of the group's offset, seeded from the broker at assignment and
    updated at each of its commits (faust has no public accessor for it); ``acknowledged``, the
    messages done past it, waiting for a commit.
    """

    def __init__(self, consumer: Any) -> None:
        self.consumer = consumer

    def assignment(self) -> Iterable[Any]:
        return list(self.consumer.assignment())

    def highwater(self, tp: Any) -> int | None:
        value = self.consumer.highwater(tp)
        return int(value) if value is not None else None

    def committed(self, tp: Any) -> int | None:
        value = self.consumer._committed_offset.get(tp)  # noqa: SLF001
        return int(value) if value is not None else None

    def acknowledged(self, tp: Any) -> int:
        """Offsets faust holds as acknowledged and not committed (``_new_offset`` keeps those behind a gap)."""
        committed = self.committed(tp) or 0
        return sum(1 for offset in self.consumer._acked.get(tp, ()) if offset >= committed)  # noqa: SLF001


def _lag_source(app: faust.App) -> Callable[[], LagSource | None]:
    def source() -> LagSource | None:
        # Before the worker starts there is no consumer to ask (and app.consumer would create one).
        if not app.started or app._consumer is None:  # noqa: SLF001
            return None
        return ConsumerOffsets(app.consumer)

    return source


# --- the app ---------------------------------------------------------------------------------------


def message_of(event: faust.EventT) -> Message:
    """The runner's view of a faust event: value, key and where it was read."""
    m = event.message
    return Message(
        value=event.value if isinstance(event.value, bytes) else None,
        key=m.key if isinstance(m.key, bytes) else None,
        topic=m.topic,
        partition=m.partition,
        offset=m.offset,
        timestamp=m.timestamp,
    )


SinkFactory = Callable[[Runtime, Publish], Awaitable[Sink[Any]]]


async def _article_sink(rt: Runtime, publish: Publish) -> Sink[Any]:
    pool = await rt.pool()
    return ArticleSink(
        functools.partial(sink_postgres.upsert_articles, pool),
        publish,
        now=utcnow,
        max_payload_bytes=rt.settings.dead_letter_max_payload_bytes,
    )


async def _dead_letter_sink(rt: Runtime, publish: Publish) -> Sink[Any]:
    return DeadLetterSink(functools.partial(sink_postgres.insert_dead_letters, await rt.pool()))


SINK_FACTORIES: dict[str, SinkFactory] = {"store_articles": _article_sink, "store_dead_letters": _dead_letter_sink}
"""The store behind each ``SinkSpec`` of the topology, by sink name."""


def create_app(settings: Settings, runtime: Runtime | None = None) -> faust.App:
    """Build the faust app, its topics and agents for ``settings``."""
    rt = runtime or Runtime(settings)
    app = NewsflowApp(
        settings.app_id,
        broker=[f"kafka://{server}" for server in settings.kafka_servers],
        autodiscover=False,
        store="memory://",
        # faust's default datadir is "<app id>-data" in the working directory; keep it with the state.
        datadir=str(settings.state_dir / "faust" / settings.app_id),
        web_enabled=False,
        topic_replication_factor=settings.topic_replication,
        topic_partitions=settings.topic_partitions,
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.session_timeout,
        broker_rebalance_timeout=settings.rebalance_timeout,
        broker_heartbeat_interval=settings.heartbeat_interval,
        producer_linger=settings.producer_linger_ms / 1000.0,
        producer_max_request_size=settings.max_message_bytes,
        consumer_max_fetch_size=settings.max_message_bytes,
        worker_redirect_stdouts=False,
    )
    app.newsflow_fetch_max_wait_ms = settings.fetch_max_wait_ms
    topics = {
        t.key: app.topic(
            settings.topics[t],
            key_type=bytes,
            value_type=bytes,
            key_serializer="raw",
            value_serializer="raw",
            partitions=settings.topic_partitions,
            replicas=settings.topic_replication,
            config={"max.message.bytes": str(settings.max_message_bytes)},
        )
        for t in TOPICS
    }

    async def publish(topic: Topic, key: bytes | None, value: bytes) -> Delivery:
        try:
            # force: sent now, never held back as an attachment published at the next offset commit
            sent = await topics[topic.key].send(key=key, value=value, force=True)
        except ProducerSendError as exc:
            # faust wraps what the producer raised while queueing, e.g. its own size check (its
            # estimate of the record's size counts headers check_fits leaves to RECORD_OVERHEAD_BYTES).
            return settled(broker_error(topic.key, exc.__cause__ or exc))
        return asyncio.ensure_future(delivered(topic.key, cast("asyncio.Future[object]", sent)))

    for stage in STAGES:
        app.agent(topics[stage.source.key], name=stage.name)(_stage_agent(stage, rt, publish))
    for spec in SINKS:
        app.agent(topics[spec.source.key], name=spec.name)(_sink_agent(spec, rt, publish))
    app.newsflow_runtime = rt
    rt.metrics.register(ConsumerLagCollector(_lag_source(app)))
    return app


EXIT_BATCH_FAILED = 70
"""The exit status of a worker that ended with a batch unacknowledged (``exit_on_failure``)."""


async def exit_on_failure(agent: str, handled: Awaitable[object], exit: Callable[[int], Any] = os._exit) -> None:
    """Await a driver's batch; if it raises (or is cancelled), end the process before faust acknowledges it.

    faust acknowledges the events of ``take_events`` when the generator closes, and it closes when the
    agent raises: an exception would lose the batch. The drivers catch what an article or a store can
    raise, so what reaches this is a fault of the worker itself (its producer closed, say); exiting at
    once leaves the batch to be redelivered to the worker that replaces this one (``newsflow up`` and
    ``docker-compose.yml`` restart workers).
    """
    try:
        await handled
    except BaseException:
        logger.critical(
            "%s failed with its batch unacknowledged; exiting so that it is redelivered", agent, exc_info=True
        )
        logging.shutdown()
        exit(EXIT_BATCH_FAILED)
        raise


def _exit_if_failed(what: str, task: asyncio.Future[None], exit: Callable[[int], Any] = os._exit) -> None:
    """End the worker when a background task of an agent ended with an error (not when it was cancelled).

    A long lane whose task ended would take no more messages, and its agent would wait for room in it
    for ever; its messages are unacknowledged, so a new worker gets them again.
    """
    if task.cancelled() or task.exception() is None:
        return
    logger.critical("%s failed; exiting so that its messages are redelivered", what, exc_info=task.exception())
    logging.shutdown()
    exit(EXIT_BATCH_FAILED)


def _final_ack(stream: faust.StreamT[bytes], event: faust.EventT) -> None:
    """Acknowledge a lane's message once its result is on a topic; its offset may then be committed.

    Its other reference was acknowledged with its batch (``take_events``), so this one is the last:
    faust's sensors hear that the message is done, as they do when a stream acknowledges one itself.
    """
    if event.ack():
        message = event.message
        stream.app.sensors.on_message_out(message.tp, message.offset, message)


def _stage_agent(
    stage: Stage[Any, Any], rt: Runtime, publish: Publish
) -> Callable[[faust.StreamT[bytes]], Awaitable[None]]:
    settings = rt.settings

    async def run(stream: faust.StreamT[bytes]) -> None:
        driver = StageDriver(stage, await rt.stage_context(stage.needs), publish, metrics=rt.metrics)

        def handle(messages: Sequence[Message]) -> Awaitable[object]:
            return exit_on_failure(stage.name, driver.handle(messages))

        lane = LongLane(
            handle,
            stage.source.codec.text_bytes,
            settings.long_text_bytes,
            on_claim=lambda: rt.metrics.laned(stage.name),
        )
        if lane.active:
            rt.metrics.prepare_lane(stage.name)
        laning = asyncio.ensure_future(lane.run())
        laning.add_done_callback(functools.partial(_exit_if_failed, f"{stage.name}'s long lane"))
        try:
            async for events in stream.take_events(settings.nlp_batch_size, within=settings.nlp_batch_within):
                now: list[Message] = []
                later: list[tuple[Message, faust.EventT]] = []
                for event in events:
                    message = message_of(event)
                    if lane.claims(message):
                        # faust acknowledges the batch's events when the next batch is taken: one more
                        # reference keeps this one unacknowledged until the lane has handled it.
                        event.message.incref()
                        later.append((message, event))
                    else:
                        now.append(message)
                await handle(now)
                for message, event in later:
                    await lane.put(message, functools.partial(_final_ack, stream, event))
        finally:
            laning.cancel()

    run.__doc__ = stage.process.__doc__
    return run


def _sink_agent(spec: SinkSpec, rt: Runtime, publish: Publish) -> Callable[[faust.StreamT[bytes]], Awaitable[None]]:
    settings = rt.settings

    async def run(stream: faust.StreamT[bytes]) -> None:
        sink = await SINK_FACTORIES[spec.name](rt, publish)
        driver = SinkDriver(
            spec, sink, await rt.stage_context(frozenset()), metrics=rt.metrics, on_stored=_latency_observer(rt)
        )
        async for events in stream.take_events(settings.sink_batch_size, within=settings.sink_batch_within):
            await exit_on_failure(spec.name, driver.handle([message_of(e) for e in events]))

    return run


def _latency_observer(rt: Runtime) -> Callable[[Sequence[Any]], None]:
    """Observe each stored enriched article's time since ``fetched_at`` (other rows are not articles)."""

    def observe(rows: Sequence[Any]) -> None:
        rt.metrics.stored([r.fetched_at for r in rows if isinstance(r, EnrichedArticle)], utcnow())

    return observe
