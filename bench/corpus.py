"""The benchmark corpora, read from the shared dev data (``../shared`` or ``NEWSFLOW_SHARED_DIR``)."""

from __future__ import annotations

import gzip
import json
import os
import statistics
import time
from collections.abc import Callable, Sized
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSFLOW_SHARED_DIR", REPO.parent / "shared"))
EXTRACTION_DEV = SHARED / "eval" / "article-extraction-dev"
SEED = REPO / "tests" / "data" / "seed-article.txt"


def seed_body() -> str:
    """The seed article's body paragraphs (what cleaning keeps), for NLP-only benchmarks."""
    text = SEED.read_text(encoding="utf-8")
    return text[text.index("September 3, the White House") : text.index("post-Assad Syria.") + len("post-Assad Syria.")]


def dev_pages() -> list[tuple[str, str]]:
    """(url, html) of the 91 article-extraction dev pages, in id order."""
    truth = json.loads((EXTRACTION_DEV / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (
            truth[page_id]["url"],
            gzip.decompress((EXTRACTION_DEV / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace"),
        )
        for page_id in sorted(truth)
    ]


def quote_rich_bodies(limit: int) -> list[str]:
    """The seed body, then the dev pages' true bodies with the most quote marks first."""
    truth = json.loads((EXTRACTION_DEV / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = sorted((v["articleBody"] for v in truth.values()), key=lambda b: -(b.count("“") + b.count('"')))
    return [seed_body(), *bodies[: limit - 1]]


def compare_with_parse(
    name: str,
    stage: Callable[[Doc, Any], Sized],
    *,
    articles: int,
    repeat: int,
    check: Callable[[Doc, Any], None],
    prepare: Callable[[Doc], Any] = lambda doc: None,
) -> None:
    """Print a stage's cost next to the spaCy parse of the same articles (medians over ``repeat``).

    ``prepare(doc)`` computes the stage's other inputs outside the timing (e.g. entities for quotes).
    """
    from pipeline.nlp import build_nlp

    nlp = build_nlp()
    texts = quote_rich_bodies(articles)
    nlp(texts[0])  # warm-up
    parse_ms: list[float] = []
    stage_ms: list[float] = []
    found = 0
    for text in texts:
        runs_parse, runs_stage = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            doc = nlp(text)
            runs_parse.append(time.perf_counter() - t0)
        prepared = prepare(doc)
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = stage(doc, prepared)
            runs_stage.append(time.perf_counter() - t0)
        check(doc, result)
        found += len(result)
        parse_ms.append(statistics.median(runs_parse) * 1000)
        stage_ms.append(statistics.median(runs_stage) * 1000)
    words = sum(len(t.split()) for t in texts)
    p, a = sum(parse_ms), sum(stage_ms)
    worst = max(x / y for x, y in zip(stage_ms, parse_ms, strict=True))
    print(f"articles: {len(texts)}, words: {words}, {name} results: {found}")
    print(f"parse ms (sum of per-article medians): {p:.1f}  ({p / len(texts):.1f} per article)")
    print(f"{name} ms (sum of per-article medians): {a:.1f}  ({a / len(texts):.2f} per article)")
    print(f"ratio {name}/parse: {a / p:.3f}  (worst article: {worst:.3f})")
