// What one post may hold, so that what is built from it can always be stored and sent. Pure.
//
// D1 stores at most 2,000,000 bytes in one value or one row, and at most 100 KB of SQL text and 100
// bound parameters in one statement (bantin's statements are fixed text with bound values, so only
// the first limit depends on content). What is stored per post and from posts:
//   the post's row                       markdown, HTML, and the lead/sections/captions/key points as JSON
//   each feed (RSS, Atom, JSON Feed)      one value holding the 20 newest posts in full (FEED_SIZE)
//   the post page                         one value: the post's HTML in the site's frame
//   a digest                              one row: its content as JSON, the email and web renderings
//                                         (HTML and text) of every post it covers
// So each post may take at most a twentieth of a feed, with room left for the channel: 96,000 bytes;
// and a twelfth of a digest row: 160,000 bytes. A digest renders each key point several times over
// (JSON, email and web HTML with inline styles, two plain texts: about 13 bytes stored per byte of
// text), so a long report of 30 sections and 90 paragraphs takes some 125 KB there; twelve such
// reports in one weekly digest still fit.
import type { SiteConfig } from "../config.ts";
import { composeDigest } from "../digest/compose.ts";
import { renderDigestEmail, renderDigestWeb } from "../digest/render.ts";
import { FEED_SIZE, type FeedFormat, renderFeed } from "../feeds/build.ts";
import { MAX_NESTING, MAX_SECTIONS } from "./markdown.ts";
import { postRowValues, type StoredPost } from "./repository.ts";

export const D1_MAX_VALUE_BYTES = 2_000_000;

export const POST_LIMITS = {
  /** `##` sections. */
  sections: MAX_SECTIONS,
  /** Characters in a section heading, as in a title. */
  heading: 300,
  /** Levels of quotes and lists. */
  nesting: MAX_NESTING,
  /** Bytes one post may take in each feed: 20 of them, and the channel, in one 2 MB value. */
  feedItemBytes: 96_000,
  /** Bytes one post may take in a digest's row (content JSON, email and web HTML and text): 12 in 2 MB. */
  digestBytes: 160_000,
  /** Bytes of the post's own row, with room for the record's own overhead. */
  rowBytes: 1_900_000,
} as const;

/** How many posts a digest may cover and still be stored, at the per-post limits above. */
export const DIGEST_POSTS_AT_LIMIT = Math.floor(D1_MAX_VALUE_BYTES / POST_LIMITS.digestBytes);

export interface LimitProblem {
  field: string;
  message: string;
}

const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s).length;
const kb = (n: number) => `${Math.ceil(n / 1000).toLocaleString("en-US")} KB`;

/** The bytes of the digest row a digest of this post alone would store (frames included). */
async function digestBytes(post: StoredPost, config: SiteConfig): Promise<number> {
  const content = composeDigest(1, [post], config);
  if (!content) return 0;
  const [email, web] = await Promise.all([renderDigestEmail(content, config), renderDigestWeb(content, config)]);
  return bytes(JSON.stringify(content)) + bytes(email.html) + bytes(email.text) + bytes(web.html) + bytes(web.text);
}

/** What in a rendered post would exceed what D1 can store, each with the limit it breaks. */
export async function postLimitProblems(post: StoredPost, config: SiteConfig): Promise<LimitProblem[]> {
  const problems: LimitProblem[] = [];
  if (post.sections.length > POST_LIMITS.sections) {
    problems.push({
      field: "markdown",
      message: `has ${post.sections.length.toLocaleString("en-US")} sections (## headings); at most ${POST_LIMITS.sections} are allowed`,
    });
  }
  const longHeading = post.sections.find((s) => s.heading.length > POST_LIMITS.heading);
  if (longHeading) {
    problems.push({
      field: "markdown",
      message: `has a section heading of ${longHeading.heading.length} characters; at most ${POST_LIMITS.heading} are allowed`,
    });
  }
  // Counts and headings first: measuring renderings of thousands of sections is wasted work.
  if (problems.length > 0) return problems;

  const names: Record<FeedFormat, string> = { rss: "an RSS", atom: "an Atom", json: "a JSON Feed" };
  for (const format of ["rss", "atom", "json"] as const satisfies FeedFormat[]) {
    const size = bytes(renderFeed(format, [post], config)) - bytes(renderFeed(format, [], config));
    if (size > POST_LIMITS.feedItemBytes) {
      problems.push({
        field: "markdown",
        message: `makes ${names[format]} feed entry of ${kb(size)}; at most ${kb(POST_LIMITS.feedItemBytes)}, so that a feed of the ${FEED_SIZE} newest posts fits in one D1 value of 2 MB`,
      });
      break;
    }
  }
  const inDigest = await digestBytes(post, config);
  if (inDigest > POST_LIMITS.digestBytes) {
    problems.push({
      field: post.keyPoints ? "key_points" : "markdown",
      message: `takes ${kb(inDigest)} in an email digest (headings and key points, in HTML and text); at most ${kb(POST_LIMITS.digestBytes)}, so that a digest of ${DIGEST_POSTS_AT_LIMIT} such posts fits in one D1 row of 2 MB: write shorter key_points`,
    });
  }
  const row = postRowValues(post).reduce<number>((sum, v) => sum + (typeof v === "string" ? bytes(v) : 8), 0);
  if (row > POST_LIMITS.rowBytes) {
    problems.push({
      field: "markdown",
      message: `makes a stored post of ${kb(row)} (Markdown, HTML and its parts); at most ${kb(POST_LIMITS.rowBytes)} fit in one D1 row`,
    });
  }
  return problems;
}
