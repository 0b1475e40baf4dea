"""Soft labels from the shipped marker model, for distilling a smaller model from it (issue 14).

The teacher of the shipped model (``train_teacher.py``, all-mpnet-base-v2) takes hours of CPU to
train and its weights are never committed, so a fresh clone cannot make its soft labels. The shipped
marker model (``pipeline/data/stance``, int8 ONNX) can, from the repository alone: this script
writes its probabilities for every NewsMTSC train row, in order and in the format of
``train_teacher.py --predict`` (``sentence``, ``from``, ``to``, ``teacher_probs``), which
``train_stance.py --soft`` reads.

    .venv-train/bin/python training/marker_soft_labels.py --out training/runs/marker-kd/marker.train.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.stance import load_stance_model  # noqa: E402

DATA = Path("/work/shared/eval/newsmtsc")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DATA / "train.jsonl", help="NewsMTSC rows (default: train)")
    p.add_argument("--model-dir", default="", help="the marker model folder (default: the packaged one)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--parallel", type=int, default=2, help="model runs at once")
    args = p.parse_args(argv)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    model = load_stance_model(args.model_dir or None, parallel=args.parallel, cache_size=0)
    t0 = time.time()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for lo in range(0, len(rows), 500):
            chunk = rows[lo : lo + 500]
            probs = model.probabilities([(r["sentence"], int(r["from"]), int(r["to"])) for r in chunk])
            for r, pr in zip(chunk, probs, strict=True):
                rec = {"sentence": r["sentence"], "from": int(r["from"]), "to": int(r["to"])}
                out.write(json.dumps({**rec, "teacher_probs": [float(x) for x in pr]}) + "\n")
            print(f"{lo + len(chunk)}/{len(rows)} rows, {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
