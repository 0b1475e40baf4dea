"""The faust app: topics and the agents that carry an article from the raw topic to PostgreSQL.

::

    raw ─clean_articles─▶ clean ─tag_entities─▶ entities ─attribute_quotes─▶ quotes
        ─score_stance─▶ enriched (public sink topic) ─store_articles─▶ PostgreSQL
    any stage ─▶ deadletter ─store_dead_letters─▶ PostgreSQL

Each agent is glue: decode, call ``pipeline``, encode, send. Bad input becomes a dead letter
(faust acks a message even when the agent raises, so raising would lose it). spaCy parses once, in
``tag_entities``; the parse travels to the next stages as DocBin bytes (``pipeline.codec``).

``create_app(settings)`` builds everything; nothing here reads the environment (``agents.worker``
does, once).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import asyncpg
import faust
from faust.transport.drivers import aiokafka as faust_aiokafka
from pydantic import ValidationError

from agents import sink_postgres
from agents.runtime import Runtime, utcnow
from agents.settings import Settings
from pipeline.clean import clean
from pipeline.codec import pack_staged, unpack_staged
from pipeline.enrich import quote_stage, stance_stage, tag_stage
from pipeline.errors import InvalidArticle, PermanentError, StoreUnavailable
from pipeline.ingest import decode_payload, describe_validation_error
from pipeline.nlp import doc_from_bytes, doc_to_bytes, parse_many
from pipeline.stance import StanceModel
from schemas.articles import EnrichedArticle
from schemas.deadletter import DeadLetter
from schemas.internal import CleanArticle

__all__ = ["NewsflowApp", "create_app"]

logger = logging.getLogger(__name__)


# --- faust transport with a configurable fetch wait ------------------------------------------------
# faust hard-codes fetch_max_wait_ms=1500 for worker consumers. Brokers (tansu in particular, see
# STACK.md) may hold a fetch for the whole wait even when data is there, so every hop would cost up
# to 1.5 s. We set aiokafka's value before the consumer starts; test_app checks it takes effect.


class _TunedConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        consumer._fetch_max_wait_ms = self.app.newsflow_fetch_max_wait_ms  # noqa: SLF001
        return consumer


class _TunedConsumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> _TunedConsumerThread:
        return _TunedConsumerThread(self, loop=self.loop, beacon=self.beacon)


class _TunedTransport(faust_aiokafka.Transport):
    Consumer = _TunedConsumer


class NewsflowApp(faust.App):
    """A faust app whose Kafka consumers use our fetch wait."""

    def _new_transport(self) -> Any:
        return _TunedTransport(self.conf.broker_consumer, self)


# --- the app ---------------------------------------------------------------------------------------


def _event_source(event: faust.EventT) -> dict[str, Any]:
    message = event.message
    return {
        "source_topic": message.topic,
        "source_partition": message.partition,
        "source_offset": message.offset,
        "source_key": message.key if isinstance(message.key, bytes) else None,
    }


def create_app(settings: Settings, runtime: Runtime | None = None) -> faust.App:
    """Build the faust app, its topics and agents for ``settings``."""
    rt = runtime or Runtime(settings)
    names = settings.topics
    app = NewsflowApp(
        settings.app_id,
        broker=[f"kafka://{server}" for server in settings.kafka_servers],
        autodiscover=False,
        store="memory://",
        # faust's default datadir is "<app id>-data" in the working directory; keep it with the state.
        datadir=str(settings.state_dir / "faust" / settings.app_id),
        web_enabled=False,
        topic_replication_factor=settings.topic_replication,
        topic_partitions=settings.topic_partitions,
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=settings.session_timeout,
        broker_rebalance_timeout=settings.rebalance_timeout,
        broker_heartbeat_interval=settings.heartbeat_interval,
        producer_linger=settings.producer_linger_ms / 1000.0,
        producer_max_request_size=settings.max_message_bytes,
        consumer_max_fetch_size=settings.max_message_bytes,
        worker_redirect_stdouts=False,
    )
    app.newsflow_fetch_max_wait_ms = settings.fetch_max_wait_ms

    def topic(name: str, **config: str) -> faust.TopicT:
        return app.topic(
            name,
            key_type=bytes,
            value_type=bytes,
            key_serializer="raw",
            value_serializer="raw",
            partitions=settings.topic_partitions,
            replicas=settings.topic_replication,
            config=config or None,
        )

    raw = topic(names.raw, **{"max.message.bytes": str(settings.max_message_bytes)})
    clean_t, entities_t, quotes_t = topic(names.clean), topic(names.entities), topic(names.quotes)
    enriched_t, dead_t = topic(names.enriched), topic(names.dead_letter)

    async def dead_letter(
        event: faust.EventT, exc: BaseException, stage: str, *, article_id: str | None = None
    ) -> None:
        value = event.value if isinstance(event.value, bytes) else b""
        if value.startswith(b"NFS1"):
            # An internal frame: keep the readable header, not the binary parse.
            try:
                staged, _ = unpack_staged(value)
                value = staged.model_dump_json().encode()
            except (ValueError, ValidationError):
                pass
        letter = rt.dead_letter_for(exc, stage=stage, payload=value, article_id=article_id, **_event_source(event))
        if isinstance(exc, PermanentError):
            logger.info(
                "dead-lettered stage=%s topic=%s partition=%s offset=%s reason=%s",
                stage, letter.source_topic, letter.source_partition, letter.source_offset, letter.reason,
            )  # fmt: skip
        else:
            logger.error(
                "dead-lettered after an internal error stage=%s topic=%s partition=%s offset=%s error=%r",
                stage, letter.source_topic, letter.source_partition, letter.source_offset, exc,
                exc_info=exc,
            )  # fmt: skip
        await dead_t.send(key=(article_id or "").encode() or None, value=letter.model_dump_json().encode())

    @app.agent(raw, name="clean_articles")
    async def clean_articles(stream: faust.StreamT[bytes]) -> None:
        """Decode and validate scraper payloads; clean the body; dead-letter what cannot be used."""
        async for event in stream.events():
            article_id = None
            try:
                raw_article = decode_payload(event.value, max_bytes=settings.max_body_bytes)
                article_id = raw_article.id
                received = datetime.fromtimestamp(event.message.timestamp, UTC)
                article = await asyncio.to_thread(
                    clean, raw_article, now=utcnow(), min_body_chars=settings.min_body_chars
                )
                article = article.model_copy(update={"received_at": received})
            except Exception as exc:  # noqa: BLE001 - every failure is dead-lettered, never lost
                await dead_letter(event, exc, "clean_articles", article_id=article_id)
                continue
            await clean_t.send(key=article.id.encode(), value=article.model_dump_json().encode())

    @app.agent(clean_t, name="tag_entities")
    async def tag_entities(stream: faust.StreamT[bytes]) -> None:
        """Parse clean articles with spaCy in batches and attach their entities."""
        nlp = await rt.nlp()

        def work(articles: Sequence[CleanArticle]) -> list[bytes | Exception]:
            out: list[bytes | Exception] = []
            for article, doc in zip(articles, parse_many(nlp, (a.text for a in articles)), strict=True):
                try:
                    out.append(pack_staged(tag_stage(article, doc, nlp), doc_to_bytes(doc)))
                except Exception as exc:  # noqa: BLE001 - one bad article must not sink the batch
                    out.append(exc)
            return out

        await _run_batches(stream, "tag_entities", CleanArticle.model_validate_json, work, entities_t)

    @app.agent(entities_t, name="attribute_quotes")
    async def attribute_quotes(stream: faust.StreamT[bytes]) -> None:
        """Find quotes and their speakers on the carried parse."""
        nlp = await rt.nlp()

        def work(frames: Sequence[bytes]) -> list[bytes | Exception]:
            out: list[bytes | Exception] = []
            for frame in frames:
                try:
                    staged, doc_bytes = unpack_staged(frame)
                    doc = doc_from_bytes(doc_bytes, nlp)
                    out.append(pack_staged(quote_stage(staged, doc), doc_bytes))
                except Exception as exc:  # noqa: BLE001
                    out.append(exc)
            return out

        await _run_batches(stream, "attribute_quotes", bytes, work, quotes_t)

    @app.agent(quotes_t, name="score_stance")
    async def score_stance(stream: faust.StreamT[bytes]) -> None:
        """Score stance per entity and quote; publish the enriched event on the sink topic."""
        nlp = await rt.nlp()
        model: StanceModel = await rt.stance_model()

        def work(frames: Sequence[bytes]) -> list[bytes | Exception]:
            out: list[bytes | Exception] = []
            now = utcnow()
            for frame in frames:
                try:
                    staged, doc_bytes = unpack_staged(frame)
                    doc = doc_from_bytes(doc_bytes, nlp)
                    enriched = stance_stage(staged, doc, model, now=now, version=rt.version)
                    out.append(enriched.model_dump_json().encode())
                except Exception as exc:  # noqa: BLE001
                    out.append(exc)
            return out

        await _run_batches(stream, "score_stance", bytes, work, enriched_t)

    async def _run_batches(
        stream: faust.StreamT[bytes],
        stage: str,
        decode: Callable[[bytes], Any],
        work: Callable[[Sequence[Any]], list[bytes | Exception]],
        out_topic: faust.TopicT,
    ) -> None:
        """Decode a batch, run ``work`` off the event loop, send results, dead-letter failures."""
        async for events in stream.take_events(settings.nlp_batch_size, within=settings.nlp_batch_within):
            decoded = []
            for event in events:
                try:
                    decoded.append((event, decode(event.value)))
                except ValidationError as exc:
                    await dead_letter(event, InvalidArticle(describe_validation_error(exc)), stage)
            results = await asyncio.to_thread(work, [item for _, item in decoded])
            for (event, _), result in zip(decoded, results, strict=True):
                if isinstance(result, Exception):
                    await dead_letter(event, result, stage, article_id=_key_of(event))
                else:
                    await out_topic.send(key=event.message.key, value=result)

    @app.agent(enriched_t, name="store_articles")
    async def store_articles(stream: faust.StreamT[bytes]) -> None:
        """Upsert enriched articles into PostgreSQL in batches (idempotent on id)."""
        pool = await rt.pool()
        async for events in stream.take_events(settings.sink_batch_size, within=settings.sink_batch_within):
            batch: list[tuple[faust.EventT, EnrichedArticle]] = []
            for event in events:
                try:
                    batch.append((event, EnrichedArticle.model_validate_json(event.value)))
                except ValidationError as exc:
                    await dead_letter(event, InvalidArticle(describe_validation_error(exc)), "store_articles")
            try:
                await _retrying(
                    functools.partial(sink_postgres.upsert_articles, pool, [a for _, a in batch]), "store_articles"
                )
            except asyncpg.PostgresError:
                # The database refused the batch for a reason that retrying will not fix (a bug of
                # ours or a constraint): isolate the culprit so the rest is stored and it is kept.
                for event, article in batch:
                    try:
                        await _retrying(
                            functools.partial(sink_postgres.upsert_articles, pool, [article]), "store_articles"
                        )
                    except asyncpg.PostgresError as exc:
                        await dead_letter(event, exc, "store_articles", article_id=article.id)

    @app.agent(dead_t, name="store_dead_letters")
    async def store_dead_letters(stream: faust.StreamT[bytes]) -> None:
        """Record dead letters in PostgreSQL, once each."""
        pool = await rt.pool()
        async for events in stream.take_events(settings.sink_batch_size, within=settings.sink_batch_within):
            letters = []
            for event in events:
                try:
                    letters.append(DeadLetter.model_validate_json(event.value))
                except ValidationError as exc:
                    # Not ours: keep it visible in the log; re-dead-lettering could loop forever.
                    logger.error(
                        "unreadable dead letter topic=%s partition=%s offset=%s error=%s",
                        event.message.topic, event.message.partition, event.message.offset,
                        describe_validation_error(exc),
                    )  # fmt: skip
            try:
                await _retrying(
                    functools.partial(sink_postgres.insert_dead_letters, pool, letters), "store_dead_letters"
                )
            except asyncpg.PostgresError:
                for letter in letters:  # isolate the one the database refuses; log it, keep the rest
                    try:
                        await _retrying(
                            functools.partial(sink_postgres.insert_dead_letters, pool, [letter]), "store_dead_letters"
                        )
                    except asyncpg.PostgresError as exc:
                        logger.error(
                            "dead letter not stored topic=%s partition=%s offset=%s error=%r",
                            letter.source_topic, letter.source_partition, letter.source_offset, exc,
                        )  # fmt: skip

    app.newsflow_runtime = rt
    return app


def _key_of(event: faust.EventT) -> str | None:
    key = event.message.key
    return key.decode("utf-8", "replace") if isinstance(key, bytes) else None


async def _retrying(write: Callable[[], Awaitable[int]], stage: str) -> None:
    """Retry a store write while PostgreSQL is unavailable; the batch stays unacked meanwhile."""
    delay = 0.2
    while True:
        try:
            await write()
            return
        except StoreUnavailable as exc:
            logger.warning("store unavailable stage=%s retry_in=%.1fs error=%s", stage, delay, exc)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)
