"""Helpers shared by the test rings (paths to dev data, child-process environments)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from agents.services import free_port, running_postgres
from agents.settings import Settings

# The tests' zstd: compression.zstd from Python 3.14, the backports package before (as agents.content_coding).
try:
    from compression import zstd  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
except ImportError:
    from backports import zstd  # type: ignore[no-redef,unused-ignore]  # noqa: F401

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
# The seed article and its gold annotation (copied from ../shared so a clean clone has them).
SEED_PATH = DATA / "seed-article.txt"
SEED_GOLD = DATA / "seed-gold.json"
# Larger dev sets live outside the repository; benchmarks and quality reports read them from here.
SHARED = Path(os.environ.get("NEWSFLOW_SHARED_DIR", REPO.parent / "shared"))


def seed_paragraphs() -> list[str]:
    """The seed article's long paragraphs (over 200 characters)."""
    return [p for p in SEED_PATH.read_text(encoding="utf-8").split("\n") if len(p) > 200]


def long_text(parts: int) -> str:
    """A long plain text of real prose: the seed's long paragraphs, numbered, ``parts`` of them in turn."""
    paragraphs = seed_paragraphs()
    return "\n\n".join(f"Part {i}. {paragraphs[i % len(paragraphs)]}" for i in range(parts))


def read_topic(settings: Settings, topic: str, want: int, timeout: float = 60) -> list[tuple[bytes | None, bytes]]:
    """Read ``want`` messages from every partition of ``topic`` with an independent client.

    confluent-kafka (librdkafka) is a different Kafka implementation than the aiokafka our code
    uses. Partitions are assigned directly, so no consumer-group join (slow on tansu) is needed.
    """
    from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

    from agents.services import wait_for

    consumer = Consumer(
        {
            "bootstrap.servers": settings.kafka_bootstrap,
            "group.id": f"{settings.app_id}-reader",
            "enable.auto.commit": False,
        }
    )
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(settings.topic_partitions)])
    got: list[tuple[bytes | None, bytes]] = []
    try:

        def enough() -> bool:
            msg = consumer.poll(0.2)
            if msg is not None and msg.error() is None:
                got.append((msg.key(), msg.value()))
            return len(got) >= want

        wait_for(enough, timeout=timeout, what=f"{want} messages on {topic}")
    finally:
        consumer.close()
    return got


async def until(condition: Callable[[], bool], *, what: str, timeout: float = 10) -> None:
    """Return once ``condition`` holds, checked between the event loop's turns; fail naming ``what`` after ``timeout`` s."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, f"timed out after {timeout:.0f}s waiting for {what}"
        await asyncio.sleep(_POLL_S)


_POLL_S = 0.01


async def feed(settings: Settings, payloads: list[bytes]) -> None:
    """Send ``payloads`` to the raw topic and wait until the broker has them all."""
    from agents.feed import Feeder

    async with Feeder(settings) as feeder:
        for payload in payloads:
            await feeder.send(payload)
        await feeder.flush()


async def fetch(dsn: str, query: str, *args: object) -> list[Any]:
    """Run one query on PostgreSQL over a fresh connection of its own (read like an analyst would)."""
    import asyncpg

    conn = await asyncpg.connect(dsn)
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()


def unaccounted(settings: Settings) -> list[tuple[int, int]]:
    """(partition, offset) of raw messages below the workers' committed offsets without a recorded outcome.

    ``newsflow audit``'s rule: a message a later topic still carries is pending, not missing.
    """
    from agents.audit import audit
    from agents.sink_postgres import connect

    async def run() -> list[tuple[int, int]]:
        pool = await connect(settings.database_url.get_secret_value())  # type: ignore[union-attr]
        try:
            reports = await audit(settings, pool)
        finally:
            await pool.close()
        return [(r.partition, m.offset) for r in reports for m in r.missing]

    return asyncio.run(run())


@contextlib.contextmanager
def serving_web(settings: Settings) -> Iterator[str]:
    """The real web server (ingest + dashboard routes) on ``settings``, in a thread; yields its URL."""
    from agents.web import serve

    loop = asyncio.new_event_loop()
    started = threading.Event()
    urls: list[str] = []
    stop = asyncio.Event()

    def on_started(url: str) -> None:
        urls.append(url)
        started.set()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(settings, started=on_started, stop=stop),))
    thread.start()
    try:
        assert started.wait(30), "web server did not start"
        yield urls[0]
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)
        loop.close()


def post_article(url: str, body: bytes) -> tuple[int, dict[str, object]]:
    """POST ``body`` to ``url``/articles; the status and the JSON reply."""
    request = urllib.request.Request(  # noqa: S310 - loopback test server
        f"{url}/articles", data=body, headers={"content-type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


class OwnPostgres:
    """A PostgreSQL server of a test's own, on a fixed port, that can be stopped and started again."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self._running = contextlib.ExitStack()
        self.url = self._running.enter_context(running_postgres(data_dir, port=self.port))

    def stop(self) -> None:
        """Stop the server (fast shutdown: open connections are cut); a no-op when stopped."""
        self._running.close()

    def start(self) -> None:
        """Start the server again on the same data and port."""
        self._running = contextlib.ExitStack()
        self._running.enter_context(running_postgres(self.data_dir, port=self.port))

    def restart(self) -> None:
        """Stop the server and start it again."""
        self.stop()
        self.start()
