-- When the outcome ledger (input_outcomes, 009) began: on an empty database every input has its
-- outcome recorded from the first one, so `newsflow audit` checks each raw partition from its first
-- retained message; on a database that already held articles or dead letters (an upgrade), the inputs
-- before the ledger have none, and each partition is checked from its first recorded outcome.
CREATE TABLE IF NOT EXISTS input_ledger (
    id          boolean PRIMARY KEY DEFAULT true CHECK (id),
    began_empty boolean NOT NULL,
    began_at    timestamptz NOT NULL DEFAULT now()
);
INSERT INTO input_ledger (began_empty)
SELECT NOT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS (SELECT 1 FROM dead_letters)
    AND NOT EXISTS (SELECT 1 FROM input_outcomes)
ON CONFLICT (id) DO NOTHING;
