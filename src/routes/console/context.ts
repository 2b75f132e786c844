import type { Context } from "hono";
import { type ConsoleSession, type SessionDeps, sessionCookieName } from "../../console/session.ts";
import type { AppEnv } from "../context.ts";

/** A form's fields as Hono parses them (every value of a repeated name kept). */
export type FormBody = Record<string, string | File | (string | File)[]>;

/** What console routes read: the site's variables, the signed-in session and the posted form. */
export interface ConsoleEnv {
  Bindings: Env;
  Variables: AppEnv["Variables"] & { session: ConsoleSession; form: FormBody };
}

export type ConsoleContext = Context<ConsoleEnv>;

export function sessionDeps(c: Context<ConsoleEnv>): SessionDeps {
  return { db: c.env.DB, adminToken: c.env.ADMIN_TOKEN, secret: c.env.TOKEN_SECRET, nowMs: Date.now() };
}

export const cookieOf = (c: Context<ConsoleEnv>) => sessionCookieName(c.get("config").siteUrl);

/** The first text value of a field ("" when absent). */
export function field(body: FormBody, name: string): string {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === "string" ? first : "";
}

/** Every text value of a repeated field, in order. */
export function fields(body: FormBody, name: string): string[] {
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
}

/** The file of a field, if one was sent. */
export function fileField(body: FormBody, name: string): File | null {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === "object" && first !== null ? first : null;
}

/** A console path, made absolute on the site (redirects and links). */
export const consoleUrl = (c: Context<ConsoleEnv>, path: string) => `${c.get("config").siteUrl}${path}`;
