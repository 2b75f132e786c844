// Build once per content change, serve many: a rendition is looked up by key and
// rebuilt only when the content version has moved on.
import { sha256, toBase64Url } from "../hash.ts";
import { getCurrentRendition, putRendition, type Rendition } from "./repository.ts";

export interface Built {
  version: number;
  contentType: string;
  lastModifiedMs: number;
  body: string;
}

/** A strong validator: the SHA-256 of the body, base64url, quoted. */
export async function strongEtag(body: string): Promise<string> {
  return `"${toBase64Url(await sha256(body)).slice(0, 32)}"`;
}

/**
 * The current rendition for `key`, building and storing it when missing or stale.
 * `build` returns null when there is nothing to show (a 404); that is not stored.
 */
export async function rendition(
  db: D1Database,
  key: string,
  build: () => Promise<Built | null>,
): Promise<Rendition | null> {
  const cached = await getCurrentRendition(db, key);
  if (cached) return cached;
  const built = await build();
  if (!built) return null;
  const fresh: Rendition = {
    contentType: built.contentType,
    etag: await strongEtag(built.body),
    lastModifiedMs: built.lastModifiedMs,
    body: built.body,
  };
  await putRendition(db, key, built.version, fresh);
  return fresh;
}
