// Storage of photos: their rows in D1 (the only place that runs SQL on the media table) and their
// bytes in the MEDIA bucket, content-addressed: originals/<sha256>, variants/<sha256>/<width>.<ext>.
import type { MediaType } from "./sniff.ts";

export interface Media {
  /** Hex SHA-256 of the stored bytes. */
  hash: string;
  type: MediaType;
  width: number;
  height: number;
  bytes: number;
  alt: string | null;
  caption: string | null;
  credit: string | null;
  uploadedAt: string;
  uploadedBy: string;
}

/** A row as D1 gives it: the same fields, with the column names of the two that differ. */
type MediaRow = Omit<Media, "uploadedAt" | "uploadedBy"> & { uploaded_at: string; uploaded_by: string };

const fromRow = (r: MediaRow): Media => ({
  hash: r.hash,
  type: r.type,
  width: r.width,
  height: r.height,
  bytes: r.bytes,
  alt: r.alt,
  caption: r.caption,
  credit: r.credit,
  uploadedAt: r.uploaded_at,
  uploadedBy: r.uploaded_by,
});

const COLUMNS = "hash, type, width, height, bytes, alt, caption, credit, uploaded_at, uploaded_by";

/** The photo stored from these received bytes (by their hash), or stored as exactly these bytes. */
export async function findMediaByUpload(db: D1Database, receivedHash: string): Promise<Media | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM media WHERE upload_hash = ?1 OR hash = ?1 LIMIT 1`)
    .bind(receivedHash)
    .first<MediaRow>();
  return row ? fromRow(row) : null;
}

export async function findMedia(db: D1Database, hash: string): Promise<Media | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM media WHERE hash = ?`).bind(hash).first<MediaRow>();
  return row ? fromRow(row) : null;
}

/** The photos with these hashes (those in the library; the others are simply absent). */
export async function findMediaByHashes(db: D1Database, hashes: readonly string[]): Promise<Media[]> {
  if (hashes.length === 0) return [];
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM media WHERE hash IN (SELECT value FROM json_each(?))`)
    .bind(JSON.stringify(hashes))
    .all<MediaRow>();
  return results.map(fromRow);
}

/** The row recorded for these stored bytes or these received bytes, whichever there is. */
export async function findMediaRecorded(db: D1Database, hash: string, uploadHash: string): Promise<Media | null> {
  const row = await db
    .prepare(`SELECT ${COLUMNS} FROM media WHERE hash = ?1 OR upload_hash = ?2 ORDER BY hash = ?1 DESC LIMIT 1`)
    .bind(hash, uploadHash)
    .first<MediaRow>();
  return row ? fromRow(row) : null;
}

/**
 * Records photos whose originals are already in the bucket, in one batch. A photo already recorded
 * under the same stored hash (another upload that came out as the same bytes) keeps its row. Says,
 * row by row, whether this call inserted it.
 */
export async function insertMedia(
  db: D1Database,
  rows: { media: Media; uploadHash: string }[],
  /** Each row's audit record, inserted right after it only if it was (auditStatement's `ifChanged`). */
  recorded?: (m: Media) => D1PreparedStatement,
): Promise<boolean[]> {
  if (rows.length === 0) return [];
  const results = await db.batch(
    rows.flatMap(({ media: m, uploadHash }) => [
      db
        .prepare(
          `INSERT INTO media (${COLUMNS}, upload_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .bind(
          m.hash,
          m.type,
          m.width,
          m.height,
          m.bytes,
          m.alt,
          m.caption,
          m.credit,
          m.uploadedAt,
          m.uploadedBy,
          uploadHash,
        ),
      ...(recorded ? [recorded(m)] : []),
    ]),
  );
  // Each row's insert, without the audit records between them.
  return results.filter((_, i) => !recorded || i % 2 === 0).map((r) => (r.meta.changes ?? 0) > 0);
}

/** How many photos the library holds. */
export async function countMedia(db: D1Database): Promise<number> {
  return (await db.prepare("SELECT count(*) AS n FROM media").first<number>("n")) ?? 0;
}

