"""How well ``pipeline.dedup`` tells syndicated copies from distinct articles, and what it costs.

Bodies: the English ground-truth bodies of the article-extraction dev pages (the sink only ever
sees English; CJK text has no spaces to make word shingles of). From each, seeded transformations
build the copies a news aggregator actually receives:

* ``cut``       the first 50-90 % of the paragraphs ("Read the full story at …")
* ``framed``    an editor's note on top and a wire-service credit line below
* ``edited``    one middle paragraph dropped and ~3 % of the words replaced
* ``restyled``  quote marks, dashes and case changed (``body_hash`` already catches these)
* ``combined``  cut to 75 %, then framed and edited

Positive pairs: (original, copy), 5 per body. Negative pairs: every pair of distinct bodies, plus
"same footer" pairs (two distinct bodies ending in the same three-sentence boilerplate: a newsletter
pitch and a wire credit, the usual way unrelated pages look alike), plus "templated" pairs: short
earnings briefs written from one template for different companies and figures.

A pair is judged a near-duplicate when the two fingerprints share an LSH band key and
``is_near_duplicate`` holds: the pairwise decision the PostgreSQL sink applies to each candidate.
The sink's other steps (exact ``body_hash`` matches first, earliest original, chains of copies)
are tested in ``tests/integration/test_sink_postgres.py``, not measured here. The thresholds were
chosen on this same set, so these figures are optimistic. Printed: precision and recall of the
shipped rule and, for comparison, of a plain similarity threshold; recall per kind; and the cost of
a fingerprint next to ``body_hash`` (the exact-duplicate hash) on the same bodies in the same run.

Run:  .venv/bin/python bench/near_duplicates.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import EXTRACTION_DEV  # noqa: E402
from pipeline.clean import detect_language  # noqa: E402
from pipeline.dedup import Fingerprint, band_keys, fingerprint, is_near_duplicate  # noqa: E402
from pipeline.textutil import body_hash  # noqa: E402

EDITOR_NOTE = "Editor's note: This article was updated to include comments from the company and local officials."
WIRE_CREDIT = "(Reporting by Staff Writers; Editing by the Desk.) Distributed by Global News Syndicate."
FOOTER = (
    "Sign up for our morning newsletter to get the day's top stories delivered to your inbox. "
    "Follow us on social media for breaking news and updates from around the world. "
    "Copyright 2026 Global News Syndicate. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed."
)
FILLERS = ("said", "also", "the", "new", "local", "officials", "reported", "according", "week", "city")


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n") if p.strip()]


def cut(body: str, rng: random.Random, share: float | None = None) -> str:
    paras = paragraphs(body)
    keep = max(1, round(len(paras) * (share if share is not None else rng.uniform(0.5, 0.9))))
    return "\n\n".join(paras[:keep])


def framed(body: str, rng: random.Random) -> str:
    return f"{EDITOR_NOTE}\n\n{body}\n\n{WIRE_CREDIT}"


def edited(body: str, rng: random.Random) -> str:
    paras = paragraphs(body)
    if len(paras) > 2:
        del paras[rng.randrange(1, len(paras) - 1)]
    out = []
    for para in paras:
        words = para.split(" ")
        for i in range(len(words)):
            if rng.random() < 0.03:
                words[i] = rng.choice(FILLERS)
        out.append(" ".join(words))
    return "\n\n".join(out)


def restyled(body: str, rng: random.Random) -> str:
    table = str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'", "—": "-", "–": "-"})
    return body.translate(table).upper() if rng.random() < 0.5 else body.translate(table)


def combined(body: str, rng: random.Random) -> str:
    return edited(framed(cut(body, rng, 0.75), rng), rng)


KINDS = {"cut": cut, "framed": framed, "edited": edited, "restyled": restyled, "combined": combined}

BRIEF = (
    "{company} reported {quarter} earnings of ${eps:.2f} per share on {day}, {verdict} analyst estimates of "
    "${est:.2f} per share. Revenue {move} {pct} percent to ${rev:.1f} billion, the company said in a statement, "
    "and it {outlook} its forecast for the full year. Shares of {company} {shares} {spct} percent in "
    "after-hours trading as investors weighed the results and the outlook for the coming months."
)
COMPANIES = ("Acme Corp", "Globex", "Initech", "Umbrella Group", "Stark Industries", "Wayne Enterprises", "Hooli")


def brief(rng: random.Random) -> str:
    """A templated earnings brief (~70 words): same wording, different company and figures."""
    return BRIEF.format(
        company=rng.choice(COMPANIES),
        quarter=rng.choice(("first-quarter", "second-quarter", "third-quarter", "fourth-quarter")),
        eps=rng.uniform(0.1, 3),
        day=rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday")),
        verdict=rng.choice(("beating", "missing", "matching")),
        est=rng.uniform(0.1, 3),
        move=rng.choice(("rose", "fell")),
        pct=rng.randint(1, 15),
        rev=rng.uniform(0.5, 40),
        outlook=rng.choice(("raised", "cut", "kept")),
        shares=rng.choice(("rose", "fell")),
        spct=rng.randint(1, 9),
    )


Pair = tuple[str, Fingerprint, Fingerprint, bool]  # (kind, a, b, share a band key)


def pair(kind: str, a: Fingerprint, b: Fingerprint) -> Pair:
    return kind, a, b, bool(set(band_keys(a)) & set(band_keys(b)))


def prf(positives: list[Pair], negatives: list[Pair], decide: object) -> tuple[float, float, int]:
    judge = decide if callable(decide) else None
    assert judge is not None
    tp = sum(shared and judge(a, b) for _, a, b, shared in positives)
    fp = sum(shared and judge(a, b) for _, a, b, shared in negatives)
    return (tp / (tp + fp) if tp + fp else 1.0), tp / len(positives), fp


def main() -> None:
    truth = json.loads((EXTRACTION_DEV / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = [b for k in sorted(truth) if detect_language(paragraphs(b := truth[k]["articleBody"])) == "en"]
    rng = random.Random(20261125)

    start = time.process_time()
    for body in bodies:
        body_hash(body)
    hash_ms = (time.process_time() - start) / len(bodies) * 1000
    start = time.process_time()
    prints = [fingerprint(b) for b in bodies]
    for fp in prints:
        band_keys(fp)
    fp_ms = (time.process_time() - start) / len(bodies) * 1000
    words = statistics.fmean(len(b.split()) for b in bodies)
    print(f"bodies={len(bodies)} mean words={words:.0f}")
    print(f"cost per body: fingerprint+keys {fp_ms:.2f} ms, body_hash {hash_ms:.3f} ms (ratio {fp_ms / hash_ms:.1f}x)")

    positives = [
        pair(kind, fp, fingerprint(make(body, rng))) for body, fp in zip(bodies, prints, strict=True)
        for kind, make in KINDS.items()
    ]  # fmt: skip
    negatives = [pair("distinct", prints[i], prints[j]) for i, j in combinations(range(len(bodies)), 2)]
    footed = [fingerprint(f"{b}\n\n{FOOTER}") for b in bodies]
    negatives += [pair("same footer", footed[i], footed[j]) for i, j in combinations(range(len(bodies)), 2)]
    briefs = [fingerprint(brief(rng)) for _ in range(40)]
    negatives += [pair("templated", briefs[i], briefs[j]) for i, j in combinations(range(len(briefs)), 2)]
    kinds = {k: sum(p[0] == k for p in negatives) for k in ("distinct", "same footer", "templated")}
    print(f"pairs: {len(positives)} copies; distinct: {kinds}")
    print(
        f"LSH candidates: {sum(p[3] for p in positives) / len(positives):.3f} of copies, "
        f"{sum(p[3] for p in negatives) / len(negatives):.4f} of distinct pairs"
    )
    print("rule                              precision  recall   F1     false positives")
    rules = [(f"similarity >= {t:.1f}", lambda a, b, t=t: a.similarity(b) >= t) for t in (0.3, 0.4, 0.5, 0.6, 0.7)]
    rules.append(("shipped: is_near_duplicate", is_near_duplicate))
    for name, rule in rules:
        p, r, fp = prf(positives, negatives, rule)
        print(f"  {name:<32} {p:.4f}    {r:.4f}  {2 * p * r / (p + r):.4f}  {fp:>5}")
    print("shipped rule, recall by kind (min estimated similarity):")
    for kind in KINDS:
        rows = [p for p in positives if p[0] == kind]
        found = sum(shared and is_near_duplicate(a, b) for _, a, b, shared in rows)
        print(f"  {kind:<9} {found}/{len(rows)}  (min {min(a.similarity(b) for _, a, b, _ in rows):.2f})")
    for kind in ("distinct", "same footer", "templated"):
        rows = [p for p in negatives if p[0] == kind]
        print(
            f"  {kind:<11} max similarity {max(a.similarity(b) for _, a, b, _ in rows):.2f}, "
            f"max containment {max(a.containment(b) for _, a, b, _ in rows):.2f}"
        )


if __name__ == "__main__":
    main()
