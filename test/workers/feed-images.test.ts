// A post's lead image in the feeds (RSS <enclosure>, Atom link rel="enclosure", JSON Feed image and
// banner_image), and the body's site-relative URLs made absolute for feed readers.
import { env } from "cloudflare:test";
import { imageDimensionsFromData } from "image-dimensions";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { renderFeed } from "../../src/feeds/build.ts";
import type { PostImage } from "../../src/posts/model.ts";
import { findBySlug } from "../../src/posts/repository.ts";
import { child, elements, parseXml, type XmlNode } from "../documents.ts";
import { publish, request } from "../helpers.ts";
import { photo } from "../media.ts";
import { bytesOf, type ShownMedia, uploaded, uploadRaw } from "./media-helpers.ts";

const SITE = "https://bantin.example";
const WITH = "hoi-nghi-co-anh";
const WITHOUT = "hoi-nghi-khong-anh";

let m: ShownMedia;

const post = (slug: string, markdown: string, extra: Record<string, unknown> = {}) => ({
  title: `Hội nghị ${slug}`,
  slug,
  author: "Ban Dân vận",
  published: "2021-07-13T10:00:00+07:00",
  markdown,
  ...extra,
});

beforeAll(async () => {
  m = await uploaded(await uploadRaw(photo("jpeg"), "?alt=Các+đại+biểu+dự+hội+nghị"));
  const body = `Xem [tin trước](/posts/${WITHOUT}) và [nguồn](https://example.org/a?b=1&c=2).\n\n![Hội trường](/media/${m.hash}.jpg)\n`;
  expect((await publish(post(WITHOUT, "Không có ảnh."))).status).toBe(201);
  expect((await publish(post(WITH, body, { image: `/media/${m.hash}.jpg` }))).status).toBe(201);
});

async function xml(path: string): Promise<XmlNode> {
  const res = await request(path);
  expect(res.status).toBe(200);
  return parseXml(await res.text());
}

/** The RSS item or Atom entry whose link is the post's page. */
function entryOf(items: XmlNode[], slug: string, link: (item: XmlNode) => string | undefined): XmlNode {
  const found = items.find((item) => link(item) === `${SITE}/posts/${slug}`);
  if (!found) throw new Error(`no entry for ${slug}`);
  return found;
}

/** Every URL in a fragment's src, href and srcset attributes. */
function urlsIn(html: string): string[] {
  const urls: string[] = [];
  for (const [, name, value] of html.matchAll(/ (src|href|srcset)="([^"]*)"/g)) {
    if (name === "srcset") urls.push(...(value ?? "").split(", ").map((c) => c.split(" ")[0] ?? ""));
    else urls.push(value ?? "");
  }
  return urls;
}

