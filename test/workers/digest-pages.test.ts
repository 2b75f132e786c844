import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { previewNotice } from "../../src/digest/render.ts";
import { siteText } from "../../src/i18n/index.ts";
import { ADMIN, publish, reportInput, request } from "../helpers.ts";

// The note above a digest not sent yet, in the test site's language.
const PREVIEW_NOTICE = previewNotice(siteText(parseConfig(env)));

describe("digest web view before any digest was sent", () => {
  it("shows no digest while there are no posts", async () => {
    expect((await request("/digests/latest")).status).toBe(404);
    expect(await (await request("/digests")).text()).toContain("Chưa có bản tin nào.");
  });

  describe("with the report published", () => {
    beforeAll(async () => {
      expect([200, 201]).toContain((await publish(reportInput())).status);
    });

    it("redirects /digests/latest to the preview of digest 1", async () => {
      const res = await request("/digests/latest", { redirect: "manual" });
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe("https://bantin.example/digests/1");
    });

    it("lists the upcoming digest in the archive, marked as a preview", async () => {
      const html = await (await request("/digests")).text();
      expect(html).toContain('href="https://bantin.example/digests/1"');
      expect(html).toContain("Bản xem trước, chưa gửi");
      expect(html).toContain("Sơ kết công tác dân vận 6 tháng đầu năm");
    });

    it("shows digest 1 as a page of the site with both sections and no personal link", async () => {
      const res = await request("/digests/1");
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("ETag")).toBeTruthy();
      const html = await res.text();
      expect(html).toContain('<html lang="vi">');
      expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
      expect(html).toContain('<header class="site"><a href="https://bantin.example/">Bản tin Dân vận</a></header>');
      expect(html).toContain('<link rel="alternate" type="application/atom+xml"');
      expect(html).toContain(PREVIEW_NOTICE);
      expect(html).toContain("<h1>Bản tin số 1</h1>");
      expect(html).toContain("Kết quả 6 tháng đầu năm 2021");
      expect(html).toContain("Nhiệm vụ trọng tâm 6 tháng cuối năm 2021");
      expect(html).toContain("Tại điểm cầu tỉnh Lạng Sơn");
      expect(html).toContain(
        '<a href="https://bantin.example/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam"><strong>Đọc toàn văn →</strong></a>',
      );
      expect(html).toContain('<meta property="og:url" content="https://bantin.example/digests/1"/>');
      expect(html).toContain('<meta property="og:type" content="article"/>');
      expect(html).toContain('<meta property="og:locale" content="vi_VN"/>');
      expect(html).toMatch(/<meta name="description" content="Bản tin Dân vận số 1: [^"]+ \(ngày 13\/07\/2021\)\./);
      expect(html).toContain('<form class="subscribe" method="post" action="https://bantin.example/subscribe">');
      // Nothing of the email: no personal link, no "you received", no link to itself.
      expect(html).not.toContain("Đổi nội dung nhận hoặc hủy đăng ký");
      expect(html).not.toContain("unsubscribe");
      expect(html).not.toContain("Bạn nhận được thư này");
      expect(html).not.toContain("Xem bản tin trên web");
      // The preview has nothing before or after it yet.
      expect(html).not.toContain('rel="prev"');
      expect(html).not.toContain('rel="next"');
    });

    it("serves the plain-text version", async () => {
      const res = await request("/digests/1.txt");
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      const text = await res.text();
      expect(text).toContain("Bản tin số 1");
      expect(text).toContain("Kết quả 6 tháng đầu năm 2021");
      expect(text).toContain("Nhiệm vụ trọng tâm 6 tháng cuối năm 2021");
      expect(text).not.toMatch(/<[a-z]/i);
    });

    it("answers 404 for digests that do not exist and for malformed numbers", async () => {
      for (const path of ["/digests/2", "/digests/0", "/digests/1.pdf", "/digests/abc", "/digests/01"]) {
        expect((await request(path)).status, path).toBe(404);
      }
    });
  });
});

describe("web editions of sent digests", () => {
  // Test fixture: a second post, so that a second digest can be sent after the report's.
  const second = () => ({
    ...reportInput(),
    id: "urn:uuid:00000000-0000-4000-8000-000000000002",
    title: "Bài thử thứ hai",
    slug: "bai-thu-thu-hai",
    published: "2021-07-20T10:00:00+07:00",
  });

  beforeAll(async () => {
    expect([200, 201]).toContain((await publish(reportInput())).status);
    expect((await request("/admin/digests", { method: "POST", headers: ADMIN })).status).toBe(201);
    expect([200, 201]).toContain((await publish(second())).status);
    expect((await request("/admin/digests", { method: "POST", headers: ADMIN })).status).toBe(201);
  });

  it("links each digest to the one before and after it, and to the archive", async () => {
    const first = await (await request("/digests/1")).text();
    expect(first).toContain('<a href="https://bantin.example/digests/2" rel="next">Bản tin số 2 →</a>');
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain('<a href="https://bantin.example/digests">Tất cả các số</a>');
    expect(first).toMatch(/Ngày 13\/07\/2021 · đã gửi /);
    expect(first).not.toContain(PREVIEW_NOTICE);
    const latest = await (await request("/digests/2")).text();
    expect(latest).toContain('<a href="https://bantin.example/digests/1" rel="prev">← Bản tin số 1</a>');
    expect(latest).not.toContain('rel="next"');
    // Digest 2 covers only the post published after digest 1.
    expect(latest).toContain('<h2><a href="https://bantin.example/posts/bai-thu-thu-hai">Bài thử thứ hai</a></h2>');
    expect(latest).not.toContain("/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam");
  });

  it("serves the plain text of a sent digest without personal links or email wording", async () => {
    const text = await (await request("/digests/1.txt")).text();
    expect(text).toContain("Tại điểm cầu tỉnh Lạng Sơn");
    expect(text).toContain("Đọc toàn văn");
    expect(text).not.toContain("unsubscribe");
    expect(text).not.toContain("Bạn nhận được thư này");
    expect(text).not.toContain(PREVIEW_NOTICE);
  });
});
