// Per-post emails: scheduled when a post is published, started when the grace delay has passed (or at
// once, "send now"), sent through the digest's machinery (a send is a digests row of kind 'post').
// A post withdrawn or marked "not by email" before its email started is not mailed.
import { type AuditWho, SYSTEM_WHO } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import type { SiteConfig } from "../config.ts";
import { zonedIso } from "../dates.ts";
import { renderPostEmail } from "../digest/post-email.ts";
import { digestCovering } from "../digest/repository.ts";
import type { StoredPost } from "../posts/repository.ts";
import { findPostByReference } from "../posts/repository.ts";
import { tagSlug } from "../posts/tags.ts";
import { fanoutWindows } from "./consumer.ts";
import type { DeliveryMessage } from "./messages.ts";
import {
  cancelStatement,
  dueEmails,
  getPostEmail,
  isByEmail,
  makeDue,
  type PostEmailRow,
  rescheduleStatement,
  scheduleStatement,
  sendNumberOf,
  setByEmail,
  startPostEmail,
} from "./sends-repository.ts";

/** Emails started per cron run at most (each renders once and writes its audience). */
export const STARTS_PER_RUN = 10;

/** The tag slugs of a post (the topics that take it). */
export const postTopics = (post: Pick<StoredPost, "tags">): string[] =>
  [...new Set(post.tags.map(tagSlug).filter((s) => s !== ""))].sort();

/**
 * What publishing a post does to its email, as statements for the publishing transaction: a post
 * published for the first time gets its email scheduled, due after the grace delay; a restored post
 * gets back the email its withdrawal cancelled. Nothing otherwise (an edit of a published post, or a
 * post published before per-post emails).
 */
export function emailOnPublish(db: D1Database, postId: string, action: string, nowMs: number): D1PreparedStatement[] {
  if (action === "post.publish") return [scheduleStatement(db, postId, nowMs)];
  if (action === "post.restore") return [rescheduleStatement(db, postId, nowMs)];
  return [];
}

/** A withdrawal cancels the post's email if it has not started. */
export const emailOnWithdraw = (db: D1Database, postId: string, nowMs: number) =>
  cancelStatement(db, postId, "withdrawn", nowMs);

export type StartEmailResult =
  | { status: "started"; number: number; recipients: number }
  /** Started by another run meanwhile, or cancelled. */
  | { status: "taken" };

/**
 * Starts one scheduled email: renders the post as it is now, once, and takes its audience (readers
 * who chose each post, whose topics take it) as windows on the queue. Put on record as a send, by
 * `who` (the cron's system, or the editor who pressed "send now"), in the same transaction.
 */
export async function startEmail(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  config: SiteConfig,
  row: PostEmailRow,
  nowMs: number,
  windowSize: number,
  who: AuditWho = SYSTEM_WHO,
): Promise<StartEmailResult> {
  const post = await findPostByReference(db, row.postId);
  const number = sendNumberOf(row.number);
  if (post?.state !== "published" || post.withdrawnAt !== null) {
    // Withdrawn in a way that did not cancel it (should not happen): never mailed.
    await db.batch([cancelStatement(db, row.postId, "withdrawn", nowMs)]);
    return { status: "taken" };
  }
  if (!(await isByEmail(db, post.id))) {
    await db.batch([cancelStatement(db, row.postId, "not-by-email", nowMs)]);
    return { status: "taken" };
  }
  const { content, email } = await renderPostEmail(post, config);
  const recipients = await startPostEmail(
    db,
    {
      number: row.number,
      content,
      email,
      tags: postTopics(post),
      createdAt: zonedIso(nowMs, config.timeZone),
      createdMs: nowMs,
      windowSize,
    },
    [
      auditStatement(
        db,
        {
          who,
          atMs: nowMs,
          action: "digest.send",
          object: { type: "digest", id: String(number) },
          detail: { kind: "post", post: post.slug, title: post.title },
        },
        { ifChanged: true },
      ),
    ],
  );
  if (recipients === null) return { status: "taken" };
  await fanoutWindows(db, queue, number, 0);
  return { status: "started", number, recipients };
}

