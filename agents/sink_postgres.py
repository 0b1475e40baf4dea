"""PostgreSQL: migrations, the idempotent article upsert and the dead-letter insert.

Exactly-once *effect* comes from here, not from Kafka (tansu has no transactions; see the README,
"What the embedded default does not guarantee"):

* an article is upserted on ``id``. A redelivery (same content) matches ``content_hash`` and
  changes nothing; a re-scrape with new content updates the row, bumps ``revision`` and replaces
  the child rows (entities, quotes, quote_targets, stance, fingerprint) in the same transaction.
  A re-enrichment with the same results by another pipeline version (``newsflow replay articles``)
  updates ``pipeline_version``, ``processed_at`` and the document only: same revision, same child rows;
* in that transaction, a changed article gets ``duplicate_of``: the first article seen with the
  same body (``body_hash``) or, failing that, with a nearly equal one (``pipeline.dedup``: LSH band
  keys of originals find candidates, their fingerprints decide), resolved through chains to the
  original, with ``duplicate_similarity`` to it. Article writes from all workers take one advisory
  transaction lock, so a write sees every earlier one committed (two workers storing two copies of
  one new story at once: the second points to the first), and ``first_seen_at`` is the time the
  lock was granted, so "earlier" is the order of the writes. Copies that point to an article are
  not re-examined when that article is re-scraped;
* a dead letter is inserted once per (source topic, partition, offset, stage); one marked replayed
  that comes again (the same refused article, replayed and refused again) is unmarked;
* with each article version and each dead letter, the outcome of the raw-topic message it came from
  (``input_outcomes``), in the same transaction: ``newsflow audit`` (``agents.audit``) reads it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from importlib import resources
from typing import Any

import asyncpg
import orjson

from pipeline.dedup import Fingerprint, band_keys, fingerprint, is_near_duplicate
from pipeline.errors import StoreUnavailable
from schemas.articles import EnrichedArticle
from schemas.deadletter import DeadLetter

__all__ = ["connect", "insert_dead_letters", "migrate", "record_outcomes", "upsert_articles"]

logger = logging.getLogger(__name__)

_MIGRATION_LOCK = 7_362_201  # pg_advisory_lock key: one worker migrates, the others wait.
# pg_advisory_xact_lock key: article writes run one at a time, so duplicate detection sees them all.
# A write holds it for its SQL only (rows, hashes and fingerprints are computed before it is taken).
_ARTICLE_WRITE_LOCK = 7_362_202

# Errors worth retrying: the server is away or restarting, not "your SQL is wrong".
_TRANSIENT = (
    OSError,
    asyncio.TimeoutError,
    asyncpg.PostgresConnectionError,  # class 08
    asyncpg.CannotConnectNowError,  # 57P03: starting up or shutting down
    asyncpg.exceptions.AdminShutdownError,  # 57P01: fast shutdown cut this session
    asyncpg.exceptions.CrashShutdownError,  # 57P02
    asyncpg.exceptions.ConnectionDoesNotExistError,  # the connection closed under a write
)
# What a pooled connection says when its server session was cut during or before an operation: the
# connection is broken, not the statement ("cannot perform operation: another operation is in
# progress"; asyncpg's internal state error "cannot switch to state …").
_BROKEN_CONNECTION_MESSAGES = ("connection is closed", "another operation is in progress")


def _transient(exc: BaseException) -> bool:
    """Whether a failed write is worth retrying: the server or the connection went away, not the data.

    The error asyncpg raises may hide the cause: a session cut inside a transaction surfaces as an
    ``InterfaceError`` from ``Transaction.__aexit__`` ("the underlying connection is closed") with the
    ``ConnectionDoesNotExistError`` as its context, so the chain of causes is read too. Anything else
    (a value the server refuses, a bug of ours) is not: retrying it would stall the stream on one
    article, so the article is dead-lettered instead.
    """
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, (*_TRANSIENT, asyncpg.exceptions.InternalClientError)):
            return True
        if isinstance(e, asyncpg.InterfaceError) and any(m in str(e) for m in _BROKEN_CONNECTION_MESSAGES):
            return True
        todo += [e.__cause__, e.__context__]
    return False


def _migrations() -> list[tuple[int, str, str]]:
    files = sorted(
        (f for f in resources.files("agents").joinpath("sql").iterdir() if f.name.endswith(".sql")),
        key=lambda f: f.name,
    )
    return [(int(f.name.split("_", 1)[0]), f.name, f.read_text(encoding="utf-8")) for f in files]


async def migrate(conn: asyncpg.Connection) -> list[str]:
    """Apply the SQL files under ``agents/sql`` not applied yet; return the names applied."""
    applied: list[str] = []
    await conn.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK)
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")}
        for version, name, sql in _migrations():
            if version in done:
                continue
            async with conn.transaction():
                await conn.execute(sql)
                await conn.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", version, name)
            applied.append(name)
            logger.info("migrated version=%d name=%s", version, name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _MIGRATION_LOCK)
    return applied


async def connect(
    url: str, *, min_size: int = 1, max_size: int = 4, attempts: int = 30, migrations: bool = True
) -> asyncpg.Pool:
    """Open a pool to ``url`` and apply migrations (unless ``migrations`` is False), retrying while the server starts.

    Raises:
        StoreUnavailable: the server did not answer within ``attempts`` tries (about 1 s apart).
    """
    delay = 0.1
    for attempt in range(1, attempts + 1):
        try:
            pool = await asyncpg.create_pool(url, min_size=min_size, max_size=max_size, command_timeout=60)
        except _TRANSIENT as exc:
            if attempt == attempts:
                msg = f"PostgreSQL unreachable after {attempts} attempts: {exc}; check NEWSFLOW_DATABASE_URL"
                raise StoreUnavailable(msg) from exc
            await asyncio.sleep(delay)
            delay = min(delay * 2, 1.0)
            continue
        if migrations:
            async with pool.acquire() as conn:
                await migrate(conn)
        return pool
    msg = "unreachable"  # pragma: no cover
    raise AssertionError(msg)  # pragma: no cover


def content_hash(article: EnrichedArticle) -> str:
    """Hash everything but processing and receiving time and origin: identical input sent or processed again changes nothing."""
    doc = article.model_dump(mode="json", exclude={"processed_at", "received_at", "origin"})
    return hashlib.sha256(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)).hexdigest()


_UPSERT = """
INSERT INTO articles (id, url, source, title, author, published_at, language, tags, body, body_hash,
                      tone_label, tone_score, document, content_hash, fetched_at, processed_at,
                      pipeline_version, first_seen_at)
