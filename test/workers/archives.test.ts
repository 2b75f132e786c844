// RFC 5005 archived feeds: walking prev-archive from the subscription feeds (and JSON Feed's next_url)
// reaches every post exactly once, also after posts are withdrawn and added; archive documents keep
// their posts once sealed.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { FEED_SIZE } from "../../src/feeds/build.ts";
import { ARCHIVE_PAGE_SIZE } from "../../src/posts/archive.ts";
import { publishDuePosts, publishPost } from "../../src/posts/publish.ts";
import { child, elements, parseXml, type XmlNode } from "../documents.ts";
import { ADMIN, publish, request } from "../helpers.ts";

const SITE = "https://bantin.example";
const TOTAL = 250;

const idOf = (i: number) => `urn:uuid:00000000-0000-4000-a000-${String(i).padStart(12, "0")}`;
const postInput = (i: number) => ({
  id: idOf(i),
  slug: `bai-${i}`,
  title: `Bài số ${i}`,
  author: "Phương Dung",
  // One post an hour, from 1 January 2022 (the order of publication is the order of the dates).
  published: new Date(Date.UTC(2022, 0, 1) + i * 3_600_000).toISOString().replace(".000Z", "+00:00"),
  tags: i % 3 === 0 ? ["Dân vận"] : ["Lạng Sơn"],
  markdown: `Nội dung bài số ${i}.`,
});

interface Page {
  path: string;
  ids: string[];
  root: XmlNode | null;
  links: Record<string, string>;
  cacheControl: string;
  link: string;
}

const path = (href: string) => {
  expect(href.startsWith(SITE)).toBe(true);
  return href.slice(SITE.length);
};

async function fetchPage(p: string, format: "atom" | "rss" | "json"): Promise<Page> {
  const res = await request(p);
  expect(res.status, p).toBe(200);
  const body = await res.text();
  const base = { path: p, cacheControl: res.headers.get("Cache-Control") ?? "", link: res.headers.get("Link") ?? "" };
  if (format === "json") {
    const feed = JSON.parse(body) as { items: { id: string }[]; next_url?: string; feed_url: string };
    const links: Record<string, string> = { self: path(feed.feed_url) };
    if (feed.next_url) links.next = path(feed.next_url);
    return { ...base, ids: feed.items.map((i) => i.id), root: null, links };
  }
  const doc = parseXml(body);
  const top = format === "atom" ? child(doc, "feed") : child(child(doc, "rss") ?? doc, "channel");
  if (!top) throw new Error(`${p}: no feed or channel`);
  const links: Record<string, string> = {};
  for (const l of top.children.filter((c) => c.name === (format === "atom" ? "link" : "atom:link"))) {
    const rel = l.attributes.rel ?? "alternate";
    if (rel !== "alternate") links[rel] = rel === "hub" ? (l.attributes.href ?? "") : path(l.attributes.href ?? "");
  }
  const ids =
    format === "atom"
      ? elements(top, "entry").map((e) => child(e, "id")?.text ?? "")
      : elements(top, "item").map((e) => child(e, "guid")?.text ?? "");
  return { ...base, ids, root: top, links };
}

/** Every document from the subscription feed back through the archives. */
async function walk(format: "atom" | "rss" | "json"): Promise<Page[]> {
  const start = { atom: "/atom.xml", rss: "/rss.xml", json: "/feed.json" }[format];
  const pages: Page[] = [];
  let next: string | undefined = start;
  while (next) {
    const page: Page = await fetchPage(next, format);
    pages.push(page);
    next = format === "json" ? page.links.next : page.links["prev-archive"];
    expect(pages.length).toBeLessThan(200);
  }
  return pages;
}

function expectEachOnce(pages: Page[], expected: Set<string>) {
  const all = pages.flatMap((p) => p.ids);
  expect(all.length).toBe(expected.size);
  expect(new Set(all)).toEqual(expected);
}

const published = new Set<string>();

beforeAll(async () => {
  for (let i = 1; i <= TOTAL; i++) {
    const res = await publish(postInput(i));
    expect(res.status, await res.clone().text()).toBe(201);
    published.add(idOf(i));
  }
}, 120_000);

