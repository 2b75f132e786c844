-- Photos in posts (issue 17). A post's lead image, as it was resolved against the media library when
-- the post was saved (JSON {hash, type, width, height, bytes, alt, caption, credit}; alt '' means
-- decorative), or NULL; and which photos each post uses, lead or in its body, in any state: the
-- media library shows where a photo is used and refuses to delete one that is.
ALTER TABLE posts ADD COLUMN image TEXT;

CREATE TABLE post_media (
  post_id TEXT NOT NULL,
  hash TEXT NOT NULL,              -- media.hash
  PRIMARY KEY (hash, post_id)
) WITHOUT ROWID;
CREATE INDEX post_media_by_post ON post_media (post_id);
