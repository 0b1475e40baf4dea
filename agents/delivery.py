"""What a Kafka broker's answer to one message means for it: delivered, refused, or not taken now.

Shared by the users of aiokafka's producer: the faust transport of the agents (``agents.app``), the
feeder of ``newsflow feed`` (``agents.feed``) and ``POST /articles`` (``agents.web``).
"""

from __future__ import annotations

import asyncio

from aiokafka.errors import (
    IllegalStateError,
    KafkaError,
    MessageSizeTooLargeError,
    ProducerClosed,
    ProducerFenced,
    RecordListTooLargeError,
    UnknownError,
)

from pipeline.errors import BrokerRefused, BrokerUnavailable, NewsflowError, ResultTooLarge

__all__ = ["broker_error", "delivered"]

_TOO_LARGE = (MessageSizeTooLargeError, RecordListTooLargeError)
_PRODUCER_GONE = (ProducerClosed, ProducerFenced, IllegalStateError)


def broker_error(topic: str, exc: BaseException) -> NewsflowError:
    """What the broker's (or its client's) refusal of a message to ``topic`` means for the message.

    * Its size (``ResultTooLarge``, reason ``body_too_large``): over the topic's ``max.message.bytes``.
      The broker refuses a whole batch of records, so a message refused with others is worth one more
      try on its own (``agents.streaming.confirm`` gives it one).
    * A code this client does not know (``BrokerRefused``), such as INVALID_RECORD, which newer brokers
      give a record they will never take (one without a key on a compacted topic).
    * Anything else is the broker's state now (no leader, too few replicas, a timeout, not authorised,
      this machine's clock outside the topic's timestamp range, a record corrupted on the way): the
      message is sent again, for as long as it takes (``BrokerUnavailable``).
    """
    what = f"the broker refused the message to the {topic} topic: {type(exc).__name__}: {exc}"
    if isinstance(exc, _TOO_LARGE):
        return ResultTooLarge(
            f"{what}; the topic's max.message.bytes must be at least NEWSFLOW_MAX_MESSAGE_BYTES (the input "
            "is kept in this dead letter: replay it once they agree)"
        )
    if isinstance(exc, UnknownError):
        return BrokerRefused(f"{what} (the input is kept in this dead letter: replay it once the topic takes it)")
    return BrokerUnavailable(f"the broker did not take the message to the {topic} topic: {type(exc).__name__}: {exc}")


async def delivered(topic: str, sent: asyncio.Future[object]) -> object:
    """Await a producer's delivery future; raise what a failure means for the message (``broker_error``).

    The future is shielded: cancelling the waiter does not cancel the producer's own future. A producer
    that is closed or fenced raises its own error: no message can be sent through it any more.
    """
    try:
        return await asyncio.shield(sent)
    except _PRODUCER_GONE:
        raise
    except KafkaError as exc:
        raise broker_error(topic, exc) from exc
