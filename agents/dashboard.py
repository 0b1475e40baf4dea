"""The live newsroom dashboard: one page, a JSON snapshot and a Server-Sent Events stream.

Routes (added to the web server by :func:`setup`)::

    GET /                   the page (static HTML; the JS and CSS are static files too)
    GET /static/...         dashboard.js, dashboard.css
    GET /api/summary        the current snapshot as JSON
    GET /api/stream         the same snapshot, pushed as SSE ``snapshot`` events every ~1.5 s

Everything shown is computed from PostgreSQL (read-only, in one repeatable-read transaction, so the
numbers on one snapshot agree with each other and survive worker restarts), plus pipeline health
from Kafka: per-topic high-water marks and the worker group's committed offsets. High-water marks
come from *fetch responses*, never from ListOffsets, which tansu answers wrongly (STACK.md defect 1).

Cost control: one :class:`SnapshotHub` per server computes a snapshot at most every ``interval``
seconds and only while someone watches; every SSE client gets the same pre-encoded bytes. Kafka is
probed by one long-lived consumer whose partitions stay paused between samples.

"Ingested" means *inputs with an outcome in PostgreSQL*: stored articles (one row per article id;
re-sends of a URL count once) plus recorded dead letters. Messages still in flight are not counted;
the pipeline panel shows them as lag.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import math
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import orjson
from aiohttp import web
from aiokafka import AIOKafkaConsumer, TopicPartition

from agents.settings import Settings, TopicNames
from agents.web import SETTINGS

__all__ = [
    "CSP",
    "STAGES",
    "KafkaSampler",
    "SnapshotHub",
    "TopicSample",
    "entity_tabs",
    "host_allowed",
    "minute_series",
    "safe_http_url",
    "setup",
    "sse_event",
    "stage_health",
    "stance_colour",
    "topic_rates",
]

logger = logging.getLogger(__name__)

STATIC_DIR = Path(str(resources.files("agents").joinpath("static")))

SNAPSHOT_INTERVAL = 1.5  # s between snapshots while someone watches
HEALTH_WINDOW = 15.0  # s of high-water history a throughput figure is averaged over
MINUTES = 60  # the per-minute chart covers the last hour
TOP_ENTITIES = 10  # per entity type and window
ENTITY_WINDOWS: Mapping[str, timedelta] = {"hour": timedelta(hours=1), "day": timedelta(days=1)}

# Defence in depth behind textContent-only rendering: no inline script or style, nothing external.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# (agent, input topic attribute, output topic attribute or None for the PostgreSQL sinks)
STAGES: tuple[tuple[str, str, str | None], ...] = (
    ("clean_articles", "raw", "clean"),
    ("tag_entities", "clean", "entities"),
    ("attribute_quotes", "entities", "quotes"),
    ("score_stance", "quotes", "enriched"),
    ("store_articles", "enriched", None),
    ("store_dead_letters", "dead_letter", None),
)

# --- pure helpers ----------------------------------------------------------------------------------

# A colour-blind-safe diverging scale (ColorBrewer PuOr): orange = negative, grey = 0, purple = positive.
_NEGATIVE = (0xE6, 0x61, 0x01)
_NEUTRAL = (0xBD, 0xBD, 0xBD)
_POSITIVE = (0x5E, 0x3C, 0x99)


def stance_colour(score: float | None) -> str:
    """Map a mean stance in [-1, 1] to a ``#rrggbb`` colour on a diverging orange-grey-purple scale.

    Values outside the range are clipped; ``None`` (no stance scored) and NaN give the neutral grey.

    Examples:
        >>> stance_colour(0.0), stance_colour(-1.0), stance_colour(1.0), stance_colour(None)
        ('#bdbdbd', '#e66101', '#5e3c99', '#bdbdbd')
    """
    if score is None or math.isnan(score):
        return "#{:02x}{:02x}{:02x}".format(*_NEUTRAL)
    t = max(-1.0, min(1.0, float(score)))
    end = _POSITIVE if t > 0 else _NEGATIVE
    w = abs(t)
    rgb = (round(n + (e - n) * w) for n, e in zip(_NEUTRAL, end, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def minute_series(
    counts: Iterable[tuple[datetime, int]], *, now: datetime, minutes: int = MINUTES
) -> tuple[datetime, list[int]]:
    """Spread per-minute counts over the last ``minutes`` minutes, oldest first, zero-filled.

    Args:
        counts: ``(minute, count)`` pairs (minutes truncated, timezone-aware); others are ignored.
        now: the current time; its minute is the last bucket.
        minutes: how many buckets.

    Returns:
        The first bucket's start and one count per minute.
    """
    end = now.astimezone(UTC).replace(second=0, microsecond=0)
    start = end - timedelta(minutes=minutes - 1)
    series = [0] * minutes
    for minute, n in counts:
        index = int((minute.astimezone(UTC) - start).total_seconds() // 60)
        if 0 <= index < minutes:
            series[index] += int(n)
    return start, series


def entity_tabs(rows: Iterable[Mapping[str, Any]], *, per_tab: int = TOP_ENTITIES) -> dict[str, list[dict[str, Any]]]:
    """Group ranked entity rows into tabs: ``ALL`` plus one per entity label, each its top ``per_tab``.

    Rows need ``key``, ``name``, ``label``, ``articles``, ``mentions`` and ``stance`` (mean score or
    ``None``). Ranking: more articles first, then more mentions, then key (stable across snapshots).
    """
    items = [
        {
            "key": r["key"],
            "name": r["name"],
            "label": r["label"],
            "articles": int(r["articles"]),
            "mentions": int(r["mentions"]),
            "stance": None if r["stance"] is None else round(float(r["stance"]), 3),
            "colour": stance_colour(r["stance"]),
        }
        for r in rows
    ]
    items.sort(key=lambda e: (-e["articles"], -e["mentions"], e["key"]))
    tabs: dict[str, list[dict[str, Any]]] = {"ALL": items[:per_tab]}
    for item in items:
        tab = tabs.setdefault(item["label"], [])
        if len(tab) < per_tab:
            tab.append(item)
    return tabs


@dataclass(frozen=True)
class TopicSample:
    """One topic's totals at one moment: high-water marks and the group's committed offsets, summed."""

    topic: str
    partitions: int
    high_water: int
    committed: int
    lag: int  # sum over partitions of max(high water - committed, 0)


def topic_rates(
    history: Sequence[tuple[float, Mapping[str, TopicSample]]], *, window: float = HEALTH_WINDOW
) -> dict[str, tuple[float | None, float | None]]:
    """Messages per second produced to (high water) and consumed from (committed) each topic.

    For each topic in the newest sample, averages since the oldest sample that has the topic and is
    no older than ``window`` seconds (or else the newest earlier sample that has it). A topic gets
    ``(None, None)`` without an earlier sample or when a counter went backwards (a broker restart
    with memory storage starts offsets again at 0).
    """
    if not history:
        return {}
    t1, last = history[-1]
    earlier = list(history)[:-1]  # a deque cannot be sliced
    rates: dict[str, tuple[float | None, float | None]] = {}
    for topic, now in last.items():
        having = [(t, s[topic]) for t, s in earlier if topic in s]
        inside = [(t, s) for t, s in having if t >= t1 - window]
        base = inside[0] if inside else (having[-1] if having else None)
        if base is None or base[0] >= t1:
            rates[topic] = (None, None)
            continue
        t0, before = base
        if now.high_water < before.high_water or now.committed < before.committed:
            rates[topic] = (None, None)
            continue
        dt = t1 - t0
        rates[topic] = (
            round((now.high_water - before.high_water) / dt, 2),
            round((now.committed - before.committed) / dt, 2),
        )
    return rates


def stage_health(
    names: TopicNames,
    sample: Mapping[str, TopicSample],
    rates: Mapping[str, tuple[float | None, float | None]],
) -> list[dict[str, Any]]:
    """One row per agent: its input topic's lag and consumption rate, its output topic's rate."""
    rows = []
    for agent, source, target in STAGES:
        in_topic = getattr(names, source)
        out_topic = getattr(names, target) if target else None
        got = sample.get(in_topic)
        rows.append(
            {
                "stage": agent,
                "input": source,
                "output": target or "postgres",
                "received": got.high_water if got else None,
                "processed": got.committed if got else None,
                "lag": got.lag if got else None,
                "in_per_s": rates.get(in_topic, (None, None))[1],
                "out_per_s": rates.get(out_topic, (None, None))[0] if out_topic else None,
            }
        )
    return rows


def safe_http_url(url: str | None) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL, else ``None`` (never link ``javascript:``).

    Examples:
        >>> safe_http_url("https://example.com/a"), safe_http_url("javascript:alert(1)")
        ('https://example.com/a', None)
    """
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    return False


