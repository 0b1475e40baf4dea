"""Entity post-processing: clean spaCy's named entities and merge them into canonical entities.

``tag_entities`` reads the entities the model put on a ``Doc`` (the parse of the clean body) and

* keeps only named types (``EntityLabel``), dropping dates, numbers and amounts;
* trims each mention: a leading "the" (not a capitalised "The" inside a sentence: "The Hague"),
  trailing possessives ("the White House’s" -> "White House"), trailing function words and scores
  ("Somerset 4") and leading titles ("President", "Secretary of State") that the model sometimes
  includes; splits mentions at spaced dashes and unclosed brackets ("Chiang Mai - Bangkok");
* drops fragments of titles ("State" in "Secretary of State");
* merges mentions into one canonical entity per article: surnames join the person named in full
  ("Putin" -> "Vladimir Putin"), even when the model tagged the surname ORG or GPE; aliases join via
  a small curated table (``data/entities/aliases.tsv``: "USA", "U.S." -> "United States") and via
  acronyms of longer names ("FBI" for "Federal Bureau of Investigation");
* reads ALL-CAPS and headline-style lines with care, where case tells the small model nothing: an
  ALL-CAPS line is tagged again title-cased and the two readings merged; on both kinds a name ends at
  the headline's verb (tagged on a lower-cased copy) and a wire slug ("SOCCER -") is no name; on a
  Title Case line a name that runs into words the article writes in lower case gives way to names
  known from the rest of the article, which are found there even when the model missed them. A line
  of names (a results row, a score line, a list) and a one-line item keep the model's names.

Each rule has a name (``ENTITY_RULES``) and can be switched off (``tag_entities(rules=...)``);
``bench/ner_eval.py`` measures what each one gains and loses against bare spaCy.

``tag_title`` tags an article's title (a separate field, not part of the body) the same way, read
as the line above the body, and links its names to the body's canonical entities.

Everything is a pure function of the ``Doc``: it works on a parse rebuilt from a ``DocBin``.
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Final, cast, get_args

import numpy
from spacy.attrs import ENT_TYPE, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.names import NAME_MAX_CHARS, POST_NOMINALS, name_core, shortened, surname
from pipeline.quotes.lexicon import default_lexicon, french_lexicon, parse_first_names
from pipeline.quotes.marks import find_quote_marks
from schemas.articles import CanonicalEntity, EntityLabel, EntityMention

__all__ = [
    "DEFAULT_RULES",
    "ENTITY_RULES",
    "KEPT_LABELS",
    "entity_key",
    "opens_clause",
    "parse_title",
    "place_key",
    "tag_entities",
    "tag_title",
]

KEPT_LABELS: Final[frozenset[str]] = frozenset(get_args(EntityLabel))
"""Named-entity types kept; DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL, CARDINAL are dropped."""

ENTITY_RULES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "title_fragments": 'drop entities that are only part of a title ("State" in "Secretary of State")',
        "trim": 'trim a leading "the", possessive endings, stray punctuation and a lower-case common noun after it '
        '("the In2EastAfrica website"; not a facility\'s "Kennedy airport") from a name, and in English a lower-case '
        'finite verb or function word at its end ("Morrow told")',
        "whole_words": 'trimming never cuts a hyphenated word: the "in" of "Moon Jae-in" is no particle',
        "leading_verb": "a gerund the parse reads as taking the rest of the name as its object, its phrase going on "
        'after the name, is no part of it ("Removing Kenji Watanabe from the board was a mistake": Kenji Watanabe; '
        'the title "Finding Nemo" keeps its verb), a participle opening a sentence with its phrase after it is no '
        'name ("Abordant le dossier de la Somalie, …" tagged PERSON), and a speech verb opening a sentence before its '
        'subject and a colon is no part of the subject (\'Said Herrera: "…"\'; "Said Jalili told …" stays a name)',
        "hyphenated_names": 'a name cut at a hyphen takes the rest of its word ("Wong Kwok" + "-hing"; a person\'s '
        '"Marisol Ocampo" + "-Reyes"), but not a compound it forms ("CBS-operated", "the Trump-Biden debate"); "Surname Given-name" tagged ORG, PRODUCT, WORK_OF_ART or LOC is a '
        'person ("Bong Young-shik"): romanised Korean and Chinese given names join their syllables with a hyphen',
        "eras": 'the letters of an era after a year or a century are part of a date, no name ("1000 BC", "the 5th '
        'century BCE" tagged ORG; "Vancouver, BC" stays)',
        "dashes": 'split an entity at a spaced dash ("Chiang Mai - Bangkok")',
        "brackets": 'split an entity at a bracket or quotation mark that does not close in it ("Panaji ( Panjim", '
        '"Hidalgo. ‹il")',
        "sentence_ends": "split an entity where a sentence starts inside it: a name ends with its sentence",
        "commas": 'split an entity at a comma between two phrases of the parse ("the Associated Press, Lopez '
        "said\": the outlet is a preposition's object, Lopez the subject)",
        "trailing_numbers": 'a number after a name is no part of it ("Somerset 4" on a score line), but in '
        'works, products, events, laws and facilities ("Windows 95", "Route 66")',
        "person_titles": 'drop leading titles from a person\'s name ("President", "Secretary of State"); a title '
        'of several words alone is no name ("Premier ministre" tagged PERSON; "Prince" may be one)',
        "post_nominals": 'drop letters after a person\'s name that give an office or honour ("Aoife Brennan TD", '
        '"Eliza Cormack SC", "Sir John Smith KBE"); a generational suffix stays ("Martin Luther King Jr")',
        "honorifics": 'a name after "Mr", "Mrs", "Ms", "Mx" or French "M.", "Mme", "Me" is a person ("Ms Ogunleye-Hart" '
        'tagged ORG, "Mr Jordan" GPE; not after "Miss": "Miss World") and runs over a piece of it the model tagged '
        'apart as a person or an untagged last word ("Me [Olivier] Ricou"), and so is an untagged one after a lower-case '
        'title ("spokesperson Teresita Villaraza")',
        "demonyms": 'a noun for a person of a nation ("the Irishman", "two Dutchmen", "Spaniard"; French "le '
        'Finlandais", "la Zambienne") is a nationality (NORP) whatever the model calls it, not an organisation, a '
        "place or a person's name, and the name after it is a person's (\"Spaniard Fermin Cacho\" tagged ORG); "
        "in French the capitalised words the model left untagged after it are a person's name "
        '("la Zambienne Chileshe Mwansa")',
        "org_heads": 'a "person" whose last word is a company word ("Dick Clark Productions") is an organisation',
        "extend_org": 'extend an organisation cut short over "for/of" + capitalised words, also where the model '
        'tagged them apart ("People\'s Movement" + "for the Liberation of Angola"; not "Google of Mountain View"), '
        'and an office over the title it is named after ("U.S. Attorney\'s" + "Office for …")',
        "datelines": 'the ALL-CAPS place of a wire dateline opening a paragraph is a place ("SAO PAULO (Reuters) - …", '
        '"BONN 1996-08-31" for a town GeoNames lists, '
        '"SANTA FE, N.M. (AP) — …"; before an agency, a town GeoNames lists, "COPENHAGEN (Reuters) - …"; "MADRID — …" '
        'where its title-cased copy reads as a place, not "NASA — …")',
        "caps_lines": "re-tag ALL-CAPS lines title-cased (with ``nlp``), else keep only names known elsewhere; a "
        "country alone between a slug's spaced dashes is a place (\"PRESS DIGEST - ARGENTINA - SEPT 2\"), a month's "
        'short form before a day no name ("AUG 30"); a line\'s ALL-CAPS source before a dash is a paper or agency '
        '("HURRIYET - Turkish officials …", "PRESS DIGEST - SPAIN - EL PAIS AUG 28"), a story\'s label there no name '
        '("FACTBOX - …")',
        "lowercase_reading": "on ALL-CAPS lines also take the names the model finds in a lower-cased copy",
        "headline_lines": "on Title Case headline lines keep only names known elsewhere, and find those",
        "common_words": "drop a one-word name capitalised only where every word is (a sentence or line start) "
        'that the article also writes in lower case ("Story continues below", "Range and charging")',
        "lowercase": 'drop a "name" written all in lower case ("meth", "bird fancier") or a web address; a '
        'one-word organisation or product may be a brand ("ecobee")',
        "first_names": "a two- or three-word name tagged ORG, PRODUCT, WORK_OF_ART or LOC that starts with a known "
        'first name is a person ("Diego Schwartzman" tagged ORG, "Marcel Granollers" PRODUCT), unless it ends in a '
        'company word or the head noun of a place, body or event ("Joy Division", "Stanley Park"); a known first '
        'name the model left out before such a name or a person\'s joins it ("Dolores [Reyes-Brandt]"), and so does '
        'a surname left out after a one-word person ("[Aleksi] Virtanen"); French texts also know the first names '
        'French births give ("Mathilde [Royer]")',
        "pronoun_people": 'a one-word proper noun, the subject of its clause, that a "he" or "she" later in its '
        'sentence refers back to is a person ("Citrone denied his involvement"; "Hitzig" tagged ORG), when no '
        'other name, no noun for a person ("the speaker") and no "it"/"its" stands between them, nor a quote '
        'around the pronoun; a pronoun inside a reported clause ("Paris claims she was …") counts only when no '
        'person is named before: "Apple said he would leave" speaks of somebody named earlier',
        "human_predicates": "a name the model did not tag as a person is one where the sentence says what only a "
        'person has or undergoes: kin ("Carder\'s husband", "Paris\'s father") or being born, dying, marrying, '
        'being raised, arrested, jailed or sentenced ("Citrone was raised in Whitley Bay"; "Hitzig" tagged ORG)',
        "located_places": 'a "person" that a preposition of place on a verb or a noun governs ("in", "near", '
        '"outside", "throughout", "within", "across") is a place where GeoNames lists it as a town or country ("lived '
        'in Palma", "a hostel in Vladivostok"); not after "believe in", "faith in", not a name whose first word is a '
        'known first name; any name after a compass word\'s "of" is a place ("east of Arbil")',
        "team_roles": "a name right before a player's or coach's role and a person's name is a team (ORG): "
        '"Lazio striker Giuseppe Signori", "Manchester United manager Alex Ferguson"; a country stays a place '
        "(a national side), a two-word person stays a person, a one-word one is a team only before a player's "
        'role ("Agassi coach Brad Gilbert" stays Agassi)',
        "event_names": 'a name of two words or more ending with "Cup", "Open", "Masters", "Marathon", '
        '"Championship(s)" or "Trophy" is an event ("Volvo Masters" tagged ORG, "Berlin Marathon" a place), '
        'and so is a nation or place tagged alone before such a word or "Grand Prix" ("GERMAN" + "OPEN")',
        "country_names": 'a nationality tagged before the rest of a country\'s name is the country ("Czech" + '
        '"Republic"), and so is a country\'s whole name alone in brackets, tagged or not ("Ernie Els ( South Africa '
        ')")',
        "place_heads": "a name of two words or more that the model calls an organisation or a person and that ends "
        'with a natural feature\'s word is the place ("Hancock Pond", "Lincoln Reservoir", "Bridgton Junction"); '
        'a name before a facility\'s word in lower case is the place or the facility ("Orly airport", "Zandvoort '
        'circuit")',
        "apposed_kinds": 'a name is what the text calls it: a place after "the state of", "the city of" ("the '
        'southern state of Guerrero" tagged ORG), an organisation before ", the … company", "the … party" '
        '("Novartis, the world\'s second-largest pharmaceutical company" tagged a place)',
        "surnames": "add untagged repetitions of a named person's surname, and the untagged short forms of the "
        'curated well-known people ("Trump knows it": a model may tag none of them), not as the first part of '
        'another name ("Trump Tower")',
        "acronyms": "capitals in brackets right after a name that spell its initials are its short form, with its "
        'label ("the Korean Central News Agency (KCNA)", "Bank of England (BoE)"), and so are their untagged '
        "repetitions; never a person's; a name the model stopped short of such capitals runs on to them over "
        'words they spell, never over a verb ("Société française d\'accompagnement | et de soins palliatifs (SFAP)"); '
        "capitals anywhere in the article that are exactly the initials of a run of capitalised words the model "
        'tagged a part of make the run one name ("the Irish Nurses and Midwives Organisation … INMO", tagged '
        '"Irish"), never a person\'s',
        "results_teams": "in sports results a town's name is its club's (ORG) and a country's its team's (a place): "
        'the names of a score line ("Hamburg 2 Werder Bremen 0", "Leeds United 1 ( Yeboah 28 ) Chelsea 0") or '
        'a standings row ("Barcelona 5 4 1 0 12 3 13") that look like teams (a town or a club\'s word in them), '
        'the names under a sport\'s slug ("CRICKET - ESSEX BEAT KENT"), the sides a slugged headline names before '
        "its verb and after a result's (a sport of one competitor's players: \"TENNIS - SAMPRAS BEATS BECKER\"; "
        'no count: "SIX WICKETS"), the town that beat, drew with or lost to another by a score ("Stuttgart '
        'beat Freiburg 3-1"), a team\'s nickname and the opponent of a club there ("the Mariners edged the '
        'Rangers", "Cleveland beat Minnesota 4-0")',
        "merged_labels": "a mention takes the label of the canonical entity it joins",
    }
)
"""The post-processing rules, by name: ``tag_entities(rules=...)`` runs a subset (``bench/ner_eval.py``
measures what each one gains and loses)."""

DEFAULT_RULES: Final[frozenset[str]] = frozenset(ENTITY_RULES)
"""Every rule: what the pipeline runs."""

# Labels whose names may end in a number ("Windows 95", "World War 2", "Apollo 11", "Route 66").
_NUMBERED_LABELS: Final = frozenset({"PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "FAC"})
_PERSONISH: Final = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
_ORG_SUFFIXES: Final = frozenset(
    {"inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "llc", "plc", "corporation", "group"}
)
_ACRONYM_SKIP: Final = frozenset({"of", "the", "and", "for", "&", "de", "du", "des", "la", "le"})
_POSSESSIVE: Final = frozenset({"'s", "’s", "'", "’", "'S", "’S"})
_TRIM_CHARS: Final = " \t\n\"'“”‘’«»„‚()[]{}.,;:!?-–—"
_HEADLINE_MAX_WORDS: Final = 20
# Last words that make a "person" an organisation ("Dick Clark Productions", "WeWorkers Coalition").
_ORG_HEADS: Final = frozenset(
    {"productions", "coalition", "association", "company", "partners", "holdings", "media", "group",
     "entertainment", "records", "studios", "airlines", "airways", "bank", "foundation", "institute",
     "university", "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "llc", "plc", "securities", "equities",
     "homes", "motors", "foods", "pharmaceuticals", "industries", "technologies", "systems", "enterprises",
     "ventures", "properties", "logistics", "laboratories", "labs", "brands", "insurance", "capital"}
)  # fmt: skip
# Last words that make a name with a first name in front a place, a body or an event named after
# someone ("John Birch Society", "Joy Division", "Stanley Park", "Victoria Station"): English names
# end in their head noun.
_NAMED_THING_HEADS: Final = frozenset(
    {"society", "division", "band", "orchestra", "choir", "quartet", "trio", "club", "casino", "house",
     "hall", "beach", "park", "street", "road", "avenue", "square", "bridge", "station", "airport", "center",
     "centre", "school", "college", "church", "cathedral", "hospital", "museum", "library", "gallery",
     "stadium", "arena", "theatre", "theater", "hotel", "tower", "building", "island", "lake", "river",
     "mountain", "county", "award", "awards", "prize", "cup", "trophy", "memorial", "festival", "fund",
     "trust", "brigade", "regiment", "fleet", "line", "project", "show", "tour", "garden", "gardens", "falls",
     "harbour", "harbor", "valley", "bay", "springs", "city", "hill", "hills", "heights", "point"}
)  # fmt: skip
# Words kept lower case when an ALL-CAPS line is title-cased for re-tagging.
_SMALL_WORDS: Final = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "vs", "with", "from",
     "over", "after", "into", "against", "amid", "about", "than", "up", "out", "not", "no", "will",
     "would", "can", "could", "may", "might", "must", "should", "is", "are", "was", "were", "be", "has",
     "have", "had", "do", "does", "did", "says", "said", "new"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Alias:
    name: str
    label: EntityLabel


@cache
def _aliases() -> dict[str, _Alias]:
    """Load the curated alias table once: lower-case surface form -> canonical name and label."""
    table: dict[str, _Alias] = {}
    text = resources.files("pipeline").joinpath("data/entities/aliases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, name, label = line.split("\t")
        if label not in KEPT_LABELS:
            msg = f"aliases.tsv: unknown label {label!r} for {surface!r}"
            raise ValueError(msg)
        table[surface.strip().lower()] = _Alias(name.strip(), label)  # type: ignore[arg-type]
    return table


@cache
def _people() -> dict[str, str]:
    """Load the table of well-known people: lower-case, ASCII-folded short form -> full name."""
    text = resources.files("pipeline").joinpath("data/entities/people.tsv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            surface, name = line.split("\t")
            table[_fold(surface.strip())] = name.strip()
    return table


@cache
def _well_known_forms() -> frozenset[str]:
    """How the well-known people's short forms are written ("Trump", "Erdoğan", "Xi").

    The words of the full name a short form folds to, else the short form capitalised.
    """
    forms: set[str] = set()
    for key, name in _people().items():
        if "_" in key:
            continue
        written = [w for w in name.split() if _fold(w) == key]
        forms.update(written or [key.capitalize()])
    return frozenset(forms)


def place_key(name: str) -> str:
    """A place name as the place list (``data/entities/places.txt``) writes it: "Port-au-Prince" -> "port au prince".

    Accents dropped, hyphens and full stops as spaces ("ST. LOUIS" -> "st louis"), curly apostrophes
    straight, lower case, spaces squeezed.
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(folded.replace("’", "'").replace("-", " ").replace(".", " ").casefold().split())


