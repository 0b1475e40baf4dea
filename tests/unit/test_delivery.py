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
    InvalidTimestampError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    NotLeaderForPartitionError,
    RecordTooLargeError,
    TopicAuthorizationFailedError,
)

from agents.delivery import broker_error, delivered
from agents.feed import Feeder
from agents.settings import Settings
from agents.sinks import ArticleSink
from agents.streaming import Delivery, StageDriver
from pipeline.deadletters import make_dead_letter
from pipeline.errors import BrokerRefused, BrokerUnavailable, InvalidJson, ResultTooLarge
from pipeline.runner import Message
from pipeline.stages import StageContext
from pipeline.topology import DEAD_LETTER_TOPIC, STAGES, Topic
from schemas.deadletter import DeadLetter
from tests.helpers import settled

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
    def test_a_result_the_broker_refuses_for_its_size_becomes_a_dead_letter(self) -> None:
        """Its batch-mates go on; the dead letter keeps the input, so it can be replayed."""
        broker = Broker({(CLEAN.target.key, b"b"): [ResultTooLarge("over the topic's limit")]})
        _handle(broker, _messages("a", "b", "c"))
        assert broker.results() == [b"a", b"c"]
        (letter,) = broker.letters()
        assert (letter.reason, letter.error_type, letter.article_id) == ("body_too_large", "ResultTooLarge", "b")
        assert letter.source_offset == 1
        assert orjson.loads(letter.payload)["id"] == "b"

    def test_a_record_refused_for_another_reason_is_a_dead_letter_of_its_own_kind(self) -> None:
        broker = Broker({(CLEAN.target.key, b"a"): [BrokerRefused("timestamp out of range")]})
        _handle(broker, _messages("a", "b"))
        assert broker.results() == [b"b"]
        assert [(x.error_type, x.article_id) for x in broker.letters()] == [("BrokerRefused", "a")]

    def test_a_message_the_broker_did_not_take_now_is_sent_again(self) -> None:
        """Not a dead letter: the batch waits (unacknowledged) until the broker has it."""
        unavailable = BrokerUnavailable("no leader")
        broker = Broker({(CLEAN.target.key, b"a"): [unavailable, unavailable]})
        _handle(broker, _messages("a", "b"))
        assert sorted(k for k in broker.results() if k) == [b"a", b"b"]
        assert [k for t, k, _ in broker.sent if t == CLEAN.target].count(b"a") == 3
        assert broker.letters() == []

    def test_a_dead_letter_the_broker_refuses_goes_without_its_payload(self) -> None:
        broker = Broker({(DEAD_LETTER_TOPIC.key, None): [ResultTooLarge("over the topic's limit")]})
        bad = Message(value=b"{not json", key=None, topic="raw", partition=0, offset=7, timestamp=T0.timestamp())
        _handle(broker, [bad])
        (letter,) = broker.letters()
        assert (letter.reason, letter.source_offset, letter.payload) == ("invalid_json", 7, "")

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
            (RecordTooLargeError(), ResultTooLarge),
            (InvalidTimestampError(), BrokerRefused),
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
            sent: asyncio.Future[object] = asyncio.get_running_loop().create_future()
            sent.set_exception(MessageSizeTooLargeError())
            with pytest.raises(ResultTooLarge, match="max.message.bytes"):
                await delivered(CLEAN.target.key, sent)
            ok: asyncio.Future[object] = asyncio.get_running_loop().create_future()
            ok.set_result("metadata")
            assert await delivered(CLEAN.target.key, ok) == "metadata"

        asyncio.run(run())


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
    def test_sent_counts_what_the_broker_took_and_its_refusals_become_dead_letters(self) -> None:
        producer = FakeProducer({b"b": [MessageSizeTooLargeError()]})
        feeder = _feed(producer, ["a", "b", "c"])
        settings = Settings()
        assert (feeder.result.sent, feeder.result.rejected) == (2, 1)
        assert producer.delivered == [
            (settings.topics.raw, b"a"), (settings.topics.raw, b"c"), (settings.topics.dead_letter, b"b")
        ]  # fmt: skip

    def test_a_message_not_taken_now_is_sent_once_more_then_the_feed_fails(self) -> None:
        producer = FakeProducer({b"a": [KafkaTimeoutError()], b"b": [KafkaTimeoutError(), KafkaTimeoutError()]})
        with pytest.raises(BrokerUnavailable, match="may not have been delivered"):
            _feed(producer, ["a", "b"])
        assert producer.delivered == [(Settings().topics.raw, b"a")]
        assert producer.attempts == 4
