"""Check tests/data/quotes-news-{dev,report}.jsonl: offsets, kinds, speakers, marks, duplicates, split.

Checks (errors stop with exit 1; notes are printed for review):
* every item: text[start:end] == item text, 0 <= start < end <= len(text), kind in the four kinds;
* scare items have speaker null; direct/partial/indirect items with a speaker have a nonempty one;
* no two items of the same kind with the same span or crossing spans (an attribution may be nested inside
  another's content, a quote inside an indirect span, a scare quote inside a quote);
* quoted kinds (direct/partial/scare) that are not optional are enclosed in quotation marks
  (“ ” " ‘ ’ ' « » or a dash/colon-introduced block: then the item must be optional or start a
  paragraph) — reported as notes, so block quotations without marks can be reviewed;
* every article's split matches build.split_of (the seeded hash), both splits hold every outlet.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from annotated_quotes import KINDS, check_quotes, print_findings  # noqa: E402
from build import split_of  # noqa: E402


def main() -> int:
    errors, notes = [], []
    outlets = {}
    counts = Counter()
    for split in ("dev", "report"):
        rows = [
            json.loads(x)
            for x in (ROOT / "tests/data" / f"quotes-news-{split}.jsonl").read_text(encoding="utf-8").splitlines()
            if x
        ]
        outlets[split] = Counter(r["outlet"] for r in rows)
        for r in rows:
            aid = r["id"]
            if split_of(aid) != split:
                errors.append(f"{aid}: in {split}, hash says {split_of(aid)}")
            for k in ("url", "outlet", "licence", "quotes"):
                if k not in r:
                    errors.append(f"{aid}: no {k}")
            check_quotes(r, split, errors, notes, counts)
    for name in ("dev", "report"):
        missing = set(outlets["dev"]) | set(outlets["report"])
        missing -= set(outlets[name])
        if missing:
            notes.append(f"{name}: no article from {sorted(missing)}")
    print_findings(notes, errors)
    for split in ("dev", "report"):
        print(
            split,
            {k: counts[(split, k, False)] for k in sorted(KINDS.values())},
            "optional:",
            {k: counts[(split, k, True)] for k in sorted(KINDS.values())},
            "articles:",
            sum(outlets[split].values()),
            dict(outlets[split]),
        )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
