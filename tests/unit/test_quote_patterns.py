"""One test per family of speaker and reported-speech patterns (issue 13), on sentences written for them.

Each family was seen missing on real news; the sentences here are new, so a test checks the rule
(how news is written), not the page it was found on. Uses the real small English model.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.entities import tag_entities
from pipeline.names import NAME_MAX_CHARS
from pipeline.quotes import attribute_quotes, find_quote_marks
from pipeline.quotes.attribution import _Found, _speaker_outside
from pipeline.quotes.context import DocContext
from pipeline.quotes.lexicon import default_lexicon, parse_speech_verbs
from pipeline.quotes.speakers import people_named
from schemas.articles import EntityMention, Quote, Speaker
from tests.unit.readings import misread
from tests.unit.test_quotes import _nlp, quotes_in, quotes_of


@pytest.fixture(scope="module")
def nlp() -> Language:
    return _nlp()


def only(quotes: tuple[Quote, ...], fragment: str, kind: str | None = None) -> Quote:
    found = [q for q in quotes if fragment in q.text and (kind is None or q.kind == kind)]
    assert len(found) == 1, (fragment, quotes)
    return found[0]


def speaker(q: Quote) -> str | None:
    return None if q.speaker is None else q.speaker.name


class TestSpeakerPatterns:
    def test_dash_byline_after_a_quote(self, nlp: Language) -> None:
        """``"…" — Title Name``: the person after the dash says the quote."""
        qs = quotes_of(nlp, "“Every child deserves a safe school.” — Councillor Ruth Okafor")
        assert (speaker(only(qs, "Every child")) or "").endswith("Ruth Okafor")

    def test_a_person_the_lede_describes_is_named_by_the_next_definite_phrase(self, nlp: Language) -> None:
        """ "A veteran fundraiser told donors … ¶ The fundraiser, Lena Hartwell, …": the lede's source named later."""
        text = (
            'A veteran fundraiser told donors in Denver last week that the senator would "never back down," '
            "according to a recording.\n\nThe fundraiser, Lena Hartwell, has worked for the party since 2004."
        )
        assert speaker(only(quotes_of(nlp, text), "never back down", "partial")) == "Lena Hartwell"
        other = text.replace("The fundraiser, Lena Hartwell,", "Another fundraiser, Lena Hartwell,")
        assert speaker(only(quotes_of(nlp, other), "never back down", "partial")) != "Lena Hartwell"

    def test_a_lede_source_quoted_before_being_named_is_named(self, nlp: Language) -> None:
        """ "A senior aide … said … "…," the aide said. ¶ The aide, Tom Lee, …": the quote is Tom Lee's."""
        text = (
            "A senior aide to the governor said the budget would be delayed by at least a week. "
            '"We are not going to sign something we have not read," the aide said.\n\n'
            "The aide, Tom Lee, has worked for the governor since 2015."
        )
        assert speaker(only(quotes_of(nlp, text), "not going to sign", "direct")) == "Tom Lee"

    def test_an_acronym_of_a_title_refers_back_to_its_holder(self, nlp: Language) -> None:
        """ "chief financial officer Anika Sorensen … The CFO said": the acronym of her title's words."""
        text = (
            "Brightwell Foods chief financial officer Anika Sorensen told analysts that margins would recover. "
            'The CFO said input costs had "peaked" in the spring.'
        )
        assert speaker(only(quotes_of(nlp, text), "peaked", "partial")) == "Anika Sorensen"

    def test_a_dash_byline_beats_a_cue_before_the_quote(self, nlp: Language) -> None:
        """A heading such as "What they said:" has a speech verb, but the name signed after the dash says the quote."""
        text = (
            "What the experts said:\n\n"
            "“The plan is sound, and most of it is cheap.” — Professor Maya Collins, Lakeside University\n\n"
            "“Farmers will feel heard.” — Owen Marsh, Rural Alliance"
        )
        qs = quotes_of(nlp, text)
        assert speaker(only(qs, "The plan is sound")) == "Maya Collins"
        assert speaker(only(qs, "Farmers will")) == "Owen Marsh"

    def test_a_noun_the_article_made_a_title_refers_back_to_its_holder(self, nlp: Language) -> None:
        """ "The SNP MSP" after "Kate Forbes, the MSP for Skye": a title word the lexicon lacks still names its holder."""
        text = (
            "Kate Forbes, the MSP for Skye, said she had written to the minister. "
            "The SNP MSP described the delay as 'nothing short of a scandal'."
        )
        assert speaker(only(quotes_of(nlp, text), "nothing short", "partial")) == "Kate Forbes"

    def test_a_name_the_model_missed_is_the_speaker_not_its_title(self, nlp: Language) -> None:
        """ "Local MSP Ewan Dalgleish said": untagged, a first name and a surname are still a person, titled MSP."""
        text = (
            "Local MSP Ewan Dalgleish said he had written to the transport secretary. "
            "The SNP MSP described the latest delay as 'nothing short of a scandal'."
        )
        assert {speaker(q) for q in quotes_of(nlp, text)} == {"Ewan Dalgleish"}

    @pytest.mark.parametrize(
        ("text", "who"),
        [
            (
                "Harbor Mining reported a fall in profit.\n\n"
                "In a statement to the ASX on Tuesday, the company said that “weaker demand” hurt prices.",
                "Harbor Mining",
            ),
            (
                "Ed Pike met Tom Lee on Monday. In a letter to Pike on Tuesday, he wrote: “We need more money.”",
                "Tom Lee",
            ),
        ],
    )
    def test_a_name_in_the_speakers_own_clause_is_somebody_else(self, nlp: Language, text: str, who: str) -> None:
        """Whom a statement went to is not who made it: "the company" or "he" never means the verb's other arguments."""
        assert {speaker(q) for q in quotes_of(nlp, text) if q.kind != "indirect"} == {who}

    @pytest.mark.parametrize(
        ("text", "title"),
        [
            ("The band closed with “Rolling Down the River,” guitarist Tom Hale told the crowd.", "Rolling Down"),
            ("Her new book, “Quiet Money: How Small Savers Beat the Market,” came out in May.", "Quiet Money"),
            ("This year the festival’s theme was “The Harbour Is the Heart.”", "Harbour"),
        ],
    )
    def test_a_title_cased_quote_is_a_title(self, nlp: Language, text: str, title: str) -> None:
        """A song, book or theme in title case is named, not said: scare quotes, no speaker."""
        marked = [(q.kind, speaker(q)) for q in quotes_of(nlp, text) if title in q.text and q.kind != "indirect"]
        assert marked == [("scare", None)]

    @pytest.mark.parametrize(
        ("text", "term"),
        [
            ('Her lawyer said she was arrested on charges of "inciting subversion of state power", a grave charge.',
             "inciting subversion"),
            ('The editor was charged with "endangering national security" last year.', "endangering national"),
            ('The group, known as "the friends of the harbour and all who sail from it", met on Monday.',
             "friends of the harbour"),
        ],
    )  # fmt: skip
    def test_a_quoted_charge_or_name_is_a_term(self, nlp: Language, text: str, term: str) -> None:
        """The legal name of a charge, or a name after "known as", is nobody's words: scare quotes."""
        q = only([q for q in quotes_of(nlp, text) if q.kind != "indirect"], term)
        assert (q.kind, speaker(q)) == ("scare", None)

    def test_a_title_cased_sentence_after_a_colon_is_speech(self, nlp: Language) -> None:
        """'wrote on Twitter: "The Fake News Media Is The Enemy Of The People."': a statement."""
        text = "Mayor Anna Berg wrote on Twitter: “The Harbour Road Will Reopen On Monday.”"
        q = only(quotes_of(nlp, text), "Harbour Road")
        assert (q.kind, speaker(q)) == ("direct", "Anna Berg")

    def test_a_quote_in_a_title_cased_headline_is_still_speech(self, nlp: Language) -> None:
        """A headline writes everything in title case, its quotes included: they stay speech."""
        qs = quotes_of(
            nlp, "Mayor Says Harbour Plan Will “Bring Good Jobs Back to Our Town”\n\nThe mayor spoke on Monday."
        )
        assert only(qs, "Bring Good Jobs", "partial").speaker is not None

    def test_a_quoted_title_before_a_dash_is_not_attributed(self, nlp: Language) -> None:
        """A cited headline ("…" — Outlet) is not a statement of the outlet: it is a title (scare quotes)."""
        text = (
            "Sources:\n\n“Bridge repairs delayed until spring” — Daily Courier, March 3\n\n"
            "Anna Berg. “Council votes to close the harbour road” — Harbour Times, March 4"
        )
        qs = quotes_of(nlp, text)
        assert [(q.kind, speaker(q)) for q in qs] == [("scare", None), ("scare", None)]

    def test_a_statement_before_a_dash_is_still_a_byline(self, nlp: Language) -> None:
        """Words that end as a sentence does, then a dash and a name, are that person's statement."""
        q = only(quotes_of(nlp, "“The harbour road will reopen in May.” — Mayor Anna Berg"), "reopen")
        assert q.kind == "direct" and (speaker(q) or "").endswith("Anna Berg")

    def test_cue_in_a_relative_clause_speaks_for_its_noun(self, nlp: Language) -> None:
        """ "a report, which said that …": the report is the source."""
        qs = quotes_of(nlp, "The auditors published a report, which said that the city had overspent by millions.")
        q = only(qs, "overspent", "indirect")
        assert speaker(q) is not None and speaker(q).endswith("report")  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            ("On drugs, Gavin Webb opined that, “we should legalise the lot.”", "legalise the lot"),
            ("“That is nonsense,” Gavin Webb retorted.", "That is nonsense"),
            ("Gavin Webb grumbled that nobody had asked him.", "nobody had asked him"),
            ("“It was my mistake,” Gavin Webb confessed.", "my mistake"),
        ],
    )
    def test_verbs_of_saying_cue_quotes(self, nlp: Language, text: str, fragment: str) -> None:
        """Verbs that report speech whatever else they say of it (opine, retort, grumble, confess …)."""
        assert speaker(only(quotes_of(nlp, text), fragment)) == "Gavin Webb"

    def test_a_quote_mark_is_never_the_speaker(self, nlp: Language) -> None:
        """ "« … » insisted John Smith": the parser takes "»" for a proper-noun subject; a name has letters."""
        q = only(quotes_of(nlp, "« The plan was drawn up for government critics » insisted John Smith."), "The plan")
        assert speaker(q) == "John Smith"

    @pytest.mark.parametrize(
        ("mention", "start", "kind", "kept"),
        [
            ("win,›", 11, "direct", False),  # an unbalanced mark: a piece of the quote ("‹We ‹will› win,› said …")
            ("John", 3, "direct", False),  # inside the quotation
            ('the "Pose" actor', 40, "direct", True),  # a title in marks
            ("„Die Zeit“ editor", 40, "direct", True),
            ("‚Warned", 40, "direct", False),  # a mark that opens and never closes
            ("› « Wages", 40, "direct", False),  # a close before any open
            ("he", 12, "indirect", True),  # "The landers, he said, could …": reported speech may hold it
        ],
    )
    def test_a_speaker_never_lies_in_its_quotation(self, mention: str, start: int, kind: str, kept: bool) -> None:
        sp = Speaker(name=mention, key=None, mention=mention, start=start, end=start + len(mention))
        assert _speaker_outside(_Found(2, 30, kind, None, sp)) is kept

    @pytest.mark.parametrize(
        ("text", "source"),
        [
            ("Union officials travelled to the Paris headquarters where they said the plant would close.",
             "Union officials"),
            ("Officials met the protesters, who said they would stay in the square.", "protesters"),
        ],
    )  # fmt: skip
    def test_they_is_the_plural_subject_of_the_enclosing_clause(self, nlp: Language, text: str, source: str) -> None:
        """ "Officials went to the Paris office, where they said …": they = the officials, not Paris;
        through "who", the noun the relative clause belongs to."""
        q = next(q for q in quotes_of(nlp, text) if q.kind == "indirect")
        assert speaker(q) == source

    def test_as_x_put_it(self, nlp: Language) -> None:
        """ "As X put it, "…"": X says the quote."""
        qs = quotes_of(nlp, "As Senator Maria Lopez put it, “this budget is a promise we cannot keep.”")
        assert speaker(only(qs, "this budget")) == "Maria Lopez"

    def test_colon_introduction_without_a_speech_verb(self, nlp: Language) -> None:
        """ "X made the following comment: "…"": the subject of the introducing clause speaks."""
        qs = quotes_of(nlp, "Mayor Daniel Brooks made the following comment: “The park will stay open.”")
        assert speaker(only(qs, "The park")) == "Daniel Brooks"

    def test_inverted_said_x(self, nlp: Language) -> None:
        """ "Said Robert King: "…"": the speech verb is not part of the name."""
        qs = quotes_of(nlp, "Said Robert King: “We have done nothing wrong.”")
        assert speaker(only(qs, "nothing wrong")) == "Robert King"

    def test_place_modifying_a_role_is_not_the_speaker(self, nlp: Language) -> None:
        """ "the Ohio senator said": the senator, not Ohio."""
        qs = quotes_of(nlp, "“We need more funding,” the Ohio senator said.")
        assert speaker(only(qs, "more funding")) not in {"Ohio", None}

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Lena Varga's lawyer said the charges would be dropped within a month.", "Lena Varga's lawyer"),
            ("“We will appeal the ruling,” Hadley's attorney said.", "Hadley's attorney"),
            ("Tom Reyes's father told reporters that his son had never owned a gun.", "Tom Reyes's father"),
        ],
    )
    def test_a_persons_lawyer_or_father_is_somebody_else(self, nlp: Language, text: str, expected: str) -> None:
        """ "X's lawyer said": the lawyer speaks, not X (whatever the tagger calls the name)."""
        q = next(q for q in quotes_of(nlp, text) if q.kind in {"direct", "indirect"})
        assert speaker(q) == expected

    def test_a_countrys_police_is_a_body_of_its_own(self, nlp: Language) -> None:
        """ "Hong Kong police said", "the New Zealand government announced": the body speaks, not the country."""
        qs = quotes_of(nlp, "Hong Kong police said the protesters had thrown bricks at officers near the harbour.")
        assert speaker(only(qs, "thrown bricks", "indirect")) == "Hong Kong police"
        qs = quotes_of(nlp, "The New Zealand government announced that a referendum on the flag would be held.")
        assert speaker(only(qs, "referendum", "indirect")) == "New Zealand government"

    def test_an_organisations_spokesman_speaks_for_it(self, nlp: Language) -> None:
        """ "Google's spokesman said": the organisation is the source, as before."""
        qs = quotes_of(nlp, "Google's spokesman said the company would appeal the fine.")
        assert speaker(only(qs, "appeal the fine", "indirect")) == "Google"

    def test_transcript_labels_name_the_speaker(self, nlp: Language) -> None:
        """ "JANE ORTIZ: "…"" and, later, "ORTIZ: "…"": a transcript's speaker label; a heading is none."""
        text = (
            "Ortiz Promises Cheaper Rail Fares\n\n"
            "JANE ORTIZ: “Tonight I ask you to ride with me into a new decade.”\n\n"
            "On Monday night, Governor Jane Ortiz accepted her party's nomination in Denver.\n\n"
            "ORTIZ: “Every family deserves a train that comes on time.”\n\n"
            "Update: “Polls close at eight.”"
        )
        qs = quotes_of(nlp, text)
        assert speaker(only(qs, "ride with me")) == "Jane Ortiz"
        assert speaker(only(qs, "comes on time")) == "Jane Ortiz"
        assert speaker(only(qs, "Polls close")) is None

    def test_a_label_the_tagger_splits_still_names_the_person(self, nlp: Language) -> None:
        """ "JANE ORTIZ:" read as ORG "JANE" + ORG "ORTIZ" (en_core_web_md does so): the article names her."""
        text = (
            "On Monday night, Governor Jane Ortiz accepted her party's nomination in Denver.\n\n"
            "JANE ORTIZ: “Tonight I ask you to ride with me into a new decade.”\n\n"
            "DENVER: “Polls close at eight.”"
        )
        doc = nlp(text)
        mentions, _ = tag_entities(doc)
        label = text.index("JANE ORTIZ")
        on_label = [
            EntityMention(text="JANE", label="ORG", start=label, end=label + 4, canonical="JANE", key="org:jane"),
            EntityMention(
                text="ORTIZ", label="ORG", start=label + 5, end=label + 10, canonical="ORTIZ", key="org:ortiz"
            ),
        ]
        mentions = tuple(sorted([*(m for m in mentions if not label <= m.start < label + 10), *on_label],
                                key=lambda m: m.start))  # fmt: skip
        qs = attribute_quotes(doc, mentions)
        assert speaker(only(qs, "ride with me")) == "Jane Ortiz"
        assert speaker(only(qs, "Polls close")) is None

    def test_a_former_office_holder_is_the_person_named_before(self, nlp: Language) -> None:
        """ "The former governor of Ohio said …" after "Tom Walsh accepted …": Walsh, not the office."""
        text = (
            "On Thursday night, Tom Walsh accepted his party's nomination to run against the president.\n\n"
            "The former governor of Ohio said he would “rebuild the middle class” if voters choose him."
        )
        assert speaker(only(quotes_of(nlp, text), "rebuild the middle class", "partial")) == "Tom Walsh"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "Speaking to reporters, Governor of Vermont Alice Marsh said, “The bridge will reopen in May.”",
                "Alice Marsh",
            ),
            ("Mayor of Riverton said, “The bridge will reopen in May.”", "Mayor of Riverton"),
        ],
    )
    def test_title_of_a_place_is_the_office_holder(self, nlp: Language, text: str, expected: str) -> None:
        """ "Governor of Vermont Alice Marsh said": the person holding the title, never the place."""
        assert speaker(only(quotes_of(nlp, text), "reopen in May")) == expected

    def test_office_holder_is_the_person_the_article_titles_so(self, nlp: Language) -> None:
        """ "Malaysia's Prime Minister said" after "Prime Minister Najib Razak": the named person."""
        text = (
            "Prime Minister Najib Razak visited the port on Monday.\n\n"
            "“We will protect every worker,” Malaysia's Prime Minister said."
        )
        assert speaker(only(quotes_of(nlp, text), "every worker")) == "Najib Razak"

    def test_he_continues_a_run_of_he_subjects(self, nlp: Language) -> None:
        """A person named as an object inside a run of "He …" sentences does not take the run's "he"."""
        text = (
            "Prime Minister Mark Chen spoke for an hour on Tuesday.\n\n"
            "He praised the new budget. He also discussed the arrest of Victor Brandt and the protests in the "
            "capital. He said that Brandt's party “has no future.”"
        )
        assert speaker(only(quotes_of(nlp, text), "has no future", "partial")) == "Mark Chen"

    def test_he_is_the_last_speaker_whether_quoted_or_reported(self, nlp: Language) -> None:
        """A person who said something without marks has spoken too: "he" after it is that person, not
        the last one whose words were quoted."""
        text = (
            "Two Democrats, Rep. Gabriel Montoya and state Attorney General Renata Salcido, are expected to run.\n\n"
            "Montoya told the Albuquerque Journal that he was “seriously considering” a bid.\n\n"
            "Former Gov. Wendell Ortega-Price said he would announce a decision by Thanksgiving.\n\n"
            "He described Senator Eleanor Vickery as “a formidable public servant.”"
        )
        assert speaker(only(quotes_of(nlp, text), "formidable", "partial")) == "Wendell Ortega-Price"

    def test_he_after_an_unnamed_spokesman_is_the_spokesman(self, nlp: Language) -> None:
        """ "…," said a ministry spokesman. He said that …: "he" is the spokesman, not a person named before."""
        text = (
            "The Foreign Ministry rejected Maduro’s claim that the border is closed.\n\n"
            "“We have never closed the border and we will not close it,” said a foreign ministry spokesman. "
            "He said that trucks will continue to cross every day."
        )
        reported = only(quotes_of(nlp, text), "trucks will continue", "indirect")
        assert speaker(reported) is not None
        assert "spokesman" in speaker(reported)

    def test_he_is_never_a_country(self, nlp: Language) -> None:
        """A pronoun after "Mexico rejected …" resolves to the person, not the country."""
        text = (
            "Mexico rejected the plan on Monday. Foreign Minister Luis Ortega spoke to reporters. "
            "“It ignores our farmers,” he said."
        )
        assert speaker(only(quotes_of(nlp, text), "our farmers")) == "Luis Ortega"

    def test_an_unresolved_he_does_not_take_the_countrys_statement(self, nlp: Language) -> None:
        """ "Chile rejected the claim. "…," he said.": with no person named, "he" is nobody known, not Chile."""
        text = "Chile rejected the claim. “Nobody will dictate our trade policy to us,” he said."
        assert speaker(only(quotes_of(nlp, text), "dictate our trade")) != "Chile"

    def test_follow_on_quote_after_a_sentence_about_its_speaker(self, nlp: Language) -> None:
        """A quote opening the sentence after "X issued a statement …" is X's."""
        text = (
            "Senator Laura Kim issued a statement on the ruling. "
            "“This decision ignores the families who live near the plant.”"
        )
        assert speaker(only(quotes_of(nlp, text), "ignores the families")) == "Laura Kim"

    def test_follow_on_quote_after_a_person_with_a_hyphenated_given_name(self, nlp: Language) -> None:
        """ "Another expert, Bong Young-shik …, doubts …" then a quote: the model tags "Bong Young" ORG;
        the whole name is a person, and the quote is his."""
        text = (
            "Another expert, Bong Young-shik from the Asan Institute for Policy Studies in Seoul, doubts the "
            "commitment made by Kim Jong-Un at the congress.\n\n“I think that proposal needs to be weighed to "
            "see if it carries any significance.”"
        )
        assert speaker(only(quotes_of(nlp, text), "proposal needs")) == "Bong Young-shik"

    def test_an_exchange_passes_the_turn(self, nlp: Language) -> None:
        """Bare quotes in a row, one addressing "you", the next opening with a reply: a debate's turns."""
        text = (
            "The two candidates clashed over taxes. Tom Hale said his budget was honest. "
            "Maria Lopez said Hale had hidden his plan from voters."
            "\n\n“You have never told voters what you would cut.”"
            "\n\n“Well, at least I have a plan to balance the budget.”"
            "\n\n“No, no, you are promising everything to everyone.”"
            "\n\n“No, we are not.”"
        )
        quotes = quotes_of(nlp, text)
        assert speaker(only(quotes, "never told voters")) == "Maria Lopez"
        assert speaker(only(quotes, "at least I have a plan")) == "Tom Hale"
        assert speaker(only(quotes, "promising everything")) == "Maria Lopez"
        assert speaker(only(quotes, "No, we are not")) == "Tom Hale"

    def test_naming_the_last_speaker_in_an_exchange_is_the_other_party(self, nlp: Language) -> None:
        """ "I think Tom just criticized me" after a quote addressing "you": the one addressed answers."""
        text = (
            "Tom Hale questioned many of Maria Lopez's answers. He repeated his belief that she is not healthy "
            "enough to serve.\n\n“You decided to stay home, and that is OK.”"
            "\n\n“I think Tom just criticized me for preparing for this debate.”"
        )
        assert speaker(only(quotes_of(nlp, text), "criticized me")) == "Maria Lopez"

    def test_a_speaker_going_on_is_no_exchange(self, nlp: Language) -> None:
        """A reply word alone does not pass the turn: with nobody addressed the speaker goes on."""
        text = (
            "Maria Lopez said the city had tried everything to keep the plant open.\n\n"
            "“We met the owners twice and offered them a tax break.”\n\n“Well, it was not enough in the end.”"
        )
        assert speaker(only(quotes_of(nlp, text), "not enough")) == "Maria Lopez"

    def test_a_role_given_a_name_in_apposition_speaks_by_that_name(self, nlp: Language) -> None:
        """ "The group that owns most of her music, Big Machine, says …": the name, not a place before it."""
        text = (
            "A row involving the singer and two US politicians is ending.\n\n"
            "The group that owns most of her music, Big Machine, says she will be allowed to play her old songs."
        )
        assert speaker(only(quotes_of(nlp, text), "allowed to play")) == "Big Machine"

    def test_the_company_is_never_a_country(self, nlp: Language) -> None:
        """ "The company says …" resolves to an organisation or stays unnamed; "the government" may be a country."""
        text = (
            "Officials in France welcomed the factory. The company says it will hire 200 workers next year. "
            "The government said the plant would open in March."
        )
        quotes = quotes_of(nlp, text)
        assert speaker(only(quotes, "hire 200 workers")) != "France"
        assert speaker(only(quotes, "plant would open")) == "France"

    def test_an_acronym_is_no_pronoun(self, nlp: Language) -> None:
        """ "…, says WHO": the World Health Organization speaks, not the relative pronoun "who"."""
        text = "Untreated pneumonic plague is “always fatal”, says WHO."
        assert speaker(only(quotes_of(nlp, text), "always fatal", kind="partial")) == "WHO"

    def test_a_named_source_reports_what_an_adverb_marks_as_reported(self, nlp: Language) -> None:
        """ "Officers reportedly located …, Matt Harris said": Harris reports it; no unnamed second report."""
        text = "During the search, officers reportedly located marijuana and a handgun in the car, Matt Harris said."
        found = [q for q in quotes_of(nlp, text) if "located marijuana" in q.text]
        assert [speaker(q) for q in found] == ["Matt Harris"]

    def test_she_is_not_the_man_named_with_a_suffix(self, nlp: Language) -> None:
        """ "Carlineo" is "Patrick Carlineo Jr.", a man: "She added" after Omar's letter is Omar's."""
        text = (
            "Patrick Carlineo Jr. pleaded guilty to threatening Ilhan Omar. Carlineo was arrested in April.\n\n"
            "Omar asked for compassion during Carlineo's sentencing in a letter, saying she did not think a severe "
            "sentence would help. She added, “We must teach the defendant love.”"
        )
        assert speaker(only(quotes_of(nlp, text), "teach the defendant")) == "Ilhan Omar"

    def test_they_continues_the_group_subject_before(self, nlp: Language) -> None:
        """ "Analysts expect … . They say …": the analysts, not the company named in between."""
        text = (
            "Ford will show its first electric SUV on Sunday. Analysts expect the number of electric models "
            "for sale to grow from 16 to 80 by 2022. They say the wider choice will make them more popular."
        )
        assert speaker(only(quotes_of(nlp, text), "wider choice")) == "Analysts"

    def test_they_continues_a_person_and_colleagues(self, nlp: Language) -> None:
        """ "Jennifer Pluznick and her colleagues … . They demonstrated …": the group is led by Pluznick."""
        text = (
            "Jennifer Pluznick and her colleagues had continued to study the receptor at the University of "
            "Pennsylvania. They demonstrated in 2013 that it responded to molecules secreted by microbes."
        )
        assert speaker(only(quotes_of(nlp, text), "responded to molecules")) == "Jennifer Pluznick"

    def test_a_name_modifying_a_noun_is_no_referent_of_it(self, nlp: Language) -> None:
        """ "its order of 30 Boeing jets …, it announced": "it" is the airline, not the jets' maker."""
        text = (
            "Boeing sold 30 jets to Emirates on Wednesday. As of October, Emirates had a fleet of 270 aircraft. "
            "In addition to its order of 30 Boeing jets on Wednesday, it announced an order of 50 Airbus jets on Monday."
        )
        assert speaker(only(quotes_of(nlp, text), "50 Airbus jets")) == "Emirates"

    def test_a_named_office_speaks_not_its_district(self, nlp: Language) -> None:
        """ "…, the U.S. Attorney's Office for the Western District of New York announced": the office."""
        text = (
            "A Buffalo man pleaded guilty to threatening a lawmaker, the U.S. Attorney’s Office for the Western "
            "District of New York announced Monday."
        )
        who = speaker(only(quotes_of(nlp, text), "pleaded guilty")) or ""
        assert who.startswith("U.S. Attorney") and who.endswith("New York")

    def test_an_organisations_court_is_a_body_of_its_own(self, nlp: Language) -> None:
        """ "The European Union's top court ruled that …": the court, not the Union."""
        text = "The European Union’s top court last week ruled that products made in settlements must be labelled."
        assert speaker(only(quotes_of(nlp, text), "must be labelled")) == "European Union’s top court"

    def test_the_man_brought_in_without_a_name_is_not_a_named_man(self, nlp: Language) -> None:
        """ "A UK man … Owen Dempsey … the man wrote": the unnamed man speaks, not the doctor; a role
        brought in with a name ("a spokesman, Ivan Petrov,") still refers to that name."""
        text = (
            "A UK man’s decision to change his bedding made him ill, his doctors say. Owen Dempsey, a chest "
            "doctor, talked with the man over the phone. “It doesn’t affect me at all now,” the man wrote."
        )
        assert speaker(only(quotes_of(nlp, text), "affect me")) == "man"
        named = "A spokesman for the ministry, Ivan Petrov, spoke on Monday. “We will not yield,” the spokesman said."
        assert speaker(only(quotes_of(nlp, named), "not yield")) == "Ivan Petrov"

    def test_a_described_company_is_the_company_named(self, nlp: Language) -> None:
        """ "The German automaker says …" after Volkswagen is Volkswagen; "the rival carmaker" is not."""
        text = (
            "Volkswagen showed the ID Space Vizzion wagon in Los Angeles. "
            "The German automaker says the wagon will go on sale in 2021."
        )
        assert speaker(only(quotes_of(nlp, text), "go on sale")) == "Volkswagen"
        rival = "Volkswagen showed a wagon in Los Angeles. The rival carmaker said it would cut its prices."
        assert speaker(only(quotes_of(nlp, rival), "cut its prices")) != "Volkswagen"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "Islanders are without a ferry after Westway Lines confirmed the delay. "
                "The ferry operator said that faults had been found in sea trials.",
                "Westway Lines",
            ),
            (
                "Shares in Corvane Holdings rose on Tuesday. The mining group said output had doubled.",
                "Corvane Holdings",
            ),
        ],
    )
    def test_a_role_narrowed_by_a_common_noun_keeps_its_referent(self, nlp: Language, text: str, expected: str) -> None:
        """ "the ferry operator", "the mining group": a common noun before the role says what kind of
        organisation it is, like an adjective ("the German automaker"), not which other one."""
        assert speaker(only(quotes_of(nlp, text), "", "indirect")) == expected

    def test_a_name_set_off_before_the_verb_names_the_organisation(self, nlp: Language) -> None:
        """ "The agency that runs the trains, Metro Rail, said …": the parse hangs the name on the
        clause's last noun, but set off by commas right before the verb it names the agency."""
        text = "The agency that runs the trains, Metro Rail, said services would resume on Monday."
        assert speaker(only(quotes_of(nlp, text), "services", "indirect")) == "Metro Rail"

    def test_people_of_somebody_are_not_that_person(self, nlp: Language) -> None:
        """ "Multiple friends of Mike Ford had told me …" are the friends; "a group of Swiss scientists" is
        no nationality; "Top officials, including Eli Yishai," still names him."""
        quotes = quotes_of(nlp, "Multiple friends of Mike Ford had told me that they were suppressing his work.")
        assert speaker(only(quotes, "suppressing his work")) == "Multiple friends of Mike Ford"
        quotes = quotes_of(nlp, "A group of Swiss scientists reported that the receptor was active.")
        assert speaker(only(quotes, "receptor was active")) != "Swiss"
        text = "Top Israeli officials, including Interior Minister Eli Yishai, have claimed that the plan will fail."
        assert speaker(only(quotes_of(nlp, text), "plan will fail")) == "Eli Yishai"

    @pytest.mark.parametrize(
        ("text", "named"),
        [
            ("A person close to Rep. Dana Voss said she was deeply frustrated by the vote.", "Dana Voss"),
            ("Maria Becker leads in Ohio. A Becker adviser said the campaign would appeal the ruling.", "Maria Becker"),
            ("Tom Ortega spoke on Monday. An Ortega spokesman said the senator would not attend.", "Tom Ortega"),
        ],
    )  # fmt: skip
    def test_a_person_the_subject_relates_to_is_not_the_speaker(self, nlp: Language, text: str, named: str) -> None:
        """A name in the subject's prepositional phrase or modifying it from before is somebody else."""
        q = only(quotes_of(nlp, text), "", "indirect")
        assert speaker(q) is not None and speaker(q) != named

    def test_a_name_in_apposition_to_a_place_in_the_subject_still_speaks(self, nlp: Language) -> None:
        """ "The senator from Ohio, Maria Lopez, said": the parse hangs the name on Ohio; she is the senator."""
        q = only(
            quotes_of(nlp, 'The Democratic senator from Ohio, Maria Lopez, said: "This is a good day."'), "good day"
        )
        assert speaker(q) == "Maria Lopez"

    def test_the_clause_after_the_verb_is_the_report(self, nlp: Language) -> None:
        """ "While X is not possible yet, Anna Berg said the study points the way": the report is what
        follows "said", not the adverbial clause the parser also hung on it."""
        text = (
            "While slowing down the metabolic rate of humans is not possible yet, research team head "
            "Anna Berg said the study points the way."
        )
        report = only(quotes_of(nlp, text), "points the way")
        assert report.text == "the study points the way" and speaker(report) == "Anna Berg"

    def test_he_between_the_halves_of_an_utterance_is_not_the_one_it_names(self, nlp: Language) -> None:
        """ "You might remember him …," he said. "… Mr. Michael McDonald.": one utterance, and the "he"
        reporting its first half is not the man its second half names."""
        text = (
            "Michael McDonald sang on the new record. McDonald came out during the encore, and Patrick "
            "Simmons teed up McDonald’s cameo. “You might remember him from, well, he has his own band these "
            "days,” he said. “But you might remember him from his band, the Doobie Brothers — Mr. Michael McDonald.”"
        )
        assert speaker(only(quotes_of(nlp, text), "has his own band")) == "Patrick Simmons"

    def test_judgements_are_no_reports(self, nlp: Language) -> None:
        """ "It is hard to believe it is priced at $399", "Smith found it difficult to talk", "Lawyers will
        find the interview a treasure trove": nobody reports anything; "a study found that …" does."""
        for text, fragment in (
            ("Amazon cut the price again. It is pretty hard to believe it is priced at $399.", "priced at"),
            ("Valerie Smith still found it difficult to talk about his death.", "difficult to talk"),
            ("Lawyers for the victims will find the interview a treasure trove of material.", "treasure trove"),
        ):
            assert not [q for q in quotes_of(nlp, text) if fragment in q.text], text
        text = "A new study found that most adults sleep less than seven hours a night."
        assert speaker(only(quotes_of(nlp, text), "most adults sleep")) is not None

    def test_a_term_cue_ending_the_sentence_before_introduces_nothing(self, nlp: Language) -> None:
        """ "… doubled down on the slogan." then a tweet: the tweet is speech, not the slogan."""
        text = (
            "Kristi Noem saw the reaction and doubled down on the slogan.\n\n“Hey Twitter, the whole point of "
            "this ad campaign is to raise awareness,” Noem tweeted."
        )
        quote = only(quotes_of(nlp, text), "whole point")
        assert quote.kind == "direct" and speaker(quote) == "Kristi Noem"

    def test_a_one_word_reply_before_its_speech_verb_is_speech(self, nlp: Language) -> None:
        """ "“No,” he said. “No. You tell me one …”": the reply is a direct quote, and the next goes on."""
        text = (
            "Elena Ruiz interviewed Mike Ford for a convention and asked him for a story.\n\n"
            "“No,” he said. “No. You tell me one, and when you are gone, I will tell it to somebody else.”"
        )
        quotes = quotes_of(nlp, text)
        reply = next(q for q in quotes if q.text.startswith("No,"))
        assert reply.kind == "direct" and speaker(reply) == "Mike Ford"
        assert speaker(only(quotes, "You tell me one")) == "Mike Ford"

    def test_review_counter_examples(self, nlp: Language) -> None:
        """Sentences a review wrote against today's rules: each rule keeps to its own case."""
        cases = (
            # an organisation named as a modifier is still what "the company" refers to
            (
                "Boeing shares fell 5 percent on Monday. The company said it would cut 2,000 jobs.",
                "cut 2,000",
                "Boeing",
            ),
            # an organisation's board speaks for it
            ("A statement from the Apple board said Tim Cook would stay.", "Cook would stay", "Apple"),
            # a coach's own "No, …" after his generic "you" stays his
            (
                "Coach Mike Brown praised Tom Ellis after the game. “You never know what happens in a final,” "
                "Brown said.\n\n“You have to stay calm.”\n\n“No, I do not think we were lucky.”",
                "we were lucky",
                "Mike Brown",
            ),
            # a man named since he was brought in is that name
            (
                "A man was arrested on Monday. Police later named the man as John Smith, 43. "
                "“I did nothing,” the man told reporters.",
                "did nothing",
                "John Smith",
            ),
            (
                "A spokesman declined to comment. Later, company spokesman John Doe said the plant would close. "
                "“We tried,” the spokesman added.",
                "We tried",
                "John Doe",
            ),
            # a second speech verb and name between two quotes: not one utterance
            (
                "John Smith met the board. “It went badly,” he said, while chairman Peter Jones replied: "
                "“Smith was never going to win.”",
                "went badly",
                "John Smith",
            ),
        )
        for text, fragment, who in cases:
            assert speaker(only(quotes_of(nlp, text), fragment)) == who, text
        found = quotes_of(nlp, "Researchers found the drug effective in 70 percent of patients.")
        assert speaker(only(found, "drug effective")) == "Researchers"

    def test_the_following_statement(self, nlp: Language) -> None:
        """ "X issued the following statement …" announces the next quote, even past another sentence."""
        text = (
            "Senator Laura Kim issued the following statement after the vote. "
            "The director had refused to answer questions from Jane Roe.\n\n"
            "“This decision shames the agency and everyone who works there.”"
        )
        assert speaker(only(quotes_of(nlp, text), "shames the agency")) == "Laura Kim"

    def test_statement_speaks_for_its_author(self, nlp: Language) -> None:
        """ "Kim's statement added, "…"": the author of the statement speaks."""
        text = "Senator Laura Kim was angry. Kim's statement added, “The plant must close.”"
        assert (speaker(only(quotes_of(nlp, text), "must close")) or "").endswith("Kim")

    def test_according_to_after_a_quote(self, nlp: Language) -> None:
        """ "…", according to the Herald: the Herald is the source."""
        text = "By then, “the wards were full and the staff exhausted”, according to the Daily Herald."
        assert "Herald" in (speaker(only(quotes_of(nlp, text), "wards were full")) or "")

    def test_a_name_that_is_also_a_month_speaks(self, nlp: Language) -> None:
        """ "said May, who leads …": the model may tag "May" a date; the subject is still the speaker."""
        text = 'Labour attacked the plan. "We will leave the EU on time," said May, who leads the Conservatives.'
        assert speaker(only(quotes_of(nlp, text), "leave the EU")) == "May"

    def test_according_to_reports_its_content_with_a_quote_inside(self, nlp: Language) -> None:
        """ "According to X, <clause>, "…"": the clause is X's report, the quote inside it too."""
        text = (
            "Mara Quist is an economist at Helder Bank. According to her, prices should fall early next year, "
            "“provided that the winter harvest is normal.”"
        )
        report = only(quotes_of(nlp, text), "prices should fall", "indirect")
        assert (report.report, speaker(report)) == ("sourcing", "Mara Quist")

    @pytest.mark.parametrize(
        "text",
        [
            "“Don’t hide things like this,” one commenter wrote on Weibo, per the Times.",
            "Border agents “say you have to pay attention to this,” he said, according to the Register.",
            # the phrase sources the quote right after it, not the clause before it
            "By then the ward was full, and in the words of the chief nurse, Ann Roe, “nobody slept for a week.”",
        ],
    )
    def test_a_quote_the_source_carries_is_no_content_of_its_own(self, nlp: Language, text: str) -> None:
        """The quote (with its speech verb) is the statement the source carries: no report of the source's own."""
        assert [q for q in quotes_of(nlp, text) if q.report == "sourcing"] == []

    def test_in_the_words_of_names_the_person_in_apposition(self, nlp: Language) -> None:
        """ "in the words of the Crown prosecutor, Mark Tedeschi, "…"": the prosecutor named, not the Crown."""
        text = "In the words of the Crown prosecutor, Mark Tedeschi, “the child suffered for months.”"
        assert speaker(only(quotes_of(nlp, text), "suffered")) == "Mark Tedeschi"

    def test_a_headline_is_not_the_subject_of_the_first_sentence(self, nlp: Language) -> None:
        """A headline without a full stop is a line of its own: its nouns do not speak in the body."""
        text = (
            "Pending Ballot Count, Lesotho's Thabane Eyes 'Challenge of Governing'\n\n"
            "Opposition leader Tom Kalaba late Tuesday laid to rest persistent media reports of a deal "
            "with the ruling party, but made clear that he believes the ballots gave him a mandate.\n\n"
            "“The country will never be the same,” he said."
        )
        assert speaker(only(quotes_of(nlp, text), "never be the same")) == "Tom Kalaba"

    @pytest.mark.parametrize(
        "dateline",
        ["HARTFORD (Reuters) - ", "SALEM, Ore. (AP) — ", "BOISE — ", "HARTFORD, March 3 (Reuters) - "],
    )
    def test_a_dateline_before_the_first_sentence_never_speaks(self, nlp: Language, dateline: str) -> None:
        """A wire dateline ends before its dash: the sentence after it has its own subject."""
        text = f"{dateline}Democratic candidate Miriam Oyelowo said on Friday she would end the state's car tax."
        q = only(quotes_of(nlp, text), "car tax", "indirect")
        assert speaker(q) == "Miriam Oyelowo"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("The nurses left the ward at noon. Several said they would strike again.", "Several of the nurses"),
            ("Farm workers blocked the bridge. Two said they had not been paid.", "Two farm workers"),
        ],
    )
    def test_a_bare_count_counts_from_the_group_before(self, nlp: Language, text: str, expected: str) -> None:
        """ "Several said …" after a sentence about the nurses: several of the nurses."""
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert speaker(q) == expected

    def test_letters_after_the_name_do_not_name_the_speaker(self, nlp: Language) -> None:
        """ "Niamh Brennan TD said …": the parse heads the name by "TD"; the speaker is the person."""
        q = only(quotes_of(nlp, "Niamh Brennan TD said the rents were far too high."), "rents", "indirect")
        assert speaker(q) is not None and "TD" not in speaker(q) and "Brennan" in speaker(q)
        # a party before the letters is no person: "the SNP MSP" is not the SNP
        q = only(quotes_of(nlp, "The SNP MSP said the ferries were a scandal."), "ferries", "indirect")
        assert speaker(q) != "SNP"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Sources close to the club said the manager would stay.", "Sources close to the club"),
            ("Two officials involved in the talks said a deal was near.", "Two officials involved in the talks"),
            ("A report circulated among ministers on Friday said the plan was late.", "A report"),
        ],
    )
    def test_unnamed_people_are_named_by_the_phrase_saying_which_ones(
        self, nlp: Language, text: str, expected: str
    ) -> None:
        """ "Sources close to the club", not "Sources"; a document's participle phrase is no such name."""
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert speaker(q) == expected

    def test_how_many_of_whom_speak(self, nlp: Language) -> None:
        """ "Hundreds of nurses chanted …": the speakers are the nurses, not "Hundreds"."""
        text = 'Hundreds of striking nurses marched past the hospital on Monday, chanting "Safe staffing saves lives."'
        assert speaker(only(quotes_of(nlp, text), "Safe staffing")) == "Hundreds of striking nurses"

    @pytest.mark.parametrize(
        ("text", "fragment", "expected"),
        [
            ('The mayor has called his rival "Tax-Hike Tom" at every debate.', "Tax-Hike Tom", "mayor"),
            ('Farmers blocked the bridge and chanted "Fair Prices Now!" until dusk.', "Fair Prices Now", "Farmers"),
        ],
    )
    def test_a_name_the_subject_calls_or_chants_is_their_words(
        self, nlp: Language, text: str, fragment: str, expected: str
    ) -> None:
        """Capitalised like a name, yet the object of an utterance verb in the active voice: speech."""
        q = only(quotes_of(nlp, text), fragment)
        assert (q.kind, speaker(q)) == ("partial", expected)

    def test_a_term_cue_before_a_comma_belongs_to_another_clause(self, nlp: Language) -> None:
        """ "… by name, calling her "X"": "name" is no cue of the quote after the comma."""
        text = 'The mayor attacked his rival by name, calling him "Tax-Hike Tom" at every stop.'
        assert speaker(only(quotes_of(nlp, text), "Tax-Hike Tom", "partial")) == "mayor"

    @pytest.mark.parametrize(
        "text",
        [
            'The fortress, dubbed "The Rock" by inmates, closed in 1963.',
            'She starred in a drama called "Harbour Lights" for six years.',
        ],
    )
    def test_a_name_given_in_the_passive_or_a_participle_stays_a_term(self, nlp: Language, text: str) -> None:
        q = next(q for q in quotes_of(nlp, text) if q.kind != "indirect")
        assert (q.kind, q.speaker) == ("scare", None)

    def test_she_is_the_main_subject_not_the_one_inside_her_report(self, nlp: Language) -> None:
        """The latest sentence naming both decides: its main subject, not its reported clause's."""
        text = (
            "Senator Ines Marlowe and Mayor Greta Vos spoke at the rally. "
            '"We have work to do," Vos said.\n\n'
            "Marlowe told the crowd that Vos was the only candidate who had balanced a budget. "
            "She said she had not spoken to the governor in a year."
        )
        q = only(quotes_of(nlp, text), "not spoken to the governor", "indirect")
        assert speaker(q) == "Ines Marlowe"

    @pytest.mark.parametrize(
        ("text", "fragment", "expected"),
        [
            (
                "Sen. Harriet Oduya of Vermont and Sen. Luis Varga of Arizona sponsored the bill. "
                "Sen. Glen Fairbanks of Kansas opposed it. "
                '"This bill protects every farmer," the Arizona senator said.',
                "every farmer",
                "Luis Varga",
            ),
            (
                "The panel's chairwoman, Rep. Nadia Coombs, a Georgia Democrat, opened the hearing. "
                '"Nobody is above the rules," the Georgia Democrat said.',
                "above the rules",
                "Nadia Coombs",
            ),
        ],
    )
    def test_the_place_in_a_description_picks_the_person(
        self, nlp: Language, text: str, fragment: str, expected: str
    ) -> None:
        """ "the Arizona senator" is the senator "of Arizona"; "the Georgia Democrat" the one described so."""
        assert speaker(only(quotes_of(nlp, text), fragment)) == expected

    @pytest.mark.parametrize(
        ("text", "fragment", "expected"),
        [
            ("Gov. Hal Brenner lost the primary. His campaign said he would endorse the winner.", "endorse", "Hal Brenner's campaign"),
            ('Sen. Ada Kwame stayed silent. "She will vote no," her spokeswoman said.', "vote no", "Ada Kwame's spokeswoman"),
        ],
    )  # fmt: skip
    def test_a_role_owned_by_a_pronoun_is_named_by_its_owner(
        self, nlp: Language, text: str, fragment: str, expected: str
    ) -> None:
        """ "his campaign" speaks as somebody else than "he": named by the person the pronoun means."""
        q = only(quotes_of(nlp, text), fragment)
        assert (speaker(q), q.speaker.key if q.speaker else None) == (expected, None)

    def test_an_office_is_nobody_the_article_titles_with_another(self, nlp: Language) -> None:
        """ "Sen. Ida Holm …. The mayor said": not the senator; an unnamed mayor."""
        text = "Sen. Ida Holm opposed the stadium deal on Monday. The mayor said the city would pay its share."
        q = only(quotes_of(nlp, text), "pay its share", "indirect")
        assert speaker(q) == "mayor"

    def test_an_organisation_named_as_another_kind_is_not_the_role(self, nlp: Language) -> None:
        """ "Congress passed the bill. … The union said": Congress is no union."""
        text = (
            "Congress passed the rail bill on Friday after a long night of votes. "
            "The union said its members would strike if the bill became law."
        )
        q = only(quotes_of(nlp, text), "would strike", "indirect")
        assert speaker(q) == "union"

    def test_the_cue_next_to_the_quote_reports_it(self, nlp: Language) -> None:
        """ "Asked whether …, X says, "…"": the speech verb beside the quote, not the question put to X."""
        text = (
            "Asked whether he expected President Ruto would win the vote, even though his own name was "
            "still on the ballot, Odinga says, “He is not going to win. He is going to declare himself the "
            "winner.”"
        )
        assert speaker(only(quotes_of(nlp, text), "declare himself")) == "Odinga"

    def test_a_cue_in_the_next_paragraph_is_not_the_quotes(self, nlp: Language) -> None:
        """A quote standing alone as a paragraph is not reported by the next paragraph's "X said".

        The small model hangs the next paragraph's speech verb below the quote's verb when nothing
        starts a sentence at the break; a paragraph break ends an attribution all the same.
        """
        text = (
            "Another expert, Choi Jae-won from the Hanyang Institute, doubts the promise.\n\n"
            "“I think that promise needs to be tested.”\n\n"
            "Another expert, Park Ji-won of the Sejong Institute, said the plan was weak."
        )
        assert speaker(only(quotes_of(nlp, text), "promise needs to be tested")) != "Park Ji-won"

    def test_a_cue_in_the_next_sentence_is_not_the_quotes(self, nlp: Language) -> None:
        """After a quote ending with a full stop, the next sentence's "X said" is not its cue."""
        text = (
            "Captain Harry Kane spoke first. He said, “We could have scored three goals.” "
            "After the match, Tunisia's coach Nabil Maaloul said his team was tired."
        )
        assert speaker(only(quotes_of(nlp, text), "three goals")) == "Harry Kane"

    def test_block_quote_after_a_colon(self, nlp: Language) -> None:
        """A paragraph after an introduction ending with a colon is the introduced speaker's quote."""
        text = "Activist Nora Haddad wrote on her blog:\n\nThe river has been poisoned for years and nobody listens."
        q = only(quotes_of(nlp, text), "The river", "direct")
        assert speaker(q) == "Nora Haddad"

    def test_embedded_post_and_its_translation(self, nlp: Language) -> None:
        """ "@handle: text" is the handle's post; a following paragraph in another script translates it."""
        text = "Users reacted quickly.\n\n@kolya_m: Это полный провал\n\nThis is a complete failure"
        qs = quotes_of(nlp, text)
        assert speaker(only(qs, "Это")) == "@kolya_m"
        assert speaker(only(qs, "complete failure")) == "@kolya_m"

    def test_translation_in_the_same_script(self, nlp: Language) -> None:
        """A quoted passage in another language of the same script, then its translation: both the speaker's."""
        text = (
            "Journalist Carlos Puig wrote on his blog:\n\n"
            "Las bandas criminales siguen jugando su partido y el árbitro no tiene idea de las reglas.\n\n"
            "The criminal gangs keep playing their game and the referee has no idea of the rules.\n\n"
            "The government did not answer."
        )
        qs = quotes_of(nlp, text)
        assert speaker(only(qs, "bandas criminales", "direct")) == "Carlos Puig"
        assert speaker(only(qs, "The criminal gangs", "direct")) == "Carlos Puig"
        assert not [q for q in qs if "did not answer" in q.text and q.kind == "direct"]

    def test_a_translation_runs_as_long_as_its_original(self, nlp: Language) -> None:
        """Two paragraphs in another language, then two translating them: all four are the speaker's, no more."""
        text = (
            "Economist Lucia Ferrante wrote on her blog:\n\n"
            "Los precios del pan subieron otra vez esta semana en todos los barrios.\n\n"
            "Nadie en el gobierno explica por qué los salarios no suben también.\n\n"
            "Bread prices went up again this week in every neighbourhood.\n\n"
            "Nobody in the government explains why wages do not go up as well.\n\n"
            "The finance ministry has not replied to requests for comment."
        )
        qs = quotes_of(nlp, text)
        for fragment in ("Los precios", "Nadie en", "Bread prices", "Nobody in"):
            assert speaker(only(qs, fragment, "direct")) == "Lucia Ferrante", fragment
        assert not [q for q in qs if "has not replied" in q.text and q.kind == "direct"]

    @pytest.mark.parametrize(
        "middle",
        [
            "“Prices are rising everywhere,” a baker said.\n\n@kiptoo_b: Bread prices are a scandal in every town.",
            "@kiptoo_b: Los precios del pan son un escándalo.\n\nBread prices are a scandal.",
        ],
        ids=["quote-then-post", "post-and-its-translation"],
    )
    def test_an_untranslated_passage_does_not_make_later_narration_a_quote(self, nlp: Language, middle: str) -> None:
        """A passage left without translation owes nothing to the passages after it."""
        text = (
            "Economist Lucia Ferrante wrote on her blog:\n\n"
            "Los precios del pan subieron otra vez esta semana en todos los barrios.\n\n"
            f"{middle}\n\n"
            "The finance ministry has not replied to requests for comment."
        )
        assert not [q for q in quotes_of(nlp, text) if "has not replied" in q.text and q.kind == "direct"]

    def test_he_is_never_a_name_later_in_his_own_clause(self, nlp: Language) -> None:
        """ "He described Montalvo as …": the subject pronoun is not Montalvo, whoever was named most."""
        text = (
            "Daniel Montalvo was arrested last week. Montalvo has been helped by former members. "
            "Mark Rathbun asked for donations to help Montalvo. "
            'He described Montalvo as a man "facing prison for leaving a life of slavery".'
        )
        assert speaker(only(quotes_of(nlp, text), "facing prison", "partial")) == "Mark Rathbun"

    def test_an_introduction_ending_with_a_colon_is_not_the_post_before_it(self, nlp: Language) -> None:
        """After a post, a paragraph ending with a colon introduces the next quote; it is no quote itself."""
        text = (
            "Readers answered at once.\n\n"
            "@kiptoo_b: Interns contribute, companies gain. Win - Win. #FairPay\n\n"
            "Writers have also joined in. Columnist Wanjiru Kamau argued that the law already protects interns:\n\n"
            "Read the labour code. After three months the employer must hire you or let you go."
        )
        qs = quotes_of(nlp, text)
        assert not [q for q in qs if "Writers have" in q.text and q.kind == "direct"]
        assert speaker(only(qs, "Read the labour code", "direct")) == "Wanjiru Kamau"

    def test_a_pronoun_after_a_block_quote_is_not_a_name_inside_it(self, nlp: Language) -> None:
        """Names inside a block quote are no antecedents, and its sentences do not push the speaker out of reach."""
        text = (
            "Teacher Daniel Okonkwo described the first day on his blog:\n\n"
            "The classrooms were empty. Parents kept their children home. Governor Ruth Abiola came at noon. "
            "She spoke to the guards. The guards shrugged. Nobody had been paid. The gates stayed shut.\n\n"
            "He then criticised the ministry, arguing that the strike could have been avoided:\n\n"
            "Every warning was ignored, and now the children pay for it."
        )
        qs = quotes_of(nlp, text)
        assert speaker(only(qs, "Every warning", "direct")) == "Daniel Okonkwo"

    def test_a_bracketed_aside_between_the_name_and_its_verb(self, nlp: Language) -> None:
        """``Name (@handle) [pt] described …:``: the name before the bracketed asides is the verb's subject."""
        text = (
            "Protesters filled the square on Sunday.\n\n"
            "In Porto Alegre, Ana Ribeiro (@anaribeiro) [pt] described the night:\n\n"
            "The streets were full of smoke and nobody knew where to run."
        )
        assert speaker(only(quotes_of(nlp, text), "full of smoke", "direct")) == "Ana Ribeiro"

    def test_a_curly_closing_mark_closes_even_when_mis_spaced(self) -> None:
        """“…” marks have a direction: a ” with a space before it still closes the quote it follows."""
        text = "The audit found “long delays and rising costs ”. The agency disputed it."
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["long delays and rising costs"]

    def test_an_introduced_quote_never_closed_ends_with_its_paragraph(self) -> None:
        """ "X said, "… with no closing mark is a quote up to its paragraph's end; a stray mark is nothing."""
        text = 'Governor Ana Ruiz said, "The museum worked hard for this.\n\nVisitors arrived early on Sunday.'
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["The museum worked hard for this."]
        stray = 'He called it "a disaster and left.\n\nVisitors arrived early on Sunday.'
        assert find_quote_marks(stray) == []

    def test_quote_running_on_into_the_next_paragraph(self) -> None:
        """A quote that goes on into the next paragraph without re-opening closes there."""
        text = 'He said, "We played well.\n\nThe team never gave up." Then he left.'
        assert [text[a:b] for a, b in find_quote_marks(text)] == ["We played well.", "The team never gave up."]

    def test_cue_in_another_paragraph_does_not_report_a_quote(self, nlp: Language) -> None:
        """The next paragraph's "X said" never names the speaker of a quote above it."""
        text = "“The vote is rigged.”\n\nOfficials said the count would resume on Friday."
        assert speaker(only(quotes_of(nlp, text), "rigged")) != "Officials"


