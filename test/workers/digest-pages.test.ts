import { beforeAll, describe, expect, it } from "vitest";
import { PREVIEW_NOTICE } from "../../src/digest/render.ts";
import { publish, reportInput, request } from "../helpers.ts";

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

    it("shows digest 1 as a page with both sections and no personal link", async () => {
      const res = await request("/digests/1");
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("ETag")).toBeTruthy();
      const html = await res.text();
      expect(html).toContain('lang="vi"');
      expect(html).toContain(PREVIEW_NOTICE);
      expect(html).toContain("Kết quả 6 tháng đầu năm 2021");
      expect(html).toContain("Nhiệm vụ trọng tâm 6 tháng cuối năm 2021");
      expect(html).not.toContain("Hủy đăng ký");
      expect(html).not.toContain("unsubscribe");
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
