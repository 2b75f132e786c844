// D1 storage of deliveries and of the digest that starts them. The only SQL on deliveries.
import { forgetRenditions } from "../cache/memo.ts";
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
             email_html, email_text, web_html, web_text, last_modified_ms, activity_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
          d.createdMs,
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
    // The content version moved: this isolate's memoised pages (the digest archive) are stale.
    forgetRenditions();
    return true;
  } catch (error) {
    if (/UNIQUE|PRIMARY KEY|constraint/i.test(String(error))) return false;
    throw error;
  }
}

/** Subscriber ids of queued deliveries after `after`, in order; with `dueMs`, only those due by then. */
export async function queuedPage(
  db: D1Database,
  digest: number,
  after: number,
  limit: number,
  dueMs: number | null = null,
): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT subscriber_id FROM deliveries WHERE digest_number = ?1 AND state = 'queued' AND subscriber_id > ?2
         AND (?4 IS NULL OR COALESCE(due_ms, 0) <= ?4)
       ORDER BY subscriber_id LIMIT ?3`,
    )
    .bind(digest, after, limit, dueMs)
    .all<{ subscriber_id: number }>();
  return results.map((r) => r.subscriber_id);
}

/**
 * Digests that are not paused, have queued deliveries due by `nowMs`, and saw no delivery activity
 * since `idleSinceMs`: their queue messages were lost (a restart, an eviction) and must be sent again.
 */
export async function stalledDigests(db: D1Database, idleSinceMs: number, nowMs: number): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT d.number FROM digests d
       WHERE d.paused_ms IS NULL AND COALESCE(d.activity_ms, d.created_ms) < ?1
         AND EXISTS (SELECT 1 FROM deliveries x WHERE x.digest_number = d.number AND x.state = 'queued'
                     AND COALESCE(x.due_ms, 0) <= ?2)`,
    )
    .bind(idleSinceMs, nowMs)
    .all<{ number: number }>();
  return results.map((r) => r.number);
}

/** Closes deliveries claimed before `beforeMs` and never settled: the sender died; never resent. */
export async function closeStaleClaims(db: D1Database, beforeMs: number, nowMs: number): Promise<number> {
  const res = await db
    .prepare(
      `UPDATE deliveries SET state = 'failed', updated_ms = ?2,
         last_error = 'outcome unknown: the sender stopped mid-send'
       WHERE state = 'sending' AND updated_ms < ?1`,
    )
    .bind(beforeMs, nowMs)
    .run();
  return res.meta.changes;
}

/** The breaker's view of a digest: paused or not, why, and the failures in a row. */
export interface DigestRun {
  pausedMs: number | null;
  pauseKind: "operator" | "cooldown" | null;
  pauseReason: string | null;
  resumeAtMs: number | null;
  faultStreak: number;
  /** Cooldown pauses in a row, with no message sent in between. */
  cooldowns: number;
}

export async function digestRun(db: D1Database, digest: number): Promise<DigestRun | null> {
  const row = await db
    .prepare(
      "SELECT paused_ms, pause_kind, pause_reason, resume_at_ms, fault_streak, cooldowns FROM digests WHERE number = ?",
    )
    .bind(digest)
    .first<{
      paused_ms: number | null;
      pause_kind: "operator" | "cooldown" | null;
      pause_reason: string | null;
      resume_at_ms: number | null;
      fault_streak: number;
      cooldowns: number;
    }>();
  return row
    ? {
        pausedMs: row.paused_ms,
        pauseKind: row.pause_kind,
        pauseReason: row.pause_reason,
        resumeAtMs: row.resume_at_ms,
        faultStreak: row.fault_streak,
        cooldowns: row.cooldowns,
      }
    : null;
}

/**
 * Pauses a digest that is not paused yet. A cooldown pause resumes itself after `cooldownMs`,
 * doubled for each cooldown before it with no message sent in between, at most `maxCooldownMs`.
 * Returns the pause, or null when the digest was already paused.
 */
