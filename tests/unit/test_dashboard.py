"""The dashboard's pure helpers, its snapshot hub and its HTTP surface, without any services."""

from __future__ import annotations

import asyncio
import doctest
from collections import deque
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from agents import dashboard
from agents.dashboard import (
    CSP,
    SnapshotHub,
    TopicSample,
    entity_tabs,
    host_allowed,
    minute_series,
    safe_http_url,
    sse_event,
    stage_health,
    stance_colour,
    topic_rates,
    view,
)
from agents.services import free_port
from agents.settings import Settings, TopicNames
from agents.web import SETTINGS
from pipeline.topology import CLEAN_TOPIC

T0 = datetime(2026, 11, 25, 12, 30, 40, tzinfo=UTC)


def test_docstring_examples() -> None:
    """The examples in the pure helpers' docstrings hold (and there are some)."""
    result = doctest.testmod(view)
    assert result.attempted > 0 and result.failed == 0


class TestStanceColour:
    def test_ends_and_middle(self) -> None:
        """-1, 0 and +1 map to the scale's orange, grey and purple."""
        assert (stance_colour(-1.0), stance_colour(0.0), stance_colour(1.0)) == ("#e66101", "#bdbdbd", "#5e3c99")

    def test_missing_is_neutral(self) -> None:
        """No score (None or NaN) is drawn as neutral grey."""
        assert stance_colour(None) == stance_colour(float("nan")) == "#bdbdbd"

    def test_clipped(self) -> None:
        """Out-of-range scores are clipped to the ends of the scale."""
        assert stance_colour(-7) == stance_colour(-1.0) and stance_colour(3) == stance_colour(1.0)

    def test_halfway_is_between(self) -> None:
        """A half-negative score is halfway between grey and orange in each channel."""
        red, green, blue = (int(stance_colour(-0.5)[i : i + 2], 16) for i in (1, 3, 5))
        assert (red, green, blue) == (round((0xBD + 0xE6) / 2), round((0xBD + 0x61) / 2), round((0xBD + 0x01) / 2))


class TestMinuteSeries:
    def test_buckets_end_at_the_current_minute(self) -> None:
        """Counts land in their minute's bucket; the last bucket is the current minute."""
        now_minute = T0.replace(second=0)
        start, series = minute_series(
            [(now_minute, 3), (now_minute - timedelta(minutes=59), 2), (now_minute - timedelta(minutes=5), 1)], now=T0
        )
        assert start == now_minute - timedelta(minutes=59)
        assert len(series) == 60 and series[-1] == 3 and series[0] == 2 and series[-6] == 1 and sum(series) == 6

    def test_outside_the_hour_is_ignored(self) -> None:
        """Minutes older than the window, or in the future, are left out."""
        _, series = minute_series([(T0 - timedelta(minutes=61), 5), (T0 + timedelta(minutes=2), 4)], now=T0)
        assert sum(series) == 0

    def test_other_time_zones(self) -> None:
        """A minute given in another zone is placed by its UTC instant."""
        cet = T0.replace(second=0).astimezone(datetime.fromisoformat("2026-01-01T00:00:00+01:00").tzinfo)
        _, series = minute_series([(cet, 1)], now=T0)
        assert series[-1] == 1


def _entity(key: str, label: str, articles: int, mentions: int = 1, stance: float | None = 0.0) -> dict[str, object]:
    return {"key": key, "name": key.split(":")[1].title(), "label": label, "articles": articles,
            "mentions": mentions, "stance": stance}  # fmt: skip


