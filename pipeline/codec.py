"""How each topic's messages are encoded, and the binary frame of the internal NLP topics.

Public topics carry JSON records (``schemas/``). The NLP hops carry a JSON header plus the spaCy
parse in one message, so each article is parsed once (in ``tag_entities``): later stages rebuild the
``Doc`` from the ``DocBin`` bytes in about 1 ms instead of parsing again (about 60 ms for 600 words).
The frame is ``MAGIC | u32 header length | header JSON | DocBin bytes``: no base64, so it costs
nothing extra.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import orjson
from pydantic import ValidationError

from pipeline.errors import InvalidArticle
from pipeline.ingest import decode_payload, describe_validation_error
from pipeline.stages import Incoming, Parsed, StageContext
from schemas.articles import EnrichedArticle
from schemas.deadletter import DeadLetter
from schemas.internal import CleanArticle, Origin, StagedArticle

__all__ = [
    "CLEAN",
    "DEAD_LETTER",
    "ENRICHED",
    "MAGIC",
    "PARSED",
    "RAW",
    "Codec",
    "Received",
    "origin_in",
    "pack_staged",
    "unpack_staged",
]

T = TypeVar("T")

MAGIC = b"NFS1"
_LEN = struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class Received:
    """A message as a stage receives it: its value, when the broker appended it, and where it was read."""

    value: bytes | None
    timestamp: float | None = None  # seconds since the epoch
    origin: Origin | None = None  # the message's own position (a raw-topic message is its own origin)


@dataclass(frozen=True, slots=True)
class Codec(Generic[T]):
    """Turns a topic's message values into records and back.

    ``decode`` raises a ``PermanentError`` (or pydantic's ``ValidationError``) for a value it cannot
    read; ``readable`` gives the part of a value worth keeping in a dead letter; ``article_id`` names
    the article a record belongs to (the message key downstream); ``origin`` the raw-topic message
    it came from.
    """

    name: str
    decode: Callable[[Received, StageContext], T]
    encode: Callable[[T], bytes]
    article_id: Callable[[T], str]
    origin: Callable[[T], Origin | None]
    readable: Callable[[bytes], bytes] = bytes
    text_bytes: Callable[[bytes], int] | None = None
    """How many bytes (UTF-8) of article text a value carries, read without validating the record:
    the NLP stages' work grows with it (the workers' long lane, ``agents.streaming``). Never more
    than the value's own size, which is what a value that is no record of the codec counts. None
    where a stage's work does not grow with the text as fast (raw input: cleaning runs at about
    12 MB/s of HTML)."""


def pack_staged(staged: StagedArticle, doc_bytes: bytes) -> bytes:
    """Frame a staged article and its serialised parse into one message value."""
    header = staged.model_dump_json().encode("utf-8")
    return b"".join((MAGIC, _LEN.pack(len(header)), header, doc_bytes))


def origin_in(value: bytes | None) -> tuple[str, int, int] | None:
    r"""The raw-topic message (topic, partition, offset) a message of a later topic stands for, if it says.

    Read without validating the record or its parse, so it is cheap for any of our topics: the header of
    a staged frame (``article.origin``), a clean or enriched article (``origin``), a dead letter
    (``origin_topic``, ``origin_partition``, ``origin_offset``). None for anything else.

    >>> origin_in(b'{"id": "a", "origin": {"topic": "t.raw.v1", "partition": 2, "offset": 7}}')
    ('t.raw.v1', 2, 7)
    >>> origin_in(b'{"origin_topic": "t.raw.v1", "origin_partition": 0, "origin_offset": 3}'), origin_in(b"\xff")
    (('t.raw.v1', 0, 3), None)
    """
    if not value:
        return None
    try:
        record = orjson.loads(_frame_header(value) or value)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(record, dict):
        return None
    if isinstance(record.get("article"), dict):
        record = record["article"]
    origin = record.get("origin")
    if isinstance(origin, dict):
        where = (origin.get("topic"), origin.get("partition"), origin.get("offset"))
    else:
        where = (record.get("origin_topic"), record.get("origin_partition"), record.get("origin_offset"))
    topic, partition, offset = where
    if isinstance(topic, str) and isinstance(partition, int) and isinstance(offset, int):
        return topic, partition, offset
    return None


def unpack_staged(value: bytes) -> tuple[StagedArticle, bytes]:
    """Split a framed message into the staged article and the serialised parse.

    Raises:
        ValueError: the value is not a frame written by ``pack_staged``.
    """
    if value[:4] != MAGIC or len(value) < 8:
        msg = "not a Newsflow staged frame (bad magic); was this topic written by another version?"
        raise ValueError(msg)
    (size,) = _LEN.unpack_from(value, 4)
    header_end = 8 + size
    if header_end > len(value):
        msg = f"truncated staged frame: header says {size} bytes, frame has {len(value) - 8}"
        raise ValueError(msg)
    staged = StagedArticle.model_validate_json(value[8:header_end])
    return staged, value[header_end:]


def _json_text_bytes(header: bytes, path: tuple[str, ...], whole: int) -> int:
    """The UTF-8 size of the string at ``path`` in a JSON object; ``whole`` when there is none."""
    try:
        node = orjson.loads(header)
        for key in path:
            node = node[key]
        return len(node.encode())
    except (orjson.JSONDecodeError, TypeError, KeyError, AttributeError, UnicodeEncodeError):
        return whole


def _clean_text_bytes(value: bytes) -> int:
    """The size of a clean article's text (its whole value when it is no clean article)."""
    return _json_text_bytes(value, ("text",), len(value))


