"""The long lane: which messages it claims, the order it keeps, and when it lets a message be acknowledged."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from faust.types.tuples import TP, ConsumerMessage

from agents.streaming import LongLane
from pipeline.codec import CLEAN, PARSED, RAW, pack_staged
from pipeline.runner import Message
from schemas.internal import CleanArticle, StagedArticle

LIMIT = 100


def _message(size: int, key: bytes | None = None, offset: int = 0) -> Message:
    return Message(b"x" * size, key, topic="t", partition=0, offset=offset)


class _Handle:
    """Records what it handles; a message of ``hold_at`` size waits until ``release`` is set."""

    def __init__(self, hold_at: int | None = None) -> None:
        self.handled: list[int | None] = []
        self.hold_at = hold_at
        self.release = asyncio.Event()

    async def __call__(self, messages: Sequence[Message]) -> None:
        for m in messages:
            if len(m.value or b"") == self.hold_at:
                await self.release.wait()
            self.handled.append(m.offset)


class TestClaims:
    def test_a_message_over_the_limit_is_claimed_and_one_at_it_is_not(self) -> None:
        lane = LongLane(_Handle(), len, LIMIT)
        assert lane.claims(_message(LIMIT + 1))
        assert not lane.claims(_message(LIMIT))

    def test_no_lane_without_a_text_measure_or_a_limit(self) -> None:
        """The clean stage's raw input has no text measure; a limit of 0 turns the lane off."""
        assert not LongLane(_Handle(), None, LIMIT).claims(_message(10 * LIMIT))
        assert not LongLane(_Handle(), len, 0).claims(_message(10 * LIMIT))
        assert not LongLane(_Handle(), None, LIMIT).active

    def test_a_message_with_the_key_of_one_in_the_lane_follows_it_until_the_lane_is_done_with_it(self) -> None:
        async def scenario() -> None:
            handle = _Handle()
            lane = LongLane(handle, len, LIMIT)
            task = asyncio.ensure_future(lane.run())
            assert lane.claims(_message(LIMIT + 1, b"k", 0))
            assert lane.claims(_message(1, b"k", 1))  # a later version of the same article
            assert not lane.claims(_message(1, b"other", 2))
            assert not lane.claims(_message(1, None, 3))
            done = asyncio.Event()
            await lane.put(_message(LIMIT + 1, b"k", 0), lambda: None)
            await lane.put(_message(1, b"k", 1), done.set)
            await asyncio.wait_for(done.wait(), 5)
            assert handle.handled == [0, 1]
            assert not lane.claims(_message(1, b"k", 4))  # the key left the lane with its last message
            task.cancel()

        asyncio.run(scenario())

    def test_each_claim_is_counted(self) -> None:
        claims: list[None] = []
        lane = LongLane(_Handle(), len, LIMIT, on_claim=lambda: claims.append(None))
        lane.claims(_message(LIMIT + 1, b"k"))
        lane.claims(_message(1, b"k"))
        lane.claims(_message(1, b"j"))
        assert len(claims) == 2


class TestRun:
    def test_done_is_called_only_after_the_message_is_handled_and_in_order(self) -> None:
        async def scenario() -> None:
            handle = _Handle(hold_at=LIMIT + 1)
            lane = LongLane(handle, len, LIMIT)
            task = asyncio.ensure_future(lane.run())
            acked: list[int] = []
            both = asyncio.Event()
            await lane.put(_message(LIMIT + 1, offset=0), lambda: acked.append(0))
            await lane.put(_message(LIMIT + 2, offset=1), lambda: (acked.append(1), both.set()))
            for _ in range(20):
                await asyncio.sleep(0)
            assert acked == [] and handle.handled == []  # the first is still being handled
            handle.release.set()
            await asyncio.wait_for(both.wait(), 5)
            assert acked == [0, 1] and handle.handled == [0, 1]
            task.cancel()

        asyncio.run(scenario())

    def test_put_waits_for_room_once_depth_messages_wait(self) -> None:
        async def scenario() -> None:
            handle = _Handle(hold_at=LIMIT + 1)
            lane = LongLane(handle, len, LIMIT, depth=1)
            task = asyncio.ensure_future(lane.run())
            await lane.put(_message(LIMIT + 1, offset=0), lambda: None)  # taken by run, held
            await asyncio.sleep(0)
            await lane.put(_message(LIMIT + 2, offset=1), lambda: None)  # waits in the queue
            third = asyncio.ensure_future(lane.put(_message(LIMIT + 2, offset=2), lambda: None))
            for _ in range(20):
                await asyncio.sleep(0)
            assert not third.done()
            handle.release.set()
            await asyncio.wait_for(third, 5)
            task.cancel()

        asyncio.run(scenario())

    def test_a_failing_handle_ends_the_lane_without_calling_done(self) -> None:
        """The agents wrap ``handle`` to end the worker: the message stays unacknowledged, redelivered."""

        async def fail(messages: Sequence[Message]) -> None:
            msg = "the producer is closed"
            raise RuntimeError(msg)

        async def scenario() -> None:
            lane = LongLane(fail, len, LIMIT)
            acked: list[int] = []
            await lane.put(_message(LIMIT + 1), lambda: acked.append(0))
            with pytest.raises(RuntimeError, match="producer"):
                await lane.run()
            assert acked == []

        asyncio.run(scenario())


