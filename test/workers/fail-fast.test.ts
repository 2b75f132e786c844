import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FAILED_BUILD_RETRY_MS, RenditionUnavailable, rendition } from "../../src/cache/rendition.ts";
import { publish, request } from "../helpers.ts";

const contentVersion = async () =>
  (await env.DB.prepare("SELECT content_version AS v FROM site_state").first<{ v: number }>())?.v ?? 0;
const bumpContent = () =>
  env.DB.prepare("UPDATE site_state SET content_version = content_version + 1 WHERE id = 1").run();

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a rendition whose build fails", () => {
  it("is built once per content version and then refused at once, until the content changes", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const build = vi.fn(async () => {
      throw new Error("string or blob too big: SQLITE_TOOBIG");
    });
    for (let i = 0; i < 3; i++) {
      const attempt = rendition(env.DB, "test:/broken", build);
      await expect(attempt).rejects.toBeInstanceOf(RenditionUnavailable);
      await attempt.catch((e: RenditionUnavailable) => {
        expect(e.retryAfterSeconds).toBeGreaterThan(0);
        expect(e.retryAfterSeconds).toBeLessThanOrEqual(FAILED_BUILD_RETRY_MS / 1000);
      });
    }
    expect(build).toHaveBeenCalledTimes(1);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]?.[0])).toContain("test:/broken");
    expect(String(errors.mock.calls[0]?.[1])).toContain("SQLITE_TOOBIG");

    await bumpContent();
    await expect(rendition(env.DB, "test:/broken", build)).rejects.toBeInstanceOf(RenditionUnavailable);
    expect(build).toHaveBeenCalledTimes(2);

    // Fixed by the next content change: built, stored, and the failure forgotten.
    await bumpContent();
    const version = await contentVersion();
    const ok = vi.fn(async () => ({ version, contentType: "text/plain", lastModifiedMs: 0, body: "đã sửa" }));
    expect((await rendition(env.DB, "test:/broken", ok))?.body).toBe("đã sửa");
    expect((await rendition(env.DB, "test:/broken", ok))?.body).toBe("đã sửa");
    expect(ok).toHaveBeenCalledTimes(1);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM rendition_failures WHERE key = 'test:/broken'").first<{
      n: number;
    }>();
    expect(left?.n).toBe(0);
  });

  it("is tried again once the retry time has passed, even without a content change", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const build = vi.fn(async () => {
      throw new Error("D1 unavailable");
    });
    await expect(rendition(env.DB, "test:/flaky", build)).rejects.toBeInstanceOf(RenditionUnavailable);
    await env.DB.prepare("UPDATE rendition_failures SET failed_ms = failed_ms - ? WHERE key = 'test:/flaky'")
      .bind(FAILED_BUILD_RETRY_MS + 1000)
      .run();
    const version = await contentVersion();
    const healed = await rendition(env.DB, "test:/flaky", async () => ({
      version,
      contentType: "text/plain",
      lastModifiedMs: 0,
      body: "ok",
    }));
    expect(healed?.body).toBe("ok");
    expect(build).toHaveBeenCalledTimes(1);
  });

  it("answers a page that cannot be built with a quick 503, Retry-After and a message, logged once", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(
      (
        await publish({
          title: "Bài hỏng",
          slug: "bai-hong",
          author: "Ai đó",
          published: "2021-07-15T09:00:00+07:00",
          markdown: "Đoạn mở đầu.\n\n## Phần\n\nNội dung.",
        })
      ).status,
    ).toBe(201);
    // A row the page cannot be built from (what an oversized or damaged post does to a build).
    await env.DB.batch([
      env.DB.prepare("UPDATE posts SET sections = '{not json' WHERE slug = 'bai-hong'"),
      env.DB.prepare("UPDATE site_state SET content_version = content_version + 1 WHERE id = 1"),
    ]);
    for (let i = 0; i < 3; i++) {
      const res = await request("/posts/bai-hong");
      expect(res.status).toBe(503);
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      const text = await res.text();
      // In the site's language only (test/workers/i18n-site.test.ts has the English).
      expect(text).toContain("xin thử lại sau");
      expect(text).not.toContain("JSON");
    }
    expect(errors.mock.calls.filter((c) => String(c[0]).includes("/posts/bai-hong"))).toHaveLength(1);

    // The page comes back when the post is fixed.
    await env.DB.batch([
      env.DB.prepare("UPDATE posts SET sections = '[]' WHERE slug = 'bai-hong'"),
      env.DB.prepare("UPDATE site_state SET content_version = content_version + 1 WHERE id = 1"),
    ]);
    expect((await request("/posts/bai-hong")).status).toBe(200);
  });
});
