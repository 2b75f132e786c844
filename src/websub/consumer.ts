// The `bantin-websub` queue: intent verification (WebSub 5.3), distribution after a content change,
// and content delivery (WebSub 7) with retries and backoff. Each message is acked or retried on its own.
//
// Callbacks that hang must not hold up the others. Each request to a callback has one deadline for
// its whole answer (10 s for a verification, 5 s for a push); a batch has at most 6 requests waiting
// at once, 2 to any one origin (outbound.ts). An origin that did not answer in time is paused (1, 2,
// 4… minutes, at most an hour, from WEBSUB_RETRY_BASE_SECONDS): its deliveries go to a later, delayed
// lane, and when the pause is over one request finds out whether it answers again while the others
// wait. So a hanging server costs one deadline of two connections once, not one per callback and
// publication; deliveries to origins with a record of answering go first.

import { readAtVersion } from "../cache/repository.ts";
import { settingsScope } from "../cache/scope.ts";
import type { SiteConfig } from "../config.ts";
import { feedDocument, parseFeedPath } from "../feeds/documents.ts";
import { toBase64Url } from "../hash.ts";
import { callbackHost, callbackOrigin, checkCallback } from "./callback.ts";
import { capReason } from "./hub.ts";
import { type DeliverMessage, isWebSubMessage, type VerifyMessage, type WebSubMessage } from "./messages.ts";
import { CallbackGate, callCallback, hubSignature, type Outcome, withHubParameters } from "./outbound.ts";
import {
  admitOrigin,
  claimDelivery,
  claimVerification,
  type Delivery,
  deleteSubscription,
  getSubscription,
  liveTopics,
  markDelivered,
  markDistributed,
  type OriginRecord,
  originRecords,
  recordOrigin,
  releaseDelivery,
  scheduleDeliveries,
  settleDelivery,
  settleVerification,
  subscriptionCounts,
  upsertSubscription,
} from "./repository.ts";
import { parseWebSubSettings, retryDelaySeconds, WEBSUB_LIMITS, type WebSubSettings } from "./settings.ts";
import { canonicalTopic } from "./topic.ts";
import { upgradeStoredSubscriptions } from "./upgrade.ts";

export interface WebSubDeps {
  db: D1Database;
  queue: Queue<WebSubMessage>;
  config: SiteConfig;
  scope: string;
  settings: WebSubSettings;
  now: () => number;
  /** Bounds the requests to callbacks this batch has in flight. */
  gate: CallbackGate;
}

/**
 * What to do with a message: done; try again after a delay (a try that failed); or put off without a
 * try, as a new message after a delay (its origin is paused).
 */
export type Handled = "done" | { retryAfterSeconds: number } | { putOffSeconds: number };

/** Longest a queue message can be delayed (Cloudflare Queues: 12 hours). */
const MAX_DELAY_SECONDS = 43_200;

/** An origin's request out to find whether it answers again holds it a little longer than its deadline. */
const PROBE_MARGIN_MS = 5_000;

/** The canonical URL of a stored or queued topic (rows and messages from before 0017 may be spelled otherwise). */
const canonical = (deps: WebSubDeps, topic: string) => canonicalTopic(deps.config.siteUrl, topic)?.url ?? topic;

/** The current document of a topic URL, or null when the site no longer has it. */
async function currentDocument(deps: WebSubDeps, topic: string) {
  const path = canonicalTopic(deps.config.siteUrl, topic)?.path;
  const target = path === undefined ? null : parseFeedPath(path);
  return target ? feedDocument(deps.db, deps.config, deps.scope, target) : null;
}

/** An unguessable challenge, URL-safe. */
const randomChallenge = () => toBase64Url(crypto.getRandomValues(new Uint8Array(24)));

const secondsUntil = (deps: WebSubDeps, ms: number) =>
  Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.ceil((ms - deps.now()) / 1000)));

/**
 * One request to a callback, through the batch's gate and its origin's record: put off while the
 * origin is paused, and its outcome (an answer in time, or none) recorded for the origin.
 */
async function requestCallback(
  deps: WebSubDeps,
  callback: URL,
  url: string,
  init: RequestInit,
  options: { maxBody: number; deadlineMs: number },
): Promise<Outcome | { kind: "putOff"; untilMs: number }> {
  const origin = callback.origin;
  return deps.gate.run(origin, async () => {
    const admission = await admitOrigin(deps.db, origin, deps.now(), options.deadlineMs + PROBE_MARGIN_MS);
    if (!admission.admitted) return { kind: "putOff", untilMs: admission.untilMs };
    const sentMs = deps.now();
    const outcome = await callCallback(url, init, options);
    await recordOrigin(
      deps.db,
      origin,
      outcome.kind === "answered",
      sentMs,
      deps.now(),
      deps.settings.retryBaseSeconds * 1000,
    );
    return outcome;
  });
}

