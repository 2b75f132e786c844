// The hub's settings and fixed limits.

export interface WebSubSettings {
  /** Callbacks on private, loopback and link-local addresses are allowed (npm start sets it). */
  allowPrivate: boolean;
  /** First retry of a failed delivery; each further one waits twice as long, at most an hour. */
  retryBaseSeconds: number;
  /** A verification GET: time allowed for its whole answer, headers and body. */
  verifyTimeoutMs: number;
  /** A push: time allowed for the answer (its body is not read). */
  pushTimeoutMs: number;
}

export const WEBSUB_LIMITS = {
  /** A lease when the subscriber asks for none: 10 days. */
  defaultLeaseSeconds: 10 * 86_400,
  /** The longest lease granted: 30 days (a longer request gets this, and the verification says so). */
  maxLeaseSeconds: 30 * 86_400,
  /** hub.secret must be shorter than 200 bytes (WebSub 5.1). */
  maxSecretBytes: 199,
  /** Tries of one delivery (the first and the retries) before it is given up as failed. */
  deliveryAttempts: 8,
  /** Tries of one verification whose callback could not be reached. */
  verifyAttempts: 3,
  /** A verification GET: time allowed for the whole answer, headers and body together. */
  verifyTimeoutMs: 10_000,
  /**
   * A push: time allowed for the answer. Shorter than a verification's: WebSub asks subscribers to
   * acknowledge a push at once and process it later, and a push waiting here holds a connection
   * another subscriber could use.
   */
  pushTimeoutMs: 5_000,
  /**
   * Requests to callbacks one queue batch has waiting for an answer at once: a Worker invocation may
   * have six connections waiting for response headers; a seventh would wait for one of them, with its
   * time already running.
   */
  connections: 6,
  /** Requests one queue batch sends to one callback origin (scheme, host, port) at once. */
  connectionsPerOrigin: 2,
  /**
   * Subscriptions to one topic: a provincial news site has a handful of aggregators and self-hosted
   * readers per feed; 100 leaves room for many times that, and bounds what one change fans out.
   */
  maxSubscriptionsPerTopic: 100,
  /**
   * Subscriptions whose callbacks are on one host name, all topics together: an aggregator
   * subscribes to a few of the site's feeds from one host; a stranger cannot fill a topic from one.
   */
  maxSubscriptionsPerHost: 50,
  /** Bytes of a verification answer read: a longer body cannot be the challenge. */
  maxEchoBytes: 1024,
  /** Subscription requests per client (IPv4 address or IPv6 /64) per window. */
  requestsPerWindow: 60,
  windowMs: 10 * 60_000,
  /** A delivery claimed this long ago and not settled was cut off (the invocation died): claim it again. */
  staleClaimMs: 2 * 60_000,
  /** Settled deliveries and verifications are kept this long for the status, then pruned. */
  keepMs: 7 * 86_400_000,
} as const;

export function parseWebSubSettings(env: {
  WEBSUB_ALLOW_PRIVATE?: string;
  WEBSUB_RETRY_BASE_SECONDS?: string;
}): WebSubSettings {
  const base = Number(env.WEBSUB_RETRY_BASE_SECONDS ?? "");
  return {
    allowPrivate: env.WEBSUB_ALLOW_PRIVATE === "1" || env.WEBSUB_ALLOW_PRIVATE === "true",
    retryBaseSeconds: Number.isFinite(base) && base >= 1 ? Math.floor(base) : 60,
    verifyTimeoutMs: WEBSUB_LIMITS.verifyTimeoutMs,
    pushTimeoutMs: WEBSUB_LIMITS.pushTimeoutMs,
  };
}

/** Seconds before the retry that follows attempt `attempts` (1, 2, …). */
export function retryDelaySeconds(settings: WebSubSettings, attempts: number): number {
  return Math.min(3600, settings.retryBaseSeconds * 2 ** Math.max(0, attempts - 1));
}
