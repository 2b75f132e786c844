// How large a request body each route takes, in one table: a body larger than its route's limit is
// answered 413 before more of it is read. It runs before every route, so a stranger can make the
// Worker hold no more than a few KB of a request, and the editor no more than could be stored.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { consoleText, siteText } from "../i18n/index.ts";
import { MEDIA_LIMITS } from "../media/sniff.ts";
import { POST_LIMITS } from "../posts/limits.ts";
import { IMPORT_LIMITS } from "../subscribers/import.ts";
import type { AppEnv } from "./context.ts";

const KB = 1024;

/** Console forms of a few fields (a CSRF token, an address, a confirmation). */
const FORM = 16 * KB;
/** Routes that read no body: room for an empty form or `{}`. */
const NONE = 1 * KB;
/**
 * A post as JSON: its Markdown and key points are stored in one row of at most `rowBytes`, and JSON
 * escaping (line breaks, quotes) at most doubles them, so no post that can be stored is larger.
 */
const POST_JSON = 2 * POST_LIMITS.rowBytes;
/**
 * A post as a form: form encoding writes each byte outside plain ASCII as three (`%E1%BB%87`); and
 * the form may carry a photo for its lead image (it is multipart/form-data).
 */
const POST_FORM = 3 * POST_LIMITS.rowBytes + MEDIA_LIMITS.requestBytes;
/** Descriptions of the photos of one upload: alt text, caption and credit each, percent-encoded. */
const MEDIA_DESCRIPTIONS = 128 * KB;

export interface BodyLimit {
  /** The method and the route's path as the app declares it. */
  route: string;
  bytes: number;
}

/** Every route that takes a body. A route missing here gets DEFAULT (a test checks none is missing). */
export const BODY_LIMITS: readonly BodyLimit[] = [
  // Strangers' forms: a few fields of at most 2,000 characters, percent-encoded up to three bytes each.
  { route: "POST /websub", bytes: 16 * KB },
  { route: "POST /subscribe", bytes: 16 * KB },
  // A token in the form, or RFC 8058's `List-Unsubscribe=One-Click`.
  { route: "POST /confirm", bytes: 4 * KB },
  { route: "POST /unsubscribe", bytes: 4 * KB },
  // The preference page's form: a token, a frequency and the topics ticked (at most 100 slugs of 80).
  { route: "POST /preferences", bytes: 16 * KB },
  // The console.
  { route: "POST /console/login", bytes: 8 * KB },
  { route: "POST /console/logout", bytes: FORM },
  { route: "POST /console/posts/new", bytes: POST_FORM },
  { route: "POST /console/posts/:slug", bytes: POST_FORM },
  { route: "POST /console/frame/post", bytes: POST_FORM },
  { route: "POST /console/posts/:slug/withdraw", bytes: FORM },
  { route: "POST /console/posts/:slug/email", bytes: FORM },
  // The CSV file (import.ts says so when it is larger), with room for the multipart framing.
  { route: "POST /console/subscribers/import", bytes: IMPORT_LIMITS.bytes + 64 * KB },
  { route: "POST /console/subscribers/lift", bytes: FORM },
  { route: "POST /console/subscribers/erase", bytes: FORM },
  // Photos: an upload as the admin API takes it, their descriptions, a deletion.
  { route: "POST /console/media/upload", bytes: MEDIA_LIMITS.requestBytes },
  { route: "POST /console/media/describe", bytes: MEDIA_DESCRIPTIONS },
  { route: "POST /console/media/:hash/delete", bytes: FORM },
  { route: "POST /console/digest/test", bytes: FORM },
  { route: "POST /console/digest/send", bytes: FORM },
  { route: "POST /console/digests/:number/resume", bytes: FORM },
  { route: "POST /console/login/email", bytes: 8 * KB },
  { route: "POST /console/login/link", bytes: 8 * KB },
  { route: "POST /console/invitation", bytes: 8 * KB },
  { route: "POST /console/staff/invite", bytes: FORM },
  { route: "POST /console/staff/role", bytes: FORM },
  { route: "POST /console/staff/disable", bytes: FORM },
  { route: "POST /console/staff/enable", bytes: FORM },
  { route: "POST /console/sessions/end", bytes: FORM },
  { route: "POST /console/tokens", bytes: FORM },
  { route: "POST /console/tokens/revoke", bytes: FORM },
  // A passkey's answer, base64url in a form: the routes read at most about 31 KB of its fields.
  { route: "POST /console/login/passkey/options", bytes: 8 * KB },
  { route: "POST /console/login/passkey", bytes: 48 * KB },
  { route: "POST /console/passkeys/options", bytes: FORM },
  { route: "POST /console/passkeys", bytes: 48 * KB },
  { route: "POST /console/passkeys/remove", bytes: FORM },
  // The admin API.
  { route: "POST /admin/posts", bytes: POST_JSON },
  { route: "POST /admin/posts/:slug/email", bytes: NONE },
  // An address, a type and a reason of at most 500 characters.
  { route: "POST /admin/suppressions", bytes: 4 * KB },
  { route: "POST /admin/digests", bytes: NONE },
  { route: "POST /admin/digests/:number/resume", bytes: NONE },
  { route: "POST /admin/maintenance", bytes: NONE },
  { route: "POST /admin/staff/owner-link", bytes: 4 * KB },
  // Photos: at most 20 MB each, a few per request (media/sniff.ts says why the total is lower).
  { route: "POST /admin/media", bytes: MEDIA_LIMITS.requestBytes },
  // A photo's alt text, caption and credit as JSON.
  { route: "PATCH /admin/media/:hash", bytes: 16 * KB },
];

