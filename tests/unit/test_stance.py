"""Stance scoring: aggregation with a fake model, the packaged model's loading, batching and seed pairs."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from pipeline.stance import (
    DEFAULT_MODEL_DIR,
    NEUTRAL_BAND,
    OnnxStanceModel,
    StanceModel,
    _crop,
    label_for,
    load_stance_model,
    score_article,
)
from pipeline.stance.article import CONTEXT_CHARS, LIST_MENTIONS, SentenceIndex, mention_items
from pipeline.stance.model import (
    ENCODE_SLICE,
    encode_items,
    exact_signed_products,
    run_pool,
    seven_bit_weights,
    signed_weights,
)
from schemas.articles import CanonicalEntity, EntityMention, Quote, Speaker, Stance

Item = tuple[str, int, int]


class FakeModel:
    """Scores a target by a fixed table keyed on the target's words; records every call."""

    def __init__(self, table: dict[str, float]) -> None:
        self.table = table
        self.calls: list[list[Item]] = []

    def score(self, items: Sequence[Item]) -> list[Stance]:
        self.calls.append(list(items))
        out = []
        for text, start, end in items:
            value = self.table.get(text[start:end], 0.0)
            out.append(Stance(label=label_for(value), score=value))
        return out


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipe = spacy.blank("en")
    pipe.add_pipe("sentencizer")
    return pipe


def mention(text: str, target: str, key: str, *, nth: int = 0, label: str = "PERSON") -> EntityMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(target, start + 1)
    return EntityMention.model_validate(
        {
            "text": target,
            "label": label,
            "start": start,
            "end": start + len(target),
            "canonical": key.title(),
            "key": key,
        }
    )


def canon(key: str, mentions: int) -> CanonicalEntity:
    return CanonicalEntity(key=key, name=key.title(), label="PERSON", mentions=mentions, first_offset=0, salience=0.5)


def quote(text: str, span: str, speaker: str | None, *, kind: str = "direct") -> Quote:
    start = text.index(span)
    return Quote.model_validate(
        {
            "text": span,
            "start": start,
            "end": start + len(span),
            "kind": kind,
            "speaker": None if speaker is None else Speaker(name=speaker.title(), key=speaker),
        }
    )


TEXT = (
    "Alice praised Bob. Bob attacked Carol. "
    '"Carol is a disaster and Bob is a hero," Alice said. '
    "Dave said that Carol would lose."
)


class TestLabelFor:
    def test_band_is_neutral_and_edges_are_not(self) -> None:
        """Scores strictly inside the neutral band are neutral; the band's edges already count as polar."""
        assert label_for(NEUTRAL_BAND - 1e-6) == "neutral"
        assert label_for(-NEUTRAL_BAND + 1e-6) == "neutral"
        assert label_for(NEUTRAL_BAND) == "positive"
        assert label_for(-NEUTRAL_BAND) == "negative"


