// Signing in without passwords: single-use links by email. A sign-in link (15 minutes) is bound to the
// browser that asked for it; an invitation (7 days) to the person an owner invited. Asking costs the
// same whether or not the address is staff, and answers the same; the email goes out after the answer.
import type { Role } from "../access/actor.ts";
import type { AuditWho } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { randomSecret, sha256, toHex } from "../hash.ts";
import { type Message, message } from "../i18n/index.ts";
import { normaliseAddress } from "../subscribers/address.ts";
import { countRequest, type RateWindow, secondsLeft } from "../subscribers/repository.ts";
import { staffObject } from "./people.ts";
import {
  consumeLink,
  findLink,
  findPerson,
  findPersonByMailbox,
  insertOpenLink,
  insertSignInLink,
  type LinkKind,
  ownerExists,
  type Person,
  upsertInvited,
  upsertOwner,
} from "./repository.ts";

export const SIGN_IN_LINK_MS = 15 * 60 * 1000;
export const INVITATION_MS = 7 * 24 * 3600 * 1000;

/**
 * Links asked for per address and per client in 10 minutes (within the window the scheduled prune
 * of rate-limit counters keeps).
 */
export const LINK_LIMITS = {
  perAddress: { count: 3, windowMs: 10 * 60 * 1000 },
  perClient: { count: 10, windowMs: 10 * 60 * 1000 },
};

/** A link's secret: 32 random bytes, base64url. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

const hashOf = async (purpose: string, secret: string) => toHex(await sha256(`bantin-staff-${purpose}\n${secret}`));
/** What a link's row is keyed by. */
const linkId = (secret: string) => hashOf("link", secret);
/** What a sign-in link's row keeps of the browser cookie set when it was asked for. */
export const browserHash = (cookie: string) => hashOf("browser", cookie);

/** A value for the browser cookie: the one the browser has, if well formed, else a new one. */
export const browserCookieValue = (given: string | undefined) => (given && SECRET.test(given) ? given : randomSecret());

export type AskResult =
  | { kind: "invalid"; message: Message }
  | { kind: "throttled"; retryAfterSeconds: number }
  /** The same answer for everyone; `mail` is set only when the address is a person's who may sign in. */
  | { kind: "asked"; mail: { to: Person; url: string } | null };

/**
 * Asks for a sign-in link. Every valid address costs the same: two rate-limit writes and one insert
 * (a row for no one when the address is no one's), so neither the answer nor its time says whether
 * the address is staff.
 */
export async function askSignInLink(
  deps: { db: D1Database; config: SiteConfig; nowMs: number },
  rawEmail: unknown,
  client: string,
  browserCookie: string,
): Promise<AskResult> {
  const address = normaliseAddress(rawEmail);
  if (!address.ok) return { kind: "invalid", message: address.message };
  const { db, nowMs } = deps;
  const { perAddress, perClient } = LINK_LIMITS;
  const byClient = await countRequest(db, `staff-link-client:${client}`, perClient.windowMs, nowMs);
  const byAddress = await countRequest(db, `staff-link-address:${address.mailbox}`, perAddress.windowMs, nowMs);
  const over = [
    byClient.count > perClient.count ? byClient : null,
    byAddress.count > perAddress.count ? byAddress : null,
  ].filter((w): w is RateWindow => w !== null);
  if (over.length > 0) {
    return { kind: "throttled", retryAfterSeconds: Math.max(...over.map((w) => secondsLeft(w, nowMs))) };
  }
  const secret = randomSecret();
  const person = await insertSignInLink(db, {
    id: await linkId(secret),
    mailbox: address.mailbox,
    browser: await browserHash(browserCookie),
    nowMs,
    expiresMs: nowMs + SIGN_IN_LINK_MS,
  });
  const url = absoluteUrl(deps.config, `/console/login/link?t=${secret}`);
  return { kind: "asked", mail: person ? { to: person, url } : null };
}

/** A link that opens nothing: why, and whose it was when that is known (for the audit log; never shown). */
export type LinkRefusal = {
  ok: false;
  reason: "unknown" | "used" | "expired" | "other-browser";
  personId: number | null;
};

export type LinkCheck = { ok: true; person: Person } | LinkRefusal;

const refused = (reason: LinkRefusal["reason"], personId: number | null = null): LinkRefusal => ({
  ok: false,
  reason,
  personId,
});

/** What a link is (for the page its GET shows, which changes nothing). */
export async function checkLink(db: D1Database, kind: LinkKind, secret: string, nowMs: number): Promise<LinkCheck> {
  if (!SECRET.test(secret)) return refused("unknown");
  const link = await findLink(db, await linkId(secret));
  if (!link || link.kind !== kind || link.staffId === null) return refused("unknown");
  if (link.usedMs !== null) return refused("used", link.staffId);
  if (link.expiresMs <= nowMs) return refused("expired", link.staffId);
  const person = await findPerson(db, link.staffId);
  if (!person || person.disabledMs !== null) return refused("unknown");
  return { ok: true, person };
}

/** How a person signed in: a link they asked for, an invitation, or the link npm start printed. */
export type SignInMethod = "link" | "invitation" | "owner-link";

/**
 * Uses a link: a sign-in link only in the browser that asked for it (opened elsewhere it says so and
 * stays usable where it belongs), an invitation (or npm start's printed link) anywhere. Once used it opens nothing.
 */
