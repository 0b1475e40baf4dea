"""Replay and backfill: send stored inputs through the running pipeline again.

* ``newsflow replay dead-letters``: each selected dead letter's payload re-enters the pipeline where
  streaming would carry it on. A payload read from the raw topic (or refused at the door by the feeder
  or ``POST /articles``) goes back to the raw topic as it was. A payload from a later stage is an
  article already cleaned (the ``CleanArticle`` JSON, a staged frame's header, or the enriched
  article the database refused): it goes to the clean topic as a clean article, keeping its id, text
  and metadata, so it is parsed and enriched again but not re-cleaned (cleaning clean text is not
  the identity). A letter stored without its payload, or with a truncated one, cannot be replayed:
  it is counted and logged with the offsets where the input still is, never skipped silently.
  Re-sent letters get ``replayed_at`` (migration 006) once the broker acknowledged them, and are not
  sent again unless forced. A replayed input that fails again becomes a new dead letter.
* ``newsflow replay articles`` (backfill): each selected stored article is rebuilt as a clean article
  from its stored document (same id, text, language and metadata) and sent to the clean topic, so the
  running workers enrich it with their current models. The sink keeps it idempotent: a result that did
  not change only raises ``pipeline_version`` (no new revision); a changed one is a new revision.

The selection and the message each input becomes are pure functions (unit-tested); the I/O takes a
pool and a send coroutine, so it runs on the real broker or on a fake.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from packaging.version import InvalidVersion, Version
from pydantic import ValidationError

from agents.feed import key_for
from pipeline.codec import unpack_staged
from pipeline.ingest import RECORD_OVERHEAD_BYTES
from pipeline.topology import CLEAN_TOPIC, RAW_TOPIC, SINKS, STAGES, Topic
from schemas.articles import EnrichedArticle
from schemas.internal import CleanArticle, StagedArticle, article_fields

__all__ = [
    "LETTER_COLUMNS",
    "ArticleSelection",
    "LetterSelection",
    "REPLAY_LOCK",
    "ReplayReport",
    "Resend",
    "Unreplayable",
    "clean_frame",
    "one_replay_at_a_time",
    "parse_since",
    "plan_letter",
    "replay_articles",
    "replay_dead_letters",
    "versions_before",
]

logger = logging.getLogger(__name__)

CHUNK = 200
"""Inputs read, sent and marked per round: a crash loses at most one round's marks (sent again later)."""

Send = Callable[[Topic, bytes | None, bytes], Awaitable[None]]
"""Send ``value`` with ``key`` to a pipeline topic and return once the broker acknowledged it."""
Progress = Callable[[int, int], None]
"""Called with (inputs handled so far, inputs selected)."""


@dataclass(frozen=True, slots=True)
class Resend:
    """A message to send: the input re-enters the pipeline on ``topic``."""

    topic: Topic
    key: bytes | None
    value: bytes


@dataclass(frozen=True, slots=True)
class Unreplayable:
    """Why a dead letter cannot be replayed, for people."""

    why: str


# The topic each stage and sink reads: what a dead letter's payload is.
_SOURCE_OF: dict[str, Topic] = {s.name: s.source for s in STAGES} | {s.name: s.source for s in SINKS}


def clean_frame(article: CleanArticle | EnrichedArticle, *, now: datetime) -> Resend:
    """``article`` as a clean-topic message: the input of the NLP stages, as ``clean_articles`` writes it.

    The id, text, language and metadata are kept, so the ids of stored rows do not change and the NLP
    stages see what they saw the first time. It carries no origin: a replay is not the raw-topic message
    the article first came by (a repeated failure is a new dead letter, not a redelivery of the old one).
    It keeps the version's ``received_at`` (``now`` for one stored without): the sink orders versions
    without ``fetched_at`` by it, so a backfill copy never replaces a version received after it.
    """
    fields = article_fields(article)
    clean = CleanArticle(
        **{**fields, "received_at": fields.get("received_at") or now, "origin": None},
        cleaned_at=article.cleaned_at if isinstance(article, CleanArticle) else now,
    )
    return Resend(CLEAN_TOPIC, clean.id.encode(), clean.model_dump_json().encode())


