-- Unpublishing: a withdrawn post keeps its row (its id and slug stay taken, its URL answers 410 Gone),
-- and leaves every page, feed, tag, archive, sitemap and the next digests. Digests already sent keep
-- their own copy of it (digests.content).
ALTER TABLE posts ADD COLUMN withdrawn_at TEXT;      -- ISO 8601 with offset; NULL while published
ALTER TABLE posts ADD COLUMN withdrawn_ms INTEGER;
