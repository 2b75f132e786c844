// D1 storage of passkeys and their challenges (migration 0024). The only SQL on passkeys and
// passkey_challenges.
import type { Role } from "../access/actor.ts";
import type { AuditRecord } from "../audit/repository.ts";
import { auditStatement } from "../audit/repository.ts";

export type ChallengeKind = "register" | "sign-in";

/** Stores a challenge (by its hash), and forgets those that have expired. */
export async function insertChallenge(
  db: D1Database,
  c: { id: string; kind: ChallengeKind; staffId: number | null; browser: string; nowMs: number; expiresMs: number },
): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM passkey_challenges WHERE expires_ms <= ?").bind(c.nowMs),
    db
      .prepare("INSERT INTO passkey_challenges (id, kind, staff_id, browser, expires_ms) VALUES (?, ?, ?, ?, ?)")
      .bind(c.id, c.kind, c.staffId, c.browser, c.expiresMs),
  ]);
}

/**
 * Uses a challenge once: deletes it and says so when it is live, of this kind, and was handed to this
 * browser (and, for a registration, to this person). Another browser's try leaves it where it belongs.
 */
export async function consumeChallenge(
  db: D1Database,
  c: { id: string; kind: ChallengeKind; staffId: number | null; browser: string; nowMs: number },
): Promise<boolean> {
  const row = await db
    .prepare(
      `DELETE FROM passkey_challenges
       WHERE id = ?1 AND kind = ?2 AND staff_id IS ?3 AND browser = ?4 AND expires_ms > ?5 RETURNING id`,
    )
    .bind(c.id, c.kind, c.staffId, c.browser, c.nowMs)
    .first<{ id: string }>();
  return row !== null;
}

/** A passkey as listed to its person. */
export interface Passkey {
  id: string;
  name: string;
  createdMs: number;
  lastUsedMs: number | null;
}

/** What signing in with a passkey needs: its key and counter, and its person as they are now. */
export interface StoredPasskey extends Passkey {
  credentialId: string;
  publicKey: JsonWebKey;
  algorithm: number;
  userHandle: string;
  signCount: number;
  person: { id: number; email: string; name: string; role: Role; disabled: boolean };
}

/** A person's passkeys, newest first. */
export async function listPasskeys(db: D1Database, staffId: number): Promise<Passkey[]> {
  const { results } = await db
    .prepare(
      "SELECT id, name, created_ms, last_used_ms FROM passkeys WHERE staff_id = ? ORDER BY created_ms DESC, id LIMIT 100",
    )
    .bind(staffId)
    .all<{ id: string; name: string; created_ms: number; last_used_ms: number | null }>();
  return results.map((r) => ({ id: r.id, name: r.name, createdMs: r.created_ms, lastUsedMs: r.last_used_ms }));
}

/** The credential ids of a person's passkeys (excluded when they register another) and their user handle. */
export async function personCredentials(
  db: D1Database,
  staffId: number,
): Promise<{ credentialIds: string[]; userHandle: string | null }> {
  const { results } = await db
    .prepare("SELECT credential_id, user_handle FROM passkeys WHERE staff_id = ? ORDER BY created_ms LIMIT 100")
    .bind(staffId)
    .all<{ credential_id: string; user_handle: string }>();
  return { credentialIds: results.map((r) => r.credential_id), userHandle: results[0]?.user_handle ?? null };
}

