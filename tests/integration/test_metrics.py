"""A real worker's /metrics and /readyz during a real run (tansu, PostgreSQL), checked against PostgreSQL's rows.

The worker's readiness follows PostgreSQL down and up, as the web process's does (test_readiness.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from agents.admin import ensure_topics
from agents.services import ManagedProcess, ServiceError, free_port, wait_for
from agents.settings import Settings
from agents.stack import child_env
from pipeline.topology import DEAD_LETTER_TOPIC, RAW_TOPIC, SINKS, STAGES, chain_from
from tests.helpers import OwnPostgres, feed, fetch, serving_web

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

MAX_BODY = 20_000
WORKER = "metrics-test-worker"
NEWS = (
    "The mayor of Springfield, Ann Carter, said on Monday that the city would open two new libraries next year. "
    '"Reading rooms are the cheapest public good we have," Carter told reporters at City Hall. The council '
    "approved the budget by seven votes to two after a long debate about the cost of the buildings."
)


def _article(n: int, **extra: object) -> bytes:
    return orjson.dumps({"url": f"https://example.com/metrics/{n}", "text": f"{NEWS} Item {n}.", **extra})


FETCHED = datetime.now(UTC) - timedelta(minutes=1)
GOOD = [_article(1, fetched_at=FETCHED.isoformat()), _article(2), _article(3)]
BAD = [
    b'{"url": "https://example.com/broken", "text": "unterminated',
    b"{not json either",
    orjson.dumps({"url": "https://example.com/empty", "text": "   "}),
    orjson.dumps({"url": 42, "text": ["not", "a", "string"]}),
    orjson.dumps({"url": "https://example.com/huge", "text": "word " * (MAX_BODY // 4)}),
]


def get(url: str) -> tuple[int, bytes]:
    """GET ``url``: the status and body, for error statuses too; status 0 while nothing listens."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback test server
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except urllib.error.URLError:
        return 0, b""


def scrape(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """``/metrics`` as {(sample name, labels): value}."""
    status, body = get(f"{url}/metrics")
    assert status == 200
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(body.decode())
        for s in family.samples
    }


