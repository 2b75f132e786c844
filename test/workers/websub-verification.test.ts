// The verification GET (WebSub 5.3) as the callback sees it, and its deadline: the callback's own
// query kept byte for byte, the topic echoed as spelled, and one deadline for headers and body.
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { publish, reportInput, request } from "../helpers.ts";
import { trickling, webSubHarness } from "./websub-harness.ts";

const SITE = "https://bantin.example";
let hub: ReturnType<typeof webSubHarness>;

function hubRequest(fields: Record<string, string>, client: string) {
  return request(
    "/websub",
    { method: "POST", body: new URLSearchParams(fields), headers: { "CF-Connecting-IP": client } },
    { ...env, WEBSUB: hub.WEBSUB },
  );
}

async function verification(callback: string) {
  return env.DB.prepare("SELECT topic, state, attempts, reason FROM websub_verifications WHERE callback = ?")
    .bind(callback)
    .first<{ topic: string; state: string; attempts: number; reason: string | null }>();
}

beforeAll(async () => {
  expect((await publish(reportInput())).status).toBe(201);
});

afterEach(() => hub.fetchStub.mockRestore());

describe("the verification GET", () => {
  it("keeps the callback's query byte for byte and appends the hub's parameters with &", async () => {
    hub = webSubHarness();
    const callback = "https://reader.example.com/cb?sp=a%20b&flag";
    const res = await hubRequest(
      { "hub.mode": "subscribe", "hub.topic": `${SITE}/atom.xml`, "hub.callback": callback },
      "198.51.100.21",
    );
    expect(res.status).toBe(202);
    await hub.run();
    const [get] = hub.requests;
    expect(get?.method).toBe("GET");
    expect(get?.url.startsWith(`${callback}&hub.mode=subscribe&hub.topic=`)).toBe(true);
    const added = new URLSearchParams(get?.url.slice(callback.length + 1));
    expect([...added.keys()]).toEqual(["hub.mode", "hub.topic", "hub.challenge", "hub.lease_seconds"]);
    expect((await verification(callback))?.state).toBe("verified");
  });

  it("asks a callback without a query with ?, and echoes the topic as the subscriber spelled it", async () => {
    hub = webSubHarness();
    const callback = "https://reader.example.com/plain";
    const spelled = "HTTPS://Bantin.Example:443/x/../%61tom.xml";
    const res = await hubRequest(
      { "hub.mode": "subscribe", "hub.topic": spelled, "hub.callback": `${callback}#fragment` },
      "198.51.100.22",
    );
    expect(res.status).toBe(202);
    await hub.run();
    const url = new URL(hub.requests[0]?.url ?? "");
    expect(`${url.origin}${url.pathname}`).toBe(callback);
    expect(url.hash).toBe("");
    expect(url.searchParams.get("hub.topic")).toBe(spelled);
    // Stored under its canonical spelling.
    expect((await verification(`${callback}#fragment`))?.topic).toBe(`${SITE}/atom.xml`);
  });

  it("counts a callback that answers its headers and then trickles its body as a try, and gives up after three", async () => {
    hub = webSubHarness({ verifyTimeoutMs: 300 });
    const callback = "https://slow.example.org/cb";
    hub.answers.set(callback, (_req, signal) => trickling(signal));
    const res = await hubRequest(
      { "hub.mode": "subscribe", "hub.topic": `${SITE}/rss.xml`, "hub.callback": callback },
      "198.51.100.23",
    );
    expect(res.status).toBe(202);
    const [message] = hub.takeQueued();
    if (!message) throw new Error("nothing was queued");
    // The retry comes when the origin's pause is over (both a minute after the first try).
    const later = () => env.DB.prepare("UPDATE websub_origins SET paused_until_ms = 0").run();
    for (const attempt of [1, 2]) {
      await later();
      const { result, retryDelays } = await hub.run([message]);
      expect(result.retryMessages).toHaveLength(1);
      expect(retryDelays[0]).toBeGreaterThan(0);
      expect(await verification(callback)).toMatchObject({
        state: "pending",
        attempts: attempt,
        reason: "the answer's body was not complete within 0.3 s; will try again",
      });
    }
    await later();
    const { result } = await hub.run([message]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await verification(callback)).toMatchObject({
      state: "failed",
      attempts: 3,
      reason: "the answer's body was not complete within 0.3 s; gave up after 3 tries",
    });
    expect(hub.requests).toHaveLength(3);
    // A message delivered once more after that changes nothing and asks nothing.
    await hub.run([message]);
    expect(hub.requests).toHaveLength(3);
  });
});
