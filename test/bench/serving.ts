// npm run bench, serving: bantin's feeds and pages against a constant Worker that answers the same
// URLs with the same bytes and headers (captured from bantin first), both under `wrangler dev` on
// the same workerd build, loaded one after the other by the same load generator (autocannon, in
// this process) for 200s and for 304s, in rotating order, repeated. A second, identical constant
// Worker is measured the same way as an A/A control: its ratio to the first shows how far two
// identical Workers are apart on this machine in this run (the noise floor). Measures requests per second
// and workerd's CPU per request (from /proc, per server, over each load period); then the start-up
// of each (spawning `wrangler dev` until the first answer) and bantin's bundle size
// (`wrangler deploy --dry-run`). Prints every figure against its target and writes them to
// bench/results.json (keeping the other keys). Photos (media.ts): a cached variant is one more route,
// loaded as a browser asks for it (AVIF; 200s only: its URL is immutable, so browsers do not
// revalidate it), and the first request for a variant (the resize) is timed before.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { freePort, startServer } from "../e2e/server.ts";
import { BROWSER_IMAGE_ACCEPT, photoBench } from "./media.ts";
import { cpuSeconds, workerdPids } from "./proc.ts";
import { saveResults } from "./results.ts";
import { median } from "./stats.ts";

const root = path.resolve(import.meta.dirname, "../..");
const wrangler = path.join(root, "node_modules/.bin/wrangler");
/** Seconds of load per measurement, connections, and repetitions of each (server, route, status). */
const SECONDS = Number(process.env.BENCH_SECONDS || 1.5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const REPS = Number(process.env.BENCH_REPS || 8);
/** BENCH_CONTROL=0 leaves out the A/A control (a third of the serving time). */
const CONTROL = process.env.BENCH_CONTROL !== "0";
const STARTUP_REPS = Number(process.env.BENCH_STARTUP_REPS || 3);
/** What a feed reader or browser sends. */
const ACCEPT_ENCODING = "gzip, br";
const POST = "/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam";
const ROUTES = process.env.BENCH_ROUTES?.split(",") ?? ["/rss.xml", "/atom.xml", "/feed.json", "/", POST];
/** BENCH_MEDIA=0 leaves out the photos (media.ts and the cached variant's row). */
const MEDIA = process.env.BENCH_MEDIA !== "0";
const isMedia = (route: string) => route.startsWith("/media/");
/** What a client of the route sends: a feed reader or browser, or a browser's <img>. */
const requestHeaders = (route: string): Record<string, string> =>
  isMedia(route)
    ? { "Accept-Encoding": ACCEPT_ENCODING, Accept: BROWSER_IMAGE_ACCEPT }
    : { "Accept-Encoding": ACCEPT_ENCODING };
/** The statuses measured: a variant's URL is immutable, so its 304s are rare (not measured). */
const statusesOf = (route: string): (200 | 304)[] => (isMedia(route) ? [200] : [200, 304]);
/** A route as the table shows it. */
const shownRoute = (route: string) =>
  isMedia(route) ? `${route.replace(/[0-9a-f]{64}/, "…")} (cached AVIF variant)` : route;
const TARGETS = { servingRatio: 0.9, bundleGzipKiB: 250 };
/** Headers the runtime or the connection sets by itself, not the Worker. */
const TRANSPORT = new Set(["connection", "keep-alive", "transfer-encoding", "date"]);

interface Raw {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** One request with node:http: the bytes as sent (no decompression) and the headers as given. */
function raw(url: string, headers: Record<string, string>, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = (res.rawHeaders[i] ?? "").toLowerCase();
          if (!TRANSPORT.has(name)) pairs.push([name, res.rawHeaders[i + 1] ?? ""]);
        }
        pairs.sort(([a], [b]) => a.localeCompare(b));
        resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks) });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const header = (r: Raw, name: string) => r.headers.find(([n]) => n === name)?.[1];

