// npm run bench, delivery: one digest to N subscribers (10,000 by default; BENCH_RECIPIENTS) through
// `npm start`'s real local queue to a fast local SMTP sink, side by side in one run with two reference
// clients sending the same message N times to the same sink: a plain SMTP client (Python's smtplib, a
// new connection per message) and a pooled one (nodemailer's pooled transport, as many connections
// as bantin's SMTP_CONNECTIONS). Prints the rates and workerd's CPU per recipient (from /proc, over
// the whole run) against their targets, and writes them to bench/results.json. The same run keeps the
// cost ledger (test/bench/ledger.ts): the Worker runs with BANTIN_LEDGER=1 and prints what each
// invocation cost. Then the same digest again under the Free-plan profile (DELIVERY_PROFILE=free;
// BENCH_FREE=0 leaves it out, BENCH_FREE=only runs it alone), through a local stand-in of Postmark's
// API, the transport for Workers Free (BENCH_FREE_TRANSPORT=smtp: through the SMTP sink), whose
// ledger fills the Free-plan table; that run also takes a V8 CPU
// profile of the Worker's isolate (every PROFILE_INTERVAL_US, 100 µs by default), which gives each
// invocation its own CPU, the figure the Free plan's 10 ms is judged on (isolate-cpu.ts). BENCH_KILL=1
// runs instead the digest killed in its middle (delivery-kill.ts): duplicates and every recipient
// accounted for.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import nodemailer from "nodemailer";
import { MAINTENANCE_CRON } from "../../src/delivery/maintain.ts";
import { DEFAULT_DELIVERY, FREE_PROFILE } from "../../src/delivery/settings.ts";
import type { InvocationLedger } from "../../src/ledger/ledger.ts";
import { freePort, startServer } from "../e2e/server.ts";
import { startPostmarkApi } from "../fixtures/postmark-api.ts";
import { killedDigest } from "./delivery-kill.ts";
import { profileWorker } from "./inspector.ts";
import { attribute, busySamples, type CpuProfile, instrumentNodes, runShare, stackOf } from "./isolate-cpu.ts";
import {
  FREE,
  freePlanRows,
  freePlanTable,
  idleMaintenanceOf,
  isMaintenanceCron,
  isolateByKind,
  LEDGER_TARGETS,
  type LedgerFigures,
  ledgerTable,
  PAID,
  paidUsdPerDigest,
  parseLedger,
  SOURCES,
  sampleCpu,
  sumLedger,
} from "./ledger.ts";
import { cpuSeconds, runtimePid, workerdPids } from "./proc.ts";
import { saveResults } from "./results.ts";
import { seedSubscribers } from "./seed.ts";
import { type Sink, startSink } from "./sink.ts";
import { pollThread } from "./thread-cpu.ts";

const root = path.resolve(import.meta.dirname, "../..");
const N = Number(process.env.BENCH_RECIPIENTS || 10_000);
const TARGETS = { rateRatio: 0.5, cpuMsPerRecipient: 1 };
/** The pooled reference holds as many connections as bantin's default pool. */
const SMTP_CONNECTIONS = DEFAULT_DELIVERY.smtpConnections;
/** npm start's maintenance (every minute) is the sweep cron's, not the digest's: kept out of the sums. */
const MAINTENANCE = "POST /admin/maintenance";
/** The digest's cron in wrangler.toml: every cron but the maintenance one starts the next digest. */
const DIGEST_CRON = (() => {
  const crons = /^crons\s*=\s*\[(.*)\]/m.exec(readFileSync(path.join(root, "wrangler.toml"), "utf8"))?.[1] ?? "";
  const cron = [...crons.matchAll(/"([^"]+)"/g)].map((m) => m[1]).find((c) => c !== MAINTENANCE_CRON);
  if (!cron) throw new Error("wrangler.toml names no digest cron");
  return cron;
})();
/** Runs of the maintenance cron fired after the Free-profile digest, with nothing left to do. */
const IDLE_CRONS = 5;
/** The isolate profile's sampling interval (µs): short invocations need many samples. */
const SAMPLING_US = Number(process.env.PROFILE_INTERVAL_US || 100);

interface DigestRun {
  seconds: number;
  cpuMsPerRecipient: number;
  figures: (rateRatio: number) => LedgerFigures;
  maintenance: number;
  message: Buffer;
}

