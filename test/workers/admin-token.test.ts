// The ADMIN_TOKEN against guessing: wrong tokens are limited per client (IPv4 address, IPv6 /64), one
// budget for the admin API and the console's sign-in together; the right token is never counted; and
// a token shorter than 32 characters closes the API and the console (the public site stays up).
import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clientKey } from "../../src/subscribers/client.ts";
import { request, TEST_ADMIN_TOKEN } from "../helpers.ts";
import { postForm, signInForm } from "./console-harness.ts";

let n = 0;
/** A client address no other test uses (198.18.0.0/15 is for benchmarks: nobody else's). */
const newIp = () => `198.18.${Math.floor(++n / 250)}.${(n % 250) + 1}`;

const admin = (ip: string, token: string, init: RequestInit = {}) =>
  request("/admin/posts", {
    ...init,
    headers: { Authorization: `Bearer ${token}`, "CF-Connecting-IP": ip, ...init.headers },
  });

const signInWith = async (ip: string, token: string) =>
  postForm("/console/login", { token, _form: await signInForm(ip) }, { "CF-Connecting-IP": ip });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("wrong admin tokens", () => {
  it("are refused with 429 and Retry-After after five from one client, the right token too, until the window ends", async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) {
      const res = await admin(ip, `wrong-token-${i}`.padEnd(40, "x"));
      expect(res.status).toBe(401);
    }
    for (const token of ["still-wrong".padEnd(40, "x"), TEST_ADMIN_TOKEN]) {
      const res = await admin(ip, token);
      expect(res.status, token).toBe(429);
      const retryAfter = Number(res.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThan(590);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(((await res.json()) as { error: string }).error).toContain("Too many wrong tokens");
    }
    // Another client is not held back.
    expect((await admin(newIp(), TEST_ADMIN_TOKEN)).status).toBe(200);
    // The window passes: the right token works again.
    await env.DB.prepare("UPDATE rate_limits SET window_start_ms = window_start_ms - 600000 WHERE key = ?")
      .bind(`admin-token:${clientKey(ip)}`)
      .run();
    expect((await admin(ip, TEST_ADMIN_TOKEN)).status).toBe(200);
  });

  it("count Basic credentials too (the status page's), and not a request without any", async () => {
    const ip = newIp();
    for (let i = 0; i < 8; i++) {
      expect((await request("/admin/posts", { headers: { "CF-Connecting-IP": ip } })).status).toBe(401);
    }
    const basic = (password: string) => ({
      Authorization: `Basic ${btoa(`editor:${password}`)}`,
      "CF-Connecting-IP": ip,
    });
    for (let i = 0; i < 5; i++) {
      expect((await request("/admin/posts", { headers: basic(`nope-${i}`) })).status).toBe(401);
    }
    expect((await request("/admin/posts", { headers: basic(TEST_ADMIN_TOKEN) })).status).toBe(429);
  });

  it("are counted one at a time when sent all at once: five answered 401, the rest 429", async () => {
    const ip = newIp();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => admin(ip, `burst-${i}`.padEnd(40, "x")).then((r) => r.status)),
    );
    expect(answers.filter((s) => s === 401)).toHaveLength(5);
    expect(answers.filter((s) => s === 429)).toHaveLength(15);
  });

  it("share one budget per IPv6 /64, and none with another /64", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await admin(`2001:db8:aa:1::${i + 1}`, `v6-${i}`.padEnd(40, "x"))).status).toBe(401);
    }
    expect((await admin("2001:db8:aa:1:ffff::9", TEST_ADMIN_TOKEN)).status).toBe(429);
    expect((await admin("2001:db8:aa:2::1", TEST_ADMIN_TOKEN)).status).toBe(200);
  });

  it("through the API and through the console sign-in draw on one budget", async () => {
    // Three wrong through the API, two through the console: the sixth try is refused either way.
    const first = newIp();
    for (let i = 0; i < 3; i++) expect((await admin(first, `api-${i}`.padEnd(40, "x"))).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await signInWith(first, `console-${i}`)).status).toBe(401);
    const refused = await signInWith(first, TEST_ADMIN_TOKEN);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(590);
    expect(refused.headers.get("Set-Cookie")).toBeNull();
    expect((await admin(first, TEST_ADMIN_TOKEN)).status).toBe(429);

    // Five wrong through the console: the API refuses the right token.
    const second = newIp();
    for (let i = 0; i < 5; i++) expect((await signInWith(second, `console-${i}`)).status).toBe(401);
    expect((await admin(second, TEST_ADMIN_TOKEN)).status).toBe(429);
  });
});

