"""Records on the internal topics between stages. Not a public contract: they may change freely.

``CleanArticle`` leaves the cleaning stage. ``StagedArticle`` travels between the NLP stages with
the spaCy parse beside it (see ``pipeline.codec``), so each article is parsed once.
"""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict

from schemas.articles import CanonicalEntity, EntityMention, Quote, SkippedStage

__all__ = ["CleanArticle", "Origin", "StagedArticle"]


class Origin(BaseModel):
    """Where an input entered the pipeline: its raw-topic message. Follows the article through the stages."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    topic: str
    partition: int | None = None
    offset: int | None = None


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


class StagedArticle(BaseModel):
    """An article part-way through the NLP stages; each stage fills in its field."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    article: CleanArticle
    entities: tuple[EntityMention, ...] = ()
    canonical_entities: tuple[CanonicalEntity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    skipped: tuple[SkippedStage, ...] = ()
