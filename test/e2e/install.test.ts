// The first `npm install`, as a newcomer runs it with the machine's own npm and Node (20 here, older
// than some dependencies ask): quiet, one line saying which Node the project runs on, and real
// errors still shown. Cheap: a dry run from the lockfile in a scratch folder (npm still runs the
// project's own postinstall script on a dry run), against the repository's package.json, lockfile,
// .npmrc and the script.
// Expected duration: 15 s (test/sequencer.ts starts the longest files first).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runToEnd } from "./consumers.ts";

const root = path.resolve(import.meta.dirname, "../..");
const made: string[] = [];

/** A scratch copy of what `npm install` reads from the repository (no node_modules: a first run). */
function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "bantin-install-"));
  made.push(dir);
  mkdirSync(path.join(dir, "scripts"));
  for (const file of ["package.json", "package-lock.json", ".npmrc", "scripts/installed.mjs"]) {
    if (existsSync(path.join(root, file))) copyFileSync(path.join(root, file), path.join(dir, file));
  }
  return dir;
}

/** The machine's npm, on the machine's Node: PATH without the project's node_modules/.bin (its Node 24). */
async function machineNpm(cwd: string, args: string[]): Promise<{ status: number | null; output: string }> {
  const PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((p) => !p.includes(`node_modules${path.sep}.bin`))
    .join(path.delimiter);
  // Nothing of the npm that may be running this test (npm test sets npm_config_local_prefix, say).
  const inherited = Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name));
  const env = { ...Object.fromEntries(inherited), PATH } as unknown as NodeJS.ProcessEnv;
  const ended = await runToEnd("npm", args, { cwd, env, timeout: 240_000 });
  return { status: ended.status, output: `${ended.stdout}${ended.stderr}` };
}

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("the first npm install", () => {
  it("prints no warnings, and one line on the Node that comes with the project", async () => {
    const { status, output } = await machineNpm(scratch(), [
      "install",
      "--dry-run",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
    ]);
    expect(status, output).toBe(0);
    expect(output).not.toContain("EBADENGINE");
    expect(output).not.toMatch(/npm warn/i);
    const lines = output.split("\n").filter((l) => l.startsWith("bantin: "));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^bantin: Node 24\.[0-9.]+ comes with the project and runs npm start, npm test and every npm script/,
    );
  });

  it("leaves package-lock.json as committed (a newcomer's clone stays clean)", async () => {
    const dir = scratch();
    const { status, output } = await machineNpm(dir, [
      "install",
      "--package-lock-only",
      "--prefer-offline",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
    ]);
    expect(status, output).toBe(0);
    expect(readFileSync(path.join(dir, "package-lock.json"), "utf8")).toBe(
      readFileSync(path.join(root, "package-lock.json"), "utf8"),
    );
  });

  it("still shows real errors: npm ci with a lockfile out of step fails, saying why", async () => {
    const dir = scratch();
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    pkg.dependencies.zod = "^3.0.0";
    writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
    const { status, output } = await machineNpm(dir, [
      "ci",
      "--dry-run",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
    ]);
    expect(status).not.toBe(0);
    expect(output).toContain("npm error");
    expect(output).toContain("can only install packages when your package.json and package-lock.json");
  });
});
