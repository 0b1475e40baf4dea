"""Replay and backfill selection: which dead letters and stored articles are sent, and as what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from agents.cli import app
from agents.replay import (
    ArticleSelection,
    LetterSelection,
    Resend,
    Unreplayable,
    clean_frame,
    parse_since,
    plan_letter,
    versions_before,
)
from pipeline.codec import pack_staged
from pipeline.deadletters import make_dead_letter, reduced_dead_letter, without_payload
from pipeline.errors import InvalidJson
from pipeline.topology import CLEAN_TOPIC, RAW_TOPIC
from schemas import CleanArticle, DeadLetter, EnrichedArticle, StagedArticle, article_id_for_url
from schemas.internal import Origin, article_fields
from tests.helpers import REPO

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
LIMIT = 2_000_000
ENRICHED = EnrichedArticle.model_validate_json(
    (REPO / "schemas" / "examples" / "enriched_article.v1.seed.pass.json").read_text(encoding="utf-8")
)
CLEAN = CleanArticle(
    **{
        **article_fields(ENRICHED),
        "received_at": T0 - timedelta(days=3),
        "origin": Origin(topic="news.articles.raw.v1", partition=2, offset=41),
    },
    cleaned_at=T0 - timedelta(days=3),
)
RAW = orjson.dumps({"url": "https://example.com/a", "text": "Some text."})


def letter(stage: str, payload: bytes, *, exc: Exception | None = None, **fields: Any) -> DeadLetter:
    return make_dead_letter(
        exc or RuntimeError("boom"),
        stage=stage,
        payload=payload,
        failed_at=T0,
        max_payload_bytes=fields.pop("max_payload_bytes", 1_000_000),
        **fields,
    )


def row(dead: DeadLetter, ident: int = 1) -> dict[str, Any]:
    """The ``dead_letters`` row a stored letter becomes."""
    return {"id": ident, **dead.model_dump()}


def plan(dead: DeadLetter, *, max_message_bytes: int = LIMIT) -> Resend | Unreplayable:
    return plan_letter(row(dead), now=T0, max_message_bytes=max_message_bytes)


class TestPlanLetter:
    def test_raw_input_goes_back_to_the_raw_topic_byte_for_byte(self) -> None:
        """A letter of the cleaning stage re-sends its payload to the raw topic, keyed by the article id."""
        got = plan(letter("clean_articles", RAW, source_topic="news.articles.raw.v1", source_offset=3))
        assert got == Resend(RAW_TOPIC, article_id_for_url("https://example.com/a").encode(), RAW)

    def test_reduced_letter_is_decoded_from_base64(self) -> None:
        """A letter stored in its reduced form (base64) replays the original bytes."""
        payload = b'{"url": "https://example.com/b", "text": "Caf\xe9"}'
        reduced = reduced_dead_letter(letter("clean_articles", payload, exc=InvalidJson("bad")))
        assert reduced.payload_encoding == "base64"
        got = plan(reduced)
        assert isinstance(got, Resend) and got.topic == RAW_TOPIC and got.value == payload

    @pytest.mark.parametrize("stage", ["feed", "http_ingest"])
    def test_input_refused_at_the_door_goes_to_the_raw_topic(self, stage: str) -> None:
        """A payload refused before it reached the broker is a raw input too."""
        got = plan(letter(stage, RAW))
        assert isinstance(got, Resend) and got.topic == RAW_TOPIC and got.value == RAW

    def test_letter_without_payload_cannot_be_replayed_and_says_where_the_input_is(self) -> None:
        """A letter sent without its payload is unreplayable, and names the raw-topic offset of its input."""
        dead = without_payload(
            letter(
                "tag_entities",
                CLEAN.model_dump_json().encode(),
                origin=Origin(topic="news.articles.raw.v1", partition=2, offset=41),
            )
        )
        got = plan(dead)
        assert isinstance(got, Unreplayable)
        assert "without its payload" in got.why and "news.articles.raw.v1 partition 2 offset 41" in got.why

    def test_an_empty_input_is_named_as_such(self) -> None:
        """An empty HTTP body or message was stored, empty: replaying it would only be refused again."""
        got = plan(letter("http_ingest", b""))
        assert isinstance(got, Unreplayable) and "input was empty" in got.why and "without its payload" not in got.why

    def test_truncated_payload_cannot_be_replayed(self) -> None:
        """A payload cut to the dead-letter limit would only fail again: it is reported, not sent."""
        got = plan(letter("clean_articles", RAW, max_payload_bytes=10, source_topic="t", source_offset=7))
        assert isinstance(got, Unreplayable) and "truncated" in got.why and "t partition None offset 7" in got.why

    def test_raw_payload_over_the_transport_limit_cannot_be_replayed(self) -> None:
        """A raw payload larger than a message may be is reported with the setting to raise."""
        got = plan(letter("feed", RAW), max_message_bytes=len(RAW) + 100)
        assert isinstance(got, Unreplayable) and "NEWSFLOW_MAX_MESSAGE_BYTES" in got.why

    def test_clean_article_goes_to_the_clean_topic_unchanged_but_without_origin(self) -> None:
        """A letter of the entity stage re-enters at the clean topic with the same id, text and metadata.

        It keeps when its version was received: the sink orders versions without fetched_at by it.
        """
        got = plan(letter("tag_entities", CLEAN.model_dump_json().encode()))
        assert isinstance(got, Resend) and got.topic == CLEAN_TOPIC and got.key == CLEAN.id.encode()
        sent = CleanArticle.model_validate_json(got.value)
        assert sent == CLEAN.model_copy(update={"origin": None})

    @pytest.mark.parametrize("stage", ["attribute_quotes", "score_stance"])
    def test_staged_header_goes_to_the_clean_topic(self, stage: str) -> None:
        """A letter of a later NLP stage (the frame's JSON header) re-enters at the clean topic."""
        header = StagedArticle(article=CLEAN).model_dump_json().encode()
        got = plan(letter(stage, header))
        assert isinstance(got, Resend) and got.topic == CLEAN_TOPIC
        assert CleanArticle.model_validate_json(got.value).text == CLEAN.text

    def test_whole_staged_frame_goes_to_the_clean_topic(self) -> None:
        """A frame kept whole (not reduced to its header) is read too."""
        frame = pack_staged(StagedArticle(article=CLEAN), b"\x00docbin")
        got = plan(letter("attribute_quotes", frame))
        assert isinstance(got, Resend) and CleanArticle.model_validate_json(got.value).id == CLEAN.id

    def test_refused_enriched_article_is_enriched_again_from_its_text(self) -> None:
        """A letter of the article store (the enriched JSON) re-enters at the clean topic with its text."""
        got = plan(letter("store_articles", ENRICHED.model_dump_json().encode(), article_id=ENRICHED.id))
        assert isinstance(got, Resend) and got.topic == CLEAN_TOPIC
        sent = CleanArticle.model_validate_json(got.value)
        assert (sent.id, sent.text, sent.body_hash, sent.published_at) == (
            ENRICHED.id, ENRICHED.text, ENRICHED.body_hash, ENRICHED.published_at
        )  # fmt: skip

    @pytest.mark.parametrize("stage", ["tag_entities", "attribute_quotes", "store_articles", "store_dead_letters"])
    def test_foreign_payload_of_a_later_stage_is_unreplayable(self, stage: str) -> None:
        """A later stage's payload that is not one of our records is reported, not sent anywhere."""
        got = plan(letter(stage, b'{"something": "else"}'))
        assert isinstance(got, Unreplayable) and repr(stage) in got.why


class TestCleanFrame:
    def test_backfill_keeps_id_text_and_metadata(self) -> None:
        """A stored article becomes a clean article with the same id, text, language, dates and tags."""
        got = clean_frame(ENRICHED, now=T0)
        sent = CleanArticle.model_validate_json(got.value)
        assert got.topic == CLEAN_TOPIC and got.key == ENRICHED.id.encode()
        for name in ("id", "url", "source", "title", "author", "published_at", "language", "tags", "text"):
            assert getattr(sent, name) == getattr(ENRICHED, name), name
        assert sent.body_hash == ENRICHED.body_hash and sent.origin is None and sent.cleaned_at == T0

    def test_backfill_keeps_when_its_version_was_received(self) -> None:
        """The copy is the stored version, received then; a row stored before received_at existed gets now."""
        received = T0 - timedelta(days=2)
        sent = CleanArticle.model_validate_json(
            clean_frame(ENRICHED.model_copy(update={"received_at": received}), now=T0).value
        )
        assert sent.received_at == received
        older = CleanArticle.model_validate_json(
            clean_frame(ENRICHED.model_copy(update={"received_at": None}), now=T0).value
        )
        assert older.received_at == T0

    def test_backfill_keeps_the_dateline(self) -> None:
        """A field both records share (the dateline) survives the round trip through replay."""
        stored = ENRICHED.model_copy(update={"dateline": "LONDON"})
        sent = CleanArticle.model_validate_json(clean_frame(stored, now=T0).value)
        assert sent.dateline == "LONDON"


class TestParseSince:
    @pytest.mark.parametrize(
        ("text", "want"),
        [
            ("90m", T0 - timedelta(minutes=90)),
            ("24h", T0 - timedelta(hours=24)),
            ("7d", T0 - timedelta(days=7)),
            ("2w", T0 - timedelta(weeks=2)),
            ("2026-11-01", datetime(2026, 11, 1, tzinfo=UTC)),
            ("2026-11-01T08:30Z", datetime(2026, 11, 1, 8, 30, tzinfo=UTC)),
            ("2026-11-01T08:30:00+02:00", datetime(2026, 11, 1, 6, 30, tzinfo=UTC)),
        ],
    )
    def test_dates_times_and_durations(self, text: str, want: datetime) -> None:
        """ISO dates and times (naive: UTC) and durations back from now are accepted."""
        assert parse_since(text, now=T0) == want

    @pytest.mark.parametrize("text", ["yesterday", "5y", "", "2026-13-01"])
    def test_anything_else_says_what_is_accepted(self, text: str) -> None:
        """An unreadable value raises with the accepted forms in the message."""
        with pytest.raises(ValueError, match="ISO date"):
            parse_since(text, now=T0)


class TestVersionsBefore:
    STORED = (
        "newsflow/0.1.0 spacy-model/en_core_web_sm-3.8.0",
        "newsflow/0.2.0 spacy-model/en_core_web_sm-3.8.0",
        "newsflow/0.2.0rc1 spacy-model/en_core_web_sm-3.8.0",
        "newsflow/0+unknown spacy-model/not-loaded",
        "hand-written",
        "newsflow/0.10.0 spacy-model/en_core_web_sm-3.8.0",
    )

    def test_older_releases_and_unreadable_versions_are_selected(self) -> None:
        """Releases older than the given one (PEP 440 order, not string order) and unreadable ones are picked."""
        assert versions_before(self.STORED, "0.2.0") == [
            "newsflow/0.1.0 spacy-model/en_core_web_sm-3.8.0",
            "newsflow/0.2.0rc1 spacy-model/en_core_web_sm-3.8.0",
            "newsflow/0+unknown spacy-model/not-loaded",
            "hand-written",
        ]

    def test_a_whole_pipeline_version_counts_by_its_release(self) -> None:
        """``--before-version`` may be a stored pipeline_version: its newsflow/ part is compared."""
        assert versions_before(self.STORED, "newsflow/0.10.0 spacy-model/x") == [
            v for v in self.STORED if "0.10.0" not in v
        ]

    def test_no_release_in_the_limit_is_an_error(self) -> None:
        """A limit that names no release is refused with an example."""
        with pytest.raises(ValueError, match="such as 0.2.0"):
            versions_before(self.STORED, "latest")

    def test_without_a_limit_every_version_is_selected(self) -> None:
        """No --before-version selects every stored version."""
        assert ArticleSelection().versions(self.STORED) is None


class TestLetterSelection:
    def test_default_is_processing_errors_not_replayed_yet(self) -> None:
        """By default only processing errors never replayed are selected."""
        where, args = LetterSelection().where()
        assert where == "reason = ANY($1::text[]) AND replayed_at IS NULL" and args == [["processing_error"]]

    def test_every_filter_is_a_numbered_argument(self) -> None:
        """Reasons, stages and the time bound each become one argument; force drops the replayed filter."""
        where, args = LetterSelection(reasons=(), stages=("tag_entities",), since=T0, force=True).where()
        assert where == "stage = ANY($1::text[]) AND failed_at >= $2" and args == [["tag_entities"], T0]

    def test_already_replayed_is_the_complement(self) -> None:
        """The already-replayed count uses the same filters on replayed letters."""
        where, _ = LetterSelection(reasons=()).where(replayed=True)
        assert where == "replayed_at IS NOT NULL"


class TestCommand:
    runner = CliRunner()

    def test_without_a_database_says_what_to_set(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Replay needs the pipeline's PostgreSQL: without NEWSFLOW_DATABASE_URL it exits 2 and says so."""
        monkeypatch.delenv("NEWSFLOW_DATABASE_URL", raising=False)
        result = self.runner.invoke(app, ["replay", "dead-letters", "--dry-run"])
        assert result.exit_code == 2 and "NEWSFLOW_DATABASE_URL" in result.output

    def test_bad_since_exits_2(self) -> None:
        """An unreadable --since is refused before anything is contacted."""
        result = self.runner.invoke(app, ["replay", "articles", "--since", "last week"])
        assert result.exit_code == 2 and "ISO date" in result.output

    def test_bad_before_version_exits_2(self) -> None:
        """An unreadable --before-version is refused before anything is contacted."""
        result = self.runner.invoke(app, ["replay", "articles", "--before-version", "latest"])
        assert result.exit_code == 2 and "0.2.0" in result.output
