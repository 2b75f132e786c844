// The Worker's own CPU per invocation, from a V8 CPU profile of its isolate (issue 21). Pure: the
// profile comes from inspector.ts, the invocations' windows from the ledger lines.
//
// Why a profile of the isolate measures what Cloudflare bills: V8's sampler records a sample only
// while the isolate is entered (libsampler: "We require a fully initialized and entered isolate"),
// and workerd enters an isolate only while it holds that isolate's lock. So the Worker's profile has
// a sample wherever workerd's thread was working for the Worker (its JavaScript, and the runtime's
// native work under its lock: "(program)", "(garbage collector)"), and none while the thread waited
// on I/O or ran another isolate: local D1's, the queue broker's, wrangler's proxy. Samples marked
// "(idle)" (entered but idle) are left out.
//
// Each busy sample stands for one sampling period (as the machine kept it: the median gap between two
// busy samples in a row), which counts right on average even where the isolate is left and entered
// again between two samples, as a consumer does around every socket event. It is CPU time, not wall
// time, even on a loaded machine: V8's sampling thread signals the isolate's thread, which takes the
// sample in its signal handler, so only when it runs; the ticks that fall while the kernel has it off
// its CPU merge into one (a signal does not queue). Checked by test/bench/isolate-cpu-check.ts: a
// Worker's busy loop comes out at the CPU the kernel gave workerd's thread for it (5–15% above it:
// the profiler's own work in that thread). The thread's schedstat, polled meanwhile (thread-cpu.ts),
// says how loaded the machine was: the share of its runnable time the thread ran.

import { median } from "./stats.ts";

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; scriptId: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/** A V8 CPU profile as the DevTools protocol's Profiler.stop returns it (times in µs). */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface BusySample {
  /** The profile node it fell in (the function running, under its callers: see stackOf). */
  node: number;
  /** When it was taken, in epoch milliseconds (fractional). */
  atMs: number;
  /** The CPU time it stands for (one sampling period), in milliseconds. */
  cpuMs: number;
  /** Which busy run it belongs to (consecutive samples with no gap between them). */
  run: number;
}

/** A gap longer than this many sampling periods ends a busy run: the isolate was left in between. */
const GAP_PERIODS = 3;

/** A thread's schedstat readings (thread-cpu.ts): CLOCK_MONOTONIC µs, cumulative run and run-queue wait ns. */
export interface ThreadReadings {
  monoUs: number[];
  runNs: number[];
  waitNs: number[];
  /** The thread went away before the poller was stopped. */
  lost?: boolean;
}

/**
 * The share of a stretch of time (CLOCK_MONOTONIC µs) in which the thread ran rather than waited
 * for a CPU, from its readings interpolated linearly; 1 where it did neither (it slept). Below 1, the
 * machine was loaded by others.
 */
export function runShare(readings: ThreadReadings): (fromUs: number, toUs: number) => number {
  const { monoUs, runNs, waitNs } = readings;
  const at = (values: number[], us: number) => {
    let lo = 0;
    let hi = monoUs.length - 1;
    if (hi < 0) return 0;
    if (us <= (monoUs[0] ?? 0)) return values[0] ?? 0;
    if (us >= (monoUs[hi] ?? 0)) return values[hi] ?? 0;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((monoUs[mid] ?? 0) <= us) lo = mid;
      else hi = mid;
    }
    const t0 = monoUs[lo] ?? 0;
    const t1 = monoUs[hi] ?? 0;
    const v0 = values[lo] ?? 0;
    const v1 = values[hi] ?? 0;
    return t1 === t0 ? v1 : v0 + ((v1 - v0) * (us - t0)) / (t1 - t0);
  };
  return (fromUs, toUs) => {
    const ran = at(runNs, toUs) - at(runNs, fromUs);
    const waited = at(waitNs, toUs) - at(waitNs, fromUs);
    return ran + waited > 0 ? Math.min(1, Math.max(0, ran / (ran + waited))) : 1;
  };
}

/** A node's stack: the node, its caller, and so on up to the profile's root. */
export function stackOf(profile: CpuProfile): (node: number) => CpuProfileNode[] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  return (node) => {
    const out: CpuProfileNode[] = [];
    for (let at: number | undefined = node; at !== undefined; at = parents.get(at)) {
      const n = nodes.get(at);
      if (n) out.push(n);
    }
    return out;
  };
}

