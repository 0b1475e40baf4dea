"""Score quote attribution and its entity rules on the probe passages of eval/quote_probes/.

Usage: .venv/bin/python bench/quote_probes.py [--set speakers|reports|people] [--baseline REF] [--verbose]

Each probe is a short passage written to test one pattern (or a near miss where a naive rule goes
wrong; eval/quote_probes/README.md). Three sets:

* ``speakers`` (``probes.jsonl``): one target quote or reported statement and its gold speaker. The
  prediction scored is the quote overlapping the target most; its speaker must agree with the gold one
  as in ``bench/quotes_eval.py`` (a null gold speaker wants none). Default baseline: the session start
  that wrote the probes, ``36ca755``.
* ``reports`` (``reports.jsonl``): a target span that is reported content (``expect: report``: some
  prediction overlaps it by at least 0.3, word Jaccard, with the gold speaker, or with none or an
  unnamed one for a null gold speaker) or that a naive rule would take for one (``expect: none``: no
  prediction overlaps it by 0.3). Default baseline: ``fb5cf77``, the start of the session the set was
  written for.
* ``people``: a one-word name and whether it names a person; right when the pipeline's entity for
  that word is PERSON exactly when it should be. Default baseline: ``fb5cf77``.

Prints, per pattern and for passages where the pattern applies or not, how many the current code and
the baseline commit get right, with fixes and regressions.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quotes_eval import Item, overlap, positions, predict, same_speaker, words, worktree  # noqa: E402

PROBE_DIR = ROOT / "eval" / "quote_probes"
SETS = {
    "speakers": ("probes.jsonl", "36ca755"),
    "reports": ("reports.jsonl", "fb5cf77"),
    "people": ("people.jsonl", "fb5cf77"),
}

_ENTITIES = """
import json, sys
from pipeline.entities import tag_entities
from pipeline.nlp import build_nlp
nlp = build_nlp()
for line in sys.stdin:
    mentions, _ = tag_entities(nlp(json.loads(line)), nlp)
    print(json.dumps([[m.text, m.label] for m in mentions]), flush=True)
"""


def entities(tree: Path, texts: list[str]) -> list[list[list[str]]]:
    """The (text, label) entity mentions of the code in ``tree`` for each of ``texts``."""
    feed = "".join(json.dumps(t) + "\n" for t in texts)
    out = subprocess.run(
        [sys.executable, "-c", _ENTITIES], input=feed, capture_output=True, text=True, cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        msg = f"entity tagging failed in {tree}:\n{out.stderr[-2000:]}"
        raise SystemExit(msg)
    return [json.loads(line) for line in out.stdout.splitlines()]


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


def right_report(probe: dict[str, object], found: list[Item]) -> tuple[bool, str | None]:
    """Whether a reports probe is right (see the module docstring), and the overlapping prediction's speaker."""
    text, target = str(probe["text"]), str(probe["target"])
    a = text.index(target)
    spans = words(text)
    gold = positions(spans, a, a + len(target))
    best = max(found, key=lambda q: overlap(gold, positions(spans, q.start, q.end)), default=None)
    if best is None or overlap(gold, positions(spans, best.start, best.end)) < 0.3:
        return probe["expect"] == "none", None
    if probe["expect"] == "none":
        return False, best.speaker
    speaker = probe["speaker"]
    if not isinstance(speaker, str):
        return best.speaker is None or not best.named, best.speaker
    return same_speaker(Item(a, a + len(target), "indirect", speaker), best.speaker), best.speaker


def right_person(probe: dict[str, object], found: list[list[str]]) -> tuple[bool, str | None]:
    """Whether the probe's name is tagged PERSON exactly when it names a person, and its label."""
    label = next((lab for name, lab in found if name == probe["name"]), None)
    return (label == "PERSON") == bool(probe["person"]), label


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=sorted(SETS), default="speakers", help="which probes (default: %(default)s)")
    ap.add_argument("--baseline", default=None, help="the commit to compare with (default: the set's, see above)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every probe the current code gets wrong")
    args = ap.parse_args()
    name, default_baseline = SETS[args.set]
    baseline_ref = args.baseline or default_baseline
    path = PROBE_DIR / name
    probes = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [str(p["text"]) for p in probes]
    score: Callable[[dict[str, object], list], tuple[bool, str | None]]
    run: Callable[[Path, list[str]], list]
    score, run = {"speakers": (right, predict), "reports": (right_report, predict), "people": (right_person, entities)}[
        args.set
    ]
    current = run(ROOT, texts)
    with worktree(baseline_ref) as tree:
        baseline = run(tree, texts)
    rows: dict[tuple[int, bool], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for probe, now, then in zip(probes, current, baseline, strict=True):
        ok_now, said = score(probe, now)
        ok_then, _ = score(probe, then)
        row = rows[(int(probe.get("pattern", 0)), bool(probe["applies"]))]
        for k, flag in enumerate((True, ok_then, ok_now, ok_now and not ok_then, ok_then and not ok_now)):
            row[k] += flag
        if args.verbose and not ok_now:
            print(f"{probe['id']} pattern {probe.get('pattern', '-')}: current {said!r}: {str(probe['text'])[:100]!r}")
    print(f"{'pattern':>7} {'applies':>7} {'n':>3} {baseline_ref:>8} {'current':>7} {'fixes':>5} {'regressions':>11}")
    totals = [0] * 5
    for (pattern, applies), row in sorted(rows.items()):
        print(f"{pattern:>7} {applies!s:>7} {row[0]:>3} {row[1]:>8} {row[2]:>7} {row[3]:>5} {row[4]:>11}")
        totals = [t + r for t, r in zip(totals, row, strict=True)]
    print(f"{'all':>7} {'':>7} {totals[0]:>3} {totals[1]:>8} {totals[2]:>7} {totals[3]:>5} {totals[4]:>11}")


if __name__ == "__main__":
    main()