class TestFaustAcknowledgement:
    def test_one_more_reference_keeps_a_message_uncommitted_until_the_lane_acknowledges_it(self) -> None:
        """What the agent relies on: faust commits a message's offset only when its last reference is acked.

        ``ConsumerMessage`` is what faust's aiokafka driver hands the streams.
        """

        class Consumer:
            def __init__(self) -> None:
                self.acked: list[int] = []

            def ack(self, message: ConsumerMessage) -> bool:
                self.acked.append(message.offset)
                return True

        consumer = Consumer()
        message = ConsumerMessage("t", 0, 7, 0.0, 0, {}, b"k", b"v", None)
        message.incref()  # faust's conductor: one reference per stream it delivers to
        message.incref()  # the agent: the lane's
        assert not message.ack(consumer)  # take_events acknowledges the batch
        assert consumer.acked == []
        assert message.ack(consumer)  # the lane, once the outcome is on a topic
        assert consumer.acked == [7]


class TestTextBytes:
    def test_the_codecs_measure_the_text_not_markup_annotations_or_the_parse(self) -> None:
        text = "Le café " * 50
        article = CleanArticle(
            id="a", url="https://example.com/a", text=text, body_hash="h", cleaned_at=datetime.now(UTC)
        )
        clean = article.model_dump_json().encode()
        assert CLEAN.text_bytes is not None and CLEAN.text_bytes(clean) == len(text.encode())
        frame = pack_staged(StagedArticle(article=article), b"\0" * 10_000)
        assert PARSED.text_bytes is not None and PARSED.text_bytes(frame) == len(text.encode())
        assert RAW.text_bytes is None

    def test_a_value_that_is_no_record_counts_whole(self) -> None:
        assert CLEAN.text_bytes is not None and PARSED.text_bytes is not None
        for value in (b"not json", b"[1, 2]", b'{"text": 7}', b"{}"):
            assert CLEAN.text_bytes(value) == len(value)
        assert PARSED.text_bytes(b"not a frame") == len(b"not a frame")
        broken = pack_staged(
            StagedArticle(
                article=CleanArticle(
                    id="a", url="https://example.com/a", text="x", body_hash="h", cleaned_at=datetime.now(UTC)
                )
            ),
            b"",
        )[:-3]
        assert PARSED.text_bytes(broken) == len(broken)


class TestLaneTask:
    def test_the_worker_ends_when_its_lane_fails_but_not_when_it_is_cancelled(self) -> None:
        from agents.app import EXIT_BATCH_FAILED, _exit_if_failed

        async def scenario() -> list[int]:
            exits: list[int] = []
            loop = asyncio.get_running_loop()
            failed, cancelled, finished = loop.create_future(), loop.create_future(), loop.create_future()
            failed.set_exception(RuntimeError("boom"))
            cancelled.cancel()
            finished.set_result(None)
            for task in (failed, cancelled, finished):
                _exit_if_failed("tag_entities's long lane", task, exit=exits.append)
            return exits

        assert asyncio.run(scenario()) == [EXIT_BATCH_FAILED]


class TestCommitPastInFlight:
    """The worker's consumer never commits past a message read and not yet acknowledged (faust #606)."""

    @staticmethod
    def _consumer(committed: int | None, acked: list[int], in_flight: list[int]) -> tuple[Any, TP]:
        from collections import defaultdict

        from intervaltree import IntervalTree

        from agents.app import _TunedConsumer

        tp = TP("t", 0)
        consumer = object.__new__(_TunedConsumer)  # only the offset bookkeeping, no broker
        consumer._acked = defaultdict(list, {tp: list(acked)})
        consumer._acked_index = defaultdict(set, {tp: set(acked)})
        consumer._gap = defaultdict(IntervalTree)
        consumer._committed_offset = defaultdict(lambda: None, {tp: committed})
        consumer._unacked_messages = {
            ConsumerMessage("t", 0, o, 0.0, 0, {}, b"k", b"v", None, tp=tp) for o in in_flight
        }
        return consumer, tp

    def test_one_message_in_flight_at_the_head_holds_the_commit(self) -> None:
        consumer, tp = self._consumer(committed=5, acked=[6, 7, 8], in_flight=[5])
        assert consumer._new_offset(tp) is None  # faust alone commits 9 here
        assert consumer._acked[tp] == [6, 7, 8]  # kept for a later commit

    def test_before_the_first_commit_too(self) -> None:
        consumer, tp = self._consumer(committed=None, acked=[1, 2], in_flight=[0])
        assert consumer._new_offset(tp) is None

    def test_the_run_before_the_message_in_flight_is_committed(self) -> None:
        consumer, tp = self._consumer(committed=5, acked=[5, 6, 8, 9], in_flight=[7])
        assert consumer._new_offset(tp) == 7
        assert consumer._acked[tp] == [8, 9]

    def test_once_acknowledged_the_whole_run_is_committed(self) -> None:
        consumer, tp = self._consumer(committed=5, acked=[6, 7, 8], in_flight=[])
        consumer._acked[tp].append(5)
        consumer._acked_index[tp].add(5)
        assert consumer._new_offset(tp) == 9


class TestFinalAck:
    def test_faust_sensors_hear_of_the_message_only_on_its_last_acknowledgement(self) -> None:
        from types import SimpleNamespace

        from agents.app import _final_ack

        heard: list[int] = []
        sensors = SimpleNamespace(on_message_out=lambda tp, offset, message: heard.append(offset))
        stream = SimpleNamespace(app=SimpleNamespace(sensors=sensors))
        for last in (False, True):
            message = SimpleNamespace(tp=TP("t", 0), offset=int(last))
            _final_ack(stream, SimpleNamespace(ack=lambda last=last: last, message=message))  # type: ignore[arg-type]
        assert heard == [1]
