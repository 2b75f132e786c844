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
}

export interface StoredPost extends Post {
  contentHash: string;
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
  };
}

async function withVersion(db: D1Database, stmt: D1PreparedStatement): Promise<Versioned<StoredPost[]>> {
  const { version, value } = await readAtVersion(db, [stmt]);
  return { version, value: ((value[0] ?? []) as PostRow[]).map(postFromRow) };
}

/** The newest posts first, with the content version they were read at. */
export function listPosts(db: D1Database, limit: number): Promise<Versioned<StoredPost[]>> {
  return withVersion(db, db.prepare("SELECT * FROM posts ORDER BY published_ms DESC, id LIMIT ?").bind(limit));
}

/** One post by slug (or null), with the content version it was read at. */
export async function getPostBySlug(db: D1Database, slug: string): Promise<Versioned<StoredPost | null>> {
  const { version, value } = await withVersion(db, db.prepare("SELECT * FROM posts WHERE slug = ?").bind(slug));
  return { version, value: value[0] ?? null };
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
  ];
}

/** Inserts or replaces a post by its permanent id and bumps the content version, atomically. */
export async function savePost(db: D1Database, post: StoredPost): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO posts (id, slug, title, summary, author, tags, language, published_at, published_ms,
           updated_at, updated_ms, body_markdown, body_html, lead, sections, captions, key_points, content_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (id) DO UPDATE SET slug = ?2, title = ?3, summary = ?4, author = ?5, tags = ?6,
           language = ?7, published_at = ?8, published_ms = ?9, updated_at = ?10, updated_ms = ?11,
           body_markdown = ?12, body_html = ?13, lead = ?14, sections = ?15, captions = ?16,
           key_points = ?17, content_hash = ?18`,
      )
      .bind(...postRowValues(post)),
    db.prepare("UPDATE site_state SET content_version = content_version + 1 WHERE id = 1"),
  ]);
}