/** Tells the callback its subscription was refused (WebSub 5.2); whatever it answers changes nothing. */
async function deny(deps: WebSubDeps, callback: URL, topic: string, reason: string): Promise<void> {
  const url = withHubParameters(callback, { "hub.mode": "denied", "hub.topic": topic, "hub.reason": reason });
  await requestCallback(
    deps,
    callback,
    url,
    { method: "GET" },
    { maxBody: 0, deadlineMs: deps.settings.verifyTimeoutMs },
  );
}

/** Asks the callback to confirm the request; stores (or removes) the subscription only when it does. */
async function verifyIntent(deps: WebSubDeps, m: VerifyMessage): Promise<Handled> {
  const { db } = deps;
  const attempt = await claimVerification(db, m.verification, deps.now());
  // Settled already (a message delivered twice), or forgotten.
  if (attempt === null) return "done";
  const checked = checkCallback(m.callback, deps.settings.allowPrivate);
  if (!checked.ok) {
    await settleVerification(db, m.verification, "refused", checked.reason, deps.now());
    return "done";
  }
  const topic = canonical(deps, m.topic);
  const echoedTopic = m.requestedTopic ?? m.topic;
  const host = callbackHost(checked.url);
  if (m.mode === "subscribe") {
    const full = capReason(
      await subscriptionCounts(db, { topic, callback: m.callback, host, nowMs: deps.now() }),
      host,
    );
    if (full) {
      await settleVerification(db, m.verification, "refused", full, deps.now());
      await deny(deps, checked.url, echoedTopic, full);
      return "done";
    }
  }
  const challenge = randomChallenge();
  const url = withHubParameters(checked.url, {
    "hub.mode": m.mode,
    "hub.topic": echoedTopic,
    "hub.challenge": challenge,
    ...(m.mode === "subscribe" ? { "hub.lease_seconds": String(m.leaseSeconds) } : {}),
  });
  const outcome = await requestCallback(
    deps,
    checked.url,
    url,
    { method: "GET" },
    {
      maxBody: WEBSUB_LIMITS.maxEchoBytes,
      deadlineMs: deps.settings.verifyTimeoutMs,
    },
  );
  const nowMs = deps.now();
  if (outcome.kind === "putOff") {
    const note = `put off: ${checked.url.origin} did not answer recent requests in time`;
    await settleVerification(db, m.verification, "pending", note, nowMs, { uncount: true });
    return { putOffSeconds: secondsUntil(deps, outcome.untilMs) };
  }
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
    // A subscription stored before topics were canonical is found under its canonical topic.
    await upgradeStoredSubscriptions(db, deps.config.siteUrl);
    await deleteSubscription(db, topic, m.callback);
  } else {
    const doc = await currentDocument(deps, topic);
    const stored = await upsertSubscription(
      db,
      {
        topic,
        callback: m.callback,
        host,
        secret: m.secret,
        leaseSeconds: m.leaseSeconds,
        nowMs,
        etag: doc?.rendition.etag ?? null,
      },
      { perTopic: WEBSUB_LIMITS.maxSubscriptionsPerTopic, perHost: WEBSUB_LIMITS.maxSubscriptionsPerHost },
    );
    if (!stored) {
      // Others took the last places while this one was being verified.
      const full =
        capReason(await subscriptionCounts(db, { topic, callback: m.callback, host, nowMs }), host) ??
        "the hub's caps on subscriptions were reached";
      await settleVerification(db, m.verification, "refused", full, nowMs);
      await deny(deps, checked.url, echoedTopic, full);
      return "done";
    }
  }
  await settleVerification(db, m.verification, "verified", null, nowMs);
  return "done";
}

/** Where a new delivery goes: at once (in order of rank) or, to a paused origin, after its pause. */
export type Lane = { rank: number } | { delaySeconds: number };

/**
 * The lane of a delivery to a callback origin with this record: origins that answered in time last go
 * first, then those the hub has not heard from, then those whose pause is over (one request will find
 * out whether they answer again); a paused origin's deliveries wait until its pause is over.
 */
export function laneOf(record: OriginRecord | undefined, nowMs: number): Lane {
  if (!record) return { rank: 1 };
  if (record.strikes === 0) return { rank: record.answeredMs === null ? 1 : 0 };
  if (record.pausedUntilMs > nowMs) {
    return { delaySeconds: Math.min(MAX_DELAY_SECONDS, Math.ceil((record.pausedUntilMs - nowMs) / 1000)) };
  }
  return { rank: 2 };
}

