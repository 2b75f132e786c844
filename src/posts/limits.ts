// What one post may hold, so that what is built from it can always be stored and sent. Pure.
//
// D1 stores at most 2,000,000 bytes in one value or one row, and at most 100 KB of SQL text and 100
// bound parameters in one statement (bantin's statements are fixed text with bound values, so only
// the first limit depends on content). What is stored per post and from posts:
//   the post's row                       markdown, HTML, and the lead/sections/captions/key points as JSON
//   each feed (RSS, Atom, JSON Feed)      one value holding the entries of the subscription feeds in full:
//                                         at most 24 (FEED_SIZE + ARCHIVE_PAGE_SIZE - 1, RFC 5005 archives),
//                                         posts not yet archived and corrections of archived ones
//   the post page                         one value: the post's HTML in the site's frame
//   a digest                              one row: its content as JSON, the email (HTML and text) of
//                                         every post it covers (before 7 December 2026, also a web rendering)
// So each post may take at most a twenty-fifth of a feed, with room left for the channel: 80,000 bytes.
// A digest carries only as many posts as fit in an email Gmail shows whole (100 KB of HTML, see
// digest/fit.ts), so each post's own digest email must fit in that too: then a digest's row, which
// holds that email, its text and the JSON they come from, stays near 500 KB.
// A long report of 30 sections and 90 paragraphs makes an email of some 70 KB.
import type { SiteConfig } from "../config.ts";
import { composeDigest } from "../digest/compose.ts";
import { DIGEST_HTML_BUDGET } from "../digest/fit.ts";
import { renderDigestEmail } from "../digest/render.ts";
import { FEED_SIZE, type FeedFormat, renderFeed } from "../feeds/build.ts";
import type { Message } from "../i18n/index.ts";
import { ARCHIVE_PAGE_SIZE } from "./archive.ts";
import { MAX_NESTING, MAX_SECTIONS } from "./markdown.ts";
import { postRowValues, type StoredPost } from "./repository.ts";

export const POST_LIMITS = {
  /** `##` sections. */
  sections: MAX_SECTIONS,
  /** Characters in a section heading, as in a title. */
  heading: 300,
  /** Levels of quotes and lists. */
  nesting: MAX_NESTING,
  /** Bytes one post may take in each feed: 24 of them, and the channel, in one 2 MB value. */
  feedItemBytes: 80_000,
  /** Bytes of the email of a digest of this post alone: what Gmail shows unclipped. */
  digestEmailBytes: DIGEST_HTML_BUDGET,
  /** Bytes of the post's own row, with room for the record's own overhead. */
  rowBytes: 1_900_000,
} as const;

export interface LimitProblem {
  field: string;
  /** In English, for the admin API. */
  message: string;
  /** The same in the console's words, when the console has its own. */
  console?: Message;
}

const encoder = new TextEncoder();
const bytes = (s: string) => encoder.encode(s).length;
const kb = (n: number) => `${Math.ceil(n / 1000).toLocaleString("en-US")} KB`;

/** The bytes of the HTML of a digest email of this post alone (frame included). */
async function digestEmailBytes(post: StoredPost, config: SiteConfig): Promise<number> {
  const content = composeDigest(1, [post], config);
  return content ? bytes((await renderDigestEmail(content, config)).html) : 0;
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
        message: `makes ${names[format]} feed entry of ${kb(size)}; at most ${kb(POST_LIMITS.feedItemBytes)}, so that a feed of the ${FEED_SIZE + ARCHIVE_PAGE_SIZE - 1} entries a subscription feed holds at most fits in one D1 value of 2 MB`,
      });
      break;
    }
  }
  const inDigest = await digestEmailBytes(post, config);
  if (inDigest > POST_LIMITS.digestEmailBytes) {
    problems.push({
      field: post.keyPoints ? "key_points" : "markdown",
      message: `makes a digest email of ${kb(inDigest)} (its headings and key points); at most ${kb(POST_LIMITS.digestEmailBytes)}, the size Gmail shows without clipping: write shorter key_points`,
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