def _payload_bytes(letter: Any) -> bytes:
    if letter["payload_encoding"] == "base64":
        return base64.b64decode(letter["payload"], validate=True)
    return str(letter["payload"]).encode("utf-8", "surrogatepass")


def plan_letter(letter: Any, *, now: datetime, max_message_bytes: int) -> Resend | Unreplayable:
    """What replaying one stored dead letter sends, or why it cannot be replayed.

    ``letter`` is a ``dead_letters`` row (a mapping with its columns). Payloads of raw-topic inputs
    (stage ``clean_articles``, or refused before the broker: ``feed``, ``http_ingest``) go back to the raw
    topic byte for byte. Payloads of later stages are articles already cleaned and go to the clean topic
    (:func:`clean_frame`).
    """
    if letter["payload_truncated"]:
        kept = "stored without its payload" if not letter["payload"] else "payload truncated when dead-lettered"
        return Unreplayable(f"{kept}; the input is on {_where(letter)}")
    if not letter["payload"]:
        return Unreplayable("its input was empty: sent again, it would be refused again")
    try:
        payload = _payload_bytes(letter)
    except (binascii.Error, ValueError) as exc:
        return Unreplayable(f"payload is not valid base64 ({exc})")
    source = _SOURCE_OF.get(letter["stage"])
    if source is None or source.entry:  # a raw-topic input, or refused at the door (feeder, HTTP)
        if len(payload) > max_message_bytes - RECORD_OVERHEAD_BYTES:
            return Unreplayable(
                f"payload of {len(payload):,} bytes is over the {max_message_bytes:,}-byte message limit; raise "
                "NEWSFLOW_MAX_MESSAGE_BYTES (on the workers and the broker too) to replay it"
            )
        return Resend(RAW_TOPIC, key_for(payload), payload)
    try:
        article = _article_in(payload, source)
    except (ValidationError, ValueError) as exc:
        first = str(exc).splitlines()[0][:200]
        return Unreplayable(f"payload is not an article of ours for stage {letter['stage']!r} ({first})")
    return clean_frame(article, now=now)


def _article_in(payload: bytes, source: Topic) -> CleanArticle | EnrichedArticle:
    """The article in a later stage's dead-letter payload (the readable form of ``source``'s messages)."""
    if source.key == "clean":
        return CleanArticle.model_validate_json(payload)
    if source.key == "enriched":
        return EnrichedArticle.model_validate_json(payload)
    if source.key == "deadletter":
        msg = "a dead letter that could not be stored is not an input"
        raise ValueError(msg)
    # A staged topic: the dead letter kept the frame's JSON header (or the frame, if it was not one).
    if payload[:4] == b"NFS1":
        staged, _ = unpack_staged(payload)
        return staged.article
    return StagedArticle.model_validate_json(payload).article


def _where(letter: Any) -> str:
    topic, partition, offset = letter["origin_topic"], letter["origin_partition"], letter["origin_offset"]
    if topic is None:
        topic, partition, offset = letter["source_topic"], letter["source_partition"], letter["source_offset"]
    if topic is None:
        return "no topic (it was refused before reaching the broker)"
    return f"{topic} partition {partition} offset {offset}"


_DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, *, now: datetime) -> datetime:
    """A ``--since`` value: an ISO 8601 date or time (naive means UTC), or a duration back from ``now``.

    >>> now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    >>> parse_since("24h", now=now).isoformat(), parse_since("2026-02-01", now=now).isoformat()
    ('2026-02-28T12:00:00+00:00', '2026-02-01T00:00:00+00:00')

    Raises:
        ValueError: neither form; the message says what is accepted.
    """
    value = text.strip()
    if match := _DURATION.match(value.lower()):
        return now - timedelta(**{_UNITS[match[2]]: int(match[1])})
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        msg = f"--since {text!r}: give an ISO date or time (2026-03-01, 2026-03-01T08:00Z) or a duration (90m, 24h, 7d, 2w)"
        raise ValueError(msg) from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _newsflow_version(pipeline_version: str) -> Version | None:
    """The ``newsflow/<version>`` part of a ``pipeline_version`` (or a bare version), parsed; ``None`` if unreadable."""
    match = re.search(r"(?:^|\s)newsflow/(\S+)", pipeline_version)
    text = match[1] if match else pipeline_version.strip()
    try:
        return Version(text)
    except InvalidVersion:
        return None


