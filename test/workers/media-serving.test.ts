// Serving stored photos: immutable content-addressed answers, validators, HEAD, variants by width
// from a fixed list and by format from Accept, each variant made once.
import { env } from "cloudflare:test";
import { imageDimensionsFromData } from "image-dimensions";
import { beforeAll, describe, expect, it } from "vitest";
import { request } from "../helpers.ts";
import { photo } from "../media.ts";
import { bucketKeys, bytesOf, pathOf, type ShownMedia, uploaded, uploadRaw } from "./media-helpers.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";
const AVIF = "image/avif,image/webp,*/*";

let jpeg: ShownMedia;
let png: ShownMedia;

beforeAll(async () => {
  jpeg = await uploaded(await uploadRaw(photo("jpeg")));
  png = await uploaded(await uploadRaw(photo("png")));
});

/** The Images binding, counting the images it is asked to read. */
function countingImages(): { bindings: Env; inputs: () => number } {
  let inputs = 0;
  const images = {
    input(stream: ReadableStream<Uint8Array>, options?: ImageInputOptions) {
      inputs++;
      return env.IMAGES.input(stream, options);
    },
    info: (stream: ReadableStream<Uint8Array>) => env.IMAGES.info(stream),
  } as unknown as ImagesBinding;
  return { bindings: { ...env, IMAGES: images }, inputs: () => inputs };
}

describe("an original", () => {
  it("is served with its exact type, length, a strong ETag and a year's immutable caching", async () => {
    const res = await request(pathOf(jpeg.url));
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      "content-type": "image/jpeg",
      "content-length": String(jpeg.bytes),
      etag: `"${jpeg.hash}"`,
      "cache-control": IMMUTABLE,
      "x-content-type-options": "nosniff",
    });
    expect(res.headers.get("Vary")).toBeNull();
    expect((await bytesOf(res)).byteLength).toBe(jpeg.bytes);
  });

  it("answers 304 when the ETag matches, and 200 when it does not", async () => {
    const res = await request(pathOf(jpeg.url), { headers: { "If-None-Match": `"${jpeg.hash}"` } });
    expect(res.status).toBe(304);
    expect(res.headers.get("ETag")).toBe(`"${jpeg.hash}"`);
    expect(res.headers.get("Cache-Control")).toBe(IMMUTABLE);
    expect(await res.text()).toBe("");
    const other = await request(pathOf(jpeg.url), { headers: { "If-None-Match": `"${png.hash}"` } });
    expect(other.status).toBe(200);
    expect((await bytesOf(other)).byteLength).toBe(jpeg.bytes);
  });

  it("answers HEAD with its Content-Length and no body", async () => {
    const res = await request(pathOf(png.url), { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Length")).toBe(String(png.bytes));
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(await res.text()).toBe("");
  });

  it.each([
    ["another type's extension", (m: ShownMedia) => `/media/${m.hash}.png`],
    ["no extension", (m: ShownMedia) => `/media/${m.hash}`],
    ["a hash nobody uploaded", () => `/media/${"0".repeat(64)}.jpg`],
    ["an upper-case hash", (m: ShownMedia) => `/media/${m.hash.toUpperCase()}.jpg`],
  ])("is not found under %s", async (_name, path) => {
    const res = await request(path(jpeg));
    expect(res.status).toBe(404);
  });
});

