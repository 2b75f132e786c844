// Delivery in windows (issue 21): one queue message carries a window of recipients, claimed whole and
// settled once; each recipient gets one delivery row, written with its outcome; those to try again go
// back alone, in retry groups. Driven through the Worker's own handlers. (A claim that covers part of a
// window, as a window sent back by a pause leaves it, or as claims were made a group at a time before,
// is closed the same way when its sender dies: see "a window claimed by an invocation that died".)
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { claimWindow, settleWindowGroup } from "../../src/delivery/repository.ts";
import { type InvocationLedger, LEDGER_PREFIX } from "../../src/ledger/ledger.ts";
import { ADMIN, publish, reportInput, request } from "../helpers.ts";
import { addSubscriber, deliveries, deliveryHarness, publishSecondPost } from "./harness.ts";

// Windows of 6, sent two at a time.
const h = deliveryHarness({ WINDOW_SIZE: "6", SMTP_CONNECTIONS: "2", BANTIN_LEDGER: "1" });
const { sent, attempted, failFor, runQueue, runScheduled, takeEnqueued } = h;

afterEach(() => vi.restoreAllMocks());

async function status(n: number) {
  const res = await request(`/admin/digests/${n}`, { headers: ADMIN });
  return (await res.json()) as { state: string; counts: Record<string, number>; total: number };
}

const rowCount = async (digest: number) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE digest_number = ?")
    .bind(digest)
    .first<number>("n")) ?? 0;

const windowOf = (digest: number, window: number) =>
  env.DB.prepare("SELECT state, through_id, claim FROM delivery_windows WHERE digest_number = ? AND window_no = ?")
    .bind(digest, window)
    .first<{ state: string; through_id: number; claim: string | null }>();

const ids: Record<string, number> = {};

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
  for (const name of ["ok1", "ok2", "busy", "gone", "left", "ok3"]) {
    ids[name] = await addSubscriber(`${name}@example.org`, "confirmed");
  }
});

describe("a window with mixed outcomes", () => {
  it("settles each recipient once: sent, retried alone, refused and suppressed, skipped", async () => {
    await runScheduled();
    expect(takeEnqueued()).toEqual([{ kind: "window", digest: 1, window: 1 }]);
    const windows = await env.DB.prepare("SELECT window_no, size FROM delivery_windows WHERE digest_number = 1").all();
    expect(windows.results).toEqual([{ window_no: 1, size: 6 }]);
    await env.DB.prepare("UPDATE subscribers SET status = 'unsubscribed' WHERE id = ?").bind(ids.left).run();
    failFor.set("busy@example.org", { code: "E_RATE_LIMIT_EXCEEDED", message: "Rate limit exceeded" });
    failFor.set("gone@example.org", { code: "E_RECIPIENT_SUPPRESSED", message: "Recipient is suppressed" });

    const { result } = await runQueue([{ kind: "window", digest: 1, window: 1 }]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
    expect(sent.map((m) => m.to).sort()).toEqual(["ok1@example.org", "ok2@example.org", "ok3@example.org"]);
    // One row per recipient, each with its outcome.
    expect(await rowCount(1)).toBe(6);
    const rows = Object.fromEntries((await deliveries(1)).map((r) => [r.subscriber_id, r]));
    for (const name of ["ok1", "ok2", "ok3"])
      expect(rows[ids[name] ?? 0]).toMatchObject({ state: "sent", attempts: 1 });
    expect(rows[ids.busy ?? 0]).toMatchObject({ state: "queued", attempts: 1 });
    expect(rows[ids.busy ?? 0]?.last_error).toContain("E_RATE_LIMIT_EXCEEDED");
    expect(rows[ids.gone ?? 0]).toMatchObject({ state: "failed", attempts: 1 });
    expect(rows[ids.left ?? 0]).toMatchObject({ state: "skipped", last_error: "subscriber is unsubscribed" });
    const gone = await env.DB.prepare("SELECT status, suppressed_reason FROM subscribers WHERE id = ?")
      .bind(ids.gone)
      .first<{ status: string; suppressed_reason: string }>();
    expect(gone?.status).toBe("suppressed");
    expect(gone?.suppressed_reason).toMatch(/^hard bounce: .*E_RECIPIENT_SUPPRESSED/);
    // Nobody else was suppressed.
    const suppressed = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM subscribers WHERE status = 'suppressed'",
    ).first<number>("n");
    expect(suppressed).toBe(1);
    expect(await windowOf(1, 1)).toMatchObject({ state: "done", claim: null });
    expect((await status(1)).counts).toEqual({ queued: 1, sending: 0, sent: 3, failed: 1, skipped: 1 });
  });

  it("gives back only the recipient to try again, in a retry group of its own, and the window is done", async () => {
    expect(h.enqueued).toEqual([{ kind: "retry", digest: 1, subscribers: [ids.busy] }]);
    expect(h.enqueuedDelays).toEqual([30]);
    failFor.delete("busy@example.org");
    const before = sent.length;
    attempted.length = 0;
    const { result } = await runQueue();
    expect(result.explicitAcks).toHaveLength(1);
    expect(attempted).toEqual(["busy@example.org"]);
    expect(sent.slice(before).map((m) => m.to)).toEqual(["busy@example.org"]);
    expect((await deliveries(1)).find((r) => r.subscriber_id === ids.busy)).toMatchObject({
      state: "sent",
      attempts: 2,
    });
    expect(await rowCount(1)).toBe(6);
    expect(await status(1)).toMatchObject({
      state: "done",
      counts: { queued: 0, sending: 0, sent: 4, failed: 1, skipped: 1 },
      total: 6,
    });
  });

  it("sends nothing again when the window or the retry group comes back", async () => {
    const before = sent.length;
    attempted.length = 0;
    await runQueue([
      { kind: "window", digest: 1, window: 1 },
      { kind: "retry", digest: 1, subscribers: [ids.busy ?? 0] },
    ]);
    expect(attempted).toEqual([]);
    expect(sent.length).toBe(before);
    expect(takeEnqueued()).toEqual([]);
  });
});

