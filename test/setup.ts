// Runs before every test file of the workers project. The files share one workerd (vitest.config.ts:
// `isolate: false`, which saves starting workerd once per file), so each file begins here as it would
// in a runtime of its own: the Worker's modules loaded afresh (no memo, hot path, throttle or other
// in-isolate state of an earlier file), both databases emptied and DB migrated afresh, the MEDIA
// bucket emptied.
import { applyD1Migrations, env } from "cloudflare:test";
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

vi.resetModules();
await emptyBucket(env.MEDIA);
await empty(env.DB);
await empty(env.MIGRATION_TEST_DB);
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
