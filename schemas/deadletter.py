"""The dead-letter record: an input that could not be enriched, with where it came from and why.

Every payload that fails any stage becomes one ``DeadLetter`` on the dead-letter topic and one row
in the ``dead_letters`` table. It carries the original bytes, so it can be fixed and replayed.
"""

from __future__ import annotations

import base64
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, NonNegativeInt

__all__ = ["DeadLetter", "DeadLetterReason", "encode_payload"]

DeadLetterReason = Literal[
    "invalid_json",
    "invalid_encoding",
    "invalid_article",
    "empty_body",
    "body_too_large",
    "no_content_extracted",
    "unsupported_language",
    "processing_error",
]
"""Why an input was dead-lettered. ``processing_error`` is a bug of ours, not of the input;
``body_too_large`` is also a stage's result for the article over the message size limit of its topic
(``error_type`` "ResultTooLarge")."""


def encode_payload(payload: bytes) -> tuple[str, Literal["utf-8", "base64"]]:
    r"""Return the payload as text: verbatim when it is valid UTF-8 without NUL bytes, else base64.

    >>> encode_payload(b"{}"), encode_payload(b"\xff")
    (('{}', 'utf-8'), ('/w==', 'base64'))
    """
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text:  # PostgreSQL text cannot hold NUL
        return base64.b64encode(payload).decode("ascii"), "base64"
    return text, "utf-8"


class DeadLetter(BaseModel):
    """One input that failed a stage."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    schema_version: Literal["dead_letter/1"] = "dead_letter/1"
    article_id: str | None = Field(default=None, description="Known once the payload parsed.")
    stage: str = Field(description="The agent that failed, e.g. 'clean_articles'.")
    reason: DeadLetterReason
    error_type: str = Field(description="Exception class name.")
    message: str = Field(description="What went wrong and what to do about it.")
    source_topic: str | None = None
    source_partition: NonNegativeInt | None = None
    source_offset: NonNegativeInt | None = None
    source_key: str | None = None
    origin_topic: str | None = Field(
        default=None, description="Where the input entered the pipeline (the raw topic), when known."
    )
    origin_partition: NonNegativeInt | None = None
    origin_offset: NonNegativeInt | None = None
    origin_timestamp_ms: int | None = Field(
        default=None, description="The raw message's broker timestamp, milliseconds since the epoch, when known."
    )
    payload: str = Field(description="The original input, as text or base64 (see payload_encoding).")
    payload_encoding: Literal["utf-8", "base64"]
    payload_truncated: bool = Field(default=False, description="True when only the first bytes are kept.")
    failed_at: AwareDatetime
