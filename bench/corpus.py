"""The benchmark corpora, read from the shared dev data (``../shared`` or ``NEWSFLOW_SHARED_DIR``)."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

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
