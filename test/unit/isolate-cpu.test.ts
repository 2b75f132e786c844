// The bench's attribution of the Worker isolate's profile samples to invocations (test/bench/isolate-cpu.ts).
import { describe, expect, it } from "vitest";
import { attribute, busySamples, type CpuProfile, instrumentNodes, runShare } from "../bench/isolate-cpu.ts";
import { spread } from "../bench/stats.ts";

const frame = (functionName: string) => ({ functionName, url: "", scriptId: "0", lineNumber: 0, columnNumber: 0 });

/** A profile from sample times (µs of CLOCK_MONOTONIC) and whether each was busy. */
function profile(samples: [number, "busy" | "idle"][]): CpuProfile {
  let last = 1_000_000;
  return {
    nodes: [
      { id: 1, callFrame: frame("(root)"), children: [2, 3] },
      { id: 2, callFrame: frame("(idle)") },
      { id: 3, callFrame: frame("work") },
    ],
    startTime: last,
    endTime: samples.at(-1)?.[0] ?? last,
    samples: samples.map(([, what]) => (what === "busy" ? 3 : 2)),
    timeDeltas: samples.map(([t]) => {
      const d = t - last;
      last = t;
      return d;
    }),
  };
}

/** Busy samples every 100 µs from `from` (µs), `n` of them. */
const burst = (from: number, n: number): [number, "busy"][] =>
  Array.from({ length: n }, (_, i) => [from + i * 100, "busy"]);

// Epoch = monotonic + 1,700,000,000,000 ms, so monotonic 1,000,000 µs is epoch 1,700,000,001,000 ms.
const OFFSET_US = 1_700_000_000_000_000;
const epochMs = (us: number) => (us + OFFSET_US) / 1000;

describe("the isolate's busy samples", () => {
  it("counts one sampling period per busy sample, in epoch time, and leaves idle samples out", () => {
    const p = profile([...burst(1_000_100, 10), [1_001_100, "idle"], ...burst(1_005_000, 5)]);
    const samples = busySamples(p, OFFSET_US);
    expect(samples).toHaveLength(15);
    expect(samples[0]?.atMs).toBeCloseTo(epochMs(1_000_100), 6);
    expect(samples.every((s) => Math.abs(s.cpuMs - 0.1) < 1e-9)).toBe(true);
    // A gap of 3.9 ms (the isolate left) starts a new run.
    expect(new Set(samples.map((s) => s.run))).toEqual(new Set([0, 1]));
    expect(samples[10]?.run).toBe(1);
  });

  it("reads how loaded the machine was from the thread's schedstat: run time over run time and run-queue wait", () => {
    const share = runShare({ monoUs: [0, 1000, 2000], runNs: [0, 300_000, 1_300_000], waitNs: [0, 700_000, 700_000] });
    expect(share(0, 1000)).toBeCloseTo(0.3, 9);
    expect(share(1000, 2000)).toBeCloseTo(1, 9);
    expect(share(500, 1500)).toBeCloseTo(0.65 / 1, 9);
    // Neither running nor waiting (asleep): no correction.
    expect(runShare({ monoUs: [0, 1000], runNs: [5, 5], waitNs: [7, 7] })(0, 1000)).toBe(1);
  });
});

describe("attributing samples to invocations", () => {
  const windowAt = (fromUs: number, toUs: number) => ({
    startMs: Math.floor(epochMs(fromUs)),
    endMs: Math.floor(epochMs(toUs)),
  });

  it("gives each sample to the window holding it, up to the end of the millisecond its end was read in", () => {
    // Invocation A: 2.0–4.0 ms; invocation B: 10.0–12.0 ms (monotonic µs from 1,000,000).
    const p = profile([...burst(1_002_000, 15), ...burst(1_010_000, 5), ...burst(1_020_000, 3)]);
    const a = attribute(busySamples(p, OFFSET_US), [windowAt(1_002_000, 1_003_500), windowAt(1_010_000, 1_010_000)]);
    expect(a.cpuMs[0]).toBeCloseTo(1.5, 9);
    // B's window is one millisecond (its start and end read in the same one): its 5 samples are in it.
    expect(a.cpuMs[1]).toBeCloseTo(0.5, 9);
    // The last burst is in no window and no owned run.
    expect(a.unattributedMs).toBeCloseTo(0.3, 9);
    expect(a.totalMs).toBeCloseTo(2.3, 9);
  });

  it("gives a busy run's samples outside every window to the window owning the rest of the run", () => {
    // workerd dispatches the event from 0.8 ms before the handler reads Date.now(), in one run.
    const p = profile(burst(1_004_200, 15));
    const a = attribute(busySamples(p, OFFSET_US), [windowAt(1_005_000, 1_005_100)]);
    expect(a.cpuMs[0]).toBeCloseTo(1.5, 9);
    expect(a.unattributedMs).toBe(0);
  });

  it("counts samples two overlapping windows could own in each, and as shared", () => {
    const p = profile(burst(1_002_000, 10));
    const a = attribute(busySamples(p, OFFSET_US), [windowAt(1_002_000, 1_002_900), windowAt(1_002_000, 1_002_900)]);
    expect(a.cpuMs).toEqual([expect.closeTo(1, 9), expect.closeTo(1, 9)]);
    expect(a.sharedMs).toBeCloseTo(1, 9);
  });
});

describe("the bench's instrument's samples", () => {
  const at = (functionName: string, url: string) => ({
    functionName,
    url,
    scriptId: "1",
    lineNumber: 0,
    columnNumber: 0,
  });
  // (root) > handler (src/index.ts) > wrapper (src/ledger/ledger.ts) > stringify (native)
  //                                                                 > _send (D1's client) > fetch (native)
  //        > (garbage collector)
  const p: CpuProfile = {
    nodes: [
      { id: 1, callFrame: at("(root)", ""), children: [2, 7] },
      { id: 2, callFrame: at("handler", "index.js#src/index.ts"), children: [3] },
      { id: 3, callFrame: at("wrapper", "index.js#src/ledger/ledger.ts"), children: [4, 5] },
      { id: 4, callFrame: at("stringify", "") },
      { id: 5, callFrame: at("_send", "cloudflare-internal:d1-api"), children: [6] },
      { id: 6, callFrame: at("fetch", "") },
      { id: 7, callFrame: at("(garbage collector)", "") },
    ],
    startTime: 0,
    endTime: 0,
    samples: [],
    timeDeltas: [],
  };
  const fileOf = (n: CpuProfile["nodes"][number]) => n.callFrame.url.replace(/^index\.js#/, "");

  it("are those whose innermost frame with a source is the instrument's: its own code and the natives it calls", () => {
    const nodes = instrumentNodes(p, fileOf, (file) => file.startsWith("src/ledger/"));
    expect([...nodes].sort()).toEqual([3, 4]);
  });

  it("leave the runtime's work the instrument's wrapper called, the garbage collector and the Worker's code to the Worker", () => {
    const nodes = instrumentNodes(p, fileOf, (file) => file.startsWith("src/ledger/"));
    for (const id of [1, 2, 5, 6, 7]) expect(nodes.has(id), String(id)).toBe(false);
    expect(instrumentNodes(p, fileOf, () => false).size).toBe(0);
  });
});

describe("spread", () => {
  it("gives the max, the mean and the 99th percentile by nearest rank", () => {
    const values = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(spread(values)).toEqual({ max: 200, mean: 100.5, p99: 198 });
    expect(spread([])).toEqual({ max: 0, mean: 0, p99: 0 });
  });
});