/** Any other request with a body (a DELETE, say, whose body nobody reads). */
const DEFAULT: BodyLimit = { route: "(any other)", bytes: 4 * KB };

const compiled = BODY_LIMITS.map((limit) => {
  const [method = "", path = ""] = limit.route.split(" ");
  const segments = path.split("/");
  return {
    limit,
    matches: (m: string, parts: string[]) =>
      m === method &&
      parts.length === segments.length &&
      segments.every((s, i) => (s.startsWith(":") ? parts[i] !== "" : s === parts[i])),
  };
});

/** The limit of a request's route (DEFAULT when the table has none). */
export function bodyLimitFor(method: string, path: string): BodyLimit {
  const parts = path.split("/");
  return compiled.find((c) => c.matches(method, parts))?.limit ?? DEFAULT;
}

/** The error a route's read of a chunked body fails with past the limit (the answer is then 413). */
export class BodyTooLarge extends Error {
  constructor(bytes: number) {
    super(`request body larger than ${bytes} bytes`);
    this.name = "BodyTooLarge";
  }
}

/** A limit as people read it (KB and MB of 1,024), with the locale's decimal mark. */
function size(bytes: number, locale: string): string {
  const mb = bytes >= KB * KB;
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (mb ? KB * KB : KB));
  return `${n} ${mb ? "MB" : "KB"}`;
}

function tooLarge(c: Context<AppEnv>, limit: BodyLimit): Response {
  if (c.req.path.startsWith("/admin/")) {
    return c.json({ error: `The request body is too large: this route takes at most ${limit.bytes} bytes.` }, 413);
  }
  // Console forms are answered in the console's language, the site's forms in the site's.
  const config = c.get("config");
  const t = c.req.path.startsWith("/console") ? consoleText(config) : siteText(config);
  return c.text(t.t("site.error.tooLarge", { size: size(limit.bytes, t.tag) }), 413);
}

/**
 * Applies the route's limit. A body with a Content-Length is judged by it before a byte is read (the
 * runtime delivers no more than it says). A body without one (chunked) is counted as the route reads
 * it, and its reading fails one chunk past the limit; the answer is then 413, whatever the route made
 * of the failure. A route that refuses before reading (no credentials, no session) reads nothing.
 */
export const limitBodies = createMiddleware<AppEnv>(async (c, next) => {
  const body = c.req.raw.body;
  if (!body) return next();
  // The path as the router matches it (percent-decoded), without parsing the URL again.
  const limit = bodyLimitFor(c.req.method, c.req.path);
  const declared = c.req.raw.headers.get("Content-Length");
  if (declared !== null && !c.req.raw.headers.has("Transfer-Encoding")) {
    return /^[0-9]+$/.test(declared) && Number(declared) <= limit.bytes ? next() : tooLarge(c, limit);
  }
  let read = 0;
  let over = false;
  const counted = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > limit.bytes) {
          over = true;
          controller.error(new BodyTooLarge(limit.bytes));
        } else controller.enqueue(chunk);
      },
    }),
  );
  c.req.raw = new Request(c.req.raw, { body: counted });
  await next();
  if (over) {
    // Not merged with the route's answer (Hono's setter would keep its headers, a Location say).
    c.res = undefined;
    c.res = tooLarge(c, limit);
  }
});
