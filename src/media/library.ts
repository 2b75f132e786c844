// The media library: what the editor writes about each photo, where each is used, and deleting one
// no post uses. The console and the admin API call these, so each rule lives here once.
import type { AuditWho } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import {
  deleteMediaRow,
  deleteOriginal,
  deleteVariants,
  describeMedia,
  findMedia,
  type Media,
  type MediaDescription,
  type MediaUse,
  usesOf,
} from "./repository.ts";
import { forgetVariants } from "./variants.ts";

/** The longest alt text, caption and credit (characters), for uploads and edits alike. */
export const DESCRIPTION_LIMITS = { alt: 1000, caption: 2000, credit: 300 } as const;

/** A photo of the library with the posts that use it. */
export interface LibraryPhoto {
  media: Media;
  uses: MediaUse[];
}

/** The posts using each photo, beside it. */
export async function withUses(db: D1Database, photos: readonly Media[]): Promise<LibraryPhoto[]> {
  const uses = await usesOf(
    db,
    photos.map((m) => m.hash),
  );
  return photos.map((media) => ({ media, uses: uses.filter((u) => u.hash === media.hash) }));
}

/**
 * A description as the editor sent it: empty text is "not written" (null), and a decorative photo
 * has the alt text '' whatever was typed.
 */
export function descriptionOf(fields: {
  alt: string;
  caption: string;
  credit: string;
  decorative: boolean;
}): MediaDescription {
  const orNull = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    alt: fields.decorative ? "" : orNull(fields.alt),
    caption: orNull(fields.caption),
    credit: orNull(fields.credit),
  };
}

/** Which field of a description is longer than its limit, if any. */
export function tooLong(d: MediaDescription): { field: keyof MediaDescription; max: number } | null {
  for (const field of ["alt", "caption", "credit"] as const) {
    const text = d[field];
    if (text !== null && [...text].length > DESCRIPTION_LIMITS[field]) {
      return { field, max: DESCRIPTION_LIMITS[field] };
    }
  }
  return null;
}

export type Deletion = { status: "deleted" } | { status: "not-found" } | { status: "used"; uses: MediaUse[] };

/**
 * Deletes a photo no post uses: its original, every variant made of it, then its row. The objects go
 * first, so that a failure part way leaves a row naming missing objects (the library still lists the
 * photo, and deleting it again finishes the job), never an object served at its URL that no row
 * names, which nobody could find in the library to delete. The original goes before the variants,
 * so that no new variant can be made of it meanwhile.
 */
export async function deleteMedia(
  db: D1Database,
  bucket: R2Bucket,
  hash: string,
  audit?: { who: AuditWho; nowMs: number },
): Promise<Deletion> {
  const found = await findMedia(db, hash);
  if (!found) return { status: "not-found" };
  const uses = await usesOf(db, [hash]);
  if (uses.length > 0) return { status: "used", uses };
  await deleteOriginal(bucket, hash);
  await deleteVariants(bucket, hash);
  forgetVariants(hash);
  // The row goes only if still no post uses it (a post saved meanwhile keeps it named).
  const recorded =
    audit &&
    auditStatement(
      db,
      {
        who: audit.who,
        atMs: audit.nowMs,
        action: "media.delete",
        object: { type: "media", id: hash },
        detail: shownIn(found),
      },
      { ifChanged: true },
    );
  if (await deleteMediaRow(db, hash, recorded)) return { status: "deleted" };
  const now = await usesOf(db, [hash]);
  return now.length > 0 ? { status: "used", uses: now } : { status: "deleted" };
}

/** What the audit log keeps of a photo beside its hash: its type and size. */
export const shownIn = (m: Media) => ({ type: m.type, width: m.width, height: m.height, bytes: m.bytes });

/**
 * Rewrites a photo's description and records the edit (the fields it changed) in the audit log, in
 * one transaction; an edit that changes nothing is not recorded. False when there is no such photo.
 */
export async function redescribeMedia(
  db: D1Database,
  m: Media,
  d: MediaDescription,
  audit: { who: AuditWho; nowMs: number },
): Promise<boolean> {
  const changed = (["alt", "caption", "credit"] as const).filter((f) => m[f] !== d[f]);
  const recorded =
    changed.length > 0
      ? auditStatement(
          db,
          {
            who: audit.who,
            atMs: audit.nowMs,
            action: "media.update",
            object: { type: "media", id: m.hash },
            detail: { changed },
          },
          { ifChanged: true },
        )
      : undefined;
  return describeMedia(db, m.hash, d, recorded);
}
