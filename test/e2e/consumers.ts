// The programs nobody on this project wrote that end-to-end tests use as real consumers: Debian's
// Universal Feed Parser, xmllint, newsboat and Chromium. A machine without them (a laptop, say)
// skips the tests that need them and says so loudly, with the one command that installs them all;
// `.ci/run` installs them and fails when any test was skipped, so CI never loses these tests.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";

export type Consumer = "feedparser" | "xmllint" | "newsboat" | "chromium";

/** How a program ended, and what it printed (stdout, then stderr). */
export interface Ended {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
}

type RunOptions = { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string; timeout?: number };

/**
 * Runs a program to its end without blocking this process, whatever its exit status. Tests must not
 * run programs with execFileSync and the like: a blocked event loop keeps fetch from noticing that
 * npm start's workerd closed an idle connection (after 15 s, which a program run on a busy machine
 * can take), and the next fetch fails with "other side closed".
 */
export function runToEnd(command: string, args: string[], options: RunOptions = {}): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, timeout: options.timeout });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    child.once("error", reject);
    child.once("close", (status, signal) =>
      resolve({ status, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }),
    );
    child.stdin.end(options.input);
  });
}

/** Runs a program as runToEnd does, and resolves with what it printed (it rejects when the program fails). */
export async function run(command: string, args: string[], options: RunOptions = {}): Promise<Buffer> {
  const { status, signal, stdout, stderr } = await runToEnd(command, args, options);
  if (status === 0) return stdout;
  const why = signal ? `was killed (${signal})` : `exited with ${status}`;
  throw new Error(`${command} ${why}:\n${stderr.toString("utf8")}${stdout.toString("utf8")}`);
}

/** Debian's Python, for which Debian's python3-feedparser is installed. */
export const PYTHON = "/usr/bin/python3";

/** Where a command is on PATH, if it is. */
function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

/**
 * Debian's Chromium, for playwright-core's executablePath: its headless shell
 * (chromium-headless-shell, what Playwright itself runs for a headless Chromium: the same Blink and
 * Skia, built without the browser's windows, GPU process and services) when it is installed, else
 * the browser (chromium), which measures the same (the console's 85 contrast measurements in light,
 * dark and forced dark came out identical in both) but took more than twice its CPU in `npm test`.
 */
export const CHROMIUM: string | undefined = onPath("chromium-headless-shell") ?? onPath("chromium");

export const INSTALL_COMMAND =
  "sudo apt-get install -y python3-feedparser libxml2-utils newsboat chromium-headless-shell fonts-noto-core";

const runs = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { stdio: "ignore", timeout: 30_000 });
  return result.error === undefined && result.status === 0;
};

const CHECKS: Record<Consumer, () => boolean> = {
  feedparser: () => runs(PYTHON, ["-c", "import feedparser"]),
  xmllint: () => runs("xmllint", ["--version"]),
  newsboat: () => runs("newsboat", ["--version"]),
  chromium: () => CHROMIUM !== undefined && runs(CHROMIUM, ["--version"]),
};

let missing: Consumer[] | undefined;

/** The consumers this machine lacks, looked up once; announced loudly when there are any. */
function missingConsumers(): Consumer[] {
  if (missing === undefined) {
    missing = (Object.keys(CHECKS) as Consumer[]).filter((name) => !CHECKS[name]());
    if (missing.length > 0) {
      console.warn(
        `\n⚠ SKIPPED: the tests that need ${missing.join(", ")} (not on this machine). Install them with:\n` +
          `    ${INSTALL_COMMAND}\n`,
      );
    }
  }
  return missing;
}

/** True when this machine lacks any of `needed`: for `it.skipIf(lacks(…))` and `describe.skipIf`. */
export function lacks(...needed: Consumer[]): boolean {
  const absent = missingConsumers();
  return needed.some((name) => absent.includes(name));
}
