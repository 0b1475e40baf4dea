"""Public article records: what scrapers send and what downstream teams receive.

``RawArticle`` (``raw_article/1``) is the input contract on the raw topic and ``POST /articles``.
``EnrichedArticle`` (``enriched_article/1``) is the output contract on the sink topic. Both are
frozen pydantic models; their JSON Schemas are generated into ``schemas/jsonschema/`` and a
contract test fails when a model changes without the committed file.

All ``start``/``end`` offsets are character offsets into ``EnrichedArticle.text``
(Python ``str`` indices, i.e. Unicode code points), end exclusive.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    field_validator,
    model_validator,
)

__all__ = [
    "RAW_FIELD_LIMITS",
    "ArticleStance",
    "CanonicalEntity",
    "EnrichedArticle",
    "EntityLabel",
    "EntityMention",
    "EntityStance",
    "Quote",
    "EventEffect",
    "Origin",
    "QuoteKind",
    "ReportKind",
    "QuoteStance",
    "RawArticle",
    "Speaker",
    "SkippedStage",
    "SpeakerStance",
    "Stance",
    "StanceLabel",
    "article_id_for_url",
    "is_storable_time",
]

EntityLabel = Literal[
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
]
"""Named-entity types kept in the enriched event (spaCy/OntoNotes names; numeric types dropped)."""

QuoteKind = Literal["direct", "partial", "indirect", "scare"]
ReportKind = Literal["speech", "communication", "attitude", "evidence", "noun", "sourcing", "headline"]
"""How an indirect quote is reported: ``speech`` (said that …), ``communication`` (urged X to …,
described X as …), ``attitude`` (wants, plans, supports …), ``evidence`` (a poll shows …, a study
found …), ``noun`` (his pledge to …, the conclusion that …), ``sourcing`` (according to X, reportedly),
``headline`` (Poll: …)."""
StanceLabel = Literal["negative", "neutral", "positive"]
EventEffect = Literal["good_for", "bad_for"]

Score = Annotated[float, Field(ge=-1.0, le=1.0)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
NonEmpty = Annotated[str, Field(min_length=1)]


def article_id_for_url(url: str) -> str:
    """Derive the stable article id from its URL: 16 hex digits of SHA-256 over the trimmed URL.

    >>> article_id_for_url("https://example.com/a")
    '2dce0a4c50441bfc'
    """
    return hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:16]


def _as_utc(value: datetime | None) -> datetime | None:
    """Read naive timestamps as UTC: scrapers often drop the zone, rejecting them loses articles."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


# A number given for a time is a Unix time: seconds, or milliseconds from 1e11 (1e11 seconds is year
# 5138). One under a year's seconds (1971-01-01) or from 1e14 on (microseconds) is a count or a unit
# the sender got wrong, not a time: refused, as parsing it would store 1970 or year 1 as the time.
# An integer of eight digits is ISO 8601's basic form of a date (YYYYMMDD), in a string or not: as
# seconds it would be a time before March 1973 (or, under a year of seconds, a count), when no scraper
# ran; one that is no date is refused.
_UNIX_MIN = 31_536_000
_UNIX_MILLISECONDS_FROM = 1e11
_UNIX_MAX = 1e14
_COMPACT_DATE = re.compile(r"\d{8}")


_URL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A number written as a string: "1700000000", "-5", "1.5", "1.5e1" (pydantic would read any of them as
# Unix time, with no check of its range).
_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _as_float(value: str | float) -> float:
    """``float(value)``, infinite for an integer too long for a float (JSON allows integers of any length)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def _time_given(value: Any) -> Any:
    """A JSON number or a number in a string for a time: the time it means, or a ValueError saying why none.

    Eight digits (``"20240101"``, ``20240101``) are ISO 8601's basic form of a date; other numbers, in a string or not, are Unix
    time in seconds, or milliseconds from 1e11 on (``_UNIX_MILLISECONDS_FROM``). Anything else (an
    ISO string, a datetime) is left to pydantic's parsing.

    >>> [_time_given(v).isoformat() for v in ("20240101", 1_700_000_000, "1700000000000", "1.7e9")]
    ['2024-01-01T00:00:00+00:00', '2023-11-14T22:13:20+00:00', '2023-11-14T22:13:20+00:00', '2023-11-14T22:13:20+00:00']
    """
    number: float | None = None
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(text := value.strip()):
        if _COMPACT_DATE.fullmatch(text):
            return _compact_date(text, value)
        number = _as_float(text)
    elif isinstance(value, int) and not isinstance(value, bool) and 10_000_000 <= value <= 99_999_999:
        return _compact_date(str(value), value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = _as_float(value)
    if number is None:
        return value
    if not (_UNIX_MIN <= number < _UNIX_MAX):  # also NaN
        msg = (
            f"{repr(value)[:24]} is not a time: a number is read as Unix time in seconds (or milliseconds from 1e11), "
            "after 1971; send an ISO 8601 time such as 2024-05-01T12:00:00Z, or leave the field out"
        )
        raise ValueError(msg)
    seconds = number / 1000 if number >= _UNIX_MILLISECONDS_FROM else number
    return datetime.fromtimestamp(seconds, UTC)


def _compact_date(digits: str, value: Any) -> datetime:
    """Eight digits as ISO 8601's basic form of a date, or a ValueError saying they are none."""
    try:
        return datetime.strptime(digits, "%Y%m%d").replace(tzinfo=UTC)
    except ValueError:
        msg = (
            f"{value!r} is not a time: eight digits are read as a date, YYYYMMDD, and these are no date; "
            "send an ISO 8601 time such as 2024-05-01T12:00:00Z, or leave the field out"
        )
        raise ValueError(msg) from None


_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)


