// The audit log through the admin API (GET /admin/audit, /admin/audit.csv), and who a request is for
// the log: its actor and its client.
import type { Context } from "hono";
import { Hono } from "hono";
import type { Actor } from "../access/actor.ts";
import { auditCsvStream } from "../audit/export.ts";
import { type AuditQueryProblem, auditSearch, parseAuditQuery } from "../audit/filters.ts";
import type { AuditEntry, AuditRow, AuditWho } from "../audit/model.ts";
import { countAudit, listAudit, recordAudit } from "../audit/repository.ts";
import { zonedIso } from "../dates.ts";
import { clientKey } from "../subscribers/client.ts";
import type { AppEnv } from "./context.ts";

/** Who the log names for this request: its actor (none before sign-in) and its client key. */
export function auditWho<E extends AppEnv>(c: Context<E>): AuditWho {
  const actor: AppEnv["Variables"]["actor"] | undefined = c.get("actor");
  return { actor: actor ?? null, client: clientKey(c.req.header("CF-Connecting-IP")) };
}

/** Records what this request did, by its actor, now. */
export function audit<E extends AppEnv>(c: Context<E>, entry: AuditEntry): Promise<number> {
  return recordAudit(c.env.DB, { ...entry, who: auditWho(c), atMs: Date.now() });
}

/**
 * Records what this request did by someone it has no actor for yet (a sign-in: the person it signs
 * in; null for nobody, a refused link), from its client, now.
 */
export function auditAs<E extends AppEnv>(c: Context<E>, actor: Actor | null, entry: AuditEntry): Promise<number> {
  const who: AuditWho = { actor, client: clientKey(c.req.header("CF-Connecting-IP")) };
  return recordAudit(c.env.DB, { ...entry, who, atMs: Date.now() });
}

/** The CSV file's name: the site's day it was made. */
export const auditFileName = (timeZone: string, nowMs: number) =>
  `bantin-audit-${zonedIso(nowMs, timeZone).slice(0, 10)}.csv`;

const PROBLEMS: Record<AuditQueryProblem, string> = {
  action: "action is not an action the log records (see GET /admin/audit without it for the names in use).",
  from: "from must be a day written YYYY-MM-DD.",
  to: "to must be a day written YYYY-MM-DD.",
  range: "from must not be after to.",
  before: "before must be an entry's id.",
  after: "after must be an entry's id.",
  limit: "limit must be a whole number from 1 to 500.",
};

/** The log, behind the admin API's token check and its permission table (owners only: access/roles.ts). */
export const auditAdmin = new Hono<AppEnv>();

const shown = (r: AuditRow, timeZone: string) => ({
  id: r.id,
  at: zonedIso(r.atMs, timeZone),
  actor: { kind: r.actorKind, label: r.actorLabel, staff_id: r.actorStaffId, token_id: r.actorTokenId },
  action: r.action,
  object: r.objectType === null ? null : { type: r.objectType, id: r.objectId },
  detail: r.detail,
  client: r.client,
});

/**
 * Entries newest first, `limit` (default 100, at most 500) at a time; filtered by `actor` (its label),
 * `action`, and `from` / `to` (days, YYYY-MM-DD, in the site's time zone, both included). `next` is
 * the link to the older entries, when there are.
 */
auditAdmin.get("/admin/audit", async (c) => {
  const config = c.get("config");
  const parsed = parseAuditQuery(c.req.query(), config.timeZone);
  if (!parsed.ok) return c.json({ error: PROBLEMS[parsed.problem], field: parsed.problem }, 400);
  const rawLimit = c.req.query("limit") ?? "100";
  const limit = /^[1-9][0-9]{0,2}$/.test(rawLimit) ? Number(rawLimit) : 0;
  if (limit < 1 || limit > 500) return c.json({ error: PROBLEMS.limit, field: "limit" }, 400);
  const rows = await listAudit(c.env.DB, parsed.filter, {
    before: parsed.before,
    after: parsed.after,
    limit: limit + 1,
  });
  const more = rows.length > limit;
  const page = parsed.after !== null && more ? rows.slice(1) : rows.slice(0, limit);
  const last = page.at(-1);
  const olderExist = parsed.after !== null || more;
  const next =
    last && olderExist
      ? `${config.siteUrl}/admin/audit${auditSearch(parsed.query, { before: last.id })}${rawLimit === "100" ? "" : `&limit=${limit}`}`
      : null;
  return c.json({ entries: page.map((r) => shown(r, config.timeZone)), next });
});

/** Every entry the filter matches (the same parameters, no paging), as CSV; the export is itself recorded. */
auditAdmin.get("/admin/audit.csv", async (c) => {
  const config = c.get("config");
  const parsed = parseAuditQuery(c.req.query(), config.timeZone);
  if (!parsed.ok) return c.json({ error: PROBLEMS[parsed.problem], field: parsed.problem }, 400);
  return auditCsvAnswer(c, parsed);
});

/** The CSV answer of a parsed filter, recording the export first (console and API alike). */
export async function auditCsvAnswer<E extends AppEnv>(
  c: Context<E>,
  parsed: Extract<ReturnType<typeof parseAuditQuery>, { ok: true }>,
): Promise<Response> {
  const config = c.get("config");
  const count = await countAudit(c.env.DB, parsed.filter);
  const filters = Object.fromEntries(Object.entries(parsed.query).filter(([, v]) => v !== ""));
  const id = await audit(c, { action: "audit.export", object: null, detail: { count, ...filters } });
  return c.body(auditCsvStream(c.env.DB, parsed.filter, id, config.timeZone), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${auditFileName(config.timeZone, Date.now())}"`,
  });
}
