// The `bantin-websub` queue: intent verification (WebSub 5.3), distribution after a content change,
// and content delivery (WebSub 7) with retries and backoff. Each message is acked or retried on its own.

import { readAtVersion } from "../cache/repository.ts";
import { settingsScope } from "../cache/scope.ts";
import type { SiteConfig } from "../config.ts";
import { feedDocument, parseFeedPath } from "../feeds/documents.ts";
import { toBase64Url } from "../hash.ts";
import { checkCallback } from "./callback.ts";
import { topicPath } from "./hub.ts";
import { type DeliverMessage, isWebSubMessage, type VerifyMessage, type WebSubMessage } from "./messages.ts";
import { callCallback, hubSignature } from "./outbound.ts";
import {
  claimDelivery,
  type Delivery,
  deleteSubscription,
  getSubscription,
  liveTopics,
  markDelivered,
  markDistributed,
  scheduleDeliveries,
  settleDelivery,
  settleVerification,
  upsertSubscription,
} from "./repository.ts";
import { parseWebSubSettings, retryDelaySeconds, WEBSUB_LIMITS, type WebSubSettings } from "./settings.ts";

export interface WebSubDeps {
  db: D1Database;
  queue: Queue<WebSubMessage>;
  config: SiteConfig;
  scope: string;
  settings: WebSubSettings;
  now: () => number;
}

/** What to do with a message: done, or try again after a delay. */
export type Handled = "done" | { retryAfterSeconds: number };

/** The current document of a topic URL, or null when the site no longer has it. */
async function currentDocument(deps: WebSubDeps, topic: string) {
  const path = topicPath(deps.config, topic);
  const target = path === null ? null : parseFeedPath(path);
  return target ? feedDocument(deps.db, deps.config, deps.scope, target) : null;
}

/** An unguessable challenge, URL-safe. */
const randomChallenge = () => toBase64Url(crypto.getRandomValues(new Uint8Array(24)));

/** Asks the callback to confirm the request; stores (or removes) the subscription only when it does. */
async function verifyIntent(deps: WebSubDeps, m: VerifyMessage, attempt: number): Promise<Handled> {
  const { db } = deps;
  const checked = checkCallback(m.callback, deps.settings.allowPrivate);
  if (!checked.ok) {
    await settleVerification(db, m.verification, "refused", checked.reason, deps.now());
    return "done";
  }
  const challenge = randomChallenge();
  const url = new URL(checked.url);
  url.searchParams.append("hub.mode", m.mode);
  url.searchParams.append("hub.topic", m.topic);
  url.searchParams.append("hub.challenge", challenge);
  if (m.mode === "subscribe") url.searchParams.append("hub.lease_seconds", String(m.leaseSeconds));
  const outcome = await callCallback(url.toString(), { method: "GET" }, WEBSUB_LIMITS.maxEchoBytes);
  const nowMs = deps.now();
  if (outcome.kind === "unreachable" || outcome.status >= 500) {
    const reason = outcome.kind === "unreachable" ? outcome.reason : `the callback answered ${outcome.status}`;
    if (attempt < WEBSUB_LIMITS.verifyAttempts) {
      await settleVerification(db, m.verification, "pending", `${reason}; will try again`, nowMs);
      return { retryAfterSeconds: retryDelaySeconds(deps.settings, attempt) };
    }
    await settleVerification(db, m.verification, "failed", `${reason}; gave up after ${attempt} tries`, nowMs);
    return "done";
  }
  if (outcome.status < 200 || outcome.status > 299) {
    const why = outcome.status >= 300 && outcome.status < 400 ? " (redirects are not followed)" : "";
    await settleVerification(db, m.verification, "refused", `the callback answered ${outcome.status}${why}`, nowMs);
    return "done";
  }
  if (outcome.body !== challenge) {
    await settleVerification(db, m.verification, "refused", "the callback did not echo hub.challenge", nowMs);
    return "done";
  }
  if (m.mode === "unsubscribe") {
    await deleteSubscription(db, m.topic, m.callback);
  } else {
    const doc = await currentDocument(deps, m.topic);
    await upsertSubscription(db, {
      topic: m.topic,
      callback: m.callback,
      secret: m.secret,
      leaseSeconds: m.leaseSeconds,
      nowMs,
      etag: doc?.rendition.etag ?? null,
    });
  }
  await settleVerification(db, m.verification, "verified", null, nowMs);
  return "done";
}

/** After a content change: queues a delivery for each live subscriber whose topic's document changed. */
export async function distribute(deps: WebSubDeps): Promise<number> {
  const { version } = await readAtVersion(deps.db, []);
  const nowMs = deps.now();
  let queued = 0;
  for (const topic of await liveTopics(deps.db, nowMs)) {
    const doc = await currentDocument(deps, topic);
    // A topic that is gone (its tag's last post withdrawn) has no document to send.
    if (!doc) continue;
    const ids = await scheduleDeliveries(deps.db, topic, doc.rendition.etag, nowMs);
    for (let i = 0; i < ids.length; i += 100) {
      await deps.queue.sendBatch(ids.slice(i, i + 100).map((id) => ({ body: { kind: "deliver", delivery: id } })));
    }
    queued += ids.length;
  }
  await markDistributed(deps.db, version);
  return queued;
}

