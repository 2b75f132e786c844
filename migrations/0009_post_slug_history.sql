-- Slugs a post had before it was renamed: their URLs answer 301 to the post's current slug. A slug
-- taken by another post later is that post's (its row here is removed).
CREATE TABLE post_slugs (
  slug TEXT PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES posts (id)
);
CREATE INDEX post_slugs_by_post ON post_slugs (post_id);
