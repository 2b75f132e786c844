// Photos in posts: a lead image and images in the body, resolved against the media library when the
// post is saved; alt text required unless the photo is decorative; which posts use which photo.
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { findBySlug } from "../../src/posts/repository.ts";
import { publish, request } from "../helpers.ts";
import { photo } from "../media.ts";
import { emptyMedia, type ShownMedia, uploaded, uploadRaw } from "./media-helpers.ts";

// Each test publishes its own post: posts stay for the file's length.
let slug = "";
let n = 0;
beforeEach(async () => {
  await emptyMedia();
  slug = `hoi-nghi-so-ket-${++n}`;
});

async function upload(query = ""): Promise<ShownMedia> {
  return uploaded(await uploadRaw(photo("jpeg"), query));
}

const post = (markdown: string, extra: Record<string, unknown> = {}) => ({
  title: "Hội nghị sơ kết",
  slug,
  author: "Ban Dân vận",
  published: "2021-07-13T10:00:00+07:00",
  markdown,
  ...extra,
});

/** Whether this test's post uses the photo (earlier tests' posts may use the same fixture). */
const uses = async (hash: string) =>
  (await env.DB.prepare(
    "SELECT count(*) AS n FROM post_media m JOIN posts p ON p.id = m.post_id WHERE m.hash = ? AND p.slug = ?",
  )
    .bind(hash, slug)
    .first<number>("n")) === 1;

async function refusal(res: Response): Promise<string> {
  expect(res.status).toBe(400);
  return ((await res.json()) as { error: string }).error;
}

