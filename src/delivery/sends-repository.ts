// D1 storage of what readers' choices add to delivery: per-post emails (post_emails, and their sends
// as digests rows of kind 'post'), the editions of a weekly digest, and the facts the audience of a
// digest is computed from. The only SQL on these tables.
import type { AuditWho } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import { forgetRenditions } from "../cache/memo.ts";
import type { DigestContent } from "../digest/compose.ts";
import { MARK_CLOSE, MARK_OPEN, type MarkedHtml, type RenderedDigest } from "../digest/render.ts";
import { RECIPIENT_EDITION } from "./repository.ts";

/** The send of a per-post email is digest number −number: below zero, apart from the weekly digests. */
export const sendNumberOf = (postEmail: number): number => -postEmail;

export type PostEmailState = "scheduled" | "started" | "cancelled";
export type CancelReason = "withdrawn" | "not-by-email";

export interface PostEmailRow {
  number: number;
  postId: string;
  state: PostEmailState;
  scheduledMs: number;
  /** Set by "send now"; otherwise due at scheduledMs + the grace delay. */
  dueMs: number | null;
  startedMs: number | null;
  cancelledMs: number | null;
  cancelReason: CancelReason | null;
  recipients: number | null;
}

interface RawPostEmail {
  number: number;
  post_id: string;
  state: PostEmailState;
  scheduled_ms: number;
  due_ms: number | null;
  started_ms: number | null;
  cancelled_ms: number | null;
  cancel_reason: CancelReason | null;
  recipients: number | null;
}

const fromRaw = (r: RawPostEmail): PostEmailRow => ({
  number: r.number,
  postId: r.post_id,
  state: r.state,
  scheduledMs: r.scheduled_ms,
  dueMs: r.due_ms,
  startedMs: r.started_ms,
  cancelledMs: r.cancelled_ms,
  cancelReason: r.cancel_reason,
  recipients: r.recipients,
});

/**
 * Schedules the per-post email of a post just published (due after the grace delay), if the post is published,
 * by email and in no digest yet; one cancelled because the post was withdrawn, or marked "not by
 * email", is scheduled again. A started one is never touched. For the publishing transaction.
 */
export function scheduleStatement(db: D1Database, postId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO post_emails (post_id, state, scheduled_ms)
       SELECT ?1, 'scheduled', ?2 FROM posts p
       WHERE p.id = ?1 AND p.state = 'published' AND p.withdrawn_ms IS NULL AND p.by_email = 1
         AND NOT EXISTS (SELECT 1 FROM digest_posts WHERE post_id = ?1)
       ON CONFLICT (post_id) DO UPDATE SET state = 'scheduled', scheduled_ms = ?2, due_ms = NULL,
         cancelled_ms = NULL, cancel_reason = NULL
       WHERE post_emails.state = 'cancelled'`,
    )
    .bind(postId, nowMs);
}

/** The same for a post restored after a withdrawal: only an email the withdrawal cancelled comes back. */
export function rescheduleStatement(db: D1Database, postId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE post_emails SET state = 'scheduled', scheduled_ms = ?2, due_ms = NULL, cancelled_ms = NULL, cancel_reason = NULL
       WHERE post_id = ?1 AND state = 'cancelled' AND cancel_reason = 'withdrawn'
         AND EXISTS (SELECT 1 FROM posts p WHERE p.id = ?1 AND p.state = 'published' AND p.by_email = 1)
         AND NOT EXISTS (SELECT 1 FROM digest_posts WHERE post_id = ?1)`,
    )
    .bind(postId, nowMs);
}

