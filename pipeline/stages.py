"""The stage functions: one pure function per hop of the topology (``pipeline.topology``).

Each takes the decoded input, the value its stage's ``prepare`` made for it (or ``None``), and a
:class:`StageContext` (the clock, the models and the limits), and returns the stage's output record.
They raise a ``PermanentError`` for an input they refuse; the runner turns any exception into a
dead letter for that input alone.

The NLP libraries are imported inside the functions that use them: the topology (and with it the
topic names every process needs) imports this module, and the web server and CLI should not pay
for spaCy and the stance model to know a topic's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING

from pipeline.errors import BodyTooLarge
from pipeline.ingest import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_MESSAGE_BYTES, RESULT_GROWTH
from pipeline.languages import LANGUAGES
from schemas.articles import ArticleStance, EnrichedArticle, Quote, RawArticle, SkippedStage, Stance, is_storable_time
from schemas.internal import CleanArticle, Origin, StagedArticle, article_fields

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from pipeline.stance import StanceModel

__all__ = [
    "DEFAULT_MAX_DEAD_LETTER_PAYLOAD_BYTES",
    "DEFAULT_MIN_BODY_CHARS",
    "Incoming",
    "Parsed",
    "StageContext",
    "attribute_article_quotes",
    "clean_article",
    "language_gap",
    "parse_articles",
    "received_time",
    "score_article_stance",
    "tag_article",
]

DEFAULT_MIN_BODY_CHARS = 1
DEFAULT_MAX_DEAD_LETTER_PAYLOAD_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class StageContext:
    """What a stage may read besides its input: the clock, the models, the limits.

    Runners build one per batch (``now`` is the batch's time); models are loaded by the caller,
    which is why they are optional here: a stage that needs one calls ``require_nlp`` /
    ``require_stance``.

    ``nlp`` is the worker's main spaCy pipeline (English by default) and ``pipelines`` the pipeline of
    each language it handles, keyed by language code; ``nlp`` counts for its own language when
    ``pipelines`` lacks it, so a context with only ``nlp`` handles that one language.
    """

    now: datetime
    version: str = ""
    nlp: Language | None = None
    pipelines: Mapping[str, Language] = field(default_factory=lambda: MappingProxyType({}))
    stance: StanceModel | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    min_body_chars: int = DEFAULT_MIN_BODY_CHARS
    fallback_language: str | None = "en"
    max_dead_letter_payload_bytes: int = DEFAULT_MAX_DEAD_LETTER_PAYLOAD_BYTES
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES

    @property
    def max_text_bytes(self) -> int:
        """The longest clean text (UTF-8 bytes) whose results fit a message: ``max_message_bytes / RESULT_GROWTH``."""
        return self.max_message_bytes // RESULT_GROWTH

    def require_nlp(self) -> Language:
        """The spaCy pipeline; raises ``RuntimeError`` when the runner did not load it."""
        if self.nlp is None:
            msg = "this stage needs the spaCy pipeline: the runner must load it (Stage.needs has 'nlp')"
            raise RuntimeError(msg)
        return self.nlp

    def pipeline_for(self, language: str) -> Language | None:
        """The spaCy pipeline for ``language``, or ``None`` when this worker has none."""
        found = self.pipelines.get(language)
        if found is None and self.nlp is not None and self.nlp.lang == language:
            return self.nlp
        return found

    def languages(self) -> tuple[str, ...]:
        """The languages this context has a pipeline for, in load order (``nlp``'s first)."""
        codes = [self.nlp.lang] if self.nlp is not None and self.nlp.lang else []
        return tuple(dict.fromkeys([*codes, *self.pipelines]))

    def nlp_for(self, language: str) -> Language:
        """The pipeline for ``language``, else the main one (it makes the empty parse of a skipped article).

        Raises:
            RuntimeError: the runner loaded no pipeline at all.
        """
        found = self.pipeline_for(language)
        if found is not None:
            return found
        if self.nlp is None and self.pipelines:
            return next(iter(self.pipelines.values()))
        return self.require_nlp()

    def require_stance(self) -> StanceModel:
        """The stance model; raises ``RuntimeError`` when the runner did not load it."""
        if self.stance is None:
            msg = "this stage needs the stance model: the runner must load it (Stage.needs has 'stance')"
            raise RuntimeError(msg)
        return self.stance


@dataclass(frozen=True, slots=True)
class Incoming:
    """A scraper's article as read from the raw topic, with the time the broker received it."""

    article: RawArticle
    received_at: float | None = None  # seconds since the epoch
    origin: Origin | None = None  # the raw-topic message it was read from


@dataclass(frozen=True, slots=True)
class Parsed:
    """An article between the NLP stages: what the stages found so far, and its parse.

    ``doc_bytes`` is the serialised parse when it was read from a topic, so passing it on costs
    nothing; ``None`` when the parse was just made.
    """

    staged: StagedArticle
    doc: Doc
    doc_bytes: bytes | None = None


def received_time(seconds: float | None, now: datetime | None = None) -> datetime | None:
    """The broker's timestamp of a message as a UTC time; None when it has none or it is not a storable time.

    The timestamp is the producer's to set (Kafka's CreateTime): one written in microseconds instead of
    milliseconds lies past year 9999, which has no ``datetime``. Such a time says nothing about when the
    article arrived, so the article goes on without it. One later than ``now`` (a producer's clock
    ahead) is ``now``: versions are ordered by it, and a receipt in the future would keep every later
    version out.

    >>> received_time(1_700_000_000.0).isoformat()
    '2023-11-14T22:13:20+00:00'
    >>> received_time(253_402_300_800_000.0) is None
    True
    >>> received_time(4_000_000_000.0, now=datetime(2026, 12, 5, tzinfo=UTC)).isoformat()
    '2026-12-05T00:00:00+00:00'
    """
    if seconds is None:
        return None
    try:
        value = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, ValueError, OSError):  # past year 9999, before year 1, NaN
        return None
    if now is not None and value > now:
        return now
    return value if is_storable_time(value) else None


def clean_article(incoming: Incoming, _: None, ctx: StageContext) -> CleanArticle:
    """Extract the article's text and metadata (``pipeline.clean``); stamp when and where it was received.

    Raises:
        BodyTooLarge: the clean text is over ``ctx.max_text_bytes``: its enriched record would not fit
            a message, so it is refused here, before minutes of NLP.
    """
    from pipeline.clean import clean

    article = clean(
        incoming.article, now=ctx.now, min_body_chars=ctx.min_body_chars, fallback_language=ctx.fallback_language
    )
    size = len(article.text.encode("utf-8"))
    if size > ctx.max_text_bytes:
        msg = (
            f"clean text is {size:,} bytes, over the {ctx.max_text_bytes:,}-byte limit (1/{RESULT_GROWTH} of "
            f"NEWSFLOW_MAX_MESSAGE_BYTES, {ctx.max_message_bytes:,}: the enriched article, with its entity "
            "mentions and stance, must fit one message); send the article in parts, or raise "
            "NEWSFLOW_MAX_MESSAGE_BYTES and the broker's message.max.bytes"
        )
        raise BodyTooLarge(msg)
    received = received_time(incoming.received_at, now=ctx.now)
    return article.model_copy(update={"received_at": received, "origin": incoming.origin})


def language_gap(language: str, ctx: StageContext, *, quotes: bool = True, stance: bool = False) -> str | None:
    """Why an NLP stage cannot run on an article in ``language``, or ``None`` when it can.

    Entities and quotes need a loaded spaCy pipeline for the language (quotes also its conventions
    in ``pipeline.languages.LANGUAGES``, unless ``quotes=False``); stance (``stance=True``) also needs a language whose
    ``LanguageSpec.stance`` is true (English). An article the worker cannot handle is enriched with
    what needs no model (text, metadata, language) and records the stages it skipped.

    Raises:
        RuntimeError: the runner loaded no spaCy pipeline.
    """
    if ctx.pipeline_for(language) is None:
        if ctx.nlp is None and not ctx.pipelines:
            ctx.require_nlp()
        have = ", ".join(repr(code) for code in ctx.languages())
        return f"no spaCy pipeline for language {language!r} (this worker has {have})"
    spec = LANGUAGES.get(language)
    if spec is None and not quotes and not stance:
        return None
    if spec is None:
        return f"no quote conventions or stance model for language {language!r}"
    if stance and not spec.stance:
        return f"no stance model for {language!r}"
    return None


def _skipping(staged: StagedArticle, stage: str, reason: str) -> StagedArticle:
    return staged.model_copy(update={"skipped": (*staged.skipped, SkippedStage(stage=stage, reason=reason))})


def parse_articles(articles: Sequence[CleanArticle], ctx: StageContext) -> list[Doc]:
    """Parse a batch of articles with spaCy: one ``nlp.pipe`` call per language in the batch.

    Each article is parsed by its language's pipeline; an article in a language without one gets an
    empty parse from the main pipeline. The parses come back in the articles' order.
    """
    from pipeline.nlp import parse_many

    groups: dict[str, list[int]] = {}
    for k, a in enumerate(articles):
        groups.setdefault(a.language if ctx.pipeline_for(a.language) is not None else "", []).append(k)
    docs: list[Doc | None] = [None] * len(articles)
    for language, members in groups.items():
        texts = [articles[k].text if language else "" for k in members]
        parsed = parse_many(ctx.nlp_for(language), texts, batch_size=max(1, len(members)))
        for k, doc in zip(members, parsed, strict=True):
            docs[k] = doc
    return [doc for doc in docs if doc is not None]


def tag_article(article: CleanArticle, doc: Doc, ctx: StageContext) -> Parsed:
    """Attach the article's entity mentions and canonical entities, and its title's mentions.

    ALL-CAPS lines (where the small model does badly) are re-tagged case-normalised with the pipeline.
    The title is read here as a line of its own (``parse_title``; the body's parse is the batched
    one) and tagged as the line above the body (``pipeline.entities.tag_title``). A title longer
    than a scraper may send (``FIELD_LIMITS``: an extracted ``<title>`` of a hostile page can be
    megabytes) is not tagged.
    """
    from pipeline.entities import parse_title, tag_entities, tag_title
    from pipeline.ingest import FIELD_LIMITS

    if (gap := language_gap(article.language, ctx, quotes=False)) is not None:
        return Parsed(_skipping(StagedArticle(article=article), "tag_entities", gap), doc)
    nlp = ctx.nlp_for(article.language)
    mentions, canonical = tag_entities(doc, nlp=nlp)
    title = article.title if article.title and len(article.title) <= FIELD_LIMITS["title"] else None
    title_mentions = tag_title(parse_title(nlp, title), doc, mentions, nlp) if title else ()
    staged = StagedArticle(
        article=article, entities=mentions, canonical_entities=canonical, title_entities=title_mentions
    )
    return Parsed(staged, doc)


def attribute_article_quotes(parsed: Parsed, _: None, ctx: StageContext) -> Parsed:
    """Attach the article's attributed quotes, and its title's.

    The title is parsed here as a text of its own (the entity stage reads it without the parser) and
    its quotes are attributed with the title's mentions (``title_entities``, linked to the body's
    entities), so a headline's speaker carries the body's key for them. Only its marked quotes are
    kept: headline grammar misleads the parse, and of the 8 reported statements read in the 91 dev
    pages' titles 4 were wrong ("HS Roundup: Viera defeats Rockledge" said by "HS Roundup"). So a
    title without quotation marks is not parsed (a parse costs ~4 % of the body's).
    """
    from pipeline.ingest import FIELD_LIMITS
    from pipeline.quotes import attribute_quotes, find_quote_marks

    staged, article = parsed.staged, parsed.staged.article
    if (gap := language_gap(article.language, ctx)) is not None:
        return Parsed(_skipping(staged, "attribute_quotes", gap), parsed.doc, parsed.doc_bytes)
    lexicon = LANGUAGES[article.language].lexicon()
    quotes = attribute_quotes(parsed.doc, staged.entities, lexicon=lexicon)
    title_quotes: tuple[Quote, ...] = ()
    if article.title and len(article.title) <= FIELD_LIMITS["title"] and find_quote_marks(article.title):
        title = ctx.nlp_for(article.language)(article.title)
        title_quotes = tuple(
            q for q in attribute_quotes(title, staged.title_entities, lexicon=lexicon) if q.kind != "indirect"
        )
    staged = staged.model_copy(update={"quotes": quotes, "title_quotes": title_quotes})
    return Parsed(staged, parsed.doc, parsed.doc_bytes)


def score_article_stance(parsed: Parsed, _: None, ctx: StageContext) -> EnrichedArticle:
    """Score stance toward each entity and quote target (languages with a stance model); assemble the public event."""
    from pipeline.stance import score_article

    staged, article = parsed.staged, parsed.staged.article
    if (gap := language_gap(article.language, ctx, stance=True)) is not None:
        staged = _skipping(staged, "score_stance", gap)
        stance = ArticleStance(tone=Stance(label="neutral", score=0.0))
    else:
        stance = score_article(
            parsed.doc, staged.entities, staged.canonical_entities, staged.quotes, ctx.require_stance()
        )
    return EnrichedArticle(
        **article_fields(article),
        entities=staged.entities,
        title_entities=staged.title_entities,
        canonical_entities=staged.canonical_entities,
        quotes=staged.quotes,
        title_quotes=staged.title_quotes,
        stance=stance,
        processed_at=ctx.now,
        pipeline_version=ctx.version,
        skipped_stages=staged.skipped,
    )
