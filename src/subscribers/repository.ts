// D1 storage of subscribers and rate-limit counters.

export type SubscriberStatus = "pending" | "confirmed" | "unsubscribed" | "suppressed";

export interface Subscriber {
  id: number;
  email: string;
  status: SubscriberStatus;
  createdAt: string;
  consentAt: string | null;
  consentMethod: string | null;
  confirmationSentMs: number | null;
  unsubscribedAt: string | null;
  /** The last suppression (a hard bounce or a complaint), kept after it is lifted. */
  suppressedReason: string | null;
  suppressedAt: string | null;
  suppressionLiftedAt: string | null;
}

interface Row {
  id: number;
  email: string;
  status: SubscriberStatus;
  created_at: string;
  consent_at: string | null;
  consent_method: string | null;
  confirmation_sent_ms: number | null;
  unsubscribed_at: string | null;
  suppressed_reason: string | null;
  suppressed_at: string | null;
  suppression_lifted_at: string | null;
}

const fromRow = (r: Row): Subscriber => ({
  id: r.id,
  email: r.email,
  status: r.status,
  createdAt: r.created_at,
  consentAt: r.consent_at,
  consentMethod: r.consent_method,
  confirmationSentMs: r.confirmation_sent_ms,
  unsubscribedAt: r.unsubscribed_at,
  suppressedReason: r.suppressed_reason,
  suppressedAt: r.suppressed_at,
  suppressionLiftedAt: r.suppression_lifted_at,
});

export async function findByEmail(db: D1Database, email: string): Promise<Subscriber | null> {
  const row = await db.prepare("SELECT * FROM subscribers WHERE email = ?").bind(email).first<Row>();
  return row ? fromRow(row) : null;
}

export async function findById(db: D1Database, id: number): Promise<Subscriber | null> {
  const row = await db.prepare("SELECT * FROM subscribers WHERE id = ?").bind(id).first<Row>();
  return row ? fromRow(row) : null;
}

/** Adds a pending subscriber, or returns the existing row when the address is already known. */
export async function insertPending(db: D1Database, email: string, nowIso: string): Promise<Subscriber> {
  const row = await db
    .prepare(
      `INSERT INTO subscribers (email, status, created_at) VALUES (?, 'pending', ?)
       ON CONFLICT (email) DO UPDATE SET email = email RETURNING *`,
    )
    .bind(email, nowIso)
    .first<Row>();
  if (!row) throw new Error("insert returned no row");
  return fromRow(row);
}

/** An unsubscribed address opting in again goes back to pending. */
export async function reopen(db: D1Database, id: number): Promise<void> {
  await db.prepare("UPDATE subscribers SET status = 'pending' WHERE id = ? AND status = 'unsubscribed'").bind(id).run();
}

/**
 * Claims the right to send a confirmation email now: true when none was sent in the last
 * `intervalMs` (atomic, so two requests at once send one email).
 */
export async function claimConfirmationSend(
  db: D1Database,
  id: number,
  nowMs: number,
  intervalMs: number,
): Promise<boolean> {
  const res = await db
    .prepare(
      `UPDATE subscribers SET confirmation_sent_ms = ?1 WHERE id = ?2 AND status = 'pending'
       AND (confirmation_sent_ms IS NULL OR confirmation_sent_ms <= ?1 - ?3)`,
    )
    .bind(nowMs, id, intervalMs)
    .run();
  return res.meta.changes === 1;
}

/** Pending → confirmed, with the consent record. Idempotent. */
export async function markConfirmed(db: D1Database, id: number, nowIso: string, method: string): Promise<void> {
  await db
    .prepare(
      "UPDATE subscribers SET status = 'confirmed', consent_at = ?, consent_method = ? WHERE id = ? AND status = 'pending'",
    )
    .bind(nowIso, method, id)
    .run();
}

/** Any state but suppressed → unsubscribed. Idempotent. */
export async function markUnsubscribed(db: D1Database, id: number, nowIso: string): Promise<void> {
  await db
    .prepare(
      "UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ? WHERE id = ? AND status IN ('pending', 'confirmed')",
    )
    .bind(nowIso, id)
    .run();
}

/** Erases everything stored about an address. */
export async function eraseByEmail(db: D1Database, email: string): Promise<boolean> {
  const res = await db.prepare("DELETE FROM subscribers WHERE email = ?").bind(email).run();
  return res.meta.changes > 0;
}

/** Counts a request against a fixed window; false when the limit is already reached. */
export async function takeRateLimit(
  db: D1Database,
  key: string,
  limit: number,
  windowMs: number,
  nowMs: number,
): Promise<boolean> {
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (key, window_start_ms, count) VALUES (?1, ?2, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN window_start_ms <= ?2 - ?3 THEN 1 ELSE count + 1 END,
         window_start_ms = CASE WHEN window_start_ms <= ?2 - ?3 THEN ?2 ELSE window_start_ms END
       RETURNING count`,
    )
    .bind(key, nowMs, windowMs)
    .first<{ count: number }>();
  return (row?.count ?? 0) <= limit;
}

/** Forgets request counters whose window has passed (they hold client addresses). */
export async function pruneRateLimits(db: D1Database, olderThanMs: number): Promise<void> {
  await db.prepare("DELETE FROM rate_limits WHERE window_start_ms < ?").bind(olderThanMs).run();
}