SELECT id, url, source, title, author, published_at, language,
       ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)), body, body_hash, tone_label, tone_score,
       document, content_hash, fetched_at, processed_at, pipeline_version, $18::timestamptz
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                     $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::real[],
                     $13::jsonb[], $14::text[], $15::timestamptz[], $16::timestamptz[], $17::text[])
  AS t(id, url, source, title, author, published_at, language, tags, body, body_hash, tone_label,
       tone_score, document, content_hash, fetched_at, processed_at, pipeline_version)
ON CONFLICT (id) DO UPDATE SET
    url = EXCLUDED.url, source = EXCLUDED.source, title = EXCLUDED.title, author = EXCLUDED.author,
    published_at = EXCLUDED.published_at, language = EXCLUDED.language, tags = EXCLUDED.tags,
    body = EXCLUDED.body, body_hash = EXCLUDED.body_hash, tone_label = EXCLUDED.tone_label,
    tone_score = EXCLUDED.tone_score, document = EXCLUDED.document,
    content_hash = EXCLUDED.content_hash, fetched_at = EXCLUDED.fetched_at,
    processed_at = EXCLUDED.processed_at, pipeline_version = EXCLUDED.pipeline_version,
    updated_at = now(), revision = articles.revision + 1
WHERE articles.content_hash IS DISTINCT FROM EXCLUDED.content_hash
  AND CASE WHEN articles.fetched_at IS NOT NULL AND EXCLUDED.fetched_at IS NOT NULL
           THEN EXCLUDED.fetched_at >= articles.fetched_at
           ELSE coalesce((EXCLUDED.document ->> 'received_at')::timestamptz
                         >= (articles.document ->> 'received_at')::timestamptz, true) END
RETURNING id, first_seen_at
"""

# A re-enrichment that found the same thing (a backfill or replay by a newer pipeline, the same results)
# only records who processed it last: pipeline_version, processed_at and the document that carries
# them. Not a new revision, and child rows and duplicate marks stay. The documents are compared as
# jsonb without those two fields and without null members (an optional field a newer schema minor
# added, null here, is no change); the row's content_hash is refreshed, so the upsert below skips it.
_REFRESH_VERSION = """
UPDATE articles a SET pipeline_version = t.pipeline_version, processed_at = t.processed_at,
    document = t.document, content_hash = t.content_hash