/** Cancels a post's email that has not started (for the withdrawal's transaction). */
export function cancelStatement(
  db: D1Database,
  postId: string,
  reason: CancelReason,
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE post_emails SET state = 'cancelled', cancel_reason = ?2, cancelled_ms = ?3
       WHERE post_id = ?1 AND state = 'scheduled'`,
    )
    .bind(postId, reason, nowMs);
}

/** A post's email, or null when it has none (published before per-post emails, or never by email). */
export async function getPostEmail(db: D1Database, postId: string): Promise<PostEmailRow | null> {
  const row = await db.prepare("SELECT * FROM post_emails WHERE post_id = ?").bind(postId).first<RawPostEmail>();
  return row ? fromRaw(row) : null;
}

/** The emails of these posts, by post id (the console's list of posts). */
export async function postEmailsOf(db: D1Database, postIds: readonly string[]): Promise<Map<string, PostEmailRow>> {
  const { results } = await db
    .prepare("SELECT * FROM post_emails WHERE post_id IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(postIds))
    .all<RawPostEmail>();
  return new Map(results.map((r) => [r.post_id, fromRaw(r)]));
}

/** Scheduled emails due by `nowMs` (sent now, or published `graceMs` ago), oldest first. */
export async function dueEmails(
  db: D1Database,
  nowMs: number,
  graceMs: number,
  limit: number,
): Promise<PostEmailRow[]> {
  return postEmailsFrom((await dueEmailsQuery(db, nowMs, graceMs, limit).all()).results);
}

/** dueEmails' statement, for a caller that reads it with others in one round trip (postEmailsFrom reads its rows). */
export function dueEmailsQuery(db: D1Database, nowMs: number, graceMs: number, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT * FROM post_emails WHERE state = 'scheduled' AND COALESCE(due_ms, scheduled_ms + ?2) <= ?1
       ORDER BY scheduled_ms, number LIMIT ?3`,
    )
    .bind(nowMs, graceMs, limit);
}

export const postEmailsFrom = (rows: readonly unknown[]): PostEmailRow[] => (rows as RawPostEmail[]).map(fromRaw);

/** "Send now": a scheduled email becomes due at once. True when it was scheduled. */
export async function makeDue(db: D1Database, postId: string, nowMs: number): Promise<boolean> {
  const res = await db
    .prepare("UPDATE post_emails SET due_ms = ?2 WHERE post_id = ?1 AND state = 'scheduled'")
    .bind(postId, nowMs)
    .run();
  return res.meta.changes === 1;
}

/** The post's "by email" flag (false: "not by email"). */
export const setByEmailStatement = (db: D1Database, postId: string, byEmail: boolean): D1PreparedStatement =>
  db.prepare("UPDATE posts SET by_email = ? WHERE id = ?").bind(byEmail ? 1 : 0, postId);

/** "Not by email" on (true) or off: stored on the post, with what it does to the post's email, in one transaction. */
export async function setByEmail(
  db: D1Database,
  postId: string,
  byEmail: boolean,
  nowMs: number,
  also: readonly D1PreparedStatement[] = [],
): Promise<void> {
  await db.batch([
    setByEmailStatement(db, postId, byEmail),
    byEmail ? scheduleStatement(db, postId, nowMs) : cancelStatement(db, postId, "not-by-email", nowMs),
    ...also,
  ]);
}

/** Whether a post is marked "not by email". */
export async function isByEmail(db: D1Database, postId: string): Promise<boolean> {
  return (await db.prepare("SELECT by_email FROM posts WHERE id = ?").bind(postId).first<number>("by_email")) !== 0;
}

/**
 * A delivery (`d`) that did not reach its reader for sure: skipped, or failed with a known refusal
 * ("outcome unknown" may have arrived, so it counts as reached).
 */
const NOT_REACHED = `(d.state = 'skipped' OR (d.state = 'failed' AND COALESCE(d.last_error, '') NOT LIKE 'outcome unknown%'))`;

/**
 * The readers a weekly digest brought post ?6 to: those in a window of the digest that carried it
 * whose edition holds it (edition 0: the whole digest), unless their delivery says it never went.
 */
const IN_A_DIGEST = `SELECT j.value FROM digest_posts dp
  JOIN delivery_windows w ON w.digest_number = dp.digest_number, json_each(w.subscriber_ids) j
  LEFT JOIN digest_editions e ON e.digest_number = w.digest_number AND e.edition = ${RECIPIENT_EDITION}
  WHERE dp.post_id = ?6
    AND (${RECIPIENT_EDITION} = 0 OR EXISTS (SELECT 1 FROM json_each(e.post_ids) p WHERE p.value = ?6))
    AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.digest_number = w.digest_number AND d.subscriber_id = j.value
                    AND ${NOT_REACHED})`;

/**
 * Starts a post's email: claims it (scheduled → started) and, only if this call claimed it, stores
 * its send (a digests row of kind 'post' with its rendering) and takes its audience as windows: every
 * confirmed reader who chose each post before the post was published and whose topics take one of
 * `tags` (or everything), less those a weekly digest brought it to already (a digest that started
 * during its grace delay). A reader who confirmed later is not owed it; one who switched from the
 * weekly digest later gets it in the next digest (AUDIENCE, below). One
 * transaction. Returns the recipients, or null when the email was not scheduled any more (started by
 * another run, or cancelled).
 */
