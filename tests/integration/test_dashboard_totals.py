"""The dashboard's JSON agrees with PostgreSQL after real runs of the pipeline.

The dashboard server runs in a thread (its own loop); the workers are real ``newsflow worker``
processes; the expected numbers are read from PostgreSQL over a separate connection.
"""

from __future__ import annotations

import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from agents.services import ManagedProcess, wait_for
from agents.settings import Settings
from schemas import article_id_for_url
from tests.browser.server import bad_inputs, database_totals, feed, fetch, run_async, running_dashboard, unique_samples

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

DEADLINE = 180  # s: worker start, group join on tansu (5-30 s, more on a rejoin), NLP on shared cores


def summary(url: str) -> dict[str, Any]:
    """GET /api/summary."""
    with urllib.request.urlopen(f"{url}/api/summary", timeout=30) as response:  # noqa: S310 - loopback
        assert response.status == 200
        return orjson.loads(response.read())  # type: ignore[no-any-return]


def summary_after(url: str, moment: datetime) -> dict[str, Any]:
    """The first snapshot computed after ``moment`` (snapshots are cached for ~1.5 s)."""
    box: dict[str, Any] = {}

    def fresh() -> bool:
        box["s"] = summary(url)
        return datetime.fromisoformat(box["s"]["generated_at"]) > moment

    wait_for(fresh, timeout=30, what="a snapshot newer than the end of processing", interval=0.2)
    return box["s"]


GERMAN = (
    "Die Bundesregierung hat am Mittwoch neue Pläne für den Ausbau der Windenergie vorgestellt. Nach Angaben "
    "des Wirtschaftsministeriums sollen bis zum Jahr 2030 deutlich mehr Anlagen an Land und auf See entstehen."
)


def stored(settings: Settings, ids: list[str], dead: int, workers: list[ManagedProcess]) -> Callable[[], bool]:
    """Condition: all ``ids`` are stored and ``dead`` dead letters came from this test's raw topic."""

    def check() -> bool:
        for worker in workers:
            worker.check_alive()
        [row] = run_async(
            fetch(
                settings,
                """
            SELECT (SELECT count(*) FROM articles WHERE id = ANY($1::text[])) AS stored,
                   (SELECT count(*) FROM dead_letters WHERE source_topic = $2) AS dead""",
                ids,
                settings.topics.raw,
            )
        )
        return bool(row["stored"] == len(ids) and row["dead"] == dead)

    return check


def assert_matches_database(snapshot: dict[str, Any], settings: Settings) -> None:
    """Every count the page shows equals PostgreSQL's own count."""
    assert snapshot["errors"] == {"database": None, "kafka": None}
    totals = database_totals(settings)
    shown = snapshot["totals"]
    assert {k: shown[k] for k in totals} == totals
    reasons = run_async(fetch(settings, "SELECT reason, count(*) AS n FROM dead_letters GROUP BY reason"))
    assert {r["reason"]: r["count"] for r in snapshot["dead_letters"]} == {r["reason"]: r["n"] for r in reasons}
    sources = run_async(fetch(settings, "SELECT source, count(*) AS n FROM articles GROUP BY source"))
    assert {s["source"]: s["articles"] for s in snapshot["sources"]} == {r["source"]: r["n"] for r in sources}
    [recent] = run_async(
        fetch(
            settings,
            """
        SELECT (SELECT count(*) FROM articles WHERE first_seen_at >= date_trunc('minute', now()) - interval '59 min') AS a,
               (SELECT count(*) FROM dead_letters WHERE recorded_at >= date_trunc('minute', now()) - interval '59 min') AS d""",
        )
    )
    assert sum(snapshot["per_minute"]["enriched"]) == recent["a"]
    assert sum(snapshot["per_minute"]["dead_lettered"]) == recent["d"]
    [quotes] = run_async(
        fetch(
            settings,
            "SELECT count(*) FILTER (WHERE a.duplicate_of IS NULL) AS original FROM quotes q "
            "JOIN articles a ON a.id = q.article_id WHERE q.speaker IS NOT NULL",
        )
    )
    assert shown["attributed_quotes"] == quotes["original"]  # duplicates' quotes are left out, as in speakers'
    languages = run_async(fetch(settings, "SELECT language, count(*) AS n FROM articles GROUP BY language"))
    assert {row["language"]: row["articles"] for row in snapshot["languages"]} == {
        r["language"]: r["n"] for r in languages
    }
    for language, windows in snapshot["entities_by_language"].items():
        keys = {e["key"] for e in windows["day"]["ALL"]}
        stored_keys = run_async(fetch(settings, """
            SELECT DISTINCT e.key FROM entities e JOIN articles a ON a.id = e.article_id
            WHERE a.language = $1 AND a.duplicate_of IS NULL""", language))  # fmt: skip
        assert keys <= {r["key"] for r in stored_keys}


