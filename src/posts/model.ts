// The post: written once as Markdown, then page, feed items and digest blocks.
import * as z from "zod/mini";
import { parseOffsetDateTime, YEAR_RANGE } from "../dates.ts";
import type { ImageFacts } from "../media/urls.ts";
import { cleanText } from "../text.ts";
import { MAX_NESTING, MAX_SECTIONS, nestingDepth, type Section } from "./markdown.ts";
import { isValidSlug } from "./slug.ts";

export interface KeyPoints {
  /** The section heading these points summarise. */
  section: string;
  points: string[];
}

/** A post's lead image as resolved against the media library when the post was saved. */
export interface PostImage extends ImageFacts {
  bytes: number;
  /** What the photo shows, for those who cannot see it; "" for a decorative image. */
  alt: string;
  caption: string | null;
  credit: string | null;
}

export interface Post {
  id: string;
  slug: string;
  title: string;
  summary: string;
  author: string;
  tags: string[];
  language: string;
  publishedAt: string;
  publishedMs: number;
  updatedAt: string;
  updatedMs: number;
  bodyMarkdown: string;
  bodyHtml: string;
  lead: string[];
  sections: Section[];
  captions: string[];
  keyPoints: KeyPoints[] | null;
  /** The lead image (home page thumbnail, link previews, feeds' enclosures, the digest), or null. */
  image: PostImage | null;
}

// One-line text (titles, names, tags, key points): line breaks and runs of spaces become one space,
// so a title can never carry a line break into a mail header or a feed's one-line field.
// zod/mini: the same rules as zod's chained API at a tenth of the Worker's bundle.
const text = (max: number) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((s) => cleanText(s).replace(/\s+/g, " ").trim()),
    ),
    z.string().check(z.minLength(1, "must not be empty"), z.maxLength(max, `must be at most ${max} characters`)),
  );

const offsetDateTime = z
  .string()
  .check(
    z.refine(
      (s) => parseOffsetDateTime(s) !== null,
      `must be an ISO 8601 date-time with its UTC offset (at most ±14:00), a real date and time in the years ${YEAR_RANGE.from} to ${YEAR_RANGE.to}, such as 2021-07-13T10:00:00+07:00`,
    ),
  );

/** The longest summary, the editor's or one made from the lead. */
export const SUMMARY_MAX = 2000;

/** What an editor submits to publish or update a post (the front matter plus the Markdown body). */
export const PostInputSchema = z.object({
  id: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
          "must be urn:uuid: followed by a lower-case UUID",
        ),
      ),
  ),
  slug: z.optional(
    z.string().check(z.refine(isValidSlug, "must be lower-case ASCII words joined by hyphens (a-z, 0-9, -)")),
  ),
  title: text(300),
  summary: z.optional(text(SUMMARY_MAX)),
  author: text(200),
  tags: z._default(
    z
      .array(text(60).check(z.refine((t) => !/[<>]/.test(t), "must not contain < or >")))
      .check(z.maxLength(20, "must have at most 20 tags")),
    [],
  ),
  language: z.optional(
    z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag such as vi")),
  ),
  published: offsetDateTime,
  updated: z.optional(offsetDateTime),
  key_points: z.optional(
    z
      .array(
        z.object({
          section: text(300),
          points: z
            .array(text(1000))
            .check(z.minLength(1, "must have at least one point"), z.maxLength(12, "must have at most 12 points")),
        }),
      )
      .check(z.maxLength(MAX_SECTIONS, `must have at most ${MAX_SECTIONS} entries`)),
  ),
  /** The lead image: a photo of the media library, by its URL (/media/<sha256>.<ext>, or on this site). */
  image: z.optional(z.string().check(z.maxLength(500, "must be at most 500 characters"))),
  /** Overrides the library's alt text for this post. */
  image_alt: z.optional(text(1000)),
  /** The image shows nothing a reader needs (it gets alt=""): instead of alt text. */
  image_decorative: z.optional(z.boolean()),
  /** Override the library's caption and credit for this post. */
  image_caption: z.optional(text(2000)),
  image_credit: z.optional(text(300)),
  /**
   * false: "not by email", no email of its own for readers who chose each post (it still appears in
   * the weekly digest). Absent: the post keeps what it has (a new post is by email).
   */
  by_email: z.optional(z.boolean()),
  markdown: z.pipe(
    z.pipe(
      z.string().check(
        z.maxLength(500_000, "must be at most 500,000 characters"),
        z.refine(
          (s) => nestingDepth(s) <= MAX_NESTING,
          `must not nest quotes or lists more than ${MAX_NESTING} levels deep (nor indent lines by more than ${MAX_NESTING * 2} spaces outside fenced code)`,
        ),
      ),
      z.transform((s) => cleanText(s)),
    ),
    z.string().check(z.refine((s) => s.trim() !== "", "must not be empty")),
  ),
});

export type PostInput = z.output<typeof PostInputSchema>;
