// BENCH_KILL=1 node test/bench/delivery.ts (BENCH_RECIPIENTS=50000): exactly once across a crash
// (issue 21). One digest to N subscribers through npm start to the bench's SMTP sink; once about half
// of them have it, npm start and its workerd are killed with SIGKILL (the local queue loses its
// messages, the window under way is left claimed); npm start is started again on the same data, and
// its maintenance (the delivery sweep, every minute) closes the dead claim and fans the rest out
// again. Then every recipient is accounted for, from the sink's list of what it received and from
// D1's delivery rows: duplicates (must be 0), delivered, unknown (and how many of those the sink did
// receive), failed with another reason, skipped, and missing (must be 0).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type LocalServer, startServer } from "../e2e/server.ts";
import { benchAddress, seedSubscribers } from "./seed.ts";
import { startSink } from "./sink.ts";

const root = path.resolve(import.meta.dirname, "../..");
/** A dead claim is closed, and a digest with lost messages fanned out again, this soon (not 10 and 2 minutes). */
const ENV = { STALE_CLAIM_SECONDS: "20", STALL_SECONDS: "20" };

interface Status {
  state: string;
  counts: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function status(server: LocalServer): Promise<Status> {
  const res = await fetch(`${server.url}/admin/digests/1`, {
    headers: { Authorization: `Bearer ${server.adminToken}` },
  });
  return (await res.json()) as Status;
}

/** Every delivery row of digest 1 with its subscriber's address, read from the stopped server's D1. */
function deliveryRows(stateDir: string): { email: string; state: string; last_error: string | null }[] {
  const out = execFileSync(
    path.join(root, "node_modules/.bin/wrangler"),
    [
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      stateDir,
      "--json",
      "--command",
      "SELECT s.email, d.state, d.last_error FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id WHERE d.digest_number = 1",
    ],
    { env: { ...process.env, CI: "true" }, stdio: "pipe", maxBuffer: 256 * 1024 * 1024 },
  ).toString();
  return (JSON.parse(out) as { results: { email: string; state: string; last_error: string | null }[] }[])[0]
    ?.results as { email: string; state: string; last_error: string | null }[];
}

export async function killedDigest(n: number): Promise<void> {
  const sink = await startSink({ recipients: true });
  const stateDir = mkdtempSync(path.join(tmpdir(), "bantin-bench-kill-"));
  const env = { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, ...ENV };
  let server = await startServer(env, { stateDir, detached: true });
  try {
    seedSubscribers(stateDir, n);
    const started = performance.now();
    const res = await fetch(`${server.url}/admin/digests`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}` },
    });
    if (res.status !== 201) throw new Error(`POST /admin/digests answered ${res.status}: ${await res.text()}`);
    while (sink.count() < n / 2) await sleep(5);
    await server.killAll("SIGKILL");
    const atKill = sink.count();
    const killedAt = (performance.now() - started) / 1000;
    console.log(`killed npm start (SIGKILL) ${killedAt.toFixed(1)} s in, with ${atKill} of ${n} received`);

    server = await startServer(env, { stateDir, detached: true });
    const restarted = performance.now();
    let last: Status | null = null;
    for (const deadline = Date.now() + 15 * 60_000; ; await sleep(2000)) {
      last = await status(server);
      if (last.state === "done") break;
      if (Date.now() > deadline) throw new Error(`the digest did not finish: ${JSON.stringify(last)}`);
    }
    const finished = (performance.now() - restarted) / 1000;
    await server.stop();

    const received = sink.received();
    const rows = deliveryRows(stateDir);
    const byState = new Map<string, number>();
    for (const r of rows) byState.set(r.state, (byState.get(r.state) ?? 0) + 1);
    const unknown = rows.filter((r) => r.state === "failed" && r.last_error?.startsWith("outcome unknown"));
    const otherFailed = rows.filter((r) => r.state === "failed" && !r.last_error?.startsWith("outcome unknown"));
    const rowOf = new Map(rows.map((r) => [r.email, r]));
    let missing = 0;
    let sentNotReceived = 0;
    let receivedNotSent = 0;
    for (let i = 1; i <= n; i++) {
      const email = benchAddress(i);
      const row = rowOf.get(email);
      const got = received.get(email) ?? 0;
      if (!row || (row.state !== "sent" && row.state !== "failed" && row.state !== "skipped")) missing++;
      else if (row.state === "sent" && got === 0) sentNotReceived++;
      else if (row.state !== "sent" && got > 0 && !row.last_error?.startsWith("outcome unknown")) receivedNotSent++;
    }
    const duplicates = [...received.values()].filter((c) => c > 1).length;
    const unknownReceived = unknown.filter((r) => (received.get(r.email) ?? 0) > 0).length;
    console.log(
      [
        `a digest to ${n.toLocaleString("en-US")} recipients, npm start killed mid-digest and started again (${ENV.STALE_CLAIM_SECONDS} s stale claims, ${ENV.STALL_SECONDS} s stall; the sweep runs every minute): done ${finished.toFixed(0)} s after the restart`,
        `  duplicates (received more than once):        ${duplicates}`,
        `  delivered (sent, received once):             ${byState.get("sent") ?? 0}`,
        `  unknown ("outcome unknown", never resent):   ${unknown.length} (of which the sink had received ${unknownReceived})`,
        `  failed with another reason:                  ${otherFailed.length}${otherFailed.length ? ` (${[...new Set(otherFailed.map((r) => r.last_error))].slice(0, 3).join("; ")})` : ""}`,
        `  skipped:                                     ${byState.get("skipped") ?? 0}`,
        `  missing (no final state):                    ${missing}`,
        `  sent in D1 but never received:               ${sentNotReceived}`,
        `  received but failed/skipped (not unknown):   ${receivedNotSent}`,
        `  digest status counts: ${JSON.stringify(last.counts)}`,
        `  ${duplicates === 0 && missing === 0 && sentNotReceived === 0 && receivedNotSent === 0 ? "exactly once: met" : "exactly once: NOT met"}`,
      ].join("\n"),
    );
  } finally {
    await server.stop().catch(() => undefined);
    await sink.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
