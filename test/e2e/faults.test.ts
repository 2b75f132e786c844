// The fault suite: one digest to 1,000 subscribers through `npm start`'s real local queue and a
// relay that fails on purpose: refusals at every stage of SMTP (permanent ones pause the digest,
// one after the other, until the operator resumes it), an outage that trips the circuit breaker
// and heals, and per-recipient faults (refused mailboxes, greylisting, full mailboxes, misleading
// digits, connections cut in the middle of the message, slow answers). In the end: only the
// recipients whose own mailbox was refused are suppressed, nobody gets the digest twice, nobody is lost.
// Expected duration: 140 s (test/sequencer.ts starts the longest files first).
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./consumers.ts";
import { type Fault, type FaultContext, type FaultyRelay, startFaultyRelay } from "./relay.ts";
import { type LocalServer, migratedStateDir, startServer } from "./server.ts";
import { waitFor } from "./smtp.ts";

const N = 1000;
const address = (i: number) => `r${String(i).padStart(4, "0")}@example.org`;
const indexOf = (email: string | null) => Number(/^r(\d{4})@/.exec(email ?? "")?.[1] ?? -1);

/** Per-recipient faults, by index modulo 50; "bounce" marks the refusals of the mailbox itself. */
function recipientFault(ctx: FaultContext): Fault {
  const i = indexOf(ctx.recipient);
  if (i < 0) return null;
  const first = ctx.attempt === 1;
  switch (`${i % 50}:${ctx.stage}`) {
    case "1:rcpt":
      return { reply: "550 5.1.1 <user>: Recipient address rejected: User unknown" };
    case "2:rcpt":
      return first ? { reply: "451 4.7.1 Greylisted for 500 seconds, please try again" } : null;
    case "3:rcpt":
      return first ? { reply: "452 4.2.2 Mailbox over quota (512 MB used by 550 messages)" } : null;
    case "4:message":
      return { reply: "550 5.1.1 Unknown user (checked after DATA)" };
    case "5:transfer":
      return first ? { drop: true } : null;
    case "6:rcpt":
      return { delayMs: 300 };
    case "7:rcpt":
      return { reply: "550 Requested action not taken: mailbox unavailable" };
    case "8:rcpt":
      return first ? { reply: "554 5.7.1 Relay access denied (500 hosts tried)" } : null;
    case "9:message":
      return first ? { reply: "451 4.3.0 Temporary queue error, 512 MB free" } : null;
    case "10:message":
      return { delayMs: 500 };
    default:
      return null;
  }
}
const BOUNCED = (i: number) => [1, 4, 7].includes(i % 50);

