// D1 storage of the WebSub hub: subscriptions, deliveries, verifications. The only place that runs SQL on them.

export interface Subscription {
  topic: string;
  callback: string;
  secret: string | null;
  leaseSeconds: number;
  createdMs: number;
  verifiedMs: number;
  expiresMs: number;
  scheduledEtag: string | null;
  deliveredEtag: string | null;
}

interface SubscriptionRow {
  topic: string;
  callback: string;
  secret: string | null;
  lease_seconds: number;
  created_ms: number;
  verified_ms: number;
  expires_ms: number;
  scheduled_etag: string | null;
  delivered_etag: string | null;
}

const subscriptionOf = (r: SubscriptionRow): Subscription => ({
  topic: r.topic,
  callback: r.callback,
  secret: r.secret,
  leaseSeconds: r.lease_seconds,
  createdMs: r.created_ms,
  verifiedMs: r.verified_ms,
  expiresMs: r.expires_ms,
  scheduledEtag: r.scheduled_etag,
  deliveredEtag: r.delivered_etag,
});

/** Records a subscription request whose intent is yet to be verified; returns its id. */
export async function insertVerification(
  db: D1Database,
  mode: "subscribe" | "unsubscribe",
  topic: string,
  callback: string,
  nowMs: number,
): Promise<number> {
  const row = await db
    .prepare(
      `INSERT INTO websub_verifications (mode, topic, callback, state, requested_ms, updated_ms)
       VALUES (?, ?, ?, 'pending', ?4, ?4) RETURNING id`,
    )
    .bind(mode, topic, callback, nowMs)
    .first<{ id: number }>();
  if (!row) throw new Error("the verification request was not stored");
  return row.id;
}

/** Forgets a verification request whose message could not be queued: nothing is left of it. */
export async function deleteVerification(db: D1Database, id: number): Promise<void> {
  await db.prepare("DELETE FROM websub_verifications WHERE id = ?").bind(id).run();
}

/**
 * Takes a pending verification for one more try; returns the number of this try, or null when the
 * request is settled (a message delivered twice) or gone.
 */
export async function claimVerification(db: D1Database, id: number, nowMs: number): Promise<number | null> {
  const row = await db
    .prepare(
      `UPDATE websub_verifications SET attempts = attempts + 1, updated_ms = ?2
       WHERE id = ?1 AND state = 'pending' RETURNING attempts`,
    )
    .bind(id, nowMs)
    .first<{ attempts: number }>();
  return row?.attempts ?? null;
}

/** Records what became of a verification. */
export async function settleVerification(
  db: D1Database,
  id: number,
  state: "pending" | "verified" | "refused" | "failed",
  reason: string | null,
  nowMs: number,
  /** The try was put off before any request went out: it does not count. */
  options: { uncount?: boolean } = {},
): Promise<void> {
  await db
    .prepare(
      "UPDATE websub_verifications SET state = ?, reason = ?, attempts = attempts - ?, updated_ms = ? WHERE id = ?",
    )
    .bind(state, reason, options.uncount ? 1 : 0, nowMs, id)
    .run();
}

