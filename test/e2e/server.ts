// Starts `npm start` (scripts/start.mjs) on a free port with its own state folder, as a user would.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs the start script until its banner says the site is up. */
export async function startServer(
  extraEnv: Record<string, string> = {},
  options: StartOptions = {},
): Promise<LocalServer> {
  const port = await freePort();
  const stateDir = options.stateDir ?? mkdtempSync(path.join(tmpdir(), "bantin-e2e-"));
  const adminToken = E2E_ADMIN_TOKEN;
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
      BANTIN_STATE_DIR: stateDir,
      ADMIN_TOKEN: adminToken,
      ...inboxEnv,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 100_000);
    const check = setInterval(() => {
      if (output.includes("Stop with Ctrl+C")) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${child.exitCode}:\n${output}`));
      }
    }, 100);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    inboxUrl: inbox ? `http://127.0.0.1:${inbox.web}` : null,
    adminToken,
    stateDir,
    pid: child.pid ?? 0,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      const code = await exited;
      if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
      return code;
    },
    killAll: async (signal) => {
      if (!options.detached || child.pid === undefined) throw new Error("killAll needs { detached: true }");
      process.kill(-child.pid, signal);
      await exited;
    },
  };
}
