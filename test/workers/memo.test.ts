// The in-isolate memo of renditions (src/cache/memo.ts): requests answered without D1 while the
// content version is fresh, one version check after the lifetime, and nothing stale in the isolate
// that changed the content. The clock is injected: no test waits for the lifetime to pass.
import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  configureMemo,
  MEMO_LIFETIME_MS,
  MEMO_MAX_BYTES,
  MEMO_MAX_ENTRIES,
  memoGeneration,
  memoise,
  memoSize,
  memoStats,
} from "../../src/cache/memo.ts";
import { ADMIN, publish, REPORT_SLUG, reportInput, request } from "../helpers.ts";

const SECOND_SLUG = "bai-kiem-tra-bo-nho";

/** The test's clock: moves only when told. */
let nowMs = Date.UTC(2026, 11, 1);
const clock = () => nowMs;

/** A D1 binding that records every statement it is asked to prepare. */
function recordingDb(): { db: D1Database; sql: string[] } {
  const sql: string[] = [];
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") {
        return (query: string) => {
          sql.push(query);
          return target.prepare(query);
        };
      }
      if (prop === "batch") {
        return (statements: D1PreparedStatement[]) => {
          sql.push(`batch of ${statements.length}`);
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db, sql };
}

/** A D1 binding that fails the test if it is used at all. */
const unreachableDb = new Proxy(env.DB, {
  get(_target, prop) {
    throw new Error(`D1 was used (${String(prop)}) where the memo should have answered`);
  },
});

const withDb = (db: D1Database): Env => ({ ...env, DB: db });

const bumpContentDirectly = (sql: string, ...values: unknown[]) =>
  env.DB.batch([
    env.DB.prepare(sql).bind(...values),
    env.DB.prepare("UPDATE site_state SET content_version = content_version + 1 WHERE id = 1"),
  ]);

beforeAll(async () => {
  expect([200, 201]).toContain((await publish(reportInput())).status);
});

afterEach(() => {
  configureMemo();
});

