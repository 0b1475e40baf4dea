"""Errors raised by the enrichment core.

The class decides what happens to the input; never match on message strings.

* NewsflowError
  x PermanentError        -> dead-letter topic, never retried; ``reason`` names the DeadLetter reason
    x InvalidJson           the payload is not JSON (or not a JSON object)
    x InvalidEncoding       the payload is not decodable text
    x InvalidArticle        JSON of the wrong shape or types (wraps pydantic's ValidationError)
    x BodyTooLarge          the payload exceeds the body limit, or its clean text a fifth of the message limit
    x UnusableArticle       nothing usable after cleaning
      x EmptyBody             no text at all
      x NoContentExtracted    HTML with no article text in it
    x UnsupportedLanguage   not an English article
    x ResultTooLarge        a stage's result for the article is over its topic's message size limit (body_too_large)
    x BrokerRefused         the broker refused the record for another reason of its own (processing_error)
  x TransientError        -> retried while it lasts, the batch unacknowledged
    x StoreUnavailable      PostgreSQL cannot be reached
    x BrokerUnavailable     the broker did not take a message now
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "BodyTooLarge",
    "BrokerRefused",
    "BrokerUnavailable",
    "EmptyBody",
    "InvalidArticle",
    "InvalidEncoding",
    "InvalidJson",
    "NewsflowError",
    "NoContentExtracted",
    "PermanentError",
    "ResultTooLarge",
    "StoreUnavailable",
    "TransientError",
    "UnsupportedLanguage",
    "UnusableArticle",
]


class NewsflowError(Exception):
    """Base of every error Newsflow raises on purpose."""


class PermanentError(NewsflowError):
    """The input can never be processed; it goes to the dead-letter topic."""

    reason: ClassVar[str] = "processing_error"


class InvalidJson(PermanentError):
    reason = "invalid_json"


class InvalidEncoding(PermanentError):
    reason = "invalid_encoding"


class InvalidArticle(PermanentError):
    reason = "invalid_article"


class BodyTooLarge(PermanentError):
    reason = "body_too_large"


class UnusableArticle(PermanentError):
    reason = "empty_body"


class EmptyBody(UnusableArticle):
    reason = "empty_body"


class NoContentExtracted(UnusableArticle):
    reason = "no_content_extracted"


class UnsupportedLanguage(PermanentError):
    reason = "unsupported_language"

    def __init__(self, message: str, *, language: str) -> None:
        super().__init__(message)
        self.language = language


class ResultTooLarge(PermanentError):
    """What a stage made of the article does not fit in one message of its target topic.

    Its reason is ``body_too_large``: the article is too big to carry on (v1's reasons stay closed;
    ``error_type`` "ResultTooLarge" and the message tell it from a raw message over the body limit).
    """

    reason = "body_too_large"


class BrokerRefused(PermanentError):
    """The broker refused one message for something in the record itself other than its size.

    For example a timestamp outside the topic's ``message.timestamp.difference.max.ms``. Not a fault of
    the article, and not ours: the dead letter keeps the input, to be replayed once the topic takes it
    (v1's reasons stay closed, so the reason is ``processing_error``; ``error_type`` "BrokerRefused").
    """


class TransientError(NewsflowError):
    """A dependency is briefly unavailable; retry, then crash and reprocess."""


class StoreUnavailable(TransientError):
    """PostgreSQL (or another store) cannot be reached."""


class BrokerUnavailable(TransientError):
    """The broker did not take a message now (no leader, not authorized yet, timed out): send it again."""