class TestCanonicalNames:
    def test_a_name_inside_a_quote_is_not_the_canonical_name(self, nlp: Language) -> None:
        """The fuller form used only inside a quotation never names the person: the narration's form does."""
        text = "Reyes spoke on Tuesday. His rival said “Tom Reyes is a fraud.” Reyes did not answer."
        _, entities = tag_entities(nlp(text))
        assert "Tom Reyes" not in [e.name for e in entities]
        assert any(e.name == "Reyes" and "Tom Reyes" in e.aliases for e in entities)

    def test_an_all_caps_heading_does_not_name_a_speaker(self, nlp: Language) -> None:
        """A name in an ALL-CAPS subheading gives way to the narration's form."""
        text = "MAYOR ANNA BERG SPEAKS\n\nMayor Anna Berg opened the bridge. “It is finished,” Berg said."
        doc = nlp(text)
        _, entities = tag_entities(doc)
        assert "Anna Berg" in [e.name for e in entities]
        assert all(not e.name.isupper() for e in entities if e.label == "PERSON")


class TestReportedSpeech:
    @pytest.mark.parametrize(
        ("text", "content", "source", "report"),
        [
            ("The senator described the governor's approach as reckless.", "approach as reckless", "senator",
             "communication"),
            ("The mayor urged residents to stay indoors until the storm passes.", "stay indoors", "mayor",
             "communication"),
            ("Police have appealed to anyone with information about the crash to contact Crime Stoppers.",
             "contact Crime Stoppers",
             "Police", "communication"),
            ("The judge directed the council to file a fresh report within two weeks.", "file a fresh report",
             "judge", "communication"),
            ("The National Hurricane Center urged people in evacuation zones to stay indoors.", "to stay indoors",
             "National Hurricane Center", "communication"),
            ("Opposition leaders questioned whether the vote could be held safely.", "whether the vote", "leaders",
             "communication"),
            ("Senator Mark Reed supports expanding the program to all veterans.", "expanding the program",
             "Mark Reed", "attitude"),
            ("The governor wants to raise the minimum wage next year.", "raise the minimum wage", "governor",
             "attitude"),
            ("Many hawkers want the platforms to cap commissions.", "to cap commissions", "Many hawkers",
             "attitude"),
            ("Searchers believe the hiker took a wrong turn.", "the hiker took a wrong turn", "Searchers",
             "attitude"),
            ("A new poll shows that most voters oppose the tax increase.", "most voters oppose", "poll", "evidence"),
            ("The panel reached the conclusion that the crash was caused by pilot error.", "the crash was caused",
             "panel", "noun"),
            # A verb conjoined to another shares its subject: the inspector holds the conclusion.
            ("Inspector Ruth Adeyemi walked the site twice, and came to the conclusion that the fire was set.",
             "the fire was set", "Ruth Adeyemi", "noun"),
            ("Officials said the bridge would reopen next week.", "the bridge would reopen", "Officials", "speech"),
            ("According to the ministry, the plant will close in May.", "the plant will close", "ministry",
             "sourcing"),
            ("Turnout reached 68 percent, according to state election officials.", "Turnout reached 68 percent",
             "officials", "sourcing"),
            ("Rep. Marcus Hale labeled the proposal a tax hike on the middle class.",
             "the proposal a tax hike on the middle class", "Marcus Hale", "communication"),
            ("Sen. Tom Ortega texted reporters that he would not attend the hearing.",
             "he would not attend the hearing", "Tom Ortega", "speech"),
            ("Insiders expect the governor to announce her bid in the spring.",
             "the governor to announce her bid", "Insiders", "attitude"),
            # The parser reads the that-clause as a relative clause of "letter", with "that" as its mark.
            ("Rep. Dana Voss wrote in a letter that the rule exceeds the agency's authority.",
             "the rule exceeds the agency's authority", "Dana Voss", "speech"),
            ("The mayor announced a plan to rebuild the harbour by 2030.", "a plan to rebuild", "mayor", "speech"),
            ("The minister rejected the possibility of a German role in the talks.", "possibility of a German role",
             "minister", "speech"),
            ("Signs of a deal include statements by President Ann Lee that she is open to new talks.",
             "she is open to new talks", "Ann Lee", "noun"),
            # The parser hangs "of inciting …" below "Trump" here, not below the verb.
            ("Clinton accused Trump of inciting violence at his rallies.", "Trump of inciting violence", "Clinton",
             "communication"),
        ],
    )  # fmt: skip
    def test_family(self, nlp: Language, text: str, content: str, source: str, report: str) -> None:
        """Each family is found with its content, its source and its ``report``."""
        q = only(quotes_of(nlp, text), content, "indirect")
        assert q.report == report
        assert q.confidence is not None and 0.0 < q.confidence < 1.0
        assert speaker(q) is not None and source in speaker(q)  # type: ignore[operator]

    @pytest.mark.parametrize(
        ("text", "content", "source"),
        [
            ("The new bridge, Mayor Anna Berg said, will reopen in May after repairs to its deck.",
             "The new bridge, Mayor Anna Berg said, will reopen in May", "Anna Berg"),
            ("The economy, the finance minister said on Monday, will grow by three percent next year.",
             "The economy, the finance minister said on Monday, will grow", "minister"),
            ("That, the company says, allows drivers to see the road markings at night.",
             "That, the company says, allows drivers", "company"),
            # The parse hangs "The tax cut" on "argued" as a second subject.
            ("Senator Tom Becker spoke in Ohio. The tax cut, Becker argued, would pay for itself within a decade.",
             "The tax cut, Becker argued, would pay for itself", "Tom Becker"),
            # Here the aside is the main clause and "decision" a dep of "said": the content still starts
            # at "That", a determiner, not a complementizer.
            ("That decision, the White House said in a statement, was made by the president.",
             "That decision, the White House said in a statement, was made by the president", "White House"),
            ("That decision, the White House said Tuesday, was final.",
             "That decision, the White House said Tuesday, was final", "White House"),
        ],
    )  # fmt: skip
    def test_a_parenthetical_speech_verb_reports_its_host_clause(
        self, nlp: Language, text: str, content: str, source: str
    ) -> None:
        """ "The bridge, the mayor said, will reopen": the clause the aside interrupts is the statement."""
        q = only(quotes_of(nlp, text), "", "indirect")
        assert q.text.startswith(content) and q.report == "speech"
        assert source in (speaker(q) or "")

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("The company said profits fell.", "profits fell"),
            ("Ann Carter said prices rose, adding that wages had not.", "prices rose"),
        ],
    )  # fmt: skip
    def test_a_short_clause_with_its_own_subject_is_a_report(self, nlp: Language, text: str, content: str) -> None:
        """Two words are a statement when they are a subject and its verb."""
        assert only(quotes_of(nlp, text), content, "indirect").text == content

    def test_a_question_clause_is_no_short_report(self, nlp: Language) -> None:
        assert not [q for q in quotes_of(nlp, "Researchers tried to find what works.") if q.kind == "indirect"]

    def test_a_pronoun_nobody_answers_to_still_reports(self, nlp: Language) -> None:
        """ "She said the deal was dead" with no woman named before: a report, its speaker unknown."""
        q = only(quotes_of(nlp, "She said the deal was dead."), "the deal was dead", "indirect")
        assert q.speaker is None and q.report == "speech"

    @pytest.mark.parametrize(
        ("text", "source"),
        [
            # The parse makes "Ann Carter, the mayor," the subject of "will cost".
            ("The plan, said Ann Carter, the mayor, will cost the city millions.", "Ann Carter"),
            # Here it hangs "system" and "Locksley" both on "helps", and "says" has no subject.
            ("This system, says Richard Locksley, an immunologist at Oxford, helps the body fight infection.",
             "Richard Locksley"),
            ("The plan, said Ann Carter, will cost the city millions.", "Ann Carter"),
            ("The economy, said the finance minister, will grow by three percent next year.", "minister"),
        ],
    )  # fmt: skip
    def test_an_inverted_aside_reports_its_host_clause(self, nlp: Language, text: str, source: str) -> None:
        """ "The plan, said Ann Carter, the mayor, will cost …": the speaker is the name after the verb."""
        q = only(quotes_of(nlp, text), "", "indirect")
        assert q.text.startswith(text.split(",")[0]) and q.text.endswith(text.rstrip(".")[-12:])
        assert speaker(q) is not None and source in speaker(q)  # type: ignore[operator]

    @pytest.mark.parametrize(
        ("text", "content", "source"),
        [
            # The comma before "said" closes the apposition of the verb's own subject.
            ("Mark Smith, the mayor, said Ann Carter, the treasurer, will resign in May.",
             "Ann Carter, the treasurer, will resign in May", "Mark Smith"),
            ("The economy will grow next year, said Ann Carter, the finance minister.",
             "The economy will grow next year", "Ann Carter"),
            # A relative clause on the name ends the sentence too: it does not continue a host clause.
            ("The deal is worth $4 billion, said John Smith, who led the talks.",
             "The deal is worth $4 billion", "John Smith"),
            # A verb with an object has its addressee after it, not its subject.
            ("Tom Reed, who will chair the company, told investors, the owners of the firm, on Monday that the "
             "merger would cut its debt.", "the merger would cut its debt", "Tom Reed"),
        ],
    )  # fmt: skip
    def test_no_inverted_aside(self, nlp: Language, text: str, content: str, source: str) -> None:
        """A speech verb after a subject's apposition or ending its sentence is a plain cue."""
        q = only(quotes_of(nlp, text), content, "indirect")
        assert speaker(q) == source
        assert q.text == content

    @pytest.mark.parametrize(
        ("text", "content", "source"),
        [
            ("The vote, according to two aides, could come as early as Thursday.",
             "The vote, according to two aides, could come as early as Thursday", "aides"),
            ("The committee will, according to its chairman, subpoena the documents next week.",
             "The committee will, according to its chairman, subpoena the documents", "chairman"),
        ],
    )  # fmt: skip
    def test_according_to_between_subject_and_verb_reports_the_whole_clause(
        self, nlp: Language, text: str, content: str, source: str
    ) -> None:
        """ "The vote, according to two aides, could come …": the subject is part of what the aides say."""
        q = only(quotes_of(nlp, text), "", "indirect")
        assert q.text.startswith(content) and q.report == "sourcing"
        assert source in (speaker(q) or "")

    @pytest.mark.parametrize(
        "text",
        [
            "The club sold its stadium in order to pay its debts to the bank.",
            "Coach Ray Miles did not hold back on Monday when asked about the fight in the tunnel.",
        ],
    )
    def test_no_report_in_a_purpose_phrase_or_a_reduced_passive(self, nlp: Language, text: str) -> None:
        """ "in order to" is a conjunction, not the noun "order"; "when asked about" names who was asked."""
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    def test_a_participle_needs_a_source_that_can_speak(self, nlp: Language) -> None:
        """ "spent 45 seconds explaining …": the time spent is not who explains; a body that can speak still is."""
        qs = quotes_of(nlp, "Andrew spent 45 seconds explaining how he could not have been at the party.")
        assert [speaker(q) for q in qs if q.kind == "indirect"] in ([], ["Andrew"])
        qs = quotes_of(nlp, "The committee published two reports on Friday, urging the government to ban the fund.")
        assert speaker(only(qs, "ban the fund", "indirect")) == "committee"

    def test_a_bullet_is_not_part_of_the_source(self, nlp: Language) -> None:
        """ "- Alibaba leaders have denied …" in a list of highlights: the leaders, without the dash."""
        qs = quotes_of(
            nlp, "Highlights:\n\n- Alibaba leaders have denied claims that the company misreported its sales."
        )
        assert speaker(only(qs, "misreported", "indirect")) == "Alibaba leaders"

    def test_a_quote_after_a_parenthetical_report_follows_its_speaker(self, nlp: Language) -> None:
        """The quote after "The harbour, Berg said, is …" continues Berg's report, as after "Berg said …"."""
        text = (
            "Anna Berg has been mayor since 2019. The harbour, Berg said, is the town's future. "
            "“We will dredge it every spring and keep the ferry running.”"
        )
        assert speaker(only(quotes_of(nlp, text), "dredge", "direct")) == "Anna Berg"

    @pytest.mark.parametrize("gap", ["\n\n", "\n"])
    def test_reported_content_stays_in_its_paragraph(self, nlp: Language, gap: str) -> None:
        """A headline the parser runs into the date line below reports only its own words."""
        text = f"Officials say the bridge will reopen{gap}Thursday, March 5, 2015{gap}The bridge closed in May."
        q = only(quotes_of(nlp, text), "the bridge will reopen", "indirect")
        assert q.text == "the bridge will reopen"

    def test_report_keeps_a_partial_quote_inside_it(self, nlp: Language) -> None:
        """ "X said a "credibility gap" now existed": the partial quote and the reported clause are both X's."""
        qs = quotes_of(nlp, "Reporter Helen Thomas said a “credibility gap” now existed between the two offices.")
        assert speaker(only(qs, "credibility gap", "partial")) == "Helen Thomas"
        assert speaker(only(qs, "now existed", "indirect")) == "Helen Thomas"

    def test_an_of_phrase_inside_a_name_is_no_statement(self, nlp: Language) -> None:
        """ "attacked [the Church of Scientology website]": an "of" phrase inside a name reports nothing."""
        text = "Protesters attacked the Church of Scientology website on Friday."
        assert not [q for q in quotes_of(nlp, text) if q.kind == "indirect"]

    def test_a_quote_is_not_also_reported(self, nlp: Language) -> None:
        """When the quoted words are the whole content, the quote is the only statement."""
        qs = quotes_of(nlp, "Mayor Ann Berg said that “the tram will run by May.”")
        assert [q.kind for q in qs] == ["direct"]

    @pytest.mark.parametrize(
        "text",
        [
            "The minister said “the plan works” in Paris on Monday.",
            "President Joe Biden said ‘America is back’ at the summit in Cornwall.",
        ],
    )
    def test_a_quote_is_not_also_reported_with_an_adjunct_after_it(self, nlp: Language, text: str) -> None:
        """The parse hangs the speech verb's adjunct ("in Paris on Monday") on the quote: still the only statement."""
        assert [q.kind for q in quotes_of(nlp, text)] == ["direct"]

    def test_pledge_of_a_possessor(self, nlp: Language) -> None:
        """ "Biden repeated his pledge to …": the possessor's pledge, resolved from "his"."""
        text = "President Joe Biden spoke in Ohio. He repeated his pledge to cut emissions in half by 2030."
        q = only(quotes_of(nlp, text), "cut emissions", "indirect")
        assert q.report in {"noun", "speech"}
        assert speaker(q) == "Joe Biden"

    def test_a_document_claiming(self, nlp: Language) -> None:
        """ "An article published in the Herald, claiming that …": the article is the source."""
        text = "An article published in the Daily Herald, claiming that most clinics had closed, drew protests."
        q = only(quotes_of(nlp, text), "most clinics had closed", "indirect")
        assert "article" in (speaker(q) or "")

    def test_a_group_of_people_holds_a_view(self, nlp: Language) -> None:
        """ "Critics felt the plan was rushed": a plural noun of people can hold an attitude."""
        q = only(quotes_of(nlp, "Critics felt the plan was rushed and unfair."), "the plan was rushed", "indirect")
        assert (q.report, speaker(q)) == ("attitude", "Critics")

    def test_block_intro_takes_the_outermost_cue(self, nlp: Language) -> None:
        """ "Matara argued that the laws stipulate that …:" introduces Matara's words, not the laws'."""
        text = (
            "Blogger Dennis Matara argued that labour laws stipulate that interns must be paid:\n\n"
            "You must wake up! You have been an intern for more than three months."
        )
        assert speaker(only(quotes_of(nlp, text), "You must wake up", "direct")) == "Dennis Matara"

    def test_sourcing_adverb_has_no_named_source(self, nlp: Language) -> None:
        """ "X reportedly paid …": reported by somebody unnamed."""
        q = only(quotes_of(nlp, "The prince reportedly paid millions to settle the claims."), "paid millions")
        assert (q.kind, q.report, q.speaker) == ("indirect", "sourcing", None)

    @pytest.mark.parametrize(
        ("text", "content", "source"),
        [
            ("A new poll shows Maria Becker ahead by five points in Ohio.",
             "Maria Becker ahead by five points in Ohio", "poll"),
            ("Internal polling showed the senator trailing among suburban women.",
             "the senator trailing among suburban women", "polling"),
            ("The audit found no evidence of widespread fraud in the county.",
             "no evidence of widespread fraud in the county", "audit"),
            ("Early returns showed that Becker had won the suburbs.", "Becker had won the suburbs", "returns"),
        ],
    )  # fmt: skip
    def test_what_a_document_shows_is_its_object_and_what_is_said_of_it(
        self, nlp: Language, text: str, content: str, source: str
    ) -> None:
        """ "A poll shows Becker ahead": the object and its predicate are the evidence; without a clause too."""
        q = only(quotes_of(nlp, text), content, "indirect")
        assert q.text == content and q.report == "evidence"
        assert source in (speaker(q) or "")

    def test_headline_with_a_document_source(self, nlp: Language) -> None:
        """ "Poll: …" on a headline line: the poll reports the rest."""
        q = only(quotes_of(nlp, "Poll: Most Americans support stricter gun laws"), "Most Americans", "indirect")
        assert (q.report, speaker(q)) == ("headline", "Poll")

    @pytest.mark.parametrize(
        ("headline", "content", "source"),
        [
            ("Pakistani Officials Say 12 Killed in Border Strike", "12 Killed in Border Strike", "Pakistani Officials"),
            ("Darfur Rebels Call on World Powers to Help Stop Attacks", "World Powers to Help Stop Attacks",
             "Darfur Rebels"),
            ("New Report Warns Rivers Are Running Dry", "Rivers Are Running Dry", "New Report"),
        ],
    )  # fmt: skip
    def test_a_title_case_headline_reports_with_its_speech_verb(
        self, nlp: Language, headline: str, content: str, source: str
    ) -> None:
        """A headline capitalises its words, so it is read by them: the words before "Say" say the rest."""
        text = f"{headline}\n\nThe story goes on in an ordinary sentence about the events of Monday."
        [q] = [q for q in quotes_of(nlp, text) if q.start < len(headline)]
        assert (q.text, speaker(q), q.report) == (content, source, "headline")

    def test_a_place_before_a_headline_verb_is_no_source(self, nlp: Language) -> None:
        """ "S Korea Says …": a place heads a headline as a country acting, not a named source (as with colons)."""
        text = "S Korea Says North May Be Preparing Missile Launch\n\nOfficials in Seoul spoke on Sunday."
        assert [q for q in quotes_of(nlp, text) if q.start < 50] == []

    def test_a_participle_after_a_report_about_a_thing_is_the_reporters(self, nlp: Language) -> None:
        """ "ruled that the law was …, saying it …": the parse hangs "saying" on the law's clause; the judge says it."""
        text = "The judge ruled that the law was unconstitutional, saying it violated free speech."
        assert speaker(only(quotes_of(nlp, text), "it violated free speech", "indirect")) == "judge"

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ('The minister said the plan was "a disaster for farmers".', 'the plan was "a disaster for farmers"'),
            ("The minister said the vote was “rigged”.", "the vote was “rigged”"),
            ("The union said the offer was 'fair and final'.", "the offer was 'fair and final'"),
            ('The union called the offer "an insult to every worker."', 'the offer "an insult to every worker."'),
            ("Officials said the bridge would reopen (next week).", "the bridge would reopen (next week)"),
        ],
    )
    def test_a_report_ending_in_a_quote_keeps_its_closing_mark(self, nlp: Language, text: str, content: str) -> None:
        """Reported content that ends with a quote or a bracket it opened keeps the closing mark too."""
        assert only(quotes_of(nlp, text), content[:12], "indirect").text == content

    def test_a_name_set_off_from_its_role_by_a_spaced_dash_speaks(self, nlp: Language) -> None:
        """ "Kim Jang-Soo - chief national security adviser to … said": the dash is an apposition's comma."""
        text = "Anna Berg - chief economist at the central bank said exports would recover."
        assert speaker(only(quotes_of(nlp, text), "exports would recover", "indirect")) == "Anna Berg"

    @pytest.mark.parametrize(("which", "name"), [("former", "Jane Okafor"), ("latter", "Tom Brandt")])
    def test_the_former_and_the_latter(self, nlp: Language, which: str, name: str) -> None:
        """ "the former said": the first of the last two names before it; "the latter", the second."""
        text = f"Jane Okafor met Tom Brandt on Monday. The {which} said the talks had gone well."
        assert speaker(only(quotes_of(nlp, text), "talks had gone well", "indirect")) == name

    @pytest.mark.parametrize(
        ("text", "reported"),
        [
            ("The dispute threatens to derail the talks.", None),
            ("The new drug promises to cut deaths by half.", None),
            ("The move could have threatened to topple his government.", None),
            ("The rebels threatened to attack the capital.", "rebels"),
            ("The mayor promised to rebuild the harbour.", "mayor"),
        ],
    )
    def test_a_thing_that_threatens_or_promises_reports_nothing(
        self, nlp: Language, text: str, reported: str | None
    ) -> None:
        """ "The dispute threatens to derail …" says what it makes likely; somebody who threatens speaks."""
        found = [speaker(q) for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert found == ([] if reported is None else [reported])

    def test_denouncing_something_as_a_quote_is_the_speakers(self, nlp: Language) -> None:
        """ "denounced the attack as "…"": the quoted judgement is the subject's."""
        text = "President Ana Ruiz denounced the attack as “an act of terror against our whole nation.”"
        assert speaker(only(quotes_of(nlp, text), "act of terror", "partial")) == "Ana Ruiz"

    @pytest.mark.parametrize(
        "text",
        [
            "At a press conference, Omar Haddad read a statement from Layla Mansour: “We will not return.”",
            "The minister received a letter from Layla Mansour: “We will not return.”",
        ],
    )
    def test_a_message_read_out_is_its_authors(self, nlp: Language, text: str) -> None:
        """ "X read a statement from Y: "…"": the words are Y's, who wrote them."""
        assert speaker(only(quotes_of(nlp, text), "We will not return", "direct")) == "Layla Mansour"

    @pytest.mark.parametrize("opening", ["😀😀😀 ", "★ ", "• "])
    def test_an_unnamed_speaker_is_named_without_the_symbols_before_it(self, nlp: Language, opening: str) -> None:
        """Emoji, stars and bullets opening a line are no part of a speaker's description."""
        text = f"{opening}Officials said the bridge would reopen next week."
        assert speaker(only(quotes_of(nlp, text), "bridge would reopen", "indirect")) == "Officials"

    def test_a_name_after_its_title_speaks_when_the_parse_hangs_it_on_the_verb(self, nlp: Language) -> None:
        """ "Former Chilean president Bachelet states …" parsed with "president" as the subject and the name
        as a compound of the verb (a parse the small model gives some such lines): the name speaks."""
        words = ["Former", "Chilean", "president", "Bachelet", "states", "the", "reform", "will", "pass"]
        doc = Doc(
            nlp.vocab, words=words, spaces=[True] * 8 + [False], heads=[2, 2, 4, 4, 4, 6, 8, 8, 4],
            deps=["amod", "amod", "nsubj", "compound", "ROOT", "det", "nsubj", "aux", "ccomp"],
            tags=["JJ", "JJ", "NN", "NNP", "VBZ", "DT", "NN", "MD", "VB"],
            pos=["ADJ", "ADJ", "NOUN", "PROPN", "VERB", "DET", "NOUN", "AUX", "VERB"],
            ents=["O", "B-NORP", "O", "B-PERSON", "O", "O", "O", "O", "O"], sent_starts=[True] + [False] * 8,
        )  # fmt: skip
        mentions, _ = tag_entities(doc)
        assert [(q.text, speaker(q)) for q in attribute_quotes(doc, mentions)] == [("the reform will pass", "Bachelet")]

    @staticmethod
    def _reports(nlp: Language, rows: list[tuple[str, int, str, str, str, str]]) -> list[tuple[str, str | None]]:
        """The indirect quotes of a parse given word by word: (word, head, dep, tag, pos, entity IOB)."""
        doc = Doc(
            nlp.vocab,
            words=[r[0] for r in rows],
            spaces=[rows[k + 1][0] not in {",", "."} for k in range(len(rows) - 1)] + [False],
            heads=[r[1] for r in rows],
            deps=[r[2] for r in rows],
            tags=[r[3] for r in rows],
            pos=[r[4] for r in rows],
            ents=[r[5] for r in rows],
            sent_starts=[True] + [False] * (len(rows) - 1),
        )
        mentions, _ = tag_entities(doc)
        return [(q.text, speaker(q)) for q in attribute_quotes(doc, mentions) if q.kind == "indirect"]

    def test_a_dateline_parsed_as_the_subject_gives_way_to_the_person_in_apposition(self, nlp: Language) -> None:
        """ "Washington - Senator Ann Hale told reporters …" with the place as subject and the name in apposition
        (a parse the larger English model gives datelines): a place is never a person, so the person speaks."""
        rows = [
            ("Washington", 5, "nsubj", "NNP", "PROPN", "B-GPE"), ("-", 0, "punct", ":", "PUNCT", "O"),
            ("Senator", 4, "compound", "NNP", "PROPN", "O"), ("Ann", 4, "compound", "NNP", "PROPN", "B-PERSON"),
            ("Hale", 0, "appos", "NNP", "PROPN", "I-PERSON"), ("told", 5, "ROOT", "VBD", "VERB", "O"),
            ("reporters", 5, "dobj", "NNS", "NOUN", "O"), ("the", 8, "det", "DT", "DET", "O"),
            ("bill", 10, "nsubj", "NN", "NOUN", "O"), ("would", 10, "aux", "MD", "AUX", "O"),
            ("pass", 5, "ccomp", "VB", "VERB", "O"),
        ]  # fmt: skip
        assert self._reports(nlp, rows) == [("the bill would pass", "Ann Hale")]

    def test_a_participle_after_a_passive_report_is_the_reporters(self, nlp: Language) -> None:
        """ "Liu said the army could be deployed, warning that …" with "warning" hung on "deployed": a passive
        content's subject is acted on, so the participle is the reporter's."""
        rows = [
            ("Liu", 1, "nsubj", "NNP", "PROPN", "B-PERSON"), ("said", 1, "ROOT", "VBD", "VERB", "O"),
            ("the", 3, "det", "DT", "DET", "O"), ("army", 6, "nsubjpass", "NN", "NOUN", "O"),
            ("could", 6, "aux", "MD", "AUX", "O"), ("be", 6, "auxpass", "VB", "AUX", "O"),
            ("deployed", 1, "ccomp", "VBN", "VERB", "O"), (",", 6, "punct", ",", "PUNCT", "O"),
            ("warning", 6, "advcl", "VBG", "VERB", "O"), ("that", 11, "mark", "IN", "SCONJ", "O"),
            ("it", 11, "nsubj", "PRP", "PRON", "O"), ("was", 8, "ccomp", "VBD", "AUX", "O"),
            ("ready", 11, "acomp", "JJ", "ADJ", "O"),
        ]  # fmt: skip
        assert ("it was ready", "Liu") in self._reports(nlp, rows)

    def test_a_name_in_apposition_before_post_nominal_letters_speaks(self, nlp: Language) -> None:
        """ "Mr Haddad's barrister, Eliza Cormack SC, said …" with the letters heading the apposition: the name
        ends before them, and it names the barrister."""
        rows = [
            ("Mr", 1, "compound", "NNP", "PROPN", "O"), ("Haddad", 3, "poss", "NNP", "PROPN", "B-PERSON"),
            ("'s", 1, "case", "POS", "PART", "O"), ("barrister", 9, "nsubj", "NN", "NOUN", "O"),
            (",", 3, "punct", ",", "PUNCT", "O"), ("Eliza", 7, "compound", "NNP", "PROPN", "B-ORG"),
            ("Cormack", 7, "compound", "NNP", "PROPN", "I-ORG"), ("SC", 3, "appos", "NNP", "PROPN", "I-ORG"),
            (",", 3, "punct", ",", "PUNCT", "O"), ("said", 9, "ROOT", "VBD", "VERB", "O"),
            ("the", 11, "det", "DT", "DET", "O"), ("trial", 12, "nsubj", "NN", "NOUN", "O"),
            ("was", 9, "ccomp", "VBD", "AUX", "O"), ("unfair", 12, "acomp", "JJ", "ADJ", "O"),
        ]  # fmt: skip
        assert self._reports(nlp, rows) == [("the trial was unfair", "Eliza Cormack")]

    def test_according_to_a_name_the_parse_read_as_a_verb(self, nlp: Language) -> None:
        """ "According to Rathbun the property in question was returned" without a comma, parsed with "Rathbun"
        as a verb taking "the property in question" as its object: the phrase names its source first."""
        rows = [
            ("According", 8, "prep", "VBG", "VERB", "O"), ("to", 0, "prep", "IN", "ADP", "O"),
            ("Rathbun", 1, "pcomp", "VB", "VERB", "B-ORG"), ("the", 4, "det", "DT", "DET", "O"),
            ("property", 2, "dobj", "NN", "NOUN", "O"), ("in", 4, "prep", "IN", "ADP", "O"),
            ("question", 5, "pobj", "NN", "NOUN", "O"), ("was", 8, "auxpass", "VBD", "AUX", "O"),
            ("returned", 8, "ROOT", "VBN", "VERB", "O"), ("by", 8, "agent", "IN", "ADP", "O"),
            ("mail", 9, "pobj", "NN", "NOUN", "O"),
        ]  # fmt: skip
        assert self._reports(nlp, rows) == [("the property in question was returned by mail", "Rathbun")]

    def test_a_lower_case_word_the_tagger_calls_proper_is_no_name(self, nlp: Language) -> None:
        """ "demanded the march stopped, alleging …": the model tags "march" a proper noun; a name has a capital."""
        text = "Priests demanded the march stopped, alleging that it would lead to moral decline."
        assert speaker(only(quotes_of(nlp, text), "moral decline", "indirect")) == "Priests"

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("Officials say at least 12 people died, though local media reported a higher toll.",
             "at least 12 people died"),
            ("The ministry said prices would fall, although analysts say that is unlikely.", "prices would fall"),
            ("Critics say the law gives police too much power, while supporters argue it will reduce crime.",
             "the law gives police too much power"),
            ("The chairman insists the count was fair, despite reports by observers who said ballots went missing.",
             "the count was fair"),
            # A speech verb with no content of its own is no report: the clause goes on.
            ("Mark Lane said he would stay in the job while the talks continued.",
             "he would stay in the job while the talks continued"),
        ],
    )  # fmt: skip
    def test_another_sources_report_set_against_the_content_is_not_part_of_it(
        self, nlp: Language, text: str, content: str
    ) -> None:
        """A concessive clause reporting somebody else is the writer's contrast, not the first source's words."""
        assert only(quotes_of(nlp, text), content, "indirect").text == content

    def test_as_reported_by_a_source_reports_the_clause_it_modifies(self, nlp: Language) -> None:
        q = only(quotes_of(nlp, "The economy shrank in the spring, as reported by Reuters on Monday."), "", "indirect")
        assert (q.text, speaker(q)) == ("The economy shrank in the spring", "Reuters")

    def test_as_explained_on_a_website_names_the_website_not_the_clause(self, nlp: Language) -> None:
        """The subject of the clause a source clause modifies is what is reported on, never the source.

        The website speaks for the one whose it is.
        """
        text = 'The plan is being revised, as explained on the agency\'s website: "We will publish a new draft in May."'
        assert speaker(only(quotes_of(nlp, text), "new draft", "direct")) == "agency"

    @pytest.mark.parametrize(
        "text",
        [
            "As noted above, the plan failed in its first year.",
            # Where it was expressed, not who: no name nearby stands in for the source.
            "His concern stands in contrast to the minister's lack of remorse, as expressed in the BBC interview.",
            # The statement is the expert's; the paper only passed it on.
            '"The prince is not entitled to immunity," said one legal expert, as reported by the Independent.',
        ],
    )
    def test_a_source_clause_without_a_source_of_its_own_reports_nothing(self, nlp: Language, text: str) -> None:
        assert not [q for q in quotes_of(nlp, text) if q.kind == "indirect"]

    def test_a_clause_cut_in_two_by_according_to_is_no_short_content(self, nlp: Language) -> None:
        text = "He had, according to Alex Horton of the Post, killed and eaten a wild rabbit before he fell ill."
        assert all(q.text != "He had" for q in quotes_of(nlp, text))

    def test_a_short_clause_beside_according_to_is_its_content(self, nlp: Language) -> None:
        q = only(quotes_of(nlp, "According to the report, wages fell."), "wages fell", "indirect")
        assert speaker(q) == "report"

    def test_a_name_compounded_with_an_agent_noun_is_its_object(self, nlp: Language) -> None:
        """ "The iPhone maker said": the maker of the iPhone speaks, not the iPhone."""
        text = "Apple and Google both reported strong sales. The iPhone maker said demand in China had recovered."
        assert speaker(only(quotes_of(nlp, text), "demand in China", "indirect")) == "iPhone maker"

    def test_a_speech_verb_before_a_colon_is_no_headline_label(self, nlp: Language) -> None:
        """ "Reuters reports: …" is one report by Reuters, not a second one by "Reuters reports"."""
        q = only(quotes_of(nlp, "Reuters reports: the talks have collapsed after two days."), "talks", "indirect")
        assert (q.report, speaker(q)) == ("speech", "Reuters")

    @pytest.mark.parametrize(
        "text",
        [
            "Police questioned the student for two hours.",  # an act on a person, no statement
            "The document was found on a rainy street in Ottawa.",  # passive: not a source
            "Police found a body near the river.",  # evidence verb, a person's find is not a report
            "India: Freedom Fast To Save Your Voice",  # a place before a colon heads a title
            "The couple sought help from other doctors.",  # attitude with a bare object
            "Ortiz Promises Cheaper Rail Fares",  # a misparsed headline: its "source" would be the whole line
            "The commission chairman later announced the results from an office nearby.",  # a thing announced
            "The ministry denied these allegations on Friday.",  # a bare noun phrase states nothing
            "The results showed up on the state website hours late.",  # a phrasal verb, not "show"
            "The company labeled the boxes and shipped them to Ohio.",  # a label on a thing, no predicate
            "The Washington Post reported the leak on Wednesday, citing unidentified officials.",  # a source cited
        ],
    )
    def test_not_reported_speech(self, nlp: Language, text: str) -> None:
        """Verbs of the lists used as actions report nothing."""
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    def test_believe_is_a_quote_cue_but_want_is_not(self, nlp: Language) -> None:
        """An attitude verb reports without marks, but only speech verbs introduce quoted words."""
        qs = quotes_of(nlp, "Lavrov’s contacts are a display of seeking for “friends” in Syria.")
        assert only(qs, "friends").kind == "scare"


