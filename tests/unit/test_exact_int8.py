"""training/exact_int8.py: int8 MatMulInteger weights stored as uint8 give exact products on any CPU."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from training.exact_int8 import make_exact

RNG = np.random.default_rng(7)
# Large activations and weights: u8*s8 pairs overflow int16 (255*127*2 > 32767) on AVX2-only CPUs.
ACTIVATIONS = np.full((2, 64), 255, dtype=np.uint8)
W1 = RNG.integers(100, 128, size=(64, 3), dtype=np.int8)
W2 = -RNG.integers(100, 128, size=(64, 3), dtype=np.int8)
ZERO_POINT = np.array([0, 1, -2], dtype=np.int8)  # shared by both weights


def graph(*, extra_reader: bool = False) -> onnx.ModelProto:
    nodes = [
        helper.make_node("MatMulInteger", ["a", "w1", "a_zp", "zp"], ["y1"]),
        helper.make_node("MatMulInteger", ["a", "w2", "a_zp", "zp"], ["y2"]),
    ]
    outputs = [
        helper.make_tensor_value_info("y1", TensorProto.INT32, [2, 3]),
        helper.make_tensor_value_info("y2", TensorProto.INT32, [2, 3]),
    ]
    if extra_reader:
        nodes.append(helper.make_node("Cast", ["w1"], ["w1_float"], to=TensorProto.FLOAT))
        outputs.append(helper.make_tensor_value_info("w1_float", TensorProto.FLOAT, [64, 3]))
    g = helper.make_graph(
        nodes,
        "matmuls",
        [helper.make_tensor_value_info("a", TensorProto.UINT8, [2, 64])],
        outputs,
        initializer=[
            numpy_helper.from_array(W1, "w1"),
            numpy_helper.from_array(W2, "w2"),
            numpy_helper.from_array(ZERO_POINT, "zp"),
            numpy_helper.from_array(np.array(0, dtype=np.uint8), "a_zp"),
        ],
    )
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])


def run(model: onnx.ModelProto) -> list[np.ndarray]:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return list(session.run(["y1", "y2"], {"a": ACTIVATIONS}))


def exact(weights: np.ndarray) -> np.ndarray:
    return ACTIVATIONS.astype(np.int32) @ (weights.astype(np.int32) - ZERO_POINT.astype(np.int32))


def test_rewritten_model_computes_the_exact_products() -> None:
    """After the rewrite onnxruntime's result is the integer product, whatever the CPU."""
    model = graph()
    assert make_exact(model) == 2
    onnx.checker.check_model(model)
    y1, y2 = run(model)
    assert np.array_equal(y1, exact(W1)) and np.array_equal(y2, exact(W2))


def test_weights_become_uint8_and_a_shared_zero_point_shifts_once() -> None:
    model = graph()
    make_exact(model)
    tensors = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    assert tensors["w1"].dtype == np.uint8 and tensors["zp"].dtype == np.uint8
    assert np.array_equal(tensors["zp"].astype(np.int16) - 128, ZERO_POINT)
    assert np.array_equal(tensors["w1"].astype(np.int16) - 128, W1)


def test_already_exact_model_is_left_alone() -> None:
    model = graph()
    make_exact(model)
    assert make_exact(model) == 0


def test_weight_read_by_another_node_is_refused() -> None:
    with pytest.raises(ValueError, match="other than MatMulInteger"):
        make_exact(graph(extra_reader=True))
