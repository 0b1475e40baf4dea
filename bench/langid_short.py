"""Language identification on short news texts: accuracy per language and length band.

    .venv/bin/python bench/langid_short.py [--set dev|readability]

``dev`` (default; the set the short-text rules were chosen on). English: the sentences of NewsMTSC
rw-dev and mt-dev (real news sentences, 40-400 characters). Other languages: the sentences of the
non-English dev pages of ../shared/eval/article-extraction-dev (ground-truth bodies), labelled with
the language langid gives the whole body (reliable at that length).

``readability`` (a report set, not tuned on): the sentences of the expected article text of
mozilla/readability's saved test pages (``bench.corpus.readability_pages``; see
``eval/extraction_foreign/README.md``), at most ``--per-page`` of each page, labelled with the page's
declared language (its ``lang``), else the one langid gives the whole text.

Headline-length texts are the first 6 words of each sentence. Prints, per language and length
band, how often ``pipeline.clean.detect_language`` names the right language, without and with the
short-text fallback (``fallback="en"``, what ``NEWSFLOW_DEFAULT_LANGUAGE`` sets), then the totals of
English and of the other languages under 200 characters.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import EXTRACTION_DEV, READABILITY_DIR, SHARED, readability_pages  # noqa: E402
from pipeline.clean import _identifier, detect_language  # noqa: E402

BANDS = ((0, 40), (40, 100), (100, 200), (200, 10_000))
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


def english() -> list[str]:
    out = []
    for name in ("rw-dev.jsonl", "mt-dev.jsonl"):
        for line in (SHARED / "eval" / "newsmtsc" / name).read_text(encoding="utf-8").splitlines():
            out.append(json.loads(line)["sentence"])
    return sorted(set(out))


def foreign() -> dict[str, list[str]]:
    truth = json.loads((EXTRACTION_DEV / "ground-truth.json").read_text(encoding="utf-8"))
    out: dict[str, list[str]] = defaultdict(list)
    for page in truth.values():
        body = page["articleBody"]
        language, _ = _identifier().classify(body[:5000])
        if language == "en":
            continue
        for sentence in SENTENCE_END.split(body.replace("\n", " ")):
            if len(sentence.strip()) >= 10:
                out[language].append(sentence.strip())
    return out


def readability(directory: Path, per_page: int) -> dict[str, list[str]]:
    """Sentences of readability's expected texts by the page's language (declared, else langid's)."""
    out: dict[str, list[str]] = defaultdict(list)
    for page in readability_pages(directory):
        language = page.declared_language or _identifier().classify(page.gold[:5000])[0]
        sentences = [s.strip() for s in SENTENCE_END.split(page.gold.replace("\n", " ")) if len(s.strip()) >= 10]
        out[language] += sentences[:per_page]
    return out


def headline(sentence: str) -> str:
    return " ".join(sentence.split()[:6])


def band(text: str) -> str:
    n = len(text)
    lo, hi = next((lo, hi) for lo, hi in BANDS if lo <= n < hi)
    return f"{lo}-{hi}" if hi < 10_000 else f"{lo}+"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--set", choices=["dev", "readability"], default="dev")
    p.add_argument("--readability-dir", type=Path, default=READABILITY_DIR)
    p.add_argument("--per-page", type=int, default=40, help="readability: sentences taken from each page")
    args = p.parse_args()
    if args.set == "dev":
        by_language = foreign()
        by_language["en"] = english()
    else:
        by_language = readability(args.readability_dir, args.per_page)
    samples: list[tuple[str, str]] = []
    for language, sentences in by_language.items():
        samples += [(language, s) for s in sentences] + [(language, headline(s)) for s in sentences]
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # right without, right with, n
    for language, text in samples:
        row = table[(language, band(text))]
        row[0] += detect_language([text]) == language
        row[1] += detect_language([text], fallback="en") == language
        row[2] += 1
    print(f"{'language':<9} {'chars':<9} {'n':>5} {'no fallback':>12} {'fallback en':>12}")
    for (language, length), (plain, fallback, n) in sorted(table.items(), key=lambda kv: (kv[0][0] != "en", kv[0])):
        print(f"{language:<9} {length:<9} {n:>5} {plain / n:>12.3f} {fallback / n:>12.3f}")
    for group, english_group in (("English", True), ("other", False)):
        rows = [
            v for (language, length), v in table.items() if (language == "en") == english_group and length != "200+"
        ]
        plain, fallback, n = (sum(column) for column in zip(*rows, strict=True)) if rows else (0, 0, 0)
        if n:
            print(f"{group} under 200 characters: {n} texts, {plain / n:.3f} without fallback, {fallback / n:.3f} with")


if __name__ == "__main__":
    main()
