"""decode_payload: every way scraper bytes can be wrong maps to one precise error class."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import (
    BodyTooLarge,
    EmptyBody,
    InvalidArticle,
    InvalidEncoding,
    InvalidJson,
    PermanentError,
)
from pipeline.ingest import decode_payload
from schemas import RawArticle, article_id_for_url


class TestDecodePayload:
    def test_valid_text_article_gets_an_id_from_its_url(self) -> None:
        """An article without an id gets the URL-derived id."""
        raw = decode_payload(orjson.dumps({"url": "https://e.com/a", "text": "Body"}))
        assert raw.id == article_id_for_url("https://e.com/a") and raw.text == "Body"

    def test_given_id_is_kept(self) -> None:
        """A scraper-provided id wins over the derived one."""
        assert decode_payload(orjson.dumps({"id": "s-1", "url": "https://e.com/b", "html": "<p>x</p>"})).id == "s-1"

    @pytest.mark.parametrize("blank", ["", "   ", "\t\n", "\u00a0\u2003", "\u200b", "\u2060\ufeff"], ids=repr)
    def test_blank_id_is_derived_from_the_url(self, blank: str) -> None:
        """A blank id counts as missing, so two articles with blank ids keep their own URL-derived ids."""
        first = decode_payload(orjson.dumps({"id": blank, "url": "https://e.com/1", "text": "One"}))
        second = decode_payload(orjson.dumps({"id": blank, "url": "https://e.com/2", "text": "Two"}))
        assert (first.id, second.id) == (article_id_for_url("https://e.com/1"), article_id_for_url("https://e.com/2"))

    @pytest.mark.parametrize("wrong", [0, False, [], {}], ids=repr)
    def test_an_id_of_another_type_is_refused_even_when_falsy(self, wrong: object) -> None:
        """0, false, [] or {} is no missing id but a wrong one: refused, not replaced by the URL's."""
        with pytest.raises(InvalidArticle):
            decode_payload(orjson.dumps({"id": wrong, "url": "https://e.com/1", "text": "One"}))

    def test_a_byte_order_mark_before_the_json_is_ignored(self) -> None:
        """As ``newsflow feed`` reads it: the same article with or without the UTF-8 BOM; a BOM alone is empty."""
        payload = orjson.dumps({"url": "https://e.com/a", "text": "Body"})
        assert decode_payload(b"\xef\xbb\xbf" + payload) == decode_payload(payload)
        with pytest.raises(InvalidJson, match="empty message"):
            decode_payload(b"\xef\xbb\xbf")

    def test_spaces_around_an_id_are_trimmed(self) -> None:
        """An id with spaces around it is the same article as the trimmed id."""
        assert decode_payload(orjson.dumps({"id": "  s-1 ", "url": "https://e.com/b", "text": "x"})).id == "s-1"

    @pytest.mark.parametrize(
        ("payload", "error"),
        [
            (b"", InvalidJson),
            (b"{", InvalidJson),
            (b"[1, 2]", InvalidJson),
            (b'{"url": "u", "text": "caf\xe9"}', InvalidEncoding),
            (b'{"url": 1, "text": "x"}', InvalidArticle),
            (b'{"url": "javascript:alert(1)", "text": "x"}', InvalidArticle),
            (b'{"url": "u", "html": "<p>x</p>", "text": "x"}', InvalidArticle),
            (b'{"url": "u"}', EmptyBody),
            (b'{"url": "u", "text": "  "}', EmptyBody),
            (b'{"url": "u", "text": "' + b"x" * 200 + b'"}', BodyTooLarge),
        ],
        ids=["empty", "truncated", "array", "latin1", "wrong-type", "js-url", "two-bodies", "no-body", "blank", "huge"],
    )
    def test_bad_payload_raises_its_error(self, payload: bytes, error: type[PermanentError]) -> None:
        """Each kind of bad payload raises its own PermanentError subclass with a message."""
        with pytest.raises(error) as info:
            decode_payload(payload, max_bytes=100)
        assert str(info.value)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("published_at", "0001-01-01T00:00:00+14:00"),
            ("published_at", "9999-12-31T23:59:59-12:00"),
            ("fetched_at", "9999-12-31T23:59:59.999999-23:59"),
            ("published_at", "0001-01-01T00:00:00Z"),
            ("published_at", "0001-01-01T00:00:00"),
        ],
        ids=["year-0-in-utc", "year-10000-in-utc", "fetched-year-10000", "min-is-minus-infinity", "naive-min"],
    )
    def test_time_outside_the_storable_range_is_an_invalid_article(self, field: str, value: str) -> None:
        """A time PostgreSQL cannot store (or would store as infinity) is refused at the door, naming the field."""
        with pytest.raises(InvalidArticle) as info:
            decode_payload(orjson.dumps({"url": "https://e.com/d", "text": "x", field: value}))
        assert field in str(info.value) and "leave the field out" in str(info.value)

    @pytest.mark.parametrize(
        "value", ["9999-12-31T23:59:59Z", "0001-01-02T00:00:00+14:00", "2024-05-01T09:30:00-05:00"]
    )
    def test_time_inside_the_storable_range_is_kept(self, value: str) -> None:
        """A time strictly inside the range, whatever its offset, is kept as sent."""
        raw = decode_payload(orjson.dumps({"url": "https://e.com/d", "text": "x", "published_at": value}))
        assert raw.published_at is not None and raw.published_at.isoformat() == value.replace("Z", "+00:00")

    @pytest.mark.parametrize(
        ("value", "iso"),
        [
            ("20240101", "2024-01-01T00:00:00+00:00"),  # ISO 8601's basic form of a date, not 20 million seconds
            (20240101, "2024-01-01T00:00:00+00:00"),  # as a number too (it was refused as 20 million seconds)
            (1_700_000_000, "2023-11-14T22:13:20+00:00"),  # Unix seconds
            ("1700000000000", "2023-11-14T22:13:20+00:00"),  # Unix milliseconds
            ("1.7e9", "2023-11-14T22:13:20+00:00"),  # a number in a string, however written
        ],
    )
    def test_a_number_is_a_unix_time_and_eight_digits_a_date(self, value: object, iso: str) -> None:
        raw = decode_payload(orjson.dumps({"url": "https://e.com/d", "text": "x", "published_at": value}))
        assert raw.published_at is not None and raw.published_at.isoformat() == iso

    @pytest.mark.parametrize(
        "value", [1.5, "12345678", -62_135_596_000, 10**15, "1.5", "1.5e1", "31535999.9", "99999999", 20241301]
    )
    def test_a_number_that_is_no_time_is_an_invalid_article(self, value: object) -> None:
        """1.5 was stored as 1970-01-01T00:00:01.5, year 1 in Unix seconds as 1968 (read as milliseconds):
        a count or a wrong unit is refused, naming the field, not stored as a time nobody sent."""
        with pytest.raises(InvalidArticle) as info:
            decode_payload(orjson.dumps({"url": "https://e.com/d", "text": "x", "published_at": value}))
        assert "published_at" in str(info.value) and "ISO 8601" in str(info.value)

    @pytest.mark.parametrize("opener", ["[", '{"a":'])
    def test_nesting_as_deep_as_json_allows_has_its_nuls_removed(self, opener: str) -> None:
        """1,023 levels (orjson refuses more) of arrays or objects: NULs go, no RecursionError (a bug of ours)."""
        closer = "]" if opener == "[" else "}"
        deep = opener * 1023 + '"x\\u0000y"' + closer * 1023
        payload = ('{"url": "https://example.com/a", "text": "Hello\\u0000 world", "tags": ' + deep + "}").encode()
        article = decode_payload(payload)
        assert article.text == "Hello world"

    @pytest.mark.parametrize(
        ("url", "why"),
        [
            ("https://example.com/x\u0001\u007f", "control characters"),
            ("http://///", "no host"),
            ("https:///a", "no host"),
            ("https://example.com:99999/a", "out of range"),
        ],
    )
    def test_a_url_that_names_no_page_is_an_invalid_article(self, url: str, why: str) -> None:
        """Such URLs were stored as given, control characters and all."""
        with pytest.raises(InvalidArticle, match=why):
            decode_payload(orjson.dumps({"url": url, "text": "x"}))

    @pytest.mark.parametrize("field", ["published_at", "fetched_at"])
    def test_an_integer_too_long_for_a_time_is_an_invalid_article(self, field: str) -> None:
        """Read as JSON since long integers are, it raised a bare OverflowError (a 500 over HTTP)."""
        payload = b'{"url": "https://e.com/a", "text": "Hello", "' + field.encode() + b'": -' + b"9" * 400 + b"}"
        with pytest.raises(InvalidArticle, match="is not a time") as info:
            decode_payload(payload)
        assert "9" * 30 not in str(info.value)

    def test_an_integer_longer_than_64_bits_is_valid_json(self) -> None:
        """orjson reads integers of 64 bits: an extra field's 400-digit number was refused as invalid JSON."""
        payload = b'{"url": "https://e.com/a", "text": "Hello", "n": ' + b"9" * 400 + b"}"
        assert decode_payload(payload).text == "Hello"

    @pytest.mark.parametrize("number", [b"1e999", b"NaN", b"-Infinity"])
    def test_numbers_no_double_holds_stay_invalid_json(self, number: bytes) -> None:
        with pytest.raises(InvalidJson):
            decode_payload(b'{"url": "https://e.com/a", "text": "Hello", "n": ' + number + b"}")

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
    def test_utf16_is_named(self, encoding: str) -> None:
        """A UTF-16 payload is refused with a message saying what it looks like, not only where it fails."""
        payload = json.dumps({"url": "https://e.com/a", "text": "Hello"}).encode(encoding)
        with pytest.raises((InvalidJson, InvalidEncoding), match="looks like UTF-16"):
            decode_payload(payload)

    def test_error_message_does_not_echo_the_payload(self) -> None:
        """Validation messages name fields, not their (possibly huge or hostile) values."""
        with pytest.raises(InvalidArticle) as info:
            decode_payload(orjson.dumps({"url": ["<script>secret</script>"], "text": "x"}))
        assert "secret" not in str(info.value) and "url" in str(info.value)

    @given(st.binary(max_size=300))
    def test_arbitrary_bytes_decode_or_raise_permanent_error(self, payload: bytes) -> None:
        """Any bytes at all either decode to a RawArticle or raise a PermanentError."""
        try:
            assert isinstance(decode_payload(payload, max_bytes=200), RawArticle)
        except PermanentError:
            pass

    @given(st.dictionaries(st.sampled_from(["url", "text", "html", "title", "id"]), st.text(max_size=20)))
    def test_arbitrary_objects_decode_or_raise_permanent_error(self, data: dict[str, str]) -> None:
        """Any JSON object either decodes or raises a PermanentError, never anything else."""
        try:
            decode_payload(orjson.dumps(data))
        except PermanentError:
            pass
