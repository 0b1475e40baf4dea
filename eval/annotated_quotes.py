"""What the builders and validators of the read-and-annotated quote sets share.

The sets are quotes_news, quotes_pages, quotes_fresh and quotes_wire.

``annotations.txt``: a line "## <article id>" starts an article; each following line is one item:
    KIND | exact substring[#n] | speaker | cue [| alt=A;B] [| opt]
KIND: D direct, P partial, S scare, I indirect. "#n" picks the n-th occurrence (1-based) of the
substring in the article text ("{PIPE}" stands for a "|" and "{NL}" for a line break in the text).
speaker / cue "-" means null. Offsets are computed from the text and every substring must be found;
no offsets are written by hand. Lines starting with "#" (not "##") are comments.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

KINDS = {"D": "direct", "P": "partial", "S": "scare", "I": "indirect"}
OPEN = "“\"‘'«`"
CLOSE = "”\"’'»"


def parse(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The items of each article of an annotations file, in file order (exits on a malformed line)."""
    out: dict[str, list[dict[str, Any]]] = {}
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
        item: dict[str, Any] = {
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
    """The span of the n-th occurrence of ``sub`` ("…#n"; the first without) in ``text``."""
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


def quotes_of(text: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An article's items as the jsonl's ``quotes``, with offsets, in text order."""
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
    return quotes


def check_quotes(
    row: dict[str, Any], split: str, errors: list[str], notes: list[str], counts: Counter[tuple[str, str, bool]]
) -> None:
    """Check one article's items: kinds, offsets, speakers, overlaps, marks (notes); count them per split.

    No two items of one kind share a span or cross (an attribution may nest inside another's
    content). Quoted kinds that are not optional should stand in quotation marks: those that do not
    (block quotations, tweets) are noted for review.
    """
    aid, text = row["id"], row["text"]
    seen: list[tuple[int, int, str, str]] = []
    for q in row["quotes"]:
        s, e, kind = q["start"], q["end"], q["kind"]
        counts[(split, kind, q["optional"])] += 1
        if kind not in KINDS.values():
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


def print_findings(notes: list[str], errors: list[str]) -> None:
    """Print a validator's notes (for review), then its errors."""
    for n in notes:
        print("note:", n)
    for e in errors:
        print("ERROR:", e)


def article_rows(
    here: Path, outlet: Callable[[dict[str, Any]], str | None] = lambda src: src["outlet"]
) -> list[dict[str, Any]]:
    """A set folder's articles as lines of the quote sets (id, url, outlet, licence, text, quotes), in file order.

    ``here`` holds ``annotations.txt`` and ``sources/<id>.json``; exits when the two name different
    articles or a sources file holds another id.
    """
    ann = parse(here / "annotations.txt")
    sources = {p.stem for p in (here / "sources").glob("*.json")}
    if set(ann) != sources:
        msg = f"annotated vs sources differ: {sorted(set(ann) ^ sources)}"
        raise SystemExit(msg)
    rows = []
    for aid, items in ann.items():
        src = json.loads((here / "sources" / f"{aid}.json").read_text(encoding="utf-8"))
        if src["id"] != aid:
            msg = f"{aid}: sources file has id {src['id']}"
            raise SystemExit(msg)
        text = src["text"]
        rows.append(
            {
                "id": aid,
                "url": src["url"],
                "outlet": outlet(src),
                "licence": src["licence"],
                "text": text,
                "quotes": quotes_of(text, items),
            }
        )
    return rows


def write_rows(path: Path, rows: list[dict[str, Any]], root: Path) -> None:
    """Write ``rows`` sorted by id as JSON lines to ``path``; say how many on stderr."""
    rows = sorted(rows, key=lambda r: r["id"])
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{path.relative_to(root)}: {len(rows)} articles", file=sys.stderr)


def validate_one_split(data: Path, here: Path, split: str) -> int:
    """Check a set of one split (``split`` labels its counts): its rows in ``data``, its sources in ``here``.

    Every row has url, outlet, licence and quotes; ids are unique; every article has a sources file
    whose text equals the row's text; each row's items pass ``check_quotes``. Prints the notes, the
    errors and the counts per kind (non-optional / optional); returns 1 on errors, else 0.
    """
    errors: list[str] = []
    notes: list[str] = []
    counts: Counter[tuple[str, str, bool]] = Counter()
    rows = [json.loads(x) for x in data.read_text(encoding="utf-8").splitlines() if x]
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
        src = here / "sources" / f"{aid}.json"
        if not src.exists():
            errors.append(f"{aid}: no sources file")
        elif json.loads(src.read_text(encoding="utf-8"))["text"] != r["text"]:
            errors.append(f"{aid}: text differs from sources file")
        check_quotes(r, split, errors, notes, counts)
    print_findings(notes, errors)
    print(
        split,
        {k: counts[(split, k, False)] for k in sorted(KINDS.values())},
        "optional:",
        {k: counts[(split, k, True)] for k in sorted(KINDS.values())},
        "articles:",
        len(rows),
        dict(outlets),
    )
    return 1 if errors else 0
