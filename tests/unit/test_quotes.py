"""Unit tests for quote finding and attribution (pipeline.quotes), with the real small model."""

from __future__ import annotations

import random
from dataclasses import FrozenInstanceError, replace
from datetime import UTC, datetime
from functools import cache
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.entities import tag_entities
from pipeline.nlp import build_nlp, doc_from_bytes, doc_to_bytes
from pipeline.quotes import QuoteLexicon, attribute_quotes, default_lexicon, find_quote_marks
from pipeline.stages import Incoming, StageContext, attribute_article_quotes, clean_article, parse_articles, tag_article
from schemas.articles import EntityMention, Quote, RawArticle
from schemas.internal import StagedArticle
from tests.unit.growth import counting, unique_surname
from tests.unit.readings import misread


@cache
def _nlp() -> Language:
    return build_nlp()


@pytest.fixture(scope="session")
def nlp() -> Language:
    return _nlp()


def quotes_of(nlp: Language, text: str, lexicon: QuoteLexicon | None = None) -> tuple[Quote, ...]:
    return quotes_in(nlp(text), lexicon)


def quotes_in(doc: Doc, lexicon: QuoteLexicon | None = None) -> tuple[Quote, ...]:
    """The quotes of a parsed doc (one with a reading set by ``tests.unit.readings.misread``)."""
    mentions, _ = tag_entities(doc)
    return attribute_quotes(doc, mentions, lexicon=lexicon)


def one(quotes: tuple[Quote, ...], fragment: str) -> Quote:
    found = [q for q in quotes if fragment in q.text]
    assert len(found) == 1, (fragment, quotes)
    return found[0]


