"""Test helpers: serve the real web app (with the dashboard) in a thread, run coroutines off the main thread."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import asyncpg
import orjson

from agents.cli import samples_dir
from agents.dashboard import setup
from agents.feed import Feeder, iter_payloads
from agents.settings import Settings
from agents.web import serve
from schemas import article_id_for_url

T = TypeVar("T")


def run_async(coro: Coroutine[Any, Any, T], *, timeout: float = 120) -> T:
    """Run ``coro`` to completion in a fresh thread with its own loop and return its result.

    Playwright's sync API owns the main thread's event loop machinery, so our own async work
    (feeding Kafka, reading PostgreSQL) runs beside it, never inside it.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="run-async", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        msg = f"coroutine did not finish within {timeout:.0f}s"
        raise TimeoutError(msg)
    if "error" in box:
        raise box["error"]
    return box["result"]  # type: ignore[no-any-return]


@contextlib.contextmanager
def running_dashboard(settings: Settings, *, timeout: float = 60) -> Iterator[str]:
    """Serve ``agents.web`` with the dashboard on a free loopback port in a thread; yield its URL.

    The server's own event loop runs in the thread; on exit ``stop`` is set and the thread joined,
    so nothing is left running.
    """
    started = threading.Event()
    state: dict[str, Any] = {}

    async def main() -> None:
        stop = asyncio.Event()
        state["loop"], state["stop"] = asyncio.get_running_loop(), stop

        def on_started(url: str) -> None:
            state["url"] = url
            started.set()

        await serve(settings, extensions=(setup,), started=on_started, stop=stop)

    def target() -> None:
        try:
            asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - reported by the fixture
            state["error"] = exc
            started.set()

    thread = threading.Thread(target=target, name="dashboard-server", daemon=True)
    thread.start()
    try:
        if not started.wait(timeout):
            msg = f"dashboard server did not start within {timeout:.0f}s"
            raise TimeoutError(msg)
        if "error" in state:
            raise state["error"]
        yield state["url"]
    finally:
        if "stop" in state and thread.is_alive():
            state["loop"].call_soon_threadsafe(state["stop"].set)
        thread.join(30)
        assert not thread.is_alive(), "dashboard server thread did not stop within 30 s"
    if "error" in state:
        raise state["error"]


async def feed(settings: Settings, payloads: list[bytes]) -> None:
    """Send ``payloads`` to the raw topic and wait until the broker has them all."""
    async with Feeder(settings) as feeder:
        for payload in payloads:
            await feeder.send(payload)
        await feeder.flush()


async def fetch(settings: Settings, query: str, *args: object) -> list[asyncpg.Record]:
    """Run one query on PostgreSQL over a fresh connection of its own (not the dashboard's)."""
    assert settings.database_url is not None
    conn = await asyncpg.connect(settings.database_url.get_secret_value())
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


TOTALS_SQL = """
SELECT (SELECT count(*) FROM articles) AS enriched,
       (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL) AS duplicates,
       (SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL) AS dead_lettered
"""


def database_totals(settings: Settings) -> dict[str, int]:
    """The totals as PostgreSQL counts them, read independently of the dashboard."""
    [row] = run_async(fetch(settings, TOTALS_SQL))
    totals = dict(row)
    totals["ingested"] = totals["enriched"] + totals["dead_lettered"]
    return totals


def unique_samples(run: str) -> tuple[list[bytes], str]:
    """The bundled sample articles under URLs of their own (and the seed with a body of its own).

    Returns:
        The payloads and the seed article's id.
    """
    payloads, seed_id = [], ""
    for payload in iter_payloads(samples_dir() / "articles.jsonl.gz"):
        article = orjson.loads(payload)
        article["url"] = f"{article['url']}?run={run}"
        if "text" in article:  # the seed: a unique body, so it is not a duplicate of earlier runs
            article["text"] += f"\n\nThis copy was filed for dashboard test run {run}."
            seed_id = article_id_for_url(article["url"])
        payloads.append(orjson.dumps(article))
    assert seed_id, "the samples should include the plain-text seed article"
    return payloads, seed_id


def bad_inputs() -> list[bytes]:
    """The bundled deliberately bad inputs (each must become a dead letter)."""
    return list(iter_payloads(samples_dir() / "bad.jsonl"))
