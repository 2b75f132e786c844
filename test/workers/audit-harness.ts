// Reading the audit log in tests: the rows an action added, and exactly one of them.
import { env } from "cloudflare:test";
import { expect } from "vitest";
import type { AuditLogRecord } from "../../src/audit/repository.ts";

export type Row = AuditLogRecord;

export const lastId = async () => (await env.DB.prepare("SELECT max(id) AS n FROM audit_log").first<number>("n")) ?? 0;
export const rowsAfter = async (id: number) =>
  (await env.DB.prepare("SELECT * FROM audit_log WHERE id > ? ORDER BY id").bind(id).all<Row>()).results;

/** Runs `act` and returns the rows it added to the log. */
export async function recorded(act: () => Promise<unknown>): Promise<Row[]> {
  const mark = await lastId();
  await act();
  return rowsAfter(mark);
}

/** Runs `act`, expects it to add exactly one row, and returns it. */
export async function one(act: () => Promise<unknown>): Promise<Row> {
  const rows = await recorded(act);
  expect(rows.map((r) => r.action)).toHaveLength(1);
  return rows[0] as Row;
}

export const detail = (r: Row) => JSON.parse(r.detail ?? "null") as Record<string, unknown>;