FROM unnest($1::text[], $2::jsonb[], $3::text[], $4::timestamptz[], $5::text[])
  AS t(id, document, content_hash, processed_at, pipeline_version)
WHERE a.id = t.id AND a.content_hash IS DISTINCT FROM t.content_hash
  AND jsonb_strip_nulls(a.document - 'processed_at' - 'pipeline_version' - 'received_at' - 'origin')
    = jsonb_strip_nulls(t.document - 'processed_at' - 'pipeline_version' - 'received_at' - 'origin')
RETURNING a.id
"""

# "Earlier" is (first_seen_at, id) with ids compared bytewise (COLLATE "C"): the server's default
# collation may order "Ab" and "aa" differently from another comparison, and the order must be one
# strict order or a copy could point to itself. Batch-mates share first_seen_at (one transaction).

# The first article seen with a body is the original; later ones with the same body point to it.
_MARK_DUPLICATES = """
UPDATE articles a SET duplicate_of = f.id, duplicate_similarity = CASE WHEN f.id IS NULL THEN NULL ELSE 1 END
FROM (SELECT a2.id AS article_id, (
        SELECT f.id FROM articles f
        WHERE f.body_hash = a2.body_hash
          AND (f.first_seen_at, f.id COLLATE "C") < (a2.first_seen_at, a2.id COLLATE "C")
        ORDER BY f.first_seen_at, f.id COLLATE "C" LIMIT 1) AS id
      FROM articles a2 WHERE a2.id = ANY($1::text[])) AS f
