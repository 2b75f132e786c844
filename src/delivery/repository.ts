// D1 storage of deliveries. The only SQL on deliveries (a digest and its audience are stored by
// sends-repository.ts).

export type DeliveryState = "queued" | "sending" | "sent" | "failed" | "skipped";

/** Window numbers of a digest's queued windows after `after`, in order. */
export async function queuedWindows(db: D1Database, digest: number, after: number, limit: number): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT window_no FROM delivery_windows WHERE digest_number = ?1 AND window_no > ?2 AND state = 'queued'
       ORDER BY window_no LIMIT ?3`,
    )
    .bind(digest, after, limit)
    .all<{ window_no: number }>();
  return results.map((r) => r.window_no);
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
 * Digests that are not paused, have queued windows or queued deliveries due by `nowMs`, and saw no
 * delivery activity since `idleSinceMs`: their queue messages were lost (a restart, an eviction)
 * and must be sent again. Both tests read only the partial indexes of open work.
 */
export async function stalledDigests(db: D1Database, idleSinceMs: number, nowMs: number): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT d.number FROM digests d
       WHERE d.paused_ms IS NULL AND COALESCE(d.activity_ms, d.created_ms) < ?1
         AND (EXISTS (SELECT 1 FROM deliveries x WHERE x.state IN ('queued', 'sending') AND x.state = 'queued'
                      AND x.digest_number = d.number AND COALESCE(x.due_ms, 0) <= ?2)
           OR EXISTS (SELECT 1 FROM delivery_windows w WHERE w.state IN ('queued', 'sending') AND w.state = 'queued'
                      AND w.digest_number = d.number))`,
    )
    .bind(idleSinceMs, nowMs)
    .all<{ number: number }>();
  return results.map((r) => r.number);
}

export const UNKNOWN_MID_SEND = "outcome unknown: the sender stopped mid-send";

/**
 * The edition of the recipient `j` (json_each of the window `w`'s subscriber_ids): its own in a window
 * of several editions, else the window's.
 */
export const RECIPIENT_EDITION = "COALESCE(w.editions ->> j.key, w.edition)";

/**
 * Closes what a sender that died left claimed before `beforeMs`, never to be resent: deliveries
 * claimed one by one, and in each window the recipients of the group under way (claimed, without
 * an outcome). Such a window goes back to the queue for its recipients never tried. With `only`,
 * just that window. Returns the deliveries closed.
 */
export async function closeStaleClaims(
  db: D1Database,
  beforeMs: number,
  nowMs: number,
  only: { digest: number; window: number } | null = null,
): Promise<number> {
  // The same two statements serve the sweep (every window) and one window (?4 and ?5 set).
  const oneWindow = "(?4 IS NULL OR (w.digest_number = ?4 AND w.window_no = ?5))";
  const [rows, members] = await db.batch([
    db
      .prepare(
        `UPDATE deliveries SET state = 'failed', updated_ms = ?2, last_error = ?3
         WHERE state IN ('queued', 'sending') AND state = 'sending' AND updated_ms < ?1 AND ?4 IS NULL`,
      )
      .bind(beforeMs, nowMs, UNKNOWN_MID_SEND, only?.digest ?? null),
    db
      .prepare(
        `INSERT INTO deliveries (digest_number, subscriber_id, state, attempts, last_error, updated_ms, edition)
         SELECT w.digest_number, j.value, 'failed', 1, ?3, ?2, ${RECIPIENT_EDITION}
         FROM delivery_windows w, json_each(w.subscriber_ids) j
         WHERE w.state IN ('queued', 'sending') AND w.state = 'sending' AND w.updated_ms < ?1 AND ${oneWindow}
           AND j.value > w.claimed_from AND j.value <= w.through_id
         ON CONFLICT DO NOTHING`,
      )
      .bind(beforeMs, nowMs, UNKNOWN_MID_SEND, only?.digest ?? null, only?.window ?? null),
    db
      .prepare(
        `UPDATE delivery_windows AS w SET claim = NULL, updated_ms = ?2,
           state = CASE WHEN through_id >= (SELECT MAX(value) FROM json_each(subscriber_ids)) THEN 'done' ELSE 'queued' END
         WHERE w.state IN ('queued', 'sending') AND w.state = 'sending' AND w.updated_ms < ?1 AND ${oneWindow}`,
      )
      .bind(beforeMs, nowMs, UNKNOWN_MID_SEND, only?.digest ?? null, only?.window ?? null),
  ]);
  return (rows?.meta.changes ?? 0) + (members?.meta.changes ?? 0);
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
  /** When the digest was stored: with its number, names its rendering (which never changes). */
  createdMs: number;
}