describe("a post's photos", () => {
  it("stores the lead image with the library's alt text, caption and credit, and records the use", async () => {
    const m = await upload("?alt=Các+đại+biểu+dự+hội+nghị&caption=Tại+điểm+cầu+Lạng+Sơn&credit=Ảnh:+Văn+Tuấn");
    const res = await publish(post("Nội dung.", { image: `/media/${m.hash}.jpg` }));
    expect(res.status).toBe(201);
    const stored = await findBySlug(env.DB, slug);
    expect(stored?.image).toEqual({
      hash: m.hash,
      type: "image/jpeg",
      width: 1200,
      height: 800,
      bytes: m.bytes,
      alt: "Các đại biểu dự hội nghị",
      caption: "Tại điểm cầu Lạng Sơn",
      credit: "Ảnh: Văn Tuấn",
    });
    expect(stored).not.toBeNull();
    expect(await uses(m.hash)).toBe(true);
  });

  it("takes the post's own alt text, caption and credit over the library's, and the site's full URL", async () => {
    const m = await upload("?alt=Ảnh");
    const res = await publish(
      post("Nội dung.", {
        image: `https://bantin.example/media/${m.hash}.jpg`,
        image_alt: "Đại biểu biểu quyết",
        image_caption: "Biểu quyết",
        image_credit: "TTXVN",
      }),
    );
    expect(res.status).toBe(201);
    expect((await findBySlug(env.DB, slug))?.image).toMatchObject({
      alt: "Đại biểu biểu quyết",
      caption: "Biểu quyết",
      credit: "TTXVN",
    });
  });

  it("refuses a lead image without alt text, and takes it marked decorative (alt='')", async () => {
    const m = await upload();
    expect(await refusal(await publish(post("Nội dung.", { image: `/media/${m.hash}.jpg` })))).toMatch(
      /image_alt is needed: .*hear that text instead/,
    );
    expect(await findBySlug(env.DB, slug)).toBeNull();
    const ok = await publish(post("Nội dung.", { image: `/media/${m.hash}.jpg`, image_decorative: true }));
    expect(ok.status).toBe(201);
    expect((await findBySlug(env.DB, slug))?.image?.alt).toBe("");
  });

  it("refuses a lead image that is not a library photo, or not one stored", async () => {
    expect(await refusal(await publish(post("x", { image: "https://example.org/a.jpg", image_alt: "a" })))).toMatch(
      /image must be a photo of the media library/,
    );
    expect(await refusal(await publish(post("x", { image: `/media/${"a".repeat(64)}.jpg`, image_alt: "a" })))).toMatch(
      /image names no photo of the media library/,
    );
    const m = await upload("?alt=a");
    // The right hash with another type's extension names nothing.
    expect(await refusal(await publish(post("x", { image: `/media/${m.hash}.png` })))).toMatch(/names no photo/);
  });

  it("renders a body photo alone in its paragraph as a figure over its copies, with its size", async () => {
    const m = await upload("?alt=Hội+trường&caption=Hội+trường+tỉnh&credit=Ảnh:+TTXVN");
    const res = await publish(post(`Đoạn đầu.\n\n![](/media/${m.hash}.jpg)\n\nĐoạn sau.`));
    expect(res.status).toBe(201);
    const html = (await findBySlug(env.DB, slug))?.bodyHtml ?? "";
    const h = m.hash;
    expect(html).toContain(
      `<figure class="photo"><img src="/media/${h}/720" srcset="/media/${h}/360 360w, /media/${h}/720 720w, /media/${h}/1080 1080w, /media/${h}/1200 1200w" sizes="(min-width: 42rem) 40rem, calc(100vw - 2rem)" width="1200" height="800" alt="Hội trường" loading="lazy" decoding="async"><figcaption>Hội trường tỉnh <span class="credit">Ảnh: TTXVN</span></figcaption></figure>`,
    );
    const page = await request(`/posts/${slug}`);
    expect(await page.text()).toContain(`srcset="/media/${h}/360 360w`);
  });

  it("puts a photo into the report's caption figure, keeping the caption written there", async () => {
    const m = await upload("?alt=Đại+biểu&caption=Chú+thích+thư+viện");
    const md = `Đoạn.\n\n::: figure\n![Các đại biểu](/media/${m.hash}.jpg)\nCác đại biểu dự hội nghị tại điểm cầu Lạng Sơn\n:::\n`;
    expect((await publish(post(md))).status).toBe(201);
    const stored = await findBySlug(env.DB, slug);
    expect(stored?.bodyHtml).toMatch(
      /<figure class="photo"><img [^>]*alt="Các đại biểu"[^>]*><figcaption>Các đại biểu dự hội nghị tại điểm cầu Lạng Sơn<\/figcaption><\/figure>/,
    );
    expect(stored?.captions).toEqual(["Các đại biểu dự hội nghị tại điểm cầu Lạng Sơn"]);
    // A caption alone stays a caption alone.
    expect((await publish(post("Đoạn.\n\n::: figure\nChỉ chú thích\n:::\n"))).status).toBe(200);
    expect((await findBySlug(env.DB, slug))?.bodyHtml).toContain(
      "<figure><figcaption>Chỉ chú thích</figcaption></figure>",
    );
    expect(await uses(m.hash)).toBe(false);
  });

  it("refuses body images without alt text, library photos not stored, and keeps nothing", async () => {
    const m = await upload();
    expect(await refusal(await publish(post(`![](/media/${m.hash}.jpg)`)))).toMatch(
      /markdown has an image without alt text \(\/media\/[0-9a-f]{64}\.jpg\)/,
    );
    expect(await refusal(await publish(post("Xem ![](https://example.org/a.jpg)")))).toMatch(
      /without alt text \(https:\/\/example\.org\/a\.jpg\): .*between the brackets/,
    );
    expect(await refusal(await publish(post(`- ![a](/media/${"b".repeat(64)}.png)`)))).toMatch(
      /not in the media library/,
    );
    expect(await findBySlug(env.DB, slug)).toBeNull();
    // Alt text written in the Markdown is enough.
    expect((await publish(post(`![Hội trường](/media/${m.hash}.jpg)`))).status).toBe(201);
  });

  it("takes a decorative library photo (alt '') with alt=\"\"", async () => {
    const m = await upload("?alt=");
    expect((await publish(post(`Đoạn ![](/media/${m.hash}.jpg) giữa câu.`))).status).toBe(201);
    const html = (await findBySlug(env.DB, slug))?.bodyHtml ?? "";
    expect(html).toMatch(
      /<p>Đoạn <img src="[^"]+" srcset="[^"]+" [^>]*alt="" loading="lazy" decoding="async"> giữa câu\.<\/p>/,
    );
  });

  it("records the photos each post uses, and forgets those an update takes out", async () => {
    const a = await upload("?alt=a");
    const b = uploaded(await uploadRaw(photo("png"), "?alt=b"));
    const bh = (await b).hash;
    const md = `![a](/media/${a.hash}.jpg)\n\n![b](/media/${bh}.png)`;
    expect((await publish(post(md, { image: `/media/${a.hash}.jpg` }))).status).toBe(201);
    expect([await uses(a.hash), await uses(bh)]).toEqual([true, true]);
    expect((await publish(post(`![a](/media/${a.hash}.jpg)`))).status).toBe(200);
    expect([await uses(a.hash), await uses(bh)]).toEqual([true, false]);
  });
});
