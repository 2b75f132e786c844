import { createMiddleware } from "hono/factory";
import type { SiteConfig } from "../config.ts";
import { securityHeaders } from "../http/security.ts";
import type { AppEnv } from "./context.ts";

/** Security headers on every answer, errors and redirects included (mount it first). */
export const withSecurityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  // Unset when the settings are invalid: the answer is then the error that says so.
  const config: SiteConfig | undefined = c.get("config");
  for (const [name, value] of Object.entries(securityHeaders(config?.siteUrl, c.req.path))) c.header(name, value);
});

/**
 * A HEAD answer says how long the GET body would be. Hono answers HEAD by running the GET route
 * and dropping the body; renditions set Content-Length themselves, other answers are measured.
 */
export const headContentLength = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const { status, headers, body } = c.res;
  if (c.req.method !== "HEAD" || headers.has("Content-Length") || status === 204 || status === 304) return;
  const length = body === null ? 0 : (await c.res.clone().arrayBuffer()).byteLength;
  c.header("Content-Length", String(length));
});
