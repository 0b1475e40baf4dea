"""Per-process resources of a worker, created on first use.

The spaCy model, the stance model and the PostgreSQL pool load off the event loop, once, however
many agents ask.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from importlib import metadata

import asyncpg
from spacy.language import Language

from agents import sink_postgres
from agents.settings import Settings
from pipeline.nlp import build_nlp
from pipeline.stages import StageContext
from pipeline.stance import StanceModel, load_stance_model

__all__ = ["Runtime", "newsflow_version", "pipeline_version", "utcnow"]

logger = logging.getLogger(__name__)


def utcnow() -> datetime:
    """The current time, timezone-aware (the only clock the agents read)."""
    return datetime.now(UTC)


def pipeline_version(nlp: Language | None) -> str:
    """``newsflow/<version> spacy-model/<lang>_<name>-<version>``; the model part needs the loaded model."""
    model = f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}" if nlp is not None else "not-loaded"
    return f"newsflow/{newsflow_version()} spacy-model/{model}"


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
        self._stance: StanceModel | None = None
        self._pool: asyncpg.Pool | None = None
        self._locks: dict[str, asyncio.Lock] = collections.defaultdict(asyncio.Lock)

    @property
    def version(self) -> str:
        """What produced an enriched event: our version and the spaCy model's (loaded first)."""
        return pipeline_version(self._nlp)

    def preload(self) -> None:
        """Load the models now, so a broken install fails the worker at start, not an agent later."""
        logger.info("loading spaCy model=%s and the stance model", self.settings.spacy_model)
        self._nlp = build_nlp(self.settings.spacy_model)
        self._stance = load_stance_model(cache_size=self.settings.stance_cache_size)

    async def nlp(self) -> Language:
        """The spaCy pipeline, loaded once."""
        async with self._locks["nlp"]:
            if self._nlp is None:
                logger.info("loading spaCy model=%s", self.settings.spacy_model)
                self._nlp = await asyncio.to_thread(build_nlp, self.settings.spacy_model)
        return self._nlp

    async def stance_model(self) -> StanceModel:
        """The packaged stance model, loaded once."""
        async with self._locks["stance"]:
            if self._stance is None:
                self._stance = await asyncio.to_thread(load_stance_model, cache_size=self.settings.stance_cache_size)
        return self._stance

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
        stance = await self.stance_model() if "stance" in needs else None
        base = StageContext(
            now=utcnow(),
            version=self.version,
            nlp=nlp,
            stance=stance,
            max_body_bytes=self.settings.max_body_bytes,
            min_body_chars=self.settings.min_body_chars,
            fallback_language=self.settings.default_language or None,
            max_dead_letter_payload_bytes=self.settings.dead_letter_max_payload_bytes,
        )
        return lambda: replace(base, now=utcnow())

    async def close(self) -> None:
        """Close the pool."""
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
