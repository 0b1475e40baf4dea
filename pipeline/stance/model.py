"""The stance scorer: a target-marker sentence encoder run with onnxruntime, with a score cache.

The scorer is a MiniLM sentence encoder fine-tuned on NewsMTSC (Felix Hamborg and Karsten Donnay,
2021, "NewsMTSC: A Dataset for (Multi-)Target-dependent Sentiment Classification in Political News
Articles", EACL 2021, https://aclanthology.org/2021.eacl-main.142/, MIT licence), exported to ONNX
and quantized to int8 (``training/train_stance.py``). At run time only ``onnxruntime``,
``tokenizers`` and ``numpy`` are used (and ``onnx`` to read the weights: ``cpu_session``). The
input is ``[CLS] target [SEP] sentence with [TGT] target [/TGT] [SEP]``, so two mentions in one sentence get their own scores. A single item's label is the
most likely class and its score is ``P(positive) - P(negative)``. Dev F1 and speed:
``bench/stance_eval.py``, ``bench/stance_speed.py``.

``training/train_stance.py`` imports ``encode_items`` and the markers from here, so training and
inference encode alike; that venv has no spaCy, and this module does not need it.
"""

from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

import numpy as np
import numpy.typing as npt

from schemas.articles import Stance, StanceLabel

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = [
    "DEFAULT_CACHE_SIZE",
    "DEFAULT_MODEL_DIR",
    "LABELS",
    "MARKER_MODEL_DIR",
    "MODEL_CHOICES",
    "STUDENT_MODEL_DIR",
    "WEIGHT_BITS",
    "MARKER_CLOSE",
    "MARKER_OPEN",
    "CacheInfo",
    "Item",
    "OnnxStanceModel",
    "ScoreCache",
    "StanceModel",
    "clip_score",
    "cpu_session",
    "encode_items",
    "exact_signed_products",
    "load_stance_model",
    "marked",
    "resolve_model_dir",
    "run_pool",
    "seven_bit_weights",
    "signed_weights",
]

MARKER_MODEL_DIR = Path(__file__).parents[1] / "data" / "stance"
"""The target-marker model: one (target, sentence) item per run (``training/train_stance.py``)."""

STUDENT_MODEL_DIR = Path(__file__).parents[1] / "data" / "stance-student"
"""The span-pooling student: each text encoded once for all its targets (``pipeline.stance.student``)."""

DEFAULT_MODEL_DIR = MARKER_MODEL_DIR
"""What ``load_stance_model()`` loads when no model is named."""

MODEL_CHOICES = {"marker": MARKER_MODEL_DIR, "student": STUDENT_MODEL_DIR}
"""Packaged models by name (``NEWSFLOW_STANCE_MODEL``); any other value is a model folder."""

LABELS: tuple[StanceLabel, StanceLabel, StanceLabel] = ("negative", "neutral", "positive")
"""The model's classes, in the order of its outputs."""

Item = tuple[str, int, int]
"""(text, target_start, target_end): character offsets of the target inside ``text``."""

MARKER_OPEN, MARKER_CLOSE = "[TGT]", "[/TGT]"

DEFAULT_CACHE_SIZE = 20_000
"""Scored inputs an ``OnnxStanceModel`` remembers (~0.4 KB each).

News streams repeat sentences: a re-scraped article (same URL, a paragraph updated) and syndicated
copies of a wire story carry most of their (sentence, target) items again. One item per model run
makes a score a function of its input alone, so a remembered score is exactly the one the model
would compute again (``bench/stance_cache.py``: re-scraped articles, 28x faster stance stage)."""


@runtime_checkable
class StanceModel(Protocol):
    """Anything that scores (text, target_start, target_end) items in one batched call."""

    def score(self, items: Sequence[Item]) -> list[Stance]:
        """Return one ``Stance`` per item, in order."""
        ...


def clip_score(score: float) -> float:
    """Clamp a score to [-1, 1], as a plain ``float``.

    >>> clip_score(1.5), clip_score(-0.25)
    (1.0, -0.25)
    """
    return max(-1.0, min(1.0, float(score)))