def is_storable_time(value: datetime) -> bool:
    """Whether an aware time lies strictly between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z.

    Outside that range the time has no UTC value in Python (``0001-01-01T00:00:00+14:00`` is in year 0
    in UTC), so PostgreSQL's driver cannot send it; the two ends themselves are what the driver writes
    as ``-infinity`` and ``infinity``.

    >>> is_storable_time(datetime(2024, 5, 1, tzinfo=UTC))
    True
    >>> is_storable_time(datetime.fromisoformat("9999-12-31T23:59:59-12:00"))
    False
    """
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        return False
    return _EARLIEST < utc < _LATEST


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


def _trim_id(given: str) -> str:
    """An id without the spaces and invisible format characters (Unicode category Cf) around it."""
    lo, hi = 0, len(given)
    while lo < hi and (given[lo].isspace() or unicodedata.category(given[lo]) == "Cf"):
        lo += 1
    while hi > lo and (given[hi - 1].isspace() or unicodedata.category(given[hi - 1]) == "Cf"):
        hi -= 1
    return given[lo:hi]


class Origin(_Record):
    """Where an input entered the pipeline: its message on the raw topic. Follows the article through the stages."""

    topic: str
    partition: int | None = None
    offset: int | None = None
    timestamp_ms: int | None = Field(
        default=None,
        description="The raw message's broker timestamp (milliseconds since the epoch, as Kafka gives it): with "
        "topic, partition and offset it names the message even where offsets restart (an embedded memory broker "
        "that restarted).",
    )


RAW_FIELD_LIMITS: dict[str, int] = {"title": 2_000, "source": 500, "language": 35}
"""Longest accepted metadata of a raw article, in characters (``id`` and ``url`` have theirs in the model)."""

_TIME_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}],
    "default": None,
    "description": "ISO 8601 (a date, or a date and time; naive times are read as UTC), "
    "or Unix time in seconds, or in milliseconds from 1e11 on (a number or a string of digits); "
    "eight digits, 20240101 or '20240101', are a date (YYYYMMDD).",
}


def _raw_article_schema(schema: dict[str, Any]) -> None:
    """The published ``raw_article/1`` schema says what the pipeline accepts, not only what the model stores.

    An absent, null, empty or blank ``id`` is derived from the URL; a null body counts as absent, so
    exactly one of ``html`` and ``text`` is a non-empty string; times come in several forms
    (``RawArticle._numeric_time``); metadata has the length limits ``RAW_FIELD_LIMITS``.
    """
    props = schema["properties"]
    props["id"] = {
        "anyOf": [{"type": "string", "maxLength": 200}, {"type": "null"}],
        "default": None,
        "description": props["id"]["description"],
        "title": "Id",
    }
    for name in ("published_at", "fetched_at"):
        props[name] = {**_TIME_SCHEMA, "title": props[name]["title"]}
    for name, limit in RAW_FIELD_LIMITS.items():
        props[name]["anyOf"][0]["maxLength"] = limit
    schema["oneOf"] = [
        {"required": [body], "properties": {body: {"type": "string", "minLength": 1}}} for body in ("html", "text")
    ]


