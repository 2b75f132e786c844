// `npm run publish` (and `npm start`, which runs the same publishAll) with photos beside the posts: a
// Markdown file names images/x.jpg, the script puts the file into the media library once and sends
// the post naming its site path, leaving the file on disk as it was. Run here in workerd against the
// Worker itself (its fetch handler stands in for the network), on files in workerd's own /tmp.

import { env } from "cloudflare:test";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { localImages, parsePostFile, withSitePaths } from "../../scripts/content.mjs";
import { type PublishResult, publishAll, report } from "../../scripts/publish.mjs";
import { sha256, toHex } from "../../src/hash.ts";
import { findBySlug } from "../../src/posts/repository.ts";
import { ADMIN, request, TEST_ADMIN_TOKEN } from "../helpers.ts";
import { photo } from "../media.ts";
import { emptyMedia, mediaRows, uploaded, uploadRaw } from "./media-helpers.ts";

const SITE = "https://bantin.example";
const ALT = "Các đại biểu dự hội nghị tại điểm cầu Lạng Sơn";

/** Every request the script sent ("GET /admin/media/uploads/…"), in order. */
let sent: string[] = [];
let dir = "";

async function run(folder = dir): Promise<{ results: PublishResult[]; ok: boolean; output: string }> {
  sent = [];
  const results = await publishAll(SITE, TEST_ADMIN_TOKEN, folder, {
    fetch: async (url, init) => {
      const u = new URL(url);
      sent.push(`${init.method} ${u.pathname}`);
      return request(`${u.pathname}${u.search}`, init);
    },
  });
  const lines: string[] = [];
  const ok = report(results, (line) => lines.push(line));
  return { results, ok, output: lines.join("\n") };
}

function post(slug: string, body: string, front = ""): string {
  return `---\ntitle: Hội nghị ${slug}\nslug: ${slug}\nauthor: Ban Dân vận\npublished: 2021-07-13T10:00:00+07:00\n${front}---\n${body}`;
}

const PHOTO_POST = post(
  "hoi-nghi-co-anh",
  `Sáng 13/7, hội nghị sơ kết diễn ra tại Lạng Sơn.\n\n![${ALT}](./images/hoi-nghi.jpg)\n\nẢnh trong tệp được viết \`![ảnh](images/hoi-nghi.jpg)\`, như sau:\n\n\`\`\`\n![ảnh](images/hoi-nghi.jpg)\n\`\`\`\n`,
  `image: images/hoi-nghi.jpg\nimage_alt: ${ALT}\n`,
);

async function folderWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const made = await mkdtemp("/tmp/bantin-publish-");
  await mkdir(`${made}/images`);
  for (const [name, content] of Object.entries(files)) await writeFile(`${made}/${name}`, content);
  return made;
}

const hashOf = (results: PublishResult[]) =>
  /\/media\/([0-9a-f]{64})\.jpg/.exec(results[0]?.photos?.[0]?.path ?? "")?.[1];

