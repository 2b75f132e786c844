// The benchmarks' audience: N confirmed subscribers b1@example.org … bN@example.org, written into a
// local D1 state folder through wrangler (as `npm start` keeps it).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** The address of the i-th subscriber (from 1). */
export const benchAddress = (i: number) => `b${i}@example.org`;

export function seedSubscribers(stateDir: string, n: number): void {
  const seed = path.join(stateDir, "bench-seed.sql");
  writeFileSync(
    seed,
    `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at, consent_method)
     WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${n})
     SELECT 'b' || i || '@example.org', 'b' || i || '@example.org', 'confirmed', '2026-11-01T00:00:00+07:00',
            '2026-11-01T00:05:00+07:00', 'benchmark' FROM k;`,
  );
  execFileSync(
    path.join(root, "node_modules/.bin/wrangler"),
    ["d1", "execute", "DB", "--local", "--persist-to", stateDir, "--file", seed],
    { env: { ...process.env, CI: "true" }, stdio: "pipe" },
  );
}
