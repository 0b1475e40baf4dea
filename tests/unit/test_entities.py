"""Unit tests for entity post-processing (pipeline.entities), with the real small model."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.entities import (
    _LINE_SKIPS,
    DEFAULT_RULES,
    ENTITY_RULES,
    _trim,
    entity_key,
    parse_title,
    place_key,
    tag_entities,
    tag_title,
)
from pipeline.names import NAME_MAX_CHARS
from pipeline.nlp import build_nlp
from pipeline.stages import Incoming, StageContext, clean_article, parse_articles, tag_article
from schemas.articles import CanonicalEntity, EntityMention, RawArticle
from tests.unit.growth import counting, unique_surname
from tests.unit.readings import misread


@pytest.fixture(scope="session")
def nlp() -> Language:
    return build_nlp()


def tag(nlp: Language, text: str) -> tuple[tuple[EntityMention, ...], tuple[CanonicalEntity, ...]]:
    return tag_entities(nlp(text))


def by_name(entities: tuple[CanonicalEntity, ...]) -> dict[str, CanonicalEntity]:
    return {e.name: e for e in entities}


class TestTagEntities:
    def test_surname_joins_full_name(self, nlp: Language) -> None:
        """A later surname mention is merged into the person's fullest name."""
        mentions, ents = tag(nlp, "President Vladimir Putin opened the forum. Putin said Russia would help.")
        putin = by_name(ents)["Vladimir Putin"]
        assert putin.label == "PERSON" and putin.mentions == 2 and putin.aliases == ("Putin",)
        assert {m.canonical for m in mentions if m.text == "Putin"} == {"Vladimir Putin"}

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ('Grace Whitlock and Martin Whitlock run the bakery. "It is over," Ms. Whitlock said.', "Grace Whitlock"),
            ('Martin Whitlock and Grace Whitlock run the bakery. "It is time," Mr Whitlock said.', "Martin Whitlock"),
            # A first name that tells no gender does not rule its bearer out: the latest namesake.
            (
                'Grace Whitlock handed the bakery to her son, Kai Whitlock. "It is time," Mr. Whitlock said.',
                "Kai Whitlock",
            ),
            # A first name that tells the gender beats one that tells none.
            ('Martin Whitlock and Jordan Whitlock run the farm. "We are tired," Mr. Whitlock said.', "Martin Whitlock"),
            (
                'Grace Whitlock and Martin Whitlock run the bakery. "We are proud," Mr and Mrs Whitlock said.',
                "Martin Whitlock",
            ),
        ],
    )
    def test_an_honorific_picks_the_namesake_of_its_gender(self, nlp: Language, text: str, expected: str) -> None:
        """Of two people with one surname, "Ms."/"Mr." goes to the one whose first name tells that gender."""
        mentions, _ = tag(nlp, text)
        assert [m.canonical for m in mentions if m.text == "Whitlock"] == [expected]

    @pytest.mark.parametrize(
        ("tag", "common", "joined"),
        [
            ("NN", False, True),  # the tagger read the rare surname as a noun: still the person
            ("NN", True, False),  # the article also writes the word in lower case: a noun
            ("VB", False, False),  # other readings are not names
        ],
    )
    def test_surname_the_tagger_calls_a_noun(self, nlp: Language, tag: str, common: bool, joined: bool) -> None:
        """ "Rathbun requested …" tagged NN after "Mark Rathbun" is a mention of him unless the word is common."""
        words = ["Mark", "Rathbun", "runs", "a", "blog", ".", "Rathbun", "requested", "donations", "."]
        tags = ["NNP", "NNP", "VBZ", "DT", "NN", ".", tag, "VBD", "NNS", "."]
        if common:
            words, tags = [*words, "A", "rathbun", "is", "full", "."], [*tags, "DT", "NN", "VBZ", "JJ", "."]
        doc = Doc(nlp.vocab, words=words, tags=tags, ents=["B-PERSON", "I-PERSON", *["O"] * (len(words) - 2)])
        mentions, _ = tag_entities(doc)
        at = doc[6].idx
        assert [m.canonical for m in mentions if m.start == at] == (["Mark Rathbun"] if joined else [])

    def test_one_word_name_refers_back_to_a_surname_first_name(self, nlp: Language) -> None:
        """ "Kim" after "Kim Jong-Un" is him, not a "Youmi Kim" named later; hyphenated and spaced names merge."""
        text = (
            "North Korean leader Kim Jong Un spoke at the congress. Kim Jong-Un declared his country a nuclear "
            "state. Kim said he would consider normalizing ties.\n\nYoumi Kim in Seoul contributed to this report."
        )
        mentions, ents = tag(nlp, text)
        assert {m.canonical for m in mentions if m.text == "Kim"} == {"Kim Jong Un"}
        assert by_name(ents)["Kim Jong Un"].mentions == 3
        assert by_name(ents)["Youmi Kim"].mentions == 1

    def test_titles_and_possessives_are_trimmed(self, nlp: Language) -> None:
        """Titles, a leading "the" and possessive endings are not part of names."""
        text = (
            "September 3, the White House’s Press Secretary Josh Earnest spoke. Secretary of State John Kerry agreed."
        )
        mentions, ents = tag(nlp, text)
        names = set(by_name(ents))
        assert {"White House", "Josh Earnest", "John Kerry"} <= names
        assert "State" not in names and not any("September" in n for n in names)
        for m in mentions:
            assert text[m.start : m.end] == m.text

    def test_letters_after_a_name_for_an_office_or_honour_are_no_part_of_it(self, nlp: Language) -> None:
        """ "Brennan TD", "Hale MP": a person's name ends before the letters; a generation stays ("Jr")."""
        mentions, _ = tag(nlp, "Niamh Brennan TD said the rents were too high. Mark Hale MP agreed.")
        people = {m.text for m in mentions if m.label == "PERSON"}
        assert not any(name.endswith((" TD", " MP")) for name in people)
        assert any("Brennan" in name for name in people)

    def test_a_person_tagged_as_an_organisation_loses_the_letters_too(self, nlp: Language) -> None:
        """ "Eliza Cormack SC" tagged ORG: named a person by her first name, she loses the "SC" as a person does."""
        text = "Outside court, Mr Haddad's barrister, Eliza Cormack SC, said her client was relieved."
        assert ("Eliza Cormack", "PERSON") in {(m.text, m.label) for m in tag(nlp, text)[0]}

    def test_a_gerund_taking_the_name_as_its_object_is_no_part_of_it(self, nlp: Language) -> None:
        """ "Removing Kenji Watanabe from the board …": the model tags the gerund with the name; a title stays whole."""
        text = '"Removing Kenji Watanabe from the board was a terrible mistake," said Erin Booth.'
        assert ("Kenji Watanabe", "PERSON") in {(m.text, m.label) for m in tag(nlp, text)[0]}
        assert "Kenji Watanabe" not in {
            m.text for m in tag_entities(nlp(text), rules=DEFAULT_RULES - {"leading_verb"})[0]
        }
        title = misread(nlp, '"Finding Nemo was a hit," said Erin Booth.', ("Finding Nemo", "WORK_OF_ART"))
        assert "Finding Nemo" in {m.text for m in tag_entities(title)[0]}
        mid_sentence = "She bought the rights to Raising Arizona from Disney last year."
        assert "Raising Arizona" in {m.text for m in tag(nlp, mid_sentence)[0]}

    def test_a_speech_verb_before_its_subject_and_a_colon_is_no_part_of_the_name(self, nlp: Language) -> None:
        """'Said Herrera: "…"' tagged as one person, Herrera named before: the name is "Herrera"; "Said Jalili
        told …" and a transcript's 'Said Jalili: "…"' (nobody else called Jalili) are names."""
        text = 'Campaign manager Dwight Herrera disputed that account. Said Herrera: "I am not going into it."'
        inverted = misread(nlp, text, ("Dwight Herrera", "PERSON"), ("Said Herrera", "PERSON"))
        assert [m.text for m in tag_entities(inverted)[0]] == ["Dwight Herrera", "Herrera"]
        named = misread(nlp, "Said Jalili told reporters the talks were over.", ("Said Jalili", "PERSON"))
        assert [m.text for m in tag_entities(named)[0]] == ["Said Jalili"]
        transcript = misread(nlp, 'Said Jalili: "We will not give up."', ("Said Jalili", "PERSON"))
        assert [m.text for m in tag_entities(transcript)[0]] == ["Said Jalili"]
        # the surname as a word of its own, not another turn of the transcript nor part of another word
        turns = 'Said Jalili: "We will not give up." Said Jalili: "The talks are over."'
        both = misread(nlp, turns, ("Said Jalili", "PERSON"), ("Said Jalili", "PERSON"))
        assert [m.text for m in tag_entities(both)[0]] == ["Said Jalili", "Said Jalili"]
        leeds = misread(
            nlp, 'Officials met in Leeds. Said Lee: "We are proud."', ("Leeds", "GPE"), ("Said Lee", "PERSON")
        )
        assert [m.text for m in tag_entities(leeds)[0]] == ["Leeds", "Said Lee"]

    def test_a_gerund_and_an_adjective_of_its_object_are_no_name(self, nlp: Language) -> None:
        """ "Waving Venezuelan flags, …": the model tags the gerund and the adjective of its object a person."""
        text = "Waving Venezuelan flags, tens of thousands of demonstrators marched on Saturday."
        doc = misread(nlp, text, ("Waving Venezuelan", "PERSON"))
        assert not [m.text for m in tag_entities(doc)[0] if m.label == "PERSON"]
        assert [m.text for m in tag_entities(doc, rules=DEFAULT_RULES - {"leading_verb"})[0]] == ["Waving Venezuelan"]

    def test_trimming_never_cuts_a_hyphenated_word(self, nlp: Language) -> None:
        """The "in" of "Moon Jae-in" is part of a written word, not a particle ending the name."""
        text = "Moon Jae-in met Kim Jong-un in Panmunjom, said Lee Hae-chan, a senior adviser."
        names = {m.text for m in tag(nlp, text)[0]}
        assert {"Moon Jae-in", "Kim Jong-un", "Lee Hae-chan"} <= names
        cut = DEFAULT_RULES - {"whole_words", "hyphenated_names"}  # either keeps the word whole
        assert "Moon Jae-in" not in {m.text for m in tag_entities(nlp(text), rules=cut)[0]}

    def test_a_name_cut_at_a_hyphen_takes_the_rest_of_its_word(self, nlp: Language) -> None:
        """Romanised given names join syllables with a hyphen: the model's cut at it is no name boundary,
        and "Surname Given-name" is a person whatever it was tagged; "CBS-operated" stays a compound."""
        text = (
            "Veteran lawmaker Wong Kwok-hing of the FTU lost his seat. Another expert, Bong Young-shik from "
            "the Asan Institute in Seoul, doubts the pledge. The CBS-operated channel and a Hong Kong-based "
            "firm covered the vote on the Trump-era tariffs."
        )
        mentions = tag(nlp, text)[0]
        found = {m.text: m.label for m in mentions}
        assert found.get("Wong Kwok-hing") == "PERSON"
        assert found.get("Bong Young-shik") == "PERSON"
        assert "CBS" in found and "Hong Kong" in found
        assert not any(m.text.endswith(("-operated", "-based", "-era")) for m in mentions)
        without = {(m.text, m.label) for m in tag_entities(nlp(text), rules=DEFAULT_RULES - {"hyphenated_names"})[0]}
        assert ("Bong Young-shik", "PERSON") not in without
        # tagged whole as an organisation, the romanised name is a person too
        whole = misread(nlp, text, ("Bong Young-shik", "ORG"))
        assert {m.text: m.label for m in tag_entities(whole)[0]}["Bong Young-shik"] == "PERSON"

    def test_a_name_the_parse_hangs_on_a_noun_after_a_comma_takes_the_rest_of_its_word(self, nlp: Language) -> None:
        """ "Professor Ryoo Kihl-jae, dean of …": "jae" parsed as a modifier of "dean" is still the name's."""
        text = (
            "There have been delays in moving the money.\n\nProfessor Ryoo Kihl-jae, dean of Seoul's Kyungnam "
            "University, says the atmosphere in South Korea will not allow it."
        )
        doc = misread(nlp, text, ("Ryoo Kihl", "PERSON"))
        assert next(t for t in doc if t.text == "jae").dep_ == "nmod", "the parse reads it otherwise: pick another"
        assert [m.text for m in tag_entities(doc)[0]] == ["Ryoo Kihl-jae"]

    def test_a_double_barrelled_surname_is_one_name(self, nlp: Language) -> None:
        """ "Marisol Ocampo" + "-Reyes": the capitalised word after the hyphen is the surname's."""
        text = "“Focus on the water.” — National Hurricane Center Director Marisol Ocampo-Reyes"
        doc = misread(nlp, text, ("National Hurricane Center", "ORG"), ("Marisol Ocampo", "PERSON"))
        assert {m.text: m.label for m in tag_entities(doc)[0]}.get("Marisol Ocampo-Reyes") == "PERSON"
        without = {m.text for m in tag_entities(doc, rules=DEFAULT_RULES - {"hyphenated_names"})[0]}
        assert "Marisol Ocampo" in without

    def test_a_double_barrelled_surname_the_model_missed_is_one_name_too(self, nlp: Language) -> None:
        """An untagged name ("Alistair Penrose" + "-Dunn", found by its first name) keeps its whole surname."""
        doc = misread(nlp, "Prosecuting, Alistair Penrose-Dunn said the carer had been employed by the family.")
        assert "Alistair Penrose-Dunn" in {m.text for m in tag_entities(doc)[0]}
        without = {m.text for m in tag_entities(doc, rules=DEFAULT_RULES - {"hyphenated_names"})[0]}
        assert "Alistair Penrose" in without

    def test_one_person_under_a_suffix_and_a_short_first_name(self, nlp: Language) -> None:
        """ "Patrick Carlineo Jr.", "Pat Carlineo", "Patrick W. Carlineo" and "Carlineo" are one man: a
        generational suffix is no surname, and "Pat" is "Patrick" shortened."""
        text = (
            "Patrick Carlineo Jr., 55, pleaded guilty on Monday. His lawyer said Pat Carlineo regrets the call. "
            "Carlineo will be sentenced in February. The judge read a letter about Patrick W. Carlineo."
        )
        mentions = tag(nlp, text)[0]
        assert {m.canonical for m in mentions if "Carlineo" in m.text} == {"Patrick Carlineo Jr."}

    def test_a_name_starts_with_a_capital(self, nlp: Language) -> None:
        """A lower-case word the model put in front of a name is the sentence around it."""
        text = "Dempsey picked up the phone and rang Taylor. The Blue Jackets called up rookie Emil Bemstrom."
        names = {m.text for m in tag(nlp, text)[0]}
        assert "Taylor" in names and "rang Taylor" not in names
        assert "rookie Emil Bemstrom" not in names

    def test_spouses_and_compounds_stay_apart(self, nlp: Language) -> None:
        """ "Alex Smith" and "Alexandra Smith" are two people; "Clinton-haters" is no name."""
        mentions = tag(nlp, "Alex Smith and his wife, Alexandra Smith, said they would sell the farm.")[0]
        assert {m.canonical for m in mentions if "Smith" in m.text} == {"Alex Smith", "Alexandra Smith"}
        names = {m.text for m in tag(nlp, "Hillary Clinton-haters gathered outside the hall on Monday.")[0]}
        assert "Hillary Clinton-haters" not in names

    def test_aliases_resolve_through_table(self, nlp: Language) -> None:
        """Curated aliases merge (US/USA/U.S. -> United States, ISIL -> ISIS)."""
        text = (
            "The United States fights ISIS in Syria. The US leads a coalition against ISIL, "
            "and the USA says U.S. forces will stay."
        )
        mentions, ents = tag(nlp, text)
        canon = {m.text: m.canonical for m in mentions}
        assert canon.get("US") == canon.get("USA") == "United States"
        assert canon.get("ISIL") == "ISIS"

    def test_acronym_joins_long_name(self, nlp: Language) -> None:
        """An acronym joins the multi-word organisation it abbreviates."""
        _, ents = tag(nlp, "The Federal Emergency Management Agency sent help. FEMA said more would come.")
        fema = by_name(ents)["Federal Emergency Management Agency"]
        assert fema.mentions == 2 and "FEMA" in fema.aliases

    def test_numeric_types_are_dropped(self, nlp: Language) -> None:
        """Dates, money and numbers are not entities."""
        mentions, _ = tag(nlp, "On Monday, 3 September 2015, Apple paid $5 million for 20 percent of Shazam.")
        assert {m.label for m in mentions} <= {"ORG", "PERSON", "GPE"}

    def test_all_caps_line_keeps_only_known_names(self, nlp: Language) -> None:
        """On an ALL-CAPS line only names known from the body are kept, and they are found."""
        text = "BIDEN CLAIMS VICTORY OVER SANDERS\nJoe Biden won the primary against Bernie Sanders on Saturday."
        mentions, _ = tag(nlp, text)
        headline = [(m.text, m.canonical, m.label) for m in mentions if m.end <= text.index("\n")]
        assert headline == [("BIDEN", "Joe Biden", "PERSON"), ("SANDERS", "Bernie Sanders", "PERSON")]

    def test_a_name_known_only_in_capitals_is_displayed_title_cased(self, nlp: Language) -> None:
        """A transcript label ("BARACK OBAMA:") is the only full name: the person is "Barack Obama"; NATO stays."""
        text = (
            "This week, President Obama spoke to Congress.\n\n"
            'BARACK OBAMA: "Tonight I want to speak about how we move forward."\n\n'
            "The NATO summit opens in Brussels."
        )
        _, ents = tag(nlp, text)
        names = {e.name for e in ents}
        assert "Barack Obama" in names and "NATO" in names
        assert "BARACK OBAMA" not in names

    def test_salience_is_a_share(self, nlp: Language) -> None:
        """Saliences are in [0, 1], sum to at most 1, and the most-mentioned lead entity ranks first."""
        text = "Angela Merkel met Emmanuel Macron in Paris. Merkel said Germany agrees. Merkel left."
        _, ents = tag(nlp, text)
        assert all(0.0 <= e.salience <= 1.0 for e in ents)
        assert sum(e.salience for e in ents) <= 1.0001
        assert max(ents, key=lambda e: e.salience).name == "Angela Merkel"

    def test_empty_doc(self, nlp: Language) -> None:
        """A text without entities gives no mentions and no entities."""
        assert tag(nlp, "nothing to see here.") == ((), ())


