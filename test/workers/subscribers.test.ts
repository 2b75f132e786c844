import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { EmailServiceMailer } from "../../src/mail/email-service.ts";
import type { OutgoingMail } from "../../src/mail/mailer.ts";
import { normaliseAddress } from "../../src/subscribers/address.ts";
import type { ConfirmationMessage } from "../../src/subscribers/confirmations.ts";
import { findByMailbox } from "../../src/subscribers/repository.ts";
import { SUBSCRIBE_LIMIT, subscribe } from "../../src/subscribers/service.ts";
import { signToken } from "../../src/subscribers/tokens.ts";
import { ADMIN } from "../helpers.ts";
import { confirmTokenOf, subscriptionHarness } from "../subscriptions.ts";

const SECRET = "test-token-secret";
const form = (body: Record<string, string>, ip: string | null = "203.0.113.1") => ({
  method: "POST",
  headers: {
    "Content-Type": "application/x-www-form-urlencoded",
    ...(ip === null ? {} : { "CF-Connecting-IP": ip }),
  },
  body: new URLSearchParams(body).toString(),
});
const json = (body: unknown, ip = "203.0.113.2") => ({
  method: "POST",
  headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
  body: JSON.stringify(body),
});
const row = async (email: string) => {
  const address = normaliseAddress(email);
  return address.ok ? findByMailbox(env.DB, address.mailbox) : null;
};
const status = async (email: string) => (await row(email))?.status ?? null;
const countRows = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers").first<number>("n")) ?? 0;

let h = subscriptionHarness();
beforeEach(() => {
  h = subscriptionHarness();
});

/** Subscribes from its own client address and lets the confirmations consumer run. */
let clientNo = 0;
async function subscribed(email: string) {
  const res = await h.request("/subscribe", form({ email }, `192.0.2.${++clientNo}`));
  expect(res.status).toBe(200);
  await h.drain();
  const r = await row(email);
  if (!r) throw new Error(`${email} not stored`);
  return r;
}

describe("subscribing", () => {
  it("answers the same way for a new, a pending and a confirmed address", async () => {
    const first = await h.request("/subscribe", form({ email: "same@example.org" }));
    await h.drain();
    const again = await h.request("/subscribe", form({ email: "same@example.org" }));
    await h.drain();
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    const bodyNew = await first.text();
    expect(await again.text()).toBe(bodyNew);
    expect(await status("same@example.org")).toBe("pending");
    await env.DB.prepare("UPDATE subscribers SET status = 'confirmed' WHERE email = 'same@example.org'").run();
    const confirmed = await h.request("/subscribe", form({ email: "same@example.org" }));
    await h.drain();
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toBe(bodyNew);
    expect(await status("same@example.org")).toBe("confirmed");
    // One confirmation: the second request came within the interval, the third for a confirmed address.
    expect(h.mails.filter((m) => m.to === "same@example.org")).toHaveLength(1);
  });

  it("answers before any work that depends on the address: that runs in the confirmations queue", async () => {
    for (const email of ["unknown-yet@example.org", "same@example.org"]) {
      const res = await h.request("/subscribe", json({ email }));
      expect(res.status).toBe(202);
    }
    // Nothing about the new address is stored or mailed by the request itself.
    expect(await status("unknown-yet@example.org")).toBeNull();
    expect(h.mails).toHaveLength(0);
    expect(h.queued).toEqual([
      { kind: "confirm", email: "unknown-yet@example.org", requestedMs: expect.any(Number) },
      { kind: "confirm", email: "same@example.org", requestedMs: expect.any(Number) },
    ]);
    expect(await h.drain()).toEqual({ acked: 2, retried: 0 });
    expect(await status("unknown-yet@example.org")).toBe("pending");
    expect(h.mails.map((m) => m.to)).toEqual(["unknown-yet@example.org"]);
    expect(h.mails[0]?.subject).toBe("Xác nhận đăng ký nhận Bản tin Dân vận");
  });

  it("takes JSON too", async () => {
    const res = await h.request("/subscribe", json({ email: "json@Example.org" }));
    expect(res.status).toBe(202);
    expect(((await res.json()) as { status: string }).status).toBe("check-your-inbox");
    await h.drain();
    expect(await status("json@example.org")).toBe("pending");
  });

  it("answers hostile input with a clear 400 and stores nothing", async () => {
    const before = await countRows();
    for (const email of [
      "a@b.c\r\nBcc: x@y.z",
      "x".repeat(10_240),
      "ad\u043cin@example.org",
      "'); DELETE FROM subscribers; --",
      "user@exаmple.org",
      "a\u202eb@example.org",
    ]) {
      const html = await h.request("/subscribe", form({ email }));
      expect(html.status).toBe(400);
      expect(await html.text()).toMatch(/Địa chỉ email (không hợp lệ|cần có dạng|quá dài)/);
      const api = await h.request("/subscribe", json({ email }));
      expect(api.status).toBe(400);
      expect(((await api.json()) as { error: string }).error).toMatch(/email/);
    }
    expect((await h.request("/subscribe", json({ nope: 1 }))).status).toBe(400);
    expect((await h.request("/subscribe", { ...json({}), body: "{not json" })).status).toBe(400);
    expect(h.queued).toHaveLength(0);
    expect(await countRows()).toBe(before);
  });

  it("says when mail cannot be sent at all, and stores nothing", async () => {
    const worker = (await import("../../src/index.ts")).default;
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("https://bantin.example/subscribe", json({ email: "nobody@example.org" })),
      { ...h.bindings, SMTP_URL: "http//wrong" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("SMTP_URL must");
    expect(h.queued).toHaveLength(0);
    expect(await status("nobody@example.org")).toBeNull();
  });

  it("limits subscribe requests per client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await h.request("/subscribe", form({ email: `flood${i}@example.org` }, "198.51.100.7"))).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    await h.drain();
    expect(await status("flood9@example.org")).toBe("pending");
    expect(await status("flood11@example.org")).toBeNull();
    // Another client still may.
    expect((await h.request("/subscribe", form({ email: "other@example.org" }, "198.51.100.8"))).status).toBe(200);
  });

  it("counts every address of an IPv6 /64 as one client, and another /64 as another", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const ip = `2001:db8:aa:bb:${(i * 4001).toString(16)}::${i + 1}`;
      statuses.push((await h.request("/subscribe", form({ email: `v6-${i}@example.org` }, ip))).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await h.request("/subscribe", form({ email: "v6@example.org" }, "2001:db8:aa:bc::1"))).status).toBe(200);
  });

  it("puts requests without a client address in one shared bucket", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await h.request("/subscribe", form({ email: `anon${i}@example.org` }, null))).status);
    }
    expect(statuses.filter((s) => s === 429)).toEqual([429]);
  });
});

