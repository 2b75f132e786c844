// Runs before every test file of the workers project. Files run one after the other in a workerd
// (vitest.config.ts: `isolate: false`, which saves starting workerd once per file), so each begins
// here as it would in a runtime of its own: the Worker's own modules loaded afresh (no memo, hot
// path, throttle or other in-isolate state of an earlier file; the libraries stay loaded), both
// databases emptied and DB migrated afresh, the MEDIA bucket emptied.
import { type D1Migration, env } from "cloudflare:test";
import { vi } from "vitest";

/** Drops every view and table a test or a migration made (D1's and SQLite's own tables stay). */
async function empty(db: D1Database): Promise<void> {
  const { results } = await db
    .prepare(
      `SELECT type, name FROM sqlite_master
       WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
       ORDER BY type = 'table', rowid DESC`,
    )
    .all<{ type: string; name: string }>();
  if (results.length === 0) return;
  // One transaction, its foreign keys checked at the end (when every table is gone), so the order of
  // the drops does not matter.
  await db.batch([
    db.prepare("PRAGMA defer_foreign_keys = ON"),
    ...results.map((r) => db.prepare(`DROP ${r.type === "view" ? "VIEW" : "TABLE"} "${r.name.replace(/"/g, '""')}"`)),
  ]);
}

/** Deletes every object of a bucket (a list answers at most 1,000 keys at a time). */
async function emptyBucket(bucket: R2Bucket): Promise<void> {
  for (;;) {
    const { objects } = await bucket.list();
    if (objects.length === 0) return;
    await bucket.delete(objects.map((o) => o.key));
  }
}

/**
 * Migrates an emptied database as applyD1Migrations does (the same `d1_migrations` table and rows),
 * in one batch: one round trip instead of three and one per migration, at the start of each of some
 * eighty files.
 */
async function migrate(db: D1Database, migrations: D1Migration[]): Promise<void> {
  await db.batch([
    db.prepare(
      `CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,
         applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`,
    ),
    ...migrations.flatMap((m) => [
      ...m.queries.map((q) => db.prepare(q)),
      db.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(m.name),
    ]),
  ]);
}

/**
 * Forgets the modules an earlier file loaded, as vi.resetModules() does, but only the project's own
 * (src/, emails/, test/): they hold the in-isolate state a file must not inherit. The libraries under
 * node_modules keep none a test depends on, and loading them again (React Email, Hono, Preact, the
 * catalogues' formatters…) was most of each file's start. vitest's module map is internal: if it is
 * not where vitest 4 keeps it, every module is forgotten.
 */
function forgetOwnModules(): void {
  type Node = { promise?: unknown; exports?: unknown; evaluated: boolean; importers: Set<string> };
  const state = (globalThis as { __vitest_worker__?: { evaluatedModules?: { idToModuleMap?: Map<string, Node> } } })
    .__vitest_worker__;
  const modules = state?.evaluatedModules?.idToModuleMap;
  if (!(modules instanceof Map)) {
    vi.resetModules();
    return;
  }
  for (const [id, node] of modules) {
    if (id.includes("/node_modules/") || id.startsWith("mock:")) continue;
    node.promise = undefined;
    node.exports = undefined;
    node.evaluated = false;
    node.importers.clear();
  }
}

forgetOwnModules();
// The three are independent: emptied side by side.
await Promise.all([
  emptyBucket(env.MEDIA),
  empty(env.DB).then(() => migrate(env.DB, env.TEST_MIGRATIONS)),
  empty(env.MIGRATION_TEST_DB),
]);