/** The samples in which the isolate was busy, in epoch time (`epochMinusMonotonicUs`: inspector.ts). */
export function busySamples(profile: CpuProfile, epochMinusMonotonicUs: number): BusySample[] {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) {
    t += delta;
    times.push(t);
  }
  const busy = profile.samples.map((node) => !idle.has(node));
  // The sampling period: the median gap between two busy samples in a row (the profiler's interval
  // as this machine keeps it, usually longer than asked for).
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    if (busy[i] && busy[i - 1]) gaps.push((times[i] ?? 0) - (times[i - 1] ?? 0));
  }
  const period = median(gaps.filter((d) => d > 0));
  const out: BusySample[] = [];
  let run = -1;
  for (let i = 0; i < times.length; i++) {
    if (!busy[i]) continue;
    const at = times[i] ?? 0;
    const continues = i > 0 && busy[i - 1] && at - (times[i - 1] ?? 0) <= GAP_PERIODS * period;
    if (!continues) run++;
    out.push({ node: profile.samples[i] ?? 0, atMs: (at + epochMinusMonotonicUs) / 1000, cpuMs: period / 1000, run });
  }
  return out;
}

/**
 * The profile's nodes in which the bench's own instrument was working: those whose innermost frame
 * with a source (native functions work for their caller, so they are skipped) is in a file
 * `isInstrument` names. A runtime-internal frame ("cloudflare-internal:d1-api", D1's client) is the
 * Worker's own work even where the instrument's wrapper called it, and so are "(program)" and the
 * garbage collector, which have no caller.
 */
export function instrumentNodes(
  profile: CpuProfile,
  fileOf: (node: CpuProfileNode) => string,
  isInstrument: (file: string) => boolean,
): Set<number> {
  const stack = stackOf(profile);
  const out = new Set<number>();
  for (const node of profile.nodes) {
    const frame = stack(node.id).find((n) => n.callFrame.url !== "");
    if (frame && isInstrument(fileOf(frame))) out.add(node.id);
  }
  return out;
}

export interface InvocationWindow {
  /** Date.now() in the Worker at its start and at its end (whole milliseconds). */
  startMs: number;
  endMs: number;
}

export interface Attribution {
  /** Per window: the CPU of every sample it may own (a sample several windows share counts in each). */
  cpuMs: number[];
  /** CPU in samples that more than one window could own. */
  sharedMs: number;
  /** CPU in busy runs that no window owns (the runtime's own work for the Worker, or invocations not ledgered). */
  unattributedMs: number;
  totalMs: number;
}

/**
 * Gives each busy sample to the invocations whose window holds it: from its start to the end of the
 * millisecond its end was read in (Date.now() is whole milliseconds). A sample outside every window
 * but inside a busy run that some window owns belongs to that run's owners: workerd's work just
 * before a handler starts (dispatching the event) or just after it ends (the ledger line, the answer).
 */
export function attribute(samples: BusySample[], windows: InvocationWindow[]): Attribution {
  const owners: number[][] = samples.map(() => []);
  for (const [w, win] of windows.entries()) {
    let lo = 0;
    let hi = samples.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((samples[mid]?.atMs ?? 0) < win.startMs) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < samples.length && (samples[i]?.atMs ?? 0) < win.endMs + 1; i++) owners[i]?.push(w);
  }
  // Within a run, a sample no window holds takes the owners of the nearest sample before it that has
  // some, else of the nearest after it.
  for (let i = 0; i < samples.length; i++) {
    if (owners[i]?.length) continue;
    const run = samples[i]?.run;
    for (let j = i - 1; j >= 0 && samples[j]?.run === run; j--) {
      if (owners[j]?.length) {
        owners[i] = owners[j] ?? [];
        break;
      }
    }
    if (owners[i]?.length) continue;
    for (let j = i + 1; j < samples.length && samples[j]?.run === run; j++) {
      if (owners[j]?.length) {
        owners[i] = owners[j] ?? [];
        break;
      }
    }
  }
  const cpuMs = windows.map(() => 0);
  let sharedMs = 0;
  let unattributedMs = 0;
  let totalMs = 0;
  for (const [i, s] of samples.entries()) {
    const own = owners[i] ?? [];
    totalMs += s.cpuMs;
    if (own.length === 0) unattributedMs += s.cpuMs;
    if (own.length > 1) sharedMs += s.cpuMs;
    for (const w of own) {
      cpuMs[w] = (cpuMs[w] ?? 0) + s.cpuMs;
    }
  }
  return { cpuMs, sharedMs, unattributedMs, totalMs };
}
