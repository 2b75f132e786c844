// Subscribe, confirm, unsubscribe: the rules, over the repository, the confirmations queue and tokens.
import type { AuditWho } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import type { Message } from "../i18n/index.ts";
import { normaliseAddress, SMTPUTF8_UNSUPPORTED } from "./address.ts";
import type { ConfirmationMessage } from "./confirmations.ts";
import {
  eraseByMailbox,
  findByMailbox,
  findTokenSubject,
  markConfirmed,
  markUnsubscribed,
  takeRateLimit,
} from "./repository.ts";
import { signToken, type TokenPurpose, tokenSubject, verifyToken } from "./tokens.ts";

/** Subscribe requests allowed per client (an IPv4 address or an IPv6 /64) in one window. */
export const SUBSCRIBE_LIMIT = { count: 10, windowMs: 10 * 60 * 1000 };

export interface Deps {
  db: D1Database;
  config: SiteConfig;
  secret: string;
  nowMs: number;
}

export interface SubscribeDeps {
  db: D1Database;
  queue: Queue<ConfirmationMessage>;
  nowMs: number;
  /** Asked only for a UTF-8 local part: can the mail transport deliver to it? */
  smtpUtf8: () => Promise<boolean>;
}

export type SubscribeResult = { kind: "invalid"; message: Message } | { kind: "rate-limited" } | { kind: "accepted" };

/**
 * Records a subscription request. Every valid address costs the same here (validation, one rate-limit
 * write, one queue message) and gets the same answer; everything that depends on whether the address
 * is known happens later, in the confirmations consumer.
 */
export async function subscribe(deps: SubscribeDeps, rawEmail: unknown, client: string): Promise<SubscribeResult> {
  const address = normaliseAddress(rawEmail);
  if (!address.ok) return { kind: "invalid", message: address.message };
  const { db, nowMs } = deps;
  if (!(await takeRateLimit(db, `subscribe:${client}`, SUBSCRIBE_LIMIT.count, SUBSCRIBE_LIMIT.windowMs, nowMs))) {
    return { kind: "rate-limited" };
  }
  // After the rate limit: over SMTP the question may open a connection to the relay.
  if (address.utf8Local && !(await deps.smtpUtf8())) return { kind: "invalid", message: SMTPUTF8_UNSUPPORTED };
  await deps.queue.send({ kind: "confirm", email: address.email, requestedMs: nowMs });
  return { kind: "accepted" };
}

export type TokenResult =
  | { ok: true; subscriberId: number; email: string }
  | { ok: false; reason: "malformed" | "expired" | "forged" };

/**
 * Checks a link's token against the subscriber it names. A token naming an erased (or never used)
 * handle or id is answered exactly like a forged one, after the same work: one lookup and one MAC check.
 */
export async function checkToken(deps: Deps, purpose: TokenPurpose, token: string): Promise<TokenResult> {
  const subject = tokenSubject(token);
  if (!subject) return { ok: false, reason: "malformed" };
  const found = await findTokenSubject(deps.db, subject);
  // A merged row's unsubscribe links keep working for the row kept; its confirm links do not.
  const usable = found !== null && !(found.merged && purpose === "confirm");
  const generation = purpose === "confirm" && found ? found.subscriber.generation : 0;
  // Nothing is ever signed for the empty address, so an unusable subject fails the same check a forgery does.
  const signedFor = usable ? found.signedEmail : "";
  const check = await verifyToken(deps.secret, purpose, token, signedFor, deps.nowMs, generation);
  if (!check.ok) return check;
  if (!usable) return { ok: false, reason: "forged" };
  const { subscriber } = found;
  // A confirm link of an address that has since left (or bounced) confirms nothing: subscribe again.
  if (purpose === "confirm" && subscriber.status !== "pending" && subscriber.status !== "confirmed") {
    return { ok: false, reason: "expired" };
  }
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
export async function unsubscribeUrl(
  deps: Pick<Deps, "config" | "secret" | "nowMs">,
  subscriber: { handle: string; email: string },
): Promise<string> {
  const token = await signToken(deps.secret, "unsubscribe", subscriber.handle, subscriber.email, deps.nowMs);
  return absoluteUrl(deps.config, `/unsubscribe?token=${encodeURIComponent(token)}`);
}

/**
 * Erases a subscriber (their row and every address merged into it) and records the erasure in the
 * audit log by the subscriber's id, in the same transaction: the log keeps no address. False when the
 * mailbox has no subscriber (nothing is erased or recorded).
 */
export async function eraseSubscriber(db: D1Database, mailbox: string, who: AuditWho, nowMs: number): Promise<boolean> {
  const found = await findByMailbox(db, mailbox);
  if (!found) return false;
  const recorded = auditStatement(
    db,
    { who, atMs: nowMs, action: "subscriber.erase", object: { type: "subscriber", id: String(found.id) } },
    { ifChanged: true },
  );
  return eraseByMailbox(db, mailbox, recorded);
}
