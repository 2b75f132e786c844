// The byte-level JPEG pass (src/media/jpeg.ts) on a JPEG built by hand: what carries a person's data
// goes wherever it sits, what a decoder needs stays.
import { describe, expect, it } from "vitest";
import { stripJpeg } from "../../src/media/jpeg.ts";

const ascii = (s: string) => [...new TextEncoder().encode(s)];
/** A segment: marker, big-endian length (itself included), body. */
const segment = (marker: number, body: number[]) => [
  0xff,
  marker,
  (body.length + 2) >> 8,
  (body.length + 2) & 0xff,
  ...body,
];
const contains = (haystack: Uint8Array, needle: string) => new TextDecoder("latin1").decode(haystack).includes(needle);

// JFIF with a 1×1 thumbnail whose pixels spell "THUMB", a JFXX thumbnail, a first scan, a comment and
// an APP1 between the scans (where a progressive JPEG has tables), a second scan, the end.
const jpeg = new Uint8Array([
  0xff,
  0xd8,
  ...segment(0xe0, [...ascii("JFIF\0"), 1, 2, 0, 0, 72, 0, 72, 1, 1, ...ascii("THU")]),
  ...segment(0xe0, [...ascii("JFXX\0"), 0x13, ...ascii("JFXX-THUMBNAIL")]),
  ...segment(0xdb, [0, ...Array.from({ length: 64 }, () => 1)]),
  ...segment(0xda, [1, 1, 0, 0, 63, 0]),
  0x12,
  0x34,
  0xff,
  0x00,
  0x56,
  ...segment(0xfe, ascii("SECRET-COMMENT")),
  ...segment(0xe1, [...ascii("Exif\0\0"), ...ascii("SERIAL-12345")]),
  ...segment(0xc4, [0, ...Array.from({ length: 16 }, () => 0)]),
  ...segment(0xda, [1, 1, 0, 1, 63, 0]),
  0x78,
  0x9a,
  0xff,
  0xd9,
]);

describe("the byte-level JPEG pass", () => {
  const out = stripJpeg(jpeg);

  it("keeps the picture: tables, both scans and the end", () => {
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const b = out.bytes;
    expect([b[0], b[1], b.at(-2), b.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    for (const marker of [0xdb, 0xc4]) expect(b.some((v, i) => v === 0xff && b[i + 1] === marker)).toBe(true);
    expect(b.filter((v, i) => v === 0xff && b[i + 1] === 0xda)).toHaveLength(2);
    expect(contains(b, "JFIF\0")).toBe(true);
  });

  it("drops metadata between scans, JFIF's thumbnail and JFXX thumbnails", () => {
    if (!out.ok) throw new Error("not a JPEG");
    for (const secret of ["SECRET-COMMENT", "SERIAL-12345", "THU", "JFXX"]) {
      expect(contains(out.bytes, secret), secret).toBe(false);
    }
  });
});
