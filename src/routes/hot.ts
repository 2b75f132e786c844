// The hot path. Most requests are polls of a few feeds and pages that this isolate has memoised
// (cache/memo.ts). Once a route has answered a path with a memoised rendition, later GETs and HEADs
// of exactly that path are answered here, before Hono: the same rendition, coding, validators and
// headers (security headers included, made once per Accept-Encoding value), without the router,
// the middleware chain and the context Hono builds for every request.
//
// Whatever this cannot be sure of goes the full way, through Hono, which answers it as before (and
// remembers the path again): another method; a query string or a percent-escaped path; bindings
// whose settings scope is not the one the path was remembered under; a rendition not memoised at
// the content version this isolate trusts now, or a version due to be checked again (the full way
// checks it, once per MEMO_LIFETIME_MS); any error.
import type { Context } from "hono";
import { type MemoisedRendition, memoisedNow } from "../cache/memo.ts";
import type { Rendition } from "../cache/repository.ts";
import { knownScope } from "../cache/scope.ts";
import { conditionalResponse, type Prepared } from "../http/conditional.ts";
import { securityHeaders } from "../http/security.ts";
import type { AppEnv } from "./context.ts";

interface HotPath {
  /** The settings scope and rendition key the route answered the path with. */
  scope: string;
  key: string;
  maxAgeSeconds: number;
  /** The route's own headers (a feed's Link) and the path's security headers. */
  headers: Readonly<Record<string, string>>;
  /** What was made per Accept-Encoding value for `madeFor`. */
  madeFor: Rendition | null;
  prepared: Map<string, Prepared>;
}

/** At most this many paths are remembered: a crawler walking every tag and archive cannot grow it without end. */
const HOT_MAX_PATHS = 256;
const paths = new Map<string, HotPath>();

/** How many requests the hot path answered (for tests). */
export const hotStats = { answered: 0 };

/** The path of a URL when it has neither a query nor a percent-escape (how Hono reads others is left to Hono). */
function plainPath(url: string): string | null {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start === -1) return null;
  const path = url.slice(start);
  return /[?%#]/.test(path) ? null : path;
}

/** A route's answer with a rendition (conditionalResponse), remembering the path for the hot path. */
export function serveRendition(
  c: Context<AppEnv>,
  r: MemoisedRendition,
  maxAgeSeconds: number,
  extraHeaders: Readonly<Record<string, string>> = {},
): Response {
  const path = plainPath(c.req.url);
  if (path !== null) {
    if (!paths.has(path) && paths.size >= HOT_MAX_PATHS) paths.clear();
    paths.set(path, {
      scope: c.get("renditionScope"),
      key: r.key,
      maxAgeSeconds,
      headers: { ...extraHeaders, ...securityHeaders(c.get("config").siteUrl, path) },
      madeFor: null,
      prepared: new Map(),
    });
  }
  return conditionalResponse(c.req.raw, r, maxAgeSeconds, extraHeaders);
}

/** The answer to a GET or HEAD of a remembered path whose rendition is memoised and fresh; else undefined. */
export function hotAnswer(request: Request, env: Env): Response | undefined {
  if (paths.size === 0) return undefined;
  const method = request.method;
  if (method !== "GET" && method !== "HEAD") return undefined;
  const path = plainPath(request.url);
  const hot = path === null ? undefined : paths.get(path);
  if (!hot || knownScope(env) !== hot.scope) return undefined;
  try {
    const r = memoisedNow(hot.key);
    if (!r) return undefined;
    if (hot.madeFor !== r) {
      hot.madeFor = r;
      hot.prepared = new Map();
    }
    const res = conditionalResponse(request, r, hot.maxAgeSeconds, hot.headers, hot.prepared);
    hotStats.answered++;
    // As Hono answers a HEAD: the GET's status and headers, no body.
    return method === "HEAD" ? new Response(null, res) : res;
  } catch {
    return undefined;
  }
}

/** For tests: forgets every remembered path. */
export function forgetHotPaths(): void {
  paths.clear();
}
