"""Dev macro-F1 of trained stance runs, alone and as a probability-averaging ensemble.

An ensemble costs one forward pass per member at inference, so it is not shipped; it measures the
ceiling a distilled single model could approach. Measured 2026-11-25 on seven MiniLM-L6 runs
(pair, pair-seed7, pair-seed21, ls-llrd, ls-llrd-seed7, llrd-s13, llrd-s7): rw-dev 0.855, mt-dev
0.763, against 0.834 / 0.761 for the shipped soup. The ensemble gains on rw-dev but not on mt-dev.

Runs in the training venv (``training/requirements.txt``), on fp32 checkpoints in ``training/runs``:

    .venv-train/bin/python training/ensemble_eval.py pair pair-seed7 ls-llrd ...
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_stance as ts  # noqa: E402  (the training code: same tokenizer, encoding and model)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", help="run names under training/runs")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    tok = ts.make_tokenizer()
    dev = {split: ts.read(ts.DATA / f"{split}.jsonl") for split in ("rw-dev", "mt-dev")}
    probs: dict[str, list[torch.Tensor]] = {split: [] for split in dev}
    for name in args.runs:
        run = ts.RUNS / name
        run_args = json.loads((run / "history.json").read_text())["args"]
        net = ts.build(tok, run_args.get("head", "cls-tgt"))
        net.load_state_dict(torch.load(run / "best.pt", map_location="cpu"))
        net.eval()
        for split, rows in dev.items():
            ids, labels = ts.encode(tok, rows, int(run_args["max_len"]), bool(run_args.get("pair", False)))
            out = torch.zeros(len(ids), 3)
            with torch.no_grad():
                for index, x, mask, _ in ts.batches(ids, labels, 64, False, random.Random(0)):  # noqa: S311 (unshuffled)
                    out[index] = torch.softmax(net(x, mask), -1)
            probs[split].append(out)
            print(f"{name:<20} {split}  F1m {ts.f1_macro(labels, out.argmax(-1).tolist())[0]:.3f}", flush=True)
    for split, rows in dev.items():
        labels = [r[3] for r in rows]
        f1, acc = ts.f1_macro(labels, torch.stack(probs[split]).mean(0).argmax(-1).tolist())
        print(f"ensemble of {len(args.runs):<8} {split}  F1m {f1:.3f}  acc {acc:.3f}")


if __name__ == "__main__":
    main()
