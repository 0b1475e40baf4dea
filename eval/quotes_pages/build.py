"""Build tests/data/quotes-pages-{tune,report}.jsonl from sources/*.json and annotations.txt.

The annotation format is ``eval/annotated_quotes.py``'s. The split is fixed by a seeded hash of the
article id (see split_of), chosen before any annotation.

Output lines have the format of tests/data/quotes-news-dev.jsonl: id, url, outlet (the url's host),
licence, text, quotes (text/start/end/speaker/speaker_alt/kind/cue/optional). Standard library only.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from annotated_quotes import article_rows, write_rows  # noqa: E402

SEED = "qs39"
SPLITS = ("tune", "report")


def split_of(article_id: str) -> str:
    h = hashlib.sha256((SEED + ":" + article_id).encode()).digest()
    return "tune" if h[0] % 2 == 0 else "report"


def out_path(split: str) -> Path:
    return ROOT / "tests" / "data" / f"quotes-pages-{split}.jsonl"


def main() -> None:
    splits: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for row in article_rows(HERE, outlet=lambda src: urlparse(src["url"]).hostname):
        splits[split_of(row["id"])].append(row)
    for name, rows in splits.items():
        write_rows(out_path(name), rows, ROOT)


if __name__ == "__main__":
    main()