/** Subscriptions now live on a topic and on a callback host, and whether this one exists already. */
export async function subscriptionCounts(
  db: D1Database,
  s: { topic: string; callback: string; host: string; nowMs: number },
): Promise<{ exists: boolean; onTopic: number; onHost: number }> {
  const row = await db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM websub_subscriptions WHERE topic = ?1 AND callback = ?2) AS present,
         (SELECT count(*) FROM websub_subscriptions WHERE topic = ?1 AND expires_ms > ?4) AS on_topic,
         (SELECT count(*) FROM websub_subscriptions WHERE callback_host = ?3 AND expires_ms > ?4) AS on_host`,
    )
    .bind(s.topic, s.callback, s.host, s.nowMs)
    .first<{ present: number; on_topic: number; on_host: number }>();
  return { exists: row?.present === 1, onTopic: row?.on_topic ?? 0, onHost: row?.on_host ?? 0 };
}

/**
 * Stores a verified subscription, or renews it (new lease and secret; what was delivered is kept).
 * A new subscription starts from the document as it is now: only later changes are pushed. A new
 * one is stored only while its topic and its callback host are under their caps, checked in the
 * same statement; returns false when it was not stored.
 */
export async function upsertSubscription(
  db: D1Database,
  s: {
    topic: string;
    callback: string;
    host: string;
    secret: string | null;
    leaseSeconds: number;
    nowMs: number;
    etag: string | null;
  },
  caps: { perTopic: number; perHost: number },
): Promise<boolean> {
  const res = await db
    .prepare(
      `INSERT INTO websub_subscriptions
         (topic, callback, secret, lease_seconds, created_ms, verified_ms, expires_ms, scheduled_etag, delivered_etag, callback_host)
       SELECT ?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?7, ?8
       WHERE EXISTS (SELECT 1 FROM websub_subscriptions WHERE topic = ?1 AND callback = ?2)
         OR ((SELECT count(*) FROM websub_subscriptions WHERE topic = ?1 AND expires_ms > ?5) < ?9
           AND (SELECT count(*) FROM websub_subscriptions WHERE callback_host = ?8 AND expires_ms > ?5) < ?10)
       ON CONFLICT (topic, callback) DO UPDATE SET
         secret = ?3, lease_seconds = ?4, verified_ms = ?5, expires_ms = ?6, callback_host = ?8`,
    )
    .bind(
      s.topic,
      s.callback,
      s.secret,
      s.leaseSeconds,
      s.nowMs,
      s.nowMs + s.leaseSeconds * 1000,
      s.etag,
      s.host,
      caps.perTopic,
      caps.perHost,
    )
    .run();
  return res.meta.changes > 0;
}

export async function deleteSubscription(db: D1Database, topic: string, callback: string): Promise<boolean> {
  const res = await db
    .prepare("DELETE FROM websub_subscriptions WHERE topic = ? AND callback = ?")
    .bind(topic, callback)
    .run();
  return res.meta.changes > 0;
}

export async function getSubscription(db: D1Database, topic: string, callback: string): Promise<Subscription | null> {
  const row = await db
    .prepare("SELECT * FROM websub_subscriptions WHERE topic = ? AND callback = ?")
    .bind(topic, callback)
    .first<SubscriptionRow>();
  return row ? subscriptionOf(row) : null;
}

/** Every topic subscriptions are stored under, as stored. */
export async function storedTopics(db: D1Database): Promise<string[]> {
  const { results } = await db.prepare("SELECT DISTINCT topic FROM websub_subscriptions").all<{ topic: string }>();
  return results.map((r) => r.topic);
}

/**
 * Moves the subscriptions stored under the topic spelling `from` to `to`. A callback subscribed under
 * both keeps one subscription, the one verified last (its secret and lease); deliveries on their way
 * follow.
 */
export async function moveSubscriptions(db: D1Database, from: string, to: string): Promise<void> {
  const columns =
    "secret, lease_seconds, created_ms, verified_ms, expires_ms, scheduled_etag, delivered_etag, callback_host";
  await db.batch([
    db
      .prepare(
        `INSERT INTO websub_subscriptions (topic, callback, ${columns})
         SELECT ?2, callback, ${columns} FROM websub_subscriptions WHERE topic = ?1
         ON CONFLICT (topic, callback) DO UPDATE SET
           secret = excluded.secret, lease_seconds = excluded.lease_seconds, created_ms = excluded.created_ms,
           verified_ms = excluded.verified_ms, expires_ms = excluded.expires_ms,
           scheduled_etag = excluded.scheduled_etag, delivered_etag = excluded.delivered_etag,
           callback_host = excluded.callback_host
         WHERE excluded.verified_ms > websub_subscriptions.verified_ms`,
      )
      .bind(from, to),
    db
      .prepare("UPDATE websub_deliveries SET topic = ?2 WHERE topic = ?1 AND state IN ('queued', 'sending')")
      .bind(from, to),
    db.prepare("DELETE FROM websub_subscriptions WHERE topic = ?").bind(from),
  ]);
}

/** Callbacks stored without their host name (before migration 0017). */
export async function callbacksWithoutHost(db: D1Database): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT DISTINCT callback FROM websub_subscriptions WHERE callback_host IS NULL LIMIT 500")
    .all<{ callback: string }>();
  return results.map((r) => r.callback);
}

export async function setCallbackHosts(db: D1Database, hosts: { callback: string; host: string }[]): Promise<void> {
  if (hosts.length === 0) return;
  await db.batch(
    hosts.map(({ callback, host }) =>
      db.prepare("UPDATE websub_subscriptions SET callback_host = ? WHERE callback = ?").bind(host, callback),
    ),
  );
}

/** Topics with at least one live subscription. */
export async function liveTopics(db: D1Database, nowMs: number): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT DISTINCT topic FROM websub_subscriptions WHERE expires_ms > ? ORDER BY topic")
    .bind(nowMs)
    .all<{ topic: string }>();
  return results.map((r) => r.topic);
}

/**
 * Queues one delivery of the document `etag` to each live subscriber of `topic` that has not had one
 * queued for it yet; returns the new deliveries (id and callback). One transaction: two distributions
 * at once queue each delivery once.
 */
export async function scheduleDeliveries(
  db: D1Database,
  topic: string,
  etag: string,
  nowMs: number,
): Promise<{ id: number; callback: string }[]> {
  const due = "topic = ?1 AND expires_ms > ?3 AND scheduled_etag IS NOT ?2";
  const [inserted] = await db.batch<{ id: number; callback: string }>([
    db
      .prepare(
        `INSERT INTO websub_deliveries (topic, callback, etag, state, created_ms, updated_ms)
         SELECT topic, callback, ?2, 'queued', ?3, ?3 FROM websub_subscriptions WHERE ${due} RETURNING id, callback`,
      )
      .bind(topic, etag, nowMs),
    db.prepare(`UPDATE websub_subscriptions SET scheduled_etag = ?2 WHERE ${due}`).bind(topic, etag, nowMs),
  ]);
  return inserted?.results ?? [];
}

export interface Delivery {
  id: number;
  topic: string;
  callback: string;
  etag: string;
  state: string;
  attempts: number;
}

/** Claims a queued delivery (or one whose sender died) for sending; null when another has it or it is settled. */
export async function claimDelivery(
  db: D1Database,
  id: number,
  nowMs: number,
  staleMs: number,
): Promise<Delivery | null> {
  return db
    .prepare(
      `UPDATE websub_deliveries SET state = 'sending', attempts = attempts + 1, updated_ms = ?2
       WHERE id = ?1 AND (state = 'queued' OR (state = 'sending' AND updated_ms < ?2 - ?3))
       RETURNING id, topic, callback, etag, state, attempts`,
    )
    .bind(id, nowMs, staleMs)
    .first<Delivery>();
}

/** Gives a claimed delivery back, put off before any request went out: the claim does not count as a try. */
export async function releaseDelivery(db: D1Database, id: number, note: string, nowMs: number): Promise<void> {
  await db
    .prepare(
      "UPDATE websub_deliveries SET state = 'queued', attempts = attempts - 1, last_error = ?2, updated_ms = ?3 WHERE id = ?1",
    )
    .bind(id, note, nowMs)
    .run();
}

export type DeliveryEnd = "delivered" | "failed" | "gone" | "dropped" | "queued";

/** Settles a claimed delivery (or gives it back to `queued` for a retry). */
export async function settleDelivery(
  db: D1Database,
  id: number,
  state: DeliveryEnd,
  details: { status?: number | null; error?: string | null; nowMs: number },
): Promise<void> {
  await db
    .prepare(
      `UPDATE websub_deliveries SET state = ?2, last_status = ?3, last_error = ?4, updated_ms = ?5,
         delivered_ms = CASE WHEN ?2 = 'delivered' THEN ?5 END
       WHERE id = ?1`,
    )
    .bind(id, state, details.status ?? null, details.error ?? null, details.nowMs)
    .run();
}

/** Notes the document a subscriber accepted. */
export async function markDelivered(db: D1Database, topic: string, callback: string, etag: string): Promise<void> {
  await db
    .prepare("UPDATE websub_subscriptions SET delivered_etag = ? WHERE topic = ? AND callback = ?")
    .bind(etag, topic, callback)
    .run();
}

/** What the hub knows of a callback origin's answers. */
export interface OriginRecord {
  origin: string;
  /** Requests in a row it did not answer in time, or at all. */
  strikes: number;
  /** No request to it before then. */
  pausedUntilMs: number;
  /** Its last answer in time, if any. */
  answeredMs: number | null;
}

interface OriginRow {
  origin: string;
  strikes: number;
  paused_until_ms: number;
  answered_ms: number | null;
}

const originOf = (r: OriginRow): OriginRecord => ({
  origin: r.origin,
  strikes: r.strikes,
  pausedUntilMs: r.paused_until_ms,
  answeredMs: r.answered_ms,
});

/** Every origin the hub has a record of. */
export async function originRecords(db: D1Database): Promise<Map<string, OriginRecord>> {
  const { results } = await db.prepare("SELECT * FROM websub_origins").all<OriginRow>();
  return new Map(results.map((r) => [r.origin, originOf(r)]));
}

/**
 * May a request go to `origin` now? Yes when it has no strikes; when it has, only once its pause is
 * over, and then to one request, which holds the origin for `holdMs` (others wait for its outcome).
 * Returns when the origin may be tried again otherwise.
 */
export async function admitOrigin(
  db: D1Database,
  origin: string,
  nowMs: number,
  holdMs: number,
): Promise<{ admitted: true } | { admitted: false; untilMs: number }> {
  const row = await db
    .prepare("SELECT strikes, paused_until_ms FROM websub_origins WHERE origin = ?")
    .bind(origin)
    .first<{ strikes: number; paused_until_ms: number }>();
  if (!row || row.strikes === 0) return { admitted: true };
  if (row.paused_until_ms > nowMs) return { admitted: false, untilMs: row.paused_until_ms };
  const taken = await db
    .prepare("UPDATE websub_origins SET paused_until_ms = ?3 WHERE origin = ?1 AND paused_until_ms <= ?2")
    .bind(origin, nowMs, nowMs + holdMs)
    .run();
  return taken.meta.changes > 0 ? { admitted: true } : { admitted: false, untilMs: nowMs + holdMs };
}

/**
 * Records how a request to `origin`, sent at `sentMs`, went: an answer in time clears its strikes; no
 * answer in time (or no connection) adds one, unless another failure sent after this request was
 * recorded already, and pauses it for `pauseBaseMs`, doubled with each strike, at most an hour.
 */
export async function recordOrigin(
  db: D1Database,
  origin: string,
  answered: boolean,
  sentMs: number,
  nowMs: number,
  pauseBaseMs: number,
): Promise<void> {
  if (answered) {
    await db
      .prepare(
        `INSERT INTO websub_origins (origin, strikes, paused_until_ms, answered_ms, updated_ms) VALUES (?1, 0, 0, ?2, ?2)
         ON CONFLICT (origin) DO UPDATE SET strikes = 0, paused_until_ms = 0, answered_ms = ?2, updated_ms = ?2`,
      )
      .bind(origin, nowMs)
      .run();
    return;
  }
  await db
    .prepare(
      `INSERT INTO websub_origins (origin, strikes, paused_until_ms, updated_ms) VALUES (?1, 1, ?2 + ?4, ?2)
       ON CONFLICT (origin) DO UPDATE SET
         strikes = CASE WHEN strikes > 0 AND updated_ms >= ?3 THEN strikes ELSE strikes + 1 END,
         paused_until_ms = ?2 + min(3600000, ?4 * (1 << min(12, CASE WHEN strikes > 0 AND updated_ms >= ?3 THEN strikes - 1 ELSE strikes END))),
         updated_ms = ?2`,
    )
    .bind(origin, nowMs, sentMs, pauseBaseMs)
    .run();
}

/** The content version last handed to subscribers, and the current one. */
export async function distributionState(db: D1Database): Promise<{ distributed: number; current: number }> {
  const row = await db
    .prepare(
      "SELECT w.distributed_version AS distributed, s.content_version AS current FROM websub_state w, site_state s",
    )
    .first<{ distributed: number; current: number }>();
  return row ?? { distributed: 0, current: 0 };
}

export async function markDistributed(db: D1Database, version: number): Promise<void> {
  await db
    .prepare("UPDATE websub_state SET distributed_version = max(distributed_version, ?) WHERE id = 1")
    .bind(version)
    .run();
}

/**
 * Housekeeping: drops expired subscriptions and old settled records, and returns the deliveries
 * left queued (their message lost) or cut off mid-send, to be queued again.
 */
export async function sweepWebSub(
  db: D1Database,
  nowMs: number,
  limits: { keepMs: number; staleClaimMs: number; longestRetryMs: number },
): Promise<{ expired: number; requeue: number[] }> {
  const [expired, , , , stuck] = await db.batch<{ id: number }>([
    db.prepare("DELETE FROM websub_subscriptions WHERE expires_ms <= ?").bind(nowMs),
    db
      .prepare("DELETE FROM websub_deliveries WHERE state NOT IN ('queued', 'sending') AND updated_ms < ?")
      .bind(nowMs - limits.keepMs),
    // A request still pending after this long lost its queue message: it is forgotten too.
    db.prepare("DELETE FROM websub_verifications WHERE updated_ms < ?").bind(nowMs - limits.keepMs),
    db.prepare("DELETE FROM websub_origins WHERE updated_ms < ?").bind(nowMs - limits.keepMs),
    // A queued delivery waits at most the longest retry delay for its message; a claim this old was cut off.
    db
      .prepare(
        `SELECT id FROM websub_deliveries
         WHERE (state = 'queued' AND updated_ms < ?) OR (state = 'sending' AND updated_ms < ?)
         ORDER BY id LIMIT 1000`,
      )
      .bind(nowMs - limits.longestRetryMs, nowMs - limits.staleClaimMs),
  ]);
  return { expired: expired?.meta.changes ?? 0, requeue: (stuck?.results ?? []).map((r) => r.id) };
}

/** What the admin status shows. */
export interface WebSubStatus {
  subscriptions: Subscription[];
  /** Callback origins with strikes: their requests wait in the later lane. */
  pausedOrigins: OriginRecord[];
  deliveryCounts: Record<string, number>;
  deliveries: {
    id: number;
    topic: string;
    callback: string;
    state: string;
    attempts: number;
    lastStatus: number | null;
    lastError: string | null;
    createdMs: number;
    updatedMs: number;
    deliveredMs: number | null;
  }[];
  verifications: {
    id: number;
    mode: string;
    topic: string;
    callback: string;
    state: string;
    reason: string | null;
    attempts: number;
    requestedMs: number;
    updatedMs: number;
  }[];
}

/** A row with its snake_case column names as the camelCase names the status uses. */
function camelCased<T>(row: Record<string, unknown>): T {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  ) as T;
}

export async function readWebSubStatus(db: D1Database, limit: number): Promise<WebSubStatus> {
  const [subs, origins, counts, deliveries, verifications] = await db.batch<Record<string, unknown>>([
    db.prepare("SELECT * FROM websub_subscriptions ORDER BY topic, callback"),
    db.prepare("SELECT * FROM websub_origins WHERE strikes > 0 ORDER BY origin"),
    db.prepare("SELECT state, count(*) AS n FROM websub_deliveries GROUP BY state"),
    db
      .prepare(
        `SELECT id, topic, callback, state, attempts, last_status, last_error, created_ms, updated_ms, delivered_ms
       FROM websub_deliveries ORDER BY id DESC LIMIT ?`,
      )
      .bind(limit),
    db
      .prepare(
        `SELECT id, mode, topic, callback, state, reason, attempts, requested_ms, updated_ms
       FROM websub_verifications ORDER BY id DESC LIMIT ?`,
      )
      .bind(limit),
  ]);
  const rows = <T>(r: D1Result<Record<string, unknown>> | undefined) => (r?.results ?? []) as T[];
  return {
    subscriptions: rows<SubscriptionRow>(subs).map(subscriptionOf),
    pausedOrigins: rows<OriginRow>(origins).map(originOf),
    deliveryCounts: Object.fromEntries(rows<{ state: string; n: number }>(counts).map((r) => [r.state, r.n])),
    deliveries: rows<Record<string, unknown>>(deliveries).map((r) => camelCased<WebSubStatus["deliveries"][number]>(r)),
    verifications: rows<Record<string, unknown>>(verifications).map((r) =>
      camelCased<WebSubStatus["verifications"][number]>(r),
    ),
  };
}
