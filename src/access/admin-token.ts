// The ADMIN_TOKEN and personal API tokens, wherever they are given (the admin API's Authorization
// header, the console's sign-in form): one budget of wrong tries per client for all, so that no way
// adds guesses to another.
import { adminTokenProblem } from "../config.ts";
import { sameSecret } from "../hash.ts";
import { noteTokenUse, tokenActor } from "../staff/tokens.ts";
import { clearRateLimit, countRequest, type RateWindow, readRequests, secondsLeft } from "../subscribers/repository.ts";
import { type Actor, ADMIN_TOKEN_ACTOR } from "./actor.ts";

/**
 * Wrong tokens per client (an IPv4 address or an IPv6 /64, see subscribers/client.ts) in 10 minutes,
 * through the API and the console together. Within the window the scheduled prune of rate-limit
 * counters keeps (10 minutes).
 */
export const ADMIN_TOKEN_LIMIT = { count: 5, windowMs: 10 * 60 * 1000 };

export type AdminTokenCheck =
  | { ok: true }
  | { ok: false; reason: "wrong" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

const budgetKey = (client: string) => `admin-token:${client}`;

const throttled = (window: RateWindow, nowMs: number) => ({
  ok: false as const,
  reason: "throttled" as const,
  retryAfterSeconds: secondsLeft(window, nowMs),
});

/**
 * Checks a token a client gave. Only a wrong token is counted, so a script using the right one is
 * never held back; once the client has used up its wrong tries, every token it gives is refused
 * until the window ends, the right one too, so that the answer tells a guesser nothing.
 *
 * The token is compared first and then exactly one statement runs (a wrong token counts itself, the
 * right one reads the count): D1 runs statements one at a time, so however many guesses are sent at
 * once, the right one is taken only when fewer than five wrong ones were counted before it.
 */
export async function checkAdminToken(
  db: D1Database,
  client: string,
  given: string,
  adminToken: string,
  nowMs: number,
): Promise<AdminTokenCheck> {
  const { count, windowMs } = ADMIN_TOKEN_LIMIT;
  const right = given !== "" && (await sameSecret(given, adminToken));
  if (right) {
    const seen = await readRequests(db, budgetKey(client), windowMs, nowMs);
    return seen.count >= count ? throttled(seen, nowMs) : { ok: true };
  }
  const counted = await countRequest(db, budgetKey(client), windowMs, nowMs);
  return counted.count > count ? throttled(counted, nowMs) : { ok: false, reason: "wrong" };
}

export type Authenticated =
  | { ok: true; actor: Actor }
  | { ok: false; reason: "wrong" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/**
 * Who a token of the admin API's Authorization header stands for: the ADMIN_TOKEN (an owner), or a
 * live personal token (its person, at the token's role). A wrong one counts against the client's
 * budget as a wrong ADMIN_TOKEN does; a right one is refused while the budget is spent, as above.
 */
export async function authenticate(
  db: D1Database,
  client: string,
  given: string,
  adminToken: string,
  nowMs: number,
): Promise<Authenticated> {
  const { count, windowMs } = ADMIN_TOKEN_LIMIT;
  const isAdminToken = given !== "" && (await sameSecret(given, adminToken));
  const personal = isAdminToken ? null : await tokenActor(db, given);
  if (!isAdminToken && !personal) {
    const counted = await countRequest(db, budgetKey(client), windowMs, nowMs);
    return counted.count > count ? throttled(counted, nowMs) : { ok: false, reason: "wrong" };
  }
  const seen = await readRequests(db, budgetKey(client), windowMs, nowMs);
  if (seen.count >= count) return throttled(seen, nowMs);
  if (!personal) return { ok: true, actor: ADMIN_TOKEN_ACTOR };
  if (personal.actor.tokenId) await noteTokenUse(db, personal.actor.tokenId, personal.lastUsedMs, nowMs);
  return { ok: true, actor: personal.actor };
}

/** Gives a client its wrong tries back (the editor who mistyped, then signed in to the console). */
export function forgiveAdminToken(db: D1Database, client: string): Promise<void> {
  return clearRateLimit(db, budgetKey(client));
}

const logged = new Set<string>();

/**
 * Why the admin API and the console are closed (ADMIN_TOKEN unset or too short), or null when they
 * are open. Said in the answer and, once per isolate, in the Worker's log; the public site is served.
 */
export function adminClosedBecause(adminToken: unknown): string | null {
  const problem = adminTokenProblem(adminToken);
  if (!problem) return null;
  const message = `${problem}: the admin API and the console stay closed until it is set to a random value of 32 characters or more (openssl rand -base64 32 | npx wrangler secret put ADMIN_TOKEN).`;
  if (!logged.has(message)) {
    logged.add(message);
    console.error(message);
  }
  return message;
}
