// The console's photo library: uploading several photos at once (a refused one stores nothing),
// describing them, deleting an unused one (its original, variants and row) and refusing to delete
// one a post uses; the admin API's list, edit and delete; a post's lead image chosen or uploaded in
// the post form; and two identical uploads at once, of which only one says it created the photo.
import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findBySlug } from "../../src/posts/repository.ts";
import { ADMIN, request } from "../helpers.ts";
import { photo } from "../media.ts";
import { type Signed, signIn } from "./console-harness.ts";
import { bucketKeys, emptyMedia, mediaRows, pathOf, type ShownMedia, uploaded, uploadRaw } from "./media-helpers.ts";

let s: Signed;
beforeAll(async () => {
  s = await signIn();
});
beforeEach(emptyMedia);

const file = (name: string, bytes: Uint8Array, type = "image/jpeg") => new File([bytes], name, { type });

function uploadForm(...files: File[]): FormData {
  const form = new FormData();
  for (const f of files) form.append("files", f);
  return form;
}

const row = (hash: string) =>
  env.DB.prepare("SELECT alt, caption, credit FROM media WHERE hash = ?")
    .bind(hash)
    .first<{ alt: string | null; caption: string | null; credit: string | null }>();

/** The hashes a page names in its describing forms, in order. */
const hashesIn = (html: string) => [...html.matchAll(/name="hash\[\]" value="([0-9a-f]{64})"/g)].map((m) => m[1]);

function postFields(title: string, slug: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    title,
    slug,
    author: "Phương Dung",
    date: "2021-07-20T09:00:00",
    offset: "+07:00",
    tags: "Dân vận",
    summary: "",
    language: "vi",
    markdown: "Đoạn mở đầu.\r\n",
    action: "publish",
    ...extra,
  };
}

function multipart(fields: Record<string, string>, files: Record<string, File> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const [k, f] of Object.entries(files)) form.append(k, f);
  return form;
}

describe("uploading in the console", () => {
  it("stores several photos at once and lists each with its description form", async () => {
    const res = await s.upload(
      "/console/media/upload",
      uploadForm(file("a.jpg", photo("jpeg")), file("b.png", photo("png"), "image/png")),
    );
    expect(res.status).toBe(201);
    const html = await res.text();
    const hashes = hashesIn(html);
    expect(hashes).toHaveLength(2);
    expect(await mediaRows()).toBe(2);
    expect(await bucketKeys()).toEqual(hashes.map((h) => `originals/${h}`).sort());
    // Each with its thumbnail (the 360 px copy, its size given), its address and its fields.
    for (const h of hashes) {
      expect(html).toContain(`src="/media/${h}/360"`);
      expect(html).toMatch(new RegExp(`/media/${h}\\.(jpg|png)"`));
    }
    expect(html).toContain('width="360" height="240"');
    expect(html.match(/name="alt\[\]"/g)).toHaveLength(2);
    expect(await row(hashes[0] ?? "")).toMatchObject({ alt: null });
  });

  it("stores nothing when one file is refused, and says which one in the console's words", async () => {
    const res = await s.upload(
      "/console/media/upload",
      uploadForm(file("a.jpg", photo("jpeg")), file("evil.jpg", photo("svg"))),
    );
    expect(res.status).toBe(415);
    const html = await res.text();
    expect(html).toContain("Tệp “evil.jpg” (tệp thứ 2): Không nhận ảnh SVG");
    expect(html).toContain("Không ảnh nào được lưu");
    expect(await mediaRows()).toBe(0);
    expect(await bucketKeys()).toEqual([]);
  });

  it("refuses more files than a request takes, and a form with none", async () => {
    const five = Array.from({ length: 5 }, (_, i) => file(`${i}.jpg`, photo("jpeg")));
    expect((await s.upload("/console/media/upload", uploadForm(...five))).status).toBe(413);
    const none = await s.upload("/console/media/upload", uploadForm(file("", new Uint8Array(0))));
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Chưa chọn ảnh nào.");
    expect(await mediaRows()).toBe(0);
  });

  it("answers the same photo uploaded again as already in the library", async () => {
    await uploadRaw(photo("jpeg"));
    const res = await s.upload("/console/media/upload", uploadForm(file("again.jpg", photo("jpeg"))));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Đã có trong thư viện");
    expect(await mediaRows()).toBe(1);
  });
});