export async function startPostEmail(
  db: D1Database,
  s: {
    number: number;
    content: DigestContent;
    email: RenderedDigest;
    tags: readonly string[];
    createdAt: string;
    createdMs: number;
    windowSize: number;
  },
  also: readonly D1PreparedStatement[] = [],
): Promise<number | null> {
  const n = sendNumberOf(s.number);
  // Every statement after the claim runs only if the claim was this call's (its started_ms is ours).
  const claimed = `EXISTS (SELECT 1 FROM post_emails WHERE number = ?1 AND state = 'started' AND started_ms = ?2)`;
  try {
    const results = await db.batch([
      db
        .prepare(
          "UPDATE post_emails SET state = 'started', started_ms = ?2 WHERE number = ?1 AND state = 'scheduled' RETURNING number",
        )
        .bind(s.number, s.createdMs),
      db
        .prepare(
          `INSERT INTO digests (number, kind, created_at, created_ms, subject, preheader, period, content,
             email_html, email_text, web_html, web_text, last_modified_ms, activity_ms)
           SELECT ?3, 'post', ?4, ?2, ?5, ?6, ?7, ?8, ?9, ?10, '', '', ?11, ?2 WHERE ${claimed}`,
        )
        .bind(
          s.number,
          s.createdMs,
          n,
          s.createdAt,
          s.content.subject,
          s.content.preheader,
          s.content.period,
          JSON.stringify({ ...s.content, number: n }),
          s.email.html,
          s.email.text,
          Math.max(s.createdMs, s.content.lastModifiedMs),
        ),
      // Its audience, as a digest's: one row per window of recipients.
      db
        .prepare(
          `INSERT INTO delivery_windows (digest_number, window_no, subscriber_ids, size, state, updated_ms)
           SELECT ?3, w + 1, json_group_array(id), COUNT(*), 'queued', ?2
           FROM (SELECT id, (ROW_NUMBER() OVER (ORDER BY id) - 1) / CAST(?4 AS INTEGER) AS w
                 FROM subscribers WHERE status = 'confirmed' AND frequency = 'each-post'
                   AND (topics = '*' OR EXISTS (SELECT 1 FROM json_each(subscribers.topics) t
                                                WHERE t.value IN (SELECT value FROM json_each(?5))))
                   AND ${claimed}
                   AND id NOT IN (${IN_A_DIGEST})
                   -- Only readers of each post since before it was published (confirmed then, or
                   -- switched to each post then): the next digest brings it to one who switched later.
                   AND COALESCE(frequency_ms, CAST(strftime('%s', consent_at) AS INTEGER) * 1000, 0)
                       <= (SELECT scheduled_ms FROM post_emails WHERE number = ?1)
                 ORDER BY id)
           GROUP BY w RETURNING size`,
        )
        .bind(s.number, s.createdMs, n, s.windowSize, JSON.stringify(s.tags), s.content.postIds[0] ?? ""),
      db
        .prepare(
          `UPDATE post_emails SET recipients = (SELECT COALESCE(SUM(size), 0) FROM delivery_windows WHERE digest_number = ?3)
           WHERE number = ?1 AND started_ms = ?2`,
        )
        .bind(s.number, s.createdMs, n),
      ...also,
    ]);
    if ((results[0]?.results.length ?? 0) === 0) return null;
    const windows = (results[2]?.results ?? []) as { size: number }[];
    return windows.reduce((a, w) => a + w.size, 0);
  } catch (error) {
    if (/UNIQUE|PRIMARY KEY|constraint/i.test(String(error))) return null;
    throw error;
  }
}

/** A post of a weekly digest as its audience is chosen by: its id, its tags' slugs, when it was published. */
export interface AudiencePost {
  id: string;
  tags: readonly string[];
  publishedMs: number;
}

/** The digest's posts as AUDIENCE reads them (its ?1): [id, tags, published ms] in the digest's order. */
const audienceJson = (posts: readonly AudiencePost[]) =>
  JSON.stringify(posts.map((p) => [p.id, p.tags, p.publishedMs]));

