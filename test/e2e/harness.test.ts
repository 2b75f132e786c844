// Rules the end-to-end tests keep so that they pass on a busy machine as on a quiet one.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const HERE = import.meta.dirname;

describe("the end-to-end tests", () => {
  it("run programs without blocking, so that fetch never reuses a connection npm start closed meanwhile", () => {
    // workerd closes an idle connection after 15 s. A test blocked that long in execFileSync (a
    // `wrangler d1 execute` or newsboat on a busy machine) cannot see the close, and its next fetch
    // fails with "other side closed". consumers.ts's run() waits without blocking; the one
    // synchronous call left, consumers.ts's check for installed programs, runs while files are
    // collected, before any connection exists.
    const blocking = readdirSync(HERE, { recursive: true, encoding: "utf8" })
      .filter((file) => /\.(ts|js|mjs)$/.test(file) && file !== "consumers.ts" && file !== "harness.test.ts")
      .flatMap((file) =>
        readFileSync(path.join(HERE, file), "utf8")
          .split("\n")
          .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
          .filter(({ line }) => /\b(execFileSync|execSync|spawnSync)\(/.test(line)),
      )
      .map(({ where, line }) => `${where}: ${line.trim()}`);
    expect(blocking).toEqual([]);
  });
});
