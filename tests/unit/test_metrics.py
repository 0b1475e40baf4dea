"""Metrics and probes without services: the drivers' counts against what they published, the collectors, the HTTP views."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from agents.app import ConsumerOffsets, create_app
from agents.metrics import ConsumerLagCollector, GroupLagCollector, Metrics, StanceCacheCollector, partition_lags
from agents.offsets import PartitionLag
from agents.settings import Settings
from agents.sinks import DeadLetterSink, MemoryTable
from agents.streaming import Delivery, SinkDriver, StageDriver, settled, size_groups
from agents.web import Readiness, create_web_app, probe_app
from agents.worker import AgentsProbe, WorkerHttp
from pipeline.codec import DEAD_LETTER
from pipeline.deadletters import make_dead_letter
from pipeline.errors import InvalidJson
from pipeline.runner import Message
from pipeline.stages import StageContext
from pipeline.stance import CacheInfo
from pipeline.topology import DEAD_LETTER_TOPIC, SINKS, STAGES, SinkSpec, Topic
from schemas.deadletter import DeadLetter

T0 = datetime(2026, 12, 1, tzinfo=UTC)
NEWS = (
    "The mayor of Springfield, Ann Carter, said on Monday that the city would open two new libraries next year. "
    "The council approved the budget by seven votes to two after a long debate about the cost of the buildings."
)


def samples(text: str | bytes) -> list[tuple[str, dict[str, str], float]]:
    """Every sample of an exposition: name, labels, value."""
    if isinstance(text, bytes):
        text = text.decode()
    return [(s.name, s.labels, s.value) for f in text_string_to_metric_families(text) for s in f.samples]


def value(text: str | bytes, name: str, **labels: str) -> float:
    """The sum of the samples called ``name`` whose labels include ``labels``."""
    return sum(v for n, ls, v in samples(text) if n == name and labels.items() <= ls.items())


def _article(article_id: str, text: str = NEWS) -> bytes:
    return orjson.dumps({"id": article_id, "url": f"https://example.com/{article_id}", "text": text})


def _message(value: bytes, offset: int) -> Message:
    return Message(value=value, key=None, topic="raw", partition=0, offset=offset, timestamp=T0.timestamp())


def _letter(n: int) -> DeadLetter:
    return make_dead_letter(
        InvalidJson("bad"), stage="clean_articles", payload=b"{", failed_at=T0, max_payload_bytes=100,
        source_topic="raw", source_partition=0, source_offset=n,
    )  # fmt: skip


class TestMetrics:
    def test_every_sample_carries_the_worker_label_and_no_created_series(self) -> None:
        """Each exposed sample, process metrics included, has ``worker``; prometheus-client's ``*_created`` are left out."""
        metrics = Metrics("w-1")
        metrics.prepare_stage("some_stage", reasons=("invalid_json",))
        metrics.taken("some_stage", 3)
        got = samples(metrics.expose())
        assert got and all(labels.get("worker") == "w-1" for _, labels, _ in got)
        assert not [name for name, _, _ in got if name.endswith("_created")]
        assert value(metrics.expose(), "process_resident_memory_bytes") > 0
        assert value(metrics.expose(), "newsflow_dead_letters_total", stage="some_stage", reason="invalid_json") == 0

    def test_two_processes_have_separate_registries(self) -> None:
        """A second Metrics starts at zero: nothing is shared through a global registry."""
        first, second = Metrics("a", process=False), Metrics("b", process=False)
        first.taken("s", 5)
        assert value(first.expose(), "newsflow_stage_messages_in_total", stage="s") == 5
        assert value(second.expose(), "newsflow_stage_messages_in_total", stage="s") == 0

    def test_end_to_end_from_fetched_at(self) -> None:
        """Stored articles are observed from ``fetched_at``; none is skipped, a future one counts as 0 s."""
        metrics = Metrics("w", process=False)
        metrics.stored([T0 - timedelta(seconds=3), None, T0 + timedelta(seconds=5)], T0)
        text = metrics.expose()
        assert value(text, "newsflow_end_to_end_seconds_count") == 2
        assert value(text, "newsflow_end_to_end_seconds_sum") == 3
        assert value(text, "newsflow_end_to_end_seconds_bucket", le="0.05") == 1


