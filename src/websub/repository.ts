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

/** Records what became of a verification (and one more attempt). */
export async function settleVerification(
  db: D1Database,
  id: number,
  state: "pending" | "verified" | "refused" | "failed",
  reason: string | null,
  nowMs: number,
): Promise<void> {
  await db
    .prepare(
      "UPDATE websub_verifications SET state = ?, reason = ?, attempts = attempts + 1, updated_ms = ? WHERE id = ?",
    )
    .bind(state, reason, nowMs, id)
    .run();
}

/**
 * Stores a verified subscription, or renews it (new lease and secret; what was delivered is kept).
 * A new subscription starts from the document as it is now: only later changes are pushed.
 */
export async function upsertSubscription(
  db: D1Database,
  s: {
    topic: string;
    callback: string;
    secret: string | null;
    leaseSeconds: number;
    nowMs: number;
    etag: string | null;
  },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO websub_subscriptions
         (topic, callback, secret, lease_seconds, created_ms, verified_ms, expires_ms, scheduled_etag, delivered_etag)
       VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?7)
       ON CONFLICT (topic, callback) DO UPDATE SET secret = ?3, lease_seconds = ?4, verified_ms = ?5, expires_ms = ?6`,
    )
    .bind(s.topic, s.callback, s.secret, s.leaseSeconds, s.nowMs, s.nowMs + s.leaseSeconds * 1000, s.etag)
    .run();
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
 * queued for it yet; returns the new deliveries' ids. One transaction: two distributions at once
 * queue each delivery once.
 */
export async function scheduleDeliveries(
  db: D1Database,
  topic: string,
  etag: string,
  nowMs: number,
): Promise<number[]> {
  const due = "topic = ?1 AND expires_ms > ?3 AND scheduled_etag IS NOT ?2";
  const [inserted] = await db.batch<{ id: number }>([
    db
      .prepare(
        `INSERT INTO websub_deliveries (topic, callback, etag, state, created_ms, updated_ms)
         SELECT topic, callback, ?2, 'queued', ?3, ?3 FROM websub_subscriptions WHERE ${due} RETURNING id`,
      )
      .bind(topic, etag, nowMs),
    db.prepare(`UPDATE websub_subscriptions SET scheduled_etag = ?2 WHERE ${due}`).bind(topic, etag, nowMs),
  ]);
  return (inserted?.results ?? []).map((r) => r.id);
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
  const [expired, , , stuck] = await db.batch<{ id: number }>([
    db.prepare("DELETE FROM websub_subscriptions WHERE expires_ms <= ?").bind(nowMs),
    db
      .prepare("DELETE FROM websub_deliveries WHERE state NOT IN ('queued', 'sending') AND updated_ms < ?")
      .bind(nowMs - limits.keepMs),
    db
      .prepare("DELETE FROM websub_verifications WHERE state <> 'pending' AND updated_ms < ?")
      .bind(nowMs - limits.keepMs),
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
  const [subs, counts, deliveries, verifications] = await db.batch<Record<string, unknown>>([
    db.prepare("SELECT * FROM websub_subscriptions ORDER BY topic, callback"),
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
    deliveryCounts: Object.fromEntries(rows<{ state: string; n: number }>(counts).map((r) => [r.state, r.n])),
    deliveries: rows<Record<string, unknown>>(deliveries).map((r) => camelCased<WebSubStatus["deliveries"][number]>(r)),
    verifications: rows<Record<string, unknown>>(verifications).map((r) =>
      camelCased<WebSubStatus["verifications"][number]>(r),
    ),
  };
}
