-- Near-duplicate bodies (pipeline/dedup.py): one MinHash fingerprint per article and its LSH band
-- keys. articles.duplicate_of now also points to the first article with a nearly equal body;
-- duplicate_similarity is the estimated Jaccard similarity of their word 5-gram sets (1 for an
-- exact body_hash match, NULL for an original). Articles stored before this migration have no
-- fingerprint and are never found as originals of a near-duplicate (exact matches still are).
ALTER TABLE articles ADD COLUMN duplicate_similarity real;
UPDATE articles SET duplicate_similarity = 1 WHERE duplicate_of IS NOT NULL;

CREATE TABLE article_fingerprints (
    article_id text PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    signature  bytea NOT NULL,
    shingles   integer NOT NULL
);

CREATE TABLE article_bands (
    band_key   bigint NOT NULL,
    article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_id)
);
CREATE INDEX article_bands_article_id ON article_bands (article_id);