describe("describing photos", () => {
  it("saves alt text, caption and credit, and marks a photo decorative", async () => {
    const a = await uploaded(await uploadRaw(photo("jpeg")));
    const b = await uploaded(await uploadRaw(photo("png"), "", env, "image/png"));
    const form = new URLSearchParams([
      ["_csrf", s.csrf],
      ["hash[]", a.hash],
      ["alt[]", "Các đại biểu dự hội nghị"],
      ["caption[]", "Tại điểm cầu Lạng Sơn"],
      ["credit[]", "Ảnh: Văn Tuấn"],
      ["hash[]", b.hash],
      ["alt[]", ""],
      ["decorative[]", b.hash],
      ["caption[]", ""],
      ["credit[]", ""],
    ]);
    const saved = await request("/console/media/describe", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: s.cookie, "CF-Connecting-IP": s.ip },
      body: form.toString(),
      redirect: "manual",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toContain("/console/media?done=saved");
    expect(await row(a.hash)).toEqual({
      alt: "Các đại biểu dự hội nghị",
      caption: "Tại điểm cầu Lạng Sơn",
      credit: "Ảnh: Văn Tuấn",
    });
    expect(await row(b.hash)).toEqual({ alt: "", caption: null, credit: null });
    const page = await (await s.get("/console/media")).text();
    expect(page).toContain("Lời mô tả: Các đại biểu dự hội nghị");
    expect(page).toContain("Ảnh trang trí (không cần lời mô tả)");
  });

  it("flags a photo without alt text on the library page", async () => {
    const m = await uploaded(await uploadRaw(photo("jpeg")));
    const page = await (await s.get("/console/media")).text();
    expect(page).toContain("Chưa có lời mô tả ảnh");
    expect(page).toContain(`<img src="/media/${m.hash}/360" width="360" height="240" alt="" loading="lazy"`);
    expect(page).toContain("1.200 × 800 điểm ảnh");
    expect(page).toContain("Chưa dùng trong bài nào.");
  });

  it("refuses alt text on a decorative photo and a credit too long, giving the form back as typed", async () => {
    const m = await uploaded(await uploadRaw(photo("jpeg"), "?alt=Cũ"));
    const res = await s.post("/console/media/describe", {
      "hash[]": m.hash,
      "alt[]": "Mới",
      "decorative[]": m.hash,
      "caption[]": "Chú thích mới",
      "credit[]": "",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Ảnh trang trí thì không có lời mô tả");
    expect(html).toContain("Chú thích mới");
    const long = await s.post("/console/media/describe", {
      "hash[]": m.hash,
      "alt[]": "A",
      "caption[]": "",
      "credit[]": "x".repeat(301),
    });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("Nguồn ảnh tối đa 300 ký tự.");
    expect(await row(m.hash)).toEqual({ alt: "Cũ", caption: null, credit: null });
  });
});

describe("deleting photos", () => {
  it("deletes an unused photo: its original, every variant and its row", async () => {
    const m = await uploaded(await uploadRaw(photo("jpeg")));
    const keep = await uploaded(await uploadRaw(photo("png"), "", env, "image/png"));
    // Two variants made by asking for them.
    expect((await request(`/media/${m.hash}/360`, { headers: { Accept: "image/webp" } })).status).toBe(200);
    expect((await request(`/media/${m.hash}/720.jpg`)).status).toBe(200);
    expect((await bucketKeys()).filter((k) => k.includes(m.hash))).toHaveLength(3);
    const confirm = await s.get(`/console/media/${m.hash}/delete`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("Xóa ảnh?");
    const res = await s.post(`/console/media/${m.hash}/delete`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("https://bantin.example/console/media?done=deleted");
    expect(await bucketKeys()).toEqual([`originals/${keep.hash}`]);
    expect(await row(m.hash)).toBeNull();
    expect(await mediaRows()).toBe(1);
    expect((await request(pathOf(m.url))).status).toBe(404);
  });

  it("refuses to delete a photo a post uses, naming the post, and leaves everything in place", async () => {
    const m = await uploaded(await uploadRaw(photo("jpeg"), "?alt=Đại+biểu"));
    const saved = await s.post(
      "/console/posts/new",
      postFields("Bài có ảnh để giữ", "bai-co-anh-de-giu", { image: `/media/${m.hash}.jpg`, action: "draft" }),
    );
    expect(saved.status).toBe(303);
    const keys = await bucketKeys();
    const res = await s.post(`/console/media/${m.hash}/delete`, {});
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("Không xóa được ảnh");
    expect(html).toContain('<a href="https://bantin.example/console/posts/bai-co-anh-de-giu">Bài có ảnh để giữ</a>');
    expect((await s.get(`/console/media/${m.hash}/delete`)).status).toBe(409);
    const api = await request(`/admin/media/${m.hash}`, { method: "DELETE", headers: ADMIN });
    expect(api.status).toBe(409);
    expect(((await api.json()) as { posts: { slug: string }[] }).posts.map((p) => p.slug)).toEqual([
      "bai-co-anh-de-giu",
    ]);
    expect(await bucketKeys()).toEqual(keys);
    expect(await row(m.hash)).not.toBeNull();
    // The library says where it is used.
    const page = await (await s.get("/console/media")).text();
    expect(page).toContain("Dùng trong 1 bài:");
    expect(page).toContain(">Bài có ảnh để giữ</a>");
  });
});

describe("the admin API's library", () => {
  it("lists photos newest first with their uses, edits one, and deletes an unused one", async () => {
    // Not the JPEG fixture: a post of this file uses that one.
    const a = await uploaded(await uploadRaw(photo("webp"), "", env, "image/webp"));
    const list = await request("/admin/media", { headers: ADMIN });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { media: (ShownMedia & { used_by: unknown[] })[]; total: number };
    expect(body.total).toBe(1);
    expect(body.media[0]).toMatchObject({ hash: a.hash, url: a.url, alt: null, used_by: [] });
    const patched = await request(`/admin/media/${a.hash}`, {
      method: "PATCH",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ alt: "Hội trường", credit: "TTXVN" }),
    });
    expect(patched.status).toBe(200);
    expect(await row(a.hash)).toEqual({ alt: "Hội trường", caption: null, credit: "TTXVN" });
    const tooLong = await request(`/admin/media/${a.hash}`, {
      method: "PATCH",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify({ credit: "x".repeat(301) }),
    });
    expect(tooLong.status).toBe(400);
    expect((await request(`/admin/media/${a.hash}`, { method: "DELETE", headers: ADMIN })).status).toBe(204);
    expect(await bucketKeys()).toEqual([]);
    expect((await request(`/admin/media/${a.hash}`, { method: "DELETE", headers: ADMIN })).status).toBe(404);
  });
});

describe("two identical uploads at once", () => {
  // Without the Images binding (a JPEG's metadata removed byte by byte) an upload has no slow step,
  // so both requests check the library before either records the photo: a real race.
  const withoutImages = { ...env, IMAGES: undefined } as unknown as Env;

  it("store one photo, and only one says it created it", async () => {
    const answers = await Promise.all([
      uploadRaw(photo("jpeg"), "", withoutImages),
      uploadRaw(photo("jpeg"), "", withoutImages),
    ]);
    const shown = await Promise.all(answers.map(uploaded));
    expect(shown.map((m) => m.created).sort()).toEqual([false, true]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(new Set(shown.map((m) => m.hash)).size).toBe(1);
    expect(await mediaRows()).toBe(1);
    expect(await bucketKeys()).toHaveLength(1);
  });
});

describe("the post form's lead image", () => {
  it("takes a library photo by its address, round-trips a refused form, and publishes it", async () => {
    const m = await uploaded(await uploadRaw(photo("jpeg")));
    const lead = {
      image: `/media/${m.hash}.jpg`,
      image_alt: "",
      image_caption: "Tại điểm cầu Lạng Sơn",
      image_credit: "Ảnh: Văn Tuấn",
    };
    // No alt text here nor in the library: refused on the alt field, the form as it was typed.
    const refused = await s.upload(
      "/console/posts/new",
      multipart(postFields("Bài có ảnh đầu", "bai-co-anh-dau", lead)),
    );
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(/<p class="error" id="image_alt-error">Lời mô tả ảnh: cần lời mô tả ảnh/);
    expect(html).toContain(`value="/media/${m.hash}.jpg"`);
    expect(html).toContain('value="Tại điểm cầu Lạng Sơn"');
    expect(html).toContain(`src="/media/${m.hash}/360"`);
    const res = await s.upload(
      "/console/posts/new",
      multipart(postFields("Bài có ảnh đầu", "bai-co-anh-dau", { ...lead, image_alt: "Các đại biểu dự hội nghị" })),
    );
    expect(res.status).toBe(303);
    expect((await findBySlug(env.DB, "bai-co-anh-dau"))?.image).toMatchObject({
      hash: m.hash,
      alt: "Các đại biểu dự hội nghị",
      caption: "Tại điểm cầu Lạng Sơn",
      credit: "Ảnh: Văn Tuấn",
    });
    // The stored post's form shows the same fields again.
    const edit = await (await s.get("/console/posts/bai-co-anh-dau")).text();
    expect(edit).toContain(`value="/media/${m.hash}.jpg"`);
    expect(edit).toContain(">Các đại biểu dự hội nghị</textarea>");
    // The preview takes the same multipart form (the post page's lead image is views/pages.tsx's part).
    const preview = await s.upload(
      "/console/frame/post",
      multipart(postFields("Bài có ảnh đầu", "bai-co-anh-dau", { ...lead, image_alt: "Các đại biểu" })),
    );
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("<h1>Bài có ảnh đầu</h1>");
  });

  it("refuses a lead image that is not a library photo, on its field", async () => {
    const res = await s.post(
      "/console/posts/new",
      postFields("Bài ảnh lạ", "bai-anh-la", { image: "https://example.com/a.jpg", image_alt: "Ảnh" }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      '<p class="error" id="image-error">Ảnh đầu bài: cần là một ảnh trong thư viện ảnh',
    );
  });

  it("uploads the file chosen in the form and makes it the lead image, with the form's description", async () => {
    const res = await s.upload(
      "/console/posts/new",
      multipart(
        postFields("Bài tải ảnh", "bai-tai-anh", { image: "", image_alt: "Hội trường", image_credit: "TTXVN" }),
        {
          image_file: file("hoi-truong.jpg", photo("jpeg")),
        },
      ),
    );
    expect(res.status).toBe(303);
    const post = await findBySlug(env.DB, "bai-tai-anh");
    expect(post?.image).toMatchObject({ alt: "Hội trường", credit: "TTXVN", width: 1200, height: 800 });
    const hash = post?.image?.hash ?? "";
    expect(await row(hash)).toEqual({ alt: "Hội trường", caption: null, credit: "TTXVN" });
    expect(await bucketKeys()).toEqual([`originals/${hash}`]);
    expect((await request("/posts/bai-tai-anh")).status).toBe(200);
  });

  it("refuses a post whose chosen file is not a photo, storing nothing, in the console's words", async () => {
    const res = await s.upload(
      "/console/posts/new",
      multipart(postFields("Bài tải tệp lạ", "bai-tai-tep-la", { image_alt: "Ảnh" }), {
        image_file: file("evil.jpg", photo("html")),
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Ảnh đầu bài: Tệp này là văn bản (HTML hoặc XML), không phải ảnh.");
    expect(await mediaRows()).toBe(0);
    expect(await findBySlug(env.DB, "bai-tai-tep-la")).toBeNull();
  });
});
