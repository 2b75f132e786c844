// `npm start` killed in the middle of a digest (SIGKILL, as a crash or an eviction would): the local
// queue loses its messages, the deliveries under way are left claimed and the rest queued. Started
// again on the same data, the delivery sweep closes the dead claims as "outcome unknown" (never
// resent), fans the queued rest out again, and the digest finishes: nobody gets it twice.
// Expected duration: 40 s (test/sequencer.ts starts the longest files first).
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./consumers.ts";
import { type FaultyRelay, startFaultyRelay } from "./relay.ts";
import { type LocalServer, migratedStateDir, startServer } from "./server.ts";
import { waitFor } from "./smtp.ts";

const N = 30;
/** A copy of the run's migrated state folder, kept across the restart. */
let stateDir: string;
// Windows of two, sent over two connections: a window is claimed whole before its first send, so a
// crash leaves at most one window's recipients without an outcome.
const WINDOW = 2;
const ENV = {
  STALE_CLAIM_SECONDS: "5",
  STALL_SECONDS: "5",
  RETRY_BASE_SECONDS: "1",
  SMTP_CONNECTIONS: "2",
  WINDOW_SIZE: String(WINDOW),
};
let relay: FaultyRelay;
let server: LocalServer;

interface Status {
  state: string;
  counts: Record<string, number>;
  failures: { email: string; reason: string }[];
}
const status = async () =>
  (await (
    await fetch(`${server.url}/admin/digests/1`, { headers: { Authorization: `Bearer ${server.adminToken}` } })
  ).json()) as Status;

beforeAll(async () => {
  relay = await startFaultyRelay();
  // Every recipient is answered slowly, so that the kill finds a delivery mid-send.
  relay.setFault((ctx) => (ctx.stage === "rcpt" ? { delayMs: 400 } : null));
  // The subscribers are written before npm start opens the database, so that nothing else writes it
  // (beside a running workerd, wrangler d1 execute may meet SQLITE_BUSY).
  stateDir = await migratedStateDir();
  const file = path.join(stateDir, "seed.sql");
  writeFileSync(
    file,
    `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at, consent_method)
     WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${N})
     SELECT 'k' || i || '@example.org', 'k' || i || '@example.org', 'confirmed', '2026-11-01T00:00:00+07:00', '2026-11-01T00:05:00+07:00', 'test' FROM k;`,
  );
  await run(
    path.resolve("node_modules/.bin/wrangler"),
    ["d1", "execute", "DB", "--local", "--persist-to", stateDir, "--file", file],
    { env: { ...process.env, CI: "true" } },
  );
  server = await startServer({ SMTP_URL: relay.url, ...ENV }, { stateDir, detached: true });
});

afterAll(async () => {
  await server?.stop();
  await relay?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe("a digest interrupted by a crash", () => {
  it("finishes after a restart, with the dead claim closed and nothing sent twice", async () => {
    const started = await fetch(`${server.url}/admin/digests`, {
      method: "POST",
      headers: { Authorization: `Bearer ${server.adminToken}` },
    });
    expect(started.status).toBe(201);
    await waitFor("a few digests to go out", () => (relay.received.length >= 3 ? true : undefined));
    await waitFor("deliveries mid-send", async () => (((await status()).counts.sending ?? 0) > 0 ? true : undefined));
    await server.killAll("SIGKILL");
    const before = relay.received.length;
    expect(before).toBeLessThan(N);

    relay.setFault(() => null);
    server = await startServer({ SMTP_URL: relay.url, ...ENV }, { stateDir, detached: true });
    const done = await waitFor(
      "the digest to finish after the restart",
      async () => {
        const s = await status();
        return s.state === "done" ? s : undefined;
      },
      120_000,
    );
    const counts = new Map<string, number>();
    for (const r of relay.received) counts.set(r.to, (counts.get(r.to) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    // Those under way when the sender died are closed, not resent; everyone else got the digest.
    const unknown = done.counts.failed ?? 0;
    expect(unknown).toBeGreaterThanOrEqual(1);
    expect(unknown).toBeLessThanOrEqual(WINDOW);
    expect(done.counts).toMatchObject({ queued: 0, sending: 0, sent: N - unknown });
    for (const f of done.failures) expect(f.reason).toBe("outcome unknown: the sender stopped mid-send");
    const closed = new Set(done.failures.map((f) => f.email));
    for (let i = 1; i <= N; i++) {
      const email = `k${i}@example.org`;
      if (!closed.has(email)) expect(counts.get(email), email).toBe(1);
    }
    const page = await (
      await fetch(`${server.url}/admin/digests/1/status`, { headers: { Authorization: `Bearer ${server.adminToken}` } })
    ).text();
    expect(page).not.toContain('http-equiv="refresh"');
    // A second start of npm start, then the whole digest, on a machine that may be busy.
  }, 600_000);
});
