"""Typed records of Newsflow: the public contracts and the internal stage records."""

from pydantic import BaseModel

from schemas.articles import (
    ArticleStance,
    CanonicalEntity,
    EnrichedArticle,
    EntityLabel,
    EntityMention,
    EntityStance,
    Origin,
    Quote,
    QuoteKind,
    QuoteStance,
    RawArticle,
    SkippedStage,
    Speaker,
    SpeakerStance,
    Stance,
    StanceLabel,
    article_id_for_url,
)
from schemas.deadletter import DeadLetter, DeadLetterReason, encode_payload
from schemas.internal import CleanArticle, StagedArticle

__all__ = [
    "ArticleStance",
    "CanonicalEntity",
    "CleanArticle",
    "DeadLetter",
    "DeadLetterReason",
    "EnrichedArticle",
    "EntityLabel",
    "EntityMention",
    "EntityStance",
    "Origin",
    "Quote",
    "QuoteKind",
    "QuoteStance",
    "RawArticle",
    "SkippedStage",
    "Speaker",
    "SpeakerStance",
    "Stance",
    "StanceLabel",
    "StagedArticle",
    "article_id_for_url",
    "encode_payload",
]

PUBLIC_SCHEMAS: dict[str, type[BaseModel]] = {
    "raw_article.v1": RawArticle,
    "enriched_article.v1": EnrichedArticle,
    "dead_letter.v1": DeadLetter,
}
"""Published records by file stem under ``schemas/jsonschema/``."""