/** After a content change: queues a delivery for each live subscriber whose topic's document changed. */
export async function distribute(deps: WebSubDeps): Promise<number> {
  const { version } = await readAtVersion(deps.db, []);
  await upgradeStoredSubscriptions(deps.db, deps.config.siteUrl);
  const nowMs = deps.now();
  const scheduled: { id: number; callback: string }[] = [];
  for (const topic of await liveTopics(deps.db, nowMs)) {
    const doc = await currentDocument(deps, topic);
    // A topic that is gone (its tag's last post withdrawn) has no document to send.
    if (!doc) continue;
    scheduled.push(...(await scheduleDeliveries(deps.db, topic, doc.rendition.etag, nowMs)));
  }
  const records = await originRecords(deps.db);
  const lanes = scheduled.map((d) => ({ id: d.id, lane: laneOf(records.get(callbackOrigin(d.callback)), nowMs) }));
  const rank = (lane: Lane) => ("rank" in lane ? lane.rank : Number.POSITIVE_INFINITY);
  // A stable sort: within a rank, deliveries keep their order.
  lanes.sort((a, b) => rank(a.lane) - rank(b.lane));
  for (let i = 0; i < lanes.length; i += 100) {
    await deps.queue.sendBatch(
      lanes.slice(i, i + 100).map(({ id, lane }) => ({
        body: { kind: "deliver", delivery: id },
        ...("delaySeconds" in lane ? { delaySeconds: lane.delaySeconds } : {}),
      })),
    );
  }
  await markDistributed(deps.db, version);
  return scheduled.length;
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
  const topic = canonical(deps, delivery.topic);
  const sub = await getSubscription(db, topic, delivery.callback);
  if (!sub || sub.expiresMs <= deps.now()) {
    await end("dropped", { error: "unsubscribed, or the lease ended, before it went out" });
    return "done";
  }
  if (sub.scheduledEtag !== delivery.etag) {
    await end("dropped", { error: "a newer document replaced it before it went out" });
    return "done";
  }
  const doc = await currentDocument(deps, topic);
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
  const outcome = await requestCallback(
    deps,
    checked.url,
    delivery.callback,
    { method: "POST", headers, body },
    {
      maxBody: 0,
      deadlineMs: deps.settings.pushTimeoutMs,
    },
  );
  if (outcome.kind === "putOff") {
    const note = `put off: ${checked.url.origin} did not answer recent requests in time`;
    await releaseDelivery(db, delivery.id, note, deps.now());
    return { putOffSeconds: secondsUntil(deps, outcome.untilMs) };
  }
  if (outcome.kind === "answered" && outcome.status >= 200 && outcome.status <= 299) {
    await markDelivered(db, topic, delivery.callback, doc.rendition.etag);
    await end("delivered", { status: outcome.status });
    return "done";
  }
  if (outcome.kind === "answered" && outcome.status === 410) {
    // 410 Gone: the subscriber wants no more.
    await deleteSubscription(db, topic, delivery.callback);
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
  if (body.kind === "verify") return verifyIntent(deps, body);
  if (body.kind === "distribute") {
    await distribute(deps);
    return "done";
  }
  return deliver(deps, body);
}

/** Handles one batch of `bantin-websub` with the given dependencies. */
export async function processWebSubBatch(batch: MessageBatch<unknown>, deps: WebSubDeps): Promise<void> {
  // The messages of a batch are handled together, their requests bounded by deps.gate.
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const handled = await handle(deps, message);
        if (handled === "done") {
          message.ack();
        } else if ("putOffSeconds" in handled) {
          // A new message: putting off is not a failed try, and must not use up the queue's retries.
          await deps.queue.send(message.body as WebSubMessage, { delaySeconds: handled.putOffSeconds });
          message.ack();
        } else {
          message.retry({ delaySeconds: handled.retryAfterSeconds });
        }
      } catch (error) {
        console.error("websub message failed, retrying", error);
        message.retry({ delaySeconds: 30 });
      }
    }),
  );
}

/** The consumer of `bantin-websub`. */
export async function consumeWebSub(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const { config, scope } = await settingsScope(env);
  await processWebSubBatch(batch, {
    db: env.DB,
    queue: env.WEBSUB as Queue<WebSubMessage>,
    config,
    scope,
    settings: parseWebSubSettings(env),
    now: Date.now,
    gate: new CallbackGate(WEBSUB_LIMITS.connections, WEBSUB_LIMITS.connectionsPerOrigin),
  });
}
