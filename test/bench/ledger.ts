// The cost ledger of a digest (issue 21), for npm run bench: the "bantin-ledger" lines the Worker prints
// with BANTIN_LEDGER=1 (src/ledger/ledger.ts), summed per recipient and per 100,000 recipients, against
// the issue's targets and the Workers Free and Paid plans' published limits and prices.
//
// How each figure is measured:
// - queue operations: counted by the Worker around its queue bindings and batches, as Queues bills them
//   (one per 64 KB of each message written, read or deleted; a retry is one more read);
// - D1 queries and rows: D1's own `meta` (rows_read, rows_written) of every statement and batch;
// - subrequests: fetch() calls + D1 round trips (a batch is one) + queue send()/sendBatch() calls;
//   sockets: connect() calls (SMTP), per invocation;
// - CPU: workerd's CPU time from /proc (the scheduler's nanoseconds of all its threads), sampled every
//   few milliseconds. Per recipient: over the whole digest. For one invocation: the CPU workerd spent
//   between the invocation's start and end. Both are upper bounds: workerd also runs local D1's SQLite,
//   the local queue broker and any invocation overlapping the window, none of which Cloudflare bills as
//   the Worker's CPU. Its start-to-end wall time is printed beside, as another bound.
// - The Worker's own CPU per invocation (when the run profiles it: the Free-plan run): a V8 CPU profile
//   of the Worker's isolate alone, its busy samples given to the invocation whose Date.now() window
//   holds them (isolate-cpu.ts says how, isolate-cpu-check.ts checks it on a known busy loop). This is
//   what Cloudflare counts as an invocation's CPU time, and what the Free plan's 10 ms row is judged on.
import { readdirSync, readFileSync } from "node:fs";
import { MAINTENANCE_CRON } from "../../src/delivery/maintain.ts";
import type { InvocationLedger } from "../../src/ledger/ledger.ts";
import { LEDGER_PREFIX } from "../../src/ledger/ledger.ts";
import { spread } from "./stats.ts";

/** The published limits and prices this ledger is measured against, with where they are published. */
export const SOURCES = {
  workersLimits: "https://developers.cloudflare.com/workers/platform/limits/",
  workersPricing: "https://developers.cloudflare.com/workers/platform/pricing/",
  queuesPricing: "https://developers.cloudflare.com/queues/platform/pricing/",
  queuesLimits: "https://developers.cloudflare.com/queues/platform/limits/",
  d1Pricing: "https://developers.cloudflare.com/d1/platform/pricing/",
  d1Limits: "https://developers.cloudflare.com/d1/platform/limits/",
  emailServicePricing: "https://developers.cloudflare.com/email-service/platform/pricing/",
  tcpSockets: "https://developers.cloudflare.com/workers/runtime-apis/tcp-sockets/",
  workersGlossary: "https://developers.cloudflare.com/workers/glossary/",
} as const;

/**
 * What Cloudflare counts as an invocation's CPU time (read December 2026): "the amount of time the
 * central processing unit (CPU) actually spends doing work, during a given request" (workersGlossary,
 * "CPU time"; workersLimits, "CPU time"): time waiting on fetch, D1, queues or sockets is duration,
 * not CPU time. Local D1 and the queue broker are other services there, billed as theirs. The Worker's
 * global scope runs at startup, under its own limit ("Worker startup time", 1 second, workersLimits),
 * not an invocation's. And "Each isolate has some built-in flexibility to allow for cases where your
 * Worker infrequently runs over the configured limit. If your Worker starts hitting the limit
 * consistently, its execution will be terminated" (workersLimits, "CPU time").
 */
export const CPU_TIME_COUNTS =
  "CPU time is the Worker's own work during an invocation: not its waits on I/O, not D1's or the queue's, not its startup";

/**
 * What carries the mail on Workers Free (read December 2026): Email Sending, the send_email binding
 * that mails any address, is "Not available" on Workers Free and included on Paid with 3,000 emails
 * a month, then $0.35 per 1,000 (emailServicePricing); outbound TCP through connect() is open to
 * both plans but "Workers cannot create outbound TCP connections on port 25" (tcpSockets,
 * "Considerations"). So on Free a digest goes through an SMTP relay's submission port (587, or 465
 * with implicit TLS): SMTP_URL; or through an HTTP API, a subrequest like any fetch: POSTMARK_TOKEN,
 * whose sends fit the 10 ms where SMTP's do not (docs/performance.md).
 */
export const FREE_MAIL_TRANSPORT =
  "Workers Free cannot use Email Sending (send_email); mail goes through Postmark's API (POSTMARK_TOKEN: a window in one fetch, the sends that fit 10 ms) or an SMTP relay on port 587 or 465 (port 25 is blocked)";

