// D1 storage of digests and of which posts they cover. The only place that runs SQL on them.
import { readAtVersion, type Versioned } from "../cache/repository.ts";
import { type PostRow, PUBLISHED, postFromRow, type StoredPost } from "../posts/repository.ts";
import type { DigestContent } from "./compose.ts";
import type { RenderedDigest } from "./render.ts";

export interface StoredDigest {
  number: number;
  createdAt: string;
  createdMs: number;
  subject: string;
  preheader: string;
  period: string;
  content: DigestContent;
  email: RenderedDigest;
  lastModifiedMs: number;
}

interface DigestRow {
  number: number;
  created_at: string;
  created_ms: number;
  subject: string;
  preheader: string;
  period: string;
  content: string;
  email_html: string;
  email_text: string;
  last_modified_ms: number;
}

/** Stored content; digests stored before leads became paragraph lists hold the lead as one string. */
function contentOf(json: string): DigestContent {
  const content = JSON.parse(json) as DigestContent;
  const posts = content.posts.map((p) => ({ ...p, lead: typeof p.lead === "string" ? [p.lead] : p.lead }));
  return { ...content, posts };
}

function fromRow(row: DigestRow): StoredDigest {
  const base = { subject: row.subject, preheader: row.preheader };
  return {
    number: row.number,
    createdAt: row.created_at,
    createdMs: row.created_ms,
    subject: row.subject,
    preheader: row.preheader,
    period: row.period,
    content: contentOf(row.content),
    email: { ...base, html: row.email_html, text: row.email_text },
    lastModifiedMs: row.last_modified_ms,
  };
}

/** Sent digests for the sitemap: number and newest change. */
export async function listDigestLocations(db: D1Database): Promise<{ number: number; lastModifiedMs: number }[]> {
  const { results } = await db
    .prepare("SELECT number, last_modified_ms FROM digests WHERE kind = 'digest' ORDER BY number DESC")
    .all<{ number: number; last_modified_ms: number }>();
  return results.map((r) => ({ number: r.number, lastModifiedMs: r.last_modified_ms }));
}

/** Digest summaries for the archive, newest first (without their rendered bodies). */
export interface DigestSummary {
  number: number;
  subject: string;
  period: string;
  createdMs: number;
}

/** The digest that carried a post (a post goes out in one digest at most), or null when none has yet. */
export async function digestCovering(db: D1Database, postId: string): Promise<DigestSummary | null> {
  const row = await db
    .prepare(
      `SELECT d.number, d.subject, d.period, d.created_ms FROM digest_posts p
       JOIN digests d ON d.number = p.digest_number WHERE p.post_id = ?`,
    )
    .bind(postId)
    .first<{ number: number; subject: string; period: string; created_ms: number }>();
  return row ? { number: row.number, subject: row.subject, period: row.period, createdMs: row.created_ms } : null;
}

/** The sent digests and what the next one would be made of. */
export interface DigestState {
  /** Every stored digest, newest first. */
  sent: DigestSummary[];
  /** The number the next digest will have. */
  next: number;
  /** Published posts no digest covers yet, newest first. */
  uncovered: StoredPost[];
}

// The weekly digests (a per-post email's send is a digests row of kind 'post', numbered below zero).
const SUMMARIES = "SELECT number, subject, period, created_ms FROM digests WHERE kind = 'digest' ORDER BY number DESC";
// Only published posts: drafts, scheduled and withdrawn posts are never in a digest or its preview;
// digests already sent keep their own copy.
const UNCOVERED = `SELECT * FROM posts WHERE ${PUBLISHED} AND id NOT IN (SELECT post_id FROM digest_posts)
  ORDER BY published_ms DESC, id`;

function stateOf(summaries: unknown[] | undefined, uncovered: unknown[] | undefined): DigestState {
  const sent = ((summaries ?? []) as { number: number; subject: string; period: string; created_ms: number }[]).map(
    (r) => ({ number: r.number, subject: r.subject, period: r.period, createdMs: r.created_ms }),
  );
  return { sent, next: (sent[0]?.number ?? 0) + 1, uncovered: ((uncovered ?? []) as PostRow[]).map(postFromRow) };
}

/** readDigests' statements without the version, for a caller that reads them with others in one round trip. */
export const digestStateQueries = (db: D1Database): D1PreparedStatement[] => [
  db.prepare(SUMMARIES),
  db.prepare(UNCOVERED),
];

/** The state from digestStateQueries' results. */
export const digestStateOf = (results: readonly (readonly unknown[])[]): DigestState =>
  stateOf(results[0] as unknown[] | undefined, results[1] as unknown[] | undefined);

/** The archive and the next digest's material, read consistently with the content version. */
export async function readDigests(db: D1Database): Promise<Versioned<DigestState>> {
  const { version, value } = await readAtVersion(db, [db.prepare(SUMMARIES), db.prepare(UNCOVERED)]);
  return { version, value: stateOf(value[0], value[1]) };
}

/** A digest's row as DigestRow has it (not the web_html/web_text that digests before 7 December 2026 kept, which nothing reads). */
const DIGEST_ROW = `SELECT number, created_at, created_ms, subject, preheader, period, content, email_html, email_text,
  last_modified_ms FROM digests WHERE number = ?`;

/** One stored digest (or null), with the content version it was read at. */
export async function getDigest(db: D1Database, number: number): Promise<Versioned<StoredDigest | null>> {
  const { version, value } = await readAtVersion(db, [db.prepare(DIGEST_ROW).bind(number)]);
  const row = (value[0]?.[0] as DigestRow | undefined) ?? null;
  return { version, value: row ? fromRow(row) : null };
}

/** One digest (or null) and the archive around it, for its web edition: one consistent read. */
export async function readDigestEdition(
  db: D1Database,
  number: number,
): Promise<Versioned<{ stored: StoredDigest | null; state: DigestState }>> {
  const { version, value } = await readAtVersion(db, [
    db.prepare(DIGEST_ROW).bind(number),
    db.prepare(SUMMARIES),
    db.prepare(UNCOVERED),
  ]);
  const row = (value[0]?.[0] as DigestRow | undefined) ?? null;
  return { version, value: { stored: row ? fromRow(row) : null, state: stateOf(value[1], value[2]) } };
}
