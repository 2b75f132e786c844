// D1 storage of console sessions (migration 0012). The only SQL on console_sessions.

export interface SessionRow {
  csrf: string;
  expiresMs: number;
}

/** Stores a new session, and forgets the sessions that have expired. */
export async function insertSession(
  db: D1Database,
  s: { id: string; csrf: string; tokenTag: string; createdMs: number; expiresMs: number },
): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM console_sessions WHERE expires_ms <= ?").bind(s.createdMs),
    db
      .prepare("INSERT INTO console_sessions (id, csrf, token_tag, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?)")
      .bind(s.id, s.csrf, s.tokenTag, s.createdMs, s.expiresMs),
  ]);
}

/** A session that exists, has not expired and was opened with the current ADMIN_TOKEN; else null. */
export async function findSession(
  db: D1Database,
  id: string,
  tokenTag: string,
  nowMs: number,
): Promise<SessionRow | null> {
  const row = await db
    .prepare("SELECT csrf, expires_ms FROM console_sessions WHERE id = ? AND token_tag = ? AND expires_ms > ?")
    .bind(id, tokenTag, nowMs)
    .first<{ csrf: string; expires_ms: number }>();
  return row ? { csrf: row.csrf, expiresMs: row.expires_ms } : null;
}

/** Ends a session; true when there was one. */
export async function deleteSession(db: D1Database, id: string): Promise<boolean> {
  const res = await db.prepare("DELETE FROM console_sessions WHERE id = ?").bind(id).run();
  return res.meta.changes > 0;
}
