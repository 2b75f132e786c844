// Modules of the benchmarks that have no types of their own.

/** What serving.ts captured from bantin, per path (written for each run; see constant-worker.ts). */
declare module "bench:captured" {
  const captured: Record<
    string,
    { etag: string; headers: [string, string][]; body: string; notModifiedHeaders: [string, string][] }
  >;
  export default captured;
}

/** The part of autocannon's API (npm autocannon, no bundled types) the serving benchmark uses. */
declare module "autocannon" {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    method?: string;
    headers?: Record<string, string>;
  }
  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    requests: { total: number; average: number };
    statusCodeStats: Record<string, { count: number }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
