// D1 storage of the staff, their single-use links and their personal API tokens (migration 0020).
// The only SQL on staff, staff_links and api_tokens.
import type { Role } from "../access/actor.ts";

export interface Person {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdMs: number;
  /** Null until the person first signs in (an invitation not yet accepted). */
  lastSignInMs: number | null;
  disabledMs: number | null;
}

interface PersonRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  created_ms: number;
  last_sign_in_ms: number | null;
  disabled_ms: number | null;
}

const PERSON = "id, email, name, role, created_ms, last_sign_in_ms, disabled_ms";

const person = (r: PersonRow): Person => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  createdMs: r.created_ms,
  lastSignInMs: r.last_sign_in_ms,
  disabledMs: r.disabled_ms,
});

/** An owner who can act: not disabled, and signed in at least once. */
const ACTIVE_OWNER = "role = 'owner' AND disabled_ms IS NULL AND last_sign_in_ms IS NOT NULL";

/** Everyone, owners first, then by name. */
export async function listStaff(db: D1Database): Promise<Person[]> {
  const { results } = await db
    .prepare(
      `SELECT ${PERSON} FROM staff ORDER BY disabled_ms IS NOT NULL, CASE role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END, name, id`,
    )
    .all<PersonRow>();
  return results.map(person);
}

export async function findPerson(db: D1Database, id: number): Promise<Person | null> {
  const row = await db.prepare(`SELECT ${PERSON} FROM staff WHERE id = ?`).bind(id).first<PersonRow>();
  return row ? person(row) : null;
}

export async function findPersonByMailbox(db: D1Database, mailbox: string): Promise<Person | null> {
  const row = await db.prepare(`SELECT ${PERSON} FROM staff WHERE mailbox = ?`).bind(mailbox).first<PersonRow>();
  return row ? person(row) : null;
}

/** Whether any owner exists who is not disabled (invited or active). */
export async function ownerExists(db: D1Database): Promise<boolean> {
  const row = await db.prepare("SELECT 1 AS x FROM staff WHERE role = 'owner' AND disabled_ms IS NULL LIMIT 1").first();
  return row !== null;
}

/**
 * Adds a person (invited: not signed in yet). An address already on the staff and not yet signed in
 * gets the new name and role (the invitation sent again); one that has signed in, or is disabled, is
 * left as it is: null.
 */
export async function upsertInvited(
  db: D1Database,
  p: { email: string; mailbox: string; name: string; role: Role; nowMs: number },
): Promise<Person | null> {
  const row = await db
    .prepare(
      `INSERT INTO staff (email, mailbox, name, role, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (mailbox) DO UPDATE SET email = ?1, name = ?3, role = ?4
         WHERE staff.last_sign_in_ms IS NULL AND staff.disabled_ms IS NULL
       RETURNING ${PERSON}`,
    )
    .bind(p.email, p.mailbox, p.name, p.role, p.nowMs)
    .first<PersonRow>();
  return row ? person(row) : null;
}

/** Makes the person with this mailbox an owner who can sign in (npm start's first owner); adds them if new. */
export async function upsertOwner(
  db: D1Database,
  p: { email: string; mailbox: string; name: string; nowMs: number },
): Promise<Person> {
  const row = await db
    .prepare(
      `INSERT INTO staff (email, mailbox, name, role, created_ms) VALUES (?1, ?2, ?3, 'owner', ?4)
       ON CONFLICT (mailbox) DO UPDATE SET role = 'owner', disabled_ms = NULL
       RETURNING ${PERSON}`,
    )
    .bind(p.email, p.mailbox, p.name, p.nowMs)
    .first<PersonRow>();
  if (!row) throw new Error("the owner was not stored");
  return person(row);
}

/**
 * The statement that is true of a change to person `id` unless it would leave no active owner: the
 * person is not an active owner, or another one is.
 */
const KEEPS_AN_OWNER = `(NOT (${ACTIVE_OWNER}) OR EXISTS (SELECT 1 FROM staff o
  WHERE o.role = 'owner' AND o.disabled_ms IS NULL AND o.last_sign_in_ms IS NOT NULL AND o.id != staff.id))`;

