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

``--set trafilatura`` scores the two extractors on trafilatura's own evaluation pages (adbar/trafilatura
at ``TRAFILATURA_COMMIT``: ``tests/evaldata.json``, pages in ``tests/cache/`` or ``tests/eval/``), read
with git from a local copy, never committed here. It uses trafilatura's snippet scorer instead of
4-grams (``snippet_counts``): each page has 'with' snippets that must be in the output and 'without'
snippets that must not. Pages are split for good into a tune and a report part by a hash of the file
name (``snippet_part``); ``--part`` picks one or both. trafilatura was developed on these pages, so
the comparison favours it.

Run:  .venv/bin/python bench/extraction_eval.py [--split all|even|odd] [--worst N] [--full-cascade]
      .venv/bin/python bench/extraction_eval.py --set readability [--readability-dir DIR] [--worst N]
      .venv/bin/python bench/extraction_eval.py --set trafilatura --part tune|report|both
          [--trafilatura-dir DIR] [--worst N]   (--worst: tune pages only)
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import (  # noqa: E402
    EXTRACTION_DEV,
    READABILITY_COMMIT,
    READABILITY_DIR,
    _git_blobs,
    pinned_git_dir,
    readability_pages,
)
from pipeline import extract  # noqa: E402
from pipeline.charset import decode_bytes  # noqa: E402
from pipeline.clean import _identifier, clean_body  # noqa: E402
from pipeline.errors import InvalidEncoding, PermanentError  # noqa: E402
from schemas.articles import RawArticle  # noqa: E402

DATA = EXTRACTION_DEV
# The address readability's own tests give every page (the pages' links are relative to it).
READABILITY_URL = "http://fakehost/test/page.html"
_TOKEN_RE = re.compile(r"\w+")
# A git directory (bare, or a clone holding .git) of github.com/adbar/trafilatura, and the commit read.
TRAFILATURA_DIR = Path(os.environ.get("NEWSFLOW_TRAFILATURA_DIR", "/work/.mirror/adbar+trafilatura/repo"))
TRAFILATURA_COMMIT = "e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5"
_TRAFILATURA_EVALDATA = "tests/evaldata.json"
# Where trafilatura's evaluation looks for a page's file, in its order (``eval_common.resolve``).
_TRAFILATURA_PAGE_DIRS = ("tests/cache/", "tests/eval/")

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


# --- trafilatura's evaluation pages (--set trafilatura) -------------------------------------------


@dataclass(frozen=True)
class SnippetPage:
    """One page of trafilatura's evaluation: its address, file name, HTML and snippets."""

    url: str  # its key in evaldata: mostly its address, but 37 keys are names ("hard::<file>")
    file: str
    html: str
    with_: tuple[str, ...]  # text that must be in the extracted body
    without: tuple[str, ...]  # boilerplate that must not

    @property
    def address(self) -> str:
        """The address given to the extractors: the key, stripped, if it is an http(s) address without
        spaces (ten keys end in a space), else the placeholder ``READABILITY_URL`` (the key would not
        pass ``RawArticle``'s check, and ours would raise)."""
        key = self.url.strip()
        return key if _HTTP_RE.match(key) else READABILITY_URL


Counts = tuple[int, int, int, int]  # (tp, fp, fn, tn) of snippets
_HTTP_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)


def snippet_norm(text: str) -> str:
    """Whitespace runs to one space, ends stripped: trafilatura's ``eval_common.norm``."""
    return re.sub(r"\s+", " ", text).strip()


def snippet_counts(with_: Sequence[str], without: Sequence[str], output: str | None) -> Counts:
    """(tp, fp, fn, tn) of one page's snippets in an extractor's output, as trafilatura counts them.

    Copied from ``count_item`` of trafilatura's ``tests/eval_common.py`` (at ``TRAFILATURA_COMMIT``):
    the output and each snippet are normalised by ``snippet_norm`` (``re.sub(r"\\s+", " ", text).strip()``,
    nothing else: no case folding, no Unicode normalisation); a 'with' snippet that is a substring of
    the normalised output is a true positive, else a false negative; a 'without' snippet that is a
    substring is a false positive, else a true negative. An output of None (the extractor raised)
    finds no snippet: all 'with' are false negatives, all 'without' true negatives; an empty output
    scores the same.
    """
    found = snippet_norm(output) if isinstance(output, str) else None
    tp = sum(1 for w in with_ if found is not None and snippet_norm(w) in found)
    fp = sum(1 for w in without if found is not None and snippet_norm(w) in found)
    return tp, fp, len(with_) - tp, len(without) - fp


