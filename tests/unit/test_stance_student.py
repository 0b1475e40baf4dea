"""The span-pooling stance student: windows, target spans, independence of targets, repeatability, the protocol.

A tiny synthetic student (a word-piece tokenizer of a few words, an ONNX encoder where every token
sees the whole window, a random head; for the levitated kind also the window's keys and values and a
one-layer marker stream) is built in a temporary folder, so these tests need neither the trained
weights nor torch; the packaged student, when present, is checked too.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

from pipeline.stance import StanceModel, load_stance_model
from pipeline.stance.model import STUDENT_MODEL_DIR, resolve_model_dir
from pipeline.stance.student import (
    StudentStanceModel,
    _erf,
    _MarkerStream,
    plan_windows,
    token_span,
    windows_of,
)

WORDS = "critics slam obama and praise merkel while putin said nothing . the senate voted".split()
HIDDEN = 8


def _tokenizer() -> Tokenizer:
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *WORDS])}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))  # noqa: S106
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    return tok


def _encoder(vocab: int, rng: np.random.Generator, *, kv: bool = False) -> onnx.ModelProto:
    """hidden = tanh(E[ids] + mean over the window of E[ids]) * mask: each state depends on the whole window.

    With ``kv``, also one layer's keys (``hidden`` split into 2 heads) and values (their tanh), as
    ``kv`` (1, 2, batch, 2, seq, HIDDEN / 2), the output a levitated student's marker stream reads.
    """
    emb = numpy_helper.from_array(rng.normal(size=(vocab, HIDDEN)).astype(np.float32), "E")
    nodes = [
        helper.make_node("Gather", ["E", "input_ids"], ["e"]),
        helper.make_node("ReduceMean", ["e"], ["m"], axes=[1], keepdims=1),
        helper.make_node("Add", ["e", "m"], ["s"]),
        helper.make_node("Tanh", ["s"], ["t"]),
        helper.make_node("Cast", ["attention_mask"], ["mf"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mf", "axis"], ["mu"]),
        helper.make_node("Mul", ["t", "mu"], ["hidden"]),
    ]
    consts = [emb, numpy_helper.from_array(np.asarray([-1], dtype=np.int64), "axis")]
    outputs = [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["b", "s", HIDDEN])]
    if kv:
        nodes += [
            helper.make_node("Reshape", ["hidden", "heads"], ["split"]),
            helper.make_node("Transpose", ["split"], ["k"], perm=[0, 2, 1, 3]),
            helper.make_node("Tanh", ["k"], ["v"]),
            helper.make_node("Unsqueeze", ["k", "zero"], ["k1"]),
            helper.make_node("Unsqueeze", ["v", "zero"], ["v1"]),
            helper.make_node("Concat", ["k1", "v1"], ["pair"], axis=0),
            helper.make_node("Unsqueeze", ["pair", "zero"], ["kv"]),
        ]
        consts += [
            numpy_helper.from_array(np.asarray([0, 0, 2, HIDDEN // 2], dtype=np.int64), "heads"),
            numpy_helper.from_array(np.asarray([0], dtype=np.int64), "zero"),
        ]
        outputs.append(helper.make_tensor_value_info("kv", TensorProto.FLOAT, [1, 2, "b", 2, "s", HIDDEN // 2]))
    graph = helper.make_graph(
        nodes,
        "tiny",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "s"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["b", "s"]),
        ],
        outputs,
        consts,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _marker_arrays(rng: np.random.Generator, max_len: int) -> dict[str, np.ndarray]:
    """``markers.npz`` of a one-layer, two-head marker stream (the layout ``train_student.py`` writes)."""

    def normal(*shape: int) -> np.ndarray:
        return rng.normal(size=shape).astype(np.float32)

    a = {"layers": np.array(1), "heads": np.array(2), "markers": normal(2, HIDDEN), "type0": normal(HIDDEN)}
    a |= {"positions": normal(max_len, HIDDEN), "emb_g": normal(HIDDEN), "emb_n": normal(HIDDEN)}
    for name, (rows, cols) in {"q": (8, 8), "k": (8, 8), "v": (8, 8), "o": (8, 8), "1": (8, 12), "2": (12, 8)}.items():
        a[f"l0.w{name}"] = rng.integers(-127, 128, size=(rows, cols)).astype(np.int8)
        a[f"l0.w{name}.scale"] = np.full(cols, 0.01, dtype=np.float32)
        a[f"l0.b{name}"] = normal(cols)
    for name in ("g1", "n1", "g2", "n2"):
        a[f"l0.{name}"] = normal(HIDDEN)
    return a


@pytest.fixture(scope="module", params=["span", "tattn", "levitated"])
def student_dir(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A tiny student; ``tattn`` adds two target-query attention reads of the window to the features,
    ``levitated`` the target's two marker states."""
    folder = tmp_path_factory.mktemp("student")
    rng = np.random.default_rng(0)
    tok = _tokenizer()
    tok.save(str(folder / "tokenizer.json"))
    levitated = request.param == "levitated"
    onnx.save(_encoder(tok.get_vocab_size(), rng, kv=levitated), str(folder / "model.onnx"))
    heads = 2 if request.param == "tattn" else 0
    extra = {"query": rng.normal(size=(HIDDEN, heads * HIDDEN)).astype(np.float32)} if heads else {}
    if levitated:
        np.savez(folder / "markers.npz", **_marker_arrays(rng, max_len=8))
    width = 2 + heads + (2 if levitated else 0)
    np.savez(
        folder / "head.npz",
        w1=rng.normal(size=(width * HIDDEN, 6)).astype(np.float32),
        b1=rng.normal(size=6).astype(np.float32),
        w2=rng.normal(size=(6, 3)).astype(np.float32),
        b2=rng.normal(size=3).astype(np.float32),
        **extra,
    )
    config = {"kind": "student", "labels": ["negative", "neutral", "positive"], "max_len": 8, "pool": request.param}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def tiny(student_dir: Path) -> StudentStanceModel:
    model = load_stance_model(student_dir, cache_size=0)
    assert isinstance(model, StudentStanceModel)
    return model