def host_allowed(host_header: str | None, bind_host: str) -> bool:
    """Whether a request's ``Host`` header is acceptable for a server bound to ``bind_host``.

    On loopback the dashboard has no login, so it answers only requests addressed to a loopback
    name: a web page on another site cannot read it through DNS rebinding. Bound elsewhere
    (``NEWSFLOW_WEB_HOST``), any host is accepted; put a proxy with authentication in front.
    """
    if not _is_loopback(bind_host):
        return True
    if not host_header:
        return False
    host = host_header.strip()
    if host.startswith("["):
        host = host[: host.find("]") + 1]
    elif host.count(":") == 1:
        host = host.rsplit(":", 1)[0]
    return _is_loopback(host.lower())


def sse_event(data: bytes, *, event: str = "snapshot", event_id: int | None = None) -> bytes:
    """Frame one Server-Sent Event; ``data`` is split on newlines as the SSE format requires."""
    lines = [f"event: {event}".encode()]
    if event_id is not None:
        lines.append(f"id: {event_id}".encode())
    lines.extend(b"data: " + line for line in data.split(b"\n"))
    return b"\n".join(lines) + b"\n\n"


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value is not None else None


# --- PostgreSQL ------------------------------------------------------------------------------------

_TOTALS = """
SELECT (SELECT count(*) FROM articles) AS enriched,
       (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL) AS duplicates,
       (SELECT count(*) FROM dead_letters) AS dead_lettered,
       (SELECT count(*) FROM quotes WHERE speaker IS NOT NULL) AS attributed_quotes,
       (SELECT count(DISTINCT source) FROM articles) AS sources,
       (SELECT max(first_seen_at) FROM articles) AS last_article_at,
       now() AS db_now
"""

