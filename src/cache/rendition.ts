// Build once per content change, serve many: a rendition is looked up by key and
// rebuilt only when the content version has moved on. The isolate memoises what it read or built
// (memo.ts), so most requests do not reach D1 at all.
import { sha256, toBase64Url } from "../hash.ts";
import { compress } from "../http/encoding.ts";
import { type MemoisedRendition, memoGeneration, memoise, memoised, sawVersion } from "./memo.ts";
import { lookupRendition, putRendition, putRenditionFailure, type Rendition } from "./repository.ts";

export interface Built {
  version: number;
  contentType: string;
  lastModifiedMs: number;
  body: string;
}

/**
 * How long a failed build is remembered when the content does not change: long enough that a
 * page whose build takes seconds cannot be used to keep the Worker busy, short enough that a
 * passing fault (say, D1 unavailable for a moment) heals by itself.
 */
export const FAILED_BUILD_RETRY_MS = 5 * 60_000;

/** A rendition that cannot be built now; the request gets a quick 503 with `Retry-After`. */
export class RenditionUnavailable extends Error {
  readonly retryAfterSeconds: number;
  constructor(key: string, retryAfterSeconds: number) {
    super(`${key} cannot be built at this content version`);
    this.name = "RenditionUnavailable";
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/** A strong validator: the SHA-256 of the body, base64url, quoted. */
export async function strongEtag(body: string): Promise<string> {
  return `"${toBase64Url(await sha256(body)).slice(0, 32)}"`;
}

/**
 * The current rendition for `key`: from this isolate's memo while it is fresh (memo.ts), else from
 * D1, building and storing it (with its compressed codings) when missing or stale. `build` returns
 * null when there is nothing to show (a 404); that is neither stored nor memoised. A build that
 * throws, or whose result cannot be stored, is remembered in D1 for the content version it was
 * tried at and logged once: until the content changes (or FAILED_BUILD_RETRY_MS passes) the key
 * throws RenditionUnavailable at once instead of being rebuilt (a failure is not memoised: each
 * such request reads D1, so the 503 ends as soon as another isolate has stored the rendition).
 */
export async function rendition(
  db: D1Database,
  key: string,
  build: () => Promise<Built | null>,
): Promise<MemoisedRendition | null> {
  const hit = await memoised(db, key);
  if (hit) return hit;
  const generation = memoGeneration();
  const found = await lookupRendition(db, key);
  sawVersion(found.version, generation);
  if (found.rendition) return memoise(key, found.version, found.rendition, generation);
  if (found.failure) {
    const retryInMs = found.failure.failedMs + FAILED_BUILD_RETRY_MS - Date.now();
    if (retryInMs > 0) throw new RenditionUnavailable(key, retryInMs / 1000);
  }
  try {
    const built = await build();
    if (!built) return null;
    const fresh: Rendition = {
      contentType: built.contentType,
      etag: await strongEtag(built.body),
      lastModifiedMs: built.lastModifiedMs,
      body: built.body,
      encoded: compress(new TextEncoder().encode(built.body)),
    };
    await putRendition(db, key, built.version, fresh);
    sawVersion(built.version, generation);
    return memoise(key, built.version, fresh, generation);
  } catch (error) {
    console.error(
      `Building ${key} failed at content version ${found.version}; it answers 503 until the content changes ` +
        `or for ${FAILED_BUILD_RETRY_MS / 60_000} minutes:`,
      error,
    );
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await putRenditionFailure(db, key, found.version, { failedMs: Date.now(), error: message.slice(0, 1000) }).catch(
      (storeError: unknown) => console.error(`The failure of ${key} could not be recorded:`, storeError),
    );
    throw new RenditionUnavailable(key, FAILED_BUILD_RETRY_MS / 1000);
  }
}
