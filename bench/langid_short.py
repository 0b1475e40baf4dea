"""Language identification on short news texts: accuracy per language and length band.

    .venv/bin/python bench/langid_short.py

English: the sentences of NewsMTSC rw-dev and mt-dev (real news sentences, 40-400 characters).
Other languages: the sentences of the non-English dev pages of ../shared/eval/article-extraction-dev
(ground-truth bodies), labelled with the language langid gives the whole body (reliable at that
length). Headline-length texts are the first 6 words of each sentence. Prints, per language and
length band, how often ``pipeline.clean.detect_language`` names the right language, without and
with the short-text fallback (``fallback="en"``, what ``NEWSFLOW_DEFAULT_LANGUAGE`` sets).
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import EXTRACTION_DEV, SHARED  # noqa: E402
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


def headline(sentence: str) -> str:
    return " ".join(sentence.split()[:6])


def band(text: str) -> str:
    n = len(text)
    lo, hi = next((lo, hi) for lo, hi in BANDS if lo <= n < hi)
    return f"{lo}-{hi}" if hi < 10_000 else f"{lo}+"


def main() -> None:
    samples: list[tuple[str, str]] = [("en", s) for s in english()]
    samples += [("en", headline(s)) for s in english()]
    for language, sentences in foreign().items():
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


if __name__ == "__main__":
    main()