_PER_MINUTE = """
SELECT 'enriched' AS kind, date_trunc('minute', first_seen_at) AS minute, count(*) AS n
FROM articles WHERE first_seen_at >= date_trunc('minute', now()) - $1::interval GROUP BY 2
UNION ALL
SELECT 'dead_lettered', date_trunc('minute', recorded_at), count(*)
FROM dead_letters WHERE recorded_at >= date_trunc('minute', now()) - $1::interval GROUP BY 2
"""

_SOURCES = """
SELECT source, count(*) AS articles, max(first_seen_at) AS last_seen_at,
       max(published_at) AS last_published_at
FROM articles GROUP BY source ORDER BY articles DESC, last_seen_at DESC LIMIT 12
"""

# Duplicates (same body as an earlier article) are left out: syndicated copies are not more news.
_TOP_ENTITIES = """
WITH agg AS (
    SELECT e.label, e.key, mode() WITHIN GROUP (ORDER BY e.name) AS name, count(*) AS articles,
           sum(e.mentions) AS mentions, avg(e.stance_score) AS stance
    FROM entities e JOIN articles a ON a.id = e.article_id
    WHERE a.first_seen_at >= now() - $1::interval AND a.duplicate_of IS NULL
    GROUP BY e.label, e.key)
SELECT label, key, name, articles, mentions, stance FROM (
    SELECT agg.*, row_number() OVER (PARTITION BY label ORDER BY articles DESC, mentions DESC, key) AS rank
    FROM agg) ranked
WHERE rank <= $2
"""

