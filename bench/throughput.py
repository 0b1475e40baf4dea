"""End-to-end throughput and latency of the running pipeline, against bare spaCy in the same run.

    .venv/bin/python bench/throughput.py [--articles 184] [--workers 1] [--latency-articles 60] [--durable]

1. Baseline: bare ``nlp.pipe`` (same model, same exclusions, one process) over the clean bodies
   of the seed and the 91 dev pages of ../shared/eval/article-extraction-dev: articles/s.
2. The real embedded stack (tansu + PostgreSQL + worker processes) in a temp dir: after a warm-up,
   N articles are fed as fast as possible; articles/s = N / (time until the last row is in
   PostgreSQL). Printed with the ratio to the baseline (the goal is >= 0.9). With ``--durable``
   the broker keeps its data on the local S3 server (``newsflow up --durable``), else in memory.
3. Latency: articles fed one by one at half the measured rate, or at ``--latency-rate`` (to compare
   two versions at the same load; by default each corpus article once); per article, the time
   from the send to its row's ``first_seen_at`` in PostgreSQL (same machine clock); p50/p95/p99,
   each hop's p50/p99, and the slowest articles with their length and where their time went: the
   time from the send to the article's message on each topic (the broker's record timestamps, the
   producers' clocks: same machine), so per hop its queueing, batching and work.

Stance runs with ``NEWSFLOW_STANCE_PARALLEL`` model runs at once per worker (default 2), as the
workers do; set it to 1 to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from agents.feed import Feeder  # noqa: E402
from agents.services import wait_for  # noqa: E402
from agents.settings import Settings  # noqa: E402
from agents.stack import embedded_stack, wait_until_drained  # noqa: E402
from bench.corpus import SEED, dev_pages  # noqa: E402
from pipeline.clean import clean  # noqa: E402
from pipeline.errors import PermanentError  # noqa: E402
from pipeline.ingest import decode_payload  # noqa: E402
from pipeline.nlp import build_nlp, parse_many  # noqa: E402
from pipeline.topology import DEAD_LETTER_TOPIC, STAGES, TOPICS  # noqa: E402
from schemas import article_id_for_url  # noqa: E402


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile (never above the maximum, unlike extrapolating quantiles)."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def load_articles() -> list[dict[str, str]]:
    """The seed (plain text) and every dev page (HTML) as raw-article dicts."""
    items = [{"url": "https://bench.example/seed", "text": SEED.read_text(encoding="utf-8")}]
    return items + [{"url": url, "html": html} for url, html in dev_pages()]


def payloads(items: list[dict[str, str]], n: int, tag: str) -> list[tuple[str, bytes]]:
    """N payloads cycling through ``items`` with unique URLs (so each makes a new row)."""
    out = []
    for i in range(n):
        item = dict(items[i % len(items)])
        item["url"] = f"{item['url']}#bench-{tag}-{i}"
        out.append((article_id_for_url(item["url"]), orjson.dumps(item)))
    return out


def baseline(items: list[dict[str, str]], repeat: int) -> tuple[float, list[str], list[bool]]:
    """Bare nlp.pipe articles/s over the clean bodies (cleaning itself not timed).

    Also returns the bodies and, per item, whether cleaning accepts it (rejected ones become dead
    letters in the pipeline, not rows).
    """
    now = datetime.now(UTC)
    texts, accepted = [], []
    for item in items:
        try:
            texts.append(clean(decode_payload(orjson.dumps(item)), now=now).text)
            accepted.append(True)
        except PermanentError:
            accepted.append(False)
    nlp = build_nlp()
    list(parse_many(nlp, texts[:8]))  # warm-up
    started = time.perf_counter()
    n = 0
    for _ in range(repeat):
        for _doc in parse_many(nlp, texts):
            n += 1
    return n / (time.perf_counter() - started), texts, accepted


async def _count_rows(url: str, ids: list[str]) -> int:
    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM articles WHERE id = ANY($1::text[])", ids))
    finally:
        await conn.close()


async def _first_seen(url: str, ids: list[str]) -> dict[str, float]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT id, first_seen_at FROM articles WHERE id = ANY($1::text[])", ids)
        return {r["id"]: r["first_seen_at"].timestamp() for r in rows}
    finally:
        await conn.close()


async def _hop_times(settings: Settings, ids: set[str]) -> dict[str, dict[str, float]]:
    """Per article id: each pipeline topic's record timestamp (s) of its first message there."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=settings.kafka_servers, enable_auto_commit=False)
    await consumer.start()
    try:
        names = [settings.topics[t] for t in TOPICS if t is not DEAD_LETTER_TOPIC]
        parts = [TopicPartition(n, p) for n in names for p in consumer.partitions_for_topic(n) or ()]
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)
        seen: dict[str, dict[str, float]] = {}
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            for tp, records in (await consumer.getmany(timeout_ms=1000)).items():
                for r in records:
                    key = r.key.decode(errors="replace") if r.key else ""
                    if key in ids:
                        seen.setdefault(key, {}).setdefault(tp.topic, r.timestamp / 1000)
        return seen
    finally:
        await consumer.stop()