# --- encoding ------------------------------------------------------------------------------------


def marked(text: str, start: int, end: int) -> str:
    """Wrap ``text[start:end]`` in the target markers.

    >>> marked("Critics slam Obama.", 13, 18)
    'Critics slam [TGT] Obama [/TGT].'
    """
    return f"{text[:start]}{MARKER_OPEN} {text[start:end]} {MARKER_CLOSE}{text[end:]}"


def encode_items(tokenizer: Tokenizer, items: Sequence[Item], *, max_len: int, pair: bool) -> list[list[int]]:
    """Token ids per item (training and inference share this), cropped to ``max_len`` around the target.

    ``pair=False``: ``[CLS] marked sentence [SEP]``; ``pair=True``: ``[CLS] target [SEP] marked
    sentence [SEP]``, where only the sentence part is cropped.
    """
    open_id = tokenizer.token_to_id(MARKER_OPEN)
    out: list[list[int]] = []
    for k in range(0, len(items), ENCODE_SLICE):  # a slice's encodings are freed once cropped
        part = items[k : k + ENCODE_SLICE]
        if pair:
            encs = tokenizer.encode_batch([(t[s:e], marked(t, s, e)) for t, s, e in part])
            out += [_crop(list(enc.ids), open_id, max_len, keep=enc.type_ids.count(0)) for enc in encs]
        else:
            encs = tokenizer.encode_batch([marked(t, s, e) for t, s, e in part])
            out += [_crop(list(enc.ids), open_id, max_len) for enc in encs]
    return out


ENCODE_SLICE = 256
"""Items tokenized at once: a whole sentence's encoding (tokens, offsets, ids) is kept until it is cropped,
so 30,000 mentions of a 4,000-character window at once held gigabytes."""