_SPEAKERS = """
SELECT mode() WITHIN GROUP (ORDER BY q.speaker) AS speaker, count(*) AS quotes,
       count(DISTINCT q.article_id) AS articles, max(a.first_seen_at) AS last_quoted_at
FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE q.speaker IS NOT NULL AND a.duplicate_of IS NULL AND a.first_seen_at >= now() - interval '1 day'
GROUP BY coalesce(q.speaker_key, 'name:' || q.speaker)
ORDER BY quotes DESC, speaker LIMIT 10
"""

# Up to three quotes from each of the latest articles, direct quotes first: a varied feed.
_LATEST_QUOTES = """
WITH recent AS (
    SELECT a.id, a.title, a.source, a.url, a.first_seen_at FROM articles a
    WHERE a.duplicate_of IS NULL
      AND EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id AND q.speaker IS NOT NULL)
    ORDER BY a.first_seen_at DESC, a.id LIMIT 10)
SELECT speaker, quote, kind, title, source, url, first_seen_at, article_id, quote_idx FROM (
    SELECT q.speaker, q.text AS quote, q.kind, r.title, r.source, r.url, r.first_seen_at, q.article_id,
           q.idx AS quote_idx,
           row_number() OVER (PARTITION BY q.article_id ORDER BY q.kind <> 'direct', q.idx) AS rank
    FROM quotes q JOIN recent r ON r.id = q.article_id
    WHERE q.speaker IS NOT NULL) ranked
WHERE rank <= 3
ORDER BY first_seen_at DESC, article_id, rank LIMIT 20
"""

_DEAD_LETTERS = """
SELECT reason, count(*) AS n, max(recorded_at) AS last_at, array_agg(DISTINCT stage ORDER BY stage) AS stages
FROM dead_letters GROUP BY reason ORDER BY n DESC, reason
"""


async def query_database(conn: asyncpg.Connection) -> dict[str, Any]:
    """Read everything the page shows from PostgreSQL, in one consistent read-only snapshot."""
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        totals = await conn.fetchrow(_TOTALS)
        per_minute = await conn.fetch(_PER_MINUTE, timedelta(minutes=MINUTES - 1))
        sources = await conn.fetch(_SOURCES)
        entities = {
            name: await conn.fetch(_TOP_ENTITIES, window, TOP_ENTITIES) for name, window in ENTITY_WINDOWS.items()
        }
        speakers = await conn.fetch(_SPEAKERS)
        quotes = await conn.fetch(_LATEST_QUOTES)
        dead = await conn.fetch(_DEAD_LETTERS)
    now: datetime = totals["db_now"]
    start, enriched_series = minute_series(
        ((r["minute"], r["n"]) for r in per_minute if r["kind"] == "enriched"), now=now
    )
    _, dead_series = minute_series(((r["minute"], r["n"]) for r in per_minute if r["kind"] == "dead_lettered"), now=now)
    return {
        "totals": {
            "ingested": totals["enriched"] + totals["dead_lettered"],
            "enriched": totals["enriched"],
            "dead_lettered": totals["dead_lettered"],
            "duplicates": totals["duplicates"],
            "attributed_quotes": totals["attributed_quotes"],
            "sources": totals["sources"],
            "last_article_at": _iso(totals["last_article_at"]),
        },
        "per_minute": {"start": _iso(start), "enriched": enriched_series, "dead_lettered": dead_series},
        "sources": [
            {
                "source": r["source"],
                "articles": r["articles"],
                "last_seen_at": _iso(r["last_seen_at"]),
                "last_published_at": _iso(r["last_published_at"]),
            }
            for r in sources
        ],
        "entities": {name: entity_tabs(rows) for name, rows in entities.items()},
        "speakers": [
            {
                "speaker": r["speaker"],
                "quotes": r["quotes"],
                "articles": r["articles"],
                "last_quoted_at": _iso(r["last_quoted_at"]),
            }
            for r in speakers
        ],
        "quotes": [
            {
                "speaker": r["speaker"],
                "quote": r["quote"],
                "kind": r["kind"],
                "title": r["title"],
                "source": r["source"],
                "url": safe_http_url(r["url"]),
                "seen_at": _iso(r["first_seen_at"]),
                "article_id": r["article_id"],
                "idx": r["quote_idx"],
            }
            for r in quotes
        ],
        "dead_letters": [
            {"reason": r["reason"], "count": r["n"], "last_at": _iso(r["last_at"]), "stages": list(r["stages"])}
            for r in dead
        ],
    }


