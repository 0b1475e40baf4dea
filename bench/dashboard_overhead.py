"""Does watching the dashboard slow the pipeline? End-to-end articles/s with and without viewers.

Runs the real stack on loopback: tansu broker, PostgreSQL, one ``newsflow worker`` process and the
web server with the dashboard (in a thread). Each phase feeds ``--copies`` copies of the bundled
sample articles under distinct URLs and times from the first send until every one of them is a row
in PostgreSQL. Phases alternate "no viewer" / "N headless Chromium tabs on the dashboard" for
``--rounds`` rounds after a warm-up, and the medians are compared.

Usage::

    .venv/bin/python bench/dashboard_overhead.py --copies 10 --rounds 3 --viewers 2
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import orjson
from pydantic import SecretStr

from agents.admin import ensure_topics
from agents.dashboard import setup as dashboard_setup
from agents.feed import Feeder, iter_payloads
from agents.services import ManagedProcess, running_broker, running_postgres, wait_for
from agents.settings import Settings
from agents.sink_postgres import connect
from agents.web import serve
from schemas import article_id_for_url

SAMPLES = Path(__file__).resolve().parents[1] / "agents" / "samples" / "articles.jsonl.gz"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def batch(copies: int) -> tuple[list[bytes], list[str]]:
    """``copies`` copies of the sample articles, each under a URL of its own."""
    base = [orjson.loads(p) for p in iter_payloads(SAMPLES)]
    tag = uuid.uuid4().hex[:8]
    payloads = [
        orjson.dumps({**a, "url": f"{a['url']}?bench={tag}-{n}"}) for n in range(copies) for a in base
    ]  # fmt: skip
    return payloads, [article_id_for_url(orjson.loads(p)["url"]) for p in payloads]


def run_in_thread(coro: Any) -> Any:
    """Run a coroutine on a fresh loop in a fresh thread (keeps the main thread loop-free)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["r"] = asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            box["e"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "e" in box:
        raise box["e"]
    return box.get("r")


async def _feed(settings: Settings, payloads: list[bytes]) -> None:
    async with Feeder(settings) as feeder:
        for payload in payloads:
            await feeder.send(payload)
        await feeder.flush()


async def _migrate(url: str) -> None:
    pool = await connect(url)  # applies the schema, as the worker would
    await pool.close()


async def _stored(url: str, ids: list[str]) -> int:
    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM articles WHERE id = ANY($1::text[])", ids))
    finally:
        await conn.close()


def measure(settings: Settings, copies: int, worker: ManagedProcess) -> tuple[int, float]:
    """Feed one batch; return (articles, seconds until all are rows in PostgreSQL)."""
    payloads, ids = batch(copies)
    assert settings.database_url is not None
    db = settings.database_url.get_secret_value()
    started = time.perf_counter()
    run_in_thread(_feed(settings, payloads))

    def done() -> bool:
        worker.check_alive()
        return bool(run_in_thread(_stored(db, ids)) == len(ids))

    wait_for(done, timeout=900, what=f"{len(ids)} articles in PostgreSQL", interval=0.2)
    return len(ids), time.perf_counter() - started


def summary(url: str) -> dict[str, Any]:
    """The dashboard's JSON snapshot."""
    with urllib.request.urlopen(f"{url}/api/summary", timeout=30) as response:  # noqa: S310 - loopback
        return orjson.loads(response.read())  # type: ignore[no-any-return]


@contextmanager
def dashboard(settings: Settings) -> Iterator[str]:
    """The web server with the dashboard, in a thread with its own loop."""
    ready, state = threading.Event(), {}

    async def main() -> None:
        state["loop"], state["stop"] = asyncio.get_running_loop(), asyncio.Event()

        def started(url: str) -> None:
            state["url"] = url
            ready.set()

        await serve(settings, extensions=(dashboard_setup,), started=started, stop=state["stop"])

    thread = threading.Thread(target=lambda: asyncio.run(main()), daemon=True)
    thread.start()
    if not ready.wait(60):
        msg = "dashboard did not start"
        raise RuntimeError(msg)
    try:
        yield state["url"]
    finally:
        state["loop"].call_soon_threadsafe(state["stop"].set)
        thread.join(30)


@contextmanager
def viewers(url: str, count: int) -> Iterator[None]:
    """``count`` headless Chromium tabs showing the live dashboard (in their own thread)."""
    opened, close, errors = threading.Event(), threading.Event(), []

    def run() -> None:
        from playwright.sync_api import expect, sync_playwright

        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                pages = [browser.new_page(viewport={"width": 1400, "height": 1000}) for _ in range(count)]
                for page in pages:
                    page.goto(url)
                    expect(page.get_by_test_id("connection-status")).to_have_attribute(
                        "data-state", "live", timeout=30_000
                    )
                opened.set()
                close.wait()
                browser.close()
        except Exception as exc:  # noqa: BLE001 - reported to the caller
            errors.append(exc)
            opened.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    opened.wait(120)
    if errors:
        raise errors[0]
    try:
        yield
    finally:
        close.set()
        thread.join(60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--copies", type=int, default=10, help="copies of the 6 samples per phase")
    parser.add_argument("--rounds", type=int, default=3, help="alternating without/with rounds")
    parser.add_argument("--viewers", type=int, default=1, help="browser tabs on the dashboard")
    args = parser.parse_args()
    # SIGTERM unwinds like Ctrl+C, so the services below are always stopped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    work = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    work.chmod(0o711)  # PostgreSQL runs as the postgres user when we are root
    with running_broker(work / "broker") as bootstrap, running_postgres(work / "pg") as db_url:
        unique = uuid.uuid4().hex[:8]
        settings = Settings(
            kafka_bootstrap=bootstrap,
            database_url=SecretStr(db_url),
            topic_prefix=f"bench{unique}.articles",
            app_id=f"bench-{unique}",
            state_dir=work / "state",
            web_port=0,
        )
        run_in_thread(ensure_topics(settings))
        run_in_thread(_migrate(db_url))
        env = {
            "NEWSFLOW_KAFKA_BOOTSTRAP": bootstrap,
            "NEWSFLOW_DATABASE_URL": db_url,
            "NEWSFLOW_TOPIC_PREFIX": settings.topic_prefix,
            "NEWSFLOW_APP_ID": settings.app_id,
            "NEWSFLOW_STATE_DIR": str(settings.state_dir),
            "NEWSFLOW_LOG_LEVEL": "WARNING",
        }
        worker = ManagedProcess("worker", [sys.executable, "-m", "agents.cli", "worker"], work / "worker.log", env=env)
        worker.start()
        try:
            with dashboard(settings) as url:
                n, took = measure(settings, 1, worker)
                print(f"warm-up: {n} articles in {took:.1f}s (worker start, group join, model load)", file=sys.stderr)
                results: dict[str, list[float]] = {"without": [], "with": []}
                for r in range(1, args.rounds + 1):
                    for mode in ("without", "with"):
                        # CPU of this process (web server + dashboard + feeder + polling) and of
                        # finished children (the Playwright driver and its Chromium, once closed).
                        cpu0, kids0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
                        compute_ms = None
                        if mode == "with":
                            with viewers(url, args.viewers):
                                n, took = measure(settings, args.copies, worker)
                                compute_ms = summary(url)["compute_ms"]
                        else:
                            n, took = measure(settings, args.copies, worker)
                        kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                        browser_cpu = (kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
                        results[mode].append(n / took)
                        print(
                            f"round {r} {mode:>7} viewer(s): {n} articles in {took:5.1f}s = {n / took:5.2f} articles/s"
                            f" | server CPU {time.process_time() - cpu0:4.1f}s, browser CPU {browser_cpu:4.1f}s"
                            + (f", last snapshot took {compute_ms} ms" if compute_ms is not None else "")
                        )
        finally:
            worker.stop(timeout=30)
    without, with_ = statistics.median(results["without"]), statistics.median(results["with"])
    print(f"median without dashboard viewers: {without:.2f} articles/s")
    print(f"median with {args.viewers} viewer(s):          {with_:.2f} articles/s")
    print(f"ratio with/without: {with_ / without:.3f}  (machine: {os.cpu_count()} cores, shared)")


if __name__ == "__main__":
    main()
