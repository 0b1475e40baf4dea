"""The faust app: topics named from settings, our fetch wait in the consumer, one agent per stage."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import faust
import pytest

from agents.app import create_app
from agents.settings import Settings
from pipeline.stages import StageContext


def _settings(**overrides: object) -> Settings:
    return Settings(kafka_bootstrap="127.0.0.1:1", topic_prefix="unit.articles", **overrides)  # type: ignore[arg-type]


@pytest.fixture
def make_app() -> Iterator[Callable[..., faust.App]]:
    """Build apps and close the event loops faust creates for them."""
    apps: list[faust.App] = []

    def make(**overrides: object) -> faust.App:
        app = create_app(_settings(**overrides))
        apps.append(app)
        return app

    yield make
    for app in apps:
        if app._loop is not None and not app._loop.is_closed():
            app._loop.close()


class TestCreateApp:
    def test_agents_are_named_after_stages(self, make_app: Callable[..., faust.App]) -> None:
        """Each stage's agent carries its verb_noun name (also its logger and metric label)."""
        app = make_app()
        names = {agent.name.rsplit(".", 1)[-1] for agent in app.agents.values()}
        assert names == {
            "clean_articles", "tag_entities", "attribute_quotes", "score_stance", "store_articles",
            "store_dead_letters",
        }  # fmt: skip

    def test_worker_data_stays_under_the_state_dir(self, make_app: Callable[..., faust.App], tmp_path: Path) -> None:
        """faust's data directory is under NEWSFLOW_STATE_DIR, not "<app id>-data" in the working directory."""
        app = make_app(state_dir=tmp_path, app_id="unit-app")
        assert Path(app.conf.datadir) == tmp_path / "faust" / "unit-app"
        assert Path(app.conf.tabledir).is_relative_to(tmp_path)

    def test_topics_share_the_prefix(self) -> None:
        """Every topic name starts with the configured prefix and ends with its major version."""
        settings = _settings()
        assert all(t.startswith("unit.articles.") and t.endswith(".v1") for t in settings.topics.all())

    def test_consumer_uses_configured_fetch_wait(self, make_app: Callable[..., faust.App]) -> None:
        """The worker's aiokafka consumer gets our fetch_max_wait_ms, not faust's hard-coded 1500."""
        app = make_app(fetch_max_wait_ms=7)

        thread = app.consumer._thread  # the consumer thread faust would start

        async def build() -> int:
            consumer = thread._create_worker_consumer(app.transport)
            try:
                return int(consumer._fetch_max_wait_ms)
            finally:
                await consumer.stop()

        try:
            assert app.loop.run_until_complete(build()) == 7
        finally:
            thread.thread_loop.close()

    def test_creating_an_app_reads_no_environment(
        self, make_app: Callable[..., faust.App], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """create_app uses only the Settings it is given, whatever the environment says."""
        monkeypatch.setenv("NEWSFLOW_TOPIC_PREFIX", "from.env")
        app = make_app()
        topics = {t for agent in app.agents.values() for t in agent.channel.topics}
        assert topics and all(t.startswith("unit.articles.") for t in topics)


class TestMessageLimits:
    def test_default_message_limit_holds_an_enriched_article_of_the_largest_real_page(self) -> None:
        """The defaults agree (no start error), and the clean text they allow is over the largest real page's (1.5 MB)."""
        settings = _settings()
        ctx = StageContext(now=datetime.now(UTC), max_message_bytes=settings.max_message_bytes)
        assert ctx.max_text_bytes > 1_500_000

    def test_the_app_uses_one_message_limit_everywhere(self, make_app: Callable[..., faust.App]) -> None:
        """The producer's request size, the consumer's fetch size and each topic's max.message.bytes are one setting."""
        app = make_app(max_message_bytes=9_000_000)
        assert app.conf.producer_max_request_size == app.conf.consumer_max_fetch_size == 9_000_000
        configs = {agent.channel.config["max.message.bytes"] for agent in app.agents.values()}
        assert configs == {"9000000"}

    def test_a_message_limit_below_the_body_limit_is_refused_with_what_to_do(self) -> None:
        """A message limit that could not hold a raw article at the body limit fails at start, naming both settings."""
        with pytest.raises(ValueError, match="NEWSFLOW_MAX_MESSAGE_BYTES .* NEWSFLOW_MAX_BODY_BYTES"):
            _settings(max_body_bytes=5_000_000, max_message_bytes=5_500_000)


class TestAdaptiveFetchWait:
    """A fetch wait that doubles while fetches come back empty though records wait, and drops back on records."""

    class _Fetcher:
        def __init__(self, answers: list[bool]) -> None:
            self._fetch_max_wait_ms = 10
            self.answers = answers

        async def _proc_fetch_request(self, assignment: object, node_id: int, request: object) -> bool:
            return self.answers.pop(0)

    class _Assignment:
        def __init__(self, highwater: int | None) -> None:
            self.highwater = highwater

        def state_value(self, tp: object) -> object:
            return SimpleNamespace(highwater=self.highwater)

    @staticmethod
    def _waits(answers: list[bool], highwater: int | None) -> list[int]:
        from agents.app import AdaptiveFetchWait

        fetcher = TestAdaptiveFetchWait._Fetcher(list(answers))
        adaptive = AdaptiveFetchWait(fetcher, floor_ms=10, ceiling_ms=80)
        request = SimpleNamespace(topics=[("t", [(0, 5, 1_000_000)])])  # partition 0 asked from offset 5
        assignment = TestAdaptiveFetchWait._Assignment(highwater)
        waits = []
        for _ in answers:
            asyncio.run(adaptive(assignment, 1, request))
            waits.append(fetcher._fetch_max_wait_ms)
        return waits

    def test_empty_answers_with_records_waiting_double_the_wait_up_to_the_ceiling(self) -> None:
        assert self._waits([False, False, False, False, False], highwater=9) == [20, 40, 80, 80, 80]

    def test_records_halve_the_wait_down_to_the_floor(self) -> None:
        """It settles where the broker answers in time, instead of swinging between the floor and double it."""
        assert self._waits([False, False, False, True, True, True, False], highwater=9) == [20, 40, 80, 40, 20, 10, 20]

    def test_nothing_to_read_keeps_the_wait(self) -> None:
        """Caught up (the high-water mark is the offset asked for): an empty answer is no sign of a slow broker."""
        assert self._waits([False, False], highwater=5) == [10, 10]
