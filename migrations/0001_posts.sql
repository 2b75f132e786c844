-- Posts: the one content model that pages, feeds and digests are built from.
CREATE TABLE posts (
  id TEXT PRIMARY KEY,                 -- permanent id (urn:uuid:…), never changes once published
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  author TEXT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',     -- JSON array of strings
  language TEXT NOT NULL,
  published_at TEXT NOT NULL,          -- ISO 8601 with the editor's UTC offset
  published_ms INTEGER NOT NULL,       -- the same instant, for ordering
  updated_at TEXT NOT NULL,            -- ISO 8601 with offset: the last content change
  updated_ms INTEGER NOT NULL,
  body_markdown TEXT NOT NULL,
  body_html TEXT NOT NULL,
  lead TEXT NOT NULL DEFAULT '[]',     -- JSON array of plain-text paragraphs
  sections TEXT NOT NULL DEFAULT '[]', -- JSON array of {heading, anchor, paragraphs}
  captions TEXT NOT NULL DEFAULT '[]', -- JSON array of figure captions
  key_points TEXT,                     -- JSON array of {section, points} written by the editor, or NULL
  content_hash TEXT NOT NULL           -- what publishing compares to tell a change from a re-run
);
CREATE INDEX posts_by_published ON posts (published_ms DESC);

-- One row: bumped in the same batch as every content change, so cached renditions built
-- from an older state are never served again.
CREATE TABLE site_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  content_version INTEGER NOT NULL
);
INSERT INTO site_state (id, content_version) VALUES (1, 1);

-- Feeds and pages rendered once per content version.
CREATE TABLE renditions (
  key TEXT PRIMARY KEY,
  content_version INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  etag TEXT NOT NULL,
  last_modified_ms INTEGER NOT NULL,
  body TEXT NOT NULL
);