export async function pauseDigest(
  db: D1Database,
  digest: number,
  p: {
    kind: "operator" | "cooldown";
    reason: string;
    nowMs: number;
    /** When the failed send was tried: a digest resumed since then is not paused by it. */
    triedMs: number;
    cooldownMs: number;
    maxCooldownMs: number;
  },
): Promise<{ pausedMs: number; resumeAtMs: number | null } | null> {
  const row = await db
    .prepare(
      `UPDATE digests SET paused_ms = ?2, pause_kind = ?3, pause_reason = ?4,
         cooldowns = cooldowns + (?3 = 'cooldown'),
         resume_at_ms = CASE WHEN ?3 = 'cooldown' THEN ?2 + MIN(?6, ?5 * (1 << MIN(cooldowns, 16))) ELSE NULL END
       WHERE number = ?1 AND paused_ms IS NULL AND COALESCE(resumed_ms, 0) <= ?7
       RETURNING paused_ms, resume_at_ms`,
    )
    .bind(digest, p.nowMs, p.kind, p.reason.slice(0, 500), p.cooldownMs, p.maxCooldownMs, p.triedMs)
    .first<{ paused_ms: number; resume_at_ms: number | null }>();
  return row ? { pausedMs: row.paused_ms, resumeAtMs: row.resume_at_ms } : null;
}

/**
 * Lifts a pause. With `pausedMs`, only that very cooldown pause (a delayed resume message must not
 * lift a later pause the operator has to look at). True when the digest was paused and now is not.
 */
export async function resumeDigest(
  db: D1Database,
  digest: number,
  nowMs: number,
  pausedMs: number | null = null,
): Promise<boolean> {
  const res = await db
    .prepare(
      `UPDATE digests SET paused_ms = NULL, pause_kind = NULL, pause_reason = NULL, resume_at_ms = NULL,
         fault_streak = 0, activity_ms = ?2, resumed_ms = ?2
       WHERE number = ?1 AND paused_ms IS NOT NULL
         AND (?3 IS NULL OR (paused_ms = ?3 AND pause_kind = 'cooldown'))`,
    )
    .bind(digest, nowMs, pausedMs)
    .run();
  return res.meta.changes === 1;
}

/** Cooldown pauses whose time has come (a backup for a lost resume message). */
export async function dueCooldowns(db: D1Database, nowMs: number): Promise<{ digest: number; pausedMs: number }[]> {
  const { results } = await db
    .prepare("SELECT number, paused_ms FROM digests WHERE pause_kind = 'cooldown' AND resume_at_ms <= ?")
    .bind(nowMs)
    .all<{ number: number; paused_ms: number }>();
  return results.map((r) => ({ digest: r.number, pausedMs: r.paused_ms }));
}

/**
 * One more failed send in a row; returns the streak. A send tried before the digest was last
 * resumed counts for nothing (0): the resume already started the streak again.
 */
export async function recordFault(db: D1Database, digest: number, triedMs: number): Promise<number> {
  return (
    (await db
      .prepare(
        `UPDATE digests SET fault_streak = fault_streak + 1
         WHERE number = ? AND COALESCE(resumed_ms, 0) <= ? RETURNING fault_streak`,
      )
      .bind(digest, triedMs)
      .first<number>("fault_streak")) ?? 0
  );
}

/** A message went out: the streak of failures, and of cooldowns, is broken. */
export async function clearFaults(db: D1Database, digest: number): Promise<void> {
  await db
    .prepare(
      "UPDATE digests SET fault_streak = 0, cooldowns = 0 WHERE number = ? AND (fault_streak > 0 OR cooldowns > 0)",
    )
    .bind(digest)
    .run();
}

/** Notes that the digest's deliveries moved at `nowMs`. */
export async function touchDigest(db: D1Database, digest: number, nowMs: number): Promise<void> {
  await db.prepare("UPDATE digests SET activity_ms = ? WHERE number = ?").bind(nowMs, digest).run();
}

/** D1 binds at most 100 values in one statement: lists of ids are cut to this many. */
const IDS_PER_STATEMENT = 90;

