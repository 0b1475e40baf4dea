"""Make a dynamically quantized ONNX model compute the same integers on every x86 CPU.

``quantize_dynamic(weight_type=QInt8)`` writes ``MatMulInteger`` nodes with uint8 activations and
int8 weights (U8S8). On x86 CPUs without VNNI (AVX2 only, e.g. the AMD EPYC machines CI runs on),
onnxruntime computes U8S8 products with ``vpmaddubsw``, which adds two u8*s8 products into a
saturating int16: 255*127*2 > 32767, so large activations are clipped. CPUs with AVX512-VNNI or
AVX-VNNI accumulate in int32 and never clip. The same model therefore gave different scores on two
of our machines: mt-dev macro-F1 0.760 on one, 0.768 on the other, and one seed pair flipped label.

This rewrite stores each int8 weight tensor ``w`` (with int8 zero point ``z``) as uint8 ``w + 128``
with zero point ``z + 128``. ``(w + 128) - (z + 128) == w - z``, so the model is mathematically the
same, bit for bit of weight; onnxruntime then takes its U8U8 kernels, which widen to int16 before
multiplying and accumulate in int32 on every instruction set: no saturation anywhere. Where the
U8S8 kernels add in int32 (VNNI, AMX), the runtime gives the weights back as int8 when it loads the
model (``pipeline.stance.model.signed_weights``), so they run there at the U8S8 kernels' speed.

    .venv-train/bin/python training/exact_int8.py IN.onnx OUT.onnx
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

_SHIFT = 128


def make_exact(model: onnx.ModelProto) -> int:
    """Rewrite the int8 weights of ``model``'s MatMulInteger nodes to uint8 in place; returns how many.

    Raises:
        ValueError: a weight or zero point is also read by another kind of node (its meaning would
            change there), or a weight's zero point is not int8.
    """
    initializers = {init.name: init for init in model.graph.initializer}
    weights: set[str] = set()
    zero_points: set[str] = set()  # a zero point shared by several weights is shifted once
    for node in model.graph.node:
        if node.op_type != "MatMulInteger" or len(node.input) < 4:
            continue
        weight, zero_point = node.input[1], node.input[3]
        if weight not in initializers or initializers[weight].data_type != onnx.TensorProto.INT8:
            continue
        if zero_point not in initializers or initializers[zero_point].data_type != onnx.TensorProto.INT8:
            msg = f"{node.name}: int8 weight {weight} without an int8 zero-point initializer"
            raise ValueError(msg)
        weights.add(weight)
        zero_points.add(zero_point)
    for name in weights | zero_points:
        if any(name in node.input and node.op_type != "MatMulInteger" for node in model.graph.node):
            msg = f"{name} is also read by a node other than MatMulInteger"
            raise ValueError(msg)
        old = numpy_helper.to_array(initializers[name]).astype(np.int16)
        initializers[name].CopyFrom(numpy_helper.from_array((old + _SHIFT).astype(np.uint8), name=name))
    return len(weights)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    model = onnx.load(str(args.source))
    count = make_exact(model)
    if count == 0:
        msg = f"{args.source}: no MatMulInteger with int8 weights (already exact, or not quantized?)"
        raise SystemExit(msg)
    onnx.checker.check_model(model)
    onnx.save(model, str(args.target))
    print(f"{count} int8 weight tensors stored as uint8 (+128): {args.target}")


if __name__ == "__main__":
    main()
