-- "Who was quoted about X" shows the action each stance was read through (quote_targets.event,
-- event_effect; 007). New columns go last: CREATE OR REPLACE VIEW may only add columns at the end.
CREATE OR REPLACE VIEW quotes_about AS
SELECT t.target, t.target_key, q.speaker, t.label AS stance, t.score AS stance_score, q.text AS quote,
       a.title, a.published_at, a.first_seen_at, q.article_id, t.event, t.event_effect
FROM quote_targets t
JOIN quotes q ON q.article_id = t.article_id AND q.idx = t.quote_idx
JOIN articles a ON a.id = t.article_id;
