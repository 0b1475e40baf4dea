"""The live newsroom dashboard: one page, a JSON snapshot and a Server-Sent Events stream.

Everything shown is computed from PostgreSQL (read-only, in one repeatable-read transaction, so the
numbers on one snapshot agree with each other and survive worker restarts), plus pipeline health
from Kafka: per-topic high-water marks and the worker group's committed offsets, read by
:class:`agents.offsets.OffsetReader` (from fetch responses, never ListOffsets: a tansu defect listed in the README).

Cost control: one :class:`SnapshotHub` per server computes a snapshot at most every ``interval``
seconds and only while someone watches; every SSE client gets the same pre-encoded bytes. Kafka is
probed by one long-lived consumer whose partitions stay paused between samples.

Modules, one job each:

* :mod:`~agents.dashboard.view` -- pure helpers (colours, chart series, entity tabs, topic rates,
  stage health and its ``STAGES``, URL and Host checks, SSE framing);
* :mod:`~agents.dashboard.queries` -- the read-only SQL and :func:`query_database`;
* :mod:`~agents.dashboard.sampler` -- :class:`KafkaSampler`, per-topic totals from Kafka;
* :mod:`~agents.dashboard.hub` -- :class:`SnapshotHub`, the snapshots and their fan-out;
* :mod:`~agents.dashboard.routes` -- the aiohttp routes, the security headers and :func:`setup`.
"""

from agents.dashboard.hub import SnapshotHub
from agents.dashboard.queries import query_database
from agents.dashboard.routes import CSP, setup
from agents.dashboard.sampler import KafkaSampler
from agents.dashboard.view import (
    STAGES,
    TopicSample,
    entity_tabs,
    host_allowed,
    minute_series,
    safe_http_url,
    sse_event,
    stage_health,
    stance_colour,
    topic_rates,
    topic_totals,
)

__all__ = [
    "CSP",
    "STAGES",
    "KafkaSampler",
    "SnapshotHub",
    "TopicSample",
    "entity_tabs",
    "host_allowed",
    "minute_series",
    "query_database",
    "safe_http_url",
    "setup",
    "sse_event",
    "stage_health",
    "stance_colour",
    "topic_rates",
    "topic_totals",
]
