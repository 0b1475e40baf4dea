"""Chaos with accounting: the worker SIGKILLed three times and PostgreSQL restarted, while inputs stream in.

Inputs (good articles and hostile ones from ``tests/hostile.py``) are produced onto the raw topic
at a steady rate by an independent client. Meanwhile the worker's whole process group is killed
with SIGKILL three times (and started again), and PostgreSQL (a server of this test's own) is
stopped and started once. Afterwards every input must have exactly one row, an article or a dead
letter, and every article must be at revision 1: a message processed twice (its offset was not yet
committed when the worker died) changes nothing; and ``newsflow audit``'s check finds an outcome
recorded for every raw message the workers committed. A second test runs two workers of one group and
kills or stops them in turn, so partitions move between live workers mid-stream (rebalances).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from pydantic import SecretStr

from agents.services import ManagedProcess, wait_for
from agents.settings import Settings
from schemas import article_id_for_url
from tests.helpers import SEED_PATH, OwnPostgres, feed, fetch, long_text, unaccounted
from tests.hostile import good_articles, hostile_inputs, produce, wait_until_accounted

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

RATE = 12.0  # inputs per second: faster than one worker enriches, so each kill catches work in flight
KILL_AT = (6.0, 16.0, 26.0)  # seconds after the feed starts
POSTGRES_DOWN_AT = 11.0
COMMIT_WAIT = 6.0  # seconds: two of faust's commit intervals (broker_commit_interval, 2.8 s)
REBALANCE_FEED_S = 34.0  # seconds of feeding in the two-worker test
REBALANCES = ((5.0, 0, "kill"), (13.0, 1, "kill"), (19.0, 0, "stop"), (30.0, 1, "kill"))
"""(seconds after the feed starts, which worker, what): each moves partitions between the two."""


def schema_ready(dsn: str) -> bool:
    """Tell whether the worker has created the ``articles`` and ``dead_letters`` tables."""
    rows = asyncio.run(
        fetch(dsn, "SELECT to_regclass('articles') IS NOT NULL AND to_regclass('dead_letters') IS NOT NULL")
    )
    return bool(rows[0][0])


def sigkill(proc: ManagedProcess) -> None:
    """Kill the process and its children at once, as the kernel's OOM killer or a power cut would."""
    assert proc.pid is not None
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    wait_for(lambda: not proc.alive(), timeout=10, what=f"{proc.name} to die")


class TestChaos:
    def test_kills_and_a_database_restart_lose_and_double_nothing(
        self,
        make_settings: Callable[..., Settings],
        start_worker: Callable[[Settings], ManagedProcess],
        services_dir: Path,
    ) -> None:
        """Three worker SIGKILLs and a PostgreSQL restart mid-stream: every input is one row, at revision 1."""
        postgres = OwnPostgres(services_dir / "pg-chaos")
        try:
            dsn = postgres.url
            settings = make_settings(database_url=SecretStr(dsn), max_body_bytes=100_000)
            worker = start_worker(settings)

            # The kills are meant for a running worker with work in flight; on a loaded machine loading
            # the models alone can take longer than the first kill's delay, so start once it is up.
            def up() -> bool:
                worker.check_alive()
                return schema_ready(dsn)

            wait_for(
                up,
                timeout=180,
                what=f"the worker to create its tables (log: {worker.log_path})",
                interval=0.5,
            )
            hostile = hostile_inputs(1, seed=3, start=0)
            good = good_articles(int(RATE * (max(KILL_AT) + 4)) - len(hostile), seed=4, start=1000)
            inputs = sorted(hostile + good, key=lambda i: i.marker)
            events: list[str] = []

            def feed_steadily() -> None:
                for n, item in enumerate(inputs):
                    time.sleep(max(0.0, started + n / RATE - time.monotonic()))
                    produce(settings.kafka_bootstrap, settings.topics.raw, [item])

            started = time.monotonic()
            feeder = threading.Thread(target=feed_steadily)
            feeder.start()
            schedule = sorted([(t, "kill") for t in KILL_AT] + [(POSTGRES_DOWN_AT, "postgres")])
            for at, what in schedule:
                time.sleep(max(0.0, started + at - time.monotonic()))
                if what == "kill":
                    sigkill(worker)
                    worker.restart()
                else:
                    postgres.restart()
                events.append(f"{time.monotonic() - started:.1f}s {what}")
            feeder.join()

            print("events:", events)
            result = wait_until_accounted(dsn, inputs, alive=worker.check_alive, timeout=300)
            assert result.lost(inputs) == []
            assert result.doubled(inputs) == []
            revisions = {r["revision"] for r in asyncio.run(fetch(dsn, "SELECT revision FROM articles"))}
            assert revisions == {1}
            assert unaccounted(settings) == []  # what `newsflow audit` checks: each raw message has its outcome
        finally:
            postgres.stop()


