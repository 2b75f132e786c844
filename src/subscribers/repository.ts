// D1 storage of subscribers and rate-limit counters.
import {
  type Choices,
  choicesFromJson,
  choicesJson,
  type Frequency,
  topicsColumn,
  topicsFromColumn,
} from "./choices.ts";
import type { TokenSubject as TokenNames } from "./tokens.ts";

export type SubscriberStatus = "pending" | "confirmed" | "unsubscribed" | "suppressed";

export interface Subscriber {
  id: number;
  /** The public name links carry instead of the id (random; see migration 0015). */
  handle: string;
  email: string;
  mailbox: string;
  status: SubscriberStatus;
  /** Bumped on each new subscription after leaving; confirm tokens sign it. */
  generation: number;
  createdAt: string;
  consentAt: string | null;
  consentMethod: string | null;
  confirmationSentMs: number | null;
  unsubscribedAt: string | null;
  /** The last suppression (a hard bounce or a complaint), kept after it is lifted. */
  suppressedReason: string | null;
  suppressedAt: string | null;
  suppressionLiftedAt: string | null;
  /** What the reader receives (a pending row: what its last confirmation email asked to confirm). */
  choices: Choices;
  /** With the consent record: what the reader confirmed (null before they did). */
  consentChoices: Choices | null;
  /** When the choices last changed. */
  choicesAt: string | null;
}

interface Row {
  id: number;
  handle: string;
  email: string;
  mailbox: string | null;
  status: SubscriberStatus;
  generation: number;
  created_at: string;
  consent_at: string | null;
  consent_method: string | null;
  confirmation_sent_ms: number | null;
  unsubscribed_at: string | null;
  suppressed_reason: string | null;
  suppressed_at: string | null;
  suppression_lifted_at: string | null;
  topics: string;
  frequency: Frequency;
  consent_choices: string | null;
  choices_at: string | null;
}

const fromRow = (r: Row): Subscriber => ({
  id: r.id,
  handle: r.handle,
  email: r.email,
  mailbox: r.mailbox ?? r.email,
  status: r.status,
  generation: r.generation,
  createdAt: r.created_at,
  consentAt: r.consent_at,
  consentMethod: r.consent_method,
  confirmationSentMs: r.confirmation_sent_ms,
  unsubscribedAt: r.unsubscribed_at,
  suppressedReason: r.suppressed_reason,
  suppressedAt: r.suppressed_at,
  suppressionLiftedAt: r.suppression_lifted_at,
  choices: { topics: topicsFromColumn(r.topics), frequency: r.frequency },
  consentChoices: choicesFromJson(r.consent_choices),
  choicesAt: r.choices_at,
});

/**
 * A new subscriber's public handle: 128 random bits as hex, the same expression migration 0015 filled
 * the rows stored before it with (its trigger gives one to a row inserted without).
 */
const NEW_HANDLE = "lower(hex(randomblob(16)))";

/** The subscriber of a mailbox (see address.ts `mailboxKey`), whichever spelling it was stored with. */
export async function findByMailbox(db: D1Database, mailbox: string): Promise<Subscriber | null> {
  const row = await db.prepare("SELECT * FROM subscribers WHERE mailbox = ?").bind(mailbox).first<Row>();
  return row ? fromRow(row) : null;
}

/**
 * Adds a pending subscriber for a mailbox, with the choices asked for, or returns the row the mailbox
 * already has (whatever spelling it was stored with), unchanged: one mailbox is never two subscribers.
 */
export async function insertPending(
  db: D1Database,
  email: string,
  mailbox: string,
  nowIso: string,
  choices: Choices,
): Promise<Subscriber> {
  const row = await db
    .prepare(
      `INSERT INTO subscribers (email, mailbox, status, created_at, handle, topics, frequency, choices_at)
       VALUES (?1, ?2, 'pending', ?3, ${NEW_HANDLE}, ?4, ?5, ?3)
       ON CONFLICT (mailbox) DO UPDATE SET mailbox = mailbox RETURNING *`,
    )
    .bind(email, mailbox, nowIso, topicsColumn(choices.topics), choices.frequency)
    .first<Row>();
  if (!row) throw new Error("insert returned no row");
  return fromRow(row);
}

/** An unsubscribed address opting in again goes back to pending, in a new generation. */
export async function reopen(db: D1Database, id: number): Promise<Subscriber | null> {
  const row = await db
    .prepare(
      `UPDATE subscribers SET status = 'pending', generation = generation + 1
       WHERE id = ? AND status = 'unsubscribed' RETURNING *`,
    )
    .bind(id)
    .first<Row>();
  return row ? fromRow(row) : null;
}

