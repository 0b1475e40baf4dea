"""Score article-body extraction on the article-extraction-benchmark dev half.

Scorer (as /work/shared/eval/article-extraction-dev/README.md and the upstream ``evaluate.py``):
words are runs of ``\\w`` (Unicode, case kept: the upstream regex has IGNORECASE, which does not
change ``\\w``); per page, true/false positives and false negatives over the multisets of word
4-grams (a text of 1-3 words is one shingle), normalised per page; an empty prediction has
precision 1 and recall 0 (README rule; upstream instead leaves such a page out of the precision
mean, printed as ``P_upstream``); mean P and mean R over pages; F1 from the means;
accuracy = share of pages whose word sequence is exactly the truth's.

Scores are printed for all pages, then for English and non-English pages apart (the language of a
page is langid's verdict on its ground-truth body).

``--full-cascade`` also runs ours with trafilatura's full cascade on every page (no fast first pass,
see ``pipeline.extract._looks_incomplete``) and counts the pages whose output differs.

Run:  .venv/bin/python bench/extraction_eval.py [--split all|even|odd] [--worst N] [--full-cascade]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from unittest import mock

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import EXTRACTION_DEV  # noqa: E402
from pipeline import extract  # noqa: E402
from pipeline.clean import _identifier, clean_body  # noqa: E402
from pipeline.errors import PermanentError  # noqa: E402
from schemas.articles import RawArticle  # noqa: E402

DATA = EXTRACTION_DEV
_TOKEN_RE = re.compile(r"\w+")

Extractor = Callable[[str, str], str]


def tokens(text: str) -> list[str]:
    """Words as the benchmark counts them: runs of ``\\w``, case kept."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text of fewer than ``n`` words is a single shingle."""
    words = tokens(text)
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words[i : i + n])


def page_scores(true: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    t, p = shingles(true), shingles(pred)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:  # empty prediction
        return 1.0
    return tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def score(truth: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """Mean precision and recall over pages, F1 from the means, exact-match accuracy."""
    rows = [page_scores(truth[k], pred.get(k, "")) for k in truth]
    p = sum(precision(*r) for r in rows) / len(rows)
    r = sum(recall(*row) for row in rows) / len(rows)
    nonempty = [precision(*row) for row in rows if row[0] + row[1] > 0]
    p_up = sum(nonempty) / len(nonempty) if nonempty else 0.0
    acc = sum(tokens(truth[k]) == tokens(pred.get(k, "")) for k in truth) / len(truth)
    return {
        "F1": 2 * p * r / (p + r) if p + r else 0.0,
        "P": p,
        "R": r,
        "acc": acc,
        "P_upstream": p_up,
        "F1_upstream": 2 * p_up * r / (p_up + r) if p_up + r else 0.0,
    }


def load(split: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Ground truth bodies and (html, url) per page id for the chosen split of the dev ids."""
    ground = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(ground)
    if split == "even":
        ids = ids[0::2]
    elif split == "odd":
        ids = ids[1::2]
    truth = {k: ground[k]["articleBody"] for k in ids}
    pages = {
        k: (gzip.decompress((DATA / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8"), ground[k]["url"])
        for k in ids
    }
    return truth, pages


def trafilatura_plain(html: str, url: str) -> str:
    """The baseline: ``trafilatura.extract(html)`` with its defaults."""
    return trafilatura.extract(html) or ""


def ours(html: str, url: str) -> str:
    """The body ``pipeline.clean.clean`` keeps (any language, as the pipeline stores it)."""
    try:
        return clean_body(RawArticle(url=url, html=html)).text
    except PermanentError:
        return ""


def run(name: str, extractor: Extractor, truth: dict[str, str], pages: dict[str, tuple[str, str]]) -> dict[str, str]:
    pred = {k: extractor(*pages[k]) for k in truth}
    report(name, truth, pred)
    return pred


def report(name: str, truth: dict[str, str], pred: dict[str, str]) -> None:
    m = score(truth, pred)
    print(
        f"{name:<22} F1={m['F1']:.4f} P={m['P']:.4f} R={m['R']:.4f} acc={m['acc']:.3f}"
        f"  (upstream empty-page rule: F1={m['F1_upstream']:.4f} P={m['P_upstream']:.4f})"
    )


def languages(truth: dict[str, str]) -> dict[str, str]:
    """Each page's language: langid on its ground-truth body."""
    identifier = _identifier()
    return {k: str(identifier.classify(body[:5000])[0]) for k, body in truth.items()}


def worst(truth: dict[str, str], pred: dict[str, str], n: int) -> Iterable[str]:
    rows = sorted(truth, key=lambda k: sum(x for x in _pr(truth[k], pred[k])))
    for k in rows[:n]:
        p, r = _pr(truth[k], pred[k])
        yield f"  {k[:12]} P={p:.3f} R={r:.3f}"


def _pr(true: str, pred: str) -> tuple[float, float]:
    row = page_scores(true, pred)
    return precision(*row), recall(*row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--split", choices=("all", "even", "odd"), default="all")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of ours")
    parser.add_argument(
        "--full-cascade", action="store_true", help="compare with trafilatura's full cascade on every page"
    )
    args = parser.parse_args()
    truth, pages = load(args.split)
    print(f"pages={len(truth)} split={args.split}")
    run("trafilatura.extract", trafilatura_plain, truth, pages)
    calls: list[bool] = []  # one per bare_extraction call in ours: True for the full cascade
    real = trafilatura.bare_extraction

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(not kwargs.get("fast", False))
        return real(*args, **kwargs)

    with mock.patch.object(extract.trafilatura, "bare_extraction", counted):
        pred = run("newsflow clean()", ours, truth, pages)
    baseline = {k: trafilatura_plain(*pages[k]) for k in truth}
    language = languages(truth)
    for group, keep in (("English", lambda code: code == "en"), ("non-English", lambda code: code != "en")):
        subset = {k: v for k, v in truth.items() if keep(language[k])}
        codes = Counter(language[k] for k in subset)
        print(f"{group} pages: {len(subset)} ({', '.join(f'{c} {n}' for c, n in codes.most_common())})")
        report("  trafilatura.extract", subset, baseline)
        report("  newsflow clean()", subset, pred)
    print(
        f"pages that took trafilatura's full cascade: {sum(calls)} of {len(truth)}; fast passes: {calls.count(False)}"
    )
    if args.full_cascade:
        with mock.patch.object(extract, "_looks_incomplete", lambda *args: True):
            full = run("  ... full cascade", ours, truth, pages)
        print(f"pages where the fast first pass changes the output: {sum(full[k] != pred[k] for k in truth)}")
    for line in worst(truth, pred, args.worst):
        print(line)


if __name__ == "__main__":
    main()
