"""Build tests/data/quotes-pages-{tune,report}.jsonl from sources/*.json and annotations.txt.

The annotation format is ``eval/annotated_quotes.py``'s. The split is fixed by a seeded hash of the
article id (see split_of), chosen before any annotation.

Output lines have the format of tests/data/quotes-news-dev.jsonl: id, url, outlet (the url's host),
licence, text, quotes (text/start/end/speaker/speaker_alt/kind/cue/optional). Standard library only.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from annotated_quotes import parse, quotes_of  # noqa: E402

SEED = "qs39"
SPLITS = ("tune", "report")


def split_of(article_id: str) -> str:
    h = hashlib.sha256((SEED + ":" + article_id).encode()).digest()
    return "tune" if h[0] % 2 == 0 else "report"


def out_path(split: str) -> Path:
    return ROOT / "tests" / "data" / f"quotes-pages-{split}.jsonl"


def main() -> None:
    ann = parse(HERE / "annotations.txt")
    sources = {p.stem for p in (HERE / "sources").glob("*.json")}
    if set(ann) != sources:
        msg = f"annotated vs sources differ: {sorted(set(ann) ^ sources)}"
        raise SystemExit(msg)
    splits: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for aid, items in ann.items():
        src = json.loads((HERE / "sources" / f"{aid}.json").read_text(encoding="utf-8"))
        if src["id"] != aid:
            msg = f"{aid}: sources file has id {src['id']}"
            raise SystemExit(msg)
        text = src["text"]
        quotes = quotes_of(text, items)
        splits[split_of(aid)].append(
            {
                "id": aid,
                "url": src["url"],
                "outlet": urlparse(src["url"]).hostname,
                "licence": src["licence"],
                "text": text,
                "quotes": quotes,
            }
        )
    for name, rows in splits.items():
        rows.sort(key=lambda r: r["id"])
        path = out_path(name)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(rows)} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