WHERE a.id = f.article_id
RETURNING a.id, a.duplicate_of
"""

# Earlier articles sharing an LSH band key with the given (article, key, first seen) rows, with their
# fingerprints, earliest first. Only originals keep band keys (and, during a write, its batch), and
# per key the earliest 20 are read through the (band_key, first_seen_at, article_id) index.
_NEAR_CANDIDATES = """
SELECT n.article_id, c.id, fp.signature, fp.shingles
FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS n(article_id, band_key, first_seen_at)
CROSS JOIN LATERAL (
    SELECT b.article_id AS id, b.first_seen_at FROM article_bands b
    WHERE b.band_key = n.band_key
      AND (b.first_seen_at, b.article_id COLLATE "C") < (n.first_seen_at, n.article_id COLLATE "C")
    ORDER BY b.first_seen_at, b.article_id COLLATE "C" LIMIT 20
) AS c
JOIN article_fingerprints fp ON fp.article_id = c.id
ORDER BY n.article_id, c.first_seen_at, c.id COLLATE "C"
"""

# A copy of a copy points to the original: one hop per pass, until nothing changes.
_RESOLVE_CHAINS = """
UPDATE articles a SET duplicate_of = o.duplicate_of
FROM articles o
WHERE a.id = ANY($1::text[]) AND a.duplicate_of = o.id AND o.duplicate_of IS NOT NULL AND o.duplicate_of <> a.id
"""

# Each copy's similarity to the original it now points to (exact copies: 1, as their shingles match).
_ORIGINAL_FINGERPRINTS = """
SELECT a.id, fp.signature, fp.shingles FROM articles a JOIN article_fingerprints fp ON fp.article_id = a.duplicate_of
WHERE a.id = ANY($1::text[])
"""


def _article_columns(articles: Sequence[EnrichedArticle]) -> list[list[Any]]:
    columns: list[list[Any]] = [[] for _ in range(17)]
    for a in articles:
        row = (
            a.id, a.url, a.source, a.title, a.author, a.published_at, a.language,
            # Postgres arrays of arrays are awkward through unnest; tags travel as a JSON text array.
            orjson.dumps(list(a.tags)).decode(), a.text, a.body_hash, a.stance.tone.label,
            a.stance.tone.score, a.model_dump_json(), content_hash(a), a.fetched_at,
            a.processed_at, a.pipeline_version,
        )  # fmt: skip
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    return columns


async def _replace_children(conn: asyncpg.Connection, articles: Sequence[EnrichedArticle]) -> None:
    ids = [a.id for a in articles]
    for table in ("stance", "quote_targets", "quotes", "entities"):
        await conn.execute(f"DELETE FROM {table} WHERE article_id = ANY($1::text[])", ids)  # noqa: S608
    entity_stance = {(a.id, s.key): s for a in articles for s in a.stance.entities}
    await conn.copy_records_to_table(
        "entities",
        records=[
            (a.id, e.key, e.name, e.label, e.mentions, e.first_offset, e.salience, list(e.aliases),
             s.label if (s := entity_stance.get((a.id, e.key))) else None, s.score if s else None)
            for a in articles for e in a.canonical_entities
        ],
    )  # fmt: skip
    await conn.copy_records_to_table(
        "quotes",
        records=[
            (a.id, i, q.text, q.start, q.end, q.kind, q.cue,
             q.speaker.name if q.speaker else None, q.speaker.key if q.speaker else None,
             q.speaker.mention if q.speaker else None)
            for a in articles for i, q in enumerate(a.quotes)
        ],
    )  # fmt: skip
    await conn.copy_records_to_table(
        "quote_targets",
        records=list({
            (a.id, s.quote, s.target_key): (
                a.id, s.quote, s.target, s.target_key, s.label, s.score, s.event, s.event_effect,
            )
            for a in articles for s in a.stance.quotes
        }.values()),
        columns=["article_id", "quote_idx", "target", "target_key", "label", "score", "event", "event_effect"],
    )  # fmt: skip
    stance_rows = {}
    for a in articles:
        for e in a.stance.entities:
            stance_rows[(a.id, "article", e.key)] = (a.id, "article", e.name, e.key, e.label, e.score, e.mentions)
        for s in a.stance.speakers:
            stance_rows[(a.id, s.speaker, s.target_key)] = (
                a.id, s.speaker, s.target, s.target_key, s.label, s.score, s.quotes,
            )  # fmt: skip
    await conn.copy_records_to_table("stance", records=list(stance_rows.values()))


async def _store_fingerprints(
    conn: asyncpg.Connection, prints: dict[str, Fingerprint], keys: dict[str, list[int]], first_seen: dict[str, Any]
) -> None:
    ids = list(prints)
    await conn.execute("DELETE FROM article_bands WHERE article_id = ANY($1::text[])", ids)
    await conn.execute("DELETE FROM article_fingerprints WHERE article_id = ANY($1::text[])", ids)
    await conn.copy_records_to_table(
        "article_fingerprints", records=[(i, fp.to_bytes(), fp.shingles) for i, fp in prints.items()]
    )
    await conn.copy_records_to_table(
        "article_bands",
        columns=["band_key", "article_id", "first_seen_at"],
        records=list({(k, i, first_seen[i]) for i in ids for k in keys[i]}),
    )


async def _mark_near_duplicates(
    conn: asyncpg.Connection, prints: dict[str, Fingerprint], keys: dict[str, list[int]], first_seen: dict[str, Any]
) -> None:
    """Point each article in ``prints`` (none an exact duplicate) to its earliest near-duplicate."""
    rows = [(i, k, first_seen[i]) for i in prints for k in keys[i]]
    if not rows:
        return
    candidates = await conn.fetch(_NEAR_CANDIDATES, *(list(column) for column in zip(*rows, strict=True)))
    matched: dict[str, str] = {}
    for row in candidates:  # earliest first per article
        article, candidate = row["article_id"], row["id"]
        if article in matched:
            continue
        if is_near_duplicate(prints[article], Fingerprint.from_bytes(row["signature"], row["shingles"])):
            matched[article] = candidate
    if matched:
        await conn.executemany("UPDATE articles SET duplicate_of = $2 WHERE id = $1", list(matched.items()))


async def _finish_duplicates(conn: asyncpg.Connection, prints: dict[str, Fingerprint]) -> None:
    """Resolve chains to originals, set each copy's similarity to it, and drop copies' band keys."""
    ids = list(prints)
    for _ in range(32):  # "earlier" is a strict order, so chains end; 32 hops is already absurd
        if await conn.execute(_RESOLVE_CHAINS, ids) == "UPDATE 0":
            break
    originals = await conn.fetch(_ORIGINAL_FINGERPRINTS, ids)
    await conn.executemany(
        "UPDATE articles SET duplicate_similarity = $2 WHERE id = $1",
        [
            (r["id"], prints[r["id"]].similarity(Fingerprint.from_bytes(r["signature"], r["shingles"])))
            for r in originals
        ],
    )
    # Later articles are matched against originals only: fewer keys, and no key shared by every copy.
    await conn.execute(
        "DELETE FROM article_bands b USING articles a"
        " WHERE b.article_id = a.id AND a.id = ANY($1::text[]) AND a.duplicate_of IS NOT NULL",
        ids,
    )


async def _take_write_lock(conn: asyncpg.Connection) -> Any:
    """Wait for the article write lock (released at commit); return the time it was granted.

    ``now()`` is the transaction's start, which may precede a write that committed while this one
    waited: the clock after the grant keeps "first seen" in write order.
    """
    await conn.execute("SELECT pg_advisory_xact_lock($1)", _ARTICLE_WRITE_LOCK)
    return await conn.fetchval("SELECT clock_timestamp()")


# The outcome of each raw-topic message, recorded with the outcome itself (see 009_input_outcomes.sql). A later
# outcome at a position replaces the earlier one: the message there now is the later one's.
_RECORD_OUTCOMES = """
INSERT INTO input_outcomes (topic, "partition", "offset", timestamp_ms, outcome, article_id)
SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bigint[], $5::text[], $6::text[])
ON CONFLICT (topic, "partition", "offset") DO UPDATE SET
    timestamp_ms = EXCLUDED.timestamp_ms, outcome = EXCLUDED.outcome, article_id = EXCLUDED.article_id,
    recorded_at = now()
