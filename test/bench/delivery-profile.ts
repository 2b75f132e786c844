// Where workerd's CPU goes while it delivers a digest (issue 21): one digest to N subscribers
// (BENCH_RECIPIENTS, default 2,000) through npm start to the bench's SMTP sink, with a V8 CPU profile
// of every isolate workerd runs, taken through workerd's own inspector (not wrangler's proxy, which
// shows the Worker alone): bantin's Worker, and miniflare's local D1 and queue broker. Prints the
// whole workerd process's CPU per recipient (/proc, every thread), each isolate's sampled JS time, and
// bantin's own time split by what it does (SMTP, MIME, D1 calls, the ledger…), the bundle's
// functions mapped back to src/ through wrangler's source map.
//
//   node test/bench/delivery-profile.ts            (BENCH_RECIPIENTS, BENCH_LEDGER=1 to keep the ledger on)
//   BENCH_CASE=readers node test/bench/delivery-profile.ts
//                                                  (the weekly digest per reader: reader-choice.ts's N readers
//                                                   with choices spread over 20 tags and its 12 posts; "per
//                                                   recipient" is then per recipient of the digest; the start
//                                                   and the sends apart)
//   BENCH_CASE=readers-single …                     (the same readers and posts, everyone on everything weekly)
//
// An isolate's profile counts the samples in which it ran JavaScript (with the native calls it made,
// such as SQLite's under D1): its CPU on workerd's thread. What no isolate ran is workerd itself: the
// event loop, sockets, the RPC between the Worker and its bindings.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { freePort, startServer } from "../e2e/server.ts";
import { session } from "./inspector.ts";
import { type CpuProfile, type CpuProfileNode, stackOf } from "./isolate-cpu.ts";
import { runtimePid } from "./proc.ts";
import { seedReadersAndPosts } from "./readers.ts";
import { seedSubscribers } from "./seed.ts";
import { startSink } from "./sink.ts";

const READERS_CASE = process.env.BENCH_CASE?.startsWith("readers") ?? false;
const SEEDED = Number(process.env.BENCH_RECIPIENTS || 2000);
const SAMPLING_US = Number(process.env.PROFILE_INTERVAL_US || 1000);
/** Which of workerd's isolates to profile (each profiler costs CPU of its own): bantin, local D1, the queue broker, tracing. */
const TARGETS = new RegExp(
  process.env.PROFILE_TARGETS ||
    "^(core:user:bantin|d1:db|queues:queue|core:entry|core:user:miniflare-observability-collector)$",
);

/** The workerd below this process that runs the Worker (the one with an inspector), and the ports it listens on. */
function runtime(): { pid: number; ports: number[] } {
  const pid = runtimePid();
  if (pid === null) throw new Error("no workerd with an inspector below this process");
  // Its listening sockets: /proc/net/tcp lines in state 0A whose inode the process holds.
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = execFileSync("readlink", [`/proc/${pid}/fd/${fd}`]).toString();
      const m = /socket:\[(\d+)\]/.exec(link);
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // Closed meanwhile.
    }
  }
  const ports = readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[3] === "0A" && inodes.has(f[9] ?? ""))
    .map((f) => Number.parseInt((f[1] ?? "").split(":")[1] ?? "0", 16));
  return { pid, ports };
}

/** Per thread: user + system ticks; and the process's own split, user then system. */
const threadTicks = (pid: number) => {
  const out = new Map<string, number>();
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    .slice(readFileSync(`/proc/${pid}/stat`, "utf8").lastIndexOf(")") + 2)
    .split(" ");
  out.set("(user)", Number(stat[11]));
  out.set("(system)", Number(stat[12]));
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(`${tid} ${name}`, Number(f[11]) + Number(f[12]));
    } catch {
      // Gone.
    }
  }
  return out;
};

/** What a bantin function does, by its source file and name. */
function category(file: string, fn: string): string {
  if (file.includes("src/mail/smtp-client")) return "SMTP client (replies, writes, timers)";
  if (file.includes("src/mail/mime")) return "MIME assembly";
  if (file.includes("src/mail/smtp.ts")) return "SMTP mailer (pool, per-recipient parts)";
  if (file.includes("src/ledger/")) return "ledger (BANTIN_LEDGER=1 only)";
  if (file.includes("src/delivery/repository")) return "D1 claim/settle (bantin's side)";
  if (file.includes("src/delivery/consumer")) return "consumer loop";
  if (file.includes("src/subscribers/") || file.includes("src/hash") || file.includes("tokens"))
    return "unsubscribe link (HMAC)";
  if (file.includes("src/digest/") || file.includes("emails/")) return "digest render";
  if (file.includes("src/dates") || file.includes("src/text")) return "dates, text";
  if (file.includes("src/")) return `other src (${file.replace(/.*src\//, "")})`;
  if (file.includes("node_modules")) return `library (${file.replace(/.*node_modules\//, "").split("/")[0]})`;
  if (fn === "(garbage collector)") return "GC";
  if (fn === "(program)") return "(program): native, outside JS";
  return `runtime/native (${fn || "anonymous"})`;
}

