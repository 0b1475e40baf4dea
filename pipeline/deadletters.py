"""Build dead-letter records: what failed, where it came from, and the payload to replay."""

from __future__ import annotations

import base64
import re
from datetime import datetime

from pipeline.errors import PermanentError
from schemas.deadletter import DeadLetter, encode_payload
from schemas.internal import Origin

__all__ = [
    "MAX_ID_CHARS",
    "MAX_KEY_CHARS",
    "make_dead_letter",
    "reason_for",
    "reduced_dead_letter",
    "storable_text",
    "without_payload",
]


def reason_for(exc: BaseException) -> str:
    """The dead-letter reason for an exception: its class's ``reason``, else ``processing_error``."""
    return exc.reason if isinstance(exc, PermanentError) else "processing_error"


def make_dead_letter(
    exc: BaseException,
    *,
    stage: str,
    payload: bytes,
    failed_at: datetime,
    max_payload_bytes: int,
    article_id: str | None = None,
    source_topic: str | None = None,
    source_partition: int | None = None,
    source_offset: int | None = None,
    source_key: bytes | None = None,
    origin: Origin | None = None,
) -> DeadLetter:
    """Describe a failed input. Payloads over ``max_payload_bytes`` keep their head only.

    >>> from datetime import UTC, datetime
    >>> from pipeline.errors import InvalidJson
    >>> dl = make_dead_letter(InvalidJson("bad"), stage="clean_articles", payload=b"{",
    ...                       failed_at=datetime(2026, 1, 1, tzinfo=UTC), max_payload_bytes=10)
    >>> dl.reason, dl.error_type, dl.payload, dl.payload_encoding
    ('invalid_json', 'InvalidJson', '{', 'utf-8')
    """
    truncated = len(payload) > max_payload_bytes
    text, encoding = encode_payload(_utf8_head(payload, max_payload_bytes) if truncated else payload)
    message = str(exc) or type(exc).__name__
    if not isinstance(exc, PermanentError):
        message = f"internal error, please report it: {message}"
    return DeadLetter(
        article_id=storable_text(article_id)[:MAX_ID_CHARS] if article_id is not None else None,
        stage=stage,
        reason=reason_for(exc),
        error_type=type(exc).__name__,
        message=storable_text(message[:2000]),
        source_topic=source_topic,
        source_partition=source_partition,
        source_offset=source_offset,
        source_key=storable_text(source_key.decode("utf-8", "replace"))[:MAX_KEY_CHARS]
        if source_key is not None
        else None,
        origin_topic=origin.topic if origin is not None else None,
        origin_partition=origin.partition if origin is not None else None,
        origin_offset=origin.offset if origin is not None else None,
        origin_timestamp_ms=origin.timestamp_ms if origin is not None else None,
        payload=text,
        payload_encoding=encoding,
        payload_truncated=truncated,
        failed_at=failed_at,
    )


def _utf8_head(payload: bytes, size: int) -> bytes:
    """The first ``size`` bytes of ``payload``, less the 1-3 bytes of a UTF-8 character the cut splits.

    A UTF-8 payload cut inside a character would no longer decode and be kept as base64; its head
    stays readable text. A payload that is not UTF-8 before the cut is cut at ``size`` as it is.

    >>> _utf8_head("ééé".encode(), 5).decode()
    'éé'
    """
    head = payload[:size]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # the first fault is the split character at the end
            return head[: exc.start]
    return head


MAX_ID_CHARS = 256
"""A dead letter's ``article_id`` is cut to this: ids come from untrusted keys and payloads."""
MAX_KEY_CHARS = 1024
"""A dead letter's ``source_key`` is cut to this (a Kafka key can be megabytes)."""


def without_payload(letter: DeadLetter) -> DeadLetter:
    """``letter`` without its payload (marked truncated): for a dead letter too large to send or store.

    The source and origin fields still say where the input is, for replay from the topic.
    """
    return letter.model_copy(
        update={"payload": "", "payload_encoding": "utf-8", "payload_truncated": True, "message": letter.message[:500]}
    )


def storable_text(text: str) -> str:
    r"""``text`` without what PostgreSQL's ``text`` refuses: NUL is removed, a lone surrogate replaced.

    >>> storable_text("a\x00b\ud800c")
    'ab\ufffdc'
    """
    return _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


_SURROGATE = re.compile("[\ud800-\udfff]")


def reduced_dead_letter(letter: DeadLetter) -> DeadLetter:
    """A form of ``letter`` that any store can hold: the payload as base64, every other text made storable.

    For a dead letter the database refused: its row is kept in this form instead of being lost.
    """
    payload = letter.payload
    if letter.payload_encoding == "utf-8":
        payload = base64.b64encode(letter.payload.encode("utf-8", "surrogatepass")).decode("ascii")
    return letter.model_copy(
        update={
            "article_id": storable_text(letter.article_id) if letter.article_id is not None else None,
            "stage": storable_text(letter.stage),
            "error_type": storable_text(letter.error_type),
            "message": storable_text(letter.message),
            "source_topic": storable_text(letter.source_topic) if letter.source_topic is not None else None,
            "source_key": storable_text(letter.source_key) if letter.source_key is not None else None,
            "payload": payload,
            "payload_encoding": "base64",
        }
    )
