// Who may do what: every console route and form and every /admin/* route, by method and path pattern
// (as registered with Hono), with the least role it needs or a rule about the object it acts on. The
// console guard and the admin middleware check every request against this table, before the route
// runs; test/workers/roles.test.ts fails when a registered route has no entry. Pure.
import { type Actor, atLeast, type Role } from "./actor.ts";

/**
 * What a route needs:
 * - "public": anyone, signed in or not (the sign-in pages).
 * - a role: that role or above.
 * - "own-post": an editor, or an author for a post they wrote (`authorId`).
 * - "save-post": an editor, or an author saving a draft that is new or is their own draft.
 * Revoking another person's API token needs an owner: the route checks it once it has found the token
 * (staff/tokens.ts revokeTokenAs), as "my sessions" ends only the person's own sessions.
 */
export type Rule = "public" | Role | "own-post" | "save-post";

/** The table: "METHOD /path/:param" → rule. HEAD is answered by GET routes. */
export const ROUTE_RULES = {
  // Signing in, by magic link, invitation or the ADMIN_TOKEN.
  "GET /console/login": "public",
  "POST /console/login": "public",
  "POST /console/login/email": "public",
  "GET /console/login/link": "public",
  "POST /console/login/link": "public",
  "GET /console/invitation": "public",
  "POST /console/invitation": "public",
  // Passkeys: the script, and signing in with one.
  "GET /console/passkeys.js": "public",
  "POST /console/login/passkey/options": "public",
  "POST /console/login/passkey": "public",
  "POST /console/logout": "author",
  // Overview, posts and previews.
  "GET /console": "author",
  "GET /console/posts": "author",
  "GET /console/posts/new": "author",
  "POST /console/posts/new": "save-post",
  "GET /console/posts/:slug": "own-post",
  "POST /console/posts/:slug": "save-post",
  "GET /console/posts/:slug/withdraw": "editor",
  "POST /console/posts/:slug/withdraw": "editor",
  "POST /console/posts/:slug/email": "editor",
  "GET /console/frame/post": "author",
  "POST /console/frame/post": "author",
  "GET /console/frame/post/:slug": "own-post",
  // Photos: authors upload and describe; deleting one is an editor's.
  "GET /console/media": "author",
  "POST /console/media/upload": "author",
  "POST /console/media/describe": "author",
  "GET /console/media/:hash/delete": "editor",
  "POST /console/media/:hash/delete": "editor",
  // The digest: everyone sees the next one; test copies are an editor's; sending, and the status of a
  // sent one (it names the addresses that failed), an owner's.
  "GET /console/digest": "author",
  "GET /console/frame/digest": "author",
  "POST /console/digest/test": "editor",
  "GET /console/digest/send": "owner",
  "POST /console/digest/send": "owner",
  "GET /console/digests/:number": "owner",
  "POST /console/digests/:number/resume": "owner",
  // Subscribers.
  "GET /console/subscribers": "owner",
  "GET /console/subscribers.csv": "owner",
  "POST /console/subscribers/import": "owner",
  "POST /console/subscribers/lift": "owner",
  "GET /console/subscribers/erase": "owner",
  "POST /console/subscribers/erase": "owner",
  // Staff and invitations.
  "GET /console/staff": "owner",
  "POST /console/staff/invite": "owner",
  "POST /console/staff/role": "owner",
  "POST /console/staff/disable": "owner",
  "POST /console/staff/enable": "owner",
  // The audit log, and its export.
  "GET /console/audit": "owner",
  "GET /console/audit.csv": "owner",
  // Everyone's own sessions and tokens (an owner sees and revokes everyone's tokens: the route checks).
  "GET /console/sessions": "author",
  "POST /console/sessions/end": "author",
  "GET /console/tokens": "author",
  "POST /console/tokens": "author",
  "POST /console/tokens/revoke": "author",
  // Everyone's own passkeys.
  "POST /console/passkeys/options": "author",
  "POST /console/passkeys": "author",
  "POST /console/passkeys/remove": "author",
  // The admin API.
  "POST /admin/posts": "editor",
  "GET /admin/posts": "author",
  "DELETE /admin/posts/:slug": "editor",
  // A post's own email: where it stands, "send now" and "not by email" are the editor's, as publishing
  // is (the email is part of publishing; its send's status with readers' addresses is the owner's,
  // at /admin/digests/:number, like a digest's).
  "GET /admin/posts/:slug/email": "editor",
  "POST /admin/posts/:slug/email": "editor",
  "GET /admin/websub": "editor",
  "POST /admin/maintenance": "editor",
  "GET /admin/subscribers/:email": "owner",
  "DELETE /admin/subscribers/:email": "owner",
  "POST /admin/digests": "owner",
  "GET /admin/digests/:number": "owner",
  "GET /admin/digests/:number/status": "owner",
  "POST /admin/digests/:number/resume": "owner",
  "POST /admin/suppressions": "owner",
  "DELETE /admin/suppressions/:email": "owner",
  "POST /admin/media": "author",
  "GET /admin/media": "author",
  "PATCH /admin/media/:hash": "author",
  "DELETE /admin/media/:hash": "editor",
  "GET /admin/media/uploads/:sha256": "author",
  "POST /admin/staff/owner-link": "owner",
  "GET /admin/audit": "owner",
  "GET /admin/audit.csv": "owner",
} as const satisfies Record<string, Rule>;

export type RouteKey = keyof typeof ROUTE_RULES;

/** The rule of a registered route; owner for one the table lacks (the test makes that never happen). */
export function ruleOf(method: string, path: string): Rule {
  return (ROUTE_RULES as Record<string, Rule>)[`${method} ${path}`] ?? "owner";
}

/** What a post rule looks at: the post as stored (null for a new one), and what the form asks. */
export interface PostFacts {
  post: { authorId: number | null; state: string } | null;
  /** "draft", "schedule" or "publish" (the console's save buttons). */
  action?: string;
}

export type Decision = { ok: true } | { ok: false; needs: Role };

const allowed: Decision = { ok: true };

/**
 * Whether `actor` may do what `rule` guards. Post rules need the post's facts; without them (a
 * view asking whether to offer an action in general) an author is allowed what they could do to
 * their own draft.
 */
export function decide(actor: Actor, rule: Rule, facts?: PostFacts): Decision {
  if (rule === "public") return allowed;
  if (rule === "own-post" || rule === "save-post") {
    if (atLeast(actor.role, "editor")) return allowed;
    const post = facts?.post ?? null;
    const own = post === null ? rule === "save-post" : post.authorId !== null && post.authorId === actor.staffId;
    const draftOnly =
      rule === "save-post" && ((facts?.action ?? "draft") !== "draft" || (post && post.state !== "draft"));
    return own && !draftOnly ? allowed : { ok: false, needs: "editor" };
  }
  return atLeast(actor.role, rule) ? allowed : { ok: false, needs: rule };
}

/** Whether `actor` may use a route (the views ask, to offer only what the person may do). */
export function may(actor: Actor, key: RouteKey, facts?: PostFacts): boolean {
  return decide(actor, ROUTE_RULES[key], facts).ok;
}
