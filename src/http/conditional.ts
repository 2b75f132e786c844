// HTTP for pollers: validators, 304s, cache lifetimes and content codings (RFC 9110 sections 8.4
// and 13, RFC 9111).
import type { Rendition } from "../cache/repository.ts";
import { httpDate } from "../dates.ts";
import { type Coding, clientAcceptEncoding, type Encoded, etagForCoding, negotiateCoding } from "./encoding.ts";

/** True when an If-None-Match value names `etag` (weak comparison, as RFC 9110 asks for it). */
export function etagMatches(header: string, etag: string): boolean {
  // The usual case first: a reader sending back the one ETag it was given.
  if (header === etag || header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === opaque);
}

/** True when the request's If-Modified-Since is at or after the last change (HTTP dates have whole seconds). */
function unchangedSince(request: Request, lastModifiedMs: number): boolean {
  const ims = request.headers.get("If-Modified-Since");
  if (ims === null) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(lastModifiedMs / 1000) * 1000 <= since;
}

/** Last-Modified of a rendition, formatted once per rendition (a memoised one serves many requests). */
const lastModifiedOf = new WeakMap<Rendition, string>();
function lastModified(r: Rendition): string {
  let value = lastModifiedOf.get(r);
  if (value === undefined) {
    value = httpDate(r.lastModifiedMs);
    lastModifiedOf.set(r, value);
  }
  return value;
}

/** Negotiated codings by Accept-Encoding and the codings available: clients send few distinct values. */
const negotiated = new Map<string, Coding | "identity">();
function codingFor(acceptEncoding: string, encoded: Encoded): Coding | "identity" {
  const key = `${encoded.br ? "b" : ""}${encoded.gzip ? "g" : ""} ${acceptEncoding}`;
  let coding = negotiated.get(key);
  if (coding === undefined) {
    coding = negotiateCoding(acceptEncoding, encoded);
    if (negotiated.size >= 256) negotiated.clear();
    negotiated.set(key, coding);
  }
  return coding;
}

/** What a rendition's answers to one Accept-Encoding value are made of (kept by the hot path). */
export interface Prepared {
  etag: string;
  body: Uint8Array;
  ok: Headers;
  notModified: Headers;
}

function prepare(
  r: Rendition,
  acceptEncoding: string,
  maxAgeSeconds: number,
  extraHeaders: Readonly<Record<string, string>>,
): Prepared {
  const encoded = r.encoded ?? {};
  const coding = codingFor(acceptEncoding, encoded);
  const etag = etagForCoding(r.etag, coding);
  const compressed = coding === "identity" ? undefined : encoded[coding];
  const body = compressed ?? r.utf8 ?? new TextEncoder().encode(r.body);
  const common = {
    ETag: etag,
    "Last-Modified": lastModified(r),
    // no-transform: the coding was chosen here for this client; an edge that re-encoded the body
    // would have to weaken the ETag and drop Content-Length.
    "Cache-Control": `public, max-age=${maxAgeSeconds}, must-revalidate, no-transform`,
    Vary: "Accept-Encoding",
    ...extraHeaders,
  };
  const ok = new Headers({
    ...common,
    "Content-Type": r.contentType,
    "Content-Length": String(body.byteLength),
    ...(compressed ? { "Content-Encoding": coding } : {}),
  });
  return { etag, body, ok, notModified: new Headers(common) };
}

/** A 200's headers without Last-Modified (made for the rare request that needs them). */
function undated(p: Prepared): Headers {
  const headers = new Headers(p.ok);
  headers.delete("Last-Modified");
  return headers;
}

/** At most this many Accept-Encoding values are kept per rendition (clients send few distinct ones). */
const PREPARED_MAX = 32;

/**
 * A 200 or 304 for a rendition in the coding the client accepts, with ETag (one per coding),
 * Last-Modified, Cache-Control, `Vary: Accept-Encoding` and Content-Length (which a HEAD keeps), and
 * any `extraHeaders` (a feed's Link header) on both. `prepared` keeps what was made for each
 * Accept-Encoding value of this very rendition, for the hot path (routes/hot.ts) to answer the
 * next such request without making it again (a Response copies the headers it is given).
 */
export function conditionalResponse(
  request: Request,
  r: Rendition,
  maxAgeSeconds: number,
  extraHeaders: Readonly<Record<string, string>> = {},
  prepared?: Map<string, Prepared>,
): Response {
  const acceptEncoding = clientAcceptEncoding(request);
  let p = prepared?.get(acceptEncoding);
  if (!p) {
    p = prepare(r, acceptEncoding, maxAgeSeconds, extraHeaders);
    if (prepared) {
      if (prepared.size >= PREPARED_MAX) prepared.clear();
      prepared.set(acceptEncoding, p);
    }
  }
  // If-None-Match decides when it is sent (RFC 9110 section 13.2.2); If-Modified-Since only without it.
  const inm = request.headers.get("If-None-Match");
  if (inm !== null ? etagMatches(inm, p.etag) : unchangedSince(request, r.lastModifiedMs)) {
    return new Response(null, { status: 304, headers: p.notModified });
  }
  // A change within the second of the client's copy (or a Last-Modified that went back) leaves the
  // date no later than the one the client sends. libcurl (newsboat's HTTP) then drops the 200's body
  // as "not new enough" and keeps the old text: such a 200 goes without a Last-Modified.
  const headers = inm !== null && unchangedSince(request, r.lastModifiedMs) ? undated(p) : p.ok;
  // "manual": the bytes are already in the coding named by Content-Encoding.
  return new Response(p.body, { status: 200, headers, encodeBody: "manual" });
}
