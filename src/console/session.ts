// Signing in to the console: the ADMIN_TOKEN once, then a session cookie whose secret is stored only
// as a hash in D1, with a CSRF token for every form. Sessions expire, end at sign-out, and all end
// when ADMIN_TOKEN changes. Wrong tokens are limited per client, together with those sent to the admin
// API (access/admin-token.ts).
import { checkAdminToken, forgiveAdminToken } from "../access/admin-token.ts";
import { hmacSha256, sameSecret, sha256, toBase64Url, toHex } from "../hash.ts";
import { deleteSession, findSession, insertSession } from "./repository.ts";

/** A session lasts a working day at most; then the editor signs in again. */
export const SESSION_LIFETIME_MS = 12 * 3600 * 1000;

/** How long the sign-in form may be filled in. */
const SIGN_IN_FORM_MS = 60 * 60 * 1000;

export interface SessionDeps {
  db: D1Database;
  /** The Worker's ADMIN_TOKEN. */
  adminToken: string;
  /** TOKEN_SECRET: keys the CSRF token of the sign-in form and the token tag. */
  secret: string;
  nowMs: number;
}

/** The session a cookie opens. */
export interface ConsoleSession {
  /** Hash of the cookie's secret: the session's id. */
  id: string;
  csrf: string;
  expiresMs: number;
}

export type SignIn =
  | { ok: true; cookie: string; session: ConsoleSession }
  | { ok: false; reason: "wrong-token" | "stale-form" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

const randomToken = () => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
const sessionId = async (cookie: string) => toHex(await sha256(`bantin-console-session\n${cookie}`));
const tokenTag = (deps: SessionDeps) => hmacSha256(deps.secret, `bantin-console-admin-token\n${deps.adminToken}`);

/** The cookie's name: with the `__Host-` prefix where the browser allows it (https only). */
export function sessionCookieName(siteUrl: string): { name: string; secure: boolean } {
  const secure = new URL(siteUrl).protocol === "https:";
  return { name: secure ? "__Host-bantin_console" : "bantin_console", secure };
}

/** The hidden field of the sign-in form: it proves the form came from this site within the hour. */
export async function signInFormToken(secret: string, nowMs: number): Promise<string> {
  const expires = Math.floor((nowMs + SIGN_IN_FORM_MS) / 1000);
  return `${expires}.${await hmacSha256(secret, `bantin-console-sign-in\n${expires}`)}`;
}

async function signInFormValid(secret: string, token: string, nowMs: number): Promise<boolean> {
  const m = /^([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m?.[1] || !m[2]) return false;
  const expected = await hmacSha256(secret, `bantin-console-sign-in\n${m[1]}`);
  return (await sameSecret(expected, m[2])) && Number(m[1]) * 1000 > nowMs;
}

/**
 * Checks the token typed into the sign-in form and opens a session. A wrong token counts against the
 * client's tries (shared with the admin API); signing in gives them back.
 */
export async function signIn(deps: SessionDeps, client: string, given: string, formToken: string): Promise<SignIn> {
  if (!(await signInFormValid(deps.secret, formToken, deps.nowMs))) return { ok: false, reason: "stale-form" };
  const check = await checkAdminToken(deps.db, client, given, deps.adminToken, deps.nowMs);
  if (!check.ok) return check.reason === "wrong" ? { ok: false, reason: "wrong-token" } : check;
  await forgiveAdminToken(deps.db, client);
  const cookie = randomToken();
  const session: ConsoleSession = {
    id: await sessionId(cookie),
    csrf: randomToken(),
    expiresMs: deps.nowMs + SESSION_LIFETIME_MS,
  };
  await insertSession(deps.db, { ...session, tokenTag: await tokenTag(deps), createdMs: deps.nowMs });
  return { ok: true, cookie, session };
}

/** The live session a cookie opens, or null (none, expired, signed out, or opened with another ADMIN_TOKEN). */
export async function openSession(deps: SessionDeps, cookie: string | undefined): Promise<ConsoleSession | null> {
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
  const id = await sessionId(cookie);
  const row = await findSession(deps.db, id, await tokenTag(deps), deps.nowMs);
  return row ? { id, csrf: row.csrf, expiresMs: row.expiresMs } : null;
}

/** Signs a session out: its cookie opens nothing any more. */
export function signOut(db: D1Database, session: ConsoleSession): Promise<boolean> {
  return deleteSession(db, session.id);
}

/** Whether a form's CSRF token is its session's (compared in constant time). */
export function csrfValid(session: ConsoleSession, given: unknown): Promise<boolean> {
  return typeof given === "string" && given !== "" ? sameSecret(given, session.csrf) : Promise.resolve(false);
}
