"""`newsflow audit` on tansu + PostgreSQL + a real worker, run as operators run it (a subprocess).

Every raw message the worker committed has its outcome recorded; an input whose outcome is gone (as
a lost one would be) is reported missing, pending while it is younger than the grace, and ``--replay``
sends it through again, after which the audit is clean.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from agents.admin import consumer_lag
from agents.services import ManagedProcess, wait_for
from agents.settings import Settings
from agents.stack import child_env
from schemas import article_id_for_url
from tests.helpers import feed, fetch

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

TEXT = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs. "
    '"This ends a decade of debate," said Mayor Anna Berg, who backed the plan. '
    "Opponents argued that buses would serve the area at a fraction of the cost."
)
URLS = [f"https://example.com/audit/{n}" for n in range(4)]


def audit(settings: Settings, *args: str) -> tuple[int, dict[str, Any]]:
    """Run ``newsflow audit <args>``; return its exit code and its JSON report."""
    done = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "agents.cli", "audit", *args],
        env={**os.environ, **child_env(settings)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout, done.stderr
    return done.returncode, dict(json.loads(done.stdout))


def accounted(report: dict[str, Any]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for partition in report["partitions"]:
        for outcome, n in partition["accounted"].items():
            totals[outcome] = totals.get(outcome, 0) + n
    return totals


def test_audit_finds_an_input_without_outcome_and_replays_it(
    make_settings: Callable[..., Settings], start_worker: Callable[[Settings], ManagedProcess]
) -> None:
    settings = make_settings()
    dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]
    worker = start_worker(settings)
    good = [orjson.dumps({"url": url, "title": f"Tram {n}", "text": TEXT}) for n, url in enumerate(URLS)]
    bad = [b"{not json", orjson.dumps({"url": "https://example.com/audit/empty", "text": ""})]
    asyncio.run(feed(settings, [*good, *bad]))

    def settled() -> bool:
        worker.check_alive()
        rows = asyncio.run(
            fetch(dsn, "SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM dead_letters) AS d")
        )
        lag = sum(p.lag for p in asyncio.run(consumer_lag(settings)))
        return (rows[0]["a"], rows[0]["d"], lag) == (4, 2, 0)

    wait_for(settled, timeout=180, what="4 articles and 2 dead letters stored, nothing in flight", interval=0.5)

    rc, report = audit(settings, "--grace", "0")
    assert (rc, report["checked"], report["missing"], report["pending"]) == (0, 6, 0, 0)
    assert accounted(report) == {"article": 4, "dead_letter": 2}

    # An input committed without its outcome, as a lost one would be: its article and outcome rows gone.
    lost = article_id_for_url(URLS[2])
    [row] = asyncio.run(
        fetch(dsn, 'DELETE FROM input_outcomes WHERE article_id = $1 RETURNING "partition", "offset"', lost)
    )
    asyncio.run(fetch(dsn, "DELETE FROM articles WHERE id = $1", lost))
    rc, report = audit(settings, "--grace", "0")
    assert (rc, report["missing"]) == (1, 1)
    [where] = [p for p in report["partitions"] if p["missing"]]
    assert (where["partition"], where["missing_offsets"]) == (row["partition"], [row["offset"]])
    rc, report = audit(settings, "--grace", "3600")  # appended seconds ago: maybe still in the pipeline
    assert (rc, report["missing"], report["pending"]) == (0, 0, 1)

    rc, report = audit(settings, "--grace", "0", "--replay")
    assert (rc, report["missing"], report["replayed"]) == (0, 1, 1)

    def stored_again() -> bool:
        worker.check_alive()
        return bool(asyncio.run(fetch(dsn, "SELECT 1 FROM articles WHERE id = $1", lost)))

    wait_for(stored_again, timeout=120, what="the replayed input's article", interval=0.5)
    wait_for(lambda: sum(p.lag for p in asyncio.run(consumer_lag(settings))) == 0, timeout=60, what="drained")
    rc, report = audit(settings, "--grace", "0")
    assert (rc, report["checked"], report["missing"]) == (0, 7, 0)
    assert accounted(report) == {"article": 4, "dead_letter": 2, "replayed": 1}
    worker.check_alive()
