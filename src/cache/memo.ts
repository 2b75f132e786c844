// The in-isolate memo of renditions: the hot path of every feed and page. A rendition found in (or
// built into) D1 is kept in this isolate's memory with the content version it belongs to, so most
// requests, 200s, 304s and HEADs alike, are answered without touching D1.
//
// Freshness. The isolate trusts the content version it last read for MEMO_LIFETIME_MS; during that
// time a memoised rendition is served without any query. After it, one cheap query
// (`SELECT content_version`, no body) checks the version once for the whole isolate: unchanged, the
// memo is reused as it is; changed, every entry built at the old version is dropped and read again.
// A write in this isolate that bumps the content version (publishing, withdrawing, scheduled posts
// going out, archive pages sealed, a digest created) calls forgetRenditions(), so the isolate that
// made the change serves it at once.
//
// Staleness bound: another isolate (another request handler on Cloudflare's edge, or another
// location) that memoised a rendition before the change may go on serving it for up to
// MEMO_LIFETIME_MS after the change is committed in D1 (plus the time of one request in flight).
// Feeds and pages already tell clients and caches to keep them for a minute (max-age=60), so five
// seconds more at the origin is well within what a reader can see anyway.
//
// Renditions are keyed by their rendition key, which already names the deployed version and the
// settings (cache/scope.ts): a redeploy or a settings change never serves a memoised page.
import type { Rendition } from "./repository.ts";

/** How long (ms) an isolate trusts the content version it last read before checking D1 again. */
export const MEMO_LIFETIME_MS = 5_000;
/** At most this many renditions are memoised per isolate (least recently used go first). */
export const MEMO_MAX_ENTRIES = 200;
/**
 * At most this many bytes of renditions (the body as a string, its UTF-8 bytes and its compressed
 * codings) are memoised per isolate: a small part of an isolate's 128 MB.
 */
export const MEMO_MAX_BYTES = 16 * 1024 * 1024;

/** A memoised rendition, with its body encoded once in UTF-8 for the 200s that want it uncompressed. */
export interface MemoisedRendition extends Rendition {
  utf8: Uint8Array;
  /** The rendition key it was memoised under (the hot path finds it again by this key). */
  key: string;
}

interface Entry {
  rendition: MemoisedRendition;
  version: number;
  bytes: number;
}

interface MemoOptions {
  lifetimeMs: number;
  maxEntries: number;
  maxBytes: number;
  now: () => number;
}

const defaults: MemoOptions = {
  lifetimeMs: MEMO_LIFETIME_MS,
  maxEntries: MEMO_MAX_ENTRIES,
  maxBytes: MEMO_MAX_BYTES,
  now: () => Date.now(),
};
let options: MemoOptions = { ...defaults };

/** Least recently used first (a Map keeps insertion order; a hit moves its key to the end). */
const entries = new Map<string, Entry>();
let totalBytes = 0;
/** The content version last read from D1, and when. */
let known: { version: number; readMs: number } | null = null;
/** A version check in flight, shared by the requests that need it at the same time. */
let checking: Promise<number> | null = null;
/** Counts forgetRenditions() calls: a read that began before one must not fill the memo after it. */
let generation = 0;

/** The memo's size and how often D1 was asked for the content version alone (for tests and the bench). */
export const memoStats = { versionChecks: 0 };

function sizeOf(r: MemoisedRendition): number {
  // A JS string of Vietnamese text is stored two bytes per UTF-16 unit.
  return r.body.length * 2 + r.utf8.byteLength + (r.encoded?.gzip?.byteLength ?? 0) + (r.encoded?.br?.byteLength ?? 0);
}

function drop(key: string): void {
  const entry = entries.get(key);
  if (!entry) return;
  entries.delete(key);
  totalBytes -= entry.bytes;
}

/** The content version last read, while this isolate still trusts it (for MEMO_LIFETIME_MS). */
function trustedVersion(): number | undefined {
  return known && options.now() - known.readMs < options.lifetimeMs ? known.version : undefined;
}

