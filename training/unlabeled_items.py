"""Unlabeled stance items for distillation: the (sentence, target) pairs the pipeline itself scores.

Issue 14 distils the student from the teacher on NewsMTSC train plus unlabeled news sentences with
entity targets. This script makes the unlabeled part. Articles go through the pipeline's own
stages (clean → parse → entities → quotes → stance) with a stance model that records each item
it is asked to score, so the items have the targets, sentence cuts and mention kinds the student
meets in production. Sources (all public and licensed, none of them an evaluation set):

- ``articles``: the 91 article-extraction dev pages (``../shared/eval/article-extraction-dev``, MIT);
- ``quotes``: the 30 ``news-dev`` texts of the quote set (``tests/data/quotes-news-dev.jsonl``;
  the ``news-report`` texts stay untouched);
- ``globalvoices``: the 2004 Global Voices WordPress export in ``github.com/OpenGenderTracking/
  globalvoices`` (CC BY 3.0; brought with ``fetch``, read from its git mirror, never committed);
- ``newsmtsc``: every NewsMTSC *train* sentence, parsed alone, with the entity mentions that are
  not already a labeled target (dev and test sentences are never read).

Items already labeled in NewsMTSC train, and exact repeats, are dropped. Output: JSONL items in
the teacher's ``--predict`` format (``sentence``, ``from``, ``to``, ``mention``, ``id``;
``polarity`` is null), ready for

    .venv-train/bin/python training/train_teacher.py --name teacher-s13 --predict \
        training/runs/student/unlabeled.items.jsonl --out training/runs/student/teacher.unlabeled.jsonl

Run with the project venv (it needs spaCy and the pipeline):

    .venv/bin/python training/unlabeled_items.py --out training/runs/student/unlabeled.items.jsonl
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import dev_pages  # noqa: E402
from pipeline.clean import clean  # noqa: E402
from pipeline.errors import PermanentError  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402
from pipeline.stages import StageContext, attribute_article_quotes, score_article_stance, tag_article  # noqa: E402
from pipeline.stance.model import Item  # noqa: E402
from schemas.articles import RawArticle, Stance  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NEWSMTSC_TRAIN = Path("/work/shared/eval/newsmtsc/train.jsonl")
QUOTES_DEV = ROOT / "tests" / "data" / "quotes-news-dev.jsonl"
GV_MIRROR = Path("/work/.mirror/OpenGenderTracking+globalvoices/repo")
GV_FILE = "data/full/globalvoicesonline.wordpress.2004 - 123.xml"
NOW = datetime(2026, 12, 2, tzinfo=UTC)
TARGET_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


class RecordingModel:
    """A ``StanceModel`` that remembers every item it is asked to score and answers neutral."""

    def __init__(self) -> None:
        self.items: list[Item] = []

    def score(self, items: Sequence[Item]) -> list[Stance]:
        self.items.extend(items)
        return [Stance(label="neutral", score=0.0) for _ in items]


def globalvoices_posts() -> Iterator[tuple[str, str]]:
    """(link, HTML body) of each published post in the 2004 export."""
    git = ["git", f"--git-dir={GV_MIRROR}", "show", f"HEAD:{GV_FILE}"]
    xml = subprocess.run(git, check=True, capture_output=True, text=True).stdout  # noqa: S603, S607 - fixed arguments
    for item in re.findall(r"<item>(.*?)</item>", xml, flags=re.S):
        if "<wp:status>publish</wp:status>" not in item:
            continue
        link = re.search(r"<link>(.*?)</link>", item)
        body = re.search(r"<content:encoded><!\[CDATA\[(.*?)\]\]></content:encoded>", item, flags=re.S)
        if link and body and body.group(1).strip():
            paragraphs = "".join(f"<p>{p}</p>" for p in body.group(1).split("\n\n") if p.strip())
            yield html.unescape(link.group(1)), f"<html><body><article>{paragraphs}</article></body></html>"


def article_items(raw: RawArticle, ctx: StageContext, model: RecordingModel) -> list[Item]:
    """The items the stance stage scores for one article (none when cleaning refuses it)."""
    try:
        article = clean(raw, now=NOW)
    except PermanentError:
        return []
    doc = ctx.require_nlp()(article.text)
    before = len(model.items)
    score_article_stance(attribute_article_quotes(tag_article(article, doc, ctx), None, ctx), None, ctx)
    return model.items[before:]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--sources", nargs="+", default=["articles", "quotes", "globalvoices", "newsmtsc"])
    args = p.parse_args(argv)
    nlp = build_nlp()
    model = RecordingModel()
    ctx = StageContext(now=NOW, version="unlabeled", nlp=nlp, stance=model)

    train = [json.loads(line) for line in NEWSMTSC_TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]
    labeled = {(r["sentence"], r["from"], r["to"]) for r in train}
    seen: set[tuple[str, int, int]] = set(labeled)
    out: list[dict[str, object]] = []
    counts: dict[str, int] = {}

    def keep(source: str, doc_id: str, items: Sequence[Item]) -> None:
        for text, start, end in items:
            if (text, start, end) in seen or not text[start:end].strip():
                continue
            seen.add((text, start, end))
            out.append(
                {
                    "mention": text[start:end],
                    "polarity": None,
                    "from": start,
                    "to": end,
                    "sentence": text,
                    "id": f"{source}:{doc_id}:{start}-{end}",
                    "source": source,
                }
            )
            counts[source] = counts.get(source, 0) + 1

    if "articles" in args.sources:
        for url, page in dev_pages():
            keep("articles", url, article_items(RawArticle(url=url, html=page), ctx, model))
    if "quotes" in args.sources:
        for line in QUOTES_DEV.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            url = rec.get("url") or f"https://example.org/quotes-news/{rec['id']}"
            keep("quotes", rec["id"], article_items(RawArticle(url=url, text=rec["text"]), ctx, model))
    if "globalvoices" in args.sources:
        for link, page in globalvoices_posts():
            keep("globalvoices", link, article_items(RawArticle(url=link, html=page), ctx, model))
    if "newsmtsc" in args.sources:
        sentences = sorted({r["sentence"] for r in train})
        for i, doc in enumerate(nlp.pipe(sentences, batch_size=64)):
            ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in TARGET_LABELS]
            keep("newsmtsc", str(i), [(doc.text, s, e) for s, e in ents])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"{len(out)} items → {args.out} ({', '.join(f'{k} {v}' for k, v in counts.items())})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