class TestRunawaySpans:
    def test_a_span_longer_than_any_name_is_no_entity(self, nlp: Language) -> None:
        """ "A. A. A. …" × 100,000 came back as one 300,000-character person whose key PostgreSQL could not index."""
        text = "A. " * 3_000 + "\n\nThe council voted. Mayor Ann Carter said the works would start."
        ctx = StageContext(now=datetime(2026, 1, 1, tzinfo=UTC), nlp=nlp, fallback_language="en")
        article = clean_article(Incoming(RawArticle(url="https://example.com/a", text=text)), None, ctx)
        [doc] = parse_articles([article], ctx)
        staged = tag_article(article, doc, ctx).staged
        assert "Ann Carter" in {m.text for m in staged.entities}
        assert max(len(m.text) for m in staged.entities) <= NAME_MAX_CHARS
        assert max(len(c.key) for c in staged.canonical_entities) <= NAME_MAX_CHARS + len("person:")


class TestEntityKey:
    def test_key_is_ascii_slug(self) -> None:
        """Keys are the lower-case label and an ASCII slug of the name."""
        assert entity_key("PERSON", "Sergey Lavrov") == "person:sergey_lavrov"
        assert entity_key("ORG", "Société Générale") == "org:societe_generale"

    def test_key_of_non_latin_name_is_not_empty(self) -> None:
        """Names without Latin letters keep a usable key."""
        assert entity_key("PERSON", "Владимир Путин") == "person:владимир_путин"


class TestCapsRetagging:
    TEXT = "KREMLIN SAYS PUTIN WILL MEET MERKEL IN PARIS\nThe talks are set for Monday, and officials will meet again."

    def test_default_keeps_only_known_names_on_caps_lines(self, nlp: Language) -> None:
        """Without ``nlp``, names on an ALL-CAPS line that the body never gives are dropped."""
        mentions, _ = tag(nlp, self.TEXT)
        assert not [m for m in mentions if m.end <= self.TEXT.index("\n")]

    def test_caps_line_is_retagged_with_offsets_into_the_original(self, nlp: Language) -> None:
        """With ``nlp``, a title-cased copy of the line is tagged and mapped back to the original offsets."""
        mentions, ents = tag_entities(nlp(self.TEXT), nlp)
        head = {(m.text, m.label) for m in mentions if m.end <= self.TEXT.index("\n")}
        assert {("PUTIN", "PERSON"), ("MERKEL", "PERSON"), ("PARIS", "GPE")} <= head
        assert all(self.TEXT[m.start : m.end] == m.text for m in mentions)
        assert "Paris" in by_name(ents)

    def test_retagging_leaves_mixed_case_text_alone(self, nlp: Language) -> None:
        """A text without ALL-CAPS lines gives the same result with or without ``nlp``."""
        text = "Angela Merkel met Emmanuel Macron in Paris. Merkel said Germany agrees."
        doc = nlp(text)
        assert tag_entities(doc, nlp) == tag_entities(doc)


class TestOrganisationNames:
    def test_person_label_with_company_word_becomes_org(self, nlp: Language) -> None:
        """A "person" whose last word is a company word ("Productions") is an organisation."""
        _, ents = tag(nlp, "The company that runs the AMAs, Dick Clark Productions, denies that anything was sorted.")
        assert by_name(ents)["Dick Clark Productions"].label == "ORG"
        _, ents = tag(nlp, "The council approved the plan. The developer, Harrow Homes, said work would begin soon.")
        assert by_name(ents)["Harrow Homes"].label == "ORG"  # "Homes", "Motors", "Foods": company words too


class TestCrossArticleKeys:
    def test_lone_surname_of_well_known_person_shares_the_full_name_key(self, nlp: Language) -> None:
        """An article saying only "Putin" keys and names him as one saying "Vladimir Putin"."""
        _, short = tag(nlp, "Putin said on Monday that Russia would respond.")
        _, full = tag(nlp, "Vladimir Putin said on Monday that Russia would respond.")
        p_short = next(e for e in short if e.label == "PERSON")
        p_full = next(e for e in full if e.label == "PERSON")
        assert p_short.key == p_full.key == "person:vladimir_putin"
        assert p_short.name == "Vladimir Putin"

    def test_unknown_or_common_surnames_keep_their_own_key(self) -> None:
        """Surnames outside the curated table (or shared by many people) are never merged by key."""
        assert entity_key("PERSON", "Opelka") == "person:opelka"
        assert entity_key("PERSON", "Johnson") == "person:johnson"
        assert entity_key("PERSON", "Boris Johnson") == "person:boris_johnson"
        assert entity_key("ORG", "Putin") == "org:putin"


