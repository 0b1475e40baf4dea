"""Build tests/data/quotes-fresh-report.jsonl from sources/*.json and annotations.txt.

The annotation format is ``eval/annotated_quotes.py``'s (shared with quotes_news and quotes_pages):
every substring must be found in its article's text ("#n" = n-th occurrence); offsets are computed,
never written by hand. The whole set is a report set: there is no dev/tune split. The line format is
that of ``tests/data/quotes-news-report.jsonl`` (``id``, ``url``, ``outlet``, ``licence``, ``text``,
``quotes`` with ``text/start/end/speaker/speaker_alt/kind/cue/optional``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from annotated_quotes import parse, quotes_of  # noqa: E402

OUT = ROOT / "tests" / "data" / "quotes-fresh-report.jsonl"


def main() -> None:
    ann = parse(HERE / "annotations.txt")
    have = {p.stem for p in (HERE / "sources").glob("*.json")}
    missing = have - set(ann)
    if missing:
        msg = f"sources without annotations: {sorted(missing)}"
        raise SystemExit(msg)
    rows = []
    for aid, items in ann.items():
        src = json.loads((HERE / "sources" / f"{aid}.json").read_text(encoding="utf-8"))
        if src["id"] != aid:
            msg = f"{aid}: sources file holds id {src['id']}"
            raise SystemExit(msg)
        text = src["text"]
        rows.append(
            {
                "id": aid,
                "url": src["url"],
                "outlet": src["outlet"],
                "licence": src["licence"],
                "text": text,
                "quotes": quotes_of(text, items),
            }
        )
    rows.sort(key=lambda r: r["id"])
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
