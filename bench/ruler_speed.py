"""The attribute ruler with array matches (``pipeline.ruler_index``) against spaCy's Matcher, same run.

    .venv/bin/python bench/ruler_speed.py [--rounds 3]

On the clean bodies of the 91 article-extraction dev pages, one thread, CPU time of this process:
the ruler's matching alone (each way, on the same parses), and the whole parse (``build_nlp()``) with
the ruler matching each way, in alternating rounds so that a busy neighbour slows both alike. Checks
that both ways give the same matches on every page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import dev_pages  # noqa: E402
from pipeline.clean import clean  # noqa: E402
from pipeline.errors import PermanentError  # noqa: E402
from pipeline.nlp import build_nlp, parse_many  # noqa: E402
from schemas.articles import RawArticle  # noqa: E402


def cpu_ms_per_item(fn: Callable[[], object], items: int) -> float:
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000 / items


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    now = datetime.now(UTC)
    texts = []
    for url, html in dev_pages():
        try:
            texts.append(clean(RawArticle(url=url, html=html), now=now).text)
        except PermanentError:
            continue
    arrays, matcher = build_nlp(), build_nlp()
    ruler: Any = matcher.get_pipe("attribute_ruler")
    del ruler.match  # spaCy's own AttributeRuler.match: its Matcher
    fast: Any = arrays.get_pipe("attribute_ruler").match
    with arrays.select_pipes(disable=["attribute_ruler", "ner"]):
        docs = list(arrays.pipe(texts))
    same = sum(fast(doc) == ruler.match(doc) for doc in docs)
    print(f"{len(texts)} pages, mean {statistics.fmean(len(d) for d in docs):.0f} tokens; same matches on {same}")
    list(parse_many(arrays, texts[:4]))  # warm-up
    list(parse_many(matcher, texts[:4]))
    rows: dict[str, list[float]] = {
        "match, arrays": [],
        "match, Matcher": [],
        "parse, arrays": [],
        "parse, Matcher": [],
    }
    for _ in range(args.rounds):
        rows["match, arrays"].append(cpu_ms_per_item(lambda: [fast(d) for d in docs], len(docs)))
        rows["match, Matcher"].append(cpu_ms_per_item(lambda: [ruler.match(d) for d in docs], len(docs)))
        rows["parse, arrays"].append(cpu_ms_per_item(lambda: list(parse_many(arrays, texts)), len(texts)))
        rows["parse, Matcher"].append(cpu_ms_per_item(lambda: list(parse_many(matcher, texts)), len(texts)))
    for name, values in rows.items():
        print(f"{name:16} {statistics.fmean(values):7.2f} ms/page (min {min(values):.2f}, {args.rounds} rounds)")
    print(
        f"parse with arrays / with the Matcher: {statistics.fmean(rows['parse, arrays']) / statistics.fmean(rows['parse, Matcher']):.3f}"
    )


if __name__ == "__main__":
    main()
