// Unpublishing: DELETE /admin/posts/:slug, 410 Gone, gone from every feed, tag, archive, the sitemap and
// the next digests, while a digest already sent stays as it was; renamed slugs redirect; the admin list.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, publish, REPORT_SLUG, reportInput, request } from "../helpers.ts";

const SECOND = {
  ...reportInput(),
  id: "urn:uuid:00000000-0000-4000-8000-0000000000b2",
  slug: "bai-thu-hai",
  title: "Bài thứ hai về dân vận",
  published: "2021-07-20T09:00:00+07:00",
  tags: ["Dân vận", "Hội nghị"],
};

const del = (slug: string) => request(`/admin/posts/${slug}`, { method: "DELETE", headers: ADMIN });
const PUBLIC = [
  "/rss.xml",
  "/atom.xml",
  "/feed.json",
  "/",
  "/tags",
  "/tags/dan-van",
  "/tags/dan-van/atom.xml",
  "/sitemap.xml",
];
/** What of the report each of them shows: its title, its own tag (on /tags), its URL (in the sitemap). */
const traceOf = (p: string) => (p === "/sitemap.xml" ? REPORT_SLUG : p === "/tags" ? "Lạng Sơn" : "Sơ kết");

async function bodies(paths: string[]) {
  const out = new Map<string, { etag: string; body: string; status: number }>();
  for (const p of paths) {
    const res = await request(p);
    out.set(p, { etag: res.headers.get("ETag") ?? "", body: await res.text(), status: res.status });
  }
  return out;
}

beforeAll(async () => {
  expect((await publish(reportInput())).status).toBe(201);
  // The report goes out in digest 1: a record that must stay as it was sent.
  expect((await request("/admin/digests", { method: "POST", headers: ADMIN })).status).toBe(201);
  expect((await publish(SECOND)).status).toBe(201);
});

