// D1 storage of posts. The only place that runs SQL on the posts table.

import { readAtVersion, type Versioned } from "../cache/repository.ts";
import type { Section } from "./markdown.ts";
import type { KeyPoints, Post } from "./model.ts";

export interface PostRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  author: string;
  tags: string;
  language: string;
  published_at: string;
  published_ms: number;
  updated_at: string;
  updated_ms: number;
  body_markdown: string;
  body_html: string;
  lead: string;
  sections: string;
  captions: string;
  key_points: string | null;
  content_hash: string;
  state: PostState;
}

/**
 * Where a post stands (migration 0010). Only `published` posts are shown anywhere readers look:
 * every public query here and in digest/repository.ts asks for `state = 'published'`.
 */
export type PostState = "draft" | "scheduled" | "published" | "withdrawn";

export interface StoredPost extends Post {
  contentHash: string;
  state: PostState;
}

/** A post from its D1 row. */
export function postFromRow(row: PostRow): StoredPost {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    author: row.author,
    tags: JSON.parse(row.tags) as string[],
    language: row.language,
    publishedAt: row.published_at,
    publishedMs: row.published_ms,
    updatedAt: row.updated_at,
    updatedMs: row.updated_ms,
    bodyMarkdown: row.body_markdown,
    bodyHtml: row.body_html,
    lead: JSON.parse(row.lead) as string[],
    sections: JSON.parse(row.sections) as Section[],
    captions: JSON.parse(row.captions) as string[],
    keyPoints: row.key_points === null ? null : (JSON.parse(row.key_points) as KeyPoints[]),
    contentHash: row.content_hash,
    state: row.state,
  };
}

async function withVersion(db: D1Database, stmt: D1PreparedStatement): Promise<Versioned<StoredPost[]>> {
  const { version, value } = await readAtVersion(db, [stmt]);
  return { version, value: ((value[0] ?? []) as PostRow[]).map(postFromRow) };
}

/** The newest published posts first, with the content version they were read at. */
export function listPosts(db: D1Database, limit: number): Promise<Versioned<StoredPost[]>> {
  return withVersion(
    db,
    db.prepare("SELECT * FROM posts WHERE state = 'published' ORDER BY published_ms DESC, id LIMIT ?").bind(limit),
  );
}

/** One published post by slug (or null), with the content version it was read at. */
export async function getPostBySlug(db: D1Database, slug: string): Promise<Versioned<StoredPost | null>> {
  const { version, value } = await withVersion(
    db,
    db.prepare("SELECT * FROM posts WHERE slug = ? AND state = 'published'").bind(slug),
  );
  return { version, value: value[0] ?? null };
}

/** One post by slug in any state (the console edits drafts too), or null. */
export async function findBySlug(db: D1Database, slug: string): Promise<StoredPost | null> {
  const row = await db.prepare("SELECT * FROM posts WHERE slug = ?").bind(slug).first<PostRow>();
  return row ? postFromRow(row) : null;
}

/** What the console lists of a post: no body. */
export interface PostSummary {
  id: string;
  slug: string;
  title: string;
  author: string;
  state: PostState;
  publishedAt: string;
  publishedMs: number;
  updatedMs: number;
}

/** Every post in every state, newest first, without bodies. */
export async function listPostSummaries(db: D1Database): Promise<PostSummary[]> {
  const { results } = await db
    .prepare(
      "SELECT id, slug, title, author, state, published_at, published_ms, updated_ms FROM posts ORDER BY published_ms DESC, id",
    )
    .all<
      Pick<PostRow, "id" | "slug" | "title" | "author" | "state" | "published_at" | "published_ms" | "updated_ms">
    >();
  return results.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    author: r.author,
    state: r.state,
    publishedAt: r.published_at,
    publishedMs: r.published_ms,
    updatedMs: r.updated_ms,
  }));
}

/** How many posts are in each state. */
export async function countPostsByState(db: D1Database): Promise<Record<PostState, number>> {
  const counts: Record<PostState, number> = { draft: 0, scheduled: 0, published: 0, withdrawn: 0 };
  const { results } = await db
    .prepare("SELECT state, COUNT(*) AS n FROM posts GROUP BY state")
    .all<{ state: PostState; n: number }>();
  for (const r of results) counts[r.state] = r.n;
  return counts;
}