/**
 * Who gets which posts of a weekly digest, computed in D1 so that no reader crosses into the Worker
 * (a start's CPU stays the same whatever the list). `keys` holds each confirmed reader who gets at
 * least one post (`id`) with those posts' places in the digest, ascending and comma-separated
 * (`k`: audienceKey), and how many (`n`). A reader gets a post when:
 * - their topics take it: everything ('*', or a column that is not a list of slugs, as choices.ts
 *   reads it), or one of its tags (a slug, found quoted in the column's JSON text: slugs hold no
 *   quote or backslash, and parsing the column once per post would cost more; `pt` holds each
 *   post's tags quoted, parsed once, as `p` holds the posts: not parsed again for each reader);
 * - they take the weekly digest, or chose each post after it was published (a reader of each post
 *   since before it, or with no switch on record, gets it by its own email instead);
 * - no email of its own reached them: everyone in a window of the post's started send, unless their
 *   delivery says it never went (skipped, or failed with a known refusal; "outcome unknown" counts
 *   as reached: it may have arrived).
 * The rules' model, and the test that holds this SQL to it, are in test/audience-model.ts and
 * test/workers/audience-sql.test.ts. ?1: audienceJson.
 */
const AUDIENCE = `WITH
  p AS MATERIALIZED (SELECT key AS ord, value ->> 0 AS id, value -> 1 AS tags, value ->> 2 AS ms FROM json_each(?1)),
  pt AS MATERIALIZED (SELECT p.ord, '"' || t.value || '"' AS quoted FROM p, json_each(p.tags) t),
  mailed AS (
    SELECT j.value AS sid, p.ord AS ord
    FROM post_emails e JOIN p ON p.id = e.post_id
      JOIN delivery_windows w ON w.digest_number = -e.number, json_each(w.subscriber_ids) j
    WHERE e.state = 'started'
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.digest_number = -e.number AND d.subscriber_id = j.value
                      AND ${NOT_REACHED})),
  readers AS (
    SELECT id, frequency, frequency_ms,
      CASE WHEN topics IS NULL OR topics = '*' OR NOT json_valid(topics) OR json_type(topics) <> 'array'
             OR json_array_length(topics) = 0 OR EXISTS (SELECT 1 FROM json_each(topics) WHERE type <> 'text')
           THEN NULL ELSE topics END AS topics
    FROM subscribers WHERE status = 'confirmed'),
  keys AS (
    SELECT r.id, group_concat(p.ord, ',' ORDER BY p.ord) AS k, COUNT(*) AS n
    FROM readers r, p
    WHERE (r.frequency <> 'each-post' OR p.ms < r.frequency_ms)
      AND (r.topics IS NULL OR EXISTS (SELECT 1 FROM pt WHERE pt.ord = p.ord AND instr(r.topics, pt.quoted) > 0))
      AND (NOT EXISTS (SELECT 1 FROM mailed) OR (r.id, p.ord) NOT IN (SELECT sid, ord FROM mailed))
    GROUP BY r.id)`;

/** A set of the digest's posts as AUDIENCE names it: their places in the digest, ascending, comma-separated. */
function audienceKey(posts: readonly AudiencePost[], ids: readonly string[]): string {
  const set = new Set(ids);
  return posts.flatMap((p, ord) => (set.has(p.id) ? [ord] : [])).join(",");
}

/** One set of a digest's posts and how many readers get it (one rendering each: an edition). */
export interface AudienceSet {
  postIds: string[];
  readers: number;
}

/**
 * The sets of posts a weekly digest's readers get, the largest group first (then the one with more
 * posts, then the one whose first reader came first), and how many confirmed readers get none.
 */
export async function audienceSets(
  db: D1Database,
  posts: readonly AudiencePost[],
): Promise<{ sets: AudienceSet[]; nothingFor: number }> {
  const [sets, confirmed] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `${AUDIENCE} SELECT k, COUNT(*) AS readers FROM keys GROUP BY k ORDER BY readers DESC, MAX(n) DESC, MIN(id)`,
      )
      .bind(audienceJson(posts)),
    db.prepare("SELECT COUNT(*) AS n FROM subscribers WHERE status = 'confirmed'"),
  ]);
  const out = (sets?.results ?? []).map((r) => ({
    postIds: String(r.k)
      .split(",")
      .map((ord) => posts[Number(ord)]?.id ?? ""),
    readers: Number(r.readers),
  }));
  const reached = out.reduce((a, e) => a + e.readers, 0);
  return { sets: out, nothingFor: Math.max(0, Number(confirmed?.results[0]?.n ?? 0) - reached) };
}

/** One edition as stored: the set of posts, its readers' count, its email (and its HTML marked, when composed). */
export interface StoredEdition {
  postIds: string[];
  recipients: number;
  email: RenderedDigest & { marked?: MarkedHtml };
}