export type Change = "changed" | "unchanged" | "last-owner" | "not-found";

async function changeOutcome(db: D1Database, id: number, changes: number): Promise<Change> {
  if (changes > 0) return "changed";
  const found = await findPerson(db, id);
  return found ? "last-owner" : "not-found";
}

/**
 * The audit record of a change to a person, made from the person as they were; it runs right after
 * the change's UPDATE and must insert only when that changed a row (auditStatement's `ifChanged`).
 */
export type PersonRecord = (before: Person) => D1PreparedStatement;

/** Gives a person another role, unless that would leave no active owner. */
export async function setRole(db: D1Database, id: number, role: Role, recorded?: PersonRecord): Promise<Change> {
  const found = await findPerson(db, id);
  if (!found) return "not-found";
  if (found.role === role) return "unchanged";
  const [res] = await db.batch([
    db.prepare(`UPDATE staff SET role = ?2 WHERE id = ?1 AND (?2 = 'owner' OR ${KEEPS_AN_OWNER})`).bind(id, role),
    ...(recorded ? [recorded(found)] : []),
  ]);
  // Their tokens keep their own role, but never act above the person's (see findToken).
  return changeOutcome(db, id, res?.meta.changes ?? 0);
}

/**
 * Disables a person, unless that would leave no active owner: at once, every session of theirs ends,
 * every token of theirs is revoked and every link of theirs opens nothing.
 */
export async function disablePerson(
  db: D1Database,
  id: number,
  nowMs: number,
  recorded?: PersonRecord,
): Promise<Change> {
  const found = await findPerson(db, id);
  if (!found) return "not-found";
  if (found.disabledMs !== null) return "unchanged";
  const [res] = await db.batch([
    db
      .prepare(`UPDATE staff SET disabled_ms = ?2 WHERE id = ?1 AND disabled_ms IS NULL AND ${KEEPS_AN_OWNER}`)
      .bind(id, nowMs),
    // The record inserts one row exactly when the person was disabled, so `changes()` below still
    // tells whether they were.
    ...(recorded ? [recorded(found)] : []),
    db.prepare("DELETE FROM console_sessions WHERE staff_id = ?1 AND changes() > 0").bind(id),
    db
      .prepare(
        "UPDATE api_tokens SET revoked_ms = ?2 WHERE staff_id = ?1 AND revoked_ms IS NULL AND (SELECT disabled_ms FROM staff WHERE id = ?1) = ?2",
      )
      .bind(id, nowMs),
    db
      .prepare("DELETE FROM staff_links WHERE staff_id = ?1 AND (SELECT disabled_ms FROM staff WHERE id = ?1) = ?2")
      .bind(id, nowMs),
  ]);
  return changeOutcome(db, id, res?.meta.changes ?? 0);
}

/** Lets a disabled person sign in again (with a new link: their old sessions and tokens stay ended). */
export async function enablePerson(db: D1Database, id: number, recorded?: PersonRecord): Promise<Change> {
  const found = await findPerson(db, id);
  if (!found) return "not-found";
  if (found.disabledMs === null) return "unchanged";
  await db.batch([
    db.prepare("UPDATE staff SET disabled_ms = NULL WHERE id = ? AND disabled_ms IS NOT NULL").bind(id),
    ...(recorded ? [recorded(found)] : []),
  ]);
  return "changed";
}

// Links.

export type LinkKind = "sign-in" | "invitation";

export interface StoredLink {
  kind: LinkKind;
  staffId: number | null;
  browser: string | null;
  expiresMs: number;
  usedMs: number | null;
}

/**
 * Stores a sign-in link for whoever has this mailbox and may sign in, or for no one: one statement
 * either way (the same work, whoever asks). Forgets links that have expired. Returns the person the
 * link is for, or null.
 */