def snippet_scores(counts: Iterable[Counts]) -> dict[str, float]:
    """Precision, recall, accuracy and F1 over all snippets of the pages (counts summed first).

    As ``ConfusionMatrix.scores`` of trafilatura's ``tests/eval_common.py``: P = tp/(tp+fp),
    R = tp/(tp+fn), accuracy = (tp+tn)/all, F1 = 2tp/(2tp+fp+fn), each 0.0 when its denominator is 0.
    """
    tp = fp = fn = tn = 0
    for a, b, c, d in counts:
        tp, fp, fn, tn = tp + a, fp + b, fn + c, tn + d
    total = tp + fp + fn + tn
    return {
        "P": tp / (tp + fp) if tp + fp else 0.0,
        "R": tp / (tp + fn) if tp + fn else 0.0,
        "acc": (tp + tn) / total if total else 0.0,
        "F1": 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }


def snippet_part(file_name: str) -> str:
    """The fixed part of a page: first byte of sha256(file name, UTF-8) even -> tune, odd -> report."""
    return "tune" if hashlib.sha256(file_name.encode("utf-8")).digest()[0] % 2 == 0 else "report"


def evaldata_entries(text: str) -> dict[str, dict[str, Any]]:
    """trafilatura's annotations (``tests/evaldata.json``): address -> entry, parsed as data (no code runs).

    Entries without a 'file' or without both snippet lists (non-empty lists of strings) are left out.
    """
    data = json.loads(text)
    if not isinstance(data, dict):
        msg = "trafilatura's evaldata is not a JSON object of page entries"
        raise ValueError(msg)
    kept = {}
    for url, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"]:
            continue
        lists = [entry.get("with"), entry.get("without")]
        if all(isinstance(x, list) and x and all(isinstance(s, str) for s in x) for x in lists):
            kept[url] = entry
    return kept


def _decoded(data: bytes) -> str:
    """A page's bytes as text, as the pipeline reads an HTML file (``pipeline.charset.decode_bytes``)."""
    try:
        return decode_bytes(data)
    except InvalidEncoding:
        return data.decode("utf-8", "replace")


