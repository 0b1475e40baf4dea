"""The snapshot hub: computes the dashboard snapshot at most every ~1.5 s, only while someone watches.

A snapshot joins PostgreSQL's numbers (:func:`~agents.dashboard.queries.query_database`) with
pipeline health from Kafka (:class:`~agents.dashboard.sampler.KafkaSampler`). Every SSE client
gets the same pre-encoded bytes. A failing source is named in the snapshot's ``errors``; the last
database numbers are kept, pipeline health is left empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections import deque
from datetime import UTC, datetime
from typing import Any

import asyncpg
import orjson

from agents.dashboard.queries import query_database
from agents.dashboard.sampler import KafkaSampler
from agents.dashboard.view import HEALTH_WINDOW, TopicSample, iso_utc, stage_health, topic_rates
from agents.settings import Settings

__all__ = ["SNAPSHOT_INTERVAL", "SnapshotHub"]

logger = logging.getLogger(__name__)

SNAPSHOT_INTERVAL = 1.5  # s between snapshots while someone watches


def _error_text(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


class SnapshotHub:
    """Computes the dashboard snapshot at most every ``interval`` s and fans it out to all clients."""

    def __init__(self, settings: Settings, *, interval: float = SNAPSHOT_INTERVAL) -> None:
        self.settings = settings
        self.interval = interval
        self.sampler = KafkaSampler(settings)
        self._pool: asyncpg.Pool | None = None
        self._pool_retry_at = 0.0
        self._subscribers: set[asyncio.Queue[bytes | None]] = set()
        self._watching = asyncio.Event()
        self._lock = asyncio.Lock()
        self._latest: bytes | None = None
        self._latest_at = -math.inf
        self._seq = 0
        self._db: dict[str, Any] | None = None
        self._db_at: str | None = None
        self._history: deque[tuple[float, dict[str, TopicSample]]] = deque(maxlen=64)
        self._task: asyncio.Task[None] | None = None
        self.computed = 0  # snapshots computed so far (tests check that clients share them)

    async def start(self) -> None:
        """Start the background loop (idle until a client subscribes)."""
        self._task = asyncio.create_task(self._run(), name="dashboard-snapshots")

    async def close(self) -> None:
        """End every stream, stop the loop, close the pool and the Kafka consumer."""
        self.end_streams()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.sampler.close()
        if self._pool is not None:
            await self._pool.close()

    def end_streams(self) -> None:
        """Tell every SSE handler to finish (the browser reconnects to the next server by itself)."""
        for queue in list(self._subscribers):
            _offer(queue, None)

    def subscribe(self) -> asyncio.Queue[bytes | None]:
        """A queue receiving each new snapshot (only the newest is kept if the client is slow)."""
        queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=1)
        self._subscribers.add(queue)
        self._watching.set()
        return queue

    def unsubscribe(self, queue: asyncio.Queue[bytes | None]) -> None:
        """Stop sending to ``queue``."""
        self._subscribers.discard(queue)
        if not self._subscribers:
            self._watching.clear()

    @property
    def latest(self) -> bytes | None:
        """The last snapshot computed, JSON-encoded."""
        return self._latest

    @property
    def latest_age(self) -> float:
        """Seconds since the last snapshot was computed (infinite before the first)."""
        return time.monotonic() - self._latest_at

    async def current(self, *, max_age: float | None = None) -> bytes:
        """The snapshot, recomputed if older than ``max_age`` s; concurrent callers share one computation."""
        max_age = self.interval if max_age is None else max_age
        async with self._lock:
            if self._latest is None or time.monotonic() - self._latest_at >= max_age:
                self._latest = await self._compute()
                self._latest_at = time.monotonic()
            return self._latest

    async def _run(self) -> None:
        while True:
            await self._watching.wait()
            started = time.monotonic()
            try:
                # A little slack so a snapshot just computed for /api/summary is reused.
                snapshot = await self.current(max_age=self.interval * 0.8)
            except Exception:  # noqa: BLE001 - keep serving; the next tick retries
                logger.exception("dashboard snapshot failed")
                snapshot = None
            if snapshot is not None:
                for queue in list(self._subscribers):
                    _offer(queue, snapshot)
            await asyncio.sleep(max(self.interval - (time.monotonic() - started), 0.05))

    async def _connection_pool(self) -> asyncpg.Pool:
        if self._pool is None:
            if self.settings.database_url is None:
                msg = "NEWSFLOW_DATABASE_URL is not set"
                raise RuntimeError(msg)
            if time.monotonic() < self._pool_retry_at:
                msg = "PostgreSQL unreachable; retrying shortly"
                raise ConnectionError(msg)
            try:
                self._pool = await asyncpg.create_pool(
                    self.settings.database_url.get_secret_value(),
                    min_size=1,
                    max_size=2,
                    timeout=5,
                    command_timeout=10,
                    # Read-only by construction, and short: a slow query must not pile up.
                    server_settings={
                        "application_name": "newsflow-dashboard",
                        "default_transaction_read_only": "on",
                        "statement_timeout": "5000",
                    },
                )
            except BaseException:
                self._pool_retry_at = time.monotonic() + 5
                raise
        return self._pool

    async def _database(self) -> dict[str, Any]:
        pool = await self._connection_pool()
        async with pool.acquire() as conn:
            return await query_database(conn)

    async def _compute(self) -> bytes:
        began = time.perf_counter()
        db: dict[str, Any] | BaseException
        kafka: dict[str, TopicSample] | BaseException
        db, kafka = await asyncio.gather(self._database(), self.sampler.sample(), return_exceptions=True)
        errors: dict[str, str | None] = {"database": None, "kafka": None}
        now = datetime.now(UTC)
        if isinstance(db, BaseException):
            if isinstance(db, asyncio.CancelledError):
                raise db
            errors["database"] = _error_text(db)
            logger.warning("dashboard database query failed error=%s", errors["database"])
        else:
            self._db, self._db_at = db, iso_utc(now)
        pipeline: dict[str, Any] = {"stages": [], "topics": [], "window_s": HEALTH_WINDOW}
        if isinstance(kafka, BaseException):
            if isinstance(kafka, asyncio.CancelledError):
                raise kafka
            errors["kafka"] = _error_text(kafka)
            logger.warning("dashboard kafka sample failed error=%s", errors["kafka"])
            self._history.clear()
        else:
            self._history.append((time.monotonic(), kafka))
            try:
                rates = topic_rates(self._history)
                pipeline["stages"] = stage_health(self.settings.topics, kafka, rates)
                pipeline["topics"] = [
                    {
                        "topic": s.topic,
                        "partitions": s.partitions,
                        "high_water": s.high_water,
                        "committed": s.committed,
                        "lag": s.lag,
                        "in_per_s": rates.get(s.topic, (None, None))[0],
                    }
                    for s in kafka.values()
                ]
                pipeline["sampled_at"] = iso_utc(now)
            except Exception as exc:  # a bug here must not blank the rest of the page
                logger.exception("dashboard pipeline health failed")
                errors["kafka"] = f"internal error: {_error_text(exc)}"
        self._seq += 1
        self.computed += 1
        snapshot = {
            "seq": self._seq,
            "generated_at": iso_utc(now),
            "interval_s": self.interval,
            "errors": errors,
            "database_at": self._db_at,
            "compute_ms": round((time.perf_counter() - began) * 1000, 1),
            **(self._db or {}),
            "pipeline": pipeline,
        }
        return orjson.dumps(snapshot)


def _offer(queue: asyncio.Queue[bytes | None], item: bytes | None) -> None:
    """Put ``item``, replacing whatever the client has not read yet (only the newest matters)."""
    with contextlib.suppress(asyncio.QueueEmpty):
        queue.get_nowait()
    queue.put_nowait(item)
