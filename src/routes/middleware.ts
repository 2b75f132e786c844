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

/**
 * `/posts/x/` → 301 `/posts/x` when only the path without the slash exists. The Location is the path
 * on SITE_URL, never on the request's Host: neither `//evil.example/` nor a forged Host header can
 * send anyone to another site.
 */
export const trimTrailingSlash = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const { method } = c.req;
  if (c.res.status !== 404 || (method !== "GET" && method !== "HEAD")) return;
  const url = new URL(c.req.url);
  if (url.pathname === "/" || !url.pathname.endsWith("/")) return;
  // Unset when the settings are invalid: the answer is then the error that says so.
  const config: SiteConfig | undefined = c.get("config");
  if (!config) return;
  c.res = c.redirect(`${config.siteUrl}${url.pathname.slice(0, -1)}${url.search}`, 301);
});
