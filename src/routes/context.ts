import { createMiddleware } from "hono/factory";
import { parseConfig, type SiteConfig } from "../config.ts";

/** What every route can read: the bindings, the validated settings, and the rendition scope. */
export interface AppEnv {
  Bindings: Env;
  Variables: { config: SiteConfig; renditionScope: string };
}

let memo: { source: string; config: SiteConfig; scope: string } | undefined;

async function shortHash(value: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value)));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Validates the settings once per isolate. The rendition scope names the settings and the
 * deployed version, so a redeploy or a new SITE_URL never serves pages rendered before it.
 */
export const withConfig = createMiddleware<AppEnv>(async (c, next) => {
  const env = c.env;
  const source = JSON.stringify([
    env.SITE_URL,
    env.SITE_TITLE,
    env.SITE_DESCRIPTION,
    env.SITE_LANGUAGE,
    env.SITE_TIMEZONE,
    env.MAIL_FROM,
    env.MAIL_REPLY_TO,
    env.CF_VERSION_METADATA?.id,
  ]);
  if (memo?.source !== source) {
    const config = parseConfig(env);
    memo = { source, config, scope: await shortHash(source) };
  }
  c.set("config", memo.config);
  c.set("renditionScope", memo.scope);
  await next();
});
