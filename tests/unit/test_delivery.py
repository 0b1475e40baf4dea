"""A batch is acknowledged only once the broker has what was sent for it; refusals become dead letters.

The drivers (``agents.streaming``) against publishers whose deliveries fail as a broker's do, and the
reading of aiokafka's errors (``agents.delivery``). tansu takes any record
(it enforces no topic's ``max.message.bytes``), so a broker's refusal is made here, not provoked.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import orjson
import pytest
from aiokafka.errors import (
    CorruptRecordException,
    InvalidTimestampError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    NotLeaderForPartitionError,
    ProducerClosed,
    RecordListTooLargeError,
    TopicAuthorizationFailedError,
    UnknownError,
)

from agents.app import EXIT_BATCH_FAILED, exit_on_failure
from agents.delivery import broker_error, delivered
from agents.feed import Feeder
from agents.settings import Settings
from agents.sinks import ArticleSink
from agents.streaming import Delivery, StageDriver, settled
from pipeline.deadletters import make_dead_letter
from pipeline.errors import BrokerRefused, BrokerUnavailable, InvalidJson, ResultTooLarge
from pipeline.runner import Message
from pipeline.stages import StageContext
from pipeline.topology import DEAD_LETTER_TOPIC, STAGES, Topic
from schemas.deadletter import DeadLetter

T0 = datetime(2026, 12, 1, tzinfo=UTC)
CLEAN = STAGES[0]
NEWS = (
    "The mayor of Springfield, Ann Carter, said on Monday that the city would open two new libraries next year. "
    "The council approved the budget by seven votes to two after a long debate about the cost of the buildings."
)


def _messages(*ids: str) -> list[Message]:
    return [
        Message(
            value=orjson.dumps({"id": i, "url": f"https://example.com/{i}", "text": NEWS}),
            key=i.encode(),
            topic="raw",
            partition=0,
            offset=n,
            timestamp=T0.timestamp(),
        )  # fmt: skip
        for n, i in enumerate(ids)
    ]


def _bad(offset: int) -> Message:
    return Message(value=b"{not json", key=None, topic="raw", partition=0, offset=offset, timestamp=T0.timestamp())


class Broker:
    """Records what it was sent; ``refuse`` decides a delivery's failure by (topic, key) and attempt."""

    def __init__(self, refuse: dict[tuple[str, bytes | None], list[BaseException | None]] | None = None) -> None:
        self.refuse = refuse or {}
        self.sent: list[tuple[Topic, bytes | None, bytes]] = []
        self.delivered: list[tuple[Topic, bytes | None, bytes]] = []

    async def publish(self, topic: Topic, key: bytes | None, value: bytes) -> Delivery:
        self.sent.append((topic, key, value))
        plan = self.refuse.get((topic.key, key))
        error = plan.pop(0) if plan else None
        if error is None:
            self.delivered.append((topic, key, value))
        return settled(error)

    def letters(self) -> list[DeadLetter]:
        return [DeadLetter.model_validate_json(v) for t, _, v in self.delivered if t == DEAD_LETTER_TOPIC]

    def results(self) -> list[bytes | None]:
        return [k for t, k, _ in self.delivered if t == CLEAN.target]


def _handle(broker: Broker, messages: list[Message]) -> None:
    driver = StageDriver(CLEAN, lambda: StageContext(now=T0), broker.publish)
    asyncio.run(driver.handle(messages))