class TestOneEntityPerKey:
    def test_curated_alias_and_full_name_share_one_canonical_entity(self, nlp: Language) -> None:
        """A surname and the full name that a curated key joins become one entity, not two rows with one key."""
        doc = nlp(
            "Morrison listened in on President Trump's July 25 call with Ukrainian President Volodymyr Zelensky. "
            "He said he was not concerned. Volker said: I was not on the July 25 phone call between President "
            "Trump and President Zelenskyy."
        )
        mentions, entities = tag_entities(doc)
        keys = [e.key for e in entities]
        assert len(keys) == len(set(keys))
        [person] = [e for e in entities if e.key == "person:volodymyr_zelensky"]
        assert person.name == "Volodymyr Zelensky" and person.mentions == 2
        assert {m.canonical for m in mentions if m.key == person.key} == {"Volodymyr Zelensky"}

    @pytest.mark.parametrize(
        ("text", "later", "person"),
        [
            ("Deputy Public Prosecutor Charmaine Lau said the accused had lied. DPP Lau told the court he should "
             "be jailed.", "DPP Lau", "Charmaine Lau"),
            ("Assistant Superintendent of Police Rajan Pillai led the raid. ASP Pillai said six men were held.",
             "ASP Pillai", "Rajan Pillai"),
        ],
    )  # fmt: skip
    def test_an_abbreviated_title_before_a_surname_is_the_person_named_before(
        self, nlp: Language, text: str, later: str, person: str
    ) -> None:
        mentions, _ = tag_entities(misread(nlp, text, (person, "PERSON"), (later, "PERSON")))
        assert {m.text: m.canonical for m in mentions if m.label == "PERSON"}.get(later) == person

    @pytest.mark.parametrize(
        "text",
        [
            "Charmaine Lau said the accused had lied. DPP Tan told the court he should.",
            # the capitals are not the initials of her title: another Lim holds that office
            "Defence lawyer Rachel Lim said her client was remorseful. DPP Lim told the court that ten years was right.",
        ],
    )
    def test_capitals_before_another_surname_or_another_title_are_somebody_else(self, nlp: Language, text: str) -> None:
        mentions, _ = tag_entities(nlp(text))
        assert len({m.key for m in mentions if m.label == "PERSON"}) == 2

    def test_each_full_name_is_compared_with_the_names_sharing_its_surname(
        self, nlp: Language, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """300 people of 300 surnames: no full name is compared with every one before it (90,000 pairs took seconds).

        Only a name with the same last part can be the same person ("Kim Jong Un", "Pat Carlineo"), or
        one whose surname follows capitals ("DPP Lau"): the names before are looked up by both.
        """
        from pipeline import entities

        calls = counting(monkeypatch, entities, "_same_person")
        names = [f"Maria {unique_surname(k)}" for k in range(300)]
        text = f"Those attending included {', '.join(names)}. Later Maria {unique_surname(7)} spoke, and so did Ana {unique_surname(9)}."
        mentions, _ = tag_entities(nlp(text))
        people = {m.text: m.key for m in mentions if m.label == "PERSON"}
        assert len(set(people.values())) >= 290  # the tagger misses a few made-up names
        assert calls[0] <= len(names), calls
        assert people[f"Maria {unique_surname(7)}"] == people.get(names[7]) is not None


def line_entities(nlp: Language, text: str) -> set[tuple[str, str]]:
    """The (text, label) of the entities the pipeline's tagging gives ``text`` (with ``nlp`` for re-tagging)."""
    mentions, _ = tag_entities(nlp(text), nlp)
    return {(m.text, m.label) for m in mentions}


class TestLinesOfNames:
    """Results tables, score lines and lists are made of names: the line rules keep them."""

    def test_results_table_row_keeps_the_athlete_and_country(self, nlp: Language) -> None:
        """A results-table row ("3. Name ( Country ) time") keeps its person and its country."""
        assert {("Elena Vasquez", "PERSON"), ("Spain", "GPE")} <= line_entities(
            nlp, "3. Elena Vasquez ( Spain ) 2:01.45"
        )

    def test_first_name_that_is_also_a_verb_stays_in_the_name(self, nlp: Language) -> None:
        """A results row naming "Will Smith" keeps him: "will" is a first name there, not a verb."""
        assert ("Will Smith", "PERSON") in line_entities(nlp, "1. Will Smith ( United States ) 9.98")

    def test_score_line_keeps_both_players_and_countries(self, nlp: Language) -> None:
        """A tennis score line keeps both players and both countries."""
        text = "Anna Kowalska ( Poland ) beat Maria Lopez ( Argentina ) 6-4 3-6 6-2"
        expected = {("Anna Kowalska", "PERSON"), ("Poland", "GPE"), ("Maria Lopez", "PERSON"), ("Argentina", "GPE")}
        assert expected <= line_entities(nlp, text)

    def test_a_score_after_a_name_is_not_part_of_it(self, nlp: Language) -> None:
        """A score the model runs into a name ("Ajax Amsterdam 2") is trimmed off."""
        text = "Ajax Amsterdam 2 Feyenoord Rotterdam 1"
        doc = misread(nlp, text, ("Ajax Amsterdam 2", "ORG"), ("Feyenoord Rotterdam 1", "ORG"))
        found = {(m.text, m.label) for m in tag_entities(doc, nlp)[0]}
        assert any(text == "Ajax Amsterdam" for text, _ in found)
        assert not any(text[-1].isdigit() for text, _ in found)

    def test_list_of_names_keeps_every_name(self, nlp: Language) -> None:
        """A list of people keeps every name, and no name ends in "and"."""
        text = "Squad : James Carter , Michael O'Neill , Peter Walsh , Tom Hughes ."
        names = {"James Carter", "Michael O'Neill", "Peter Walsh", "Tom Hughes"}
        assert {(n, "PERSON") for n in names} <= line_entities(nlp, text)
        listed = line_entities(nlp, "Candidates : Helen Ward , Marcus Reed and Sofia Petrova .")
        assert "Marcus Reed" in {t for t, _ in listed} and not any(t.endswith(" and") for t, _ in listed)

    def test_spaced_dash_separates_two_names(self, nlp: Language) -> None:
        """ "Chiang Mai - Bangkok" is two names, not one."""
        assert {"Chiang Mai", "Bangkok"} <= {t for t, _ in line_entities(nlp, "Chiang Mai - Bangkok")}


class TestHeadlineLines:
    def test_all_caps_headline_name_stops_at_the_verb(self, nlp: Language) -> None:
        """On an ALL-CAPS headline the organisation ends before the verb, and the country is found."""
        found = line_entities(nlp, "UNITED NATIONS CALLS FOR CEASEFIRE IN SUDAN .")
        assert {("UNITED NATIONS", "ORG"), ("SUDAN", "GPE")} <= found
        assert not any("CALLS" in t for t, _ in found)

    def test_all_caps_headline_finds_names_the_model_knows_in_lower_case(self, nlp: Language) -> None:
        """A country the model misses in capitals and title case is found on a lower-cased reading of the line."""
        assert ("CHINA", "GPE") in line_entities(nlp, "CHINA SAYS TRADE SURPLUS NARROWED IN MARCH .")

    def test_all_caps_wire_slug_is_not_a_name(self, nlp: Language) -> None:
        """The topic slug before a spaced dash ("TENNIS - ...") is no entity; the place after it is."""
        found = line_entities(nlp, "TENNIS - NADAL ADVANCES IN MADRID .")
        assert ("MADRID", "GPE") in found and not any("TENNIS" in t for t, _ in found)

    def test_title_case_one_line_headline_keeps_its_names(self, nlp: Language) -> None:
        """A Title Case headline sent alone keeps the names the model finds: nothing contradicts them."""
        assert {("Toyota", "ORG"), ("Kentucky", "GPE")} <= line_entities(nlp, "Toyota to Build Plant in Kentucky")

    def test_headline_name_made_of_common_words_gives_way_to_the_known_name(self, nlp: Language) -> None:
        """On a headline line, a "name" running into words the article writes in lower case is replaced by the known name."""
        text = "Senate Backs Health Care Bill in Washington\nThe health care bill passed the Senate on Friday."
        mentions, _ = tag_entities(nlp(text), nlp)
        head = {(m.text, m.label) for m in mentions if m.end <= text.index("\n")}
        assert head == {("Senate", "ORG"), ("Washington", "GPE")}

    def test_capitalised_the_inside_a_sentence_belongs_to_the_name(self, nlp: Language) -> None:
        """ "The" capitalised inside a sentence is part of a name; at the start of one it is trimmed."""
        assert ("The Sunday Times", "ORG") in line_entities(nlp, "He writes a column for The Sunday Times in London .")
        assert ("European Commission", "ORG") in line_entities(nlp, "The European Commission said on Thursday .")


class TestOneLineItems:
    """A single sentence or headline sent as a whole article, through the stages ``newsflow enrich`` runs."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Toyota to Build Plant in Kentucky", {("Toyota", "ORG"), ("Kentucky", "GPE")}),
            ("3. Elena Vasquez ( Spain ) 2:01.45", {("Elena Vasquez", "PERSON"), ("Spain", "GPE")}),
            ("Shares in Volkswagen fell 3 percent in Frankfurt .", {("Volkswagen", "ORG"), ("Frankfurt", "GPE")}),
        ],
    )
    def test_one_line_item_gets_its_entities(self, nlp: Language, text: str, expected: set[tuple[str, str]]) -> None:
        """A one-line item, cleaned, parsed and tagged as the workers do, keeps the names bare spaCy finds."""
        ctx = StageContext(now=datetime(2026, 1, 1, tzinfo=UTC), nlp=nlp, fallback_language="en")
        article = clean_article(Incoming(RawArticle(url="https://example.com/a", text=text)), None, ctx)
        assert article.text == text
        [doc] = parse_articles([article], ctx)
        mentions = tag_article(article, doc, ctx).staged.entities
        assert expected <= {(m.text, m.label) for m in mentions}


class TestTitles:
    """The title is a field of its own: its names are tagged as the line above the body."""

    @staticmethod
    def title_mentions(nlp: Language, title: str, body: str) -> list[tuple[str, str, str]]:
        doc = nlp(body)
        mentions, _ = tag_entities(doc, nlp)
        tagged = tag_title(parse_title(nlp, title), doc, mentions, nlp)
        assert all(title[m.start : m.end] == m.text for m in tagged)  # offsets point into the title
        return [(m.text, m.label, m.key) for m in tagged]

    def test_a_one_word_title_name_the_body_uses_for_a_person_is_that_person(self, nlp: Language) -> None:
        """ "Scholz says …" read as an organisation: the body's "Scholz" is Olaf Scholz, and so is the title's."""
        title = misread(nlp, "Scholz says the talks are over\n\n", ("Scholz", "ORG"))
        body = misread(
            nlp,
            "Chancellor Olaf Scholz spoke on Monday. Scholz told reporters the talks were over.",
            ("Olaf Scholz", "PERSON"),
            ("Scholz", "PERSON"),
        )
        tagged = tag_title(title, body, tag_entities(body)[0])
        assert [(m.text, m.label, m.key) for m in tagged] == [("Scholz", "PERSON", "person:olaf_scholz")]

    def test_a_title_name_the_body_uses_for_something_else_too_stays_as_read(self, nlp: Language) -> None:
        """The body's "Jordan" is a country as well as the player: the title's is left to its own reading."""
        title = misread(nlp, "Jordan closes border\n\n", ("Jordan", "ORG"))
        body = misread(
            nlp,
            "Jordan closed its border on Monday. Michael Jordan said Jordan was safe.",
            ("Jordan", "GPE"),
            ("Michael Jordan", "PERSON"),
            ("Jordan", "GPE"),
        )
        tagged = tag_title(title, body, tag_entities(body)[0])
        assert [m.label for m in tagged] != ["PERSON"]

    def test_title_names_link_to_the_body_entities(self, nlp: Language) -> None:
        """A surname in the title takes the key of the person the body names in full."""
        got = self.title_mentions(
            nlp, "Obama meets Merkel in Berlin", "Barack Obama and the German chancellor discussed trade on Monday."
        )
        assert got == [
            ("Obama", "PERSON", "person:barack_obama"),
            ("Merkel", "PERSON", "person:angela_merkel"),
            ("Berlin", "GPE", "gpe:berlin"),
        ]

    def test_the_body_keeps_its_own_key_for_a_shared_entity(self, nlp: Language) -> None:
        """Where the joined reading would name an entity otherwise, the title follows the body's key."""
        body = "Chuck Schumer said the health bill would pass. The vote was 51 to 49."
        doc = nlp(body)
        mentions, _ = tag_entities(doc, nlp)
        body_keys = {m.key for m in mentions}
        got = self.title_mentions(nlp, "SENATE BACKS HEALTH CARE BILL, SAYS SCHUMER", body)
        assert ("SCHUMER", "PERSON", "person:chuck_schumer") in got and "person:chuck_schumer" in body_keys
        assert not any(text in {"HEALTH CARE BILL", "BACKS"} for text, _, _ in got)

    def test_no_title_names_and_an_empty_body(self, nlp: Language) -> None:
        assert self.title_mentions(nlp, "Markets close higher on Friday", "Stocks rose.") == []
        assert self.title_mentions(nlp, "Toyota to Build Plant in Kentucky", "") == [
            ("Toyota", "ORG", "org:toyota"),
            ("Kentucky", "GPE", "gpe:kentucky"),
        ]

    def test_the_stage_tags_the_title(self, nlp: Language) -> None:
        """``tag_article`` fills ``title_entities``; the body's entities do not change."""
        ctx = StageContext(now=datetime(2026, 1, 1, tzinfo=UTC), nlp=nlp, fallback_language="en")
        raw = RawArticle(
            url="https://example.com/b",
            title="Putin warns West over Ukraine",
            text="The Kremlin said on Monday that talks with Vladimir Putin's envoys had stalled in Geneva.",
        )
        article = clean_article(Incoming(raw), None, ctx)
        [doc] = parse_articles([article], ctx)
        staged = tag_article(article, doc, ctx).staged
        assert staged.entities == tag_entities(doc, nlp)[0]
        assert ("Putin", "person:vladimir_putin") in {(m.text, m.key) for m in staged.title_entities}
        assert ("Ukraine", "gpe:ukraine") in {(m.text, m.key) for m in staged.title_entities}

    def test_an_oversized_extracted_title_is_not_tagged(self, nlp: Language) -> None:
        """A page's <title> far past the scraper limit (and spaCy's max_length) leaves the title untagged."""
        ctx = StageContext(now=datetime(2026, 1, 1, tzinfo=UTC), nlp=nlp, fallback_language="en")
        article = clean_article(
            Incoming(RawArticle(url="https://example.com/c", text="Angela Merkel spoke in Berlin on Monday.")),
            None,
            ctx,
        ).model_copy(update={"title": "Merkel " * 200_000})
        [doc] = parse_articles([article], ctx)
        staged = tag_article(article, doc, ctx).staged
        assert staged.title_entities == () and staged.entities


class TestRules:
    def test_rules_can_be_switched_off_one_by_one(self, nlp: Language) -> None:
        """Without "trim" a leading "the" stays in the name; with every rule it goes."""
        doc = nlp("The European Commission said on Thursday it would act.")
        assert {m.text for m in tag_entities(doc, rules=DEFAULT_RULES - {"trim"})[0]} == {"The European Commission"}
        assert {m.text for m in tag_entities(doc)[0]} == {"European Commission"}
        assert set(ENTITY_RULES) == DEFAULT_RULES

    def test_unknown_rule_is_refused(self, nlp: Language) -> None:
        """A rule name that does not exist raises ValueError instead of being ignored."""
        with pytest.raises(ValueError, match="unknown entity rules"):
            tag_entities(nlp("Paris."), rules={"no_such_rule"})


class TestCommonWords:
    """Capitals and lower case as the article itself uses them."""

    @pytest.mark.parametrize(
        ("text", "word"),
        [
            (
                "The car can adjust its height by three inches.\n\nRange and Charging\n\n"
                "The e-tron should deliver around 215 miles on a charge, a range that beats its rivals.",
                "Range",
            ),
            ("Time is not on the mayor's side. He has little time left before the vote.", "Time"),
            (
                "Televised debates are a relatively new phenomenon in British elections. "
                "The first televised debate took place in 2010.",
                "Televised",
            ),
        ],
    )
    def test_a_word_capitalised_only_where_every_word_is_and_written_lower_elsewhere_is_no_name(
        self, nlp: Language, text: str, word: str
    ) -> None:
        """A capital at a sentence or line start says nothing; "a range", "little time" say it is a word."""
        doc = misread(nlp, text, (word, "ORG"))
        assert word in {m.text for m in tag_entities(doc, rules=DEFAULT_RULES - {"common_words"})[0]}
        assert word not in {m.text for m in tag_entities(doc)[0]}

    def test_a_well_known_surname_is_never_a_common_word(self, nlp: Language) -> None:
        """ "Trump said …" then "his last trump card": the curated table says "Trump" is the person."""
        entities = tag(nlp, "Trump said the deal was dead. Critics said he had played his last trump card.")[1]
        assert [e.key for e in entities] == ["person:donald_trump"]

    def test_a_name_used_mid_sentence_stays_even_if_also_a_word(self, nlp: Language) -> None:
        """ "Time" opens a sentence, but "Time magazine" mid-sentence shows it is a name."""
        text = "Time is not on the mayor's side, wrote Time on Monday. He has little time left before the vote."
        assert "Time" in {m.text for m in tag_entities(nlp(text))[0]}

    @pytest.mark.parametrize(
        ("text", "word"),
        [
            ("Police said the man had been selling meth near the school.", "meth"),
            ("Many clinicians say the drug works.", "clinicians"),
            ("Spray the pan with nonstick spray, then add the cheese.", "nonstick"),
        ],
    )
    def test_a_lower_case_name_is_no_name(self, nlp: Language, text: str, word: str) -> None:
        """English writes names with a capital: the model's lower-case "names" are common words."""
        doc = misread(nlp, text, (word, "PERSON"))
        assert tag_entities(doc, rules=DEFAULT_RULES - {"lowercase"})[0]
        assert tag_entities(doc)[0] == ()


class TestFirstNames:
    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Seventh seed Diego Schwartzman was knocked out by Marcel Granollers on Monday.", "Marcel Granollers"),
            ("The club signed Brad Marchand and two other forwards last year.", "Brad Marchand"),
            ("The report was written by Penelope Muse Abernathy of the university.", "Penelope Muse Abernathy"),
        ],
    )
    def test_a_name_that_starts_with_a_first_name_is_a_person(self, nlp: Language, text: str, name: str) -> None:
        """Whatever the model calls it, "Marcel Granollers" has the form of a person's name."""
        doc = misread(nlp, text, (name, "ORG"))
        before = {m.text: m.label for m in tag_entities(doc, rules=DEFAULT_RULES - {"first_names"})[0]}
        assert before.get(name) == "ORG"
        assert {m.text: m.label for m in tag_entities(doc)[0]}[name] == "PERSON"

    @pytest.mark.parametrize(
        "text",
        [
            "The band Joy Division released its first album in 1979.",
            "Members of the John Birch Society met.",
            "Madison Square Garden was full on Friday.",
        ],
    )
    def test_a_thing_named_after_someone_keeps_its_label(self, nlp: Language, text: str) -> None:
        """English names end in their head noun: "Joy Division" is a band, "John Birch Society" a society."""
        assert all(m.label != "PERSON" for m in tag_entities(nlp(text))[0])

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Ms Ogunleye-Hart, who represents Caddington North, said the number had surprised her.",
             "Ogunleye-Hart"),
        ],
    )  # fmt: skip
    def test_a_name_after_an_honorific_is_a_person(self, nlp: Language, text: str, name: str) -> None:
        """ "Ms" and "Mr" title people only, whatever the model calls the name after them."""
        doc = misread(nlp, text, (name, "ORG"))
        before = {m.label for m in tag_entities(doc, rules=DEFAULT_RULES - {"honorifics"})[0] if name in m.text}
        assert before == {"ORG"}
        assert {m.text: m.label for m in tag_entities(doc)[0]}[name] == "PERSON"

    @pytest.mark.parametrize(
        "reading",
        [
            (("Ojochenemi", "PERSON"),),  # cut short
            (("Ojochenemi", "GPE"), ("Adaji", "PERSON")),  # in pieces
            (("Adaji", "PERSON"),),  # the first name left out
        ],
    )
    def test_a_name_after_an_honorific_is_one_name_however_the_model_cut_it(
        self, nlp: Language, reading: tuple[tuple[str, str], ...]
    ) -> None:
        """An honorific titles one name, written whole; the capitalised words around the model's piece go with it."""
        doc = misread(nlp, "A farmer, Mr Ojochenemi Adaji, lamented that his farm had been washed away.", *reading)
        names = [(m.text, m.label) for m in tag_entities(doc)[0]]
        assert names == [("Ojochenemi Adaji", "PERSON")]

    @pytest.mark.parametrize(
        ("text", "name", "rule"),
        [
            ("A farmer in Ibaji, Mr Ojochenemi Adaji, lamented that his farm had been washed away.",
             "Ojochenemi Adaji", "honorifics"),
            ("For Darfield mother-of-three Karen Kimber, who relies on a bore, the news was unsettling.",
             "Karen Kimber", "first_names"),
            ("Foreign ministry spokesperson Marites Villaraza told reporters the ship had left.",
             "Marites Villaraza", "honorifics"),
        ],
    )  # fmt: skip
    def test_a_name_the_model_missed_after_an_honorific_or_a_first_name_is_found(
        self, nlp: Language, text: str, name: str, rule: str
    ) -> None:
        """An honorific, a lower-case title or a known first name opens a name the model did not tag."""
        doc = misread(nlp, text)  # the model missed the name
        assert name not in [m.text for m in tag_entities(doc, rules=DEFAULT_RULES - {rule})[0]]
        assert (name, "PERSON") in [(m.text, m.label) for m in tag_entities(doc)[0]]

    @pytest.mark.parametrize(
        ("text", "tagged", "name"),
        [
            ("The gang fled, according to KwaZulu-Natal police spokesperson Brigadier Thembeka Ngcobo.",
             "Thembeka Ngcobo", "Thembeka Ngcobo"),
            # the title inside the name the model found
            ("The gang fled, according to KwaZulu-Natal police spokesperson Brigadier Thembeka Ngcobo.",
             "Brigadier Thembeka Ngcobo", "Thembeka Ngcobo"),
            ("Prof Aaron Feldman described it as a well-conducted study.", "Prof Aaron Feldman", "Aaron Feldman"),
            ("Madam Efua Ansah-Mensah said the market would reopen.", "Madam Efua Ansah-Mensah",
             "Efua Ansah-Mensah"),
            ("Major General Ines Kowal said the convoy had left.", "Major General Ines Kowal", "Ines Kowal"),
        ],
    )  # fmt: skip
    def test_a_title_before_a_tagged_name_is_no_name(self, nlp: Language, text: str, tagged: str, name: str) -> None:
        """ "spokesperson Brigadier Thembeka Ngcobo": "Brigadier" titles the name, in or out of the model's span."""
        people = [m.text for m in tag_entities(misread(nlp, text, (tagged, "PERSON")))[0] if m.label == "PERSON"]
        assert people == [name]

    @pytest.mark.parametrize(
        "text",
        [
            "The Miss World contest was held in London.",
            "Logitech's MX Keys keyboard is on sale.",
            "October 10 – Houston, TX @ The Cynthia Woods Mitchell Pavilion",
            "“Thank you, Mr President,” said the senator.",
        ],
    )
    def test_what_looks_like_an_honorific_keeps_its_label(self, nlp: Language, text: str) -> None:
        """ "Miss" opens pageants, "MX" in capitals is no "Mx", and a first name may open a venue's name."""
        assert all(m.label != "PERSON" for m in tag_entities(nlp(text))[0])

    @pytest.mark.parametrize("first", ["Dolores", "Agnes"])
    def test_a_first_name_left_out_of_a_name_joins_it(self, nlp: Language, first: str) -> None:
        """ "Attorney General Dolores [Reyes-Brandt]" (tagged ORG; "Agnes …" PERSON): the first name is the name's."""
        text = f"He accused his Democratic opponent, Attorney General {first} Reyes-Brandt, of lying. Reyes-Brandt denied it."
        doc = misread(nlp, text, ("Democratic", "NORP"), ("Reyes-Brandt", "ORG"), ("Reyes-Brandt", "PERSON"))
        before = [m.text for m in tag_entities(doc, rules=DEFAULT_RULES - {"first_names"})[0]]
        assert before == ["Democratic", "Reyes-Brandt", "Reyes-Brandt"]
        assert [(m.text, m.label) for m in tag_entities(doc)[0]][1:] == [
            (f"{first} Reyes-Brandt", "PERSON"),
            ("Reyes-Brandt", "PERSON"),
        ]

    def test_a_well_known_surname_is_a_person_whatever_the_model_calls_it(self, nlp: Language) -> None:
        """ "Trump" alone, tagged ORG, is the person of the curated table (``people.tsv``)."""
        text = "The inquiry is incoherent, and Trump knows it. Critics of Trump have run out of arguments."
        for doc in (misread(nlp, text, ("Trump", "ORG"), ("Trump", "ORG")), misread(nlp, text)):  # or untagged
            (trump,) = tag_entities(doc)[1]
            assert (trump.key, trump.label, trump.mentions) == ("person:donald_trump", "PERSON", 2)
        # untagged, as the first part of another name it is no person
        tower = misread(nlp, "Protesters gathered outside Trump Tower in New York on Sunday.")
        assert not [m for m in tag_entities(tower)[0] if m.label == "PERSON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # No noun phrase follows the "'s" of "Moody's said" or "Kellogg's and": it is part of the name.
        ("Moody's said in a note to clients that the outlook was negative.", "Moody's"),
        ("The campaign won clients including Ford, Macy's, Kellogg's and NBC.", "Kellogg's"),
        # A possessive before what it owns is cut.
        ("The White House's decision angered them.", "White House"),
        ("Those playing through Stadia's recommended Chromecast Ultra get 30fps.", "Stadia"),
    ],
)
def test_an_organisations_s_is_its_name_only_when_nothing_owned_follows(nlp: Language, text: str, name: str) -> None:
    mentions, _ = tag_entities(nlp(text))
    assert name in [m.text for m in mentions]