@cache
def _places() -> frozenset[str]:
    """The world's towns of 15,000 people or more and its countries (``data/entities/places.txt``, from GeoNames)."""
    text = resources.files("pipeline").joinpath("data/entities/places.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


@cache
def _first_names(language: str = "en") -> frozenset[str]:
    """Lower-case first names (``data/entities/first_names.tsv``): "Will", "Mark", "Grant" are names too.

    For a French text, also the names French births give one sex and the French hand list
    (``data/quotes/first_names_fr_births.tsv``, ``first_names_fr.tsv``: "Mathilde", "Gaëlle").
    """
    names = set(_first_name_genders())
    if language == "fr":
        data = resources.files("pipeline").joinpath("data/quotes")
        for extra in ("first_names_fr_births.tsv", "first_names_fr.tsv"):
            names.update(parse_first_names(data.joinpath(extra).read_text(encoding="utf-8")))
    return frozenset(names)


@cache
def _first_name_genders() -> dict[str, str]:
    """Lower-case first name -> "m" or "f" (``data/entities/first_names.tsv``, the list the quote lexicon reads)."""
    text = resources.files("pipeline").joinpath("data/entities/first_names.tsv").read_text(encoding="utf-8")
    return parse_first_names(text)


_HONORIFIC_RE: Final = re.compile(r"(?<![\w.])(Mr|Mrs|Ms|Miss|Mme|Mlle|Dre|M(?=\.))\.? +$")
# "Dre": French "docteure", a woman doctor.
_HONORIFIC_GENDERS: Final = {
    "mr": "m", "m": "m", "mrs": "f", "ms": "f", "miss": "f", "mme": "f", "mlle": "f", "dre": "f",
}  # fmt: skip
_COUPLE_RE: Final = re.compile(r"\b(?:Mr|M)\.? +(?:and|&|et) +$")


_PERSON_HONORIFICS: Final = frozenset(
    form
    for word in (*_HONORIFIC_GENDERS, "mx")
    if word not in {"miss", "m"}  # "Miss World" is a pageant; French "M" needs its dot
    for form in (word.capitalize(), word.capitalize() + ".")
) | {"M."}
"""Honorifics as written before a name ("Mr", "Mme.", "Mlle"; the capitals of "MX Keys" make a product)."""


_FRENCH_HONORIFICS: Final = frozenset({"Me", "Me."})
"""French "Me" (maître), a lawyer's: an honorific only in French text ("Me Too" is no title)."""


def _is_honorific(tok: Token) -> bool:
    return tok.text in _PERSON_HONORIFICS or (tok.text in _FRENCH_HONORIFICS and tok.doc.lang_ == "fr")


def _after_honorific(ent: Span) -> bool:
    """Tell a name that an honorific opens or stands right before ("Ms Ogunleye-Hart", "Mr. Jordan")."""
    doc = ent.doc
    if ent.end - ent.start > 1 and _is_honorific(doc[ent.start]):
        return True
    return ent.start > 0 and _is_honorific(doc[ent.start - 1])


_HONORIFIC_NAME_WORDS: Final = 4


def _honorific_name_word(tok: Token) -> bool:
    """Tell a capitalised word that may be part of a person's name: no title, honorific or common word."""
    return (
        tok.text[:1].isupper()
        and tok.text.isalpha()
        and not tok.is_stop
        and tok.text != "I"
        and tok.lower_ not in _one_word_titles()
        and not _is_honorific(tok)
    )


def _untagged_after_honorific(doc: Doc, start: int) -> int:
    """Where a name starts that opens with words the model left untagged after an honorific, else ``start``.

    "Me Gwenaëlle [Thomas-Kerbrat]": her first name too; not a title ("Mr Deputy Speaker [Nigel Evans]").
    """
    k = start
    while (
        k > 1
        and start - k < _HONORIFIC_NAME_WORDS
        and doc[k - 1].whitespace_ == " "
        and not doc[k - 1].ent_type_
        and _honorific_name_word(doc[k - 1])
    ):
        k -= 1
    return k if k < start and _is_honorific(doc[k - 1]) else start


def _honorific_name_end(doc: Doc, end: int) -> tuple[int, bool]:
    """Where a name after an honorific ends when the model cut it short, and whether it took in a tagged piece.

    An honorific titles one name, written whole: a piece of it the model tagged apart as a person
    ("Me [Gwenaëlle] [Thomas-Kerbrat]") goes on with it, and so does one untagged word that ends the
    capitalised run ("Me [Olivier] Ricou a dénoncé"), not a word before more capitals ("Mr [Obama]
    Meets Putin"), a place ("Mrs [Thatcher] Britain"), a title, another honorific or a common word.
    """
    stop = min(len(doc), end + _HONORIFIC_NAME_WORDS)
    pieces = False
    while end < stop:
        word = _word_after_hyphen(doc, end) or (doc[end] if doc[end - 1].whitespace_ == " " else None)
        if word is None or not _honorific_name_word(word):
            break
        if word.ent_type_ in ("PERSON", "PER"):
            pieces = True
        elif word.ent_type_ or (word.i + 1 < len(doc) and _honorific_name_word(doc[word.i + 1])):
            break
        end = word.i + 1
    return end, pieces


def _honorific_gender(text: str, start: int) -> str | None:
    """The gender an honorific right before ``start`` gives ("Ms. Whitlock" -> "f"), else None.

    "Mr and Mrs Whitlock" name a couple: no gender.
    """
    found = _HONORIFIC_RE.search(text, max(0, start - 8), start)
    if found is None or _COUPLE_RE.search(text, max(0, found.start() - 12), found.start()):
        return None
    return _HONORIFIC_GENDERS[found.group(1).lower()]


def _fold(name: str) -> str:
    """Fold a name to lower-case ASCII words joined by "_" ("Nicolás Maduro" -> "nicolas_maduro")."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")


@cache
def _titles() -> tuple[tuple[str, ...], ...]:
    """Load the title phrases ("secretary of state", "mr.") as token tuples, longest first."""
    text = resources.files("pipeline").joinpath("data/entities/titles.txt").read_text(encoding="utf-8")
    phrases = {tuple(line.split()) for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return tuple(sorted(phrases, key=len, reverse=True))


@cache
def _titles_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Title phrases indexed by their first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _titles():
        index.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _one_word_titles() -> frozenset[str]:
    """The titles of one word ("spokesperson", "councillor"), lower case."""
    return frozenset(p[0] for p in _titles() if len(p) == 1)


def is_title_word(word: str) -> bool:
    """Tell a title written before names ("Detective", "Professor"; ``titles.txt``), in any case."""
    return word.lower() in _one_word_titles()


@cache
def _titles_by_last() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Multi-word title phrases indexed by their last word ("state" -> "secretary of state")."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _titles():
        if len(phrase) > 1:
            index.setdefault(phrase[-1], []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}


def entity_key(label: str, canonical: str) -> str:
    """Build the stable cross-article key of a canonical entity.

    The key is the lower-cased label, a colon, and the name folded to ASCII with runs of other
    characters replaced by "_"; names with no Latin letters keep their case-folded characters.

    Cross-article consistency for people. Within an article a surname already joins the person named
    in full ("Putin" -> "Vladimir Putin"), so the key only differs across articles when one of them
    never gives the full name. We checked the alternative of keying every person by surname
    (``person:putin`` for "Vladimir Putin" too) and rejected it: surnames collide exactly for the most
    covered people (Donald/Ivanka/Melania Trump, Joe/Hunter Biden, Boris/Dwayne Johnson, Kim, Lee,
    Li), which would silently merge counts, and it would re-key every stored person. Instead a
    single-word PERSON name found in the curated table ``data/entities/people.tsv`` (well-known people
    whose surname alone is unambiguous in news) is keyed by that full name, so "Putin" and
    "Vladimir Putin" both give ``person:vladimir_putin`` and existing full-name keys do not change.
    An unknown lone surname keeps its own key (``person:opelka``): a merge we cannot justify is worse
    than a split we can see.

    Args:
        label: The entity label, e.g. "PERSON".
        canonical: The canonical name, e.g. "Vladimir Putin".

    Returns:
        A key such as ``"person:vladimir_putin"``.

    >>> entity_key("PERSON", "Vladimir Putin")
    'person:vladimir_putin'
    >>> entity_key("PERSON", "Putin")
    'person:vladimir_putin'
    >>> entity_key("GPE", "U.S.")
    'gpe:u_s'
    >>> entity_key("ORG", "McDonald's")
    'org:mcdonald'
    """
    # "Moody's" and "Moody" are one firm: the key leaves out a name's final "'s" (as trimming once did).
    slug = _fold(_NAME_S_RE.sub("", canonical))
    if label == "PERSON" and "_" not in slug:
        full = _people().get(slug)
        if full is not None:
            slug = _fold(full)
    if not slug:
        slug = re.sub(r"\W+", "_", canonical.casefold()).strip("_") or "_"
    return f"{label.lower()}:{slug}"


@dataclass(slots=True)
class _Mention:
    text: str
    label: EntityLabel
    start: int
    end: int
    words: tuple[str, ...]
    reliable: bool
    cluster: int = -1
    retagged: bool = False
    """Found by re-tagging a case-normalised copy of an ALL-CAPS line (kept, but not a display name)."""
    cut: bool = False
    """Cut short at a headline's verb or slug: its label was given to a longer span."""


@dataclass(slots=True)
class _Cluster:
    mentions: list[_Mention] = field(default_factory=list)
    alias: _Alias | None = None


def _unreliable_lines(text: str) -> list[tuple[int, int]]:
    """Find ALL-CAPS and headline-style lines, where the small model's entities are unreliable.

    Returns:
        Sorted, non-overlapping (start, end) character ranges.
    """
    return [(a, b) for a, b, _ in _classify_lines(text)]


# What makes a line of capitalised words a results row, not a headline: it ends with a figure, and a
# rank or a score stands before its first name ("3. Torsten Vogler … 49.67", "135 Jeff Maggert 68 67")
# or a nation in brackets after a name ("Steffi Graf ( Germany ) beat … 6-2 6-1").
_RANKED_ROW_RE: Final = re.compile(r"^[ \t]*\d+\.?[ \t]+[A-Z]")
_ENDS_WITH_FIGURE_RE: Final = re.compile(r"\d[ \t.]*$")


def _results_row(line: str) -> bool:
    """Tell a results row by its shape: a figure at its end, and a rank first or a country in brackets."""
    if not _ENDS_WITH_FIGURE_RE.search(line):
        return False
    return bool(_RANKED_ROW_RE.match(line)) or any(
        place_key(m.group("name")) in _countries() for m in _BRACKETED_NAME_RE.finditer(line)
    )


def _classify_lines(text: str) -> list[tuple[int, int, bool]]:
    """Like ``_unreliable_lines``, with a flag telling ALL-CAPS lines from headline-style ones.

    A line of results is no headline, though its words are capitalised: its names are written as
    names. It ends with a figure, after a rank or a score before its first name, or a country in
    brackets (``_results_row``); a headline's count ("2 Killed As …") ends with words.
    """
    ranges: list[tuple[int, int, bool]] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        words = re.findall(r"[^\W\d_][\w'’.-]*", line)
        if len(words) < 2:
            continue
        upper = sum(w.isupper() and len(w) > 1 for w in words)
        if upper >= 0.6 * len(words):
            ranges.append((start, start + len(line), True))
            continue
        stripped = line.rstrip()
        if len(words) > _HEADLINE_MAX_WORDS or not stripped or stripped[-1] in '.!?"”’:;,)':
            continue
        if _results_row(line):
            continue  # names, nations, figures ("3. Torsten Vogler ( Germany ) 49.67")
        content = [w for w in words if len(w) > 3]
        if len(content) >= 3 and sum(w[0].isupper() for w in content) >= 0.8 * len(content):
            ranges.append((start, start + len(line), False))
    return ranges


def _title_case(line: str, lower_words: frozenset[str] = frozenset()) -> str:
    """Truecase an ALL-CAPS line without changing its length, so character offsets still match.

    A word goes lower case when the article uses it in lower case elsewhere (``lower_words``) or it
    is a function word or auxiliary ("in", "will"); acronyms of the alias table ("US", "EU") keep
    their capitals; every other word is title-cased, since it may be a name.
    """
    aliases = _aliases()

    def word(m: re.Match[str]) -> str:
        w = m.group()
        if w.lower() in aliases and len(w) <= 5 and w.isupper():
            return w
        if m.start() > 0 and (w.lower() in _SMALL_WORDS or w.lower() in lower_words):
            out = w.lower()
        else:
            out = w[:1].upper() + w[1:].lower()
        # Some characters change length with case ("İ".lower()); keep those as they are.
        return out if len(out) == len(w) else w

    return re.sub(r"[^\W\d_]+", word, line)


_LINE_SKIPS: Final = ("parser",)
"""Components a re-read line does without: its tags and entities are read, never its parse."""


def _tag_lines(nlp: Language, lines: Sequence[str]) -> list[Doc]:
    """Tag and NER copies of single lines (the parser, the costliest component, does not run)."""
    return list(nlp.pipe(lines, disable=[name for name in _LINE_SKIPS if name in nlp.pipe_names]))


def _retag_caps(
    doc: Doc, nlp: Language, ranges: list[tuple[int, int, bool]], rules: Collection[str], lowered: Sequence[Doc]
) -> list[list[_Mention]]:
    """Tag ALL-CAPS lines again and map the entities back to ``doc`` offsets.

    Two readings of each line: a title-cased copy (the model finds most names there, but runs them on
    into the words after them) and the lower-cased copy in ``lowered`` (one per line of ``ranges``;
    the model finds fewer names there, the ones it knows whatever their case: "china", "united
    nations"). ``_merge_readings`` settles where they overlap.

    Returns:
        The mentions of each reading: title-cased, then lower-cased.
    """
    caps = [(lo, hi) for lo, hi, is_caps in ranges if is_caps]
    if not caps:
        return []
    lower_words = frozenset(t.text for t in doc if t.text.islower() and t.is_alpha)
    text = doc.text  # spaCy joins every token for each ``Doc.text``: once here
    texts = [_title_case(text[lo:hi], lower_words) for lo, hi in caps]
    readings = [list(zip(caps, _tag_lines(nlp, texts), strict=True))]
    if "lowercase_reading" in rules:
        readings.append([((lo, hi), low) for (lo, hi, is_caps), low in zip(ranges, lowered, strict=True) if is_caps])
    return [_map_reading(doc, reading, rules) for reading in readings]


def _map_reading(doc: Doc, reading: Sequence[tuple[tuple[int, int], Doc]], rules: Collection[str]) -> list[_Mention]:
    """The entities of re-tagged copies of lines, as mentions at the lines' offsets in ``doc``."""
    out: list[_Mention] = []
    for (lo, hi), sub in reading:
        if len(sub.text) != hi - lo:
            continue  # a case change altered the length: offsets would not match
        for ent in sub.ents:
            if ent.label_ not in KEPT_LABELS or ("title_fragments" in rules and _is_title_fragment(ent)):
                continue
            bounds = _trim(ent, rules)
            if bounds is None:
                continue
            a, b = sub[bounds[0]].idx, sub[bounds[1] - 1].idx + len(sub[bounds[1] - 1])
            span = doc.char_span(lo + a, lo + b, alignment_mode="expand")
            if span is None:
                continue
            label = cast(EntityLabel, ent.label_)
            mention = _make_mention(doc, span.start, span.end, label, reliable=False, trim="trim" in rules)
            if mention is not None:
                mention.retagged = True
                out.append(mention)
    return out


def _headline_verbs(lines: Sequence[tuple[int, int]], lowered: Sequence[Doc]) -> frozenset[int]:
    """Where the verbs of ALL-CAPS and headline lines start (character offsets in ``doc``).

    Case tells the tagger nothing on such lines, so a lower-cased copy of each (``lowered``) is
    tagged; a word that is also a first name ("will", "mark", "grant") is not taken for a verb there.
    """
    first_names = _first_names()
    return frozenset(
        lo + t.idx
        for (lo, hi), low in zip(lines, lowered, strict=True)
        if len(low.text) == hi - lo  # lower() kept the length, so offsets match
        for t in low
        if (t.tag_.startswith("VB") or t.tag_ == "MD") and t.text not in first_names
    )


_DASHES: Final = frozenset({"-", "–", "—", "--"})


def _cut_headline_name(doc: Doc, m: _Mention, verbs: frozenset[int], trim: bool) -> _Mention | None:
    """Cut a name on an ALL-CAPS or headline line where headline syntax says it ends.

    A headline's verb is no part of a name ("PAKISTAN AGREE" -> "PAKISTAN"; a "name" that starts
    with one is none), and a spaced dash separates the wire's topic slug from the headline
    ("GOLF - MCALLISTER" -> "MCALLISTER"): names are hyphenated without spaces.
    """
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    start, end = span.start, span.end
    for tok in span[:-1]:
        if tok.text in _DASHES and tok.whitespace_ and tok.i > 0 and doc[tok.i - 1].whitespace_:
            start = tok.i + 1
    if doc[start].idx in verbs:
        return None
    after = doc[end] if end < len(doc) else None
    at_line_start = start == 0 or "\n" in doc[start - 1].whitespace_ or doc[start - 1].is_space
    if at_line_start and after is not None and after.text in _DASHES and after.whitespace_:
        return None  # the slug itself: a topic ("SOCCER"), not a name
    end = next((t.i for t in doc[start + 1 : end] if t.idx in verbs), end)
    if (start, end) == (span.start, span.end):
        return m
    cut = _make_mention(doc, start, end, m.label, reliable=False, trim=trim)
    if cut is not None:
        cut.retagged, cut.cut = m.retagged, True
    return cut


def _in_ranges(ranges: Sequence[tuple[int, int]], starts: Sequence[int], offset: int) -> bool:
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and ranges[i][0] <= offset < ranges[i][1]


def _strip_title(words: list[str]) -> int:
    """Return how many leading words of a name are a title ("Secretary of State", "Mr.")."""
    lowered = [w.lower() for w in words]
    for phrase in _titles_by_first().get(lowered[0] if lowered else "", ()):
        n = len(phrase)
        if n < len(lowered) and tuple(lowered[:n]) == phrase:
            return n
    return 0


def _is_title_fragment(ent: Span) -> bool:
    """Tell whether an entity is only part of a title, like "State" in "Secretary of State"."""
    doc = ent.doc
    for phrase in _titles_by_last().get(ent[-1].lower_, ()):
        n = len(phrase)
        if n <= len(ent):
            continue
        lo = ent.end - n
        if lo < 0 or lo > ent.start:
            continue
        if tuple(t.lower_ for t in doc[lo : ent.end]) == phrase:
            return True
    return False


def opens_clause(token: Token) -> bool:
    """Whether ``token`` is the first word of its sentence or of a quote or bracket."""
    if token.i == 0 or token.is_sent_start:
        return True
    before = token.nbor(-1)
    return bool(before.is_quote or before.is_left_punct)


_ELIDED_ARTICLES: Final = frozenset({"l'", "l’"})
_ERA_MARKERS: Final = frozenset({"BC", "BCE", "AD", "CE", "B.C.", "A.D.", "B.C.E.", "C.E."})
_ERA_UNITS: Final = frozenset({"century", "centuries", "millennium", "millennia"})


def _era_marker(doc: Doc, start: int, end: int) -> bool:
    """Tell an era's letters after a year or a century ("1000 BC", "the 5th century BCE") from a name."""
    if end - start != 1 or doc[start].text not in _ERA_MARKERS or start == 0:
        return False
    before = doc[start - 1]
    return before.like_num or before.lower_ in _ERA_UNITS


def _opens_participle_clause(token: Token) -> bool:
    """Whether ``token`` is a participle opening its sentence with its phrase after it: "Abordant le dossier, …"."""
    return (
        opens_clause(token)
        and token.pos_ == "VERB"
        and bool(set(token.morph.get("VerbForm", [])) & {"Part", "Ger"})
        and any(c.i > token.i and c.dep_ != "punct" for c in token.children)
    )


def _governs_rest(token: Token, end: int) -> bool:
    """Whether ``token`` is a gerund opening its clause and taking the rest of the span (up to ``end``) as its object.

    The object's phrase holds the rest of the span, its head inside or after it ("Removing Kenji
    Watanabe from the board", "Waving Venezuelan flags, …"). Its own phrase must go on after the
    span: not the title "Finding Nemo"; and it must open a sentence or a quote: in "the rights to
    Raising Arizona from Disney" the title stays whole.
    """
    children = list(token.children)
    return (
        opens_clause(token)
        and token.tag_ == "VBG"
        and any(c.dep_ == "dobj" and c.left_edge.i == token.i + 1 and c.right_edge.i >= end - 1 for c in children)
        and any(c.i >= end and c.dep_ != "punct" for c in children)
    )


_INVERTED_SPEECH_VERBS: Final = frozenset({"said", "says", "added", "adds", "asked", "asks", "wrote", "writes"})


def _inverted_speech_verb(token: Token, end: int) -> bool:
    """Whether ``token`` is a speech verb opening a sentence before its subject and a colon ('Said Herrera: "…"').

    News sets the verb before a quote's speaker so; the name tagged with it ("Said Herrera") is the
    name after it, once the text names that surname elsewhere, as a word of its own and not after
    such a verb ("Campaign manager Dwight Herrera"). A name of the same letters goes on without the
    colon ("Said Jalili told …"), and a transcript's 'Said Jalili: "…"' names nobody else "Jalili".
    """
    doc = token.doc
    if not (
        doc.lang_ == "en"
        and token.is_title
        and opens_clause(token)
        and token.lower_ in _INVERTED_SPEECH_VERBS
        and end < len(doc)
        and doc[end].text == ":"
    ):
        return False
    surname = doc[end - 1].text
    return any(t.text == surname and not token.i < t.i < end and not _inverted_speech_verb_before(t) for t in doc)


def _inverted_speech_verb_before(token: Token) -> bool:
    """Whether a "Said"/"Added" … opens the name ``token`` ends ("Said Jalili"): a transcript's turn, no mention."""
    doc = token.doc
    lo = token.i
    while lo > 0 and doc[lo - 1].is_title and doc[lo - 1].lower_ not in _INVERTED_SPEECH_VERBS and token.i - lo < 3:
        lo -= 1
    return lo > 0 and doc[lo - 1].lower_ in _INVERTED_SPEECH_VERBS and doc[lo - 1].is_title


def _trim(ent: Span, rules: Collection[str] = DEFAULT_RULES) -> tuple[int, int] | None:
    """Trim an entity span to its name: drop "the", titles, possessives, scores and stray punctuation.

    Returns:
        Token bounds (start, end) in the doc, or None when nothing of a name is left.
    """
    start, end = ent.start, ent.end
    doc = ent.doc
    whole_words = "whole_words" in rules
    if "trim" in rules:
        while start < end and (
            _is_article(doc[start])
            or _french_article(doc[start], ent.label_)
            or doc[start].is_punct
            or doc[start].is_space
        ):
            start += 1
        if end - start == 1 and doc[start].lower_ in _ELIDED_ARTICLES:
            return None  # "L’avocat de la défense": the French model tagged the article alone
        # A person's or organisation's name starts with a capital or a particle ("de Gaulle",
        # "al-Assad"): a lower-case word in front of capitalised ones is the sentence around it
        # ("Dempsey … rang Taylor"). Places keep theirs ("le mont Blanc", "l'île Maurice").
        while (
            start < end - 1
            and ent.label_ in _CAPITALISED_LABELS
            and doc[start].is_alpha
            and doc[start].text.islower()
            and doc[start].lower_ not in _NAME_PARTICLES
            and doc[start + 1].text[:1].isupper()
        ):
            start += 1
        # only on a parse: the copies of ALL-CAPS lines are tagged without one (no token has a dependency)
        if "leading_verb" in rules and start < end and doc[start].dep:
            if end - start == 1 and _opens_participle_clause(doc[start]):
                return None  # "Abordant le dossier de la Somalie, …" tagged PERSON
            while start < end - 1 and _governs_rest(doc[start], end):
                start += 1
                if all(t.tag_ == "JJ" for t in doc[start:end]):
                    return None  # "Waving Venezuelan flags": an adjective of the object is no name
            if end - start > 1 and _inverted_speech_verb(doc[start], end):
                start += 1  # 'Said Herrera: "…"': the verb before its subject
        keep_s = _possessive_in_name(doc, start, end, ent.label_)
        while (
            start < end
            and not keep_s
            and (
                doc[end - 1].text in _POSSESSIVE
                or doc[end - 1].is_punct
                or doc[end - 1].is_space
                or (_is_particle(doc[end - 1]) and not (whole_words and _in_hyphenated_word(doc, end - 1, start)))
            )
        ):
            end -= 1
    if "trim" in rules and ent.label_ in _CAPITALISED_NAME_LABELS:
        # English writes a name's words with capitals: a common noun in lower case after it is the
        # phrase around it ("the [Obama administration]", "the [In2EastAfrica website]")
        while (
            end - start > 1
            and doc[end - 1].tag_ in {"NN", "NNS"}
            and doc[end - 1].text.isalpha()
            and doc[end - 1].text.islower()
            and doc[end - 2].whitespace_  # a word of its own, not the end of "Co-operation"
        ):
            end -= 1
    if "trim" in rules and doc.lang_ == "en":
        # English names and titles capitalise their words: a lower-case verb, determiner, preposition
        # or conjunction at the end is the sentence going on ("[Morrow told] The Canadian Press").
        while (
            end - start > 1
            and doc[end - 1].text.islower()
            and doc[end - 1].tag_ in _NEVER_LAST_TAGS
            and not (whole_words and _in_hyphenated_word(doc, end - 1, start))  # "Moon Jae-in"
        ):
            end -= 1
    if "trailing_numbers" in rules and ent.label_ not in _NUMBERED_LABELS:
        while end - start > 1 and (doc[end - 1].like_num or doc[end - 1].is_punct) and not doc[end - 1].is_alpha:
            end -= 1
    if end - start > 1 and ent.label_ == "PERSON" and "demonyms" in rules and _french_demonym(doc, start):
        start += 1  # "la Zambienne Chileshe Mwansa": her nationality, then her name
    if start < end and ent.label_ == "PERSON" and "person_titles" in rules:
        words = [t.text for t in doc[start:end]]
        if len(words) > 1 and tuple(w.lower() for w in words) in _titles_by_first().get(words[0].lower(), ()):
            return None  # a title of several words alone is nobody's name ("Premier ministre"; "Prince" may be)
        start += _strip_title(words)
        if doc.lang_ == "fr" and end - start > 1 and _is_honorific(doc[start]):
            start += 1  # "M. Denis Sassou Nguesso": in French "M." is "Monsieur" (in English an initial)
    if ent.label_ == "PERSON" and "post_nominals" in rules:
        end = _without_post_nominals(doc, start, end)
    if start >= end:
        return None
    return start, end


def _without_post_nominals(doc: Doc, start: int, end: int) -> int:
    """The end of a person's name before the letters of an office or honour after it ("Aoife Brennan TD")."""
    while end - start > 1 and (
        doc[end - 1].text.replace(".", "") in POST_NOMINALS or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        end -= 1
    return end


def _possessive_in_name(doc: Doc, start: int, end: int, label: str) -> bool:
    """Tell whether an organisation's name ends in "'s" ("Moody's said", "lunch at McDonald's.").

    A possessive "'s" needs a noun phrase after it ("Apple's shares", "the Bay Area's main event");
    one the model put in an organisation's name and that a verb, preposition or punctuation follows
    is part of the name (stores and firms named so).
    """
    if (
        label not in _OWNED_NAME_LABELS
        or end < 2
        or doc[end - 1].text not in _POSSESSIVE
        or doc[end - 1].text in {"'", "’"}
    ):
        return False
    if end >= len(doc):
        return True
    after = doc[end]
    if after.pos_ == "VERB":
        # "Moody's said": a finite verb after a subject; "through Stadia's recommended Chromecast": a
        # participle the tagger read as a verb, after a name that is a preposition's object.
        return after.tag_ in {"VBD", "VBZ", "VBP", "MD"} and not (start > 0 and doc[start - 1].pos_ == "ADP")
    if after.pos_ == "PUNCT":
        return after.text in {".", ",", ";", ":", "!", "?"}
    return after.pos_ in _NOT_OWNED


def _in_hyphenated_word(doc: Doc, i: int, start: int) -> bool:
    """Whether ``doc[i]`` closes a hyphenated word that begins inside the span (``"Jae-in"``)."""
    return i - 1 > start and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_


_NAME_S_RE: Final = re.compile(r"['’][sS]$")
_OWNED_NAME_LABELS: Final = frozenset({"ORG"})
"""Labels of names that may end in "'s" (Moody's, McDonald's, Sotheby's)."""
_NOT_OWNED: Final = frozenset({"AUX", "ADP", "CCONJ", "SCONJ", "ADV", "PART", "SPACE"})
"""Parts of speech that cannot start what a possessive owns: after "Moody's" comes "said", not a noun phrase."""
_CAPITALISED_LABELS: Final = frozenset({"PERSON", "ORG", "PRODUCT", "NORP", "WORK_OF_ART", "EVENT"})
_CAPITALISED_NAME_LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC"})
"""Labels of names written in capitals throughout; a facility's or a work's may end in a common noun
("Kennedy airport", "Gone with the Wind")."""
_NEVER_LAST_TAGS: Final = frozenset({"VBD", "VBZ", "VBP", "MD", "DT", "IN", "CC", "TO", "PRP", "PRP$", "WDT", "WP"})
"""Penn tags of lower-case words that never end an English name: finite verbs and function words."""
_NAME_PARTICLES: Final = frozenset(
    {"de", "del", "della", "der", "den", "di", "da", "das", "do", "dos", "du", "la", "le", "van", "von", "ter",
     "ten", "al", "el", "bin", "ibn", "ben", "bint", "abu", "y", "e", "zu", "af", "av"}
)  # fmt: skip
"""Lower-case words that open or join personal names ("de Gaulle", "bin Salman", "van der Leyen")."""
_NOUN_TAGS: Final = frozenset({"NN", "NNS", "NNP", "NNPS"})
_SYLLABLE_MAX: Final = 5
"""Longest syllable after a hyphen in a romanised given name ("Young-shik", "Dae-young")."""
_MODIFIER_DEPS: Final = frozenset({"amod", "compound", "nmod", "npadvmod", "nummod"})


def _word_after_hyphen(doc: Doc, end: int) -> Token | None:
    """The word a hyphen joined on both sides adds to the token before ``end`` ("Kwok" + "-hing"), if any.

    Not one that modifies the noun after it ("Trump-era tariffs", "the Trump-Biden debate"); a
    punctuation mark between them says the parse hung the name on a noun of its own phrase
    ("Professor Ryoo Kihl-jae, dean of …": "jae" read as a modifier of "dean").
    """
    if end + 1 >= len(doc) or end == 0:
        return None
    hyphen, rest = doc[end], doc[end + 1]
    joined = hyphen.text == "-" and not hyphen.whitespace_ and not doc[end - 1].whitespace_
    modifies_next = (
        rest.dep_ in _MODIFIER_DEPS
        and rest.head.i > rest.i
        and not any(t.is_punct for t in doc[rest.i + 1 : rest.head.i])
    )
    return rest if joined and rest.is_alpha and not modifies_next else None


def _surname_goes_on(doc: Doc, end: int) -> bool:
    """Tell a person's surname that goes on after a hyphen with a capitalised name: "Ocampo" + "-Reyes"."""
    rest = _word_after_hyphen(doc, end)
    return (
        rest is not None
        and rest.is_title
        and rest.pos_ == "PROPN"
        and rest.ent_type_ in {"", "MISC"}  # the French model's MISC is no label of ours
        and not (rest.i + 1 < len(doc) and doc[rest.i + 1].text == "-" and not rest.whitespace_)
    )


def _surname_after(doc: Doc, start: int, end: int) -> bool:
    """Tell a one-word person's name that a surname the model left out follows: "Aleksi" + "Virtanen".

    The next word is a capitalised proper noun outside any entity, one space after the name, and the
    last of its run; it is no company word, no head noun of a named place or thing ("Trump Tower")
    and no title.
    """
    if end - start != 1 or end >= len(doc) or doc[start].whitespace_ != " ":
        return False
    nxt = doc[end]
    word = nxt.lower_
    return (
        nxt.pos_ == "PROPN"
        and nxt.is_title
        and not nxt.ent_type_
        and word not in _COMPANY_WORDS
        and word not in _NAMED_THING_HEADS
        and not is_title_word(word)
        and not (end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and nxt.whitespace_)
        and not (end + 1 < len(doc) and doc[end + 1].text == "-" and not nxt.whitespace_)
    )


def _name_goes_on(doc: Doc, end: int) -> bool:
    """Tell whether the word of a name's last token goes on after a hyphen: "Wong Kwok" + "-hing".

    A lower-case syllable tagged as a singular noun: the rest of one word. A compound the name forms
    ends in a participle, an adjective or a plural ("CBS-operated", "Hong Kong-based",
    "Clinton-haters") or modifies the noun after it ("Trump-era tariffs"), and stays out. A
    syllable that is part of another name, or that another hyphen joins on to the next word, opens
    that name ("UK-al-Sisi": "al-Sisi"; "Kihl-jae-Watanabe").
    """
    rest = _word_after_hyphen(doc, end)
    return (
        rest is not None
        and rest.text.islower()
        and rest.tag_ in _NOUN_TAGS
        and rest.tag_ != "NNS"
        and len(rest.text) <= _SYLLABLE_MAX
        and not rest.ent_type_
        and not (rest.i + 1 < len(doc) and doc[rest.i + 1].text == "-" and not rest.whitespace_)
    )


def _romanised_name(span: Span) -> bool:
    """Tell a romanised "Surname Given-name" ("Bong Young-shik", "Moon Jae-in").

    Two capitalised words, the second two syllables joined by a hyphen, the part after it in lower case.
    """
    words = span.text.split()
    if len(words) != 2 or not words[0].isalpha() or not words[0][:1].isupper():
        return False
    first, _, second = words[1].partition("-")
    return (
        first.isalpha()
        and first[:1].isupper()
        and second.isalpha()
        and second.islower()
        and len(second) <= _SYLLABLE_MAX
    )


def _is_particle(token: Token) -> bool:
    """A lower-case function word, which a name never ends with ("Standard Oil Company of", "Reed and")."""
    return token.is_stop and token.text.islower()


def _french_article(token: Token, label: str) -> bool:
    """A French article in lower case before a name, not part of it ("la France", "le Saguenay", "du Nord").

    A capitalised one is the name's ("Le Monde", "La Rochelle"), wherever it stands. "du" and "des"
    stay before a person's name ("du Bellay").
    """
    if token.doc.lang_ != "fr":
        return False
    return token.text in _FRENCH_ARTICLES or (token.text in {"du", "des"} and label != "PERSON")


_FRENCH_ARTICLES: Final = frozenset({"le", "la", "les", "l'", "l’"})


def _is_article(token: Token) -> bool:
    """A "the" before a name that is not part of it.

    "The" capitalised inside a sentence belongs to the name ("a reporter for The Sunday Times", "in
    The Hague"); at the start of a sentence its capital says nothing, and there it goes, like a
    lower-case "the".
    """
    if token.lower_ != "the":
        return False
    if token.text != "The" or token.i == 0 or token.is_sent_start:
        return True
    before = token.doc[token.i - 1]
    # Without a parse (titles are tagged without the parser) a sentence starts after . ! or ?.
    ends = {".", "!", "?"} if not token.doc.has_annotation("DEP") else set()
    return (
        before.is_space
        or "\n" in before.whitespace_
        or before.is_left_punct
        or before.text in {":", "-", "--", "—", "–", "―"}
        or before.text in ends
    )


def _stray_mark(text: str) -> int | None:
    """Where a quotation mark opens without closing, or closes without opening, inside a name; else None.

    Such a mark ends the name: the tokenizer keeps "‹il" whole, so "Anne Hidalgo’s. ‹il" was one
    person. A nickname's marks open and close inside the name ("Dwayne “The Rock” Johnson").
    """
    for k, c in enumerate(text):
        if k and c in _QUOTE_OPENING and not _QUOTE_CLOSING & set(text[k:]):
            return k
        if k and c in _QUOTE_CLOSING and not _QUOTE_OPENING & set(text[:k]):
            return k
    return None


def _make_mention(
    doc: Doc, start_tok: int, end_tok: int, label: EntityLabel, reliable: bool, *, trim: bool = True
) -> _Mention | None:
    span = doc[start_tok:end_tok]
    if span.end_char - span.start_char > NAME_MAX_CHARS:
        return None
    text = span.text
    lo = span.start_char
    text = text[: _stray_mark(text)]
    if not trim:
        words = tuple(text.split())
        return _Mention(text=text, label=label, start=lo, end=lo + len(text), words=words, reliable=reliable)
    # Possessives glued to the word ("Assad’s" when the tokenizer did not split) and stray marks.
    m = None if _possessive_in_name(doc, start_tok, end_tok, label) else re.search(r"(?:['’][sS]?)$", text)
    if m and m.start() > 0:
        text = text[: m.start()]
    lead = len(text) - len(text.lstrip(_TRIM_CHARS))
    text = text[lead:]
    last = text.split()[-1] if text.split() else ""
    # Keep the final dot of abbreviations ("U.S.", "Corp.") but not a sentence's full stop.
    keep_dot = last.endswith(".") and ("." in last[:-1] or last.lower() in _ORG_SUFFIXES or len(last) <= 3)
    text = text.rstrip(_TRIM_CHARS.replace(".", "")) if keep_dot else text.rstrip(_TRIM_CHARS)
    if not text or not any(c.isalpha() for c in text):
        return None
    start = lo + lead
    words = tuple(text.split())
    return _Mention(text=text, label=label, start=start, end=start + len(text), words=words, reliable=reliable)


def _norm(text: str) -> str:
    """Normalise a surface form for alias lookup and exact matching."""
    return " ".join(text.lower().replace("’", "'").split())


def _org_key(words: Sequence[str]) -> str:
    ws = [w.lower() for w in words]
    while len(ws) > 1 and ws[-1] in _ORG_SUFFIXES:
        ws.pop()
    return " ".join(ws)


def _acronym(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _ACRONYM_SKIP and w[:1].isalpha()).upper()


_DEMONYM_RE: Final = re.compile(
    r"(?:English|Irish|French|Dutch|Welsh|Scots|Cornish|Manx|Norse|Yorkshire|Lancashire|Country)(?:wo)?m[ae]n"
)
"""Nouns for a person of a nation or county, made of its adjective and "man"/"woman" ("Irishman", "Dutchwomen")."""
_DEMONYM_NOUNS: Final = frozenset(
    "Spaniard Briton Swede Dane Pole Turk Scot Icelander Luxembourger Serb Croat Kurd".split()
)
"""English nouns for a person of a nation that are no adjective ("Spaniard"; "Kenyan" is both, as the model knows)."""
_NOT_NAME_OPENERS: Final = frozenset({"Serb", "Croat", "Kurd"})
"""Demonym nouns that also open names as adjectives ("Serb Republic", "Croat Defence Council")."""
_GIVEN_DEMONYMS: Final = frozenset({"Dane", "Scot", "Turk", "Swede"})
"""Demonym nouns that are given names too ("Dane Cook", "Scot Pollard", "Turk Wendell")."""
_PLACE_HEADS: Final = frozenset({"county", "ferry", "city", "town", "island", "islands", "valley", "bay", "port"})
"""Last words of a place's name that a demonym noun may open ("Dane County", "Briton Ferry")."""
_NOT_A_PERSONS_WORDS: Final = _ORG_HEADS | _NAMED_THING_HEADS | _PLACE_HEADS
"""Words that make a name after a demonym noun a body's or a place's, no person's."""


def _demonym_noun(word: str) -> bool:
    """Tell "Spaniard", "Britons", "Dutchman": an English noun for a person of a nation."""
    return bool(_DEMONYM_RE.fullmatch(word)) or word in _DEMONYM_NOUNS or word.removesuffix("s") in _DEMONYM_NOUNS


# French nouns for a person of a nation or town: capitalised, with a demonym's ending ("Finlandais",
# "Zambienne", "Québécoise", "Marseillais").
_FRENCH_DEMONYM_RE: Final = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ]+(?:ais|aise|ois|oise|ien|ienne|éen|éenne|ain|aine)s?")


def _french_demonym(doc: Doc, i: int) -> bool:
    """Tell "le Finlandais", "la Zambienne": a demonym's form after a lower-case French article.

    A town whose name takes an article writes it with a capital ("Le Havre", "La Rochelle"); a
    lower-case article before a capitalised demonym makes a noun for a person ("a raconté le Finlandais").
    """
    return (
        i > 0
        and doc[i - 1].text in {"le", "la", "les", "du", "des", "au", "aux"}
        and bool(_FRENCH_DEMONYM_RE.fullmatch(doc[i].text))
    )


_PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC"})
_NAMED_ALONE: Final = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
_OFFICE_HEADS: Final = frozenset({"office", "department", "court"})


def _office_holder(doc: Doc, start: int) -> int:
    """Where an office's name begins that is named after its holder ("U.S. Attorney's Office").

    An organisation that begins with "Office", "Department" or "Court", the model having cut off the
    title and its "'s" before it: the title (one capitalised word outside any name: "Attorney",
    "Sheriff") and up to three proper nouns before it ("U.S.", "District"), but no person's name
    ("Trump's Department of Justice" stays).
    """
    if start < 2 or doc[start].lower_ not in _OFFICE_HEADS or not doc[start].is_title:
        return start
    if doc[start - 1].tag_ != "POS":
        return start
    title = doc[start - 2]
    if not title.is_title or title.whitespace_ or title.ent_type_ or title.tag_ not in {"NNP", "NN"}:
        return start
    lo = start - 2
    while lo > max(0, start - 5) and doc[lo - 1].tag_ == "NNP" and doc[lo - 1].ent_type_ not in {"PERSON", "ORG"}:
        lo -= 1
    return lo


# The nouns a language writes in lower case before the name of the domain a ministry runs
# ("ministère des Finances"): with the domain, they are the body's name.
_MINISTRY_NOUNS: Final[Mapping[str, frozenset[str]]] = MappingProxyType({"fr": frozenset({"ministère"})})
_DOMAIN_LINKS: Final = (("des",), ("du",), ("de", "la"), ("de", "l'"), ("de", "l’"), ("d'",), ("d’",), ("de",))


def _domain_link(doc: Doc, at: int) -> int:
    """The length of the "de"/"du"/"de la"/"des" link opening at token ``at`` (0 if none)."""
    for link in _DOMAIN_LINKS:
        if tuple(t.lower_ for t in doc[at : at + len(link)]) == link:
            return len(link)
    return 0


def _ministry_of(doc: Doc, start: int) -> int | None:
    """Where the name of a ministry begins that a name starting at ``start`` is, or is the domain of; else None.

    "[ministère des Finances]" and "ministère des [Finances]" (the model tagged the domain alone).
    """
    nouns = _MINISTRY_NOUNS.get(doc.lang_)
    if not nouns:
        return None
    if doc[start].lower_ in nouns:
        return start
    for k in range(start - 1, max(start - 3, 0) - 1, -1):
        if doc[k].lower_ in nouns:
            return k if _domain_link(doc, k + 1) == start - k - 1 else None
    return None


def _conjoined_domains(doc: Doc, end: int) -> int:
    """The end of a ministry's name over more domains joined by "et" ("… des Finances et du Budget").

    Not over a person ("… et de Gérald Darmanin") nor another body ("… et de la Préfecture de police").
    """
    while end + 1 < len(doc) and doc[end].lower_ == "et" and (link := _domain_link(doc, end + 1)):
        first = k = end + 1 + link
        if k >= len(doc) or doc[k].lower_ in _org_kind_nouns(doc.lang_):
            break  # "… et de la Préfecture de police": another body
        while k < len(doc) and doc[k].is_title and doc[k].ent_type_ != "PERSON":
            k += 1
        if k == first:
            break  # "… et de Gérald Darmanin": a person, or no domain
        end = k
    return end


def _extend_org(doc: Doc, start: int, end: int) -> int:
    """Extend an organisation cut short by the model over "for/of" + capitalised words.

    "United Nations High Commissioner" + "for Human Rights", "People's Movement" + "for the Liberation
    of Angola": a complement of "for" or "of" (maybe after "the") made of capitalised names is the
    name's, even where the model tagged it as a name of its own ("the Liberation of Angola"); once a
    name has such a complement, "and" joins more of it ("American College of Obstetricians" + "and
    Gynecologists"), but not a name of its own ("Bank of England and Barclays"). A person's name never joins, and a place joins only a name that has a
    complement already ("National Union for the Total Independence" + "of Angola"): "Google of
    Mountain View" stays "Google". Nor does a body the model named in full ("Specialist Group" + "of the
    British Computer Society"; "Massachusetts Institute of Technology" + "and Colorado State University").
    """
    linked = any(t.lower_ in {"for", "of"} for t in doc[start:end])
    last = at = end  # the extended end, and how far the words were read
    while at + 1 < len(doc):
        link = doc[at].lower_
        if not (link in {"for", "of"} or (linked and link in {"and", "&"})):
            break
        j = at + 1
        if link in {"for", "of"} and doc[j].lower_ == "the" and j + 1 < len(doc):
            j += 1
        k = j
        while k < len(doc) and doc[k].tag_ in {"NNP", "NNPS"} and doc[k].is_title:
            k += 1
        run = doc[j:k]
        if (
            not len(run)
            or any(t.ent_type_ == "PERSON" for t in run)
            or (not linked and any(t.ent_type_ in _PLACE_LABELS for t in run))
            # a body named in full ("… of the British Computer Society"), or another name after "and"
            or (run[-1].ent_type_ and run[-1].lower_ in _ORG_HEADS | _NAMED_THING_HEADS)
            or (link in {"and", "&"} and any(t.ent_type_ in _NAMED_ALONE for t in run))
        ):
            break
        at, linked = k, linked or link in {"for", "of"}
        if k == len(doc) or doc[k].ent_iob_ != "I":  # never end inside a longer name
            last = k
    return last


def _collect(
    doc: Doc, text: str, quoted: Sequence[tuple[int, int]], nlp: Language | None, rules: Collection[str]
) -> list[_Mention]:
    """Turn the model's entities into trimmed mentions, flagging those on unreliable lines.

    ``text`` is ``doc.text`` and ``quoted`` its quoted spans (``find_quote_marks``), both found once by
    ``tag_entities``.
    """
    classified = [
        (a, b, is_caps)
        for a, b, is_caps in _classify_lines(text)
        if ("caps_lines" if is_caps else "headline_lines") in rules
    ]
    ranges = [(a, b) for a, b, _ in classified]
    starts = [r[0] for r in ranges]
    lowered = _tag_lines(nlp, [text[lo:hi].lower() for lo, hi in ranges]) if nlp is not None else []
    retagged = _retag_caps(doc, nlp, classified, rules, lowered) if nlp is not None and ranges else []
    verbs = _headline_verbs(ranges, lowered) if nlp is not None else frozenset()
    caps = [(a, b) for a, b, is_caps in classified if is_caps] if nlp is not None else []
    caps_starts = [a for a, _ in caps]
    out: list[_Mention] = []
    on_caps: list[_Mention] = []
    absorbed = 0  # the end of the last organisation extended over the names after it
    relabelled = _relabelled(doc)
    for ent in (piece for whole in doc.ents for piece in _split(whole, rules)):
        if ent.start < absorbed:
            continue  # "[People's Movement] for [the Liberation of Angola]": part of the one before
        if ent.label_ not in KEPT_LABELS or ("title_fragments" in rules and _is_title_fragment(ent)):
            continue
        if (
            "honorifics" in rules
            and ent.label_ in _PERSONISH
            and ent.label_ != "PERSON"
            and _after_honorific(ent)
            and not all(t.lower_ in _one_word_titles() or t.text in _PERSON_HONORIFICS for t in ent)
        ):
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        if (
            "honorifics" in rules
            and ent.label_ == "PERSON"
            and (lo := _untagged_after_honorific(doc, ent.start)) < ent.start
        ):
            # "Me Gwenaëlle [Thomas-Kerbrat]": her first name too (not "Mr Xi [China]": no person)
            ent = Span(doc, lo, ent.end, label="PERSON")
        if "honorifics" in rules and ent.label_ == "PERSON" and _after_honorific(ent):
            end, pieces = _honorific_name_end(doc, ent.end)
            if end > ent.end:  # "Me [Olivier] Ricou", "Me [Gwenaëlle] [Thomas-Kerbrat]": one name
                ent = Span(doc, ent.start, end, label="PERSON")
                if pieces:
                    absorbed = max(absorbed, end)
        bounds = _trim(ent, rules)
        if bounds is None:
            continue
        label = cast(EntityLabel, ent.label_)
        lo, hi = bounds
        if "eras" in rules and _era_marker(doc, lo, hi):
            continue
        if "demonyms" in rules and hi - lo == 1 and (_demonym_noun(doc[lo].text) or _french_demonym(doc, lo)):
            label = "NORP"
        if "org_heads" in rules and label == "PERSON" and doc[hi - 1].lower_ in _ORG_HEADS and hi - lo > 1:
            label = "ORG"
        if "extend_org" in rules and label == "ORG":
            hi = _extend_org(doc, lo, hi)
            absorbed = max(absorbed, hi)
            if (holder := _office_holder(doc, lo)) < lo:
                lo = holder  # "[U.S. Attorney's] Office for the Western District of New York"
                while out and out[-1].end > doc[lo].idx:
                    out.pop()
        if "extend_org" in rules and label != "PERSON" and (ministry := _ministry_of(doc, lo)) is not None:
            # "le ministère des [Finances] et du [Budget]": the ministry, named after what it runs
            lo, hi, label = ministry, _conjoined_domains(doc, hi), "ORG"
            absorbed = max(absorbed, hi)
            while out and out[-1].end > doc[lo].idx:
                out.pop()
        if "hyphenated_names" in rules and label in _PERSONISH and _name_goes_on(doc, hi):
            hi += 2
        elif "hyphenated_names" in rules and label == "PERSON" and _surname_goes_on(doc, hi):
            hi += 2  # "Marisol Ocampo" + "-Reyes": a double-barrelled surname
        if "hyphenated_names" in rules and label in _RELABELLED and _romanised_name(doc[lo:hi]):
            label = "PERSON"  # whether the model cut it at the hyphen or not
        if "first_names" in rules and label == "PERSON" and _surname_after(doc, lo, hi):
            hi += 1  # "l'attaquant finlandais [Aleksi] Virtanen": the surname the model left out
        if "first_names" in rules and (label == "PERSON" or label in relabelled) and _first_name_before(doc, lo):
            lo -= 1  # "Attorney General Dolores [Reyes-Brandt]": the given name the model left out
        reliable = not _in_ranges(ranges, starts, ent.start_char)
        mention = _make_mention(doc, lo, hi, label, reliable, trim="trim" in rules)
        if mention is None:
            continue
        if (
            "first_names" in rules
            and mention.label in relabelled
            and _personal_name(mention.words, doc.lang_)
            and not (mention.label == "GPE" and place_key(mention.text) in _places())
        ):
            mention.label = "PERSON"
            if "post_nominals" in rules and (name_end := _without_post_nominals(doc, lo, hi)) < hi:
                # "Eliza Cormack SC" tagged ORG: the letters go as they go from a person's name
                mention = _make_mention(doc, lo, name_end, "PERSON", reliable, trim="trim" in rules) or mention
        if not reliable and nlp is not None:
            mention = _cut_headline_name(doc, mention, verbs, "trim" in rules)
            if mention is None:
                continue
        if caps and _in_ranges(caps, caps_starts, ent.start_char):
            on_caps.append(mention)
        else:
            out.append(mention)
    if caps:
        trim = "trim" in rules
        cut = [
            [c for m in reading if (c := _cut_headline_name(doc, m, verbs, trim)) is not None] for reading in retagged
        ]
        out = sorted(out + _merge_readings([*cut, on_caps]), key=lambda m: m.start)
    if ranges:
        out = _recover_unreliable(doc, out, classified)
    if "common_words" in rules:
        out = _drop_common_words(doc, out)
    if "lowercase" in rules:
        out = [m for m in out if not _not_a_name(doc, m)]
    if "honorifics" in rules or "first_names" in rules:
        out = _add_untagged_names(doc, out, rules)
    if "pronoun_people" in rules:
        out = _pronoun_people(doc, quoted, out)
    if "human_predicates" in rules:
        out = _human_predicates(doc, out)
    if "located_places" in rules:
        out = _located_places(doc, out)
    if "team_roles" in rules:
        out = _team_before_role(doc, out)
    if "event_names" in rules:
        out = _named_events(text, out)
    if "country_names" in rules:
        out = _whole_countries(text, out)
    if "place_heads" in rules:
        out = _named_facilities(doc, _geographic_names(out, doc.lang_))
    if "apposed_kinds" in rules:
        out = _kinds_in_apposition(doc, out)
    if "surnames" in rules:
        out = _add_missed_surnames(doc, text, out)
    if "acronyms" in rules:
        out = _bracketed_acronyms(doc, text, out)
    if "results_teams" in rules:
        out = _results_teams(doc, text, out)
    if "datelines" in rules:
        out = _dated_places(text, out)
    if "caps_lines" in rules:
        out = _source_labels(text, _caps_pieces(text, out))
    if "country_names" in rules:
        out = _bracketed_countries(text, out)
    return _dateline_places(doc, text, out, nlp) if "datelines" in rules else out


# A line of a place in capitals and a date alone, as wire copy heads a story ("BONN 1996-08-31").
_DATED_PLACE_RE: Final = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'’ -]*[A-Z.])[ \t]+\d{4}-\d{2}-\d{2}[ \t]*$", re.MULTILINE
)


