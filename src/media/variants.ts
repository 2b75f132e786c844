// Resized variants of a stored photo: a fixed list of widths (never a size a stranger picks), the
// format a browser takes, and each variant made once and kept in the bucket.
import { makeVariant, type VariantFormat } from "./process.ts";
import { getObject, originalFacts, originalKey, putVariant, variantKey } from "./repository.ts";

/**
 * The widths variants are made at: the srcset of pages (360 to 1600), and 1200, the digest's photo
 * at 600 CSS pixels on a double-density screen.
 */
export const VARIANT_WIDTHS = [360, 720, 1080, 1200, 1600] as const;

/** AVIF is made up to this width only: encoding it is slow, and wider ones gain little over WebP. */
export const AVIF_MAX_WIDTH = 1080;

export const VARIANT_EXTENSIONS: Readonly<Record<VariantFormat, string>> = {
  "image/avif": "avif",
  "image/webp": "webp",
  "image/jpeg": "jpg",
};

/** Whether an Accept header names a media type with a non-zero weight (no wildcard counts). */
function accepts(accept: string, type: string): boolean {
  return accept.split(",").some((part) => {
    const [name = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (name !== type) return false;
    const q = params.find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** The format of a variant for a request's Accept header: AVIF (up to 1080 px), else WebP, else JPEG. */
export function formatFor(accept: string, width: number): VariantFormat {
  if (width <= AVIF_MAX_WIDTH && accepts(accept, "image/avif")) return "image/avif";
  if (accepts(accept, "image/webp")) return "image/webp";
  return "image/jpeg";
}

/**
 * Variants served lately, kept in this isolate's memory (content-addressed: a key's bytes never
 * change), so a page's photos are answered without a read from the bucket each time, as cheaply as
 * a Worker holding the bytes. Bounded by bytes, least recently served out first.
 */
const MEMO = { bytes: 16 * 1024 * 1024, item: 1024 * 1024 } as const;
const memo = new Map<string, { object: R2Object; bytes: Uint8Array }>();
let memoBytes = 0;

function remember(key: string, object: R2Object, bytes: Uint8Array): void {
  if (bytes.byteLength > MEMO.item || memo.has(key)) return;
  memo.set(key, { object, bytes });
  memoBytes += bytes.byteLength;
  for (const [oldest, kept] of memo) {
    if (memoBytes <= MEMO.bytes) break;
    memo.delete(oldest);
    memoBytes -= kept.bytes.byteLength;
  }
}

/** Drops a photo's variants from this isolate's memory (it was deleted). */
export function forgetVariants(hash: string): void {
  for (const [key, kept] of memo) {
    if (key.startsWith(`variants/${hash}/`)) {
      memo.delete(key);
      memoBytes -= kept.bytes.byteLength;
    }
  }
}

export type VariantLookup =
  | { status: "ok"; key: string; object: R2Object | R2ObjectBody; body?: Uint8Array }
  | { status: "no-original" }
  | { status: "too-wide"; originalWidth: number }
  | { status: "no-images" };

/**
 * The variant of photo `hash` at `width` in `format`: from the bucket, or made from the original and
 * kept there (its bytes are then in `body`). `withBody` false (a HEAD) reads only the stored head.
 */
export async function findOrMakeVariant(
  bucket: R2Bucket,
  images: ImagesBinding | undefined,
  hash: string,
  width: number,
  format: VariantFormat,
  withBody: boolean,
): Promise<VariantLookup> {
  const key = variantKey(hash, width, VARIANT_EXTENSIONS[format]);
  const inMemory = memo.get(key);
  if (inMemory) {
    // The most recently served last.
    memo.delete(key);
    memo.set(key, inMemory);
    return { status: "ok", key, object: inMemory.object, body: inMemory.bytes };
  }
  const stored = await getObject(bucket, key, withBody);
  if (stored && "body" in stored && stored.size <= MEMO.item) {
    const bytes = new Uint8Array(await stored.arrayBuffer());
    remember(key, stored, bytes);
    return { status: "ok", key, object: stored, body: bytes };
  }
  if (stored) return { status: "ok", key, object: stored };
  // Its head first: a request for a width it does not have reads no pixels.
  const head = await getObject(bucket, originalKey(hash), false);
  if (!head) return { status: "no-original" };
  const facts = originalFacts(head);
  if (!facts || width > facts.width) return { status: "too-wide", originalWidth: facts?.width ?? 0 };
  if (!images) return { status: "no-images" };
  const original = await getObject(bucket, originalKey(hash), true);
  if (!original || !("body" in original)) return { status: "no-original" };
  const body = await makeVariant(images, original.body, width, format);
  const object = await putVariant(bucket, key, body, format);
  if (object) {
    remember(key, object, body);
    return { status: "ok", key, object, body };
  }
  // Another request kept it first: that one is the variant.
  const kept = await getObject(bucket, key, withBody);
  return kept ? { status: "ok", key, object: kept } : { status: "no-original" };
}
