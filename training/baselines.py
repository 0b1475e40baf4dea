"""Cheap stance baselines on NewsMTSC dev (Hamborg & Donnay, EACL 2021), for comparison only.

* tfidf-lr: logistic regression over word 1-2-grams of the sentence, of a +-6-word window around the
  target (prefixed features), and of the target's left/right contexts (separate feature spaces).

    .venv-train/bin/python training/baselines.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

DATA = Path("/work/shared/eval/newsmtsc")
WORD = re.compile(r"\w+|[^\w\s]")


def read(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text().splitlines()]


def views(rows: list[dict[str, object]]) -> tuple[list[str], list[str], list[str], list[str]]:
    full, window, left, right = [], [], [], []
    for r in rows:
        s, a, b = str(r["sentence"]), int(r["from"]), int(r["to"])  # type: ignore[call-overload]
        lw, rw = WORD.findall(s[:a]), WORD.findall(s[b:])
        full.append(s)
        window.append(" ".join(lw[-6:] + ["TGT"] + rw[:6]))
        left.append(" ".join(lw))
        right.append(" ".join(rw))
    return full, window, left, right


def main() -> None:
    train = read("train")
    vecs = [TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True) for _ in range(4)]
    x_tr = hstack([v.fit_transform(t) for v, t in zip(vecs, views(train), strict=True)]).tocsr()
    y_tr = [int(r["polarity"]) for r in train]  # type: ignore[call-overload]
    for c in (0.5, 1.0, 2.0, 4.0):
        clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(x_tr, y_tr)
        out = []
        for split in ("rw-dev", "mt-dev"):
            rows = read(split)
            x = hstack([v.transform(t) for v, t in zip(vecs, views(rows), strict=True)]).tocsr()
            y = [int(r["polarity"]) for r in rows]  # type: ignore[call-overload]
            p = clf.predict(x)
            out.append(f"{split} F1m {f1_score(y, p, average='macro'):.3f} acc {accuracy_score(y, p):.3f}")
        print(f"tfidf-lr C={c}: " + "; ".join(out))


if __name__ == "__main__":
    main()