def _dated_places(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Make the place of a "BONN 1996-08-31" line a place (GPE) when GeoNames lists it as a town or country."""
    places: list[tuple[int, int, EntityLabel]] = [
        (m.start("place"), m.end("place"), "GPE")
        for m in _DATED_PLACE_RE.finditer(text)
        if _listed_place(key := place_key(m.group("place"))) and key not in _WHEN_WORDS
    ]
    return _replaced(text, mentions, places)


# A piece of an ALL-CAPS line between spaced dashes, the line's start or its end ("PRESS DIGEST - ARGENTINA
# - SEPT 2"): a country alone there is the line's subject or topic.
_CAPS_PIECE_RE: Final = re.compile(
    r"(?:^|(?<=[ \t][-–—][ \t]))(?P<piece>[A-Z][A-Z.'’ ]*[A-Z.])(?=[ \t]+[-–—][ \t]|[ \t]*\.?[ \t]*$)"
)
# A month's short form before a day ("AUG 30", "Sept 2"): a date, no name.
_MONTH_DAY_RE: Final = re.compile(r"(?i:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?[ \t]+\d{1,2}\b")


# A country in brackets after a name, as results give a competitor's nation ("Ernie Els ( South Africa )").
_BRACKETED_NAME_RE: Final = re.compile(r"\([ \t]*(?P<name>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3})[ \t]*\)")


def _bracketed_countries(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Make a country's whole name in brackets a place ("( South Africa )", "(England)"), tagged or not.

    Results give a competitor's nation so ("Ernie Els ( South Africa ) 68"), and news a person's
    ("Senator Jones (U.S.)"); the model may leave it untagged on a line of figures or run it into the
    name before it. A bracket holding only a country's name is that country (GPE), unless a name runs
    across the bracket (read by the other rules).
    """
    found: list[tuple[int, int, EntityLabel]] = [
        (m.start("name"), m.end("name"), "GPE")
        for m in _BRACKETED_NAME_RE.finditer(text)
        if place_key(m.group("name")) in _countries()
        and not any(
            n.start < m.end() and m.start() < n.end and not m.start() <= n.start < n.end <= m.end() for n in mentions
        )
    ]
    return _replaced(text, mentions, found)


def _caps_pieces(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Tag the country that stands alone between spaced dashes on an ALL-CAPS line, and drop a month's short form.

    Wire slugs name their topic as a piece of their own ("PRESS DIGEST - ARGENTINA - SEPT 2"); the
    model may leave it untagged. A piece that is a country's whole name (the country list) is the
    country (GPE). A "name" that is a month's short form before a day is a date: written as a month
    ("Aug 30"), or in capitals on an ALL-CAPS line ("AUG 30"); "DEC 15" in a line of lower case may be
    Digital Equipment.
    """
    found: list[tuple[int, int, EntityLabel]] = []
    caps: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line or line.upper() != line:
            continue
        caps.append((start, pos - 1))
        for m in _CAPS_PIECE_RE.finditer(line):
            if place_key(m.group("piece")) in _countries():
                found.append((start + m.start("piece"), start + m.end("piece"), "GPE"))
    caps_starts = [a for a, _ in caps]
    return [
        m
        for m in _replaced(text, mentions, found)
        if not (_MONTH_DAY_RE.match(text, m.start) and (m.text[:3].istitle() or _in_ranges(caps, caps_starts, m.start)))
    ]


# A line's ALL-CAPS label before a spaced dash, the line going on in lower case ("HURRIYET - Turkish and
# Greek officials will meet …"); and the newspaper of a press digest's slug ("PRESS DIGEST - SPAIN - EL
# PAIS AUG 28").
_SOURCE_LABEL_RE: Final = re.compile(
    r"^[ \t]*(?P<source>[A-Z][A-Z'’&.]*(?:[ \t]+[A-Z][A-Z'’&.]*){0,4})[ \t]+[-–—][ \t]+(?=[^\n]*[a-z])"
)
_DIGEST_PAPER_RE: Final = re.compile(
    r"^[ \t]*PRESS DIGEST[ \t]+[-–—][ \t]+[A-Z][A-Z.'’ ]*?[ \t]+[-–—][ \t]+(?P<source>[A-Z][A-Z'’&. ]*?)[ \t]+"
    r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?[ \t]+\d"
)
# Words of a newspaper's or a broadcaster's name ("SOUTH CHINA MORNING POST", "SKY NEWS").
_PAPER_WORDS: Final = frozenset(
    "times post daily herald news journal gazette tribune express mail telegraph guardian observer chronicle "
    "monde figaro zeitung corriere repubblica pais".split()
)
_KEPT_SOURCE_LABELS: Final = frozenset({"PERSON", "GPE", "LOC", "FAC", "EVENT"})
# A wire story's kind, opening a label that names no source ("ANALYSIS - …", "FACTBOX - …").
_STORY_LABELS: Final = frozenset(
    "update corrected refile factbox analysis interview wrapup wrap preview feature exclusive brief timeline "
    "column breakingviews rpt urgent flash editorial opinion review obituary profile explainer insight "
    "scenarios diary newsmaker focus chronology background highlights text table poll quotes photo photos "
    "video breaking top world latest business national local international".split()
)


def _source_labels(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Tag the source a line names before a dash as a newspaper or agency (ORG).

    Press digests give each item its paper in capitals ("HURRIYET - Turkish and Greek officials …",
    "PRESS DIGEST - SPAIN - EL PAIS AUG 28"): in a text that says it is a press digest, and elsewhere
    where the label holds a paper's word ("SOUTH CHINA MORNING POST - …"), such a label is a source.
    Other capitals before a dash are a wire's sections and slugs ("GLOBAL MARKETS - …", "US STOCKS -
    …") or a dateline's place. A label opening with a story's kind ("FACTBOX - …") is no name. A
    place, an event or a person the model found in the whole label, and a name running past it, stay
    as they are; pieces the model made of it go ("SOUTH CHINA MORNING" EVENT + "POST").
    """
    digest = "PRESS DIGEST" in text
    found: list[tuple[int, int, EntityLabel]] = []
    labels: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        label = _DIGEST_PAPER_RE.match(line) or (_SOURCE_LABEL_RE.match(line) if line.upper() != line else None)
        if label is None or _SPORT_SLUG_RE.match(line):
            continue
        words = [w.lower().strip(".") for w in label.group("source").split()]
        a, b = start + label.start("source"), start + label.end("source")
        if words[0] in _STORY_LABELS:
            labels.append((a, b))
        elif (digest or any(w in _PAPER_WORDS for w in words)) and all(
            a <= m.start and m.end <= b and not (m.label in _KEPT_SOURCE_LABELS and (m.start, m.end) == (a, b))
            for m in mentions
            if m.start < b and m.end > a
        ):
            found.append((a, b, "ORG"))
    kept = [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in labels)] if labels else mentions
    return _replaced(text, kept, found)


# Words a dated line may open with that GeoNames also lists as towns ("MARCH 2024-03-01", "SPRING").
_WHEN_WORDS: Final = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday spring summer autumn fall winter date updated posted".split()
)


