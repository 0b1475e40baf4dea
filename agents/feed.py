"""Feeding articles into the raw topic: from files, directories, stdin, or one HTTP request.

Inputs become raw-topic messages as they are; validation happens in the worker, so a bad line
becomes a dead letter with its reason instead of vanishing in a feeder. Only what cannot be sent
at all is dead-lettered here, directly: a payload over the transport's size limit, or one the broker
refused twice (``agents.delivery``).
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from agents.delivery import delivered
from agents.runtime import utcnow
from agents.settings import Settings
from pipeline.charset import decode_bytes
from pipeline.deadletters import make_dead_letter
from pipeline.errors import BodyTooLarge, BrokerUnavailable, InvalidEncoding, PermanentError
from pipeline.ingest import RECORD_OVERHEAD_BYTES
from schemas.articles import article_id_for_url

__all__ = ["FeedResult", "Feeder", "check_source", "iter_payloads", "key_for", "numbered_json_lines"]

logger = logging.getLogger(__name__)

JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt"}
FEEDABLE = JSON_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | TEXT_SUFFIXES


_BOM = b"\xef\xbb\xbf"


def _suffix(path: Path) -> str:
    """The meaningful suffix, lower-cased, looking through ``.gz`` (``x.JSONL.GZ`` is ``.jsonl``)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz" and len(suffixes) > 1:
        return suffixes[-2]
    return path.suffix.lower()


def _read(path: Path) -> bytes:
    """The file's bytes, gunzipped when its suffix is ``.gz`` in any case (``ValueError`` naming it if it is not gzip)."""
    data = path.read_bytes()
    if path.suffix.lower() != ".gz":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        msg = f"cannot read {path}: not a whole gzip file ({exc}); the files before it were sent"
        raise ValueError(msg) from None


def check_source(source: Path | str) -> None:
    """Raise ``ValueError`` naming the supported kinds when ``source`` is a file ``iter_payloads`` cannot read."""
    path = Path(source)
    if source != "-" and not path.is_dir() and _suffix(path) not in FEEDABLE:
        # A pipe or a process substitution (<(zcat a.jsonl.gz)) has no suffix to go by: stdin ("-") reads JSON lines.
        msg = f"cannot feed {path}: use .json, .jsonl, .html or .txt (optionally .gz), a directory, or - for stdin"
        raise ValueError(msg)


def _json_lines(lines: Iterable[bytes]) -> Iterator[bytes]:
    """The non-blank ones of JSON lines (``data.splitlines()``), each without a byte order mark.

    JSON writes line breaks inside strings as escapes, so any CR or LF ends a line; a mark may open
    any line of files joined with ``cat``.
    """
    for line in lines:
        line = line.removeprefix(_BOM)
        if line.strip():
            yield line


