"""Records on the internal topics between stages. Not a public contract: they may change freely.

``CleanArticle`` leaves the cleaning stage. ``StagedArticle`` travels between the NLP stages with
the spaCy parse beside it (see ``pipeline.codec``), so each article is parsed once.
"""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict

from schemas.articles import CanonicalEntity, EnrichedArticle, EntityMention, Origin, Quote, SkippedStage

__all__ = ["CleanArticle", "Origin", "StagedArticle", "article_fields"]


class CleanArticle(BaseModel):
    """An article with a clean body and its metadata, ready for NLP."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    url: str
    source: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: AwareDatetime | None = None
    language: str = "en"
    tags: tuple[str, ...] = ()
    text: str
    body_hash: str
    dateline: str | None = None
    fetched_at: AwareDatetime | None = None
    received_at: AwareDatetime | None = None
    origin: Origin | None = None
    cleaned_at: AwareDatetime


def article_fields(article: CleanArticle | EnrichedArticle) -> dict[str, Any]:
    """The fields a clean and an enriched article share (id, url, metadata, text, dateline …).

    Whatever both records gain is carried both ways: a stage building the enriched article from the
    clean one, and a replay building the clean article back from a stored one.
    """
    return {name: getattr(article, name) for name in _SHARED_FIELDS}


class StagedArticle(BaseModel):
    """An article part-way through the NLP stages; each stage fills in its field."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    article: CleanArticle
    entities: tuple[EntityMention, ...] = ()
    title_entities: tuple[EntityMention, ...] = ()
    canonical_entities: tuple[CanonicalEntity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    title_quotes: tuple[Quote, ...] = ()
    skipped: tuple[SkippedStage, ...] = ()


_SHARED_FIELDS = tuple(name for name in CleanArticle.model_fields if name in EnrichedArticle.model_fields)