describe("a window claimed by an invocation that died", () => {
  beforeAll(async () => {
    await env.DB.prepare("UPDATE subscribers SET status = 'confirmed' WHERE status != 'confirmed'").run();
    failFor.clear();
    await publishSecondPost();
    await runScheduled();
    takeEnqueued();
  });

  /** What a sender leaves when it dies after the first group's outcomes, with the second group under way. */
  async function dieMidWindow(): Promise<number[]> {
    const now = Date.now();
    const claimed = await claimWindow(env.DB, 2, 1, "dead-sender", 2, now);
    expect(claimed?.pending).toHaveLength(6);
    const pending = claimed?.pending ?? [];
    const first = pending.slice(0, 2).map((subscriber) => ({
      subscriber,
      state: "sent" as const,
      error: null,
      dueMs: null,
      untried: false,
      suppress: false,
    }));
    const moved = await settleWindowGroup(
      env.DB,
      2,
      1,
      "dead-sender",
      first,
      { throughId: pending[3] ?? 0 },
      now,
      "2026-12-07T08:00:00+07:00",
    );
    expect(moved).toBe(true);
    return pending;
  }

  it("leaves its unsettled recipients unknown, never resends them, and sends the rest", async () => {
    const pending = await dieMidWindow();
    expect((await status(2)).counts).toEqual({ queued: 2, sending: 2, sent: 2, failed: 0, skipped: 0 });
    attempted.length = 0;
    // While the claim is fresh, the message comes back later and sends nothing.
    const fresh = await runQueue([{ kind: "window", digest: 2, window: 1 }]);
    expect(fresh.result.retryMessages).toHaveLength(1);
    expect(fresh.delays).toEqual([600]);
    expect(attempted).toEqual([]);
    // Once stale: the group that was under way is closed as "outcome unknown", the untried rest is sent.
    await env.DB.prepare("UPDATE delivery_windows SET updated_ms = ? WHERE digest_number = 2")
      .bind(Date.now() - 11 * 60_000)
      .run();
    const stale = await runQueue([{ kind: "window", digest: 2, window: 1 }]);
    expect(stale.result.explicitAcks).toHaveLength(1);
    const emailOf = async (id: number) =>
      env.DB.prepare("SELECT email FROM subscribers WHERE id = ?").bind(id).first<string>("email");
    expect([...attempted].sort()).toEqual([await emailOf(pending[4] ?? 0), await emailOf(pending[5] ?? 0)].sort());
    const rows = Object.fromEntries((await deliveries(2)).map((r) => [r.subscriber_id, r]));
    for (const id of pending.slice(2, 4)) {
      expect(rows[id]).toMatchObject({ state: "failed", last_error: "outcome unknown: the sender stopped mid-send" });
    }
    for (const id of [...pending.slice(0, 2), ...pending.slice(4)]) expect(rows[id]?.state).toBe("sent");
    expect(await status(2)).toMatchObject({
      state: "done",
      counts: { queued: 0, sending: 0, sent: 4, failed: 2, skipped: 0 },
    });
  });

  it("is closed the same way by the delivery sweep, which fans out the rest", async () => {
    await env.DB.prepare("DELETE FROM deliveries WHERE digest_number = 2").run();
    await env.DB.prepare(
      "UPDATE delivery_windows SET state = 'queued', claim = NULL, claimed_from = 0, through_id = 0 WHERE digest_number = 2",
    ).run();
    const pending = await dieMidWindow();
    const old = Date.now() - 3600_000;
    await env.DB.batch([
      env.DB.prepare("UPDATE delivery_windows SET updated_ms = ? WHERE digest_number = 2").bind(old),
      env.DB.prepare("UPDATE digests SET activity_ms = ? WHERE number = 2").bind(old),
    ]);
    takeEnqueued();
    await runScheduled("* * * * *");
    const rows = Object.fromEntries((await deliveries(2)).map((r) => [r.subscriber_id, r]));
    for (const id of pending.slice(2, 4)) expect(rows[id]?.state).toBe("failed");
    expect(await windowOf(2, 1)).toMatchObject({ state: "queued", claim: null, through_id: pending[3] });
    attempted.length = 0;
    await runQueue(); // the sweep's fan-out: the window
    await runQueue(); // the window: its two untried recipients
    expect(attempted).toHaveLength(2);
    expect((await status(2)).counts).toEqual({ queued: 0, sending: 0, sent: 4, failed: 2, skipped: 0 });
  });
});

