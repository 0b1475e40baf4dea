"""``newsflow up``: the whole system on one machine.

Starts, on loopback: the tansu broker and PostgreSQL when asked to (``newsflow up`` asks for the
broker per ``Settings.runs_embedded_broker`` and for PostgreSQL unless ``NEWSFLOW_DATABASE_URL``
names a server), the faust worker(s) and the web server; stops every child on exit, in reverse order.
With ``Settings.broker_storage == "s3"`` (``newsflow up --durable``) the broker keeps its data on a
local S3 server (s3rver) under ``state_dir/s3``, so a restart finds messages and offsets again.
While serving, ``RunningStack.supervise`` restarts a worker or web process that exits, with backoff;
in durable mode also s3rver and the broker.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aiokafka.errors import KafkaError
from pydantic import SecretStr

from agents import sink_postgres
from agents.admin import consumer_lag, ensure_topics
from agents.services import (
    Broker,
    ManagedProcess,
    ServiceError,
    Supervisor,
    free_port,
    port_open,
    running_broker,
    running_durable_broker,
    running_postgres,
    wait_for,
)
from agents.settings import Settings
from pipeline.errors import StoreUnavailable

__all__ = ["RunningStack", "child_env", "embedded_stack", "wait_until_drained"]


@dataclass
class RunningStack:
    """Where the parts of a running stack are."""

    settings: Settings
    web_url: str
    log_dir: Path
    embedded_broker: bool
    embedded_postgres: bool
    workers: list[ManagedProcess] = field(default_factory=list)
    web: ManagedProcess | None = None
    supervisor: Supervisor | None = field(default=None, repr=False)
    broker: Broker | None = None
    """The durable embedded broker (with its s3rver); None for a memory or external broker."""

    @property
    def database_url(self) -> str:
        """The PostgreSQL URL the workers write to."""
        if self.settings.database_url is None:
            msg = "the stack has no database URL"
            raise RuntimeError(msg)
        return self.settings.database_url.get_secret_value()

    @property
    def children(self) -> list[ManagedProcess]:
        """The worker and web processes, in start order."""
        return [*self.workers, *([self.web] if self.web else [])]

    @property
    def supervised(self) -> list[ManagedProcess]:
        """What ``supervise`` restarts: the durable broker's s3rver and tansu (if any), then ``children``.

        A memory broker is not restarted: a new one would have lost every topic and message.
        """
        return [*(self.broker.processes if self.broker else []), *self.children]

    def check_alive(self) -> None:
        """Raise ``ServiceError`` with the log tail if a child process or the durable broker died."""
        for proc in self.supervised:
            proc.check_alive()

    def supervise(self) -> list[str]:
        """Restart a process of ``supervised`` that exited, with backoff; call about once a second.

        The first call makes ``supervisor`` (a ``Supervisor`` over ``supervised``) unless one was
        set. A restarted process is the same ``ManagedProcess`` object, so stopping the stack
        stops the new OS process. A restarted durable broker listens on the same port and reads
        its data back from s3rver; the workers reconnect to it by themselves.

        Returns:
            The names of the processes restarted by this call.
        """
        if self.supervisor is None:
            self.supervisor = Supervisor(self.supervised)
        return self.supervisor.poll()


def child_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process (worker, web) read ``settings``."""
    env = {
        "NEWSFLOW_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
        "NEWSFLOW_WEB_HOST": settings.web_host,
        "NEWSFLOW_WEB_PORT": str(settings.web_port),
        "NEWSFLOW_STATE_DIR": str(settings.state_dir),
        "NEWSFLOW_TOPIC_PREFIX": settings.topic_prefix,
        "NEWSFLOW_APP_ID": settings.app_id,
        "NEWSFLOW_LOG_LEVEL": settings.log_level,
        "NEWSFLOW_MAX_BODY_BYTES": str(settings.max_body_bytes),
        "NEWSFLOW_MAX_MESSAGE_BYTES": str(settings.max_message_bytes),
        "NEWSFLOW_LONG_TEXT_BYTES": str(settings.long_text_bytes),
        "NEWSFLOW_STANCE_CACHE_SIZE": str(settings.stance_cache_size),
        "NEWSFLOW_STANCE_MODEL": settings.stance_model,
        "NEWSFLOW_STANCE_PARALLEL": str(settings.stance_parallel),
        "PYTHONUNBUFFERED": "1",
    }
    if settings.database_url is not None:
        env["NEWSFLOW_DATABASE_URL"] = settings.database_url.get_secret_value()
    if settings.spacy_ner_model is not None:
        env["NEWSFLOW_SPACY_NER_MODEL"] = settings.spacy_ner_model
    return env


