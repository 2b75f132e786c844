// The audit log's vocabulary: who acted (an Actor, nobody for a failed sign-in, or the system for the
// cron), what they did, to which object. Pure.
import type { Actor } from "../access/actor.ts";

/**
 * Every action the log records. Staff accounts record theirs (staff/people.ts, staff/links.ts,
 * staff/tokens.ts, routes/console/auth.ts); a sign-in's `detail.method` says how (link, invitation,
 * owner-link, admin-token, passkey); passkeys record theirs in passkeys/passkeys.ts and routes/console/passkeys.ts.
 */
export const AUDIT_ACTIONS = [
  "post.draft",
  "post.schedule",
  "post.publish",
  "post.update",
  "post.withdraw",
  "post.restore",
  "digest.send",
  "digest.resume",
  "digest.test",
  "subscribers.import",
  "subscribers.export",
  "subscriber.erase",
  "subscriber.suppress",
  "subscriber.lift",
  "media.upload",
  "media.update",
  "media.delete",
  "session.sign-in",
  "session.sign-in-failed",
  "session.sign-out",
  "audit.export",
  "staff.invite",
  "staff.role-change",
  "staff.disable",
  "staff.enable",
  "token.create",
  "token.revoke",
  "passkey.register",
  "passkey.remove",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const isAuditAction = (s: string): s is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(s);

export type AuditObjectType =
  | "post"
  | "digest"
  | "subscriber"
  | "subscribers"
  | "media"
  | "session"
  | "staff"
  | "token"
  | "passkey"
  | "audit";

/**
 * Who acted and from where: the request's actor (null when nobody is signed in: a failed sign-in;
 * "system" for the cron) and its client key.
 */
export interface AuditWho {
  actor: Actor | "system" | null;
  /** subscribers/client.ts clientKey: an IPv4 address or an IPv6 /64, never a full IPv6 address. */
  client: string;
}

/** The cron, publishing what an editor scheduled. */
export const SYSTEM_WHO: AuditWho = { actor: "system", client: "cron" };

/** Small JSON: counts, the fields an edit changed, a post's title at the time. Never a reader's address. */
export type AuditDetail = Record<string, string | number | boolean | null | readonly string[]>;

/** One thing done, as the code that does it describes it. */
export interface AuditEntry {
  action: AuditAction;
  object?: { type: AuditObjectType; id: string } | null;
  detail?: AuditDetail | null;
}

export type AuditActorKind = Actor["kind"] | "anonymous" | "system";

/** A row of the log, as read back. */
export interface AuditRow {
  id: number;
  atMs: number;
  actorKind: AuditActorKind;
  actorStaffId: number | null;
  actorTokenId: string | null;
  actorLabel: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  detail: AuditDetail | null;
  client: string;
}

/** What the log is searched by; every field optional. Dates are instants (the day's bounds in the site's zone). */
export interface AuditFilter {
  actor?: string | null;
  action?: AuditAction | null;
  /** From this instant (inclusive). */
  fromMs?: number | null;
  /** Before this instant (exclusive). */
  toMs?: number | null;
  object?: { type: AuditObjectType; id: string } | null;
}