describe("npm run publish with photos beside the posts", () => {
  let hash = "";

  beforeAll(async () => {
    await emptyMedia();
  });

  it("uploads each photo once, sends the posts naming its site path, and leaves the files as they were", async () => {
    // Two posts use the same photo: it is sent once.
    dir = await folderWith({
      "hoi-nghi-co-anh.md": PHOTO_POST,
      "tin-them.md": post("tin-them", `Tin thêm.\n\n![${ALT}](images/hoi-nghi.jpg)\n`),
      "images/hoi-nghi.jpg": photo("jpeg"),
    });
    const { results, ok, output } = await run();
    expect(ok).toBe(true);
    expect(results.map((r) => r.status)).toEqual(["created", "created"]);
    expect(sent.filter((s) => s === "POST /admin/media")).toHaveLength(1);
    expect(output).toContain("1 photo: 1 uploaded, 0 already in the library");
    hash = hashOf(results) ?? "";
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(output).toContain(`photo images/hoi-nghi.jpg → /media/${hash}.jpg  (uploaded)`);

    // The post page shows the photo in a figure over its copies, with the alt text written in the file.
    const html = await (await request("/posts/hoi-nghi-co-anh")).text();
    const figure = /<figure class="photo"><img [^>]*>/.exec(html)?.[0] ?? "";
    expect(figure).toContain(
      `srcset="/media/${hash}/360 360w, /media/${hash}/720 720w, /media/${hash}/1080 1080w, /media/${hash}/1200 1200w"`,
    );
    expect(figure).toContain(`alt="${ALT}"`);
    expect(figure).toContain('width="1200" height="800"');
    // The code that shows how to write an image is sent as written.
    expect(html).toContain("![ảnh](images/hoi-nghi.jpg)");
    expect((await findBySlug(env.DB, "hoi-nghi-co-anh"))?.image).toMatchObject({ hash, alt: ALT });
    // The library row got the alt text with the upload.
    expect(await env.DB.prepare("SELECT alt FROM media WHERE hash = ?").bind(hash).first("alt")).toBe(ALT);

    const served = await request(`/media/${hash}.jpg`);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/jpeg");
    expect((await request(`/media/${hash}/720`, { headers: { Accept: "image/jpeg" } })).status).toBe(200);

    expect(await readFile(`${dir}/hoi-nghi-co-anh.md`, "utf8")).toBe(PHOTO_POST);
    expect(new Uint8Array(await readFile(`${dir}/images/hoi-nghi.jpg`))).toEqual(photo("jpeg"));
  });

  it("sends no photo bytes again on the next run: it asks the library by the file's SHA-256", async () => {
    const { results, ok, output } = await run();
    expect(ok).toBe(true);
    expect(results.map((r) => r.status)).toEqual(["unchanged", "unchanged"]);
    // One question about the file, and no upload.
    expect(sent.filter((s) => s.startsWith("GET /admin/media/uploads/"))).toHaveLength(1);
    expect(sent).not.toContain("POST /admin/media");
    expect(output).toContain("already in the library: not sent");
    expect(output).toContain("1 photo: 0 uploaded, 1 already in the library");
    expect(hashOf(results)).toBe(hash);
    expect(await mediaRows()).toBe(1);
  });

  it("refuses a file that does not exist, naming the post's file and line, and sends nothing", async () => {
    const missing = await folderWith({
      "bai-thieu-anh.md": post("bai-thieu-anh", "Đoạn một.\n\n![Hội trường](images/hoi-truong.jpg)\n"),
    });
    const { results, ok, output } = await run(missing);
    expect(ok).toBe(false);
    expect(results).toMatchObject([{ file: "bai-thieu-anh.md", status: "failed", line: 9 }]);
    expect(output).toContain(
      `failed    bai-thieu-anh.md:9: images/hoi-truong.jpg does not exist (looked for ${missing}/images/hoi-truong.jpg)`,
    );
    expect(sent).toEqual([]);
    expect(await findBySlug(env.DB, "bai-thieu-anh")).toBeNull();
  });

  it("refuses a path that leads out of the posts' folder, and sends nothing", async () => {
    const escaping = await folderWith({
      "bai-ngoai.md": post("bai-ngoai", "Đoạn.\n", "image: ../../etc/passwd\nimage_alt: Mật khẩu\n"),
    });
    const { results, ok, output } = await run(escaping);
    expect(ok).toBe(false);
    expect(results).toMatchObject([{ file: "bai-ngoai.md", status: "failed", line: 6 }]);
    expect(output).toContain(`failed    bai-ngoai.md:6: ../../etc/passwd is outside ${escaping}`);
    expect(sent).toEqual([]);
    expect(await findBySlug(env.DB, "bai-ngoai")).toBeNull();
  });

  it("shows the API's message for a file it refuses, and does not send the post", async () => {
    const rows = await mediaRows();
    const refused = await folderWith({
      "ban-do.md": post("ban-do", "Bản đồ.\n\n![Bản đồ huyện](images/ban-do.jpg)\n"),
      // An SVG named .jpg: the type is read from the bytes.
      "images/ban-do.jpg": photo("svg"),
    });
    const { results, ok, output } = await run(refused);
    expect(ok).toBe(false);
    expect(output).toContain(
      "failed    ban-do.md:9: images/ban-do.jpg: it was refused: SVG images are not accepted (an SVG file can carry script).",
    );
    expect(results[0]?.status).toBe("failed");
    expect(sent).not.toContain("POST /admin/posts");
    expect(await findBySlug(env.DB, "ban-do")).toBeNull();
    expect(await mediaRows()).toBe(rows);
  });
});

describe("GET /admin/media/uploads/<sha256>", () => {
  it("answers the photo stored from a file with these bytes, else 404; with the admin token only", async () => {
    // A phone's photo: stored without its metadata, so under another hash than the file's.
    const bytes = photo("phone");
    const fileHash = toHex(await sha256(bytes));
    const ask = (hash: string, headers: Record<string, string> = ADMIN) =>
      request(`/admin/media/uploads/${hash}`, { headers });
    expect((await ask(fileHash)).status).toBe(404);
    const stored = await uploaded(await uploadRaw(bytes, "?alt=Bản+đồ"));
    expect(stored.hash).not.toBe(fileHash);
    for (const hash of [fileHash, stored.hash]) {
      const res = await ask(hash);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ hash: stored.hash, url: stored.url, alt: "Bản đồ" });
    }
    expect((await ask("abc")).status).toBe(400);
    expect((await ask(fileHash, {})).status).toBe(401);
  });
});

describe("finding and rewriting a post file's local images", () => {
  it("gives each its line, and refuses a reference-style image with its line", () => {
    const text = post(
      "x",
      "Một.\n\n![A](<images/a b.jpg>)\n\n[r]: images/c.jpg\n\n![C][r]\n",
      "image: images/lead.png\n",
    );
    expect(() => localImages(text, "x.md")).toThrow(
      expect.objectContaining({ line: 14, message: expect.stringContaining("write this image inline") }),
    );
    const fine = post(
      "x",
      "Một.\n\n![A](<images/a b.jpg>) và ![B](https://example.org/b.jpg)\n",
      "image: images/lead.png\n",
    );
    expect(localImages(fine, "x.md").map((i) => [i.field, i.href, i.line])).toEqual([
      ["image", "images/lead.png", 6],
      ["markdown", "images/a b.jpg", 10],
    ]);
    const sentInput = withSitePaths(parsePostFile(fine), localImages(fine), (href) => `/media/${href.length}.jpg`);
    expect(sentInput).toMatchObject({
      image: "/media/15.jpg",
      markdown: "Một.\n\n![A](</media/14.jpg>) và ![B](https://example.org/b.jpg)\n",
    });
  });
});