class TestWordsQuotedInsideReports:
    """A short fragment no cue governs, quoted inside a report, is the reporter's (a partial quote)."""

    @pytest.mark.parametrize(
        ("text", "fragment", "who"),
        [
            (
                'The Court of Appeal has quashed the conviction, finding that the judge made "a serious error" in '
                "her summing-up.",
                "a serious error",
                "Court of Appeal",
            ),
            (
                'An independent review found "serious failings" in the way the council handled complaints.',
                "serious failings",
                "An independent review",
            ),
        ],
    )
    def test_the_fragment_is_the_reporters(self, nlp: Language, text: str, fragment: str, who: str) -> None:
        qs = quotes_of(nlp, text)
        q = only(qs, fragment, "partial")
        assert (q.text, speaker(q)) == (fragment, who)

    def test_the_report_keeps_both_marks_of_the_words_it_opens_with(self, nlp: Language) -> None:
        text = 'An independent review found "serious failings" in the way the council handled complaints.'
        report = only(quotes_of(nlp, text), "in the way", "indirect")
        assert report.text == '"serious failings" in the way the council handled complaints'

    def test_a_title_inside_a_report_stays_a_term(self, nlp: Language) -> None:
        """A capital inside the sentence starts a name or a title: nobody's words."""
        qs = quotes_of(nlp, 'The mayor said sales of "The Salt Hours" had doubled.')
        assert only(qs, "The Salt Hours", "scare").speaker is None


