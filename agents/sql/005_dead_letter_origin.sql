-- Where a dead-lettered input entered the pipeline (its raw-topic message), when known.
ALTER TABLE dead_letters
    ADD COLUMN IF NOT EXISTS origin_topic text,
    ADD COLUMN IF NOT EXISTS origin_partition integer,
    ADD COLUMN IF NOT EXISTS origin_offset bigint;
