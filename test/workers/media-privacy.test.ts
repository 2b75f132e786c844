// A phone photo's GPS position, serial number, maker note and owner's name are in none of the bytes
// bantin stores or serves; the photo stands the right way up.
import { env } from "cloudflare:test";
import exifr from "exifr";
import { imageDimensionsFromData } from "image-dimensions";
import { beforeEach, describe, expect, it } from "vitest";
import { SECRETS } from "../fixtures/exif-writer.ts";
import { request } from "../helpers.ts";
import { containsText, photo } from "../media.ts";
import { bucketKeys, bytesOf, emptyMedia, pathOf, uploaded, uploadRaw } from "./media-helpers.ts";

beforeEach(emptyMedia);

/** What exifr finds of the secrets (undefined when it finds no metadata at all). */
async function exifOf(bytes: Uint8Array): Promise<Record<string, unknown> | undefined> {
  return exifr.parse(bytes, { tiff: true, exif: true, gps: true, xmp: true, makerNote: true, translateValues: false });
}

const TEXTS = [SECRETS.serial, SECRETS.makerNote, SECRETS.owner, SECRETS.make, "Exif\0\0", "EXIF", "XMP ", "xmpmeta"];

function expectNoSecrets(bytes: Uint8Array, what: string): void {
  for (const text of TEXTS) expect(containsText(bytes, text), `${JSON.stringify(text)} in ${what}`).toBe(false);
}

describe("a phone photo with GPS, serial number, maker note, owner and orientation 6", () => {
  it("carries them as the fixture (so the checks below can see them)", async () => {
    const fixture = photo("phone");
    const exif = await exifOf(fixture);
    expect(exif).toMatchObject({ Orientation: 6, Artist: SECRETS.owner, SerialNumber: SECRETS.serial });
    expect(exif?.latitude).toBeCloseTo(21.833, 2);
    for (const text of [SECRETS.serial, SECRETS.makerNote, SECRETS.owner, "xmpmeta"]) {
      expect(containsText(fixture, text)).toBe(true);
    }
  });

  it("is stored upright (800 × 1200) and without any of them", async () => {
    const m = await uploaded(await uploadRaw(photo("phone")));
    expect(m).toMatchObject({ type: "image/jpeg", width: 800, height: 1200 });
    const served = await bytesOf(await request(pathOf(m.url)));
    expect(imageDimensionsFromData(served)).toMatchObject({ width: 800, height: 1200 });
    expect(await exifOf(served)).toBeUndefined();
    expectNoSecrets(served, "the original");
    const stored = await env.MEDIA.get(`originals/${m.hash}`);
    expectNoSecrets(new Uint8Array((await stored?.arrayBuffer()) ?? new ArrayBuffer(0)), "the stored object");
  });

  it.each([
    ["image/avif,image/webp,*/*", "image/avif", ""],
    ["image/webp,*/*", "image/webp", ""],
    ["*/*", "image/jpeg", ""],
    ["image/avif,image/webp,*/*", "image/jpeg", ".jpg"],
  ])("has none of them in its variants (Accept %s → %s)", async (accept, type, suffix) => {
    const m = await uploaded(await uploadRaw(photo("phone")));
    const res = await request(`/media/${m.hash}/720${suffix}`, { headers: { Accept: accept } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(type);
    const bytes = await bytesOf(res);
    // 720 wide, upright: 720 × 1080.
    expect(imageDimensionsFromData(bytes)).toMatchObject({ width: 720, height: 1080 });
    // exifr reads JPEG and the HEIF family; a WebP's metadata would be in its EXIF or XMP chunk (scanned).
    if (type !== "image/webp") expect(await exifOf(bytes)).toBeUndefined();
    expectNoSecrets(bytes, type);
  });
});

describe("deployed without the Images binding", () => {
  const withoutImages = { ...env, IMAGES: undefined } as unknown as Env;

  it("stores a JPEG with its metadata removed byte by byte, its orientation kept", async () => {
    const res = await uploadRaw(photo("phone"), "", withoutImages);
    expect(res.status).toBe(201);
    const m = await uploaded(res);
    // Shown upright by its orientation tag: 800 × 1200 as shown, 1200 × 800 as stored.
    expect(m).toMatchObject({ type: "image/jpeg", width: 800, height: 1200 });
    const served = await bytesOf(await request(pathOf(m.url), undefined, withoutImages));
    expect(imageDimensionsFromData(served)).toMatchObject({ width: 1200, height: 800 });
    expect(await exifOf(served)).toEqual({ Orientation: 6 });
    for (const text of [SECRETS.serial, SECRETS.makerNote, SECRETS.owner, SECRETS.make, "xmpmeta"]) {
      expect(containsText(served, text), text).toBe(false);
    }
  });

  it("refuses other types, saying why", async () => {
    const res = await uploadRaw(photo("png"), "", withoutImages);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toMatch(/without the Images binding, so it takes JPEG/);
    expect((await bucketKeys()).filter((key) => /^originals\//.test(key))).toEqual([]);
  });

  it("answers a variant with a short-lived redirect to the original", async () => {
    const m = await uploaded(await uploadRaw(photo("jpeg"), "", withoutImages));
    const res = await request(`/media/${m.hash}/360`, undefined, withoutImages);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(m.url);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=300");
  });
});
