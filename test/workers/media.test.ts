// Uploading photos through POST /admin/media: the types taken, what is refused (and that a refusal
// stores nothing), and the same bytes twice stored once.
import { env } from "cloudflare:test";
import { imageDimensionsFromData } from "image-dimensions";
import { beforeEach, describe, expect, it } from "vitest";
import { MEDIA_LIMITS } from "../../src/media/sniff.ts";
import { request } from "../helpers.ts";
import { photo } from "../media.ts";
import {
  bucketKeys,
  bytesOf,
  emptyMedia,
  mediaRows,
  pathOf,
  uploaded,
  uploadForm,
  uploadRaw,
} from "./media-helpers.ts";

beforeEach(emptyMedia);

describe("POST /admin/media", () => {
  it.each([
    ["jpeg", "image/jpeg", "jpg"],
    ["png", "image/png", "png"],
    ["webp", "image/webp", "webp"],
    ["avif", "image/avif", "avif"],
    // As a PNG: the same pixels (wrangler's Images binding writes no GIF).
    ["gif", "image/png", "png"],
  ] as const)("stores a %s and serves it at its content address", async (name, type, ext) => {
    // The declared type is wrong on purpose: only the bytes count.
    const res = await uploadRaw(photo(name), "?alt=Hội+nghị&credit=Ảnh:+TTXVN", env, "image/png");
    expect(res.status).toBe(201);
    const m = await uploaded(res);
    expect(m).toMatchObject({ type, width: 1200, height: 800, alt: "Hội nghị", credit: "Ảnh: TTXVN", created: true });
    expect(m.url).toBe(`https://bantin.example/media/${m.hash}.${ext}`);
    const served = await request(pathOf(m.url));
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe(type);
    const bytes = await bytesOf(served);
    expect(bytes.byteLength).toBe(m.bytes);
    expect(imageDimensionsFromData(bytes)).toMatchObject({ width: 1200, height: 800 });
    // The key is the SHA-256 of the stored bytes.
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    expect([...digest].map((b) => b.toString(16).padStart(2, "0")).join("")).toBe(m.hash);
    expect(await bucketKeys()).toEqual([`originals/${m.hash}`]);
    const row = await env.DB.prepare("SELECT type, width, height, bytes, alt, uploaded_by FROM media").first();
    expect(row).toEqual({ type, width: 1200, height: 800, bytes: m.bytes, alt: "Hội nghị", uploaded_by: "admin-api" });
  });

  it("stores the same bytes once, and answers 200 with the photo already stored", async () => {
    const first = await uploaded(await uploadRaw(photo("phone")));
    const again = await uploadRaw(photo("phone"));
    expect(again.status).toBe(200);
    const second = await uploaded(again);
    expect(second).toEqual({ ...first, created: false });
    // Through multipart, and as the stored bytes themselves (downloaded and uploaded again).
    const form = new FormData();
    form.append("file", new File([photo("phone")], "IMG_0001.JPG"));
    expect((await uploaded(await uploadForm(form))).hash).toBe(first.hash);
    const stored = await bytesOf(await request(pathOf(first.url)));
    expect((await uploaded(await uploadRaw(stored))).hash).toBe(first.hash);
    expect(await bucketKeys()).toEqual([`originals/${first.hash}`]);
    expect(await mediaRows()).toBe(1);
  });

  it("takes several files in one multipart request, each with its own fields", async () => {
    const form = new FormData();
    form.append("file", new File([photo("jpeg")], "a.jpg"));
    form.append("alt", "Ảnh một");
    form.append("caption", "Các đại biểu dự hội nghị tại điểm cầu Lạng Sơn");
    form.append("file", new File([photo("png")], "b.png"));
    form.append("alt", "Ảnh hai");
    const res = await uploadForm(form);
    expect(res.status).toBe(201);
    const { media } = (await res.json()) as { media: { type: string; alt: string; caption: string | null }[] };
    expect(media.map((m) => [m.type, m.alt, m.caption])).toEqual([
      ["image/jpeg", "Ảnh một", "Các đại biểu dự hội nghị tại điểm cầu Lạng Sơn"],
      ["image/png", "Ảnh hai", null],
    ]);
    expect(await mediaRows()).toBe(2);
  });

  describe("refuses, storing nothing", () => {
    const big = () => {
      const b = new Uint8Array(MEDIA_LIMITS.bytes + 1);
      b.set(photo("jpeg"));
      return b;
    };
    const cutJpeg = () => photo("jpeg").slice(0, 3000);
    it.each([
      ["an SVG", () => photo("svg"), 415, /SVG images are not accepted \(an SVG file can carry script\)/],
      ["an HTML file sent as image/jpeg", () => photo("html"), 415, /text \(HTML or XML\), not an image/],
      ["a HEIC photo", () => photo("heic"), 415, /HEIC\/HEIF photos are not accepted/],
      ["a truncated JPEG", cutJpeg, 422, /ends too early/],
      [
        "a JPEG cut short whose end marker was put back",
        () => photo("cutButEnded"),
        422,
        /could not be read as an image/,
      ],
      ["a 60,000 × 60,000 pixel bomb", () => photo("bomb"), 422, /60000 × 60000 pixels: at most 50 megapixels/],
      ["a file over 20 MB", big, 413, /at most 20971520 bytes \(20 MB\)/],
      ["an empty body", () => new Uint8Array(), 400, /empty/],
    ])("%s", async (_name, bytes, status, message) => {
      const res = await uploadRaw(bytes());
      expect(res.status).toBe(status);
      const { error } = (await res.json()) as { error: string };
      expect(error).toMatch(message);
      // The binding's own words stay in the log.
      expect(error).not.toMatch(/9523|Vips|Error|sharp|500/);
      expect(await bucketKeys()).toEqual([]);
      expect(await mediaRows()).toBe(0);
    });

    it("a whole multipart request when one of its files is refused", async () => {
      const form = new FormData();
      form.append("file", new File([photo("jpeg")], "good.jpg"));
      form.append("file", new File([photo("svg")], "evil.jpg"));
      form.append("file", new File([photo("png")], "good.png"));
      const res = await uploadForm(form);
      expect(res.status).toBe(415);
      expect(await res.json()).toEqual({
        error: expect.stringMatching(/^File 2: SVG images are not accepted.* Nothing was stored\.$/),
        file: 2,
      });
      expect(await bucketKeys()).toEqual([]);
      expect(await mediaRows()).toBe(0);
    });

    it.each([
      ["a field before any file", [["alt", "x"]], /comes before any file/],
      [
        "an unknown field",
        [
          ["file", "jpeg"],
          ["title", "x"],
        ],
        /Unknown field "title"/,
      ],
      [
        "an alt text over 1000 characters",
        [
          ["file", "jpeg"],
          ["alt", "x".repeat(1001)],
        ],
        /alt must be at most 1000/,
      ],
      ["no file", [], /no file/],
      ["more than 4 files", Array.from({ length: 5 }, () => ["file", "jpeg"]), /at most 4/],
    ])("a multipart request with %s", async (_name, parts, message) => {
      const form = new FormData();
      for (const [field, value] of parts as [string, string][]) {
        if (field === "file") form.append("file", new File([photo("jpeg")], "a.jpg"));
        else form.append(field, value);
      }
      const res = await uploadForm(form);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
      expect(await bucketKeys()).toEqual([]);
    });

    it("a body that is neither multipart nor an image", async () => {
      const res = await uploadRaw(photo("jpeg"), "", env, "application/json");
      expect(res.status).toBe(415);
      expect(await bucketKeys()).toEqual([]);
    });

    it("an upload without the admin token", async () => {
      const res = await request("/admin/media", {
        method: "POST",
        headers: { "Content-Type": "image/jpeg" },
        body: photo("jpeg"),
      });
      expect(res.status).toBe(401);
      expect(await bucketKeys()).toEqual([]);
    });
  });
});
