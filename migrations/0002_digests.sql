-- Digests: numbered issues, composed and rendered once, then sent and archived.
CREATE TABLE digests (
  number INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,          -- ISO 8601 with offset
  created_ms INTEGER NOT NULL,
  subject TEXT NOT NULL,
  preheader TEXT NOT NULL,
  period TEXT NOT NULL,              -- "Ngày 13/07/2021", as shown in the digest
  content TEXT NOT NULL,             -- JSON: the composed digest (posts, key points, links)
  email_html TEXT NOT NULL,          -- rendered once, with the recipient placeholder
  email_text TEXT NOT NULL,
  web_html TEXT NOT NULL,            -- the web view: no personal links
  web_text TEXT NOT NULL,
  last_modified_ms INTEGER NOT NULL  -- newest change of anything the digest shows
);

-- Which digest covers which post. A post is covered at most once: two runs composing at the
-- same time cannot both take the same post.
CREATE TABLE digest_posts (
  post_id TEXT PRIMARY KEY,
  digest_number INTEGER NOT NULL REFERENCES digests (number)
);
CREATE INDEX digest_posts_by_digest ON digest_posts (digest_number);
