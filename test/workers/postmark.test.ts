// Delivery through Postmark's API (POSTMARK_TOKEN) against a stand-in of it over real HTTP
// (test/fixtures/postmark-api.ts): a window's sends go in one /email/batch call, each recipient with
// their own unsubscribe link and List-Unsubscribe header; each message's own result decides its
// delivery (406, inactive recipient: failed and suppressed); a request Postmark refuses whole is
// retried (429) or pauses the digest (a bad token); one without an answer is never sent again.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { DeliveryMessage } from "../../src/delivery/messages.ts";
import type { MailTemplate } from "../../src/mail/mailer.ts";
import { PostmarkMailer, postmarkSettings } from "../../src/mail/postmark.ts";
import type { PostmarkMessage, Recorded } from "../fixtures/postmark-api.ts";
import { publish, reportInput } from "../helpers.ts";
import { addSubscriber, deliveries, deliveryHarness } from "./harness.ts";

const api = `http://127.0.0.1:${inject("postmarkApiPort")}`;
const sentWith = async (token: string): Promise<Recorded> => (await fetch(`${api}/sent/${token}`)).json();
const harness = (token: string, vars: Record<string, string> = {}) =>
  deliveryHarness({ POSTMARK_TOKEN: token, POSTMARK_API_URL: api, WINDOW_SIZE: "10", ...vars }, { EMAIL: undefined });
const header = (m: PostmarkMessage, name: string) => m.Headers?.find((h) => h.Name === name)?.Value;

const READERS = 23;
let ids: number[] = [];

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
  ids = [];
  for (let i = 0; i < READERS; i++) ids.push(await addSubscriber(`p${i}@example.org`, "confirmed"));
});