class TestFindQuoteMarks:
    def test_curly_straight_guillemets_and_low_high_marks(self) -> None:
        """Curly, straight, « » and „ “ marks each delimit a quote, without the marks."""
        text = 'A said “one thing”. B said "two things". C said «trois». D sagte „vier“.'
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["one thing", "two things", "trois", "vier"]

    @pytest.mark.parametrize(
        ("text", "quote"),
        [
            ("« Le projet est ‹ irresponsable › », a dit le ministre.", "Le projet est ‹ irresponsable ›"),
            ("« Le projet est “irresponsable” », a dit le ministre.", "Le projet est “irresponsable”"),
        ],
    )
    def test_a_quote_inside_guillemets_is_part_of_theirs(self, text: str, quote: str) -> None:
        """French nests ‹ › or “ ” inside « »: the inner opening mark had restarted the quote, losing the outer one."""
        assert [text[a:b] for a, b in find_quote_marks(text)] == [quote]

    def test_a_spaced_guillemet_after_an_elided_word_opens(self) -> None:
        """French elides before a quote ("d’« étaler … »", "l’« échec »") and spaces its guillemets."""
        text = "Il demande d’« étaler la baisse » et déplore l’« échec » du plan, qu'« on » connaît."
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["étaler la baisse", "échec", "on"]

    def test_apostrophes_are_not_quotes(self) -> None:
        """Apostrophes in contractions and possessives never open or close a quote."""
        text = "Russia’s aid can’t help, the ministers’ report said; it's the group's view."
        assert find_quote_marks(text) == []

    def test_apostrophe_inside_quote_does_not_close_it(self) -> None:
        """A contraction inside curly single quotes does not end the quote early."""
        text = "He said ‘we can’t impose anything’ and left."
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["we can’t impose anything"]

    def test_straight_single_marks_in_british_copy(self) -> None:
        """Straight single marks are speech marks once one closes after punctuation; apostrophes stay apostrophes."""
        text = (
            "'The workers' pay is too low,' she said, 'and we won't wait.' He called it 'reckless'.\n"
            "'First part.\n'Second part,' said O'Brien, a fan of the '90s and of rock 'n' roll."
        )
        assert [text[a:b] for a, b in find_quote_marks(text)] == [
            "The workers' pay is too low,", "and we won't wait.", "reckless", "First part.", "Second part,",
        ]  # fmt: skip

    def test_curly_single_marks_close_on_a_plural_possessive_only_when_nothing_else_does(self) -> None:
        """‘The workers’ pay …’: the possessive's apostrophe does not end the quote; ‘n’ is an elision."""
        text = "‘The workers’ pay is too low,’ she said of the fish ‘n’ chips shop. He called it ‘reckless’ and left."
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["The workers’ pay is too low,", "reckless"]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # Where double marks are the speech marks, a single quote never holds a double one.
            ("Critics called the plan ‘reckless’ and Kovac said “we will fight it” in a nod to the unions’.",
             ["reckless", "we will fight it"]),
            ("She called the plan ‘reckless’ and blamed the unions’.", ["reckless"]),
            ("He called the deal ‘reckless’ and blamed the U.S.’ negotiators.", ["reckless"]),  # abbreviation
            ("The manager vowed his side would ‘get ‘em next time,’ before leaving.", ["get ‘em next time,"]),
            ("Fans, ‘cos they love him, stayed until the end.\nThe club thanked them.", []),  # a leading apostrophe
            ("Fans of rock ‘n’ roll flocked to the Davies’.", []),
        ],
    )  # fmt: skip
    def test_single_marks_against_apostrophes(self, text: str, expected: list[str]) -> None:
        """Reviewed counter-examples: apostrophes of plurals, abbreviations and elisions stay apostrophes."""
        assert [text[a:b] for a, b in find_quote_marks(text)] == expected

    def test_straight_single_marks_need_one_certain_quote(self) -> None:
        """Without one single-quoted phrase closed after punctuation, straight marks are taken as apostrophes."""
        text = "Let 'em in, said the Smiths' lawyer; the '60s were 'different' for the Jones' family."
        assert find_quote_marks(text) == []

    def test_single_marks_win_a_tie_of_sentence_closing_marks(self) -> None:
        """One British quote quoting a person: one single and one double mark close sentences."""
        text = '\'We told them "no." They said "fine."\' said Ellen Pike.'
        assert [text[a:b] for a, b in find_quote_marks(text)] == ['We told them "no." They said "fine."']

    def test_double_marks_inside_single_speech_marks_are_not_quotes_of_their_own(self) -> None:
        """In a text quoting with single marks, double marks inside a quote are a quotation within it."""
        text = "'He told me \"never again\", and I believed him,' she said. 'It's over,' he said."
        assert [text[a:b] for a, b in find_quote_marks(text)] == [
            'He told me "never again", and I believed him,', "It's over,",
        ]  # fmt: skip

    def test_a_quote_over_paragraphs_is_one_span_per_paragraph(self) -> None:
        """A quote left open at a paragraph end goes on when the next paragraph re-opens it: one quote each."""
        text = "She said: “First part.\n\n“Second part.” Then she left."
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["First part.", "Second part."]

    def test_unclosed_quote_is_dropped_at_paragraph_end(self) -> None:
        """A stray opening mark does not swallow the following paragraphs."""
        text = "He said “this never closes.\n\nA new paragraph with “a real quote” in it."
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["a real quote"]

    def test_doubled_single_marks_count_as_double_marks(self) -> None:
        """Typewriter-style ``…'' and “…’’ pairs are recognised as quotes."""
        text = "“It was an attempt to mislead voters,’’ he told the BBC."
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["It was an attempt to mislead voters,"]


