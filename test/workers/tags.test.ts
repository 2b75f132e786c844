// Tag pages and feeds, the sitemap, robots.txt and the OPML lists, as crawlers and readers fetch them.
import { beforeAll, describe, expect, it } from "vitest";
import { child, elements, parseXml } from "../documents.ts";
import { publish, REPORT_SLUG, reportInput, request } from "../helpers.ts";

const SITE = "https://bantin.example";

beforeAll(async () => {
  expect((await publish(reportInput())).status).toBe(201);
  // "Dân Vận" slugs like "Dân vận": one tag, named as most posts write it.
  const other = {
    ...reportInput(),
    id: "urn:uuid:00000000-0000-4000-8000-0000000000c2",
    slug: "bai-khac",
    title: "Một bài khác",
    published: "2021-08-01T09:00:00+07:00",
    tags: ["Dân Vận", "Dân vận", "Hội nghị"],
  };
  expect((await publish(other)).status).toBe(201);
});

describe("tags", () => {
  it("lists every tag with its count, spellings that slug alike as one", async () => {
    const html = await (await request("/tags")).text();
    expect(html).toContain(`<a href="${SITE}/tags/dan-van">Dân vận</a> (2 bài)`);
    expect(html).toContain(`<a href="${SITE}/tags/hoi-nghi">Hội nghị</a> (1 bài)`);
    expect(html).toContain(`<a href="${SITE}/tags/lang-son">Lạng Sơn</a> (1 bài)`);
    expect(html).toContain(`${SITE}/feeds.opml`);
  });

  it("serves a tag's page with its posts and feed autodiscovery, and sends other spellings to the slug", async () => {
    const res = await request("/tags/dan-van");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Chủ đề: Dân vận</h1>");
    expect(html).toContain(`${SITE}/posts/${REPORT_SLUG}`);
    expect(html).toContain(`${SITE}/posts/bai-khac`);
    for (const [type, path] of [
      ["application/rss+xml", "rss.xml"],
      ["application/atom+xml", "atom.xml"],
      ["application/feed+json", "feed.json"],
    ] as const) {
      expect(html).toMatch(
        new RegExp(
          `<link rel="alternate" type="${type.replace("+", "\\+")}" title="[^"]+" href="${SITE}/tags/dan-van/${path.replace(".", "\\.")}"/>`,
        ),
      );
    }
    const spelled = await request(`/tags/${encodeURIComponent("Dân vận")}`);
    expect(spelled.status).toBe(301);
    expect(spelled.headers.get("Location")).toBe(`${SITE}/tags/dan-van`);
    const feed = await request(`/tags/${encodeURIComponent("Dân Vận")}/atom.xml`);
    expect(feed.headers.get("Location")).toBe(`${SITE}/tags/dan-van/atom.xml`);
    expect((await request("/tags/khong-co")).status).toBe(404);
    expect((await request("/tags/khong-co/rss.xml")).status).toBe(404);
  });

  it("links a post's tags from its page", async () => {
    const html = await (await request(`/posts/${REPORT_SLUG}`)).text();
    expect(html).toContain(
      `Chủ đề: <a href="${SITE}/tags/dan-van">Dân vận</a>, <a href="${SITE}/tags/lang-son">Lạng Sơn</a>`,
    );
  });

  it("serves a tag's three feeds with its posts only, the hub and self links, cached like the main feeds", async () => {
    const atom = await request("/tags/lang-son/atom.xml");
    expect(atom.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    expect(atom.headers.get("Link")).toBe(`<${SITE}/websub>; rel="hub", <${SITE}/tags/lang-son/atom.xml>; rel="self"`);
    const etag = atom.headers.get("ETag") ?? "";
    const feed = child(parseXml(await atom.text()), "feed");
    expect(child(feed ?? { name: "", attributes: {}, children: [], text: "" }, "id")?.text).toBe(
      `${SITE}/tags/lang-son`,
    );
    expect(elements(feed ?? { name: "", attributes: {}, children: [], text: "" }, "entry")).toHaveLength(1);
    const links = (feed?.children ?? [])
      .filter((c) => c.name === "link")
      .map((l) => `${l.attributes.rel} ${l.attributes.href}`);
    expect(links).toEqual([
      `alternate ${SITE}/tags/lang-son`,
      `self ${SITE}/tags/lang-son/atom.xml`,
      `hub ${SITE}/websub`,
    ]);
    expect((await request("/tags/lang-son/atom.xml", { headers: { "If-None-Match": etag } })).status).toBe(304);

    const rss = await (await request("/tags/dan-van/rss.xml")).text();
    expect(rss).toContain(`<atom:link href="${SITE}/tags/dan-van/rss.xml" rel="self" type="application/rss+xml"/>`);
    expect(rss).toContain(`<atom:link href="${SITE}/websub" rel="hub"/>`);
    expect(elements(parseXml(rss), "item")).toHaveLength(2);
    const json = (await (await request("/tags/hoi-nghi/feed.json")).json()) as Record<string, unknown>;
    expect(json.feed_url).toBe(`${SITE}/tags/hoi-nghi/feed.json`);
    expect(json.hubs).toEqual([{ type: "WebSub", url: `${SITE}/websub` }]);
    expect(json.next_url).toBeUndefined();
    expect((json.items as unknown[]).length).toBe(1);
  });
});

describe("for crawlers and readers", () => {
  it("lists every post, tag page and digest in the sitemap, with lastmod", async () => {
    const res = await request("/sitemap.xml");
    expect(res.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    const urls = elements(parseXml(await res.text()), "url").map(
      (u) => `${child(u, "loc")?.text} ${child(u, "lastmod")?.text}`,
    );
    expect(urls).toContain(`${SITE}/posts/${REPORT_SLUG} 2021-07-13T10:00:00+07:00`);
    expect(urls).toContain(`${SITE}/posts/bai-khac 2021-08-01T09:00:00+07:00`);
    expect(urls).toContain(`${SITE}/tags/lang-son 2021-07-13T10:00:00+07:00`);
    expect(urls).toContain(`${SITE}/tags/dan-van 2021-08-01T09:00:00+07:00`);
    expect(urls).toContain(`${SITE}/ 2021-08-01T09:00:00+07:00`);
  });

  it("names the sitemap in robots.txt", async () => {
    const res = await request("/robots.txt");
    expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    const text = await res.text();
    expect(text).toContain(`Sitemap: ${SITE}/sitemap.xml`);
    expect(text).toContain("Disallow: /admin/");
  });

  it("lists the main and tag feeds as OPML 2.0, one format per list: Atom at /feeds.opml, RSS and JSON Feed apart", async () => {
    const lists = { "/feeds.opml": "atom.xml", "/feeds-rss.opml": "rss.xml", "/feeds-json.opml": "feed.json" };
    for (const [path, file] of Object.entries(lists)) {
      const res = await request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("text/x-opml; charset=utf-8");
      expect(res.headers.get("Cache-Control")).toContain("max-age=3600");
      const etag = res.headers.get("ETag") ?? "";
      expect((await request(path, { headers: { "If-None-Match": etag } })).status).toBe(304);
      const opml = parseXml(await res.text());
      expect(child(opml, "opml")?.attributes.version).toBe("2.0");
      const outlines = elements(opml, "outline").filter((o) => o.attributes.xmlUrl);
      // One subscription per feed: importing the list never subscribes to a feed twice.
      expect(outlines.map((o) => o.attributes.xmlUrl)).toEqual(
        ["", "/tags/dan-van", "/tags/hoi-nghi", "/tags/lang-son"].map((base) => `${SITE}${base}/${file}`),
      );
      for (const o of outlines) expect(o.attributes.type).toBe("rss");
      expect(outlines.map((o) => o.attributes.text)).toEqual([
        "Bản tin Dân vận",
        "Bản tin Dân vận – Dân vận",
        "Bản tin Dân vận – Hội nghị",
        "Bản tin Dân vận – Lạng Sơn",
      ]);
    }
    const tags = await (await request("/tags")).text();
    for (const path of Object.keys(lists)) expect(tags).toContain(`href="${SITE}${path}"`);
  });
});
