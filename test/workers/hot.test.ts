// The hot path (src/routes/hot.ts): a memoised feed or page answered before Hono gives exactly the
// answer Hono gives (status, every header, the bytes), for 200s, 304s and HEADs in every coding, and
// steps aside whenever it cannot be sure: another method, a query, other settings, a content change,
// a content version due to be checked again.
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { configureMemo, MEMO_LIFETIME_MS } from "../../src/cache/memo.ts";
import { forgetHotPaths, hotStats } from "../../src/routes/hot.ts";
import { ADMIN, publish, REPORT_SLUG, reportInput, request } from "../helpers.ts";

let nowMs = Date.UTC(2026, 11, 1);
const clock = () => nowMs;

const PATHS = ["/rss.xml", "/atom.xml", "/feed.json", "/", `/posts/${REPORT_SLUG}`, "/tags", "/sitemap.xml"];
const CODINGS = ["br, gzip", "gzip", ""];

interface Answer {
  status: number;
  headers: [string, string][];
  body: number[];
}

async function answer(path: string, init: RequestInit = {}, bindings: Env = env): Promise<Answer> {
  const res = await request(path, init, bindings);
  return {
    status: res.status,
    headers: [...res.headers].sort(([a], [b]) => a.localeCompare(b)),
    body: [...new Uint8Array(await res.arrayBuffer())],
  };
}

/** The number of requests the hot path answered while `run` ran. */
async function hotCount(run: () => Promise<unknown>): Promise<number> {
  const before = hotStats.answered;
  await run();
  return hotStats.answered - before;
}

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
});

afterEach(() => {
  configureMemo();
  forgetHotPaths();
});

describe("the hot path", () => {
  it("answers exactly as the full path does: 200s, 304s and HEADs, in every coding", async () => {
    configureMemo({ now: clock });
    for (const path of PATHS) {
      // What the full path (Hono) answers, for each coding: the hot path is forgotten before each request.
      const full = new Map<string, { ok: Answer; notModified: Answer; etag: string }>();
      for (const acceptEncoding of CODINGS) {
        const headers: Record<string, string> = acceptEncoding ? { "Accept-Encoding": acceptEncoding } : {};
        forgetHotPaths();
        let ok: Answer | undefined;
        expect(await hotCount(async () => (ok = await answer(path, { headers })))).toBe(0);
        expect(ok?.status).toBe(200);
        const etag = ok?.headers.find(([name]) => name === "etag")?.[1] ?? "";
        forgetHotPaths();
        const notModified = await answer(path, { headers: { ...headers, "If-None-Match": etag } });
        expect(notModified.status).toBe(304);
        full.set(acceptEncoding, { ok: ok as Answer, notModified, etag });
      }
      expect(new Set([...full.values()].map((f) => f.etag)).size).toBe(CODINGS.length);

      // The full path answered once and remembered the path: from now on the hot path answers,
      // the codings one after another, twice over.
      forgetHotPaths();
      await answer(path);
      for (const acceptEncoding of [...CODINGS, ...CODINGS]) {
        const want = full.get(acceptEncoding);
        const headers: Record<string, string> = acceptEncoding ? { "Accept-Encoding": acceptEncoding } : {};
        let hot: Answer | undefined;
        let hotNotModified: Answer | undefined;
        let hotHead: Answer | undefined;
        const answered = await hotCount(async () => {
          hot = await answer(path, { headers });
          hotNotModified = await answer(path, { headers: { ...headers, "If-None-Match": want?.etag ?? "" } });
          hotHead = await answer(path, { method: "HEAD", headers });
        });
        expect(answered, `${path} with Accept-Encoding "${acceptEncoding}"`).toBe(3);
        expect(hot).toEqual(want?.ok);
        expect(hotNotModified).toEqual(want?.notModified);
        expect(hotHead).toEqual({ ...want?.ok, body: [] } as Answer);
        expect(hotHead?.headers.find(([name]) => name === "content-length")?.[1]).toBe(String(want?.ok.body.length));
      }
    }
    // The security headers come with it.
    const csp = (await request("/rss.xml")).headers.get("Content-Security-Policy");
    expect(csp).toContain("default-src 'none'");
  });

  it("hands out copies of its headers: changing one answer's headers changes no later answer", async () => {
    configureMemo({ now: clock });
    await request("/rss.xml");
    const first = await request("/rss.xml");
    first.headers.set("X-Changed", "yes");
    first.headers.delete("ETag");
    let second: Response | undefined;
    expect(await hotCount(async () => (second = await request("/rss.xml")))).toBe(1);
    expect(second?.headers.get("X-Changed")).toBeNull();
    expect(second?.headers.get("ETag")).toMatch(/^"/);
  });

  it("steps aside for other methods, queries and escaped paths, which the full path answers", async () => {
    configureMemo({ now: clock });
    await request("/rss.xml");
    await request(`/posts/${REPORT_SLUG}`);
    const answered = await hotCount(async () => {
      expect((await request("/rss.xml?utm_source=reader")).status).toBe(200);
      expect((await request("/rss.xml", { method: "POST" })).status).toBe(404);
      expect((await request("/rss.xml", { method: "OPTIONS" })).status).toBe(404);
      expect((await request(`/posts/${REPORT_SLUG.replace("d", "%64")}`)).status).toBe(200);
    });
    expect(answered).toBe(0);
  });

  it("shows a change made in this isolate at once", async () => {
    configureMemo({ now: clock, lifetimeMs: 24 * 3600_000 });
    await request("/rss.xml");
    let before = "";
    expect(await hotCount(async () => (before = await (await request("/rss.xml")).text()))).toBe(1);
    expect(before).not.toContain("bai-nong");
    const second = { ...reportInput(), id: undefined, slug: "bai-nong", title: "Bài đăng sau" };
    expect((await publish(second)).status).toBe(201);
    // The memo was forgotten: the full path answers with the new feed, then the hot path again.
    let text = "";
    expect(await hotCount(async () => (text = await (await request("/rss.xml")).text()))).toBe(0);
    expect(text).toContain("bai-nong");
    expect(await hotCount(async () => (text = await (await request("/rss.xml")).text()))).toBe(1);
    expect(text).toContain("bai-nong");
    expect((await request("/admin/posts/bai-nong", { method: "DELETE", headers: ADMIN })).status).toBe(200);
    expect(await (await request("/rss.xml")).text()).not.toContain("bai-nong");
    expect((await request("/posts/bai-nong")).status).toBe(410);
  });

  it("leaves the content version check to the full path once the memo's lifetime has passed", async () => {
    configureMemo({ now: clock });
    await request("/atom.xml");
    nowMs += MEMO_LIFETIME_MS - 1;
    expect(await hotCount(() => request("/atom.xml"))).toBe(1);
    nowMs += 1;
    expect(await hotCount(() => request("/atom.xml"))).toBe(0);
    expect(await hotCount(() => request("/atom.xml"))).toBe(1);
  });

  it("never answers for bindings whose settings it did not remember the path under", async () => {
    configureMemo({ now: clock });
    await request("/rss.xml");
    const elsewhere = { ...env, SITE_URL: "https://tin.example.org" };
    let text = "";
    expect(await hotCount(async () => (text = await (await request("/rss.xml", {}, elsewhere)).text()))).toBe(0);
    expect(text).toContain("https://tin.example.org/posts/");
    expect(text).not.toContain("https://bantin.example/posts/");
  });
});
