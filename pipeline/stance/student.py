"""The fast stance student: each text encoded once, every target in it scored from that encoding.

Issue 14's student (``training/train_student.py``): the bottom layers of all-MiniLM-L6-v2, fine-tuned
on NewsMTSC train with hard labels and the teacher's soft labels (``training/train_teacher.py``).
The encoder reads the plain text, ``[CLS] text [SEP]``, with no target markers, so one encoder run
serves every target of the text; a target's features are the ``[CLS]`` state and the mean state of
the target's own tokens (span pooling), and a small head (numpy, float32) turns them into the class
probabilities (negative, neutral, positive).

A *levitated* student (config ``"pool": "levitated"``; levitated markers after Zhong & Chen, NAACL
2021) also gives each target a pair of marker tokens at the positions of its first and last word
piece. The markers go through the encoder's layers beside the text: at each layer they attend to the
text and to each other, and the text never attends to them, so the text's encoding is still shared
by all its targets while each target gets states that read the sentence from where it stands. The
encoder graph also returns every layer's keys and values (``kv``), and ``_MarkerStream`` runs the
marker pairs in numpy from them (weights in ``markers.npz``); the head adds the two marker states to
the features.

Long texts are cut into fixed windows of ``max_len`` tokens (a function of the text alone: windows
of ``max_len - 2`` word pieces at a stride of half that, the last one flush with the end); a target
is read in the window where it sits farthest from an edge. One window is one ONNX run (dynamic int8
quantizes activations per run, so a run must hold one window only), and the head runs per target,
so a target's score is a function of (text, target span) alone — never of the other targets in the
call — and the score cache stays exact. The encoder is int8 with exact integer products, as the
shipped model (``training/exact_int8.py``).

Runtime needs onnxruntime, tokenizers, numpy and onnx (which reads the weights: ``cpu_session``);
``training/train_student.py`` imports ``plan_windows`` from here, so training and inference cut
windows and find target tokens alike.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np
import numpy.typing as npt

from pipeline.stance.model import (
    DEFAULT_CACHE_SIZE,
    LABELS,
    CacheInfo,
    Item,
    ScoreCache,
    cpu_session,
    run_pool,
    softmax_rows,
    stances,
)
from schemas.articles import Stance

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = [
    "DEFAULT_STUDENT_DIR",
    "StudentStanceModel",
    "Target",
    "plan_windows",
    "token_span",
    "windows_of",
]

DEFAULT_STUDENT_DIR = Path(__file__).parents[1] / "data" / "stance-student"

F32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Target:
    """Where an item is read: its window's token ids (with ``[CLS]``/``[SEP]``) and the target's positions."""

    ids: tuple[int, ...]
    first: int
    last: int
    """``ids[first:last]`` are the target's word pieces (``first >= 1``: after ``[CLS]``)."""


