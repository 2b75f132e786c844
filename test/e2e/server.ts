// `npm start` (scripts/start.mjs) for the end-to-end tests, on free ports with a state folder of its
// own, as a user runs it.
//
// ONE SHARED SERVER, OR ONE OF ITS OWN?
//
// `sharedServer()` hands every file of a run the same npm start (test/e2e/global-setup.ts starts it
// when a file first asks, from an empty state folder and with the default settings, and stops it at
// the end of the run). Before any file sees it, it is prepared once (see SharedServer): a reader
// subscribed through its MailDev inbox, confirmed and received digest 1; a post was published and
// withdrawn. Nothing changes it after that. Files run in parallel, so a file that changed it would
// make other files fail, and only sometimes.
//
// A file may use the shared server when nothing it does changes what another file can see:
//   - GET and HEAD of pages, feeds, the confirm and unsubscribe pages (GET only shows a button), the
//     admin API's reads (GET) and MailDev's API (inboxUrl);
//   - signing in to the console with the right token and looking at its pages (a session is only its
//     browser's), without submitting anything but the sign-in;
//   - parsing, validating and rendering what it gets (feed readers, xmllint, Chromium).
// A file must start its own server (startServer() in beforeAll, server.stop() in afterAll) when it:
//   - publishes, edits or withdraws a post; subscribes, confirms or unsubscribes anyone; starts,
//     resumes or test-sends a digest; imports or erases subscribers; subscribes a WebSub callback;
//     POSTs anything but the console sign-in;
//   - sends a wrong token or password, or many requests in a row (throttles and rate limits count
//     per client, and every file is the same client, 127.0.0.1);
//   - needs settings of its own (SMTP_URL, RETRY_*, ADMIN_TOKEN, …), its own or a kept state folder,
//     an inbox holding only its own emails, or the output npm start prints after its banner;
//   - stops, kills or restarts the server, or runs the maintenance cron (POST /admin/maintenance).
// When in doubt, start your own: it costs a few seconds; a shared server changed behind other files'
// backs costs flaky runs.
//
// To opt in, a file does no more than:
//   let server: SharedServer;
//   beforeAll(async () => { server = await sharedServer(); });
// (no afterAll: the run stops it). Run it with `npx vitest run --project e2e test/e2e/that.test.ts`.
//
// In a whole run, `startServer()` with no settings and no options may hand back one of the run's
// spare servers (global-setup.ts): the same npm start, made earlier, for this file alone. Its
// `output()` is what it printed until then; a file that reads later output passes an option.
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { E2E_ADMIN_TOKEN } from "../tokens.ts";

export interface LocalServer {
  url: string;
  /** MailDev's web/API address when npm start runs its own inbox. */
  inboxUrl: string | null;
  adminToken: string;
  /** The local data folder (D1) of this server. */
  stateDir: string;
  /** The process id of `npm start` (its workerd runs below it). */
  pid: number;
  output: () => string;
  /** Stops it as Ctrl+C does; removes the state folder unless the caller gave it. */
  stop: () => Promise<number | null>;
  /** Sends a signal to npm start and everything it started (its process group). */
  killAll: (signal: NodeJS.Signals) => Promise<void>;
}

export interface StartOptions {
  /** A state folder to use (and keep); by default a fresh one, removed on stop. */
  stateDir?: string;
  /**
   * Runs it in its own process group, for killAll. Off by default: in the terminal's group, a
   * Ctrl+C of `npm test` reaches it too.
   */
  detached?: boolean;
  /**
   * Lets npm start apply every migration itself, as on a newcomer's first start. By default, under
   * `npm test`, an empty state folder first gets a copy of a database migrated once for the whole
   * run (global-setup.ts): `wrangler d1 migrations apply` starts workerd once per migration, about
   * 20 s of CPU, and npm start then finds nothing to apply.
   */
  unmigrated?: boolean;
}

