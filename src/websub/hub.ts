// The hub's front door (WebSub 5.1): a subscription request is checked, answered 202 and verified
// later through the queue; nothing is stored as a subscription before the callback confirms it.
import type { SiteConfig } from "../config.ts";
import { feedDocument, parseFeedPath } from "../feeds/documents.ts";
import { takeRateLimit } from "../subscribers/repository.ts";
import { callbackHost, checkCallback } from "./callback.ts";
import type { WebSubMessage } from "./messages.ts";
import { deleteVerification, insertVerification, subscriptionCounts } from "./repository.ts";
import { WEBSUB_LIMITS, type WebSubSettings } from "./settings.ts";
import { canonicalTopic, MAX_TOPIC_LENGTH } from "./topic.ts";

export interface HubDeps {
  db: D1Database;
  queue: Queue<WebSubMessage>;
  config: SiteConfig;
  /** The rendition scope, to look topics up as they are served. */
  scope: string;
  settings: WebSubSettings;
  nowMs: number;
}

export type HubAnswer =
  | { status: 202; message: string }
  | { status: 400 | 403; message: string }
  | { status: 429 | 503; message: string; retryAfterSeconds: number };

const refuse = (message: string): HubAnswer => ({ status: 400, message });

/** Why a new subscription would go over a cap, or null when it fits (a renewal always does). */
export function capReason(counts: { exists: boolean; onTopic: number; onHost: number }, host: string): string | null {
  if (counts.exists) return null;
  if (counts.onTopic >= WEBSUB_LIMITS.maxSubscriptionsPerTopic) {
    return `this topic has ${counts.onTopic} subscriptions, the most this hub takes for one topic (${WEBSUB_LIMITS.maxSubscriptionsPerTopic})`;
  }
  if (counts.onHost >= WEBSUB_LIMITS.maxSubscriptionsPerHost) {
    return `callbacks on ${host} hold ${counts.onHost} subscriptions, the most this hub takes for one callback host (${WEBSUB_LIMITS.maxSubscriptionsPerHost})`;
  }
  return null;
}

/** Handles one hub request (form fields as sent), for a client key (rate limit). */
export async function handleHubRequest(
  deps: HubDeps,
  form: Record<string, string>,
  client: string,
): Promise<HubAnswer> {
  const mode = form["hub.mode"];
  if (mode !== "subscribe" && mode !== "unsubscribe") {
    return refuse(
      mode === "publish"
        ? "hub.mode=publish is not taken: this hub publishes only this site's feeds, and knows when they change."
        : 'hub.mode must be "subscribe" or "unsubscribe".',
    );
  }
  const requestedTopic = form["hub.topic"] ?? "";
  if (requestedTopic.length > MAX_TOPIC_LENGTH) {
    return refuse(`hub.topic must be at most ${MAX_TOPIC_LENGTH} characters; got ${requestedTopic.length}.`);
  }
  const topic = canonicalTopic(deps.config.siteUrl, requestedTopic);
  if (topic === null) {
    return refuse(
      `hub.topic must be one of this site's feeds (its rel="self" URL, such as ${deps.config.siteUrl}/atom.xml); got ${JSON.stringify(requestedTopic.slice(0, 200))}.`,
    );
  }
  const target = parseFeedPath(topic.path);
  if (mode === "subscribe" && (!target || !(await feedDocument(deps.db, deps.config, deps.scope, target)))) {
    return refuse(`hub.topic ${topic.url} is not a feed of this site (no such tag or archive).`);
  }
  const callbackUrl = form["hub.callback"] ?? "";
  const callback = checkCallback(callbackUrl, deps.settings.allowPrivate);
  if (!callback.ok) return refuse(`${callback.reason}.`);

  // WebSub 5.1: hub.lease_seconds and hub.secret mean something only to a subscription.
  let leaseSeconds: number = WEBSUB_LIMITS.defaultLeaseSeconds;
  const lease = form["hub.lease_seconds"];
  const secret = mode === "subscribe" ? form["hub.secret"] : undefined;
  if (mode === "subscribe") {
    if (lease !== undefined && lease !== "") {
      if (!/^[0-9]{1,10}$/.test(lease) || Number(lease) < 1) {
        return refuse("hub.lease_seconds must be a whole number of seconds, at least 1.");
      }
      leaseSeconds = Math.min(Number(lease), WEBSUB_LIMITS.maxLeaseSeconds);
    }
    if (secret !== undefined && new TextEncoder().encode(secret).length > WEBSUB_LIMITS.maxSecretBytes) {
      return refuse(`hub.secret must be less than 200 bytes (at most ${WEBSUB_LIMITS.maxSecretBytes}).`);
    }
    const host = callbackHost(callback.url);
    const full = capReason(
      await subscriptionCounts(deps.db, { topic: topic.url, callback: callbackUrl, host, nowMs: deps.nowMs }),
      host,
    );
    if (full) return { status: 403, message: `Refused: ${full}.` };
  }

  if (
    !(await takeRateLimit(
      deps.db,
      `websub:${client}`,
      WEBSUB_LIMITS.requestsPerWindow,
      WEBSUB_LIMITS.windowMs,
      deps.nowMs,
    ))
  ) {
    return {
      status: 429,
      message: "Too many hub requests from this address; try again in a few minutes.",
      retryAfterSeconds: WEBSUB_LIMITS.windowMs / 1000,
    };
  }
  const verification = await insertVerification(deps.db, mode, topic.url, callbackUrl, deps.nowMs);
  try {
    await deps.queue.send({
      kind: "verify",
      verification,
      mode,
      topic: topic.url,
      requestedTopic: requestedTopic === topic.url ? undefined : requestedTopic,
      callback: callbackUrl,
      leaseSeconds,
      secret: secret === undefined || secret === "" ? null : secret,
    });
  } catch (error) {
    // Nothing is left behind a request that was not taken: the subscriber asks again.
    console.error("websub: the verification could not be queued", error);
    await deleteVerification(deps.db, verification);
    return {
      status: 503,
      message: "The hub cannot take requests just now; nothing was stored. Try again in a minute.",
      retryAfterSeconds: 60,
    };
  }
  return {
    status: 202,
    message: `Accepted: the hub will now verify the ${mode === "subscribe" ? "subscription" : "unsubscription"} with a GET to the callback (hub.challenge).`,
  };
}
