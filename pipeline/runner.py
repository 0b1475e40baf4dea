"""Run one stage over a batch of messages, with the pipeline's one error policy.

Every input gets exactly one :class:`Outcome`, in input order: an encoded output for the stage's
target topic, or a dead letter. The policy, the same for the faust agents and the offline runner:

* a ``PermanentError`` (the input can never be processed) → a dead letter with the error's reason;
* a pydantic ``ValidationError`` while decoding → an ``invalid_article`` dead letter;
* any other exception while decoding, preparing or processing one input → a ``processing_error``
  dead letter for that input alone (a bug of ours: replayable once fixed);
* a batched ``prepare`` that raises is run again one input at a time, so one bad article never
  harms its batch-mates;
* ``TransientError`` and non-``Exception`` errors (cancellation, interrupts) propagate: stages do no
  I/O, so only a caller's own I/O can raise them, and the caller retries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.codec import Received
from pipeline.deadletters import MAX_KEY_CHARS, make_dead_letter
from pipeline.errors import TransientError
from pipeline.stages import StageContext
from pipeline.topology import Stage
from schemas.deadletter import DeadLetter
from schemas.internal import Origin

__all__ = ["Message", "Outcome", "dead_outcome", "position_of", "run_stage"]


@dataclass(frozen=True, slots=True)
class Message:
    """A message read from a topic, and where it was read (``None`` where there is no broker)."""

    value: bytes | None
    key: bytes | None = None
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    timestamp: float | None = None  # seconds since the epoch


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: ``value`` (and ``key``) for the target topic, or a ``dead_letter``."""

    message: Message
    key: bytes | None = None
    value: bytes | None = None
    dead_letter: DeadLetter | None = None
    origin: Origin | None = None  # the raw-topic message the input came from, when known


class _Failed:
    """A prepared value that could not be made; carries the error."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


def run_stage(stage: Stage[Any, Any], messages: Sequence[Message], ctx: StageContext) -> list[Outcome]:
    """Decode, prepare and process ``messages``; return one outcome per message, in order."""
    outcomes: list[Outcome | None] = [None] * len(messages)
    decoded: list[tuple[int, Any]] = []
    for i, message in enumerate(messages):
        try:
            received = Received(message.value, message.timestamp, position_of(message))
            decoded.append((i, stage.source.codec.decode(received, ctx)))
        except Exception as exc:  # noqa: BLE001 - every failure becomes a dead letter, never lost
            _reraise_transient(exc)
            origin = position_of(message) if stage.source.entry else None
            outcomes[i] = dead_outcome(stage, message, exc, ctx, article_id=_key_text(message), origin=origin)
    prepared = _prepare(stage, [item for _, item in decoded], ctx)
    for (i, item), ready in zip(decoded, prepared, strict=True):
        message = messages[i]
        article_id = stage.source.codec.article_id(item)
        origin = stage.source.codec.origin(item)
        if isinstance(ready, _Failed):
            outcomes[i] = dead_outcome(stage, message, ready.error, ctx, article_id=article_id, origin=origin)
            continue
        try:
            result = stage.process(item, ready, ctx)
            value = stage.target.codec.encode(result)
            key = stage.target.codec.article_id(result).encode()
        except Exception as exc:  # noqa: BLE001
            _reraise_transient(exc)
            outcomes[i] = dead_outcome(stage, message, exc, ctx, article_id=article_id, origin=origin)
            continue
        outcomes[i] = Outcome(message, key=key, value=value, origin=origin)
    done = [o for o in outcomes if o is not None]
    if len(done) != len(messages):  # every path above sets one outcome per input
        msg = f"{stage.name}: {len(messages) - len(done)} inputs without an outcome"
        raise AssertionError(msg)
    return done


def _prepare(stage: Stage[Any, Any], items: list[Any], ctx: StageContext) -> list[Any]:
    """The stage's batched work; when the batch fails, each input alone, failures kept per input."""
    if stage.prepare is None or not items:
        return [None] * len(items)
    try:
        ready = list(stage.prepare(items, ctx))
        if len(ready) != len(items):
            msg = f"{stage.name}: prepare returned {len(ready)} values for {len(items)} inputs"
            raise RuntimeError(msg)
        return ready
    except Exception as exc:  # noqa: BLE001 - find the culprit below
        _reraise_transient(exc)
    out: list[Any] = []
    for item in items:
        try:
            [one] = stage.prepare([item], ctx)
            out.append(one)
        except Exception as exc:  # noqa: BLE001
            _reraise_transient(exc)
            out.append(_Failed(exc))
    return out


def _reraise_transient(exc: Exception) -> None:
    if isinstance(exc, TransientError):
        raise exc


def _key_text(message: Message) -> str | None:
    return message.key.decode("utf-8", "replace") if message.key else None


def position_of(message: Message) -> Origin | None:
    """Where ``message`` was read, as an origin (``None`` when it was not read from a topic)."""
    if message.topic is None:
        return None
    stamp = round(message.timestamp * 1000) if message.timestamp is not None else None
    return Origin(topic=message.topic, partition=message.partition, offset=message.offset, timestamp_ms=stamp)


def dead_outcome(
    stage: Stage[Any, Any],
    message: Message,
    exc: Exception,
    ctx: StageContext,
    *,
    article_id: str | None,
    origin: Origin | None = None,
) -> Outcome:
    """The dead-letter outcome for ``message``, which failed ``stage`` with ``exc``."""
    letter = make_dead_letter(
        exc,
        stage=stage.name,
        payload=stage.source.codec.readable(message.value or b""),
        failed_at=ctx.now,
        max_payload_bytes=ctx.max_dead_letter_payload_bytes,
        article_id=article_id or None,
        source_topic=message.topic,
        source_partition=message.partition,
        source_offset=message.offset,
        source_key=message.key,
        origin=origin,
    )
    key = letter.article_id.encode() if letter.article_id else (message.key or b"")[:MAX_KEY_CHARS] or None
    return Outcome(message, key=key, dead_letter=letter, origin=origin)
