// How delivery retries, pauses and recovers: numbers from the Worker's environment, with defaults.
import { ConfigError } from "../config.ts";

export interface DeliverySettings {
  /** First retry delay of a failed send; doubles each attempt, at most an hour. */
  retryBaseSeconds: number;
  /** Failed sends in a row (not about a recipient) that pause a digest. */
  breakerThreshold: number;
  /** First cooldown of a breaker pause; doubles with each pause of the same digest, at most an hour. */
  breakerCooldownSeconds: number;
  /** A delivery claimed this long ago and never settled belongs to a sender that died. */
  staleClaimSeconds: number;
  /** A digest with queued work and no activity for this long lost its queue messages. */
  stallSeconds: number;
  /** SMTP connections one queue batch sends over at once. */
  smtpConnections: number;
  /**
   * Recipients one queue message carries (a window): claimed whole, sent, and settled in one round
   * trip; a crash mid-window leaves at most this many recipients "outcome unknown".
   */
  windowSize: number;
  /**
   * Windows one invocation sends at most; further window messages of its batch go back to the queue.
   * Unbounded by default (the batch size decides); the Free-plan profile sends one, so that an
   * invocation stays within 10 ms of CPU.
   */
  windowsPerInvocation: number;
  /** "default", or "free": settings that keep a 10,000-reader digest inside the Workers Free plan. */
  profile: DeliveryProfile;
  /**
   * A post's own email waits this long after publishing (POST_EMAIL_GRACE_SECONDS, 600 by default,
   * 0 to a day), so that a fix made meanwhile is what goes out and a withdrawal stops it.
   */
  postEmailGraceMs: number;
}

export type DeliveryProfile = "default" | "free";

export const DEFAULT_DELIVERY: DeliverySettings = {
  retryBaseSeconds: 30,
  breakerThreshold: 10,
  breakerCooldownSeconds: 300,
  staleClaimSeconds: 600,
  stallSeconds: 120,
  smtpConnections: 6,
  windowSize: 50,
  windowsPerInvocation: 1000,
  profile: "default",
  postEmailGraceMs: 600_000,
};

/** The longest grace delay of a post's email: a day. */
export const MAX_POST_EMAIL_GRACE_SECONDS = 86_400;

/**
 * DELIVERY_PROFILE=free: what changes under the Workers Free plan, whose invocations get 10 ms of CPU
 * (developers.cloudflare.com/workers/platform/limits): an invocation sends one window of 10 over
 * 2 SMTP connections (each connection's greeting costs CPU in every invocation; measured against
 * windows of 8 and 15 and 1 to 3 connections, docs/performance.md). Its consumer must
 * also take batches of one message (`max_batch_size = 1` in wrangler.toml), or the windows after
 * the first are handed back to the queue, each costing one more read. WINDOW_SIZE and
 * SMTP_CONNECTIONS still override the profile's values. Mail on Workers Free goes through Postmark's
 * API (POSTMARK_TOKEN: a window in one fetch, whose sends fit the 10 ms; over SMTP a send of 10
 * takes 7 ms on average but 14 to 19 at the 99th percentile) or SMTP_URL to a relay's port 587 or
 * 465: Email Sending (send_email) is not available on Workers Free
 * (developers.cloudflare.com/email-service/platform/pricing/), and connect() may not use port 25
 * (developers.cloudflare.com/workers/runtime-apis/tcp-sockets/, "Considerations").
 */
export const FREE_PROFILE = { windowSize: 10, windowsPerInvocation: 1, smtpConnections: 2 } as const;

/** Windows of fewer recipients than this cost more than 0.1 queue operations a recipient (3 per message). */
export const MIN_CHEAP_WINDOW = 30;
/** The largest window: its sends take one invocation's time, and its row holds the ids as JSON. */
export const MAX_WINDOW_SIZE = 500;

/**
 * A Worker invocation holds at most six connections open at once (Workers limits, "simultaneous open
 * connections", on every plan); a seventh connect() waits until one closes, and a batch's pooled SMTP
 * connections close only when the batch ends.
 */
export const MAX_SMTP_CONNECTIONS = 6;

type Raw = Partial<
  Record<
    | "RETRY_BASE_SECONDS"
    | "BREAKER_THRESHOLD"
    | "BREAKER_COOLDOWN_SECONDS"
    | "STALE_CLAIM_SECONDS"
    | "STALL_SECONDS"
    | "SMTP_CONNECTIONS"
    | "WINDOW_SIZE"
    | "DELIVERY_PROFILE"
    | "POST_EMAIL_GRACE_SECONDS",
    unknown
  >
>;

/** Reads the delivery settings; a value that is set but not a whole number in range is an error that names it. */
export function parseDeliverySettings(raw: Raw): DeliverySettings {
  const problems: string[] = [];
  const read = (key: keyof Raw, fallback: number, min: number, max: number): number => {
    const value = raw[key];
    if (value === undefined || value === null || String(value).trim() === "") return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`);
      return fallback;
    }
    return n;
  };
  const profileName = String(raw.DELIVERY_PROFILE ?? "").trim();
  if (profileName !== "" && profileName !== "default" && profileName !== "free") {
    problems.push(`DELIVERY_PROFILE must be "free", "default" or empty, got ${JSON.stringify(raw.DELIVERY_PROFILE)}.`);
  }
  const free = profileName === "free";
  const settings: DeliverySettings = {
    retryBaseSeconds: read("RETRY_BASE_SECONDS", DEFAULT_DELIVERY.retryBaseSeconds, 0, 3600),
    breakerThreshold: read("BREAKER_THRESHOLD", DEFAULT_DELIVERY.breakerThreshold, 1, 10_000),
    breakerCooldownSeconds: read("BREAKER_COOLDOWN_SECONDS", DEFAULT_DELIVERY.breakerCooldownSeconds, 1, 3600),
    staleClaimSeconds: read("STALE_CLAIM_SECONDS", DEFAULT_DELIVERY.staleClaimSeconds, 1, 86_400),
    stallSeconds: read("STALL_SECONDS", DEFAULT_DELIVERY.stallSeconds, 1, 86_400),
    smtpConnections: read(
      "SMTP_CONNECTIONS",
      free ? FREE_PROFILE.smtpConnections : DEFAULT_DELIVERY.smtpConnections,
      1,
      MAX_SMTP_CONNECTIONS,
    ),
    windowSize: read("WINDOW_SIZE", free ? FREE_PROFILE.windowSize : DEFAULT_DELIVERY.windowSize, 1, MAX_WINDOW_SIZE),
    windowsPerInvocation: free ? FREE_PROFILE.windowsPerInvocation : DEFAULT_DELIVERY.windowsPerInvocation,
    profile: free ? "free" : "default",
    postEmailGraceMs:
      read("POST_EMAIL_GRACE_SECONDS", DEFAULT_DELIVERY.postEmailGraceMs / 1000, 0, MAX_POST_EMAIL_GRACE_SECONDS) *
      1000,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
