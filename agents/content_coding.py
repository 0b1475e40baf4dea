"""Content codings of request bodies (RFC 9110 §8.4), decoded by us rather than by aiohttp's parser.

aiohttp decodes a body as it reads it and answers 400 itself when a coding is unknown or the stream
does not decode, before any handler runs: the client knew, but no dead letter kept what it sent.
The web server turns that off (``agents.web.app_runner``) and ``POST /articles`` calls
:func:`decode_body` on the bytes as they came, so a body that does not decode is dead-lettered as
sent. Decoding stops one byte past the body limit, so a small compressed body that inflates to
gigabytes costs no more than the limit.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import brotli

if sys.version_info >= (3, 14):
    from compression.zstd import ZstdDecompressor, ZstdError
else:
    from backports.zstd import ZstdDecompressor, ZstdError

__all__ = ["CODINGS", "Decoded", "UndecodableBody", "UnknownCoding", "codings", "decode_body"]

CODINGS = ("gzip", "deflate", "br", "zstd")  # and "identity", which changes nothing
_ALIASES = {"x-gzip": "gzip"}  # RFC 9110 §8.4.1.3: a recipient should treat x-gzip as gzip


class UndecodableBody(ValueError):
    """The body is not in the coding its ``Content-Encoding`` names (corrupt, truncated, or not compressed)."""


class UnknownCoding(ValueError):
    """``Content-Encoding`` names a coding we do not decode (RFC 9110 §15.5.16: 415)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded body: at most ``limit + 1`` bytes, ``over_limit`` when decoding went past ``limit``."""

    body: bytes
    over_limit: bool


def codings(header: str) -> list[str]:
    """The codings a ``Content-Encoding`` value lists, in the order they were applied (identity left out).

    >>> codings("gzip"), codings(" X-Gzip , br"), codings("identity"), codings("")
    (['gzip'], ['gzip', 'br'], [], [])
    """
    named = (part.strip().lower() for part in header.split(","))
    return [_ALIASES.get(c, c) for c in named if c and c != "identity"]


def decode_body(body: bytes, header: str, limit: int) -> Decoded:
    """Undo each coding ``header`` names, last applied first, keeping at most ``limit + 1`` bytes.

    Raises:
        UnknownCoding: ``header`` names a coding not in :data:`CODINGS`.
        UndecodableBody: a coding's stream is corrupt, truncated, or followed by other bytes.
    """
    applied = codings(header)
    unknown = [c for c in applied if c not in CODINGS]
    if unknown:
        msg = f"Content-Encoding {unknown[0]!r} is not one this server decodes ({', '.join(CODINGS)} or identity)"
        raise UnknownCoding(msg)
    for coding in reversed(applied):
        decoded = _DECODERS[coding](body, limit + 1)
        if len(decoded) > limit:
            return Decoded(decoded[: limit + 1], over_limit=True)
        body = decoded
    return Decoded(body, over_limit=False)


def _zlib(data: bytes, cap: int, wbits: int, name: str) -> bytes:
    out = bytearray()
    while True:
        stream = zlib.decompressobj(wbits)
        try:
            out += stream.decompress(data, cap - len(out))
        except zlib.error as exc:
            msg = f"the {name} stream is corrupt ({exc})"
            raise UndecodableBody(msg) from None
        if len(out) >= cap:
            return bytes(out)
        if not stream.eof:
            msg = f"the {name} stream ends before its end marker (truncated)"
            raise UndecodableBody(msg)
        data = stream.unused_data
        if not data or (wbits == _GZIP and not data.strip(b"\0")):  # zero bytes padding a gzip file, as gzip(1) reads
            return bytes(out)
        if wbits != _GZIP or not data.startswith(b"\x1f\x8b"):  # gzip may hold several members, one after another
            msg = f"{len(data):,} bytes follow the end of the {name} stream"
            raise UndecodableBody(msg)


_GZIP = 16 + zlib.MAX_WBITS


def _gzip(data: bytes, cap: int) -> bytes:
    return _zlib(data, cap, _GZIP, "gzip")


def _deflate(data: bytes, cap: int) -> bytes:
    """``deflate`` is the zlib format (RFC 9110 §8.4.1.2); some clients send a bare deflate stream, also read."""
    has_zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
    return _zlib(data, cap, zlib.MAX_WBITS if has_zlib_header else -zlib.MAX_WBITS, "deflate")


def _brotli(data: bytes, cap: int) -> bytes:
    stream = brotli.Decompressor()
    try:
        out: bytes = stream.process(data, output_buffer_limit=cap)
        finished = stream.is_finished()
    except brotli.error as exc:
        msg = f"the br stream is corrupt ({exc})"
        raise UndecodableBody(msg) from None
    if len(out) >= cap:
        return out[:cap]
    if not finished:
        msg = "the br stream ends before its end (truncated)"
        raise UndecodableBody(msg)
    return out


def _zstd(data: bytes, cap: int) -> bytes:
    out = bytearray()
    while True:  # a zstd body may hold several frames, one after another
        stream = ZstdDecompressor()
        try:
            out += stream.decompress(data, cap - len(out))
        except ZstdError as exc:
            msg = f"the zstd stream is corrupt ({exc})"
            raise UndecodableBody(msg) from None
        if len(out) >= cap:
            return bytes(out)
        if not stream.eof:
            msg = "the zstd stream ends before its frame's end (truncated)"
            raise UndecodableBody(msg)
        data = stream.unused_data
        if not data:
            return bytes(out)


_DECODERS: dict[str, Callable[[bytes, int], bytes]] = {
    "gzip": _gzip,
    "deflate": _deflate,
    "br": _brotli,
    "zstd": _zstd,
}
