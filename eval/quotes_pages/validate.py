"""Check tests/data/quotes-pages-{tune,report}.jsonl: offsets, kinds, speakers, marks, duplicates, split.

Checks (errors stop with exit 1; notes are printed for review):
* every item: text[start:end] == item text, 0 <= start < end <= len(text), kind in the four kinds, no
  outer whitespace;
* scare items have speaker null; other items have a speaker that is null (nobody identifiable: agentless
  "reportedly", "studies have shown", ...) or a nonempty string; non-optional direct and partial items
  always have a speaker;
* no two items of the same kind with the same span or crossing spans (an attribution may be nested inside
  another's content, a quote inside an indirect span, a scare quote inside a quote);
* quoted kinds (direct/partial/scare) that are not optional are enclosed in quotation marks
  (“ ” " ‘ ’ ' « » `) — reported as notes, so embedded tweets and misplaced source marks can be reviewed;
* every article's split matches build.split_of (the seeded hash), the row has url/outlet/licence/quotes,
  outlet is the url's host, the id is the first 8 characters of a benchmark page id that is not used by
  tests/data/quotes-dev.jsonl or quotes-heldout.jsonl, and (where the benchmark file is present) the text
  is the page's articleBody or a prefix of it made of whole paragraphs.
Standard library only.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from annotated_quotes import KINDS, check_quotes, print_findings  # noqa: E402
from build import SPLITS, out_path, split_of  # noqa: E402

BENCH = Path("/work/shared/eval/article-extraction-dev/ground-truth.json")


def used_prefixes() -> set[str]:
    out = set()
    for name in ("quotes-dev.jsonl", "quotes-heldout.jsonl"):
        path = ROOT / "tests" / "data" / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.add(json.loads(line)["id"].split("-")[0][:8])
    return out


def main() -> int:
    errors, notes = [], []
    counts: Counter = Counter()
    articles: Counter = Counter()
    used = used_prefixes()
    bench = json.loads(BENCH.read_text(encoding="utf-8")) if BENCH.exists() else None
    if bench is None:
        notes.append(f"{BENCH} not found: source texts not compared with the benchmark")
    seen_ids = set()
    for split in SPLITS:
        rows = [json.loads(x) for x in out_path(split).read_text(encoding="utf-8").splitlines() if x]
        for r in rows:
            aid, text = r["id"], r["text"]
            articles[split] += 1
            if aid in seen_ids:
                errors.append(f"{aid}: twice")
            seen_ids.add(aid)
            if split_of(aid) != split:
                errors.append(f"{aid}: in {split}, hash says {split_of(aid)}")
            for k in ("url", "outlet", "licence", "quotes"):
                if k not in r:
                    errors.append(f"{aid}: no {k}")
            if r.get("outlet") != urlparse(r.get("url", "")).hostname:
                errors.append(f"{aid}: outlet {r.get('outlet')!r} is not the url's host")
            if len(aid) != 8 or aid in used:
                errors.append(f"{aid}: id not 8 characters or page already used by quotes-dev/heldout")
            src = json.loads((HERE / "sources" / f"{aid}.json").read_text(encoding="utf-8"))
            if src["text"] != text or src["url"] != r["url"] or not src["page"].startswith(aid):
                errors.append(f"{aid}: sources file disagrees with the jsonl row")
            if bench is not None:
                page = bench.get(src["page"])
                if page is None:
                    errors.append(f"{aid}: page {src['page']} not in the benchmark")
                else:
                    body = page["articleBody"]
                    whole = body == text
                    prefix = body.startswith(text) and body[len(text) : len(text) + 2] == "\n\n"
                    if not (whole or prefix) or page["url"] != r["url"]:
                        errors.append(f"{aid}: text is not the articleBody or a paragraph prefix of it")
                    elif prefix:
                        notes.append(f"{aid}: text is the first {text.count(chr(10) * 2) + 1} paragraphs of the page")
            check_quotes(r, split, errors, notes, counts)
            for q in r["quotes"]:
                if q["kind"] in ("direct", "partial") and not q["optional"] and q["speaker"] is None:
                    errors.append(f"{aid}: non-optional {q['kind']} without speaker: {q['text'][:40]!r}")
    missing = {p.stem for p in (HERE / "sources").glob("*.json")} - seen_ids
    if missing:
        errors.append(f"sources without a jsonl row: {sorted(missing)}")
    print_findings(notes, errors)
    for split in SPLITS:
        print(
            split,
            "articles:",
            articles[split],
            {k: counts[(split, k, False)] for k in sorted(KINDS.values())},
            "optional:",
            {k: counts[(split, k, True)] for k in sorted(KINDS.values())},
        )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