/** The shared server (see the top of this file), as prepared before any file gets it. */
export interface SharedServer {
  url: string;
  inboxUrl: string;
  adminToken: string;
  /** What npm start printed until its banner. */
  output: string;
  /** The reader who subscribed, confirmed and received digest 1 (both emails are in the inbox). */
  reader: string;
  /** The path of the post published and then withdrawn (it answers 410). */
  withdrawnPath: string;
}

/** What test/e2e/global-setup.ts provides to the files of the e2e project. */
export interface E2eContext {
  /** The address of the run's coordinator (GET /template, GET /shared). */
  coordinator: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    bantinE2e: E2eContext;
  }
}

/**
 * Every npm start of this process not yet stopped: stopped when the process exits, whatever happened
 * (a hook that timed out while npm start was coming up, an afterAll that never ran), so that no
 * server outlives its test file.
 */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGTERM");
});

/** How long npm start may take to print its banner: about 10 s on a quiet machine, far more on a busy one. */
export const START_TIMEOUT_MS = 240_000;

/**
 * Ports below the kernel's ephemeral range (32768–60999 on Linux), where no outgoing connection takes
 * one between our check and the server's bind, split in slices: one for each vitest worker slot
 * (VITEST_POOL_ID) and one for the rest (vitest's own process, scripts). Files run side by side
 * never pick the same port: each takes the next free one of its slice.
 */
const PORTS_FROM = 10_000;
const SLICE = 1_000;
const SLICES = 22;
const slice = (() => {
  const pool = Number(process.env.VITEST_POOL_ID);
  return Number.isInteger(pool) && pool > 0 ? 1 + ((pool - 1) % (SLICES - 1)) : 0;
})();
let nextPort = Math.floor(Math.random() * SLICE);

/** True when nothing listens on 127.0.0.1:port. */
export function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 that nothing listens on, and that no other test file of the run is handed. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < SLICE; tries++) {
    const port = PORTS_FROM + slice * SLICE + (nextPort++ % SLICE);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${PORTS_FROM + slice * SLICE}–${PORTS_FROM + (slice + 1) * SLICE - 1}`);
}

/** The run's coordinator, when running under vitest's e2e project (plain node scripts have none). */
async function coordinator(): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import("vitest");
  return inject("bantinE2e")?.coordinator;
}

/** Asks the coordinator for something it makes once per run, and waits until it is made. */
async function ask<T>(what: "template" | "shared" | `spare/${number}`): Promise<T | undefined> {
  const base = await coordinator();
  if (!base) return undefined;
  for (;;) {
    const res = await fetch(`${base}/${what}`);
    const body = (await res.json()) as { error?: string } & T;
    if (res.status === 200) return body;
    if (res.status !== 202) throw new Error(`the run's ${what} could not be made:\n${body.error}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A copy of the run's migrated state folder (global-setup.ts), in a new folder of the caller's. */
export async function migratedStateDir(): Promise<string> {
  const template = await ask<{ dir: string }>("template");
  if (!template) throw new Error("migratedStateDir() works under the e2e project of vitest.config.ts only");
  const dir = mkdtempSync(path.join(tmpdir(), "bantin-e2e-migrated-"));
  cpSync(template.dir, dir, { recursive: true });
  return dir;
}

/** The shared, read-only server of this run. Read the rule at the top of this file first. */
export async function sharedServer(): Promise<SharedServer> {
  const shared = await ask<SharedServer>("shared");
  if (!shared) throw new Error("sharedServer() works under the e2e project of vitest.config.ts only");
  return shared;
}

/**
 * One of the run's spare servers (global-setup.ts), or undefined when there is none left: npm start
 * with the default settings, started by the coordinator for this file alone.
 */
async function spareServer(): Promise<LocalServer | undefined> {
  const base = await coordinator();
  if (!base) return undefined;
  const res = await fetch(`${base}/spare`, { method: "POST" });
  if (res.status !== 200) return undefined;
  const { id } = (await res.json()) as { id: number };
  const spare = await ask<Omit<LocalServer, "output" | "stop" | "killAll"> & { output: string }>(`spare/${id}`);
  if (!spare) return undefined;
  return {
    ...spare,
    output: () => spare.output,
    stop: async () => {
      const stopped = await fetch(`${base}/spare/${id}/stop`, { method: "POST" });
      return ((await stopped.json()) as { code: number | null }).code;
    },
    killAll: async () => {
      throw new Error("killAll needs { detached: true }");
    },
  };
}

/**
 * Runs the start script until its banner says the site is up. A start refused because a port it was
 * handed turned out to be in use is tried again on other ports (twice at most): `bindable` checks a
 * port seconds before workerd binds it, and binds with Node's options, not workerd's. A caller that
 * sets PORT itself gets the refusal.
 */
export async function startServer(
  extraEnv: Record<string, string> = {},
  options: StartOptions = {},
): Promise<LocalServer> {
  // The defaults and no options: a spare server of the run is this same npm start, already up.
  if (Object.keys(extraEnv).length === 0 && Object.keys(options).length === 0) {
    const spare = await spareServer();
    if (spare) return spare;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(extraEnv, options);
    } catch (error) {
      const retry = attempt < 3 && !extraEnv.PORT && String(error).includes("Address already in use");
      if (!retry) throw error;
    }
  }
}

