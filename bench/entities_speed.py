"""Compare entity post-processing time with the spaCy parse time of the same articles.

Usage: .venv/bin/python bench/quotes_speed.py [--repeat N]

Articles: the seed body and the quote-rich real articles of the extraction dev set
(/work/shared/eval/article-extraction-dev/ground-truth.json). Times are medians over repeats,
per article, after a warm-up; post-processing is ``tag_entities`` on the parsed Doc.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import quote_rich_bodies  # noqa: E402
from pipeline.entities import tag_entities  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--articles", type=int, default=20)
    args = ap.parse_args()
    nlp = build_nlp()
    texts = quote_rich_bodies(args.articles)
    nlp(texts[0])  # warm-up
    parse_ms: list[float] = []
    attr_ms: list[float] = []
    n_quotes = 0
    for text in texts:
        runs_parse, runs_attr = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            doc = nlp(text)
            t1 = time.perf_counter()
            runs_parse.append(t1 - t0)
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            mentions, entities = tag_entities(doc)
            runs_attr.append(time.perf_counter() - t0)
        assert all(doc.text[m.start : m.end] == m.text for m in mentions)
        n_quotes += len(entities)
        parse_ms.append(statistics.median(runs_parse) * 1000)
        attr_ms.append(statistics.median(runs_attr) * 1000)
    words = sum(len(t.split()) for t in texts)
    p, a = sum(parse_ms), sum(attr_ms)
    print(f"articles: {len(texts)}, words: {words}, canonical entities: {n_quotes}")
    print(f"parse ms (sum of per-article medians): {p:.1f}  ({p / len(texts):.1f} per article)")
    print(f"entity post-processing ms (sum of per-article medians): {a:.1f}  ({a / len(texts):.2f} per article)")
    print(
        f"ratio entities/parse: {a / p:.3f}  (worst article: {max(x / y for x, y in zip(attr_ms, parse_ms, strict=True)):.3f})"
    )


if __name__ == "__main__":
    main()