export async function digestRun(db: D1Database, digest: number): Promise<DigestRun | null> {
  const row = await db
    .prepare(
      `SELECT paused_ms, pause_kind, pause_reason, resume_at_ms, fault_streak, cooldowns, created_ms
       FROM digests WHERE number = ?`,
    )
    .bind(digest)
    .first<{
      paused_ms: number | null;
      pause_kind: "operator" | "cooldown" | null;
      pause_reason: string | null;
      resume_at_ms: number | null;
      fault_streak: number;
      cooldowns: number;
      created_ms: number;
    }>();
  return row
    ? {
        pausedMs: row.paused_ms,
        pauseKind: row.pause_kind,
        pauseReason: row.pause_reason,
        resumeAtMs: row.resume_at_ms,
        faultStreak: row.fault_streak,
        cooldowns: row.cooldowns,
        createdMs: row.created_ms,
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

/** A subscriber as a send needs it. */
export interface Recipient {
  email: string;
  status: string;
  handle: string;
}

const recipientOf = (row: Record<string, unknown>): Recipient => ({
  email: String(row.email),
  status: String(row.status),
  handle: String(row.handle),
});

/** A window this invocation claimed. */
export interface ClaimedWindow {
  /** Its recipients not tried by an earlier claim (above `claimed_from`), ascending. */
  pending: number[];
  /** The last recipient of the first group: the claim covers the pending ones up to it. */
  throughId: number;
  subscribers: Map<number, Recipient>;
  /** The edition each pending recipient gets (0: the digest's own email). */
  editions: Map<number, number>;
}

/**
 * Claims a queued window (queued → sending) for `token`, covering its first `group` recipients not
 * tried yet, and reads their subscribers, in one round trip. Exactly one invocation claims a window,
 * whatever runs at the same time; null when this one did not.
 */
export async function claimWindow(
  db: D1Database,
  digest: number,
  window: number,
  token: string,
  group: number,
  nowMs: number,
): Promise<ClaimedWindow | null> {
  const [claim, subscribers] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `UPDATE delivery_windows SET state = 'sending', claim = ?3, attempts = attempts + 1, updated_ms = ?4,
           claimed_from = through_id,
           through_id = COALESCE(
             (SELECT value FROM json_each(subscriber_ids) WHERE value > through_id ORDER BY value LIMIT 1 OFFSET CAST(?5 AS INTEGER)),
             (SELECT MAX(value) FROM json_each(subscriber_ids)))
         WHERE digest_number = ?1 AND window_no = ?2 AND state = 'queued'
         RETURNING subscriber_ids, claimed_from, through_id, edition, editions`,
      )
      .bind(digest, window, token, nowMs, group - 1),
    db
      .prepare(
        `SELECT s.id, s.email, s.status, s.handle
         FROM delivery_windows w, json_each(w.subscriber_ids) j, subscribers s
         WHERE w.digest_number = ?1 AND w.window_no = ?2 AND w.claim = ?3 AND j.value > w.claimed_from
           AND s.id = j.value`,
      )
      .bind(digest, window, token),
  ]);
  const row = claim?.results[0];
  if (!row) return null;
  const from = Number(row.claimed_from);
  const ids = JSON.parse(String(row.subscriber_ids)) as number[];
  const own = row.editions == null ? null : (JSON.parse(String(row.editions)) as number[]);
  const editions = new Map<number, number>();
  ids.forEach((id, i) => {
    if (id > from) editions.set(id, own?.[i] ?? Number(row.edition ?? 0));
  });
  const pending = [...editions.keys()].sort((a, b) => a - b);
  const map = new Map<number, Recipient>();
  for (const r of subscribers?.results ?? []) map.set(Number(r.id), recipientOf(r));
  return { pending, throughId: Number(row.through_id), subscribers: map, editions };
}

/** Where a window stands, for a message that could not claim it. */
export async function windowState(
  db: D1Database,
  digest: number,
  window: number,
): Promise<{ state: "queued" | "sending" | "done"; updatedMs: number } | null> {
  const row = await db
    .prepare("SELECT state, updated_ms FROM delivery_windows WHERE digest_number = ? AND window_no = ?")
    .bind(digest, window)
    .first<{ state: "queued" | "sending" | "done"; updated_ms: number }>();
  return row ? { state: row.state, updatedMs: row.updated_ms } : null;
}