/** Workers Free (read in the pages above, November 2026). */
export const FREE = {
  /** workersLimits, "CPU time": 10 ms per invocation (queue consumers share the Workers CPU limits: queuesLimits). */
  cpuMsPerInvocation: 10,
  /** workersLimits, "Subrequests": 50 per request (fetch, and requests to other Cloudflare services such as D1). */
  subrequestsPerInvocation: 50,
  /** workersLimits, "Simultaneous outgoing connections/request": 6 (fetch, queue sends, connect() sockets). */
  connectionsAtOnce: 6,
  /** d1Limits, "Queries per Worker invocation": 50 on Free. */
  d1QueriesPerInvocation: 50,
  /** workersLimits / workersPricing, "Requests": 100,000 per day. */
  requestsPerDay: 100_000,
  /** queuesPricing, "Standard operations": 10,000 operations per day included on Workers Free. */
  queueOperationsPerDay: 10_000,
  /** d1Pricing: 100,000 rows written per day. */
  d1RowsWrittenPerDay: 100_000,
  /** d1Pricing: 5 million rows read per day. */
  d1RowsReadPerDay: 5_000_000,
} as const;

/** Workers Paid ($5 a month; read in the pages above, November 2026). */
export const PAID = {
  monthlyUsd: 5,
  /** workersLimits: 10,000 subrequests per request; d1Limits: 1,000 D1 queries per invocation. */
  subrequestsPerInvocation: 10_000,
  d1QueriesPerInvocation: 1_000,
  /** workersPricing: 10 million requests a month included, then $0.30 a million. */
  requestsIncludedPerMonth: 10_000_000,
  usdPerMillionRequests: 0.3,
  /** workersPricing: 30 million CPU ms a month included, then $0.02 a million CPU ms. */
  cpuMsIncludedPerMonth: 30_000_000,
  usdPerMillionCpuMs: 0.02,
  /** queuesPricing: 1,000,000 operations a month included, then $0.40 a million. */
  queueOperationsIncludedPerMonth: 1_000_000,
  usdPerMillionQueueOperations: 0.4,
  /** d1Pricing: 25 billion rows read a month included, then $0.001 a million. */
  d1RowsReadIncludedPerMonth: 25_000_000_000,
  usdPerMillionRowsRead: 0.001,
  /** d1Pricing: 50 million rows written a month included, then $1.00 a million. */
  d1RowsWrittenIncludedPerMonth: 50_000_000,
  usdPerMillionRowsWritten: 1,
} as const;

/** The issue's targets, per recipient. */
export const LEDGER_TARGETS = {
  queueOperationsPerRecipient: 0.1,
  d1RowsWrittenPerRecipient: 2,
  cpuMsPerRecipient: 0.4,
  rateRatio: 0.8,
} as const;

/**
 * The maintenance cron ("* * * * *" in wrangler.toml: scheduled posts, each post's email, the
 * delivery sweep) runs every day whatever is sent: 1,440 invocations.
 */
const SWEEP_INVOCATIONS_PER_DAY = 1440;

/** The ledger lines in what npm start printed. */
export function parseLedger(output: string): InvocationLedger[] {
  const out: InvocationLedger[] = [];
  for (const line of output.split("\n")) {
    const at = line.indexOf(LEDGER_PREFIX);
    if (at === -1) continue;
    try {
      out.push(JSON.parse(line.slice(at + LEDGER_PREFIX.length)) as InvocationLedger);
    } catch {
      // A line cut by the pipe; the drain check below notices missing counts.
    }
  }
  return out;
}

/** CPU nanoseconds of every thread of these processes (/proc/<pid>/task/<tid>/schedstat, first field). */
function schedNs(pids: number[]): number {
  let ns = 0;
  for (const pid of pids) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // The thread ended meanwhile.
      }
    }
  }
  return ns;
}

export interface CpuTimeline {
  stop: () => void;
  /** workerd CPU ms used up to wall time `ms` (linear between samples). */
  at: (ms: number) => number;
}

/** Samples workerd's CPU every `everyMs` ms, for the CPU spent during any window of the run. */
export function sampleCpu(pids: () => number[], everyMs = 5): CpuTimeline {
  const samples: { ms: number; cpuMs: number }[] = [];
  const take = () => samples.push({ ms: Date.now(), cpuMs: schedNs(pids()) / 1e6 });
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
    },
    at: (ms) => {
      const first = samples[0];
      if (!first || ms <= first.ms) return first?.cpuMs ?? 0;
      for (let i = 1; i < samples.length; i++) {
        const b = samples[i];
        const a = samples[i - 1];
        if (a && b && ms <= b.ms)
          return b.ms === a.ms ? b.cpuMs : a.cpuMs + ((b.cpuMs - a.cpuMs) * (ms - a.ms)) / (b.ms - a.ms);
      }
      return samples.at(-1)?.cpuMs ?? 0;
    },
  };
}