describe("a variant", () => {
  it("is made in the format Accept names, with Vary: Accept, a strong ETag and immutable caching", async () => {
    const cases: [string, string][] = [
      [AVIF, "image/avif"],
      ["image/webp,*/*", "image/webp"],
      ["*/*", "image/jpeg"],
    ];
    for (const [accept, type] of cases) {
      const res = await request(`/media/${jpeg.hash}/360`, { headers: { Accept: accept } });
      expect(res.status, accept).toBe(200);
      expect(res.headers.get("Content-Type")).toBe(type);
      expect(res.headers.get("Vary")).toBe("Accept");
      expect(res.headers.get("Cache-Control")).toBe(IMMUTABLE);
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("ETag")).toMatch(/^"[0-9a-f]{32}"$/);
      const bytes = await bytesOf(res);
      expect(res.headers.get("Content-Length")).toBe(String(bytes.byteLength));
      expect(imageDimensionsFromData(bytes)).toMatchObject({ width: 360, height: 240, type: type.slice(6) });
    }
  });

  it("is always JPEG at /<width>.jpg, without Vary", async () => {
    const res = await request(`/media/${png.hash}/720.jpg`, { headers: { Accept: AVIF } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    expect(res.headers.get("Vary")).toBeNull();
    expect(imageDimensionsFromData(await bytesOf(res))).toMatchObject({ width: 720, height: 480, type: "jpeg" });
  });

  it("is made once: kept in the bucket, and served from there the next time", async () => {
    const first = countingImages();
    const path = `/media/${png.hash}/1080`;
    const made = await request(path, { headers: { Accept: "image/webp" } }, first.bindings);
    expect(made.status).toBe(200);
    const madeBytes = await bytesOf(made);
    expect(first.inputs()).toBe(1);
    expect(await bucketKeys()).toContain(`variants/${png.hash}/1080.webp`);
    const second = countingImages();
    const again = await request(path, { headers: { Accept: "image/webp" } }, second.bindings);
    expect(again.status).toBe(200);
    expect(await bytesOf(again)).toEqual(madeBytes);
    expect(again.headers.get("ETag")).toBe(made.headers.get("ETag"));
    expect(second.inputs()).toBe(0);
  });

  it("answers 304 when the ETag matches, and HEAD with its Content-Length", async () => {
    const path = `/media/${jpeg.hash}/720`;
    const res = await request(path, { headers: { Accept: "image/webp" } });
    const etag = res.headers.get("ETag") ?? "";
    const length = (await bytesOf(res)).byteLength;
    const revalidated = await request(path, { headers: { Accept: "image/webp", "If-None-Match": etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("Vary")).toBe("Accept");
    expect(await revalidated.text()).toBe("");
    const head = await request(path, { method: "HEAD", headers: { Accept: "image/webp" } });
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Length")).toBe(String(length));
    expect(head.headers.get("Content-Type")).toBe("image/webp");
    expect(await head.text()).toBe("");
  });

  it.each(["500", "0360", "abc", "360.png", "360.jpeg", "-1", "99999", "360.jpg.jpg"])(
    "is a 400 at a width off the list (%s), and nothing is made",
    async (width) => {
      const before = await bucketKeys();
      const counting = countingImages();
      const res = await request(`/media/${jpeg.hash}/${width}`, undefined, counting.bindings);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/các cỡ là 360, 720, 1080, 1200, 1600/);
      expect(counting.inputs()).toBe(0);
      expect(await bucketKeys()).toEqual(before);
    },
  );

  it("is a 404 wider than the original (1,200 px), saying so", async () => {
    const counting = countingImages();
    const res = await request(`/media/${jpeg.hash}/1600`, undefined, counting.bindings);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/rộng 1200 px/);
    expect(counting.inputs()).toBe(0);
    expect((await bucketKeys()).filter((key) => /\/1600\./.test(key))).toEqual([]);
  });

  it("is a 404 for a photo nobody uploaded", async () => {
    const res = await request(`/media/${"a".repeat(64)}/360`);
    expect(res.status).toBe(404);
  });
});

describe("a variant served lately", () => {
  it("is answered from the isolate's memory, the same bytes and ETag, until its photo is deleted", async () => {
    const m = await uploaded(await uploadRaw(photo("webp"), "?alt=x"));
    const path = `/media/${m.hash}/720.jpg`;
    const first = await request(path);
    const bytes = await bytesOf(first);
    // Gone from the bucket behind the Worker's back: the isolate still holds what it served.
    await env.MEDIA.delete(`variants/${m.hash}/720.jpg`);
    const again = await request(path);
    expect(again.status).toBe(200);
    expect(again.headers.get("ETag")).toBe(first.headers.get("ETag"));
    expect(await bytesOf(again)).toEqual(bytes);
    const head = await request(path, { method: "HEAD" });
    expect(head.headers.get("Content-Length")).toBe(String(bytes.byteLength));
    // Deleted through the library: no copy of it is served any more.
    const deleted = await request(`/admin/media/${m.hash}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` },
    });
    expect(deleted.status).toBe(204);
    expect((await request(path)).status).toBe(404);
  });
});
