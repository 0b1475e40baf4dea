"""Hostile inputs at scale: thousands over HTTP and the raw topic; every one must end as one row.

    .venv/bin/python bench/hostile.py [--copies 40] [--workers 1]

Runs the embedded stack (tansu + PostgreSQL + workers + web) in a temp dir, sends ``copies``
inputs of each of the 41 kinds in ``tests/hostile.py`` over ``POST /articles`` and as many straight
onto the raw topic (confluent-kafka), waits until every input has a row, and prints per kind what
became of it, then the totals: inputs, articles, dead letters by reason, lost, stored twice,
``processing_error``. Exits 1 if anything was lost, doubled or a bug of ours. The same check, with
~200 inputs, runs in CI (``tests/integration/test_accounting.py``).
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from agents.settings import Settings  # noqa: E402
from agents.stack import embedded_stack  # noqa: E402
from tests.helpers import post_article  # noqa: E402
from tests.hostile import hostile_inputs, produce, wait_until_accounted  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40, help="inputs of each kind, per path")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    state = Path(tempfile.mkdtemp(prefix="newsflow-hostile-"))
    state.chmod(0o711)
    settings = Settings(state_dir=state, kafka_bootstrap="127.0.0.1:19093", web_port=0, max_body_bytes=100_000)
    over_kafka = hostile_inputs(args.copies, seed=1, start=0)
    over_http = [i for i in hostile_inputs(args.copies, seed=2, start=500_000) if i.marker.encode() in (i.value or b"")]
    inputs = over_kafka + over_http
    with embedded_stack(settings, workers=args.workers) as stack:
        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            statuses = Counter(pool.map(lambda i: post_article(stack.web_url, i.value or b"")[0], over_http))
        produce(stack.settings.kafka_bootstrap, stack.settings.topics.raw, over_kafka)
        sent = time.perf_counter() - started
        print(f"sent {len(over_http)} over HTTP (status {dict(statuses)}) and {len(over_kafka)} onto the raw topic "
              f"in {sent:.1f}s", flush=True)  # fmt: skip

        result = wait_until_accounted(stack.database_url, inputs, alive=stack.check_alive, timeout=1800, interval=2.0)
        print(f"every input accounted for after {time.perf_counter() - started:.1f}s")
    by_outcome = Counter()
    for (_, outcome), n in result.outcomes.items():
        by_outcome[outcome] += n
    lost, doubled = result.lost(inputs), result.doubled(inputs)
    bugs = sum(n for outcome, n in by_outcome.items() if "processing_error" in outcome)
    print(f"inputs {len(inputs)}; outcomes {dict(sorted(by_outcome.items()))}")
    print(f"lost {len(lost)}; stored twice {len(doubled)}; processing_error {bugs}; rows without a marker "
          f"{result.unmarked_rows}")  # fmt: skip
    return 1 if lost or doubled or bugs or result.unmarked_rows else 0


if __name__ == "__main__":
    sys.exit(main())
