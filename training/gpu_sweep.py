r"""Train many stance runs at once on one GPU, soup each recipe's seeds, pack the best soup to bring back.

For the short GPU leases this project sometimes gets (issue 14): ``train_stance.py --device cuda``
runs, several at a time (a MiniLM run leaves most of an H200 idle), within a time budget so that the
results come back before the lease's per-command limit. Each recipe's completed seeds are averaged
into a uniform soup (``train_stance.py --soup``: every seed, no picking), each soup's dev F1m is
measured, and the soup with the best mean of rw-dev and mt-dev F1m is written in float16 chunks
(``soup.pt.000``, …, under 16 MB each) beside ``results.json``, for ``--unpack`` on the CPU machine,
which writes ``training/runs/NAME/best.pt`` + ``history.json`` so that
``train_stance.py --name NAME --export-only`` exports it as usual.

    # on the GPU machine (NEWSMTSC_DIR / MINILM_DIR point at carried copies of the data and encoder)
    X=training/data/teacher-s13/teacher.unlabeled.jsonl.gz
    python3 training/gpu_sweep.py --seeds 1 2 3 4 5 6 --jobs 12 --budget-s 400 --out "$OUT" --recipe \
        kd="--alpha 0.5 --epochs 3 --extra $X" --recipe kd02="--alpha 0.2 --epochs 4 --extra $X"
    # back here (figures of that sweep: training/README.md, "Many seeds on a lent GPU")
    .venv-train/bin/python training/gpu_sweep.py --unpack DIR --name soup-gpu
    .venv-train/bin/python training/train_stance.py --name soup-gpu --export-only --out training/runs/soup-gpu/export
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = ROOT / "training" / "runs"
TRAIN = [sys.executable, str(ROOT / "training" / "train_stance.py")]
CHUNK = 15_000_000


def mean_f1(evals: dict) -> float:
    return sum(v[0] for v in evals.values()) / len(evals)


def best_epoch(run: Path) -> dict | None:
    """The run's best epoch (by mean dev F1m), or None when it finished none."""
    path = run / "history.json"
    if not path.exists():
        return None
    hist = json.loads(path.read_text())["history"]
    return max(hist, key=lambda h: mean_f1(h["dev"])) if hist else None


def sweep(args: argparse.Namespace) -> None:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    recipes = dict(r.split("=", 1) for r in args.recipe)
    # Seed-major order, so that every recipe has seeds done if the budget cuts the sweep short.
    queue = [(f"{args.prefix}{name}-s{seed}", name, seed) for seed in args.seeds for name in recipes]
    start = time.time()
    running: list[tuple[subprocess.Popen, str, str]] = []
    done: dict[str, list[str]] = {name: [] for name in recipes}
    logs = RUNS / f"{args.prefix}logs"  # not under --out: a lease brings back only a few files
    logs.mkdir(parents=True, exist_ok=True)

    def reap(block: bool) -> None:
        for proc, run, recipe in list(running):
            if block or proc.poll() is not None:
                if proc.wait() == 0:
                    done[recipe].append(run)
                else:
                    tail = (logs / f"{run}.log").read_text().splitlines()[-15:]
                    print(f"{run}: exit {proc.returncode}; the end of its log:", *tail, sep="\n  ", flush=True)
                running.remove((proc, run, recipe))

    while queue or running:
        elapsed = time.time() - start
        if elapsed > args.budget_s:
            for proc, run, _ in running:
                print(f"{run}: stopped at the budget ({elapsed:.0f} s), left out of the soups", flush=True)
                proc.terminate()
                proc.wait()
            running.clear()
            break
        if elapsed > args.budget_s * args.start_until:
            queue.clear()
        while queue and len(running) < args.jobs:
            run, recipe, seed = queue.pop(0)
            cmd = [*TRAIN, "--name", run, "--seed", str(seed), "--device", args.device, "--threads", "2"]
            cmd += [*shlex.split(recipes[recipe]), "--no-export"]
            with (logs / f"{run}.log").open("w") as log:
                proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)  # noqa: S603 - our argv
            running.append((proc, run, recipe))
            print(f"{time.time() - start:5.0f} s  start {run}", flush=True)
        time.sleep(2)
        reap(block=False)
    reap(block=True)

    results: dict = {"runs": {}, "soups": {}, "seconds": round(time.time() - start)}
    for recipe, runs in done.items():
        for run in runs:
            best = best_epoch(RUNS / run)
            results["runs"][run] = best
            if best:
                print(f"{run:24s} epoch {best['epoch']}  {fmt(best['dev'])}", flush=True)
        if len(runs) >= 2:
            name = f"{args.prefix}soup-{recipe}"
            subprocess.run([*TRAIN, "--name", name, "--soup", *sorted(runs), "--no-export"], check=True, cwd=ROOT)  # noqa: S603
            hist = json.loads((RUNS / name / "history.json").read_text())
            results["soups"][name] = {"of": sorted(runs), "dev": hist["history"][0]["dev"]}
            print(f"{name:24s} {len(runs)} seeds  {fmt(hist['history'][0]['dev'])}", flush=True)
    (out / "results.json").write_text(json.dumps(results, indent=1))
    if results["soups"]:
        best_soup = max(results["soups"], key=lambda s: mean_f1(results["soups"][s]["dev"]))
        pack(RUNS / best_soup, out)
        print(f"packed {best_soup}", flush=True)