describe("one mailbox, one subscriber", () => {
  it("sends one confirmation to a mailbox however the address is spelt, and stores one row", async () => {
    const spellings = ["Victim@Example.net", "vIctim@example.net", "victim+1@example.net", "VICTIM+news@EXAMPLE.NET"];
    for (const [i, email] of spellings.entries()) {
      expect((await h.request("/subscribe", form({ email }, `203.0.113.${100 + i}`))).status).toBe(200);
    }
    await h.drain();
    const rows = await env.DB.prepare(
      "SELECT email, mailbox FROM subscribers WHERE mailbox = 'victim@example.net'",
    ).all();
    expect(rows.results).toEqual([{ email: "Victim@example.net", mailbox: "victim@example.net" }]);
    expect(h.mails.map((m) => m.to)).toEqual(["Victim@example.net"]);
  });

  it("reads Gmail addresses without dots and googlemail.com as gmail.com", async () => {
    for (const [i, email] of [
      "nguyen.van.a@gmail.com",
      "NguyenVanA+x@googlemail.com",
      "n.g.u.y.e.n.v.a.n.a@gmail.com",
    ].entries()) {
      await h.request("/subscribe", json({ email }, `203.0.113.${110 + i}`));
    }
    await h.drain();
    const rows = await env.DB.prepare("SELECT email FROM subscribers WHERE mailbox = 'nguyenvana@gmail.com'").all();
    expect(rows.results).toEqual([{ email: "nguyen.van.a@gmail.com" }]);
    expect(h.mails).toHaveLength(1);
  });

  it("mails a mailbox at most once per 5 minutes and 3 times a day", async () => {
    const send = async (i: number) => {
      await h.request("/subscribe", json({ email: `Limit+${i}@example.net` }, `203.0.113.${120 + i}`));
      await h.drain();
    };
    const moveBack = (ms: number) =>
      env.DB.prepare(
        `UPDATE subscribers SET confirmation_sent_ms = confirmation_sent_ms - ?1,
           confirmations_window_ms = confirmations_window_ms - ?1 WHERE mailbox = 'limit@example.net'`,
      )
        .bind(ms)
        .run();
    await send(0);
    await send(1);
    expect(h.mails).toHaveLength(1);
    for (let i = 2; i < 6; i++) {
      await moveBack(6 * 60 * 1000);
      await send(i);
    }
    // Three in the day, however many requests came 6 minutes apart.
    expect(h.mails).toHaveLength(3);
    await moveBack(24 * 3600 * 1000);
    await send(6);
    expect(h.mails).toHaveLength(4);
  });

  it("keeps the request when the transport is down for a while, and sends once it is back", async () => {
    h.failures.set("retry@example.net", "503 Service Unavailable");
    await h.request("/subscribe", json({ email: "retry@example.net" }, "203.0.113.130"));
    expect(await h.drain()).toEqual({ acked: 0, retried: 1 });
    expect(h.mails).toHaveLength(0);
    h.failures.clear();
    expect(await h.drain()).toEqual({ acked: 1, retried: 0 });
    expect(h.mails.map((m) => m.to)).toEqual(["retry@example.net"]);
  });
});