describe("a digest through Postmark's API", () => {
  it("sends each window in one batch call, each message with its recipient's own link and headers", async () => {
    const token = "test-windows";
    const { digest } = await runDigest(harness(token), 1);
    const { requests, accepted } = await sentWith(token);
    // 23 readers in windows of 10: three windows, three calls, and no other request.
    expect(requests).toEqual([
      { path: "/email/batch", messages: 10 },
      { path: "/email/batch", messages: 10 },
      { path: "/email/batch", messages: 3 },
    ]);
    expect(accepted.map((m) => m.To).sort()).toEqual(ids.map((_, i) => `p${i}@example.org`).sort());
    for (const m of accepted) {
      expect(m.MessageStream).toBe("broadcast");
      expect(m.From).toBe('"Bản tin Dân vận" <bantin@localhost>');
      expect(m.Subject).toContain("Bản tin");
      const unsubscribe = header(m, "List-Unsubscribe")?.slice(1, -1) ?? "";
      expect(unsubscribe).toMatch(/^https:\/\/bantin\.example\/unsubscribe\?/);
      expect(header(m, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      // The recipient's own link, in both bodies, and no other recipient's.
      expect(m.TextBody).toContain(unsubscribe);
      expect(m.HtmlBody).toContain(unsubscribe.replaceAll("&", "&amp;"));
      const links = accepted.map((o) => header(o, "List-Unsubscribe")?.slice(1, -1) ?? "");
      expect(links.filter((l) => m.TextBody?.includes(l))).toEqual([unsubscribe]);
    }
    const rows = await deliveries(digest);
    expect(rows.map((r) => r.state)).toEqual(Array(READERS).fill("sent"));
  });

  it("fails and suppresses a recipient Postmark calls inactive (406); the rest of the batch is sent", async () => {
    const token = "test-inactive";
    const gone = await addSubscriber("inactive-reader@example.org", "confirmed");
    const { digest } = await runDigest(harness(token), 2);
    const { accepted } = await sentWith(token);
    expect(accepted).toHaveLength(READERS);
    const row = (await deliveries(digest)).find((r) => r.subscriber_id === gone);
    expect(row?.state).toBe("failed");
    expect(row?.last_error).toMatch(/^Postmark refused the send \(406: .*inactive/);
    const subscriber = await env.DB.prepare("SELECT status FROM subscribers WHERE id = ?").bind(gone).first("status");
    expect(subscriber).toBe("suppressed");
  });

  it("retries a batch Postmark refuses whole for now (429): every recipient of it waits, none is lost", async () => {
    const token = "test-busy";
    await onlyReaders(["q1@example.org", "q2@example.org", "busy-reader@example.org"]);
    const { digest, retries } = await runDigest(harness(token), 3);
    const { requests, accepted } = await sentWith(token);
    expect(requests).toEqual([{ path: "/email/batch", messages: 3 }]);
    expect(accepted).toEqual([]);
    const rows = await deliveries(digest);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.state).toBe("queued");
      expect(row.last_error).toMatch(/^Postmark refused the send \(HTTP 429: Rate limit exceeded\)/);
    }
    // One retry group, sent again later.
    expect(retries).toEqual([{ kind: "retry", digest, subscribers: rows.map((r) => r.subscriber_id) }]);
  });

  it("pauses the digest when Postmark refuses the token, and sends nothing", async () => {
    await onlyReaders(["t1@example.org", "t2@example.org"]);
    const { digest } = await runDigest(harness("wrong-token"), 4);
    const state = await env.DB.prepare("SELECT paused_ms, pause_kind, pause_reason FROM digests WHERE number = ?")
      .bind(digest)
      .first<{ paused_ms: number | null; pause_kind: string; pause_reason: string }>();
    expect(state?.paused_ms).not.toBeNull();
    expect(state?.pause_kind).toBe("operator");
    expect(state?.pause_reason).toMatch(/HTTP 401: Bad or missing API token/);
    expect((await deliveries(digest)).map((r) => r.state)).toEqual(["queued", "queued"]);
  });

  it("never sends again a batch that got no answer: its recipients' outcome is unknown", async () => {
    const token = "test-silent";
    await onlyReaders(["u1@example.org", "silent-reader@example.org"]);
    const { digest, retries } = await runDigest(harness(token), 5);
    expect((await sentWith(token)).requests).toEqual([{ path: "/email/batch", messages: 2 }]);
    const rows = await deliveries(digest);
    expect(rows.map((r) => r.state)).toEqual(["failed", "failed"]);
    for (const row of rows) expect(row.last_error).toMatch(/^outcome unknown: Postmark: /);
    expect(retries).toEqual([]);
  });
});

/** Leaves only these readers confirmed (the others unsubscribed), adding those not stored yet. */
async function onlyReaders(emails: string[]) {
  await env.DB.prepare("UPDATE subscribers SET status = 'unsubscribed' WHERE status = 'confirmed'").run();
  for (const email of emails) await addSubscriber(email, "confirmed");
}

describe("the Postmark mailer", () => {
  const mailer = (token: string) =>
    new PostmarkMailer(
      postmarkSettings({ POSTMARK_TOKEN: token, POSTMARK_API_URL: api, POSTMARK_STREAM: "tin-thang" }),
    );
  const template: MailTemplate = {
    from: { name: 'Bản tin "Dân vận" \\ tỉnh', email: "bantin@example.org" },
    replyTo: "toa-soan@example.org",
    subject: 'Sơ kết 6 tháng: "đạt" 100%',
    html: '<p>Chào bạn</p><a href="VALUE">Huỷ</a>',
    text: "Chào bạn\nHuỷ: VALUE\n",
    headers: { "X-Shared": "một" },
    placeholder: "VALUE",
  };

  it("sends a message alone to /email, and many at once in batch calls of at most 500", async () => {
    const token = "test-mailer";
    const m = mailer(token);
    const one = await m.send({ ...template, to: "mot@example.org", headers: { "X-Own": "1" } });
    expect(one).toMatchObject({ ok: true });
    // No reply-to address: none sent (Postmark refuses an empty one).
    expect(await m.send({ ...template, replyTo: "", to: "hai@example.org", headers: {} })).toMatchObject({ ok: true });
    const many = await Promise.all(
      Array.from({ length: 501 }, (_, i) =>
        m.sendPersonal(template, `r${i}@example.org`, `https://x.example/u?a=${i}&b="q"`, { "X-Own": String(i) }),
      ),
    );
    await m.close();
    expect(many.every((o) => o.ok)).toBe(true);
    const { requests, accepted } = await sentWith(token);
    // The one left over goes alone, to /email; the two calls run side by side, in either order.
    const calls = (r: { path: string; messages: number }) => `${r.path} ${r.messages}`;
    expect(requests.map(calls).sort()).toEqual(["/email 1", "/email 1", "/email 1", "/email/batch 500"]);
    expect(accepted.find((x) => x.To === "hai@example.org")).not.toHaveProperty("ReplyTo");
    const [first] = accepted;
    const r1 = accepted.find((m) => m.To === "r1@example.org");
    // A one-off message on the transactional stream; a template's copies on the configured one.
    expect(r1?.MessageStream).toBe("tin-thang");
    expect(first).toMatchObject({
      To: "mot@example.org",
      MessageStream: "outbound",
      TrackOpens: false,
      TrackLinks: "None",
    });
    // The name quoted as RFC 5322 has it, accents and all; the subject and bodies exactly as given.
    expect(r1?.From).toBe('"Bản tin \\"Dân vận\\" \\\\ tỉnh" <bantin@example.org>');
    expect(r1?.ReplyTo).toBe("toa-soan@example.org");
    expect(r1?.Subject).toBe(template.subject);
    expect(r1?.TextBody).toBe('Chào bạn\nHuỷ: https://x.example/u?a=1&b="q"\n');
    expect(r1?.HtmlBody).toBe('<p>Chào bạn</p><a href="https://x.example/u?a=1&amp;b=&quot;q&quot;">Huỷ</a>');
    expect(r1?.Headers).toEqual([
      { Name: "X-Shared", Value: "một" },
      { Name: "X-Own", Value: "1" },
    ]);
  });

  it("says what is wrong with its settings", () => {
    expect(() => postmarkSettings({ POSTMARK_TOKEN: "t", POSTMARK_API_URL: "ftp://x" })).toThrow(
      /POSTMARK_API_URL must/,
    );
    expect(() => postmarkSettings({ POSTMARK_TOKEN: "t", POSTMARK_STREAM: "a b" })).toThrow(/POSTMARK_STREAM must/);
    expect(postmarkSettings({ POSTMARK_TOKEN: "t" })).toEqual({
      token: "t",
      apiUrl: "https://api.postmarkapp.com",
      stream: "broadcast",
    });
  });
});

/**
 * Publishes post `n` (post 1 is the report, published above), starts digest `n` by its cron and runs
 * every message that follows (fan-outs, windows) once, as the queue would; retry groups are returned,
 * not run.
 */
async function runDigest(h: ReturnType<typeof harness>, n: number) {
  if (n > 1) {
    const post = {
      ...reportInput(),
      id: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
      slug: `bai-so-${n}`,
      title: `Bài số ${n}`,
      published: `2021-07-2${n}T09:00:00+07:00`,
    };
    expect((await publish(post)).status).toBe(201);
  }
  await h.runScheduled();
  const retries: DeliveryMessage[] = [];
  for (let pending = h.takeEnqueued(); pending.length > 0; pending = h.takeEnqueued())
    for (const message of pending) {
      if (message.kind === "retry") retries.push(message);
      else await h.runQueue([message]);
    }
  const digest = (await env.DB.prepare("SELECT MAX(number) AS n FROM digests").first<number>("n")) ?? 0;
  expect(digest).toBe(n);
  return { digest, retries };
}
