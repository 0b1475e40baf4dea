"""Durable embedded mode without services: the setting, `up --durable`, and what the stack asks for.

Nothing real starts here except tiny shell scripts standing in for a failing s3rver;
tests/integration/test_durable.py runs the real s3rver and tansu.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from agents import services
from agents import stack as stack_module
from agents.cli import app
from agents.services import Broker, ManagedProcess, S3Server, ServiceError, running_s3rver, s3rver_binary
from agents.settings import Settings
from agents.stack import RunningStack, embedded_stack

runner = CliRunner()


@pytest.fixture
def no_newsflow_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """An environment without NEWSFLOW_* variables (restored afterwards), state under tmp_path."""
    for name in list(os.environ):
        if name.startswith("NEWSFLOW_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NEWSFLOW_STATE_DIR", str(tmp_path))
    return monkeypatch


class TestSetting:
    def test_memory_by_default_s3_from_the_environment(self, no_newsflow_env: pytest.MonkeyPatch) -> None:
        """NEWSFLOW_BROKER_STORAGE is memory unless set to s3; other values are refused."""
        assert Settings().broker_storage == "memory"
        no_newsflow_env.setenv("NEWSFLOW_BROKER_STORAGE", "s3")
        assert Settings().broker_storage == "s3"
        no_newsflow_env.setenv("NEWSFLOW_BROKER_STORAGE", "disk")
        with pytest.raises(ValidationError):
            Settings()


class TestUpOption:
    @pytest.fixture
    def asked(self, no_newsflow_env: pytest.MonkeyPatch) -> Iterator[dict[str, object]]:
        """The settings `up` hands to the embedded stack (a fake that refuses to start)."""
        seen: dict[str, object] = {}

        @contextlib.contextmanager
        def fake_stack(settings: Settings, **kwargs: object) -> Iterator[None]:
            seen["broker_storage"] = settings.broker_storage
            msg = "not started in a unit test"
            raise ServiceError(msg)
            yield  # a generator, for contextmanager

        no_newsflow_env.setattr(stack_module, "embedded_stack", fake_stack)
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        yield seen
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    @pytest.mark.parametrize(
        ("env", "flag", "storage"),
        [
            (None, None, "memory"),
            (None, "--durable", "s3"),
            ("s3", None, "s3"),
            ("s3", "--memory", "memory"),
            ("memory", "--durable", "s3"),
        ],
    )
    def test_flag_overrides_the_setting(
        self,
        asked: dict[str, object],
        no_newsflow_env: pytest.MonkeyPatch,
        env: str | None,
        flag: str | None,
        storage: str,
    ) -> None:
        """`up --durable` / `--memory` win over NEWSFLOW_BROKER_STORAGE, which wins over the memory default."""
        if env is not None:
            no_newsflow_env.setenv("NEWSFLOW_BROKER_STORAGE", env)
        result = runner.invoke(app, ["up", "--no-samples", "--workers", "1", *([flag] if flag else [])])
        assert result.exit_code == 1 and "not started in a unit test" in result.output
        assert asked == {"broker_storage": storage}


class TestEmbeddedStack:
    def test_durable_broker_keeps_its_data_in_the_state_dir(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """broker_storage=s3 starts the durable broker on state_dir/s3 with the configured binaries."""
        asked: dict[str, object] = {}

        @contextlib.contextmanager
        def fake_durable(data_dir: Path, log_dir: Path, **kwargs: object) -> Iterator[Broker]:
            asked.update(data_dir=data_dir, log_dir=log_dir, **kwargs)
            msg = "stop here"
            raise ServiceError(msg)
            yield  # a generator, for contextmanager

        def no_memory_broker(*args: object, **kwargs: object) -> None:
            pytest.fail("the memory broker was started in durable mode")

        monkeypatch.setattr(stack_module, "running_durable_broker", fake_durable)
        monkeypatch.setattr(stack_module, "running_broker", no_memory_broker)
        settings = Settings(
            state_dir=tmp_path, broker_storage="s3", tansu_bin=tmp_path / "tansu", s3rver_bin=tmp_path / "s3rver"
        )
        with pytest.raises(ServiceError, match="stop here"), embedded_stack(settings):
            pass
        assert asked["data_dir"] == tmp_path / "s3" and asked["log_dir"] == tmp_path / "logs"
        assert asked["binary"] == tmp_path / "tansu" and asked["s3rver"] == tmp_path / "s3rver"

    def test_supervises_the_durable_broker_before_the_children(self, tmp_path: Path) -> None:
        """In durable mode s3rver and tansu are supervised (and checked) too, started first."""

        def proc(name: str) -> ManagedProcess:
            return ManagedProcess(name, ["true"], tmp_path / f"{name}.log")

        s3 = S3Server("http://127.0.0.1:1", "tansu", proc("s3rver"))
        broker = Broker("127.0.0.1:2", proc("tansu"), s3)
        running = RunningStack(
            settings=Settings(state_dir=tmp_path),
            web_url="http://127.0.0.1:3",
            log_dir=tmp_path,
            embedded_broker=True,
            embedded_postgres=True,
            workers=[proc("worker-1")],
            web=proc("web"),
            broker=broker,
        )
        assert [p.name for p in running.supervised] == ["s3rver", "tansu", "worker-1", "web"]
        assert [p.name for p in running.children] == ["worker-1", "web"]
        running.broker = None
        assert [p.name for p in running.supervised] == ["worker-1", "web"]


class TestS3rver:
    def test_launcher_configured_or_the_repository_script(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A configured launcher is used as is; the default needs s3rver in node_modules, else says how to install."""
        assert s3rver_binary(tmp_path / "mine") == tmp_path / "mine"
        monkeypatch.setattr(services, "_REPO", tmp_path)
        with pytest.raises(ServiceError, match="scripts/dev install"):
            s3rver_binary()
        package = tmp_path / "node_modules" / "s3rver" / "package.json"
        package.parent.mkdir(parents=True)
        package.write_text("{}", encoding="utf-8")
        assert s3rver_binary() == tmp_path / "scripts" / "s3rver-conditional.js"

    def test_the_repository_launcher_is_executable(self) -> None:
        """scripts/s3rver-conditional.js runs by itself (shebang + mode), as the default launcher."""
        launcher = Path(services.__file__).resolve().parents[1] / "scripts" / "s3rver-conditional.js"
        assert launcher.read_text(encoding="utf-8").startswith("#!/usr/bin/env node")
        assert os.access(launcher, os.X_OK)

    def test_a_server_that_exits_fails_with_its_log(self, tmp_path: Path) -> None:
        """An s3rver that dies at startup is a ServiceError carrying its output, not a hang."""
        fake = tmp_path / "s3rver"
        fake.write_text("#!/bin/sh\necho 'node: not found' >&2\nexit 127\n", encoding="utf-8")
        fake.chmod(0o755)
        with (
            pytest.raises(ServiceError, match="node: not found"),
            running_s3rver(tmp_path / "s3", tmp_path, binary=fake),
        ):
            pass

    def test_a_binary_that_cannot_run_is_a_service_error(self, tmp_path: Path) -> None:
        """A configured path that does not exist is reported as a ServiceError naming it."""
        missing = tmp_path / "nowhere" / "s3rver"
        with (
            pytest.raises(ServiceError, match="cannot run s3rver"),
            running_s3rver(tmp_path / "s3", tmp_path, binary=missing),
        ):
            pass

    def test_client_env_points_aws_clients_at_the_server(self, tmp_path: Path) -> None:
        """tansu's S3 client gets s3rver's fixed key, the endpoint and plain HTTP."""
        env = S3Server(
            "http://127.0.0.1:4568", "tansu", ManagedProcess("s3rver", ["true"], tmp_path / "l")
        ).client_env()
        assert env["AWS_ENDPOINT"] == "http://127.0.0.1:4568" and env["AWS_ALLOW_HTTP"] == "true"
        assert env["AWS_ACCESS_KEY_ID"] == env["AWS_SECRET_ACCESS_KEY"] == "S3RVER"
