// The audit log in the console (/console/audit, owner only: access/roles.ts): filters, pages, CSV export.
import { Hono } from "hono";
import { auditSearch, type ParsedAuditQuery, parseAuditQuery } from "../../audit/filters.ts";
import { auditActors, listAudit } from "../../audit/repository.ts";
import { listPostSummaries } from "../../posts/repository.ts";
import { auditPage } from "../../views/console/audit.tsx";
import { auditCsvAnswer } from "../audit.ts";
import { type ConsoleContext, type ConsoleEnv, consoleUrl } from "./context.ts";

export const auditConsole = new Hono<ConsoleEnv>();

const PAGE_SIZE = 50;

/** The page with what is wrong with its filter, and no rows (a 400). */
async function refused(c: ConsoleContext, parsed: Extract<ParsedAuditQuery, { ok: false }>) {
  const view = {
    rows: [],
    query: parsed.query,
    actors: await auditActors(c.env.DB),
    problem: parsed.problem,
    newer: null,
    older: null,
    csv: "",
    postSlugs: {},
  };
  return c.html(auditPage(c.get("config"), c.get("session"), view), 400);
}

auditConsole.get("/console/audit", async (c) => {
  const config = c.get("config");
  const db = c.env.DB;
  const parsed = parseAuditQuery(c.req.query(), config.timeZone);
  if (!parsed.ok) return refused(c, parsed);
  const actors = await auditActors(db);
  const csv = consoleUrl(c, `/console/audit.csv${auditSearch(parsed.query)}`);
  const { before, after } = parsed;
  // One more than a page tells whether there is a page beyond.
  const fetched = await listAudit(db, parsed.filter, { before, after, limit: PAGE_SIZE + 1 });
  const beyond = fetched.length > PAGE_SIZE;
  const rows = after !== null ? fetched.slice(beyond ? 1 : 0) : fetched.slice(0, PAGE_SIZE);
  const first = rows[0];
  const last = rows.at(-1);
  const link = (cursor: { before?: number; after?: number }) =>
    consoleUrl(c, `/console/audit${auditSearch(parsed.query, cursor)}`);
  const newer = first && (after !== null ? beyond : before !== null) ? link({ after: first.id }) : null;
  const older = last && (after !== null || beyond) ? link({ before: last.id }) : null;
  const postSlugs = rows.some((r) => r.objectType === "post")
    ? Object.fromEntries((await listPostSummaries(db)).map((p) => [p.id, p.slug]))
    : {};
  return c.html(
    auditPage(config, c.get("session"), { rows, query: parsed.query, actors, newer, older, csv, postSlugs }),
  );
});

auditConsole.get("/console/audit.csv", async (c) => {
  const parsed = parseAuditQuery(c.req.query(), c.get("config").timeZone);
  if (!parsed.ok) return refused(c, parsed);
  return auditCsvAnswer(c, parsed);
});
