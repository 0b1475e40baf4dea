"""Run one faust worker process for the pipeline (``newsflow worker``).

Besides the agents, each worker serves ``/metrics`` (Prometheus text), ``/healthz`` (the process
serves HTTP) and ``/readyz`` (broker, PostgreSQL and agents, with reasons) on
``NEWSFLOW_WORKER_HOST:NEWSFLOW_WORKER_PORT`` (default 127.0.0.1:9102). The server is a small
aiohttp site of our own, not faust's web server: faust's would also publish its own pages (table
contents, the router, stats) and its Prometheus sensor, none of which we want exposed.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import faust
from aiohttp import web
from mode import Service

from agents.app import create_app
from agents.metrics import Metrics
from agents.settings import Settings
from agents.web import Check, DatabaseProbe, Readiness, app_runner, probe_app

__all__ = ["AgentsProbe", "WorkerHttp", "broker_check", "run_worker"]

logger = logging.getLogger(__name__)


class AgentsProbe:
    """Whether the worker consumes: the app started, its group joined, no rebalance under way, every agent running.

    A worker assigned no partitions (more workers than partitions) is ready: it is a standby.
    """

    def __init__(self, app: faust.App) -> None:
        self.app = app
        self.assignments = 0
        app.on_partitions_assigned.connect(self._assigned)

    def _assigned(self, sender: Any, *args: Any, **kwargs: Any) -> None:
        self.assignments += 1

    def problems(self) -> list[str]:
        """What keeps the worker from consuming now; empty when nothing does."""
        app = self.app
        if not app.started:
            return ["the faust app has not started"]
        problems = []
        if self.assignments == 0:
            problems.append("the consumer group has not assigned partitions yet (joining)")
        elif app.rebalancing:
            problems.append("the consumer group is rebalancing")
        for name, agent in sorted(app.agents.items()):
            actors = list(agent._actors)  # noqa: SLF001 - faust has no public view of an agent's actors
            if not actors:
                problems.append(f"agent {name} has no running actor")
            for actor in actors:
                if actor.crashed:
                    problems.append(f"agent {name} crashed: {actor.crash_reason!r}")
                elif actor.actor_task is not None and actor.actor_task.done():
                    problems.append(f"agent {name} stopped")
        return problems

    async def __call__(self) -> None:
        """Raise with every problem when the worker does not consume."""
        problems = self.problems()
        if problems:
            raise RuntimeError("; ".join(problems))


def broker_check(app: faust.App) -> Check:
    """A metadata request over the worker's own producer connections: raises when no broker answers."""

    async def broker() -> None:
        faust_producer: Any = app.producer
        producer = faust_producer._ensure_producer()  # noqa: SLF001 - raises NotReady before the producer starts
        await producer.client.fetch_all_metadata()

    return broker


class WorkerHttp(Service):
    """The worker's HTTP server: started before the app and stopped after it (``faust.Worker`` services)."""

    def __init__(self, settings: Settings, metrics: Metrics, checks: Mapping[str, Check], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings
        self.metrics = metrics
        self.readiness = Readiness(checks, timeout=settings.ready_timeout)
        self.url: str | None = None
        self._runner: web.AppRunner | None = None

    async def on_start(self) -> None:
        """Listen on the configured port, or on a free one when it is taken."""
        runner = app_runner(probe_app(self.readiness, self.metrics), self.settings)
        await runner.setup()
        self._runner = runner
        host, port = self.settings.worker_host, self.settings.worker_port
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or port == 0:
                raise
            logger.warning("worker http port in use host=%s port=%d, listening on a free port instead", host, port)
            await web.TCPSite(runner, host, 0).start()
        self.url = f"http://{host}:{runner.addresses[0][1]}"
        logger.info("worker http server listening url=%s worker=%s", self.url, self.metrics.worker)

    async def on_stop(self) -> None:
        """Stop serving and close the readiness probes' connections."""
        if self._runner is not None:
            await self._runner.cleanup()
        for check in self.readiness.checks.values():
            if isinstance(check, DatabaseProbe):
                await check.close()


def run_worker(settings: Settings) -> None:
    """Run the agents until SIGTERM/SIGINT; faust handles the signals and leaves the group cleanly."""
    app = create_app(settings)
    runtime = app.newsflow_runtime
    try:
        Path(app.conf.datadir).mkdir(parents=True, exist_ok=True)
        runtime.preload()
    except Exception as exc:
        logger.critical("worker cannot start: %s", exc)
        raise SystemExit(1) from exc

    @app.on_before_shutdown.connect
    async def close_runtime(app: faust.App, **kwargs: object) -> None:
        await runtime.close()

    checks: dict[str, Check] = {
        "broker": broker_check(app),
        "database": DatabaseProbe(settings),
        "agents": AgentsProbe(app),
    }
    http = WorkerHttp(settings, runtime.metrics, checks)
    # faust configures logging itself; keep its own chatter at WARNING, ours at the chosen level.
    worker = faust.Worker(app, http, loglevel="WARNING", quiet=True, redirect_stdouts=False)
    if not worker.stdout.isatty():
        # faust's startup spinner hides and shows the cursor even off a terminal: escape codes in log files.
        worker.spinner = None
    for name in ("agents", "pipeline"):
        logging.getLogger(name).setLevel(settings.log_level)
    worker.execute_from_commandline()
