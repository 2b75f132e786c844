// A digest goes out through the real local queue of `npm start` to a real SMTP server that
// answers a temporary error once for one recipient and a permanent error for another.
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalServer, startServer } from "./server.ts";
import { smtpError, startSmtp, type TestSmtp, waitFor } from "./smtp.ts";

let received: ParsedMail[] = [];
let tempFailures = 0;
/** Errors are answered only once the subscribers have confirmed (confirmations are not retried). */
let armed = false;
let smtp: TestSmtp;
let server: LocalServer;

const CONFIRMED = ["a@example.org", "b@example.org", "c@example.org", "busy@example.org", "gone@example.org"];

const recipient = (m: ParsedMail) => (m.to as { value: { address: string }[] } | undefined)?.value[0]?.address ?? "";
const digestsTo = (address: string, number: number) =>
  received.filter((m) => recipient(m) === address && m.subject?.startsWith(`Bản tin Dân vận số ${number}:`));
const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${server.adminToken}`, ...init.headers },
  });

async function subscribeAndConfirm(email: string, confirm: boolean) {
  const res = await fetch(`${server.url}/subscribe`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });
  expect(res.status).toBe(202);
  const mail = await waitFor(`confirmation for ${email}`, () =>
    received.find((m) => recipient(m) === email && m.subject?.startsWith("Xác nhận")),
  );
  if (!confirm) return;
  const token = /confirm\?token=([^"&\s]+)/.exec(mail.text ?? "")?.[1] ?? "";
  const ok = await fetch(`${server.url}/confirm`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: decodeURIComponent(token) }).toString(),
  });
  expect(ok.status).toBe(200);
}

interface Status {
  counts: Record<string, number>;
  total: number;
  failures: { email: string; reason: string }[];
}

const settled = (s: Status) => s.counts.queued === 0 && s.counts.sending === 0;

beforeAll(async () => {
  smtp = await startSmtp((address) => {
    if (!armed) return null;
    if (address === "gone@example.org") return smtpError("5.1.1 User unknown", 550);
    if (address === "busy@example.org" && tempFailures++ === 0) return smtpError("4.7.0 Try again later", 451);
    return null;
  });
  received = smtp.received;
  server = await startServer({ SMTP_URL: smtp.url, RETRY_BASE_SECONDS: "1" });
  for (const email of CONFIRMED) await subscribeAndConfirm(email, true);
  await subscribeAndConfirm("pending@example.org", false);
  armed = true;
});

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

describe("sending the report's digest through the local queue", () => {
  let status: Status;

  it("starts digest 1 for the confirmed subscribers only", async () => {
    const res = await admin("/admin/digests", { method: "POST" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: "started", number: 1, recipients: 5 });
    status = await waitFor("every delivery to settle", async () => {
      const s = (await (await admin("/admin/digests/1")).json()) as Status;
      return settled(s) ? s : undefined;
    });
  });

  it("delivers exactly one digest to each confirmed subscriber, retrying a temporary failure", async () => {
    expect(status.counts).toEqual({ queued: 0, sending: 0, sent: 4, failed: 1, skipped: 0 });
    for (const email of ["a@example.org", "b@example.org", "c@example.org", "busy@example.org"]) {
      expect(digestsTo(email, 1), email).toHaveLength(1);
    }
    expect(tempFailures).toBe(2);
    expect(received.filter((m) => recipient(m) === "pending@example.org" && m.subject?.includes("số 1"))).toEqual([]);
    const [mail] = digestsTo("a@example.org", 1);
    expect(mail?.subject).toBe("Bản tin Dân vận số 1: Sơ kết công tác dân vận 6 tháng đầu năm");
    expect(mail?.html).toContain("Kết quả 6 tháng đầu năm 2021");
    expect(mail?.text).toContain("Nhiệm vụ trọng tâm 6 tháng cuối năm 2021");
  });

  it("fails and suppresses a permanently refused address", async () => {
    expect(status.failures).toEqual([expect.objectContaining({ email: "gone@example.org" })]);
    expect(status.failures[0]?.reason).toContain("550");
    const gone = (await (await admin("/admin/subscribers/gone@example.org")).json()) as { status: string };
    expect(gone.status).toBe("suppressed");
  });

  it("shows the progress page with every delivery settled", async () => {
    const page = await admin("/admin/digests/1/status");
    const html = await page.text();
    expect(html).toContain('<progress max="5" value="5"');
    expect(html).toMatch(/Đã gửi<\/th><td id="count-sent">4</);
  });

  it("unsubscribes with the one-click header of the digest", async () => {
    const [mail] = digestsTo("a@example.org", 1);
    const list = mail?.headers.get("list") as {
      unsubscribe?: { url?: string };
      "unsubscribe-post"?: { name?: string };
    };
    const url = list.unsubscribe?.url ?? "";
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=/);
    expect(mail?.headers.get("list-unsubscribe-post") ?? list["unsubscribe-post"]).toBeTruthy();
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    const a = (await (await admin("/admin/subscribers/a@example.org")).json()) as { status: string };
    expect(a.status).toBe("unsubscribed");
  });

  it("sends nothing when called again with no new posts", async () => {
    const before = received.length;
    const res = await admin("/admin/digests", { method: "POST" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("nothing-new");
    await new Promise((r) => setTimeout(r, 3000));
    expect(received.length).toBe(before);
    expect((await admin("/admin/digests/2")).status).toBe(404);
  });
});
