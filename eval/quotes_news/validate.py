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
from build import split_of  # noqa: E402

KINDS = {"direct", "partial", "scare", "indirect"}
OPEN = "“\"‘'«"
CLOSE = "”\"’'»"


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
            aid, text = r["id"], r["text"]
            if split_of(aid) != split:
                errors.append(f"{aid}: in {split}, hash says {split_of(aid)}")
            for k in ("url", "outlet", "licence", "quotes"):
                if k not in r:
                    errors.append(f"{aid}: no {k}")
            seen = []
            for q in r["quotes"]:
                s, e, kind = q["start"], q["end"], q["kind"]
                counts[(split, kind, q["optional"])] += 1
                if kind not in KINDS:
                    errors.append(f"{aid}: bad kind {kind}")
                if not (0 <= s < e <= len(text)) or text[s:e] != q["text"]:
                    errors.append(f"{aid}: offsets do not give the text: {q['text'][:40]!r}")
                if kind == "scare" and q["speaker"] is not None:
                    errors.append(f"{aid}: scare with speaker {q['speaker']}")
                if q["speaker"] is not None and not q["speaker"].strip():
                    errors.append(f"{aid}: empty speaker")
                if q["text"] != q["text"].strip():
                    errors.append(f"{aid}: span has outer whitespace: {q['text'][:40]!r}")
                for s2, e2, k2, t2 in seen:
                    nested = (s2 <= s and e <= e2) or (s <= s2 and e2 <= e)
                    if k2 == kind and s < e2 and s2 < e and ((s, e) == (s2, e2) or not nested):
                        errors.append(f"{aid}: overlapping {kind} items: {t2[:30]!r} / {q['text'][:30]!r}")
                seen.append((s, e, kind, q["text"]))
                if kind in ("direct", "partial", "scare") and not q["optional"]:
                    before = text[s - 1] if s > 0 else "\n"
                    after = text[e] if e < len(text) else "\n"
                    marked = before in OPEN and after in CLOSE + ".,;:!?"
                    marked = marked or (before in OPEN and e == len(text))
                    if not marked and before in OPEN and after in "\n ":
                        marked = True  # a quote running on into the next paragraph
                    if not marked:
                        notes.append(f"{aid}: {kind} without marks around it: {q['text'][:60]!r}")
    for name in ("dev", "report"):
        missing = set(outlets["dev"]) | set(outlets["report"])
        missing -= set(outlets[name])
        if missing:
            notes.append(f"{name}: no article from {sorted(missing)}")
    for n in notes:
        print("note:", n)
    for e in errors:
        print("ERROR:", e)
    for split in ("dev", "report"):
        print(
            split,
            {k: counts[(split, k, o)] for k in sorted(KINDS) for o in (False,)},
            "optional:",
            {k: counts[(split, k, True)] for k in sorted(KINDS)},
            "articles:",
            sum(outlets[split].values()),
            dict(outlets[split]),
        )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
