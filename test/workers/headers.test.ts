import { env } from "cloudflare:test";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { withSecurityHeaders } from "../../src/routes/middleware.ts";
import { signToken } from "../../src/subscribers/tokens.ts";
import { ADMIN, publish, REPORT_SLUG, reportInput, request } from "../helpers.ts";
import { addSubscriber, handleOf } from "./harness.ts";

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; " +
  "form-action https://bantin.example 'self'; base-uri 'none'; frame-ancestors 'none'";

/** A pending subscriber's confirm and unsubscribe links, as the emails carry them. */
async function buttonPages(): Promise<string[]> {
  const email = "khung@example.org";
  const handle = await handleOf(await addSubscriber(email, "pending"));
  const now = Date.now();
  return [
    `/confirm?token=${encodeURIComponent(await signToken("test-token-secret", "confirm", handle, email, now))}`,
    `/unsubscribe?token=${encodeURIComponent(await signToken("test-token-secret", "unsubscribe", handle, email, now))}`,
  ];
}

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
});

describe("security headers", () => {
  it("are added to an answer with immutable headers too (a Response.redirect), and to a buffer answer as it is", async () => {
    const app = new Hono();
    app.use(withSecurityHeaders);
    app.get("/away", () => Response.redirect("https://bantin.example/", 302));
    app.get(
      "/bytes",
      () => new Response(new TextEncoder().encode("xin chào"), { headers: { "Content-Type": "text/plain" } }),
    );
    for (const path of ["/away", "/bytes"]) {
      const res = await app.request(path);
      expect(res.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
      expect(res.headers.get("Content-Security-Policy"), path).toContain("default-src 'none'");
    }
    expect(await (await app.request("/bytes")).text()).toBe("xin chào");
  });

  it("are on pages, feeds, the icon, 404s, redirects, admin answers and 304s", async () => {
    const answers = [
      await request("/"),
      await request(`/posts/${REPORT_SLUG}`),
      await request("/rss.xml"),
      await request("/feed.json", { headers: { "Accept-Encoding": "br" } }),
      await request("/digests"),
      await request("/favicon.ico"),
      await request("/khong-co"),
      await request(`/posts/${REPORT_SLUG}/`),
      await request("/admin/digests/1"),
      await request("/admin/digests/1", { headers: ADMIN }),
      await request("/subscribe", { method: "POST", body: "{", headers: { "Content-Type": "application/json" } }),
    ];
    const etag = answers[2]?.headers.get("ETag") ?? "";
    answers.push(await request("/rss.xml", { headers: { "If-None-Match": etag } }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 404, 301, 401, 404, 400, 304]);
    for (const res of answers) {
      expect(res.headers.get("Content-Security-Policy")).toBe(CSP);
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("X-Frame-Options")).toBe("DENY");
      expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    }
  });

  it("forbid framing the confirm and unsubscribe button pages and keep their token URLs out of Referer", async () => {
    for (const path of await buttonPages()) {
      const page = await request(path);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post"');
      expect(page.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
      expect(page.headers.get("X-Frame-Options")).toBe("DENY");
      expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    }
    for (const path of ["/confirm", "/unsubscribe"]) {
      const done = await request(path, {
        method: "POST",
        body: new URLSearchParams({ token: "forged" }),
      });
      expect(done.status).toBe(400);
      expect(done.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(done.headers.get("X-Frame-Options")).toBe("DENY");
    }
  });

  it("name the site's own origin as the form target even when it differs from the request's host", async () => {
    const worker = (await import("../../src/index.ts")).default;
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    const res = await worker.fetch(
      new Request("http://127.0.0.1:8787/"),
      { ...env, SITE_URL: "https://news.example.org/ban-tin" },
      ctx,
    );
    expect(res.headers.get("Content-Security-Policy")).toContain("form-action https://news.example.org 'self';");
    // With settings that cannot be read, the error still carries the headers.
    const broken = await worker.fetch(new Request("https://bantin.example/"), { ...env, SITE_URL: "nope" }, ctx);
    expect(broken.status).toBe(500);
    expect(broken.headers.get("Content-Security-Policy")).toContain("form-action 'self';");
    expect(broken.headers.get("X-Frame-Options")).toBe("DENY");
  });
});

describe("trailing slashes", () => {
  it("redirect with 301 to the path without the slash, keeping the query", async () => {
    for (const [path, target] of [
      [`/posts/${REPORT_SLUG}/`, `/posts/${REPORT_SLUG}`],
      [`/posts/${REPORT_SLUG}/?utm_source=zalo&q=%C4%90`, `/posts/${REPORT_SLUG}?utm_source=zalo&q=%C4%90`],
      ["/rss.xml/", "/rss.xml"],
      ["/digests/", "/digests"],
    ] as const) {
      for (const method of ["GET", "HEAD"]) {
        const res = await request(path, { method, redirect: "manual" });
        expect(res.status).toBe(301);
        expect(res.headers.get("Location")).toBe(`https://bantin.example${target}`);
      }
      const followed = await request(target);
      expect(followed.status).toBe(200);
    }
  });

  it("never send anyone to another site", async () => {
    for (const path of ["//evil.example/", "/\\evil.example/", "//evil.example/posts/", "/%2F%2Fevil.example/"]) {
      const res = await request(path, { redirect: "manual" });
      expect(res.status).toBe(301);
      // Absolute, on this site: a browser reading "//evil.example" as a Location would leave it.
      const location = res.headers.get("Location") ?? "";
      expect(location.startsWith("https://bantin.example/")).toBe(true);
      expect(new URL(location).origin).toBe("https://bantin.example");
      const landed = await request(new URL(location).pathname + new URL(location).search);
      expect(landed.status).toBe(404);
    }
  });

  it("leave the home page, real pages and form posts alone", async () => {
    expect((await request("/", { redirect: "manual" })).status).toBe(200);
    expect((await request(`/posts/${REPORT_SLUG}`, { redirect: "manual" })).status).toBe(200);
    const post = await request("/subscribe/", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "slash@example.org" }),
      redirect: "manual",
    });
    expect(post.status).toBe(404);
  });
});