def test_a_firm_with_and_without_its_s_is_one_entity(nlp: Language) -> None:
    mentions, _ = tag_entities(nlp("McDonald's said it would raise wages. McDonald's franchisees objected."))
    assert {m.key for m in mentions} == {"org:mcdonald"}


class TestPronounPeople:
    """ "he" and "she" refer to people: a lone proper-noun subject one of them refers back to is a person."""

    @pytest.mark.parametrize(
        "text",
        [
            "Okonjo denied his involvement in the scheme.",
            "Valdés is best known for her work on coral reefs.",
            "Pellegrini spent most of his career in Turin.",
            "Hitzig is remembered for his work on the brain.",  # tagged ORG by the model
            "Marchetti lost his seat in the election.",  # tagged ORG by the model
        ],
    )
    def test_a_subject_a_he_or_she_refers_back_to_is_a_person(self, nlp: Language, text: str) -> None:
        name = text.split()[0]
        doc = misread(nlp, text, (name, "ORG"))  # the small model's reading of "Hitzig", "Marchetti"
        before = {m.text: m.label for m in tag_entities(doc, rules=DEFAULT_RULES - {"pronoun_people"})[0]}
        assert before.get(name) != "PERSON"
        assert {m.text: m.label for m in tag_entities(doc)[0]}[name] == "PERSON"

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("The Count raised his glass.", "Count"),  # a title after "the"
            ('Mirren told reporters: "He is a fine man."', "Mirren"),  # the pronoun is quoted
            ("Chief executive Anna Holm met investors on Monday. Gazprom said she would stay.", "Gazprom"),
            ("Toyota hired Walsh after he left the board.", "Toyota"),  # a name stands between
            ("Norvale thanked its coach after he signed a new contract.", "Norvale"),  # "its": a thing
            ("Brackwell said its founder would retire after he turns seventy.", "Brackwell"),
            ("Delmont cheered the mayor when she arrived.", "Delmont"),  # a person noun stands between
        ],
    )
    def test_a_pronoun_that_may_mean_somebody_else_makes_nobody_a_person(
        self, nlp: Language, text: str, name: str
    ) -> None:
        labels = {m.text: m.label for m in tag_entities(misread(nlp, text, (name, "ORG")))[0]}
        assert labels.get(name) != "PERSON"


class TestOrganisationNamesGoOn:
    """ "extend_org": an organisation's name goes on over "for"/"of" + capitalised names the model cut off."""

    @pytest.mark.parametrize(
        ("text", "tagged", "name"),
        [
            ("The People's Movement for the Liberation of Angola said it had won.",
             [("People's Movement", "ORG"), ("the Liberation of Angola", "ORG")],
             "People's Movement for the Liberation of Angola"),
            ("The National Union for the Total Independence of Angola disputed the count.",
             [("National Union for the Total Independence", "ORG"), ("Angola", "GPE")],
             "National Union for the Total Independence of Angola"),
            ("The Organisation for Economic Co-operation and Development cut its forecast.",
             [("Organisation for Economic Co-operation", "ORG"), ("Development", "NORP")],
             "Organisation for Economic Co-operation and Development"),
            ("The United Nations High Commissioner for Human Rights said camps were full.",
             [("United Nations High Commissioner", "ORG")],
             "United Nations High Commissioner for Human Rights"),
        ],
    )  # fmt: skip
    def test_the_rest_of_a_name_after_for_or_of_is_the_names(
        self, nlp: Language, text: str, tagged: list[tuple[str, str]], name: str
    ) -> None:
        found = [m.text for m in tag_entities(misread(nlp, text, *tagged))[0]]
        assert found == [name]
        assert found != [
            m.text for m in tag_entities(misread(nlp, text, *tagged), rules=DEFAULT_RULES - {"extend_org"})[0]
        ]

    @pytest.mark.parametrize(
        ("text", "tagged"),
        [
            ("Google of Mountain View said it would appeal.", [("Google", "ORG"), ("Mountain View", "GPE")]),
            ("Apple and Google said they would appeal.", [("Apple", "ORG"), ("Google", "ORG")]),
            (
                "The Bank of England and Barclays said rates would rise.",
                [("Bank of England", "ORG"), ("Barclays", "ORG")],
            ),
            ("The minister thanked Ford for the Detroit plant.", [("Ford", "ORG"), ("Detroit", "GPE")]),
            ("The Friends of Ann Lee met on Monday.", [("Friends", "ORG"), ("Ann Lee", "PERSON")]),
        ],
    )
    def test_a_place_a_person_or_another_name_after_it_is_not(
        self, nlp: Language, text: str, tagged: list[tuple[str, str]]
    ) -> None:
        """A place joins only a name with a complement already; "and" only continues a complement."""
        assert [m.text for m in tag_entities(misread(nlp, text, *tagged))[0]] == [t for t, _ in tagged]

    def test_an_office_named_after_its_holder_takes_the_title_the_model_cut_off(self, nlp: Language) -> None:
        """ "U.S. Attorney's Office": the office of a title, not of a person ("Ann Lee's Office" stays apart)."""
        text = "The U.S. Attorney’s Office for the Western District of New York announced the plea."
        doc = misread(nlp, text, ("U.S.", "GPE"), ("Office for the Western District of New York", "ORG"))
        assert [m.text for m in tag_entities(doc)[0]] == ["U.S. Attorney’s Office for the Western District of New York"]
        held = misread(nlp, "Ann Lee's Office said the plan was fair.", ("Ann Lee", "PERSON"), ("Office", "ORG"))
        assert [m.text for m in tag_entities(held)[0]] == ["Ann Lee", "Office"]

    def test_a_common_noun_after_a_name_is_no_part_of_it(self, nlp: Language) -> None:
        """ "the [In2EastAfrica website] reported": names are capitalised, "website" is the phrase around it."""
        doc = misread(nlp, "The In2EastAfrica website reported the deal.", ("In2EastAfrica website", "ORG"))
        assert [m.text for m in tag_entities(doc)[0]] == ["In2EastAfrica"]
        airport = misread(nlp, "Flights left Kennedy airport late.", ("Kennedy airport", "FAC"))
        assert [m.text for m in tag_entities(airport)[0]] == ["Kennedy airport"]  # a facility's own noun

    @pytest.mark.parametrize(
        ("text", "ent", "name"),
        [
            ('"We walked in," Morrow told The Canadian Press.', ("Morrow told", "WORK_OF_ART"), "Morrow"),
            ("Acme says it will grow.", ("Acme says", "ORG"), "Acme"),
        ],
    )
    def test_a_lower_case_verb_or_function_word_never_ends_a_name(
        self, nlp: Language, text: str, ent: tuple[str, str], name: str
    ) -> None:
        """English capitalises a name's words: a finite verb or a function word after it is the sentence."""
        assert [m.text for m in tag_entities(misread(nlp, text, ent))[0]][:1] == [name]


