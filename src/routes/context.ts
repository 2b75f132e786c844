import { createMiddleware } from "hono/factory";
import { parseConfig, type SiteConfig } from "../config.ts";
import { sha256, toHex } from "../hash.ts";

/** What every route can read: the bindings, the validated settings, and the rendition scope. */
export interface AppEnv {
  Bindings: Env;
  Variables: { config: SiteConfig; renditionScope: string };
}

let memo: { source: string; config: SiteConfig; scope: string } | undefined;

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
    memo = { source, config, scope: toHex((await sha256(source)).slice(0, 8)) };
  }
  c.set("config", memo.config);
  c.set("renditionScope", memo.scope);
  await next();
});