TEXT = "Critics slam Obama and praise Merkel while Putin said nothing."
OBAMA, MERKEL, PUTIN = (13, 18), (30, 36), (43, 48)
LONG = "The senate voted . " * 6 + TEXT


def items_of(text: str, *names: str) -> list[tuple[str, int, int]]:
    return [(text, text.index(n), text.index(n) + len(n)) for n in names]


class TestWindows:
    def test_windows_cover_the_text_half_overlapping(self) -> None:
        assert windows_of(0, 6) == [(0, 0)]
        assert windows_of(6, 6) == [(0, 6)]
        assert windows_of(13, 6) == [(0, 6), (3, 9), (6, 12), (7, 13)]

    def test_token_span_of_characters(self) -> None:
        offsets = [(0, 7), (8, 12), (13, 18)]
        assert token_span(offsets, 13, 18) == (2, 3)
        assert token_span(offsets, 0, 12) == (0, 2)
        assert token_span(offsets, 7, 8) == (1, 2)  # between pieces: the nearest one
        assert token_span([], 0, 1) == (0, 0)

    def test_a_short_text_is_one_window_with_cls_and_sep(self) -> None:
        tok = _tokenizer()
        (target,) = plan_windows(tok, [(TEXT, *OBAMA)], max_len=64)
        assert target.ids[0] == tok.token_to_id("[CLS]") and target.ids[-1] == tok.token_to_id("[SEP]")
        assert [tok.id_to_token(i) for i in target.ids[target.first : target.last]] == ["obama"]

    def test_a_long_text_reads_each_target_in_a_window_that_holds_it(self) -> None:
        tok = _tokenizer()
        items = items_of(LONG, "Obama", "Merkel", "Putin")
        for (_, s, e), target in zip(items, plan_windows(tok, items, max_len=8), strict=True):
            assert len(target.ids) <= 8
            pieces = [tok.id_to_token(i) for i in target.ids[target.first : target.last]]
            assert pieces == [LONG[s:e].lower()]

    def test_the_window_is_a_function_of_the_item_alone(self) -> None:
        tok = _tokenizer()
        items = items_of(LONG, "Obama", "Merkel", "Putin")
        together = plan_windows(tok, items, max_len=8)
        assert [plan_windows(tok, [item], max_len=8)[0] for item in items] == together


