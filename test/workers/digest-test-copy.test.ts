// Test copies of the next digest from the console: a confirmed subscriber gets their own copy with
// an unsubscribe that works; anyone else a copy that says it is a test, with no unsubscribe link or
// List-Unsubscribe header it could not honour.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { findByMailbox } from "../../src/subscribers/repository.ts";
import { publish, reportInput } from "../helpers.ts";
import { type SentMail, subscriptionHarness } from "../subscriptions.ts";
import { type Signed, signIn } from "./console-harness.ts";

const h = subscriptionHarness();
let s: Signed;

const CONFIRMED = "ban-doc@example.org";
const PENDING = "cho-xac-nhan@example.org";
const STRANGER = "bien-tap-vien@example.net";

async function importCsv(email: string, confirmed: boolean) {
  const form = new FormData();
  form.set("file", new File([`email\n${email}\n`], "danh-sach.csv", { type: "text/csv" }));
  form.set("attest", "yes");
  if (confirmed) form.set("confirmed", "yes");
  expect((await s.upload("/console/subscribers/import", form)).status).toBe(200);
}

/** Sends a test copy from the console; returns the console's answer and the message sent. */
async function sendTest(to: string): Promise<{ page: string; mail: SentMail }> {
  const before = h.mails.length;
  const res = await s.post("/console/digest/test", { to });
  expect(res.status).toBe(200);
  const mail = h.mails.slice(before).find((m) => m.to === to);
  if (!mail) throw new Error(`no test copy to ${to}`);
  return { page: await res.text(), mail };
}

/** The text part's words on one line (it wraps at 78 characters). */
const flat = (text: string) => text.replace(/\s+/g, " ");

const headerNames = (mail: SentMail) => Object.keys(mail.headers).map((k) => k.toLowerCase());

beforeAll(async () => {
  expect((await publish(reportInput())).status).toBe(201);
  s = await signIn(h.bindings);
  await importCsv(CONFIRMED, true);
  await importCsv(PENDING, false);
});

describe("a test copy of the next digest", () => {
  it("to an address that gets no digest says it is a test, and offers no unsubscribe", async () => {
    for (const to of [STRANGER, PENDING]) {
      const { page, mail } = await sendTest(to);
      expect(mail.subject).toMatch(/^\[Thử\] Bản tin Dân vận số 1: /);
      expect(headerNames(mail), to).not.toContain("list-unsubscribe");
      expect(headerNames(mail), to).not.toContain("list-unsubscribe-post");
      for (const body of [mail.html, flat(mail.text)]) {
        expect(body).toContain(
          "Đây là bản thử của Bản tin Dân vận, do biên tập viên gửi tới địa chỉ này từ trang quản trị.",
        );
        expect(body).not.toContain("đã đăng ký và xác nhận");
        expect(body).not.toContain("Đổi nội dung nhận hoặc hủy đăng ký");
        expect(body).not.toContain("/unsubscribe");
        expect(body).not.toContain("unsubscribe.bantin.invalid");
        expect(body).toContain("https://bantin.example/digests/1");
      }
      expect(page).toContain(`Đã gửi bản thử tới ${to}`);
      expect(page).toContain("không có liên kết hủy đăng ký");
    }
    expect((await findByMailbox(env.DB, "bien-tap-vien@example.net"))?.status).toBeUndefined();
  });

  it("to a confirmed subscriber is their digest, with their own unsubscribe, which works in one click", async () => {
    const { page, mail } = await sendTest(CONFIRMED);
    const link = /^<(https:\/\/bantin\.example\/unsubscribe\?token=[^>]+)>$/.exec(
      mail.headers["List-Unsubscribe"] ?? "",
    )?.[1];
    expect(link).toBeDefined();
    expect(mail.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(flat(mail.text)).toContain("Bạn nhận được thư này vì đã đăng ký và xác nhận nhận bản tin");
    expect(flat(mail.text)).toContain(`Đổi nội dung nhận hoặc hủy đăng ký ${link}`);
    expect(mail.html).not.toContain("Đây là bản thử");
    // RFC 8058: a POST of List-Unsubscribe=One-Click to the header's URL ends the subscription.
    const oneClick = await h.request(new URL(link ?? "").pathname + new URL(link ?? "").search, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect((await findByMailbox(env.DB, CONFIRMED))?.status).toBe("unsubscribed");
    expect(page).toContain("Đây là người đăng ký đã xác nhận");
  });
});