class TestReportSources:
    def test_a_percent_sign_ends_the_figure_not_the_report(self, nlp: Language) -> None:
        report = only(quotes_of(nlp, "The company said sales rose 3%."), "sales", "indirect")
        assert report.text == "sales rose 3%"

    def test_quoted_words_and_the_speakers_next_act_are_no_report(self, nlp: Language) -> None:
        """'said "we will win" and left': the quote is the statement; "and left" is the writer's."""
        qs = quotes_of(nlp, 'Smith said "we will win" and left.')
        assert [(q.kind, q.text) for q in qs] == [("direct", "we will win")]

    def test_a_described_fund_is_no_company_named_before(self, nlp: Language) -> None:
        text = "Apple shares fell 5% on Tuesday. The hedge fund, which holds a stake, said the board must change."
        assert speaker(only(quotes_of(nlp, text), "the board", "indirect")) != "Apple"


class TestReviewedEdges:
    """Cases a review of the speaker and report rules found; each misfired in a first version."""

    def test_an_unnamed_spokesman_is_never_the_organisation(self, nlp: Language) -> None:
        text = (
            "Apple reported strong sales on Monday. “We are very pleased,” said a company spokesman. "
            "It said sales would keep growing."
        )
        assert speaker(only(quotes_of(nlp, text), "keep growing", "indirect")) == "Apple"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("A spokesman for Larchfield, the housing charity, said calls had doubled.", "A spokesman for Larchfield"),
            ("A spokeswoman for Oxfam, which runs the camp, said aid was blocked.", "A spokeswoman for Oxfam"),
            ("China's ambassador to Britain said Beijing would respond.", "China's ambassador to Britain"),
        ],
    )
    def test_an_unnamed_office_holder_is_named_without_asides(self, nlp: Language, text: str, expected: str) -> None:
        """What is said of the body after "for" (an apposition, a relative clause) is not the holder's name."""
        assert speaker(only(quotes_of(nlp, text), "", "indirect")) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "Canadian Federation of Independent Business president Anita Kaur said small firms needed relief.",
                "Anita Kaur",
            ),
            ("Federation of Small Businesses chair Tina McKenzie said costs had risen.", "Tina McKenzie"),
            ("The Federation of Small Businesses said costs had risen.", "Federation of Small Businesses"),
        ],
    )
    def test_an_officer_after_the_bodys_name_speaks(self, nlp: Language, text: str, expected: str) -> None:
        """ "<Body> president <Name> said": the officer speaks, however the parse heads the phrase."""
        assert speaker(only(quotes_of(nlp, text), "", "indirect")) == expected

    @pytest.mark.parametrize(
        "text",
        [
            'The new plan, Mayor Ann Carter said, is "a disaster for families."',
            'Ann Carter spoke on Monday. The new plan, she said, is "a disaster for families."',
        ],
    )
    def test_a_quote_under_a_parenthetical_cue_is_its_speakers(self, nlp: Language, text: str) -> None:
        """ "The plan, Carter said, is "a disaster."": the speech clause set in the sentence reports the quote."""
        q = only(quotes_of(nlp, text), "a disaster", "partial")
        assert speaker(q) == "Ann Carter"

    def test_a_person_named_in_the_pronouns_sentence_ends_the_run(self, nlp: Language) -> None:
        text = (
            "Barack Obama met reporters on Monday. He said the talks had gone well. "
            "Joe Biden arrived later, and he said the deal was dead."
        )
        assert speaker(only(quotes_of(nlp, text), "the deal was dead", "indirect")) == "Joe Biden"

    def test_the_new_minister_is_not_the_one_named_before(self, nlp: Language) -> None:
        text = "Defense Minister John Smith was fired on Monday. The new minister said the army would stay on alert."
        assert speaker(only(quotes_of(nlp, text), "stay on alert", "indirect")) != "John Smith"

    @pytest.mark.parametrize(
        "text",
        [
            "NEW DELHI: “The situation is under control and there is no need to panic at all.”",
            "BREAKING NEWS: “The president has resigned with immediate effect tonight.”",
            "EDITOR'S NOTE: “The following story contains graphic descriptions of violence.”",
        ],
    )
    def test_a_dateline_or_heading_is_no_speaker_label(self, nlp: Language, text: str) -> None:
        [quote] = quotes_of(nlp, text)
        assert quote.speaker is None

    def test_a_place_after_from_is_not_the_source(self, nlp: Language) -> None:
        text = "Reports from Syria that the army had used chemical weapons prompted a UN inquiry."
        assert speaker(only(quotes_of(nlp, text), "chemical weapons", "indirect")) != "Syria"

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("The mayor promised a full investigation into the shooting.", "a full investigation"),
            ("Iran threatened retaliation against Israel.", "retaliation against Israel"),
        ],
    )
    def test_a_promise_or_threat_is_its_object(self, nlp: Language, text: str, content: str) -> None:
        assert only(quotes_of(nlp, text), content, "indirect").report == "speech"

    def test_he_after_a_person_tagged_as_an_organisation_keeps_him(self, nlp: Language) -> None:
        text = (
            "Zimbabwean opposition leader Morgan Tsvangirai said Monday he was ready to lead. "
            "“We are ready to govern this country and we will not back down,” he said."
        )
        assert speaker(only(quotes_of(nlp, text), "ready to govern")) == "Morgan Tsvangirai"


class TestSelfReference:
    """People speak of others by name, not of themselves."""

    def test_he_is_not_the_person_the_quote_names(self, nlp: Language) -> None:
        text = (
            "Gene Harlow stepped up to the microphone. Dale Porter walked on stage to loud applause. "
            "“Please welcome my friend of forty years, Mr. Dale Porter,” he said."
        )
        assert speaker(only(quotes_of(nlp, text), "Please welcome")) == "Gene Harlow"

    def test_a_person_named_as_a_modifier_is_not_named_as_a_person(self, nlp: Language) -> None:
        """ "In a Christie administration": a candidate may name his own administration."""
        text = (
            "Ray Christie spoke first. “In a Christie administration, they would know better,” he added. "
            "“Ray Christie is wrong,” the mayor said."
        )
        doc = nlp(text)
        mentions, _ = tag_entities(doc)
        ctx = DocContext(doc, mentions, find_quote_marks(text), default_lexicon())
        modifier, person = ctx.spans
        assert people_named(ctx, modifier) == frozenset()
        assert people_named(ctx, person) == {"person:ray_christie"}

    def test_a_quote_naming_the_last_speaker_does_not_continue_them(self, nlp: Language) -> None:
        """In a debate the turn passes: "I think Dana just criticized me" is not Dana's."""
        text = (
            "“You decided to stay home and that is fine,” Dana Whitford said.\n\n"
            "“I think Dana just criticized me for preparing for this debate.”"
        )
        assert speaker(only(quotes_of(nlp, text), "I think Dana")) != "Dana Whitford"


class TestBoundGender:
    def test_pronouns_a_persons_own_clause_binds_show_their_gender(self, nlp: Language) -> None:
        """ "Zara Ruzek cried all night, and her rash got worse": "he" later is not Zara Ruzek."""
        text = (
            "Tomas Ruzek refused to drive his daughter to the clinic. Zara Ruzek cried all night, and her "
            "rash got worse. “I am not able to do that,” he said."
        )
        assert speaker(only(quotes_of(nlp, text), "not able", "direct")) == "Tomas Ruzek"

    def test_a_pronoun_inside_an_object_shows_nothing(self, nlp: Language) -> None:
        """ "met the widow and her son": "her" is the widow's, not the detective's."""
        text = (
            "Officer Okafor arrived first. Detective Halvorsen met the widow and her son on Monday. "
            "“We will find who did this,” he said."
        )
        assert (speaker(only(quotes_of(nlp, text), "find who did this", "direct")) or "").endswith("Halvorsen")


class TestGerundCues:
    def test_a_gerund_after_a_preposition_speaks_for_the_clause_subject(self, nlp: Language) -> None:
        """ "drew criticism after saying …": the one who drew criticism said it."""
        text = "Councillor Rhona Treadwell drew criticism after saying that “the harbour fund is empty.”"
        assert speaker(only(quotes_of(nlp, text), "harbour fund", "direct")) == "Rhona Treadwell"

    def test_a_reported_clause_under_such_a_gerund_is_reported_speech(self, nlp: Language) -> None:
        text = "Rhona Treadwell closed the meeting by saying she would stand again in May."
        assert speaker(only(quotes_of(nlp, text), "she would stand again", "indirect")) == "Rhona Treadwell"

    def test_after_for_and_of_the_object_says_it(self, nlp: Language) -> None:
        """ "criticized Cruz for saying …": Cruz said it, not the critic."""
        text = "Mayor Ida Kwan criticized Tobias Ferro for saying that “the harbour fund is empty.”"
        assert speaker(only(quotes_of(nlp, text), "harbour fund", "direct")) == "Tobias Ferro"

    def test_a_gerund_in_a_list_of_measures_is_no_report(self, nlp: Language) -> None:
        """ "measures, including calling for a debate": "including" lists acts, it reports none."""
        text = "The Okoro family took several steps on Monday, including calling for a council debate."
        assert not [q for q in quotes_of(nlp, text) if q.text.startswith("for a council debate")]


class TestFrontedCue:
    def test_a_fronted_speech_verb_names_the_speaker_after_it(self, nlp: Language) -> None:
        """ "Said Bernie Sanders: …": the tagger reads "Said" as part of the name."""
        text = "Said Bernie Sanders: “The system is rigged against working people.”"
        assert speaker(only(quotes_of(nlp, text), "system is rigged", "direct")) == "Bernie Sanders"

    def test_the_fronted_verb_is_no_part_of_the_name(self, nlp: Language) -> None:
        text = "Added Okafor: “It was a great day for the village.”"
        assert speaker(only(quotes_of(nlp, text), "great day", "direct")) == "Okafor"

    def test_a_role_after_the_verb_speaks_for_its_head(self, nlp: Language) -> None:
        text = "Said the head of the regional health board: “We are out of beds.”"
        q = only(quotes_of(nlp, text), "out of beds", "direct")
        assert q.cue == "Said" and q.speaker is not None and q.speaker.mention is not None
        assert q.speaker.mention.startswith("the head")

    def test_a_name_that_is_a_speech_verb_is_still_a_name(self, nlp: Language) -> None:
        """ "Edward Said wrote …. Said argued that …": the scholar, with "argued" the cue."""
        text = "Edward Said wrote about the region. Said argued that “the old maps distort it.”"
        q = only(quotes_of(nlp, text), "old maps", "direct")
        assert q.cue == "argued" and speaker(q) == "Edward Said"


class TestRoleNouns:
    @pytest.mark.parametrize(
        ("text", "who"),
        [
            ("Keir Starmer faced MPs on Wednesday. “We will not be lectured,” the Labour leader said.", "Labour leader"),
            ("“We will cut prices,” the Acme chief executive said.", "Acme chief executive"),
            ("Acme Corp chief executive Jane Roe was upbeat on Monday. “We will cut prices,” the Acme chief executive "
             "said.", "Jane Roe"),
            ("“We will not be lectured,” a Labour spokeswoman said.", "Labour"),
            ("“It was a priority for the premier,” a former Labour official said.", "a former Labour official"),
            ("Local councillor Paddy Hession (FG) said traders were “on edge” after a spate of break-ins.",
             "Paddy Hession"),
        ],
    )  # fmt: skip
    def test_an_organisations_office_holder_is_not_the_organisation(self, nlp: Language, text: str, who: str) -> None:
        """A leader or an executive holds the body's office; its spokeswoman speaks for it."""
        q = next(q for q in quotes_of(nlp, text) if q.kind in {"direct", "partial"})
        assert speaker(q) == who

    def test_the_moderator_is_the_person_titled_so(self, nlp: Language) -> None:
        """A titled-only role ("the moderator") means the person the article titled so."""
        text = (
            "Dale Calloway debated Greta Reyes-Brandt before moderator Jenna Pruitt. Both talked over Pruitt, who "
            "threatened to mute their microphones. “I will turn them off,” the moderator warned."
        )
        assert speaker(only(quotes_of(nlp, text), "turn them off", "direct")) == "Jenna Pruitt"

    @pytest.mark.parametrize(
        ("text", "who"),
        [
            ("Rep. Maria Lopez voted against the bill. “It is a giveaway,” the outspoken lawmaker said.", "Maria Lopez"),
            ("Health Minister Tom Hale met nurses on Monday. “We will hire more staff,” the new minister said.",
             "new minister"),
        ],
    )  # fmt: skip
    def test_a_lower_case_description_keeps_the_role_holder(self, nlp: Language, text: str, who: str) -> None:
        """ "the outspoken lawmaker" is the lawmaker named; "the new minister" is somebody else."""
        q = next(q for q in quotes_of(nlp, text) if q.kind == "direct")
        assert speaker(q) == who

    def test_a_title_before_a_name_is_only_that_names(self, nlp: Language) -> None:
        """ "Judge Helen Osei sentenced Ray Benton": "the judge" is Osei, though "judge" stands near Benton."""
        text = "Judge Helen Osei sentenced Ray Benton to five years. “You showed no remorse,” the judge said."
        assert speaker(only(quotes_of(nlp, text), "no remorse", "direct")) == "Helen Osei"

    def test_an_abbreviated_title_names_the_role(self, nlp: Language) -> None:
        """ "Gov. Patricia Wendell" is "the governor", though another man spoke last."""
        text = (
            "“The strike will go on,” said Frank Dolan, president of the union.\n\n"
            "Dolan disputed that. “We were never consulted,” he said.\n\n"
            "Gov. Patricia Wendell urged both sides to talk. “Families are counting on them,” the governor said."
        )
        assert speaker(only(quotes_of(nlp, text), "Families are counting", "direct")) == "Patricia Wendell"

    def test_an_apposition_titles_the_name_before_it(self, nlp: Language) -> None:
        """ "Linda Okafor, the mayor," is "the mayor", though the union's president spoke last."""
        text = (
            "Linda Okafor, the mayor, urged both sides to talk.\n\n"
            "“The strike will go on,” said Frank Dolan, president of the union.\n\n"
            "“Families are counting on them,” the mayor said."
        )
        assert speaker(only(quotes_of(nlp, text), "Families are counting", "direct")) == "Linda Okafor"

    def test_a_narrowed_role_means_the_person_titled_so(self, nlp: Language) -> None:
        """ "the attorney general" is the one titled so, not the congressman who questioned her."""
        text = (
            "Rep. Alan Marsh questioned Attorney General Susan Kent for an hour. "
            "“I have answered that,” the attorney general said."
        )
        assert speaker(only(quotes_of(nlp, text), "answered that", "direct")) == "Susan Kent"

    def test_the_congressman_is_the_representative(self, nlp: Language) -> None:
        """ "Rep." titles a congressman, though the other person was named last."""
        text = (
            "Attorney General Susan Kent was questioned for an hour by Rep. Alan Marsh and Sen. Ray Tillman. "
            "“You have not answered,” the congressman said."
        )
        assert speaker(only(quotes_of(nlp, text), "not answered", "direct")) == "Alan Marsh"

    def test_an_age_names_the_person_of_that_age(self, nlp: Language) -> None:
        text = "Derrick Moyo, 27, passed to Ian Cole, 31, for the winner. “We found a rhythm,” the 27-year-old said."
        assert speaker(only(quotes_of(nlp, text), "found a rhythm", "direct")) == "Derrick Moyo"

    def test_a_party_word_is_the_party_member_described_so(self, nlp: Language) -> None:
        text = "Sen. Maria Lopez, a Democrat from Ohio, opposed the bill. “It is a giveaway,” the Democrat said."
        assert speaker(only(quotes_of(nlp, text), "giveaway", "direct")) == "Maria Lopez"

    def test_a_described_subject_speaks_by_its_apposed_name(self, nlp: Language) -> None:
        text = "The Texas Republican, Sen. John Harlow, said the bill was “dead on arrival.”"
        assert speaker(only(quotes_of(nlp, text), "dead on arrival", "partial")) == "John Harlow"

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("“We were outplayed,” admitted the Riverton manager, Tom Hadley.", "Tom Hadley"),
            # The parse makes "manager" the verb's object: the first name after the verb modifies it.
            ("'We had chances,' admitted the Rovers manager, Steve Pargeter. 'We just didn't take them.'",
             "Steve Pargeter"),
        ],
    )  # fmt: skip
    def test_an_apposed_name_beats_a_name_modifying_the_role(self, nlp: Language, text: str, name: str) -> None:
        assert {speaker(q) for q in quotes_of(nlp, text) if q.kind == "direct"} == {name}

    def test_a_role_noun_means_the_name_apposed_to_it(self, nlp: Language) -> None:
        """ "the city's mayor, Colette Ruane," titles Ruane: "the mayor said" is her, not the chief."""
        text = (
            'Police chief Tom Hale briefed the city\'s mayor, Colette Ruane, on Monday. "We are safe," the mayor said.'
        )
        assert speaker(only(quotes_of(nlp, text), "We are safe", "direct")) == "Colette Ruane"

    def test_a_title_names_its_holder_paragraphs_later(self, nlp: Language) -> None:
        """ "Senate Majority Leader Harriet Marsh" … seven sentences on, "the majority leader said"."""
        filler = " ".join(f"Amendment {n} is pending." for n in range(1, 8))
        text = (
            "Senate Majority Leader Harriet Marsh opened the session on Monday.\n\n"
            f"{filler}\n\n“I'm not going to negotiate in the hallway,” the majority leader said."
        )
        assert speaker(only(quotes_of(nlp, text), "hallway", "direct")) == "Harriet Marsh"

    def test_a_role_in_a_headline_means_the_person_the_article_titles_so(self, nlp: Language) -> None:
        """ "…, says embattled mayor": a headline drops the article and names the mayor below it."""
        text = "'I'm not going anywhere,' says embattled mayor\nDunmore's mayor, Colette Ruane, has rejected calls to resign."
        assert speaker(only(quotes_of(nlp, text), "going anywhere", "direct")) == "Colette Ruane"

    def test_a_reply_before_its_speech_verb_is_no_title(self, nlp: Language) -> None:
        """ "“It's November,” he said": two capitalised words, but a reply closed by a comma before "he said"."""
        text = 'Tom Reilly spoke to voters in Dover. "It\'s November," he said.'
        q = only(quotes_of(nlp, text), "November", "direct")
        assert speaker(q) == "Tom Reilly"

    @pytest.mark.parametrize(
        ("text", "content", "name"),
        [
            ('Tom Reilly, asked about the new entry in the race, said the contest would be good for democracy.',
             "the contest would be good for democracy", "Tom Reilly"),
            ('Yuldashev, asked the same question, said Tervik had lost his nerve.', "Tervik had lost his nerve",
             "Yuldashev"),
            # The parse may give the closing comma to the participle, or hang it on the verb as a
            # complement or a parataxis (an independent review found all three losing the report).
            ("The race tightened this week. Hughes, asked about the polls, said the campaign was going well.",
             "the campaign was going well", "Hughes"),
            ("Costa, asked about the polls, said the campaign was going well.", "the campaign was going well",
             "Costa"),
            ("Mayor Ana Costa, asked about the polls, said the campaign was going well.",
             "the campaign was going well", "Ana Costa"),
        ],
    )  # fmt: skip
    def test_a_participle_aside_leaves_the_subject_to_the_verb(
        self, nlp: Language, text: str, content: str, name: str
    ) -> None:
        """ "Reilly, asked about the race, said …": Reilly says, and was asked (no report of his)."""
        quotes = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert [(q.text, speaker(q)) for q in quotes] == [(content, name)]

    def test_a_participle_aside_before_a_colon_quote(self, nlp: Language) -> None:
        """ "Senator Reilly, asked about the race, said: "…"": the parse hangs the name on "asked" as a modifier."""
        q = only(quotes_of(nlp, 'Senator Reilly, asked about the race, said: "We will win."'), "We will win")
        assert (q.kind, speaker(q)) == ("direct", "Reilly")

    def test_a_name_hung_on_a_fronted_phrase_is_the_verbs_subject(self, nlp: Language) -> None:
        """ "At Ramos's party, Luis Cardenas, a 58-year-old electrician, said …": the parse hangs the name on "party"."""
        text = (
            "At Ramos's party, Luis Cardenas, a 58-year-old electrician, said he had voted Republican "
            "in the last three governor's races."
        )
        assert speaker(only(quotes_of(nlp, text), "voted Republican", "indirect")) == "Luis Cardenas"

    def test_a_pronoun_after_an_unnamed_speaker_means_that_speaker(self, nlp: Language) -> None:
        """ "A spokeswoman for the union said … "…," she said": the spokeswoman, not Kovac named before."""
        text = (
            "Ana Kovac met the press. A spokeswoman for the union said the strike would go on. "
            '"We are not moving," she said.'
        )
        q = only(quotes_of(nlp, text), "not moving", "direct")
        assert speaker(q) == "A spokeswoman for the union"
        other = "Omar Haddad met the press. A spokeswoman for the union said the strike would go on. " + (
            '"We are not moving," he said.'
        )
        assert speaker(only(quotes_of(nlp, other), "not moving", "direct")) == "Omar Haddad"

    def test_a_pronoun_no_named_person_agrees_with_means_the_unnamed_subject_before(self, nlp: Language) -> None:
        """ "John Doe … The prosecutor had asked … According to her": the prosecutor, not John Doe."""
        text = (
            "John Doe, 45, was sentenced on Tuesday. The prosecutor had asked for a longer sentence. "
            'According to her, "he showed no remorse."'
        )
        assert speaker(only(quotes_of(nlp, text), "no remorse", "direct")) == "prosecutor"
        named = text.replace("The prosecutor", "Jane Roe")
        assert speaker(only(quotes_of(nlp, named), "no remorse", "direct")) == "Jane Roe"

    def test_letters_set_off_after_a_name_before_an_unparsed_verb_are_the_names(self, nlp: Language) -> None:
        """ "Tom Molomby, SC, said that, as …": the speaker is the barrister, not his letters."""
        text = (
            "Speaking in the parents' defense, Tom Molomby, SC, said that, as the parents came from India, where "
            "homeopathy is in common use, they should be declared not guilty."
        )
        assert speaker(only(quotes_of(nlp, text), "declared not guilty", "indirect")) == "Tom Molomby"

    def test_a_courtroom_role_means_the_person_titled_so(self, nlp: Language) -> None:
        text = (
            "Defence barrister Niamh D'Arcy attacked the witness. "
            "“Mr O'Driscoll's evidence cannot be relied upon,” the barrister said."
        )
        assert speaker(only(quotes_of(nlp, text), "relied upon", "direct")) == "Niamh D'Arcy"

    def test_a_business_role_never_means_a_public_body(self, nlp: Language) -> None:
        """ "The Justice Department sued Kessler Motors. … the company said": Kessler Motors."""
        text = "The Justice Department sued Kessler Motors on Tuesday. “We will fight this in court,” the company said."
        assert speaker(only(quotes_of(nlp, text), "fight this in court", "direct")) == "Kessler Motors"


class TestAntecedentSalience:
    def test_the_main_clause_subject_outranks_a_subordinate_one(self, nlp: Language) -> None:
        """ "Tom Hadley spoke after Peter Grant had left": "he" is Hadley."""
        text = (
            "Tom Hadley, the coach, spoke after Peter Grant had left the field. “I thought we were unlucky,” he said."
        )
        assert speaker(only(quotes_of(nlp, text), "unlucky", "direct")) == "Tom Hadley"

    def test_a_person_of_the_pronouns_own_paragraph_outranks_the_last_speaker(self, nlp: Language) -> None:
        """A new paragraph moves the story on: the judge introduced there is "he", not the lawyer quoted before."""
        text = (
            "Goh's lawyer, Mr Rajesh Nair-Subramaniam, said his client was remorseful.\n\n"
            "“He did not set out to deceive anyone,” Mr Nair-Subramaniam said.\n\n"
            "District Judge Kenneth Yeo was not persuaded. “Financial pressure is not a licence to prey on the "
            "vulnerable,” he said."
        )
        assert speaker(only(quotes_of(nlp, text), "Financial pressure", "direct")) == "Kenneth Yeo"

    def test_its_statement_speaks_for_the_organisation(self, nlp: Language) -> None:
        """A possessive pronoun on a statement resolves as "it" would: the statement is the body's."""
        text = (
            "The Federation of Enterprise Employers has opposed the plan. Its statement on the trial warned that a "
            "shorter week would be a luxury."
        )
        q = only(quotes_of(nlp, text), "luxury", "indirect")
        assert speaker(q) == "Federation of Enterprise Employers"

    def test_it_continues_the_organisation_that_spoke(self, nlp: Language) -> None:
        text = "The International Monetary Fund said Ghana had made progress. “More work remains,” it said."
        assert speaker(only(quotes_of(nlp, text), "More work remains", "direct")) == "International Monetary Fund"

    def test_a_possessive_in_a_clause_means_its_subject(self, nlp: Language) -> None:
        """ "that Reagan … had confirmed his prior promise to …": Reagan's promise."""
        text = (
            "The Carter-era whistleblower would then have claimed that Reagan in the call had confirmed his prior "
            "promise to drop the tariffs."
        )
        (q,) = [q for q in quotes_of(nlp, text) if q.report == "noun"]
        assert q.speaker is not None and q.speaker.mention == "his"
        assert speaker(q) == "Reagan"


