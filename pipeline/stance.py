"""Target-dependent stance: how a sentence speaks about one entity mention, aggregated per article.

The scorer is a MiniLM sentence encoder fine-tuned on NewsMTSC (Felix Hamborg and Karsten Donnay,
2021, "NewsMTSC: A Dataset for (Multi-)Target-dependent Sentiment Classification in Political News
Articles", EACL 2021, https://aclanthology.org/2021.eacl-main.142/, MIT licence), exported to ONNX
and quantized to int8 (``training/train_stance.py``). At run time only ``onnxruntime``,
``tokenizers`` and ``numpy`` are used. The input is ``[CLS] target [SEP] sentence with [TGT] target
[/TGT] [SEP]``, so two mentions in one sentence get their own scores. A single item's label is the most likely class and its score
is ``P(positive) - P(negative)``. Dev F1 and speed: ``bench/stance_eval.py``, ``bench/stance_speed.py``.

Aggregation rules of ``score_article``:

* every entity mention is scored in its sentence (``doc.sents``), identical (sentence, span) items
  once, all in one batched model call;
* an entity's stance is the mean score of its mentions, labelled with a neutral band;
* a quote's targets are the entity mentions inside the quote span, except the speaker's own. A direct
  quote with no such mention, and every partial or indirect quote, also takes the other entity
  mentions of the sentences it overlaps: such quotes often leave the target just outside the quote
  marks (*Kerry emphasized that military assistance to Assad "could further escalate the conflict"*),
  while the rest of a direct quote's sentence is only the attribution. Quotes without a speaker are
  skipped. The stance of a quote toward a target is the score of the target's mention in its sentence
  (the same model call as the entity stances);
* the article's tone is the mean over all mention scores (each entity weighted by its mentions).
"""

from __future__ import annotations

import bisect
import json
import logging
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from schemas.articles import (
    ArticleStance,
    CanonicalEntity,
    EntityMention,
    EntityStance,
    Quote,
    QuoteStance,
    Speaker,
    SpeakerStance,
    Stance,
    StanceLabel,
)

if TYPE_CHECKING:  # the training venv imports the encoding helpers below without spaCy
    from spacy.tokens import Doc
    from tokenizers import Tokenizer

__all__ = [
    "DEFAULT_CACHE_SIZE",
    "DEFAULT_MODEL_DIR",
    "CacheInfo",
    "NEUTRAL_BAND",
    "MARKER_CLOSE",
    "MARKER_OPEN",
    "OnnxStanceModel",
    "StanceModel",
    "encode_items",
    "label_for",
    "load_stance_model",
    "score_article",
]

logger = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).parent / "data" / "stance"

NEUTRAL_BAND = 0.3
"""Aggregated scores with ``abs(score) < NEUTRAL_BAND`` are labelled neutral.

Measured on NewsMTSC dev with the shipped model: labelling single items by
``label_for(P(pos) - P(neg))`` gives F1m 0.820 rw-dev / 0.743 mt-dev at 0.3 (0.794 / 0.731 at 0.25,
0.799 / 0.748 at 0.4, 0.748 / 0.658 at 0.1), against 0.824 / 0.760 for the argmax labels."""

LABELS: tuple[StanceLabel, StanceLabel, StanceLabel] = ("negative", "neutral", "positive")

Item = tuple[str, int, int]
"""(text, target_start, target_end): character offsets of the target inside ``text``."""

MARKER_OPEN, MARKER_CLOSE = "[TGT]", "[/TGT]"


def marked(text: str, start: int, end: int) -> str:
    """Wrap ``text[start:end]`` in the target markers.

    >>> marked("Critics slam Obama.", 13, 18)
    'Critics slam [TGT] Obama [/TGT].'
    """
    return f"{text[:start]}{MARKER_OPEN} {text[start:end]} {MARKER_CLOSE}{text[end:]}"


def encode_items(tokenizer: Tokenizer, items: Sequence[Item], *, max_len: int, pair: bool) -> list[list[int]]:
    """Token ids per item (training and inference share this), cropped to ``max_len`` around the target.

    ``pair=False``: ``[CLS] marked sentence [SEP]``; ``pair=True``: ``[CLS] target [SEP] marked
    sentence [SEP]``, where only the sentence part is cropped.
    """
    open_id = tokenizer.token_to_id(MARKER_OPEN)
    if pair:
        encs = tokenizer.encode_batch([(t[s:e], marked(t, s, e)) for t, s, e in items])
        return [_crop(list(enc.ids), open_id, max_len, keep=enc.type_ids.count(0)) for enc in encs]
    encs = tokenizer.encode_batch([marked(t, s, e) for t, s, e in items])
    return [_crop(list(enc.ids), open_id, max_len) for enc in encs]


