// D1 storage of posts. The only place that runs SQL on the posts table.

import { forgetRenditions } from "../cache/memo.ts";
import { readAtVersion, type Versioned } from "../cache/repository.ts";
import type { Section } from "./markdown.ts";
import type { KeyPoints, Post, PostImage } from "./model.ts";

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
  /** JSON PostImage, or NULL (migration 0019). */
  image?: string | null;
  content_hash: string;
  withdrawn_at?: string | null;
  archive_page?: number | null;
  state: PostState;
}

/**
 * Where a post stands (migration 0012). Only `published` posts are shown anywhere readers look:
 * every public query here and in digest/repository.ts asks for `state = 'published'`.
 */
export type PostState = "draft" | "scheduled" | "published" | "withdrawn";

export interface StoredPost extends Post {
  contentHash: string;
  /** When the post was withdrawn (ISO 8601 with offset), or null while it is published. */
  withdrawnAt: string | null;
  /** The archive document that holds it (RFC 5005), or null while it is in the subscription feeds. */
  archivePage: number | null;
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
    image: row.image ? (JSON.parse(row.image) as PostImage) : null,
    contentHash: row.content_hash,
    withdrawnAt: row.withdrawn_at ?? null,
    archivePage: row.archive_page ?? null,
    state: row.state,
  };
}

async function withVersion(db: D1Database, stmt: D1PreparedStatement): Promise<Versioned<StoredPost[]>> {
  const { version, value } = await readAtVersion(db, [stmt]);
  return { version, value: ((value[0] ?? []) as PostRow[]).map(postFromRow) };
}

/**
 * Published posts only: drafts and scheduled posts are not shown yet, and a withdrawn post leaves every
 * page, feed, tag and archive.
 */
export const PUBLISHED = "state = 'published' AND withdrawn_ms IS NULL";
const NEWEST_FIRST = "ORDER BY published_ms DESC, id";

const newestPosts = (db: D1Database, limit: number) =>
  db.prepare(`SELECT * FROM posts WHERE ${PUBLISHED} ${NEWEST_FIRST} LIMIT ?`).bind(limit);

/** The newest published posts first, with the content version they were read at. */
export function listPosts(db: D1Database, limit: number): Promise<Versioned<StoredPost[]>> {
  return withVersion(db, newestPosts(db, limit));
}

const NEWEST_WITHDRAWAL = "SELECT coalesce(max(withdrawn_ms), 0) AS ms FROM posts";

/** The home page's posts (as listPosts) and the newest withdrawal, which changed the page too (0 when none). */
export async function readHomeSource(
  db: D1Database,
  limit: number,
): Promise<Versioned<{ posts: StoredPost[]; withdrawnMs: number }>> {
  const { version, value } = await readAtVersion(db, [newestPosts(db, limit), db.prepare(NEWEST_WITHDRAWAL)]);
  const withdrawnMs = (value[1]?.[0] as { ms: number } | undefined)?.ms ?? 0;
  return { version, value: { posts: ((value[0] ?? []) as PostRow[]).map(postFromRow), withdrawnMs } };
}

/** When a post was last withdrawn (0 when none): lists of posts changed then. */
export async function newestWithdrawalMs(db: D1Database): Promise<number> {
  return (await db.prepare(NEWEST_WITHDRAWAL).first<number>("ms")) ?? 0;
}

/** One published post by slug (or null), with the content version it was read at. */
export async function getPostBySlug(db: D1Database, slug: string): Promise<Versioned<StoredPost | null>> {
  const { version, value } = await withVersion(
    db,
    db.prepare(`SELECT * FROM posts WHERE slug = ? AND ${PUBLISHED}`).bind(slug),
  );
  return { version, value: value[0] ?? null };
}

/** What a slug that names no published post is: a withdrawn post, an earlier slug of a post, or nothing. */
export type SlugFate = { kind: "withdrawn"; withdrawnAt: string } | { kind: "moved"; slug: string } | null;

export async function slugFate(db: D1Database, slug: string): Promise<SlugFate> {
  const row = await db
    .prepare(
      `SELECT p.slug, p.withdrawn_at, (p.slug = ?1) AS current FROM posts p
       WHERE p.slug = ?1
          OR (p.id = (SELECT post_id FROM post_slugs WHERE slug = ?1) AND p.state IN ('published', 'withdrawn'))
       ORDER BY current DESC LIMIT 1`,
    )
    .bind(slug)
    .first<{ slug: string; withdrawn_at: string | null; current: number }>();
  if (!row) return null;
  if (row.current === 1) return row.withdrawn_at ? { kind: "withdrawn", withdrawnAt: row.withdrawn_at } : null;
  return { kind: "moved", slug: row.slug };
}