/** Polls `url` until anything answers it; returns the milliseconds since `sinceMs`. */
async function firstAnswer(url: string, child: ChildProcess, sinceMs: number, timeoutMs = 120_000): Promise<number> {
  while (performance.now() - sinceMs < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      await raw(url, {});
      return performance.now() - sinceMs;
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** `wrangler dev` with the flags `npm start` gives it, in its own process group. */
function wranglerDev(config: string, port: number, stateDir: string, envFile?: string): ChildProcess {
  const args = ["dev", "-c", config, "--ip", "127.0.0.1", "--port", String(port), "--persist-to", stateDir];
  if (envFile) args.push("--env-file", envFile);
  args.push("--show-interactive-dev-session=false", "--test-scheduled", "--log-level", "warn");
  return spawn(wrangler, args, {
    cwd: root,
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
}

/** Stops a process started with wranglerDev, and what it started (its process group). */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, "SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { cwd: root, env: { ...process.env, CI: "true" } }, (error, stdout, stderr) =>
      error ? reject(new Error(`${args.join(" ")}: ${stderr || error.message}`)) : resolve(`${stdout}${stderr}`),
    ),
  );
}

const work = mkdtempSync(path.join(tmpdir(), "bantin-bench-"));
const compatibilityDate = /compatibility_date\s*=\s*"([^"]+)"/.exec(
  readFileSync(path.join(root, "wrangler.toml"), "utf8"),
)?.[1];
const constantConfig = path.join(work, "constant.wrangler.toml");

