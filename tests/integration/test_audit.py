"""`newsflow audit` on tansu + PostgreSQL, run as operators run it (a subprocess).

With a real worker: every raw message it committed has its outcome recorded; an input whose outcome
is gone (as a lost one would be) is reported missing, and ``--replay`` sends it through again, after
which the audit is clean. Without a worker, the group's offsets committed by hand: a message that a
later topic still carries uncommitted is pending, the same message once that topic is committed past
it is missing, and after an upgrade what the raw topic holds from before the ledger's first outcome
is not audited.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from agents.admin import consumer_lag, ensure_topics
from agents.services import ManagedProcess, wait_for
from agents.settings import Settings
from agents.sink_postgres import connect, record_outcomes
from agents.stack import child_env
from pipeline.topology import CLEAN_TOPIC
from schemas import article_id_for_url
from tests.helpers import feed, fetch
from tests.integration.test_chaos import schema_ready

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

TEXT = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs. "
    '"This ends a decade of debate," said Mayor Anna Berg, who backed the plan. '
    "Opponents argued that buses would serve the area at a fraction of the cost."
)
URLS = [f"https://example.com/audit/{n}" for n in range(4)]


def audit(settings: Settings, *args: str) -> tuple[int, dict[str, Any]]:
    """Run ``newsflow audit <args>``; return its exit code and its JSON report."""
    done = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "agents.cli", "audit", *args],
        env={**os.environ, **child_env(settings)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout, done.stderr
    return done.returncode, dict(json.loads(done.stdout))


def accounted(report: dict[str, Any]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for partition in report["partitions"]:
        for outcome, n in partition["accounted"].items():
            totals[outcome] = totals.get(outcome, 0) + n
    return totals


def test_audit_finds_an_input_without_outcome_and_replays_it(
    make_settings: Callable[..., Settings], start_worker: Callable[[Settings], ManagedProcess]
) -> None:
    settings = make_settings()
    dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
    worker = start_worker(settings)
    wait_for(lambda: worker.check_alive() or schema_ready(dsn), timeout=180, what="the worker's tables", interval=0.5)
    rc, report = audit(settings)  # nothing committed yet: nothing to audit
    assert (rc, report["checked"], report["missing"]) == (0, 0, 0)
    good = [orjson.dumps({"url": url, "title": f"Tram {n}", "text": TEXT}) for n, url in enumerate(URLS)]
    bad = [b"{not json", orjson.dumps({"url": "https://example.com/audit/empty", "text": ""})]
    asyncio.run(feed(settings, [*good, *bad]))

    def settled() -> bool:
        worker.check_alive()
        rows = asyncio.run(
            fetch(dsn, "SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM dead_letters) AS d")
        )
        lag = sum(p.lag for p in asyncio.run(consumer_lag(settings)))
        return (rows[0]["a"], rows[0]["d"], lag) == (4, 2, 0)

    wait_for(settled, timeout=180, what="4 articles and 2 dead letters stored, nothing in flight", interval=0.5)

    rc, report = audit(settings)
    assert (rc, report["checked"], report["missing"], report["pending"]) == (0, 6, 0, 0)
    assert accounted(report) == {"article": 4, "dead_letter": 2}

    # An input committed without its outcome, as a lost one would be: its article and outcome rows gone.
    lost = article_id_for_url(URLS[2])
    [row] = asyncio.run(
        fetch(dsn, 'DELETE FROM input_outcomes WHERE article_id = $1 RETURNING "partition", "offset"', lost)
    )
    asyncio.run(fetch(dsn, "DELETE FROM articles WHERE id = $1", lost))
    rc, report = audit(settings)
    assert (rc, report["missing"]) == (1, 1)
    [where] = [p for p in report["partitions"] if p["missing"]]
    assert (where["partition"], where["missing_offsets"]) == (row["partition"], [row["offset"]])

    rc, report = audit(settings, "--replay")
    assert (rc, report["missing"], report["replayed"]) == (0, 1, 1)

    def stored_again() -> bool:
        worker.check_alive()
        return bool(asyncio.run(fetch(dsn, "SELECT 1 FROM articles WHERE id = $1", lost)))

    wait_for(stored_again, timeout=120, what="the replayed input's article", interval=0.5)
    wait_for(lambda: sum(p.lag for p in asyncio.run(consumer_lag(settings))) == 0, timeout=60, what="drained")
    rc, report = audit(settings)
    assert (rc, report["checked"], report["missing"]) == (0, 7, 0)
    assert accounted(report) == {"article": 4, "dead_letter": 2, "replayed": 1}
    worker.check_alive()


def test_pending_while_a_later_topic_carries_it_missing_once_committed_past_and_none_before_the_ledger(
    make_settings: Callable[..., Settings],
) -> None:
    """The group's offsets set by hand: no worker runs, so every outcome and commit is the test's own."""
    settings = make_settings(topic_partitions=1)
    dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
    raw, clean = settings.topics.raw, settings.topics[CLEAN_TOPIC]

    async def stage() -> list[int]:
        await ensure_topics(settings)
        pool = await connect(dsn)  # migrates
        # An upgrade: the ledger began on a database that held articles, so the raw messages before the
        # partition's first recorded outcome are from before it.
        await pool.execute("UPDATE input_ledger SET began_empty = false")
        producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_servers)
        await producer.start()
        try:
            sent = [await producer.send_and_wait(raw, orjson.dumps({"url": f"https://example.com/l/{n}", "text": TEXT}))
                    for n in range(3)]  # fmt: skip
            # Offset 0 is from before the ledger (no outcome), 1 was stored, 2 is still on the clean topic.
            async with pool.acquire() as conn:
                await record_outcomes(conn, [(raw, 0, sent[1].offset, sent[1].timestamp, "article", "a1")])
            carried = {"id": "a2", "origin": {"topic": raw, "partition": 0, "offset": sent[2].offset}}
            await producer.send_and_wait(clean, orjson.dumps(carried))
        finally:
            await producer.stop()
            await pool.close()
        await commit(settings, {raw: sent[2].offset + 1})
        return [m.offset for m in sent]

    offsets = asyncio.run(stage())
    rc, report = audit(settings)
    [p] = report["partitions"]
    assert (rc, p["start"], p["checked"], p["accounted"], p["pending"], p["missing"]) == (
        0,
        offsets[1],
        2,
        {"article": 1},
        1,
        0,
    )

    asyncio.run(commit(settings, {clean: 1}))  # the clean stage "processed" it, and no outcome came
    rc, report = audit(settings)
    [p] = report["partitions"]
    assert (rc, p["pending"], p["missing_offsets"]) == (1, 0, [offsets[2]])


async def commit(settings: Settings, offsets: dict[str, int]) -> None:
    """Commit ``offsets`` (topic -> next offset of partition 0) for the worker group, as its workers would."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_servers, group_id=settings.app_id, enable_auto_commit=False
    )
    await consumer.start()
    try:
        tps = {TopicPartition(topic, 0): offset for topic, offset in offsets.items()}
        consumer.assign(list(tps))
        await consumer.commit(tps)
    finally:
        await consumer.stop()