class TestTinyStudent:
    def test_implements_the_protocol(self, tiny: StudentStanceModel) -> None:
        assert isinstance(tiny, StanceModel)
        out = tiny.score(items_of(TEXT, "Obama", "Merkel"))
        assert len(out) == 2
        assert all(-1.0 <= s.score <= 1.0 and s.label in ("negative", "neutral", "positive") for s in out)
        assert tiny.score([]) == []

    @pytest.mark.parametrize("text", [TEXT, LONG], ids=["one-window", "windows"])
    def test_a_target_scores_the_same_alone_and_with_others(self, tiny: StudentStanceModel, text: str) -> None:
        items = items_of(text, "Obama", "Merkel", "Putin")
        together = tiny.probabilities([*items, ("The senate voted.", 4, 10)])[:3]
        alone = np.stack([tiny.probabilities([item])[0] for item in items])
        reversed_ = tiny.probabilities(items[::-1])[::-1]
        assert np.array_equal(together, alone)
        assert np.array_equal(reversed_, alone)

    def test_many_targets_score_as_alone(self, tiny: StudentStanceModel) -> None:
        """Each target's scores are its own, bit for bit, among dozens (a matrix product's rows would not be)."""
        words = [w for w in WORDS if w not in (".",)]
        text = " ".join(words)
        items = [(text, text.index(w), text.index(w) + len(w)) for w in words]
        items = [(f"{'the ' * n}{t}", s + 4 * n, e + 4 * n) for n in range(4) for t, s, e in items]
        assert len(items) > 32
        together = tiny.probabilities(items)
        alone = np.stack([tiny.probabilities([item])[0] for item in items])
        assert np.array_equal(together, alone)

    def test_targets_of_one_text_get_their_own_scores(self, tiny: StudentStanceModel) -> None:
        probs = tiny.probabilities(items_of(TEXT, "Obama", "Merkel", "Putin"))
        assert len({p.tobytes() for p in probs}) == 3

    def test_exactly_repeatable(self, tiny: StudentStanceModel, student_dir: Path) -> None:
        items = items_of(LONG, "Obama", "Merkel", "Putin")
        first = tiny.probabilities(items)
        again = StudentStanceModel(student_dir, cache_size=0).probabilities(items)
        assert np.array_equal(first, tiny.probabilities(items))
        assert np.array_equal(first, again)

    def test_parallel_windows_score_exactly_as_serial_ones(self, tiny: StudentStanceModel, student_dir: Path) -> None:
        items = items_of(LONG, "Obama", "Merkel", "Putin") + items_of(TEXT, "Obama", "Merkel")
        parallel = StudentStanceModel(student_dir, parallel=2, cache_size=0).probabilities(items)
        assert np.array_equal(parallel, tiny.probabilities(items))

    def test_cache_returns_the_computed_scores(self, student_dir: Path) -> None:
        cached = StudentStanceModel(student_dir, cache_size=10)
        items = items_of(TEXT, "Obama", "Merkel")
        first = cached.probabilities(items)
        assert np.array_equal(cached.probabilities([items[1], items[0], items[1]]), first[[1, 0, 1]])
        info = cached.cache_info()
        assert (info.hits, info.misses, info.size) == (3, 2, 2)

    def test_rejects_a_non_student_config(self, tmp_path: Path, student_dir: Path) -> None:
        for name in ("model.onnx", "head.npz", "tokenizer.json"):
            (tmp_path / name).write_bytes((student_dir / name).read_bytes())
        (tmp_path / "config.json").write_text(json.dumps({"kind": "student", "labels": ["a", "b", "c"]}))
        with pytest.raises(ValueError, match="not a stance student"):
            StudentStanceModel(tmp_path)
        with pytest.raises(ValueError, match="cache_size"):
            StudentStanceModel(student_dir, cache_size=-1)


