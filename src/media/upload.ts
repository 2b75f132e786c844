// Uploading photos: each file checked and processed first, then all stored, or none (a request with
// one refused file stores nothing). The same bytes uploaded again find the photo already stored.
import type { AuditWho } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import { zonedIso } from "../dates.ts";
import { sha256, toHex } from "../hash.ts";
import { message } from "../i18n/index.ts";
import { shownIn } from "./library.ts";
import { processUpload, type Refused } from "./process.ts";
import {
  deleteOriginal,
  findMedia,
  findMediaByUpload,
  findMediaRecorded,
  insertMedia,
  type Media,
  putOriginal,
} from "./repository.ts";
import { MEDIA_LIMITS } from "./sniff.ts";

const TOO_LARGE_STORED: Refused = {
  ok: false,
  status: 413,
  message: `Once cleaned of its metadata and encoded again, this photo is larger than ${MEDIA_LIMITS.bytes / (1024 * 1024)} MB: export it smaller (fewer pixels or more compression) and send it again.`,
  console: message("console-media.refused.storedTooLarge", { max: MEDIA_LIMITS.bytes / (1024 * 1024) }),
};

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
  /** Who uploads: "admin-api" for POST /admin/media, "console" for the console's forms. */
  uploadedBy: string;
  /** Who uploads, for the audit log: each photo stored is recorded in the same transaction as its row. */
  who?: AuditWho;
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
  const toStore: { media: Media; uploadHash: string; bytes: Uint8Array; answer: number }[] = [];
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
      return { ...TOO_LARGE_STORED, index };
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
    toStore.push({ media, uploadHash, bytes: processed.bytes, answer: answers.length });
    answers.push({ ...media, created: true });
  }
  // The bytes first, then the rows: a failure in between leaves at most an object no row names
  // (content-addressed, so the next upload of it simply writes it again).
  for (const s of toStore) await putOriginal(deps.bucket, s.media.hash, s.bytes, s.media);
  const { who } = deps;
  const recorded =
    who &&
    ((m: Media) =>
      auditStatement(
        deps.db,
        { who, atMs: deps.nowMs, action: "media.upload", object: { type: "media", id: m.hash }, detail: shownIn(m) },
        { ifChanged: true },
      ));
  const inserted = await insertMedia(deps.db, toStore, recorded);
  // Another request recorded the same photo while this one processed it (two identical uploads at
  // once): that row is the photo, and only the request whose row it is says it created it.
  for (const [i, s] of toStore.entries()) {
    if (inserted[i]) continue;
    const row = await findMediaRecorded(deps.db, s.media.hash, s.uploadHash);
    if (!row) continue;
    answers[s.answer] = { ...row, created: false };
    // The other request's encoding came out as other bytes: this one's object is named by no row.
    if (row.hash !== s.media.hash && !(await findMedia(deps.db, s.media.hash))) {
      await deleteOriginal(deps.bucket, s.media.hash);
    }
  }
  return { ok: true, media: answers };
}
