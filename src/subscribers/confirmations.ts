// The confirmations queue: the work of a subscription that depends on whether the address is known
// (store or find the mailbox's row, decide whether a confirmation is due, sign and send it) runs
// here, after POST /subscribe has answered, so the answer and its timing are the same for everyone.
import { absoluteUrl, parseConfig, type SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { decide } from "../delivery/decide.ts";
import { mailerFor } from "../mail/index.ts";
import type { Mailer } from "../mail/mailer.ts";
import { confirmationMail } from "../mail/messages.ts";
import { normaliseAddress } from "./address.ts";
import { addRequest, choiceFrom, choiceText, covers, DEFAULT_CHOICES } from "./choices.ts";
import {
  type ConfirmationLimits,
  claimConfirmationSend,
  insertPending,
  releaseConfirmationSend,
  reopen,
} from "./repository.ts";
import { choiceInWords, unsubscribeUrl } from "./service.ts";
import { signToken, withChoice } from "./tokens.ts";

export const CONFIRMATIONS_QUEUE = "bantin-confirmations";

/** Confirmation emails per mailbox, however its address is spelt: one per 5 minutes, 3 a day. */
export const CONFIRMATION_LIMITS: ConfirmationLimits = {
  intervalMs: 5 * 60 * 1000,
  perWindow: 3,
  windowMs: 24 * 3600 * 1000,
};

/** A subscription request, as POST /subscribe hands it over. */
export interface ConfirmationMessage {
  kind: "confirm";
  /** Already normalised (address.ts). */
  email: string;
  requestedMs: number;
  /** What the reader chose (choices.ts encodeChoices); absent in requests queued before choices: the defaults. */
  choices?: string;
}

export function isConfirmationMessage(body: unknown): body is ConfirmationMessage {
  if (typeof body !== "object" || body === null) return false;
  const b = body as Record<string, unknown>;
  return (
    b.kind === "confirm" &&
    typeof b.email === "string" &&
    Number.isInteger(b.requestedMs) &&
    (b.choices === undefined || (typeof b.choices === "string" && choiceFrom(b.choices) !== null))
  );
}

export interface ConfirmationDeps {
  db: D1Database;
  mailer: Mailer;
  config: SiteConfig;
  secret: string;
  now: () => number;
}

export type ConfirmationOutcome =
  | "sent"
  | "not-due" // confirmed, suppressed, or the mailbox's limits say not now
  | "invalid"
  | { retryAfterSeconds: number; reason: string };

/** Handles one subscription request: stores the mailbox as pending if new, and mails a confirmation when due. */
export async function handleConfirmation(deps: ConfirmationDeps, body: unknown): Promise<ConfirmationOutcome> {
  if (!isConfirmationMessage(body)) return "invalid";
  const address = normaliseAddress(body.email);
  if (!address.ok || address.email !== body.email) return "invalid";
  const { db, config } = deps;
  const requested = choiceFrom(body.choices) ?? DEFAULT_CHOICES;
  const requestedIso = zonedIso(body.requestedMs, config.timeZone);
  let subscriber = await insertPending(db, address.email, address.mailbox, requestedIso, requested);
  if (subscriber.status === "unsubscribed") subscriber = (await reopen(db, subscriber.id)) ?? subscriber;
  // A confirmed reader is mailed only for a request that adds something to what they receive; it
  // changes nothing until they press its link (nobody changes another person's choices by typing
  // their address).
  const change = subscriber.status === "confirmed";
  if (change ? covers(subscriber.choices, requested) : subscriber.status !== "pending") return "not-due";
  const nowMs = deps.now();
  const claim = { choices: requested, nowIso: zonedIso(nowMs, config.timeZone) };
  if (!(await claimConfirmationSend(db, subscriber.id, nowMs, CONFIRMATION_LIMITS, claim))) return "not-due";
  const { handle, email, generation } = subscriber;
  const choice = choiceText(requested);
  const signed = await signToken(deps.secret, "confirm", handle, email, nowMs, generation, choice);
  const token = choice === undefined ? signed : withChoice(signed, choice);
  const confirmUrl = absoluteUrl(config, `/confirm?token=${encodeURIComponent(token)}`);
  // What the reader will receive once they confirm, in their words.
  const result = change ? addRequest(subscriber.choices, requested) : requested;
  const outcome = await deps.mailer.send(
    await confirmationMail(config, subscriber.email, confirmUrl, {
      preferencesUrl: await unsubscribeUrl({ config, secret: deps.secret, nowMs }, subscriber),
      change,
      ...(await choiceInWords(db, result)),
    }),
  );
  if (outcome.ok) return "sent";
  const decision = decide(outcome.failure);
  switch (decision.kind) {
    case "bounce":
    case "undeliverable":
    case "unknown":
      // Refused for this address, or perhaps delivered: the address stays pending, and nothing is
      // sent to it again before its limits allow.
      console.error(`confirmation email to subscriber ${subscriber.id}: ${decision.reason}`);
      return "not-due";
    case "pause":
    case "retry":
      // The relay, not the address: try again later (a refused sender waits for the operator's fix).
      await releaseConfirmationSend(db, subscriber.id, nowMs, subscriber.confirmationSentMs);
      return { retryAfterSeconds: decision.kind === "pause" ? 300 : 60, reason: decision.reason };
  }
}

/** The consumer of `bantin-confirmations`: each message acked or retried on its own. */
export async function consumeConfirmations(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  let deps: ConfirmationDeps;
  try {
    deps = { db: env.DB, mailer: mailerFor(env), config: parseConfig(env), secret: env.TOKEN_SECRET, now: Date.now };
  } catch (error) {
    // No usable transport or settings: keep the requests until the operator fixes them.
    console.error(`confirmations wait: ${error instanceof Error ? error.message : String(error)}`);
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  try {
    for (const message of batch.messages) await handleMessage(deps, message);
  } finally {
    await deps.mailer.close();
  }
}

/** Acks or retries one message on its own: a failure never aborts the batch. */
async function handleMessage(deps: ConfirmationDeps, message: Message<unknown>): Promise<void> {
  try {
    const outcome = await handleConfirmation(deps, message.body);
    if (outcome === "invalid") console.error(`confirmations: dropped a malformed message ${message.id}`);
    if (typeof outcome === "object") {
      console.error(`confirmation email will be retried: ${outcome.reason}`);
      message.retry({ delaySeconds: outcome.retryAfterSeconds });
    } else {
      message.ack();
    }
  } catch (error) {
    console.error("confirmation failed, retrying", error);
    message.retry({ delaySeconds: 30 });
  }
}
