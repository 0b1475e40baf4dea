"""Is a target inside a noun phrase better scored through that phrase? NewsMTSC dev (issue 14, quote stance).

"Kerry warned that military assistance to Assad "could further escalate the conflict"": the model
reads Assad as positive, while the speaker is against what helps him. One way to derive a stance
toward a target from the evaluation of an action involving it is to score the noun phrase that
embeds the target ("military assistance to Assad") instead of the target. This bench counts, on the
NewsMTSC dev targets that sit inside a noun phrase (possessor, compound or modifier of a noun, or
object of a preposition after a noun), how often the gold label agrees with the target's own label
and with the phrase's, by the pattern that embeds it.

    .venv/bin/python bench/stance_embedded.py [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from spacy.tokens import Doc  # noqa: E402

from bench.corpus import SHARED  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402
from pipeline.stance import load_stance_model  # noqa: E402
from pipeline.stance.model import LABELS  # noqa: E402

MAX_PHRASE_CHARS = 120


def embedding_phrase(doc: Doc, start: int, end: int) -> tuple[int, int, str] | None:
    """The noun phrase around the target at [start, end) and how it embeds it, if it does."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ == "NOUN":
        noun, pattern = root.head.head, f"noun + {root.head.lower_}"
    elif root.dep_ == "poss" and root.head.pos_ == "NOUN":
        noun, pattern = root.head, "possessor"
    elif root.dep_ in {"compound", "amod"} and root.head.pos_ == "NOUN":
        noun, pattern = root.head, "modifier"
    else:
        return None
    lo, hi = noun.left_edge.idx, noun.right_edge.idx + len(noun.right_edge)
    return (lo, hi, pattern) if hi - lo <= MAX_PHRASE_CHARS else None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=SHARED / "eval" / "newsmtsc")
    args = p.parse_args()
    nlp = build_nlp()
    model = load_stance_model(cache_size=0)
    for split in ("rw-dev", "mt-dev"):
        rows = [json.loads(line) for line in (args.data / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
        targets, phrases, patterns, gold = [], [], [], []
        for r, doc in zip(rows, nlp.pipe(r["sentence"] for r in rows), strict=True):
            found = embedding_phrase(doc, r["from"], r["to"])
            if found is None:
                continue
            targets.append((r["sentence"], r["from"], r["to"]))
            phrases.append((r["sentence"], found[0], found[1]))
            patterns.append(found[2])
            gold.append(LABELS[int(r["polarity"]) + 1])
        by_target, by_phrase = model.score(targets), model.score(phrases)
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for pattern, t, ph, g in zip(patterns, by_target, by_phrase, gold, strict=True):
            for key in (pattern, "all"):
                counts[key][0] += 1
                counts[key][1] += t.label == g
                counts[key][2] += ph.label == g
        print(f"{split}: {len(rows)} targets, {len(targets)} inside a noun phrase")
        print(f"  {'pattern':18s} {'n':>4s} {'target right':>13s} {'phrase right':>13s}")
        for key, (n, t_right, p_right) in sorted(counts.items(), key=lambda kv: -kv[1][0]):
            print(f"  {key:18s} {n:4d} {t_right:13d} {p_right:13d}")


if __name__ == "__main__":
    main()
