// Renditions: feeds and pages rendered once per content version and kept in D1.
export interface Rendition {
  contentType: string;
  etag: string;
  lastModifiedMs: number;
  body: string;
}

interface RenditionRow {
  content_type: string;
  etag: string;
  last_modified_ms: number;
  body: string;
}

/** The rendition stored under a key, if it was built from the current content version. */
export async function getCurrentRendition(db: D1Database, key: string): Promise<Rendition | null> {
  const row = await db
    .prepare(
      `SELECT r.content_type, r.etag, r.last_modified_ms, r.body FROM renditions r
       JOIN site_state s ON s.id = 1 AND s.content_version = r.content_version WHERE r.key = ?`,
    )
    .bind(key)
    .first<RenditionRow>();
  return row
    ? { contentType: row.content_type, etag: row.etag, lastModifiedMs: row.last_modified_ms, body: row.body }
    : null;
}

/** Stores a rendition built from a given content version (an older one is simply never served). */
export async function putRendition(db: D1Database, key: string, version: number, r: Rendition): Promise<void> {
  await db
    .prepare(
      `INSERT INTO renditions (key, content_version, content_type, etag, last_modified_ms, body)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET content_version = excluded.content_version,
         content_type = excluded.content_type, etag = excluded.etag,
         last_modified_ms = excluded.last_modified_ms, body = excluded.body
       WHERE excluded.content_version >= renditions.content_version`,
    )
    .bind(key, version, r.contentType, r.etag, r.lastModifiedMs, r.body)
    .run();
}