describe("archived feeds (RFC 5005)", () => {
  for (const format of ["atom", "rss", "json"] as const) {
    it(`reaches all ${TOTAL} posts exactly once from the subscription ${format} feed`, async () => {
      const pages = await walk(format);
      expectEachOnce(pages, published);
      const [subscription, ...archives] = pages;
      // The subscription feed holds the newest 20 to 24; archive documents hold 5 each.
      expect(subscription?.ids.length).toBeGreaterThanOrEqual(20);
      expect(subscription?.ids.length).toBeLessThanOrEqual(24);
      expect(subscription?.ids[0]).toBe(idOf(TOTAL));
      expect(archives.length).toBe(Math.floor((TOTAL - 20) / 5));
      for (const a of archives) expect(a.ids.length).toBe(5);
      // Newest archive first: /archive/46 … /archive/1.
      expect(archives.map((a) => a.path)).toEqual(
        archives.map((_, i) => `/archive/${archives.length - i}/${format === "json" ? "feed.json" : `${format}.xml`}`),
      );
    });
  }

  it("marks archive documents with fh:archive, current, prev-archive and next-archive, cached long", async () => {
    for (const format of ["atom", "rss"] as const) {
      const pages = await walk(format);
      const [subscription, ...archives] = pages;
      expect(subscription?.links["next-archive"]).toBeUndefined();
      expect(subscription?.links.current).toBeUndefined();
      expect(subscription?.cacheControl).toContain("max-age=300");
      expect(subscription?.root?.children.some((c) => c.name === "fh:archive")).toBe(false);
      const newest = archives.length;
      archives.forEach((a, i) => {
        const n = newest - i;
        expect(
          a.root?.children.some((c) => c.name === "fh:archive"),
          a.path,
        ).toBe(true);
        expect(a.links.current).toBe(format === "atom" ? "/atom.xml" : "/rss.xml");
        expect(a.links.self).toBe(a.path);
        expect(a.links.hub).toBe(`${SITE}/websub`);
        expect(a.links["prev-archive"]).toBe(n > 1 ? `/archive/${n - 1}/${format}.xml` : undefined);
        expect(a.links["next-archive"]).toBe(n < newest ? `/archive/${n + 1}/${format}.xml` : undefined);
        expect(a.cacheControl).toContain("max-age=86400");
        expect(a.link).toBe(`<${SITE}/websub>; rel="hub", <${SITE}${a.path}>; rel="self"`);
      });
    }
    expect((await request("/archive/47/atom.xml")).status).toBe(404);
    expect((await request("/archive/0/atom.xml")).status).toBe(404);
  });

  it("keeps every post exactly once after posts are withdrawn and added, and sealed archives keep their posts", async () => {
    const before = await walk("atom");
    const membership = new Map(before.slice(1).map((p) => [p.path, p.ids]));
    // Withdrawn: the newest post, one in the newest archive, the oldest and a few in between.
    const gone = [TOTAL, 228, 1, 2, 77, 150];
    for (const i of gone) {
      const res = await request(`/admin/posts/bai-${i}`, { method: "DELETE", headers: ADMIN });
      expect(res.status).toBe(200);
      published.delete(idOf(i));
    }
    for (let i = TOTAL + 1; i <= TOTAL + 12; i++) {
      expect((await publish(postInput(i))).status).toBe(201);
      published.add(idOf(i));
    }
    for (const format of ["atom", "rss", "json"] as const) expectEachOnce(await walk(format), published);
    const after = await walk("atom");
    for (const page of after.slice(1)) {
      const earlier = membership.get(page.path);
      // A sealed archive only ever loses withdrawn posts.
      if (earlier) expect(page.ids).toEqual(earlier.filter((id) => published.has(id)));
    }
    expect(after.length).toBeGreaterThan(before.length);
  }, 60_000);

  it("seals archives when the cron publishes scheduled posts, as when the editor publishes", async () => {
    const config = parseConfig(env);
    const first = TOTAL + 13;
    const scheduledIds = [first, first + 1, first + 2, first + 3, first + 4, first + 5];
    for (const i of scheduledIds) {
      const input = {
        ...postInput(i),
        published: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, "+00:00"),
      };
      const result = await publishPost(env.DB, input, config, Date.now(), "scheduled");
      expect(result.status).toBe("created");
    }
    // Their time comes: the cron publishes all six at once.
    expect(await publishDuePosts(env.DB, Date.now() + 2 * 3_600_000)).toBe(scheduledIds.length);
    for (const i of scheduledIds) published.add(idOf(i));
    const pages = await walk("atom");
    expectEachOnce(pages, published);
    // The subscription feed stays within FEED_SIZE + ARCHIVE_PAGE_SIZE - 1 posts.
    expect(pages[0]?.ids.length).toBeLessThanOrEqual(FEED_SIZE + ARCHIVE_PAGE_SIZE - 1);
    expect(pages[0]?.ids.length).toBeGreaterThanOrEqual(FEED_SIZE);
  }, 60_000);
});