class TestStageDriver:
    def test_counts_match_what_was_published(self) -> None:
        """in = out + dead letters, out = messages on the target topic, dead letters by the reasons they carry."""
        stage = STAGES[0]
        published: list[tuple[Topic, bytes]] = []

        async def publish(topic: Topic, key: bytes | None, value: bytes) -> Delivery:
            published.append((topic, value))
            return settled()

        metrics = Metrics("w", process=False)
        driver = StageDriver(stage, lambda: StageContext(now=T0), publish, metrics=metrics)
        inputs = [_article("a"), b"{not json", _article("b"), orjson.dumps({"url": "https://e.com/x", "text": "  "})]
        asyncio.run(driver.handle([_message(v, i) for i, v in enumerate(inputs)]))

        out = [v for t, v in published if t == stage.target]
        letters = [DeadLetter.model_validate_json(v) for t, v in published if t == DEAD_LETTER_TOPIC]
        text = metrics.expose()
        assert value(text, "newsflow_stage_messages_in_total", stage=stage.name) == len(inputs)
        assert value(text, "newsflow_stage_messages_out_total", stage=stage.name) == len(out) == 2
        reasons = sorted(letter.reason for letter in letters)
        assert len(reasons) == 2
        for reason in set(reasons):
            assert value(text, "newsflow_dead_letters_total", stage=stage.name, reason=reason) == reasons.count(reason)
        assert value(text, "newsflow_stage_batch_seconds_count", stage=stage.name) == 1
        assert value(text, "newsflow_stage_batch_messages_sum", stage=stage.name) == len(inputs)

    @pytest.mark.parametrize("batched", [False, True])
    def test_results_go_on_as_soon_as_ready_unless_the_stage_batches(self, batched: bool) -> None:
        """Without ``prepare`` each result is sent before the next message is processed; with it, after the batch."""
        events: list[str] = []
        clean = STAGES[0]

        def process(item: Any, ready: Any, ctx: StageContext) -> Any:
            events.append("process")
            return clean.process(item, ready, ctx)

        def prepare(items: Sequence[Any], ctx: StageContext) -> list[None]:
            return [None] * len(items)

        stage = dataclasses.replace(clean, process=process, prepare=prepare if batched else None)

        async def publish(topic: Topic, key: bytes | None, value: bytes) -> Delivery:
            events.append("send" if topic == stage.target else "dead letter")
            return settled()

        driver = StageDriver(stage, lambda: StageContext(now=T0), publish)
        asyncio.run(driver.handle([_message(_article(i), n) for n, i in enumerate(["a", "b", "c"])]))
        if batched:
            assert events == ["process"] * 3 + ["send"] * 3
        else:
            assert events == ["process", "send"] * 3

    def test_a_long_article_is_a_batch_of_its_own(self) -> None:
        """With ``prepare``, the short articles before a long one are sent before the long one is prepared."""
        events: list[str] = []
        clean = STAGES[0]

        def prepare(items: Sequence[Any], ctx: StageContext) -> list[None]:
            events.append(f"prepare {len(items)}")
            return [None] * len(items)

        stage = dataclasses.replace(clean, prepare=prepare)

        async def publish(topic: Topic, key: bytes | None, value: bytes) -> Delivery:
            events.append("send" if topic == stage.target else "dead letter")
            return settled()

        short, long = _article("a"), _article("b", NEWS * 20)
        driver = StageDriver(stage, lambda: StageContext(now=T0), publish, group_bytes=3 * len(short))
        values = [short, short, long, short]
        asyncio.run(driver.handle([_message(v, n) for n, v in enumerate(values)]))
        assert events == ["prepare 2", "send", "send", "prepare 1", "send", "prepare 1", "send"]

    def test_size_groups_keep_order_and_never_leave_a_group_empty(self) -> None:
        sizes = [5, 5, 30, 1, 1, 1, 12]
        messages = [_message(b"x" * n, i) for i, n in enumerate(sizes)]
        groups = size_groups(messages, 10)
        assert [[len(m.value or b"") for m in g] for g in groups] == [[5, 5], [30], [1, 1, 1], [12]]
        assert [m for g in groups for m in g] == messages
        assert size_groups([], 10) == []

    def test_every_stage_shows_at_zero_before_its_first_message(self) -> None:
        """A driver's series exist from its creation, labelled with the topology's stage name."""
        metrics = Metrics("w", process=False)

        async def publish(topic: Topic, key: bytes | None, value: bytes) -> Delivery:
            return settled()

        for stage in STAGES:
            StageDriver(stage, lambda: StageContext(now=T0), publish, metrics=metrics)
        names = {ls["stage"] for n, ls, _ in samples(metrics.expose()) if n == "newsflow_stage_messages_in_total"}
        assert names == {stage.name for stage in STAGES}


