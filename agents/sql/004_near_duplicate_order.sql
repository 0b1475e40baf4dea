-- Near-duplicate lookup reads, per band key, the earliest articles first: band rows carry the
-- article's first_seen_at and are indexed in the sink's order ((first_seen_at, id) with ids compared
-- bytewise, COLLATE "C"). Only originals keep band keys: copies are found through their original.
ALTER TABLE article_bands ADD COLUMN first_seen_at timestamptz;
UPDATE article_bands b SET first_seen_at = a.first_seen_at FROM articles a WHERE a.id = b.article_id;
ALTER TABLE article_bands ALTER COLUMN first_seen_at SET NOT NULL;
DELETE FROM article_bands b USING articles a WHERE a.id = b.article_id AND a.duplicate_of IS NOT NULL;
CREATE INDEX article_bands_earliest ON article_bands (band_key, first_seen_at, article_id COLLATE "C");

-- The exact-duplicate lookup (same body_hash, earliest first) in the same order.
CREATE INDEX articles_body_hash_earliest ON articles (body_hash, first_seen_at, id COLLATE "C");
DROP INDEX articles_body_hash;
