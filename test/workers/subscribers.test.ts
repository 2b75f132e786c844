import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { EmailServiceMailer } from "../../src/mail/email-service.ts";
import type { OutgoingMail } from "../../src/mail/mailer.ts";
import { normaliseAddress } from "../../src/subscribers/address.ts";
import { findByEmail } from "../../src/subscribers/repository.ts";
import { signToken } from "../../src/subscribers/tokens.ts";
import { ADMIN, request } from "../helpers.ts";

const SECRET = "test-token-secret";
const form = (body: Record<string, string>, ip = "203.0.113.1") => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": ip },
  body: new URLSearchParams(body).toString(),
});
const json = (body: unknown, ip = "203.0.113.2") => ({
  method: "POST",
  headers: { "Content-Type": "application/json", "CF-Connecting-IP": ip },
  body: JSON.stringify(body),
});
const status = async (email: string) => (await findByEmail(env.DB, email))?.status ?? null;
const countRows = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers").first<number>("n")) ?? 0;

describe("addresses", () => {
  it("trims and lower-cases the domain only", () => {
    expect(normaliseAddress("  Nguyen.Van.A@Example.VN ")).toEqual({ ok: true, email: "Nguyen.Van.A@example.vn" });
  });

  it("refuses what is not a plain address, saying why in Vietnamese", () => {
    for (const bad of [
      "",
      "no-at-sign",
      "a@b",
      "a@b.c\r\nBcc: victim@example.org",
      `${"a".repeat(10_000)}@example.org`,
      "ngườidùng@example.org",
      "user@exаmple.org", // Cyrillic "а"
      "x'; DROP TABLE subscribers; --@example.org",
      "a..b@example.org",
    ]) {
      const check = normaliseAddress(bad);
      expect(check.ok, bad.slice(0, 40)).toBe(false);
      if (!check.ok) expect(check.message).toMatch(/email|Email/);
    }
  });
});

describe("subscribing", () => {
  it("answers the same way for a new, a pending and a confirmed address", async () => {
    const first = await request("/subscribe", form({ email: "same@example.org" }));
    const again = await request("/subscribe", form({ email: "same@example.org" }));
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    const bodyNew = await first.text();
    expect(await again.text()).toBe(bodyNew);
    expect(await status("same@example.org")).toBe("pending");
    await env.DB.prepare("UPDATE subscribers SET status = 'confirmed' WHERE email = 'same@example.org'").run();
    const confirmed = await request("/subscribe", form({ email: "same@example.org" }));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toBe(bodyNew);
    expect(await status("same@example.org")).toBe("confirmed");
  });

  it("takes JSON too", async () => {
    const res = await request("/subscribe", json({ email: "json@Example.org" }));
    expect(res.status).toBe(202);
    expect(((await res.json()) as { status: string }).status).toBe("check-your-inbox");
    expect(await status("json@example.org")).toBe("pending");
  });

  it("answers hostile input with a clear 400 and stores nothing", async () => {
    const before = await countRows();
    for (const email of [
      "a@b.c\r\nBcc: x@y.z",
      "x".repeat(10_240),
      "ad\u043cin@example.org",
      "'); DELETE FROM subscribers; --",
    ]) {
      const html = await request("/subscribe", form({ email }));
      expect(html.status).toBe(400);
      expect(await html.text()).toMatch(/Địa chỉ email (không hợp lệ|cần có dạng)/);
      const api = await request("/subscribe", json({ email }));
      expect(api.status).toBe(400);
      expect(((await api.json()) as { error: string }).error).toMatch(/email/);
    }
    expect((await request("/subscribe", json({ nope: 1 }))).status).toBe(400);
    expect((await request("/subscribe", { ...json({}), body: "{not json" })).status).toBe(400);
    expect(await countRows()).toBe(before);
  });

  it("says when mail cannot be sent at all, and stores nothing", async () => {
    const worker = (await import("../../src/index.ts")).default;
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request("https://bantin.example/subscribe", json({ email: "nobody@example.org" })),
      { ...env, SMTP_URL: "http//wrong" },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("SMTP_URL must");
    expect(await status("nobody@example.org")).toBeNull();
  });

  it("limits subscribe requests per client", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await request("/subscribe", form({ email: `flood${i}@example.org` }, "198.51.100.7"))).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(await status("flood11@example.org")).toBeNull();
  });
});

