-- `newsflow replay dead-letters` (agents/replay.py) marks what it re-sent, so a second replay does not
-- send it again unless forced: replayed_at is the last time the broker acknowledged the re-sent
-- payload, replay_count how many times that happened. A replayed input that fails again is a new row,
-- or, for an enriched article the database refuses again (same content, same dedupe_key), its row
-- unmarked (agents/sink_postgres.py: insert_dead_letters).
ALTER TABLE dead_letters
    ADD COLUMN IF NOT EXISTS replayed_at timestamptz,
    ADD COLUMN IF NOT EXISTS replay_count integer NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS dead_letters_not_replayed ON dead_letters (id) WHERE replayed_at IS NULL;
