// The audit log as CSV (RFC 4180, each cell neutralised against spreadsheet formulas as the
// subscriber export does). Pure.
import { zonedIso } from "../dates.ts";
import { toCsv } from "../subscribers/csv.ts";
import type { AuditRow } from "./model.ts";

export const AUDIT_CSV_HEADER = [
  "id",
  "time",
  "actor_kind",
  "actor",
  "actor_staff_id",
  "actor_token_id",
  "action",
  "object_type",
  "object_id",
  "detail",
  "client",
] as const;

/** The first line of the file: a byte order mark (Excel reads UTF-8 only with it) and the header. */
export const auditCsvStart = () => `\uFEFF${toCsv([AUDIT_CSV_HEADER])}`;

/** CSV lines of rows, their times in the site's time zone with its offset. */
export function auditCsvLines(rows: readonly AuditRow[], timeZone: string): string {
  return toCsv(
    rows.map((r) => [
      String(r.id),
      zonedIso(r.atMs, timeZone),
      r.actorKind,
      r.actorLabel,
      r.actorStaffId === null ? null : String(r.actorStaffId),
      r.actorTokenId,
      r.action,
      r.objectType,
      r.objectId,
      r.detail ? JSON.stringify(r.detail) : null,
      r.client,
    ]),
  );
}
