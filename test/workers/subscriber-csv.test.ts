// The console's subscriber CSV files as an editor meets them: a spreadsheet or another file that is
// not CSV, an empty file or one with a header only, each answered with what to do (in Vietnamese);
// and an export, which shows addresses as the console does, imported again unchanged.
import { env } from "cloudflare:test";
import { csvParseRows } from "d3-dsv";
import { beforeEach, describe, expect, it } from "vitest";
import { toCsv } from "../../src/subscribers/csv.ts";
import { ODS, XLSX } from "../fixtures/spreadsheets.ts";
import { type Signed, signIn } from "./console-harness.ts";

const base64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const count = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers").first<number>("n")) ?? 0;
const stored = async () =>
  (await env.DB.prepare("SELECT email FROM subscribers ORDER BY email").all<{ email: string }>()).results.map(
    (r) => r.email,
  );

/** A queue stand-in: confirmations requested by an import are only counted. */
const queue = { async send() {}, async sendBatch() {} } as unknown as Queue;

function upload(s: Signed, bytes: Uint8Array | string, name = "danh-sach.csv", confirmed = false) {
  const form = new FormData();
  form.set("file", new File([bytes], name));
  form.set("attest", "yes");
  if (confirmed) form.set("confirmed", "yes");
  return s.upload("/console/subscribers/import", form);
}

/** The message of a refused import, as the page shows it. */
async function refusal(res: Response): Promise<string> {
  expect(res.status).toBe(400);
  const html = await res.text();
  expect(html).toContain("Không nhập được:");
  expect(html).not.toContain("Đã nhập");
  return html;
}

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM subscribers").run();
});

describe("importing a file that is not CSV text", () => {
  it("refuses an Excel workbook, and says how to save it as CSV UTF-8", async () => {
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    const html = await refusal(await upload(s, base64(XLSX), "danh-sach.xlsx"));
    expect(html).toContain("Đây là bảng tính Excel (.xlsx), không phải tệp CSV.");
    expect(html).toContain("“CSV UTF-8 (Comma delimited) (*.csv)”");
    expect(await count()).toBe(0);
  });

  it("refuses other spreadsheets, PDFs, images and any file with NUL bytes, saying what each is", async () => {
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    const files: [Uint8Array, string][] = [
      [base64(ODS), "bảng tính OpenDocument (.ods)"],
      [
        Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(504)]),
        "Excel 97–2003 (.xls)",
      ],
      [ascii("%PDF-1.7\nan@example.org\n"), "một tệp PDF"],
      [Uint8Array.from([0x89, ...ascii("PNG\r\n\x1a\n"), 0, 0, 0, 13]), "một ảnh PNG"],
      [ascii("email\nan@example.org\n\x00\x00\x01\x02"), "có byte nhị phân"],
    ];
    for (const [bytes, says] of files) expect(await refusal(await upload(s, bytes)), says).toContain(says);
    expect(await count()).toBe(0);
  });
});

describe("importing a file with no addresses", () => {
  it("says a file with a header and no rows has nothing to import, rather than importing 0", async () => {
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    for (const text of ["email,ten\r\n", "\uFEFFHọ tên;Email\r\n\r\n", "email"]) {
      const html = await refusal(await upload(s, text));
      expect(html, text).toContain("Tệp chỉ có dòng tiêu đề");
      expect(html, text).toContain("không có địa chỉ nào bên dưới, nên chưa nhập gì");
    }
    expect(await count()).toBe(0);
  });

  it("says an empty file is empty", async () => {
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    for (const text of ["", "\uFEFF", "\r\n\r\n", " ,  \n"]) {
      expect(await refusal(await upload(s, text)), JSON.stringify(text)).toContain("Tệp trống");
    }
  });

  it("asks for a file when none was chosen", async () => {
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    expect(await refusal(await upload(s, "", ""))).toContain("Hãy chọn một tệp CSV.");
  });
});

describe("importing text that is not UTF-8", () => {
  it("reads Excel's Unicode text (UTF-16)", async () => {
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    const text = "Họ tên\tEmail\r\nBình\tbinh@ví-dụ.vn\r\n";
    const utf16 = Uint8Array.from([
      0xff,
      0xfe,
      ...Array.from(text, (c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]).flat(),
    ]);
    const res = await upload(s, utf16, "danh-sach.txt");
    expect(res.status).toBe(200);
    expect(await stored()).toEqual(["binh@xn--v-d-rma6749a.vn"]);
  });

  it("imports a legacy code page's plain addresses, and names the rows whose letters it cannot read", async () => {
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    // Windows-1258, as Excel's plain "CSV" writes it on a Vietnamese Windows: "ì" and "í" are one byte each.
    const cp1258 = (text: string) => Uint8Array.from(text, (c) => ({ ì: 0xec, í: 0xed })[c] ?? c.charCodeAt(0));
    expect((await upload(s, cp1258("ten;email\r\nBình;binh@example.org\r\n"))).status).toBe(200);
    expect(await stored()).toEqual(["binh@example.org"]);
    const res = await upload(s, cp1258("ten;email\r\nAn;an@example.org\r\nBình;bình@ví.vn\r\n"));
    expect(res.status).toBe(400);
    const html = await res.text();
    // Line 3 of the file is the row named.
    expect(html).toMatch(/<td class="num" data-label="Dòng">3<\/td>/);
    expect(html).toContain("Tệp không được lưu bằng bảng mã UTF-8");
    expect(await stored()).toEqual(["binh@example.org"]);
  });
});

describe("the CSV export", () => {
  const ADDRESSES = [
    "an@example.org",
    "Binh@Ví-Dụ.vn",
    "lien.he@bücher.de",
    "info@例え.jp",
    "=cmd|'/Ccalc'!A0@example.org",
    "+tin@example.org",
    "-tin@example.org",
    "'nhay@example.org",
  ];

  it("writes addresses as the console shows them: internationalised domains in Unicode", async () => {
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    expect((await upload(s, ["email", ...ADDRESSES].join("\n"), "a.csv", true)).status).toBe(200);
    expect(await stored()).toContain("Binh@xn--v-d-rma6749a.vn");
    const text = await (await s.get("/console/subscribers.csv")).text();
    const emails = csvParseRows(text.replace(/^\uFEFF/, "").trim())
      .slice(1)
      .map((r) => r[0]);
    expect(emails).toContain("Binh@ví-dụ.vn");
    expect(emails).toContain("lien.he@bücher.de");
    expect(emails).toContain("info@例え.jp");
    expect(text).not.toContain("xn--");
  });

  it("imported again keeps every address, whether it holds the Unicode or the punycode form", async () => {
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    expect((await upload(s, ["email", ...ADDRESSES].join("\n"), "a.csv", true)).status).toBe(200);
    const before = await stored();
    expect(before).toHaveLength(ADDRESSES.length);
    const exported = await (await s.get("/console/subscribers.csv")).text();
    // Still safe to open in a spreadsheet.
    for (const row of csvParseRows(exported.replace(/^\uFEFF/, "")))
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // As exported now (Unicode), and as exported before (the stored A-labels).
    const punycode = `\uFEFF${toCsv([["email"], ...before.map((email) => [email])])}`;
    for (const file of [exported, punycode]) {
      await env.DB.prepare("DELETE FROM subscribers").run();
      const res = await upload(s, file, "bantin-nguoi-dang-ky.csv", true);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`Đã nhập ${ADDRESSES.length} địa chỉ mới`);
      expect(await stored()).toEqual(before);
    }
  });
});