export interface ConfirmationLimits {
  /** At least this long between two confirmation emails to a mailbox. */
  intervalMs: number;
  /** At most this many in `windowMs`. */
  perWindow: number;
  windowMs: number;
}

/**
 * Claims the right to send a confirmation email now: true when the mailbox's limits allow one
 * (atomic, so two requests at once send one email). A pending row takes the choices the email will
 * ask to confirm; a confirmed row keeps its own until its reader presses the link.
 */
export async function claimConfirmationSend(
  db: D1Database,
  id: number,
  nowMs: number,
  limits: ConfirmationLimits,
  request: { choices: Choices; nowIso: string },
): Promise<boolean> {
  const res = await db
    .prepare(
      `UPDATE subscribers SET
         topics = CASE status WHEN 'pending' THEN ?6 ELSE topics END,
         frequency = CASE status WHEN 'pending' THEN ?7 ELSE frequency END,
         choices_at = CASE WHEN status = 'pending' AND (topics <> ?6 OR frequency <> ?7) THEN ?8 ELSE choices_at END,
         confirmation_sent_ms = ?1,
         confirmations_in_window = CASE WHEN confirmations_window_ms IS NULL OR confirmations_window_ms <= ?1 - ?4
           THEN 1 ELSE confirmations_in_window + 1 END,
         confirmations_window_ms = CASE WHEN confirmations_window_ms IS NULL OR confirmations_window_ms <= ?1 - ?4
           THEN ?1 ELSE confirmations_window_ms END
       WHERE id = ?2 AND status IN ('pending', 'confirmed')
         AND (confirmation_sent_ms IS NULL OR confirmation_sent_ms <= ?1 - ?3)
         AND (confirmations_window_ms IS NULL OR confirmations_window_ms <= ?1 - ?4 OR confirmations_in_window < ?5)`,
    )
    .bind(
      nowMs,
      id,
      limits.intervalMs,
      limits.windowMs,
      limits.perWindow,
      topicsColumn(request.choices.topics),
      request.choices.frequency,
      request.nowIso,
    )
    .run();
  return res.meta.changes === 1;
}

/** Gives a claim back after a send that did not happen (the transport was unavailable), so a retry may send. */
export async function releaseConfirmationSend(
  db: D1Database,
  id: number,
  claimedMs: number,
  previousMs: number | null,
): Promise<void> {
  await db
    .prepare(
      `UPDATE subscribers SET confirmation_sent_ms = ?, confirmations_in_window = max(confirmations_in_window - 1, 0)
       WHERE id = ? AND confirmation_sent_ms = ?`,
    )
    .bind(previousMs, id, claimedMs)
    .run();
}

/** What a link names: a stored row, or (links mailed before handles) a row merged into another (see migration 0006). */
export interface TokenSubject {
  subscriber: Subscriber;
  /** The address the link was signed for. */
  signedEmail: string;
  merged: boolean;
}

/**
 * The subscriber a link names, in one query: by its handle, or for a link mailed before handles, by
 * its id, whether a row or a merged row.
 */
export async function findTokenSubject(db: D1Database, names: TokenNames): Promise<TokenSubject | null> {
  const statement =
    "handle" in names
      ? db
          .prepare("SELECT s.*, s.email AS signed_email, 0 AS merged FROM subscribers s WHERE s.handle = ?")
          .bind(names.handle)
      : db
          .prepare(
            `SELECT s.*, s.email AS signed_email, 0 AS merged FROM subscribers s WHERE s.id = ?1
             UNION ALL
             SELECT s.*, a.email AS signed_email, 1 AS merged
             FROM subscriber_aliases a JOIN subscribers s ON s.id = a.subscriber_id WHERE a.id = ?1
             LIMIT 1`,
          )
          .bind(names.id);
  const row = await statement.first<Row & { signed_email: string; merged: number }>();
  return row ? { subscriber: fromRow(row), signedEmail: row.signed_email, merged: row.merged === 1 } : null;
}

/** Pending → confirmed, with the consent record: the choices the link carried. Idempotent. */
export async function markConfirmed(
  db: D1Database,
  id: number,
  nowIso: string,
  method: string,
  choices: Choices,
): Promise<void> {
  await db
    .prepare(
      `UPDATE subscribers SET status = 'confirmed', consent_at = ?1, consent_method = ?2,
         topics = ?4, frequency = ?5, consent_choices = ?6,
         choices_at = CASE WHEN topics <> ?4 OR frequency <> ?5 THEN ?1 ELSE choices_at END
       WHERE id = ?3 AND status = 'pending'`,
    )
    .bind(nowIso, method, id, topicsColumn(choices.topics), choices.frequency, JSON.stringify(choicesJson(choices)))
    .run();
}