class TestEntityTabs:
    def test_all_tab_ranks_by_articles_then_mentions(self) -> None:
        """ALL lists every type, most articles first, then most mentions, then key."""
        rows = [_entity("org:b", "ORG", 2, 1), _entity("person:a", "PERSON", 5), _entity("org:c", "ORG", 2, 9)]
        tabs = entity_tabs(rows)
        assert [e["key"] for e in tabs["ALL"]] == ["person:a", "org:c", "org:b"]
        assert [e["key"] for e in tabs["ORG"]] == ["org:c", "org:b"] and set(tabs) == {"ALL", "ORG", "PERSON"}

    def test_each_tab_is_capped(self) -> None:
        """Each tab holds at most ``per_tab`` entities."""
        rows = [_entity(f"gpe:x{i}", "GPE", i) for i in range(30)]
        tabs = entity_tabs(rows, per_tab=4)
        assert len(tabs["ALL"]) == len(tabs["GPE"]) == 4 and tabs["GPE"][0]["articles"] == 29

    def test_stance_is_rounded_and_coloured(self) -> None:
        """Each entity carries its rounded mean stance and the matching colour; no stance stays None."""
        tabs = entity_tabs([_entity("org:a", "ORG", 1, stance=-0.12345), _entity("org:b", "ORG", 1, stance=None)])
        a, b = tabs["ALL"]
        assert (a["stance"], a["colour"]) == (-0.123, stance_colour(-0.12345))
        assert (b["stance"], b["colour"]) == (None, stance_colour(None))


def _sample(**topics: tuple[int, int]) -> dict[str, TopicSample]:
    return {t: TopicSample(t, 4, hw, c, max(hw - c, 0)) for t, (hw, c) in topics.items()}


class TestTopicRates:
    def test_rates_over_the_window(self) -> None:
        """Produced and consumed rates are deltas over the oldest sample inside the window."""
        history = [(0.0, _sample(raw=(0, 0))), (10.0, _sample(raw=(50, 20))), (20.0, _sample(raw=(150, 120)))]
        assert topic_rates(history, window=15) == {"raw": (10.0, 10.0)}
        assert topic_rates(history, window=30) == {"raw": (7.5, 6.0)}

    def test_accepts_a_deque(self) -> None:
        """The hub keeps its history in a bounded deque; rates are computed from it directly."""
        history = deque([(0.0, _sample(raw=(0, 0))), (2.0, _sample(raw=(4, 2)))], maxlen=8)
        assert topic_rates(history) == {"raw": (2.0, 1.0)}

    def test_needs_two_samples(self) -> None:
        """One sample gives no rate."""
        assert topic_rates([(0.0, _sample(raw=(5, 5)))]) == {"raw": (None, None)}
        assert topic_rates([]) == {}

    def test_counter_going_backwards_gives_no_rate(self) -> None:
        """A broker restart (offsets back to 0) yields None rather than a negative rate."""
        history = [(0.0, _sample(raw=(100, 100))), (2.0, _sample(raw=(3, 0)))]
        assert topic_rates(history) == {"raw": (None, None)}

    def test_topic_missing_from_older_samples(self) -> None:
        """A topic created after sampling began is measured from the first sample that has it."""
        history = [(0.0, _sample(raw=(0, 0))), (4.0, _sample(raw=(10, 0), clean=(0, 0))),
                   (8.0, _sample(raw=(30, 10), clean=(8, 4)))]  # fmt: skip
        assert topic_rates(history) == {"raw": (3.75, 1.25), "clean": (2.0, 1.0)}

    def test_gap_longer_than_window_uses_previous_sample(self) -> None:
        """If no sample falls inside the window, the one before the newest is used."""
        history = [(0.0, _sample(raw=(0, 0))), (100.0, _sample(raw=(200, 100)))]
        assert topic_rates(history, window=15) == {"raw": (2.0, 1.0)}


class TestStageHealth:
    def test_rows_follow_the_pipeline(self) -> None:
        """Each agent reports its input's lag and consumption rate and its output's production rate."""
        names = TopicNames("p")
        clean = names[CLEAN_TOPIC]
        sample = _sample(**{names.raw: (10, 7), clean: (6, 6)})
        rates = {names.raw: (1.0, 0.5), clean: (0.25, 0.2)}
        rows = stage_health(names, sample, rates)
        assert [r["stage"] for r in rows] == [s for s, _, _ in dashboard.STAGES]
        assert rows[0] == {"stage": "clean_articles", "input": "raw", "output": "clean", "received": 10,
                           "processed": 7, "lag": 3, "in_per_s": 0.5, "out_per_s": 0.25}  # fmt: skip
        assert rows[4]["output"] == "postgres" and rows[4]["out_per_s"] is None and rows[4]["lag"] is None