const subrequests = (l: InvocationLedger) => l.fetches + l.d1.calls + l.queue.sendCalls;

export interface LedgerFigures {
  recipients: number;
  invocations: number;
  queue: { writes: number; reads: number; deletes: number; retries: number; operations: number };
  d1: { calls: number; queries: number; rowsRead: number; rowsWritten: number; unmetered: number };
  perInvocation: {
    subrequests: { max: number; mean: number };
    d1Queries: { max: number; mean: number };
    sockets: { max: number; mean: number };
    fetches: { max: number; mean: number };
    cpuMsUpperBound: { max: number; mean: number; p99: number };
    /** The Worker's isolate's own CPU (a V8 profile), when the run took one. */
    isolateCpuMs: { max: number; mean: number; p99: number } | null;
    wallMs: { max: number; mean: number };
  };
  /** The Worker's own CPU per invocation by what the invocation did, when the run profiled it. */
  isolate: IsolateFigures | null;
  /** The maintenance cron fired with nothing to do, after the digest (the Free run): one run's cost. */
  idleMaintenance: IdleMaintenance | null;
  workerdCpuMs: number;
  rateRatio: number;
  byInvocation: { name: string; count: number }[];
  /** D1 statements by text, the most rows written first: [statements, rows read, rows written]. */
  bySql: { sql: string; statements: number; rowsRead: number; rowsWritten: number }[];
}

/** A run of the maintenance cron as Cloudflare fires it (a scheduled event), not npm start's POST /admin/maintenance. */
export const isMaintenanceCron = (l: InvocationLedger) => l.kind === "scheduled" && l.name === MAINTENANCE_CRON;

/** What an invocation did, for the per-kind CPU: the digest start, a send, a fan-out step, the cron. */
function invocationKind(l: InvocationLedger): string {
  if (l.name === "POST /admin/digests") return "digest start (POST /admin/digests)";
  if (l.name === "POST /admin/maintenance") return "maintenance (POST /admin/maintenance, the every-minute cron)";
  if (isMaintenanceCron(l)) return `maintenance cron (${l.name}), the digest's minute`;
  if (l.kind === "scheduled") return `digest cron (${l.name})`;
  if (l.kind === "queue") {
    const kinds = l.kinds ?? [];
    if (kinds.length > 0 && kinds.every((k) => k === "window")) return `sends (${l.name}: a window)`;
    if (kinds.length > 0 && kinds.every((k) => k === "windows" || k === "fanout")) return `fan-out (${l.name})`;
    return `${l.name} (${kinds.join(", ") || "queue"})`;
  }
  return l.name;
}

export interface IsolateKindFigures {
  kind: string;
  count: number;
  max: number;
  mean: number;
  p99: number;
}

/** The Worker's isolate's CPU, per kind of invocation, and how the profile was taken. */
export interface IsolateFigures {
  byKind: IsolateKindFigures[];
  /** The digest start's CPU (POST /admin/digests or a cron; the largest, if several), judged apart; null when none was in the run. */
  startMs: number | null;
  /** Every other invocation in the run but the maintenance: the sends, the fan-out, any other queue's. */
  deliveriesMs: { max: number; mean: number; p99: number };
  /** How many of those invocations there were, and how many took more than the Free plan's CPU limit. */
  deliveriesCount: number;
  deliveriesOver: number;
  /** Busy isolate CPU in the digest's profile, and how much of it no invocation's window held. */
  totalMs: number;
  unattributedMs: number;
  /** Busy samples more than one overlapping invocation could own (counted in each). */
  sharedMs: number;
  /** Busy samples of the bench's own instrument (the ledger, src/ledger/): in no invocation's CPU. */
  instrumentMs: number;
  /** The share of its runnable time workerd's thread ran (1 on a quiet machine; below it, others' load). */
  threadRunShare: number;
  samplingPeriodUs: number;
  /** Whether V8's sampling thread ran at nice -20 (inspector.ts). */
  samplerFirst: boolean;
  /** Ledgered invocations outside the digest (the maintenance cron) that fell in the run. */
  others: IsolateKindFigures[];
}

