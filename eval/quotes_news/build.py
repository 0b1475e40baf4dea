"""Build tests/data/quotes-news-{dev,report}.jsonl from sources/*.json and annotations.txt.

annotations.txt: a line "## <article id>" starts an article; each following line is one item:
    KIND | exact substring[#n] | speaker | cue [| alt=A;B] [| opt]
KIND: D direct, P partial, S scare, I indirect. "#n" picks the n-th occurrence (1-based) of the
substring in the article text ("{PIPE}" stands for a "|" and "{NL}" for a line break in the text). speaker / cue "-" means null. Offsets are computed here and every
substring must be found; no offsets are written by hand. Lines starting with "#" (not "##") are
comments. The split is fixed by a seeded hash of the article id (see split_of).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
KINDS = {"D": "direct", "P": "partial", "S": "scare", "I": "indirect"}
SEED = "newsflow-quotes-news-2026"


def split_of(article_id: str) -> str:
    h = hashlib.sha256((SEED + ":" + article_id).encode()).digest()
    return "dev" if h[0] % 2 == 0 else "report"


def parse(path: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    cur = None
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("## "):
            cur = line[3:].strip()
            if cur in out:
                msg = f"line {n}: article {cur} twice"
                raise SystemExit(msg)
            out[cur] = []
            continue
        if line.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split(" | ")]
        if len(parts) < 4 or parts[0] not in KINDS or cur is None:
            msg = f"line {n}: bad item: {raw!r}"
            raise SystemExit(msg)
        item = {
            "kind": KINDS[parts[0]],
            "sub": parts[1].replace("{PIPE}", "|").replace("{NL}", "\n"),
            "speaker": None if parts[2] == "-" else parts[2],
            "cue": None if parts[3] == "-" else parts[3],
            "alt": [],
            "optional": False,
            "line": n,
        }
        for extra in parts[4:]:
            if extra.startswith("alt="):
                item["alt"] = [a.strip() for a in extra[4:].split(";") if a.strip()]
            elif extra == "opt":
                item["optional"] = True
            else:
                msg = f"line {n}: bad field {extra!r}"
                raise SystemExit(msg)
        out[cur].append(item)
    return out


def locate(text: str, sub: str, line: int) -> tuple[int, int]:
    occ = 1
    if "#" in sub:
        base, _, k = sub.rpartition("#")
        if k.isdigit():
            sub, occ = base, int(k)
    start = -1
    for _ in range(occ):
        start = text.find(sub, start + 1)
        if start < 0:
            msg = f"line {line}: substring not found (occurrence {occ}): {sub!r}"
            raise SystemExit(msg)
    return start, start + len(sub)


def main() -> None:
    ann = parse(HERE / "annotations.txt")
    splits: dict[str, list[dict]] = {"dev": [], "report": []}
    for aid, items in ann.items():
        src = json.loads((HERE / "sources" / f"{aid}.json").read_text(encoding="utf-8"))
        text = src["text"]
        quotes = []
        for it in items:
            s, e = locate(text, it["sub"], it["line"])
            quotes.append(
                {
                    "text": text[s:e],
                    "speaker": it["speaker"],
                    "kind": it["kind"],
                    "cue": it["cue"],
                    "optional": it["optional"],
                    "speaker_alt": it["alt"],
                    "start": s,
                    "end": e,
                }
            )
        quotes.sort(key=lambda q: (q["start"], q["end"]))
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