/** Where the digest's mail goes: the settings that point npm start at it, and what it received. */
interface MailSink {
  env: Record<string, string>;
  count: () => number;
  first: () => Buffer | null;
}

const smtpSink = (sink: Sink): MailSink => ({
  env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}` },
  count: sink.count,
  first: sink.first,
});

/**
 * One digest to N seeded subscribers through npm start (with `env`), timed, its ledger summed; with
 * `profile`, the Worker's isolate profiled meanwhile, for its own CPU per invocation. `crons`: the
 * digest is started by its cron (a scheduled event, as Cloudflare fires it) instead of
 * POST /admin/digests, and the maintenance cron is then fired IDLE_CRONS times with nothing to do.
 */
async function deliverDigest(
  sink: MailSink,
  env: Record<string, string>,
  profile = false,
  crons = false,
): Promise<DigestRun> {
  const inspectorPort = await freePort();
  const server = await startServer({
    ...(crons ? { BANTIN_BENCH_CRONS: "1" } : {}),
    INSPECTOR_PORT: String(inspectorPort),
    ...sink.env,
    BANTIN_LEDGER: "1",
    // The ledger lines are console.log lines, which wrangler dev prints from the "log" level up.
    WRANGLER_LOG_LEVEL: "log",
    // wrangler dev's local trace collector (miniflare's observability worker, on by default) records
    // a span for every D1 call, socket and timer in workerd itself, 20–30% of workerd's CPU here;
    // nothing like it runs in the Worker on Cloudflare. Off, so the CPU figure bounds bantin's own
    // more tightly; X_LOCAL_OBSERVABILITY=true measures with it.
    X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? "false",
    ...env,
  });
  try {
    seedSubscribers(server.stateDir, N);
    const pids = workerdPids();
    const runtime = runtimePid();
    if (profile && runtime === null) throw new Error("no workerd with an inspector below this process to profile");
    // The thread that runs the isolates, polled, and the profile: only for the profiled run (each
    // costs CPU of its own, which the whole-workerd figures of that run then include).
    const thread = profile && runtime !== null ? pollThread(runtime) : null;
    const profiler = profile ? await profileWorker(inspectorPort, SAMPLING_US, runtime) : null;
    const timeline = sampleCpu(() => pids);
    const startedMs = Date.now();
    const before = sink.count();
    const cpuBefore = cpuSeconds();
    const started = performance.now();
    if (crons) {
      await fireCron(server.url, DIGEST_CRON);
      // Asking the Worker would add an invocation to the digest's: its first mail says it started.
      for (const deadline = Date.now() + 30_000; sink.count() === before; ) {
        if (Date.now() > deadline) throw new Error("the digest cron started no digest: no mail in 30 s");
        await new Promise((r) => setTimeout(r, 20));
      }
    } else {
      const res = await fetch(`${server.url}/admin/digests`, {
        method: "POST",
        headers: { Authorization: `Bearer ${server.adminToken}` },
      });
      if (res.status !== 201) throw new Error(`POST /admin/digests answered ${res.status}: ${await res.text()}`);
    }
    while (sink.count() - before < N) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1000;
    const cpuMsPerRecipient = ((cpuSeconds() - cpuBefore) / N) * 1000;

    // The digest is done when every message written to the queue was deleted (acked) and its last
    // invocation printed its ledger line.
    const digestLedger = () => parseLedger(server.output()).filter((l) => l.startMs >= startedMs - 1000);
    const drained = async () => {
      for (const deadline = Date.now() + 60_000; ; ) {
        const all = digestLedger();
        const writes = all.reduce((a, l) => a + l.queue.writes, 0);
        const deletes = all.reduce((a, l) => a + l.queue.deletes, 0);
        if (writes > 0 && writes === deletes) return;
        if (Date.now() > deadline)
          throw new Error(`the queue did not drain: ${writes} operations written, ${deletes} deleted`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await drained();
    // The maintenance cron: first the run of the digest's own minute (under the Free profile it does
    // the sweeps the digest cron leaves, and announces the feeds' change to the hub), in the digest's
    // sums; then IDLE_CRONS runs with nothing left to do, each after the queues drained, apart.
    let idleFromMs = Number.POSITIVE_INFINITY;
    const isIdleRun = (l: InvocationLedger) => isMaintenanceCron(l) && l.startMs >= idleFromMs;
    const cronRuns = () => digestLedger().filter(isMaintenanceCron).length;
    if (crons) {
      for (let i = 0; i <= IDLE_CRONS; i++) {
        if (i === 1) idleFromMs = Date.now();
        await fireCron(server.url, MAINTENANCE_CRON);
        for (const deadline = Date.now() + 10_000; cronRuns() <= i; ) {
          if (Date.now() > deadline) throw new Error("a maintenance cron printed no ledger line");
          await new Promise((r) => setTimeout(r, 20));
        }
        await drained();
      }
    }
    timeline.stop();
    const stopped = profiler ? await profiler.stop() : null;
    const readings = thread ? await thread.stop() : null;
    const all = digestLedger();
    const invocations = all.filter((l) => l.name !== MAINTENANCE && !isIdleRun(l));
    const idleRuns = all.filter(isIdleRun);
    const maintenance = all.length - invocations.length - idleRuns.length;
    // Every ledgered invocation takes part in the attribution (the maintenance runs too, so that
    // their samples go to them), then the digest's are summed.
    let isolate: Parameters<typeof sumLedger>[4] = null;
    if (profile && !(stopped && readings && profiler && !readings.lost && readings.monoUs.length > 1)) {
      // The poller stops when its thread is gone: wrangler dev restarted workerd (a source file changed).
      throw new Error("the profiled run lost workerd's thread: was a source file changed while it ran?");
    }
    if (stopped && process.env.BENCH_DUMP) dumpInvocations(process.env.BENCH_DUMP, stopped, all);
    if (stopped && readings && profiler) {
      // The ledger (src/ledger/, on only under the bench) is the bench's instrument, absent from a
      // deployed Worker: its own samples are counted apart, not in any invocation's CPU.
      const sources = profileSources(stopped.profile);
      const mapped = stopped.profile.nodes.some((n) => sources(n).file.startsWith("src/"));
      if (!mapped) console.warn("no source map for the Worker's bundle: the ledger's own samples stay in the figures");
      const instrument = instrumentNodes(
        stopped.profile,
        (n) => sources(n).file,
        (file) => file.startsWith("src/ledger/"),
      );
      const busy = busySamples(stopped.profile, stopped.epochMinusMonotonicUs);
      const samples = busy.filter((x) => !instrument.has(x.node));
      const owned = attribute(samples, all);
      const cpuOf = new Map(all.map((l, i) => [l, owned.cpuMs[i] ?? 0]));
      const cpuMs = (l: (typeof all)[number]) => cpuOf.get(l) ?? 0;
      const others = all.filter((l) => l.name === MAINTENANCE);
      isolate = {
        cpuMs,
        figures: {
          totalMs: owned.totalMs,
          unattributedMs: owned.unattributedMs,
          sharedMs: owned.sharedMs,
          instrumentMs: busy.reduce((a, x) => a + (instrument.has(x.node) ? x.cpuMs : 0), 0),
          threadRunShare: runShare(readings)(readings.monoUs[0] ?? 0, readings.monoUs.at(-1) ?? 0),
          samplingPeriodUs: (samples[0]?.cpuMs ?? 0) * 1000,
          samplerFirst: profiler.samplerFirst,
          others: others.length > 0 ? isolateByKind(others, cpuMs) : [],
        },
      };
    }
    const digestCpuMs = timeline.at(Date.now()) - timeline.at(startedMs);
    const message = sink.first();
    if (!message) throw new Error("the sink kept no message");
    return {
      seconds,
      cpuMsPerRecipient,
      maintenance,
      message,
      figures: (rateRatio) =>
        sumLedger(
          invocations,
          N,
          { totalMs: digestCpuMs, during: (l) => timeline.at(l.endMs) - timeline.at(l.startMs) },
          rateRatio,
          isolate,
          idleMaintenanceOf(idleRuns, isolate?.cpuMs ?? null),
        ),
    };
  } finally {
    await server.stop();
  }
}

/**
 * Where each function of a profile comes from: the bundle's (wrangler dev names it "index.js")
 * mapped back to their source file and line through wrangler's source map (the newest of its build
 * folders is the running one), else the URL's last part ("" for a native function).
 */
function profileSources(profile: CpuProfile): (node: CpuProfile["nodes"][number]) => { file: string; line: number } {
  let map: SourceMap | null = null;
  if (profile.nodes.some((n) => n.callFrame.url === "index.js")) {
    const dir = path.join(root, ".wrangler", "tmp");
    const newest = readdirSync(dir)
      .filter((d) => d.startsWith("dev-") && existsSync(path.join(dir, d, "index.js.map")))
      .map((d) => path.join(dir, d, "index.js.map"))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    if (newest) map = new SourceMap(JSON.parse(readFileSync(newest, "utf8")));
  }
  return ({ callFrame: f }) => {
    const entry = f.url === "index.js" ? map?.findEntry(f.lineNumber, f.columnNumber) : undefined;
    if (entry && "originalSource" in entry) {
      const { originalSource, originalLine } = entry as { originalSource: string; originalLine: number };
      return { file: originalSource.replace(/.*\/(src|emails|node_modules)\//, "$1/"), line: originalLine + 1 };
    }
    return { file: f.url.replace(/.*\//, ""), line: f.lineNumber + 1 };
  };
}

const STACKS_KEPT = 3;

/**
 * BENCH_DUMP=FILE: each ledgered invocation of the profiled run with its profile's busy samples
 * by function (self time, in samples: isolate-cpu.ts gives their period), to see where a costly one spent;
 * the first STACKS_KEPT invocations (the digest start among them) with each busy sample's whole stack.
 */
function dumpInvocations(
  file: string,
  { profile, epochMinusMonotonicUs }: { profile: CpuProfile; epochMinusMonotonicUs: number },
  invocations: ReturnType<typeof parseLedger>,
) {
  const sources = profileSources(profile);
  const nameOf = (n: CpuProfile["nodes"][number]) => {
    const { file, line } = sources(n);
    return `${n.callFrame.functionName || "(anonymous)"} ${file}:${line}`;
  };
  const names = new Map(profile.nodes.map((n) => [n.id, nameOf(n)]));
  const stack = stackOf(profile);
  const byInvocation = invocations.map(() => new Map<string, number>());
  // Total time of the project's own functions (src/, emails/): each once per sample, callees included.
  const totals = invocations.map(() => new Map<string, number>());
  const stacks: string[][] = [];
  const sorted = invocations.map((l, i) => ({ l, i })).sort((a, b) => a.l.startMs - b.l.startMs);
  for (const { node, atMs } of busySamples(profile, epochMinusMonotonicUs)) {
    const owner = sorted.find(({ l }) => l.startMs <= atMs && atMs < l.endMs + 1);
    if (!owner) continue;
    const chain = stack(node).map((n) => names.get(n.id) ?? "?");
    const m = byInvocation[owner.i];
    m?.set(chain[0] ?? "?", (m.get(chain[0] ?? "?") ?? 0) + 1);
    const own = stacks[owner.i] ?? [];
    own.push(chain.join(" < "));
    stacks[owner.i] = own;
    for (const up of new Set(chain.filter((name) => / (src|emails)\//.test(name)))) {
      totals[owner.i]?.set(up, (totals[owner.i]?.get(up) ?? 0) + 1);
    }
  }
  const out = invocations.map((l, i) => {
    const m = byInvocation[i] ?? new Map<string, number>();
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    const top = [...m].sort((a, b) => b[1] - a[1]).slice(0, 40);
    const own = [...(totals[i] ?? [])].sort((a, b) => b[1] - a[1]).slice(0, 60);
    return {
      name: l.name,
      kinds: l.kinds,
      startMs: l.startMs,
      wallMs: l.endMs - l.startMs,
      samples: total,
      // Its D1 round trips and statements, by statement text: what its ledger line counted.
      d1: { calls: l.d1.calls, statements: l.d1.statements, bySql: l.d1.bySql },
      top,
      own,
      stacks: i < STACKS_KEPT ? stacks[i] : undefined,
    };
  });
  writeFileSync(file, JSON.stringify(out, null, 1));
}

/** Fires a cron through wrangler dev's /cdn-cgi/local/scheduled (BANTIN_BENCH_CRONS=1 lets it run). */
async function fireCron(url: string, cron: string) {
  const res = await fetch(`${url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(cron)}`);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`the cron "${cron}" answered ${res.status}: ${text}`);
}

/** Python's smtplib, a new connection per message: seconds for N messages. */
async function plainClient(sink: Sink, file: string): Promise<number> {
  const before = sink.count();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn("/usr/bin/python3", [
      path.join(import.meta.dirname, "plain_smtp.py"),
      String(sink.port),
      String(N),
      file,
    ]);
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`plain_smtp.py exited with ${code}`))));
  });
  if (sink.count() - before !== N) throw new Error(`the plain client delivered ${sink.count() - before} of ${N}`);
  return Number(out.trim());
}

/** nodemailer's pooled transport (pool: true, maxConnections = SMTP_CONNECTIONS): seconds for N messages. */
async function pooledClient(sink: Sink, message: Buffer): Promise<number> {
  const before = sink.count();
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: sink.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: SMTP_CONNECTIONS,
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      transport.sendMail({ envelope: { from: "bench@example.org", to: [`p${i}@example.org`] }, raw: message }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  if (sink.count() - before !== N) throw new Error(`the pooled client delivered ${sink.count() - before} of ${N}`);
  return seconds;
}

/**
 * The Free profile's transport: a stand-in of Postmark's API (test/fixtures/postmark-api.ts), the
 * transport for Workers Free; BENCH_FREE_TRANSPORT=smtp: the SMTP sink.
 */
const FREE_TRANSPORT = process.env.BENCH_FREE_TRANSPORT === "smtp" ? "smtp" : "postmark";

/**
 * The same digest under the Free-plan profile (windows of FREE_PROFILE's size, one per invocation),
 * the Worker's isolate profiled unless BENCH_PROFILE=0; its ledger and Free-plan table printed.
 * `plainRate`: the plain client's rate, for the rate ratio (NaN when not measured).
 */
async function freeProfileDigest(sink: Sink, plainRate: number): Promise<LedgerFigures> {
  const postmark = FREE_TRANSPORT === "postmark" ? await startPostmarkApi({ keep: false }) : null;
  const mail: MailSink = postmark
    ? {
        env: { POSTMARK_TOKEN: "test-bench", POSTMARK_API_URL: `http://127.0.0.1:${postmark.port}` },
        count: postmark.count,
        first: () => (postmark.count() > 0 ? Buffer.alloc(0) : null),
      }
    : smtpSink(sink);
  let run: DigestRun;
  try {
    // Started by its cron, as a Free site's digest is (BENCH_FREE_START=route: POST /admin/digests).
    run = await deliverDigest(
      mail,
      { DELIVERY_PROFILE: "free" },
      process.env.BENCH_PROFILE !== "0",
      process.env.BENCH_FREE_START !== "route",
    );
  } finally {
    await postmark?.close();
  }
  const figures = run.figures(N / run.seconds / plainRate);
  const transport = postmark
    ? "Postmark's API (a local stand-in), one batch call per window"
    : `${process.env.SMTP_CONNECTIONS || FREE_PROFILE.smtpConnections} SMTP connections`;
  console.log(
    `\nthe Free-plan profile (DELIVERY_PROFILE=free: windows of ${process.env.WINDOW_SIZE || FREE_PROFILE.windowSize}, one per invocation, ${transport}), the same digest: ${(N / run.seconds).toFixed(0)}/s, ${run.cpuMsPerRecipient.toFixed(2)} ms of workerd CPU per recipient${figures.isolate ? ` (the Worker's isolate profiled meanwhile, which costs CPU and rate of its own)` : ""}`,
  );
  console.log(ledgerTable(figures));
  console.log(freePlanTable(figures, 10_000));
  return figures;
}

