"""Dev macro-F1 (F1m) and accuracy of the stance scorers vs the VADER baseline, in one run.

NewsMTSC dev splits (Hamborg & Donnay, EACL 2021; MIT): rw-dev and mt-dev. Systems: ``marker`` (the
target-marker model, ``pipeline/data/stance``), ``student`` (the span-pooling student,
``pipeline/data/stance-student``, when present), ``teacher`` (the all-mpnet-base-v2 teacher's
``train_teacher.py --predict`` output ``teacher.SPLIT.jsonl[.gz]`` in ``--teacher-preds``, by default
the committed ``training/data/teacher-s13/``;
the teacher itself needs torch and is not run here) and VADER, the issue's baseline: the
target-agnostic sentence compound, positive >= 0.05, negative <= -0.05.

    .venv/bin/python bench/stance_eval.py [--model-dir DIR] [--student-dir DIR] [--teacher-preds DIR]
        [--data DIR] [--json] [--weight-bits 7]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.corpus import SHARED, TEACHER_OUTPUTS, read_jsonl  # noqa: E402
from pipeline.stance import load_stance_model  # noqa: E402
from pipeline.stance.model import MARKER_MODEL_DIR, STUDENT_MODEL_DIR, WEIGHT_BITS  # noqa: E402

LABELS = ("negative", "neutral", "positive")
Row = tuple[str, int, int, str]


def read(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        rows.append((r["sentence"], int(r["from"]), int(r["to"]), LABELS[int(r["polarity"]) + 1]))
    return rows


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    f1s = []
    for c in LABELS:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return {"f1m": sum(f1s) / 3, "acc": acc, **{f"f1_{c[:3]}": f for c, f in zip(LABELS, f1s, strict=True)}}


def vader_predict() -> Callable[[Sequence[Row]], list[str]]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()

    def predict(rows: Sequence[Row]) -> list[str]:
        out = []
        for text, _, _, _ in rows:
            c = vader.polarity_scores(text)["compound"]
            out.append("positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral")
        return out

    return predict


def model_predict(model_dir: Path | None, weight_bits: int = 8) -> Callable[[Sequence[Row]], list[str]]:
    model = load_stance_model(model_dir, cache_size=0, weight_bits=weight_bits)

    def predict(rows: Sequence[Row]) -> list[str]:
        return [s.label for s in model.score([(t, s, e) for t, s, e, _ in rows])]

    return predict


def teacher_predict(folder: Path) -> Callable[[Sequence[Row]], list[str]]:
    """The teacher's labels from its saved predictions (matched by sentence and offsets)."""
    table: dict[tuple[str, int, int], str] = {}
    for split in DEV_SPLITS:
        for r in read_jsonl(_teacher_file(folder, split)):
            probs = r["teacher_probs"]
            table[(r["sentence"], int(r["from"]), int(r["to"]))] = LABELS[max(range(3), key=probs.__getitem__)]

    def predict(rows: Sequence[Row]) -> list[str]:
        return [table[(t, s, e)] for t, s, e, _ in rows]

    return predict


DEV_SPLITS = ("rw-dev", "mt-dev")


def _teacher_file(folder: Path, split: str) -> Path:
    """``teacher.SPLIT.jsonl`` in ``folder``, or its gzipped form (how ``training/data/`` keeps it)."""
    plain = folder / f"teacher.{split}.jsonl"
    return plain if plain.is_file() else plain.with_suffix(".jsonl.gz")


def has_teacher(folder: Path) -> bool:
    return all(_teacher_file(folder, split).is_file() for split in DEV_SPLITS)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model-dir", type=Path, default=MARKER_MODEL_DIR, help="the marker model's folder")
    p.add_argument("--student-dir", type=Path, default=STUDENT_MODEL_DIR, help="the student's folder (if present)")
    p.add_argument(
        "--teacher-preds",
        type=Path,
        default=TEACHER_OUTPUTS,
        help="folder with the teacher's teacher.rw-dev.jsonl / teacher.mt-dev.jsonl, plain or .gz (if present)",
    )
    p.add_argument("--data", type=Path, default=SHARED / "eval" / "newsmtsc")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--weight-bits", type=int, choices=WEIGHT_BITS, default=8, help="the models' integer weights (7: faster)"
    )
    args = p.parse_args()
    systems = {"marker": model_predict(args.model_dir, args.weight_bits)}
    if (args.student_dir / "config.json").is_file():
        systems["student"] = model_predict(args.student_dir, args.weight_bits)
    if has_teacher(args.teacher_preds):
        systems["teacher"] = teacher_predict(args.teacher_preds)
    systems["vader"] = vader_predict()
    results: dict[str, dict[str, dict[str, float]]] = {}
    for split in ("rw-dev", "mt-dev"):
        rows = read(args.data / f"{split}.jsonl")
        gold = [r[3] for r in rows]
        for name, predict in systems.items():
            t0 = time.perf_counter()
            pred = predict(rows)
            res = scores(gold, pred)
            res["seconds"] = time.perf_counter() - t0
            results.setdefault(split, {})[name] = res
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(f"{'split':8} {'system':7} {'n':>4} {'F1m':>6} {'acc':>6} {'F1neg':>6} {'F1neu':>6} {'F1pos':>6}")
    for split, by in results.items():
        n = len(read(args.data / f"{split}.jsonl"))
        for name, r in by.items():
            print(
                f"{split:8} {name:7} {n:4d} {r['f1m']:6.3f} {r['acc']:6.3f} "
                f"{r['f1_neg']:6.3f} {r['f1_neu']:6.3f} {r['f1_pos']:6.3f}"
            )


if __name__ == "__main__":
    main()