class _Sink:
    """A sink over a MemoryTable; refused rows and undecodable messages are recorded."""

    def __init__(self, table: MemoryTable[Any]) -> None:
        self.table = table
        self.refusals: list[Any] = []
        self.undecodables: list[DeadLetter] = []

    async def write(self, rows: Sequence[Any]) -> None:
        await self.table(rows)

    async def refused(self, message: Message, row: Any, exc: Exception) -> None:
        self.refusals.append(row)

    async def undecodable(self, message: Message, letter: DeadLetter) -> None:
        self.undecodables.append(letter)


class TestSinkDriver:
    def _run(self, spec: SinkSpec) -> tuple[_Sink, Metrics, list[Sequence[Any]]]:
        sink = _Sink(MemoryTable(refuse=lambda row: row.source_offset == 1))
        metrics = Metrics("w", process=False)
        stored: list[Sequence[Any]] = []
        driver = SinkDriver(spec, sink, lambda: StageContext(now=T0), metrics=metrics, on_stored=stored.append)
        messages = [_message(_letter(n).model_dump_json().encode(), n) for n in range(3)] + [_message(b"\xff", 3)]
        asyncio.run(driver.handle(messages))
        return sink, metrics, stored

    def test_refused_rows_are_dead_letters_of_the_sink(self) -> None:
        """On a sink of any topic but the dead-letter one, a refused row and an undecodable message count as dead letters."""
        spec = SinkSpec("store_elsewhere", Topic("letters", DEAD_LETTER))
        sink, metrics, stored = self._run(spec)
        text = metrics.expose()
        assert len(sink.table.rows) == 2 and len(sink.refusals) == 1 and len(sink.undecodables) == 1
        assert value(text, "newsflow_stage_messages_in_total", stage=spec.name) == 4
        assert value(text, "newsflow_stage_messages_out_total", stage=spec.name) == 2
        assert value(text, "newsflow_dead_letters_total", stage=spec.name, reason="processing_error") == 1
        assert value(text, "newsflow_dead_letters_total", stage=spec.name, reason=sink.undecodables[0].reason) >= 1
        assert value(text, "newsflow_dead_letters_total", stage=spec.name) == 2
        assert sum(len(rows) for rows in stored) == 2

    def test_refused_dead_letters_are_stored_reduced(self) -> None:
        """On the dead-letter topic's sink a refused row is kept in a reduced form: it counts as stored."""
        spec = next(s for s in SINKS if s.source == DEAD_LETTER_TOPIC)
        _, metrics, _ = self._run(spec)
        text = metrics.expose()
        assert value(text, "newsflow_stage_messages_out_total", stage=spec.name) == 3
        assert value(text, "newsflow_dead_letters_total", stage=spec.name) == 1  # the undecodable message

    def test_real_dead_letter_sink_counts_what_the_table_holds(self) -> None:
        """With the real DeadLetterSink, stored-and-dead-lettered rows of the sink equal the table's rows."""
        spec = next(s for s in SINKS if s.source == DEAD_LETTER_TOPIC)
        table: MemoryTable[DeadLetter] = MemoryTable()
        metrics = Metrics("w", process=False)
        driver = SinkDriver(spec, DeadLetterSink(table), lambda: StageContext(now=T0), metrics=metrics)
        messages = [_message(_letter(n).model_dump_json().encode(), n) for n in range(3)] + [_message(b"{", 3)]
        asyncio.run(driver.handle(messages))
        text = metrics.expose()
        counted = value(text, "newsflow_stage_messages_out_total", stage=spec.name) + value(
            text, "newsflow_dead_letters_total", stage=spec.name
        )
        assert counted == len(table.rows) == 4