def trafilatura_eval_pages(
    directory: Path = TRAFILATURA_DIR, commit: str = TRAFILATURA_COMMIT
) -> tuple[list[SnippetPage], list[str]]:
    """trafilatura's annotated evaluation pages at ``commit``, read with git from ``directory``.

    A page's file is looked up in ``tests/cache/`` then ``tests/eval/`` (trafilatura's order); its
    bytes are decoded as the pipeline decodes an HTML file. Returns the pages (by file name, then
    address) and the files named in evaldata but absent from the tree. Raises FileNotFoundError,
    saying how to fetch the repository, when git or the commit is missing.
    """
    git, git_dir = pinned_git_dir(directory, commit, "adbar/trafilatura", "trafilatura")
    listing = subprocess.run(
        [git, "--git-dir", str(git_dir), "ls-tree", "-r", "-z", commit, "--", _TRAFILATURA_EVALDATA]
        + list(_TRAFILATURA_PAGE_DIRS),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    blobs: dict[str, str] = {}  # path in the repository -> blob id
    for record in filter(None, listing.split("\0")):
        info, path = record.split("\t", 1)
        blobs[path] = info.split()[2]
    if _TRAFILATURA_EVALDATA not in blobs:
        msg = f"{_TRAFILATURA_EVALDATA} is not in adbar/trafilatura commit {commit}"
        raise FileNotFoundError(msg)
    evaldata = _git_blobs(git, git_dir, [blobs[_TRAFILATURA_EVALDATA]])[blobs[_TRAFILATURA_EVALDATA]]
    entries = evaldata_entries(evaldata.decode("utf-8"))
    where: dict[str, str] = {}  # address -> blob of its page
    missing = []
    for url, entry in entries.items():
        found = [blobs[d + entry["file"]] for d in _TRAFILATURA_PAGE_DIRS if d + entry["file"] in blobs]
        if found:
            where[url] = found[0]
        else:
            missing.append(entry["file"])
    contents = _git_blobs(git, git_dir, sorted(set(where.values())))
    pages = [
        SnippetPage(
            url,
            entries[url]["file"],
            _decoded(contents[blob]),
            tuple(entries[url]["with"]),
            tuple(entries[url]["without"]),
        )
        for url, blob in where.items()
    ]
    return sorted(pages, key=lambda page: (page.file, page.url)), sorted(missing)


def _run_snippets(extractor: Extractor, pages: Sequence[SnippetPage]) -> dict[str, str | None]:
    """Each page's output; None where the extractor raised (scored as finding no snippet)."""
    out: dict[str, str | None] = {}
    for page in pages:
        try:
            out[page.url] = extractor(page.html, page.address)
        except Exception:  # noqa: BLE001 - a crash scores as an empty output, as trafilatura's script does
            out[page.url] = None
    return out


def _snippet_line(name: str, counts: Iterable[Counts]) -> str:
    m = snippet_scores(counts)
    return (
        f"{name:<22} F1={m['F1']:.4f} P={m['P']:.4f} R={m['R']:.4f} acc={m['acc']:.4f}"
        f"  (tp={m['tp']} fp={m['fp']} fn={m['fn']} tn={m['tn']})"
    )


def report_snippets(
    part: str,
    pages: Sequence[SnippetPage],
    counts: dict[str, dict[str, Counts]],
    outputs: dict[str, dict[str, str | None]],
    language: dict[str, str],
) -> None:
    """One part's figures: all pages, per language (most pages first), English, non-English.

    Each extractor's overall line ends with its pages of empty output (``ours`` returns "" for a page
    it refuses) and of raised exceptions; both find no snippet.
    """
    snippets = sum(len(p.with_) + len(p.without) for p in pages)
    print(f"--- part={part}: pages={len(pages)} snippets={snippets}")
    for name, per_page in counts.items():
        texts = [outputs[name][p.url] for p in pages]
        empty = sum(1 for t in texts if t is not None and not t.strip())
        print(
            _snippet_line(name, (per_page[p.url] for p in pages))
            + f"  empty: {empty} pages, raised: {texts.count(None)}"
        )
    print("per language (langid on the page's 'with' snippets):")
    for code, n in Counter(language[p.url] for p in pages).most_common():
        cells = []
        for name, per_page in counts.items():
            m = snippet_scores(per_page[p.url] for p in pages if language[p.url] == code)
            cells.append(f"{name} F1={m['F1']:.3f} P={m['P']:.3f} R={m['R']:.3f}")
        print(f"  {code:<3} pages={n:<4} " + "  |  ".join(cells))
    for group, english in (("English", True), ("non-English", False)):
        subset = [p for p in pages if (language[p.url] == "en") == english]
        print(f"{group} pages: {len(subset)}")
        for name, per_page in counts.items():
            print(_snippet_line(f"  {name}", (per_page[p.url] for p in subset)))


def worst_snippets(
    pages: Sequence[SnippetPage],
    ours_out: dict[str, str | None],
    ours_counts: dict[str, Counts],
    base_counts: dict[str, Counts],
    n: int,
    language: dict[str, str],
) -> Iterable[str]:
    """The ``n`` pages where ours gets the most snippets wrong (fn + fp) beyond trafilatura's errors.

    Each with its missed 'with' snippets and included 'without' snippets, first 80 characters each.
    """

    def loss(page: SnippetPage) -> tuple[int, int]:
        ours_errors = ours_counts[page.url][1] + ours_counts[page.url][2]
        return ours_errors - base_counts[page.url][1] - base_counts[page.url][2], ours_errors

    ranked = sorted(pages, key=lambda page: (-loss(page)[0], -loss(page)[1], page.file))
    for page in ranked[:n]:
        (tp, fp, fn, tn), (btp, bfp, bfn, btn) = ours_counts[page.url], base_counts[page.url]
        text = ours_out[page.url]
        state = "raised" if text is None else "empty" if not text.strip() else f"{len(text)} chars"
        yield (
            f"  {page.file}  [{language[page.url]}] loss={loss(page)[0]}  ours tp/fp/fn/tn={tp}/{fp}/{fn}/{tn}"
            f" ({state})  trafilatura {btp}/{bfp}/{bfn}/{btn}  {page.url}"
        )
        found = snippet_norm(text or "")
        for snippet in page.with_:
            if snippet_norm(snippet) not in found:
                yield f"      missed:   {snippet_norm(snippet)[:80]}"
        for snippet in page.without:
            if snippet_norm(snippet) in found:
                yield f"      included: {snippet_norm(snippet)[:80]}"


def main_trafilatura(directory: Path, part: str, worst_n: int) -> None:
    """Score trafilatura and ours on trafilatura's evaluation pages of the chosen part(s)."""
    try:
        found, missing = trafilatura_eval_pages(directory)
    except FileNotFoundError as exc:
        sys.exit(str(exc))
    parts = ("tune", "report") if part == "both" else (part,)
    pages = [p for p in found if snippet_part(p.file) in parts]
    print(
        f"set=trafilatura pages={len(found)} (adbar/trafilatura {TRAFILATURA_COMMIT[:12]} at {directory};"
        f" files named in evaldata but absent: {len(missing)}); scoring part(s) {', '.join(parts)}: {len(pages)} pages"
    )
    print(
        "scorer = trafilatura's own (tests/eval_common.py): whitespace-normalised substring match of 'with' and"
        " 'without' snippets, counts summed over pages; trafilatura was developed on these pages, so it is favoured"
    )
    extractors = {"trafilatura.extract": trafilatura_plain, "newsflow clean()": ours}
    outputs = {name: _run_snippets(extractor, pages) for name, extractor in extractors.items()}
    counts = {
        name: {p.url: snippet_counts(p.with_, p.without, out[p.url]) for p in pages} for name, out in outputs.items()
    }
    language = languages({p.url: " ".join(p.with_) for p in pages})
    for name in parts:
        report_snippets(name, [p for p in pages if snippet_part(p.file) == name], counts, outputs, language)
    if worst_n:
        tune = [p for p in pages if snippet_part(p.file) == "tune"]
        print(f"worst {worst_n} tune pages of ours (snippets lost against trafilatura):")
        for line in worst_snippets(
            tune,
            outputs["newsflow clean()"],
            counts["newsflow clean()"],
            counts["trafilatura.extract"],
            worst_n,
            language,
        ):
            print(line)


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
        choices=("dev", "readability", "trafilatura"),
        default="dev",
        help="dev: the article-extraction-benchmark dev half; readability: mozilla/readability's saved test pages;"
        " trafilatura: trafilatura's evaluation pages (snippet scorer)",
    )
    parser.add_argument(
        "--readability-dir",
        type=Path,
        default=READABILITY_DIR,
        help="git directory of mozilla/readability for --set readability (default: NEWSFLOW_READABILITY_DIR or %(default)s)",
    )
    parser.add_argument(
        "--trafilatura-dir",
        type=Path,
        default=TRAFILATURA_DIR,
        help="git directory of adbar/trafilatura for --set trafilatura (default: NEWSFLOW_TRAFILATURA_DIR or %(default)s)",
    )
    parser.add_argument(
        "--part",
        choices=("tune", "report", "both"),
        default=None,
        help="--set trafilatura: the fixed part of its pages to score (sha256 of the file name); default tune",
    )
    args = parser.parse_args()
    if args.page_set == "trafilatura":
        if args.split != "all" or args.full_cascade:
            parser.error("--split and --full-cascade apply to --set dev only")
        part = args.part or "tune"
        if args.worst and part == "report":
            parser.error("--worst lists tune pages only: use it with --part tune or both")
        main_trafilatura(args.trafilatura_dir, part, args.worst)
        return
    if args.part is not None:
        parser.error("--part applies to --set trafilatura only")
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