/** Editions per statement, by the size of their HTML. */
const EDITION_BYTES_PER_STATEMENT = 400_000;

/**
 * SQL for a marked edition's HTML (`html`) with each of the `count` markers replaced by the shared
 * text it stands for, from the JSON array ?3 (each read once per statement: the subquery is not
 * correlated). render.ts: MarkedHtml.
 */
function unmarkSql(html: string, count: number): string {
  let sql = html;
  for (let k = 0; k < count; k++) {
    sql = `replace(${sql}, char(${MARK_OPEN.charCodeAt(0)}) || '${k}' || char(${MARK_CLOSE.charCodeAt(0)}), (SELECT value FROM json_each(?3) WHERE key = ${k}))`;
  }
  return sql;
}

/**
 * Stores a weekly digest whose readers get editions (their own sets of its posts), claims its posts
 * and writes its windows (each recipient with their edition) and its editions, in one transaction.
 * Returns the number of recipients, or null when another run already took the number or any of the posts.
 */
export async function createEditionedDigest(
  db: D1Database,
  d: {
    content: DigestContent;
    email: RenderedDigest;
    createdAt: string;
    createdMs: number;
    editions: readonly StoredEdition[];
    /** The digest's posts, for its audience (AUDIENCE), and the recipients a window holds. */
    posts: readonly AudiencePost[];
    windowSize: number;
    nothingFor: number;
    /** Who started it, put on record in the same transaction (the recipients the windows hold in its detail). */
    startedBy?: { who: AuditWho; atMs: number } | undefined;
  },
): Promise<number | null> {
  const n = d.content.number;
  // Marked editions travel without the text they share (the frame, the posts' blocks), which goes
  // once per statement, and SQLite puts it back: the same HTML stored, a fraction of the bytes sent.
  const shared = d.editions.find((e) => e.email.marked)?.email.marked?.shared ?? [];
  const editionChunks: string[] = [];
  let chunk: unknown[] = [];
  let bytes = 0;
  d.editions.forEach((e, i) => {
    const marked = e.email.marked?.shared === shared ? e.email.marked : undefined;
    const html = marked?.html ?? e.email.html;
    chunk.push([
      i + 1,
      e.postIds,
      e.recipients,
      e.email.subject,
      e.email.preheader,
      html,
      e.email.text,
      marked ? 1 : 0,
    ]);
    bytes += html.length + e.email.text.length;
    if (bytes >= EDITION_BYTES_PER_STATEMENT) {
      editionChunks.push(JSON.stringify(chunk));
      chunk = [];
      bytes = 0;
    }
  });
  if (chunk.length > 0) editionChunks.push(JSON.stringify(chunk));
  const sharedJson = JSON.stringify(shared);
  // Each reader's edition by their set of posts; a reader whose set changed since the sets were
  // read (between two statements) matches no edition and is left out of this digest.
  const editionOf = JSON.stringify(d.editions.map((e, i) => [audienceKey(d.posts, e.postIds), i + 1]));
  // The windows: readers in edition order (a window holds as few editions as it can, and a small
  // edition does not make a small window), ids ascending within one, `windowSize` a window;
  // each window's edition when all its readers get one, else each one's (parallel to its ids).
  const windowsInsert = db
    .prepare(
      `${AUDIENCE},
         ed AS MATERIALIZED (SELECT value ->> 0 AS k, value ->> 1 AS edition FROM json_each(?4)),
         placed AS (
           SELECT keys.id, ed.edition, (ROW_NUMBER() OVER (ORDER BY ed.edition, keys.id) - 1) / CAST(?5 AS INTEGER) AS w
           FROM keys JOIN ed ON ed.k = keys.k)
       INSERT INTO delivery_windows (digest_number, window_no, subscriber_ids, size, state, updated_ms, edition, editions)
       SELECT ?2, w + 1, json_group_array(id ORDER BY id), COUNT(*), 'queued', ?3,
         CASE WHEN MIN(edition) = MAX(edition) THEN MIN(edition) ELSE 0 END,
         CASE WHEN MIN(edition) <> MAX(edition) THEN json_group_array(edition ORDER BY id) END
       FROM placed GROUP BY w RETURNING size`,
    )
    .bind(audienceJson(d.posts), n, d.createdMs, editionOf, d.windowSize);
  const statements = [
    db
      .prepare(
        `INSERT INTO digests (number, created_at, created_ms, subject, preheader, period, content,
             email_html, email_text, web_html, web_text, last_modified_ms, activity_ms, renders, nothing_for)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', ?, ?, ?, ?)`,
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
        Math.max(d.createdMs, d.content.lastModifiedMs),
        d.createdMs,
        d.editions.length,
        d.nothingFor,
      ),
    db
      .prepare("INSERT INTO digest_posts (post_id, digest_number) SELECT value, ?2 FROM json_each(?1)")
      .bind(JSON.stringify(d.content.postIds), n),
    ...editionChunks.map((json) =>
      db
        .prepare(
          `INSERT INTO digest_editions (digest_number, edition, post_ids, recipients, subject, preheader, email_html, email_text)
             SELECT ?1, value ->> 0, value -> 1, value ->> 2, value ->> 3, value ->> 4,
               CASE WHEN value ->> 7 = 1 THEN ${unmarkSql("value ->> 5", shared.length)} ELSE value ->> 5 END, value ->> 6
             FROM json_each(?2)`,
        )
        // ?3 only when there are markers to replace (D1 refuses a parameter the SQL does not use).
        .bind(n, json, ...(shared.length > 0 ? [sharedJson] : [])),
    ),
    windowsInsert,
    // A digest started: one the digest cron wanted (migration 0027) is no longer owed.
    db.prepare("UPDATE site_state SET content_version = content_version + 1, digest_wanted_ms = NULL WHERE id = 1"),
    ...(d.startedBy
      ? [
          auditStatement(
            db,
            {
              action: "digest.send",
              object: { type: "digest", id: String(n) },
              detail: {},
              ...d.startedBy,
            },
            {
              detailSql: `json_object('recipients', (SELECT COALESCE(SUM(size), 0) FROM delivery_windows WHERE digest_number = ${Math.trunc(n)}))`,
            },
          ),
        ]
      : []),
  ];
  try {
    const results = await db.batch(statements);
    forgetRenditions();
    const windows = (results[statements.indexOf(windowsInsert)]?.results ?? []) as { size: number }[];
    return windows.reduce((a, w) => a + w.size, 0);
  } catch (error) {
    if (/UNIQUE|PRIMARY KEY|constraint/i.test(String(error))) return null;
    throw error;
  }
}

