"""The dashboard's read-only SQL: everything the page shows from PostgreSQL, in one consistent snapshot.

"Ingested" means *inputs with an outcome in PostgreSQL*: stored articles (one row per article id;
re-sends of a URL count once) plus recorded dead letters. Messages still in flight are not counted;
the pipeline panel shows them as lag.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import asyncpg

from agents.dashboard.view import MINUTES, TOP_ENTITIES, entity_tabs, iso_utc, minute_series, safe_http_url

__all__ = ["ENTITY_WINDOWS", "query_database"]

ENTITY_WINDOWS: Mapping[str, timedelta] = {"hour": timedelta(hours=1), "day": timedelta(days=1)}

_TOTALS = """
SELECT (SELECT count(*) FROM articles) AS enriched,
       (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL) AS duplicates,
       -- a replayed dead letter became an article: counting it too would count one input twice
       (SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL) AS dead_lettered,
       -- a duplicate's quotes are its original's again, left out as in the speaker counts
       (SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE q.speaker IS NOT NULL AND a.duplicate_of IS NULL) AS attributed_quotes,
       (SELECT count(DISTINCT source) FROM articles) AS sources,
       (SELECT max(first_seen_at) FROM articles) AS last_article_at,
       now() AS db_now
"""

_PER_MINUTE = """
SELECT 'enriched' AS kind, date_trunc('minute', first_seen_at) AS minute, count(*) AS n
FROM articles WHERE first_seen_at >= date_trunc('minute', now()) - $1::interval GROUP BY 2
UNION ALL
SELECT 'dead_lettered', date_trunc('minute', recorded_at), count(*)
FROM dead_letters WHERE recorded_at >= date_trunc('minute', now()) - $1::interval GROUP BY 2
"""

_SOURCES = """
SELECT source, count(*) AS articles, max(first_seen_at) AS last_seen_at,
       max(published_at) AS last_published_at
FROM articles GROUP BY source ORDER BY articles DESC, last_seen_at DESC LIMIT 12
"""

# Duplicates (same body as an earlier article) are left out: syndicated copies are not more news.
_TOP_ENTITIES = """
WITH agg AS (
    SELECT e.label, e.key, mode() WITHIN GROUP (ORDER BY e.name) AS name, count(*) AS articles,
           sum(e.mentions) AS mentions, avg(e.stance_score) AS stance
    FROM entities e JOIN articles a ON a.id = e.article_id
    WHERE a.first_seen_at >= now() - $1::interval AND a.duplicate_of IS NULL
      AND ($3::text IS NULL OR a.language = $3)
    GROUP BY e.label, e.key)
SELECT label, key, name, articles, mentions, stance FROM (
    SELECT agg.*, row_number() OVER (PARTITION BY label ORDER BY articles DESC, mentions DESC, key) AS rank
    FROM agg) ranked
WHERE rank <= $2
"""

# Articles per language: all stored, the last day's, and how many had NLP stages skipped (no pipeline
# or no stance model for their language). The languages of the last day get their own entity tabs.
_LANGUAGES = """
SELECT language, count(*) AS articles,
       count(*) FILTER (WHERE first_seen_at >= now() - interval '1 day') AS last_day,
       count(*) FILTER (WHERE jsonb_array_length(coalesce(document->'skipped_stages', '[]'::jsonb)) > 0) AS skipped
FROM articles GROUP BY language ORDER BY last_day DESC, articles DESC, language LIMIT $1
"""
LANGUAGES_SHOWN = 12
LANGUAGES_WITH_ENTITY_TABS = 6

_SPEAKERS = """
SELECT mode() WITHIN GROUP (ORDER BY q.speaker) AS speaker, count(*) AS quotes,
       count(DISTINCT q.article_id) AS articles, max(a.first_seen_at) AS last_quoted_at
FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE q.speaker IS NOT NULL AND a.duplicate_of IS NULL AND a.first_seen_at >= now() - interval '1 day'
GROUP BY coalesce(q.speaker_key, 'name:' || q.speaker)
ORDER BY quotes DESC, speaker LIMIT 10
"""

# Up to three quotes from each of the latest articles, direct quotes first: a varied feed. Each with
# the entities it talks about and its stance toward them (quote_targets), with the action a stance
# was read through, if any.
_LATEST_QUOTES = """
WITH recent AS (
    SELECT a.id, a.title, a.source, a.url, a.language, a.first_seen_at FROM articles a
    WHERE a.duplicate_of IS NULL
      AND EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id AND q.speaker IS NOT NULL)
    ORDER BY a.first_seen_at DESC, a.id LIMIT 10)