/** Per kind of invocation: how many, and their isolate CPU's max, mean and 99th percentile. */
export function isolateByKind(invocations: InvocationLedger[], cpuMs: (l: InvocationLedger) => number) {
  const kinds = new Map<string, number[]>();
  for (const l of invocations) {
    const k = invocationKind(l);
    kinds.set(k, [...(kinds.get(k) ?? []), cpuMs(l)]);
  }
  return [...kinds].map(([kind, values]) => ({ kind, count: values.length, ...spread(values) }));
}

/** The digest start: its CPU is reported, and judged, apart from the deliveries'. */
const isDigestStart = (l: InvocationLedger) =>
  l.name === "POST /admin/digests" || (l.kind === "scheduled" && !isMaintenanceCron(l));

/** What one run of the maintenance cron costs when it has nothing to do: the floor of every day's 1,440. */
export interface IdleMaintenance {
  runs: number;
  /** Per run (the mean of the runs). */
  d1RowsRead: number;
  d1RowsWritten: number;
  d1Queries: number;
  queueOperations: number;
  subrequestsMax: number;
  /** The Worker's isolate CPU (V8 profile), when the run took one. */
  isolateCpuMs: { max: number; mean: number; p99: number } | null;
}

/** The maintenance cron's runs with nothing to do, per run. */
export function idleMaintenanceOf(
  runs: InvocationLedger[],
  cpuMs: ((l: InvocationLedger) => number) | null,
): IdleMaintenance | null {
  if (runs.length === 0) return null;
  const mean = (f: (l: InvocationLedger) => number) => runs.reduce((a, l) => a + f(l), 0) / runs.length;
  return {
    runs: runs.length,
    d1RowsRead: mean((l) => l.d1.rowsRead),
    d1RowsWritten: mean((l) => l.d1.rowsWritten),
    d1Queries: mean((l) => l.d1.statements),
    queueOperations: mean((l) => l.queue.writes + l.queue.reads + l.queue.deletes),
    subrequestsMax: Math.max(...runs.map(subrequests)),
    isolateCpuMs: cpuMs ? spread(runs.map(cpuMs)) : null,
  };
}

/** Sums the invocations of one digest. */
export function sumLedger(
  invocations: InvocationLedger[],
  recipients: number,
  cpu: { totalMs: number; during: (l: InvocationLedger) => number },
  rateRatio: number,
  isolate: {
    cpuMs: (l: InvocationLedger) => number;
    figures: Omit<IsolateFigures, "byKind" | "startMs" | "deliveriesMs" | "deliveriesCount" | "deliveriesOver">;
  } | null = null,
  idleMaintenance: IdleMaintenance | null = null,
): LedgerFigures {
  const sum = (f: (l: InvocationLedger) => number) => invocations.reduce((a, l) => a + f(l), 0);
  const queue = {
    writes: sum((l) => l.queue.writes),
    reads: sum((l) => l.queue.reads),
    deletes: sum((l) => l.queue.deletes),
    retries: sum((l) => l.queue.retries),
    operations: 0,
  };
  queue.operations = queue.writes + queue.reads + queue.deletes;
  const names = new Map<string, number>();
  for (const l of invocations) names.set(l.name, (names.get(l.name) ?? 0) + 1);
  const bySql = new Map<string, [number, number, number]>();
  for (const l of invocations) {
    for (const [sql, [n, read, written]] of Object.entries(l.d1.bySql ?? {})) {
      const e = bySql.get(sql) ?? [0, 0, 0];
      bySql.set(sql, [e[0] + n, e[1] + read, e[2] + written]);
    }
  }
  return {
    recipients,
    invocations: invocations.length,
    queue,
    d1: {
      calls: sum((l) => l.d1.calls),
      queries: sum((l) => l.d1.statements),
      rowsRead: sum((l) => l.d1.rowsRead),
      rowsWritten: sum((l) => l.d1.rowsWritten),
      unmetered: sum((l) => l.d1.unmetered),
    },
    perInvocation: {
      subrequests: spread(invocations.map(subrequests)),
      d1Queries: spread(invocations.map((l) => l.d1.statements)),
      sockets: spread(invocations.map((l) => l.sockets)),
      fetches: spread(invocations.map((l) => l.fetches)),
      cpuMsUpperBound: spread(invocations.map(cpu.during)),
      isolateCpuMs: isolate ? spread(invocations.map(isolate.cpuMs)) : null,
      wallMs: spread(invocations.map((l) => l.endMs - l.startMs)),
    },
    isolate: isolate
      ? {
          ...isolate.figures,
          byKind: isolateByKind(invocations, isolate.cpuMs),
          startMs: invocations.some(isDigestStart)
            ? Math.max(...invocations.filter(isDigestStart).map(isolate.cpuMs))
            : null,
          deliveriesMs: spread(invocations.filter((l) => !isDigestStart(l)).map(isolate.cpuMs)),
          deliveriesCount: invocations.filter((l) => !isDigestStart(l)).length,
          deliveriesOver: invocations.filter((l) => !isDigestStart(l) && isolate.cpuMs(l) > FREE.cpuMsPerInvocation)
            .length,
        }
      : null,
    idleMaintenance,
    workerdCpuMs: cpu.totalMs,
    rateRatio,
    byInvocation: [...names].map(([name, count]) => ({ name, count })),
    bySql: [...bySql]
      .map(([sql, [statements, rowsRead, rowsWritten]]) => ({ sql, statements, rowsRead, rowsWritten }))
      .sort((a, b) => b.rowsWritten - a.rowsWritten || b.rowsRead - a.rowsRead),
  };
}

