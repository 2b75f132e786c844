import { beforeAll, describe, expect, it } from "vitest";
import { publish, REPORT_SLUG, REPORT_TITLE, reportInput, request, seedParagraphs, unescapeHtml } from "../helpers.ts";

const FEEDS = [
  ["/rss.xml", "application/rss+xml; charset=utf-8"],
  ["/atom.xml", "application/atom+xml; charset=utf-8"],
  ["/feed.json", "application/feed+json; charset=utf-8"],
] as const;

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
});

describe("pages", () => {
  it("lists the report on the home page with its Vietnamese date and the three feeds", async () => {
    const res = await request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="vi">/);
    expect(html).toContain('font:1.0625rem/1.65 "Noto Serif"');
    expect(html).toContain(REPORT_TITLE);
    expect(html).toContain('<time datetime="2021-07-13T10:00:00+07:00">Thứ Ba, 13/07/2021</time>');
    expect(html).toContain(`href="https://bantin.example/posts/${REPORT_SLUG}"`);
    for (const [path, type] of FEEDS) {
      expect(html).toContain(`type="${type.split(";")[0]}"`);
      expect(html).toContain(`href="https://bantin.example${path}"`);
    }
  });

  it("shows the full article with headline, date, byline, sections and caption", async () => {
    const res = await request(`/posts/${REPORT_SLUG}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<article lang="vi">');
    expect(html).toContain(`<h1>${REPORT_TITLE}</h1>`);
    expect(html).toContain("Thứ Ba, 13/07/2021");
    expect(html).toContain('<span class="byline">Phương Dung</span>');
    expect(html).toContain('<h2 id="ket-qua-6-thang-dau-nam-2021">Kết quả 6 tháng đầu năm 2021</h2>');
    expect(html).toContain(
      '<h2 id="nhiem-vu-trong-tam-6-thang-cuoi-nam-2021">Nhiệm vụ trọng tâm 6 tháng cuối năm 2021</h2>',
    );
    expect(html).toContain("<figcaption>Các đại biểu dự hội nghị tại điểm cầu Lạng Sơn</figcaption>");
    expect(html).toContain('rel="alternate" type="application/atom+xml"');
    const text = unescapeHtml(html);
    for (const paragraph of seedParagraphs().filter((p) => p !== "PHƯƠNG DUNG")) expect(text).toContain(paragraph);
  });

  it("answers a real 404 page for unknown posts and paths", async () => {
    for (const path of ["/posts/khong-co", "/nothing-here"]) {
      const res = await request(path);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain("Không tìm thấy trang");
      expect(html).toContain('<html lang="vi">');
    }
  });
});

describe("feeds over HTTP", () => {
  it("serves each feed with its content type, a strong ETag and Last-Modified", async () => {
    for (const [path, type] of FEEDS) {
      const res = await request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe(type);
      expect(res.headers.get("ETag")).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
      expect(res.headers.get("Last-Modified")).toBe("Tue, 13 Jul 2021 03:00:00 GMT");
      expect(res.headers.get("Cache-Control")).toContain("max-age=");
      const body = await res.text();
      expect(body).toContain("Sơ kết công tác dân vận 6 tháng đầu năm");
    }
  });

  it("answers 304 with no body when the ETag matches", async () => {
    for (const [path] of FEEDS) {
      const etag = (await request(path)).headers.get("ETag") ?? "";
      const res = await request(path, { headers: { "If-None-Match": etag } });
      expect(res.status).toBe(304);
      expect(await res.text()).toBe("");
      expect(res.headers.get("ETag")).toBe(etag);
      const weak = await request(path, { headers: { "If-None-Match": `"other", W/${etag}` } });
      expect(weak.status).toBe(304);
      const stale = await request(path, { headers: { "If-None-Match": '"something-else"' } });
      expect(stale.status).toBe(200);
    }
  });

  it("answers 304 to If-Modified-Since at or after the last change, 200 before it", async () => {
    const lm = (await request("/rss.xml")).headers.get("Last-Modified") ?? "";
    expect((await request("/rss.xml", { headers: { "If-Modified-Since": lm } })).status).toBe(304);
    expect(
      (await request("/rss.xml", { headers: { "If-Modified-Since": "Mon, 12 Jul 2021 00:00:00 GMT" } })).status,
    ).toBe(200);
    expect((await request("/rss.xml", { headers: { "If-Modified-Since": "garbage" } })).status).toBe(200);
    const home = (await request("/")).headers;
    expect((await request("/", { headers: { "If-None-Match": home.get("ETag") ?? "" } })).status).toBe(304);
  });

  it("sends no Last-Modified with a 200 whose date the client's If-Modified-Since already covers", async () => {
    // A change within the second of the reader's copy: a new ETag, the same Last-Modified. libcurl
    // (newsboat's HTTP) would drop a 200 dated no later than its If-Modified-Since as "not new enough".
    const first = (await request("/atom.xml")).headers;
    const lm = first.get("Last-Modified") ?? "";
    const stale = await request("/atom.xml", {
      headers: { "If-None-Match": '"an-older-copy"', "If-Modified-Since": lm },
    });
    expect(stale.status).toBe(200);
    expect(stale.headers.get("Last-Modified")).toBeNull();
    expect(stale.headers.get("ETag")).toBe(first.get("ETag"));
    expect(await stale.text()).toContain("<feed");
    // An older copy by its date keeps the header; the matching ETag still gets its 304, dated.
    const older = await request("/atom.xml", {
      headers: { "If-None-Match": '"an-older-copy"', "If-Modified-Since": "Mon, 12 Jul 2021 00:00:00 GMT" },
    });
    expect(older.status).toBe(200);
    expect(older.headers.get("Last-Modified")).toBe(lm);
    const current = await request("/atom.xml", {
      headers: { "If-None-Match": first.get("ETag") ?? "", "If-Modified-Since": lm },
    });
    expect(current.status).toBe(304);
    expect(current.headers.get("Last-Modified")).toBe(lm);
  });

  it("answers HEAD with the headers and no body", async () => {
    const get = await request("/atom.xml");
    const head = await request("/atom.xml", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("ETag")).toBe(get.headers.get("ETag"));
    expect(head.headers.get("Content-Type")).toBe(get.headers.get("Content-Type"));
    expect(await head.text()).toBe("");
  });

  it("builds a feed once and serves the stored copy until content changes, then a new ETag", async () => {
    const first = await request("/feed.json");
    const again = await request("/feed.json");
    expect(again.headers.get("ETag")).toBe(first.headers.get("ETag"));
    expect(await again.text()).toBe(await first.text());

    const changed = { ...reportInput(), tags: ["Dân vận", "Lạng Sơn", "Hội nghị"] };
    expect((await publish(changed)).status).toBe(200);
    const after = await request("/feed.json");
    expect(after.headers.get("ETag")).not.toBe(first.headers.get("ETag"));
    expect(await after.text()).toContain("Hội nghị");
    expect(
      (await request("/feed.json", { headers: { "If-None-Match": first.headers.get("ETag") ?? "" } })).status,
    ).toBe(200);
    const page = await request(`/posts/${REPORT_SLUG}`);
    expect(await page.text()).toContain("Hội nghị");
  });
});

describe("configuration", () => {
  it("answers with what to fix when SITE_URL is bad", async () => {
    const { env } = await import("cloudflare:test");
    const worker = (await import("../../src/index.ts")).default;
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    const res = await worker.fetch(new Request("https://bantin.example/"), { ...env, SITE_URL: "bantin.example" }, ctx);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("SITE_URL must be an absolute http(s) URL");
  });
});
