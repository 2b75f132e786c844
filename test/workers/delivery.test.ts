// The delivery engine, driving the Worker's scheduled() and queue() handlers directly with a
// stand-in for the Email Service binding that records every send (and fails where told to).
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { fanout, fanoutWindows, WINDOWS_PAGE } from "../../src/delivery/consumer.ts";
import type { DeliveryMessage } from "../../src/delivery/messages.ts";
import { previewNotice, RECIPIENT_UNSUBSCRIBE_URL } from "../../src/digest/render.ts";
import { siteText } from "../../src/i18n/index.ts";
import worker from "../../src/index.ts";
import { ADMIN, publish, reportInput, request, TEST_ADMIN_TOKEN } from "../helpers.ts";
import { addSubscriber, deliveries, deliveryHarness, publishSecondPost } from "./harness.ts";

// The note above a digest not sent yet, in the test site's language.
const PREVIEW_NOTICE = previewNotice(siteText(parseConfig(env)));

const h = deliveryHarness();
const { sent, failFor, enqueued, testEnv, runScheduled, runQueue, takeEnqueued } = h;

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
  await addSubscriber("a@example.org", "confirmed");
  await addSubscriber("b@example.org", "confirmed");
  await addSubscriber("c@example.org", "confirmed");
  await addSubscriber("pending@example.org", "pending");
  await addSubscriber("left@example.org", "unsubscribed");
});

describe("starting a digest", () => {
  it("creates one digest when the cron fires twice at once and again later", async () => {
    await Promise.all([runScheduled(), runScheduled()]);
    await runScheduled();
    const digests = await env.DB.prepare("SELECT number FROM digests").all<{ number: number }>();
    expect(digests.results).toEqual([{ number: 1 }]);
    expect((await deliveries(1)).map((d) => d.state)).toEqual(["queued", "queued", "queued"]);
  });

  it("enqueues one window message carrying every confirmed subscriber, straight away, and no delivery row yet", async () => {
    expect(enqueued).toEqual([{ kind: "window", digest: 1, window: 1 }]);
    const window = await env.DB.prepare(
      "SELECT subscriber_ids, size, state FROM delivery_windows WHERE digest_number = 1",
    ).all<{ subscriber_ids: string; size: number; state: string }>();
    expect(window.results).toHaveLength(1);
    expect(window.results[0]).toMatchObject({ size: 3, state: "queued" });
    expect(JSON.parse(window.results[0]?.subscriber_ids ?? "[]")).toHaveLength(3);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM deliveries").first<number>("n")).toBe(0);
  });

  it("fans many windows out page by page, each page with the next one before its windows", async () => {
    const initial = takeEnqueued();
    const queue = h.testEnv.DELIVERIES as Queue<DeliveryMessage>;
    // A full page (100 windows, one sendBatch) also enqueues the fan-out of the next one, first.
    const extra = Array.from({ length: WINDOWS_PAGE }, (_, i) => i + 2);
    const insert = `INSERT INTO delivery_windows (digest_number, window_no, subscriber_ids, size, state, updated_ms)
       VALUES (1, ?1, json_array(?1 * 1000), 1, 'queued', 0)`;
    await env.DB.batch(extra.map((n) => env.DB.prepare(insert).bind(n)));
    await fanoutWindows(env.DB, queue, 1, 0);
    const page = takeEnqueued();
    expect(page[0]).toEqual({ kind: "windows", digest: 1, after: WINDOWS_PAGE });
    expect(page.slice(1)).toEqual(
      Array.from({ length: WINDOWS_PAGE }, (_, i) => ({ kind: "window", digest: 1, window: i + 1 })),
    );
    await fanoutWindows(env.DB, queue, 1, WINDOWS_PAGE);
    expect(takeEnqueued()).toEqual([{ kind: "window", digest: 1, window: WINDOWS_PAGE + 1 }]);
    await env.DB.prepare("DELETE FROM delivery_windows WHERE digest_number = 1 AND window_no > 1").run();
    enqueued.push(...initial);
  });

  it("fans queued deliveries out in retry groups of a window's size, with the queued windows", async () => {
    const initial = takeEnqueued();
    const queue = h.testEnv.DELIVERIES as Queue<DeliveryMessage>;
    const ids = Array.from({ length: 120 }, (_, i) => i + 5000);
    const insert =
      "INSERT INTO deliveries (digest_number, subscriber_id, state, updated_ms) VALUES (1, ?, 'queued', 0)";
    await env.DB.batch(ids.map((id) => env.DB.prepare(insert).bind(id)));
    await fanout(env.DB, queue, 1, 0, null, 50);
    expect(takeEnqueued()).toEqual([
      { kind: "window", digest: 1, window: 1 },
      { kind: "retry", digest: 1, subscribers: ids.slice(0, 50) },
      { kind: "retry", digest: 1, subscribers: ids.slice(50, 100) },
      { kind: "retry", digest: 1, subscribers: ids.slice(100) },
    ]);
    await env.DB.prepare("DELETE FROM deliveries WHERE digest_number = 1").run();
    enqueued.push(...initial);
  });
});

