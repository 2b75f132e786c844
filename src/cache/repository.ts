// The content version and the renditions built from it: feeds and pages rendered once per
// content version and kept in D1.
import type { Encoded } from "../http/encoding.ts";

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
  /** Strong validator of the uncompressed body. */
  etag: string;
  lastModifiedMs: number;
  body: string;
  /** The body compressed, per coding (absent: not stored, or not smaller). */
  encoded?: Encoded;
  /** The body in UTF-8, when already encoded (a memoised rendition: see memo.ts). */
  utf8?: Uint8Array;
}

/** A build that failed at a content version. */
export interface RenditionFailure {
  failedMs: number;
  error: string;
}

/** What is stored for a key at the current content version. */
export interface Lookup {
  version: number;
  rendition: Rendition | null;
  failure: RenditionFailure | null;
}

type BlobColumn = ArrayBuffer | Uint8Array | number[] | null;

interface LookupRow {
  current_version: number;
  content_type: string | null;
  etag: string | null;
  last_modified_ms: number | null;
  body: string | null;
  body_gzip: BlobColumn;
  body_br: BlobColumn;
  failed_ms: number | null;
  error: string | null;
}

// D1 hands BLOB columns back as arrays of numbers.
function bytes(value: BlobColumn): Uint8Array | undefined {
  if (value === null) return undefined;
  return value instanceof Uint8Array ? value : new Uint8Array(value);
}

/** One query: the current content version, the rendition built from it and a failure recorded at it. */
export async function lookupRendition(db: D1Database, key: string): Promise<Lookup> {
  const row = await db
    .prepare(
      `SELECT s.content_version AS current_version,
         r.content_type, r.etag, r.last_modified_ms, r.body, r.body_gzip, r.body_br, f.failed_ms, f.error
       FROM site_state s
       LEFT JOIN renditions r ON r.key = ?1 AND r.content_version = s.content_version
       LEFT JOIN rendition_failures f ON f.key = ?1 AND f.content_version = s.content_version
       WHERE s.id = 1`,
    )
    .bind(key)
    .first<LookupRow>();
  if (!row) return { version: 0, rendition: null, failure: null };
  const rendition: Rendition | null =
    row.content_type !== null && row.etag !== null && row.last_modified_ms !== null && row.body !== null
      ? {
          contentType: row.content_type,
          etag: row.etag,
          lastModifiedMs: row.last_modified_ms,
          body: row.body,
          encoded: { gzip: bytes(row.body_gzip), br: bytes(row.body_br) },
        }
      : null;
  const failure = row.failed_ms !== null && row.error !== null ? { failedMs: row.failed_ms, error: row.error } : null;
  return { version: row.current_version, rendition, failure };
}

/**
 * Stores a rendition built from a given content version (an older one is simply never served)
 * and forgets an earlier failure of the same key.
 */
export async function putRendition(db: D1Database, key: string, version: number, r: Rendition): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO renditions (key, content_version, content_type, etag, last_modified_ms, body, body_gzip, body_br)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET content_version = excluded.content_version,
           content_type = excluded.content_type, etag = excluded.etag,
           last_modified_ms = excluded.last_modified_ms, body = excluded.body,
           body_gzip = excluded.body_gzip, body_br = excluded.body_br
         WHERE excluded.content_version >= renditions.content_version`,
      )
      .bind(
        key,
        version,
        r.contentType,
        r.etag,
        r.lastModifiedMs,
        r.body,
        r.encoded?.gzip ?? null,
        r.encoded?.br ?? null,
      ),
    db.prepare("DELETE FROM rendition_failures WHERE key = ? AND content_version <= ?").bind(key, version),
  ]);
}

/** Records that building `key` failed at a content version. */
export async function putRenditionFailure(
  db: D1Database,
  key: string,
  version: number,
  failure: RenditionFailure,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO rendition_failures (key, content_version, failed_ms, error) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET content_version = excluded.content_version,
         failed_ms = excluded.failed_ms, error = excluded.error
       WHERE excluded.content_version >= rendition_failures.content_version`,
    )
    .bind(key, version, failure.failedMs, failure.error)
    .run();
}