class _FakeConsumer:
    def __init__(
        self,
        marks: dict[tuple[str, int], int | None],
        committed: dict[tuple[str, int], int],
        acked: dict[tuple[str, int], list[int]] | None = None,
    ) -> None:
        self.marks = marks
        self._committed_offset = committed
        self._acked = acked or {}

    def assignment(self) -> set[tuple[str, int]]:
        return set(self.marks)

    def highwater(self, tp: tuple[str, int]) -> int | None:
        return self.marks[tp]


class TestLag:
    def test_lag_per_assigned_partition(self) -> None:
        """Lag is the fetched high-water mark minus the committed offset; unfetched partitions are left out."""
        consumer = _FakeConsumer({("t", 0): 10, ("t", 1): 4, ("t", 2): None, ("u", 0): 3}, {("t", 0): 7, ("t", 1): 4})
        assert partition_lags(ConsumerOffsets(consumer)) == [("t", 0, 3), ("t", 1, 0), ("u", 0, 3)]

    def test_collector_exposes_lag_and_nothing_before_the_consumer(self) -> None:
        """The gauge has a sample per partition with a consumer, none without."""
        metrics = Metrics("w", process=False)
        consumer: list[Any] = []
        metrics.register(ConsumerLagCollector(lambda: ConsumerOffsets(consumer[0]) if consumer else None))
        assert value(metrics.expose(), "newsflow_consumer_lag") == 0
        assert not [n for n, _, _ in samples(metrics.expose()) if n == "newsflow_consumer_lag"]
        consumer.append(_FakeConsumer({("t", 0): 10}, {("t", 0): 2}))
        assert value(metrics.expose(), "newsflow_consumer_lag", topic="t", partition="0") == 8

    def test_messages_done_behind_a_long_lane_are_not_unfinished(self) -> None:
        """Offset 7 is in a long lane (committed stays at 7); 8 and 9 are done: lag 3, unfinished 1."""
        metrics = Metrics("w", process=False)
        consumer = _FakeConsumer({("t", 0): 10}, {("t", 0): 7}, {("t", 0): [8, 9]})
        metrics.register(ConsumerLagCollector(lambda: ConsumerOffsets(consumer)))
        assert value(metrics.expose(), "newsflow_consumer_lag", topic="t", partition="0") == 3
        assert value(metrics.expose(), "newsflow_consumer_unfinished", topic="t", partition="0") == 1

    def test_a_failing_consumer_read_gives_no_samples(self) -> None:
        """A consumer that raises mid-rebalance leaves the lag out of that scrape instead of failing it."""

        class Broken(_FakeConsumer):
            def highwater(self, tp: tuple[str, int]) -> int | None:
                msg = "not assigned"
                raise AssertionError(msg)

        metrics = Metrics("w", process=False)
        metrics.register(ConsumerLagCollector(lambda: ConsumerOffsets(Broken({("t", 0): 1}, {}))))
        assert not [n for n, _, _ in samples(metrics.expose()) if n == "newsflow_consumer_lag"]

    def test_app_registers_its_lag_and_stance_cache(self) -> None:
        """A created app's metrics have the lag family, empty while its consumer has not started."""
        app = create_app(Settings(worker_name="w"))
        text = app.newsflow_runtime.metrics.expose().decode()
        assert "# TYPE newsflow_consumer_lag gauge" in text
        assert "newsflow_stance_cache" not in text  # the model is not loaded yet


