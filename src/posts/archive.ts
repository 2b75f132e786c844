// RFC 5005 archived feeds: when the subscription feeds hold enough posts, the oldest are sealed into
// the next archive document, whose membership never changes afterwards. A post changed after it was
// sealed is carried again by the subscription feeds for a while, as a correction.
import { FEED_SIZE } from "../feeds/build.ts";
import { type CorrectionRule, sealArchivePage } from "./repository.ts";

/**
 * The subscription feeds hold at most FEED_SIZE + PAGE - 1 entries (24), posts not yet archived and
 * corrections: when a publication or a correction brings them to 25, the oldest 5 posts become the
 * next archive document. So they hold 20 to 24 posts while no correction is there, and at least 16
 * otherwise (withdrawals aside). 24 entries of at most POST_LIMITS.feedItemBytes each, and the channel, fit in one D1
 * value. Small pages keep that limit near what it was with 20 posts a feed; archive documents are
 * cheap to fetch.
 */
export const ARCHIVE_PAGE_SIZE = 5;

/**
 * Corrections. Clients may assume an archive document never changes (RFC 5005 section 4), so a change
 * every reader must see goes in the subscription document, where they look for changes. An archived
 * post saved with a change keeps its place in its archive document, with the new content, and is in
 * the subscription feeds too, with its new `updated`, until the fifth archive document sealed since
 * (about as long as a post published at that moment stays there). At most 4 at once, the newest: they
 * count among the 24 entries, and with fewer than a page of them a sealing always leaves at least 16
 * posts not yet archived.
 */
export const CORRECTIONS: CorrectionRule = {
  shown: ARCHIVE_PAGE_SIZE - 1,
  sealings: (FEED_SIZE + ARCHIVE_PAGE_SIZE) / ARCHIVE_PAGE_SIZE,
};

/** Seals every archive document that is due (one, after a single publication). */
export async function sealArchives(db: D1Database, nowMs: number): Promise<number> {
  let sealed = 0;
  // Bounded: a database from before archives existed seals its backlog a page at a time.
  while (sealed < 10_000 && (await sealArchivePage(db, FEED_SIZE, ARCHIVE_PAGE_SIZE, CORRECTIONS, nowMs))) sealed++;
  return sealed;
}
