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
short-text fallback (``fallback="en"``, what ``NEWSFLOW_DEFAULT_LANGUAGE`` sets), and with the
fallback the page's address suggests, else "en" (``pipeline.languages.url_language``: the dev
pages' ``url``, readability pages' canonical or ``og:url`` address; the NewsMTSC sentences have
none), then the totals of English and of the other languages under 200 characters. The last line
is the address hint's risk: the English texts as if each came from a ".de" domain (an English
edition of a German site).
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
from pipeline.languages import url_language  # noqa: E402

BANDS = ((0, 40), (40, 100), (100, 200), (200, 10_000))
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


# A sentence, with the address of the page it came from (None: no page).
Sentence = tuple[str, str | None]
ADDRESS = re.compile(
    r"""<(?:link[^>]*\brel=["']canonical["'][^>]*\bhref|meta[^>]*\bproperty=["']og:url["'][^>]*\bcontent)"""
    r"""=["']([^"']+)""",
    re.IGNORECASE,
)
GERMAN_DOMAIN = "https://www.example.de/news/story.html"


def english() -> list[Sentence]:
    out = []
    for name in ("rw-dev.jsonl", "mt-dev.jsonl"):
        for line in (SHARED / "eval" / "newsmtsc" / name).read_text(encoding="utf-8").splitlines():
            out.append(json.loads(line)["sentence"])
    return [(s, None) for s in sorted(set(out))]


def foreign() -> dict[str, list[Sentence]]:
    truth = json.loads((EXTRACTION_DEV / "ground-truth.json").read_text(encoding="utf-8"))
    out: dict[str, list[Sentence]] = defaultdict(list)
    for page in truth.values():
        body = page["articleBody"]
        language, _ = _identifier().classify(body[:5000])
        if language == "en":
            continue
        for sentence in SENTENCE_END.split(body.replace("\n", " ")):
            if len(sentence.strip()) >= 10:
                out[language].append((sentence.strip(), page.get("url")))
    return out


def readability(directory: Path, per_page: int) -> dict[str, list[Sentence]]:
    """Sentences of readability's expected texts by the page's language (declared, else langid's)."""
    out: dict[str, list[Sentence]] = defaultdict(list)
    for page in readability_pages(directory):
        language = page.declared_language or _identifier().classify(page.gold[:5000])[0]
        sentences = [s.strip() for s in SENTENCE_END.split(page.gold.replace("\n", " ")) if len(s.strip()) >= 10]
        address = ADDRESS.search(page.html)
        out[language] += [(s, address.group(1) if address else None) for s in sentences[:per_page]]
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
    samples: list[tuple[str, str, str | None]] = []
    for language, sentences in by_language.items():
        samples += [(language, s, url) for s, url in sentences] + [(language, headline(s), url) for s, url in sentences]
    # right without a fallback, with "en", with the address's language else "en"; n
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    german_domain = [0, 0]  # English texts under 200 characters right with a ".de" address, n
    for language, text, url in samples:
        row = table[(language, band(text))]
        row[0] += detect_language([text]) == language
        row[1] += detect_language([text], fallback="en") == language
        row[2] += detect_language([text], fallback="en", hint=url_language(url)) == language
        row[3] += 1
        if language == "en" and len(text) < 200:
            german_domain[0] += detect_language([text], fallback="en", hint=url_language(GERMAN_DOMAIN)) == "en"
            german_domain[1] += 1
    print(f"{'language':<9} {'chars':<9} {'n':>5} {'no fallback':>12} {'fallback en':>12} {'address/en':>11}")
    for (language, length), (plain, fallback, address, n) in sorted(
        table.items(), key=lambda kv: (kv[0][0] != "en", kv[0])
    ):
        print(f"{language:<9} {length:<9} {n:>5} {plain / n:>12.3f} {fallback / n:>12.3f} {address / n:>11.3f}")
    for group, english_group in (("English", True), ("other", False)):
        rows = [
            v for (language, length), v in table.items() if (language == "en") == english_group and length != "200+"
        ]
        plain, fallback, address, n = (sum(column) for column in zip(*rows, strict=True)) if rows else (0, 0, 0, 0)
        if n:
            print(
                f"{group} under 200 characters: {n} texts, {plain / n:.3f} without fallback, {fallback / n:.3f} "
                f"with 'en', {address / n:.3f} with the address's language else 'en'"
            )
    right, n = german_domain
    if n:
        print(f"English under 200 characters as if from a '.de' domain: {right / n:.3f} ({n} texts)")


if __name__ == "__main__":
    main()