def total(metrics: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    """Sum of the samples called ``name`` whose labels include ``labels``."""
    want = set(labels.items())
    return sum(v for (n, ls), v in metrics.items() if n == name and want <= ls)


@contextlib.contextmanager
def running_worker(settings: Settings, log: Path) -> Iterator[tuple[str, ManagedProcess]]:
    """A real ``newsflow worker`` whose HTTP server listens on a port of the test's choosing; its URL."""
    port = free_port()
    env = {**child_env(settings), "NEWSFLOW_WORKER_PORT": str(port), "NEWSFLOW_WORKER_NAME": WORKER}
    proc = ManagedProcess("worker", [sys.executable, "-m", "agents.cli", "worker"], log, env=env)
    proc.start()
    try:
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.stop(timeout=30)
        print(f"--- worker log ---\n{proc.log_tail(80)}")


def wait_readiness(url: str, proc: ManagedProcess, ready: bool, timeout: float = 90) -> dict[str, Any]:
    """Poll the worker's ``/readyz`` until it answers ``ready``; the reply's checks."""
    seen: list[tuple[int, bytes]] = []

    def answered() -> bool:
        proc.check_alive()
        seen.append(get(f"{url}/readyz"))
        return seen[-1][0] == (200 if ready else 503)

    wait_for(answered, timeout=timeout, what=f"the worker's /readyz to answer ready={ready}", interval=0.3)
    reply = json.loads(seen[-1][1])
    assert reply["ready"] is ready
    checks: dict[str, Any] = reply["checks"]
    return checks


@pytest.fixture
def worker_url(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> Iterator[tuple[Settings, str, ManagedProcess]]:
    """A worker on the session's services, with a body limit that lets a test send an oversized article."""
    settings = make_settings(max_body_bytes=MAX_BODY)
    with running_worker(settings, tmp_path / "worker.log") as (url, proc):
        yield settings, url, proc


class TestWorkerMetrics:
    def test_counters_match_postgresql(self, worker_url: tuple[Settings, str, ManagedProcess]) -> None:
        """Per-stage counters, dead letters by stage and reason, stored rows and lag agree with PostgreSQL."""
        settings, url, proc = worker_url
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]

        def healthy() -> bool:
            proc.check_alive()
            return get(f"{url}/healthz")[0] == 200

        wait_for(healthy, timeout=60, what="the worker's /healthz")
        checks = wait_readiness(url, proc, True)
        assert {name for name, check in checks.items() if check["ok"]} == {"broker", "database", "agents"}

        asyncio.run(feed(settings, [*GOOD, *BAD]))
        stores = {spec.source.key: spec.name for spec in SINKS}
        article_sink, letter_sink = stores[STAGES[-1].target.key], stores[DEAD_LETTER_TOPIC.key]
        rows: dict[str, Any] = {}

        def settled() -> bool:
            proc.check_alive()
            rows["articles"] = asyncio.run(fetch(dsn, "SELECT id, fetched_at FROM articles"))
            rows["letters"] = asyncio.run(fetch(dsn, "SELECT stage, reason FROM dead_letters"))
            metrics = rows["metrics"] = scrape(url)
            stored = total(metrics, "newsflow_stage_messages_out_total", stage=article_sink)
            letters = total(metrics, "newsflow_stage_messages_out_total", stage=letter_sink)
            return (
                len(rows["articles"]) + len(rows["letters"]) == len(GOOD) + len(BAD)
                and stored == len(rows["articles"])
                and letters == len(rows["letters"])
            )

        wait_for(settled, timeout=180, what="every input stored and counted", interval=0.5)
        metrics = rows["metrics"]

        def count(name: str, stage: str) -> float:
            return total(metrics, name, stage=stage, worker=WORKER)

        # The chain from the raw topic: each stage's input is the previous stage's output.
        chain = chain_from(RAW_TOPIC)
        assert count("newsflow_stage_messages_in_total", chain[0].name) == len(GOOD) + len(BAD)
        for before, after in zip(chain, chain[1:], strict=False):
            assert count("newsflow_stage_messages_in_total", after.name) == count(
                "newsflow_stage_messages_out_total", before.name
            )
        for stage in chain:
            assert count("newsflow_stage_messages_in_total", stage.name) == count(
                "newsflow_stage_messages_out_total", stage.name
            ) + count("newsflow_dead_letters_total", stage.name)
            assert count("newsflow_stage_batch_seconds_count", stage.name) >= 1
        assert count("newsflow_stage_messages_in_total", article_sink) == count(
            "newsflow_stage_messages_out_total", chain[-1].name
        )

        # Dead letters: the counters by stage and reason are the table's rows.
        in_table = Counter((r["stage"], r["reason"]) for r in rows["letters"])
        counted = {
            (dict(labels)["stage"], dict(labels)["reason"]): int(v)
            for (name, labels), v in metrics.items()
            if name == "newsflow_dead_letters_total" and v
        }
        assert counted == dict(in_table)
        assert sum(in_table.values()) == len(BAD)
        assert count("newsflow_stage_messages_in_total", letter_sink) == len(rows["letters"])

        # Stored articles: every one counted; end-to-end latency observed for those with fetched_at.
        assert len(rows["articles"]) == len(GOOD)
        with_fetched = sum(1 for r in rows["articles"] if r["fetched_at"] is not None)
        assert with_fetched == 1
        assert total(metrics, "newsflow_end_to_end_seconds_count") == with_fetched
        assert total(metrics, "newsflow_end_to_end_seconds_sum") >= 60  # fetched a minute before the feed
        assert total(metrics, "process_resident_memory_bytes", worker=WORKER) > 0

        # Lag from fetch high-water marks: a sample per assigned partition, down to 0 once offsets are committed.
        read = {stage.source.key for stage in STAGES} | {spec.source.key for spec in SINKS}
        wanted = {settings.topics[t] for t in (*(s.source for s in STAGES), *(s.source for s in SINKS))}
        assert len(wanted) == len(read)
        lags: dict[str, float] = {}

        def drained() -> bool:
            proc.check_alive()
            lags.clear()
            for (name, labels), v in scrape(url).items():
                if name == "newsflow_consumer_lag":
                    topic = dict(labels)["topic"]
                    lags[topic] = lags.get(topic, 0) + v
            return wanted <= set(lags) and not any(lags.values())

        with contextlib.suppress(ServiceError):
            wait_for(drained, timeout=60, what="lag 0 on every consumed topic", interval=0.5)
        # Besides ours, faust's own __assignor-__leader topic is consumed: its lag is reported too.
        assert wanted <= set(lags)
        assert lags == dict.fromkeys(lags, 0)
        # Nothing is held behind a long lane here: what is unfinished is the lag, partition by partition.
        scraped = scrape(url)
        unfinished = {labels: v for (name, labels), v in scraped.items() if name == "newsflow_consumer_unfinished"}
        consumer_lag = {labels: v for (name, labels), v in scraped.items() if name == "newsflow_consumer_lag"}
        assert unfinished and unfinished.keys() == consumer_lag.keys()

        # The web process reads the whole group's lag from outside it: every pipeline topic, all 0 now.
        with serving_web(settings.model_copy(update={"worker_name": "web-test"})) as web_url:
            web_metrics = scrape(web_url)
        group = {
            (dict(labels)["topic"], dict(labels)["partition"]): v
            for (name, labels), v in web_metrics.items()
            if name == "newsflow_group_lag"
        }
        assert {topic for topic, _ in group} == set(settings.topics.all())
        assert len(group) == len(settings.topics.all()) * settings.topic_partitions
        assert set(group.values()) == {0}
        assert total(web_metrics, "process_resident_memory_bytes", worker="web-test") > 0


class TestWorkerReadiness:
    def test_follows_postgresql_down_and_up(
        self, make_settings: Callable[..., Settings], services_dir: Path, tmp_path: Path
    ) -> None:
        """Ready on broker, PostgreSQL and consuming agents; 503 naming the database while it is stopped; ready after."""
        postgres = OwnPostgres(services_dir / "pg-worker-readyz")
        try:
            settings = make_settings(database_url=SecretStr(postgres.url), ready_timeout=2.0)
            with running_worker(settings, tmp_path / "worker.log") as (url, proc):
                checks = wait_readiness(url, proc, True)
                assert all(check["ok"] for check in checks.values())

                postgres.stop()
                checks = wait_readiness(url, proc, False)
                assert checks["database"]["ok"] is False and checks["database"]["reason"]
                assert checks["broker"]["ok"] is True and checks["agents"]["ok"] is True
                assert get(f"{url}/healthz")[0] == 200  # liveness does not follow the database

                postgres.start()
                checks = wait_readiness(url, proc, True)
                assert checks["database"]["ok"] is True
        finally:
            postgres.stop()


class TestGroupLag:
    def test_counts_every_waiting_message_before_any_worker_runs(self, make_settings: Callable[..., Settings]) -> None:
        """With no worker, the web process's group lag on the raw topic is every message fed (fetch marks, not ListOffsets)."""
        settings = make_settings(worker_name="web-test")
        asyncio.run(ensure_topics(settings))
        payloads = [*GOOD, *BAD[:4]]
        asyncio.run(feed(settings, payloads))  # the producer batches them: ListOffsets on tansu would undercount
        with serving_web(settings) as web_url:
            metrics = scrape(web_url)
        assert total(metrics, "newsflow_group_lag", topic=settings.topics.raw) == len(payloads)
        assert total(metrics, "newsflow_group_lag") == len(payloads)
