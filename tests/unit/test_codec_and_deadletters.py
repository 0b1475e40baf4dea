"""The internal frame codec and dead-letter construction."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.codec import pack_staged, unpack_staged
from pipeline.deadletters import make_dead_letter, reason_for
from pipeline.errors import BodyTooLarge, UnsupportedLanguage
from schemas import CleanArticle, DeadLetter, StagedArticle

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _staged(text: str = "Body text.") -> StagedArticle:
    article = CleanArticle(id="a1", url="https://e.com/a", text=text, body_hash="h", cleaned_at=T0)
    return StagedArticle(article=article)


class TestCodec:
    @given(st.text(max_size=200), st.binary(max_size=200))
    def test_round_trip(self, text: str, doc_bytes: bytes) -> None:
        """A packed frame unpacks to the same record and the same parse bytes."""
        staged = _staged(text)
        assert unpack_staged(pack_staged(staged, doc_bytes)) == (staged, doc_bytes)

    @pytest.mark.parametrize("value", [b"", b"{}", b"NFS1", b"NFS1\x00\x00\x10\x00{}"])
    def test_foreign_or_truncated_frames_are_rejected(self, value: bytes) -> None:
        """Values that are not complete frames raise ValueError, not garbage records."""
        with pytest.raises(ValueError, match="frame"):
            unpack_staged(value)


class TestDeadLetters:
    def test_reason_comes_from_the_error_class(self) -> None:
        """Permanent errors carry their reason; anything else is a processing_error."""
        assert reason_for(UnsupportedLanguage("x", language="de")) == "unsupported_language"
        assert reason_for(KeyError("boom")) == "processing_error"

    def test_non_utf8_payload_is_kept_as_base64(self) -> None:
        """A payload that is not UTF-8 survives byte for byte, base64-encoded."""
        dl = make_dead_letter(BodyTooLarge("big"), stage="s", payload=b"\xff\xfe", failed_at=T0, max_payload_bytes=10)
        assert dl.payload_encoding == "base64" and base64.b64decode(dl.payload) == b"\xff\xfe"

    def test_nul_bytes_force_base64(self) -> None:
        """NUL cannot be stored in PostgreSQL text, so such payloads go base64 too."""
        dl = make_dead_letter(BodyTooLarge("big"), stage="s", payload=b"a\x00b", failed_at=T0, max_payload_bytes=10)
        assert dl.payload_encoding == "base64"

    def test_large_payload_is_truncated_and_flagged(self) -> None:
        """Payloads over the limit keep their head and say so."""
        dl = make_dead_letter(BodyTooLarge("big"), stage="s", payload=b"x" * 50, failed_at=T0, max_payload_bytes=10)
        assert dl.payload == "x" * 10 and dl.payload_truncated

    def test_internal_errors_say_they_are_ours(self) -> None:
        """An unexpected exception is labelled as an internal error to report."""
        dl = make_dead_letter(
            ZeroDivisionError("division by zero"), stage="score_stance", payload=b"{}", failed_at=T0,
            max_payload_bytes=10, source_topic="t", source_partition=1, source_offset=5, source_key=b"k",
        )  # fmt: skip
        assert dl.reason == "processing_error" and "internal error" in dl.message
        assert (dl.source_topic, dl.source_partition, dl.source_offset, dl.source_key) == ("t", 1, 5, "k")
        assert DeadLetter.model_validate_json(dl.model_dump_json()) == dl

    @pytest.mark.parametrize("char", ["é", "€", "😀"])
    def test_a_utf8_payload_cut_inside_a_character_keeps_readable_text(self, char: str) -> None:
        """The head ends before the character the cut splits: text, not base64 of a broken sequence."""
        payload = ("a" + char * 40).encode()
        dl = make_dead_letter(BodyTooLarge("big"), stage="s", payload=payload, failed_at=T0, max_payload_bytes=16)
        assert dl.payload_encoding == "utf-8" and dl.payload_truncated
        assert payload.startswith(dl.payload.encode()) and 16 - len(char.encode()) < len(dl.payload.encode()) <= 16


class TestDeadLetterIdentity:
    def test_a_refused_article_re_enriched_after_a_crash_is_the_same_dead_letter(self) -> None:
        """store_articles letters differing only in processing time and source offset share one key."""
        from datetime import UTC, datetime

        from agents.sink_postgres import _dedupe_key
        from pipeline.deadletters import make_dead_letter

        def letter(offset: int, processed_at: str, text: str = "body") -> str:
            payload = orjson.dumps({"id": "a1", "text": text, "processed_at": processed_at})
            return _dedupe_key(make_dead_letter(
                ValueError("refused"), stage="store_articles", payload=payload, failed_at=datetime.now(UTC),
                max_payload_bytes=10_000, article_id="a1", source_topic="t.enriched.v1", source_partition=0,
                source_offset=offset,
            ))  # fmt: skip

        assert letter(3, "2026-12-01T00:00:00Z") == letter(9, "2026-12-01T00:05:00Z")
        assert letter(3, "2026-12-01T00:00:00Z") != letter(3, "2026-12-01T00:00:00Z", text="another body")


class TestTransientStoreErrors:
    """Which database errors the sink retries (``StoreUnavailable``) and which refuse an article."""

    def test_a_lost_server_or_a_broken_connection_is_transient(self) -> None:
        import asyncpg

        from agents.sink_postgres import _transient

        cut = asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation")
        hidden = asyncpg.InterfaceError("cannot call Transaction.__aexit__(): the underlying connection is closed")
        hidden.__context__ = cut
        assert _transient(cut)
        assert _transient(hidden)
        assert _transient(asyncpg.InterfaceError("cannot perform operation: another operation is in progress"))
        assert _transient(
            asyncpg.exceptions.InternalClientError("cannot switch to state 15; another operation (2) is in progress")
        )
        assert _transient(ConnectionRefusedError(111, "Connection refused"))

    def test_a_refused_value_or_a_bug_is_not(self) -> None:
        import asyncpg

        from agents.sink_postgres import _transient

        assert not _transient(asyncpg.exceptions.UniqueViolationError("duplicate key value"))
        assert not _transient(asyncpg.exceptions.CharacterNotInRepertoireError("invalid byte sequence"))
        assert not _transient(asyncpg.InterfaceError("the server expects 3 arguments for this query, 2 were passed"))
        assert not _transient(ValueError("not a date"))