export async function insertSignInLink(
  db: D1Database,
  l: { id: string; mailbox: string; browser: string; nowMs: number; expiresMs: number },
): Promise<Person | null> {
  const [, inserted] = await db.batch<PersonRow>([
    db.prepare("DELETE FROM staff_links WHERE expires_ms <= ?").bind(l.nowMs),
    db
      .prepare(
        `INSERT INTO staff_links (id, kind, staff_id, browser, created_ms, expires_ms)
         VALUES (?1, 'sign-in', (SELECT id FROM staff WHERE mailbox = ?2 AND disabled_ms IS NULL), ?3, ?4, ?5)
         RETURNING (SELECT json_object('id', id, 'email', email, 'name', name, 'role', role)
                    FROM staff WHERE id = staff_links.staff_id) AS person`,
      )
      .bind(l.id, l.mailbox, l.browser, l.nowMs, l.expiresMs),
  ]);
  const json = (inserted?.results[0] as { person: string | null } | undefined)?.person ?? null;
  if (!json) return null;
  const p = JSON.parse(json) as { id: number; email: string; name: string; role: Role };
  return { ...p, createdMs: 0, lastSignInMs: null, disabledMs: null };
}

/**
 * Stores a link for a person that any browser may use: an invitation, or npm start's printed sign-in
 * link; `also` (its audit record) in the same batch.
 */
export async function insertOpenLink(
  db: D1Database,
  l: { id: string; kind: LinkKind; staffId: number; nowMs: number; expiresMs: number },
  also: readonly D1PreparedStatement[] = [],
): Promise<void> {
  await db.batch([
    db
      .prepare(
        "INSERT INTO staff_links (id, kind, staff_id, browser, created_ms, expires_ms) VALUES (?, ?, ?, NULL, ?, ?)",
      )
      .bind(l.id, l.kind, l.staffId, l.nowMs, l.expiresMs),
    ...also,
  ]);
}

export async function findLink(db: D1Database, id: string): Promise<StoredLink | null> {
  const row = await db
    .prepare("SELECT kind, staff_id, browser, expires_ms, used_ms FROM staff_links WHERE id = ?")
    .bind(id)
    .first<{
      kind: LinkKind;
      staff_id: number | null;
      browser: string | null;
      expires_ms: number;
      used_ms: number | null;
    }>();
  return row
    ? { kind: row.kind, staffId: row.staff_id, browser: row.browser, expiresMs: row.expires_ms, usedMs: row.used_ms }
    : null;
}

/**
 * Uses a link once: true for the one request that marks it used while it is live and its person may
 * sign in, who is then marked signed in (an invitation accepted). Two requests at once: one wins.
 */
export async function consumeLink(db: D1Database, id: string, staffId: number, nowMs: number): Promise<boolean> {
  const [res] = await db.batch([
    db
      .prepare(
        `UPDATE staff_links SET used_ms = ?2 WHERE id = ?1 AND used_ms IS NULL AND expires_ms > ?2
           AND staff_id = ?3 AND EXISTS (SELECT 1 FROM staff WHERE id = ?3 AND disabled_ms IS NULL)`,
      )
      .bind(id, nowMs, staffId),
    db.prepare("UPDATE staff SET last_sign_in_ms = ?2 WHERE id = ?1 AND changes() > 0").bind(staffId, nowMs),
  ]);
  return (res?.meta.changes ?? 0) > 0;
}

// Personal API tokens.

export interface ApiToken {
  id: string;
  staffId: number;
  /** The person's address (their label in lists). */
  email: string;
  name: string;
  role: Role;
  createdMs: number;
  lastUsedMs: number | null;
  revokedMs: number | null;
}

interface TokenRow {
  id: string;
  staff_id: number;
  email: string;
  name: string;
  role: Role;
  created_ms: number;
  last_used_ms: number | null;
  revoked_ms: number | null;
}

const token = (r: TokenRow): ApiToken => ({
  id: r.id,
  staffId: r.staff_id,
  email: r.email,
  name: r.name,
  role: r.role,
  createdMs: r.created_ms,
  lastUsedMs: r.last_used_ms,
  revokedMs: r.revoked_ms,
});