def windows_of(n: int, room: int) -> list[tuple[int, int]]:
    """Fixed windows ``[lo, hi)`` over ``n`` word pieces, ``room`` at most each, half-overlapping.

    >>> windows_of(5, 8), windows_of(10, 4)
    ([(0, 5)], [(0, 4), (2, 6), (4, 8), (6, 10)])
    """
    if n <= room:
        return [(0, n)]
    stride = max(1, room // 2)
    starts = list(range(0, n - room, stride)) + [n - room]
    return [(s, s + room) for s in sorted(set(starts))]


def token_span(offsets: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """Word pieces ``[a, b)`` that overlap the characters ``[start, end)``; the nearest one if none do.

    >>> token_span([(0, 5), (6, 11), (12, 14)], 6, 14), token_span([(0, 5), (6, 11)], 5, 6)
    ((1, 3), (1, 2))
    """
    hit = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
    if hit:
        return hit[0], hit[-1] + 1
    if not offsets:
        return 0, 0
    near = min(range(len(offsets)), key=lambda i: (abs(offsets[i][0] - start), i))
    return near, near + 1


def plan_windows(tokenizer: Tokenizer, items: Sequence[Item], *, max_len: int) -> list[Target]:
    """The window and target positions of each item; identical texts are tokenized once.

    The tokenizer must not add special tokens itself (``add_special_tokens=False`` is passed);
    ``[CLS]`` and ``[SEP]`` are added around each window here.
    """
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if cls_id is None or sep_id is None:
        msg = "the student tokenizer has no [CLS]/[SEP] tokens"
        raise ValueError(msg)
    room = max(1, max_len - 2)
    texts = list(dict.fromkeys(t for t, _, _ in items))
    encs = dict(zip(texts, tokenizer.encode_batch(texts, add_special_tokens=False), strict=True))
    out = []
    for text, start, end in items:
        enc = encs[text]
        ids, offsets = enc.ids, enc.offsets
        a, b = token_span(offsets, start, end)
        wins = windows_of(len(ids), room)
        # The window where the target is farthest from an edge; ties go to the earlier window.
        lo, hi = max(wins, key=lambda w: (min(a - w[0], w[1] - b), -w[0]))
        first, last = max(a, lo), min(max(b, a + 1), hi)
        if first >= last:  # an empty text: the [SEP] state stands in for the target
            first, last = lo, lo + 1
        out.append(Target((cls_id, *ids[lo:hi], sep_id), first - lo + 1, last - lo + 1))
    return out


@dataclass(frozen=True)
class _Head:
    """The classifier (float32): features of one target, then one hidden layer (GELU-tanh) or linear.

    Features: the ``[CLS]`` state (unless ``cls`` is false), the mean state of the target's word
    pieces, for a levitated student the target's two marker states, and, when the head has ``query``
    weights, ``heads`` attention reads of the window with queries made from the target's mean.
    """

    w1: F32
    b1: F32
    w2: F32 | None
    b2: F32 | None
    query: F32 | None
    cls: bool = True
    """Whether the features start with the ``[CLS]`` state."""

    def features(self, h: F32, first: int, last: int, markers: F32 | None = None) -> F32:
        """The feature vector of the target at ``h[first:last]`` in window states ``h`` (L, H).

        ``markers``: the target's two levitated marker states (2, H), for a levitated student.
        """
        tgt = h[first:last].mean(axis=0, dtype=np.float32)
        parts = [h[0], tgt] if self.cls else [tgt]
        if markers is not None:
            parts.append(markers.reshape(-1))
        if self.query is not None:
            size = h.shape[1]
            u = (tgt @ self.query).reshape(-1, size)  # (heads, H)
            att = (h @ u.T).T / np.float32(np.sqrt(size))  # (heads, L)
            att = np.exp(att - att.max(axis=1, keepdims=True))
            att = att / att.sum(axis=1, keepdims=True)
            parts.append((att.astype(np.float32) @ h).reshape(-1))
        return np.concatenate(parts).astype(np.float32)

    def __call__(self, feat: F32) -> F32:
        """Logits for one target's feature vector (always the same shapes: results never depend on batching)."""
        h = feat @ self.w1 + self.b1
        if self.w2 is None or self.b2 is None:
            return h.astype(np.float32)
        h = 0.5 * h * (1.0 + np.tanh(np.float32(0.7978845608) * (h + np.float32(0.044715) * h**3)))
        return (h.astype(np.float32) @ self.w2 + self.b2).astype(np.float32)


def _erf(x: F32) -> F32:
    """The error function to ~1.5e-7 (Abramowitz & Stegun 7.1.26) in float32, for BERT's erf GELU without scipy."""
    t = np.float32(1.0) / (np.float32(1.0) + np.float32(0.3275911) * np.abs(x))
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    y = np.float32(1.0) - poly.astype(np.float32) * np.exp(-x * x)
    out: F32 = (np.sign(x) * y).astype(np.float32)
    return out


def _layer_norm(x: F32, gamma: F32, beta: F32) -> F32:
    mu = x.mean(axis=-1, keepdims=True, dtype=np.float32)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True, dtype=np.float32)
    out: F32 = ((x - mu) / np.sqrt(var + np.float32(1e-12)) * gamma + beta).astype(np.float32)
    return out


@dataclass(frozen=True)
class _MarkerStream:
    """A levitated student's marker pairs, run in numpy (float32) for all targets of a call.

    The two markers of a target sit at the positions of its first and last word piece and pass
    through the encoder's layers beside the text: at every layer they attend to the text's keys and
    values (the text graph's ``kv`` output) and to each other, never the text to them. The layer
    weights are the encoder's own, stored in ``markers.npz`` as int8 per output channel with float32
    scales (``training/train_student.py`` writes them), and widened to float32 on load.
    """

    start: F32
    """The two marker vectors with their token-type embedding added, (2, H)."""
    positions: F32
    emb_norm: tuple[F32, F32]
    layers: tuple[dict[str, F32], ...]
    heads: int

    @classmethod
    def load(cls, path: Path) -> _MarkerStream:
        with np.load(path) as npz:
            a = {k: np.asarray(npz[k]) for k in npz.files}

        def weight(name: str) -> F32:
            return np.ascontiguousarray(a[name].astype(np.float32) * a[f"{name}.scale"].astype(np.float32))

        layers = []
        for i in range(int(a["layers"])):
            p = f"l{i}."
            layer = {k: weight(p + k) for k in ("wq", "wk", "wv", "wo", "w1", "w2")}
            layer |= {
                k: a[p + k].astype(np.float32) for k in ("bq", "bk", "bv", "bo", "b1", "b2", "g1", "n1", "g2", "n2")
            }
            layers.append(layer)
        start = (a["markers"] + a["type0"]).astype(np.float32)
        emb_norm = (a["emb_g"].astype(np.float32), a["emb_n"].astype(np.float32))
        return cls(start, a["positions"].astype(np.float32), emb_norm, tuple(layers), int(a["heads"]))

    def __call__(self, kvs: Sequence[F32], spans: Sequence[tuple[int, int]]) -> F32:
        """The marker states (T, 2, H) of the targets at word pieces ``spans[t] = (first, last)``.

        Target ``t`` is read in the window whose keys and values are ``kvs[t]`` (layers, 2, 1, heads, L, d).

        The linear layers run one marker row at a time (``_linear``) and attention one target at a
        time, so a target's states depend on its window and span alone, whatever else the call holds.
        """
        rows = np.asarray([(first, last - 1) for first, last in spans], dtype=np.int64).reshape(-1)
        x = _layer_norm(np.tile(self.start, (len(spans), 1)) + self.positions[rows], *self.emb_norm)
        size = x.shape[1]
        d = size // self.heads
        scale = np.float32(np.sqrt(d))
        for i, w in enumerate(self.layers):
            q, k, v = (_linear(x, w[f"w{n}"], w[f"b{n}"]).reshape(-1, 2, self.heads, d) for n in "qkv")
            att = np.empty((len(spans), 2, size), dtype=np.float32)
            for t, kv in enumerate(kvs):
                keys = np.concatenate([kv[i, 0, 0], k[t].transpose(1, 0, 2)], axis=1)  # (heads, L + 2, d)
                values = np.concatenate([kv[i, 1, 0], v[t].transpose(1, 0, 2)], axis=1)
                scores = (q[t].transpose(1, 0, 2) @ keys.transpose(0, 2, 1)) / scale  # (heads, 2, L + 2)
                scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
                att[t] = ((scores / scores.sum(axis=-1, keepdims=True)) @ values).transpose(1, 0, 2).reshape(2, size)
            x = _layer_norm(_linear(att.reshape(-1, size), w["wo"], w["bo"]) + x, w["g1"], w["n1"])
            inner = _linear(x, w["w1"], w["b1"])
            inner = np.float32(0.5) * inner * (np.float32(1.0) + _erf(inner / np.float32(np.sqrt(2.0))))
            x = _layer_norm(_linear(inner, w["w2"], w["b2"]) + x, w["g2"], w["n2"])
        return x.reshape(len(spans), 2, size).astype(np.float32)


def _linear(x: F32, w: F32, b: F32) -> F32:
    """``x @ w + b``, one row at a time (a matrix-vector product per row).

    A matrix product does not compute a row the same way at every position in it (OpenBLAS on AVX2
    CPUs: the same rows in another order give other last bits), so a target scored with others would
    differ from the same target scored alone. Row by row costs about 1.5x the one product.
    """
    if not len(x):
        return np.zeros((0, w.shape[1]), dtype=np.float32)
    return (np.stack([row @ w for row in x]) + b).astype(np.float32)


class StudentStanceModel:
    """The span-pooling student, run with onnxruntime on the CPU; a ``StanceModel``.

    Args:
        model_dir: a folder with ``model.onnx`` (the encoder), ``head.npz``, ``tokenizer.json`` and
            ``config.json`` (``"kind": "student"``); a levitated student also has ``markers.npz``.
        threads: onnxruntime intra-op threads (1 = one core per worker process). A levitated
            student's marker stream runs in numpy, on as many threads as its BLAS is given
            (``OPENBLAS_NUM_THREADS``).
        parallel: encoder runs at once within one call, each on its own thread (``run_pool``).
        cache_size: items to remember, least recently used first out (0: none).
        weight_bits: the encoder's integer weights: 8 as exported, or 7 (``seven_bit_weights``; not
            for a levitated student, whose marker stream shares the encoder's weights).
        signed: 8-bit weights on onnxruntime's uint8 x int8 kernels (``cpu_session``); ``None``:
            where they are exact, which gives the same scores faster.

    Raises:
        ValueError: ``cache_size`` is negative, the config is not a student's or has other labels, or
            ``weight_bits`` is 7 for a levitated student.
    """

    def __init__(
        self,
        model_dir: Path,
        *,
        threads: int = 1,
        parallel: int = 1,
        cache_size: int = DEFAULT_CACHE_SIZE,
        weight_bits: int = 8,
        signed: bool | None = None,
    ) -> None:
        from tokenizers import Tokenizer

        self._cache: ScoreCache[Item] = ScoreCache(cache_size)
        self._map = run_pool(parallel)
        raw = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        if raw.get("kind") != "student" or tuple(raw.get("labels", ())) != LABELS:
            msg = f"{model_dir / 'config.json'} is not a stance student with labels {LABELS}"
            raise ValueError(msg)
        self.max_len = int(raw["max_len"])
        self._tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tok.no_truncation()
        self._tok.no_padding()
        with np.load(model_dir / "head.npz") as npz:
            arrays = {k: np.ascontiguousarray(npz[k], dtype=np.float32) for k in npz.files}
        w2, b2, query = arrays.get("w2"), arrays.get("b2"), arrays.get("query")
        self._head = _Head(arrays["w1"], arrays["b1"], w2, b2, query, cls=bool(raw.get("cls", True)))
        levitated = raw.get("pool") == "levitated"
        if levitated and weight_bits != 8:
            # Its marker stream (markers.npz) shares the encoder's layer weights, kept at 8 bits.
            msg = f"{model_dir}: a levitated student runs with 8-bit weights only, not {weight_bits}"
            raise ValueError(msg)
        self._session = cpu_session(model_dir / "model.onnx", threads, weight_bits=weight_bits, signed=signed)
        self._markers = _MarkerStream.load(model_dir / "markers.npz") if levitated else None

    def cache_info(self) -> CacheInfo:
        """How often scores came from the cache."""
        return self._cache.info()

    def plan(self, items: Sequence[Item]) -> list[Target]:
        """The window and target positions of each item."""
        return plan_windows(self._tok, items, max_len=self.max_len)

    def probabilities(self, items: Sequence[Item]) -> F32:
        """Class probabilities (negative, neutral, positive) per item, shape (n, 3)."""
        out = np.zeros((len(items), 3), dtype=np.float32)
        todo = self._cache.lookup(items, out)
        if todo:
            self._cache.remember(todo, self._run(self.plan(list(todo))), out)
        return out

    def _run(self, targets: Sequence[Target]) -> F32:
        """Encoder runs, marker stream and head for ``targets``.

        One encoder run per distinct window (``parallel`` at once), then for a levitated student the
        marker stream over all targets, then the head per target.
        """
        outputs = ["hidden", "kv"] if self._markers is not None else ["hidden"]

        def encode(window: tuple[int, ...]) -> tuple[F32, F32 | None]:
            """The window's last states (L, H) and, for a levitated student, its keys and values."""
            ids = np.asarray([window], dtype=np.int64)
            run = self._session.run(outputs, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            return np.asarray(run[0][0], dtype=np.float32), (run[1] if len(run) > 1 else None)

        windows = list(dict.fromkeys(t.ids for t in targets))
        runs = dict(zip(windows, self._map(encode, windows), strict=True))

        markers: F32 | list[None] = [None] * len(targets)
        if self._markers is not None:  # every target's own marker pair
            kvs = [cast("F32", runs[t.ids][1]) for t in targets]
            markers = self._markers(kvs, [(t.first, t.last) for t in targets])
        out = np.zeros((len(targets), 3), dtype=np.float32)
        for i, t in enumerate(targets):
            feat = self._head.features(runs[t.ids][0], t.first, t.last, markers[i])
            out[i] = softmax_rows(self._head(feat)[None, :])[0]
        return out

    def score(self, items: Sequence[Item]) -> list[Stance]:
        """Stance per item: label by the most likely class, score = P(positive) - P(negative)."""
        return stances(self.probabilities(items)) if items else []