def _frame_header(value: bytes) -> bytes | None:
    """The JSON header of a staged frame, unread (None when ``value`` is no frame)."""
    if value[:4] != MAGIC or len(value) < 8:
        return None
    (size,) = _LEN.unpack_from(value, 4)
    return value[8 : 8 + size]


def _frame_text_bytes(value: bytes) -> int:
    """The size of a staged frame's article text, not of the annotations or the parse with it."""
    header = _frame_header(value)
    return len(value) if header is None else _json_text_bytes(header, ("article", "text"), len(value))


def _json(model: type[T]) -> Callable[[Received, StageContext], T]:
    def decode(message: Received, ctx: StageContext) -> T:
        try:
            return model.model_validate_json(message.value or b"")  # type: ignore[attr-defined,no-any-return]
        except ValidationError as exc:
            raise InvalidArticle(describe_validation_error(exc)) from None

    return decode


def _decode_raw(message: Received, ctx: StageContext) -> Incoming:
    article = decode_payload(message.value, max_bytes=ctx.max_body_bytes)
    return Incoming(article, received_at=message.timestamp, origin=message.origin)


def _decode_parsed(message: Received, ctx: StageContext) -> Parsed:
    try:
        staged, doc_bytes = unpack_staged(message.value or b"")
    except ValidationError as exc:
        raise InvalidArticle(describe_validation_error(exc)) from None
    except ValueError as exc:  # not a frame of ours: an input error, not a bug
        raise InvalidArticle(str(exc)) from None
    from pipeline.nlp import doc_from_bytes  # spaCy: only where a parse is read (see pipeline.stages)

    # The parse is rebuilt with the vocab of the pipeline that made it: the article's language's.
    return Parsed(staged, doc_from_bytes(doc_bytes, ctx.nlp_for(staged.article.language)), doc_bytes)


def _encode_parsed(parsed: Parsed) -> bytes:
    from pipeline.nlp import doc_to_bytes

    return pack_staged(parsed.staged, parsed.doc_bytes or doc_to_bytes(parsed.doc))


def _readable_frame(value: bytes) -> bytes:
    """The JSON header of a staged frame (the binary parse is of no use in a dead letter)."""
    try:
        staged, _ = unpack_staged(value)
    except (ValueError, ValidationError):
        return value
    return staged.model_dump_json().encode()


def _encode_model(record: CleanArticle | EnrichedArticle | DeadLetter) -> bytes:
    return record.model_dump_json().encode()


def _no_origin(_: object) -> None:
    """A dead letter is no input: its own origin fields say where the input it stands for came from."""


RAW: Codec[Incoming] = Codec(
    "raw_article/1 JSON",
    _decode_raw,
    lambda incoming: incoming.article.model_dump_json().encode(),
    lambda incoming: incoming.article.id,
    lambda incoming: incoming.origin,
)
CLEAN: Codec[CleanArticle] = Codec(
    "CleanArticle JSON",
    _json(CleanArticle),
    _encode_model,
    lambda a: a.id,
    lambda a: a.origin,
    text_bytes=_clean_text_bytes,
)
PARSED: Codec[Parsed] = Codec(
    "staged frame (JSON + DocBin)",
    _decode_parsed,
    _encode_parsed,
    lambda p: p.staged.article.id,
    lambda p: p.staged.article.origin,
    _readable_frame,
    _frame_text_bytes,
)
ENRICHED: Codec[EnrichedArticle] = Codec(
    "enriched_article/1 JSON", _json(EnrichedArticle), _encode_model, lambda a: a.id, lambda a: a.origin
)
DEAD_LETTER: Codec[DeadLetter] = Codec(
    "dead_letter/1 JSON", _json(DeadLetter), _encode_model, lambda d: d.article_id or "", _no_origin
)
