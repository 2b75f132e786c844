// A post's lead image in the digest email and its web edition: a linked 1200 px JPEG shown at 600 CSS
// px, with its size and alt text; posts without one, and digests stored before photos, as before.
import { env } from "cloudflare:test";
import { imageDimensionsFromData } from "image-dimensions";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { composeDigest, type DigestContent } from "../../src/digest/compose.ts";
import { renderDigestEmail, renderDigestWeb } from "../../src/digest/render.ts";
import { listPosts } from "../../src/posts/repository.ts";
import { digestPage } from "../../src/views/digest.tsx";
import { pageProblems } from "../documents.ts";
import { publish, request } from "../helpers.ts";
import { photo } from "../media.ts";
import { bytesOf, type ShownMedia, uploaded, uploadRaw } from "./media-helpers.ts";

const config = parseConfig(env);
const SITE = "https://bantin.example";
const ALT = "Các đại biểu dự hội nghị tại điểm cầu Lạng Sơn";

let m: ShownMedia;
let decorative: ShownMedia;
let content: DigestContent;

const post = (slug: string, published: string, extra: Record<string, unknown> = {}) => ({
  title: `Hội nghị ${slug}`,
  slug,
  author: "Ban Dân vận",
  published,
  markdown: "Sáng nay, hội nghị sơ kết công tác dân vận.",
  ...extra,
});

beforeAll(async () => {
  m = await uploaded(await uploadRaw(photo("jpeg"), `?alt=${encodeURIComponent(ALT)}`));
  decorative = await uploaded(await uploadRaw(photo("png"), "?alt="));
  for (const input of [
    post("co-anh", "2021-07-13T10:00:00+07:00", { image: `/media/${m.hash}.jpg` }),
    post("khong-anh", "2021-07-13T09:00:00+07:00"),
    post("anh-trang-tri", "2021-07-13T08:00:00+07:00", { image: `/media/${decorative.hash}.png` }),
  ]) {
    expect((await publish(input)).status).toBe(201);
  }
  const { value: posts } = await listPosts(env.DB, 10);
  const composed = composeDigest(1, posts, config);
  if (!composed) throw new Error("no digest composed");
  content = composed;
});

/** The `<img …>` tags of an HTML document. */
const imgs = (html: string) => html.match(/<img\b[^>]*>/g) ?? [];

/** An attribute of a tag (its raw, escaped value; "" when written bare, as `<img alt>`). */
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s/>])`).exec(tag);
  return m ? (m[1] ?? "") : undefined;
};

describe("the digest's photos", () => {
  it("shows the lead image as a linked 1200 px JPEG at 600 CSS px, with its size and alt text", async () => {
    const email = await renderDigestEmail(content, config);
    const url = `${SITE}/media/${m.hash}/1200.jpg`;
    const [img, ...others] = imgs(email.html).filter((tag) => attr(tag, "src") === url);
    expect(others).toEqual([]);
    expect(img).toBeDefined();
    const tag = img ?? "";
    expect([attr(tag, "width"), attr(tag, "height"), attr(tag, "alt")]).toEqual(["600", "400", ALT]);
    const style = attr(tag, "style") ?? "";
    for (const rule of ["display:block", "width:100%", "max-width:600px", "height:auto", "border:0"]) {
      expect(style).toContain(rule);
    }
    // Linked to the post.
    expect(email.html).toMatch(new RegExp(`<a href="${SITE}/posts/co-anh"[^>]*><img [^>]*src="${url}"`));
    // Never inlined.
    expect(email.html).not.toMatch(/(src|href)="(data|cid):/i);
  });

  it("answers the email's photo URL with a JPEG 1200 px wide", async () => {
    const res = await request(new URL(content.posts[0]?.image?.url ?? SITE).pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    expect(imageDimensionsFromData(await bytesOf(res))).toMatchObject({ width: 1200, height: 800 });
  });

  it('shows a post without a lead image as before, and a decorative one unlinked with alt=""', async () => {
    expect(content.posts.map((p) => p.image === null)).toEqual([false, true, false]);
    const email = await renderDigestEmail(content, config);
    // Three posts, two photos.
    expect(imgs(email.html)).toHaveLength(2);
    const plain = imgs(email.html).find((tag) => attr(tag, "alt") === "") ?? "";
    expect(attr(plain, "src")).toBe(`${SITE}/media/${decorative.hash}/1200.jpg`);
    expect(email.html).not.toMatch(/<a [^>]*><img [^>]*alt=""/);
    // The text part is what it was: no photo in it.
    expect(email.text).not.toContain("/media/");
    const without = { ...content, posts: content.posts.filter((p) => p.image === null) };
    expect(imgs((await renderDigestEmail(without, config)).html)).toEqual([]);
  });

  it("renders a digest stored before photos (posts with no image field)", async () => {
    const stored = JSON.parse(JSON.stringify(content)) as DigestContent;
    for (const p of stored.posts) delete p.image;
    const old = await renderDigestEmail(stored, config);
    expect(imgs(old.html)).toEqual([]);
    const asNull = { ...content, posts: content.posts.map((p) => ({ ...p, image: null })) };
    expect(old.html).toBe((await renderDigestEmail(asNull, config)).html);
    expect(imgs(digestPage(config, { content: stored, sentMs: null, previous: null, next: null }))).toEqual([]);
  });

  it("shows the same photo in the web edition, over the site's copies", async () => {
    const page = digestPage(config, { content, sentMs: null, previous: null, next: null });
    expect(pageProblems(page)).toEqual([]);
    const [first, second] = imgs(page);
    const h = m.hash;
    expect(attr(first ?? "", "src")).toBe(`${SITE}/media/${h}/1200.jpg`);
    expect(attr(first ?? "", "srcset")).toBe(
      `${SITE}/media/${h}/360 360w, ${SITE}/media/${h}/720 720w, ${SITE}/media/${h}/1080 1080w, ${SITE}/media/${h}/1200 1200w`,
    );
    expect([attr(first ?? "", "width"), attr(first ?? "", "height"), attr(first ?? "", "alt")]).toEqual([
      "600",
      "400",
      ALT,
    ]);
    // The first photo is on the first screen; the next ones load as they come near.
    expect(attr(first ?? "", "loading")).toBeUndefined();
    expect(attr(second ?? "", "loading")).toBe("lazy");
    expect(page).toMatch(new RegExp(`<a href="${SITE}/posts/co-anh"><img [^>]*src="${SITE}/media/${h}/1200.jpg"`));
    // The web copy of the email template shows it too.
    expect(imgs((await renderDigestWeb(content, config)).html)).toHaveLength(2);
  });
});