class TestSafeHttpUrl:
    @pytest.mark.parametrize(
        "url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>", "//evil.example/x", "", None]
    )
    def test_rejects_non_http(self, url: str | None) -> None:
        """Anything but an absolute http(s) URL is not linked."""
        assert safe_http_url(url) is None

    def test_keeps_http(self) -> None:
        """http and https URLs are kept."""
        assert safe_http_url("http://a.example/x?y=<b>") == "http://a.example/x?y=<b>"


class TestHostAllowed:
    @pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost:8080", "localhost", "[::1]:8080", "127.0.0.1"])
    def test_loopback_names_allowed_on_loopback(self, host: str) -> None:
        """A loopback-bound dashboard answers requests addressed to loopback names."""
        assert host_allowed(host, "127.0.0.1")

    @pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "10.0.0.5:8080", None, ""])
    def test_other_names_refused_on_loopback(self, host: str | None) -> None:
        """Other Host headers (DNS rebinding) are refused on loopback."""
        assert not host_allowed(host, "127.0.0.1")

    def test_any_host_when_bound_elsewhere(self) -> None:
        """Bound to another address, the Host header is not checked."""
        assert host_allowed("dash.newsroom.example", "0.0.0.0")  # noqa: S104


class TestSseEvent:
    def test_framing(self) -> None:
        """An event has its name, optional id, one data line per payload line and a blank line."""
        assert sse_event(b'{"a":1}') == b'event: snapshot\ndata: {"a":1}\n\n'
        assert sse_event(b"x\ny", event="e", event_id=3) == b"event: e\nid: 3\ndata: x\ndata: y\n\n"


class _CountingHub(SnapshotHub):
    """A hub whose snapshot is a counter: no database, no Kafka."""

    async def _compute(self) -> bytes:
        self.computed += 1
        return orjson.dumps({"n": self.computed})


def _offline_settings() -> Settings:
    dead_port = free_port()  # nothing listens: connections are refused at once
    return Settings(
        kafka_bootstrap=f"127.0.0.1:{dead_port}",
        database_url=SecretStr(f"postgresql://nobody@127.0.0.1:{dead_port}/none"),
        web_port=0,
    )


class TestSnapshotHub:
    def test_clients_share_one_computation(self) -> None:
        """Three subscribers receive the same snapshots; each is computed once, not once per client."""

        async def run() -> tuple[list[list[bytes]], int]:
            hub = _CountingHub(_offline_settings(), interval=0.01)
            queues = [hub.subscribe() for _ in range(3)]
            await hub.start()
            received: list[list[bytes]] = [[], [], []]
            try:

                async def take(queue: asyncio.Queue[bytes | None], into: list[bytes]) -> None:
                    while len(into) < 3:
                        item = await queue.get()
                        assert item is not None
                        into.append(item)

                async with asyncio.timeout(10):
                    await asyncio.gather(*(take(q, r) for q, r in zip(queues, received, strict=True)))
            finally:
                await hub.close()
            return received, hub.computed

        received, computed = asyncio.run(run())
        seen = {snap for r in received for snap in r}
        # Every snapshot any client saw was computed once for all; none was made per client.
        assert len(seen) <= computed < 3 * len(seen)
        assert all(orjson.loads(s)["n"] <= computed for s in seen)

    def test_idle_without_subscribers(self) -> None:
        """Nobody watching: the hub computes nothing in the background."""

        async def run() -> int:
            hub = _CountingHub(_offline_settings(), interval=0.01)
            await hub.start()
            for _ in range(20):
                await asyncio.sleep(0)
            await hub.close()
            return hub.computed

        assert asyncio.run(run()) == 0

    def test_summary_reuses_a_fresh_snapshot(self) -> None:
        """Requests within ``interval`` get the cached snapshot; concurrent ones share one computation."""

        async def run() -> tuple[list[bytes], int]:
            hub = _CountingHub(_offline_settings(), interval=60)
            results = await asyncio.gather(*(hub.current() for _ in range(5)))
            results.append(await hub.current())
            await hub.close()
            return results, hub.computed

        results, computed = asyncio.run(run())
        assert computed == 1 and len(set(results)) == 1


