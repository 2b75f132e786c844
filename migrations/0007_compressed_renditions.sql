-- Each rendition is stored compressed too, once per content version: the Worker answers gzip and
-- brotli itself (Cloudflare does not compress application/atom+xml or application/feed+json).
-- NULL when the coding would not make the body smaller.
ALTER TABLE renditions ADD COLUMN body_gzip BLOB;
ALTER TABLE renditions ADD COLUMN body_br BLOB;

-- A build that failed, remembered for its content version so that a page that cannot be built
-- answers a quick 503 instead of being rebuilt (for seconds) on every request.
CREATE TABLE rendition_failures (
  key TEXT PRIMARY KEY,
  content_version INTEGER NOT NULL,
  failed_ms INTEGER NOT NULL,
  error TEXT NOT NULL
);
