"""Recovery after a worker SIGKILL: seconds from the kill to the next article stored.

    .venv/bin/python bench/recovery.py [--kills 3] [--rate 4]

Runs the embedded stack (tansu + PostgreSQL + 1 worker + web) in a temp dir. A thread produces
short good articles onto the raw topic at ``--rate`` per second the whole time. Each round SIGKILLs
the worker's process group and starts it again at once (as ``newsflow up``'s supervisor does after
its first 1 s backoff, minus that second), then measures the seconds from the kill until an article
row is first seen after it. Group timings come from the usual ``NEWSFLOW_*`` variables, so runs with
other values compare settings (e.g. ``NEWSFLOW_SESSION_TIMEOUT=6``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from agents.services import wait_for  # noqa: E402
from agents.settings import Settings  # noqa: E402
from agents.stack import embedded_stack  # noqa: E402
from tests.helpers import fetch  # noqa: E402
from tests.hostile import Input, hostile_inputs, produce  # noqa: E402


def newest_row(dsn: str) -> float:
    rows = asyncio.run(fetch(dsn, "SELECT max(first_seen_at) AS t FROM articles"))
    return rows[0]["t"].timestamp() if rows and rows[0]["t"] is not None else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--rate", type=float, default=4.0, help="articles per second fed throughout")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    state = Path(tempfile.mkdtemp(prefix="newsflow-recovery-"))
    state.chmod(0o711)
    settings = Settings(state_dir=state, kafka_bootstrap="127.0.0.1:19094", web_port=0)
    print(f"session timeout {settings.session_timeout:g}s, rebalance timeout {settings.rebalance_timeout:g}s, "
          f"heartbeat {settings.heartbeat_interval:g}s", flush=True)  # fmt: skip
    good: list[Input] = [i for i in hostile_inputs(400, seed=5) if i.kind == "good_text"]
    stop = threading.Event()
    with embedded_stack(settings, workers=1) as stack:
        dsn, [worker] = stack.database_url, stack.workers

        def feed() -> None:
            started = time.monotonic()
            for n, item in enumerate(good):
                if stop.wait(max(0.0, started + n / args.rate - time.monotonic())):
                    return
                produce(stack.settings.kafka_bootstrap, stack.settings.topics.raw, [item])

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        wait_for(lambda: newest_row(dsn) > 0, timeout=120, what="the first stored article", interval=0.5)
        recoveries = []
        try:
            for n in range(1, args.kills + 1):
                time.sleep(3)  # steady state between kills
                killed_at = time.time()
                assert worker.pid is not None
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(worker.pid, signal.SIGKILL)
                wait_for(lambda: not worker.alive(), timeout=10, what="the worker to die")
                worker.restart()
                wait_for(
                    lambda t=killed_at: newest_row(dsn) > t, timeout=300, what="an article after the kill", interval=0.2
                )
                recovery = newest_row(dsn) - killed_at
                recoveries.append(recovery)
                print(f"kill {n}: next article stored {recovery:.1f}s after the SIGKILL", flush=True)
        finally:
            stop.set()
            feeder.join(10)
    print(f"recovery seconds: {', '.join(f'{r:.1f}' for r in recoveries)}; "
          f"median {statistics.median(recoveries):.1f}, max {max(recoveries):.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
