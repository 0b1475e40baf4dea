"""Build tests/data/quotes-news-{dev,report}.jsonl from sources/*.json and annotations.txt.

The annotation format is ``eval/annotated_quotes.py``'s. The split is fixed by a seeded hash of the
article id (see split_of).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from annotated_quotes import article_rows, write_rows  # noqa: E402

SEED = "newsflow-quotes-news-2026"


def split_of(article_id: str) -> str:
    h = hashlib.sha256((SEED + ":" + article_id).encode()).digest()
    return "dev" if h[0] % 2 == 0 else "report"


def main() -> None:
    splits: dict[str, list[dict]] = {"dev": [], "report": []}
    for row in article_rows(HERE):
        splits[split_of(row["id"])].append(row)
    for name, rows in splits.items():
        write_rows(ROOT / "tests" / "data" / f"quotes-news-{name}.jsonl", rows, ROOT)


if __name__ == "__main__":
    main()