class TestScoreArticle:
    def setup_method(self) -> None:
        self.model = FakeModel({"Bob": 0.8, "Carol": -0.6, "Alice": 0.0, "Dave": 0.1})

    def run(self, nlp: Language, quotes: Sequence[Quote] = ()) -> tuple[Doc, list[EntityMention]]:
        doc = nlp(TEXT)
        ments = [
            mention(TEXT, "Alice", "alice"),
            mention(TEXT, "Bob", "bob"),
            mention(TEXT, "Bob", "bob", nth=1),
            mention(TEXT, "Carol", "carol"),
            mention(TEXT, "Carol", "carol", nth=1),
            mention(TEXT, "Bob", "bob", nth=2),
            mention(TEXT, "Alice", "alice", nth=1),
            mention(TEXT, "Dave", "dave"),
            mention(TEXT, "Carol", "carol", nth=2),
        ]
        return doc, ments

    def test_entities_aggregate_mean_score_and_mention_count(self, nlp: Language) -> None:
        """Each canonical entity gets the mean of its mention scores, its mention count and a banded label."""
        doc, ments = self.run(nlp)
        result = score_article(doc, ments, [canon("bob", 3), canon("carol", 3)], (), self.model)
        by_key = {e.key: e for e in result.entities}
        assert by_key["bob"].mentions == 3 and by_key["bob"].score == pytest.approx(0.8)
        assert by_key["bob"].label == "positive" and by_key["bob"].name == "Bob"
        assert by_key["carol"].label == "negative" and by_key["carol"].mentions == 3
        assert by_key["alice"].label == "neutral" and by_key["alice"].name == "Alice"
        assert [e.key for e in result.entities][:2] == ["bob", "carol"]  # canonical order first

    def test_a_list_sentence_scores_each_entity_once_and_at_most_a_list_of_them(self, nlp: Language) -> None:
        """A sentence of more than LIST_MENTIONS mentions is a list: an entity's first mention there is
        scored for all of its mentions, and entities after the first LIST_MENTIONS are neutral unscored."""
        names = [f"N{k:02d}" for k in range(LIST_MENTIONS + 6)]
        text = "Sanctions hit " + ", ".join(names + names[:3]) + ". Bob lost. N28 won."
        doc = nlp(text)
        ments = [mention(text, n, n.lower(), label="ORG") for n in names]
        ments += [mention(text, n, n.lower(), nth=1, label="ORG") for n in names[:3]] + [mention(text, "Bob", "bob")]
        ments.append(mention(text, "N28", "n28", nth=1, label="ORG"))
        model = FakeModel({"N00": 0.9, "N28": 0.7, "N29": -0.9, "Bob": 0.8})
        result = score_article(doc, ments, [], (), model)
        assert len(model.calls[0]) == LIST_MENTIONS + 2  # the list's first 24 entities, Bob and N28 outside
        by_key = {e.key: e for e in result.entities}
        assert by_key["n00"].mentions == 2 and by_key["n00"].score == pytest.approx(0.9)
        assert by_key["n29"].score == 0.0 and by_key["bob"].score == pytest.approx(0.8)
        assert by_key["n28"].mentions == 2 and by_key["n28"].score == pytest.approx(0.7)  # its score from outside

    def test_items_are_sentence_relative_deduplicated_and_batched_once(self, nlp: Language) -> None:
        """All mentions go to the model in one call, as (sentence, start, end) items without duplicates."""
        doc, ments = self.run(nlp)
        score_article(doc, [*ments, ments[1]], [], (), self.model)
        assert len(self.model.calls) == 1
        items = self.model.calls[0]
        assert len(items) == len(set(items)) == len(ments)
        assert ("Alice praised Bob.", 14, 17) in items
        assert all(text[s:e] in {"Alice", "Bob", "Carol", "Dave"} for text, s, e in items)

    def test_direct_quote_targets_are_mentions_inside_it_except_the_speaker(self, nlp: Language) -> None:
        """A direct quote scores the entities inside its span, not the speaker nor the attribution."""
        q = quote(TEXT, '"Carol is a disaster and Bob is a hero,"', "alice")
        doc, ments = self.run(nlp)
        result = score_article(doc, ments, [], [q], self.model)
        got = {(s.quote, s.speaker, s.target_key, s.label) for s in result.quotes}
        assert got == {(0, "Alice", "carol", "negative"), (0, "Alice", "bob", "positive")}

    def test_indirect_quote_targets_are_the_entities_of_its_content(self, nlp: Language) -> None:
        """An indirect quote speaks about the entities of its reported content; one without any, about none."""
        doc, ments = self.run(nlp)
        content = quote(TEXT, "Carol would lose", "dave", kind="indirect")
        bare = quote(TEXT, "would lose", "dave", kind="indirect")
        result = score_article(doc, ments, [], [content, bare], self.model)
        assert [(s.quote, s.speaker, s.target_key) for s in result.quotes] == [(0, "Dave", "carol")]

    def test_the_attribution_around_a_quote_gives_no_target(self, nlp: Language) -> None:
        """A quote naming nobody has no target: the rest of its sentence names the speaker's circle."""
        text = 'Dave, a friend of Bob, said: "We will win." Dave said that Carol "would lose badly."'
        doc = nlp(text)
        ments = [
            mention(text, "Dave", "dave"), mention(text, "Bob", "bob"), mention(text, "Dave", "dave", nth=1),
            mention(text, "Carol", "carol"),
        ]  # fmt: skip
        direct = quote(text, "We will win.", "dave")
        report = quote(text, 'Carol "would lose badly."', "dave", kind="indirect")
        partial = quote(text, "would lose badly.", "dave", kind="partial")
        result = score_article(doc, ments, [], [direct, report, partial], self.model)
        # The partial quote takes the target of the reported statement it sits in.
        assert [(s.quote, s.target_key) for s in result.quotes] == [(1, "carol"), (2, "carol")]

    def test_a_parenthetical_attribution_inside_the_content_gives_no_target(self, nlp: Language) -> None:
        """ "The bridge, Anna Berg said in London, will reopen in Leeds": Leeds, not London."""
        text = "The bridge, Anna Berg said in London, will reopen in Leeds."
        doc = nlp(text)
        ments = [
            mention(text, "Anna Berg", "anna"), mention(text, "London", "london", label="GPE"),
            mention(text, "Leeds", "leeds", label="GPE"),
        ]  # fmt: skip
        content = text.rstrip(".")
        at = text.index("Anna Berg")
        q = Quote.model_validate(
            {
                "text": content, "start": 0, "end": len(content), "kind": "indirect",
                "speaker": Speaker(name="Anna Berg", key="anna", start=at, end=at + len("Anna Berg")),
            }
        )  # fmt: skip
        result = score_article(doc, ments, [], [q], self.model)
        assert [s.target_key for s in result.quotes] == ["leeds"]

    def test_quotes_without_speaker_are_skipped(self, nlp: Language) -> None:
        """A quote with no attributed speaker yields no quote or speaker stance."""
        q = quote(TEXT, '"Carol is a disaster and Bob is a hero,"', None)
        doc, ments = self.run(nlp)
        result = score_article(doc, ments, [], [q], self.model)
        assert result.quotes == () and result.speakers == ()

    def test_speaker_stance_aggregates_over_quotes(self, nlp: Language) -> None:
        """Two quotes by one speaker about one target become one speaker stance counting both quotes."""
        q1 = quote(TEXT, '"Carol is a disaster and Bob is a hero,"', "alice")
        q2 = quote(TEXT, "Bob attacked Carol.", "alice", kind="partial")
        doc, ments = self.run(nlp)
        result = score_article(doc, ments, [], [q1, q2], self.model)
        carol = [s for s in result.speakers if s.target_key == "carol"]
        assert len(carol) == 1 and carol[0].quotes == 2 and carol[0].score == pytest.approx(-0.6)
        assert carol[0].label == "negative" and carol[0].speaker == "Alice"

    def test_tone_is_the_mean_over_mentions(self, nlp: Language) -> None:
        """The article tone is the mean score over all mentions, in [-1, 1]."""
        doc, ments = self.run(nlp)
        result = score_article(doc, ments, [], (), self.model)
        expected = (0.0 + 0.8 + 0.8 - 0.6 - 0.6 + 0.8 + 0.0 + 0.1 - 0.6) / 9
        assert result.tone.score == pytest.approx(expected)

    def test_no_entities_is_neutral_and_calls_nothing(self, nlp: Language) -> None:
        """An article without entities has a neutral zero tone and makes no model call."""
        result = score_article(nlp(TEXT), [], [], (), self.model)
        assert result.tone == Stance(label="neutral", score=0.0) and self.model.calls == []

    def test_works_on_a_doc_from_docbin(self, nlp: Language) -> None:
        """A Doc rebuilt from a DocBin keeps its sentences, so items stay sentence-relative."""
        doc, ments = self.run(nlp)
        restored = next(DocBin(docs=[doc]).from_bytes(DocBin(docs=[doc]).to_bytes()).get_docs(nlp.vocab))
        score_article(restored, ments, [], (), self.model)
        assert ("Alice praised Bob.", 14, 17) in self.model.calls[0]

    def test_doc_without_sentences_uses_the_whole_text(self) -> None:
        """Without sentence boundaries the whole text is the context, with document offsets."""
        doc = spacy.blank("en")(TEXT)
        score_article(doc, [mention(TEXT, "Dave", "dave")], [], (), self.model)
        assert self.model.calls[0] == [(TEXT, TEXT.index("Dave"), TEXT.index("Dave") + 4)]


