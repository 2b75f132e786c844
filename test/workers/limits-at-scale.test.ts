// Whatever publishing accepts, 20 posts at the limits still make feeds and pages that fit D1's 2 MB
// per value, and posts at the digest limit go out one per digest, each email unclipped by Gmail. Local D1 does not enforce that limit (it takes about
// 10 MB), so the test measures what was stored.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { DIGEST_HTML_BUDGET } from "../../src/digest/fit.ts";
import { ADMIN, publish, reportMarkdown, request } from "../helpers.ts";

const D1_MAX = 2_000_000;
const SENTENCE = "Các cấp ủy đảng đã lãnh đạo “dân vận khéo” & kết quả <tốt> ở 100% xã, phường.";
const paragraph = (size: number) => `${SENTENCE} ${"ý ".repeat(size)}`.trim();
const post = (over: Record<string, unknown>) => ({
  title: "Bài kiểm tra giới hạn",
  author: "Ban Dân vận",
  published: "2021-07-20T09:00:00+07:00",
  ...over,
});

const report = (sections: number, paragraphs: number, words: number) =>
  reportMarkdown(paragraph, sections, paragraphs, words);

let calls = 0;

/**
 * Publishes `count` posts of the largest size publishing accepts (found by bisection over `size`,
 * one post updated in place), so the limit itself is what the test exercises.
 */
async function publishAtLimit(
  count: number,
  prefix: string,
  make: (size: number) => Record<string, unknown>,
  refusedSize: number,
): Promise<string[]> {
  // Each call of this function publishes its own posts.
  const tag = (0x8000 + ++calls).toString(16);
  const one = (i: number, size: number) =>
    publish(
      post({
        ...make(size),
        id: `urn:uuid:00000000-0000-4000-${tag}-${String(i).padStart(12, "0")}`,
        slug: `${prefix}-${i}`,
        title: `${SENTENCE} ${prefix} ${i}`,
        // Each call's posts are newer than the last call's: a feed of the 20 newest holds only them.
        published: `2021-${String(calls).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}T09:00:00+07:00`,
      }),
    );
  expect((await one(0, refusedSize)).status).toBe(400);
  let lo = 0;
  let hi = refusedSize;
  let refusal = "";
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const res = await one(0, mid);
    if (res.status === 400) {
      hi = mid;
      refusal = await res.text();
    } else lo = mid;
  }
  const kept = await one(0, lo);
  expect([200, 201], await kept.clone().text()).toContain(kept.status);
  const slugs = [`${prefix}-0`];
  for (let i = 1; i < count; i++) {
    const res = await one(i, lo);
    expect(res.status, await res.clone().text()).toBe(201);
    slugs.push(`${prefix}-${i}`);
  }
  console.log(`${prefix}: ${count} posts at size ${lo}; size ${hi} is refused: ${refusal}`);
  return slugs;
}

const storedDigest = (n: number) =>
  env.DB.prepare(
    `SELECT length(CAST(content AS BLOB)) + length(CAST(email_html AS BLOB)) + length(CAST(email_text AS BLOB))
       + length(CAST(web_html AS BLOB)) + length(CAST(web_text AS BLOB)) AS bytes,
       length(CAST(email_html AS BLOB)) AS emailBytes,
       (SELECT COUNT(*) FROM digest_posts WHERE digest_number = ?1) AS posts
     FROM digests WHERE number = ?1`,
  )
    .bind(n)
    .first<{ bytes: number; emailBytes: number; posts: number }>();

describe("posts at the limits", () => {
  it("go out one per digest, each email within Gmail's clipping size and each row far within D1's", async () => {
    const AT_LIMIT = 3;
    await publishAtLimit(
      AT_LIMIT,
      "tom-tat",
      (size) => ({
        markdown: report(30, 1, 2),
        key_points: Array.from({ length: 30 }, (_, s) => ({
          section: `Phần ${s + 1}: kết quả công tác`,
          points: Array.from({ length: 4 }, () => paragraph(size)),
        })),
      }),
      200,
    );
    for (let n = 1; n <= AT_LIMIT; n++) {
      expect((await request("/admin/digests", { method: "POST", headers: ADMIN })).status).toBe(201);
      expect((await request(`/digests/${n}`)).status).toBe(200);
      const digest = await storedDigest(n);
      expect(digest?.posts).toBe(1);
      expect(digest?.emailBytes).toBeLessThanOrEqual(DIGEST_HTML_BUDGET);
      expect(digest?.emailBytes).toBeGreaterThan(DIGEST_HTML_BUDGET * 0.9);
      expect(digest?.bytes).toBeLessThanOrEqual(D1_MAX / 2);
    }
  }, 300_000);

  it("make feeds of the 24 posts the subscription feeds hold at most, and pages, that each fit in one D1 value", async () => {
    // The posts above leave, so that the subscription feeds hold these 24 only (one more would seal
    // the oldest 5 into an archive document).
    const { posts } = (await (await request("/admin/posts", { headers: ADMIN })).json()) as {
      posts: { slug: string }[];
    };
    for (const p of posts)
      expect((await request(`/admin/posts/${p.slug}`, { method: "DELETE", headers: ADMIN })).status).toBe(200);
    const [first] = await publishAtLimit(
      24,
      "dai",
      (size) => ({
        markdown: report(30, 3, size),
        key_points: Array.from({ length: 30 }, (_, s) => ({
          section: `Phần ${s + 1}: kết quả công tác`,
          points: ["Ý chính."],
        })),
      }),
      1000,
    );
    const paths = ["/rss.xml", "/atom.xml", "/feed.json", "/", "/digests", `/posts/${first}`];
    for (const path of paths) expect((await request(path)).status, path).toBe(200);
    expect((await request("/admin/digests", { method: "POST", headers: ADMIN })).status).toBe(201);
    expect((await request("/digests/4")).status).toBe(200);
    expect((await storedDigest(4))?.bytes).toBeLessThanOrEqual(D1_MAX);

    const renditions = await env.DB.prepare(
      "SELECT key, length(CAST(body AS BLOB)) AS bytes FROM renditions ORDER BY bytes DESC",
    ).all<{ key: string; bytes: number }>();
    const feeds = renditions.results.filter((r) => /(rss|atom)\.xml|feed\.json/.test(r.key));
    expect(feeds).toHaveLength(3);
    for (const r of renditions.results) expect(r.bytes, r.key).toBeLessThanOrEqual(D1_MAX);
    // The largest feed carries 24 posts at the limit of an entry: close to, and below, 2 MB.
    expect(Math.max(...feeds.map((r) => r.bytes))).toBeGreaterThan(D1_MAX * 0.9);
    const rows = await env.DB.prepare(
      `SELECT slug, length(CAST(body_markdown AS BLOB)) + length(CAST(body_html AS BLOB)) + length(CAST(lead AS BLOB))
         + length(CAST(sections AS BLOB)) + length(CAST(captions AS BLOB)) + length(CAST(coalesce(key_points, '') AS BLOB))
         AS bytes FROM posts`,
    ).all<{ slug: string; bytes: number }>();
    for (const r of rows.results) expect(r.bytes, r.slug).toBeLessThanOrEqual(D1_MAX);
  }, 300_000);
});
