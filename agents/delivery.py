"""What a Kafka broker's answer to one message means for it: delivered, refused for good, or not now.

Shared by the faust transport of the agents (``agents.app``) and the feeder (``agents.feed``), which
both use aiokafka's producer.
"""

from __future__ import annotations

from collections.abc import Awaitable

from aiokafka.errors import (
    CorruptRecordException,
    InvalidMessageError,
    InvalidTimestampError,
    KafkaError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
    RecordTooLargeError,
)

from pipeline.errors import BrokerRefused, BrokerUnavailable, NewsflowError, ResultTooLarge

__all__ = ["broker_error", "delivered"]

_RECORD_TOO_LARGE = (MessageSizeTooLargeError, RecordTooLargeError, RecordListTooLargeError)
_RECORD_REFUSED = (CorruptRecordException, InvalidMessageError, InvalidTimestampError)


def broker_error(topic: str, exc: BaseException) -> NewsflowError:
    """What the broker's (or its client's) refusal of one message to ``topic`` means for the message.

    A refusal of the record itself is permanent: its size (``ResultTooLarge``), its contents or
    timestamp (``BrokerRefused``). Anything else is the broker's state now (no leader, not authorized,
    a timeout), so the message is to be sent again (``BrokerUnavailable``) and waits for the broker, or
    its operator, to take it.
    """
    what = f"the broker refused the message to the {topic} topic: {type(exc).__name__}: {exc}"
    if isinstance(exc, _RECORD_TOO_LARGE):
        return ResultTooLarge(
            f"{what}; the topic's max.message.bytes must be at least NEWSFLOW_MAX_MESSAGE_BYTES (the input "
            "is kept in this dead letter: replay it once they agree)"
        )
    if isinstance(exc, _RECORD_REFUSED):
        return BrokerRefused(f"{what} (the input is kept in this dead letter: replay it once the topic takes it)")
    return BrokerUnavailable(f"the broker did not take the message to the {topic} topic: {type(exc).__name__}: {exc}")


async def delivered(topic: str, sent: Awaitable[object]) -> object:
    """Await a producer's delivery future, raising what a failure means for the message (``broker_error``)."""
    try:
        return await sent
    except KafkaError as exc:
        raise broker_error(topic, exc) from exc
