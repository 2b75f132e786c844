// The photos a post uses, resolved against the media library before it is saved: its lead image
// (front matter `image`) and the images of its body. A library photo must exist; every image needs
// alt text (the post's own, or the library's) unless it is marked decorative, because a reader who
// cannot see it hears that text instead.
import { message } from "../i18n/index.ts";
import { findMediaByHashes } from "../media/repository.ts";
import { parseMediaReference } from "../media/urls.ts";
import type { LimitProblem } from "./limits.ts";
import { type BodyImage, type ImageContext, imageReferences } from "./markdown.ts";
import type { PostImage, PostInput } from "./model.ts";

export type ResolvedImages =
  | {
      ok: true;
      image: PostImage | null;
      /** What rendering the body needs. */
      context: ImageContext;
      /** Every library photo the post uses, lead and body: the post_media rows. */
      used: string[];
    }
  | { ok: false; problems: LimitProblem[] };

/** Shortens a long reference for a message. */
const shown = (href: string) => (href.length > 90 ? `${href.slice(0, 87)}…` : href);

export async function resolvePostImages(db: D1Database, input: PostInput, siteUrl: string): Promise<ResolvedImages> {
  const problems: LimitProblem[] = [];
  const body = imageReferences(input.markdown);
  const leadRef = input.image === undefined ? null : parseMediaReference(input.image, siteUrl);
  const refs = body.map((b) => ({ ...b, ref: parseMediaReference(b.href, siteUrl) }));
  const hashes = [...new Set([leadRef?.hash, ...refs.map((r) => r.ref?.hash)].filter((h) => h !== undefined))];
  const rows = new Map((await findMediaByHashes(db, hashes)).map((m) => [m.hash, m]));

  let image: PostImage | null = null;
  if (input.image !== undefined) {
    const row = leadRef ? rows.get(leadRef.hash) : undefined;
    if (!leadRef) {
      problems.push({
        field: "image",
        message: `must be a photo of the media library, by its URL (/media/<sha256>.<ext>), got "${shown(input.image)}"`,
        console: message("console-posts.problem.imageNotLibrary"),
      });
    } else if (!row || row.type !== leadRef.type) {
      problems.push({
        field: "image",
        message: `names no photo of the media library (${shown(input.image)}): upload it first`,
        console: message("console-posts.problem.imageMissing", { ref: shown(input.image) }),
      });
    } else if (input.image_decorative && input.image_alt !== undefined) {
      problems.push({
        field: "image_alt",
        message:
          "is given for an image marked decorative: a decorative image has no alt text, so give one or the other",
        console: message("console-posts.problem.imageDecorativeAlt"),
      });
    } else {
      const alt = input.image_decorative ? "" : (input.image_alt ?? row.alt);
      if (alt === null) {
        problems.push({
          field: "image_alt",
          message:
            "is needed: the lead image has no alt text here or in the media library, and readers who cannot see it hear that text instead; write what it shows, or mark it decorative",
          console: message("console-posts.problem.imageAlt"),
        });
      } else {
        image = {
          hash: row.hash,
          type: row.type,
          width: row.width,
          height: row.height,
          bytes: row.bytes,
          alt,
          caption: input.image_caption ?? row.caption,
          credit: input.image_credit ?? row.credit,
        };
      }
    }
  }

  const media = new Map<string, BodyImage>();
  for (const { href, alt, ref } of refs) {
    const row = ref ? rows.get(ref.hash) : undefined;
    if (ref && (!row || row.type !== ref.type)) {
      problems.push({
        field: "markdown",
        message: `has an image that is not in the media library (${shown(href)}): upload it first`,
        console: message("console-posts.problem.imageMissing", { ref: shown(href) }),
      });
    } else if (alt === "" && (row?.alt ?? null) === null) {
      problems.push({
        field: "markdown",
        message: `has an image without alt text (${shown(href)}): readers who cannot see it hear that text instead; write what it shows between the brackets, ![…](…)${ref ? ", or in the media library (or mark it decorative there)" : ""}`,
        console: message("console-posts.problem.bodyImageAlt", { ref: shown(href) }),
      });
    }
    if (row) {
      media.set(row.hash, {
        hash: row.hash,
        type: row.type,
        width: row.width,
        height: row.height,
        alt: row.alt,
        caption: row.caption,
        credit: row.credit,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, image, context: { siteUrl, media }, used: hashes };
}
