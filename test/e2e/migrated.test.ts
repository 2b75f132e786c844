// npm start runs `wrangler d1 migrations apply` only when the local database lacks a migration
// (scripts/migrated.mjs): on a first start, and after a pull that brought a new one; on every other
// start it saves wrangler's 3 s of finding nothing to do. (start.test.ts starts from nothing.)
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { everyMigrationApplied } from "../../scripts/migrated.mjs";
import { migratedStateDir } from "./server.ts";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../migrations");
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The one D1 file of a state folder. */
function databaseOf(stateDir: string): string {
  const dir = path.join(stateDir, "v3", "d1", "miniflare-D1DatabaseObject");
  const [file, ...more] = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  expect(more).toEqual([]);
  return path.join(dir, file ?? "");
}

describe("whether npm start needs wrangler's migration run", () => {
  it("no, when the local database has every migration of migrations/", async () => {
    const dir = await migratedStateDir();
    made.push(dir);
    expect(everyMigrationApplied(dir, MIGRATIONS)).toBe(true);
  });

  it("yes, when a migration is missing from it (a new one, pulled since the last start)", async () => {
    const dir = await migratedStateDir();
    made.push(dir);
    const newest = readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .at(-1);
    const db = new DatabaseSync(databaseOf(dir));
    try {
      expect(db.prepare("DELETE FROM d1_migrations WHERE name = ?").run(newest ?? "").changes).toBe(1);
    } finally {
      db.close();
    }
    expect(everyMigrationApplied(dir, MIGRATIONS)).toBe(false);
  });

  it("yes, on a first start (no database yet) and when the folder is not as expected", () => {
    const empty = mkdtempSync(path.join(tmpdir(), "bantin-e2e-empty-"));
    made.push(empty);
    expect(everyMigrationApplied(empty, MIGRATIONS)).toBe(false);
    expect(everyMigrationApplied(path.join(empty, "missing"), MIGRATIONS)).toBe(false);
  });
});