describe("the rendition memo", () => {
  it("answers 200s, 304s and HEADs without D1 while the content version is fresh", async () => {
    configureMemo({ now: clock });
    for (const path of ["/rss.xml", "/atom.xml", "/feed.json", "/", `/posts/${REPORT_SLUG}`]) {
      const first = await request(path, { headers: { "Accept-Encoding": "gzip" } });
      expect(first.status).toBe(200);
      const etag = first.headers.get("ETag") ?? "";
      const firstBody = new Uint8Array(await first.arrayBuffer());

      nowMs += MEMO_LIFETIME_MS - 1;
      const offline = withDb(unreachableDb);
      const notModified = await request(
        path,
        { headers: { "If-None-Match": etag, "Accept-Encoding": "gzip" } },
        offline,
      );
      expect(notModified.status).toBe(304);
      expect(notModified.headers.get("ETag")).toBe(etag);
      expect(notModified.headers.get("Vary")).toBe("Accept-Encoding");
      expect(notModified.headers.get("Last-Modified")).toBe(first.headers.get("Last-Modified"));

      const head = await request(path, { method: "HEAD", headers: { "Accept-Encoding": "gzip" } }, offline);
      expect(head.status).toBe(200);
      expect(head.headers.get("Content-Length")).toBe(String(firstBody.byteLength));

      // The same memoised bytes serve request after request (a body handed to a Response is not used up).
      for (let i = 0; i < 2; i++) {
        const again = await request(path, { headers: { "Accept-Encoding": "gzip" } }, offline);
        expect(again.headers.get("ETag")).toBe(etag);
        expect(new Uint8Array(await again.arrayBuffer())).toEqual(firstBody);
        const plain = await request(path, {}, offline);
        expect(plain.headers.get("Content-Encoding")).toBeNull();
        expect((await plain.text()).length).toBeGreaterThan(100);
      }
      nowMs += MEMO_LIFETIME_MS;
    }
  });

  it("checks the content version once after the lifetime, without reading a body, and keeps the memo", async () => {
    configureMemo({ now: clock });
    const etag = (await request("/rss.xml")).headers.get("ETag") ?? "";
    await request("/atom.xml");
    nowMs += MEMO_LIFETIME_MS;
    const { db, sql } = recordingDb();
    const checksBefore = memoStats.versionChecks;
    expect((await request("/rss.xml", { headers: { "If-None-Match": etag } }, withDb(db))).status).toBe(304);
    expect((await request("/atom.xml", {}, withDb(db))).status).toBe(200);
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatch(/^SELECT content_version FROM site_state/);
    expect(memoStats.versionChecks - checksBefore).toBe(1);
  });

  it("shows a change made in this isolate at once, however long the lifetime", async () => {
    configureMemo({ now: clock, lifetimeMs: 24 * 3600_000 });
    expect(await (await request("/rss.xml")).text()).not.toContain(SECOND_SLUG);
    expect(await (await request("/")).text()).not.toContain(SECOND_SLUG);
    const second = { ...reportInput(), id: undefined, slug: SECOND_SLUG, title: "Bài kiểm tra bộ nhớ" };
    expect((await publish(second)).status).toBe(201);
    expect(await (await request("/rss.xml")).text()).toContain(SECOND_SLUG);
    expect(await (await request("/")).text()).toContain(SECOND_SLUG);

    // Withdrawn in this isolate: gone from the feed at once.
    expect((await request(`/admin/posts/${SECOND_SLUG}`, { method: "DELETE", headers: ADMIN })).status).toBe(200);
    expect(await (await request("/rss.xml")).text()).not.toContain(SECOND_SLUG);
    expect((await request(`/posts/${SECOND_SLUG}`)).status).toBe(410);
  });

  it("shows a change made by another isolate (directly in D1) once the lifetime has passed", async () => {
    configureMemo({ now: clock });
    const before = await request("/rss.xml");
    const etag = before.headers.get("ETag") ?? "";
    expect(await before.text()).not.toContain("Tiêu đề đổi ở nơi khác");
    await bumpContentDirectly("UPDATE posts SET title = ? WHERE slug = ?", "Tiêu đề đổi ở nơi khác", REPORT_SLUG);

    // Within the lifetime this isolate may serve what it had: the staleness bound.
    nowMs += MEMO_LIFETIME_MS - 1;
    const stale = await request("/rss.xml", { headers: { "If-None-Match": etag } });
    expect(stale.status).toBe(304);

    nowMs += 1;
    const fresh = await request("/rss.xml", { headers: { "If-None-Match": etag } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("ETag")).not.toBe(etag);
    expect(await fresh.text()).toContain("Tiêu đề đổi ở nơi khác");
  });

  it("stays within its bounds on entries and bytes, and serves correctly what it let go", async () => {
    const paths = ["/rss.xml", "/atom.xml", "/feed.json", "/", `/posts/${REPORT_SLUG}`, "/tags", "/feeds.opml"];
    configureMemo({ now: clock, maxEntries: 3 });
    const bodies = new Map<string, string>();
    for (const path of paths) {
      bodies.set(path, await (await request(path)).text());
      expect(memoSize().entries).toBeLessThanOrEqual(3);
    }
    expect(memoSize().entries).toBe(3);
    for (const path of paths) expect(await (await request(path)).text()).toBe(bodies.get(path));

    // Room for about one feed: never more than the bound, and a rendition larger than it is served, not kept.
    await request("/rss.xml");
    const oneFeed = memoSize().bytes;
    configureMemo({ now: clock, maxBytes: Math.ceil(oneFeed * 1.5) });
    for (const path of paths) {
      expect(await (await request(path)).text()).toBe(bodies.get(path));
      expect(memoSize().bytes).toBeLessThanOrEqual(Math.ceil(oneFeed * 1.5));
    }
    configureMemo({ now: clock, maxBytes: 10 });
    expect(await (await request("/rss.xml")).text()).toBe(bodies.get("/rss.xml"));
    expect(memoSize()).toEqual({ entries: 0, bytes: 0 });

    // The defaults are bounded too.
    expect(MEMO_MAX_ENTRIES).toBeGreaterThan(0);
    expect(MEMO_MAX_BYTES).toBeLessThanOrEqual(32 * 1024 * 1024);
  });

  it("does not memoise a 404, nor a read that began before the content changed in this isolate", async () => {
    configureMemo({ now: clock });
    expect((await request("/posts/khong-co-bai-nay")).status).toBe(404);
    expect(memoSize().entries).toBe(0);

    const startedIn = memoGeneration();
    configureMemo({ now: clock }); // what forgetRenditions() does after a write
    memoise("test:/late", 1, { contentType: "text/plain", etag: '"x"', lastModifiedMs: 0, body: "cũ" }, startedIn);
    expect(memoSize().entries).toBe(0);
  });
});