describe("the right admin token", () => {
  it("is never counted: a script publishing 50 times in a row (npm run publish), after four wrong tries, is not held back", async () => {
    const ip = newIp();
    for (let i = 0; i < 4; i++) expect((await admin(ip, `typo-${i}`.padEnd(40, "x"))).status).toBe(401);
    const post = {
      title: "Bài kiểm tra giới hạn",
      author: "Ban biên tập",
      published: "2021-07-20T09:00:00+07:00",
      markdown: "Nội dung.",
    };
    // Ten posts, each sent five times (created, then unchanged), as a folder published again and again.
    for (let i = 0; i < 50; i++) {
      const res = await admin(ip, TEST_ADMIN_TOKEN, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...post, slug: `gioi-han-${i % 10}` }),
      });
      expect(res.status, `post ${i}`).toBe(i < 10 ? 201 : 200);
    }
    // The fifth wrong try is still the client's to make.
    expect((await admin(ip, "typo-5".padEnd(40, "x"))).status).toBe(401);
    expect((await admin(ip, TEST_ADMIN_TOKEN)).status).toBe(429);
  });
});

describe("an ADMIN_TOKEN shorter than 32 characters", () => {
  const short = { ...env, ADMIN_TOKEN: "a".repeat(31) };

  it("closes the admin API and the console with 503 and says why, once in the log; the public site is served", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const api = await request("/admin/posts", { headers: { Authorization: `Bearer ${"a".repeat(31)}` } }, short);
    expect(api.status).toBe(503);
    expect(api.headers.get("Cache-Control")).toBe("no-store");
    const { error } = (await api.json()) as { error: string };
    expect(error).toContain("ADMIN_TOKEN must be at least 32 characters long (this one has 31)");
    expect(error).toContain("wrangler secret put ADMIN_TOKEN");

    const page = await request("/console/login", {}, short);
    expect(page.status).toBe(503);
    const text = await page.text();
    expect(text).toContain("ADMIN_TOKEN chưa đặt hoặc ngắn hơn 32 ký tự");
    expect(text).toContain("at least 32 characters");
    // A POST is refused before anything is read or compared.
    const post = await postForm("/console/login", { token: "a".repeat(31), _form: "x" }, {}, short);
    expect(post.status).toBe(503);

    expect((await request("/", {}, short)).status).toBe(200);
    expect((await request("/rss.xml", {}, short)).status).toBe(200);
    const lines = logged.mock.calls.map((call) => String(call[0])).filter((m) => m.includes("at least 32 characters"));
    expect(lines).toHaveLength(1);
  });

  it("is refused when unset too, and a token of exactly 32 characters is taken", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const unset = await request(
      "/admin/posts",
      { headers: { Authorization: "Bearer x" } },
      { ...env, ADMIN_TOKEN: "" },
    );
    expect(unset.status).toBe(503);
    expect(((await unset.json()) as { error: string }).error).toContain("ADMIN_TOKEN is not set");
    const exact = "b".repeat(32);
    const ok = await request(
      "/admin/posts",
      { headers: { Authorization: `Bearer ${exact}`, "CF-Connecting-IP": newIp() } },
      { ...env, ADMIN_TOKEN: exact },
    );
    expect(ok.status).toBe(200);
  });
});
