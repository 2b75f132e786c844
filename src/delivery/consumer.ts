// The queue consumer: fans a digest out to per-recipient messages, and sends each one at most
// once. A failure never aborts the batch: each message is acked or retried on its own.
import type { SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { personalize, type RenderedDigest } from "../digest/render.ts";
import { getDigest } from "../digest/repository.ts";
import type { Mailer } from "../mail/mailer.ts";
import { digestMail } from "../mail/messages.ts";
import { findById } from "../subscribers/repository.ts";
import { unsubscribeUrl } from "../subscribers/service.ts";
import { suppressionFromEmailEvent } from "./email-events.ts";
import { type DeliveryMessage, isDeliveryMessage } from "./messages.ts";
import { claim, deliveryState, giveUp, queuedPage, settle, suppress, suppressByEmail } from "./repository.ts";

/** Recipients enqueued per fan-out step (Queues accept at most 100 messages per sendBatch). */
export const FANOUT_PAGE = 500;
/** A delivery left in `sending` this long belongs to an invocation that died. */
export const SENDING_STALE_MS = 10 * 60 * 1000;

export interface ConsumerDeps {
  db: D1Database;
  queue: Queue<DeliveryMessage>;
  mailer: Mailer;
  config: SiteConfig;
  secret: string;
  now: () => number;
  /** First retry delay in seconds; doubles each attempt (capped at an hour). */
  retryBaseSeconds: number;
}

async function fanout(deps: ConsumerDeps, digest: number, after: number): Promise<void> {
  const ids = await queuedPage(deps.db, digest, after, FANOUT_PAGE);
  for (let i = 0; i < ids.length; i += 100) {
    await deps.queue.sendBatch(
      ids.slice(i, i + 100).map((subscriber) => ({ body: { kind: "send", digest, subscriber } as DeliveryMessage })),
    );
  }
  const last = ids.at(-1);
  if (ids.length === FANOUT_PAGE && last !== undefined) await deps.queue.send({ kind: "fanout", digest, after: last });
}

type Verdict = { ack: true } | { retryAfterSeconds: number };

async function sendOne(
  deps: ConsumerDeps,
  digests: Map<number, RenderedDigest | null>,
  digest: number,
  subscriberId: number,
): Promise<Verdict> {
  const { db, config } = deps;
  const nowMs = deps.now();
  if (!(await claim(db, digest, subscriberId, nowMs))) {
    // Sent, failed or skipped: nothing to do. Claimed: another invocation is sending, or died
    // after claiming; look again once the claim is stale, and then close it as failed instead of
    // sending, since the message may already have been handed to the transport.
    const row = await deliveryState(db, digest, subscriberId);
    if (row?.state !== "sending") return { ack: true };
    if (row.updatedMs >= nowMs - SENDING_STALE_MS) return { retryAfterSeconds: SENDING_STALE_MS / 1000 };
    await settle(db, digest, subscriberId, "sending", "failed", nowMs, "outcome unknown: the sender stopped mid-send");
    return { ack: true };
  }
  let subscriber: Awaited<ReturnType<typeof findById>>;
  try {
    subscriber = await findById(db, subscriberId);
    if (!digests.has(digest)) digests.set(digest, (await getDigest(db, digest)).value?.email ?? null);
  } catch (error) {
    // Nothing was handed to the transport yet: give the delivery back before the retry.
    await settle(db, digest, subscriberId, "sending", "queued", deps.now(), String(error)).catch(() => false);
    throw error;
  }
  if (subscriber?.status !== "confirmed") {
    await settle(
      db,
      digest,
      subscriberId,
      "sending",
      "skipped",
      nowMs,
      `subscriber is ${subscriber?.status ?? "erased"}`,
    );
    return { ack: true };
  }
  const rendered = digests.get(digest);
  if (!rendered) {
    await settle(db, digest, subscriberId, "sending", "failed", nowMs, "digest not found");
    return { ack: true };
  }
  const depsForToken = { db, config, secret: deps.secret, nowMs };
  const link = await unsubscribeUrl(depsForToken, subscriber.id, subscriber.email);
  const outcome = await deps.mailer.send(digestMail(config, subscriber.email, personalize(rendered, link), link));
  const doneMs = deps.now();
  if (outcome.ok) {
    await settle(db, digest, subscriberId, "sending", "sent", doneMs, null);
    return { ack: true };
  }
  if (outcome.permanent) {
    await settle(db, digest, subscriberId, "sending", "failed", doneMs, outcome.reason);
    // A permanent refusal of the recipient is a hard bounce: never mail the address again.
    await suppress(db, subscriberId, `hard bounce: ${outcome.reason}`, zonedIso(doneMs, config.timeZone));
    return { ack: true };
  }
  await settle(db, digest, subscriberId, "sending", "queued", doneMs, outcome.reason);
  const row = await deliveryState(db, digest, subscriberId);
  const attempts = row?.attempts ?? 1;
  return { retryAfterSeconds: Math.min(3600, deps.retryBaseSeconds * 2 ** (attempts - 1)) };
}

/** Handles one batch from the deliveries queue. */
export async function consumeDeliveries(batch: MessageBatch<unknown>, deps: ConsumerDeps): Promise<void> {
  const digests = new Map<number, RenderedDigest | null>();
  for (const message of batch.messages) {
    const body = message.body;
    if (!isDeliveryMessage(body)) {
      console.error(`dropping a malformed delivery message ${message.id}`);
      message.ack();
      continue;
    }
    try {
      if (body.kind === "fanout") {
        await fanout(deps, body.digest, body.after);
        message.ack();
        continue;
      }
      const verdict = await sendOne(deps, digests, body.digest, body.subscriber);
      if ("ack" in verdict) message.ack();
      else message.retry({ delaySeconds: verdict.retryAfterSeconds });
    } catch (error) {
      // Storage or queue trouble: let the queue try again later (and dead-letter it at the end).
      console.error(`delivery message ${message.id} failed`, error);
      message.retry({ delaySeconds: deps.retryBaseSeconds });
    }
  }
}

/** Dead letters: deliveries whose retries ran out are closed as failed, with the last error kept. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, db: D1Database, nowMs: number): Promise<void> {
  for (const message of batch.messages) {
    const body = message.body;
    if (isDeliveryMessage(body) && body.kind === "send") await giveUp(db, body.digest, body.subscriber, nowMs);
    message.ack();
  }
}

/** Email Service events: hard bounces and complaints suppress the address; the rest are noted and dropped. */
export async function consumeEmailEvents(
  batch: MessageBatch<unknown>,
  db: D1Database,
  config: SiteConfig,
  nowMs: number,
) {
  for (const message of batch.messages) {
    const suppression = suppressionFromEmailEvent(message.body);
    if (suppression) {
      try {
        await suppressByEmail(db, suppression.email, suppression.reason, zonedIso(nowMs, config.timeZone));
      } catch (error) {
        console.error(`email event ${message.id} could not be applied`, error);
        message.retry();
        continue;
      }
    }
    message.ack();
  }
}
