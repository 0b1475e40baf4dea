"""Time ``pipeline.clean.clean`` per article against trafilatura alone, in the same run.

Inputs: the 91 article-extraction dev pages (HTML, 186 KB mean) and the plain-text seed article.
Times are CPU time of this process (``time.process_time``: other engineers' jobs on the shared
2-core machine inflate wall time but not this), best of ``--repeat`` passes, after one warm-up
pass that also loads py3langid's model. Each line gives the mean of the best pass, and the median
and 95th percentile of the per-article times in that pass.

Run:  .venv/bin/python bench/clean_speed.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import EXTRACTION_DEV  # noqa: E402
from pipeline.clean import clean  # noqa: E402
from pipeline.errors import PermanentError  # noqa: E402
from schemas.articles import RawArticle  # noqa: E402

DATA = EXTRACTION_DEV
from bench.corpus import SEED  # noqa: E402

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def load_pages() -> list[RawArticle]:
    ground = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        RawArticle(
            url=ground[k]["url"],
            html=gzip.decompress((DATA / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8"),
        )
        for k in sorted(ground)
    ]


def clean_or_none(raw: RawArticle) -> object:
    try:
        return clean(raw, now=NOW)
    except PermanentError:  # non-English dev pages are rejected; their time still counts
        return None


def time_per_item(
    fn: Callable[[RawArticle], object], items: list[RawArticle], repeat: int
) -> tuple[float, float, float]:
    """Best-of-``repeat`` mean, and the median and 95th percentile of per-item times of that pass, in ms."""
    best_mean, best_times = float("inf"), [0.0]
    for _ in range(repeat):
        times = []
        for item in items:
            start = time.process_time()
            fn(item)
            times.append((time.process_time() - start) * 1000)
        if statistics.fmean(times) < best_mean:
            best_mean, best_times = statistics.fmean(times), times
    p95 = statistics.quantiles(best_times, n=20, method="inclusive")[-1] if len(best_times) > 1 else best_times[0]
    return best_mean, statistics.median(best_times), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pages = load_pages()
    seed = RawArticle(url="https://112.ua/seed", text=SEED.read_text(encoding="utf-8"))
    outcomes = [clean_or_none(p) for p in pages]  # warm-up
    print(f"pages={len(pages)} cleaned={sum(o is not None for o in outcomes)} (rest raised PermanentError)")
    runs: list[tuple[str, Callable[[RawArticle], object], list[RawArticle]]] = [
        ("trafilatura.extract (baseline)", lambda r: trafilatura.extract(r.html or ""), pages),
        (
            "trafilatura precision+metadata",
            lambda r: trafilatura.bare_extraction(
                r.html or "", with_metadata=True, favor_precision=True, include_comments=False
            ),
            pages,
        ),
        ("newsflow clean() HTML", clean_or_none, pages),
        ("newsflow clean() seed text", clean_or_none, [seed] * 50),
    ]
    for name, fn, items in runs:
        mean, median, p95 = time_per_item(fn, items, args.repeat)
        print(f"{name:<32} mean={mean:7.2f} ms/article  median={median:7.2f}  p95={p95:7.2f} ms")


if __name__ == "__main__":
    main()