# --- Kafka -----------------------------------------------------------------------------------------


class KafkaSampler:
    """Reads per-topic high-water marks and the worker group's committed offsets, cheaply.

    One consumer for the server's lifetime. It is a group member that never joins (``assign``, not
    ``subscribe``), so it reads the group's commits without rebalancing the workers, and it never
    commits. Its partitions stay paused between samples; a sample seeks each partition to the last
    known high-water mark, so the fetch usually carries no records, only the fresh mark.
    """

    def __init__(self, settings: Settings, *, timeout: float = 5.0) -> None:
        self.settings = settings
        self.topics = settings.topics.all()
        self.timeout = timeout
        self._consumer: AIOKafkaConsumer | None = None
        self._partitions: list[TopicPartition] = []
        self._high_water: dict[TopicPartition, int] = {}
        self._opened_at = -math.inf

    async def _open(self) -> AIOKafkaConsumer:
        if self._consumer is not None:
            if len({tp.topic for tp in self._partitions}) == len(self.topics):
                return self._consumer
            # Topics appear when the worker first starts; metadata is refreshed by reconnecting,
            # at most every 10 s, until they all exist.
            if time.monotonic() - self._opened_at < 10:
                return self._consumer
            await self.close()
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.kafka_servers,
            group_id=self.settings.app_id,
            client_id="newsflow-dashboard",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=10,
            max_partition_fetch_bytes=1,  # we want the high-water mark, not the records
            fetch_max_bytes=1,
            request_timeout_ms=int(self.timeout * 1000),
        )
        self._opened_at = time.monotonic()
        try:
            await consumer.start()
        except BaseException:
            await consumer.stop()
            raise
        self._consumer = consumer
        self._partitions = [
            TopicPartition(t, p) for t in self.topics for p in sorted(consumer.partitions_for_topic(t) or ())
        ]
        consumer.assign(self._partitions)
        consumer.pause(*self._partitions)  # before any await: no fetch until a sample asks
        return consumer

    async def close(self) -> None:
        """Stop the consumer (a new one is opened by the next sample)."""
        consumer, self._consumer = self._consumer, None
        self._partitions, self._high_water = [], {}
        if consumer is not None:
            with contextlib.suppress(Exception):
                await consumer.stop()

    async def sample(self) -> dict[str, TopicSample]:
        """Read every pipeline topic's high water and committed offsets now.

        Raises:
            TimeoutError: the broker did not answer within ``timeout`` s (the consumer is reopened).
        """
        try:
            return await asyncio.wait_for(self._sample(), self.timeout)
        except BaseException:
            await self.close()
            raise

    async def _sample(self) -> dict[str, TopicSample]:
        consumer = await self._open()
        tps = list(self._partitions)
        commits = await asyncio.gather(*(consumer.committed(tp) for tp in tps))
        committed = {tp: c or 0 for tp, c in zip(tps, commits, strict=True)}
        polled = {tp: consumer.last_poll_timestamp(tp) for tp in tps}
        for tp in tps:
            consumer.seek(tp, max(self._high_water.get(tp, 0), committed[tp]))
        consumer.resume(*tps)
        try:
            while any(consumer.last_poll_timestamp(tp) == polled[tp] for tp in tps):
                await consumer.getmany(*tps, timeout_ms=50, max_records=100)
        finally:
            consumer.pause(*tps)
        totals: dict[str, list[int]] = {t: [0, 0, 0, 0] for t in self.topics if any(tp.topic == t for tp in tps)}
        for tp in tps:
            hw = consumer.highwater(tp) or 0
            self._high_water[tp] = hw
            row = totals[tp.topic]
            row[0] += 1
            row[1] += hw
            row[2] += committed[tp]
            row[3] += max(hw - committed[tp], 0)
        return {t: TopicSample(t, *row) for t, row in totals.items()}