describe("sending", () => {
  let sendBatch: DeliveryMessage[] = [];

  it("mails every confirmed subscriber exactly one personalised digest", async () => {
    sendBatch = [...enqueued];
    const { result } = await runQueue();
    expect(result.explicitAcks).toHaveLength(1);
    expect(sent.map((m) => m.to).sort()).toEqual(["a@example.org", "b@example.org", "c@example.org"]);
    for (const mail of sent) {
      expect(mail.subject).toBe("Bản tin Dân vận số 1: Sơ kết công tác dân vận 6 tháng đầu năm");
      expect(mail.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/bantin\.example\/unsubscribe\?token=[^>]+>$/);
      expect(mail.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      const link = mail.headers["List-Unsubscribe"]?.slice(1, -1) ?? "";
      expect(mail.html).toContain(link.replace(/&/g, "&amp;"));
      expect(mail.text).toContain(link);
      expect(mail.html).toContain("Kết quả 6 tháng đầu năm 2021");
    }
    expect(new Set(sent.map((m) => m.headers["List-Unsubscribe"])).size).toBe(3);
    // What went out is the rendering stored once with the digest, with only the link substituted.
    const stored = await env.DB.prepare("SELECT email_html, email_text FROM digests WHERE number = 1").first<{
      email_html: string;
      email_text: string;
    }>();
    for (const mail of sent) {
      const link = mail.headers["List-Unsubscribe"]?.slice(1, -1) ?? "";
      expect(mail.html).toBe(stored?.email_html.replaceAll(RECIPIENT_UNSUBSCRIBE_URL, link.replace(/&/g, "&amp;")));
      expect(mail.text).toBe(stored?.email_text.replaceAll(RECIPIENT_UNSUBSCRIBE_URL, link));
    }
    expect((await deliveries(1)).map((d) => d.state)).toEqual(["sent", "sent", "sent"]);
  });

  it("sends nothing twice when the same window is delivered again, twice in one batch", async () => {
    const before = sent.length;
    const { result } = await runQueue([...sendBatch, ...sendBatch]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(result.retryMessages).toEqual([]);
    expect(sent.length).toBe(before);
  });

  it("sends one mail when the same delivery comes twice in one batch", async () => {
    const twice = await addSubscriber("twice@example.org", "confirmed");
    await env.DB.prepare(
      "INSERT INTO deliveries (digest_number, subscriber_id, state, updated_ms) VALUES (1, ?, 'queued', ?)",
    )
      .bind(twice, Date.now())
      .run();
    const before = sent.length;
    const message: DeliveryMessage = { kind: "send", digest: 1, subscriber: twice };
    const { result } = await runQueue([message, message]);
    expect(sent.slice(before).map((m) => m.to)).toEqual(["twice@example.org"]);
    // The delivery is claimed and sent once; both messages are done.
    expect(result.explicitAcks).toHaveLength(2);
    expect(result.retryMessages).toHaveLength(0);
    expect(takeEnqueued()).toEqual([]);
    expect((await deliveries(1)).find((r) => r.subscriber_id === twice)?.state).toBe("sent");
    // Out of the counts the next test checks.
    await env.DB.prepare("DELETE FROM deliveries WHERE subscriber_id = ?").bind(twice).run();
    await env.DB.prepare("DELETE FROM subscribers WHERE id = ?").bind(twice).run();
    sent.splice(before);
  });

  it("reports the counts per state", async () => {
    const res = await request("/admin/digests/1", { headers: ADMIN });
    expect(res.status).toBe(200);
    const status = (await res.json()) as { counts: Record<string, number>; total: number };
    expect(status.counts).toEqual({ queued: 0, sending: 0, sent: 3, failed: 0, skipped: 0 });
    expect(status.total).toBe(3);
    const page = await request("/admin/digests/1/status", {
      headers: { Authorization: `Basic ${btoa(`editor:${TEST_ADMIN_TOKEN}`)}` },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<progress max="3" value="3"');
    expect(html).not.toContain('http-equiv="refresh"');
    expect((await request("/admin/digests/1/status")).headers.get("WWW-Authenticate")).toContain("Basic");
  });

  it("shows the sent digest on the web, no longer as a preview", async () => {
    const page = await (await request("/digests/1")).text();
    expect(page).toContain("Kết quả 6 tháng đầu năm 2021");
    expect(page).not.toContain(PREVIEW_NOTICE);
    expect(page).not.toContain("Đổi nội dung nhận hoặc hủy đăng ký");
    const archive = await (await request("/digests")).text();
    expect(archive).toContain("Đã gửi");
    expect(archive).not.toContain("Bản xem trước");
    expect((await request("/digests/latest", { redirect: "manual" })).headers.get("Location")).toBe(
      "https://bantin.example/digests/1",
    );
  });

  it("composes nothing when there are no new posts", async () => {
    const res = await request("/admin/digests", { method: "POST", headers: ADMIN });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("nothing-new");
  });
});

describe("the next digest", () => {
  let d: number;
  let temp: number;
  let hard: number;

  beforeAll(async () => {
    d = await addSubscriber("d@example.org", "confirmed");
    temp = await addSubscriber("busy@example.org", "confirmed");
    hard = await addSubscriber("gone@example.org", "confirmed");
    await publishSecondPost();
    enqueued.length = 0;
    await runScheduled();
  });

  it("skips a subscriber who left after the digest was enqueued", async () => {
    await env.DB.prepare("UPDATE subscribers SET status = 'unsubscribed' WHERE id = ?").bind(d).run();
    failFor.set("busy@example.org", {
      code: "E_RATE_LIMIT_EXCEEDED",
      message: "Rate limit exceeded (550 in the text)",
    });
    failFor.set("gone@example.org", {
      code: "E_RECIPIENT_SUPPRESSED",
      message: "Recipient is on the suppression list",
    });
    const before = sent.length;
    const { messages, result } = await runQueue();
    // One window message carries the six recipients.
    expect(messages).toEqual([{ kind: "window", digest: 2, window: 1 }]);
    expect(result.explicitAcks).toHaveLength(1);
    const to = sent
      .slice(before)
      .map((m) => m.to)
      .sort();
    expect(to).toEqual(["a@example.org", "b@example.org", "c@example.org"]);
    const rows = Object.fromEntries((await deliveries(2)).map((r) => [r.subscriber_id, r]));
    expect(rows[d]?.state).toBe("skipped");
    // A temporary failure goes back to queued and is retried alone, in a retry group of its own,
    // after about 30 s (the 550 in its text means nothing: the error code decides).
    expect(rows[temp]?.state).toBe("queued");
    expect(rows[temp]?.last_error).toContain("E_RATE_LIMIT_EXCEEDED");
    expect(result.retryMessages).toEqual([]);
    expect(h.enqueued).toEqual([{ kind: "retry", digest: 2, subscribers: [temp] }]);
    expect(h.enqueuedDelays).toEqual([30]);
    // The Email Service's own suppression list: the delivery fails and the address is suppressed.
    expect(rows[hard]?.state).toBe("failed");
    const gone = await env.DB.prepare("SELECT status, suppressed_reason FROM subscribers WHERE id = ?")
      .bind(hard)
      .first();
    expect(gone?.status).toBe("suppressed");
    expect(gone?.suppressed_reason).toMatch(/^hard bounce: .*E_RECIPIENT_SUPPRESSED/);
  });

  it("delivers the temporarily failed message on retry, with a longer delay if it fails again", async () => {
    const again = await runQueue();
    expect(again.result.explicitAcks).toHaveLength(1);
    expect(h.enqueued).toEqual([{ kind: "retry", digest: 2, subscribers: [temp] }]);
    expect(h.enqueuedDelays).toEqual([60]);
    failFor.delete("busy@example.org");
    const before = sent.length;
    const ok = await runQueue();
    expect(ok.result.explicitAcks).toHaveLength(1);
    expect(takeEnqueued()).toEqual([]);
    expect(sent.slice(before).map((m) => m.to)).toEqual(["busy@example.org"]);
    const row = (await deliveries(2)).find((r) => r.subscriber_id === temp);
    expect(row).toMatchObject({ state: "sent", attempts: 3 });
  });

  it("never sends a delivery claimed by an invocation that died: it closes it as failed once stale", async () => {
    const y = await addSubscriber("claimed@example.org", "confirmed");
    await env.DB.prepare(
      "INSERT INTO deliveries (digest_number, subscriber_id, state, attempts, updated_ms) VALUES (2, ?, 'sending', 1, ?)",
    )
      .bind(y, Date.now())
      .run();
    const message: DeliveryMessage = { kind: "send", digest: 2, subscriber: y };
    const before = sent.length;
    const fresh = await runQueue([message]);
    // Looked at again once the claim may be stale: a retry group of its own, 600 s later.
    expect(fresh.result.explicitAcks).toHaveLength(1);
    expect(h.enqueued).toEqual([{ kind: "retry", digest: 2, subscribers: [y] }]);
    expect(h.enqueuedDelays).toEqual([600]);
    takeEnqueued();
    expect((await deliveries(2)).find((r) => r.subscriber_id === y)?.state).toBe("sending");
    await env.DB.prepare("UPDATE deliveries SET updated_ms = ? WHERE subscriber_id = ?")
      .bind(Date.now() - 11 * 60 * 1000, y)
      .run();
    const stale = await runQueue([message]);
    expect(stale.result.explicitAcks).toHaveLength(1);
    expect(sent.length).toBe(before);
    expect((await deliveries(2)).find((r) => r.subscriber_id === y)).toMatchObject({
      state: "failed",
      last_error: "outcome unknown: the sender stopped mid-send",
    });
  });

  it("closes dead-lettered deliveries as failed", async () => {
    const x = await addSubscriber("x@example.org", "confirmed");
    await env.DB.prepare(
      "INSERT INTO deliveries (digest_number, subscriber_id, state, updated_ms, last_error) VALUES (2, ?, 'queued', 0, '421 busy')",
    )
      .bind(x)
      .run();
    const batch = createMessageBatch<DeliveryMessage>("bantin-deliveries-dlq", [
      { id: "dlq-1", timestamp: new Date(), attempts: 1, body: { kind: "send", digest: 2, subscriber: x } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<unknown>, testEnv, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["dlq-1"]);
    const row = (await deliveries(2)).find((r) => r.subscriber_id === x);
    expect(row).toMatchObject({ state: "failed", last_error: "gave up after retries: 421 busy" });
  });

  it("suppresses addresses reported by a bounce or complaint webhook", async () => {
    const res = await request("/admin/suppressions", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "c@example.org", type: "complaint", reason: "marked as spam" }),
    });
    expect(res.status).toBe(200);
    const row = await env.DB.prepare(
      "SELECT status, suppressed_reason FROM subscribers WHERE email = 'c@example.org'",
    ).first();
    expect(row).toEqual({ status: "suppressed", suppressed_reason: "complaint: marked as spam" });
    const bad = await request("/admin/suppressions", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "c@example.org", type: "spam" }),
    });
    expect(bad.status).toBe(400);
  });
});

