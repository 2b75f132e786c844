// The Worker as `wrangler deploy` would upload it: within the size budget (parsed on every cold
// start), and without the modules bantin keeps out on purpose (see wrangler.toml [alias] and
// src/mail/render.ts).
// Expected duration: 15 s (test/sequencer.ts starts the longest files first).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";

/** wrangler's "Total Upload … gzip" figure must stay at or under this. */
const BUDGET_GZIP_BYTES = 250 * 1024;

const outdir = mkdtempSync(path.join(tmpdir(), "bantin-bundle-"));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("the deployed bundle", () => {
  it("stays within 250 KiB gzip, without html-to-text, Prettier, React, react-dom or an XML parser", async () => {
    const wrangler = path.resolve("node_modules/wrangler/bin/wrangler.js");
    // As `npm run deploy` runs it: wrangler builds for NODE_ENV, which vitest sets to "test".
    const { NODE_ENV: _, ...env } = process.env;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [wrangler, "deploy", "--dry-run", "--outdir", outdir],
      { env: { ...env, CI: "1", WRANGLER_SEND_METRICS: "false" }, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(stdout).toMatch(/Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB/);
    const code = readFileSync(path.join(outdir, "index.js"));
    const gzip = gzipSync(code).length;
    expect(gzip, `${(gzip / 1024).toFixed(1)} KiB gzip`).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);

    const { sources } = JSON.parse(readFileSync(path.join(outdir, "index.js.map"), "utf8")) as { sources: string[] };
    const unwanted = sources.filter((s) =>
      /html-to-text|htmlparser2|\/entities\/|selderee|parseley|html5parser|prettier\/|node_modules\/react(-dom)?\/|node_modules\/sax\/|xml-js\/lib\/xml2js|\.development\.js/.test(
        s,
      ),
    );
    expect(unwanted).toEqual([]);
  });
});
