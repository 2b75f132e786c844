// Publishing: turn an editor's input into a stored post, idempotently.
import type { SiteConfig } from "../config.ts";
import { parseOffsetDateTime, zonedIso } from "../dates.ts";
import { sha256, toHex } from "../hash.ts";
import { renderMarkdown } from "./markdown.ts";
import type { PostInput } from "./model.ts";
import { findExisting, type StoredPost, savePost, slugOwner } from "./repository.ts";
import { slugify } from "./slug.ts";

export type PublishResult =
  | { status: "created" | "updated" | "unchanged"; post: StoredPost }
  | { status: "conflict"; message: string };

/** Publishes or updates a post. Re-publishing the same input changes nothing, not even `updated_at`. */
export async function publishPost(
  db: D1Database,
  input: PostInput,
  config: SiteConfig,
  nowMs: number,
): Promise<PublishResult> {
  const slug = input.slug ?? slugify(input.title);
  if (slug === "") return { status: "conflict", message: "The title gives no slug; set `slug` explicitly." };
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
      ]),
    ),
  );
  if (existing && existing.contentHash === contentHash) return { status: "unchanged", post: existing };

  const body = renderMarkdown(input.markdown);
  const published = parseOffsetDateTime(input.published);
  if (!published) throw new RangeError("published was validated as an offset date-time");
  const updatedAt = input.updated ?? (existing ? zonedIso(nowMs, config.timeZone) : input.published);
  const updatedMs = parseOffsetDateTime(updatedAt)?.epochMs ?? nowMs;

  const post: StoredPost = {
    id: existing?.id ?? input.id ?? `urn:uuid:${crypto.randomUUID()}`,
    slug,
    title: input.title,
    summary: input.summary ?? body.lead[0] ?? body.sections[0]?.paragraphs[0] ?? input.title,
    author: input.author,
    tags: input.tags,
    language,
    publishedAt: input.published,
    publishedMs: published.epochMs,
    updatedAt,
    updatedMs,
    bodyMarkdown: input.markdown,
    bodyHtml: body.html,
    lead: body.lead,
    sections: body.sections,
    captions: body.captions,
    keyPoints: input.key_points ?? null,
    contentHash,
  };
  await savePost(db, post);
  return { status: existing ? "updated" : "created", post };
}
