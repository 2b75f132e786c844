// npm run bench, delivery: one digest to N subscribers (10,000 by default; BENCH_RECIPIENTS) through
// `npm start`'s real local queue to a fast local SMTP sink, side by side in one run with a plain SMTP
// client (Python's smtplib, a new connection per message) sending the same message N times to the
// same sink. Prints the rate ratio and workerd's CPU per recipient (from /proc, over the whole run)
// against their targets, and writes them to bench/results.json. The same run keeps the cost ledger
// (test/bench/ledger.ts): the Worker runs with BANTIN_LEDGER=1 and prints what each invocation cost.
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { startServer } from "../e2e/server.ts";
import {
  FREE,
  freePlanRows,
  freePlanTable,
  LEDGER_TARGETS,
  ledgerTable,
  PAID,
  paidUsdPerDigest,
  parseLedger,
  SOURCES,
  sampleCpu,
  sumLedger,
} from "./ledger.ts";
import { cpuSeconds, workerdPids } from "./proc.ts";
import { saveResults } from "./results.ts";
import { startSink } from "./sink.ts";

const root = path.resolve(import.meta.dirname, "../..");
const N = Number(process.env.BENCH_RECIPIENTS || 10_000);
const TARGETS = { rateRatio: 0.5, cpuMsPerRecipient: 1 };

const sink = await startSink();
const server = await startServer({
  SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
  BANTIN_LEDGER: "1",
  // The ledger lines are console.log lines, which wrangler dev prints from the "log" level up.
  WRANGLER_LOG_LEVEL: "log",
});
/** npm start's maintenance (every minute) is the sweep cron's, not the digest's: kept out of the sums. */
const MAINTENANCE = "POST /admin/maintenance";
try {
  const seed = path.join(server.stateDir, "bench-seed.sql");
  writeFileSync(
    seed,
    `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at, consent_method)
     WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ${N})
     SELECT 'b' || i || '@example.org', 'b' || i || '@example.org', 'confirmed', '2026-11-01T00:00:00+07:00',
            '2026-11-01T00:05:00+07:00', 'benchmark' FROM k;`,
  );
  execFileSync(
    path.join(root, "node_modules/.bin/wrangler"),
    ["d1", "execute", "DB", "--local", "--persist-to", server.stateDir, "--file", seed],
    { env: { ...process.env, CI: "true" }, stdio: "pipe" },
  );
  const pids = workerdPids();
  const timeline = sampleCpu(() => pids);
  const startedMs = Date.now();
  const cpuBefore = cpuSeconds();
  const started = performance.now();
  const res = await fetch(`${server.url}/admin/digests`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminToken}` },
  });
  if (res.status !== 201) throw new Error(`POST /admin/digests answered ${res.status}: ${await res.text()}`);
  while (sink.count() < N) await new Promise((r) => setTimeout(r, 20));
  const bantinSeconds = (performance.now() - started) / 1000;
  const cpuMs = ((cpuSeconds() - cpuBefore) / N) * 1000;

  // The digest is done when every message written to the queue was deleted (acked) and its last
  // invocation printed its ledger line.
  const digestLedger = () => parseLedger(server.output()).filter((l) => l.startMs >= startedMs - 1000);
  for (const deadline = Date.now() + 60_000; ; ) {
    const all = digestLedger();
    const writes = all.reduce((a, l) => a + l.queue.writes, 0);
    const deletes = all.reduce((a, l) => a + l.queue.deletes, 0);
    if (writes > 0 && writes === deletes) break;
    if (Date.now() > deadline)
      throw new Error(`the queue did not drain: ${writes} operations written, ${deletes} deleted`);
    await new Promise((r) => setTimeout(r, 100));
  }
  timeline.stop();
  const invocations = digestLedger().filter((l) => l.name !== MAINTENANCE);
  const maintenance = digestLedger().length - invocations.length;
  const digestCpuMs = timeline.at(Date.now()) - timeline.at(startedMs);

  const message = sink.first();
  if (!message) throw new Error("the sink kept no message");
  const file = path.join(server.stateDir, "bench-message.eml");
  writeFileSync(file, message);
  const before = sink.count();
  const plainOut = await new Promise<string>((resolve, reject) => {
    const child = spawn("/usr/bin/python3", [
      path.join(import.meta.dirname, "plain_smtp.py"),
      String(sink.port),
      String(N),
      file,
    ]);
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`plain_smtp.py exited with ${code}`))));
  });
  const plainSeconds = Number(plainOut.trim());
  if (sink.count() - before !== N) throw new Error(`the plain client delivered ${sink.count() - before} of ${N}`);

  const bantinRate = N / bantinSeconds;
  const plainRate = N / plainSeconds;
  const ratio = bantinRate / plainRate;
  const line = (what: string, value: string, target: string, met: boolean) =>
    `  ${what.padEnd(36)} ${value.padStart(12)}   target ${target.padEnd(8)} ${met ? "met" : "NOT met"}`;
  console.log(
    [
      `delivery, ${N.toLocaleString("en-US")} recipients (${message.length.toLocaleString("en-US")}-byte message):`,
      `  bantin ${bantinRate.toFixed(0)}/s, plain SMTP client ${plainRate.toFixed(0)}/s`,
      line("rate, bantin / plain client", ratio.toFixed(3), `≥ ${TARGETS.rateRatio}`, ratio >= TARGETS.rateRatio),
      line(
        "workerd CPU per recipient",
        `${cpuMs.toFixed(2)} ms`,
        `≤ ${TARGETS.cpuMsPerRecipient} ms`,
        cpuMs <= TARGETS.cpuMsPerRecipient,
      ),
    ].join("\n"),
  );
  const figures = sumLedger(
    invocations,
    N,
    { totalMs: digestCpuMs, during: (l) => timeline.at(l.endMs) - timeline.at(l.startMs) },
    ratio,
  );
  console.log(ledgerTable(figures));
  if (maintenance > 0) console.log(`  (${maintenance} maintenance runs of npm start fell in the run: not in the sums)`);
  console.log(freePlanTable(figures, 10_000));
  saveResults({
    ledger: {
      ...figures,
      perRecipient: {
        queueOperations: figures.queue.operations / N,
        d1RowsWritten: figures.d1.rowsWritten / N,
        d1RowsRead: figures.d1.rowsRead / N,
        d1Queries: figures.d1.queries / N,
        invocations: figures.invocations / N,
        workerdCpuMs: digestCpuMs / N,
      },
      targets: LEDGER_TARGETS,
      freePlan10k: freePlanRows(figures, 10_000).map((r) => ({
        ...r,
        largestList: Number.isFinite(r.largestList) ? r.largestList : null,
      })),
      paidUsdPerDigest: { "10000": paidUsdPerDigest(figures, 10_000), "100000": paidUsdPerDigest(figures, 100_000) },
      plans: { free: FREE, paid: PAID, sources: SOURCES },
      measuredAt: new Date().toISOString(),
    },
    delivery: {
      recipients: N,
      messageBytes: message.length,
      bantinPerSecond: Math.round(bantinRate),
      plainClientPerSecond: Math.round(plainRate),
      rateRatio: Number(ratio.toFixed(3)),
      workerdCpuMsPerRecipient: Number(cpuMs.toFixed(3)),
      targets: TARGETS,
      measuredAt: new Date().toISOString(),
    },
  });
} finally {
  await server.stop();
  await sink.close();
}
