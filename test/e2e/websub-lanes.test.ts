// Callbacks that hang must not hold up the others, against real sockets: `npm start` is the hub, one
// Node server on loopback plays 30 subscribers that answer at once, another plays 10 whose server
// takes each push and never answers. Their callbacks come in the worst order (the hanging ones sort
// first, so their deliveries are queued first). Asserted by order and count, never by time: the hub
// tries the hanging server with two requests, not ten, and pauses it; on the next publication every
// good subscriber has its push while no hanging one has been tried again.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalServer, startServer } from "./server.ts";

const GOOD = 30;
const HANGING = 10;

interface Subscribers {
  server: Server;
  base: string;
  /** Whether its POSTs never get an answer. */
  hang: boolean;
  /** Pushes received, by callback name, in order. */
  pushes: Map<string, number>;
  /** Every push request received, in order (callback names). */
  log: string[];
  /** Push requests the hub closed without waiting for an answer. */
  closed: number;
}

/** A server of subscribers on loopback: GETs echo hub.challenge; POSTs get 204 at once, or never an answer. */
async function subscribers(): Promise<Subscribers> {
  const s: Subscribers = { server: createServer(), base: "", hang: false, pushes: new Map(), log: [], closed: 0 };
  s.server.on("request", (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const name = url.pathname.slice(1);
    if (req.method === "GET") {
      res.writeHead(200, { "Content-Type": "text/plain" }).end(url.searchParams.get("hub.challenge") ?? "");
      return;
    }
    req.resume();
    req.on("end", () => {
      s.log.push(name);
      s.pushes.set(name, (s.pushes.get(name) ?? 0) + 1);
      if (s.hang) res.on("close", () => s.closed++);
      else res.writeHead(204).end();
    });
  });
  s.server.listen(0, "127.0.0.1");
  await once(s.server, "listening");
  const address = s.server.address();
  s.base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return s;
}

let server: LocalServer;
let good: Subscribers;
let hanging: Subscribers;

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function hubStatus() {
  const res = await fetch(`${server.url}/admin/websub`, { headers: { Authorization: `Bearer ${server.adminToken}` } });
  return (await res.json()) as {
    subscriptions: unknown[];
    paused_origins: { origin: string; strikes: number }[];
    deliveries: { latest: { callback: string; last_error: string | null }[] };
  };
}

let postNumber = 0;
async function publishPost() {
  postNumber++;
  const res = await fetch(`${server.url}/admin/posts`, {
    method: "POST",
    headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      title: `Tin làn chậm số ${postNumber}`,
      author: "Phương Dung",
      published: `2021-09-${String(postNumber).padStart(2, "0")}T09:00:00+07:00`,
      tags: ["Dân vận"],
      markdown: `Nội dung tin số ${postNumber}.`,
    }),
  });
  expect(res.status).toBe(201);
}

const everyGoodHas = (n: number) => [...Array(GOOD).keys()].every((i) => (good.pushes.get(`g${i}`) ?? 0) >= n);

beforeAll(async () => {
  // Deliveries to callbacks the hub knows as much about are queued in the order of their URLs: the
  // server whose port sorts first plays the hanging subscribers.
  const pair = (await Promise.all([subscribers(), subscribers()])).sort((a, b) => a.base.localeCompare(b.base));
  [hanging, good] = pair as [Subscribers, Subscribers];
  hanging.hang = true;
  // A pause of ten minutes: nothing in this test waits for one to end.
  server = await startServer({ WEBSUB_RETRY_BASE_SECONDS: "600" });
  const topic = `${server.url}/atom.xml`;
  const callbacks = [
    ...[...Array(HANGING).keys()].map((i) => `${hanging.base}/h${i}`),
    ...[...Array(GOOD).keys()].map((i) => `${good.base}/g${i}`),
  ];
  for (const callback of callbacks) {
    const res = await fetch(`${server.url}/websub`, {
      method: "POST",
      body: new URLSearchParams({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback }),
    });
    expect(res.status).toBe(202);
  }
  await waitFor("every subscription", async () => (await hubStatus()).subscriptions.length === callbacks.length);
});

afterAll(async () => {
  const code = await server?.stop();
  for (const s of [good, hanging]) {
    s?.server.closeAllConnections();
    await new Promise((resolve) => s?.server.close(resolve));
  }
  expect(code).toBe(0);
});

describe("WebSub deliveries when some callbacks hang, against real sockets", () => {
  it("tries a hanging server with two requests, not one per callback, and pauses it", async () => {
    await publishPost();
    await waitFor("a push to every good subscriber", () => everyGoodHas(1));
    await waitFor("the hub to be done, for now, with every hanging subscriber", async () => {
      const latest = (await hubStatus()).deliveries.latest.filter((d) => d.callback.startsWith(hanging.base));
      return latest.length === HANGING && latest.every((d) => d.last_error !== null);
    });
    expect(hanging.log).toHaveLength(2);
    // The hub gave up on both at their deadline and paused the server.
    await waitFor("the hub to close both requests", () => hanging.closed === 2);
    const paused = (await hubStatus()).paused_origins;
    expect(paused).toEqual([expect.objectContaining({ origin: hanging.base, strikes: 1 })]);
  });

  it("pushes the next publication to every good subscriber before any hanging one is tried again", async () => {
    const goodBefore = good.log.length;
    await publishPost();
    await waitFor("the second push to every good subscriber", () => everyGoodHas(2));
    expect(good.log.length - goodBefore).toBe(GOOD);
    expect(hanging.log).toHaveLength(2);
  });
});
