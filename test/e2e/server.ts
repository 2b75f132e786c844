// Starts `npm start` (scripts/start.mjs) on a free port with its own state folder, as a user would.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export interface LocalServer {
  url: string;
  /** MailDev's web/API address when npm start runs its own inbox. */
  inboxUrl: string | null;
  adminToken: string;
  /** The local data folder (D1) of this server. */
  stateDir: string;
  output: () => string;
  stop: () => Promise<number | null>;
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
export async function startServer(extraEnv: Record<string, string> = {}): Promise<LocalServer> {
  const port = await freePort();
  const stateDir = mkdtempSync(path.join(tmpdir(), "bantin-e2e-"));
  const adminToken = "e2e-admin-token";
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
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      const code = await exited;
      rmSync(stateDir, { recursive: true, force: true });
      return code;
    },
  };
}