const fmt = (n: number, digits = 3) =>
  n >= 1000
    ? Math.round(n).toLocaleString("en-US")
    : n.toLocaleString("en-US", { maximumFractionDigits: digits, useGrouping: false });

/** The Worker's own CPU per kind of invocation, against the Free plan's 10 ms, and how it was measured. */
function isolateLines(i: IsolateFigures): string[] {
  const verdict = (ms: number) =>
    ms <= FREE.cpuMsPerInvocation
      ? `fits ${FREE.cpuMsPerInvocation} ms`
      : `over ${FREE.cpuMsPerInvocation} ms by ${fmt(ms - FREE.cpuMsPerInvocation, 1)} ms`;
  const kindRow = (k: IsolateKindFigures) =>
    `    ${k.kind.padEnd(58)} ${String(k.count).padStart(5)} ${fmt(k.max, 2).padStart(7)} ${fmt(k.mean, 2).padStart(7)} ${fmt(k.p99, 2).padStart(7)}   ${k.count > 1 ? `p99 ${verdict(k.p99)}` : verdict(k.max)}`;
  return [
    `  the Worker's own CPU per invocation, ms (a V8 profile of its isolate, a sample every ${Math.round(i.samplingPeriodUs)} µs${i.samplerFirst ? "" : ", sampling thread not prioritised"}; workerd's thread ran ${Math.round(100 * i.threadRunShare)}% of its runnable time${i.threadRunShare < 0.9 ? ": a loaded machine" : ""}):`,
    `    ${"".padEnd(58)} ${"count".padStart(5)} ${"max".padStart(7)} ${"mean".padStart(7)} ${"p99".padStart(7)}`,
    ...i.byKind.map(kindRow),
    ...i.others.map((k) => `${kindRow(k)} (not in the sums)`),
    `    in no invocation's window: ${fmt(i.unattributedMs, 1)} of ${fmt(i.totalMs, 1)} ms; in two or more overlapping windows (counted in each): ${fmt(i.sharedMs, 1)} ms`,
    `    the bench's own instrument (the ledger, src/ledger/, absent from a deployed Worker), left out of every figure above: ${fmt(i.instrumentMs, 1)} ms`,
  ];
}

