// The kernel's account of one thread, polled: how long it ran on a CPU and how long it waited,
// runnable, for one (/proc/<pid>/task/<tid>/schedstat: run time and run-queue wait, in ns). Polled
// from a worker thread of its own, every `everyUs` µs, so that the bench's busy main thread (the SMTP
// sink runs there) does not space the readings out. Times are CLOCK_MONOTONIC µs (process.hrtime),
// the clock of V8's profiles.
import { Worker } from "node:worker_threads";
import type { ThreadReadings } from "./isolate-cpu.ts";

const POLLER = `
const { workerData, parentPort } = require("node:worker_threads");
const { readFileSync } = require("node:fs");
const stop = new Int32Array(workerData.stop);
const out = { monoUs: [], runNs: [], waitNs: [] };
const sleep = new Int32Array(new SharedArrayBuffer(4));
while (Atomics.load(stop, 0) === 0) {
  try {
    const [run, wait] = readFileSync(workerData.file, "utf8").split(" ");
    out.monoUs.push(Number(process.hrtime.bigint() / 1000n));
    out.runNs.push(Number(run));
    out.waitNs.push(Number(wait));
  } catch {
    out.lost = true;
    break;
  }
  Atomics.wait(sleep, 0, 0, workerData.everyUs / 1000);
}
parentPort.postMessage(out);
`;

/** Polls /proc/<pid>/task/<tid>/schedstat until stopped. */
export function pollThread(pid: number, tid = pid, everyUs = 500): { stop: () => Promise<ThreadReadings> } {
  const stop = new SharedArrayBuffer(4);
  const file = `/proc/${pid}/task/${tid}/schedstat`;
  const worker = new Worker(POLLER, { eval: true, workerData: { stop, file, everyUs } });
  // Never what keeps the bench running, should it end without stopping the poller.
  worker.unref();
  const done = new Promise<ThreadReadings>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    stop: async () => {
      Atomics.store(new Int32Array(stop), 0, 1);
      const readings = await done;
      await worker.terminate();
      return readings;
    },
  };
}
