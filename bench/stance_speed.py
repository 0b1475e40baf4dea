"""Stance scorer throughput in targets/s on ONE core (onnxruntime intra_op_num_threads=1).

Items are the NewsMTSC dev sentences with their targets (typical news sentences, ~26 words). One
warm-up pass, then ``--repeats`` timed passes of ``model.score`` over all items (the model batches
internally); prints the mean and the range. ``--call-size`` splits the items into calls of that many
targets, as an agent scoring one article at a time would (an article has ~10-40 targets).

The int8 model's speed depends on the CPU's integer dot-product instructions: with VNNI (AVX512-VNNI
or AVX-VNNI) or AMX, onnxruntime's uint8 x int8 kernels add in int32, so the 8-bit weights run on
them (``pipeline.stance.model.exact_signed_products`` asks onnxruntime); with AVX2 alone those kernels
saturate and the weights run as stored, uint8, on the uint8 x uint8 kernels, about half as fast. The
scores are the same either way (``training/exact_int8.py``). The first lines name the CPU, what it has
and which kernels the models take; ``--stored-weights`` also times each 8-bit model on the uint8 x
uint8 kernels, the baseline of that change.

The machine is shared, so wall-clock rates swing with other load; the rate per CPU-second of this
(single-threaded) process is the steadier figure for one dedicated core. Pin with ``taskset -c N``.

Each model named by ``--models`` is timed in turn (names from ``pipeline.stance.model.MODEL_CHOICES``
or folders; default: the marker model, and the student when it is packaged).

    .venv/bin/python bench/stance_speed.py [--repeats 5] [--call-size 0] [--models marker student]
        [--weight-bits 8 7] [--stored-weights]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.corpus import SHARED  # noqa: E402
from pipeline.stance import StanceModel, load_stance_model  # noqa: E402
from pipeline.stance.model import (  # noqa: E402
    STUDENT_MODEL_DIR,
    WEIGHT_BITS,
    exact_signed_products,
    resolve_model_dir,
)


def cpu_summary() -> str:
    """The CPU model and which int8 dot-product instructions it has (Linux /proc/cpuinfo)."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return "cpu: unknown"
    fields = {key.strip(): value for key, _, value in (line.partition(":") for line in info.splitlines())}
    model = " ".join(fields.get("model name", "unknown").split())
    flags = set(fields.get("flags", "").split())
    vnni = sorted(flags & {"avx512_vnni", "avx_vnni"})
    simd = "VNNI (" + ", ".join(vnni) + ")" if vnni else ("AVX2, no VNNI" if "avx2" in flags else "no AVX2")
    return f"cpu: {model}; int8 dot products: {simd}"


def stance_kernels() -> str:
    """Which kernels 8-bit weights take here (``exact_signed_products``)."""
    if exact_signed_products():
        return "8-bit stance weights: int8, on onnxruntime's uint8 x int8 kernels (exact on this CPU)"
    return "8-bit stance weights: as stored (uint8), on uint8 x uint8 kernels (uint8 x int8 would saturate here)"


def stance_variants(
    models: Sequence[str], weight_bits: Sequence[int], stored: bool
) -> list[tuple[str, str, int, bool | None]]:
    """(label, model, weight bits, signed) to time: each model at each width, and stored 8-bit weights if asked."""
    out: list[tuple[str, str, int, bool | None]] = []
    for name in models:
        for bits in weight_bits:
            out.append((name if bits == 8 else f"{name} ({bits}-bit)", name, bits, None))
            if bits == 8 and stored:
                out.append((f"{name} (stored uint8)", name, 8, False))
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--models",
        nargs="+",
        default=["marker", "student"] if (STUDENT_MODEL_DIR / "config.json").is_file() else ["marker"],
        help="model names (marker, student) or folders",
    )
    p.add_argument("--data", type=Path, default=SHARED / "eval" / "newsmtsc")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--call-size", type=int, default=0, help="targets per score() call; 0 = all in one call")
    p.add_argument(
        "--weight-bits", type=int, nargs="+", choices=WEIGHT_BITS, default=[8], help="time each model with these"
    )
    p.add_argument("--stored-weights", action="store_true", help="also time 8-bit weights on the uint8 x uint8 kernels")
    args = p.parse_args()
    items = []
    for split in ("rw-dev", "mt-dev"):
        for line in (args.data / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            items.append((r["sentence"], int(r["from"]), int(r["to"])))
    print(cpu_summary())
    print(stance_kernels())
    size = args.call_size or len(items)
    calls = [items[i : i + size] for i in range(0, len(items), size)]
    words = sum(len(t.split()) for t, _, _ in items) / len(items)
    print(
        f"{len(items)} targets in {len({t for t, _, _ in items})} sentences (mean {words:.1f} words), calls of {size}"
    )
    for label, name, bits, signed in stance_variants(args.models, args.weight_bits, args.stored_weights):
        # the model, not the cache: passes repeat items
        model = load_stance_model(resolve_model_dir(name), threads=1, cache_size=0, weight_bits=bits, signed=signed)

        def run(model: StanceModel = model) -> int:
            out = [s for call in calls for s in model.score(call)]
            assert len(out) == len(items) and all(-1.0 <= s.score <= 1.0 for s in out)
            return len(out)

        run()  # warm-up
        rates, cpu_rates = [], []
        for _ in range(args.repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            n = run()
            rates.append(n / (time.perf_counter() - t0))
            cpu_rates.append(n / (time.process_time() - c0))
        print(
            f"{label:22} 1 thread: {statistics.mean(rates):6.0f} targets/s (min {min(rates):.0f}, max {max(rates):.0f}, "
            f"{args.repeats} runs); per CPU-second of this process: {statistics.mean(cpu_rates):.0f} targets/s"
        )


if __name__ == "__main__":
    main()
