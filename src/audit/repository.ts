// The audit log in D1 (migration 0022): rows are added, never changed (triggers refuse UPDATE and
// DELETE). A change that the domain code already makes in one D1 batch takes its record in the same
// batch (`auditStatement`), so that both land or neither does.
import type { AuditActorKind, AuditDetail, AuditEntry, AuditFilter, AuditRow, AuditWho } from "./model.ts";

/** One thing done, by whom, when. */
export type AuditRecord = AuditEntry & { who: AuditWho; atMs: number };

const COLUMNS =
  "at_ms, actor_kind, actor_staff_id, actor_token_id, actor_label, action, object_type, object_id, detail, client";

function valuesOf(r: AuditRecord): (string | number | null)[] {
  const { actor } = r.who;
  const kind: AuditActorKind = actor === null ? "anonymous" : actor === "system" ? "system" : actor.kind;
  const person = actor !== null && actor !== "system" ? actor : null;
  return [
    r.atMs,
    kind,
    person?.staffId ?? null,
    person?.tokenId ?? null,
    person?.label ?? null,
    r.action,
    r.object?.type ?? null,
    r.object?.id ?? null,
    r.detail ? JSON.stringify(r.detail) : null,
    r.who.client,
  ];
}

/**
 * The statement that records `r`, to run in the batch of the change it records. With `ifChanged`, it
 * records only when the statement just before it in the batch changed a row (the post was withdrawn,
 * the subscriber was there to erase): an action that did nothing leaves nothing in the log.
 */
export function auditStatement(
  db: D1Database,
  r: AuditRecord,
  options: {
    ifChanged?: boolean;
    /** SQL for a JSON object merged into the detail, for what only the batch knows (a count it wrote). */
    detailSql?: string;
  } = {},
): D1PreparedStatement {
  const detail = options.detailSql ? `json_patch(?9, ${options.detailSql})` : "?9";
  const params = `?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ${detail}, ?10`;
  const sql = options.ifChanged
    ? `INSERT INTO audit_log (${COLUMNS}) SELECT ${params} WHERE changes() > 0 RETURNING id`
    : `INSERT INTO audit_log (${COLUMNS}) VALUES (${params}) RETURNING id`;
  return db.prepare(sql).bind(...valuesOf(r));
}

/** Records one thing done, on its own (where the change it records is not a batch of ours); returns its id. */
export async function recordAudit(db: D1Database, r: AuditRecord): Promise<number> {
  return (await auditStatement(db, r).first<number>("id")) ?? 0;
}

/** A row of audit_log as D1 returns it. */
export interface AuditLogRecord {
  id: number;
  at_ms: number;
  actor_kind: AuditActorKind;
  actor_staff_id: number | null;
  actor_token_id: string | null;
  actor_label: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  detail: string | null;
  client: string;
}

function detailOf(json: string | null): AuditDetail | null {
  if (json === null) return null;
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as AuditDetail) : null;
  } catch {
    return null;
  }
}

const fromRow = (r: AuditLogRecord): AuditRow => ({
  id: r.id,
  atMs: r.at_ms,
  actorKind: r.actor_kind,
  actorStaffId: r.actor_staff_id,
  actorTokenId: r.actor_token_id,
  actorLabel: r.actor_label,
  action: r.action,
  objectType: r.object_type,
  objectId: r.object_id,
  detail: detailOf(r.detail),
  client: r.client,
});

/** The WHERE clause of a filter and its values. */
function where(f: AuditFilter): { sql: string; values: (string | number)[] } {
  const parts: string[] = [];
  const values: (string | number)[] = [];
  if (f.actor) {
    parts.push("actor_label = ?");
    values.push(f.actor);
  }
  if (f.action) {
    parts.push("action = ?");
    values.push(f.action);
  }
  if (f.fromMs != null) {
    parts.push("at_ms >= ?");
    values.push(f.fromMs);
  }
  if (f.toMs != null) {
    parts.push("at_ms < ?");
    values.push(f.toMs);
  }
  if (f.object) {
    parts.push("object_type = ? AND object_id = ?");
    values.push(f.object.type, f.object.id);
  }
  return { sql: parts.length > 0 ? parts.join(" AND ") : "1", values };
}

/** A page of the log: rows before (older than) or after (newer than) a row's id, or the newest. */
export interface AuditPage {
  before?: number | null;
  after?: number | null;
  limit: number;
}

/** Rows of the log that match a filter, newest first, a page at a time (by id: the order they were written). */
export async function listAudit(db: D1Database, f: AuditFilter, page: AuditPage): Promise<AuditRow[]> {
  const w = where(f);
  const newer = page.after != null && page.before == null;
  const cursor = page.before != null ? " AND id < ?" : newer ? " AND id > ?" : "";
  const cursorValue = page.before ?? page.after;
  const { results } = await db
    .prepare(`SELECT * FROM audit_log WHERE ${w.sql}${cursor} ORDER BY id ${newer ? "ASC" : "DESC"} LIMIT ?`)
    .bind(...w.values, ...(cursor ? [cursorValue] : []), page.limit)
    .all<AuditLogRecord>();
  const rows = results.map(fromRow);
  return newer ? rows.reverse() : rows;
}

/** How many rows match a filter. */
export async function countAudit(db: D1Database, f: AuditFilter): Promise<number> {
  const w = where(f);
  return (
    (await db
      .prepare(`SELECT count(*) AS n FROM audit_log WHERE ${w.sql}`)
      .bind(...w.values)
      .first<number>("n")) ?? 0
  );
}

/** Everyone the log names, for the console's filter by person. */
export async function auditActors(db: D1Database): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT DISTINCT actor_label AS label FROM audit_log WHERE actor_label IS NOT NULL ORDER BY label")
    .all<{ label: string }>();
  return results.map((r) => r.label);
}

/** What was done to one object, oldest first (at most `limit` rows: the newest of them). */
export async function objectHistory(
  db: D1Database,
  object: { type: string; id: string },
  limit: number,
): Promise<AuditRow[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM (SELECT * FROM audit_log WHERE object_type = ? AND object_id = ? ORDER BY id DESC LIMIT ?)
       ORDER BY id`,
    )
    .bind(object.type, object.id, limit)
    .all<AuditLogRecord>();
  return results.map(fromRow);
}
