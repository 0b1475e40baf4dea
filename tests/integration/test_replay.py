"""Replay and backfill on real services.

* On PostgreSQL alone, with a recording ``send``: which dead letters and articles are selected, what is
  marked, and the sink's rule that a re-enrichment with the same result raises ``pipeline_version``
  and not the revision.
* On tansu + PostgreSQL + a real worker, with the real ``newsflow replay`` command in a subprocess: a
  ``processing_error`` dead letter (the fault: a constraint the database refuses the article with)
  replayed once the fault is removed stores the article exactly once; a backfill raises
  ``pipeline_version`` on stored articles without changing their ids; a dry run changes nothing.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest

from agents.dashboard.queries import query_database
from agents.replay import ArticleSelection, LetterSelection, ReplayReport, replay_articles, replay_dead_letters
from agents.runtime import newsflow_version
from agents.services import ManagedProcess, wait_for
from agents.settings import Settings
from agents.sink_postgres import connect, insert_dead_letters, upsert_articles
from agents.stack import child_env
from pipeline.deadletters import make_dead_letter, without_payload
from pipeline.errors import InvalidJson
from pipeline.topology import CLEAN_TOPIC, Topic
from schemas import CleanArticle, DeadLetter, EnrichedArticle, article_id_for_url
from tests.helpers import REPO, SEED_PATH, feed, fetch

pytestmark = [pytest.mark.integration, pytest.mark.timeout(400)]

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
EXAMPLE = EnrichedArticle.model_validate_json(
    (REPO / "schemas" / "examples" / "enriched_article.v1.seed.pass.json").read_text(encoding="utf-8")
)
OLD = "newsflow/0.0.1 spacy-model/en_core_web_sm-3.7.0"
LIMIT = 2_000_000


class Recorder:
    """A ``send`` that records what it was given, as the broker would acknowledge it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes | None, bytes]] = []

    async def __call__(self, topic: Topic, key: bytes | None, value: bytes) -> None:
        self.sent.append((topic.key, key, value))


def run_async(dsn: str, job: Callable[[Any], Any]) -> Any:
    async def run() -> Any:
        pool = await connect(dsn)
        try:
            return await job(pool)
        finally:
            await pool.close()

    return asyncio.run(run())


def now() -> datetime:
    return T0