class TestAttribution:
    def test_split_quote_has_one_speaker(self, nlp: Language) -> None:
        """Both halves of a quote split by its speech clause go to the same speaker."""
        text = "Angela Merkel spoke in Berlin. “We will not give up,” she said, “and we will win.”"
        qs = quotes_of(nlp, text)
        first, second = one(qs, "We will not give up"), one(qs, "and we will win")
        assert first.speaker is not None and first.speaker.name == "Angela Merkel"
        assert second.speaker is not None and second.speaker.name == "Angela Merkel"
        assert first.kind == "direct" and first.cue == "said"

    def test_post_posed_speaker_uses_fullest_name(self, nlp: Language) -> None:
        """A surname after the quote is reported with the person's full name and the surname as mention."""
        text = "Press Secretary Josh Earnest met reporters. “We're monitoring those reports,” Earnest announced."
        q = one(quotes_of(nlp, text), "monitoring")
        assert q.speaker is not None
        assert (q.speaker.name, q.speaker.mention, q.cue) == ("Josh Earnest", "Earnest", "announced")
        assert text[q.speaker.start : q.speaker.end] == "Earnest"  # type: ignore[misc]

    def test_pronoun_resolves_to_person_outside_quotes(self, nlp: Language) -> None:
        """A pronoun speaker is the last person named outside quotes, not a name inside the quote."""
        text = (
            "John Kerry spoke on Monday. “Any support to Bashar al-Assad is destabilizing,” Kerry said. "
            "“Vladimir Putin must stop,” he added."
        )
        q = one(quotes_of(nlp, text), "must stop")
        assert q.speaker is not None and q.speaker.name == "John Kerry" and q.speaker.mention == "he"

    def test_nominal_mention_resolves_to_person(self, nlp: Language) -> None:
        """ "The official" as a speaker resolves to the person who spoke before."""
        text = (
            "White House spokesman Josh Earnest held a briefing on Monday. "
            "The official said that Washington would keep monitoring the reports."
        )
        q = next(q for q in quotes_of(nlp, text) if q.kind == "indirect")
        assert q.speaker is not None and q.speaker.name == "Josh Earnest"
        assert q.speaker.mention == "The official"

    def test_british_single_quotes_are_direct_speech(self, nlp: Language) -> None:
        """Quotes in straight single marks get their speaker like double-marked ones, split quotes included."""
        text = "Linda Okafor met the unions. 'We will not back down,' Okafor said, 'and we won't wait.'"
        qs = quotes_of(nlp, text)
        first, second = one(qs, "back down"), one(qs, "won't wait")
        assert first.kind == second.kind == "direct"
        assert first.speaker is not None and first.speaker.name == "Linda Okafor"
        assert second.speaker is not None and second.speaker.name == "Linda Okafor"

    def test_organisation_can_speak(self, nlp: Language) -> None:
        """An organisation is a speaker when it is the subject of the speech verb."""
        text = "“We are deeply concerned about the attacks,” the White House said in a statement."
        q = one(quotes_of(nlp, text), "deeply concerned")
        assert q.speaker is not None and q.speaker.name == "White House"

    def test_bracketed_insertion_stays_inside(self, nlp: Language) -> None:
        """Editorial insertions in brackets are part of the quote text."""
        text = "Vladimir Putin spoke in Vladivostok and noticed that “[Russia] still provides supplies to Syria”."
        q = one(quotes_of(nlp, text), "still provides")
        assert q.text == "[Russia] still provides supplies to Syria"
        assert q.kind == "direct" and q.speaker is not None and q.speaker.name == "Vladimir Putin"

    def test_partial_quotes_in_reported_speech(self, nlp: Language) -> None:
        """Fragments quoted inside reported speech are partial quotes of the reporting subject."""
        text = (
            "Vladimir Putin opened the forum. He underlined that reaching “positive results” would be "
            "impossible in case of “quarrels on quasidemocratic principles and procedures”."
        )
        qs = quotes_of(nlp, text)
        for fragment in ("positive results", "quarrels on quasidemocratic"):
            q = one(tuple(q for q in qs if q.kind != "indirect"), fragment)
            assert q.kind == "partial" and q.speaker is not None and q.speaker.name == "Vladimir Putin"
        # The reported clause that holds them is his statement too.
        q = one(tuple(q for q in qs if q.kind == "indirect"), "would be impossible")
        assert q.speaker is not None and q.speaker.name == "Vladimir Putin"

    def test_scare_quotes_have_no_speaker(self, nlp: Language) -> None:
        """Short quoted terms with no speech cue are scare quotes without a speaker."""
        text = "Sergey Lavrov met the opposition on the “Moscow site” and looked for “friends” in Syria."
        qs = quotes_of(nlp, text)
        for fragment in ("Moscow site", "friends"):
            q = one(qs, fragment)
            assert q.kind == "scare" and q.speaker is None and q.cue is None

    def test_slogan_is_a_scare_quote(self, nlp: Language) -> None:
        """A quoted slogan is a scare quote even when it is a full clause."""
        text = "Governor Kristi Noem defended the campaign with the slogan “Meth, we’re on it.”"
        q = one(quotes_of(nlp, text), "Meth")
        assert q.kind == "scare" and q.speaker is None

    def test_according_to(self, nlp: Language) -> None:
        """ "According to X" names X as the speaker of a quote in its sentence, and of the clause holding it."""
        text = 'According to the White House, the path lies through "transition in the political leadership".'
        quotes = quotes_of(nlp, text)
        q = one(tuple(q for q in quotes if q.kind != "indirect"), "transition")
        assert q.cue == "according to" and q.speaker is not None and q.speaker.name == "White House"
        clause = one(tuple(q for q in quotes if q.kind == "indirect"), "the path lies through")
        assert clause.report == "sourcing" and clause.speaker == q.speaker

    @pytest.mark.parametrize(("pronoun", "name"), [("him", "John Smith"), ("her", "Mary Jones")])
    def test_according_to_a_pronoun(self, nlp: Language, pronoun: str, name: str) -> None:
        """ "According to him" resolves as "he" would (it named nobody)."""
        text = f"{name} spoke on Monday. According to {pronoun}, the plan will fail."
        q = one(quotes_of(nlp, text), "the plan will fail")
        assert q.cue == "according to" and q.speaker is not None and q.speaker.name == name

    def test_a_headline_repeats_words_quoted_below(self, nlp: Language) -> None:
        """The same words quoted twice are one utterance: the headline's quote has the body's speaker."""
        text = (
            'School strike: "We are not babysitters"\n\nTeachers walked out on Thursday.\n\n'
            '"We are not babysitters. We are professionals," said the union president, Chantal Lafreniere.'
        )
        assert [q.speaker.name if q.speaker else None for q in quotes_of(nlp, text)] == ["Chantal Lafreniere"] * 2

    def test_words_a_quote_quotes_in_turn_are_not_its_speakers(self, nlp: Language) -> None:
        text = (
            "'Nobody will ever hire you again in this town'\n\nA cashier says her manager threatened her.\n\n"
            "\"He leaned over and said, 'Nobody will ever hire you again in this town,' and laughed,\" said Jane Roe."
        )
        headline = quotes_of(nlp, text)[0]
        assert headline.text == "Nobody will ever hire you again in this town" and headline.speaker is None

    @pytest.mark.parametrize(
        ("text", "speaker"),
        [
            ('"We will win this match." Smith told reporters after training on Friday.', "Smith"),  # told whom
            (
                '"The talks will continue," said the spokeswoman, who declined to comment on the reporter, Evan Gershkovich.',
                "spokeswoman",
            ),
            ('"This is a sad day for the club," said the coach, whose captain, Harry Kane, was sent off.', None),
        ],
    )
    def test_a_name_in_a_relative_clause_or_an_addressee_is_not_the_speaker(
        self, nlp: Language, text: str, speaker: str | None
    ) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "direct"]
        assert (q.speaker.name if q.speaker else None) == speaker

    def test_a_headline_role_is_the_one_its_story_titles_so(self, nlp: Language) -> None:
        text = (
            '"We will not give in," warns the prime minister\n\nThe prime minister, John Smith, rejected the demands.'
        )
        q = one(quotes_of(nlp, text), "We will not give in")
        assert q.speaker is not None and q.speaker.name == "John Smith"

    def test_indirect_speech(self, nlp: Language) -> None:
        """Reported speech without marks is an indirect quote whose span is the reported clause."""
        text = "Boris Johnson said that Britain would leave the European Union on time."
        q = one(quotes_of(nlp, text), "Britain would leave")
        assert q.kind == "indirect" and q.cue == "said"
        assert q.speaker is not None and q.speaker.name == "Boris Johnson"
        assert text[q.start : q.end] == q.text == "Britain would leave the European Union on time"

    def test_unattributed_quote_after_attributed_one_inherits_speaker(self, nlp: Language) -> None:
        """A quote paragraph with no cue continues the previous speaker."""
        text = "“The most important thing is we lost,” Cam Heyward said.\n\n“We have to learn from that.”"
        q = one(quotes_of(nlp, text), "learn from that")
        assert q.speaker is not None and q.speaker.name == "Cam Heyward"

    def test_survives_docbin_round_trip(self, nlp: Language) -> None:
        """Attribution gives the same result on a parse rebuilt from a DocBin."""
        text = "“We will win,” Jacinda Ardern said. She added that the vote was “historic”."
        doc = nlp(text)
        mentions, _ = tag_entities(doc)
        again = doc_from_bytes(doc_to_bytes(doc), nlp)
        assert attribute_quotes(again, mentions) == attribute_quotes(doc, mentions)

    def test_doc_without_parse(self) -> None:
        """A Doc without tags, parse or sentences still yields the marked quotes."""
        doc = Doc(_nlp().vocab, words=["He", "said", "“", "hello", "there", "”", "."])
        assert [q.text for q in attribute_quotes(doc, ())] == ["hello there"]


