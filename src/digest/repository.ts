// D1 storage of digests and of which posts they cover. The only place that runs SQL on them.
import { type PostRow, postFromRow, type StoredPost, type Versioned } from "../posts/repository.ts";
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
  web: RenderedDigest;
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
  web_html: string;
  web_text: string;
  last_modified_ms: number;
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
    content: JSON.parse(row.content) as DigestContent,
    email: { ...base, html: row.email_html, text: row.email_text },
    web: { ...base, html: row.web_html, text: row.web_text },
    lastModifiedMs: row.last_modified_ms,
  };
}

/** Digest summaries for the archive, newest first (without their rendered bodies). */
export interface DigestSummary {
  number: number;
  subject: string;
  period: string;
  createdMs: number;
}

const VERSION_SQL = "SELECT content_version FROM site_state WHERE id = 1";

/** The archive: every stored digest, newest first, with the content version it was read at. */
export async function listDigests(db: D1Database): Promise<Versioned<DigestSummary[]>> {
  const [version, rows] = await db.batch<unknown>([
    db.prepare(VERSION_SQL),
    db.prepare("SELECT number, subject, period, created_ms FROM digests ORDER BY number DESC"),
  ]);
  return {
    version: (version?.results[0] as { content_version: number } | undefined)?.content_version ?? 0,
    value: ((rows?.results ?? []) as { number: number; subject: string; period: string; created_ms: number }[]).map(
      (r) => ({ number: r.number, subject: r.subject, period: r.period, createdMs: r.created_ms }),
    ),
  };
}

/** One stored digest, or null. */
export async function getDigest(db: D1Database, number: number): Promise<StoredDigest | null> {
  const row = await db.prepare("SELECT * FROM digests WHERE number = ?").bind(number).first<DigestRow>();
  return row ? fromRow(row) : null;
}

/** What the next digest would be made of: its number and the posts no digest covers yet. */
export interface DigestSource {
  number: number;
  posts: StoredPost[];
}

/** The next digest's number and uncovered posts, read consistently with the content version. */
export async function readDigestSource(db: D1Database): Promise<Versioned<DigestSource>> {
  const [version, next, posts] = await db.batch<unknown>([
    db.prepare(VERSION_SQL),
    db.prepare("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM digests"),
    db.prepare("SELECT * FROM posts WHERE id NOT IN (SELECT post_id FROM digest_posts) ORDER BY published_ms DESC, id"),
  ]);
  return {
    version: (version?.results[0] as { content_version: number } | undefined)?.content_version ?? 0,
    value: {
      number: (next?.results[0] as { n: number } | undefined)?.n ?? 1,
      posts: ((posts?.results ?? []) as PostRow[]).map(postFromRow),
    },
  };
}