def fmt(dev: dict) -> str:
    return "  ".join(f"{k} {v[0]:.4f}" for k, v in dev.items()) + f"  mean {mean_f1(dev):.4f}"


def pack(run: Path, out: Path) -> None:
    """``run``'s best.pt as float16 in chunks under 16 MB, plus its history.json."""
    import torch

    state = torch.load(run / "best.pt", map_location="cpu")
    buf = io.BytesIO()
    torch.save({k: v.half() if v.is_floating_point() else v for k, v in state.items()}, buf)
    data = buf.getvalue()
    for i in range(0, len(data), CHUNK):
        (out / f"soup.pt.{i // CHUNK:03d}").write_bytes(data[i : i + CHUNK])
    (out / "soup.history.json").write_text((run / "history.json").read_text())


def unpack(args: argparse.Namespace) -> None:
    """Rebuild ``training/runs/NAME/`` (float32 best.pt, history.json) from a packed soup."""
    import torch

    src = Path(args.unpack)
    data = b"".join(p.read_bytes() for p in sorted(src.glob("soup.pt.[0-9][0-9][0-9]")))
    state = torch.load(io.BytesIO(data), map_location="cpu")
    run = RUNS / args.name
    run.mkdir(parents=True, exist_ok=True)
    torch.save({k: v.float() if v.is_floating_point() else v for k, v in state.items()}, run / "best.pt")
    hist = json.loads((src / "soup.history.json").read_text())
    hist["args"]["name"] = args.name
    hist["args"]["trained_on"] = "GPU (training/gpu_sweep.py), brought back in float16"
    (run / "history.json").write_text(json.dumps(hist, indent=1))
    print(f"unpacked into {run}", flush=True)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--recipe", action="append", default=[], help="NAME='train_stance.py options' (repeatable)")
    p.add_argument("--seeds", type=int, nargs="+", default=[1, 2], help="every recipe runs with every seed")
    p.add_argument("--jobs", type=int, default=4, help="runs at a time")
    p.add_argument("--device", default="cuda")
    p.add_argument("--budget-s", type=float, default=420, help="stop every run after this many seconds")
    p.add_argument("--start-until", type=float, default=0.6, help="start no run after this fraction of the budget")
    p.add_argument("--prefix", default="gpu-", help="run names start with this")
    p.add_argument("--out", default=os.environ.get("OUT", "training/runs/gpu-sweep"))
    p.add_argument("--unpack", help="a folder of packed soup chunks to rebuild as training/runs/--name")
    p.add_argument("--name", default="soup-gpu")
    args = p.parse_args(argv)
    if args.unpack:
        unpack(args)
    else:
        sweep(args)


if __name__ == "__main__":
    main()
