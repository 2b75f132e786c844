// What `npm start` leaves on the machine: its settings file (ADMIN_TOKEN, TOKEN_SECRET, SMTP_URL)
// lives in the state folder, private, rewritten at each start, and nothing lands in the temporary
// folder even when npm start is killed with SIGKILL; a start that fails leaves no process behind.
// Expected duration: 55 s (test/sequencer.ts starts the longest files first).
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bindable, freePort, type LocalServer, type StartOptions, startServer } from "./server.ts";

const made: string[] = [];
const started: LocalServer[] = [];
const start = async (env: Record<string, string>, options: StartOptions) => {
  const server = await startServer(env, options);
  started.push(server);
  return server;
};
const fresh = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};

/** Every file under `dir` whose content contains `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (readFileSync(file).includes(needle)) found.push(file);
  }
  return found;
}

afterAll(async () => {
  // A failed assertion must not leave a server running: each runs in its own process group.
  for (const server of started) await server.killAll("SIGKILL").catch(() => {});
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("npm start's settings file", () => {
  it("is kept in the state folder with mode 0600, survives SIGKILL there only, and is rewritten at the next start", async () => {
    const stateDir = fresh("bantin-e2e-state-");
    const temp = fresh("bantin-e2e-tmp-");
    const secret = `e2e-secret-long-enough-for-admin-${Date.now()}`;
    const env = { TMPDIR: temp, ADMIN_TOKEN: secret };
    const envFile = path.join(stateDir, "bantin-dev.env");

    const first = await start(env, { stateDir, detached: true });
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(envFile, "utf8")).toContain(`ADMIN_TOKEN="${secret}"`);
    expect(filesContaining(temp, secret)).toEqual([]);
    // npm start, wrangler, workerd and MailDev all killed at once, with no chance to clean up.
    await first.killAll("SIGKILL");
    await new Promise((r) => setTimeout(r, 500));
    expect((await fetch(first.url).catch(() => null))?.status).toBeUndefined();
    expect(filesContaining(temp, secret)).toEqual([]);
    expect(filesContaining(stateDir, secret)).toEqual([envFile]);

    // Whatever happened to the file meanwhile, the next start writes it afresh and private.
    chmodSync(envFile, 0o644);
    writeFileSync(envFile, 'ADMIN_TOKEN="stale"\n');
    const second = await start({ TMPDIR: temp, ADMIN_TOKEN: `${secret}-2` }, { stateDir, detached: true });
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const written = readFileSync(envFile, "utf8");
    expect(written).toContain(`ADMIN_TOKEN="${secret}-2"`);
    expect(written).not.toContain("stale");
    const admin = await fetch(`${second.url}/admin/subscribers/nobody@example.org`, {
      headers: { Authorization: `Bearer ${secret}-2` },
    });
    expect(admin.status).toBe(404);
    // A normal stop (Ctrl+C) removes it.
    expect(await second.stop()).toBe(0);
    expect(filesContaining(stateDir, secret)).toEqual([]);
    expect(filesContaining(temp, secret)).toEqual([]);
  });
});

describe("npm start that cannot start", () => {
  it("leaves nothing running: with its port taken, it says so and exits, and MailDev is gone too", async () => {
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, "127.0.0.1", resolve));
    const [smtp, web] = [await freePort(), await freePort()];
    try {
      const outcome = await startServer(
        { PORT: String(port), MAILDEV_SMTP_PORT: String(smtp), MAILDEV_WEB_PORT: String(web) },
        { stateDir: fresh("bantin-e2e-port-taken-") },
      ).then(
        async (server) => `started (${await server.stop()})`,
        (error: Error) => error.message,
      );
      expect(outcome).toMatch(/exited with 1/);
      expect(outcome).toMatch(/Address already in use/);
      // MailDev had started before wrangler dev failed; it stops with npm start.
      await expect.poll(async () => (await bindable(smtp)) && (await bindable(web)), { timeout: 20_000 }).toBe(true);
    } finally {
      taken.close();
    }
  });
});
