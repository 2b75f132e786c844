// The Free-plan profile's digest start (DELIVERY_PROFILE=free): the first page of windows is left to
// a queue message instead of being enqueued by the start itself (a page of 100 messages written is
// CPU the start cannot spare inside Workers Free's 10 ms); that message fans the windows out, and
// every reader gets the digest once. A fan-out batch sends nothing, and makes no mailer.
import { env } from "cloudflare:test";
import { beforeAll, expect, it } from "vitest";
import { FREE_PROFILE } from "../../src/delivery/settings.ts";
import { publish, reportInput } from "../helpers.ts";
import { addSubscriber, deliveryHarness, publishSecondPost } from "./harness.ts";

const READERS = 25;
const h = deliveryHarness({ DELIVERY_PROFILE: "free" });

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
  for (let i = 0; i < READERS; i++) await addSubscriber(`r${i}@example.org`, "confirmed");
});

it("starts with one fan-out message, which enqueues the windows; each window sent once", async () => {
  await h.runScheduled();
  expect(h.takeEnqueued()).toEqual([{ kind: "windows", digest: 1, after: 0 }]);
  const windows = Math.ceil(READERS / FREE_PROFILE.windowSize);
  const stored = await env.DB.prepare(
    "SELECT COUNT(*) AS n FROM delivery_windows WHERE digest_number = 1",
  ).first<number>("n");
  expect(stored).toBe(windows);
  expect(h.sent).toEqual([]);

  await h.runQueue([{ kind: "windows", digest: 1, after: 0 }]);
  const each = h.takeEnqueued();
  expect(each).toEqual(Array.from({ length: windows }, (_, i) => ({ kind: "window", digest: 1, window: i + 1 })));
  // One window per invocation, as the profile has it.
  for (const message of each) await h.runQueue([message]);
  expect(h.sent.map((m) => m.to).sort()).toEqual(Array.from({ length: READERS }, (_, i) => `r${i}@example.org`).sort());
});

it("fans out in a batch that makes no mailer: it sends nothing, so it needs no mail transport", async () => {
  // No SMTP_URL and no EMAIL binding: making a mailer throws "No mail transport".
  const bare = deliveryHarness({ DELIVERY_PROFILE: "free" }, { EMAIL: undefined });
  // Digest 1's windows were all sent above: its fan-out finds none left, and is done.
  const { result } = await bare.runQueue([{ kind: "windows", digest: 1, after: 0 }]);
  expect(result.explicitAcks).toHaveLength(1);
  expect(result.retryMessages).toEqual([]);
  expect(bare.takeEnqueued()).toEqual([]);
});

it("fails a batch that sends, without a mail transport, before it claims its window: nothing is lost", async () => {
  await publishSecondPost();
  await h.runScheduled();
  await h.runQueue(h.takeEnqueued());
  const [first] = h.takeEnqueued();
  expect(first).toEqual({ kind: "window", digest: 2, window: 1 });
  const bare = deliveryHarness({ DELIVERY_PROFILE: "free" }, { EMAIL: undefined });
  await expect(bare.runQueue(first ? [first] : [])).rejects.toThrow(/No mail transport/);
  const state = await env.DB.prepare(
    "SELECT state FROM delivery_windows WHERE digest_number = 2 AND window_no = 1",
  ).first<string>("state");
  expect(state).toBe("queued");
});

it("leaves the sweeps to the maintenance cron of the same minute: the digest cron only starts (default: it sweeps too)", async () => {
  // An expired rate-limit window: what every sweep prunes.
  const expired = () =>
    env.DB.prepare(
      "INSERT OR REPLACE INTO rate_limits (key, window_start_ms, count) VALUES ('sweep-probe', 0, 1)",
    ).run();
  const kept = async () =>
    (await env.DB.prepare("SELECT COUNT(*) AS n FROM rate_limits WHERE key = 'sweep-probe'").first<number>("n")) === 1;

  await expired();
  await h.runScheduled("0 1 * * 1");
  expect(await kept()).toBe(true);
  await h.runScheduled("* * * * *");
  expect(await kept()).toBe(false);

  await expired();
  await deliveryHarness({}).runScheduled("0 1 * * 1");
  expect(await kept()).toBe(false);
});