def test_erf_matches_the_math_library() -> None:
    x = np.linspace(-5, 5, 201, dtype=np.float32)
    assert np.abs(_erf(x) - np.asarray([math.erf(v) for v in x])).max() < 1e-6


def test_marker_stream_computes_a_bert_layer_over_text_and_pair(tmp_path: Path) -> None:
    """The marker stream against a plain reference: per head, per marker row, float64, math.erf."""
    rng = np.random.default_rng(1)
    a = _marker_arrays(rng, max_len=8)
    np.savez(tmp_path / "markers.npz", **a)
    heads, d, length = 2, HIDDEN // 2, 5
    kv = rng.normal(size=(1, 2, 1, heads, length, d)).astype(np.float32)
    got = _MarkerStream.load(tmp_path / "markers.npz")([kv], [(1, 3)])[0]

    def w(n: str) -> np.ndarray:
        return a[f"l0.w{n}"].astype(np.float64) * a[f"l0.w{n}.scale"]

    def norm(v: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (v - v.mean()) / np.sqrt(v.var() + 1e-12) * g + b

    # The pair sits at the first and last word piece of the span (1, 3): positions 1 and 2.
    x = np.stack([norm(a["markers"][j] + a["type0"] + a["positions"][1 + j], a["emb_g"], a["emb_n"]) for j in (0, 1)])
    q, k, v = (x @ w(n) + a[f"l0.b{n}"] for n in "qkv")
    att = np.zeros_like(x)
    for h in range(heads):
        cols = slice(h * d, (h + 1) * d)
        keys, values = np.concatenate([kv[0, 0, 0, h], k[:, cols]]), np.concatenate([kv[0, 1, 0, h], v[:, cols]])
        for r in (0, 1):
            p = np.exp(keys @ q[r, cols] / math.sqrt(d))
            att[r, cols] = (p / p.sum()) @ values
    x = np.stack([norm(row, a["l0.g1"], a["l0.n1"]) for row in att @ w("o") + a["l0.bo"] + x])
    inner = x @ w("1") + a["l0.b1"]
    inner = 0.5 * inner * (1 + np.vectorize(math.erf)(inner / math.sqrt(2)))
    x = np.stack([norm(row, a["l0.g2"], a["l0.n2"]) for row in inner @ w("2") + a["l0.b2"] + x])
    np.testing.assert_allclose(got, x, rtol=1e-4, atol=1e-4)


def test_seven_bit_weights_need_an_int8_encoder_and_no_marker_stream(student_dir: Path) -> None:
    """7-bit weights round an int8 encoder (these tiny ones are float); a levitated student refuses them."""
    levitated = json.loads((student_dir / "config.json").read_text(encoding="utf-8")).get("pool") == "levitated"
    with pytest.raises(ValueError, match="8-bit weights only" if levitated else "no int8 weights"):
        load_stance_model(student_dir, cache_size=0, weight_bits=7)


def test_model_choice_by_name() -> None:
    assert resolve_model_dir("student") == STUDENT_MODEL_DIR
    assert resolve_model_dir("") == resolve_model_dir(None) == resolve_model_dir("marker")
    assert resolve_model_dir("/some/folder") == Path("/some/folder")


@pytest.mark.skipif(not (STUDENT_MODEL_DIR / "model.onnx").is_file(), reason="no packaged student")
def test_packaged_student_scores_targets_independently() -> None:
    model = load_stance_model("student", cache_size=0)
    assert isinstance(model, StudentStanceModel)
    items = items_of(
        "Critics slam Obama for his failed policy, while they praise Merkel for her leadership.", "Obama", "Merkel"
    )
    together = model.probabilities(items)
    assert np.array_equal(together, np.stack([model.probabilities([item])[0] for item in items]))
    obama, merkel = model.score(items)
    assert obama.score < merkel.score