def _crop(ids: list[int], marker_id: int | None, max_len: int, *, keep: int = 1) -> list[int]:
    """Keep the first ``keep`` ids, the final ``[SEP]`` and a window of the rest centred on the marker."""
    if len(ids) <= max_len:
        return ids
    head, body = ids[:keep], ids[keep:-1]
    if len(head) > max_len - 2:
        # A target too long for the window ("A. A. A. …" tagged as one name): its start and its [SEP],
        # in half the window, so the ids never outgrow the model's positions.
        head = [*head[: max_len // 2 - 1], head[-1]]
    room = max(1, max_len - len(head) - 1)
    at = body.index(marker_id) if marker_id is not None and marker_id in body else 0
    lo = max(0, min(at - room // 3, len(body) - room))
    return [*head, *body[lo : lo + room], ids[-1]]


# --- the ONNX model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Config:
    """The model folder's ``config.json``: how its inputs are encoded and batched."""

    max_len: int
    marker_open: str
    marker_close: str
    labels: tuple[str, ...]
    batch_size: int
    pair: bool


@dataclass
class CacheInfo:
    """Hits and misses of an ``OnnxStanceModel``'s score cache since it was created."""

    hits: int = 0
    misses: int = 0
    size: int = 0
    capacity: int = 0


K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
R = TypeVar("R")


class ScoreCache(Generic[K]):
    """Class probabilities of scored inputs, least recently used out first, with hit and miss counts.

    A scorer looks its inputs up, runs its model on the rest outside the lock, then remembers them:
    agents call from worker threads.

    Args:
        capacity: inputs to remember (0: none; lookups still merge repeats within one call).

    Raises:
        ValueError: ``capacity`` is negative.
    """

    def __init__(self, capacity: int) -> None:
        if capacity < 0:
            msg = f"stance cache_size must be 0 (off) or more, not {capacity}"
            raise ValueError(msg)
        self.capacity = capacity
        self._store: OrderedDict[K, npt.NDArray[np.float32]] = OrderedDict()
        self._hits = self._misses = 0
        self._lock = threading.Lock()

    def info(self) -> CacheInfo:
        """How often scores came from the cache."""
        return CacheInfo(self._hits, self._misses, len(self._store), self.capacity)

    def lookup(self, keys: Sequence[K], out: npt.NDArray[np.float32]) -> dict[K, list[int]]:
        """Fill the rows of ``out`` whose key is remembered; return each other key with its rows.

        A repeat within the call counts as a hit: each distinct unremembered input runs once.
        """
        todo: dict[K, list[int]] = {}
        with self._lock:
            for i, key in enumerate(keys):
                cached = self._store.get(key)
                if cached is not None:
                    self._store.move_to_end(key)
                    out[i] = cached
                    self._hits += 1
                else:
                    todo.setdefault(key, []).append(i)
            self._misses += len(todo)
            self._hits += sum(len(rows) - 1 for rows in todo.values())
        return todo

    def remember(self, todo: dict[K, list[int]], fresh: npt.NDArray[np.float32], out: npt.NDArray[np.float32]) -> None:
        """Fill ``out`` from ``fresh`` (one row per key of ``todo``, in order) and remember those rows."""
        with self._lock:
            for (key, rows), probs in zip(todo.items(), fresh, strict=True):
                out[rows] = probs
                if self.capacity:
                    self._store[key] = probs.copy()  # not a view that keeps the whole batch alive
                    self._store.move_to_end(key)
            while len(self._store) > self.capacity:
                self._store.popitem(last=False)


WEIGHT_BITS = (8, 7)
"""Integer weight widths a model can run with (``cpu_session``): 8 as exported, or 7 (faster)."""

_SEVEN_BIT_MAX = 63
"""7-bit weights lie in [-63, 63]: two u8 x s8 products then sum to at most 2 * 255 * 63 = 32,130 < 2**15."""


def _int8_products(
    model: Any, model_path: Path
) -> Iterator[tuple[str, str, str, npt.NDArray[np.int32], npt.NDArray[np.int32]]]:
    """Each integer product's constant weights in a ``quantize_dynamic`` export, once per weight tensor.

    Yields (weight name, zero point name, scale name, weight, zero point), the integers centred on 0
    whether stored as int8 or as uint8 + 128 (``training/exact_int8.py``).

    Raises:
        ValueError: a weight without its ``*_scale`` initializer or zero point (not such an export).
    """
    import onnx
    from onnx import numpy_helper

    initializers = {init.name: init for init in model.graph.initializer}
    seen: set[str] = set()
    for node in model.graph.node:
        if node.op_type != "MatMulInteger" or len(node.input) < 4 or node.input[1] not in initializers:
            continue
        weight, zero_point = node.input[1], node.input[3]
        if weight in seen:
            continue  # a weight shared by several products
        seen.add(weight)
        scale = weight.removesuffix("_quantized") + "_scale"
        if scale not in initializers or zero_point not in initializers:
            msg = (
                f"{model_path}: {node.name} has no weight scale {scale!r} or zero point (not a quantize_dynamic export)"
            )
            raise ValueError(msg)
        shift = 128 if initializers[weight].data_type == onnx.TensorProto.UINT8 else 0
        yield (
            weight,
            zero_point,
            scale,
            numpy_helper.to_array(initializers[weight]).astype(np.int32) - shift,
            numpy_helper.to_array(initializers[zero_point]).astype(np.int32) - shift,
        )


def seven_bit_weights(model_path: Path) -> dict[str, npt.NDArray[Any]]:
    """Replacement initializers that run a dynamically quantized model's products on 7-bit int8 weights.

    The packaged models store their int8 weights as uint8 (``training/exact_int8.py``): onnxruntime
    then multiplies uint8 by uint8, widening to 16 bits, which is exact on every x86 CPU but about half
    the speed of its uint8 x int8 kernels. Those kernels add two products into a saturating int16 on
    CPUs without VNNI (AVX2), so they are exact only while ``2 * 255 * |w| < 2**15``. Each weight
    tensor is therefore rounded to 7 bits (``round(w / 2)`` in [-63, 63], its scale doubled) and given
    as int8 with an int8 zero point: the same integer products on every CPU again, on the faster kernels.
    On a CPU where the uint8 x int8 kernels are exact anyway (``exact_signed_products``), 8-bit
    weights run on them too (``signed_weights``), as fast and without the rounding.

    Returns:
        Initializer name -> new value (weights, their zero points and their scales).

    Raises:
        ValueError: the model is not a symmetric ``quantize_dynamic`` export (a weight without its
            ``*_scale`` initializer, or a non-zero weight zero point).
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(model_path))
    initializers = {init.name: init for init in model.graph.initializer}
    out: dict[str, npt.NDArray[Any]] = {}
    for weight, zero_point, scale, w, z in _int8_products(model, model_path):
        if z.any():
            msg = f"{model_path}: {weight} has asymmetric weights (zero point not 0); 7-bit weights need symmetric ones"
            raise ValueError(msg)
        out[weight] = np.clip(np.round(w / 2), -_SEVEN_BIT_MAX, _SEVEN_BIT_MAX).astype(np.int8)
        out[zero_point] = np.zeros(z.shape, dtype=np.int8)
        out[scale] = numpy_helper.to_array(initializers[scale]) * 2
    if not out:
        msg = f"{model_path}: no int8 weights to round to 7 bits (not a dynamically quantized model)"
        raise ValueError(msg)
    return out


def signed_weights(model_path: Path) -> dict[str, npt.NDArray[Any]]:
    """Replacement initializers that give a model's uint8-stored weights back as int8, unrounded.

    ``training/exact_int8.py`` stores each int8 weight ``w`` as uint8 ``w + 128`` so that onnxruntime
    takes its uint8 x uint8 kernels, exact on every x86 CPU. Given back as int8 (and their zero
    points too), the products run on the uint8 x int8 kernels: the same integers where those are
    exact (``exact_signed_products``), at about twice the speed. A model that stores int8 weights
    already needs no replacement (an empty dict).

    Raises:
        ValueError: the model is not a ``quantize_dynamic`` export (see ``_int8_products``).
    """
    import onnx

    model = onnx.load(str(model_path))
    stored = {init.name: init.data_type for init in model.graph.initializer}
    out: dict[str, npt.NDArray[Any]] = {}
    for weight, zero_point, _, w, z in _int8_products(model, model_path):
        if stored[weight] == onnx.TensorProto.UINT8:
            out[weight] = w.astype(np.int8)
            out[zero_point] = z.astype(np.int8)
    return out


_PROBE_DEPTH = 384
"""Terms of each probe product: the models' hidden width (MiniLM: 384)."""


@functools.cache
def exact_signed_products() -> bool:
    """Whether onnxruntime multiplies uint8 activations by int8 weights exactly on this CPU.

    With VNNI (AVX512-VNNI, AVX-VNNI) or AMX its uint8 x int8 kernels add the products in int32; with
    AVX2 alone they add pairs of products into a saturating int16 (``training/exact_int8.py``). A
    probe asks this build of onnxruntime on this CPU directly: it runs the graph ``quantize_dynamic``
    writes for one product (DynamicQuantizeLinear, MatMulInteger, Cast, Mul; fused by the same graph
    optimisation as the models') on activations that quantize to 255 and weights of 127. Exact, each
    output is ``(_PROBE_DEPTH - 1) * 127``; with saturated pairs, about half. Asked once per process.

    Only x86 CPUs are asked. On ARM, onnxruntime sends products whose weight zero points are all 0
    to other kernels where the CPU has SME (KleidiAI's, which quantize activations per row to int8:
    other integers than the stored weights' path, which the probe's 0/1 activations would not show),
    so there the weights always run as stored.
    """
    import platform

    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    weight = np.full((_PROBE_DEPTH, 16), 127, dtype=np.int8)
    graph = helper.make_graph(
        [
            helper.make_node("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xz"]),
            helper.make_node("MatMulInteger", ["xq", "w", "xz", "wz"], ["yi"]),
            helper.make_node("Cast", ["yi"], ["yf"], to=TensorProto.FLOAT),
            helper.make_node("Mul", ["xs", "ws"], ["s"]),
            helper.make_node("Mul", ["yf", "s"], ["y"]),
        ],
        "exact_signed_products",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, _PROBE_DEPTH])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 16])],
        [
            numpy_helper.from_array(weight, "w"),
            numpy_helper.from_array(np.zeros((), dtype=np.int8), "wz"),
            numpy_helper.from_array(np.ones((), dtype=np.float32), "ws"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(model.SerializeToString(), sess_options=opts, providers=["CPUExecutionProvider"])
    x = np.ones((8, _PROBE_DEPTH), dtype=np.float32)
    x[:, 0] = 0.0  # the range [0, 1]: zero point 0, scale 1/255, every other activation 255
    (y,) = session.run(["y"], {"x": x})
    return bool(np.allclose(y, (_PROBE_DEPTH - 1) * 127, rtol=1e-5))


def cpu_session(model_path: Path, threads: int, *, weight_bits: int = 8, signed: bool | None = None) -> Any:
    """An onnxruntime session on the CPU with ``threads`` intra-op threads and full graph optimisation.

    ``weight_bits=7`` replaces the int8 weights by ``seven_bit_weights`` when the session is built.
    With 8 bits, uint8-stored weights are given as int8 (``signed_weights``) when ``signed`` is true;
    ``None`` (the default) means: when this CPU's uint8 x int8 products are exact
    (``exact_signed_products``), so the scores are the same either way and only the speed differs.

    Raises:
        ValueError: ``weight_bits`` is not in ``WEIGHT_BITS``.
    """
    import onnxruntime as ort

    if weight_bits not in WEIGHT_BITS:
        msg = f"stance weight_bits must be one of {WEIGHT_BITS}, not {weight_bits}"
        raise ValueError(msg)
    if weight_bits == 7:
        replacements = seven_bit_weights(model_path)
    elif signed or (signed is None and exact_signed_products()):
        replacements = signed_weights(model_path)
    else:
        replacements = {}
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # onnxruntime reads an added initializer's memory for as long as the session lives: kept with it below.
    replaced = {
        name: ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(value)) for name, value in replacements.items()
    }
    for name, value in replaced.items():
        opts.add_initializer(name, value)
    session = ort.InferenceSession(str(model_path), sess_options=opts, providers=["CPUExecutionProvider"])
    session.newsflow_replaced_initializers = replaced
    return session


def run_pool(parallel: int) -> Callable[[Callable[[T], R], Sequence[T]], list[R]]:
    """A map that runs up to ``parallel`` independent model runs at once, one per thread.

    onnxruntime releases the GIL while it runs, so each thread gets a core; every run sees only its
    own inputs, so the results are the same as one run after another. ``parallel=1`` maps in the
    calling thread. The threads start on first use and live as long as the returned function.

    The pool is shared by the calls of all threads (a worker's long lane beside its batches), and a
    call keeps at most ``parallel`` of its runs in it at a time: calls take turns, so a short
    article's few runs wait for a run or two of a long article's thousands, not for all of them.

    >>> run_pool(2)(len, ["a", "bb", "ccc"])
    [1, 2, 3]
    """
    if parallel < 1:
        msg = f"parallel must be at least 1, got {parallel}"
        raise ValueError(msg)

    def serial(fn: Callable[[T], R], inputs: Sequence[T]) -> list[R]:
        return [fn(x) for x in inputs]

    if parallel == 1:
        return serial
    pool = ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="stance-run")

    def mapped(fn: Callable[[T], R], inputs: Sequence[T]) -> list[R]:
        if len(inputs) < 2:
            return serial(fn, inputs)
        results: dict[int, R] = {}
        running: dict[Future[R], int] = {}
        waiting = iter(range(len(inputs)))
        for i in waiting:
            running[pool.submit(fn, inputs[i])] = i
            if len(running) == parallel:
                break
        try:
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    results[running.pop(future)] = future.result()
                    following = next(waiting, None)
                    if following is not None:
                        running[pool.submit(fn, inputs[following])] = following
        except BaseException:
            for future in running:  # a failed run fails the call: its runs not started are dropped
                future.cancel()
            raise
        return [results[i] for i in range(len(inputs))]

    return mapped