/** Stores a new token; `also` (its audit record) in the same batch. */
export async function insertToken(
  db: D1Database,
  t: { id: string; hash: string; staffId: number; name: string; role: Role; nowMs: number },
  also: readonly D1PreparedStatement[] = [],
): Promise<void> {
  await db.batch([
    db
      .prepare("INSERT INTO api_tokens (id, hash, staff_id, name, role, created_ms) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(t.id, t.hash, t.staffId, t.name, t.role, t.nowMs),
    ...also,
  ]);
}

/** Tokens, newest first: one person's, or everyone's (null). */
export async function listTokens(db: D1Database, staffId: number | null): Promise<ApiToken[]> {
  const { results } = await db
    .prepare(
      `SELECT t.id, t.staff_id, s.email, t.name, t.role, t.created_ms, t.last_used_ms, t.revoked_ms
       FROM api_tokens t JOIN staff s ON s.id = t.staff_id
       WHERE ?1 IS NULL OR t.staff_id = ?1 ORDER BY t.revoked_ms IS NOT NULL, t.created_ms DESC LIMIT 500`,
    )
    .bind(staffId)
    .all<TokenRow>();
  return results.map(token);
}

/** A live token by its hash, with the role it acts with (never above its person's now), or null. */
export async function findLiveToken(
  db: D1Database,
  hash: string,
): Promise<{
  id: string;
  staffId: number;
  name: string;
  /** The person's address. */
  email: string;
  tokenRole: Role;
  personRole: Role;
  lastUsedMs: number | null;
} | null> {
  const row = await db
    .prepare(
      `SELECT t.id, t.staff_id, t.name, s.email, t.role, s.role AS person_role, t.last_used_ms
       FROM api_tokens t JOIN staff s ON s.id = t.staff_id
       WHERE t.hash = ? AND t.revoked_ms IS NULL AND s.disabled_ms IS NULL`,
    )
    .bind(hash)
    .first<{
      id: string;
      staff_id: number;
      name: string;
      email: string;
      role: Role;
      person_role: Role;
      last_used_ms: number | null;
    }>();
  return row
    ? {
        id: row.id,
        staffId: row.staff_id,
        name: row.name,
        email: row.email,
        tokenRole: row.role,
        personRole: row.person_role,
        lastUsedMs: row.last_used_ms,
      }
    : null;
}

/** Records a token's use (the caller writes at most once a minute). */
export async function touchToken(db: D1Database, id: string, nowMs: number): Promise<void> {
  await db.prepare("UPDATE api_tokens SET last_used_ms = ? WHERE id = ?").bind(nowMs, id).run();
}

/**
 * Revokes a token: of `staffId`'s own, or anyone's (null); true when it was live. `recorded`, its
 * audit record, runs right after and must insert only when the token was revoked (`ifChanged`).
 */
export async function revokeToken(
  db: D1Database,
  id: string,
  staffId: number | null,
  nowMs: number,
  recorded?: D1PreparedStatement,
): Promise<boolean> {
  const [res] = await db.batch([
    db
      .prepare(
        "UPDATE api_tokens SET revoked_ms = ?3 WHERE id = ?1 AND (?2 IS NULL OR staff_id = ?2) AND revoked_ms IS NULL",
      )
      .bind(id, staffId, nowMs),
    ...(recorded ? [recorded] : []),
  ]);
  return (res?.meta.changes ?? 0) > 0;
}

/** Whose a token is (revoked or not) and its name, or null when there is no such token. */
export async function tokenPerson(
  db: D1Database,
  id: string,
): Promise<{ staffId: number; email: string; name: string } | null> {
  return db
    .prepare(
      "SELECT t.staff_id AS staffId, s.email, t.name FROM api_tokens t JOIN staff s ON s.id = t.staff_id WHERE t.id = ?",
    )
    .bind(id)
    .first<{ staffId: number; email: string; name: string }>();
}