function expectAbsoluteBody(html: string): void {
  const h = m.hash;
  expect(html).toContain(`<a href="${SITE}/posts/${WITHOUT}">tin trước</a>`);
  expect(html).toContain(`<a href="https://example.org/a?b=1&amp;c=2">nguồn</a>`);
  expect(html).toContain(`src="${SITE}/media/${h}/720"`);
  expect(html).toContain(
    `srcset="${SITE}/media/${h}/360 360w, ${SITE}/media/${h}/720 720w, ${SITE}/media/${h}/1080 1080w, ${SITE}/media/${h}/1200 1200w"`,
  );
  // The lead image heads the content, eager, with the alt text the library gave it.
  expect(html).toMatch(
    new RegExp(
      `^<figure class="photo lead"><img src="${SITE}/media/${h}/720" [^>]*alt="Các đại biểu dự hội nghị" decoding="async"></figure>`,
    ),
  );
  const urls = urlsIn(html);
  expect(urls.length).toBeGreaterThanOrEqual(12);
  for (const url of urls) expect(url).toMatch(/^https:\/\//);
}

describe("a lead image in the feeds", () => {
  it("is the RSS item's one enclosure: the original's absolute URL, bytes and type", async () => {
    const items = elements(await xml("/rss.xml"), "item");
    const item = entryOf(items, WITH, (i) => child(i, "link")?.text);
    const enclosures = elements(item, "enclosure");
    expect(enclosures.map((e) => e.attributes)).toEqual([
      { url: `${SITE}/media/${m.hash}.jpg`, length: String(m.bytes), type: "image/jpeg" },
    ]);
    expect(m.bytes).toBeGreaterThan(0);
    expectAbsoluteBody(child(item, "content:encoded")?.text ?? "");
    const bare = entryOf(items, WITHOUT, (i) => child(i, "link")?.text);
    expect(elements(bare, "enclosure")).toEqual([]);
  });

  it("is the Atom entry's link rel=enclosure, with an exact type and length", async () => {
    const entries = elements(await xml("/atom.xml"), "entry");
    const linkOf = (e: XmlNode) =>
      elements(e, "link").find((l) => (l.attributes.rel ?? "alternate") === "alternate")?.attributes.href;
    const entry = entryOf(entries, WITH, linkOf);
    const enclosures = elements(entry, "link").filter((l) => l.attributes.rel === "enclosure");
    expect(enclosures.map((e) => e.attributes)).toEqual([
      { rel: "enclosure", href: `${SITE}/media/${m.hash}.jpg`, type: "image/jpeg", length: String(m.bytes) },
    ]);
    expectAbsoluteBody(child(entry, "content")?.text ?? "");
    const bare = entryOf(entries, WITHOUT, linkOf);
    expect(elements(bare, "link").filter((l) => l.attributes.rel === "enclosure")).toEqual([]);
  });

  it("is JSON Feed's image (the 1200 px JPEG) and banner_image (the widest JPEG copy)", async () => {
    const res = await request("/feed.json");
    const feed = (await res.json()) as { items: Array<Record<string, unknown>> };
    const item = feed.items.find((i) => i.url === `${SITE}/posts/${WITH}`);
    expect(item?.image).toBe(`${SITE}/media/${m.hash}/1200.jpg`);
    // The fixture is 1200 px wide: its widest copy is the 1200 px one.
    expect(item?.banner_image).toBe(`${SITE}/media/${m.hash}/1200.jpg`);
    expectAbsoluteBody(String(item?.content_html));
    const bare = feed.items.find((i) => i.url === `${SITE}/posts/${WITHOUT}`);
    expect(bare).toBeDefined();
    expect(bare && ("image" in bare || "banner_image" in bare)).toBe(false);
  });

  it("names copies that answer as JPEG at their width, and the original at its length", async () => {
    const copy = await request(`/media/${m.hash}/1200.jpg`);
    expect(copy.status).toBe(200);
    expect(copy.headers.get("Content-Type")).toBe("image/jpeg");
    expect(imageDimensionsFromData(await bytesOf(copy))).toMatchObject({ width: 1200, height: 800 });
    const original = await request(`/media/${m.hash}.jpg`, { method: "HEAD" });
    expect(original.status).toBe(200);
    expect(original.headers.get("Content-Length")).toBe(String(m.bytes));
  });

  it("takes the banner from the widest JPEG copy and the image from the 1200 px one", async () => {
    const stored = await findBySlug(env.DB, WITH);
    if (!stored?.image) throw new Error("no stored post with an image");
    const json = (image: PostImage) => {
      const feed = JSON.parse(renderFeed("json", [{ ...stored, image }], parseConfig(env))) as {
        items: Array<Record<string, unknown>>;
      };
      return [feed.items[0]?.image, feed.items[0]?.banner_image];
    };
    const h = m.hash;
    expect(json({ ...stored.image, width: 4000, height: 3000 })).toEqual([
      `${SITE}/media/${h}/1200.jpg`,
      `${SITE}/media/${h}/1600.jpg`,
    ]);
    // Narrower than every copy: the original, in its own type, for both.
    expect(json({ ...stored.image, type: "image/png", width: 300, height: 200 })).toEqual([
      `${SITE}/media/${h}.png`,
      `${SITE}/media/${h}.png`,
    ]);
  });
});
