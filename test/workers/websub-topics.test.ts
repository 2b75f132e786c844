// One topic, however it is spelled: the hub stores and matches the canonical URL of each feed
// (RFC 3986 §6), so spellings do not multiply subscriptions or pushes, an unsubscription finds its
// subscription, and rows stored before topics were canonical are merged.
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { publish, reportInput, request } from "../helpers.ts";
import { storedSubscriptions, storeSubscription, webSubHarness } from "./websub-harness.ts";

const SITE = "https://bantin.example";
const ATOM = `${SITE}/atom.xml`;
const SPELLINGS = [
  ATOM,
  "HTTPS://BANTIN.EXAMPLE/atom.xml",
  "https://bantin.example:443/atom.xml",
  "https://bantin.example:0443/atom.xml",
  "https://bantin.example./atom.xml",
  "https://bantin.example/./atom.xml",
  "https://bantin.example/x/../atom.xml",
  "https://bantin.example/%2e/atom.xml",
  "https://bantin.example/%61tom.xml",
  "https://bantin.example/%61%74%6F%6d.xml",
];
let hub: ReturnType<typeof webSubHarness>;

function hubRequest(fields: Record<string, string>, client = "198.51.100.41") {
  return request(
    "/websub",
    { method: "POST", body: new URLSearchParams(fields), headers: { "CF-Connecting-IP": client } },
    { ...env, WEBSUB: hub.WEBSUB },
  );
}

beforeAll(async () => {
  expect((await publish(reportInput())).status).toBe(201);
});

afterEach(async () => {
  hub.fetchStub.mockRestore();
  await env.DB.prepare("DELETE FROM websub_subscriptions").run();
});

describe("topics, however they are spelled", () => {
  it("stores one subscription for every spelling of a feed's URL, and pushes each change to it once", async () => {
    hub = webSubHarness();
    const callback = "https://reader.example.com/one";
    for (const topic of SPELLINGS) {
      const res = await hubRequest({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback });
      expect(res.status, topic).toBe(202);
    }
    const verifications = hub.queued.map((q) => (q.body.kind === "verify" ? q.body.topic : q.body.kind));
    expect(verifications).toEqual(SPELLINGS.map(() => ATOM));
    await hub.run();
    expect(await storedSubscriptions()).toEqual([{ topic: ATOM, callback, callback_host: "reader.example.com" }]);

    await hub.changeContent();
    await hub.run(); // the distribution
    const pushes = hub.takeQueued();
    expect(pushes.map((m) => m.kind)).toEqual(["deliver"]);
    await hub.run(pushes);
    expect(hub.requests.filter((r) => r.method === "POST").map((r) => r.url)).toEqual([callback]);
  });

  it("removes a subscription when the unsubscription spells its topic otherwise", async () => {
    hub = webSubHarness();
    const callback = "https://reader.example.com/two";
    await hubRequest({ "hub.mode": "subscribe", "hub.topic": ATOM, "hub.callback": callback });
    await hub.run();
    expect(await storedSubscriptions()).toHaveLength(1);
    const res = await hubRequest({
      "hub.mode": "unsubscribe",
      "hub.topic": "HTTPS://bantin.example/x/../%61tom.xml",
      "hub.callback": callback,
    });
    expect(res.status).toBe(202);
    await hub.run();
    expect(await storedSubscriptions()).toEqual([]);
  });

  it("still refuses what names no feed of this site, whatever the spelling", async () => {
    hub = webSubHarness();
    for (const topic of [
      "http://bantin.example/atom.xml",
      "https://bantin.example:8443/atom.xml",
      "https://user@bantin.example/atom.xml",
      "https://bantin.example/atom.xml?x=1",
      "https://bantin.example/atom.xml#top",
      "https://bantin.example/ATOM.xml",
      "https://bantin.example/%2Fatom.xml",
      "https://bantin.example.evil.example/atom.xml",
    ]) {
      const res = await hubRequest({
        "hub.mode": "subscribe",
        "hub.topic": topic,
        "hub.callback": "https://reader.example.com/three",
      });
      expect(res.status, topic).toBe(400);
      expect(await res.text()).toMatch(/hub\.topic must be one of this site's feeds/);
    }
    expect(hub.queued).toEqual([]);
  });

  it("merges subscriptions stored under other spellings before the next distribution: one push per callback", async () => {
    hub = webSubHarness();
    const callback = "https://reader.example.com/legacy";
    // As stored before topics were canonical (and before callbacks had their host).
    for (const topic of SPELLINGS.slice(1, 8)) await storeSubscription(topic, callback, { host: null });
    await storeSubscription("https://bantin.example/%72ss.xml", "https://other.example.net/cb", { host: null });
    await hub.changeContent();
    await hub.run();
    expect(await storedSubscriptions()).toEqual([
      { topic: ATOM, callback, callback_host: "reader.example.com" },
      { topic: `${SITE}/rss.xml`, callback: "https://other.example.net/cb", callback_host: "other.example.net" },
    ]);
    await hub.run(hub.takeQueued());
    expect(
      hub.requests
        .filter((r) => r.method === "POST")
        .map((r) => r.url)
        .sort(),
    ).toEqual(["https://other.example.net/cb", callback]);
  });
});
