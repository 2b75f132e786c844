// D1 storage of deliveries and of the digest that starts them. The only SQL on deliveries.
import type { DigestContent } from "../digest/compose.ts";
import type { RenderedDigest } from "../digest/render.ts";

export type DeliveryState = "queued" | "sending" | "sent" | "failed" | "skipped";

/**
 * Stores a composed digest, claims its posts and creates a queued delivery for every confirmed
 * subscriber, in one transaction. Returns false when another run already took the number or
 * any of the posts (nothing is written then).
 */
export async function createDigestWithDeliveries(
  db: D1Database,
  d: { content: DigestContent; email: RenderedDigest; web: RenderedDigest; createdAt: string; createdMs: number },
): Promise<boolean> {
  const n = d.content.number;
  try {
    await db.batch([
      db
        .prepare(
          `INSERT INTO digests (number, created_at, created_ms, subject, preheader, period, content,
             email_html, email_text, web_html, web_text, last_modified_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          n,
          d.createdAt,
          d.createdMs,
          d.content.subject,
          d.content.preheader,
          d.content.period,
          JSON.stringify(d.content),
          d.email.html,
          d.email.text,
          d.web.html,
          d.web.text,
          Math.max(d.createdMs, d.content.lastModifiedMs),
        ),
      ...d.content.postIds.map((id) =>
        db.prepare("INSERT INTO digest_posts (post_id, digest_number) VALUES (?, ?)").bind(id, n),
      ),
      db
        .prepare(
          `INSERT INTO deliveries (digest_number, subscriber_id, state, updated_ms)
           SELECT ?, id, 'queued', ? FROM subscribers WHERE status = 'confirmed'`,
        )
        .bind(n, d.createdMs),
      db.prepare("UPDATE site_state SET content_version = content_version + 1 WHERE id = 1"),
    ]);
    return true;
  } catch (error) {
    if (/UNIQUE|PRIMARY KEY|constraint/i.test(String(error))) return false;
    throw error;
  }
}

/** Subscriber ids of queued deliveries after `after`, in order. */
export async function queuedPage(db: D1Database, digest: number, after: number, limit: number): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT subscriber_id FROM deliveries WHERE digest_number = ? AND state = 'queued' AND subscriber_id > ?
       ORDER BY subscriber_id LIMIT ?`,
    )
    .bind(digest, after, limit)
    .all<{ subscriber_id: number }>();
  return results.map((r) => r.subscriber_id);
}

/** Digests with queued deliveries untouched since `beforeMs` (their fan-out may have been lost). */
export async function stalledDigests(db: D1Database, beforeMs: number): Promise<number[]> {
  const { results } = await db
    .prepare("SELECT DISTINCT digest_number FROM deliveries WHERE state = 'queued' AND updated_ms < ?")
    .bind(beforeMs)
    .all<{ digest_number: number }>();
  return results.map((r) => r.digest_number);
}

/** queued → sending, atomically: true for exactly one claimant. */
export async function claim(db: D1Database, digest: number, subscriber: number, nowMs: number): Promise<boolean> {
  const res = await db
    .prepare(
      `UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_ms = ?
       WHERE digest_number = ? AND subscriber_id = ? AND state = 'queued'`,
    )
    .bind(nowMs, digest, subscriber)
    .run();
  return res.meta.changes === 1;
}

export async function deliveryState(
  db: D1Database,
  digest: number,
  subscriber: number,
): Promise<{ state: DeliveryState; updatedMs: number; attempts: number } | null> {
  const row = await db
    .prepare("SELECT state, updated_ms, attempts FROM deliveries WHERE digest_number = ? AND subscriber_id = ?")
    .bind(digest, subscriber)
    .first<{ state: DeliveryState; updated_ms: number; attempts: number }>();
  return row ? { state: row.state, updatedMs: row.updated_ms, attempts: row.attempts } : null;
}

/** Moves a delivery out of `from` (only from there) to a new state. */
export async function settle(
  db: D1Database,
  digest: number,
  subscriber: number,
  from: DeliveryState,
  to: DeliveryState,
  nowMs: number,
  error: string | null,
): Promise<boolean> {
  const res = await db
    .prepare(
      `UPDATE deliveries SET state = ?, last_error = ?, updated_ms = ?,
         sent_ms = CASE WHEN ? = 'sent' THEN ? ELSE sent_ms END
       WHERE digest_number = ? AND subscriber_id = ? AND state = ?`,
    )
    .bind(to, error, nowMs, to, nowMs, digest, subscriber, from)
    .run();
  return res.meta.changes === 1;
}

/** Suppresses an address after a hard bounce or a complaint: it gets no more mail. */
export async function suppress(db: D1Database, subscriberId: number, reason: string, nowIso: string): Promise<void> {
  await db
    .prepare("UPDATE subscribers SET status = 'suppressed', suppressed_reason = ?, suppressed_at = ? WHERE id = ?")
    .bind(reason.slice(0, 500), nowIso, subscriberId)
    .run();
}

/** The same, by address (for bounce and complaint reports). */
export async function suppressByEmail(db: D1Database, email: string, reason: string, nowIso: string): Promise<boolean> {
  const res = await db
    .prepare("UPDATE subscribers SET status = 'suppressed', suppressed_reason = ?, suppressed_at = ? WHERE email = ?")
    .bind(reason.slice(0, 500), nowIso, email)
    .run();
  return res.meta.changes > 0;
}

export interface DigestStatus {
  number: number;
  subject: string;
  createdAt: string;
  counts: Record<DeliveryState, number>;
  total: number;
  failures: { subscriberId: number; email: string | null; attempts: number; reason: string | null }[];
}

/** Counts per state and the failures with their reasons. */
export async function digestStatus(db: D1Database, digest: number): Promise<DigestStatus | null> {
  const [head, counts, failures] = await db.batch<unknown>([
    db.prepare("SELECT number, subject, created_at FROM digests WHERE number = ?").bind(digest),
    db.prepare("SELECT state, COUNT(*) AS n FROM deliveries WHERE digest_number = ? GROUP BY state").bind(digest),
    db
      .prepare(
        `SELECT d.subscriber_id, s.email, d.attempts, d.last_error FROM deliveries d
         LEFT JOIN subscribers s ON s.id = d.subscriber_id
         WHERE d.digest_number = ? AND d.state = 'failed' ORDER BY d.subscriber_id LIMIT 200`,
      )
      .bind(digest),
  ]);
  const h = head?.results[0] as { number: number; subject: string; created_at: string } | undefined;
  if (!h) return null;
  const c: Record<DeliveryState, number> = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const row of (counts?.results ?? []) as { state: DeliveryState; n: number }[]) c[row.state] = row.n;
  return {
    number: h.number,
    subject: h.subject,
    createdAt: h.created_at,
    counts: c,
    total: Object.values(c).reduce((a, b) => a + b, 0),
    failures: (
      (failures?.results ?? []) as {
        subscriber_id: number;
        email: string | null;
        attempts: number;
        last_error: string | null;
      }[]
    ).map((f) => ({ subscriberId: f.subscriber_id, email: f.email, attempts: f.attempts, reason: f.last_error })),
  };
}

/** How many deliveries a digest has. */
export async function countDeliveries(db: D1Database, digest: number): Promise<number> {
  return (
    (await db
      .prepare("SELECT COUNT(*) AS n FROM deliveries WHERE digest_number = ?")
      .bind(digest)
      .first<number>("n")) ?? 0
  );
}

/** Closes a delivery whose retries ran out as failed, keeping its last error. */
export async function giveUp(db: D1Database, digest: number, subscriber: number, nowMs: number): Promise<void> {
  await db
    .prepare(
      `UPDATE deliveries SET state = 'failed', updated_ms = ?,
         last_error = 'gave up after retries: ' || COALESCE(last_error, 'unknown error')
       WHERE digest_number = ? AND subscriber_id = ? AND state IN ('queued', 'sending')`,
    )
    .bind(nowMs, digest, subscriber)
    .run();
}