class TestSameResultKeepsTheRevision:
    def test_new_version_same_result_raises_only_the_version(self, database_url: str) -> None:
        """A re-enrichment that found the same thing raises pipeline_version and processed_at, not the revision."""
        again = EXAMPLE.model_copy(update={"pipeline_version": "newsflow/9.9.9 x", "processed_at": T0})
        run_async(database_url, lambda pool: upsert_articles(pool, [EXAMPLE]))
        entities = asyncio.run(fetch(database_url, "SELECT key FROM entities ORDER BY key"))
        assert run_async(database_url, lambda pool: upsert_articles(pool, [again])) == 0
        [row] = asyncio.run(
            fetch(database_url, "SELECT id, revision, pipeline_version, processed_at, document FROM articles")
        )
        assert (row["id"], row["revision"], row["pipeline_version"]) == (EXAMPLE.id, 1, "newsflow/9.9.9 x")
        assert row["processed_at"] == T0 and json.loads(row["document"])["pipeline_version"] == "newsflow/9.9.9 x"
        assert asyncio.run(fetch(database_url, "SELECT key FROM entities ORDER BY key")) == entities

    def test_new_version_new_result_is_a_new_revision(self, database_url: str) -> None:
        """A re-enrichment that found something else is a new revision with new child rows."""
        fewer = EXAMPLE.model_copy(
            update={"pipeline_version": "newsflow/9.9.9 x", "canonical_entities": EXAMPLE.canonical_entities[:1]}
        )
        run_async(database_url, lambda pool: upsert_articles(pool, [EXAMPLE]))
        assert run_async(database_url, lambda pool: upsert_articles(pool, [fewer])) == 1
        [row] = asyncio.run(fetch(database_url, "SELECT revision, pipeline_version FROM articles"))
        assert (row["revision"], row["pipeline_version"]) == (2, "newsflow/9.9.9 x")
        assert len(asyncio.run(fetch(database_url, "SELECT key FROM entities"))) == 1

    def test_a_backfill_copy_never_replaces_a_version_received_after_it(self, database_url: str) -> None:
        """Without fetched_at, versions go by received_at: the copy of v1 keeps v1's and loses to v2."""
        v1 = EXAMPLE.model_copy(update={"fetched_at": None, "received_at": T0 - timedelta(minutes=5)})
        v2 = v1.model_copy(update={"text": EXAMPLE.text + " A late edit.", "received_at": T0})
        copy_of_v1 = v1.model_copy(update={"pipeline_version": "newsflow/9.9.9 x", "processed_at": T0})
        run_async(database_url, lambda pool: upsert_articles(pool, [v1]))
        assert run_async(database_url, lambda pool: upsert_articles(pool, [v2])) == 1
        assert run_async(database_url, lambda pool: upsert_articles(pool, [copy_of_v1])) == 0
        [row] = asyncio.run(fetch(database_url, "SELECT revision, body FROM articles"))
        assert (row["revision"], row["body"]) == (2, v2.text)
        # ... in one batch too, whatever order the two come in
        assert run_async(database_url, lambda pool: upsert_articles(pool, [v2, copy_of_v1])) == 0

    def test_the_same_content_sent_again_later_changes_nothing(self, database_url: str) -> None:
        """Another receipt of identical content is no new revision: received_at is no content."""
        run_async(database_url, lambda pool: upsert_articles(pool, [EXAMPLE.model_copy(update={"received_at": T0})]))
        later = EXAMPLE.model_copy(update={"received_at": T0 + timedelta(hours=1)})
        assert run_async(database_url, lambda pool: upsert_articles(pool, [later])) == 0
        [row] = asyncio.run(fetch(database_url, "SELECT revision FROM articles"))
        assert row["revision"] == 1

    def test_same_version_same_result_changes_nothing(self, database_url: str) -> None:
        """A redelivery by the same pipeline version (another processing time) still changes nothing."""
        run_async(database_url, lambda pool: upsert_articles(pool, [EXAMPLE]))
        [before] = asyncio.run(fetch(database_url, "SELECT updated_at, processed_at FROM articles"))
        later = EXAMPLE.model_copy(update={"processed_at": T0})
        assert run_async(database_url, lambda pool: upsert_articles(pool, [later])) == 0
        [after] = asyncio.run(fetch(database_url, "SELECT updated_at, processed_at, revision FROM articles"))
        assert (after["updated_at"], after["processed_at"], after["revision"]) == (
            before["updated_at"], before["processed_at"], 1
        )  # fmt: skip


def _letters() -> list[DeadLetter]:
    raw = orjson.dumps({"url": "https://example.com/bug", "text": "A text a stage choked on."})
    clean = (
        CleanArticle(id="clean-1", url="https://example.com/c", text="Cleaned text.", body_hash="h", cleaned_at=T0)
        .model_dump_json()
        .encode()
    )

    def letter(exc: Exception, stage: str, payload: bytes, failed_at: datetime, offset: int) -> DeadLetter:
        return make_dead_letter(
            exc, stage=stage, payload=payload, failed_at=failed_at, max_payload_bytes=1_000_000,
            source_topic=f"t.{stage}", source_partition=0, source_offset=offset,
        )  # fmt: skip

    return [
        letter(RuntimeError("bug"), "clean_articles", raw, T0 - timedelta(days=2), 1),
        letter(RuntimeError("bug"), "tag_entities", clean, T0 - timedelta(hours=1), 2),
        without_payload(letter(RuntimeError("bug"), "tag_entities", clean, T0 - timedelta(hours=1), 3)),
        letter(InvalidJson("bad"), "clean_articles", b"{", T0 - timedelta(hours=1), 4),
    ]