def numbered_json_lines(stream: Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """The non-blank JSON lines of a byte stream read line by line, each with its 1-based line number.

    The stream's own lines end at LF; a CR ends a line too (CRLF, and CR alone as old Mac editors
    write), as in a file ``iter_payloads`` reads whole. Each line loses a byte order mark, as there.
    Blank lines are counted, not yielded, so the numbers are the ones an editor shows.
    """
    number = 0
    for read in stream:
        for line in read.rstrip(b"\n").removesuffix(b"\r").split(b"\r"):
            number += 1
            line = line.removeprefix(_BOM)
            if line.strip():
                yield number, line


def _unparsed_json(data: bytes) -> Iterator[bytes]:
    """The payloads of a ``.json`` file that does not parse as a whole: one message per article still.

    An array is cut into its elements by its brackets, commas and strings alone, so one element
    JSON forbids (NaN, a lone surrogate, nesting too deep) is one dead letter and the others are
    articles; a trailing comma adds nothing. JSON lines saved as ``.json`` (a first line that is a
    whole value) are read as lines. Anything else is one message, which the worker dead-letters
    with the parse error.
    """
    items = _array_elements(data)
    if items is not None:
        for item in items:
            try:
                yield orjson.dumps(orjson.loads(item))
            except orjson.JSONDecodeError:
                yield item
        return
    lines = data.splitlines()
    first = next((line for line in lines if line.strip()), b"")
    try:
        orjson.loads(first)
    except orjson.JSONDecodeError:
        yield data
        return
    yield from _json_lines(lines)


def _array_elements(data: bytes) -> list[bytes] | None:
    """The top-level elements of a JSON array as written, or None when ``data`` is no array closed once."""
    text = data.strip()
    if not text.startswith(b"[") or not text.endswith(b"]"):
        return None
    elements: list[bytes] = []
    depth, start, in_string, escaped = 0, 1, False, False
    for i, byte in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in b"[{":
            depth += 1
        elif byte in b"]}":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return None  # the array closes before the end: not one array
        elif byte == 0x2C and depth == 1:  # comma
            elements.append(text[start:i])
            start = i + 1
    if depth != 0 or in_string:
        return None
    elements.append(text[start:-1])
    return [e.strip() for e in elements if e.strip()]


def iter_payloads(source: Path | str) -> Iterator[bytes]:
    """Yield one raw-topic payload per article in ``source``.

    ``source`` is ``-`` (JSON lines on stdin), a file (``.json`` object or array, ``.jsonl``,
    ``.html``, ``.txt``, each optionally ``.gz``), or a directory of such files (recursively,
    sorted). HTML and text files of any charset become ``{"url": "file://…", "html"|"text": …}``.
    Suffixes are read in any case; a UTF-8 byte order mark at the start of JSON or JSON lines is dropped
    (editors on Windows write one; JSON forbids it).
    """
    if source == "-":
        yield from (line for _, line in numbered_json_lines(sys.stdin.buffer))
        return
    path = Path(source)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p) in FEEDABLE):
            yield from iter_payloads(child)
        return
    check_source(path)
    suffix = _suffix(path)
    data = _read(path)
    if suffix in JSONL_SUFFIXES or suffix in JSON_SUFFIXES:
        data = data.removeprefix(_BOM)
    if suffix in JSONL_SUFFIXES:
        yield from _json_lines(data.splitlines())
    elif suffix in JSON_SUFFIXES:
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            yield from _unparsed_json(data)
            return
        if isinstance(parsed, list):
            yield from (orjson.dumps(item) for item in parsed)
        else:
            yield data
    elif suffix in HTML_SUFFIXES or suffix in TEXT_SUFFIXES:
        field = "html" if suffix in HTML_SUFFIXES else "text"
        url = path.resolve().as_uri()
        try:
            text = decode_bytes(data)
        except InvalidEncoding:
            # Not text in any charset (a binary file named .txt): sent as it is, the worker dead-letters it
            # as invalid_encoding, and the files after it are fed as usual.
            logger.warning("not text in any charset, sent as it is to be dead-lettered file=%s", path)
            yield data
        else:
            yield orjson.dumps({"url": url, field: text})
    else:  # check_source refused it above
        msg = f"cannot feed {path}"
        raise ValueError(msg)


def key_for(payload: bytes) -> bytes | None:
    """The message key: the article id, so versions of one article stay in order on one partition."""
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    article_id = data.get("id")
    if isinstance(article_id, str) and article_id:
        return article_id.encode()
    url = data.get("url")
    return article_id_for_url(url).encode() if isinstance(url, str) else None


PENDING_BYTES = 16 * 1024 * 1024
PENDING_MESSAGES = 10_000
"""A feed settles its queued deliveries (``Feeder.flush``) each time their payloads pass
``PENDING_BYTES`` or their number ``PENDING_MESSAGES``, so it keeps at most about that much in memory to
dead-letter or send again."""


@dataclass(frozen=True)
class _Queued:
    delivery: asyncio.Future[object]
    payload: bytes
    key: bytes | None
    stage: str


@dataclass
class FeedResult:
    """What a feed sent: counts by outcome."""

    sent: int = 0
    """Delivered to the raw topic (acknowledged by the broker)."""
    rejected: int = 0
    """Dead-lettered instead, with the reason."""


