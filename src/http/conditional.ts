// HTTP for pollers: validators, 304s and cache lifetimes (RFC 9110 section 13, RFC 9111).
import type { Rendition } from "../cache/repository.ts";
import { httpDate } from "../dates.ts";

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  // Weak comparison, as RFC 9110 asks for If-None-Match.
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === opaque);
}

/** True when the client's copy is current, so a 304 answers the request. */
export function isNotModified(request: Request, r: Rendition): boolean {
  const inm = request.headers.get("If-None-Match");
  if (inm !== null) return etagMatches(inm, r.etag);
  const ims = request.headers.get("If-Modified-Since");
  if (ims === null) return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds.
  return !Number.isNaN(since) && Math.floor(r.lastModifiedMs / 1000) * 1000 <= since;
}

/** A 200 or 304 for a rendition, with ETag, Last-Modified and Cache-Control. */
export function conditionalResponse(request: Request, r: Rendition, maxAgeSeconds: number): Response {
  const headers = new Headers({
    ETag: r.etag,
    "Last-Modified": httpDate(r.lastModifiedMs),
    "Cache-Control": `public, max-age=${maxAgeSeconds}, must-revalidate`,
  });
  if (isNotModified(request, r)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", r.contentType);
  return new Response(r.body, { status: 200, headers });
}
