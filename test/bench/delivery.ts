// npm run bench, delivery: one digest to N subscribers (10,000 by default; BENCH_RECIPIENTS) through
// `npm start`'s real local queue to a fast local SMTP sink, side by side in one run with a plain SMTP
// client (Python's smtplib, a new connection per message) sending the same message N times to the
// same sink. Prints the rate ratio and workerd's CPU per recipient (from /proc, over the whole run)
// against their targets, and writes them to bench/results.json.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startServer } from "../e2e/server.ts";
import { startSink } from "./sink.ts";

const root = path.resolve(import.meta.dirname, "../..");
const N = Number(process.env.BENCH_RECIPIENTS || 10_000);
const TARGETS = { rateRatio: 0.5, cpuMsPerRecipient: 1 };

/** Every process below `pid`. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const out: number[] = [];
  const stack = [pid];
  for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
    for (const child of children.get(p) ?? []) {
      out.push(child);
      stack.push(child);
    }
  }
  return out;
}

/** CPU seconds (user + system) of this process tree's workerd processes. */
function workerdCpuSeconds(): number {
  let ticks = 0;
  for (const pid of descendants(process.pid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workerd")) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / 100;
}

const sink = await startSink();
const server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
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
  const cpuBefore = workerdCpuSeconds();
  const started = performance.now();
  const res = await fetch(`${server.url}/admin/digests`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminToken}` },
  });
  if (res.status !== 201) throw new Error(`POST /admin/digests answered ${res.status}: ${await res.text()}`);
  while (sink.count() < N) await new Promise((r) => setTimeout(r, 20));
  const bantinSeconds = (performance.now() - started) / 1000;
  const cpuMs = ((workerdCpuSeconds() - cpuBefore) / N) * 1000;

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
  mkdirSync(path.join(root, "bench"), { recursive: true });
  const resultsFile = path.join(root, "bench", "results.json");
  let results: Record<string, unknown> = {};
  try {
    results = JSON.parse(readFileSync(resultsFile, "utf8")) as Record<string, unknown>;
  } catch {
    // First run.
  }
  results.delivery = {
    recipients: N,
    messageBytes: message.length,
    bantinPerSecond: Math.round(bantinRate),
    plainClientPerSecond: Math.round(plainRate),
    rateRatio: Number(ratio.toFixed(3)),
    workerdCpuMsPerRecipient: Number(cpuMs.toFixed(3)),
    targets: TARGETS,
    measuredAt: new Date().toISOString(),
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await server.stop();
  await sink.close();
}