class OnnxStanceModel:
    """The fine-tuned target-marker encoder, run with onnxruntime on the CPU.

    Args:
        model_dir: a folder with ``model.onnx``, ``tokenizer.json`` and ``config.json``.
        threads: onnxruntime intra-op threads (1 = one core per worker process).
        parallel: model runs at once within one call, each on its own thread (``run_pool``): a long
            article's items are scored on several cores when they are free. Scores do not change.
        cache_size: scored inputs to remember, least recently used first out (0: none). Only a
            model that runs one item at a time caches: in a batch, a score depends on its neighbours.
        weight_bits: 8 (as exported) or 7 (``seven_bit_weights``: faster, slightly less accurate).
        signed: 8-bit weights on onnxruntime's uint8 x int8 kernels (``cpu_session``); ``None``:
            where they are exact, which gives the same scores faster.

    Raises:
        ValueError: ``cache_size`` is negative, ``weight_bits`` is not in ``WEIGHT_BITS``, or the
            folder's config has other labels or markers than this code.
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

        self._cache: ScoreCache[bytes] = ScoreCache(cache_size)
        self._map = run_pool(parallel)
        raw = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.config = _Config(
            max_len=int(raw["max_len"]),
            marker_open=str(raw["marker_open"]),
            marker_close=str(raw["marker_close"]),
            labels=tuple(raw["labels"]),
            batch_size=int(raw.get("batch_size", 1)),
            pair=raw.get("input", "marker") == "pair",
        )
        if self.config.labels != LABELS or (self.config.marker_open, self.config.marker_close) != (
            MARKER_OPEN,
            MARKER_CLOSE,
        ):
            msg = f"stance model config {model_dir / 'config.json'} does not match this code's labels/markers"
            raise ValueError(msg)
        self._tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tok.no_truncation()
        self._tok.no_padding()
        self._pad_id = self._tok.token_to_id("[PAD]") or 0
        self._session = cpu_session(model_dir / "model.onnx", threads, weight_bits=weight_bits, signed=signed)
        if self.config.batch_size != 1:
            self._cache = ScoreCache(0)

    def cache_info(self) -> CacheInfo:
        """How often scores came from the cache."""
        return self._cache.info()

    def encode(self, items: Sequence[Item]) -> list[list[int]]:
        """Token ids per item, cropped to ``max_len`` around the target marker."""
        return encode_items(self._tok, items, max_len=self.config.max_len, pair=self.config.pair)

    def probabilities(self, items: Sequence[Item]) -> npt.NDArray[np.float32]:
        """Class probabilities (negative, neutral, positive) per item, shape (n, 3).

        With the cache on, each distinct uncached input runs once; a repeat within the call counts
        as a hit.
        """
        ids = self.encode(items)
        if not self._cache.capacity:
            return self._run(ids)
        out = np.zeros((len(ids), 3), dtype=np.float32)
        todo = self._cache.lookup([np.asarray(seq, dtype=np.int32).tobytes() for seq in ids], out)
        if todo:
            self._cache.remember(todo, self._run([ids[rows[0]] for rows in todo.values()]), out)
        return out

    def _run(self, ids: Sequence[list[int]]) -> npt.NDArray[np.float32]:
        """Run the model on token id sequences; class probabilities per sequence."""
        out = np.zeros((len(ids), 3), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # similar lengths pad less
        bs = self.config.batch_size
        chunks = [order[b : b + bs] for b in range(0, len(order), bs)]

        def probs(chunk: list[int]) -> npt.NDArray[np.float32]:
            width = max(len(ids[i]) for i in chunk)
            input_ids = np.full((len(chunk), width), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            logits = self._session.run(["logits"], {"input_ids": input_ids, "attention_mask": mask})[0]
            return softmax_rows(np.asarray(logits, dtype=np.float32))

        for chunk, p in zip(chunks, self._map(probs, chunks), strict=True):
            out[chunk] = p
        return out

    def score(self, items: Sequence[Item]) -> list[Stance]:
        """Stance per item: label by the most likely class, score = P(positive) - P(negative)."""
        return stances(self.probabilities(items)) if items else []


def stances(probs: npt.NDArray[np.float32]) -> list[Stance]:
    """One ``Stance`` per row of class probabilities: the most likely label, scored P(positive) - P(negative)."""
    return [Stance(label=LABELS[int(np.argmax(p))], score=clip_score(float(p[2] - p[0]))) for p in probs]


def softmax_rows(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Row-wise softmax of logits, as float32."""
    e = np.exp(x - x.max(axis=1, keepdims=True))
    out: npt.NDArray[np.float32] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


