// Photos on the site's pages: a post's lead image under its headline over its copies, its link
// preview (og:image), and thumbnails on the home and tag pages, each URL answering with the image
// the markup declares; valid HTML; an English site with no untranslated words around them.
import { env } from "cloudflare:test";
import { HtmlValidate } from "html-validate/browser";
import { imageDimensionsFromData } from "image-dimensions";
import { parse } from "parse5";
import { beforeAll, describe, expect, it } from "vitest";
import { publish, request } from "../helpers.ts";
import { photo } from "../media.ts";
import { untranslatedInHtml } from "../untranslated.ts";
import { bytesOf, emptyMedia, type ShownMedia, uploaded, uploadRaw } from "./media-helpers.ts";

type Element = { tagName: string; attrs: { name: string; value: string }[]; childNodes?: Element[] };

/** Every element with this tag name, in document order, as attribute maps (with the element's text). */
function elements(html: string, tagName: string): (Record<string, string> & { "#text": string })[] {
  const found: (Record<string, string> & { "#text": string })[] = [];
  const text = (el: Element): string =>
    (el.childNodes ?? []).map((c) => ("value" in c ? String(c.value) : text(c))).join("");
  const visit = (node: Element) => {
    if (node.tagName === tagName) {
      found.push({ ...Object.fromEntries(node.attrs.map((a) => [a.name, a.value])), "#text": text(node) });
    }
    for (const c of node.childNodes ?? []) visit(c);
  };
  visit(parse(html) as unknown as Element);
  return found;
}

/** Open Graph and Twitter `<meta>` of a page, by property or name. */
function metas(html: string): Record<string, string> {
  return Object.fromEntries(
    elements(html, "meta")
      .filter((m) => m.property || m.name)
      .map((m) => [m.property ?? m.name, m.content ?? ""]),
  );
}

/** The site-relative paths of a srcset, with their widths. */
const candidates = (srcset: string) =>
  srcset.split(", ").map((c) => {
    const [url = "", w = ""] = c.split(" ");
    return { url, width: Number(w.replace(/w$/, "")) };
  });