class TestColonIntroductions:
    @pytest.mark.parametrize(
        ("text", "fragment", "who"),
        [
            ("Ray Tillman spoke next. Tillman was blunt: “This bill is dead.”", "bill is dead", "Ray Tillman"),
            ("Coach Tom Hadley had this to say: “We played with heart.”", "played with heart", "Tom Hadley"),
            (
                "Linda Okafor spoke first. Okafor's message was clear: “No more delays.”",
                "No more delays",
                "Linda Okafor",
            ),
            (
                "Linda Okafor was asked whether she would resign. Her answer: “Absolutely not.”",
                "Absolutely",
                "Linda Okafor",
            ),
            ("Tom Hadley lost again. Hadley on the loss: “We were outplayed.”", "outplayed", "Tom Hadley"),
        ],
    )
    def test_a_clause_or_phrase_about_the_speaker_introduces_the_quote(
        self, nlp: Language, text: str, fragment: str, who: str
    ) -> None:
        q = only(quotes_of(nlp, text), fragment)
        assert q.kind == "direct" and speaker(q) == who

    def test_a_colon_after_a_thing_introduces_no_speech(self, nlp: Language) -> None:
        """ "The rules are simple: "No shoes, no service."": nobody is quoted."""
        q = only(quotes_of(nlp, "The rules are simple: “No shoes, no service.”"), "No shoes")
        assert q.speaker is None


class TestFollowOnQuotes:
    def test_a_quote_after_words_reported_inside_a_statement_goes_on_with_their_speaker(self, nlp: Language) -> None:
        """A person reported inside a statement speaks on; only a study's or a report's finding is the statement's."""
        text = (
            "Prosecutor Mark Ellis said the defendant told her sister that she had hidden the money. "
            '"Nobody will ever find it."'
        )
        assert speaker(only(quotes_of(nlp, text), "Nobody will ever", "direct")) == "defendant"

    def test_a_quote_after_a_report_goes_on_with_its_speaker_not_a_report_inside_it(self, nlp: Language) -> None:
        """ "She stressed that the study showed …": the study's finding is part of her statement."""
        text = (
            "Dr Ann Reyes led the study at the university. She stressed that the study showed an association "
            'rather than proof that nitrate causes cancer. "Nobody should panic and stop drinking tap water tomorrow."'
        )
        assert speaker(only(quotes_of(nlp, text), "Nobody should panic", "direct")) == "Ann Reyes"

    def test_a_short_sentence_of_its_own_goes_on_with_the_speaker(self, nlp: Language) -> None:
        """ ""I was scared," said Alice Ford. "Really scared."": a whole sentence is no scare quote."""
        q = only(quotes_of(nlp, "“I was scared,” said Alice Ford. “Really scared.”"), "Really scared")
        assert q.kind == "direct" and speaker(q) == "Alice Ford"

    def test_a_short_sentence_in_a_paragraph_of_its_own_goes_on_with_the_speaker(self, nlp: Language) -> None:
        """Wire copy gives each sentence its paragraph: ""…," Lindqvist said. ¶ "Well, mostly friends.""."""
        text = "“Joan beat me once, and we have been friends since,” Lindqvist said.\n\n“Well, mostly friends.”"
        q = only(quotes_of(nlp, text), "mostly friends")
        assert q.kind == "direct" and speaker(q) == "Lindqvist"
        interrupted = text.replace("\n\n", "\n\nThe crowd booed.\n\n")
        assert only(quotes_of(nlp, interrupted), "mostly friends").kind == "scare"

    def test_a_term_inside_a_sentence_stays_a_scare_quote(self, nlp: Language) -> None:
        q = only(quotes_of(nlp, "The plan, dubbed “Project Swift.” by staff, failed."), "Project Swift")
        assert q.speaker is None

    def test_a_name_in_the_speakers_own_phrase_does_not_break_the_run(self, nlp: Language) -> None:
        """ "said Kessler spokeswoman Jill Park": "Kessler", tagged a person, is part of her phrase."""
        text = "“Our offer is final,” said Kessler spokeswoman Jill Park.\n\n“We have been more than generous.”"
        assert speaker(only(quotes_of(nlp, text), "more than generous")) == "Jill Park"

    @pytest.mark.parametrize("state", ["was furious", "was less impressed with the umpiring"])
    def test_a_sentence_describing_a_persons_state_sets_up_their_quote(self, nlp: Language, state: str) -> None:
        text = f"Linda Okafor {state}.\n\n“This is outrageous. Nobody consulted us.”"
        assert speaker(only(quotes_of(nlp, text), "outrageous")) == "Linda Okafor"

    @pytest.mark.parametrize(
        "setup", ["Navarro laughed.", "Asked about her grandfather, she paused.", "Navarro shrugged."]
    )
    def test_a_gesture_sets_up_the_quote_after_it(self, nlp: Language, setup: str) -> None:
        text = f"Lucia Navarro won the final on Sunday. {setup} “I did not expect it.”"
        assert speaker(only(quotes_of(nlp, text), "did not expect")) == "Lucia Navarro"


class TestSignedQuotes:
    def test_words_signed_by_a_person_after_a_dash_are_theirs(self, nlp: Language) -> None:
        """ ""Nobody is above the law" — Susan Marsh": no full stop, still her words."""
        q = only(quotes_of(nlp, "“Nobody is above the law” — Susan Marsh"), "above the law")
        assert q.kind == "direct" and speaker(q) == "Susan Marsh"

    def test_the_person_after_an_organisation_in_the_title_signs(self, nlp: Language) -> None:
        """ "— National Hurricane Center Director Marisol Ocampo-Reyes": the centre is her employer."""
        text = (
            "Residents should leave now, officials said.\n\n“Don't focus on the category. Focus on the water.” — "
            "National Hurricane Center Director Marisol Ocampo-Reyes"
        )
        assert speaker(only(quotes_of(nlp, text), "Focus on the water", "direct")) == "Marisol Ocampo-Reyes"

    def test_a_dated_reference_line_is_a_citation(self, nlp: Language) -> None:
        text = "Sources\n\n“Man calls for probe into lost files” — Edmonton Sun, August 16, 2008"
        q = only(quotes_of(nlp, text), "probe into lost files")
        assert q.kind == "scare" and q.speaker is None


class TestReportedConjuncts:
    @pytest.mark.parametrize(
        ("text", "content"),
        [
            (
                "Police said the suspect fled on foot and was arrested an hour later.",
                "the suspect fled on foot and was arrested an hour later",
            ),
            (
                "Whitfield said taxes would not rise and that the state would hire more teachers.",
                "taxes would not rise and that the state would hire more teachers",
            ),
            (
                "Club sources indicated that funds would be made available, but that any signings were likely to "
                "be loans.",
                "funds would be made available, but that any signings were likely to be loans",
            ),
        ],
    )
    def test_a_predicate_of_the_same_subject_or_a_second_that_clause_is_reported(
        self, nlp: Language, text: str, content: str
    ) -> None:
        assert [q.text for q in quotes_of(nlp, text) if q.kind == "indirect"] == [content]

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("Jones said the plan would work and critics disagreed.", "the plan would work"),
            (
                "The group said on Twitter that the contract has confused employees with pay discrepancies, and "
                "demanded a deadline extension.",
                "the contract has confused employees with pay discrepancies",
            ),
            (
                "The Israeli government insists that the asylum seekers are in fact economic migrants and refuses "
                "to grant them any rights.",
                "the asylum seekers are in fact economic migrants",
            ),
            ("Volker said he never used the term and added that he regretted it.", "he never used the term"),
        ],
    )
    def test_the_writer_or_the_speaker_going_on_is_not_reported(self, nlp: Language, text: str, content: str) -> None:
        """A subject of its own, a comma before "and", a verb that does not agree, a speech verb: cut there."""
        assert content in [q.text for q in quotes_of(nlp, text) if q.kind == "indirect"]

    def test_what_she_told_the_panel_is_reported(self, nlp: Language) -> None:
        """ "told the panel she had called …": the parse's relative clause on the panel is what was told."""
        text = (
            "The hearing's most emotional moment came from Carla Benavides-Rourke. She told the panel she had "
            "called the utility twice to report sparking on a pole."
        )
        q = only(quotes_of(nlp, text), "sparking", "indirect")
        assert speaker(q) == "Carla Benavides-Rourke"

    def test_a_pronoun_subject_of_the_report_keeps_the_parse(self, nlp: Language) -> None:
        """ "it" may be the body that speaks: the conjoined "called on" is not pulled up to "said"."""
        text = (
            "The State Department said in a statement that it stood with its treaty ally and called on China "
            "“to desist from its dangerous conduct.”"
        )
        assert [q.text for q in quotes_of(nlp, text) if q.kind == "indirect"] == ["it stood with its treaty ally"]

    @pytest.mark.parametrize(
        ("text", "second", "who"),
        [
            ("The minister said the budget was fair and insisted that taxes would not rise.", "taxes would not rise",
             "minister"),
            ("The mayor said the bridge was safe and denied that repairs had been delayed.", "repairs had been delayed",
             "mayor"),
        ],
    )  # fmt: skip
    def test_a_speech_verb_conjoined_inside_a_report_is_the_reporters(
        self, nlp: Language, text: str, second: str, who: str
    ) -> None:
        """The parse hangs the second speech verb on the report's verb; a thing ("the budget") cannot insist."""
        assert speaker(only(quotes_of(nlp, text), second.split()[-1], "indirect")) == who


class TestReportedTimeFrames:
    """A conjoined clause goes on with the report while it keeps the reported speaker's frame of time."""

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("The senator said the tariffs will hurt farmers, and consumers will pay more for groceries.",
             "the tariffs will hurt farmers, and consumers will pay more for groceries"),
            ("Analysts said the fighting will probably continue, or it could spread to the capital.",
             "the fighting will probably continue, or it could spread to the capital"),
            ("The agency said the new rules would cut costs, and hospitals would hire more nurses.",
             "the new rules would cut costs, and hospitals would hire more nurses"),
            ("The charity said it has helped 5,000 women, and will soon open an office in Liberia.",
             "it has helped 5,000 women, and will soon open an office in Liberia"),
            ("The governor said change is not easy, and she will keep pursuing it.",
             "change is not easy, and she will keep pursuing it"),
        ],
    )  # fmt: skip
    def test_a_clause_in_the_reported_frame_is_reported(self, nlp: Language, text: str, content: str) -> None:
        assert [q.text for q in quotes_of(nlp, text) if q.kind == "indirect"] == [content]

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("The mayor said the bridge was closed, and police arrested two men.", "the bridge was closed"),
            ("The mayor said the bridge would reopen, and the council is expected to vote on Monday.",
             "the bridge would reopen"),
            ("The minister said the plan would work, but has refused to publish the figures.", "the plan would work"),
            ("Reed has said that he expects to cut costs by $300 million, but that may be hard to do.",
             "he expects to cut costs by $300 million"),
            ("The coach said his team struggled and resigned on Monday.", "his team struggled"),
        ],
    )  # fmt: skip
    def test_the_writers_past_or_a_clause_out_of_frame_is_not(self, nlp: Language, text: str, content: str) -> None:
        """A bare past may be the writer's narration; "would" then "is" leaves the reported frame; "but" may
        set the writer's view against the report."""
        assert [q.text for q in quotes_of(nlp, text) if q.kind == "indirect"] == [content]

    def test_a_conjunct_inside_the_speakers_open_quotation_is_reported(self, nlp: Language) -> None:
        text = 'The minister added that Ruritania "has never sought a trade war, but does not fear one."'
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert q.text.endswith('but does not fear one."')

    def test_an_inch_mark_opens_no_quotation(self, nlp: Language) -> None:
        """A '65"' screen is no quote: the speaker's next statement stays a report of its own."""
        text = 'He said the 65" screens sold out quickly and added that prices would rise next year.'
        assert [q.text for q in quotes_of(nlp, text) if q.kind == "indirect"] == [
            'the 65" screens sold out quickly',
            "prices would rise next year",
        ]

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("Officials said the village would be rebuilt or abandoned within a year.",
             "the village would be rebuilt or abandoned within a year"),
            ("The army said a drone targeted and killed a militia commander.",
             "a drone targeted and killed a militia commander"),
            ("Organisers said the dates are set and final.", "the dates are set and final"),
        ],
    )  # fmt: skip
    def test_predicates_sharing_an_auxiliary_an_object_or_a_copula_are_one_report(
        self, nlp: Language, text: str, content: str
    ) -> None:
        assert [q.text for q in quotes_of(nlp, text) if q.kind == "indirect"] == [content]


class TestNounCueHolders:
    def test_a_noun_report_names_its_noun_as_cue(self, nlp: Language) -> None:
        (q,) = [
            q for q in quotes_of(nlp, "By his own admission, Sanders has never run a business.") if q.kind == "indirect"
        ]
        assert q.report == "noun" and q.cue == "admission"

    @pytest.mark.parametrize(
        "text",
        [
            "Shares fell amid fears that the company would miss its targets.",
            "Despite warnings that the dam could fail, officials kept the town open.",
        ],
    )
    def test_a_statement_noun_of_circumstance_is_nobodys_in_the_clause(self, nlp: Language, text: str) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert q.report == "noun" and q.speaker is None

    def test_a_voiced_statement_is_the_subjects(self, nlp: Language) -> None:
        (q,) = [
            q for q in quotes_of(nlp, "Senator Ida Kwan voiced fears that the bill would fail.") if q.kind == "indirect"
        ]
        assert speaker(q) == "Ida Kwan"

    def test_a_rejected_claim_is_not_the_rejecters_statement(self, nlp: Language) -> None:
        """ "Volker disputed the notion that he had been a participant": not Volker saying he was one."""
        text = "Volker disputed the notion that he had been a participant in an irregular channel."
        assert not [q for q in quotes_of(nlp, text) if q.text.startswith("he had been a participant")]


class TestNothingSaid:
    @pytest.mark.parametrize(
        "text",
        [
            "A spokesman for the company declined to comment.",
            "The senator refused to comment on the investigation.",
            "Police declined to release the name of the victim.",
            "If Ortega claims the city is broke, voters will revolt.",
        ],
    )
    def test_a_refusal_or_a_condition_reports_nothing(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    def test_a_refusal_to_say_something_is_reported(self, nlp: Language) -> None:
        (q,) = [
            q for q in quotes_of(nlp, "The mayor declined to say whether she would run again.") if q.kind == "indirect"
        ]
        assert q.text == "to say whether she would run again" and q.cue == "declined"


class TestHeadlineSources:
    @pytest.mark.parametrize(
        ("line", "who"),
        [
            ("Police: Driver was drunk in fatal crash", "Police"),
            ("Officials: Dam is safe for now", "Officials"),
            ("Mayor Ortega: City will appeal the ruling", "Ortega"),
            ("Gov. Whitfield: State will not raise taxes", "Whitfield"),
        ],
    )
    def test_people_and_titled_names_before_a_headline_colon_speak(self, nlp: Language, line: str, who: str) -> None:
        (q,) = [q for q in quotes_of(nlp, line + "\n\nThe story goes on here.") if q.kind == "indirect"]
        assert q.report == "headline" and speaker(q) == who

    @pytest.mark.parametrize(
        "line", ["Analysis: Why the dam matters to the city", "India: Floods kill hundreds in the east"]
    )
    def test_a_section_label_or_a_place_heads_a_title(self, nlp: Language, line: str) -> None:
        assert [q for q in quotes_of(nlp, line + "\n\nThe story goes on here.") if q.kind == "indirect"] == []


class TestPassiveReports:
    def test_an_impersonal_passive_reports_its_that_clause_without_a_source(self, nlp: Language) -> None:
        (q,) = [
            q for q in quotes_of(nlp, "It was announced on Monday that the plant would close.") if q.kind == "indirect"
        ]
        assert q.text == "the plant would close" and q.speaker is None and q.cue == "announced"

    def test_the_agent_of_a_passive_is_the_source(self, nlp: Language) -> None:
        text = "Residents were told by police that the road would stay closed."
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert q.text == "the road would stay closed" and speaker(q) == "police"

    def test_a_passive_without_a_that_clause_reports_nothing(self, nlp: Language) -> None:
        text = "She used the creams they had been given. The document was found on a street in Ottawa."
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestMisreadSubjects:
    def test_a_noun_read_as_a_compound_of_the_verb_is_its_subject(self, nlp: Language) -> None:
        """ "Records show Tilden paid no taxes": the tagger hangs "Records" on "show" as a compound."""
        (q,) = [q for q in quotes_of(nlp, "Records show Tilden paid no taxes in 2019.") if q.kind == "indirect"]
        assert q.report == "evidence" and speaker(q) == "Records"

    @pytest.mark.parametrize(
        ("text", "cue"),
        [
            ("Ortega reminded voters that the election was close.", "reminded"),
            ("The bank notified customers that their data had been stolen.", "notified"),
        ],
    )
    def test_telling_verbs_report(self, nlp: Language, text: str, cue: str) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert q.cue == cue


class TestDocumentsReferredBack:
    """A definite document noun that speaks refers back to the document the text brought in, and its issuer."""

    @pytest.mark.parametrize(
        ("text", "want"),
        [
            ("Kessler Motors said in a statement on Monday that it would close two plants. The statement added "
             "that 2,000 jobs would go.", "Kessler Motors"),
            ("Kessler Motors issued a statement on Monday. The statement said that 2,000 jobs would go.",
             "Kessler Motors"),
            ("The union released a statement from Mary Cole. The statement said workers would strike.", "Mary Cole"),
            # a statement somebody else judged is not theirs; its topic does not speak
            ("Critics rejected the statement. The statement said workers would strike.", "statement"),
            ("Kessler Motors issued a statement about Russia on Monday. The statement said that 2,000 jobs would go.",
             "Kessler Motors"),
            ("Police released a statement on Smith's arrest. The statement said he was held overnight.", "Police"),
            ("A statement from the Kessler Motors board was published on Monday. The statement said jobs would go.",
             "Kessler Motors"),
        ],
    )  # fmt: skip
    def test_the_document_speaks_for_its_issuer(self, nlp: Language, text: str, want: str) -> None:
        q = [q for q in quotes_of(nlp, text) if q.kind == "indirect"][-1]
        assert speaker(q) == want


class TestUnnamedBodies:
    """Sources the text names by a noun: a nationality or place only describes it, a court is a court, "it" continues it."""

    @pytest.mark.parametrize(
        ("text", "want"),
        [
            ("According to an American report released last week, Hezbollah had rearmed itself.", "an American report"),
            ("According to a US official, the talks failed.", "a US official"),
            ("According to Russian media, the talks failed.", "Russian media"),
            # a body before the noun made the document or employs the person: still the source
            ("Prices rose, according to a Reuters survey of 15 stations in Lagos.", "Reuters"),
            ("According to the Russians, the talks failed.", "Russians"),
            # once described, the noun is not named by a place or a topic further on
            ("According to a US official in Kabul, the talks failed.", "a US official in Kabul"),
            ("According to an American report on Iran, Hezbollah had rearmed.", "an American report"),
            # a country before a document issued it; the agent of a participle made it
            ("According to a US statement, the talks failed.", "United States"),
            ("Prices rose, according to British figures published by the ONS.", "ONS"),
        ],
    )  # fmt: skip
    def test_a_nationality_only_describes_the_source(self, nlp: Language, text: str, want: str) -> None:
        assert speaker(only(quotes_of(nlp, text), "", "indirect")) == want

    @pytest.mark.parametrize(
        ("text", "want"),
        [
            ("Acme Corp sued Wikimedia Deutschland. The court found that the suit was valid.", "court"),
            ("The High Court heard the case against Wikimedia Deutschland. The court found that the suit was valid.",
             "High Court"),
            ("The Senate Judiciary Committee met on Monday. The committee said that the nominee was qualified.",
             "Senate Judiciary Committee"),
            # initials are no court's by themselves: parties have them too
            ("The ACLU sued the FBI on Monday. The court said that the records must be released.", "court"),
        ],
    )  # fmt: skip
    def test_a_court_is_one_named_as_a_court(self, nlp: Language, text: str, want: str) -> None:
        assert speaker(only(quotes_of(nlp, text), "", "indirect")) == want

    @pytest.mark.parametrize(
        ("text", "want"),
        [
            ("The court found that the law was valid in Germany. It said that those rights only protect the dead.",
             "court"),
            ("The company cut jobs. It said that demand had fallen.", "company"),
            ("Apple cut jobs. It said that demand had fallen.", "Apple"),
            # a plural body is no "it"
            ("The companies cut jobs at Apple. It said that demand had fallen.", "Apple"),
        ],
    )  # fmt: skip
    def test_it_continues_the_body_before(self, nlp: Language, text: str, want: str) -> None:
        q = [q for q in quotes_of(nlp, text) if q.kind == "indirect"][-1]
        assert speaker(q) == want

    @pytest.mark.parametrize(
        ("text", "want"),
        [
            ("There was a lot of water, according to the researchers' calculations.", "researchers"),
            ("The researchers' study found that prices rose.", "researchers"),
            ("Prices rose, according to Oxfam's report.", "Oxfam"),
            # a person's possessor is no source: the lawyer speaks
            ("Prices rose, according to the family's lawyer.", "family's lawyer"),
            # a document about a person is not theirs; a body's own inquiry is
            ("The senator's indictment says that she hid the documents.", "senator's indictment"),
            ("The senator's tax records show that she paid no tax.", "senator's tax records"),
            ("The FBI's investigation found that the records were forged.", "FBI"),
        ],
    )  # fmt: skip
    def test_a_document_speaks_for_its_author(self, nlp: Language, text: str, want: str) -> None:
        assert speaker(only(quotes_of(nlp, text), "", "indirect")) == want


class TestContentAfterPhrase:
    """ "Say" takes a clause: a "that" clause right after the noun of its phrase is what was said."""

    def test_the_clause_after_the_phrase_is_said(self, nlp: Language) -> None:
        q = only(quotes_of(nlp, "Senator Ruth Kessler said after the debate that she won."), "won", "indirect")
        assert (q.text, speaker(q)) == ("she won", "Ruth Kessler")

    def test_a_relative_clause_whose_subject_is_that_describes_the_noun(self, nlp: Language) -> None:
        assert not quotes_of(nlp, "Smith said in a report that was released Monday.")

    def test_a_relative_clause_on_a_speech_describes_it(self, nlp: Language) -> None:
        """A speech is given: its relative clause describes it, and a "that" clause inside is what was said."""
        assert not quotes_of(nlp, "Smith said in the speech that he gave on Monday.")
        q = only(quotes_of(nlp, "The minister said in a letter that the plant would close."), "")
        assert q.text == "the plant would close"
        q = only(quotes_of(nlp, "Smith said in a speech that he gave on Monday that the economy was strong."), "")
        assert q.text == "the economy was strong"


class TestControlledClauses:
    """A participle clause before the speech verb has the speaker as its unspoken subject."""

    @pytest.mark.parametrize(
        ("text", "want"),
        [
            # the one who asked, or was spoken to, is somebody else
            ("Kessler Motors recalled 2,000 cars on Monday. Contacted by the Associated Press, the company said "
             "it would not comment.", "Kessler Motors"),
            ("Prime Minister Anna Berg met reporters. Speaking to Reuters, she said the talks would go on.",
             "Anna Berg"),
            # a possessor in the clause may be the speaker
            ("Apple posted a loss. Asked about Apple's plans, the company said it would invest more.", "Apple"),
        ],
    )  # fmt: skip
    def test_the_asker_is_not_the_speaker(self, nlp: Language, text: str, want: str) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert speaker(q) == want

    def test_an_unnamed_subject_is_not_the_asker(self, nlp: Language) -> None:
        (q,) = quotes_of(nlp, "Asked by Reuters, the ministry said that the investigation was continuing.")
        assert speaker(q) == "ministry"


def test_every_paragraph_of_a_long_quote_is_the_speakers(nlp: Language) -> None:
    """A statement of three paragraphs, each re-opening the marks: three quotes of one speaker."""
    text = (
        "Senator Ida Kwan issued the following statement on Monday.\n\n"
        "“Instead of standing up for his staff, the director punished them.\n\n"
        "“Intimidation of journalists is odious and deserves condemnation.\n\n"
        "“I join the employees who have called on the director to resign.”"
    )
    quotes = [q for q in quotes_of(nlp, text) if q.kind == "direct"]
    assert len(quotes) == 3 and {speaker(q) for q in quotes} == {"Ida Kwan"}


class TestReviewedRules:
    """Counter-examples from the review of the rules above: each was right before them and wrong with a first version."""

    def test_an_everyday_role_means_only_a_person_titled_so(self, nlp: Language) -> None:
        text = "Mayor Ida Kwan toured the hospital. “We are exhausted and we need more staff,” the nurse said."
        assert speaker(only(quotes_of(nlp, text), "exhausted", "direct")) == "nurse"

    def test_the_clause_after_a_name_is_no_apposition(self, nlp: Language) -> None:
        text = (
            "Gov. Patricia Wendell spoke on Monday. After meeting union leader Frank Dolan, the governor said "
            "“we are close to a deal.”"
        )
        assert speaker(only(quotes_of(nlp, text), "close to a deal")) == "Patricia Wendell"

    def test_the_speakers_next_act_is_not_reported(self, nlp: Language) -> None:
        text = "Tom Hadley said the report was wrong and left the meeting early."
        assert [q.text for q in quotes_of(nlp, text) if q.kind == "indirect"] == ["the report was wrong"]

    def test_a_promise_to_speak_is_reported(self, nlp: Language) -> None:
        text = "The mayor promised to speak to the families on Friday."
        assert [q.cue for q in quotes_of(nlp, text) if q.kind == "indirect"] == ["promised"]

    def test_a_state_that_is_no_manner_sets_up_nobody(self, nlp: Language) -> None:
        text = "Tom Hadley, 54, was dead when paramedics arrived.\n\n“He was the nicest man on our street.”"
        assert only(quotes_of(nlp, text), "nicest man").speaker is None

    def test_a_short_quote_after_narration_does_not_go_on(self, nlp: Language) -> None:
        text = "“I did nothing wrong,” said Linda Okafor. The crowd outside booed. “Lock her up!” Police moved in."
        assert only(quotes_of(nlp, text), "Lock her up").speaker is None

    def test_a_name_after_a_colon_is_no_speech(self, nlp: Language) -> None:
        q = only(quotes_of(nlp, "Tom Hadley boxed for years. His nickname: “The Hammer.”"), "The Hammer")
        assert q.speaker is None

    def test_a_pledge_one_campaigned_on_is_ones_own(self, nlp: Language) -> None:
        text = "Tom Hadley campaigned on a promise that taxes would not rise."
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert speaker(q) == "Tom Hadley"

    def test_an_invitation_before_a_colon_is_no_source(self, nlp: Language) -> None:
        text = "Ask the doctor: Can coffee cause heartburn at night?\n\nThe column goes on here."
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    def test_a_party_word_without_a_member_named_so_names_nobody(self, nlp: Language) -> None:
        text = "Sen. John Harlow, a Republican, opposed the bill. “It is a giveaway,” the Democrat said."
        assert speaker(only(quotes_of(nlp, text), "giveaway", "direct")) != "John Harlow"

    def test_a_retailer_named_navy_is_a_retailer(self, nlp: Language) -> None:
        """ "Navy" in a company's name is no armed force: "the retailer" is Old Navy (tagged ORG, as the small
        model does; en_core_web_md's recogniser tags nothing here)."""
        text = "Sales at Old Navy fell in March. “We are disappointed with the results,” the retailer said."
        quotes = quotes_in(misread(nlp, text, ("Old Navy", "ORG"), ("March", "DATE")))
        assert speaker(only(quotes, "disappointed", "direct")) == "Old Navy"

    def test_barred_from_saying_is_the_barred_persons(self, nlp: Language) -> None:
        text = "The court barred Tom Hadley from saying that the mayor had lied."
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert speaker(q) == "Tom Hadley"

    def test_a_noun_phrase_is_no_fronted_verb(self, nlp: Language) -> None:
        q = only(quotes_of(nlp, "Warning signs: “Slow down, children at play.”"), "Slow down")
        assert q.cue != "Warning" and q.speaker is None

    def test_a_dash_then_a_clause_signs_nothing(self, nlp: Language) -> None:
        text = (
            "The plan was billed as “a new start for the whole of the riverside district” — Tom Hadley, who "
            "drew it up, has since left the firm."
        )
        assert only(quotes_of(nlp, text), "a new start").speaker is None

    def test_being_convinced_is_no_report_and_a_message_is_no_source(self, nlp: Language) -> None:
        convinced = "Tom Hadley was convinced that the election had been stolen."
        assert [q for q in quotes_of(nlp, convinced) if q.kind == "indirect"] == []
        told = "Residents were told by text message that the road would stay closed."
        (q,) = [q for q in quotes_of(nlp, told) if q.kind == "indirect"]
        assert q.speaker is None

    def test_a_rejected_claim_is_not_the_rejecters(self, nlp: Language) -> None:
        text = "Linda Okafor said she was cheated. Osei dismissed her claim that the contract was void."
        (q,) = [q for q in quotes_of(nlp, text) if q.report == "noun"]
        assert speaker(q) == "Linda Okafor"


def test_a_present_tense_after_a_past_speech_verb_is_reported(nlp: Language) -> None:
    """ "said he supported Trump and hates …": the speaker's own act would be in the past."""
    text = "His lawyer said he supported Trump and hates radical views in government."
    assert "he supported Trump and hates radical views in government" in [
        q.text for q in quotes_of(nlp, text) if q.kind == "indirect"
    ]


class TestReReviewedRules:
    """Counter-examples from a second review, aimed at the first review's fixes."""

    @pytest.mark.parametrize(
        ("text", "fragment", "who"),
        [
            (
                "The Department of Justice sued Kessler Motors on Tuesday. “We will fight it,” the company said.",
                "fight it",
                "Kessler Motors",
            ),
            ("“It was a disaster,” said Sen. Alice Ford. “A total disaster.”", "A total disaster", "Alice Ford"),
            ("Tom Hadley lost the vote. His words were blunt: “We failed badly.”", "failed badly", "Tom Hadley"),
            ("Linda Okafor won. Her reaction: “Pure joy.”", "Pure joy", "Linda Okafor"),
            ("“Nobody is above the law” — Susan Marsh, former prosecutor", "above the law", "Susan Marsh"),
            ("Workers were told by managers that the plant would close.", "plant would close", "managers"),
        ],
    )
    def test_the_speaker_is_found(self, nlp: Language, text: str, fragment: str, who: str) -> None:
        assert speaker(only(quotes_of(nlp, text), fragment)) == who

    def test_a_claim_inside_a_criticism_is_the_claimants(self, nlp: Language) -> None:
        """Hadley criticizes [the study for claiming …]; the claim inside is the study's: two statements."""
        text = "Senator Tom Hadley criticized the study for claiming that the tax cuts paid for themselves."
        qs = {(q.text, speaker(q)) for q in quotes_of(nlp, text) if q.kind == "indirect"}
        assert qs == {
            ("the study for claiming that the tax cuts paid for themselves", "Tom Hadley"),
            ("the tax cuts paid for themselves", "study"),
        }

    def test_a_predicate_going_on_in_the_present_is_reported(self, nlp: Language) -> None:
        text = "Tom Hadley says the new stadium creates jobs and brings visitors to the town."
        assert "the new stadium creates jobs and brings visitors to the town" in [
            q.text for q in quotes_of(nlp, text) if q.kind == "indirect"
        ]


class TestReviewedRulesTwelfthSession:
    """Counter-examples from the review of this session's rules: each went wrong with a first version."""

    @pytest.mark.parametrize(
        ("text", "fragment", "expected"),
        [
            # The report's own "she" is somebody else: not the officer who said it.
            ('Ms. Kovac arrived at the courthouse at 9 a.m. A police officer said she was calm. '
             '"I have nothing to hide," she said.', "nothing to hide", "Kovac"),
            # A modified role is another office; a role with "an" is somebody new.
            ("'We will fight on,' says deputy mayor\nDunmore's mayor, Colette Ruane, and her deputy, Ed Pike, "
             "disagreed.", "fight on", "deputy mayor"),
            ('An officer who responded to the call said the gunman was "calm and smiling."\nOfficer Dan Obi, '
             "a police spokesman, said the scene was secure.", "the gunman was", "An officer"),
            # "former mayor" titles nobody mayor.
            ("Mayor Colette Ruane said the bridge would close. The city's former mayor, Ed Pike, disagreed. "
             "The mayor said the bridge was unsafe.", "bridge was unsafe", "Colette Ruane"),
            # A compound is part of the title: "says fire chief" is the person titled so.
            ("'Cuts will cost lives,' says fire chief\nFire Chief Dana Morrow said the service was stretched.",
             "cost lives", "Dana Morrow"),
            # A name apposed to an organisation inside the subject's phrase is the office holder.
            ("The chief executive of Acme Holdings, Jo Pike, said the plant would close.", "plant would close",
             "Jo Pike"),
        ],
    )  # fmt: skip
    def test_speakers(self, nlp: Language, text: str, fragment: str, expected: str) -> None:
        assert speaker(only(quotes_of(nlp, text), fragment)) == expected

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("But according to police, the suspect fled on foot.", "the suspect fled on foot"),  # "But" is no subject
        ],
    )
    def test_reports(self, nlp: Language, text: str, content: str) -> None:
        assert [q.text for q in quotes_of(nlp, text) if q.kind == "indirect"] == [content]

    @pytest.mark.parametrize(
        "text",
        [
            "The investigation found cocaine in the car.",  # a thing found, nothing said of it
            "The report found its way to reporters within hours.",
            "Kovac wrote in a memo that staff found offensive.",  # a relative clause missing its object
        ],
    )
    def test_no_report(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    @pytest.mark.parametrize(
        "text", ["The audit found widespread fraud.", "The inquiry found no wrongdoing by Jo Lind."]
    )
    def test_a_qualified_finding_is_evidence(self, nlp: Language, text: str) -> None:
        assert [q.report for q in quotes_of(nlp, text) if q.kind == "indirect"] == ["evidence"]

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("A Lakeview College survey showed Osei at 18 percent in the state.", "Osei at 18 percent in the state"),
            ("The latest poll put the mayor ahead by six points.", "the mayor ahead by six points"),
        ],
    )
    def test_a_document_places_its_object_at_a_value(self, nlp: Language, text: str, content: str) -> None:
        """A poll shows a candidate "at 18 percent": the object and the value it is placed at are the finding."""
        q = only(quotes_of(nlp, text), content.split()[-1], "indirect")
        assert (q.text, q.report) == (content, "evidence")


