// The hub's front door (WebSub 5.1): a subscription request is checked, answered 202 and verified
// later through the queue; nothing is stored as a subscription before the callback confirms it.
import type { SiteConfig } from "../config.ts";
import { feedDocument, parseFeedPath } from "../feeds/documents.ts";
import { takeRateLimit } from "../subscribers/repository.ts";
import { checkCallback } from "./callback.ts";
import type { WebSubMessage } from "./messages.ts";
import { insertVerification } from "./repository.ts";
import { WEBSUB_LIMITS, type WebSubSettings } from "./settings.ts";

export interface HubDeps {
  db: D1Database;
  queue: Queue<WebSubMessage>;
  config: SiteConfig;
  /** The rendition scope, to look topics up as they are served. */
  scope: string;
  settings: WebSubSettings;
  nowMs: number;
}

export type HubAnswer = { status: 202; message: string } | { status: 400 | 429; message: string };

const refuse = (message: string): HubAnswer => ({ status: 400, message });

/** The feed path a topic URL names on this site, or null. */
export function topicPath(config: SiteConfig, topic: string): string | null {
  let url: URL;
  try {
    url = new URL(topic);
  } catch {
    return null;
  }
  const site = new URL(config.siteUrl);
  if (url.origin !== site.origin || url.search !== "" || url.hash !== "") return null;
  const prefix = site.pathname.replace(/\/$/, "");
  if (!url.pathname.startsWith(`${prefix}/`)) return null;
  const path = url.pathname.slice(prefix.length);
  return parseFeedPath(path) ? path : null;
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
  const topic = form["hub.topic"] ?? "";
  const path = topicPath(deps.config, topic);
  if (path === null) {
    return refuse(
      `hub.topic must be one of this site's feeds (its rel="self" URL, such as ${deps.config.siteUrl}/atom.xml); got ${JSON.stringify(topic.slice(0, 200))}.`,
    );
  }
  const target = parseFeedPath(path);
  if (mode === "subscribe" && (!target || !(await feedDocument(deps.db, deps.config, deps.scope, target)))) {
    return refuse(`hub.topic ${topic} is not a feed of this site (no such tag or archive).`);
  }
  const callback = checkCallback(form["hub.callback"] ?? "", deps.settings.allowPrivate);
  if (!callback.ok) return refuse(`${callback.reason}.`);

  let leaseSeconds: number = WEBSUB_LIMITS.defaultLeaseSeconds;
  const lease = form["hub.lease_seconds"];
  if (lease !== undefined && lease !== "") {
    if (!/^[0-9]{1,10}$/.test(lease) || Number(lease) < 1) {
      return refuse("hub.lease_seconds must be a whole number of seconds, at least 1.");
    }
    leaseSeconds = Math.min(Number(lease), WEBSUB_LIMITS.maxLeaseSeconds);
  }
  const secret = form["hub.secret"];
  if (secret !== undefined && new TextEncoder().encode(secret).length > WEBSUB_LIMITS.maxSecretBytes) {
    return refuse(`hub.secret must be less than 200 bytes (at most ${WEBSUB_LIMITS.maxSecretBytes}).`);
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
    return { status: 429, message: "Too many hub requests from this address; try again in a few minutes." };
  }
  const callbackUrl = form["hub.callback"] ?? "";
  const verification = await insertVerification(deps.db, mode, topic, callbackUrl, deps.nowMs);
  await deps.queue.send({
    kind: "verify",
    verification,
    mode,
    topic,
    callback: callbackUrl,
    leaseSeconds,
    secret: secret === undefined || secret === "" ? null : secret,
  });
  return {
    status: 202,
    message: `Accepted: the hub will now verify the ${mode === "subscribe" ? "subscription" : "unsubscription"} with a GET to the callback (hub.challenge).`,
  };
}
