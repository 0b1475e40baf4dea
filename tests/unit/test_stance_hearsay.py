"""Judgements a speaker reports, not makes (``pipeline.stance.hearsay``), on sentences written for it.

The reports are read from the real English parse; in ``score_article`` the scores come from a
table-driven fake model, so the tests check how the speaker's attitude to a report becomes the quote's view.
"""

from __future__ import annotations

import re

import pytest
from spacy.language import Language

from pipeline.nlp import build_nlp
from pipeline.stance import hearsay, score_article
from pipeline.stance.hearsay import reported_attitude
from schemas.articles import EntityMention, Quote, Speaker
from tests.unit.test_stance import FakeModel
from tests.unit.test_stance_effects import article_parts


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def attitude(nlp: Language, words: str, target: str) -> int | None:
    """The attitude ``reported_attitude`` reads when ``words`` are a speaker's whole quote."""
    at = words.index(target)
    return reported_attitude(nlp(words), at, at + len(target), 0, len(words))


@pytest.mark.parametrize(
    ("words", "target", "expected"),
    [
        # the speaker's own judgement: no report
        ("Peru has run its ports well for years.", "Peru", None),
        ("I think Peru has run its ports well.", "Peru", None),
        ("We believe Peru is a reliable partner.", "Peru", None),
        # somebody else's judgement, only reported
        ("Shippers say Peru runs its ports badly.", "Peru", 0),
        ("Some traders call Peru a pirate state.", "Peru", 0),
        ("According to the shippers, Peru runs its ports badly.", "Peru", 0),
        # ... rejected: a rejecting word, a negated endorsement, or the speaker's "but" after it
        ("Shippers say Peru runs its ports badly, which is simply false.", "Peru", -1),
        ("Some traders call Peru a pirate state. I don't agree.", "Peru", -1),
        ("Shippers say Peru runs its ports badly, but the figures show the opposite.", "Peru", -1),
        # ... endorsed: an endorsing word, or a negated rejection
        ("Shippers say Peru runs its ports badly, and they are right.", "Peru", 1),
        ("Some traders call Peru a pirate state, and that is not wrong.", "Peru", 1),
    ],
)
def test_reported_attitude(nlp: Language, words: str, target: str, expected: int | None) -> None:
    assert attitude(nlp, words, target) == expected


def test_the_quotes_own_according_to_is_its_attribution_not_a_report(nlp: Language) -> None:
    """The words are the clause; "according to the ministry" after them attributes them to their speaker."""
    text = "Exports to Peru fell by half last year, according to the ministry."
    words_end = text.index(", according")
    at = text.index("Peru")
    assert reported_attitude(nlp(text), at, at + 4, 0, words_end) is None


def test_in_reported_speech_the_speaker_is_he_or_she(nlp: Language) -> None:
    """ "Lind said she thinks Peru …": "she" is Lind herself there; "I" in her own words."""
    words = "she thinks Peru runs its ports badly"
    at = words.index("Peru")
    assert reported_attitude(nlp(words), at, at + 4, 0, len(words), indirect=True) is None
    assert reported_attitude(nlp(words), at, at + 4, 0, len(words)) == 0


TEXT = '"Shippers say Peru runs its ports badly, but that is nonsense," said Olga Lind.'


class TestReportedViews:
    def test_a_rejected_report_reverses_the_view(self, nlp: Language) -> None:
        """The shippers judge Peru badly (the model reads -0.7 there); Lind rejects that: she is for Peru."""
        mentions, quotes = article_parts(TEXT, "Peru")
        result = score_article(nlp(TEXT), mentions, [], quotes, FakeModel({"Peru": -0.7}))
        (qs,) = result.quotes
        assert (qs.label, qs.score) == ("positive", pytest.approx(0.7))
        assert result.entities[0].score == pytest.approx(-0.7)  # how the sentence portrays Peru is unchanged

    def test_a_quote_naming_many_targets_is_read_once_not_once_per_target(
        self, nlp: Language, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """40 reports in one quote, all rejected: each view reversed, the quote's words read once for verdicts.

        Each target read every word of the quote again: 1,000 names one per line took 4 s here.
        """
        ports = [f"Port{k}" for k in range(40)]
        content = " ".join(f"Shippers say {p} runs badly." for p in ports) + " That is all nonsense."
        text = f'"{content}" said Olga Lind.'
        speaker_at = text.index("Olga Lind")
        starts = [re.search(rf"{p}\b", text).start() for p in ports]  # type: ignore[union-attr]
        mentions = [
            EntityMention(text=p, label="GPE", start=at, end=at + len(p), canonical=p, key=f"gpe:{p.lower()}")
            for p, at in zip(ports, starts, strict=True)
        ]
        speaker = Speaker(name="Olga Lind", key="person:lind", start=speaker_at, end=speaker_at + 9)
        quote = Quote(text=content, start=1, end=1 + len(content), kind="direct", speaker=speaker)
        calls = 0
        forms = hearsay.base_forms

        def counted(word: str) -> tuple[str, ...]:
            nonlocal calls
            calls += 1
            return forms(word)

        monkeypatch.setattr(hearsay, "base_forms", counted)
        doc = nlp(text)
        result = score_article(doc, mentions, [], [quote], FakeModel(dict.fromkeys(ports, -0.7)))
        assert [q.label for q in result.quotes] == ["positive"] * len(ports)
        assert calls <= 10 * len(doc), (calls, len(doc))

    def test_a_report_only_gives_the_speaker_no_view(self, nlp: Language) -> None:
        text = '"Shippers say Peru runs its ports badly," said Olga Lind.'
        mentions, quotes = article_parts(text, "Peru")
        (qs,) = score_article(nlp(text), mentions, [], quotes, FakeModel({"Peru": -0.7})).quotes
        assert (qs.label, qs.score) == ("neutral", 0.0)
