-- Photos (issue 17). Each row is one stored original in the MEDIA bucket at originals/<hash>; its
-- resized variants live at variants/<hash>/<width>.<avif|webp|jpg> and are made on first request.
CREATE TABLE media (
  hash TEXT PRIMARY KEY,           -- hex SHA-256 of the stored bytes (metadata stripped, orientation applied)
  upload_hash TEXT UNIQUE,         -- hex SHA-256 of the bytes as received: the same upload again finds this row
  type TEXT NOT NULL CHECK (type IN ('image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif')),
  width INTEGER NOT NULL CHECK (width > 0),   -- of the stored original, upright
  height INTEGER NOT NULL CHECK (height > 0),
  bytes INTEGER NOT NULL CHECK (bytes > 0),
  alt TEXT,                        -- NULL: not written yet ('' would mean decorative)
  caption TEXT,
  credit TEXT,
  uploaded_at TEXT NOT NULL,       -- ISO 8601 with the site's offset
  uploaded_by TEXT NOT NULL        -- 'admin-api' for POST /admin/media
);
CREATE INDEX media_by_upload ON media (uploaded_at DESC);