type Ticks = ReturnType<typeof threadTicks>;
interface Profiled {
  id: string;
  s: Awaited<ReturnType<typeof session>>;
  profile: CpuProfile;
}

/**
 * Prints what the profiles of one stretch (`label`) show, per recipient: workerd's CPU by thread
 * (from /proc), each isolate's sampled JS, bantin's own by what it does, its top functions by self
 * time, and (for bantin) the functions of src/ by total time, callees included.
 */
function report(label: string, profiles: Profiled[], N: number, from: Ticks, to: Ticks): void {
  let threadsMs = 0;
  const threads: string[] = [];
  for (const [tid, after] of to) {
    const ms = (after - (from.get(tid) ?? 0)) * 10;
    if (!tid.startsWith("(")) threadsMs += ms;
    if (ms > 0) threads.push(`${tid}: ${ms} ms`);
  }
  console.log(
    `${label}: workerd (runtime process) CPU ${threadsMs} ms = ${(threadsMs / N).toFixed(3)} ms per recipient; by thread: ${threads.join(", ")}`,
  );
  let isolatesMs = 0;
  for (const { id, s, profile } of profiles) {
    const byNode = new Map<number, number>();
    for (const [i, node] of profile.samples.entries()) {
      byNode.set(node, (byNode.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const stack = stackOf(profile);
    let active = 0;
    const cats = new Map<string, number>();
    const fns = new Map<string, number>();
    const totals = new Map<string, number>();
    const maps = new Map<string, SourceMap | null>();
    const mapFor = (scriptId: string): SourceMap | null => {
      if (maps.has(scriptId)) return maps.get(scriptId) ?? null;
      const script = s.scripts.get(scriptId);
      let map: SourceMap | null = null;
      try {
        if (script?.sourceMapURL) {
          const file = script.sourceMapURL.startsWith("file://")
            ? new URL(script.sourceMapURL).pathname
            : path.resolve(path.dirname(new URL(script.url).pathname), script.sourceMapURL);
          map = new SourceMap(JSON.parse(readFileSync(file, "utf8")));
        }
      } catch {
        map = null;
      }
      maps.set(scriptId, map);
      return map;
    };
    const where = (node: CpuProfileNode) => {
      const fn = node.callFrame.functionName;
      const map = mapFor(node.callFrame.scriptId);
      const entry = map?.findEntry(node.callFrame.lineNumber, node.callFrame.columnNumber);
      const pos = entry && "originalSource" in entry ? entry : null;
      const file = pos?.originalSource ?? node.callFrame.url;
      const name = (pos as { name?: string } | null)?.name ?? fn;
      const key = `${(file || "").replace(/.*\/(src|node_modules)\//, "$1/")}:${(pos?.originalLine ?? node.callFrame.lineNumber) + 1} ${name || fn || "(anonymous)"}`;
      return { fn, file, key };
    };
    for (const [nodeId, us] of byNode) {
      const node = nodes.get(nodeId);
      if (!node) continue;
      const { fn, file, key } = where(node);
      if (fn === "(idle)" || fn === "(program)") continue;
      active += us;
      if (id === "core:user:bantin") {
        const cat = category(file, fn);
        cats.set(cat, (cats.get(cat) ?? 0) + us);
        // Total time: each function of src/ on the sample's stack, once.
        const mine = new Set(stack(nodeId).map((up) => where(up).key));
        for (const key of mine) if (key.startsWith("src/")) totals.set(key, (totals.get(key) ?? 0) + us);
      }
      fns.set(key, (fns.get(key) ?? 0) + us);
    }
    isolatesMs += active / 1000;
    if (active === 0) continue;
    console.log(
      `  isolate ${id}: ${(active / 1000).toFixed(0)} ms sampled JS = ${(active / 1000 / N).toFixed(3)} ms per recipient`,
    );
    const top = (m: Map<string, number>, n: number, indent: string) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(
          ([k, us]) =>
            `${indent}${(us / 1000 / N).toFixed(4)} ms/recipient  ${((100 * us) / active).toFixed(1).padStart(5)}%  ${k}`,
        )
        .join("\n");
    if (cats.size > 0) console.log(`    by what it does:\n${top(cats, 30, "      ")}`);
    if (fns.size > 0)
      console.log(`    top functions (self time):\n${top(fns, id === "core:user:bantin" ? 40 : 8, "      ")}`);
    if (totals.size > 0) console.log(`    src/ functions (total time):\n${top(totals, 40, "      ")}`);
  }
  console.log(
    `  not in any isolate's JS (workerd itself: event loop, sockets, RPC to bindings): ${(threadsMs - isolatesMs).toFixed(0)} ms = ${((threadsMs - isolatesMs) / N).toFixed(3)} ms per recipient`,
  );
}

const sink = await startSink();
const inspectorPort = await freePort();
const server = await startServer({
  SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
  INSPECTOR_PORT: String(inspectorPort),
  ...(process.env.BENCH_LEDGER === "1" ? { BANTIN_LEDGER: "1", WRANGLER_LOG_LEVEL: "log" } : {}),
});
try {
  if (READERS_CASE) await seedReadersAndPosts(server, SEEDED, process.env.BENCH_CASE === "readers");
  else seedSubscribers(server.stateDir, SEEDED);
  const rt = runtime();
  let list: { id: string; webSocketDebuggerUrl: string }[] = [];
  for (const port of rt.ports) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/list`);
      const body = await res.json();
      if (Array.isArray(body)) list = body;
    } catch {
      // Not the inspector.
    }
  }
  if (list.length === 0) throw new Error("workerd's inspector not found");
  // wrangler's inspector proxy holds the Worker's own session: its isolate is profiled through the proxy.
  const proxied = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  list = list.map((t) =>
    t.id === "core:user:bantin" && proxied[0] ? { ...t, webSocketDebuggerUrl: proxied[0].webSocketDebuggerUrl } : t,
  );
  const sessions: { id: string; s: Awaited<ReturnType<typeof session>> }[] = [];
  for (const t of list.filter((t) => TARGETS.test(t.id))) {
    try {
      sessions.push({ id: t.id, s: await session(t.webSocketDebuggerUrl) });
    } catch (error) {
      console.error(`not profiled: ${t.id} (${String(error)})`);
    }
  }
  const profiled: typeof sessions = [];
  for (const entry of sessions) {
    try {
      await entry.s.send("Debugger.enable");
      await entry.s.send("Profiler.enable");
      await entry.s.send("Profiler.setSamplingInterval", { interval: SAMPLING_US });
      profiled.push(entry);
    } catch (error) {
      console.error(`not profiled: ${entry.id} (${String(error)})`);
      entry.s.close();
    }
  }
  for (const { s } of profiled) await s.send("Profiler.start");
  const stopProfiles = () =>
    Promise.all(
      profiled.map(async ({ id, s }) => ({
        id,
        s,
        profile: ((await s.send("Profiler.stop", {}, 60_000)) as { profile: CpuProfile }).profile,
      })),
    );
  const ticksBefore = threadTicks(rt.pid);
  const before = sink.count();
  const started = performance.now();
  const res = await fetch(`${server.url}/admin/digests`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminToken}` },
  });
  if (res.status !== 201) throw new Error(`POST /admin/digests answered ${res.status}`);
  const { recipients, renders } = (await res.json()) as { recipients: number; renders?: number };
  const N = READERS_CASE ? recipients : SEEDED;
  let sendsFrom = ticksBefore;
  if (READERS_CASE) {
    // The start (until POST /admin/digests answered) and the sends, profiled apart.
    const startMs = performance.now() - started;
    const startProfiles = await stopProfiles();
    for (const { s } of profiled) await s.send("Profiler.start");
    sendsFrom = threadTicks(rt.pid);
    console.log(
      `${process.env.BENCH_CASE}: ${SEEDED} readers, ${N} recipients, ${renders} renderings; started in ${startMs.toFixed(0)} ms`,
    );
    report("start", startProfiles, N, ticksBefore, sendsFrom);
  }
  while (sink.count() - before < N) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  const ticksAfter = threadTicks(rt.pid);
  console.log(`${N} recipients in ${seconds.toFixed(2)} s (${(N / seconds).toFixed(0)}/s)`);
  report(READERS_CASE ? "sends" : "delivery", await stopProfiles(), N, sendsFrom, ticksAfter);
  for (const { s } of profiled) s.close();
} finally {
  await server.stop();
  await sink.close();
}