"""

Outcome = tuple[str, int, int, int | None, str, str | None]
"""An ``input_outcomes`` row: topic, partition, offset, timestamp_ms, outcome, article_id."""


async def record_outcomes(conn: asyncpg.Connection, outcomes: Sequence[Outcome]) -> None:
    """Record the outcomes of raw-topic messages (the last one given per position wins)."""
    latest = {(o[0], o[1], o[2]): o for o in outcomes}
    if latest:
        await conn.execute(_RECORD_OUTCOMES, *[list(col) for col in zip(*latest.values(), strict=True)])


def _article_outcomes(articles: Sequence[EnrichedArticle]) -> list[Outcome]:
    return [
        (a.origin.topic, a.origin.partition, a.origin.offset, a.origin.timestamp_ms, "article", a.id)
        for a in articles
        if a.origin is not None and a.origin.partition is not None and a.origin.offset is not None
    ]


def _letter_outcomes(letters: Sequence[DeadLetter]) -> list[Outcome]:
    return [
        (d.origin_topic, d.origin_partition, d.origin_offset, d.origin_timestamp_ms, "dead_letter", d.article_id)
        for d in letters
        if d.origin_topic is not None and d.origin_partition is not None and d.origin_offset is not None
    ]


def _older(a: EnrichedArticle, b: EnrichedArticle) -> bool:
    """Whether version ``a`` is older than ``b``: by fetch time where both have one, else by receipt (as _UPSERT)."""
    if a.fetched_at is not None and b.fetched_at is not None:
        return a.fetched_at < b.fetched_at
    return a.received_at is not None and b.received_at is not None and a.received_at < b.received_at


async def upsert_articles(pool: asyncpg.Pool, articles: Sequence[EnrichedArticle]) -> int:
    """Write a batch of enriched articles in one transaction; return how many rows changed.

    Raises:
        StoreUnavailable: the server went away (the worker crashes and the batch is redelivered).
    """
    # The newest fetch of an article wins, whatever order its versions come in (a message sent again after
    # the broker did not take it lands after those sent behind it): within the batch here, against the
    # stored row in _UPSERT. Versions without a fetch time go by when they were received (a backfill copy
    # keeps its version's), else by order, the last one winning.
    newest: dict[str, EnrichedArticle] = {}
    for a in articles:
        kept = newest.get(a.id)
        if kept is None or not _older(a, kept):
            newest[a.id] = a
    latest = list(newest.values())
    if not latest:
        return 0
    outcomes = _article_outcomes(articles)  # every version's input has its outcome, the superseded ones too
    # CPU work before taking a connection and the write lock.
    prints = {a.id: fingerprint(a.text) for a in latest}
    all_keys = {i: band_keys(fp) for i, fp in prints.items()}
    columns = _article_columns(latest)
    try:
        async with pool.acquire() as conn, conn.transaction():
            granted = await _take_write_lock(conn)
            await record_outcomes(conn, outcomes)
            # Columns 0, 12, 13, 15, 16: id, document, content_hash, processed_at, pipeline_version.
            await conn.fetch(_REFRESH_VERSION, *(columns[i] for i in (0, 12, 13, 15, 16)))
            rows = await conn.fetch(_UPSERT, *columns, granted)
            first_seen = {r["id"]: r["first_seen_at"] for r in rows}
            changed = set(first_seen)
            if changed:
                fresh = [a for a in latest if a.id in changed]
                changed_prints = {i: prints[i] for i in changed}
                keys = {i: all_keys[i] for i in changed}
                await _replace_children(conn, fresh)
                await _store_fingerprints(conn, changed_prints, keys, first_seen)
                marked = await conn.fetch(_MARK_DUPLICATES, list(changed))
                exact = {r["id"] for r in marked if r["duplicate_of"] is not None}
                await _mark_near_duplicates(
                    conn, {i: fp for i, fp in changed_prints.items() if i not in exact}, keys, first_seen
                )
                await _finish_duplicates(conn, changed_prints)
    except Exception as exc:
        if not _transient(exc):
            raise
        msg = f"PostgreSQL write failed: {exc or type(exc).__name__}"  # a timeout's text is empty
        raise StoreUnavailable(msg) from exc
    return len(changed)


def _content_digest(payload: str) -> str:
    """A digest of an enriched article's JSON without its processing time (of the text as is, if not JSON)."""
    try:
        document = orjson.loads(payload)
    except orjson.JSONDecodeError:
        document = None
    if isinstance(document, dict):
        document.pop("processed_at", None)
        document.pop("origin", None)
        data = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    else:
        data = payload.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:24]


