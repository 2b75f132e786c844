// npm run bench, readers' choices: the weekly digest per reader against the single digest, in one run.
// N readers (100,000 by default; BENCH_READERS) through `npm start`'s real local queue to the fast
// SMTP sink: first everyone on everything by the weekly digest (one rendering, as before choices),
// then the same N with random choices over 20 tags (three in ten everything, the others one to three
// tags; half each post, half weekly). The same posts each time (12, two tags each). Prints the
// renderings per digest (distinct post sets), the delivery rate and workerd's CPU per recipient (from
// /proc, start and sends together) of both, against the target (≤ 1.2× the single digest's CPU per
// recipient), and writes them to bench/results.json under "readerChoice". Per-post emails are kept
// out (their grace delay is a day): this measures the digest.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { startServer } from "../e2e/server.ts";
import { cpuSeconds } from "./proc.ts";
import { saveResults } from "./results.ts";
import { type Sink, startSink } from "./sink.ts";

const root = path.resolve(import.meta.dirname, "../..");
const N = Number(process.env.BENCH_READERS || 100_000);
const TAGS = 20;
const POSTS = 12;
const TARGET_CPU_RATIO = 1.2;

const tag = (k: number) => `t${String((k % TAGS) + 1).padStart(2, "0")}`;

/**
 * Readers 1..N: everyone on everything weekly, or choices at random (SQLite's random(), per reader):
 * three in ten everything, the others one to three of the tags; half each post, half weekly.
 */
function seedSql(spread: boolean): string {
  const pick = `'t' || printf('%02d', abs(random()) % ${TAGS} + 1)`;
  const topics = spread
    ? `CASE WHEN abs(random()) % 10 < 3 THEN '*' ELSE (SELECT json_group_array(v) FROM (SELECT DISTINCT v FROM (
         SELECT ${pick} AS v UNION ALL SELECT ${pick} WHERE r % 3 > 0 UNION ALL SELECT ${pick} WHERE r % 3 = 2)
         ORDER BY v)) END`
    : "'*'";
  const frequency = spread ? "CASE WHEN abs(random()) % 2 = 0 THEN 'each-post' ELSE 'weekly' END" : "'weekly'";
  return `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at, consent_method, topics, frequency)
    WITH RECURSIVE k(i, r) AS (SELECT 1, abs(random()) UNION ALL SELECT i + 1, abs(random()) FROM k WHERE i < ${N})
    SELECT 'b' || i || '@example.org', 'b' || i || '@example.org', 'confirmed', '2026-11-01T00:00:00+07:00',
           '2026-11-01T00:05:00+07:00', 'benchmark', ${topics}, ${frequency} FROM k;`;
}

interface Run {
  recipients: number;
  renders: number;
  nothingFor: number;
  seconds: number;
  cpuMsPerRecipient: number;
}

async function digestRun(sink: Sink, spread: boolean): Promise<Run> {
  const server = await startServer({
    SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    POST_EMAIL_GRACE_SECONDS: "86400",
  });
  try {
    const seed = path.join(server.stateDir, "bench-readers.sql");
    writeFileSync(seed, seedSql(spread));
    execFileSync(
      path.join(root, "node_modules/.bin/wrangler"),
      ["d1", "execute", "DB", "--local", "--persist-to", server.stateDir, "--file", seed],
      { env: { ...process.env, CI: "true" }, stdio: "pipe" },
    );
    const auth = { Authorization: `Bearer ${server.adminToken}` };
    // A digest of the posts of the seed content and these: npm start published the content already.
    for (let j = 0; j < POSTS; j++) {
      const res = await fetch(`${server.url}/admin/posts`, {
        method: "POST",
        headers: { ...auth, "Content-Type": "application/json" },
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
    const before = sink.count();
    const cpuBefore = cpuSeconds();
    const started = performance.now();
    const res = await fetch(`${server.url}/admin/digests`, { method: "POST", headers: auth });
    if (res.status !== 201) throw new Error(`POST /admin/digests answered ${res.status}: ${await res.text()}`);
    const started201 = (await res.json()) as { recipients: number; renders: number; nothingFor: number };
    while (sink.count() - before < started201.recipients) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1000;
    return {
      recipients: started201.recipients,
      renders: started201.renders,
      nothingFor: started201.nothingFor,
      seconds,
      cpuMsPerRecipient: ((cpuSeconds() - cpuBefore) / started201.recipients) * 1000,
    };
  } finally {
    await server.stop();
  }
}

const sink = await startSink();
try {
  const single = await digestRun(sink, false);
  const perReader = await digestRun(sink, true);
  const ratio = perReader.cpuMsPerRecipient / single.cpuMsPerRecipient;
  const describe = (r: Run) =>
    `${r.recipients.toLocaleString("en-US")} recipients, ${r.renders} renderings, ${r.nothingFor.toLocaleString("en-US")} with nothing; ${(r.recipients / r.seconds).toFixed(0)}/s, ${r.cpuMsPerRecipient.toFixed(2)} ms of workerd CPU per recipient`;
  console.log(
    [
      `readers' choices, ${N.toLocaleString("en-US")} readers over ${TAGS} tags, ${POSTS} new posts (and the seed content):`,
      `  single digest (everyone everything, weekly): ${describe(single)}`,
      `  digest per reader (choices spread):         ${describe(perReader)}`,
      `  CPU per recipient, per reader / single: ${ratio.toFixed(2)}×   target ≤ ${TARGET_CPU_RATIO}×   ${ratio <= TARGET_CPU_RATIO ? "met" : "NOT met"}`,
    ].join("\n"),
  );
  saveResults({
    readerChoice: {
      readers: N,
      tags: TAGS,
      posts: POSTS,
      single,
      perReader,
      cpuRatio: Number(ratio.toFixed(3)),
      target: TARGET_CPU_RATIO,
      measuredAt: new Date().toISOString(),
    },
  });
} finally {
  await sink.close();
}