/** The stage refusals of phase 1, in order, with the words the status page must show. */
const REFUSALS: [FaultContext["stage"], string, RegExp][] = [
  ["greeting", "554 5.7.1 No SMTP service for you", /the relay refused the connection \(554 5\.7\.1/],
  ["ehlo", "550 5.7.1 Client host rejected", /the relay refused our greeting \(EHLO\)/],
  ["auth", "535 5.7.8 Authentication credentials invalid", /the relay refused the login \(535 5\.7\.8/],
  ["mail", "553 5.7.1 Sender address rejected: not owned by user", /the relay refused the sender \(553 5\.7\.1/],
  ["data", "554 5.7.0 Transaction failed", /the relay refused the message \(554 5\.7\.0/],
  ["message", "554 5.6.0 Message content rejected (550 points)", /the relay refused the message \(554 5\.6\.0/],
];

/** Temporary refusals at each stage before the recipient, one per connection during the outage. */
const OUTAGE: [FaultContext["stage"], string][] = [
  ["greeting", "421 4.3.2 Service not available, closing transmission channel"],
  ["ehlo", "451 4.3.0 Temporary failure, try again"],
  ["auth", "454 4.7.0 Temporary authentication failure"],
  ["data", "451 4.3.0 Queue busy (550 waiting)"],
];

interface Status {
  state: string;
  pause: { kind: string; reason: string; sinceMs: number } | null;
  counts: Record<string, number>;
  total: number;
}

let relay: FaultyRelay;
let server: LocalServer;
const seen = new Set<string>();

const admin = (p: string, init: RequestInit = {}) =>
  fetch(`${server.url}${p}`, { ...init, headers: { Authorization: `Bearer ${server.adminToken}`, ...init.headers } });
async function status(): Promise<Status> {
  const s = (await (await admin("/admin/digests/1")).json()) as Status;
  seen.add(s.pause ? `paused:${s.pause.kind}` : s.state);
  return s;
}

/**
 * Runs SQL against a state folder's local D1, as `wrangler d1 execute` does. While npm start runs,
 * its workerd holds the same SQLite file: a moment of its writing answers SQLITE_BUSY, and the query
 * is tried again.
 */
async function d1(sql: string, dir = server.stateDir): Promise<unknown[]> {
  const file = path.join(dir, "query.sql");
  writeFileSync(file, sql);
  const args = ["d1", "execute", "DB", "--local", "--persist-to", dir, "--file", file, "--json"];
  for (let attempt = 1; ; attempt++) {
    try {
      const out = (
        await run(path.resolve("node_modules/.bin/wrangler"), args, { env: { ...process.env, CI: "true" } })
      ).toString("utf8");
      const parsed = JSON.parse(out.slice(out.indexOf("["))) as { results: unknown[] }[];
      return parsed.flatMap((r) => r.results);
    } catch (error) {
      if (attempt >= 5 || !String(error).includes("SQLITE_BUSY")) throw error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

let stateDir: string;

beforeAll(async () => {
  relay = await startFaultyRelay();
  // The subscribers are written before npm start opens the database, so that nothing else writes it.
  stateDir = await migratedStateDir();
  await d1(
    `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at, consent_method)
     WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${N})
     SELECT 'r' || printf('%04d', i) || '@example.org', 'r' || printf('%04d', i) || '@example.org', 'confirmed', '2026-11-01T00:00:00+07:00',
            '2026-11-01T00:05:00+07:00', 'double-opt-in (web form)' FROM k;`,
    stateDir,
  );
  server = await startServer(
    { SMTP_URL: relay.url, RETRY_BASE_SECONDS: "1", BREAKER_THRESHOLD: "8", BREAKER_COOLDOWN_SECONDS: "2" },
    { stateDir },
  );
});

afterAll(async () => {
  await server?.stop();
  await relay?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe("a digest to 1,000 subscribers through a relay that misbehaves", () => {
  it("pauses at a permanent refusal at each stage, suppresses nobody, and shows why", async () => {
    let previous = 0;
    for (const [stage, reply, words] of REFUSALS) {
      relay.setFault((ctx) => (ctx.stage === stage ? { reply } : null));
      const res =
        previous === 0
          ? await admin("/admin/digests", { method: "POST" })
          : await admin("/admin/digests/1/resume", { method: "POST" });
      expect(res.status, stage).toBeLessThan(300);
      const paused = await waitFor(`a pause at ${stage}`, async () => {
        const s = await status();
        return s.pause && s.pause.sinceMs !== previous ? s : undefined;
      });
      expect(paused.pause?.kind).toBe("operator");
      expect(paused.pause?.reason, stage).toMatch(words);
      expect((paused.counts.sent ?? 0) + (paused.counts.failed ?? 0)).toBe(0);
      const page = await (await admin("/admin/digests/1/status")).text();
      expect(page).toContain("Tạm dừng: the relay refused");
      previous = paused.pause?.sinceMs ?? 0;
    }
    expect(relay.received).toEqual([]);
    expect(await d1("SELECT COUNT(*) AS n FROM subscribers WHERE status = 'confirmed'")).toEqual([{ n: N }]);
  });

  it("sends the digest once to everyone but the refused mailboxes, through an outage and per-recipient faults", async () => {
    // An outage: the next 12 connections fail temporarily, at the greeting, EHLO, AUTH or DATA in
    // turn; the breaker trips, cools down and resumes by itself. Meanwhile and afterwards,
    // per-recipient faults.
    let firstConnection = 0;
    let mailCommands = 0;
    relay.setFault((ctx) => {
      firstConnection ||= ctx.connection;
      const k = ctx.connection - firstConnection;
      if (ctx.connection > 0 && k < 12) {
        const entry = OUTAGE[k % OUTAGE.length];
        return entry && ctx.stage === entry[0] ? { reply: entry[1] } : null;
      }
      if (ctx.stage === "mail" && ++mailCommands % 97 === 0)
        return { reply: "451 4.3.0 Try again later (500 in queue)" };
      return recipientFault(ctx);
    });
    expect((await admin("/admin/digests/1/resume", { method: "POST" })).status).toBe(200);
    let lastReport = Date.now();
    const done = await waitFor(
      "every delivery to settle",
      async () => {
        const s = await status();
        if (Date.now() - lastReport > 10_000) {
          lastReport = Date.now();
          console.log(`progress: ${JSON.stringify({ state: s.state, pause: s.pause?.reason, counts: s.counts })}`);
        }
        return s.state === "done" ? s : undefined;
      },
      300_000,
    );
    const perRecipient = new Map<string, number>();
    for (const r of relay.received) perRecipient.set(r.to, (perRecipient.get(r.to) ?? 0) + 1);
    const duplicates = [...perRecipient].filter(([, n]) => n > 1);
    const missing: string[] = [];
    const wronglyDelivered: string[] = [];
    for (let i = 1; i <= N; i++) {
      const got = perRecipient.get(address(i)) ?? 0;
      if (BOUNCED(i) && got > 0) wronglyDelivered.push(address(i));
      if (!BOUNCED(i) && got === 0) missing.push(address(i));
    }
    const byStatus = (await d1("SELECT status, COUNT(*) AS n FROM subscribers GROUP BY status ORDER BY status")) as {
      status: string;
      n: number;
    }[];
    const suppressed = (
      (await d1("SELECT email FROM subscribers WHERE status = 'suppressed' ORDER BY email")) as { email: string }[]
    ).map((r) => r.email);
    const attempts = [...relay.attempts.values()];
    console.log(
      [
        "fault suite:",
        `  recipients ${N}; digests received by the relay ${relay.received.length}; distinct recipients ${perRecipient.size}`,
        `  deliveries ${JSON.stringify(done.counts)}`,
        `  subscribers ${JSON.stringify(byStatus)}`,
        `  RCPT attempts: total ${attempts.reduce((a, b) => a + b, 0)}, most for one recipient ${Math.max(...attempts)}`,
        `  breaker states seen: ${[...seen].join(", ")}`,
        `  duplicates ${duplicates.length}, missing ${missing.length}, refused mailboxes delivered ${wronglyDelivered.length}`,
      ].join("\n"),
    );
    expect(duplicates).toEqual([]);
    expect(missing).toEqual([]);
    expect(wronglyDelivered).toEqual([]);
    const bounced = Array.from({ length: N }, (_, k) => k + 1)
      .filter(BOUNCED)
      .map(address);
    expect(suppressed).toEqual(bounced);
    expect(done.counts).toEqual({
      queued: 0,
      sending: 0,
      sent: N - bounced.length,
      failed: bounced.length,
      skipped: 0,
    });
    // The outage tripped the breaker, which cooled down and resumed by itself (nobody resumed it).
    expect(seen.has("paused:cooldown")).toBe(true);
  }, 400_000);
});