export async function redeemLink(
  db: D1Database,
  kind: LinkKind,
  secret: string,
  browserCookie: string | undefined,
  nowMs: number,
): Promise<{ ok: true; person: Person; method: SignInMethod } | LinkRefusal> {
  const check = await checkLink(db, kind, secret, nowMs);
  if (!check.ok) return check;
  let method: SignInMethod = "invitation";
  if (kind === "sign-in") {
    const link = await findLink(db, await linkId(secret));
    const browser = browserCookie && SECRET.test(browserCookie) ? await browserHash(browserCookie) : "";
    // No browser: npm start's printed link, which any browser may use.
    if (!link || (link.browser !== null && link.browser !== browser)) return refused("other-browser", check.person.id);
    method = link.browser === null ? "owner-link" : "link";
  }
  // Between the check and here another request may have used it, or the person been disabled.
  if (!(await consumeLink(db, await linkId(secret), check.person.id, nowMs))) return refused("used", check.person.id);
  return { ok: true, person: { ...check.person, lastSignInMs: nowMs }, method };
}

export const NAME_MAX = 100;

/** The audit record of an invitation (or of npm start making its owner), for the batch of its link. */
const inviteRecord = (db: D1Database, who: AuditWho, nowMs: number, person: Person, extra: Record<string, string>) =>
  auditStatement(db, {
    who,
    atMs: nowMs,
    action: "staff.invite",
    object: staffObject(person.id),
    detail: { email: person.email, role: person.role, ...extra },
  });

export type InviteResult =
  | { kind: "invalid"; field: "email" | "name" | "role"; message: Message }
  | { kind: "already-staff"; person: Person }
  | { kind: "invited"; person: Person; url: string };

export function isRole(value: string): value is Role {
  return value === "author" || value === "editor" || value === "owner";
}

/**
 * Invites a person by address, with a name and a role, or sends a new invitation to one who has not
 * accepted theirs yet (their name and role as given now). Someone already signed in is not invited again.
 */
export async function invite(
  deps: { db: D1Database; config: SiteConfig; nowMs: number },
  input: { email: string; name: string; role: string },
  who: AuditWho,
): Promise<InviteResult> {
  const address = normaliseAddress(input.email);
  if (!address.ok) return { kind: "invalid", field: "email", message: address.message };
  const name = input.name.trim().normalize("NFC");
  if (name === "") return { kind: "invalid", field: "name", message: message("console-staff.invite.nameEmpty") };
  if (name.length > NAME_MAX) {
    return { kind: "invalid", field: "name", message: message("console-staff.invite.nameTooLong", { max: NAME_MAX }) };
  }
  if (!isRole(input.role)) return { kind: "invalid", field: "role", message: message("console-staff.invite.role") };
  const { db, nowMs } = deps;
  const person = await upsertInvited(db, {
    email: address.email,
    mailbox: address.mailbox,
    name,
    role: input.role,
    nowMs,
  });
  if (!person) {
    const existing = await findPersonByMailbox(db, address.mailbox);
    if (existing) return { kind: "already-staff", person: existing };
    throw new Error("an invited person was neither stored nor found");
  }
  const secret = randomSecret();
  const recorded = inviteRecord(db, who, nowMs, person, {});
  await insertOpenLink(
    db,
    { id: await linkId(secret), kind: "invitation", staffId: person.id, nowMs, expiresMs: nowMs + INVITATION_MS },
    [recorded],
  );
  return { kind: "invited", person, url: absoluteUrl(deps.config, `/console/invitation?t=${secret}`) };
}

/**
 * A sign-in link that any browser may use, for npm start to print (only on a site served from this
 * machine: the route checks).
 */
export async function printableSignInLink(
  deps: { db: D1Database; config: SiteConfig; nowMs: number },
  personId: number,
  also: readonly D1PreparedStatement[] = [],
): Promise<string> {
  const secret = randomSecret();
  await insertOpenLink(
    deps.db,
    {
      id: await linkId(secret),
      kind: "sign-in",
      staffId: personId,
      nowMs: deps.nowMs,
      expiresMs: deps.nowMs + SIGN_IN_LINK_MS,
    },
    also,
  );
  return absoluteUrl(deps.config, `/console/login/link?t=${secret}`);
}

export type FirstOwner =
  | { kind: "invalid"; message: Message }
  | { kind: "link"; created: boolean; email: string; url: string }
  | { kind: "not-owner"; email: string };

/**
 * npm start's owner: made an owner when the site has none (added if new; on record as invited "via
 * npm start"), and given a sign-in link any browser may use once within 15 minutes; when the site has
 * owners already, a link only if this address is one of them.
 */
export async function firstOwnerLink(
  deps: { db: D1Database; config: SiteConfig; nowMs: number },
  rawEmail: string,
  name: string,
  who: AuditWho,
): Promise<FirstOwner> {
  const address = normaliseAddress(rawEmail);
  if (!address.ok) return { kind: "invalid", message: address.message };
  const { db, nowMs } = deps;
  let person = await findPersonByMailbox(db, address.mailbox);
  let created = false;
  let made = false;
  if (!(await ownerExists(db))) {
    created = person === null;
    made = true;
    person = await upsertOwner(db, { email: address.email, mailbox: address.mailbox, name, nowMs });
  }
  if (person?.role !== "owner" || person.disabledMs !== null) return { kind: "not-owner", email: address.email };
  const recorded = made ? [inviteRecord(db, who, nowMs, person, { via: "npm start" })] : [];
  return { kind: "link", created, email: person.email, url: await printableSignInLink(deps, person.id, recorded) };
}
