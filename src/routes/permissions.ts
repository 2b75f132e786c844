// The route a request reached, as registered (method and path pattern), for the permission table
// (access/roles.ts): the console guard and the admin middleware read it before the route runs.
import type { Context } from "hono";
import { matchedRoutes } from "hono/route";
import { type Rule, ruleOf } from "../access/roles.ts";

export interface RouteRule {
  /** "METHOD /path/:param", the table's key. */
  key: string;
  rule: Rule;
  /** The path's parameters, by the pattern's names. */
  params: Record<string, string>;
}

/** The parameters of `path` under `pattern` ("/console/posts/:slug" and "/console/posts/a-b" → {slug: "a-b"}). */
function paramsOf(pattern: string, path: string): Record<string, string> {
  const names = pattern.split("/");
  const values = path.split("/");
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = values[i];
    if (name.startsWith(":") && value !== undefined) {
      try {
        params[name.slice(1)] = decodeURIComponent(value);
      } catch {
        params[name.slice(1)] = value;
      }
    }
  });
  return params;
}

/**
 * The rule of the route that will answer: the first matched handler (middleware is registered for
 * every method), or null when none will (the answer is a 404).
 */
export function routeRule(c: Context): RouteRule | null {
  const route = matchedRoutes(c).find((r) => r.method !== "ALL");
  if (!route) return null;
  // HEAD is answered by the GET route.
  const method = route.method;
  return { key: `${method} ${route.path}`, rule: ruleOf(method, route.path), params: paramsOf(route.path, c.req.path) };
}
