// Small points of HTTP: every 429 says when to come back (Retry-After); the editor's 404s are never
// cached; the trailing-slash redirect goes to SITE_URL whatever Host the request named.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { ADMIN, request } from "../helpers.ts";
import { postForm, signIn, signInForm } from "./console-harness.ts";

const retryAfter = (res: Response) => Number(res.headers.get("Retry-After"));

describe("a 429", () => {
  it("carries Retry-After, within the limit's window, on every route that limits", async () => {
    // Subscribing: ten requests per client in ten minutes.
    const subscriber = { "Content-Type": "application/json", "CF-Connecting-IP": "198.19.1.1" };
    let subscribe: Response | undefined;
    for (let i = 0; i < 11; i++) {
      subscribe = await request("/subscribe", {
        method: "POST",
        headers: subscriber,
        body: JSON.stringify({ email: `nhieu-lan-${i}@example.org` }),
      });
    }
    expect(subscribe?.status).toBe(429);
    expect(retryAfter(subscribe as Response)).toBeGreaterThan(0);
    expect(retryAfter(subscribe as Response)).toBeLessThanOrEqual(600);

    // The admin API and the console sign-in: five wrong tokens per client.
    const wrong = { Authorization: `Bearer ${"w".repeat(40)}`, "CF-Connecting-IP": "198.19.1.2" };
    for (let i = 0; i < 5; i++) await request("/admin/posts", { headers: wrong });
    const api = await request("/admin/posts", { headers: wrong });
    expect(api.status).toBe(429);
    expect(retryAfter(api)).toBeGreaterThan(590);
    const ip = "198.19.1.3";
    const form = await signInForm(ip);
    for (let i = 0; i < 5; i++)
      await postForm("/console/login", { token: "sai", _form: form }, { "CF-Connecting-IP": ip });
    const signInRes = await postForm("/console/login", { token: "sai", _form: form }, { "CF-Connecting-IP": ip });
    expect(signInRes.status).toBe(429);
    expect(retryAfter(signInRes)).toBeGreaterThan(590);

    // The console's test sends: twenty per session in ten minutes.
    const s = await signIn();
    let test: Response | undefined;
    for (let i = 0; i < 21; i++) test = await s.post("/console/digest/test", { to: "bien-tap@example.org" });
    expect(test?.status).toBe(429);
    expect(retryAfter(test as Response)).toBeGreaterThan(590);
    expect(retryAfter(test as Response)).toBeLessThanOrEqual(600);
  });
});

describe("a 404", () => {
  it("under /admin and /console, signed in, is never cached", async () => {
    for (const path of ["/admin/nothing-here", "/admin/digests/999/status"]) {
      const res = await request(path, { headers: ADMIN });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("Cache-Control"), path).toBe("no-store");
    }
    const s = await signIn();
    const res = await s.get("/console/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("elsewhere may be cached for a minute", async () => {
    const res = await request("/nothing-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
  });
});

describe("the trailing-slash redirect", () => {
  it("goes to SITE_URL, not to the Host the request named", async () => {
    for (const host of ["evil.example", "bantin.example.evil.example", "127.0.0.1:8787"]) {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`http://${host}/rss.xml/?a=1`), env, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status, host).toBe(301);
      expect(res.headers.get("Location"), host).toBe("https://bantin.example/rss.xml?a=1");
    }
  });
});