/**
 * BENCH_FREE=only: the Free-plan profile's digest alone, nothing saved (no reference clients, so no
 * rate ratio): for work on the Free profile's CPU.
 */
async function measureFreeOnly() {
  const sink = await startSink();
  try {
    await freeProfileDigest(sink, Number.NaN);
  } finally {
    await sink.close();
  }
}

/** The rates, the CPU and the ledger of one digest, then the same under the Free-plan profile. */
async function measure() {
  const sink = await startSink();
  try {
    const run = await deliverDigest(smtpSink(sink), {});
    const file = path.join(root, ".wrangler", "bench-message.eml");
    writeFileSync(file, run.message);
    const plainSeconds = await plainClient(sink, file);
    const pooledSeconds = await pooledClient(sink, run.message);

    const bantinRate = N / run.seconds;
    const plainRate = N / plainSeconds;
    const pooledRate = N / pooledSeconds;
    const ratio = bantinRate / plainRate;
    const cpuMs = run.cpuMsPerRecipient;
    const line = (what: string, value: string, target: string, met: boolean | null) =>
      `  ${what.padEnd(36)} ${value.padStart(12)}   ${target ? `target ${target.padEnd(8)}` : "".padEnd(15)} ${met === null ? "" : met ? "met" : "NOT met"}`;
    console.log(
      [
        `delivery, ${N.toLocaleString("en-US")} recipients (${run.message.length.toLocaleString("en-US")}-byte message):`,
        `  bantin ${bantinRate.toFixed(0)}/s, plain SMTP client ${plainRate.toFixed(0)}/s, pooled client (nodemailer, ${SMTP_CONNECTIONS} connections) ${pooledRate.toFixed(0)}/s`,
        line("rate, bantin / plain client", ratio.toFixed(3), `≥ ${TARGETS.rateRatio}`, ratio >= TARGETS.rateRatio),
        line("rate, bantin / pooled client", (bantinRate / pooledRate).toFixed(3), "", null),
        line(
          "workerd CPU per recipient",
          `${cpuMs.toFixed(2)} ms`,
          `≤ ${TARGETS.cpuMsPerRecipient} ms`,
          cpuMs <= TARGETS.cpuMsPerRecipient,
        ),
      ].join("\n"),
    );
    const figures = run.figures(ratio);
    console.log(ledgerTable(figures));
    if (run.maintenance > 0)
      console.log(`  (${run.maintenance} maintenance runs of npm start fell in the run: not in the sums)`);
    console.log(freePlanTable(figures, 10_000));

    const free = process.env.BENCH_FREE !== "0" ? await freeProfileDigest(sink, plainRate) : null;

    const perRecipient = (f: LedgerFigures, cpuTotalMs: number) => ({
      queueOperations: f.queue.operations / N,
      d1RowsWritten: f.d1.rowsWritten / N,
      d1RowsRead: f.d1.rowsRead / N,
      d1Queries: f.d1.queries / N,
      invocations: f.invocations / N,
      workerdCpuMs: cpuTotalMs / N,
    });
    const freeTable = (f: LedgerFigures) =>
      freePlanRows(f, 10_000).map((r) => ({
        ...r,
        largestList: Number.isFinite(r.largestList) ? r.largestList : null,
      }));
    saveResults({
      ledger: {
        ...figures,
        perRecipient: perRecipient(figures, figures.workerdCpuMs),
        targets: LEDGER_TARGETS,
        freePlan10k: freeTable(figures),
        ...(free
          ? {
              freeProfile: {
                transport: FREE_TRANSPORT,
                perRecipient: perRecipient(free, free.workerdCpuMs),
                perInvocation: free.perInvocation,
                isolate: free.isolate,
                idleMaintenance: free.idleMaintenance,
                freePlan10k: freeTable(free),
              },
            }
          : {}),
        paidUsdPerDigest: { "10000": paidUsdPerDigest(figures, 10_000), "100000": paidUsdPerDigest(figures, 100_000) },
        plans: { free: FREE, paid: PAID, sources: SOURCES },
        measuredAt: new Date().toISOString(),
      },
      delivery: {
        recipients: N,
        messageBytes: run.message.length,
        bantinPerSecond: Math.round(bantinRate),
        plainClientPerSecond: Math.round(plainRate),
        pooledClientPerSecond: Math.round(pooledRate),
        pooledConnections: SMTP_CONNECTIONS,
        rateRatio: Number(ratio.toFixed(3)),
        pooledRateRatio: Number((bantinRate / pooledRate).toFixed(3)),
        workerdCpuMsPerRecipient: Number(cpuMs.toFixed(3)),
        targets: TARGETS,
        measuredAt: new Date().toISOString(),
      },
    });
  } finally {
    await sink.close();
  }
}

if (process.env.BENCH_KILL === "1") await killedDigest(N);
else if (process.env.BENCH_FREE === "only") await measureFreeOnly();
else await measure();