describe("unpublishing", () => {
  it("lists every post for the editor", async () => {
    const res = await request("/admin/posts", { headers: ADMIN });
    expect(res.status).toBe(200);
    const { posts } = (await res.json()) as { posts: Record<string, unknown>[] };
    expect(posts.map((p) => p.slug)).toEqual(["bai-thu-hai", REPORT_SLUG]);
    expect(posts[1]).toMatchObject({
      slug: REPORT_SLUG,
      id: "urn:uuid:499729f2-0808-41ac-86a6-df05a8202a97",
      title: "Sơ kết công tác dân vận 6 tháng đầu năm",
      published: "2021-07-13T10:00:00+07:00",
      updated: "2021-07-13T10:00:00+07:00",
      tags: ["Dân vận", "Lạng Sơn"],
      state: "published",
    });
    expect((await request("/admin/posts")).status).toBe(401);
  });

  it("withdraws the report: 410 Gone, out of every feed, tag and the sitemap, new ETags, digest 1 unchanged", async () => {
    const digestBefore = await bodies(["/digests/1", "/digests/1.txt"]);
    const before = await bodies(PUBLIC);
    for (const p of PUBLIC) expect(before.get(p)?.body, p).toContain(traceOf(p));

    const homeModified = Date.parse((await request("/")).headers.get("Last-Modified") ?? "");
    const res = await del(REPORT_SLUG);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "withdrawn", slug: REPORT_SLUG });
    // The home page and the sitemap changed now: If-Modified-Since must not call them unchanged.
    const withdrawnMs = Date.parse((await request("/")).headers.get("Last-Modified") ?? "");
    expect(withdrawnMs).toBeGreaterThan(homeModified);
    expect(Date.now() - withdrawnMs).toBeLessThan(60_000);
    expect(Date.parse((await request("/sitemap.xml")).headers.get("Last-Modified") ?? "")).toBe(withdrawnMs);

    const page = await request(`/posts/${REPORT_SLUG}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("Bài viết đã được gỡ");
    const after = await bodies(PUBLIC);
    for (const p of PUBLIC) {
      expect(after.get(p)?.status, p).toBe(200);
      expect(after.get(p)?.body, p).not.toContain(traceOf(p));
      expect(after.get(p)?.etag, p).not.toBe(before.get(p)?.etag);
    }
    // The tag only the report carried is gone.
    expect((await request("/tags/lang-son")).status).toBe(404);
    expect((await request("/tags/lang-son/rss.xml")).status).toBe(404);
    expect(after.get("/tags")?.body).not.toContain("Lạng Sơn");
    // The digest that carried it is a record.
    const digestAfter = await bodies(["/digests/1", "/digests/1.txt"]);
    for (const [p, v] of digestBefore) expect(digestAfter.get(p)?.body, p).toBe(v.body);
    expect(digestAfter.get("/digests/1")?.body).toContain("Sơ kết công tác dân vận 6 tháng đầu năm");
    const stored = await env.DB.prepare("SELECT content FROM digests WHERE number = 1").first<{ content: string }>();
    expect(stored?.content).toContain("Sơ kết công tác dân vận");

    const list = (await (await request("/admin/posts", { headers: ADMIN })).json()) as {
      posts: Record<string, unknown>[];
    };
    expect(list.posts.find((p) => p.slug === REPORT_SLUG)).toMatchObject({ state: "withdrawn" });
  });

  it("answers a second withdrawal as already done, and an unknown slug with 404", async () => {
    const again = await del(REPORT_SLUG);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "already-withdrawn" });
    expect((await del("khong-co-bai-nay")).status).toBe(404);
  });

  it("keeps a withdrawn post out of the next digest and its preview", async () => {
    const third = { ...SECOND, id: "urn:uuid:00000000-0000-4000-8000-0000000000b3", slug: "bai-ba", title: "Bài ba" };
    expect((await publish(third)).status).toBe(201);
    expect((await del("bai-ba")).status).toBe(200);
    const preview = await (await request("/digests/2")).text();
    expect(preview).toContain("Bài thứ hai về dân vận");
    expect(preview).not.toContain("Bài ba");
    expect(await (await request("/digests")).text()).not.toContain("Bài ba");
    const started = await request("/admin/digests", { method: "POST", headers: ADMIN });
    expect(started.status).toBe(201);
    const covered = await env.DB.prepare("SELECT post_id FROM digest_posts WHERE digest_number = 2").all<{
      post_id: string;
    }>();
    expect(covered.results.map((r) => r.post_id)).toEqual([SECOND.id]);
  });

  it("keeps a renamed post's old URL answering 301 to the new one", async () => {
    expect((await publish({ ...SECOND, slug: "bai-thu-hai-da-sua" })).status).toBe(200);
    const old = await request("/posts/bai-thu-hai");
    expect(old.status).toBe(301);
    expect(old.headers.get("Location")).toBe("https://bantin.example/posts/bai-thu-hai-da-sua");
    expect((await request("/posts/bai-thu-hai-da-sua")).status).toBe(200);
    // Withdrawn by its old slug too; the old URL still redirects, to a 410.
    expect(await (await del("bai-thu-hai")).json()).toMatchObject({ status: "withdrawn", slug: "bai-thu-hai-da-sua" });
    expect((await request("/posts/bai-thu-hai")).status).toBe(301);
    expect((await request("/posts/bai-thu-hai-da-sua")).status).toBe(410);
  });

  it("keeps a withdrawn post withdrawn when its unchanged file is published again, and restores it when changed", async () => {
    const same = await publish(reportInput());
    expect(await same.json()).toMatchObject({ status: "unchanged" });
    expect((await request(`/posts/${REPORT_SLUG}`)).status).toBe(410);
    const res = await publish({ ...reportInput(), updated: "2021-07-14T09:00:00+07:00" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: "restored" });
    expect((await request(`/posts/${REPORT_SLUG}`)).status).toBe(200);
    expect(await (await request("/atom.xml")).text()).toContain("Sơ kết công tác dân vận");
  });
});