// bantin as `npm start` runs it (its posts published); no mail is sent here, so no local inbox.
const bantin = await startServer({ SMTP_URL: "smtp://127.0.0.1:9" });
let constant: ChildProcess | undefined;
let control: ChildProcess | undefined;
try {
  const photosStarted = performance.now();
  const photos = MEDIA ? await photoBench(bantin) : null;
  const photosSeconds = (performance.now() - photosStarted) / 1000;
  const routes = photos ? [...ROUTES, photos.cachedRoute] : ROUTES;
  // Capture what bantin answers, 200 and 304, for every route.
  const captured: Record<
    string,
    { etag: string; headers: [string, string][]; body: string; notModifiedHeaders: [string, string][] }
  > = {};
  const expected = new Map<string, { ok: Raw; notModified: Raw }>();
  for (const route of routes) {
    const ok = await raw(`${bantin.url}${route}`, requestHeaders(route));
    const etag = header(ok, "etag");
    if (ok.status !== 200 || !etag) throw new Error(`bantin answered ${route} with ${ok.status}, ETag ${etag}`);
    const notModified = await raw(`${bantin.url}${route}`, { ...requestHeaders(route), "If-None-Match": etag });
    if (notModified.status !== 304)
      throw new Error(`bantin answered ${route} with If-None-Match with ${notModified.status}`);
    captured[route] = {
      etag,
      headers: ok.headers,
      body: ok.body.toString("base64"),
      notModifiedHeaders: notModified.headers,
    };
    expected.set(route, { ok, notModified });
  }
  writeFileSync(path.join(work, "captured.js"), `export default ${JSON.stringify(captured)};\n`);
  writeFileSync(
    constantConfig,
    [
      'name = "bench-constant"',
      `main = ${JSON.stringify(path.join(import.meta.dirname, "constant-worker.ts"))}`,
      `compatibility_date = "${compatibilityDate}"`,
      'compatibility_flags = ["nodejs_compat"]',
      "minify = true",
      "[alias]",
      `"bench:captured" = ${JSON.stringify(path.join(work, "captured.js"))}`,
      "",
    ].join("\n"),
  );

  const constantPort = await freePort();
  constant = wranglerDev(constantConfig, constantPort, path.join(work, "constant-state"));
  const constantUrl = `http://127.0.0.1:${constantPort}`;
  await firstAnswer(`${constantUrl}/`, constant, performance.now());
  const controlPort = await freePort();
  const controlUrl = `http://127.0.0.1:${controlPort}`;
  if (CONTROL) {
    control = wranglerDev(constantConfig, controlPort, path.join(work, "control-state"));
    await firstAnswer(`${controlUrl}/`, control, performance.now());
  }
  // The constant Workers' answers are bantin's, byte for byte and header for header.
  const constantUrls = CONTROL ? [constantUrl, controlUrl] : [constantUrl];
  for (const { route, url } of routes.flatMap((route) => constantUrls.map((url) => ({ route, url })))) {
    const want = expected.get(route);
    const etag = captured[route]?.etag ?? "";
    const ok = await raw(`${url}${route}`, requestHeaders(route));
    const notModified = await raw(`${url}${route}`, { ...requestHeaders(route), "If-None-Match": etag });
    const same =
      want &&
      ok.status === 200 &&
      ok.body.equals(want.ok.body) &&
      JSON.stringify(ok.headers) === JSON.stringify(want.ok.headers) &&
      notModified.status === 304 &&
      JSON.stringify(notModified.headers) === JSON.stringify(want.notModified.headers);
    if (!same) {
      throw new Error(
        `the constant Worker's ${route} differs from bantin's:\n${JSON.stringify({ bantin: want?.ok.headers, constant: ok.headers }, null, 1)}`,
      );
    }
  }

  const servers = [
    { name: "bantin", url: bantin.url, pids: workerdPids(bantin.pid) },
    { name: "constant", url: constantUrl, pids: workerdPids(constant.pid) },
    ...(control ? [{ name: "control", url: controlUrl, pids: workerdPids(control.pid) }] : []),
  ];
  for (const s of servers) if (s.pids.length === 0) throw new Error(`no workerd process found for ${s.name}`);

  type Totals = { requests: number; seconds: number; cpu: number };
  const totals = new Map<string, Totals>();
  const load = async (server: (typeof servers)[number], route: string, status: 200 | 304, seconds: number) => {
    const headers = requestHeaders(route);
    if (status === 304) headers["If-None-Match"] = captured[route]?.etag ?? "";
    const cpuBefore = cpuSeconds(server.pids);
    const result = await autocannon({
      url: `${server.url}${route}`,
      connections: CONNECTIONS,
      duration: seconds,
      headers,
    });
    const cpu = cpuSeconds(server.pids) - cpuBefore;
    const answered = result.statusCodeStats[String(status)]?.count ?? 0;
    if (result.errors > 0 || answered !== result.requests.total) {
      throw new Error(`${server.name} ${route}: ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors`);
    }
    return { requests: result.requests.total, seconds: result.duration, cpu };
  };

  // Warm-up: each route of each server, briefly (bantin builds nothing here: npm start published, the
  // capture above read every rendition once).
  for (const route of routes) for (const s of servers) await load(s, route, 200, 1);

  // Each measurement of bantin is paired with one of the constant Worker next to it (the order
  // rotates), and the ratio is taken per pair: load from other work on the machine changes from
  // minute to minute, much less within one pair. The figure is the median pair. The control is
  // paired with the constant Worker the same way.
  const pairs = new Map<string, { rps: number[]; cpu: number[] }>();
  const controlPairs = new Map<string, { rps: number[]; cpu: number[] }>();
  const addPair = (into: typeof pairs, key: string, x: Totals, c: Totals) => {
    const pair = into.get(key) ?? { rps: [], cpu: [] };
    pair.rps.push(x.requests / x.seconds / (c.requests / c.seconds));
    pair.cpu.push(c.cpu / c.requests / (x.cpu / x.requests));
    into.set(key, pair);
  };
  let turn = 0;
  for (let rep = 0; rep < REPS; rep++) {
    for (const route of routes) {
      for (const status of statusesOf(route)) {
        const shift = turn % servers.length;
        const rotated = [...servers.slice(shift), ...servers.slice(0, shift)];
        const order = Math.floor(turn++ / servers.length) % 2 === 0 ? rotated : rotated.reverse();
        const m: Record<string, Totals> = {};
        for (const s of order) {
          m[s.name] = await load(s, route, status, SECONDS);
          const key = `${s.name} ${status} ${route}`;
          const t = totals.get(key) ?? { requests: 0, seconds: 0, cpu: 0 };
          const x = m[s.name] as Totals;
          totals.set(key, { requests: t.requests + x.requests, seconds: t.seconds + x.seconds, cpu: t.cpu + x.cpu });
        }
        addPair(pairs, `${status} ${route}`, m.bantin as Totals, m.constant as Totals);
        if (m.control) addPair(controlPairs, `${status} ${route}`, m.control, m.constant as Totals);
      }
    }
  }
  const round3 = (x: number) => Number(x.toFixed(3));

  const rows = routes.flatMap((route) =>
    statusesOf(route).map((status) => {
      const b = totals.get(`bantin ${status} ${route}`) as Totals;
      const c = totals.get(`constant ${status} ${route}`) as Totals;
      const pair = pairs.get(`${status} ${route}`) ?? { rps: [], cpu: [] };
      const aa = controlPairs.get(`${status} ${route}`);
      return {
        route,
        status,
        bytes: status === 200 ? (expected.get(route)?.ok.body.byteLength ?? 0) : 0,
        bantinRps: Math.round(b.requests / b.seconds),
        constantRps: Math.round(c.requests / c.seconds),
        bantinCpuMsPerRequest: Number(((b.cpu / b.requests) * 1000).toFixed(4)),
        constantCpuMsPerRequest: Number(((c.cpu / c.requests) * 1000).toFixed(4)),
        // bantin's requests/s over the constant Worker's, median of the pairs (1 = as fast).
        rpsRatio: round3(median(pair.rps)),
        // CPU efficiency: the constant Worker's CPU per request over bantin's, median of the pairs (1 = as cheap).
        cpuRatio: round3(median(pair.cpu)),
        pairs: { rps: pair.rps.map(round3), cpu: pair.cpu.map(round3) },
        // The A/A control: the second constant Worker against the first, measured the same way.
        control: aa ? { rpsRatio: round3(median(aa.rps)), cpuRatio: round3(median(aa.cpu)) } : null,
      };
    }),
  );
  // All routes together: the median of every pair.
  const overall = {
    rpsRatio: round3(median([...pairs.values()].flatMap((p) => p.rps))),
    cpuRatio: round3(median([...pairs.values()].flatMap((p) => p.cpu))),
  };

  const controlAll = CONTROL
    ? {
        rpsRatio: round3(median([...controlPairs.values()].flatMap((p) => p.rps))),
        cpuRatio: round3(median([...controlPairs.values()].flatMap((p) => p.cpu))),
      }
    : null;
  const controlRoutes = rows.flatMap((r) => (r.control ? [r.control.rpsRatio, r.control.cpuRatio] : []));

  await bantin.stop();
  await stopGroup(constant);
  constant = undefined;
  if (control) await stopGroup(control);
  control = undefined;

  // Start-up: spawning `wrangler dev` until the first answer to "/", each Worker in turn, the same flags.
  const bantinState = path.join(work, "startup-state");
  await run(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", bantinState]);
  const startups: { bantin: number[]; constant: number[] } = { bantin: [], constant: [] };
  for (let rep = 0; rep < STARTUP_REPS; rep++) {
    for (const which of rep % 2 === 0 ? (["bantin", "constant"] as const) : (["constant", "bantin"] as const)) {
      const port = await freePort();
      const envFile = path.join(work, "startup.env");
      rmSync(envFile, { force: true });
      writeFileSync(
        envFile,
        Object.entries({
          SITE_URL: `http://127.0.0.1:${port}`,
          ADMIN_TOKEN: "bench-admin-token-4c1e8a7f2b9d0e63",
          TOKEN_SECRET: "bench-token-secret",
          SMTP_URL: "smtp://127.0.0.1:9",
        })
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join("\n"),
        { mode: 0o600 },
      );
      const started = performance.now();
      const child =
        which === "bantin"
          ? wranglerDev(path.join(root, "wrangler.toml"), port, bantinState, envFile)
          : wranglerDev(constantConfig, port, path.join(work, "constant-state"));
      try {
        startups[which].push(await firstAnswer(`http://127.0.0.1:${port}/`, child, started));
      } finally {
        await stopGroup(child);
      }
    }
  }
  const bantinStartMs = median(startups.bantin);
  const constantStartMs = median(startups.constant);

  // The bundle, as `wrangler deploy` would upload it.
  const outdir = path.join(work, "bundle");
  const deployOut = await run(wrangler, ["deploy", "--dry-run", "--outdir", outdir]);
  const upload = /Total Upload:\s*([\d.,]+)\s*KiB\s*\/\s*gzip:\s*([\d.,]+)\s*KiB/.exec(deployOut);
  if (!upload) throw new Error(`no "Total Upload" line in wrangler deploy --dry-run:\n${deployOut}`);
  const kib = (s: string | undefined) => Number((s ?? "").replace(/,/g, ""));
  const indexJs = path.join(outdir, "index.js");
  const indexGzipKiB = gzipSync(readFileSync(indexJs)).byteLength / 1024;

  const minRps = Math.min(...rows.map((r) => r.rpsRatio));
  const minCpu = Math.min(...rows.map((r) => r.cpuRatio));
  const servingMet = minRps >= TARGETS.servingRatio && minCpu >= TARGETS.servingRatio;
  const bundleGzipKiB = kib(upload[2]);
  const mark = (met: boolean) => (met ? "met" : "NOT met");
  console.log(
    [
      `serving, ${CONNECTIONS} connections, ${REPS} pairs of ${SECONDS} s per route and status (Accept-Encoding: ${ACCEPT_ENCODING}); ratios are medians of the pairs${CONTROL ? "; A/A: a second constant Worker against the first, the same way" : ""}:`,
      `  ${"route".padEnd(54)} ${"req/s bantin / constant".padStart(24)} ${"ratio".padStart(6)}   ${"CPU ms/req bantin / constant".padStart(28)} ${"ratio".padStart(6)}   ${CONTROL ? `${"A/A req/s, CPU".padStart(14)}   ` : ""}target ≥ ${TARGETS.servingRatio}`,
      ...rows.map(
        (r) =>
          `  ${`${r.status} ${shownRoute(r.route)}`.padEnd(54)} ${`${r.bantinRps} / ${r.constantRps}`.padStart(24)} ${r.rpsRatio.toFixed(3).padStart(6)}   ${`${r.bantinCpuMsPerRequest.toFixed(3)} / ${r.constantCpuMsPerRequest.toFixed(3)}`.padStart(28)} ${r.cpuRatio.toFixed(3).padStart(6)}   ${r.control ? `${`${r.control.rpsRatio.toFixed(2)}, ${r.control.cpuRatio.toFixed(2)}`.padStart(14)}   ` : ""}${mark(r.rpsRatio >= TARGETS.servingRatio && r.cpuRatio >= TARGETS.servingRatio)}`,
      ),
      `  all routes (median of every pair): requests/s ${overall.rpsRatio.toFixed(3)}, CPU ${overall.cpuRatio.toFixed(3)}   target ≥ ${TARGETS.servingRatio}   ${mark(overall.rpsRatio >= TARGETS.servingRatio && overall.cpuRatio >= TARGETS.servingRatio)}`,
      `  lowest route: requests/s ${minRps.toFixed(3)}, CPU ${minCpu.toFixed(3)}   target ≥ ${TARGETS.servingRatio} on every route   ${mark(servingMet)}`,
      ...(controlAll
        ? [
            `  A/A control (two identical constant Workers; 1 = no noise): all routes ${controlAll.rpsRatio.toFixed(3)} / ${controlAll.cpuRatio.toFixed(3)}, single routes from ${Math.min(...controlRoutes).toFixed(2)} to ${Math.max(...controlRoutes).toFixed(2)}   (reported, no target)`,
          ]
        : []),
      ...(photos
        ? [
            `photos: the first request for a ${photos.variants[0]?.width} px variant (the resize, by the local Images binding) and the next (from R2), medians of ${photos.variants[0]?.photos} photos each, in ms (making, uploading and timing them took ${photosSeconds.toFixed(0)} s):`,
            ...photos.variants.map(
              (v) =>
                `  ${`${v.original} (${(v.originalBytes / 1048576).toFixed(1)} MB)`.padEnd(30)} upload ${v.uploadMs}, first AVIF ${v.firstAvifMs} (${Math.round(v.avifBytes / 1024)} KiB), first JPEG ${v.firstJpegMs} (${Math.round(v.jpegBytes / 1024)} KiB), AVIF again ${v.cachedAvifMs}   (reported, no target)`,
            ),
          ]
        : []),
      `start-up (spawning wrangler dev until the first answer to /, median of ${STARTUP_REPS}):`,
      `  bantin ${bantinStartMs.toFixed(0)} ms, constant ${constantStartMs.toFixed(0)} ms: ${(bantinStartMs - constantStartMs).toFixed(0)} ms more, ratio ${(bantinStartMs / constantStartMs).toFixed(2)}   (reported, no target)`,
      `bundle (wrangler deploy --dry-run): ${upload[1]} KiB, gzip ${upload[2]} KiB (index.js gzipped here: ${indexGzipKiB.toFixed(1)} KiB)   target ≤ ${TARGETS.bundleGzipKiB} KiB gzip   ${mark(bundleGzipKiB <= TARGETS.bundleGzipKiB)}`,
    ].join("\n"),
  );

  const measuredAt = new Date().toISOString();
  const serving = {
    connections: CONNECTIONS,
    secondsPerMeasurement: SECONDS,
    pairs: REPS,
    acceptEncoding: ACCEPT_ENCODING,
    routes: rows,
    allRoutes: overall,
    control: controlAll
      ? {
          what: "a second constant Worker against the first, measured as bantin is (A/A: 1 = no noise)",
          allRoutes: controlAll,
          lowest: Math.min(...controlRoutes),
          highest: Math.max(...controlRoutes),
        }
      : null,
    lowestRpsRatio: minRps,
    lowestCpuRatio: minCpu,
    target: TARGETS.servingRatio,
    met: servingMet,
    measuredAt,
  };
  const startup = {
    what: "spawning wrangler dev until the first answer to /, median",
    runs: STARTUP_REPS,
    bantinMs: Math.round(bantinStartMs),
    constantMs: Math.round(constantStartMs),
    differenceMs: Math.round(bantinStartMs - constantStartMs),
    ratio: Number((bantinStartMs / constantStartMs).toFixed(2)),
    allMs: { bantin: startups.bantin.map(Math.round), constant: startups.constant.map(Math.round) },
    measuredAt,
  };
  const bundle = {
    uploadKiB: kib(upload[1]),
    gzipKiB: bundleGzipKiB,
    indexJsBytes: statSync(indexJs).size,
    indexJsGzipKiB: Number(indexGzipKiB.toFixed(1)),
    targetGzipKiB: TARGETS.bundleGzipKiB,
    met: bundleGzipKiB <= TARGETS.bundleGzipKiB,
    measuredAt,
  };
  const variants = photos
    ? {
        what: "the first request for a 720 px variant (the resize, by wrangler dev's local Images binding) and the next one (from R2), medians, ms",
        sizes: photos.variants,
        measuredAt,
      }
    : undefined;
  saveResults({ serving, startup, bundle, ...(variants ? { variants } : {}) });
} finally {
  if (constant) await stopGroup(constant);
  if (control) await stopGroup(control);
  await bantin.stop().catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