/** What became of one recipient's send. */
export interface Outcome {
  subscriber: number;
  state: "queued" | "sent" | "failed" | "skipped";
  error: string | null;
  /** A retry's earliest time. */
  dueMs: number | null;
  /** Claimed but never tried (the digest paused first): its attempt does not count. */
  untried: boolean;
  /** The mailbox was refused: the subscriber is suppressed in the same transaction. */
  suppress: boolean;
}

/** Outcomes as one JSON parameter: [subscriber, state, error, due, attempt (0 or 1), edition]. */
const outcomesJson = (outcomes: readonly Outcome[], editions: ReadonlyMap<number, number> = new Map()) =>
  JSON.stringify(
    outcomes.map((o) => [o.subscriber, o.state, o.error, o.dueMs, o.untried ? 0 : 1, editions.get(o.subscriber) ?? 0]),
  );

// The state before a suppression is kept, so that lifting it restores the subscription.
const SUPPRESS = `UPDATE subscribers SET status = 'suppressed', suppressed_reason = ?1, suppressed_at = ?2,
  suppressed_from = CASE WHEN status = 'suppressed' THEN suppressed_from ELSE status END`;

function suppressions(db: D1Database, outcomes: readonly Outcome[], nowIso: string): D1PreparedStatement[] {
  return outcomes
    .filter((o) => o.suppress)
    .map((o) =>
      db.prepare(`${SUPPRESS} WHERE id = ?3`).bind(`hard bounce: ${o.error ?? ""}`.slice(0, 500), nowIso, o.subscriber),
    );
}

/**
 * What a window's claim does after outcomes are written: stay (or cover up to `throughId`), or end:
 * done, or back to the queue, its claim mark after the last recipient tried (those after it untried;
 * without `throughId`, none was tried: the mark goes back to where the claim began).
 */
export type WindowNext = { throughId: number } | { end: "done" } | { end: "queued"; throughId?: number };

/**
 * Writes outcomes of a claimed window and moves or ends its claim, in one transaction: each
 * recipient's delivery row is written once, with its outcome (a refused mailbox's suppression with
 * it). False when the claim was no longer this invocation's (closed as stale meanwhile): send
 * nothing more.
 */
export async function settleWindowGroup(
  db: D1Database,
  digest: number,
  window: number,
  token: string,
  outcomes: readonly Outcome[],
  next: WindowNext,
  nowMs: number,
  nowIso: string,
  /** Each recipient's edition, kept on their row (a retry sends the same email); absent: 0. */
  editions: ReadonlyMap<number, number> = new Map(),
): Promise<boolean> {
  const move =
    "end" in next
      ? db
          .prepare(
            `UPDATE delivery_windows SET state = ?4, claim = NULL, updated_ms = ?5,
               through_id = CASE WHEN ?4 = 'queued' THEN COALESCE(?6, claimed_from) ELSE through_id END
             WHERE digest_number = ?1 AND window_no = ?2 AND claim = ?3 RETURNING 1 AS ok`,
          )
          .bind(digest, window, token, next.end, nowMs, "throughId" in next ? (next.throughId ?? null) : null)
      : db
          .prepare(
            `UPDATE delivery_windows SET through_id = ?4, updated_ms = ?5
             WHERE digest_number = ?1 AND window_no = ?2 AND claim = ?3 RETURNING 1 AS ok`,
          )
          .bind(digest, window, token, next.throughId, nowMs);
  const statements = [move];
  if (outcomes.length > 0) {
    statements.push(
      // A row already there (closed as stale by the sweep) is left as it is.
      db
        .prepare(
          `INSERT INTO deliveries (digest_number, subscriber_id, state, attempts, last_error, updated_ms, sent_ms, due_ms, edition)
           SELECT ?1, value ->> 0, value ->> 1, value ->> 4, value ->> 2, ?2,
             CASE WHEN value ->> 1 = 'sent' THEN ?2 END, value ->> 3, value ->> 5
           FROM json_each(?3) WHERE true
           ON CONFLICT DO NOTHING`,
        )
        .bind(digest, nowMs, outcomesJson(outcomes, editions)),
      ...suppressions(db, outcomes, nowIso),
    );
  }
  const [moved] = await db.batch(statements);
  return (moved?.results.length ?? 0) > 0;
}

/** Deliveries (rows) this call claimed: subscriber id → attempts, this one included; with their subscribers. */
export interface ClaimedRows {
  attempts: Map<number, number>;
  subscribers: Map<number, Recipient>;
  /** Subscriber id → the edition their delivery sends (0: the digest's own email). */
  editions: Map<number, number>;
}

/**
 * Claims the queued deliveries among `ids` (queued → sending) in one round trip, with their
 * subscribers: each delivery is claimed by exactly one invocation, whatever runs at the same time.
 * For retry groups, and deliveries stored before windows.
 */
