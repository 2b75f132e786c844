// The settings and the rendition scope, computed once per isolate: a redeploy or a new SITE_URL never
// serves pages rendered before it. Used by requests and by queue consumers alike.
import { parseConfig, type SiteConfig } from "../config.ts";
import { sha256, toHex } from "../hash.ts";

let memo: { env: Env; source: string; config: SiteConfig; scope: string } | undefined;

/** The validated settings and the scope that names them and the deployed version. */
export async function settingsScope(env: Env): Promise<{ config: SiteConfig; scope: string }> {
  // The same bindings object as last time (each request of an isolate, usually): nothing to compare.
  if (memo?.env === env) return { config: memo.config, scope: memo.scope };
  const source = JSON.stringify([
    env.SITE_URL,
    env.SITE_TITLE,
    env.SITE_DESCRIPTION,
    env.SITE_LANGUAGE,
    env.CONSOLE_LANGUAGE,
    env.SITE_TIMEZONE,
    env.MAIL_FROM,
    env.MAIL_REPLY_TO,
    env.CF_VERSION_METADATA?.id,
  ]);
  if (memo?.source !== source) {
    const config = parseConfig(env);
    // Once per isolate and settings: a language without a catalogue is said in the Worker's log.
    for (const warning of config.warnings) console.warn(`bantin: ${warning}`);
    memo = { env, source, config, scope: toHex((await sha256(source)).slice(0, 8)) };
  } else {
    memo = { ...memo, env };
  }
  return { config: memo.config, scope: memo.scope };
}

/**
 * The rendition scope already computed for this very bindings object, without waiting; undefined
 * until settingsScope() has seen it (the hot path then leaves the request to the full path).
 */
export function knownScope(env: Env): string | undefined {
  return memo?.env === env ? memo.scope : undefined;
}
