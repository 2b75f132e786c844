// What the hub's front door refuses or answers before anything is stored: topic length, caps on
// subscriptions, a queue that cannot take the request, the rate limit's Retry-After, and an
// unsubscription's lease (ignored, WebSub 5.1).
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WebSubMessage } from "../../src/websub/messages.ts";
import { WEBSUB_LIMITS } from "../../src/websub/settings.ts";
import { publish, reportInput, request } from "../helpers.ts";
import { storeSubscription, webSubHarness } from "./websub-harness.ts";

const SITE = "https://bantin.example";
const sent: WebSubMessage[] = [];
const WEBSUB = {
  async send(body: WebSubMessage) {
    sent.push(body);
  },
} as unknown as Queue;

function hubRequest(body: string | URLSearchParams, client: string, queue: Queue = WEBSUB) {
  return request(
    "/websub",
    {
      method: "POST",
      body,
      headers: { "CF-Connecting-IP": client, "Content-Type": "application/x-www-form-urlencoded" },
    },
    { ...env, WEBSUB: queue },
  );
}

const count = async (sql: string, ...bind: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...bind)
      .first<{ n: number }>()
  )?.n ?? 0;
const verifications = () => count("SELECT count(*) AS n FROM websub_verifications");

beforeAll(async () => {
  expect((await publish(reportInput())).status).toBe(201);
});

describe("the hub's limits", () => {
  it("refuses a topic longer than 2,000 characters before writing anything, even one that names a feed", async () => {
    // `/x/..` repeated still names /atom.xml once its dot segments are removed.
    const topic = `${SITE}${"/x/..".repeat(400)}/atom.xml`;
    expect(topic.length).toBeGreaterThan(2000);
    const before = { verifications: await verifications(), sent: sent.length };
    // Written by hand so the slashes stay as they are: the whole body stays near 2 KB.
    const res = await hubRequest(
      `hub.mode=subscribe&hub.topic=${topic}&hub.callback=https://reader.example.com/cb`,
      "198.51.100.31",
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(`hub.topic must be at most 2000 characters; got ${topic.length}.`);
    expect(await verifications()).toBe(before.verifications);
    expect(sent.length).toBe(before.sent);
    expect(await count("SELECT count(*) AS n FROM rate_limits WHERE key LIKE 'websub:%198.51.100.31'")).toBe(0);
  });

  it("answers 503 with Retry-After and leaves no verification behind when the queue cannot take it", async () => {
    const failing = {
      async send() {
        throw new Error("Queue send failed: the queue is unavailable");
      },
    } as unknown as Queue;
    const before = await verifications();
    const res = await hubRequest(
      new URLSearchParams({
        "hub.mode": "subscribe",
        "hub.topic": `${SITE}/atom.xml`,
        "hub.callback": "https://reader.example.com/queue-down",
      }),
      "198.51.100.32",
      failing,
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("60");
    expect(await res.text()).toMatch(/nothing was stored/);
    expect(await verifications()).toBe(before);
  });

  it("answers 429 with Retry-After when one client has sent too many requests", async () => {
    await env.DB.prepare("INSERT INTO rate_limits (key, window_start_ms, count) VALUES (?, ?, ?)")
      .bind("websub:ip4:198.51.100.33", Date.now(), WEBSUB_LIMITS.requestsPerWindow)
      .run();
    const res = await hubRequest(
      new URLSearchParams({
        "hub.mode": "subscribe",
        "hub.topic": `${SITE}/atom.xml`,
        "hub.callback": "https://reader.example.com/eager",
      }),
      "198.51.100.33",
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("600");
  });

  it("ignores hub.lease_seconds on an unsubscription, whatever it says", async () => {
    for (const lease of ["soon", "0", "-5"]) {
      const res = await hubRequest(
        new URLSearchParams({
          "hub.mode": "unsubscribe",
          "hub.topic": `${SITE}/atom.xml`,
          "hub.callback": "https://reader.example.com/leaving",
          "hub.lease_seconds": lease,
        }),
        "198.51.100.34",
      );
      expect(res.status, lease).toBe(202);
    }
    // A subscription's lease is still checked.
    const res = await hubRequest(
      new URLSearchParams({
        "hub.mode": "subscribe",
        "hub.topic": `${SITE}/atom.xml`,
        "hub.callback": "https://reader.example.com/leaving",
        "hub.lease_seconds": "soon",
      }),
      "198.51.100.34",
    );
    expect(res.status).toBe(400);
  });
});

describe("the caps on subscriptions", () => {
  const topic = `${SITE}/feed.json`;
  const subscribe = (callback: string, client: string) =>
    hubRequest(new URLSearchParams({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback }), client);

  afterEach(async () => {
    await env.DB.prepare("DELETE FROM websub_subscriptions").run();
  });

  it("refuses a new subscription to a topic that has 100, with a 403 that says the cap; a renewal still passes", async () => {
    for (let i = 0; i < WEBSUB_LIMITS.maxSubscriptionsPerTopic; i++) {
      await storeSubscription(topic, `https://reader-${i}.example.com/cb`);
    }
    const before = await verifications();
    const res = await subscribe("https://one-more.example.com/cb", "198.51.100.35");
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(
      "Refused: this topic has 100 subscriptions, the most this hub takes for one topic (100).",
    );
    expect(await verifications()).toBe(before);
    expect((await subscribe("https://reader-7.example.com/cb", "198.51.100.35")).status).toBe(202);
  });

  it("refuses a new subscription from a callback host that holds 50, with a 403 that says the cap", async () => {
    for (let i = 0; i < WEBSUB_LIMITS.maxSubscriptionsPerHost; i++) {
      await storeSubscription(`${SITE}/tags/tag-${i}/atom.xml`, `https://Many.Example.com/cb/${i}`, {
        host: "many.example.com",
      });
    }
    const res = await subscribe("https://MANY.example.com./cb/new", "198.51.100.36");
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(
      "Refused: callbacks on many.example.com hold 50 subscriptions, the most this hub takes for one callback host (50).",
    );
    expect((await subscribe("https://other.example.com/cb", "198.51.100.36")).status).toBe(202);
  });

  it("refuses at verification a subscription the cap was reached for meanwhile, and tells the callback", async () => {
    const hub = webSubHarness();
    try {
      const callback = "https://late.example.com/cb?id=1";
      const res = await hubRequest(
        new URLSearchParams({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback }),
        "198.51.100.37",
        hub.WEBSUB,
      );
      expect(res.status).toBe(202);
      for (let i = 0; i < WEBSUB_LIMITS.maxSubscriptionsPerTopic; i++) {
        await storeSubscription(topic, `https://early-${i}.example.com/cb`);
      }
      await hub.run();
      const row = await env.DB.prepare("SELECT state, reason FROM websub_verifications WHERE callback = ?")
        .bind(callback)
        .first();
      expect(row).toEqual({
        state: "refused",
        reason: "this topic has 100 subscriptions, the most this hub takes for one topic (100)",
      });
      // WebSub 5.2: the hub says so to the callback; it is not asked to confirm anything.
      expect(hub.requests).toHaveLength(1);
      const denial = new URL(hub.requests[0]?.url ?? "");
      expect(denial.searchParams.get("hub.mode")).toBe("denied");
      expect(denial.searchParams.get("hub.topic")).toBe(topic);
      expect(denial.searchParams.get("id")).toBe("1");
      expect(await count("SELECT count(*) AS n FROM websub_subscriptions WHERE callback = ?", callback)).toBe(0);
    } finally {
      hub.fetchStub.mockRestore();
    }
  });
});
