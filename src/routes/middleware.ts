import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./context.ts";

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