@runtime_checkable
class StanceModel(Protocol):
    """Anything that scores (text, target_start, target_end) items in one batched call."""

    def score(self, items: Sequence[Item]) -> list[Stance]:
        """Return one ``Stance`` per item, in order."""
        ...


def label_for(score: float, band: float = NEUTRAL_BAND) -> StanceLabel:
    """Label a signed score in [-1, 1]: neutral inside ``(-band, band)``.

    >>> label_for(0.5), label_for(-0.1), label_for(-0.3)
    ('positive', 'neutral', 'negative')
    """
    if score >= band:
        return "positive"
    if score <= -band:
        return "negative"
    return "neutral"


def _clip(score: float) -> float:
    return max(-1.0, min(1.0, float(score)))


@dataclass(frozen=True)
class _Config:
    max_len: int
    marker_open: str
    marker_close: str
    labels: tuple[str, ...]
    batch_size: int
    pair: bool


DEFAULT_CACHE_SIZE = 20_000
"""Scored inputs an ``OnnxStanceModel`` remembers (~0.4 KB each).

News streams repeat sentences: a re-scraped article (same URL, a paragraph updated) and syndicated
copies of a wire story carry most of their (sentence, target) items again. One item per model run
makes a score a function of its input alone, so a remembered score is exactly the one the model
would compute again (``bench/stance_cache.py``: re-scraped articles, 28x faster stance stage)."""


@dataclass
class CacheInfo:
    """Hits and misses of an ``OnnxStanceModel``'s score cache since it was created."""

    hits: int = 0
    misses: int = 0
    size: int = 0
    capacity: int = 0


