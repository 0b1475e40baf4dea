"""Supervision of child processes: ``ManagedProcess.restart`` and ``Supervisor``'s restarts with backoff."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from agents.services import ManagedProcess, Supervisor, wait_for

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeProcess:
    """Stands in for ``ManagedProcess``: dies when told, counts restarts."""

    name: str
    log_path: Path = Path("fake.log")
    running: bool = True
    restarts: int = 0
    pid: int = 100
    exit_code: int | None = None
    starts_at: list[float] = field(default_factory=list)

    def alive(self) -> bool:
        return self.running

    def crash(self, code: int = 1) -> None:
        self.running, self.exit_code = False, code

    def restart(self) -> FakeProcess:
        self.running, self.exit_code = True, None
        self.restarts += 1
        self.pid += 1
        return self


def _gone(pid: int) -> bool:
    """Whether ``pid`` no longer runs (a zombie counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.split(") ", 1)[1].startswith("Z")


def _crash_until_restarted(supervisor: Supervisor, proc: FakeProcess, clock: FakeClock) -> float:
    """Crash ``proc``, advance the clock a second at a time until it is restarted; return the wait."""
    proc.crash()
    before, started = proc.restarts, clock.now
    for _ in range(100):
        supervisor.poll()
        if proc.restarts > before:
            return clock.now - started
        clock.now += 1
    pytest.fail("never restarted")


def test_restart_reuses_the_object_and_stop_stops_the_new_process(tmp_path: Path) -> None:
    proc = ManagedProcess("sleeper", SLEEPER, tmp_path / "sleeper.log").start()
    stop = proc.stop  # what an ExitStack callback holds
    try:
        first = proc.pid
        assert first is not None and proc.alive()
        assert proc.restart(timeout=5) is proc
        second = proc.pid
        assert second is not None and second != first and proc.alive()
        assert _gone(first)
    finally:
        stop(5)
    assert not proc.alive() and _gone(second)


def test_a_child_that_exits_is_restarted_with_a_new_pid(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    marker = tmp_path / "ran-once"
    # Exits with 3 the first time, sleeps the second time.
    code = f"import pathlib, sys, time\np = pathlib.Path({str(marker)!r})\nif not p.exists(): p.touch(); sys.exit(3)\ntime.sleep(60)"
    proc = ManagedProcess("flaky", [sys.executable, "-c", code], tmp_path / "flaky.log").start()
    other = ManagedProcess("steady", SLEEPER, tmp_path / "steady.log").start()
    supervisor = Supervisor([proc, other], initial_delay=0.0)
    try:
        first, steady = proc.pid, other.pid
        assert proc.proc is not None
        proc.proc.wait(10)
        with caplog.at_level(logging.WARNING, logger="agents.services"):
            assert supervisor.poll() == ["flaky"]
        assert proc.pid != first and proc.alive()
        assert other.alive() and other.pid == steady  # the rest keep running
        assert supervisor.restarts(proc) == 1 and supervisor.restarts(other) == 0
        assert "restarting name=flaky exit_code=3 in=0.0s" in caplog.text
        assert supervisor.poll() == []  # alive: nothing to do
    finally:
        proc.stop(5)
        other.stop(5)
    assert not proc.alive() and not other.alive()


def test_backoff_doubles_up_to_the_maximum_and_resets_after_a_stable_run() -> None:
    clock = FakeClock()
    proc = FakeProcess("worker-1")
    supervisor = Supervisor([proc], initial_delay=1, max_delay=8, stable_after=60, clock=clock)  # type: ignore[list-item]
    waits = [_crash_until_restarted(supervisor, proc, clock) for _ in range(6)]
    assert waits == [1, 2, 4, 8, 8, 8]
    clock.now += 60  # stays up long enough
    assert _crash_until_restarted(supervisor, proc, clock) == 1
    assert _crash_until_restarted(supervisor, proc, clock) == 2
    assert supervisor.restarts(proc) == 8  # type: ignore[arg-type]


def test_a_restart_is_not_due_before_its_delay_and_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    proc = FakeProcess("web")
    supervisor = Supervisor([proc], initial_delay=5, clock=clock)  # type: ignore[list-item]
    proc.crash(code=-9)
    with caplog.at_level(logging.WARNING, logger="agents.services"):
        assert supervisor.poll() == []
        clock.now += 4.9
        assert supervisor.poll() == []
        clock.now += 0.1
        assert supervisor.poll() == ["web"]
    scheduled = [r.getMessage() for r in caplog.records if r.getMessage().startswith("restarting ")]
    assert scheduled == ["restarting name=web exit_code=-9 in=5.0s log=fake.log"]


def test_a_failed_restart_counts_as_another_crash(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    proc = ManagedProcess("gone", [str(tmp_path / "no-such-binary")], tmp_path / "gone.log")
    supervisor = Supervisor([proc], initial_delay=1, clock=clock)

    def failed_restarts() -> int:
        return sum(r.getMessage().startswith("restart failed name=gone") for r in caplog.records)

    with caplog.at_level(logging.WARNING):
        assert supervisor.poll() == []  # never started: scheduled in 1 s
        clock.now += 1
        assert supervisor.poll() == [] and failed_restarts() == 1  # Popen fails at t=1
        clock.now += 1
        assert supervisor.poll() == [] and failed_restarts() == 1  # seen dead again: the next try in 2 s (t=4)
        clock.now += 1
        assert supervisor.poll() == [] and failed_restarts() == 1  # the doubled delay is not over
        clock.now += 1
        assert supervisor.poll() == [] and failed_restarts() == 2
    assert supervisor.restarts(proc) == 0 and not proc.alive()
    proc.stop()


def test_wait_for_sees_the_restart_of_a_real_crashing_child(tmp_path: Path) -> None:
    proc = ManagedProcess("crasher", [sys.executable, "-c", "raise SystemExit(1)"], tmp_path / "c.log").start()
    supervisor = Supervisor([proc], initial_delay=0.0)
    pids = {proc.pid}
    try:

        def restarted_twice() -> bool:
            supervisor.poll()
            pids.add(proc.pid)
            return supervisor.restarts(proc) >= 2

        wait_for(restarted_twice, timeout=30, what="two restarts")
        assert len(pids) >= 3 and os.getpid() not in pids
    finally:
        proc.stop(5)