_PIECES = st.sampled_from(
    ['"', "“", "”", "„", "«", "»", "‘", "’", "'", "\n\n", ", ", ". ", " said ", " he ", " she ", "Putin",
     " Josh Earnest ", "the White House", "according to ", "[Russia]", " that ", "we can’t", " ", "x"]
)  # fmt: skip


class TestProperties:
    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join))
    def test_never_raises_and_offsets_slice_text(self, text: str) -> None:
        """attribute_quotes never raises, and marked quotes' offsets slice doc.text to Quote.text."""
        doc = _nlp()(text)
        mentions, _ = tag_entities(doc)
        for q in attribute_quotes(doc, mentions):
            assert 0 <= q.start <= q.end <= len(doc.text)
            if q.kind != "indirect":
                assert doc.text[q.start : q.end] == q.text
            if q.kind == "scare":
                assert q.speaker is None
            if q.speaker is not None and q.speaker.start is not None and q.speaker.end is not None:
                assert doc.text[q.speaker.start : q.speaker.end] == q.speaker.mention


class TestSpeakerResolution:
    def test_she_prefers_a_woman_over_a_nearer_man(self, nlp: Language) -> None:
        """ "she" skips a more recent male subject for a person whose first name is female."""
        text = (
            "Sarah Collins met David Brown in Ottawa on Monday. Brown thanked the minister for the visit.\n\n"
            "“We will sign the deal next week,” she said."
        )
        assert one(quotes_of(nlp, text), "sign the deal").speaker.name == "Sarah Collins"  # type: ignore[union-attr]

    def test_he_prefers_a_man_over_a_nearer_woman(self, nlp: Language) -> None:
        """ "he" skips a more recent female subject for a person whose first name is male."""
        text = (
            "David Brown met Sarah Collins in Ottawa on Monday. Collins thanked the minister for the visit.\n\n"
            "“We will sign the deal next week,” he said."
        )
        assert one(quotes_of(nlp, text), "sign the deal").speaker.name == "David Brown"  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        "text",
        [
            "Tom Becker met the board on Monday. “The plan will fail,” she said.",
            "Tom Becker met the board on Monday. She said the plan would fail.",
            "Mr. Okonjo met the board on Monday. She said the plan would fail.",
            # The sentence before reports on him, but "she" does not follow on from it.
            "Tom Becker thanked the board for its support.\n\n“The plan will fail,” she said.",
        ],
    )
    def test_she_is_never_the_only_man_in_sight(self, nlp: Language, text: str) -> None:
        """A man is no antecedent of "she" even when nobody else is named: no speaker, not the wrong one."""
        assert one(quotes_of(nlp, text), "plan w").speaker is None

    @pytest.mark.parametrize(
        ("first", "other", "pronoun"), [("Destiny", "Brayden", "she"), ("Brayden", "Destiny", "he")]
    )
    def test_us_birth_records_give_the_gender_of_a_name_off_the_curated_list(
        self, nlp: Language, first: str, other: str, pronoun: str
    ) -> None:
        """ "Destiny" and "Brayden" are not in the curated list; US birth records settle them."""
        assert default_lexicon().first_names[first.lower()] == ("f" if pronoun == "she" else "m")
        text = (
            f"{first} Okafor met {other} Mensah in Ottawa on Monday. Mensah thanked the minister for the visit.\n\n"
            f"“We will sign the deal next week,” {pronoun} said."
        )
        # both names tagged in full (en_core_web_md's recogniser leaves "Destiny" out of hers)
        people = (f"{first} Okafor", "PERSON"), (f"{other} Mensah", "PERSON"), ("Ottawa", "GPE"), ("Mensah", "PERSON")
        quotes = quotes_in(misread(nlp, text, *people))
        assert one(quotes, "sign the deal").speaker.name == f"{first} Okafor"  # type: ignore[union-attr]

    def test_capitalised_word_before_speech_verb_is_a_speaker(self, nlp: Language) -> None:
        """A surname the model tags as an adverb ("…, Early says") still names the speaker for "he"."""
        text = (
            "“The groundwork is there,” Buser says. “It is staggering.”\n\n"
            "While the lineup is light on exclusive titles, Early says there is a possibility of more. "
            "“Our objective is to make the best game,” he says."
        )
        assert one(quotes_of(nlp, text), "best game").speaker.name == "Early"  # type: ignore[union-attr]

    def test_unnamed_office_holder_is_not_the_country(self, nlp: Language) -> None:
        """ "China’s ambassador to Britain warned …" is spoken by the ambassador, not by China."""
        text = "China’s ambassador to Britain warned that the government “will not sit on our hands” in the city."
        quotes = quotes_of(nlp, text)
        for q in quotes:  # the partial quote and the reported clause holding it
            assert q.speaker is not None and q.speaker.name == "China’s ambassador to Britain" and q.speaker.key is None
        assert sorted(q.kind for q in quotes) == ["indirect", "partial"]

    def test_quoted_name_before_a_noun_is_a_scare_quote(self, nlp: Language) -> None:
        """A quote between a determiner and a noun names something (a campaign), nobody says it."""
        text = "While the “Meth. We’re on it.” campaign did not appeal to Julie Graham, she did not judge it."
        q = one(quotes_of(nlp, text), "Meth")
        assert q.kind == "scare" and q.speaker is None

    def test_honorific_gives_the_gender_of_an_unknown_first_name(self, nlp: Language) -> None:
        """ "Ms."/"Mr." before a name is gender evidence when the first name is not in the list."""
        text = (
            "Ms. Adeyemi met Mr. Okafor in Lagos on Monday. Okafor thanked the minister for the visit.\n\n"
            "“We will sign the deal next week,” she said."
        )
        assert one(quotes_of(nlp, text), "sign the deal").speaker.name == "Adeyemi"  # type: ignore[union-attr]