/** Pushes the topic's current document to one subscriber: the same bytes and headers a GET gets. */
export async function deliver(deps: WebSubDeps, m: DeliverMessage): Promise<Handled> {
  const { db } = deps;
  const delivery = await claimDelivery(db, m.delivery, deps.now(), WEBSUB_LIMITS.staleClaimMs);
  if (!delivery) return "done";
  try {
    return await deliverClaimed(deps, delivery);
  } catch (error) {
    // Our own fault (say, D1 unavailable): the delivery goes back to the queue, as it was.
    await settleDelivery(db, delivery.id, "queued", { error: String(error).slice(0, 300), nowMs: deps.now() });
    throw error;
  }
}

async function deliverClaimed(deps: WebSubDeps, delivery: Delivery): Promise<Handled> {
  const { db } = deps;
  const end = (state: "delivered" | "failed" | "gone" | "dropped", details: { status?: number; error?: string }) =>
    settleDelivery(db, delivery.id, state, { ...details, nowMs: deps.now() });
  const sub = await getSubscription(db, delivery.topic, delivery.callback);
  if (!sub || sub.expiresMs <= deps.now()) {
    await end("dropped", { error: "unsubscribed, or the lease ended, before it went out" });
    return "done";
  }
  if (sub.scheduledEtag !== delivery.etag) {
    await end("dropped", { error: "a newer document replaced it before it went out" });
    return "done";
  }
  const doc = await currentDocument(deps, delivery.topic);
  if (!doc) {
    await end("dropped", { error: "the feed no longer exists" });
    return "done";
  }
  if (sub.deliveredEtag === doc.rendition.etag) {
    await end("dropped", { error: "this document was delivered already" });
    return "done";
  }
  const checked = checkCallback(delivery.callback, deps.settings.allowPrivate);
  if (!checked.ok) {
    await end("failed", { error: checked.reason });
    return "done";
  }
  const body = new TextEncoder().encode(doc.rendition.body);
  const headers: Record<string, string> = { "Content-Type": doc.rendition.contentType, Link: doc.link };
  if (sub.secret !== null) headers["X-Hub-Signature"] = await hubSignature(sub.secret, body);
  const outcome = await callCallback(delivery.callback, { method: "POST", headers, body }, 0);
  if (outcome.kind === "answered" && outcome.status >= 200 && outcome.status <= 299) {
    await markDelivered(db, delivery.topic, delivery.callback, doc.rendition.etag);
    await end("delivered", { status: outcome.status });
    return "done";
  }
  if (outcome.kind === "answered" && outcome.status === 410) {
    // 410 Gone: the subscriber wants no more.
    await deleteSubscription(db, delivery.topic, delivery.callback);
    await end("gone", { status: 410, error: "the callback answered 410 Gone: unsubscribed" });
    return "done";
  }
  const status = outcome.kind === "answered" ? outcome.status : undefined;
  const error =
    outcome.kind === "unreachable"
      ? outcome.reason
      : `the callback answered ${outcome.status}${outcome.status >= 300 && outcome.status < 400 ? " (redirects are not followed)" : ""}`;
  if (delivery.attempts >= WEBSUB_LIMITS.deliveryAttempts) {
    await end("failed", { ...(status ? { status } : {}), error: `${error}; gave up after ${delivery.attempts} tries` });
    return "done";
  }
  await settleDelivery(db, delivery.id, "queued", { status: status ?? null, error, nowMs: deps.now() });
  return { retryAfterSeconds: retryDelaySeconds(deps.settings, delivery.attempts) };
}

async function handle(deps: WebSubDeps, message: Message<unknown>): Promise<Handled> {
  const body = message.body;
  if (!isWebSubMessage(body)) {
    console.error(`websub: dropped a malformed message ${message.id}`);
    return "done";
  }
  if (body.kind === "verify") return verifyIntent(deps, body, message.attempts);
  if (body.kind === "distribute") {
    await distribute(deps);
    return "done";
  }
  return deliver(deps, body);
}

/** The consumer of `bantin-websub`. */
export async function consumeWebSub(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const { config, scope } = await settingsScope(env);
  const deps: WebSubDeps = {
    db: env.DB,
    queue: env.WEBSUB as Queue<WebSubMessage>,
    config,
    scope,
    settings: parseWebSubSettings(env),
    now: Date.now,
  };
  // Deliveries to different subscribers go out together; one slow callback does not hold the others.
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const handled = await handle(deps, message);
        if (handled === "done") message.ack();
        else message.retry({ delaySeconds: handled.retryAfterSeconds });
      } catch (error) {
        console.error("websub message failed, retrying", error);
        message.retry({ delaySeconds: 30 });
      }
    }),
  );
}