class TestDeadLetterSelection:
    def replay(self, dsn: str, selection: LetterSelection, *, dry_run: bool = False) -> tuple[ReplayReport, Recorder]:
        send = Recorder()
        report = run_async(
            dsn,
            lambda pool: replay_dead_letters(pool, send, selection, now=now, max_message_bytes=LIMIT, dry_run=dry_run),
        )
        return report, send

    def store(self, dsn: str) -> None:
        assert run_async(dsn, lambda pool: insert_dead_letters(pool, _letters())) == 4

    def test_dry_run_counts_and_changes_nothing(self, database_url: str) -> None:
        """A dry run reports what would be sent and what cannot be, sends nothing and marks nothing."""
        self.store(database_url)
        report, send = self.replay(database_url, LetterSelection(), dry_run=True)
        assert send.sent == []
        assert (report.selected, report.sent, dict(report.by_topic)) == (3, 0, {"raw": 1, "clean": 1})
        assert dict(report.unreplayable) == {"stored without its payload": 1}
        assert asyncio.run(fetch(database_url, "SELECT 1 FROM dead_letters WHERE replayed_at IS NOT NULL")) == []

    def test_replay_marks_what_was_sent_and_a_second_run_sends_nothing(self, database_url: str) -> None:
        """Processing errors are re-sent once; unreplayable ones are counted; a second run sends nothing unless forced."""
        self.store(database_url)
        report, send = self.replay(database_url, LetterSelection())
        assert sorted((topic, key) for topic, key, _ in send.sent) == [
            ("clean", b"clean-1"), ("raw", article_id_for_url("https://example.com/bug").encode())
        ]  # fmt: skip
        assert (report.sent, sum(report.unreplayable.values())) == (2, 1)
        rows = asyncio.run(
            fetch(database_url, "SELECT stage, payload, replay_count FROM dead_letters WHERE replayed_at IS NOT NULL")
        )
        assert sorted(r["stage"] for r in rows) == ["clean_articles", "tag_entities"]
        assert all(r["payload"] and r["replay_count"] == 1 for r in rows)

        again, send = self.replay(database_url, LetterSelection())
        assert send.sent == [] and (again.selected, again.already_replayed) == (1, 2)
        assert sum(again.unreplayable.values()) == 1  # still reported, every time

        forced, send = self.replay(database_url, LetterSelection(force=True))
        assert len(send.sent) == 2 and forced.sent == 2
        counts = asyncio.run(fetch(database_url, "SELECT replay_count FROM dead_letters WHERE replayed_at IS NOT NULL"))
        assert sorted(r["replay_count"] for r in counts) == [2, 2]

    def test_two_replays_at_once_send_each_letter_once(self, database_url: str) -> None:
        """A cron job and an operator replaying together: the second waits and finds nothing left to send."""
        self.store(database_url)
        sends = [Recorder(), Recorder()]

        async def both(pool: Any) -> list[ReplayReport]:
            return list(
                await asyncio.gather(
                    *(
                        replay_dead_letters(pool, send, LetterSelection(), now=now, max_message_bytes=LIMIT)
                        for send in sends
                    )
                )
            )

        reports = run_async(database_url, both)
        assert sorted(r.sent for r in reports) == [0, 2]
        assert sum(len(send.sent) for send in sends) == 2
        rows = asyncio.run(fetch(database_url, "SELECT replay_count FROM dead_letters WHERE replayed_at IS NOT NULL"))
        assert [r["replay_count"] for r in rows] == [1, 1]

    def test_refused_again_after_a_replay_is_replayable_again(self, database_url: str) -> None:
        """An enriched article the database refuses again (same content, same letter) is unmarked, not lost."""
        refused = make_dead_letter(
            RuntimeError("check constraint"), stage="store_articles", payload=EXAMPLE.model_dump_json().encode(),
            failed_at=T0, max_payload_bytes=1_000_000, article_id=EXAMPLE.id, source_topic="t.enriched",
            source_partition=0, source_offset=5,
        )  # fmt: skip
        assert run_async(database_url, lambda pool: insert_dead_letters(pool, [refused])) == 1
        first, send = self.replay(database_url, LetterSelection())
        assert first.sent == 1 and send.sent[0][0] == "clean"
        # Re-enriched (another message, another processing time) and refused again.
        again = refused.model_copy(
            update={"source_offset": 6, "payload": EXAMPLE.model_copy(update={"processed_at": T0}).model_dump_json()}
        )
        assert run_async(database_url, lambda pool: insert_dead_letters(pool, [again, again])) == 0
        [row] = asyncio.run(fetch(database_url, "SELECT replayed_at, replay_count FROM dead_letters"))
        assert row["replayed_at"] is None and row["replay_count"] == 1
        second, send = self.replay(database_url, LetterSelection())
        assert second.sent == 1 and len(send.sent) == 1

    def test_filters_by_reason_stage_and_time(self, database_url: str) -> None:
        """--reason, --stage and --since narrow the selection."""
        self.store(database_url)
        by_stage, _ = self.replay(database_url, LetterSelection(stages=("clean_articles",)), dry_run=True)
        assert (by_stage.selected, dict(by_stage.by_topic)) == (1, {"raw": 1})
        recent, _ = self.replay(database_url, LetterSelection(since=T0 - timedelta(hours=2)), dry_run=True)
        assert (recent.selected, dict(recent.by_topic)) == (2, {"clean": 1})
        every, send = self.replay(database_url, LetterSelection(reasons=(), stages=("clean_articles",)))
        assert every.sent == 2 and sorted(v for _, _, v in send.sent)[0] == b"{"