def versions_before(stored: Iterable[str], before: str) -> list[str]:
    """The stored ``pipeline_version`` values made by a Newsflow release older than ``before``.

    ``before`` is a release (``0.2.0``) or a whole pipeline version (its ``newsflow/`` part counts).
    A stored version whose release cannot be read counts as older: backfilling it is harmless.

    >>> versions_before(["newsflow/0.1.0 spacy-model/en_core_web_sm-3.8.0", "newsflow/0.2.0 spacy-model/x"], "0.2")
    ['newsflow/0.1.0 spacy-model/en_core_web_sm-3.8.0']

    Raises:
        ValueError: ``before`` names no release.
    """
    limit = _newsflow_version(before)
    if limit is None:
        msg = f"--before-version {before!r}: give a Newsflow release such as 0.2.0 (PEP 440)"
        raise ValueError(msg)
    picked = []
    for version in stored:
        release = _newsflow_version(version)
        if release is None or release < limit:
            picked.append(version)
    return picked


@dataclass(frozen=True, slots=True)
class LetterSelection:
    """Which dead letters to replay. Empty tuples select every reason / stage."""

    reasons: tuple[str, ...] = ("processing_error",)
    stages: tuple[str, ...] = ()
    since: datetime | None = None
    force: bool = False  # also letters replayed before

    def where(self, *, replayed: bool | None = None) -> tuple[str, list[Any]]:
        """The SQL condition and its arguments; ``replayed`` overrides ``force`` (``None``: follow it)."""
        clauses: list[str] = []
        args: list[Any] = []
        if self.reasons:
            args.append(list(self.reasons))
            clauses.append(f"reason = ANY(${len(args)}::text[])")
        if self.stages:
            args.append(list(self.stages))
            clauses.append(f"stage = ANY(${len(args)}::text[])")
        if self.since is not None:
            args.append(self.since)
            clauses.append(f"failed_at >= ${len(args)}")
        if replayed is True:
            clauses.append("replayed_at IS NOT NULL")
        elif replayed is False or (replayed is None and not self.force):
            clauses.append("replayed_at IS NULL")
        return " AND ".join(clauses) or "true", args


@dataclass(frozen=True, slots=True)
class ArticleSelection:
    """Which stored articles to re-enrich: first seen since ``since``, made by a release before ``before_version``."""

    before_version: str | None = None
    since: datetime | None = None

    def versions(self, stored: Iterable[str]) -> list[str] | None:
        """The stored versions to backfill (``None``: all)."""
        return None if self.before_version is None else versions_before(stored, self.before_version)