async function startOnce(extraEnv: Record<string, string>, options: StartOptions): Promise<LocalServer> {
  const port = await freePort();
  const stateDir = options.stateDir ?? mkdtempSync(path.join(tmpdir(), "bantin-e2e-"));
  if (!options.unmigrated && readdirSync(stateDir).length === 0) {
    const template = await ask<{ dir: string }>("template");
    if (template) cpSync(template.dir, stateDir, { recursive: true });
  }
  // The token it runs with: the caller's, or the tests' own (an empty ADMIN_TOKEN: npm start's development token).
  const adminToken = extraEnv.ADMIN_TOKEN || E2E_ADMIN_TOKEN;
  const inbox = extraEnv.SMTP_URL ? null : { smtp: await freePort(), web: await freePort() };
  const inboxEnv: Record<string, string> = inbox
    ? { MAILDEV_SMTP_PORT: String(inbox.smtp), MAILDEV_WEB_PORT: String(inbox.web) }
    : {};
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      SMTP_URL: "",
      PORT: String(port),
      // The tests' site is 127.0.0.1 unless the caller chooses: an empty SITE_URL is npm start's own
      // default (http://localhost:PORT).
      SITE_URL: `http://127.0.0.1:${port}`,
      // Its own debugger port: wrangler dev would pick the first free one from 9229, the same one for
      // two servers starting at once, and the second would fail.
      INSPECTOR_PORT: String(await freePort()),
      BANTIN_STATE_DIR: stateDir,
      ADMIN_TOKEN: adminToken,
      ...inboxEnv,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const removeState = () => {
    if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
  };
  /** Stops npm start as Ctrl+C does, then for good if it has not stopped within 20 s (it stops its own children within 5). */
  const stop = async () => {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    const code = await exited;
    clearTimeout(timer);
    removeState();
    return code;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const check = setInterval(() => {
        if (output.includes("Stop with Ctrl+C")) {
          clearInterval(check);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(check);
          reject(new Error(`npm start exited with ${child.exitCode}:\n${output}`));
        } else if (Date.now() - started > START_TIMEOUT_MS) {
          clearInterval(check);
          reject(new Error(`npm start did not come up within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
        }
      }, 100);
    });
  } catch (error) {
    // Nothing may outlive a start that failed: it would hold its ports and load the machine.
    if (child.exitCode === null) await stop();
    else removeState();
    throw error;
  }
  return {
    url: extraEnv.SITE_URL === "" ? `http://localhost:${port}` : `http://127.0.0.1:${port}`,
    inboxUrl: inbox ? `http://127.0.0.1:${inbox.web}` : null,
    adminToken,
    stateDir,
    pid: child.pid ?? 0,
    output: () => output,
    stop,
    killAll: async (signal) => {
      if (!options.detached || child.pid === undefined) throw new Error("killAll needs { detached: true }");
      process.kill(-child.pid, signal);
      await exited;
    },
  };
}