class TestJudgedObjects:
    """Verbs that judge, want or call for their object report a view of it (issue 13, thirteenth session)."""

    @pytest.mark.parametrize(
        ("text", "content", "quote"),
        [
            ("The union called the decision “a step backwards for safety.”",
             "the decision “a step backwards for safety.”", "a step backwards for safety."),
            ("Rep. Jan Ekwueme called the vote “reckless” on Friday.", "the vote “reckless”", "reckless"),
        ],
    )  # fmt: skip
    def test_a_quoted_predicate_is_part_of_the_report(self, nlp: Language, text: str, content: str, quote: str) -> None:
        """Both the quote and the report are statements: the report says what was called what."""
        qs = quotes_of(nlp, text)
        assert [q.text for q in qs if q.kind == "indirect"] == [content]
        assert [q.text for q in qs if q.kind == "partial"] == [quote]

    @pytest.mark.parametrize(
        ("text", "content", "source", "report"),
        [
            ("Republicans questioned the legality of the executive order.", "the legality of the executive order",
             "Republicans", "communication"),
            ("The union echoed calls for an independent investigation.", "an independent investigation",
             "union", "noun"),  # echoing voices the calls: the union's
            ("Environmental groups condemned the decision to approve the oil field.",
             "the decision to approve the oil field", "Environmental groups", "communication"),
            ("The mayor criticized the launch of the recycling campaign.", "the launch of the recycling campaign",
             "mayor", "communication"),
            ("Most voters now support the proposed ban on plastic bags.", "the proposed ban on plastic bags",
             "Most voters", "attitude"),
            ("Opposition leaders criticised the chancellor for failing to cut taxes.",
             "the chancellor for failing to cut taxes", "Opposition leaders", "communication"),
            ("The Conservatives blamed Labour for the rise in energy bills.", "Labour for the rise in energy bills",
             "Conservatives", "communication"),
            ("Liz Truss was criticised by opposition leaders for her handling of the crisis.",
             "her handling of the crisis", "opposition leaders", "communication"),
            ("The proposed ban on plastic bags is supported by most voters.", "The proposed ban on plastic bags",
             "most voters", "attitude"),
        ],
    )  # fmt: skip
    def test_a_judged_or_wanted_thing_is_the_content(
        self, nlp: Language, text: str, content: str, source: str, report: str
    ) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, speaker(q), q.report) == (content, source, report)

    @pytest.mark.parametrize(
        "text",
        [
            "The senator questioned the students.",  # somebody, not a thing: an act
            "The detective questioned the suspect for three hours.",  # a "for" phrase of time is no reason
            "The judge dismissed the case.",  # a judging verb's bare object: an act's
            "The rebels sought out information about the convoy.",  # a particle makes another verb
            "The plan calls for new taxes on luxury goods.",  # what a plan provides is nobody's call
            "Officials will decide whether residents would prefer a new bridge.",  # an open question
        ],
    )
    def test_no_report(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestAccordingToAnyVerb:
    @pytest.mark.parametrize(
        ("text", "content", "source"),
        [
            # a speech verb that reports nothing does not stand in the way
            ("According to a source, the deal could be announced as early as Friday.",
             "the deal could be announced as early as Friday", "a source"),
            ("According to Reuters, which first reported the story, the talks broke down over prisoner releases.",
             "the talks broke down over prisoner releases", "Reuters"),
            # the phrase inside a relative clause reports that clause
            ("Both countries keep a policy of turning boats away which, according to AFP, the United Nations "
             "has criticised.", "the United Nations has criticised", "AFP"),
            # a named source's relative clause is the source's
            ("According to John Smith, who chairs the panel, the bill will pass next week.",
             "the bill will pass next week", "John Smith"),
            # a title before a name, or a clause "that" opens, is the content's (found by a review)
            ("According to the White House, President Biden, who turned 81 on Monday, will travel to Ohio.",
             "President Biden, who turned 81 on Monday, will travel to Ohio", "White House"),
            ("According to two aides, Senator Warren, a Democrat, will vote against the bill.",
             "Senator Warren, a Democrat, will vote against the bill", "two aides"),
            ("According to Jones, that is wrong, and the bill fails.", "that is wrong, and the bill fails", "Jones"),
        ],
    )  # fmt: skip
    def test_reports(self, nlp: Language, text: str, content: str, source: str) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, speaker(q), q.report) == (content, source, "sourcing")

    def test_the_content_is_the_clause_not_a_longer_apposition_after_the_source(self, nlp: Language) -> None:
        """ "X, according to the poll, a figure aides expect to fall": the clause is what the poll reports."""
        text = (
            "Twelve percent of voters in the county back the measure, according to the Tribune poll, a figure "
            "its organisers expect to rise sharply once the advertising campaign begins next month."
        )
        (q,) = [q for q in quotes_of(nlp, text) if q.cue == "according to"]
        assert q.text == "Twelve percent of voters in the county back the measure"

    def test_a_conjoined_clause_naming_its_own_source_is_that_sources(self, nlp: Language) -> None:
        text = "According to the union, the reform is a mistake, but according to the employers, it is progress."
        qs = [(q.text, speaker(q)) for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert qs == [("the reform is a mistake", "union"), ("it is progress", "employers")]

    def test_a_statement_reported_by_a_source_is_two_reports(self, nlp: Language) -> None:
        """ "According to the report, Smith said …": the report reports Smith's statement, which Smith made."""
        qs = [
            q
            for q in quotes_of(nlp, "According to the report, Ann Smith said the firm had lied.")
            if q.kind == "indirect"
        ]
        assert [(q.text, speaker(q)) for q in qs] == [
            ("Ann Smith said the firm had lied", "report"),
            ("the firm had lied", "Ann Smith"),
        ]


class TestToldClause:
    def test_a_clause_on_the_addressee_is_what_was_told(self, nlp: Language) -> None:
        """ "told officers he had been drinking": the parser's relative clause is the content."""
        text = "Tom Reed was arrested on Friday. Reed told officers he had been drinking."
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, speaker(q)) == ("he had been drinking", "Tom Reed")

    def test_a_relative_clause_on_a_thing_is_no_content(self, nlp: Language) -> None:
        text = "Tom Reed told the story he had written as a boy."
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestDescriptions:
    """Speakers described, not named (issue 13, thirteenth session)."""

    @pytest.mark.parametrize(
        ("text", "fragment", "who"),
        [
            # a relation of a named person is not that person
            ('Raj Patel was hurt in the crash. "He is lucky to be alive," a friend of Mr Patel said.', "lucky",
             "a friend of Mr Patel"),
            ('Frank Doyle died in the blaze. "He was a hero," the widow of Frank Doyle told reporters.', "hero",
             "widow of Frank Doyle"),
            # a party or a people does not speak as one person: the description means somebody named
            ('Sen. John Harlow voted against the bill. "This is a disaster," the Texas Republican said.',
             "disaster", "John Harlow"),
            ('Seamus Kelly won the race. "I am delighted," the Irishman said.', "delighted", "Seamus Kelly"),
            # an age the article never gave describes the person it named …
            ('Marcus Bell scored twice for Leeds. "It was a great night," the 28-year-old said.', "great night",
             "Marcus Bell"),
            # … unless it brought somebody in without a name
            ('A man was stabbed outside a shop owned by Tom Hale. "I just ran," the 45-year-old said.', "just ran",
             "45-year-old"),
            ('A 17-year-old was hurt near a shop owned by Tom Hale. "I just ran," the 17-year-old said.', "just ran",
             "17-year-old"),
        ],
    )  # fmt: skip
    def test_speakers(self, nlp: Language, text: str, fragment: str, who: str) -> None:
        assert speaker(only(quotes_of(nlp, text), fragment)) == who

    @pytest.mark.parametrize(
        "text",
        [
            'The plan — described by critics as "a giveaway to the rich" — passed on Tuesday.',
            'The plan was described by critics as "a giveaway to the rich."',
        ],
    )
    def test_a_passive_speech_verb_is_its_agents(self, nlp: Language, text: str) -> None:
        """The subject of a passive speech verb is what is spoken of; the agent speaks (the quote alone)."""
        assert [(q.kind, speaker(q)) for q in quotes_of(nlp, text)] == [("partial", "critics")]


class TestReadOrder:
    def test_whom_a_reply_addresses_does_not_depend_on_when_a_title_is_first_read(self, nlp: Language) -> None:
        """ "…, Senator." answers the senator's words: Tom Hart's title, in a block quote, is read as the
        narration first gives it, whatever rule asks first (a search that stopped at a second person
        left it to be read after the block quote was known, without "Senator")."""
        text = (
            "Jane Doe met Ray Bell.\n\nDoe tweeted:\n\nThanks to Senator Tom Hart.\n\n"
            "“We are tired,” the American said.\n\n“Will you vote for it?” Bell asked.\n\n"
            "“I will not,” Hart said.\n\n“That is a shame, Senator.”"
        )
        assert speaker(only(quotes_of(nlp, text), "That is a shame")) == "Ray Bell"


class TestLabelledQuotes:
    @pytest.mark.parametrize(
        "text",
        [
            "Boris Johnson met his critics on Monday.\n\n‘We can’t give up now’: Johnson hits back at critics",
            "Boris Johnson met his critics on Monday.\n\n“We can’t give up now”: Johnson hits back at critics.",
        ],
    )
    def test_the_name_after_the_colon_speaks_the_quote_before_it(self, nlp: Language, text: str) -> None:
        """A headline's words first, then a colon and their speaker, whatever the verb after the name."""
        assert speaker(only(quotes_of(nlp, text), "give up now")) == "Boris Johnson"

    def test_a_scare_quoted_name_before_a_colon_is_nobodys_words(self, nlp: Language) -> None:
        q = only(quotes_of(nlp, "“Operation Sunrise”: Pentagon unveils plan"), "Operation Sunrise")
        assert q.speaker is None


class TestNounCuePhrases:
    @pytest.mark.parametrize(
        ("text", "content", "holder"),
        [
            ("Republicans renewed their call for a border wall.", "a border wall", "Republicans"),
            ("The minister voiced concerns about the safety of the bridge.", "the safety of the bridge", "minister"),
            ("Mayor Ann Berg repeated her promise of a referendum on the tram.", "a referendum on the tram",
             "Ann Berg"),
        ],
    )  # fmt: skip
    def test_the_phrase_is_the_content(self, nlp: Language, text: str, content: str, holder: str) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, speaker(q), q.report) == (content, holder, "noun")

    @pytest.mark.parametrize(
        "text",
        [
            "Emirates placed its order of 30 Boeing jets on Wednesday.",  # an order of goods, not a statement
            "Ann Berg attended the announcement of the results.",  # an event
            "The threat of violence hung over the vote.",  # nobody holds it
            "His calls for Tom Reed went unanswered.",  # calling somebody
        ],
    )
    def test_no_report(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestDocumentMakers:
    @pytest.mark.parametrize(
        ("text", "source"),
        [
            ("Research by the Resolution Foundation found that wages had stalled.", "Resolution Foundation"),
            ("A YouGov survey for The Times found that most voters back the plan.", "YouGov"),  # the maker
        ],
    )
    def test_a_document_speaks_for_its_maker(self, nlp: Language, text: str, source: str) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert speaker(q) == source

    def test_a_person_cites_evidence(self, nlp: Language) -> None:
        text = "Senator Jane Ortiz cited rising rents as the main reason for the protests."
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, speaker(q)) == ("rising rents as the main reason for the protests", "Jane Ortiz")

    def test_a_relative_clause_missing_its_object_reports_no_phrase(self, nlp: Language) -> None:
        """ "an alibi he cited of being …": what he cited is the alibi, outside the clause."""
        text = "Tom Reed had a memory of an alibi he cited of being at a restaurant in Leeds."
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestToldTo:
    def test_told_somebody_to_is_the_content(self, nlp: Language) -> None:
        (q,) = [q for q in quotes_of(nlp, "Police told residents to stay indoors.") if q.kind == "indirect"]
        assert (q.text, speaker(q)) == ("residents to stay indoors", "Police")

    @pytest.mark.parametrize(
        "text", ["The minister told reporters.", "Q: Tell me one thing that has surprised you the most."]
    )
    def test_no_report(self, nlp: Language, text: str) -> None:
        """A bare addressee tells nothing; an imperative asks (the "Q" before it is a label)."""
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestHeadlineSurnames:
    def test_a_surname_before_the_colon_is_the_person_the_article_names(self, nlp: Language) -> None:
        text = "Starmer: Labour will fix the NHS\n\nKeir Starmer told the conference on Tuesday that it was broken."
        (q,) = [q for q in quotes_of(nlp, text) if q.report == "headline"]
        assert (q.text, speaker(q)) == ("Labour will fix the NHS", "Keir Starmer")

    def test_a_role_in_headline_speech(self, nlp: Language) -> None:
        text = "NHS boss: Waiting lists will fall by spring\n\nThe head of the health service spoke."
        (q,) = [q for q in quotes_of(nlp, text) if q.report == "headline"]
        assert (q.text, speaker(q)) == ("Waiting lists will fall by spring", "NHS boss")

    def test_a_place_heads_a_title(self, nlp: Language) -> None:
        text = "India: Floods kill dozens in Assam\n\nHeavy rain fell across the state."
        assert [q for q in quotes_of(nlp, text) if q.report == "headline"] == []


class TestPerASource:
    @pytest.mark.parametrize(
        ("text", "content", "source"),
        [
            ("Per a report from Politico, the White House is weighing new tariffs.",
             "the White House is weighing new tariffs", "Politico"),
            ("The plant emits 40 tons per year, per the EPA.", "The plant emits 40 tons per year", "EPA"),
        ],
    )  # fmt: skip
    def test_reports(self, nlp: Language, text: str, content: str, source: str) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, speaker(q), q.report) == (content, source, "sourcing")

    def test_a_rate_is_no_source(self, nlp: Language) -> None:
        assert [
            q for q in quotes_of(nlp, "The fee is $5 per person, the council said.") if q.report == "sourcing"
        ] == []


class TestReviewedRulesThirteenthSession:
    """Counter-examples from the review of this session's rules: each went wrong with a first version."""

    @pytest.mark.parametrize(
        "text",
        [
            "Judge Helen Moore dismissed the case against Mr Reid after the prosecution offered no evidence.",
            "Mr Jones hailed a black cab outside the Old Bailey.",
            "The couple welcomed the birth of their first child in March.",
            "Detectives questioned the lorry driver at the scene.",  # somebody the lexicon does not know
            "Police questioned two teenagers over the attack.",  # counted: people
            "The charity supported 2,000 families with food parcels last winter.",
            "The White House invited reporters for a briefing on Friday.",  # "for" of a purpose
            "A state trooper cited the driver for speeding on Interstate 95.",
            "Novak Djokovic defended his Wimbledon title for a third time.",
            "The job demands long hours and constant travel.",  # nobody holds a view
            "The senator criticised the officials he had appointed.",  # a relative clause, not what was told
            "China's demand for American soybeans has slowed sharply.",
            "Boeing faces calls for a criminal investigation.",  # the calls are not Boeing's
            "The governor's office did not respond to a request for comment.",
        ],
    )
    def test_no_report(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    @pytest.mark.parametrize(
        ("text", "content", "source"),
        [
            ("The petition calls for a ban on fireworks.", "for a ban on fireworks", "petition"),
            ("MPs questioned the timing of the announcement.", "the timing of the announcement", "MPs"),
            ("The union demanded a 10 per cent pay rise for nurses.", "a 10 per cent pay rise for nurses", "union"),
        ],
    )
    def test_reports(self, nlp: Language, text: str, content: str, source: str) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, speaker(q)) == (content, source)

    @pytest.mark.parametrize(
        ("text", "fragment", "who"),
        [
            # the source's own clause names no source
            ("Sales fell 3 per cent, according to the company, which blamed weaker demand in China.", "Sales fell",
             "company"),
            ("According to a friend of Ms Rayner, she is furious about the leak.", "furious", "a friend of Ms Rayner"),
            # a document speaks for its maker, not its topic, client or owner's relation
            ("A survey for the BBC by Ipsos found that most adults back the change.", "most adults", "Ipsos"),
            ("A study of Google's hiring practices found that women were paid less.", "women", "A study"),
            ("The Boeing investigation found that a door plug was missing bolts.", "door plug",
             "Boeing investigation"),
            ("A statement from lawyers for Mr Reid said he would appeal.", "appeal", "A statement from lawyers for Mr Reid"),
            # the agent of a passive speech verb, wherever the parser hung it
            ('The ruling was called "a disgrace" by Democrats.', "disgrace", "Democrats"),
            # a description means the one person it can: not one of two, not one given another age
            ('Sen. Mitch McConnell met the Irish prime minister. "It was a good meeting," the Irishman said.',
             "good meeting", "Irishman"),
            ('Rishi Sunak met Joe Biden at the White House. "We agreed on Ukraine," the American said.',
             "Ukraine", "American"),
            ('Emma Raducanu, 21, lost to Jessica Pegula. "I played my best tennis," the 30-year-old said.',
             "best tennis", "Jessica Pegula"),
            ('Eddie Howe praised Anthony Gordon after the win. "I\'m delighted," the 23-year-old said.',
             "delighted", "23-year-old"),
            # of several named, the one the sentence before names alone, as "he" would be
            ('Coach Dean Pappas praised the umpires. An official said the review was fair.\n\nThe captain, Liam '
             'Costigan, kicked three goals. "I thought we had blown it," the 29-year-old admitted.', "blown it",
             "Liam Costigan"),
            # an age before a person's noun describes the same way
            ('Emmylou Harris does not like the word comeback. "I never went anywhere," the 71-year-old singer said.',
             "never went", "Emmylou Harris"),
            # somebody unnamed of that age came in before; an institution is no person; the paragraph
            # that names the subject names another person too
            ('A 16-year-old fan ran on to the pitch at full time.\n\nKylian Mbappe, who scored twice, stopped to '
             'pose for a photo with him.\n\n"I just wanted a selfie," the 16-year-old said.', "selfie",
             "16-year-old"),
            ('Choir director Hannah Ruiz said the concert would go ahead. "We have sung through worse," the '
             '120-year-old choir said in a statement.', "sung through worse", "120-year-old choir"),
            ('Coach Graham Arnold named Jackson Irvine as captain. Arnold said the midfielder had earned it.\n\n'
             '"It is the proudest day of my life," the 31-year-old said.', "proudest day", "31-year-old"),
        ],
    )  # fmt: skip
    def test_speakers(self, nlp: Language, text: str, fragment: str, who: str) -> None:
        assert speaker(only(quotes_of(nlp, text), fragment)) == who


class TestDashRoles:
    @pytest.mark.parametrize(
        ("text", "who"),
        [
            ('"Nobody is above the law," — former prosecutor Susan Marsh.', "Susan Marsh"),
            ('"We were robbed." — captain Hannah Bright', "Hannah Bright"),
            ('"The market will recover" — analyst Jane Doe of Acme Capital', "Jane Doe"),
        ],
    )
    def test_a_role_before_the_signing_name_is_a_title(self, nlp: Language, text: str, who: str) -> None:
        (q,) = quotes_of(nlp, text)
        assert speaker(q) == who


class TestReReviewedRulesThirteenthSession:
    """Counter-examples from the second review, aimed at the first review's fixes."""

    @pytest.mark.parametrize(
        "text",
        [
            "Police questioned the cyclist involved in the crash.",  # a kind of person, not a thing
            "The striker blasted the ball for a corner.",  # a thing blasted "for": no reason
            "The fans applauded the players for the last time at the old ground.",
        ],
    )
    def test_no_report(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    @pytest.mark.parametrize(
        ("text", "content", "source"),
        [
            ("Fans slammed the club for raising ticket prices.", "the club for raising ticket prices", "Fans"),
            ("Downing Street condemned the Hamas attack.", "the Hamas attack", "Downing Street"),
            ("Shareholders opposed the merger with Acme.", "the merger with Acme", "Shareholders"),
        ],
    )
    def test_reports(self, nlp: Language, text: str, content: str, source: str) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, speaker(q)) == (content, source)

    @pytest.mark.parametrize(
        ("text", "fragment", "who"),
        [
            ("Unemployment rose to 4.4 per cent, according to figures published by the Treasury on Tuesday.",
             "Unemployment", "Treasury"),
            ('Police named the victim as Tom Hart, aged 45. "He was my hero," the 19-year-old said.', "my hero",
             "19-year-old"),
            ('Keir Starmer met the US ambassador in London. "We are close allies," the American said.',
             "close allies", "American"),
            ("An FBI memo said the suspect had fled.", "fled", "FBI"),
        ],
    )  # fmt: skip
    def test_speakers(self, nlp: Language, text: str, fragment: str, who: str) -> None:
        assert speaker(only(quotes_of(nlp, text), fragment)) == who


