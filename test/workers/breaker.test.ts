// The circuit breaker, the delivery sweep and lifting suppressions, through the Worker's own
// handlers and admin API (the Email Service stand-in fails where told to).
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { pauseDigest, recordFault, resumeDigest } from "../../src/delivery/repository.ts";
import worker from "../../src/index.ts";
import { ADMIN, publish, reportInput, request, TEST_ADMIN_TOKEN } from "../helpers.ts";
import { addSubscriber, deliveries, deliveryHarness, publishSecondPost } from "./harness.ts";

const h = deliveryHarness({ BREAKER_THRESHOLD: "3", BREAKER_COOLDOWN_SECONDS: "60" });
const { sent, attempted, failFor, runQueue, runScheduled, takeEnqueued } = h;

const RECIPIENTS = ["r1@example.org", "r2@example.org", "r3@example.org", "r4@example.org", "r5@example.org"];

async function status(n: number) {
  const res = await request(`/admin/digests/${n}`, { headers: ADMIN });
  return (await res.json()) as {
    state: string;
    pause: { kind: string; reason: string; resumesAtMs: number | null } | null;
    counts: Record<string, number>;
  };
}

async function subscriberStatus(email: string): Promise<string | undefined> {
  return (
    (await env.DB.prepare("SELECT status FROM subscribers WHERE email = ?").bind(email).first<string>("status")) ??
    undefined
  );
}

/** POST /admin/digests/:n/resume, with the stand-in queue so the fan-out it enqueues can be run. */
async function resume(n: number, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`https://bantin.example/admin/digests/${n}/resume`, {
      method: "POST",
      ...init,
      headers: { ...ADMIN, ...init.headers },
    }),
    h.testEnv,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
  for (const email of RECIPIENTS) await addSubscriber(email, "confirmed");
});

describe("a relay that refuses the sender", () => {
  it("pauses the digest at once, suppresses nobody, and keeps every delivery queued", async () => {
    failFor.set("*", { code: "E_SENDER_NOT_VERIFIED", message: "Sender domain not verified" });
    await runScheduled();
    const { result } = await runQueue();
    expect(result.retryMessages).toEqual([]);
    expect(sent).toEqual([]);
    const s = await status(1);
    expect(s.state).toBe("paused");
    expect(s.pause).toMatchObject({ kind: "operator", resumesAtMs: null });
    expect(s.pause?.reason).toContain("E_SENDER_NOT_VERIFIED");
    expect(s.counts).toMatchObject({ queued: 5, sent: 0, failed: 0 });
    for (const email of RECIPIENTS) expect(await subscriberStatus(email)).toBe("confirmed");
    const page = await (await request("/admin/digests/1/status", { headers: ADMIN })).text();
    expect(page).toContain("Tạm dừng: Email Service refused the send (E_SENDER_NOT_VERIFIED");
    expect(page).not.toContain('http-equiv="refresh"');
  });

  it("sends nothing while paused, even when messages come back", async () => {
    failFor.clear();
    const { result } = await runQueue([
      { kind: "window", digest: 1, window: 1 },
      { kind: "retry", digest: 1, subscribers: RECIPIENTS.map((_, i) => i + 1) },
      ...RECIPIENTS.map((_, i) => ({ kind: "send", digest: 1, subscriber: i + 1 }) as const),
    ]);
    expect(result.explicitAcks).toHaveLength(7);
    expect(sent).toEqual([]);
  });

  it("refuses a resume posted from another site (the browser would add the Basic credentials)", async () => {
    const res = await resume(1, {
      headers: { Authorization: `Basic ${btoa(`x:${TEST_ADMIN_TOKEN}`)}`, Origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect((await status(1)).state).toBe("paused");
  });

  it("resumes when the operator says so, and each recipient gets the digest once", async () => {
    const res = await resume(1);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "resumed", queued: 5 });
    await runQueue(); // fan-out
    await runQueue();
    expect(sent.map((m) => m.to).sort()).toEqual(RECIPIENTS);
    expect((await status(1)).state).toBe("done");
    // Resuming again sends nothing twice.
    expect(await (await resume(1)).json()).toMatchObject({ status: "not-paused" });
    await runQueue();
    await runQueue();
    expect(sent).toHaveLength(5);
  });
});

describe("a relay that fails for a while", () => {
  beforeAll(async () => {
    await publishSecondPost();
    sent.length = 0;
  });

  it("pauses after the threshold of failures in a row, and plans its own resumption", async () => {
    failFor.set("*", { code: "E_INTERNAL_SERVER_ERROR", message: "Internal error" });
    await runScheduled();
    attempted.length = 0;
    const { result } = await runQueue();
    // The five go out in one group (SMTP_CONNECTIONS at once) and all fail: each counts toward the
    // breaker, whose third failure in a row pauses the digest. All stay queued, and no retry group is
    // enqueued while the digest is paused: resuming fans its queued deliveries out.
    expect([...attempted].sort()).toEqual(RECIPIENTS);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(h.enqueued.filter((m) => m.kind === "retry")).toEqual([]);
    const s = await status(2);
    expect(s.state).toBe("paused");
    expect(s.pause?.kind).toBe("cooldown");
    expect(s.pause?.reason).toMatch(/^3 failed sends in a row; the last: Email Service refused the send/);
    expect(s.counts).toMatchObject({ queued: 5, failed: 0 });
    const at = h.enqueued.findIndex((m) => m.kind === "resume");
    expect(h.enqueued[at]).toMatchObject({ kind: "resume", digest: 2 });
    expect(h.enqueuedDelays[at]).toBe(60);
    for (const email of RECIPIENTS) expect(await subscriberStatus(email)).toBe("confirmed");
  });

  it("resumes by itself once the relay works again, and delivers each digest once", async () => {
    failFor.clear();
    await runQueue(takeEnqueued()); // the resume message: lifts the pause and fans out
    expect((await status(2)).state).toBe("sending");
    await runQueue(); // sends
    expect(sent.map((m) => m.to).sort()).toEqual(RECIPIENTS);
    expect((await status(2)).state).toBe("done");
  });

  it("ignores a late resume message meant for an earlier pause", async () => {
    const before = sent.length;
    const { result } = await runQueue([{ kind: "resume", digest: 2, pausedMs: 1 }]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(takeEnqueued()).toEqual([]);
    expect(sent.length).toBe(before);
  });
});

describe("the delivery sweep", () => {
  it("closes claims left by a dead sender and restarts digests whose queue messages were lost", async () => {
    const old = Date.now() - 3600_000;
    const dead = await addSubscriber("dead@example.org", "confirmed");
    const lost = await addSubscriber("lost@example.org", "confirmed");
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO deliveries (digest_number, subscriber_id, state, attempts, updated_ms) VALUES (2, ?, 'sending', 1, ?)",
      ).bind(dead, old),
      env.DB.prepare(
        "INSERT INTO deliveries (digest_number, subscriber_id, state, attempts, updated_ms) VALUES (2, ?, 'queued', 0, ?)",
      ).bind(lost, old),
      env.DB.prepare("UPDATE digests SET activity_ms = ? WHERE number = 2").bind(old),
    ]);
    expect((await status(2)).state).toBe("stalled");
    takeEnqueued();
    await runScheduled("* * * * *");
    // The sweep composes nothing, closes the dead claim without sending it, and fans the rest out.
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM digests").first<number>("n")).toBe(2);
    const rows = Object.fromEntries((await deliveries(2)).map((r) => [r.subscriber_id, r]));
    expect(rows[dead]).toMatchObject({ state: "failed", last_error: "outcome unknown: the sender stopped mid-send" });
    const before = sent.length;
    await runQueue(); // fan-out of the due deliveries
    await runQueue();
    expect(sent.slice(before).map((m) => m.to)).toEqual(["lost@example.org"]);
    expect((await status(2)).state).toBe("done");
  });
});

