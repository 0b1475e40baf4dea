"""A model's reading set by hand, so that tests of the rules after NER hold whichever model tags."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def misread(nlp: Language, text: str, *ents: tuple[str, str]) -> Doc:
    """``text`` parsed, its entities replaced by ``ents`` ((text, label) pairs, in order of appearance).

    A reading some model gives (the small English model's, mostly): a rule's test then holds whichever
    model the default pipeline tags with.
    """
    doc = nlp(text)
    spans, at = [], 0
    for name, label in ents:
        at = text.index(name, at)
        span = doc.char_span(at, at + len(name), label=label)
        assert span is not None, f"{name!r} is no run of whole tokens"
        spans.append(span)
        at += len(name)
    doc.ents = spans
    return doc