/**
 * Which archived posts the subscription feeds carry again because they were changed after being
 * sealed (RFC 5005 section 4: clients look for changes there, not in archive documents).
 */
export interface CorrectionRule {
  /** At most this many at once: the newest corrections. */
  shown: number;
  /** Each until this many archive documents have been sealed since it was made. */
  sealings: number;
}

/** The ids of the corrections the subscription feeds carry now (a subquery). */
function currentCorrections(rule: CorrectionRule): string {
  if (!Number.isInteger(rule.shown) || !Number.isInteger(rule.sealings)) throw new RangeError("whole numbers only");
  return `SELECT id FROM posts c WHERE ${PUBLISHED} AND archive_page IS NOT NULL AND corrected_ms IS NOT NULL
      AND (SELECT count(*) FROM archive_pages a WHERE a.sealed_ms >= c.corrected_ms) < ${rule.sealings}
    ORDER BY corrected_ms DESC, id LIMIT ${rule.shown}`;
}

/** What a feed document is built from: its posts, newest first, and its newest change that is no post's own. */
export interface FeedSource {
  posts: StoredPost[];
  /** The newest withdrawal from it, or the sealing of an archive it links to (0 when none). */
  changedMs: number;
  /** The newest archive document's number (0 when none was sealed). */
  newestArchive: number;
}

/**
 * The posts of the subscription feeds: published and not yet in an archive document, and the archived
 * ones corrected lately (`rule`); with the archives.
 */
export async function readSubscriptionSource(db: D1Database, rule: CorrectionRule): Promise<Versioned<FeedSource>> {
  const { version, value } = await readAtVersion(db, [
    db.prepare(
      `SELECT * FROM posts WHERE ${PUBLISHED} AND (archive_page IS NULL OR id IN (${currentCorrections(rule)}))
       ${NEWEST_FIRST}`,
    ),
    // A withdrawn correction left the feeds too (perhaps long after it had left them anyway: an upper bound).
    db.prepare(
      `SELECT coalesce(max(number), 0) AS newest, coalesce(max(sealed_ms), 0) AS sealed_ms,
         (SELECT coalesce(max(withdrawn_ms), 0) FROM posts
          WHERE archive_page IS NULL OR corrected_ms IS NOT NULL) AS withdrawn_ms
       FROM archive_pages`,
    ),
  ]);
  const meta = value[1]?.[0] as { newest: number; sealed_ms: number; withdrawn_ms: number } | undefined;
  return {
    version,
    value: {
      posts: ((value[0] ?? []) as PostRow[]).map(postFromRow),
      changedMs: Math.max(meta?.sealed_ms ?? 0, meta?.withdrawn_ms ?? 0),
      newestArchive: meta?.newest ?? 0,
    },
  };
}

/** One archive document's published posts, newest first; null when it does not exist. */
export async function readArchiveSource(db: D1Database, number: number): Promise<Versioned<FeedSource | null>> {
  const { version, value } = await readAtVersion(db, [
    db
      .prepare(
        `SELECT sealed_ms, (SELECT max(number) FROM archive_pages) AS newest,
           (SELECT sealed_ms FROM archive_pages WHERE number = ?1 + 1) AS next_sealed_ms,
           (SELECT coalesce(max(withdrawn_ms), 0) FROM posts WHERE archive_page = ?1) AS withdrawn_ms
         FROM archive_pages WHERE number = ?1`,
      )
      .bind(number),
    db.prepare(`SELECT * FROM posts WHERE archive_page = ? AND ${PUBLISHED} ${NEWEST_FIRST}`).bind(number),
  ]);
  const page = value[0]?.[0] as
    | { sealed_ms: number; newest: number; next_sealed_ms: number | null; withdrawn_ms: number }
    | undefined;
  if (!page) return { version, value: null };
  return {
    version,
    value: {
      posts: ((value[1] ?? []) as PostRow[]).map(postFromRow),
      changedMs: Math.max(page.sealed_ms, page.next_sealed_ms ?? 0, page.withdrawn_ms),
      newestArchive: page.newest,
    },
  };
}

/** One tag of one post: the raw pairs the tag index is built from. */
export interface TagUse {
  tag: string;
  postId: string;
  publishedMs: number;
  updatedMs: number;
  /** Set for a withdrawn post: when it left the tag's feeds. */
  withdrawnMs: number | null;
}

