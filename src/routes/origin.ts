import type { Context } from "hono";
import type { AppEnv } from "./context.ts";

/**
 * The request comes from one of the site's own pages (or from a program that is no browser):
 * `Sec-Fetch-Site` when the browser sends it, else `Origin` when present.
 */
export function sameOrigin<E extends AppEnv>(c: Context<E>): boolean {
  const site = c.req.header("Sec-Fetch-Site");
  if (site !== undefined) return site === "same-origin";
  const origin = c.req.header("Origin");
  if (origin === undefined) return true;
  return origin === new URL(c.req.url).origin || origin === new URL(c.get("config").siteUrl).origin;
}