/** A passkey by its credential id, with its person (null when there is none: removed, or never ours). */
export async function findByCredential(db: D1Database, credentialId: string): Promise<StoredPasskey | null> {
  const row = await db
    .prepare(
      `SELECT k.id, k.name, k.created_ms, k.last_used_ms, k.credential_id, k.public_key, k.algorithm, k.user_handle,
              k.sign_count, p.id AS staff_id, p.email, p.name AS person_name, p.role, p.disabled_ms
       FROM passkeys k JOIN staff p ON p.id = k.staff_id WHERE k.credential_id = ?`,
    )
    .bind(credentialId)
    .first<{
      id: string;
      name: string;
      created_ms: number;
      last_used_ms: number | null;
      credential_id: string;
      public_key: string;
      algorithm: number;
      user_handle: string;
      sign_count: number;
      staff_id: number;
      email: string;
      person_name: string;
      role: Role;
      disabled_ms: number | null;
    }>();
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    createdMs: row.created_ms,
    lastUsedMs: row.last_used_ms,
    credentialId: row.credential_id,
    publicKey: JSON.parse(row.public_key) as JsonWebKey,
    algorithm: row.algorithm,
    userHandle: row.user_handle,
    signCount: row.sign_count,
    person: {
      id: row.staff_id,
      email: row.email,
      name: row.person_name,
      role: row.role,
      disabled: row.disabled_ms !== null,
    },
  };
}

/**
 * Stores a new passkey and its audit record together. False (nothing stored) when the credential is
 * registered already.
 */
export async function insertPasskey(
  db: D1Database,
  k: {
    id: string;
    credentialId: string;
    staffId: number;
    name: string;
    publicKey: JsonWebKey;
    algorithm: number;
    userHandle: string;
    signCount: number;
    transports: string[];
    nowMs: number;
  },
  record: AuditRecord,
): Promise<boolean> {
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO passkeys (id, credential_id, staff_id, name, public_key, algorithm, user_handle, sign_count, transports, created_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (credential_id) DO NOTHING`,
      )
      .bind(
        k.id,
        k.credentialId,
        k.staffId,
        k.name,
        JSON.stringify(k.publicKey),
        k.algorithm,
        k.userHandle,
        k.signCount,
        JSON.stringify(k.transports),
        k.nowMs,
      ),
    auditStatement(db, record, { ifChanged: true }),
  ]);
  return (inserted?.meta.changes ?? 0) > 0;
}

/**
 * Notes a sign-in with a passkey: its counter and last use, and the person's last sign-in, only if the
 * counter is still the one checked (two sign-ins at once with one assertion: one wins) and the person
 * may sign in.
 */
export async function notePasskeyUse(
  db: D1Database,
  k: { id: string; staffId: number; fromCount: number; toCount: number; nowMs: number },
): Promise<boolean> {
  const [res] = await db.batch([
    db
      .prepare(
        `UPDATE passkeys SET sign_count = ?3, last_used_ms = ?4 WHERE id = ?1 AND sign_count = ?2
           AND EXISTS (SELECT 1 FROM staff WHERE id = ?5 AND disabled_ms IS NULL)`,
      )
      .bind(k.id, k.fromCount, k.toCount, k.nowMs, k.staffId),
    // The person's last sign-in, as staff/links.ts consumeLink notes it for a link.
    db.prepare("UPDATE staff SET last_sign_in_ms = ?2 WHERE id = ?1 AND changes() > 0").bind(k.staffId, k.nowMs),
  ]);
  return (res?.meta.changes ?? 0) > 0;
}

/** Removes one of a person's passkeys, with its audit record; false when they have no such passkey. */
export async function deletePasskey(
  db: D1Database,
  id: string,
  staffId: number,
  record: AuditRecord,
): Promise<boolean> {
  const [res] = await db.batch([
    db.prepare("DELETE FROM passkeys WHERE id = ? AND staff_id = ?").bind(id, staffId),
    auditStatement(db, record, { ifChanged: true }),
  ]);
  return (res?.meta.changes ?? 0) > 0;
}

/** A passkey's name, if it is this person's (for the audit record of its removal). */
export async function passkeyName(db: D1Database, id: string, staffId: number): Promise<string | null> {
  const row = await db
    .prepare("SELECT name FROM passkeys WHERE id = ? AND staff_id = ?")
    .bind(id, staffId)
    .first<{ name: string }>();
  return row?.name ?? null;
}
