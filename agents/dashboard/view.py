"""The dashboard's pure helpers: colours, chart series, entity tabs, pipeline rates and health, safety checks.

No I/O here: the queries (:mod:`agents.dashboard.queries`), the snapshot hub
(:mod:`agents.dashboard.hub`) and the routes (:mod:`agents.dashboard.routes`) call these.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from agents.web import host_allowed  # the server's Host check, shared by ingest and the dashboard
from pipeline import topology
from pipeline.topology import Topic

if TYPE_CHECKING:
    from agents.offsets import PartitionLag
    from agents.settings import TopicNames

__all__ = [
    "HEALTH_WINDOW",
    "MINUTES",
    "STAGES",
    "TOP_ENTITIES",
    "TopicSample",
    "entity_tabs",
    "host_allowed",
    "iso_utc",
    "minute_series",
    "safe_http_url",
    "sse_event",
    "stage_health",
    "stance_colour",
    "topic_rates",
    "topic_totals",
]

HEALTH_WINDOW = 15.0  # s of high-water history a throughput figure is averaged over
MINUTES = 60  # the per-minute chart covers the last hour
TOP_ENTITIES = 10  # per entity type and window

# (agent, input topic, output topic or None for the PostgreSQL sinks), from the topology table.
STAGES: tuple[tuple[str, Topic, Topic | None], ...] = (
    *((stage.name, stage.source, stage.target) for stage in topology.STAGES),
    *((sink.name, sink.source, None) for sink in topology.SINKS),
)

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


def topic_totals(partitions: Iterable[PartitionLag]) -> dict[str, TopicSample]:
    """Sum per-partition offsets into one :class:`TopicSample` per topic, topics in first-seen order.

    Lag is summed per partition, so a partition ahead of its high-water mark (a broker restarted
    with memory storage) does not hide another partition's backlog.

    Examples:
        >>> from agents.offsets import PartitionLag
        >>> topic_totals([PartitionLag("raw", 0, committed=3, high_water=5), PartitionLag("raw", 1, 4, 2)])
        {'raw': TopicSample(topic='raw', partitions=2, high_water=7, committed=7, lag=2)}
    """
    totals: dict[str, list[int]] = {}
    for p in partitions:
        row = totals.setdefault(p.topic, [0, 0, 0, 0])
        row[0] += 1
        row[1] += p.high_water
        row[2] += p.committed
        row[3] += p.lag
    return {topic: TopicSample(topic, *row) for topic, row in totals.items()}


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
        in_topic = names[source]
        out_topic = names[target] if target else None
        got = sample.get(in_topic)
        rows.append(
            {
                "stage": agent,
                "input": source.key,
                "output": target.key if target else "postgres",
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


def sse_event(data: bytes, *, event: str = "snapshot", event_id: int | None = None) -> bytes:
    """Frame one Server-Sent Event; ``data`` is split on newlines as the SSE format requires."""
    lines = [f"event: {event}".encode()]
    if event_id is not None:
        lines.append(f"id: {event_id}".encode())
    lines.extend(b"data: " + line for line in data.split(b"\n"))
    return b"\n".join(lines) + b"\n\n"


def iso_utc(value: datetime | None) -> str | None:
    """Format a timezone-aware time as ISO 8601 in UTC with a ``Z``; ``None`` stays ``None``.

    Examples:
        >>> iso_utc(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)), iso_utc(None)
        ('2026-01-02T03:04:05Z', None)
    """
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value is not None else None
