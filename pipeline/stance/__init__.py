"""Target-dependent stance: how a sentence speaks about one entity mention, aggregated per article.

* ``pipeline.stance.model``: the ONNX scorer (``OnnxStanceModel``, ``load_stance_model``), its input
  encoding (shared with ``training/train_stance.py``) and its score cache;
* ``pipeline.stance.student``: the fast student (``StudentStanceModel``): each text encoded once and
  every target in it scored from that encoding; ``load_stance_model`` picks it for a folder whose
  config says ``"kind": "student"`` (``NEWSFLOW_STANCE_MODEL=student``);
* ``pipeline.stance.article``: ``score_article``, stance per entity, quote target, speaker and the
  article's tone, from one batched model call.
"""

from pipeline.stance.article import NEUTRAL_BAND, label_for, score_article
from pipeline.stance.model import (
    DEFAULT_CACHE_SIZE,
    DEFAULT_MODEL_DIR,
    MARKER_CLOSE,
    MARKER_MODEL_DIR,
    MARKER_OPEN,
    STUDENT_MODEL_DIR,
    CacheInfo,
    OnnxStanceModel,
    StanceModel,
    encode_items,
    load_stance_model,
    resolve_model_dir,
)
from pipeline.stance.model import _crop as _crop  # tests/unit/test_stance.py tests the cropping

__all__ = [
    "DEFAULT_CACHE_SIZE",
    "DEFAULT_MODEL_DIR",
    "CacheInfo",
    "NEUTRAL_BAND",
    "MARKER_CLOSE",
    "MARKER_MODEL_DIR",
    "MARKER_OPEN",
    "STUDENT_MODEL_DIR",
    "OnnxStanceModel",
    "StanceModel",
    "encode_items",
    "label_for",
    "load_stance_model",
    "resolve_model_dir",
    "score_article",
]
