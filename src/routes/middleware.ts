import { createMiddleware } from "hono/factory";
import type { SiteConfig } from "../config.ts";
import { securityHeaders } from "../http/security.ts";
import type { AppEnv } from "./context.ts";

/** Security headers on every answer, errors and redirects included (mount it first). */
export const withSecurityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  // Unset when the settings are invalid: the answer is then the error that says so.
  const config: SiteConfig | undefined = c.get("config");
  const headers = Object.entries(securityHeaders(config?.siteUrl, c.req.path));
  try {
    // Set on the answer itself: Hono's c.header() on a finished answer rebuilds it around its body
    // as a stream, which costs every request (a rendition's body is a buffer workerd sends as is).
    for (const [name, value] of headers) c.res.headers.set(name, value);
  } catch {
    // Immutable headers (Response.redirect, say): rebuilt once, the way c.header() does.
    for (const [name, value] of headers) c.header(name, value);
  }
});

/**
 * A HEAD answer says how long the GET body would be. Hono answers HEAD by running the GET route
 * and dropping the body; renditions set Content-Length themselves, other answers are measured.
 */
export const headContentLength = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  // Only a HEAD: reading a GET answer's body would turn it into a stream.
  if (c.req.method !== "HEAD") return;
  const { status, headers, body } = c.res;
  if (headers.has("Content-Length") || status === 204 || status === 304) return;
  const length = body === null ? 0 : (await c.res.clone().arrayBuffer()).byteLength;
  c.header("Content-Length", String(length));
});
