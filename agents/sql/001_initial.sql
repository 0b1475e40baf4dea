-- Newsflow schema v1: one row per article, child rows for what the pipeline found in it.
-- Child tables are replaced whole whenever the article row changes (see agents/sink_postgres.py).

CREATE TABLE articles (
    id               text PRIMARY KEY,
    url              text NOT NULL,
    source           text,
    title            text,
    author           text,
    published_at     timestamptz,
    language         text NOT NULL,
    tags             text[] NOT NULL DEFAULT '{}',
    body             text NOT NULL,
    body_hash        text NOT NULL,
    duplicate_of     text,
    tone_label       text NOT NULL,
    tone_score       real NOT NULL,
    document         jsonb NOT NULL,
    content_hash     text NOT NULL,
    fetched_at       timestamptz,
    processed_at     timestamptz NOT NULL,
    pipeline_version text NOT NULL,
    first_seen_at    timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    revision         integer NOT NULL DEFAULT 1
);
CREATE INDEX articles_body_hash ON articles (body_hash);
CREATE INDEX articles_published_at ON articles (published_at);
CREATE INDEX articles_first_seen_at ON articles (first_seen_at);
CREATE INDEX articles_source ON articles (source);

CREATE TABLE entities (
    article_id   text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    key          text NOT NULL,
    name         text NOT NULL,
    label        text NOT NULL,
    mentions     integer NOT NULL,
    first_offset integer NOT NULL,
    salience     real NOT NULL,
    aliases      text[] NOT NULL DEFAULT '{}',
    stance_label text,
    stance_score real,
    PRIMARY KEY (article_id, key)
);
CREATE INDEX entities_key ON entities (key);
CREATE INDEX entities_name ON entities (name);

CREATE TABLE quotes (
    article_id     text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx            integer NOT NULL,
    text           text NOT NULL,
    start_offset   integer NOT NULL,
    end_offset     integer NOT NULL,
    kind           text NOT NULL,
    cue            text,
    speaker        text,
    speaker_key    text,
    speaker_mention text,
    PRIMARY KEY (article_id, idx)
);
CREATE INDEX quotes_speaker ON quotes (speaker);

-- One row per (quote, entity it talks about), with the stance the quote takes toward it.
CREATE TABLE quote_targets (
    article_id text NOT NULL,
    quote_idx  integer NOT NULL,
    target     text NOT NULL,
    target_key text NOT NULL,
    label      text NOT NULL,
    score      real NOT NULL,
    PRIMARY KEY (article_id, quote_idx, target_key),
    FOREIGN KEY (article_id, quote_idx) REFERENCES quotes (article_id, idx) ON DELETE CASCADE
);
CREATE INDEX quote_targets_key ON quote_targets (target_key);

-- Stance per holder -> target: a speaker's over their quotes, or 'article' for the article's own.
CREATE TABLE stance (
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    holder     text NOT NULL,
    target     text NOT NULL,
    target_key text NOT NULL,
    label      text NOT NULL,
    score      real NOT NULL,
    support    integer NOT NULL,
    PRIMARY KEY (article_id, holder, target_key)
);
CREATE INDEX stance_target_key ON stance (target_key);

CREATE TABLE dead_letters (
    id                bigserial PRIMARY KEY,
    article_id        text,
    stage             text NOT NULL,
    reason            text NOT NULL,
    error_type        text NOT NULL,
    message           text NOT NULL,
    source_topic      text,
    source_partition  integer,
    source_offset     bigint,
    source_key        text,
    payload           text NOT NULL,
    payload_encoding  text NOT NULL,
    payload_truncated boolean NOT NULL DEFAULT false,
    failed_at         timestamptz NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    dedupe_key        text NOT NULL UNIQUE
);
CREATE INDEX dead_letters_reason ON dead_letters (reason);
CREATE INDEX dead_letters_failed_at ON dead_letters (failed_at);

-- "Who said what": every attributed quote with its article.
CREATE VIEW who_said_what AS
SELECT q.speaker, q.kind, q.cue, q.text AS quote, a.title, a.source, a.url, a.published_at,
       a.first_seen_at, q.article_id, q.idx AS quote_idx
FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE q.speaker IS NOT NULL;

-- "Who was quoted about X": one row per quote and entity the quote talks about.
CREATE VIEW quotes_about AS
SELECT t.target, t.target_key, q.speaker, t.label AS stance, t.score AS stance_score, q.text AS quote,
       a.title, a.published_at, a.first_seen_at, q.article_id
FROM quote_targets t
JOIN quotes q ON q.article_id = t.article_id AND q.idx = t.quote_idx
JOIN articles a ON a.id = t.article_id;
