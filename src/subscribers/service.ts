// Subscribe, confirm, unsubscribe: the rules, over the repository and a mailer.
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import type { Mailer } from "../mail/mailer.ts";
import { confirmationMail } from "../mail/messages.ts";
import { normaliseAddress } from "./address.ts";
import {
  claimConfirmationSend,
  findByEmail,
  findById,
  insertPending,
  markConfirmed,
  markUnsubscribed,
  reopen,
  takeRateLimit,
} from "./repository.ts";
import { signToken, type TokenPurpose, tokenSubject, verifyToken } from "./tokens.ts";

/** At most one confirmation email per address in this interval. */
export const CONFIRMATION_INTERVAL_MS = 5 * 60 * 1000;
/** Subscribe requests allowed per client in one window. */
export const SUBSCRIBE_LIMIT = { count: 10, windowMs: 10 * 60 * 1000 };

export interface Deps {
  db: D1Database;
  config: SiteConfig;
  secret: string;
  nowMs: number;
}

export type SubscribeResult =
  | { kind: "invalid"; message: string }
  | { kind: "rate-limited" }
  /** The same answer whatever the address's state; `deliver` sends a confirmation when one is due. */
  | { kind: "accepted"; deliver: ((mailer: Mailer) => Promise<void>) | null };

/** Records a subscription request. Reveals nothing about whether the address was known. */
export async function subscribe(deps: Deps, rawEmail: unknown, clientKey: string): Promise<SubscribeResult> {
  const address = normaliseAddress(rawEmail);
  if (!address.ok) return { kind: "invalid", message: address.message };
  const { db, config, secret, nowMs } = deps;
  if (!(await takeRateLimit(db, `subscribe:${clientKey}`, SUBSCRIBE_LIMIT.count, SUBSCRIBE_LIMIT.windowMs, nowMs))) {
    return { kind: "rate-limited" };
  }
  const nowIso = zonedIso(nowMs, config.timeZone);
  let subscriber = (await findByEmail(db, address.email)) ?? (await insertPending(db, address.email, nowIso));
  if (subscriber.status === "unsubscribed") {
    await reopen(db, subscriber.id);
    subscriber = { ...subscriber, status: "pending" };
  }
  if (subscriber.status !== "pending") return { kind: "accepted", deliver: null };
  if (!(await claimConfirmationSend(db, subscriber.id, nowMs, CONFIRMATION_INTERVAL_MS))) {
    return { kind: "accepted", deliver: null };
  }
  const token = await signToken(secret, "confirm", subscriber.id, subscriber.email, nowMs);
  const confirmUrl = absoluteUrl(config, `/confirm?token=${encodeURIComponent(token)}`);
  const to = subscriber.email;
  return {
    kind: "accepted",
    deliver: async (mailer) => {
      try {
        const outcome = await mailer.send(await confirmationMail(config, to, confirmUrl));
        if (!outcome.ok) {
          console.error(`confirmation email to subscriber ${subscriber.id} failed: ${outcome.failure.reason}`);
        }
      } finally {
        await mailer.close();
      }
    },
  };
}

export type TokenResult =
  | { ok: true; subscriberId: number; email: string }
  | { ok: false; reason: "malformed" | "expired" | "forged" | "unknown" };

/** Checks a link's token against the subscriber it names. */
export async function checkToken(deps: Deps, purpose: TokenPurpose, token: string): Promise<TokenResult> {
  const subject = tokenSubject(token);
  if (!subject) return { ok: false, reason: "malformed" };
  const subscriber = await findById(deps.db, subject.id);
  // An erased address: its tokens can no longer be checked, and they change nothing.
  if (!subscriber) return { ok: false, reason: "unknown" };
  const check = await verifyToken(deps.secret, purpose, token, subscriber.email, deps.nowMs);
  if (!check.ok) return check;
  return { ok: true, subscriberId: subscriber.id, email: subscriber.email };
}

/** Confirms the subscription a valid confirm token names. */
export async function confirm(deps: Deps, token: string, method: string): Promise<TokenResult> {
  const check = await checkToken(deps, "confirm", token);
  if (check.ok) await markConfirmed(deps.db, check.subscriberId, zonedIso(deps.nowMs, deps.config.timeZone), method);
  return check;
}

/** Unsubscribes the address a valid unsubscribe token names; repeating it changes nothing. */
export async function unsubscribe(deps: Deps, token: string): Promise<TokenResult> {
  const check = await checkToken(deps, "unsubscribe", token);
  if (check.ok) await markUnsubscribed(deps.db, check.subscriberId, zonedIso(deps.nowMs, deps.config.timeZone));
  return check;
}

/** The one-click unsubscribe URL for a subscriber (used in every digest). */
export async function unsubscribeUrl(deps: Deps, id: number, email: string): Promise<string> {
  const token = await signToken(deps.secret, "unsubscribe", id, email, deps.nowMs);
  return absoluteUrl(deps.config, `/unsubscribe?token=${encodeURIComponent(token)}`);
}