/** Marks an entry as the most recently used. */
function touch(key: string, entry: Entry): MemoisedRendition {
  entries.delete(key);
  entries.set(key, entry);
  return entry.rendition;
}

/** The content version, from memory while it is fresh, else from one query shared by concurrent requests. */
async function currentVersion(db: D1Database): Promise<number> {
  const trusted = trustedVersion();
  if (trusted !== undefined) return trusted;
  if (!checking) {
    const startedIn = generation;
    memoStats.versionChecks++;
    const check = db
      .prepare("SELECT content_version FROM site_state WHERE id = 1")
      .first<number>("content_version")
      .then((version) => {
        const v = version ?? 0;
        sawVersion(v, startedIn);
        return v;
      })
      .finally(() => {
        if (checking === check) checking = null;
      });
    checking = check;
  }
  return checking;
}

/** A rendition memoised at the current content version, or undefined (then the caller reads D1). */
export async function memoised(db: D1Database, key: string): Promise<MemoisedRendition | undefined> {
  const entry = entries.get(key);
  if (!entry) return undefined;
  const version = await currentVersion(db);
  // The entry may have gone (forgotten, or evicted) while the version was read.
  if (entries.get(key) !== entry) return undefined;
  if (entry.version !== version) {
    drop(key);
    return undefined;
  }
  return touch(key, entry);
}

/**
 * A rendition memoised at the content version this isolate trusts now, without asking D1 and
 * without waiting: undefined when `key` is not memoised at that version, or when the version is
 * due to be checked again (the caller then takes the full path, memoised(), which checks it).
 */
export function memoisedNow(key: string): MemoisedRendition | undefined {
  const version = trustedVersion();
  const entry = entries.get(key);
  if (version === undefined || !entry || entry.version !== version) return undefined;
  return touch(key, entry);
}

/** The generation to pass back to sawVersion and memoise: take it before reading D1. */
export function memoGeneration(): number {
  return generation;
}

/** Notes a content version just read from D1 (ignored when the memo was forgotten since the read began). */
export function sawVersion(version: number, startedIn: number): void {
  if (startedIn !== generation) return;
  // Versions only grow; a lower one is an older read finishing late.
  if (known && version < known.version) return;
  known = { version, readMs: options.now() };
}

/**
 * Keeps a rendition built at (or read at) `version`, and returns it with its UTF-8 body. Not kept
 * when the memo was forgotten since the read began, or when it alone is larger than the byte bound.
 */
export function memoise(key: string, version: number, rendition: Rendition, startedIn: number): MemoisedRendition {
  const kept: MemoisedRendition = { ...rendition, utf8: new TextEncoder().encode(rendition.body), key };
  if (startedIn !== generation) return kept;
  const bytes = sizeOf(kept);
  drop(key);
  if (bytes > options.maxBytes || options.maxEntries < 1) return kept;
  entries.set(key, { rendition: kept, version, bytes });
  totalBytes += bytes;
  for (const [oldest] of entries) {
    if (entries.size <= options.maxEntries && totalBytes <= options.maxBytes) break;
    drop(oldest);
  }
  return kept;
}

/**
 * Forgets every memoised rendition and the content version: call it as soon as a write of this
 * isolate that bumps the content version has committed (a failed D1 batch is rolled back whole,
 * so there is nothing to forget then).
 */
export function forgetRenditions(): void {
  generation++;
  entries.clear();
  totalBytes = 0;
  known = null;
  checking = null;
}

/** How much is memoised now. */
export function memoSize(): { entries: number; bytes: number } {
  return { entries: entries.size, bytes: totalBytes };
}

/** For tests: other bounds, lifetime or clock (unset fields go back to the defaults); forgets everything. */
export function configureMemo(overrides: Partial<MemoOptions> = {}): void {
  options = { ...defaults, ...overrides };
  memoStats.versionChecks = 0;
  forgetRenditions();
}
