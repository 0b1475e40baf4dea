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

``--set readability`` scores the same two extractors, with the same scorer, on mozilla/readability's
saved test pages instead (a report set, mostly for its 14 non-English pages; never tuned on): the
truth is the text of readability's ``expected.html``, its own reviewed output, so it favours
readability-like extraction. A page's language is the ``lang`` of its expected metadata, else
langid's verdict on the truth. See ``eval/extraction_foreign/README.md``.

Run:  .venv/bin/python bench/extraction_eval.py [--split all|even|odd] [--worst N] [--full-cascade]
      .venv/bin/python bench/extraction_eval.py --set readability [--readability-dir DIR] [--worst N]
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
from bench.corpus import EXTRACTION_DEV, READABILITY_COMMIT, READABILITY_DIR, readability_pages  # noqa: E402
from pipeline import extract  # noqa: E402
from pipeline.clean import _identifier, clean_body  # noqa: E402
from pipeline.errors import PermanentError  # noqa: E402
from schemas.articles import RawArticle  # noqa: E402

DATA = EXTRACTION_DEV
# The address readability's own tests give every page (the pages' links are relative to it).
READABILITY_URL = "http://fakehost/test/page.html"
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


def load_readability(directory: Path) -> tuple[dict[str, str], dict[str, tuple[str, str]], dict[str, str]]:
    """Truth text, (html, url) and language per page name of readability's saved test pages."""
    found = readability_pages(directory)
    truth = {page.name: page.gold for page in found}
    pages = {page.name: (page.html, READABILITY_URL) for page in found}
    detected = languages(truth)
    language = {page.name: page.declared_language or detected[page.name] for page in found}
    return truth, pages, language


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


def report_groups(truth: dict[str, str], language: dict[str, str], preds: dict[str, dict[str, str]]) -> None:
    """Scores of each extractor's predictions on the English pages, then on the others."""
    for group, english in (("English", True), ("non-English", False)):
        subset = {k: v for k, v in truth.items() if (language[k] == "en") == english}
        codes = Counter(language[k] for k in subset)
        print(f"{group} pages: {len(subset)} ({', '.join(f'{c} {n}' for c, n in codes.most_common())})")
        for name, pred in preds.items():
            if subset:
                report(f"  {name}", subset, pred)


def report_languages(truth: dict[str, str], language: dict[str, str], preds: dict[str, dict[str, str]]) -> None:
    """One line per language (most pages first): F1, P and R of each extractor on its pages."""
    print("per language:")
    for code, n in Counter(language.values()).most_common():
        subset = {k: v for k, v in truth.items() if language[k] == code}
        cells = []
        for name, pred in preds.items():
            m = score(subset, pred)
            cells.append(f"{name} F1={m['F1']:.3f} P={m['P']:.3f} R={m['R']:.3f}")
        print(f"  {code:<3} pages={n:<3} " + "  |  ".join(cells))


def main_readability(directory: Path, worst_n: int) -> None:
    """Score trafilatura and ours on readability's saved pages: all, English, non-English, per language."""
    try:
        truth, pages, language = load_readability(directory)
    except FileNotFoundError as exc:
        sys.exit(str(exc))
    print(f"set=readability pages={len(truth)} (mozilla/readability {READABILITY_COMMIT[:12]} at {directory})")
    print(
        "truth = text of readability's expected.html: its own reviewed output, not a human annotation,"
        " so it favours readability-like extraction (captions, tables and lists it keeps count as body)"
    )
    print("note: words are runs of \\w, so a Chinese or Japanese word is a whole clause and its 4-grams are coarse")
    preds = {
        "trafilatura.extract": run("trafilatura.extract", trafilatura_plain, truth, pages),
        "newsflow clean()": run("newsflow clean()", ours, truth, pages),
    }
    report_groups(truth, language, preds)
    report_languages(truth, language, preds)
    for line in worst(truth, preds["newsflow clean()"], worst_n, width=24, notes=language):
        print(line)


def worst(
    truth: dict[str, str], pred: dict[str, str], n: int, width: int = 12, notes: dict[str, str] | None = None
) -> Iterable[str]:
    """The ``n`` pages with the lowest P + R: name (cut to ``width``), P, R and the page's note if given."""
    rows = sorted(truth, key=lambda k: sum(x for x in _pr(truth[k], pred[k])))
    for k in rows[:n]:
        p, r = _pr(truth[k], pred[k])
        yield f"  {k[:width]:<{width}} P={p:.3f} R={r:.3f}" + (f"  {notes[k]}" if notes else "")


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
    parser.add_argument(
        "--set",
        dest="page_set",
        choices=("dev", "readability"),
        default="dev",
        help="dev: the article-extraction-benchmark dev half; readability: mozilla/readability's saved test pages",
    )
    parser.add_argument(
        "--readability-dir",
        type=Path,
        default=READABILITY_DIR,
        help="git directory of mozilla/readability for --set readability (default: NEWSFLOW_READABILITY_DIR or %(default)s)",
    )
    args = parser.parse_args()
    if args.page_set == "readability":
        if args.split != "all" or args.full_cascade:
            parser.error("--split and --full-cascade apply to --set dev only")
        main_readability(args.readability_dir, args.worst)
        return
    truth, pages = load(args.split)
    print(f"pages={len(truth)} split={args.split}")
    baseline = run("trafilatura.extract", trafilatura_plain, truth, pages)
    calls: list[bool] = []  # one per bare_extraction call in ours: True for the full cascade
    real = trafilatura.bare_extraction

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(not kwargs.get("fast", False))
        return real(*args, **kwargs)

    with mock.patch.object(trafilatura, "bare_extraction", counted):  # the module extract calls
        pred = run("newsflow clean()", ours, truth, pages)
    report_groups(truth, languages(truth), {"trafilatura.extract": baseline, "newsflow clean()": pred})
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