class TestRebalances:
    def test_two_workers_killed_and_stopped_in_turn_lose_and_double_nothing(
        self,
        make_settings: Callable[..., Settings],
        start_worker: Callable[[Settings], ManagedProcess],
    ) -> None:
        """Two workers of one group, each SIGKILLed and restarted in turn, one stopped past its session.

        Every kill, restart and stop moves partitions between the workers while inputs stream in: the
        survivor's rebalance clears the messages it had queued and seeks back to the committed offsets,
        and a worker that wakes after its session ended still holds acknowledged work. Afterwards
        every input must have exactly one row, at revision 1.
        """
        settings = make_settings(max_body_bytes=100_000)
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        workers = [start_worker(settings, name=f"worker-{n}") for n in range(2)]

        def alive() -> None:
            for w in workers:
                w.check_alive()

        def up() -> bool:
            alive()
            return schema_ready(dsn)

        wait_for(up, timeout=180, what="the workers to create their tables", interval=0.5)
        time.sleep(settings.session_timeout)  # both have joined the group and loaded their models
        hostile = hostile_inputs(1, seed=5, start=2000)
        good = good_articles(int(RATE * (REBALANCE_FEED_S + 2)) - len(hostile), seed=6, start=3000)
        inputs = sorted(hostile + good, key=lambda i: i.marker)

        def feed_steadily() -> None:
            for n, item in enumerate(inputs):
                time.sleep(max(0.0, started + n / RATE - time.monotonic()))
                produce(settings.kafka_bootstrap, settings.topics.raw, [item])

        events: list[str] = []
        started = time.monotonic()
        feeder = threading.Thread(target=feed_steadily)
        feeder.start()
        for at, n, what in REBALANCES:
            time.sleep(max(0.0, started + at - time.monotonic()))
            worker = workers[n]
            if what == "kill":
                sigkill(worker)
                worker.restart()
            else:
                assert worker.pid is not None
                os.killpg(worker.pid, signal.SIGSTOP)
                time.sleep(settings.session_timeout + 4)  # its session ends; the other takes its partitions
                os.killpg(worker.pid, signal.SIGCONT)
            events.append(f"{time.monotonic() - started:.1f}s {what} worker-{n}")
        feeder.join()

        print("events:", events)
        result = wait_until_accounted(dsn, inputs, alive=alive, timeout=300)
        assert result.lost(inputs) == []
        assert result.doubled(inputs) == []
        revisions = {r["revision"] for r in asyncio.run(fetch(dsn, "SELECT revision FROM articles"))}
        assert revisions == {1}
        assert unaccounted(settings) == []  # what `newsflow audit` checks: each raw message has its outcome


class TestLongLaneKill:
    def test_a_worker_killed_while_a_long_article_is_in_its_lane_loses_nothing(
        self, make_settings: Callable[..., Settings], start_worker: Callable[[Settings], ManagedProcess]
    ) -> None:
        """The short articles behind a long one are done and committed past it; a SIGKILL then must not lose it.

        The long article's offset stays uncommitted until its lane has put its result on the next
        topic, so the restarted worker gets it again (and the short ones after it, stored once).
        """
        settings = make_settings()
        worker = start_worker(settings)
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        seed = SEED_PATH.read_text(encoding="utf-8")
        text = long_text(600)
        long_url, short_urls = "https://example.com/long", [f"https://example.com/short-{i}" for i in range(4)]
        payloads = [orjson.dumps({"url": long_url, "text": text})] + [
            orjson.dumps({"url": url, "text": f"Update {i}.\n\n{seed}"}) for i, url in enumerate(short_urls)
        ]
        asyncio.run(feed(settings, payloads))
        long_id, short_ids = article_id_for_url(long_url), [article_id_for_url(u) for u in short_urls]

        def stored(ids: list[str]) -> int:
            rows = asyncio.run(fetch(dsn, "SELECT count(*) FROM articles WHERE id = ANY($1::text[])", ids))
            return int(rows[0][0])

        def shorts_done() -> bool:
            worker.check_alive()
            return stored(short_ids) == len(short_ids)

        wait_for(shorts_done, timeout=240, what="the short articles' rows", interval=0.2)
        time.sleep(COMMIT_WAIT)  # the offsets past the long article are committed by now
        assert stored([long_id]) == 0, "the long article was done before the kill: make it longer"
        sigkill(worker)
        worker.restart()

        def long_done() -> bool:
            worker.check_alive()
            return stored([long_id]) == 1

        wait_for(long_done, timeout=300, what="the long article's row after the restart", interval=0.5)
        rows = asyncio.run(fetch(dsn, "SELECT id, revision FROM articles"))
        assert sorted(r["id"] for r in rows) == sorted([long_id, *short_ids])
        assert {r["revision"] for r in rows} == {1}
        assert asyncio.run(fetch(dsn, "SELECT 1 FROM dead_letters")) == []
