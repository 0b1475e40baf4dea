"""Build tests/data/quotes-news-{dev,report}.jsonl from sources/*.json and annotations.txt.

The annotation format is ``eval/annotated_quotes.py``'s. The split is fixed by a seeded hash of the
article id (see split_of).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from annotated_quotes import parse, quotes_of  # noqa: E402

SEED = "newsflow-quotes-news-2026"


def split_of(article_id: str) -> str:
    h = hashlib.sha256((SEED + ":" + article_id).encode()).digest()
    return "dev" if h[0] % 2 == 0 else "report"


def main() -> None:
    ann = parse(HERE / "annotations.txt")
    splits: dict[str, list[dict]] = {"dev": [], "report": []}
    for aid, items in ann.items():
        src = json.loads((HERE / "sources" / f"{aid}.json").read_text(encoding="utf-8"))
        text = src["text"]
        quotes = quotes_of(text, items)
        splits[split_of(aid)].append(
            {
                "id": aid,
                "url": src["url"],
                "outlet": src["outlet"],
                "licence": src["licence"],
                "text": text,
                "quotes": quotes,
            }
        )
    for name, rows in splits.items():
        rows.sort(key=lambda r: r["id"])
        path = ROOT / "tests" / "data" / f"quotes-news-{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(rows)} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