/** Every (tag, post) pair, published posts newest first, then withdrawn ones, with the content version. */
export async function readTagUses(db: D1Database): Promise<Versioned<TagUse[]>> {
  const { version, value } = await readAtVersion(db, [
    db.prepare(
      `SELECT j.value AS tag, p.id, p.published_ms, p.updated_ms, p.withdrawn_ms FROM posts p, json_each(p.tags) j
       WHERE p.state IN ('published', 'withdrawn')
       ORDER BY p.withdrawn_ms IS NOT NULL, p.published_ms DESC, p.id`,
    ),
  ]);
  const rows = (value[0] ?? []) as {
    tag: string;
    id: string;
    published_ms: number;
    updated_ms: number;
    withdrawn_ms: number | null;
  }[];
  return {
    version,
    value: rows.map((r) => ({
      tag: r.tag,
      postId: r.id,
      publishedMs: r.published_ms,
      updatedMs: r.updated_ms,
      withdrawnMs: r.withdrawn_ms,
    })),
  };
}

/** Published posts by id, newest first (at most `limit`). */
export async function getPostsByIds(db: D1Database, ids: readonly string[], limit: number): Promise<StoredPost[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM posts WHERE id IN (SELECT value FROM json_each(?)) AND ${PUBLISHED} ${NEWEST_FIRST} LIMIT ?`,
    )
    .bind(JSON.stringify(ids), limit)
    .all<PostRow>();
  return results.map(postFromRow);
}

/** Where a published post can be found, for the sitemap. */
export interface PostLocation {
  slug: string;
  updatedAt: string;
  updatedMs: number;
}

export async function listPostLocations(db: D1Database): Promise<PostLocation[]> {
  const { results } = await db
    .prepare(`SELECT slug, updated_at, updated_ms FROM posts WHERE ${PUBLISHED} ${NEWEST_FIRST}`)
    .all<{ slug: string; updated_at: string; updated_ms: number }>();
  return results.map((r) => ({ slug: r.slug, updatedAt: r.updated_at, updatedMs: r.updated_ms }));
}

/** Who wrote a post (null: before staff accounts, or the ADMIN_TOKEN) and its state, by slug or by id. */
export async function postAuthority(
  db: D1Database,
  ref: { slug: string } | { id: string },
): Promise<{ authorId: number | null; state: PostState } | null> {
  const row = await db
    .prepare(`SELECT author_id, state FROM posts WHERE ${"slug" in ref ? "slug" : "id"} = ?`)
    .bind("slug" in ref ? ref.slug : ref.id)
    .first<{ author_id: number | null; state: PostState }>();
  return row ? { authorId: row.author_id, state: row.state } : null;
}

/** The ids of the posts a person wrote. */
export async function postIdsBy(db: D1Database, authorId: number): Promise<Set<string>> {
  const { results } = await db.prepare("SELECT id FROM posts WHERE author_id = ?").bind(authorId).all<{ id: string }>();
  return new Set(results.map((r) => r.id));
}

/** One post by slug in any state (the console edits drafts too), or null. */
export async function findBySlug(db: D1Database, slug: string): Promise<StoredPost | null> {
  const row = await db.prepare("SELECT * FROM posts WHERE slug = ?").bind(slug).first<PostRow>();
  return row ? postFromRow(row) : null;
}

/** A post as the admin list and the console show it: no body. */
export interface PostSummary {
  id: string;
  slug: string;
  title: string;
  author: string;
  state: PostState;
  publishedAt: string;
  publishedMs: number;
  updatedAt: string;
  updatedMs: number;
  tags: string[];
  withdrawnAt: string | null;
  archivePage: number | null;
  /** false: "not by email" (no email of its own for readers who chose each post). */
  byEmail: boolean;
}

/** Every post in every state, newest first, without bodies. */
export async function listPostSummaries(db: D1Database): Promise<PostSummary[]> {
  const { results } = await db
    .prepare(
      `SELECT id, slug, title, author, state, published_at, published_ms, updated_at, updated_ms, tags, withdrawn_at,
         archive_page, by_email FROM posts ${NEWEST_FIRST}`,
    )
    .all<
      Pick<
        PostRow,
        | "id"
        | "slug"
        | "title"
        | "author"
        | "state"
        | "published_at"
        | "published_ms"
        | "updated_at"
        | "updated_ms"
        | "tags"
        | "withdrawn_at"
        | "archive_page"
      > & { by_email: number }
    >();
  return results.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    author: r.author,
    state: r.state,
    publishedAt: r.published_at,
    publishedMs: r.published_ms,
    updatedAt: r.updated_at,
    updatedMs: r.updated_ms,
    tags: JSON.parse(r.tags) as string[],
    withdrawnAt: r.withdrawn_at ?? null,
    archivePage: r.archive_page ?? null,
    byEmail: r.by_email !== 0,
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

/** A scheduled post whose time has come. */
export interface DuePost {
  id: string;
  title: string;
  slug: string;
}

/** The scheduled posts whose time has come, oldest first. */
export function duePostsQuery(db: D1Database, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      "SELECT id, title, slug FROM posts WHERE state = 'scheduled' AND published_ms <= ? ORDER BY published_ms, id",
    )
    .bind(nowMs);
}

/**
 * Scheduled posts whose time has come become published, with one content version bump, in one
 * transaction; each post's `recorded` statements (its audit record first, which must insert only if the
 * post was published just before it: auditStatement's `ifChanged`; the same number for every post) in
 * the same. Returns how many.
 */
export async function publishDue(
  db: D1Database,
  nowMs: number,
  recorded?: (post: DuePost) => D1PreparedStatement[],
  /** The due posts, when the caller read them (duePostsQuery) with other reads of its own. */
  known?: readonly DuePost[],
): Promise<number> {
  const due = known ?? (await duePostsQuery(db, nowMs).all<DuePost>()).results;
  if (due.length === 0) return 0;
  const results = await db.batch([
    db
      .prepare(
        `UPDATE site_state SET content_version = content_version + 1
         WHERE id = 1 AND EXISTS (SELECT 1 FROM posts WHERE state = 'scheduled' AND published_ms <= ?)`,
      )
      .bind(nowMs),
    // One post at a time, each still scheduled (another run may have published it meanwhile).
    ...due.flatMap((p) => [
      db
        .prepare("UPDATE posts SET state = 'published' WHERE id = ? AND state = 'scheduled' AND published_ms <= ?")
        .bind(p.id, nowMs),
      ...(recorded ? recorded(p) : []),
    ]),
  ]);
  forgetRenditions();
  const step = recorded && due[0] ? 1 + recorded(due[0]).length : 1;
  return results.slice(1).filter((r, i) => i % step === 0 && (r.meta.changes ?? 0) > 0).length;
}

/** The stored post an incoming one replaces: same permanent id, or (when no id is given) same slug; in any state. */
export async function findExisting(db: D1Database, id: string | undefined, slug: string): Promise<StoredPost | null> {
  const row = id
    ? await db.prepare("SELECT * FROM posts WHERE id = ?").bind(id).first<PostRow>()
    : await db.prepare("SELECT * FROM posts WHERE slug = ?").bind(slug).first<PostRow>();
  return row ? postFromRow(row) : null;
}

/** A post by its current slug, an earlier slug of it, or its id; withdrawn ones too. */
export async function findPostByReference(db: D1Database, ref: string): Promise<StoredPost | null> {
  const row = await db
    .prepare(
      `SELECT * FROM posts WHERE slug = ?1 OR id = ?1 OR id = (SELECT post_id FROM post_slugs WHERE slug = ?1)
       ORDER BY (slug = ?1) DESC, (id = ?1) DESC LIMIT 1`,
    )
    .bind(ref)
    .first<PostRow>();
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
    post.image === null ? null : JSON.stringify(post.image),
  ];
}

const BUMP_VERSION = "UPDATE site_state SET content_version = content_version + 1 WHERE id = 1";

/**
 * Inserts or replaces a post (in its state) by its permanent id and, when readers can see the change
 * (`visible`: the post is or was public), bumps the content version, atomically: a draft's saves
 * leave every page and feed as built. A withdrawn post saved again is restored, as a post not yet
 * in any archive document; a changed slug keeps the previous one answering with a redirect. A post
 * in an archive document stays there and becomes a correction made at `nowMs` (see CorrectionRule).
 */
export async function savePost(
  db: D1Database,
  post: StoredPost,
  previousSlug: string | undefined,
  visible: boolean,
  nowMs: number,
  /** The hashes of the library photos the post uses (lead image and body). */
  mediaUsed: readonly string[] = [],
  /** The person who writes a new post (kept when it is saved again); null for the ADMIN_TOKEN. */
  authorId: number | null = null,
  /** Statements that belong to the same change (its audit record): run in the same transaction. */
  also: readonly D1PreparedStatement[] = [],
): Promise<void> {
  const moved = previousSlug !== undefined && previousSlug !== post.slug;
  await db.batch([
    db
      .prepare(
        `INSERT INTO posts (id, slug, title, summary, author, tags, language, published_at, published_ms,
           updated_at, updated_ms, body_markdown, body_html, lead, sections, captions, key_points, content_hash, state,
           image, author_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?22)
         ON CONFLICT (id) DO UPDATE SET slug = ?2, title = ?3, summary = ?4, author = ?5, tags = ?6,
           language = ?7, published_at = ?8, published_ms = ?9, updated_at = ?10, updated_ms = ?11,
           body_markdown = ?12, body_html = ?13, lead = ?14, sections = ?15, captions = ?16,
           key_points = ?17, content_hash = ?18, state = ?19, image = ?20,
           archive_page = CASE WHEN posts.withdrawn_ms IS NULL THEN posts.archive_page END,
           corrected_ms = CASE WHEN posts.withdrawn_ms IS NULL AND posts.archive_page IS NOT NULL THEN ?21 END,
           withdrawn_at = NULL, withdrawn_ms = NULL`,
      )
      .bind(...postRowValues(post), nowMs, authorId),
    // Which photos the post uses now (its lead image and those in its body).
    db.prepare("DELETE FROM post_media WHERE post_id = ?").bind(post.id),
    db
      .prepare("INSERT OR IGNORE INTO post_media (post_id, hash) SELECT ?, value FROM json_each(?)")
      .bind(post.id, JSON.stringify(mediaUsed)),
    // The slug is this post's now, whoever had it before.
    db.prepare("DELETE FROM post_slugs WHERE slug = ?").bind(post.slug),
    ...(moved
      ? [
          db
            .prepare(
              "INSERT INTO post_slugs (slug, post_id) VALUES (?, ?) ON CONFLICT (slug) DO UPDATE SET post_id = excluded.post_id",
            )
            .bind(previousSlug, post.id),
        ]
      : []),
    ...(visible ? [db.prepare(BUMP_VERSION)] : []),
    ...also,
  ]);
  if (visible) forgetRenditions();
}

/**
 * Withdraws a published post and bumps the content version; false when it was not published.
 * `recorded`, the withdrawal's audit record, runs between the two and must itself insert only when
 * the post was withdrawn (auditStatement's `ifChanged`), so the bump still follows the withdrawal.
 */
export async function markWithdrawn(
  db: D1Database,
  id: string,
  nowIso: string,
  nowMs: number,
  recorded?: D1PreparedStatement,
  /** Statements that follow the withdrawal in its transaction (its email cancelled). */
  also: readonly D1PreparedStatement[] = [],
): Promise<boolean> {
  const [res] = await db.batch([
    db
      .prepare(
        "UPDATE posts SET withdrawn_at = ?, withdrawn_ms = ?, state = 'withdrawn' WHERE id = ? AND withdrawn_ms IS NULL AND state = 'published'",
      )
      .bind(nowIso, nowMs, id),
    ...(recorded ? [recorded] : []),
    db.prepare(`${BUMP_VERSION} AND changes() > 0`),
    ...also,
  ]);
  const withdrawn = (res?.meta.changes ?? 0) > 0;
  if (withdrawn) forgetRenditions();
  return withdrawn;
}

/**
 * Seals the `pageSize` oldest posts of the subscription feeds into the next archive document when the
 * feeds hold at least `keep + pageSize` entries (unarchived posts and the corrections `rule` shows);
 * one page per call. Each statement runs only when the one before changed something (`changes()`),
 * inside one transaction, so two callers at once seal one page. True when one was sealed.
 */
export async function sealArchivePage(
  db: D1Database,
  keep: number,
  pageSize: number,
  rule: CorrectionRule,
  nowMs: number,
): Promise<boolean> {
  const due = `(SELECT count(*) FROM posts WHERE ${PUBLISHED} AND archive_page IS NULL)
    + (SELECT count(*) FROM (${currentCorrections(rule)})) >= ${keep + pageSize}`;
  const [page] = await db.batch([
    db
      .prepare(
        `INSERT INTO archive_pages (number, sealed_ms)
         SELECT (SELECT coalesce(max(number), 0) + 1 FROM archive_pages), ? WHERE ${due}`,
      )
      .bind(nowMs),
    db
      .prepare(
        `UPDATE posts SET archive_page = (SELECT max(number) FROM archive_pages)
         WHERE changes() > 0 AND id IN (SELECT id FROM posts WHERE ${PUBLISHED} AND archive_page IS NULL
           ORDER BY published_ms, id LIMIT ?)`,
      )
      .bind(pageSize),
    db.prepare(`${BUMP_VERSION} AND changes() > 0`),
  ]);
  // Nothing sealed, nothing bumped: the memo stays valid.
  const sealed = (page?.meta.changes ?? 0) > 0;
  if (sealed) forgetRenditions();
  return sealed;
}