class TestThirdReviewThirteenthSession:
    """Counter-examples from the third review and the final read."""

    @pytest.mark.parametrize(
        "text",
        [
            "The plans call for 5,000 new homes.",  # a plural thing holds no view
            "Detectives questioned the family of the victim.",  # a family is people
            "The order was revised, favoring a larger order of the A350.",  # a document holds no view
        ],
    )
    def test_no_report(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    @pytest.mark.parametrize(
        ("text", "fragment", "who"),
        [
            ("A poll of 2,000 Britons by Opinium found that most back the plan.", "most back", "Opinium"),
            ('Rescuers pulled the driver from the wreck. Inspector Jane Cole said the road was icy. "I thought I '
             'would die," the 34-year-old said.', "would die", "34-year-old"),  # the driver, unnamed
        ],
    )  # fmt: skip
    def test_speakers(self, nlp: Language, text: str, fragment: str, who: str) -> None:
        assert speaker(only(quotes_of(nlp, text), fragment)) == who

    def test_a_line_of_markers_without_a_verb_is_refused(self) -> None:
        with pytest.raises(ValueError, match="no verb"):
            parse_speech_verbs("say said\n!*\n")


class TestTranscripts:
    """An interview or hearing printed as turns: each label says who speaks the words after it."""

    def test_name_labels_take_turns(self, nlp: Language) -> None:
        text = (
            "Harbour master Colm Rafferty met the chair of the fishing co-operative, Helen Breen, on Friday.\n\n"
            "BREEN: The new quay fees will finish half our boats by Christmas.\n\n"
            "RAFFERTY: The fees pay for the dredging, and the dredging keeps the harbour open.\n\n"
            "BREEN: Then dredge it less often."
        )
        qs = quotes_of(nlp, text)
        assert [(q.kind, speaker(q)) for q in qs if q.kind != "indirect"] == [
            ("direct", "Helen Breen"),
            ("direct", "Colm Rafferty"),
            ("direct", "Helen Breen"),
        ]
        assert only(qs, "dredge it less").text == "Then dredge it less often."

    @pytest.mark.parametrize(("q", "a"), [("Q:", "A:"), ("Q.", "A."), ("Question:", "Answer:")])
    def test_answers_are_the_interviewees(self, nlp: Language, q: str, a: str) -> None:
        """An answer label names the one person the introduction names; questions are no quotes."""
        text = (
            "Ottilie Marsh, a beekeeper, keeps forty hives on the edge of Thetford Forest. We asked her about the"
            f" winter.\n\n{q} How many colonies did you lose?\n\n{a} Eleven, which is the worst in twenty years.\n\n"
            f"{q} What went wrong?\n\n{a} The mild weather kept them flying when there was nothing to eat."
        )
        qs = quotes_of(nlp, text)
        assert [(q.text[:6], speaker(q)) for q in qs] == [("Eleven", "Ottilie Marsh"), ("The mi", "Ottilie Marsh")]

    def test_a_marked_answer_is_the_interviewees(self, nlp: Language) -> None:
        text = (
            "Idris Vaughan spent a year carving the new war memorial. He talked to us in his workshop.\n\n"
            "Q: What was hardest?\n\nA: “Getting the names right. Every one of them is somebody's son.”\n\n"
            "Q: Would you do it again?\n\nA: “Not for a while.”"
        )
        qs = quotes_of(nlp, text)
        assert [speaker(q) for q in qs if q.kind == "direct"] == ["Idris Vaughan", "Idris Vaughan"]

    def test_two_people_before_the_turns_leave_the_answers_unattributed(self, nlp: Language) -> None:
        text = (
            "Tobias Lund and his daughter, Karin Lund, run the last ferry crossing on the river.\n\n"
            "Q: Will you keep it going?\n\nA: For as long as the engine lasts.\n\n"
            "Q: And after that?\n\nA: After that we will row."
        )
        assert [speaker(q) for q in quotes_of(nlp, text) if q.kind != "indirect"] == []

    def test_an_honorific_label_names_the_person(self, nlp: Language) -> None:
        text = (
            "Patrick Ormsby, a councillor for Eastgate, faced the planning committee over the car park.\n\n"
            "Q: Who approved the contract?\n\nMR ORMSBY: The officers did, under delegated powers.\n\n"
            "Q: Did you read it?\n\nMR ORMSBY: I read the summary."
        )
        qs = quotes_of(nlp, text)
        assert [speaker(q) for q in qs if q.kind == "direct"] == ["Patrick Ormsby", "Patrick Ormsby"]

    def test_an_explainer_answers_for_itself(self, nlp: Language) -> None:
        """Questions and answers about a person's decision are the paper's, not the person's."""
        text = (
            "Chancellor Rachel Dunmore announced a levy on second homes on Wednesday. Here is what it means for you."
            "\n\nQ: Who will pay it?\n\nA: Anyone who owns a second home worth more than £250,000.\n\n"
            "Q: When does it start?\n\nA: From April next year."
        )
        assert [q for q in quotes_of(nlp, text) if q.kind == "direct"] == []

    def test_a_person_a_paragraph_brings_in_as_an_object_is_not_the_pronoun_s_speaker(self, nlp: Language) -> None:
        """ "¶ Officers arrested John Doe, 32, on Monday. "…," he said": the chief who spoke before, not the
        arrested man (a bonus for a paragraph's newcomer, tried and reverted, gave it to him)."""
        text = (
            'Police chief Robert Mills spoke to reporters on Sunday. "We have several leads," he said.\n\n'
            'Officers arrested John Doe, 32, on Monday. "This was a planned attack," he said.'
        )
        assert [q.speaker.name if q.speaker else None for q in quotes_of(nlp, text)] == ["Robert Mills"] * 2

    def test_dashed_lines_in_english_are_no_transcript(self, nlp: Language) -> None:
        """English dashes open list items, not an interview's turns (French prints turns so: ``test_french``);
        each line's own reports stay, and lines after a colon introduction stay the speaker's quote."""
        text = (
            "Councillor Jane Smith told us the council had not yet decided what to do with the school. Key "
            "questions remain:\n— Will the school close?\n— The council says it will decide in May.\n— What "
            "happens to the staff?\n— Unions want guarantees before any vote."
        )
        quotes = quotes_of(nlp, text)
        assert [q for q in quotes if q.kind == "direct"] == []
        assert any(q.speaker is not None and q.speaker.name == "council" for q in quotes)

    def test_a_list_of_headed_sections_is_no_transcript(self, nlp: Language) -> None:
        text = (
            "Where the candidates stand, Ruth Patel and Simon Reed.\n\nHousing\n\nPATEL: Build 2,000 council homes."
            "\n\nREED: Cut planning delays.\n\nTransport\n\nPATEL: Free buses for under-18s.\n\n"
            "REED: Fix the potholes first."
        )
        assert [q for q in quotes_of(nlp, text) if q.kind == "direct"] == []

    def test_a_list_of_names_with_colons_is_no_transcript(self, nlp: Language) -> None:
        """Each name once, then what it is charged with or won: no turns are taken, so nobody speaks."""
        text = (
            "Police charged three people after the raid on Friday, Sgt. Dana Whitfield said.\n\n"
            "Marcus J. Hale: Possession of cocaine, held on a $5,000 bond.\n\n"
            "Teresa M. Quinn: Theft and receiving stolen property, released on her own recognizance.\n\n"
            "Owen P. Reyes: Driving while suspended, held without bond."
        )
        assert [q for q in quotes_of(nlp, text) if q.kind == "direct"] == []


class TestUnnamedSourcesAndBeliefs:
    """Passives that report what unnamed sources say ("is said to …"), and adjectives of belief and intention."""

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("The striker is understood to have turned down a new contract.", "to have turned down a new contract"),
            ("The minister was said to be furious about the leak.", "to be furious about the leak"),
            ("The gunman, believed to be in his twenties, fled on foot.", "to be in his twenties"),
            ("The vase is thought to have come from a Ming tomb.", "to have come from a Ming tomb"),
            ("The hostages are said to be held in a farmhouse.", "to be held in a farmhouse"),
        ],
    )
    def test_a_raising_passive_reports_its_infinitive(self, nlp: Language, text: str, content: str) -> None:
        q = only(quotes_of(nlp, text), content.split()[2], "indirect")
        assert (q.text, q.report, speaker(q)) == (content, "sourcing", None)

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("The court heard that Goh had held seminars at a community club.", "Goh had held seminars at a community club"),
            ("The inquest heard she had been dead for two days.", "she had been dead for two days"),
        ],
    )  # fmt: skip
    def test_what_a_court_heard_was_told_by_somebody_unnamed(self, nlp: Language, text: str, content: str) -> None:
        """Court reporting gives evidence as what the court heard: an unnamed source (`sourcing`)."""
        q = only(quotes_of(nlp, text), content.split()[-1], "indirect")
        assert (q.text, q.report, speaker(q)) == (content, "sourcing", None)

    @pytest.mark.parametrize(
        "text", ["The court heard the appeal on Monday.", "The committee heard evidence from six witnesses."]
    )
    def test_a_body_that_heard_a_case_heard_no_statement(self, nlp: Language, text: str) -> None:
        """Hearing a case or evidence is no report of what was said."""
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    def test_a_named_agent_is_the_source(self, nlp: Language) -> None:
        qs = quotes_of(nlp, "The mayor is said by officials to favour a tram line.")
        assert [(q.text, speaker(q)) for q in qs if q.report == "sourcing"] == [("to favour a tram line", "officials")]

    @pytest.mark.parametrize(
        "text",
        [
            "The striker was told to leave the training ground.",  # an order, not a report
            "The plan is expected to cost millions.",  # a forecast
            "The minister was not said to be involved.",
        ],
    )
    def test_other_passives_report_nothing_unnamed(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.report == "sourcing"] == []

    @pytest.mark.parametrize(
        ("text", "content", "holder"),
        [
            ("Dr Ines Halloran is convinced that the drug works.", "the drug works", "Ines Halloran"),
            ("Coach Bram Ekwueme was confident his side could win the league.", "his side could win the league",
             "Bram Ekwueme"),
            ("Many farmers are worried that the drought will last into spring.", "the drought will last into spring",
             "Many farmers"),
            ("Senator Paula Okonjo is determined to block the pipeline.", "to block the pipeline", "Paula Okonjo"),
            ("Landlords were reluctant to cut rents.", "to cut rents", "Landlords"),
        ],
    )  # fmt: skip
    def test_an_adjective_of_belief_or_intention_holds_its_clause(
        self, nlp: Language, text: str, content: str, holder: str
    ) -> None:
        q = only(quotes_of(nlp, text), content.split()[-1], "indirect")
        assert (q.text, q.report) == (content, "attitude")
        assert (speaker(q) or "").endswith(holder)

    @pytest.mark.parametrize(
        "text",
        [
            "It is certain that prices will rise.",  # nobody holds it
            "The council is not convinced that the bridge is safe.",
            "Nobody could be sure what the bridge would cost.",
            "The bridge is ready to open.",
        ],
    )
    def test_no_holder_negation_or_question_holds_no_view(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.report == "attitude"] == []


class TestFramedQuotes:
    """A clause after a quote that calls it somebody's utterance names the speaker."""

    @pytest.mark.parametrize(
        ("text", "fragment", "who"),
        [
            ("The ferry was cancelled again. “Unacceptable,” was the verdict of councillor Maeve Donnelly.",
             "Unacceptable", "Maeve Donnelly"),
            ("The club lost 4-0 at home. “Embarrassing from start to finish” was how Dermot Kavanagh put it.",
             "Embarrassing", "Dermot Kavanagh"),
            ("Fares will rise by 9 percent. “Daylight robbery,” was Gordon Pryor's reply.", "Daylight", "Gordon Pryor"),
            ("“Stay away from the river tonight.” That was the warning issued by Inspector Ruth Calder.", "river",
             "Ruth Calder"),
            ("“The question is not if the glacier collapses, but when.” The warning comes from Lukas Brandstaetter, "
             "a glaciologist.", "glacier collapses", "Lukas Brandstaetter"),
            ("“We were never asked, not once,” came the reply from Imelda Costigan.", "never asked",
             "Imelda Costigan"),
        ],
    )  # fmt: skip
    def test_an_utterance_noun_after_the_quote_names_its_owner(
        self, nlp: Language, text: str, fragment: str, who: str
    ) -> None:
        q = only(quotes_of(nlp, text), fragment)
        assert (q.kind, speaker(q)) == ("direct", who)

    def test_the_frame_belongs_to_the_last_quote(self, nlp: Language) -> None:
        text = (
            "Treasurer Alan Whitby read out the figures: “There will be no new hospital this year.” “A betrayal,” was"
            " Nadia Ferrante's reply."
        )
        qs = quotes_of(nlp, text)
        assert speaker(only(qs, "A betrayal")) == "Nadia Ferrante"
        assert speaker(only(qs, "no new hospital")) != "Nadia Ferrante"

    def test_a_term_followed_by_a_noun_of_another_kind_stays_a_term(self, nlp: Language) -> None:
        text = "The lane is known as “the Pothole Mile”, which was the title of Hannah Greer's petition."
        assert speaker(only(quotes_of(nlp, text), "Pothole")) != "Hannah Greer"


class TestRolesPronounsAndPlaces:
    def test_a_role_with_its_modifiers_is_the_person_titled_so(self, nlp: Language) -> None:
        """ "the Chief Minister", "the chief minister": the one person titled with all those words."""
        for role in ("the Chief Minister", "the chief minister"):
            text = (
                "Chief Minister Lakshmi Narayan opened the new bus terminal in Madurai on Tuesday.\n\n"
                f"“We will build four more like this by 2027,” {role} added."
            )
            assert speaker(only(quotes_of(nlp, text), "four more")) == "Lakshmi Narayan"

    def test_another_office_is_another_person(self, nlp: Language) -> None:
        text = "Mayor Ed Pike opened the bridge on Friday. “It is a great day for the town,” the deputy mayor said."
        assert speaker(only(quotes_of(nlp, text), "great day")) != "Ed Pike"

    def test_they_is_no_place(self, nlp: Language) -> None:
        text = (
            "Two vets run the only large-animal practice in west Clare. “We cannot keep working ninety-hour weeks,”"
            " they said."
        )
        assert speaker(only(quotes_of(nlp, text), "ninety-hour")) != "west Clare"

    def test_residents_of_a_place_are_not_the_place(self, nlp: Language) -> None:
        text = "Residents of Mill Lane in Ipswich say they feel abandoned after three burglaries."
        assert speaker(only(quotes_of(nlp, text), "abandoned", "indirect")) == "Residents of Mill Lane in Ipswich"

    def test_a_spokesman_for_a_city_speaks_for_it(self, nlp: Language) -> None:
        text = "A spokesman for Chicago said the roads would reopen on Monday."
        assert "Chicago" in (speaker(only(quotes_of(nlp, text), "reopen", "indirect")) or "")