/**
 * Sets a reader's choices, if they are still `from` (so two changes at once never mix) and the
 * reader is confirmed; `consented` also records them as what the reader confirmed. True when set.
 */
export async function setChoices(
  db: D1Database,
  id: number,
  from: Choices,
  to: Choices,
  nowIso: string,
  consented: boolean,
): Promise<boolean> {
  const res = await db
    .prepare(
      `UPDATE subscribers SET topics = ?1, frequency = ?2, choices_at = ?3,
         consent_choices = CASE WHEN ?4 THEN ?5 ELSE consent_choices END,
         frequency_ms = CASE WHEN frequency <> ?2 THEN ?9 ELSE frequency_ms END
       WHERE id = ?6 AND status = 'confirmed' AND topics = ?7 AND frequency = ?8`,
    )
    .bind(
      topicsColumn(to.topics),
      to.frequency,
      nowIso,
      consented ? 1 : 0,
      JSON.stringify(choicesJson(to)),
      id,
      topicsColumn(from.topics),
      from.frequency,
      // When the frequency changed: the weekly digest reads it (AUDIENCE in delivery/sends-repository.ts).
      Date.parse(nowIso),
    )
    .run();
  return res.meta.changes === 1;
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

/**
 * Erases everything stored about a mailbox: its row and the addresses of rows merged into it.
 * `recorded` (the erasure's audit record, which must insert only if the row went: auditStatement's
 * `ifChanged`) runs in the same transaction, right after.
 */
export async function eraseByMailbox(
  db: D1Database,
  mailbox: string,
  recorded?: D1PreparedStatement,
): Promise<boolean> {
  const [, res] = await db.batch([
    db
      .prepare("DELETE FROM subscriber_aliases WHERE subscriber_id IN (SELECT id FROM subscribers WHERE mailbox = ?)")
      .bind(mailbox),
    db.prepare("DELETE FROM subscribers WHERE mailbox = ?").bind(mailbox),
    ...(recorded ? [recorded] : []),
  ]);
  return (res?.meta.changes ?? 0) > 0;
}

/** A client's requests in the current fixed window of a rate limit, and when that window ends. */
export interface RateWindow {
  count: number;
  resetMs: number;
}

/** Seconds until a rate-limit window ends (a Retry-After value: at least 1). */
export const secondsLeft = (window: RateWindow, nowMs: number): number =>
  Math.max(1, Math.ceil((window.resetMs - nowMs) / 1000));

/** Counts a request against a fixed window: the count so far, this request included. */
export async function countRequest(db: D1Database, key: string, windowMs: number, nowMs: number): Promise<RateWindow> {
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (key, window_start_ms, count) VALUES (?1, ?2, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN window_start_ms <= ?2 - ?3 THEN 1 ELSE count + 1 END,
         window_start_ms = CASE WHEN window_start_ms <= ?2 - ?3 THEN ?2 ELSE window_start_ms END
       RETURNING count, window_start_ms`,
    )
    .bind(key, nowMs, windowMs)
    .first<{ count: number; window_start_ms: number }>();
  return { count: row?.count ?? 0, resetMs: (row?.window_start_ms ?? nowMs) + windowMs };
}

/** The requests counted in the current window, without counting one (0 when the window has passed). */
export async function readRequests(db: D1Database, key: string, windowMs: number, nowMs: number): Promise<RateWindow> {
  const row = await db
    .prepare("SELECT count, window_start_ms FROM rate_limits WHERE key = ? AND window_start_ms > ?")
    .bind(key, nowMs - windowMs)
    .first<{ count: number; window_start_ms: number }>();
  return row ? { count: row.count, resetMs: row.window_start_ms + windowMs } : { count: 0, resetMs: nowMs };
}

/** Counts a request against a fixed window; false when the limit is already reached. */
export async function takeRateLimit(
  db: D1Database,
  key: string,
  limit: number,
  windowMs: number,
  nowMs: number,
): Promise<boolean> {
  return (await countRequest(db, key, windowMs, nowMs)).count <= limit;
}

/** Forgets request counters whose window has passed (they hold client addresses). */
export async function pruneRateLimits(db: D1Database, olderThanMs: number): Promise<void> {
  await db.prepare("DELETE FROM rate_limits WHERE window_start_ms < ?").bind(olderThanMs).run();
}

/** Forgets a counter (a successful sign-in clears its failures). */
export async function clearRateLimit(db: D1Database, key: string): Promise<void> {
  await db.prepare("DELETE FROM rate_limits WHERE key = ?").bind(key).run();
}

/** How many subscribers are in each state. */
export async function countByStatus(db: D1Database): Promise<Record<SubscriberStatus, number>> {
  const counts: Record<SubscriberStatus, number> = { pending: 0, confirmed: 0, unsubscribed: 0, suppressed: 0 };
  const { results } = await db
    .prepare("SELECT status, COUNT(*) AS n FROM subscribers GROUP BY status")
    .all<{ status: SubscriberStatus; n: number }>();
  for (const r of results) counts[r.status] = r.n;
  return counts;
}

/** The audience: confirmed readers by frequency, by what they chose (everything or a tag), and in all. */
export interface Audience {
  confirmed: number;
  byFrequency: Record<Frequency, number>;
  /** Readers who chose everything. */
  everything: number;
  /** Readers who chose each tag (by slug), among others perhaps. */
  byTopic: Map<string, number>;
}

/** Counts the confirmed readers by their choices, in two queries of one batch. */
export async function countAudience(db: D1Database): Promise<Audience> {
  const [byChoice, byTopic] = await db.batch<{ key: string; n: number }>([
    db.prepare(
      `SELECT frequency || ' ' || (topics = '*') AS key, COUNT(*) AS n FROM subscribers
       WHERE status = 'confirmed' GROUP BY frequency, topics = '*'`,
    ),
    // Slugs are quoted in the JSON array and '*' is not an array: json_each reads the arrays only.
    db.prepare(
      `SELECT j.value AS key, COUNT(*) AS n
       FROM subscribers s, json_each(CASE s.topics WHEN '*' THEN '[]' ELSE s.topics END) j
       WHERE s.status = 'confirmed' GROUP BY j.value`,
    ),
  ]);
  const audience: Audience = {
    confirmed: 0,
    byFrequency: { weekly: 0, "each-post": 0 },
    everything: 0,
    byTopic: new Map(),
  };
  for (const { key, n } of byChoice?.results ?? []) {
    const [frequency, all] = key.split(" ");
    audience.confirmed += n;
    if (frequency === "weekly" || frequency === "each-post") audience.byFrequency[frequency] += n;
    if (all === "1") audience.everything += n;
  }
  for (const { key, n } of byTopic?.results ?? []) audience.byTopic.set(key, n);
  return audience;
}

/** A subscriber as the console lists and exports it. */
export interface ListedSubscriber extends Subscriber {
  /** When the address came in through a CSV import; null when it subscribed itself. */
  importedAt: string | null;
}

const listed = (r: Row & { imported_at: string | null }): ListedSubscriber => ({
  ...fromRow(r),
  importedAt: r.imported_at,
});

export interface SubscriberQuery {
  /** Part of the address (matched without regard to ASCII case). */
  contains: string;
  status: SubscriberStatus | null;
  /** Readers who chose this tag (by slug), or everything ("all"); null for any. */
  topic: string | null;
  frequency: Frequency | null;
  /** Keyset paging over ids, newest first: the page below `before`, or the page above `after`. */
  before: number | null;
  after: number | null;
  limit: number;
}

/**
 * One page of subscribers, newest first. Matching uses instr(), not LIKE: D1 caps a LIKE pattern at
 * 50 bytes, and an address may have 254.
 */
export async function listSubscribers(db: D1Database, q: SubscriberQuery): Promise<ListedSubscriber[]> {
  const upward = q.after !== null && q.before === null;
  const { results } = await db
    .prepare(
      `SELECT * FROM subscribers
       WHERE (?1 = '' OR instr(lower(email), lower(?1)) > 0)
         AND (?2 IS NULL OR status = ?2)
         AND (?3 IS NULL OR id < ?3) AND (?4 IS NULL OR id > ?4)
         AND (?6 IS NULL OR (?6 = '*' AND topics = '*') OR (?6 <> '*' AND instr(topics, '"' || ?6 || '"') > 0))
         AND (?7 IS NULL OR frequency = ?7)
       ORDER BY id ${upward ? "ASC" : "DESC"} LIMIT ?5`,
    )
    .bind(
      q.contains,
      q.status,
      q.before,
      q.after,
      q.limit,
      q.topic === null ? null : q.topic === "all" ? "*" : q.topic,
      q.frequency,
    )
    .all<Row & { imported_at: string | null }>();
  const page = results.map(listed);
  return upward ? page.reverse() : page;
}

/** Subscribers with ids above `afterId`, oldest first: one page of the CSV export. */
export async function subscribersAfter(db: D1Database, afterId: number, limit: number): Promise<ListedSubscriber[]> {
  const { results } = await db
    .prepare("SELECT * FROM subscribers WHERE id > ? ORDER BY id LIMIT ?")
    .bind(afterId, limit)
    .all<Row & { imported_at: string | null }>();
  return results.map(listed);
}

/** Addresses to import, normalised (address.ts) and unique by mailbox, with their choices. */
export interface ImportRow {
  email: string;
  mailbox: string;
  choices: Choices;
}

export interface ImportOutcome {
  /** Addresses stored by this import. */
  added: string[];
  /** Addresses whose mailbox was already a subscriber: left exactly as they were. */
  existing: { email: string; status: SubscriberStatus }[];
}

/**
 * Rows per statement. Each statement binds a handful of values, one of them the JSON array of the
 * rows (D1: at most 100 bound parameters and 100 KB of SQL per statement, 2 MB per value; 1,000
 * rows of at most 254-byte addresses and their mailbox keys take about 520 KB). Rows with long
 * lists of topics close a statement early, at IMPORT_CHUNK_BYTES.
 */
export const IMPORT_CHUNK = 1000;
export const IMPORT_CHUNK_BYTES = 1_500_000;

/** The rows as JSON arrays of [email, mailbox, topics, frequency, consent choices], each within both limits. */
function importChunks(rows: readonly ImportRow[]): string[] {
  const encoder = new TextEncoder();
  const chunks: string[] = [];
  let chunk: string[] = [];
  let bytes = 0;
  for (const r of rows) {
    const item = JSON.stringify([
      r.email,
      r.mailbox,
      topicsColumn(r.choices.topics),
      r.choices.frequency,
      JSON.stringify(choicesJson(r.choices)),
    ]);
    const size = encoder.encode(item).length + 1;
    if (chunk.length > 0 && (chunk.length >= IMPORT_CHUNK || bytes + size > IMPORT_CHUNK_BYTES)) {
      chunks.push(`[${chunk.join(",")}]`);
      chunk = [];
      bytes = 0;
    }
    chunk.push(item);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(`[${chunk.join(",")}]`);
  return chunks;
}

/**
 * Stores imported addresses in one D1 batch, which is one transaction: all of them or, on any error,
 * none. A mailbox that already has a subscriber is left as it is (whatever its state: an import never
 * resubscribes someone who left or bounced). New rows are `confirmed` with the given consent record,
 * or `pending` (their confirmation emails go through the confirmations queue afterwards).
 */
export async function importSubscribers(
  db: D1Database,
  rows: readonly ImportRow[],
  record: { nowIso: string; confirmedMethod: string | null },
): Promise<ImportOutcome> {
  const chunks = importChunks(rows);
  const existing = chunks.map((json) =>
    db
      .prepare(
        `SELECT s.email, s.status FROM subscribers s
         WHERE s.mailbox IN (SELECT json_extract(value, '$[1]') FROM json_each(?))`,
      )
      .bind(json),
  );
  // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
  const inserts = chunks.map((json) =>
    db
      .prepare(
        `INSERT INTO subscribers (email, mailbox, status, created_at, imported_at, consent_at, consent_method, handle,
                                  topics, frequency, choices_at, consent_choices)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),
                CASE WHEN ?3 IS NULL THEN 'pending' ELSE 'confirmed' END, ?2, ?2,
                CASE WHEN ?3 IS NULL THEN NULL ELSE ?2 END, ?3, ${NEW_HANDLE},
                json_extract(value, '$[2]'), json_extract(value, '$[3]'), ?2,
                CASE WHEN ?3 IS NULL THEN NULL ELSE json_extract(value, '$[4]') END
         FROM json_each(?1) WHERE true
         ON CONFLICT DO NOTHING
         RETURNING email`,
      )
      .bind(json, record.nowIso, record.confirmedMethod),
  );
  if (chunks.length === 0) return { added: [], existing: [] };
  const results = await db.batch<{ email: string; status?: SubscriberStatus }>([...existing, ...inserts]);
  const before = results
    .slice(0, chunks.length)
    .flatMap((r) => r.results.map((x) => ({ email: x.email, status: x.status ?? "pending" })));
  const added = results.slice(chunks.length).flatMap((r) => r.results.map((x) => x.email));
  return { added, existing: before };
}