describe("what a digest costs in D1 rows", () => {
  // The default settings: windows of 50, sent 6 at a time.
  const d = deliveryHarness({ BANTIN_LEDGER: "1" });

  it("writes at most 2 rows per recipient, counted by the ledger from D1's own meta", async () => {
    const N = 120;
    await env.DB.prepare(
      `INSERT INTO subscribers (email, mailbox, status, created_at, consent_at)
       WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < ?1)
       SELECT 'w' || i || '@example.org', 'w' || i || '@example.org', 'confirmed', '2026-11-01T00:00:00+07:00',
              '2026-11-01T00:05:00+07:00' FROM k`,
    )
      .bind(N)
      .run();
    const third = {
      ...reportInput(),
      id: "urn:uuid:00000000-0000-4000-8000-000000000003",
      slug: "bai-thu-ba",
      title: "Bài thứ ba",
      published: "2021-07-27T09:00:00+07:00",
    };
    expect((await publish(third)).status).toBe(201);
    const recipients =
      (await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers WHERE status = 'confirmed'").first<number>("n")) ??
      0;
    const log = vi.spyOn(console, "log");
    const started = await request("/admin/digests", { method: "POST", headers: ADMIN }, d.testEnv);
    expect(started.status).toBe(201);
    expect(((await started.json()) as { recipients: number }).recipients).toBe(recipients);
    while (d.enqueued.length > 0) await d.runQueue();
    expect(d.sent).toHaveLength(recipients);
    const lines = log.mock.calls
      .map((args: unknown[]) => String(args[0]))
      .filter((line) => line.startsWith(LEDGER_PREFIX))
      .map((line) => JSON.parse(line.slice(LEDGER_PREFIX.length)) as InvocationLedger);
    const written = lines.reduce((a, l) => a + l.d1.rowsWritten, 0);
    const operations = lines.reduce((a, l) => a + l.queue.writes + l.queue.reads + l.queue.deletes, 0);
    const perRecipient = written / recipients;
    console.info(`D1 rows written per recipient: ${perRecipient.toFixed(3)} (${written} for ${recipients})`);
    expect(lines.map((l) => l.name)).toContain("POST /admin/digests");
    expect(perRecipient).toBeGreaterThan(0.9);
    expect(perRecipient).toBeLessThanOrEqual(2);
    // Three windows (50, 50 and 26), each one message: written, read and deleted.
    expect(operations).toBe(9);
  });
});

describe("a window the digest pauses in", () => {
  it("goes back to the queue with its mark after the last recipient tried, and resuming sends the rest once", async () => {
    await env.DB.prepare("UPDATE subscribers SET status = 'confirmed' WHERE status != 'confirmed'").run();
    failFor.clear();
    const fourth = {
      ...reportInput(),
      id: "urn:uuid:00000000-0000-4000-8000-000000000004",
      slug: "bai-thu-tu",
      title: "Bài thứ tư",
      published: "2021-07-28T09:00:00+07:00",
    };
    expect((await publish(fourth)).status).toBe(201);
    await runScheduled();
    takeEnqueued();
    const n = (await env.DB.prepare("SELECT MAX(number) AS n FROM digests").first<number>("n")) ?? 0;
    const members = JSON.parse(
      (await env.DB.prepare("SELECT subscriber_ids FROM delivery_windows WHERE digest_number = ? AND window_no = 1")
        .bind(n)
        .first<string>("subscriber_ids")) ?? "[]",
    ) as number[];
    const emails = await Promise.all(
      members.map(
        async (id) =>
          (await env.DB.prepare("SELECT email FROM subscribers WHERE id = ?").bind(id).first<string>("email")) ?? "",
      ),
    );
    // The third recipient's send is refused for the sender: the digest pauses at once.
    failFor.set(emails[2] ?? "", { code: "E_SENDER_NOT_VERIFIED", message: "Sender domain not verified" });
    attempted.length = 0;
    const before = sent.length;
    await runQueue([{ kind: "window", digest: n, window: 1 }]);
    const tried = attempted.length;
    // Two at a time: the third, and perhaps the fourth taken before the pause was known; never the rest.
    expect(tried).toBeGreaterThanOrEqual(3);
    expect(tried).toBeLessThanOrEqual(4);
    expect((await status(n)).state).toBe("paused");
    expect(await windowOf(n, 1)).toMatchObject({ state: "queued", claim: null, through_id: members[tried - 1] });
    failFor.clear();
    const resumed = await request(`/admin/digests/${n}/resume`, { method: "POST", headers: ADMIN }, h.testEnv);
    expect(resumed.status).toBe(200);
    while (h.enqueued.length > 0) await runQueue();
    const got = sent.slice(before).map((m) => m.to);
    for (const email of emails)
      expect(
        got.filter((to) => to === email),
        email,
      ).toHaveLength(1);
    expect(await windowOf(n, 1)).toMatchObject({ state: "done", claim: null });
  });

  it("goes back whole when the claim ends with no recipient tried", async () => {
    const n = (await env.DB.prepare("SELECT MAX(number) AS n FROM digests").first<number>("n")) ?? 0;
    await env.DB.batch([
      env.DB.prepare(
        "DELETE FROM deliveries WHERE digest_number = ? AND subscriber_id IN (SELECT value FROM delivery_windows, json_each(subscriber_ids) WHERE digest_number = ? AND window_no = 2)",
      ).bind(n, n),
      env.DB.prepare(
        "UPDATE delivery_windows SET state = 'queued', claim = NULL, claimed_from = 0, through_id = 0 WHERE digest_number = ? AND window_no = 2",
      ).bind(n),
    ]);
    const now = Date.now();
    const first = await claimWindow(env.DB, n, 2, "first", 500, now);
    expect(first?.pending.length).toBeGreaterThan(0);
    expect(
      await settleWindowGroup(env.DB, n, 2, "first", [], { end: "queued" }, now, "2026-12-07T08:00:00+07:00"),
    ).toBe(true);
    expect(await windowOf(n, 2)).toMatchObject({ state: "queued", claim: null, through_id: 0 });
    const again = await claimWindow(env.DB, n, 2, "again", 500, now);
    expect(again?.pending).toEqual(first?.pending);
  });
});