async def _client(settings: Settings) -> TestClient[web.Request, web.Application]:
    app = web.Application()
    app[SETTINGS] = settings
    dashboard.setup(app)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return client


class TestHttp:
    def test_page_has_strict_csp_and_no_inline_script(self) -> None:
        """GET / serves the page with the CSP header; the page has no inline script or handler."""

        async def run() -> tuple[int, dict[str, str], str]:
            client = await _client(_offline_settings())
            try:
                response = await client.get("/")
                return response.status, dict(response.headers), await response.text()
            finally:
                await client.close()

        status, headers, html = asyncio.run(run())
        assert status == 200 and headers["Content-Security-Policy"] == CSP
        assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert '<script src="/static/dashboard.js"' in html and "<script>" not in html and " on" + "load=" not in html

    def test_static_files_served(self) -> None:
        """The JS and CSS are served as static files with the right types."""

        async def run() -> list[tuple[int, str]]:
            client = await _client(_offline_settings())
            try:
                out = []
                for path in ("/static/dashboard.js", "/static/dashboard.css", "/static/favicon.svg"):
                    response = await client.get(path)
                    out.append((response.status, response.content_type))
                return out
            finally:
                await client.close()

        (js_status, js_type), css, svg = asyncio.run(run())
        # Both are JavaScript MIME types that browsers accept under X-Content-Type-Options: nosniff.
        assert js_status == 200 and js_type in {"text/javascript", "application/javascript"}
        assert (css, svg) == ((200, "text/css"), (200, "image/svg+xml"))

    def test_foreign_host_refused(self) -> None:
        """On loopback, a request with another Host header is refused (421)."""

        async def run() -> int:
            client = await _client(_offline_settings())
            try:
                response = await client.get("/api/summary", headers={"Host": "evil.example"})
                return response.status
            finally:
                await client.close()

        assert asyncio.run(run()) == 421

    def test_summary_reports_unreachable_services(self) -> None:
        """With PostgreSQL and Kafka down, /api/summary still answers and names both errors."""

        async def run() -> dict[str, object]:
            client = await _client(_offline_settings())
            try:
                response = await client.get("/api/summary")
                assert response.status == 200
                return orjson.loads(await response.read())
            finally:
                await client.close()

        snapshot = asyncio.run(run())
        errors = snapshot["errors"]
        assert isinstance(errors, dict) and errors["database"] and errors["kafka"]
        assert "totals" not in snapshot  # no numbers are made up when the database is away

    def test_stream_sends_snapshots(self) -> None:
        """GET /api/stream is an event stream that delivers snapshot events."""

        async def run() -> tuple[str, bytes]:
            client = await _client(_offline_settings())
            try:
                response = await client.get("/api/stream")
                content_type = response.content_type
                buffer = b""
                async with asyncio.timeout(30):
                    while b"event: snapshot" not in buffer or not buffer.endswith(b"\n\n"):
                        buffer += await response.content.readany()
                response.close()
                return content_type, buffer
            finally:
                await client.close()

        content_type, body = asyncio.run(run())
        assert content_type == "text/event-stream"
        assert body.startswith(b"retry: 2000\n\n")
        data = body.split(b"event: snapshot\ndata: ", 1)[1].split(b"\n\n", 1)[0]
        assert "errors" in orjson.loads(data)