/**
 * Moves a post from one of `from` to `to` and bumps the content version, atomically; false when the
 * post is not in one of those states.
 */
export async function changePostState(
  db: D1Database,
  id: string,
  from: readonly PostState[],
  to: PostState,
): Promise<boolean> {
  const inFrom = from.map(() => "?").join(", ");
  const [bump, update] = await db.batch([
    db
      .prepare(
        `UPDATE site_state SET content_version = content_version + 1
         WHERE id = 1 AND EXISTS (SELECT 1 FROM posts WHERE id = ? AND state IN (${inFrom}))`,
      )
      .bind(id, ...from),
    db.prepare(`UPDATE posts SET state = ? WHERE id = ? AND state IN (${inFrom})`).bind(to, id, ...from),
  ]);
  return (update?.meta.changes ?? 0) > 0 && (bump?.meta.changes ?? 0) > 0;
}

/** Scheduled posts whose time has come become published, with one content version bump; returns how many. */
export async function publishDue(db: D1Database, nowMs: number): Promise<number> {
  const [, update] = await db.batch([
    db
      .prepare(
        `UPDATE site_state SET content_version = content_version + 1
         WHERE id = 1 AND EXISTS (SELECT 1 FROM posts WHERE state = 'scheduled' AND published_ms <= ?)`,
      )
      .bind(nowMs),
    db.prepare("UPDATE posts SET state = 'published' WHERE state = 'scheduled' AND published_ms <= ?").bind(nowMs),
  ]);
  return update?.meta.changes ?? 0;
}

/** The stored post an incoming one replaces: same permanent id, or (when no id is given) same slug. */
export async function findExisting(db: D1Database, id: string | undefined, slug: string): Promise<StoredPost | null> {
  const row = id
    ? await db.prepare("SELECT * FROM posts WHERE id = ?").bind(id).first<PostRow>()
    : await db.prepare("SELECT * FROM posts WHERE slug = ?").bind(slug).first<PostRow>();
  return row ? postFromRow(row) : null;
}

/** The id of the post that holds a slug, if any. */
export async function slugOwner(db: D1Database, slug: string): Promise<string | null> {
  return db.prepare("SELECT id FROM posts WHERE slug = ?").bind(slug).first<string>("id");
}

/** The values of a post's row, in column order: what is stored, and what D1's size limits apply to. */
export function postRowValues(post: StoredPost): (string | number | null)[] {
  return [
    post.id,
    post.slug,
    post.title,
    post.summary,
    post.author,
    JSON.stringify(post.tags),
    post.language,
    post.publishedAt,
    post.publishedMs,
    post.updatedAt,
    post.updatedMs,
    post.bodyMarkdown,
    post.bodyHtml,
    JSON.stringify(post.lead),
    JSON.stringify(post.sections),
    JSON.stringify(post.captions),
    post.keyPoints === null ? null : JSON.stringify(post.keyPoints),
    post.contentHash,
    post.state,
  ];
}

/** Inserts or replaces a post (in its state) by its permanent id and bumps the content version, atomically. */
export async function savePost(db: D1Database, post: StoredPost): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO posts (id, slug, title, summary, author, tags, language, published_at, published_ms,
           updated_at, updated_ms, body_markdown, body_html, lead, sections, captions, key_points, content_hash, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
         ON CONFLICT (id) DO UPDATE SET slug = ?2, title = ?3, summary = ?4, author = ?5, tags = ?6,
           language = ?7, published_at = ?8, published_ms = ?9, updated_at = ?10, updated_ms = ?11,
           body_markdown = ?12, body_html = ?13, lead = ?14, sections = ?15, captions = ?16,
           key_points = ?17, content_hash = ?18, state = ?19`,
      )
      .bind(...postRowValues(post)),
    db.prepare("UPDATE site_state SET content_version = content_version + 1 WHERE id = 1"),
  ]);
}
