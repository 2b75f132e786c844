// Unpublishing: a withdrawn post leaves the site, the feeds, tags, archives, the sitemap and the next
// digests; its URL answers 410 Gone. A digest already sent keeps it (the digest is a record).
import type { AuditWho } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import type { SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { emailOnWithdraw } from "../delivery/post-sends.ts";
import { findPostByReference, markWithdrawn, type StoredPost } from "./repository.ts";

export type WithdrawResult =
  | { status: "withdrawn"; post: StoredPost; withdrawnAt: string }
  /** It was withdrawn before: nothing changed. */
  | { status: "already-withdrawn"; post: StoredPost; withdrawnAt: string }
  /** A draft or a scheduled post: readers never saw it, so there is nothing to withdraw. */
  | { status: "not-published"; post: StoredPost }
  | { status: "not-found" };

/** Withdraws the post named by its slug (current or earlier) or id. Idempotent; `who` is recorded in the audit log. */
export async function withdrawPost(
  db: D1Database,
  ref: string,
  config: SiteConfig,
  nowMs: number,
  who?: AuditWho,
): Promise<WithdrawResult> {
  const post = await findPostByReference(db, ref);
  if (!post) return { status: "not-found" };
  if (post.withdrawnAt !== null) return { status: "already-withdrawn", post, withdrawnAt: post.withdrawnAt };
  if (post.state !== "published") return { status: "not-published", post };
  const withdrawnAt = zonedIso(nowMs, config.timeZone);
  const recorded =
    who &&
    auditStatement(
      db,
      {
        who,
        atMs: nowMs,
        action: "post.withdraw",
        object: { type: "post", id: post.id },
        detail: { title: post.title, slug: post.slug },
      },
      { ifChanged: true },
    );
  // An email of its own not started yet is cancelled: a post withdrawn within its grace delay is not mailed.
  if (await markWithdrawn(db, post.id, withdrawnAt, nowMs, recorded, [emailOnWithdraw(db, post.id, nowMs)]))
    return { status: "withdrawn", post, withdrawnAt };
  // Withdrawn (or turned into something else) by another request in between.
  const again = await findPostByReference(db, post.id);
  if (again?.withdrawnAt) return { status: "already-withdrawn", post, withdrawnAt: again.withdrawnAt };
  return again ? { status: "not-published", post: again } : { status: "not-found" };
}
