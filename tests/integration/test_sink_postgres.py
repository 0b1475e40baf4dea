"""The PostgreSQL sink on a real server: exact and near-duplicate marking across batches."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from agents import sink_postgres
from agents.sink_postgres import connect, upsert_articles
from pipeline.deadletters import make_dead_letter
from pipeline.textutil import body_hash
from schemas import EnrichedArticle, Origin, article_id_for_url
from tests.helpers import REPO, fetch

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

EXAMPLE = EnrichedArticle.model_validate_json(
    (REPO / "schemas" / "examples" / "enriched_article.v1.seed.pass.json").read_text(encoding="utf-8")
)
BODY = EXAMPLE.text
PARAGRAPHS = [p for p in BODY.split("\n") if p.strip()]
SENTENCES = re.split(r"(?<=[.!?”])\s+", BODY)
OTHER = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a "
    "decade of debate over the route. Construction is due to start next spring and to last three years. "
    "Residents of the affected streets will be offered compensation for noise, the mayor's office said, "
    "and shop owners can apply for grants while the works block access to their premises. Opponents "
    "argued that buses would serve the area at a fraction of the cost. "
) * 3


def article(url: str, text: str) -> EnrichedArticle:
    """The seed example with another URL and body (entities etc. keep the example's offsets: unused here)."""
    return EXAMPLE.model_copy(
        update={"id": article_id_for_url(url), "url": url, "text": text, "body_hash": body_hash(text)}
    )


def store(dsn: str, *batches: Sequence[EnrichedArticle]) -> list[Any]:
    async def run() -> list[Any]:
        pool = await connect(dsn)
        try:
            for batch in batches:
                await upsert_articles(pool, batch)
        finally:
            await pool.close()
        return await fetch(dsn, "SELECT id, duplicate_of, duplicate_similarity FROM articles")

    return asyncio.run(run())


def marks(rows: list[Any]) -> dict[str, tuple[str | None, float | None]]:
    return {
        r["id"]: (r["duplicate_of"], None if r["duplicate_similarity"] is None else round(r["duplicate_similarity"], 2))
        for r in rows
    }


class TestNearDuplicates:
    def test_cut_and_framed_copy_points_to_the_original(self, database_url: str) -> None:
        """A syndicated copy cut short and given an editor's note is marked a near-duplicate of the first seen."""
        original = article("https://example.com/original", BODY)
        copy_text = "Editor's note: first published by 112 Ukraine.\n\n" + "\n\n".join(PARAGRAPHS[:-1])
        copy = article("https://mirror.example.org/copy", copy_text)
        unrelated = article("https://example.com/tram", OTHER)
        rows = marks(store(database_url, [original, unrelated], [copy]))
        assert rows[original.id] == (None, None)
        assert rows[unrelated.id] == (None, None)
        duplicate_of, similarity = rows[copy.id]
        assert duplicate_of == original.id
        assert similarity is not None and 0.4 <= similarity < 1

    def test_exact_copy_has_similarity_one(self, database_url: str) -> None:
        """A copy with the same normalised body is an exact duplicate: similarity 1."""
        original = article("https://example.com/a", BODY)
        copy = article("https://example.com/b", BODY.upper())
        rows = marks(store(database_url, [original], [copy]))
        assert rows[copy.id] == (original.id, 1.0)

    def test_chain_of_copies_in_one_batch_points_to_the_first(self, database_url: str) -> None:
        """Sliding windows k1..k4 of k0's sentences, one batch: each matches only its neighbour, all end at k0.

        Ids are chosen so batch-mates are "earlier" in the order k1 < k2 < k3 < k4 (same first_seen_at).
        """
        windows = [" ".join(SENTENCES[3 * i : 3 * i + 12]) for i in range(5)]
        k = [article(f"https://example.com/k{i}", w).model_copy(update={"id": f"k{i}"}) for i, w in enumerate(windows)]
        rows = marks(store(database_url, [k[0]], [k[4], k[2], k[3], k[1]]))
        assert rows["k0"] == (None, None)
        assert {rows[f"k{i}"][0] for i in range(1, 5)} == {"k0"}
        # similarity is to the original: k1 overlaps k0 a lot, k4 not at all
        assert rows["k1"][1] is not None and rows["k1"][1] >= 0.4
        assert rows["k4"][1] is not None and rows["k4"][1] < 0.2

    def test_exact_copies_of_a_near_copy_point_to_the_original(self, database_url: str) -> None:
        """Two identical copies of a framed original, stored together, both point to the original."""
        original = article("https://example.com/wire-story", BODY)
        framed = f"Editor's note: via the wire.\n\n{BODY}\n\n(Reporting by the desk.)"
        x1, x2 = article("https://one.example/s", framed), article("https://two.example/s", framed)
        rows = marks(store(database_url, [original], [x1, x2], [article("https://three.example/s", framed)]))
        assert {rows[x1.id][0], rows[x2.id][0], rows[article_id_for_url("https://three.example/s")][0]} == {original.id}

    def test_ids_differing_in_case_never_point_to_themselves(self, database_url: str) -> None:
        """Batch-mates with the same body and ids "Ab"/"aa": one original, one copy, no self-loop."""
        a = article("https://example.com/p", BODY).model_copy(update={"id": "Ab"})
        b = article("https://example.com/q", BODY).model_copy(update={"id": "aa"})
        rows = marks(store(database_url, [a, b]))
        assert sorted(rows.items()) == [("Ab", (None, None)), ("aa", ("Ab", 1.0))]

    def test_only_originals_keep_band_keys(self, database_url: str) -> None:
        """Copies are found through their original: their band keys are dropped, their fingerprint kept."""
        original = article("https://example.com/o", BODY)
        copy = article("https://example.com/c", f"{BODY}\n\nSyndicated by outlet 7.")
        store(database_url, [original], [copy])
        bands = asyncio.run(fetch(database_url, "SELECT DISTINCT article_id FROM article_bands"))
        prints = asyncio.run(fetch(database_url, "SELECT article_id FROM article_fingerprints"))
        assert [r["article_id"] for r in bands] == [original.id]
        assert sorted(r["article_id"] for r in prints) == sorted([original.id, copy.id])

    def test_rescrape_that_diverges_is_no_longer_a_duplicate(self, database_url: str) -> None:
        """A re-scraped copy whose body now differs is re-examined and unmarked; its fingerprint is replaced."""
        original = article("https://example.com/orig", BODY)
        copy = article("https://example.com/copy", BODY + "\n\nOne more line.")
        rewritten = article("https://example.com/copy", OTHER)
        rows = marks(store(database_url, [original], [copy]))
        assert rows[copy.id][0] == original.id
        rows = marks(store(database_url, [rewritten]))
        assert rows[copy.id] == (None, None)
        bands = asyncio.run(
            fetch(database_url, "SELECT count(*) AS n FROM article_bands WHERE article_id = $1", copy.id)
        )
        assert bands[0]["n"] > 0

    def test_distinct_articles_with_a_shared_footer_are_not_duplicates(self, database_url: str) -> None:
        """Two different articles ending in the same boilerplate paragraph stay originals."""
        footer = (
            "Sign up for our morning newsletter to get the day's top stories delivered to your inbox. "
            "Copyright 2026 Global News Syndicate. All rights reserved."
        )
        a = article("https://example.com/x", f"{BODY}\n\n{footer}")
        b = article("https://example.com/y", f"{OTHER}\n\n{footer}")
        rows = marks(store(database_url, [a], [b]))
        assert rows[b.id] == (None, None)

    def test_many_copies_all_point_to_the_first(self, database_url: str) -> None:
        """With more copies sharing band keys than the per-key candidate limit, each still finds the original."""
        first = article("https://example.com/wire", BODY)
        copies = [article(f"https://example.com/copy/{i}", f"{BODY}\n\nSyndicated by outlet {i}.") for i in range(30)]
        rows = marks(store(database_url, [first], copies[:15], copies[15:]))
        assert {rows[c.id][0] for c in copies} == {first.id}


POLL_S = 0.02


def store_overlapping(
    dsn: str, held: EnrichedArticle, then: EnrichedArticle, paused: asyncio.Event, release: asyncio.Event
) -> list[Any]:
    """Write ``held`` and, while it waits inside its transaction, write ``then``.

    ``held``'s write sets ``paused`` where it waits and goes on when ``release`` is set: once
    ``then``'s write has finished or is waiting for the article write lock (a deadline of 30 s).
    """

    async def run() -> list[Any]:
        pool = await connect(dsn, min_size=2, max_size=2)
        try:
            writing_held = asyncio.create_task(upsert_articles(pool, [held]))
            await asyncio.wait_for(paused.wait(), 30)
            writing_then = asyncio.create_task(upsert_articles(pool, [then]))
            deadline = time.monotonic() + 30
            while not writing_then.done() and not await _lock_waiters(dsn):
                assert time.monotonic() < deadline, "the second write neither finished nor waited for the lock"
                await asyncio.sleep(POLL_S)
            release.set()
            await asyncio.gather(writing_held, writing_then)
        finally:
            await pool.close()
        return await fetch(dsn, "SELECT id, duplicate_of, duplicate_similarity FROM articles")

    return asyncio.run(run())


async def _lock_waiters(dsn: str) -> int:
    rows = await fetch(dsn, "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    return int(rows[0]["n"])


class TestVersionOrder:
    """The newest fetch of an article is what stays, whatever order its versions are stored in."""

    def _versions(self) -> tuple[EnrichedArticle, EnrichedArticle]:
        url = "https://example.com/rescraped"
        old = article(url, BODY).model_copy(update={"fetched_at": datetime(2026, 12, 1, 8, tzinfo=UTC)})
        new = article(url, OTHER).model_copy(update={"fetched_at": datetime(2026, 12, 1, 9, tzinfo=UTC)})
        return old, new

    @pytest.mark.parametrize("together", [False, True])
    def test_an_older_fetch_stored_after_a_newer_one_does_not_replace_it(
        self, database_url: str, together: bool
    ) -> None:
        """A version sent again after the broker did not take it lands after the newer one behind it."""
        old, new = self._versions()
        store(database_url, [new, old]) if together else store(database_url, [new], [old])
        [row] = asyncio.run(fetch(database_url, "SELECT body, revision FROM articles WHERE id = $1", new.id))
        assert (row["body"], row["revision"]) == (OTHER, 1)

    def test_a_newer_fetch_replaces_an_older_one(self, database_url: str) -> None:
        old, new = self._versions()
        store(database_url, [old], [new])
        [row] = asyncio.run(fetch(database_url, "SELECT body, revision FROM articles WHERE id = $1", new.id))
        assert (row["body"], row["revision"]) == (OTHER, 2)


class TestInputOutcomes:
    """Each stored outcome records the raw-topic message it came from (``input_outcomes``, read by ``newsflow audit``)."""

    OUTCOMES = 'SELECT "offset", timestamp_ms, outcome, article_id FROM input_outcomes ORDER BY "offset"'

    def test_every_version_records_its_input_the_superseded_one_too(self, database_url: str) -> None:
        old, new = TestVersionOrder()._versions()
        at = {"old": Origin(topic="t.raw.v1", partition=0, offset=4, timestamp_ms=1_000)}
        at["new"] = at["old"].model_copy(update={"offset": 5, "timestamp_ms": 2_000})
        same_again = new.model_copy(update={"origin": at["new"].model_copy(update={"offset": 6})})
        store(
            database_url, [new.model_copy(update={"origin": at["new"]}), old.model_copy(update={"origin": at["old"]})]
        )
        store(database_url, [same_again])
        rows = asyncio.run(fetch(database_url, self.OUTCOMES))
        assert [(r["offset"], r["timestamp_ms"], r["outcome"], r["article_id"]) for r in rows] == [
            (4, 1_000, "article", new.id),
            (5, 2_000, "article", new.id),
            (6, 2_000, "article", new.id),
        ]
        # The same article sent again from another raw message is the same content: no new revision.
        [row] = asyncio.run(fetch(database_url, "SELECT revision FROM articles"))
        assert row["revision"] == 1

    def test_a_dead_letter_records_its_input_and_a_later_message_there_replaces_it(self, database_url: str) -> None:
        def letter(timestamp_ms: int) -> Any:
            return make_dead_letter(
                RuntimeError("bug"), stage="clean_articles", payload=b"{}", failed_at=datetime.now(UTC),
                max_payload_bytes=1000, article_id=None, source_topic="t.raw.v1", source_partition=0,
                source_offset=3, origin=Origin(topic="t.raw.v1", partition=0, offset=3, timestamp_ms=timestamp_ms),
            )  # fmt: skip

        TestDeadLetterStore.letters(database_url, letter(1_000))
        first = asyncio.run(fetch(database_url, self.OUTCOMES))
        TestDeadLetterStore.letters(database_url, letter(9_000))  # offset 3 again, after a memory broker restart
        rows = asyncio.run(fetch(database_url, self.OUTCOMES))
        assert [(r["offset"], r["timestamp_ms"], r["outcome"]) for r in first] == [(3, 1_000, "dead_letter")]
        assert [(r["offset"], r["timestamp_ms"], r["outcome"]) for r in rows] == [(3, 9_000, "dead_letter")]


class TestConcurrentWriters:
    def test_two_workers_storing_two_copies_at_once_mark_one(
        self, database_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Copies written by two workers at the same moment: the second write points to the first.

        The first write is held open inside its transaction (after its own duplicate checks) while
        the second one runs, the interleaving that left both copies as originals before writes took
        a lock.
        """
        first = article("https://example.com/wire/a", BODY)
        second = article("https://mirror.example.org/wire/a", BODY + "\n\nSyndicated by a partner outlet.")
        real_finish = sink_postgres._finish_duplicates
        paused, release = asyncio.Event(), asyncio.Event()

        async def held_finish(conn: Any, prints: Any) -> None:
            await real_finish(conn, prints)
            if first.id in prints:  # hold the first write's transaction open while the second runs
                paused.set()
                await release.wait()

        monkeypatch.setattr(sink_postgres, "_finish_duplicates", held_finish)
        rows = marks(store_overlapping(database_url, first, second, paused, release))
        assert rows[first.id] == (None, None)
        assert rows[second.id][0] == first.id

    def test_a_write_that_began_first_but_locked_second_is_the_later_one(
        self, database_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """ "First seen" is when a write got the lock, not when its transaction began.

        The copy's transaction begins first, then waits; the original's begins later, takes the lock
        and commits. Stamped with the transaction start (now()), the copy would look earlier than
        the original it follows, and neither would point to the other.
        """
        original = article("https://example.com/wire/b", BODY)
        copy = article("https://mirror.example.org/wire/b", BODY + "\n\nSyndicated by a partner outlet.")
        real_lock = sink_postgres._take_write_lock
        paused, release = asyncio.Event(), asyncio.Event()

        async def late_lock(conn: Any) -> Any:
            if not paused.is_set():  # the copy's write: its transaction has begun; let the original go first
                paused.set()
                await release.wait()
            return await real_lock(conn)

        monkeypatch.setattr(sink_postgres, "_take_write_lock", late_lock)
        rows = marks(store_overlapping(database_url, copy, original, paused, release))
        assert rows[original.id] == (None, None)
        assert rows[copy.id][0] == original.id


class TestDeadLetterStore:
    @staticmethod
    def letters(dsn: str, *letters: Any) -> list[Any]:
        async def run() -> list[Any]:
            pool = await connect(dsn)
            try:
                await sink_postgres.insert_dead_letters(pool, letters)
            finally:
                await pool.close()
            return await fetch(dsn, "SELECT stage, origin_topic, origin_offset, source_offset FROM dead_letters")

        return asyncio.run(run())

    def test_an_input_reprocessed_after_a_crash_is_dead_lettered_once(self, database_url: str) -> None:
        """The same input failing a later stage twice (new message, same origin) is one row; another input is not."""
        from datetime import UTC, datetime

        from pipeline.deadletters import make_dead_letter
        from schemas.internal import Origin

        def letter(origin_offset: int, source_offset: int, payload: bytes) -> Any:
            return make_dead_letter(
                RuntimeError("bug"), stage="tag_entities", payload=payload, failed_at=datetime.now(UTC),
                max_payload_bytes=1000, article_id="a1", source_topic="t.clean.v1", source_partition=0,
                source_offset=source_offset, origin=Origin(topic="t.raw.v1", partition=0, offset=origin_offset),
            )  # fmt: skip

        rows = self.letters(
            database_url, letter(7, 3, b'{"cleaned_at": 1}'), letter(7, 9, b'{"cleaned_at": 2}'), letter(8, 10, b"{}")
        )
        assert sorted((r["origin_offset"], r["source_offset"]) for r in rows) == [(7, 3), (8, 10)]


class TestQuoteTargets:
    def test_the_event_a_quote_stance_was_read_through_is_stored(self, database_url: str) -> None:
        """quote_targets keeps each quote stance's event and its effect; NULL where there is none."""
        first, second, *_ = EXAMPLE.stance.quotes
        read = first.model_copy(update={"event": "military support to the Assad regime", "event_effect": "good_for"})
        stance = EXAMPLE.stance.model_copy(update={"quotes": (read, second)})
        url = "https://example.org/quote-target-event"
        store(database_url, [article(url, BODY).model_copy(update={"stance": stance})])
        rows = asyncio.run(
            fetch(database_url, "SELECT quote_idx, event, event_effect FROM quote_targets ORDER BY quote_idx")
        )
        assert [(r["quote_idx"], r["event"], r["event_effect"]) for r in rows] == [
            (first.quote, "military support to the Assad regime", "good_for"),
            (second.quote, None, None),
        ]
        about = asyncio.run(fetch(database_url, "SELECT event FROM quotes_about WHERE event IS NOT NULL"))
        assert [r["event"] for r in about] == ["military support to the Assad regime"]


class TestLostConnections:
    def test_a_session_cut_inside_the_write_is_retried_not_refused(
        self, database_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The server ends the write's session inside its transaction (``pg_terminate_backend``).

        asyncpg then raises an ``InterfaceError`` from ``Transaction.__aexit__`` ("the underlying
        connection is closed") that hides the ``ConnectionDoesNotExistError``: the sink must call it
        ``StoreUnavailable``, which the stage retries, not an error that dead-letters the articles.
        """
        import asyncpg

        from pipeline.errors import StoreUnavailable

        batch = [article(f"https://example.com/cut/{j}", f"{OTHER} Edition {j}.") for j in range(3)]
        real_lock = sink_postgres._take_write_lock
        cuts: list[int] = []

        async def cut_then_lock(conn: Any) -> Any:
            if not cuts:  # the first write's session is ended by another one, as an admin or a restart would
                cuts.append(conn.get_server_pid())
                killer = await asyncpg.connect(database_url)
                try:
                    await killer.execute("SELECT pg_terminate_backend($1)", cuts[0])
                finally:
                    await killer.close()
            return await real_lock(conn)

        monkeypatch.setattr(sink_postgres, "_take_write_lock", cut_then_lock)

        async def run() -> int:
            pool = await connect(database_url)
            try:
                with pytest.raises(StoreUnavailable):
                    await upsert_articles(pool, batch)
                return await upsert_articles(pool, batch)  # the retry, on a fresh connection
            finally:
                await pool.close()

        assert asyncio.run(run()) == 3
        [row] = asyncio.run(fetch(database_url, "SELECT count(*) AS n FROM articles WHERE url LIKE '%/cut/%'"))
        assert row["n"] == 3
