// The log's filters as a query string gives them (the console's form, GET /admin/audit): a person, an
// action, and a range of days in the site's time zone. Pure.
import { offsetMinutesAt } from "../dates.ts";
import { type AuditAction, type AuditFilter, isAuditAction } from "./model.ts";

/** The filter as the query named it (kept to fill the form in again and to make page links). */
export interface AuditQuery {
  actor: string;
  action: string;
  /** YYYY-MM-DD, the first day shown, in the site's time zone. */
  from: string;
  /** YYYY-MM-DD, the last day shown (included). */
  to: string;
}

export type AuditQueryProblem = "action" | "from" | "to" | "range" | "before" | "after" | "limit";

export type ParsedAuditQuery =
  | { ok: true; query: AuditQuery; filter: AuditFilter; before: number | null; after: number | null }
  | { ok: false; query: AuditQuery; problem: AuditQueryProblem };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ID = /^[1-9][0-9]{0,15}$/;

/** The instant a calendar day begins in a time zone, or null for a date that does not exist. */
export function dayStartMs(date: string, timeZone: string): number | null {
  const m = DAY.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  // The zone's offset at that midnight (asked twice: the first guess may sit across a change of offset).
  const guess = utc - offsetMinutesAt(utc, timeZone) * 60_000;
  return utc - offsetMinutesAt(guess, timeZone) * 60_000;
}

/** The day after a YYYY-MM-DD day. */
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Reads the log's filter and page from query parameters; a value that means nothing is a problem to say. */
export function parseAuditQuery(params: Record<string, string | undefined>, timeZone: string): ParsedAuditQuery {
  const text = (name: string, max: number) => (params[name] ?? "").trim().slice(0, max);
  const query: AuditQuery = {
    actor: text("actor", 320),
    action: text("action", 40),
    from: text("from", 10),
    to: text("to", 10),
  };
  const fail = (problem: AuditQueryProblem): ParsedAuditQuery => ({ ok: false, query, problem });
  if (query.action !== "" && !isAuditAction(query.action)) return fail("action");
  const fromMs = query.from === "" ? null : dayStartMs(query.from, timeZone);
  if (query.from !== "" && fromMs === null) return fail("from");
  const toMs = query.to === "" ? null : dayStartMs(nextDay(query.to), timeZone);
  if (query.to !== "" && (toMs === null || dayStartMs(query.to, timeZone) === null)) return fail("to");
  if (fromMs !== null && toMs !== null && toMs <= fromMs) return fail("range");
  const id = (name: "before" | "after") => {
    const raw = params[name];
    if (raw === undefined || raw === "") return null;
    return ID.test(raw) ? Number(raw) : undefined;
  };
  const before = id("before");
  if (before === undefined) return fail("before");
  const after = id("after");
  if (after === undefined) return fail("after");
  return {
    ok: true,
    query,
    filter: {
      actor: query.actor || null,
      action: (query.action || null) as AuditAction | null,
      fromMs,
      toMs,
    },
    before,
    after: before === null ? after : null,
  };
}

/** The query string of a filter (and a page cursor), for links and the CSV export. */
export function auditSearch(q: AuditQuery, cursor?: { before?: number; after?: number }): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) s.set(k, v);
  if (cursor?.before) s.set("before", String(cursor.before));
  if (cursor?.after) s.set("after", String(cursor.after));
  const out = s.toString();
  return out ? `?${out}` : "";
}
