// Once per run of the e2e project (vitest.config.ts), in vitest's own process: a small HTTP
// coordinator on loopback that the test files (in their own processes) ask, through server.ts, for
// what is made once per run:
//   GET /template  a state folder with every migration applied, which startServer() copies into a
//                  new server's empty folder (made when a file first asks);
//   GET /shared    the shared, read-only server (server.ts says which files may use it), started and
//                  prepared when a file first asks, and stopped at the end of the run.
// Each answers 202 until it is ready, then 200 with it (or 500 with what went wrong); the files ask
// again until then, however long that takes on a busy machine.
//   POST /spare    one of the spare servers of a whole run: npm start with the default settings on a
//                  copy of the migrated folder, started while the workers project runs (on the core
//                  it leaves idle) and handed to one file's startServer() with no settings and no
//                  options, as if that file had started it (its own server, its own inbox; nobody
//                  else gets it). 200 {id}, or 204 when none is left. Then GET /spare/ID as above,
//                  and POST /spare/ID/stop stops it and removes its folder.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { receiveDigestOne } from "./inbox.ts";
import { freePort, type LocalServer, type SharedServer, startServer } from "./server.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
/**
 * How many spare servers a whole run starts: one for each file that calls startServer() with the
 * defaults (seven: aggregators, console, console-contrast, console-editor, console-markup,
 * corrections, photos). Each costs about 6 s of CPU, made while the workers project keeps one core
 * busy and the other mostly idle, rather than while the e2e files compete for both.
 */
const SPARES = Number(process.env.E2E_SPARE_SERVERS ?? 7);
const READER = "ban.doc.chung@example.org";
const WITHDRAWN_SLUG = "bai-da-go";

/** A state folder with every migration applied, as `npm start` applies them on a first start. */
async function migratedTemplate(dir: string): Promise<{ dir: string }> {
  await promisify(execFile)(
    process.execPath,
    [
      path.join(ROOT, "node_modules/wrangler/bin/wrangler.js"),
      ...["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir],
    ],
    { cwd: ROOT, env: { ...process.env, CI: "true" }, maxBuffer: 16 * 1024 * 1024 },
  );
  return { dir };
}

/** Publishes a post and withdraws it, for its 410 page; returns its path. */
async function withdrawnPost(server: LocalServer): Promise<string> {
  const auth = { Authorization: `Bearer ${server.adminToken}` };
  const created = await fetch(`${server.url}/admin/posts`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify({
      title: "Bài đã gỡ",
      slug: WITHDRAWN_SLUG,
      author: "Phương Dung",
      published: "2021-07-01T09:00:00+07:00",
      markdown: "Nội dung.",
    }),
  });
  if (created.status !== 201) throw new Error(`POST /admin/posts: ${created.status} ${await created.text()}`);
  const deleted = await fetch(`${server.url}/admin/posts/${WITHDRAWN_SLUG}`, { method: "DELETE", headers: auth });
  if (deleted.status !== 200) throw new Error(`DELETE /admin/posts/${WITHDRAWN_SLUG}: ${deleted.status}`);
  return `/posts/${WITHDRAWN_SLUG}`;
}

/** npm start from an empty folder with the default settings, then everything shared files may read. */
async function startShared(started: (server: LocalServer) => void): Promise<SharedServer> {
  const server = await startServer({}, { unmigrated: true });
  started(server);
  const output = server.output();
  await receiveDigestOne(server, READER);
  const withdrawnPath = await withdrawnPost(server);
  if (!server.inboxUrl) throw new Error("the shared server runs without its MailDev inbox");
  return {
    url: server.url,
    inboxUrl: server.inboxUrl,
    adminToken: server.adminToken,
    output,
    reader: READER,
    withdrawnPath,
  };
}

/** A spare server: being started, then ready; handed to one file at most. */
interface Spare {
  pending: Promise<LocalServer>;
  server?: LocalServer;
  error?: Error;
  claimed: boolean;
  stopped?: Promise<number | null>;
}