def test_totals_equal_postgres_counts(
    make_settings: Callable[..., Settings], start_worker: Callable[[Settings], ManagedProcess]
) -> None:
    """After good, duplicate and bad inputs, the JSON totals equal the counts in PostgreSQL."""
    settings = make_settings()
    first, _ = unique_samples(uuid.uuid4().hex[:8])
    # The same articles again under other URLs, all duplicates (the html ones have the same bodies; the
    # seed's copy, with the same text, brings attributed quotes the totals must not count twice).
    second = [
        orjson.dumps({**orjson.loads(p), "url": orjson.loads(p)["url"] + "&copy=2"})
        for p in first
    ]  # fmt: skip
    good, bad = first + second, bad_inputs()
    ids = [article_id_for_url(orjson.loads(p)["url"]) for p in good]
    with running_dashboard(settings) as url:
        empty = summary(url)
        assert empty["totals"]["ingested"] == 0 and empty["errors"]["database"] is None
        worker = start_worker(settings)
        run_async(feed(settings, good + bad))
        wait_for(stored(settings, ids, len(bad), [worker]), timeout=DEADLINE, what="every article and dead letter")
        snapshot = summary_after(url, datetime.now(UTC))
        assert_matches_database(snapshot, settings)
        totals = snapshot["totals"]
        assert (totals["enriched"], totals["dead_lettered"], totals["duplicates"]) == (len(ids), len(bad), len(second))
        assert totals["ingested"] == len(ids) + len(bad)
        # A German article: counted under its language, its NLP stages counted as skipped.
        german = orjson.dumps({"url": f"https://example.com/de-{uuid.uuid4().hex[:8]}", "text": GERMAN})
        run_async(feed(settings, [german]))
        wait_for(stored(settings, [*ids, article_id_for_url(orjson.loads(german)["url"])], len(bad), [worker]),
                 timeout=DEADLINE, what="the German article")  # fmt: skip
        snapshot = summary_after(url, datetime.now(UTC))
        assert_matches_database(snapshot, settings)
        by_language = {row["language"]: row for row in snapshot["languages"]}
        assert by_language["de"]["articles"] == by_language["de"]["skipped"] == 1
        assert by_language["en"]["skipped"] == 0 and "en" in snapshot["entities_by_language"]
        # Kafka's view agrees: every message fed is on the raw topic (the German article too).
        raw = next(t for t in snapshot["pipeline"]["topics"] if t["topic"] == settings.topics.raw)
        assert raw["high_water"] == len(good) + len(bad) + 1


@pytest.mark.slow
def test_totals_add_up_across_two_workers_and_a_restart(
    make_settings: Callable[..., Settings], start_worker: Callable[[Settings], ManagedProcess]
) -> None:
    """Two worker processes share the work, one is restarted midway; the totals still equal PostgreSQL's."""
    settings = make_settings()
    batch1, _ = unique_samples(uuid.uuid4().hex[:8])
    batch2, _ = unique_samples(uuid.uuid4().hex[:8])
    bad = bad_inputs()
    ids1 = [article_id_for_url(orjson.loads(p)["url"]) for p in batch1]
    ids2 = [article_id_for_url(orjson.loads(p)["url"]) for p in batch2]
    with running_dashboard(settings) as url:
        workers = [start_worker(settings, "worker-a"), start_worker(settings, "worker-b")]
        run_async(feed(settings, batch1 + bad))
        wait_for(stored(settings, ids1, len(bad), workers), timeout=DEADLINE, what="the first batch")
        before = summary_after(url, datetime.now(UTC))
        assert_matches_database(before, settings)

        workers[0].stop(timeout=30)
        workers = [workers[1], start_worker(settings, "worker-a2")]
        run_async(feed(settings, batch2))
        wait_for(stored(settings, ids1 + ids2, len(bad), workers), timeout=DEADLINE, what="the second batch")
        after = summary_after(url, datetime.now(UTC))
        assert_matches_database(after, settings)
        assert after["totals"]["enriched"] == len(ids1) + len(ids2)
        assert after["totals"]["dead_lettered"] == len(bad)
        assert after["totals"]["ingested"] == before["totals"]["ingested"] + len(ids2)