class TestStageDriverDelivery:
    def test_a_result_the_broker_refuses_twice_for_its_size_becomes_a_dead_letter(self) -> None:
        """Its batch-mates go on; the dead letter keeps the input, so it can be replayed."""
        too_large = ResultTooLarge("over the topic's limit")
        broker = Broker({(CLEAN.target.key, b"b"): [too_large, too_large]})
        _handle(broker, _messages("a", "b", "c"))
        assert broker.results() == [b"a", b"c"]
        (letter,) = broker.letters()
        assert (letter.reason, letter.error_type, letter.article_id) == ("body_too_large", "ResultTooLarge", "b")
        assert letter.source_offset == 1
        assert orjson.loads(letter.payload)["id"] == "b"

    def test_a_refusal_is_believed_only_the_second_time(self) -> None:
        """The broker refuses a whole batch for its size: a message refused with others goes again, alone."""
        broker = Broker({(CLEAN.target.key, b"a"): [ResultTooLarge("the batch is over the topic's limit")]})
        _handle(broker, _messages("a", "b"))
        assert sorted(k for k in broker.results() if k) == [b"a", b"b"]
        assert broker.letters() == []

    def test_a_record_refused_for_another_reason_is_a_dead_letter_of_its_own_kind(self) -> None:
        refused = BrokerRefused("INVALID_RECORD")
        broker = Broker({(CLEAN.target.key, b"a"): [refused, refused]})
        _handle(broker, _messages("a", "b"))
        assert broker.results() == [b"b"]
        assert [(x.error_type, x.reason, x.article_id) for x in broker.letters()] == [
            ("BrokerRefused", "processing_error", "a")
        ]

    def test_a_message_the_broker_did_not_take_now_is_sent_again(self) -> None:
        """Not a dead letter: the batch waits (unacknowledged) until the broker has it."""
        unavailable = BrokerUnavailable("no leader")
        broker = Broker({(CLEAN.target.key, b"a"): [unavailable, unavailable]})
        _handle(broker, _messages("a", "b"))
        assert sorted(k for k in broker.results() if k) == [b"a", b"b"]
        assert [k for t, k, _ in broker.sent if t == CLEAN.target].count(b"a") == 3
        assert broker.letters() == []

    def test_a_dead_letter_the_broker_refuses_goes_without_its_payload(self) -> None:
        too_large = ResultTooLarge("over the topic's limit")
        broker = Broker({(DEAD_LETTER_TOPIC.key, None): [too_large, too_large]})
        _handle(broker, [_bad(7)])
        (letter,) = broker.letters()
        assert (letter.reason, letter.source_offset, letter.payload) == ("invalid_json", 7, "")

    def test_a_dead_letter_refused_even_without_its_payload_is_sent_until_taken(self) -> None:
        """Nowhere else to put it: the batch waits for the broker rather than go on without it."""
        refused = BrokerRefused("INVALID_RECORD")
        broker = Broker({(DEAD_LETTER_TOPIC.key, None): [refused, refused, refused, refused]})
        _handle(broker, [_bad(7)])
        (letter,) = broker.letters()
        assert (letter.source_offset, letter.payload) == (7, "")
        assert len(broker.sent) == 5

    def test_the_batch_is_done_only_once_every_delivery_is(self) -> None:
        """``handle`` (after which faust acknowledges the batch) waits for the broker, not for the queue."""
        pending: list[asyncio.Future[object]] = []

        async def publish(topic: Topic, key: bytes | None, value: bytes) -> Delivery:
            delivery: asyncio.Future[object] = asyncio.get_running_loop().create_future()
            pending.append(delivery)
            return delivery

        async def run() -> None:
            driver = StageDriver(CLEAN, lambda: StageContext(now=T0), publish)
            batch = asyncio.ensure_future(driver.handle(_messages("a", "b")))
            while len(pending) < 2:
                await asyncio.sleep(0)
            for _ in range(20):
                await asyncio.sleep(0)
            assert not batch.done()
            pending[0].set_result(None)
            for _ in range(20):
                await asyncio.sleep(0)
            assert not batch.done()
            pending[1].set_result(None)
            outcomes = await asyncio.wait_for(batch, 5)
            assert [o.dead_letter for o in outcomes] == [None, None]

        asyncio.run(run())


class TestArticleSinkDelivery:
    def test_a_refused_articles_dead_letter_waits_for_the_broker(self) -> None:
        """The sink's dead letters are confirmed too; one the broker did not take now is sent again."""
        broker = Broker({(DEAD_LETTER_TOPIC.key, b"x"): [BrokerUnavailable("timed out")]})

        async def store(rows: object) -> None:
            return None

        sink = ArticleSink(store, broker.publish, now=lambda: T0, max_payload_bytes=1000)
        message = Message(value=b"{}", key=b"x", topic="enriched", partition=0, offset=3, timestamp=None)
        letter = make_dead_letter(
            InvalidJson("bad"),
            stage="store_articles",
            payload=b"{}",
            failed_at=T0,
            max_payload_bytes=100,
            article_id="x",
        )
        asyncio.run(sink.undecodable(message, letter))
        assert [x.article_id for x in broker.letters()] == ["x"]
        assert len(broker.sent) == 2


class TestBrokerErrors:
    @pytest.mark.parametrize(
        ("error", "kind"),
        [
            (MessageSizeTooLargeError(), ResultTooLarge),
            (RecordListTooLargeError(), ResultTooLarge),
            (UnknownError(), BrokerRefused),  # a code the client does not know, e.g. INVALID_RECORD
            (InvalidTimestampError(), BrokerUnavailable),  # our producers stamp the time: this clock is off
            (CorruptRecordException(), BrokerUnavailable),  # corrupted on the way: Kafka's clients retry it
            (KafkaTimeoutError(), BrokerUnavailable),
            (NotLeaderForPartitionError(), BrokerUnavailable),
            (TopicAuthorizationFailedError(), BrokerUnavailable),
        ],
    )
    def test_refusals_of_the_record_are_permanent_the_brokers_state_is_not(
        self, error: Exception, kind: type[Exception]
    ) -> None:
        got = broker_error(CLEAN.target.key, error)
        assert type(got) is kind
        assert CLEAN.target.key in str(got)

    def test_a_failed_faust_delivery_raises_what_it_means(self) -> None:
        async def run() -> None:
            sent = settled(MessageSizeTooLargeError())
            with pytest.raises(ResultTooLarge, match="max.message.bytes"):
                await delivered(CLEAN.target.key, sent)
            ok: asyncio.Future[object] = asyncio.get_running_loop().create_future()
            ok.set_result("metadata")
            assert await delivered(CLEAN.target.key, ok) == "metadata"

        asyncio.run(run())

    def test_a_closed_producer_is_not_a_delivery_to_wait_for(self) -> None:
        """Its own error goes up as is (the worker ends and a new one starts with a new producer)."""

        async def run() -> None:
            with pytest.raises(ProducerClosed):
                await delivered(CLEAN.target.key, settled(ProducerClosed()))

        asyncio.run(run())

    def test_cancelling_the_wait_leaves_the_producers_future_alone(self) -> None:
        """faust's callbacks on the producer's future expect a result or an error, never a cancellation."""

        async def run() -> bool:
            sent: asyncio.Future[object] = asyncio.get_running_loop().create_future()
            waiter = asyncio.ensure_future(delivered(CLEAN.target.key, sent))
            await asyncio.sleep(0)
            waiter.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiter
            cancelled = sent.cancelled()
            sent.set_result(None)
            return cancelled

        assert asyncio.run(run()) is False


