// The WebSub hub against real subscribers: a Node HTTP server on loopback plays several subscribers
// (one per callback path), and `npm start` (which allows loopback callbacks) is the hub and publisher.
// Expected duration: 55 s (test/sequencer.ts starts the longest files first).
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type LocalServer, startServer } from "./server.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

interface Push {
  headers: IncomingMessage["headers"];
  body: Buffer;
}

interface Subscriber {
  /** How it answers a verification GET: echo the challenge, or say something else. */
  verify: "echo" | "wrong";
  /** Statuses to answer deliveries with, in turn (then 204). */
  answers: number[];
  verifications: URLSearchParams[];
  pushes: Push[];
}

const subscribers = new Map<string, Subscriber>();
let callbackServer: Server;
let callbackBase = "";
let server: LocalServer;

function subscriber(name: string, verify: "echo" | "wrong" = "echo", answers: number[] = []): string {
  subscribers.set(name, { verify, answers, verifications: [], pushes: [] });
  return `${callbackBase}/cb/${name}?from=test`;
}
const pushesOf = (name: string) => subscribers.get(name)?.pushes ?? [];

async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 30_000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function hub(fields: Record<string, string>) {
  return fetch(`${server.url}/websub`, { method: "POST", body: new URLSearchParams(fields) });
}

async function status() {
  const res = await fetch(`${server.url}/admin/websub`, { headers: { Authorization: `Bearer ${server.adminToken}` } });
  return (await res.json()) as {
    subscriptions: { topic: string; callback: string; lease_seconds: number; signed: boolean }[];
    deliveries: {
      counts: Record<string, number>;
      latest: { callback: string; state: string; attempts: number; last_status: number | null }[];
    };
    verifications: { callback: string; mode: string; state: string; reason: string | null }[];
  };
}

async function subscribeAndWait(name: string, topic: string, extra: Record<string, string> = {}) {
  const callback = subscriber(name);
  const res = await hub({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback, ...extra });
  expect(res.status).toBe(202);
  await waitFor(`${name}'s subscription`, async () =>
    (await status()).subscriptions.some((s) => s.callback === callback && s.topic === topic),
  );
  return callback;
}

let postNumber = 0;
/** Publishes a new post through the admin API; returns its slug. */
async function publishPost(tags: string[]) {
  postNumber++;
  const res = await fetch(`${server.url}/admin/posts`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      title: `Tin đẩy số ${postNumber}`,
      author: "Phương Dung",
      published: `2021-08-${String(postNumber).padStart(2, "0")}T09:00:00+07:00`,
      tags,
      markdown: `Nội dung tin số ${postNumber}.`,
    }),
  });
  expect(res.status).toBe(201);
  return `tin-day-so-${postNumber}`;
}

beforeAll(async () => {
  callbackServer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const name = url.pathname.replace(/^\/cb\//, "");
    const sub = subscribers.get(name);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (!sub) {
        res.writeHead(404).end();
        return;
      }
      if (req.method === "GET") {
        sub.verifications.push(url.searchParams);
        const challenge = url.searchParams.get("hub.challenge") ?? "";
        res.writeHead(200, { "Content-Type": "text/plain" }).end(sub.verify === "echo" ? challenge : `${challenge}x`);
        return;
      }
      sub.pushes.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(sub.answers.shift() ?? 204).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => callbackServer.listen(port, "127.0.0.1", resolve));
  callbackBase = `http://127.0.0.1:${port}`;
  server = await startServer({ WEBSUB_RETRY_BASE_SECONDS: "1" });
});

afterAll(async () => {
  const code = await server?.stop();
  await new Promise((resolve) => callbackServer?.close(resolve));
  expect(code).toBe(0);
});

