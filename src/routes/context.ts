import { createMiddleware } from "hono/factory";
import type { Actor } from "../access/actor.ts";
import { settingsScope } from "../cache/scope.ts";
import type { SiteConfig } from "../config.ts";

/**
 * What every route can read: the bindings, the validated settings, the rendition scope, and on
 * /admin/* and /console/* (once let in) who is asking.
 */
export interface AppEnv {
  Bindings: Env;
  Variables: { config: SiteConfig; renditionScope: string; actor: Actor };
}

/** Validates the settings once per isolate and names the rendition scope (see cache/scope.ts). */
export const withConfig = createMiddleware<AppEnv>(async (c, next) => {
  const { config, scope } = await settingsScope(c.env);
  c.set("config", config);
  c.set("renditionScope", scope);
  await next();
});