class TestGroupLag:
    def test_reports_the_last_read_and_reads_at_most_once_per_ttl(self) -> None:
        """A refresh within ``ttl`` of the last read reuses it; after it, the next read's lags are exposed."""
        now = [0.0]
        answers = [[PartitionLag("t", 1, committed=2, high_water=9), PartitionLag("t", 0, committed=5, high_water=5)]]

        async def read() -> list[PartitionLag]:
            return answers[-1]

        lag = GroupLagCollector(read, ttl=1.0, clock=lambda: now[0])
        metrics = Metrics("web", process=False)
        metrics.register(lag)

        async def run() -> None:
            await asyncio.gather(lag.refresh(), lag.refresh())
            answers.append([PartitionLag("t", 1, committed=9, high_water=9)])
            now[0] = 0.5
            await lag.refresh()

        asyncio.run(run())
        assert lag.reads == 1
        text = metrics.expose()
        assert value(text, "newsflow_group_lag", topic="t", partition="1") == 7
        assert value(text, "newsflow_group_lag", topic="t", partition="0") == 0
        now[0] = 1.5
        asyncio.run(lag.refresh())
        assert lag.reads == 2
        assert value(metrics.expose(), "newsflow_group_lag", topic="t", partition="1") == 0
        assert not [
            ls for n, ls, _ in samples(metrics.expose()) if n == "newsflow_group_lag" and ls["partition"] == "0"
        ]

    def test_a_failed_read_leaves_no_samples(self) -> None:
        """When the broker does not answer, the gauge has no samples (not stale ones) and the scrape succeeds."""
        answers: list[Any] = [[PartitionLag("t", 0, committed=0, high_water=3)], TimeoutError()]

        async def read() -> list[PartitionLag]:
            answer = answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer  # type: ignore[no-any-return]

        lag = GroupLagCollector(read, ttl=0)
        metrics = Metrics("web", process=False)
        metrics.register(lag)
        asyncio.run(lag.refresh())
        assert value(metrics.expose(), "newsflow_group_lag") == 3
        asyncio.run(lag.refresh())
        assert not [n for n, _, _ in samples(metrics.expose()) if n == "newsflow_group_lag"]


class TestStanceCache:
    def test_hits_misses_entries_capacity(self) -> None:
        """The cache's CacheInfo is exposed as counters and gauges; absent while there is no model."""
        metrics = Metrics("w", process=False)
        info: list[CacheInfo] = []
        metrics.register(StanceCacheCollector(lambda: info[0] if info else None))
        assert "newsflow_stance_cache" not in metrics.expose().decode()
        info.append(CacheInfo(hits=3, misses=1, size=1, capacity=20))
        text = metrics.expose()
        assert value(text, "newsflow_stance_cache_hits_total") == 3
        assert value(text, "newsflow_stance_cache_misses_total") == 1
        assert value(text, "newsflow_stance_cache_entries") == 1
        assert value(text, "newsflow_stance_cache_capacity") == 20


Client = TestClient[web.Request, web.Application]


async def _serve(app: web.Application) -> Client:
    client: Client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return client


async def _refused() -> None:
    msg = "connection refused"
    raise ConnectionRefusedError(msg)


async def _ok() -> None:
    return None


class TestProbeApp:
    def test_worker_probes(self) -> None:
        """/healthz answers while /readyz is 503 with the failing check's reason; /metrics is Prometheus text."""

        async def run() -> tuple[int, int, dict[str, Any], str, str]:
            metrics = Metrics("w", process=False)
            metrics.taken("s", 2)
            client = await _serve(probe_app(Readiness({"database": _refused, "broker": _ok}, timeout=1), metrics))
            try:
                health = await client.get("/healthz")
                ready = await client.get("/readyz")
                scraped = await client.get("/metrics")
                return (
                    health.status,
                    ready.status,
                    await ready.json(),
                    scraped.headers["Content-Type"],
                    await scraped.text(),
                )
            finally:
                await client.close()

        health, ready, body, content_type, text = asyncio.run(run())
        assert (health, ready) == (200, 503)
        assert body["checks"]["database"] == {"ok": False, "reason": "ConnectionRefusedError: connection refused"}
        assert body["checks"]["broker"]["ok"] is True
        assert content_type.startswith("text/plain; version=0.0.4")
        assert value(text, "newsflow_stage_messages_in_total", stage="s", worker="w") == 2