class TestArticleSelection:
    def test_before_version_selects_older_releases_only(self, database_url: str) -> None:
        """Backfill sends the articles of older releases as clean articles; others are left alone; dry runs send nothing."""
        old = EXAMPLE.model_copy(update={"id": "old", "pipeline_version": OLD})
        new = EXAMPLE.model_copy(update={"id": "new", "pipeline_version": "newsflow/0.3.0 spacy-model/x"})
        run_async(database_url, lambda pool: upsert_articles(pool, [old, new]))

        def backfill(selection: ArticleSelection, *, dry_run: bool = False) -> tuple[ReplayReport, Recorder]:
            send = Recorder()
            report = run_async(
                database_url, lambda pool: replay_articles(pool, send, selection, now=now, dry_run=dry_run)
            )
            return report, send

        dry, send = backfill(ArticleSelection(before_version="0.3.0"), dry_run=True)
        assert send.sent == [] and (dry.selected, dry.by_version) == (1, {OLD: 1})
        report, send = backfill(ArticleSelection(before_version="0.3.0"))
        [(topic, key, value)] = send.sent
        assert (topic, key, report.sent) == ("clean", b"old", 1)
        assert CleanArticle.model_validate_json(value).text == EXAMPLE.text
        everything, send = backfill(ArticleSelection())
        assert everything.sent == 2 and sorted(k for _, k, _ in send.sent) == [b"new", b"old"]
        future, send = backfill(ArticleSelection(since=datetime.now(UTC) + timedelta(days=1)))
        assert future.selected == 0 and send.sent == []


# -- the whole pipeline --------------------------------------------------------------------------


def newsflow(settings: Settings, *args: str) -> dict[str, Any]:
    """Run ``newsflow <args>`` as operators do; return its JSON report (stdout)."""
    done = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "agents.cli", *args],
        env={**os.environ, **child_env(settings)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def high_waters(settings: Settings, topics: Sequence[str]) -> dict[str, int]:
    from agents.admin import consumer_lag

    lags = asyncio.run(consumer_lag(settings, list(topics)))
    return {t: sum(p.high_water for p in lags if p.topic == t) for t in topics}


def drained(settings: Settings) -> bool:
    from agents.admin import consumer_lag

    return sum(p.lag for p in asyncio.run(consumer_lag(settings))) == 0


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def worker(settings: Settings, start_worker: Callable[[Settings], ManagedProcess]) -> ManagedProcess:
    return start_worker(settings)


TEXT = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs. "
    '"This ends a decade of debate," said Mayor Anna Berg, who backed the plan. '
    "Opponents argued that buses would serve the area at a fraction of the cost."
)


