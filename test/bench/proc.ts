// Process CPU from /proc, for the benchmarks: workerd's user + system time below a process.
import { readdirSync, readFileSync } from "node:fs";

/** Every process below `pid`. */
export function descendants(pid: number): number[] {
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

/** The workerd processes below `root` (this process by default). */
export function workerdPids(root = process.pid): number[] {
  return descendants(root).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("workerd");
    } catch {
      return false;
    }
  });
}

/** The workerd below `root` that runs the Worker (wrangler dev gives it the inspector), or null. */
export function runtimePid(root = process.pid): number | null {
  const pid = descendants(root).find((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, "utf8").includes("--inspector-addr");
    } catch {
      return false;
    }
  });
  return pid ?? null;
}

/** CPU seconds (user + system) of these processes (by default, the workerd processes of this process tree). */
export function cpuSeconds(pids: number[] = workerdPids()): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / 100;
}
