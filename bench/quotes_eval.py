"""Score quote attribution against the hand-annotated dev set (tests/data/quotes-dev.jsonl).

Usage: .venv/bin/python bench/quotes_eval.py [--verbose] [--data PATH]

Each dev line is a real news passage (cut from the pages in
/work/shared/eval/article-extraction-dev) with gold quotes: text, start/end, speaker (canonical name a
reader would give, or null), optional speaker_alt, kind, cue, optional. Annotation rules:

* direct: quoted words forming a clause or sentence; partial: a quoted fragment inside the reporter's
  sentence; scare: quoted words that nobody is reported as saying (names, slogans, terms), no speaker;
  indirect: reported speech without marks, the span being the reported content.
* "optional" items are debatable: a prediction matching one counts neither way.

Matching: spans are compared as sets of word positions (runs of \\w); overlap = Jaccard
|G ∩ P| / |G ∪ P|; greedy one-to-one matching by best overlap at thresholds 0.3 and 0.8.
"Quoted statements" = gold and predicted quotes of kind direct or partial (kind need not agree;
kind agreement is reported separately). Speaker accuracy is over matched quoted statements at 0.3:
names agree ignoring case and a leading "the", or one name is the other's surname/subset
("Volker" ~ "Kurt Volker"), or the prediction equals a listed alternative.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.entities import tag_entities  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402
from pipeline.quotes import attribute_quotes  # noqa: E402

MARKED = {"direct", "partial"}
WORD = re.compile(r"\w+")


@dataclass
class Item:
    start: int
    end: int
    kind: str
    speaker: str | None
    alt: tuple[str, ...] = ()
    optional: bool = False
    text: str = ""
    cue: str | None = None


def words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in WORD.finditer(text)]


def positions(spans: list[tuple[int, int]], start: int, end: int) -> frozenset[int]:
    return frozenset(i for i, (a, b) in enumerate(spans) if a < end and start < b)


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def norm_name(name: str) -> list[str]:
    n = name.casefold().replace("’", "'")
    n = re.sub(r"^the\s+", "", n)
    n = re.sub(r"'s\b", "", n)
    return WORD.findall(n)


def same_speaker(gold: Item, pred: str | None) -> bool:
    if gold.speaker is None or pred is None:
        return gold.speaker is None and pred is None
    p = norm_name(pred)
    for g in (norm_name(gold.speaker), *(norm_name(a) for a in gold.alt)):
        if g == p:
            return True
        if g and p and g[-1] == p[-1] and (len(g) == 1 or len(p) == 1 or set(g) <= set(p) or set(p) <= set(g)):
            return True
    return False


def match(gold: list[Item], pred: list[Item], ws: list[tuple[int, int]], thr: float) -> list[tuple[int, int]]:
    gp = [positions(ws, g.start, g.end) for g in gold]
    pp = [positions(ws, p.start, p.end) for p in pred]
    pairs = sorted(
        ((overlap(a, b), i, j) for i, a in enumerate(gp) for j, b in enumerate(pp)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for ov, i, j in pairs:
        if ov < thr:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        out.append((i, j))
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def score(
    gold: list[Item], pred: list[Item], ws: list[tuple[int, int]], thr: float, c: Counts
) -> list[tuple[int, int]]:
    pairs = match(gold, pred, ws, thr)
    mg = {i for i, _ in pairs}
    mp = {j for _, j in pairs}
    c.tp += sum(1 for i, _ in pairs if not gold[i].optional)
    c.fn += sum(1 for i, g in enumerate(gold) if i not in mg and not g.optional)
    c.fp += sum(1 for j in range(len(pred)) if j not in mp)
    return [(i, j) for i, j in pairs if not gold[i].optional]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT / "tests/data/quotes-dev.jsonl"))
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    passages = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line]
    nlp = build_nlp()
    marked = {0.3: Counts(), 0.8: Counts()}
    indirect = {0.3: Counts(), 0.8: Counts()}
    scare = Counts()
    spk_ok = spk_n = kind_ok = 0
    ind_spk_ok = ind_spk_n = 0
    attr_s = 0.0
    for p in passages:
        text = p["text"]
        doc = nlp(text)
        t0 = time.perf_counter()
        mentions, _ = tag_entities(doc)
        quotes = attribute_quotes(doc, mentions)
        attr_s += time.perf_counter() - t0
        gold = [
            Item(q["start"], q["end"], q["kind"], q["speaker"], tuple(q.get("speaker_alt", ())),
                 q.get("optional", False), q["text"], q.get("cue"))
            for q in p["quotes"]
        ]  # fmt: skip
        pred = [
            Item(q.start, q.end, q.kind, q.speaker.name if q.speaker else None, text=q.text, cue=q.cue) for q in quotes
        ]
        ws = words(text)
        gm = [g for g in gold if g.kind in MARKED]
        pm = [q for q in pred if q.kind in MARKED]
        for thr, c in marked.items():
            pairs = score(gm, pm, ws, thr, c)
            if thr == 0.3:
                for i, j in pairs:
                    spk_n += 1
                    spk_ok += same_speaker(gm[i], pm[j].speaker)
                    kind_ok += gm[i].kind == pm[j].kind
                    if args.verbose and not same_speaker(gm[i], pm[j].speaker):
                        print(f"[{p['id']}] SPEAKER gold={gm[i].speaker!r} pred={pm[j].speaker!r}: {gm[i].text[:60]!r}")
                if args.verbose:
                    mg = {i for i, _ in match(gm, pm, ws, thr)}
                    mp = {j for _, j in match(gm, pm, ws, thr)}
                    for i, g in enumerate(gm):
                        if i not in mg and not g.optional:
                            print(f"[{p['id']}] MISS {g.kind} {g.speaker!r}: {g.text[:80]!r}")
                    for j, q in enumerate(pm):
                        if j not in mp:
                            print(f"[{p['id']}] FALSE {q.kind} {q.speaker!r}: {q.text[:80]!r}")
        gi = [g for g in gold if g.kind == "indirect"]
        pi = [q for q in pred if q.kind == "indirect"]
        for thr, c in indirect.items():
            pairs = score(gi, pi, ws, thr, c)
            if thr == 0.3:
                for i, j in pairs:
                    ind_spk_n += 1
                    ind_spk_ok += same_speaker(gi[i], pi[j].speaker)
                if args.verbose:
                    mp = {j for _, j in match(gi, pi, ws, thr)}
                    mg = {i for i, _ in match(gi, pi, ws, thr)}
                    for i, g in enumerate(gi):
                        if i not in mg and not g.optional:
                            print(f"[{p['id']}] MISS indirect {g.speaker!r}: {g.text[:80]!r}")
                    for j, q in enumerate(pi):
                        if j not in mp:
                            print(f"[{p['id']}] FALSE indirect {q.speaker!r}: {q.text[:80]!r}")
        gs = [g for g in gold if g.kind == "scare"]
        ps = [q for q in pred if q.kind == "scare"]
        score(gs, ps, ws, 0.8, scare)
    n_gold = sum(1 for p in passages for q in p["quotes"] if q["kind"] in MARKED and not q.get("optional"))
    print(f"dev passages: {len(passages)}; gold quoted statements (direct+partial, non-optional): {n_gold}")
    for thr, c in marked.items():
        pr, rc, f1 = c.prf()
        print(f"quoted statements @overlap>={thr}: P={pr:.3f} R={rc:.3f} F1={f1:.3f} (tp={c.tp} fp={c.fp} fn={c.fn})")
    print(f"speaker accuracy (matched @0.3): {spk_ok}/{spk_n} = {spk_ok / max(spk_n, 1):.3f}")
    print(f"kind agreement direct/partial (matched @0.3): {kind_ok}/{spk_n} = {kind_ok / max(spk_n, 1):.3f}")
    for thr, c in indirect.items():
        pr, rc, f1 = c.prf()
        print(f"indirect @overlap>={thr}: P={pr:.3f} R={rc:.3f} F1={f1:.3f} (tp={c.tp} fp={c.fp} fn={c.fn})")
    print(f"indirect speaker accuracy (matched @0.3): {ind_spk_ok}/{ind_spk_n} = {ind_spk_ok / max(ind_spk_n, 1):.3f}")
    pr, rc, f1 = scare.prf()
    print(f"scare quotes @0.8: P={pr:.3f} R={rc:.3f} F1={f1:.3f} (tp={scare.tp} fp={scare.fp} fn={scare.fn})")
    print(f"tag_entities+attribute_quotes total: {attr_s * 1000:.1f} ms for {len(passages)} passages")


if __name__ == "__main__":
    main()
