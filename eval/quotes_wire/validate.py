"""Check tests/data/quotes-wire-tune.jsonl: offsets, kinds, speakers, marks, duplicates.

The checks of ``eval/quotes_news/validate.py`` without its split check (this set has one split):
* every item: text[start:end] == item text, 0 <= start < end <= len(text), kind in the four kinds;
* scare items have speaker null; items with a speaker have a nonempty one; no outer whitespace;
* no two items of the same kind with the same span or crossing spans (an attribution may be nested
  inside another's content, a quote inside an indirect span);
* quoted kinds (direct/partial/scare) that are not optional are enclosed in quotation marks —
  reported as notes for review;
* every row has url, outlet, licence and quotes; ids are unique; every article has a sources file
  whose text equals the row's text.
Errors exit 1; notes are printed for review. Prints the counts per kind (non-optional / optional).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from annotated_quotes import KINDS, check_quotes, print_findings  # noqa: E402

DATA = ROOT / "tests" / "data" / "quotes-wire-tune.jsonl"


def main() -> int:
    errors: list[str] = []
    notes: list[str] = []
    counts: Counter[tuple[str, str, bool]] = Counter()
    rows = [json.loads(x) for x in DATA.read_text(encoding="utf-8").splitlines() if x]
    ids = Counter(r["id"] for r in rows)
    for aid, n in ids.items():
        if n > 1:
            errors.append(f"{aid}: {n} rows")
    outlets = Counter(r["outlet"] for r in rows)
    for r in rows:
        aid = r["id"]
        for k in ("url", "outlet", "licence", "quotes"):
            if k not in r:
                errors.append(f"{aid}: no {k}")
        src = HERE / "sources" / f"{aid}.json"
        if not src.exists():
            errors.append(f"{aid}: no sources file")
        elif json.loads(src.read_text(encoding="utf-8"))["text"] != r["text"]:
            errors.append(f"{aid}: text differs from sources file")
        check_quotes(r, "tune", errors, notes, counts)
    print_findings(notes, errors)
    print(
        "tune",
        {k: counts[("tune", k, False)] for k in sorted(KINDS.values())},
        "optional:",
        {k: counts[("tune", k, True)] for k in sorted(KINDS.values())},
        "articles:",
        len(rows),
        dict(outlets),
    )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
