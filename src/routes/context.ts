import { createMiddleware } from "hono/factory";
import { settingsScope } from "../cache/scope.ts";
import type { SiteConfig } from "../config.ts";

/** What every route can read: the bindings, the validated settings, and the rendition scope. */
export interface AppEnv {
  Bindings: Env;
  Variables: { config: SiteConfig; renditionScope: string };
}

/** Validates the settings once per isolate and names the rendition scope (see cache/scope.ts). */
export const withConfig = createMiddleware<AppEnv>(async (c, next) => {
  const { config, scope } = await settingsScope(c.env);
  c.set("config", config);
  c.set("renditionScope", scope);
  await next();
});
