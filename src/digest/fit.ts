// How many posts one digest carries: the newest that fit in an email Gmail shows whole (it clips
// a message whose HTML passes 102 KB and hides the rest, the unsubscribe link included). Posts
// left out stay uncovered, so the next digest carries them. Pure: renders, reads no clock.
import type { SiteConfig } from "../config.ts";
import type { Post } from "../posts/model.ts";
import { composeDigest, type DigestContent } from "./compose.ts";
import { type RenderedDigest, renderDigestEmail } from "./render.ts";

/** The email's HTML stays below this (Gmail clips at 102 KB); one post is always carried. */
export const DIGEST_HTML_BUDGET = 100_000;

const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** The next digest, made of the newest of `posts` whose email fits the budget; null when there is nothing new. */
export async function composeFittingDigest(
  number: number,
  posts: readonly Post[],
  config: SiteConfig,
  budget = DIGEST_HTML_BUDGET,
): Promise<{ content: DigestContent; email: RenderedDigest } | null> {
  const newestFirst = [...posts].sort((a, b) => b.publishedMs - a.publishedMs || a.id.localeCompare(b.id));
  let count = newestFirst.length;
  for (;;) {
    const content = composeDigest(number, newestFirst.slice(0, count), config);
    if (!content) return null;
    const email = await renderDigestEmail(content, config);
    const size = byteLength(email.html);
    if (size <= budget || count === 1) return { content, email };
    // Shrink in proportion to the overshoot, by at least one post.
    count = Math.max(1, Math.min(count - 1, Math.floor((count * budget) / size)));
  }
}
