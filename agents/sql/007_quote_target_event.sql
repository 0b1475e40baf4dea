-- The action a quote's stance toward a target was read through, when the target is its object
-- ("sanctions on X" is bad for X: welcoming them is being against X; pipeline/stance/effects.py),
-- and whether that action is good_for or bad_for the target. NULL: the stance is the quote's view of
-- the target's own mention, as for every row before this column.
ALTER TABLE quote_targets
    ADD COLUMN IF NOT EXISTS event text,
    ADD COLUMN IF NOT EXISTS event_effect text CHECK (event_effect IN ('good_for', 'bad_for'));
