// Publishing: turn an editor's input into a stored post, idempotently.
import { type AuditAction, type AuditWho, SYSTEM_WHO } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import type { SiteConfig } from "../config.ts";
import { parseOffsetDateTime, zonedIso } from "../dates.ts";
import { emailOnPublish } from "../delivery/post-sends.ts";
import { cancelStatement, setByEmailStatement } from "../delivery/sends-repository.ts";
import { sha256, toHex } from "../hash.ts";
import { sealArchives } from "./archive.ts";
import { resolvePostImages } from "./images.ts";
import { type LimitProblem, postLimitProblems } from "./limits.ts";
import { type ImageContext, renderMarkdown } from "./markdown.ts";
import { type PostImage, type PostInput, SUMMARY_MAX } from "./model.ts";
import {
  type DuePost,
  findExisting,
  type PostState,
  publishDue,
  type StoredPost,
  savePost,
  slugOwner,
} from "./repository.ts";
import { slugify } from "./slug.ts";

export type PublishResult =
  /** "restored": a withdrawn post published again. */
  | { status: "created" | "updated" | "unchanged" | "restored"; post: StoredPost }
  /** Input that cannot be published as it is (a 400): what is wrong, field by field. */
  | { status: "invalid"; error: string; fields: LimitProblem[] }
  | { status: "conflict"; message: string };

const invalid = (fields: LimitProblem[]): PublishResult => ({
  status: "invalid",
  error: `Invalid input: ${fields.map((f) => `${f.field} ${f.message}`).join("; ")}.`,
  fields,
});

