// What confirm and unsubscribe links tell a stranger: nothing about subscriber ids, and so nothing
// about how many subscribed or how fast. Links mailed before, which carry ids, keep working.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { normaliseAddress } from "../../src/subscribers/address.ts";
import { findByMailbox, type Subscriber } from "../../src/subscribers/repository.ts";
import { TOKEN_LIFETIME_MS, type TokenPurpose } from "../../src/subscribers/tokens.ts";
import { publish, reportInput } from "../helpers.ts";
import { signLegacyToken } from "../legacy-links.ts";
import { confirmTokenOf, subscriptionHarness } from "../subscriptions.ts";
import { addSubscriber, deliveryHarness, publishSecondPost } from "./harness.ts";

const SECRET = "test-token-secret";
const form = (fields: Record<string, string>, ip = "192.0.2.50") => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": ip },
  body: new URLSearchParams(fields).toString(),
});
const subscriber = async (email: string): Promise<Subscriber> => {
  const address = normaliseAddress(email);
  const found = address.ok ? await findByMailbox(env.DB, address.mailbox) : null;
  if (!found) throw new Error(`${email} not stored`);
  return found;
};
const tokenIn = (url: string) => new URL(url).searchParams.get("token") ?? "";

/** Fails unless a token shows nothing of the subscriber's id: only its handle, an expiry and a MAC. */
function expectNothingOfTheId(token: string, s: Subscriber, purpose: TokenPurpose, signedAround: [number, number]) {
  expect(token).not.toContain(String(s.id));
  const [subject, expires, mac, ...rest] = token.split(".");
  expect(rest).toEqual([]);
  expect(subject).toBe(s.handle);
  expect(subject).toMatch(/^[0-9a-f]{32}$/);
  // The expiry comes from the time of signing alone.
  const [from, to] = signedAround.map((ms) => Math.floor((ms + TOKEN_LIFETIME_MS[purpose]) / 1000));
  expect(Number(expires)).toBeGreaterThanOrEqual(from ?? 0);
  expect(Number(expires)).toBeLessThanOrEqual(to ?? 0);
  expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
}

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
  // Ids of seven digits, so that no random handle or MAC holds one by chance.
  await env.DB.prepare(
    "INSERT INTO subscribers (id, email, mailbox, status, created_at) VALUES (1151299, 'x@x.org', 'x@x.org', 'pending', '')",
  ).run();
  await env.DB.prepare("DELETE FROM subscribers WHERE id = 1151299").run();
});

describe("links", () => {
  it("of two subscribers stored one after the other share nothing derived from their ids, and show no id", async () => {
    const h = subscriptionHarness();
    const started = Date.now();
    for (const [i, email] of ["mot@example.org", "hai@example.org"].entries()) {
      expect((await h.request("/subscribe", form({ email }, `192.0.2.${i + 1}`))).status).toBe(200);
      await h.drain();
    }
    const signed: [number, number] = [started, Date.now()];
    const [one, two] = [await subscriber("mot@example.org"), await subscriber("hai@example.org")];
    expect(two.id).toBe(one.id + 1);
    expect(one.id).toBe(1151300);
    expect(one.handle).not.toBe(two.handle);
    const confirmTokens = h.mails.map((m) => confirmTokenOf(m));
    expect(confirmTokens).toHaveLength(2);
    expectNothingOfTheId(confirmTokens[0] ?? "", one, "confirm", signed);
    expectNothingOfTheId(confirmTokens[1] ?? "", two, "confirm", signed);
    for (const token of confirmTokens) expect((await h.request("/confirm", form({ token }))).status).toBe(200);

    // The digest's unsubscribe links, signed per recipient as it is sent.
    const d = deliveryHarness();
    const sending = Date.now();
    await d.runScheduled();
    await d.runQueue();
    const around: [number, number] = [sending, Date.now()];
    const linkTo = (s: Subscriber) =>
      tokenIn(d.sent.find((m) => m.to === s.email)?.headers["List-Unsubscribe"]?.slice(1, -1) ?? "");
    expectNothingOfTheId(linkTo(one), one, "unsubscribe", around);
    expectNothingOfTheId(linkTo(two), two, "unsubscribe", around);

    // Each link works, for its own subscriber only.
    const res = await h.request(`/unsubscribe?token=${encodeURIComponent(linkTo(one))}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    expect((await subscriber(one.email)).status).toBe("unsubscribed");
    expect((await subscriber(two.email)).status).toBe("confirmed");
  });

  it("mailed before handles, which carry the id, still unsubscribe", async () => {
    const id = await addSubscriber("da-lau@example.org", "confirmed");
    const mailedMs = Date.now() - 300 * 24 * 3600 * 1000;
    const token = await signLegacyToken(SECRET, "unsubscribe", id, "da-lau@example.org", mailedMs);
    expect(token.startsWith(`${id}.`)).toBe(true);
    const page = await subscriptionHarness().request(`/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("da-lau@example.org");
    const res = await subscriptionHarness().request("/unsubscribe", form({ token }));
    expect(res.status).toBe(200);
    expect((await subscriber("da-lau@example.org")).status).toBe("unsubscribed");
  });

  it("refuse a handle swapped for another subscriber's, or made up, and change nothing", async () => {
    const h = subscriptionHarness();
    for (const [i, email] of ["ba@example.org", "bon@example.org"].entries()) {
      expect((await h.request("/subscribe", form({ email }, `192.0.2.${i + 10}`))).status).toBe(200);
      await h.drain();
    }
    const [three, four] = [await subscriber("ba@example.org"), await subscriber("bon@example.org")];
    const token = confirmTokenOf(h.mails[0]);
    expect(token.startsWith(three.handle)).toBe(true);
    for (const forged of [
      token.replace(three.handle, four.handle),
      token.replace(three.handle, "0".repeat(32)),
      token.replace(three.handle, String(three.id)),
      token.replace(three.handle, String(four.id)),
    ]) {
      for (const path of ["/confirm", "/unsubscribe"]) {
        const res = await h.request(path, form({ token: forged }));
        expect(res.status, `${path} ${forged}`).toBe(400);
        expect(await res.text()).toContain("không hợp lệ");
      }
    }
    expect((await subscriber(three.email)).status).toBe("pending");
    expect((await subscriber(four.email)).status).toBe("pending");
  });
});

describe("signing the links of a digest", () => {
  it("costs no D1 query per recipient", async () => {
    await env.DB.prepare("DELETE FROM subscribers").run();
    await env.DB.prepare("DELETE FROM deliveries").run();
    const recipients = 40;
    for (let i = 0; i < recipients; i++) await addSubscriber(`doc-gia-${i}@example.org`, "confirmed");
    await publishSecondPost();
    const d = deliveryHarness();
    let prepared = 0;
    const real = env.DB;
    d.testEnv.DB = new Proxy(real, {
      get(target, key) {
        if (key === "prepare") {
          return (sql: string) => {
            prepared++;
            return target.prepare(sql);
          };
        }
        const value = Reflect.get(target, key);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await d.runScheduled();
    const messages = d.takeEnqueued().filter((m) => m.kind === "window");
    prepared = 0;
    await d.runQueue(messages);
    expect(d.sent.length).toBe(recipients);
    console.log(`${recipients} recipients: ${prepared} D1 statements`);
    expect(prepared).toBeLessThan(recipients);
  });
});