function chunks<T>(items: readonly T[], size = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

export interface Claimed {
  /** The deliveries this call claimed (queued → sending): subscriber id → attempts, this one included. */
  attempts: Map<number, number>;
  /** Each claimed delivery's subscriber, if the row still exists. */
  subscribers: Map<number, { email: string; status: string; handle: string }>;
}

/**
 * Claims the queued deliveries among `ids` (queued → sending) in one round trip, with their
 * subscribers: each delivery is claimed by exactly one invocation, whatever runs at the same time.
 */
export async function claimMany(
  db: D1Database,
  digest: number,
  ids: readonly number[],
  nowMs: number,
): Promise<Claimed> {
  const statements = chunks(ids).flatMap((part) => [
    db
      .prepare(
        `UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_ms = ?
         WHERE digest_number = ? AND state = 'queued' AND subscriber_id IN (${marks(part.length)})
         RETURNING subscriber_id, attempts`,
      )
      .bind(nowMs, digest, ...part),
    db.prepare(`SELECT id, email, status, handle FROM subscribers WHERE id IN (${marks(part.length)})`).bind(...part),
  ]);
  const results = await db.batch<Record<string, unknown>>(statements);
  const attempts = new Map<number, number>();
  const subscribers = new Map<number, { email: string; status: string; handle: string }>();
  results.forEach((r, i) => {
    for (const row of r.results) {
      if (i % 2 === 0) attempts.set(Number(row.subscriber_id), Number(row.attempts));
      else {
        subscribers.set(Number(row.id), {
          email: String(row.email),
          status: String(row.status),
          handle: String(row.handle),
        });
      }
    }
  });
  return { attempts, subscribers };
}

/** Deliveries sent, settled at once (only out of `sending`). */
export async function settleSent(db: D1Database, digest: number, ids: readonly number[], nowMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.batch(
    chunks(ids).map((part) =>
      db
        .prepare(
          `UPDATE deliveries SET state = 'sent', last_error = NULL, due_ms = NULL, updated_ms = ?1, sent_ms = ?1
           WHERE digest_number = ?2 AND state = 'sending' AND subscriber_id IN (${marks(part.length)})`,
        )
        .bind(nowMs, digest, ...part),
    ),
  );
}

/** Claimed deliveries never tried (their digest paused meanwhile) go back to queued, their attempt undone. */
export async function unclaim(db: D1Database, digest: number, ids: readonly number[], nowMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.batch(
    chunks(ids).map((part) =>
      db
        .prepare(
          `UPDATE deliveries SET state = 'queued', attempts = attempts - 1, updated_ms = ?
           WHERE digest_number = ? AND state = 'sending' AND subscriber_id IN (${marks(part.length)})`,
        )
        .bind(nowMs, digest, ...part),
    ),
  );
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
  dueMs: number | null = null,
): Promise<boolean> {
  const res = await db
    .prepare(
      `UPDATE deliveries SET state = ?1, last_error = ?2, updated_ms = ?3, due_ms = ?7,
         sent_ms = CASE WHEN ?1 = 'sent' THEN ?3 ELSE sent_ms END
       WHERE digest_number = ?4 AND subscriber_id = ?5 AND state = ?6`,
    )
    .bind(to, error, nowMs, digest, subscriber, from, dueMs)
    .run();
  return res.meta.changes === 1;
}

// The state before a suppression is kept, so that lifting it restores the subscription.
const SUPPRESS = `UPDATE subscribers SET status = 'suppressed', suppressed_reason = ?1, suppressed_at = ?2,
  suppressed_from = CASE WHEN status = 'suppressed' THEN suppressed_from ELSE status END`;

/**
 * A hard bounce at send time, in one transaction: the delivery fails (out of `sending`) and the
 * address is suppressed, so a retry can never find one done without the other.
 */
export async function failAndSuppress(
  db: D1Database,
  digest: number,
  subscriberId: number,
  reason: string,
  nowMs: number,
  nowIso: string,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `UPDATE deliveries SET state = 'failed', last_error = ?, updated_ms = ?, due_ms = NULL
         WHERE digest_number = ? AND subscriber_id = ? AND state = 'sending'`,
      )
      .bind(reason, nowMs, digest, subscriberId),
    db.prepare(`${SUPPRESS} WHERE id = ?3`).bind(`hard bounce: ${reason}`.slice(0, 500), nowIso, subscriberId),
  ]);
}