def resolve_model_dir(choice: str | Path | None) -> Path:
    """The model folder for a choice: ``None`` or ``""`` the default, a name in ``MODEL_CHOICES``, or a folder.

    >>> resolve_model_dir("student") == STUDENT_MODEL_DIR, resolve_model_dir(None) == DEFAULT_MODEL_DIR
    (True, True)
    """
    if choice is None or choice == "":
        return DEFAULT_MODEL_DIR
    if isinstance(choice, str) and choice in MODEL_CHOICES:
        return MODEL_CHOICES[choice]
    return Path(choice)


def load_stance_model(
    path: str | Path | None = None,
    *,
    threads: int = 1,
    parallel: int = 1,
    cache_size: int = DEFAULT_CACHE_SIZE,
    weight_bits: int = 8,
    signed: bool | None = None,
) -> StanceModel:
    """Load the packaged stance scorer (or the one in ``path``); agents call this once per process.

    A folder whose ``config.json`` says ``"kind": "student"`` loads a ``StudentStanceModel``
    (``pipeline.stance.student``), any other an ``OnnxStanceModel``.

    Args:
        path: a model folder or a name in ``MODEL_CHOICES`` (``"marker"``, ``"student"``); ``None``
            or ``""`` loads the packaged default (``DEFAULT_MODEL_DIR``).
        threads: onnxruntime intra-op threads.
        parallel: model runs at once within one call, on their own threads (``run_pool``).
        cache_size: scored inputs to remember (``DEFAULT_CACHE_SIZE``; 0 turns the cache off).
        weight_bits: 8, or 7 to run on 7-bit weights (``seven_bit_weights``: dev F1m 0.01-0.02 lower;
            ``bench/stance_eval.py --weight-bits 7``), about 1.8x the speed on one core of a CPU
            where the 8-bit weights cannot take the uint8 x int8 kernels (AVX2 only), none elsewhere.
        signed: 8-bit weights on the uint8 x int8 kernels; ``None``: where those are exact
            (``exact_signed_products``: the same scores, about twice as fast).

    Raises:
        FileNotFoundError: the folder lacks ``config.json``, ``model.onnx`` or ``tokenizer.json``; the
            message says how to rebuild them (``training/train_stance.py``, ``training/train_student.py``).
    """
    model_dir = resolve_model_dir(path)
    config = model_dir / "config.json"
    script = "train_student.py" if model_dir == STUDENT_MODEL_DIR else "train_stance.py"
    if not config.is_file():
        msg = (
            f"no stance model in {model_dir} (config.json missing); reinstall newsflow or rebuild it "
            f"with 'python training/{script}' in the training venv"
        )
        raise FileNotFoundError(msg)
    if not (model_dir / "model.onnx").is_file() or not (model_dir / "tokenizer.json").is_file():
        msg = (
            f"stance model in {model_dir} is incomplete (model.onnx or tokenizer.json missing); "
            f"rebuild it with 'python training/{script}' in the training venv"
        )
        raise FileNotFoundError(msg)
    if json.loads(config.read_text(encoding="utf-8")).get("kind") == "student":
        from pipeline.stance.student import StudentStanceModel  # imports this module: load it late

        return StudentStanceModel(
            model_dir, threads=threads, parallel=parallel, cache_size=cache_size, weight_bits=weight_bits, signed=signed
        )
    return OnnxStanceModel(
        model_dir, threads=threads, parallel=parallel, cache_size=cache_size, weight_bits=weight_bits, signed=signed
    )