class TestRunOnSentences:
    def test_each_mention_brings_a_bounded_window_of_its_sentence(self) -> None:
        """30,000 names joined by "said" parse as one "sentence": each item is a window, not a copy of the text.

        Copies made the work quadratic: 30,000 such names ran a worker out of 24 GB.
        """
        names = [f"Ann Smith{k}" for k in range(5_000)]
        text = " said ".join(names)
        starts = [text.index(name) for name in names[::50]]
        items = mention_items(
            [EntityMention(text="Ann", label="PERSON", start=s, end=s + 3, key="ann", canonical="Ann") for s in starts],
            SentenceIndex(text, []),
        )
        assert all(sentence[start:end] == "Ann" for sentence, start, end in items)
        assert max(len(sentence) for sentence, _, _ in items) <= 2 * CONTEXT_CHARS + 3
        middle, start, _ = items[len(items) // 2]
        assert middle[:start].count(" said ") > 100 and middle[start:].count(" said ") > 100


class TestLoadStanceModel:
    def test_missing_folder_raises_a_clear_error(self, tmp_path: Path) -> None:
        """A folder without the model files raises FileNotFoundError naming the training script."""
        with pytest.raises(FileNotFoundError, match="train_stance.py"):
            load_stance_model(tmp_path)

    def test_incomplete_folder_raises_a_clear_error(self, tmp_path: Path) -> None:
        """A config without model.onnx is reported, not a crash inside onnxruntime."""
        (tmp_path / "config.json").write_text('{"kind": "onnx"}')
        with pytest.raises(FileNotFoundError, match="model.onnx"):
            load_stance_model(tmp_path)

    def test_crop_keeps_the_marker_and_special_tokens(self) -> None:
        """A long input is cut to max_len around the target marker, keeping [CLS] and [SEP]."""
        ids = [101, *range(1000, 1200), 7, *range(2000, 2050), 102]
        out = _crop(ids, 7, 64)
        assert len(out) == 64 and out[0] == 101 and out[-1] == 102 and 7 in out
        assert _crop(ids[:10], 7, 64) == ids[:10]

    def test_crop_of_a_target_longer_than_the_window_stays_in_the_window(self) -> None:
        """ "[CLS] target [SEP] sentence [SEP]" with a target of 300 pieces ("A. A. A. …" tagged as one name)."""
        target = [101, *range(1000, 1300), 102]
        ids = [*target, *range(2000, 2100), 7, *range(3000, 3100), 102]
        out = _crop(ids, 7, 64, keep=len(target))
        assert len(out) == 64 and out[0] == 101 and out[-1] == 102 and out.count(102) == 2
        # a target that fits is kept whole, as before
        short = [101, *range(1000, 1040), 102]
        assert _crop([*short, *range(2000, 2100), 7, 102], 7, 64, keep=len(short))[: len(short)] == short


# --- the packaged model ---------------------------------------------------------------------------

SEED = Path(__file__).resolve().parents[2] / "pipeline" / "data" / "stance" / "model.onnx"
needs_model = pytest.mark.skipif(not SEED.is_file(), reason="packaged stance model not built")

# Seed article /work/shared/seeds/000_2064c722ad5b44e7.txt, gold in seed-gold.json "stance".
# (holder, sentence, target span, gold label); the target span was chosen before looking at outputs.
SEED_PAIRS = [
    (
        "Josh Earnest",
        "“I will just say as a general matter that any military support to the Assad regime for any "
        "purpose is both destabilizing and counterproductive”, he added.",
        "military support to the Assad regime",
        "negative",
    ),
    (
        "White House",
        "According to official position of the White House, path to stabilization in Syria lies through "
        "“transition in the political leadership” in this country.",
        "the political leadership",
        "negative",
    ),
    (
        "Vladimir Putin",
        "“The President of Syria agrees with it, up to parliamentary elections and cooperation with opposition.",
        "The President of Syria",
        "positive",
    ),
    (
        "John Kerry",
        "After the announcement on Department of State website, Kerry emphasized the official position "
        "that military assistance to Assad “could further escalate the conflict, lead to greater loss of "
        "innocent life, increase refugee flows and risk confrontation with the anti-ISIS Coalition "
        "operating in Syria.”",
        "military assistance to Assad",
        "negative",
    ),
    (
        "Sergey Lavrov",
        "As the main message, he declared Russian allegiance to “Syria’s sovereignty, unity, and "
        "territorial integrity” and Geneva agreements of 2012.",
        "Syria’s sovereignty",
        "positive",
    ),
]


# P(negative), P(neutral), P(positive) of the shipped model on each seed pair, per family of
# onnxruntime's float kernels (2026-12-02): the integer products are exact everywhere, but the float
# ops between them (attention matmuls, GELU, softmax, layer norm) run AVX-512 kernels on CPUs that
# have AVX-512F and AVX2/FMA ones elsewhere. Their last-bit differences can move an activation across
# an int8 rounding step, and two of the five pairs come out differently (by up to 0.019).
REFERENCE_PROBABILITIES = {
    "avx512f": {
        "Josh Earnest": [0.905, 0.058, 0.036],
        "White House": [0.135, 0.346, 0.519],
        "Vladimir Putin": [0.064, 0.595, 0.341],
        "John Kerry": [0.192, 0.104, 0.704],
        "Sergey Lavrov": [0.366, 0.391, 0.243],
    },
    "avx2": {
        "Josh Earnest": [0.909, 0.056, 0.035],
        "White House": [0.135, 0.346, 0.519],
        "Vladimir Putin": [0.064, 0.595, 0.341],
        "John Kerry": [0.201, 0.114, 0.685],
        "Sergey Lavrov": [0.366, 0.391, 0.243],
    },
}


def float_kernel_family() -> str | None:
    """Which of onnxruntime's x86 float kernel families this CPU runs ("avx512f", "avx2"), if known."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return None
    flags = set(next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith("flags")), []))
    if "avx512f" in flags:
        return "avx512f"
    return "avx2" if {"avx2", "fma"} <= flags else None


# Pairs the shipped model gets wrong (measured 2026-12-02 on the shipped soup of two runs distilled
# from the teacher with unlabeled items; the model before it got Putin and Lavrov right).
# Strict: when a retrained model gets one right, the xfail turns into a failure and this list is updated.
KNOWN_MISSES = {
    "White House": "implicit stance (a call for 'transition' of the leadership) reads as positive (+0.38)",
    "Vladimir Putin": "support for 'the President of Syria' reads as neutral (+0.28, P(neutral) 0.60)",
    "John Kerry": "'assistance to Assad' reads as positive for the target (+0.51) despite 'escalate'",
    "Sergey Lavrov": "allegiance to 'Syria's sovereignty' reads as neutral (-0.12)",
}
SEED_PARAMS = [
    pytest.param(*pair, id=pair[0], marks=[pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[pair[0]])])
    if pair[0] in KNOWN_MISSES
    else pytest.param(*pair, id=pair[0])
    for pair in SEED_PAIRS
]


@pytest.fixture(scope="module")
def packaged() -> StanceModel:
    return load_stance_model()


@needs_model
class TestPackagedModel:
    def test_default_load_is_the_onnx_model(self, packaged: StanceModel) -> None:
        """load_stance_model() with no path loads the packaged ONNX scorer."""
        assert isinstance(packaged, OnnxStanceModel)
        assert (DEFAULT_MODEL_DIR / "tokenizer.json").is_file()

    @pytest.mark.parametrize(("holder", "sentence", "target", "gold"), SEED_PARAMS)
    def test_seed_stance_pairs(self, packaged: StanceModel, holder: str, sentence: str, target: str, gold: str) -> None:
        """The scorer labels each non-optional seed stance pair as the gold does."""
        start = sentence.index(target)
        (stance,) = packaged.score([(sentence, start, start + len(target))])
        assert stance.label == gold, f"{holder} -> {target}: {stance}"

    def test_integer_products_cannot_saturate(self) -> None:
        """No MatMulInteger multiplies by int8 weights: those saturate on AVX2-only CPUs (training/exact_int8.py)."""
        import onnx

        model = onnx.load(str(SEED))
        initializers = {init.name: init.data_type for init in model.graph.initializer}
        matmuls = [node for node in model.graph.node if node.op_type == "MatMulInteger"]
        assert matmuls, "the packaged model is expected to be int8-quantized"
        weight_types = {initializers.get(node.input[1]) for node in matmuls}
        assert weight_types == {onnx.TensorProto.UINT8}

    @pytest.mark.parametrize("holder", list(REFERENCE_PROBABILITIES["avx2"]))
    def test_probabilities_match_the_reference(self, packaged: StanceModel, holder: str) -> None:
        """The packaged model gives the probabilities measured when it was shipped, on CPUs of each kernel family.

        With int8 weights the model gave Lavrov P(positive) 0.394 on a VNNI CPU but 0.314 on an
        AVX2-only one (saturating int16 products), and the label flipped; stored as uint8, the
        integer products agree on every CPU, and what remains is the float kernels' family.
        """
        family = float_kernel_family()
        if family is None:
            pytest.skip("no reference for this CPU: neither AVX-512F nor AVX2+FMA (measure and add one)")
        expected = REFERENCE_PROBABILITIES[family][holder]
        sentence, target = next((s, t) for h, s, t, _ in SEED_PAIRS if h == holder)
        start = sentence.index(target)
        (probs,) = packaged.probabilities([(sentence, start, start + len(target))])
        assert [round(float(p), 3) for p in probs] == pytest.approx(expected, abs=2e-3)

    def test_seven_bit_weights_cannot_saturate(self) -> None:
        """With 7-bit weights the uint8 x int8 kernels are exact too: no pair of products reaches 2**15."""
        import onnx
        from onnx import numpy_helper

        replaced = seven_bit_weights(DEFAULT_MODEL_DIR / "model.onnx")
        shipped = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(SEED)).graph.initializer}
        weights = {k: v for k, v in replaced.items() if k.endswith("_quantized")}
        assert len(weights) == 37  # every product of the 6 layers and the head
        for name, w in weights.items():
            base = name.removesuffix("_quantized")
            assert w.dtype == np.int8 and int(np.abs(w).max()) <= 63, name  # 2 * 255 * 63 < 2**15
            assert not replaced[base + "_zero_point"].any()
            # The same weights at half the resolution: w8 (stored + 128) ~ 2 * w7, the scale doubled.
            w8 = shipped[name].astype(np.int32) - 128
            assert int(np.abs(w8 - 2 * w.astype(np.int32)).max()) <= 1, name
            assert np.array_equal(replaced[base + "_scale"], shipped[base + "_scale"] * 2)

    def test_seven_bit_model_stays_close_to_the_shipped_one(self, packaged: StanceModel) -> None:
        """7-bit weights move each probability a little, never the scale of the outputs (scales are doubled)."""
        items = [(s, s.index(t), s.index(t) + len(t)) for _, s, t, _ in SEED_PAIRS]
        assert isinstance(packaged, OnnxStanceModel)
        eight = packaged.probabilities(items)
        seven = OnnxStanceModel(DEFAULT_MODEL_DIR, cache_size=0, weight_bits=7).probabilities(items)
        assert not np.array_equal(seven, eight)
        assert float(np.abs(seven - eight).max()) < 0.15

    def test_the_worker_setting_reaches_the_model(self, packaged: StanceModel, monkeypatch: pytest.MonkeyPatch) -> None:
        """NEWSFLOW_STANCE_WEIGHT_BITS=7 gives the workers the 7-bit model; the default is the shipped one."""
        from agents.runtime import Runtime
        from agents.settings import Settings

        items = [(s, s.index(t), s.index(t) + len(t)) for _, s, t, _ in SEED_PAIRS]
        seven = OnnxStanceModel(DEFAULT_MODEL_DIR, cache_size=0, weight_bits=7).probabilities(items)
        monkeypatch.setenv("NEWSFLOW_STANCE_WEIGHT_BITS", "7")
        loaded = Runtime(Settings())._load_stance()
        assert isinstance(loaded, OnnxStanceModel) and isinstance(packaged, OnnxStanceModel)
        assert np.array_equal(loaded.probabilities(items), seven)
        monkeypatch.delenv("NEWSFLOW_STANCE_WEIGHT_BITS")
        assert np.array_equal(Runtime(Settings())._load_stance().probabilities(items), packaged.probabilities(items))

    def test_signed_weights_are_the_stored_ones(self) -> None:
        """Given back as int8, every weight and zero point is the stored uint8 less 128; scales stay."""
        import onnx
        from onnx import numpy_helper

        replaced = signed_weights(DEFAULT_MODEL_DIR / "model.onnx")
        shipped = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(SEED)).graph.initializer}
        weights = [k for k in replaced if k.endswith("_quantized")]
        assert len(weights) == 37 and len(replaced) == 74  # 37 weights and their zero points, no scales
        for name, value in replaced.items():
            assert value.dtype == np.int8, name
            assert np.array_equal(value.astype(np.int32), shipped[name].astype(np.int32) - 128), name

    def test_signed_products_give_the_same_scores_where_exact(self) -> None:
        """Where the uint8 x int8 kernels are exact, int8 weights give the uint8 weights' probabilities, bit for bit."""
        if not exact_signed_products():
            pytest.skip("this CPU's uint8 x int8 products saturate (no VNNI): the models keep uint8 weights")
        items = [(s, s.index(t), s.index(t) + len(t)) for _, s, t, _ in SEED_PAIRS]
        items += [(s, 0, s.index(" ")) for _, s, _, _ in SEED_PAIRS]  # each sentence's first word as the target
        stored = OnnxStanceModel(DEFAULT_MODEL_DIR, cache_size=0, signed=False).probabilities(items)
        signed = OnnxStanceModel(DEFAULT_MODEL_DIR, cache_size=0, signed=True).probabilities(items)
        assert np.array_equal(signed, stored)

    def test_the_probe_finds_vnni_exact(self) -> None:
        """On a CPU with VNNI or AMX, onnxruntime's uint8 x int8 products add in int32: the probe says exact."""
        try:
            info = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        except OSError:
            pytest.skip("no /proc/cpuinfo to read the CPU's instructions from")
        flags = set(next((line.split(":", 1)[1].split() for line in info.splitlines() if line.startswith("flags")), []))
        if not flags & {"avx512_vnni", "avx_vnni", "amx_int8"}:
            pytest.skip("no VNNI: onnxruntime's uint8 x int8 products may saturate here")
        assert exact_signed_products()

    def test_only_x86_cpus_are_probed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """On ARM, onnxruntime may take other int8 kernels (SME) for int8 weights: the stored ones are kept."""
        import platform

        monkeypatch.setattr(platform, "machine", lambda: "aarch64")
        assert exact_signed_products.__wrapped__() is False

    @pytest.mark.parametrize("exact", [True, False])
    def test_sessions_take_int8_weights_only_where_exact(self, monkeypatch: pytest.MonkeyPatch, exact: bool) -> None:
        """By default a session gets the int8 weights where the probe finds the products exact, else the stored ones."""
        import pipeline.stance.model as stance_model

        monkeypatch.setattr(stance_model, "exact_signed_products", lambda: exact)
        session = stance_model.cpu_session(DEFAULT_MODEL_DIR / "model.onnx", 1)
        assert len(session.newsflow_replaced_initializers) == (74 if exact else 0)
        forced = stance_model.cpu_session(DEFAULT_MODEL_DIR / "model.onnx", 1, signed=not exact)
        assert len(forced.newsflow_replaced_initializers) == (0 if exact else 74)

    def test_other_weight_widths_are_refused(self) -> None:
        with pytest.raises(ValueError, match="weight_bits"):
            OnnxStanceModel(DEFAULT_MODEL_DIR, weight_bits=4)

    def test_a_float_model_has_no_weights_to_round(self, tmp_path: Path) -> None:
        import onnx
        from onnx import TensorProto, helper, numpy_helper

        node = helper.make_node("MatMul", ["x", "w"], ["y"])
        graph = helper.make_graph(
            [node],
            "float",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2])],
            initializer=[numpy_helper.from_array(np.eye(2, dtype=np.float32), "w")],
        )
        onnx.save(helper.make_model(graph), str(tmp_path / "model.onnx"))
        with pytest.raises(ValueError, match="no int8 weights"):
            seven_bit_weights(tmp_path / "model.onnx")

    def test_cached_scores_equal_computed_ones(self) -> None:
        """A repeated input is scored from the cache, and the cached values are the model's own."""
        items = [(s, s.index(t), s.index(t) + len(t)) for _, s, t, _ in SEED_PAIRS]
        uncached = OnnxStanceModel(DEFAULT_MODEL_DIR, cache_size=0)
        cached = OnnxStanceModel(DEFAULT_MODEL_DIR)
        expected = uncached.probabilities(items)
        first = cached.probabilities([*items, items[0]])  # a repeat inside one call runs once
        again = cached.probabilities(list(reversed(items)))
        assert np.array_equal(first[:-1], expected) and np.array_equal(first[-1], expected[0])
        assert np.array_equal(again, expected[::-1])
        info = cached.cache_info()
        assert (info.misses, info.hits, info.size) == (len(items), len(items) + 1, len(items))
        assert uncached.cache_info().size == 0

    def test_parallel_runs_score_exactly_as_serial_ones(self) -> None:
        """Runs on several threads give the same probabilities, in the same order, as one after another."""
        items = [(s, s.index(t), s.index(t) + len(t)) for _, s, t, _ in SEED_PAIRS] * 3
        serial = OnnxStanceModel(DEFAULT_MODEL_DIR, cache_size=0).probabilities(items)
        parallel = OnnxStanceModel(DEFAULT_MODEL_DIR, parallel=3, cache_size=0).probabilities(items)
        assert np.array_equal(parallel, serial)

    def test_calls_from_two_threads_take_turns_in_the_pool(self) -> None:
        """A short call made during a long one runs before the long one's other runs, not after them all."""
        order: list[str] = []
        running, release, submitted = threading.Semaphore(0), threading.Event(), threading.Event()
        mapped = run_pool(2)

        def run(name: str) -> str:
            running.release()
            release.wait(10)
            order.append(name)
            return name

        class Shorts(list[str]):
            """The short call's inputs: tells when the call has read the last one to submit it."""

            def __getitem__(self, i: Any) -> Any:
                if i == len(self) - 1:
                    submitted.set()
                return super().__getitem__(i)

            def __iter__(self) -> Iterator[str]:  # how a pool's map reads them
                yield from super().__iter__()
                submitted.set()

        long = threading.Thread(target=lambda: mapped(run, ["long"] * 60))
        long.start()
        assert running.acquire(timeout=10) and running.acquire(timeout=10)  # two long runs are running
        short = threading.Thread(target=lambda: mapped(run, Shorts(["short", "short"])))
        short.start()
        assert submitted.wait(10)
        release.set()
        short.join(10)
        long.join(10)
        assert order.count("long") == 60 and order.count("short") == 2
        # Each call keeps two runs in the pool: the short ones come right after the two long ones that
        # were running (with every run submitted at once they came after all 60).
        assert max(i for i, name in enumerate(order) if name == "short") <= 3

    def test_a_failed_run_fails_the_call(self) -> None:
        def run(x: int) -> int:
            if x == 3:
                msg = "model run failed"
                raise RuntimeError(msg)
            return x

        assert run_pool(2)(run, [0, 1, 2]) == [0, 1, 2]
        with pytest.raises(RuntimeError, match="model run failed"):
            run_pool(2)(run, [0, 1, 2, 3, 4])

    def test_parallel_below_one_is_refused(self) -> None:
        with pytest.raises(ValueError, match="parallel"):
            OnnxStanceModel(DEFAULT_MODEL_DIR, parallel=0)

    def test_settings_default_is_the_model_default(self) -> None:
        from agents.settings import Settings
        from pipeline.stance import DEFAULT_CACHE_SIZE

        assert Settings.model_fields["stance_cache_size"].default == DEFAULT_CACHE_SIZE

    def test_negative_cache_size_is_refused(self) -> None:
        with pytest.raises(ValueError, match="cache_size"):
            OnnxStanceModel(DEFAULT_MODEL_DIR, cache_size=-1)

    def test_cache_forgets_the_least_recently_used(self) -> None:
        """Past its capacity the cache drops the input used longest ago."""
        text = "Critics slam Obama over the deal."
        a, b, c = ((text, text.index(t), text.index(t) + len(t)) for t in ("Critics", "Obama", "deal"))
        model = OnnxStanceModel(DEFAULT_MODEL_DIR, cache_size=2)
        model.probabilities([a, b])
        model.probabilities([a])  # a is now the most recent
        model.probabilities([c])  # evicts b
        before = model.cache_info()
        model.probabilities([a, c])
        model.probabilities([b])
        after = model.cache_info()
        assert (after.hits - before.hits, after.misses - before.misses, after.size) == (2, 1, 2)

    def test_seed_quote_through_score_article(self, packaged: StanceModel, nlp: Language) -> None:
        """On the seed's Earnest paragraph, Earnest's quote scores the Assad regime negative end to end."""
        text = (
            "September 3, the White House’s Press Secretary Josh Earnest stated at the press briefing about "
            "awareness of Russian activity in helping Assad regime in struggle against ISIS. “We're "
            "monitoring those reports quite closely”, Earnest announced. “I will just say as a general matter "
            "that any military support to the Assad regime for any purpose is both destabilizing and "
            "counterproductive”, he added."
        )
        ments = [
            mention(text, "White House", "org:white_house", label="ORG"),
            mention(text, "Josh Earnest", "person:josh_earnest"),
            mention(text, "Assad", "person:bashar_al_assad"),
            mention(text, "ISIS", "org:isis", label="ORG"),
            mention(text, "Earnest", "person:josh_earnest", nth=1),
            mention(text, "Assad", "person:bashar_al_assad", nth=1),
        ]
        start = text.index("“I will")
        end = text.index("”, he added") + 1
        q = Quote.model_validate(
            {
                "text": text[start:end],
                "start": start,
                "end": end,
                "kind": "direct",
                "speaker": Speaker(name="Josh Earnest", key="person:josh_earnest", mention="he"),
            }
        )
        result = score_article(nlp(text), ments, [], [q], packaged)
        assert [(s.speaker, s.target_key, s.label) for s in result.speakers] == [
            ("Josh Earnest", "person:bashar_al_assad", "negative")
        ]
        assert all(-1.0 <= e.score <= 1.0 for e in result.entities)

    def test_score_depends_on_the_target(self, packaged: StanceModel) -> None:
        """Two targets in one sentence can get opposite stances (the scorer is target-dependent)."""
        text = "The senator praised the brave firefighters but blasted the corrupt mayor as a liar."
        a, b = text.index("firefighters"), text.index("mayor")
        pos, neg = packaged.score([(text, a, a + 12), (text, b, b + 5)])
        assert pos.score > 0 > neg.score

    def test_batching_does_not_change_scores(self, packaged: StanceModel) -> None:
        """An item scores the same alone and in a batch (int8 activation scales must not leak across items)."""
        items = [(s, s.index(t), s.index(t) + len(t)) for _, s, t, _ in SEED_PAIRS]
        together = packaged.score(items)
        alone = [packaged.score([item])[0] for item in items]
        for x, y in zip(together, alone, strict=True):
            assert x.label == y.label and x.score == pytest.approx(y.score, abs=1e-6)

    def test_long_sentence_is_cropped_around_the_target(self, packaged: StanceModel) -> None:
        """A sentence far longer than max_len still scores a target at its end, within [-1, 1]."""
        text = "The committee met on Tuesday and discussed the budget. " * 20 + "Critics called Smith a fraud."
        start = text.rindex("Smith")
        (stance,) = packaged.score([(text, start, start + 5)])
        assert stance.label == "negative" and -1.0 <= stance.score <= 1.0

    def test_items_are_tokenized_a_slice_at_a_time(self, packaged: StanceModel) -> None:
        """Whole-sentence encodings are held only for a slice of items; the ids are those of one call each."""
        tokenizer = packaged._tok  # type: ignore[attr-defined]  # noqa: SLF001
        sizes: list[int] = []

        class Recording:
            def __getattr__(self, name: str) -> object:
                return getattr(tokenizer, name)

            def encode_batch(self, inputs: list[object]) -> object:
                sizes.append(len(inputs))
                return tokenizer.encode_batch(inputs)

        text = "Critics called Smith a fraud and praised Jones. "
        items = [(text * (1 + k % 3), 15, 20) for k in range(ENCODE_SLICE + 10)]
        config = packaged.config  # type: ignore[attr-defined]
        sliced = encode_items(Recording(), items, max_len=config.max_len, pair=config.pair)  # type: ignore[arg-type]
        assert sizes == [ENCODE_SLICE, 10]
        assert sliced == [
            encode_items(tokenizer, [item], max_len=config.max_len, pair=config.pair)[0] for item in items
        ]

    def test_empty_input_returns_empty(self, packaged: StanceModel) -> None:
        """Scoring no items returns an empty list without calling the session."""
        assert packaged.score([]) == []
