"""The pipeline's shape, in one table: topics, how their messages are encoded, and the stages between them.

::

    raw ─clean_articles─▶ clean ─tag_entities─▶ entities ─attribute_quotes─▶ quotes
        ─score_stance─▶ enriched (public) ─store_articles─▶ PostgreSQL
    any stage ─▶ deadletter ─store_dead_letters─▶ PostgreSQL

Everything else derives from :data:`STAGES` and :data:`SINKS`: topic names and their creation, the
faust agents (``agents.app``), the offline runner (``pipeline.offline``), the dashboard's stage list.
A stage's ``name`` is its agent name, logger name and metric label.

A new stage is one :class:`Stage` row here plus one pure function in ``pipeline/stages.py``; a new sink
is one :class:`SinkSpec` row plus one sink class in ``agents/``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pipeline import stages
from pipeline.codec import CLEAN, DEAD_LETTER, ENRICHED, PARSED, RAW, Codec

__all__ = ["SINKS", "STAGES", "TOPICS", "SinkSpec", "Stage", "Topic", "chain_from", "topic_name"]

I = TypeVar("I")  # noqa: E741 - a stage's decoded input
O = TypeVar("O")  # noqa: E741 - a stage's output


@dataclass(frozen=True, slots=True)
class Topic:
    """A Kafka topic of the pipeline: ``<prefix>.<key>.v<major>``, its values encoded by ``codec``."""

    key: str
    codec: Codec[Any]
    major: int = 1
    public: bool = False  # a published contract (schemas/jsonschema), not an internal hop
    entry: bool = False  # inputs enter the pipeline here: a message on it is its own origin


@dataclass(frozen=True, slots=True)
class Stage(Generic[I, O]):
    """One hop: read ``source``, apply ``process`` to each decoded input, write ``target``.

    ``prepare`` (optional) is the batched part of the work, run once over all of a batch's inputs
    before ``process`` sees them one by one (spaCy parses a batch faster than its articles one at a
    time); it returns one prepared value per input. ``needs`` names the collaborators the stage
    reads from its :class:`~pipeline.stages.StageContext` (``"nlp"``, ``"stance"``), so a runner
    loads them before the first batch.
    """

    name: str
    source: Topic
    target: Topic
    process: Callable[[I, Any, stages.StageContext], O]
    prepare: Callable[[Sequence[I], stages.StageContext], Sequence[Any]] | None = None
    needs: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class SinkSpec:
    """A terminal consumer: every message of ``source`` is stored (``agents.sinks`` has the I/O)."""

    name: str
    source: Topic


RAW_TOPIC = Topic("raw", RAW, public=True, entry=True)
CLEAN_TOPIC = Topic("clean", CLEAN)
ENTITIES_TOPIC = Topic("entities", PARSED)
QUOTES_TOPIC = Topic("quotes", PARSED)
ENRICHED_TOPIC = Topic("enriched", ENRICHED, public=True)
DEAD_LETTER_TOPIC = Topic("deadletter", DEAD_LETTER, public=True)

TOPICS: tuple[Topic, ...] = (RAW_TOPIC, CLEAN_TOPIC, ENTITIES_TOPIC, QUOTES_TOPIC, ENRICHED_TOPIC, DEAD_LETTER_TOPIC)
"""Every topic, in pipeline order."""

STAGES: tuple[Stage[Any, Any], ...] = (
    Stage("clean_articles", RAW_TOPIC, CLEAN_TOPIC, stages.clean_article),
    Stage(
        "tag_entities",
        CLEAN_TOPIC,
        ENTITIES_TOPIC,
        stages.tag_article,
        prepare=stages.parse_articles,
        needs=frozenset({"nlp"}),
    ),
    Stage("attribute_quotes", ENTITIES_TOPIC, QUOTES_TOPIC, stages.attribute_article_quotes, needs=frozenset({"nlp"})),
    Stage(
        "score_stance", QUOTES_TOPIC, ENRICHED_TOPIC, stages.score_article_stance, needs=frozenset({"nlp", "stance"})
    ),
)
"""The processing stages, in pipeline order. Inputs that fail any of them go to ``DEAD_LETTER_TOPIC``."""

SINKS: tuple[SinkSpec, ...] = (
    SinkSpec("store_articles", ENRICHED_TOPIC),
    SinkSpec("store_dead_letters", DEAD_LETTER_TOPIC),
)
"""What is stored, and from which topic."""


def topic_name(prefix: str, topic: Topic) -> str:
    """The Kafka name of ``topic`` under ``prefix``.

    >>> topic_name("news.articles", RAW_TOPIC)
    'news.articles.raw.v1'
    """
    return f"{prefix}.{topic.key}.v{topic.major}"


def chain_from(
    source: Topic, stages_: Sequence[Stage[Any, Any]] = STAGES, *, until: Topic | None = None
) -> list[Stage[Any, Any]]:
    """The stages that carry a message from ``source`` onward, in order, up to ``until`` (if given).

    >>> [s.name for s in chain_from(CLEAN_TOPIC)]
    ['tag_entities', 'attribute_quotes', 'score_stance']

    Raises:
        ValueError: ``until`` is not reached from ``source``, or two stages read the same topic.
    """
    by_source: dict[str, Stage[Any, Any]] = {}
    for stage in stages_:
        if stage.source.key in by_source:
            msg = f"stages {by_source[stage.source.key].name} and {stage.name} both read {stage.source.key!r}"
            raise ValueError(msg)
        by_source[stage.source.key] = stage
    chain: list[Stage[Any, Any]] = []
    topic = source
    while topic.key in by_source and topic != until:
        stage = by_source[topic.key]
        chain.append(stage)
        topic = stage.target
    if until is not None and topic != until:
        msg = f"no chain of stages leads from {source.key!r} to {until.key!r}"
        raise ValueError(msg)
    return chain
