// The content version and the renditions built from it: feeds and pages rendered once per
// content version and kept in D1.

/** A consistent read: the rows and the content version they belong to. */
export interface Versioned<T> {
  version: number;
  value: T;
}

/**
 * Runs read statements in one batch together with the content version (a batch is one
 * transaction), so what is built from the rows can be stored under that version.
 */
export async function readAtVersion(
  db: D1Database,
  statements: D1PreparedStatement[],
): Promise<Versioned<unknown[][]>> {
  const [version, ...rest] = await db.batch<unknown>([
    db.prepare("SELECT content_version FROM site_state WHERE id = 1"),
    ...statements,
  ]);
  return {
    version: (version?.results[0] as { content_version: number } | undefined)?.content_version ?? 0,
    value: rest.map((r) => r.results ?? []),
  };
}
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