/** npm start with the default settings on a copy of the migrated folder, as startServer() would make it. */
async function startSpare(template: Promise<unknown>): Promise<LocalServer> {
  const { dir } = (await template) as { dir: string };
  const stateDir = mkdtempSync(path.join(tmpdir(), "bantin-e2e-spare-"));
  cpSync(dir, stateDir, { recursive: true });
  try {
    return await startServer({}, { stateDir });
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
}

/** Stops a spare and removes its folder (startServer keeps a folder it was given). */
async function stopSpare(server: LocalServer): Promise<number | null> {
  const code = await server.stop();
  rmSync(server.stateDir, { recursive: true, force: true });
  return code;
}

export default async function setup(project: TestProject) {
  const templateDir = mkdtempSync(path.join(tmpdir(), "bantin-e2e-template-"));
  let server: LocalServer | undefined;
  const spares: Spare[] = [];
  const makers: Record<string, () => Promise<unknown>> = {
    "/template": () => migratedTemplate(templateDir),
    "/shared": () =>
      startShared((s) => {
        server = s;
      }),
  };
  /** What was asked for, made once: pending until it settles, then its value or its error. */
  const made = new Map<string, { pending: Promise<unknown>; value?: unknown; error?: Error }>();
  function once(what: string) {
    let state = made.get(what);
    const make = makers[what];
    if (!state && make) {
      const entry: { pending: Promise<unknown>; value?: unknown; error?: Error } = { pending: make() };
      entry.pending.then(
        (value) => Object.assign(entry, { value }),
        (error: Error) => Object.assign(entry, { error }),
      );
      made.set(what, entry);
      state = entry;
    }
    return state;
  }

  /** Starts the spares one after the other, after the template and the shared server. */
  function makeSpares(count: number, after: Promise<unknown>) {
    let previous = after.catch(() => undefined);
    for (let i = 0; i < count; i++) {
      const spare: Spare = {
        pending: previous.then(() =>
          startSpare(once("/template")?.pending ?? Promise.reject(new Error("no template"))),
        ),
        claimed: false,
      };
      spare.pending.then(
        (s) => Object.assign(spare, { server: s }),
        (error: Error) => Object.assign(spare, { error }),
      );
      spares.push(spare);
      previous = spare.pending.catch(() => undefined);
    }
  }

  /** POST /spare, GET /spare/ID and POST /spare/ID/stop (see the top of this file). */
  async function spareRoute(method: string, url: string): Promise<[number, unknown]> {
    if (method === "POST" && url === "/spare") {
      const id = spares.findIndex((s) => !s.claimed && !s.error);
      if (id < 0) return [204, null];
      const spare = spares[id] as Spare;
      spare.claimed = true;
      return [200, { id }];
    }
    const match = /^\/spare\/(\d+)(\/stop)?$/.exec(url);
    const spare = match ? spares[Number(match[1])] : undefined;
    if (!match || !spare?.claimed) return [404, { error: `nothing at ${url}` }];
    if (spare.error) return [500, { error: spare.error.stack }];
    if (!spare.server) return [202, { pending: true }];
    if (match[2] && method === "POST") {
      spare.stopped ??= stopSpare(spare.server);
      return [200, { code: await spare.stopped }];
    }
    const s = spare.server;
    return [
      200,
      {
        url: s.url,
        inboxUrl: s.inboxUrl,
        adminToken: s.adminToken,
        stateDir: s.stateDir,
        pid: s.pid,
        output: s.output(),
      },
    ];
  }

  const coordinator = createServer(async (req, res) => {
    if ((req.url ?? "").startsWith("/spare")) {
      const [status, body] = await spareRoute(req.method ?? "GET", req.url ?? "").catch(
        (error: Error): [number, unknown] => [500, { error: error.stack }],
      );
      res
        .writeHead(status, { "Content-Type": "application/json" })
        .end(status === 204 ? undefined : JSON.stringify(body));
      return;
    }
    const state = once(req.url ?? "");
    const [status, body] = !state
      ? [404, { error: `nothing at ${req.url}` }]
      : state.error
        ? [500, { error: state.error.stack }]
        : "value" in state
          ? [200, state.value]
          : [202, { pending: true }];
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => coordinator.listen(port, "127.0.0.1", resolve));
  project.provide("bantinE2e", { coordinator: `http://127.0.0.1:${port}` });
  // In a whole run (npm test), the workers project runs first, one file at a time on one core: the
  // template, the shared server and the spare servers are made meanwhile on the other, rather than
  // when the first e2e file asks. A run of e2e files alone makes the first two when asked, so a file
  // that needs neither does not wait for them, and has no spares.
  if (project.vitest.projects.some((p) => p.name === "workers")) {
    once("/template");
    makeSpares(SPARES, once("/shared")?.pending ?? Promise.resolve());
  }

  return async () => {
    await new Promise((resolve) => coordinator.close(resolve));
    for (const state of made.values()) await state.pending.catch(() => {});
    await server?.stop();
    for (const spare of spares) {
      const started = await spare.pending.catch(() => undefined);
      if (started) await (spare.stopped ?? stopSpare(started));
    }
    rmSync(templateDir, { recursive: true, force: true });
  };
}
