// A site served from this machine (npm start): a page opened on another local name of the same
// server is sent to SITE_URL, and the sign-in page fills in the token of npm start's printed link.
// Deployed (SITE_URL not on this machine), neither happens.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { TEST_ADMIN_TOKEN } from "../helpers.ts";
import { hidden } from "./console-harness.ts";

const local = { ...env, SITE_URL: "http://127.0.0.1:8787" };

async function fetchAt(url: string, init: RequestInit = {}, bindings: Env = local): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, { redirect: "manual", ...init }), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("another local name of the same server", () => {
  it("is sent to SITE_URL for a GET or HEAD, same path and query, never cached", async () => {
    for (const origin of [
      "http://localhost:8787",
      "http://[::1]:8787",
      "http://127.0.0.2:8787",
      "http://x.localhost:8787",
    ]) {
      for (const method of ["GET", "HEAD"]) {
        const res = await fetchAt(`${origin}/console?next=%2Fconsole%2Fposts`, { method });
        expect(res.status, `${method} ${origin}`).toBe(307);
        expect(res.headers.get("Location")).toBe("http://127.0.0.1:8787/console?next=%2Fconsole%2Fposts");
        expect(res.headers.get("Cache-Control")).toBe("no-store");
        expect(res.headers.get("X-Frame-Options")).toBe("DENY");
      }
    }
  });

  it("is answered as it is for a POST, for another port, on SITE_URL itself, and when deployed", async () => {
    const post = await fetchAt("http://localhost:8787/admin/posts", {
      method: "POST",
      headers: { Authorization: "Bearer nope", "CF-Connecting-IP": "198.19.3.1" },
    });
    expect(post.status).toBe(401);
    expect((await fetchAt("http://localhost:9999/")).status).toBe(200);
    expect((await fetchAt("http://127.0.0.1:8787/")).status).toBe(200);
    expect((await fetchAt("http://localhost:8787/", {}, env)).status).toBe(200);
  });
});

describe("the sign-in link npm start prints", () => {
  it("shows the sign-in form with the token filled in, and one press signs in", async () => {
    const page = await fetchAt(`http://127.0.0.1:8787/console/login?token=${TEST_ADMIN_TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain(`value="${TEST_ADMIN_TOKEN}"`);
    expect(html).toContain("đã được điền sẵn");
    // A GET changes nothing: no session yet.
    expect(page.headers.get("Set-Cookie")).toBeNull();
    // The button posts the form as it stands.
    const signedIn = await fetchAt("http://127.0.0.1:8787/console/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": "198.19.3.2" },
      body: new URLSearchParams({
        _form: hidden(html, "_form"),
        next: hidden(html, "next"),
        token: TEST_ADMIN_TOKEN,
      }).toString(),
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("Location")).toBe("http://127.0.0.1:8787/console");
    expect(signedIn.headers.get("Set-Cookie")).toMatch(/^bantin_console=/);
  });

  it("fills in nothing on a deployed site, where a token in a URL would stay in request logs", async () => {
    const page = await fetchAt(`https://bantin.example/console/login?token=${TEST_ADMIN_TOKEN}`, {}, env);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain(TEST_ADMIN_TOKEN);
    expect(html).not.toContain("đã được điền sẵn");
  });
});