# --- snapshots -------------------------------------------------------------------------------------


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
            self._db, self._db_at = db, _iso(now)
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
                pipeline["sampled_at"] = _iso(now)
            except Exception as exc:  # a bug here must not blank the rest of the page
                logger.exception("dashboard pipeline health failed")
                errors["kafka"] = f"internal error: {_error_text(exc)}"
        self._seq += 1
        self.computed += 1
        snapshot = {
            "seq": self._seq,
            "generated_at": _iso(now),
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


# --- HTTP ------------------------------------------------------------------------------------------

HUB = web.AppKey("dashboard_hub", SnapshotHub)


def _check_host(request: web.Request) -> None:
    if not host_allowed(request.headers.get("Host"), request.app[SETTINGS].web_host):
        raise web.HTTPMisdirectedRequest(text="this dashboard answers on its loopback address only")


async def index(request: web.Request) -> web.StreamResponse:
    """The page: static HTML; all data arrives through /api/stream."""
    _check_host(request)
    return web.FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


async def summary(request: web.Request) -> web.Response:
    """The current snapshot as JSON (at most ``interval`` s old)."""
    _check_host(request)
    body = await request.app[HUB].current()
    return web.Response(body=body, content_type="application/json", headers={"Cache-Control": "no-store"})


async def stream(request: web.Request) -> web.StreamResponse:
    """Push each snapshot as an SSE ``snapshot`` event until the client or the server goes away."""
    _check_host(request)
    hub = request.app[HUB]
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",  # a proxy in front must not buffer the stream
        }
    )
    await response.prepare(request)
    queue = hub.subscribe()
    try:
        # Reconnect after 2 s if the server goes away; send what we have at once, not in 1.5 s.
        await response.write(b"retry: 2000\n\n")
        sent = hub.latest
        if sent is not None and hub.latest_age < 2 * hub.interval:
            await response.write(sse_event(sent))
        while True:
            try:
                snapshot = await asyncio.wait_for(queue.get(), timeout=15)
            except TimeoutError:
                await response.write(b": keep-alive\n\n")
                continue
            if snapshot is None:
                break
            if snapshot is not sent:
                await response.write(sse_event(snapshot))
                sent = snapshot
    except (ConnectionResetError, ConnectionError):
        pass  # the browser went away
    finally:
        hub.unsubscribe(queue)
    return response


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


def setup(app: web.Application) -> None:
    """Add the dashboard's routes, its snapshot hub and its security headers to the web app."""

    async def hub_ctx(app: web.Application) -> AsyncIterator[None]:
        hub = SnapshotHub(app[SETTINGS])
        await hub.start()
        app[HUB] = hub
        yield
        await hub.close()

    async def end_streams(app: web.Application) -> None:
        if HUB in app:
            app[HUB].end_streams()

    app.cleanup_ctx.append(hub_ctx)
    app.on_shutdown.append(end_streams)
    app.on_response_prepare.append(_security_headers)
    app.router.add_get("/", index)
    app.router.add_get("/api/summary", summary)
    app.router.add_get("/api/stream", stream)
    app.router.add_static("/static/", STATIC_DIR, show_index=False, follow_symlinks=False)