describe("/favicon.ico", () => {
  it("is a real icon with a long cache lifetime and a validator", async () => {
    const res = await request("/favicon.ico");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/x-icon");
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get("Cache-Control") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(7 * 24 * 3600);
    const ico = new Uint8Array(await res.arrayBuffer());
    const view = new DataView(ico.buffer);
    // ICONDIR: reserved 0, type 1 (icon), then one 16-byte entry per image, each a PNG.
    expect([view.getUint16(0, true), view.getUint16(2, true)]).toEqual([0, 1]);
    const count = view.getUint16(4, true);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      sizes.push(view.getUint8(entry) || 256);
      const length = view.getUint32(entry + 8, true);
      const offset = view.getUint32(entry + 12, true);
      expect(offset + length).toBeLessThanOrEqual(ico.byteLength);
      expect([...ico.slice(offset, offset + 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // The PNG's own header says the same size as the directory.
      expect(new DataView(ico.buffer, offset + 16, 8).getUint32(0)).toBe(sizes[i]);
    }
    expect(sizes).toContain(16);
    expect(sizes).toContain(32);

    const etag = res.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    const again = await request("/favicon.ico", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    const head = await request("/favicon.ico", { method: "HEAD" });
    expect(head.headers.get("Content-Length")).toBe(String(ico.byteLength));
  });
});

describe("HEAD", () => {
  it("carries the Content-Length of what GET would send on every kind of answer", async () => {
    for (const path of ["/khong-co", "/digests/latest", "/confirm?token=forged", "/admin/digests/1"]) {
      const get = await request(path, { redirect: "manual" });
      const length = (await get.arrayBuffer()).byteLength;
      const head = await request(path, { method: "HEAD", redirect: "manual" });
      expect(head.status).toBe(get.status);
      expect(head.headers.get("Content-Length")).toBe(String(length));
      expect(await head.text()).toBe("");
    }
  });
});
