// HTTP for pollers: validators, 304s, cache lifetimes and content codings (RFC 9110 sections 8.4
// and 13, RFC 9111).
import type { Rendition } from "../cache/repository.ts";
import { httpDate } from "../dates.ts";
import { type Coding, clientAcceptEncoding, type Encoded, etagForCoding, negotiateCoding } from "./encoding.ts";

/** True when an If-None-Match value names `etag` (weak comparison, as RFC 9110 asks for it). */
export function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === opaque);
}

/** True when the client's copy is current, so a 304 answers the request. */
function isNotModified(request: Request, etag: string, lastModifiedMs: number): boolean {
  const inm = request.headers.get("If-None-Match");
  if (inm !== null) return etagMatches(inm, etag);
  const ims = request.headers.get("If-Modified-Since");
  if (ims === null) return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds.
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

/**
 * A 200 or 304 for a rendition in the coding the client accepts, with ETag (one per coding),
 * Last-Modified, Cache-Control, `Vary: Accept-Encoding` and Content-Length (which a HEAD keeps), and
 * any `extraHeaders` (a feed's Link header) on both. `ready` keeps the headers made for each
 * variant (coding, 200 or 304) of this very rendition, for the hot path (routes/hot.ts) to answer
 * the next request of the same variant without making them again (a Response copies its headers).
 */
export function conditionalResponse(
  request: Request,
  r: Rendition,
  maxAgeSeconds: number,
  extraHeaders: Readonly<Record<string, string>> = {},
  ready?: Map<string, Headers>,
): Response {
  const encoded = r.encoded ?? {};
  const coding = codingFor(clientAcceptEncoding(request), encoded);
  const etag = etagForCoding(r.etag, coding);
  const notModified = isNotModified(request, etag, r.lastModifiedMs);
  const compressed = coding === "identity" ? undefined : encoded[coding];
  const body = notModified ? null : (compressed ?? r.utf8 ?? new TextEncoder().encode(r.body));
  const variant = `${coding} ${notModified ? 304 : 200}`;
  let headers = ready?.get(variant);
  if (!headers) {
    headers = new Headers({
      ETag: etag,
      "Last-Modified": lastModified(r),
      // no-transform: the coding was chosen here for this client; an edge that re-encoded the body
      // would have to weaken the ETag and drop Content-Length.
      "Cache-Control": `public, max-age=${maxAgeSeconds}, must-revalidate, no-transform`,
      Vary: "Accept-Encoding",
      ...extraHeaders,
    });
    if (body) {
      headers.set("Content-Type", r.contentType);
      headers.set("Content-Length", String(body.byteLength));
      if (compressed) headers.set("Content-Encoding", coding);
    }
    ready?.set(variant, headers);
  }
  if (!body) return new Response(null, { status: 304, headers });
  // "manual": the bytes are already in the coding named by Content-Encoding.
  return new Response(body, { status: 200, headers, encodeBody: "manual" });
}