async def dashboard_snapshot(dsn: str) -> dict[str, Any]:
    """What the dashboard reads from PostgreSQL."""
    pool = await connect(dsn)
    try:
        async with pool.acquire() as conn:
            return await query_database(conn)
    finally:
        await pool.close()


class TestOnThePipeline:
    def test_processing_error_replayed_after_the_fix_is_stored_once(
        self, settings: Settings, worker: ManagedProcess
    ) -> None:
        """A processing_error dead letter, replayed once the fault is gone, ends as one stored article (revision 1)."""
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        url = "https://example.com/replay/refused"
        article_id = article_id_for_url(url)
        # The fault: the database refuses this article, so the sink dead-letters it as a processing_error.
        asyncio.run(fetch(dsn, "ALTER TABLE articles ADD CONSTRAINT test_fault CHECK (title <> 'FAULT')"))
        asyncio.run(feed(settings, [orjson.dumps({"url": url, "text": TEXT, "title": "FAULT"})]))

        def letter_stored() -> bool:
            worker.check_alive()
            return bool(asyncio.run(fetch(dsn, "SELECT 1 FROM dead_letters WHERE article_id = $1", article_id)))

        wait_for(letter_stored, timeout=180, what="the refused article's dead letter", interval=0.5)
        asyncio.run(fetch(dsn, "ALTER TABLE articles DROP CONSTRAINT test_fault"))
        topics = [settings.topics.raw, settings.topics[CLEAN_TOPIC], settings.topics.enriched]
        wait_for(lambda: drained(settings), timeout=60, what="the pipeline drained")
        before = high_waters(settings, topics)

        dry = newsflow(settings, "replay", "dead-letters", "--dry-run")
        assert (dry["selected"], dry["sent"], dry["by_topic"], dry["unreplayable"]) == (1, 0, {"clean": 1}, 0)
        assert high_waters(settings, topics) == before
        assert asyncio.run(fetch(dsn, "SELECT 1 FROM dead_letters WHERE replayed_at IS NOT NULL")) == []

        report = newsflow(settings, "replay", "dead-letters")
        assert (report["selected"], report["sent"]) == (1, 1)

        def stored() -> bool:
            worker.check_alive()
            return bool(asyncio.run(fetch(dsn, "SELECT 1 FROM articles WHERE id = $1", article_id)))

        wait_for(stored, timeout=120, what="the replayed article's row", interval=0.5)
        again = newsflow(settings, "replay", "dead-letters")
        assert (again["selected"], again["sent"], again["already_replayed"]) == (0, 0, 1)
        wait_for(lambda: drained(settings), timeout=60, what="the pipeline drained")

        rows = asyncio.run(fetch(dsn, "SELECT id, title, revision FROM articles"))
        assert [(r["id"], r["title"], r["revision"]) for r in rows] == [(article_id, "FAULT", 1)]
        [letter] = asyncio.run(fetch(dsn, "SELECT reason, stage, replay_count FROM dead_letters"))
        assert (letter["reason"], letter["stage"], letter["replay_count"]) == ("processing_error", "store_articles", 1)
        totals = asyncio.run(dashboard_snapshot(dsn))["totals"]
        assert (totals["enriched"], totals["dead_lettered"]) == (1, 0)  # one input, counted once
        after = high_waters(settings, topics)
        # One clean message and one enriched article more; nothing re-sent by the second replay.
        assert after[settings.topics[CLEAN_TOPIC]] == before[settings.topics[CLEAN_TOPIC]] + 1
        assert after[settings.topics.enriched] == before[settings.topics.enriched] + 1
        assert after[settings.topics.raw] == before[settings.topics.raw]
        worker.check_alive()

    def test_backfill_raises_the_version_and_keeps_ids(self, settings: Settings, worker: ManagedProcess) -> None:
        """Backfill re-enriches stored articles: pipeline_version raised, ids kept, unchanged results not a revision."""
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        urls = ["https://example.com/backfill/tram", "https://example.com/backfill/seed"]
        texts = [TEXT, SEED_PATH.read_text(encoding="utf-8")]
        asyncio.run(feed(settings, [orjson.dumps({"url": u, "text": t}) for u, t in zip(urls, texts, strict=True)]))
        ids = sorted(article_id_for_url(u) for u in urls)

        def stored() -> bool:
            worker.check_alive()
            return len(asyncio.run(fetch(dsn, "SELECT 1 FROM articles"))) == 2

        wait_for(stored, timeout=180, what="both articles stored", interval=0.5)
        current = asyncio.run(fetch(dsn, "SELECT DISTINCT pipeline_version FROM articles"))[0]["pipeline_version"]
        entities = asyncio.run(fetch(dsn, "SELECT article_id, key FROM entities ORDER BY 1, 2"))
        # History written by an older release, through the real sink: the same result for the tram article,
        # none of the entities for the seed.
        seed, tram = article_id_for_url(urls[1]), article_id_for_url(urls[0])
        stored_docs = {
            r["id"]: EnrichedArticle.model_validate_json(r["document"])
            for r in asyncio.run(fetch(dsn, "SELECT id, document FROM articles"))
        }
        history = [
            stored_docs[tram].model_copy(update={"pipeline_version": OLD}),
            stored_docs[seed].model_copy(update={"pipeline_version": OLD, "entities": (), "canonical_entities": ()}),
        ]
        run_async(dsn, lambda pool: upsert_articles(pool, history))
        before = {r["id"]: r for r in asyncio.run(fetch(dsn, "SELECT id, revision, first_seen_at FROM articles"))}
        assert (before[tram]["revision"], before[seed]["revision"]) == (1, 2)
        assert {r["article_id"] for r in asyncio.run(fetch(dsn, "SELECT article_id FROM entities"))} == {tram}

        dry = newsflow(settings, "replay", "articles", "--before-version", newsflow_version(), "--dry-run")
        assert (dry["selected"], dry["sent"], dry["by_version"]) == (2, 0, {OLD: 2})
        unchanged = asyncio.run(fetch(dsn, "SELECT DISTINCT pipeline_version FROM articles"))
        assert [r["pipeline_version"] for r in unchanged] == [OLD]

        report = newsflow(settings, "replay", "articles", "--before-version", newsflow_version())
        assert (report["selected"], report["sent"]) == (2, 2)

        def raised() -> bool:
            worker.check_alive()
            rows = asyncio.run(fetch(dsn, "SELECT pipeline_version FROM articles"))
            return [r["pipeline_version"] for r in rows] == [current, current]

        wait_for(raised, timeout=180, what="pipeline_version raised on both articles", interval=0.5)
        after = {
            r["id"]: r for r in asyncio.run(fetch(dsn, "SELECT id, revision, first_seen_at, document FROM articles"))
        }
        assert sorted(after) == ids
        assert after[tram]["revision"] == 1  # same result: only the version moved
        assert after[seed]["revision"] == 3  # the newer result replaced the older one
        assert all(after[i]["first_seen_at"] == before[i]["first_seen_at"] for i in ids)
        assert asyncio.run(fetch(dsn, "SELECT article_id, key FROM entities ORDER BY 1, 2")) == entities  # back
        assert asyncio.run(fetch(dsn, "SELECT 1 FROM dead_letters")) == []

        nothing_left = newsflow(settings, "replay", "articles", "--before-version", newsflow_version())
        assert nothing_left["selected"] == 0
        worker.check_alive()