/** Fetches an image URL (absolute on this site, or a path) and reads its size from the bytes. */
async function served(url: string) {
  const res = await request(new URL(url, "https://bantin.example").pathname, { headers: { Accept: "image/*" } });
  expect(res.status, url).toBe(200);
  const contentType = res.headers.get("Content-Type") ?? "";
  expect(contentType, url).toMatch(/^image\//);
  return { ...imageDimensionsFromData(await bytesOf(res)), contentType };
}

const SITE_URL = "https://bantin.example";
const TAG = "Hội nghị";
let lead: ShownMedia;
let body: ShownMedia;
let portrait: ShownMedia;

const post = (slug: string, extra: Record<string, unknown> = {}) => ({
  title: `Hội nghị sơ kết ${slug}`,
  slug,
  author: "Ban Dân vận",
  published: "2021-07-13T10:00:00+07:00",
  tags: [TAG],
  markdown: "Đoạn đầu.",
  ...extra,
});

beforeAll(async () => {
  await emptyMedia();
  lead = await uploaded(
    await uploadRaw(photo("jpeg"), "?alt=Các+đại+biểu+dự+hội+nghị&caption=Tại+điểm+cầu+Lạng+Sơn&credit=Ảnh:+Văn+Tuấn"),
  );
  body = await uploaded(await uploadRaw(photo("png"), "?alt=Hội+trường"));
  // Oldest first: the home page lists the photo post first.
  expect((await publish(post("khong-anh", { published: "2021-07-12T10:00:00+07:00" }))).status).toBe(201);
  expect(
    (
      await publish(
        post("co-anh", {
          image: `/media/${lead.hash}.jpg`,
          markdown: `Đoạn đầu.\n\n![](/media/${body.hash}.png)\n\nĐoạn sau.`,
        }),
      )
    ).status,
  ).toBe(201);
  // Newest: a decorative photo (the body's PNG), first on the home page.
  const decorative = {
    image: `/media/${body.hash}.png`,
    image_decorative: true,
    published: "2021-07-14T10:00:00+07:00",
  };
  expect((await publish(post("trang-tri", decorative))).status).toBe(201);
  // Oldest, untagged: a portrait photo 800 px wide, narrower than the previews' 1200 px.
  portrait = await uploaded(await uploadRaw(photo("phone"), "?alt=Đại+biểu"));
  expect(portrait).toMatchObject({ width: 800, height: 1200 });
  const narrow = { image: `/media/${portrait.hash}.jpg`, tags: [], published: "2021-07-10T10:00:00+07:00" };
  expect((await publish(post("chan-dung", narrow))).status).toBe(201);
});

describe("a post page with a lead image", () => {
  it("shows the photo under the headline over its copies, with its size, alt text, caption and credit", async () => {
    const html = await (await request("/posts/co-anh")).text();
    // Under the headline and the date line, before the body.
    expect(html.indexOf('<figure class="photo lead">')).toBeGreaterThan(html.indexOf('<div class="meta">'));
    expect(html.indexOf('<figure class="photo lead">')).toBeLessThan(html.indexOf("<p>Đoạn đầu.</p>"));
    const [img, bodyImg] = elements(html, "img");
    expect(img).toMatchObject({
      width: "1200",
      height: "800",
      alt: "Các đại biểu dự hội nghị",
      sizes: "(min-width: 42rem) 40rem, calc(100vw - 2rem)",
      decoding: "async",
      fetchpriority: "high",
      src: `/media/${lead.hash}/720`,
    });
    // On the first screen: never lazy. The body's photos are.
    expect(img).not.toHaveProperty("loading");
    expect(bodyImg).toMatchObject({ loading: "lazy", alt: "Hội trường" });
    expect(elements(html, "figcaption")[0]?.["#text"]).toBe("Tại điểm cầu Lạng Sơn Ảnh: Văn Tuấn");
    expect(html).toContain('<figcaption>Tại điểm cầu Lạng Sơn <span class="credit">Ảnh: Văn Tuấn</span></figcaption>');
  });

  it("lists copies in srcset that each answer with an image of the width they claim", async () => {
    const [img] = elements(await (await request("/posts/co-anh")).text(), "img");
    const list = candidates(img?.srcset ?? "");
    expect(list.map((c) => c.width)).toEqual([360, 720, 1080, 1200]);
    for (const c of [...list, { url: img?.src ?? "", width: 720 }]) {
      const got = await served(c.url);
      expect(got.width, c.url).toBe(c.width);
      expect(got.height, c.url).toBe((c.width * 800) / 1200);
    }
  });

  it("gives link previews a 1200 px JPEG with its size, type and alt text, and the large card", async () => {
    const meta = metas(await (await request("/posts/co-anh")).text());
    expect(meta).toMatchObject({
      "og:image": `${SITE_URL}/media/${lead.hash}/1200.jpg`,
      "og:image:type": "image/jpeg",
      "og:image:width": "1200",
      "og:image:height": "800",
      "og:image:alt": "Các đại biểu dự hội nghị",
      "twitter:card": "summary_large_image",
    });
    const got = await served(meta["og:image"] ?? "");
    expect(got).toMatchObject({ contentType: "image/jpeg", width: 1200, height: 800 });
  });

  it("serves valid HTML", async () => {
    const validator = new HtmlValidate({
      extends: ["html-validate:recommended"],
      // As test/e2e/rendering.test.ts: spellings HTML allows either way that hono/jsx writes its own way.
      rules: { "doctype-style": "off", "void-style": "off", "attribute-boolean-style": "off" },
    });
    for (const path of ["/posts/co-anh", "/", `/tags/hoi-nghi`]) {
      const report = await validator.validateString(await (await request(path)).text(), path);
      const errors = report.results.flatMap((r) => r.messages.filter((m) => m.severity === 2));
      expect(
        errors.map((e) => `${e.ruleId}: ${e.message} (line ${e.line})`),
        path,
      ).toEqual([]);
    }
  });
});

describe("a decorative lead image, a narrow one, and none", () => {
  it("leaves og:image:alt out for a decorative photo and keeps alt empty on the page", async () => {
    const html = await (await request("/posts/trang-tri")).text();
    expect(elements(html, "img")[0]).toMatchObject({ alt: "" });
    // No caption or credit: no figcaption.
    expect(elements(html, "figcaption")).toEqual([]);
    const meta = metas(html);
    expect(meta["og:image"]).toBe(`${SITE_URL}/media/${body.hash}/1200.jpg`);
    expect(meta).not.toHaveProperty("og:image:alt");
  });

  it("previews a photo narrower than 1200 px with its widest JPEG copy", async () => {
    const meta = metas(await (await request("/posts/chan-dung")).text());
    expect(meta).toMatchObject({
      "og:image": `${SITE_URL}/media/${portrait.hash}/720.jpg`,
      "og:image:width": "720",
      "og:image:height": "1080",
    });
    expect(await served(meta["og:image"] ?? "")).toMatchObject({ contentType: "image/jpeg", width: 720, height: 1080 });
  });

  it("adds no og:image, twitter card or figure to a post without one", async () => {
    const html = await (await request("/posts/khong-anh")).text();
    const meta = metas(html);
    expect(Object.keys(meta).filter((k) => /image|twitter/.test(k))).toEqual([]);
    expect(html).not.toContain("<figure");
    expect(elements(html, "img")).toEqual([]);
  });
});

describe("thumbnails in lists of posts", () => {
  it("shows the first post's photo on the home page, sized and not lazy, and none for a post without", async () => {
    const html = await (await request("/")).text();
    const imgs = elements(html, "img");
    // trang-tri (newest), co-anh, khong-anh (none), chan-dung.
    expect(imgs.map((i) => i.srcset?.split("/")[2])).toEqual([body.hash, lead.hash, portrait.hash]);
    const [first, second] = imgs;
    expect(first).toMatchObject({ alt: "", width: "1200", height: "800", decoding: "async" });
    expect(first).not.toHaveProperty("loading");
    expect(second).toMatchObject({
      alt: "",
      width: "1200",
      height: "800",
      loading: "lazy",
      sizes: "(min-width: 36rem) 12rem, calc(100vw - 2rem)",
      srcset: `/media/${lead.hash}/360 360w, /media/${lead.hash}/720 720w`,
      src: `/media/${lead.hash}/360`,
    });
    for (const c of candidates(second?.srcset ?? "")) expect((await served(c.url)).width).toBe(c.width);
    expect(elements(html, "li").map((li) => li.class ?? "")).toEqual(["pic", "pic", "", "pic"]);
  });

  it("shows the thumbnails on the post's tag page", async () => {
    const res = await request("/tags/hoi-nghi");
    expect(res.status).toBe(200);
    const imgs = elements(await res.text(), "img");
    expect(imgs).toHaveLength(2);
    expect(imgs[1]).toMatchObject({ width: "1200", height: "800", loading: "lazy", alt: "" });
  });
});

describe("an English site", () => {
  const english: Env = { ...env, SITE_TITLE: "County Bulletin", SITE_LANGUAGE: "en", SITE_DESCRIPTION: "News." };
  const pseudo: Env = { ...english, SITE_LANGUAGE: "en-XA" };

  it("has no untranslated words around the photos", async () => {
    const content = [
      "County Bulletin",
      "News.",
      "Ban Dân vận",
      "Hội nghị sơ kết co-anh",
      "Hội nghị sơ kết trang-tri",
      "Hội nghị sơ kết khong-anh",
      "Hội nghị sơ kết chan-dung",
      TAG,
      "Đoạn đầu.",
      "Đoạn sau.",
      "Hội trường",
      "Các đại biểu dự hội nghị",
      "Tại điểm cầu Lạng Sơn",
      "Ảnh: Văn Tuấn",
      "RSS",
      "Atom",
      "JSON Feed",
    ];
    for (const path of ["/", "/posts/co-anh", "/tags/hoi-nghi"]) {
      const res = await request(path, undefined, pseudo);
      expect(res.status, path).toBe(200);
      expect(untranslatedInHtml(await res.text(), content), path).toEqual([]);
      const en = await (await request(path, undefined, english)).text();
      expect(en, path).toContain('<html lang="en">');
      expect(en, path).toContain(`/media/${lead.hash}/360 360w`);
    }
  });
});
