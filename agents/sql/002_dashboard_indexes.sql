-- Indexes for the dashboard's snapshot queries (run every 1.5 s while someone watches).
CREATE INDEX dead_letters_recorded_at ON dead_letters (recorded_at);
CREATE INDEX articles_duplicates ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
