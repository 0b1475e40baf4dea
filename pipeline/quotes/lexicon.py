"""The word lists quote attribution relies on, gathered in one frozen, replaceable ``QuoteLexicon``.

``default_lexicon()`` builds the packaged lexicon once: the speech verbs from
``data/quotes/speech_verbs.txt`` (every word form: the pipeline runs without the lemmatizer), the
first-name genders from ``data/entities/first_names.tsv``, and the role, scare-cue and message nouns
listed in this module. A caller (a test, say) passes its own lexicon to ``attribute_quotes``, e.g.
``dataclasses.replace(default_lexicon(), speech_verbs=...)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Final

__all__ = ["QuoteLexicon", "default_lexicon", "parse_first_names", "parse_speech_verbs"]

_PERSON_ROLES: Final = frozenset(
    {
        "official", "president", "spokesman", "spokeswoman", "spokesperson", "minister", "secretary",
        "senator", "governor", "lawmaker", "leader", "chief", "mayor", "chairman", "chairwoman", "ceo",
        "director", "ambassador", "diplomat", "congressman", "congresswoman", "premier", "chancellor",
        "candidate", "prosecutor", "judge", "lawyer", "attorney", "commander", "general", "officer",
        "executive", "founder", "head", "manager", "analyst", "expert", "actor", "actress", "singer",
        "author", "player", "coach", "star", "politician", "representative", "king", "queen", "pope",
        "man", "woman", "mother", "father", "economist", "researcher", "scientist", "professor",
        "speaker", "nominee", "democrat", "republican", "envoy", "negotiator", "adviser", "advisor",
    }
)  # fmt: skip
_ORG_ROLES: Final = frozenset(
    {
        "company", "ministry", "agency", "department", "government", "group", "firm", "party",
        "administration", "campaign", "office", "organization", "organisation", "bank", "court",
        "committee", "council", "military", "army", "police", "commission", "union", "newspaper",
        "network", "team", "club", "board", "kremlin", "embassy", "regime", "university", "watchdog",
        "authority", "authorities", "regulator", "coalition", "alliance", "parliament", "senate",
    }
)  # fmt: skip
_ROLE_GENDERS: Final = MappingProxyType({
    "spokesman": "m", "chairman": "m", "congressman": "m", "king": "m", "man": "m", "father": "m",
    "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "queen": "f", "woman": "f",
    "mother": "f", "actress": "f",
})  # fmt: skip
_SCARE_CUES: Final = frozenset(
    {"slogan", "tagline", "motto", "term", "terms", "phrase", "word", "words", "so-called", "hashtag",
     "headline", "title", "titled", "entitled", "name", "named", "nicknamed", "label"}
)  # fmt: skip
_MESSAGE_NOUNS: Final = frozenset(
    {"statement", "release", "letter", "post", "tweet", "report", "note", "message", "email", "interview", "video"}
)


@dataclass(frozen=True, slots=True)
class QuoteLexicon:
    """The vocabulary of quote attribution: which words are speech verbs, genders, roles and cues.

    All words are lower case. Use ``default_lexicon()`` for the packaged lists and
    ``dataclasses.replace`` to change some of them.

    Attributes:
        speech_verbs: Every word form that can cue a quote ("said", "warned", "believes").
        reporting_verbs: The forms that may also introduce reported speech without marks (not
            "believes", "blasted").
        object_verbs: Reporting forms whose object, not a clause, carries the reported content
            ("rejected the possibility of ...").
        call_verbs: The forms of "call" among ``object_verbs``: they report only with "for"/"on"
            ("called for ...", not "called Lavrov").
        first_names: First name -> "m" or "f", evidence for resolving "he"/"she".
        person_roles: Role nouns standing for a person ("the official", "the spokesman").
        org_roles: Role nouns standing for an organisation ("the company", "the ministry").
        role_genders: Person roles -> "m" or "f" where the noun tells ("spokeswoman").
        scare_cues: Words before a quote that introduce a term, not speech ("the slogan", "so-called").
        message_nouns: Nouns of issued messages whose issuer speaks ("issued a statement warning ...").
    """

    speech_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    object_verbs: frozenset[str]
    call_verbs: frozenset[str]
    first_names: Mapping[str, str]
    person_roles: frozenset[str]
    org_roles: frozenset[str]
    role_genders: Mapping[str, str]
    scare_cues: frozenset[str]
    message_nouns: frozenset[str]


def parse_speech_verbs(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    r"""Read a speech-verb list: one verb's word forms a line (see the legend in ``speech_verbs.txt``).

    A line starting with "~" is a cue of quotes only; "!" marks a verb whose object carries the
    reported content. Blank lines and "#" comments are skipped.

    Args:
        text: The list's text.

    Returns:
        The ``speech_verbs``, ``reporting_verbs``, ``object_verbs`` and ``call_verbs`` sets of a
        ``QuoteLexicon``.

    >>> forms, reporting, objects, calls = parse_speech_verbs("say said\n~believe believed\n!call called")
    >>> sorted(forms)
    ['believe', 'believed', 'call', 'called', 'said', 'say']
    >>> sorted(reporting), sorted(objects), sorted(calls)
    (['call', 'called', 'said', 'say'], ['call', 'called'], ['call', 'called'])
    """
    forms: set[str] = set()
    reporting: set[str] = set()
    objects: set[str] = set()
    calls: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = line.lstrip("!~").split()
        forms.update(words)
        if not line.startswith("~"):
            reporting.update(words)
        if line.startswith("!"):
            objects.update(words)
            if words[0] == "call":
                calls.update(words)
    return frozenset(forms), frozenset(reporting), frozenset(objects), frozenset(calls)


def parse_first_names(text: str) -> dict[str, str]:
    """Read a first-name list: ``name<TAB>gender`` lines; blank lines and "#" comments are skipped.

    Args:
        text: The list's text.

    Returns:
        First name -> gender ("m" or "f"), both stripped of surrounding blanks.
    """
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, gender = line.split("\t")
            table[name.strip()] = gender.strip()
    return table


@cache
def default_lexicon() -> QuoteLexicon:
    """Load the packaged lexicon once (speech verbs and first names from ``pipeline/data``).

    Returns:
        The same frozen ``QuoteLexicon`` on every call.
    """
    data = resources.files("pipeline").joinpath("data")
    verbs_text = data.joinpath("quotes/speech_verbs.txt").read_text(encoding="utf-8")
    speech_verbs, reporting_verbs, object_verbs, call_verbs = parse_speech_verbs(verbs_text)
    names = parse_first_names(data.joinpath("entities/first_names.tsv").read_text(encoding="utf-8"))
    return QuoteLexicon(
        speech_verbs=speech_verbs,
        reporting_verbs=reporting_verbs,
        object_verbs=object_verbs,
        call_verbs=call_verbs,
        first_names=MappingProxyType(names),
        person_roles=_PERSON_ROLES,
        org_roles=_ORG_ROLES,
        role_genders=_ROLE_GENDERS,
        scare_cues=_SCARE_CUES,
        message_nouns=_MESSAGE_NOUNS,
    )