describe("internationalised addresses", () => {
  it("stores and mails an IDN domain as its A-label, and the admin API finds it in either form", async () => {
    const res = await h.request("/subscribe", form({ email: "Nguoi@Ví-Dụ.vn" }, "203.0.113.140"));
    expect(res.status).toBe(200);
    await h.drain();
    expect(h.mails.map((m) => m.to)).toEqual(["Nguoi@xn--v-d-rma6749a.vn"]);
    for (const spelt of ["nguoi@ví-dụ.vn", "NGUOI@xn--v-d-rma6749a.vn", "Nguoi+x@VÍ-DỤ.VN"]) {
      const found = await h.request(`/admin/subscribers/${encodeURIComponent(spelt)}`, { headers: ADMIN });
      expect(found.status, spelt).toBe(200);
      expect(((await found.json()) as { email: string }).email).toBe("Nguoi@xn--v-d-rma6749a.vn");
    }
    // The confirm page shows the domain as the reader wrote it.
    const page = await h.request(`/confirm?token=${encodeURIComponent(confirmTokenOf(h.mails[0]))}`);
    expect(await page.text()).toContain("Nguoi@ví-dụ.vn");
    const erased = await h.request(`/admin/subscribers/${encodeURIComponent("nguoi@ví-dụ.vn")}`, {
      method: "DELETE",
      headers: ADMIN,
    });
    expect(erased.status).toBe(200);
    expect(await status("nguoi@ví-dụ.vn")).toBeNull();
  });

  it("refuses a UTF-8 local part with a clear Vietnamese 400 while the transport lacks SMTPUTF8", async () => {
    for (const req of [form({ email: "người@ví-dụ.vn" }, "203.0.113.141"), json({ email: "người@ví-dụ.vn" })]) {
      const res = await h.request("/subscribe", req);
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain("SMTPUTF8");
      expect(text).toContain("chưa hỗ trợ địa chỉ email có dấu");
    }
    expect(h.queued).toHaveLength(0);
  });

  it("asks the transport about SMTPUTF8 only within the rate limit (the question may open an SMTP connection)", async () => {
    let asked = 0;
    const deps = {
      db: env.DB,
      queue: { send: async () => {} } as unknown as Queue<ConfirmationMessage>,
      nowMs: Date.now(),
      smtpUtf8: async () => {
        asked++;
        return false;
      },
    };
    const client = "rate-limited-utf8-client";
    for (let i = 0; i < SUBSCRIBE_LIMIT.count; i++) {
      expect((await subscribe(deps, "người@ví-dụ.vn", client)).kind).toBe("invalid");
    }
    expect(asked).toBe(SUBSCRIBE_LIMIT.count);
    expect(await subscribe(deps, "người@ví-dụ.vn", client)).toEqual({ kind: "rate-limited" });
    expect(asked).toBe(SUBSCRIBE_LIMIT.count);
  });

  it("does not let the admin API's address parameter break it", async () => {
    for (const path of [
      "/admin/subscribers/a%25b@example.org",
      "/admin/subscribers/%E0%A4%A",
      "/admin/subscribers/x",
    ]) {
      const res = await h.request(path, { headers: ADMIN });
      expect([400, 404]).toContain(res.status);
    }
  });
});