class TestHumanPredicates:
    """What only a person has or undergoes makes a name a person's, whatever the model tagged."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Citrone was raised in Whitley Bay by his father.", "Citrone"),
            ("At the hearing, Carder's husband opposed the operation.", "Carder"),
            ("Hitzig was born in Berlin in 1838.", "Hitzig"),
            ("In 2004, Citrone was sentenced to two years in prison.", "Citrone"),
        ],
    )
    def test_kin_or_a_persons_fate_make_a_person(self, nlp: Language, text: str, name: str) -> None:
        doc = misread(nlp, text, (name, "ORG"))
        assert (name, "PERSON") in [(m.text, m.label) for m in tag_entities(doc)[0]]
        assert (name, "ORG") in [
            (m.text, m.label) for m in tag_entities(doc, rules=DEFAULT_RULES - {"human_predicates"})[0]
        ]

    @pytest.mark.parametrize(
        ("text", "name", "label"),
        [
            ("Gaza's children are starving.", "Gaza", "GPE"),
            ("Israel was born in 1948.", "Israel", "GPE"),
            ("Nvidia was raised to buy at Goldman Sachs.", "Nvidia", "ORG"),
        ],
    )
    def test_a_place_or_a_rated_company_stays_what_it_is(self, nlp: Language, text: str, name: str, label: str) -> None:
        """Places have children and birth years; "raised" is a person's only with "in" or "by"."""
        doc = misread(nlp, text, (name, label))
        assert (name, label) in [(m.text, m.label) for m in tag_entities(doc)[0]]

    def test_what_a_body_does_in_the_active_leaves_it_a_body(self, nlp: Language) -> None:
        doc = misread(nlp, "The Federal Reserve raised rates for the third time this year.", ("Federal Reserve", "ORG"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Federal Reserve", "ORG")]


class TestTitlesAlone:
    def test_a_title_of_several_words_alone_is_no_name(self, nlp: Language) -> None:
        doc = misread(nlp, "The Prime Minister arrived on Monday.", ("Prime Minister", "PERSON"))
        assert tag_entities(doc)[0] == ()

    def test_a_one_word_title_may_be_a_name(self, nlp: Language) -> None:
        doc = misread(nlp, "Madonna and Prince dominated the charts.", ("Madonna", "PERSON"), ("Prince", "PERSON"))
        assert [m.text for m in tag_entities(doc)[0]] == ["Madonna", "Prince"]


class TestEras:
    @pytest.mark.parametrize(
        "text",
        [
            "Settlements began around 1000 BC in the north.",
            "In the 8th century BCE the city fell.",
            "It burned in 64 AD.",
        ],
    )
    def test_an_era_after_a_year_or_century_is_no_name(self, nlp: Language, text: str) -> None:
        era = next(w for w in ("BCE", "BC", "AD") if f" {w}" in text)
        assert tag_entities(misread(nlp, text, (era, "ORG")))[0] == ()

    def test_the_same_letters_after_a_place_stay(self, nlp: Language) -> None:
        doc = misread(nlp, "He moved to Vancouver, BC in 1999.", ("Vancouver", "GPE"), ("BC", "ORG"))
        assert [m.text for m in tag_entities(doc)[0]] == ["Vancouver", "BC"]


class TestShortFormsSpellNames:
    """Capitals elsewhere in the article that spell a run of capitalised words make the run one name."""

    @pytest.mark.parametrize(
        ("text", "ents", "name", "label"),
        [
            (
                "Patients waited, according to the Irish Nurses and Midwives Organisation. INMO director Mary Fogarty spoke.",
                [("Irish", "NORP"), ("Mary Fogarty", "PERSON")], "Irish Nurses and Midwives Organisation", "ORG",
            ),
            (
                "The International Longshore and Warehouse Union Canada said no. ILWU members walked out.",
                [("International Longshore", "ORG"), ("Warehouse Union Canada", "ORG")],
                "International Longshore and Warehouse Union Canada", "ORG",
            ),
            (
                "The Nigerian Midstream and Downstream Petroleum Regulatory Authority (NMDPRA) said it was monitoring.",
                [("Downstream Petroleum Regulatory Authority", "ORG")],
                "Nigerian Midstream and Downstream Petroleum Regulatory Authority", "ORG",
            ),
            ("Fires burned across New South Wales. NSW police said so.", [("South Wales", "GPE")], "New South Wales", "GPE"),
            # a place opening an organisation's name makes no place of it
            ("The United States Department of Agriculture cut its forecast. USDA economists agreed.", [("United States", "GPE")], "United States Department of Agriculture", "ORG"),
        ],
    )  # fmt: skip
    def test_the_run_is_one_name_and_the_capitals_stand_for_it(
        self, nlp: Language, text: str, ents: list[tuple[str, str]], name: str, label: str
    ) -> None:
        """The run replaces the pieces the model tagged, with one label, and the capitals join it."""
        mentions, _ = tag_entities(misread(nlp, text, *ents))
        named = [m for m in mentions if m.text == name]
        assert [m.label for m in named] == [label], [(m.text, m.label) for m in mentions]
        assert not any(named[0].start < m.end and m.start < named[0].end and m is not named[0] for m in mentions)
        short = next(w for w in text.replace("(", " ").replace(")", " ").split() if w.isupper() and len(w) >= 3)
        assert [m.canonical for m in mentions if m.text == short] == [name]

    @pytest.mark.parametrize(
        ("text", "ents"),
        [
            # a person's name is no part of such a run
            ("Chief Executive Officer Tim Cook spoke. The CEO said so.", [("Tim Cook", "PERSON")]),
            # no part of the run tagged: capitals alone make no name
            ("The Chief Executive Officer spoke. The CEO said so.", []),
            # capitals on an ALL-CAPS line are typography
            ("INMO STRIKE LOOMS\nPatients waited, said the Irish Nurses and Midwives Organisation.", [("Irish", "NORP")]),
            # a Title Case headline's words are no run, and capitals of a common noun spell no name
            ("Acme Buys Nearby Plant\nAcme said on Monday that ABN analysts agreed.", [("Acme", "ORG"), ("Acme", "ORG")]),
            ("Chevron Exits Oil Sands\nChevron will sell its stake, its CEO Mike Wirth said.", [("Chevron", "ORG"), ("Chevron", "ORG"), ("Mike Wirth", "PERSON")]),
            # an untagged word opening the sentence starts no run; places tagged apart stay apart
            ("After Labour Party members voted, the ALP said it would act.", [("Labour Party", "ORG")]),
            ("Voters in North Carolina and South Carolina backed him, NCSC exit polls showed.", [("North Carolina", "GPE"), ("South Carolina", "GPE")]),
        ],
    )  # fmt: skip
    def test_other_runs_are_left_alone(self, nlp: Language, text: str, ents: list[tuple[str, str]]) -> None:
        """What the rule must not read as a spelled name: the same mentions with and without it."""
        doc = misread(nlp, text, *ents)
        with_rule = [(m.text, m.label) for m in tag_entities(doc)[0]]
        assert with_rule == [(m.text, m.label) for m in tag_entities(doc, rules=DEFAULT_RULES - {"acronyms"})[0]]


class TestShortFormsOfOtherNames:
    """Capitals and addresses that must not stand for, or be, a name."""

    def test_a_short_form_joins_a_long_name_by_its_first_words_only_before_a_country(self, nlp: Language) -> None:
        """ "ILWU" is "International Longshore and Warehouse Union Canada"; "NFL" is no players' union."""
        text = "The National Football League Players Association filed a grievance. The NFL said it would fight."
        doc = misread(nlp, text, ("National Football League Players Association", "ORG"), ("NFL", "ORG"))
        assert [m.canonical for m in tag_entities(doc)[0] if m.text == "NFL"] == ["NFL"]

    def test_an_email_address_is_no_name(self, nlp: Language) -> None:
        """ "reader2@example.org" tagged ORG is an address, no organisation."""
        doc = misread(
            nlp, "Write to reader2@example.org or call Acme.", ("reader2@example.org", "ORG"), ("Acme", "ORG")
        )
        assert [m.text for m in tag_entities(doc)[0]] == ["Acme"]


class TestBracketedShortForms:
    """Capitals in brackets after a name that spell its initials are its short form, with its label."""

    @pytest.mark.parametrize(
        ("text", "ents", "short"),
        [
            (
                "Yonhap quoted the Korean Central News Agency (KCNA) on Monday. KCNA gave no figures.",
                [("Yonhap", "ORG"), ("Korean Central News Agency", "ORG"), ("KCNA", "PERSON")],
                "KCNA",
            ),
            ("The Bank of England (BoE) raised rates.", [("Bank of England", "ORG")], "BoE"),
            ("The Anti-Defamation League (ADL) objected.", [("Anti-Defamation League", "ORG")], "ADL"),
            ("The Cold Spring Harbor Laboratory ( CSHL ) is private .", [("Cold Spring Harbor Laboratory", "ORG")], "CSHL"),
        ],
    )  # fmt: skip
    def test_the_short_form_takes_the_names_label(
        self, nlp: Language, text: str, ents: list[tuple[str, str]], short: str
    ) -> None:
        doc = misread(nlp, text, *ents)
        found = [(m.text, m.label) for m in tag_entities(doc)[0] if m.text == short]
        assert found and set(found) == {(short, "ORG")}, found
        without = [(m.text, m.label) for m in tag_entities(doc, rules=DEFAULT_RULES - {"acronyms"})[0]]
        assert set(found) - set(without) or len(found) > without.count((short, "ORG"))

    def test_every_untagged_repetition_is_the_name(self, nlp: Language) -> None:
        text = "The Brain Injury Rehabilitation Trust (BIRT) runs 12 units. BIRT was founded in 1992, and BIRT grew."
        doc = misread(nlp, text, ("Brain Injury Rehabilitation Trust", "ORG"))
        every = [k for k in range(len(text)) if text.startswith("BIRT", k)]
        assert [m.start for m in tag_entities(doc)[0] if m.text == "BIRT"] == every

    @pytest.mark.parametrize(
        ("text", "ents"),
        [
            ("Dr John Smith (JS) said no.", [("John Smith", "PERSON")]),  # a person has no short form
            ("Patients in Intensive Care Units (ICUs) wait.", [("Intensive Care Units", "ORG")]),  # a plural
            ("The Foreign Office (FCDO) said no.", [("Foreign Office", "ORG")]),  # not its initials
            ("NEW YORK (AP) - The city said no.", [("NEW YORK", "GPE")]),  # an agency after a dateline
        ],
    )
    def test_other_capitals_in_brackets_are_left_alone(
        self, nlp: Language, text: str, ents: list[tuple[str, str]]
    ) -> None:
        doc = misread(nlp, text, *ents)
        with_rule = [(m.text, m.label) for m in tag_entities(doc)[0]]
        assert with_rule == [(m.text, m.label) for m in tag_entities(doc, rules=DEFAULT_RULES - {"acronyms"})[0]]

    def test_a_name_runs_on_to_the_capitals_that_spell_it_over_no_verb(self, nlp: Language) -> None:
        """A name runs on to the capitals in brackets that spell it (French "… et de soins palliatifs (SFAP)",
        ``test_french``), never over a verb: "warned farmers of Ontario" is no part of the council's name."""
        text = "The Food Council warned farmers of Ontario (FCO) on Monday."
        doc = misread(nlp, text, ("Food Council", "ORG"))
        assert [m.text for m in tag_entities(doc)[0]][:1] == ["Food Council"]

    def test_a_second_coordinated_name_keeps_its_own_short_form(self, nlp: Language) -> None:
        """ "the European Commission and the European Central Bank (ECB)": the capitals are the nearer
        name's, which the run-on must not swallow; and a name the run-on removed is not run on again."""
        text = "The deal was signed by the European Commission and the European Central Bank (ECB) in Frankfurt."
        doc = misread(nlp, text, ("European Commission", "ORG"), ("European Central Bank", "ORG"))
        assert [m.text for m in tag_entities(doc)[0]] == ["European Commission", "European Central Bank", "ECB"]
        text = "The Arts Council and Academy of Sport Partners (ASP) met on Monday."
        doc = misread(nlp, text, ("Arts Council", "ORG"), ("Academy of Sport", "ORG"))
        assert [m.text for m in tag_entities(doc)[0]] == ["Arts Council and Academy of Sport Partners", "ASP"]

    def test_a_name_runs_on_over_words_after_a_determiner_that_do_not_spell_the_capitals(self, nlp: Language) -> None:
        text = "The Colorado Department of Public Health and the Environment (CDPHE) said the water was safe."
        doc = misread(nlp, text, ("Colorado Department of Public Health", "ORG"))
        assert [m.text for m in tag_entities(doc)[0]][:2] == [
            "Colorado Department of Public Health and the Environment",
            "CDPHE",
        ]

    def test_capitals_on_an_all_caps_line_are_typography(self, nlp: Language) -> None:
        text = "The Union of Students (US) met.\nUS AND THEM\nThe US board voted."
        doc = misread(nlp, text, ("Union of Students", "ORG"))
        found = [m.start for m in tag_entities(doc, rules=DEFAULT_RULES - {"caps_lines"})[0] if m.text == "US"]
        assert found == [text.index("(US)") + 1, text.index("The US") + 4]


class TestWireDatelines:
    """A wire story opens with its place in capitals, the agency and a dash: the capitals are a place."""

    @pytest.mark.parametrize(
        ("text", "ents", "places"),
        [
            (
                "SAO PAULO (Reuters) - Floods killed at least 12 people in Brazil on Tuesday, officials said.",
                (("SAO", "ORG"), ("Reuters", "ORG"), ("Brazil", "GPE")),
                ["SAO PAULO", "Brazil"],
            ),
            (
                "The river rose all week.\n\nJOHANNESBURG (AP) — Eskom said power cuts would end.",
                (("JOHANNESBURG", "ORG"), ("AP", "ORG"), ("Eskom", "ORG")),
                ["JOHANNESBURG"],
            ),
            (
                "SANTA FE, N.M. — A cat missing for five years was found in Portland.",
                (("SANTA FE", "ORG"), ("Portland", "GPE")),
                ["SANTA FE", "N.M.", "Portland"],
            ),
        ],
    )
    def test_the_capitals_before_an_agency_or_a_region_are_a_place(
        self, nlp: Language, text: str, ents: tuple[tuple[str, str], ...], places: list[str]
    ) -> None:
        doc = misread(nlp, text, *ents)
        assert [m.text for m in tag_entities(doc, nlp)[0] if m.label == "GPE"] == places
        without = tag_entities(doc, nlp, rules=DEFAULT_RULES - {"datelines"})[0]
        assert (places[0], "GPE") not in [(m.text, m.label) for m in without]

    @pytest.mark.parametrize(
        ("opening", "label"),
        [("EXCLUSIVE", "ORG"), ("BREAKING NEWS", "ORG"), ("MR SMITH", "PERSON"), ("PRESIDENT", "ORG"), ("THE IRISHMAN", "NORP"),
         ("BANK OF ENGLAND", "ORG"), ("NASA", "ORG"),
         ("A.B.", "ORG")],
    )  # fmt: skip
    def test_capitals_before_an_agency_that_name_no_place_stay_as_read(
        self, nlp: Language, opening: str, label: str
    ) -> None:
        """A label, a title, initials or an article before "(Reuters) -" is no dateline's place."""
        doc = misread(nlp, f"{opening} (Reuters) - Officials said the bridge would reopen.", (opening, label))
        assert [m.text for m in tag_entities(doc, nlp)[0] if m.label == "GPE"] == []

    def test_a_suffix_after_a_comma_is_no_region(self, nlp: Language) -> None:
        doc = misread(nlp, "ALPHABET, Inc. — Shares rose on Monday.", ("ALPHABET", "ORG"))
        assert [m.text for m in tag_entities(doc, nlp)[0] if m.label == "GPE"] == []

    @pytest.mark.parametrize(
        ("text", "place"),
        [("NEW YORK, Jan 5 (Reuters) - Stocks fell on Monday.", "NEW YORK"),
         ("ST. LOUIS (AP) — The city voted on Tuesday.", "ST. LOUIS"),
         ("İSTANBUL (AP) — Officials said the bridge would reopen.", "İSTANBUL")],
    )  # fmt: skip
    def test_a_date_before_the_agency_and_capitals_of_any_script(self, nlp: Language, text: str, place: str) -> None:
        doc = misread(nlp, text, (place.split()[0], "ORG"))
        assert (place, "GPE") in [(m.text, m.label) for m in tag_entities(doc, nlp)[0]]

    @pytest.mark.parametrize(
        ("opening", "label"),
        [("COPENHAGEN", "ORG"), ("RIO DE JANEIRO", "PERSON"), ("BUENOS AIRES", "ORG"), ("THE HAGUE", "ORG"),
         ("PORT-AU-PRINCE", "ORG"), ("SANTIAGO", "PERSON")],
    )  # fmt: skip
    def test_capitals_before_an_agency_naming_a_listed_town_are_a_place(
        self, nlp: Language, opening: str, label: str
    ) -> None:
        """Towns the model misreads in every copy ("Rio de Janeiro" is a person to it) are in GeoNames' list."""
        doc = misread(nlp, f"{opening} (Reuters) - Officials said the bridge would reopen.", (opening, label))
        for model in (nlp, None):  # the list needs no model
            assert (opening, "GPE") in [(m.text, m.label) for m in tag_entities(doc, model)[0]]
        without = tag_entities(doc, nlp, rules=DEFAULT_RULES - {"datelines"})[0]
        assert (opening, "GPE") not in [(m.text, m.label) for m in without]

    def test_a_listed_town_before_a_bare_dash_needs_a_reading_as_a_place(self, nlp: Language) -> None:
        """ "POLICE — …" is a label (Police is a Polish town): without an agency the list makes no dateline."""
        doc = misread(nlp, "POLICE — Officers arrested two men on Tuesday.", ("POLICE", "ORG"))
        assert [m.text for m in tag_entities(doc, nlp)[0] if m.label == "GPE"] == []

    @pytest.mark.parametrize(("name", "key"), [("Port-au-Prince", "port au prince"), ("ST. LOUIS", "st louis"),
                                               ("São Paulo", "sao paulo"), ("Ulaanbaatar", "ulaanbaatar")])  # fmt: skip
    def test_place_keys_fold_accents_hyphens_and_stops(self, name: str, key: str) -> None:
        assert place_key(name) == key

    def test_bare_capitals_are_a_place_where_their_title_cased_copy_reads_as_one(self, nlp: Language) -> None:
        """ "MADRID — …" is a dateline; "NASA — …" is not, and neither is a dash inside a paragraph."""
        madrid = misread(nlp, "MADRID — Rafael Nadal kept Spain’s hopes alive.", ("MADRID", "ORG"), ("Spain", "GPE"))
        assert [(m.text, m.label) for m in tag_entities(madrid, nlp)[0]][0] == ("MADRID", "GPE")
        assert [(m.text, m.label) for m in tag_entities(madrid)[0]][0] == ("MADRID", "ORG")  # no model to ask
        nasa = misread(nlp, "NASA — The agency announced a launch on Tuesday.", ("NASA", "ORG"))
        assert [(m.text, m.label) for m in tag_entities(nasa, nlp)[0]] == [("NASA", "ORG")]
        inside = misread(nlp, "Fans cheered MADRID — the club, not the city.", ("MADRID", "ORG"))
        assert [(m.text, m.label) for m in tag_entities(inside, nlp)[0]] == [("MADRID", "ORG")]


class TestCommonNounsTaggedAsNames:
    @pytest.mark.parametrize(("word", "label"), [("Irishman", "ORG"), ("Dutchwomen", "PERSON"), ("Welshman", "GPE")])
    def test_a_noun_for_a_person_of_a_nation_is_a_nationality(self, nlp: Language, word: str, label: str) -> None:
        doc = misread(
            nlp, f"Seamus Kelly won the race, and the {word} said it was the best day of the year.", (word, label)
        )
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [(word, "NORP")]
        assert [m.label for m in tag_entities(doc, rules=DEFAULT_RULES - {"demonyms"})[0]] == [label]

    def test_a_lower_case_adjective_is_no_brand(self, nlp: Language) -> None:
        """A brand may be written in lower case ("ecobee"), but a brand is a noun: "regional" is an adjective."""
        doc = misread(nlp, "Said the head of the regional health board: “We are out of beds.”", ("regional", "ORG"))
        assert tag_entities(doc)[0] == ()
        brand = misread(nlp, "Thermostats from ecobee sold well last year.", ("ecobee", "ORG"))
        assert [m.text for m in tag_entities(brand)[0]] == ["ecobee"]


def test_the_parse_is_read_only_where_there_is_one(nlp: Language, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies of ALL-CAPS lines are tagged without the parser: a rule reading dependencies skips them
    (spaCy's token children of an unparsed doc are undefined; reading them crashed a process)."""

    def parse_read(token: object, end: int) -> bool:
        msg = "the parse was read"
        raise AssertionError(msg)

    monkeypatch.setattr("pipeline.entities._governs_rest", parse_read)
    line = "Waving Venezuelan Flags, Thousands March In Caracas"
    [unparsed] = nlp.pipe([line], disable=[n for n in _LINE_SKIPS if n in nlp.pipe_names])
    assert not unparsed.has_annotation("DEP")
    unparsed.ents = [Span(unparsed, 0, 2, label="PERSON")]
    assert _trim(unparsed.ents[0]) == (0, 2)
    parsed = misread(nlp, line, ("Waving Venezuelan", "PERSON"))
    with pytest.raises(AssertionError, match="the parse was read"):
        _trim(parsed.ents[0])


@pytest.mark.parametrize("text", ["›", "The minister said the bridge would reopen. Read more ›"])
def test_a_name_of_only_a_mark_at_the_end_is_no_name(nlp: Language, text: str) -> None:
    """A tagged name that trimming leaves empty (a closing "›") is no name, and nothing past it is read."""
    doc = misread(nlp, text, ("›", "ORG"))
    assert tag_entities(doc, nlp)[0] == ()


def test_a_hyphen_syllable_that_opens_the_next_name_is_not_taken_by_the_one_before(nlp: Language) -> None:
    """ "UK-al-Sisi": "al" begins "al-Sisi", so "UK" does not take it; two mentions never share a word."""
    doc = misread(nlp, "The UK-al-Sisi deal was signed.", ("UK", "GPE"), ("al-Sisi", "PERSON"))
    assert [m.text for m in tag_entities(doc, nlp)[0]] == ["UK", "al-Sisi"]


class TestResultsTeams:
    """In sports results a town's name is its club's (ORG), a country's its team's (a place)."""

    @pytest.mark.parametrize(
        ("text", "teams"),
        [
            ("Hamburg 2 Werder Bremen 0", [("Hamburg", "ORG"), ("Werder Bremen", "ORG")]),
            ("Leeds United 1 ( Yeboah 28 ) Chelsea 0", [("Leeds United", "ORG"), ("Chelsea", "ORG")]),
            ("Halftime : Chicago Cubs 4 St. Louis Cardinals 2", [("Chicago Cubs", "ORG"), ("St. Louis Cardinals", "ORG")]),
            ("Japan 2 Syria 1", [("Japan", "GPE"), ("Syria", "GPE")]),
            ("Monaco 1 Bordeaux 1", [("Monaco", "ORG"), ("Bordeaux", "ORG")]),
            ("3. Newcastle 4 3 1 0 9 2 10", [("Newcastle", "ORG")]),
            ("BALTIMORE 70 63 .526 4 1/2", [("BALTIMORE", "ORG")]),
            ("Essex 310 and 120-3 ; Kent 245 .", [("Essex", "ORG"), ("Kent", "ORG")]),
            ("West Indies 247 and 31-1 ; Australia 310", [("West Indies", "GPE"), ("Australia", "GPE")]),
        ],
    )  # fmt: skip
    def test_the_names_of_a_score_line_or_a_standings_row_are_teams(
        self, nlp: Language, text: str, teams: list[tuple[str, str]]
    ) -> None:
        found = [(m.text, m.label) for m in tag_entities(nlp(text))[0]]
        assert [t for t in found if t[0] != "Yeboah"] == teams

    def test_a_town_that_beat_or_lost_to_another_by_a_score_is_a_club(self, nlp: Language) -> None:
        doc = misread(nlp, "Stuttgart beat Freiburg 3-1 at the Neckarstadion.", ("Stuttgart", "GPE"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]][:2] == [("Stuttgart", "ORG"), ("Freiburg", "ORG")]
        doc = misread(nlp, "Leeds lost 2-1 to Newcastle in the cup.", ("Leeds", "GPE"), ("Newcastle", "GPE"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Leeds", "ORG"), ("Newcastle", "ORG")]

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("Japan beat Syria 2-1 in Abu Dhabi.", [("Japan", "GPE"), ("Syria", "GPE"), ("Abu Dhabi", "GPE")]),
            ("The council in Leeds voted 5-4 to close the library.", [("Leeds", "GPE")]),
            ("1. Kofi Mensah ( Ghana ) 9.98", [("Kofi Mensah", "PERSON"), ("Ghana", "GPE")]),
        ],
    )  # fmt: skip
    def test_countries_venues_and_other_lines_keep_their_places(
        self, nlp: Language, text: str, names: list[tuple[str, str]]
    ) -> None:
        doc = misread(nlp, text, *[(n, label) for n, label in names])
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == names

    def test_the_names_in_a_score_lines_brackets_are_its_scorers(self, nlp: Language) -> None:
        text = "Karlsruhe 3 ( Kessler 14 , 52 , M. Wolter 80 ) Freiburg 1 ( Brandl 33 ) . Attendance 24,500"
        assert [(m.text, m.label) for m in tag_entities(nlp(text))[0]] == [
            ("Karlsruhe", "ORG"), ("Kessler", "PERSON"), ("M. Wolter", "PERSON"), ("Freiburg", "ORG"),
            ("Brandl", "PERSON"),
        ]  # fmt: skip

    def test_a_player_with_his_country_is_no_team(self, nlp: Language) -> None:
        doc = misread(nlp, "Carlos Mendes ( Brazil ) 72 68 70 - 210", ("Carlos Mendes", "PERSON"), ("Brazil", "GPE"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Carlos Mendes", "PERSON"), ("Brazil", "GPE")]

    def test_under_a_sport_slug_towns_are_clubs_countries_places_and_venues_towns(self, nlp: Language) -> None:
        """The model reads the cricket counties of this headline as a town and a person, and a venue as an organisation."""
        text = "CRICKET - ESSEX BEAT KENT AT CHELMSFORD ."
        assert [(m.text, m.label) for m in tag_entities(nlp(text), nlp)[0]] == [
            ("ESSEX", "ORG"), ("KENT", "ORG"), ("CHELMSFORD", "GPE"),
        ]  # fmt: skip
        assert [(m.text, m.label) for m in tag_entities(nlp("SOCCER - SWEDEN BEAT NORWAY IN OSLO ."), nlp)[0]] == [
            ("SWEDEN", "GPE"), ("NORWAY", "GPE"), ("OSLO", "GPE"),
        ]  # fmt: skip

    def test_towns_the_model_left_untagged_under_a_slug_are_clubs(self, nlp: Language) -> None:
        text = "SOCCER - LEEDS HOLD CHELSEA TO DRAW ."
        assert [(m.text, m.label) for m in tag_entities(nlp(text), nlp)[0]] == [("LEEDS", "ORG"), ("CHELSEA", "ORG")]

    def test_a_place_in_capitals_over_a_date_is_a_place(self, nlp: Language) -> None:
        doc = misread(nlp, "BONN 1996-08-31", ("BONN", "ORG"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("BONN", "GPE")]


class TestLocatedPlaces:
    def test_a_person_a_preposition_of_place_governs_is_a_listed_town(self, nlp: Language) -> None:
        doc = misread(nlp, "Her family lived in Palma for ten years.", ("Palma", "PERSON"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Palma", "GPE")]

    @pytest.mark.parametrize(
        ("text", "name", "label"),
        [
            ("Flights were cancelled at Orly airport because of a strike.", "Orly", "GPE"),
            ("Fans queued outside Emirates stadium for hours.", "Emirates", "FAC"),
            ("Boeing airport deals were signed on Monday.", "Boeing", "ORG"),  # "airport" modifies "deals"
            ("Crowds filled a Premier League stadium on Saturday.", "Premier League", "ORG"),  # a kind of stadium
        ],
    )
    def test_a_name_before_a_facilitys_word_is_a_place(self, nlp: Language, text: str, name: str, label: str) -> None:
        """ "Orly airport": the name is the place or the facility; not where "airport" modifies a noun."""
        doc = misread(nlp, text, (name, "ORG"))
        assert (name, label) in [(m.text, m.label) for m in tag_entities(doc)[0]]

    def test_in_on_a_concrete_noun_places_too(self, nlp: Language) -> None:
        doc = misread(nlp, "A fire at a workers' hostel in Vladivostok killed seven people.", ("Vladivostok", "PERSON"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Vladivostok", "GPE")]

    @pytest.mark.parametrize("label", ["EVENT", "PERSON", "NORP"])
    def test_a_name_after_a_compass_words_of_is_a_place(self, nlp: Language, label: str) -> None:
        doc = misread(nlp, "Rebels shelled army positions east of Arbil on Sunday.", ("Arbil", label))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Arbil", "GPE")]

    @pytest.mark.parametrize(
        ("text", "name", "label"),
        [
            ("Protesters marched two miles north of the Pentagon on Sunday.", "Pentagon", "ORG"),  # a landmark
            ("Fighting raged just east of Doboj on Sunday.", "Doboj", "GPE"),  # a town GeoNames lists
        ],
    )
    def test_an_organisation_after_a_compass_word_is_a_place_only_if_listed(
        self, nlp: Language, text: str, name: str, label: str
    ) -> None:
        """A landmark is no place; a town GeoNames lists is."""
        doc = misread(nlp, text, (name, "ORG"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [(name, label)]

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("The award went to Harrison last year.", "Harrison"),  # "to" governs people too
            ("In Paul Smith's view the plan failed.", "Paul Smith"),  # a known first name
            ("The group met in Kowalczykowa last week.", "Kowalczykowa"),  # no town GeoNames lists
        ],
    )
    def test_other_people_stay(self, nlp: Language, text: str, name: str) -> None:
        doc = misread(nlp, text, (name, "PERSON"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [(name, "PERSON")]


class TestResultsTeamsElsewhere:
    """What a results line is not: a poll, a vote, a player's card, a share; and the places that stay places."""

    @pytest.mark.parametrize(
        "text",
        ["Clinton 48 Trump 44", "Yes 52 No 48", "Tiger Woods 68 70 72 69", "Section 5 Article 3", "Gold 384 Silver 5"],
    )
    def test_lines_of_names_and_numbers_that_are_no_results_are_left_alone(self, nlp: Language, text: str) -> None:
        doc = nlp(text)
        without = tag_entities(doc, nlp, rules=DEFAULT_RULES - {"results_teams"})[0]
        assert tag_entities(doc, nlp)[0] == without

    def test_people_the_model_knows_on_a_line_without_scorers_stay_people(self, nlp: Language) -> None:
        doc = misread(nlp, "Bush 271 Gore 266", ("Bush", "PERSON"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]][:1] == [("Bush", "PERSON")]

    @pytest.mark.parametrize(
        ("text", "name", "label"),
        [
            ("Moscow lost 5-10 percent of its budget last year.", "Moscow", "GPE"),
            ("Democrats beat Republicans 51-49 in the vote.", "Democrats", "NORP"),
            ("Texas won its case 6-3 at the Supreme Court.", "Texas", "GPE"),
        ],
    )
    def test_a_share_a_vote_a_people_or_a_state_is_no_club(
        self, nlp: Language, text: str, name: str, label: str
    ) -> None:
        doc = misread(nlp, text, (name, label))
        assert (name, label) in [(m.text, m.label) for m in tag_entities(doc)[0]]

    def test_a_venue_in_lower_case_under_a_slug_stays_a_place(self, nlp: Language) -> None:
        doc = misread(nlp, "SOCCER - Fiorentina sink Parma in Florence .", ("Parma", "GPE"), ("Florence", "GPE"))
        assert ("Florence", "GPE") in [(m.text, m.label) for m in tag_entities(doc, nlp)[0]]

    def test_a_month_over_a_date_is_no_place(self, nlp: Language) -> None:
        doc = misread(nlp, "MARCH 2024-03-01", ("MARCH", "ORG"))
        assert all(m.label != "GPE" for m in tag_entities(doc)[0])


class TestLocatedPlacesElsewhere:
    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Democrats rallied around Clinton after the debate.", "Clinton"),  # "around" governs people
            ("Few believe in Kent any more.", "Kent"),  # no place is believed in
            ("Her faith in Kent never wavered.", "Kent"),  # "in" on a noun
            ("The family settled in Warren.", "Warren"),  # a known first name
        ],
    )
    def test_people_after_in_or_around_that_place_nothing_stay_people(
        self, nlp: Language, text: str, name: str
    ) -> None:
        doc = misread(nlp, text, (name, "PERSON"))
        assert (name, "PERSON") in [(m.text, m.label) for m in tag_entities(doc)[0]]


class TestSportsNames:
    """Players under an individual sport's slug, a team before its player's role, nationalities, events."""

    @pytest.mark.parametrize(
        ("text", "people"),
        [
            ("TENNIS - SAMPRAS BEATS BECKER IN HANOVER FINAL .", ["SAMPRAS", "BECKER"]),
            ("TENNIS - KRASNOVA UPSETS SECOND SEED IN ROME .", ["KRASNOVA"]),  # no name after the verb
            ("GOLF - LINDSAY AND PRETORIUS SHARE LEAD IN GERMAN OPEN .", ["LINDSAY", "PRETORIUS"]),
            ("TENNIS - ROMANO THROUGH TO WIMBLEDON QUARTER-FINALS .", []),  # no verb: not read
            ("ATHLETICS - KENYA WINS WORLD CROSS COUNTRY TITLE .", []),  # a country is its team
            ("CYCLING - TOUR DE FRANCE RESULTS .", []),  # no verb: no subject to read
            ("SOCCER - LEEDS HOLD CHELSEA TO DRAW .", []),  # a team sport's subject is a club
            ("TENNIS - TOP SEED FALLS IN ROME .", []),  # no player's name
            ("GOLF - EUROPE WIN RYDER CUP .", []),  # a continent's team
            ("TENNIS - U.S. OPEN ENDS IN RAIN .", []),  # an event
            ("GOLF - U.S. OPEN: WOODS LEADS BY TWO .", []),  # a colon: not read
        ],
    )  # fmt: skip
    def test_an_individual_sports_headline_opens_with_its_players(
        self, nlp: Language, text: str, people: list[str]
    ) -> None:
        found = tag_entities(nlp(text), nlp)[0]
        assert [m.text for m in found if m.label == "PERSON"] == people

    @pytest.mark.parametrize(
        ("text", "sides"),
        [
            ("SOCCER - BAYERN MUNICH KNOCKED OUT OF UEFA CUP .", [("BAYERN MUNICH", "ORG")]),
            ("CRICKET - SRI LANKA BEAT ZIMBABWE BY 40 RUNS .", [("SRI LANKA", "GPE"), ("ZIMBABWE", "GPE")]),
            ("SOCCER - LEEDS UNITED SINK PARMA IN FLORENCE .", [("LEEDS UNITED", "ORG"), ("PARMA", "ORG")]),
        ],
    )  # fmt: skip
    def test_a_team_sports_headline_names_its_clubs_and_countries(
        self, nlp: Language, text: str, sides: list[tuple[str, str]]
    ) -> None:
        found = [(m.text, m.label) for m in tag_entities(nlp(text), nlp)[0]]
        assert [f for f in found if f[1] in {"ORG", "GPE"}][: len(sides)] == sides

    @pytest.mark.parametrize(
        ("text", "ents", "player"),
        [
            ("SOCCER - CANTONA SIGNS FOR UNITED .", [], "CANTONA"),  # a player's verb
            ("SOCCER - KLINSMANN DOWNS BAYERN .", [("KLINSMANN", "PERSON")], "KLINSMANN"),  # the model's person
            ("SOCCER - SHEARER WINS AWARD .", [], "SHEARER"),  # untagged, no club by look
        ],
    )  # fmt: skip
    def test_a_player_in_a_team_sports_headline_is_no_club(
        self, nlp: Language, text: str, ents: list[tuple[str, str]], player: str
    ) -> None:
        found = tag_entities(misread(nlp, text, *ents))[0] if ents else tag_entities(nlp(text), nlp)[0]
        assert (player, "ORG") not in [(m.text, m.label) for m in found]

    def test_a_count_opens_no_persons_name_on_a_slugged_line(self, nlp: Language) -> None:
        found = tag_entities(nlp("CRICKET - INDIA BEAT AUSTRALIA BY SIX WICKETS ."), nlp)[0]
        assert [(m.text, m.label) for m in found] == [("INDIA", "GPE"), ("AUSTRALIA", "GPE")]
        text = "SOCCER - AJAX BEAT PSV 2-1 .\nTen Cate praised his side."
        doc = misread(nlp, text, ("AJAX", "ORG"), ("PSV", "ORG"), ("Ten Cate", "PERSON"))
        assert ("Ten Cate", "PERSON") in [(m.text, m.label) for m in tag_entities(doc)[0]]

    def test_a_name_before_a_players_role_and_the_player_is_a_team(self, nlp: Language) -> None:
        doc = misread(
            nlp, "Lazio striker Giuseppe Signori scored twice.", ("Lazio", "PERSON"), ("Giuseppe Signori", "PERSON")
        )
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Lazio", "ORG"), ("Giuseppe Signori", "PERSON")]

    @pytest.mark.parametrize(
        ("text", "name", "label", "holder"),
        [
            ("England manager Glenn Hoddle named his squad.", "England", "GPE", "Glenn Hoddle"),  # a national side
            ("Swedish captain Andreas Granqvist scored.", "Swedish", "NORP", "Andreas Granqvist"),
            ("Paul Smith manager Tom Jones said so.", "Paul Smith", "PERSON", "Tom Jones"),  # a two-word person
        ],
    )  # fmt: skip
    def test_countries_nationalities_and_people_before_a_role_stay(
        self, nlp: Language, text: str, name: str, label: str, holder: str
    ) -> None:
        doc = misread(nlp, text, (name, label), (holder, "PERSON"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]][0] == (name, label)

    def test_a_nationality_noun_before_a_name_is_a_nationality_and_the_name_a_persons(self, nlp: Language) -> None:
        doc = misread(nlp, "Spaniard Fermin Cacho was second.", ("Spaniard Fermin Cacho", "ORG"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Spaniard", "NORP"), ("Fermin Cacho", "PERSON")]
        doc = misread(nlp, "Moslem, Croat and Serb leaders met.", ("Croat", "GPE"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Croat", "NORP")]

    @pytest.mark.parametrize(
        ("text", "name", "label"),
        [
            ("Comedian Dane Cook performed.", "Dane Cook", "PERSON"),  # a given name
            ("Officials in Dane County said so.", "Dane County", "GPE"),
            ("He grew up in Briton Ferry.", "Briton Ferry", "GPE"),
        ],
    )  # fmt: skip
    def test_a_demonym_noun_that_opens_a_given_or_place_name_stays_in_it(
        self, nlp: Language, text: str, name: str, label: str
    ) -> None:
        doc = misread(nlp, text, (name, label))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [(name, label)]

    def test_a_players_coach_or_a_surname_masters_stays_a_person(self, nlp: Language) -> None:
        doc = misread(nlp, "Agassi coach Brad Gilbert said so.", ("Agassi", "PERSON"), ("Brad Gilbert", "PERSON"))
        assert [m.label for m in tag_entities(doc)[0]] == ["PERSON", "PERSON"]
        doc = misread(nlp, "Blake Masters said he would run.", ("Blake Masters", "PERSON"))
        assert [m.label for m in tag_entities(doc)[0]] == ["PERSON"]

    @pytest.mark.parametrize(
        ("text", "ents"),
        [
            ("Iran Open to Nuclear Talks, Minister Says", [("Iran", "GPE")]),
            ("Kenyan Marathon Runner Dies in Crash", [("Kenyan", "NORP")]),
        ],
    )  # fmt: skip
    def test_a_headlines_verb_after_a_nation_makes_no_event(
        self, nlp: Language, text: str, ents: list[tuple[str, str]]
    ) -> None:
        assert [m.label for m in tag_entities(misread(nlp, text, *ents))[0]] == [label for _, label in ents]

    def test_a_name_a_nationality_adjective_opens_stays_whole(self, nlp: Language) -> None:
        doc = misread(nlp, "The Serb Republic voted.", ("Serb Republic", "GPE"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Serb Republic", "GPE")]

    @pytest.mark.parametrize(
        ("text", "ents", "event"),
        [
            ("He leads the Volvo Masters in Jerez.", [("Volvo Masters", "ORG"), ("Jerez", "GPE")], "Volvo Masters"),
            ("She won the Berlin Marathon.", [("Berlin Marathon", "FAC")], "Berlin Marathon"),
            ("McAllister leads the Scottish Open.", [("McAllister", "PERSON"), ("Scottish", "NORP")], "Scottish Open"),
            ("Hill won the Italian Grand Prix.", [("Italian", "NORP")], "Italian Grand Prix"),
        ],
    )  # fmt: skip
    def test_a_name_ending_with_a_competitions_word_is_an_event(
        self, nlp: Language, text: str, ents: list[tuple[str, str]], event: str
    ) -> None:
        found = tag_entities(misread(nlp, text, *ents))[0]
        assert [m.text for m in found if m.label == "EVENT"] == [event]

    def test_a_verb_open_after_a_country_is_no_event(self, nlp: Language) -> None:
        doc = misread(nlp, "Russia and the U.S. open talks on arms.", ("Russia", "GPE"), ("U.S.", "GPE"))
        assert [m.label for m in tag_entities(doc)[0]] == ["GPE", "GPE"]

    def test_a_nationality_before_the_rest_of_a_countrys_name_is_the_country(self, nlp: Language) -> None:
        doc = misread(nlp, "Germany beat the Czech Republic 2-1.", ("Germany", "GPE"), ("Czech", "NORP"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Germany", "GPE"), ("Czech Republic", "GPE")]
        doc = misread(nlp, "Czech President Havel spoke.", ("Czech", "NORP"), ("Havel", "PERSON"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Czech", "NORP"), ("Havel", "PERSON")]

    @pytest.mark.parametrize(
        ("text", "name", "misread_as", "label"),
        [
            ("Rebels attacked in the southern state of Guerrero.", "Guerrero", "ORG", "GPE"),
            ("A ferry links it to the city of Panaji.", "Panaji", "PERSON", "GPE"),
            ("They created Novartis, the world's second-largest drug company.", "Novartis", "GPE", "ORG"),
            # "founder": a role a firm may hold too (founders of an alliance), so no person by it
            ("He praised Smith, the company's founder.", "Smith", "GPE", "GPE"),
            ("He praised Ward, the bank's economist.", "Ward", "ORG", "PERSON"),
            ("Indonesia, this year's chair of the G20, hosted the talks.", "Indonesia", "GPE", "GPE"),  # a body's role
            ("Samsung, the biggest player in the market, cut prices.", "Samsung", "ORG", "ORG"),
            ("Sydney Ward, an economist at the bank, said rates would rise.", "Sydney Ward", "ORG", "PERSON"),
            ("Valeska Paris, an Australian woman, sued the church.", "Valeska Paris", "ORG", "PERSON"),
            ("Boeing, the planemaker, cut output.", "Boeing", "ORG", "ORG"),  # no person's noun
            ("Acme Corp, a founder of the league, cut output.", "Acme Corp", "ORG", "ORG"),  # a company's word
            ("Saudi Arabia, the world's largest oil producer, cut output.", "Saudi Arabia", "GPE", "GPE"),
            ("Analysts questioned the state of Deutsche Bank.", "Deutsche Bank", "ORG", "ORG"),  # how it is
            ("It was the city of Paul Smith's birth.", "Paul Smith", "PERSON", "PERSON"),  # a known first name
        ],
    )  # fmt: skip
    def test_a_name_is_what_the_text_calls_it(
        self, nlp: Language, text: str, name: str, misread_as: str, label: str
    ) -> None:
        doc = misread(nlp, text, (name, misread_as))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [(name, label)]

    def test_a_country_alone_between_a_slugs_dashes_is_a_place_and_a_short_month_no_name(self, nlp: Language) -> None:
        doc = misread(nlp, "PRESS DIGEST - POLAND - AUG 30 .", ("AUG", "ORG"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("POLAND", "GPE")]
        doc = misread(nlp, "The vote is on Aug 30 in Warsaw.", ("Aug", "ORG"), ("Warsaw", "GPE"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Warsaw", "GPE")]
        doc = misread(nlp, "The board of DEC 15 members voted.", ("DEC", "ORG"))  # Digital Equipment
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("DEC", "ORG")]

    @pytest.mark.parametrize(
        ("text", "ents"),
        [
            ("3. Torsten Vogler ( Germany ) 49.67", [("Torsten Vogler", "PERSON"), ("Germany", "GPE")]),
            ("135 Jeff Maggert 68 67 , Chad Whitcombe 69 66", [("Jeff Maggert", "PERSON"), ("Chad Whitcombe", "PERSON")]),
        ],
    )  # fmt: skip
    def test_a_results_row_is_no_headline_and_keeps_its_names(
        self, nlp: Language, text: str, ents: list[tuple[str, str]]
    ) -> None:
        assert [(m.text, m.label) for m in tag_entities(misread(nlp, text, *ents), nlp)[0]] == ents

    @pytest.mark.parametrize(
        "text",
        [
            "2 Killed As Dow Drops And Greenspan Warns Markets",  # a count first, words last
            "Greenspan Warns Markets As Dow Drops 100 Points To 5,800 In 2 Hours",  # figures, words last
        ],
    )
    def test_a_headline_with_figures_stays_a_headline(self, nlp: Language, text: str) -> None:
        """A headline's names are read as a headline's: none runs on into the verb after it."""
        doc = misread(nlp, text, ("Greenspan Warns Markets", "PERSON"))
        assert "Greenspan Warns Markets" not in [m.text for m in tag_entities(doc, nlp)[0]]

    @pytest.mark.parametrize(
        ("text", "ents", "want"),
        [
            # one side plainly a club, the other its opponent: tagged as a person, or no team by look
            ("Aston Villa 1 Newcastle 1", [("Aston Villa", "PERSON"), ("Newcastle", "GPE")],
             [("Aston Villa", "ORG"), ("Newcastle", "ORG")]),
            ("Leeds United 3 Texas 2", [("Leeds United", "GPE"), ("Texas", "GPE")],
             [("Leeds United", "ORG"), ("Texas", "ORG")]),
            # a plain club (a town, not taken for a person) and a one-word opponent, whatever it is
            ("Hamburg 2 Schalke 1", [("Hamburg", "GPE")], [("Hamburg", "ORG"), ("Schalke", "ORG")]),
            ("Lazio 3 Parma 1", [("Lazio", "PERSON"), ("Parma", "GPE")], [("Lazio", "ORG"), ("Parma", "ORG")]),
            ("Seattle 9 Texas 4", [("Seattle", "GPE"), ("Texas", "GPE")], [("Seattle", "ORG"), ("Texas", "ORG")]),
            # a poll: the candidate's name that is a town, untagged, is no team; under a sport's slug, a club
            ("Dole 45 Clinton 40", [("Clinton", "PERSON")], [("Clinton", "PERSON")]),
            ("SOCCER - ITALIAN FIRST DIVISION RESULTS\nSampdoria 3 Bari 0", [("Sampdoria", "PERSON")],
             [("Sampdoria", "ORG"), ("Bari", "ORG")]),
            # no club's word, a side tagged as a person: a vote
            ("Clinton 5 Dole 4", [("Clinton", "PERSON"), ("Dole", "PERSON")], [("Clinton", "PERSON"), ("Dole", "PERSON")]),
            ("Vicenza 9 6 1 2 15 9 19", [("Vicenza", "PERSON")], [("Vicenza", "ORG")]),  # a standings row
            # a poll's figures: the people the model knows stay people
            ("Clinton 48 Trump 44", [("Clinton", "PERSON"), ("Trump", "PERSON")],
             [("Clinton", "PERSON"), ("Trump", "PERSON")]),
            ("Wigan 36 Bolton 20", [("Wigan", "PERSON"), ("Bolton", "PERSON")],
             [("Wigan", "PERSON"), ("Bolton", "PERSON")]),
        ],
    )  # fmt: skip
    def test_a_score_line_with_one_plain_club_makes_its_opponent_a_club(
        self, nlp: Language, text: str, ents: list[tuple[str, str]], want: list[tuple[str, str]]
    ) -> None:
        assert [(m.text, m.label) for m in tag_entities(misread(nlp, text, *ents))[0]] == want

    @pytest.mark.parametrize(
        ("text", "ents", "want"),
        [
            # a team's nickname (a plural proper noun) on either side of a result verb
            ("Ken Griffey hit a home run as the Mariners edged the Rangers in 11 innings.",
             [("Mariners", "GPE"), ("Rangers", "ORG")], [("Mariners", "ORG"), ("Rangers", "ORG")]),
            # a relative pronoun's antecedent is the side; a club makes the town it beat a club
            ("O'Neal had 31 points for the Lakers, who beat Sacramento for the first time.",
             [("Lakers", "PERSON"), ("Sacramento", "GPE")], [("Lakers", "ORG"), ("Sacramento", "ORG")]),
            ("Quintero pitched a three-hitter as Cleveland beat Minnesota 4-0 in Minneapolis.",
             [("Cleveland", "ORG"), ("Minnesota", "GPE"), ("Minneapolis", "GPE")],
             [("Cleveland", "ORG"), ("Minnesota", "ORG"), ("Minneapolis", "GPE")]),
            # no score and no nickname: a court case; a people; nations play nations
            ("Microsoft beat Texas in court on Tuesday.", [("Microsoft", "ORG"), ("Texas", "GPE")],
             [("Microsoft", "ORG"), ("Texas", "GPE")]),
            ("The Democrats beat the Republicans in Ohio.", [("Democrats", "NORP"), ("Republicans", "NORP")],
             [("Democrats", "NORP"), ("Republicans", "NORP")]),
            ("The Rangers beat Germany 2-0.", [("Rangers", "ORG"), ("Germany", "GPE")],
             [("Rangers", "ORG"), ("Germany", "GPE")]),
            # an event is no nickname; a family against a person is a family
            ("Tokyo held the Olympics in 1964.", [("Tokyo", "GPE"), ("Olympics", "EVENT")],
             [("Tokyo", "GPE"), ("Olympics", "EVENT")]),
            ("Obama beat the Clintons in Iowa.", [("Obama", "PERSON"), ("Clintons", "PERSON")],
             [("Obama", "PERSON"), ("Clintons", "PERSON")]),
        ],
    )  # fmt: skip
    def test_the_sides_of_a_result_verb_are_one_kind_of_team(
        self, nlp: Language, text: str, ents: list[tuple[str, str]], want: list[tuple[str, str]]
    ) -> None:
        got = [(m.text, m.label) for m in tag_entities(misread(nlp, text, *ents))[0]]
        assert [g for g in got if g[0] in {name for name, _ in want}] == want

    @pytest.mark.parametrize(
        ("text", "team"),
        [
            ("4. Jean Alesi (France) Benetton 1:17.855", "Benetton"),
            ("1. Marco Pantani ( Italy ) Mercatone Uno 5:32:11", "Mercatone Uno"),
            ("3. Torsten Vogler ( Germany ) 49.67", None),  # no team between the nation and the result
            ("2. Michael Phelps (U.S.) WR 1:52.03", None),  # a record's mark
            ("1. Cadel Evans ( Australia ) BMC 4:32:10", "BMC"),  # a team in capitals
            ("1. Birgit Fischer ( Germany ) K1 500m 1:51.2", None),  # the event
            ("1. Ben Ainslie ( Britain ) Finn 25 points", None),  # a boat's class, and no time
        ],
    )
    def test_a_ranked_rows_team_stands_between_the_nation_and_the_result(
        self, nlp: Language, text: str, team: str | None
    ) -> None:
        found = tag_entities(nlp(text), nlp)[0]
        assert [m.text for m in found if m.label == "ORG"] == ([team] if team else [])

    @pytest.mark.parametrize(
        ("text", "source", "label"),
        [
            ("PRESS DIGEST - TURKEY - AUG 28\nHURRIYET - Turkish and Greek officials will meet in Brussels.",
             "HURRIYET", "ORG"),
            ("SOUTH CHINA MORNING POST - British negotiators failed to agree.", "SOUTH CHINA MORNING POST", "ORG"),
            ("PRESS DIGEST - SPAIN - EL PAIS AUG 28 .", "EL PAIS", "ORG"),
        ],
    )  # fmt: skip
    def test_a_lines_source_before_a_dash_in_a_digest_or_with_a_papers_word_is_a_paper(
        self, nlp: Language, text: str, source: str, label: str
    ) -> None:
        assert (source, label) in [(m.text, m.label) for m in tag_entities(nlp(text), nlp)[0]]

    @pytest.mark.parametrize(
        ("text", "want"),
        [
            ("ANALYSIS - Why the euro matters to Spain", [("Spain", "GPE")]),
            ("FACTBOX - Key facts on Kenya", [("Kenya", "GPE")]),
            ("GLOBAL MARKETS - Asian shares slip as the dollar firms", []),  # a wire's section
            ("BREAKING NEWS - Troops entered the town at dawn.", []),
            ("US STOCKS - Wall Street ends lower", [("US", "GPE")]),
            ("Q - How do you respond?\nA - We have done nothing wrong.", []),  # a transcript
        ],
    )
    def test_other_labels_before_a_dash_are_no_source(
        self, nlp: Language, text: str, want: list[tuple[str, str]]
    ) -> None:
        """A story's kind, a wire's section or a transcript's speaker is no paper."""
        got = [(m.text, m.label) for m in tag_entities(nlp(text), nlp)[0]]
        assert [g for g in got if g[0] != "Wall Street"] == want

    def test_the_after_a_digest_dash_is_no_part_of_the_name(self, nlp: Language) -> None:
        text = "-- The Financial Times said British Airways was close to an alliance."
        assert "Financial Times" in [m.text for m in tag_entities(nlp(text), nlp)[0]]

    def test_a_score_lines_venue_label_is_a_place(self, nlp: Language) -> None:
        text = "At Chelmsford : Essex 352 and 141-4 ; Derbyshire 270"
        doc = misread(nlp, text, ("Chelmsford", "ORG"), ("Essex", "GPE"), ("Derbyshire", "GPE"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [
            ("Chelmsford", "GPE"), ("Essex", "ORG"), ("Derbyshire", "ORG"),
        ]  # fmt: skip

    def test_a_results_headers_last_word_is_no_part_of_the_competition(self, nlp: Language) -> None:
        doc = misread(nlp, "Five Nations Championship Results", ("Five Nations Championship Results", "ORG"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Five Nations Championship", "EVENT")]
        found = tag_entities(nlp("GOLF - GERMAN OPEN SCORES ."), nlp)[0]
        assert [(m.text, m.label) for m in found] == [("GERMAN OPEN", "EVENT")]

    def test_a_country_alone_in_brackets_is_a_place(self, nlp: Language) -> None:
        text = "71 Retief van Heerden ( South Africa ) 36 35"
        doc = misread(nlp, text, ("Retief van Heerden", "PERSON"))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [
            ("Retief van Heerden", "PERSON"), ("South Africa", "GPE"),
        ]  # fmt: skip
        doc = misread(nlp, "The company (Apple) rose.", ("Apple", "ORG"))  # no country
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [("Apple", "ORG")]

    def test_an_american_football_slug_is_no_name(self, nlp: Language) -> None:
        found = tag_entities(nlp("AMERICAN FOOTBALL - NFL RESULTS ."), nlp)[0]
        assert [(m.text, m.label) for m in found] == [("NFL", "ORG")]

    @pytest.mark.parametrize(
        ("text", "name", "misread_as", "label"),
        [
            ("The line ran past Hancock Pond.", "Hancock Pond", "ORG", "LOC"),
            ("Lincoln Reservoir was begun in 1889.", "Lincoln Reservoir", "ORG", "LOC"),
            ("Sandy Creek has a station.", "Sandy Creek", "PERSON", "LOC"),
            ("Pole position went to Damon Hill.", "Damon Hill", "PERSON", "PERSON"),  # a surname too
        ],
    )  # fmt: skip
    def test_a_name_ending_with_a_natural_features_word_is_a_place(
        self, nlp: Language, text: str, name: str, misread_as: str, label: str
    ) -> None:
        doc = misread(nlp, text, (name, misread_as))
        assert [(m.text, m.label) for m in tag_entities(doc)[0]] == [(name, label)]
