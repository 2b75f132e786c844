// The readers' choices benchmarks' audience and posts (reader-choice.ts, and delivery-profile.ts with
// BENCH_CASE=readers): N readers over 20 tags and 12 new posts, written into npm start's local D1.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { LocalServer } from "../e2e/server.ts";

const root = path.resolve(import.meta.dirname, "../..");
export const TAGS = 20;
export const POSTS = 12;

const tag = (k: number) => `t${String((k % TAGS) + 1).padStart(2, "0")}`;

/**
 * Readers 1..N: everyone on everything weekly, or choices at random (SQLite's random(), per reader):
 * three in ten everything, the others one to three of the tags; half each post, half weekly.
 */
function seedSql(n: number, spread: boolean): string {
  const pick = `'t' || printf('%02d', abs(random()) % ${TAGS} + 1)`;
  const topics = spread
    ? `CASE WHEN abs(random()) % 10 < 3 THEN '*' ELSE (SELECT json_group_array(v) FROM (SELECT DISTINCT v FROM (
         SELECT ${pick} AS v UNION ALL SELECT ${pick} WHERE r % 3 > 0 UNION ALL SELECT ${pick} WHERE r % 3 = 2)
         ORDER BY v)) END`
    : "'*'";
  const frequency = spread ? "CASE WHEN abs(random()) % 2 = 0 THEN 'each-post' ELSE 'weekly' END" : "'weekly'";
  return `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at, consent_method, topics, frequency)
    WITH RECURSIVE k(i, r) AS (SELECT 1, abs(random()) UNION ALL SELECT i + 1, abs(random()) FROM k WHERE i < ${n})
    SELECT 'b' || i || '@example.org', 'b' || i || '@example.org', 'confirmed', '2026-11-01T00:00:00+07:00',
           '2026-11-01T00:05:00+07:00', 'benchmark', ${topics}, ${frequency} FROM k;`;
}

/** Writes the N readers (choices spread, or everyone on everything weekly) and publishes the 12 posts (two tags each). */
export async function seedReadersAndPosts(server: LocalServer, n: number, spread: boolean): Promise<void> {
  const seed = path.join(server.stateDir, "bench-readers.sql");
  writeFileSync(seed, seedSql(n, spread));
  execFileSync(
    path.join(root, "node_modules/.bin/wrangler"),
    ["d1", "execute", "DB", "--local", "--persist-to", server.stateDir, "--file", seed],
    { env: { ...process.env, CI: "true" }, stdio: "pipe" },
  );
  // A digest of the posts of the seed content and these: npm start published the content already.
  for (let j = 0; j < POSTS; j++) {
    const res = await fetch(`${server.url}/admin/posts`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        title: `Tin thử ${j + 1}`,
        author: "Ban Dân vận",
        tags: [tag(j * 3), tag(j * 3 + 1)],
        published: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, "+00:00"),
        markdown: `Tin thử số ${j + 1}: công tác dân vận ở cơ sở.\n\n## Kết quả\n\nCác xã đã hoàn thành kế hoạch.`,
      }),
    });
    if (res.status !== 201) throw new Error(`POST /admin/posts answered ${res.status}: ${await res.text()}`);
  }
}
