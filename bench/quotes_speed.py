"""Compare quote attribution time with the spaCy parse time of the same articles.

Usage: .venv/bin/python bench/quotes_speed.py [--repeat N]

Articles: the seed body and the quote-rich real articles of the extraction dev set
(/work/shared/eval/article-extraction-dev/ground-truth.json). Times are medians over repeats,
per article, after a warm-up; attribution includes nothing but ``attribute_quotes`` (entities are
computed beforehand, as in the pipeline).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc  # noqa: E402

from bench.corpus import compare_with_parse  # noqa: E402
from pipeline.entities import tag_entities  # noqa: E402
from pipeline.quotes import attribute_quotes  # noqa: E402
from schemas.articles import EntityMention, Quote  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--articles", type=int, default=20)
    args = ap.parse_args()

    def attribute(doc: Doc, mentions: tuple[EntityMention, ...]) -> tuple[Quote, ...]:
        return attribute_quotes(doc, mentions)

    def check(doc: Doc, quotes: tuple[Quote, ...]) -> None:
        assert all(q.text for q in quotes)

    compare_with_parse(
        "attribution",
        attribute,
        articles=args.articles,
        repeat=args.repeat,
        check=check,
        prepare=lambda doc: tag_entities(doc)[0],  # entities are an input, not timed here
    )


if __name__ == "__main__":
    main()
