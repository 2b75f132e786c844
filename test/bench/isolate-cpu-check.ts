// Checks the per-invocation CPU method of isolate-cpu.ts once, on a Worker whose CPU is known: under
// `wrangler dev` (the flags npm start uses), with a profile of its isolate at the bench's sampling
// interval and its thread's schedstat polled, it answers one request at a time, each doing nothing,
// a busy loop of several lengths, or a 300 ms wait. Each request's isolate CPU, attributed from its
// own Date.now() window as the bench attributes bantin's, is printed beside the CPU the kernel gave
// workerd's thread while it ran (schedstat, less what an empty request costs the thread: wrangler's
// entry Worker and the HTTP around it) and its own wall time (Date.now(), longer on a loaded machine).
//
//   node test/bench/isolate-cpu-check.ts      (PROFILE_INTERVAL_US, 100 by default)
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../e2e/server.ts";
import { profileWorker } from "./inspector.ts";
import { attribute, busySamples, runShare } from "./isolate-cpu.ts";
import { runtimePid } from "./proc.ts";
import { pollThread } from "./thread-cpu.ts";

const root = path.resolve(import.meta.dirname, "../..");
const SAMPLING_US = Number(process.env.PROFILE_INTERVAL_US || 100);

const WORKER = `
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const startMs = Date.now();
    const loop = Number(url.searchParams.get("loop") || 0);
    let x = 0;
    for (let i = 0; i < loop; i++) x = (x * 31 + i) % 1000003;
    const wait = Number(url.searchParams.get("wait") || 0);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return Response.json({ startMs, endMs: Date.now(), x });
  },
};
`;

const work = mkdtempSync(path.join(tmpdir(), "bantin-cpu-check-"));
const compatibilityDate = /compatibility_date\s*=\s*"([^"]+)"/.exec(
  readFileSync(path.join(root, "wrangler.toml"), "utf8"),
)?.[1];
writeFileSync(path.join(work, "worker.js"), WORKER);
writeFileSync(
  path.join(work, "wrangler.toml"),
  `name = "cpu-check"\nmain = "worker.js"\ncompatibility_date = "${compatibilityDate}"\n`,
);
const port = await freePort();
const inspectorPort = await freePort();
const child: ChildProcess = spawn(
  path.join(root, "node_modules/.bin/wrangler"),
  [
    "dev",
    "-c",
    path.join(work, "wrangler.toml"),
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--show-interactive-dev-session=false",
    "--log-level",
    "warn",
  ],
  { cwd: work, env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false" }, stdio: "ignore", detached: true },
);
try {
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      await (await fetch(`${url}/`)).arrayBuffer();
      break;
    } catch (error) {
      if (tries > 600) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const pid = runtimePid();
  if (pid === null) throw new Error("no workerd with an inspector below this process");
  const thread = `/proc/${pid}/task/${pid}/schedstat`;
  const threadRunMs = () => Number(readFileSync(thread, "utf8").split(" ")[0]) / 1e6;
  const poller = pollThread(pid);
  const profiler = await profileWorker(inspectorPort, SAMPLING_US, pid);
  const cases = [
    ...Array.from({ length: 5 }, () => "/"),
    "/?loop=100000",
    "/?loop=300000",
    "/?loop=1000000",
    "/?loop=3000000",
    "/?loop=10000000",
    "/?wait=300",
    "/?loop=1000000&wait=300",
  ];
  const results: { path: string; window: { startMs: number; endMs: number }; threadMs: number }[] = [];
  for (const p of cases) {
    await new Promise((r) => setTimeout(r, 150));
    const before = threadRunMs();
    const window = (await (await fetch(`${url}${p}`)).json()) as { startMs: number; endMs: number };
    results.push({ path: p, window, threadMs: threadRunMs() - before });
  }
  const { profile, epochMinusMonotonicUs } = await profiler.stop();
  const readings = await poller.stop();
  const cpu = attribute(
    busySamples(profile, epochMinusMonotonicUs),
    results.map((r) => r.window),
  );
  const empty = results.filter((r) => r.path === "/").map((r) => r.threadMs);
  const overhead = empty.sort((a, b) => a - b)[Math.floor(empty.length / 2)] ?? 0;
  console.log(
    `isolate CPU per invocation, checked on a busy loop (profile every ${SAMPLING_US} µs${profiler.samplerFirst ? ", its sampling thread at nice -20" : ""}; an empty request costs workerd's thread ${overhead.toFixed(2)} ms, median of ${empty.length}):`,
  );
  console.log(
    `  ${"request".padEnd(26)} ${"isolate CPU".padStart(11)} ${"thread − empty".padStart(14)} ${"Date.now() span".padStart(15)}`,
  );
  for (const [i, r] of results.entries()) {
    console.log(
      `  ${r.path.padEnd(26)} ${(cpu.cpuMs[i] ?? 0).toFixed(2).padStart(11)} ${(r.threadMs - overhead).toFixed(2).padStart(14)} ${String(r.window.endMs - r.window.startMs).padStart(15)}`,
    );
  }
  console.log(
    `  outside any request: ${cpu.unattributedMs.toFixed(2)} ms; the thread ran ${(100 * runShare(readings)(readings.monoUs[0] ?? 0, readings.monoUs.at(-1) ?? 0)).toFixed(0)}% of the time it was runnable`,
  );
} finally {
  if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
  rmSync(work, { recursive: true, force: true });
}