# A line of sports results, read before its first full stop ("… ( Brandl 33 ) . Halftime 2-1 .
# Attendance 24,500") with its bracketed parts (scorers, "( Yeboah 28 )") blanked: a score line is a
# label ("Halftime :", "At Headingley :"), then two sides, each a name and its score, a cricket
# side's with wickets and a second innings ("Yorkshire 302 and 120-3 ; Lancashire 245"); a standings
# row is an optional rank, a name and four or more figures ("3. Barcelona 5 4 1 0 12 3 13",
# "BALTIMORE 70 63 .526 4 1/2"). Names are capitalised words and a few particles; a line with
# decimals or times ("9.98", "2:01") is not one.
_TEAM_WORDS: Final = r"[^\W\d_][\w.'’&-]*(?:[ \t]+(?:[^\W\d_][\w.'’&-]*|of|de|la|and|&)){0,4}"
_SIDE_SCORE: Final = r"\d{1,3}(?:-\d{1,2}|[ \t]+for[ \t]+\d{1,2})?(?:[ \t]+and[ \t]+\d{1,3}(?:-\d{1,2})?)?"
_SCORE_LINE_RE: Final = re.compile(
    rf"^[ \t]*(?:[^\W\d_][^:\n\d]*:[ \t]*)?(?P<a>{_TEAM_WORDS})[ \t]+{_SIDE_SCORE}[ \t]*(?:;[ \t]*)?"
    rf"(?P<b>{_TEAM_WORDS})[ \t]+{_SIDE_SCORE}[ \t.]*$"
)
_STANDINGS_RE: Final = re.compile(
    rf"^[ \t]*(?:\d{{1,3}}\.?[ \t]+)?(?P<a>{_TEAM_WORDS})(?:[ \t]+(?:-?\d{{1,3}}|\.\d{{3}}|\d+/\d+|-)){{4,}}[ \t.]*$"
)
_FULL_STOP_RE: Final = re.compile(r"\.[ \t]+(?=[A-Z])")
_CRICKET_SCORE_RE: Final = re.compile(r"\d-\d|\d[ \t]+(?:for|and)[ \t]+\d")
_BRACKETED_RE: Final = re.compile(r"\([^()\n]*\)")
# A scorer in a score line's brackets: a name (initials allowed) before the minute or the runs.
_SCORER_RE: Final = re.compile(r"(?:[A-Z]\.[ \t]*){0,3}[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2}(?=[ \t]+\d)")
_SCORE_RE: Final = re.compile(r"(?<![\d-])\d{1,2}-\d{1,2}(?![\d-])")
# The forms of the verbs a result is told with (the pipeline's parse has no lemmatizer).
_RESULT_VERBS: Final = frozenset(
    "beat beats beating beaten defeat defeats defeated draw draws drew drawn drawing lose loses lost losing win "
    "wins won edge edges edged rout routs routed thrash thrashed hammer hammered hold holds held overcome overcame "
    "crush crushed down downed trounce trounced stun stunned upset sink sank shock shocked outclass outclassed".split()
)
_TEAM_PREPS: Final = frozenset({"with", "to", "over", "against", "by"})
# The slug of a wire sports headline ("SOCCER - FIORENTINA SINK PARMA ."), and the sports played by teams.
_SPORT_SLUG_RE: Final = re.compile(
    r"^[ \t]*(?P<sport>SOCCER|AMERICAN FOOTBALL|AUSTRALIAN RULES|FOOTBALL|CRICKET|RUGBY UNION|RUGBY LEAGUE|RUGBY|"
    r"BASEBALL|BASKETBALL|ICE HOCKEY|HOCKEY|HANDBALL|VOLLEYBALL|WATER POLO|TENNIS|TABLE TENNIS|BADMINTON|SQUASH|"
    r"GOLF|ATHLETICS|CYCLING|MOTOR RACING|MOTORCYCLING|BOXING|HORSE RACING|ALPINE SKIING|NORDIC SKIING|SKIING|"
    r"SPEED SKATING|FIGURE SKATING|SWIMMING|ROWING|SAILING|YACHTING|SNOOKER|DARTS|GYMNASTICS|WRESTLING|JUDO|"
    r"FENCING|TRIATHLON|CHESS)[ \t]+[-–—][ \t]+(?=\S)",
    re.MULTILINE,
)
_TEAM_SPORTS: Final = frozenset(
    {"SOCCER", "AMERICAN FOOTBALL", "AUSTRALIAN RULES", "FOOTBALL", "CRICKET", "RUGBY UNION", "RUGBY LEAGUE", "RUGBY",
     "BASEBALL", "BASKETBALL", "ICE HOCKEY", "HOCKEY", "HANDBALL", "VOLLEYBALL", "WATER POLO"}
)  # fmt: skip