class OnnxStanceModel:
    """The fine-tuned target-marker encoder, run with onnxruntime on the CPU.

    Args:
        model_dir: a folder with ``model.onnx``, ``tokenizer.json`` and ``config.json``.
        threads: onnxruntime intra-op threads (1 = one core per worker process).
        cache_size: scored inputs to remember, least recently used first out (0: none). Only a
            model that runs one item at a time caches: in a batch, a score depends on its neighbours.
    """

    def __init__(self, model_dir: Path, *, threads: int = 1, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if cache_size < 0:
            msg = f"stance cache_size must be 0 (off) or more, not {cache_size}"
            raise ValueError(msg)
        raw = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.config = _Config(
            max_len=int(raw["max_len"]),
            marker_open=str(raw["marker_open"]),
            marker_close=str(raw["marker_close"]),
            labels=tuple(raw["labels"]),
            batch_size=int(raw.get("batch_size", 1)),
            pair=raw.get("input", "marker") == "pair",
        )
        if self.config.labels != LABELS or (self.config.marker_open, self.config.marker_close) != (
            MARKER_OPEN,
            MARKER_CLOSE,
        ):
            msg = f"stance model config {model_dir / 'config.json'} does not match this code's labels/markers"
            raise ValueError(msg)
        self._tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tok.no_truncation()
        self._tok.no_padding()
        self._pad_id = self._tok.token_to_id("[PAD]") or 0
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(
            str(model_dir / "model.onnx"), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        self._cache: OrderedDict[bytes, npt.NDArray[np.float32]] = OrderedDict()
        self._cache_size = cache_size if self.config.batch_size == 1 else 0
        self._hits = self._misses = 0
        self._cache_lock = threading.Lock()

    def cache_info(self) -> CacheInfo:
        """How often scores came from the cache."""
        return CacheInfo(self._hits, self._misses, len(self._cache), self._cache_size)

    def encode(self, items: Sequence[Item]) -> list[list[int]]:
        """Token ids per item, cropped to ``max_len`` around the target marker."""
        return encode_items(self._tok, items, max_len=self.config.max_len, pair=self.config.pair)

    def probabilities(self, items: Sequence[Item]) -> npt.NDArray[np.float32]:
        """Class probabilities (negative, neutral, positive) per item, shape (n, 3)."""
        ids = self.encode(items)
        if not self._cache_size:
            return self._run(ids)
        keys = [np.asarray(seq, dtype=np.int32).tobytes() for seq in ids]
        out = np.zeros((len(ids), 3), dtype=np.float32)
        todo: dict[bytes, list[int]] = {}  # uncached input -> the items that have it
        with self._cache_lock:  # agents call from worker threads; the model run stays outside
            for i, key in enumerate(keys):
                cached = self._cache.get(key)
                if cached is not None:
                    self._cache.move_to_end(key)
                    out[i] = cached
                    self._hits += 1
                else:
                    todo.setdefault(key, []).append(i)
            self._misses += len(todo)
            self._hits += sum(len(rows) - 1 for rows in todo.values())  # repeats within the call
        if not todo:
            return out
        fresh = self._run([ids[rows[0]] for rows in todo.values()])
        with self._cache_lock:
            for (key, rows), probs in zip(todo.items(), fresh, strict=True):
                out[rows] = probs
                self._cache[key] = probs.copy()  # not a view that keeps the whole batch alive
                self._cache.move_to_end(key)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return out

    def _run(self, ids: Sequence[list[int]]) -> npt.NDArray[np.float32]:
        """Run the model on token id sequences; class probabilities per sequence."""
        out = np.zeros((len(ids), 3), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # similar lengths pad less
        bs = self.config.batch_size
        for b in range(0, len(order), bs):
            chunk = order[b : b + bs]
            width = max(len(ids[i]) for i in chunk)
            input_ids = np.full((len(chunk), width), self._pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                input_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1
            logits = self._session.run(["logits"], {"input_ids": input_ids, "attention_mask": mask})[0]
            out[chunk] = _softmax(np.asarray(logits, dtype=np.float32))
        return out

    def score(self, items: Sequence[Item]) -> list[Stance]:
        """Stance per item: label by the most likely class, score = P(positive) - P(negative)."""
        if not items:
            return []
        probs = self.probabilities(items)
        return [Stance(label=LABELS[int(np.argmax(p))], score=_clip(float(p[2] - p[0]))) for p in probs]


def _softmax(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    e = np.exp(x - x.max(axis=1, keepdims=True))
    out: npt.NDArray[np.float32] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return out


def _crop(ids: list[int], marker_id: int | None, max_len: int, *, keep: int = 1) -> list[int]:
    """Keep the first ``keep`` ids, the final ``[SEP]`` and a window of the rest centred on the marker."""
    if len(ids) <= max_len:
        return ids
    head, body = ids[:keep], ids[keep:-1]
    room = max(1, max_len - keep - 1)
    at = body.index(marker_id) if marker_id is not None and marker_id in body else 0
    lo = max(0, min(at - room // 3, len(body) - room))
    return [*head, *body[lo : lo + room], ids[-1]]


def load_stance_model(
    path: Path | None = None, *, threads: int = 1, cache_size: int = DEFAULT_CACHE_SIZE
) -> StanceModel:
    """Load the packaged stance scorer (or the one in ``path``); agents call this once per process.

    ``cache_size``: scored inputs to remember (``DEFAULT_CACHE_SIZE``; 0 turns the cache off).

    Raises:
        FileNotFoundError: the folder has no ``config.json``/``model.onnx``; the message says how to
            rebuild them (``training/train_stance.py``).
    """
    model_dir = path or DEFAULT_MODEL_DIR
    config = model_dir / "config.json"
    if not config.is_file():
        msg = (
            f"no stance model in {model_dir} (config.json missing); reinstall newsflow or rebuild it "
            "with 'python training/train_stance.py' in the training venv"
        )
        raise FileNotFoundError(msg)
    if not (model_dir / "model.onnx").is_file() or not (model_dir / "tokenizer.json").is_file():
        msg = (
            f"stance model in {model_dir} is incomplete (model.onnx or tokenizer.json missing); "
            "rebuild it with 'python training/train_stance.py' in the training venv"
        )
        raise FileNotFoundError(msg)
    return OnnxStanceModel(model_dir, threads=threads, cache_size=cache_size)


# --- article aggregation -------------------------------------------------------------------------


class _Sentences:
    """Character spans of the Doc's sentences, for locating a mention's sentence quickly."""

    def __init__(self, doc: Doc) -> None:
        text: str = doc.text
        self.text = text
        spans: list[tuple[int, int]]
        try:
            spans = [(s.start_char, s.end_char) for s in doc.sents]
        except ValueError:  # no sentence boundaries set: fall back to the whole text
            spans = [(0, len(text))]
        self.spans = spans or [(0, len(text))]
        self.starts = [s for s, _ in self.spans]

    def index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def item(self, start: int, end: int) -> Item:
        """The (sentence, start, end) item for a span, offsets made relative to its sentence."""
        s, e = self.spans[self.index(start)]
        e = max(e, end)  # a mention across a sentence break keeps both sentences
        return (self.text[s:e], start - s, end - s)

    def overlapping(self, start: int, end: int) -> range:
        return range(self.index(start), self.index(max(start, end - 1)) + 1)


def _is_speaker(m: EntityMention, speaker: Speaker) -> bool:
    """Whether a mention names the quote's own speaker (by key, canonical name or the speaker span)."""
    if (speaker.key is not None and m.key == speaker.key) or m.canonical == speaker.name:
        return True
    if speaker.start is not None and speaker.end is not None:
        return m.start < speaker.end and m.end > speaker.start
    return False


def _mean(values: Sequence[float]) -> float:
    return _clip(sum(values) / len(values)) if values else 0.0


def score_article(
    doc: Doc,
    entities: Sequence[EntityMention],
    canonical: Sequence[CanonicalEntity],
    quotes: Sequence[Quote],
    model: StanceModel,
) -> ArticleStance:
    """Score stance per entity, per quote target and per speaker → target; one batched model call.

    Offsets of ``entities`` and ``quotes`` are character offsets into ``doc.text``.

    Returns:
        The article's stance; scores are in [-1, 1]. An article without entities has neutral tone 0.
    """
    sents = _Sentences(doc)
    mentions = [m for m in entities if m.end > m.start]
    mention_item = [sents.item(m.start, m.end) for m in mentions]

    # Quote targets: (quote index, mention index).
    quote_targets: list[tuple[int, int]] = []
    for qi, quote in enumerate(quotes):
        if quote.speaker is None:
            continue
        speaker = quote.speaker
        inside = [i for i, m in enumerate(mentions) if m.start >= quote.start and m.end <= quote.end]
        targets = [i for i in inside if not _is_speaker(mentions[i], speaker)]
        if quote.kind != "direct" or not targets:
            near = set(sents.overlapping(quote.start, quote.end))
            targets = [
                i
                for i, m in enumerate(mentions)
                if (i in targets or sents.index(m.start) in near) and not _is_speaker(m, speaker)
            ]
        quote_targets.extend((qi, i) for i in targets)

    unique: dict[Item, int] = {}
    for item in mention_item:
        unique.setdefault(item, len(unique))
    scored = model.score(list(unique)) if unique else []
    if len(scored) != len(unique):
        msg = f"stance model returned {len(scored)} results for {len(unique)} items"
        raise ValueError(msg)
    mention_stance = [scored[unique[item]] for item in mention_item]

    names = {c.key: c.name for c in canonical}
    by_entity: dict[str, list[float]] = defaultdict(list)
    for m, st in zip(mentions, mention_stance, strict=True):
        by_entity[m.key].append(st.score)
    order = [c.key for c in canonical if c.key in by_entity]
    order += [k for k in by_entity if k not in names]
    canonical_name = {m.key: m.canonical for m in mentions}
    entity_stances = []
    for key in order:
        score = _mean(by_entity[key])
        entity_stances.append(
            EntityStance(
                key=key,
                name=names.get(key, canonical_name[key]),
                label=label_for(score),
                score=score,
                mentions=len(by_entity[key]),
            )
        )

    quote_stances = []
    per_speaker: dict[tuple[str, str], list[float]] = defaultdict(list)
    per_speaker_quotes: dict[tuple[str, str], set[int]] = defaultdict(set)
    seen: set[tuple[int, str]] = set()
    # Several mentions of one entity in one quote: one QuoteStance with their mean score.
    grouped: dict[tuple[int, str], list[float]] = defaultdict(list)
    for qi, mi in quote_targets:
        grouped[(qi, mentions[mi].key)].append(mention_stance[mi].score)
    for qi, mi in quote_targets:
        key = mentions[mi].key
        if (qi, key) in seen:
            continue
        seen.add((qi, key))
        speaker_obj = quotes[qi].speaker
        if speaker_obj is None:  # pragma: no cover - quotes without a speaker were skipped above
            continue
        values = grouped[(qi, key)]
        score = _mean(values)
        target_name = names.get(key, mentions[mi].canonical)
        # One mention: keep the model's own label; several: label the mean with the band.
        label = mention_stance[mi].label if len(values) == 1 else label_for(score)
        quote_stances.append(
            QuoteStance(
                quote=qi,
                speaker=speaker_obj.name,
                target=target_name,
                target_key=key,
                label=label,
                score=score,
            )
        )
        per_speaker[(speaker_obj.name, key)].append(score)
        per_speaker_quotes[(speaker_obj.name, key)].add(qi)

    speaker_stances = []
    for (speaker_name, key), values in per_speaker.items():
        score = _mean(values)
        speaker_stances.append(
            SpeakerStance(
                speaker=speaker_name,
                target=names.get(key, canonical_name[key]),
                target_key=key,
                label=label_for(score),
                score=score,
                quotes=len(per_speaker_quotes[(speaker_name, key)]),
            )
        )

    tone_score = _mean([st.score for st in mention_stance])
    return ArticleStance(
        tone=Stance(label=label_for(tone_score), score=tone_score),
        entities=tuple(entity_stances),
        quotes=tuple(quote_stances),
        speakers=tuple(speaker_stances),
    )