describe("confirming and unsubscribing", () => {
  async function pending(email: string) {
    await request("/subscribe", form({ email }, "192.0.2.10"));
    const row = await findByEmail(env.DB, email);
    if (!row) throw new Error("not stored");
    return row;
  }

  it("changes nothing on GET, confirms on POST, idempotently", async () => {
    const s = await pending("confirm-me@example.org");
    const token = await signToken(SECRET, "confirm", s.id, s.email, Date.now());
    const page = await request(`/confirm?token=${encodeURIComponent(token)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain("Xác nhận đăng ký");
    expect(await status(s.email)).toBe("pending");
    for (let i = 0; i < 2; i++) {
      const res = await request("/confirm", form({ token }));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Đã xác nhận");
    }
    const row = await findByEmail(env.DB, s.email);
    expect(row?.status).toBe("confirmed");
    expect(row?.consentMethod).toBe("double-opt-in (web form)");
    expect(row?.consentAt).toMatch(/\+07:00$/);
  });

  it("refuses forged, expired and cross-address tokens, and says so", async () => {
    const a = await pending("alice@example.org");
    const b = await pending("bob@example.org");
    const forged = `${a.id}.${Math.floor(Date.now() / 1000) + 3600}.${"A".repeat(43)}`;
    const expired = await signToken(SECRET, "confirm", a.id, a.email, Date.now() - 8 * 24 * 3600 * 1000);
    const otherSecret = await signToken("not-the-secret", "confirm", a.id, a.email, Date.now());
    const bobsTokenOnAlice = (await signToken(SECRET, "confirm", b.id, b.email, Date.now())).replace(
      /^\d+/,
      String(a.id),
    );
    const wrongPurpose = await signToken(SECRET, "unsubscribe", a.id, a.email, Date.now());
    for (const [token, says] of [
      [forged, "không hợp lệ"],
      [expired, "hết hạn"],
      [otherSecret, "không hợp lệ"],
      [bobsTokenOnAlice, "không hợp lệ"],
      [wrongPurpose, "không hợp lệ"],
      ["garbage", "không đầy đủ"],
    ] as const) {
      const res = await request("/confirm", form({ token }));
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(says);
    }
    expect(await status(a.email)).toBe("pending");
    expect(await status(b.email)).toBe("pending");
  });

  it("unsubscribes with one click (RFC 8058) and never mails the address again until it opts in", async () => {
    const s = await pending("leaver@example.org");
    await env.DB.prepare("UPDATE subscribers SET status = 'confirmed' WHERE id = ?").bind(s.id).run();
    const token = await signToken(SECRET, "unsubscribe", s.id, s.email, Date.now());
    const url = `/unsubscribe?token=${encodeURIComponent(token)}`;
    expect((await request(url)).status).toBe(200);
    expect(await status(s.email)).toBe("confirmed");
    const oneClick = await request(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect(await status(s.email)).toBe("unsubscribed");
    expect((await request(url, { method: "POST" })).status).toBe(200);
    expect(await status(s.email)).toBe("unsubscribed");
    // Opting in again starts over at pending.
    await request("/subscribe", form({ email: s.email }, "192.0.2.11"));
    expect(await status(s.email)).toBe("pending");
  });

  it("erases an address on the admin's request; its tokens then change nothing", async () => {
    const s = await pending("erase-me@example.org");
    const token = await signToken(SECRET, "confirm", s.id, s.email, Date.now());
    expect((await request("/admin/subscribers/erase-me@example.org", { method: "DELETE" })).status).toBe(401);
    const res = await request("/admin/subscribers/erase-me@example.org", { method: "DELETE", headers: ADMIN });
    expect(res.status).toBe(200);
    expect(await status(s.email)).toBeNull();
    const after = await request("/confirm", form({ token }));
    expect(after.status).toBe(400);
    expect(await after.text()).toContain("không còn trong danh sách");
    expect(
      (await request("/admin/subscribers/erase-me@example.org", { method: "DELETE", headers: ADMIN })).status,
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
