"""Second-pass aid: list places in each article that may hold an unannotated quote or attribution.

Not a tagger and not Newsflow: it prints (1) every span between paired quotation marks that no
direct/partial/scare item overlaps, and (2) every sentence with a common reporting cue that no item
overlaps. The annotator reads each listed place and decides; the decisions are logged in README.md.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»")]
CUES = re.compile(
    r"\b(said|says|say|told|tells|according to|claim\w*|report\w*|stat(ed|es)|announc\w*|add(ed|s)|"
    r"not(ed|es)|believ\w*|warn\w*|urg\w*|ask\w*|den(y|ied|ies)|allegedly|wrote|writes|explain\w*|"
    r"argu\w*|insist\w*|suggest\w*|found|show(s|ed)|recommend\w*|call(ed|s) for|describ\w*|"
    r"accus\w*|expect\w*|predict\w*|admit\w*|confirm\w*|estimat\w*|blam\w*)\b",
    re.I,
)


def quoted_spans(text):
    out = []
    for o, c in PAIRS:
        i = 0
        while True:
            s = text.find(o, i)
            if s < 0:
                break
            if o == "‘" or o == "'":
                pass
            e = text.find(c, s + 1)
            if e < 0:
                break
            if e - s > 1 and "\n\n" not in text[s:e]:
                out.append((s + 1, e))
            i = e + 1
    return out


def main():
    for split in ("dev", "report"):
        for line in (ROOT / "tests/data" / f"quotes-news-{split}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            text, items = r["text"], r["quotes"]
            marked = [(q["start"], q["end"]) for q in items if q["kind"] != "indirect"]
            anyitem = [(q["start"], q["end"]) for q in items]
            for s, e in quoted_spans(text):
                if not any(a < e and s < b for a, b in marked):
                    print(f"{r['id']}\tQUOTE\t{text[s:e][:90]!r}")
            for m in re.finditer(r"[^.!?\n]+[.!?]?", text):
                s, e = m.span()
                if CUES.search(m.group()) and not any(a < e and s < b for a, b in anyitem):
                    print(f"{r['id']}\tCUE\t{m.group().strip()[:160]!r}")


if __name__ == "__main__":
    sys.exit(main())
