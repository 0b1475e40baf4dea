"""Score quote attribution on the probe passages of eval/quote_probes/: one target per passage.

Usage: .venv/bin/python bench/quote_probes.py [--baseline REF] [--verbose]

Each probe is a short passage written to test one speaker pattern (or a near miss where a naive rule
goes wrong) with one target quote or reported statement and its gold speaker (eval/quote_probes/README.md).
The prediction scored is the quote overlapping the target most; its speaker must agree with the gold
one as in ``bench/quotes_eval.py`` (a null gold speaker wants none). Prints, per pattern and for
passages where the pattern applies or not, how many the current code and the baseline commit (default:
the session start that wrote the probes, ``36ca755``) get right, with fixes and regressions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quotes_eval import Item, predict, same_speaker, worktree  # noqa: E402

PROBES = ROOT / "eval" / "quote_probes" / "probes.jsonl"


def right(probe: dict[str, object], found: list[Item]) -> tuple[bool, str | None]:
    """Whether the quote overlapping the target most has the gold speaker, and that quote's speaker."""
    text, target = str(probe["text"]), str(probe["target"])
    a = text.index(target)
    b = a + len(target)
    best, share = None, 0.0
    for q in found:
        inter = min(b, q.end) - max(a, q.start)
        if inter > 0 and inter / (max(b, q.end) - min(a, q.start)) > share:
            best, share = q, inter / (max(b, q.end) - min(a, q.start))
    speaker = None if best is None else best.speaker
    gold = Item(a, b, str(probe["kind"]), probe["speaker"] if isinstance(probe["speaker"], str) else None)
    return same_speaker(gold, speaker), speaker


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="36ca755", help="the commit to compare with (default: %(default)s)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every probe the current code gets wrong")
    args = ap.parse_args()
    probes = [json.loads(line) for line in PROBES.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [str(p["text"]) for p in probes]
    current = predict(ROOT, texts)
    with worktree(args.baseline) as tree:
        baseline = predict(tree, texts)
    rows: dict[tuple[int, bool], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for probe, now, then in zip(probes, current, baseline, strict=True):
        ok_now, said = right(probe, now)
        ok_then, _ = right(probe, then)
        row = rows[(int(probe["pattern"]), bool(probe["applies"]))]
        for k, flag in enumerate((True, ok_then, ok_now, ok_now and not ok_then, ok_then and not ok_now)):
            row[k] += flag
        if args.verbose and not ok_now:
            print(f"{probe['id']} pattern {probe['pattern']}: gold {probe['speaker']!r}, current {said!r}")
    print(f"{'pattern':>7} {'applies':>7} {'n':>3} {args.baseline:>8} {'current':>7} {'fixes':>5} {'regressions':>11}")
    totals = [0] * 5
    for (pattern, applies), row in sorted(rows.items()):
        print(f"{pattern:>7} {applies!s:>7} {row[0]:>3} {row[1]:>8} {row[2]:>7} {row[3]:>5} {row[4]:>11}")
        totals = [t + r for t, r in zip(totals, row, strict=True)]
    print(f"{'all':>7} {'':>7} {totals[0]:>3} {totals[1]:>8} {totals[2]:>7} {totals[3]:>5} {totals[4]:>11}")


if __name__ == "__main__":
    main()