/** Dollars a digest costs on Workers Paid at the prices past the included amounts (the marginal cost). */
export function paidUsdPerDigest(f: LedgerFigures, recipients: number) {
  const k = recipients / f.recipients;
  const parts = {
    queue: ((f.queue.operations * k) / 1e6) * PAID.usdPerMillionQueueOperations,
    rowsWritten: ((f.d1.rowsWritten * k) / 1e6) * PAID.usdPerMillionRowsWritten,
    rowsRead: ((f.d1.rowsRead * k) / 1e6) * PAID.usdPerMillionRowsRead,
    requests: ((f.invocations * k) / 1e6) * PAID.usdPerMillionRequests,
    cpu: ((f.workerdCpuMs * k) / 1e6) * PAID.usdPerMillionCpuMs,
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}

/** The ledger table: each figure per recipient and per 100,000, beside the targets and the plans. */
export function ledgerTable(f: LedgerFigures): string {
  const per = (n: number) => n / f.recipients;
  const rows: [string, number, string][] = [
    ["queue operations (billed)", f.queue.operations, `≤ ${LEDGER_TARGETS.queueOperationsPerRecipient}`],
    ["  written (send/sendBatch)", f.queue.writes, ""],
    ["  read (delivered to the consumer)", f.queue.reads, ""],
    ["  deleted (acked)", f.queue.deletes, ""],
    ["  retried (each a later read)", f.queue.retries, ""],
    ["D1 queries (statements)", f.d1.queries, ""],
    ["D1 round trips (a batch is one)", f.d1.calls, ""],
    ["D1 rows read", f.d1.rowsRead, ""],
    ["D1 rows written", f.d1.rowsWritten, `≤ ${LEDGER_TARGETS.d1RowsWrittenPerRecipient}`],
    ["Worker invocations (requests)", f.invocations, ""],
    ["workerd CPU ms (upper bound)", f.workerdCpuMs, `≤ ${LEDGER_TARGETS.cpuMsPerRecipient}`],
  ];
  const met = (name: string, value: number) => {
    if (name.startsWith("queue operations")) return value <= LEDGER_TARGETS.queueOperationsPerRecipient;
    if (name === "D1 rows written") return value <= LEDGER_TARGETS.d1RowsWrittenPerRecipient;
    if (name.startsWith("workerd CPU")) return value <= LEDGER_TARGETS.cpuMsPerRecipient;
    return null;
  };
  const lines = [
    `cost ledger, one digest to ${f.recipients.toLocaleString("en-US")} recipients (${f.invocations} invocations: ${f.byInvocation.map((b) => `${b.count} × ${b.name}`).join(", ")}):`,
    `  ${"".padEnd(36)} ${"total".padStart(11)} ${"/recipient".padStart(11)} ${"/100,000".padStart(11)}   target`,
  ];
  for (const [name, total, target] of rows) {
    const ok = met(name, per(total));
    lines.push(
      `  ${name.padEnd(36)} ${fmt(total).padStart(11)} ${fmt(per(total), 4).padStart(11)} ${fmt(per(total) * 100_000).padStart(11)}   ${target}${ok === null ? "" : ok ? " met" : " NOT met"}`,
    );
  }
  lines.push(
    `  ${"rate, bantin / plain SMTP client".padEnd(36)} ${fmt(f.rateRatio).padStart(11)} ${"".padStart(11)} ${"".padStart(11)}   ≥ ${LEDGER_TARGETS.rateRatio}${f.rateRatio >= LEDGER_TARGETS.rateRatio ? " met" : " NOT met"}`,
  );
  const p = f.perInvocation;
  const row = (name: string, v: { max: number; mean: number; p99?: number }, limit: string, digits = 0) =>
    `  ${name.padEnd(44)} ${fmt(v.max, digits || 3).padStart(7)} ${fmt(v.mean, digits || 1).padStart(7)} ${(v.p99 === undefined ? "" : fmt(v.p99, digits || 1)).padStart(7)}   ${limit}`;
  const cpuLimit = `${FREE.cpuMsPerInvocation} ms / 15 min (queue consumer)`;
  lines.push(
    `  ${"per invocation".padEnd(44)} ${"max".padStart(7)} ${"mean".padStart(7)} ${"p99".padStart(7)}   Free limit / Paid limit`,
    row(
      "subrequests (fetch+D1 calls+sends)",
      p.subrequests,
      `${FREE.subrequestsPerInvocation} / ${PAID.subrequestsPerInvocation.toLocaleString("en-US")}`,
    ),
    row(
      "D1 queries",
      p.d1Queries,
      `${FREE.d1QueriesPerInvocation} / ${PAID.d1QueriesPerInvocation.toLocaleString("en-US")}`,
    ),
    row(
      "SMTP sockets (a batch's pool, open together)",
      p.sockets,
      `${FREE.connectionsAtOnce} open at once (both plans)`,
    ),
    row("fetch() calls", p.fetches, ""),
    row(
      "workerd CPU ms in its window (bound)",
      p.cpuMsUpperBound,
      p.isolateCpuMs ? "(bound: not judged)" : cpuLimit,
      1,
    ),
    ...(p.isolateCpuMs ? [row("Worker isolate CPU ms (V8 profile)", p.isolateCpuMs, cpuLimit, 2)] : []),
    row("wall ms, start to end", p.wallMs, "", 1),
  );
  if (f.isolate) lines.push(...isolateLines(f.isolate));
  const m = f.idleMaintenance;
  if (m) {
    lines.push(
      `  the maintenance cron (${MAINTENANCE_CRON}) with nothing to do, per run (${m.runs} runs after the digest): ${fmt(m.d1Queries, 1)} D1 queries, ${fmt(m.d1RowsRead, 1)} rows read, ${fmt(m.d1RowsWritten, 1)} rows written, ${fmt(m.queueOperations, 1)} queue operations, ${m.subrequestsMax} subrequests at most${m.isolateCpuMs ? `, Worker isolate CPU ${fmt(m.isolateCpuMs.mean, 2)} ms mean, ${fmt(m.isolateCpuMs.max, 2)} ms at most` : ""}`,
    );
  }
  lines.push("  D1 by statement (per recipient: statements, rows read, rows written), the most rows written first:");
  for (const q of f.bySql.filter((q) => q.rowsWritten > 0 || q.rowsRead >= f.recipients / 10).slice(0, 10)) {
    lines.push(
      `    ${fmt(per(q.statements), 4).padStart(7)} ${fmt(per(q.rowsRead), 3).padStart(8)} ${fmt(per(q.rowsWritten), 3).padStart(7)}  ${q.sql}`,
    );
  }
  if (f.d1.unmetered > 0)
    lines.push(`  (${f.d1.unmetered} D1 statements ran through raw()/exec(): their rows are not in the sums)`);
  for (const n of [10_000, 100_000]) {
    const usd = paidUsdPerDigest(f, n);
    lines.push(
      `  Paid, ${n.toLocaleString("en-US")} recipients: $${usd.total.toFixed(4)} a digest past the included amounts (queue $${usd.queue.toFixed(4)}, rows written $${usd.rowsWritten.toFixed(4)}, rows read $${usd.rowsRead.toFixed(4)}, requests $${usd.requests.toFixed(4)}, CPU $${usd.cpu.toFixed(4)}); within the $${PAID.monthlyUsd} month's included amounts: ${fmt(includedDigestsPerMonth(f, n), 1)} digests`,
    );
  }
  return lines.join("\n");
}

/** Digests of `recipients` a month that fit all of Workers Paid's included monthly amounts. */
export function includedDigestsPerMonth(f: LedgerFigures, recipients: number): number {
  const k = recipients / f.recipients;
  const fits = [
    PAID.queueOperationsIncludedPerMonth / (f.queue.operations * k),
    PAID.d1RowsWrittenIncludedPerMonth / (f.d1.rowsWritten * k),
    PAID.d1RowsReadIncludedPerMonth / (f.d1.rowsRead * k),
    PAID.requestsIncludedPerMonth / (f.invocations * k),
    PAID.cpuMsIncludedPerMonth / (f.workerdCpuMs * k),
  ].filter((x) => Number.isFinite(x));
  return Math.min(...fits);
}

export interface FreeRow {
  limit: string;
  allowed: number;
  measured: number;
  headroom: number;
  /** The largest list that fits by this limit (Infinity: the figure does not grow with the list). */
  largestList: number;
  fits: boolean;
  /** False for a figure shown beside the one that is judged (the whole workerd's CPU bound, the sends' largest). */
  judged: boolean;
  /** A daily allowance (the list's size moves it), not a limit on each invocation. */
  perDay: boolean;
}

const START_ROW = "CPU ms, the digest start (Worker isolate)";

/** Each Free-plan limit that applies to a digest of `recipients`, with its headroom and the largest list it lets through. */
export function freePlanRows(f: LedgerFigures, recipients = 10_000): FreeRow[] {
  const per = (n: number) => n / f.recipients;
  const perInvocation = (limit: string, allowed: number, measured: number, judged = true): FreeRow => ({
    limit,
    allowed,
    measured,
    headroom: allowed - measured,
    largestList: measured <= allowed || !judged ? Number.POSITIVE_INFINITY : 0,
    fits: measured <= allowed,
    judged,
    perDay: false,
  });
  const daily = (limit: string, allowed: number, perRecipient: number, fixed = 0): FreeRow => {
    const measured = perRecipient * recipients + fixed;
    return {
      limit,
      allowed,
      measured,
      headroom: allowed - measured,
      largestList: perRecipient > 0 ? Math.floor((allowed - fixed) / perRecipient) : Number.POSITIVE_INFINITY,
      fits: measured <= allowed,
      judged: true,
      perDay: true,
    };
  };
  const p = f.perInvocation;
  // The maintenance cron's runs each day, at what a run with nothing to do costs (when measured).
  const m = f.idleMaintenance;
  const maintenanceDaily = (perRun: number) => (m ? perRun * SWEEP_INVOCATIONS_PER_DAY : 0);
  const withMaintenance = (limit: string) => (m ? `${limit} (+${SWEEP_INVOCATIONS_PER_DAY} maintenance crons)` : limit);
  const cpu = f.isolate
    ? [
        // Judged on the 99th percentile: "Each isolate has some built-in flexibility to allow for
        // cases where your Worker infrequently runs over the configured limit" (Workers limits, CPU
        // time). The largest, and how many ran over, are shown below it.
        perInvocation(
          "CPU ms per invocation, all but the digest start (p99, Worker isolate)",
          FREE.cpuMsPerInvocation,
          f.isolate.deliveriesMs.p99,
        ),
        perInvocation(
          `  the largest; ${f.isolate.deliveriesOver} of ${f.isolate.deliveriesCount} over ${FREE.cpuMsPerInvocation} ms (not judged)`,
          FREE.cpuMsPerInvocation,
          f.isolate.deliveriesMs.max,
          false,
        ),
        ...(f.isolate.startMs === null ? [] : [perInvocation(START_ROW, FREE.cpuMsPerInvocation, f.isolate.startMs)]),
        ...(m?.isolateCpuMs
          ? [
              perInvocation(
                `CPU ms, the maintenance cron, nothing to do (largest of ${m.runs})`,
                FREE.cpuMsPerInvocation,
                m.isolateCpuMs.max,
              ),
            ]
          : []),
        perInvocation(
          "  whole workerd in the window (bound, not judged)",
          FREE.cpuMsPerInvocation,
          p.cpuMsUpperBound.max,
          false,
        ),
      ]
    : [perInvocation("CPU ms per invocation (largest, upper bound)", FREE.cpuMsPerInvocation, p.cpuMsUpperBound.max)];
  return [
    ...cpu,
    perInvocation("subrequests per invocation (largest)", FREE.subrequestsPerInvocation, p.subrequests.max),
    perInvocation("D1 queries per invocation (largest)", FREE.d1QueriesPerInvocation, p.d1Queries.max),
    perInvocation("connections open at once (SMTP pool, largest)", FREE.connectionsAtOnce, p.sockets.max),
    ...(
      [
        ["queue operations per day", FREE.queueOperationsPerDay, f.queue.operations, m?.queueOperations],
        ["D1 rows written per day", FREE.d1RowsWrittenPerDay, f.d1.rowsWritten, m?.d1RowsWritten],
        ["D1 rows read per day", FREE.d1RowsReadPerDay, f.d1.rowsRead, m?.d1RowsRead],
      ] as const
    ).map(([limit, allowed, total, perRun]) =>
      daily(withMaintenance(limit), allowed, per(total), maintenanceDaily(perRun ?? 0)),
    ),
    daily(
      `Worker requests per day (+${SWEEP_INVOCATIONS_PER_DAY} maintenance crons)`,
      FREE.requestsPerDay,
      per(f.invocations),
      SWEEP_INVOCATIONS_PER_DAY,
    ),
  ];
}

export function freePlanTable(f: LedgerFigures, recipients = 10_000): string {
  const rows = freePlanRows(f, recipients);
  const lines = [
    `Workers Free, one digest to ${recipients.toLocaleString("en-US")} recipients a day (${SOURCES.workersLimits}, ${SOURCES.queuesPricing}, ${SOURCES.d1Pricing}, ${SOURCES.d1Limits}):`,
    `  ${"limit".padEnd(66)} ${"allowed".padStart(10)} ${"measured".padStart(10)} ${"headroom".padStart(10)} ${"largest list".padStart(13)}`,
  ];
  for (const r of rows) {
    lines.push(
      `  ${r.limit.padEnd(66)} ${fmt(r.allowed, 1).padStart(10)} ${fmt(r.measured, 1).padStart(10)} ${fmt(r.headroom, 1).padStart(10)} ${(!r.judged ? "" : Number.isFinite(r.largestList) ? r.largestList.toLocaleString("en-US") : r.fits ? "any" : "none").padStart(13)}  ${!r.judged ? "" : r.fits ? "fits" : "EXCEEDED"}`,
    );
  }
  // Every per-invocation figure but the start's stays the same whatever the list; the daily ones grow with it.
  const over = rows.filter((r) => r.judged && !r.perDay && !r.fits);
  const largest = Math.min(...rows.filter((r) => r.perDay).map((r) => r.largestList));
  const byDaily = Number.isFinite(largest) ? largest.toLocaleString("en-US") : "any";
  if (f.isolate) lines.push(`  CPU: ${CPU_TIME_COUNTS} (${SOURCES.workersGlossary}, ${SOURCES.workersLimits})`);
  lines.push(
    over.length > 0
      ? `  largest list inside every Free limit: none by the letter of the per-invocation limits (${over.map((r) => `${r.limit.trim()}: ${fmt(r.measured, 1)}, ${fmt(-r.headroom, 1)} over`).join("; ")}), which no list size changes; by the daily limits: ${byDaily}`
      : `  largest list inside every Free limit: ${byDaily}`,
    `  mail: ${FREE_MAIL_TRANSPORT} (${SOURCES.emailServicePricing}, ${SOURCES.tcpSockets})`,
  );
  return lines.join("\n");
}