/** A page of the library, newest first. */
export async function listMedia(db: D1Database, limit: number, offset: number): Promise<Media[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM media ORDER BY uploaded_at DESC, rowid DESC LIMIT ? OFFSET ?`)
    .bind(limit, offset)
    .all<MediaRow>();
  return results.map(fromRow);
}

/** A post that uses a photo (as its lead image or in its body), in any state. */
export interface MediaUse {
  hash: string;
  slug: string;
  title: string;
}

/** The posts that use each of these photos, by title. */
export async function usesOf(db: D1Database, hashes: readonly string[]): Promise<MediaUse[]> {
  if (hashes.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT m.hash AS hash, p.slug AS slug, p.title AS title FROM post_media m JOIN posts p ON p.id = m.post_id
       WHERE m.hash IN (SELECT value FROM json_each(?)) ORDER BY p.published_ms DESC`,
    )
    .bind(JSON.stringify(hashes))
    .all<MediaUse>();
  return results;
}

/** What the editor writes about a photo: null for "not written" (alt '' is decorative). */
export interface MediaDescription {
  alt: string | null;
  caption: string | null;
  credit: string | null;
}

/**
 * Rewrites a photo's alt text, caption and credit; false when there is no such photo. `recorded`, the
 * edit's audit record (auditStatement's `ifChanged`), runs in the same transaction, right after.
 */
export async function describeMedia(
  db: D1Database,
  hash: string,
  d: MediaDescription,
  recorded?: D1PreparedStatement,
): Promise<boolean> {
  const [r] = await db.batch([
    db
      .prepare("UPDATE media SET alt = ?, caption = ?, credit = ? WHERE hash = ?")
      .bind(d.alt, d.caption, d.credit, hash),
    ...(recorded ? [recorded] : []),
  ]);
  return (r?.meta.changes ?? 0) > 0;
}

/**
 * Removes a photo's row unless a post uses it (checked in the same statement); false when none went.
 * `recorded`, the deletion's audit record (auditStatement's `ifChanged`), runs in the same transaction.
 */
export async function deleteMediaRow(db: D1Database, hash: string, recorded?: D1PreparedStatement): Promise<boolean> {
  const [r] = await db.batch([
    db
      .prepare("DELETE FROM media WHERE hash = ?1 AND NOT EXISTS (SELECT 1 FROM post_media WHERE hash = ?1)")
      .bind(hash),
    ...(recorded ? [recorded] : []),
  ]);
  return (r?.meta.changes ?? 0) > 0;
}

/** Custom metadata of a stored original: what serving its variants needs, without a D1 query. */
export interface OriginalFacts {
  width: number;
  height: number;
}

export const originalKey = (hash: string) => `originals/${hash}`;
export const variantKey = (hash: string, width: number, ext: string) => `variants/${hash}/${width}.${ext}`;

/** Stores an original (content-addressed: the same bytes again write the same object). */
export async function putOriginal(bucket: R2Bucket, hash: string, bytes: Uint8Array, m: Media): Promise<void> {
  await bucket.put(originalKey(hash), bytes, {
    httpMetadata: { contentType: m.type },
    customMetadata: { width: String(m.width), height: String(m.height) },
    sha256: hash,
  });
}

export async function deleteOriginal(bucket: R2Bucket, hash: string): Promise<void> {
  await bucket.delete(originalKey(hash));
}

/** Removes every variant made of a photo (variants/<hash>/…), a listing page at a time. */
export async function deleteVariants(bucket: R2Bucket, hash: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: `variants/${hash}/`, ...(cursor ? { cursor } : {}) });
    if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/** A stored object's body and what serving it needs, or its head alone (`withBody` false, for HEAD). */
export async function getObject(
  bucket: R2Bucket,
  key: string,
  withBody: boolean,
): Promise<R2Object | R2ObjectBody | null> {
  return withBody ? bucket.get(key) : bucket.head(key);
}

export function originalFacts(o: R2Object): OriginalFacts | null {
  const width = Number(o.customMetadata?.width);
  const height = Number(o.customMetadata?.height);
  return width > 0 && height > 0 ? { width, height } : null;
}

/**
 * Keeps a variant unless another request kept it first (two first requests at once): null then, and
 * the one already kept is the variant, so a URL never changes its bytes or ETag once served.
 */
export async function putVariant(
  bucket: R2Bucket,
  key: string,
  bytes: Uint8Array,
  type: string,
): Promise<R2Object | null> {
  return bucket.put(key, bytes, { httpMetadata: { contentType: type }, onlyIf: { etagDoesNotMatch: "*" } });
}