export async function claimRows(
  db: D1Database,
  digest: number,
  ids: readonly number[],
  nowMs: number,
): Promise<ClaimedRows> {
  const list = JSON.stringify(ids);
  const [claimed, subscribers] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_ms = ?1
         WHERE digest_number = ?2 AND state = 'queued' AND subscriber_id IN (SELECT value FROM json_each(?3))
         RETURNING subscriber_id, attempts, edition`,
      )
      .bind(nowMs, digest, list),
    db
      .prepare("SELECT id, email, status, handle FROM subscribers WHERE id IN (SELECT value FROM json_each(?))")
      .bind(list),
  ]);
  const attempts = new Map<number, number>();
  const editions = new Map<number, number>();
  for (const r of claimed?.results ?? []) {
    attempts.set(Number(r.subscriber_id), Number(r.attempts));
    editions.set(Number(r.subscriber_id), Number(r.edition ?? 0));
  }
  const map = new Map<number, Recipient>();
  for (const r of subscribers?.results ?? []) map.set(Number(r.id), recipientOf(r));
  return { attempts, subscribers: map, editions };
}

/** Settles claimed deliveries (only out of `sending`), in one transaction with any suppression. */
export async function settleRows(
  db: D1Database,
  digest: number,
  outcomes: readonly Outcome[],
  nowMs: number,
  nowIso: string,
): Promise<void> {
  if (outcomes.length === 0) return;
  await db.batch([
    db
      .prepare(
        `UPDATE deliveries SET state = o.value ->> 1, last_error = o.value ->> 2, due_ms = o.value ->> 3,
           attempts = attempts - 1 + (o.value ->> 4), updated_ms = ?2,
           sent_ms = CASE WHEN o.value ->> 1 = 'sent' THEN ?2 ELSE sent_ms END
         FROM json_each(?3) AS o
         WHERE deliveries.digest_number = ?1 AND deliveries.subscriber_id = o.value ->> 0
           AND deliveries.state = 'sending'`,
      )
      .bind(digest, nowMs, outcomesJson(outcomes)),
    ...suppressions(db, outcomes, nowIso),
  ]);
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
  /** Below zero: a post's own email (its send). */
  number: number;
  kind: "digest" | "post";
  subject: string;
  createdAt: string;
  /** A weekly digest's renderings (distinct sets of posts its readers get); null before readers chose. */
  renders: number | null;
  /** Confirmed readers a weekly digest had no post for (no email, not a failure); null before readers chose. */
  nothingFor: number | null;
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
  const [head, counts, windows, failures] = await db.batch<unknown>([
    db
      .prepare(
        `SELECT number, kind, subject, created_at, created_ms, activity_ms, paused_ms, pause_kind, pause_reason,
           resume_at_ms, renders, nothing_for
         FROM digests WHERE number = ?`,
      )
      .bind(digest),
    db.prepare("SELECT state, COUNT(*) AS n FROM deliveries WHERE digest_number = ? GROUP BY state").bind(digest),
    // Recipients of open windows without a delivery row: above the claim's mark they wait (queued);
    // at or below it they are being sent.
    db
      .prepare(
        `SELECT COALESCE(SUM(j.value > w.through_id), 0) AS queued, COALESCE(SUM(j.value <= w.through_id), 0) AS sending
         FROM delivery_windows w, json_each(w.subscriber_ids) j
         WHERE w.digest_number = ?1 AND w.state IN ('queued', 'sending') AND j.value > w.claimed_from
           AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.digest_number = ?1 AND d.subscriber_id = j.value)`,
      )
      .bind(digest),
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
        kind: "digest" | "post";
        renders: number | null;
        nothing_for: number | null;
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
  const open = (windows?.results[0] ?? { queued: 0, sending: 0 }) as { queued: number; sending: number };
  c.queued += open.queued;
  c.sending += open.sending;
  const pause =
    h.paused_ms !== null && h.pause_kind !== null
      ? { kind: h.pause_kind, reason: h.pause_reason ?? "", sinceMs: h.paused_ms, resumesAtMs: h.resume_at_ms }
      : null;
  const unsettled = c.queued + c.sending;
  const idle = (h.activity_ms ?? h.created_ms) < nowMs - stallMs;
  return {
    number: h.number,
    kind: h.kind,
    subject: h.subject,
    createdAt: h.created_at,
    renders: h.renders,
    nothingFor: h.nothing_for,
    state: pause ? "paused" : unsettled === 0 ? "done" : idle ? "stalled" : "sending",
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