class TestExitOnFailure:
    """A batch whose driver raised must never be acknowledged: the worker ends first."""

    @pytest.mark.parametrize("error", [ProducerClosed(), asyncio.CancelledError(), RuntimeError("a bug")])
    def test_a_batch_that_raises_ends_the_process(self, error: BaseException) -> None:
        exits: list[int] = []

        async def handle() -> None:
            raise error

        async def run() -> None:
            await exit_on_failure("nlp_articles", handle(), exit=exits.append)

        with pytest.raises(type(error)):
            asyncio.run(run())
        assert exits == [EXIT_BATCH_FAILED]

    def test_a_batch_that_is_handled_goes_on(self) -> None:
        exits: list[int] = []

        async def handle() -> None:
            return None

        asyncio.run(exit_on_failure("nlp_articles", handle(), exit=exits.append))
        assert exits == []


class FakeProducer:
    """aiokafka's producer as the feeder uses it; ``refuse`` decides each send's delivery by key, in order."""

    def __init__(self, refuse: dict[bytes | None, list[BaseException | None]]) -> None:
        self.refuse = refuse
        self.delivered: list[tuple[str, bytes | None]] = []
        self.attempts = 0

    async def send(self, topic: str, *, value: bytes, key: bytes | None) -> asyncio.Future[object]:
        self.attempts += 1
        plan = self.refuse.get(key)
        error = plan.pop(0) if plan else None
        if error is None:
            self.delivered.append((topic, key))
        return settled(error)

    async def send_and_wait(self, topic: str, *, value: bytes, key: bytes | None) -> None:
        self.delivered.append((topic, key))

    async def flush(self) -> None:
        return None


def _feed(producer: FakeProducer, ids: list[str]) -> Feeder:
    async def run() -> Feeder:
        feeder = Feeder(Settings(), producer)  # type: ignore[arg-type]
        for i in ids:
            await feeder.send(orjson.dumps({"id": i, "url": f"https://example.com/{i}", "text": NEWS}))
        await feeder.flush()
        return feeder

    return asyncio.run(run())


class TestFeederDelivery:
    def test_sent_counts_what_the_broker_took_and_what_it_refused_twice_is_a_dead_letter(self) -> None:
        too_large = MessageSizeTooLargeError()
        producer = FakeProducer({b"b": [too_large, too_large], b"c": [too_large]})
        feeder = _feed(producer, ["a", "b", "c"])
        raw, dead = Settings().topics.raw, Settings().topics.dead_letter
        assert (feeder.result.sent, feeder.result.rejected) == (2, 1)
        assert sorted(producer.delivered) == sorted([(raw, b"a"), (raw, b"c"), (dead, b"b")])

    def test_every_queued_message_is_settled_before_the_feed_fails(self) -> None:
        """One not taken now is sent once more; the rest are still waited for, and the error counts them."""
        timeout = KafkaTimeoutError()
        producer = FakeProducer({b"a": [timeout], b"b": [timeout, timeout], b"c": [timeout, timeout]})
        with pytest.raises(BrokerUnavailable, match=r"^2 of the last 4 queued messages were not delivered .*; 2 were"):
            _feed(producer, ["a", "b", "c", "d"])
        raw = Settings().topics.raw
        assert sorted(producer.delivered) == [(raw, b"a"), (raw, b"d")]
        assert producer.attempts == 7

    def test_a_send_that_waits_raises_a_refusal_for_the_caller_to_dead_letter(self) -> None:
        """``POST /articles`` sends with ``wait``: a payload refused twice comes back as the refusal."""
        too_large = MessageSizeTooLargeError()
        producer = FakeProducer({b"a": [too_large, too_large], b"b": [too_large]})

        async def run() -> Feeder:
            feeder = Feeder(Settings(), producer)  # type: ignore[arg-type]
            payload = orjson.dumps({"id": "a", "url": "https://example.com/a", "text": NEWS})
            with pytest.raises(ResultTooLarge):
                await feeder.send(payload, wait=True)
            await feeder.send(orjson.dumps({"id": "b", "url": "https://example.com/b", "text": NEWS}), wait=True)
            return feeder

        assert asyncio.run(run()).result.sent == 1
