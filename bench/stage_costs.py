"""Where the time goes per article: each pipeline stage on the article-extraction dev pages, one thread.

Pages that cleaning rejects (not English) are left out of every stage but cleaning, which is timed
on all pages. Times are CPU time of this process
(``time.process_time``) after a warm-up (langid, spaCy and the stance model load on first use), mean
per article: cleaning (``clean``), the spaCy parse, carrying the parse (DocBin out and back in, once
per NLP stage hop), entities + quotes (``tag_stage`` + ``quote_stage``) and stance (``stance_stage``).
The parse is the baseline the other stages are compared with.

Run:  .venv/bin/python bench/stage_costs.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import dev_pages  # noqa: E402
from pipeline.clean import clean  # noqa: E402
from pipeline.enrich import quote_stage, stance_stage, tag_stage  # noqa: E402
from pipeline.errors import PermanentError  # noqa: E402
from pipeline.nlp import build_nlp, doc_from_bytes, doc_to_bytes  # noqa: E402
from pipeline.stance import load_stance_model  # noqa: E402
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
    nlp, model = build_nlp(), load_stance_model(cache_size=0)  # the warm-up pages would be cached
    pages = dev_pages()
    for url, html in pages[:3]:  # warm-up: langid, spaCy, the stance model
        if (article := cleaned(url, html)) is not None:
            doc = nlp(article.text)
            stance_stage(quote_stage(tag_stage(article, doc, nlp), doc), doc, model, now=NOW, version="bench")
    times: dict[str, list[float]] = {k: [] for k in ("clean", "parse", "docbin", "entities+quotes", "stance")}
    articles = [a for url, html in pages if (a := timed(times["clean"], lambda u=url, h=html: cleaned(u, h)))]
    for article in articles:
        doc = timed(times["parse"], lambda a=article: nlp(a.text))
        timed(times["docbin"], lambda d=doc: [doc_from_bytes(doc_to_bytes(d), nlp) for _ in range(2)])
        staged = timed(times["entities+quotes"], lambda a=article, d=doc: quote_stage(tag_stage(a, d, nlp), d))
        timed(times["stance"], lambda s=staged, d=doc: stance_stage(s, d, model, now=NOW, version="bench"))
    parse = statistics.fmean(times["parse"])
    words = statistics.fmean(len(a.text.split()) for a in articles)
    print(f"articles={len(articles)} of {len(pages)} pages (the rest rejected), mean {words:.0f} words")
    for stage, values in times.items():
        mean = statistics.fmean(values)
        print(f"{stage:<16} {mean * 1000:7.1f} ms/article  ({mean / parse:.2f}x the parse)")


if __name__ == "__main__":
    main()
