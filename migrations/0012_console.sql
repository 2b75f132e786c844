-- The editor's console.

-- A post's state. Only 'published' posts appear where readers look (pages, feeds, digests and the
-- digest preview): every public query asks for state = 'published', so any other state is invisible.
--   draft       saved in the console, not published
--   scheduled   published by the cron once published_ms has come (src/posts/publish.ts publishDuePosts)
--   published   visible
--   withdrawn   was published, taken down by the editor (may be published again)
-- Posts stored before this migration were published.
ALTER TABLE posts ADD COLUMN state TEXT NOT NULL DEFAULT 'published';
CREATE INDEX posts_by_state ON posts (state, published_ms DESC);

-- When an address came in through the console's CSV import (the editor attested its consent);
-- NULL for addresses that subscribed themselves.
ALTER TABLE subscribers ADD COLUMN imported_at TEXT;

-- Signed-in console sessions. The cookie holds a random secret; only its SHA-256 is stored, so the
-- table alone opens nothing. Deleting a row signs that session out.
CREATE TABLE console_sessions (
  id TEXT PRIMARY KEY,        -- hex SHA-256 of the cookie's secret
  csrf TEXT NOT NULL,         -- the token every form of this session carries
  token_tag TEXT NOT NULL,    -- HMAC of the ADMIN_TOKEN it was opened with: a new token closes every session
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
);
CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_ms);
