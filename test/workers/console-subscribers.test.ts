// Subscribers in the console: CSV import (good, duplicate, malformed and hostile rows; all or nothing;
// confirmations through the queue), export with formulas neutralised, and 10,000 rows within D1's
// and Queues' limits.
import { env } from "cloudflare:test";
import { csvParseRows } from "d3-dsv";
import { beforeEach, describe, expect, it } from "vitest";
import { CONFIRMED_ELSEWHERE } from "../../src/subscribers/import.ts";
import { signIn } from "./console-harness.ts";
import { addSubscriber } from "./harness.ts";

const count = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM subscribers").first<number>("n")) ?? 0;
const rowOf = (email: string) =>
  env.DB.prepare("SELECT status, consent_method, consent_at, imported_at FROM subscribers WHERE email = ?")
    .bind(email)
    .first<{ status: string; consent_method: string | null; consent_at: string | null; imported_at: string | null }>();

/** A queue stand-in that records what is sent, batch by batch. */
function recordingQueue() {
  const batches: unknown[][] = [];
  const queue = {
    async send(body: unknown) {
      batches.push([body]);
    },
    async sendBatch(messages: { body: unknown }[]) {
      batches.push(messages.map((m) => m.body));
    },
  } as unknown as Queue;
  return { batches, queue };
}

function csvFile(text: string, confirmed = false, attest = true): FormData {
  const form = new FormData();
  form.set("file", new File([text], "danh-sach.csv", { type: "text/csv" }));
  if (attest) form.set("attest", "yes");
  if (confirmed) form.set("confirmed", "yes");
  return form;
}

const HOSTILE = "=cmd|'/Ccalc'!A0@example.org";
const GOOD = [
  "email,ten",
  "an@example.org,An",
  "Binh@Ví-Dụ.vn,Bình",
  `${HOSTILE},Công thức`,
  "AN+tin@example.org,An lần hai",
  "da-huy@example.org,Đã hủy",
];
const MALFORMED = [
  "không-có-a-còng,X",
  '"=HYPERLINK(""http://evil.example"")",Y',
  "a\u202Eb@example.org,Z",
  "<script>alert(1)</script>@x.org,W",
];

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM subscribers").run();
});

describe("CSV import", () => {
  it("stores nothing when a row is malformed, and reports every bad row with its line", async () => {
    const { batches, queue } = recordingQueue();
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    const res = await s.upload("/console/subscribers/import", csvFile([...GOOD, ...MALFORMED].join("\r\n")));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Không địa chỉ nào được nhập: 4 trong 9 dòng có lỗi");
    for (const line of [7, 8, 9, 10]) expect(html).toContain(`data-label="Dòng">${line}</td>`);
    // Hostile text is shown as text, and the hidden bidi override is not shown at all.
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;@<wbr/>x<wbr/>.org");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("\u202E");
    expect(await count()).toBe(0);
    expect(batches).toEqual([]);
  });

  it("imports the good rows as pending, merges duplicates, keeps existing subscribers as they are, and queues confirmations", async () => {
    await addSubscriber("da-huy@example.org", "unsubscribed");
    const { batches, queue } = recordingQueue();
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    const res = await s.upload("/console/subscribers/import", csvFile(GOOD.join("\n")));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Đã nhập 3 địa chỉ mới từ 5 dòng; 3 thư xác nhận đang được gửi đi.");
    expect(html).toContain("Dòng 5: AN+tin@example.org (trùng với dòng 2)");
    expect(html).toContain("da-huy@example.org: Đã hủy");
    expect(await count()).toBe(4);
    expect((await rowOf("da-huy@example.org"))?.status).toBe("unsubscribed");
    const an = await rowOf("an@example.org");
    expect(an?.status).toBe("pending");
    expect(an?.imported_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(an?.consent_at).toBeNull();
    expect(batches.flat()).toEqual(
      ["an@example.org", "Binh@xn--v-d-rma6749a.vn", HOSTILE].map((email) => ({
        kind: "confirm",
        email,
        requestedMs: expect.any(Number),
      })),
    );
  });

  it("records addresses confirmed elsewhere as confirmed, with that consent method, and queues nothing", async () => {
    const { batches, queue } = recordingQueue();
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    const res = await s.upload("/console/subscribers/import", csvFile("email\nxac-nhan@example.org\n", true));
    expect(res.status).toBe(200);
    const row = await rowOf("xac-nhan@example.org");
    expect(row?.status).toBe("confirmed");
    expect(row?.consent_method).toBe(CONFIRMED_ELSEWHERE);
    expect(row?.consent_at).toBe(row?.imported_at);
    expect(batches).toEqual([]);
    expect(await (await s.get("/console/subscribers")).text()).toContain("nhập từ CSV, đã xác nhận ở nơi khác");
  });

  it("imports nothing without the editor's attestation of consent", async () => {
    const s = await signIn();
    const res = await s.upload("/console/subscribers/import", csvFile("a@example.org\n", false, false));
    expect(res.status).toBe(400);
    expect(await count()).toBe(0);
  });

  it("reads semicolon-separated files with a byte order mark, as Excel writes them in Vietnamese", async () => {
    const { queue } = recordingQueue();
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    const res = await s.upload(
      "/console/subscribers/import",
      csvFile("\uFEFFHọ tên;Email\r\nAn;an@example.org\r\nBình;binh@example.org\r\n"),
    );
    expect(res.status).toBe(200);
    expect(await count()).toBe(2);
  });
});

describe("CSV export", () => {
  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const { queue } = recordingQueue();
    const s = await signIn({ ...env, CONFIRMATIONS: queue });
    await s.upload("/console/subscribers/import", csvFile(GOOD.join("\n")));
    await env.DB.prepare(
      "UPDATE subscribers SET status = 'suppressed', suppressed_reason = '=1+1 +x -y @z' WHERE email = 'an@example.org'",
    ).run();
    const res = await s.get("/console/subscribers.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="bantin-nguoi-dang-ky-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A UTF-8 byte order mark first, for Excel.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("email,status,")).toBe(true);
    const rows = csvParseRows(text.trim());
    const emails = rows.slice(1).map((r) => r[0]);
    expect(emails).toContain(`'${HOSTILE}`);
    expect(emails).not.toContain(HOSTILE);
    for (const row of rows) for (const cell of row) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.find((r) => r[0] === "an@example.org")?.[7]).toBe("'=1+1 +x -y @z");
  });
});