class Feeder:
    """A Kafka producer for the raw topic, with direct dead-lettering of unsendable payloads."""

    def __init__(self, settings: Settings, producer: AIOKafkaProducer | None = None) -> None:
        """``producer``: aiokafka's, made from ``settings`` unless given (started and stopped with this feeder)."""
        self.settings = settings
        self.topics = settings.topics
        self._producer = producer or AIOKafkaProducer(
            bootstrap_servers=settings.kafka_servers,
            acks="all",
            linger_ms=settings.producer_linger_ms,
            max_request_size=settings.max_message_bytes,
            max_batch_size=1_048_576,
        )
        self.result = FeedResult()
        self._pending: list[_Queued] = []
        self._pending_bytes = 0

    async def __aenter__(self) -> Feeder:
        try:
            await self._producer.start()
        except BaseException:
            await self._producer.stop()  # a producer that could not start is closed too: no "Unclosed" noise
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._producer.stop()

    async def send(self, payload: bytes, *, stage: str = "feed", wait: bool = False) -> str | None:
        """Queue one payload for the raw topic; return its article id when it has one.

        Payloads too large for the transport are dead-lettered here (reason ``body_too_large``). With
        ``wait``, return only once the broker has the message, raising as ``flush`` does for one message
        (the ``PermanentError`` of a payload it refused twice, which the caller dead-letters;
        ``BrokerUnavailable``); otherwise ``flush`` settles the delivery, and is called here when enough
        is queued (``PENDING_BYTES``, ``PENDING_MESSAGES``).
        """
        key = key_for(payload)
        if len(payload) > self.settings.max_message_bytes - RECORD_OVERHEAD_BYTES:
            await self.reject(payload, BodyTooLarge(
                f"payload is {len(payload):,} bytes, over the {self.settings.max_message_bytes:,}-byte message "
                "limit (NEWSFLOW_MAX_MESSAGE_BYTES); it was not sent to the raw topic"
            ), stage=stage, key=key)  # fmt: skip
            return key.decode() if key else None
        delivery = await self._producer.send(self.topics.raw, value=payload, key=key)
        if wait:
            await self._settle(_Queued(delivery, payload, key, stage))
        else:
            self._pending.append(_Queued(delivery, payload, key, stage))
            self._pending_bytes += len(payload)
            if self._pending_bytes > PENDING_BYTES or len(self._pending) >= PENDING_MESSAGES:
                await self.flush()
        return key.decode() if key else None

    async def send_to(self, topic: str, value: bytes | None, key: bytes | None) -> asyncio.Future[object]:
        """Queue ``value`` for any pipeline topic as is (no size check); return its delivery future.

        For replay (``agents.replay``), which must know which messages the broker acknowledged: the
        future resolves once it did, or raises aiokafka's ``KafkaError``.
        """
        future: asyncio.Future[object] = await self._producer.send(topic, value=value, key=key)
        return future

    async def reject(self, payload: bytes, exc: Exception, *, stage: str, key: bytes | None = None) -> None:
        """Dead-letter a payload that never reached the raw topic."""
        letter = make_dead_letter(
            exc,
            stage=stage,
            payload=payload,
            failed_at=utcnow(),
            max_payload_bytes=self.settings.dead_letter_max_payload_bytes,
            article_id=key.decode() if key else None,
            source_key=key,
        )
        await self._producer.send_and_wait(self.topics.dead_letter, value=letter.model_dump_json().encode(), key=key)
        self.result.rejected += 1
        logger.info("rejected stage=%s reason=%s bytes=%d", stage, letter.reason, len(payload))

    async def flush(self) -> None:
        """Wait until the broker has every queued message: count it sent, or dead-letter it if refused.

        A message the broker did not take now is sent once more, and one it refused too (a refusal for
        size can be of the batch it shared); one refused twice is dead-lettered. Every queued message
        is settled; if any is still not delivered, ``BrokerUnavailable`` says how many.
        """
        await self._producer.flush()
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        failed: list[Exception] = []
        for queued in pending:
            try:
                await self._settle(queued)
            except PermanentError as exc:
                await self.reject(queued.payload, exc, stage=queued.stage, key=queued.key)
            except (BrokerUnavailable, KafkaError) as exc:
                failed.append(exc)
        if failed:
            msg = (
                f"{len(failed):,} of the last {len(pending):,} queued messages were not delivered ({failed[-1]}); "
                f"{self.result.sent:,} were sent in all"
            )
            raise BrokerUnavailable(msg) from failed[-1]

    async def _settle(self, queued: _Queued) -> None:
        """Wait for one queued message, sending it once more if the broker did not take it; count it sent."""
        try:
            await delivered(self.topics.raw, queued.delivery)
        except (BrokerUnavailable, PermanentError) as exc:
            logger.warning("the broker did not take a message, sending it once more error=%s", exc)
            again = await self._producer.send(self.topics.raw, value=queued.payload, key=queued.key)
            await delivered(self.topics.raw, again)
        self.result.sent += 1

    async def check_broker(self) -> None:
        """Ask the brokers for cluster metadata over this producer's connections (raises when none answers)."""
        await self._producer.client.fetch_all_metadata()