describe("WebSub, against a real subscriber on loopback", () => {
  it("verifies intent before storing anything, and stores nothing when the challenge is not echoed", async () => {
    const topic = `${server.url}/rss.xml`;
    const wrong = subscriber("wrong", "wrong");
    expect((await hub({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": wrong })).status).toBe(202);
    const refused = await waitFor("the refused verification", async () =>
      (await status()).verifications.find((v) => v.callback === wrong && v.state !== "pending"),
    );
    expect(refused).toMatchObject({ state: "refused", reason: "the callback did not echo hub.challenge" });
    expect((await status()).subscriptions.filter((s) => s.callback === wrong)).toEqual([]);

    const callback = await subscribeAndWait("reader", topic, { "hub.secret": "bí mật của người đọc" });
    const [check] = subscribers.get("reader")?.verifications ?? [];
    expect(check?.get("hub.mode")).toBe("subscribe");
    expect(check?.get("hub.topic")).toBe(topic);
    expect(check?.get("hub.lease_seconds")).toBe("864000");
    // The callback's own query is kept.
    expect(check?.get("from")).toBe("test");
    const stored = (await status()).subscriptions.find((s) => s.callback === callback);
    expect(stored).toMatchObject({ lease_seconds: 864000, signed: true });
    // Nothing is pushed on subscribing: only changes are.
    expect(pushesOf("reader")).toEqual([]);
  });

  it("pushes the new RSS document after npm run publish, once, signed over the exact bytes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bantin-publish-"));
    try {
      writeFileSync(
        path.join(dir, "tin-moi.md"),
        "---\ntitle: Tin mới về dân vận\nauthor: Phương Dung\npublished: 2021-07-30T09:00:00+07:00\ntags: [Dân vận]\n---\nNội dung tin mới.\n",
      );
      const { stdout } = await run(process.execPath, ["scripts/publish.mjs", dir], {
        cwd: ROOT,
        env: { ...process.env, SITE_URL: server.url, ADMIN_TOKEN: server.adminToken },
      });
      expect(stdout).toContain(`created   ${server.url}/posts/tin-moi-ve-dan-van  (tin-moi.md)`);
      expect(stdout).toContain("1 post: 1 created");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const [push] = await waitFor("the push", () => pushesOf("reader").length > 0 && pushesOf("reader"));
    const served = await fetch(`${server.url}/rss.xml`, { headers: { "Accept-Encoding": "identity" } });
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(push?.body.equals(bytes)).toBe(true);
    expect(push?.body.toString("utf8")).toContain("Tin mới về dân vận");
    expect(push?.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect(push?.headers.link).toBe(`<${server.url}/websub>; rel="hub", <${server.url}/rss.xml>; rel="self"`);
    const expected = createHmac("sha256", "bí mật của người đọc")
      .update(push?.body ?? Buffer.alloc(0))
      .digest("hex");
    expect(push?.headers["x-hub-signature"]).toBe(`sha256=${expected}`);
    // Once: nothing more arrives.
    await new Promise((r) => setTimeout(r, 1500));
    expect(pushesOf("reader")).toHaveLength(1);
  });

  it("retries after a 500, drops the subscription after a 410, and pushes a tag's feed only when it changes", async () => {
    await subscribeAndWait("flaky", `${server.url}/atom.xml`);
    subscribers.get("flaky")?.answers.push(500);
    await subscribeAndWait("leaving", `${server.url}/feed.json`);
    subscribers.get("leaving")?.answers.push(410);
    await subscribeAndWait("topic", `${server.url}/tags/dan-van/atom.xml`);

    await publishPost(["Lạng Sơn"]);
    const pushes = await waitFor("the retried push", () => pushesOf("flaky").length >= 2 && pushesOf("flaky"));
    expect(pushes[1]?.body.equals(pushes[0]?.body ?? Buffer.alloc(0))).toBe(true);
    const delivered = await waitFor("the delivery record", async () =>
      (await status()).deliveries.latest.find((d) => d.callback.includes("/cb/flaky") && d.state === "delivered"),
    );
    expect(delivered.attempts).toBe(2);
    await waitFor("the 410", () => pushesOf("leaving").length === 1);
    await waitFor("the unsubscription", async () =>
      (await status()).subscriptions.every((s) => !s.callback.includes("/cb/leaving")),
    );
    // That post has no "Dân vận" tag: its feed did not change.
    expect(pushesOf("topic")).toEqual([]);

    await publishPost(["Dân vận"]);
    const [tagPush] = await waitFor("the tag push", () => pushesOf("topic").length > 0 && pushesOf("topic"));
    expect(tagPush?.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(tagPush?.body.toString("utf8")).toContain(`Tin đẩy số ${postNumber}`);
    await waitFor("the control push", () => pushesOf("flaky").length >= 3);
    expect(pushesOf("leaving")).toHaveLength(1);
  });

  it("pushes nothing after an unsubscription or once the lease has ended", async () => {
    await subscribeAndWait("brief", `${server.url}/atom.xml`, { "hub.lease_seconds": "2" });
    const readerCallback = `${callbackBase}/cb/reader?from=test`;
    expect(
      (await hub({ "hub.mode": "unsubscribe", "hub.topic": `${server.url}/rss.xml`, "hub.callback": readerCallback }))
        .status,
    ).toBe(202);
    await waitFor("the unsubscription", async () =>
      (await status()).subscriptions.every((s) => s.callback !== readerCallback),
    );
    expect(subscribers.get("reader")?.verifications.at(-1)?.get("hub.mode")).toBe("unsubscribe");
    await new Promise((r) => setTimeout(r, 2500));
    const readerBefore = pushesOf("reader").length;
    const flakyBefore = pushesOf("flaky").length;
    await publishPost(["Dân vận"]);
    await waitFor("the control push", () => pushesOf("flaky").length > flakyBefore);
    await new Promise((r) => setTimeout(r, 1000));
    expect(pushesOf("reader")).toHaveLength(readerBefore);
    expect(pushesOf("brief")).toEqual([]);
  });
});
