// A DevTools protocol session over one of workerd's inspector WebSockets, and a V8 CPU profile of the
// Worker's own isolate taken through wrangler's inspector proxy (the port npm start gets as
// INSPECTOR_PORT). Used by delivery-profile.ts and by the delivery bench's Free-plan run.
import { readdirSync, readFileSync } from "node:fs";
import { setPriority } from "node:os";
import type { CpuProfile } from "./isolate-cpu.ts";

export interface InspectorSession {
  send: (method: string, params?: object, timeoutMs?: number) => Promise<unknown>;
  /** Scripts the isolate parsed (after Debugger.enable), by id: for mapping profile frames to sources. */
  scripts: Map<string, { url: string; sourceMapURL: string }>;
  close: () => void;
}

/** Opens a session on an inspector WebSocket. */
export async function session(url: string): Promise<InspectorSession> {
  // wrangler's inspector proxy wants an Origin it allows (Node's WebSocket takes undici's `headers`).
  const ws = new WebSocket(url, { headers: { Origin: "http://localhost" } } as unknown as string[]);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from ${url}`)), 5000);
    ws.addEventListener("open", () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    ws.addEventListener("error", () => {
      clearTimeout(timer);
      reject(new Error(`${url}: the connection failed`));
    });
  });
  let next = 1;
  const pending = new Map<number, (v: unknown) => void>();
  const scripts = new Map<string, { url: string; sourceMapURL: string }>();
  ws.addEventListener("message", (event: MessageEvent) => {
    const msg = JSON.parse(String(event.data)) as {
      id?: number;
      result?: unknown;
      method?: string;
      params?: { scriptId: string; url: string; sourceMapURL: string };
    };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
    else if (msg.method === "Debugger.scriptParsed" && msg.params) scripts.set(msg.params.scriptId, msg.params);
  });
  const send = (method: string, params: object = {}, timeoutMs = 5000) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => reject(new Error(`${method}: no answer from ${url}`)), timeoutMs);
      pending.set(id, (v) => {
        clearTimeout(timer);
        resolve(v);
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, scripts, close: () => ws.close() };
}

/** The Worker's own isolate's session, through wrangler's inspector proxy on this port. */
async function workerSession(inspectorPort: number): Promise<InspectorSession> {
  const list = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const target = list[0];
  if (!target) throw new Error(`no Worker behind the inspector on port ${inspectorPort}`);
  return session(target.webSocketDebuggerUrl);
}

export interface IsolateProfiler {
  /** Stops the profile and hands it over, with the offset that turns its clock into epoch time. */
  stop: () => Promise<{ profile: CpuProfile; epochMinusMonotonicUs: number }>;
  /** Whether V8's sampling thread runs at the highest priority (see profileWorker). */
  samplerFirst: boolean;
}

/**
 * Puts V8's sampling thread in workerd (v8:ProfEvntProc) ahead of every other thread of the machine
 * (nice -20; it needs root). It wakes every interval and signals the isolate's thread, which takes
 * the sample when it next runs; on a loaded machine a sampling thread waiting for a CPU of its own
 * skips ticks, and the profile misses busy time. It costs the machine little: it sleeps in between.
 */
function samplerFirst(pid: number): boolean {
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      if (readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim() === "v8:ProfEvntProc") {
        setPriority(Number(tid), -20);
        return true;
      }
    }
  } catch {
    // Not root, or the thread is gone: the profile is taken all the same.
  }
  return false;
}

/**
 * V8's profile timestamps are microseconds of CLOCK_MONOTONIC on Linux (base::TimeTicks), the clock
 * of Node's process.hrtime; workerd's Date.now(), which the ledger's startMs and endMs come from, is
 * CLOCK_REALTIME in whole milliseconds (kj::systemPreciseCalendarClock: not frozen in local
 * workerd, unlike on Cloudflare). Their difference, read here in Node (the same two clocks), maps
 * one onto the other: read just as Date.now() turns to a new millisecond, to within a few µs.
 */
export function epochMinusMonotonicUs(): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const before = Date.now();
    let epoch = before;
    while (epoch === before) epoch = Date.now();
    const mono = Number(process.hrtime.bigint() / 1000n);
    // Read late, mono only grows: the largest difference is the closest.
    best = Math.max(best, epoch * 1000 - mono);
  }
  return best;
}

/**
 * Starts a CPU profile of the Worker's isolate, sampling every `intervalUs` microseconds; `pid`, the
 * workerd that runs it (proc.ts runtimePid), to give the sampling thread priority.
 */
export async function profileWorker(
  inspectorPort: number,
  intervalUs: number,
  pid: number | null,
): Promise<IsolateProfiler> {
  const s = await workerSession(inspectorPort);
  await s.send("Profiler.enable");
  await s.send("Profiler.setSamplingInterval", { interval: intervalUs });
  await s.send("Profiler.start");
  return {
    samplerFirst: pid !== null && samplerFirst(pid),
    stop: async () => {
      const { profile } = (await s.send("Profiler.stop", {}, 120_000)) as { profile: CpuProfile };
      s.close();
      return { profile, epochMinusMonotonicUs: epochMinusMonotonicUs() };
    },
  };
}
