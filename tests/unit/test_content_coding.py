"""Request bodies' content codings, decoded by us: every coding, stacked codings, broken streams, bombs."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from agents.content_coding import UndecodableBody, UnknownCoding, codings, decode_body
from tests.helpers import zstd

BODY = b'{"url": "https://example.com/a", "text": "' + b"A council voted on the tram line. " * 200 + b'"}'

ENCODERS = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstd.compress,
}


def _raw_deflate(data: bytes) -> bytes:
    stream = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return stream.compress(data) + stream.flush()


class TestDecodes:
    @pytest.mark.parametrize("coding", sorted(ENCODERS))
    def test_each_coding(self, coding: str) -> None:
        decoded = decode_body(ENCODERS[coding](BODY), coding, limit=len(BODY))
        assert (decoded.body, decoded.over_limit) == (BODY, False)

    def test_header_names_are_case_insensitive_and_identity_changes_nothing(self) -> None:
        assert decode_body(gzip.compress(BODY), " GZip , identity", limit=len(BODY)).body == BODY
        assert decode_body(BODY, "identity", limit=len(BODY)).body == BODY
        assert decode_body(BODY, "", limit=len(BODY)).body == BODY

    def test_a_bare_deflate_stream_is_read_too(self) -> None:
        """RFC 9110's deflate is the zlib format, but some clients send the bare stream."""
        assert decode_body(_raw_deflate(BODY), "deflate", limit=len(BODY)).body == BODY

    def test_stacked_codings_are_undone_last_applied_first(self) -> None:
        sent = gzip.compress(brotli.compress(BODY))
        assert codings("br, gzip") == ["br", "gzip"]
        assert decode_body(sent, "br, gzip", limit=len(BODY)).body == BODY

    @pytest.mark.parametrize("coding", ["gzip", "zstd"])
    def test_several_members_or_frames_are_one_body(self, coding: str) -> None:
        half = len(BODY) // 2
        sent = ENCODERS[coding](BODY[:half]) + ENCODERS[coding](BODY[half:])
        assert decode_body(sent, coding, limit=len(BODY)).body == BODY


class TestRefuses:
    @pytest.mark.parametrize("coding", sorted(ENCODERS))
    def test_truncated_stream(self, coding: str) -> None:
        sent = ENCODERS[coding](BODY)
        with pytest.raises(UndecodableBody):
            decode_body(sent[: len(sent) // 2], coding, limit=len(BODY))

    @pytest.mark.parametrize("coding", sorted(ENCODERS))
    def test_body_not_in_that_coding(self, coding: str) -> None:
        with pytest.raises(UndecodableBody):
            decode_body(BODY, coding, limit=len(BODY))

    @pytest.mark.parametrize("coding", sorted(ENCODERS))
    def test_empty_body(self, coding: str) -> None:
        with pytest.raises(UndecodableBody):
            decode_body(b"", coding, limit=len(BODY))

    @pytest.mark.parametrize("coding", ["gzip", "deflate", "zstd"])
    def test_bytes_after_the_stream(self, coding: str) -> None:
        with pytest.raises(UndecodableBody):
            decode_body(ENCODERS[coding](BODY) + b"trailing", coding, limit=len(BODY))

    @pytest.mark.parametrize("coding", ["deflate", "zstd"])
    def test_zero_bytes_after_a_stream_that_is_not_gzip(self, coding: str) -> None:
        with pytest.raises(UndecodableBody):
            decode_body(ENCODERS[coding](BODY) + b"\0" * 512, coding, limit=len(BODY))

    def test_zero_bytes_then_more_after_a_gzip_stream(self) -> None:
        with pytest.raises(UndecodableBody):
            decode_body(gzip.compress(BODY) + b"\0" * 8 + b"x", "gzip", limit=len(BODY))

    @pytest.mark.parametrize("header", ["compress", "gzip, lzma", "exi"])
    def test_unknown_coding(self, header: str) -> None:
        with pytest.raises(UnknownCoding, match="not one this server decodes"):
            decode_body(BODY, header, limit=len(BODY))


def test_zero_bytes_padding_a_gzip_body_are_ignored() -> None:
    """A gzip file padded with zero bytes to a block size (tape and some archivers do) reads as gzip(1) and
    Python's gzip module read it; it was dead-lettered as "512 bytes follow the end of the gzip stream"."""
    assert decode_body(gzip.compress(BODY) + b"\0" * 512, "gzip", limit=len(BODY)).body == BODY


class TestLimit:
    @pytest.mark.parametrize("coding", sorted(ENCODERS))
    def test_decoding_stops_one_byte_past_the_limit(self, coding: str) -> None:
        """A 64 MB bomb of zeros inflates no further than the limit: its cost is bounded by the limit."""
        bomb = ENCODERS[coding](b"\0" * (64 << 20))
        decoded = decode_body(bomb, coding, limit=1000)
        assert (len(decoded.body), decoded.over_limit) == (1001, True)

    def test_a_body_of_exactly_the_limit_is_not_over_it(self) -> None:
        decoded = decode_body(gzip.compress(BODY), "gzip", limit=len(BODY))
        assert decoded.over_limit is False
        assert decode_body(gzip.compress(BODY), "gzip", limit=len(BODY) - 1).over_limit is True
