"""What one long article does to the articles behind it: their latency with and without it, in one run.

    .venv/bin/python bench/long_article.py [--long-kb 600] [--kind prose|said-chain] [--articles 40]
                                           [--rate 1.0] [--long-text-bytes N]

The real embedded stack (tansu in memory, PostgreSQL, one worker process) in a temp dir:

1. Baseline: ``--articles`` articles of the corpus (the seed and the 91 dev pages, cycled) fed one
   by one at ``--rate`` per second; per article, the time from its send to its row's
   ``first_seen_at``.
2. The same again, right after one long article (``--kind``: the seed's paragraphs repeated to
   ``--long-kb`` KB of plain text, or names joined by "said", the costliest text we know of per
   byte), sent first.

Prints p50/p95/max latency of the short articles in both phases and their ratio, and the long
article's own time to its row. ``--long-text-bytes`` sets ``NEWSFLOW_LONG_TEXT_BYTES`` (0: no long
lane, every article waits its turn).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from agents.services import wait_for  # noqa: E402
from agents.settings import Settings  # noqa: E402
from agents.stack import embedded_stack, wait_until_drained  # noqa: E402
from bench.corpus import SEED  # noqa: E402
from bench.throughput import _count_rows, _feed, _first_seen, load_articles, payloads, percentile  # noqa: E402
from schemas import article_id_for_url  # noqa: E402

FIRST = ("Ann", "Bob", "Carl", "Dina", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jo")
LAST = ("Smith", "Jones", "Brown", "Lee", "Khan", "Patel", "Nguyen", "Garcia", "Muller", "Rossi")


def _prose(n: int) -> str:
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n") if len(p) > 200]
    return f"Part {n}. {paragraphs[n % len(paragraphs)]}\n\n"


def _said_chain(n: int) -> str:
    """One run-on "sentence" of names joined by "said": every name a speaker candidate of every cue.

    The names follow no cycle (a pseudo-random one of 100 for each ``n``), so no two stance inputs
    (a target in its window of text) are alike and none is scored once for several.
    """
    pick = random.Random(n)
    return f"{pick.choice(FIRST)} {pick.choice(LAST)} said "


KINDS = {"prose": _prose, "said-chain": _said_chain}


def long_article(kb: int, kind: str) -> tuple[str, bytes]:
    """A plain-text article of about ``kb`` KB of ``kind``: the seed's paragraphs numbered, over and
    over (``prose``), or names joined by "said", ~39,000 per 600 KB (``said-chain``)."""
    piece = KINDS[kind]
    parts: list[str] = []
    size = 0
    while size < kb * 1000:
        parts.append(piece(len(parts)))
        size += len(parts[-1].encode())
    url = f"https://bench.example/long-{kind}-{kb}kb-{time.time_ns()}"
    return article_id_for_url(url), orjson.dumps({"url": url, "text": "".join(parts).strip()})


def summary(latencies: list[float]) -> str:
    lat = sorted(latencies)
    return f"p50 {percentile(lat, 50):.2f}s p95 {percentile(lat, 95):.2f}s max {lat[-1]:.2f}s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-kb", type=int, default=600, help="size of the long article's text, KB")
    parser.add_argument("--kind", choices=sorted(KINDS), default="prose", help="what the long article's text is")
    parser.add_argument("--articles", type=int, default=40, help="short articles per phase")
    parser.add_argument("--rate", type=float, default=1.0, help="short articles fed per second")
    parser.add_argument("--long-text-bytes", type=int, default=None, help="NEWSFLOW_LONG_TEXT_BYTES (0: no lane)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # unwind, so the stack is stopped

    state = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    state.chmod(0o711)
    overrides = {} if args.long_text_bytes is None else {"long_text_bytes": args.long_text_bytes}
    settings = Settings(
        state_dir=state, kafka_bootstrap="127.0.0.1:19093", web_port=0, stance_cache_size=0, **overrides
    )
    print(f"long lane: articles over {settings.long_text_bytes:,} bytes of text (0: none); 1 worker", flush=True)
    items = load_articles()
    with embedded_stack(settings, workers=1) as stack:
        s, db = stack.settings, stack.database_url

        def stored(ids: list[str]) -> dict[str, float]:
            return asyncio.run(_first_seen(db, ids))

        def phase(tag: str, long: tuple[str, bytes] | None) -> tuple[list[float], float | None]:
            batch = payloads(items, args.articles, tag)
            sent = {}
            if long is not None:
                sent |= asyncio.run(_feed(s, [long], None))
            sent |= asyncio.run(_feed(s, batch, args.rate))
            ids = list(sent)
            # Cleaning refuses some dev pages (dead letters): wait for the lag to drain, not for rows.
            wait_for(lambda: bool(stored(ids)), timeout=600, what=f"{tag} rows", interval=0.5)
            wait_until_drained(stack, timeout=1800)
            seen = stored(ids)
            shorts = [seen[i] - sent[i] for i, _ in batch if i in seen]
            long_time = None if long is None or long[0] not in seen else seen[long[0]] - sent[long[0]]
            start = min(sent.values())
            for i in sorted((i for i, _ in batch if i in seen), key=lambda i: sent[i] - seen[i])[:3]:
                print(f"  slowest: sent at +{sent[i] - start:5.1f}s, stored after {seen[i] - sent[i]:5.2f}s")
            return shorts, long_time

        warm = payloads(items, 8, "warm")
        asyncio.run(_feed(s, warm, None))
        wait_for(lambda: asyncio.run(_count_rows(db, [i for i, _ in warm])) > 0, timeout=300, what="warm-up")
        wait_until_drained(stack, timeout=300)

        base, _ = phase("base", None)
        print(f"baseline: {len(base)} short articles at {args.rate}/s: {summary(base)}", flush=True)
        long = long_article(args.long_kb, args.kind)
        after, long_time = phase("after", long)
        print(f"behind a {len(long[1]) / 1000:.0f} KB article: {len(after)} short articles: {summary(after)}")
        print(
            f"ratio to baseline: p50 {percentile(sorted(after), 50) / percentile(sorted(base), 50):.2f} "
            f"p95 {percentile(sorted(after), 95) / percentile(sorted(base), 95):.2f} "
            f"max {max(after) / max(base):.2f}"
        )
        print(f"the long article: {long_time:.1f}s to its row" if long_time is not None else "the long article: no row")


if __name__ == "__main__":
    main()