describe("Email Service events", () => {
  it("suppresses hard bounces and complaints, and nothing else", async () => {
    await addSubscriber("hard@example.org", "confirmed");
    await addSubscriber("soft@example.org", "confirmed");
    await addSubscriber("spam@example.org", "confirmed");
    const event = (type: string, recipient: string, extra: Record<string, unknown> = {}) => ({
      type,
      source: { domain: "news.example.org" },
      payload: { eventId: crypto.randomUUID(), messageId: "m", sender: "bantin@news.example.org", recipient, ...extra },
      metadata: { eventTimestamp: "2026-11-30T12:00:00Z" },
    });
    const batch = createMessageBatch<unknown>("bantin-email-events", [
      {
        id: "e1",
        timestamp: new Date(),
        attempts: 1,
        body: event("cf.email.sending.message.bounced", "hard@example.org", {
          bounce: { type: "hard", category: "unknown-user" },
        }),
      },
      {
        id: "e2",
        timestamp: new Date(),
        attempts: 1,
        body: event("message.bounced", "soft@example.org", { bounce: { type: "soft" } }),
      },
      {
        id: "e3",
        timestamp: new Date(),
        attempts: 1,
        body: event("message.complained", "spam@example.org", { complaint: { type: "abuse" } }),
      },
      { id: "e4", timestamp: new Date(), attempts: 1, body: event("message.delivered", "a@example.org") },
      { id: "e5", timestamp: new Date(), attempts: 1, body: "not an event" },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, testEnv, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks.sort()).toEqual(["e1", "e2", "e3", "e4", "e5"]);
    const rows = await env.DB.prepare(
      "SELECT email, status, suppressed_reason FROM subscribers WHERE email IN ('hard@example.org', 'soft@example.org', 'spam@example.org', 'a@example.org') ORDER BY email",
    ).all();
    expect(rows.results).toEqual([
      { email: "a@example.org", status: "confirmed", suppressed_reason: null },
      { email: "hard@example.org", status: "suppressed", suppressed_reason: "hard bounce: unknown-user" },
      { email: "soft@example.org", status: "confirmed", suppressed_reason: null },
      { email: "spam@example.org", status: "suppressed", suppressed_reason: "complaint: abuse" },
    ]);
  });
});
