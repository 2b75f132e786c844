// Publishing: turn an editor's input into a stored post, idempotently.
import type { SiteConfig } from "../config.ts";
import { parseOffsetDateTime, zonedIso } from "../dates.ts";
import { sha256, toHex } from "../hash.ts";
import { sealArchives } from "./archive.ts";
import { type LimitProblem, postLimitProblems } from "./limits.ts";
import { renderMarkdown } from "./markdown.ts";
import { type PostInput, SUMMARY_MAX } from "./model.ts";
import { findExisting, type StoredPost, savePost, slugOwner } from "./repository.ts";
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

/** Publishes or updates a post. Re-publishing the same input changes nothing, not even `updated_at`. */
export async function publishPost(
  db: D1Database,
  input: PostInput,
  config: SiteConfig,
  nowMs: number,
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
      ]),
    ),
  );
  if (existing && existing.contentHash === contentHash && existing.withdrawnAt === null) {
    return { status: "unchanged", post: existing };
  }

  const body = renderMarkdown(input.markdown);
  const published = parseOffsetDateTime(input.published);
  if (!published) throw new RangeError("published was validated as an offset date-time");
  const updatedAt = input.updated ?? (existing ? zonedIso(nowMs, config.timeZone) : input.published);
  const updatedMs = parseOffsetDateTime(updatedAt)?.epochMs ?? nowMs;

  const post: StoredPost = {
    id: existing?.id ?? input.id ?? `urn:uuid:${crypto.randomUUID()}`,
    slug,
    title: input.title,
    summary: input.summary ?? derivedSummary(body.lead[0] ?? body.sections[0]?.paragraphs[0] ?? input.title),
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
    withdrawnAt: null,
    archivePage: existing?.withdrawnAt === null ? existing.archivePage : null,
  };
  const problems = await postLimitProblems(post, config);
  if (problems.length > 0) return invalid(problems);
  await savePost(db, post, existing?.slug);
  await sealArchives(db, nowMs);
  return { status: existing ? (existing.withdrawnAt === null ? "updated" : "restored") : "created", post };
}