async def _feed(settings: Settings, batch: list[tuple[str, bytes]], rate: float | None) -> dict[str, float]:
    sent: dict[str, float] = {}
    async with Feeder(settings) as feeder:
        start = time.perf_counter()
        for i, (article_id, payload) in enumerate(batch):
            if rate:
                delay = start + i / rate - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            sent[article_id] = time.time()
            await feeder.send(payload)
            if rate:
                await feeder.flush()
        await feeder.flush()
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=184, help="articles in the throughput run")
    parser.add_argument("--latency-articles", type=int, default=None, help="default: the corpus size")
    parser.add_argument(
        "--latency-rate",
        type=float,
        default=None,
        help="articles/s of the latency feed (default: half the measured rate)",
    )
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--baseline-repeat", type=int, default=2)
    parser.add_argument(
        "--durable", action="store_true", help="broker on s3 storage (s3rver), as `newsflow up --durable`"
    )
    args = parser.parse_args()
    # SIGTERM unwinds like Ctrl+C, so the embedded stack below is always stopped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    items = load_articles()
    print(f"corpus: {len(items)} articles (seed + dev pages)", flush=True)
    base_rate, texts, accepted = baseline(items, args.baseline_repeat)
    words = sum(len(t.split()) for t in texts) / max(len(texts), 1)
    print(f"baseline: bare nlp.pipe {base_rate:.2f} articles/s (mean {words:.0f} words/article, 1 process)", flush=True)

    state = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    state.chmod(0o711)
    # The feed cycles through the corpus, so the stance cache would score repeats for free: off, to
    # time the pipeline on articles it has not seen (bench/stance_cache.py times the cache).
    settings = Settings(
        state_dir=state,
        kafka_bootstrap="127.0.0.1:19092",
        web_port=0,
        stance_cache_size=0,
        broker_storage="s3" if args.durable else "memory",
    )
    print(f"broker storage: {settings.broker_storage}; stance runs at once per worker: {settings.stance_parallel}",
          flush=True)  # fmt: skip
    with embedded_stack(settings, workers=args.workers) as stack:
        s, db = stack.settings, stack.database_url

        def rows_expected(n: int) -> int:
            return sum(accepted[i % len(items)] for i in range(n))

        warm = payloads(items, 12, "warm")
        asyncio.run(_feed(s, warm, None))
        wait_for(lambda: asyncio.run(_count_rows(db, [i for i, _ in warm])) >= rows_expected(len(warm)),
                 timeout=300, what="warm-up articles", interval=0.5)  # fmt: skip
        wait_until_drained(stack, timeout=120)

        batch = payloads(items, args.articles, "tput")
        ids = [i for i, _ in batch]
        want = rows_expected(args.articles)
        started = time.perf_counter()
        asyncio.run(_feed(s, batch, None))
        wait_for(lambda: asyncio.run(_count_rows(db, ids)) >= want, timeout=1800,
                 what=f"{want} rows", interval=0.2)  # fmt: skip
        elapsed = time.perf_counter() - started
        rate = want / elapsed
        print(f"pipeline: {rate:.2f} articles/s end to end ({want} rows in {elapsed:.1f}s, "
              f"{args.workers} worker process(es))")  # fmt: skip
        print(f"ratio pipeline/bare nlp.pipe: {rate / base_rate:.2f}")

        paced = payloads(items, args.latency_articles or len(items), "lat")
        target = args.latency_rate or rate / 2
        sent = asyncio.run(_feed(s, paced, target))
        lat_ids = list(sent)
        wait_for(lambda: asyncio.run(_count_rows(db, lat_ids)) >= rows_expected(len(lat_ids)), timeout=900,
                 what="latency rows", interval=0.2)  # fmt: skip
        seen = asyncio.run(_first_seen(db, lat_ids))
        lat = sorted(seen[i] - sent[i] for i in seen)
        print(f"latency feed -> row at {target:.2f} articles/s over {len(lat)} articles: "
              f"p50 {percentile(lat, 50):.3f}s p95 {percentile(lat, 95):.3f}s p99 {percentile(lat, 99):.3f}s "
              f"max {lat[-1]:.3f}s")  # fmt: skip
        body_words = iter(len(t.split()) for t in texts)  # texts: the accepted items' bodies, in order
        item_words = [next(body_words) if ok else 0 for ok in accepted]
        words = {i: item_words[n % len(items)] for n, i in enumerate(lat_ids)}
        urls = {i: items[n % len(items)]["url"] for n, i in enumerate(lat_ids)}
        hops = asyncio.run(_hop_times(s, set(lat_ids)))
        stage_topics = [(st.name, s.topics[st.target]) for st in STAGES]
        spans: dict[str, list[float]] = {name: [] for name, _ in stage_topics}
        spans["store"] = []
        for i in seen:
            prev = sent[i]
            for name, t in stage_topics:
                if t in hops.get(i, {}):
                    spans[name].append(hops[i][t] - prev)
                    prev = hops[i][t]
            spans["store"].append(seen[i] - prev)
        print(
            "  per hop (from the previous topic's message to this one's), p50 / p99 s: "
            + "  ".join(
                f"{name} {percentile(sorted(v), 50):.3f} / {percentile(sorted(v), 99):.3f}"
                for name, v in spans.items()
                if v
            )
        )
        print("  slowest, with the time from the send to each stage's output and to the row:")
        for i in sorted(seen, key=lambda i: sent[i] - seen[i])[:5]:
            at = hops.get(i, {})
            steps = "  ".join(f"{name} {at[t] - sent[i]:.2f}" for name, t in stage_topics if t in at)
            print(
                f"  {seen[i] - sent[i]:6.3f}s  {words[i]:5d} words  {urls[i]}\n           {steps}  row {seen[i] - sent[i]:.2f}"
            )


if __name__ == "__main__":
    main()