def _with_verb(*forms: str) -> QuoteLexicon:
    """The default lexicon plus a made-up speech verb that may also report indirect speech."""
    base = default_lexicon()
    return replace(base, speech_verbs=base.speech_verbs | set(forms), reporting_verbs=base.reporting_verbs | set(forms))


class TestLexicon:
    def test_default_lexicon_is_loaded_once_and_frozen(self) -> None:
        """default_lexicon() returns one cached, immutable lexicon built from the packaged lists."""
        lexicon = default_lexicon()
        assert default_lexicon() is lexicon
        assert {"said", "told"} <= lexicon.speech_verbs and lexicon.first_names["sarah"] == "f"
        with pytest.raises(FrozenInstanceError):
            lexicon.speech_verbs = frozenset()  # type: ignore[misc]

    def test_made_up_speech_verb_becomes_a_cue(self, nlp: Language) -> None:
        """A verb added to the lexicon cues a quote and its speaker; the default lexicon ignores it."""
        text = "Angela Merkel arrived in Berlin on Monday. “We will not give up on this plan,” she blorfed."
        plain = one(quotes_of(nlp, text), "give up")
        assert plain.cue is None and plain.speaker is None
        q = one(quotes_of(nlp, text, _with_verb("blorfed")), "give up")
        assert q.kind == "direct" and q.cue == "blorfed"
        assert q.speaker is not None and q.speaker.name == "Angela Merkel"

    def test_made_up_reporting_verb_introduces_indirect_speech(self, nlp: Language) -> None:
        """A reporting verb added to the lexicon finds reported speech that the default lexicon misses."""
        text = "Angela Merkel arrived in Berlin. She blorfed that the plan would go ahead despite the protests."
        assert quotes_of(nlp, text) == ()
        q = one(quotes_of(nlp, text, _with_verb("blorfed")), "plan would go ahead")
        assert q.kind == "indirect" and q.cue == "blorfed"
        assert q.speaker is not None and q.speaker.name == "Angela Merkel"

    def test_first_names_decide_the_gender_of_she(self, nlp: Language) -> None:
        """Swapping the genders of two first names moves "she" from one person to the other."""
        text = "John Smith met Maria Lopez in Madrid on Monday. “We agreed on everything that matters,” she said."
        assert one(quotes_of(nlp, text), "agreed").speaker.name == "Maria Lopez"  # type: ignore[union-attr]
        base = default_lexicon()
        swapped = replace(base, first_names=MappingProxyType({**base.first_names, "maria": "m", "john": "f"}))
        assert one(quotes_of(nlp, text, swapped), "agreed").speaker.name == "John Smith"  # type: ignore[union-attr]


