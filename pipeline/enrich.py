"""The stages composed: the same functions the streaming agents call, for one article or many.

Streaming: ``clean`` (agent ``clean_articles``) → parse + ``tag_stage`` (``tag_entities``) →
``quote_stage`` (``attribute_quotes``) → ``stance_stage`` (``score_stance``). Offline:
``enrich_payloads`` runs the same stages in one process, for ``newsflow enrich`` and benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.clean import clean
from pipeline.entities import tag_entities
from pipeline.errors import PermanentError
from pipeline.ingest import DEFAULT_MAX_BODY_BYTES, decode_payload
from pipeline.nlp import parse_many
from pipeline.quotes import attribute_quotes
from pipeline.stance import StanceModel, score_article
from schemas.articles import EnrichedArticle
from schemas.internal import CleanArticle, StagedArticle

__all__ = ["Failure", "enrich_payloads", "quote_stage", "stance_stage", "tag_stage"]


def tag_stage(article: CleanArticle, doc: Doc, nlp: Language | None = None) -> StagedArticle:
    """Attach the article's entity mentions and canonical entities.

    With ``nlp``, ALL-CAPS lines (where the small model does badly) are re-tagged case-normalised.
    """
    mentions, canonical = tag_entities(doc, nlp=nlp)
    return StagedArticle(article=article, entities=mentions, canonical_entities=canonical)


def quote_stage(staged: StagedArticle, doc: Doc) -> StagedArticle:
    """Attach the article's attributed quotes."""
    return staged.model_copy(update={"quotes": attribute_quotes(doc, staged.entities)})


def stance_stage(
    staged: StagedArticle, doc: Doc, model: StanceModel, *, now: datetime, version: str
) -> EnrichedArticle:
    """Score stance and assemble the public enriched event."""
    article = staged.article
    return EnrichedArticle(
        id=article.id,
        url=article.url,
        source=article.source,
        title=article.title,
        author=article.author,
        published_at=article.published_at,
        language=article.language,
        tags=article.tags,
        text=article.text,
        body_hash=article.body_hash,
        entities=staged.entities,
        canonical_entities=staged.canonical_entities,
        quotes=staged.quotes,
        stance=score_article(doc, staged.entities, staged.canonical_entities, staged.quotes, model),
        fetched_at=article.fetched_at,
        processed_at=now,
        pipeline_version=version,
    )


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be enriched, and why (the offline twin of a dead letter)."""

    index: int
    article_id: str | None
    stage: str
    error: PermanentError


def enrich_payloads(
    payloads: Iterable[bytes],
    nlp: Language,
    model: StanceModel,
    *,
    now: datetime,
    version: str,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    min_body_chars: int = 200,
    batch_size: int = 32,
) -> Iterator[EnrichedArticle | Failure]:
    """Enrich raw-article payloads in order; yield an ``EnrichedArticle`` or a ``Failure`` for each."""
    pending: list[tuple[int, CleanArticle]] = []

    def flush() -> Iterator[EnrichedArticle]:
        docs = parse_many(nlp, (a.text for _, a in pending), batch_size=batch_size)
        for (_, article), doc in zip(pending, docs, strict=True):
            staged = quote_stage(tag_stage(article, doc, nlp), doc)
            yield stance_stage(staged, doc, model, now=now, version=version)
        pending.clear()

    for index, payload in enumerate(payloads):
        article_id = None
        try:
            raw = decode_payload(payload, max_bytes=max_body_bytes)
            article_id = raw.id
            pending.append((index, clean(raw, now=now, min_body_chars=min_body_chars)))
        except PermanentError as exc:
            # Keep output in input order: finish the articles before this failure first.
            yield from flush()
            yield Failure(index=index, article_id=article_id, stage="clean_articles", error=exc)
            continue
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()