/** One edition's email (null when the digest has no such edition). */
export async function editionEmail(db: D1Database, digest: number, edition: number): Promise<RenderedDigest | null> {
  const row = await db
    .prepare(
      "SELECT subject, preheader, email_html, email_text FROM digest_editions WHERE digest_number = ? AND edition = ?",
    )
    .bind(digest, edition)
    .first<{ subject: string; preheader: string; email_html: string; email_text: string }>();
  return row ? { subject: row.subject, preheader: row.preheader, html: row.email_html, text: row.email_text } : null;
}

/** Several editions' emails in one query, by edition (those the digest has). */
export async function editionEmails(
  db: D1Database,
  digest: number,
  editions: readonly number[],
): Promise<Map<number, RenderedDigest>> {
  const { results } = await db
    .prepare(
      `SELECT edition, subject, preheader, email_html, email_text FROM digest_editions
       WHERE digest_number = ? AND edition IN (SELECT value FROM json_each(?))`,
    )
    .bind(digest, JSON.stringify(editions))
    .all<{ edition: number; subject: string; preheader: string; email_html: string; email_text: string }>();
  return new Map(
    results.map((r) => [
      Number(r.edition),
      { subject: r.subject, preheader: r.preheader, html: r.email_html, text: r.email_text },
    ]),
  );
}

/** A digest's editions without their emails: which posts, to how many readers; and the readers it had nothing for. */
export async function digestEditions(
  db: D1Database,
  digest: number,
): Promise<{
  editions: { edition: number; postIds: string[]; recipients: number }[];
  renders: number | null;
  nothingFor: number | null;
}> {
  const [editions, head] = await db.batch<Record<string, unknown>>([
    db
      .prepare("SELECT edition, post_ids, recipients FROM digest_editions WHERE digest_number = ? ORDER BY edition")
      .bind(digest),
    db.prepare("SELECT renders, nothing_for FROM digests WHERE number = ?").bind(digest),
  ]);
  const h = head?.results[0];
  return {
    editions: (editions?.results ?? []).map((r) => ({
      edition: Number(r.edition),
      postIds: JSON.parse(String(r.post_ids)) as string[],
      recipients: Number(r.recipients),
    })),
    renders: h?.renders == null ? null : Number(h.renders),
    nothingFor: h?.nothing_for == null ? null : Number(h.nothing_for),
  };
}
