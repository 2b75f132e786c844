import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { readPosts } from "./scripts/content.mjs";
import { LongestFirst } from "./test/sequencer.ts";
import { TEST_ADMIN_TOKEN } from "./test/tokens.ts";

/**
 * wrangler.toml without its queue consumers, for the workers project, written beside it (its relative
 * paths stay right). The tests hand batches to queue() themselves (test/workers/harness.ts); a
 * consumer left in the runtime would take what a test sent to a real queue and handle it a moment
 * later in the background, in whichever test file runs then, against that file's data.
 */
async function configWithoutQueueConsumers(): Promise<string> {
  let consumer = false;
  const kept = (await readFile("./wrangler.toml", "utf8")).split("\n").filter((line) => {
    if (/^\s*\[/.test(line)) consumer = line.trim() === "[[queues.consumers]]";
    return !consumer;
  });
  const file = "./wrangler.vitest.toml";
  // Written whole under another name, then renamed: two runs at once never read half a file.
  const partial = `${file}.${process.pid}`;
  await writeFile(partial, `# Made by vitest.config.ts from wrangler.toml: do not edit.\n${kept.join("\n")}`);
  await rename(partial, file);
  return file;
}

// V8's compiled code of the Node programs the tests start (vitest's workers, and npm start's wrangler,
// MailDev and start script, some thirty times a run), kept on disk between their starts (Node's
// compile cache): the same programs doing the same, each compiling less at its start (about 0.5 s of
// the 8 s of CPU an npm start takes here). Inherited by every process the run starts.
process.env.NODE_COMPILE_CACHE ??= path.resolve("node_modules/.cache/node-compile-cache");

/** How many workers files run at once (one workerd each). */
const WORKERS_FILES_AT_ONCE = Number(process.env.WORKERS_FILES_AT_ONCE || 2);

/** How many e2e files run at once (each starts npm start or Chromium; the machine has 2 cores). */
const E2E_FILES_AT_ONCE = Number(process.env.E2E_FILES_AT_ONCE || 4);

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  const posts = await readPosts("./content/posts");
  const seed = await readFile("./test/fixtures/seed-report.txt", "utf8");
  const workerConfig = await configWithoutQueueConsumers();
  return {
    test: {
      sequence: { sequencer: LongestFirst },
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: workerConfig },
              miniflare: {
                // A second, empty database: the migrations test upgrades it from rows stored before 0006.
                d1Databases: ["MIGRATION_TEST_DB"],
                bindings: {
                  SITE_URL: "https://bantin.example",
                  ADMIN_TOKEN: TEST_ADMIN_TOKEN,
                  TOKEN_SECRET: "test-token-secret",
                  TEST_MIGRATIONS: migrations,
                  TEST_POSTS: JSON.parse(JSON.stringify(posts)),
                  TEST_SEED: seed,
                },
              },
            }),
          ],
          // As wrangler.toml [alias] bundles the Worker: React Email's components render through Preact.
          // Only these names: @react-email/components re-exports @react-email/render, whose import of
          // react-dom/server.edge (never called) must still resolve.
          resolve: {
            alias: [
              { find: /^react$/, replacement: "preact/compat" },
              { find: /^react\/jsx-(dev-)?runtime$/, replacement: "preact/jsx-runtime" },
              { find: /^react-dom$/, replacement: "preact/compat" },
              // As wrangler.toml [alias]: no XML parser in the Worker.
              { find: /^xml-js$/, replacement: "./src/stubs/xml-js.cjs" },
            ],
          },
          test: {
            name: "workers",
            include: ["test/unit/**/*.test.ts", "test/workers/**/*.test.ts"],
            setupFiles: ["./test/setup.ts"],
            // Photos for the media tests, made in Node with sharp (test/fixtures/media.ts).
            globalSetup: [
              "./test/fixtures/media.ts",
              "./test/fixtures/smtp-relay.ts",
              "./test/fixtures/postmark-api.ts",
            ],
            // Each workerd runs file after file: starting workerd once instead of once per file saves
            // most of this project's time. Two of them side by side, one per core (each has its own
            // databases; each file still starts from fresh modules and empty ones, test/setup.ts).
            isolate: false,
            maxWorkers: WORKERS_FILES_AT_ONCE,
            // Before the e2e files (vitest runs one group after the other): a project's files run
            // side by side only with files of projects with the same maxWorkers.
            sequence: { groupOrder: 0 },
            // The first test of a run loads the Worker's modules into workerd.
            testTimeout: 30_000,
          },
        },
        {
          test: {
            name: "bench",
            environment: "node",
            include: [],
            benchmark: { include: ["test/bench/**/*.bench.ts"] },
          },
        },
        {
          test: {
            name: "e2e",
            environment: "node",
            include: ["test/e2e/**/*.test.ts"],
            // The migrated state folder each npm start begins with, and the shared read-only server
            // (test/e2e/server.ts says which files may use it).
            globalSetup: ["./test/e2e/global-setup.ts"],
            // Files side by side: most of an end-to-end test is waiting (for npm start, for a queue,
            // for a relay that answers late), and each file has its own ports and state folder.
            maxWorkers: E2E_FILES_AT_ONCE,
            sequence: { groupOrder: 1 },
            // On a machine busy with other work, npm start alone can take minutes to come up (a test
            // that waits for an email or a queue returns as soon as it arrives: these are only limits).
            testTimeout: 300_000,
            hookTimeout: 420_000,
            // expect.poll gives up after 1 s by default: too soon for a page or an iframe to load on a
            // busy machine.
            expect: { poll: { timeout: 30_000 } },
          },
        },
      ],
    },
  };
});