@cache
def _countries() -> frozenset[str]:
    """Countries and sports nations (``data/entities/countries.txt``, from GeoNames), as ``place_key`` writes them."""
    text = resources.files("pipeline").joinpath("data/entities/countries.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _listed_place(key: str) -> bool:
    """Tell whether GeoNames lists a name (as ``place_key`` writes it) as a town or a country."""
    return key in _places() or key in _countries()


# A ranked results row with the competitor's team between their nation and a time, as motor racing and
# cycling give it ("4. Jean Alesi ( France ) Benetton 1:17.855", "BMC 4:32:10"); not a record's mark
# ("WR"), a boat's class or an event ("K1 500m") before the result (``_team_name``).
_RANKED_TEAM_RE: Final = re.compile(
    r"^[ \t]*\d{1,3}\.?[ \t]+[A-Z][^()\n\d]*\([ \t]*(?P<nation>[A-Z][\w.'’ -]*?)[ \t]*\)[ \t]*"
    r"(?P<team>[A-Z][\w'’&.-]*(?:[ \t]+[A-Z][\w'’&.-]*){0,2})[ \t]+(?:\d{1,2}:\d|\d+[ \t]+hours?\b)"
)


# What stands between a nation and a result without being a team: a record's mark ("WR", "=NR"), a
# boat's class or an event's distance ("K1", "C2", "500m").
_RESULT_MARK_RE: Final = re.compile(r"=?(?:[WONECA]R|PB|SB|WB|WL|[KC]\d+|\d+m)", re.IGNORECASE)


def _team_name(name: str) -> bool:
    """Tell whether the words before a ranked row's time may be a team's: no country and no result's mark."""
    return place_key(name) not in _countries() and not any(_RESULT_MARK_RE.fullmatch(w) for w in name.split())


def _results_teams(doc: Doc, text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Label the teams of sports results: a town's name is its club's (ORG), a country's its team's (GPE).

    Wire services send results as lines of their own: a score line ("Hamburg 2 Werder Bremen 0",
    "Leeds United 1 ( Yeboah 28 ) Chelsea 0", the scorers in brackets; "Yorkshire 302 and 120-3 ;
    Lancashire 245") or a standings row ("Barcelona 5 4 1 0 12 3 13"). Where each name there looks like
    a team's (``_team_like``: a town or a club's word, not "Clinton 48 Trump 44" nor "Yes 52 No 48"),
    its words become one mention, replacing what the model made of them ("Leeds United 1" GPE,
    "Werder" ORG): clubs play clubs and nations nations, so both sides of a score line are GPE when
    both are countries ("Japan 2 Syria 1"), else ORG ("Monaco 1 Bordeaux 1"); the names in its
    brackets are players (PERSON). Under a sport's slug ("SOCCER - FIORENTINA SINK PARMA ."), a
    country's name is a place and, in a team sport, a town's a club. In a sentence with a score
    ("3-1"; not "5-10 percent", "a 5-4 ruling"), a town GeoNames lists that beat, drew with or lost to
    another is a club ("Stuttgart beat Freiburg 3-1"); a country's name stays a place, and so do a
    state, a people ("Democrats") and the town where it was played ("in Rotterdam"). The two sides of a
    result verb are one kind of team (``_result_sides``).
    """
    found: list[tuple[int, int, EntityLabel]] = []
    people = sorted((m.start, m.end, m.label) for m in mentions if m.label == "PERSON")
    people_starts = [a for a, _, _ in people]
    bodies = sorted((m.start, m.end, m.label) for m in mentions if m.label in {"GPE", "LOC", "FAC", "ORG"})
    bodies_starts = [a for a, _, _ in bodies]
    sporting = _SPORT_SLUG_RE.search(text) is not None  # "SOCCER - ITALIAN FIRST DIVISION RESULTS"
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line or not any(c.isdigit() for c in line):
            continue
        if (team := _RANKED_TEAM_RE.match(line)) and place_key(team.group("nation")) in _countries():
            if _team_name(team.group("team")):
                found.append((start + team.start("team"), start + team.end("team"), "ORG"))
            continue
        blanked = _BRACKETED_RE.sub(lambda m: " " * len(m.group()), line)
        cut = _results_end(blanked)
        head, blank = line[:cut], blanked[:cut]
        if re.search(r"\d[.,:]\d", blank):
            continue
        row = _SCORE_LINE_RE.match(blank) or _STANDINGS_RE.match(blank)
        if row is None or not all(_capitalised(row.group(g)) for g in ("a", "b") if row.groupdict().get(g)):
            continue
        if row.re is _STANDINGS_RE and line[row.end("a") :].lstrip().startswith("("):
            continue  # "Carlos Mendes ( Brazil ) 72 68 70 - 210": a player and his country
        sides = [(start + row.start(g), start + row.end(g)) for g in ("a", "b") if row.groupdict().get(g)]
        scorers: list[tuple[int, int, EntityLabel]] = [
            (start + bracket.start() + scorer.start(), start + bracket.start() + scorer.end(), "PERSON")
            for bracket in _BRACKETED_RE.finditer(head)
            for scorer in _SCORER_RE.finditer(bracket.group())
        ]
        # Scorers in brackets or a cricket score ("120-3", "245 for 6", "302 and 120-3") tell a match;
        # without them the names must look like teams: "Clinton 48 Trump 44", "Yes 52 No 48" and "Tiger
        # Woods 68 70 72 69" are a poll, a vote and a player, and "Bush 271 Gore 266" people the model knows.
        if not (scorers or _CRICKET_SCORE_RE.search(blank)) and not _teams_by_look(
            text, sides, (people, people_starts), (bodies, bodies_starts), row, sporting
        ):
            continue
        if any(_personal_name(text[a:b].split()) for a, b in sides):
            continue
        nations = all(place_key(text[a:b]) in _countries() for a, b in sides)
        found += [(a, b, "GPE" if nations else "ORG") for a, b in sides]
        found += scorers
        if (venue := _VENUE_LABEL_RE.match(line)) and _listed_place(place_key(venue.group("venue"))):
            found.append((start + venue.start("venue"), start + venue.end("venue"), "GPE"))
    mentions = _sport_headlines(text, _replaced(text, mentions, found))
    if _SCORE_RE.search(text) is not None:
        mentions = _scored_towns(doc, mentions)
    _result_sides(doc, mentions)
    return mentions


def _scored_towns(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Make a town GeoNames lists that is a side of a result told with a score a club (ORG), tagged or not."""
    for m in mentions:
        if m.label == "GPE" and (key := place_key(m.text)) in _places() and key not in _countries():
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and _a_side(span.root):
                m.label = "ORG"
    starts = [m.start for m in mentions]
    added = []
    for tok in doc:
        # A town the model left untagged ("Stuttgart beat Freiburg 3-1"): only one GeoNames lists.
        if tok.pos_ != "PROPN" or tok.dep_ == "compound" or not _a_side(tok):
            continue
        lo = min((c.i for c in tok.children if c.dep_ == "compound" and c.i < tok.i), default=tok.i)
        span = doc[lo : tok.i + 1]
        key = place_key(span.text)
        k = bisect.bisect_right(starts, span.start_char) - 1
        if k >= 0 and mentions[k].end > span.start_char or key not in _places() or key in _countries():
            continue
        added.append(_Mention(span.text, "ORG", span.start_char, span.end_char, tuple(span.text.split()), True))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


# Words a club's name holds besides its town's ("Leeds United"; "Werder Bremen" holds "Bremen").
_CLUB_WORDS: Final = frozenset(
    "united city town rovers athletic athletico atletico wanderers albion rangers county fc afc cf sc ac as "
    "hotspur villa forest palace sporting real dynamo dinamo olympique olympic borussia inter celtic".split()
)


# The venue a score line's label names ("At Chelmsford : Essex 352 …"): a place, no club.
_VENUE_LABEL_RE: Final = re.compile(
    r"[ \t]*(?:At|AT)[ \t]+(?P<venue>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})[ \t]*:"
)


_Spans = tuple[Sequence[tuple[int, int, EntityLabel]], Sequence[int]]
"""Sorted, non-overlapping (start, end, label) spans and their starts, for ``_overlaps``."""


def _teams_by_look(
    text: str, sides: Sequence[tuple[int, int]], people: _Spans, bodies: _Spans, row: re.Match[str], sporting: bool
) -> bool:
    """Tell whether the sides of a results row with no scorers look like teams.

    A side is plainly a team when it looks like one (``_team_like``) and the model tagged no person in
    it. A standings row's one side need only look like a team ("Vicenza 9 6 1 2 15 9 19", Vicenza
    tagged PERSON: no poll has six figures). On a score line one side must plainly be a team and the
    others too, or one word each that the model took for no person ("Hamburg 2 Schalke 1"); a one-word
    "person" is the opponent of a side the model itself tagged as a place or a body ("Lazio 3 Parma 1"
    with Parma tagged a town), not of a town the model left untagged: polls set candidates against
    each other ("Dole 45 Clinton 40", Dole a town), unless a sport's slug in the text says these are
    results ("SOCCER - ITALIAN FIRST DIVISION RESULTS" over "Sampdoria 3 Bari 0"). Where a club's word
    names one side ("Aston Villa", "Leeds United") the sides are clubs whatever the model tagged and
    however they look ("Aston Villa 1 Newcastle 1", Aston Villa tagged PERSON).
    """
    looks = [_team_like(text[a:b]) for a, b in sides]
    if row.re is _STANDINGS_RE:
        return all(looks)
    if any(w.lower().strip(".") in _CLUB_WORDS for a, b in sides for w in text[a:b].split()):
        return True
    people_in = [_overlaps(*people, a, b) for a, b in sides]
    plain = [lk and not person for lk, person in zip(looks, people_in, strict=True)]
    tagged = any(p and _overlaps(*bodies, a, b) for p, (a, b) in zip(plain, sides, strict=True))
    return any(plain) and all(
        p or (len(text[a:b].split()) == 1 and (not person or tagged or sporting))
        for p, person, (a, b) in zip(plain, people_in, sides, strict=True)
    )


def _team_like(name: str) -> bool:
    """Tell whether a name on a results line may be a team's.

    A place GeoNames lists starts or ends it, or a club's word is in it ("Hamburg", "Chelsea", "Werder
    Bremen", "Chicago Cubs", "Leeds United"); never a first name and a surname ("Tiger Woods"), a
    poll's option ("Yes") or a candidate's ("Trump").
    """
    words = name.split()
    if _personal_name(words):
        return False
    return any(w.lower().strip(".") in _CLUB_WORDS for w in words) or any(
        _listed_place(place_key(" ".join(words[:k]))) or _listed_place(place_key(" ".join(words[-k:])))
        for k in range(1, len(words) + 1)
    )


def _overlaps(spans: Sequence[tuple[int, int, object]], starts: Sequence[int], start: int, end: int) -> bool:
    """Tell whether ``[start, end)`` overlaps one of ``spans`` (sorted, not overlapping; ``starts`` their starts)."""
    k = bisect.bisect_left(starts, end) - 1  # the last span starting before ``end``
    return k >= 0 and spans[k][1] > start


def _replaced(text: str, mentions: list[_Mention], found: Sequence[tuple[int, int, EntityLabel]]) -> list[_Mention]:
    """``mentions`` with the spans of ``found`` (start, end, label) in place of those they overlap, in order."""
    if not found:
        return mentions
    found = sorted(found)
    starts = [a for a, _, _ in found]
    kept = [m for m in mentions if not _overlaps(found, starts, m.start, m.end)]
    for a, b, label in found:
        name = text[a:b]
        kept.append(_Mention(text=name, label=label, start=a, end=b, words=tuple(name.split()), reliable=True))
    return sorted(kept, key=lambda m: m.start)


def _results_end(line: str) -> int:
    """Where a results line's first sentence ends, its first full stop after a score or a bracket.

    "… 1 ( Brandl 33 ) . Attendance 24,500" ends before " . Attendance"; a rank's stop ("3. Newcastle")
    and an abbreviation's ("St. Louis") end nothing.
    """
    for m in _FULL_STOP_RE.finditer(line):
        before = line[: m.start()].rstrip()
        if before.endswith(")") or (before[-1:].isdigit() and any(c.isalpha() for c in before)):
            return m.start()
    return len(line)


def _capitalised(name: str) -> bool:
    """Tell whether each word of a name but its particles starts with a capital ("Werder Bremen"; not "for")."""
    return all(w[0].isupper() for w in name.split() if w not in {"of", "de", "la", "and", "&"})


def _sport_headlines(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Under a sport's slug a country's name is its team's (GPE), in a team sport a town's its club's (ORG).

    Not a town after "IN" or "AT", where it was played ("FIORENTINA SINK PARMA IN FLORENCE"). The slug
    itself ("HORSE RACING", "ICE HOCKEY") is no name. A word of the headline in capitals the model left
    untagged that GeoNames lists is read the same way ("SOCCER - LEEDS HOLD CHELSEA TO DRAW ."), not
    "HIT" or "SAY", which are towns too.
    """
    slugs = [(m.start(), m.end(), _line_end(text, m.end()), m.group("sport")) for m in _SPORT_SLUG_RE.finditer(text)]
    if not slugs:
        return mentions
    sides = [p for _, b, end, sport in slugs for p in _headline_sides(text, b, end, sport, mentions)]
    mentions = [m for m in _replaced(text, mentions, sides) if not _counted(m, slugs)]
    kept = []
    slug_starts = [a for a, _, _, _ in slugs]
    for m in mentions:
        k = bisect.bisect_right(slug_starts, m.start) - 1
        if k < 0:
            kept.append(m)
            continue
        a, b, line_end, sport = slugs[k]
        if m.start >= line_end:
            kept.append(m)
            continue
        if m.start < b:
            continue  # the slug's words
        if (label := _headline_team(text, a, m.start, m.text, sport)) is not None:
            m.label = label
        kept.append(m)
    starts = [m.start for m in kept]
    added = []
    for a, b, line_end, sport in slugs:
        for word in _CAPS_WORD_RE.finditer(text, b, line_end):
            k = bisect.bisect_right(starts, word.start()) - 1
            if (k >= 0 and kept[k].end > word.start()) or word.group().lower() in _NOT_HEADLINE_TEAMS:
                continue
            if (label := _headline_team(text, a, word.start(), word.group(), sport)) is not None:
                added.append(_Mention(word.group(), label, word.start(), word.end(), (word.group(),), True))
    return sorted(kept + added, key=lambda m: m.start) if added else kept


# The verbs a sports headline's subject comes before ("NADAL ADVANCES", "LINDSAY AND PRETORIUS SHARE").
_HEADLINE_VERBS: Final = frozenset(
    """WIN WINS WON TAKE TAKES LEAD LEADS BEAT BEATS UPSET UPSETS SMASH SMASHES BREAK BREAKS RETAIN RETAINS KEEP
    KEEPS ADVANCE ADVANCES CLINCH CLINCHES CLAIM CLAIMS SET SETS EQUAL EQUALS HOLD HOLDS RETIRE RETIRES SIGN SIGNS
    SHARE SHARES REACH REACHES MOVE MOVES STORM STORMS CRUISE CRUISES EASE EASES SURGE SURGES SLIP SLIPS FALL FALLS
    CRASH CRASHES QUIT QUITS OUSTED FINED BANNED SUSPENDED GET GETS GO GOES MAKE MAKES FACE FACES MISS MISSES POST
    POSTS SHOOT SHOOTS CARD CARDS WITHDRAW WITHDRAWS PULL PULLS HIT HITS SAY SAYS STAYS STAY DEFEATS DEFEAT EDGES
    EDGE STUNS STUN OUSTS OUST KNOCKS EXTENDS EXTEND CAPTURES CAPTURE LOSES LOSE DROPS DROP SINK SINKS HELD KNOCKED
    DRAW DRAWS NAME NAMES SUSPEND SUSPENDS SACK SACKS THRASH THRASHES ROUT ROUTS CRUSH CRUSHES HAMMER HAMMERS DOWN
    DOWNS TOPPLE TOPPLES SEAL SEALS SURVIVE SURVIVES LIFT LIFTS""".split()
)
# The verbs of a result, whose object is the other side ("SAMPRAS BEATS BECKER", "FIORENTINA SINK PARMA").
_RESULT_HEADLINE_VERBS: Final = frozenset(
    """BEAT BEATS DEFEAT DEFEATS UPSET UPSETS EDGE EDGES STUN STUNS OUST OUSTS HOLD HOLDS SINK SINKS THRASH
    THRASHES ROUT ROUTS CRUSH CRUSHES HAMMER HAMMERS DOWN DOWNS TOPPLE TOPPLES""".split()
)
# The verbs whose subject in a team sport is a team, not one of its players or staff ("CANTONA SIGNS FOR
# UNITED", "HODDLE NAMES SQUAD" are people's).
_TEAM_HEADLINE_VERBS: Final = _RESULT_HEADLINE_VERBS | frozenset(
    """WIN WINS WON DRAW DRAWS CLINCH CLINCHES HELD KNOCKED LOSE LOSES SEAL SEALS SURVIVE SURVIVES EXTEND EXTENDS
    STAY STAYS EASE EASES CRUISE CRUISES STORM STORMS MOVE MOVES REACH REACHES""".split()
)
# Words that end the object of a result ("BEAT KENT AT CHELMSFORD", "BY SIX WICKETS").
_OBJECT_ENDS: Final = frozenset({"IN", "AT", "BY", "TO", "ON", "FOR", "AFTER", "WITH", "AS", "OF", ","})
# Words no side of a result is called ("TOP SEED FALLS", "FESTINA TEAM QUITS", "PRYCE DOUBLE LIFTS …").
_NOT_PLAYER_WORDS: Final = frozenset(
    """TOP SEED SEEDS RECORD RECORDS RESULTS RESULT CHAMPION CHAMPIONS TEAM TEAMS SQUAD FINAL FINALS WORLD TOUR
    OFFICIALS ORGANISERS ORGANIZERS FEDERATION ASSOCIATION COMMITTEE UNION CLUB RIDERS PLAYERS STARS HOSTS
    HOLDERS FAVOURITE FAVOURITES FAVORITE FAVORITES LEADER LEADERS EUROPE AFRICA ASIA AMERICA AMERICAS OCEANIA
    DOUBLE HAT-TRICK GOAL GOALS PENALTY VICTORY STRIKE LATE RIVAL RIVALS COACH MANAGER FIRST SECOND THIRD
    FOURTH FIFTH BOTH TWO THREE FOUR""".split()
)
_HEADLINE_WORD_RE: Final = re.compile(r"[A-Z][A-Z.'’-]*|,")


def _headline_sides(
    text: str, start: int, end: int, sport: str, mentions: Sequence[_Mention]
) -> list[tuple[int, int, EntityLabel]]:
    """The sides a headline under a sport's slug names: its subject, and the other side of a result.

    The headline's subject is who won or lost: the capitals right before its verb, each name of a list
    joined by "AND" or a comma ("GOLF - LINDSAY AND PRETORIUS SHARE LEAD"); after a verb of a result
    ("BEAT", "SINK", "UPSETS"), the capitals up to a preposition are the other side ("TENNIS - SAMPRAS
    BEATS BECKER IN HANOVER"). A country is its team (GPE); in a team sport another name is a club
    (ORG: "SOCCER - BAYERN MUNICH KNOCKED OUT …", the model having tagged "MUNICH") where the verb is
    a team's (a result, "WIN", "DRAW", "CLINCH", not "SIGNS", "NAMES") and the name looks like a club
    or the model tagged it as an organisation or a place (not "KLINSMANN DOWNS BAYERN", a person, nor
    "SHEARER WINS …", untagged); in a sport of one competitor a player (one or two words). Not words
    no side is called ("TOP SEED FALLS", "FESTINA TEAM QUITS", "PRYCE DOUBLE LIFTS EVERTON"), a
    continent ("EUROPE WIN RYDER CUP"), nor what the model tagged a nation or an event inside it
    ("KENYANS TAKE …"), nor a player where it tagged a place; a subject with no verb after it is left
    alone ("U.S. OPEN ENDS IN RAIN", "IAAF TO BAN …"), and so is a line with a colon. Each side replaces what the model tagged over it ("NADAL ADVANCES" as one
    organisation, "ZEALAND CLINCH SERIES").
    """
    if sport == "HORSE RACING" or ":" in text[start:end]:
        return []
    team = sport in _TEAM_SPORTS
    most = 3 if team else 2
    words = list(_HEADLINE_WORD_RE.finditer(text, start, end))
    verb = next((k for k, w in enumerate(words) if w.group() in _HEADLINE_VERBS), None)
    if verb is None or (team and words[verb].group() not in _TEAM_HEADLINE_VERBS):
        return []  # no verb ("CYCLING - TOUR DE FRANCE RESULTS"), or a player's ("CANTONA SIGNS FOR UNITED")
    found = _headline_names(text, words[:verb], team, most, mentions)
    if not found:
        return []
    if words[verb].group() in _RESULT_HEADLINE_VERBS:
        after = words[verb + 1 :]
        stop = next((k for k, w in enumerate(after) if w.group() in _OBJECT_ENDS), len(after))
        found += _headline_names(text, after[:stop], team, most, mentions)
    return found


def _over(mentions: Sequence[_Mention], a: int, b: int) -> bool:
    """Tell whether the model ran an organisation or a place over ``a:b`` and on ("ZEALAND CLINCH SERIES")."""
    return any(m.start < b < m.end and m.label in {"ORG", "GPE", "LOC", "EVENT", "WORK_OF_ART"} for m in mentions)


def _headline_names(
    text: str, words: Sequence[re.Match[str]], team: bool, most: int, mentions: Sequence[_Mention]
) -> list[tuple[int, int, EntityLabel]]:
    """The names of one side of a sports headline (``_headline_sides``), or none if any of them is no name."""
    names: list[list[re.Match[str]]] = [[]]
    for word in words:
        if word.group() in {"AND", ","}:
            names.append([])
        elif word.group() in _NOT_PLAYER_WORDS or len(names[-1]) == most:
            return []
        else:
            names[-1].append(word)
    found: list[tuple[int, int, EntityLabel]] = []
    for name in names:
        if not name:
            return []
        a, b = name[0].start(), name[-1].end()
        if text[a:b].count(" ") != len(name) - 1:
            return []  # a name is words in a row
        tagged = {m.label for m in mentions if a <= m.start and m.end <= b}  # not one running on past it
        if tagged & {"NORP", "EVENT"} or (not team and tagged & {"GPE", "LOC"}):
            return []
        if team and not _team_like(text[a:b]) and not (tagged & {"ORG", "GPE", "LOC"} or _over(mentions, a, b)):
            return []  # a player's name ("SHEARER WINS PLAYER OF THE YEAR AWARD", "KLINSMANN DOWNS BAYERN")
        label: EntityLabel = "GPE" if place_key(text[a:b]) in _countries() else "ORG" if team else "PERSON"
        if label == "GPE" and not team:
            return []  # a national team where one competes for themself: leave it to the model
        found.append((a, b, label))
    return found


_NUMBER_WORDS: Final = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen twenty".split()
)


def _counted(m: _Mention, slugs: Sequence[tuple[int, int, int, str]]) -> bool:
    """Tell "SIX WICKETS", "TWO GOALS" tagged as a person on a slugged line: a count there opens no name.

    Elsewhere such a word may open a surname ("Ten Cate").
    """
    if m.label != "PERSON" or len(m.words) < 2 or m.words[0].lower() not in _NUMBER_WORDS:
        return False
    return any(b <= m.start < line_end for _, b, line_end, _ in slugs)


def _line_end(text: str, at: int) -> int:
    """Where the line holding offset ``at`` ends (its newline, or the text's end)."""
    end = text.find("\n", at)
    return len(text) if end == -1 else end


_CAPS_WORD_RE: Final = re.compile(r"\b[A-Z][A-Z'’-]{2,}\b")
_NOT_HEADLINE_TEAMS: Final = frozenset({"hit", "say"})


def _headline_team(text: str, line_start: int, start: int, name: str, sport: str) -> EntityLabel | None:
    """The label of a name under a sport's slug: GPE for a country, ORG for a town in a team sport, else None."""
    key = place_key(name)
    venue = text[max(line_start, start - 4) : start].upper() in {" IN ", " AT "}  # "SINK PARMA IN FLORENCE": where
    if key in _countries():
        return "GPE"
    if sport in _TEAM_SPORTS and key in _places() and not venue:
        return "ORG"
    return None


def _result_sides(doc: Doc, mentions: list[_Mention]) -> None:
    """Label the two names a result verb joins as teams when one of them is a team (in place).

    "X beat Y", "X edged the Y", "X drew with Y", "the Lakers, who beat Sacramento": both sides are
    one kind of competitor. A plural proper noun there is a team's nickname ("the Mariners edged the
    Rangers in 11 innings"; not a people the model tagged NORP, nor an event: "Tokyo held the
    Olympics"), a plural the model took for people only without a person on the other side or with a
    score ("Obama beat the Clintons in Iowa" is a family); and in a sentence with a score or such a
    nickname, a club on one side makes a town, a state or a one-word "person" on the other its club
    ("Cleveland beat Minnesota 4-0", "Borussia Dortmund beat Freiburg 3-1"). Nations play nations: a
    side that is a country leaves both as they are ("Germany beat Wales 2-0").
    """
    by_start = {m.start: m for m in mentions}
    by_end = {m.end: m for m in mentions}
    for verb in doc:
        if verb.lower_ not in _RESULT_VERBS or verb.pos_ not in {"VERB", "AUX"} or not 0 < verb.i < len(doc) - 1:
            continue
        before = doc[verb.i - 1]
        if before.lower_ in {"who", "which", "that"} and verb.i >= 3 and doc[verb.i - 2].text == ",":
            before = doc[verb.i - 3]  # the antecedent of the relative pronoun
        after = verb.i + 1
        if doc[after].lower_ in _TEAM_PREPS and after + 1 < len(doc):
            after += 1
        if doc[after].lower_ == "the" and after + 1 < len(doc):
            after += 1
        left, right = by_end.get(before.idx + len(before)), by_start.get(doc[after].idx)
        if left is None or right is None or any(place_key(m.text) in _countries() for m in (left, right)):
            continue
        scored = _has_score(verb.sent.text)
        nicknames = [
            m.label in {"ORG", "GPE", "PERSON"}
            and _plural_proper(doc, m)
            and (m.label != "PERSON" or scored or other.label != "PERSON")
            for m, other in ((left, right), (right, left))
        ]
        if not (any(nicknames) or scored):
            continue
        for m, nickname in zip((left, right), nicknames, strict=True):
            if nickname:
                m.label = "ORG"
        if "ORG" in {left.label, right.label}:
            for m in (left, right):
                if m.label in {"GPE", "LOC"} or (m.label == "PERSON" and len(m.words) == 1):
                    m.label = "ORG"


def _plural_proper(doc: Doc, m: _Mention) -> bool:
    """Tell whether a mention ends in a plural proper noun ("Mariners", "Los Angeles Lakers")."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span[-1].tag_ == "NNPS"


def _a_side(head: Token) -> bool:
    """Tell whether a name is a side of a result told in a sentence with a score ("X beat Y 3-1", "drew with Y")."""
    if head.dep_ not in {"nsubj", "nsubjpass", "dobj", "pobj"}:
        return False
    verb = head.head.head if head.dep_ == "pobj" and head.head.lower_ in _TEAM_PREPS else head.head
    return verb.lower_ in _RESULT_VERBS and verb.pos_ in {"VERB", "AUX"} and _has_score(verb.sent.text)


# What makes "51-49" or "5-10" no score: a share, a vote, a court's ruling.
_NOT_A_SCORE_RE: Final = re.compile(r"\s*(?:%|percent\b|per cent\b|ruling\b|votes?\b|decision\b|majority\b)")


def _has_score(sentence: str) -> bool:
    """Tell whether a sentence holds a score ("3-1"), not a share ("5-10 percent") nor a vote ("a 5-4 ruling")."""
    return any(_NOT_A_SCORE_RE.match(sentence, m.end()) is None for m in _SCORE_RE.finditer(sentence))


# A wire dateline opening a paragraph: an ALL-CAPS place, a region after a comma, a date, the agency
# in brackets, a dash ("SAO PAULO (Reuters) - ", "HANOI, Vietnam (AP) — ", "NEW YORK, Jan 5 (Reuters) - ",
# "ST. LOUIS — "). The place's words are checked to be capitals in code (any script's: "İSTANBUL").
# Places joined by a slash ("BEIJING/HONG KONG") are not read.
_DATELINE_OPEN_RE: Final = re.compile(
    r"^(?P<place>[^\W\d_](?:[^\W\d_]|['’.\-])*(?: [^\W\d_](?:[^\W\d_]|['’.\-])*){0,3})"
    r"(?:, (?P<region>[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,2}))??"
    r"(?:,? (?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}))?"
    r"(?: \((?P<agency>[^()\n]{1,40})\))? ?[-–—―]+(?: |(?=[A-Z“\"]))",
    re.MULTILINE,
)
# A region's abbreviation in a dateline ("N.M.", "Pa.", "Calif.", "D.C."), not a company's or a
# person's suffix after a comma ("ALPHABET, Inc. —", "JOHN SMITH, Jr. —").
_REGION_ABBREVIATION_RE: Final = re.compile(r"[A-Z][a-z]{0,4}\.(?: ?[A-Z]\.)?")
_NOT_REGIONS: Final = frozenset({"inc.", "co.", "corp.", "ltd.", "jr.", "sr.", "dr.", "st.", "mr.", "mrs.", "ms."})
# Words no place is named by: an article, initials ("A.B.", "I.").
_NOT_PLACE_WORD_RE: Final = re.compile(r"(?:THE|A|AN)|(?:[^\W\d_]\.)+", re.IGNORECASE)


def _dateline_places(doc: Doc, text: str, mentions: list[_Mention], nlp: Language | None) -> list[_Mention]:
    """Make the place of a wire dateline opening a paragraph a place (GPE).

    News agencies open a story with its place in capitals, then the agency and a dash ("SAO PAULO
    (Reuters) - Floods killed …"). A model reads such capitals badly ("SAO" ORG, "JOHANNESBURG"
    ORG). Capitals before a region the model reads as a place or writes as an abbreviation ("SANTA
    FE, N.M. —") are a dateline's place; so are capitals before an agency that name a town of the
    place list (``_places``: GeoNames' towns of 15,000 people or more, "COPENHAGEN (Reuters)", "THE
    HAGUE (Reuters)", "RIO DE JANEIRO (Reuters)", which no reading of the model gets). Otherwise
    only where a title-cased copy of the line, or after an agency a lower-cased one, reads the words
    as a place ("Sao Paulo (Reuters)", "johannesburg (reuters)"; not "EXCLUSIVE (Reuters)", "BANK OF
    ENGLAND (Reuters)", "NASA —"); the list alone never makes a place of capitals before a bare dash,
    where a label may stand ("POLICE — …"; Police is a Polish town). Never titles, initials or an
    article outside the list ("MR SMITH", "A.B.", "THE IRISHMAN"). Mentions over the place give way
    to it, and a region nothing covers then is added. Without ``nlp`` only the regional form and
    the list are read; the copies of all candidate lines are tagged in one call.
    """
    found: list[tuple[re.Match[str], bool]] = []  # (match, whether its region makes it a dateline)
    listed: set[int] = set()  # starts of the places before an agency that the place list names
    for m in _DATELINE_OPEN_RE.finditer(text):
        place = m.group("place")
        if not place.isupper():
            continue
        if m.group("agency") and m.group("region") is None and place_key(place) in _places():
            found.append((m, False))
            listed.add(m.start())
            continue
        if any(is_title_word(w.rstrip(".")) or _NOT_PLACE_WORD_RE.fullmatch(w) for w in place.split()):
            continue
        region = m.group("region")
        regional = region is not None and (
            (_REGION_ABBREVIATION_RE.fullmatch(region) is not None and region.lower() not in _NOT_REGIONS)
            or any(
                e.start_char == m.start("region") and e.end_char == m.end("region") and e.label_ in _PLACE_LABELS
                for e in doc.ents
            )
        )
        if regional or (region is None and nlp is not None):
            found.append((m, regional))
    copies = []  # per candidate without a region: its line title-cased, and lower-cased after an agency
    for m, regional in found:
        if regional or m.start() in listed:
            continue
        end = text.find("\n", m.start())
        line = text[m.start() : end if end >= 0 else len(text)]
        n = len(m.group("place"))
        copies.append(_title_case(line[:n]) + line[n:])
        # lower case letter by letter ("İ".lower() is two characters, which would shift offsets)
        copies.append("".join(c if len(c.lower()) != 1 else c.lower() for c in line) if m.group("agency") else "")
    readings = iter(_tag_lines(nlp, copies) if nlp is not None and copies else [])
    starts = [x.start for x in mentions]
    longest = max((x.end - x.start for x in mentions), default=0)
    removed: set[int] = set()  # indices of the mentions the places replace
    added: list[_Mention] = []
    for m, regional in found:
        a, b = m.span("place")
        if not regional and m.start() not in listed:
            pair = (next(readings), next(readings))
            if not any(
                e.start_char == 0 and e.end_char == b - a and e.label_ in _PLACE_LABELS for r in pair for e in r.ents
            ):
                continue
        here: list[_Mention] = []  # this dateline's place and region
        for lo, hi in [(a, b), *([m.span("region")] if regional else [])]:
            span = doc.char_span(lo, hi, alignment_mode="contract")
            place = None if span is None else _make_mention(doc, span.start, span.end, "GPE", reliable=True)
            # The mentions over [lo, hi): found by their starts, so many datelines cost no more each.
            window = range(bisect.bisect_left(starts, lo - longest), bisect.bisect_left(starts, hi))
            overlapping = [k for k in window if k not in removed and lo < mentions[k].end]
            over_here = [x for x in here if x.start < hi and lo < x.end]
            if place is None or (hi != b and (overlapping or over_here)):
                continue  # a region the model tagged keeps its reading
            removed.update(overlapping)
            here = [x for x in here if x not in over_here] + [place]
        added.extend(here)
    if not removed and not added:
        return mentions
    return sorted([x for k, x in enumerate(mentions) if k not in removed] + added, key=lambda x: x.start)


# Nouns for a person's kin: what a name owns of them ("Carder's husband") is a person's.
_KIN_NOUNS: Final = frozenset(
    {"husband", "wife", "parents", "father", "mother", "son", "sons", "daughter", "daughters", "brother",
     "brothers", "sister", "sisters", "children", "widow", "widower", "girlfriend", "boyfriend", "fiancé", "fiancée",
     "grandfather", "grandmother", "grandson", "granddaughter", "uncle", "aunt", "nephew", "niece", "stepfather",
     "stepmother"}
)  # fmt: skip
# What only a person undergoes, as the verb of its subject ("X was born", "X died"); some only in the
# passive ("X was raised in …", "X was arrested": "the Fed raised rates").
_HUMAN_VERBS: Final = frozenset({"born", "died", "dies", "married", "marries", "divorced", "divorces"})
_HUMAN_PASSIVES: Final = frozenset({"arrested", "jailed", "imprisoned", "sentenced"})
# "raised" is a person's only where it says where or by whom ("was raised in Whitley Bay", "by his
# aunt"): "Nvidia was raised to buy" is a rating.
_RAISED_BY_OR_IN: Final = frozenset({"in", "by"})


_HUMAN_RELABELLED: Final = frozenset({"ORG", "PRODUCT", "WORK_OF_ART"})


def _human_predicates(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Make a name a person where its sentence gives it kin or what only a person undergoes.

    "Carder's husband": a name owning a noun for kin is a person's; so is the subject of "was born",
    "died", "married", of the passive "was arrested", "was jailed", "was sentenced", or of "was
    raised in/by …" ("Citrone was raised in Whitley Bay": "Citrone" tagged ORG). Only names tagged
    as organisations or works change: a place has children and a birth year too ("Gaza's children",
    "Israel was born in 1948").
    """
    if not doc.has_annotation("DEP"):
        return mentions
    for m in mentions:
        if m.label not in _HUMAN_RELABELLED:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        verb = head.head
        kin = head.dep_ == "poss" and verb.lower_ in _KIN_NOUNS
        undergoes = head.dep_ == "nsubj" and verb.lower_ in _HUMAN_VERBS
        passive = head.dep_ == "nsubjpass" and (
            verb.lower_ in _HUMAN_VERBS | _HUMAN_PASSIVES
            or (verb.lower_ == "raised" and any(c.lower_ in _RAISED_BY_OR_IN for c in verb.children))
        )
        if kin or undergoes or passive:
            m.label = "PERSON"
    return mentions


# Lower-case nouns for a player or an official of a sports team, which a team's name comes before
# ("Lazio striker Giuseppe Signori", "Williams team-mate Jacques Villeneuve").
_PLAYER_ROLES: Final = frozenset(
    {"striker", "midfielder", "defender", "goalkeeper", "keeper", "winger", "playmaker", "fullback", "full-back",
     "forward", "team-mate", "teammate", "quarterback", "pitcher", "shortstop", "outfielder", "goaltender",
     "centre-back", "center-back", "prop", "fly-half", "scrum-half"}
)  # fmt: skip
_TEAM_ROLES: Final = _PLAYER_ROLES | {"manager", "coach", "skipper", "captain"}


def _team_before_role(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Make a name a team (ORG) where it comes right before a team role and that role's holder.

    "Lazio striker Giuseppe Signori" (Lazio tagged PERSON), "Manchester United manager Alex Ferguson"
    (tagged a place): a name, a player's or coach's role in lower case, then a person's name, is the
    club's. A country's name stays a place (a national side: "England manager Glenn Hoddle"), a
    nationality stays one ("Swedish captain Andreas Granqvist"), and a person's name of two words or
    one that opens with a known first name stays a person's; a one-word "person" is a team only before
    a player's role ("Agassi coach Brad Gilbert": a player's coach).
    """
    starts = {m.start: m for m in mentions}
    for m in mentions:
        if m.label not in {"PERSON", "GPE", "LOC"} or place_key(m.text) in _countries():
            continue
        if m.label == "PERSON" and (len(m.words) > 1 or m.words[0].lower() in _first_names(doc.lang_)):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.end + 1 >= len(doc):
            continue
        role, named = doc[span.end], doc[span.end + 1]
        holder = starts.get(named.idx)
        roles = _PLAYER_ROLES if m.label == "PERSON" else _TEAM_ROLES
        if role.is_lower and role.lower_ in roles and holder is not None and holder.label == "PERSON":
            m.label = "ORG"
    return mentions


# Last words of the names of sports events and competitions ("US Open", "Volvo Masters", "UEFA Cup").
_EVENT_HEADS: Final = frozenset({"cup", "open", "masters", "marathon", "championship", "championships", "trophy"})
_EVENT_RELABELLED: Final = frozenset({"ORG", "GPE", "LOC", "FAC"})
# An event's head after a nation's or a place's name the model tagged alone ("Italian" + "Grand Prix").
_EVENT_AFTER_RE: Final = re.compile(
    r" (?:Open|OPEN|Cup|CUP|Masters|MASTERS|Marathon|MARATHON|Grand Prix|GRAND PRIX|Championships?|CHAMPIONSHIPS?"
    r"|Trophy|TROPHY)\b"
    r"(?! to\b| TO\b| +(?!(?:RESULTS?|STANDINGS|SCORES?|FINALS?|QUALIFYING|DRAW|TABLE|LEADERS)\b)[A-Z])"
)
# Words after a competition's name on a results header, no part of it ("FIVE NATIONS CHAMPIONSHIP RESULTS").
_RESULTS_WORDS: Final = frozenset({"results", "result", "standings", "scores", "table", "leaders"})


def _named_events(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Make a name that ends with a competition's word an event ("Berlin Marathon", "Italian Grand Prix").

    The model tags "Volvo Masters" and "UEFA Cup" as organisations, "Berlin Marathon" as a place: a
    name of two words or more ending in "Cup", "Open", "Masters", "Marathon", "Championship(s)" or
    "Trophy" is the event (a person's name is not: "Blake Masters"), and so is "Olympic(s)" alone. A
    nation's or a place's name the model tagged alone before such a word, or before "Grand Prix",
    capitalised as a name is, is the event's first word ("GERMAN OPEN .", "Italian Grand Prix at
    Monza"), unless a capitalised word or "to" comes next: a headline's verb ("Iran Open to Talks",
    "U.S. Open Talks on Arms", "Kenyan Marathon Runner Dies"), other than a results header's
    ("EUROPEAN CHAMPIONSHIPS RESULTS"), which is no part of the name either ("FIVE NATIONS
    CHAMPIONSHIP RESULTS" tagged as one organisation).
    """
    starts = sorted(m.start for m in mentions)
    for m in mentions:
        if len(m.words) > 2 and m.words[-1].lower() in _RESULTS_WORDS and m.words[-2].lower() in _EVENT_HEADS:
            m.text = m.text[: m.text.rfind(m.words[-1])].rstrip()  # "… CHAMPIONSHIP" + " RESULTS"
            m.end = m.start + len(m.text)
            m.words = m.words[:-1]
        if m.label in _EVENT_RELABELLED and len(m.words) > 1 and m.words[-1].lower() in _EVENT_HEADS:
            m.label = "EVENT"
        elif m.label in _EVENT_RELABELLED and m.text.lower() in {"olympic", "olympics"}:
            m.label = "EVENT"  # "the Olympic champion" tagged as a place
        elif m.label in {"NORP", "GPE", "LANGUAGE"} and (head := _EVENT_AFTER_RE.match(text, m.end)):
            if bisect.bisect_left(starts, head.end()) == bisect.bisect_left(starts, m.end):  # no name inside
                m.end = head.end()
                m.text = text[m.start : m.end]
                m.words = tuple(m.text.split())
                m.label = "EVENT"
    return mentions


# Last words of the names of natural features and waterworks ("Hancock Pond", "Lincoln Reservoir").
_GEOGRAPHIC_HEADS: Final = frozenset(
    "pond lake lakes river reservoir creek brook bay gulf strait peninsula island islands mountain mountains "
    "hill hills valley canyon glacier desert plateau junction".split()
)
_SURNAME_HEADS: Final = frozenset({"hill", "hills", "lake", "brook", "bay", "island"})
"""Feature words that are English surnames too: a "person" ending with one stays a person."""


def _geographic_names(mentions: list[_Mention], language: str) -> list[_Mention]:
    """Make a name of two words or more ending with a natural feature's word a place (LOC).

    The model tags "Hancock Pond", "Lincoln Reservoir" or "Bridgton Junction" as organisations or
    people; a name ending in "Pond", "Lake", "River", "Bay", "Island", "Valley", "Junction" … is the
    feature. Only names written capitalised ("Snake River"; not "SNAKE RIVER" on a caps line, whose
    words the other rules read), and not a "person" ending with a word that is a surname too ("Damon
    Hill", "Ricki Lake") or opening with a known first name.
    """
    for m in mentions:
        if m.label not in {"ORG", "PERSON"} or len(m.words) < 2 or not m.words[-1].istitle():
            continue
        head = m.words[-1].lower()
        if m.label == "PERSON" and (head in _SURNAME_HEADS or m.words[0].lower() in _first_names(language)):
            continue  # "Damon Hill", "Ricki Lake": a surname
        if head in _GEOGRAPHIC_HEADS:
            m.label = "LOC"
    return mentions


# A facility's word in lower case right after a name: the name is the facility's place or its own name.
_FACILITY_AFTER_RE: Final = re.compile(
    r"[ \t]+(?:airport|airfield|air base|airbase|stadium|racecourse|circuit|prison|railway station)\b"
)


def _named_facilities(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Make a name before a facility's word in lower case a place ("Orly airport", "Zandvoort circuit").

    The model tags such names as organisations, people or products; "airport", "stadium", "prison"
    after one say it names a place: a town GeoNames lists (GPE), else the facility (FAC: "Emirates
    stadium"). Only a proper noun, and not where the facility's word only modifies another noun
    ("Boeing airport deals") or is a kind of facility ("a Premier League stadium"); nationalities
    and events keep their labels ("a Russian prison", "the Olympic stadium").
    """
    text = doc.text
    for m in mentions:
        if m.label not in {"ORG", "PERSON", "PRODUCT"} or not (after := _FACILITY_AFTER_RE.match(text, m.end)):
            continue
        word = doc.char_span(after.end() - 1, after.end(), alignment_mode="expand")
        name = doc.char_span(m.start, m.end, alignment_mode="expand")
        if word is None or name is None or name[-1].pos_ != "PROPN":
            continue
        if doc.has_annotation("DEP") and (
            word.root.dep_ == "compound" or any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in word.root.children)
        ):
            continue  # "Boeing airport deals"; "a Premier League stadium" is a kind of stadium, not one
        m.label = "GPE" if _listed_place(place_key(m.text)) else "FAC"
    return mentions


_COUNTRY_REST_RE: Final = re.compile(r"(?: [A-Z][A-Za-z]+){1,2}\b")


def _whole_countries(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Make a nationality the model tagged before the rest of a country's name that country ("Czech" + "Republic").

    Where the capitalised word or two after it complete a name the country list holds ("Czech
    Republic", "Dominican Republic") and no other name begins among them; a "nationality" that is a
    country's whole name is the country too ("Central African Republic").
    """
    starts = sorted(m.start for m in mentions)
    for m in mentions:
        if m.label == "NORP" and place_key(m.text) in _countries():
            m.label = "GPE"  # "Central African Republic" tagged as a nationality
            continue
        if m.label not in {"NORP", "GPE"} or (rest := _COUNTRY_REST_RE.match(text, m.end)) is None:
            continue
        words = rest.group()
        for end in [m.end + k for k in (words.find(" ", 1), len(words)) if k > 0]:
            if place_key(text[m.start : end]) not in _countries():
                continue
            if bisect.bisect_left(starts, end) == bisect.bisect_left(starts, m.end):  # no other name inside
                m.end, m.label = end, "GPE"
                m.text = text[m.start : end]
                m.words = tuple(m.text.split())
            break
    return mentions


# Nouns for a place whose name follows "of": "the state of Guerrero", "the city of Kirkuk".
_PLACE_OF_NOUNS: Final = frozenset(
    {"state", "province", "region", "city", "town", "village", "island", "islands", "county", "district",
     "prefecture", "republic", "kingdom", "emirate", "municipality", "port", "capital"}
)  # fmt: skip
# Those that also say how something is ("the state of Deutsche Bank"): a place only where GeoNames lists it
# or an adjective of direction or nation places the noun ("the southern state of", "the Mexican state of").
_CONDITION_NOUNS: Final = frozenset({"state", "capital", "port"})
_DIRECTIONS: Final = frozenset(
    "northern southern eastern western central north south east west northeastern northwestern southeastern "
    "southwestern north-eastern north-western south-eastern south-western".split()
)


def _placed_noun(noun: Token) -> bool:
    """Tell "the southern state", "the Mexican state": an adjective of direction or nation on the noun."""
    return any(c.dep_ == "amod" and (c.lower_ in _DIRECTIONS or c.is_title) for c in noun.children)


_BODY_LAST_WORDS: Final = _ORG_HEADS | _ORG_SUFFIXES
# Heads of an apposition that make the name before it an organisation ("Novartis, the … company").
_ORG_APPOSITION_HEADS: Final = frozenset(
    {"company", "firm", "group", "maker", "manufacturer", "bank", "carrier", "airline", "insurer", "retailer",
     "producer", "conglomerate", "automaker", "carmaker", "broker", "lender", "operator", "agency", "party",
     "newspaper", "broadcaster", "utility", "giant", "subsidiary", "supplier", "distributor", "chain"}
)  # fmt: skip


def _kinds_in_apposition(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Label a name by what the text calls it: a place after "the state of", a firm before ", the … company".

    "the southern state of Guerrero" (tagged ORG) is a place (GPE) where the name hangs on "of" and the
    noun before it is a place's ("state", "province", "city", …); "Novartis, the world's second-largest
    pharmaceutical company" (tagged a place) is an organisation where the apposition's head is a
    firm's, a party's or an agency's noun ("Smith, the company's founder" has a person's head), unless
    GeoNames lists the name ("Saudi Arabia, the world's largest oil producer"). A name opening with a
    known first name stays a person ("the city of Paul Smith's birth" is no place), one ending with a
    company's word stays a body, and after "state", "capital" or "port", which also say how something
    is ("the state of Deutsche Bank"), only a place GeoNames lists or the noun's adjective of direction
    or nation places is one ("the southern state of Guerrero").
    """
    if not doc.has_annotation("DEP"):
        return mentions
    for m in mentions:
        if m.label not in {"ORG", "PERSON", "GPE", "LOC", "FAC"} or not m.words:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        head, last = span.root, m.words[-1].lower()
        noun = head.head.head
        if (
            m.label in {"ORG", "PERSON"}
            and head.dep_ == "pobj"
            and head.head.lower_ == "of"
            and noun.lower_ in _PLACE_OF_NOUNS
            and noun.is_lower
            and m.words[0].lower() not in _first_names(doc.lang_)
            and last not in _BODY_LAST_WORDS
            and (noun.lower_ not in _CONDITION_NOUNS or _listed_place(place_key(m.text)) or _placed_noun(noun))
        ):
            m.label = "GPE"
        elif (
            m.label in {"GPE", "LOC", "FAC"}
            and not _listed_place(place_key(m.text))
            and any(c.dep_ == "appos" and c.lower_ in _ORG_APPOSITION_HEADS and c.i > head.i for c in head.children)
        ):
            m.label = "ORG"
        elif (
            m.label in {"ORG", "GPE", "LOC", "FAC"}
            and doc.lang_ == "en"
            and last not in _BODY_LAST_WORDS
            and (m.label == "ORG" or not _listed_place(place_key(m.text)))
            and any(_person_apposition(c) for c in head.children if c.i > head.i)
        ):
            m.label = "PERSON"
    out = _kind_joined_names(doc, _named_after_kind(doc, mentions))
    _kind_named_bodies(doc, out)
    return out


def _person_apposition(c: Token) -> bool:
    """Tell an apposition set off by a comma whose head names a person ("Sydney Ward, an economist at …").

    "Valeska Paris, an Australian woman", "Ward, the bank's economist": what the text calls the name
    says it is a person's, whatever the model tagged it. Only a lower-case role noun with its own
    determiner or possessor counts, and not one a country or a firm may be too ("Indonesia, this
    year's chair of the G20", "Samsung, the biggest player", "Lazard, the company's adviser").
    """
    return (
        c.dep_ == "appos"
        and c.is_lower
        and c.lower_ in _person_roles()
        and c.lower_ not in _ROLES_OF_BODIES
        and c.left_edge.i > 0
        and any(k.dep_ in {"det", "poss"} for k in c.lefts)
        and c.doc[c.left_edge.i - 1].text == ","
    )


_ROLES_OF_BODIES: Final = frozenset(
    "adviser advisor author candidate chair founder head leader manager negotiator player star".split()
)
"""Person roles a country or a company may hold as well ("Norway, a world leader in electric cars")."""


def _named_after_kind(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Tag the untagged name right after a noun of an organisation's kind as an organisation.

    "l'association Alpes vivantes", "le syndicat Force ouvrière": the noun says what the name is. The
    name runs over capitalised words and the adjectives after them that hang on the noun or the name
    ("vivantes"), up to punctuation or any other word. Words the model gave any entity type, a date's
    too, are left alone, and so is a name a person of the text bears ("l'équipe Deschamps" beside
    "Didier Deschamps": the coach's team). It reads French above all: English puts such a name
    first ("the Hope Springs charity"), and the English parse hangs a name after the noun elsewhere.
    """
    kinds = _org_kind_nouns(doc.lang_)
    if not kinds or not doc.has_annotation("DEP"):
        return mentions
    starts = [m.start for m in mentions]
    people_words = {w for m in mentions if m.label == "PERSON" for w in m.words}
    added = []
    for noun in doc:
        if noun.lower_ not in kinds or not noun.is_lower or noun.pos_ != "NOUN" or noun.i + 1 >= len(doc):
            continue
        first = doc[noun.i + 1]
        if first.pos_ != "PROPN" or not first.is_title or first.ent_type_ or first.head.i != noun.i:
            continue
        end = first.i + 1
        while (
            end < len(doc)
            and not doc[end].ent_type_
            and (
                (doc[end].pos_ == "PROPN" and doc[end].is_title)
                or (doc[end].pos_ == "ADJ" and doc[end].is_lower and doc[end].head.i in {noun.i, *range(first.i, end)})
            )
        ):
            end += 1
        span = doc[first.i : end]
        k = bisect.bisect_right(starts, span.end_char - 1) - 1
        if k >= 0 and mentions[k].end > span.start_char:
            continue  # part of a name already tagged
        if any(t.text in people_words for t in span if t.pos_ == "PROPN"):
            continue
        added.append(_Mention(span.text, "ORG", span.start_char, span.end_char, tuple(span.text.split()), True))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _kind_joined_names(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Join two names a conjunction links after a singular noun of a body's kind: one body's name.

    "l'association Eau et Rivières de Bretagne", "la société Dupont et Fils": the model stops at
    "et", but a singular kind noun names one body; a plural one names several ("les syndicats CGT et
    Force ouvrière"), and so does a singular one whose verb agrees with two ("le syndicat CGT et
    Force ouvrière ont appelé"), and "entre" pairs two ("l'alliance entre le groupe Renault et Nissan");
    a person's full name after "et" is somebody else ("la société Vinci et Jean Castex"). French only,
    whose kind noun comes before the name (``_kind_named_bodies``).
    """
    if doc.lang_ != "fr" or len(mentions) < 2:
        return mentions
    kinds = _org_kind_nouns(doc.lang_)
    out: list[_Mention] = []
    for m in mentions:
        last = out[-1] if out else None
        if (
            last is not None
            and last.label != "PERSON"
            and not (m.label == "PERSON" and len(m.words) > 1)
            and doc.text[last.end : m.start] in {" et ", " & "}
        ):
            span = doc.char_span(last.start, m.end, alignment_mode="expand")
            before = doc[span.start - 1] if span is not None and span.start > 0 else None
            if (
                span is not None
                and before is not None
                and before.lower_ in kinds
                and before.is_lower
                and "Sing" in before.morph.get("Number", [])
                and not _plural_predicate(before)
                and not any(t.lower_ in _PAIRING_WORDS for t in doc[max(0, before.i - 3) : before.i])
            ):
                joined = _make_mention(doc, span.start, span.end, "ORG", last.reliable and m.reliable, trim=False)
                if joined is not None:
                    out[-1] = joined
                    continue
        out.append(m)
    return out


_PAIRING_WORDS: Final = frozenset({"entre"})
"""Prepositions that pair what follows them (French "entre X et Y"): two, whatever the noun before."""


def _plural_predicate(noun: Token) -> bool:
    """Tell a subject whose verb, or its auxiliary, is plural: the subject names more than one."""
    if noun.dep_ not in {"nsubj", "nsubj:pass"}:
        return False
    verb = noun.head
    return any(
        "Plur" in t.morph.get("Number", []) and "Fin" in t.morph.get("VerbForm", []) for t in (verb, *verb.children)
    )


def _kind_named_bodies(doc: Doc, mentions: list[_Mention]) -> None:
    """Label ORG a French name the model took for a person or a place where a noun of a body's kind names it.

    French puts the kind before the name: "la société Aérométal", "l'université Félix-Houphouët-Boigny",
    "le CHU de Cocody" ("CHU", "hôpital", "université" opening the name, or a lower-case kind noun the
    name hangs on just before it). A name opening with a known first name stays a person ("le géant
    Teddy Riner", "le groupe Jean-Michel Jarre"). English puts the kind after the name, and its "Union
    Station" or "Parliament Square" are places: French only.
    """
    if doc.lang_ != "fr":
        return
    kinds = _org_kind_nouns(doc.lang_)
    first_names = _first_names(doc.lang_)
    for m in mentions:
        if m.label not in {"PERSON", "GPE", "LOC"} or not m.words:
            continue
        first = m.words[0].lower()
        if first in first_names or first.split("-")[0] in first_names:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        before = doc[span.start - 1] if span.start > 0 else None
        opens = span[0].lower_ in kinds and (len(span) > 1 or span[0].is_upper)
        named = (
            before is not None
            and before.lower_ in kinds
            and before.is_lower
            and before.pos_ == "NOUN"
            and span.root.head.i == before.i
        )
        if opens or named:
            m.label = "ORG"


@cache
def _org_kind_nouns(language: str) -> frozenset[str]:
    """Nouns of an organisation's kind in a language ("company", "association"): its quote lexicon's."""
    if language == "fr":
        return french_lexicon().org_roles
    return default_lexicon().org_roles if language == "en" else frozenset()


# Prepositions that place what they govern: a person is not "in", "near" or "outside" somebody.
_LOCATING_PREPS: Final = frozenset({"in", "near", "outside", "throughout", "within", "across"})
# Verbs whose "in" places nothing: "believe in Kent", "invest in Kent".
_NOT_LOCATING_VERBS: Final = frozenset("believe believes believed invest invests invested trust trusted".split())


def _located_places(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Make a "person" a place where a preposition of place governs it and GeoNames lists it as a town or country.

    "lived in Palma", "based in São Paulo", "a hostel in Vladivostok": the small model calls such names
    people. Only after "in", "near", "outside", "throughout", "within" or "across" on a verb or a noun
    (not "faith in Kent", "believe in Kent", "invest in"; never "from" or "around", which govern
    people too), and never for a name whose first word is a known first name ("in Paul Smith's
    words", "settled in Warren"). A name after a compass word's "of" is a place whatever else the
    model called it ("east of Arbil", "north of Goma"), an organisation only if GeoNames lists it
    ("north of the Pentagon" stays).
    """
    if not doc.has_annotation("DEP"):
        return mentions
    for m in mentions:
        if m.label in _PLACE_LABELS or not m.words or m.words[0].lower() in _first_names(doc.lang_):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.root.dep_ != "pobj":
            continue
        prep = span.root.head
        if prep.lower_ == "of" and prep.head.lower_ in _COMPASS_WORDS:
            # "east of Arbil", "30 km north of Goma": a place; an organisation only where GeoNames lists
            # its name as a town ("north of the Pentagon", "south of Stanford University" are landmarks)
            if m.label != "ORG" or _listed_place(place_key(m.text)):
                m.label = "GPE"
            continue
        if m.label != "PERSON" or prep.lower_ not in _LOCATING_PREPS or not _listed_place(place_key(m.text)):
            continue
        host = prep.head
        if (host.pos_ in {"VERB", "AUX"} and host.lower_ not in _NOT_LOCATING_VERBS) or (
            host.pos_ == "NOUN" and host.lower_ not in _NOT_LOCATING_NOUNS
        ):
            m.label = "GPE"  # "lived in Palma", "a hostel in Vladivostok"; not "faith in Kent", "believe in Kent"
    return mentions


# Nouns whose "in" says what they bear on, not where: "faith in Kent", "a stake in Lincoln".
_NOT_LOCATING_NOUNS: Final = frozenset(
    "faith trust belief confidence interest interests stake stakes share shares role part investment investments "
    "hope hopes pride".split()
)
_COMPASS_WORDS: Final = frozenset(
    "north south east west northeast northwest southeast southwest north-east north-west south-east south-west".split()
)


_GENDERED_PRONOUNS: Final = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
_NEUTER_PRONOUNS: Final = frozenset({"it", "its", "itself"})


@cache
def _person_roles() -> frozenset[str]:
    """Nouns standing for a person ("goalkeeper", "director"): the quote lexicon's person roles."""
    return default_lexicon().person_roles


_NOT_PEOPLE: Final = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
"""The labels a one-word name a "he" or "she" refers back to loses (towns, firms, works are no "he")."""


def _pronoun_people(doc: Doc, quoted: Sequence[tuple[int, int]], mentions: list[_Mention]) -> list[_Mention]:
    """Make a one-word proper-noun subject that a "he"/"she" of its sentence refers back to a person.

    "he", "his", "she", "herself" refer to people, so in "Citrone denied his involvement" or "Hitzig
    is remembered for his work" the subject is a person, untagged or tagged as a place or an
    organisation by the model. Only where the pronoun can mean nobody else: no proper noun or person
    stands between the two (nor a noun for a person, "the speaker", nor "it"/"its", which makes the
    subject a thing), the pronoun is outside quotes (a quote speaks of anybody), and the subject
    is a lone capitalised word (no determiner: "The Count"; no name of several words, which the other
    rules read). A pronoun in a reported clause ("Paris claims she was kept …") counts only when the
    text names no person before the subject: "Apple said he would step down" speaks of an executive
    named earlier.
    """
    tags = doc.to_array(TAG)
    strings = doc.vocab.strings
    candidates = numpy.flatnonzero(tags == strings["NNP"])
    if not len(candidates):
        return mentions
    by_span = {(m.start, m.end): m for m in mentions}
    covered = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in covered]
    quote_starts = [a for a, _ in quoted]
    person_starts = sorted(m.start for m in mentions if m.label == "PERSON")
    added: list[_Mention] = []
    for i in map(int, candidates):
        tok = doc[i]
        if tok.dep_ not in {"nsubj", "nsubjpass"} or not tok.text[:1].isupper() or tok.text.isupper():
            continue
        if any(c.dep_ in {"compound", "det", "poss", "amod", "appos"} for c in tok.children):
            continue
        own = by_span.get((tok.idx, tok.idx + len(tok)))
        k = bisect.bisect_right(starts, tok.idx) - 1
        inside = k >= 0 and covered[k][0] <= tok.idx < covered[k][1]
        if inside and (own is None or own.label not in _NOT_PEOPLE):
            continue  # part of a longer name, or a person already
        pronoun = None
        for t in doc[i + 1 :]:
            if t.is_sent_start:
                break
            if t.lower_ in _GENDERED_PRONOUNS:
                pronoun = t
                break
        if pronoun is None:
            continue
        if _in_ranges(quoted, quote_starts, pronoun.idx):
            continue
        between = doc[i + 1 : pronoun.i]
        if any(
            t.tag_ in {"NNP", "NNPS"}
            or t.ent_type_ == "PERSON"
            or t.lower_ in _NEUTER_PRONOUNS  # "Halbrecht said its chief executive …": a thing's
            or (t.pos_ == "NOUN" and (t.lower_ in _one_word_titles() or t.lower_ in _person_roles()))
            for t in between
        ):
            continue  # somebody else the pronoun may mean: "cheered the speaker when she …"
        named_before = bool(person_starts) and person_starts[0] < tok.idx
        if named_before and _in_reported_clause(pronoun, tok):
            continue
        if own is not None:
            own.label = "PERSON"
        elif (new := _make_mention(doc, i, i + 1, "PERSON", reliable=True)) is not None:
            added.append(new)
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _in_reported_clause(pronoun: Token, subject: Token) -> bool:
    """Tell whether a pronoun lies in a clausal complement below the clause of ``subject``."""
    above = {a.i for a in subject.ancestors} | {subject.i}
    tok = pronoun
    while tok.i not in above and tok.head.i != tok.i:
        if tok.dep_ == "ccomp":
            return True
        tok = tok.head
    return False


_UNTAGGED_NAME_WORDS: Final = 3
_ABBREVIATED_TITLES: Final = frozenset({"Dr", "Dr.", "Pr", "Pr.", "Prof", "Prof."})
"""Titles written short before a name, which the model may take into a name of its own ("Dr Aurélien …")."""


def _add_untagged_names(doc: Doc, mentions: list[_Mention], rules: Collection[str]) -> list[_Mention]:
    """Add the names the model missed after an honorific or a known first name.

    "A farmer in Ibaji, Mr Ojochenemi Adaji, lamented …", "spokesperson Marites Villaraza" and
    "mother-of-three Karen Kimber": a run of up to three capitalised proper nouns outside any entity
    after "Mr", "Ms", … or a lower-case title (``titles.txt``; neither is part of the name), after a
    French demonym (two words or more: "la Zambienne Chileshe Mwansa"; "le Californien Oracle" may be a firm), or
    starting with a first name (``first_names.tsv``), is a person's name; a longer run or one after a
    determiner is a thing's ("The Cynthia Woods Mitchell Pavilion"), and titles alone are nobody's
    ("Mr President").
    """
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [a for a, _ in taken]
    # Only proper nouns outside entities can be in a name, and only they, honorifics (tagged as proper
    # nouns) or titles (common nouns) can open one: the tags are read once, as arrays.
    # English tags say NNP/NNPS and NN; the French model tags with universal POS tags (PROPN, NOUN).
    tags = doc.to_array(TAG)
    strings = doc.vocab.strings
    # The French model's MISC (no label of ours) leaves its names untagged too ("Dr Aurélien Sossou-Glèlè").
    ent_types = doc.to_array(ENT_TYPE)
    untagged = (ent_types == 0) | (ent_types == strings["MISC"])
    proper = numpy.isin(tags, [strings["NNP"], strings["NNPS"], strings["PROPN"]]) & untagged
    openers = numpy.flatnonzero(proper | numpy.isin(tags, [strings["NN"], strings["NOUN"]]))

    def free(j: int) -> bool:
        tok = doc[j]
        k = bisect.bisect_right(starts, tok.idx) - 1
        return bool(proper[j]) and tok.text[:1].isupper() and not (k >= 0 and taken[k][0] <= tok.idx < taken[k][1])

    added: list[_Mention] = []
    n, after_run = len(doc), 0
    for i in map(int, openers):
        if i < after_run:
            continue
        tok = doc[i]
        after_honorific = "honorifics" in rules and (
            tok.text in _PERSON_HONORIFICS
            or tok.text in _ABBREVIATED_TITLES
            or (tok.is_lower and tok.text in _one_word_titles())
        )
        after_demonym = "demonyms" in rules and doc.lang_ == "fr" and _french_demonym(doc, i)
        titled = after_honorific or after_demonym  # the word before the name is no part of it
        if not titled and not proper[i]:
            continue  # a common noun that titles nobody
        lo = i + 1 if titled else i
        end = lo  # the run of capitalised proper nouns outside any entity
        while end < n and free(end) and (end == lo or doc[end - 1].whitespace_):
            end += 1
        if end == lo:
            continue
        after_run = end
        # A run longer than a name, or after "the", is a thing's name ("The Cynthia Woods Mitchell Pavilion");
        # one right before a tagged name is its title ("spokesperson Brigadier [Thembeka Ngcobo]").
        name = (
            end - lo <= _UNTAGGED_NAME_WORDS
            and not (lo > 0 and doc[lo - 1].tag_ in {"DT", "DET"})
            and not (end < n and doc[end].ent_type_ and doc[end - 1].whitespace_)
        )
        words = [t.text for t in doc[lo:end]]
        if after_honorific and all(w.lower() in _one_word_titles() for w in words):
            name = False  # "Thank you, Mr President", "Mr Speaker": a title, nobody's name
        if after_demonym and end - lo < 2:
            name = False  # "la Zambienne Chileshe Mwansa" is a person; one word may be a firm ("le Californien Oracle")
        if name and (titled or ("first_names" in rules and doc[lo].is_title and _personal_name(words, doc.lang_))):
            if "hyphenated_names" in rules and _surname_goes_on(doc, end):
                end = after_run = end + 2  # "Alistair Penrose" + "-Dunn": a double-barrelled surname
            new = _make_mention(doc, lo, end, "PERSON", reliable=True)
            if new is not None:
                added.append(new)
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


_CAPITAL_OPENERS: Final = frozenset({":", "“", '"', "‘", "'", "(", "[", "-", "–", "—", "•", "*", "·"})
"""Tokens after which a word is capitalised whatever it is (a heading's colon, a quote, a bullet)."""


def _forced_capital(tok: Token) -> bool:
    """Tell whether a token stands where every word is capitalised: a sentence, line or quote start."""
    if tok.i == 0 or tok.is_sent_start:
        return True
    prev = tok.doc[tok.i - 1]
    return (
        prev.is_space
        or "\n" in prev.whitespace_
        or prev.text in _CAPITAL_OPENERS
        or prev.is_punct
        and prev.text in ".!?"
    )


_COMPANY_WORDS: Final = _ORG_HEADS | _ORG_SUFFIXES
_RELABELLED: Final = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "LOC"})
"""Labels ``first_names`` corrects; towns and buildings are often named after people ("Charlotte
Amalie", "Madison Square Garden"), so GPE and FAC stay."""


def _relabelled(doc: Doc) -> frozenset[str]:
    """The labels ``first_names`` corrects in ``doc``.

    The French model has one label for all places (read as GPE), which it gives to people too
    ("Yvette Delannoy"), so there GPE is corrected as well, unless the name is a known place
    ("Santa Cruz", "Costa Rica": the French births list holds such first names).
    """
    return _RELABELLED | {"GPE"} if doc.lang_ == "fr" else _RELABELLED


def _name_word(word: str) -> bool:
    """A capitalised name word, an initial ("J.") or an apostrophe name ("O'Brien")."""
    core = word.rstrip(".").replace("-", "").replace("'", "").replace("’", "")
    return word[:1].isupper() and core.isalpha()


def _first_name_before(doc: Doc, start: int) -> bool:
    """Tell a known first name, a proper noun outside any entity, right before a name ("Ines Reyes-Brandt")."""
    if start == 0:
        return False
    tok = doc[start - 1]
    return (
        not tok.ent_type_
        and tok.pos_ == "PROPN"
        and tok.is_title
        and tok.lower_ in _first_names(doc.lang_)
        and bool(tok.whitespace_)
    )


def _personal_name(words: Sequence[str], language: str = "en") -> bool:
    """Tell a person's name by its form: a known first name and one or two capitalised names after it.

    "Diego Schwartzman", "Mason Rudolph"; not "Louis Vuitton Group" (a company word) nor "Morgan
    Stanley & Co." (more words, a symbol).
    """
    return (
        2 <= len(words) <= 3
        and words[0].lower() in _first_names(language)
        and all(_name_word(w) for w in words[1:])
        and not any(w.lower().rstrip(".") in _COMPANY_WORDS for w in words)
        and words[-1].lower() not in _NAMED_THING_HEADS
    )


_EMAIL_RE: Final = re.compile(r"[^\s@]@[^\W_][\w-]*\.[^\W\d_]")
"""An e-mail address in a "name" ("reader2@example.org"; not a handle, "@Reuters")."""


def _not_a_name(doc: Doc, m: _Mention) -> bool:
    """Tell a lower-case "name" ("meth", "clinicians", "bird fancier"), a web or e-mail address from a name.

    English writes names with a capital. Lower case names exist only as brands ("ecobee", "my6sense"):
    a one-word organisation or product, or a word with digits, stays; but not an adjective, a verb
    or an adverb ("the regional health board"): a brand is a noun.
    """
    if "://" in m.text or m.text.startswith("www.") or _EMAIL_RE.search(m.text):
        return True
    if not m.text.islower() or any(ch.isdigit() for ch in m.text):
        return False
    if len(m.words) == 1 and m.label in {"ORG", "PRODUCT"}:
        span = doc.char_span(m.start, m.end)
        return span is not None and span[0].pos_ in {"ADJ", "VERB", "ADV"}
    return True


def _drop_common_words(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Drop one-word names the article itself shows to be common words.

    A capital says nothing at the start of a sentence or line. A one-word mention ("Story", "Range")
    whose word is capitalised only in such places, and which the article also writes in lower case
    ("the story", "its range"), is that word: the writer does not treat it as a name.
    """
    # Not the surname of a person named in full, nor a well-known or curated name ("Trump", "Rice").
    surnames = {surname(m.words) for m in mentions if m.label == "PERSON" and len(m.words) > 1}
    words = {
        m.text
        for m in mentions
        if len(m.words) == 1
        and m.text.isalpha()
        and m.text.istitle()
        and m.text not in surnames
        and _fold(m.text) not in _people()
        and _norm(m.text) not in _aliases()
    }
    if not words:
        return mentions
    lower = {w.lower(): w for w in words}
    written_lower: set[str] = set()
    capitalised: dict[str, bool] = {}  # word -> every capitalised use stands where all words are
    for tok in doc:
        form = tok.text
        if form in words:
            capitalised[form] = capitalised.get(form, True) and _forced_capital(tok)
        elif form in lower:
            written_lower.add(lower[form])
    common = {w for w, forced in capitalised.items() if forced and w in written_lower}
    if not common:
        return mentions
    return [m for m in mentions if not (len(m.words) == 1 and m.text in common)]


_QUOTE_OPENING: Final = frozenset("«‹“„")
_QUOTE_CLOSING: Final = frozenset("»›”")
# Brackets and the quotation marks that only open or only close (not "’", an apostrophe too).
_OPENING: Final = frozenset("([{") | _QUOTE_OPENING
_CLOSING: Final = frozenset(")]}") | _QUOTE_CLOSING


def _split(ent: Span, rules: Collection[str]) -> list[Span]:
    """Split an entity where punctuation says it holds more than one name.

    A spaced dash separates names ("Chiang Mai - Bangkok", a score line's "Team A - Team B"):
    names are hyphenated without spaces. A bracket that does not close inside the entity opens an
    aside ("Panaji ( Panjim", "Act ( Immigration Act"): the names before and inside it are two; so
    does an opening quotation mark (a nickname's marks close inside the name). A comma between two
    phrases of the parse separates two names (``_separates``), and so does the full stop of a
    sentence ending inside the entity ("!" may be a name's own: "Yahoo! Japan").
    """
    doc = ent.doc
    cuts: list[int] = []
    depth = 0
    for tok in ent:
        if "dashes" in rules and tok.text in _DASHES and tok.i > ent.start and tok.whitespace_:
            if doc[tok.i - 1].whitespace_:
                cuts.append(tok.i)
        if "brackets" in rules and tok.text in _OPENING:
            depth += 1
            if not any(t.text in _CLOSING for t in doc[tok.i : ent.end]):
                cuts.append(tok.i)
        elif "brackets" in rules and tok.text in _CLOSING:
            if depth == 0:
                cuts.append(tok.i)
            depth = max(0, depth - 1)
        if "commas" in rules and tok.text == "," and ent.start < tok.i < ent.end - 1 and _separates(ent, tok.i):
            cuts.append(tok.i)
        if "sentence_ends" in rules and tok.i > ent.start and tok.is_sent_start and doc[tok.i - 1].text == ".":
            cuts.append(tok.i - 1)  # "Anne Hidalgo’s. ‹il": the full stop ends the name with its sentence
    if "demonyms" in rules and (named := _after_demonym_noun(ent)) is not None:
        return [Span(doc, ent.start, ent.start + 1, label="NORP"), *_split(named, rules)]
    if not cuts:
        return [ent]
    bounds = [ent.start, *sorted(set(cuts)), ent.end]
    pieces = [(a if a == ent.start else a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    return [Span(doc, a, b, label=ent.label_) for a, b in pieces if a < b]


def _after_demonym_noun(ent: Span) -> Span | None:
    """The person's name after a noun for a person of a nation that opens the entity ("Spaniard Fermin Cacho").

    Wire copy sets a nationality before a name in apposition ("Briton Colin Jackson", "Dutchman Jan
    Raas"); the model may tag the whole as one organisation or person. The rest, capitalised words
    with a letter, is a person's name. Not after a noun that is also an adjective opening names
    ("Serb Republic") or a given name ("Dane Cook", "Scot Pollard"), nor in a place's or a body's
    name ("Dane County", "Briton Ferry": tagged as places, or ending with a place's or company's word).
    """
    first = ent[0]
    if len(ent) < 2 or ent.label_ not in {"PERSON", "ORG"} or first.text in _NOT_NAME_OPENERS:
        return None
    if not _demonym_noun(first.text) or first.text.endswith("s") or first.text in _GIVEN_DEMONYMS:
        return None
    rest = ent[1:]
    if not all(t.is_title or not t.is_alpha for t in rest) or not any(t.is_alpha for t in rest):
        return None
    if any(t.lower_ in _NOT_A_PERSONS_WORDS for t in rest):
        return None
    return Span(ent.doc, rest.start, rest.end, label="PERSON")


def _separates(ent: Span, comma: int) -> bool:
    """Tell whether a comma inside an entity lies between two phrases the parse keeps apart.

    A name with commas ("Skadden, Arps, Slate") is one phrase: each part hangs inside the name. Where
    neither part of a person's or organisation's name hangs from the other and a capitalised word
    follows the comma ("the Associated Press, Lopez said"), they are two.
    """
    doc = ent.doc
    if ent.label_ not in {"PERSON", "ORG"} or not doc.has_annotation("DEP") or not doc[comma + 1].is_title:
        return False  # dates ("September 11, 2001") and places ("Paris, France") keep their commas
    left, right = range(ent.start, comma), range(comma + 1, ent.end)
    return not any(doc[i].head.i in left for i in right) and not any(doc[i].head.i in right for i in left)


def _merge_readings(readings: Sequence[list[_Mention]]) -> list[_Mention]:
    """Merge several readings of ALL-CAPS lines into one set of names.

    Every reading errs there, mostly by running a name on into the words after it ("PAKISTAN
    AGREE", "United Nations Calls for Ceasefire"), less often by stopping short ("SAO" of "SAO
    PAULO"). Where names overlap, the one more readings agree on wins; then the shorter one; then
    one the model found as it stands over one cut from a longer name; then the earlier reading's. A
    name only one reading finds is kept.
    """
    votes = Counter(span for reading in readings for span in {(m.start, m.end) for m in reading})
    ranked = sorted(
        (
            (-votes[m.start, m.end], len(m.words), m.cut, k, m.start, m)
            for k, reading in enumerate(readings)
            for m in reading
        ),
        key=lambda r: r[:5],
    )
    kept: list[_Mention] = []
    for *_, m in ranked:
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            m.retagged = True
            kept.append(m)
    return kept


def _add_missed_surnames(doc: Doc, text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Add untagged repetitions of a person's surname ("… Earnest announced" after "Josh Earnest").

    ``text`` is ``doc.text``: the surnames are looked up in it, not token by token.
    """
    full = [m for m in mentions if m.label == "PERSON" and len(m.words) > 1 and m.reliable]
    surnames = {name for name in (surname(m.words) for m in full) if name[:1].isupper()}
    # Surnames of a full name with a known first name ("Mark Rathbun", not "Sonos Move").
    personal = {surname(m.words) for m in full if m.words[0].lower() in _first_names()}
    well_known = {form for form in _well_known_forms() if form in text} - surnames
    if not surnames and not well_known:
        return mentions
    surnames |= well_known
    starts = sorted((m.start, m.end) for m in mentions)
    added: list[_Mention] = []

    @cache
    def written_lower(word: str) -> bool:
        """Whether the article writes ``word`` (lower case) as a word of its own; searched once per word."""
        return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None

    alternatives = "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
    found = re.finditer(rf"(?<!\w)(?:{alternatives})(?!\w)", text)
    for at in found:
        span = doc.char_span(at.start(), at.end())
        if span is None or len(span) != 1:
            continue  # not a whole token
        tok = span[0]
        # The tagger also calls a rare surname a common noun ("Rathbun requested …", NN): taken when a
        # first name backs it and the article never writes the word in lower case. Other tags
        # ("Young people …") never are.
        if tok.tag_ in {"NN", "NNS"}:
            if tok.text not in personal or written_lower(tok.lower_):
                continue
        elif tok.tag_ not in {"NNP", "NNPS", ""}:
            continue
        if tok.text in well_known and tok.dep_ == "compound" and tok.head.tag_ in {"NNP", "NNPS"}:
            continue  # "Trump Tower", "Musk Foundation": the first part of another name
        k = bisect.bisect_right(starts, (tok.idx, sys.maxsize)) - 1
        if k >= 0 and starts[k][0] <= tok.idx < starts[k][1]:
            continue
        new = _make_mention(doc, tok.i, tok.i + 1, "PERSON", reliable=True)
        if new is not None:
            added.append(new)
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)


# Capitals in brackets right after a name: "( KCNA )", "(BoE)", "(U.N.)".
_BRACKETED_SHORT_RE: Final = re.compile(r"\s*\(\s*([A-Z][A-Za-z&.]{1,9})\s*\)")


def _initials(words: Sequence[str]) -> set[str]:
    """The ways a name's initials are written: of its words but "of", "the", "and" …, or of its capitalised ones.

    "Organization of the Petroleum Exporting Countries" -> OPEC; "Islamic State in Iraq and the Levant"
    -> ISIL; "Anti-Defamation League" -> ADL (each part of a hyphenated word).
    """
    parts = [piece for w in words for piece in w.split("-") if piece[:1].isalpha()]
    return {_acronym(words), _acronym(parts), "".join(w[0] for w in parts if w[0].isupper())} - {""}


def _capitals(word: str) -> str:
    """The capital letters of a word, in order ("BoE" -> "BE")."""
    return "".join(c for c in word if c.isupper())


# Words between a name and a short form in brackets: " et de soins palliatifs (SFAP)".
_TAIL_BEFORE_SHORT_RE: Final = re.compile(r"((?:[ \u00a0]+[^\W\d_][\w’'-]*){1,8}?)\s*\(\s*([A-Z][A-Za-z&.]{1,9})\s*\)")


def _spelled_by(short: str, words: Sequence[str]) -> bool:
    """Tell whether a short form's capitals spell a name by its words' initials, words skipped but never letters.

    The first capital is the first word's initial and the last the last word's; the others are
    initials of words between, in order (after Schwartz and Hearst's rule for abbreviations):
    "SFAP" for "Société française d'accompagnement et de soins palliatifs" (an elided article is
    not its word: "d'accompagnement" gives "a"), "IMROP" for "Institut mauritanien de recherches
    océanographiques et des pêches"); accents aside ("EFS" for "Établissement français du sang").
    """
    caps = _fold(_capitals(short))
    initials = [_fold(re.sub(r"^[a-z][’']", "", w)[:1]) for w in words]
    if len(caps) < 2 or len(initials) < len(caps) or caps[0] != initials[0] or caps[-1] != initials[-1]:
        return False
    k = 1
    for letter in caps[1:-1]:
        while k < len(initials) - 1 and initials[k] != letter:
            k += 1
        if k >= len(initials) - 1:
            return False
        k += 1
    return True


def _abbreviates(short: str, words: Sequence[str]) -> bool:
    """Tell capitals that are a name's short form: its initials (``_initials``) or spelled with words skipped."""
    return _capitals(short) in _initials(words) or _spelled_by(short, words)


def _names_to_their_short_form(doc: Doc, text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Run a name on to the short form in brackets its words spell, over words the model left out.

    The model may stop a long name at a coordination or a preposition ("Société française
    d'accompagnement | et de soins palliatifs (SFAP)", "Chambre de commerce | et d'industrie du
    Bénin (CCIB)"); when the capitals in brackets spell the longer name (``_spelled_by``) and not the
    tagged one, the name runs to the bracket, with no verb between, and names tagged inside it join it.
    A second name of its own coordinated before the bracket keeps it ("le Parti socialiste et le
    Parti communiste (PC)", "the European Commission and the European Central Bank (ECB)"): words
    after a determiner before a capitalised word, or a name tagged there, that the capitals spell are
    the nearer name ("Department of Public Health and the Environment (CDPHE)" runs on: "the
    Environment" spells no CDPHE).
    """
    out = list(mentions)
    for m in mentions:
        found = None if m.label == "PERSON" else _TAIL_BEFORE_SHORT_RE.match(text, m.end)
        if found is None or not any(x is m for x in out):
            continue
        short, tail = found.group(2), found.group(1)
        if _capitals(short) in _initials(m.words) or not _spelled_by(short, (*m.words, *tail.split())):
            continue
        span = doc.char_span(m.start, m.end + len(tail), alignment_mode="contract")
        if span is None:
            continue
        gap = [t for t in doc[span.start : span.end] if t.idx >= m.end]
        if any(t.pos_ in {"VERB", "AUX"} for t in gap) or any(
            t.pos_ == "DET"
            and k + 1 < len(gap)
            and gap[k + 1].text[:1].isupper()
            and _spelled_by(short, [g.text for g in gap[k + 1 :] if g.is_alpha])
            for k, t in enumerate(gap)
        ):
            continue  # "… and the European Central Bank (ECB)": the capitals spell the nearer name
        inside = [x for x in out if m.end <= x.start and x.end <= span.end_char]
        if any(_abbreviates(short, x.words) for x in inside):
            continue
        longer = _make_mention(doc, span.start, span.end, m.label, m.reliable, trim=False)
        if longer is not None:
            out = [x for x in out if not any(x is y for y in inside)]
            out[next(k for k, x in enumerate(out) if x is m)] = longer
    return out


# A short form standing alone: three to eight capitals, not inside a word, a hyphenated one or a dotted one.
_SHORT_FORM_RE: Final = re.compile(r"(?<![\w.&’'-])[A-Z]{3,8}(?![\w&’'-])")
_SPELLED_RUN_MAX: Final = 12
"""The most words a name a short form spells may have, "and", "of", "the" included."""


def _names_short_forms_spell(
    doc: Doc, text: str, mentions: list[_Mention]
) -> tuple[list[_Mention], dict[str, EntityLabel]]:
    """Make one name of the capitalised words whose initials a short form in the article spells.

    News gives a body's full name once and then its initials: "the Irish Nurses and Midwives
    Organisation … INMO assistant director Mary Fogarty". The model may tag only a part of the name
    ("Irish", "Downstream Petroleum Regulatory Authority", "Agency") or cut it at "and"
    ("International Longshore" + "Warehouse Union Canada"). Where capitals elsewhere in the article
    (three to eight, not on an ALL-CAPS or a headline line, and no common noun's: "CEO", "GDP") are
    exactly the initials (``_initials``) of a run of capitalised words with only "and", "of", "the",
    "for" … between, outside such lines, and the model tagged a part of the run, never a person's
    name, the run and the names tagged across its ends are one name: a place where the model tagged
    only one place in it, at its end ("New South Wales" for "NSW"), else an organisation. A run never starts at
    an untagged word opening its sentence that the parse reads as no proper noun ("After Labour Party
    members voted, the ALP said"; "New South Wales minister …" for "NSW" is one), and
    places the model tagged apart stay apart ("North Carolina and South Carolina"). Untagged runs
    stay untagged ("Chief Executive Officer" for "CEO").

    Returns:
        The mentions, and the short forms that spelled a name, with its label.
    """
    lines = _unreliable_lines(text)
    line_starts = [a for a, _ in lines]
    shorts = {
        found.group()
        for found in _SHORT_FORM_RE.finditer(text)
        if found.group() not in _COMMON_SHORT_FORMS and not _in_ranges(lines, line_starts, found.start())
    }
    spelled: dict[str, EntityLabel] = {}
    if not shorts or not mentions:
        return mentions, spelled
    starts = [m.start for m in mentions]
    initials = {short[0] for short in shorts}
    replaced: set[int] = set()
    names: list[_Mention] = []
    k = 0
    while k < len(doc):
        first = doc[k]
        on_line = _in_ranges(lines, line_starts, first.idx)
        found = _spelled_run(doc, k, shorts) if first.text[:1] in initials and not on_line else None
        if found is None:
            k += 1
            continue
        run_end, short = found
        lo_char, hi_char = first.idx, doc[run_end - 1].idx + len(doc[run_end - 1].text)
        at = bisect.bisect_left(starts, lo_char) - 1
        inside = [m for m in mentions[max(0, at) : bisect.bisect_left(starts, hi_char)] if lo_char < m.end]
        # a place only where the place tagged ends the run ("New [South Wales]"), not where it begins an
        # organisation's name ("[United States] Department of Agriculture" for "USDA")
        places = bool(inside) and all(m.label in _PLACE_LABELS for m in inside) and inside[-1].end >= hi_char
        if (
            not inside
            or any(m.label == "PERSON" for m in inside)
            or (len(inside) == 1 and inside[0].start <= lo_char and hi_char <= inside[0].end)
            or (places and len(inside) > 1)
            or (first.is_sent_start and inside[0].start > lo_char and first.pos_ != "PROPN")
        ):
            k += 1
            continue
        lo_char, hi_char = min(lo_char, inside[0].start), max(hi_char, inside[-1].end)
        span = doc.char_span(lo_char, hi_char, alignment_mode="expand")
        label: EntityLabel = inside[0].label if places else "ORG"
        name = None if span is None else _make_mention(doc, span.start, span.end, label, inside[0].reliable, trim=False)
        if name is not None:
            replaced.update(id(m) for m in inside)
            names.append(name)
            spelled.setdefault(short, name.label)
        k = run_end
    if not names:
        return mentions, spelled
    return sorted([m for m in mentions if id(m) not in replaced] + names, key=lambda m: m.start), spelled


_COMMON_SHORT_FORMS: Final = frozenset(
    "CEO CFO COO CTO CIO GDP GNP CPI PMI ICU FDI ACL IPO ETF EPS DNA RNA HIV AIDS PDF URL USB VAT GMT EST PST "
    "EDT PDT CET FAQ ATM SUV MVP RBI ERA PPE PTSD ADHD LGBT LGBTQ GPS LED LCD API TBC TBA RSVP DIY ASAP".split()
)
"""Capitals that stand for common nouns (offices, figures, things), never for a name the article gives."""


def _caps_lines(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the ALL-CAPS lines of ``text``, in order."""
    return [(line.start(), line.end()) for line in re.finditer(r"[^\n]+", text) if line.group().isupper()]


def _spelled_run(doc: Doc, start: int, shorts: AbstractSet[str]) -> tuple[int, str] | None:
    """The end of the run of capitalised words from ``start`` whose initials one of ``shorts`` is, and that one."""
    if not _capitalised_word(doc[start]):
        return None
    words = [doc[start].text]
    for k in range(start + 1, min(start + _SPELLED_RUN_MAX, len(doc))):
        tok = doc[k]
        if tok.lower_ in _ACRONYM_SKIP and tok.text.islower() or tok.text == "&":
            words.append(tok.text)
            continue
        if not _capitalised_word(tok):
            return None
        words.append(tok.text)
        if spelled := _initials(words) & shorts:
            return k + 1, min(spelled)
    return None


def _capitalised_word(tok: Token) -> bool:
    """Tell a word that starts with a capital and has lower-case letters ("Midwives", "McDonald"; not "NATO")."""
    return tok.is_alpha and tok.text[0].isupper() and not tok.text.isupper() and tok.lower_ not in _ACRONYM_SKIP


def _bracketed_acronyms(doc: Doc, text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Give a name's short form in brackets after it the name's label, and its untagged repetitions too.

    A news text introduces an organisation's short form in brackets after its name: "the Korean
    Central News Agency (KCNA)". Capitals spelling the name's initials there (case and dots aside:
    "BoE", "U.N."; ``_spelled_by``'s skipped words) stand for it, whatever the model made of them
    (untagged, or "CSHL" tagged a product); later untagged mentions of the same capitals stand for it
    too, except on an ALL-CAPS line. A person's name is never shortened so ("John Smith (JS)" is no
    name), and capitals with a plural "s" ("Intensive Care Units (ICUs)") are a common noun's. A
    name the model cut short of its bracket runs on to it first (``_names_to_their_short_form``), then
    capitals anywhere make one name of the words they spell (``_names_short_forms_spell``) and stand
    for it wherever they are written so.
    """
    mentions, spelled = _names_short_forms_spell(doc, text, _names_to_their_short_form(doc, text, mentions))
    shorts: dict[str, EntityLabel] = dict(spelled)
    for m in mentions:
        if m.label == "PERSON" or len(m.words) < 2:
            continue
        found = _BRACKETED_SHORT_RE.match(text, m.end)
        if found is None:
            continue
        short = found.group(1).rstrip(".") if found.group(1).count(".") == 1 else found.group(1)
        if short.endswith("s") and short[:-1].isupper():
            continue  # a plural ("Intensive Care Units (ICUs)"): the capitals of a common noun
        capitals = sum(c.isupper() for c in short)
        if 2 <= capitals >= sum(c.islower() for c in short) and _abbreviates(short, m.words):
            shorts.setdefault(short, m.label)
    if not shorts:
        return mentions
    by_span = {(m.start, m.end): m for m in mentions}
    taken = sorted((m.start, m.end) for m in mentions)
    added: list[_Mention] = []
    pattern = "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True))
    caps = _caps_lines(text)
    caps_starts = [a for a, _ in caps]
    for at in re.finditer(rf"(?<![\w.])(?:{pattern})(?![\w])", text):
        label = shorts[at.group()]
        own = by_span.get((at.start(), at.end()))
        if own is not None:
            own.label = label
            continue
        k = bisect.bisect_right(taken, (at.start(), sys.maxsize)) - 1
        if k >= 0 and taken[k][0] <= at.start() < taken[k][1]:
            continue  # part of another name
        if _in_ranges(caps, caps_starts, at.start()):
            continue  # on an ALL-CAPS line capitals are typography: "WHO" in "WHO PAYS?"
        span = doc.char_span(at.start(), at.end())
        if span is None:
            continue
        new = _make_mention(doc, span.start, span.end, label, reliable=True, trim=False)
        if new is not None:
            added.append(new)
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _recover_unreliable(doc: Doc, mentions: list[_Mention], ranges: list[tuple[int, int, bool]]) -> list[_Mention]:
    """Check the model's names on ALL-CAPS and headline lines against the rest of the article.

    On a Title Case headline every word is capitalised, so the model may take common words for a
    name ("Senate Backs Health Care Bill"): a name there is dropped when the article writes one of
    its words in lower case elsewhere ("health"), and kept otherwise: a results-table row, a score
    line or a list of names is made of names, and a one-line item has nothing to check against. On an ALL-CAPS line
    not re-tagged (no ``nlp``) only names known from the rest of the article are kept. On both,
    names known from the rest of the article are found where the model missed them.
    """
    known: dict[str, EntityLabel] = {}
    for m in mentions:
        if m.reliable:
            known.setdefault(_norm(m.text), m.label)
            if m.label == "PERSON" and len(m.words) > 1:
                known.setdefault(_norm(surname(m.words)), "PERSON")
    aliases = _aliases()
    headlines = [(a, b) for a, b, is_caps in ranges if not is_caps]
    heads = [a for a, _ in headlines]
    lower = _lower_words(doc, ranges) if headlines else frozenset()

    def keep(m: _Mention) -> bool:
        if m.reliable or m.retagged or _norm(m.text) in known or _norm(m.text) in aliases:
            return True
        if not _in_ranges(headlines, heads, m.start):
            return False  # an ALL-CAPS line without re-tagging
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", m.text) if w.lower() not in _ACRONYM_SKIP]
        return not any(w in lower for w in words)

    kept = [m for m in mentions if keep(m)]
    taken = {(m.start, m.end) for m in kept}
    longest = max((len(k.split()) for k in known), default=0)
    for lo, hi, _ in ranges:
        span = doc.char_span(lo, hi, alignment_mode="expand")
        if span is None:
            continue
        i = span.start
        while i < span.end:
            matched = 0
            for n in range(min(longest, span.end - i), 0, -1):
                cand = doc[i : i + n]
                label = known.get(_norm(cand.text))
                if label is not None:
                    if not any(s < cand.end_char and cand.start_char < e for s, e in taken):
                        new = _make_mention(doc, i, i + n, label, reliable=False)
                        if new is not None:
                            kept.append(new)
                            taken.add((new.start, new.end))
                    matched = n
                    break
            i += matched or 1
    kept.sort(key=lambda m: m.start)
    return kept


def _lower_words(doc: Doc, ranges: Sequence[tuple[int, int, bool]]) -> frozenset[str]:
    """The words the article writes in lower case outside ``ranges`` (its common words)."""
    starts = [a for a, _, _ in ranges]
    spans = [(a, b) for a, b, _ in ranges]
    return frozenset(t.text for t in doc if t.is_alpha and t.text.islower() and not _in_ranges(spans, starts, t.idx))


def _name_parts(words: Sequence[str]) -> list[str]:
    """A name's words, lower-cased and split at hyphens, without a generational suffix."""
    return [part for w in name_core(words) for part in w.lower().split("-") if part]


_ABBREVIATED_TITLE_RE: Final = re.compile(r"[A-Z]{2,5}")
"""A word of capitals before a surname: a title's abbreviation ("DPP", "ASP", "IGP") or a person's initials."""


def _capitals_before_surname(words: Sequence[str], named: _Mention, text: str) -> bool:
    """Tell "DPP Lau" or "MS Dhoni" (capitals, then the surname) as the person named in full before.

    The capitals must be the initials of the title before the full name ("Deputy Public Prosecutor
    Charmaine Lau … DPP Lau told the court") or of its given names ("Mahendra Singh Dhoni … MS
    Dhoni"): with a common surname another title names somebody else ("Defence lawyer Rachel Lim …
    DPP Lim").
    """
    if (
        len(words) != 2
        or len(named.words) < 2
        or _ABBREVIATED_TITLE_RE.fullmatch(words[0]) is None
        or _name_parts(words[1:]) != _name_parts([surname(named.words)])
    ):
        return False
    capitals = words[0]
    given = "".join(w[0] for w in named.words[:-1]).upper()
    title = re.findall(r"[A-Z][\w-]*", text[max(0, named.start - 80) : named.start])
    initials = "".join(w[0] for w in title[-len(capitals) :])
    return capitals in {given, initials}


def _same_person(a: Sequence[str], b: Sequence[str]) -> bool:
    """Tell whether two full names (``_name_parts``) name one person.

    The same surname, and the words of one among the other's ("Kim Jong Un", "Kim Jong-Un"), or a
    first name that is a known short form of the other's ("Pat Carlineo", "Patrick W. Carlineo"; not
    "Alex Smith" and "Alexandra Smith").
    """
    if a[-1] != b[-1]:
        return False
    if set(a) <= set(b) or set(b) <= set(a):
        return True
    short, long = sorted((a[0], b[0]), key=len)
    rest_a, rest_b = set(a[1:]), set(b[1:])
    return shortened(short, long) and (rest_a <= rest_b or rest_b <= rest_a)


def _cluster(mentions: list[_Mention], text: str) -> list[_Cluster]:
    """Merge mentions into canonical entities (persons by surname, aliases, acronyms, exact names)."""
    aliases = _aliases()
    clusters: list[_Cluster] = []
    by_alias: dict[str, int] = {}
    by_name: dict[str, int] = {}
    persons: list[tuple[int, _Mention]] = []  # full-name person mentions seen so far, in order

    def new_cluster(m: _Mention, alias: _Alias | None = None) -> int:
        clusters.append(_Cluster(alias=alias))
        return len(clusters) - 1

    # Full names first, so a surname can join a person named later in the text (e.g. a headline).
    # Names are compared by their hyphen-split parts: "Kim Jong-Un" is "Kim Jong Un".
    # Only a name with the same last part can be the same person, or one whose surname follows the
    # capitals ("DPP Lau"): the names before are looked up by both (numbered in order), not each read.
    full_names = [m for m in mentions if m.label == "PERSON" and len(m.words) > 1]
    by_last: dict[str, list[int]] = {}
    by_surname: dict[tuple[str, ...], list[int]] = {}
    for m in full_names:
        parts = _name_parts(m.words)
        candidates = by_last.get(parts[-1], []) if parts else []
        if len(m.words) == 2:
            candidates = sorted({*candidates, *by_surname.get(tuple(_name_parts(m.words[1:])), ())})
        for n in reversed(candidates):
            idx, prior = persons[n]
            before = _name_parts(prior.words)
            if (parts and before and _same_person(parts, before)) or _capitals_before_surname(m.words, prior, text):
                m.cluster = idx
                break
        else:
            m.cluster = new_cluster(m)
        if parts:
            by_last.setdefault(parts[-1], []).append(len(persons))
        by_surname.setdefault(tuple(_name_parts([surname(m.words)])), []).append(len(persons))
        persons.append((m.cluster, m))
        by_name.setdefault(_norm(m.text), m.cluster)

    surnames: dict[str, list[tuple[int, int]]] = {}  # (start, cluster) of full names, by last word
    firsts: dict[str, list[tuple[int, int]]] = {}  # the same, by first word
    genders: dict[int, str] = {}  # cluster -> gender its first names tell
    for idx, m in persons:
        first = _first_name_genders().get(m.words[0].lower())
        if first is not None:
            genders.setdefault(idx, first)
        surnames.setdefault(surname(m.words).lower(), []).append((m.start, idx))
        firsts.setdefault(m.words[0].lower(), []).append((m.start, idx))

    for m in mentions:
        if m.cluster >= 0:
            continue
        key = _norm(m.text)
        alias = aliases.get(key)
        if alias is not None:
            if alias.name not in by_alias:
                by_alias[alias.name] = new_cluster(m, alias)
            m.cluster = by_alias[alias.name]
            continue
        if len(m.words) == 1 and m.label in _PERSONISH:
            # A one-word name refers back to the person last named with it as the surname; failing
            # that, to the one person named before with it as the first word (a given name, or the
            # surname in surname-first names: "Kim" after "Kim Jong-Un"); failing that, to a person
            # named later (a headline comes before the full name). A surname tagged ORG/GPE only
            # joins a person already named, to spare places named like people.
            owners = surnames.get(key, [])
            earlier = [idx for start, idx in owners if start < m.start]
            gender = _honorific_gender(text, m.start)
            if gender is not None and len(set(earlier)) > 1:
                # "Grace and Martin Whitlock … Mr. Whitlock": the one whose first name tells that gender,
                # else one whose first name tells none.
                earlier = (
                    [idx for idx in earlier if genders.get(idx) == gender]
                    or [idx for idx in earlier if genders.get(idx) is None]
                    or earlier
                )
            earlier_firsts = {idx for start, idx in firsts.get(key, ()) if start < m.start}
            if earlier:
                m.cluster = earlier[-1]
            elif m.label == "PERSON" and len(earlier_firsts) == 1:
                m.cluster = next(iter(earlier_firsts))
            elif m.label == "PERSON" and owners:
                m.cluster = owners[0][1]
            elif m.label == "PERSON" and len({idx for _, idx in firsts.get(key, ())}) == 1:
                m.cluster = firsts[key][0][1]
            if m.cluster >= 0:
                m.label = "PERSON"
                continue
        name_key = _org_key(m.words) if m.label == "ORG" else key
        if name_key in by_name:
            m.cluster = by_name[name_key]
            continue
        m.cluster = new_cluster(m)
        by_name[name_key] = m.cluster

    # Acronyms of longer names ("FBI" after "Federal Bureau of Investigation"), and the capitals in
    # brackets after a name that spell it with words skipped ("… et des pêches (IMROP)").
    long_names: dict[str, int] = {}
    for m in mentions:
        if len(m.words) > 1 and m.label != "PERSON":
            long_names.setdefault(_acronym(m.words), m.cluster)
            bracketed = _BRACKETED_SHORT_RE.match(text, m.end)
            if bracketed is not None and _spelled_by(bracketed.group(1), m.words):
                long_names.setdefault(bracketed.group(1).replace(".", ""), m.cluster)
    for m in mentions:
        # The initials of a long name's words before the country it ends with stand for it where no name
        # has them whole: "ILWU" for "International Longshore and Warehouse Union Canada".
        if len(m.words) > 3 and m.label != "PERSON":
            for n in range(3, len(m.words)):
                if len(short := _acronym(m.words[:n])) >= 3 and place_key(" ".join(m.words[n:])) in _countries():
                    long_names.setdefault(short, m.cluster)
    for m in mentions:
        word = m.text.replace(".", "")
        if len(m.words) == 1 and 2 <= len(word) <= 6 and word.isupper() and clusters[m.cluster].alias is None:
            target = long_names.get(word)
            if target is not None and target != m.cluster and len(clusters[m.cluster].mentions) == 0:
                m.cluster = target

    for m in mentions:
        clusters[m.cluster].mentions.append(m)
    return [c for c in clusters if c.mentions]


def _label(cluster: _Cluster) -> EntityLabel:
    """The label of a canonical entity.

    The alias table's; else PERSON for a person named in full or a surname of the curated table of
    well-known people ("Trump", which the model often tags ORG); else the mentions' majority.
    """
    if cluster.alias is not None:
        return cluster.alias.label
    if any(len(m.words) == 1 and _fold(m.text) in _people() for m in cluster.mentions):
        return "PERSON"
    votes = Counter(m.label for m in cluster.mentions)
    if votes["PERSON"] and any(m.label == "PERSON" and len(m.words) > 1 for m in cluster.mentions):
        return "PERSON"
    best = max(votes.values())
    return next(m.label for m in cluster.mentions if votes[m.label] == best)


def _name(cluster: _Cluster, label: str, quoted: Collection[tuple[int, int]]) -> str:
    """The display name of a cluster: its fullest name as the article's own narration writes it.

    Mentions inside quotations (a nickname or an insult: "Sleepy Joe Biden") and on ALL-CAPS or
    headline lines name the entity only when the narration never does.
    """
    if cluster.alias is not None:
        return cluster.alias.name
    narrated = [m for m in cluster.mentions if not any(a <= m.start < b for a, b in quoted)] or cluster.mentions
    pool = [m for m in narrated if m.reliable] or [m for m in narrated if m.retagged] or narrated
    best = max(pool, key=lambda m: (len(m.words), not m.text.isupper(), len(m.text), -m.start))
    # A person's name in capitals is typography (a transcript's "BARACK OBAMA:", a caps line).
    typographic = best.retagged or (label == "PERSON" and len(best.words) > 1)
    name = _title_case(best.text) if typographic and best.text.isupper() else best.text
    if label == "PERSON" and len(best.words) == 1:
        name = _people().get(_fold(name), name)  # "Putin" alone is displayed as "Vladimir Putin"
    return name


def tag_entities(
    doc: Doc, nlp: Language | None = None, *, rules: Collection[str] = DEFAULT_RULES
) -> tuple[tuple[EntityMention, ...], tuple[CanonicalEntity, ...]]:
    """Clean the named entities of a parsed article and merge them into canonical entities.

    Salience is each entity's share of all mention weight, where a mention weighs 1 plus up to 1
    more the earlier it occurs (a lead mention counts about twice a closing one).

    Args:
        doc: The spaCy parse of the clean body (may be rebuilt from a ``DocBin``).
        nlp: Optional pipeline to re-tag ALL-CAPS lines: each is title-cased (same length, so offsets
            match) and run through ``nlp``, and its entities replace the model's on that line. Without
            it, such lines keep only names known from the rest of the article.
        rules: The post-processing rules to run (names of ``ENTITY_RULES``); all by default.

    Returns:
        The mentions in text order (offsets into ``doc.text``; ``canonical``/``key`` filled in),
        and the canonical entities ordered by first mention.
    """
    unknown = set(rules) - set(ENTITY_RULES)
    if unknown:
        msg = f"unknown entity rules {sorted(unknown)}; choose from {sorted(ENTITY_RULES)}"
        raise ValueError(msg)
    text = doc.text  # spaCy joins every token for each ``Doc.text``: once here
    quoted = find_quote_marks(text)
    mentions = _collect(doc, text, quoted, nlp, rules)
    if not mentions:
        return (), ()
    own_labels = {id(m): m.label for m in mentions}
    clusters = _cluster(mentions, text)
    size = max(len(text), 1)
    weights = [sum(1.0 + (1.0 - m.start / size) for m in c.mentions) for c in clusters]
    total = sum(weights)
    # Clusters the rules kept apart can still share a key (a curated alias maps "Zelensky" and
    # "Volodymyr Zelensky" to one person): one canonical entity per key, named by its fullest name.
    groups: dict[str, list[tuple[_Cluster, float, EntityLabel, str]]] = {}
    for cluster, weight in zip(clusters, weights, strict=True):
        label = _label(cluster)
        name = _name(cluster, label, quoted)
        groups.setdefault(entity_key(label, name), []).append((cluster, weight, label, name))
    out_mentions: list[EntityMention] = []
    out_entities: list[CanonicalEntity] = []
    for key, group in groups.items():
        _, _, label, name = max(group, key=lambda g: (len(g[3].split()), len(g[3]), len(g[0].mentions)))
        members = sorted((m for g in group for m in g[0].mentions), key=lambda m: (m.start, m.end))
        aliases: list[str] = []
        for m in members:
            if m.text != name and m.text not in aliases:
                aliases.append(m.text)
            own = label if "merged_labels" in rules else own_labels[id(m)]
            out_mentions.append(
                EntityMention(text=m.text, label=own, start=m.start, end=m.end, canonical=name, key=key)
            )
        out_entities.append(
            CanonicalEntity(
                key=key,
                name=name,
                label=label,
                mentions=len(members),
                first_offset=members[0].start,
                salience=round(min(1.0, sum(g[1] for g in group) / total), 4),
                aliases=tuple(aliases),
            )
        )
    out_mentions.sort(key=lambda e: (e.start, e.end))
    out_entities.sort(key=lambda e: e.first_offset)
    return tuple(out_mentions), tuple(out_entities)


def parse_title(nlp: Language, title: str) -> Doc:
    """The title as a line of its own, tagged for ``tag_title`` (tags and entities; no parse is read)."""
    return _tag_lines(nlp, [title + "\n\n"])[0]


def tag_title(
    title: Doc,
    body: Doc,
    body_mentions: Sequence[EntityMention],
    nlp: Language | None = None,
    *,
    rules: Collection[str] = DEFAULT_RULES,
) -> tuple[EntityMention, ...]:
    """The entity mentions of an article's title, linked to the entities of its body.

    The title is read as the first line of the article: ``tag_entities`` runs over the title and the
    body joined, so the rules for headline and ALL-CAPS lines check the title's names against the
    body as they check any headline line, and a surname in the title joins the person the body names
    in full. A title mention whose entity the body also mentions takes the label, canonical name and
    key the body's own tagging gave it (``body_mentions``), so one key has one label; a one-word name
    the body uses for one person only is that person (``_body_person``); any other keeps the joined
    reading's.

    Args:
        title: The title followed by a blank line, so that it is a line of its own (``parse_title``).
        body: The parse of the clean body (the one ``body_mentions`` were tagged on).
        body_mentions: ``tag_entities(body, ...)``'s mentions.
        nlp: As for ``tag_entities``.
        rules: As for ``tag_entities``.

    Returns:
        The title's mentions in order, with offsets into ``title.text``.
    """
    if not title.text.strip():
        return ()
    if len(body) == 0:
        return tag_entities(title, nlp, rules=rules)[0]
    joined = Doc.from_docs([title, body], ensure_whitespace=True)
    shift = joined[len(title)].idx - body[0].idx  # where the body starts in the joined text
    mentions, _ = tag_entities(joined, nlp, rules=rules)
    by_span = {(m.start, m.end): m for m in body_mentions}
    in_body: dict[str, EntityMention] = {}  # joined key -> the body's own mention of that entity
    for m in mentions:
        if m.start >= shift and m.key not in in_body and (own := by_span.get((m.start - shift, m.end - shift))):
            in_body[m.key] = own
    out = []
    for m in mentions:
        if m.end > len(title.text):
            break
        own = in_body.get(m.key)
        if own is not None:
            m = m.model_copy(update={"label": own.label, "canonical": own.canonical, "key": own.key})
        elif (person := _body_person(m, body_mentions)) is not None:
            m = m.model_copy(update={"label": "PERSON", "canonical": person.canonical, "key": person.key})
        out.append(m)
    return tuple(out)


def _body_person(m: EntityMention, body_mentions: Sequence[EntityMention]) -> EntityMention | None:
    """The body's person a one-word title name means, when the model read the title's word as something else.

    A headline names people by surname ("Scholz says …"), where the model often reads an
    organisation or a place. The title's word is the person's when the body uses that very word for
    one person ("Olaf Scholz … Scholz told reporters") and never for anything else ("Washington
    warns …" stays a place in an article naming the city).
    """
    if m.label == "PERSON" or " " in m.text.strip():
        return None
    word = m.text.casefold()
    people: dict[str, EntityMention] = {}
    for b in body_mentions:
        if b.text.casefold() == word:
            if b.label != "PERSON":
                return None
            people.setdefault(b.key, b)
    return next(iter(people.values())) if len(people) == 1 else None
