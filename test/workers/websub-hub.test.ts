// The hub's front door: what a subscription request must be, answered at once; verification and
// delivery against a real subscriber are in test/e2e/websub.test.ts.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { WebSubMessage } from "../../src/websub/messages.ts";
import { publish, reportInput, request, TEST_ADMIN_TOKEN } from "../helpers.ts";

const SITE = "https://bantin.example";
const sent: WebSubMessage[] = [];
const WEBSUB = {
  async send(body: WebSubMessage) {
    sent.push(body);
  },
  async sendBatch(messages: { body: WebSubMessage }[]) {
    for (const m of messages) sent.push(m.body);
  },
} as unknown as Queue;

function hubRequest(fields: Record<string, string>, vars: Record<string, string> = {}) {
  return request(
    "/websub",
    { method: "POST", body: new URLSearchParams(fields), headers: { "CF-Connecting-IP": "203.0.113.9" } },
    { ...env, WEBSUB, ...vars },
  );
}

const subscribe = (over: Record<string, string> = {}) => ({
  "hub.mode": "subscribe",
  "hub.topic": `${SITE}/atom.xml`,
  "hub.callback": "https://reader.example.com/push/1",
  ...over,
});

beforeAll(async () => {
  expect((await publish(reportInput())).status).toBe(201);
});

describe("the WebSub hub's front door", () => {
  it("accepts a subscription with 202 and hands its verification to the queue, storing no subscription", async () => {
    const res = await hubRequest(subscribe({ "hub.lease_seconds": "99999999", "hub.secret": "s".repeat(199) }));
    expect(res.status).toBe(202);
    expect(sent.at(-1)).toMatchObject({
      kind: "verify",
      mode: "subscribe",
      topic: `${SITE}/atom.xml`,
      callback: "https://reader.example.com/push/1",
      // Capped at 30 days.
      leaseSeconds: 2_592_000,
      secret: "s".repeat(199),
    });
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM websub_subscriptions").first<{ n: number }>();
    expect(stored?.n).toBe(0);
    const pending = await env.DB.prepare("SELECT state FROM websub_verifications").all<{ state: string }>();
    expect(pending.results.map((r) => r.state)).toEqual(["pending"]);
  });

  it("gives a 10-day lease when none is asked for, and accepts tag and archive-less topics it serves", async () => {
    expect((await hubRequest(subscribe({ "hub.topic": `${SITE}/tags/dan-van/rss.xml` }))).status).toBe(202);
    expect(sent.at(-1)).toMatchObject({ leaseSeconds: 864_000, secret: null, topic: `${SITE}/tags/dan-van/rss.xml` });
  });

  it("refuses, with the reason and nothing queued, what it cannot take", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [subscribe({ "hub.mode": "publish" }), /publishes only this site's feeds/],
      [subscribe({ "hub.mode": "" }), /hub\.mode must be/],
      [subscribe({ "hub.topic": "https://elsewhere.example/atom.xml" }), /hub\.topic must be one of this site's feeds/],
      [subscribe({ "hub.topic": `${SITE}/posts/x` }), /hub\.topic must be one of this site's feeds/],
      [subscribe({ "hub.topic": `${SITE}/tags/khong-co/atom.xml` }), /not a feed of this site/],
      [subscribe({ "hub.topic": `${SITE}/archive/3/atom.xml` }), /not a feed of this site/],
      [subscribe({ "hub.callback": "ftp://reader.example.com/x" }), /http or https/],
      [subscribe({ "hub.callback": "not a url" }), /absolute URL/],
      [
        subscribe({ "hub.callback": "http://127.0.0.1:8080/cb" }),
        /refused: its address 127\.0\.0\.1 is not a public internet address \(loopback\)/,
      ],
      [subscribe({ "hub.callback": "http://169.254.169.254/" }), /linkLocal/],
      [subscribe({ "hub.callback": "http://localhost/cb" }), /local host/],
      [subscribe({ "hub.lease_seconds": "soon" }), /whole number of seconds/],
      [subscribe({ "hub.secret": "é".repeat(100) }), /less than 200 bytes/],
    ];
    const before = sent.length;
    for (const [fields, message] of cases) {
      const res = await hubRequest(fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(await res.text()).toMatch(message);
    }
    expect(sent.length).toBe(before);
    const notForm = await request("/websub", {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json" },
    });
    expect(notForm.status).toBe(415);
  });

  it("takes a loopback callback when WEBSUB_ALLOW_PRIVATE is set, as npm start sets it", async () => {
    const res = await hubRequest(subscribe({ "hub.callback": "http://127.0.0.1:8080/cb" }), {
      WEBSUB_ALLOW_PRIVATE: "1",
    });
    expect(res.status).toBe(202);
  });

  it("announces a publication to the hub's queue", async () => {
    const before = sent.length;
    const changed = { ...reportInput(), tags: ["Dân vận", "Lạng Sơn", "Hội nghị"] };
    const res = await request(
      "/admin/posts",
      {
        method: "POST",
        headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify(changed),
      },
      { ...env, WEBSUB },
    );
    expect(res.status).toBe(200);
    expect(sent.slice(before)).toEqual([{ kind: "distribute" }]);
  });
});