describe("suppressions", () => {
  it("are lifted by the operator, bringing back the subscription the address had", async () => {
    const post = await request("/admin/suppressions", {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "r1@example.org", type: "bounce", reason: "mailbox full for a month" }),
    });
    expect(post.status).toBe(200);
    const seen = (await (await request("/admin/subscribers/r1@example.org", { headers: ADMIN })).json()) as {
      status: string;
      suppression: { reason: string; at: string; lifted_at: string | null };
    };
    expect(seen.status).toBe("suppressed");
    expect(seen.suppression).toMatchObject({ reason: "bounce: mailbox full for a month", lifted_at: null });
    const lift = await request("/admin/suppressions/r1@example.org", { method: "DELETE", headers: ADMIN });
    expect(lift.status).toBe(200);
    expect(await lift.json()).toMatchObject({ lifted: true, status: "confirmed" });
    const after = (await (await request("/admin/subscribers/r1@example.org", { headers: ADMIN })).json()) as {
      status: string;
      suppression: { lifted_at: string | null };
    };
    expect(after.status).toBe("confirmed");
    expect(after.suppression.lifted_at).toMatch(/^\d{4}-\d{2}-\d{2}T.*\+07:00$/);
    // Lifting again, or an unknown address, says why nothing changed.
    expect((await request("/admin/suppressions/r1@example.org", { method: "DELETE", headers: ADMIN })).status).toBe(
      409,
    );
    expect((await request("/admin/suppressions/nobody@example.org", { method: "DELETE", headers: ADMIN })).status).toBe(
      404,
    );
    expect((await request("/admin/suppressions/not-an-address", { method: "DELETE", headers: ADMIN })).status).toBe(
      400,
    );
  });
});

describe("a refusal that comes back after the digest was resumed", () => {
  it("does not pause the digest again: the resume came after the send was tried", async () => {
    const n = 1;
    // Later than anything earlier tests did to digest 1.
    const t = Date.now() + 60_000;
    const settings = { kind: "operator" as const, reason: "late", cooldownMs: 60_000, maxCooldownMs: 3_600_000 };
    expect(
      await pauseDigest(env.DB, n, {
        ...settings,
        reason: "the relay refused the sender",
        nowMs: t + 1_000,
        triedMs: t + 900,
      }),
    ).not.toBeNull();
    expect(await resumeDigest(env.DB, n, t + 2_000)).toBe(true);
    // Tried at t + 1.5 s (before the resume), refused at t + 2.5 s: stale news.
    expect(await pauseDigest(env.DB, n, { ...settings, nowMs: t + 2_500, triedMs: t + 1_500 })).toBeNull();
    expect((await status(n)).pause).toBeNull();
    // Nor does it count towards the next cooldown pause.
    expect(await recordFault(env.DB, n, t + 1_500)).toBe(0);
    expect(await recordFault(env.DB, n, t + 2_100)).toBe(1);
    // Tried after the resume: a new refusal pauses it.
    expect(await pauseDigest(env.DB, n, { ...settings, nowMs: t + 3_000, triedMs: t + 2_100 })).toMatchObject({
      pausedMs: t + 3_000,
    });
    expect((await status(n)).pause?.reason).toBe("late");
    expect(await resumeDigest(env.DB, n, Date.now())).toBe(true);
  });
});
