// Console sessions: opened by a person's single-use link (staff/links.ts) or with the ADMIN_TOKEN, then
// a session cookie whose secret is stored only as a hash in D1, with a CSRF token for every form.
// Sessions expire and end at sign-out; a person's end when they are disabled, the ADMIN_TOKEN's all end
// when ADMIN_TOKEN changes. Wrong tokens are limited per client, together with those sent to the admin
// API (access/admin-token.ts).
import { type Actor, ADMIN_TOKEN_ACTOR } from "../access/actor.ts";
import { checkAdminToken, forgiveAdminToken } from "../access/admin-token.ts";
import type { AuditWho } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import { hmacSha256, randomSecret, sameSecret, sha256, toHex } from "../hash.ts";
import {
  deleteSession,
  findSession,
  insertSession,
  type ListedSession,
  listSessions,
  touchSession,
} from "./repository.ts";

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

/** A session's last use is written at most this often. */
const SEEN_EVERY_MS = 5 * 60 * 1000;

/** The session a cookie opens. */
export interface ConsoleSession {
  /** Hash of the cookie's secret: the session's id. */
  id: string;
  csrf: string;
  expiresMs: number;
  /** Who is signed in: a person, or the ADMIN_TOKEN. */
  actor: Actor;
  /** How the console names them: the person's name, or "ADMIN_TOKEN". */
  name: string;
}

export type SignIn =
  | { ok: true; cookie: string; session: ConsoleSession }
  | { ok: false; reason: "wrong-token" | "stale-form" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

const sessionId = async (cookie: string) => toHex(await sha256(`bantin-console-session\n${cookie}`));
const tokenTag = (deps: SessionDeps) => hmacSha256(deps.secret, `bantin-console-admin-token\n${deps.adminToken}`);

/** The cookie's name: with the `__Host-` prefix where the browser allows it (https only). */
export function sessionCookieName(siteUrl: string): { name: string; secure: boolean } {
  const secure = new URL(siteUrl).protocol === "https:";
  return { name: secure ? "__Host-bantin_console" : "bantin_console", secure };
}

/** The cookie that binds a sign-in link to the browser that asked for it (see staff/links.ts). */
export function linkCookieName(siteUrl: string): { name: string; secure: boolean } {
  const secure = new URL(siteUrl).protocol === "https:";
  return { name: secure ? "__Host-bantin_console_link" : "bantin_console_link", secure };
}

/** The hidden field of the sign-in form: it proves the form came from this site within the hour. */
export async function signInFormToken(secret: string, nowMs: number): Promise<string> {
  const expires = Math.floor((nowMs + SIGN_IN_FORM_MS) / 1000);
  return `${expires}.${await hmacSha256(secret, `bantin-console-sign-in\n${expires}`)}`;
}

/** Whether a sign-in form's hidden token is this site's and still fresh. */
export async function signInFormValid(secret: string, token: string, nowMs: number): Promise<boolean> {
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
  return { ok: true, ...(await startSession(deps, null)) };
}

/** A person's actor, as sessions and the audit log name them. */
export function staffActor(p: { id: number; email: string; role: Actor["role"] }): Actor {
  return { kind: "staff", staffId: p.id, tokenId: null, label: p.email, role: p.role };
}

/** Opens a session for a person who proved who they are (a link), or for the ADMIN_TOKEN (null). */
export async function startSession(
  deps: SessionDeps,
  person: { id: number; email: string; name: string; role: Actor["role"] } | null,
): Promise<{ cookie: string; session: ConsoleSession }> {
  const cookie = randomSecret();
  const session: ConsoleSession = {
    id: await sessionId(cookie),
    csrf: randomSecret(),
    expiresMs: deps.nowMs + SESSION_LIFETIME_MS,
    actor: person ? staffActor(person) : ADMIN_TOKEN_ACTOR,
    name: person ? person.name : ADMIN_TOKEN_ACTOR.label,
  };
  await insertSession(deps.db, {
    id: session.id,
    csrf: session.csrf,
    // A person's session does not depend on the ADMIN_TOKEN: changing it signs only its own sessions out.
    tokenTag: person ? "" : await tokenTag(deps),
    staffId: person?.id ?? null,
    createdMs: deps.nowMs,
    expiresMs: session.expiresMs,
  });
  return { cookie, session };
}

/**
 * The live session a cookie opens, or null (none, expired, signed out, its person disabled, or opened
 * with another ADMIN_TOKEN). The person's role is read afresh: a change applies at their next click.
 */
export async function openSession(deps: SessionDeps, cookie: string | undefined): Promise<ConsoleSession | null> {
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
  const id = await sessionId(cookie);
  const row = await findSession(deps.db, id, await tokenTag(deps), deps.nowMs);
  if (!row) return null;
  if ((row.seenMs ?? row.createdMs) <= deps.nowMs - SEEN_EVERY_MS) await touchSession(deps.db, id, deps.nowMs);
  const actor = row.person ? staffActor(row.person) : ADMIN_TOKEN_ACTOR;
  return { id, csrf: row.csrf, expiresMs: row.expiresMs, actor, name: row.person?.name ?? ADMIN_TOKEN_ACTOR.label };
}

/** Signs a session out: its cookie opens nothing any more. */
export function signOut(db: D1Database, session: ConsoleSession): Promise<boolean> {
  return deleteSession(db, session.id);
}

/** The live sessions of whoever holds `session`: the person's, or the ADMIN_TOKEN's. */
export async function mySessions(deps: SessionDeps, session: ConsoleSession): Promise<ListedSession[]> {
  return listSessions(deps.db, session.actor.staffId, await tokenTag(deps), deps.nowMs);
}

/**
 * Ends one of the sessions of whoever holds `session` (this one too), on record as a sign-out; false
 * when it is not theirs.
 */
export function endMySession(
  db: D1Database,
  session: ConsoleSession,
  id: string,
  who: AuditWho,
  nowMs: number,
): Promise<boolean> {
  const recorded = auditStatement(
    db,
    {
      who,
      atMs: nowMs,
      action: "session.sign-out",
      // A prefix of the session's id tells sessions apart in the log without keeping the key itself.
      object: { type: "session", id: id.slice(0, 12) },
      detail: { via: "my-sessions", current: id === session.id },
    },
    { ifChanged: true },
  );
  return deleteSession(db, id, session.actor.staffId, recorded);
}

/** Whether a form's CSRF token is its session's (compared in constant time). */
export function csrfValid(session: ConsoleSession, given: unknown): Promise<boolean> {
  return typeof given === "string" && given !== "" ? sameSecret(given, session.csrf) : Promise.resolve(false);
}
