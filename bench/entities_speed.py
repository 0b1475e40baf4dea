"""Compare entity post-processing time with the spaCy parse time of the same articles.

Usage: .venv/bin/python bench/entities_speed.py [--repeat N]

Articles: the seed body and the quote-rich real articles of the extraction dev set
(/work/shared/eval/article-extraction-dev/ground-truth.json). Times are medians over repeats,
per article, after a warm-up; post-processing is ``tag_entities`` on the parsed Doc.
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
from schemas.articles import EntityMention  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--articles", type=int, default=20)
    args = ap.parse_args()

    def entities(doc: Doc, _: object) -> tuple[EntityMention, ...]:
        return tag_entities(doc)[0]

    def check(doc: Doc, mentions: tuple[EntityMention, ...]) -> None:
        assert all(doc.text[m.start : m.end] == m.text for m in mentions)

    compare_with_parse("entity post-processing", entities, articles=args.articles, repeat=args.repeat, check=check)


if __name__ == "__main__":
    main()