describe("confirming and unsubscribing", () => {
  it("changes nothing on GET, confirms on POST, idempotently", async () => {
    const s = await subscribed("confirm-me@example.org");
    const token = confirmTokenOf(h.mails[0]);
    const page = await h.request(`/confirm?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain("Xác nhận đăng ký");
    expect(await status(s.email)).toBe("pending");
    for (let i = 0; i < 2; i++) {
      const res = await h.request("/confirm", form({ token }));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Đã xác nhận");
    }
    const r = await row(s.email);
    expect(r?.status).toBe("confirmed");
    expect(r?.consentMethod).toBe("double-opt-in (web form)");
    expect(r?.consentAt).toMatch(/\+07:00$/);
  });

  it("refuses forged, expired and cross-address tokens, and says so", async () => {
    const a = await subscribed("alice@example.org");
    const b = await subscribed("bob@example.org");
    const forged = `${a.handle}.${Math.floor(Date.now() / 1000) + 3600}.${"A".repeat(43)}`;
    const forgedOld = `${a.id}.${Math.floor(Date.now() / 1000) + 3600}.${"A".repeat(43)}`;
    const expired = await signToken(SECRET, "confirm", a.handle, a.email, Date.now() - 8 * 24 * 3600 * 1000);
    const otherSecret = await signToken("not-the-secret", "confirm", a.handle, a.email, Date.now());
    const bobsTokenOnAlice = (await signToken(SECRET, "confirm", b.handle, b.email, Date.now())).replace(
      b.handle,
      a.handle,
    );
    const wrongPurpose = await signToken(SECRET, "unsubscribe", a.handle, a.email, Date.now());
    for (const [token, says] of [
      [forged, "không hợp lệ"],
      [forgedOld, "không hợp lệ"],
      [expired, "hết hạn"],
      [otherSecret, "không hợp lệ"],
      [bobsTokenOnAlice, "không hợp lệ"],
      [wrongPurpose, "không hợp lệ"],
      ["garbage", "không đầy đủ"],
    ] as const) {
      const res = await h.request("/confirm", form({ token }));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(says);
    }
    expect(await status(a.email)).toBe("pending");
    expect(await status(b.email)).toBe("pending");
  });

  it("answers a forged token for an erased subscriber exactly as one for an existing subscriber", async () => {
    const kept = await subscribed("kept@example.org");
    const gone = await subscribed("gone@example.org");
    await h.request("/admin/subscribers/gone@example.org", { method: "DELETE", headers: ADMIN });
    const expires = Math.floor(Date.now() / 1000) + 3600;
    // Handles, as links carry them now, and ids, as links mailed before handles did.
    for (const subjects of [
      [kept.handle, gone.handle, "0123456789abcdef0123456789abcdef"],
      [kept.id, gone.id, 999_999],
    ]) {
      const answers: { kind: string; get: [number, string]; post: [number, string] }[] = [];
      for (const subject of subjects) {
        for (const kind of ["confirm", "unsubscribe"]) {
          const token = `${subject}.${expires}.${"B".repeat(43)}`;
          const get = await h.request(`/${kind}?token=${token}`);
          const post = await h.request(`/${kind}`, form({ token }));
          answers.push({ kind, get: [get.status, await get.text()], post: [post.status, await post.text()] });
        }
      }
      // The same status and page for a subscriber that exists, one erased and one never stored.
      expect(answers[2]).toEqual(answers[0]);
      expect(answers[4]).toEqual(answers[0]);
      expect(answers[3]).toEqual(answers[1]);
      expect(answers[5]).toEqual(answers[1]);
      expect(answers[0]?.post[0]).toBe(400);
      expect(answers[0]?.post[1]).toContain("không hợp lệ");
    }
  });

  it("does not let a confirm link mailed before an unsubscription confirm a later subscription", async () => {
    const s = await subscribed("again@example.org");
    const oldToken = confirmTokenOf(h.mails.at(-1));
    expect((await h.request("/confirm", form({ token: oldToken }))).status).toBe(200);
    const unsubscribeToken = await signToken(SECRET, "unsubscribe", s.handle, s.email, Date.now());
    expect((await h.request("/unsubscribe", form({ token: unsubscribeToken }))).status).toBe(200);
    expect(await status(s.email)).toBe("unsubscribed");
    // While unsubscribed, the old link confirms nothing.
    const meanwhile = await h.request("/confirm", form({ token: oldToken }));
    expect(meanwhile.status).toBe(400);
    expect(await status(s.email)).toBe("unsubscribed");
    // Subscribing again mails a new link; the old one still confirms nothing.
    await env.DB.prepare("UPDATE subscribers SET confirmation_sent_ms = 0 WHERE id = ?").bind(s.id).run();
    await subscribed("again@example.org");
    expect(await status(s.email)).toBe("pending");
    const stale = await h.request("/confirm", form({ token: oldToken }));
    expect(stale.status).toBe(400);
    expect(await status(s.email)).toBe("pending");
    const newToken = confirmTokenOf(h.mails.at(-1));
    expect(newToken).not.toBe(oldToken);
    expect((await h.request("/confirm", form({ token: newToken }))).status).toBe(200);
    expect(await status(s.email)).toBe("confirmed");
  });

  it("unsubscribes with one click (RFC 8058) and never mails the address again until it opts in", async () => {
    const s = await subscribed("leaver@example.org");
    await env.DB.prepare("UPDATE subscribers SET status = 'confirmed' WHERE id = ?").bind(s.id).run();
    const token = await signToken(SECRET, "unsubscribe", s.handle, s.email, Date.now());
    const url = `/unsubscribe?token=${encodeURIComponent(token)}`;
    expect((await h.request(url)).status).toBe(200);
    expect(await status(s.email)).toBe("confirmed");
    const oneClick = await h.request(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect(await status(s.email)).toBe("unsubscribed");
    expect((await h.request(url, { method: "POST" })).status).toBe(200);
    expect(await status(s.email)).toBe("unsubscribed");
    // Opting in again starts over at pending.
    await subscribed(s.email);
    expect(await status(s.email)).toBe("pending");
  });

  it("erases an address on the admin's request; its tokens then change nothing", async () => {
    const s = await subscribed("erase-me@example.org");
    const token = confirmTokenOf(h.mails.at(-1));
    expect((await h.request("/admin/subscribers/erase-me@example.org", { method: "DELETE" })).status).toBe(401);
    const res = await h.request("/admin/subscribers/Erase-Me+x@example.org", { method: "DELETE", headers: ADMIN });
    expect(res.status).toBe(200);
    expect(await status(s.email)).toBeNull();
    const after = await h.request("/confirm", form({ token }));
    expect(after.status).toBe(400);
    expect(await after.text()).toContain("không hợp lệ");
    expect(
      (await h.request("/admin/subscribers/erase-me@example.org", { method: "DELETE", headers: ADMIN })).status,
    ).toBe(404);
  });
});

describe("the Email Service transport", () => {
  it("calls the binding's structured send with from, to, reply-to, subject, bodies and headers", async () => {
    const calls: unknown[] = [];
    const binding = {
      async send(message: unknown) {
        calls.push(message);
        return { messageId: "m-1" };
      },
    } as SendEmail;
    const mail: OutgoingMail = {
      from: { name: "Bản tin Dân vận", email: "bantin@news.example.org" },
      to: "reader@example.org",
      replyTo: "lienhe@news.example.org",
      subject: "Bản tin số 1",
      html: "<p>Xin chào</p>",
      text: "Xin chào",
      headers: { "List-Unsubscribe": "<https://news.example.org/unsubscribe?token=t>" },
    };
    expect(await new EmailServiceMailer(binding).send(mail)).toEqual({ ok: true, messageId: "m-1" });
    // The binding's structured send takes exactly the fields of an OutgoingMail.
    expect(calls).toEqual([mail]);
    // A failure is reported as the binding's error code with its text; what it means is decided
    // elsewhere (src/delivery/decide.ts), never from digits in the text.
    const refusal = Object.assign(new Error("Recipient is suppressed (550 5.1.1)"), { code: "E_RECIPIENT_SUPPRESSED" });
    const failing = { send: async () => Promise.reject(refusal) } as unknown as SendEmail;
    expect(await new EmailServiceMailer(failing).send(mail)).toEqual({
      ok: false,
      failure: {
        transport: "email-service",
        code: "E_RECIPIENT_SUPPRESSED",
        reason: "Recipient is suppressed (550 5.1.1)",
      },
    });
    const untyped = { send: async () => Promise.reject(new Error("network timeout")) } as unknown as SendEmail;
    expect(await new EmailServiceMailer(untyped).send(mail)).toEqual({
      ok: false,
      failure: { transport: "email-service", code: null, reason: "network timeout" },
    });
  });
});
