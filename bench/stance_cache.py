"""Stance stage on re-scraped articles: with the score cache against without it, in one run.

News streams carry the same sentences again: a scraper re-fetches an article after an edit, and
wire stories appear on many sites. This bench takes the first ``--articles`` English dev pages,
runs the stance stage on each (cold cache), then on a re-scrape of each: the same article with its
last paragraph edited (a sentence added) and a new first paragraph (an editor's update line). It
prints the stance stage's CPU time per re-scraped article with the cache warm from the first pass,
and with a model that has no cache (the baseline), plus the cache's hit rate. It also checks that
both models give the same enriched event (the cache changes speed only).

Run:  .venv/bin/python bench/stance_cache.py [--articles 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import dev_pages  # noqa: E402
from pipeline.clean import clean  # noqa: E402
from pipeline.errors import PermanentError  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402
from pipeline.stages import Parsed, StageContext, attribute_article_quotes, score_article_stance, tag_article  # noqa: E402
from pipeline.stance import OnnxStanceModel, StanceModel, load_stance_model  # noqa: E402
from schemas.articles import EnrichedArticle, RawArticle  # noqa: E402
from schemas.internal import CleanArticle  # noqa: E402

NOW = datetime(2026, 11, 29, tzinfo=UTC)
UPDATE = "Update: this story has been updated with a statement from the city's transport office."
ADDED = " The office said on Friday that it would publish the full figures next month."


def rescrape(article: CleanArticle) -> CleanArticle:
    """The article as a later scrape sees it: an update line on top, a sentence added at the end."""
    paragraphs = article.text.split("\n\n")
    paragraphs[-1] += ADDED
    return article.model_copy(update={"text": "\n\n".join([UPDATE, *paragraphs])})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=30)
    args = parser.parse_args()
    nlp = build_nlp()
    cached = load_stance_model()
    uncached = load_stance_model(cache_size=0)
    assert isinstance(cached, OnnxStanceModel)
    articles: list[CleanArticle] = []
    for url, html in dev_pages():
        try:
            articles.append(clean(RawArticle(url=url, html=html), now=NOW))
        except PermanentError:
            continue
        if len(articles) == args.articles:
            break

    def staged(article: CleanArticle) -> Parsed:
        ctx = StageContext(now=NOW, nlp=nlp)
        return attribute_article_quotes(tag_article(article, nlp(article.text), ctx), None, ctx)

    def score(parsed: Parsed, model: StanceModel) -> EnrichedArticle:
        return score_article_stance(parsed, None, StageContext(now=NOW, version="bench", nlp=nlp, stance=model))

    uncached.score([("Warm-up of the uncached model.", 0, 7)])
    first = [staged(a) for a in articles]
    for parsed in first:  # the first scrape fills the cache
        score(parsed, cached)
    before = cached.cache_info()
    again = [staged(rescrape(a)) for a in articles]
    times: dict[str, list[float]] = {"cached": [], "uncached": []}
    events = {}
    for name, model in (("uncached", uncached), ("cached", cached)):
        out = []
        for parsed in again:
            start = time.process_time()
            out.append(score(parsed, model))
            times[name].append(time.process_time() - start)
        events[name] = out
    after = cached.cache_info()
    hits, misses = after.hits - before.hits, after.misses - before.misses
    same = all(a == b for a, b in zip(events["cached"], events["uncached"], strict=True))
    base, ours = statistics.fmean(times["uncached"]), statistics.fmean(times["cached"])
    print(f"articles={len(articles)} re-scraped (update line on top, a sentence added at the end)")
    print(f"stance stage, no cache (baseline)  {base * 1000:7.1f} ms/article")
    print(f"stance stage, cache warm           {ours * 1000:7.1f} ms/article  ({base / ours:.1f}x faster)")
    print(f"cache: {hits} hits, {misses} misses ({hits / max(1, hits + misses):.0%} hit rate); same events: {same}")


if __name__ == "__main__":
    main()
