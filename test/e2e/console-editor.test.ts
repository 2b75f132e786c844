// What a new editor found at `npm start` (issue 22), checked where only npm start shows it:
// - a test copy of the digest through the real SMTP path (MailDev): a confirmed subscriber's carries
//   their one-click unsubscribe, anyone else's says it is a test and carries no List-Unsubscribe;
// - `npm run publish` with a post dated 2099 schedules it, and says so;
// - the console in Chromium at 360 px: no word in a table cell is broken across lines (cells wrap
//   at spaces, and addresses after "@" and before "."), nothing is wider than the screen, the send
//   progress bar is the console's accent in light and dark, and counts are right-aligned figures;
//   those pages and the confirmation before withdrawing a post are valid HTML.
// Expected duration: 40 s (test/sequencer.ts starts the longest files first).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { HtmlValidate } from "html-validate";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS } from "./browser.ts";
import { type ConsoleSession, signInOverHttp } from "./console-pages.ts";
import { lacks } from "./consumers.ts";
import { type LocalServer, startServer } from "./server.ts";
import { waitFor } from "./smtp.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

const AUTHOR = "Nguyễn Thị Phương Thảo";
const CONFIRMED = "nguyen.thi.phuong.thao@so-giao-duc-dao-tao.langson.gov.vn";
const OTHER_READER = "ban-doc@ví-dụ.vn";
const STRANGER = "bien-tap-vien@example.net";
/** The console's accent (layout.tsx), light and dark. */
const ACCENT = { light: [163, 38, 29], dark: [240, 138, 126] } as const;

let server: LocalServer;
let session: ConsoleSession;
let browser: Browser;

function admin(pathname: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${pathname}`, {
    ...init,
    headers: { Authorization: `Bearer ${server.adminToken}`, "Content-Type": "application/json" },
  });
}

async function publishPost(title: string, slug: string, published: string): Promise<void> {
  const res = await admin("/admin/posts", {
    method: "POST",
    body: JSON.stringify({
      title,
      slug,
      author: AUTHOR,
      published,
      tags: ["Dân vận"],
      markdown: `Ngày 05/12, ${AUTHOR} báo cáo kết quả công tác dân vận.\n\n## Kết quả\n\n- Hoàn thành 12 chỉ tiêu.\n- Nhân rộng 40 mô hình.\n`,
    }),
  });
  if (res.status >= 300) throw new Error(`POST /admin/posts answered ${res.status}: ${await res.text()}`);
}

interface InboxMessage {
  id: string;
  subject: string;
  to: { address: string }[];
}

/** The raw message MailDev received for `to`, as the relay got it over SMTP. */
async function rawMessageTo(to: string): Promise<string> {
  const message = await waitFor(`the test copy to ${to}`, async () => {
    const list = (await (await fetch(`${server.inboxUrl}/api/email`)).json()) as InboxMessage[];
    return list.find((m) => m.to.some((a) => a.address === to) && m.subject.includes("[Thử]"));
  });
  return (await fetch(`${server.inboxUrl}/api/email/${message.id}/source`)).text();
}

/** The headers of a raw message, unfolded, by lower-case name. */
function headersOf(raw: string): Map<string, string> {
  const head = raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
  return new Map(
    head.split("\r\n").map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as [string, string];
    }),
  );
}