/** A summary made from the lead, cut to the length an editor's own summary may have. */
function derivedSummary(text: string): string {
  if (text.length <= SUMMARY_MAX) return text;
  const cut = text.slice(0, SUMMARY_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > SUMMARY_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const summaryFrom = (lead: readonly string[], sections: StoredPost["sections"], title: string) =>
  derivedSummary(lead[0] ?? sections[0]?.paragraphs[0] ?? title);

/** Whether a post's summary is the one made from its lead (the editor wrote none). */
export function summaryIsDerived(post: StoredPost): boolean {
  return post.summary === summaryFrom(post.lead, post.sections, post.title);
}

/** The stored form of an input: its Markdown rendered, its summary made from the lead when not given. */
function buildPost(
  input: PostInput,
  config: SiteConfig,
  images: { image: PostImage | null; context?: ImageContext | undefined },
  fixed: Pick<StoredPost, "id" | "slug" | "updatedAt" | "contentHash" | "state" | "withdrawnAt" | "archivePage">,
): StoredPost {
  const body = renderMarkdown(input.markdown, images.context);
  const published = parseOffsetDateTime(input.published);
  if (!published) throw new RangeError("published was validated as an offset date-time");
  return {
    ...fixed,
    title: input.title,
    summary: input.summary ?? summaryFrom(body.lead, body.sections, input.title),
    author: input.author,
    tags: input.tags,
    language: input.language ?? config.language,
    publishedAt: input.published,
    publishedMs: published.epochMs,
    updatedMs: parseOffsetDateTime(fixed.updatedAt)?.epochMs ?? published.epochMs,
    bodyMarkdown: input.markdown,
    bodyHtml: body.html,
    lead: body.lead,
    sections: body.sections,
    captions: body.captions,
    keyPoints: input.key_points ?? null,
    image: images.image,
  };
}

/**
 * A post as it would be published, for the console's preview: nothing is stored. Its photos as the
 * library has them (a preview of an image that is not there, or has no alt text yet, shows the post
 * without it: publishing says what is wrong).
 */
export async function previewPost(db: D1Database, input: PostInput, config: SiteConfig): Promise<StoredPost> {
  const resolved = await resolvePostImages(db, input, config.siteUrl);
  const images = resolved.ok ? resolved : { image: null, context: undefined };
  return buildPost(input, config, images, {
    id: input.id ?? "urn:uuid:00000000-0000-4000-8000-000000000000",
    slug: input.slug ?? (slugify(input.title) || "xem-truoc"),
    updatedAt: input.updated ?? input.published,
    contentHash: "",
    state: "draft",
    withdrawnAt: null,
    archivePage: null,
  });
}

/** What the console saves a post as; the admin API lets the date decide (published, or scheduled when to come). */
export type SaveAs = "draft" | "scheduled" | "published";

/**
 * How far ahead a date may be and still mean "now": the console's form fills in "now" when the
 * editor opens it, and a script's clock may run a little ahead of the Worker's.
 */
export const NOW_SLACK_MS = 60_000;

/** A post readers have seen (or see): its later edits are changes, with their own `updated` time. */
const hasBeenVisible = (post: StoredPost) => post.state === "published" || post.state === "withdrawn";

/** The fields of a post an edit changed, by the names of the admin API's input. */
export function changedFields(before: StoredPost, after: StoredPost): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const fields: [string, unknown, unknown][] = [
    ["title", before.title, after.title],
    ["slug", before.slug, after.slug],
    ["author", before.author, after.author],
    ["published", before.publishedAt, after.publishedAt],
    ["tags", before.tags, after.tags],
    ["summary", before.summary, after.summary],
    ["language", before.language, after.language],
    ["markdown", before.bodyMarkdown, after.bodyMarkdown],
    ["key_points", before.keyPoints, after.keyPoints],
    ["image", before.image, after.image],
  ];
  return fields.filter(([, a, b]) => !same(a, b)).map(([name]) => name);
}

/** What saving a post did, as the audit log names it. */
function saveAction(existing: StoredPost | null, state: PostState): AuditAction {
  if (state === "draft") return "post.draft";
  if (state === "scheduled") return "post.schedule";
  if (existing !== null && existing.withdrawnAt !== null) return "post.restore";
  return existing && hasBeenVisible(existing) ? "post.update" : "post.publish";
}

/**
 * Publishes or updates a post. Re-publishing the same input changes nothing, not even `updated_at`.
 *
 * Without `saveAs` (the admin API, `npm run publish`) the date decides, as the console's buttons do: a
 * new or changed post is published when its date has come, and scheduled when it is to come (the
 * cron publishes it then; a post readers have seen cannot be scheduled again); an unchanged one keeps
 * its state (so re-running the publisher never republishes what the editor withdrew). With `saveAs`
 * (the console) the post ends in that state: a draft, scheduled (its date must be to come), or
 * published now (its date must have come).
 */
export async function publishPost(
  db: D1Database,
  input: PostInput,
  config: SiteConfig,
  nowMs: number,
  saveAs?: SaveAs,
  /** Who writes it, if a person (the author of a new post; an existing post keeps its own). */
  authorId: number | null = null,
  /** Who saves it, for the audit log (its record is written in the same transaction as the post). */
  who?: AuditWho,
): Promise<PublishResult> {
  const slug = input.slug ?? slugify(input.title);
  if (slug === "") {
    return invalid([{ field: "slug", message: "is needed: the title has no letters or digits to make one from" }]);
  }
  const existing = await findExisting(db, input.id, slug);
  const owner = await slugOwner(db, slug);
  if (owner !== null && owner !== existing?.id) {
    return { status: "conflict", message: `The slug "${slug}" already belongs to another post (${owner}).` };
  }

  const language = input.language ?? config.language;
  const contentHash = toHex(
    await sha256(
      JSON.stringify([
        slug,
        input.title,
        input.summary,
        input.author,
        input.tags,
        language,
        input.published,
        input.updated,
        input.key_points,
        input.markdown,
        // Only when given, so posts without a lead image keep the hash they were stored with.
        ...(input.image === undefined
          ? []
          : [input.image, input.image_alt, input.image_decorative, input.image_caption, input.image_credit]),
      ]),
    ),
  );
  const published = parseOffsetDateTime(input.published);
  if (!published) throw new RangeError("published was validated as an offset date-time");
  const unchanged = existing !== null && existing.contentHash === contentHash;
  const toCome = published.epochMs > nowMs + NOW_SLACK_MS;
  // What readers have seen is updated or withdrawn; it never silently turns back into a draft.
  if (saveAs === undefined && toCome && !unchanged && existing && hasBeenVisible(existing)) {
    return invalid([
      {
        field: "published",
        message:
          "is in the future, but readers have seen this post, so it cannot be scheduled again: give the time it was published (or withdraw it)",
      },
    ]);
  }
  if ((saveAs === "draft" || saveAs === "scheduled") && existing && hasBeenVisible(existing)) {
    return invalid([
      {
        field: "published",
        message: `cannot go back to a ${saveAs} post: readers have seen this one (publish the change, or withdraw it)`,
      },
    ]);
  }
  if (saveAs === "scheduled" && published.epochMs <= nowMs) {
    return invalid([{ field: "published", message: "must be in the future to schedule the post" }]);
  }
  if (saveAs === "published" && toCome) {
    return invalid([
      { field: "published", message: "is in the future: schedule the post for then, or give a time that has come" },
    ]);
  }
  // Re-publishing unchanged input keeps the post's state: restarting `npm start` (which publishes every
  // file) never brings back what the editor withdrew; a changed post, or the console, publishes it again.
  const state: PostState = saveAs ?? (unchanged ? existing.state : toCome ? "scheduled" : "published");
  if (unchanged && existing.state === state) {
    return { status: "unchanged", post: existing };
  }

  const images = await resolvePostImages(db, input, config.siteUrl);
  if (!images.ok) return invalid(images.problems);

  // Until readers have seen a post, it has not changed for them: updated = published.
  const updatedAt =
    input.updated ?? (existing && hasBeenVisible(existing) ? zonedIso(nowMs, config.timeZone) : input.published);
  const post = buildPost(input, config, images, {
    id: existing?.id ?? input.id ?? `urn:uuid:${crypto.randomUUID()}`,
    slug,
    updatedAt,
    contentHash,
    state,
    withdrawnAt: null,
    archivePage: existing?.withdrawnAt === null ? existing.archivePage : null,
  });
  const problems = await postLimitProblems(post, config);
  if (problems.length > 0) return invalid(problems);
  // Drafts and scheduled posts are nowhere readers look until published: saving them changes no page.
  const visible = state === "published" || (existing !== null && hasBeenVisible(existing));
  const recorded = who
    ? [
        auditStatement(db, {
          who,
          atMs: nowMs,
          action: saveAction(existing, state),
          object: { type: "post", id: post.id },
          detail: {
            title: post.title,
            slug: post.slug,
            ...(existing ? { from: existing.state, changed: changedFields(existing, post) } : {}),
          },
        }),
      ]
    : [];
  const action = saveAction(existing, state);
  const email = [
    // "Not by email", when the input says: before the email is scheduled, which reads it. Marking it
    // cancels an email still waiting; unmarking schedules none here (POST /admin/posts/:slug/email
    // does), so a script that always sends by_email: true never mails an old post.
    ...(input.by_email === undefined ? [] : [setByEmailStatement(db, post.id, input.by_email)]),
    ...(input.by_email === false ? [cancelStatement(db, post.id, "not-by-email", nowMs)] : []),
    ...emailOnPublish(db, post.id, action, nowMs),
  ];
  await savePost(db, post, existing?.slug, visible, nowMs, images.used, authorId, [...recorded, ...email]);
  // A post, or a correction, in the subscription feeds may fill an archive page.
  if (visible) await sealArchives(db, nowMs);
  const restored = existing !== null && existing.withdrawnAt !== null && state === "published";
  return { status: restored ? "restored" : existing ? "updated" : "created", post };
}

/** Publishes the scheduled posts whose time has come (every cron run), each on record; returns how many. */
export async function publishDuePosts(
  db: D1Database,
  nowMs: number,
  /** The due posts, when the caller read them already (duePostsQuery). */
  known?: readonly DuePost[],
): Promise<number> {
  const n = await publishDue(
    db,
    nowMs,
    (p) => [
      auditStatement(
        db,
        {
          who: SYSTEM_WHO,
          atMs: nowMs,
          action: "post.publish",
          object: { type: "post", id: p.id },
          detail: { title: p.title, slug: p.slug, from: "scheduled" },
        },
        { ifChanged: true },
      ),
      // Its own email, for the readers who chose each post, after the grace delay.
      ...emailOnPublish(db, p.id, "post.publish", nowMs),
    ],
    known,
  );
  // They join the subscription feed: older posts may now belong in a sealed archive page.
  if (n > 0) await sealArchives(db, nowMs);
  return n;
}