async def _migrate(url: str) -> None:
    """Apply the schema before anyone reads (the dashboard, `--once` counts), not at first write."""
    pool = await sink_postgres.connect(url)
    await pool.close()


def _http_ok(url: str) -> bool:
    with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
        return bool(response.status == 200)
    return False


@contextlib.contextmanager
def embedded_stack(
    settings: Settings, *, workers: int = 1, embedded_broker: bool = True, embedded_postgres: bool = True
) -> Iterator[RunningStack]:
    """Run the stack; yield where everything is; stop it all on exit.

    Args:
        settings: The configuration; the binaries of the embedded services come from its
            ``tansu_bin`` and ``pg_bindir``.
        workers: Worker processes to start.
        embedded_broker: Start a tansu broker on ``kafka_bootstrap``'s port (a free one if that is
            taken) instead of using the broker at ``kafka_bootstrap``. Its storage is
            ``settings.broker_storage``: memory, or ``s3`` on s3rver with its data in
            ``state_dir/s3`` (s3rver from ``settings.s3rver_bin``).
        embedded_postgres: Start PostgreSQL under ``state_dir`` instead of using ``database_url``.
    """
    state = settings.state_dir
    state.mkdir(parents=True, exist_ok=True, mode=0o755)
    log_dir = state / "logs"
    log_dir.mkdir(exist_ok=True)
    with contextlib.ExitStack() as stack:
        updates: dict[str, object] = {}
        durable: Broker | None = None
        if embedded_broker:
            wanted = int(settings.kafka_servers[0].rsplit(":", 1)[1])
            port = wanted if not port_open(wanted) else free_port()
            if settings.broker_storage == "s3":
                durable = stack.enter_context(
                    running_durable_broker(
                        state / "s3", log_dir, port=port, binary=settings.tansu_bin, s3rver=settings.s3rver_bin
                    )
                )
                updates["kafka_bootstrap"] = durable.address
            else:
                broker = running_broker(log_dir, port=port, binary=settings.tansu_bin)
                updates["kafka_bootstrap"] = stack.enter_context(broker)
        if embedded_postgres:
            postgres = running_postgres(state / "postgres", bindir=settings.pg_bindir)
            updates["database_url"] = SecretStr(stack.enter_context(postgres))
        if settings.web_port == 0 or port_open(settings.web_port):
            updates["web_port"] = free_port()
        settings = settings.model_copy(update=updates)
        try:
            asyncio.run(ensure_topics(settings))
        except KafkaError as exc:
            msg = (
                f"no Kafka broker answers at {settings.kafka_bootstrap} ({exc}): start it, or unset "
                "NEWSFLOW_KAFKA_BOOTSTRAP (or set NEWSFLOW_EMBEDDED_BROKER=true) to run the embedded broker"
            )
            raise ServiceError(msg) from exc
        if settings.database_url is not None:
            try:
                asyncio.run(_migrate(settings.database_url.get_secret_value()))
            except StoreUnavailable as exc:
                raise ServiceError(str(exc)) from exc
        env = child_env(settings)
        running = RunningStack(
            settings=settings,
            web_url=f"http://{settings.web_host}:{settings.web_port}",
            log_dir=log_dir,
            embedded_broker=embedded_broker,
            embedded_postgres=embedded_postgres,
            broker=durable,
        )
        for n in range(1, workers + 1):
            proc = ManagedProcess(
                f"worker-{n}", [sys.executable, "-m", "agents.cli", "worker"], log_dir / f"worker-{n}.log", env=env
            ).start()
            stack.callback(proc.stop, 30.0)
            running.workers.append(proc)
        running.web = ManagedProcess("web", [sys.executable, "-m", "agents.cli", "web"], log_dir / "web.log", env=env)
        running.web.start()
        stack.callback(running.web.stop)

        def web_ready() -> bool:
            running.check_alive()
            return _http_ok(f"{running.web_url}/healthz")

        wait_for(web_ready, timeout=60, what=f"the web server at {running.web_url} (log: {log_dir / 'web.log'})")
        yield running


def wait_until_drained(running: RunningStack, *, timeout: float, poll: float = 0.5) -> float:
    """Wait until the worker group has no lag on any topic; return the seconds it took.

    This does not supervise: a worker, web or durable broker process that exits meanwhile fails the wait at once
    (``ServiceError`` with its log tail), since ``newsflow up --once`` is a one-shot run whose
    result would otherwise hide the crash.

    Raises:
        ServiceError: A child process exited, or ``timeout`` seconds passed with lag left.
    """
    started = time.monotonic()

    def drained() -> bool:
        running.check_alive()
        lags = asyncio.run(consumer_lag(running.settings))
        return bool(lags) and all(p.lag == 0 for p in lags)

    wait_for(drained, timeout=timeout, what="the workers to process every message", interval=poll)
    return time.monotonic() - started
