-- RFC 5005 archived feeds. Posts not yet in an archive document make up the subscription documents
-- (/rss.xml, /atom.xml, /feed.json); once there are enough of them, the oldest are sealed into the
-- next numbered archive document, whose membership never changes afterwards (a withdrawn post only
-- leaves it). Numbers are never reused, even when every post of a page is withdrawn.
CREATE TABLE archive_pages (
  number INTEGER PRIMARY KEY,
  sealed_ms INTEGER NOT NULL
);
ALTER TABLE posts ADD COLUMN archive_page INTEGER REFERENCES archive_pages (number);
CREATE INDEX posts_by_archive_page ON posts (archive_page, published_ms);