describe.skipIf(lacks("chromium"))("the editor's console at npm start", () => {
  beforeAll(async () => {
    server = await startServer();
    session = await signInOverHttp(server);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await publishPost(
      "Hội nghị tổng kết công tác dân vận chính quyền năm 2026 của huyện Tràng Định",
      "tong-ket-dan-van-trang-dinh",
      "2026-12-05T08:00:00+07:00",
    );
    const form = new FormData();
    form.set("file", new File([`email\n${CONFIRMED}\n${OTHER_READER}\n`], "danh-sach.csv", { type: "text/csv" }));
    form.set("attest", "yes");
    form.set("confirmed", "yes");
    const imported = await session.post("/console/subscribers/import", form);
    if (imported.status !== 200) throw new Error(`import answered ${imported.status}`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("sends test copies over SMTP: a subscriber's with their one-click unsubscribe, a stranger's marked as a test with none", async () => {
    for (const to of [STRANGER, CONFIRMED]) {
      const res = await session.post("/console/digest/test", { to });
      expect(res.status, to).toBe(200);
    }
    const stranger = await rawMessageTo(STRANGER);
    const strangerHeaders = headersOf(stranger);
    expect(strangerHeaders.get("subject")).toBeDefined();
    expect(strangerHeaders.has("list-unsubscribe")).toBe(false);
    expect(strangerHeaders.has("list-unsubscribe-post")).toBe(false);
    expect(stranger).not.toContain("/unsubscribe");
    expect(stranger).not.toContain("/digests>");

    const subscriber = headersOf(await rawMessageTo(CONFIRMED));
    expect(subscriber.get("list-unsubscribe")).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=[^>]+>$/);
    expect(subscriber.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    // RFC 8058: the header's URL takes the one-click POST.
    const link = /^<([^>]+)>$/.exec(subscriber.get("list-unsubscribe") ?? "")?.[1] ?? "";
    const oneClick = await fetch(link, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
  });

  it("schedules a post dated 2099 through npm run publish, and says so", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bantin-publish-"));
    try {
      writeFileSync(
        path.join(dir, "tuong-lai.md"),
        `---\ntitle: Lịch tiếp công dân năm 2099\nauthor: ${AUTHOR}\npublished: 2099-01-05T08:00:00+07:00\n---\nLịch tiếp công dân.\n`,
      );
      const { stdout } = await run(process.execPath, ["scripts/publish.mjs", dir], {
        cwd: ROOT,
        env: { ...process.env, SITE_URL: server.url, ADMIN_TOKEN: server.adminToken },
      });
      expect(stdout).toContain(`scheduled ${server.url}/posts/lich-tiep-cong-dan-nam-2099  (tuong-lai.md)`);
      expect(stdout).toContain("scheduled for 2099-01-05T08:00:00+07:00: not on the site");
      expect(stdout).toContain("1 post: 1 scheduled");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(await (await fetch(`${server.url}/`)).text()).not.toContain("Lịch tiếp công dân năm 2099");
    expect((await fetch(`${server.url}/posts/lich-tiep-cong-dan-nam-2099`)).status).toBe(404);
  });

  describe("in Chromium at 360 px", () => {
    /** Console pages with tables on them, filled: a sent digest, the next one, subscribers, a refused import. */
    const pages: { name: string; path?: string; html?: string }[] = [];

    beforeAll(async () => {
      const started = await admin("/admin/digests", { method: "POST" });
      expect(started.status).toBe(201);
      await waitFor("digest 1 to be sent", async () => {
        const status = (await (await admin("/admin/digests/1")).json()) as { state: string };
        return status.state === "done" ? true : undefined;
      });
      await publishPost("Tin ngắn: tập huấn chuyển đổi số", "tap-huan-chuyen-doi-so", "2026-12-06T08:00:00+07:00");
      const refused = new FormData();
      refused.set(
        "file",
        new File([`email\nkhong-hop-le\n${CONFIRMED}\nnguyen.van.an@@example.org\n`], "loi.csv", { type: "text/csv" }),
      );
      refused.set("attest", "yes");
      const badImport = await (await session.post("/console/subscribers/import", refused)).text();
      pages.push(
        { name: "posts", path: "/console/posts" },
        { name: "subscribers", path: "/console/subscribers" },
        { name: "digest", path: "/console/digest" },
        { name: "digest status", path: "/console/digests/1" },
        { name: "import refused", html: badImport },
      );
    });

    async function open(d: (typeof pages)[number], scheme: "light" | "dark"): Promise<Page> {
      const context = await browser.newContext({
        viewport: { width: 360, height: 800 },
        colorScheme: scheme,
        javaScriptEnabled: false,
      });
      await context.addCookies([session.cookie]);
      const page = await context.newPage();
      if (d.html !== undefined) await page.setContent(d.html, { waitUntil: "load" });
      else await page.goto(`${server.url}${d.path}`, { waitUntil: "load" });
      return page;
    }

    it("breaks no word in a table cell across lines, and nothing is wider than the screen", async () => {
      const found: string[] = [];
      let cells = 0;
      for (const d of pages) {
        const page = await open(d, "light");
        try {
          const result = (await page.evaluate(WORDS_PROBE)) as { cells: number; broken: string[]; wide: string[] };
          cells += result.cells;
          found.push(...result.broken.map((b) => `${d.name}: ${b}`), ...result.wide.map((w) => `${d.name}: ${w}`));
        } finally {
          await page.context().close();
        }
      }
      expect(cells).toBeGreaterThan(20);
      expect(found).toEqual([]);
    });

    it("serves valid HTML on these pages and on the confirmation before withdrawing a post", async () => {
      const validator = new HtmlValidate({
        extends: ["html-validate:recommended"],
        rules: { "doctype-style": "off", "void-style": "off", "attribute-boolean-style": "off" },
      });
      const docs = [
        ...pages,
        { name: "withdraw confirmation", path: "/console/posts/tong-ket-dan-van-trang-dinh/withdraw" },
      ];
      const errors: string[] = [];
      for (const d of docs) {
        const html = d.html ?? (await (await session.fetch(d.path ?? "")).text());
        const report = await validator.validateString(html, `${d.name}.html`);
        for (const r of report.results) {
          for (const m of r.messages) if (m.severity === 2) errors.push(`${d.name}: ${m.ruleId}: ${m.message}`);
        }
      }
      expect(errors).toEqual([]);
    });

    it("paints the send progress bar in the console's accent, light and dark, and right-aligns counts in tabular figures", async () => {
      const reader = await browser.newPage();
      try {
        for (const scheme of ["light", "dark"] as const) {
          const page = await open({ name: "digest status", path: "/console/digests/1" }, scheme);
          try {
            // Digest 1 is done: the whole bar is filled.
            const bar = page.locator("progress");
            const box = await bar.boundingBox();
            if (!box) throw new Error("no progress bar");
            const png = await page.screenshot({ clip: box, type: "png" });
            const painted = (await reader.evaluate(pixelAt(png.toString("base64"), 0.5, 0.5))) as number[];
            const accent = ACCENT[scheme];
            expect(
              painted.every((v, i) => Math.abs(v - (accent[i] ?? 0)) <= 12),
              `${scheme}: rgb(${painted}) is not the accent rgb(${accent})`,
            ).toBe(true);
            const counts = (await page.evaluate(`[...document.querySelectorAll("table.counts td")].map((td) => {
              const s = getComputedStyle(td);
              return { align: s.textAlign, figures: s.fontVariantNumeric };
            })`)) as { align: string; figures: string }[];
            // Queued, sending, sent, failed, skipped; and the readers of the one set of posts it had.
            expect(counts).toHaveLength(6);
            for (const c of counts) {
              expect(["right", "end"]).toContain(c.align);
              expect(c.figures).toContain("tabular-nums");
            }
          } finally {
            await page.context().close();
          }
        }
      } finally {
        await reader.close();
      }
    });
  });
});

/**
 * In the page: each table cell's text split into what must stay on one line (a run without spaces,
 * cut after "@" and "-" and before "."), and those whose boxes fall on more than one line; and
 * a page or a table wider than the room it has.
 */
const WORDS_PROBE = `(() => {
  const broken = [];
  let cells = 0;
  for (const cell of document.querySelectorAll("main td, main th")) {
    cells++;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\\.?[^\\s@.\\-]+[@\\-]?/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
        if (lines.size > 1) broken.push(m[0] + " in “" + node.data.trim().slice(0, 60) + "”");
      }
    }
  }
  const wide = [];
  if (document.documentElement.scrollWidth > innerWidth) wide.push("the page is " + document.documentElement.scrollWidth + " px wide");
  for (const table of document.querySelectorAll("main table")) {
    const width = table.getBoundingClientRect().width;
    const room = table.parentElement.clientWidth;
    if (width > room + 1) wide.push("a table is " + Math.round(width) + " px wide in " + room + " px");
  }
  return { cells, broken, wide };
})()`;

/** In a blank page: the colour of a PNG (base64) at fractions `x`, `y` of its width and height. */
const pixelAt = (png: string, x: number, y: number) => `(async () => {
  const img = new Image();
  img.src = "data:image/png;base64,${png}";
  await img.decode();
  const canvas = new OffscreenCanvas(img.width, img.height);
  const g = canvas.getContext("2d");
  g.drawImage(img, 0, 0);
  const { data } = g.getImageData(Math.floor(img.width * ${x}), Math.floor(img.height * ${y}), 1, 1);
  return [data[0], data[1], data[2]];
})()`;
