"""Turn untrusted bytes from a scraper into a validated ``RawArticle``, or say precisely why not."""

from __future__ import annotations

import json
import math
from typing import Any

import orjson
from pydantic import ValidationError

from pipeline.errors import BodyTooLarge, EmptyBody, InvalidArticle, InvalidEncoding, InvalidJson
from schemas.articles import RAW_FIELD_LIMITS, RawArticle

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_MESSAGE_BYTES",
    "FIELD_LIMITS",
    "MESSAGE_HEADROOM_BYTES",
    "RECORD_OVERHEAD_BYTES",
    "RESULT_GROWTH",
    "decode_payload",
    "describe_validation_error",
]

DEFAULT_MAX_BODY_BYTES = 5_000_000
"""5 MB: the largest real page we know is 1.5 MB."""

DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024
"""16 MiB: the largest message on any topic (producer request, topic ``max.message.bytes``, consumer fetch)."""

MESSAGE_HEADROOM_BYTES = 1024 * 1024
"""1 MiB: how much larger than the body limit the message limit must be (a raw message's JSON around its body)."""

RECORD_OVERHEAD_BYTES = 1024
"""Room a record needs in a message besides its key and value (record and batch headers)."""

RESULT_GROWTH = 5
"""How much larger than its clean text an article's largest message may be: the enriched record (text,
entity mentions, stance) of news prose is ~4.5 times its text. A clean text over ``1/RESULT_GROWTH`` of
the message limit is refused before any NLP runs on it."""

FIELD_LIMITS: dict[str, int] = RAW_FIELD_LIMITS
"""Longest accepted metadata, in characters, as ``raw_article/1`` publishes them (``id`` and ``url`` are
limited by the model itself)."""


def describe_validation_error(exc: ValidationError, *, limit: int = 5) -> str:
    """Summarise a pydantic error as ``field: problem; ...`` without echoing the input values."""
    parts = []
    for error in exc.errors(include_url=False, include_input=False)[:limit]:
        where = ".".join(str(p) for p in error["loc"]) or "article"
        parts.append(f"{where}: {error['msg']}")
    more = exc.error_count() - limit
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)


def _without_nul(value: object) -> object:
    r"""Strings without NUL characters, which PostgreSQL cannot store (JSON can carry them).

    Walks the value with a stack of its own, not by recursion: JSON may nest 1,024 levels deep (orjson's
    limit), deeper than Python's recursion allows.

    >>> _without_nul({"a": ["x\x00y", {"b": "\x00"}], "\x00k": 1})
    {'a': ['xy', {'b': ''}], '\x00k': 1}
    """

    def clean(v: object) -> object:
        if isinstance(v, str):
            return v.replace("\x00", "") if "\x00" in v else v
        return v.copy() if isinstance(v, (list, dict)) else v

    root = clean(value)
    stack: list[list[Any] | dict[str, Any]] = [root] if isinstance(root, (list, dict)) else []
    while stack:
        container = stack.pop()
        pairs = list(enumerate(container)) if isinstance(container, list) else list(container.items())
        for key, item in pairs:
            cleaned = clean(item)
            container[key] = cleaned  # type: ignore[index]
            if isinstance(cleaned, (list, dict)):
                stack.append(cleaned)
    return root


def _utf16_hint(payload: bytes) -> str:
    """A hint for a payload with a UTF-16 byte order mark or a zero byte in every other place, else ""."""
    pairs = payload[:64]
    if pairs[:2] in {b"\xff\xfe", b"\xfe\xff"} or (
        len(pairs) >= 4 and (pairs[0::2].count(0) == len(pairs[0::2]) or pairs[1::2].count(0) == len(pairs[1::2]))
    ):
        return "it looks like UTF-16; "
    return ""


def _with_long_integers(payload: bytes) -> Any:
    """The JSON of a payload holding an integer too long for orjson (which reads 64 bits), or None if invalid.

    Valid JSON has integers of any length (an extra field's 400-digit id); the standard library's
    parser reads them. NaN and Infinity, and a number too large for a double (1e999), which it would
    also take, are refused as orjson refuses them: None then.
    """

    def no_constant(name: str) -> Any:
        raise ValueError(name)

    def finite(text: str) -> float:
        if math.isinf(number := float(text)):
            raise ValueError(text)
        return number

    try:
        return json.loads(payload, parse_constant=no_constant, parse_float=finite)
    except (ValueError, RecursionError):
        return None


def decode_payload(payload: bytes | None, *, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> RawArticle:
    """Decode one raw-topic message (UTF-8 JSON object) into a ``RawArticle``.

    Raises:
        BodyTooLarge: the payload is longer than ``max_bytes``.
        InvalidEncoding: the payload is not valid UTF-8.
        InvalidJson: the payload is empty, not JSON, or not a JSON object.
        EmptyBody: neither ``html`` nor ``text`` has content.
        InvalidArticle: the object does not match ``raw_article/1``, or a field is over its
            ``FIELD_LIMITS``.

    NUL characters are removed from every string (PostgreSQL refuses them; they carry no text). A
    UTF-8 byte order mark before the JSON is ignored, as RFC 8259 allows and ``newsflow feed`` does.

    >>> decode_payload(b'{"url": "https://example.com/a", "text": "Hello"}').id
    '2dce0a4c50441bfc'
    """
    if payload:
        payload = payload.removeprefix(b"\xef\xbb\xbf")
    if not payload:
        msg = "empty message: send one JSON object per message (see schemas/jsonschema/raw_article.v1.schema.json)"
        raise InvalidJson(msg)
    if len(payload) > max_bytes:
        msg = (
            f"payload is {len(payload):,} bytes, over the {max_bytes:,}-byte limit "
            "(NEWSFLOW_MAX_BODY_BYTES); send the article body only, without inline images or scripts"
        )
        raise BodyTooLarge(msg)
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        try:
            payload.decode("utf-8")
        except UnicodeDecodeError as uexc:
            msg = (
                f"payload is not valid UTF-8 (byte 0x{payload[uexc.start]:02x} at offset {uexc.start}); "
                f"{_utf16_hint(payload)}decode the page with its charset and send UTF-8 JSON"
            )
            raise InvalidEncoding(msg) from None
        # orjson's message for a number it cannot hold ("number is infinity when parsed as double")
        data = _with_long_integers(payload) if "number" in exc.msg else None
        if data is None:
            msg = f"payload is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            if hint := _utf16_hint(payload):
                msg = f"{msg}; {hint}send UTF-8 JSON"
            raise InvalidJson(msg) from None
    if not isinstance(data, dict):
        msg = f"expected a JSON object, got {type(data).__name__}"
        raise InvalidJson(msg)
    data = {key: _without_nul(value) for key, value in data.items()}
    for name, limit in FIELD_LIMITS.items():
        value = data.get(name)
        if isinstance(value, str) and len(value) > limit:
            msg = f"{name} is {len(value):,} characters, over the {limit:,}-character limit; send the {name} alone"
            raise InvalidArticle(msg)
    bodies = [data.get("html"), data.get("text")]
    if all(body is None or (isinstance(body, str) and not body.strip()) for body in bodies):
        msg = "article has no body: send exactly one non-empty 'html' or 'text' field"
        raise EmptyBody(msg)
    try:
        return RawArticle.model_validate(data)
    except ValidationError as exc:
        msg = f"not a raw_article/1: {describe_validation_error(exc)}"
        raise InvalidArticle(msg) from None
