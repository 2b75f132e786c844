// Personal API tokens: made in the console by a person, with a name and a role no higher than theirs,
// shown once and stored as a hash, revocable; they act for the admin API as that person, never above
// the person's role now, and stop when the person is disabled.
import { type Actor, atLeast, type Role } from "../access/actor.ts";
import type { AuditWho } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import { randomSecret, sha256, toHex } from "../hash.ts";
import { type Message, message } from "../i18n/index.ts";
import { isRole } from "./links.ts";
import { findLiveToken, insertToken, revokeToken, tokenPerson, touchToken } from "./repository.ts";

/** Every personal token starts so: scripts and secret scanners can tell it from the ADMIN_TOKEN. */
export const TOKEN_PREFIX = "bantin_pat_";
const TOKEN = /^bantin_pat_[A-Za-z0-9_-]{43}$/;
/** A token's last use is written at most this often. */
const USE_EVERY_MS = 60_000;
export const TOKEN_NAME_MAX = 100;

const tokenHash = async (token: string) => toHex(await sha256(`bantin-api-token\n${token}`));

/** The lower of two roles. */
const lower = (a: Role, b: Role): Role => (atLeast(a, b) ? b : a);

export type CreateResult =
  | { kind: "invalid"; field: "name" | "role"; message: Message }
  | { kind: "created"; id: string; token: string; name: string; role: Role };

/** How the audit log names a token as the object of an action. */
const tokenObject = (id: string) => ({ type: "token" as const, id });

/** The person a request acts for, if it is one (a staff session), else null. */
const personOf = (who: AuditWho): Actor | null =>
  who.actor !== null && who.actor !== "system" && who.actor.kind === "staff" && who.actor.staffId !== null
    ? who.actor
    : null;

/**
 * Makes a token for the person `who` is (an ADMIN_TOKEN session has no person to own one), on record
 * in the same batch.
 */
export async function createToken(
  db: D1Database,
  who: AuditWho,
  input: { name: string; role: string },
  nowMs: number,
): Promise<CreateResult> {
  const creator = personOf(who);
  const name = input.name.trim().normalize("NFC");
  if (name === "") return { kind: "invalid", field: "name", message: message("console-staff.tokens.nameEmpty") };
  if (name.length > TOKEN_NAME_MAX) {
    return {
      kind: "invalid",
      field: "name",
      message: message("console-staff.tokens.nameTooLong", { max: TOKEN_NAME_MAX }),
    };
  }
  if (creator === null || creator.staffId === null) {
    return { kind: "invalid", field: "name", message: message("console-staff.tokens.needsPerson") };
  }
  if (!isRole(input.role) || !atLeast(creator.role, input.role)) {
    return { kind: "invalid", field: "role", message: message("console-staff.tokens.roleTooHigh") };
  }
  const token = `${TOKEN_PREFIX}${randomSecret()}`;
  const id = toHex(crypto.getRandomValues(new Uint8Array(8)));
  const recorded = auditStatement(db, {
    who,
    atMs: nowMs,
    action: "token.create",
    object: tokenObject(id),
    detail: { name, role: input.role, email: creator.label },
  });
  await insertToken(db, { id, hash: await tokenHash(token), staffId: creator.staffId, name, role: input.role, nowMs }, [
    recorded,
  ]);
  return { kind: "created", id, token, name, role: input.role };
}

/** The actor a personal token stands for, or null (not one, revoked, or its person disabled). */
export async function tokenActor(
  db: D1Database,
  given: string,
): Promise<{ actor: Actor; lastUsedMs: number | null } | null> {
  if (!TOKEN.test(given)) return null;
  const found = await findLiveToken(db, await tokenHash(given));
  if (!found) return null;
  return {
    actor: {
      kind: "api-token",
      staffId: found.staffId,
      tokenId: found.id,
      // The log names a token with its person: "token ci (ana@example.org)".
      label: `token ${found.name} (${found.email})`,
      role: lower(found.tokenRole, found.personRole),
    },
    lastUsedMs: found.lastUsedMs,
  };
}

/** Records that a token was used, at most once a minute (most requests write nothing). */
export async function noteTokenUse(db: D1Database, tokenId: string, lastUsedMs: number | null, nowMs: number) {
  if (lastUsedMs === null || lastUsedMs <= nowMs - USE_EVERY_MS) await touchToken(db, tokenId, nowMs);
}

/**
 * Revokes a token: an owner any, anyone else only their own ("forbidden" for another's: it needs an
 * owner). "revoked" when a live one was revoked, on record in the same batch.
 */
export async function revokeTokenAs(
  db: D1Database,
  who: AuditWho,
  id: string,
  nowMs: number,
): Promise<"revoked" | "not-found" | "forbidden"> {
  const actor = who.actor;
  if (actor === null || actor === "system") return "forbidden";
  if (!/^[0-9a-f]{16}$/.test(id)) return "not-found";
  const token = await tokenPerson(db, id);
  if (token === null) return "not-found";
  if (actor.role !== "owner" && token.staffId !== actor.staffId) return "forbidden";
  const recorded = auditStatement(
    db,
    {
      who,
      atMs: nowMs,
      action: "token.revoke",
      object: tokenObject(id),
      detail: { name: token.name, email: token.email },
    },
    { ifChanged: true },
  );
  const revoked = await revokeToken(db, id, actor.role === "owner" ? null : actor.staffId, nowMs, recorded);
  return revoked ? "revoked" : "not-found";
}