/** The cron's part: starts the emails whose grace delay has passed. */
export async function startDueEmails(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  config: SiteConfig,
  nowMs: number,
  settings: { windowSize: number; postEmailGraceMs: number },
  /** The due emails, when the caller read them already (dueEmailsQuery with STARTS_PER_RUN). */
  known?: readonly PostEmailRow[],
): Promise<{ number: number; recipients: number }[]> {
  const started: { number: number; recipients: number }[] = [];
  for (const row of known ?? (await dueEmails(db, nowMs, settings.postEmailGraceMs, STARTS_PER_RUN))) {
    const { windowSize } = settings;
    const result = await startEmail(db, queue, config, row, nowMs, windowSize);
    if (result.status === "started") started.push({ number: result.number, recipients: result.recipients });
  }
  return started;
}

export type SendNowResult =
  | StartEmailResult
  | { status: "not-found" }
  /** The post has no email waiting: why, for a clear answer. */
  | { status: "refused"; reason: "not-by-email" | "not-published" | "sent" | "cancelled" | "none" };

/** "Send now": the email of a post waiting out its grace delay starts at once. */
export async function sendEmailNow(
  db: D1Database,
  queue: Queue<DeliveryMessage>,
  config: SiteConfig,
  ref: string,
  nowMs: number,
  windowSize: number,
  who: AuditWho,
): Promise<SendNowResult> {
  const post = await findPostByReference(db, ref);
  if (!post) return { status: "not-found" };
  const row = await getPostEmail(db, post.id);
  if (row?.state !== "scheduled") {
    if (post.state !== "published" || post.withdrawnAt !== null) return { status: "refused", reason: "not-published" };
    if (row?.state === "started") return { status: "refused", reason: "sent" };
    if (row?.cancelReason === "not-by-email" || !(await isByEmail(db, post.id)))
      return { status: "refused", reason: "not-by-email" };
    return { status: "refused", reason: row ? "cancelled" : "none" };
  }
  await makeDue(db, post.id, nowMs);
  return startEmail(db, queue, config, { ...row, dueMs: nowMs }, nowMs, windowSize, who);
}

export type ByEmailResult =
  | { status: "changed" | "unchanged"; post: StoredPost; byEmail: boolean }
  | { status: "not-found" }
  /** Its email has started (or it went out in a digest): too late to change. */
  | { status: "too-late"; post: StoredPost; number: number };

/**
 * Marks a post "not by email" (byEmail false), or by email again: its email, if waiting, is cancelled;
 * by email again, a published post in no digest yet gets its email scheduled, due after the grace
 * delay from now.
 * Refused once its email started or a digest carried it. On record (`post.update`, field by_email).
 */
export async function changeByEmail(
  db: D1Database,
  ref: string,
  byEmail: boolean,
  nowMs: number,
  who: AuditWho,
): Promise<ByEmailResult> {
  const post = await findPostByReference(db, ref);
  if (!post) return { status: "not-found" };
  const row = await getPostEmail(db, post.id);
  if (row?.state === "started") return { status: "too-late", post, number: sendNumberOf(row.number) };
  const covering = await digestCovering(db, post.id);
  if (covering) return { status: "too-late", post, number: covering.number };
  const before = await isByEmail(db, post.id);
  if (before === byEmail) return { status: "unchanged", post, byEmail };
  await setByEmail(db, post.id, byEmail, nowMs, [
    auditStatement(db, {
      who,
      atMs: nowMs,
      action: "post.update",
      object: { type: "post", id: post.id },
      detail: { title: post.title, slug: post.slug, changed: ["by_email"], by_email: byEmail },
    }),
  ]);
  return { status: "changed", post, byEmail };
}
