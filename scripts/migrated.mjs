// Whether a local state folder's database already has every migration, so that npm start can skip
// `wrangler d1 migrations apply` (about 3 s of starting wrangler and workerd to find nothing to do).
import { readdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";

/**
 * True when wrangler's local D1 file under `stateDir` lists every migration in `migrationsDir` as
 * applied. Read-only; anything unexpected (no database yet, several, another layout after a wrangler
 * upgrade) answers false, and wrangler runs as on a first start.
 */
export function everyMigrationApplied(stateDir, migrationsDir) {
  try {
    const dir = path.join(stateDir, "v3", "d1", "miniflare-D1DatabaseObject");
    const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
    if (files.length !== 1) return false;
    const db = new DatabaseSync(path.join(dir, files[0]), { readOnly: true });
    try {
      const applied = new Set(
        db
          .prepare("SELECT name FROM d1_migrations")
          .all()
          .map((r) => r.name),
      );
      return readdirSync(migrationsDir)
        .filter((f) => f.endsWith(".sql"))
        .every((f) => applied.has(f));
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
