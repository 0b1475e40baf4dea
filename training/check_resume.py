"""Check that ``train_teacher.py --resume`` continues exactly: same weights as an uninterrupted run, bit for bit.

Runs a tiny configuration of the real recipe (all-mpnet-base-v2, bf16 autocast by default, a
``--subset`` of NewsMTSC train, short ``--max-len``, 2 epochs) twice, each in fresh processes:

* ``full``: all steps in one process;
* ``resumed``: stopped with ``--stop-after`` mid-epoch 1, resumed and stopped again mid-epoch 2
  (after an epoch end, its dev evaluation and ``best.pt``), then resumed to the end.

and compares the final checkpoints: every model tensor, every optimizer state tensor, the scheduler,
the RNG states and the per-epoch dev history must be identical. A script, not a pytest test: torch
is only in the training venv, so CI's runtime venv could never run it. About 5-10 minutes on 2
shared cores (four model loads, ~1.3 GB checkpoints)::

    .venv-train/bin/python training/check_resume.py            # exit 0 and "EXACT" when it holds
    .venv-train/bin/python training/check_resume.py --fp32
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import torch

ROOT = Path(__file__).resolve().parents[1]
RUNS = ROOT / "training" / "runs"
SCRIPT = ROOT / "training" / "train_teacher.py"


def run(name: str, common: list[str], *extra: str) -> None:
    cmd = [sys.executable, str(SCRIPT), "--name", name, *common, *extra]
    print("$", " ".join(cmd[1:]), flush=True)
    out = subprocess.run(cmd, check=False, capture_output=True, text=True)  # noqa: S603  (our own script)
    for line in out.stdout.splitlines():
        if line.startswith(("step ", "epoch ", "resumed", "checkpoint", "done")):
            print("   ", line, flush=True)
    if out.returncode:
        print(out.stderr[-3000:], file=sys.stderr)
        msg = f"{name}: exit {out.returncode}"
        raise SystemExit(msg)


def diff(a: Any, b: Any, path: str = "") -> list[str]:
    """Paths where two nested checkpoint structures differ (tensors compared bit for bit)."""
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        same = (
            isinstance(a, torch.Tensor)
            and isinstance(b, torch.Tensor)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and torch.equal(
                a.view(torch.uint8) if a.dtype.is_floating_point and a.dim() else a,
                b.view(torch.uint8) if b.dtype.is_floating_point and b.dim() else b,
            )
        )
        return [] if same else [path]
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path} keys"]
        return [d for k in a for d in diff(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return [f"{path} length"]
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in diff(x, y, f"{path}[{i}]")]
    if hasattr(a, "shape") and hasattr(b, "shape"):  # numpy arrays in the RNG state
        return [] if (a.shape == b.shape and (a == b).all()) else [path]
    return [] if a == b else [path]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--subset", type=int, default=12)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--max-len", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--fp32", action="store_true")
    p.add_argument("--keep", action="store_true", help="keep the two run folders")
    args = p.parse_args(argv)
    per_epoch = -(-args.subset // args.batch)
    common = [
        "--subset", str(args.subset), "--dev-subset", "8", "--batch", str(args.batch),
        "--max-len", str(args.max_len), "--epochs", "2", "--threads", str(args.threads),
        "--ckpt-every", "2", "--log-every", "1", "--no-summary",
    ]  # fmt: skip
    if args.fp32:
        common.append("--fp32")
    full, resumed = "_check-resume-full", "_check-resume-resumed"
    for name in (full, resumed):
        shutil.rmtree(RUNS / name, ignore_errors=True)
    first_stop, second_stop = max(1, per_epoch // 2), per_epoch + max(1, per_epoch // 2)
    run(full, common)
    run(resumed, common, "--stop-after", str(first_stop))
    run(resumed, common, "--resume", "--stop-after", str(second_stop))
    run(resumed, common, "--resume")
    a = torch.load(RUNS / full / "ckpt.pt", map_location="cpu", weights_only=False)
    b = torch.load(RUNS / resumed / "ckpt.pt", map_location="cpu", weights_only=False)
    for ck in (a, b):
        ck["state"].pop("work_s", None)  # wall time, not training state
        for h in ck["state"]["history"]:
            h.pop("work_s", None)
            h.pop("eval_s", None)
    bad = diff(a, b)
    best = diff(
        torch.load(RUNS / full / "best.pt", map_location="cpu"),
        torch.load(RUNS / resumed / "best.pt", map_location="cpu"),
    )
    n_model = len(a["model"])
    print(
        f"steps {a['state']['step']} (stops after {first_stop} and {second_stop}); dev history {a['state']['history']}"
    )
    if not args.keep:
        for name in (full, resumed):
            shutil.rmtree(RUNS / name, ignore_errors=True)
    if bad or best:
        print(f"NOT EXACT: {len(bad)} checkpoint entries differ, e.g. {bad[:8]}; best.pt differs in {best[:8]}")
        return 1
    print(f"EXACT: {n_model} model tensors, optimizer, scheduler, RNG states, history and best.pt identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
