// D1 storage of console sessions (migrations 0012, 0020). The only SQL on console_sessions.
import type { Role } from "../access/actor.ts";

export interface SessionRow {
  csrf: string;
  createdMs: number;
  expiresMs: number;
  seenMs: number | null;
  /** The person signed in, or null for a session opened with the ADMIN_TOKEN. */
  person: { id: number; email: string; name: string; role: Role } | null;
}

/** Stores a new session, and forgets the sessions that have expired. */
export async function insertSession(
  db: D1Database,
  s: { id: string; csrf: string; tokenTag: string; staffId: number | null; createdMs: number; expiresMs: number },
): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM console_sessions WHERE expires_ms <= ?").bind(s.createdMs),
    db
      .prepare(
        "INSERT INTO console_sessions (id, csrf, token_tag, staff_id, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .bind(s.id, s.csrf, s.tokenTag, s.staffId, s.createdMs, s.expiresMs),
  ]);
}

/**
 * A live session: it exists, has not expired, and is a person's who is not disabled, or was opened
 * with the current ADMIN_TOKEN (its tag); else null.
 */
export async function findSession(
  db: D1Database,
  id: string,
  tokenTag: string,
  nowMs: number,
): Promise<SessionRow | null> {
  const row = await db
    .prepare(
      `SELECT s.csrf, s.created_ms, s.expires_ms, s.seen_ms, s.staff_id, p.email, p.name, p.role
       FROM console_sessions s LEFT JOIN staff p ON p.id = s.staff_id
       WHERE s.id = ?1 AND s.expires_ms > ?3
         AND ((s.staff_id IS NULL AND s.token_tag = ?2) OR (s.staff_id IS NOT NULL AND p.disabled_ms IS NULL))`,
    )
    .bind(id, tokenTag, nowMs)
    .first<{
      csrf: string;
      created_ms: number;
      expires_ms: number;
      seen_ms: number | null;
      staff_id: number | null;
      email: string | null;
      name: string | null;
      role: Role | null;
    }>();
  if (!row) return null;
  const person =
    row.staff_id !== null && row.email !== null && row.name !== null && row.role !== null
      ? { id: row.staff_id, email: row.email, name: row.name, role: row.role }
      : null;
  return { csrf: row.csrf, createdMs: row.created_ms, expiresMs: row.expires_ms, seenMs: row.seen_ms, person };
}

/** Notes when a session was last used (the caller writes at most every few minutes). */
export async function touchSession(db: D1Database, id: string, nowMs: number): Promise<void> {
  await db.prepare("UPDATE console_sessions SET seen_ms = ? WHERE id = ?").bind(nowMs, id).run();
}

export interface ListedSession {
  id: string;
  createdMs: number;
  seenMs: number | null;
  expiresMs: number;
}

/** The live sessions of a person, or those opened with the current ADMIN_TOKEN (null), newest first. */
export async function listSessions(
  db: D1Database,
  staffId: number | null,
  tokenTag: string,
  nowMs: number,
): Promise<ListedSession[]> {
  const { results } = await db
    .prepare(
      `SELECT id, created_ms, seen_ms, expires_ms FROM console_sessions
       WHERE staff_id IS ?1 AND expires_ms > ?2 AND (?1 IS NOT NULL OR token_tag = ?3)
       ORDER BY created_ms DESC LIMIT 100`,
    )
    .bind(staffId, nowMs, tokenTag)
    .all<{ id: string; created_ms: number; seen_ms: number | null; expires_ms: number }>();
  return results.map((r) => ({ id: r.id, createdMs: r.created_ms, seenMs: r.seen_ms, expiresMs: r.expires_ms }));
}

/**
 * Ends a session; true when there was one. With `staffId`, only a session of theirs (null: the
 * ADMIN_TOKEN's). `recorded`, its audit record, runs right after and must insert only when a session
 * ended (auditStatement's `ifChanged`).
 */
export async function deleteSession(
  db: D1Database,
  id: string,
  staffId?: number | null,
  recorded?: D1PreparedStatement,
): Promise<boolean> {
  const [res] = await db.batch([
    staffId === undefined
      ? db.prepare("DELETE FROM console_sessions WHERE id = ?").bind(id)
      : db.prepare("DELETE FROM console_sessions WHERE id = ? AND staff_id IS ?").bind(id, staffId),
    ...(recorded ? [recorded] : []),
  ]);
  return (res?.meta.changes ?? 0) > 0;
}
