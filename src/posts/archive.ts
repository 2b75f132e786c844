// RFC 5005 archived feeds: when the subscription feeds hold enough posts, the oldest are sealed into
// the next archive document, whose membership never changes afterwards.
import { FEED_SIZE } from "../feeds/build.ts";
import { sealArchivePage } from "./repository.ts";

/**
 * The subscription feeds keep at least FEED_SIZE posts (20) and at most FEED_SIZE + PAGE - 1 (24): when
 * a publication brings them to 25, the oldest 5 become the next archive document. 24 posts of at most
 * POST_LIMITS.feedItemBytes each, and the channel, fit in one D1 value. Small pages keep that limit
 * near what it was with 20 posts a feed; archive documents are cheap to fetch.
 */
export const ARCHIVE_PAGE_SIZE = 5;

/** Seals every archive document that is due (one, after a single publication). */
export async function sealArchives(db: D1Database, nowMs: number): Promise<number> {
  let sealed = 0;
  // Bounded: a database from before archives existed seals its backlog a page at a time.
  while (sealed < 10_000 && (await sealArchivePage(db, FEED_SIZE, ARCHIVE_PAGE_SIZE, nowMs))) sealed++;
  return sealed;
}