SELECT speaker, quote, kind, title, source, url, language, first_seen_at, article_id, quote_idx,
       (SELECT coalesce(json_agg(json_build_object(
                   'target', t.target, 'target_key', t.target_key, 'stance', t.label, 'score', t.score,
                   'event', t.event, 'event_effect', t.event_effect) ORDER BY t.target_key), '[]')
        FROM quote_targets t WHERE t.article_id = ranked.article_id AND t.quote_idx = ranked.quote_idx) AS targets
FROM (
    SELECT q.speaker, q.text AS quote, q.kind, r.title, r.source, r.url, r.language, r.first_seen_at, q.article_id,
           q.idx AS quote_idx,
           row_number() OVER (PARTITION BY q.article_id ORDER BY q.kind <> 'direct', q.idx) AS rank
    FROM quotes q JOIN recent r ON r.id = q.article_id
    WHERE q.speaker IS NOT NULL) ranked
WHERE rank <= 3
ORDER BY first_seen_at DESC, article_id, rank LIMIT 20
"""

_DEAD_LETTERS = """
SELECT reason, count(*) AS n, max(recorded_at) AS last_at, array_agg(DISTINCT stage ORDER BY stage) AS stages
FROM dead_letters GROUP BY reason ORDER BY n DESC, reason
"""


async def query_database(conn: asyncpg.Connection) -> dict[str, Any]:
    """Read everything the page shows from PostgreSQL, in one consistent read-only snapshot."""
    async with conn.transaction(isolation="repeatable_read", readonly=True):
        totals = await conn.fetchrow(_TOTALS)
        per_minute = await conn.fetch(_PER_MINUTE, timedelta(minutes=MINUTES - 1))
        sources = await conn.fetch(_SOURCES)
        entities = {
            name: await conn.fetch(_TOP_ENTITIES, window, TOP_ENTITIES, None) for name, window in ENTITY_WINDOWS.items()
        }
        languages = await conn.fetch(_LANGUAGES, LANGUAGES_SHOWN)
        recent = [r["language"] for r in languages if r["last_day"]][:LANGUAGES_WITH_ENTITY_TABS]
        entities_by_language = {
            language: {
                name: entity_tabs(await conn.fetch(_TOP_ENTITIES, window, TOP_ENTITIES, language))
                for name, window in ENTITY_WINDOWS.items()
            }
            for language in recent
        }
        speakers = await conn.fetch(_SPEAKERS)
        quotes = await conn.fetch(_LATEST_QUOTES)
        dead = await conn.fetch(_DEAD_LETTERS)
    now: datetime = totals["db_now"]
    start, enriched_series = minute_series(
        ((r["minute"], r["n"]) for r in per_minute if r["kind"] == "enriched"), now=now
    )
    _, dead_series = minute_series(((r["minute"], r["n"]) for r in per_minute if r["kind"] == "dead_lettered"), now=now)
    return {
        "totals": {
            "ingested": totals["enriched"] + totals["dead_lettered"],
            "enriched": totals["enriched"],
            "dead_lettered": totals["dead_lettered"],
            "duplicates": totals["duplicates"],
            "attributed_quotes": totals["attributed_quotes"],
            "sources": totals["sources"],
            "last_article_at": iso_utc(totals["last_article_at"]),
        },
        "per_minute": {"start": iso_utc(start), "enriched": enriched_series, "dead_lettered": dead_series},
        "sources": [
            {
                "source": r["source"],
                "articles": r["articles"],
                "last_seen_at": iso_utc(r["last_seen_at"]),
                "last_published_at": iso_utc(r["last_published_at"]),
            }
            for r in sources
        ],
        "entities": {name: entity_tabs(rows) for name, rows in entities.items()},
        "entities_by_language": entities_by_language,
        "languages": [
            {
                "language": r["language"],
                "articles": r["articles"],
                "last_day": r["last_day"],
                "skipped": r["skipped"],
            }
            for r in languages
        ],
        "speakers": [
            {
                "speaker": r["speaker"],
                "quotes": r["quotes"],
                "articles": r["articles"],
                "last_quoted_at": iso_utc(r["last_quoted_at"]),
            }
            for r in speakers
        ],
        "quotes": [
            {
                "speaker": r["speaker"],
                "quote": r["quote"],
                "kind": r["kind"],
                "title": r["title"],
                "source": r["source"],
                "url": safe_http_url(r["url"]),
                "language": r["language"],
                "seen_at": iso_utc(r["first_seen_at"]),
                "article_id": r["article_id"],
                "idx": r["quote_idx"],
                "targets": json.loads(r["targets"]),
            }
            for r in quotes
        ],
        "dead_letters": [
            {"reason": r["reason"], "count": r["n"], "last_at": iso_utc(r["last_at"]), "stages": list(r["stages"])}
            for r in dead
        ],
    }
