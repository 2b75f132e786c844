// Uploading photos: each file checked and processed first, then all stored, or none (a request with
// one refused file stores nothing). The same bytes uploaded again find the photo already stored.
import { zonedIso } from "../dates.ts";
import { sha256, toHex } from "../hash.ts";
import { processUpload, type Refused } from "./process.ts";
import { findMedia, findMediaByUpload, insertMedia, type Media, putOriginal } from "./repository.ts";
import { MEDIA_LIMITS } from "./sniff.ts";

const TOO_LARGE_STORED = `Once cleaned of its metadata and encoded again, this photo is larger than ${MEDIA_LIMITS.bytes / (1024 * 1024)} MB: export it smaller (fewer pixels or more compression) and send it again.`;

export interface UploadFile {
  bytes: Uint8Array;
  alt?: string | undefined;
  caption?: string | undefined;
  credit?: string | undefined;
}

export interface UploadDeps {
  db: D1Database;
  bucket: R2Bucket;
  /** Absent when the Worker is deployed without the Images binding. */
  images: ImagesBinding | undefined;
  nowMs: number;
  timeZone: string;
  /** Who uploads: "admin-api" for POST /admin/media. */
  uploadedBy: string;
}

export type Uploaded = Media & { created: boolean };

export type UploadResult =
  | { ok: true; media: Uploaded[] }
  | (Refused & {
      /** Which file (from 0) was refused. */
      index: number;
    });

const sha256Hex = async (bytes: Uint8Array): Promise<string> => toHex(await sha256(bytes));

/** Stores the files (at most a few, each already within the size limit of its request). */
export async function uploadMedia(deps: UploadDeps, files: readonly UploadFile[]): Promise<UploadResult> {
  const uploadedAt = zonedIso(deps.nowMs, deps.timeZone);
  const answers: Uploaded[] = [];
  const toStore: { media: Media; uploadHash: string; bytes: Uint8Array }[] = [];
  for (const [index, file] of files.entries()) {
    const uploadHash = await sha256Hex(file.bytes);
    const existing = await findMediaByUpload(deps.db, uploadHash);
    if (existing) {
      answers.push({ ...existing, created: false });
      continue;
    }
    const processed = await processUpload(file.bytes, deps.images);
    if (!processed.ok) return { ...processed, index };
    // Encoded again, a photo may grow: what is stored keeps to the same limit as what is sent.
    if (processed.bytes.byteLength > MEDIA_LIMITS.bytes) {
      return { ok: false, status: 413, message: TOO_LARGE_STORED, index };
    }
    const hash = await sha256Hex(processed.bytes);
    // Another upload that came out as the same bytes (the same photo with other metadata, say), or
    // the same photo twice in this request: stored once.
    const same = (await findMedia(deps.db, hash)) ?? toStore.find((s) => s.media.hash === hash)?.media;
    if (same) {
      answers.push({ ...same, created: false });
      continue;
    }
    const media: Media = {
      hash,
      type: processed.type,
      width: processed.width,
      height: processed.height,
      bytes: processed.bytes.byteLength,
      alt: file.alt ?? null,
      caption: file.caption ?? null,
      credit: file.credit ?? null,
      uploadedAt,
      uploadedBy: deps.uploadedBy,
    };
    toStore.push({ media, uploadHash, bytes: processed.bytes });
    answers.push({ ...media, created: true });
  }
  // The bytes first, then the rows: a failure in between leaves at most an object no row names
  // (content-addressed, so the next upload of it simply writes it again).
  for (const s of toStore) await putOriginal(deps.bucket, s.media.hash, s.bytes, s.media);
  await insertMedia(deps.db, toStore);
  return { ok: true, media: answers };
}
