"""Quote stance through good-for and bad-for events (``pipeline.stance.effects``), on sentences written for it.

The structures are read from the real English parse; the scores in ``score_article`` come from a
table-driven fake model, so the tests check how an event's view becomes the quote's view.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from pipeline.nlp import build_nlp
from pipeline.stance import score_article
from pipeline.stance.article import masked_item
from pipeline.stance.effects import BAD_FOR, GOOD_FOR, OF_PATIENT, REVERSERS, base_forms, effect_event
from schemas.articles import EntityMention, Quote, Speaker
from tests.unit.test_stance import FakeModel

Item = tuple[str, int, int]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def event_of(nlp: Language, text: str, target: str) -> tuple[int, str] | None:
    at = text.index(target)
    event = effect_event(nlp(text), at, at + len(target))
    return None if event is None else (event.effect, event.text)


# (sentence, target, (effect, event phrase) or None)
STRUCTURES = [
    # a noun with the mention in its prepositional phrase; "against" is always the one harmed
    ("Mayor Ines Ward said the aid to Portugal was long overdue.", "Portugal", (1, "the aid to Portugal")),
    ('"The sanctions on Peru must stay," said Olga Lind.', "Peru", (-1, "The sanctions on Peru")),
    ('"More investment in Kenya would pay off," said Olga Lind.', "Kenya", (1, "More investment in Kenya")),
    ('"Support for Chile against Peru is our duty," said Olga Lind.', "Peru", (-1, "Support for Chile against Peru")),
    # a prepositional phrase that names no object of the event
    ('"The strike for Arsenal in the last minute was superb," said Olga Lind.', "Arsenal", None),
    ('"There were no data releases in Asia today," said Olga Lind.', "Asia", None),
    # "of" and the possessor name the one it happens to only for some nouns, and a possessor only
    # when the noun has no "of" object
    ('"Peru\'s ouster from the group was a mistake," said Olga Lind.', "Peru", (-1, "Peru's ouster from the group")),
    ('"Chile\'s invasion of Peru is a crime," said Olga Lind.', "Chile", None),
    ('"Chile\'s invasion of Peru is a crime," said Olga Lind.', "Peru", (-1, "Chile's invasion of Peru")),
    ('"The support of Peru made the deal possible," said Olga Lind.', "Peru", None),
    ('"Peru\'s attacks must stop," said Olga Lind.', "Peru", None),
    # a possessor does not stand for what it possesses (X's critics, X's spirits)
    ('"Backing Peru\'s bid is the right call," said Olga Lind.', "Peru", None),
    # gerunds and infinitives with the mention as object; a quote-initial gerund read as part of the name
    ('"Giving Peru more loans would be reckless," said Olga Lind.', "Peru", (1, "Giving Peru more loans")),
    ('"Arming Peru would be reckless," said Olga Lind.', "Peru", (1, "Arming Peru")),
    ('"To arm Peru now would be reckless," said Olga Lind.', "Peru", (1, "arm Peru")),
    # a verb of giving is good for the one given to only when what it gives is a benefit
    ('"Sending weapons to Peru would be reckless," said Olga Lind.', "Peru", (1, "Sending weapons to Peru")),
    ('"Giving Peru an ultimatum was right," said Olga Lind.', "Peru", None),
    # ... and the object of "supply" or "provide" is the one given to, of "sell" the thing given
    ('"Supplying Peru with gas is a priority," said Olga Lind.', "Peru", (1, "Supplying Peru with gas")),
    ('"Selling Acme Corp would be a mistake," said Olga Lind.', "Acme Corp", None),
    # reversers (verbs and nouns) and negation flip the event they govern
    ('"Cutting funding to Oxfam was a disgrace," said Olga Lind.', "Oxfam", (-1, "Cutting funding to Oxfam")),
    (
        '"Lifting the sanctions on Peru is the right call," said Olga Lind.',
        "Peru",
        (1, "Lifting the sanctions on Peru"),
    ),
    (
        '"The lifting of sanctions on Peru was a betrayal," said Olga Lind.',
        "Peru",
        (1, "The lifting of sanctions on Peru"),
    ),
    ('"Vetoing sanctions on Peru was shameful," said Olga Lind.', "Peru", (1, "Vetoing sanctions on Peru")),
    ('"Not arming Peru would be a betrayal," said Olga Lind.', "Peru", (-1, "Not arming Peru")),
    # conjuncts share the first one's event
    ('"The sanctions on Chile and Peru must stay," said Olga Lind.', "Peru", (-1, "The sanctions on Chile and Peru")),
    # a clause reporting an action is not an action judged
    ('"Russia still provides weapons to Peru," said Olga Lind.', "Peru", None),
    ('"We should keep supporting Peru," said Olga Lind.', "Peru", None),
    # no event: a thing named by a word that is an event only as a verb, a place, a plain mention
    ('"The bar on Heineken\'s terrace is the best in town," said Olga Lind.', "Heineken", None),
    ('"The talks in Geneva went well," said Olga Lind.', "Geneva", None),
]


@pytest.mark.parametrize(("sentence", "target", "expected"), STRUCTURES, ids=[s[0][:40] for s in STRUCTURES])
def test_effect_event_structures(nlp: Language, sentence: str, target: str, expected: tuple[int, str] | None) -> None:
    """The event is found from the parse, with its effect and its phrase, or not at all."""
    assert event_of(nlp, sentence, target) == expected


def test_no_event_without_a_parse() -> None:
    """A Doc without dependencies (a blank pipeline) has no events."""
    import spacy

    text = "The sanctions on Peru must stay."
    assert effect_event(spacy.blank("en")(text), text.index("Peru"), text.index("Peru") + 4) is None


def test_word_lists_are_consistent() -> None:
    """Every noun whose "of" names the patient is a good-for, bad-for or reversing word; no word is both."""
    assert all(w in GOOD_FOR | BAD_FOR | REVERSERS for w in OF_PATIENT)
    assert not GOOD_FOR & BAD_FOR


@pytest.mark.parametrize(
    ("word", "base"),
    [("Sanctions", "sanction"), ("banning", "ban"), ("supplied", "supply"), ("removing", "remove"), ("arms", "arm")],
)
def test_base_forms_reach_the_listed_word(word: str, base: str) -> None:
    """Inflected forms are matched without a lemmatizer."""
    assert base in base_forms(word)


TEXT = '"The sanctions on Peru are long overdue," said Olga Lind.'


def article_parts(text: str, target: str) -> tuple[list[EntityMention], list[Quote]]:
    at, speaker_at = text.index(target), text.index("Olga Lind")
    peru = EntityMention(text=target, label="GPE", start=at, end=at + len(target), canonical=target, key="gpe:peru")
    lind = EntityMention(
        text="Olga Lind", label="PERSON", start=speaker_at, end=speaker_at + 9, canonical="Olga Lind", key="person:lind"
    )
    content = text[1 : text.index(',"')]
    q = Quote(
        text=content,
        start=1,
        end=1 + len(content),
        kind="direct",
        speaker=Speaker(name="Olga Lind", key="person:lind", start=speaker_at, end=speaker_at + 9),
    )
    return [peru, lind], [q]


class TestQuoteViews:
    def test_a_welcomed_bad_event_makes_the_quote_negative_toward_its_object(self, nlp: Language) -> None:
        """Sanctions on Peru judged well (the masked sentence reads positive): Lind is against Peru."""
        model = FakeModel({"Peru": 0.5, "It": 0.8})
        mentions, quotes = article_parts(TEXT, "Peru")
        result = score_article(nlp(TEXT), mentions, [], quotes, model)
        (qs,) = result.quotes
        assert (qs.target_key, qs.label, qs.score) == ("gpe:peru", "negative", pytest.approx(-0.8))
        assert (qs.event, qs.event_effect) == ("The sanctions on Peru", "bad_for")
        assert result.speakers[0].label == "negative"
        # the entity stance and the tone keep the mentions' own scores
        assert result.entities[0].score == pytest.approx(0.5)

    def test_the_event_is_scored_masked_in_the_same_model_call(self, nlp: Language) -> None:
        """One call: the mentions, then the sentence with the event's words replaced by "It"."""
        model = FakeModel({})
        mentions, quotes = article_parts(TEXT, "Peru")
        score_article(nlp(TEXT), mentions, [], quotes, model)
        (call,) = model.calls
        assert call[-1] == masked_item((TEXT, 1, 1 + len("The sanctions on Peru")))
        assert call[-1][0].startswith('"It are long overdue')

    def test_a_neutral_view_of_the_event_leaves_the_mention_its_own(self, nlp: Language) -> None:
        """When the sentence says nothing of the action, the quote keeps the mention's score, and names no event."""
        model = FakeModel({"Peru": -0.6, "It": 0.1})
        mentions, quotes = article_parts(TEXT, "Peru")
        (qs,) = score_article(nlp(TEXT), mentions, [], quotes, model).quotes
        assert (qs.label, qs.score, qs.event, qs.event_effect) == ("negative", pytest.approx(-0.6), None, None)

    def test_mentions_outside_quotes_get_no_event_item(self, nlp: Language) -> None:
        """Only quote targets are looked at: an article without quotes makes no extra items."""
        model = FakeModel({})
        mentions, _ = article_parts(TEXT, "Peru")
        score_article(nlp(TEXT), mentions, [], [], model)
        assert len(model.calls[0]) == len(mentions)