@dataclass
class ReplayReport:
    """What a replay did (or, dry, would do)."""

    dry_run: bool
    selected: int = 0  # matched the selection (and can or cannot be replayed)
    sent: int = 0  # acknowledged by the broker
    failed: int = 0  # not acknowledged (broker error); not marked, so a later replay sends them
    already_replayed: int = 0  # matched but replayed before (not sent: --force sends them)
    unreplayable: Counter[str] = field(default_factory=Counter)  # why -> count
    by_topic: Counter[str] = field(default_factory=Counter)  # topic key -> sent (dry: would send)
    by_version: dict[str, int] = field(default_factory=dict)  # backfill: stored version -> selected

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (the CLI prints it as JSON)."""
        return {
            "dry_run": self.dry_run,
            "selected": self.selected,
            "sent": self.sent,
            "failed": self.failed,
            "already_replayed": self.already_replayed,
            "unreplayable": sum(self.unreplayable.values()),
            "unreplayable_by_cause": dict(self.unreplayable),
            "by_topic": dict(self.by_topic),
            "by_version": self.by_version,
        }


LETTER_COLUMNS = (
    "id, article_id, stage, reason, payload, payload_encoding, payload_truncated, source_topic, "
    "source_partition, source_offset, origin_topic, origin_partition, origin_offset"
)


REPLAY_LOCK = 0x6E657773_7265706C  # "newsrepl": PostgreSQL advisory lock key of replays and backfills


@contextlib.asynccontextmanager
async def one_replay_at_a_time(pool: asyncpg.Pool) -> AsyncIterator[None]:
    """Hold the replays' advisory lock: a second replay or backfill waits until the first is done.

    Two replays of dead letters started together (a cron job and an operator) would otherwise both
    select the letters not yet marked replayed and send each twice; the one that waits selects only
    what the first left.
    """
    async with pool.acquire() as conn:
        if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", REPLAY_LOCK):
            logger.warning("another replay or backfill is running; waiting for it to finish")
            await conn.execute("SELECT pg_advisory_lock($1)", REPLAY_LOCK)
        try:
            yield
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", REPLAY_LOCK)


async def replay_dead_letters(
    pool: asyncpg.Pool,
    send: Send,
    selection: LetterSelection,
    *,
    now: Callable[[], datetime],
    max_message_bytes: int,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ReplayReport:
    """Re-send the payloads of the selected dead letters; mark each one the broker acknowledged.

    With ``dry_run`` nothing is sent or marked: the report counts what would be. One replay runs at
    a time (``one_replay_at_a_time``); the pool needs a connection for the lock besides the work's.
    """
    async with one_replay_at_a_time(pool):
        return await _replay_dead_letters(
            pool, send, selection, now=now, max_message_bytes=max_message_bytes, dry_run=dry_run, progress=progress
        )


async def _replay_dead_letters(
    pool: asyncpg.Pool,
    send: Send,
    selection: LetterSelection,
    *,
    now: Callable[[], datetime],
    max_message_bytes: int,
    dry_run: bool,
    progress: Progress | None,
) -> ReplayReport:
    report = ReplayReport(dry_run=dry_run)
    where, args = selection.where()
    async with pool.acquire() as conn:
        # Letters recorded from now on (a replayed input that fails again, say) wait for the next replay.
        newest = await conn.fetchval("SELECT coalesce(max(id), 0) FROM dead_letters")
        where = f"{where} AND id <= {int(newest)}"
        total = await conn.fetchval(f"SELECT count(*) FROM dead_letters WHERE {where}", *args)  # noqa: S608
        if not selection.force:
            done_where, done_args = selection.where(replayed=True)
            report.already_replayed = await conn.fetchval(
                f"SELECT count(*) FROM dead_letters WHERE {done_where}",  # noqa: S608
                *done_args,
            )
    report.selected = total
    if progress:
        progress(0, total)
    last_id, handled = 0, 0
    while True:
        page_args = [*args, last_id, CHUNK]
        query = (
            f"SELECT {LETTER_COLUMNS} FROM dead_letters WHERE {where} AND id > ${len(args) + 1}"  # noqa: S608
            f" ORDER BY id LIMIT ${len(args) + 2}"
        )
        async with pool.acquire() as conn:
            rows = await conn.fetch(query, *page_args)
        if not rows:
            break
        last_id = rows[-1]["id"]
        plans: list[tuple[Any, Resend]] = []
        for row in rows:
            plan = plan_letter(row, now=now(), max_message_bytes=max_message_bytes)
            if isinstance(plan, Unreplayable):
                cause = plan.why.split(";")[0].split(" (")[0]
                report.unreplayable[cause] += 1
                logger.warning(
                    "cannot replay dead_letter=%d article_id=%s stage=%s reason=%s: %s",
                    row["id"], row["article_id"], row["stage"], row["reason"], plan.why,
                )  # fmt: skip
            else:
                plans.append((row["id"], plan))
        if dry_run:
            report.by_topic.update(plan.topic.key for _, plan in plans)
        else:
            acked = await _send_all(send, plans, report)
            if acked:
                async with pool.acquire() as conn:
                    await conn.execute(
                        "UPDATE dead_letters SET replayed_at = now(), replay_count = replay_count + 1"
                        " WHERE id = ANY($1::bigint[])",
                        acked,
                    )
        handled += len(rows)
        if progress:
            progress(handled, total)
    logger.info(
        "replayed dead letters dry_run=%s selected=%d sent=%d failed=%d unreplayable=%d already_replayed=%d",
        dry_run, report.selected, report.sent, report.failed, sum(report.unreplayable.values()),
        report.already_replayed,
    )  # fmt: skip
    return report


async def _send_all(send: Send, plans: Sequence[tuple[Any, Resend]], report: ReplayReport) -> list[Any]:
    """Send each planned message; return the ids whose message the broker acknowledged."""
    results = await asyncio.gather(*(send(p.topic, p.key, p.value) for _, p in plans), return_exceptions=True)
    acked = []
    for (ident, plan), result in zip(plans, results, strict=True):
        if isinstance(result, BaseException):
            if not isinstance(result, Exception):
                raise result
            report.failed += 1
            logger.error("replay not acknowledged id=%s topic=%s error=%r", ident, plan.topic.key, result)
        else:
            report.sent += 1
            report.by_topic[plan.topic.key] += 1
            acked.append(ident)
    return acked


async def replay_articles(
    pool: asyncpg.Pool,
    send: Send,
    selection: ArticleSelection,
    *,
    now: Callable[[], datetime],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ReplayReport:
    """Send the selected stored articles to the clean topic, to be enriched again by the running workers.

    With ``dry_run`` nothing is sent: the report counts what would be, by stored version. It waits for
    a replay or backfill already running (``one_replay_at_a_time``).
    """
    async with one_replay_at_a_time(pool):
        return await _replay_articles(pool, send, selection, now=now, dry_run=dry_run, progress=progress)


async def _replay_articles(
    pool: asyncpg.Pool,
    send: Send,
    selection: ArticleSelection,
    *,
    now: Callable[[], datetime],
    dry_run: bool,
    progress: Progress | None,
) -> ReplayReport:
    report = ReplayReport(dry_run=dry_run)
    since_clause, base_args = ("first_seen_at >= $1", [selection.since]) if selection.since else ("true", [])
    async with pool.acquire() as conn:
        counts = {
            r["pipeline_version"]: r["n"]
            for r in await conn.fetch(
                f"SELECT pipeline_version, count(*) AS n FROM articles WHERE {since_clause} GROUP BY 1",  # noqa: S608
                *base_args,
            )
        }
    versions = selection.versions(counts)
    chosen = sorted(counts if versions is None else versions)
    report.by_version = {v: counts[v] for v in chosen}
    report.selected = sum(report.by_version.values())
    if progress:
        progress(0, report.selected)
    if dry_run or not chosen:
        if dry_run:
            report.by_topic[CLEAN_TOPIC.key] = report.selected
        logger.info("backfill dry_run=%s selected=%d versions=%d", dry_run, report.selected, len(chosen))
        return report
    n = len(base_args)
    query = (
        f"SELECT id, document FROM articles WHERE {since_clause} AND pipeline_version = ANY(${n + 1}::text[])"  # noqa: S608
        f" AND id > ${n + 2} ORDER BY id LIMIT ${n + 3}"
    )
    last_id, handled = "", 0
    while True:
        async with pool.acquire() as conn:
            rows = await conn.fetch(query, *base_args, chosen, last_id, CHUNK)
        if not rows:
            break
        last_id = rows[-1]["id"]
        plans: list[tuple[Any, Resend]] = []
        for row in rows:
            try:
                article = EnrichedArticle.model_validate_json(row["document"])
            except ValidationError as exc:  # a row written by hand or by a future major version
                report.unreplayable["stored document is not an enriched_article/1"] += 1
                logger.warning("cannot re-enrich article_id=%s: %s", row["id"], str(exc).splitlines()[0])
                continue
            plans.append((row["id"], clean_frame(article, now=now())))
        await _send_all(send, plans, report)
        handled += len(rows)
        if progress:
            progress(handled, report.selected)
    logger.info(
        "backfill sent articles selected=%d sent=%d failed=%d unreadable=%d",
        report.selected, report.sent, report.failed, sum(report.unreplayable.values()),
    )  # fmt: skip
    return report
