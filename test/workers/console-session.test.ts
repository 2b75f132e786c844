// Signing in to the console, sessions and CSRF: the rules of src/console/session.ts and the guard.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clientKey } from "../../src/subscribers/client.ts";
import { request } from "../helpers.ts";
import { hidden, newClient, postForm, signIn, signInForm, TOKEN } from "./console-harness.ts";

const countPosts = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM posts").first<number>("n")) ?? 0;
const newPost = {
  title: "Bài giả mạo",
  author: "Kẻ lạ",
  date: "2021-07-20T09:00",
  offset: "+07:00",
  markdown: "Nội dung.",
  action: "publish",
};

describe("signing in", () => {
  it("sends a signed-out browser to the sign-in page, and back where it was going afterwards", async () => {
    const res = await request("/console/subscribers?q=abc", { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(
      `https://bantin.example/console/login?next=${encodeURIComponent("/console/subscribers?q=abc")}`,
    );
    const ip = newClient();
    const signedIn = await postForm(
      "/console/login",
      { token: TOKEN, _form: await signInForm(ip), next: "/console/subscribers?q=abc" },
      { "CF-Connecting-IP": ip },
    );
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("Location")).toBe("https://bantin.example/console/subscribers?q=abc");
  });

  it("never sends anyone off the console after signing in", async () => {
    for (const next of ["//evil.example/", "https://evil.example/console", "/console\\@evil.example", "/consolex"]) {
      const ip = newClient();
      const res = await postForm(
        "/console/login",
        { token: TOKEN, _form: await signInForm(ip), next },
        { "CF-Connecting-IP": ip },
      );
      expect(res.headers.get("Location"), next).toBe("https://bantin.example/console");
    }
  });

  it("sets a __Host- cookie on an https site: HttpOnly, Secure, SameSite=Strict, Path=/, expiring in 12 hours", async () => {
    const ip = newClient();
    const res = await postForm(
      "/console/login",
      { token: TOKEN, _form: await signInForm(ip) },
      { "CF-Connecting-IP": ip },
    );
    const cookie = res.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^__Host-bantin_console=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("Max-Age=43200");
    expect(cookie).not.toContain("Domain");
  });

  it("uses a plain cookie name without Secure on an http site (npm start)", async () => {
    const bindings = { ...env, SITE_URL: "http://127.0.0.1:8787" };
    const ip = newClient();
    const res = await postForm(
      "/console/login",
      { token: TOKEN, _form: await signInForm(ip, bindings) },
      { "CF-Connecting-IP": ip },
      bindings,
    );
    const cookie = res.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^bantin_console=/);
    expect(cookie).not.toContain("Secure");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
  });

  it("refuses a wrong token, then every attempt from that client after five, the right token too", async () => {
    const ip = newClient();
    const form = await signInForm(ip);
    for (let i = 0; i < 5; i++) {
      const res = await postForm("/console/login", { token: `wrong-${i}`, _form: form }, { "CF-Connecting-IP": ip });
      expect(res.status).toBe(401);
      expect(res.headers.get("Set-Cookie")).toBeNull();
      expect(await res.text()).toContain("Mã không đúng");
    }
    const throttled = await postForm("/console/login", { token: TOKEN, _form: form }, { "CF-Connecting-IP": ip });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("Retry-After"))).toBeGreaterThan(590);
    expect(Number(throttled.headers.get("Retry-After"))).toBeLessThanOrEqual(600);
    expect(throttled.headers.get("Set-Cookie")).toBeNull();
    // Another client is not held back.
    await expect(signIn(env, newClient())).resolves.toBeTruthy();
    // The window passes: the client may try again.
    await env.DB.prepare("UPDATE rate_limits SET window_start_ms = window_start_ms - 600000 WHERE key = ?")
      .bind(`admin-token:${clientKey(ip)}`)
      .run();
    await expect(signIn(env, ip)).resolves.toBeTruthy();
  });

  it("counts only failures: a successful sign-in clears the client's count", async () => {
    const ip = newClient();
    const form = await signInForm(ip);
    for (let i = 0; i < 4; i++)
      await postForm("/console/login", { token: "nope", _form: form }, { "CF-Connecting-IP": ip });
    await signIn(env, ip);
    for (let i = 0; i < 4; i++) {
      const res = await postForm("/console/login", { token: "nope", _form: form }, { "CF-Connecting-IP": ip });
      expect(res.status).toBe(401);
    }
  });

  it("refuses a sign-in form that this site did not serve, or served more than an hour ago", async () => {
    const ip = newClient();
    const forged = await postForm(
      "/console/login",
      { token: TOKEN, _form: `${Math.floor(Date.now() / 1000) + 3000}.${"A".repeat(43)}` },
      { "CF-Connecting-IP": ip },
    );
    expect(forged.status).toBe(400);
    const none = await postForm("/console/login", { token: TOKEN }, { "CF-Connecting-IP": ip });
    expect(none.status).toBe(400);
    expect(none.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("sessions", () => {
  it("opens the console with the cookie, never cached, with a strict policy", async () => {
    const s = await signIn();
    const res = await s.get("/console");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("frame-src 'self'");
    // One script, the passkeys' file, by its path: nothing inline, nothing from elsewhere.
    expect(csp).toContain("script-src https://bantin.example/console/passkeys.js;");
    expect(csp).not.toMatch(/script-src[^;]*(?:'unsafe|'self'|\*)/);
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Referrer-Policy")).toBe("same-origin");
  });

  it("lets the site, and only the site, frame the previews", async () => {
    const s = await signIn();
    const frame = await s.get("/console/frame/post");
    expect(frame.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'self'");
    expect(frame.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    const page = await request("/");
    expect(page.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("Content-Security-Policy")).not.toContain("frame-src");
  });

  it("ends at sign-out: the cookie opens nothing any more", async () => {
    const s = await signIn();
    const out = await s.post("/console/logout", {});
    expect(out.status).toBe(303);
    expect(out.headers.get("Set-Cookie")).toMatch(/^__Host-bantin_console=;.*Max-Age=0/);
    const after = await s.get("/console");
    expect(after.status).toBe(303);
    expect(after.headers.get("Location")).toContain("/console/login");
  });

  it("expires after 12 hours", async () => {
    const s = await signIn();
    await env.DB.prepare("UPDATE console_sessions SET expires_ms = ? WHERE expires_ms > ?")
      .bind(Date.now() - 1, Date.now() + 11 * 3600 * 1000)
      .run();
    expect((await s.get("/console")).status).toBe(303);
  });

  it("ends every session when ADMIN_TOKEN changes", async () => {
    const s = await signIn();
    const rotated = { ...env, ADMIN_TOKEN: "a-new-admin-token-of-32-characters" };
    const res = await request("/console", { headers: { Cookie: s.cookie }, redirect: "manual" }, rotated);
    expect(res.status).toBe(303);
  });

  it("opens nothing with a forged or tampered cookie", async () => {
    const s = await signIn();
    const value = s.cookie.split("=")[1] ?? "";
    const tampered = `${value.slice(0, -1)}${value.endsWith("A") ? "B" : "A"}`;
    for (const cookie of [`__Host-bantin_console=${tampered}`, "__Host-bantin_console=x", `bantin_console=${value}`]) {
      const res = await request("/console", { headers: { Cookie: cookie }, redirect: "manual" });
      expect(res.status, cookie).toBe(303);
    }
  });

  it("keeps the JSON admin API working with the Bearer token", async () => {
    const res = await request("/admin/digests/999", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(404);
  });
});

describe("CSRF", () => {
  it("changes nothing for a POST without a session", async () => {
    const before = await countPosts();
    const res = await postForm("/console/posts/new", newPost);
    expect(res.status).toBe(403);
    expect(await countPosts()).toBe(before);
  });

  it("changes nothing for a signed-in POST without the session's token, with another's, or with a wrong one", async () => {
    const s = await signIn();
    const other = await signIn();
    const before = await countPosts();
    for (const csrf of ["", "wrong", other.csrf, `${s.csrf}x`]) {
      const res = await s.post("/console/posts/new", { ...newPost, _csrf: csrf });
      expect(res.status, csrf).toBe(403);
      expect(await res.text()).toContain("Yêu cầu bị từ chối");
    }
    const digest = await s.post("/console/digest/send", { _csrf: "", fingerprint: "x" });
    expect(digest.status).toBe(403);
    expect(await countPosts()).toBe(before);
  });

  it("changes nothing for a POST another site (or another port of this host) made, even with the token", async () => {
    const s = await signIn();
    const before = await countPosts();
    const headers: Record<string, string>[] = [
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site" },
      { Origin: "https://evil.example" },
      { Origin: "https://bantin.example:8443" },
    ];
    for (const h of headers) {
      const res = await s.post("/console/posts/new", newPost, h);
      expect(res.status, JSON.stringify(h)).toBe(403);
    }
    expect(await countPosts()).toBe(before);
    // The same form from the site itself goes through.
    const ok = await s.post("/console/posts/new", { ...newPost, action: "draft" }, { "Sec-Fetch-Site": "same-origin" });
    expect(ok.status).toBe(303);
    expect(await countPosts()).toBe(before + 1);
    await env.DB.prepare("DELETE FROM posts WHERE title = ?").bind(newPost.title).run();
  });

  it("puts the session's token in every form of every page", async () => {
    const s = await signIn();
    for (const path of [
      "/console",
      "/console/posts",
      "/console/posts/new",
      "/console/digest",
      "/console/subscribers",
    ]) {
      const html = await (await s.get(path)).text();
      const forms = html.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g) ?? [];
      expect(forms.length, path).toBeGreaterThan(0);
      for (const form of forms) expect(hidden(form, "_csrf"), path).toBe(s.csrf);
    }
  });
});
