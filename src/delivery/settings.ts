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
}

export const DEFAULT_DELIVERY: DeliverySettings = {
  retryBaseSeconds: 30,
  breakerThreshold: 10,
  breakerCooldownSeconds: 300,
  staleClaimSeconds: 600,
  stallSeconds: 120,
  smtpConnections: 6,
};

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
    | "SMTP_CONNECTIONS",
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
  const settings = {
    retryBaseSeconds: read("RETRY_BASE_SECONDS", DEFAULT_DELIVERY.retryBaseSeconds, 0, 3600),
    breakerThreshold: read("BREAKER_THRESHOLD", DEFAULT_DELIVERY.breakerThreshold, 1, 10_000),
    breakerCooldownSeconds: read("BREAKER_COOLDOWN_SECONDS", DEFAULT_DELIVERY.breakerCooldownSeconds, 1, 3600),
    staleClaimSeconds: read("STALE_CLAIM_SECONDS", DEFAULT_DELIVERY.staleClaimSeconds, 1, 86_400),
    stallSeconds: read("STALL_SECONDS", DEFAULT_DELIVERY.stallSeconds, 1, 86_400),
    smtpConnections: read("SMTP_CONNECTIONS", DEFAULT_DELIVERY.smtpConnections, 1, MAX_SMTP_CONNECTIONS),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