class FakeFeeder:
    async def __aenter__(self) -> FakeFeeder:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    async def send(self, payload: bytes, *, stage: str, wait: bool = False) -> None:
        return None

    async def reject(self, payload: bytes, exc: Any, *, stage: str) -> None:
        return None


class TestWebMetrics:
    def test_ingest_answers_and_dead_letters_are_counted(self) -> None:
        """Each POST /articles answer counts by status; a bad body counts as an http_ingest dead letter by reason."""

        async def run() -> str:
            settings = Settings(web_port=0, worker_name="web-1")
            app = create_web_app(settings, feeder_factory=lambda _: FakeFeeder(), checks={}, group_lag=False)  # type: ignore[arg-type,return-value]
            client = await _serve(app)
            try:
                for body in (_article("a"), _article("b"), b"{not json"):
                    await client.post("/articles", data=body)
                await client.post("/articles", data=_article("c"), headers={"Origin": "https://evil.example"})
                return await (await client.get("/metrics")).text()
            finally:
                await client.close()

        text = asyncio.run(run())
        assert value(text, "newsflow_ingest_requests_total", status="202", worker="web-1") == 2
        assert value(text, "newsflow_ingest_requests_total", status="400") == 1
        assert value(text, "newsflow_ingest_requests_total", status="403") == 1
        assert value(text, "newsflow_dead_letters_total", stage="http_ingest", reason="invalid_json") == 1
        assert value(text, "process_resident_memory_bytes") > 0


class _Actor:
    def __init__(self, crashed: bool = False) -> None:
        self.crashed = crashed
        self.crash_reason = RuntimeError("boom") if crashed else None
        self.actor_task = None


def _fake_app(**state: Any) -> Any:
    connected: list[Any] = []
    app = SimpleNamespace(
        started=True,
        rebalancing=False,
        agents={"clean_articles": SimpleNamespace(_actors={_Actor()})},
        on_partitions_assigned=SimpleNamespace(connect=connected.append),
        connected=connected,
    )
    for key, val in state.items():
        setattr(app, key, val)
    return app


class TestAgentsProbe:
    def test_not_ready_before_start(self) -> None:
        """A created, unstarted app is not consuming."""
        probe = AgentsProbe(create_app(Settings()))
        assert probe.problems() == ["the faust app has not started"]

    def test_ready_only_after_an_assignment_and_while_no_rebalance(self) -> None:
        """Joining, then consuming, then rebalancing: only the middle state is ready."""
        app = _fake_app()
        probe = AgentsProbe(app)
        assert probe.problems() == ["the consumer group has not assigned partitions yet (joining)"]
        app.connected[0](app, set())
        assert probe.problems() == []
        asyncio.run(probe())
        app.rebalancing = True
        with pytest.raises(RuntimeError, match="rebalancing"):
            asyncio.run(probe())

    def test_crashed_or_missing_actors_are_reasons(self) -> None:
        """An agent whose actor crashed, or that has none, is named with why."""
        app = _fake_app(
            agents={"a": SimpleNamespace(_actors={_Actor(crashed=True)}), "b": SimpleNamespace(_actors=set())}
        )
        probe = AgentsProbe(app)
        app.connected[0](app, set())
        assert probe.problems() == ["agent a crashed: RuntimeError('boom')", "agent b has no running actor"]


class TestWorkerHttp:
    def test_taken_port_falls_back_to_a_free_one(self) -> None:
        """When the configured port is in use, the server listens on another one and still answers."""
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]

            async def run() -> tuple[str | None, int]:
                settings = Settings(worker_port=port, worker_name="w")
                http = WorkerHttp(settings, Metrics("w", process=False), {"ok": _ok})
                await http.start()
                try:
                    assert http.url is not None
                    from aiohttp import ClientSession

                    async with ClientSession() as session, session.get(f"{http.url}/readyz") as response:
                        return http.url, response.status
                finally:
                    await http.stop()

            url, status = asyncio.run(run())
        assert url is not None and not url.endswith(f":{port}")
        assert status == 200