def _dedupe_key(letter: DeadLetter) -> str:
    """One row per failed input: a redelivery of the same input is the same dead letter.

    An input that failed after the first stage is identified by its origin (the raw-topic message),
    the stage and the article: reprocessed after a worker crash, it reaches that stage again as a new
    message (another offset, another cleaning time in its payload) from the same origin. Otherwise
    the message itself is the input; the payload digest is part of its key because offsets restart
    when the embedded memory broker restarts while PostgreSQL keeps its rows.
    """
    if letter.stage == "store_articles" and letter.article_id is not None:
        # An enriched article the database refused: re-enriched after a crash it comes again as another
        # message with another processing time; the same content is the same dead letter (a replay of it
        # too, which enters by the clean topic, without an origin).
        return f"refused:{letter.article_id}:{_content_digest(letter.payload)}"
    if letter.origin_topic is not None and letter.origin_topic != letter.source_topic:
        return (
            f"origin:{letter.origin_topic}:{letter.origin_partition}:{letter.origin_offset}:"
            f"{letter.stage}:{letter.article_id}"
        )
    digest = hashlib.sha256(letter.payload.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    if letter.source_topic is not None:
        return f"{letter.source_topic}:{letter.source_partition}:{letter.source_offset}:{letter.stage}:{digest}"
    # Rejected before reaching Kafka (feeder/HTTP): nothing to redeliver, identify by time too.
    return f"direct:{letter.stage}:{letter.failed_at.isoformat()}:{digest}"


async def insert_dead_letters(pool: asyncpg.Pool, letters: Sequence[DeadLetter]) -> int:
    """Record dead letters once each (redeliveries are ignored); return how many were new."""
    if not letters:
        return 0
    records = [
        (d.article_id, d.stage, d.reason, d.error_type, d.message, d.source_topic, d.source_partition,
         d.source_offset, d.source_key, d.payload, d.payload_encoding, d.payload_truncated, d.failed_at,
         _dedupe_key(d), d.origin_topic, d.origin_partition, d.origin_offset)
        for d in letters
    ]  # fmt: skip
    try:
        async with pool.acquire() as conn, conn.transaction():
            await record_outcomes(conn, _letter_outcomes(letters))
            rows = await conn.fetch(
                """
                INSERT INTO dead_letters (article_id, stage, reason, error_type, message, source_topic,
                    source_partition, source_offset, source_key, payload, payload_encoding,
                    payload_truncated, failed_at, dedupe_key, origin_topic, origin_partition, origin_offset)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                    $6::text[], $7::int[], $8::bigint[], $9::text[], $10::text[], $11::text[],
                    $12::bool[], $13::timestamptz[], $14::text[], $15::text[], $16::int[], $17::bigint[])
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING dedupe_key
                """,
                *[list(col) for col in zip(*records, strict=True)],
            )
            # A letter already there that was replayed (``newsflow replay``) has failed again: it is
            # replayable again. Only the enriched article the database refused comes back with the
            # same key after a replay (same content); other replayed inputs are new messages, new rows.
            again = {r[13] for r in records} - {r["dedupe_key"] for r in rows}
            if again:
                await conn.execute(
                    "UPDATE dead_letters SET replayed_at = NULL"
                    " WHERE dedupe_key = ANY($1::text[]) AND replayed_at IS NOT NULL",
                    list(again),
                )
    except Exception as exc:
        if not _transient(exc):
            raise
        msg = f"PostgreSQL write failed: {exc or type(exc).__name__}"  # a timeout's text is empty
        raise StoreUnavailable(msg) from exc
    return len(rows)
