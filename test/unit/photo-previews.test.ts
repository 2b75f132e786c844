// Which copy of a photo a link preview, a thumbnail and an email name (src/media/urls.ts). Pure.
import { describe, expect, it } from "vitest";
import { mailImage, previewImage, thumbnailSrcset } from "../../src/media/urls.ts";

const H = "a".repeat(64);
const SITE = "https://bantin.example";
const jpeg = (width: number, height: number) => ({ hash: H, type: "image/jpeg" as const, width, height });

describe("a link preview's photo", () => {
  it("is the 1200 px JPEG copy of a wider photo, with the copy's height", () => {
    expect(previewImage(jpeg(1600, 1067), SITE)).toEqual({
      url: `${SITE}/media/${H}/1200.jpg`,
      type: "image/jpeg",
      width: 1200,
      height: 800,
    });
  });

  it("is the widest JPEG copy of a narrower photo, and the original of one narrower than every copy", () => {
    expect(previewImage(jpeg(800, 1200), SITE)).toMatchObject({
      url: `${SITE}/media/${H}/720.jpg`,
      width: 720,
      height: 1080,
    });
    expect(previewImage({ hash: H, type: "image/png", width: 300, height: 200 }, SITE)).toEqual({
      url: `${SITE}/media/${H}.png`,
      type: "image/png",
      width: 300,
      height: 200,
    });
  });
});

describe("a thumbnail's srcset", () => {
  it("lists the copies up to 720 px, and the original when it is narrower", () => {
    expect(thumbnailSrcset(jpeg(1600, 1067))).toBe(`/media/${H}/360 360w, /media/${H}/720 720w`);
    expect(thumbnailSrcset(jpeg(500, 400))).toBe(`/media/${H}/360 360w, /media/${H}.jpg 500w`);
    expect(thumbnailSrcset(jpeg(200, 100))).toBe(`/media/${H}.jpg 200w`);
  });
});

describe("an email's photo", () => {
  it("is still a JPEG copy at most 1200 px wide shown at 600 CSS px, or the original when narrower", () => {
    expect(mailImage(jpeg(1600, 1067), SITE)).toEqual({ url: `${SITE}/media/${H}/1200.jpg`, width: 600, height: 400 });
    expect(mailImage(jpeg(300, 200), SITE)).toEqual({ url: `${SITE}/media/${H}.jpg`, width: 300, height: 200 });
  });
});