class TestWorkGrowsWithTheText:
    """Each quote's speaker search reads indexes built once per document, not the text before it again.

    Counted in lookups, not seconds. Each of these shapes grew with quotes × text: a hostile
    article of a few hundred such quotes took seconds, and the time grew with the square of its length.
    """

    def test_slogans_in_one_sentence(self, nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
        """ "Smith listed the slogans "…", "…", … said John Smith": the sentence's speech verbs are listed once.

        A quote without a cue after it looked back for one over the whole sentence before it.
        """
        from pipeline.quotes import speakers

        calls = counting(monkeypatch, speakers, "source_phrase")
        words = (
            "the plan would cost more than expected and officials were not sure how long talks might continue".split()
        )
        pick = random.Random(1)
        slogans = ", ".join(f'"{" ".join(pick.choice(words) for _ in range(3))}"' for _ in range(400))
        doc = nlp(f"Smith listed the slogans {slogans}, said John Smith.")
        assert len(quotes_in(doc)) == 400
        assert calls[0] <= 2 * len(doc), (calls, len(doc))

    def test_many_aged_speakers(self, nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
        """150 people each given an age, then "the 80-year-old said": the ages are read once per person."""
        from pipeline.quotes import speakers

        calls = counting(monkeypatch, speakers, "_stated_age")
        text = "\n\n".join(
            f'Maria {unique_surname(k)}, {20 + k % 20}, spoke. "We are ready," the 80-year-old said.'
            for k in range(150)
        )
        quotes = quotes_in(nlp(text))
        assert len(quotes) == 150
        assert calls[0] <= 10 * 150, calls

    def test_many_described_speakers(self, nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
        """150 people, then "the American said" each time: who is unnamed or described is read once."""
        from pipeline.quotes import speakers

        calls = counting(monkeypatch, speakers, "person_noun")
        text = "\n\n".join(
            f'Maria {unique_surname(k)} met officials in Lima. "We are ready," the American said.' for k in range(150)
        )
        doc = nlp(text)
        assert len(quotes_in(doc)) == 150
        assert calls[0] <= 2 * len(doc), (calls, len(doc))

    def test_one_word_quotes_in_one_sentence(self, nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
        """300 one-word quotes in one sentence: what one subject or clause node says is read once.

        Each quote's speaker search read the whole sentence again (the speech verb's subtree for the
        subject's clause mates, every child of the verb for an "according to"): 2,500 such quotes in
        10 KB took 45 s.
        """
        from pipeline.quotes import context, speakers

        mention_at = counting(monkeypatch, context.DocContext, "mention_at")
        source_phrase = counting(monkeypatch, speakers, "source_phrase")
        doc = nlp("He said " + " ".join('"a"' for _ in range(300)) + ".")
        quotes = quotes_in(doc)
        assert len(quotes) == 300
        assert mention_at[0] <= 10 * len(doc) and source_phrase[0] <= 10 * len(doc), (mention_at, source_phrase)


class TestTitleQuotes:
    """A headline's quote is attributed like the body's, its speaker linked to the body's entities."""

    def staged(self, nlp: Language, title: str, text: str) -> StagedArticle:
        ctx = StageContext(now=datetime(2026, 1, 1, tzinfo=UTC), nlp=nlp, fallback_language="en")
        article = clean_article(Incoming(RawArticle(url="https://example.com/t", title=title, text=text)), None, ctx)
        [doc] = parse_articles([article], ctx)
        return attribute_article_quotes(tag_article(article, doc, ctx), None, ctx).staged

    BODY = "Prime Minister Boris Johnson said on Monday that his party would win the election in December."

    @pytest.mark.parametrize(
        ("title", "words"),
        [
            ("‘We will win the election,’ says Johnson", "We will win the election,"),
            ("Johnson: ‘We will win the election’", "We will win the election"),
            ("“We will win”: Johnson vows victory in December", "We will win"),
        ],
    )
    def test_a_headline_quote_has_the_bodys_speaker(self, nlp: Language, title: str, words: str) -> None:
        staged = self.staged(nlp, title, self.BODY)
        [quote] = staged.title_quotes
        assert title[quote.start : quote.end] == quote.text == words and quote.kind == "direct"
        assert quote.speaker is not None and quote.speaker.key == "person:boris_johnson"
        assert staged.quotes == attribute_quotes(*_body(nlp, staged))  # the body's quotes are its own

    @pytest.mark.parametrize(
        "title", ["Floods kill 12 in southern Brazil", "Johnson says party will win election", "HS Roundup: Viera wins"]
    )
    def test_a_title_without_quotation_marks_has_none(self, nlp: Language, title: str) -> None:
        """Reported speech in a headline is not read: headline grammar misleads the parse."""
        assert self.staged(nlp, title, self.BODY).title_quotes == ()

    def test_an_oversized_title_is_not_read(self, nlp: Language) -> None:
        ctx = StageContext(now=datetime(2026, 1, 1, tzinfo=UTC), nlp=nlp, fallback_language="en")
        article = clean_article(Incoming(RawArticle(url="https://example.com/u", text=self.BODY)), None, ctx)
        article = article.model_copy(update={"title": '"We will win," says Johnson. ' * 100_000})
        [doc] = parse_articles([article], ctx)
        assert attribute_article_quotes(tag_article(article, doc, ctx), None, ctx).staged.title_quotes == ()


def _body(nlp: Language, staged: StagedArticle) -> tuple[Doc, tuple[EntityMention, ...]]:
    return nlp(staged.article.text), staged.entities
