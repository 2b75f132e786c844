// Where a post's own email stands, as the console and the admin API show it.
import { zonedIso } from "../dates.ts";
import { findPostByReference, type StoredPost } from "../posts/repository.ts";
import { getPostEmail, isByEmail, type PostEmailRow, sendNumberOf } from "./sends-repository.ts";

export type EmailState =
  /** Waiting out its grace delay: it starts at `dueMs`. */
  | { state: "pending"; dueMs: number }
  /** Started: its send is digest `number` (below zero), to `recipients` readers. */
  | { state: "started"; number: number; recipients: number; startedMs: number }
  | { state: "not-by-email" }
  /** The post was withdrawn before its email started. */
  | { state: "cancelled"; cancelledMs: number }
  /** No email of its own: not published yet (it gets one when published), or published before per-post emails. */
  | { state: "none" };

export function emailStateOf(byEmail: boolean, row: PostEmailRow | null, graceMs: number): EmailState {
  if (row?.state === "scheduled") return { state: "pending", dueMs: row.dueMs ?? row.scheduledMs + graceMs };
  if (row?.state === "started") {
    return {
      state: "started",
      number: sendNumberOf(row.number),
      recipients: row.recipients ?? 0,
      startedMs: row.startedMs ?? 0,
    };
  }
  if (!byEmail || row?.cancelReason === "not-by-email") return { state: "not-by-email" };
  if (row?.state === "cancelled") return { state: "cancelled", cancelledMs: row.cancelledMs ?? 0 };
  return { state: "none" };
}

/** A post (by slug, earlier slug or id) and its email's state; null when there is no such post. */
export async function postEmailOf(
  db: D1Database,
  ref: string,
  graceMs: number,
): Promise<{ post: StoredPost; byEmail: boolean; email: EmailState } | null> {
  const post = await findPostByReference(db, ref);
  if (!post) return null;
  const [row, byEmail] = await Promise.all([getPostEmail(db, post.id), isByEmail(db, post.id)]);
  return { post, byEmail, email: emailStateOf(byEmail, row, graceMs) };
}

/** The admin API's form: snake_case, times in the site's zone. */
export function emailJson(e: EmailState, timeZone: string): Record<string, string | number> {
  switch (e.state) {
    case "pending":
      return { state: e.state, due: zonedIso(e.dueMs, timeZone) };
    case "started":
      return { state: e.state, send: e.number, recipients: e.recipients, started: zonedIso(e.startedMs, timeZone) };
    case "cancelled":
      return { state: e.state, cancelled: zonedIso(e.cancelledMs, timeZone) };
    default:
      return { state: e.state };
  }
}
