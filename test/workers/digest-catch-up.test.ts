// A digest cron cut short (Workers Free stops an invocation past its 10 ms of CPU) leaves the digest
// wanted (migration 0027): the maintenance cron starts it once DIGEST_CATCH_UP_MS have passed, and
// not before (the digest cron of the same minute may still be running). A run that starts a digest,
// or finds nothing to send, leaves none wanted.
import { env } from "cloudflare:test";
import { beforeAll, expect, it } from "vitest";
import { DIGEST_CATCH_UP_FOR_MS, DIGEST_CATCH_UP_MS } from "../../src/scheduled.ts";
import { publish, reportInput } from "../helpers.ts";
import { addSubscriber, deliveryHarness, publishSecondPost } from "./harness.ts";

const h = deliveryHarness({ DELIVERY_PROFILE: "free" });
const wanted = () =>
  env.DB.prepare("SELECT digest_wanted_ms FROM site_state WHERE id = 1").first<number | null>("digest_wanted_ms");
const digests = async () =>
  (
    await env.DB.prepare("SELECT number FROM digests WHERE kind = 'digest' ORDER BY number").all<{ number: number }>()
  ).results.map((r) => r.number);
/** The mark a digest cron leaves when it began at `ms` and never finished. */
const cutShortAt = (ms: number) =>
  env.DB.prepare("UPDATE site_state SET digest_wanted_ms = ? WHERE id = 1").bind(ms).run();

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
  await addSubscriber("ban-doc@example.org", "confirmed");
});

it("leaves no digest wanted after a digest cron that started one, or found nothing to send", async () => {
  await h.runScheduled("0 1 * * 1");
  expect(await digests()).toEqual([1]);
  expect(await wanted()).toBeNull();
  await h.runScheduled("0 1 * * 1");
  expect(await digests()).toEqual([1]);
  expect(await wanted()).toBeNull();
  h.takeEnqueued();
});

it("does not start a wanted digest while the digest cron of the same minutes may still be running", async () => {
  await publishSecondPost();
  await cutShortAt(Date.now() - DIGEST_CATCH_UP_MS + 60_000);
  await h.runScheduled("* * * * *");
  expect(await digests()).toEqual([1]);
  expect(await wanted()).not.toBeNull();
});

it("starts the digest a cut-short digest cron wanted, in a maintenance run, once", async () => {
  await cutShortAt(Date.now() - DIGEST_CATCH_UP_MS - 1_000);
  await h.runScheduled("* * * * *");
  expect(await digests()).toEqual([1, 2]);
  expect(await wanted()).toBeNull();
  // Its windows go out as any digest's (the Free profile: a fan-out message first).
  expect(h.takeEnqueued()).toEqual([{ kind: "windows", digest: 2, after: 0 }]);
  await h.runScheduled("* * * * *");
  expect(await digests()).toEqual([1, 2]);
});

it("tries again only every 5 minutes (the runs between sweep), and gives up after a day", async () => {
  const third = { ...reportInput(), id: "urn:uuid:00000000-0000-4000-8000-000000000003", slug: "bai-thu-ba" };
  expect((await publish({ ...third, title: "Bài thứ ba", published: "2021-07-21T09:00:00+07:00" })).status).toBe(201);
  await cutShortAt(Date.now() - 7 * 60_000);
  await h.runScheduled("* * * * *");
  expect(await digests()).toEqual([1, 2]);
  expect(await wanted()).not.toBeNull();
  await cutShortAt(Date.now() - DIGEST_CATCH_UP_FOR_MS - 60_000);
  await h.runScheduled("* * * * *");
  expect(await digests()).toEqual([1, 2]);
  expect(await wanted()).toBeNull();
  // The next one ten minutes on is caught up.
  await cutShortAt(Date.now() - 10 * 60_000);
  await h.runScheduled("* * * * *");
  expect(await digests()).toEqual([1, 2, 3]);
  h.takeEnqueued();
});

it("ends the want when the maintenance run finds nothing to send", async () => {
  await cutShortAt(Date.now() - DIGEST_CATCH_UP_MS - 1_000);
  await h.runScheduled("* * * * *");
  expect(await digests()).toEqual([1, 2, 3]);
  expect(await wanted()).toBeNull();
});