class TestMoreCues:
    """Verbs and nouns of reporting added to the lexicon, each with the shape it reports in."""

    @pytest.mark.parametrize(
        ("text", "content", "report"),
        [
            ("The caretaker swore that he had locked the gates at ten.", "he had locked the gates at ten", "speech"),
            ("Detective Ana Pirelli suspects the fire was started deliberately.", "the fire was started deliberately",
             "attitude"),
            ("Laboratory tests established that the water was safe to drink.", "the water was safe to drink",
             "evidence"),
            ("The 2021 census recorded a sharp fall in the number of farmers.",
             "a sharp fall in the number of farmers", "evidence"),
            ("The charity aims to plant a million trees by 2030.", "to plant a million trees by 2030", "attitude"),
            ("Mayor Ruth Okonedo lamented the closure of the last bank in town.", "the closure of the last bank in town",
             "speech"),
            ("There is growing speculation that the coach will resign.", "the coach will resign", "noun"),
            ("In the opinion of the inspectors, the school is failing its pupils.", "the school is failing its pupils",
             "sourcing"),
        ],
    )  # fmt: skip
    def test_reports(self, nlp: Language, text: str, content: str, report: str) -> None:
        q = only(quotes_of(nlp, text), content.split()[-1], "indirect")
        assert (q.text, q.report) == (content, report)

    @pytest.mark.parametrize(
        "text",
        [
            "The suspect was arrested in Leeds on Friday.",
            "The band recorded its first album in a garage.",
            "The striker aimed a shot at the far post.",
            "The driver signalled a left turn.",
        ],
    )
    def test_other_senses_report_nothing(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestSecondStatements:
    """Wire copy's "X said A, adding that B" and "X, noting A, said B": two reports, both X's."""

    def test_adding_that_is_the_speakers_next_statement(self, nlp: Language) -> None:
        text = (
            "A spokesman for Network Rail said the line would stay closed until Friday, adding that buses would"
            " replace trains between the two stations."
        )
        qs = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert [(q.text, speaker(q)) for q in qs] == [
            ("the line would stay closed until Friday", "A spokesman for Network Rail"),
            ("buses would replace trains between the two stations", "A spokesman for Network Rail"),
        ]

    def test_a_participle_between_subject_and_verb_leaves_the_verb_its_subject(self, nlp: Language) -> None:
        text = "Judge Miriam Okafor, noting that the defendant had shown remorse, said she would suspend the sentence."
        qs = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert [(q.text, speaker(q)) for q in qs] == [
            ("the defendant had shown remorse", "Miriam Okafor"),
            ("she would suspend the sentence", "Miriam Okafor"),
        ]

    def test_one_of_a_group_named_after_a_comma(self, nlp: Language) -> None:
        text = (
            "Dozens of commuters waited on the platform for two hours. “Nobody told us anything,” said one of them,"
            " Priya Nair, a nurse from Loughborough."
        )
        assert speaker(only(quotes_of(nlp, text), "Nobody told")) == "Priya Nair"

    def test_an_utterance_noun_asked_as_a_question_introduces_the_quote(self, nlp: Language) -> None:
        text = "Health Minister Kieran Doyle was asked whether the clinic would close. His answer? “Not on my watch.”"
        q = only(quotes_of(nlp, text), "my watch")
        assert (q.kind, speaker(q)) == ("direct", "Kieran Doyle")

    def test_a_question_of_the_writer_introduces_nothing(self, nlp: Language) -> None:
        text = "What will the council do next? “We will wait for the report,” a spokesman said."
        assert speaker(only(quotes_of(nlp, text), "wait for")) == "a spokesman"


class TestOpeningQuotes:
    def test_a_quote_opening_the_story_is_the_next_named_speakers(self, nlp: Language) -> None:
        text = (
            "“The water came up through the floorboards first. We lost everything.”\n\n"
            "Maureen Tighe, 67, is still drying out her house in Carlow three weeks after the river burst its banks.\n\n"
            "“I lost every photograph of my husband,” she said."
        )
        assert speaker(only(quotes_of(nlp, text), "floorboards")) == "Maureen Tighe"

    def test_somebody_else_introduced_first_keeps_it_unattributed(self, nlp: Language) -> None:
        text = (
            "“We want answers.”\n\n"
            "Relatives of the missing men gathered outside the station on Sunday. Police chief Tom Reyes later said"
            " the search would go on. “We will not give up,” Reyes said."
        )
        assert speaker(only(quotes_of(nlp, text), "want answers")) != "Tom Reyes"

    def test_a_frame_in_the_next_paragraph(self, nlp: Language) -> None:
        text = "“Stay away from the river.”\n\nThat was the warning from Councillor Ruth Abara at the vigil on Sunday."
        assert (speaker(only(quotes_of(nlp, text), "river")) or "").endswith("Ruth Abara")

    def test_another_utterance_after_a_quote_is_no_frame(self, nlp: Language) -> None:
        text = "“We want answers,” said Ann Cole. The message from the ministry was different."
        assert speaker(only(quotes_of(nlp, text), "want answers")) == "Ann Cole"


class TestReviewedRulesFourteenthSession:
    """Counter-examples a review found for this session's rules, on sentences written for them."""

    @pytest.mark.parametrize(
        "text",
        [
            "Prayers were said to remember the 43 miners who died.",
            "A further £2,100 was claimed to pay for the garden wall.",
            "The bill was reported to the committee to be debated next week.",
        ],
    )
    def test_a_purpose_after_a_passive_is_no_report(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.report == "sourcing"] == []

    @pytest.mark.parametrize(
        "text",
        [
            "The driver was determined to be over the legal limit.",
            "Investors are less than convinced that the merger makes sense.",
            "Few analysts are optimistic that the currency will recover.",
            "If the minister is confident that the figures add up, she should publish them.",
            "Is the coach confident that his side can stay up?",
        ],
    )
    def test_no_belief_is_held(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.report == "attitude"] == []

    @pytest.mark.parametrize(
        ("text", "fragment", "not_speaker"),
        [
            ("“Parklife” was the third single release from Blur, in 1994.", "Parklife", "Blur"),
            ("“Here's looking at you, kid” is the best-known line from Casablanca.", "looking at you", "Casablanca"),
            ("“Miles of heather.” That was the view from Ben Nevis on Sunday, said climber Ewan Ross.", "heather",
             "Ben Nevis"),
            ("The route, nicknamed “the Misery Express”, was the busiest line of Southern Rail.", "Misery",
             "Southern Rail"),
        ],
    )  # fmt: skip
    def test_a_title_or_a_view_is_no_utterance(self, nlp: Language, text: str, fragment: str, not_speaker: str) -> None:
        assert speaker(only(quotes_of(nlp, text), fragment)) != not_speaker

    @pytest.mark.parametrize("title", ["Deputy Chief Minister", "Former Chief Minister"])
    def test_another_office_is_not_the_role(self, nlp: Language, title: str) -> None:
        text = f"{title} Suresh Pillai opened the flyover on Monday. “The traffic will halve,” the chief minister said."
        assert speaker(only(quotes_of(nlp, text), "traffic")) != "Suresh Pillai"

    def test_they_may_be_a_team_named_by_its_place(self, nlp: Language) -> None:
        text = "England were beaten 3-1 by France on Saturday. “We have to learn from this,” they said."
        assert speaker(only(quotes_of(nlp, text), "learn from this")) == "England"

    def test_the_government_of_a_country_speaks_for_it(self, nlp: Language) -> None:
        text = "The government of Kenya said it would appeal the ruling."
        assert "Kenya" in (speaker(only(quotes_of(nlp, text), "appeal", "indirect")) or "")

    def test_a_participle_in_a_report_is_its_subjects(self, nlp: Language) -> None:
        """ "saying" belongs to the man who approached; only "adding", "noting" go on with the reporter."""
        text = "Police said the man approached two officers, saying he had a bomb in his bag."
        q = only(quotes_of(nlp, text), "had a bomb", "indirect")
        assert (q.text, speaker(q)) == ("he had a bomb in his bag", "man")


class TestInOnesView:
    def test_in_his_view_reports_the_clause(self, nlp: Language) -> None:
        text = (
            "Competition lawyer Idris Pemberton has followed the case for a year. In his view, the merger would"
            " leave shoppers with fewer choices."
        )
        q = only(quotes_of(nlp, text), "fewer choices", "indirect")
        assert (q.text, q.report, speaker(q)) == (
            "the merger would leave shoppers with fewer choices",
            "sourcing",
            "Idris Pemberton",
        )

    def test_a_view_that_is_no_adverbial_reports_nothing(self, nlp: Language) -> None:
        text = "Senator Ruth Ames spoke about a change in her view of the war."
        assert [q for q in quotes_of(nlp, text) if q.report == "sourcing"] == []


class TestReReviewedRulesFourteenthSession:
    """Counter-examples of the second review, on sentences written for them."""

    @pytest.mark.parametrize(
        "intro",
        [
            "Test yourself with our weekly quiz, set as always by Martha Quinn.",
            "We explain what Home Secretary Ravi Sandhu's new visa rules mean for students.",
            "Council chief Owen Keegan has announced changes to our bin collections. Here are the key questions.",
        ],
    )
    def test_no_interview_no_interviewee(self, nlp: Language, intro: str) -> None:
        text = (
            f"{intro}\n\nQ: Who is affected?\n\nA: Anyone who moved here after May.\n\nQ: Why?\n\nA: The rules changed."
        )
        assert [q for q in quotes_of(nlp, text) if q.kind == "direct" and q.speaker is not None] == []

    def test_a_quote_inside_a_list_line_makes_no_talk(self, nlp: Language) -> None:
        text = (
            "Results from Tralee District Court this week.\n\nJohn Hayes: Drink driving, fined €500.\n\n"
            "Mary Kiely: Theft; she told the court “I was desperate”, fined €200.\n\n"
            "John Hayes: Driving without insurance, banned for two years."
        )
        assert [q for q in quotes_of(nlp, text) if q.kind == "direct" and "Driving" in q.text] == []

    def test_an_obligation_is_no_report(self, nlp: Language) -> None:
        text = "Travel costs must be claimed to be refunded within the month."
        assert [q for q in quotes_of(nlp, text) if q.report == "sourcing"] == []

    def test_so_confident_that_is_a_result(self, nlp: Language) -> None:
        text = "Kerry were so confident that they booked the open-top bus before the final."
        assert [q for q in quotes_of(nlp, text) if q.report == "attitude"] == []

    @pytest.mark.parametrize(
        "opening",
        ["“Your son has been in an accident.”", "“Road closed. Diversion in place.”"],
    )
    def test_words_heard_or_read_are_not_the_next_persons(self, nlp: Language, opening: str) -> None:
        text = f"{opening}\n\nSandra Kiely will never forget that Tuesday in March.\n\n“I just froze,” she said."
        assert speaker(only(quotes_of(nlp, text), opening[1:8])) != "Sandra Kiely"

    @pytest.mark.parametrize(
        "intro",
        [
            "The bridge was opened in 2016 by then Chief Minister Ravi Menon.",
            "A statue of the late Chief Minister Kamala Iyer was unveiled on Friday.",
        ],
    )
    def test_a_past_office_holder_is_not_the_chief_minister(self, nlp: Language, intro: str) -> None:
        text = f"{intro} “This is a proud day for Kochi,” the chief minister said."
        assert speaker(only(quotes_of(nlp, text), "proud day")) not in {"Ravi Menon", "Kamala Iyer"}

    @pytest.mark.parametrize(
        ("text", "who"),
        [
            # the bare role is the titled person when its sentence does not speak of that country as another
            ("British Prime Minister Alan Reeve said Friday that Britain deserves a break.\n\n"
             "\"Let the healing begin,\" the prime minister said.", "Alan Reeve"),
            # a nationality and a generic "leader": the country's head of government
            ("British Prime Minister Alan Reeve said Friday that Britain deserves a break.\n\n"
             "The British leader, who met the Queen earlier, said: \"We will govern for everyone.\"", "Alan Reeve"),
            # a headline's role with its nationality, named below
            ("'Let The Healing Begin,' British Prime Minister Says After Election\n\n"
             "Britain deserves a break, British Prime Minister Alan Reeve said Friday.", "Alan Reeve"),
        ],
    )  # fmt: skip
    def test_a_national_title_names_its_holder(self, nlp: Language, text: str, who: str) -> None:
        """ "British Prime Minister X" is "the prime minister", "the British leader" and the headline's role."""
        assert {speaker(q) for q in quotes_of(nlp, text) if q.kind == "direct"} == {who}

    def test_a_quote_its_own_sentence_gives_to_a_thing_is_not_the_last_reporters(self, nlp: Language) -> None:
        """ "VOA's Jo Marsh reports. ¶ The headlines show mixed reactions: "…", "…"": the headlines', not Marsh's;
        "Said Herrera: "…"" after a sentence on Herrera stays his."""
        text = (
            "Both candidates claimed victory. VOA's Jo Marsh reports from Washington.\n\n"
            "The headlines in Saturday's newspapers show mixed reactions: \"Neither candidate won, tie goes to "
            'the challenger," and "The big winner was the voters."'
        )
        assert {speaker(q) for q in quotes_of(nlp, text)} == {None}
        said = 'Campaign manager Dwight Herrera disputed that account. Said Herrera: "I am not going into it."'
        assert speaker(only(quotes_of(nlp, said), "not going into it")) == "Dwight Herrera"

    def test_an_interim_office_holder_is_the_office_holder(self, nlp: Language) -> None:
        """ "Interim Prime Minister X" holds the office: "the Prime Minister says" is X; a deputy is not."""
        text = (
            "According to Interim Prime Minister Paul Desroches, the vote will be delayed again.\n\n"
            "The Prime Minister says that this time the dates are final."
        )
        assert speaker(only(quotes_of(nlp, text), "dates are final", "indirect")) == "Paul Desroches"
        deputy = text.replace("Interim Prime Minister", "Deputy Prime Minister")
        assert speaker(only(quotes_of(nlp, deputy), "dates are final", "indirect")) != "Paul Desroches"

    def test_an_inverted_verb_with_a_misparsed_title_names_the_person(self, nlp: Language) -> None:
        """ "“…!” said Arizona Republican Senator John McCain" parsed with "Arizona" and "McCain" both subjects
        of "said" (as the small model parses it): the place is part of the title, the phrase's head speaks."""
        words = ["“", "You", "lied", "!", "”", "said", "Ohio", "Republican", "Senator", "Dana", "Whitmore", "."]
        doc = Doc(
            nlp.vocab, words=words, spaces=[False, True, False, False, True, True, True, True, True, True, False, False],
            heads=[5, 2, 5, 2, 5, 5, 5, 8, 10, 10, 5, 5],
            deps=["punct", "nsubj", "ccomp", "punct", "punct", "ROOT", "nsubj", "amod", "compound", "compound",
                  "nsubj", "punct"],
            tags=["``", "PRP", "VBD", ".", "''", "VBD", "NNP", "JJ", "NNP", "NNP", "NNP", "."],
            pos=["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "VERB", "PROPN", "ADJ", "PROPN", "PROPN", "PROPN", "PUNCT"],
            ents=["O", "O", "O", "O", "O", "O", "B-GPE", "B-NORP", "O", "B-PERSON", "I-PERSON", "O"],
            sent_starts=[True] + [False] * 11,
        )  # fmt: skip
        mentions, _ = tag_entities(doc)
        assert [(q.text, speaker(q)) for q in attribute_quotes(doc, mentions)] == [("You lied!", "Dana Whitmore")]

    def test_a_foreign_prime_minister_is_not_the_prime_minister(self, nlp: Language) -> None:
        text = (
            "Japanese Prime Minister Haruto Sato arrives in Canberra on Monday. “Japan is one of our closest"
            " partners,” the prime minister told reporters at Parliament House."
        )
        assert speaker(only(quotes_of(nlp, text), "closest")) != "Haruto Sato"

    def test_they_after_the_government_of_a_country(self, nlp: Language) -> None:
        text = "The government of Kenya has rejected the report. “It is riddled with errors,” they said."
        assert "Kenya" in (speaker(only(quotes_of(nlp, text), "riddled")) or "")

    def test_insisting_is_the_inner_subjects(self, nlp: Language) -> None:
        text = "Prosecutors said Kerr sent a letter to the court, insisting that he had acted in self-defence."
        q = only(quotes_of(nlp, text), "self-defence", "indirect")
        assert speaker(q) != "Prosecutors"

    @pytest.mark.parametrize(
        "text",
        [
            "The appointment signals a change of direction for the club.",
            "The robbery took place in the view of dozens of shoppers.",
        ],
    )
    def test_other_senses_report_nothing(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestWhatTheyCalled:
    def test_the_name_given_is_a_report_of_its_own(self, nlp: Language) -> None:
        text = "Archbishop Teodor Vancea urged voters to boycott what he called a rigged election."
        qs = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert ("a rigged election", "Teodor Vancea") in [(q.text, speaker(q)) for q in qs]

    def test_described_as_gives_the_description(self, nlp: Language) -> None:
        text = "Senator Ruth Ames attacked what she described as a giveaway to oil companies."
        qs = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert ("a giveaway to oil companies", "Ruth Ames") in [(q.text, speaker(q)) for q in qs]


class TestSourcesShieldingThemselves:
    @pytest.mark.parametrize(
        "text",
        [
            "A senior aide, who asked not to be named because he was not authorised to speak, left the room.",
            "Two officials requested anonymity to describe the private negotiations.",
        ],
    )
    def test_no_report(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    def test_a_document_puts_a_figure(self, nlp: Language) -> None:
        q = only(quotes_of(nlp, "The audit report put the cost of the scheme at £2 billion."), "billion", "indirect")
        assert q.report == "evidence"


class TestPartyTags:
    """US copy tags politicians with party and state ("(R-Texas)"); "the Texas Republican" is the one so tagged."""

    def test_the_state_and_party_find_the_tagged_person(self, nlp: Language) -> None:
        text = (
            "Sen. Thomas Harrow (R-Texas) and Sen. Maria Lopez (D-Ohio) clashed over the bill on Tuesday. Rep. Ann"
            " Cole (D-Va.) also spoke. “This bill is a disgrace,” the Texas Republican told reporters. “We will pass"
            " it anyway,” the Ohio Democrat said."
        )
        qs = quotes_of(nlp, text)
        assert speaker(only(qs, "disgrace")) == "Thomas Harrow"
        assert speaker(only(qs, "pass it anyway")) == "Maria Lopez"

    def test_an_apposition_describes_too(self, nlp: Language) -> None:
        text = (
            "Maria Lopez, a Democrat from Ohio, met Tom Reyes, a Republican from Utah, and Ann Cole, a Democrat"
            " from Virginia. “We agree on nothing,” the Ohio Democrat said."
        )
        assert speaker(only(quotes_of(nlp, text), "agree on nothing")) == "Maria Lopez"


class TestShortTurns:
    def test_a_short_turn_is_a_quote_too(self, nlp: Language) -> None:
        text = (
            "Harbour master Colm Rafferty met the chair of the fishing co-operative, Helen Breen, on Friday.\n\n"
            "RAFFERTY: Will you accept the new fees?\n\nBREEN: No.\n\nRAFFERTY: Not even in stages?\n\n"
            "BREEN: Never."
        )
        assert [(q.text, speaker(q)) for q in quotes_of(nlp, text) if q.text in {"No.", "Never."}] == [
            ("No.", "Helen Breen"),
            ("Never.", "Helen Breen"),
        ]

    def test_one_unnamed_official_stays_unnamed(self, nlp: Language) -> None:
        text = (
            "Senator Lena Hardcastle leads the caucus. One party official, who was not authorized to speak publicly,"
            " put it more bluntly. “Our candidates talk down to the suburbs,” the official said."
        )
        assert speaker(only(quotes_of(nlp, text), "suburbs")) != "Lena Hardcastle"


class TestReportsInRelativeClauses:
    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("Senator Ruth Ames backed a plan which she said would cut taxes.", "would cut taxes"),
            ("Senator Ruth Ames praised the deal, which she said had saved 400 jobs.", "had saved 400 jobs"),
        ],
    )
    def test_what_was_said_of_the_noun(self, nlp: Language, text: str, content: str) -> None:
        assert (content, "Ruth Ames") in [(q.text, speaker(q)) for q in quotes_of(nlp, text) if q.kind == "indirect"]


class TestQuestionAndAnswer:
    """A hearing or an interview written as bare quote paragraphs in turns (issue 13, fifteenth session)."""

    def test_turns_alternate_after_a_question_put_to_somebody(self, nlp: Language) -> None:
        """Bare paragraphs after a question put to somebody by name alternate between asker and answerer."""
        text = (
            "Douglas Whitfield-Ames told the panel the company regretted the loss of life. “I think about the "
            "families every day,” he said.\n\n"
            "That answer did not satisfy Rep. Marisa Quintero, who pressed him on internal emails.\n\n"
            "“Did you read these emails before the fire, Mr. Whitfield-Ames?” Quintero asked.\n\n"
            "“I did not see those specific emails, no.”\n\n"
            "“So your own engineers were sounding the alarm, and it never reached you?”\n\n"
            "“It reached the appropriate level of management.”"
        )
        qs = [q for q in quotes_of(nlp, text) if q.kind == "direct"]
        assert [speaker(q) for q in qs[1:]] == [
            "Marisa Quintero",
            "Douglas Whitfield-Ames",
            "Marisa Quintero",
            "Douglas Whitfield-Ames",
        ]

    @pytest.mark.timeout(60)
    def test_a_turn_ending_in_a_long_run_of_capitals_is_read_at_once(self, nlp: Language) -> None:
        """The check for a name called at a turn's end once tried every split of the capitals (hours here)."""
        text = (
            '"Did you read these emails, Mr. Whitfield-Ames?" Senator Maria Quintero asked.\n\n'
            '"I did not see those specific emails," Whitfield-Ames said.\n\n'
            '"So it never reached you, ' + "A" * 20_000 + ';"'
        )
        assert [speaker(q) for q in quotes_of(nlp, text) if q.kind == "direct"][:2] == [
            "Maria Quintero",
            "Whitfield-Ames",
        ]

    def test_short_turns_are_said_not_scare_quotes(self, nlp: Language) -> None:
        """A short whole-paragraph quote among quoted paragraphs is a turn ("How many?"), not a scare quote."""
        text = (
            "“The list that came back was different,” Dr Graeme Wyndham said under questioning from senator "
            "Penelope Hartigan.\n\n"
            "“Added?” Senator Hartigan asked. “Projects that the department had not recommended at all?”\n\n"
            "“That's correct, Senator.”\n\n"
            "“How many?”\n\n"
            "“I'd need to take that on notice.”"
        )
        qs = quotes_of(nlp, text)
        assert [(q.kind, speaker(q)) for q in qs[-3:]] == [
            ("direct", "Graeme Wyndham"),
            ("direct", "Penelope Hartigan"),
            ("direct", "Graeme Wyndham"),
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "Mayor Tom Hale defended the budget. “It is fair,” he said.\n\n"
            "Councillor Ann Reyes was unconvinced. “Who is going to pay for all this?” she asked.\n\n"
            "“Not the developers. The taxpayers will pay, as always.”",
            "“Will you resign?” the reporter Tom Hale asked.\n\n"
            "“No,” Minister Ann Reyes said. “I have work to do.”\n\n"
            "“We will deliver on every promise we made.”",
            "Dr Tom Hale was quoted first.\n\n"
            "“The money is simply not there,” said Education Secretary Ann Reyes. “Where would it come from?”\n\n"
            "“We have to balance the books before we spend.”",
            "“Is the budget credible?” asked analyst Tom Hale.\n\n"
            "“It is,” said Treasury secretary Ann Reyes.\n\n"
            "“Look, the numbers have been checked twice.”",
        ],
    )
    def test_a_monologue_keeps_its_speaker(self, nlp: Language, text: str) -> None:
        """A rhetorical question addresses nobody; going on after an answer is no new turn."""
        assert speaker(quotes_of(nlp, text)[-1]) == "Ann Reyes"


class TestPurposeAfterCalling:
    def test_phoning_somebody_to_do_something_reports_nothing(self, nlp: Language) -> None:
        """ "calling the organization by phone to attempt to speak …": a call made for a purpose."""
        text = "After calling the Scientology organization by phone to attempt to speak with his mother, Montalvo left."
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestReviewedRulesFifteenthSession:
    """Near-misses of the fifteenth session's rules, from its review's counter-example probes."""

    @pytest.mark.parametrize(
        "text",
        [
            "The measures aim to cut hospital waiting times by half.",
            "The sanctions aim to choke off funding for the junta.",
            "Residents called the council “dozens of times” about the smell last summer.",
        ],
    )
    def test_no_report(self, nlp: Language, text: str) -> None:
        """Measures and sanctions hold no attitude; a quoted measure is no predicate of "called"."""
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    @pytest.mark.parametrize(
        "text",
        [
            "Stellenbosch coach Ruan Barkhuizen watched his side win 3-0.\n\n“We were second best,” the visiting "
            "coach conceded.",
            "Governor Ray Dillard won a second term.\n\n“I called to congratulate him,” the losing candidate said.",
        ],
    )
    def test_a_side_of_a_contest_is_somebody_else(self, nlp: Language, text: str) -> None:
        q = next(q for q in quotes_of(nlp, text) if q.kind == "direct")
        assert speaker(q) not in {"Ruan Barkhuizen", "Ray Dillard"}


class TestClosingApposition:
    @pytest.mark.parametrize(
        ("text", "who"),
        [
            ("A farmer in Ibaji, Mr Ojochenemi Adaji, lamented that his rice farm had been washed away.",
             "Ojochenemi Adaji"),
            ("A friend of Tom Hale, Ann Reyes, said the family was devastated.", "Ann Reyes"),
        ],
    )  # fmt: skip
    def test_a_name_set_off_before_the_verb_renames_the_subject(self, nlp: Language, text: str, who: str) -> None:
        """The parse hangs the comma-set name on the phrase's last noun; before the verb it renames the subject."""
        assert speaker(next(q for q in quotes_of(nlp, text) if q.kind == "indirect")) == who

    @pytest.mark.parametrize(
        "text",
        [
            "A spokesman for Tom Hale said the appeal would go ahead.",
            "Supporters of the defeated candidate, Tom Hale, said the appeal would go ahead.",
        ],
    )
    def test_a_name_inside_the_phrase_is_still_somebody_else(self, nlp: Language, text: str) -> None:
        """Without the commas, or after a plural, the name is somebody the subject relates to."""
        assert speaker(next(q for q in quotes_of(nlp, text) if q.kind == "indirect")) != "Tom Hale"


class TestTitledOffices:
    def test_a_hyphenated_rank_after_the_office_keeps_the_title_whole(self, nlp: Language) -> None:
        """ "Provincial police superintendent Lieutenant-General Ann Dube": the hyphen does not end her title."""
        text = (
            "Provincial police superintendent Lieutenant-General Ann Dube praised the officers. Tom Hale, the "
            'station commander, agreed with her.\n\n"These are not petty thieves," the provincial superintendent '
            "told journalists."
        )
        assert speaker(only(quotes_of(nlp, text), "petty thieves", "direct")) == "Ann Dube"

    @pytest.mark.parametrize("office", ["Commissioner", "Ombudsman"])
    def test_a_public_office_is_a_persons_role(self, nlp: Language, office: str) -> None:
        """ "the commissioner said" is the person titled so, not an unnamed commissioner."""
        text = (
            f"Police {office} Ann Dube praised the officers. Tom Hale, a local councillor, agreed.\n\n"
            f'"These are not petty thieves," the {office.lower()} told journalists.'
        )
        assert speaker(only(quotes_of(nlp, text), "petty thieves", "direct")) == "Ann Dube"


class TestWhereAndWhoSpeakers:
    @pytest.mark.parametrize(
        "text",
        [
            # a singular resident is a resident too (only "residents of" was one)
            "A resident of Adankolo, who simply identified herself as Mama Blessing, said her family had been "
            "sleeping in a school classroom.",
            # where residents live is a place, even when the tagger calls it an organisation
            "A resident of Katari, who spoke on condition of anonymity for fear of reprisal, said attacks on the "
            "highway had increased.",
        ],
    )
    def test_a_resident_of_a_place_is_not_the_place(self, nlp: Language, text: str) -> None:
        assert speaker(next(q for q in quotes_of(nlp, text) if q.kind == "indirect")) == "A resident"

    @pytest.mark.parametrize("label", ["ORG", "PERSON", "GPE"])
    def test_where_a_resident_lives_is_a_place_whatever_it_is_tagged(self, nlp: Language, label: str) -> None:
        text = "A resident of Katari, who spoke on condition of anonymity, said attacks on the highway had increased."
        quotes = quotes_in(misread(nlp, text, ("Katari", label)))
        assert speaker(next(q for q in quotes if q.kind == "indirect")) == "A resident"

    def test_a_name_given_an_age_is_a_person_not_an_organisation_to_resolve(self, nlp: Language) -> None:
        """ "Goh, 52," is a person the tagger missed: "the police said" is not Goh."""
        text = (
            "Goh, 52, pleaded guilty to cheating. The police said in a statement after the hearing that "
            "investment scams remained common."
        )
        assert speaker(next(q for q in quotes_of(nlp, text) if q.kind == "indirect")) == "police"

    @pytest.mark.parametrize("noun", ["chipmaker", "drugmaker", "steelmaker", "refiner"])
    def test_a_business_described_by_its_trade_is_the_company_named(self, nlp: Language, noun: str) -> None:
        """ "The JSE-listed miner said" after "Khumalo Platinum will cut jobs": the company, as "the company" would."""
        text = (
            f"Khumalo Platinum will cut up to 2,300 jobs. The JSE-listed {noun} said on Tuesday that headline "
            "earnings per share fell 71%."
        )
        assert speaker(only(quotes_of(nlp, text), "headline earnings", "indirect")) == "Khumalo Platinum"

    @pytest.mark.parametrize(
        ("text", "who"),
        [
            ("Member of Parliament for Marine Parade Lee Hui Min wrote in a Facebook post that she had received "
             "many messages.", "Lee Hui Min"),
            # people of somebody stay somebody else, capitalised or not; so does the one a holder acts for
            ("Friends of Mike Ford said he was a private man.", "Friends of Mike Ford"),
            ("Lawyer for Oscar Pistorius told the court his client was remorseful.", "Lawyer for Oscar Pistorius"),
            ("Chief of Staff to Mayor Eric Adams told reporters the city would appeal.", "Chief of Staff"),
            ("A friend of Mike Ford said he was a private man.", "A friend of Mike Ford"),
        ],
    )  # fmt: skip
    def test_a_title_without_an_article_ending_in_a_name_is_its_holder(
        self, nlp: Language, text: str, who: str
    ) -> None:
        assert speaker(next(q for q in quotes_of(nlp, text) if q.kind == "indirect")) == who


class TestToldToThroughARelativeClause:
    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("Governor Ahmed Bello urged residents who were still in flood-prone areas to relocate immediately.",
             "residents who were still in flood-prone areas to relocate immediately"),
            ("The coach urged fans who had bought tickets for the final to arrive early.",
             "fans who had bought tickets for the final to arrive early"),
        ],
    )  # fmt: skip
    def test_the_infinitive_after_the_objects_relative_clause_is_what_they_are_told(
        self, nlp: Language, text: str, content: str
    ) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, q.report) == (content, "communication")

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("Police appealed for witnesses to come forward.", "for witnesses to come forward"),
            ("Police appealed for anyone who was in the Church Street area on Saturday to come forward.",
             "for anyone who was in the Church Street area on Saturday to come forward"),
            ("The health unit urged anyone who had visited those locations on the listed dates to check their "
             "records.", "anyone who had visited those locations on the listed dates to check their records"),
            ("The union called for workers to strike on Monday.", "for workers to strike on Monday"),
            ("The commissioner appealed to residents who were still in flood-prone areas to relocate immediately.",
             "residents who were still in flood-prone areas to relocate immediately"),
        ],
    )  # fmt: skip
    def test_whom_a_call_or_an_appeal_is_for_is_told_to_do_it(self, nlp: Language, text: str, content: str) -> None:
        """ "appealed for witnesses to …", "called for workers to strike", "urged anyone who … to …"."""
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert q.text == content

    @pytest.mark.parametrize(
        "text",
        [
            "She called the office by phone to ask for help.",
            "They waited for the bus to arrive.",
            "He paid for his son to study abroad.",
        ],
    )
    def test_a_purpose_or_a_wait_asks_nothing(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []

    def test_an_infinitive_right_after_the_relative_clauses_verb_is_its_own_purpose(self, nlp: Language) -> None:
        text = "The mayor thanked volunteers who came to help."
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestBeyondProse:
    def test_a_sentence_too_long_to_be_prose_holds_no_reports(self, nlp: Language) -> None:
        """ "Ann said Bob said …" 400 times: no chain of reports each holding the rest of the text; a
        sentence of prose after it still reports."""
        names = ["Ann", "Bob", "Carl", "Dora"]
        chain = " said ".join(names[i % 4] for i in range(400)) + "."
        text = f"{chain}\n\nMayor Ann Carter said the works would start in May."
        reports = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert [q.text for q in reports] == ["the works would start in May"]


class TestNamesSeventeenthSession:
    @pytest.mark.parametrize(
        ("text", "who"),
        [
            ("One man, who gave his name only as Ricky, said he had seen three crashes there.", "Ricky"),
            ('"We are suffering," said a taxi driver who gave his name only as Kofi.', "Kofi"),
            ("A woman who identified herself as Sarah Lund said the flat had flooded twice.", "Sarah Lund"),
        ],
    )  # fmt: skip
    def test_a_source_who_gives_only_a_name_is_called_by_it(self, nlp: Language, text: str, who: str) -> None:
        """News names a source who withholds a full name by a clause: "who gave his name only as Kofi"."""
        assert {speaker(q) for q in quotes_of(nlp, text)} == {who}

    def test_a_pronoun_after_such_a_source_is_them_too(self, nlp: Language) -> None:
        text = (
            "One man, who gave his name only as Ricky, said the lights had been out for months.\n\n"
            '"Every time somebody dies, they promise light. Then nothing," he said.'
        )
        assert {speaker(q) for q in quotes_of(nlp, text)} == {"Ricky"}

    @pytest.mark.parametrize(
        "text",
        [
            "A spokesman, who declined to give his name, said the plant was safe.",
            "A driver who described the van as a Transit said it was white.",
        ],
    )
    def test_a_clause_that_names_nobody_leaves_the_phrase(self, nlp: Language, text: str) -> None:
        """Declining to give a name, or identifying a thing, names nobody: the phrase stays."""
        assert speaker(next(q for q in quotes_of(nlp, text) if q.kind == "indirect")).startswith("A ")

    def test_a_comma_set_name_renames_a_subject_the_parse_took_for_the_body(self, nlp: Language) -> None:
        """The parse heads "The Executive Secretary of <body>, <name>," on the body; the name renames it."""
        text = (
            "The Executive Secretary of Petroleum Consumers' Watch, Madam Efua Ansah-Mensah, said the "
            "increases would hit consumers hard."
        )
        assert {speaker(q) for q in quotes_of(nlp, text)} == {"Efua Ansah-Mensah"}

    @pytest.mark.parametrize(
        ("text", "who"),
        [
            ("Speaking after the case, Detective Constable Amira Saleem of Norshire Police said: 'This was a "
             "calculated and cruel betrayal.'", "Amira Saleem"),
            ("Inspector Maria Lopez of the Metropolitan Police said officers were searching the river.",
             "Maria Lopez"),
        ],
    )  # fmt: skip
    def test_a_titled_name_is_the_person_not_the_body_after_of(self, nlp: Language, text: str, who: str) -> None:
        """A name after a title is a person even untagged; "of <body>" is where they work."""
        assert {speaker(q) for q in quotes_of(nlp, text)} == {who}

    def test_an_office_of_a_body_is_still_its_holder_unnamed(self, nlp: Language) -> None:
        """ "Chief Constable of Norshire Police" is an office, not a titled name."""
        text = "The Chief Constable of Norshire Police said the force was stretched."
        assert speaker(next(q for q in quotes_of(nlp, text))) != "Norshire Police"

    @pytest.mark.parametrize(
        ("text", "wrong"),
        [
            ('A voter who identified as a Democrat said: "The economy is all anyone talks about."', "Democrat"),
            ('A former banker who was named as Chief Executive last month said: "It will take years."',
             "Chief Executive"),
            ('"He has not been home since Friday," said a woman who gave her son\'s name as Liam.', "Liam"),
            ('"I cannot vote for them this time," said a voter who identified herself as Labour.', "Labour"),
        ],
    )  # fmt: skip
    def test_a_clause_giving_a_group_a_post_or_another_name_names_nobody(
        self, nlp: Language, text: str, wrong: str
    ) -> None:
        """Found by the session's review: only the speaker's own name, given for a full one, names them."""
        assert wrong not in {speaker(q) for q in quotes_of(nlp, text)}

    @pytest.mark.parametrize(
        "text",
        [
            'Brightwater Energy, which last week sacked its chief executive, Tom Hale, said: "The board acted."',
            'Greenpeace, in a letter to the company\'s chairman, Tom Hale, said: "Your plans are reckless."',
            'Norshire Police, which arrested a 34-year-old man, Daniel Oyelaran, said: "He remains in custody."',
        ],
    )
    def test_a_name_inside_a_body_subjects_clause_is_not_the_speaker(self, nlp: Language, text: str) -> None:
        """A subject that opens with its body is the body, whoever its clause names before the verb."""
        assert {speaker(q) for q in quotes_of(nlp, text)} <= {"Brightwater Energy", "Greenpeace", "Norshire Police"}

    @pytest.mark.parametrize(
        ("text", "wrong"),
        [
            ('The Veteran Car Club said: "The rally will go ahead."', "Car Club"),
            ('Pastor Hope Ministries said: "We fed 400 families."', "Hope Ministries"),
        ],
    )
    def test_a_body_named_like_a_titled_person_keeps_its_name(self, nlp: Language, text: str, wrong: str) -> None:
        """Only a title word opens a titled name ("Veteran" is none), and a plural is a body's name."""
        assert wrong not in {speaker(q) for q in quotes_of(nlp, text)}

    def test_a_phrase_longer_than_any_name_names_nobody(self, nlp: Language) -> None:
        """An unnamed speaker's phrase over ``NAME_MAX_CHARS`` is a misread run, not a name to store and index."""
        text = "The " + "big, " * 70 + "old man said the road was closed."
        assert all(q.speaker is None or len(q.speaker.name) <= NAME_MAX_CHARS for q in quotes_of(nlp, text))

    def test_a_rate_after_a_headline_quote_is_not_its_source(self, nlp: Language) -> None:
        """ "per cent" is a rate: the quote's speaker is not "18 per cent" (G tune, a headline)."""
        text = (
            "‘We’ll be selling stock by Christmas’: Irrigators reel as water allocation cut to 18 per cent\n\n"
            "Farmers in the Mulgara Valley say they face ruin."
        )
        assert all(speaker(q) != "18 per cent" for q in quotes_of(nlp, text))
        assert speaker(next(q for q in quotes_of(nlp, '"The river is rising fast," per the Environment Agency.'))) == (
            "Environment Agency"
        )


class TestDescribedUnnamedSpeakers:
    @pytest.mark.parametrize(
        ("text", "who"),
        [
            (
                "A person familiar with the matter said the deal would close next week.",
                "A person familiar with the matter",
            ),
            ("A spokesman for the ministry said the talks would resume on Monday.", "A spokesman for the ministry"),
            ("Residents of Buchan said they felt vindicated by the report.", "Residents of Buchan"),
            ('"We will not give up," a spokeswoman for the union told reporters.', "a spokeswoman for the union"),
            ("Critics of the plan, including several mayors, said it was unfair.", "Critics of the plan"),
            ("A source close to the player said he was unlikely to play.", "A source close to the player"),
            # The parser makes "people" the subject of "briefed": a participle phrase, not a clause.
            ("The deal is worth $4 billion, said two people briefed on the talks.", "two people briefed on the talks"),
            # "person" is a noun of people though its plural is not "persons": "people involved in …"
            ("The bank will cut 2,000 jobs, said a person involved in the plans.", "a person involved in the plans"),
            # What an aside says of the complement is not part of the name.
            (
                "An official close to the investigation, who asked not to be named, said the suspect had fled.",
                "An official close to the investigation",
            ),
        ],
    )
    def test_an_unnamed_speaker_keeps_what_says_who_they_are(self, nlp: Language, text: str, who: str) -> None:
        """An affiliation ("for", "of" …) or an adjective with its complement after the noun is part of the name."""
        assert {speaker(q) for q in quotes_of(nlp, text)} == {who}

    @pytest.mark.parametrize(
        ("text", "who"),
        [
            ("A poll released on Tuesday showed the senator trailing by eight points.", "A poll"),
            (
                "A spokesman for the company, which is based in Ohio, said it would appeal.",
                "A spokesman for the company",
            ),
        ],
    )
    def test_a_participle_or_a_clause_after_the_noun_is_not_part_of_the_name(
        self, nlp: Language, text: str, who: str
    ) -> None:
        """When or where a document appeared says nothing of whose it is; a relative clause ends the name."""
        assert {speaker(q) for q in quotes_of(nlp, text)} == {who}


class TestTimeOfTheReport:
    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("The company said on Tuesday it had hired Goldman Sachs to explore a sale.",
             "it had hired Goldman Sachs to explore a sale"),
            ("The company said last week it would cut 500 jobs.", "it would cut 500 jobs"),
        ],
    )  # fmt: skip
    def test_the_time_right_after_the_verb_is_when_it_was_said(self, nlp: Language, text: str, content: str) -> None:
        """A date after "said" and before a that-less clause's subject tells when it was said, not what."""
        assert only(quotes_of(nlp, text), "", "indirect").text == content


class TestMisreadSayClauses:
    """ "say" takes a clause, never a noun phrase, as its content: an object the parse gives it, with a
    verb of its own hung on it, is the subject of the clause said."""

    @pytest.mark.parametrize(
        ("text", "content", "who"),
        [
            ("Education Minister Farid Osei said the new programme aimed to reduce class sizes in rural schools.",
             "the new programme aimed to reduce class sizes in rural schools", "Farid Osei"),
            ("Dr Lena Park said several of her patients like the new clinic but distrust the booking system.",
             "several of her patients like the new clinic but distrust the booking system", "Lena Park"),
        ],
    )  # fmt: skip
    def test_an_object_with_a_verb_of_its_own_begins_the_clause_said(
        self, nlp: Language, text: str, content: str, who: str
    ) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, q.report, speaker(q)) == (content, "speech", who)

    @pytest.mark.parametrize(
        "text",
        [
            "She said something that shocked everyone.",
            "He said things he regretted later.",
            "The mayor said a few words and left.",
        ],
    )
    def test_what_was_said_as_a_thing_is_no_clause(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestHearsayNouns:
    """What claims, reports, rumours and allegations are of is reported, even when nobody named holds them."""

    @pytest.mark.parametrize(
        ("text", "content"),
        [
            ("Police are investigating reports of gunfire near the school.", "gunfire"),
            ("The company faces allegations of price fixing.", "price fixing"),
            ("The leader laid to rest persistent media reports of a deal with the opposition.",
             "a deal with the opposition"),
        ],
    )  # fmt: skip
    def test_the_phrase_of_an_unheld_hearsay_noun_is_reported_by_nobody_named(
        self, nlp: Language, text: str, content: str
    ) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, q.report, q.speaker) == (content, "noun", None)

    @pytest.mark.parametrize(
        "text",
        [
            "The claims of the opposition were dismissed.",  # who claims, not what
            "Calls for a new stadium grew louder.",  # a call needs a caller to report anything
        ],
    )
    def test_a_holder_or_a_call_nobody_makes_is_no_report(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


class TestAskedQuestions:
    """ "Asked whether …, X said": the question is reported, by whoever asked it; X was only asked."""

    @pytest.mark.parametrize(
        ("text", "content", "who"),
        [
            ("Asked whether the bridge would reopen this year, the minister said the repairs were on time.",
             "whether the bridge would reopen this year", None),
            ("When asked where the money had gone, Ortiz said he did not know.", "where the money had gone", None),
            ("When asked by radio host Ann Lee if he would resign, Reyes laughed.", "if he would resign", "Ann Lee"),
            ("Asked by interviewer Ines Moll why the tunnel had taken so long to finish, the engineer blamed the rain.",
             "why the tunnel had taken so long to finish", "Ines Moll"),  # read as a relative clause of Moll
        ],
    )  # fmt: skip
    def test_the_question_of_a_reduced_passive_of_asking_is_the_askers(
        self, nlp: Language, text: str, content: str, who: str | None
    ) -> None:
        q = only(quotes_of(nlp, text), content, "indirect")
        assert (q.text, q.report, speaker(q)) == (content, "communication", who)

    def test_the_one_asked_holds_no_report(self, nlp: Language) -> None:
        """Harrow was asked: the question is somebody else's, and what he did is no report of his."""
        (q,) = [q for q in quotes_of(nlp, "Asked what had gone wrong, Councillor Ray Harrow blamed the weather.")
                if q.kind == "indirect"]  # fmt: skip
        assert (q.text, q.speaker) == ("what had gone wrong", None)

    @pytest.mark.parametrize(
        "text",
        [
            "Asked about the fight, Harrow blamed the referee.",
            "If elected, she would cut taxes.",
            "Asked by reporters who had gathered outside, the minister declined to comment.",
        ],
    )
    def test_no_question_clause_no_question(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.report == "communication"] == []


class TestMadeClear:
    """ "make clear", "make known": what is made clear is stated."""

    @pytest.mark.parametrize(
        ("text", "content", "who"),
        [
            ("Finance Minister Ruth Adeyemi made it clear that the budget would not change.",
             "the budget would not change", "Ruth Adeyemi"),
            ("The coach, Dara Quinn, made it clear to the players that nobody was safe.", "nobody was safe",
             "Dara Quinn"),
            ("Senator Joe Varga made clear his opposition to the pipeline.", "his opposition to the pipeline",
             "Joe Varga"),
            ("The nurses' union made its demands known on Friday.", "its demands", "nurses' union"),
        ],
    )  # fmt: skip
    def test_what_is_made_clear_is_said(self, nlp: Language, text: str, content: str, who: str) -> None:
        (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
        assert (q.text, q.report) == (content, "speech")
        assert who.split()[-1] in (speaker(q) or "")

    @pytest.mark.parametrize(
        "text",
        [
            "The company made a clear profit last year.",
            "The new rules made the situation clear to everyone.",
            "He did not make clear whether he would run.",
        ],
    )
    def test_no_statement_made_clear(self, nlp: Language, text: str) -> None:
        assert [q for q in quotes_of(nlp, text) if q.kind == "indirect"] == []


def test_what_a_call_is_for_includes_what_it_is_to_do(nlp: Language) -> None:
    """ "called for new laws to protect whistleblowers": the laws are to protect them, not the call."""
    text = "Ana Ruiz, who chairs the committee, spoke on Tuesday. She called for new laws to protect whistleblowers."
    (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
    assert q.text == "for new laws to protect whistleblowers"


@pytest.mark.parametrize(
    "text",
    [
        "There were growing calls for the minister to resign.",
        "Calls for the minister to resign grew louder after the vote.",
    ],
)
def test_a_calls_for_clause_with_its_own_subject_is_what_is_called_for(nlp: Language, text: str) -> None:
    """ "calls for the minister to resign": the parse hangs the clause on the noun as an adverbial."""
    (q,) = [q for q in quotes_of(nlp, text) if q.kind == "indirect"]
    assert (q.text, q.report) == ("for the minister to resign", "noun")
