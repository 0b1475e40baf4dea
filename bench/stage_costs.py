"""Where the time goes per article: each pipeline stage on the article-extraction dev pages, one thread.

Pages that cleaning rejects (not English) are left out of every stage but cleaning, which is timed
on all pages. Times are CPU time of this process
(``time.process_time``) after a warm-up (langid, spaCy and the stance model load on first use), mean
per article: cleaning (``clean``), the spaCy parse, carrying the parse (DocBin out and back in, once
per NLP stage hop), entities + quotes (``tag_article`` + ``attribute_article_quotes``) and stance
(``score_article_stance``).
The parse is the baseline the other stages are compared with. Stance is timed once per model in
``--stance-models`` (default: the marker model, and the student when it is packaged), each on the
same parsed articles, without the score cache. ``--stored-weights`` also times each 8-bit model
with its weights as stored (uint8, onnxruntime's uint8 x uint8 kernels): the same scores, at the
speed they had before 8-bit weights ran on the uint8 x int8 kernels where those are exact
(``pipeline.stance.model.exact_signed_products``).

Run:  .venv/bin/python bench/stage_costs.py [--stance-models marker student] [--weight-bits 8 7] [--stored-weights]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from spacy.tokens import Doc  # noqa: E402

from bench.corpus import dev_pages  # noqa: E402
from bench.stance_speed import stance_kernels, stance_variants  # noqa: E402
from pipeline.clean import clean  # noqa: E402
from pipeline.errors import PermanentError  # noqa: E402
from pipeline.nlp import build_nlp, doc_from_bytes, doc_to_bytes  # noqa: E402
from pipeline.stages import (  # noqa: E402
    Parsed,  # noqa: E402
    StageContext,
    attribute_article_quotes,
    score_article_stance,
    tag_article,
)
from pipeline.stance import load_stance_model  # noqa: E402
from pipeline.stance.model import STUDENT_MODEL_DIR, WEIGHT_BITS, resolve_model_dir  # noqa: E402
from schemas.articles import RawArticle  # noqa: E402
from schemas.internal import CleanArticle  # noqa: E402

NOW = datetime(2026, 11, 25, tzinfo=UTC)
T = TypeVar("T")


def timed(times: list[float], fn: Callable[[], T]) -> T:
    start = time.process_time()
    result = fn()
    times.append(time.process_time() - start)
    return result


def cleaned(url: str, html: str) -> CleanArticle | None:
    try:
        return clean(RawArticle(url=url, html=html), now=NOW)
    except PermanentError:
        return None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--stance-models",
        nargs="+",
        default=["marker", "student"] if (STUDENT_MODEL_DIR / "config.json").is_file() else ["marker"],
        help="stance model names (marker, student) or folders",
    )
    p.add_argument(
        "--weight-bits", type=int, nargs="+", choices=WEIGHT_BITS, default=[8], help="time each model with these"
    )
    p.add_argument("--stored-weights", action="store_true", help="also time 8-bit weights on the uint8 x uint8 kernels")
    args = p.parse_args()
    nlp = build_nlp()
    print(stance_kernels())
    # No score cache: the warm-up pages would be cached.
    contexts = {
        label: StageContext(
            now=NOW,
            version="bench",
            nlp=nlp,
            stance=load_stance_model(resolve_model_dir(name), cache_size=0, weight_bits=bits, signed=signed),
        )
        for label, name, bits, signed in stance_variants(args.stance_models, args.weight_bits, args.stored_weights)
    }
    ctx = next(iter(contexts.values()))

    def entities_and_quotes(article: CleanArticle, doc: Doc) -> Parsed:
        return attribute_article_quotes(tag_article(article, doc, ctx), None, ctx)

    pages = dev_pages()
    for url, html in pages[:3]:  # warm-up: langid, spaCy, the stance model
        if (article := cleaned(url, html)) is not None:
            doc = nlp(article.text)
            for c in contexts.values():
                score_article_stance(entities_and_quotes(article, doc), None, c)
    stages = ["clean", "parse", "docbin", "entities+quotes", *(f"stance {name}" for name in contexts)]
    times: dict[str, list[float]] = {k: [] for k in stages}
    articles = [a for url, html in pages if (a := timed(times["clean"], lambda u=url, h=html: cleaned(u, h)))]
    for article in articles:
        doc = timed(times["parse"], lambda a=article: nlp(a.text))
        timed(times["docbin"], lambda d=doc: [doc_from_bytes(doc_to_bytes(d), nlp) for _ in range(2)])
        parsed = timed(times["entities+quotes"], lambda a=article, d=doc: entities_and_quotes(a, d))
        for name, c in contexts.items():
            timed(times[f"stance {name}"], lambda p=parsed, c=c: score_article_stance(p, None, c))
    parse = statistics.fmean(times["parse"])
    words = statistics.fmean(len(a.text.split()) for a in articles)
    print(f"articles={len(articles)} of {len(pages)} pages (the rest rejected), mean {words:.0f} words")
    for stage, values in times.items():
        mean = statistics.fmean(values)
        print(f"{stage:<30} {mean * 1000:7.1f} ms/article  ({mean / parse:.2f}x the parse)")


if __name__ == "__main__":
    main()
