"""Build a quote set written for the project: eval/quotes_<set>/articles.jsonl -> tests/data/quotes-<set>-{tune,report}.jsonl.

    python eval/build_written_quotes.py pol    # eval/quotes_pol: US political news
    python eval/build_written_quotes.py gb     # eval/quotes_gb: British, Commonwealth, business, courts, sport
    python eval/build_written_quotes.py loc    # eval/quotes_loc: local, business, science, sport, world news

Finds each annotated span's offsets (the n-th occurrence where given; a quoted span sits between quote
marks, or runs to the end of its paragraph where a quote goes on in the next one), and writes each
article to its part: sha256(salt + id)[0] even -> tune, odd -> report (fixed before any system was
run on the texts).
"""

import collections
import hashlib
import json
import sys
from pathlib import Path

EVAL = Path(__file__).resolve().parent
DATA = EVAL.parent / "tests" / "data"
SALTS = {"pol": "qs37:", "gb": "qs38:", "loc": "qs39:"}
OPEN = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019"}
CLOSE = set(OPEN.values())


def find_nth(text, span, n):
    pos, start = -1, 0
    for _ in range(n):
        pos = text.find(span, start)
        if pos < 0:
            return -1
        start = pos + 1
    return pos


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else ""
    if name not in SALTS:
        sys.exit(f"usage: build_written_quotes.py {{{'|'.join(SALTS)}}}")
    source = EVAL / f"quotes_{name}" / "articles.jsonl"
    arts = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line]
    out, errors = [], []
    kinds, parts = collections.Counter(), collections.Counter()
    pk = collections.Counter()
    for a in arts:
        text = a["text"]
        quotes = []
        for it in a["items"]:
            span, n = it["span"], it.get("n")
            count = text.count(span)
            if count == 0:
                errors.append(f"{a['id']}: span not found: {span!r}")
                continue
            if count > 1 and not n:
                errors.append(f"{a['id']}: span occurs {count}x, give n: {span!r}")
                continue
            start = find_nth(text, span, n or 1)
            if start < 0:
                errors.append(f"{a['id']}: occurrence {n} not found: {span!r}")
                continue
            end = start + len(span)
            if it["kind"] in ("direct", "partial", "scare"):
                before = text[start - 1] if start else ""
                after = text[end] if end < len(text) else "\n"
                if before not in OPEN or (after not in CLOSE and after != "\n"):
                    errors.append(f"{a['id']}: quoted span not bounded by marks: {span!r} ({before!r},{after!r})")
            if it["kind"] == "scare" and it["speaker"] is not None:
                errors.append(f"{a['id']}: a scare quote has no speaker: {span!r}")
            quotes.append(
                {
                    "text": span,
                    "start": start,
                    "end": end,
                    "speaker": it["speaker"],
                    "speaker_alt": it.get("speaker_alt") or [],
                    "kind": it["kind"],
                    "cue": it["cue"],
                    "optional": bool(it["optional"]),
                }
            )
        quotes.sort(key=lambda q: (q["start"], q["end"]))
        part = "tune" if hashlib.sha256((SALTS[name] + a["id"]).encode()).digest()[0] % 2 == 0 else "report"
        parts[part] += 1
        for q in quotes:
            kinds[q["kind"]] += 1
            pk[(part, q["kind"])] += 1
        out.append(({"id": a["id"], "url": "written:" + a["id"], "text": text, "quotes": quotes}, part))
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    for part in ("tune", "report"):
        lines = [json.dumps(obj, ensure_ascii=False) + "\n" for obj, p in out if p == part]
        (DATA / f"quotes-{name}-{part}.jsonl").write_text("".join(lines), encoding="utf-8")
    opt = sum(1 for o, _ in out for q in o["quotes"] if q["optional"])
    print(f"articles: {len(out)}  items: {sum(kinds.values())}  (optional: {opt})")
    print("per kind:", dict(sorted(kinds.items())))
    for p in ("tune", "report"):
        print(f"{p}: {parts[p]} articles,", {k: pk[(p, k)] for k in sorted(kinds)})


if __name__ == "__main__":
    main()
