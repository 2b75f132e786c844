// Content codings (RFC 9110 section 8.4.1): each rendition is compressed once when it is built,
// and every request picks the coding its client accepts.

import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import Negotiator from "negotiator";

export type Coding = "br" | "gzip";
export type Encoded = Partial<Record<Coding, Uint8Array>>;

const CODINGS: readonly Coding[] = ["br", "gzip"];

/**
 * Compresses a body in each coding offered, at the strongest settings: this runs once per content
 * change, not per request. A coding that does not make the body smaller is left out.
 */
export function compress(body: Uint8Array): Encoded {
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
    },
  });
  const gzip = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
  const out: Encoded = {};
  if (br.byteLength < body.byteLength) out.br = new Uint8Array(br);
  if (gzip.byteLength < body.byteLength) out.gzip = new Uint8Array(gzip);
  return out;
}

/**
 * The client's own Accept-Encoding. In front of a Worker, Cloudflare (and `wrangler dev`, which
 * emulates it) replaces the header with "br, gzip" and keeps the client's value in
 * `cf.clientAcceptEncoding` ("" when the client sent none); trusting the header there would send
 * brotli to clients that cannot read it.
 */
export function clientAcceptEncoding(request: Request): string {
  const original = (request.cf as { clientAcceptEncoding?: unknown } | undefined)?.clientAcceptEncoding;
  if (typeof original === "string") return original;
  return request.headers.get("Accept-Encoding") ?? "";
}

/**
 * The coding to answer with, among those available: the client's highest q-value wins, ties go
 * to the coding the client lists first (as Cloudflare's edge decides, so it never re-encodes our
 * answer), and `q=0` refuses a coding. No header means no compression. When the client refuses
 * everything we have, it still gets the uncompressed body (RFC 9110 section 12.5.3 allows it).
 */
export function negotiateCoding(acceptEncoding: string, available: Encoded): Coding | "identity" {
  if (acceptEncoding.trim() === "") return "identity";
  const offered = CODINGS.filter((c) => available[c] !== undefined);
  if (offered.length === 0) return "identity";
  const [best] = new Negotiator({ headers: { "accept-encoding": acceptEncoding } }).encodings([...offered, "identity"]);
  return best === "br" || best === "gzip" ? best : "identity";
}

/** The strong validator of one coding of a representation: a compressed body is a different one. */
export function etagForCoding(identityEtag: string, coding: Coding | "identity"): string {
  return coding === "identity" ? identityEtag : identityEtag.replace(/"$/, `-${coding}"`);
}