describe("10,000 rows", () => {
  it("imports in one transaction of a few statements, within D1's and Queues' limits", async () => {
    // The real local D1, with every statement it is given noted down.
    const statements: { sql: string; params: unknown[] }[] = [];
    const real = env.DB;
    type Noted = D1PreparedStatement & { real: D1PreparedStatement; sql: string; params: unknown[] };
    const note = (st: Noted) => statements.push({ sql: st.sql, params: st.params });
    const wrap = (sql: string, stmt: D1PreparedStatement, params: unknown[]): Noted => {
      const w = Object.create(stmt) as Noted;
      return Object.assign(w, {
        real: stmt,
        sql,
        params,
        bind: (...p: unknown[]) => wrap(sql, stmt.bind(...p), p),
        first: (column?: string) => {
          note(w);
          return column === undefined ? stmt.first() : stmt.first(column);
        },
        run: () => {
          note(w);
          return stmt.run();
        },
        all: () => {
          note(w);
          return stmt.all();
        },
        raw: () => {
          note(w);
          return stmt.raw();
        },
      });
    };
    const DB = {
      prepare: (sql: string) => wrap(sql, real.prepare(sql), []),
      batch: (list: Noted[]) => {
        for (const st of list) note(st);
        return real.batch(list.map((st) => st.real));
      },
    } as unknown as D1Database;
    const { batches, queue } = recordingQueue();
    const s = await signIn({ ...env, DB, CONFIRMATIONS: queue });
    statements.length = 0;
    const lines = ["email", ...Array.from({ length: 10_000 }, (_, i) => `nguoi.doc.${i}@vi-du-${i % 37}.vn`)];
    const started = performance.now();
    const res = await s.upload("/console/subscribers/import", csvFile(lines.join("\n")));
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Đã nhập 10.000 địa chỉ mới từ 10.000 dòng");
    expect(await count()).toBe(10_000);
    console.log(
      `10,000-row import: ${Math.round(ms)} ms wall time in workerd, ${statements.length} D1 statements, ${batches.length} sendBatch calls`,
    );
    // D1: 1,000 queries per invocation (Paid), 100 bound parameters per statement.
    expect(statements.length).toBeLessThan(50);
    const bytes = (v: unknown) => new TextEncoder().encode(String(v)).length;
    for (const st of statements) {
      expect(st.params.length).toBeLessThanOrEqual(100);
      // 100 KB of SQL per statement, 2 MB per value.
      expect(bytes(st.sql)).toBeLessThan(100_000);
      for (const v of st.params) expect(bytes(v)).toBeLessThan(2_000_000);
    }
    // Queues: at most 100 messages per sendBatch.
    expect(batches.length).toBe(100);
    for (const b of batches) expect(b.length).toBeLessThanOrEqual(100);
    expect(batches.flat()).toHaveLength(10_000);
  });
});
