-- A correction of an archived post (RFC 5005 section 4): clients may assume archive documents never
-- change, so a post changed after it was sealed is published again in the subscription feeds, where
-- readers look for changes. corrected_ms is when it was last changed while archived (the server's
-- clock); NULL for a post never changed after sealing. The newest few stay in the subscription feeds
-- until the fifth archive document sealed since (CORRECTIONS in src/posts/archive.ts).
ALTER TABLE posts ADD COLUMN corrected_ms INTEGER;
CREATE INDEX posts_by_correction ON posts (corrected_ms) WHERE corrected_ms IS NOT NULL;
