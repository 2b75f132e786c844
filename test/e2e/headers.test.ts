// Every email bantin sends (the confirmation and the digest), as the relay received it, parsed by
// Python's email package under policy.strict and checked line by line against RFC 5322 and RFC 2047:
// no defects, lines folded to 78 characters where they can be, never over 998, encoded-words of at
// most 75 characters and never inside a quoted string, a numeric Date zone, no needless multipart/mixed.
// The digest is of a post with a 300-character Vietnamese title, which once made an unfolded Subject
// that relays refuse.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PYTHON, run } from "./consumers.ts";
import { type FaultyRelay, type Received, startFaultyRelay } from "./relay.ts";
import { type LocalServer, startServer } from "./server.ts";
import { waitFor } from "./smtp.ts";

const LONG_TITLE = (
  "Hội nghị trực tuyến toàn quốc sơ kết công tác dân vận 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2021 " +
  "với sự tham dự của lãnh đạo Ban Dân vận Trung ương, các tỉnh ủy, thành ủy và đại biểu điểm cầu tỉnh Lạng Sơn, " +
  "bàn giải pháp nâng cao hiệu quả công tác dân vận chính quyền trong tình hình dịch bệnh Covid-19"
)
  .slice(0, 300)
  .trimEnd();

let relay: FaultyRelay;
let server: LocalServer;

interface StrictReport {
  errors: string[];
  headers: Record<string, string>;
  parts: string[];
  from_display_name: string | null;
}

async function strict(raw: Buffer): Promise<StrictReport> {
  const out = await run(PYTHON, [new URL("./strict_mail.py", import.meta.url).pathname], { input: raw });
  return JSON.parse(out.toString("utf8")) as StrictReport;
}

/** The header section's physical lines, as sent. */
function headerLines(raw: Buffer): string[] {
  const text = raw.toString("utf8");
  return text.slice(0, text.indexOf("\r\n\r\n")).split("\r\n");
}

function checkLines(raw: Buffer) {
  const lines = headerLines(raw);
  for (const line of lines) {
    expect(line.length, line).toBeLessThanOrEqual(998);
    // Longer than 78 only when there is no whitespace to fold at (a single long URL, say).
    if (line.length > 78) expect(line.replace(/^[\w-]+: /, "").trim(), line).not.toMatch(/\s/);
  }
  const header = lines.join("\r\n");
  for (const word of header.match(/=\?[^?\s]+\?[BQbq]\?[^?\s]*\?=/g) ?? []) {
    expect(word.length, word).toBeLessThanOrEqual(75);
  }
  // RFC 2047 §5: an encoded-word never stands inside a quoted string.
  expect(header).not.toMatch(/"[^"\r\n]*=\?[^"\r\n]*\?="/);
  for (const line of lines.filter((l) => /=\?/.test(l))) expect(line.length, line).toBeLessThanOrEqual(76);
  expect(header).toMatch(/^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/m);
  expect(header).not.toMatch(/multipart\/mixed/i);
}

const admin = (p: string, init: RequestInit = {}) =>
  fetch(`${server.url}${p}`, {
    ...init,
    headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json", ...init.headers },
  });

let confirmation: Received;
let digest: Received;

beforeAll(async () => {
  relay = await startFaultyRelay();
  server = await startServer({ SMTP_URL: relay.url });
  const res = await fetch(`${server.url}/subscribe`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "ban.doc@example.org" }),
  });
  expect(res.status).toBe(202);
  confirmation = await waitFor("the confirmation", () => relay.received[0]);
  const token = /confirm\?token=([^"&\s]+)/.exec(confirmation.mail.text ?? "")?.[1] ?? "";
  const ok = await fetch(`${server.url}/confirm`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: decodeURIComponent(token) }).toString(),
  });
  expect(ok.status).toBe(200);
  const published = await admin("/admin/posts", {
    method: "POST",
    body: JSON.stringify({
      title: LONG_TITLE,
      slug: "hoi-nghi-truc-tuyen-toan-quoc",
      author: "Phương Dung",
      published: "2021-07-13T11:00:00+07:00",
      markdown: "Bài có tiêu đề dài.\n\n## Phần một\n\nMột đoạn.\n",
    }),
  });
  expect(published.status).toBe(201);
  expect((await admin("/admin/digests", { method: "POST" })).status).toBe(201);
  digest = await waitFor("the digest", () =>
    relay.received.find((r) => r.mail.subject?.startsWith("Bản tin Dân vận số 1")),
  );
});

afterAll(async () => {
  await server?.stop();
  await relay?.close();
});

describe("the messages' headers", () => {
  it("pass Python's strict parser with no defect", async () => {
    for (const [what, received] of [
      ["confirmation", confirmation],
      ["digest", digest],
    ] as const) {
      const report = await strict(received.raw);
      expect(report.errors, what).toEqual([]);
      expect(report.from_display_name, what).toBe("Bản tin Dân vận");
      expect(report.parts, what).toEqual(["multipart/alternative", "text/plain", "text/html"]);
      expect(report.headers["content-language"], what).toBe("vi");
    }
  });

  it("fold a 300-character Vietnamese subject, and decode it back whole", async () => {
    const report = await strict(digest.raw);
    expect(report.headers.subject).toBe(`Bản tin Dân vận số 1: ${LONG_TITLE} và 1 bài khác`);
    const lines = headerLines(digest.raw);
    const start = lines.findIndex((l) => l.startsWith("Subject:"));
    const end = lines.findIndex((l, i) => i > start && !l.startsWith(" "));
    const subjectLines = lines.slice(start, end);
    expect(subjectLines.length).toBeGreaterThan(5);
  });

  it("keep every line within RFC 5322's limits, and encoded-words within RFC 2047's", () => {
    checkLines(confirmation.raw);
    checkLines(digest.raw);
  });

  it("carry the one-click unsubscribe headers on the digest", async () => {
    const report = await strict(digest.raw);
    expect(report.headers["list-unsubscribe"]).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=[^>]+>$/);
    expect(report.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(report.headers["list-id"]).toBe("bantin <bantin.127.0.0.1>");
  });

  it("reach an internationalised address over SMTPUTF8, the domain as A-labels", async () => {
    const res = await fetch(`${server.url}/subscribe`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "người.đọc@Ví-Dụ.vn" }),
    });
    expect(res.status).toBe(202);
    // The relay (smtp-server) shows the envelope's domain in Unicode.
    const mail = await waitFor("the confirmation to the UTF-8 address", () =>
      relay.received.find((r) => r.to === "người.đọc@ví-dụ.vn"),
    );
    expect(mail.mail.subject).toBe("Xác nhận đăng ký nhận Bản tin Dân vận");
    // RFC 6532: the address travels as UTF-8 in the header, not as an encoded-word.
    expect(headerLines(mail.raw).find((l) => l.startsWith("To:"))).toBe("To: <người.đọc@xn--v-d-rma6749a.vn>");
  });
});
