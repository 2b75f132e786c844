// Callbacks that hang do not hold up the others: a server that does not answer in time is tried by
// two requests at most, then paused, its deliveries put off to a later lane without counting as
// tries; once the pause is over, one request finds out whether it answers again. The same with real
// sockets and `npm start`: test/e2e/websub-lanes.test.ts.
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { publish, reportInput } from "../helpers.ts";
import { storeSubscription, webSubHarness } from "./websub-harness.ts";

const ATOM = "https://bantin.example/atom.xml";
// Named so that its callbacks come first in a distribution of callbacks the hub knows nothing of.
const HANGING = "https://a-hanging.example.net";
const GOOD = "https://good.example.org";
let hub: ReturnType<typeof webSubHarness>;

/** Changes the main feeds and runs the distribution. */
async function changeContent() {
  await hub.changeContent();
  await hub.run();
}

const deliveries = async (prefix: string) =>
  (
    await env.DB.prepare(
      "SELECT state, attempts, last_error FROM websub_deliveries WHERE callback LIKE ? || '%' ORDER BY id",
    )
      .bind(prefix)
      .all<{ state: string; attempts: number; last_error: string | null }>()
  ).results;
const posts = (prefix: string) => hub.requests.filter((r) => r.method === "POST" && r.url.startsWith(prefix));
const isDelivery = (id: number, prefix: string) =>
  env.DB.prepare("SELECT 1 AS yes FROM websub_deliveries WHERE id = ? AND callback LIKE ? || '%'")
    .bind(id, prefix)
    .first();

beforeAll(async () => {
  expect((await publish(reportInput())).status).toBe(201);
});

afterEach(() => hub.fetchStub.mockRestore());

describe("deliveries when some callbacks hang", () => {
  it("tries a server that does not answer twice, not once per callback, and puts its other deliveries off", async () => {
    hub = webSubHarness({ pushTimeoutMs: 300 });
    hub.answers.set(HANGING, (req) => (req.method === "POST" ? "hang" : new Response(null, { status: 404 })));
    for (let i = 1; i <= 6; i++) await storeSubscription(ATOM, `${HANGING}/cb/${i}`);
    for (let i = 1; i <= 3; i++) await storeSubscription(ATOM, `${GOOD}/cb/${i}`);

    await changeContent();
    const pushes = hub.takeQueued();
    expect(pushes).toHaveLength(9);
    const { result } = await hub.run(pushes);
    // Two connections at most to one origin: the first two hung until the deadline; the origin was
    // then paused and the four others were put off without a request.
    expect(posts(HANGING)).toHaveLength(2);
    expect(posts(GOOD)).toHaveLength(3);
    expect((await deliveries(GOOD)).map((d) => d.state)).toEqual(["delivered", "delivered", "delivered"]);
    const hung = await deliveries(HANGING);
    expect(hung.filter((d) => d.attempts === 1).map((d) => d.last_error)).toEqual([
      "no answer within 0.3 s",
      "no answer within 0.3 s",
    ]);
    expect(hung.filter((d) => d.attempts === 0).map((d) => d.last_error)).toEqual(
      Array(4).fill(`put off: ${HANGING} did not answer recent requests in time`),
    );
    expect(result.retryMessages).toHaveLength(2);
    // Put off as new messages, after the origin's pause (a minute: WEBSUB_RETRY_BASE_SECONDS).
    expect(hub.queued.map((q) => q.delaySeconds)).toEqual(Array(4).fill(hub.queued[0]?.delaySeconds));
    expect(hub.queued[0]?.delaySeconds).toBeGreaterThanOrEqual(55);
    const origin = await env.DB.prepare("SELECT strikes FROM websub_origins WHERE origin = ?")
      .bind(HANGING)
      .first<{ strikes: number }>();
    // The two failures came from requests sent together: one strike.
    expect(origin?.strikes).toBe(1);

    // The next change: the paused origin's deliveries go to the later lane, the others at once.
    hub.queued.length = 0;
    await changeContent();
    const now = hub.queued.filter((q) => !q.delaySeconds);
    const later = hub.queued.filter((q) => q.delaySeconds);
    expect(now).toHaveLength(3);
    expect(later).toHaveLength(6);
    for (const q of now) expect(q.body.kind === "deliver" && (await isDelivery(q.body.delivery, GOOD))).toBeTruthy();
    for (const q of later)
      expect(q.body.kind === "deliver" && (await isDelivery(q.body.delivery, HANGING))).toBeTruthy();
    await hub.run(hub.takeQueued());
    expect(posts(GOOD)).toHaveLength(6);
    expect(posts(HANGING)).toHaveLength(2);
  });

  it("once the pause is over, sends one request to find out, and the rest when the origin answers again", async () => {
    hub = webSubHarness({ pushTimeoutMs: 300 });
    hub.answers.set(HANGING, () => "hang");
    const pauseOver = () =>
      env.DB.prepare("UPDATE websub_origins SET paused_until_ms = 0 WHERE origin = ?").bind(HANGING).run();
    const strikes = async () =>
      (
        await env.DB.prepare("SELECT strikes FROM websub_origins WHERE origin = ?")
          .bind(HANGING)
          .first<{ strikes: number }>()
      )?.strikes;
    // The newest delivery to each callback (the older ones will be dropped, a newer document replaced them).
    const newest = (await queuedHangingDeliveries()).slice(-6);

    // Still hanging: one request goes out and the other waits for its outcome; the pause doubles.
    await pauseOver();
    await hub.run(newest.slice(0, 2));
    expect(posts(HANGING)).toHaveLength(1);
    expect(hub.queued).toHaveLength(1);
    expect(await strikes()).toBe(2);

    // Back: the one request is answered and the origin is no longer paused.
    await pauseOver();
    hub.answers.delete(HANGING);
    hub.queued.length = 0;
    await hub.run(newest.slice(2, 3));
    expect(posts(HANGING)).toHaveLength(2);
    expect(await strikes()).toBe(0);

    // Everything still queued goes: the newest document once to each callback, the older ones dropped.
    await hub.run(await queuedHangingDeliveries());
    const states = (await deliveries(HANGING)).map((d) => d.state);
    expect(states.filter((s) => s === "delivered")).toHaveLength(6);
    expect(states.filter((s) => s === "dropped")).toHaveLength(6);
    expect(new Set(posts(HANGING).map((r) => r.url)).size).toBe(6);
  });
});

/** The hanging origin's deliveries still queued, as deliver messages. */
async function queuedHangingDeliveries() {
  const { results } = await env.DB.prepare(
    "SELECT id FROM websub_deliveries WHERE callback LIKE ? || '%' AND state = 'queued' ORDER BY id",
  )
    .bind(HANGING)
    .all<{ id: number }>();
  return results.map((r) => ({ kind: "deliver" as const, delivery: r.id }));
}