/** The same, by mailbox (for bounce and complaint reports, whatever spelling of the address they name). */
export async function suppressByMailbox(
  db: D1Database,
  mailbox: string,
  reason: string,
  nowIso: string,
): Promise<boolean> {
  const res = await db.prepare(`${SUPPRESS} WHERE mailbox = ?3`).bind(reason.slice(0, 500), nowIso, mailbox).run();
  return res.meta.changes > 0;
}

/**
 * Lifts a suppression the operator found mistaken: the address gets back the state it had
 * (confirmed, pending or unsubscribed). Returns that state, or null when it was not suppressed.
 */
export async function liftSuppression(db: D1Database, mailbox: string, nowIso: string): Promise<string | null> {
  return db
    .prepare(
      `UPDATE subscribers SET
         status = COALESCE(suppressed_from, CASE WHEN consent_at IS NOT NULL THEN 'confirmed' ELSE 'pending' END),
         suppressed_from = NULL, suppression_lifted_at = ?2
       WHERE mailbox = ?1 AND status = 'suppressed' RETURNING status`,
    )
    .bind(mailbox, nowIso)
    .first<string>("status");
}

export interface DigestStatus {
  number: number;
  subject: string;
  createdAt: string;
  /** sending; paused (by the breaker: see `pause`); stalled (queued work, nothing moving); done. */
  state: "sending" | "paused" | "stalled" | "done";
  pause: { kind: "operator" | "cooldown"; reason: string; sinceMs: number; resumesAtMs: number | null } | null;
  counts: Record<DeliveryState, number>;
  total: number;
  failures: { subscriberId: number; email: string | null; attempts: number; reason: string | null }[];
}

/** Counts per state, the pause if any, and the failures with their reasons. */
export async function digestStatus(
  db: D1Database,
  digest: number,
  nowMs: number,
  stallMs: number,
): Promise<DigestStatus | null> {
  const [head, counts, failures] = await db.batch<unknown>([
    db
      .prepare(
        `SELECT number, subject, created_at, created_ms, activity_ms, paused_ms, pause_kind, pause_reason, resume_at_ms
         FROM digests WHERE number = ?`,
      )
      .bind(digest),
    db.prepare("SELECT state, COUNT(*) AS n FROM deliveries WHERE digest_number = ? GROUP BY state").bind(digest),
    db
      .prepare(
        `SELECT d.subscriber_id, s.email, d.attempts, d.last_error FROM deliveries d
         LEFT JOIN subscribers s ON s.id = d.subscriber_id
         WHERE d.digest_number = ? AND d.state = 'failed' ORDER BY d.subscriber_id LIMIT 200`,
      )
      .bind(digest),
  ]);
  const h = head?.results[0] as
    | {
        number: number;
        subject: string;
        created_at: string;
        created_ms: number;
        activity_ms: number | null;
        paused_ms: number | null;
        pause_kind: "operator" | "cooldown" | null;
        pause_reason: string | null;
        resume_at_ms: number | null;
      }
    | undefined;
  if (!h) return null;
  const c: Record<DeliveryState, number> = { queued: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };
  for (const row of (counts?.results ?? []) as { state: DeliveryState; n: number }[]) c[row.state] = row.n;
  const pause =
    h.paused_ms !== null && h.pause_kind !== null
      ? { kind: h.pause_kind, reason: h.pause_reason ?? "", sinceMs: h.paused_ms, resumesAtMs: h.resume_at_ms }
      : null;
  const open = c.queued + c.sending;
  const idle = (h.activity_ms ?? h.created_ms) < nowMs - stallMs;
  return {
    number: h.number,
    subject: h.subject,
    createdAt: h.created_at,
    state: pause ? "paused" : open === 0 ? "done" : idle ? "stalled" : "sending",
    pause,
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
