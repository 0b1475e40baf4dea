-- One row per raw-topic message whose outcome is stored: the article version it became, or its dead
-- letter. Written in the transaction that stores the outcome, so `newsflow audit` (agents/audit.py) can
-- list the raw messages below the workers' committed offsets that have none. Keyed by the message's
-- position; timestamp_ms (the broker's timestamp of the message) tells a message from an earlier one at
-- the same position (an embedded memory broker restarts its offsets at 0 while this table keeps its
-- rows): a later outcome at a position replaces the earlier one.
CREATE TABLE IF NOT EXISTS input_outcomes (
    topic        text NOT NULL,
    "partition"  integer NOT NULL,
    "offset"     bigint NOT NULL,
    timestamp_ms bigint,
    outcome      text NOT NULL CHECK (outcome IN ('article', 'dead_letter', 'replayed')),
    article_id   text,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, "partition", "offset")
);
