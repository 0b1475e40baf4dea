"""The whole pipeline on real services: tansu, PostgreSQL and a real worker process.

The sink topic is read back with confluent-kafka (librdkafka): a different Kafka implementation
than the aiokafka our worker uses, so a protocol mistake of ours cannot hide behind our own client.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import orjson
import pytest
from jsonschema import Draft202012Validator

from agents.services import ManagedProcess, wait_for
from agents.settings import Settings
from schemas import EnrichedArticle, article_id_for_url
from tests.helpers import REPO, SEED_PATH, feed, fetch, long_text, read_topic

pytestmark = [pytest.mark.integration, pytest.mark.timeout(400)]

SCHEMA = json.loads((REPO / "schemas" / "jsonschema" / "enriched_article.v1.schema.json").read_text())
SEED_URL = "https://112.international/politics/seed-2064c722ad5b44e7"
MAX_BODY = 100_000

BAD_INPUTS: dict[str, bytes] = {
    "invalid_json": b'{"url": "https://example.com/broken", "text": "unterminated',
    "invalid_article": orjson.dumps({"url": 42, "text": ["not", "a", "string"]}),
    "empty_body": orjson.dumps({"url": "https://example.com/empty", "text": "   "}),
    "body_too_large": orjson.dumps({"url": "https://example.com/huge", "text": "word " * (MAX_BODY // 4)}),
    "invalid_encoding": b'{"url": "https://example.com/latin1", "text": "Caf\xe9 cr\xe8me br\xfbl\xe9e"}',
    "no_content_extracted": orjson.dumps(
        {
            "url": "https://example.com/junk",
            "html": "<html><body><nav>Home | News | Sport</nav><div class='share'>Share on Facebook</div>"
            "<footer>Subscribe to our newsletter. Cookie settings.</footer></body></html>",
        }
    ),
}


GERMAN = orjson.dumps(
    {
        "url": "https://example.com/de",
        "text": "Die Bundesregierung hat am Mittwoch neue Pl\u00e4ne f\u00fcr den Ausbau der Windenergie "
        "vorgestellt. Nach Angaben des Wirtschaftsministeriums sollen bis zum Jahr 2030 deutlich mehr "
        "Anlagen an Land und auf See entstehen. Kritiker bem\u00e4ngeln, dass die Genehmigungsverfahren "
        "weiterhin zu lange dauern und die Netze nicht schnell genug ausgebaut werden.",
    }
)


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(max_body_bytes=MAX_BODY)


@pytest.fixture
def worker(settings: Settings, start_worker: Callable[[Settings], ManagedProcess]) -> ManagedProcess:
    return start_worker(settings)


class TestPipeline:
    def test_seed_and_every_bad_kind(self, settings: Settings, worker: ManagedProcess) -> None:
        """The seed comes out enriched on the sink topic and in PostgreSQL; each bad input is one dead letter."""
        seed = orjson.dumps({"url": SEED_URL, "text": SEED_PATH.read_text(encoding="utf-8")})
        asyncio.run(feed(settings, [seed, GERMAN, *BAD_INPUTS.values()]))
        url = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        seed_id = article_id_for_url(SEED_URL)

        def done() -> bool:
            worker.check_alive()
            articles = asyncio.run(fetch(url, "SELECT id FROM articles WHERE id = $1", seed_id))
            letters = asyncio.run(fetch(
                url, "SELECT reason FROM dead_letters WHERE source_topic = $1", settings.topics.raw
            ))  # fmt: skip
            return len(articles) == 1 and len(letters) >= len(BAD_INPUTS)

        wait_for(done, timeout=180, what="the seed row and the dead letters in PostgreSQL", interval=0.5)

        # Sink topic, read by an independent client.
        events = {}
        for _, value in read_topic(settings, settings.topics.enriched, want=2):
            Draft202012Validator(SCHEMA).validate(orjson.loads(value))
            events[EnrichedArticle.model_validate_json(value).id] = EnrichedArticle.model_validate_json(value)
        event = events[seed_id]
        assert "Система Orphus" not in event.text and "Ctrl + Enter" not in event.text
        attributed = [q for q in event.quotes if q.speaker is not None]
        assert len(attributed) >= 5
        assert {"Josh Earnest", "Vladimir Putin", "John Kerry"} <= {q.speaker.name for q in attributed}  # type: ignore[union-attr]
        assert event.stance.entities and all(-1 <= s.score <= 1 for s in event.stance.entities)
        assert all(event.text[m.start : m.end] == m.text for m in event.entities)

        # PostgreSQL, read over a separate connection.
        [row] = asyncio.run(fetch(url, "SELECT title, author, source, body FROM articles WHERE id = $1", seed_id))
        assert row["author"] == "Anton Pechenkin" and row["source"] == "112 Ukraine"
        assert row["body"] == event.text
        people = {r["name"] for r in asyncio.run(fetch(
            url, "SELECT name FROM entities WHERE article_id = $1 AND label = 'PERSON'", seed_id
        ))}  # fmt: skip
        assert {"Josh Earnest", "Vladimir Putin", "John Kerry", "Sergey Lavrov"} <= people
        speakers = asyncio.run(fetch(
            url, "SELECT speaker, count(*) AS n FROM who_said_what WHERE article_id = $1 GROUP BY 1", seed_id
        ))  # fmt: skip
        assert sum(r["n"] for r in speakers) >= 5
        stance = asyncio.run(fetch(url, "SELECT label, score FROM stance WHERE article_id = $1", seed_id))
        assert stance and all(-1 <= r["score"] <= 1 for r in stance)

        # One dead letter per bad input, each with its own reason and the original payload.
        letters = asyncio.run(fetch(
            url,
            "SELECT reason, stage, message, payload, payload_encoding, source_offset FROM dead_letters "
            "WHERE source_topic = $1",
            settings.topics.raw,
        ))  # fmt: skip
        assert sorted(r["reason"] for r in letters) == sorted(BAD_INPUTS)
        by_reason = {r["reason"]: r for r in letters}
        assert by_reason["invalid_encoding"]["payload_encoding"] == "base64"
        assert by_reason["invalid_json"]["payload"] == BAD_INPUTS["invalid_json"].decode()
        assert all(r["message"] and r["stage"] == "clean_articles" for r in letters)

        # Another language is stored too, with the stages it skipped in the document.
        german_id = article_id_for_url("https://example.com/de")
        wait_for(lambda: asyncio.run(fetch(url, "SELECT 1 FROM articles WHERE id = $1", german_id)) != [],
                 timeout=60, what="the German article's row")  # fmt: skip
        [german] = asyncio.run(fetch(url, "SELECT language, document FROM articles WHERE id = $1", german_id))
        skipped = json.loads(german["document"])["skipped_stages"]
        assert german["language"] == "de" and [s["stage"] for s in skipped] == [
            "tag_entities", "attribute_quotes", "score_stance"
        ]  # fmt: skip
        worker.check_alive()
        # The log is plain lines: no terminal codes from faust's startup spinner.
        assert "\x1b[" not in worker.log_path.read_text(encoding="utf-8")

    def test_redelivered_input_changes_nothing(self, settings: Settings, worker: ManagedProcess) -> None:
        """Feeding the same article twice leaves one row at revision 1; a re-scrape with new text bumps it."""
        text = SEED_PATH.read_text(encoding="utf-8")
        url_ = "https://example.com/redelivery"
        article_id = article_id_for_url(url_)
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        asyncio.run(feed(settings, [orjson.dumps({"url": url_, "text": text})] * 2))

        def processed(n: int) -> Callable[[], bool]:
            def check() -> bool:
                worker.check_alive()
                rows = asyncio.run(fetch(dsn, "SELECT count(*) AS n FROM articles WHERE id = $1", article_id))
                lag = asyncio.run(_lag(settings))
                return rows[0]["n"] == 1 and lag == 0 and _sink_count(settings) >= n

            return check

        wait_for(processed(2), timeout=180, what="both deliveries processed", interval=0.5)
        [row] = asyncio.run(fetch(dsn, "SELECT revision FROM articles WHERE id = $1", article_id))
        assert row["revision"] == 1

        changed = text.replace("Next day,", "The next day,")
        asyncio.run(feed(settings, [orjson.dumps({"url": url_, "text": changed})]))
        wait_for(processed(3), timeout=120, what="the re-scrape processed", interval=0.5)
        [row] = asyncio.run(fetch(dsn, "SELECT revision, body FROM articles WHERE id = $1", article_id))
        assert row["revision"] == 2 and "The next day," in row["body"]


async def _lag(settings: Settings) -> int:
    from agents.admin import consumer_lag

    return sum(p.lag for p in await consumer_lag(settings))


def _sink_count(settings: Settings) -> int:
    from agents.admin import consumer_lag

    lags = asyncio.run(consumer_lag(settings, [settings.topics.enriched]))
    return sum(p.high_water for p in lags)


class TestStoreRefusal:
    def test_article_the_database_refuses_is_dead_lettered_and_the_rest_stored(
        self, settings: Settings, worker: ManagedProcess
    ) -> None:
        """A row PostgreSQL rejects (here, a constraint) becomes a dead letter; its batch-mates are stored."""
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        asyncio.run(fetch(dsn, "ALTER TABLE articles ADD CONSTRAINT test_refuse CHECK (title <> 'REFUSE ME')"))
        try:
            text = SEED_PATH.read_text(encoding="utf-8")
            urls = [f"https://example.com/refuse/{i}" for i in range(3)]
            asyncio.run(feed(settings, [
                orjson.dumps({"url": u, "text": text, "title": "REFUSE ME" if i == 1 else f"Fine {i}"})
                for i, u in enumerate(urls)
            ]))  # fmt: skip

            def settled() -> bool:
                worker.check_alive()
                rows = asyncio.run(fetch(dsn, "SELECT count(*) AS n FROM articles"))[0]["n"]
                letters = asyncio.run(fetch(dsn, "SELECT count(*) AS n FROM dead_letters"))[0]["n"]
                return rows == 2 and letters == 1

            wait_for(settled, timeout=180, what="two rows and one dead letter", interval=0.5)
            [letter] = asyncio.run(fetch(dsn, "SELECT stage, reason, article_id, message FROM dead_letters"))
            assert letter["stage"] == "store_articles" and letter["reason"] == "processing_error"
            assert letter["article_id"] == article_id_for_url(urls[1]) and "test_refuse" in letter["message"]
            worker.check_alive()
        finally:
            asyncio.run(fetch(dsn, "ALTER TABLE articles DROP CONSTRAINT IF EXISTS test_refuse"))


class TestDuplicates:
    def test_same_body_under_another_url_points_to_the_first(self, settings: Settings, worker: ManagedProcess) -> None:
        """A syndicated copy (same body, other URL) is stored and marked as a duplicate of the first seen."""
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        text = SEED_PATH.read_text(encoding="utf-8")
        first, copy = "https://example.com/original", "https://mirror.example.org/syndicated"

        def stored(url: str) -> Callable[[], bool]:
            def check() -> bool:
                worker.check_alive()
                rows = asyncio.run(fetch(dsn, "SELECT 1 FROM articles WHERE id = $1", article_id_for_url(url)))
                return len(rows) == 1

            return check

        asyncio.run(feed(settings, [orjson.dumps({"url": first, "text": text})]))
        wait_for(stored(first), timeout=180, what="the original", interval=0.5)
        asyncio.run(feed(settings, [orjson.dumps({"url": copy, "text": text.replace("  ", " ")})]))
        wait_for(stored(copy), timeout=120, what="the copy", interval=0.5)
        rows = {r["id"]: r["duplicate_of"] for r in asyncio.run(fetch(dsn, "SELECT id, duplicate_of FROM articles"))}
        assert rows == {article_id_for_url(first): None, article_id_for_url(copy): article_id_for_url(first)}


class TestMessageLimits:
    def test_a_result_over_the_message_limit_is_a_body_too_large_dead_letter(
        self, make_settings: Callable[..., Settings], start_worker: Callable[[Settings], ManagedProcess]
    ) -> None:
        """An entity-dense text the body limit accepts, whose parse is over the message limit, is body_too_large (ResultTooLarge); the next article is stored."""
        settings = make_settings(max_body_bytes=200_000, max_message_bytes=200_000 + 1_048_576)
        worker = start_worker(settings)
        names = ["Ann Carter", "Bob Lee", "Paris", "Google", "Angela Merkel", "Berlin", "Microsoft", "Tokyo"]
        dense = " ".join(f"{names[i % 8]} and {names[(i + 3) % 8]} met in {names[(i + 5) % 8]}." for i in range(4000))
        payloads = [
            orjson.dumps({"url": "https://example.com/dense", "text": dense}),
            orjson.dumps({"url": "https://example.com/after", "text": SEED_PATH.read_text(encoding="utf-8")}),
        ]
        assert len(payloads[0]) < settings.max_body_bytes
        asyncio.run(feed(settings, payloads))
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        after_id = article_id_for_url("https://example.com/after")

        def done() -> bool:
            worker.check_alive()
            stored = asyncio.run(fetch(dsn, "SELECT 1 FROM articles WHERE id = $1", after_id))
            return stored != [] and asyncio.run(fetch(dsn, "SELECT 1 FROM dead_letters")) != []

        wait_for(done, timeout=240, what="the dense article's dead letter and the next article's row", interval=0.5)
        [letter] = asyncio.run(fetch(dsn, "SELECT article_id, stage, reason, message FROM dead_letters"))
        assert (letter["article_id"], letter["stage"], letter["reason"]) == (
            article_id_for_url("https://example.com/dense"), "tag_entities", "body_too_large"
        )  # fmt: skip
        assert "NEWSFLOW_MAX_MESSAGE_BYTES" in letter["message"]


class TestLongArticles:
    def test_short_articles_sent_after_a_long_one_are_stored_before_it(
        self, make_settings: Callable[..., Settings], start_worker: Callable[[Settings], ManagedProcess]
    ) -> None:
        """A long article goes through the NLP stages in their long lane; the short ones behind it do not wait.

        The long text (~200 KB, over the default ``NEWSFLOW_LONG_TEXT_BYTES``) keeps a stage busy for
        seconds; without the lane the short articles fed after it in one go would be stored after it.
        """
        settings = make_settings()
        worker = start_worker(settings)
        seed = SEED_PATH.read_text(encoding="utf-8")
        text = long_text(400)
        assert len(text.encode()) > 3 * settings.long_text_bytes
        long_url = "https://example.com/long"
        short_urls = [f"https://example.com/short-{i}" for i in range(4)]
        payloads = [orjson.dumps({"url": long_url, "text": text})] + [
            orjson.dumps({"url": url, "text": f"Update {i}.\n\n{seed}"}) for i, url in enumerate(short_urls)
        ]
        asyncio.run(feed(settings, payloads))
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        ids = [article_id_for_url(u) for u in [long_url, *short_urls]]

        def stored() -> dict[str, Any]:
            rows = asyncio.run(fetch(dsn, "SELECT id, first_seen_at FROM articles WHERE id = ANY($1::text[])", ids))
            return {r["id"]: r["first_seen_at"] for r in rows}

        def done() -> bool:
            worker.check_alive()
            return len(stored()) == len(ids)

        wait_for(done, timeout=300, what="the long article and the short ones in PostgreSQL", interval=0.5)
        seen = stored()
        long_id, short_ids = ids[0], ids[1:]
        assert max(seen[i] for i in short_ids) < seen[long_id]
        # Processed in full, not passed through: its entities and quotes are there.
        [row] = asyncio.run(fetch(
            dsn,
            "SELECT (SELECT sum(mentions) FROM entities WHERE article_id = $1) AS mentions, "
            "(SELECT count(*) FROM who_said_what WHERE article_id = $1) AS quotes",
            long_id,
        ))  # fmt: skip
        assert row["mentions"] > 400 and row["quotes"] > 100, dict(row)
        assert asyncio.run(fetch(dsn, "SELECT 1 FROM dead_letters")) == []