class RawArticle(_Record):
    """One scraped article as a scraper sends it: a URL and exactly one of ``html`` or ``text``."""

    model_config = ConfigDict(frozen=True, extra="ignore", json_schema_extra=_raw_article_schema)
    schema_version: Literal["raw_article/1"] = "raw_article/1"
    id: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        default="",
        description="Stable id, without surrounding spaces; derived from the URL when absent or blank "
        "(article_id_for_url).",
    )
    url: Annotated[
        str,
        Field(
            min_length=1,
            max_length=4096,
            pattern=r"^(?i:https?|file)://\S+$",
            description="Where the article lives: an http(s) URL, or file:// for local files.",
        ),
    ]
    html: NonEmpty | None = Field(default=None, description="The fetched page, as HTML.")
    text: NonEmpty | None = Field(default=None, description="The article as plain text.")
    title: str | None = None
    source: str | None = None
    published_at: datetime | None = Field(default=None, description="Naive times are read as UTC.")
    language: str | None = Field(default=None, description="ISO 639-1 code if the scraper knows it.")
    fetched_at: datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data: Any) -> Any:
        """Trim the given id; a missing or blank one (``"   "``, ``"\u200b"``) is derived from the URL.

        A blank id would make every such article one row; spaces and invisible format characters
        (a zero-width space, a stray byte order mark) around an id are a scraper's formatting, so
        ``" a-1 "`` and ``"a-1"`` are one article.
        """
        if not isinstance(data, dict):
            return data
        given = data.get("id")
        if isinstance(given, str) and given != (trimmed := _trim_id(given)):
            data = {**data, "id": trimmed}
        given = data.get("id")
        if (given is None or given == "") and isinstance(data.get("url"), str):
            # Only an absent, null or blank id is derived: 0, false, [] or {} is a wrong type, refused.
            return {**data, "id": article_id_for_url(data["url"])}
        return data

    @model_validator(mode="after")
    def _exactly_one_body(self) -> RawArticle:
        if (self.html is None) == (self.text is None):
            msg = "exactly one of 'html' or 'text' must be given and non-empty"
            raise ValueError(msg)
        return self

    @field_validator("url")
    @classmethod
    def _url_of_a_page(cls, value: str) -> str:
        """An http(s) URL names a host (and a valid port); no URL holds control characters."""
        if _URL_CONTROLS.search(value):
            msg = "the URL holds control characters; send it as the page's address, percent-encoded"
            raise ValueError(msg)
        parts = urlsplit(value)
        if parts.scheme.lower() in {"http", "https"}:
            if not parts.hostname:
                msg = "the URL names no host; send the page's full address (https://host/path)"
                raise ValueError(msg)
            _ = parts.port  # a ValueError for a port out of range ("port could not be cast …")
        return value

    @field_validator("published_at", "fetched_at", mode="before")
    @classmethod
    def _numeric_time(cls, value: Any) -> Any:
        return _time_given(value)

    @field_validator("published_at", "fetched_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        value = _as_utc(value)
        if value is not None and not is_storable_time(value):
            msg = (
                "time is outside the storable range (after 0001-01-01T00:00:00Z and before "
                "9999-12-31T23:59:59.999999Z once converted to UTC); send the real time, or leave the field out "
                "when it is unknown"
            )
            raise ValueError(msg)
        return value


class EntityMention(_Record):
    """One mention of a named entity in the text."""

    text: str
    label: EntityLabel
    start: NonNegativeInt
    end: NonNegativeInt
    canonical: str = Field(description="The entity's fullest name in this article.")
    key: str = Field(description="Stable cross-article key of the canonical entity.")


class CanonicalEntity(_Record):
    """One distinct entity of the article, with its mentions merged."""

    key: str = Field(description="Stable cross-article key, e.g. 'person:vladimir_putin'.")
    name: str
    label: EntityLabel
    mentions: NonNegativeInt
    first_offset: NonNegativeInt
    salience: Unit = Field(description="Share of attention in the article, 0..1.")
    aliases: tuple[str, ...] = ()


class Speaker(_Record):
    """Who a quote is attributed to. ``start``/``end`` locate the mention that names or refers to them."""

    name: str = Field(description="Canonical name, e.g. 'Josh Earnest' even when the text says 'he'.")
    key: str | None = None
    mention: str | None = Field(default=None, description="The words in the text, e.g. 'he'.")
    start: NonNegativeInt | None = None
    end: NonNegativeInt | None = None


class Quote(_Record):
    """A quoted or reported statement."""

    text: str
    start: NonNegativeInt
    end: NonNegativeInt
    kind: QuoteKind
    cue: str | None = Field(default=None, description="Speech verb or phrase, e.g. 'said', 'according to'.")
    speaker: Speaker | None = None
    report: ReportKind | None = Field(
        default=None,
        description="For indirect quotes: how the statement is reported (speech, communication, attitude, "
        "evidence, noun, sourcing, headline), so consumers can keep the families they trust.",
    )
    confidence: Unit | None = Field(
        default=None,
        description="For indirect quotes: the precision the family of this attribution measured on the "
        "project's dev set (0..1); a filter threshold, not a calibrated probability of this one quote.",
    )


class Stance(_Record):
    """A stance label and its signed strength."""

    label: StanceLabel
    score: Score


class EntityStance(_Record):
    """The article's stance toward one canonical entity, over all its mentions."""

    key: str
    name: str
    label: StanceLabel
    score: Score
    mentions: NonNegativeInt


class QuoteStance(_Record):
    """The stance a quote takes toward one entity it mentions."""

    quote: NonNegativeInt = Field(description="Index into EnrichedArticle.quotes.")
    speaker: str | None
    target: str
    target_key: str
    label: StanceLabel
    score: Score
    event: str | None = Field(
        default=None,
        description="When the target is the object of an action the quote judges ('sanctions on Vestria', "
        "'military aid to Vestria'): that action's words. The stance is then the quote's view of the action, "
        "reversed when the action is bad for the target (event_effect). None: the view of the target's own mention.",
    )
    event_effect: EventEffect | None = Field(
        default=None, description="Whether the action in 'event' is good or bad for the target."
    )


class SpeakerStance(_Record):
    """A speaker's stance toward a target, aggregated over their quotes in the article."""

    speaker: str
    target: str
    target_key: str
    label: StanceLabel
    score: Score
    quotes: NonNegativeInt


class ArticleStance(_Record):
    """Stance per entity, per quote, per speaker -> target, and the article's overall tone."""

    tone: Stance
    entities: tuple[EntityStance, ...] = ()
    quotes: tuple[QuoteStance, ...] = ()
    speakers: tuple[SpeakerStance, ...] = ()


class SkippedStage(_Record):
    """A stage that did not run on this article, and why (e.g. no model for its language)."""

    stage: str = Field(description="The stage's name, e.g. 'tag_entities'.")
    reason: str = Field(description="Why it did not run, for people: e.g. \"no spaCy pipeline for 'ko'\".")


class EnrichedArticle(_Record):
    """An article after cleaning, entity tagging, quote attribution and stance scoring."""

    schema_version: Literal["enriched_article/1"] = "enriched_article/1"
    id: str
    url: str
    source: str | None
    title: str | None
    author: str | None
    published_at: AwareDatetime | None
    language: str
    tags: tuple[str, ...] = ()
    text: str = Field(description="The clean body; all offsets point into it.")
    body_hash: str = Field(description="SHA-256 of the normalised body, for duplicate detection.")
    entities: tuple[EntityMention, ...]
    canonical_entities: tuple[CanonicalEntity, ...]
    quotes: tuple[Quote, ...]
    stance: ArticleStance
    fetched_at: AwareDatetime | None = None
    received_at: AwareDatetime | None = Field(
        default=None,
        description="When the pipeline received this version of the article (its raw message's time). "
        "Versions without fetched_at are ordered by it; a replay or backfill keeps the version's own.",
    )
    origin: Origin | None = Field(
        default=None,
        description="The raw-topic message this version entered by, so an enriched event can be traced to its input "
        "(`newsflow audit` checks that every raw message has its outcome). Null for a replay or backfill, which "
        "enters by the clean topic. Not part of the content: the same article sent twice is the same content.",
    )
    processed_at: AwareDatetime
    pipeline_version: str
    skipped_stages: tuple[SkippedStage, ...] = Field(
        default=(),
        description="Stages that did not run on this article, with the reason. Empty: every stage ran, so "
        "no entities or quotes means none were found; a skipped stage's fields are empty because nothing "
        "was attempted (and the stance tone is a neutral 0).",
    )
    title_entities: tuple[EntityMention, ...] = Field(
        default=(),
        description="Entity mentions in `title` (offsets into the title, not the text). The title is read as "
        "the line above the body: a mention of an entity the body also names carries the body's label, canonical "
        "name and key for it (a one-word name the body uses for one person only is that person); one named only "
        "in the title has its own key and is not in canonical_entities. Not scored for stance.",
    )
    title_quotes: tuple[Quote, ...] = Field(
        default=(),
        description="Quotes in `title` within quotation marks (direct, partial, scare; offsets into the title, not "
        "the text), attributed as in `quotes`: \"'We will win,' says Johnson\", \"Johnson: 'We will win'\". A speaker "
        "the body names carries the body's canonical name and key (see `title_entities`). Reported speech in a "
        "headline is not read. Not scored for stance.",
    )
    dateline: str | None = Field(
        default=None,
        description='The place of the dateline line cleaning cut from the top of the body ("LONDON" of '
        '"LONDON 1996-08-30"); null when there was none, or when it was kept as the whole text of a brief.',
    )
